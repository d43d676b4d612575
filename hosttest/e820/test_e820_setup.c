// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/e820_setup.c: the BIOS-area trim, end_of_ram_pfn and
 * end_of_low_ram_pfn, the PCI gap search and choice, and the hand-off to
 * memblock through recording callbacks.
 */
#include "hosttest/e820/e820_test.h"
#include "kernel/lib/log.h"

static struct e820_table t, before;

/* --- e820__trim_bios_range --- */

static void test_trim_qemu_map(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		  E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fee0000, RAM));
	assert_int_equal(e820__trim_bios_range(&t), 0);
	TABLE_EXPECT(&t, E(0, 0x1000, RSV), E(0x1000, 0x9ec00, RAM),
		     E(0x9fc00, 0x400, RSV), E(0xf0000, 0x10000, RSV),
		     E(0x100000, 0x3fee0000, RAM));
}

static void test_trim_ram_over_bios_area(void **state)
{
	(void)state;
	/* One RAM entry from 0 to 16 MiB: page 0 reserved, 640K-1M gone. */
	TABLE_SET(&t, E(0, 0x1000000, RAM), E(0xfffc0000, 0x40000, RSV));
	assert_int_equal(e820__trim_bios_range(&t), 0);
	TABLE_EXPECT(&t, E(0, 0x1000, RSV), E(0x1000, 0x9f000, RAM),
		     E(0x100000, 0xf00000, RAM), E(0xfffc0000, 0x40000, RSV));
}

static void test_trim_leaves_other_types(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x1000, ACPI), E(0xa0000, 0x60000, NVS));
	before = t;
	assert_int_equal(e820__trim_bios_range(&t), 0);
	table_expect_same(&t, &before);
}

static void test_trim_single_entry_kept_as_edited(void **state)
{
	(void)state;
	/* One RAM entry above 1 MiB: nothing to do, and the sanitiser's
	 * "fewer than 2 entries" is no warning here. */
	TABLE_SET(&t, E(0x100000, 0x100000, RAM));
	assert_int_equal(e820__trim_bios_range(&t), 0);
	TABLE_EXPECT(&t, E(0x100000, 0x100000, RAM));
	for (size_t i = 0; i < log_capture_count(); i++) {
		int level;

		log_capture_line(i, &level);
		assert_true(level > LOGLEVEL_WARNING);
	}
}

static void test_trim_full_table_unchanged(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	t.entries[0] = E(0, 0x100000, RAM);
	for (uint32_t i = 1; i < E820_MAX_ENTRIES; i++)
		t.entries[i] = E(i * 0x200000ULL, 0x1000, RSV);
	t.nr_entries = E820_MAX_ENTRIES;
	before = t;
	assert_int_equal(e820__trim_bios_range(&t), -ENOSPC);
	table_expect_same(&t, &before);
	assert_logged("update [mem 0x00000000-0x00000fff] needs 1 more");
}

static void test_trim_fails_in_second_step_unchanged(void **state)
{
	(void)state;
	/* Page 0 is not RAM, so the update needs nothing; the removal of
	 * 640K-1M from the middle of RAM needs one slot, and there is none:
	 * the first step must not stay applied. */
	memset(&t, 0, sizeof(t));
	t.entries[0] = E(0, 0x1000, RAM);
	t.entries[1] = E(0x1000, 0x1ff000, RAM);
	for (uint32_t i = 2; i < E820_MAX_ENTRIES; i++)
		t.entries[i] = E(i * 0x200000ULL, 0x1000, RSV);
	t.nr_entries = E820_MAX_ENTRIES;
	before = t;
	assert_int_equal(e820__trim_bios_range(&t), -ENOSPC);
	table_expect_same(&t, &before);
	assert_logged("remove [mem 0x000a0000-0x000fffff] needs 1 more");
}

static void test_trim_corrupt_count_refused(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x100000, RAM));
	t.nr_entries = E820_MAX_ENTRIES + 1;
	assert_int_equal(e820__trim_bios_range(&t), -EINVAL);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES + 1);
	assert_int_equal(t.entries[0].type, RAM);
	assert_logged("table claims 321 entries");
}

/* --- end pfns --- */

static void test_end_of_ram_pfn(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x100000, 0x7fee0000, RAM),
		  E(0x7ffe0000, 0x20000, ACPI), E(0xfffc0000, 0x40000, RSV),
		  E(0x100000000ULL, 0x40000800, RAM),
		  E(0x200000000ULL, 0x1000000, NVS));
	/* The partial page at the end of the last RAM entry is left out;
	 * NVS and reserved do not count. */
	assert_int_equal(e820__end_of_ram_pfn(&t, 46), 0x140000);
	assert_logged("last_pfn = 0x140000 max_arch_pfn = 0x400000000");
	/* Below 4 GiB: RAM and ACPI data end at 2 GiB. */
	assert_int_equal(e820__end_of_low_ram_pfn(&t, 46), 0x80000);
}

static void test_end_of_ram_counts_acpi(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x100000, 0x100000, RAM), E(0x200000, 0x1000, ACPI));
	assert_int_equal(e820__end_of_ram_pfn(&t, 46), 0x201);
}

static void test_end_of_low_ram_caps_at_4g(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0xc0000000, 0x80000000, RAM));
	assert_int_equal(e820__end_of_low_ram_pfn(&t, 46), 0x100000);
	assert_int_equal(e820__end_of_ram_pfn(&t, 46), 0x140000);
}

static void test_end_of_ram_capped_at_physmem_bits(void **state)
{
	(void)state;
	/* RAM past 2^46 with 4-level paging ends at MAX_ARCH_PFN. */
	TABLE_SET(&t, E(0, 0x1000000, RAM),
		  E(0x3fff00000000ULL, 0x200000000ULL, RAM));
	assert_int_equal(e820__end_of_ram_pfn(&t, 46), 1ULL << 34);
	assert_int_equal(e820__end_of_ram_pfn(&t, 52), 0x400100000ULL);
}

static void test_end_of_ram_none(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x1000, RSV), E(0x100000000ULL, 0x1000, PRAM));
	assert_int_equal(e820__end_of_ram_pfn(&t, 46), 0);
	t.nr_entries = 0;
	assert_int_equal(e820__end_of_low_ram_pfn(&t, 46), 0);
}

static void test_end_of_ram_unsorted_and_wrapping(void **state)
{
	(void)state;
	/* An unsorted table still gives the highest end; a wrapping RAM
	 * entry (never in a sanitised table) counts as reaching the top. */
	TABLE_SET(&t, E(0x100000000ULL, 0x1000, RAM), E(0, 0x80000000, RAM));
	assert_int_equal(e820__end_of_low_ram_pfn(&t, 46), 0x80000);
	TABLE_SET(&t, E(0x1000, UINT64_MAX, RAM));
	assert_int_equal(e820__end_of_ram_pfn(&t, 52), 1ULL << 40);
}

/* --- PCI gap --- */

static void test_search_gap_largest(void **state)
{
	uint64_t start = 0, size = E820_PCI_GAP_MIN_SIZE;

	(void)state;
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x100000, 0x7ff00000, RAM),
		  E(0x90000000, 0x10000000, RSV), E(0xfec00000, 0x1000, RSV),
		  E(0xfffc0000, 0x40000, RSV),
		  E(0x100000000ULL, 0x80000000, RAM));
	assert_true(e820__search_gap(&t, &start, &size));
	/* Holes: 2G..2.25G (256M), 2.5G..0xfec00000 (1516M), others small. */
	assert_int_equal(start, 0xa0000000);
	assert_int_equal(size, 0xfec00000 - 0xa0000000);
}

static void test_search_gap_up_to_4g(void **state)
{
	uint64_t start = 0, size = E820_PCI_GAP_MIN_SIZE;

	(void)state;
	/* Nothing between 1 GiB and 4 GiB: the hole runs to 4 GiB. */
	TABLE_SET(&t, E(0, 0x40000000, RAM), E(0x100000000ULL, 0x1000, RAM));
	assert_true(e820__search_gap(&t, &start, &size));
	assert_int_equal(start, 0x40000000);
	assert_int_equal(size, 0xc0000000);
}

static void test_search_gap_equal_holes_lowest(void **state)
{
	uint64_t start = 0, size = E820_PCI_GAP_MIN_SIZE;

	(void)state;
	TABLE_SET(&t, E(0, 0x10000000, RAM), E(0x20000000, 0x10000000, RSV),
		  E(0x40000000, 0xc0000000, RSV));
	assert_true(e820__search_gap(&t, &start, &size));
	assert_int_equal(start, 0x10000000);
	assert_int_equal(size, 0x10000000);
}

static void test_search_gap_none(void **state)
{
	uint64_t start = 0x1234, size = E820_PCI_GAP_MIN_SIZE;

	(void)state;
	/* Holes of 3 MiB at most: none qualifies. */
	TABLE_SET(&t, E(0, 0x7fd00000, RAM), E(0x80000000, 0x7fd00000, RSV),
		  E(0x100000000ULL - 0x200000, 0x200000, RSV));
	assert_false(e820__search_gap(&t, &start, &size));
	assert_int_equal(start, 0x1234);
	assert_int_equal(size, E820_PCI_GAP_MIN_SIZE);
}

static void test_setup_pci_gap(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x100000, 0x3fee0000, RAM),
		  E(0xfeffc000, 0x4000, RSV), E(0xfffc0000, 0x40000, RSV));
	assert_int_equal(e820__setup_pci_gap(&t, 0x40000), 0x3ffe0000);
	assert_logged("[mem 0x3ffe0000-0xfeffbfff] available for PCI devices");
}

static void test_setup_pci_gap_fallback(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0xfff00000, RAM), E(0xfff00000, 0x100000, RSV));
	assert_int_equal(e820__setup_pci_gap(&t, 0x140000),
			 0x140000000ULL + 0x100000);
	assert_logged("cannot find an available gap in the 32-bit address "
		      "range");
	assert_logged("[mem 0x140100000-0x1404fffff] available for PCI");
}

/* --- memblock hand-off --- */

struct call {
	char what;
	uint64_t base, size;
};

static struct call calls[16];
static size_t ncalls;
static int fail_at = -1;

static int record(char what, phys_addr_t base, phys_addr_t size)
{
	int ret = (int)ncalls == fail_at ? -ENOMEM : 0;

	calls[ncalls++] = (struct call){what, base, size};
	return ret;
}

static int rec_add(phys_addr_t base, phys_addr_t size)
{
	return record('a', base, size);
}

static int rec_reserve(phys_addr_t base, phys_addr_t size)
{
	return record('r', base, size);
}

static void expect_calls(const struct call *want, size_t n)
{
	assert_int_equal(ncalls, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(calls[i].what, want[i].what);
		assert_int_equal(calls[i].base, want[i].base);
		assert_int_equal(calls[i].size, want[i].size);
	}
}

static void test_memblock_setup(void **state)
{
	const struct call want[] = {
		{'a', 0x1000, 0x9e000},
		{'a', 0x100000, 0x3fee0000},
		{'r', 0x40000000, 0x10000800},
		{'a', 0x100001000ULL, 0x3ffff000},
	};

	(void)state;
	ncalls = 0;
	fail_at = -1;
	TABLE_SET(&t, E(0, 0x1000, RSV), E(0x1000, 0x9ec00, RAM),
		  E(0x9fc00, 0x400, RSV), E(0x100000, 0x3fee0000, RAM),
		  E(0x40000000, 0x10000800, SOFT), E(0x7fff0000, 0x10000, ACPI),
		  E(0x80000000, 0x1000, PRAM), E(0xa0000000, 0x800, RAM),
		  E(0xb0001800, 0x1000, RAM),
		  E(0x100000800ULL, 0x3ffff800, RAM));
	assert_int_equal(e820__memblock_setup(&t, rec_add, rec_reserve), 0);
	/* RAM trimmed inward to pages (0x9fc00 -> 0x9f000, 0x100000800 ->
	 * 0x100001000); the 2 KiB RAM at 2.5 GiB and the 4 KiB RAM
	 * straddling a page boundary at 0xb0002000 hold no whole page. */
	expect_calls(want, sizeof(want) / sizeof(want[0]));
}

static void test_memblock_setup_skips_wrapping_and_empty(void **state)
{
	const struct call want[] = {{'a', 0, 0x1000}};

	(void)state;
	ncalls = 0;
	fail_at = -1;
	TABLE_SET(&t, E(0, 0x1000, RAM), E(0x5000, 0, RAM), E(0x6000, 0, SOFT),
		  E(0xfffffffffffff000ULL, 0x2000, RAM),
		  E(0xffffffffffffe000ULL, 0x2000, SOFT));
	assert_int_equal(e820__memblock_setup(&t, rec_add, rec_reserve), 0);
	expect_calls(want, 1);
}

static void test_memblock_setup_top_page(void **state)
{
	const struct call want[] = {{'a', 0xffffffffffffe000ULL, 0x1000}};

	(void)state;
	ncalls = 0;
	fail_at = -1;
	/* Ends at 2^64 - 0x801: the last partial page is dropped and the
	 * rounding of the start must not overflow. */
	TABLE_SET(&t, E(0xffffffffffffe000ULL, 0x17ff, RAM),
		  E(0xfffffffffffffc00ULL, 0x100, RAM));
	assert_int_equal(e820__memblock_setup(&t, rec_add, rec_reserve), 0);
	expect_calls(want, 1);
}

static void test_memblock_setup_stops_on_error(void **state)
{
	(void)state;
	ncalls = 0;
	fail_at = 1;
	TABLE_SET(&t, E(0, 0x1000, RAM), E(0x2000, 0x1000, SOFT),
		  E(0x4000, 0x1000, RAM));
	assert_int_equal(e820__memblock_setup(&t, rec_add, rec_reserve),
			 -ENOMEM);
	assert_int_equal(ncalls, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, capture_setup, capture_teardown)
		T(test_trim_qemu_map),
		T(test_trim_ram_over_bios_area),
		T(test_trim_leaves_other_types),
		T(test_trim_single_entry_kept_as_edited),
		T(test_trim_full_table_unchanged),
		T(test_trim_fails_in_second_step_unchanged),
		T(test_trim_corrupt_count_refused),
		T(test_end_of_ram_pfn),
		T(test_end_of_ram_counts_acpi),
		T(test_end_of_low_ram_caps_at_4g),
		T(test_end_of_ram_capped_at_physmem_bits),
		T(test_end_of_ram_none),
		T(test_end_of_ram_unsorted_and_wrapping),
		T(test_search_gap_largest),
		T(test_search_gap_up_to_4g),
		T(test_search_gap_equal_holes_lowest),
		T(test_search_gap_none),
		T(test_setup_pci_gap),
		T(test_setup_pci_gap_fallback),
		T(test_memblock_setup),
		T(test_memblock_setup_skips_wrapping_and_empty),
		T(test_memblock_setup_top_page),
		T(test_memblock_setup_stops_on_error),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
