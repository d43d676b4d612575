// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/efi_e820.c: a UEFI memory map as OVMF hands it
 * out becomes the e820 table Linux's EFI stub would build; every broken
 * map gets its error, a message naming the values, and an untouched table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/efi_e820.h"
#include "mm/e820.h"

#define MAX_DESCS 64
#define STRIDE 48 /* OVMF's descriptor size */

static uint8_t map[MAX_DESCS * 64];
static unsigned int nr_descs;
static uint64_t stride = STRIDE;
static struct boot_e820_entry out[E820_MAX_ENTRIES];
static uint32_t nr_out;

/* Append a descriptor at the current stride; the firmware's extra bytes
 * past the structure are filled with garbage. */
static void add(uint32_t type, uint64_t addr, uint64_t pages, uint64_t attr)
{
	struct efi_memory_desc d = {.type = type,
				    .phys_addr = addr,
				    .virt_addr = 0,
				    .num_pages = pages,
				    .attribute = attr};
	uint8_t *p = map + nr_descs * stride;

	memset(p, 0xee, stride);
	memcpy(p, &d, sizeof(d));
	nr_descs++;
}

static int setup(void **state)
{
	(void)state;
	memset(map, 0, sizeof(map));
	memset(out, 0xaa, sizeof(out));
	nr_descs = 0;
	nr_out = 12345;
	stride = STRIDE;
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	return 0;
}

static int convert_max(uint32_t max)
{
	return efi_map_to_e820(map, nr_descs * stride, stride,
			       EFI_MEMORY_DESCRIPTOR_VERSION, out, max,
			       &nr_out);
}

static int convert(void)
{
	return convert_max(E820_MAX_ENTRIES);
}

static void expect_entry(unsigned int i, uint64_t addr, uint64_t size,
			 uint32_t type)
{
	assert_int_equal(out[i].addr, addr);
	assert_int_equal(out[i].size, size);
	assert_int_equal(out[i].type, type);
}

static void assert_untouched(void)
{
	assert_int_equal(nr_out, 12345);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(((uint8_t *)out)[i], 0xaa);
}

static void expect_error(int err, const char *text)
{
	assert_int_equal(convert(), err);
	assert_untouched();
	assert_true(log_capture_contains(text));
	assert_true(log_capture_contains("efi: "));
}

/* A small OVMF-like map: low RAM, the BIOS hole, RAM in several EFI types,
 * ACPI tables, NVS, runtime services, MMIO. */
static void test_ovmf_like(void **state)
{
	(void)state;
	add(EFI_BOOT_SERVICES_CODE, 0x0, 0x1, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9f, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700, 0);
	add(EFI_LOADER_CODE, 0x800000, 0x10, 0);
	add(EFI_LOADER_DATA, 0x810000, 0x10, 0);
	add(EFI_BOOT_SERVICES_DATA, 0x820000, 0x100, 0);
	add(EFI_ACPI_RECLAIM_MEMORY, 0x920000, 0x4, 0);
	add(EFI_ACPI_MEMORY_NVS, 0x924000, 0x4, 0);
	add(EFI_RUNTIME_SERVICES_CODE, 0x928000, 0x8, 0);
	add(EFI_RUNTIME_SERVICES_DATA, 0x930000, 0x8, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x938000, 0x76c8, 0);
	add(EFI_MEMORY_MAPPED_IO, 0xffc00000, 0x400, 1ULL << 63);
	assert_int_equal(convert(), EFI_E820_OK);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(nr_out, 7);
	expect_entry(0, 0x0, 0xa0000, E820_TYPE_RAM);
	expect_entry(1, 0x100000, 0x820000, E820_TYPE_RAM);
	expect_entry(2, 0x920000, 0x4000, E820_TYPE_ACPI);
	expect_entry(3, 0x924000, 0x4000, E820_TYPE_NVS);
	expect_entry(4, 0x928000, 0x10000, E820_TYPE_RESERVED);
	expect_entry(5, 0x938000, 0x76c8000, E820_TYPE_RAM);
	expect_entry(6, 0xffc00000, 0x400000, E820_TYPE_RESERVED);
	assert_int_equal(out[7].addr, 0xaaaaaaaaaaaaaaaaULL); /* not written */
}

static void test_types(void **state)
{
	static const struct {
		uint32_t efi;
		uint64_t attr;
		uint32_t e820;
	} cases[] = {
		{EFI_RESERVED_TYPE, 0, E820_TYPE_RESERVED},
		{EFI_LOADER_CODE, 0, E820_TYPE_RAM},
		{EFI_LOADER_DATA, 0, E820_TYPE_RAM},
		{EFI_BOOT_SERVICES_CODE, 0, E820_TYPE_RAM},
		{EFI_BOOT_SERVICES_DATA, 0, E820_TYPE_RAM},
		{EFI_RUNTIME_SERVICES_CODE, 0, E820_TYPE_RESERVED},
		{EFI_RUNTIME_SERVICES_DATA, 0, E820_TYPE_RESERVED},
		{EFI_CONVENTIONAL_MEMORY, 0, E820_TYPE_RAM},
		{EFI_CONVENTIONAL_MEMORY, EFI_MEMORY_SP,
		 E820_TYPE_SOFT_RESERVED},
		{EFI_LOADER_DATA, EFI_MEMORY_SP, E820_TYPE_SOFT_RESERVED},
		{EFI_UNUSABLE_MEMORY, 0, E820_TYPE_UNUSABLE},
		{EFI_ACPI_RECLAIM_MEMORY, 0, E820_TYPE_ACPI},
		{EFI_ACPI_MEMORY_NVS, 0, E820_TYPE_NVS},
		{EFI_ACPI_MEMORY_NVS, EFI_MEMORY_SP, E820_TYPE_NVS},
		{EFI_MEMORY_MAPPED_IO, 0, E820_TYPE_RESERVED},
		{EFI_MEMORY_MAPPED_IO_PORT_SPACE, 0, E820_TYPE_RESERVED},
		{EFI_PAL_CODE, 0, E820_TYPE_RESERVED},
		{EFI_PERSISTENT_MEMORY, 0, E820_TYPE_PMEM},
		{EFI_UNACCEPTED_MEMORY, 0, E820_TYPE_RESERVED},
		{16, 0, E820_TYPE_RESERVED},
		{0x80000000, 0, E820_TYPE_RESERVED}, /* OEM range */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(efi_e820_type(cases[i].efi, cases[i].attr),
				 cases[i].e820);
	/* Through the whole conversion too: different types never merge. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		add(cases[i].efi, 0x100000 * i, 0x100, cases[i].attr);
	assert_int_equal(convert(), EFI_E820_OK);
	for (size_t i = 0, o = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (i && cases[i].e820 == cases[i - 1].e820)
			continue; /* adjacent, same type: merged */
		assert_int_equal(out[o].type, cases[i].e820);
		assert_int_equal(out[o].addr, 0x100000 * i);
		o++;
	}
}

/* Unsorted input comes out sorted and merged across the input order. */
static void test_unsorted_merge(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x300000, 0x100, 0);
	add(EFI_ACPI_RECLAIM_MEMORY, 0x500000, 0x1, 0);
	add(EFI_LOADER_DATA, 0x100000, 0x100, 0);
	add(EFI_BOOT_SERVICES_DATA, 0x200000, 0x100, 0);
	add(EFI_ACPI_RECLAIM_MEMORY, 0x501000, 0x1, 0);
	assert_int_equal(convert(), EFI_E820_OK);
	assert_int_equal(nr_out, 2);
	expect_entry(0, 0x100000, 0x300000, E820_TYPE_RAM);
	expect_entry(1, 0x500000, 0x2000, E820_TYPE_ACPI);
}

/* Same type with a gap, or adjacent with another type: not merged. */
static void test_no_merge(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x201000, 0x100, 0);
	add(EFI_RUNTIME_SERVICES_DATA, 0x301000, 0x1, 0);
	assert_int_equal(convert(), EFI_E820_OK);
	assert_int_equal(nr_out, 3);
	expect_entry(1, 0x201000, 0x100000, E820_TYPE_RAM);
	expect_entry(2, 0x301000, 0x1000, E820_TYPE_RESERVED);
}

/* The smallest stride (the structure itself) and an odd, unaligned one. */
static void test_strides(void **state)
{
	(void)state;
	stride = sizeof(struct efi_memory_desc);
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0xa0, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, 0);
	assert_int_equal(convert(), EFI_E820_OK);
	assert_int_equal(nr_out, 2);
	setup(NULL);
	stride = 61;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0xa0, 0);
	add(EFI_ACPI_MEMORY_NVS, 0xa0000, 0x1, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, 0);
	assert_int_equal(convert(), EFI_E820_OK);
	assert_int_equal(nr_out, 3);
	expect_entry(2, 0x100000, 0x100000, E820_TYPE_RAM);
}

/* A range ending exactly at 2^64 is the top, not a wrap. */
static void test_reaches_top(void **state)
{
	(void)state;
	add(EFI_MEMORY_MAPPED_IO, 0xfffffffffff00000ULL, 0x100, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	assert_int_equal(convert(), EFI_E820_OK);
	expect_entry(1, 0xfffffffffff00000ULL, 0x100000, E820_TYPE_RESERVED);
}

static void test_desc_version(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	assert_int_equal(
		efi_map_to_e820(map, stride, stride, 2, out, 10, &nr_out),
		EFI_E820_E_DESC_VERSION);
	assert_untouched();
	assert_true(log_capture_contains("descriptor version 2 is not 1"));
}

static void test_desc_size_small(void **state)
{
	(void)state;
	stride = 39;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	expect_error(EFI_E820_E_DESC_SIZE, "descriptor size 39 is smaller "
					   "than the 40-byte");
	assert_int_equal(efi_map_to_e820(map, 0, 0, 1, out, 10, &nr_out),
			 EFI_E820_E_DESC_SIZE);
	assert_untouched();
}

static void test_past_end(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x10, 0);
	assert_int_equal(efi_map_to_e820(map, 2 * STRIDE - 8, STRIDE, 1, out,
					 10, &nr_out),
			 EFI_E820_E_MAP_SIZE);
	assert_untouched();
	assert_true(log_capture_contains("memory map of 88 bytes is not a "
					 "whole number of 48-byte "
					 "descriptors: descriptor 1 runs "
					 "past the end"));
}

static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(efi_map_to_e820(NULL, 0, STRIDE, 1, out, 10, &nr_out),
			 EFI_E820_E_EMPTY);
	assert_untouched();
	assert_true(log_capture_contains("memory map has no descriptors"));
}

static void test_too_many(void **state)
{
	(void)state;
	/* Only the size is looked at before the count is refused. */
	assert_int_equal(efi_map_to_e820(map, 48ULL * (EFI_E820_MAX_DESCS + 1),
					 48, 1, out, 10, &nr_out),
			 EFI_E820_E_TOO_MANY_DESCS);
	assert_untouched();
	assert_true(log_capture_contains("has 2049 descriptors; keel takes at "
					 "most 2048"));
}

static void test_unaligned(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	add(EFI_LOADER_DATA, 0x100800, 0x10, 0);
	expect_error(EFI_E820_E_UNALIGNED, "descriptor 1 (type 2) starts at "
					   "0x100800, not on a page boundary");
}

static void test_zero_pages(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	add(EFI_ACPI_RECLAIM_MEMORY, 0x200000, 0, 0);
	expect_error(EFI_E820_E_ZERO_PAGES, "descriptor 1 (type 9 at 0x200000) "
					    "has 0 pages");
}

static void test_wraps(void **state)
{
	(void)state;
	add(EFI_MEMORY_MAPPED_IO, 0xfffffffffff00000ULL, 0x101, 0);
	expect_error(EFI_E820_E_WRAPS, "descriptor 0 (type 11 at "
				       "0xfffffffffff00000, 0x101 pages) "
				       "wraps past 2^64");
	/* So many pages that the byte count itself overflows. */
	setup(NULL);
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 1ULL << 52, 0);
	expect_error(EFI_E820_E_WRAPS, "0x10000000000000 pages) wraps");
}

static void test_overlap(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, 0);
	add(EFI_LOADER_DATA, 0x300000, 0x100, 0);
	add(EFI_BOOT_SERVICES_DATA, 0x1ff000, 0x2, 0);
	expect_error(EFI_E820_E_OVERLAP,
		     "descriptors 0 [0x100000-0x1fffff] type 7 and 2 "
		     "[0x1ff000-0x200fff] type 4 overlap");
	/* The same range twice. */
	setup(NULL);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x1, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x1, 0);
	expect_error(EFI_E820_E_OVERLAP, "descriptors 0 [0x100000-0x100fff] "
					 "type 7 and 1 [0x100000-0x100fff]");
}

/* The table's room is checked after merging, and exactly. */
static void test_table_full(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	add(EFI_RESERVED_TYPE, 0x10000, 0x10, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x20000, 0x10, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x30000, 0x10, 0);
	assert_int_equal(convert_max(3), EFI_E820_OK);
	assert_int_equal(nr_out, 3);
	setup(NULL);
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0);
	add(EFI_RESERVED_TYPE, 0x10000, 0x10, 0);
	add(EFI_CONVENTIONAL_MEMORY, 0x20000, 0x10, 0);
	add(EFI_PAL_CODE, 0x40000, 0x10, 0);
	assert_int_equal(convert_max(3), EFI_E820_E_TABLE_FULL);
	assert_untouched();
	assert_true(log_capture_contains("memory map of 4 descriptors makes 4 "
					 "e820 entries; the table holds 3"));
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(efi_e820_strerror(EFI_E820_E_OVERLAP),
			    "descriptors overlap");
	assert_string_equal(efi_e820_strerror(EFI_E820_E_COUNT),
			    "unknown error");
	assert_string_equal(efi_e820_strerror(-3), "unknown error");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ovmf_like),	T(test_types),
		T(test_unsorted_merge), T(test_no_merge),
		T(test_strides),	T(test_reaches_top),
		T(test_desc_version),	T(test_desc_size_small),
		T(test_past_end),	T(test_empty),
		T(test_too_many),	T(test_unaligned),
		T(test_zero_pages),	T(test_wraps),
		T(test_overlap),	T(test_table_full),
		T(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
