// SPDX-License-Identifier: MIT
/*
 * Benchmark of the direct-map builder (mm/direct_map.c): building the
 * direct map of 1 GiB, 64 GiB and 1 TiB of RAM at Linux's 4-level
 * page_offset_base, with 1 GiB pages allowed and with 2 MiB pages at most.
 * Each case is built REPEAT times into a fresh hierarchy; the fastest run
 * is reported with the table pages it used (root included):
 *
 *   direct_map_64G_1g: 12345 ns, 2 table pages
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kernel/lib/errno.h"
#include "mm/pgtable.h"
#include "mm/physmap.h"
#include "hosttest/bench/bench_util.h"

#define PAGE_OFFSET_BASE 0xffff888000000000ULL
#define ARENA_PHYS_BASE 0x100000000ULL
/* 1 TiB in 2 MiB pages takes 1024 PDs, 2 PDPTs and the root. */
#define ARENA_PAGES 1100
#define REPEAT 5
#define NSEC_PER_SEC 1000000000ULL

static unsigned char *arena;
static size_t next_page;

/* Pages come from the arena in order; each build starts it again. */
static int bench_alloc(void *arg, phys_addr_t *pa)
{
	(void)arg;
	if (next_page == ARENA_PAGES)
		return -ENOMEM;
	*pa = ARENA_PHYS_BASE + next_page++ * PAGE_SIZE;
	return 0;
}

static void bench_free(void *arg, phys_addr_t pa)
{
	(void)arg;
	(void)pa;
}

/* Build once; returns the time taken and stores the table count. */
static u64 build_once(u64 ram, unsigned int sizes, u64 *tables)
{
	struct pgt_phys_range r = {0, ram};
	struct pgt p;
	u64 t0, t1;

	next_page = 0;
	if (pgt_init(&p, 4, 46, bench_alloc, bench_free, NULL))
		exit(1);
	t0 = bench_now_ns();
	if (pgt_map_direct(&p, PAGE_OFFSET_BASE, &r, 1, sizes, NULL)) {
		fprintf(stderr, "bench_pgtable: direct map of 0x%llx failed\n",
			(unsigned long long)ram);
		exit(1);
	}
	t1 = bench_now_ns();
	*tables = pgt_nr_tables(&p);
	pgt_destroy(&p);
	return t1 - t0;
}

static void bench(const char *name, u64 ram, unsigned int sizes)
{
	u64 best = UINT64_MAX, tables = 0;

	for (int i = 0; i < REPEAT; i++) {
		u64 ns = build_once(ram, sizes, &tables);

		if (ns < best)
			best = ns;
	}
	printf("%s: %llu ns, %llu table pages\n", name,
	       (unsigned long long)best, (unsigned long long)tables);
}

int main(void)
{
	static const struct {
		const char *name;
		u64 ram;
		unsigned int sizes;
	} cases[] = {
		{"direct_map_1G_1g", 1ULL << 30, PGT_SIZES_ALL},
		{"direct_map_1G_2m", 1ULL << 30, PGT_SIZE_4K | PGT_SIZE_2M},
		{"direct_map_64G_1g", 64ULL << 30, PGT_SIZES_ALL},
		{"direct_map_64G_2m", 64ULL << 30, PGT_SIZE_4K | PGT_SIZE_2M},
		{"direct_map_1T_1g", 1ULL << 40, PGT_SIZES_ALL},
		{"direct_map_1T_2m", 1ULL << 40, PGT_SIZE_4K | PGT_SIZE_2M},
	};

	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	if (!arena)
		return 1;
	physmap_set_offset((uintptr_t)arena - ARENA_PHYS_BASE);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		bench(cases[i].name, cases[i].ram, cases[i].sizes);
	free(arena);
	return 0;
}
