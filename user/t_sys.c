// SPDX-License-Identifier: MIT
/*
 * Small system calls busybox's applets use (nproc, taskset, nice, renice,
 * top): sched_getaffinity/sched_setaffinity, getcpu, getpriority and
 * setpriority. The checks hold on any Linux-compatible kernel with at
 * least one CPU: CPU 0 is in the mask, getcpu names a CPU of the mask.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes -D_GNU_SOURCE */
#endif
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static int test_getaffinity(void)
{
	unsigned char mask[128];
	long n;

	memset(mask, 0xa5, sizeof(mask));
	n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	CHECK(n > 0 && n % sizeof(long) == 0 && (size_t)n <= sizeof(mask));
	CHECK(mask[0] & 1); /* CPU 0 */
	for (size_t i = (size_t)n; i < sizeof(mask); i++)
		CHECK(mask[i] == 0xa5); /* nothing written past the result */
	/* the same for our own pid */
	CHECK(syscall(SYS_sched_getaffinity, getpid(), sizeof(mask), mask) ==
	      n);
	/* a length that is not a whole number of longs */
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 7, mask), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 0, mask), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getaffinity, -1, sizeof(mask), mask),
		  ESRCH);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, sizeof(mask), (void *)8),
		  EFAULT);
	return UTEST_PASS;
}

static int test_setaffinity(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
	CHECK(CPU_ISSET(0, &set));
	/* no CPU at all */
	CPU_ZERO(&set);
	CHECK_ERR(sched_setaffinity(0, sizeof(set), &set), EINVAL);
	CPU_SET(0, &set);
	CHECK_ERR(sched_setaffinity(-1, sizeof(set), &set), ESRCH);
	CHECK_ERR(syscall(SYS_sched_setaffinity, 0, sizeof(set), (void *)8),
		  EFAULT);
	return UTEST_PASS;
}

static int test_getcpu(void)
{
	unsigned int cpu = 12345, node = 12345;
	cpu_set_t set;

	CHECK(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
	CHECK(cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set));
	CHECK(node < 1024);
	CHECK(syscall(SYS_getcpu, NULL, NULL, NULL) == 0);
	CHECK_ERR(syscall(SYS_getcpu, (void *)8, NULL, NULL), EFAULT);
	return UTEST_PASS;
}

/* In a child (the nice value stays there): nice up, read it back. */
static int test_priority(void)
{
	int status;
	pid_t pid;

	/* the raw value is 20 - nice; libc gives the nice value */
	CHECK(syscall(SYS_getpriority, PRIO_PROCESS, 0) ==
	      20 - getpriority(PRIO_PROCESS, 0));
	CHECK(getpriority(PRIO_PROCESS, 0) == 0);
	CHECK_ERR(getpriority(7, 0), EINVAL);
	CHECK_ERR(setpriority(7, 0, 0), EINVAL);
	CHECK_ERR(getpriority(PRIO_PROCESS, -5), ESRCH);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int ok = setpriority(PRIO_PROCESS, 0, 5) == 0 &&
			 getpriority(PRIO_PROCESS, 0) == 5 &&
			 getpriority(PRIO_PROCESS, getpid()) == 5 &&
			 /* clamped to 19 */
			 setpriority(PRIO_PROCESS, 0, 100) == 0 &&
			 getpriority(PRIO_PROCESS, 0) == 19 &&
			 /* root may lower it again */
			 setpriority(PRIO_PROCESS, 0, 3) == 0 &&
			 getpriority(PRIO_PROCESS, 0) == 3;
		/* not root: lowering it is EACCES */
		if (ok && setresuid(1000, 1000, 1000) == 0) {
			errno = 0;
			ok = setpriority(PRIO_PROCESS, 0, 1) == -1 &&
			     errno == EACCES &&
			     setpriority(PRIO_PROCESS, 0, 4) == 0 &&
			     getpriority(PRIO_PROCESS, 0) == 4 &&
			     setpriority(PRIO_PROCESS, 1, 10) == -1 &&
			     errno == EPERM;
		}
		_exit(ok ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* the parent's value did not change */
	CHECK(getpriority(PRIO_PROCESS, 0) == 0);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_getaffinity),
	UTEST(test_setaffinity),
	UTEST(test_getcpu),
	UTEST(test_priority),
};

int main(void)
{
	utest_run(tests, UTEST_COUNT(tests));
}
