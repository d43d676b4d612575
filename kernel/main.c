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
#include "kernel/kallsyms.h"
#include "kernel/lib/setup_params.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/arch/irqflags.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/exec.h"
#include "fs/fs.h"
#include "kernel/lib/errno.h"
#include "kernel/uaccess.h"

char boot_command_line[COMMAND_LINE_SIZE];

const char keel_banner[] =
	"keel version " KEEL_VERSION " (" KEEL_COMPILER ", " KEEL_LINKER ") #1";

static void rest_init(void) __noreturn;
static void parse_boot_args(void);

void __init start_kernel(void)
{
	pr_notice("%s", keel_banner);
	pr_notice("Command line: %s", boot_command_line);
	parse_early_params(boot_command_line);
	console_init();
	crash_test_run(true);
	setup_arch();
	parse_boot_args();
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

/* --- the first user program (Linux's init/main.c) --- */

/*
 * init's argv and envp, as Linux builds them (kernel/lib/setup_params.h):
 * the command-line words no __setup()/early_param() takes go to init,
 * "name=value" into the environment and plain words into argv (names
 * with a '.' are module parameters and go nowhere); everything after "--"
 * goes to argv. They point into init_cmdline, which outlives boot.
 */
#define MAX_INIT_ARGS 32
#define MAX_INIT_ENVS 32
static const char *argv_init[MAX_INIT_ARGS + 2] = {NULL};
static const char *envp_init[MAX_INIT_ENVS + 2] = {"HOME=/", "TERM=linux"};
static char init_cmdline[COMMAND_LINE_SIZE];
static struct init_args init_args;

/* rdinit= and init= (Linux's ramdisk_execute_command, execute_command). */
static const char *ramdisk_execute_command = "/init";
static const char *execute_command;

static int __init rdinit_setup(char *val)
{
	if (*val)
		ramdisk_execute_command = val;
	else
		pr_warn("rdinit=: no path given; keeping %s",
			ramdisk_execute_command);
	return 1;
}
__setup("rdinit=", rdinit_setup);

static int __init init_setup(char *val)
{
	if (*val)
		execute_command = val;
	else
		pr_warn("init=: no path given; ignored");
	return 1;
}
__setup("init=", init_setup);

bool initcall_debug;

/* initcall_debug[=0|1|y|n|on|off]: time each initcall. */
static int __init initcall_debug_setup(char *rest)
{
	static const char *const on[] = {"", "=1", "=y", "=Y", "=on"};
	static const char *const off[] = {"=0", "=n", "=N", "=off"};

	for (size_t i = 0; i < ARRAY_SIZE(on); i++) {
		if (!strcmp(rest, on[i])) {
			initcall_debug = true;
			return 1;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(off); i++) {
		if (!strcmp(rest, off[i])) {
			initcall_debug = false;
			return 1;
		}
	}
	if (rest[0] != '=')
		return 0; /* "initcall_debugX": not this parameter */
	pr_warn("initcall_debug%s: not one of 0, 1, y, n, on, off; keeping %d",
		rest, initcall_debug);
	return 1;
}
__setup("initcall_debug", initcall_debug_setup);

/*
 * parse_boot_args - Linux's parse_args("Booting kernel", ...) with
 * unknown_bootoption, print_unknown_bootoptions and set_init_arg: the
 * __setup() handlers get their words; the rest is init's.
 */
static void __init parse_boot_args(void)
{
	const struct setup_table table = {__setup_start, __setup_end};
	static char unknown[COMMAND_LINE_SIZE];
	char *after_dashes;

	strscpy(init_cmdline, boot_command_line, sizeof(init_cmdline));
	init_args_setup(&init_args, argv_init, MAX_INIT_ARGS, envp_init,
			MAX_INIT_ENVS, 2);
	after_dashes = setup_parse_args(&table, init_cmdline, &init_args);
	if (setup_format_unknown(&init_args, unknown, sizeof(unknown)))
		pr_notice("Unknown kernel command line parameters \"%s\", "
			  "will be passed to user space.",
			  unknown);
	if (after_dashes)
		setup_init_args(after_dashes, &init_args);
	/* Linux panics here; keel names the word and goes on without it. */
	if (init_args.overflow_kind)
		pr_err("Too many boot %s vars at `%s': it and the words after "
		       "it are not passed to init (at most %d arguments and %d "
		       "environment strings)",
		       init_args.overflow_kind, init_args.overflow_param,
		       MAX_INIT_ARGS - 1, MAX_INIT_ENVS);
}

/* --- initcalls --- */

extern initcall_t __initcall_start[], __initcall0_start[], __initcall1_start[],
	__initcall2_start[], __initcall3_start[], __initcall4_start[],
	__initcall5_start[], __initcall6_start[], __initcall7_start[],
	__initcall_end[];
extern initcall_t __con_initcall_start[], __con_initcall_end[];

static initcall_t *initcall_levels[] __initdata = {
	__initcall0_start, __initcall1_start, __initcall2_start,
	__initcall3_start, __initcall4_start, __initcall5_start,
	__initcall6_start, __initcall7_start, __initcall_end,
};

int __init do_one_initcall(initcall_t fn)
{
	char sym[KSYM_SYMBOL_LEN];
	int count = preempt_count();
	u64 calltime = 0;
	int ret;

	sprint_symbol(sym, sizeof(sym), (unsigned long)fn);
	if (initcall_debug) {
		pr_debug("calling  %s @ %d", sym, current->pid);
		calltime = ktime_get_ns();
	}
	ret = fn();
	if (initcall_debug)
		pr_debug("initcall %s returned %d after %llu usecs", sym, ret,
			 (unsigned long long)((ktime_get_ns() - calltime) /
					      NSEC_PER_USEC));
	else if (ret)
		pr_warn("initcall %s returned %d", sym, ret);
	if (preempt_count() != count)
		pr_err("initcall %s returned with preemption imbalance "
		       "(count %d, was %d)",
		       sym, preempt_count(), count);
	if (arch_irqs_disabled()) {
		pr_err("initcall %s returned with interrupts disabled", sym);
		arch_local_irq_enable();
	}
	return ret;
}

void __init console_init(void)
{
	for (initcall_t *fn = __con_initcall_start; fn < __con_initcall_end;
	     fn++)
		(*fn)();
}

/* The early initcalls (Linux: before the other CPUs come up). */
static void __init do_pre_smp_initcalls(void)
{
	for (initcall_t *fn = __initcall_start; fn < __initcall0_start; fn++)
		do_one_initcall(*fn);
}

static void __init do_initcall_level(unsigned int level)
{
	for (initcall_t *fn = initcall_levels[level];
	     fn < initcall_levels[level + 1]; fn++)
		do_one_initcall(*fn);
}

/* Every level from pure to late (Linux's do_basic_setup). */
static void __init do_initcalls(void)
{
	for (unsigned int level = 0; level < ARRAY_SIZE(initcall_levels) - 1;
	     level++)
		do_initcall_level(level);
}

/* pid 1's identity: root; session and process group 0, init_task's, as
 * Linux leaves them until init calls setsid. */
static void init_user_process(void)
{
	current->cred = (struct task_cred){0};
	current->pgrp = current->session = 0;
	current->tgid = current->pid;
	if (init_console_fds())
		pr_warn("Warning: unable to open an initial console.");
}

static int run_init_process(const char *path)
{
	int err;

	argv_init[0] = path;
	pr_info("Run %s as init process", path);
	err = kernel_execve(path, argv_init, envp_init);
	if (err && err != -ENOENT)
		pr_err("Starting init: %s exists but couldn't execute it "
		       "(error %d)",
		       path, err);
	return err;
}

/* rdinit= (default /init), then init=, then the usual places. */
static int run_init_process_cmdline(void)
{
	static const char *const fallback[] = {"/sbin/init", "/etc/init",
					       "/bin/init", "/bin/sh"};

	if (!run_init_process(ramdisk_execute_command))
		return 0;
	if (execute_command) {
		if (!run_init_process(execute_command))
			return 0;
		panic("Requested init %s failed.", execute_command);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(fallback); i++)
		if (!run_init_process(fallback[i]))
			return 0;
	return -ENOENT;
}

static bool ktest_shutdown_none;

/* ktest_shutdown=none|exit: what follows in-kernel tests that all passed. */
static int __init ktest_shutdown_setup(char *val)
{
	if (!strcmp(val, "none") || !strcmp(val, "exit"))
		ktest_shutdown_none = !strcmp(val, "none");
	else
		pr_warn("ktest_shutdown=%s: not none or exit; keeping %s", val,
			ktest_shutdown_none ? "none" : "exit");
	return 1;
}
__setup("ktest_shutdown=", ktest_shutdown_setup);

/*
 * After the in-kernel tests: end the machine with their result, or, with
 * ktest_shutdown=none and every test passed, go on to user space as a
 * normal boot does (Linux's kunit goes on unless kunit_shutdown= says
 * otherwise; keel's default is the exit, for the boot matrix's speed).
 * A failure always ends the machine.
 */
static void ktest_then(int failed)
{
	if (!failed && ktest_shutdown_none) {
		pr_info("ktest: all passed; ktest_shutdown=none: "
			"going on to user space");
		return;
	}
	arch_machine_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

static int kernel_init(void *unused)
{
	(void)unused;
	wait_for_completion(&kthreadd_done);
	do_pre_smp_initcalls();
	/* rootfs_initcall(populate_rootfs) among them: the built-in archive
	 * lives in init memory, so all of this comes before freeing it. */
	do_initcalls();
	free_initmem();
	if (early_params.ktest_pattern)
		ktest_then(ktest_run(early_params.ktest_pattern));
	init_user_process();
	if (!run_init_process_cmdline())
		return 0; /* ret_from_fork takes pid 1 to user mode */
	panic("No working init found.  Try passing init= option to kernel. "
	      "See Linux Documentation/admin-guide/init.rst for guidance.");
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
