/* SPDX-License-Identifier: MIT */
/* Masking interrupts on this CPU, for machine-neutral code. */
#ifndef KEEL_KERNEL_ARCH_IRQFLAGS_H
#define KEEL_KERNEL_ARCH_IRQFLAGS_H

/* Disable interrupts; return a token saying whether they were on. */
unsigned long arch_local_irq_save(void);
/* Re-enable interrupts if @flags says they were on. */
void arch_local_irq_restore(unsigned long flags);
/* Enable interrupts. */
void arch_local_irq_enable(void);

#endif
