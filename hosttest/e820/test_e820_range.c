// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/e820.c: e820__range_add, e820__range_update and
 * e820__range_remove, as reservations and memmap= use them: whole-entry,
 * head, tail and middle edits (a middle edit splits the entry), type
 * filters, sizes cut at 2^64, entries that wrap left alone, and a full
 * table refusing an edit without changing anything.
 */
#include "hosttest/e820/e820_test.h"

static struct e820_table t, before;

/* Fill @t with @n disjoint 4 KiB RAM entries 8 KiB apart. */
static void fill_table(uint32_t n)
{
	memset(&t, 0, sizeof(t));
	for (uint32_t i = 0; i < n; i++)
		t.entries[i] = E(i * 0x2000ULL, 0x1000, RAM);
	t.nr_entries = n;
}

static void test_add_appends_in_order(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(e820__range_add(&t, 0x100000, 0x1000, RAM), 0);
	assert_int_equal(e820__range_add(&t, 0, 0x1000, RSV), 0);
	/* Taken as given: zero size and overlaps are the sanitiser's job. */
	assert_int_equal(e820__range_add(&t, 0x800, 0, ACPI), 0);
	TABLE_EXPECT(&t, E(0x100000, 0x1000, RAM), E(0, 0x1000, RSV),
		     E(0x800, 0, ACPI));
}

static void test_add_to_full_table(void **state)
{
	(void)state;
	fill_table(E820_MAX_ENTRIES);
	before = t;
	assert_int_equal(e820__range_add(&t, 0x7000000, 0x2000, NVS), -ENOSPC);
	table_expect_same(&t, &before);
	assert_logged("too many entries (320); ignoring "
		      "[mem 0x07000000-0x07001fff] ACPI NVS");
	assert_int_equal(e820__range_add(&t, 0x1000, 0x1000, 99), -ENOSPC);
	assert_logged("ignoring [mem 0x00001000-0x00001fff] type 99");
}

static void test_update_whole_entry(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x1000, 0x1000, RAM), E(0x2000, 0x1000, RSV));
	assert_int_equal(e820__range_update(&t, 0, 0x10000, RAM, UNUSABLE), 0);
	TABLE_EXPECT(&t, E(0x1000, 0x1000, UNUSABLE), E(0x2000, 0x1000, RSV));
}

static void test_update_head(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x10000, RAM));
	assert_int_equal(e820__range_update(&t, 0, 0x1000, RAM, RSV), 0);
	/* The tail stays in the slot; the changed head is appended. */
	TABLE_EXPECT(&t, E(0x1000, 0xf000, RAM), E(0, 0x1000, RSV));
}

static void test_update_tail(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x10000, RAM));
	assert_int_equal(e820__range_update(&t, 0xf000, 0x8000, RAM, RSV), 0);
	TABLE_EXPECT(&t, E(0, 0xf000, RAM), E(0xf000, 0x1000, RSV));
}

static void test_update_middle_splits(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x10000, RAM));
	assert_int_equal(e820__range_update(&t, 0x4000, 0x2000, RAM, RSV), 0);
	TABLE_EXPECT(&t, E(0, 0x4000, RAM), E(0x4000, 0x2000, RSV),
		     E(0x6000, 0xa000, RAM));
	assert_int_equal(e820__update_table(&t), 0);
	TABLE_EXPECT(&t, E(0, 0x4000, RAM), E(0x4000, 0x2000, RSV),
		     E(0x6000, 0xa000, RAM));
}

static void test_update_only_old_type(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x1000, RSV), E(0x1000, 0x1000, RAM),
		  E(0x2000, 0x1000, ACPI));
	assert_int_equal(e820__range_update(&t, 0, 0x3000, RAM, NVS), 0);
	TABLE_EXPECT(&t, E(0, 0x1000, RSV), E(0x1000, 0x1000, NVS),
		     E(0x2000, 0x1000, ACPI));
}

static void test_update_same_type_is_noop(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x10000, RAM));
	assert_int_equal(e820__range_update(&t, 0x4000, 0x1000, RAM, RAM), 0);
	TABLE_EXPECT(&t, E(0, 0x10000, RAM));
}

static void test_update_size_cut_at_top(void **state)
{
	(void)state;
	/* start + size wraps: the range is cut at 2^64 - 1. */
	TABLE_SET(&t, E(0x1000, 0x3000, RAM), E(0, 0x1000, RAM));
	assert_int_equal(e820__range_update(&t, 0x2000, UINT64_MAX, RAM, PRAM),
			 0);
	TABLE_EXPECT(&t, E(0x1000, 0x1000, RAM), E(0, 0x1000, RAM),
		     E(0x2000, 0x2000, PRAM));
}

static void test_update_leaves_wrapping_entry(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0xfffffffffffff000ULL, 0x2000, RAM));
	before = t;
	assert_int_equal(e820__range_update(&t, 0, UINT64_MAX, RAM, RSV), 0);
	table_expect_same(&t, &before);
}

static void test_update_full_table_unchanged(void **state)
{
	(void)state;
	fill_table(E820_MAX_ENTRIES - 1);
	t.entries[0] = E(0, 0x1000, RAM);
	/* Cutting into two entries needs 2 new slots; 1 is free. */
	before = t;
	assert_int_equal(e820__range_update(&t, 0x800, 0x2000, RAM, RSV),
			 -ENOSPC);
	table_expect_same(&t, &before);
	assert_logged("update [mem 0x00000800-0x000027ff] needs 2 more "
		      "entries, the table holds 320");
}

static void test_update_fits_exactly(void **state)
{
	(void)state;
	fill_table(E820_MAX_ENTRIES - 2);
	assert_int_equal(e820__range_update(&t, 0x400, 0x400, RAM, RSV), 0);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
	assert_int_equal(t.entries[0].size, 0x400);
	assert_true(entries_equal(&t.entries[E820_MAX_ENTRIES - 2],
				  (struct e820_entry[]){
					  E(0x400, 0x400, RSV),
					  E(0x800, 0x800, RAM),
				  },
				  2));
}

static void test_remove_whole_entries_keeps_order(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x5000, 0x1000, RAM), E(0x1000, 0x1000, RAM),
		  E(0x3000, 0x1000, RSV), E(0x9000, 0x1000, RAM));
	assert_int_equal(e820__range_remove(&t, 0, 0x6000, RAM, true), 0);
	TABLE_EXPECT(&t, E(0x3000, 0x1000, RSV), E(0x9000, 0x1000, RAM));
}

static void test_remove_middle_splits(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x10000, RAM), E(0x20000, 0x1000, RSV));
	assert_int_equal(e820__range_remove(&t, 0x4000, 0x1000, RAM, true), 0);
	TABLE_EXPECT(&t, E(0, 0x4000, RAM), E(0x20000, 0x1000, RSV),
		     E(0x5000, 0xb000, RAM));
}

static void test_remove_head_and_tail(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x4000, RAM), E(0x6000, 0x4000, RAM));
	assert_int_equal(e820__range_remove(&t, 0x2000, 0x6000, RAM, true), 0);
	TABLE_EXPECT(&t, E(0, 0x2000, RAM), E(0x8000, 0x2000, RAM));
}

static void test_remove_type_filter(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x1000, RAM), E(0x1000, 0x1000, RSV));
	assert_int_equal(e820__range_remove(&t, 0, 0x2000, RSV, true), 0);
	TABLE_EXPECT(&t, E(0, 0x1000, RAM));
}

static void test_remove_any_type(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x2000, RAM), E(0x2000, 0x2000, RSV),
		  E(0x4000, 0x2000, SOFT));
	assert_int_equal(e820__range_remove(&t, 0x1000, 0x4000, 0, false), 0);
	TABLE_EXPECT(&t, E(0, 0x1000, RAM), E(0x5000, 0x1000, SOFT));
}

static void test_remove_to_top_of_space(void **state)
{
	(void)state;
	/* mem=-style: from @start to the end of the address space. */
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x100000, 0x3ff00000, RAM),
		  E(0x100000000ULL, 0x40000000, RAM),
		  E(0xfffc0000, 0x40000, RSV));
	assert_int_equal(e820__range_remove(&t, 0x20000000,
					    UINT64_MAX - 0x20000000, RAM, true),
			 0);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x100000, 0x1ff00000, RAM),
		     E(0xfffc0000, 0x40000, RSV));
}

static void test_remove_leaves_wrapping_entry(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0xfffffffffffff000ULL, 0x2000, RAM), E(0, 0x1000, RAM));
	assert_int_equal(e820__range_remove(&t, 0, UINT64_MAX, RAM, true), 0);
	TABLE_EXPECT(&t, E(0xfffffffffffff000ULL, 0x2000, RAM));
}

static void test_remove_full_table_unchanged(void **state)
{
	(void)state;
	fill_table(E820_MAX_ENTRIES);
	before = t;
	assert_int_equal(e820__range_remove(&t, 0x2400, 0x400, RAM, true),
			 -ENOSPC);
	table_expect_same(&t, &before);
	assert_logged("remove [mem 0x00002400-0x000027ff] needs 1 more");
	/* A removal that needs no new slot still works when full. */
	assert_int_equal(e820__range_remove(&t, 0x2000, 0x800, RAM, true), 0);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
	assert_true(entries_equal(&t.entries[1],
				  (struct e820_entry[]){E(0x2800, 0x800, RAM)},
				  1));
}

static void test_edits_logged_like_linux(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x100000, RAM));
	assert_int_equal(e820__range_update(&t, 0, 0x1000, RAM, RSV), 0);
	assert_logged("e820: update [mem 0x00000000-0x00000fff] usable ==> "
		      "reserved");
	assert_int_equal(e820__range_remove(&t, 0xa0000, 0x60000, RAM, true),
			 0);
	assert_logged("e820: remove [mem 0x000a0000-0x000fffff] usable");
	assert_int_equal(
		e820__range_remove(&t, 0x100000000ULL, 0x1000, 0, false), 0);
	assert_logged("e820: remove [mem 0x100000000-0x100000fff] (any type)");
	assert_int_equal(e820__range_update(&t, 0, 1, 20, 0xf0000000), 0);
	assert_logged("type 20 ==> type 4026531840");
}

static void test_corrupt_count_refused(void **state)
{
	(void)state;
	fill_table(4);
	t.nr_entries = E820_MAX_ENTRIES + 5;
	assert_int_equal(e820__range_update(&t, 0, 0x10000, RAM, RSV), -EINVAL);
	assert_int_equal(e820__range_remove(&t, 0, 0x10000, RAM, true),
			 -EINVAL);
	assert_int_equal(e820__range_add(&t, 0, 0x1000, RAM), -ENOSPC);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES + 5);
	assert_int_equal(t.entries[0].type, RAM);
	assert_logged("table claims 325 entries, it holds at most 320");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, capture_setup, capture_teardown)
		T(test_add_appends_in_order),
		T(test_add_to_full_table),
		T(test_update_whole_entry),
		T(test_update_head),
		T(test_update_tail),
		T(test_update_middle_splits),
		T(test_update_only_old_type),
		T(test_update_same_type_is_noop),
		T(test_update_size_cut_at_top),
		T(test_update_leaves_wrapping_entry),
		T(test_update_full_table_unchanged),
		T(test_update_fits_exactly),
		T(test_remove_whole_entries_keeps_order),
		T(test_remove_middle_splits),
		T(test_remove_head_and_tail),
		T(test_remove_type_filter),
		T(test_remove_any_type),
		T(test_remove_to_top_of_space),
		T(test_remove_leaves_wrapping_entry),
		T(test_remove_full_table_unchanged),
		T(test_edits_logged_like_linux),
		T(test_corrupt_count_refused),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
