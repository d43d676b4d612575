// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/acpi*.c.
 *
 * Input: one mode byte, then the contents of a physical window at
 * [0xE0000, 0x100000) (the BIOS area, so the RSDP scan sees it; zero past
 * the input). Tables inside it point at each other by physical address;
 * anything outside the window is unreadable.
 *
 *   mode bit 7 clear: full parse. Bit 0 set: boot_params RSDP address
 *     0xE0000 + 16 * (mode >> 1 & 0x3f), else 0 (scan); with bit 0 clear
 *     the window's first 32 bytes are also boot_params.efi_info, and the
 *     RSDP acpi_rsdp_from_efi() finds through the UEFI system table it
 *     names (when they begin "EL64") is the address. Then every table
 *     is checked, the MADT, HPET and FADT decoded, the reset register
 *     decoded, everything printed.
 *   mode bit 7 set: the window bytes are one table whose length field is
 *     forced to the input length; bits 1:0 pick the decoder (MADT, FADT,
 *     HPET), whose signature is forced too.
 *
 * map() hands out exactly-sized malloc'd copies, so ASan reports any read
 * past what was granted. Asserts: listed tables, the RSDP and the root
 * really sum to zero; counts stay within capacities; failed decodes leave
 * all-zero results.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/acpi.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

#define WIN_BASE 0xe0000ULL
#define WIN_SIZE 0x20000ULL
#define MODE_DIRECT 0x80
#define MODE_HINT 0x01
#define HINT_SLOTS 0x3f

static uint8_t window[WIN_SIZE];
static struct fuzz_window guest = {window, WIN_BASE, WIN_SIZE, NULL, 0, 0};

static const void *fuzz_map(void *arg, uint64_t phys, uint64_t len)
{
	(void)arg;
	return fuzz_window_map(&guest, phys, len);
}

/* The bytes at [phys, phys + len) sum to zero (and are in the window). */
static void check_sums_to_zero(uint64_t phys, uint64_t len)
{
	check(phys >= WIN_BASE && len <= WIN_SIZE &&
	      phys - WIN_BASE <= WIN_SIZE - len);
	check(acpi_checksum(window + (phys - WIN_BASE), len) == 0);
}

static void check_tables(const struct acpi_tables *t)
{
	check(t->nr_tables <= ACPI_MAX_TABLES);
	check_sums_to_zero(t->rsdp_phys, 20);
	if (t->rsdp_revision >= 2)
		check_sums_to_zero(t->rsdp_phys, t->rsdp_length);
	check_sums_to_zero(t->root_phys, t->root_length);
	for (unsigned int i = 0; i < t->nr_tables; i++) {
		const struct acpi_table_desc *d = &t->tables[i];

		check(d->length >= sizeof(struct acpi_table_header));
		check_sums_to_zero(d->phys, d->length);
		check(memcmp(window + (d->phys - WIN_BASE), d->signature, 4) ==
		      0);
	}
}

static void check_madt(const struct acpi_madt_info *m, int ret)
{
	check(ret == 0 || ret == -ENOSPC || ret == -EINVAL || ret == -ENOENT);
	if (ret == -EINVAL || ret == -ENOENT)
		check(all_zero(m, sizeof(*m)));
	check(m->nr_cpus <= ACPI_MAX_CPUS);
	check(m->nr_ioapics <= ACPI_MAX_IOAPICS);
	check(m->nr_overrides <= ACPI_MAX_INT_OVERRIDES);
	check(m->nr_nmi_sources <= ACPI_MAX_NMI_SOURCES);
	check(m->nr_lapic_nmis <= ACPI_MAX_LAPIC_NMIS);
	check((ret == -ENOSPC) == (m->nr_overflow != 0));
	for (unsigned int i = 0; i < m->nr_ioapics; i++)
		check(m->ioapics[i].address != 0);
	for (unsigned int i = 0; i < m->nr_lapic_nmis; i++)
		check(m->lapic_nmis[i].lint <= 1);
}

static void check_hpet(const struct acpi_hpet_info *h, int ret)
{
	check(ret == 0 || ret == -EINVAL || ret == -ENOENT);
	if (ret) {
		check(all_zero(h, sizeof(*h)));
		return;
	}
	check(h->address.address &&
	      h->address.space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY);
	check(h->num_comparators >= 1 && h->num_comparators <= 32);
	acpi_print_hpet(h);
}

static void check_access_bytes(const struct acpi_generic_address *g)
{
	unsigned int n = acpi_gas_access_bytes(g);

	check(n == 0 || n == 1 || n == 2 || n == 4 || n == 8);
}

static void check_fadt(const struct acpi_fadt_info *f, int ret)
{
	struct acpi_reset r;
	int rr;

	check(ret == 0 || ret == -EINVAL || ret == -ENOENT);
	if (ret) {
		check(all_zero(f, sizeof(*f)));
		return;
	}
	check(f->length >= ACPI_FADT_V1_SIZE);
	check_access_bytes(&f->pm_timer_block);
	check_access_bytes(&f->reset_register);
	acpi_print_fadt(f);
	rr = acpi_fadt_reset(f, &r);
	check(rr == 0 || rr == -ENOENT || rr == -EINVAL);
	if (rr) {
		check(all_zero(&r, sizeof(r)));
		return;
	}
	check(f->reset_reg_sup && f->has_reset_register);
	check(r.address && r.space_id <= ACPI_ADR_SPACE_PCI_CONFIG);
	check(r.value == f->reset_value);
}

static void full_parse(uint8_t mode)
{
	static struct acpi_tables t;
	static struct acpi_madt_info madt;
	struct acpi_hpet_info hpet;
	struct acpi_fadt_info fadt;
	const struct acpi_mem mem = {fuzz_map, NULL};
	uint64_t hint = 0;
	int ret;

	if (mode & MODE_HINT) {
		hint = WIN_BASE + 16 * ((mode >> 1) & HINT_SLOTS);
	} else {
		/* As acpi_init(): the UEFI system table when no hint. */
		ret = acpi_rsdp_from_efi(&mem, window, &hint);
		check(ret == 0 || ret == -ENOENT || ret == -EINVAL);
		check(ret == 0 ? hint != 0 : hint == 0);
	}
	ret = acpi_tables_init(&t, &mem, hint);
	check(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (ret) {
		check(t.nr_tables == 0 && t.rsdp_phys == 0);
		return;
	}
	check_tables(&t);
	acpi_print_tables(&t);
	ret = acpi_parse_madt(&t, &madt);
	check_madt(&madt, ret);
	acpi_print_madt(&madt);
	ret = acpi_parse_hpet(&t, &hpet);
	check_hpet(&hpet, ret);
	ret = acpi_parse_fadt(&t, &fadt);
	check_fadt(&fadt, ret);
}

static void direct_decode(uint8_t mode, const uint8_t *data, size_t size)
{
	static const char *const sigs[] = {"APIC", "FACP", "HPET", "APIC"};
	static struct acpi_madt_info madt;
	struct acpi_hpet_info hpet;
	struct acpi_fadt_info fadt;
	uint8_t *table;
	uint32_t len = (uint32_t)size;

	if (size < sizeof(struct acpi_table_header))
		return;
	table = malloc(size);
	check(table != NULL);
	memcpy(table, data, size);
	memcpy(table, sigs[mode & 3], 4);
	memcpy(table + 4, &len, sizeof(len));
	switch (mode & 3) {
	case 1:
		check_fadt(&fadt, acpi_fadt_decode((const void *)table, &fadt));
		break;
	case 2:
		check_hpet(&hpet, acpi_hpet_decode((const void *)table, &hpet));
		break;
	default:
		check_madt(&madt, acpi_madt_decode((const void *)table, &madt));
		acpi_print_madt(&madt);
	}
	free(table);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mode;
	size_t n;

	if (size < 1)
		return 0;
	log_set_sink(fuzz_null_sink);
	mode = data[0];
	data++;
	size--;
	if (mode & MODE_DIRECT) {
		direct_decode(mode, data, size);
		return 0;
	}
	n = size < WIN_SIZE ? size : WIN_SIZE;
	memcpy(window, data, n);
	full_parse(mode);
	fuzz_window_release(&guest);
	memset(window, 0, n);
	return 0;
}
