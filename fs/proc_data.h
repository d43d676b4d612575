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
#include "kernel/arch/proc.h"

struct task_struct;

int proc_show_meminfo(struct seq_buf *m);
int proc_show_stat(struct seq_buf *m);
int proc_show_uptime(struct seq_buf *m);
int proc_show_loadavg(struct seq_buf *m);
int proc_show_version(struct seq_buf *m);
int proc_show_cmdline(struct seq_buf *m);
/* cpuinfo, interrupts, iomem: the machine's, kernel/arch/proc.h. */

/* The CPUs that run tasks (0..n-1), what /proc shows as online. */
unsigned int proc_nr_cpus(void);
/* 0, or -EOVERFLOW when m overflowed: what a proc_show_* returns. */
int proc_show_result(const struct seq_buf *m);

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
