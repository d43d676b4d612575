// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/kreloc.c: a table built here is found and
 * applied (64-bit and sign-extended 32-bit addresses move by the delta,
 * every other byte stays); a zero delta changes nothing; a truncated or
 * corrupt trailer, counts larger than the buffer and offsets whose field
 * runs past the image are refused; a 32-bit field the delta would push
 * out of range is refused before any byte changes.
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
#include "kernel/lib/kreloc.h"

#define IMG 64

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* An image of IMG bytes, then the table; returns the total length. */
static size_t build(uint8_t *buf, const uint32_t *o64, uint32_t n64,
		    const uint32_t *o32, uint32_t n32)
{
	size_t pos = IMG;

	for (uint32_t i = 0; i < IMG; i++)
		buf[i] = (uint8_t)(0xa0 + i);
	for (uint32_t i = 0; i < n64; i++, pos += 4)
		put32(buf + pos, o64[i]);
	for (uint32_t i = 0; i < n32; i++, pos += 4)
		put32(buf + pos, o32[i]);
	put32(buf + pos, n64);
	put32(buf + pos + 4, n32);
	put32(buf + pos + 8, KRELOC_MAGIC);
	return pos + 12;
}

static void test_apply_moves_addresses(void **state)
{
	uint8_t buf[256], before[IMG];
	const uint32_t o64[] = {0, 16}, o32[] = {8, IMG - 4};
	struct kreloc_table t;
	size_t len = build(buf, o64, 2, o32, 2);
	const int64_t delta = 0x2400000;

	(void)state;
	put64(buf + 0, 0xffffffff81000000ULL);
	put64(buf + 16, 0xffffffff81234560ULL);
	put32(buf + 8, 0x81000010u); /* sign-extends to 0xffffffff81000010 */
	put32(buf + IMG - 4, 0x81fffff0u);
	memcpy(before, buf, IMG);
	assert_int_equal(kreloc_parse(buf, len, &t), 0);
	assert_int_equal(t.image_len, IMG);
	assert_int_equal(t.n64, 2);
	assert_int_equal(t.n32, 2);
	assert_int_equal(kreloc_apply(buf, &t, delta, NULL), 0);
	assert_true(get64(buf + 0) == 0xffffffff83400000ULL);
	assert_true(get64(buf + 16) == 0xffffffff83634560ULL);
	assert_int_equal(get32(buf + 8), 0x83400010u);
	assert_int_equal(get32(buf + IMG - 4), 0x843ffff0u);
	/* Nothing else moved. */
	for (size_t i = 0; i < IMG; i++) {
		if (i < 12 || (i >= 16 && i < 24) || i >= IMG - 4)
			continue;
		assert_int_equal(buf[i], before[i]);
	}
	/* And back. */
	assert_int_equal(kreloc_apply(buf, &t, -delta, NULL), 0);
	assert_memory_equal(buf, before, IMG);
}

static void test_zero_delta_and_empty_table(void **state)
{
	uint8_t buf[256], before[IMG];
	const uint32_t o64[] = {40};
	struct kreloc_table t;
	size_t len;

	(void)state;
	len = build(buf, NULL, 0, NULL, 0);
	assert_int_equal(len, IMG + 12);
	assert_int_equal(kreloc_parse(buf, len, &t), 0);
	assert_int_equal(t.image_len, IMG);
	len = build(buf, o64, 1, NULL, 0);
	memcpy(before, buf, IMG);
	assert_int_equal(kreloc_parse(buf, len, &t), 0);
	assert_int_equal(kreloc_apply(buf, &t, 0, NULL), 0);
	assert_memory_equal(buf, before, IMG);
}

static void test_bad_tables(void **state)
{
	uint8_t buf[256];
	const uint32_t last64[] = {IMG - 8}, past64[] = {IMG - 7};
	const uint32_t last32[] = {IMG - 4}, past32[] = {IMG - 3};
	const uint32_t huge[] = {0xfffffffcu};
	struct kreloc_table t;
	size_t len;

	(void)state;
	/* Shorter than a trailer; wrong magic. */
	len = build(buf, NULL, 0, NULL, 0);
	assert_int_equal(kreloc_parse(buf, 11, &t), -EINVAL);
	buf[len - 1] ^= 1;
	assert_int_equal(kreloc_parse(buf, len, &t), -EINVAL);
	/* Counts beyond the buffer (and beyond 32 bits when added). */
	len = build(buf, NULL, 0, NULL, 0);
	put32(buf + len - 12, 0xffffffffu);
	put32(buf + len - 8, 0xffffffffu);
	assert_int_equal(kreloc_parse(buf, len, &t), -EINVAL);
	put32(buf + len - 12, 17); /* 17 * 4 + 12 = 80 > 76 */
	put32(buf + len - 8, 0);
	assert_int_equal(kreloc_parse(buf, len, &t), -EINVAL);
	/* The last field that fits, and one byte further. */
	len = build(buf, last64, 1, NULL, 0);
	assert_int_equal(kreloc_parse(buf, len, &t), 0);
	len = build(buf, past64, 1, NULL, 0);
	assert_int_equal(kreloc_parse(buf, len, &t), -EINVAL);
	len = build(buf, NULL, 0, last32, 1);
	assert_int_equal(kreloc_parse(buf, len, &t), 0);
	len = build(buf, NULL, 0, past32, 1);
	assert_int_equal(kreloc_parse(buf, len, &t), -EINVAL);
	len = build(buf, huge, 1, NULL, 0);
	assert_int_equal(kreloc_parse(buf, len, &t), -EINVAL);
}

static void test_out_of_range_changes_nothing(void **state)
{
	uint8_t buf[256], before[IMG];
	const uint32_t o64[] = {0}, o32[] = {8, 12};
	struct kreloc_table t;
	size_t len = build(buf, o64, 1, o32, 2);
	uint32_t bad = 0;

	(void)state;
	put64(buf, 0xffffffff81000000ULL);
	put32(buf + 8, 0x81000000u);
	put32(buf + 12, 0xfffffff0u); /* -16: +0x100 is still fine... */
	memcpy(before, buf, IMG);
	assert_int_equal(kreloc_parse(buf, len, &t), 0);
	/* ...but 0x81000000 - 0x2000000 is below INT32_MIN. */
	assert_int_equal(kreloc_apply(buf, &t, -0x2000000, &bad), -ERANGE);
	assert_int_equal(bad, 8);
	assert_memory_equal(buf, before, IMG);
	/* 0x7ffffff0 + 0x20 passes INT32_MAX. */
	put32(buf + 8, 0x7ffffff0u);
	memcpy(before, buf, IMG);
	assert_int_equal(kreloc_apply(buf, &t, 0x20, &bad), -ERANGE);
	assert_int_equal(bad, 8);
	assert_memory_equal(buf, before, IMG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_moves_addresses),
		cmocka_unit_test(test_zero_delta_and_empty_table),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_out_of_range_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
