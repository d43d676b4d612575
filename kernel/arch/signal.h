/* SPDX-License-Identifier: MIT */
/* Signal delivery, which the architecture does (arch/x86_64/signal.c). */
#ifndef KEEL_KERNEL_ARCH_SIGNAL_H
#define KEEL_KERNEL_ARCH_SIGNAL_H

struct pt_regs;

/**
 * arch_do_signal_or_restart - deliver the current task's next signal on
 * its way back to user mode: build a handler frame and point @regs at the
 * handler, or run the default action; then apply syscall restart.
 * @regs: the user-mode frame (pt_regs at the top of the kernel stack).
 * Context: the exit-to-user-mode loop, interrupts on, when TIF_SIGPENDING
 * is set; may sleep (a stop) or not return (a fatal signal). @regs may be
 * changed in any register: return through iretq.
 */
void arch_do_signal_or_restart(struct pt_regs *regs);

#endif
