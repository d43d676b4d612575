/* SPDX-License-Identifier: MIT */
/*
 * A table of named test functions on top of ktap.h, for the user-space
 * test programs that check many small things:
 *
 *   static int test_read_empty(void) { CHECK(read(fd, b, 1) == 0); return 1; }
 *   static const struct utest tests[] = { UTEST(test_read_empty), ... };
 *   int main(void) { utest_run(tests, UTEST_COUNT(tests)); }
 *
 * A test function returns UTEST_PASS (1), UTEST_FAIL (0) or UTEST_SKIP
 * (after utest_skip_reason() said why). CHECK() returns UTEST_FAIL with a
 * diagnostic naming the file, the line, the condition and errno.
 *
 * Raw system calls: the programs test the kernel's ABI, so they call
 * syscall(SYS_x, ...) where the libc wrapper might add behaviour of its
 * own (checks, fallbacks to other system calls, pointer dereferences).
 */
#ifndef KEEL_USER_UTEST_H
#define KEEL_USER_UTEST_H

#include <errno.h>
#include <string.h>

#include "ktap.h"

#define UTEST_FAIL 0
#define UTEST_PASS 1
#define UTEST_SKIP 2

struct utest {
	const char *name;
	int (*fn)(void);
};

#define UTEST(fn)                                                              \
	{                                                                      \
#fn, fn                                                        \
	}
#define UTEST_COUNT(t) ((int)(sizeof(t) / sizeof((t)[0])))

static const char *utest_skip_why;

/* Say why the current test is skipped; returns UTEST_SKIP. */
static inline int utest_skip(const char *why)
{
	utest_skip_why = why;
	return UTEST_SKIP;
}

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			int e_ = errno;                                        \
			ktap_diag("%s:%d: failed: %s (errno %d %s)", __FILE__, \
				  __LINE__, #cond, e_, strerror(e_));          \
			return UTEST_FAIL;                                     \
		}                                                              \
	} while (0)

/* A system call expected to fail with @err: its result is -1 and errno @err. */
#define CHECK_ERR(call, err)                                                   \
	do {                                                                   \
		errno = 0;                                                     \
		long r_ = (long)(call);                                        \
		int e_ = errno;                                                \
		if (r_ != -1 || e_ != (err)) {                                 \
			ktap_diag("%s:%d: %s: want -1 errno %s, got %ld "      \
				  "errno %d (%s)",                             \
				  __FILE__, __LINE__, #call, #err, r_, e_,     \
				  strerror(e_));                               \
			return UTEST_FAIL;                                     \
		}                                                              \
	} while (0)

/* Run every test of @tests in order and end the program. */
static inline __attribute__((noreturn)) void
utest_run(const struct utest *tests, int n)
{
	ktap_plan(n);
	for (int i = 0; i < n; i++) {
		int r;

		utest_skip_why = NULL;
		r = tests[i].fn();
		if (r == UTEST_SKIP)
			ktap_skip(tests[i].name,
				  utest_skip_why ? utest_skip_why : "skipped");
		else
			ktap_result(r == UTEST_PASS, "%s", tests[i].name);
	}
	ktap_finish();
}

#endif
