// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/sort.c (heapsort): random arrays of many
 * lengths and element sizes (1, 2, 4, 8 bytes and odd-sized records) must
 * come out exactly as libc's qsort leaves them; already sorted, reversed,
 * all-equal and few-distinct inputs; a caller-supplied swap; keyed records
 * (sorted by key, nothing lost); and n = 0 / n = 1, which must not call
 * the comparison or swap at all.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/sort.h"

static const size_t lengths[] = {0,  1,	 2,  3,	 4,   5,   7,	8,
				 16, 17, 31, 64, 100, 257, 1000};
static const size_t elem_sizes[] = {1, 2, 3, 4, 8, 12, 24};

/* Input shapes. */
enum pattern {
	PAT_RANDOM,
	PAT_FEW_VALUES, /* many duplicates */
	PAT_SORTED,
	PAT_REVERSED,
	PAT_ALL_EQUAL,
	PAT_COUNT,
};

static uint64_t rng_state = 0x853c49e6748fea9bULL;

static uint64_t rng(void)
{
	return xorshift64(&rng_state);
}

static int cmp_u8(const void *a, const void *b)
{
	return *(const uint8_t *)a - *(const uint8_t *)b;
}

static int cmp_u16(const void *a, const void *b)
{
	return *(const uint16_t *)a - *(const uint16_t *)b;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	/* large magnitudes on purpose: only the sign may matter */
	return x < y ? INT_MIN : x > y ? INT_MAX : 0;
}

/* Odd-sized records compare bytewise; equal records are identical, so an
 * unstable sort still has one right answer. */
static size_t bytes_size;

static int cmp_bytes(const void *a, const void *b)
{
	return memcmp(a, b, bytes_size);
}

static int (*cmp_for(size_t size))(const void *, const void *)
{
	switch (size) {
	case 1:
		return cmp_u8;
	case 2:
		return cmp_u16;
	case 4:
		return cmp_u32;
	case 8:
		return cmp_u64;
	default:
		bytes_size = size;
		return cmp_bytes;
	}
}

/* Largest element size used here. */
#define ELEM_MAX 32
/* Distinct values in a PAT_FEW_VALUES array. */
#define FEW_VALUES 3

static void reverse(unsigned char *a, size_t n, size_t size)
{
	unsigned char t[ELEM_MAX];

	for (size_t i = 0; i < n / 2; i++) {
		memcpy(t, a + i * size, size);
		memcpy(a + i * size, a + (n - 1 - i) * size, size);
		memcpy(a + (n - 1 - i) * size, t, size);
	}
}

/* Fill @n elements of @size bytes with @pat. Sorted and reversed inputs
 * are made with qsort itself. */
static void fill(unsigned char *a, size_t n, size_t size, enum pattern pat,
		 int (*cmp)(const void *, const void *))
{
	unsigned char few[FEW_VALUES][ELEM_MAX];

	for (size_t v = 0; v < FEW_VALUES; v++)
		for (size_t i = 0; i < size; i++)
			few[v][i] = (unsigned char)rng();
	for (size_t e = 0; e < n; e++) {
		unsigned char *el = a + e * size;

		if (pat == PAT_FEW_VALUES)
			memcpy(el, few[rng() % FEW_VALUES], size);
		else if (pat == PAT_ALL_EQUAL)
			memcpy(el, few[0], size);
		else
			for (size_t i = 0; i < size; i++)
				el[i] = (unsigned char)rng();
	}
	if (pat == PAT_SORTED || pat == PAT_REVERSED)
		qsort(a, n, size, cmp);
	if (pat == PAT_REVERSED)
		reverse(a, n, size);
}

static void test_against_qsort(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(elem_sizes) / sizeof(elem_sizes[0]);
	     s++) {
		size_t size = elem_sizes[s];
		int (*cmp)(const void *, const void *) = cmp_for(size);

		for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]);
		     l++) {
			size_t n = lengths[l];

			for (int pat = 0; pat < PAT_COUNT; pat++) {
				/* exact size, so ASan sees any stray access */
				size_t bytes = n ? n * size : 1;
				unsigned char *got = malloc(bytes);
				unsigned char *want = malloc(bytes);

				assert_non_null(got);
				assert_non_null(want);
				fill(got, n, size, (enum pattern)pat, cmp);
				memcpy(want, got, n * size);
				qsort(want, n, size, cmp);
				sort(got, n, size, cmp, NULL);
				if (n && memcmp(got, want, n * size) != 0)
					print_error(
						"n %zu size %zu pattern %d\n",
						n, size, pat);
				if (n)
					assert_memory_equal(got, want,
							    n * size);
				free(got);
				free(want);
			}
		}
	}
}

static int swap_calls;
static size_t swap_size_seen;
static const void *swap_base;
static size_t swap_span;

/* A caller's swap for 32-bit elements that checks what it is given. */
static void swap_u32(void *a, void *b, size_t size)
{
	uint32_t t = *(uint32_t *)a;

	swap_calls++;
	swap_size_seen = size;
	/* both on element boundaries inside the array */
	assert_true((const char *)a >= (const char *)swap_base &&
		    (const char *)a < (const char *)swap_base + swap_span);
	assert_true((const char *)b >= (const char *)swap_base &&
		    (const char *)b < (const char *)swap_base + swap_span);
	assert_int_equal(((const char *)a - (const char *)swap_base) % 4, 0);
	assert_int_equal(((const char *)b - (const char *)swap_base) % 4, 0);
	*(uint32_t *)a = *(uint32_t *)b;
	*(uint32_t *)b = t;
}

static void test_custom_swap(void **state)
{
	uint32_t got[300], want[300];

	(void)state;
	for (size_t i = 0; i < 300; i++)
		got[i] = (uint32_t)rng();
	memcpy(want, got, sizeof(want));
	qsort(want, 300, sizeof(want[0]), cmp_u32);
	swap_calls = 0;
	swap_base = got;
	swap_span = sizeof(got);
	sort(got, 300, sizeof(got[0]), cmp_u32, swap_u32);
	assert_memory_equal(got, want, sizeof(got));
	assert_true(swap_calls > 0);
	assert_int_equal(swap_size_seen, sizeof(uint32_t));
}

static int cmp_calls;

static int cmp_counting(const void *a, const void *b)
{
	cmp_calls++;
	return cmp_u32(a, b);
}

static void test_zero_and_one(void **state)
{
	uint32_t one = 0xdeadbeef;

	(void)state;
	cmp_calls = 0;
	swap_calls = 0;
	swap_base = &one;
	swap_span = sizeof(one);
	sort(NULL, 0, sizeof(uint32_t), cmp_counting, swap_u32);
	sort(&one, 0, sizeof(one), cmp_counting, swap_u32);
	sort(&one, 1, sizeof(one), cmp_counting, swap_u32);
	sort(&one, 1, sizeof(one), cmp_counting, NULL);
	assert_int_equal(cmp_calls, 0);
	assert_int_equal(swap_calls, 0);
	assert_int_equal(one, 0xdeadbeef);
}

struct keyed {
	int key;
	int id;
};

static int cmp_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* Records with duplicate keys: sorted by key, every record still there. */
static void check_keyed(int distinct_keys)
{
	enum { N = 500 };
	struct keyed r[N];
	int seen[N] = {0};

	for (int i = 0; i < N; i++) {
		r[i].key = (int)(rng() % (uint64_t)distinct_keys) - 3;
		r[i].id = i;
	}
	sort(r, N, sizeof(r[0]), cmp_key, NULL);
	for (int i = 1; i < N; i++)
		assert_true(r[i - 1].key <= r[i].key);
	for (int i = 0; i < N; i++) {
		assert_true(r[i].id >= 0 && r[i].id < N);
		seen[r[i].id]++;
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], 1);
}

static void test_keyed_records(void **state)
{
	(void)state;
	check_keyed(1); /* all keys equal */
	check_keyed(2);
	check_keyed(10);
	check_keyed(1000);
}

static void test_all_equal(void **state)
{
	uint64_t a[257];

	(void)state;
	for (size_t i = 0; i < 257; i++)
		a[i] = 42;
	sort(a, 257, sizeof(a[0]), cmp_u64, NULL);
	for (size_t i = 0; i < 257; i++)
		assert_int_equal(a[i], 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_qsort),
		cmocka_unit_test(test_custom_swap),
		cmocka_unit_test(test_zero_and_one),
		cmocka_unit_test(test_keyed_records),
		cmocka_unit_test(test_all_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
