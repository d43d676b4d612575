// SPDX-License-Identifier: MIT
/*
 * The /proc files that show the machine (Linux's arch/x86/kernel/cpu/
 * proc.c and arch_show_interrupts): /proc/cpuinfo from CPUID and the
 * TSC, /proc/interrupts from the IDT's vectors, /proc/iomem from the
 * firmware's e820 map and the kernel's sections. Declared in
 * kernel/arch/proc.h; the pure formatters are fs/proc_fmt.c's.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/setup.h"
#include "arch/x86_64/tsc.h"
#include "fs/proc_data.h"
#include "kernel/arch/irq.h"
#include "kernel/arch/irqflags.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/e820.h"
#include "mm/slab.h"

/* /proc/cpuinfo from CPUID of the reading CPU (keel's CPUs are alike)
 * and the TSC's frequency. */
#define FLAGS_MAX 4096

static void cpuid_words(struct proc_cpuid_words *w, u32 max, u32 xmax)
{
	struct cpuid_regs r = cpuid(1);

	memset(w, 0, sizeof(*w));
	w->w1_edx = r.edx;
	w->w1_ecx = r.ecx;
	w->hypervisor = r.ecx & BIT(31);
	if (max >= 6)
		w->w6_eax = cpuid(6).eax;
	if (max >= 7) {
		r = cpuid_count(7, 0);
		w->w7_ebx = r.ebx;
		w->w7_ecx = r.ecx;
		w->w7_edx = r.edx;
	}
	if (max >= 0xd)
		w->wd1_eax = cpuid_count(0xd, 1).eax;
	w->xtopology = max >= 0xb && cpuid_count(0xb, 0).ebx != 0;
	if (xmax >= 0x80000001) {
		r = cpuid(0x80000001);
		w->w8001_edx = r.edx;
		w->w8001_ecx = r.ecx;
	}
	/* Linux's own flags, as it decides them for keel's CPUs. */
	w->cpuid = true;
	w->nopl = true;
	w->constant_tsc = tsc_invariant;
	w->nonstop_tsc = tsc_invariant;
	w->tsc_known_freq = tsc_freq_from_cpuid;
}

int proc_show_cpuinfo(struct seq_buf *m)
{
	struct cpuid_regs r = cpuid(0), x = cpuid(0x80000000);
	u32 max = r.eax, xmax = x.eax >= 0x80000000 ? x.eax : 0;
	char vendor[13], model[49], *flags = kmalloc(FLAGS_MAX, GFP_KERNEL);
	const char *name = model;
	struct proc_cpuid_words w;
	struct proc_cpuinfo ci;
	u32 sig;

	if (!flags)
		return -ENOMEM;
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
	memset(model, 0, sizeof(model));
	if (xmax >= 0x80000004)
		for (u32 i = 0; i < 3; i++) {
			struct cpuid_regs b = cpuid(0x80000002 + i);

			memcpy(model + i * 16, &b, 16);
		}
	while (*name == ' ')
		name++;
	cpuid_words(&w, max, xmax);
	proc_cpu_flags(flags, FLAGS_MAX, &w);

	memset(&ci, 0, sizeof(ci));
	r = cpuid(1);
	sig = r.eax;
	ci.vendor_id = vendor;
	ci.family = (sig >> 8) & 0xf;
	ci.model = (sig >> 4) & 0xf;
	if (ci.family == 0xf)
		ci.family += (sig >> 20) & 0xff;
	if (ci.family >= 6)
		ci.model += ((sig >> 16) & 0xf) << 4;
	ci.stepping = sig & 0xf;
	ci.model_name = name;
	ci.khz = tsc_hz / 1000;
	if (xmax >= 0x80000006)
		ci.cache_size_kb = cpuid(0x80000006).ecx >> 16;
	ci.siblings = proc_nr_cpus();
	ci.cpu_cores = proc_nr_cpus();
	ci.fpu = r.edx & BIT(0);
	ci.fpu_exception = ci.fpu;
	ci.wp = true;
	ci.cpuid_level = max;
	ci.flags = flags;
	ci.bugs = "";
	/* Linux's loops_per_jiffy from the TSC: bogomips = 2 * MHz. */
	ci.bogomips_x100 = tsc_hz / 5000;
	ci.clflush_size = ((r.ebx >> 8) & 0xff) * 8;
	ci.cache_alignment = ci.clflush_size;
	if (xmax >= 0x80000008) {
		x = cpuid(0x80000008);
		ci.phys_bits = x.eax & 0xff;
		ci.virt_bits = (x.eax >> 8) & 0xff;
	} else {
		ci.phys_bits = 36;
		ci.virt_bits = 48;
	}
	ci.power_management = "";
	for (unsigned int cpu = 0; cpu < proc_nr_cpus(); cpu++) {
		ci.processor = cpu;
		ci.core_id = cpu;
		ci.apicid = cpu;
		ci.initial_apicid = cpu;
		proc_fmt_cpuinfo(m, &ci);
	}
	kfree(flags);
	return proc_show_result(m);
}

/*
 * /proc/interrupts: the device IRQs with actions, then the local timer
 * and the spurious count. keel counts each vector once, not per CPU: the
 * counts show in CPU0's column.
 */
#define IRQ_NAMES 128

int proc_show_interrupts(struct seq_buf *m)
{
	unsigned int nr_rows = 0, max_rows = NR_IRQS + 4;
	struct proc_irq_row *rows =
		kzalloc(sizeof(*rows) * max_rows, GFP_KERNEL);
	u64 *counts = kzalloc(sizeof(*counts) * max_rows * proc_nr_cpus(),
			      GFP_KERNEL);
	char *names = kzalloc((size_t)IRQ_NAMES * NR_IRQS, GFP_KERNEL);
	char(*labels)[8] = kzalloc(sizeof(*labels) * NR_IRQS, GFP_KERNEL);
	unsigned long flags;

	if (!rows || !counts || !names || !labels)
		goto nomem;
	flags = arch_local_irq_save();
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		const struct irq_desc *d = &irq_desc[irq_to_vector(irq)];
		struct proc_irq_row *row = &rows[nr_rows];
		char *name = names + (size_t)irq * IRQ_NAMES;
		size_t len = 0;

		if (!d->action)
			continue;
		for (const struct irqaction *a = d->action; a; a = a->next)
			if (a->handler)
				len += (size_t)kscnprintf(
					name + len, IRQ_NAMES - len, "%s%s",
					len ? ", " : "", a->name);
		kscnprintf(labels[irq], sizeof(labels[irq]), "%u", irq);
		counts[nr_rows * proc_nr_cpus()] = d->count;
		row->label = labels[irq];
		row->counts = &counts[nr_rows * proc_nr_cpus()];
		row->chip = "IO-APIC";
		row->hwirq = irq;
		row->type = irq < 16 ? "edge" : "fasteoi";
		row->actions = name;
		nr_rows++;
	}
	counts[nr_rows * proc_nr_cpus()] = irq_desc[LOCAL_TIMER_VECTOR].count;
	arch_local_irq_restore(flags);
	rows[nr_rows].label = "LOC";
	rows[nr_rows].counts = &counts[nr_rows * proc_nr_cpus()];
	rows[nr_rows].actions = "Local timer interrupts";
	nr_rows++;
	counts[nr_rows * proc_nr_cpus()] = irq_spurious_count();
	rows[nr_rows].label = "SPU";
	rows[nr_rows].counts = &counts[nr_rows * proc_nr_cpus()];
	rows[nr_rows].actions = "Spurious interrupts";
	nr_rows++;
	rows[nr_rows++].label = "ERR"; /* totals: counts NULL print 0 */
	rows[nr_rows++].label = "MIS";
	proc_fmt_interrupts(m, proc_nr_cpus(), rows, nr_rows, NR_IRQS);
	kfree(rows);
	kfree(counts);
	kfree(names);
	kfree(labels);
	return proc_show_result(m);
nomem:
	kfree(rows);
	kfree(counts);
	kfree(names);
	kfree(labels);
	return -ENOMEM;
}

/* /proc/iomem: the firmware's e820 map with the kernel's sections and
 * the PCI gap, built afresh for each reader (it never changes). */
#define IOMEM_POOL 256

int proc_show_iomem(struct seq_buf *m, bool hide_addrs)
{
	struct resource *pool =
		kmalloc(sizeof(*pool) * (IOMEM_POOL + 1), GFP_KERNEL);
	struct proc_iomem_layout l;
	u64 gap_start, gap_size;
	int n;

	if (!pool)
		return -ENOMEM;
	memset(&l, 0, sizeof(l));
	l.entries = e820_table_firmware.entries;
	l.nr_entries = e820_table_firmware.nr_entries;
	l.code[0] = __pa_symbol(_text);
	l.code[1] = __pa_symbol(_etext) - 1;
	l.rodata[0] = __pa_symbol(__start_rodata);
	l.rodata[1] = __pa_symbol(__end_rodata) - 1;
	l.data[0] = __pa_symbol(_sdata);
	l.data[1] = __pa_symbol(_edata) - 1;
	l.bss[0] = __pa_symbol(__bss_start);
	l.bss[1] = __pa_symbol(__bss_stop) - 1;
	if (e820__search_gap(&e820_table, &gap_start, &gap_size)) {
		l.pci_gap_start = gap_start;
		l.pci_gap_size = gap_size;
	}
	n = proc_iomem_build(&pool[0], &pool[1], IOMEM_POOL, &l);
	if (n >= 0)
		proc_fmt_resources(m, &pool[0], hide_addrs);
	kfree(pool);
	if (n < 0)
		return n;
	return proc_show_result(m);
}
