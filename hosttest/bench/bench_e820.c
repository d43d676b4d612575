// SPDX-License-Identifier: MIT
/*
 * Benchmark of e820__update_table: sanitising a 128-entry map (the zero
 * page's worth) and a full 320-entry one. Each map is unsorted, with
 * duplicates, reserved holes inside RAM and PRAM overlaps, so every path
 * of the sweep runs. Prints the median of many timed runs:
 *
 *   e820_sanitize_128: N ns
 *   e820_sanitize_320: N ns
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hosttest/support/hosttest.h"
#include "mm/e820.h"
#include "hosttest/bench/bench_util.h"

#define RUNS 2001

static struct e820_table template, work;
static uint64_t samples[RUNS];

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	return xorshift64(&rng_state);
}

/* @n entries: RAM blocks with holes, duplicates and PRAM, shuffled. */
static void build_map(uint32_t n)
{
	static const uint32_t types[] = {E820_TYPE_RAM,	     E820_TYPE_RAM,
					 E820_TYPE_RESERVED, E820_TYPE_ACPI,
					 E820_TYPE_NVS,	     E820_TYPE_PRAM};

	template.nr_entries = n;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t base = (uint64_t)(i / 2) * 0x10000000ULL;
		struct e820_entry *e = &template.entries[i];

		if (i % 2 == 0) {
			*e = (struct e820_entry){base, 0x10000000,
						 E820_TYPE_RAM};
		} else {
			e->addr = base + (rng() % 0x1000) * 0x10000;
			e->size = (1 + rng() % 0x400) * 0x1000;
			e->type = types[rng() % 6];
		}
	}
	for (uint32_t i = n - 1; i > 0; i--) {
		uint32_t j = (uint32_t)(rng() % (i + 1));
		struct e820_entry tmp = template.entries[i];

		template.entries[i] = template.entries[j];
		template.entries[j] = tmp;
	}
}

static uint64_t median_sanitize_ns(uint32_t n)
{
	build_map(n);
	for (int i = 0; i < RUNS; i++) {
		uint64_t t0;

		memcpy(&work, &template, sizeof(work));
		t0 = bench_now_ns();
		if (e820__update_table(&work)) {
			fprintf(stderr, "bench_e820: sanitising failed\n");
			exit(1);
		}
		samples[i] = bench_now_ns() - t0;
	}
	qsort(samples, RUNS, sizeof(samples[0]), bench_cmp_u64);
	return samples[RUNS / 2];
}

int main(void)
{
	printf("e820_sanitize_128: %llu ns\n",
	       (unsigned long long)median_sanitize_ns(128));
	printf("e820_sanitize_320: %llu ns\n",
	       (unsigned long long)median_sanitize_ns(E820_MAX_ENTRIES));
	return 0;
}
