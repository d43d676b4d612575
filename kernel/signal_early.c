// SPDX-License-Identifier: MIT
/* Minimal signal behaviour until kernel/signal.c: see signal_hooks.h. */
#include "kernel/sched.h"
#include "kernel/signal_hooks.h"

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	(void)regs;
	__atomic_and_fetch(&current->tif, ~TIF_SIGPENDING, __ATOMIC_RELAXED);
}

int force_sig_fault(int sig, int code, void __user *addr)
{
	(void)code;
	(void)addr;
	do_group_exit(sig);
}
