/* SPDX-License-Identifier: MIT */
/*
 * The allocators' one locking hook. Pure mm code brackets every change of
 * shared allocator state with mm_lock()/mm_unlock(); the kernel installs
 * hooks that take an interrupt-saving spinlock per lock id (kernel/
 * mm_init.c), hosted builds install none and the calls cost a test.
 *
 * Order: MM_LOCK_SLAB may be held while MM_LOCK_ZONE is taken (a new slab
 * needs pages), never the other way round.
 */
#ifndef KEEL_MM_MM_LOCK_H
#define KEEL_MM_MM_LOCK_H

#include "kernel/lib/types.h"

enum mm_lock_id {
	MM_LOCK_ZONE, /* the page allocator's zones and free lists */
	MM_LOCK_SLAB, /* every slab cache */
	NR_MM_LOCKS,
};

struct mm_lock_hooks {
	unsigned long (*lock)(enum mm_lock_id id);
	void (*unlock)(enum mm_lock_id id, unsigned long flags);
};

/* The installed hooks, or NULL (no locking). */
extern const struct mm_lock_hooks *mm_lock_hooks;

static inline unsigned long mm_lock(enum mm_lock_id id)
{
	return mm_lock_hooks ? mm_lock_hooks->lock(id) : 0;
}

static inline void mm_unlock(enum mm_lock_id id, unsigned long flags)
{
	if (mm_lock_hooks)
		mm_lock_hooks->unlock(id, flags);
}

#endif
