/* SPDX-License-Identifier: MIT */
/*
 * Device interrupts, as drivers see them (Linux's names). An irq number is
 * an ISA IRQ (0-15, routed through the MADT's source overrides) or a
 * global system interrupt (GSI) of an IOAPIC above them; each has its own
 * vector and a list of actions, all called for every interrupt (shared
 * lines).
 */
#ifndef KEEL_KERNEL_ARCH_IRQ_H
#define KEEL_KERNEL_ARCH_IRQ_H

#include "kernel/lib/types.h"

typedef enum irqreturn {
	IRQ_NONE = 0, /* not from this device */
	IRQ_HANDLED = 1,
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define NR_IRQS 64

/**
 * request_irq - add @handler to irq @irq and unmask the line.
 * @irq: ISA IRQ or GSI, below NR_IRQS.
 * @handler: called in interrupt context, interrupts off.
 * @flags: reserved, 0.
 * @name: shown in reports.
 * @dev_id: passed to @handler; identifies the action for free_irq.
 * Return: 0; -EINVAL for a bad irq or no IOAPIC pin for it; -ENOSPC when
 * the action pool is empty.
 * Context: boot or process context.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);

/**
 * free_irq - remove the action of @irq with @dev_id; the line is masked
 * when no action is left.
 * @irq: as given to request_irq.
 * @dev_id: as given to request_irq.
 * Context: boot or process context.
 */
void free_irq(unsigned int irq, void *dev_id);

/* Interrupts that no action claimed, and spurious APIC interrupts. */
unsigned long irq_spurious_count(void);

/* Interrupts delivered for @irq since boot. */
unsigned long irq_count(unsigned int irq);

#endif
