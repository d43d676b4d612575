/* SPDX-License-Identifier: MIT */
/* The early command-line parameters start_kernel acts on. */
#ifndef KEEL_KERNEL_PARAMS_H
#define KEEL_KERNEL_PARAMS_H

#include "kernel/lib/types.h"

#define KTEST_PATTERN_MAX 128

struct early_params {
	/* `ktest` ("*") or `ktest=PATTERN`; NULL when absent. */
	const char *ktest_pattern;
	char ktest_buf[KTEST_PATTERN_MAX];
	/*
	 * `crash_test=pf|ud|de|gp`: raise that exception right after the
	 * console comes up, to test the exception reporting (like Linux's
	 * lkdtm). NULL when absent.
	 */
	const char *crash_test;
	char crash_buf[8];
};

extern struct early_params early_params;

/*
 * parse_early_params - act on loglevel=, quiet and ktest[=PATTERN].
 * A malformed value is reported with the text given and ignored; other
 * parameters are left for later stages. @cmdline is not modified.
 */
void parse_early_params(const char *cmdline);

/* Raise the exception `crash_test=` asked for, if any (never returns then). */
void crash_test_run(void);

#endif
