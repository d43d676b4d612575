/* SPDX-License-Identifier: MIT */
/*
 * x86_64 per-CPU data: IA32_GS_BASE holds the address of this CPU's area
 * while in the kernel (IA32_KERNEL_GS_BASE keeps user space's GS base, for
 * swapgs once user mode exists). Every area starts with struct pcpu_hot,
 * so `current` and the preempt count are one %gs-relative access each.
 *
 *   area of CPU n:  | pcpu_hot | other DEFINE_PER_CPU variables ... |
 *                   ^ GS base = __per_cpu_start + __per_cpu_offset[n]
 */
#ifndef KEEL_ARCH_X86_64_PERCPU_H
#define KEEL_ARCH_X86_64_PERCPU_H

#include "arch/x86_64/msr.h"
#include "kernel/lib/types.h"

#define NR_CPUS 64

struct task_struct;

struct pcpu_hot {
	struct pcpu_hot *self; /* this area's own address */
	struct task_struct *current_task;
	unsigned long top_of_stack; /* the running task's kernel stack top */
	int preempt_count;
	int cpu_number;
	unsigned long this_cpu_off; /* area - __per_cpu_start */
	unsigned long user_rsp_scratch; /* syscall entry: the user's rsp */
};

#define PCPU_HOT_OFF(f) __builtin_offsetof(struct pcpu_hot, f)

#define DEFINE_PER_CPU_SECTION(type, name, sec)                                \
	__attribute__((section(sec))) __typeof__(type) name
#define DEFINE_PER_CPU(type, name)                                             \
	DEFINE_PER_CPU_SECTION(type, name, ".data..percpu")
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

/* Where each CPU's area lies relative to the template; nr_cpu_ids used. */
extern unsigned long __per_cpu_offset[NR_CPUS];
extern unsigned int nr_cpu_ids;
extern char __per_cpu_start[], __per_cpu_end[];
DECLARE_PER_CPU(struct pcpu_hot, pcpu_hot);

#define __pcpu_read(f, sz)                                                     \
	({                                                                     \
		unsigned long _v;                                              \
		__asm__ volatile("mov" sz " %%gs:%c1, %0"                      \
				 : "=r"(_v)                                    \
				 : "i"(PCPU_HOT_OFF(f)));                      \
		_v;                                                            \
	})

static inline struct task_struct *get_current(void)
{
	return (struct task_struct *)__pcpu_read(current_task, "q");
}

static inline void this_cpu_set_current(struct task_struct *t)
{
	__asm__ volatile("movq %0, %%gs:%c1"
			 :
			 : "r"(t), "i"(PCPU_HOT_OFF(current_task))
			 : "memory");
}

static inline void this_cpu_set_top_of_stack(unsigned long top)
{
	__asm__ volatile("movq %0, %%gs:%c1"
			 :
			 : "r"(top), "i"(PCPU_HOT_OFF(top_of_stack))
			 : "memory");
}

static inline unsigned long this_cpu_top_of_stack(void)
{
	return __pcpu_read(top_of_stack, "q");
}

static inline int smp_processor_id(void)
{
	int v;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(v)
			 : "i"(PCPU_HOT_OFF(cpu_number)));
	return v;
}

static inline int preempt_count(void)
{
	int v;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(v)
			 : "i"(PCPU_HOT_OFF(preempt_count)));
	return v;
}

/* One instruction: safe against interrupts on this CPU. */
static inline void __preempt_count_add(int v)
{
	__asm__ volatile("addl %0, %%gs:%c1"
			 :
			 : "ri"(v), "i"(PCPU_HOT_OFF(preempt_count))
			 : "memory", "cc");
}

static inline void preempt_count_set(int v)
{
	__asm__ volatile("movl %0, %%gs:%c1"
			 :
			 : "r"(v), "i"(PCPU_HOT_OFF(preempt_count))
			 : "memory");
}

static inline unsigned long this_cpu_offset(void)
{
	return __pcpu_read(this_cpu_off, "q");
}

#define per_cpu_ptr(ptr, cpu)                                                  \
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[cpu]))
#define this_cpu_ptr(ptr)                                                      \
	((__typeof__(ptr))((unsigned long)(ptr) + this_cpu_offset()))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))

/**
 * percpu_early_init - point GS at the template, so CPU 0 has per-CPU data
 * (current = the boot task, preempt count 0) from its first C code on.
 * Context: x86_64_start_kernel, first thing.
 */
void percpu_early_init(void);

/**
 * setup_per_cpu_areas - one area per possible CPU (the MADT's enabled and
 * online-capable processors, at least 1, at most NR_CPUS), each a copy of
 * the template; CPU 0 moves from the template to its own.
 * Context: boot, once, after acpi_init(), interrupts off.
 */
void setup_per_cpu_areas(void);

#endif
