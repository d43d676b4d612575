// SPDX-License-Identifier: MIT
/*
 * Benchmarks of mm/slab.c on the host. Prints "name: value unit".
 *
 *   slab_kmalloc64_pair          kmalloc(64) + kfree, slab partly used
 *   slab_kmalloc64_pair_edge     the same with the slab otherwise empty
 *                                (it moves between the empty and partial
 *                                lists on every pair)
 *   slab_kmem_cache_pair         kmem_cache_alloc + kmem_cache_free of a
 *                                128-byte cache
 *   slab_kmalloc8k_pair          kmalloc(8192) + kfree (off-slab class)
 *   slab_kmalloc_large_pair      kmalloc(16 KiB) + kfree (pages)
 *
 * Each figure is the best of several rounds (the machine is shared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "mm/page_alloc.h"
#include "mm/physmap.h"
#include "mm/slab.h"
#include "hosttest/bench/bench_util.h"

#define ROUNDS 5
#define PAIRS 1000000UL
#define END_PFN (64UL << (20 - PAGE_SHIFT))

static void die(const char *what)
{
	fprintf(stderr, "bench_slab: %s\n", what);
	exit(1);
}

static void setup(void)
{
	struct page *map = calloc(END_PFN, sizeof(*map));
	size_t state_bytes = page_alloc_state_size(END_PFN);
	unsigned long *state = malloc(state_bytes);
	void *mem = mmap(NULL, PFN_PHYS(END_PFN), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!map || !state || mem == MAP_FAILED)
		die("memory");
	physmap_set_offset((uintptr_t)mem);
	if (page_alloc_init(map, END_PFN, state, state_bytes) ||
	    page_alloc_add_present(0x100, END_PFN))
		die("init");
	for (unsigned long pfn = 0x100; pfn < END_PFN;) {
		unsigned int order = (unsigned int)__builtin_ctzl(pfn);

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		if (__free_pages_core(pfn, order))
			die("feed");
		pfn += 1UL << order;
	}
	kmem_cache_init();
}

static double kmalloc_pair_ns(size_t size, int hold_one)
{
	void *held = hold_one ? kmalloc(size, GFP_KERNEL) : NULL;
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < PAIRS; i++) {
			void *p = kmalloc(size, GFP_KERNEL);

			if (!p)
				die("kmalloc");
			kfree(p);
		}
		double t = ((double)bench_now_ns() - t0) / PAIRS;

		if (t < best)
			best = t;
	}
	kfree(held);
	return best;
}

static double cache_pair_ns(void)
{
	struct kmem_cache *cache = kmem_cache_create("bench", 128, 0, 0, NULL);
	void *held = kmem_cache_alloc(cache, GFP_KERNEL);
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < PAIRS; i++) {
			void *p = kmem_cache_alloc(cache, GFP_KERNEL);

			if (!p)
				die("kmem_cache_alloc");
			kmem_cache_free(cache, p);
		}
		double t = ((double)bench_now_ns() - t0) / PAIRS;

		if (t < best)
			best = t;
	}
	kmem_cache_free(cache, held);
	if (kmem_cache_destroy(cache))
		die("destroy");
	return best;
}

int main(void)
{
	setup();
	printf("slab_kmalloc64_pair: %.1f ns\n", kmalloc_pair_ns(64, 1));
	printf("slab_kmalloc64_pair_edge: %.1f ns\n", kmalloc_pair_ns(64, 0));
	printf("slab_kmem_cache_pair: %.1f ns\n", cache_pair_ns());
	printf("slab_kmalloc8k_pair: %.1f ns\n", kmalloc_pair_ns(8192, 1));
	printf("slab_kmalloc_large_pair: %.1f ns\n",
	       kmalloc_pair_ns(16UL << 10, 0));
	return 0;
}
