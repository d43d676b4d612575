// SPDX-License-Identifier: MIT
/*
 * The IOAPICs the MADT lists. Each is two MMIO registers (82093AA data
 * sheet, 3.1): IOREGSEL at +0x00 selects, IOWIN at +0x10 reads or writes;
 * register 1 holds the version and the number of redirection entries - 1,
 * entry n is registers 0x10 + 2n (low) and 0x11 + 2n (high).
 *
 * At boot every pin is masked and the ISA IRQs are programmed (still
 * masked) with their MADT routes; request_irq unmasks.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/irq.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ioapic_route.h"
#include "kernel/lib/log.h"

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_MMIO_SIZE 0x20
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_RTE_BASE 0x10
#define IOAPIC_MAX_REDIR_SHIFT 16

static void *ioapic_base[ACPI_MAX_IOAPICS];
static u32 ioapic_pins[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;

static u32 io_apic_read(unsigned int idx, u32 reg)
{
	writel(reg, (char *)ioapic_base[idx] + IOAPIC_REGSEL);
	return readl((char *)ioapic_base[idx] + IOAPIC_WINDOW);
}

static void io_apic_write(unsigned int idx, u32 reg, u32 v)
{
	writel(reg, (char *)ioapic_base[idx] + IOAPIC_REGSEL);
	writel(v, (char *)ioapic_base[idx] + IOAPIC_WINDOW);
}

static void write_rte(unsigned int idx, unsigned int pin, u64 rte)
{
	/* Mask first, so no half-written entry is ever live. */
	io_apic_write(idx, IOAPIC_REG_RTE_BASE + 2 * pin, IOAPIC_RTE_MASKED);
	io_apic_write(idx, IOAPIC_REG_RTE_BASE + 2 * pin + 1, (u32)(rte >> 32));
	io_apic_write(idx, IOAPIC_REG_RTE_BASE + 2 * pin, (u32)rte);
}

u64 ioapic_read_rte(unsigned int idx, unsigned int pin);
u64 ioapic_read_rte(unsigned int idx, unsigned int pin)
{
	return io_apic_read(idx, IOAPIC_REG_RTE_BASE + 2 * pin) |
	       ((u64)io_apic_read(idx, IOAPIC_REG_RTE_BASE + 2 * pin + 1)
		<< 32);
}

/* Program @irq's pin with its route; masked or not. */
static int program_irq(unsigned int irq, bool masked)
{
	const struct acpi_madt_info *m = acpi_madt();
	struct irq_route r;
	unsigned int idx, pin;
	int err;

	if (!m || !nr_ioapics)
		return -ENODEV;
	err = irq_route_lookup(m, irq, &r);
	if (!err)
		err = ioapic_find_pin(m, ioapic_pins, r.gsi, &idx, &pin);
	if (err)
		return err;
	write_rte(idx, pin,
		  ioapic_rte_encode((u8)irq_to_vector(irq), (u8)apic_id(), &r,
				    masked));
	return 0;
}

int ioapic_unmask_irq(unsigned int irq)
{
	int err = program_irq(irq, false);

	if (err)
		pr_err("ioapic: no pin for irq %u (%d)", irq, err);
	return err;
}

void ioapic_mask_irq(unsigned int irq)
{
	program_irq(irq, true);
}

/**
 * ioapic_init - map every MADT IOAPIC, mask all pins, program the ISA
 * IRQs masked.
 * Context: boot, after apic_init().
 */
void ioapic_init(void);
void ioapic_init(void)
{
	const struct acpi_madt_info *m = acpi_madt();

	if (!m) {
		pr_warn("ioapic: no MADT: device interrupts are unavailable");
		return;
	}
	for (unsigned int i = 0; i < m->nr_ioapics; i++) {
		u32 ver;

		ioapic_base[i] =
			ioremap(m->ioapics[i].address, IOAPIC_MMIO_SIZE);
		if (!ioapic_base[i])
			return;
		ver = io_apic_read(i, IOAPIC_REG_VERSION);
		ioapic_pins[i] = ((ver >> IOAPIC_MAX_REDIR_SHIFT) & 0xff) + 1;
		nr_ioapics = i + 1;
		for (unsigned int pin = 0; pin < ioapic_pins[i]; pin++)
			write_rte(i, pin, IOAPIC_RTE_MASKED);
		pr_info("IOAPIC[%u]: apic_id %u, version 0x%02x, address "
			"0x%x, GSI %u-%u",
			i, m->ioapics[i].id, ver & 0xff, m->ioapics[i].address,
			m->ioapics[i].gsi_base,
			m->ioapics[i].gsi_base + ioapic_pins[i] - 1);
	}
	for (unsigned int irq = 0; irq < NR_ISA_IRQS; irq++)
		program_irq(irq, true);
}

/* For tests: the number of pins of IOAPIC @idx (0 when absent). */
u32 ioapic_nr_pins(unsigned int idx);
u32 ioapic_nr_pins(unsigned int idx)
{
	return idx < nr_ioapics ? ioapic_pins[idx] : 0;
}
