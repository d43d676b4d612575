// SPDX-License-Identifier: MIT
/*
 * Benchmarks of mm/page_alloc.c on the host. Prints "name: value unit".
 *
 *   page_alloc_order0_pair          alloc_pages(0) + __free_pages, the
 *                                   block's buddy held, so no split or
 *                                   merge (a running system's usual case)
 *   page_alloc_order0_pair_split    the same from one whole 4 MiB block:
 *                                   10 splits and 10 merges per pair
 *   page_alloc_order3_pair(_split)  the same for order 3
 *   page_alloc_feed_1g / _64g / _1t page_alloc_init + feeding [1 MiB, 1 GiB
 *                                   / 64 GiB / 1 TiB) in memblock_free_all's
 *                                   chunks (naturally aligned, up to
 *                                   MAX_FEED_ORDER): the boot cost. Whole
 *                                   4 MiB blocks become deferred: two bits
 *                                   of table each, no struct page and no
 *                                   free memory written
 *   page_alloc_feed_1t_order10      the same for 1 TiB fed one 4 MiB block
 *                                   per call (the worst chunking)
 *   page_alloc_undefer_order10      alloc_pages(10) that takes a deferred
 *                                   block (the lists are empty), per call
 *                                   (the block's first page pre-faulted)
 *
 * Each figure is the best of several rounds (the machine is shared).
 * Linux's per-CPU order-0 fast path is about 46 ns per pair in published
 * figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "mm/page_alloc.h"
#include "mm/physmap.h"
#include "hosttest/bench/bench_util.h"

#define ROUNDS 5
#define PAIRS 1000000UL
#define ARENA_PFNS (64UL << (20 - PAGE_SHIFT))
#define GIB_PFNS (1UL << (30 - PAGE_SHIFT))
#define FEED_MAX_PFNS (1024 * GIB_PFNS)
/* Blocks taken per round of the undefer figure (1 GiB). */
#define UNDEFER_BLOCKS 256UL

static struct page *map;
static unsigned long *state;
static size_t state_bytes;

static void die(const char *what)
{
	fprintf(stderr, "bench_page_alloc: %s\n", what);
	exit(1);
}

/* Allocator over pfns [0, end_pfn), with [0x100, fed_end) free, fed in
 * naturally aligned chunks of at most @max_order. */
static void setup_chunks(unsigned long end_pfn, unsigned long fed_end,
			 unsigned int max_order)
{
	if (page_alloc_init(map, end_pfn, state, state_bytes) ||
	    page_alloc_add_present(0x100, end_pfn))
		die("init");
	for (unsigned long pfn = 0x100; pfn < fed_end;) {
		unsigned int order = (unsigned int)__builtin_ctzl(pfn);

		if (order > max_order)
			order = max_order;
		while (pfn + (1UL << order) > fed_end)
			order--;
		if (__free_pages_core(pfn, order))
			die("feed");
		pfn += 1UL << order;
	}
}

static void setup(unsigned long end_pfn, unsigned long fed_end)
{
	setup_chunks(end_pfn, fed_end, MAX_PAGE_ORDER);
}

/* ns per alloc+free pair of @order; @hold_buddy keeps the block's buddy
 * allocated so that nothing splits or merges. */
static double pair_ns(unsigned int order, int hold_buddy)
{
	double best = 1e30;
	struct page *held = NULL, *other = NULL;

	setup(ARENA_PFNS, ARENA_PFNS);
	if (hold_buddy) {
		held = alloc_pages(GFP_KERNEL, order);
		other = alloc_pages(GFP_KERNEL, order);
		if (!held || !other || __free_pages(held, order))
			die("hold");
	}
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < PAIRS; i++) {
			struct page *page = alloc_pages(GFP_KERNEL, order);

			if (__free_pages(page, order))
				die("free");
		}
		double t = ((double)bench_now_ns() - t0) / PAIRS;

		if (t < best)
			best = t;
	}
	return best;
}

/* us to reset the allocator and feed [0x100, end_pfn) in chunks of at
 * most @max_order. */
static double feed_us(unsigned long end_pfn, unsigned int max_order)
{
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		setup_chunks(end_pfn, end_pfn, max_order);
		double t = ((double)bench_now_ns() - t0) / 1e3;

		if (t < best)
			best = t;
	}
	if (totalram_pages() != end_pfn - 0x100 ||
	    nr_free_pages() != end_pfn - 0x100)
		die("feed count");
	return best;
}

/* ns per order-10 allocation that takes a deferred block. */
static double undefer_ns(void)
{
	unsigned long end = 2 * GIB_PFNS;
	double best = 1e30;

	/* Fault in the first page of each block taken (links go there), as
	 * the kernel's direct map has them already. */
	for (unsigned long b = 1; b <= UNDEFER_BLOCKS; b++)
		*(volatile char *)phys_to_virt(
			PFN_PHYS(b * MAX_ORDER_NR_PAGES)) = 0;
	for (int r = 0; r < ROUNDS; r++) {
		setup_chunks(end, end, MAX_FEED_ORDER);
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < UNDEFER_BLOCKS; i++)
			if (!alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER))
				die("undefer");
		double t = ((double)bench_now_ns() - t0) / UNDEFER_BLOCKS;

		if (t < best)
			best = t;
	}
	if (page_alloc_verify())
		die("undefer verify");
	return best;
}

static void *map_sparse(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	/* Touched pages cost 4 KiB each, not a 2 MiB huge page. */
	madvise(p, bytes, MADV_NOHUGEPAGE);
	return p;
}

int main(void)
{
	void *mem = map_sparse(PFN_PHYS(FEED_MAX_PFNS));

	physmap_set_offset((uintptr_t)mem);
	/* Untouched beyond what the allocator writes (lazily). */
	map = map_sparse(FEED_MAX_PFNS * sizeof(*map));
	state_bytes = page_alloc_state_size(FEED_MAX_PFNS);
	state = malloc(state_bytes);
	if (!state)
		die("malloc");

	printf("page_alloc_order0_pair: %.1f ns\n", pair_ns(0, 1));
	printf("page_alloc_order0_pair_split: %.1f ns\n", pair_ns(0, 0));
	printf("page_alloc_order3_pair: %.1f ns\n", pair_ns(3, 1));
	printf("page_alloc_order3_pair_split: %.1f ns\n", pair_ns(3, 0));
	printf("page_alloc_feed_1g: %.1f us\n",
	       feed_us(GIB_PFNS, MAX_FEED_ORDER));
	printf("page_alloc_feed_64g: %.1f us\n",
	       feed_us(64 * GIB_PFNS, MAX_FEED_ORDER));
	printf("page_alloc_feed_1t: %.1f us\n",
	       feed_us(FEED_MAX_PFNS, MAX_FEED_ORDER));
	printf("page_alloc_feed_1t_order10: %.1f us\n",
	       feed_us(FEED_MAX_PFNS, MAX_PAGE_ORDER));
	printf("page_alloc_undefer_order10: %.1f ns\n", undefer_ns());
	printf("page_alloc_struct_page: %zu bytes\n", sizeof(struct page));
	munmap(mem, PFN_PHYS(FEED_MAX_PFNS));
	munmap(map, FEED_MAX_PFNS * sizeof(*map));
	free(state);
	return 0;
}
