// SPDX-License-Identifier: MIT
/* The exit-to-user-mode loop (see kernel/entry.h). */
#include "kernel/entry.h"

#include "kernel/arch/irqflags.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/arch/signal.h"

#define EXIT_TO_USER_WORK                                                      \
	(TIF_NEED_RESCHED | TIF_SIGPENDING | TIF_NOTIFY_RESUME)

void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		unsigned long work;

		arch_local_irq_disable();
		work = __atomic_load_n(&current->tif, __ATOMIC_RELAXED) &
		       EXIT_TO_USER_WORK;
		if (!work)
			return;
		arch_local_irq_enable();
		if (work & TIF_NEED_RESCHED)
			schedule();
		if (work & TIF_NOTIFY_RESUME)
			__atomic_and_fetch(&current->tif, ~TIF_NOTIFY_RESUME,
					   __ATOMIC_RELAXED);
		if (work & TIF_SIGPENDING)
			arch_do_signal_or_restart(regs);
	}
}

void ret_from_kernel_thread(int ret)
{
	if (current->mm)
		return;
	do_exit(ret);
}
