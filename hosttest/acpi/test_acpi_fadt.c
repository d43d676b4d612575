// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/acpi_fadt.c and acpi_hpet.c: QEMU pc (ACPI 1.0,
 * 116 bytes) and q35 (revision 3, 244 bytes) FADTs, X_ fields preferred
 * only when the table holds them whole, 32/64-bit mismatches, legacy
 * block lengths, the reset register (I/O, memory, PCI configuration and
 * every way it can be unusable), GAS access sizes, and HPET tables.
 */
#include "hosttest/acpi/acpi_test.h"

#define FADT_BUF 512

struct fadt_fixture {
	uint8_t buf[FADT_BUF];
	struct acpi_fadt_info info;
	struct acpi_reset reset;
};

static int setup(void **state)
{
	return buf_fixture_setup(state, sizeof(struct fadt_fixture));
}

static int fadt_fn(const void *t, void *out)
{
	return acpi_fadt_decode(t, out);
}

static int hpet_fn(const void *t, void *out)
{
	return acpi_hpet_decode(t, out);
}

static int decode(struct fadt_fixture *f)
{
	return decode_with(f->buf, fadt_fn, &f->info);
}

static void assert_gas(const struct acpi_generic_address *g, uint8_t space,
		       uint8_t width, uint64_t address)
{
	assert_int_equal(g->space_id, space);
	assert_int_equal(g->bit_width, width);
	assert_int_equal(g->bit_offset, 0);
	assert_int_equal(g->address, address);
}

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_pc_fadt(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_fadt_info *i = &f->info;

	build_fadt_pc(f->buf, 0x7ffe0040, 0x7ffe0000);
	assert_int_equal(decode(f), 0);
	assert_int_equal(i->revision, 1);
	assert_int_equal(i->length, 116);
	assert_int_equal(i->sci_interrupt, 9);
	assert_int_equal(i->smi_command, 0xb2);
	assert_int_equal(i->acpi_enable, 0xf1);
	assert_int_equal(i->acpi_disable, 0xf0);
	assert_int_equal(i->century, 0x32);
	assert_int_equal(i->dsdt, 0x7ffe0040);
	assert_int_equal(i->facs, 0x7ffe0000);
	assert_int_equal(i->flags, 0x80a5);
	assert_false(i->reset_reg_sup);
	assert_false(i->hw_reduced);
	assert_false(i->pm_timer_32bit);
	assert_gas(&i->pm1a_event_block, ACPI_ADR_SPACE_SYSTEM_IO, 32, 0xb000);
	assert_gas(&i->pm1a_control_block, ACPI_ADR_SPACE_SYSTEM_IO, 16,
		   0xb004);
	assert_gas(&i->pm_timer_block, ACPI_ADR_SPACE_SYSTEM_IO, 32, 0xb008);
	assert_gas(&i->gpe0_block, ACPI_ADR_SPACE_SYSTEM_IO, 32, 0xafe0);
	assert_true(zero(&i->pm1b_event_block, 12));
	assert_true(zero(&i->pm2_control_block, 12));
	assert_true(zero(&i->gpe1_block, 12));
	assert_false(i->has_reset_register);
	assert_int_equal(acpi_fadt_reset(i, &f->reset), -ENOENT);
	assert_true(zero(&f->reset, sizeof(f->reset)));
}

/* QEMU microvm's: revision 5, HW-reduced, the GED's sleep registers. */
static void test_microvm_fadt(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_fadt_info *i = &f->info;

	build_header(f->buf, "FACP", 268, 5);
	memset(f->buf + 36, 0, 268 - 36);
	put32(f->buf, FADT_FLAGS, 0x00100400); /* HW_REDUCED, RESET_REG */
	put_gas(f->buf, FADT_RESET_REG, 0, 8, 0, 0, 0xfea00202);
	put8(f->buf, FADT_RESET_VALUE, 0x42);
	put64(f->buf, FADT_X_DSDT, 0xefd00);
	put_gas(f->buf, FADT_SLEEP_CONTROL, 0, 8, 0, 0, 0xfea00200);
	put_gas(f->buf, FADT_SLEEP_STATUS, 0, 8, 0, 0, 0xfea00201);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_true(i->hw_reduced);
	assert_gas(&i->sleep_control, ACPI_ADR_SPACE_SYSTEM_MEMORY, 8,
		   0xfea00200);
	assert_true(zero(&i->pm1a_control_block, 12));
	/* A table that ends before the field has none. */
	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	put_gas(f->buf, FADT_SLEEP_CONTROL, 0, 8, 0, 0, 0xfea00200);
	assert_int_equal(decode(f), 0);
	assert_true(zero(&i->sleep_control, 12));
}

static void test_q35_fadt(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_fadt_info *i = &f->info;

	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	assert_int_equal(decode(f), 0);
	assert_int_equal(i->revision, 3);
	assert_int_equal(i->length, 244);
	assert_int_equal(i->boot_flags, ACPI_FADT_8042);
	assert_true(i->reset_reg_sup);
	assert_true(i->has_reset_register);
	assert_gas(&i->pm_timer_block, ACPI_ADR_SPACE_SYSTEM_IO, 32, 0x608);
	/* The X_ form, not the 32-bit field with its length. */
	assert_gas(&i->gpe0_block, ACPI_ADR_SPACE_SYSTEM_IO, 128, 0x620);
	assert_int_equal(acpi_fadt_reset(i, &f->reset), 0);
	assert_int_equal(f->reset.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	assert_int_equal(f->reset.address, 0xcf9);
	assert_int_equal(f->reset.value, 0x0f);
	assert_int_equal(log_capture_count(), 0);
}

static void test_parse_from_tables(void **state)
{
	struct fadt_fixture *f = *state;
	struct phys_window w;
	static struct acpi_tables t;
	struct acpi_hpet_info h;

	mk_pc(&w);
	assert_int_equal(acpi_tables_init(&t, &w.mem, 0), 0);
	assert_int_equal(acpi_parse_fadt(&t, &f->info), 0);
	assert_int_equal(f->info.dsdt, PC_DSDT);
	assert_int_equal(f->info.facs, PC_FACS);
	assert_int_equal(acpi_parse_hpet(&t, &h), 0);
	assert_int_equal(h.address.address, 0xfed00000);
	win_free(&w);

	/* Neither table present. */
	mk_q35(&w);
	memcpy(win_at(&w, Q35_FACP), "FACQ", 4);
	win_fix(&w, Q35_FACP);
	build_rsdp(win_at(&w, Q35_RSDP), 0, Q35_RSDT, 0);
	assert_int_equal(acpi_tables_init(&t, &w.mem, 0), 0);
	memset(&f->info, 0xa5, sizeof(f->info));
	assert_int_equal(acpi_parse_fadt(&t, &f->info), -ENOENT);
	assert_true(zero(&f->info, sizeof(f->info)));
	memset(&h, 0xa5, sizeof(h));
	assert_int_equal(acpi_parse_hpet(&t, &h), -ENOENT);
	assert_true(zero(&h, sizeof(h)));
	win_free(&w);
}

static void test_x_fields_preferred(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_fadt_info *i = &f->info;

	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	put64(f->buf, FADT_X_DSDT, 0x17ffe0040ULL);
	put64(f->buf, FADT_X_FACS, 0x17ffe0000ULL);
	put_gas(f->buf, FADT_X_PM_TMR, ACPI_ADR_SPACE_SYSTEM_MEMORY, 32, 0, 3,
		0xfe000008ULL);
	put_gas(f->buf, FADT_X_GPE1, 1, 16, 0, 0, 0x640);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_int_equal(i->dsdt, 0x17ffe0040ULL);
	assert_int_equal(i->facs, 0x17ffe0000ULL);
	assert_gas(&i->pm_timer_block, ACPI_ADR_SPACE_SYSTEM_MEMORY, 32,
		   0xfe000008ULL);
	assert_int_equal(i->pm_timer_block.access_width, 3);
	/* The 32-bit GPE1 is zero: no mismatch to report. */
	assert_gas(&i->gpe1_block, 1, 16, 0x640);
	assert_true(logged("FACP: DSDT 0x7ffe0040 and X_DSDT 0x17ffe0040 "
			   "differ, using X_DSDT"));
	assert_true(logged("FACP: FIRMWARE_CTRL 0x7ffe0000 and X_FIRMWARE_CTRL "
			   "0x17ffe0000 differ"));
	assert_true(logged(
		"FACP: PM_TMR_BLK 0x608 and X_PM_TMR_BLK 0xfe000008 differ"));
	assert_int_equal(log_capture_count(), 3);
}

static void test_x_fields_only_when_whole(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_fadt_info *i = &f->info;

	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	put64(f->buf, FADT_X_DSDT, 0x17ffe0040ULL);
	put_gas(f->buf, FADT_X_PM1A_EVT, 1, 32, 0, 0, 0x11600);
	/* The table ends inside X_DSDT (140..148). */
	put32(f->buf, 4, 144);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_int_equal(i->dsdt, 0x7ffe0040);
	assert_int_equal(i->facs, 0x7ffe0000);
	assert_gas(&i->pm1a_event_block, 1, 32, 0x600);

	/* Ends inside X_PM1a_EVT_BLK's address (152..160). */
	put32(f->buf, 4, 156);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_int_equal(i->dsdt, 0x17ffe0040ULL);
	assert_gas(&i->pm1a_event_block, 1, 32, 0x600);

	/* Ends inside RESET_REG: no reset register. */
	put32(f->buf, 4, 120);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_false(i->has_reset_register);
	assert_true(zero(&i->reset_register, 12));
	assert_true(i->reset_reg_sup);
	assert_int_equal(acpi_fadt_reset(i, &f->reset), -ENOENT);
	assert_true(logged("FACP: RESET_REG_SUP is set but the 120-byte table "
			   "ends before RESET_REG"));
}

static void test_long_fadt(void **state)
{
	struct fadt_fixture *f = *state;

	/* An ACPI 6.5 FADT with bytes beyond what keel knows. */
	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	put32(f->buf, 4, 300);
	put8(f->buf, 8, 6);
	put8(f->buf, FADT_MINOR, 5);
	memset(f->buf + 276, 0xee, 24);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_int_equal(f->info.revision, 6);
	assert_int_equal(f->info.minor_revision, 5);
	assert_int_equal(f->info.length, 300);
	assert_int_equal(f->info.dsdt, 0x7ffe0040);
}

static void test_short_or_wrong_fadt(void **state)
{
	struct fadt_fixture *f = *state;

	build_fadt_pc(f->buf, 0x7ffe0040, 0x7ffe0000);
	put32(f->buf, 4, 115);
	memset(&f->info, 0xa5, sizeof(f->info));
	assert_int_equal(decode(f), -EINVAL);
	assert_true(zero(&f->info, sizeof(f->info)));
	assert_true(logged("FADT: signature \"FACP\" length 115, expected "
			   "\"FACP\" and at least 116 bytes"));

	put32(f->buf, 4, 116);
	memcpy(f->buf, "APIC", 4);
	assert_int_equal(decode(f), -EINVAL);
	assert_true(logged("FADT: signature \"APIC\" length 116"));
}

static void test_legacy_block_lengths(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_fadt_info *i = &f->info;

	build_fadt_pc(f->buf, 0x7ffe0040, 0x7ffe0000);
	put8(f->buf, FADT_PM_TMR_LEN, 0);
	put32(f->buf, FADT_GPE1, 0xafe4);
	put8(f->buf, FADT_GPE1_LEN, 32); /* 256 bits: no GAS can say so */
	put32(f->buf, FADT_FLAGS, ACPI_FADT_32BIT_TIMER | ACPI_FADT_HW_REDUCED);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_true(zero(&i->pm_timer_block, 12));
	assert_true(zero(&i->gpe1_block, 12));
	assert_true(i->pm_timer_32bit);
	assert_true(i->hw_reduced);
	assert_true(logged("FACP: PM_TMR_BLK at I/O port 0xb008 has unusable "
			   "length 0, ignored"));
	assert_true(logged("FACP: GPE1_BLK at I/O port 0xafe4 has unusable "
			   "length 32, ignored"));

	/* 31 bytes is the longest a GAS can describe. */
	put8(f->buf, FADT_GPE1_LEN, 31);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_gas(&i->gpe1_block, ACPI_ADR_SPACE_SYSTEM_IO, 248, 0xafe4);
}

/* q35 FADT whose reset register is replaced. */
static int reset_with(struct fadt_fixture *f, uint8_t space, uint8_t width,
		      uint8_t offset, uint64_t address)
{
	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	put_gas(f->buf, FADT_RESET_REG, space, width, offset, 1, address);
	put8(f->buf, FADT_RESET_VALUE, 0x06);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	memset(&f->reset, 0xa5, sizeof(f->reset));
	return acpi_fadt_reset(&f->info, &f->reset);
}

static void test_reset_register(void **state)
{
	struct fadt_fixture *f = *state;

	assert_int_equal(
		reset_with(f, ACPI_ADR_SPACE_SYSTEM_MEMORY, 8, 0, 0xfed00100),
		0);
	assert_int_equal(f->reset.space_id, ACPI_ADR_SPACE_SYSTEM_MEMORY);
	assert_int_equal(f->reset.address, 0xfed00100);
	assert_int_equal(f->reset.value, 6);
	assert_int_equal(f->reset.pci_device, 0);

	/* PCI: device 0x1f, function 3, offset 0xac on segment 0 bus 0. */
	assert_int_equal(reset_with(f, ACPI_ADR_SPACE_PCI_CONFIG, 8, 0,
				    0x0000001f000300acULL),
			 0);
	assert_int_equal(f->reset.pci_device, 0x1f);
	assert_int_equal(f->reset.pci_function, 3);
	assert_int_equal(f->reset.pci_offset, 0xac);
	assert_int_equal(f->reset.value, 6);
}

static void test_reset_register_invalid(void **state)
{
	struct fadt_fixture *f = *state;

	assert_int_equal(reset_with(f, 3, 8, 0, 0x66), -EINVAL);
	assert_true(zero(&f->reset, sizeof(f->reset)));
	assert_true(logged("FACP: RESET_REG address space 3 is not memory, I/O "
			   "or PCI configuration"));
	assert_int_equal(reset_with(f, 1, 16, 0, 0xcf9), -EINVAL);
	assert_true(logged(
		"FACP: RESET_REG bit width 16 offset 0, expected 8 and 0"));
	assert_int_equal(reset_with(f, 1, 8, 1, 0xcf9), -EINVAL);
	assert_true(logged("FACP: RESET_REG bit width 8 offset 1"));
	assert_int_equal(reset_with(f, 1, 8, 0, 0), -EINVAL);
	assert_true(
		logged("FACP: RESET_REG address 0x0 in space 1 is invalid"));
	assert_int_equal(reset_with(f, 2, 8, 0, 0x0001001f000300acULL),
			 -EINVAL);
	assert_true(logged("FACP: RESET_REG address 0x1001f000300ac in space 2 "
			   "is invalid"));

	/* RESET_REG_SUP clear: the register is not used, silently. */
	log_capture_start();
	build_fadt_q35(f->buf, 0x7ffe0040, 0x7ffe0000);
	put32(f->buf, FADT_FLAGS, 0x80a5);
	fix_checksum(f->buf);
	assert_int_equal(decode(f), 0);
	assert_true(f->info.has_reset_register);
	assert_int_equal(acpi_fadt_reset(&f->info, &f->reset), -ENOENT);
	assert_int_equal(log_capture_count(), 0);
}

static void test_gas_access_bytes(void **state)
{
	struct acpi_generic_address g = {0};

	(void)state;
	for (unsigned int w = 1; w <= 4; w++) {
		g.access_width = w;
		g.bit_width = 8; /* ignored when access_width is set */
		assert_int_equal(acpi_gas_access_bytes(&g), 1u << (w - 1));
	}
	g.access_width = 5;
	assert_int_equal(acpi_gas_access_bytes(&g), 0);
	g.access_width = 0;
	const uint8_t widths[] = {8, 16, 32, 64, 0, 24, 128};
	const unsigned int bytes[] = {1, 2, 4, 8, 0, 0, 0};

	for (unsigned int i = 0; i < sizeof(widths); i++) {
		g.bit_width = widths[i];
		assert_int_equal(acpi_gas_access_bytes(&g), bytes[i]);
	}
}

static void test_hpet(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_hpet_info h;

	build_hpet(f->buf, 0xfed00000);
	assert_int_equal(decode_with(f->buf, hpet_fn, &h), 0);
	assert_int_equal(h.block_id, 0x8086a201);
	assert_int_equal(h.hardware_rev, 1);
	assert_int_equal(h.num_comparators, 3);
	assert_true(h.counter_64bit);
	assert_true(h.legacy_replacement);
	assert_int_equal(h.pci_vendor_id, 0x8086);
	assert_gas(&h.address, ACPI_ADR_SPACE_SYSTEM_MEMORY, 0, 0xfed00000);
	assert_int_equal(h.hpet_number, 0);
	assert_int_equal(h.min_tick, 0x80);
	assert_int_equal(h.page_protection, 0);

	/* 32 comparators, 32-bit counter, no legacy routing, page
	 * protection 4 KiB with OEM bits above. */
	put32(f->buf, 36, 0x10de1f02);
	put8(f->buf, 52, 2);
	put8(f->buf, 55, 0x31);
	fix_checksum(f->buf);
	assert_int_equal(decode_with(f->buf, hpet_fn, &h), 0);
	assert_int_equal(h.hardware_rev, 2);
	assert_int_equal(h.num_comparators, 32);
	assert_false(h.counter_64bit);
	assert_false(h.legacy_replacement);
	assert_int_equal(h.pci_vendor_id, 0x10de);
	assert_int_equal(h.hpet_number, 2);
	assert_int_equal(h.page_protection, 1);
}

static void test_hpet_invalid(void **state)
{
	struct fadt_fixture *f = *state;
	struct acpi_hpet_info h;

	build_hpet(f->buf, 0xfed00000);
	put32(f->buf, 4, 55);
	memset(&h, 0xa5, sizeof(h));
	assert_int_equal(decode_with(f->buf, hpet_fn, &h), -EINVAL);
	assert_true(zero(&h, sizeof(h)));
	assert_true(logged("HPET: signature \"HPET\" length 55, expected "
			   "\"HPET\" and at least 56 bytes"));

	build_hpet(f->buf, 0);
	assert_int_equal(decode_with(f->buf, hpet_fn, &h), -EINVAL);
	assert_true(logged("HPET: base address 0x0 in space 0, expected a "
			   "system memory address"));

	build_hpet(f->buf, 0xfed00000);
	put8(f->buf, 40, ACPI_ADR_SPACE_SYSTEM_IO);
	assert_int_equal(decode_with(f->buf, hpet_fn, &h), -EINVAL);
	assert_true(logged("HPET: base address 0xfed00000 in space 1"));

	build_hpet(f->buf, 0xfed00000);
	memcpy(f->buf, "HPEX", 4);
	assert_int_equal(decode_with(f->buf, hpet_fn, &h), -EINVAL);
	assert_true(logged("HPET: signature \"HPEX\" length 56"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, buf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_pc_fadt),
		T(test_q35_fadt),
		T(test_microvm_fadt),
		T(test_parse_from_tables),
		T(test_x_fields_preferred),
		T(test_x_fields_only_when_whole),
		T(test_long_fadt),
		T(test_short_or_wrong_fadt),
		T(test_legacy_block_lengths),
		T(test_reset_register),
		T(test_reset_register_invalid),
		T(test_gas_access_bytes),
		T(test_hpet),
		T(test_hpet_invalid),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
