// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/e820_sanitize.c (e820__update_table): the examples of
 * shared/REFERENCE.md section 2, the rejections (fewer than 2 entries,
 * wrap-around, a corrupt count), truncation of a full table, and a
 * differential test against a model that follows Linux's own procedure
 * (change points, overlap list, start before end at equal addresses).
 */
#include "hosttest/e820/e820_test.h"

static struct e820_table t, before;

/* Sanitise @t, expecting success. */
static void sanitize_ok(struct e820_table *tab)
{
	assert_int_equal(e820__update_table(tab), 0);
}

static void test_duplicates_become_one(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x100000, 0x100000, RAM), E(0x100000, 0x100000, RAM),
		  E(0x100000, 0x100000, RAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0x100000, 0x100000, RAM));
}

static void test_reserved_hole_splits_ram(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x100000, RAM), E(0x40000, 0x1000, RSV));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x40000, RAM), E(0x40000, 0x1000, RSV),
		     E(0x41000, 0xbf000, RAM));
}

static void test_pram_overlap_gives_three_pieces(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x3000, PRAM), E(0x1000, 0x1000, PRAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x1000, PRAM), E(0x1000, 0x1000, PRAM),
		     E(0x2000, 0x1000, PRAM));
}

static void test_adjacent_pram_never_merges(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x1000, 0x1000, PRAM), E(0, 0x1000, PRAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x1000, PRAM), E(0x1000, 0x1000, PRAM));
}

static void test_soft_reserved_never_merges(void **state)
{
	(void)state;
	/* Overlapping and adjacent SOFT_RESERVED; RAM beside merges. */
	TABLE_SET(&t, E(0x10000, 0x4000, SOFT), E(0x12000, 0x4000, SOFT),
		  E(0x16000, 0x1000, SOFT), E(0, 0x8000, RAM),
		  E(0x8000, 0x8000, RAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x10000, RAM), E(0x10000, 0x2000, SOFT),
		     E(0x12000, 0x2000, SOFT), E(0x14000, 0x2000, SOFT),
		     E(0x16000, 0x1000, SOFT));
}

static void test_pram_cut_where_lower_types_change(void **state)
{
	(void)state;
	/* A RAM entry inside PRAM still cuts it (PRAM wins everywhere). */
	TABLE_SET(&t, E(0, 0x4000, PRAM), E(0x1000, 0x1000, RAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x1000, PRAM), E(0x1000, 0x1000, PRAM),
		     E(0x2000, 0x2000, PRAM));
}

static void test_adjacent_same_type_merges(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x2000, 0x1000, RSV), E(0, 0x1000, RAM),
		  E(0x1000, 0x1000, RAM), E(0x3000, 0x1000, RSV));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x2000, RAM), E(0x2000, 0x2000, RSV));
}

static void test_unsorted_input_sorted(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x100000000ULL, 0x40000000, RAM),
		  E(0xfffc0000, 0x40000, RSV), E(0, 0x9fc00, RAM),
		  E(0x100000, 0xbfee0000, RAM), E(0x9fc00, 0x400, RSV));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0x100000, 0xbfee0000, RAM), E(0xfffc0000, 0x40000, RSV),
		     E(0x100000000ULL, 0x40000000, RAM));
}

static void test_highest_type_wins(void **state)
{
	(void)state;
	/* RAM < ACPI < NVS < UNUSABLE: each overlap goes to the higher. */
	TABLE_SET(&t, E(0, 0x4000, RAM), E(0x1000, 0x2000, NVS),
		  E(0x2000, 0x4000, ACPI), E(0x5000, 0x2000, UNUSABLE));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x1000, RAM), E(0x1000, 0x2000, NVS),
		     E(0x3000, 0x2000, ACPI), E(0x5000, 0x2000, UNUSABLE));
}

static void test_gaps_stay_gaps(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x10000, 0x1000, RAM), E(0, 0x1000, RAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x1000, RAM), E(0x10000, 0x1000, RAM));
}

static void test_zero_size_ignored(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x5000, 0, RSV), E(0, 0x10000, RAM), E(0x20000, 0, RAM),
		  E(0, 0, 0));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x10000, RAM));
}

static void test_type_zero_is_a_gap(void **state)
{
	(void)state;
	/* Type 0 never wins; alone it leaves a gap. */
	TABLE_SET(&t, E(0, 0x2000, 0), E(0x1000, 0x2000, RAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0x1000, 0x2000, RAM));
}

static void test_entry_reaching_top_of_space(void **state)
{
	(void)state;
	/* [x, 2^64 - 1) is fine: the end does not wrap. */
	TABLE_SET(&t, E(0xffffffff00000000ULL, 0xffffffffULL, RSV),
		  E(0, 0x1000, RAM));
	sanitize_ok(&t);
	TABLE_EXPECT(&t, E(0, 0x1000, RAM),
		     E(0xffffffff00000000ULL, 0xffffffffULL, RSV));
}

static void test_single_entry_rejected_unchanged(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0x1000, 0x1000, RAM));
	before = t;
	assert_int_equal(e820__update_table(&t), -ENOENT);
	table_expect_same(&t, &before);
	assert_logged("nr_entries is 1, at least 2 are needed");
}

static void test_empty_table_rejected(void **state)
{
	(void)state;
	t.nr_entries = 0;
	assert_int_equal(e820__update_table(&t), -ENOENT);
	assert_int_equal(t.nr_entries, 0);
	assert_logged("nr_entries is 0");
}

static void test_wrap_around_rejected_unchanged(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x1000, RAM), E(0x5000, 0x1000, RSV),
		  E(0xfffffffffffff000ULL, 0x2000, RSV));
	before = t;
	assert_int_equal(e820__update_table(&t), -EOVERFLOW);
	table_expect_same(&t, &before);
	assert_logged("entry 2 (addr 0xfffffffffffff000 size 0x2000 type 2) "
		      "wraps past 2^64");
}

static void test_end_at_two_to_the_64_rejected(void **state)
{
	(void)state;
	/* addr + size == 2^64 is not representable: Linux rejects it too. */
	TABLE_SET(&t, E(0xfffffffffffff000ULL, 0x1000, RSV), E(0, 0x1000, RAM),
		  E(0x1000, 0x1000, RAM));
	before = t;
	assert_int_equal(e820__update_table(&t), -EOVERFLOW);
	table_expect_same(&t, &before);
	assert_logged("entry 0 (addr 0xfffffffffffff000 size 0x1000");
}

static void test_corrupt_count_rejected(void **state)
{
	(void)state;
	TABLE_SET(&t, E(0, 0x1000, RAM), E(0x1000, 0x1000, RSV));
	t.nr_entries = E820_MAX_ENTRIES + 1;
	assert_int_equal(e820__update_table(&t), -EINVAL);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES + 1);
	assert_logged("table claims 321 entries, it holds at most 320");
}

static void test_full_table_truncated(void **state)
{
	const uint64_t stride = 0x10000;
	const uint32_t holes = E820_MAX_ENTRIES / 2; /* 160 RAM + 160 holes */
	uint32_t i, kept;

	(void)state;
	memset(&t, 0, sizeof(t));
	for (i = 0; i < holes; i++) {
		t.entries[2 * i] = E(i * stride, 0x8000, RAM);
		t.entries[2 * i + 1] = E(i * stride + 0x2000, 0x1000, RSV);
	}
	t.nr_entries = 2 * holes;
	sanitize_ok(&t);
	/* 480 pieces would be needed: the first 320 are kept, in order. */
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
	for (kept = 0; kept < E820_MAX_ENTRIES; kept++) {
		uint64_t base = (kept / 3) * stride;
		const struct e820_entry want[3] = {
			E(base, 0x2000, RAM),
			E(base + 0x2000, 0x1000, RSV),
			E(base + 0x3000, 0x5000, RAM),
		};

		if (!entries_equal(&t.entries[kept], &want[kept % 3], 1)) {
			table_dump("got", &t.entries[kept], 1);
			fail_msg("entry %u is not the expected piece", kept);
		}
	}
	assert_logged("320 entries kept, 160 dropped");
}

static void test_exactly_full_not_truncated(void **state)
{
	uint32_t i;

	(void)state;
	memset(&t, 0, sizeof(t));
	for (i = 0; i < E820_MAX_ENTRIES; i++)
		t.entries[E820_MAX_ENTRIES - 1 - i] =
			E(i * 0x2000ULL, 0x1000, i % 2 ? RAM : RSV);
	t.nr_entries = E820_MAX_ENTRIES;
	sanitize_ok(&t);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
	for (i = 0; i < E820_MAX_ENTRIES; i++)
		assert_int_equal(t.entries[i].addr, i * 0x2000ULL);
	assert_false(log_capture_contains("dropped"));
}

/*
 * A model of Linux's procedure, kept deliberately different from keel's
 * sweep: change points sorted with starts before ends at one address, an
 * overlap list scanned linearly, a piece closed on every type change (and
 * on every change point inside PRAM/SOFT_RESERVED), empty pieces skipped,
 * output stopping when full.
 */
struct model_point {
	uint64_t addr;
	uint32_t entry;
	bool is_end;
};

static int model_cmp(const void *a, const void *b)
{
	const struct model_point *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->is_end - (int)y->is_end;
}

static bool model_nomerge(uint32_t type)
{
	return type == PRAM || type == SOFT;
}

static void model_sanitize(const struct e820_table *in, struct e820_table *out)
{
	static struct model_point pts[2 * E820_MAX_ENTRIES];
	uint32_t overlap[E820_MAX_ENTRIES], nover = 0, npts = 0, last_type = 0;
	uint64_t last_addr = 0;

	out->nr_entries = 0;
	for (uint32_t i = 0; i < in->nr_entries; i++) {
		if (!in->entries[i].size)
			continue;
		pts[npts++] =
			(struct model_point){in->entries[i].addr, i, false};
		pts[npts++] = (struct model_point){
			in->entries[i].addr + in->entries[i].size, i, true};
	}
	qsort(pts, npts, sizeof(pts[0]), model_cmp);
	for (uint32_t k = 0; k < npts; k++) {
		uint32_t cur = 0;

		if (!pts[k].is_end) {
			overlap[nover++] = pts[k].entry;
		} else {
			for (uint32_t j = 0; j < nover; j++)
				if (overlap[j] == pts[k].entry) {
					overlap[j] = overlap[--nover];
					break;
				}
		}
		for (uint32_t j = 0; j < nover; j++)
			if (in->entries[overlap[j]].type > cur)
				cur = in->entries[overlap[j]].type;
		if (cur == last_type && !model_nomerge(cur))
			continue;
		if (last_type && pts[k].addr != last_addr) {
			out->entries[out->nr_entries++] = E(
				last_addr, pts[k].addr - last_addr, last_type);
			if (out->nr_entries == E820_MAX_ENTRIES)
				return;
		}
		last_addr = pts[k].addr;
		last_type = cur;
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	return xorshift64(&rng_state);
}

static uint32_t random_type(void)
{
	static const uint32_t types[] = {0,	   RAM,	 RSV,  ACPI, NVS,
					 UNUSABLE, PMEM, PRAM, SOFT, 99};

	return types[rng() % (sizeof(types) / sizeof(types[0]))];
}

/* A random table: few distinct addresses, so overlaps and ties abound. */
static void random_table(struct e820_table *tab, uint32_t n, uint64_t grain)
{
	tab->nr_entries = n;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = (rng() % 64) * grain, s = (rng() % 16) * grain;

		tab->entries[i] = E(a, s, random_type());
	}
}

static void test_matches_linux_model(void **state)
{
	static struct e820_table model, again;
	static const uint32_t sizes[] = {2, 3, 5, 8, 20, 64, 200, 320};

	(void)state;
	for (int round = 0; round < 400; round++) {
		uint32_t n = sizes[round % (sizeof(sizes) / sizeof(sizes[0]))];

		random_table(&t, n, round % 3 ? 0x1000 : 1);
		model_sanitize(&t, &model);
		sanitize_ok(&t);
		table_expect_same(&t, &model);
		/* Sanitising twice changes nothing. */
		again = t;
		if (again.nr_entries >= 2) {
			sanitize_ok(&again);
			table_expect_same(&again, &t);
		}
	}
}

static void test_output_capacity_dense(void **state)
{
	static struct e820_table model;

	(void)state;
	/* 320 PRAM entries cut each other into more than 320 pieces. */
	t.nr_entries = E820_MAX_ENTRIES;
	for (uint32_t i = 0; i < E820_MAX_ENTRIES; i++)
		t.entries[i] = E(i * 0x1000ULL, 0x1800, PRAM);
	model_sanitize(&t, &model);
	sanitize_ok(&t);
	table_expect_same(&t, &model);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
	assert_logged("dropped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, capture_setup, capture_teardown)
		T(test_duplicates_become_one),
		T(test_reserved_hole_splits_ram),
		T(test_pram_overlap_gives_three_pieces),
		T(test_adjacent_pram_never_merges),
		T(test_soft_reserved_never_merges),
		T(test_pram_cut_where_lower_types_change),
		T(test_adjacent_same_type_merges),
		T(test_unsorted_input_sorted),
		T(test_highest_type_wins),
		T(test_gaps_stay_gaps),
		T(test_zero_size_ignored),
		T(test_type_zero_is_a_gap),
		T(test_entry_reaching_top_of_space),
		T(test_single_entry_rejected_unchanged),
		T(test_empty_table_rejected),
		T(test_wrap_around_rejected_unchanged),
		T(test_end_at_two_to_the_64_rejected),
		T(test_corrupt_count_rejected),
		T(test_full_table_truncated),
		T(test_exactly_full_not_truncated),
		T(test_matches_linux_model),
		T(test_output_capacity_dense),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
