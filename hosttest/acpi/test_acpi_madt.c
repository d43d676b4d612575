// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/acpi_madt.c: QEMU pc and q35 MADTs, every
 * decoded entry type, and hostile tables: zero-length entries, entries
 * running past the end or shorter than their type, a trailing byte,
 * arrays overflowing, bad values, reserved INTI encodings.
 */
#include "hosttest/acpi/acpi_test.h"

#define MADT_BUF 4096

struct madt_fixture {
	uint8_t buf[MADT_BUF];
	struct acpi_madt_info info;
	struct madt_builder b;
};

static int setup(void **state)
{
	return buf_fixture_setup(state, sizeof(struct madt_fixture));
}

static int madt_fn(const void *t, void *out)
{
	return acpi_madt_decode(t, out);
}

/* Decode the table in f->buf from an exactly-sized copy. */
static int decode(struct madt_fixture *f)
{
	return decode_with(f->buf, madt_fn, &f->info);
}

static bool info_is_zero(const struct acpi_madt_info *m)
{
	static const struct acpi_madt_info zero;

	return memcmp(m, &zero, sizeof(zero)) == 0;
}

static void check_qemu(const struct acpi_madt_info *m, unsigned int ncpus)
{
	static const struct {
		uint8_t irq;
		uint32_t gsi;
		uint8_t polarity, trigger;
	} want[] = {
		{0, 2, ACPI_POLARITY_CONFORMS, ACPI_TRIGGER_CONFORMS},
		{5, 5, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL},
		{9, 9, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL},
		{10, 10, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL},
		{11, 11, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL},
	};

	assert_int_equal(m->lapic_addr, 0xfee00000);
	assert_false(m->lapic_addr_override);
	assert_true(m->pcat_compat);
	assert_int_equal(m->flags, 1);
	assert_int_equal(m->nr_cpus, ncpus);
	for (unsigned int i = 0; i < ncpus; i++) {
		assert_int_equal(m->cpus[i].processor_uid, i);
		assert_int_equal(m->cpus[i].apic_id, i);
		assert_true(m->cpus[i].enabled);
		assert_false(m->cpus[i].online_capable);
		assert_false(m->cpus[i].x2apic);
	}
	assert_int_equal(m->nr_ioapics, 1);
	assert_int_equal(m->ioapics[0].id, 0);
	assert_int_equal(m->ioapics[0].address, 0xfec00000);
	assert_int_equal(m->ioapics[0].gsi_base, 0);
	assert_int_equal(m->nr_overrides, 5);
	for (unsigned int i = 0; i < 5; i++) {
		assert_int_equal(m->overrides[i].bus, 0);
		assert_int_equal(m->overrides[i].source_irq, want[i].irq);
		assert_int_equal(m->overrides[i].gsi, want[i].gsi);
		assert_int_equal(m->overrides[i].polarity, want[i].polarity);
		assert_int_equal(m->overrides[i].trigger, want[i].trigger);
	}
	assert_int_equal(m->overrides[1].inti_flags, 0xd);
	assert_int_equal(m->nr_nmi_sources, 0);
	assert_int_equal(m->nr_lapic_nmis, 1);
	assert_true(m->lapic_nmis[0].all_cpus);
	assert_int_equal(m->lapic_nmis[0].processor_uid, 0xff);
	assert_int_equal(m->lapic_nmis[0].lint, 1);
	assert_false(m->lapic_nmis[0].x2apic);
	assert_int_equal(m->nr_ignored + m->nr_invalid + m->nr_overflow, 0);
}

static void test_qemu_pc_madt(void **state)
{
	struct madt_fixture *f = *state;

	assert_int_equal(build_qemu_madt(f->buf, 1), 0x78);
	assert_int_equal(decode(f), 0);
	check_qemu(&f->info, 1);
}

static void test_parse_from_tables(void **state)
{
	struct madt_fixture *f = *state;
	struct phys_window w;
	static struct acpi_tables t;

	mk_q35(&w);
	assert_int_equal(acpi_tables_init(&t, &w.mem, 0), 0);
	assert_int_equal(acpi_parse_madt(&t, &f->info), 0);
	check_qemu(&f->info, 2);

	/* No MADT. */
	memcpy(win_at(&w, Q35_APIC), "APIX", 4);
	win_fix(&w, Q35_APIC);
	assert_int_equal(acpi_tables_init(&t, &w.mem, 0), 0);
	memset(&f->info, 0xa5, sizeof(f->info));
	assert_int_equal(acpi_parse_madt(&t, &f->info), -ENOENT);
	assert_true(info_is_zero(&f->info));
	win_free(&w);
}

static void test_all_types(void **state)
{
	struct madt_fixture *f = *state;
	struct acpi_madt_info *m = &f->info;

	madt_begin(&f->b, f->buf, 0xfee00000, 0);
	madt_lapic_ovr(&f->b, 0x1fee00000ULL);
	madt_lapic(&f->b, 3, 6, 0); /* disabled */
	madt_lapic(&f->b, 4, 8, 2); /* online capable */
	madt_x2apic(&f->b, 0x1234, 1, 0x20);
	madt_ioapic(&f->b, 2, 0xfec01000, 24);
	madt_nmi_src(&f->b, 0xf, 30); /* active low, level */
	madt_lapic_nmi(&f->b, 3, 0x5, 0); /* high, edge, LINT0 */
	madt_x2apic_nmi(&f->b, 0, 0xffffffff, 1);
	madt_x2apic_nmi(&f->b, 0, 0x20, 1);
	madt_end(&f->b);
	assert_int_equal(decode(f), 0);
	assert_false(m->pcat_compat);
	assert_true(m->lapic_addr_override);
	assert_int_equal(m->lapic_addr, 0x1fee00000ULL);
	assert_int_equal(m->nr_cpus, 3);
	assert_false(m->cpus[0].enabled);
	assert_false(m->cpus[0].online_capable);
	assert_int_equal(m->cpus[0].processor_uid, 3);
	assert_int_equal(m->cpus[0].apic_id, 6);
	assert_false(m->cpus[1].enabled);
	assert_true(m->cpus[1].online_capable);
	assert_int_equal(m->cpus[1].flags, 2);
	assert_true(m->cpus[2].x2apic);
	assert_true(m->cpus[2].enabled);
	assert_int_equal(m->cpus[2].apic_id, 0x1234);
	assert_int_equal(m->cpus[2].processor_uid, 0x20);
	assert_int_equal(m->nr_ioapics, 1);
	assert_int_equal(m->ioapics[0].id, 2);
	assert_int_equal(m->ioapics[0].gsi_base, 24);
	assert_int_equal(m->nr_nmi_sources, 1);
	assert_int_equal(m->nmi_sources[0].gsi, 30);
	assert_int_equal(m->nmi_sources[0].polarity, ACPI_POLARITY_ACTIVE_LOW);
	assert_int_equal(m->nmi_sources[0].trigger, ACPI_TRIGGER_LEVEL);
	assert_int_equal(m->nr_lapic_nmis, 3);
	assert_false(m->lapic_nmis[0].all_cpus);
	assert_int_equal(m->lapic_nmis[0].processor_uid, 3);
	assert_int_equal(m->lapic_nmis[0].lint, 0);
	assert_int_equal(m->lapic_nmis[0].polarity, ACPI_POLARITY_ACTIVE_HIGH);
	assert_int_equal(m->lapic_nmis[0].trigger, ACPI_TRIGGER_EDGE);
	assert_true(m->lapic_nmis[1].x2apic);
	assert_true(m->lapic_nmis[1].all_cpus);
	assert_false(m->lapic_nmis[2].all_cpus);
	assert_int_equal(m->lapic_nmis[2].processor_uid, 0x20);
	assert_int_equal(m->nr_ignored + m->nr_invalid + m->nr_overflow, 0);
}

static void test_zero_length_entry(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_lapic(&f->b, 0, 0, 1);
	madt_raw(&f->b, 0, 0, (const uint8_t[6]){0}, 6);
	madt_end(&f->b);
	memset(&f->info, 0xa5, sizeof(f->info));
	assert_int_equal(decode(f), -EINVAL);
	assert_true(info_is_zero(&f->info));
	assert_true(logged("MADT entry 1 (type 0) at offset 0x34: length 0 is "
			   "shorter than the 8 bytes its type needs"));
}

static void test_length_one_entry(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_raw(&f->b, 0x7f, 1, (const uint8_t[2]){0}, 2);
	madt_end(&f->b);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(logged("MADT entry 0 (type 127) at offset 0x2c: length 1 "
			   "is shorter than the 2 bytes its type needs"));
}

static void test_entry_past_end(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_lapic(&f->b, 0, 0, 1);
	madt_ioapic(&f->b, 0, 0xfec00000, 0);
	madt_end(&f->b);
	/* Cut the table in the middle of the IOAPIC entry. */
	put32(f->buf, 4, 44 + 8 + 6);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(info_is_zero(&f->info));
	assert_true(logged("MADT entry 1 (type 1) at offset 0x34: length 12 "
			   "runs past the table end, 6 bytes left"));
}

static void test_entry_shorter_than_type(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_raw(&f->b, 1, 8, (const uint8_t[6]){0}, 6); /* IOAPIC, 8 */
	madt_lapic(&f->b, 0, 0, 1);
	madt_end(&f->b);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(logged("MADT entry 0 (type 1) at offset 0x2c: length 8 is "
			   "shorter than the 12 bytes its type needs"));
}

static void test_trailing_byte(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_lapic(&f->b, 0, 0, 1);
	f->b.len += 1;
	madt_end(&f->b);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(logged("MADT entry 1 at offset 0x34: only 1 byte(s) left "
			   "in the 53-byte table"));
}

static void test_longer_entries_and_unknown_types(void **state)
{
	struct madt_fixture *f = *state;
	const uint8_t lapic10[8] = {7, 9, 1, 0, 0, 0, 0xee, 0xee};
	const uint8_t gicc[6] = {0};

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_raw(&f->b, 0, 10, lapic10, 8); /* a longer future LAPIC */
	madt_raw(&f->b, 0xb, 8, gicc, 6); /* GICC: not decoded */
	madt_raw(&f->b, 0x80, 2, NULL, 0); /* OEM type, empty */
	madt_raw(&f->b, 7, 8, gicc, 6); /* SAPIC: not decoded */
	madt_end(&f->b);
	assert_int_equal(decode(f), 0);
	assert_int_equal(f->info.nr_cpus, 1);
	assert_int_equal(f->info.cpus[0].processor_uid, 7);
	assert_int_equal(f->info.cpus[0].apic_id, 9);
	assert_true(f->info.cpus[0].enabled);
	assert_int_equal(f->info.nr_ignored, 3);
	assert_true(logged("MADT entry 2: type 128 not decoded"));
}

static void test_header_only_and_short(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_end(&f->b);
	assert_int_equal(decode(f), 0);
	assert_int_equal(f->info.nr_cpus, 0);
	assert_int_equal(f->info.lapic_addr, 0xfee00000);

	put32(f->buf, 4, 40);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(logged("MADT: signature \"APIC\" length 40, expected "
			   "\"APIC\" and at least 44 bytes"));

	put32(f->buf, 4, 44);
	memcpy(f->buf, "AP\001C", 4);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(logged("signature \"AP?C\" length 44"));
}

static void test_overflow(void **state)
{
	struct madt_fixture *f = *state;
	struct acpi_madt_info *m = &f->info;
	const unsigned int extra = 6;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	for (unsigned int i = 0; i < ACPI_MAX_CPUS + extra; i++)
		madt_lapic(&f->b, i, i, 1);
	for (unsigned int i = 0; i < ACPI_MAX_IOAPICS + 1; i++)
		madt_ioapic(&f->b, i, 0xfec00000 + 0x1000 * i, 24 * i);
	for (unsigned int i = 0; i < ACPI_MAX_NMI_SOURCES + 1; i++)
		madt_nmi_src(&f->b, 0, i);
	madt_end(&f->b);
	assert_true(f->b.len < MADT_BUF);
	assert_int_equal(decode(f), -ENOSPC);
	assert_int_equal(m->nr_cpus, ACPI_MAX_CPUS);
	for (unsigned int i = 0; i < ACPI_MAX_CPUS; i++)
		assert_int_equal(m->cpus[i].apic_id, i);
	assert_int_equal(m->nr_ioapics, ACPI_MAX_IOAPICS);
	assert_int_equal(m->ioapics[ACPI_MAX_IOAPICS - 1].gsi_base,
			 24 * (ACPI_MAX_IOAPICS - 1));
	assert_int_equal(m->nr_nmi_sources, ACPI_MAX_NMI_SOURCES);
	assert_int_equal(m->nr_overflow, extra + 2);
	assert_true(logged(
		"MADT entry 64 (type 0): more than 64 CPU entries, dropped"));
	assert_true(logged("more than 8 IOAPIC entries, dropped"));
	assert_true(logged("more than 8 NMI_SRC entries, dropped"));
}

static void test_overflow_overrides_and_nmis(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	for (unsigned int i = 0; i < ACPI_MAX_INT_OVERRIDES + 1; i++)
		madt_iso(&f->b, 0, i, i, 0);
	for (unsigned int i = 0; i < ACPI_MAX_LAPIC_NMIS + 1; i++)
		madt_lapic_nmi(&f->b, i, 0, 1);
	madt_end(&f->b);
	assert_true(f->b.len < MADT_BUF);
	assert_int_equal(decode(f), -ENOSPC);
	assert_int_equal(f->info.nr_overrides, ACPI_MAX_INT_OVERRIDES);
	assert_int_equal(f->info.nr_lapic_nmis, ACPI_MAX_LAPIC_NMIS);
	assert_int_equal(f->info.nr_overflow, 2);
}

static void test_bad_values_dropped(void **state)
{
	struct madt_fixture *f = *state;
	struct acpi_madt_info *m = &f->info;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_ioapic(&f->b, 5, 0, 0);
	madt_lapic_nmi(&f->b, 0xff, 0, 2);
	madt_x2apic_nmi(&f->b, 0, 1, 7);
	madt_lapic_ovr(&f->b, 0);
	madt_lapic_ovr(&f->b, 0xfee10000);
	madt_lapic_ovr(&f->b, 0xfee20000);
	madt_ioapic(&f->b, 1, 0xfec00000, 0);
	madt_end(&f->b);
	assert_int_equal(decode(f), 0);
	assert_int_equal(m->nr_invalid, 5);
	assert_int_equal(m->nr_ioapics, 1);
	assert_int_equal(m->ioapics[0].id, 1);
	assert_int_equal(m->nr_lapic_nmis, 0);
	assert_int_equal(m->lapic_addr, 0xfee10000);
	assert_true(logged("MADT entry 0: IOAPIC id 5 has address 0, dropped"));
	assert_true(
		logged("MADT entry 1 (type 4): LINT2 does not exist, dropped"));
	assert_true(logged("MADT entry 2 (type 10): LINT7 does not exist"));
	assert_true(logged(
		"MADT entry 3: zero local APIC address override 0x0, dropped"));
	assert_true(logged("MADT entry 5: second local APIC address override "
			   "0xfee20000, dropped"));
}

static void test_reserved_inti(void **state)
{
	struct madt_fixture *f = *state;

	madt_begin(&f->b, f->buf, 0xfee00000, 1);
	madt_iso(&f->b, 0, 9, 9, 0x2); /* polarity 2 */
	madt_iso(&f->b, 0, 10, 10, 0x8); /* trigger 2 */
	madt_end(&f->b);
	assert_int_equal(decode(f), 0);
	assert_int_equal(f->info.nr_overrides, 2);
	assert_int_equal(f->info.overrides[0].polarity, ACPI_POLARITY_RESERVED);
	assert_int_equal(f->info.overrides[1].trigger, ACPI_TRIGGER_RESERVED);
	assert_true(logged("MADT entry 0 (type 2): inti_flags 0x0002 use a "
			   "reserved polarity or trigger mode"));
	assert_true(logged("MADT entry 1 (type 2): inti_flags 0x0008"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, buf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_qemu_pc_madt),
		T(test_parse_from_tables),
		T(test_all_types),
		T(test_zero_length_entry),
		T(test_length_one_entry),
		T(test_entry_past_end),
		T(test_entry_shorter_than_type),
		T(test_trailing_byte),
		T(test_longer_entries_and_unknown_types),
		T(test_header_only_and_short),
		T(test_overflow),
		T(test_overflow_overrides_and_nmis),
		T(test_bad_values_dropped),
		T(test_reserved_inti),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
