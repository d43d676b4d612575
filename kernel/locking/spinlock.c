// SPDX-License-Identifier: MIT
/*
 * Ticket spinlocks. A CPU takes the next ticket with one atomic add and
 * spins until the owner field reaches it, so CPUs get the lock in the
 * order they asked for it. The owner's CPU number is kept for the
 * recursion check: a CPU spinning on a lock it holds itself would hang
 * for ever, so that is reported and is fatal.
 */
#include "kernel/spinlock.h"

#include "kernel/lib/log.h"
#include "kernel/panic.h"

void spin_lock_init(spinlock_t *lock)
{
	lock->owner = 0;
	lock->next = 0;
	lock->owner_cpu = -1;
	if (!lock->name)
		lock->name = "spinlock";
}

bool spin_is_locked_here(const spinlock_t *lock)
{
	return spin_is_locked(lock) &&
	       __atomic_load_n(&lock->owner_cpu, __ATOMIC_RELAXED) ==
		       smp_processor_id();
}

void do_raw_spin_lock(spinlock_t *lock)
{
	u16 ticket;

	if (unlikely(spin_is_locked_here(lock)))
		panic("BUG: spinlock recursion on CPU#%d: lock %s (%p)",
		      smp_processor_id(), lock->name ? lock->name : "?",
		      (void *)lock);
	ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		arch_cpu_relax();
	__atomic_store_n(&lock->owner_cpu, smp_processor_id(),
			 __ATOMIC_RELAXED);
}

bool do_raw_spin_trylock(spinlock_t *lock)
{
	u16 owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
	u16 expected = owner;

	/* Free when next == owner: take ticket `owner` by bumping next. */
	if (!__atomic_compare_exchange_n(&lock->next, &expected,
					 (u16)(owner + 1), false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	__atomic_store_n(&lock->owner_cpu, smp_processor_id(),
			 __ATOMIC_RELAXED);
	return true;
}

void do_raw_spin_unlock(spinlock_t *lock)
{
	if (unlikely(!spin_is_locked(lock)))
		pr_err("BUG: spinlock %s (%p) unlocked while not locked",
		       lock->name ? lock->name : "?", (void *)lock);
	__atomic_store_n(&lock->owner_cpu, -1, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->owner, (u16)(lock->owner + 1),
			 __ATOMIC_RELEASE);
}
