// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/acpi_print.c: the exact lines printed for the
 * QEMU pc and q35 layouts (tables, MADT entries, HPET, FADT), names with
 * non-printable bytes, and the INTI flag names.
 */
#include "hosttest/acpi/acpi_test.h"

static struct acpi_tables tables;
static struct acpi_madt_info madt;

/* Assert the captured lines are exactly @want (each without '\n'). */
static void assert_lines(const char *const *want, size_t n)
{
	size_t got = log_capture_count();

	for (size_t i = 0; i < n && i < got; i++) {
		int level;
		const char *line = log_capture_line(i, &level);
		size_t len = strlen(line);

		if (len && line[len - 1] == '\n')
			len--;
		if (strlen(want[i]) != len || memcmp(line, want[i], len))
			fail_msg("line %zu:\n got  \"%.*s\"\n want \"%s\"", i,
				 (int)len, line, want[i]);
		assert_int_equal(level, LOGLEVEL_INFO);
	}
	assert_int_equal(got, n);
}

static void test_pc_tables(void **state)
{
	struct phys_window *w = *state;
	/* clang-format off */
	static const char *const want[] = {
		"ACPI: RSDP 0x00000000000F5A10 000014 (v00 BOCHS )",
		"ACPI: RSDT 0x000000007FFE1A0C 000034 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: FACP 0x000000007FFE18B8 000074 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: APIC 0x000000007FFE192C 000078 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: HPET 0x000000007FFE19A4 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: WAET 0x000000007FFE19DC 000028 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: DSDT 0x000000007FFE0040 001878 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
	};
	/* clang-format on */

	mk_pc(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	log_capture_start();
	acpi_print_tables(&tables);
	assert_lines(want, 7);
}

static void test_q35_tables(void **state)
{
	struct phys_window *w = *state;
	/* clang-format off */
	static const char *const want[] = {
		"ACPI: RSDP 0x00000000000F52B0 000024 (v02 BOCHS )",
		"ACPI: XSDT 0x000000007FFE2420 000044 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: FACP 0x000000007FFE21F7 0000F4 (v03 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: APIC 0x000000007FFE22EB 000080 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: HPET 0x000000007FFE2370 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: MCFG 0x000000007FFE23A8 00003C (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: DSDT 0x000000007FFE0040 0021B7 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
	};
	/* clang-format on */

	mk_q35(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	log_capture_start();
	acpi_print_tables(&tables);
	assert_lines(want, 7);
}

static void test_odd_names(void **state)
{
	struct phys_window *w = *state;
	uint8_t *t;
	/* clang-format off */
	static const char *const want[] = {
		"ACPI: RSDP 0x00000000000F5A10 000014 (v00 AB    )",
		"ACPI: RSDT 0x000000007FFE1A0C 000034 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: FACP 0x000000007FFE18B8 000074 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: APIC 0x000000007FFE192C 000078 (v01 B?CHS  BX       12345678 ?\?PC 00000001)",
		"ACPI: HPET 0x000000007FFE19A4 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
		"ACPI: W?ET 0x000000007FFE19DC 000028 (v01        BXPC     00000001 BXPC 00000001)",
		"ACPI: DSDT 0x000000007FFE0040 001878 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
	};
	/* clang-format on */

	mk_pc(w);
	t = win_at(w, PC_RSDP);
	memcpy(t + 9, "AB\0\0\0\0", 6);
	build_rsdp(t, 0, get32(t, 16), 0);
	memcpy(t + 9, "AB\0\0\0\0", 6);
	t[8] = 0;
	t[8] = (uint8_t)-sum8(t, 20);
	t = win_at(w, PC_APIC);
	t[11] = 0x7f; /* DEL */
	memcpy(t + 16, "BX\0PC   ", 8);
	put32(t, 24, 0x12345678);
	t[28] = 0x80;
	t[29] = 0x1b;
	win_fix(w, PC_APIC);
	t = win_at(w, PC_WAET);
	t[1] = '\n';
	memset(t + 10, 0, 6);
	win_fix(w, PC_WAET);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	log_capture_start();
	acpi_print_tables(&tables);
	assert_lines(want, 7);
}

static void test_nothing_to_print(void **state)
{
	(void)state;
	memset(&tables, 0, sizeof(tables));
	acpi_print_tables(&tables);
	assert_int_equal(log_capture_count(), 0);
}

static void test_pc_madt(void **state)
{
	struct phys_window *w = *state;
	/* clang-format off */
	static const char *const want[] = {
		"ACPI: LAPIC (acpi_id[0x00] lapic_id[0x00] enabled)",
		"ACPI: IOAPIC (id[0x00] address[0xfec00000] gsi_base[0])",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 5 global_irq 5 high level)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 9 high level)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 10 global_irq 10 high level)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 11 global_irq 11 high level)",
		"ACPI: LAPIC_NMI (acpi_id[0xff] dfl dfl lint[0x1])",
	};
	/* clang-format on */

	mk_pc(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(acpi_parse_madt(&tables, &madt), 0);
	log_capture_start();
	acpi_print_madt(&madt);
	assert_lines(want, 8);
}

static void test_madt_other_entries(void **state)
{
	uint8_t *buf = calloc(1, 512);
	struct madt_builder b;
	/* clang-format off */
	static const char *const want[] = {
		"ACPI: LAPIC_ADDR_OVR (address[0x00000001fee00000])",
		"ACPI: LAPIC (acpi_id[0x03] lapic_id[0x06] disabled)",
		"ACPI: LAPIC (acpi_id[0x04] lapic_id[0x08] online-capable)",
		"ACPI: X2APIC (apic_id[0x1234] uid[0x20] enabled)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 9 res res)",
		"ACPI: NMI_SRC (low level global_irq 30)",
		"ACPI: LAPIC_NMI (acpi_id[0x03] high edge lint[0x0])",
		"ACPI: X2APIC_NMI (uid[0xffffffff] dfl dfl lint[0x1])",
	};
	/* clang-format on */

	(void)state;
	assert_non_null(buf);
	madt_begin(&b, buf, 0xfee00000, 0);
	madt_lapic_ovr(&b, 0x1fee00000ULL);
	madt_lapic(&b, 3, 6, 0);
	madt_lapic(&b, 4, 8, 2);
	madt_x2apic(&b, 0x1234, 1, 0x20);
	madt_iso(&b, 0, 9, 9, 0xa);
	madt_nmi_src(&b, 0xf, 30);
	madt_lapic_nmi(&b, 3, 0x5, 0);
	madt_x2apic_nmi(&b, 0, 0xffffffff, 1);
	madt_end(&b);
	assert_int_equal(acpi_madt_decode((const void *)buf, &madt), 0);
	log_capture_start();
	acpi_print_madt(&madt);
	assert_lines(want, 8);
	free(buf);
}

static void test_hpet_and_fadt(void **state)
{
	struct phys_window *w = *state;
	struct acpi_hpet_info h;
	struct acpi_fadt_info f;
	/* clang-format off */
	static const char *const want_q35[] = {
		"ACPI: HPET id: 0x8086a201 base: 0xfed00000",
		"ACPI: FADT (v03.0 sci_int 9 flags 0x000084a5) DSDT 0x7ffe0040 FACS 0x7ffe0000",
		"ACPI: PM timer io 0x608, 24-bit counter",
		"ACPI: reset register io 0xcf9 value 0x0f",
	};
	/* clang-format on */
	/* clang-format off */
	static const char *const want_pc[] = {
		"ACPI: FADT (v01.0 sci_int 9 flags 0x0010a5a5 hw_reduced) DSDT 0x7ffe0040 FACS 0x7ffe0000",
		"ACPI: PM timer other 0xb008, 32-bit counter",
	};
	/* clang-format on */

	mk_q35(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(acpi_parse_hpet(&tables, &h), 0);
	assert_int_equal(acpi_parse_fadt(&tables, &f), 0);
	log_capture_start();
	acpi_print_hpet(&h);
	acpi_print_fadt(&f);
	assert_lines(want_q35, 4);

	/* pc: no reset register; odd flags and timer space to show them. */
	f = (struct acpi_fadt_info){0};
	f.revision = 1;
	f.sci_interrupt = 9;
	f.flags = 0x0010a5a5;
	f.hw_reduced = true;
	f.pm_timer_32bit = true;
	f.reset_reg_sup = true; /* but the table is too short */
	f.dsdt = PC_DSDT;
	f.facs = PC_FACS;
	f.pm_timer_block.space_id = 9;
	f.pm_timer_block.address = 0xb008;
	log_capture_start();
	acpi_print_fadt(&f);
	assert_lines(want_pc, 2);

	/* Memory and PCI spaces by name; no timer line without a timer. */
	f.pm_timer_block.address = 0;
	f.has_reset_register = true;
	f.reset_register.space_id = ACPI_ADR_SPACE_SYSTEM_MEMORY;
	f.reset_register.address = 0xfed00100;
	log_capture_start();
	acpi_print_fadt(&f);
	assert_int_equal(log_capture_count(), 2);
	assert_true(log_capture_contains(
		"ACPI: reset register mem 0xfed00100 value 0x00"));
	f.reset_register.space_id = ACPI_ADR_SPACE_PCI_CONFIG;
	acpi_print_fadt(&f);
	assert_true(
		log_capture_contains("ACPI: reset register pci 0xfed00100"));
}

static void test_inti_names(void **state)
{
	(void)state;
	assert_string_equal(acpi_polarity_name(ACPI_POLARITY_CONFORMS), "dfl");
	assert_string_equal(acpi_polarity_name(ACPI_POLARITY_ACTIVE_HIGH),
			    "high");
	assert_string_equal(acpi_polarity_name(ACPI_POLARITY_RESERVED), "res");
	assert_string_equal(acpi_polarity_name(ACPI_POLARITY_ACTIVE_LOW),
			    "low");
	assert_string_equal(acpi_trigger_name(ACPI_TRIGGER_CONFORMS), "dfl");
	assert_string_equal(acpi_trigger_name(ACPI_TRIGGER_EDGE), "edge");
	assert_string_equal(acpi_trigger_name(ACPI_TRIGGER_RESERVED), "res");
	assert_string_equal(acpi_trigger_name(ACPI_TRIGGER_LEVEL), "level");
	/* Only the low two bits count. */
	assert_string_equal(acpi_trigger_name(7), "level");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, win_setup, win_teardown)
	const struct CMUnitTest tests[] = {
		T(test_pc_tables),     T(test_q35_tables),
		T(test_odd_names),     T(test_nothing_to_print),
		T(test_pc_madt),       T(test_madt_other_entries),
		T(test_hpet_and_fadt), T(test_inti_names),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
