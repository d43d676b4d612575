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
#include "kernel/kthread_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "kernel/sched.h"

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
