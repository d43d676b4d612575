/* SPDX-License-Identifier: MIT */
/*
 * The way back to user mode (Linux's kernel/entry/common.c): the work a
 * task does before it returns to user space, and what the architecture's
 * entry code calls.
 */
#ifndef KEEL_KERNEL_ENTRY_H
#define KEEL_KERNEL_ENTRY_H

#include "kernel/arch/ptrace.h"
#include "kernel/lib/types.h"

/**
 * exit_to_user_mode - do the pending work (reschedule, deliver signals)
 * before @regs goes back to user mode.
 * Context: any entry from user mode; interrupts on or off. Returns with
 * interrupts off and no work pending.
 */
void exit_to_user_mode(struct pt_regs *regs);

/**
 * ret_from_kernel_thread - a kernel thread's function returned @ret: if
 * it exec'd a user program (kernel_init), return to go to user mode;
 * else end the thread with exit code @ret.
 */
void ret_from_kernel_thread(int ret);

/* The syscall MSRs of this CPU (arch). */
void syscall_init(void);

#endif
