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
#include "kernel/lib/vsprintf.h"
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
/* --- the first user program (Linux's init/main.c) --- */

/*
 * init's argv and envp, as Linux builds them: the command-line words the
 * kernel does not know go to init, "name=value" into the environment and
 * plain words into argv (names with a '.' are module parameters and go
 * nowhere); everything after "--" goes to argv.
 */
#define MAX_INIT_ARGS 32
#define MAX_INIT_ENVS 32
static const char *argv_init[MAX_INIT_ARGS + 2] = {NULL};
static const char *envp_init[MAX_INIT_ENVS + 2] = {"HOME=/", "TERM=linux"};
static char init_cmdline[COMMAND_LINE_SIZE];

static const char *const kernel_params[] = {
	"console",   "crash_test", "earlyprintk",    "init",
	"initrdmem", "ktest",	   "ktest_shutdown", "loglevel",
	"mem",	     "memblock",   "memmap",	     "no5lvl",
	"nokaslr",   "norandmaps", "panic",	     "panic_on_oops",
	"quiet",     "rdinit",
};

static bool is_kernel_param(const char *name)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(kernel_params); i++)
		if (!strcmp(name, kernel_params[i]))
			return true;
	return false;
}

static void __attribute__((noinline)) setup_init_args(void)
{
	static char unknown[COMMAND_LINE_SIZE];
	unsigned int argc = 1, envc = 2;
	size_t ulen = 0;
	char *args = init_cmdline, *param, *val;
	bool after_dashes = false;

	strscpy(init_cmdline, boot_command_line, sizeof(init_cmdline));
	while (*args == ' ')
		args++;
	while (*args) {
		args = next_arg(args, &param, &val);
		if (!after_dashes && !val && !strcmp(param, "--")) {
			after_dashes = true;
			continue;
		}
		if (!after_dashes && is_kernel_param(param))
			continue;
		if (!after_dashes && strchr(param, '.') &&
		    (!val || strchr(param, '.') < val))
			continue;
		if (!after_dashes && val) {
			val[-1] = '=';
			if (envc < MAX_INIT_ENVS)
				envp_init[envc++] = param;
		} else if (argc < MAX_INIT_ARGS) {
			argv_init[argc++] = param;
		}
		if (!after_dashes)
			ulen += (size_t)kscnprintf(
				unknown + ulen, sizeof(unknown) - ulen, "%s%s",
				ulen ? " " : "", param);
	}
	if (ulen)
		pr_notice("Unknown kernel command line parameters \"%s\", "
			  "will be passed to user space.",
			  unknown);
}

/* pid 1's identity: root; session and process group 0, init_task's, as
 * Linux leaves them until init calls setsid. */
static void init_user_process(void)
{
	current->cred = (struct task_cred){0};
	current->pgrp = current->session = 0;
	current->tgid = current->pid;
	setup_init_args();
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
	static char rdinit[256], init[256];

	if (cmdline_find_option(boot_command_line, "rdinit", rdinit,
				sizeof(rdinit)) <= 0)
		strscpy(rdinit, "/init", sizeof(rdinit));
	if (!run_init_process(rdinit))
		return 0;
	if (cmdline_find_option(boot_command_line, "init", init, sizeof(init)) >
	    0) {
		if (!run_init_process(init))
			return 0;
		panic("Requested init %s failed.", init);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(fallback); i++)
		if (!run_init_process(fallback[i]))
			return 0;
	return -ENOENT;
}

/*
 * After the in-kernel tests: end the machine with their result, or, with
 * ktest_shutdown=none and every test passed, go on to user space as a
 * normal boot does (Linux's kunit goes on unless kunit_shutdown= says
 * otherwise; keel's default is the exit, for the boot matrix's speed).
 * A failure always ends the machine.
 */
static void ktest_then(int failed)
{
	char how[8];

	if (!failed && cmdline_find_option(boot_command_line, "ktest_shutdown",
					   how, sizeof(how)) > 0) {
		if (!strcmp(how, "none")) {
			pr_info("ktest: all passed; ktest_shutdown=none: "
				"going on to user space");
			return;
		}
		if (strcmp(how, "exit"))
			pr_warn("ktest_shutdown=%s: not none or exit; exiting",
				how);
	}
	arch_machine_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

static int kernel_init(void *unused)
{
	(void)unused;
	wait_for_completion(&kthreadd_done);
	/* The built-in archive lives in init memory: unpack it first. */
	populate_rootfs();
	free_initmem();
	crash_test_run_task();
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
