// SPDX-License-Identifier: MIT
/*
 * Benchmark of find_vma (mm/vma.c) on the host. Prints "name: value unit".
 *
 * For N = 10, 1,000 and 100,000 VMAs: an address space of N anonymous
 * VMAs of 1 to 16 pages with free gaps of 1 to 16 pages between them
 * (made with vma_map, so nothing merges), then find_vma of random
 * addresses:
 *
 *   find_vma_hit_N     addresses inside a VMA (find_vma returns it)
 *   find_vma_miss_N    addresses in a gap (find_vma returns the VMA
 *                      above) or above the last VMA (NULL), as a page
 *                      fault on an unmapped address or an mmap hint asks
 *   find_vma_mixed_N   half and half, in random order
 *
 * ns per lookup, the best of several rounds (the machine is shared). The
 * addresses come from a table made before the clock starts, and every
 * result is checked once before the timed rounds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hosttest/bench/bench_util.h"
#include "mm/vma.h"

#define ROUNDS 5
#define LOOKUPS (1UL << 20)
#define BASE 0x10000000UL
#define MAX_PAGES 16

enum kind { HIT, MISS, MIXED, NR_KINDS };
static const char *const kind_name[NR_KINDS] = {"hit", "miss", "mixed"};

static struct vma_tree tree;
static unsigned long *addrs;
/* Where each address must land: VMA start, 0 for NULL. */
static unsigned long *want;
static unsigned long *starts, *ends;
static unsigned long nr_vmas;
static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static void die(const char *what)
{
	fprintf(stderr, "bench_vma: %s\n", what);
	exit(1);
}

/* xorshift64*: reproducible, and cheaper than rand(). */
static unsigned long rnd(unsigned long n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned long)((rng_state * 0x2545f4914f6cdd1dULL) >> 11) % n;
}

static struct vm_area_struct *bench_alloc(void *arg)
{
	(void)arg;
	return malloc(sizeof(struct vm_area_struct));
}

static void bench_free(struct vm_area_struct *vma, void *arg)
{
	(void)arg;
	free(vma);
}

/* N VMAs from BASE up, each followed by a gap. */
static void build(unsigned long n)
{
	unsigned long addr = BASE;

	if (vma_tree_init(&tree, TASK_SIZE_4LEVEL, DEFAULT_MMAP_MIN_ADDR,
			  bench_alloc, bench_free, NULL))
		die("vma_tree_init");
	for (unsigned long i = 0; i < n; i++) {
		unsigned long len = (1 + rnd(MAX_PAGES)) << PAGE_SHIFT;

		if (vma_map(&tree, addr, len, VM_READ | VM_WRITE, NULL, 0))
			die("vma_map");
		starts[i] = addr;
		ends[i] = addr + len;
		addr += len + ((1 + rnd(MAX_PAGES)) << PAGE_SHIFT);
	}
	nr_vmas = n;
	if (tree.map_count != n || vma_tree_check(&tree, true))
		die("the tree is not what was built");
}

/* One lookup address of @kind and the vm_start find_vma must return. */
static void pick(enum kind kind, unsigned long *addr, unsigned long *start)
{
	unsigned long i = rnd(nr_vmas);

	if (kind == MIXED)
		kind = rnd(2) ? HIT : MISS;
	if (kind == HIT) {
		*addr = starts[i] + rnd(ends[i] - starts[i]);
		*start = starts[i];
	} else {
		/* The gap above VMA i; above the last one there is none. */
		bool last = i + 1 == nr_vmas;
		unsigned long gap_end =
			last ? ends[i] + (1UL << 30) : starts[i + 1];

		*addr = ends[i] + rnd(gap_end - ends[i]);
		*start = last ? 0 : starts[i + 1];
	}
}

static void make_addrs(enum kind kind)
{
	for (unsigned long i = 0; i < LOOKUPS; i++)
		pick(kind, &addrs[i], &want[i]);
	for (unsigned long i = 0; i < LOOKUPS; i++) {
		struct vm_area_struct *vma = find_vma(&tree, addrs[i]);

		if ((vma ? vma->vm_start : 0) != want[i])
			die("find_vma returned the wrong VMA");
	}
}

static double lookup_ns(void)
{
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		unsigned long sum = 0;
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < LOOKUPS; i++) {
			struct vm_area_struct *vma = find_vma(&tree, addrs[i]);

			sum += (unsigned long)vma;
		}
		double t = ((double)bench_now_ns() - t0) / LOOKUPS;

		__asm__ volatile("" : : "r"(sum));
		if (t < best)
			best = t;
	}
	return best;
}

int main(void)
{
	static const unsigned long sizes[] = {10, 1000, 100000};

	addrs = malloc(LOOKUPS * sizeof(*addrs));
	want = malloc(LOOKUPS * sizeof(*want));
	starts = malloc(sizes[2] * sizeof(*starts));
	ends = malloc(sizes[2] * sizeof(*ends));
	if (!addrs || !want || !starts || !ends)
		die("memory");
	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		build(sizes[s]);
		for (int k = 0; k < NR_KINDS; k++) {
			make_addrs(k);
			printf("find_vma_%s_%lu: %.1f ns\n", kind_name[k],
			       sizes[s], lookup_ns());
		}
		if (vma_tree_destroy(&tree) != sizes[s])
			die("vma_tree_destroy");
	}
	free(addrs);
	free(want);
	free(starts);
	free(ends);
	return 0;
}
