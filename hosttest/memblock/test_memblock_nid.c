// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memblock.c, NUMA allocation: memblock_alloc_try_nid,
 * _try_nid_raw, _exact_nid_raw, memblock_alloc_node and
 * memblock_phys_alloc_try_nid on memory split into NR_NODES nodes, top-down
 * and bottom-up. The try variants fall back to any node when the requested
 * one has no room; the exact variant never does.
 */
#include "hosttest/memblock/memblock_test.h"

#include "kernel/lib/errno.h"

/* Memory [NUMA_BASE, NUMA_BASE + NR_NODES * NODE_SIZE), node i the i-th
 * NODE_SIZE piece. */
#define NR_NODES 8
#define NODE_SIZE SZ_64K
#define NUMA_BASE MEM_START
#define SIZE SZ_2K
#define ALIGN_REQ ((phys_addr_t)SMP_CACHE_BYTES)

static struct memblock_type *mem = &memblock.memory;
static struct memblock_type *rsv = &memblock.reserved;

static phys_addr_t node_base(int nid)
{
	return NUMA_BASE + (phys_addr_t)nid * NODE_SIZE;
}

static phys_addr_t node_end(int nid)
{
	return node_base(nid) + NODE_SIZE;
}

/* Where an allocation that may use any node goes. */
static phys_addr_t any_node_fit(phys_addr_t size)
{
	return EXPECT_DIR(node_end(NR_NODES - 1) - size, node_base(0));
}

static void setup_numa(void)
{
	assert_int_equal(memblock_add(NUMA_BASE, NR_NODES * NODE_SIZE), 0);
	for (int nid = 0; nid < NR_NODES; nid++)
		assert_int_equal(
			memblock_set_node(node_base(nid), NODE_SIZE, mem, nid),
			0);
	assert_int_equal(mem->cnt, NR_NODES);
	for (int nid = 0; nid < NR_NODES; nid++) {
		assert_region(mem, nid, node_base(nid), NODE_SIZE);
		assert_int_equal(mem->regions[nid].nid, nid);
	}
}

static phys_addr_t alloc_nid(const struct alloc_api *api, phys_addr_t size,
			     int nid)
{
	return api->alloc(size, ALIGN_REQ, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

static void numa_simple(const void *arg)
{
	const struct alloc_api *api = arg;

	setup_numa();
	check_alloc(api, alloc_nid(api, SIZE, 3),
		    EXPECT_DIR(node_end(3) - SIZE, node_base(3)), SIZE);
	assert_int_equal(rsv->cnt, 1);
}

/* The node has a free window smaller than the request. */
static void numa_small_node(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t window = node_base(2) + NODE_SIZE / 2;
	phys_addr_t pa;

	setup_numa();
	assert_int_equal(memblock_reserve(node_base(2), NODE_SIZE), 0);
	assert_int_equal(memblock_phys_free(window, SZ_4K), 0);
	pa = alloc_nid(api, SZ_8K, 2);
	if (api->exact_nid) {
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(api, pa, any_node_fit(SZ_8K), SZ_8K);
}

/* Part of the node is reserved; the rest serves the request. */
static void numa_node_reserved(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t mid = node_base(5) + NODE_SIZE / 2;

	setup_numa();
	assert_int_equal(memblock_reserve(mid, node_end(5) - mid), 0);
	check_alloc(api, alloc_nid(api, SIZE, 5),
		    EXPECT_DIR(mid - SIZE, node_base(5)), SIZE);
}

static void numa_node_all_reserved(const void *arg)
{
	const struct alloc_api *api = arg;
	phys_addr_t pa;

	setup_numa();
	assert_int_equal(memblock_reserve(node_base(1), NODE_SIZE), 0);
	pa = alloc_nid(api, SIZE, 1);
	if (api->exact_nid) {
		assert_int_equal(pa, 0);
		assert_int_equal(rsv->cnt, 1);
		return;
	}
	check_alloc(api, pa, any_node_fit(SIZE), SIZE);
}

/* A valid node id with no memory at all. */
static void numa_node_without_memory(const void *arg)
{
	const struct alloc_api *api = arg;
	phys_addr_t pa;

	setup_numa();
	pa = alloc_nid(api, SIZE, NR_NODES + 1);
	if (api->exact_nid) {
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(api, pa, any_node_fit(SIZE), SIZE);
}

/* NUMA_NO_NODE and MAX_NUMNODES both mean "any node". */
static void numa_any_node(const void *arg)
{
	const struct alloc_api *api = arg;

	setup_numa();
	check_alloc(api, alloc_nid(api, SIZE, NUMA_NO_NODE), any_node_fit(SIZE),
		    SIZE);
	check_alloc(api, alloc_nid(api, SIZE, MAX_NUMNODES),
		    EXPECT_DIR(node_end(NR_NODES - 1) - 2 * SIZE,
			       node_base(0) + SIZE),
		    SIZE);
}

static void numa_bad_nid(const void *arg)
{
	const struct alloc_api *api = arg;

	setup_numa();
	assert_int_equal(alloc_nid(api, SIZE, 1000), 0);
	assert_true(log_capture_contains("node 1000"));
	assert_int_equal(alloc_nid(api, SIZE, -3), 0);
	assert_true(log_capture_contains("node -3"));
	assert_int_equal(rsv->cnt, 0);
}

/* The request fills the one free window of its node exactly. */
static void numa_reserved_full_merge(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t window = node_base(6) + SZ_16K;

	setup_numa();
	assert_int_equal(memblock_reserve(node_base(6), NODE_SIZE), 0);
	assert_int_equal(memblock_phys_free(window, SZ_8K), 0);
	assert_int_equal(rsv->cnt, 2);
	check_alloc(api, alloc_nid(api, SZ_8K, 6), window, SZ_8K);
	assert_int_equal(rsv->cnt, 1);
	assert_region(rsv, 0, node_base(6), NODE_SIZE);
}

/* Free ranges end at node boundaries: nothing spans two nodes. */
static void numa_larger_than_node(const void *arg)
{
	const struct alloc_api *api = arg;

	setup_numa();
	assert_int_equal(alloc_nid(api, NODE_SIZE + SZ_4K, 4), 0);
	assert_int_equal(alloc_nid(api, NODE_SIZE + SZ_4K, NUMA_NO_NODE), 0);
	check_alloc(api, alloc_nid(api, NODE_SIZE, 4), node_base(4), NODE_SIZE);
}

/* A range that covers the top of node 3 and the bottom of node 4. */
static void numa_split_range(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = node_base(3) + NODE_SIZE / 2;
	const phys_addr_t max_addr = node_base(4) + NODE_SIZE / 2;

	setup_numa();
	check_alloc(api, api->alloc(SIZE, ALIGN_REQ, min_addr, max_addr, 4),
		    EXPECT_DIR(max_addr - SIZE, node_base(4)), SIZE);
	check_alloc(api, api->alloc(SIZE, ALIGN_REQ, min_addr, max_addr, 3),
		    EXPECT_DIR(node_end(3) - SIZE, min_addr), SIZE);
}

/* The range lies in node 2 and node 6 is asked for. */
static void numa_range_other_node(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = node_base(2) + SZ_4K;
	const phys_addr_t max_addr = node_end(2) - SZ_4K;
	phys_addr_t pa;

	setup_numa();
	pa = api->alloc(SIZE, ALIGN_REQ, min_addr, max_addr, 6);
	if (api->exact_nid) {
		/* even without min_addr, node 6 lies above max_addr */
		assert_int_equal(pa, 0);
		return;
	}
	check_alloc(api, pa, EXPECT_DIR(max_addr - SIZE, min_addr), SIZE);
}

/* min_addr and max_addr beyond the node: capped to it. */
static void numa_range_cap(const void *arg)
{
	const struct alloc_api *api = arg;

	setup_numa();
	check_alloc(api,
		    api->alloc(SIZE, ALIGN_REQ, node_base(7) - SZ_4K,
			       node_end(7) + SZ_1M, 7),
		    EXPECT_DIR(node_end(7) - SIZE, node_base(7)), SIZE);
	check_alloc(api, api->alloc(SIZE, ALIGN_REQ, 0, node_end(0) + SZ_4K, 0),
		    EXPECT_DIR(node_end(0) - SIZE, node_base(0)), SIZE);
}

/* Nothing above min_addr in the node: min_addr is dropped, the node kept
 * (also by the exact variant). */
static void numa_range_drops_min(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = node_base(3) + NODE_SIZE / 2;

	setup_numa();
	assert_int_equal(memblock_reserve(min_addr, node_end(3) - min_addr), 0);
	check_alloc(api, api->alloc(SIZE, ALIGN_REQ, min_addr, node_end(3), 3),
		    EXPECT_DIR(min_addr - SIZE, node_base(3)), SIZE);
}

/* Misaligned bounds inside a node. */
static void numa_range_misaligned(const void *arg)
{
	const struct alloc_api *api = arg;
	const phys_addr_t min_addr = node_base(5) + 100;
	const phys_addr_t max_addr = node_end(5) - 100;

	setup_numa();
	check_alloc(api, api->alloc(SIZE, ALIGN_REQ, min_addr, max_addr, 5),
		    EXPECT_DIR(ALIGN_DOWN(max_addr - SIZE, ALIGN_REQ),
			       ALIGN(min_addr, ALIGN_REQ)),
		    SIZE);
}

static const struct alloc_case cases[] = {
	{"numa_simple", numa_simple, NEEDS_NUMA},
	{"numa_small_node", numa_small_node, NEEDS_NUMA},
	{"numa_node_reserved", numa_node_reserved, NEEDS_NUMA},
	{"numa_node_all_reserved", numa_node_all_reserved, NEEDS_NUMA},
	{"numa_node_without_memory", numa_node_without_memory, NEEDS_NUMA},
	{"numa_any_node", numa_any_node, NEEDS_NUMA},
	{"numa_bad_nid", numa_bad_nid, NEEDS_NUMA},
	{"numa_reserved_full_merge", numa_reserved_full_merge, NEEDS_NUMA},
	{"numa_larger_than_node", numa_larger_than_node, NEEDS_NUMA},
	{"numa_split_range", numa_split_range, NEEDS_NUMA | NEEDS_RANGE},
	{"numa_range_other_node", numa_range_other_node,
	 NEEDS_NUMA | NEEDS_RANGE},
	{"numa_range_cap", numa_range_cap, NEEDS_NUMA | NEEDS_RANGE},
	{"numa_range_drops_min", numa_range_drops_min,
	 NEEDS_NUMA | NEEDS_RANGE},
	{"numa_range_misaligned", numa_range_misaligned,
	 NEEDS_NUMA | NEEDS_RANGE},
};

int main(void)
{
	return run_alloc_cases("memblock_nid", cases, ARRAY_SIZE(cases), NULL,
			       0);
}
