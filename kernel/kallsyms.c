// SPDX-License-Identifier: MIT
#include "kernel/kallsyms.h"

extern char _text[], _etext[];

static struct kallsyms_table kernel_table(void)
{
	return (struct kallsyms_table){
		.base = (uintptr_t)_text,
		.text_size = (u64)(_etext - _text),
		.num = kallsyms_num,
		.offsets = kallsyms_offsets,
		.name_offsets = kallsyms_name_offsets,
		.names = kallsyms_names,
	};
}

const char *kernel_symbol(unsigned long addr, u64 *size, u64 *offset)
{
	struct kallsyms_table t = kernel_table();

	return kallsyms_lookup(&t, addr, size, offset);
}

int sprint_symbol(char *buf, size_t len, unsigned long addr)
{
	struct kallsyms_table t = kernel_table();

	return kallsyms_sprint_symbol(&t, addr, buf, len);
}
