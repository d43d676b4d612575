// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/kaslr_virt.c: keel's own area (the kernel
 * linked at 0xffffffff81000000 in the 1 GiB text area up to
 * 0xffffffffc0000000) has (1008 MiB - span) / 2 MiB + 1 slots, every one
 * aligned and keeping the whole span inside the area; on random areas,
 * sizes and alignments the count and each offset are what a brute-force
 * walk finds; a kernel that exactly fits has the one slot 0; a kernel too
 * big, bad alignments, an empty area and an index past the count give
 * no slot and offset 0.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/kaslr_virt.h"

#define MB 0x100000ULL
#define TEXT_BASE 0xffffffff81000000ULL /* __START_KERNEL_map + 16 MiB */
#define TEXT_END 0xffffffffc0000000ULL /* __START_KERNEL_map + 1 GiB */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Every slot of @v in range and aligned, the one past the last out. */
static void check_slots(const struct kaslr_virt *v, uint64_t count)
{
	uint64_t off = 1;

	for (uint64_t n = 0; n < count; n++) {
		assert_int_equal(kaslr_virt_offset(v, n, &off), 0);
		assert_true(off % v->align == 0);
		assert_true(off == n * v->align);
		assert_true(v->base + off >= v->base);
		assert_true(v->base + off + v->size <= v->end);
	}
	if (count)
		assert_true(v->base + count * v->align + v->size > v->end);
	assert_int_equal(kaslr_virt_offset(v, count, &off), -ERANGE);
	assert_true(off == 0);
}

static void test_keel_area(void **state)
{
	struct kaslr_virt v = {
		.base = TEXT_BASE, .end = TEXT_END, .align = 2 * MB};
	uint64_t off;

	(void)state;
	/* A 20 MiB kernel: 988 MiB of room, 494 steps of 2 MiB, 495. */
	v.size = 20 * MB;
	assert_int_equal(kaslr_virt_count(&v), 495);
	check_slots(&v, 495);
	assert_int_equal(kaslr_virt_offset(&v, 494, &off), 0);
	assert_true(TEXT_BASE + off == 0xffffffffbec00000ULL);
	/* A span that is not a multiple of 2 MiB rounds the room down. */
	v.size = 20 * MB + 4096;
	assert_int_equal(kaslr_virt_count(&v), 494);
	check_slots(&v, 494);
	/* The smallest kernel: 504 slots, the last one ending at the end. */
	v.size = 2 * MB;
	assert_int_equal(kaslr_virt_count(&v), 504);
	assert_int_equal(kaslr_virt_offset(&v, 503, &off), 0);
	assert_true(TEXT_BASE + off + v.size == TEXT_END);
}

static void test_random_areas_match_brute_force(void **state)
{
	(void)state;
	for (int iter = 0; iter < 2000; iter++) {
		struct kaslr_virt v;
		uint64_t want = 0;

		v.align = 1ULL << (12 + rng() % 10);
		v.base = TEXT_BASE - (rng() % 64) * v.align;
		v.end = v.base + (rng() % 4096) * 4096;
		v.size = 1 + rng() % (64 * MB);
		for (uint64_t a = v.base; a + v.size <= v.end; a += v.align)
			want++;
		assert_int_equal(kaslr_virt_count(&v), want);
		check_slots(&v, want);
	}
}

static void test_edges(void **state)
{
	struct kaslr_virt v = {
		.base = TEXT_BASE, .end = TEXT_END, .align = 2 * MB};
	uint64_t off = 1;

	(void)state;
	/* Exactly fits: one slot, offset 0. */
	v.size = TEXT_END - TEXT_BASE;
	assert_int_equal(kaslr_virt_count(&v), 1);
	assert_int_equal(kaslr_virt_offset(&v, 0, &off), 0);
	assert_true(off == 0);
	/* One byte over a whole slot less: still only slot 0. */
	v.size = TEXT_END - TEXT_BASE - 2 * MB + 1;
	assert_int_equal(kaslr_virt_count(&v), 1);
	/* Too big: no slot, offset 0. */
	v.size = TEXT_END - TEXT_BASE + 1;
	assert_int_equal(kaslr_virt_count(&v), 0);
	off = 1;
	assert_int_equal(kaslr_virt_offset(&v, 0, &off), -ERANGE);
	assert_true(off == 0);
	/* Bad input: no slot. */
	v.size = 20 * MB;
	v.align = 3 * MB;
	assert_int_equal(kaslr_virt_count(&v), 0);
	v.align = 0;
	assert_int_equal(kaslr_virt_count(&v), 0);
	v.align = 2 * MB;
	v.base = TEXT_BASE + 4096; /* not a multiple of the alignment */
	assert_int_equal(kaslr_virt_count(&v), 0);
	v.base = TEXT_BASE;
	v.size = 0;
	assert_int_equal(kaslr_virt_count(&v), 0);
	v.size = 20 * MB;
	v.end = v.base;
	assert_int_equal(kaslr_virt_count(&v), 0);
	v.end = v.base - 2 * MB;
	assert_int_equal(kaslr_virt_count(&v), 0);
	assert_int_equal(kaslr_virt_offset(&v, 0, &off), -ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keel_area),
		cmocka_unit_test(test_random_areas_match_brute_force),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
