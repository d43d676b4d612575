// SPDX-License-Identifier: MIT
/*
 * Benchmark of memblock on a fragmented map: 128 memory regions of 128 KiB
 * with 32 KiB holes, a 4 KiB reservation every 32 KiB inside them (512
 * reserved regions, so the reserved array has doubled twice). On that map
 * it times 10000 small zeroed allocations (cache-line multiples from 64 to
 * 512 bytes, alignment 0 or 64, so that they pack) top-down and
 * bottom-up, 400 reservations of half pages scattered over the map (the
 * most the map has room to track: a 1024-entry array needs 24 KiB in one
 * piece, a 2048-entry one more than any free piece), and
 * memblock_free_all. Prints the median of
 * RUNS runs:
 *
 *   memblock_alloc_topdown: N ns          (per allocation)
 *   memblock_alloc_bottomup: N ns         (per allocation)
 *   memblock_reserve_scattered: N ns      (per reservation)
 *   memblock_reserved_regions: N regions  (after the reservations)
 *   memblock_free_all: N ns               (the whole map)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mm/memblock.h"
#include "mm/physmap.h"
#include "hosttest/bench/bench_util.h"

#define RUNS 21
#define ALLOCS 10000
#define RESERVES 400

#define NR_REGIONS 128
#define REGION_SIZE (128 * 1024UL)
#define HOLE_SIZE (32 * 1024UL)
#define RESERVE_STRIDE (32 * 1024UL)
/* Physical start of the map (above the first page, like real RAM). */
#define MAP_BASE SZ_1M
#define MAP_END (MAP_BASE + NR_REGIONS * (REGION_SIZE + HOLE_SIZE))

static uint64_t samples[RUNS];
static unsigned char *arena;

static uint64_t median(void)
{
	qsort(samples, RUNS, sizeof(samples[0]), bench_cmp_u64);
	return samples[RUNS / 2];
}

static void die(const char *what)
{
	fprintf(stderr, "bench_memblock: %s\n", what);
	exit(1);
}

/* The fragmented map, on a fresh memblock. */
static void build_map(bool bottom_up)
{
	memblock_reset();
	memblock_allow_resize();
	for (unsigned long i = 0; i < NR_REGIONS; i++) {
		phys_addr_t base = MAP_BASE + i * (REGION_SIZE + HOLE_SIZE);

		if (memblock_add(base, REGION_SIZE))
			die("memblock_add failed");
		for (phys_addr_t r = base + RESERVE_STRIDE / 2;
		     r < base + REGION_SIZE; r += RESERVE_STRIDE)
			if (memblock_reserve(r, PAGE_SIZE))
				die("memblock_reserve failed");
	}
	memblock_set_bottom_up(bottom_up);
}

static uint64_t time_allocs(bool bottom_up)
{
	uint64_t t0;

	build_map(bottom_up);
	t0 = bench_now_ns();
	for (unsigned int i = 0; i < ALLOCS; i++) {
		phys_addr_t size = SMP_CACHE_BYTES * (1 + (i * 5) % 8);

		if (!memblock_alloc(size, (i & 1) * SMP_CACHE_BYTES))
			die("memblock_alloc failed");
	}
	return (bench_now_ns() - t0) / ALLOCS;
}

static uint64_t time_reserves(void)
{
	uint64_t t0, x = 0x9e3779b97f4a7c15ULL;

	build_map(false);
	t0 = bench_now_ns();
	for (unsigned int i = 0; i < RESERVES; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (memblock_reserve(MAP_BASE + (x % (MAP_END - MAP_BASE)),
				     PAGE_SIZE / 2))
			die("memblock_reserve failed");
	}
	return (bench_now_ns() - t0) / RESERVES;
}

static void count_pages(unsigned long pfn, unsigned int order, void *arg)
{
	(void)pfn;
	*(unsigned long *)arg += 1UL << order;
}

static uint64_t time_free_all(void)
{
	unsigned long pages = 0;
	uint64_t t0;

	build_map(false);
	t0 = bench_now_ns();
	if (!memblock_free_all(count_pages, &pages, 10) || !pages)
		die("memblock_free_all handed out nothing");
	return bench_now_ns() - t0;
}

int main(void)
{
	size_t arena_size = MAP_END;

	arena = aligned_alloc(PAGE_SIZE, arena_size);
	if (!arena)
		die("cannot allocate the arena");
	memset(arena, 0, arena_size);
	physmap_set_offset((uintptr_t)arena);

	for (int r = 0; r < RUNS; r++)
		samples[r] = time_allocs(false);
	printf("memblock_alloc_topdown: %llu ns\n",
	       (unsigned long long)median());
	for (int r = 0; r < RUNS; r++)
		samples[r] = time_allocs(true);
	printf("memblock_alloc_bottomup: %llu ns\n",
	       (unsigned long long)median());
	for (int r = 0; r < RUNS; r++)
		samples[r] = time_reserves();
	printf("memblock_reserve_scattered: %llu ns\n",
	       (unsigned long long)median());
	printf("memblock_reserved_regions: %lu regions\n",
	       memblock.reserved.cnt);
	for (int r = 0; r < RUNS; r++)
		samples[r] = time_free_all();
	printf("memblock_free_all: %llu ns\n", (unsigned long long)median());
	free(arena);
	return 0;
}
