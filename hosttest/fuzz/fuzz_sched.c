// SPDX-License-Identifier: MIT
/*
 * Fuzz target for kernel/sched/fair.c: random sequences of entity
 * (re)creation, enqueue and dequeue with any flags, pick_next, time
 * advances, ticks, wakeup-preemption checks, yield and reweight on one
 * cfs_rq, checked against a model after every step.
 *
 * The model is a plain array: which entities are on the rq, their nice
 * values (clamped independently), the running one, the time that passed
 * while something ran, and each entity's last seen vruntime and runtime.
 * After every step:
 * - cfs_check() passes; nr_running and load_weight equal the model's;
 * - min_vruntime never goes back (on the wrapping virtual clock);
 * - the runtimes add up: sum of sum_exec_runtime plus the running
 *   entity's unaccounted time (now - exec_start) equals the time that
 *   passed while an entity was running;
 * - only the entity that was running gained runtime, and its vruntime
 *   grew by exactly that runtime * 1024 / weight (128-bit reference);
 *   nobody else's vruntime moved, except the one the step placed;
 * and per operation:
 * - pick_next returns an on_rq entity with the smallest vruntime of all
 *   on_rq ones, now rq->curr, with a fresh slice; NULL only when empty;
 * - enqueue places as fair.h says (NEW: min + slice in virtual time;
 *   WAKEUP: not below min - latency / 2; else not below min - latency;
 *   a stale vruntime over 2^62 ahead at that floor), with the slice from
 *   the model's count and load;
 * - tick and wakeup preemption answer as fair.h's rules say;
 * - yield leaves curr after every waiting entity;
 * - reweight gives the clamped nice's weight and keeps the vruntime;
 * - enqueueing an on_rq entity or dequeueing an off-rq one does nothing.
 *
 * Input: [start] then operations of 1..4 bytes (see run_op).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/sched/fair.h"

#define NR_ENT 16
#define MAX_OPS 2000
#define TICK_NS 4000000ULL

typedef unsigned __int128 u128;

static struct cfs_rq rq;
static struct sched_entity ent[NR_ENT];

static struct {
	bool on_rq[NR_ENT];
	int nice[NR_ENT];
	int curr; /* index, or -1 */
	uint64_t now;
	uint64_t busy; /* ns that passed while an entity ran */
	uint64_t min_vruntime;
	uint64_t vruntime[NR_ENT], sum[NR_ENT];
	uint32_t weight[NR_ENT]; /* at the start of the step */
} m;

static const uint32_t nice_weight[40] = {
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
	9548,  7620,  6100,  4904,  3906,  3121,  2501,	 1991,	1586,  1277,
	1024,  820,   655,   526,   423,   335,	  272,	 215,	172,   137,
	110,   87,    70,    56,    45,	   36,	  29,	 23,	18,    15,
};

static int64_t vdiff(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b);
}

static int model_clamp(int nice)
{
	if (nice < -20)
		return -20;
	return nice > 19 ? 19 : nice;
}

static uint32_t model_weight(int i)
{
	return nice_weight[m.nice[i] + 20];
}

static uint64_t ref_fair(uint64_t delta, uint32_t weight)
{
	u128 v = (u128)delta * 1024 / weight;

	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

static int model_nr(void)
{
	int nr = 0;

	for (int i = 0; i < NR_ENT; i++)
		nr += m.on_rq[i];
	return nr;
}

static uint64_t model_load(void)
{
	uint64_t load = 0;

	for (int i = 0; i < NR_ENT; i++)
		if (m.on_rq[i])
			load += model_weight(i);
	return load;
}

/* The slice of entity @i, counting it as runnable. */
static uint64_t ref_slice(int i)
{
	uint64_t nr = (uint64_t)model_nr() + !m.on_rq[i];
	uint64_t load = model_load() + (m.on_rq[i] ? 0 : model_weight(i));
	uint64_t period = nr > 8 ? nr * 750000ULL : 6000000ULL;

	return (uint64_t)((u128)period * model_weight(i) / load);
}

/* The waiting (on_rq, not running) entity with the smallest vruntime. */
static int model_first(void)
{
	int best = -1;

	for (int i = 0; i < NR_ENT; i++)
		if (m.on_rq[i] && i != m.curr &&
		    (best < 0 ||
		     vdiff(ent[i].vruntime, ent[best].vruntime) < 0))
			best = i;
	return best;
}

static bool ref_preempt(int curr, int i)
{
	int64_t ahead = vdiff(ent[curr].vruntime, ent[i].vruntime);

	return ahead > 0 &&
	       (uint64_t)ahead > ref_fair(1000000, model_weight(i));
}

/* Before a step: what the model remembers of every entity. */
static void snapshot(void)
{
	for (int i = 0; i < NR_ENT; i++) {
		m.vruntime[i] = ent[i].vruntime;
		m.sum[i] = ent[i].sum_exec_runtime;
		m.weight[i] = ent[i].weight;
	}
}

/* After a step: every invariant; @placed moved on purpose (or -1). */
static void check_all(int placed, int prev_curr, bool curr_moved)
{
	uint64_t total = 0;

	check(cfs_check(&rq) == 0);
	check(rq.nr_running == (unsigned int)model_nr());
	check(rq.load_weight == model_load());
	check(vdiff(rq.min_vruntime, m.min_vruntime) >= 0);
	m.min_vruntime = rq.min_vruntime;
	check(m.curr < 0 ? rq.curr == NULL : rq.curr == &ent[m.curr]);
	for (int i = 0; i < NR_ENT; i++) {
		uint64_t ran = ent[i].sum_exec_runtime - m.sum[i];

		check(ent[i].on_rq == m.on_rq[i]);
		check(ent[i].nice == m.nice[i]);
		check(ent[i].weight == model_weight(i));
		total += ent[i].sum_exec_runtime;
		if (i == placed)
			continue;
		if (i != prev_curr) {
			check(ran == 0);
			check(ent[i].vruntime == m.vruntime[i]);
		} else if (curr_moved) {
			check(vdiff(ent[i].vruntime, m.vruntime[i]) >=
			      (int64_t)ref_fair(ran, m.weight[i]));
		} else {
			check(ent[i].vruntime ==
			      m.vruntime[i] + ref_fair(ran, m.weight[i]));
		}
	}
	if (rq.curr) {
		check(rq.curr->exec_start <= m.now);
		total += m.now - rq.curr->exec_start;
	}
	check(total == m.busy);
}

static void advance(uint64_t delta)
{
	if (m.curr >= 0)
		m.busy += delta;
	m.now += delta;
}

static void op_enqueue(int i, int flags)
{
	uint64_t slice = ref_slice(i), v = ent[i].vruntime, min, floor;

	if (m.on_rq[i]) {
		cfs_enqueue(&rq, &ent[i], flags, m.now);
		check_all(-1, m.curr, false);
		return;
	}
	cfs_enqueue(&rq, &ent[i], flags, m.now);
	m.on_rq[i] = true;
	min = rq.min_vruntime; /* after accounting; enqueue keeps it */
	floor = min - (flags & ENQUEUE_WAKEUP ? 3000000 : 6000000);
	if (flags & ENQUEUE_NEW)
		check(ent[i].vruntime ==
		      min + ref_fair(slice, model_weight(i)));
	else if (vdiff(v, min) > (int64_t)(1ULL << 62)) /* stale */
		check(ent[i].vruntime == floor);
	else
		check(ent[i].vruntime == (vdiff(v, floor) > 0 ? v : floor));
	check_all(i, m.curr, false);
}

static void op_dequeue(int i, int flags)
{
	int prev = m.curr;

	cfs_dequeue(&rq, &ent[i], flags, m.now);
	if (m.on_rq[i]) {
		m.on_rq[i] = false;
		if (m.curr == i)
			m.curr = -1;
	}
	check_all(-1, prev, false);
}

static void op_pick(void)
{
	int prev = m.curr;
	struct sched_entity *p = cfs_pick_next(&rq, m.now);

	if (!p) {
		check(model_nr() == 0);
		check_all(-1, prev, false);
		return;
	}
	m.curr = (int)(p - ent);
	check(m.curr >= 0 && m.curr < NR_ENT && m.on_rq[m.curr]);
	for (int i = 0; i < NR_ENT; i++)
		if (m.on_rq[i])
			check(vdiff(p->vruntime, ent[i].vruntime) <= 0);
	check(p->exec_start == m.now);
	check(p->prev_sum_exec_runtime == p->sum_exec_runtime);
	check_all(-1, prev, false);
}

static void op_tick(void)
{
	int c = m.curr, first;
	bool want = false, got;

	advance(TICK_NS);
	got = cfs_tick(&rq, m.now);
	first = model_first();
	/* Among equal vruntimes the tree knows who came first. */
	if (first >= 0) {
		check(cfs_first(&rq) &&
		      cfs_first(&rq)->vruntime == ent[first].vruntime);
		first = (int)(cfs_first(&rq) - ent);
	} else {
		check(!cfs_first(&rq));
	}
	if (c >= 0 && first >= 0) {
		uint64_t ran =
			ent[c].sum_exec_runtime - ent[c].prev_sum_exec_runtime;

		want = ran >= ref_slice(c) ||
		       (ran >= 750000 && ref_preempt(c, first));
	}
	check(got == want);
	check_all(-1, c, false);
}

static void op_preempt(int i)
{
	int c = m.curr;
	bool got = cfs_check_preempt_wakeup(&rq, &ent[i], m.now);

	if (c < 0 || c == i || !m.on_rq[i])
		check(!got);
	else
		check(got == ref_preempt(c, i));
	check_all(-1, c, false);
}

static void op_yield(void)
{
	int c = m.curr;

	cfs_yield(&rq, m.now);
	if (c >= 0)
		for (int i = 0; i < NR_ENT; i++)
			if (m.on_rq[i] && i != c)
				check(vdiff(ent[c].vruntime, ent[i].vruntime) >
				      0);
	check_all(-1, c, true);
}

static void op_reweight(int i, int nice)
{
	cfs_reweight(&rq, &ent[i], nice, m.now);
	m.nice[i] = model_clamp(nice);
	check_all(-1, m.curr, false);
}

static void op_init(int i, int nice)
{
	if (m.on_rq[i])
		return;
	m.busy -= ent[i].sum_exec_runtime; /* its history goes */
	sched_entity_init(&ent[i], nice);
	m.nice[i] = model_clamp(nice);
	check(ent[i].vruntime == 0 && ent[i].sum_exec_runtime == 0);
	check_all(i, m.curr, false);
}

static void op_query(int i)
{
	int first = model_first();

	check(cfs_slice(&rq, &ent[i]) == ref_slice(i));
	check(cfs_delta_fair(m.now, &ent[i]) ==
	      ref_fair(m.now, model_weight(i)));
	if (first < 0)
		check(cfs_first(&rq) == NULL);
	else
		check(cfs_first(&rq)->vruntime == ent[first].vruntime);
	check_all(-1, m.curr, false);
}

/*
 * One operation: [op] then its arguments. The entity is op >> 4 (16 of
 * them); flags, nice values and times come from the following bytes.
 */
static void run_op(struct input *in)
{
	unsigned int op = next_byte(in);
	int i = (int)(op >> 4);

	snapshot();
	switch (op & 15) {
	case 0:
		op_init(i, (int)next_byte(in) - 128);
		break;
	case 1:
	case 2:
		op_enqueue(i, (int)(next_byte(in) & 3));
		break;
	case 3:
		op_dequeue(i, (int)(next_byte(in) & 1));
		break;
	case 4:
	case 5:
		op_pick();
		break;
	case 6: {
		unsigned int amount = next_u16(in), shift = next_byte(in) % 16;

		advance((uint64_t)amount << shift);
		check_all(-1, m.curr, false);
		break;
	}
	case 7:
	case 8:
		op_tick();
		break;
	case 9:
		op_preempt(i);
		break;
	case 10:
		op_yield();
		break;
	case 11:
		op_reweight(i, (int)(signed char)next_byte(in));
		break;
	case 12:
		cfs_update_curr(&rq, m.now);
		check_all(-1, m.curr, false);
		break;
	case 13:
		op_query(i);
		break;
	default:
		/* Enqueue and check preemption, as a wakeup does. */
		op_enqueue(i, ENQUEUE_WAKEUP);
		snapshot();
		op_preempt(i);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};
	static const uint64_t starts[4] = {
		0,
		UINT64_MAX - (1ULL << 24),
		1ULL << 63,
		123456789,
	};
	unsigned int start = next_byte(&in);

	memset(&m, 0, sizeof(m));
	cfs_rq_init(&rq);
	rq.min_vruntime = starts[start & 3];
	m.min_vruntime = rq.min_vruntime;
	m.curr = -1;
	m.now = (uint64_t)(start >> 2) * 1000000;
	for (int i = 0; i < NR_ENT; i++)
		sched_entity_init(&ent[i], 0);
	for (int n = 0; n < MAX_OPS && in.pos < in.size; n++)
		run_op(&in);
	/* Drain: everything comes out in vruntime order. */
	snapshot();
	while (model_nr()) {
		struct sched_entity *p;
		int prev = m.curr;

		snapshot();
		p = cfs_pick_next(&rq, m.now);
		check(p != NULL);
		m.curr = (int)(p - ent);
		for (int i = 0; i < NR_ENT; i++)
			if (m.on_rq[i])
				check(vdiff(p->vruntime, ent[i].vruntime) <= 0);
		check_all(-1, prev, false);
		snapshot();
		op_dequeue(m.curr, DEQUEUE_SLEEP);
	}
	check(rq.load_weight == 0 && rq.curr == NULL);
	return 0;
}
