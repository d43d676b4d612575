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

/* --- user mode --- */

struct pt_regs;

/* The user registers of @p: the frame at the top of its kernel stack. */
struct pt_regs *task_pt_regs(const struct task_struct *p);
/* execve: user registers that start a program at @ip with stack @sp. */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);
/* fork: @p returns to user mode with the current task's registers and
 * rax 0 (on stack @new_sp when non-zero). */
void arch_copy_thread_user(struct task_struct *p, unsigned long new_sp);
/* ARCH_SET_FS: the current task's FS base. */
void arch_set_fsbase(unsigned long base);
/* FPU state of user tasks: the size of the save area; execve's clean
 * state (allocating the area); fork's copy; saving the live registers
 * into current->fpu and loading them back (signal frames). */
unsigned int arch_fpu_state_size(void);
int arch_fpu_reset_current(void);
int arch_fpu_copy(struct task_struct *dst, struct task_struct *src);
void arch_fpu_sync_current(void);
void arch_fpu_load_current(void);

#endif
