/* SPDX-License-Identifier: MIT */
/*
 * ktest: in-kernel tests. A test registers itself with KTEST(name) { ... }
 * into the .ktest_cases linker section. With `ktest` on the command line
 * every test runs; with `ktest=PATTERN` those whose name matches the
 * shell-style PATTERN. Results are printed as KTAP version 1 and, under
 * QEMU, the run ends with pass or fail through isa-debug-exit.
 *
 *	KTEST(cmdline_arrived)
 *	{
 *		KTEST_EXPECT_TRUE(t, boot_command_line[0] != '\0');
 *		KTEST_EXPECT_EQ(t, strlen(boot_command_line), expected);
 *	}
 */
#ifndef KEEL_KERNEL_KTEST_H
#define KEEL_KERNEL_KTEST_H

#include "kernel/lib/types.h"

#define KTEST_REASON_MAX 160

struct ktest_ctx {
	const char *name;
	bool failed;
	bool skipped;
	char reason[KTEST_REASON_MAX];
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest_ctx *t);
};

#define KTEST(tname)                                                           \
	static void ktest_run_##tname(struct ktest_ctx *t);                    \
	static const struct ktest_case ktest_case_##tname                      \
		__attribute__((used, section(".ktest_cases"), aligned(8))) = { \
			.name = #tname,                                        \
			.run = ktest_run_##tname,                              \
	};                                                                     \
	static void ktest_run_##tname(struct ktest_ctx *t)

/* Record a failure (the first one's text becomes the KTAP reason). */
void ktest_fail(struct ktest_ctx *t, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);
/* Mark the test skipped with a reason ("ok N name # SKIP reason"). */
void ktest_skip(struct ktest_ctx *t, const char *fmt, ...) __printf(2, 3);
/* A "# ..." diagnostic line inside the KTAP output. */
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

/*
 * ktest_run - run the tests whose name matches @pattern ("*" for all),
 * printing KTAP. Returns the number of failed tests, or 1 when no test
 * matches @pattern.
 */
int ktest_run(const char *pattern);

/* Number of registered tests. */
size_t ktest_count(void);

#endif
