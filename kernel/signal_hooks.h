/* SPDX-License-Identifier: MIT */
/*
 * What the entry, fault and exit code call into the signal code for.
 * (Until kernel/signal.c lands, kernel/signal_early.c gives the minimal
 * behaviour: a fault kills the process with the signal.)
 */
#ifndef KEEL_KERNEL_SIGNAL_HOOKS_H
#define KEEL_KERNEL_SIGNAL_HOOKS_H

#include "kernel/arch/ptrace.h"
#include "kernel/lib/types.h"

struct task_struct;

void arch_do_signal_or_restart(struct pt_regs *regs);
int force_sig_fault(int sig, int code, void __user *addr);

#endif
