/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads (Linux's kthread API). kthreadd (pid 2) creates them, so
 * each is a child of kthreadd and is reaped automatically when it exits.
 *
 *	static int worker(void *data)
 *	{
 *		while (!kthread_should_stop()) {
 *			do_work(data);
 *			msleep(10);
 *		}
 *		return 0;
 *	}
 *
 *	struct task_struct *t = kthread_run(worker, data, "worker/%d", 0);
 *	...
 *	int ret = kthread_stop(t);   wakes it, waits for it to return
 *
 * A thread function that returns exits with its value; one that wants to
 * be stopped by kthread_stop must not return before it is asked.
 */
#ifndef KEEL_KERNEL_KTHREAD_H
#define KEEL_KERNEL_KTHREAD_H

#include "kernel/lib/types.h"

struct task_struct;

/**
 * kthread_create - a new kernel thread running @fn(@data), named by
 * @namefmt; created asleep (TASK_NEW): wake_up_process() starts it.
 * Return: the task, or NULL when it could not be created (reported). No
 * reference is taken for the caller: a thread that may return on its own
 * is gone (auto-reaped) once it has, so whoever will kthread_stop such a
 * thread holds it first (get_task_struct before wake_up_process), as in
 * Linux.
 * Context: process context; sleeps until kthreadd has made it.
 */
struct task_struct *kthread_create(int (*fn)(void *data), void *data,
				   const char *namefmt, ...) __printf(3, 4);

/* kthread_create + wake_up_process. */
#define kthread_run(fn, data, ...)                                             \
	({                                                                     \
		struct task_struct *__k =                                      \
			kthread_create(fn, data, __VA_ARGS__);                 \
		if (__k)                                                       \
			wake_up_process(__k);                                  \
		__k;                                                           \
	})

/**
 * kthread_stop - ask @k to stop (kthread_should_stop() turns true), wake
 * it and wait until it has exited. @k must still exist: either it runs
 * until kthread_should_stop(), or the caller holds a reference.
 * Return: @k's return value (-EINTR if it never ran).
 */
int kthread_stop(struct task_struct *k);

/* In a kthread: has kthread_stop been called on me? */
bool kthread_should_stop(void);

/* kthreadd, pid 2: makes the threads kthread_create asks for. */
int kthreadd(void *unused);

#endif
