// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/kaslr_phys.c: on thousands of random memory
 * maps (overlapping usable and reserved entries, ranges to avoid, odd
 * sizes) the slots counted and named are exactly those a brute-force
 * check finds: aligned, within [min, max), the whole span in usable RAM,
 * touching no reserved entry and no avoided range. Plus: a plain map's
 * count by formula, usable entries that chain across a boundary, a
 * reserved range starting where one usable entry ends and the next
 * begins, entries that wrap at 2^64, bad alignment, an index past the
 * count, and kaslr_mix's spread.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/kaslr_phys.h"

#define MB 0x100000ULL

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static bool covered_usable(const struct kaslr_phys *k, uint64_t g)
{
	for (unsigned int i = 0; i < k->nr_e820; i++)
		if (k->e820[i].type == 1 && g >= k->e820[i].addr &&
		    g - k->e820[i].addr < k->e820[i].size)
			return true;
	return false;
}

static bool covered_blocked(const struct kaslr_phys *k, uint64_t g)
{
	for (unsigned int i = 0; i < k->nr_e820; i++)
		if (k->e820[i].type != 1 && g >= k->e820[i].addr &&
		    g - k->e820[i].addr < k->e820[i].size)
			return true;
	for (unsigned int i = 0; i < k->nr_avoid; i++)
		if (g >= k->avoid[i].start && g < k->avoid[i].end)
			return true;
	return false;
}

/* Every granule of [a, a + size) free: the definition, checked slowly. */
static bool slot_ok(const struct kaslr_phys *k, uint64_t a, uint64_t gran)
{
	if (a < k->min || a % k->align || a + k->size > k->max)
		return false;
	for (uint64_t g = a; g < a + k->size; g += gran)
		if (!covered_usable(k, g) || covered_blocked(k, g))
			return false;
	return true;
}

static void test_random_maps_match_brute_force(void **state)
{
	const uint64_t gran = 0x1000; /* every boundary is a multiple */

	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct boot_e820_entry e820[12];
		struct phys_range avoid[5];
		struct kaslr_phys k = {e820, 0, avoid, 0, 0, 0, 0, 0};
		uint64_t want = 0, n = 0, a, got;

		k.nr_e820 = 1 + (unsigned int)(rng() % 12);
		for (unsigned int i = 0; i < k.nr_e820; i++) {
			e820[i].addr = (rng() % 256) * gran;
			e820[i].size = (rng() % 128) * gran;
			e820[i].type = rng() % 3 ? 1 : 2;
		}
		k.nr_avoid = (unsigned int)(rng() % 6);
		for (unsigned int i = 0; i < k.nr_avoid; i++) {
			avoid[i].start = (rng() % 256) * gran;
			avoid[i].end = avoid[i].start + (rng() % 16) * gran;
		}
		k.size = (1 + rng() % 24) * gran;
		k.align = gran << (rng() % 4);
		k.min = (rng() % 32) * gran;
		k.max = k.min + (1 + rng() % 400) * gran;
		for (a = 0; a < 512 * gran; a += k.align)
			if (slot_ok(&k, a, gran))
				want++;
		assert_int_equal(kaslr_phys_count(&k), want);
		/* The n-th slot is the n-th good address, lowest first. */
		for (a = 0; a < 512 * gran; a += k.align) {
			if (!slot_ok(&k, a, gran))
				continue;
			assert_int_equal(kaslr_phys_slot(&k, n, &got), 0);
			assert_int_equal(got, a);
			n++;
		}
		assert_int_equal(kaslr_phys_slot(&k, n, &got), -ERANGE);
	}
}

static void test_plain_map(void **state)
{
	const struct boot_e820_entry e820[] = {
		{0, 0x9fc00, 1},
		{0x9fc00, 0x400, 2},
		{MB, 1024 * MB - MB, 1},
	};
	const struct phys_range avoid[] = {
		{MB, MB + 0x234000}, /* the image as loaded */
		{0x10000, 0x11000}, /* boot_params */
		{500 * MB + 5, 500 * MB + 0x100}, /* an initrd */
	};
	struct kaslr_phys k = {e820,	 3,	 avoid,	  0,
			       0x205000, 2 * MB, 16 * MB, 1ULL << 46};
	uint64_t n, a;

	(void)state;
	/* 16 MiB .. 1 GiB: slots at 16, 18, ... while a + size <= 1 GiB. */
	n = (1024 * MB - 16 * MB - 0x205000) / (2 * MB) + 1;
	assert_int_equal(kaslr_phys_count(&k), n);
	assert_int_equal(kaslr_phys_slot(&k, 0, &a), 0);
	assert_int_equal(a, 16 * MB);
	assert_int_equal(kaslr_phys_slot(&k, n - 1, &a), 0);
	assert_true(a + k.size <= 1024 * MB);
	/* The initrd takes out the slots whose span covers 500 MiB. */
	k.nr_avoid = 3;
	assert_int_equal(kaslr_phys_count(&k), n - 2);
	for (uint64_t i = 0; i < n - 2; i++) {
		assert_int_equal(kaslr_phys_slot(&k, i, &a), 0);
		assert_true(a + k.size <= 500 * MB || a >= 500 * MB + 0x100);
	}
	/* No room at all below min = max - size. */
	k.min = 1024 * MB - 0x205000;
	assert_int_equal(kaslr_phys_count(&k), 0);
}

static void test_chained_entries_and_touching_blocks(void **state)
{
	/* Two usable entries meeting at 32 MiB form one stretch... */
	struct boot_e820_entry e820[] = {
		{16 * MB, 16 * MB, 1},
		{32 * MB, 16 * MB, 1},
		{40 * MB, 2 * MB, 2},
	};
	const struct phys_range avoid[] = {{32 * MB, 33 * MB}};
	struct kaslr_phys k = {e820, 2, avoid, 0, 8 * MB, 2 * MB, 0, ~0ULL};
	uint64_t a;

	(void)state;
	/* 16..48 MiB, 8 MiB spans: 16, 18, ..., 40. */
	assert_int_equal(kaslr_phys_count(&k), 13);
	assert_int_equal(kaslr_phys_slot(&k, 12, &a), 0);
	assert_int_equal(a, 40 * MB);
	/* ...unless a range to avoid starts right where they meet. */
	k.nr_avoid = 1;
	assert_int_equal(kaslr_phys_count(&k), 5 + 4); /* 16..24, 34..40 */
	/* A reserved entry inside the second one cuts it too. */
	k.nr_avoid = 0;
	k.nr_e820 = 3;
	assert_int_equal(kaslr_phys_count(&k),
			 9); /* 16..32; 42..48 too small */
}

static void test_wrapping_and_bad_input(void **state)
{
	const struct boot_e820_entry e820[] = {
		{~0ULL - 64 * MB + 1, 128 * MB, 1}, /* 2^64 - 64 MiB, wraps */
	};
	struct kaslr_phys k = {e820, 1, NULL, 0, 4 * MB, 2 * MB, 0, ~0ULL};
	uint64_t a;

	(void)state;
	/* 2^64 - 64 MiB .. 2^64 - 1 (max is exclusive): the last slot is
	 * 2^64 - 6 MiB, 30 slots. */
	assert_int_equal(kaslr_phys_count(&k), 30);
	assert_int_equal(kaslr_phys_slot(&k, 29, &a), 0);
	assert_true(a == ~0ULL - 6 * MB + 1);
	assert_int_equal(kaslr_phys_slot(&k, 0, &a), 0);
	assert_true(a == ~0ULL - 64 * MB + 1);
	k.align = 3 * MB;
	assert_int_equal(kaslr_phys_count(&k), 0);
	assert_int_equal(kaslr_phys_slot(&k, 0, &a), -ERANGE);
	k.align = 2 * MB;
	k.size = 0;
	assert_int_equal(kaslr_phys_count(&k), 0);
	k.size = 4 * MB;
	k.min = k.max = 5;
	assert_int_equal(kaslr_phys_count(&k), 0);
}

static void test_mix(void **state)
{
	uint64_t a = kaslr_mix(0, 1), b = kaslr_mix(0, 2);
	int bits = __builtin_popcountll(a ^ b);

	(void)state;
	assert_true(a == kaslr_mix(0, 1));
	/* One input bit changes about half of the output bits. */
	assert_true(bits > 16 && bits < 48);
	assert_true(kaslr_mix(a, 0) != kaslr_mix(b, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_maps_match_brute_force),
		cmocka_unit_test(test_plain_map),
		cmocka_unit_test(test_chained_entries_and_touching_blocks),
		cmocka_unit_test(test_wrapping_and_bad_input),
		cmocka_unit_test(test_mix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
