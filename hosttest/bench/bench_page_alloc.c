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
 *   page_alloc_feed_1g / _64g       page_alloc_init + feeding 1 GiB / 64
 *                                   GiB as max-order chunks (boot cost;
 *                                   memory map never written in bulk)
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

#define ROUNDS 5
#define PAIRS 1000000UL
#define ARENA_PFNS (64UL << (20 - PAGE_SHIFT))
#define FEED_BIG_PFNS (64UL << (30 - PAGE_SHIFT))

static struct page *map;
static unsigned long *state;
static size_t state_bytes;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_page_alloc: %s\n", what);
	exit(1);
}

/* Allocator over pfns [0, end_pfn), with [0x100, fed_end) free. */
static void setup(unsigned long end_pfn, unsigned long fed_end)
{
	if (page_alloc_init(map, end_pfn, state, state_bytes) ||
	    page_alloc_add_present(0x100, end_pfn))
		die("init");
	for (unsigned long pfn = 0x100; pfn < fed_end;) {
		unsigned int order = (unsigned int)__builtin_ctzl(pfn);

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		if (__free_pages_core(pfn, order))
			die("feed");
		pfn += 1UL << order;
	}
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
		double t0 = now_ns();

		for (unsigned long i = 0; i < PAIRS; i++) {
			struct page *page = alloc_pages(GFP_KERNEL, order);

			if (__free_pages(page, order))
				die("free");
		}
		double t = (now_ns() - t0) / PAIRS;

		if (t < best)
			best = t;
	}
	return best;
}

/* us to reset the allocator and feed [0x100, end_pfn). */
static double feed_us(unsigned long end_pfn)
{
	double best = 1e30;

	/* A first pass faults the free pages' first bytes in (a host
	 * artefact: the kernel's direct map is there already). */
	setup(end_pfn, end_pfn);
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_ns();

		setup(end_pfn, end_pfn);
		double t = (now_ns() - t0) / 1e3;

		if (t < best)
			best = t;
	}
	if (totalram_pages() != end_pfn - 0x100)
		die("feed count");
	return best;
}

int main(void)
{
	void *mem = mmap(NULL, PFN_PHYS(FEED_BIG_PFNS), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (mem == MAP_FAILED)
		die("mmap");
	physmap_set_offset((uintptr_t)mem);
	/* Untouched beyond what the allocator writes (lazily). */
	map = malloc(FEED_BIG_PFNS * sizeof(*map));
	state_bytes = page_alloc_state_size(FEED_BIG_PFNS);
	state = malloc(state_bytes);
	if (!map || !state)
		die("malloc");

	printf("page_alloc_order0_pair: %.1f ns\n", pair_ns(0, 1));
	printf("page_alloc_order0_pair_split: %.1f ns\n", pair_ns(0, 0));
	printf("page_alloc_order3_pair: %.1f ns\n", pair_ns(3, 1));
	printf("page_alloc_order3_pair_split: %.1f ns\n", pair_ns(3, 0));
	printf("page_alloc_feed_1g: %.1f us\n",
	       feed_us(1UL << (30 - PAGE_SHIFT)));
	printf("page_alloc_feed_64g: %.1f us\n", feed_us(FEED_BIG_PFNS));
	printf("page_alloc_struct_page: %zu bytes\n", sizeof(struct page));
	munmap(mem, PFN_PHYS(FEED_BIG_PFNS));
	free(map);
	free(state);
	return 0;
}
