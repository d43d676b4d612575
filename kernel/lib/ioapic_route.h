/* SPDX-License-Identifier: MIT */
/*
 * Routing an interrupt line to an IOAPIC pin, decided from the MADT alone:
 * which GSI an ISA IRQ arrives on (interrupt source overrides, ACPI 6.5
 * 5.2.12.5), its polarity and trigger mode, which IOAPIC pin that GSI is,
 * and the 64-bit redirection-table entry (82093AA data sheet, 3.2.4).
 */
#ifndef KEEL_LIB_IOAPIC_ROUTE_H
#define KEEL_LIB_IOAPIC_ROUTE_H

#include "kernel/lib/acpi.h"
#include "kernel/lib/types.h"

#define NR_ISA_IRQS 16

/* Redirection-table entry fields. */
#define IOAPIC_RTE_VECTOR_MASK 0xffULL
#define IOAPIC_RTE_DEST_LOGICAL BIT_ULL(11)
#define IOAPIC_RTE_ACTIVE_LOW BIT_ULL(13)
#define IOAPIC_RTE_LEVEL BIT_ULL(15)
#define IOAPIC_RTE_MASKED BIT_ULL(16)
#define IOAPIC_RTE_DEST_SHIFT 56

struct irq_route {
	u32 gsi;
	bool active_low;
	bool level;
};

/**
 * irq_route_lookup - the GSI, polarity and trigger of an irq.
 * @m: the decoded MADT.
 * @irq: ISA IRQ (0-15) or, above, a GSI.
 * @out: the route.
 *
 * An ISA IRQ is GSI = IRQ, edge, active high (the ISA bus defaults),
 * unless an override for bus 0 says otherwise ("conforms" keeps the
 * bus default). An ISA IRQ whose own GSI another IRQ's override took
 * (IRQ 2 when IRQ 0 moved to GSI 2) has no route. A GSI at or above 16
 * not named by an override is PCI-style: level, active low.
 *
 * Return: 0; -EBUSY for an ISA IRQ whose GSI another IRQ took.
 * Context: any.
 */
int irq_route_lookup(const struct acpi_madt_info *m, unsigned int irq,
		     struct irq_route *out);

/**
 * ioapic_find_pin - the IOAPIC and pin that receive @gsi.
 * @m: the decoded MADT.
 * @nr_pins: redirection entries of each IOAPIC, in MADT order (from each
 *	IOAPIC's version register).
 * @gsi: the global system interrupt.
 * @ioapic: set to the IOAPIC's index in @m->ioapics.
 * @pin: set to the pin.
 * Return: 0, or -ENOENT when no IOAPIC covers @gsi.
 * Context: any.
 */
int ioapic_find_pin(const struct acpi_madt_info *m, const u32 *nr_pins, u32 gsi,
		    unsigned int *ioapic, unsigned int *pin);

/**
 * ioapic_rte_encode - a redirection-table entry: fixed delivery, physical
 * destination.
 * @vector: the vector (0x10-0xfe).
 * @dest_apic_id: the destination local APIC id (8 bits in physical mode).
 * @route: polarity and trigger.
 * @masked: leave the pin masked.
 * Return: the 64-bit entry.
 * Context: any.
 */
u64 ioapic_rte_encode(u8 vector, u8 dest_apic_id, const struct irq_route *route,
		      bool masked);

#endif
