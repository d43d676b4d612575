// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memblock.c, basic API: initial state and resets, add,
 * reserve, remove, free, flags, set_node, bottom_up, current_limit,
 * trim_memory, overlaps_region and the other queries, cap_memory_range /
 * mem_limit_remove_map, array doubling (and its failures), wrap capping
 * and the debug log.
 */
#include "hosttest/memblock/memblock_test.h"

#include <stdio.h>
#include <string.h>

#include "kernel/lib/errno.h"

#define PG(n) ((phys_addr_t)(n)*PAGE_SIZE)
/* A second memory area far above the first. */
#define HIGH_BASE (2 * SZ_1G)
/* Bytes a doubled array of @entries regions takes (whole pages). */
#define ARRAY_BYTES(entries)                                                   \
	ALIGN((entries) * sizeof(struct memblock_region), PAGE_SIZE)

static struct memblock_type *mem = &memblock.memory;
static struct memblock_type *rsv = &memblock.reserved;

/* ---- initial state and resets ---------------------------------------- */

static void test_init_state(void **state)
{
	(void)state;
	assert_non_null(mem->regions);
	assert_int_equal(mem->cnt, 0);
	assert_int_equal(mem->max, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(mem->total_size, 0);
	assert_string_equal(mem->name, "memory");
	assert_non_null(rsv->regions);
	assert_int_equal(rsv->cnt, 0);
	assert_int_equal(rsv->max, INIT_MEMBLOCK_RESERVED_REGIONS);
	assert_int_equal(rsv->total_size, 0);
	assert_string_equal(rsv->name, "reserved");
	assert_false(memblock.bottom_up);
	assert_false(memblock_bottom_up());
	assert_int_equal(memblock.current_limit, MEMBLOCK_ALLOC_ANYWHERE);
	assert_int_equal(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
	assert_int_equal(memblock_phys_mem_size(), 0);
	assert_int_equal(memblock_reserved_size(), 0);
	assert_int_equal(memblock_start_of_DRAM(), 0);
	assert_int_equal(memblock_end_of_DRAM(), 0);
}

static void test_reset_restores_everything(void **state)
{
	struct memblock_region *static_mem = mem->regions;
	struct memblock_region *static_rsv = rsv->regions;

	(void)state;
	/* grow the reserved array so that it leaves its static storage */
	assert_int_equal(memblock_add(MEM_START, PG(300)), 0);
	memblock_allow_resize();
	reserve_every_other_page(MEM_START, 2 * INIT_MEMBLOCK_REGIONS + 2);
	assert_ptr_not_equal(rsv->regions, static_rsv);
	memblock_set_bottom_up(true);
	memblock_set_current_limit(SZ_1M);

	reset_memblock_attributes();
	assert_false(memblock_bottom_up());
	assert_int_equal(memblock.current_limit, MEMBLOCK_ALLOC_ANYWHERE);
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS + 2);

	reset_memblock_regions();
	assert_ptr_equal(mem->regions, static_mem);
	assert_ptr_equal(rsv->regions, static_rsv);
	assert_int_equal(mem->cnt, 0);
	assert_int_equal(rsv->cnt, 0);
	assert_int_equal(rsv->max, INIT_MEMBLOCK_RESERVED_REGIONS);
	assert_int_equal(mem->total_size + rsv->total_size, 0);
	for (unsigned long i = 0; i < rsv->max; i++)
		assert_int_equal(rsv->regions[i].size, 0);

	/* memblock_reset also forbids resizing again */
	memblock_reset();
	assert_int_equal(memblock_add(MEM_START, PG(300)), 0);
	reserve_every_other_page(MEM_START, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(memblock_reserve(MEM_START + PG(280), PAGE_SIZE),
			 -ENOMEM);
}

/* ---- memblock_add ---------------------------------------------------- */

static void test_add_simple(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1G, SZ_4M);
	assert_int_equal(mem->regions[0].nid, MAX_NUMNODES);
	assert_int_equal(mem->regions[0].flags, MEMBLOCK_NONE);
	assert_int_equal(mem->total_size, SZ_4M);
	assert_int_equal(rsv->cnt, 0);
}

static void test_add_node(void **state)
{
	(void)state;
	assert_int_equal(memblock_add_node(SZ_1M, SZ_16M, 1, MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1M, SZ_16M);
	assert_int_equal(mem->regions[0].nid, 1);
	assert_int_equal(mem->regions[0].flags, MEMBLOCK_HOTPLUG);
	assert_int_equal(memblock_add_node(SZ_1G, SZ_1M, NUMA_NO_NODE,
					   MEMBLOCK_DRIVER_MANAGED),
			 0);
	assert_int_equal(mem->regions[1].nid, NUMA_NO_NODE);
	assert_int_equal(mem->regions[1].flags, MEMBLOCK_DRIVER_MANAGED);
	assert_int_equal(mem->total_size, SZ_16M + SZ_1M);
}

static void test_add_bad_node_or_flags(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_1M), 0);
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, 1000, 0), -EINVAL);
	assert_true(log_capture_contains("node 1000"));
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, MAX_NUMNODES + 1, 0),
			 -EINVAL);
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, -2, 0), -EINVAL);
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, 0, 0x100), -EINVAL);
	assert_true(log_capture_contains("flags 0x100"));
	assert_true(log_capture_contains("0x0000000000100000"));
	assert_int_equal(mem->cnt, 1);
	assert_int_equal(mem->total_size, SZ_1M);
	/* the largest node id memblock records is MAX_NUMNODES ("none") */
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, MAX_NUMNODES, 0), 0);
}

static void test_add_disjoint(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_1M), 0);
	assert_int_equal(memblock_add(SZ_16M, SZ_64K), 0);
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 0, SZ_16M, SZ_64K);
	assert_region(mem, 1, SZ_1G, SZ_1M);
	assert_int_equal(mem->total_size, SZ_1M + SZ_64K);
}

/* The new range starts below an existing one and ends inside it. */
static void test_add_overlap_top(void **state)
{
	phys_addr_t r1 = SZ_1G, r2 = SZ_1G - SZ_1M;

	(void)state;
	assert_int_equal(memblock_add(r1, SZ_4M), 0);
	assert_int_equal(memblock_add(r2, SZ_2M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, r2, r1 + SZ_4M - r2);
	assert_int_equal(mem->total_size, r1 + SZ_4M - r2);
}

/* The new range starts inside an existing one and ends above it. */
static void test_add_overlap_bottom(void **state)
{
	phys_addr_t r1 = SZ_1G, r2 = SZ_1G + SZ_2M;

	(void)state;
	assert_int_equal(memblock_add(r1, SZ_4M), 0);
	assert_int_equal(memblock_add(r2, SZ_4M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, r1, r2 + SZ_4M - r1);
	assert_int_equal(mem->total_size, r2 + SZ_4M - r1);
}

static void test_add_within(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_add(SZ_1G + SZ_1M, SZ_1M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1G, SZ_4M);
	assert_int_equal(mem->total_size, SZ_4M);
}

static void test_add_twice(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_16M, SZ_1M), 0);
	assert_int_equal(memblock_add(SZ_16M, SZ_1M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_int_equal(mem->total_size, SZ_1M);
}

/* A range that bridges two regions, overlapping both, merges all three. */
static void test_add_between(void **state)
{
	phys_addr_t a = SZ_1G, b = SZ_1G + SZ_16M;

	(void)state;
	assert_int_equal(memblock_add(a, SZ_4M), 0);
	assert_int_equal(memblock_add(b, SZ_4M), 0);
	assert_int_equal(memblock_add(a + SZ_2M, b - a), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, a, b + SZ_4M - a);
	assert_int_equal(mem->total_size, b + SZ_4M - a);
}

/* Touching regions merge; an add spanning several gaps fills them all. */
static void test_add_fills_many_gaps(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		assert_int_equal(memblock_add(SZ_1M * (2 * i + 1), SZ_1M), 0);
	assert_int_equal(mem->cnt, 8);
	assert_int_equal(memblock_add(SZ_1M / 2, 16 * SZ_1M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1M / 2, 16 * SZ_1M);
	/* touching the top merges */
	assert_int_equal(memblock_add(16 * SZ_1M + SZ_1M / 2, SZ_1M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1M / 2, 17 * SZ_1M);
}

static void test_add_near_max(void **state)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_1M + 1;

	(void)state;
	assert_int_equal(memblock_add(base, SZ_1M - 1), 0);
	assert_region(mem, 0, base, SZ_1M - 1);
	assert_int_equal(memblock_end_of_DRAM(), PHYS_ADDR_MAX);
}

/* A size that would wrap past the top is capped to what remains. */
static void test_add_wrap_capped(void **state)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_64K;

	(void)state;
	assert_int_equal(memblock_add(base, SZ_1M), 0);
	assert_region(mem, 0, base, PHYS_ADDR_MAX - base);
	assert_int_equal(memblock_add(SZ_1G, PHYS_ADDR_MAX), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1G, PHYS_ADDR_MAX - SZ_1G);
	assert_int_equal(mem->total_size, PHYS_ADDR_MAX - SZ_1G);
	/* nothing fits at the very top */
	memblock_reset();
	assert_int_equal(memblock_add(PHYS_ADDR_MAX, SZ_1M), 0);
	assert_int_equal(mem->cnt, 0);
}

static void test_add_zero_size(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, 0), 0);
	assert_int_equal(memblock_reserve(SZ_1M, 0), 0);
	assert_int_equal(mem->cnt + rsv->cnt, 0);
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_remove(SZ_1M, 0), 0);
	assert_int_equal(memblock_phys_free(SZ_1M, 0), 0);
	assert_int_equal(mem->total_size, SZ_1M);
}

/* Neighbours merge only when node and flags are both equal. */
static void test_add_merge_needs_equal_nid_and_flags(void **state)
{
	(void)state;
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, 0, 0), 0);
	assert_int_equal(memblock_add_node(SZ_2M, SZ_1M, 1, 0), 0);
	assert_int_equal(mem->cnt, 2);
	assert_int_equal(
		memblock_add_node(3 * SZ_1M, SZ_1M, 1, MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(mem->cnt, 3);
	assert_int_equal(
		memblock_add_node(4 * SZ_1M, SZ_1M, 1, MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 2, 3 * SZ_1M, SZ_2M);
	assert_int_equal(memblock_add_node(0, SZ_1M, 0, 0), 0);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 0, 0, SZ_2M);
	assert_int_equal(mem->total_size, 5 * SZ_1M);
}

/* Parts already present keep their attributes; only gaps get the new. */
static void test_add_overlap_keeps_old_attributes(void **state)
{
	(void)state;
	assert_int_equal(memblock_add_node(SZ_2M, SZ_1M, 0, MEMBLOCK_MIRROR),
			 0);
	assert_int_equal(memblock_add_node(SZ_1M, 3 * SZ_1M, 2, 0), 0);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 0, SZ_1M, SZ_1M);
	assert_int_equal(mem->regions[0].nid, 2);
	assert_region(mem, 1, SZ_2M, SZ_1M);
	assert_int_equal(mem->regions[1].nid, 0);
	assert_int_equal(mem->regions[1].flags, MEMBLOCK_MIRROR);
	assert_region(mem, 2, 3 * SZ_1M, SZ_1M);
	assert_int_equal(mem->regions[2].nid, 2);
	assert_int_equal(mem->total_size, 3 * SZ_1M);
}

/* 129 regions: the memory array doubles into memory from memblock. */
static void add_many_check(const void *arg)
{
	const phys_addr_t big = SZ_2M, big_size = SZ_64K;
	const phys_addr_t array = ARRAY_BYTES(2 * INIT_MEMBLOCK_REGIONS);
	phys_addr_t array_pa, want;

	(void)arg;
	memblock_allow_resize();
	assert_int_equal(memblock_add(big, big_size), 0);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		assert_int_equal(memblock_add(MEM_START + PG(2 * i), PAGE_SIZE),
				 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(mem->max, 2 * INIT_MEMBLOCK_REGIONS);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		assert_region(mem, i, MEM_START + PG(2 * i), PAGE_SIZE);
	assert_region(mem, INIT_MEMBLOCK_REGIONS, big, big_size);

	/* the new array is the only reserved range, in the big region */
	array_pa = virt_to_phys(mem->regions);
	want = EXPECT_DIR(big + big_size - array, big);
	assert_int_equal(array_pa, want);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, want, array);

	/* the array keeps working: remove and re-add a region */
	assert_int_equal(memblock_remove(MEM_START, PAGE_SIZE), 0);
	assert_int_equal(memblock_add(MEM_START, PAGE_SIZE), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS + 1);
}

static void test_add_many(void **state)
{
	(void)state;
	run_top_down_and_bottom_up(add_many_check, NULL);
}

/* Doubling twice frees the first doubled array. */
static void test_add_many_twice(void **state)
{
	const unsigned long n = 2 * INIT_MEMBLOCK_REGIONS + 1;
	const phys_addr_t big = 3 * SZ_1M;

	(void)state;
	memblock_allow_resize();
	assert_int_equal(memblock_add(big, SZ_64K), 0);
	for (unsigned long i = 0; i < n - 1; i++)
		assert_int_equal(memblock_add(MEM_START + PG(2 * i), PAGE_SIZE),
				 0);
	assert_int_equal(mem->cnt, n);
	assert_int_equal(mem->max, 4 * INIT_MEMBLOCK_REGIONS);
	/* only the live array stays reserved */
	assert_int_equal(rsv->total_size,
			 ARRAY_BYTES(4 * INIT_MEMBLOCK_REGIONS));
	assert_true(reserved_covers(virt_to_phys(mem->regions),
				    ARRAY_BYTES(4 * INIT_MEMBLOCK_REGIONS)));
	assert_true(memblock_is_region_memory(
		virt_to_phys(mem->regions),
		ARRAY_BYTES(4 * INIT_MEMBLOCK_REGIONS)));
	assert_true(virt_to_phys(mem->regions) >= big);
	assert_memblock_consistent();
}

/* Add @n one-page memory regions with one-page holes (no room for a new
 * array anywhere in them). */
static void fill_memory_array(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		assert_int_equal(memblock_add(MEM_START + PG(2 * i), PAGE_SIZE),
				 0);
}

static void test_add_many_before_allow_resize(void **state)
{
	struct type_snapshot before;

	(void)state;
	assert_int_equal(memblock_add(SZ_2M, SZ_64K), 0);
	fill_memory_array(INIT_MEMBLOCK_REGIONS - 1);
	snapshot_type(mem, &before);
	assert_int_equal(memblock_add(3 * SZ_1M, PAGE_SIZE), -ENOMEM);
	assert_type_unchanged(mem, &before);
	assert_int_equal(rsv->cnt, 0);
	assert_true(log_capture_contains("cannot double memory array from 128 "
					 "to 256: resizing not allowed"));
}

static void test_add_many_no_room_for_array(void **state)
{
	struct type_snapshot before;
	int level;

	(void)state;
	memblock_allow_resize();
	fill_memory_array(INIT_MEMBLOCK_REGIONS);
	snapshot_type(mem, &before);
	assert_int_equal(memblock_add(SZ_2M, PAGE_SIZE), -ENOMEM);
	assert_type_unchanged(mem, &before);
	assert_int_equal(rsv->cnt, 0);
	assert_true(log_capture_contains(
		"cannot double memory array from 128 to 256: no free memory"));
	assert_non_null(log_capture_line(log_capture_count() - 1, &level));
	assert_int_equal(level, 3);
	/* adding what is there needs no slot, nor does growing a region:
	 * filling the hole between two equal regions joins them */
	assert_int_equal(memblock_add(MEM_START, PAGE_SIZE), 0);
	assert_type_unchanged(mem, &before);
	assert_int_equal(memblock_add(MEM_START + PG(1), PAGE_SIZE), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS - 1);
	assert_region(mem, 0, MEM_START, PG(3));
	assert_int_equal(memblock_add(MEM_START - PAGE_SIZE, PAGE_SIZE), 0);
	assert_region(mem, 0, MEM_START - PAGE_SIZE, PG(4));
	assert_int_equal(mem->total_size, PG(INIT_MEMBLOCK_REGIONS + 2));
	/* a region with other attributes still needs a slot (and the joined
	 * pages, reserved, leave no room for a new array) */
	assert_int_equal(memblock_reserve(MEM_START - PAGE_SIZE, PG(4)), 0);
	assert_int_equal(memblock_add_node(MEM_START + PG(3), PAGE_SIZE, 1, 0),
			 0);
	assert_int_equal(memblock_add_node(MEM_START + PG(5), PAGE_SIZE, 1, 0),
			 -ENOMEM);
	/* growing the last region upwards needs no slot either */
	assert_int_equal(
		memblock_add(MEM_START + PG(2 * INIT_MEMBLOCK_REGIONS - 1),
			     PAGE_SIZE),
		0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS);
	assert_region(mem, mem->cnt - 1,
		      MEM_START + PG(2 * INIT_MEMBLOCK_REGIONS - 2), PG(2));
}

/*
 * Both arrays full: the memory array's new home is found but reserving it
 * needs the reserved array to grow, and there is no room for that. The add
 * fails and neither array changes.
 */
static void test_add_many_reserved_full(void **state)
{
	struct type_snapshot mem_before, rsv_before;

	(void)state;
	memblock_allow_resize();
	fill_memory_array(INIT_MEMBLOCK_REGIONS - 1);
	assert_int_equal(memblock_add(SZ_2M, PG(2)), 0);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		assert_int_equal(memblock_reserve(SZ_1G + PG(2 * i), PAGE_SIZE),
				 0);
	snapshot_type(mem, &mem_before);
	snapshot_type(rsv, &rsv_before);
	assert_int_equal(memblock_add(3 * SZ_1M, PAGE_SIZE), -ENOMEM);
	assert_type_unchanged(mem, &mem_before);
	assert_type_unchanged(rsv, &rsv_before);
	assert_true(log_capture_contains("cannot double reserved array from "
					 "128 to 256: no free memory"));
}

/*
 * The second doubling of the memory array frees the first doubled array,
 * which sits inside a larger reservation: cutting it out needs two slots
 * in a reserved array that is full and cannot grow. The add still works;
 * the old array stays reserved, with a warning.
 *
 *   G: [ A2 (12K) | filler | A1 (8K) | pre-reserved ]   all one reservation
 */
static void test_add_many_old_array_left_reserved(void **state)
{
	const phys_addr_t g = 3 * SZ_1M;
	const phys_addr_t a1 = g + SZ_16K, a2 = g;

	(void)state;
	memblock_allow_resize();
	assert_int_equal(memblock_add(g, SZ_16K + SZ_8K + SZ_4K), 0);
	assert_int_equal(memblock_reserve(g + SZ_16K + SZ_8K, SZ_4K), 0);
	fill_memory_array(INIT_MEMBLOCK_REGIONS);
	assert_int_equal(virt_to_phys(mem->regions), a1);
	assert_int_equal(memblock_reserve(g + SZ_8K + SZ_4K, SZ_4K), 0);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS - 2; i++)
		assert_int_equal(memblock_reserve(SZ_1G + PG(2 * i), PAGE_SIZE),
				 0);
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS - 1);

	for (unsigned long i = INIT_MEMBLOCK_REGIONS;
	     i < 2 * INIT_MEMBLOCK_REGIONS; i++)
		assert_int_equal(memblock_add(MEM_START + PG(2 * i), PAGE_SIZE),
				 0);
	assert_int_equal(mem->cnt, 2 * INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(mem->max, 4 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(virt_to_phys(mem->regions), a2);
	assert_true(log_capture_contains("old memory array left reserved"));
	assert_true(reserved_covers(g, SZ_16K + SZ_8K + SZ_4K));
	assert_memblock_consistent();
}

/* ---- memblock_reserve ------------------------------------------------ */

static void test_reserve_simple(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1G, SZ_128M), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_1G, SZ_128M);
	assert_int_equal(rsv->regions[0].flags, MEMBLOCK_NONE);
	assert_int_equal(memblock_reserved_size(), SZ_128M);
	/* reserving needs no memory */
	assert_int_equal(mem->cnt, 0);
}

static void test_reserve_disjoint(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1G, SZ_1M), 0);
	assert_int_equal(memblock_reserve(SZ_16M, SZ_64K), 0);
	assert_int_equal(rsv->cnt, 2);
	assert_region(rsv, 0, SZ_16M, SZ_64K);
	assert_region(rsv, 1, SZ_1G, SZ_1M);
	assert_int_equal(rsv->total_size, SZ_1M + SZ_64K);
}

static void test_reserve_overlap_top(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_reserve(SZ_1G - SZ_1M, SZ_2M), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_1G - SZ_1M, SZ_4M + SZ_1M);
	assert_int_equal(rsv->total_size, SZ_4M + SZ_1M);
}

static void test_reserve_overlap_bottom(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_reserve(SZ_1G + SZ_2M, SZ_4M), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_1G, SZ_4M + SZ_2M);
	assert_int_equal(rsv->total_size, SZ_4M + SZ_2M);
}

static void test_reserve_within(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_reserve(SZ_1G + SZ_1M, SZ_64K), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_1G, SZ_4M);
}

static void test_reserve_twice(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_16M, SZ_64K), 0);
	assert_int_equal(memblock_reserve(SZ_16M, SZ_64K), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_int_equal(rsv->total_size, SZ_64K);
}

/* A reservation that exactly fills the gap between two merges them. */
static void test_reserve_between(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_reserve(3 * SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_reserve(SZ_2M, SZ_1M), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_1M, 3 * SZ_1M);
	assert_int_equal(rsv->total_size, 3 * SZ_1M);
}

static void test_reserve_near_max_and_wrap(void **state)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_64K;

	(void)state;
	assert_int_equal(memblock_reserve(base, SZ_64K), 0);
	assert_region(rsv, 0, base, SZ_64K);
	assert_int_equal(memblock_reserve(base - SZ_64K, PHYS_ADDR_MAX), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, base - SZ_64K, 2 * SZ_64K);
	assert_int_equal(rsv->total_size, 2 * SZ_64K);
}

static void reserve_many_check(const void *arg)
{
	const unsigned long n = INIT_MEMBLOCK_REGIONS + 1;
	const phys_addr_t array = ARRAY_BYTES(2 * INIT_MEMBLOCK_REGIONS);
	phys_addr_t array_pa;

	(void)arg;
	memblock_allow_resize();
	assert_int_equal(memblock_add(MEM_START, SZ_2M), 0);
	reserve_every_other_page(MEM_START, 2 * n - 1);
	assert_int_equal(rsv->max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(rsv->total_size, PG(n) + array);
	array_pa = virt_to_phys(rsv->regions);
	assert_true(reserved_covers(array_pa, array));
	assert_int_equal(array_pa, EXPECT_DIR(MEM_START + SZ_2M - array,
					      MEM_START + PG(2 * n - 1)));
	for (unsigned long i = 0; i < n; i++)
		assert_true(memblock_is_reserved(MEM_START + PG(2 * i)));
}

static void test_reserve_many(void **state)
{
	(void)state;
	run_top_down_and_bottom_up(reserve_many_check, NULL);
}

/*
 * Reserved array full; the free memory is window B [253p, 260p) and window
 * A [265p, 300p) (plus one-page holes; [260p, 264p) is reserved). Reserving
 * A makes the array double, and the new array must avoid A (not yet
 * reserved) and go into B.
 */
static void reserve_many_avoids_range_check(const void *arg)
{
	const phys_addr_t array = ARRAY_BYTES(2 * INIT_MEMBLOCK_REGIONS);
	const phys_addr_t a = MEM_START + PG(265), a_end = MEM_START + PG(300);
	const phys_addr_t b = MEM_START + PG(253), b_end = MEM_START + PG(260);

	(void)arg;
	memblock_allow_resize();
	assert_int_equal(memblock_add(MEM_START, a_end - MEM_START), 0);
	reserve_every_other_page(MEM_START, 253);
	assert_int_equal(memblock_reserve(b_end, PG(4)), 0);
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS);

	assert_int_equal(memblock_reserve(a, a_end - a), 0);
	assert_int_equal(rsv->max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_true(reserved_covers(a, a_end - a));
	assert_int_equal(virt_to_phys(rsv->regions),
			 EXPECT_DIR(b_end - array, b));
	assert_true(reserved_covers(virt_to_phys(rsv->regions), array));
	assert_int_equal(rsv->total_size,
			 PG(127) + PG(4) + (a_end - a) + array);
}

static void test_reserve_many_avoids_range(void **state)
{
	(void)state;
	run_top_down_and_bottom_up(reserve_many_avoids_range_check, NULL);
}

/* As above with no window B: the doubling fails and nothing changes. */
static void test_reserve_many_no_room(void **state)
{
	const phys_addr_t a = MEM_START + PG(256), a_end = MEM_START + PG(292);
	struct type_snapshot before;

	(void)state;
	memblock_allow_resize();
	assert_int_equal(memblock_add(MEM_START, a_end - MEM_START), 0);
	reserve_every_other_page(MEM_START, 255);
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS);
	snapshot_type(rsv, &before);
	assert_int_equal(memblock_reserve(a, a_end - a), -ENOMEM);
	assert_type_unchanged(rsv, &before);
	assert_true(log_capture_contains("cannot double reserved array from "
					 "128 to 256: no free memory"));
	/* a reservation that needs no new slot still works */
	assert_int_equal(memblock_reserve(MEM_START, PAGE_SIZE), 0);
	assert_type_unchanged(rsv, &before);
}

/* ---- memblock_remove ------------------------------------------------- */

static void test_remove_simple(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_add(SZ_16M, SZ_1M), 0);
	assert_int_equal(memblock_remove(SZ_1G, SZ_4M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_16M, SZ_1M);
	assert_int_equal(mem->total_size, SZ_1M);
	assert_int_equal(memblock_remove(SZ_16M, SZ_1M), 0);
	assert_int_equal(mem->cnt, 0);
	assert_int_equal(mem->total_size, 0);
	assert_int_equal(memblock_end_of_DRAM(), 0);
	/* regions[0] of the emptied array, as Linux leaves it. */
	assert_int_equal(mem->regions[0].base, 0);
	assert_int_equal(mem->regions[0].size, 0);
	assert_int_equal(mem->regions[0].flags, 0);
	assert_int_equal(mem->regions[0].nid, MAX_NUMNODES);
}

static void test_remove_absent(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_remove(SZ_16M, SZ_1M), 0);
	assert_int_equal(memblock_remove(SZ_1G + SZ_4M, SZ_1M), 0);
	assert_int_equal(memblock_remove(SZ_1G - SZ_1M, SZ_1M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1G, SZ_4M);
}

/* The removed range covers the top of a region. */
static void test_remove_overlap_top(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_remove(SZ_1G + SZ_1M, SZ_16M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1G, SZ_1M);
	assert_int_equal(mem->total_size, SZ_1M);
}

/* The removed range covers the bottom of a region. */
static void test_remove_overlap_bottom(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_remove(SZ_1G - SZ_1M, SZ_2M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1G + SZ_1M, SZ_4M - SZ_1M);
	assert_int_equal(mem->total_size, SZ_4M - SZ_1M);
}

static void test_remove_within(void **state)
{
	(void)state;
	assert_int_equal(memblock_add_node(SZ_1G, SZ_4M, 3, MEMBLOCK_MIRROR),
			 0);
	assert_int_equal(memblock_remove(SZ_1G + SZ_1M, SZ_1M), 0);
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 0, SZ_1G, SZ_1M);
	assert_region(mem, 1, SZ_1G + SZ_2M, SZ_2M);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(mem->regions[i].nid, 3);
		assert_int_equal(mem->regions[i].flags, MEMBLOCK_MIRROR);
	}
	assert_int_equal(mem->total_size, 3 * SZ_1M);
}

/* One removal spanning several regions trims the two ends, drops the rest. */
static void test_remove_across(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add(4 * SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add(8 * SZ_1M, SZ_1M), 0);
	assert_int_equal(
		memblock_remove(SZ_1M + SZ_64K, 8 * SZ_1M - 2 * SZ_64K), 0);
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 0, SZ_1M, SZ_64K);
	assert_region(mem, 1, 9 * SZ_1M - SZ_64K, SZ_64K);
	assert_int_equal(mem->total_size, 2 * SZ_64K);
}

static void test_remove_wrap_capped(void **state)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_64K;

	(void)state;
	assert_int_equal(memblock_add(base, SZ_64K), 0);
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_remove(base + SZ_4K, PHYS_ADDR_MAX), 0);
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 1, base, SZ_4K);
	assert_int_equal(memblock_remove(SZ_1M + SZ_4K, PHYS_ADDR_MAX), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1M, SZ_4K);
}

/* A split needs a slot; with a full array that cannot grow, nothing moves. */
static void test_remove_split_full_array(void **state)
{
	struct type_snapshot before;

	(void)state;
	fill_memory_array(INIT_MEMBLOCK_REGIONS - 1);
	assert_int_equal(memblock_add(SZ_2M, PG(4)), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS);
	snapshot_type(mem, &before);
	assert_int_equal(memblock_remove(SZ_2M + PG(1), PAGE_SIZE), -ENOMEM);
	assert_type_unchanged(mem, &before);
	/* cutting the head off also splits (at the end of the range) */
	assert_int_equal(memblock_remove(SZ_2M, PAGE_SIZE), -ENOMEM);
	assert_type_unchanged(mem, &before);
	/* removing whole regions needs no split */
	assert_int_equal(memblock_remove(SZ_2M, PG(4)), 0);
	assert_int_equal(memblock_remove(MEM_START, PG(4)), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS - 3);
}

/* With resizing allowed, a split of a full array doubles it. */
static void test_remove_split_doubles(void **state)
{
	(void)state;
	memblock_allow_resize();
	fill_memory_array(INIT_MEMBLOCK_REGIONS - 1);
	assert_int_equal(memblock_add(SZ_2M, SZ_64K), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(memblock_remove(SZ_2M + PG(1), PAGE_SIZE), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(mem->max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_false(memblock_is_memory(SZ_2M + PG(1)));
	assert_true(memblock_is_memory(SZ_2M));
	assert_true(memblock_is_memory(SZ_2M + PG(2)));
	/* the array avoided the removed page */
	assert_false(memblock_is_region_reserved(SZ_2M + PG(1), PAGE_SIZE));
	assert_memblock_consistent();
}

/* ---- memblock_phys_free / memblock_free ------------------------------ */

static void test_phys_free_simple(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_4M, SZ_1M), 0);
	assert_int_equal(memblock_reserve(SZ_16M, SZ_1M), 0);
	assert_int_equal(memblock_phys_free(SZ_4M, SZ_1M), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_16M, SZ_1M);
	assert_int_equal(memblock_reserved_size(), SZ_1M);
}

static void test_phys_free_absent(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_4M, SZ_1M), 0);
	assert_int_equal(memblock_phys_free(SZ_16M, SZ_1M), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_4M, SZ_1M);
}

static void test_phys_free_overlap_top_and_bottom(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_4M, SZ_2M), 0);
	assert_int_equal(memblock_phys_free(SZ_4M + SZ_1M, SZ_4M), 0);
	assert_region(rsv, 0, SZ_4M, SZ_1M);
	assert_int_equal(memblock_phys_free(SZ_2M, SZ_2M + SZ_64K), 0);
	assert_region(rsv, 0, SZ_4M + SZ_64K, SZ_1M - SZ_64K);
	assert_int_equal(rsv->total_size, SZ_1M - SZ_64K);
}

static void test_phys_free_within(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_4M, SZ_2M), 0);
	assert_int_equal(memblock_phys_free(SZ_4M + SZ_64K, SZ_64K), 0);
	assert_int_equal(rsv->cnt, 2);
	assert_region(rsv, 0, SZ_4M, SZ_64K);
	assert_region(rsv, 1, SZ_4M + 2 * SZ_64K, SZ_2M - 2 * SZ_64K);
	assert_int_equal(rsv->total_size, SZ_2M - SZ_64K);
}

static void test_free_virtual(void **state)
{
	void *p;

	(void)state;
	add_usual_memory();
	p = memblock_alloc(SZ_4K, PAGE_SIZE);
	assert_non_null(p);
	assert_int_equal(rsv->cnt, 1);
	memblock_free(p, SZ_4K);
	assert_int_equal(rsv->cnt, 0);
	memblock_free(NULL, SZ_4K);
	assert_int_equal(rsv->cnt, 0);
	/* part of an allocation */
	p = memblock_alloc(SZ_16K, PAGE_SIZE);
	assert_non_null(p);
	memblock_free((char *)p + SZ_4K, SZ_4K);
	assert_int_equal(rsv->cnt, 2);
	assert_int_equal(rsv->total_size, SZ_16K - SZ_4K);
	assert_false(memblock_is_reserved(virt_to_phys(p) + SZ_4K));
}

/* ---- direction and limit --------------------------------------------- */

static void test_bottom_up(void **state)
{
	(void)state;
	assert_false(memblock_bottom_up());
	memblock_set_bottom_up(true);
	assert_true(memblock_bottom_up());
	assert_true(memblock.bottom_up);
	memblock_set_bottom_up(false);
	assert_false(memblock_bottom_up());
	memblock_set_bottom_up(true);
	memblock_reset();
	assert_false(memblock_bottom_up());
}

static void test_current_limit(void **state)
{
	(void)state;
	memblock_set_current_limit(SZ_16M);
	assert_int_equal(memblock_get_current_limit(), SZ_16M);
	assert_int_equal(memblock.current_limit, SZ_16M);
	memblock_reset();
	assert_int_equal(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
}

/* ---- memblock_trim_memory -------------------------------------------- */

static void test_trim_memory(void **state)
{
	const phys_addr_t r1 = SZ_1M + 100, r1_size = PG(3) + 50;
	const phys_addr_t r2 = SZ_2M - 100, r2_size = 200;
	const phys_addr_t r3 = SZ_4M, r3_size = PG(2);
	const phys_addr_t r4 = SZ_16M, r4_size = PG(2) + 1;

	(void)state;
	assert_int_equal(memblock_add(r1, r1_size), 0);
	assert_int_equal(memblock_add(r2, r2_size), 0);
	assert_int_equal(memblock_add(r3, r3_size), 0);
	assert_int_equal(memblock_add(r4, r4_size), 0);
	memblock_trim_memory(PAGE_SIZE);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 0, ALIGN(r1, PAGE_SIZE),
		      ALIGN_DOWN(r1 + r1_size, PAGE_SIZE) -
			      ALIGN(r1, PAGE_SIZE));
	assert_region(mem, 1, r3, r3_size);
	assert_region(mem, 2, r4, PG(2));
	assert_memblock_consistent();

	/* a larger block size drops whatever has no whole block */
	memblock_trim_memory(SZ_4M);
	assert_int_equal(mem->cnt, 0);
	assert_int_equal(mem->total_size, 0);
}

static void test_trim_memory_bad_align(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M + 100, SZ_1M), 0);
	memblock_trim_memory(0);
	memblock_trim_memory(3 * PAGE_SIZE);
	assert_true(log_capture_contains("0x3000"));
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1M + 100, SZ_1M);
}

/* Rounding the base up at the very top of the address space wraps. */
static void test_trim_memory_at_top(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(PHYS_ADDR_MAX - 100, 100), 0);
	assert_int_equal(mem->cnt, 1);
	memblock_trim_memory(PAGE_SIZE);
	assert_int_equal(mem->cnt, 0);
	assert_int_equal(mem->total_size, 0);
}

/* ---- memblock_overlaps_region and the other queries ------------------ */

static void test_overlaps_region(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_add(HIGH_BASE, SZ_4M), 0);
	/* overlapping the bottom, the top, inside, spanning */
	assert_true(memblock_overlaps_region(mem, SZ_1G - SZ_1M, SZ_2M));
	assert_true(
		memblock_overlaps_region(mem, SZ_1G + SZ_4M - SZ_1M, SZ_2M));
	assert_true(memblock_overlaps_region(mem, SZ_1G + SZ_1M, SZ_1M));
	assert_true(memblock_overlaps_region(mem, 0, PHYS_ADDR_MAX));
	/* touching is not overlapping */
	assert_false(memblock_overlaps_region(mem, SZ_1G - SZ_1M, SZ_1M));
	assert_false(memblock_overlaps_region(mem, SZ_1G + SZ_4M, SZ_1M));
	/* the gap between the regions */
	assert_false(memblock_overlaps_region(mem, SZ_1G + SZ_4M,
					      HIGH_BASE - SZ_1G - SZ_4M));
	/* empty ranges overlap nothing */
	assert_false(memblock_overlaps_region(mem, SZ_1G + SZ_1M, 0));
	/* wrap capping */
	assert_true(memblock_overlaps_region(mem, HIGH_BASE + SZ_1M,
					     PHYS_ADDR_MAX));
	assert_false(memblock_overlaps_region(mem, HIGH_BASE + SZ_4M,
					      PHYS_ADDR_MAX));
	assert_false(memblock_overlaps_region(rsv, SZ_1G, SZ_4M));
}

static void test_queries(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add_node(SZ_2M, SZ_1M, 1, 0), 0);
	assert_int_equal(memblock_add_node(SZ_4M, SZ_1M, 0, MEMBLOCK_NOMAP), 0);
	assert_int_equal(memblock_reserve(SZ_1M + SZ_64K, SZ_64K), 0);

	assert_false(memblock_is_memory(SZ_1M - 1));
	assert_true(memblock_is_memory(SZ_1M));
	assert_true(memblock_is_memory(3 * SZ_1M - 1));
	assert_false(memblock_is_memory(3 * SZ_1M));
	assert_true(memblock_is_memory(SZ_4M));
	assert_true(memblock_is_map_memory(SZ_2M));
	assert_false(memblock_is_map_memory(SZ_4M));
	assert_false(memblock_is_map_memory(3 * SZ_1M));

	assert_true(memblock_is_region_memory(SZ_1M, SZ_1M));
	assert_false(memblock_is_region_memory(SZ_1M, SZ_1M + 1));
	/* two touching regions are not one region */
	assert_false(memblock_is_region_memory(SZ_2M - SZ_64K, 2 * SZ_64K));
	assert_false(memblock_is_region_memory(SZ_1M - 1, 2));
	assert_true(memblock_is_region_memory(SZ_1M, 0));
	assert_false(memblock_is_region_memory(SZ_4M + SZ_1M, 0));
	assert_false(memblock_is_region_memory(SZ_4M, PHYS_ADDR_MAX));

	assert_false(memblock_is_reserved(SZ_1M + SZ_64K - 1));
	assert_true(memblock_is_reserved(SZ_1M + SZ_64K));
	assert_false(memblock_is_reserved(SZ_1M + 2 * SZ_64K));
	assert_true(memblock_is_region_reserved(SZ_1M, SZ_64K + 1));
	assert_false(memblock_is_region_reserved(SZ_1M, SZ_64K));

	assert_int_equal(memblock_phys_mem_size(), 3 * SZ_1M);
	assert_int_equal(memblock_reserved_size(), SZ_64K);
	assert_int_equal(memblock_start_of_DRAM(), SZ_1M);
	assert_int_equal(memblock_end_of_DRAM(), SZ_4M + SZ_1M);
}

/* ---- flags ----------------------------------------------------------- */

static void test_mark_and_clear_nomap(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_4M), 0);
	assert_int_equal(memblock_mark_nomap(SZ_2M, SZ_1M), 0);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 1, SZ_2M, SZ_1M);
	assert_int_equal(mem->regions[0].flags, MEMBLOCK_NONE);
	assert_true(memblock_is_nomap(&mem->regions[1]));
	assert_int_equal(mem->regions[2].flags, MEMBLOCK_NONE);
	assert_int_equal(mem->total_size, SZ_4M);
	assert_int_equal(memblock_clear_nomap(SZ_1M, SZ_4M), 0);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, SZ_1M, SZ_4M);
}

static void test_hotplug_mirror_noinit(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_4M), 0);
	assert_int_equal(memblock_mark_hotplug(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_mark_mirror(SZ_1M + SZ_64K, SZ_64K), 0);
	assert_int_equal(mem->cnt, 4);
	assert_true(memblock_is_hotpluggable(&mem->regions[0]));
	assert_true(memblock_is_hotpluggable(&mem->regions[1]));
	assert_true(memblock_is_mirror(&mem->regions[1]));
	assert_false(memblock_is_mirror(&mem->regions[2]));
	assert_false(memblock_is_hotpluggable(&mem->regions[3]));
	assert_int_equal(memblock_clear_hotplug(0, PHYS_ADDR_MAX), 0);
	assert_int_equal(mem->cnt, 3);
	assert_int_equal(mem->regions[1].flags, MEMBLOCK_MIRROR);

	assert_int_equal(memblock_reserve(SZ_2M, SZ_1M), 0);
	assert_int_equal(memblock_reserved_mark_noinit(SZ_2M, SZ_64K), 0);
	assert_int_equal(rsv->cnt, 2);
	assert_true(memblock_is_reserved_noinit(&rsv->regions[0]));
	assert_false(memblock_is_reserved_noinit(&rsv->regions[1]));
	assert_false(memblock_is_driver_managed(&rsv->regions[1]));
	/* no memory in the range: nothing to mark */
	assert_int_equal(memblock_mark_nomap(SZ_1G, SZ_1M), 0);
	assert_int_equal(mem->cnt, 3);
	memblock_reset();
	assert_int_equal(memblock_mark_mirror(SZ_1G, SZ_1M), 0);
	assert_int_equal(mem->cnt, 0);
	assert_memblock_consistent();
}

static void test_mark_full_array(void **state)
{
	struct type_snapshot before;

	(void)state;
	fill_memory_array(INIT_MEMBLOCK_REGIONS);
	snapshot_type(mem, &before);
	assert_int_equal(memblock_mark_nomap(MEM_START + 16, 16), -ENOMEM);
	assert_type_unchanged(mem, &before);
	/* whole regions need no split */
	assert_int_equal(memblock_mark_nomap(MEM_START, PAGE_SIZE), 0);
	assert_true(memblock_is_nomap(&mem->regions[0]));
}

/* ---- memblock_set_node ----------------------------------------------- */

static void test_set_node(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_4M), 0);
	assert_int_equal(memblock_set_node(SZ_2M, SZ_1M, mem, 1), 0);
	assert_int_equal(mem->cnt, 3);
	assert_int_equal(mem->regions[0].nid, MAX_NUMNODES);
	assert_int_equal(mem->regions[1].nid, 1);
	assert_region(mem, 1, SZ_2M, SZ_1M);
	assert_int_equal(mem->regions[2].nid, MAX_NUMNODES);
	assert_int_equal(mem->total_size, SZ_4M);
	/* the whole range on one node merges again */
	assert_int_equal(memblock_set_node(0, PHYS_ADDR_MAX, mem, 0), 0);
	assert_int_equal(mem->cnt, 1);
	assert_int_equal(mem->regions[0].nid, 0);
	assert_int_equal(memblock_get_region_node(&mem->regions[0]), 0);
	assert_int_equal(memblock_set_node(0, PHYS_ADDR_MAX, mem, NUMA_NO_NODE),
			 0);
	assert_int_equal(mem->regions[0].nid, NUMA_NO_NODE);

	assert_int_equal(memblock_reserve(SZ_2M, SZ_1M), 0);
	assert_int_equal(memblock_set_node(SZ_2M, SZ_64K, rsv, 5), 0);
	assert_int_equal(rsv->cnt, 2);
	assert_int_equal(rsv->regions[0].nid, 5);
	assert_memblock_consistent();
}

static void test_set_node_bad_nid(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_4M), 0);
	assert_int_equal(memblock_set_node(SZ_1M, SZ_1M, mem, 1000), -EINVAL);
	assert_true(log_capture_contains("no node 1000"));
	assert_int_equal(memblock_set_node(SZ_1M, SZ_1M, mem, -5), -EINVAL);
	assert_int_equal(mem->cnt, 1);
	assert_int_equal(mem->regions[0].nid, MAX_NUMNODES);
}

static void test_set_node_full_array(void **state)
{
	struct type_snapshot before;

	(void)state;
	fill_memory_array(INIT_MEMBLOCK_REGIONS);
	snapshot_type(mem, &before);
	assert_int_equal(memblock_set_node(MEM_START + 16, 16, mem, 1),
			 -ENOMEM);
	assert_type_unchanged(mem, &before);
}

/* ---- memblock_cap_memory_range / memblock_mem_limit_remove_map ------- */

/* Memory 1-2M, 3-4M, 5-6M (NOMAP), 7-8M; reserved 64K in each of three. */
static void setup_limit_layout(void)
{
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add(3 * SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add_node(5 * SZ_1M, SZ_1M, MAX_NUMNODES,
					   MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(memblock_add(7 * SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_reserve(SZ_1M + SZ_64K, SZ_64K), 0);
	assert_int_equal(memblock_reserve(3 * SZ_1M + SZ_1M / 2, SZ_64K), 0);
	assert_int_equal(memblock_reserve(7 * SZ_1M + SZ_1M / 2, SZ_64K), 0);
}

static void test_mem_limit_remove_map(void **state)
{
	(void)state;
	setup_limit_layout();
	/* 1.5M of memory ends half-way into the second region */
	memblock_mem_limit_remove_map(SZ_1M + SZ_1M / 2);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 0, SZ_1M, SZ_1M);
	assert_region(mem, 1, 3 * SZ_1M, SZ_1M / 2);
	assert_region(mem, 2, 5 * SZ_1M, SZ_1M); /* NOMAP stays */
	assert_int_equal(mem->total_size, SZ_2M + SZ_1M / 2);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, SZ_1M + SZ_64K, SZ_64K);
	assert_int_equal(rsv->total_size, SZ_64K);
	assert_memblock_consistent();
}

static void test_mem_limit_remove_map_noop(void **state)
{
	(void)state;
	setup_limit_layout();
	memblock_mem_limit_remove_map(0);
	memblock_mem_limit_remove_map(4 * SZ_1M + 1);
	assert_int_equal(mem->cnt, 4);
	assert_int_equal(rsv->cnt, 3);
	/* exactly the first region */
	memblock_mem_limit_remove_map(SZ_1M);
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 0, SZ_1M, SZ_1M);
	assert_region(mem, 1, 5 * SZ_1M, SZ_1M);
	assert_int_equal(rsv->cnt, 1);
}

static void test_cap_memory_range(void **state)
{
	(void)state;
	setup_limit_layout();
	memblock_cap_memory_range(SZ_1M + SZ_1M / 2, 2 * SZ_1M + SZ_64K);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 0, SZ_1M + SZ_1M / 2, SZ_1M / 2);
	assert_region(mem, 1, 3 * SZ_1M, SZ_1M / 2 + SZ_64K);
	assert_region(mem, 2, 5 * SZ_1M, SZ_1M);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, 3 * SZ_1M + SZ_1M / 2, SZ_64K);
	/* size 0: nothing */
	memblock_cap_memory_range(0, 0);
	assert_int_equal(mem->cnt, 3);
}

static void test_cap_memory_range_no_memory(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(SZ_1M, SZ_1M), 0);
	memblock_cap_memory_range(0, SZ_1M);
	assert_true(log_capture_contains("no memory to cap"));
	assert_int_equal(rsv->cnt, 1);
}

/* A doubled array outside the range stays reserved, so that memory added
 * back there later is never handed out over it. */
static void test_cap_memory_range_keeps_arrays(void **state)
{
	const phys_addr_t array = ARRAY_BYTES(2 * INIT_MEMBLOCK_REGIONS);
	phys_addr_t array_pa;

	(void)state;
	memblock_allow_resize();
	assert_int_equal(memblock_add(MEM_START, SZ_2M), 0);
	reserve_every_other_page(MEM_START, 2 * INIT_MEMBLOCK_REGIONS + 1);
	array_pa = virt_to_phys(rsv->regions);
	assert_int_equal(array_pa, MEM_START + SZ_2M - array);

	memblock_cap_memory_range(MEM_START, SZ_1M);
	assert_int_equal(memblock_end_of_DRAM(), MEM_START + SZ_1M);
	assert_false(memblock_is_reserved(MEM_START + SZ_1M));
	assert_true(reserved_covers(array_pa, array));
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(rsv->total_size, PG(INIT_MEMBLOCK_REGIONS) + array);

	assert_int_equal(memblock_add(MEM_START + SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE,
						   array_pa, array_pa + array),
			 0);
	assert_memblock_consistent();
}

/* Either array full: the cap does nothing at all. */
static void test_cap_memory_range_full_arrays(void **state)
{
	struct type_snapshot mem_before, rsv_before;

	(void)state;
	fill_memory_array(INIT_MEMBLOCK_REGIONS);
	snapshot_type(mem, &mem_before);
	snapshot_type(rsv, &rsv_before);
	memblock_cap_memory_range(MEM_START + 16, SZ_1M);
	assert_type_unchanged(mem, &mem_before);
	assert_type_unchanged(rsv, &rsv_before);

	memblock_reset();
	assert_int_equal(memblock_add(MEM_START, SZ_2M), 0);
	reserve_every_other_page(MEM_START, 2 * INIT_MEMBLOCK_REGIONS - 1);
	snapshot_type(mem, &mem_before);
	snapshot_type(rsv, &rsv_before);
	memblock_cap_memory_range(MEM_START + PG(1), PG(3) + 16);
	assert_type_unchanged(mem, &mem_before);
	assert_type_unchanged(rsv, &rsv_before);
}

/* ---- debug log ------------------------------------------------------- */

static void test_debug_log(void **state)
{
	char want[128];

	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(log_capture_count(), 0);
	memblock_set_debug(true);
	assert_int_equal(memblock_add(SZ_4M, SZ_1M), 0);
	snprintf(want, sizeof(want), "memblock_add: [0x%016llx-0x%016llx]",
		 (unsigned long long)SZ_4M,
		 (unsigned long long)(SZ_4M + SZ_1M - 1));
	assert_true(log_capture_contains(want));
	assert_int_equal(memblock_add_node(SZ_16M, SZ_1M, 0, 0), 0);
	assert_true(log_capture_contains("memblock_add_node: [0x"));
	assert_int_equal(memblock_reserve(SZ_1M, SZ_64K), 0);
	assert_true(log_capture_contains("memblock_reserve: [0x"));
	assert_int_equal(memblock_phys_free(SZ_1M, SZ_64K), 0);
	assert_true(log_capture_contains("memblock_phys_free: [0x"));
	assert_int_equal(memblock_remove(SZ_4M, SZ_1M), 0);
	assert_true(log_capture_contains("memblock_remove: [0x"));

	log_capture_start();
	memblock_reset();
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(log_capture_count(), 0);
}

static void test_debug_log_doubling(void **state)
{
	(void)state;
	memblock_set_debug(true);
	memblock_allow_resize();
	assert_int_equal(memblock_add(MEM_START, SZ_2M), 0);
	reserve_every_other_page(MEM_START, 2 * INIT_MEMBLOCK_REGIONS + 1);
	assert_true(log_capture_contains("reserved array is doubled to 256"));
}

#define T(f)                                                                   \
	cmocka_unit_test_setup_teardown(f, memblock_test_setup,                \
					memblock_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_state),
		T(test_reset_restores_everything),
		T(test_add_simple),
		T(test_add_node),
		T(test_add_bad_node_or_flags),
		T(test_add_disjoint),
		T(test_add_overlap_top),
		T(test_add_overlap_bottom),
		T(test_add_within),
		T(test_add_twice),
		T(test_add_between),
		T(test_add_fills_many_gaps),
		T(test_add_near_max),
		T(test_add_wrap_capped),
		T(test_add_zero_size),
		T(test_add_merge_needs_equal_nid_and_flags),
		T(test_add_overlap_keeps_old_attributes),
		T(test_add_many),
		T(test_add_many_twice),
		T(test_add_many_before_allow_resize),
		T(test_add_many_no_room_for_array),
		T(test_add_many_reserved_full),
		T(test_add_many_old_array_left_reserved),
		T(test_reserve_simple),
		T(test_reserve_disjoint),
		T(test_reserve_overlap_top),
		T(test_reserve_overlap_bottom),
		T(test_reserve_within),
		T(test_reserve_twice),
		T(test_reserve_between),
		T(test_reserve_near_max_and_wrap),
		T(test_reserve_many),
		T(test_reserve_many_avoids_range),
		T(test_reserve_many_no_room),
		T(test_remove_simple),
		T(test_remove_absent),
		T(test_remove_overlap_top),
		T(test_remove_overlap_bottom),
		T(test_remove_within),
		T(test_remove_across),
		T(test_remove_wrap_capped),
		T(test_remove_split_full_array),
		T(test_remove_split_doubles),
		T(test_phys_free_simple),
		T(test_phys_free_absent),
		T(test_phys_free_overlap_top_and_bottom),
		T(test_phys_free_within),
		T(test_free_virtual),
		T(test_bottom_up),
		T(test_current_limit),
		T(test_trim_memory),
		T(test_trim_memory_bad_align),
		T(test_trim_memory_at_top),
		T(test_overlaps_region),
		T(test_queries),
		T(test_mark_and_clear_nomap),
		T(test_hotplug_mirror_noinit),
		T(test_mark_full_array),
		T(test_set_node),
		T(test_set_node_bad_nid),
		T(test_set_node_full_array),
		T(test_mem_limit_remove_map),
		T(test_mem_limit_remove_map_noop),
		T(test_cap_memory_range),
		T(test_cap_memory_range_no_memory),
		T(test_cap_memory_range_keeps_arrays),
		T(test_cap_memory_range_full_arrays),
		T(test_debug_log),
		T(test_debug_log_doubling),
	};

	return cmocka_run_group_tests_name("memblock_basic", tests, NULL, NULL);
}
