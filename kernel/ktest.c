// SPDX-License-Identifier: MIT
/*
 * ktest: runs the selected in-kernel tests suite by suite and prints
 * nested KTAP version 1 (Documentation/dev-tools/ktap.rst in Linux):
 *
 *	KTAP version 1
 *	1..2                          one line per suite
 *	    KTAP version 1
 *	    # Subtest: mm
 *	    1..3                      the suite's selected tests
 *	    ok 1 page_alloc_every_page
 *	    ok 2 slab_cache_create_destroy # SKIP reason
 *	    ok 3 kaslr_layout
 *	# mm: pass:2 fail:0 skip:1 xfail:0 total:3
 *	ok 1 mm
 *	...
 *	# Totals: pass:P fail:F skip:S xfail:X total:T
 *
 * A suite is "not ok" when one of its tests failed, "ok ... # SKIP" when
 * all of them were skipped. Linux's kunit.py parses this (the qemu suite
 * checks it does: tools/kunit_check.py).
 */
#include "kernel/ktest.h"

#include "kernel/lib/glob.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"

#define INDENT "    "
#define NAME_MAX_LEN 128

extern const struct ktest_case __start_ktest_cases[];
extern const struct ktest_case __stop_ktest_cases[];

/* Nesting of the lines being printed: 0 top level, 1 inside a suite. */
static int ktest_depth;

size_t ktest_count(void)
{
	return (size_t)(__stop_ktest_cases - __start_ktest_cases);
}

/* Print one KTAP line at the current depth. */
static void __printf(1, 2) ktap_line(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk_always(LOGLEVEL_INFO, "%s%s", ktest_depth ? INDENT : "", line);
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

void ktest_xfail(struct ktest_ctx *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(t->xfail_reason, sizeof(t->xfail_reason), fmt, ap);
	va_end(ap);
	t->xfail = true;
}

void ktest_diag(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ktap_line("# %s", line);
}

/* Does one alternative @pat (@len characters) match @c? */
static bool alternative_matches(const char *pat, size_t len,
				const struct ktest_case *c)
{
	char p[NAME_MAX_LEN], full[2 * NAME_MAX_LEN];

	if (len == 0 || len >= sizeof(p))
		return false;
	memcpy(p, pat, len);
	p[len] = '\0';
	kscnprintf(full, sizeof(full), "%s.%s", c->suite, c->name);
	return glob_match(p, c->suite) || glob_match(p, c->name) ||
	       glob_match(p, full);
}

bool ktest_selected(const char *pattern, const struct ktest_case *c)
{
	const char *s = pattern;

	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (alternative_matches(s, len, c))
			return true;
		if (!comma)
			return false;
		s = comma + 1;
	}
}

/* Is @c the first registered test of its suite? */
static bool first_of_suite(const struct ktest_case *c)
{
	for (const struct ktest_case *p = __start_ktest_cases; p < c; p++)
		if (!strcmp(p->suite, c->suite))
			return false;
	return true;
}

/* Number of tests of @suite that @pattern selects. */
static int suite_selected(const char *pattern, const char *suite)
{
	int n = 0;

	for (const struct ktest_case *c = __start_ktest_cases;
	     c < __stop_ktest_cases; c++)
		if (!strcmp(c->suite, suite) && ktest_selected(pattern, c))
			n++;
	return n;
}

/* Run one test, print its result line as test @n, count it. */
static void run_case(const struct ktest_case *c, int n,
		     struct ktest_totals *tot)
{
	struct ktest_ctx t = {.name = c->name};

	c->run(&t);
	if (t.xfail && t.failed) {
		tot->xfail++;
		ktap_line("ok %d %s # XFAIL %s", n, c->name, t.xfail_reason);
	} else if (t.xfail && !t.skipped) {
		tot->fail++;
		ktap_line("not ok %d %s # XPASS %s", n, c->name,
			  t.xfail_reason);
	} else if (t.failed) {
		tot->fail++;
		ktap_line("not ok %d %s # %s", n, c->name, t.reason);
	} else if (t.skipped) {
		tot->skip++;
		ktap_line("ok %d %s # SKIP %s", n, c->name, t.reason);
	} else {
		tot->pass++;
		ktap_line("ok %d %s", n, c->name);
	}
}

static unsigned int totals_sum(const struct ktest_totals *t)
{
	return t->pass + t->fail + t->skip + t->xfail;
}

static void print_counts(const char *what, const struct ktest_totals *t)
{
	ktap_line("# %s: pass:%u fail:%u skip:%u xfail:%u total:%u", what,
		  t->pass, t->fail, t->skip, t->xfail, totals_sum(t));
}

/* Run the selected tests of the suite @first starts, as subtest @n. */
static void run_suite(const char *pattern, const struct ktest_case *first,
		      int n, int planned, struct ktest_totals *all)
{
	struct ktest_totals tot = {0};
	int i = 0;

	ktest_depth = 1;
	ktap_line("KTAP version 1");
	ktap_line("# Subtest: %s", first->suite);
	ktap_line("1..%d", planned);
	for (const struct ktest_case *c = first; c < __stop_ktest_cases; c++)
		if (!strcmp(c->suite, first->suite) &&
		    ktest_selected(pattern, c))
			run_case(c, ++i, &tot);
	ktest_depth = 0;
	print_counts(first->suite, &tot);
	if (tot.fail)
		ktap_line("not ok %d %s", n, first->suite);
	else if (tot.skip == totals_sum(&tot))
		ktap_line("ok %d %s # SKIP all %u tests skipped", n,
			  first->suite, tot.skip);
	else
		ktap_line("ok %d %s", n, first->suite);
	all->pass += tot.pass;
	all->fail += tot.fail;
	all->skip += tot.skip;
	all->xfail += tot.xfail;
}

int ktest_run(const char *pattern)
{
	const struct ktest_case *c;
	struct ktest_totals all = {0};
	int suites = 0, n = 0;

	for (c = __start_ktest_cases; c < __stop_ktest_cases; c++)
		if (first_of_suite(c) && suite_selected(pattern, c->suite))
			suites++;
	ktest_depth = 0;
	ktap_line("KTAP version 1");
	ktap_line("1..%d", suites);
	for (c = __start_ktest_cases; c < __stop_ktest_cases; c++) {
		int planned;

		if (!first_of_suite(c))
			continue;
		planned = suite_selected(pattern, c->suite);
		if (planned)
			run_suite(pattern, c, ++n, planned, &all);
	}
	print_counts("Totals", &all);
	if (suites == 0) {
		/* A pattern that matches nothing is a mistake, not a pass. */
		ktest_diag("no test matches \"%s\" (%zu registered)", pattern,
			   ktest_count());
		return 1;
	}
	return (int)all.fail;
}
