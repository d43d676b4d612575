// SPDX-License-Identifier: MIT
/*
 * Temporary stand-ins (weak) for what branch procfmt provides (fs/proc_fmt.c,
 * fs/proc_data.c) until its implementations are merged: the seq_buf and
 * the two one-line formatters procfs needs itself; every proc_show_* says
 * -ENOENT.
 */
#include <stdarg.h>

#include "fs/internal.h"
#include "fs/proc_data.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched.h"
#include "mm/mm_types.h"

#define WEAK __attribute__((weak))

WEAK void seq_buf_init(struct seq_buf *m, char *buf, size_t size)
{
	m->buf = buf;
	m->size = size;
	m->len = 0;
	m->overflow = false;
}

WEAK void seq_buf_printf(struct seq_buf *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(m->buf + m->len, m->size - m->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= m->size - m->len)
		m->overflow = true;
	else
		m->len += (size_t)n;
}

WEAK void proc_fmt_mount(struct seq_buf *m, const char *devname,
			 const char *dir, const char *fstype, const char *opts)
{
	seq_buf_printf(m, "%s %s %s %s 0 0\n", devname, dir, fstype, opts);
}

WEAK void proc_fmt_filesystem(struct seq_buf *m, const char *name, bool nodev)
{
	seq_buf_printf(m, "%s\t%s\n", nodev ? "nodev" : "", name);
}

#define STUB(name)                                                             \
	WEAK int name(struct seq_buf *m)                                       \
	{                                                                      \
		(void)m;                                                       \
		return -ENOENT;                                                \
	}
#define STUB_PID(name)                                                         \
	WEAK int name(struct seq_buf *m, struct task_struct *t)                \
	{                                                                      \
		(void)m;                                                       \
		(void)t;                                                       \
		return -ENOENT;                                                \
	}
STUB(proc_show_meminfo)
STUB(proc_show_stat)
STUB(proc_show_uptime)
STUB(proc_show_loadavg)
STUB(proc_show_version)
STUB(proc_show_cmdline)
STUB(proc_show_cpuinfo)
STUB(proc_show_interrupts)
STUB_PID(proc_show_pid_stat)
STUB_PID(proc_show_pid_status)
STUB_PID(proc_show_pid_statm)
STUB_PID(proc_show_pid_cmdline)
STUB_PID(proc_show_pid_maps)

WEAK int proc_show_iomem(struct seq_buf *m, bool hide_addrs)
{
	(void)m;
	(void)hide_addrs;
	return -ENOENT;
}

WEAK int proc_pid_exe(struct task_struct *t, char *buf, size_t size)
{
	size_t len;

	if (!t->mm || !t->mm->exe_name[0])
		return -ENOENT;
	len = strnlen(t->mm->exe_name, sizeof(t->mm->exe_name));
	if (len + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, t->mm->exe_name, len);
	buf[len] = '\0';
	return (int)len;
}
