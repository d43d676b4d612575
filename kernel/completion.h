/* SPDX-License-Identifier: MIT */
/*
 * Completions: "this has happened" for one or many waiters. complete()
 * lets one waiter through (counting: N completes release N waits),
 * complete_all() every present and future waiter.
 */
#ifndef KEEL_KERNEL_COMPLETION_H
#define KEEL_KERNEL_COMPLETION_H

#include "kernel/wait.h"

struct completion {
	unsigned int done; /* UINT_MAX after complete_all */
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(work)                                           \
	{                                                                      \
		.done = 0, .wait = __WAIT_QUEUE_HEAD_INITIALIZER((work).wait)  \
	}
#define DECLARE_COMPLETION(work)                                               \
	struct completion work = COMPLETION_INITIALIZER(work)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
/* Sleep (uninterruptibly) until completed. */
void wait_for_completion(struct completion *x);
/* As above for at most @timeout jiffies: the jiffies left (>= 1), or 0
 * on timeout. */
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
/* Completed, without waiting? (consumes one completion when so) */
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif
