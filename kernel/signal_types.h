/* SPDX-License-Identifier: MIT */
/*
 * The signal state a task carries (Linux's include/linux/signal_types.h),
 * separate from kernel/signal.h so that kernel/sched.h can embed it.
 * Values and layouts the user sees are Linux's x86_64 ABI.
 */
#ifndef KEEL_KERNEL_SIGNAL_TYPES_H
#define KEEL_KERNEL_SIGNAL_TYPES_H

#include "kernel/lib/list.h"
#include "kernel/lib/types.h"

#define _NSIG 64

/* A set of signals 1.._NSIG: bit (sig - 1). The kernel ABI's sigset_t is
 * 8 bytes (rt_sigprocmask's sigsetsize). */
typedef struct {
	unsigned long sig[1];
} sigset_t;

/* Pending signals of a task or of its thread group. */
struct sigpending {
	struct list_head list; /* struct sigqueue, oldest first */
	sigset_t signal;
};

struct sighand_struct;
struct signal_struct;

#endif
