// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/page_alloc.c: splitting and coalescing with exact free
 * counts per order, zone choice and fallback, zeroing, exhaustion, feeding
 * memblock_free_all-style chunk lists (including chunks across the 16 MiB
 * and 4 GiB zone limits), double and bad frees, and the lazy memory map:
 * struct pages never fed are filled with garbage that looks like free
 * buddies, and must never be merged or handed out.
 *
 * Deferred blocks: feeding whole 4 MiB blocks writes neither their struct
 * pages nor their memory (checked with a pattern, and for 64 GiB and 1 TiB
 * with memory and memory map mapped PROT_NONE, so that any access faults);
 * allocations take them in ascending pfn order once the lists cannot
 * serve; freeing any page of one is a reported double free.
 *
 * Counts: a zone's "free counts" are its listed blocks per order plus its
 * deferred blocks (slot COUNT_DEFERRED). After allocating everything and
 * freeing it again, the free page count and the total are the same, and
 * the counts are the same once deferred blocks are read as listed
 * max-order blocks (every deferred block taken has come back whole).
 *
 * Small layouts use test_arena_init(); layouts reaching past 4 GiB map a
 * sparse anonymous region (MAP_NORESERVE) so that only the pages the
 * allocator touches cost memory.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/page_alloc.h"
#include "mm/physmap.h"

#define PFN(addr) ((unsigned long)((addr) >> PAGE_SHIFT))
/* Free counts of a zone: listed blocks per order, then deferred blocks. */
#define COUNT_DEFERRED NR_PAGE_ORDERS
#define NR_COUNTS (NR_PAGE_ORDERS + 1)
/* Largest layout backed by test_arena_init (the rest is mmap'd sparse). */
#define ARENA_MAX_BYTES (64UL << 20)

/* How the unused struct pages are filled before the allocator sees them. */
enum map_fill {
	FILL_ZERO,
	FILL_ONES,
	/* Every entry looks like a FREE head of the order its pfn is aligned
	 * to, the worst garbage for a merge that trusted it. */
	FILL_FAKE_BUDDIES,
	/* Every entry looks like an ALLOC head of the order its pfn is
	 * aligned to: a free that trusted it would succeed. */
	FILL_FAKE_ALLOC,
};

static struct page *map;
static unsigned long map_end_pfn;
static unsigned long *state;
static struct test_arena arena;
static void *sparse_mem;
static size_t sparse_bytes;
/* Bytes of an mmap'd (rather than malloc'd) memory map, else 0. */
static size_t map_mapped_bytes;

static void fill_map(enum map_fill fill)
{
	for (unsigned long pfn = 0; pfn < map_end_pfn; pfn++) {
		unsigned int order =
			pfn ? (unsigned int)__builtin_ctzl(pfn) : 9;

		switch (fill) {
		case FILL_ZERO:
			map[pfn].info = 0;
			break;
		case FILL_ONES:
			map[pfn].info = ~0UL;
			break;
		case FILL_FAKE_BUDDIES:
			__page_set(&map[pfn], PAGE_TYPE_FREE,
				   order > 9 ? 9 : order);
			break;
		case FILL_FAKE_ALLOC:
			__page_set(&map[pfn], PAGE_TYPE_ALLOC,
				   order > 10 ? 10 : order);
			break;
		}
	}
}

/* Memory map, state table and "physical memory" for pfns [0, end_pfn). */
static void env_setup(unsigned long end_pfn, enum map_fill fill)
{
	size_t bytes = end_pfn * PAGE_SIZE;
	size_t state_bytes = page_alloc_state_size(end_pfn);

	map_end_pfn = end_pfn;
	map = malloc(end_pfn * sizeof(*map));
	state = malloc(state_bytes);
	assert_non_null(map);
	assert_non_null(state);
	memset(state, 0xa5, state_bytes);
	fill_map(fill);
	if (bytes <= ARENA_MAX_BYTES) {
		test_arena_init(&arena, 0, bytes);
	} else {
		sparse_bytes = bytes;
		sparse_mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				  -1, 0);
		assert_true(sparse_mem != MAP_FAILED);
		physmap_set_offset((uintptr_t)sparse_mem);
	}
	assert_int_equal(page_alloc_init(map, end_pfn, state, state_bytes), 0);
	log_capture_start();
}

/*
 * Memory map and "physical memory" for pfns [0, end_pfn) that cannot be
 * touched: both are mapped PROT_NONE, so any read or write of a struct
 * page or of a free page faults until open_block() opens its block. Only
 * the state table is ordinary memory.
 */
static void env_setup_untouchable(unsigned long end_pfn)
{
	size_t state_bytes = page_alloc_state_size(end_pfn);

	map_end_pfn = end_pfn;
	map_mapped_bytes = end_pfn * sizeof(*map);
	map = mmap(NULL, map_mapped_bytes, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(map != MAP_FAILED);
	sparse_bytes = end_pfn * PAGE_SIZE;
	sparse_mem = mmap(NULL, sparse_bytes, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(sparse_mem != MAP_FAILED);
	physmap_set_offset((uintptr_t)sparse_mem);
	state = malloc(state_bytes);
	assert_non_null(state);
	memset(state, 0xa5, state_bytes);
	assert_int_equal(page_alloc_init(map, end_pfn, state, state_bytes), 0);
	log_capture_start();
}

/* Make the max-order block at @pfn, its memory and its struct pages,
 * accessible in an untouchable environment. */
static void open_block(unsigned long pfn)
{
	assert_int_equal(mprotect(phys_to_virt(PFN_PHYS(pfn)),
				  MAX_ORDER_NR_PAGES * PAGE_SIZE,
				  PROT_READ | PROT_WRITE),
			 0);
	/* 1024 struct pages are 8 KiB: whole host pages. */
	assert_int_equal(mprotect(&map[pfn], MAX_ORDER_NR_PAGES * sizeof(*map),
				  PROT_READ | PROT_WRITE),
			 0);
}

static int teardown(void **unused)
{
	(void)unused;
	log_capture_stop();
	if (sparse_mem) {
		munmap(sparse_mem, sparse_bytes);
		sparse_mem = NULL;
	}
	if (arena.mem)
		test_arena_free(&arena);
	if (map_mapped_bytes) {
		munmap(map, map_mapped_bytes);
		map_mapped_bytes = 0;
	} else {
		free(map);
	}
	free(state);
	map = NULL;
	state = NULL;
	return 0;
}

/* What memblock_free_all does with a free range: naturally aligned
 * chunks, each as large as alignment, room and @max_order allow. */
static void feed_range(unsigned long start, unsigned long end,
		       unsigned int max_order)
{
	while (start < end) {
		unsigned int order =
			start ? (unsigned int)__builtin_ctzl(start) : 63;

		if (order > max_order)
			order = max_order;
		while ((1UL << order) > end - start)
			order--;
		memblock_free_pages(start, order, NULL);
		start += 1UL << order;
	}
}

static const struct zone *zone(enum zone_type type)
{
	return page_alloc_zone(type);
}

/* Assert the free counts of @type: listed per order, then deferred. */
static void expect_free_counts(enum zone_type type,
			       const unsigned long expect[NR_COUNTS])
{
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		if (zone(type)->free_area[order].nr_free != expect[order])
			fail_msg("zone %s order %u: %lu free blocks, expected "
				 "%lu",
				 zone(type)->name, order,
				 zone(type)->free_area[order].nr_free,
				 expect[order]);
	}
	if (zone(type)->nr_deferred != expect[COUNT_DEFERRED])
		fail_msg("zone %s: %lu deferred blocks, expected %lu",
			 zone(type)->name, zone(type)->nr_deferred,
			 expect[COUNT_DEFERRED]);
	assert_int_equal(page_alloc_verify(), 0);
}

static void snapshot_counts(enum zone_type type, unsigned long out[NR_COUNTS])
{
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
		out[order] = zone(type)->free_area[order].nr_free;
	out[COUNT_DEFERRED] = zone(type)->nr_deferred;
}

/* Free max-order blocks of @type, listed or deferred. */
static unsigned long free_max_blocks(enum zone_type type)
{
	return zone(type)->free_area[MAX_PAGE_ORDER].nr_free +
	       zone(type)->nr_deferred;
}

static unsigned long pfn_of(const struct page *page)
{
	return page_to_pfn(page);
}

/* One 4 MiB DMA32 block at 16 MiB: 32 MiB of map. */
static void setup_one_block(void)
{
	env_setup(PFN(32UL << 20), FILL_ZERO);
	assert_int_equal(
		page_alloc_add_present(PFN(16UL << 20), PFN(20UL << 20)), 0);
	assert_int_equal(__free_pages_core(PFN(16UL << 20), MAX_PAGE_ORDER), 0);
}

static void test_init_rejects_bad_arguments(void **unused)
{
	unsigned long small_state[1];
	struct page one[4];

	(void)unused;
	log_capture_start();
	assert_int_equal(page_alloc_init(NULL, 4, small_state, 8), -EINVAL);
	assert_int_equal(page_alloc_init(one, 0, small_state, 8), -EINVAL);
	assert_int_equal(page_alloc_init(one, 4, NULL, 8), -EINVAL);
	assert_int_equal(page_alloc_init(one, 1UL << 41, small_state, 8),
			 -EINVAL);
	/* 33 blocks need two words of state. */
	assert_int_equal(page_alloc_init(one, 33 * MAX_ORDER_NR_PAGES,
					 small_state, sizeof(small_state)),
			 -EINVAL);
	assert_true(log_capture_contains("needs 16"));
	assert_int_equal(page_alloc_state_size(1), sizeof(unsigned long));
	assert_int_equal(page_alloc_state_size(32 * MAX_ORDER_NR_PAGES),
			 sizeof(unsigned long));
	assert_int_equal(page_alloc_state_size(32 * MAX_ORDER_NR_PAGES + 1),
			 2 * sizeof(unsigned long));
	log_capture_stop();
}

static void test_present_ranges_set_spans(void **unused)
{
	(void)unused;
	env_setup(PFN(48UL << 20), FILL_ZERO);
	assert_int_equal(page_alloc_add_present(1, 0x9f), 0);
	assert_int_equal(page_alloc_add_present(0x100, PFN(40UL << 20)), 0);
	assert_int_equal(zone(ZONE_DMA)->zone_start_pfn, 1);
	assert_int_equal(zone(ZONE_DMA)->spanned_pages, ZONE_DMA_END_PFN - 1);
	assert_int_equal(zone(ZONE_DMA)->present_pages,
			 0x9e + ZONE_DMA_END_PFN - 0x100);
	assert_int_equal(zone(ZONE_DMA32)->zone_start_pfn, ZONE_DMA_END_PFN);
	assert_int_equal(zone(ZONE_DMA32)->spanned_pages,
			 PFN(40UL << 20) - ZONE_DMA_END_PFN);
	assert_int_equal(zone(ZONE_DMA32)->present_pages,
			 PFN(40UL << 20) - ZONE_DMA_END_PFN);
	assert_int_equal(zone(ZONE_NORMAL)->spanned_pages, 0);
	assert_int_equal(zone(ZONE_DMA)->managed_pages, 0);
	assert_string_equal(zone(ZONE_DMA)->name, "DMA");
	assert_string_equal(zone(ZONE_DMA32)->name, "DMA32");
	assert_string_equal(zone(ZONE_NORMAL)->name, "Normal");
	assert_null(page_alloc_zone(MAX_NR_ZONES));

	assert_int_equal(page_alloc_add_present(5, 5), -EINVAL);
	assert_int_equal(page_alloc_add_present(0x100, PFN(48UL << 20) + 1),
			 -EINVAL);
	assert_true(log_capture_contains("[0x100, 0x3001)"));
	/* A failed call changed nothing. */
	assert_int_equal(zone(ZONE_DMA32)->spanned_pages,
			 PFN(40UL << 20) - ZONE_DMA_END_PFN);
}

static void test_split_and_coalesce_exact_counts(void **unused)
{
	const unsigned long base = PFN(16UL << 20);
	unsigned long expect[NR_COUNTS] = {0};
	struct page *a, *b, *c, *d;

	(void)unused;
	setup_one_block();
	/* The fed block is deferred: counted, on no list. */
	expect[COUNT_DEFERRED] = 1;
	expect_free_counts(ZONE_DMA32, expect);
	assert_int_equal(zone(ZONE_DMA32)->managed_pages, 1024);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1024);

	/* Order 0 out of an order-10 block leaves one block of each lower
	 * order: 1 + 2 + 4 + ... + 512 = 1023 pages. */
	a = alloc_pages(GFP_KERNEL, 0);
	assert_non_null(a);
	assert_int_equal(pfn_of(a), base);
	for (int o = 0; o < 10; o++)
		expect[o] = 1;
	expect[10] = 0;
	expect[COUNT_DEFERRED] = 0;
	expect_free_counts(ZONE_DMA32, expect);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1023);

	/* The next order-0 is a's buddy, and order 0 runs out. */
	b = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pfn_of(b), base + 1);
	expect[0] = 0;
	expect_free_counts(ZONE_DMA32, expect);

	/* Order 3 takes the free order-3 block at base + 8. */
	c = alloc_pages(GFP_KERNEL, 3);
	assert_int_equal(pfn_of(c), base + 8);
	expect[3] = 0;
	expect_free_counts(ZONE_DMA32, expect);

	/* Order 0 again splits the order-1 block at base + 2. */
	d = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pfn_of(d), base + 2);
	expect[1] = 0;
	expect[0] = 1;
	expect_free_counts(ZONE_DMA32, expect);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1024 - 1 - 1 - 8 - 1);

	/* Freeing b: its buddy a is allocated, so b stays order 0. */
	assert_int_equal(__free_pages(b, 0), 0);
	expect[0] = 2;
	expect_free_counts(ZONE_DMA32, expect);

	/* Freeing a merges with b, then with nothing (d holds base + 2). */
	assert_int_equal(__free_pages(a, 0), 0);
	expect[0] = 1;
	expect[1] = 1;
	expect_free_counts(ZONE_DMA32, expect);

	/* Freeing d: d+3 merges to order 1 at base+2, then with base (order
	 * 1) to order 2 at base, then with base+4 (order 2) to order 3. */
	assert_int_equal(__free_pages(d, 0), 0);
	expect[0] = 0;
	expect[1] = 0;
	expect[2] = 0;
	expect[3] = 1;
	expect_free_counts(ZONE_DMA32, expect);

	/* Freeing c restores the single order-10 block. */
	assert_int_equal(__free_pages(c, 3), 0);
	memset(expect, 0, sizeof(expect));
	expect[10] = 1;
	expect_free_counts(ZONE_DMA32, expect);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1024);
}

static void test_alloc_every_order(void **unused)
{
	unsigned long expect[NR_COUNTS] = {0};

	(void)unused;
	setup_one_block();
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		assert_non_null(page);
		assert_int_equal(pfn_of(page) % (1UL << order), 0);
		assert_int_equal(pfn_page_type(pfn_of(page)), PAGE_TYPE_ALLOC);
		assert_int_equal(zone(ZONE_DMA32)->free_pages,
				 1024 - (1UL << order));
		assert_int_equal(__free_pages(page, order), 0);
		expect[10] = 1;
		expect_free_counts(ZONE_DMA32, expect);
	}
	assert_int_equal(__free_page(alloc_page(GFP_KERNEL)), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_area[10].nr_free, 1);
	assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	assert_true(log_capture_contains("order 11 above MAX_PAGE_ORDER 10"));
	log_capture_start();
	assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	assert_int_equal(log_capture_count(), 0);
}

/* DMA, DMA32 and Normal each with a few blocks: 4 GiB + 16 MiB of map. */
static void setup_three_zones(enum map_fill fill)
{
	env_setup(PFN(SZ_4G + (16UL << 20)), fill);
	assert_int_equal(page_alloc_add_present(1, 0x9f), 0);
	assert_int_equal(page_alloc_add_present(0x100, PFN(0xbffe0000UL)), 0);
	assert_int_equal(
		page_alloc_add_present(PFN(SZ_4G), PFN(SZ_4G + (16UL << 20))),
		0);
	/* 1 block in DMA at 8 MiB, 2 in DMA32 at 1 GiB, 2 in Normal. */
	assert_int_equal(__free_pages_core(PFN(8UL << 20), 10), 0);
	assert_int_equal(__free_pages_core(PFN(SZ_1G), 11), 0);
	assert_int_equal(__free_pages_core(PFN(SZ_4G), 11), 0);
}

static void test_zone_choice(void **unused)
{
	struct page *dma, *dma32, *normal;

	(void)unused;
	setup_three_zones(FILL_ZERO);
	assert_int_equal(zone(ZONE_DMA)->free_pages, 1024);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 2048);
	assert_int_equal(zone(ZONE_NORMAL)->free_pages, 2048);
	assert_int_equal(totalram_pages(), 1024 + 2048 + 2048);

	dma = alloc_pages(GFP_DMA, 0);
	assert_int_equal(pfn_of(dma), PFN(8UL << 20));
	/* The fed order-11 chunks became two deferred max-order blocks each;
	 * the lower one is taken first. */
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 2);
	dma32 = alloc_pages(GFP_DMA32, 1);
	assert_int_equal(pfn_of(dma32), PFN(SZ_1G));
	normal = alloc_pages(GFP_KERNEL, 2);
	assert_int_equal(pfn_of(normal), PFN(SZ_4G));
	assert_int_equal(zone(ZONE_DMA)->nr_deferred, 0);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 1);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, 1);
	assert_int_equal(zone(ZONE_DMA)->free_pages, 1023);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 2046);
	assert_int_equal(zone(ZONE_NORMAL)->free_pages, 2044);
	assert_int_equal(nr_free_pages(), 1023 + 2046 + 2044);

	assert_int_equal(__free_pages(normal, 2), 0);
	assert_int_equal(__free_pages(dma32, 1), 0);
	assert_int_equal(__free_pages(dma, 0), 0);
	/* The blocks taken are whole again, on the lists; the others stay
	 * deferred. */
	assert_int_equal(zone(ZONE_DMA)->free_area[10].nr_free, 1);
	assert_int_equal(zone(ZONE_DMA32)->free_area[10].nr_free, 1);
	assert_int_equal(zone(ZONE_NORMAL)->free_area[10].nr_free, 1);
	assert_int_equal(free_max_blocks(ZONE_DMA), 1);
	assert_int_equal(free_max_blocks(ZONE_DMA32), 2);
	assert_int_equal(free_max_blocks(ZONE_NORMAL), 2);
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_zone_fallback_order(void **unused)
{
	struct page *normal, *dma32_a, *dma32_b, *dma;

	(void)unused;
	setup_three_zones(FILL_ZERO);
	/* GFP_KERNEL: Normal, then DMA32, then DMA. */
	normal = alloc_pages(GFP_KERNEL, 10);
	assert_int_equal(pfn_zone(pfn_of(normal)), ZONE_NORMAL);
	assert_non_null(alloc_pages(GFP_KERNEL, 10));
	assert_int_equal(zone(ZONE_NORMAL)->free_pages, 0);
	dma32_a = alloc_pages(GFP_KERNEL, 10);
	assert_int_equal(pfn_zone(pfn_of(dma32_a)), ZONE_DMA32);
	dma32_b = alloc_pages(GFP_KERNEL, 10);
	assert_int_equal(pfn_zone(pfn_of(dma32_b)), ZONE_DMA32);
	dma = alloc_pages(GFP_KERNEL, 10);
	assert_int_equal(pfn_zone(pfn_of(dma)), ZONE_DMA);
	assert_null(alloc_pages(GFP_KERNEL, 0));
	assert_true(log_capture_contains("page allocation failure: order:0"));

	/* GFP_DMA32 never takes Normal; GFP_DMA never takes DMA32. */
	assert_int_equal(__free_pages(normal, 10), 0);
	assert_int_equal(__free_pages(dma32_a, 10), 0);
	/* GFP_DMA never takes DMA32 or Normal. */
	assert_null(alloc_pages(GFP_DMA | __GFP_NOWARN, 0));
	dma32_a = alloc_pages(GFP_DMA32, 0);
	assert_int_equal(pfn_zone(pfn_of(dma32_a)), ZONE_DMA32);
	/* GFP_DMA32 falls back to DMA, and never takes Normal. */
	assert_int_equal(__free_pages(dma, 10), 0);
	dma = alloc_pages(GFP_DMA32, 10);
	assert_int_equal(pfn_zone(pfn_of(dma)), ZONE_DMA);
	assert_null(alloc_pages(GFP_DMA32 | __GFP_NOWARN, 10));
	assert_int_equal(zone(ZONE_NORMAL)->free_area[10].nr_free, 1);
	dma32_b = alloc_pages(GFP_DMA32, 9);
	assert_int_equal(pfn_zone(pfn_of(dma32_b)), ZONE_DMA32);

	/* Two zone modifiers at once are refused. */
	log_capture_start();
	assert_null(alloc_pages(GFP_DMA | GFP_DMA32, 0));
	assert_true(log_capture_contains("gfp 0x5 names both DMA and DMA32"));
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_zeroing(void **unused)
{
	struct page *page;
	unsigned char *mem;
	unsigned long addr;

	(void)unused;
	setup_one_block();
	page = alloc_pages(GFP_KERNEL, 2);
	mem = page_address(page);
	memset(mem, 0x5a, 4 * PAGE_SIZE);
	assert_int_equal(__free_pages(page, 2), 0);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	mem = page_address(page);
	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		if (mem[i])
			fail_msg("byte %zu is 0x%x after __GFP_ZERO", i,
				 mem[i]);
	memset(mem, 0x5a, 4 * PAGE_SIZE);
	assert_int_equal(__free_pages(page, 2), 0);

	addr = get_zeroed_page(GFP_KERNEL);
	assert_true(addr != 0);
	mem = (unsigned char *)addr;
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(mem[i], 0);
	assert_int_equal(free_page(addr), 0);
	/* Without __GFP_ZERO the old contents stay (past the free-list
	 * links at the start of each page that was a free block). */
	addr = __get_free_pages(GFP_KERNEL, 2);
	assert_int_equal(((unsigned char *)addr)[PAGE_SIZE + 100], 0x5a);
	assert_int_equal(free_pages(addr, 2), 0);
	assert_int_equal(free_pages(0, 3), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1024);
}

static unsigned long count_bits(const unsigned char *bits, size_t n)
{
	unsigned long c = 0;

	for (size_t i = 0; i < n; i++)
		c += (unsigned long)__builtin_popcount(bits[i]);
	return c;
}

/*
 * Allocate every free block of @order one by one (each distinct, writable,
 * never a reserved page), then free them all: the free page count and the
 * total return to where they were, and so do the free counts, with every
 * deferred block now a listed max-order block.
 */
static void exhaust_and_restore(unsigned int order)
{
	unsigned long before[MAX_NR_ZONES][NR_COUNTS];
	unsigned long free_before = nr_free_pages();
	unsigned long total_before = totalram_pages();
	unsigned long n = 0, cap = 0;
	struct page **pages;
	unsigned char *seen = calloc(map_end_pfn / 8 + 1, 1);

	/* Blocks below @order cannot merge while everything is taken. */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		snapshot_counts((enum zone_type)z, before[z]);
		for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
			cap += before[z][o] << (o - order);
		cap += before[z][COUNT_DEFERRED] << (MAX_PAGE_ORDER - order);
		/* What freeing everything must give back. */
		before[z][MAX_PAGE_ORDER] += before[z][COUNT_DEFERRED];
		before[z][COUNT_DEFERRED] = 0;
	}
	pages = calloc(cap + 1, sizeof(*pages));
	assert_non_null(pages);
	assert_non_null(seen);
	while ((pages[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order))) {
		unsigned long pfn = pfn_of(pages[n]);

		assert_true(n < cap);
		for (unsigned long i = pfn; i < pfn + (1UL << order); i++) {
			if (seen[i / 8] & (1 << (i % 8)))
				fail_msg("pfn 0x%lx handed out twice", i);
			seen[i / 8] |= (unsigned char)(1 << (i % 8));
			*(unsigned long *)phys_to_virt(PFN_PHYS(i)) = i;
		}
		n++;
	}
	assert_int_equal(n, cap);
	assert_int_equal(nr_free_pages(), free_before - (cap << order));
	for (int z = 0; z < MAX_NR_ZONES; z++)
		assert_int_equal(zone((enum zone_type)z)->nr_deferred, 0);
	assert_true(cap > 0);
	assert_int_equal(count_bits(seen, map_end_pfn / 8 + 1), cap << order);
	assert_null(alloc_pages(GFP_KERNEL, order));
	assert_true(log_capture_contains("page allocation failure"));
	for (unsigned long i = 0; i < n; i++) {
		unsigned long pfn = pfn_of(pages[i]);

		for (unsigned long p = pfn; p < pfn + (1UL << order); p++)
			assert_int_equal(
				*(unsigned long *)phys_to_virt(PFN_PHYS(p)), p);
		assert_int_equal(__free_pages(pages[i], order), 0);
	}
	assert_int_equal(nr_free_pages(), free_before);
	assert_int_equal(totalram_pages(), total_before);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		expect_free_counts((enum zone_type)z, before[z]);
	free(pages);
	free(seen);
}

static void test_exhaustion_order0(void **unused)
{
	(void)unused;
	env_setup(PFN(32UL << 20), FILL_FAKE_BUDDIES);
	assert_int_equal(page_alloc_add_present(1, 0x9f), 0);
	assert_int_equal(page_alloc_add_present(0x100, PFN(32UL << 20)), 0);
	/* Reserved: the kernel at [1 MiB, 3 MiB + 20 KiB), a page at 20 MiB. */
	feed_range(1, 0x9f, MAX_PAGE_ORDER);
	feed_range(0x100, PFN(SZ_1M), MAX_PAGE_ORDER);
	feed_range(PFN(3UL << 20) + 5, PFN(20UL << 20), MAX_PAGE_ORDER);
	feed_range(PFN(20UL << 20) + 1, PFN(32UL << 20), MAX_PAGE_ORDER);
	assert_int_equal(totalram_pages(),
			 0x9e + PFN(SZ_1M) - 0x100 + PFN(20UL << 20) -
				 PFN(3UL << 20) - 5 + PFN(12UL << 20) - 1);
	assert_int_equal(nr_free_pages(), totalram_pages());
	exhaust_and_restore(0);
	exhaust_and_restore(3);
	assert_true(PageReserved(pfn_to_page(0)));
	assert_true(PageReserved(pfn_to_page(0x9f)));
	assert_true(PageReserved(pfn_to_page(PFN(3UL << 20) + 4)));
	assert_true(PageReserved(pfn_to_page(PFN(20UL << 20))));
	assert_false(PageReserved(pfn_to_page(PFN(20UL << 20) + 1)));
}

static void test_exhaustion_three_zones(void **unused)
{
	(void)unused;
	setup_three_zones(FILL_ONES);
	exhaust_and_restore(0);
	exhaust_and_restore(MAX_PAGE_ORDER);
}

/* Feed a QEMU-like map with memblock-style chunks of order up to
 * @max_order; check each zone got exactly its share. */
static void feed_realistic(unsigned int max_order)
{
	/* RAM [4 KiB, 636 KiB), [1 MiB, 3 GiB - 128 KiB), [4 GiB, 6 GiB);
	 * reserved: kernel [16 MiB + 8 KiB, 40 MiB), initrd [2 GiB, 2 GiB +
	 * 6 MiB + 4 KiB), a page at 5 GiB. */
	static const unsigned long free_ranges[][2] = {
		{PFN(0x1000), PFN(0x9f000)},
		{PFN(SZ_1M), PFN(SZ_16M + 0x2000)},
		{PFN(40UL << 20), PFN(2 * SZ_1G)},
		{PFN(2 * SZ_1G + (6UL << 20) + 0x1000), PFN(0xbffe0000UL)},
		{PFN(SZ_4G), PFN(5 * SZ_1G)},
		{PFN(5 * SZ_1G) + 1, PFN(6 * SZ_1G)},
	};
	unsigned long per_zone[MAX_NR_ZONES] = {0};

	assert_int_equal(page_alloc_add_present(1, 0x9f), 0);
	assert_int_equal(page_alloc_add_present(0x100, PFN(0xbffe0000UL)), 0);
	assert_int_equal(page_alloc_add_present(PFN(SZ_4G), PFN(6 * SZ_1G)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(free_ranges); i++) {
		feed_range(free_ranges[i][0], free_ranges[i][1], max_order);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			unsigned long lo = free_ranges[i][0],
				      hi = free_ranges[i][1];
			unsigned long zlo = z == 0   ? 0
					    : z == 1 ? ZONE_DMA_END_PFN
						     : ZONE_DMA32_END_PFN;
			unsigned long zhi = z == 0   ? ZONE_DMA_END_PFN
					    : z == 1 ? ZONE_DMA32_END_PFN
						     : ULONG_MAX;

			if (lo < zlo)
				lo = zlo;
			if (hi > zhi)
				hi = zhi;
			if (lo < hi)
				per_zone[z] += hi - lo;
		}
	}
	assert_int_equal(log_capture_count(), 0);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		assert_int_equal(zone((enum zone_type)z)->managed_pages,
				 per_zone[z]);
		assert_int_equal(zone((enum zone_type)z)->free_pages,
				 per_zone[z]);
	}
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_feed_realistic_max_order(void **unused)
{
	unsigned long expect_dma32[NR_COUNTS];

	(void)unused;
	env_setup(PFN(6 * SZ_1G), FILL_FAKE_BUDDIES);
	feed_realistic(MAX_PAGE_ORDER);
	/* Whole blocks are deferred: DMA [4, 16 MiB); DMA32 [40 MiB, 2 GiB)
	 * and [2 GiB + 8 MiB, 3 GiB - 4 MiB); Normal [4, 5 GiB) and [5 GiB +
	 * 4 MiB, 6 GiB). Pieces of partly fed blocks are listed, none of
	 * them as a whole max-order block. */
	snapshot_counts(ZONE_DMA32, expect_dma32);
	assert_int_equal(expect_dma32[COUNT_DEFERRED], 502 + 253);
	assert_int_equal(expect_dma32[MAX_PAGE_ORDER], 0);
	assert_int_equal(zone(ZONE_DMA)->nr_deferred, 3);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, 256 + 255);
	assert_int_equal(zone(ZONE_NORMAL)->free_area[MAX_PAGE_ORDER].nr_free,
			 0);
	/* The page at 5 GiB is reserved: its block is split around it. */
	assert_int_equal(pfn_page_type(PFN(5 * SZ_1G)), PAGE_TYPE_RESERVED);
	assert_int_equal(pfn_page_type(PFN(5 * SZ_1G) + 1), PAGE_TYPE_FREE);
	assert_int_equal(zone(ZONE_NORMAL)->free_area[0].nr_free, 1);
}

static void test_feed_chunks_crossing_zones(void **unused)
{
	unsigned long once[MAX_NR_ZONES][NR_COUNTS];

	(void)unused;
	/* The same map fed with chunks of up to order 20 ends in the same
	 * free lists: large chunks are cut into max-order blocks. */
	env_setup(PFN(6 * SZ_1G), FILL_FAKE_BUDDIES);
	feed_realistic(MAX_PAGE_ORDER);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		snapshot_counts((enum zone_type)z, once[z]);
	teardown(NULL);

	env_setup(PFN(6 * SZ_1G), FILL_ONES);
	feed_realistic(20);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		expect_free_counts((enum zone_type)z, once[z]);
	teardown(NULL);

	/* A chunk crossing 16 MiB must start at pfn 0: [0, 4 GiB) of order
	 * 20 spans DMA and DMA32, then [4 GiB, 6 GiB) of order 19. */
	env_setup(PFN(6 * SZ_1G), FILL_FAKE_BUDDIES);
	assert_int_equal(page_alloc_add_present(0, PFN(6 * SZ_1G)), 0);
	feed_range(0, PFN(6 * SZ_1G), 22);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(zone(ZONE_DMA)->nr_deferred, 4);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 1024 - 4);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, 512);
	assert_int_equal(zone(ZONE_DMA32)->first_deferred_pfn,
			 ZONE_DMA_END_PFN);
	assert_int_equal(zone(ZONE_DMA)->managed_pages, ZONE_DMA_END_PFN);
	assert_int_equal(page_alloc_verify(), 0);
	teardown(NULL);

	/* One chunk of order 21 = [0, 8 GiB) over all three zones. */
	env_setup(PFN(8 * SZ_1G), FILL_FAKE_BUDDIES);
	assert_int_equal(page_alloc_add_present(0, PFN(8 * SZ_1G)), 0);
	assert_int_equal(__free_pages_core(0, 21), 0);
	assert_int_equal(zone(ZONE_DMA)->nr_deferred, 4);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 1024 - 4);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, 1024);
	assert_int_equal(zone(ZONE_NORMAL)->free_area[10].nr_free, 0);
	assert_int_equal(nr_free_pages(), PFN(8 * SZ_1G));
	assert_int_equal(totalram_pages(), PFN(8 * SZ_1G));
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_feed_rejects_bad_chunks(void **unused)
{
	const unsigned long end = PFN(64UL << 20) - 3;
	size_t logged;

	(void)unused;
	env_setup(end, FILL_FAKE_BUDDIES);
	assert_int_equal(page_alloc_add_present(0x100, PFN(40UL << 20)), 0);

	assert_int_equal(__free_pages_core(0x101, 1), -EINVAL);
	assert_true(log_capture_contains("pfn 0x101 order 1 is not aligned"));
	assert_int_equal(__free_pages_core(0x100, MAX_FEED_ORDER + 1), -EINVAL);
	assert_true(log_capture_contains("order 41: order above 40"));
	assert_int_equal(__free_pages_core(PFN(64UL << 20) - 4, 2), -EINVAL);
	assert_true(log_capture_contains("reaches past the memory map"));
	assert_int_equal(__free_pages_core(PFN(64UL << 20), 0), -EINVAL);
	/* Outside the span: below the first present pfn, above the last. */
	assert_int_equal(__free_pages_core(0x80, 3), -EINVAL);
	assert_true(log_capture_contains(
		"pfn 0x80 order 3 lies outside zone DMA span [0x100, 0x1000)"));
	assert_int_equal(__free_pages_core(PFN(40UL << 20), 0), -EINVAL);
	assert_true(log_capture_contains(
		"outside zone DMA32 span [0x1000, 0x2800)"));
	assert_int_equal(totalram_pages(), 0);

	/* A chunk straddling the span's end is refused whole: [32, 48 MiB)
	 * where only [32, 40 MiB) is present. */
	assert_int_equal(__free_pages_core(PFN(32UL << 20), 12), -EINVAL);
	assert_int_equal(totalram_pages(), 0);
	for (unsigned long pfn = PFN(32UL << 20); pfn < PFN(40UL << 20); pfn++)
		assert_int_equal(pfn_page_type(pfn), PAGE_TYPE_RESERVED);

	/* Feeding the same pages twice: whole block, then a piece of it;
	 * a piece, then a chunk overlapping it. */
	assert_int_equal(__free_pages_core(PFN(32UL << 20), 10), 0);
	assert_int_equal(__free_pages_core(PFN(32UL << 20) + 8, 3), -EINVAL);
	assert_true(log_capture_contains("is already managed"));
	assert_int_equal(__free_pages_core(PFN(32UL << 20), 10), -EINVAL);
	assert_int_equal(__free_pages_core(PFN(36UL << 20) + 8, 3), 0);
	assert_int_equal(__free_pages_core(PFN(36UL << 20), 4), -EINVAL);
	assert_true(log_capture_contains(
		"pfn 0x2400 order 4: pfn 0x2408 is already managed"));
	assert_int_equal(__free_pages_core(PFN(36UL << 20), 3), 0);
	assert_int_equal(totalram_pages(), 1024 + 16);
	/* The two order-3 pieces merged. */
	assert_int_equal(zone(ZONE_DMA32)->free_area[4].nr_free, 1);
	assert_int_equal(pfn_page_type(PFN(36UL << 20) + 8), PAGE_TYPE_TAIL);
	assert_int_equal(pfn_page_type(PFN(36UL << 20) + 16),
			 PAGE_TYPE_RESERVED);
	assert_int_equal(page_alloc_verify(), 0);

	/* Partial chunks at the very end of a map whose end is not a block
	 * multiple: merging must not read past the map (ASan). */
	assert_int_equal(page_alloc_add_present(PFN(40UL << 20), end), 0);
	logged = log_capture_count();
	feed_range(PFN(40UL << 20), end, MAX_PAGE_ORDER);
	assert_int_equal(log_capture_count(), logged);
	assert_int_equal(page_alloc_verify(), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_pages,
			 1024 + 16 + end - PFN(40UL << 20));
	exhaust_and_restore(0);
}

static void test_lazy_map_garbage_never_merged(void **unused)
{
	const unsigned long base = PFN(16UL << 20);
	struct page *pages[4];

	(void)unused;
	env_setup(PFN(32UL << 20), FILL_FAKE_BUDDIES);
	assert_int_equal(page_alloc_add_present(base, PFN(32UL << 20)), 0);
	/* Feed only [base + 1, base + 2): every other struct page of the
	 * block claims to be a free buddy. */
	assert_int_equal(__free_pages_core(base + 1, 0), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_area[0].nr_free, 1);
	assert_int_equal(pfn_page_type(base), PAGE_TYPE_RESERVED);
	assert_int_equal(pfn_page_type(base + 2), PAGE_TYPE_RESERVED);
	/* A block never fed keeps its garbage unread. */
	assert_int_equal(pfn_page_type(base + 1024), PAGE_TYPE_RESERVED);
	assert_true(PageReserved(pfn_to_page(base + 1024)));
	pages[0] = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pfn_of(pages[0]), base + 1);
	assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0));
	assert_int_equal(__free_pages(pages[0], 0), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_area[0].nr_free, 1);
	assert_int_equal(page_alloc_verify(), 0);

	/* A whole block's tails stay unread until it is split, then read
	 * as tails, never as the garbage. */
	assert_int_equal(__free_pages_core(base + 1024, 10), 0);
	assert_int_equal(pfn_page_type(base + 1024 + 512), PAGE_TYPE_TAIL);
	pages[1] = alloc_pages(GFP_KERNEL, 9);
	pages[2] = alloc_pages(GFP_KERNEL, 9);
	pages[3] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 9);
	assert_null(pages[3]);
	assert_int_equal(pfn_of(pages[1]), base + 1024);
	assert_int_equal(pfn_of(pages[2]), base + 1024 + 512);
	assert_int_equal(pfn_page_type(base + 1024 + 1), PAGE_TYPE_TAIL);
	assert_int_equal(__free_pages(pages[2], 9), 0);
	assert_int_equal(__free_pages(pages[1], 9), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_area[10].nr_free, 1);
	assert_int_equal(zone(ZONE_DMA32)->free_area[0].nr_free, 1);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1025);
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_double_and_bad_frees(void **unused)
{
	const unsigned long base = PFN(16UL << 20);
	unsigned long before[NR_COUNTS];
	struct page *a, *b, *big;

	(void)unused;
	setup_one_block();
	a = alloc_pages(GFP_KERNEL, 0);
	b = alloc_pages(GFP_KERNEL, 0);
	big = alloc_pages(GFP_KERNEL, 4);
	assert_int_equal(__free_pages(a, 0), 0);
	snapshot_counts(ZONE_DMA32, before);

	/* a is still a free order-0 head (b holds its buddy). */
	assert_int_equal(__free_pages(a, 0), -EINVAL);
	assert_true(log_capture_contains(
		"double free of pfn 0x1000 (a free block of order 0)"));
	/* A tail of a free block. */
	assert_int_equal(__free_pages(pfn_to_page(base + 512 + 7), 0), -EINVAL);
	assert_true(log_capture_contains("double free of pfn 0x1207 (inside "
					 "free block pfn 0x1200 order 9)"));
	/* A tail of an allocation, a wrong order, an order too large. */
	assert_int_equal(__free_pages(pfn_to_page(pfn_of(big) + 3), 0),
			 -EINVAL);
	assert_true(log_capture_contains(
		"free of pfn 0x1013, which is not the first page of an "
		"allocation (block pfn 0x1010 order 4)"));
	assert_int_equal(__free_pages(big, 3), -EINVAL);
	assert_true(log_capture_contains(
		"free of pfn 0x1010 with order 3, allocated with order 4"));
	assert_int_equal(__free_pages(big, 11), -EINVAL);
	assert_true(log_capture_contains("order 11 above 10"));
	/* Reserved and outside the map. */
	assert_int_equal(__free_pages(pfn_to_page(base - 1), 0), -EINVAL);
	assert_true(
		log_capture_contains("free of pfn 0xfff, which is reserved"));
	assert_int_equal(__free_pages(pfn_to_page(map_end_pfn), 0), -EINVAL);
	assert_true(log_capture_contains("outside the memory map"));
	assert_int_equal(__free_pages(map - 1, 0), -EINVAL);
	assert_int_equal(__free_page(pfn_to_page(base + 1024)), -EINVAL);
	/* Nothing changed. */
	expect_free_counts(ZONE_DMA32, before);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1024 - 1 - 16);

	/* After b's free, a and b merged up to order 4 (big holds the
	 * order-4 buddy): a heads the block, b is a tail of it. */
	assert_int_equal(__free_page(b), 0);
	assert_int_equal(__free_page(a), -EINVAL);
	assert_true(log_capture_contains(
		"double free of pfn 0x1000 (a free block of order 4)"));
	assert_int_equal(__free_page(b), -EINVAL);
	assert_true(log_capture_contains("double free of pfn 0x1001 (inside "
					 "free block pfn 0x1000 order 4)"));
	assert_int_equal(__free_pages(big, 4), 0);
	assert_int_equal(__free_pages(big, 4), -EINVAL);
	assert_int_equal(zone(ZONE_DMA32)->free_area[10].nr_free, 1);
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_whole_block_bad_frees(void **unused)
{
	const unsigned long base = PFN(16UL << 20);
	struct page *page;

	(void)unused;
	setup_one_block();
	page = alloc_pages(GFP_KERNEL, 10);
	assert_int_equal(pfn_page_type(base), PAGE_TYPE_ALLOC);
	assert_int_equal(pfn_page_type(base + 5), PAGE_TYPE_TAIL);
	assert_int_equal(__free_pages(pfn_to_page(base + 4), 2), -EINVAL);
	assert_true(log_capture_contains("free of pfn 0x1004, which is not the "
					 "first page of an allocation (block "
					 "pfn 0x1000 order 10)"));
	assert_int_equal(__free_pages(page, 10), 0);
	assert_int_equal(__free_pages(pfn_to_page(base + 4), 2), -EINVAL);
	assert_true(log_capture_contains(
		"double free of pfn 0x1004 (inside free block pfn 0x1000 "
		"order 10)"));
	assert_int_equal(pfn_page_type(base), PAGE_TYPE_FREE);
	assert_int_equal(pfn_page_type(map_end_pfn + 5), PAGE_TYPE_RESERVED);
}

static void test_slab_pages_refused(void **unused)
{
	struct page *page;

	(void)unused;
	setup_one_block();
	page = alloc_pages(GFP_KERNEL, 0);
	__page_set_slab(page, (struct slab *)(uintptr_t)0x1000);
	assert_int_equal(pfn_page_type(pfn_of(page)), PAGE_TYPE_SLAB);
	assert_int_equal(__free_pages(page, 0), -EINVAL);
	assert_true(log_capture_contains("belongs to a slab"));
	__page_set(page, PAGE_TYPE_ALLOC, 0);
	assert_int_equal(__free_pages(page, 0), 0);
}

static void test_verify_catches_corruption(void **unused)
{
	const unsigned long base = PFN(16UL << 20);
	struct free_block *block;
	struct free_block *saved;
	unsigned long info;

	(void)unused;
	setup_one_block();
	assert_non_null(alloc_pages(GFP_KERNEL, 0));
	assert_int_equal(page_alloc_verify(), 0);

	/* A free head whose struct page lies. */
	info = map[base + 512].info;
	__page_set(&map[base + 512], PAGE_TYPE_FREE, 8);
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains("block pfn 0x1200 has struct page"));
	map[base + 512].info = info;

	/* A free block whose links were overwritten. */
	block = phys_to_virt(PFN_PHYS(base + 512));
	saved = block->prev;
	block->prev = block;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains("block pfn 0x1200 badly linked"));
	block->prev = saved;
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_verify_catches_bad_counts(void **unused)
{
	struct zone *dma32 = (struct zone *)zone(ZONE_DMA32);
	unsigned long spanned;

	(void)unused;
	setup_one_block();
	/* Pretend one more order-9 block: the count disagrees. */
	assert_non_null(alloc_pages(GFP_KERNEL, 9));
	dma32->free_area[9].nr_free++;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(
		log_capture_contains("order 9: 1 blocks listed, nr_free 2"));
	dma32->free_area[9].nr_free--;
	/* The zone's free count disagrees with its lists. */
	dma32->free_pages++;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains("512 pages on free lists"));
	dma32->free_pages--;
	/* A list node outside the zone's span. */
	spanned = dma32->spanned_pages;
	dma32->spanned_pages = 512;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains("misaligned or outside span"));
	dma32->spanned_pages = spanned;
	assert_int_equal(page_alloc_verify(), 0);
}

/* Fill byte of free memory in the pattern test, and struct page word. */
#define MEM_PATTERN 0xa5
#define MAP_PATTERN 0x5a5a5a5a5a5a5a5aUL

/* True when pfns [@start, @end) still hold the patterns: struct pages
 * and every byte of memory. */
static bool untouched(unsigned long start, unsigned long end)
{
	static unsigned char pattern_page[PAGE_SIZE];

	memset(pattern_page, MEM_PATTERN, sizeof(pattern_page));
	for (unsigned long pfn = start; pfn < end; pfn++) {
		if (map[pfn].info != MAP_PATTERN ||
		    memcmp(phys_to_virt(PFN_PHYS(pfn)), pattern_page,
			   PAGE_SIZE))
			return false;
	}
	return true;
}

static void test_feed_writes_nothing_pattern(void **unused)
{
	const unsigned long end = PFN(64UL << 20);
	const unsigned long kernel_end = PFN(SZ_1M) + 5;
	struct page *a, *b, *c;
	unsigned char *mem;

	(void)unused;
	env_setup(end, FILL_ZERO);
	for (unsigned long pfn = 0; pfn < end; pfn++)
		map[pfn].info = MAP_PATTERN;
	memset(arena.mem, MEM_PATTERN, arena.size);
	assert_int_equal(page_alloc_add_present(1, 0x9f), 0);
	assert_int_equal(page_alloc_add_present(0x100, end), 0);
	/* As memblock_free_all: low memory, then past a kernel image at
	 * 1 MiB, in chunks of up to MAX_FEED_ORDER. */
	feed_range(1, 0x9f, MAX_FEED_ORDER);
	feed_range(kernel_end, end, MAX_FEED_ORDER);
	assert_int_equal(log_capture_count(), 0);

	/* [4, 64 MiB) was fed whole: 3 DMA and 12 DMA32 blocks, deferred,
	 * and not one byte of their struct pages or memory written. */
	assert_true(untouched(MAX_ORDER_NR_PAGES, end));
	assert_int_equal(zone(ZONE_DMA)->nr_deferred, 3);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 12);
	assert_int_equal(zone(ZONE_DMA)->first_deferred_pfn,
			 MAX_ORDER_NR_PAGES);
	assert_int_equal(zone(ZONE_DMA32)->first_deferred_pfn,
			 ZONE_DMA_END_PFN);
	assert_int_equal(totalram_pages(), 0x9e + end - kernel_end);
	assert_int_equal(nr_free_pages(), totalram_pages());
	assert_int_equal(zone(ZONE_DMA)->free_pages,
			 0x9e + ZONE_DMA_END_PFN - kernel_end);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 12 * 1024);
	/* The partly fed block [0, 4 MiB) is on the lists as before. */
	assert_int_equal(zone(ZONE_DMA)->free_area[MAX_PAGE_ORDER].nr_free, 0);
	assert_true(zone(ZONE_DMA)->free_area[9].nr_free > 0);
	assert_int_equal(page_alloc_verify(), 0);
	assert_true(untouched(MAX_ORDER_NR_PAGES, end));

	/* Taking a block touches that block only, and __GFP_ZERO zeroes all
	 * of it. */
	a = alloc_pages(GFP_KERNEL | __GFP_ZERO, MAX_PAGE_ORDER);
	assert_int_equal(pfn_of(a), ZONE_DMA_END_PFN);
	mem = page_address(a);
	for (size_t i = 0; i < MAX_ORDER_NR_PAGES * PAGE_SIZE; i++)
		if (mem[i])
			fail_msg("byte %zu is 0x%x after __GFP_ZERO", i,
				 mem[i]);
	assert_true(untouched(ZONE_DMA_END_PFN + 1024, end));
	b = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	assert_int_equal(pfn_of(b), ZONE_DMA_END_PFN + 1024);
	mem = page_address(b);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(mem[i], 0);
	/* Without __GFP_ZERO the old contents stay (past the links). */
	c = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pfn_of(c), ZONE_DMA_END_PFN + 1025);
	assert_int_equal(((unsigned char *)page_address(c))[100], MEM_PATTERN);
	assert_true(untouched(ZONE_DMA_END_PFN + 2048, end));
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 10);
	assert_int_equal(page_alloc_verify(), 0);
	assert_int_equal(__free_pages(a, MAX_PAGE_ORDER), 0);
	assert_int_equal(__free_pages(b, 0), 0);
	assert_int_equal(__free_pages(c, 0), 0);
	assert_int_equal(nr_free_pages(), totalram_pages());
	assert_int_equal(zone(ZONE_DMA32)->free_area[MAX_PAGE_ORDER].nr_free,
			 2);
	assert_int_equal(page_alloc_verify(), 0);
	exhaust_and_restore(0);
}

/*
 * Feed [4 MiB, @gib GiB) as memblock_free_all would, with memory and
 * memory map untouchable: nothing may be read or written but the table.
 */
static void feed_big_untouched(unsigned long gib)
{
	const unsigned long end = PFN(gib * SZ_1G);
	const unsigned long start = MAX_ORDER_NR_PAGES;
	const unsigned long normal_blocks =
		(end - ZONE_DMA32_END_PFN) >> MAX_PAGE_ORDER;
	struct page *a, *b, *c;

	env_setup_untouchable(end);
	assert_int_equal(page_alloc_add_present(start, end), 0);
	feed_range(start, end, MAX_FEED_ORDER);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(totalram_pages(), end - start);
	assert_int_equal(nr_free_pages(), end - start);
	assert_int_equal(zone(ZONE_DMA)->nr_deferred, 3);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 1020);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, normal_blocks);
	assert_int_equal(zone(ZONE_NORMAL)->free_pages,
			 normal_blocks << MAX_PAGE_ORDER);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			assert_int_equal(
				zone((enum zone_type)z)->free_area[o].nr_free,
				0);
	assert_int_equal(page_alloc_verify(), 0);
	/* Types come from the table alone. */
	assert_int_equal(pfn_page_type(end - MAX_ORDER_NR_PAGES),
			 PAGE_TYPE_FREE);
	assert_int_equal(pfn_page_type(end - 1), PAGE_TYPE_TAIL);
	assert_int_equal(pfn_page_type(start - 1), PAGE_TYPE_RESERVED);
	assert_false(PageReserved(pfn_to_page(end / 2 + 3)));
	/* A free inside a deferred block is refused without a read. */
	assert_int_equal(__free_pages(pfn_to_page(end - 7), 0), -EINVAL);
	assert_true(log_capture_contains("inside deferred free block"));

	/* Allocations take the lowest Normal blocks, only those. */
	open_block(ZONE_DMA32_END_PFN);
	open_block(ZONE_DMA32_END_PFN + MAX_ORDER_NR_PAGES);
	a = alloc_pages(GFP_KERNEL, 0);
	b = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	assert_int_equal(pfn_of(a), ZONE_DMA32_END_PFN);
	assert_int_equal(pfn_of(b), ZONE_DMA32_END_PFN + MAX_ORDER_NR_PAGES);
	c = alloc_pages(GFP_KERNEL, 9);
	assert_int_equal(pfn_of(c), ZONE_DMA32_END_PFN + 512);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, normal_blocks - 2);
	assert_int_equal(nr_free_pages(), end - start - 1 - 1024 - 512);
	assert_int_equal(page_alloc_verify(), 0);
	assert_int_equal(__free_pages(c, 9), 0);
	assert_int_equal(__free_pages(b, MAX_PAGE_ORDER), 0);
	assert_int_equal(__free_pages(a, 0), 0);
	assert_int_equal(zone(ZONE_NORMAL)->free_area[MAX_PAGE_ORDER].nr_free,
			 2);
	assert_int_equal(nr_free_pages(), end - start);
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_feed_64g_touches_nothing(void **unused)
{
	(void)unused;
	feed_big_untouched(64);
}

static void test_feed_1t_touches_nothing(void **unused)
{
	(void)unused;
	feed_big_untouched(1024);
}

/* Feed the max-order block at @mib MiB. */
static void feed_block_at(unsigned long mib)
{
	assert_int_equal(__free_pages_core(PFN(mib << 20), MAX_PAGE_ORDER), 0);
}

static void expect_alloc_at(unsigned int order, unsigned long mib)
{
	struct page *page = alloc_pages(GFP_KERNEL, order);

	assert_non_null(page);
	if (pfn_of(page) != PFN(mib << 20))
		fail_msg("order %u allocation at pfn 0x%lx, expected 0x%lx",
			 order, pfn_of(page), PFN(mib << 20));
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_undefer_ascending(void **unused)
{
	static const unsigned long fed_mib[] = {44, 20, 60, 28, 52, 36};
	const unsigned long initmem = PFN(24UL << 20);
	struct page *page;

	(void)unused;
	env_setup(PFN(64UL << 20), FILL_FAKE_BUDDIES);
	assert_int_equal(
		page_alloc_add_present(PFN(16UL << 20), PFN(64UL << 20)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(fed_mib); i++)
		feed_block_at(fed_mib[i]);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 6);
	assert_int_equal(zone(ZONE_DMA32)->first_deferred_pfn, PFN(20UL << 20));
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 6 * 1024);
	assert_int_equal(page_alloc_verify(), 0);

	/* Lowest first, whatever the feeding order. */
	expect_alloc_at(MAX_PAGE_ORDER, 20);
	expect_alloc_at(MAX_PAGE_ORDER, 28);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 4);
	assert_int_equal(zone(ZONE_DMA32)->first_deferred_pfn, PFN(32UL << 20));
	/* A block fed below the cursor comes next. */
	feed_block_at(16);
	assert_int_equal(zone(ZONE_DMA32)->first_deferred_pfn, PFN(16UL << 20));
	expect_alloc_at(MAX_PAGE_ORDER, 16);
	/* A listed block is preferred to a deferred one. */
	assert_int_equal(__free_pages(pfn_to_page(PFN(28UL << 20)), 10), 0);
	expect_alloc_at(MAX_PAGE_ORDER, 28);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 4);
	/* Nothing listed: order 0 takes and splits the next block, then
	 * smaller orders come from its pieces. */
	expect_alloc_at(0, 36);
	expect_alloc_at(9, 38);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 3);
	expect_alloc_at(MAX_PAGE_ORDER, 44);
	expect_alloc_at(MAX_PAGE_ORDER, 52);
	expect_alloc_at(MAX_PAGE_ORDER, 60);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 0);
	assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER));
	page = alloc_pages(GFP_KERNEL, 8);
	assert_int_equal(pfn_of(page), PFN(37UL << 20));

	/* After boot, order-0 frees of a block never fed (initmem) still
	 * merge into a listed max-order block; a page of a fed block is
	 * refused. */
	for (unsigned long pfn = initmem; pfn < initmem + 1024; pfn++)
		assert_int_equal(__free_pages_core(pfn, 0), 0);
	assert_int_equal(zone(ZONE_DMA32)->free_area[MAX_PAGE_ORDER].nr_free,
			 1);
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 0);
	assert_int_equal(__free_pages_core(PFN(60UL << 20) + 3, 0), -EINVAL);
	assert_true(log_capture_contains("pfn 0x3c03 is already managed"));
	expect_alloc_at(MAX_PAGE_ORDER, 24);
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_deferred_bad_frees(void **unused)
{
	const unsigned long base = PFN(16UL << 20);
	unsigned long before[NR_COUNTS];

	(void)unused;
	/* Every struct page claims to be an allocated head: a free that
	 * read the map of a deferred block would be accepted. */
	env_setup(PFN(32UL << 20), FILL_FAKE_ALLOC);
	assert_int_equal(
		page_alloc_add_present(PFN(16UL << 20), PFN(24UL << 20)), 0);
	feed_block_at(16);
	snapshot_counts(ZONE_DMA32, before);
	assert_int_equal(before[COUNT_DEFERRED], 1);

	assert_int_equal(pfn_page_type(base), PAGE_TYPE_FREE);
	assert_int_equal(pfn_page_type(base + 1), PAGE_TYPE_TAIL);
	assert_int_equal(pfn_page_type(base + 1023), PAGE_TYPE_TAIL);
	assert_false(PageReserved(pfn_to_page(base)));
	assert_true(PageReserved(pfn_to_page(base + 1024)));
	assert_int_equal(__free_pages(pfn_to_page(base), MAX_PAGE_ORDER),
			 -EINVAL);
	assert_true(log_capture_contains(
		"double free of pfn 0x1000 (a deferred free block of order "
		"10)"));
	assert_int_equal(__free_pages(pfn_to_page(base + 8), 3), -EINVAL);
	assert_true(log_capture_contains("double free of pfn 0x1008 (inside "
					 "deferred free block pfn 0x1000 order "
					 "10)"));
	assert_int_equal(__free_page(pfn_to_page(base + 1023)), -EINVAL);
	assert_true(log_capture_contains("double free of pfn 0x13ff"));
	/* Feeding any of it again is refused too. */
	assert_int_equal(__free_pages_core(base + 512, 9), -EINVAL);
	assert_true(log_capture_contains("free chunk pfn 0x1200 order 9: pfn "
					 "0x1200 is already managed"));
	assert_int_equal(__free_pages_core(base, 11), -EINVAL);
	assert_true(log_capture_contains("free chunk pfn 0x1000 order 11: pfn "
					 "0x1000 is already managed"));
	/* Nothing changed. */
	expect_free_counts(ZONE_DMA32, before);
	assert_int_equal(zone(ZONE_DMA32)->free_pages, 1024);
	assert_int_equal(totalram_pages(), 1024);
}

static void test_zone_fallback_across_deferred(void **unused)
{
	struct page *page;

	(void)unused;
	/* Deferred: DMA 8 MiB; DMA32 1 GiB, 1 GiB + 4 MiB; Normal 4 GiB,
	 * 4 GiB + 4 MiB. Listed: one DMA32 page at 2 GiB. */
	setup_three_zones(FILL_FAKE_BUDDIES);
	assert_int_equal(__free_pages_core(PFN(2 * SZ_1G), 0), 0);
	assert_int_equal(page_alloc_verify(), 0);

	/* A zone's deferred blocks come before falling back to a lower
	 * zone's lists. */
	page = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pfn_of(page), PFN(SZ_4G));
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, 1);
	/* GFP_DMA32 never takes Normal; its lists come before its deferred
	 * blocks. */
	page = alloc_pages(GFP_DMA32, 0);
	assert_int_equal(pfn_of(page), PFN(2 * SZ_1G));
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 2);
	page = alloc_pages(GFP_DMA32, 0);
	assert_int_equal(pfn_of(page), PFN(SZ_1G));
	assert_int_equal(zone(ZONE_DMA32)->nr_deferred, 1);
	assert_int_equal(zone(ZONE_NORMAL)->nr_deferred, 1);
	assert_int_equal(page_alloc_verify(), 0);

	/* Max order: Normal's last deferred block, then DMA32's, then
	 * DMA's, then nothing. */
	page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	assert_int_equal(pfn_of(page), PFN(SZ_4G + (4UL << 20)));
	page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	assert_int_equal(pfn_of(page), PFN(SZ_1G + (4UL << 20)));
	assert_int_equal(page_alloc_verify(), 0);
	/* GFP_DMA takes only DMA. */
	page = alloc_pages(GFP_DMA, MAX_PAGE_ORDER);
	assert_int_equal(pfn_of(page), PFN(8UL << 20));
	assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER));
	for (int z = 0; z < MAX_NR_ZONES; z++)
		assert_int_equal(zone((enum zone_type)z)->nr_deferred, 0);
	assert_int_equal(nr_free_pages(), 2 * (1024 - 1));
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_verify_catches_deferred_corruption(void **unused)
{
	struct zone *dma32 = (struct zone *)zone(ZONE_DMA32);
	const unsigned long base = PFN(16UL << 20);
	unsigned long saved;

	(void)unused;
	env_setup(PFN(32UL << 20), FILL_ZERO);
	assert_int_equal(
		page_alloc_add_present(PFN(16UL << 20), PFN(32UL << 20)), 0);
	feed_block_at(16);
	feed_block_at(24);
	assert_int_equal(page_alloc_verify(), 0);

	/* The count disagrees with the table. */
	dma32->nr_deferred++;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains(
		"zone DMA32: 2 deferred blocks in the table, 2 of them in span "
		"from pfn 0x1000; nr_deferred 3"));
	dma32->nr_deferred--;
	/* The cursor is past a deferred block. */
	saved = dma32->first_deferred_pfn;
	dma32->first_deferred_pfn = base + MAX_ORDER_NR_PAGES;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains("1 of them in span from pfn 0x1400"));
	dma32->first_deferred_pfn = saved;
	/* A deferred block outside the span. */
	saved = dma32->spanned_pages;
	dma32->spanned_pages = 2 * MAX_ORDER_NR_PAGES;
	assert_int_equal(page_alloc_verify(), -EIO);
	dma32->spanned_pages = saved;
	/* The free count disagrees with listed plus deferred pages. */
	dma32->free_pages--;
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains("2048 pages on free lists and "
					 "deferred, free_pages 2047"));
	dma32->free_pages++;
	assert_int_equal(page_alloc_verify(), 0);

	/* A listed block whose table entry says deferred. */
	assert_non_null(alloc_pages(GFP_KERNEL, 0));
	assert_int_equal(__free_pages(pfn_to_page(base), 0), 0);
	assert_int_equal(page_alloc_verify(), 0);
	/* The table's encoding (mm/page_alloc.c): two bits per block,
	 * 3 for DEFERRED. */
	saved = state[0];
	state[0] |= 3UL << ((base >> MAX_PAGE_ORDER) * 2);
	assert_int_equal(page_alloc_verify(), -EIO);
	assert_true(log_capture_contains(
		"block pfn 0x1000 is listed but deferred"));
	state[0] = saved;
	assert_int_equal(page_alloc_verify(), 0);

	/* A count that promises a block the table does not have: the
	 * allocation reports it and fails. The listed block goes first,
	 * then the deferred one at 24 MiB. */
	dma32->nr_deferred++;
	dma32->free_pages += MAX_ORDER_NR_PAGES;
	assert_int_equal(pfn_of(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER)), base);
	log_capture_start();
	assert_non_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER));
	assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER));
	assert_true(log_capture_contains(
		"zone DMA32: 1 deferred blocks counted, none found from pfn "
		"0x1c00"));
	dma32->nr_deferred--;
	dma32->free_pages -= MAX_ORDER_NR_PAGES;
	assert_int_equal(page_alloc_verify(), 0);
}

static void test_get_order(void **unused)
{
	(void)unused;
	assert_int_equal(get_order(1), 0);
	assert_int_equal(get_order(PAGE_SIZE), 0);
	assert_int_equal(get_order(PAGE_SIZE + 1), 1);
	assert_int_equal(get_order(8 * PAGE_SIZE), 3);
	assert_int_equal(get_order(8 * PAGE_SIZE + 1), 4);
	assert_int_equal(get_order(4UL << 20), 10);
	assert_int_equal(pfn_zone(ZONE_DMA_END_PFN - 1), ZONE_DMA);
	assert_int_equal(pfn_zone(ZONE_DMA_END_PFN), ZONE_DMA32);
	assert_int_equal(pfn_zone(ZONE_DMA32_END_PFN - 1), ZONE_DMA32);
	assert_int_equal(pfn_zone(ZONE_DMA32_END_PFN), ZONE_NORMAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_order),
		cmocka_unit_test(test_init_rejects_bad_arguments),
		cmocka_unit_test_teardown(test_present_ranges_set_spans,
					  teardown),
		cmocka_unit_test_teardown(test_split_and_coalesce_exact_counts,
					  teardown),
		cmocka_unit_test_teardown(test_alloc_every_order, teardown),
		cmocka_unit_test_teardown(test_zone_choice, teardown),
		cmocka_unit_test_teardown(test_zone_fallback_order, teardown),
		cmocka_unit_test_teardown(test_zeroing, teardown),
		cmocka_unit_test_teardown(test_exhaustion_order0, teardown),
		cmocka_unit_test_teardown(test_exhaustion_three_zones,
					  teardown),
		cmocka_unit_test_teardown(test_feed_realistic_max_order,
					  teardown),
		cmocka_unit_test_teardown(test_feed_chunks_crossing_zones,
					  teardown),
		cmocka_unit_test_teardown(test_feed_rejects_bad_chunks,
					  teardown),
		cmocka_unit_test_teardown(test_lazy_map_garbage_never_merged,
					  teardown),
		cmocka_unit_test_teardown(test_double_and_bad_frees, teardown),
		cmocka_unit_test_teardown(test_whole_block_bad_frees, teardown),
		cmocka_unit_test_teardown(test_slab_pages_refused, teardown),
		cmocka_unit_test_teardown(test_verify_catches_corruption,
					  teardown),
		cmocka_unit_test_teardown(test_verify_catches_bad_counts,
					  teardown),
		cmocka_unit_test_teardown(test_feed_writes_nothing_pattern,
					  teardown),
		cmocka_unit_test_teardown(test_feed_64g_touches_nothing,
					  teardown),
		cmocka_unit_test_teardown(test_feed_1t_touches_nothing,
					  teardown),
		cmocka_unit_test_teardown(test_undefer_ascending, teardown),
		cmocka_unit_test_teardown(test_deferred_bad_frees, teardown),
		cmocka_unit_test_teardown(test_zone_fallback_across_deferred,
					  teardown),
		cmocka_unit_test_teardown(
			test_verify_catches_deferred_corruption, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
