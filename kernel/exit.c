// SPDX-License-Identifier: MIT
/*
 * The end of a task: do_exit, the zombie state, and reaping.
 *
 *   do_exit(code)
 *     children -> pid 1 (or, before it exists, the idle task)
 *     exit_signal SIGCHLD: EXIT_ZOMBIE; the parent's wait_chldexit is woken
 *     exit_signal -1:      EXIT_DEAD; released at once (auto-reaped)
 *     last switch: TASK_DEAD; finish_task_switch frees the stack
 *   kernel_wait(pid) by the parent: EXIT_ZOMBIE -> EXIT_DEAD, released
 *
 * An oops kills the task that caused it (make_task_dead); an oops while it
 * is already exiting cannot be cleaned up and leaves it asleep for good,
 * as Linux does ("Fixing recursive fault but reboot is needed!").
 */
#include "kernel/arch/irqflags.h"
#include "kernel/exec.h"
#include "kernel/fork.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/mm_types.h"
#include "kernel/kthread_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

void __noreturn do_task_dead(void);

/* Unlink @p from everything; tasklist_lock held. */
static void __unhash_task(struct task_struct *p)
{
	list_del_init(&p->tasks);
	list_del_init(&p->sibling);
	detach_pid(p);
	free_pid(p->pid);
}

/* Where the children of an exiting task go: pid 1, else the idle task. */
static struct task_struct *child_reaper(struct task_struct *dying)
{
	struct task_struct *init = find_task_by_pid(1);

	return init && init != dying ? init : &init_task;
}

/* tasklist_lock held. */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *reaper = child_reaper(father), *p, *n;
	bool zombies = false;

	list_for_each_entry_safe(p, n, &father->children, sibling)
	{
		p->parent = reaper;
		list_move_tail(&p->sibling, &reaper->children);
		zombies |= p->exit_state == EXIT_ZOMBIE;
	}
	if (zombies)
		__wake_up(&reaper->wait_chldexit, TASK_NORMAL, 0);
}

/* Tell the parent, or release at once; returns whether released. */
static bool exit_notify(struct task_struct *tsk)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	bool autoreap = tsk->exit_signal < 0;

	forget_original_parent(tsk);
	if (!autoreap && tsk->exit_signal > 0)
		autoreap = exit_notify_parent(tsk);
	if (autoreap) {
		tsk->exit_state = EXIT_DEAD;
		__unhash_task(tsk);
	} else {
		tsk->exit_state = EXIT_ZOMBIE;
		__wake_up(&tsk->parent->wait_chldexit, TASK_NORMAL, 0);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return autoreap;
}

/* Leave the address space: a vfork parent goes on, the page tables go
 * when the last user does (clear_child_tid is written first). */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	unsigned long flags;

	if (!mm)
		return;
	if (tsk->clear_child_tid) {
		put_user(0, tsk->clear_child_tid);
		tsk->clear_child_tid = NULL;
	}
	exec_mm_release(tsk);
	flags = spin_lock_irqsave(&task_mm_lock);
	tsk->mm = NULL;
	tsk->active_mm = NULL;
	spin_unlock_irqrestore(&task_mm_lock, flags);
	switch_mm(mm, NULL);
	mmput(mm);
}

void __noreturn do_exit(long code)
{
	struct task_struct *tsk = current;

	if (unlikely(in_interrupt()))
		panic("Aiee, killing interrupt handler!");
	if (unlikely(is_idle_task(tsk)))
		panic("Attempted to kill the idle task!");
	if (unlikely(tsk->pid == 1))
		panic("Attempted to kill init! exitcode=0x%08lx",
		      (unsigned long)code);
	if (unlikely(tsk->flags & PF_EXITING)) {
		pr_crit("Fixing recursive fault but reboot is needed!");
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			schedule();
		}
	}
	tsk->flags |= PF_EXITING;
	tsk->exit_code = (int)code;
	exit_task_hooks(tsk);
	exit_mm(tsk);
	/* From telling others to the last switch nothing else runs here, so
	 * whoever waits sees the task gone, its stack freed, at once. */
	preempt_disable();
	kthread_exit_notify(tsk, (int)code);
	if (exit_notify(tsk))
		put_task_struct(tsk); /* the alive reference: nobody reaps */
	do_task_dead();
}

void __noreturn make_task_dead(int signr)
{
	struct task_struct *tsk = current;

	if (preempt_count() != 0) {
		pr_crit("note: %s[%d] exited with preempt_count %d", tsk->comm,
			tsk->pid, preempt_count());
		preempt_count_set(0);
	}
	arch_local_irq_enable();
	do_exit(signr);
}

/*
 * A zombie child matching @pid, or -ECHILD when no child matches, or
 * -EAGAIN when one matches but none has exited. tasklist_lock held.
 */
static struct task_struct *find_zombie(pid_t pid, int *err)
{
	struct task_struct *p;

	*err = -ECHILD;
	list_for_each_entry (p, &current->children, sibling) {
		if (pid != -1 && p->pid != pid)
			continue;
		if (p->exit_state == EXIT_ZOMBIE)
			return p;
		*err = -EAGAIN;
	}
	return NULL;
}

pid_t kernel_wait(pid_t pid, int *status)
{
	struct wait_queue_entry wq;
	struct task_struct *zombie;
	unsigned long flags;
	int err;

	init_wait_entry(&wq, 0);
	for (;;) {
		prepare_to_wait_event(&current->wait_chldexit, &wq,
				      TASK_UNINTERRUPTIBLE);
		flags = spin_lock_irqsave(&tasklist_lock);
		zombie = find_zombie(pid, &err);
		if (zombie) {
			zombie->exit_state = EXIT_DEAD;
			__unhash_task(zombie);
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (zombie || err != -EAGAIN)
			break;
		schedule();
	}
	finish_wait(&current->wait_chldexit, &wq);
	if (!zombie)
		return err;
	pid = zombie->pid;
	if (status)
		*status = zombie->exit_code;
	put_task_struct(zombie); /* the alive reference */
	return pid;
}

void __noreturn do_group_exit(int exit_code)
{
	/* One thread per process: the group is the task. */
	do_exit(exit_code);
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/* --- wait4 and waitid --- */

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WSTOPPED WUNTRACED
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

#define P_ALL 0
#define P_PID 1
#define P_PGID 2

enum wait_type { WAIT_ALL, WAIT_PID, WAIT_PGID };

struct wait_opts {
	enum wait_type type;
	pid_t id;
	int options;
	pid_t pid; /* out: the child reported */
	int status; /* out: its wait status */
};

static bool wait_matches(const struct wait_opts *wo,
			 const struct task_struct *p)
{
	/* __WCLONE: only children with a non-SIGCHLD exit signal, unless
	 * __WALL (Linux's eligible_child). */
	if (!(wo->options & __WALL) &&
	    ((p->exit_signal != SIGCHLD) != !!(wo->options & __WCLONE)))
		return false;
	switch (wo->type) {
	case WAIT_PID:
		return p->pid == wo->id;
	case WAIT_PGID:
		return p->pgrp == wo->id;
	default:
		return true;
	}
}

/*
 * One look for an exited child: 1 when one was found (reaped unless
 * WNOWAIT), -ECHILD when no child matches, 0 when some match but none
 * has exited.
 */
static int wait_scan(struct wait_opts *wo)
{
	struct task_struct *p, *zombie = NULL;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int ret = -ECHILD;

	list_for_each_entry (p, &current->children, sibling) {
		bool consume = !(wo->options & WNOWAIT);

		if (!wait_matches(wo, p))
			continue;
		ret = 0;
		if (p->exit_state == EXIT_ZOMBIE) {
			if (!(wo->options & WEXITED))
				continue;
			zombie = p;
			break;
		}
		if (p->exit_state)
			continue;
		/* Stopped and continued children stay; they are only
		 * reported (WUNTRACED/WSTOPPED, WCONTINUED). */
		if (wo->options & WSTOPPED) {
			int code = wait_task_stopped_code(p, consume);

			if (code) {
				wo->pid = p->pid;
				wo->status = code;
				ret = 1;
				break;
			}
		}
		if ((wo->options & WCONTINUED) &&
		    wait_task_continued(p, consume)) {
			wo->pid = p->pid;
			wo->status = 0xffff;
			ret = 1;
			break;
		}
	}
	if (zombie) {
		wo->pid = zombie->pid;
		wo->status = zombie->exit_code;
		if (!(wo->options & WNOWAIT)) {
			zombie->exit_state = EXIT_DEAD;
			__unhash_task(zombie);
		} else {
			zombie = NULL;
		}
		ret = 1;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (zombie)
		put_task_struct(zombie); /* the alive reference */
	return ret;
}

static long do_wait(struct wait_opts *wo)
{
	struct wait_queue_entry wq;
	long ret;

	init_wait_entry(&wq, 0);
	for (;;) {
		prepare_to_wait_event(&current->wait_chldexit, &wq,
				      TASK_INTERRUPTIBLE);
		ret = wait_scan(wo);
		if (ret || (wo->options & WNOHANG))
			break;
		if (task_signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&current->wait_chldexit, &wq);
	return ret;
}

/* struct rusage: 144 bytes; keel does no per-child accounting yet, so
 * every field reads 0. */
#define RUSAGE_SIZE 144

SYSCALL_DEFINE4(wait4, pid_t, upid, int __user *, stat_addr, int, options,
		void __user *, ru)
{
	struct wait_opts wo = {.options = options | WEXITED};
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (upid == INT_MIN)
		return -ESRCH; /* -INT_MIN overflows, as Linux says */
	if (upid < -1) {
		wo.type = WAIT_PGID;
		wo.id = -upid;
	} else if (upid == 0) {
		wo.type = WAIT_PGID;
		wo.id = current->pgrp;
	} else if (upid > 0) {
		wo.type = WAIT_PID;
		wo.id = upid;
	}
	ret = do_wait(&wo);
	if (ret <= 0)
		return ret;
	if (stat_addr && put_user(wo.status, stat_addr))
		return -EFAULT;
	if (ru && clear_user(ru, RUSAGE_SIZE))
		return -EFAULT;
	return wo.pid;
}

SYSCALL_DEFINE5(waitid, int, which, pid_t, upid, void __user *, infop, int,
		options, void __user *, ru)
{
	struct wait_opts wo = {.options = options};
	kernel_siginfo_t info;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		wo.type = WAIT_ALL;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.type = WAIT_PID;
		wo.id = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.type = WAIT_PGID;
		wo.id = upid ? upid : current->pgrp;
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(&wo);
	if (ret < 0)
		return ret;
	memset(&info, 0, sizeof(info));
	if (ret > 0) {
		info.si_signo = SIGCHLD;
		info.si_pid = wo.pid;
		if (wo.status == 0xffff) {
			info.si_code = CLD_CONTINUED;
			info.si_status = SIGCONT;
		} else if ((wo.status & 0xff) == 0x7f) {
			info.si_code = CLD_STOPPED;
			info.si_status = (wo.status >> 8) & 0xff;
		} else if ((wo.status & 0x7f) == 0) {
			info.si_code = CLD_EXITED;
			info.si_status = (wo.status >> 8) & 0xff;
		} else {
			info.si_code =
				(wo.status & 0x80) ? CLD_DUMPED : CLD_KILLED;
			info.si_status = wo.status & 0x7f;
		}
	}
	/* WNOHANG with nobody ready: Linux zeroes si_signo and si_pid. */
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	if (ru && clear_user(ru, RUSAGE_SIZE))
		return -EFAULT;
	return 0;
}
