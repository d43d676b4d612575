// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/e820_boot.c (e820__append_boot_params): the zero
 * page's table, the E801/88h fallback (fewer than 2 entries, an entry that
 * wraps), SETUP_E820_EXT blocks found on the setup_data list, and the
 * list's faults: a loop, a node or payload outside the given bounds, an
 * E820_EXT length that is not a multiple of 20, an entry count over 128
 * and more entries than the table holds. On every error the table must be
 * untouched and the message must name the bad values.
 *
 * The setup_data list lives in a test arena standing for the physical
 * range [ARENA_BASE, ARENA_BASE + ARENA_SIZE).
 */
#include "hosttest/e820/e820_test.h"
#include "mm/physmap.h"

#define ARENA_BASE 0x90000ULL
#define ARENA_SIZE 0x10000ULL
#define ARENA_END (ARENA_BASE + ARENA_SIZE)

static struct e820_table t, before;
static struct boot_params bp;
static struct test_arena arena;

static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&bp, 0, sizeof(bp));
	test_arena_init(&arena, ARENA_BASE, ARENA_SIZE);
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	test_arena_free(&arena);
	return 0;
}

static void bp_add(uint64_t addr, uint64_t size, uint32_t type)
{
	bp.e820_table[bp.e820_entries++] =
		(struct boot_e820_entry){addr, size, type};
}

/* A typical QEMU map in the zero page. */
static void bp_qemu_map(void)
{
	bp_add(0, 0x9fc00, RAM);
	bp_add(0x9fc00, 0x400, RSV);
	bp_add(0xf0000, 0x10000, RSV);
	bp_add(0x100000, 0x3fee0000, RAM);
	bp_add(0x3ffe0000, 0x20000, RSV);
	bp_add(0xfffc0000, 0x40000, RSV);
}

/* Write a setup_data node at physical @pa; returns its header. */
static struct setup_data *node_at(uint64_t pa, uint64_t next, uint32_t type,
				  uint32_t len)
{
	struct setup_data *sd = phys_to_virt(pa);

	sd->next = next;
	sd->type = type;
	sd->len = len;
	return sd;
}

/* Write an E820_EXT node at @pa holding @n entries. */
static void ext_node_at(uint64_t pa, uint64_t next,
			const struct boot_e820_entry *e, uint32_t n)
{
	struct setup_data *sd =
		node_at(pa, next, SETUP_E820_EXT, n * sizeof(*e));

	memcpy(sd->data, e, n * sizeof(*e));
}

static int append(const char **who)
{
	return e820__append_boot_params(&t, &bp, ARENA_BASE, ARENA_END, who);
}

/* The call must fail with @err and leave the table as it was. */
static void expect_error(int err)
{
	const char *who = "untouched";

	before = t;
	assert_int_equal(append(&who), err);
	table_expect_same(&t, &before);
	assert_string_equal(who, "untouched");
}

static void test_zero_page_copied_in_order(void **state)
{
	const char *who = NULL;

	(void)state;
	bp_qemu_map();
	assert_int_equal(append(&who), 0);
	assert_string_equal(who, "BIOS-e820");
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fee0000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static void test_appends_after_existing_entries(void **state)
{
	(void)state;
	t.entries[0] = E(0x200000000ULL, 0x1000, PRAM);
	t.nr_entries = 1;
	bp_add(0, 0x1000, RAM);
	bp_add(0x1000, 0x1000, RSV);
	assert_int_equal(append(NULL), 0);
	TABLE_EXPECT(&t, E(0x200000000ULL, 0x1000, PRAM), E(0, 0x1000, RAM),
		     E(0x1000, 0x1000, RSV));
}

static void test_full_zero_page(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < E820_MAX_ENTRIES_ZEROPAGE; i++)
		bp_add(i * 0x2000ULL, 0x1000, i % 2 ? RSV : RAM);
	assert_int_equal(append(NULL), 0);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES_ZEROPAGE);
	assert_int_equal(t.entries[127].addr, 127 * 0x2000ULL);
}

static void test_count_over_128_rejected(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.e820_entries = 129;
	expect_error(-EINVAL);
	assert_logged(
		"boot_params.e820_entries is 129, the zero page holds 128");
}

static void test_e801_fallback_on_one_entry(void **state)
{
	const char *who = NULL;

	(void)state;
	bp_add(0, 0x9fc00, RAM);
	bp.alt_mem_k = 0x3ff00; /* KiB above 1 MiB: 1 GiB of RAM in all */
	assert_int_equal(append(&who), 0);
	assert_string_equal(who, "BIOS-e801");
	TABLE_EXPECT(&t, E(0, E820_LOWMEM_SIZE, RAM),
		     E(0x100000, 0x3ff00ULL * 1024, RAM));
	assert_logged("boot loader passed 1 e820 entries");
}

static void test_88h_fallback_when_larger(void **state)
{
	const char *who = NULL;
	uint16_t ext_mem_k = 0xfc00; /* 63 MiB */

	(void)state;
	bp.alt_mem_k = 0x4000;
	memcpy(&bp.screen_info[2], &ext_mem_k, sizeof(ext_mem_k));
	assert_int_equal(append(&who), 0);
	assert_string_equal(who, "BIOS-88");
	TABLE_EXPECT(&t, E(0, E820_LOWMEM_SIZE, RAM),
		     E(0x100000, 0xfc00ULL * 1024, RAM));
	assert_logged("boot loader passed 0 e820 entries");
}

static void test_fallback_on_wrapping_entry(void **state)
{
	const char *who = NULL;

	(void)state;
	bp_add(0, 0x9fc00, RAM);
	bp_add(0xfffffffffffff000ULL, 0x1000, RSV);
	bp.alt_mem_k = 1024;
	assert_int_equal(append(&who), 0);
	assert_string_equal(who, "BIOS-e801");
	TABLE_EXPECT(&t, E(0, E820_LOWMEM_SIZE, RAM),
		     E(0x100000, 0x100000, RAM));
	assert_logged("entry 1 (addr 0xfffffffffffff000 size 0x1000) wraps");
}

static void test_ext_blocks_appended(void **state)
{
	const struct boot_e820_entry ext1[] = {
		{0x100000000ULL, 0x40000000, RAM},
		{0x140000000ULL, 0x1000, NVS},
	};
	const struct boot_e820_entry ext2[] = {
		{0x200000000ULL, 0x1000, PRAM},
	};

	(void)state;
	bp_qemu_map();
	/* E820_EXT, then a DTB node, then E820_EXT again. */
	bp.hdr.setup_data = ARENA_BASE + 0x100;
	ext_node_at(ARENA_BASE + 0x100, ARENA_BASE + 0x800, ext1, 2);
	node_at(ARENA_BASE + 0x800, ARENA_BASE + 0x40, SETUP_DTB, 0x100);
	ext_node_at(ARENA_BASE + 0x40, 0, ext2, 1);
	assert_int_equal(append(NULL), 0);
	assert_int_equal(t.nr_entries, 9);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fee0000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV),
		     E(0x100000000ULL, 0x40000000, RAM),
		     E(0x140000000ULL, 0x1000, NVS),
		     E(0x200000000ULL, 0x1000, PRAM));
}

static void test_ext_after_fallback(void **state)
{
	const struct boot_e820_entry ext[] = {
		{0x100000000ULL, 0x1000, RAM},
	};

	(void)state;
	bp.alt_mem_k = 1024;
	bp.hdr.setup_data = ARENA_BASE;
	ext_node_at(ARENA_BASE, 0, ext, 1);
	assert_int_equal(append(NULL), 0);
	TABLE_EXPECT(&t, E(0, E820_LOWMEM_SIZE, RAM),
		     E(0x100000, 0x100000, RAM),
		     E(0x100000000ULL, 0x1000, RAM));
}

static void test_ext_empty_node(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE;
	node_at(ARENA_BASE, 0, SETUP_E820_EXT, 0);
	assert_int_equal(append(NULL), 0);
	assert_int_equal(t.nr_entries, 6);
}

static void test_setup_data_self_loop(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE + 0x200;
	node_at(ARENA_BASE + 0x200, ARENA_BASE + 0x200, SETUP_RNG_SEED, 8);
	expect_error(-ELOOP);
	assert_logged(
		"setup_data list loops: node at 0x90200 is reached twice");
}

static void test_setup_data_long_loop(void **state)
{
	const struct boot_e820_entry ext[] = {{0x100000000ULL, 0x1000, RAM}};

	(void)state;
	bp_qemu_map();
	/* head -> 0x100 -> 0x200 -> 0x300 -> 0x400 -> 0x500 -> back to 0x300:
	 * next pointers all increase except the last, and the nodes before
	 * the loop are fine. */
	bp.hdr.setup_data = ARENA_BASE + 0x100;
	ext_node_at(ARENA_BASE + 0x100, ARENA_BASE + 0x200, ext, 1);
	node_at(ARENA_BASE + 0x200, ARENA_BASE + 0x300, SETUP_DTB, 4);
	node_at(ARENA_BASE + 0x300, ARENA_BASE + 0x400, SETUP_PCI, 4);
	ext_node_at(ARENA_BASE + 0x400, ARENA_BASE + 0x500, ext, 1);
	node_at(ARENA_BASE + 0x500, ARENA_BASE + 0x300, SETUP_IMA, 0);
	expect_error(-ELOOP);
	assert_logged("node at 0x90300 is reached twice");
}

static void test_setup_data_backwards_but_finite(void **state)
{
	const struct boot_e820_entry ext[] = {{0x100000000ULL, 0x1000, RAM}};

	(void)state;
	/* Nodes may point backwards; only a real cycle is an error. */
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE + 0x900;
	ext_node_at(ARENA_BASE + 0x900, ARENA_BASE + 0x100, ext, 1);
	ext_node_at(ARENA_BASE + 0x100, ARENA_BASE + 0x500, ext, 1);
	ext_node_at(ARENA_BASE + 0x500, 0, ext, 1);
	assert_int_equal(append(NULL), 0);
	assert_int_equal(t.nr_entries, 9);
}

static void test_setup_data_node_below_bounds(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE - 0x100;
	expect_error(-EFAULT);
	assert_logged("setup_data node at 0x8ff00 lies outside "
		      "[0x90000, 0xa0000)");
}

static void test_setup_data_header_past_bounds(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE;
	node_at(ARENA_BASE, ARENA_END - 8, SETUP_DTB, 0);
	expect_error(-EFAULT);
	assert_logged("setup_data node at 0x9fff8 lies outside "
		      "[0x90000, 0xa0000)");
}

static void test_setup_data_payload_past_bounds(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_END - 0x40;
	node_at(ARENA_END - 0x40, 0, SETUP_E820_EXT, 0x40 - 16 + 20);
	expect_error(-EFAULT);
	assert_logged("setup_data node at 0x9ffc0 (type 1, len 68) runs past "
		      "0xa0000");
}

static void test_setup_data_huge_len(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE;
	node_at(ARENA_BASE, 0, SETUP_DTB, UINT32_MAX);
	expect_error(-EFAULT);
	assert_logged("len 4294967295) runs past 0xa0000");
}

static void test_ext_len_not_multiple_of_20(void **state)
{
	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE;
	node_at(ARENA_BASE, 0, SETUP_E820_EXT, 30);
	expect_error(-EINVAL);
	assert_logged("SETUP_E820_EXT node at 0x90000: len 30 is not a "
		      "multiple of 20");
}

static void test_ext_wrapping_entry(void **state)
{
	const struct boot_e820_entry ext[] = {
		{0x100000000ULL, 0x1000, RAM},
		{0xffffffffffff0000ULL, 0x20000, RSV},
	};

	(void)state;
	bp_qemu_map();
	bp.hdr.setup_data = ARENA_BASE + 0x20;
	ext_node_at(ARENA_BASE + 0x20, 0, ext, 2);
	expect_error(-EINVAL);
	assert_logged("node at 0x90020: entry 1 (addr 0xffffffffffff0000 "
		      "size 0x20000) wraps");
}

static void test_too_many_entries_for_table(void **state)
{
	struct boot_e820_entry ext[200];

	(void)state;
	for (uint32_t i = 0; i < 200; i++)
		ext[i] = (struct boot_e820_entry){
			0x100000000ULL + i * 0x2000ULL, 0x1000, RAM};
	for (uint32_t i = 0; i < E820_MAX_ENTRIES_ZEROPAGE; i++)
		bp_add(i * 0x2000ULL, 0x1000, RAM);
	bp.hdr.setup_data = ARENA_BASE;
	ext_node_at(ARENA_BASE, 0, ext, 200);
	/* 128 + 200 = 328 > 320 */
	expect_error(-ENOSPC);
	assert_logged("328 boot entries (200 from SETUP_E820_EXT) do not fit "
		      "the 320 free slots");
	/* 128 + 192 fits exactly. */
	((struct setup_data *)phys_to_virt(ARENA_BASE))->len = 192 * 20;
	assert_int_equal(append(NULL), 0);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
}

static void test_corrupt_count_refused(void **state)
{
	(void)state;
	bp_qemu_map();
	t.nr_entries = E820_MAX_ENTRIES + 1;
	assert_int_equal(append(NULL), -EINVAL);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES + 1);
	assert_logged("table claims 321 entries");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_zero_page_copied_in_order),
		T(test_appends_after_existing_entries),
		T(test_full_zero_page),
		T(test_count_over_128_rejected),
		T(test_e801_fallback_on_one_entry),
		T(test_88h_fallback_when_larger),
		T(test_fallback_on_wrapping_entry),
		T(test_ext_blocks_appended),
		T(test_ext_after_fallback),
		T(test_ext_empty_node),
		T(test_setup_data_self_loop),
		T(test_setup_data_long_loop),
		T(test_setup_data_backwards_but_finite),
		T(test_setup_data_node_below_bounds),
		T(test_setup_data_header_past_bounds),
		T(test_setup_data_payload_past_bounds),
		T(test_setup_data_huge_len),
		T(test_ext_len_not_multiple_of_20),
		T(test_ext_wrapping_entry),
		T(test_too_many_entries_for_table),
		T(test_corrupt_count_refused),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
