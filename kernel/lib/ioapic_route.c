// SPDX-License-Identifier: MIT
#include "kernel/lib/ioapic_route.h"

#include "kernel/lib/errno.h"

#define ISA_BUS 0

static const struct acpi_madt_override *
find_override(const struct acpi_madt_info *m, unsigned int irq)
{
	for (unsigned int i = 0; i < m->nr_overrides; i++)
		if (m->overrides[i].bus == ISA_BUS &&
		    m->overrides[i].source_irq == irq)
			return &m->overrides[i];
	return NULL;
}

/* Does an override move some other ISA IRQ onto @gsi? */
static bool gsi_taken_by_other(const struct acpi_madt_info *m, u32 gsi,
			       unsigned int irq)
{
	for (unsigned int i = 0; i < m->nr_overrides; i++)
		if (m->overrides[i].gsi == gsi &&
		    m->overrides[i].source_irq != irq)
			return true;
	return false;
}

int irq_route_lookup(const struct acpi_madt_info *m, unsigned int irq,
		     struct irq_route *out)
{
	const struct acpi_madt_override *o =
		irq < NR_ISA_IRQS ? find_override(m, irq) : NULL;
	bool isa = irq < NR_ISA_IRQS;

	if (!o && gsi_taken_by_other(m, irq, irq))
		return -EBUSY;
	/* Bus defaults: ISA edge/high, PCI (GSIs above 15) level/low. */
	*out = (struct irq_route){
		.gsi = irq, .active_low = !isa, .level = !isa};
	if (!o)
		return 0;
	out->gsi = o->gsi;
	if (o->polarity == ACPI_POLARITY_ACTIVE_LOW)
		out->active_low = true;
	else if (o->polarity == ACPI_POLARITY_ACTIVE_HIGH)
		out->active_low = false;
	if (o->trigger == ACPI_TRIGGER_LEVEL)
		out->level = true;
	else if (o->trigger == ACPI_TRIGGER_EDGE)
		out->level = false;
	return 0;
}

int ioapic_find_pin(const struct acpi_madt_info *m, const u32 *nr_pins, u32 gsi,
		    unsigned int *ioapic, unsigned int *pin)
{
	for (unsigned int i = 0; i < m->nr_ioapics; i++) {
		u32 base = m->ioapics[i].gsi_base;

		if (gsi >= base && gsi - base < nr_pins[i]) {
			*ioapic = i;
			*pin = gsi - base;
			return 0;
		}
	}
	return -ENOENT;
}

u64 ioapic_rte_encode(u8 vector, u8 dest_apic_id, const struct irq_route *route,
		      bool masked)
{
	u64 rte = vector & IOAPIC_RTE_VECTOR_MASK;

	if (route->active_low)
		rte |= IOAPIC_RTE_ACTIVE_LOW;
	if (route->level)
		rte |= IOAPIC_RTE_LEVEL;
	if (masked)
		rte |= IOAPIC_RTE_MASKED;
	return rte | ((u64)dest_apic_id << IOAPIC_RTE_DEST_SHIFT);
}
