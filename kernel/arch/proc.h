/* SPDX-License-Identifier: MIT */
/*
 * The /proc files that show the machine, which the architecture writes
 * (arch/x86_64/proc.c), each the whole file into m like the proc_show_*
 * of fs/proc_data.h: 0, -EOVERFLOW when m was too small, or -errno.
 */
#ifndef KEEL_KERNEL_ARCH_PROC_H
#define KEEL_KERNEL_ARCH_PROC_H

#include <stdbool.h>

struct seq_buf;

/* /proc/cpuinfo: one block per CPU that runs tasks. */
int proc_show_cpuinfo(struct seq_buf *m);
/* /proc/interrupts: device IRQs, the local timer, spurious interrupts. */
int proc_show_interrupts(struct seq_buf *m);
/* /proc/iomem; hide_addrs: non-root readers see 00000000-00000000 as in
 * Linux. */
int proc_show_iomem(struct seq_buf *m, bool hide_addrs);

#endif
