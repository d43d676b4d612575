// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/ioapic_route: ISA overrides, pins, RTEs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "kernel/lib/ioapic_route.h"

static struct acpi_madt_info madt;

static void add_override(u8 irq, u32 gsi, u8 polarity, u8 trigger)
{
	madt.overrides[madt.nr_overrides++] = (struct acpi_madt_override){
		.bus = 0,
		.source_irq = irq,
		.gsi = gsi,
		.polarity = polarity,
		.trigger = trigger,
		.inti_flags = (u16)(polarity | (trigger << 2)),
	};
}

/* QEMU's pc/q35 MADT: IRQ 0 -> GSI 2; 5, 9, 10, 11 level, active high. */
static int setup_qemu(void **state)
{
	(void)state;
	memset(&madt, 0, sizeof(madt));
	madt.nr_ioapics = 1;
	madt.ioapics[0] = (struct acpi_madt_ioapic){
		.id = 0, .address = 0xfec00000, .gsi_base = 0};
	add_override(0, 2, ACPI_POLARITY_CONFORMS, ACPI_TRIGGER_CONFORMS);
	add_override(5, 5, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL);
	add_override(9, 9, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL);
	add_override(10, 10, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL);
	add_override(11, 11, ACPI_POLARITY_ACTIVE_HIGH, ACPI_TRIGGER_LEVEL);
	return 0;
}

static void test_isa_defaults(void **state)
{
	struct irq_route r;

	(void)state;
	assert_int_equal(irq_route_lookup(&madt, 4, &r), 0); /* COM1 */
	assert_int_equal(r.gsi, 4);
	assert_false(r.active_low);
	assert_false(r.level);
}

static void test_isa_overrides(void **state)
{
	struct irq_route r;

	(void)state;
	assert_int_equal(irq_route_lookup(&madt, 0, &r), 0);
	assert_int_equal(r.gsi, 2);
	assert_false(r.level); /* conforms: ISA edge */
	assert_false(r.active_low);
	assert_int_equal(irq_route_lookup(&madt, 9, &r), 0);
	assert_int_equal(r.gsi, 9);
	assert_true(r.level);
	assert_false(r.active_low);
	/* IRQ 2's own GSI went to IRQ 0. */
	assert_int_equal(irq_route_lookup(&madt, 2, &r), -16);
}

static void test_active_low_override(void **state)
{
	struct irq_route r;

	(void)state;
	add_override(7, 20, ACPI_POLARITY_ACTIVE_LOW, ACPI_TRIGGER_EDGE);
	assert_int_equal(irq_route_lookup(&madt, 7, &r), 0);
	assert_int_equal(r.gsi, 20);
	assert_true(r.active_low);
	assert_false(r.level);
	/* GSI 20 itself now belongs to IRQ 7. */
	assert_int_equal(irq_route_lookup(&madt, 20, &r), -16);
}

static void test_pci_gsi(void **state)
{
	struct irq_route r;

	(void)state;
	assert_int_equal(irq_route_lookup(&madt, 18, &r), 0);
	assert_int_equal(r.gsi, 18);
	assert_true(r.level);
	assert_true(r.active_low);
}

static void test_find_pin(void **state)
{
	const u32 pins[2] = {24, 8};
	unsigned int io, pin;

	(void)state;
	madt.nr_ioapics = 2;
	madt.ioapics[1] = (struct acpi_madt_ioapic){
		.id = 1, .address = 0xfec01000, .gsi_base = 24};
	assert_int_equal(ioapic_find_pin(&madt, pins, 2, &io, &pin), 0);
	assert_int_equal(io, 0);
	assert_int_equal(pin, 2);
	assert_int_equal(ioapic_find_pin(&madt, pins, 23, &io, &pin), 0);
	assert_int_equal(io, 0);
	assert_int_equal(pin, 23);
	assert_int_equal(ioapic_find_pin(&madt, pins, 24, &io, &pin), 0);
	assert_int_equal(io, 1);
	assert_int_equal(pin, 0);
	assert_int_equal(ioapic_find_pin(&madt, pins, 32, &io, &pin), -2);
}

static void test_rte(void **state)
{
	struct irq_route edge_high = {.gsi = 4};
	struct irq_route level_low = {
		.gsi = 9, .level = true, .active_low = true};

	(void)state;
	/* 82093AA: vector 7:0, polarity 13, trigger 15, mask 16, dest 63:56 */
	assert_int_equal(ioapic_rte_encode(0x34, 0, &edge_high, false), 0x34);
	assert_int_equal(ioapic_rte_encode(0x39, 3, &level_low, true),
			 0x0300000000000000ULL | 0x10000 | 0x8000 | 0x2000 |
				 0x39);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_isa_defaults, setup_qemu),
		cmocka_unit_test_setup(test_isa_overrides, setup_qemu),
		cmocka_unit_test_setup(test_active_low_override, setup_qemu),
		cmocka_unit_test_setup(test_pci_gsi, setup_qemu),
		cmocka_unit_test_setup(test_find_pin, setup_qemu),
		cmocka_unit_test_setup(test_rte, setup_qemu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
