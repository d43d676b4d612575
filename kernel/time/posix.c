// SPDX-License-Identifier: MIT
/*
 * The clock system calls (Linux's kernel/time/posix-timers.c, posix-
 * stubs.c, time.c): CLOCK_MONOTONIC (and _RAW, _COARSE, BOOTTIME: keel
 * does not suspend, so they agree) is ktime_get_ns(); CLOCK_REALTIME is
 * the CMOS clock read at the first use plus the monotonic time since;
 * the CPU-time clocks are the scheduler's sum_exec_runtime.
 */
#include "kernel/lib/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 0x01

struct __kernel_timespec {
	s64 tv_sec;
	long tv_nsec;
};

struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

u64 arch_read_persistent_clock(void);

static s64 realtime_offset_ns; /* realtime - monotonic */
static bool realtime_ready;

static u64 realtime_ns(void)
{
	if (!__atomic_load_n(&realtime_ready, __ATOMIC_ACQUIRE)) {
		u64 rtc = arch_read_persistent_clock();

		realtime_offset_ns =
			(s64)(rtc * NSEC_PER_SEC) - (s64)ktime_get_ns();
		__atomic_store_n(&realtime_ready, true, __ATOMIC_RELEASE);
	}
	return (u64)((s64)ktime_get_ns() + realtime_offset_ns);
}

u64 ktime_get_real_ns(void)
{
	return realtime_ns();
}

static u64 task_cputime_ns(void)
{
	/* The running task's time up to its last accounting (the tick or
	 * a switch), as Linux's without the pending delta. */
	return current->se.sum_exec_runtime;
}

/* The time of @clock in ns, or -EINVAL for an unknown clock. */
static int clock_now(int clock, u64 *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = task_cputime_ns();
		return 0;
	default:
		return -EINVAL;
	}
}

static int put_timespec(u64 ns, struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec ts = {
		.tv_sec = (s64)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* A user timespec as ns: -EFAULT, or -EINVAL for a bad one. */
static int get_timespec_ns(const struct __kernel_timespec __user *uts, u64 *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)ts.tv_sec > (~0ULL - NSEC_PER_SEC) / NSEC_PER_SEC)
		*ns = ~0ULL >> 1; /* practically forever */
	else
		*ns = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, int, which, struct __kernel_timespec __user *,
		tp)
{
	u64 ns;
	int err = clock_now(which, &ns);

	return err ? err : put_timespec(ns, tp);
}

SYSCALL_DEFINE2(clock_getres, int, which, struct __kernel_timespec __user *, tp)
{
	u64 ns;
	int err = clock_now(which, &ns);

	if (err)
		return err;
	if (!tp)
		return 0;
	/* Coarse clocks tick; the others have ns resolution (hrtimers). */
	return put_timespec(which == CLOCK_REALTIME_COARSE ||
					    which == CLOCK_MONOTONIC_COARSE
				    ? TICK_NSEC
				    : 1,
			    tp);
}

/*
 * Sleep on @clock until @deadline (absolute); on a signal, -EINTR and,
 * for a relative sleep, the time left in @rmtp.
 */
static long do_nanosleep(int clock, u64 deadline_clock, bool abs,
			 struct __kernel_timespec __user *rmtp)
{
	u64 now_clock, now = ktime_get_ns(), expires;
	int err;

	clock_now(clock, &now_clock);
	/* Timers run on the monotonic clock: convert. */
	expires = deadline_clock > now_clock
			  ? now + (deadline_clock - now_clock)
			  : now;
	err = sleep_until_ns_interruptible(expires);
	if (!err)
		return 0;
	if (!abs && rmtp) {
		u64 left = ktime_get_ns();

		left = expires > left ? expires - left : 0;
		if (put_timespec(left, rmtp))
			return -EFAULT;
	}
	return -EINTR;
}

SYSCALL_DEFINE4(clock_nanosleep, int, which, int, flags,
		const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	u64 ns, now;
	int err;

	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	case CLOCK_THREAD_CPUTIME_ID:
		return -EINVAL;
	case CLOCK_PROCESS_CPUTIME_ID:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
	err = get_timespec_ns(rqtp, &ns);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME)
		return do_nanosleep(which, ns, true, NULL);
	clock_now(which, &now);
	return do_nanosleep(which, now + ns, false, rmtp);
}

SYSCALL_DEFINE2(nanosleep, const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	u64 ns;
	int err = get_timespec_ns(rqtp, &ns);

	if (err)
		return err;
	return do_nanosleep(CLOCK_MONOTONIC, ktime_get_ns() + ns, false, rmtp);
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv,
		void __user *, tz)
{
	if (tv) {
		u64 ns = realtime_ns();
		struct __kernel_old_timeval v = {
			.tv_sec = (long)(ns / NSEC_PER_SEC),
			.tv_usec = (long)(ns % NSEC_PER_SEC / 1000),
		};

		if (copy_to_user(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz) {
		int zero[2] = {0, 0}; /* struct timezone: UTC */

		if (copy_to_user(tz, zero, sizeof(zero)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(time, long __user *, tloc)
{
	long t = (long)(realtime_ns() / NSEC_PER_SEC);

	if (tloc && put_user(t, tloc))
		return -EFAULT;
	return t;
}
