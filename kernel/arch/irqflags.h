/* SPDX-License-Identifier: MIT */
/*
 * Masking interrupts on this CPU, and waiting for one, for machine-neutral
 * code. Inline: the locks use them on every acquisition.
 */
#ifndef KEEL_KERNEL_ARCH_IRQFLAGS_H
#define KEEL_KERNEL_ARCH_IRQFLAGS_H

#include "arch/x86_64/cpu.h"

/* Disable interrupts; return a token saying whether they were on. */
static inline unsigned long arch_local_irq_save(void)
{
	return local_irq_save();
}

/* Re-enable interrupts if @flags says they were on. */
static inline void arch_local_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

static inline void arch_local_irq_enable(void)
{
	local_irq_enable();
}

static inline void arch_local_irq_disable(void)
{
	local_irq_disable();
}

static inline bool arch_irqs_disabled(void)
{
	return !(local_save_flags() & X86_EFLAGS_IF);
}

/* Enable interrupts and wait for one, atomically (sti; hlt). */
static inline void arch_safe_halt(void)
{
	safe_halt();
}

static inline void arch_cpu_relax(void)
{
	cpu_relax();
}

#endif
