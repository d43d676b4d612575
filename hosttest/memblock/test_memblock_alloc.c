// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memblock.c, allocation. Every scenario runs top-down and
 * bottom-up against every allocation entry point it applies to
 * (memblock_alloc, _raw, _from, _low, _node, memblock_phys_alloc*,
 * memblock_alloc_try_nid, _try_nid_raw, _exact_nid_raw), so a test is named
 * "scenario/function". Expected addresses are computed from the layout the
 * scenario builds; every allocation is also checked to be reserved and
 * zeroed (or left alone by the raw and phys variants).
 */
#include "hosttest/memblock/memblock_test.h"

#include <string.h>

#include "kernel/lib/errno.h"

#define PG(n) ((phys_addr_t)(n)*PAGE_SIZE)
/* The usual request. */
#define SIZE SZ_2K
#define ALIGN_REQ ((phys_addr_t)SMP_CACHE_BYTES)

static struct memblock_type *rsv = &memblock.reserved;

/* Allocate with the API's defaults for range and node. */
static phys_addr_t alloc_any(const struct alloc_api *api, phys_addr_t size,
			     phys_addr_t align)
{
	return api->alloc(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
			  NUMA_NO_NODE);
}

/* Reserve all of the usual memory but the given windows. */
static void reserve_all_but(const phys_addr_t (*windows)[2], int n)
{
	assert_int_equal(memblock_reserve(MEM_START, MEM_SIZE), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(
			memblock_phys_free(windows[i][0], windows[i][1]), 0);
}

/* ---- whole-memory scenarios (every API) ------------------------------ */

static void alloc_simple(const void *arg)
{
	const struct alloc_api *api = arg;
	phys_addr_t want = EXPECT_DIR(MEM_END - SIZE, MEM_START);

	add_usual_memory();
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), want, SIZE);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, want, SIZE);
	assert_int_equal(memblock_reserved_size(), SIZE);
}

/* A reservation away from where the allocation goes. */
static void alloc_disjoint(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t r1 = MEM_START + 96 * SZ_1K, r1_size = SZ_8K;
	phys_addr_t want = EXPECT_DIR(MEM_END - SIZE, MEM_START);

	add_usual_memory();
	assert_int_equal(memblock_reserve(r1, r1_size), 0);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), want, SIZE);
	assert_int_equal(rsv->cnt, 2);
	assert_region(rsv, EXPECT_DIR(0, 1), r1, r1_size);
	assert_region(rsv, EXPECT_DIR(1, 0), want, SIZE);
	assert_int_equal(rsv->total_size, r1_size + SIZE);
}

/* A reservation at the top of memory. */
static void alloc_overlap_top(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t r1 = MEM_END - SZ_8K;
	phys_addr_t want = EXPECT_DIR(r1 - SIZE, MEM_START);

	add_usual_memory();
	assert_int_equal(memblock_reserve(r1, SZ_8K), 0);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), want, SIZE);
	if (memblock_bottom_up()) {
		assert_int_equal(rsv->cnt, 2);
		assert_region(rsv, 0, want, SIZE);
	} else {
		/* right below it, merged */
		assert_int_equal(rsv->cnt, 1);
		assert_region(rsv, 0, want, SZ_8K + SIZE);
	}
	assert_int_equal(rsv->total_size, SZ_8K + SIZE);
}

/* A reservation at the bottom of memory. */
static void alloc_overlap_bottom(const void *arg)
{
	const struct alloc_api *api = arg;
	phys_addr_t want = EXPECT_DIR(MEM_END - SIZE, MEM_START + SZ_8K);

	add_usual_memory();
	assert_int_equal(memblock_reserve(MEM_START, SZ_8K), 0);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), want, SIZE);
	if (memblock_bottom_up()) {
		assert_int_equal(rsv->cnt, 1);
		assert_region(rsv, 0, MEM_START, SZ_8K + SIZE);
	} else {
		assert_int_equal(rsv->cnt, 2);
		assert_region(rsv, 1, want, SIZE);
	}
	assert_int_equal(rsv->total_size, SZ_8K + SIZE);
}

/* The only free window is larger than the request: the allocation lands
 * against its upper (top-down) or lower (bottom-up) edge. */
static void alloc_within(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t win = MEM_START + 40 * SZ_1K, win_size = 24 * SZ_1K;
	const phys_addr_t windows[][2] = {{win, win_size}};
	phys_addr_t want = EXPECT_DIR(win + win_size - SZ_8K, win);

	add_usual_memory();
	reserve_all_but(windows, 1);
	check_alloc(api, alloc_any(api, SZ_8K, ALIGN_REQ), want, SZ_8K);
	assert_int_equal(rsv->cnt, 2);
	if (memblock_bottom_up())
		assert_region(rsv, 0, MEM_START, win - MEM_START + SZ_8K);
	else
		assert_region(rsv, 1, want, MEM_END - want);
	assert_int_equal(rsv->total_size, MEM_SIZE - win_size + SZ_8K);
}

/* Two allocations in a row end up side by side in one region. */
static void alloc_twice(const void *arg)
{
	const struct alloc_api *api = arg;
	phys_addr_t first = EXPECT_DIR(MEM_END - SIZE, MEM_START);
	phys_addr_t second = EXPECT_DIR(MEM_END - 2 * SIZE, MEM_START + SIZE);

	add_usual_memory();
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), first, SIZE);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), second, SIZE);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, EXPECT_DIR(second, first), 2 * SIZE);
}

/* Three windows: the first one searched (top-down the highest, bottom-up
 * the lowest) is too small, so the allocation goes to the middle one. */
static void alloc_between(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t low = MEM_START + SZ_16K, mid = MEM_START + SZ_64K,
			  high = MEM_START + 200 * SZ_1K;
	const phys_addr_t windows[][2] = {
		{low, SZ_4K}, {mid, SZ_32K}, {high, SZ_4K}};
	phys_addr_t want = EXPECT_DIR(mid + SZ_32K - SZ_8K, mid);

	add_usual_memory();
	reserve_all_but(windows, 3);
	check_alloc(api, alloc_any(api, SZ_8K, ALIGN_REQ), want, SZ_8K);
	assert_false(memblock_is_region_reserved(low, SZ_4K));
	assert_false(memblock_is_region_reserved(high, SZ_4K));
	assert_int_equal(rsv->cnt, 4);
}

/* current_limit just below the end of memory, not aligned. */
static void alloc_near_max(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t limit = MEM_END - SZ_1K - 8;
	phys_addr_t want =
		EXPECT_DIR(ALIGN_DOWN(limit - SIZE, ALIGN_REQ), MEM_START);

	add_usual_memory();
	memblock_set_current_limit(limit);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), want, SIZE);
}

/* More allocations than the reserved array holds: it doubles. */
static void alloc_many(const void *arg)
{
	const struct alloc_api *api = arg;
	const unsigned long n = INIT_MEMBLOCK_REGIONS + 2;
	const phys_addr_t array = ALIGN(2 * INIT_MEMBLOCK_REGIONS *
						sizeof(struct memblock_region),
					PAGE_SIZE);
	static phys_addr_t got[INIT_MEMBLOCK_REGIONS + 2];

	memblock_allow_resize();
	assert_int_equal(memblock_add(MEM_START, SZ_2M), 0);
	for (unsigned long i = 0; i < n; i++) {
		/* one page on two-page boundaries: nothing merges */
		got[i] = alloc_any(api, PAGE_SIZE, 2 * PAGE_SIZE);
		assert_int_not_equal(got[i], 0);
		assert_true(IS_ALIGNED(got[i], 2 * PAGE_SIZE));
		if (i)
			assert_true(memblock_bottom_up() ? got[i] > got[i - 1]
							 : got[i] < got[i - 1]);
	}
	assert_int_equal(rsv->max, 2 * INIT_MEMBLOCK_REGIONS);
	/* the allocations and the array, none overlapping another */
	assert_int_equal(rsv->total_size, PG(n) + array);
	assert_true(reserved_covers(virt_to_phys(rsv->regions), array));
	for (unsigned long i = 0; i < n; i++)
		check_alloc(api, got[i], got[i], PAGE_SIZE);
}

/* The same before memblock_allow_resize(): the 129th allocation fails. */
static void alloc_many_no_resize(const void *arg)
{
	const struct alloc_api *api = arg;
	struct type_snapshot before;

	assert_int_equal(memblock_add(MEM_START, SZ_2M), 0);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		assert_int_not_equal(alloc_any(api, PAGE_SIZE, 2 * PAGE_SIZE),
				     0);
	snapshot_type(rsv, &before);
	assert_int_equal(alloc_any(api, PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_type_unchanged(rsv, &before);
	assert_true(log_capture_contains("cannot double reserved array"));
}

/* Memory whose ends are not aligned. */
static void alloc_misaligned(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t start = MEM_START + 8, end = MEM_END - 8;
	phys_addr_t want = EXPECT_DIR(ALIGN_DOWN(end - SIZE, ALIGN_REQ),
				      ALIGN(start, ALIGN_REQ));

	assert_int_equal(memblock_add(start, end - start), 0);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ), want, SIZE);
}

/* Align 0 means the cache-line size; larger alignments are honoured. */
static void alloc_align(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t start = MEM_START + 8, end = MEM_END - 8;

	assert_int_equal(memblock_add(start, end - start), 0);
	check_alloc(api, alloc_any(api, SIZE, 0),
		    EXPECT_DIR(ALIGN_DOWN(end - SIZE, SMP_CACHE_BYTES),
			       ALIGN(start, SMP_CACHE_BYTES)),
		    SIZE);
	assert_int_equal(SMP_CACHE_BYTES, 64);
	check_alloc(api, alloc_any(api, SIZE, SZ_16K),
		    EXPECT_DIR(ALIGN_DOWN(end - SIZE, SZ_16K),
			       ALIGN(start, SZ_16K)),
		    SIZE);
}

/* Free windows exist, all smaller than the request. */
static void alloc_no_space(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t windows[][2] = {{MEM_START + SZ_16K, SZ_1K},
					  {MEM_START + 100 * SZ_1K, SZ_2K}};
	struct type_snapshot before;

	add_usual_memory();
	reserve_all_but(windows, 2);
	snapshot_type(rsv, &before);
	assert_int_equal(alloc_any(api, SZ_4K, ALIGN_REQ), 0);
	assert_type_unchanged(rsv, &before);
	/* what does fit still works */
	check_alloc(api, alloc_any(api, SZ_2K, ALIGN_REQ),
		    MEM_START + 100 * SZ_1K, SZ_2K);
}

static void alloc_too_large(const void *arg)
{
	const struct alloc_api *api = arg;

	add_usual_memory();
	assert_int_equal(alloc_any(api, MEM_SIZE + PAGE_SIZE, ALIGN_REQ), 0);
	assert_int_equal(alloc_any(api, PHYS_ADDR_MAX, ALIGN_REQ), 0);
	assert_int_equal(rsv->cnt, 0);
}

/* Exactly all of memory. */
static void alloc_exact_fit(const void *arg)
{
	const struct alloc_api *api = arg;

	add_usual_memory();
	check_alloc(api, alloc_any(api, MEM_SIZE, ALIGN_REQ), MEM_START,
		    MEM_SIZE);
	assert_int_equal(alloc_any(api, SMP_CACHE_BYTES, ALIGN_REQ), 0);
}

static void alloc_all_reserved(const void *arg)
{
	const struct alloc_api *api = arg;

	add_usual_memory();
	assert_int_equal(memblock_reserve(MEM_START, MEM_SIZE), 0);
	assert_int_equal(alloc_any(api, SMP_CACHE_BYTES, ALIGN_REQ), 0);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, MEM_START, MEM_SIZE);
}

static void alloc_no_memory(const void *arg)
{
	const struct alloc_api *api = arg;

	assert_int_equal(alloc_any(api, SIZE, ALIGN_REQ), 0);
	assert_int_equal(rsv->cnt, 0);
}

/* The request fills the gap between two reservations exactly. */
static void alloc_reserved_full_merge(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t win = MEM_START + 40 * SZ_1K;
	const phys_addr_t windows[][2] = {{win, SZ_8K}};

	add_usual_memory();
	reserve_all_but(windows, 1);
	assert_int_equal(rsv->cnt, 2);
	check_alloc(api, alloc_any(api, SZ_8K, ALIGN_REQ), win, SZ_8K);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, MEM_START, MEM_SIZE);
}

/* Size 0 and alignments that are not powers of two are refused. */
static void alloc_bad_request(const void *arg)
{
	const struct alloc_api *api = arg;

	add_usual_memory();
	assert_int_equal(alloc_any(api, 0, ALIGN_REQ), 0);
	assert_true(log_capture_contains("size 0x0000000000000000"));
	assert_int_equal(alloc_any(api, SIZE, 3 * SMP_CACHE_BYTES), 0);
	assert_true(log_capture_contains("align 0x00000000000000c0"));
	assert_int_equal(rsv->cnt, 0);
}

/* NOMAP and driver-managed memory are never allocated. */
static void alloc_skips_nomap(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t mid = MEM_START + MEM_SIZE / 2;
	const phys_addr_t driver = MEM_END + SZ_64K;

	add_usual_memory();
	assert_int_equal(memblock_mark_nomap(mid, MEM_END - mid), 0);
	assert_int_equal(
		memblock_add_node(driver, SZ_64K, 0, MEMBLOCK_DRIVER_MANAGED),
		0);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ),
		    EXPECT_DIR(mid - SIZE, MEM_START), SIZE);
	assert_int_equal(alloc_any(api, mid - MEM_START, ALIGN_REQ), 0);
	/* once NOMAP is cleared the memory is there again */
	assert_int_equal(memblock_clear_nomap(mid, MEM_END - mid), 0);
	check_alloc(api, alloc_any(api, SIZE, ALIGN_REQ),
		    EXPECT_DIR(MEM_END - SIZE, MEM_START + SIZE), SIZE);
}

/* Nothing is ever allocated below PAGE_SIZE, even from memory at 0. */
static void alloc_never_below_page_size(const void *arg)
{
	const struct alloc_api *api = arg;

	assert_int_equal(memblock_add(0, PG(4)), 0);
	assert_int_equal(alloc_any(api, PG(4), PAGE_SIZE), 0);
	check_alloc(api, alloc_any(api, PG(3), PAGE_SIZE), PAGE_SIZE, PG(3));
	memblock_phys_free(PAGE_SIZE, PG(3));
	check_alloc(api, alloc_any(api, SMP_CACHE_BYTES, SMP_CACHE_BYTES),
		    EXPECT_DIR(PG(4) - SMP_CACHE_BYTES, PAGE_SIZE),
		    SMP_CACHE_BYTES);
	assert_false(memblock_is_reserved(0));
}

/* A reservation that is not memory changes nothing for allocations. */
static void alloc_reserved_outside_memory(const void *arg)
{
	const struct alloc_api *api = arg;

	add_usual_memory();
	assert_int_equal(memblock_reserve(MEM_END, SZ_64K), 0);
	assert_int_equal(memblock_reserve(0, MEM_START), 0);
	check_alloc(api, alloc_any(api, MEM_SIZE, ALIGN_REQ), MEM_START,
		    MEM_SIZE);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, 0, MEM_END + SZ_64K);
}

/* ---- range scenarios (memblock_phys_alloc_range, *_try_nid*) --------- */

static phys_addr_t alloc_in(const struct alloc_api *api, phys_addr_t size,
			    phys_addr_t min_addr, phys_addr_t max_addr)
{
	return api->alloc(size, ALIGN_REQ, min_addr, max_addr, NUMA_NO_NODE);
}

static void range_simple(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_16K;
	const phys_addr_t max_addr = MEM_END - SZ_16K;

	add_usual_memory();
	check_alloc(api, alloc_in(api, SIZE, min_addr, max_addr),
		    EXPECT_DIR(max_addr - SIZE, min_addr), SIZE);
}

/* A range exactly the size of the request. */
static void range_exact_address(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_32K;

	add_usual_memory();
	check_alloc(api, alloc_in(api, SIZE, min_addr, min_addr + SIZE),
		    min_addr, SIZE);
}

/* A range too narrow for the request: memblock_alloc* drop min_addr,
 * memblock_phys_alloc_range fails. */
static void range_narrow(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_32K;
	const phys_addr_t max_addr = min_addr + SIZE - SMP_CACHE_BYTES;
	phys_addr_t pa = alloc_in(api, SIZE, min_addr, max_addr);

	add_usual_memory();
	assert_int_equal(pa, 0); /* no memory yet */
	pa = alloc_in(api, SIZE, min_addr, max_addr);
	if (!api->drops_min) {
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(
		api, pa,
		EXPECT_DIR(ALIGN_DOWN(max_addr - SIZE, ALIGN_REQ), MEM_START),
		SIZE);
}

/* Reservations at both ends of the range leave room between them. */
static void range_reserved_with_space(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_32K;
	const phys_addr_t max_addr = MEM_START + 96 * SZ_1K;
	phys_addr_t want =
		EXPECT_DIR(max_addr - SZ_8K - SIZE, min_addr + SZ_8K);

	add_usual_memory();
	assert_int_equal(memblock_reserve(min_addr, SZ_8K), 0);
	assert_int_equal(memblock_reserve(max_addr - SZ_8K, SZ_8K), 0);
	check_alloc(api, alloc_in(api, SIZE, min_addr, max_addr), want, SIZE);
	assert_int_equal(rsv->cnt, 2);
	assert_int_equal(rsv->total_size, 2 * SZ_8K + SIZE);
}

/* The whole range is reserved. */
static void range_reserved_no_space(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_32K;
	const phys_addr_t max_addr = MEM_START + 96 * SZ_1K;
	phys_addr_t pa;

	add_usual_memory();
	assert_int_equal(memblock_reserve(min_addr, max_addr - min_addr), 0);
	pa = alloc_in(api, SIZE, min_addr, max_addr);
	if (!api->drops_min) {
		assert_int_equal(pa, 0);
		assert_int_equal(rsv->cnt, 1);
		return;
	}
	check_alloc(api, pa, EXPECT_DIR(min_addr - SIZE, MEM_START), SIZE);
	if (!memblock_bottom_up()) {
		assert_int_equal(rsv->cnt, 1);
		assert_region(rsv, 0, min_addr - SIZE,
			      max_addr - min_addr + SIZE);
	}
}

/* max_addr above the end of memory. */
static void range_cap_max(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_16K;

	add_usual_memory();
	check_alloc(api, alloc_in(api, SIZE, min_addr, MEM_END + SZ_1M),
		    EXPECT_DIR(MEM_END - SIZE, min_addr), SIZE);
}

/* min_addr below the start of memory. */
static void range_cap_min(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t max_addr = MEM_END - SZ_32K;

	add_usual_memory();
	check_alloc(api, alloc_in(api, SIZE, MEM_START - SZ_32K, max_addr),
		    EXPECT_DIR(max_addr - SIZE, MEM_START), SIZE);
}

static void range_misaligned(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + 100;
	const phys_addr_t max_addr = MEM_END - 100;

	add_usual_memory();
	check_alloc(api, alloc_in(api, SIZE, min_addr, max_addr),
		    EXPECT_DIR(ALIGN_DOWN(max_addr - SIZE, ALIGN_REQ),
			       ALIGN(min_addr, ALIGN_REQ)),
		    SIZE);
}

static void range_near_max(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_16K;
	const phys_addr_t max_addr = MEM_END - 1;

	add_usual_memory();
	check_alloc(
		api, alloc_in(api, SIZE, min_addr, max_addr),
		EXPECT_DIR(ALIGN_DOWN(max_addr - SIZE, ALIGN_REQ), min_addr),
		SIZE);
}

/* min_addr above all memory. */
static void range_min_above_memory(const void *arg)
{
	const struct alloc_api *api = arg;
	phys_addr_t pa;

	add_usual_memory();
	pa = alloc_in(api, SIZE, MEM_END + SZ_4K, MEMBLOCK_ALLOC_ANYWHERE);
	if (!api->drops_min) {
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(api, pa, EXPECT_DIR(MEM_END - SIZE, MEM_START), SIZE);
}

/* max_addr MEMBLOCK_ALLOC_ACCESSIBLE (0) means current_limit. */
static void range_end_accessible(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t limit = MEM_START + SZ_64K;
	const phys_addr_t min_addr = MEM_START + SZ_16K;

	add_usual_memory();
	memblock_set_current_limit(limit);
	check_alloc(api,
		    alloc_in(api, SIZE, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE),
		    EXPECT_DIR(limit - SIZE, min_addr), SIZE);
}

/* max_addr MEMBLOCK_ALLOC_ANYWHERE: memblock_alloc* still stop at
 * current_limit, memblock_phys_alloc_range does not. */
static void range_end_anywhere(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t limit = MEM_START + SZ_64K;
	const phys_addr_t min_addr = MEM_START + SZ_16K;
	phys_addr_t top = api->caps_to_limit ? limit : MEM_END;

	add_usual_memory();
	memblock_set_current_limit(limit);
	check_alloc(api, alloc_in(api, SIZE, min_addr, MEMBLOCK_ALLOC_ANYWHERE),
		    EXPECT_DIR(top - SIZE, min_addr), SIZE);
}

/* max_addr below min_addr: an empty range. */
static void range_max_below_min(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = MEM_START + SZ_64K;
	const phys_addr_t max_addr = MEM_START + SZ_32K;
	phys_addr_t pa;

	add_usual_memory();
	pa = alloc_in(api, SIZE, min_addr, max_addr);
	if (!api->drops_min) {
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(api, pa, EXPECT_DIR(max_addr - SIZE, MEM_START), SIZE);
}

/* The range lies in a hole between two memory regions. */
static void range_in_hole(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t hole = MEM_START + SZ_64K, hole_end = hole + SZ_64K;
	phys_addr_t pa;

	assert_int_equal(memblock_add(MEM_START, SZ_64K), 0);
	assert_int_equal(memblock_add(hole_end, SZ_64K), 0);
	pa = alloc_in(api, SIZE, hole, hole_end);
	if (!api->drops_min) {
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(api, pa, EXPECT_DIR(hole - SIZE, MEM_START), SIZE);
}

/* ---- memblock_alloc_from (a lower bound only) ------------------------ */

static void from_check(const void *arg)
{
	const phys_addr_t min_addr = MEM_START + SZ_64K + 100;
	void *p;

	(void)arg;
	add_usual_memory();
	p = memblock_alloc_from(SIZE, ALIGN_REQ, min_addr);
	check_alloc(&alloc_apis[0], virt_to_phys(p),
		    EXPECT_DIR(MEM_END - SIZE, ALIGN(min_addr, ALIGN_REQ)),
		    SIZE);
	/* nothing fits above min_addr: it is dropped */
	assert_int_equal(memblock_reserve(min_addr, MEM_END - min_addr), 0);
	p = memblock_alloc_from(SIZE, ALIGN_REQ, min_addr);
	check_alloc(
		&alloc_apis[0], virt_to_phys(p),
		EXPECT_DIR(ALIGN_DOWN(min_addr - SIZE, ALIGN_REQ), MEM_START),
		SIZE);
	/* above all memory */
	p = memblock_alloc_from(SIZE, ALIGN_REQ, MEM_END + SZ_1M);
	check_alloc(&alloc_apis[0], virt_to_phys(p),
		    EXPECT_DIR(ALIGN_DOWN(min_addr - SIZE, ALIGN_REQ) - SIZE,
			       MEM_START + SIZE),
		    SIZE);
}

static void test_alloc_from(void **state)
{
	(void)state;
	run_top_down_and_bottom_up(from_check, NULL);
}

/* memblock_alloc zeroes what it returns even over dirty memory; the raw
 * variant leaves it as it was. */
static void zero_vs_raw_check(const void *arg)
{
	unsigned char *z, *r;

	(void)arg;
	add_usual_memory();
	z = memblock_alloc(MEM_SIZE / 2, PAGE_SIZE);
	r = memblock_alloc_raw(MEM_SIZE / 2, PAGE_SIZE);
	assert_non_null(z);
	assert_non_null(r);
	for (size_t i = 0; i < MEM_SIZE / 2; i++) {
		assert_int_equal(z[i], 0);
		assert_int_equal(r[i], ARENA_PATTERN);
	}
}

static void test_zero_vs_raw(void **state)
{
	(void)state;
	run_top_down_and_bottom_up(zero_vs_raw_check, NULL);
}

/* memblock_alloc_low never returns memory at or above 4 GiB. */
static void test_alloc_low(void **state)
{
	(void)state;
	/* physical memory above 4 GiB has no arena: raw allocations only */
	assert_int_equal(memblock_add(SZ_4G, SZ_1M), 0);
	assert_null(memblock_alloc_low(SIZE, 0));
	add_usual_memory();
	assert_int_equal(virt_to_phys(memblock_alloc_low(SIZE, 0)),
			 MEM_END - SIZE);
	assert_int_equal(virt_to_phys(memblock_alloc_raw(SIZE, 0)),
			 SZ_4G + SZ_1M - SIZE);
}

static const struct alloc_case cases[] = {
	{"simple", alloc_simple, 0},
	{"disjoint", alloc_disjoint, 0},
	{"overlap_top", alloc_overlap_top, 0},
	{"overlap_bottom", alloc_overlap_bottom, 0},
	{"within", alloc_within, 0},
	{"twice", alloc_twice, 0},
	{"between", alloc_between, 0},
	{"near_max", alloc_near_max, 0},
	{"many", alloc_many, 0},
	{"many_no_resize", alloc_many_no_resize, 0},
	{"misaligned", alloc_misaligned, 0},
	{"align", alloc_align, 0},
	{"no_space", alloc_no_space, 0},
	{"too_large", alloc_too_large, 0},
	{"exact_fit", alloc_exact_fit, 0},
	{"all_reserved", alloc_all_reserved, 0},
	{"no_memory", alloc_no_memory, 0},
	{"reserved_full_merge", alloc_reserved_full_merge, 0},
	{"bad_request", alloc_bad_request, 0},
	{"skips_nomap", alloc_skips_nomap, 0},
	{"never_below_page_size", alloc_never_below_page_size, 0},
	{"reserved_outside_memory", alloc_reserved_outside_memory, 0},
	{"range_simple", range_simple, NEEDS_RANGE},
	{"range_exact_address", range_exact_address, NEEDS_RANGE},
	{"range_narrow", range_narrow, NEEDS_RANGE},
	{"range_reserved_with_space", range_reserved_with_space, NEEDS_RANGE},
	{"range_reserved_no_space", range_reserved_no_space, NEEDS_RANGE},
	{"range_cap_max", range_cap_max, NEEDS_RANGE},
	{"range_cap_min", range_cap_min, NEEDS_RANGE},
	{"range_misaligned", range_misaligned, NEEDS_RANGE},
	{"range_near_max", range_near_max, NEEDS_RANGE},
	{"range_min_above_memory", range_min_above_memory, NEEDS_RANGE},
	{"range_end_accessible", range_end_accessible, NEEDS_RANGE},
	{"range_end_anywhere", range_end_anywhere, NEEDS_RANGE},
	{"range_max_below_min", range_max_below_min, NEEDS_RANGE},
	{"range_in_hole", range_in_hole, NEEDS_RANGE},
};

#define T(f)                                                                   \
	cmocka_unit_test_setup_teardown(f, memblock_test_setup,                \
					memblock_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_alloc_from),
		T(test_zero_vs_raw),
		T(test_alloc_low),
	};

	return run_alloc_cases("memblock_alloc", cases, ARRAY_SIZE(cases),
			       tests, ARRAY_SIZE(tests));
}
