// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of printk: the ring buffer keeps what was logged before
 * the console existed, in order, with levels.
 */
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"
#include "kernel/printk.h"

struct first_records {
	unsigned int n;
	bool banner_first, cmdline_second;
	int banner_level;
};

static void look(u64 ts, int level, const char *text, size_t len, void *arg)
{
	struct first_records *r = arg;

	(void)ts;
	if (r->n == 0) {
		r->banner_first =
			len >= strlen(keel_banner) &&
			!memcmp(text, keel_banner, strlen(keel_banner));
		r->banner_level = level;
	} else if (r->n == 1) {
		r->cmdline_second =
			len >= 13 && !memcmp(text, "Command line:", 13);
	}
	r->n++;
}

/*
 * The banner and the command line were logged before console_register():
 * they are still the first two records (keel's boot log is far smaller
 * than the ring, so nothing has been dropped).
 */
KTEST(printk, printk_keeps_early_records)
{
	struct first_records r = {0};
	size_t n = printk_for_each_record(look, &r);

	KTEST_EXPECT_EQ(t, n, r.n);
	KTEST_EXPECT_TRUE(t, n > 20);
	KTEST_EXPECT_EQ(t, printk_dropped(), 0);
	KTEST_EXPECT_TRUE(t, r.banner_first);
	KTEST_EXPECT_EQ(t, r.banner_level, LOGLEVEL_NOTICE);
	KTEST_EXPECT_TRUE(t, r.cmdline_second);
}

struct find_line {
	const char *needle;
	int level;
	bool found;
};

static void find(u64 ts, int level, const char *text, size_t len, void *arg)
{
	struct find_line *f = arg;

	(void)ts;
	if (len == strlen(f->needle) && !memcmp(text, f->needle, len)) {
		f->found = true;
		f->level = level;
	}
}

/* A message below the console loglevel is still kept in the ring. */
KTEST(printk, printk_keeps_hidden_levels)
{
	struct find_line f = {.needle = "ktest: a debug record"};

	pr_debug("ktest: a debug record");
	printk_for_each_record(find, &f);
	KTEST_EXPECT_TRUE(t, f.found);
	KTEST_EXPECT_EQ(t, f.level, LOGLEVEL_DEBUG);
}

#define WRAP_LINES 2000 /* about 130 KiB of records: the ring wraps twice */

struct wrap_walk {
	long first, last; /* first and last "wrap N" seen, -1 if none */
	bool in_order; /* each "wrap N" follows N - 1 */
	size_t records;
};

static void walk_wrap(u64 ts, int level, const char *text, size_t len,
		      void *arg)
{
	struct wrap_walk *w = arg;
	const char *tag = "ktest: wrap ";
	long n = 0;

	(void)ts;
	(void)level;
	w->records++;
	if (len <= strlen(tag) || memcmp(text, tag, strlen(tag)))
		return;
	for (size_t i = strlen(tag);
	     i < len && text[i] >= '0' && text[i] <= '9'; i++)
		n = n * 10 + (text[i] - '0');
	if (w->first < 0)
		w->first = n;
	else if (n != w->last + 1)
		w->in_order = false;
	w->last = n;
}

/*
 * Overflow the ring: the oldest records go, the survivors are the newest
 * ones, whole, in order, without a gap, and the drop count says so. (This
 * test runs last: it pushes the boot log out of the ring.)
 */
KTEST(printk, printk_ring_wraps)
{
	struct wrap_walk w = {.first = -1, .last = -1, .in_order = true};
	unsigned long dropped = printk_dropped();

	for (int i = 0; i < WRAP_LINES; i++)
		pr_debug("ktest: wrap %d "
			 ".........................................",
			 i);
	printk_for_each_record(walk_wrap, &w);
	KTEST_EXPECT_TRUE(t, printk_dropped() > dropped);
	KTEST_EXPECT_EQ(t, w.last, WRAP_LINES - 1);
	KTEST_EXPECT_TRUE(t, w.in_order);
	KTEST_EXPECT_TRUE(t, w.first > 0); /* the first lines were dropped */
	/* the ring holds about LOG_BUF_LEN / record size of them */
	KTEST_EXPECT_TRUE(t, w.last - w.first + 1 > 500);
	KTEST_EXPECT_EQ(t, w.records, (size_t)(w.last - w.first + 1));
}
