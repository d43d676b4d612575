// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of tasks and the scheduler: pids, wait queues,
 * preemption, mutexes, completions, kthreads, exit and reaping (with the
 * memory coming back), and an oops that kills only its task. They run in
 * pid 1 (kernel_init) with interrupts on.
 */
#include "kernel/completion.h"
#include "kernel/fork.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mutex.h"
#include "kernel/params.h"
#include "kernel/sched.h"
#include "mm/slab.h"
#include "kernel/time.h"
#include "mm/page_alloc.h"

/* A bound on waiting for other threads, so a broken scheduler fails the
 * test instead of hanging the run. */
#define WAIT_JIFFIES (5 * HZ)

/* pid 1 and pid 2: what is left when no test thread is alive. */
#define BOOT_TASKS 2

/*
 * Threads of earlier tests may still be on their way out (they signal
 * their completion before they exit): wait until only the boot tasks are
 * left, so counts taken now are counts of this test's doing.
 */
static bool quiet(void)
{
	return nr_tasks() == BOOT_TASKS && nr_task_stacks() == BOOT_TASKS;
}

static bool wait_for_quiet(void)
{
	for (int i = 0; i < 1000 && !quiet(); i++)
		msleep(1);
	return quiet();
}

KTEST(sched, sched_boot_tasks)
{
	struct task_struct *kthreadd_task = find_get_task_by_pid(2);

	KTEST_EXPECT_EQ(t, current->pid, 1);
	KTEST_EXPECT_STREQ(t, current->comm, "kernel_init");
	KTEST_EXPECT_TRUE(t, current->parent == &init_task);
	KTEST_EXPECT_TRUE(t, is_idle_task(idle_task(0)));
	KTEST_EXPECT_EQ(t, idle_task(0)->pid, 0);
	KTEST_EXPECT_STREQ(t, idle_task(0)->comm, "swapper/0");
	KTEST_ASSERT_TRUE(t, kthreadd_task != NULL);
	KTEST_EXPECT_STREQ(t, kthreadd_task->comm, "kthreadd");
	KTEST_EXPECT_TRUE(t, find_get_task_by_pid(0) == NULL);
	KTEST_EXPECT_TRUE(t, find_get_task_by_pid(12345) == NULL);
	put_task_struct(kthreadd_task);
	/* pid 1 runs on its own vmalloc'd stack, not the boot stack. */
	KTEST_EXPECT_TRUE(t, current->stack != NULL);
	KTEST_EXPECT_TRUE(t, (unsigned long)&kthreadd_task >
					     (unsigned long)current->stack &&
				     (unsigned long)&kthreadd_task <
					     task_stack_top(current));
	KTEST_EXPECT_TRUE(t, !in_atomic());
}

/* --- ping-pong through a wait queue --- */

#define PINGPONG_ROUNDS 2000

struct pingpong {
	struct wait_queue_head wq;
	volatile int turn; /* 0: ping's turn, 1: pong's */
	volatile int rounds[2];
	struct completion done;
};

static int pingpong_fn(struct pingpong *pp, int me)
{
	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		if (!wait_event_timeout(pp->wq, pp->turn == me, WAIT_JIFFIES))
			break;
		pp->rounds[me]++;
		pp->turn = !me;
		wake_up_all(&pp->wq);
	}
	complete(&pp->done);
	return 0;
}

static int ping_fn(void *arg)
{
	return pingpong_fn(arg, 0);
}

static int pong_fn(void *arg)
{
	return pingpong_fn(arg, 1);
}

KTEST(sched, sched_waitqueue_pingpong)
{
	static struct pingpong pp;
	u64 switches = nr_context_switches();

	init_waitqueue_head(&pp.wq);
	init_completion(&pp.done);
	pp.turn = 0;
	pp.rounds[0] = pp.rounds[1] = 0;
	KTEST_ASSERT_TRUE(t, kthread_run(ping_fn, &pp, "ping") != NULL);
	KTEST_ASSERT_TRUE(t, kthread_run(pong_fn, &pp, "pong") != NULL);
	KTEST_EXPECT_TRUE(
		t, wait_for_completion_timeout(&pp.done, 4 * WAIT_JIFFIES));
	KTEST_EXPECT_TRUE(
		t, wait_for_completion_timeout(&pp.done, 4 * WAIT_JIFFIES));
	KTEST_EXPECT_EQ(t, pp.rounds[0], PINGPONG_ROUNDS);
	KTEST_EXPECT_EQ(t, pp.rounds[1], PINGPONG_ROUNDS);
	/* Every round is at least one switch. */
	KTEST_EXPECT_TRUE(t, nr_context_switches() - switches >=
				     2 * PINGPONG_ROUNDS);
}

/* --- preemption of a CPU-bound thread --- */

struct spin_pair {
	volatile bool flag;
	volatile bool spinner_saw_flag;
	volatile unsigned long spins;
	struct task_struct *spinner;
	struct completion done;
};

/* Spins with interrupts on until the other thread sets the flag: only a
 * preemption lets it. */
static int spinner_fn(void *arg)
{
	struct spin_pair *sp = arg;
	u64 deadline = ktime_get_ns() + 3 * NSEC_PER_SEC;

	while (!sp->flag && ktime_get_ns() < deadline)
		sp->spins++;
	sp->spinner_saw_flag = sp->flag;
	complete(&sp->done);
	return 0;
}

static int flagger_fn(void *arg)
{
	struct spin_pair *sp = arg;

	msleep(20); /* the spinner is surely spinning by now */
	sp->flag = true;
	complete(&sp->done);
	return 0;
}

KTEST(sched, sched_preempts_cpu_bound_thread)
{
	static struct spin_pair sp;
	struct task_struct *spinner;
	u64 nivcsw;

	memset((void *)&sp, 0, sizeof(sp));
	init_completion(&sp.done);
	spinner = kthread_create(spinner_fn, &sp, "spinner");
	KTEST_ASSERT_TRUE(t, spinner != NULL);
	get_task_struct(spinner);
	wake_up_process(spinner);
	KTEST_ASSERT_TRUE(t, kthread_run(flagger_fn, &sp, "flagger") != NULL);
	KTEST_EXPECT_TRUE(t,
			  wait_for_completion_timeout(&sp.done, WAIT_JIFFIES));
	KTEST_EXPECT_TRUE(t,
			  wait_for_completion_timeout(&sp.done, WAIT_JIFFIES));
	nivcsw = spinner->nivcsw;
	put_task_struct(spinner);
	KTEST_EXPECT_TRUE(t, sp.spinner_saw_flag);
	KTEST_EXPECT_TRUE(t, sp.spins > 0);
	KTEST_EXPECT_TRUE(t, nivcsw > 0);
	ktest_diag("spinner: %lu loop turns, %llu involuntary switches",
		   sp.spins, (unsigned long long)nivcsw);
}

/* --- two CPU hogs share the CPU --- */

struct hog {
	volatile unsigned long count;
	volatile bool *stop;
	struct completion *done;
	u64 cpu_ns; /* CPU time the scheduler gave it */
};

static int hog_fn(void *arg)
{
	struct hog *h = arg;
	u64 start = current->se.sum_exec_runtime;

	while (!*h->stop)
		h->count++;
	/* The running task's time is accounted up to the last tick or
	 * switch, good enough at this scale. */
	h->cpu_ns = current->se.sum_exec_runtime - start;
	complete(h->done);
	return 0;
}

/* Is @a at least a third of @a + @b? */
static bool at_least_a_third(u64 a, u64 b)
{
	return a + b > 0 && 3 * a >= a + b;
}

/*
 * Equal nice: each hog gets about half of the CPU. Under TCG neither
 * measure alone is trustworthy in a short window: the scheduler's own
 * accounting charges a host stall of the virtual CPU (tens of ms, on a
 * loaded host) to whichever hog was running, and loop turns vary with the
 * emulator's speed. A scheduler without preemption or fairness gives one
 * hog nearly everything by both measures, so the test asks that each hog
 * got at least a third by at least one of them.
 */
KTEST(sched, sched_hogs_share_the_cpu)
{
	static volatile bool stop;
	static struct hog hogs[2];
	static struct completion done;
	bool by_time, by_work;

	stop = false;
	init_completion(&done);
	for (int i = 0; i < 2; i++) {
		hogs[i] = (struct hog){.stop = &stop, .done = &done};
		KTEST_ASSERT_TRUE(t, kthread_run(hog_fn, &hogs[i], "hog%d", i));
	}
	msleep(300);
	stop = true;
	for (int i = 0; i < 2; i++)
		KTEST_EXPECT_TRUE(
			t, wait_for_completion_timeout(&done, WAIT_JIFFIES));
	ktest_diag("hogs: %llu and %llu us of CPU (%lu and %lu loop turns) "
		   "in 300 ms",
		   (unsigned long long)(hogs[0].cpu_ns / 1000),
		   (unsigned long long)(hogs[1].cpu_ns / 1000), hogs[0].count,
		   hogs[1].count);
	KTEST_ASSERT_TRUE(t, hogs[0].cpu_ns + hogs[1].cpu_ns >
				     150 * NSEC_PER_MSEC);
	by_time = at_least_a_third(hogs[0].cpu_ns, hogs[1].cpu_ns) &&
		  at_least_a_third(hogs[1].cpu_ns, hogs[0].cpu_ns);
	by_work = at_least_a_third(hogs[0].count, hogs[1].count) &&
		  at_least_a_third(hogs[1].count, hogs[0].count);
	KTEST_EXPECT_TRUE(t, by_time || by_work);
}

/* --- a mutex under contention --- */

#define MUTEX_THREADS 4
#define MUTEX_ITERS 500

struct mutex_test {
	struct mutex lock;
	volatile unsigned long counter;
	volatile unsigned long contended;
	volatile int inside; /* threads in the critical section */
	volatile int max_inside;
	struct completion done;
};

static int mutex_worker(void *arg)
{
	struct mutex_test *m = arg;

	for (int i = 0; i < MUTEX_ITERS; i++) {
		unsigned long v;

		if (!mutex_trylock(&m->lock)) {
			m->contended++;
			mutex_lock(&m->lock);
		}
		m->inside++;
		if (m->inside > m->max_inside)
			m->max_inside = m->inside;
		v = m->counter;
		if (i % 8 == 0)
			yield(); /* others run, and find it held */
		m->counter = v + 1;
		m->inside--;
		mutex_unlock(&m->lock);
	}
	complete(&m->done);
	return 0;
}

KTEST(sched, sched_mutex_contention)
{
	static struct mutex_test m;

	memset((void *)&m, 0, sizeof(m));
	mutex_init(&m.lock);
	init_completion(&m.done);
	for (int i = 0; i < MUTEX_THREADS; i++)
		KTEST_ASSERT_TRUE(
			t, kthread_run(mutex_worker, &m, "mutex%d", i) != NULL);
	for (int i = 0; i < MUTEX_THREADS; i++)
		KTEST_EXPECT_TRUE(t, wait_for_completion_timeout(
					     &m.done, 4 * WAIT_JIFFIES));
	KTEST_EXPECT_EQ(t, m.counter, MUTEX_THREADS * MUTEX_ITERS);
	KTEST_EXPECT_EQ(t, m.max_inside, 1);
	KTEST_EXPECT_TRUE(t, m.contended > 0);
	KTEST_EXPECT_TRUE(t, !mutex_is_locked(&m.lock));
	ktest_diag("mutex: %lu of %d lock attempts found it held", m.contended,
		   MUTEX_THREADS * MUTEX_ITERS);
}

/* --- kthread_stop --- */

static int stoppable_fn(void *arg)
{
	volatile int *loops = arg;

	while (!kthread_should_stop()) {
		(*loops)++;
		msleep(1);
	}
	return 42;
}

static int never_runs_fn(void *arg)
{
	*(volatile int *)arg = 1;
	return 0;
}

KTEST(sched, sched_kthread_stop)
{
	static volatile int loops, ran;
	struct task_struct *k;
	unsigned int tasks = BOOT_TASKS;

	KTEST_ASSERT_TRUE(t, wait_for_quiet());
	loops = 0;
	ran = 0;
	k = kthread_run(stoppable_fn, (void *)&loops, "stoppable");
	KTEST_ASSERT_TRUE(t, k != NULL);
	KTEST_EXPECT_EQ(t, nr_tasks(), tasks + 1);
	msleep(20);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 42);
	KTEST_EXPECT_TRUE(t, loops > 0);
	/* Created but never woken: kthread_stop gets -EINTR and the function
	 * never runs. */
	k = kthread_create(never_runs_fn, (void *)&ran, "never_runs");
	KTEST_ASSERT_TRUE(t, k != NULL);
	KTEST_EXPECT_EQ(t, kthread_stop(k), -EINTR);
	KTEST_EXPECT_EQ(t, ran, 0);
	/* Both were auto-reaped. */
	KTEST_EXPECT_EQ(t, nr_tasks(), tasks);
}

/* --- exit, wait, and the memory coming back --- */

static int exit_code_fn(void *arg)
{
	return (int)(long)arg;
}

KTEST(sched, sched_exit_and_reap)
{
	unsigned long stacks;
	unsigned int tasks = BOOT_TASKS;
	int status = -1;
	pid_t pid, got;

	KTEST_ASSERT_TRUE(t, wait_for_quiet());
	stacks = nr_task_stacks();
	pid = kernel_thread(exit_code_fn, (void *)7L, "exit7", 0);
	KTEST_ASSERT_TRUE(t, pid > 2);
	got = kernel_wait(pid, &status);
	KTEST_EXPECT_EQ(t, got, pid);
	KTEST_EXPECT_EQ(t, status, 7);
	KTEST_EXPECT_EQ(t, nr_tasks(), tasks);
	/* Reaped and switched away from for good: its stack is gone. */
	KTEST_EXPECT_EQ(t, nr_task_stacks(), stacks);
	KTEST_EXPECT_EQ(t, kernel_wait(pid, NULL), -ECHILD);
	KTEST_EXPECT_EQ(t, kernel_wait(-1, NULL), -ECHILD);
}

#define MANY_THREADS 1000
#define BATCH 50

KTEST(sched, sched_1000_threads_no_leak)
{
	unsigned long free_before, stacks;
	unsigned int tasks = BOOT_TASKS;
	int reaped = 0, bad_status = 0;

	KTEST_ASSERT_TRUE(t, wait_for_quiet());
	stacks = nr_task_stacks();
	/* Warm up the caches (task structs, page tables of the vmalloc
	 * space) so their first growth is not counted as a leak. */
	for (int i = 0; i < BATCH; i++)
		kernel_thread(exit_code_fn, (void *)0L, "warmup", 0);
	for (int i = 0; i < BATCH; i++)
		kernel_wait(-1, NULL);
	/* The empty slabs a cache keeps depend on the order of frees (one
	 * page of kmalloc-4096 per thread's signal handlers): compare with
	 * none kept. */
	kmem_cache_shrink_all();
	free_before = nr_free_pages();
	for (int n = 0; n < MANY_THREADS; n += BATCH) {
		for (int i = 0; i < BATCH; i++) {
			pid_t pid = kernel_thread(
				exit_code_fn, (void *)(long)(n + i), "many", 0);

			KTEST_ASSERT_TRUE(t, pid > 0);
		}
		for (int i = 0; i < BATCH; i++) {
			int status;

			if (kernel_wait(-1, &status) > 0) {
				reaped++;
				bad_status += status < n || status >= n + BATCH;
			}
		}
	}
	KTEST_EXPECT_EQ(t, reaped, MANY_THREADS);
	KTEST_EXPECT_EQ(t, bad_status, 0);
	KTEST_EXPECT_EQ(t, nr_tasks(), tasks);
	KTEST_EXPECT_EQ(t, nr_task_stacks(), stacks);
	kmem_cache_shrink_all();
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	ktest_diag("1000 threads: %lu free pages before and %lu after",
		   free_before, nr_free_pages());
}

/* --- an oops in a task kills it, and only it --- */

static int overflow_fn(void *arg)
{
	(void)arg;
	return (int)crash_recurse(0);
}

static int null_deref_fn(void *arg)
{
	return (int)*(volatile long *)arg;
}

KTEST(sched, sched_stack_guard_oops_kills_task)
{
	unsigned long stacks, free_before;
	int status = 0;
	pid_t pid;

	KTEST_ASSERT_TRUE(t, wait_for_quiet());
	stacks = nr_task_stacks();
	/* A NULL dereference first (warms up what the oops path allocates). */
	pid = kernel_thread(null_deref_fn, NULL, "null_deref", 0);
	KTEST_ASSERT_TRUE(t, pid > 0);
	KTEST_EXPECT_EQ(t, kernel_wait(pid, &status), pid);
	KTEST_EXPECT_EQ(t, status, SIGSEGV);
	/* The overflow runs into the guard page below its stack: #DF on
	 * the IST stack, a report naming the task, and the task dies. */
	free_before = nr_free_pages();
	status = 0;
	pid = kernel_thread(overflow_fn, NULL, "overflow", 0);
	KTEST_ASSERT_TRUE(t, pid > 0);
	KTEST_EXPECT_EQ(t, kernel_wait(pid, &status), pid);
	KTEST_EXPECT_EQ(t, status, SIGSEGV);
	KTEST_EXPECT_EQ(t, nr_task_stacks(), stacks);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	/* And the kernel goes on: this task still runs and schedules. */
	msleep(1);
	KTEST_EXPECT_EQ(t, current->pid, 1);
}

/* --- completions and timeouts --- */

static int completer_fn(void *arg)
{
	msleep(5);
	complete(arg);
	return 0;
}

KTEST(sched, sched_completion_and_timeouts)
{
	static struct completion c;
	static DECLARE_WAIT_QUEUE_HEAD(wq);
	u64 start;
	unsigned long left;
	long ret;

	init_completion(&c);
	start = ktime_get_ns();
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&c, 3), 0);
	KTEST_EXPECT_TRUE(t, ktime_get_ns() - start >= 3 * TICK_NSEC);
	KTEST_ASSERT_TRUE(t, kthread_run(completer_fn, &c, "completer"));
	left = wait_for_completion_timeout(&c, WAIT_JIFFIES);
	KTEST_EXPECT_TRUE(t, left > 0 && left <= WAIT_JIFFIES);
	KTEST_EXPECT_TRUE(t, !try_wait_for_completion(&c));
	complete_all(&c);
	KTEST_EXPECT_TRUE(t, try_wait_for_completion(&c));
	KTEST_EXPECT_TRUE(t, try_wait_for_completion(&c)); /* all: stays */
	start = ktime_get_ns();
	ret = wait_event_timeout(wq, false, 2);
	KTEST_EXPECT_EQ(t, ret, 0);
	KTEST_EXPECT_TRUE(t, ktime_get_ns() - start >= 2 * TICK_NSEC);
	KTEST_EXPECT_EQ(t, wait_event_timeout(wq, true, 2), 2);
	start = ktime_get_ns();
	KTEST_EXPECT_EQ(t, schedule_timeout_uninterruptible(2), 0);
	KTEST_EXPECT_TRUE(t, ktime_get_ns() - start >= 2 * TICK_NSEC);
}

/* --- nice --- */

KTEST(sched, sched_nice_and_yield)
{
	struct task_struct *k;
	static volatile int loops;

	loops = 0;
	k = kthread_run(stoppable_fn, (void *)&loops, "nice_me");
	KTEST_ASSERT_TRUE(t, k != NULL);
	set_user_nice(k, 5);
	KTEST_EXPECT_EQ(t, task_nice(k), 5);
	KTEST_EXPECT_EQ(t, k->se.weight, 335);
	set_user_nice(k, 99);
	KTEST_EXPECT_EQ(t, task_nice(k), 19);
	set_user_nice(k, -99);
	KTEST_EXPECT_EQ(t, task_nice(k), -20);
	KTEST_EXPECT_EQ(t, k->se.weight, 88761);
	msleep(5); /* let it run: stopped before it ran, it returns -EINTR */
	KTEST_EXPECT_TRUE(t, loops > 0);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 42);
	/* yield with nothing else runnable comes straight back. */
	yield();
	KTEST_EXPECT_EQ(t, sys_sched_yield(), 0);
}

/* --- preempt_disable holds off a waking thread --- */

static int set_flag_fn(void *arg)
{
	*(volatile bool *)arg = true;
	return 0;
}

KTEST(sched, sched_preempt_disable)
{
	static volatile bool ran;
	struct task_struct *k;
	u64 until;

	ran = false;
	k = kthread_create(set_flag_fn, (void *)&ran, "flag");
	KTEST_ASSERT_TRUE(t, k != NULL);
	preempt_disable();
	KTEST_EXPECT_TRUE(t, in_atomic());
	wake_up_process(k);
	/* Wake-up preemption or the tick asks this task to give way. */
	until = ktime_get_ns() + NSEC_PER_SEC;
	while (!need_resched() && ktime_get_ns() < until)
		arch_cpu_relax();
	KTEST_EXPECT_TRUE(t, need_resched());
	KTEST_EXPECT_TRUE(t, !ran); /* held off */
	preempt_enable(); /* the pending reschedule happens here */
	KTEST_EXPECT_TRUE(t, ran);
	KTEST_EXPECT_TRUE(t, !in_atomic());
}

/* --- tickless idle --- */

/*
 * With every other task asleep the CPU idles with the tick stopped: a
 * 200 ms sleep takes a few timer interrupts, not the 50 of a 250 Hz tick,
 * and jiffies still counts the whole time when the tick comes back.
 */
KTEST(sched, sched_tickless_idle)
{
	struct clock_event_device *dev = tick_device();
	unsigned long events, stops = tick_nohz_idle_stops();
	u64 j0, j1, start, ns;

	KTEST_ASSERT_TRUE(t, dev != NULL);
	KTEST_ASSERT_TRUE(t, wait_for_quiet());
	j0 = jiffies;
	events = dev->events;
	start = ktime_get_ns();
	msleep(200);
	ns = ktime_get_ns() - start;
	events = dev->events - events;
	msleep(1); /* the tick is back; jiffies caught up */
	j1 = jiffies;
	ktest_diag("tickless idle: %lu timer interrupts in %llu us of sleep, "
		   "jiffies +%llu",
		   events, (unsigned long long)(ns / 1000),
		   (unsigned long long)(j1 - j0));
	KTEST_EXPECT_TRUE(t, tick_nohz_idle_stops() > stops);
	/* 50 at 250 Hz (20 at 100 Hz) if the tick ran; a tick slower than
	 * 100 Hz is too close to the timer interrupts to tell apart. */
	KTEST_EXPECT_TRUE(t, events <= 5 || HZ < 100);
	KTEST_EXPECT_TRUE(t, j1 - j0 >= ns / TICK_NSEC);
}
