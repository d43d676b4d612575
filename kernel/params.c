// SPDX-License-Identifier: MIT
#include "kernel/params.h"
#include "mm/mm_types.h"

#include "boot/bootparam.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/init.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

struct early_params early_params;

#define LOGLEVEL_MAX 15

/* loglevel=N: print messages of levels below N on the console. */
static int __init loglevel(char *val)
{
	int level;

	if (!val || kstrtoint(val, 0, &level) < 0 || level < 0 ||
	    level > LOGLEVEL_MAX) {
		pr_warn("loglevel=%s: not a level from 0 to %d; keeping %d",
			val ? val : "", LOGLEVEL_MAX, console_get_loglevel());
		return -EINVAL;
	}
	console_set_loglevel(level);
	return 0;
}
early_param("loglevel", loglevel);

/* quiet: errors and worse only. */
static int __init quiet_kernel(char *val)
{
	(void)val;
	console_set_loglevel(CONSOLE_LOGLEVEL_QUIET);
	return 0;
}
early_param("quiet", quiet_kernel);

/* ktest or ktest=PATTERN: run the in-kernel tests instead of init. */
static int __init parse_ktest(char *val)
{
	if (!val) {
		early_params.ktest_pattern = "*";
		return 0;
	}
	if (!*val || strlen(val) >= sizeof(early_params.ktest_buf)) {
		pr_warn("ktest=%s: the pattern must have 1 to %zu characters; "
			"running every test",
			val, sizeof(early_params.ktest_buf) - 1);
		early_params.ktest_pattern = "*";
		return -EINVAL;
	}
	memcpy(early_params.ktest_buf, val, strlen(val) + 1);
	early_params.ktest_pattern = early_params.ktest_buf;
	return 0;
}
early_param("ktest", parse_ktest);

static const char *const crash_kinds[] = {
	"early-pf", "early-ud", "early-de",   "early-gp", "pf",
	"ud",	    "de",	"gp",	      "bp",	  "wp",
	"stack",    "task-pf",	"task-stack",
};
#define EARLY_PREFIX "early-"

/* crash_test=KIND: raise an exception on purpose (params.h). */
static int __init parse_crash_test(char *val)
{
	for (size_t i = 0; i < ARRAY_SIZE(crash_kinds); i++) {
		if (val && !strcmp(val, crash_kinds[i])) {
			early_params.crash_test = crash_kinds[i];
			return 0;
		}
	}
	pr_warn("crash_test=%s: not one of [early-]pf, [early-]ud, [early-]de, "
		"[early-]gp, bp, wp, stack, task-pf, task-stack; ignored",
		val ? val : "");
	return -EINVAL;
}
early_param("crash_test", parse_crash_test);

/* The copy the early pass cuts up; values point into it (e820's mem= and
 * memmap= until setup_arch applies them). */
static char early_cmdline[COMMAND_LINE_SIZE];

void __init parse_early_params(const char *cmdline)
{
	const struct setup_table table = {__setup_start, __setup_end};

	strscpy(early_cmdline, cmdline, sizeof(early_cmdline));
	setup_parse_early(&table, early_cmdline);
}

/* Addresses and values no compiler can see through. */
static volatile unsigned long crash_unmapped_addr = 0x8; /* page 0 */
static volatile unsigned long crash_divisor;
static volatile unsigned long crash_noncanonical = 0x8000000000000000UL;

/* Recurse until the stack runs out (the limit is never reached); the
 * volatile buffer keeps every frame. */
static volatile unsigned long crash_recurse_limit = ~0UL;

unsigned long crash_recurse(unsigned long depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth >= crash_recurse_limit)
		return frame[0];
	return crash_recurse(depth + 1) + frame[0];
}

static const unsigned long crash_readonly = 0x5a5a;

static void crash_raise(const char *kind)
{
	if (!strcmp(kind, "pf"))
		(void)*(volatile unsigned long *)crash_unmapped_addr;
	else if (!strcmp(kind, "ud"))
		__builtin_trap();
	else if (!strcmp(kind, "de"))
		crash_divisor = 100 / crash_divisor;
	else if (!strcmp(kind, "gp"))
		(void)*(volatile unsigned long *)crash_noncanonical;
	else if (!strcmp(kind, "bp"))
		__asm__ volatile("int3");
	else if (!strcmp(kind, "wp"))
		*(volatile unsigned long *)&crash_readonly = 0;
	else if (!strcmp(kind, "stack"))
		crash_recurse(0);
}

/* The task-* kinds: raise it in a kernel thread, which the oops kills. */
static int crash_thread(void *kind)
{
	crash_raise(kind);
	pr_emerg("crash_test=task-%s: the exception did not happen",
		 (const char *)kind);
	return 0;
}

#define TASK_PREFIX "task-"

/* The task-* kinds, once the kernel can run threads: the last of boot. */
static int __init crash_test_run_task(void)
{
	const char *kind = early_params.crash_test;
	int status = 0;
	pid_t pid;

	if (!kind || strncmp(kind, TASK_PREFIX, strlen(TASK_PREFIX)))
		return 0;
	pr_emerg("crash_test=%s: raising it on purpose in a kernel thread",
		 kind);
	pid = kernel_thread(crash_thread, (void *)(kind + strlen(TASK_PREFIX)),
			    "crash_test", 0);
	if (pid < 0) {
		pr_err("crash_test=%s: cannot start the thread: %d", kind, pid);
		return pid;
	}
	pid = kernel_wait(pid, &status);
	pr_emerg("crash_test=%s: thread crash_test[%d] exited with code %d; "
		 "the kernel goes on",
		 kind, pid, status);
	return 0;
}
late_initcall(crash_test_run_task);

void crash_test_run(bool early)
{
	const char *kind = early_params.crash_test;
	bool is_early;

	if (!kind)
		return;
	is_early = !strncmp(kind, EARLY_PREFIX, strlen(EARLY_PREFIX));
	if (is_early != early ||
	    !strncmp(kind, TASK_PREFIX, strlen(TASK_PREFIX)))
		return;
	pr_emerg("crash_test=%s: raising it on purpose", kind);
	crash_raise(is_early ? kind + strlen(EARLY_PREFIX) : kind);
	pr_emerg("crash_test=%s: the exception did not happen", kind);
}
