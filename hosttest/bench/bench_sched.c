// SPDX-License-Identifier: MIT
/*
 * Benchmarks of kernel/sched/fair.c on the host. Prints "name: value unit".
 *
 *   sched_cycle_nN           one cfs_enqueue (ENQUEUE_WAKEUP) +
 *                            cfs_pick_next + cfs_dequeue (DEQUEUE_SLEEP)
 *                            with N entities runnable (1, 100, 10000): a
 *                            task wakes, the leftmost runs and sleeps
 *   sched_cycle_nN_per_log2  the same divided by log2(N + 1), to show the
 *                            cost grows no faster than O(log n)
 *
 * Each cycle wakes the entity the previous one put to sleep, at a random
 * vruntime within the spread of the queue, so it lands anywhere in the
 * tree. Each figure is the median of several rounds (the machine is
 * shared).
 */
#include <stdio.h>
#include <stdlib.h>

#include "hosttest/bench/bench_util.h"
#include "kernel/sched/fair.h"

#define ROUNDS 7
#define CYCLES 2000000UL

static void die(const char *what)
{
	fprintf(stderr, "bench_sched: %s\n", what);
	exit(1);
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* log2(@x) for x >= 1, by repeated squaring (no libm). */
static double log2_of(double x)
{
	double r = 0, bit = 0.5;

	while (x >= 2) {
		x /= 2;
		r += 1;
	}
	for (int i = 0; i < 24; i++, bit /= 2) {
		x *= x;
		if (x >= 2) {
			x /= 2;
			r += bit;
		}
	}
	return r;
}

/* ns per cycle with @n runnable entities, median of ROUNDS. */
static double cycle_ns(unsigned int n)
{
	struct sched_entity *se = calloc(n + 1, sizeof(*se));
	struct sched_entity *sleeper = &se[n];
	struct cfs_rq rq;
	double samples[ROUNDS];
	uint64_t now = 0;
	/* Vruntimes spread over about a microsecond per entity. */
	uint64_t spread = (uint64_t)n * 1000 + 1;

	if (!se)
		die("memory");
	cfs_rq_init(&rq);
	for (unsigned int i = 0; i <= n; i++) {
		sched_entity_init(&se[i], (int)(rnd() % 11) - 5);
		se[i].vruntime = rnd() % spread;
		if (i < n)
			cfs_enqueue(&rq, &se[i], 0, now);
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = bench_now_ns();

		for (unsigned long c = 0; c < CYCLES; c++) {
			struct sched_entity *p;

			sleeper->vruntime = rq.min_vruntime + rnd() % spread;
			cfs_enqueue(&rq, sleeper, ENQUEUE_WAKEUP, now);
			now += 100;
			p = cfs_pick_next(&rq, now);
			cfs_dequeue(&rq, p, DEQUEUE_SLEEP, now);
			sleeper = p;
		}
		samples[r] = (double)(bench_now_ns() - t0) / CYCLES;
		if (cfs_check(&rq) || rq.nr_running != n)
			die("run queue broken");
	}
	/* Insertion sort: ROUNDS is tiny. */
	for (int i = 1; i < ROUNDS; i++)
		for (int j = i; j > 0 && samples[j] < samples[j - 1]; j--) {
			double x = samples[j];

			samples[j] = samples[j - 1];
			samples[j - 1] = x;
		}
	free(se);
	return samples[ROUNDS / 2];
}

int main(void)
{
	static const unsigned int sizes[] = {1, 100, 10000};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double ns = cycle_ns(sizes[i]);

		printf("sched_cycle_n%u: %.1f ns\n", sizes[i], ns);
		printf("sched_cycle_n%u_per_log2: %.1f ns\n", sizes[i],
		       ns / log2_of((double)sizes[i] + 1));
	}
	return 0;
}
