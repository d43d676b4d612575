/* SPDX-License-Identifier: MIT */
/*
 * A simulated CPU for the host tests of kernel/sched/fair.c. It runs the
 * policy's curr, raises a tick every SIM_TICK_NS (HZ 250) and calls
 * cfs_tick, wakes sleeping tasks on their schedule (cfs_enqueue with
 * ENQUEUE_WAKEUP, then cfs_check_preempt_wakeup), puts a task that has
 * used its CPU burst to sleep (cfs_dequeue with DEQUEUE_SLEEP), and calls
 * cfs_pick_next whenever the policy asked for a reschedule or nothing
 * runs. Time jumps from event to event. The simulator keeps its own
 * account of each task's CPU time and of how long each runnable task
 * waited, independent of the policy's fields.
 */
#ifndef KEEL_HOSTTEST_SCHED_SIM_H
#define KEEL_HOSTTEST_SCHED_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/sched/fair.h"

#define SIM_HZ 250
#define SIM_TICK_NS (1000000000ULL / SIM_HZ)

struct sim_task {
	struct sched_entity se;
	/* Behaviour: a hog (run_ns 0) never sleeps; otherwise the task
	 * uses run_ns of CPU, then sleeps sleep_ns, and again. */
	uint64_t run_ns, sleep_ns;
	/* State. */
	bool started; /* enqueued once */
	bool sleeping;
	uint64_t burst_left; /* CPU still to use before sleeping */
	uint64_t wake_at; /* when sleeping */
	uint64_t ready_since; /* runnable and not running since */
	bool woken; /* ready_since is a wakeup */
	/* The simulator's account. */
	uint64_t cpu_ns;
	uint64_t max_wait; /* longest runnable-but-not-running stretch */
	uint64_t max_wake_latency; /* longest wakeup-to-running delay */
	unsigned long wakeups, runs;
};

struct sim {
	struct cfs_rq rq;
	struct sim_task *tasks;
	int nr_tasks;
	uint64_t now;
	uint64_t next_tick;
	/* Called at every tick before cfs_tick (e.g. to renice). */
	void (*on_tick)(struct sim *sim, void *arg);
	void *arg;
	/* Run cfs_check after every event (slower). */
	bool check_every_event;
	int check_failed; /* the first non-zero cfs_check result */
	bool resched_pending; /* sim_start asked for a pick */
	unsigned long switches, tick_resched, wakeup_preempt;
};

/* An empty simulation at time 0 over @tasks (not yet started). */
void sim_init(struct sim *sim, struct sim_task *tasks, int nr_tasks);

/* A task: nice @nice, a hog when @run_ns is 0. */
void sim_task_init(struct sim_task *t, int nice, uint64_t run_ns,
		   uint64_t sleep_ns);

/* Make task @i runnable now with @flags (ENQUEUE_NEW for a new task);
 * it preempts at the next sim_run if cfs_check_preempt_wakeup says so. */
void sim_start(struct sim *sim, int i, int flags);

/* Run until @until (ns). */
void sim_run(struct sim *sim, uint64_t until);

/* Reset every task's statistics (not its state). */
void sim_reset_stats(struct sim *sim);

/* The policy's account of task @i, brought up to date. */
uint64_t sim_policy_runtime(struct sim *sim, int i);

#endif
