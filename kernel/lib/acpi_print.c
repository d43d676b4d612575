// SPDX-License-Identifier: MIT
/*
 * Printing ACPI tables and decoded MADT/HPET/FADT contents with pr_info,
 * in the line shapes Linux's boot log uses, so logs read alike.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "kernel/lib/acpi.h"

#include "kernel/lib/acpi_internal.h"
#include "kernel/lib/log.h"

#define PM_TIMER_BITS_24 24
#define PM_TIMER_BITS_32 32

const char *acpi_polarity_name(unsigned int polarity)
{
	static const char *const names[] = {"dfl", "high", "res", "low"};

	return names[polarity & ACPI_MADT_POLARITY_MASK];
}

const char *acpi_trigger_name(unsigned int trigger)
{
	static const char *const names[] = {"dfl", "edge", "res", "level"};

	return names[trigger & ACPI_MADT_TRIGGER_MASK];
}

static void print_rsdp(const struct acpi_tables *t)
{
	const struct acpi_table_rsdp *r;
	char oem[ACPI_NAME_BUF];

	r = acpi_map(&t->mem, t->rsdp_phys, ACPI_RSDP_V1_SIZE);
	if (!r)
		return;
	acpi_name_str(oem, r->oem_id, ACPI_OEM_ID_SIZE);
	pr_info("RSDP 0x%016lX %06X (v%02u %-6s)\n", t->rsdp_phys,
		t->rsdp_length, r->revision, oem);
}

static void print_header(const struct acpi_mem *mem, phys_addr_t phys)
{
	const struct acpi_table_header *h = acpi_map(mem, phys, sizeof(*h));
	char sig[ACPI_NAME_BUF], oem[ACPI_NAME_BUF], oem_table[ACPI_NAME_BUF];
	char compiler[ACPI_NAME_BUF];

	if (!h)
		return;
	acpi_name_str(sig, h->signature, ACPI_NAMESEG_SIZE);
	acpi_name_str(oem, h->oem_id, ACPI_OEM_ID_SIZE);
	acpi_name_str(oem_table, h->oem_table_id, ACPI_OEM_TABLE_ID_SIZE);
	acpi_name_str(compiler, h->asl_compiler_id, ACPI_NAMESEG_SIZE);
	pr_info("%-4s 0x%016lX %06X (v%02u %-6s %-8s %08X %-4s %08X)\n", sig,
		phys, h->length, h->revision, oem, oem_table, h->oem_revision,
		compiler, h->asl_compiler_revision);
}

void acpi_print_tables(const struct acpi_tables *t)
{
	if (!t->rsdp_phys)
		return;
	print_rsdp(t);
	print_header(&t->mem, t->root_phys);
	for (unsigned int i = 0; i < t->nr_tables; i++)
		print_header(&t->mem, t->tables[i].phys);
}

static const char *cpu_state(const struct acpi_madt_cpu *c)
{
	if (c->enabled)
		return "enabled";
	return c->online_capable ? "online-capable" : "disabled";
}

static void print_cpus(const struct acpi_madt_info *m)
{
	for (unsigned int i = 0; i < m->nr_cpus; i++) {
		const struct acpi_madt_cpu *c = &m->cpus[i];

		if (c->x2apic)
			pr_info("X2APIC (apic_id[0x%02x] uid[0x%02x] %s)\n",
				c->apic_id, c->processor_uid, cpu_state(c));
		else
			pr_info("LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n",
				c->processor_uid, c->apic_id, cpu_state(c));
	}
}

static void print_nmis(const struct acpi_madt_info *m)
{
	for (unsigned int i = 0; i < m->nr_nmi_sources; i++) {
		const struct acpi_madt_nmi_src *n = &m->nmi_sources[i];

		pr_info("NMI_SRC (%s %s global_irq %u)\n",
			acpi_polarity_name(n->polarity),
			acpi_trigger_name(n->trigger), n->gsi);
	}
	for (unsigned int i = 0; i < m->nr_lapic_nmis; i++) {
		const struct acpi_madt_lapic_nmi *n = &m->lapic_nmis[i];

		pr_info("%s (%s[0x%02x] %s %s lint[0x%x])\n",
			n->x2apic ? "X2APIC_NMI" : "LAPIC_NMI",
			n->x2apic ? "uid" : "acpi_id", n->processor_uid,
			acpi_polarity_name(n->polarity),
			acpi_trigger_name(n->trigger), n->lint);
	}
}

void acpi_print_madt(const struct acpi_madt_info *m)
{
	if (m->lapic_addr_override)
		pr_info("LAPIC_ADDR_OVR (address[0x%016lx])\n", m->lapic_addr);
	print_cpus(m);
	for (unsigned int i = 0; i < m->nr_ioapics; i++) {
		const struct acpi_madt_ioapic *io = &m->ioapics[i];

		pr_info("IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n",
			io->id, io->address, io->gsi_base);
	}
	for (unsigned int i = 0; i < m->nr_overrides; i++) {
		const struct acpi_madt_override *o = &m->overrides[i];

		pr_info("INT_SRC_OVR (bus %u bus_irq %u global_irq %u %s %s)\n",
			o->bus, o->source_irq, o->gsi,
			acpi_polarity_name(o->polarity),
			acpi_trigger_name(o->trigger));
	}
	print_nmis(m);
}

void acpi_print_hpet(const struct acpi_hpet_info *h)
{
	pr_info("HPET id: 0x%x base: 0x%lx\n", h->block_id, h->address.address);
}

static const char *space_name(u8 space_id)
{
	switch (space_id) {
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
		return "mem";
	case ACPI_ADR_SPACE_SYSTEM_IO:
		return "io";
	case ACPI_ADR_SPACE_PCI_CONFIG:
		return "pci";
	default:
		return "other";
	}
}

void acpi_print_fadt(const struct acpi_fadt_info *f)
{
	const struct acpi_generic_address *tmr = &f->pm_timer_block;
	const struct acpi_generic_address *rst = &f->reset_register;

	pr_info("FADT (v%02u.%u sci_int %u flags 0x%08x%s) DSDT 0x%lx FACS "
		"0x%lx\n",
		f->revision, f->minor_revision, f->sci_interrupt, f->flags,
		f->hw_reduced ? " hw_reduced" : "", f->dsdt, f->facs);
	if (tmr->address)
		pr_info("PM timer %s 0x%lx, %u-bit counter\n",
			space_name(tmr->space_id), tmr->address,
			f->pm_timer_32bit ? PM_TIMER_BITS_32
					  : PM_TIMER_BITS_24);
	if (f->reset_reg_sup && f->has_reset_register)
		pr_info("reset register %s 0x%lx value 0x%02x\n",
			space_name(rst->space_id), rst->address,
			f->reset_value);
}
