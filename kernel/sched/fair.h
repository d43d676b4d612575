/* SPDX-License-Identifier: MIT */
/*
 * The fair scheduling policy, pure (DESIGN.md "Tasks and user space"): a
 * CFS-like virtual-time policy. It never touches the CPU, takes the time
 * as a parameter (nanoseconds) and is host-tested and fuzzed; the kernel's
 * glue (kernel/sched/core.c) owns the locks, the tasks and the switch.
 *
 * Each runnable entity has a weight from its nice value (Linux's
 * sched_prio_to_weight table: nice 0 is 1024, each step about 1.25x) and a
 * virtual runtime: the CPU time it received scaled by NICE_0_WEIGHT /
 * weight. The run queue keeps the waiting entities ordered by vruntime in
 * a red-black tree and always runs the one with the smallest; the running
 * one (cfs_rq.curr) is kept out of the tree until it is put back.
 *
 * Virtual times are compared by their signed difference, as Linux does,
 * so they may wrap around 2^64: what matters is that every on_rq vruntime
 * lies within 2^63 of min_vruntime (they stay within a few periods of it).
 *
 * Caller contract: one cfs_rq is used under one lock; @now never goes
 * backwards across calls on the same cfs_rq. Enqueueing an entity that is
 * on_rq, or dequeueing one that is not, changes nothing.
 */
#ifndef KEEL_KERNEL_SCHED_FAIR_H
#define KEEL_KERNEL_SCHED_FAIR_H

#include "kernel/lib/rbtree.h"
#include "kernel/lib/types.h"

#define NICE_MIN (-20)
#define NICE_MAX 19
#define NICE_WIDTH 40
#define NICE_0_WEIGHT 1024

/* Linux's table: weight of nice -20 .. 19 (index nice + 20). */
extern const u32 sched_prio_to_weight[NICE_WIDTH];

/*
 * Tunables, in nanoseconds (Linux's defaults for one CPU): the period in
 * which every runnable entity should run once while there are at most
 * sched_nr_latency of them, the smallest slice, and how much smaller a
 * waking entity's vruntime must be than the running one's to preempt it.
 */
#define SCHED_LATENCY_NS 6000000ULL
#define SCHED_MIN_GRANULARITY_NS 750000ULL
#define SCHED_WAKEUP_GRANULARITY_NS 1000000ULL

struct sched_entity {
	struct rb_node run_node; /* in cfs_rq.timeline while queued */
	u64 vruntime; /* virtual ns */
	u64 exec_start; /* time of the last accounting of the running one */
	u64 sum_exec_runtime; /* real ns of CPU received, ever */
	u64 prev_sum_exec_runtime; /* sum_exec_runtime when last picked */
	u32 weight; /* sched_prio_to_weight[nice + 20] */
	int nice;
	bool on_rq; /* queued, or the cfs_rq's curr */
};

struct cfs_rq {
	struct rb_root_cached timeline; /* waiting entities by vruntime */
	struct sched_entity *curr; /* running; not in timeline; or NULL */
	/* Monotonic; every on_rq vruntime is >= min_vruntime -
	 * SCHED_LATENCY_NS (a woken entity is placed up to that far below;
	 * everything else is at or above it). */
	u64 min_vruntime;
	u64 load_weight; /* sum of the weights of every on_rq entity */
	unsigned int nr_running; /* on_rq entities, curr included */
};

/* cfs_enqueue flags */
#define ENQUEUE_WAKEUP 0x1 /* after a sleep: placed with sleeper credit */
#define ENQUEUE_NEW 0x2 /* a new entity: starts a slice after the others */

/* cfs_dequeue flags */
#define DEQUEUE_SLEEP 0x1 /* it goes to sleep (accounting only) */

/**
 * cfs_rq_init - an empty run queue (no curr, min_vruntime 0).
 * @rq: the run queue.
 */
void cfs_rq_init(struct cfs_rq *rq);

/**
 * sched_entity_init - a new entity, not on any run queue: no runtime,
 * vruntime 0 (enqueue it with ENQUEUE_NEW to place it).
 * @se: the entity.
 * @nice: NICE_MIN..NICE_MAX (clamped).
 */
void sched_entity_init(struct sched_entity *se, int nice);

/**
 * cfs_enqueue - make @se runnable on @rq (it must not be on_rq).
 * @flags: ENQUEUE_WAKEUP places it at max(its vruntime, min_vruntime -
 *   SCHED_LATENCY_NS / 2); ENQUEUE_NEW at min_vruntime + its slice's
 *   virtual length (the slice counted with @se runnable; NEW wins over
 *   WAKEUP); neither keeps its vruntime but never below
 *   min_vruntime - SCHED_LATENCY_NS. A vruntime more than 2^62 ns ahead
 *   of min_vruntime is taken as stale and placed at that floor (minus
 *   only the WAKEUP credit when woken).
 * @now: the current time (the running entity is accounted up to it
 *   first, so min_vruntime is current).
 */
void cfs_enqueue(struct cfs_rq *rq, struct sched_entity *se, int flags,
		 u64 now);

/**
 * cfs_dequeue - take @se (on_rq; possibly rq->curr) off @rq. The running
 * entity's time up to @now is accounted first; rq->curr becomes NULL
 * when @se was it. @se keeps its vruntime (a later ENQUEUE_WAKEUP places
 * it from there).
 * @flags: DEQUEUE_SLEEP or 0; both account the same way.
 */
void cfs_dequeue(struct cfs_rq *rq, struct sched_entity *se, int flags,
		 u64 now);

/**
 * cfs_pick_next - choose what runs next: accounts and puts the current
 * entity back into the tree (if still on_rq), then takes the leftmost
 * one out of the tree and makes it rq->curr. On equal vruntimes the one
 * that waited wins over the running one. The picked entity starts a new
 * slice at @now (even when it is the same one).
 * Return: the new curr, or NULL when nothing is runnable.
 */
struct sched_entity *cfs_pick_next(struct cfs_rq *rq, u64 now);

/**
 * cfs_update_curr - account the running entity's time up to @now
 * (sum_exec_runtime, vruntime, min_vruntime). No-op without a curr.
 */
void cfs_update_curr(struct cfs_rq *rq, u64 now);

/**
 * cfs_tick - the periodic tick: account curr up to @now.
 * Return: true when another entity waits and curr has either used up its
 * slice (run cfs_slice or more since it was picked), or run at least
 * SCHED_MIN_GRANULARITY_NS and got ahead of the leftmost waiting entity
 * by more than the wakeup granularity (the test of
 * cfs_check_preempt_wakeup for that entity): the caller should
 * reschedule. False without a curr.
 */
bool cfs_tick(struct cfs_rq *rq, u64 now);

/**
 * cfs_check_preempt_wakeup - after enqueueing a woken @se: should it
 * preempt rq->curr? True when curr's vruntime exceeds @se's by more than
 * the wakeup granularity (scaled to @se's weight, cfs_delta_fair).
 * False without a curr, when @se is curr or when @se is not on_rq. The
 * running entity is accounted up to @now first.
 */
bool cfs_check_preempt_wakeup(struct cfs_rq *rq, struct sched_entity *se,
			      u64 now);

/**
 * cfs_yield - sched_yield for rq->curr: account it, then move its
 * vruntime just past the largest waiting vruntime (if that is larger), so
 * every other runnable entity runs before it again. The caller then
 * reschedules (cfs_pick_next). No-op without a curr.
 */
void cfs_yield(struct cfs_rq *rq, u64 now);

/**
 * cfs_reweight - change @se's nice (clamped), keeping its place: its
 * vruntime, so its position in the timeline, does not change; only how
 * fast it grows from now on. The running entity is accounted up to @now
 * at its old weight first; for an on_rq entity rq->load_weight follows.
 * @se need not be on_rq.
 */
void cfs_reweight(struct cfs_rq *rq, struct sched_entity *se, int nice,
		  u64 now);

/*
 * The real-time slice @se gets: period * weight / load, where the period
 * is SCHED_LATENCY_NS, or nr_running * SCHED_MIN_GRANULARITY_NS when
 * more than SCHED_LATENCY_NS / SCHED_MIN_GRANULARITY_NS entities are
 * runnable; nr_running and load count @se even when it is not on_rq.
 */
u64 cfs_slice(const struct cfs_rq *rq, const struct sched_entity *se);

/* Real ns -> virtual ns for @se (delta * NICE_0_WEIGHT / weight,
 * rounded down, saturated at U64_MAX). */
u64 cfs_delta_fair(u64 delta, const struct sched_entity *se);

/* The leftmost waiting entity, or NULL. */
struct sched_entity *cfs_first(const struct cfs_rq *rq);

/* What cfs_check found broken, as its negative return value. */
enum cfs_check_error {
	CFS_ERR_TREE = -1, /* timeline is not a valid red-black tree */
	CFS_ERR_ORDER = -2, /* timeline is not sorted by vruntime */
	CFS_ERR_LEFTMOST = -3, /* the cached leftmost is not the first */
	CFS_ERR_CURR_IN_TREE = -4, /* curr is also in the timeline */
	CFS_ERR_NOT_ON_RQ = -5, /* curr or a queued entity lacks on_rq */
	CFS_ERR_WEIGHT = -6, /* nice out of range or weight not its own */
	CFS_ERR_VRUNTIME_FLOOR = -7, /* an on_rq vruntime is more than
				      * SCHED_LATENCY_NS below min_vruntime */
	CFS_ERR_NR_RUNNING = -8, /* nr_running != queued + curr */
	CFS_ERR_LOAD = -9, /* load_weight != their summed weights */
};

/**
 * cfs_check - the invariants, for tests and fuzzing: the tree is a valid
 * red-black tree ordered by vruntime with the right leftmost, curr is not
 * in it, every entity in it and curr has on_rq set and the weight of its
 * nice, none lies more than SCHED_LATENCY_NS below min_vruntime, and
 * nr_running and load_weight match the tree plus curr.
 * Return: 0, or a negative enum cfs_check_error naming the first broken
 * invariant found.
 */
int cfs_check(const struct cfs_rq *rq);

#endif
