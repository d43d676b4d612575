// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memblock.c: the iterators (for_each_mem_range,
 * for_each_free_mem_range and its reverse, for_each_reserved_mem_range,
 * for_each_mem_pfn_range, the region walkers), memblock_free_all and the
 * dump. Free ranges are also checked against a page-by-page model on
 * pseudo-random layouts.
 */
#include "hosttest/memblock/memblock_test.h"

#include <stdio.h>
#include <string.h>

#define PG(n) ((phys_addr_t)(n)*PAGE_SIZE)

static struct memblock_type *mem = &memblock.memory;
static struct memblock_type *rsv = &memblock.reserved;

struct range {
	phys_addr_t start, end;
	int nid;
};

#define MAX_RANGES 512

/* What an iteration produced. */
struct ranges {
	int n;
	struct range r[MAX_RANGES];
};

static void push(struct ranges *rs, phys_addr_t start, phys_addr_t end, int nid)
{
	assert_true(rs->n < MAX_RANGES);
	rs->r[rs->n++] = (struct range){start, end, nid};
}

static void collect_free(struct ranges *rs, int nid, enum memblock_flags flags)
{
	phys_addr_t start, end;
	int rnid;
	u64 i;

	rs->n = 0;
	for_each_free_mem_range (i, nid, flags, &start, &end, &rnid)
		push(rs, start, end, rnid);
}

static void collect_free_reverse(struct ranges *rs, int nid,
				 enum memblock_flags flags)
{
	phys_addr_t start, end;
	int rnid;
	u64 i;

	rs->n = 0;
	for_each_free_mem_range_reverse (i, nid, flags, &start, &end, &rnid)
		push(rs, start, end, rnid);
}

static void assert_ranges(const struct ranges *rs, const struct range *want,
			  int n)
{
	assert_int_equal(rs->n, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(rs->r[i].start, want[i].start);
		assert_int_equal(rs->r[i].end, want[i].end);
		assert_int_equal(rs->r[i].nid, want[i].nid);
	}
}

/* The same ranges in the opposite order. */
static void assert_reversed(const struct ranges *fwd, const struct ranges *rev)
{
	assert_int_equal(fwd->n, rev->n);
	for (int i = 0; i < fwd->n; i++) {
		const struct range *a = &fwd->r[i],
				   *b = &rev->r[rev->n - 1 - i];

		assert_int_equal(a->start, b->start);
		assert_int_equal(a->end, b->end);
		assert_int_equal(a->nid, b->nid);
	}
}

/*
 * memory: [1M,2M) n0, [2M,3M) n1, [4M,5M) n0 MIRROR, [6M,7M) n1 NOMAP,
 *         [8M,9M) n0 DRIVER_MANAGED
 * reserved: [0,1M+4K), [1.5M,2.5M), [4M+64K,4M+128K)
 */
static void setup_iter_layout(void)
{
	assert_int_equal(memblock_add_node(SZ_1M, SZ_1M, 0, 0), 0);
	assert_int_equal(memblock_add_node(SZ_2M, SZ_1M, 1, 0), 0);
	assert_int_equal(memblock_add_node(SZ_4M, SZ_1M, 0, MEMBLOCK_MIRROR),
			 0);
	assert_int_equal(memblock_add_node(6 * SZ_1M, SZ_1M, 1, MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(
		memblock_add_node(8 * SZ_1M, SZ_1M, 0, MEMBLOCK_DRIVER_MANAGED),
		0);
	assert_int_equal(memblock_reserve(0, SZ_1M + SZ_4K), 0);
	assert_int_equal(memblock_reserve(SZ_1M + SZ_1M / 2, SZ_1M), 0);
	assert_int_equal(memblock_reserve(SZ_4M + SZ_64K, SZ_64K), 0);
}

static void test_free_ranges(void **state)
{
	const struct range all[] = {
		{SZ_1M + SZ_4K, SZ_1M + SZ_1M / 2, 0},
		{SZ_2M + SZ_1M / 2, 3 * SZ_1M, 1},
		{SZ_4M, SZ_4M + SZ_64K, 0},
		{SZ_4M + 2 * SZ_64K, 5 * SZ_1M, 0},
	};
	const struct range node1[] = {all[1]};
	const struct range mirror[] = {all[2], all[3]};
	const struct range with_nomap[] = {
		all[0], all[1], all[2], all[3], {6 * SZ_1M, 7 * SZ_1M, 1}};
	const struct range with_driver[] = {
		all[0], all[1], all[2], all[3], {8 * SZ_1M, 9 * SZ_1M, 0}};
	static struct ranges fwd, rev;

	(void)state;
	setup_iter_layout();
	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_ranges(&fwd, all, 4);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_reversed(&fwd, &rev);

	collect_free(&fwd, 1, MEMBLOCK_NONE);
	assert_ranges(&fwd, node1, 1);
	collect_free_reverse(&rev, 1, MEMBLOCK_NONE);
	assert_reversed(&fwd, &rev);
	collect_free(&fwd, 0, MEMBLOCK_NONE);
	assert_int_equal(fwd.n, 3);

	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_MIRROR);
	assert_ranges(&fwd, mirror, 2);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_MIRROR);
	assert_reversed(&fwd, &rev);

	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_NOMAP);
	assert_ranges(&fwd, with_nomap, 5);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_NOMAP);
	assert_reversed(&fwd, &rev);

	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_DRIVER_MANAGED);
	assert_ranges(&fwd, with_driver, 5);

	/* a node with no memory */
	collect_free(&fwd, 7, MEMBLOCK_NONE);
	assert_int_equal(fwd.n, 0);
	collect_free_reverse(&rev, 7, MEMBLOCK_NONE);
	assert_int_equal(rev.n, 0);
}

static void test_free_ranges_empty(void **state)
{
	static struct ranges fwd, rev;

	(void)state;
	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_NONE);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_int_equal(fwd.n + rev.n, 0);
	/* no reservations: every memory region whole */
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add(SZ_4M, SZ_1M), 0);
	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_int_equal(fwd.n, 2);
	assert_int_equal(fwd.r[1].start, SZ_4M);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_reversed(&fwd, &rev);
	/* all reserved */
	assert_int_equal(memblock_reserve(0, PHYS_ADDR_MAX), 0);
	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_NONE);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_int_equal(fwd.n + rev.n, 0);
}

/* Reserved regions that touch (different flags) leave no empty range. */
static void test_free_ranges_touching_reservations(void **state)
{
	static struct ranges fwd, rev;

	(void)state;
	assert_int_equal(memblock_add(SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_reserve(SZ_1M + SZ_64K, 2 * SZ_64K), 0);
	assert_int_equal(memblock_reserved_mark_noinit(SZ_1M + SZ_64K, SZ_64K),
			 0);
	assert_int_equal(rsv->cnt, 2);
	collect_free(&fwd, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_int_equal(fwd.n, 2);
	for (int i = 0; i < fwd.n; i++)
		assert_true(fwd.r[i].start < fwd.r[i].end);
	collect_free_reverse(&rev, NUMA_NO_NODE, MEMBLOCK_NONE);
	assert_reversed(&fwd, &rev);
}

static void test_mem_and_reserved_ranges(void **state)
{
	phys_addr_t start, end;
	u64 i;
	int n = 0;

	(void)state;
	setup_iter_layout();
	assert_int_equal(memblock_mark_hotplug(8 * SZ_1M, SZ_1M), 0);
	/* NOMAP skipped; hotplug and driver-managed included */
	for_each_mem_range (i, &start, &end) {
		/* [1M,2M) and [2M,3M) are two regions (two nodes) */
		const phys_addr_t want[][2] = {{SZ_1M, SZ_2M},
					       {SZ_2M, 3 * SZ_1M},
					       {SZ_4M, 5 * SZ_1M},
					       {8 * SZ_1M, 9 * SZ_1M}};

		assert_true(n < 4);
		assert_int_equal(start, want[n][0]);
		assert_int_equal(end, want[n][1]);
		n++;
	}
	assert_int_equal(n, 4);

	n = 0;
	for_each_reserved_mem_range (i, &start, &end) {
		assert_int_equal(start, rsv->regions[n].base);
		assert_int_equal(end,
				 rsv->regions[n].base + rsv->regions[n].size);
		n++;
	}
	assert_int_equal(n, rsv->cnt);

	/* NULL outputs are allowed */
	n = 0;
	for (i = 0, __next_mem_range(&i, NUMA_NO_NODE, MEMBLOCK_NONE, mem, rsv,
				     NULL, NULL, NULL);
	     i != (u64)ULLONG_MAX;
	     __next_mem_range(&i, NUMA_NO_NODE, MEMBLOCK_NONE, mem, rsv, NULL,
			      NULL, NULL))
		n++;
	assert_int_equal(n, 4);
	n = 0;
	for (i = (u64)ULLONG_MAX,
	    __next_mem_range_rev(&i, NUMA_NO_NODE, MEMBLOCK_NOMAP, mem, NULL,
				 NULL, NULL, NULL);
	     i != (u64)ULLONG_MAX;
	     __next_mem_range_rev(&i, NUMA_NO_NODE, MEMBLOCK_NOMAP, mem, NULL,
				  NULL, NULL, NULL))
		n++;
	assert_int_equal(n, 4); /* NOMAP asked for, driver-managed not */
}

static void test_region_walkers(void **state)
{
	struct memblock_region *r;
	unsigned long idx;
	phys_addr_t sum = 0;
	int n = 0;

	(void)state;
	setup_iter_layout();
	for_each_mem_region(r)
	{
		assert_ptr_equal(r, &mem->regions[n]);
		sum += r->size;
		n++;
	}
	assert_int_equal(n, mem->cnt);
	assert_int_equal(sum, memblock_phys_mem_size());
	n = 0;
	for_each_reserved_mem_region(r) n++;
	assert_int_equal(n, rsv->cnt);
	n = 0;
	for_each_memblock_type(idx, rsv, r)
	{
		assert_int_equal(idx, n);
		assert_ptr_equal(r, &rsv->regions[idx]);
		n++;
	}
	assert_int_equal(n, rsv->cnt);
}

static void test_mem_pfn_ranges(void **state)
{
	unsigned long start, end;
	int i, nid, n = 0;

	(void)state;
	/* partial pages are left out; a region with no whole page skipped */
	assert_int_equal(memblock_add_node(SZ_1M + 100, SZ_1M - 200, 0, 0), 0);
	assert_int_equal(memblock_add_node(3 * SZ_1M + 10, 90, 1, 0), 0);
	assert_int_equal(memblock_add_node(SZ_4M, SZ_1M, 2, MEMBLOCK_NOMAP), 0);
	for_each_mem_pfn_range (i, NUMA_NO_NODE, &start, &end, &nid) {
		if (n == 0) {
			assert_int_equal(start, PFN_UP(SZ_1M + 100));
			assert_int_equal(end, PFN_DOWN(SZ_2M - 100));
			assert_int_equal(nid, 0);
			assert_int_equal(start, memblock_region_memory_base_pfn(
							&mem->regions[0]));
			assert_int_equal(end, memblock_region_memory_end_pfn(
						      &mem->regions[0]));
		} else {
			/* NOMAP memory is still memory with pages */
			assert_int_equal(start, PFN_DOWN(SZ_4M));
			assert_int_equal(end, PFN_DOWN(5 * SZ_1M));
			assert_int_equal(nid, 2);
		}
		n++;
	}
	assert_int_equal(n, 2);
	n = 0;
	for_each_mem_pfn_range (i, MAX_NUMNODES, NULL, NULL, NULL)
		n++;
	assert_int_equal(n, 2);
	n = 0;
	for_each_mem_pfn_range (i, 2, &start, NULL, NULL) {
		assert_int_equal(start, PFN_DOWN(SZ_4M));
		n++;
	}
	assert_int_equal(n, 1);
	n = 0;
	for_each_mem_pfn_range (i, 1, NULL, NULL, NULL)
		n++;
	assert_int_equal(n, 0);
}

/* ---- page model ------------------------------------------------------ */

/* The memory region holding all of page @pfn, or -1. */
static long page_region(unsigned long pfn)
{
	phys_addr_t pa = PFN_PHYS(pfn);

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];

		if (r->base <= pa && pa + PAGE_SIZE <= r->base + r->size)
			return (long)i;
	}
	return -1;
}

/* A page memblock_free_all must hand out: wholly in one memory region
 * without NOMAP or DRIVER_MANAGED, and not reserved at all. */
static bool page_is_free(unsigned long pfn)
{
	long idx = page_region(pfn);

	if (idx < 0)
		return false;
	if (mem->regions[idx].flags &
	    (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
		return false;
	return !memblock_is_region_reserved(PFN_PHYS(pfn), PAGE_SIZE);
}

/*
 * Pseudo-random layouts of a 256-page space: the free ranges, forward and
 * reverse, for every node, must be exactly the maximal runs of free pages
 * of each memory region.
 */
static void test_free_ranges_model(void **state)
{
	enum { PAGES = 256, ROUNDS = 300 };
	static struct ranges fwd, rev, model;
	u64 seed = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (int round = 0; round < ROUNDS; round++) {
		memblock_reset();
		for (int op = 0; op < 12; op++) {
			unsigned long a, len;

			seed = seed * 6364136223846793005ULL +
			       1442695040888963407ULL;
			a = (seed >> 33) % PAGES;
			len = 1 + (seed >> 45) % 24;
			len = len > PAGES - a ? PAGES - a : len;
			switch ((seed >> 20) % 4) {
			case 0:
			case 1:
				memblock_add_node(PG(a), PG(len),
						  (int)((seed >> 12) % 3), 0);
				break;
			case 2:
				memblock_reserve(PG(a), PG(len));
				break;
			default:
				memblock_remove(PG(a), PG(len));
				break;
			}
		}
		for (int nid = -1; nid < 3; nid++) {
			model.n = 0;
			for (unsigned long p = 0; p < PAGES; p++) {
				long idx = page_region(p);
				bool extend;

				if (!page_is_free(p) ||
				    (nid >= 0 && mem->regions[idx].nid != nid))
					continue;
				extend = model.n &&
					 model.r[model.n - 1].end == PG(p) &&
					 page_region(p - 1) == idx;
				if (extend)
					model.r[model.n - 1].end = PG(p + 1);
				else
					push(&model, PG(p), PG(p + 1),
					     mem->regions[idx].nid);
			}
			collect_free(&fwd, nid, MEMBLOCK_NONE);
			assert_ranges(&fwd, model.r, model.n);
			collect_free_reverse(&rev, nid, MEMBLOCK_NONE);
			assert_reversed(&fwd, &rev);
		}
		assert_memblock_consistent();
	}
}

/* ---- memblock_free_all ----------------------------------------------- */

struct chunk {
	unsigned long pfn;
	unsigned int order;
};

struct chunks {
	int n;
	struct chunk c[4096];
};

static void record_chunk(unsigned long pfn, unsigned int order, void *arg)
{
	struct chunks *cs = arg;

	assert_true(cs->n < (int)ARRAY_SIZE(cs->c));
	cs->c[cs->n++] = (struct chunk){pfn, order};
}

/* The order the greedy split must choose at @pfn: the alignment of the pfn,
 * at most @max_order, lowered until the chunk stays in its free run. */
static unsigned int expected_order(unsigned long pfn, unsigned int max_order)
{
	unsigned int order = max_order;
	unsigned long run = 0;
	long idx = page_region(pfn);

	while (page_is_free(pfn + run) && page_region(pfn + run) == idx)
		run++;
	while (order && (pfn & ((1UL << order) - 1)))
		order--;
	while ((1UL << order) > run)
		order--;
	return order;
}

/*
 * memory: [0, 2M+5p+100) n0 with [1M+100, 1M+3p) reserved;
 *         [4M+12K, 4M+64K) n1 with [4M+32K, 4M+40K) NOMAP;
 *         [8M-100, 8M+12K+50) n0
 */
static void setup_free_all_layout(void)
{
	assert_int_equal(memblock_add_node(0, SZ_2M + PG(5) + 100, 0, 0), 0);
	assert_int_equal(memblock_reserve(SZ_1M + 100, PG(3) - 100), 0);
	assert_int_equal(memblock_add_node(SZ_4M + SZ_8K + SZ_4K,
					   SZ_64K - SZ_8K - SZ_4K, 1, 0),
			 0);
	assert_int_equal(memblock_mark_nomap(SZ_4M + SZ_32K, SZ_8K), 0);
	assert_int_equal(memblock_add_node(8 * SZ_1M - 100, PG(3) + 150, 0, 0),
			 0);
}

static void check_free_all(unsigned int max_order)
{
	static struct chunks cs;
	static unsigned char seen[PFN_DOWN(16 * SZ_1M)];
	unsigned long total, pages = 0, model = 0;
	struct type_snapshot mem_before, rsv_before;
	unsigned int cap = max_order < MEMBLOCK_FREE_ORDER_LIMIT
				   ? max_order
				   : MEMBLOCK_FREE_ORDER_LIMIT;

	snapshot_type(mem, &mem_before);
	snapshot_type(rsv, &rsv_before);
	memset(seen, 0, sizeof(seen));
	cs.n = 0;
	total = memblock_free_all(record_chunk, &cs, max_order);
	for (int i = 0; i < cs.n; i++) {
		const struct chunk *c = &cs.c[i];

		assert_true(c->order <= cap);
		assert_int_equal(c->pfn & ((1UL << c->order) - 1), 0);
		assert_int_equal(c->order, expected_order(c->pfn, cap));
		for (unsigned long p = c->pfn; p < c->pfn + (1UL << c->order);
		     p++) {
			assert_true(p < ARRAY_SIZE(seen));
			assert_true(page_is_free(p));
			assert_false(seen[p]);
			seen[p] = 1;
		}
		pages += 1UL << c->order;
	}
	for (unsigned long p = 0; p < ARRAY_SIZE(seen); p++) {
		if (page_is_free(p)) {
			model++;
			assert_true(seen[p]);
		}
	}
	assert_int_equal(total, pages);
	assert_int_equal(total, model);
	/* memblock itself is left as it was */
	assert_type_unchanged(mem, &mem_before);
	assert_type_unchanged(rsv, &rsv_before);
}

static void test_free_all(void **state)
{
	(void)state;
	setup_free_all_layout();
	check_free_all(10);
	check_free_all(2);
	check_free_all(0);
	/* larger than any pfn alignment: capped, and no shift overflows */
	check_free_all(200);
}

static void test_free_all_first_chunks(void **state)
{
	static struct chunks cs;

	(void)state;
	/* pfn 0 is aligned to every order: the largest allowed comes first */
	assert_int_equal(memblock_add(0, SZ_16M), 0);
	assert_int_equal(memblock_reserve(SZ_4M, PAGE_SIZE), 0);
	assert_int_equal(memblock_free_all(record_chunk, &cs, 10),
			 PFN_DOWN(SZ_16M) - 1);
	assert_int_equal(cs.c[0].pfn, 0);
	assert_int_equal(cs.c[0].order, 10);
	/* then the reserved pfn 1024 is skipped */
	assert_int_equal(cs.c[1].pfn, 1025);
	assert_int_equal(cs.c[1].order, 0);
	assert_int_equal(cs.c[2].pfn, 1026);
	assert_int_equal(cs.c[2].order, 1);
	assert_int_equal(cs.c[3].pfn, 1028);
	assert_int_equal(cs.c[3].order, 2);
	cs.n = 0;
	assert_int_equal(memblock_reserve(0, SZ_16M), 0);
	assert_int_equal(memblock_free_all(record_chunk, &cs, 10), 0);
	assert_int_equal(cs.n, 0);
}

/* ---- dump ------------------------------------------------------------ */

static void test_dump(void **state)
{
	const phys_addr_t r_base = SZ_1M, r_size = SZ_8K;
	const phys_addr_t n_base = SZ_4M, n_size = SZ_64K;
	char want[256];
	int level;

	(void)state;
	/* the example line of Linux's format */
	assert_int_equal(memblock_add_node(0x1000, 0x9e000, 0, 0), 0);
	assert_int_equal(memblock_add_node(n_base, n_size, 3, MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(memblock_reserve(r_base, r_size), 0);
	log_capture_start();
	memblock_dump_all();
	assert_int_equal(log_capture_count(), 7);
	for (size_t i = 0; i < log_capture_count(); i++) {
		log_capture_line(i, &level);
		assert_int_equal(level, 6);
	}
	assert_string_equal(log_capture_line(0, NULL),
			    "MEMBLOCK configuration:\n");
	snprintf(want, sizeof(want),
		 " memory size = 0x%016llx reserved size = 0x%016llx\n",
		 (unsigned long long)(0x9e000 + n_size),
		 (unsigned long long)r_size);
	assert_string_equal(log_capture_line(1, NULL), want);
	assert_string_equal(log_capture_line(2, NULL), " memory.cnt  = 0x2\n");
	assert_string_equal(
		log_capture_line(3, NULL),
		" memory[0x0]\t[0x0000000000001000-0x000000000009efff], "
		"0x000000000009e000 bytes on node 0 flags: 0x0\n");
	snprintf(want, sizeof(want),
		 " memory[0x1]\t[0x%016llx-0x%016llx], 0x%016llx bytes on node "
		 "3 flags: 0x%x\n",
		 (unsigned long long)n_base,
		 (unsigned long long)(n_base + n_size - 1),
		 (unsigned long long)n_size, MEMBLOCK_NOMAP);
	assert_string_equal(log_capture_line(4, NULL), want);
	assert_string_equal(log_capture_line(5, NULL),
			    " reserved.cnt  = 0x1\n");
	/* a region without a node says so by leaving the node out */
	snprintf(want, sizeof(want),
		 " reserved[0x0]\t[0x%016llx-0x%016llx], 0x%016llx bytes "
		 "flags: 0x0\n",
		 (unsigned long long)r_base,
		 (unsigned long long)(r_base + r_size - 1),
		 (unsigned long long)r_size);
	assert_string_equal(log_capture_line(6, NULL), want);

	/* the short name prints the same */
	{
		char all[1024];

		snprintf(all, sizeof(all), "%s", log_capture_text());
		log_capture_start();
		memblock_dump();
		assert_string_equal(log_capture_text(), all);
	}
}

static void test_dump_empty(void **state)
{
	(void)state;
	log_capture_start();
	memblock_dump_all();
	assert_int_equal(log_capture_count(), 4);
	assert_string_equal(log_capture_line(1, NULL),
			    " memory size = 0x0000000000000000 reserved size = "
			    "0x0000000000000000\n");
	assert_string_equal(log_capture_line(2, NULL), " memory.cnt  = 0x0\n");
	assert_string_equal(log_capture_line(3, NULL),
			    " reserved.cnt  = 0x0\n");
}

#define T(f)                                                                   \
	cmocka_unit_test_setup_teardown(f, memblock_test_setup,                \
					memblock_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_free_ranges),
		T(test_free_ranges_empty),
		T(test_free_ranges_touching_reservations),
		T(test_mem_and_reserved_ranges),
		T(test_region_walkers),
		T(test_mem_pfn_ranges),
		T(test_free_ranges_model),
		T(test_free_all),
		T(test_free_all_first_chunks),
		T(test_dump),
		T(test_dump_empty),
	};

	return cmocka_run_group_tests_name("memblock_iter", tests, NULL, NULL);
}
