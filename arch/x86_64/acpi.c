// SPDX-License-Identifier: MIT
/*
 * The kernel side of ACPI: where physical memory is (the accessor the pure
 * parser reads through), which tables to decode, and the reset register.
 *
 * The accessor maps what the parser asks for with ioremap_cache (ACPI
 * tables, the EBDA and the BIOS area are not RAM, so the direct map does
 * not cover them): 2 MiB-aligned windows, kept for the life of the kernel
 * and reused, since the parser keeps pointers into them.
 */
#include "arch/x86_64/acpi.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/setup.h"
#include "kernel/arch/traps.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE BIT(31)
#define PCI_DEV_SHIFT 11
#define PCI_FN_SHIFT 8

static struct acpi_tables tables;
static struct acpi_madt_info madt;
static struct acpi_hpet_info hpet;
static struct acpi_fadt_info fadt;
static bool have_madt, have_hpet, have_fadt;

/* The windows mapped so far: [start, end) at virt. */
#define ACPI_WINDOWS 16
#define ACPI_WINDOW_ALIGN SZ_2M

struct acpi_window {
	u64 start, end;
	u8 *virt;
};

static struct acpi_window windows[ACPI_WINDOWS];
static unsigned int nr_windows;

static const void *acpi_map(void *arg, u64 phys, u64 len)
{
	u64 start, end;
	u8 *virt;

	(void)arg;
	if (len == 0 || phys + len < phys)
		return NULL;
	for (unsigned int i = 0; i < nr_windows; i++)
		if (windows[i].start <= phys && phys + len <= windows[i].end)
			return windows[i].virt + (phys - windows[i].start);
	if (nr_windows == ACPI_WINDOWS) {
		pr_warn("ACPI: no window left to map [0x%016lx-0x%016lx]", phys,
			phys + len - 1);
		return NULL;
	}
	start = ALIGN_DOWN(phys, ACPI_WINDOW_ALIGN);
	end = ALIGN(phys + len, ACPI_WINDOW_ALIGN);
	virt = ioremap_cache(start, end - start);
	if (!virt)
		return NULL;
	windows[nr_windows++] = (struct acpi_window){start, end, virt};
	return virt + (phys - start);
}

void acpi_init(void)
{
	struct acpi_mem mem = {.map = acpi_map};
	u64 rsdp = boot_params.acpi_rsdp_addr;
	int err;

	/* UEFI without the loader's hint: the firmware's system table. */
	if (!rsdp)
		acpi_rsdp_from_efi(&mem, boot_params.efi_info, &rsdp);
	err = acpi_tables_init(&tables, &mem, rsdp);
	if (err) {
		pr_warn("ACPI: no usable tables (%d): no IOAPIC, HPET or ACPI "
			"reset",
			err);
		return;
	}
	acpi_print_tables(&tables);
	err = acpi_parse_madt(&tables, &madt);
	have_madt = err == 0 || err == -ENOSPC;
	if (have_madt)
		acpi_print_madt(&madt);
	else
		pr_warn("ACPI: no usable MADT (%d)", err);
	err = acpi_parse_hpet(&tables, &hpet);
	have_hpet = err == 0;
	if (have_hpet)
		acpi_print_hpet(&hpet);
	err = acpi_parse_fadt(&tables, &fadt);
	have_fadt = err == 0;
	if (have_fadt)
		acpi_print_fadt(&fadt);
}

const struct acpi_tables *acpi_tables(void)
{
	return &tables;
}

const struct acpi_madt_info *acpi_madt(void)
{
	return have_madt ? &madt : NULL;
}

const struct acpi_hpet_info *acpi_hpet(void)
{
	return have_hpet ? &hpet : NULL;
}

const struct acpi_fadt_info *acpi_fadt(void)
{
	return have_fadt ? &fadt : NULL;
}

int acpi_sleep_control_write(u8 value)
{
	const struct acpi_generic_address *g = &fadt.sleep_control;
	void *p;

	if (!have_fadt || !fadt.hw_reduced || !g->address)
		return -ENODEV;
	switch (g->space_id) {
	case ACPI_ADR_SPACE_SYSTEM_IO:
		outb((u16)g->address, value);
		return 0;
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
		p = ioremap(g->address, 1);
		if (!p)
			return -ENODEV;
		writeb(value, p);
		return 0;
	default:
		return -ENODEV;
	}
}

int acpi_reboot(void)
{
	struct acpi_reset r;
	void *p;

	if (!have_fadt || acpi_fadt_reset(&fadt, &r))
		return -ENODEV;
	pr_emerg("reboot: ACPI reset register: space %u address 0x%llx "
		 "value 0x%x",
		 r.space_id, (unsigned long long)r.address, r.value);
	switch (r.space_id) {
	case ACPI_ADR_SPACE_SYSTEM_IO:
		outb((u16)r.address, r.value);
		return 0;
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
		p = ioremap(r.address, 1);
		if (!p)
			return -ENODEV;
		writeb(r.value, p);
		return 0;
	case ACPI_ADR_SPACE_PCI_CONFIG:
		outl(PCI_CONFIG_ADDRESS,
		     PCI_CONFIG_ENABLE | ((u32)r.pci_device << PCI_DEV_SHIFT) |
			     ((u32)r.pci_function << PCI_FN_SHIFT) |
			     (r.pci_offset & 0xfc));
		outb((u16)(PCI_CONFIG_DATA + (r.pci_offset & 3)), r.value);
		return 0;
	default:
		return -ENODEV;
	}
}
