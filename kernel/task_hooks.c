// SPDX-License-Identifier: MIT
/*
 * The points where fork, exit and execve hand over to the subsystems a
 * process owns a share of: its open files and working directory (fs/)
 * and its signal handlers and pending signals (kernel/signal.c). One
 * place lists them all, in the order Linux's copy_process, do_exit and
 * begin_new_exec call them. (The address space is fork.c's and exec.c's
 * own business.)
 */
#include "fs/fs.h"
#include "fs/tty.h"
#include "kernel/completion.h"
#include "kernel/exec.h"
#include "kernel/fork.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

int fork_copy_hooks(unsigned long clone_flags, struct task_struct *p)
{
	int err = copy_files(clone_flags, p);

	if (err)
		return err;
	err = copy_fs(clone_flags, p);
	if (err) {
		exit_files(p);
		return err;
	}
	err = copy_sighand(clone_flags, p);
	if (!err)
		err = copy_signal(clone_flags, p);
	if (err) {
		exit_fs(p);
		exit_files(p);
	}
	return err;
}

void fork_undo_hooks(struct task_struct *p)
{
	exit_fs(p);
	exit_files(p);
}

void exit_task_hooks(struct task_struct *p)
{
	/* tty: a session leader takes its controlling tty with it. */
	tty_exit_task(p);
	exit_signals(p);
	exit_files(p);
	exit_fs(p);
}

bool exit_notify_parent(struct task_struct *p)
{
	p->exit_status_wait = p->exit_code;
	return do_notify_parent(p, p->exit_signal);
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
	flush_signal_handlers(t, 0);
	if (t->pid == 1 && t->signal)
		t->signal->flags |= SIGNAL_UNKILLABLE;
	unshare_files_for_exec();
	do_close_on_exec(t->files);
}

void exec_kill_current(void)
{
	force_sigsegv(SIGSEGV);
}
