// SPDX-License-Identifier: MIT
/* Wait queues and completions (kernel/wait.h, kernel/completion.h). */
#include "kernel/completion.h"
#include "kernel/lib/types.h"
#include "kernel/lib/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/wait.h"

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode)
{
	return wake_up_state(wq_entry->task, mode);
}

void init_wait_entry(struct wait_queue_entry *wq_entry, unsigned int flags)
{
	wq_entry->flags = flags;
	wq_entry->task = current;
	wq_entry->func = default_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive)
{
	struct wait_queue_entry *e, *n;
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	list_for_each_entry_safe(e, n, &wq->head, entry)
	{
		unsigned int excl = e->flags & WQ_FLAG_EXCLUSIVE;

		if (e->func(e, mode) && excl && !--nr_exclusive)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

long prepare_to_wait_event(struct wait_queue_head *wq,
			   struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	if (signal_pending_state(state, current)) {
		/* Off the queue, so a wake-up goes to another waiter. */
		list_del_init(&wq_entry->entry);
		spin_unlock_irqrestore(&wq->lock, flags);
		return -ERESTARTSYS;
	}
	if (list_empty(&wq_entry->entry)) {
		if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
			list_add_tail(&wq_entry->entry, &wq->head);
		else
			list_add(&wq_entry->entry, &wq->head);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
	return 0;
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&wq->lock);
	if (!list_empty(&wq_entry->entry))
		list_del_init(&wq_entry->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

/* --- completions --- */

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);

	if (x->done != UINT_MAX)
		x->done++;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	__wake_up(&x->wait, TASK_NORMAL, 1);
}

void complete_all(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);

	x->done = UINT_MAX;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	__wake_up(&x->wait, TASK_NORMAL, 0);
}

bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);
	bool ret = x->done != 0;

	if (ret && x->done != UINT_MAX)
		x->done--;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

bool completion_done(struct completion *x)
{
	return __atomic_load_n(&x->done, __ATOMIC_ACQUIRE) != 0;
}

/* Exclusive waiters: complete() wakes one, which takes one done. */
static long do_wait_for_common(struct completion *x, long timeout)
{
	struct wait_queue_entry e;

	if (try_wait_for_completion(x))
		return timeout ? timeout : 1;
	init_wait_entry(&e, WQ_FLAG_EXCLUSIVE);
	for (;;) {
		prepare_to_wait_event(&x->wait, &e, TASK_UNINTERRUPTIBLE);
		if (try_wait_for_completion(x)) {
			if (!timeout)
				timeout = 1;
			break;
		}
		if (!timeout)
			break;
		timeout = schedule_timeout(timeout);
		if (!timeout && try_wait_for_completion(x)) {
			timeout = 1;
			break;
		}
	}
	finish_wait(&x->wait, &e);
	return timeout;
}

void wait_for_completion(struct completion *x)
{
	do_wait_for_common(x, MAX_SCHEDULE_TIMEOUT);
}

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	if (timeout > MAX_SCHEDULE_TIMEOUT)
		timeout = MAX_SCHEDULE_TIMEOUT;
	return (unsigned long)do_wait_for_common(x, (long)timeout);
}
