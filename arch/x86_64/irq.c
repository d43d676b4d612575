// SPDX-License-Identifier: MIT
/*
 * irq_desc, request_irq/free_irq and the dispatch of vectors 32-255.
 * Every device interrupt is acknowledged with a LAPIC EOI after its
 * actions ran; the APIC's spurious vector needs none (SDM vol. 3, 10.9).
 * An interrupt no action claims is counted as spurious, never fatal.
 */
#include "arch/x86_64/irq.h"

#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/sched.h"

#define NR_IRQ_ACTIONS 64

struct irq_desc irq_desc[NR_VECTORS];
static struct irqaction action_pool[NR_IRQ_ACTIONS];
static unsigned long spurious_count;

unsigned long irq_spurious_count(void)
{
	return spurious_count;
}

unsigned long irq_count(unsigned int irq)
{
	return irq < NR_IRQS ? irq_desc[irq_to_vector(irq)].count : 0;
}

static struct irqaction *alloc_action(void)
{
	for (int i = 0; i < NR_IRQ_ACTIONS; i++)
		if (!action_pool[i].handler)
			return &action_pool[i];
	return NULL;
}

static int add_action(unsigned int vector, int irq, irq_handler_t handler,
		      const char *name, void *dev_id)
{
	unsigned long flags = local_irq_save();
	struct irqaction *a = alloc_action(), **link;

	if (!a) {
		local_irq_restore(flags);
		pr_err("irq: no free action for %s on vector 0x%x", name,
		       vector);
		return -ENOSPC;
	}
	*a = (struct irqaction){
		.handler = handler, .dev_id = dev_id, .name = name};
	for (link = &irq_desc[vector].action; *link; link = &(*link)->next)
		;
	*link = a;
	irq_desc[vector].irq = irq;
	local_irq_restore(flags);
	return 0;
}

int request_system_vector(unsigned int vector, irq_handler_t handler,
			  const char *name, void *dev_id)
{
	return add_action(vector, -1, handler, name, dev_id);
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	int err;

	(void)flags;
	if (irq >= NR_IRQS || !handler) {
		pr_err("request_irq: bad irq %u for %s", irq, name);
		return -EINVAL;
	}
	err = add_action(irq_to_vector(irq), (int)irq, handler, name, dev_id);
	if (err)
		return err;
	err = ioapic_unmask_irq(irq);
	if (err) {
		free_irq(irq, dev_id);
		return err;
	}
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	unsigned long flags;
	struct irqaction **link;

	if (irq >= NR_IRQS)
		return;
	flags = local_irq_save();
	for (link = &irq_desc[irq_to_vector(irq)].action; *link;
	     link = &(*link)->next) {
		if ((*link)->dev_id == dev_id) {
			struct irqaction *a = *link;

			*link = a->next;
			a->handler = NULL;
			break;
		}
	}
	if (!irq_desc[irq_to_vector(irq)].action)
		ioapic_mask_irq(irq);
	local_irq_restore(flags);
}

/* The handlers of one vector; interrupts off, preempt count raised. */
static void handle_vector(struct pt_regs *regs)
{
	struct irq_desc *desc = &irq_desc[regs->vector & (NR_VECTORS - 1)];
	irqreturn_t ret = IRQ_NONE;

	desc->count++;
	if (regs->vector == SPURIOUS_APIC_VECTOR) {
		spurious_count++;
		return; /* no EOI for the spurious vector */
	}
	if (regs->vector == IA32_SYSCALL_VECTOR) {
		/* The legacy int 0x80 gate: no system calls yet. */
		regs->rax = (unsigned long)-ENOSYS;
		return;
	}
	for (struct irqaction *a = desc->action; a; a = a->next)
		ret |= a->handler(desc->irq, a->dev_id);
	if (ret == IRQ_NONE) {
		desc->unhandled++;
		spurious_count++;
	}
	apic_eoi();
}

/*
 * Every vector from 32 up: the handlers run in hard-interrupt context
 * (HARDIRQ_OFFSET in the preempt count); on the way out, a task that was
 * interrupted while preemptible gives up the CPU if a reschedule is due.
 */
void common_interrupt(struct pt_regs *regs)
{
	__preempt_count_add(HARDIRQ_OFFSET);
	handle_vector(regs);
	__preempt_count_add(-HARDIRQ_OFFSET);
	if (preempt_count() == 0 && (regs->rflags & X86_EFLAGS_IF) &&
	    need_resched())
		preempt_schedule_irq();
}
