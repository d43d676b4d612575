// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of fs/proc_data.c: every proc_show_* says -EOVERFLOW
 * into a buffer too small for its text, and writes a well-formed text
 * into a big one; the numbers agree with the counters they come from.
 */
#include "fs/proc_data.h"
#include "kernel/ktest.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched.h"
#include "kernel/vmalloc.h"
#include "mm/page_alloc.h"

#define BIG (256 * 1024)
#define SMALL 8

typedef int (*show_fn)(struct seq_buf *m);

/* Run @fn into a SMALL and a BIG buffer; the big text, NUL-terminated, in
 * @out, or NULL. */
static const char *run_show(struct ktest_ctx *t, const char *name, show_fn fn,
			    char *out)
{
	struct seq_buf m;
	char small[SMALL];
	/* The command line may be short: no room at all for it. */
	size_t small_size = fn == proc_show_cmdline ? 0 : sizeof(small);
	int err;

	seq_buf_init(&m, small, small_size);
	err = fn(&m);
	if (err != -EOVERFLOW || m.len > small_size)
		ktest_diag("%s: small buffer gave %d, len %zu", name, err,
			   m.len);
	KTEST_EXPECT_EQ(t, err, -EOVERFLOW);
	seq_buf_init(&m, out, BIG - 1);
	err = fn(&m);
	KTEST_EXPECT_EQ(t, err, 0);
	if (err)
		return NULL;
	out[m.len] = '\0';
	KTEST_EXPECT_TRUE(t, m.len > 0 && out[m.len - 1] == '\n');
	KTEST_EXPECT_EQ(t, strlen(out), m.len);
	return out;
}

/* The number after "@key:" at a line start of @s, or -1. */
static long long kb_field(const char *s, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, n) && p[n] == ':') {
			long long v = 0;

			p += n + 1;
			while (*p == ' ')
				p++;
			while (*p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			return v;
		}
	return -1;
}

KTEST(proc, proc_data_system_files)
{
	char *buf = vmalloc(BIG);
	const char *s;

	KTEST_ASSERT_TRUE(t, buf != NULL);
	s = run_show(t, "meminfo", proc_show_meminfo, buf);
	if (s) {
		long long total = kb_field(s, "MemTotal"),
			  mfree = kb_field(s, "MemFree");

		KTEST_EXPECT_EQ(t, total,
				(long long)totalram_pages() *
					(PAGE_SIZE / 1024));
		KTEST_EXPECT_TRUE(t, mfree > 0 && mfree <= total);
		KTEST_EXPECT_TRUE(t, kb_field(s, "Slab") > 0);
		KTEST_EXPECT_TRUE(t, kb_field(s, "KernelStack") > 0);
		KTEST_EXPECT_TRUE(t, kb_field(s, "VmallocTotal") > 0);
	}
	s = run_show(t, "uptime", proc_show_uptime, buf);
	if (s)
		KTEST_EXPECT_TRUE(t, strchr(s, ' ') && strchr(s, '.'));
	s = run_show(t, "loadavg", proc_show_loadavg, buf);
	if (s)
		KTEST_EXPECT_TRUE(t, strchr(s, '/') != NULL);
	s = run_show(t, "version", proc_show_version, buf);
	if (s)
		KTEST_EXPECT_EQ(t, strncmp(s, "Linux version 6.1.0-keel ", 25),
				0);
	s = run_show(t, "cmdline", proc_show_cmdline, buf);
	s = run_show(t, "cpuinfo", proc_show_cpuinfo, buf);
	if (s) {
		KTEST_EXPECT_EQ(
			t, strncmp(s, "processor\t: 0\nvendor_id\t: ", 26), 0);
		KTEST_EXPECT_TRUE(t, strstr(s, "\nflags\t\t: fpu ") != NULL);
		KTEST_EXPECT_TRUE(t, strstr(s, "\naddress sizes\t: ") != NULL);
	}
	s = run_show(t, "interrupts", proc_show_interrupts, buf);
	if (s) {
		KTEST_EXPECT_EQ(t, strncmp(s, "           CPU0", 15), 0);
		KTEST_EXPECT_TRUE(t, strstr(s, "\nLOC: ") != NULL);
		KTEST_EXPECT_TRUE(t, strstr(s, "\nERR: ") != NULL);
	}
	s = run_show(t, "stat", proc_show_stat, buf);
	if (s) {
		KTEST_EXPECT_EQ(t, strncmp(s, "cpu  ", 5), 0);
		KTEST_EXPECT_TRUE(t, strstr(s, "\ncpu0 ") != NULL);
		KTEST_EXPECT_TRUE(t, strstr(s, "\nbtime ") != NULL);
		KTEST_EXPECT_TRUE(t, strstr(s, "\nprocesses ") != NULL);
	}
	vfree(buf);
}

static int show_iomem_root(struct seq_buf *m)
{
	return proc_show_iomem(m, false);
}

static int show_iomem_hidden(struct seq_buf *m)
{
	return proc_show_iomem(m, true);
}

KTEST(proc, proc_data_iomem)
{
	char *buf = vmalloc(BIG);
	const char *s;

	KTEST_ASSERT_TRUE(t, buf != NULL);
	s = run_show(t, "iomem", show_iomem_root, buf);
	if (s) {
		ktest_diag("iomem: %.200s", s);
		KTEST_EXPECT_TRUE(t, strstr(s, " : System RAM\n") != NULL);
		/* Kernel code nested one level (under its System RAM),
		 * wherever the loader put the kernel. */
		const char *kc = strstr(s, " : Kernel code\n"), *ls = kc;

		while (ls && ls > s && ls[-1] != '\n')
			ls--;
		KTEST_EXPECT_TRUE(t, kc && ls[0] == ' ' && ls[1] == ' ' &&
					     ls[2] != ' ');
		KTEST_EXPECT_TRUE(t, strstr(s, " : Kernel bss\n") != NULL);
	}
	s = run_show(t, "iomem hidden", show_iomem_hidden, buf);
	/* Every line, at any depth: "00000000-00000000 : name". */
	for (const char *p = s; p && *p;
	     p = strchr(p, '\n'), p = p ? p + 1 : p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, "00000000-00000000 : ", 20)) {
			KTEST_EXPECT_TRUE(t, false);
			break;
		}
	}
	vfree(buf);
}

KTEST(proc, proc_data_task_files)
{
	struct task_struct *me = current;
	char *buf = vmalloc(BIG), small[SMALL], want[64];
	struct seq_buf m;
	int n;

	KTEST_ASSERT_TRUE(t, buf != NULL);
	n = kscnprintf(want, sizeof(want), "%d (%s) ", me->pid, me->comm);

	seq_buf_init(&m, small, sizeof(small));
	KTEST_EXPECT_EQ(t, proc_show_pid_stat(&m, me), -EOVERFLOW);
	seq_buf_init(&m, buf, BIG - 1);
	KTEST_EXPECT_EQ(t, proc_show_pid_stat(&m, me), 0);
	buf[m.len] = '\0';
	KTEST_EXPECT_EQ(t, strncmp(buf, want, (size_t)n), 0);
	KTEST_EXPECT_TRUE(t, m.len > 0 && buf[m.len - 1] == '\n');

	seq_buf_init(&m, small, sizeof(small));
	KTEST_EXPECT_EQ(t, proc_show_pid_status(&m, me), -EOVERFLOW);
	seq_buf_init(&m, buf, BIG - 1);
	KTEST_EXPECT_EQ(t, proc_show_pid_status(&m, me), 0);
	buf[m.len] = '\0';
	n = kscnprintf(want, sizeof(want), "Name:\t%s\n", me->comm);
	KTEST_EXPECT_EQ(t, strncmp(buf, want, (size_t)n), 0);
	n = kscnprintf(want, sizeof(want), "\nPid:\t%d\n", me->pid);
	KTEST_EXPECT_TRUE(t, strstr(buf, want) != NULL);

	seq_buf_init(&m, small, 2);
	KTEST_EXPECT_EQ(t, proc_show_pid_statm(&m, me), -EOVERFLOW);
	seq_buf_init(&m, buf, BIG - 1);
	KTEST_EXPECT_EQ(t, proc_show_pid_statm(&m, me), 0);
	KTEST_EXPECT_TRUE(t, m.len > 0 && buf[m.len - 1] == '\n');

	/* A kernel thread: no argv, no maps, no executable. */
	if (!me->mm) {
		seq_buf_init(&m, small, sizeof(small));
		KTEST_EXPECT_EQ(t, proc_show_pid_cmdline(&m, me), 0);
		KTEST_EXPECT_EQ(t, m.len, 0);
		KTEST_EXPECT_EQ(t, proc_show_pid_maps(&m, me), 0);
		KTEST_EXPECT_EQ(t, m.len, 0);
		KTEST_EXPECT_EQ(t, proc_pid_exe(me, small, sizeof(small)),
				-ENOENT);
	}
	vfree(buf);
}
