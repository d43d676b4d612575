// SPDX-License-Identifier: MIT
/* init_IRQ: the interrupt controllers, in order. */
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq.h"
#include "kernel/arch/traps.h"
#include "kernel/lib/log.h"

void ioapic_init(void);

static unsigned long apic_errors;

static irqreturn_t apic_error_interrupt(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	apic_write(APIC_ESR, 0);
	apic_errors++;
	pr_err("apic: error interrupt, ESR 0x%x", apic_read(APIC_ESR));
	return IRQ_HANDLED;
}

/* The LINT pin the MADT wires to NMI for this CPU (default LINT1). */
static int nmi_lint(const struct acpi_madt_info *m)
{
	if (!m)
		return 1;
	for (unsigned int i = 0; i < m->nr_lapic_nmis; i++)
		if (m->lapic_nmis[i].all_cpus ||
		    (m->nr_cpus && m->lapic_nmis[i].processor_uid ==
					   m->cpus[0].processor_uid))
			return m->lapic_nmis[i].lint;
	return -1;
}

void init_IRQ(void)
{
	const struct acpi_madt_info *m = acpi_madt();

	pic_remap_and_mask();
	if (apic_init(m ? m->lapic_addr : 0, nmi_lint(m)))
		return;
	request_system_vector(ERROR_APIC_VECTOR, apic_error_interrupt,
			      "APIC error", NULL);
	ioapic_init();
}
