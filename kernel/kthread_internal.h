/* SPDX-License-Identifier: MIT */
/* What exit.c tells the kthread code. */
#ifndef KEEL_KERNEL_KTHREAD_INTERNAL_H
#define KEEL_KERNEL_KTHREAD_INTERNAL_H

struct task_struct;

/* @tsk exits with @code: record it for kthread_stop and wake it. */
void kthread_exit_notify(struct task_struct *tsk, int code);

#endif
