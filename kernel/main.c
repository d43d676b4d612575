// SPDX-License-Identifier: MIT
/*
 * start_kernel: the machine-neutral boot, as a list of named steps, and
 * its end as Linux's: rest_init starts kernel_init (pid 1) and kthreadd
 * (pid 2), and the boot task becomes the boot CPU's idle task (pid 0).
 */
#include "kernel/main.h"

#include "kernel/arch/console.h"
#include "kernel/arch/machine.h"
#include "kernel/arch/percpu.h"
#include "kernel/arch/process.h"
#include "kernel/arch/setup.h"
#include "kernel/arch/traps.h"
#include "kernel/completion.h"
#include "kernel/init.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/time.h"

char boot_command_line[COMMAND_LINE_SIZE];

const char keel_banner[] =
	"keel version " KEEL_VERSION " (" KEEL_COMPILER ", " KEEL_LINKER ") #1";

static void rest_init(void) __noreturn;

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
	fpu_init();
	acpi_init();
	setup_per_cpu_areas();
	sched_init();
	fork_init();
	init_IRQ();
	time_init();
	crash_test_run(false);
	rest_init();
}

static DECLARE_COMPLETION(kthreadd_done);

/* The end of boot so far: run the in-kernel tests when asked. */
static int kernel_init(void *unused)
{
	(void)unused;
	wait_for_completion(&kthreadd_done);
	free_initmem();
	crash_test_run_task();
	if (early_params.ktest_pattern) {
		int failed = ktest_run(early_params.ktest_pattern);

		arch_machine_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
	}
	pr_info("keel: no init to run yet (user space is not there); pid 1 "
		"sleeps and the CPU idles");
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule();
	}
	return 0;
}

/* Not __init: the idle task goes on from here after init memory is freed. */
static void __attribute__((noinline)) rest_init(void)
{
	pid_t pid;

	preempt_disable(); /* nothing runs until both exist */
	pid = kernel_thread(kernel_init, NULL, "kernel_init", 0);
	if (pid != 1)
		panic("rest_init: kernel_init got pid %d, not 1", pid);
	pid = kernel_thread(kthreadd, NULL, "kthreadd", 0);
	if (pid != 2)
		panic("rest_init: kthreadd got pid %d, not 2", pid);
	pr_info("rest_init: started pid 1 (kernel_init) and pid 2 (kthreadd); "
		"CPU 0 goes idle as pid 0 (%s)",
		current->comm);
	complete(&kthreadd_done);
	cpu_startup_entry(); /* preemption stays disabled in the idle task */
}
