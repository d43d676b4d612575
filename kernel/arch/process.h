/* SPDX-License-Identifier: MIT */
/*
 * What the scheduler and fork need from the architecture: the saved
 * context of a switched-out task, the switch itself, a new thread's first
 * frame, and the FPU state of tasks that own one.
 */
#ifndef KEEL_KERNEL_ARCH_PROCESS_H
#define KEEL_KERNEL_ARCH_PROCESS_H

#include "kernel/lib/types.h"

struct task_struct;

struct thread_struct {
	unsigned long sp; /* saved stack pointer while switched out */
	/* The last user fault, for the signal frame's sigcontext (err,
	 * trapno, cr2); the trap code records them (x86_record_fault). */
	unsigned long cr2, trap_nr, error_code;
};

/**
 * arch_copy_thread - build @p's first frame on its stack so that the
 * first switch to it enters ret_from_fork, which calls schedule_tail(),
 * then @fn(@arg), then do_exit() with @fn's return value.
 * Context: copy_process.
 */
void arch_copy_thread(struct task_struct *p, int (*fn)(void *), void *arg);

/**
 * switch_to - stop running @prev and run @next (run-queue lock held,
 * interrupts off). Returns, in @next's context, when some later switch
 * comes back to @prev; the value is the task that ran just before.
 */
struct task_struct *switch_to(struct task_struct *prev,
			      struct task_struct *next);

/* The top (highest address, exclusive) of @p's kernel stack. */
unsigned long task_stack_top(const struct task_struct *p);

/* FPU: give @p its own FPU state (PF_USER_FPU), saved and restored on
 * every switch; and free it. 0 or -ENOMEM. */
int arch_fpu_alloc(struct task_struct *p);
void arch_fpu_free(struct task_struct *p);

/* Boot: enable the FPU and SSE (and XSAVE where present) on this CPU. */
void fpu_init(void);

#endif
