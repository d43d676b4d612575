// SPDX-License-Identifier: MIT
/*
 * Sleeping for a time: schedule_timeout (in jiffies, Linux's interface)
 * and msleep, on one-shot timers that wake the sleeper. The timers run in
 * nanoseconds, so a sleep ends when its time is up, not at the next tick
 * after it: msleep(10) sleeps 10 ms plus the wake-up latency.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/sched.h"
#include "kernel/time.h"

struct process_timer {
	struct ktimer timer;
	struct task_struct *task;
};

static void process_timeout(struct ktimer *t)
{
	wake_up_process(container_of(t, struct process_timer, timer)->task);
}

/* Sleep in the current state until @expires_ns at most; true when woken
 * before it. */
static bool schedule_until(u64 expires_ns)
{
	struct process_timer t = {.timer.fn = process_timeout, .task = current};

	ktimer_start(&t.timer, expires_ns);
	schedule();
	ktimer_cancel(&t.timer);
	return ktime_get_ns() < expires_ns;
}

unsigned long msecs_to_jiffies(unsigned int msecs)
{
	return DIV_ROUND_UP((u64)msecs * HZ, 1000);
}

long schedule_timeout(long timeout)
{
	u64 start, expires;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		pr_err("schedule_timeout: wrong timeout value %lx from %s[%d]",
		       (unsigned long)timeout, current->comm, current->pid);
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	start = ktime_get_ns();
	expires = start + (u64)timeout * TICK_NSEC;
	if (!schedule_until(expires))
		return 0;
	/* Woken early: the whole jiffies left. */
	return (long)DIV_ROUND_UP(expires - ktime_get_ns(), TICK_NSEC);
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int msecs)
{
	u64 expires = ktime_get_ns() + (u64)msecs * NSEC_PER_MSEC;

	while (ktime_get_ns() < expires) {
		__set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_until(expires);
	}
	__set_current_state(TASK_RUNNING);
}

int sleep_until_ns_interruptible(u64 expires_ns)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (task_signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		if (ktime_get_ns() >= expires_ns) {
			__set_current_state(TASK_RUNNING);
			return 0;
		}
		schedule_until(expires_ns);
	}
}
