/* SPDX-License-Identifier: MIT */
/*
 * Wait queues (Linux's wait_queue_head): a task sleeps until a condition
 * holds; whoever makes it hold calls wake_up() on the queue.
 *
 *	wait_event(wq, cond);                    uninterruptible
 *	ret = wait_event_timeout(wq, cond, j);   0 when @j jiffies passed
 *	...
 *	cond = true;                             the waker
 *	wake_up(&wq);
 *
 * The condition is re-checked after every wake-up, so spurious wake-ups
 * are harmless. Waiters are woken in FIFO order; wake_up wakes all
 * non-exclusive waiters and one exclusive waiter (mutexes use that).
 */
#ifndef KEEL_KERNEL_WAIT_H
#define KEEL_KERNEL_WAIT_H

#include "kernel/lib/list.h"
#include "kernel/spinlock.h"

struct task_struct;
struct wait_queue_entry;

typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry,
				 unsigned int mode);

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_queue_entry {
	unsigned int flags;
	struct task_struct *task;
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)                                    \
	{                                                                      \
		.lock = __SPIN_LOCK_UNLOCKED(name.lock),                       \
		.head = LIST_HEAD_INIT(name.head)                              \
	}
#define DECLARE_WAIT_QUEUE_HEAD(name)                                          \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);
/* Default wake function: wake_up_state(entry->task, mode). */
int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode);
void init_wait_entry(struct wait_queue_entry *wq_entry, unsigned int flags);

/* Wake waiters sleeping in a state in @mode: all non-exclusive ones and
 * up to @nr_exclusive exclusive ones (0: all). */
void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive);
#define wake_up(wq) __wake_up(wq, 0x3, 1)
#define wake_up_all(wq) __wake_up(wq, 0x3, 0)
#define wake_up_interruptible(wq) __wake_up(wq, 0x1, 1)

/* Queue the entry (once) and set the current task's @state; 0, or
 * -ERESTARTSYS (entry off the queue, state untouched) when @state is
 * interruptible and a signal is pending. */
long prepare_to_wait_event(struct wait_queue_head *wq,
			   struct wait_queue_entry *wq_entry, int state);
/* Running again: take the entry off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry);
bool waitqueue_active(struct wait_queue_head *wq);

void schedule(void);
long schedule_timeout(long timeout);

#define wait_event(wq, condition)                                              \
	do {                                                                   \
		struct wait_queue_entry __wqe;                                 \
		if (condition)                                                 \
			break;                                                 \
		init_wait_entry(&__wqe, 0);                                    \
		for (;;) {                                                     \
			prepare_to_wait_event(&(wq), &__wqe, 0x2);             \
			if (condition)                                         \
				break;                                         \
			schedule();                                            \
		}                                                              \
		finish_wait(&(wq), &__wqe);                                    \
	} while (0)

/* As wait_event, but a signal ends the wait: 0 when @condition holds,
 * -ERESTARTSYS when a signal is pending (the syscall restarts or fails
 * with EINTR as the handler's SA_RESTART says). */
#define wait_event_interruptible(wq, condition)                                \
	({                                                                     \
		long __ret = 0;                                                \
		struct wait_queue_entry __wqe;                                 \
		if (!(condition)) {                                            \
			init_wait_entry(&__wqe, 0);                            \
			for (;;) {                                             \
				__ret = prepare_to_wait_event(&(wq), &__wqe,   \
							      0x1);            \
				if (condition) {                               \
					__ret = 0;                             \
					break;                                 \
				}                                              \
				if (__ret)                                     \
					break;                                 \
				schedule();                                    \
			}                                                      \
			finish_wait(&(wq), &__wqe);                            \
		}                                                              \
		__ret;                                                         \
	})

/* The jiffies left (at least 1) when @condition became true, or 0. */
#define wait_event_timeout(wq, condition, timeout)                             \
	({                                                                     \
		long __ret = (timeout);                                        \
		struct wait_queue_entry __wqe;                                 \
		if (!(condition)) {                                            \
			init_wait_entry(&__wqe, 0);                            \
			for (;;) {                                             \
				prepare_to_wait_event(&(wq), &__wqe, 0x2);     \
				if (condition) {                               \
					if (!__ret)                            \
						__ret = 1;                     \
					break;                                 \
				}                                              \
				if (!__ret)                                    \
					break;                                 \
				__ret = schedule_timeout(__ret);               \
			}                                                      \
			finish_wait(&(wq), &__wqe);                            \
			if (!__ret && (condition))                             \
				__ret = 1;                                     \
		}                                                              \
		__ret;                                                         \
	})

#endif
