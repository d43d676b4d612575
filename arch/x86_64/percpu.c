// SPDX-License-Identifier: MIT
/*
 * Per-CPU areas (Linux's "embedded" first chunk, simplified): the
 * .data..percpu section of the image is the template; at boot every
 * possible CPU gets a page-aligned copy from the page allocator, and its
 * GS base points at it. __per_cpu_offset[cpu] is the distance from the
 * template to CPU @cpu's copy, so &var + offset is that CPU's var.
 */
#include "arch/x86_64/percpu.h"

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "mm/page_alloc.h"

extern char init_stack_top[];

DEFINE_PER_CPU_SECTION(struct pcpu_hot, pcpu_hot, ".data..percpu..first") = {
	.self = &pcpu_hot,
	.current_task = &init_task,
	.top_of_stack = (unsigned long)init_stack_top,
	.cpu_number = 0,
	.this_cpu_off = 0,
};

unsigned long __per_cpu_offset[NR_CPUS];
unsigned int nr_cpu_ids = 1;

void percpu_early_init(void)
{
	wrmsr(MSR_GS_BASE, (unsigned long)__per_cpu_start);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/* Possible CPUs: the MADT's usable processors (Linux's num_possible_cpus). */
static unsigned int count_possible_cpus(void)
{
	const struct acpi_madt_info *madt = acpi_madt();
	unsigned int n = 0;

	if (!madt)
		return 1;
	for (unsigned int i = 0; i < madt->nr_cpus; i++)
		if (madt->cpus[i].enabled || madt->cpus[i].online_capable)
			n++;
	return clamp(n, 1U, (unsigned int)NR_CPUS);
}

void __init setup_per_cpu_areas(void)
{
	size_t size = (size_t)(__per_cpu_end - __per_cpu_start);
	unsigned int order = get_order(size);
	unsigned long flags = local_irq_save();

	nr_cpu_ids = count_possible_cpus();
	pr_info("setup_percpu: NR_CPUS:%d nr_cpumask_bits:%u nr_cpu_ids:%u "
		"nr_node_ids:1",
		NR_CPUS, nr_cpu_ids, nr_cpu_ids);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		char *area;
		struct pcpu_hot *hot;

		if (!page)
			panic("percpu: cannot allocate %zu bytes for CPU %u",
			      size, cpu);
		area = page_address(page);
		memcpy(area, __per_cpu_start, size);
		__per_cpu_offset[cpu] =
			(unsigned long)area - (unsigned long)__per_cpu_start;
		hot = per_cpu_ptr(&pcpu_hot, cpu);
		hot->self = hot;
		hot->cpu_number = (int)cpu;
		hot->this_cpu_off = __per_cpu_offset[cpu];
		if (cpu != 0) {
			hot->current_task =
				NULL; /* set when the CPU comes up */
			hot->preempt_count = 0;
		}
	}
	/* CPU 0 leaves the template for its own area. */
	wrmsr(MSR_GS_BASE, (unsigned long)per_cpu_ptr(&pcpu_hot, 0));
	pr_info("percpu: Embedded %lu pages/cpu s%zu r0 d0 u%lu", 1UL << order,
		size, PAGE_SIZE << order);
	local_irq_restore(flags);
}
