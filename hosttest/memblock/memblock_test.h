/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the memblock host tests (hosted code).
 *
 * Physical memory for the tests is an arena standing for [0, ARENA_SIZE)
 * (hosttest/support test_arena_init), filled with ARENA_PATTERN before each
 * test so that zeroing and non-zeroing allocators can be told apart. The
 * usual memory is [MEM_START, MEM_END); tests add what they need.
 */
#ifndef KEEL_HOSTTEST_MEMBLOCK_TEST_H
#define KEEL_HOSTTEST_MEMBLOCK_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>

#include "hosttest/support/hosttest.h"
#include "mm/memblock.h"
#include "mm/physmap.h"

/* Sizes kernel/lib/types.h does not name. */
#ifndef SZ_2K
#define SZ_2K 0x800UL
#endif
#ifndef SZ_8K
#define SZ_8K 0x2000UL
#endif
#ifndef SZ_16K
#define SZ_16K 0x4000UL
#endif
#ifndef SZ_32K
#define SZ_32K 0x8000UL
#endif
#ifndef SZ_4M
#define SZ_4M 0x400000UL
#endif

/* The arena: physical [0, ARENA_SIZE). */
#define ARENA_SIZE (4 * SZ_1M)
/* Byte the arena is filled with before every test. */
#define ARENA_PATTERN 0xab

/* The usual memory of a test: 256 KiB at 64 KiB. */
#define MEM_START SZ_64K
#define MEM_SIZE (256 * SZ_1K)
#define MEM_END (MEM_START + MEM_SIZE)

/* Pick the expected value for the current direction. */
#define EXPECT_DIR(top_down, bottom_up)                                        \
	(memblock_bottom_up() ? (bottom_up) : (top_down))

/* cmocka fixtures: fresh memblock, fresh arena, log capture on. */
int memblock_test_setup(void **state);
int memblock_test_teardown(void **state);

/* Run @check once top-down and once bottom-up, each time on a fresh
 * memblock (and a fresh arena pattern). */
void run_top_down_and_bottom_up(void (*check)(const void *arg),
				const void *arg);

/* Reset memblock (arrays, attributes) and refill the arena pattern. */
void memblock_test_fresh_state(void);

/* Add the usual memory [MEM_START, MEM_END). */
void add_usual_memory(void);

/* Assert that @type's regions are sorted, do not overlap, have non-zero
 * sizes, are merged where allowed and add up to total_size. */
void assert_type_consistent(const struct memblock_type *type);
/* Both arrays. */
void assert_memblock_consistent(void);

/* Assert region @idx of @type is [@base, @base + @size). */
void assert_region(const struct memblock_type *type, unsigned long idx,
		   phys_addr_t base, phys_addr_t size);

/* True when [@base, @base + @size) lies inside one reserved region. */
bool reserved_covers(phys_addr_t base, phys_addr_t size);

/* True when every byte at physical [@base, @base + @size) is @byte. */
bool phys_bytes_are(phys_addr_t base, phys_addr_t size, unsigned char byte);

/* A copy of one array, to show that a failed operation changed nothing. */
struct type_snapshot {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region regions[512];
};
void snapshot_type(const struct memblock_type *type, struct type_snapshot *s);
void assert_type_unchanged(const struct memblock_type *type,
			   const struct type_snapshot *s);

/* Reserve every other page of [@base, @base + @pages pages) starting with
 * the first, so that @pages / 2 rounded up separate regions appear. */
void reserve_every_other_page(phys_addr_t base, unsigned long pages);

/*
 * Every allocation entry point behind one signature, with what it honours,
 * so that one scenario runs against all of them. @alloc returns the
 * physical address, 0 on failure; arguments an API does not take are
 * ignored (it uses its own: 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE).
 */
struct alloc_api {
	const char *name;
	phys_addr_t (*alloc)(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid);
	bool zeroes; /* memory comes back zeroed */
	bool ranged; /* honours min_addr and max_addr */
	bool drops_min; /* retries from 0 when nothing fits above min_addr */
	bool caps_to_limit; /* max_addr is capped to current_limit */
	bool numa; /* honours nid */
	bool exact_nid; /* never falls back to another node */
};

extern const struct alloc_api alloc_apis[];
extern const size_t nr_alloc_apis;

/* What a scenario needs of an API to apply to it. */
#define NEEDS_RANGE 0x1
#define NEEDS_NUMA 0x2

/* A scenario, run for every API that has what it needs, in both
 * directions; @check gets the struct alloc_api. */
struct alloc_case {
	const char *name;
	void (*check)(const void *api);
	unsigned int needs;
};

/* Run @cases x applicable APIs, then the @nr_extra plain tests @extra, as
 * one cmocka group named @group; one test per pair, named "case/api".
 * Returns cmocka's result. */
int run_alloc_cases(const char *group, const struct alloc_case *cases,
		    size_t nr_cases, const struct CMUnitTest *extra,
		    size_t nr_extra);

/* Assert an allocation by @api returned @want and that [@want, @want +
 * @size) is reserved and zeroed (or, for APIs that do not zero, still holds
 * the arena pattern). */
void check_alloc(const struct alloc_api *api, phys_addr_t pa, phys_addr_t want,
		 phys_addr_t size);

#endif
