// SPDX-License-Identifier: MIT
/*
 * start_kernel: the machine-neutral boot, as a list of named steps.
 */
#include "kernel/main.h"

#include "kernel/arch/console.h"
#include "kernel/arch/machine.h"
#include "kernel/arch/setup.h"
#include "kernel/arch/traps.h"
#include "kernel/init.h"
#include "kernel/ktest.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/mm_init.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/time.h"

char boot_command_line[COMMAND_LINE_SIZE];

const char keel_banner[] =
	"keel version " KEEL_VERSION " (" KEEL_COMPILER ", " KEEL_LINKER ") #1";

static void boot_done(void) __noreturn;

void __init start_kernel(void)
{
	pr_notice("%s", keel_banner);
	pr_notice("Command line: %s", boot_command_line);
	parse_early_params(boot_command_line);
	console_register(arch_console_write);
	crash_test_run(true);
	setup_arch();
	mm_init();
	trap_init();
	acpi_init();
	init_IRQ();
	time_init();
	crash_test_run(false);
	boot_done();
}

/* The end of boot so far: run the in-kernel tests when asked, then stop. */
static void boot_done(void)
{
	free_initmem();
	if (early_params.ktest_pattern) {
		int failed = ktest_run(early_params.ktest_pattern);

		arch_machine_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
	}
	pr_info("keel: boot complete; nothing more to run, halting");
	arch_halt_forever();
}
