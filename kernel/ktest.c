// SPDX-License-Identifier: MIT
#include "kernel/ktest.h"

#include "kernel/lib/glob.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"

extern const struct ktest_case __start_ktest_cases[];
extern const struct ktest_case __stop_ktest_cases[];

size_t ktest_count(void)
{
	return (size_t)(__stop_ktest_cases - __start_ktest_cases);
}

void ktest_fail(struct ktest_ctx *t, const char *file, int line,
		const char *fmt, ...)
{
	char what[KTEST_REASON_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ktest_diag("%s: %s:%d: %s", t->name, file, line, what);
	if (!t->failed)
		kscnprintf(t->reason, sizeof(t->reason), "%s:%d: %s", file,
			   line, what);
	t->failed = true;
}

void ktest_skip(struct ktest_ctx *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(t->reason, sizeof(t->reason), fmt, ap);
	va_end(ap);
	t->skipped = true;
}

void ktest_diag(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk_always(LOGLEVEL_INFO, "# %s", line);
}

int ktest_run(const char *pattern)
{
	const struct ktest_case *c;
	int planned = 0, n = 0, failed = 0;

	for (c = __start_ktest_cases; c < __stop_ktest_cases; c++)
		if (glob_match(pattern, c->name))
			planned++;
	printk_always(LOGLEVEL_INFO, "KTAP version 1");
	printk_always(LOGLEVEL_INFO, "1..%d", planned);
	for (c = __start_ktest_cases; c < __stop_ktest_cases; c++) {
		struct ktest_ctx t = {.name = c->name};

		if (!glob_match(pattern, c->name))
			continue;
		n++;
		c->run(&t);
		if (t.failed) {
			failed++;
			printk_always(LOGLEVEL_INFO, "not ok %d %s # %s", n,
				      c->name, t.reason);
		} else if (t.skipped) {
			printk_always(LOGLEVEL_INFO, "ok %d %s # SKIP %s", n,
				      c->name, t.reason);
		} else {
			printk_always(LOGLEVEL_INFO, "ok %d %s", n, c->name);
		}
	}
	if (planned == 0) {
		/* A pattern that matches nothing is a mistake, not a pass. */
		ktest_diag("no test matches \"%s\" (%zu registered)", pattern,
			   ktest_count());
		return 1;
	}
	return failed;
}
