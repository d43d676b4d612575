// SPDX-License-Identifier: MIT
/*
 * Mutexes: a spinlock-protected owner and a FIFO of sleeping waiters.
 * Unlock hands the mutex straight to the first waiter (it is its owner
 * before it even runs), so a stream of lockers cannot starve a waiter.
 */
#include "kernel/mutex.h"

#include "kernel/lib/log.h"
#include "kernel/sched.h"

struct mutex_waiter {
	struct list_head list;
	struct task_struct *task;
	bool handed; /* the mutex is ours (wait_lock) */
};

void mutex_init(struct mutex *lock)
{
	spin_lock_init(&lock->wait_lock);
	lock->owner = NULL;
	INIT_LIST_HEAD(&lock->wait_list);
	if (!lock->name)
		lock->name = "mutex";
}

bool mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) != NULL;
}

int mutex_trylock(struct mutex *lock)
{
	int taken = 0;

	spin_lock(&lock->wait_lock);
	if (!lock->owner) {
		lock->owner = current;
		taken = 1;
	}
	spin_unlock(&lock->wait_lock);
	return taken;
}

void mutex_lock(struct mutex *lock)
{
	struct mutex_waiter waiter = {.task = current};

	if (in_atomic() || arch_irqs_disabled())
		pr_err("BUG: sleeping function called from invalid context: "
		       "mutex_lock(%s) by %s[%d], preempt_count 0x%x",
		       lock->name, current->comm, current->pid,
		       preempt_count());
	spin_lock(&lock->wait_lock);
	if (!lock->owner) {
		lock->owner = current;
		spin_unlock(&lock->wait_lock);
		return;
	}
	if (lock->owner == current)
		pr_err("BUG: mutex %s: %s[%d] locks it a second time "
		       "(deadlock)",
		       lock->name, current->comm, current->pid);
	list_add_tail(&waiter.list, &lock->wait_list);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (waiter.handed)
			break;
		spin_unlock(&lock->wait_lock);
		schedule();
		spin_lock(&lock->wait_lock);
	}
	__set_current_state(TASK_RUNNING);
	spin_unlock(&lock->wait_lock);
}

void mutex_unlock(struct mutex *lock)
{
	struct mutex_waiter *w;

	spin_lock(&lock->wait_lock);
	if (lock->owner != current) {
		struct task_struct *o = lock->owner;

		pr_err("BUG: mutex %s unlocked by %s[%d], owner %s[%d]",
		       lock->name, current->comm, current->pid,
		       o ? o->comm : "none", o ? o->pid : 0);
		spin_unlock(&lock->wait_lock);
		return;
	}
	if (list_empty(&lock->wait_list)) {
		lock->owner = NULL;
	} else {
		w = list_first_entry(&lock->wait_list, struct mutex_waiter,
				     list);
		list_del_init(&w->list);
		lock->owner = w->task;
		w->handed = true;
		wake_up_process(w->task);
	}
	spin_unlock(&lock->wait_lock);
}
