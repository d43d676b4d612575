// SPDX-License-Identifier: MIT
#include "kernel/kallsyms.h"

#include "kernel/lib/vsprintf.h"

extern char _text[], _etext[], __init_begin[], __init_text_end[];

static struct kallsyms_table kernel_table(void)
{
	return (struct kallsyms_table){
		.base = (uintptr_t)_text,
		.text_size = (u64)(__init_text_end - _text),
		.num = kallsyms_num,
		.offsets = kallsyms_offsets,
		.name_offsets = kallsyms_name_offsets,
		.names = kallsyms_names,
	};
}

/* Kernel text or init text (the table covers both; nothing between). */
static bool is_kernel_text(unsigned long addr)
{
	return (addr >= (unsigned long)_text && addr < (unsigned long)_etext) ||
	       (addr >= (unsigned long)__init_begin &&
		addr < (unsigned long)__init_text_end);
}

const char *kernel_symbol(unsigned long addr, u64 *size, u64 *offset)
{
	struct kallsyms_table t = kernel_table();

	if (!is_kernel_text(addr))
		return NULL;
	return kallsyms_lookup(&t, addr, size, offset);
}

int sprint_symbol(char *buf, size_t len, unsigned long addr)
{
	struct kallsyms_table t = kernel_table();

	if (!is_kernel_text(addr))
		return kscnprintf(buf, len, "0x%lx", addr);
	return kallsyms_sprint_symbol(&t, addr, buf, len);
}
