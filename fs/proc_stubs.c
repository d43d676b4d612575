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
STUB(proc_show_interrupts)
