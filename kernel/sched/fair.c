// SPDX-License-Identifier: MIT
/*
 * The fair scheduling policy (fair.h): virtual runtime, a red-black tree
 * of waiting entities, slices from weights, tick and wakeup preemption.
 *
 * One run queue, seen from the virtual clock:
 *
 *   min_vruntime - LATENCY      min_vruntime
 *        |  woken (credit)           |  curr   queued ...     new
 *        v                           v   v      v   v  v       v
 *   -----[~~~~~~~~~~~~~~~~~~~~~~~~~~~|===*======*===*==*=======*---->
 *                                         leftmost runs next; a new
 *                                         entity starts a slice late
 *
 * Time is accounted lazily: whenever the running entity (curr) is touched,
 * the real ns since exec_start are added to its sum_exec_runtime and,
 * scaled by NICE_0_WEIGHT / weight, to its vruntime; min_vruntime then
 * follows the smallest on_rq vruntime but never goes back.
 *
 * No 128-bit division here: the kernel has no compiler runtime. Products
 * that may not fit in 64 bits go through mul_u64_u64_div_u64 (clockmath).
 */
#include "kernel/sched/fair.h"

#include "kernel/lib/clockmath.h"

#define U64_MAX UINT64_MAX

/*
 * No vruntime of this run queue lies this far ahead of min_vruntime
 * (2^62 virtual ns: over a century): one that does is stale (vruntime 0
 * from sched_entity_init, or from a sleep longer than the clock's
 * half-turn) and would break the order of the wrapping clock; placement
 * treats it as being at the floor.
 */
#define VRUNTIME_HORIZON (1ULL << 62)

/* Beyond this many runnable entities the period stretches. */
#define SCHED_NR_LATENCY (SCHED_LATENCY_NS / SCHED_MIN_GRANULARITY_NS)

/*
 * Linux's nice-to-weight table: about 1.25x per step, so one nice level
 * moves about 10% of the CPU between two entities; nice 0 is 1024.
 */
const u32 sched_prio_to_weight[NICE_WIDTH] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */ 9548,	 7620,	6100,  4904,  3906,
	/*  -5 */ 3121,	 2501,	1991,  1586,  1277,
	/*   0 */ 1024,	 820,	655,   526,   423,
	/*   5 */ 335,	 272,	215,   172,   137,
	/*  10 */ 110,	 87,	70,    56,    45,
	/*  15 */ 36,	 29,	23,    18,    15,
};

static inline struct sched_entity *se_of(const struct rb_node *node)
{
	return rb_entry_safe(node, struct sched_entity, run_node);
}

/* a - b on the wrapping virtual clock. */
static inline s64 vruntime_diff(u64 a, u64 b)
{
	return (s64)(a - b);
}

static inline u64 max_vruntime(u64 a, u64 b)
{
	return vruntime_diff(a, b) > 0 ? a : b;
}

static inline u64 min_vruntime(u64 a, u64 b)
{
	return vruntime_diff(a, b) < 0 ? a : b;
}

/* The timeline's order: smaller vruntime first; equal ones in arrival. */
static bool entity_less(const struct rb_node *a, const struct rb_node *b)
{
	return vruntime_diff(se_of(a)->vruntime, se_of(b)->vruntime) < 0;
}

/* a * b / c, rounded down, saturated; 64-bit fast path. */
static u64 mul_div(u64 a, u64 b, u64 c)
{
	u64 prod;

	if (!__builtin_mul_overflow(a, b, &prod))
		return prod / c;
	return mul_u64_u64_div_u64(a, b, c);
}

static u32 nice_to_weight(int nice)
{
	return sched_prio_to_weight[nice - NICE_MIN];
}

static int clamp_nice(int nice)
{
	return nice < NICE_MIN ? NICE_MIN : nice > NICE_MAX ? NICE_MAX : nice;
}

u64 cfs_delta_fair(u64 delta, const struct sched_entity *se)
{
	if (se->weight == NICE_0_WEIGHT)
		return delta;
	return mul_div(delta, NICE_0_WEIGHT, se->weight);
}

/* The period in which each of @nr runnable entities runs once. */
static u64 sched_period(u64 nr)
{
	if (nr > SCHED_NR_LATENCY)
		return nr * SCHED_MIN_GRANULARITY_NS;
	return SCHED_LATENCY_NS;
}

u64 cfs_slice(const struct cfs_rq *rq, const struct sched_entity *se)
{
	u64 nr = rq->nr_running, load = rq->load_weight;

	if (!se->on_rq) {
		nr++;
		load += se->weight;
	}
	return mul_div(sched_period(nr), se->weight, load);
}

/* How far ahead of @se the running entity may get before @se preempts. */
static u64 wakeup_gran(const struct sched_entity *se)
{
	return cfs_delta_fair(SCHED_WAKEUP_GRANULARITY_NS, se);
}

/* True when @curr runs more than @se's wakeup granularity ahead of it. */
static bool should_preempt(const struct sched_entity *curr,
			   const struct sched_entity *se)
{
	s64 ahead = vruntime_diff(curr->vruntime, se->vruntime);

	return ahead > 0 && (u64)ahead > wakeup_gran(se);
}

struct sched_entity *cfs_first(const struct cfs_rq *rq)
{
	return se_of(rb_first_cached(&rq->timeline));
}

/* min_vruntime follows the smallest on_rq vruntime, forwards only. */
static void update_min_vruntime(struct cfs_rq *rq)
{
	const struct sched_entity *curr = rq->curr, *left = cfs_first(rq);
	u64 v;

	if (curr && left)
		v = min_vruntime(curr->vruntime, left->vruntime);
	else if (curr)
		v = curr->vruntime;
	else if (left)
		v = left->vruntime;
	else
		return;
	rq->min_vruntime = max_vruntime(rq->min_vruntime, v);
}

void cfs_rq_init(struct cfs_rq *rq)
{
	rq->timeline = RB_ROOT_CACHED;
	rq->curr = NULL;
	rq->min_vruntime = 0;
	rq->load_weight = 0;
	rq->nr_running = 0;
}

void sched_entity_init(struct sched_entity *se, int nice)
{
	RB_CLEAR_NODE(&se->run_node);
	se->run_node.rb_left = NULL;
	se->run_node.rb_right = NULL;
	se->vruntime = 0;
	se->exec_start = 0;
	se->sum_exec_runtime = 0;
	se->prev_sum_exec_runtime = 0;
	se->nice = clamp_nice(nice);
	se->weight = nice_to_weight(se->nice);
	se->on_rq = false;
}

void cfs_update_curr(struct cfs_rq *rq, u64 now)
{
	struct sched_entity *curr = rq->curr;
	u64 delta;

	if (!curr || now <= curr->exec_start)
		return;
	delta = now - curr->exec_start;
	curr->exec_start = now;
	curr->sum_exec_runtime += delta;
	curr->vruntime += cfs_delta_fair(delta, curr);
	update_min_vruntime(rq);
}

/* Where an entity joining the run queue starts on the virtual clock. */
static void place_entity(struct cfs_rq *rq, struct sched_entity *se, int flags)
{
	u64 credit = SCHED_LATENCY_NS;

	if (flags & ENQUEUE_NEW) {
		/* A slice (in its own virtual time) past min_vruntime:
		 * no head start for a fork, so forking cannot grab the
		 * CPU from the queue. */
		se->vruntime = rq->min_vruntime +
			       cfs_delta_fair(cfs_slice(rq, se), se);
		return;
	}
	/* A sleeper gets half a period of credit, so it runs soon after
	 * waking without having banked its sleep; anyone else keeps its
	 * vruntime unless it fell a whole period behind. */
	if (flags & ENQUEUE_WAKEUP)
		credit /= 2;
	if (vruntime_diff(se->vruntime, rq->min_vruntime) >
	    (s64)VRUNTIME_HORIZON)
		se->vruntime = rq->min_vruntime - credit;
	else
		se->vruntime =
			max_vruntime(se->vruntime, rq->min_vruntime - credit);
}

void cfs_enqueue(struct cfs_rq *rq, struct sched_entity *se, int flags, u64 now)
{
	if (se->on_rq)
		return;
	cfs_update_curr(rq, now);
	place_entity(rq, se, flags);
	rb_add_cached(&se->run_node, &rq->timeline, entity_less);
	se->on_rq = true;
	rq->nr_running++;
	rq->load_weight += se->weight;
}

void cfs_dequeue(struct cfs_rq *rq, struct sched_entity *se, int flags, u64 now)
{
	(void)flags;
	if (!se->on_rq)
		return;
	cfs_update_curr(rq, now);
	if (se == rq->curr)
		rq->curr = NULL;
	else
		rb_erase_cached(&se->run_node, &rq->timeline);
	RB_CLEAR_NODE(&se->run_node);
	se->on_rq = false;
	rq->nr_running--;
	rq->load_weight -= se->weight;
	update_min_vruntime(rq);
}

/* @se starts running (a new slice) at @now. */
static void set_next_entity(struct sched_entity *se, u64 now)
{
	se->exec_start = now;
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
}

struct sched_entity *cfs_pick_next(struct cfs_rq *rq, u64 now)
{
	struct sched_entity *curr = rq->curr, *left = cfs_first(rq);

	if (curr) {
		cfs_update_curr(rq, now);
		/* Still strictly first: skip the trip through the tree. */
		if (!left ||
		    vruntime_diff(curr->vruntime, left->vruntime) < 0) {
			set_next_entity(curr, now);
			return curr;
		}
		rq->curr = NULL;
		rb_add_cached(&curr->run_node, &rq->timeline, entity_less);
		left = cfs_first(rq);
	}
	if (!left)
		return NULL;
	rb_erase_cached(&left->run_node, &rq->timeline);
	RB_CLEAR_NODE(&left->run_node);
	rq->curr = left;
	set_next_entity(left, now);
	return left;
}

bool cfs_tick(struct cfs_rq *rq, u64 now)
{
	struct sched_entity *curr = rq->curr;
	u64 ran;

	if (!curr)
		return false;
	cfs_update_curr(rq, now);
	if (rq->nr_running < 2)
		return false;
	ran = curr->sum_exec_runtime - curr->prev_sum_exec_runtime;
	if (ran >= cfs_slice(rq, curr))
		return true;
	if (ran < SCHED_MIN_GRANULARITY_NS)
		return false;
	return should_preempt(curr, cfs_first(rq));
}

bool cfs_check_preempt_wakeup(struct cfs_rq *rq, struct sched_entity *se,
			      u64 now)
{
	if (!rq->curr || se == rq->curr || !se->on_rq)
		return false;
	cfs_update_curr(rq, now);
	return should_preempt(rq->curr, se);
}

void cfs_yield(struct cfs_rq *rq, u64 now)
{
	struct sched_entity *curr = rq->curr, *last;

	if (!curr)
		return;
	cfs_update_curr(rq, now);
	last = se_of(rb_last(&rq->timeline.rb_root));
	if (last && vruntime_diff(last->vruntime, curr->vruntime) >= 0)
		curr->vruntime = last->vruntime + 1;
	update_min_vruntime(rq);
}

void cfs_reweight(struct cfs_rq *rq, struct sched_entity *se, int nice, u64 now)
{
	u32 weight;

	nice = clamp_nice(nice);
	weight = nice_to_weight(nice);
	if (se == rq->curr)
		cfs_update_curr(rq, now);
	if (se->on_rq)
		rq->load_weight = rq->load_weight - se->weight + weight;
	se->nice = nice;
	se->weight = weight;
}

/* The checks every on_rq entity must pass. */
static int check_entity(const struct cfs_rq *rq, const struct sched_entity *se)
{
	if (!se->on_rq)
		return CFS_ERR_NOT_ON_RQ;
	if (se->nice < NICE_MIN || se->nice > NICE_MAX ||
	    se->weight != nice_to_weight(se->nice))
		return CFS_ERR_WEIGHT;
	if (vruntime_diff(se->vruntime, rq->min_vruntime) <
	    -(s64)SCHED_LATENCY_NS)
		return CFS_ERR_VRUNTIME_FLOOR;
	return 0;
}

int cfs_check(const struct cfs_rq *rq)
{
	const struct rb_node *node;
	u64 load = 0, nr = 0;
	int err = rb_check_cached(&rq->timeline, entity_less, NULL);

	if (err == RB_ERR_ORDER)
		return CFS_ERR_ORDER;
	if (err == RB_ERR_LEFTMOST)
		return CFS_ERR_LEFTMOST;
	if (err < 0)
		return CFS_ERR_TREE;
	for (node = rb_first_cached(&rq->timeline); node;
	     node = rb_next(node)) {
		const struct sched_entity *se = se_of(node);

		if (se == rq->curr)
			return CFS_ERR_CURR_IN_TREE;
		err = check_entity(rq, se);
		if (err)
			return err;
		nr++;
		load += se->weight;
	}
	if (rq->curr) {
		err = check_entity(rq, rq->curr);
		if (err)
			return err;
		nr++;
		load += rq->curr->weight;
	}
	if (nr != rq->nr_running)
		return CFS_ERR_NR_RUNNING;
	if (load != rq->load_weight)
		return CFS_ERR_LOAD;
	return 0;
}
