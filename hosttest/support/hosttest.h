/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the cmocka host tests (hosted code, may use libc).
 *
 * Log capture: pure code logs through kernel/lib/log.h; a test can capture
 * every line and assert that an error message names the bad values.
 *
 * Physical arena: pure mm code reaches "physical" memory through
 * mm/physmap.h; an arena is a malloc'd block that stands for the physical
 * range [phys_base, phys_base + size), with the physmap offset set so that
 * phys_to_virt(phys_base) is the block's first byte.
 */
#ifndef KEEL_HOSTTEST_H
#define KEEL_HOSTTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Start capturing log lines (clears earlier captures); also echo them to
 * stderr when the environment has KEEL_TEST_VERBOSE set. */
void log_capture_start(void);
/* Stop capturing; lines stay readable until the next start. */
void log_capture_stop(void);
/* Number of lines captured. */
size_t log_capture_count(void);
/* Line @i (NUL-terminated) and its level. */
const char *log_capture_line(size_t i, int *level);
/* True when some captured line contains @needle. */
bool log_capture_contains(const char *needle);
/* All captured text, lines joined with '\n' (valid until the next capture). */
const char *log_capture_text(void);

struct test_arena {
	void *mem; /* page-aligned block */
	uint64_t phys_base; /* physical address of mem[0] */
	size_t size;
};

/* Allocate a zeroed, page-aligned arena for [phys_base, phys_base + size)
 * and point the physmap at it. Aborts the test run on allocation failure. */
void test_arena_init(struct test_arena *a, uint64_t phys_base, size_t size);
void test_arena_free(struct test_arena *a);

/* Marsaglia's xorshift64 (shifts 13, 7, 17): advance *state, a non-zero
 * seed, and return its new value. Deterministic data for property tests. */
static inline uint64_t xorshift64(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif
