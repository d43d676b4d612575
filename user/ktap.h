/* SPDX-License-Identifier: MIT */
/*
 * KTAP output for keel's user-space test programs (Documentation/dev-tools/
 * ktap.rst in Linux). Each program is one KTAP document:
 *
 *   KTAP version 1
 *   1..N
 *   ok 1 name
 *   not ok 2 name
 *   ok 3 name # SKIP reason
 *
 * Lines go straight to fd 1 with write(2), never through stdio's buffer,
 * so a fork never duplicates pending output and a crash loses nothing.
 * The exit status is 0 when every test passed (or was skipped), else 1.
 */
#ifndef KEEL_USER_KTAP_H
#define KEEL_USER_KTAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ktap_planned, ktap_done_count, ktap_failed;

static void ktap_vprint(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	for (int off = 0; off < n;) {
		ssize_t w = write(1, buf + off, (size_t)(n - off));

		if (w <= 0)
			return;
		off += (int)w;
	}
}

/* Print a line (append '\n' yourself). */
static inline __attribute__((format(printf, 1, 2))) void
ktap_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vprint(fmt, ap);
	va_end(ap);
}

/* The header and the plan: call first. */
static inline void ktap_plan(int n)
{
	ktap_planned = n;
	ktap_print("KTAP version 1\n1..%d\n", n);
}

/* A diagnostic line ("# ..."). */
#define ktap_diag(...)                                                         \
	do {                                                                   \
		ktap_print("# ");                                              \
		ktap_print(__VA_ARGS__);                                       \
		ktap_print("\n");                                              \
	} while (0)

/* One result: "ok N name" or "not ok N name". Returns @ok. */
static inline __attribute__((format(printf, 2, 3))) int
ktap_result(int ok, const char *fmt, ...)
{
	va_list ap;

	ktap_done_count++;
	if (!ok)
		ktap_failed++;
	ktap_print("%sok %d ", ok ? "" : "not ", ktap_done_count);
	va_start(ap, fmt);
	ktap_vprint(fmt, ap);
	va_end(ap);
	ktap_print("\n");
	return ok;
}

/* One skipped test, with the reason. */
static inline void ktap_skip(const char *name, const char *reason)
{
	ktap_done_count++;
	ktap_print("ok %d %s # SKIP %s\n", ktap_done_count, name, reason);
}

/* Check @cond; on failure print where and what. */
#define KTAP_EXPECT(cond, name)                                                \
	(ktap_result(!!(cond), "%s", name) ||                                  \
	 (ktap_print("# %s:%d: failed: %s\n", __FILE__, __LINE__, #cond), 0))

/* End the program: status 0 when all passed and the plan was kept. */
static inline __attribute__((noreturn)) void ktap_finish(void)
{
	if (ktap_done_count != ktap_planned) {
		ktap_print("# planned %d tests, ran %d\n", ktap_planned,
			   ktap_done_count);
		ktap_failed++;
	}
	ktap_print("# totals: pass:%d fail:%d\n", ktap_done_count - ktap_failed,
		   ktap_failed);
	exit(ktap_failed ? 1 : 0);
}

#endif
