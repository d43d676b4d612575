/* SPDX-License-Identifier: MIT */
/*
 * Signal delivery on x86_64 (arch/x86_64/signal.c): the handler frame,
 * syscall restart, rt_sigreturn. Frame layout: arch/x86_64/sigframe.h.
 */
#ifndef KEEL_ARCH_X86_64_SIGNAL_H
#define KEEL_ARCH_X86_64_SIGNAL_H

#include "arch/x86_64/msr.h"
#include "arch/x86_64/ptrace.h"
#include "kernel/arch/signal.h"
#include "kernel/sched.h"

/* The rflags bits rt_sigreturn takes from the frame (Linux's FIX_EFLAGS:
 * AC OF DF TF SF ZF AF PF CF RF); IF, IOPL and the rest stay. */
#define SIGRETURN_FIX_EFLAGS                                                   \
	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF |       \
	 X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF |       \
	 X86_EFLAGS_CF | X86_EFLAGS_RF)

/**
 * x86_record_fault - remember a user fault's vector, error code and cr2
 * for the sigcontext of the signal it raises (Linux keeps them in
 * thread.trap_nr, error_code, cr2). Call before force_sig_fault.
 */
static inline void x86_record_fault(unsigned long trapnr,
				    unsigned long error_code, unsigned long cr2)
{
	struct task_struct *t = current;

	t->thread.trap_nr = trapnr;
	t->thread.error_code = error_code;
	t->thread.cr2 = cr2;
}

#endif
