/* SPDX-License-Identifier: MIT */
/*
 * The /proc files' contents from keel's data (kernel only): each
 * proc_show_* gathers the numbers (allocators, tasks, mm, timers, CPUID)
 * and calls its pure formatter in fs/proc_fmt.h. procfs calls these.
 *
 * Each writes the whole file into m. Return 0, -EOVERFLOW when m was too
 * small (the caller retries with a bigger buffer), or -errno.
 */
#ifndef KEEL_FS_PROC_DATA_H
#define KEEL_FS_PROC_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "fs/proc_fmt.h"

struct task_struct;

int proc_show_meminfo(struct seq_buf *m);
int proc_show_stat(struct seq_buf *m);
int proc_show_uptime(struct seq_buf *m);
int proc_show_loadavg(struct seq_buf *m);
int proc_show_version(struct seq_buf *m);
int proc_show_cmdline(struct seq_buf *m);
int proc_show_cpuinfo(struct seq_buf *m);
int proc_show_interrupts(struct seq_buf *m);
/* hide_addrs: non-root readers see 00000000-00000000 as in Linux. */
int proc_show_iomem(struct seq_buf *m, bool hide_addrs);

/* The caller holds a reference on t. */
int proc_show_pid_stat(struct seq_buf *m, struct task_struct *t);
int proc_show_pid_status(struct seq_buf *m, struct task_struct *t);
int proc_show_pid_statm(struct seq_buf *m, struct task_struct *t);
/* NUL-separated argv, read from the task's memory (empty for kthreads). */
int proc_show_pid_cmdline(struct seq_buf *m, struct task_struct *t);
int proc_show_pid_maps(struct seq_buf *m, struct task_struct *t);
/* /proc/[pid]/exe's target into buf (NUL-terminated): its length, -ENOENT
 * when the task has no executable, -ENAMETOOLONG when it does not fit. */
int proc_pid_exe(struct task_struct *t, char *buf, size_t size);

#endif
