// SPDX-License-Identifier: MIT
/*
 * x86_64_start_kernel - the first C code at the kernel's linked address.
 * The early page tables still identity-map the low 4 GiB (and whatever a
 * 64-bit loader placed higher), so boot_params and the command line are
 * read through their physical addresses.
 */
#include "arch/x86_64/head64.h"

#include "arch/x86_64/early_idt.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/setup.h"
#include "kernel/arch/console.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"
#include "kernel/printk.h"

static void clear_bss(void)
{
	memset(__bss_start, 0, (size_t)(__bss_stop - __bss_start));
}

static u64 get_cmd_line_ptr(const struct boot_params *bp)
{
	return bp->hdr.cmd_line_ptr | ((u64)bp->ext_cmd_line_ptr << 32);
}

/*
 * copy_bootdata - keep the zero page and the command line in the kernel's
 * own memory, before anything can reuse the loader's.
 */
static void copy_bootdata(const struct boot_params *real)
{
	u64 cmdline;

	memcpy(&boot_params, real, sizeof(boot_params));
	boot_params_check(&boot_params);
	cmdline = get_cmd_line_ptr(&boot_params);
	if (cmdline) {
		const char *src = (const char *)(uintptr_t)cmdline;

		memcpy(boot_command_line, src, COMMAND_LINE_SIZE - 1);
		boot_command_line[COMMAND_LINE_SIZE - 1] = '\0';
	}
}

void x86_64_start_kernel(unsigned long bp_phys)
{
	clear_bss();
	percpu_early_init(); /* current, preempt count: before any lock */
	printk_init(); /* records are kept until the console registers */
	arch_console_init();
	idt_setup_early_handler();
	boot_params_phys = bp_phys;
	copy_bootdata((const struct boot_params *)bp_phys);
	start_kernel();
}
