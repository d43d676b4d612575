/* SPDX-License-Identifier: MIT */
/*
 * ktest: in-kernel tests, grouped into suites. A test registers itself
 * with KTEST(suite, name) { ... } into the .ktest_cases linker section;
 * the tests of one suite may live in several files. With `ktest` on the
 * command line every test runs; with `ktest=PATTERN[,PATTERN...]` those
 * where a shell-style PATTERN matches the suite name, the test name or
 * "suite.test". Results are printed as nested KTAP version 1 (one subtest
 * per suite, the tests inside it) and, under QEMU, the run ends with pass
 * or fail through isa-debug-exit.
 *
 *	KTEST(boot, cmdline_arrived)
 *	{
 *		KTEST_EXPECT_TRUE(t, boot_command_line[0] != '\0');
 *		KTEST_EXPECT_EQ(t, strlen(boot_command_line), expected);
 *	}
 *
 * Test names are unique across suites (so `ktest=NAME` picks one test).
 * A test that cannot run here calls ktest_skip() ("# SKIP reason"); one
 * that is known to fail here calls ktest_xfail() before its checks.
 */
#ifndef KEEL_KERNEL_KTEST_H
#define KEEL_KERNEL_KTEST_H

#include "kernel/lib/types.h"

#define KTEST_REASON_MAX 160

struct ktest_ctx {
	const char *name;
	bool failed;
	bool skipped;
	bool xfail;
	char reason[KTEST_REASON_MAX];
	char xfail_reason[KTEST_REASON_MAX];
};

struct ktest_case {
	const char *suite;
	const char *name;
	void (*run)(struct ktest_ctx *t);
};

#define KTEST(tsuite, tname)                                                   \
	static void ktest_run_##tname(struct ktest_ctx *t);                    \
	static const struct ktest_case ktest_case_##tname                      \
		__attribute__((used, section(".ktest_cases"), aligned(8))) = { \
			.suite = #tsuite,                                      \
			.name = #tname,                                        \
			.run = ktest_run_##tname,                              \
	};                                                                     \
	static void ktest_run_##tname(struct ktest_ctx *t)

/* Record a failure (the first one's text becomes the KTAP reason). */
void ktest_fail(struct ktest_ctx *t, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);
/* Mark the test skipped with a reason ("ok N name # SKIP reason"). */
void ktest_skip(struct ktest_ctx *t, const char *fmt, ...) __printf(2, 3);
/*
 * Expect the test to fail, for the reason given (a known limitation on
 * this machine). If it then fails, it is reported "ok N name # XFAIL
 * reason" (KTAP's expected failure; its failure diagnostics are printed
 * as usual); if it passes, "not ok N name # XPASS reason": the
 * expectation is stale and must go.
 */
void ktest_xfail(struct ktest_ctx *t, const char *fmt, ...) __printf(2, 3);
/* A "# ..." diagnostic line inside the KTAP output (indented as the
 * running test's result line). */
void ktest_diag(const char *fmt, ...) __printf(1, 2);

#define KTEST_EXPECT_TRUE(t, cond)                                             \
	do {                                                                   \
		if (!(cond))                                                   \
			ktest_fail(t, __FILE__, __LINE__, "expected %s",       \
				   #cond);                                     \
	} while (0)

#define KTEST_EXPECT_EQ(t, a, b)                                               \
	do {                                                                   \
		unsigned long long _a = (unsigned long long)(a);               \
		unsigned long long _b = (unsigned long long)(b);               \
		if (_a != _b)                                                  \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "%s == %s: 0x%llx != 0x%llx", #a, #b, _a,   \
				   _b);                                        \
	} while (0)

#define KTEST_EXPECT_STREQ(t, a, b)                                            \
	do {                                                                   \
		const char *_a = (a), *_b = (b);                               \
		if (strcmp(_a, _b) != 0)                                       \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "%s == %s: \"%s\" != \"%s\"", #a, #b, _a,   \
				   _b);                                        \
	} while (0)

/* As EXPECT, but the test stops at the first failure. */
#define KTEST_ASSERT_TRUE(t, cond)                                             \
	do {                                                                   \
		if (!(cond)) {                                                 \
			ktest_fail(t, __FILE__, __LINE__, "assertion %s",      \
				   #cond);                                     \
			return;                                                \
		}                                                              \
	} while (0)

/* What a run counted. Expected failures are not failures. */
struct ktest_totals {
	unsigned int pass;
	unsigned int fail; /* unexpected passes of XFAIL tests included */
	unsigned int skip;
	unsigned int xfail;
};

/*
 * ktest_run - run the tests selected by @pattern ("*" for all; a comma
 * separates alternatives), suite by suite, printing nested KTAP and the
 * totals line "# Totals: pass:P fail:F skip:S xfail:X total:T". Returns
 * the number of failed tests, or 1 when no test matches @pattern.
 */
int ktest_run(const char *pattern);

/* Does @pattern select test @c? (See ktest_run.) */
bool ktest_selected(const char *pattern, const struct ktest_case *c);

/* Number of registered tests. */
size_t ktest_count(void);

#endif
