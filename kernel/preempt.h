/* SPDX-License-Identifier: MIT */
/*
 * The preempt count (Linux's layout, per CPU in struct pcpu_hot):
 *
 *   bits 0-7    preemption disabled, nesting (preempt_disable, spinlocks)
 *   bits 16-19  hard interrupt nesting (irq_enter/irq_exit)
 *
 * A task may be preempted only when the whole count is 0. The count is
 * per CPU, not per task: every context switch happens at the same count
 * (schedule's own preempt_disable plus the run-queue lock), so it is the
 * same before and after.
 */
#ifndef KEEL_KERNEL_PREEMPT_H
#define KEEL_KERNEL_PREEMPT_H

#include "kernel/arch/percpu.h"

#define PREEMPT_OFFSET 1
#define PREEMPT_MASK 0x000000ff
#define HARDIRQ_OFFSET 0x00010000
#define HARDIRQ_MASK 0x000f0000

#define barrier() __asm__ volatile("" ::: "memory")

#define in_interrupt() (preempt_count() & HARDIRQ_MASK)
#define in_atomic() (preempt_count() != 0)

/* Does this CPU's current task have to give up the CPU? */
bool need_resched(void);
/* Called by preempt_enable() when the count drops to 0 with a
 * reschedule pending. */
void preempt_schedule(void);

static inline void preempt_disable(void)
{
	__preempt_count_add(PREEMPT_OFFSET);
	barrier();
}

static inline void preempt_enable_no_resched(void)
{
	barrier();
	__preempt_count_add(-PREEMPT_OFFSET);
}

static inline void preempt_enable(void)
{
	preempt_enable_no_resched();
	if (unlikely(preempt_count() == 0 && need_resched()))
		preempt_schedule();
}

#endif
