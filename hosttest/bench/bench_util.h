/* SPDX-License-Identifier: MIT */
/* What every host benchmark needs: a monotonic clock and a u64 order. */
#ifndef KEEL_HOSTTEST_BENCH_UTIL_H
#define KEEL_HOSTTEST_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

/* Nanoseconds of CLOCK_MONOTONIC. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* qsort comparator for uint64_t samples (for medians). */
static inline int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

#endif
