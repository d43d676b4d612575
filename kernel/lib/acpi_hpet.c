// SPDX-License-Identifier: MIT
/*
 * The HPET description table (IA-PC HPET specification 1.0a, section
 * 3.2.4, table 3): one event timer block, its base address as a Generic
 * Address Structure in system memory, and a copy of the block's General
 * Capabilities low half as the event timer block id:
 *
 *   bits 31:16 PCI vendor id   bit 15 LEG_RT_CAP   bit 13 COUNT_SIZE_CAP
 *   bits 12:8  comparators - 1                     bits 7:0 hardware rev
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "kernel/lib/acpi.h"

#include "kernel/lib/acpi_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

int acpi_hpet_decode(const struct acpi_table_header *table,
		     struct acpi_hpet_info *out)
{
	const struct acpi_table_hpet *h = (const void *)table;
	char sig[ACPI_NAME_BUF];

	memset(out, 0, sizeof(*out));
	if (!acpi_sig_is(table->signature, ACPI_SIG_HPET) ||
	    table->length < sizeof(*h)) {
		acpi_name_str(sig, table->signature, ACPI_NAMESEG_SIZE);
		pr_err("HPET: signature \"%s\" length %u, expected \"%s\" and "
		       "at least %zu bytes\n",
		       sig, table->length, ACPI_SIG_HPET, sizeof(*h));
		return -EINVAL;
	}
	if (h->address.space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY ||
	    !h->address.address) {
		pr_err("HPET: base address 0x%lx in space %u, expected a "
		       "system memory address\n",
		       h->address.address, h->address.space_id);
		return -EINVAL;
	}
	out->block_id = h->id;
	out->hardware_rev = h->id & ACPI_HPET_REV_ID_MASK;
	out->num_comparators =
		((h->id >> ACPI_HPET_NUM_TIM_SHIFT) & ACPI_HPET_NUM_TIM_MASK) +
		1;
	out->counter_64bit = h->id & ACPI_HPET_COUNT_SIZE_CAP;
	out->legacy_replacement = h->id & ACPI_HPET_LEG_RT_CAP;
	out->pci_vendor_id = h->id >> ACPI_HPET_VENDOR_SHIFT;
	out->address = h->address;
	out->hpet_number = h->sequence;
	out->min_tick = h->minimum_tick;
	out->page_protection = h->flags & ACPI_HPET_PAGE_PROTECT_MASK;
	return 0;
}

int acpi_parse_hpet(const struct acpi_tables *t, struct acpi_hpet_info *out)
{
	const struct acpi_table_header *hpet;

	hpet = acpi_find_table(t, ACPI_SIG_HPET, 0, NULL);
	if (!hpet) {
		memset(out, 0, sizeof(*out));
		return -ENOENT;
	}
	return acpi_hpet_decode(hpet, out);
}
