// SPDX-License-Identifier: MIT
/*
 * The points where fork, exit and execve hand over to the subsystems a
 * process owns a share of: its address space (mm/), open files and
 * working directory (fs/), signal handlers (kernel/signal.c). One place
 * lists them all, in the order Linux's copy_process, do_exit and
 * begin_new_exec call them.
 */
#include "kernel/completion.h"
#include "kernel/exec.h"
#include "kernel/fork.h"
#include "kernel/sched.h"
#include "kernel/signal_hooks.h"

int fork_copy_hooks(unsigned long clone_flags, struct task_struct *p)
{
	(void)clone_flags;
	(void)p;
	return 0;
}

void fork_undo_hooks(struct task_struct *p)
{
	(void)p;
}

void exit_task_hooks(struct task_struct *p)
{
	(void)p;
}

bool exit_notify_parent(struct task_struct *p)
{
	/* The parent sleeps in wait4 on its wait_chldexit (woken by the
	 * caller); SIGCHLD comes with kernel/signal.c. */
	(void)p;
	return false;
}

void exec_mm_release(struct task_struct *t)
{
	struct completion *vfork = t->vfork_done;

	if (vfork) {
		t->vfork_done = NULL;
		complete(vfork);
	}
}

void exec_flush_task_state(struct task_struct *t)
{
	(void)t;
}

void exec_kill_current(void)
{
	force_sig_fault(SIGSEGV, 0, NULL);
}
