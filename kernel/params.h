/* SPDX-License-Identifier: MIT */
/* The early command-line parameters start_kernel acts on (kernel/params.c). */
#ifndef KEEL_KERNEL_PARAMS_H
#define KEEL_KERNEL_PARAMS_H

#include "kernel/lib/types.h"

#define KTEST_PATTERN_MAX 128

struct early_params {
	/* `ktest` ("*") or `ktest=PATTERN`; NULL when absent. */
	const char *ktest_pattern;
	char ktest_buf[KTEST_PATTERN_MAX];
	/*
	 * `crash_test=KIND`: raise an exception on purpose, to test the
	 * exception reporting (like Linux's lkdtm). NULL when absent.
	 * early-pf, early-ud, early-de, early-gp: right after the console
	 * comes up, on the boot IDT. pf, ud, de, gp, bp (int3), wp (a write
	 * to read-only data), stack (a recursion off the end of the boot
	 * stack, into its guard page: #DF): after trap_init, on the real
	 * handlers (an oops). task-pf, task-stack: the same in a kernel
	 * thread (a late initcall), which the oops kills while the kernel
	 * goes on.
	 */
	const char *crash_test;
	char crash_buf[12];
};

extern struct early_params early_params;

/*
 * parse_early_params - call the early_param() handlers (Linux's
 * parse_early_param) for the words of @cmdline before "--". A malformed
 * value is reported with the text given and ignored; the other words are
 * left for parse_args(). @cmdline is not modified; the values handlers
 * keep point into a copy that lives on.
 */
void parse_early_params(const char *cmdline);

/*
 * Raise the exception `crash_test=` asked for, if any and if it belongs to
 * this stage (@early: the early-* kinds). Never returns then.
 */
void crash_test_run(bool early);

/* Recurse with 256-byte frames until the stack's guard page is hit. */
unsigned long crash_recurse(unsigned long depth);

#endif
