/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks: FIFO ticket locks (a waiter takes a ticket and spins until
 * the owner field reaches it). spin_lock disables preemption while held;
 * the _irq and _irqsave variants also mask interrupts on this CPU, for
 * data an interrupt handler touches too.
 *
 * Lock order, outermost first: tasklist_lock, a run queue's lock, a wait
 * queue's lock; allocator locks (mm) are leaves.
 *
 * Debugging is always on: taking a lock this CPU already holds is
 * reported ("BUG: spinlock recursion") and panics, instead of hanging.
 */
#ifndef KEEL_KERNEL_SPINLOCK_H
#define KEEL_KERNEL_SPINLOCK_H

#include "kernel/arch/irqflags.h"
#include "kernel/preempt.h"

typedef struct spinlock {
	u16 owner; /* the ticket being served */
	u16 next; /* the next ticket to hand out */
	int owner_cpu; /* -1 when free */
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n)                                                \
	{                                                                      \
		.owner = 0, .next = 0, .owner_cpu = -1, .name = #n             \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *lock);

/* The lock itself, without the preemption or interrupt side. */
void do_raw_spin_lock(spinlock_t *lock);
bool do_raw_spin_trylock(spinlock_t *lock);
void do_raw_spin_unlock(spinlock_t *lock);

/* Is @lock held (by anyone)? */
static inline bool spin_is_locked(const spinlock_t *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

/* Is @lock held by this CPU? For assertions. */
bool spin_is_locked_here(const spinlock_t *lock);

static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	do_raw_spin_lock(lock);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (do_raw_spin_trylock(lock))
		return true;
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *lock)
{
	do_raw_spin_unlock(lock);
	preempt_enable();
}

static inline void spin_lock_irq(spinlock_t *lock)
{
	arch_local_irq_disable();
	spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	do_raw_spin_unlock(lock);
	arch_local_irq_enable();
	preempt_enable();
}

static inline unsigned long spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	spin_lock(lock);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	do_raw_spin_unlock(lock);
	arch_local_irq_restore(flags);
	preempt_enable();
}

#endif
