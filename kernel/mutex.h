/* SPDX-License-Identifier: MIT */
/*
 * Sleeping mutual exclusion: one owner at a time; others sleep in FIFO
 * order and the lock is handed to the first waiter on unlock (no
 * stealing, so no waiter starves). Process context only; the owner must
 * unlock it, and may not take it twice (both are reported).
 */
#ifndef KEEL_KERNEL_MUTEX_H
#define KEEL_KERNEL_MUTEX_H

#include "kernel/wait.h"

struct mutex {
	spinlock_t wait_lock;
	struct task_struct *owner; /* NULL when free */
	struct list_head wait_list; /* struct mutex_waiter, FIFO */
	const char *name;
};

#define __MUTEX_INITIALIZER(n)                                                 \
	{                                                                      \
		.wait_lock = __SPIN_LOCK_UNLOCKED(n.wait_lock), .owner = NULL, \
		.wait_list = LIST_HEAD_INIT(n.wait_list), .name = #n           \
	}
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
/* 1 when taken, 0 when someone holds it. */
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);

#endif
