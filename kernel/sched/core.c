// SPDX-License-Identifier: MIT
/*
 * The scheduler's glue (DESIGN.md "Tasks and user space"): per-CPU run
 * queues, schedule() and the context switch, wake-ups, the tick, yield
 * and nice. Which task runs next is the pure policy's decision
 * (kernel/sched/fair.c); this file holds the locks and moves the CPU.
 *
 * Locking: rq->lock (interrupts off) protects the run queue, and the
 * state, on_rq and se of the tasks that belong to it. It is held across
 * the switch itself and released by the task that runs next
 * (finish_task_switch), so a task's context is completely saved before
 * anyone can wake it again.
 *
 * Preemption: the tick (scheduler_tick) and wake-ups set TIF_NEED_RESCHED
 * on the running task; it is acted upon on the way out of an interrupt
 * (preempt_schedule_irq) and in preempt_enable() when the preempt count
 * reaches 0. A task preempted while it was preparing to sleep stays on
 * the run queue (it is not running its own schedule()).
 */
#include "fs/proc_fmt.h"
#include "kernel/arch/irqflags.h"
#include "kernel/arch/percpu.h"
#include "kernel/arch/process.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"

void dump_stack(void);

struct rq {
	spinlock_t lock;
	struct cfs_rq cfs;
	struct task_struct *curr;
	struct task_struct *idle;
	u64 clock; /* ns, monotonic per run queue */
	u64 nr_switches;
	u64 idle_ns; /* time spent in the idle task, before idle_since */
	u64 idle_since; /* when the idle task got the CPU, if it has it */
	int cpu;
};

static DEFINE_PER_CPU(struct rq, runqueues);
static bool sched_ready;

static struct rq *cpu_rq(int cpu)
{
	return per_cpu_ptr(&runqueues, cpu);
}

static struct rq *this_rq(void)
{
	return this_cpu_ptr(&runqueues);
}

static struct rq *task_rq(const struct task_struct *p)
{
	return cpu_rq(p->cpu);
}

static struct task_struct *task_of(struct sched_entity *se)
{
	return container_of(se, struct task_struct, se);
}

/* rq->lock held. The clock never goes back, whatever ktime says. */
static u64 update_rq_clock(struct rq *rq)
{
	u64 now = ktime_get_ns();

	if (now > rq->clock)
		rq->clock = now;
	return rq->clock;
}

bool need_resched(void)
{
	return test_tsk_need_resched(current);
}

struct task_struct *idle_task(int cpu)
{
	return cpu_rq(cpu)->idle;
}

u64 nr_context_switches(void)
{
	u64 sum = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		sum += cpu_rq((int)cpu)->nr_switches;
	return sum;
}

unsigned int nr_running(void)
{
	unsigned int sum = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		sum += __atomic_load_n(&cpu_rq((int)cpu)->cfs.nr_running,
				       __ATOMIC_RELAXED);
	return sum;
}

bool sched_cpu_active(int cpu)
{
	return __atomic_load_n(&cpu_rq(cpu)->curr, __ATOMIC_ACQUIRE) != NULL;
}

u64 sched_cpu_idle_ns(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags = spin_lock_irqsave(&rq->lock);
	u64 ns = rq->idle_ns;

	if (rq->curr && is_idle_task(rq->curr))
		ns += update_rq_clock(rq) - rq->idle_since;
	spin_unlock_irqrestore(&rq->lock, flags);
	return ns;
}

/*
 * Load averages as Linux's calc_global_load: every LOAD_FREQ the number of
 * runnable tasks is folded into three exponentially decaying averages.
 * The tick stops while a CPU idles: the intervals it missed are folded in
 * with what is runnable when it comes back (nothing ran meanwhile).
 */
#define LOAD_FREQ (5 * HZ + 1)
static DEFINE_SPINLOCK(load_lock);
static u64 avenrun[3];
static u64 load_next; /* jiffies of the next fold */

static void calc_load_update(void)
{
	u64 now = jiffies, active;
	unsigned long flags;

	if (now < __atomic_load_n(&load_next, __ATOMIC_RELAXED))
		return;
	active = (u64)nr_running() * PROC_FIXED_1;
	flags = spin_lock_irqsave(&load_lock);
	if (!load_next)
		load_next = now + LOAD_FREQ;
	while (now >= load_next) {
		avenrun[0] = proc_calc_load(avenrun[0], PROC_EXP_1, active);
		avenrun[1] = proc_calc_load(avenrun[1], PROC_EXP_5, active);
		avenrun[2] = proc_calc_load(avenrun[2], PROC_EXP_15, active);
		load_next += LOAD_FREQ;
	}
	spin_unlock_irqrestore(&load_lock, flags);
}

void sched_get_avenrun(u64 loads[3])
{
	unsigned long flags;

	calc_load_update();
	flags = spin_lock_irqsave(&load_lock);
	for (int i = 0; i < 3; i++)
		loads[i] = avenrun[i];
	spin_unlock_irqrestore(&load_lock, flags);
}

void __init sched_init(void)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct rq *rq = cpu_rq((int)cpu);

		spin_lock_init(&rq->lock);
		rq->lock.name = "rq->lock";
		cfs_rq_init(&rq->cfs);
		rq->cpu = (int)cpu;
	}
	/* The boot task becomes CPU 0's idle task once rest_init is done;
	 * the scheduler treats it as idle from now on. */
	init_task.cpu = 0;
	cpu_rq(0)->idle = &init_task;
	cpu_rq(0)->curr = &init_task;
	sched_ready = true;
	pr_info("sched: fair (CFS-like) policy, %d Hz tick, latency %llu us, "
		"min granularity %llu us, wakeup granularity %llu us",
		HZ, SCHED_LATENCY_NS / 1000, SCHED_MIN_GRANULARITY_NS / 1000,
		SCHED_WAKEUP_GRANULARITY_NS / 1000);
}

/* Should @p, just queued, take the CPU from rq->curr? rq->lock held. */
static void check_preempt_curr(struct rq *rq, struct task_struct *p, u64 now)
{
	struct task_struct *curr = rq->curr;

	if (is_idle_task(curr) ||
	    cfs_check_preempt_wakeup(&rq->cfs, &p->se, now))
		set_tsk_need_resched(curr);
}

static void activate_task(struct rq *rq, struct task_struct *p, int flags,
			  u64 now)
{
	cfs_enqueue(&rq->cfs, &p->se, flags, now);
	p->on_rq = 1;
}

static void deactivate_task(struct rq *rq, struct task_struct *p, u64 now)
{
	cfs_dequeue(&rq->cfs, &p->se, DEQUEUE_SLEEP, now);
	p->on_rq = 0;
}

void sched_fork(struct task_struct *p)
{
	int nice = is_idle_task(current) ? 0 : current->se.nice;

	sched_entity_init(&p->se, nice);
	p->state = TASK_NEW;
	p->on_rq = 0;
	p->cpu = smp_processor_id();
}

void wake_up_new_task(struct task_struct *p)
{
	struct rq *rq = task_rq(p);
	unsigned long flags = spin_lock_irqsave(&rq->lock);
	u64 now = update_rq_clock(rq);

	p->state = TASK_RUNNING;
	activate_task(rq, p, ENQUEUE_NEW, now);
	check_preempt_curr(rq, p, now);
	spin_unlock_irqrestore(&rq->lock, flags);
}

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	struct rq *rq = task_rq(p);
	unsigned long flags = spin_lock_irqsave(&rq->lock);
	bool woke = false;

	if (!(p->state & state))
		goto out;
	woke = true;
	if (p->on_rq) {
		/* Not switched out yet: its schedule() will see RUNNING. */
		p->state = TASK_RUNNING;
		goto out;
	}
	{
		u64 now = update_rq_clock(rq);

		p->state = TASK_RUNNING;
		activate_task(rq, p, ENQUEUE_WAKEUP, now);
		check_preempt_curr(rq, p, now);
	}
out:
	spin_unlock_irqrestore(&rq->lock, flags);
	return woke;
}

bool wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL);
}

/* The task that runs next: the policy's pick, or the idle task. */
static struct task_struct *pick_next_task(struct rq *rq, u64 now)
{
	struct sched_entity *se = cfs_pick_next(&rq->cfs, now);

	return se ? task_of(se) : rq->idle;
}

/*
 * The second half of a switch, run by the task switched to: drop the run
 * queue lock the switch was made under; free what a dead @prev left.
 */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	long prev_state = prev->state; /* read before anyone may free it */

	spin_unlock_irq(&rq->lock);
	if (prev_state == TASK_DEAD) {
		put_task_stack(prev);
		put_task_struct(prev); /* the reference it ran on */
	}
}

void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	preempt_enable();
}

/*
 * __schedule - pick the next task and switch to it.
 * @preempt: the current task is being preempted: it stays queued whatever
 *   its state says.
 * Context: preempt count 1 (the caller's preempt_disable).
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	struct rq *rq = this_rq();
	bool sleeps;
	u64 now;

	arch_local_irq_disable();
	spin_lock(&rq->lock);
	now = update_rq_clock(rq);
	clear_tsk_need_resched(prev);
	sleeps = !preempt && prev->state != TASK_RUNNING;
	/* A signal came between setting an interruptible state and here:
	 * the sleep ends before it starts (Linux's signal_pending_state). */
	if (sleeps && signal_pending_state(prev->state, prev)) {
		prev->state = TASK_RUNNING;
		sleeps = false;
	}
	if (sleeps && !is_idle_task(prev))
		deactivate_task(rq, prev, now);
	next = pick_next_task(rq, now);
	if (next == prev) {
		spin_unlock_irq(&rq->lock);
		return;
	}
	if (sleeps)
		prev->nvcsw++; /* gave up the CPU */
	else
		prev->nivcsw++; /* had it taken away, or yielded */
	if (is_idle_task(prev))
		rq->idle_ns += now - rq->idle_since;
	if (is_idle_task(next))
		rq->idle_since = now;
	rq->curr = next;
	rq->nr_switches++;
	prev = switch_to(prev, next);
	finish_task_switch(prev);
}

static void schedule_debug(void)
{
	if (unlikely(preempt_count() != 0)) {
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08x",
		       current->comm, current->pid, preempt_count());
		dump_stack();
		preempt_count_set(0);
	}
}

/* Switch until no reschedule is pending (a wake-up may come meanwhile). */
static void schedule_loop(bool preempt)
{
	do {
		preempt_disable();
		__schedule(preempt);
		preempt_enable_no_resched();
	} while (need_resched());
}

void schedule(void)
{
	schedule_debug();
	schedule_loop(false);
}

/* The idle task runs with preemption disabled once: no extra count. */
void schedule_idle(void)
{
	do {
		__schedule(false);
	} while (need_resched());
}

void preempt_schedule(void)
{
	if (preempt_count() || arch_irqs_disabled() || !sched_ready)
		return;
	schedule_loop(true);
}

void preempt_schedule_irq(void)
{
	if (!sched_ready)
		return;
	do {
		preempt_disable();
		arch_local_irq_enable();
		__schedule(true);
		arch_local_irq_disable();
		preempt_enable_no_resched();
	} while (need_resched());
}

/*
 * The dying task's last switch; do_exit has disabled preemption (once,
 * like schedule() does), so no other task runs between its exit
 * notification and this.
 */
void __noreturn do_task_dead(void);
void __noreturn do_task_dead(void)
{
	arch_local_irq_disable();
	current->state = TASK_DEAD;
	__schedule(false);
	panic("do_task_dead: %s[%d] ran again after its last switch",
	      current->comm, current->pid);
}

void scheduler_tick(void)
{
	struct rq *rq;
	struct task_struct *curr;

	if (!sched_ready)
		return;
	rq = this_rq();
	spin_lock(&rq->lock);
	curr = rq->curr;
	if (is_idle_task(curr)) {
		if (rq->cfs.nr_running)
			set_tsk_need_resched(curr);
	} else if (cfs_tick(&rq->cfs, update_rq_clock(rq))) {
		set_tsk_need_resched(curr);
	}
	spin_unlock(&rq->lock);
	if (rq->cpu == 0)
		calc_load_update();
}

void yield(void)
{
	struct rq *rq;

	arch_local_irq_disable();
	rq = this_rq();
	spin_lock(&rq->lock);
	if (!is_idle_task(current)) {
		cfs_yield(&rq->cfs, update_rq_clock(rq));
		set_tsk_need_resched(current);
	}
	do_raw_spin_unlock(&rq->lock);
	arch_local_irq_enable();
	preempt_enable_no_resched();
	schedule();
}

int sys_sched_yield(void)
{
	yield();
	return 0;
}

void set_user_nice(struct task_struct *p, int nice)
{
	struct rq *rq = task_rq(p);
	unsigned long flags = spin_lock_irqsave(&rq->lock);

	if (!is_idle_task(p))
		cfs_reweight(&rq->cfs, &p->se, nice, update_rq_clock(rq));
	spin_unlock_irqrestore(&rq->lock, flags);
}

int task_nice(const struct task_struct *p)
{
	return p->se.nice;
}

/*
 * The idle loop: with nothing to run, stop the tick and halt until an
 * interrupt; the check and the halt are atomic (sti; hlt), so a wake-up
 * from an interrupt cannot slip in between them unnoticed. The idle task
 * runs with preemption disabled (the caller's preempt_disable): a wake-up
 * in an interrupt only sets need_resched, and the loop itself restarts
 * the tick and schedules.
 */
void __noreturn cpu_startup_entry(void)
{
	current->state = TASK_RUNNING;
	if (preempt_count() != 1)
		panic("cpu_startup_entry: preempt count %d, not 1",
		      preempt_count());
	for (;;) {
		arch_local_irq_disable();
		if (!need_resched()) {
			tick_nohz_idle_enter();
			while (!need_resched()) {
				arch_safe_halt(); /* sti; hlt */
				arch_local_irq_disable();
			}
			tick_nohz_idle_exit();
		}
		arch_local_irq_enable();
		schedule_idle();
	}
}
