/* SPDX-License-Identifier: MIT */
/*
 * The vector side of interrupts: one irq_desc per vector, the dispatch
 * from the entry code, and the interrupt controllers' hooks.
 */
#ifndef KEEL_ARCH_X86_64_IRQ_H
#define KEEL_ARCH_X86_64_IRQ_H

#include "arch/x86_64/desc.h"
#include "arch/x86_64/ptrace.h"
#include "kernel/arch/irq.h"

/* ISA IRQ n / GSI n arrives at IRQ_VECTOR_BASE + n. */
#define IRQ_VECTOR_BASE 0x30
#define PIC_VECTOR_BASE 0x20 /* the 8259s after remapping, masked */

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	struct irqaction *next;
};

/*
 * struct irq_desc - one per vector.
 * @action: handlers, called in order.
 * @irq: the irq number for device vectors, -1 for system vectors.
 * @count: interrupts delivered.
 * @unhandled: interrupts no action claimed.
 */
struct irq_desc {
	struct irqaction *action;
	int irq;
	unsigned long count;
	unsigned long unhandled;
};

extern struct irq_desc irq_desc[NR_VECTORS];

static inline unsigned int irq_to_vector(unsigned int irq)
{
	return IRQ_VECTOR_BASE + irq;
}

/**
 * request_system_vector - add @handler to a system vector (LAPIC timer,
 * error); the handler gets irq -1.
 * @vector: the vector.
 * @handler: the handler.
 * @name: for reports.
 * @dev_id: passed to @handler.
 * Return: 0 or -ENOSPC.
 * Context: boot.
 */
int request_system_vector(unsigned int vector, irq_handler_t handler,
			  const char *name, void *dev_id);

/* Entry from entry_64.asm for vectors 32-255. */
void common_interrupt(struct pt_regs *regs);

/* The 8259 pair: remap to PIC_VECTOR_BASE and mask every line. */
void pic_remap_and_mask(void);

#endif
