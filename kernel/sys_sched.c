// SPDX-License-Identifier: MIT
/*
 * Scheduling syscalls busybox's applets call (Linux's kernel/sched/
 * syscalls.c, kernel/sys.c): CPU affinity and getcpu on keel's one CPU,
 * and the nice value through getpriority/setpriority (PRIO_PROCESS).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"

/* keel runs on one CPU: CPU 0, NUMA node 0. The mask Linux hands out is
 * a whole number of longs; keel's is one. */
#define KEEL_NR_CPUS 1
#define CPUMASK_BYTES sizeof(unsigned long)

/* @pid's task (0: the caller), referenced; NULL when there is none. */
static struct task_struct *task_of(pid_t pid)
{
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		get_task_struct(current);
		return current;
	}
	return find_get_task_by_pid(pid);
}

SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, unsigned int, len,
		unsigned long __user *, user_mask_ptr)
{
	unsigned long mask = (1UL << KEEL_NR_CPUS) - 1;
	struct task_struct *p;

	/* Linux: room for every possible CPU, a whole number of longs. */
	if ((u64)len * 8 < KEEL_NR_CPUS || (len & (sizeof(long) - 1)))
		return -EINVAL;
	p = task_of(pid);
	if (!p)
		return -ESRCH;
	put_task_struct(p);
	if (copy_to_user(user_mask_ptr, &mask, CPUMASK_BYTES))
		return -EFAULT;
	return CPUMASK_BYTES;
}

SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, unsigned int, len,
		unsigned long __user *, user_mask_ptr)
{
	unsigned long mask = 0;
	struct task_struct *p;
	bool allowed;

	/* A shorter mask is zero-extended, a longer one cut, as in Linux. */
	if (copy_from_user(&mask, user_mask_ptr,
			   len < CPUMASK_BYTES ? len : CPUMASK_BYTES))
		return -EFAULT;
	p = task_of(pid);
	if (!p)
		return -ESRCH;
	allowed = current->cred.euid == 0 ||
		  current->cred.euid == p->cred.euid ||
		  current->cred.euid == p->cred.uid;
	put_task_struct(p);
	if (!allowed)
		return -EPERM;
	/* No CPU of the mask is online: Linux's -EINVAL. */
	if (!(mask & ((1UL << KEEL_NR_CPUS) - 1)))
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE3(getcpu, unsigned int __user *, cpup, unsigned int __user *,
		nodep, void __user *, unused)
{
	unsigned int zero = 0;

	(void)unused;
	if (cpup && copy_to_user(cpup, &zero, sizeof(zero)))
		return -EFAULT;
	if (nodep && copy_to_user(nodep, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

/*
 * PRIO_PGRP and PRIO_USER would walk the task list; keel answers them for
 * the caller's own process group or user (who 0 or the caller's own id),
 * as if the caller were its only member; any other who is -ESRCH.
 */
static struct task_struct *prio_task(int which, int who)
{
	if (which == PRIO_PROCESS)
		return task_of(who);
	if ((which == PRIO_PGRP && (who == 0 || who == current->pgrp)) ||
	    (which == PRIO_USER &&
	     (who == 0 || (unsigned int)who == current->cred.uid)))
		return task_of(0);
	return NULL;
}

SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	struct task_struct *p;
	long ret;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	p = prio_task(which, who);
	if (!p)
		return -ESRCH;
	/* The kernel's value is 20 - nice (1..40); libc turns it back. */
	ret = 20 - task_nice(p);
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, niceval)
{
	struct task_struct *p;
	long ret = 0;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (niceval < -20)
		niceval = -20;
	if (niceval > 19)
		niceval = 19;
	p = prio_task(which, who);
	if (!p)
		return -ESRCH;
	if (current->cred.euid != 0 && current->cred.euid != p->cred.euid &&
	    current->cred.euid != p->cred.uid)
		ret = -EPERM;
	else if (niceval < task_nice(p) && current->cred.euid != 0)
		ret = -EACCES; /* raising the priority needs CAP_SYS_NICE */
	else
		set_user_nice(p, niceval);
	put_task_struct(p);
	return ret;
}
