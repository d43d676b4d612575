// SPDX-License-Identifier: MIT
/* The simulated CPU of the scheduler tests (see sched_sim.h). */
#include "hosttest/sched/sched_sim.h"

#include <stddef.h>
#include <string.h>

static struct sim_task *task_of(struct sched_entity *se)
{
	return se ? container_of(se, struct sim_task, se) : NULL;
}

void sim_task_init(struct sim_task *t, int nice, uint64_t run_ns,
		   uint64_t sleep_ns)
{
	memset(t, 0, sizeof(*t));
	sched_entity_init(&t->se, nice);
	t->run_ns = run_ns;
	t->sleep_ns = sleep_ns;
}

void sim_init(struct sim *sim, struct sim_task *tasks, int nr_tasks)
{
	memset(sim, 0, sizeof(*sim));
	cfs_rq_init(&sim->rq);
	sim->tasks = tasks;
	sim->nr_tasks = nr_tasks;
	sim->next_tick = SIM_TICK_NS;
}

static void make_ready(struct sim_task *t, uint64_t now, bool woken)
{
	t->ready_since = now;
	t->woken = woken;
}

void sim_start(struct sim *sim, int i, int flags)
{
	struct sim_task *t = &sim->tasks[i];

	t->started = true;
	t->sleeping = false;
	t->burst_left = t->run_ns;
	cfs_enqueue(&sim->rq, &t->se, flags, sim->now);
	make_ready(t, sim->now, false);
	if (cfs_check_preempt_wakeup(&sim->rq, &t->se, sim->now))
		sim->resched_pending = true;
}

void sim_reset_stats(struct sim *sim)
{
	for (int i = 0; i < sim->nr_tasks; i++) {
		struct sim_task *t = &sim->tasks[i];

		t->cpu_ns = 0;
		t->max_wait = 0;
		t->max_wake_latency = 0;
		t->wakeups = 0;
		t->runs = 0;
		if (t->started && !t->sleeping && t->se.on_rq &&
		    &t->se != sim->rq.curr)
			t->ready_since = sim->now;
	}
	sim->switches = sim->tick_resched = sim->wakeup_preempt = 0;
}

uint64_t sim_policy_runtime(struct sim *sim, int i)
{
	cfs_update_curr(&sim->rq, sim->now);
	return sim->tasks[i].se.sum_exec_runtime;
}

/* The next moment something happens: tick, wakeup, end of a burst. */
static uint64_t next_event(const struct sim *sim, uint64_t until)
{
	uint64_t t = sim->next_tick < until ? sim->next_tick : until;
	struct sim_task *curr = task_of(sim->rq.curr);

	for (int i = 0; i < sim->nr_tasks; i++) {
		const struct sim_task *x = &sim->tasks[i];

		if (x->sleeping && x->wake_at < t)
			t = x->wake_at;
	}
	if (curr && curr->run_ns && sim->now + curr->burst_left < t)
		t = sim->now + curr->burst_left;
	return t;
}

static void pick(struct sim *sim)
{
	struct sim_task *prev = task_of(sim->rq.curr), *next;

	next = task_of(cfs_pick_next(&sim->rq, sim->now));
	if (prev && prev != next && prev->se.on_rq)
		make_ready(prev, sim->now, false);
	if (!next || next == prev)
		return;
	uint64_t wait = sim->now - next->ready_since;

	if (wait > next->max_wait)
		next->max_wait = wait;
	if (next->woken && wait > next->max_wake_latency)
		next->max_wake_latency = wait;
	next->woken = false;
	next->runs++;
	sim->switches++;
}

/* One event at sim->now (time has already advanced to it). */
static void handle_event(struct sim *sim)
{
	struct sim_task *curr = task_of(sim->rq.curr);
	bool resched = false;

	if (curr && curr->run_ns && curr->burst_left == 0) {
		cfs_dequeue(&sim->rq, &curr->se, DEQUEUE_SLEEP, sim->now);
		curr->sleeping = true;
		curr->wake_at = sim->now + curr->sleep_ns;
		resched = true;
	}
	for (int i = 0; i < sim->nr_tasks; i++) {
		struct sim_task *t = &sim->tasks[i];

		if (!t->sleeping || t->wake_at > sim->now)
			continue;
		t->sleeping = false;
		t->burst_left = t->run_ns;
		t->wakeups++;
		cfs_enqueue(&sim->rq, &t->se, ENQUEUE_WAKEUP, sim->now);
		make_ready(t, sim->now, true);
		if (cfs_check_preempt_wakeup(&sim->rq, &t->se, sim->now)) {
			sim->wakeup_preempt++;
			resched = true;
		}
	}
	if (sim->now == sim->next_tick) {
		sim->next_tick += SIM_TICK_NS;
		if (sim->on_tick)
			sim->on_tick(sim, sim->arg);
		if (cfs_tick(&sim->rq, sim->now)) {
			sim->tick_resched++;
			resched = true;
		}
	}
	if (resched || !sim->rq.curr)
		pick(sim);
}

void sim_run(struct sim *sim, uint64_t until)
{
	if (sim->resched_pending || (!sim->rq.curr && sim->rq.nr_running))
		pick(sim);
	sim->resched_pending = false;
	while (sim->now < until) {
		uint64_t t = next_event(sim, until);
		struct sim_task *curr = task_of(sim->rq.curr);

		if (curr) {
			curr->cpu_ns += t - sim->now;
			if (curr->run_ns)
				curr->burst_left -= t - sim->now;
		}
		sim->now = t;
		handle_event(sim);
		if (sim->check_every_event && !sim->check_failed)
			sim->check_failed = cfs_check(&sim->rq);
	}
}
