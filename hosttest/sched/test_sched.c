// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/sched/fair.c: the arithmetic and each operation
 * by hand, then whole workloads on the simulated CPU of sched_sim.c (a
 * tick every 4 ms) with the tolerance each test states.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "hosttest/sched/sched_sim.h"
#include "kernel/sched/fair.h"

#define MS 1000000ULL
#define SEC 1000000000ULL

typedef unsigned __int128 u128;

static uint64_t rng_state;

static uint32_t rnd(void)
{
	return (uint32_t)(xorshift64(&rng_state) >> 16);
}

static uint64_t absdiff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/* delta * 1024 / weight computed the obvious way, for comparison. */
static uint64_t ref_delta_fair(uint64_t delta, uint32_t weight)
{
	u128 v = (u128)delta * NICE_0_WEIGHT / weight;

	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

/* ---- arithmetic ---- */

static void test_weight_table(void **state)
{
	(void)state;
	assert_int_equal(sched_prio_to_weight[0], 88761);
	assert_int_equal(sched_prio_to_weight[-NICE_MIN], NICE_0_WEIGHT);
	assert_int_equal(sched_prio_to_weight[5 - NICE_MIN], 335);
	assert_int_equal(sched_prio_to_weight[NICE_WIDTH - 1], 15);
	/* Each nice step is about 1.25x (within 1.20..1.30). */
	for (int i = 1; i < NICE_WIDTH; i++) {
		uint64_t hi = sched_prio_to_weight[i - 1];
		uint64_t lo = sched_prio_to_weight[i];

		assert_true(hi * 100 >= lo * 120 && hi * 100 <= lo * 130);
	}
}

static void test_entity_init_clamps(void **state)
{
	struct sched_entity se;

	(void)state;
	sched_entity_init(&se, -100);
	assert_int_equal(se.nice, NICE_MIN);
	assert_int_equal(se.weight, 88761);
	assert_false(se.on_rq);
	assert_true(RB_EMPTY_NODE(&se.run_node));
	sched_entity_init(&se, 100);
	assert_int_equal(se.nice, NICE_MAX);
	assert_int_equal(se.weight, 15);
	sched_entity_init(&se, 3);
	assert_int_equal(se.nice, 3);
	assert_int_equal(se.weight, 526);
	assert_int_equal(se.vruntime, 0);
	assert_int_equal(se.sum_exec_runtime, 0);
}

static void test_delta_fair(void **state)
{
	static const uint64_t deltas[] = {
		0,
		1,
		999,
		4 * MS,
		1ULL << 40,
		1ULL << 53,
		(1ULL << 54) + 12345,
		1ULL << 60,
		UINT64_MAX / 2,
		UINT64_MAX,
	};
	struct sched_entity se;

	(void)state;
	for (int nice = NICE_MIN; nice <= NICE_MAX; nice++) {
		sched_entity_init(&se, nice);
		for (size_t i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++)
			assert_int_equal(cfs_delta_fair(deltas[i], &se),
					 ref_delta_fair(deltas[i], se.weight));
	}
	sched_entity_init(&se, 0);
	assert_int_equal(cfs_delta_fair(UINT64_MAX, &se), UINT64_MAX);
	sched_entity_init(&se, 19);
	assert_int_equal(cfs_delta_fair(UINT64_MAX, &se), UINT64_MAX);
	assert_int_equal(cfs_delta_fair(15, &se), 1024);
}

/* An rq holding @n entities of @nice (queued, no curr). */
static void fill_rq(struct cfs_rq *rq, struct sched_entity *se, int n, int nice)
{
	cfs_rq_init(rq);
	for (int i = 0; i < n; i++) {
		sched_entity_init(&se[i], nice);
		cfs_enqueue(rq, &se[i], ENQUEUE_NEW, 0);
	}
}

static void test_slice(void **state)
{
	struct cfs_rq rq;
	struct sched_entity se[100], extra, heavy;

	(void)state;
	fill_rq(&rq, se, 1, 0);
	assert_int_equal(cfs_slice(&rq, &se[0]), SCHED_LATENCY_NS);
	fill_rq(&rq, se, 2, 0);
	assert_int_equal(cfs_slice(&rq, &se[0]), SCHED_LATENCY_NS / 2);
	/* Up to latency / min_gran = 8 entities share the latency... */
	fill_rq(&rq, se, 8, 0);
	assert_int_equal(cfs_slice(&rq, &se[3]), SCHED_MIN_GRANULARITY_NS);
	/* ...beyond that the period stretches: each keeps min_gran. */
	fill_rq(&rq, se, 9, 0);
	assert_int_equal(cfs_slice(&rq, &se[3]), SCHED_MIN_GRANULARITY_NS);
	fill_rq(&rq, se, 100, 0);
	assert_int_equal(cfs_slice(&rq, &se[99]), SCHED_MIN_GRANULARITY_NS);
	/* An entity not on the rq is counted as if it were. */
	fill_rq(&rq, se, 1, 0);
	sched_entity_init(&extra, 0);
	assert_int_equal(cfs_slice(&rq, &extra), SCHED_LATENCY_NS / 2);
	/* Weighted: nice 0 next to nice 5. */
	sched_entity_init(&extra, 5);
	cfs_enqueue(&rq, &extra, ENQUEUE_NEW, 0);
	assert_int_equal(cfs_slice(&rq, &se[0]),
			 SCHED_LATENCY_NS * 1024 / (1024 + 335));
	assert_int_equal(cfs_slice(&rq, &extra),
			 SCHED_LATENCY_NS * 335 / (1024 + 335));
	/* No 64-bit overflow in period * weight / load. */
	sched_entity_init(&heavy, NICE_MIN);
	rq.nr_running = UINT32_MAX - 1;
	rq.load_weight = (uint64_t)UINT32_MAX * 1024;
	assert_int_equal(
		cfs_slice(&rq, &heavy),
		(uint64_t)((u128)UINT32_MAX * SCHED_MIN_GRANULARITY_NS * 88761 /
			   (rq.load_weight + 88761)));
}

/* ---- operations by hand ---- */

static void test_empty_rq(void **state)
{
	struct cfs_rq rq;
	struct sched_entity se;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&se, 0);
	assert_null(cfs_pick_next(&rq, 100));
	assert_null(cfs_first(&rq));
	assert_false(cfs_tick(&rq, 200));
	assert_false(cfs_check_preempt_wakeup(&rq, &se, 300));
	cfs_yield(&rq, 400);
	cfs_update_curr(&rq, 500);
	cfs_dequeue(&rq, &se, 0, 600); /* not on_rq: nothing */
	assert_int_equal(rq.nr_running, 0);
	assert_int_equal(rq.min_vruntime, 0);
	assert_int_equal(cfs_check(&rq), 0);
}

static void test_pick_order(void **state)
{
	struct cfs_rq rq;
	struct sched_entity se[5];
	static const uint64_t v[5] = {50, 10, 30, 10, 70};

	(void)state;
	cfs_rq_init(&rq);
	rq.min_vruntime = 5;
	for (int i = 0; i < 5; i++) {
		sched_entity_init(&se[i], 0);
		se[i].vruntime = v[i];
		cfs_enqueue(&rq, &se[i], 0, 0);
		assert_true(se[i].on_rq);
		assert_int_equal(cfs_check(&rq), 0);
	}
	assert_int_equal(rq.nr_running, 5);
	assert_int_equal(rq.load_weight, 5 * 1024);
	assert_ptr_equal(cfs_first(&rq), &se[1]);
	/* Smallest first; equal vruntimes in arrival order. Each runs 0 ns
	 * and is dequeued, so the others keep their places. */
	static const int order[5] = {1, 3, 2, 0, 4};

	for (int i = 0; i < 5; i++) {
		struct sched_entity *p = cfs_pick_next(&rq, 10);

		assert_ptr_equal(p, &se[order[i]]);
		assert_ptr_equal(rq.curr, p);
		assert_true(RB_EMPTY_NODE(&p->run_node));
		assert_int_equal(cfs_check(&rq), 0);
		cfs_dequeue(&rq, p, DEQUEUE_SLEEP, 10);
		assert_null(rq.curr);
		assert_false(p->on_rq);
		assert_int_equal(rq.nr_running, 4 - i);
		assert_int_equal(cfs_check(&rq), 0);
	}
	assert_null(cfs_pick_next(&rq, 20));
	assert_int_equal(rq.load_weight, 0);
	assert_int_equal(rq.min_vruntime, 70); /* followed, never back */
}

static void test_double_enqueue_dequeue(void **state)
{
	struct cfs_rq rq;
	struct sched_entity a;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&a, 0);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0);
	assert_int_equal(rq.nr_running, 1);
	assert_int_equal(rq.load_weight, 1024);
	cfs_dequeue(&rq, &a, 0, 0);
	cfs_dequeue(&rq, &a, 0, 0);
	assert_int_equal(rq.nr_running, 0);
	assert_int_equal(rq.load_weight, 0);
	assert_int_equal(cfs_check(&rq), 0);
}

/* Dequeue of the running entity and of a queued one. */
static void test_dequeue_curr_and_queued(void **state)
{
	struct cfs_rq rq;
	struct sched_entity a, b, c;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&a, 0);
	sched_entity_init(&b, 5);
	sched_entity_init(&c, -5);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0);
	cfs_enqueue(&rq, &b, ENQUEUE_NEW, 0);
	cfs_enqueue(&rq, &c, ENQUEUE_NEW, 0);
	assert_int_equal(rq.load_weight, 1024 + 335 + 3121);
	struct sched_entity *p = cfs_pick_next(&rq, 1000);

	assert_non_null(p);
	uint64_t v0 = p->vruntime;

	/* Dequeueing curr accounts it first (2 ms). */
	cfs_dequeue(&rq, p, DEQUEUE_SLEEP, 1000 + 2 * MS);
	assert_null(rq.curr);
	assert_int_equal(p->sum_exec_runtime, 2 * MS);
	assert_int_equal(p->vruntime, v0 + ref_delta_fair(2 * MS, p->weight));
	assert_int_equal(rq.nr_running, 2);
	assert_int_equal(cfs_check(&rq), 0);
	/* A queued one: out of the tree, the others stay. */
	struct sched_entity *q = cfs_first(&rq);
	struct sched_entity *other = q == &a   ? (p == &b ? &c : &b)
				     : q == &b ? (p == &a ? &c : &a)
					       : (p == &a ? &b : &a);

	p = cfs_pick_next(&rq, 3 * MS);
	assert_ptr_equal(p, q);
	cfs_dequeue(&rq, other, 0, 4 * MS);
	assert_false(other->on_rq);
	assert_ptr_equal(rq.curr, p);
	assert_null(cfs_first(&rq));
	assert_int_equal(rq.nr_running, 1);
	assert_int_equal(rq.load_weight, p->weight);
	assert_int_equal(p->sum_exec_runtime, 1 * MS);
	assert_int_equal(cfs_check(&rq), 0);
}

static void test_update_curr(void **state)
{
	struct cfs_rq rq;
	struct sched_entity a;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&a, 5);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0);
	uint64_t v0 = a.vruntime;

	assert_ptr_equal(cfs_pick_next(&rq, 10 * MS), &a);
	assert_int_equal(a.exec_start, 10 * MS);
	cfs_update_curr(&rq, 11 * MS);
	assert_int_equal(a.sum_exec_runtime, 1 * MS);
	assert_int_equal(a.vruntime, v0 + 1 * MS * 1024 / 335);
	assert_int_equal(rq.min_vruntime, a.vruntime);
	/* Time that does not advance (or goes back) accounts nothing. */
	cfs_update_curr(&rq, 11 * MS);
	cfs_update_curr(&rq, 5 * MS);
	assert_int_equal(a.sum_exec_runtime, 1 * MS);
	assert_int_equal(a.exec_start, 11 * MS);
}

/* ENQUEUE_NEW, ENQUEUE_WAKEUP and plain placement. */
static void test_placement(void **state)
{
	struct cfs_rq rq;
	struct sched_entity anchor, a, b, c, d;
	const uint64_t m = 100 * MS;

	(void)state;
	cfs_rq_init(&rq);
	rq.min_vruntime = m;
	/* An entity at m keeps min_vruntime at m through the dequeues. */
	sched_entity_init(&anchor, 0);
	anchor.vruntime = m;
	cfs_enqueue(&rq, &anchor, 0, 0);
	assert_int_equal(anchor.vruntime, m);
	/* New: a whole slice (counted with itself) after min_vruntime. */
	sched_entity_init(&a, 0);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0);
	assert_int_equal(a.vruntime, m + SCHED_LATENCY_NS / 2);
	/* New, nice 5: its slice next to the two, in its virtual time;
	 * NEW wins over WAKEUP. */
	sched_entity_init(&b, 5);
	b.vruntime = m - 1;
	cfs_enqueue(&rq, &b, ENQUEUE_NEW | ENQUEUE_WAKEUP, 0);
	assert_int_equal(
		b.vruntime,
		m + ref_delta_fair(SCHED_LATENCY_NS * 335 / (2048 + 335), 335));
	/* A long sleeper gets half a latency of credit, no more. */
	sched_entity_init(&c, 0);
	c.vruntime = 1 * MS;
	cfs_enqueue(&rq, &c, ENQUEUE_WAKEUP, 0);
	assert_int_equal(c.vruntime, m - SCHED_LATENCY_NS / 2);
	cfs_dequeue(&rq, &c, 0, 0);
	assert_int_equal(rq.min_vruntime, m);
	/* One that slept briefly keeps its vruntime. */
	c.vruntime = m - 1 * MS;
	cfs_enqueue(&rq, &c, ENQUEUE_WAKEUP, 0);
	assert_int_equal(c.vruntime, m - 1 * MS);
	/* Plain enqueue: kept, but never below min - latency. */
	sched_entity_init(&d, 0);
	cfs_enqueue(&rq, &d, 0, 0);
	assert_int_equal(d.vruntime, m - SCHED_LATENCY_NS);
	cfs_dequeue(&rq, &d, 0, 0);
	d.vruntime = m + 77;
	cfs_enqueue(&rq, &d, 0, 0);
	assert_int_equal(d.vruntime, m + 77);
	/* min_vruntime never goes back, though c is below it. */
	assert_int_equal(rq.min_vruntime, m);
	assert_ptr_equal(cfs_pick_next(&rq, 0), &c);
	assert_int_equal(rq.min_vruntime, m);
	assert_int_equal(cfs_check(&rq), 0);
	/* A vruntime more than 2^62 ahead is stale (here 0 from init,
	 * with the clock past 2^63): placed at the floor, not kept. */
	struct cfs_rq far;
	struct sched_entity s;

	cfs_rq_init(&far);
	far.min_vruntime = (1ULL << 63) + 10 * MS;
	sched_entity_init(&s, 0);
	cfs_enqueue(&far, &s, ENQUEUE_WAKEUP, 0);
	assert_int_equal(s.vruntime, far.min_vruntime - SCHED_LATENCY_NS / 2);
	cfs_dequeue(&far, &s, 0, 0);
	s.vruntime = far.min_vruntime + (1ULL << 62); /* at the horizon */
	cfs_enqueue(&far, &s, 0, 0);
	assert_int_equal(s.vruntime, far.min_vruntime + (1ULL << 62));
	cfs_dequeue(&far, &s, 0, 0);
	s.vruntime = far.min_vruntime + (1ULL << 62) + 1; /* beyond */
	cfs_enqueue(&far, &s, 0, 0);
	assert_int_equal(s.vruntime, far.min_vruntime - SCHED_LATENCY_NS);

	/* With the queue empty, min_vruntime stays where it was. */
	cfs_dequeue(&rq, &anchor, 0, 0);
	cfs_dequeue(&rq, &a, 0, 0);
	cfs_dequeue(&rq, &b, 0, 0);
	cfs_dequeue(&rq, &c, 0, 0);
	cfs_dequeue(&rq, &d, 0, 0);
	assert_int_equal(rq.min_vruntime, m + 77);
	assert_int_equal(rq.nr_running, 0);
}

/* Tick preemption: slice used, or ahead of the leftmost by > gran. */
static void test_tick(void **state)
{
	struct cfs_rq rq;
	struct sched_entity a, b;
	uint64_t t = 0;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&a, 0);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, t);
	cfs_pick_next(&rq, t);
	/* Alone: never. */
	t += 100 * MS;
	assert_false(cfs_tick(&rq, t));
	assert_int_equal(a.sum_exec_runtime, 100 * MS);

	/* b waits 5 ms of virtual time after a: only the slice (3 ms)
	 * can end a's turn. */
	assert_ptr_equal(cfs_pick_next(&rq, t), &a); /* new slice */
	sched_entity_init(&b, 0);
	b.vruntime = a.vruntime + 5 * MS;
	cfs_enqueue(&rq, &b, 0, t);
	assert_false(cfs_tick(&rq, t + 1 * MS));
	assert_false(cfs_tick(&rq, t + 3 * MS - 1));
	assert_true(cfs_tick(&rq, t + 3 * MS)); /* slice used */
	t += 3 * MS;
	/* b waits 1 ms after a: a gets ahead by more than gran (1 ms)
	 * once it ran over 2 ms, before its 3 ms slice are used. */
	cfs_dequeue(&rq, &b, 0, t);
	assert_ptr_equal(cfs_pick_next(&rq, t), &a);
	b.vruntime = a.vruntime + 1 * MS;
	cfs_enqueue(&rq, &b, 0, t);
	assert_false(cfs_tick(&rq, t + 2 * MS)); /* ahead by exactly gran */
	assert_true(cfs_tick(&rq, t + 2 * MS + 1));
	t += 2 * MS + 1;

	/* Ahead by more than gran before the slice is used. */
	assert_ptr_equal(cfs_pick_next(&rq, t), &b);
	cfs_dequeue(&rq, &a, 0, t);
	assert_ptr_equal(cfs_pick_next(&rq, t), &b);
	t += 10 * MS; /* alone: b runs ahead */
	assert_false(cfs_tick(&rq, t));
	assert_ptr_equal(cfs_pick_next(&rq, t), &b); /* a new slice */
	a.vruntime = b.vruntime - 2 * MS; /* a wakes 2 ms behind */
	cfs_enqueue(&rq, &a, ENQUEUE_WAKEUP, t);
	assert_int_equal(a.vruntime, b.vruntime - 2 * MS);
	/* Under min_gran of running: not yet, though 2 ms ahead. */
	assert_false(cfs_tick(&rq, t + SCHED_MIN_GRANULARITY_NS - 1));
	/* 0.75 ms run, 2.75 ms ahead > gran: yes, slice (3 ms) or not. */
	assert_true(cfs_tick(&rq, t + SCHED_MIN_GRANULARITY_NS));
	assert_int_equal(cfs_check(&rq), 0);
}

/* Wakeup preemption at the granularity's edge, weight-scaled. */
static void test_wakeup_preempt(void **state)
{
	struct cfs_rq rq;
	struct sched_entity a, b, heavy;
	const uint64_t t = 50 * MS;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&a, 0);
	sched_entity_init(&b, 0);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0);
	cfs_pick_next(&rq, 0);
	cfs_update_curr(&rq, t);
	assert_false(cfs_check_preempt_wakeup(&rq, &a, t)); /* curr */
	assert_false(cfs_check_preempt_wakeup(&rq, &b, t)); /* not on_rq */

	b.vruntime = a.vruntime - SCHED_WAKEUP_GRANULARITY_NS;
	cfs_enqueue(&rq, &b, ENQUEUE_WAKEUP, t);
	assert_false(cfs_check_preempt_wakeup(&rq, &b, t)); /* == gran */
	cfs_dequeue(&rq, &b, 0, t);
	b.vruntime = a.vruntime - SCHED_WAKEUP_GRANULARITY_NS - 1;
	cfs_enqueue(&rq, &b, ENQUEUE_WAKEUP, t);
	assert_true(cfs_check_preempt_wakeup(&rq, &b, t)); /* > gran */
	cfs_dequeue(&rq, &b, 0, t);
	/* Behind curr only a little, or ahead of it: no. */
	b.vruntime = a.vruntime + 5;
	cfs_enqueue(&rq, &b, ENQUEUE_WAKEUP, t);
	assert_false(cfs_check_preempt_wakeup(&rq, &b, t));
	cfs_dequeue(&rq, &b, 0, t);

	/* A heavier waker has a smaller granularity (1 ms * 1024/3121). */
	sched_entity_init(&heavy, -5);
	uint64_t gran = SCHED_WAKEUP_GRANULARITY_NS * 1024 / 3121;

	heavy.vruntime = a.vruntime - gran;
	cfs_enqueue(&rq, &heavy, ENQUEUE_WAKEUP, t);
	assert_false(cfs_check_preempt_wakeup(&rq, &heavy, t));
	/* curr runs 1 ns more: now it is ahead by more. */
	assert_true(cfs_check_preempt_wakeup(&rq, &heavy, t + 1));
	assert_int_equal(cfs_check(&rq), 0);
}

static void test_yield(void **state)
{
	struct cfs_rq rq;
	struct sched_entity se[4];
	uint64_t t = 0;

	(void)state;
	fill_rq(&rq, se, 4, 0);
	struct sched_entity *y = cfs_pick_next(&rq, t);

	t += 1 * MS;
	cfs_yield(&rq, t);
	assert_int_equal(y->sum_exec_runtime, 1 * MS);
	for (int i = 0; i < 4; i++)
		if (&se[i] != y)
			assert_true((int64_t)(y->vruntime - se[i].vruntime) >
				    0);
	assert_int_equal(cfs_check(&rq), 0);
	/* y is now last in line: the others come out of the queue
	 * first (dequeued as they are picked), then y. */
	struct sched_entity *p = cfs_pick_next(&rq, t);

	assert_ptr_not_equal(p, y);
	assert_ptr_equal(rb_last(&rq.timeline.rb_root), &y->run_node);
	for (int i = 0; i < 3; i++) {
		assert_ptr_not_equal(p, y);
		cfs_dequeue(&rq, p, 0, t);
		p = cfs_pick_next(&rq, t);
	}
	assert_ptr_equal(p, y);
	/* Alone, yield changes nothing. */
	for (int i = 0; i < 4; i++)
		if (&se[i] != y)
			cfs_dequeue(&rq, &se[i], 0, t);
	assert_int_equal(rq.nr_running, 1);
	uint64_t v = y->vruntime;

	cfs_yield(&rq, t);
	assert_int_equal(y->vruntime, v);
	assert_ptr_equal(cfs_pick_next(&rq, t), y);
}

static void test_reweight(void **state)
{
	struct cfs_rq rq;
	struct sched_entity a, b, idle;

	(void)state;
	cfs_rq_init(&rq);
	sched_entity_init(&a, 0);
	sched_entity_init(&b, 0);
	sched_entity_init(&idle, 0);
	cfs_enqueue(&rq, &b, ENQUEUE_NEW, 0);
	cfs_enqueue(&rq, &a, ENQUEUE_NEW, 0); /* 3 ms, before b's 6 ms */
	assert_ptr_equal(cfs_pick_next(&rq, 0), &a);
	uint64_t v0 = a.vruntime;

	/* curr's first 1 ms is accounted at nice 0, the next at nice 5. */
	cfs_reweight(&rq, &a, 5, 1 * MS);
	assert_int_equal(a.vruntime, v0 + 1 * MS);
	assert_int_equal(a.weight, 335);
	assert_int_equal(rq.load_weight, 1024 + 335);
	cfs_update_curr(&rq, 2 * MS);
	assert_int_equal(a.vruntime, v0 + 1 * MS + 1 * MS * 1024 / 335);
	/* A queued one keeps its vruntime; clamped nice. */
	uint64_t vb = b.vruntime;

	cfs_reweight(&rq, &b, -99, 2 * MS);
	assert_int_equal(b.nice, NICE_MIN);
	assert_int_equal(b.vruntime, vb);
	assert_int_equal(rq.load_weight, 88761 + 335);
	/* One off the rq: the rq's load does not change. */
	cfs_reweight(&rq, &idle, 99, 2 * MS);
	assert_int_equal(idle.weight, 15);
	assert_int_equal(rq.load_weight, 88761 + 335);
	assert_int_equal(cfs_check(&rq), 0);
}

/* Many reweights of queued and running entities: always valid. */
static void test_reweight_random(void **state)
{
	enum { N = 64 };
	struct cfs_rq rq;
	struct sched_entity se[N];
	uint64_t t = 0, load;

	(void)state;
	rng_state = 99;
	fill_rq(&rq, se, N, 0);
	for (int step = 0; step < 5000; step++) {
		int i = (int)(rnd() % N);

		t += rnd() % (2 * MS);
		switch (rnd() % 4) {
		case 0:
			cfs_reweight(&rq, &se[i], (int)(rnd() % 50) - 25, t);
			break;
		case 1:
			if (rq.curr)
				cfs_reweight(&rq, rq.curr,
					     (int)(rnd() % 40) - 20, t);
			break;
		case 2:
			cfs_pick_next(&rq, t);
			break;
		default:
			if (se[i].on_rq)
				cfs_dequeue(&rq, &se[i], 0, t);
			else
				cfs_enqueue(&rq, &se[i], ENQUEUE_WAKEUP, t);
		}
		assert_int_equal(cfs_check(&rq), 0);
		load = 0;
		for (int k = 0; k < N; k++)
			if (se[k].on_rq)
				load += sched_prio_to_weight[se[k].nice + 20];
		assert_int_equal(rq.load_weight, load);
	}
}

/* cfs_check finds each broken invariant; undone, it passes again. */
static void test_check_detects(void **state)
{
	struct cfs_rq rq;
	struct sched_entity se[10], *q, *last;
	uint64_t saved;
	struct rb_node *saved_node;

	(void)state;
	fill_rq(&rq, se, 10, 0);
	for (int i = 0; i < 10; i++)
		se[i].vruntime += (uint64_t)i; /* distinct */
	cfs_pick_next(&rq, 0);
	assert_int_equal(cfs_check(&rq), 0);
	q = cfs_first(&rq);
	last = rb_entry(rb_last(&rq.timeline.rb_root), struct sched_entity,
			run_node);

	struct rb_node *top = rq.timeline.rb_root.rb_node;

	top->__rb_parent_color &= ~RB_BLACK;
	assert_int_equal(cfs_check(&rq), CFS_ERR_TREE);
	top->__rb_parent_color |= RB_BLACK;

	saved = q->vruntime;
	q->vruntime = last->vruntime + 1;
	assert_int_equal(cfs_check(&rq), CFS_ERR_ORDER);
	q->vruntime = saved;

	saved_node = rq.timeline.rb_leftmost;
	rq.timeline.rb_leftmost = &last->run_node;
	assert_int_equal(cfs_check(&rq), CFS_ERR_LEFTMOST);
	rq.timeline.rb_leftmost = saved_node;

	struct sched_entity *curr = rq.curr;

	rq.curr = q;
	assert_int_equal(cfs_check(&rq), CFS_ERR_CURR_IN_TREE);
	rq.curr = curr;

	q->on_rq = false;
	assert_int_equal(cfs_check(&rq), CFS_ERR_NOT_ON_RQ);
	q->on_rq = true;
	curr->on_rq = false;
	assert_int_equal(cfs_check(&rq), CFS_ERR_NOT_ON_RQ);
	curr->on_rq = true;

	last->weight = 1000;
	assert_int_equal(cfs_check(&rq), CFS_ERR_WEIGHT);
	last->weight = 1024;
	last->nice = NICE_MAX + 1;
	assert_int_equal(cfs_check(&rq), CFS_ERR_WEIGHT);
	last->nice = 0;
	curr->nice = NICE_MIN - 1;
	assert_int_equal(cfs_check(&rq), CFS_ERR_WEIGHT);
	curr->nice = 0;

	saved = rq.min_vruntime;
	rq.min_vruntime = q->vruntime + SCHED_LATENCY_NS + 1;
	assert_int_equal(cfs_check(&rq), CFS_ERR_VRUNTIME_FLOOR);
	rq.min_vruntime = saved;
	saved = curr->vruntime;
	curr->vruntime = rq.min_vruntime - SCHED_LATENCY_NS - 1;
	assert_int_equal(cfs_check(&rq), CFS_ERR_VRUNTIME_FLOOR);
	curr->vruntime = saved;

	rq.nr_running++;
	assert_int_equal(cfs_check(&rq), CFS_ERR_NR_RUNNING);
	rq.nr_running--;
	rq.load_weight--;
	assert_int_equal(cfs_check(&rq), CFS_ERR_LOAD);
	rq.load_weight++;
	assert_int_equal(cfs_check(&rq), 0);
}

/* ---- workloads on the simulated CPU ---- */

/* Start @n hogs of the given nice values at time 0 and run @duration. */
static void run_hogs(struct sim *sim, struct sim_task *tasks, int n,
		     const int *nices, uint64_t duration)
{
	sim_init(sim, tasks, n);
	for (int i = 0; i < n; i++) {
		sim_task_init(&tasks[i], nices[i], 0, 0);
		sim_start(sim, i, ENQUEUE_NEW);
	}
	sim_run(sim, duration);
}

/* The simulator's and the policy's accounts agree; no idle time. */
static void assert_accounts(struct sim *sim, uint64_t busy)
{
	uint64_t sum = 0;

	for (int i = 0; i < sim->nr_tasks; i++) {
		assert_int_equal(sim_policy_runtime(sim, i),
				 sim->tasks[i].cpu_ns);
		sum += sim->tasks[i].cpu_ns;
	}
	if (busy)
		assert_int_equal(sum, busy);
	assert_int_equal(sim->check_failed, 0);
	assert_int_equal(cfs_check(&sim->rq), 0);
}

/*
 * N equal hogs for 60 s: each gets 1/N of the CPU within 2 ticks (8 ms;
 * 0.03% of a share for N = 2, 1.3% for N = 100): equal vruntimes keep
 * them within a tick of each other.
 */
static void equal_share(int n)
{
	const uint64_t duration = 60 * SEC;
	struct sim_task *tasks = calloc((size_t)n, sizeof(*tasks));
	int *nices = calloc((size_t)n, sizeof(*nices));
	struct sim sim;
	uint64_t share = duration / (uint64_t)n, worst = 0;

	assert_non_null(tasks);
	run_hogs(&sim, tasks, n, nices, duration);
	for (int i = 0; i < n; i++) {
		uint64_t d = absdiff(tasks[i].cpu_ns, share);

		if (d > worst)
			worst = d;
	}
	printf("# %d hogs: share %.3f ms, worst deviation %.3f ms\n", n,
	       share / 1e6, worst / 1e6);
	assert_true(worst <= 2 * SIM_TICK_NS);
	assert_accounts(&sim, duration);
	free(nices);
	free(tasks);
}

static void test_equal_share_2(void **state)
{
	(void)state;
	equal_share(2);
}

static void test_equal_share_3(void **state)
{
	(void)state;
	equal_share(3);
}

static void test_equal_share_10(void **state)
{
	(void)state;
	equal_share(10);
}

static void test_equal_share_100(void **state)
{
	(void)state;
	equal_share(100);
}

/*
 * Hogs of different nice values for 60 s: each gets weight / total
 * weight of the CPU within 0.5% of its own share, or 2 ticks if more.
 */
static void weighted_share(const int *nices, int n)
{
	const uint64_t duration = 60 * SEC;
	struct sim_task tasks[8];
	struct sim sim;
	uint64_t total_weight = 0;

	run_hogs(&sim, tasks, n, nices, duration);
	for (int i = 0; i < n; i++)
		total_weight += tasks[i].se.weight;
	for (int i = 0; i < n; i++) {
		uint64_t want = (uint64_t)((u128)duration * tasks[i].se.weight /
					   total_weight);
		uint64_t tol = want / 200;

		if (tol < 2 * SIM_TICK_NS)
			tol = 2 * SIM_TICK_NS;
		printf("# nice %d: %.3f s, expected %.3f s\n", nices[i],
		       tasks[i].cpu_ns / 1e9, want / 1e9);
		assert_true(absdiff(tasks[i].cpu_ns, want) <= tol);
	}
	assert_accounts(&sim, duration);
}

static void test_nice_0_vs_5(void **state)
{
	static const int nices[] = {0, 5};
	const uint64_t duration = 60 * SEC;
	struct sim_task tasks[2];
	struct sim sim;

	(void)state;
	weighted_share(nices, 2);
	/* And the ratio itself: 1024 / 335 = 3.057 within 1%. */
	run_hogs(&sim, tasks, 2, nices, duration);
	double ratio = (double)tasks[0].cpu_ns / (double)tasks[1].cpu_ns;

	printf("# nice 0 / nice 5 = %.4f (1024/335 = %.4f)\n", ratio,
	       1024.0 / 335);
	assert_true(ratio > 1024.0 / 335 * 0.99 && ratio < 1024.0 / 335 * 1.01);
}

static void test_nice_spread(void **state)
{
	static const int spread[] = {-5, 0, 10};
	static const int wide[] = {-20, -10, 0, 10, 19};

	(void)state;
	weighted_share(spread, 3);
	weighted_share(wide, 5);
}

/*
 * A task that runs 1 ms and sleeps 20 ms among 4 hogs: it gets the CPU
 * within SCHED_LATENCY_NS + one tick of every wakeup (in fact at once:
 * its sleeper credit puts it more than a granularity behind the hog).
 */
static void test_wakeup_latency(void **state)
{
	struct sim_task tasks[5];
	struct sim sim;
	const uint64_t duration = 10 * SEC;

	(void)state;
	sim_init(&sim, tasks, 5);
	sim.check_every_event = true;
	for (int i = 0; i < 4; i++) {
		sim_task_init(&tasks[i], 0, 0, 0);
		sim_start(&sim, i, ENQUEUE_NEW);
	}
	sim_task_init(&tasks[4], 0, 1 * MS, 20 * MS);
	sim_start(&sim, 4, ENQUEUE_NEW);
	sim_run(&sim, duration);
	printf("# sleeper: %lu wakeups, max latency %.3f ms, %lu wakeup "
	       "preemptions\n",
	       tasks[4].wakeups, tasks[4].max_wake_latency / 1e6,
	       sim.wakeup_preempt);
	assert_true(tasks[4].wakeups > 400);
	assert_true(tasks[4].max_wake_latency <=
		    SCHED_LATENCY_NS + SIM_TICK_NS);
	assert_true(sim.wakeup_preempt >= tasks[4].wakeups / 2);
	/* It used all the CPU it asked for: 1 ms per 21 ms. */
	assert_true(tasks[4].cpu_ns >= tasks[4].wakeups * 1 * MS);
	assert_accounts(&sim, duration);
}

/*
 * A light sleeper (nice 15: its wakeup granularity is 1 ms * 1024 / 36 =
 * 28 ms of virtual time, more than its 3 ms sleeper credit and a tick
 * of the hogs' lead) among two nice 0 hogs never preempts on wakeup, yet
 * runs within SCHED_LATENCY_NS + one tick: the running hog's 2.9 ms
 * slice ends at the next tick.
 */
static void test_wakeup_no_preempt_light(void **state)
{
	struct sim_task tasks[3];
	struct sim sim;

	(void)state;
	sim_init(&sim, tasks, 3);
	sim.check_every_event = true;
	for (int i = 0; i < 2; i++) {
		sim_task_init(&tasks[i], 0, 0, 0);
		sim_start(&sim, i, ENQUEUE_NEW);
	}
	sim_task_init(&tasks[2], 15, 200000, 10 * MS);
	sim_start(&sim, 2, ENQUEUE_NEW);
	sim_run(&sim, 5 * SEC);
	printf("# light sleeper: %lu wakeups, max latency %.3f ms, %lu "
	       "wakeup preemptions\n",
	       tasks[2].wakeups, tasks[2].max_wake_latency / 1e6,
	       sim.wakeup_preempt);
	assert_true(tasks[2].wakeups > 300);
	assert_int_equal(sim.wakeup_preempt, 0);
	assert_true(tasks[2].max_wake_latency <=
		    SCHED_LATENCY_NS + SIM_TICK_NS);
	assert_accounts(&sim, 5 * SEC);
}

struct renice_arg {
	int lo, hi; /* nice range */
	unsigned int every; /* ticks */
	unsigned int count;
};

static void renice_on_tick(struct sim *sim, void *p)
{
	struct renice_arg *arg = p;

	if (++arg->count % arg->every)
		return;
	int i = (int)(rnd() % (uint32_t)sim->nr_tasks);
	int nice = arg->lo + (int)(rnd() % (uint32_t)(arg->hi - arg->lo + 1));

	cfs_reweight(&sim->rq, &sim->tasks[i].se, nice, sim->now);
}

/*
 * No starvation: N hogs whose nice values change at random (one every
 * 5 ticks) within [lo, hi]. Every task waits at most
 *   (N - 1) * (w_max / w_min + 2) ticks
 * between two runs: once it has run a tick it is at most a tick of its
 * lightest virtual time ahead, which each other task, at its heaviest,
 * covers in w_max / w_min ticks, plus a tick of slack on either side.
 */
static void no_starvation(int n, int lo, int hi)
{
	struct sim_task *tasks = calloc((size_t)n, sizeof(*tasks));
	struct renice_arg arg = {.lo = lo, .hi = hi, .every = 5};
	struct sim sim;
	uint64_t w_max = sched_prio_to_weight[lo - NICE_MIN];
	uint64_t w_min = sched_prio_to_weight[hi - NICE_MIN];
	uint64_t bound = (uint64_t)(n - 1) * (w_max / w_min + 2) * SIM_TICK_NS;
	uint64_t worst = 0;

	assert_non_null(tasks);
	rng_state = 0x5eed;
	sim_init(&sim, tasks, n);
	sim.on_tick = renice_on_tick;
	sim.arg = &arg;
	for (int i = 0; i < n; i++) {
		sim_task_init(&tasks[i],
			      lo + (int)(rnd() % (unsigned)(hi - lo + 1)), 0,
			      0);
		sim_start(&sim, i, ENQUEUE_NEW);
	}
	sim_run(&sim, 1 * SEC);
	sim_reset_stats(&sim);
	sim.check_every_event = true;
	sim_run(&sim, 31 * SEC);
	for (int i = 0; i < n; i++) {
		assert_true(tasks[i].runs > 0);
		if (tasks[i].max_wait > worst)
			worst = tasks[i].max_wait;
	}
	printf("# %d hogs, nice %d..%d: longest wait %.1f ms, bound %.1f ms\n",
	       n, lo, hi, worst / 1e6, bound / 1e6);
	assert_true(worst <= bound);
	assert_int_equal(sim.check_failed, 0);
	free(tasks);
}

static void test_no_starvation(void **state)
{
	(void)state;
	no_starvation(20, -5, 5);
	no_starvation(6, -20, 19);
}

/*
 * New tasks do not jump the queue: 5 hogs have run for a second, then a
 * sixth arrives. With ENQUEUE_NEW it starts a slice (in its virtual time)
 * past min_vruntime and in the next 100 ms gets no more than a fair sixth
 * plus a tick, though it runs in that window. A fresh entity enqueued
 * without ENQUEUE_NEW (vruntime 0, a second behind) is pulled up to
 * min_vruntime - latency: it leads by one latency at most, not by the
 * whole second the others ran.
 */
static void test_new_task_placement(void **state)
{
	struct sim_task tasks[6];
	struct sim sim;

	(void)state;
	for (int flags = ENQUEUE_NEW; flags >= 0; flags -= ENQUEUE_NEW) {
		sim_init(&sim, tasks, 6);
		sim.check_every_event = true;
		for (int i = 0; i < 5; i++) {
			sim_task_init(&tasks[i], 0, 0, 0);
			sim_start(&sim, i, ENQUEUE_NEW);
		}
		sim_task_init(&tasks[5], 0, 0, 0);
		sim_run(&sim, 1 * SEC + SIM_TICK_NS / 2);
		sim_reset_stats(&sim);
		cfs_update_curr(&sim.rq, sim.now);
		uint64_t min = sim.rq.min_vruntime;

		sim_start(&sim, 5, flags);
		assert_int_equal(cfs_check(&sim.rq), 0);
		if (flags == ENQUEUE_NEW)
			assert_int_equal(tasks[5].se.vruntime,
					 min + SCHED_LATENCY_NS / 6);
		else
			assert_int_equal(tasks[5].se.vruntime,
					 min - SCHED_LATENCY_NS);
		sim_run(&sim, 1 * SEC + 100 * MS);
		printf("# new task (flags %d): %.1f ms of the next 100 ms\n",
		       flags, tasks[5].cpu_ns / 1e6);
		assert_true(tasks[5].runs > 0);
		if (flags == ENQUEUE_NEW)
			assert_true(tasks[5].cpu_ns <=
				    100 * MS / 6 + SIM_TICK_NS);
		else
			assert_true(tasks[5].cpu_ns <=
				    100 * MS / 6 + SCHED_LATENCY_NS +
					    2 * SIM_TICK_NS);
		assert_int_equal(sim.check_failed, 0);
	}
}

/* A yielding hog gets little CPU; the others share the rest evenly. */
static void test_yield_sim(void **state)
{
	struct sim_task tasks[3];
	struct sim sim;
	static const int nices[3] = {0, 0, 0};

	(void)state;
	run_hogs(&sim, tasks, 3, nices, 100 * MS);
	/* Task 0 yields whenever it runs at a tick. */
	for (int k = 0; k < 500; k++) {
		if (sim.rq.curr == &tasks[0].se) {
			cfs_yield(&sim.rq, sim.now);
			cfs_pick_next(&sim.rq, sim.now);
			assert_ptr_not_equal(sim.rq.curr, &tasks[0].se);
		}
		sim_run(&sim, sim.now + SIM_TICK_NS);
	}
	printf("# yielder %.1f ms, others %.1f ms and %.1f ms\n",
	       tasks[0].cpu_ns / 1e6, tasks[1].cpu_ns / 1e6,
	       tasks[2].cpu_ns / 1e6);
	assert_true(tasks[0].cpu_ns < tasks[1].cpu_ns / 10);
	assert_true(absdiff(tasks[1].cpu_ns, tasks[2].cpu_ns) <=
		    2 * SIM_TICK_NS);
	assert_int_equal(cfs_check(&sim.rq), 0);
}

/* Across the 2^64 wrap of the virtual clock, equal hogs stay fair. */
static void test_vruntime_wrap(void **state)
{
	struct sim_task tasks[3];
	struct sim sim;

	(void)state;
	sim_init(&sim, tasks, 3);
	sim.rq.min_vruntime = UINT64_MAX - 50 * MS;
	sim.check_every_event = true;
	for (int i = 0; i < 3; i++) {
		sim_task_init(&tasks[i], i == 2 ? 5 : 0, 0, 0);
		sim_start(&sim, i, ENQUEUE_NEW);
	}
	sim_run(&sim, 3 * SEC);
	assert_true(sim.rq.min_vruntime < 10 * SEC); /* it wrapped */
	uint64_t want0 = 3 * SEC * 1024 / (2048 + 335);

	assert_true(absdiff(tasks[0].cpu_ns, want0) <= 2 * SIM_TICK_NS);
	assert_true(absdiff(tasks[1].cpu_ns, want0) <= 2 * SIM_TICK_NS);
	assert_accounts(&sim, 3 * SEC);
}

/* Mixed sleepers and hogs with renicing: the checker never complains. */
static void test_mixed_workload(void **state)
{
	struct sim_task tasks[12];
	struct renice_arg arg = {.lo = -10, .hi = 10, .every = 3};
	struct sim sim;

	(void)state;
	rng_state = 31337;
	sim_init(&sim, tasks, 12);
	sim.check_every_event = true;
	sim.on_tick = renice_on_tick;
	sim.arg = &arg;
	for (int i = 0; i < 12; i++) {
		uint64_t run = i < 4 ? 0 : (rnd() % 5000 + 1) * 1000;

		sim_task_init(&tasks[i], (int)(rnd() % 21) - 10, run,
			      (rnd() % 50000 + 1) * 1000);
		sim_start(&sim, i, ENQUEUE_NEW);
	}
	sim_run(&sim, 10 * SEC);
	assert_accounts(&sim, 10 * SEC); /* 4 hogs: never idle */
	for (int i = 0; i < 12; i++)
		assert_true(tasks[i].runs > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weight_table),
		cmocka_unit_test(test_entity_init_clamps),
		cmocka_unit_test(test_delta_fair),
		cmocka_unit_test(test_slice),
		cmocka_unit_test(test_empty_rq),
		cmocka_unit_test(test_pick_order),
		cmocka_unit_test(test_double_enqueue_dequeue),
		cmocka_unit_test(test_dequeue_curr_and_queued),
		cmocka_unit_test(test_update_curr),
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_tick),
		cmocka_unit_test(test_wakeup_preempt),
		cmocka_unit_test(test_yield),
		cmocka_unit_test(test_reweight),
		cmocka_unit_test(test_reweight_random),
		cmocka_unit_test(test_check_detects),
		cmocka_unit_test(test_equal_share_2),
		cmocka_unit_test(test_equal_share_3),
		cmocka_unit_test(test_equal_share_10),
		cmocka_unit_test(test_equal_share_100),
		cmocka_unit_test(test_nice_0_vs_5),
		cmocka_unit_test(test_nice_spread),
		cmocka_unit_test(test_wakeup_latency),
		cmocka_unit_test(test_wakeup_no_preempt_light),
		cmocka_unit_test(test_no_starvation),
		cmocka_unit_test(test_new_task_placement),
		cmocka_unit_test(test_yield_sim),
		cmocka_unit_test(test_vruntime_wrap),
		cmocka_unit_test(test_mixed_workload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
