// SPDX-License-Identifier: MIT
/*
 * Creating tasks: the boot task, copy_process and kernel_thread, and the
 * two things every task owns: its struct (a slab cache) and its kernel
 * stack (vmalloc_stack: 16 KiB mapped above one unmapped guard page, so
 * running off the end faults and is reported, never silently corrupts).
 *
 *   vmalloc space:  | guard (unmapped) | stack, THREAD_SIZE | ...
 *                                      ^ p->stack           ^ task_stack_top(p)
 *
 * A task holds two references on its struct: one for being alive (dropped
 * when it is reaped, or at exit when it is auto-reaped) and one for
 * running (dropped by finish_task_switch after its last switch).
 */
#include "kernel/fork.h"

#include "kernel/arch/process.h"
#include "kernel/init.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/completion.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/mm_types.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/vmalloc.h"
#include "mm/slab.h"

extern char init_stack[], init_stack_top[];

struct task_struct init_task = {
	.state = TASK_RUNNING,
	.flags = PF_KTHREAD | PF_IDLE,
	.pid = 0,
	.comm = "swapper/0",
	.usage = 2,
	.parent = &init_task,
	.children = LIST_HEAD_INIT(init_task.children),
	.sibling = LIST_HEAD_INIT(init_task.sibling),
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.pid_chain = LIST_HEAD_INIT(init_task.pid_chain),
	.exit_signal = -1,
	.wait_chldexit = __WAIT_QUEUE_HEAD_INITIALIZER(init_task.wait_chldexit),
	.se = {.weight = NICE_0_WEIGHT},
	.rlim = INIT_RLIMITS,
	.sighand = &init_sighand,
	.signal = &init_signals,
	.pending = {.list = LIST_HEAD_INIT(init_task.pending.list)},
};

DEFINE_SPINLOCK(tasklist_lock);
LIST_HEAD(task_list);

static struct kmem_cache *task_struct_cachep;
static unsigned long nr_stacks; /* task stacks allocated now */

void __init fork_init(void)
{
	task_struct_cachep =
		kmem_cache_create("task_struct", sizeof(struct task_struct),
				  SMP_CACHE_BYTES, 0, NULL);
	if (!task_struct_cachep)
		panic("fork_init: no task_struct cache");
	pr_info("fork: task_struct %zu bytes, kernel stacks %d KiB with a "
		"guard page below each",
		sizeof(struct task_struct), THREAD_SIZE / 1024);
}

DEFINE_SPINLOCK(task_mm_lock);

struct mm_struct *get_task_mm(struct task_struct *t)
{
	unsigned long flags = spin_lock_irqsave(&task_mm_lock);
	struct mm_struct *mm = t->mm;

	if (mm && !(t->flags & PF_KTHREAD))
		__atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED);
	else
		mm = NULL;
	spin_unlock_irqrestore(&task_mm_lock, flags);
	return mm;
}

unsigned long nr_task_stacks(void)
{
	return __atomic_load_n(&nr_stacks, __ATOMIC_RELAXED);
}

unsigned long task_stack_top(const struct task_struct *p)
{
	if (!p->stack)
		return (unsigned long)init_stack_top;
	return (unsigned long)p->stack + THREAD_SIZE;
}

bool task_stack_contains(const struct task_struct *p, unsigned long addr,
			 unsigned long *lo, unsigned long *hi)
{
	unsigned long bottom, top;

	if (!p || !p->stack)
		return false;
	bottom = (unsigned long)p->stack;
	top = bottom + THREAD_SIZE;
	if (addr < bottom - PAGE_SIZE || addr >= top)
		return false;
	if (lo)
		*lo = bottom;
	if (hi)
		*hi = top;
	return true;
}

void get_task_struct(struct task_struct *p)
{
	__atomic_add_fetch(&p->usage, 1, __ATOMIC_RELAXED);
}

void free_task(struct task_struct *p)
{
	if (p->sighand || p->signal)
		__exit_signal(p);
	if (p->stack)
		put_task_stack(p);
	arch_fpu_free(p);
	kfree(p->kthread);
	kmem_cache_free(task_struct_cachep, p);
}

void put_task_struct(struct task_struct *p)
{
	int left = __atomic_sub_fetch(&p->usage, 1, __ATOMIC_ACQ_REL);

	if (left == 0) {
		if (p == &init_task || is_idle_task(p))
			panic("put_task_struct: the idle task's last "
			      "reference");
		free_task(p);
	} else if (left < 0) {
		pr_err("BUG: put_task_struct: %s[%d] usage %d", p->comm, p->pid,
		       left);
	}
}

void put_task_stack(struct task_struct *p)
{
	void *stack = __atomic_exchange_n(&p->stack, NULL, __ATOMIC_ACQ_REL);

	if (stack) {
		vfree_stack(stack);
		__atomic_sub_fetch(&nr_stacks, 1, __ATOMIC_RELAXED);
	}
}

/* A new task struct and stack, the parent's identity copied. */
static struct task_struct *dup_task(const char *name)
{
	struct task_struct *p, *parent = current;

	p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	if (!p)
		return NULL;
	p->stack = vmalloc_stack(THREAD_SIZE);
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return NULL;
	}
	__atomic_add_fetch(&nr_stacks, 1, __ATOMIC_RELAXED);
	p->usage = 2; /* alive, and running */
	kscnprintf(p->comm, sizeof(p->comm), "%s", name);
	p->start_time = ktime_get_ns();
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->pid_chain);
	INIT_LIST_HEAD(&p->pending.list);
	init_waitqueue_head(&p->wait_chldexit);
	p->cred = parent->cred;
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	p->pgrp = parent->pgrp;
	p->session = parent->session;
	p->blocked = parent->blocked;
	return p;
}

/* Undo dup_task for a task that never ran. */
static void free_new_task(struct task_struct *p)
{
	if (p->sighand || p->signal)
		__exit_signal(p);
	put_task_stack(p);
	arch_fpu_free(p);
	kmem_cache_free(task_struct_cachep, p);
}

/* Give @p a pid and link it under the current task. */
static int attach_new_task(struct task_struct *p)
{
	unsigned long irqflags = spin_lock_irqsave(&tasklist_lock);
	pid_t pid = alloc_pid();

	if (pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irqflags);
		pr_warn("fork: no pid left for %s", p->comm);
		return pid;
	}
	p->pid = pid;
	p->tgid = pid;
	attach_pid(p);
	p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &task_list);
	spin_unlock_irqrestore(&tasklist_lock, irqflags);
	return 0;
}

struct task_struct *copy_process(int (*fn)(void *), void *arg, const char *name,
				 unsigned long flags)
{
	struct task_struct *p = dup_task(name);
	int err;

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->flags = PF_KTHREAD;
	p->exit_signal = (flags & CLONE_AUTOREAP) ? -1 : SIGCHLD;
	err = copy_sighand(0, p);
	if (!err)
		err = copy_signal(0, p);
	if (err) {
		free_new_task(p);
		return ERR_PTR(err);
	}
	sched_fork(p);
	arch_copy_thread(p, fn, arg);
	err = attach_new_task(p);
	if (err) {
		free_new_task(p);
		return ERR_PTR(err);
	}
	return p;
}

/*
 * fork, vfork and clone of a user process (Linux's kernel_clone). keel
 * has no user threads yet: CLONE_THREAD is -EINVAL, and CLONE_VM only
 * comes with CLONE_VFORK (the parent sleeps until the child execs or
 * exits, so they never run in one address space at once).
 */
long do_fork(unsigned long clone_flags, unsigned long newsp,
	     int __user *parent_tid, int __user *child_tid, unsigned long tls)
{
	struct task_struct *p, *parent = current;
	struct completion vfork;
	int exit_signal = (int)(clone_flags & CSIGNAL);
	pid_t pid;
	int err;

	if (!parent->mm)
		return -EINVAL;
	if (clone_flags &
	    (CLONE_THREAD | CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID |
	     CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP |
	     CLONE_PIDFD | CLONE_PTRACE | CLONE_UNTRACED))
		return -EINVAL;
	if ((clone_flags & CLONE_SIGHAND) && !(clone_flags & CLONE_VM))
		return -EINVAL;
	if ((clone_flags & CLONE_VM) && !(clone_flags & CLONE_VFORK))
		return -EINVAL; /* threads come with SMP */
	if (exit_signal >= 65)
		return -EINVAL;
	p = dup_task(parent->comm);
	if (!p)
		return -ENOMEM;
	p->exit_signal = exit_signal;
	if (clone_flags & CLONE_VM) {
		p->mm = parent->mm;
		__atomic_add_fetch(&p->mm->mm_users, 1, __ATOMIC_RELAXED);
	} else {
		p->mm = dup_mm(parent->mm);
		if (!p->mm) {
			free_new_task(p);
			return -ENOMEM;
		}
	}
	p->active_mm = p->mm;
	err = arch_fpu_copy(p, parent);
	if (!err)
		err = fork_copy_hooks(clone_flags, p);
	if (err) {
		mmput(p->mm);
		free_new_task(p);
		return err;
	}
	sched_fork(p);
	arch_copy_thread_user(p, newsp);
	if (clone_flags & CLONE_SETTLS)
		p->fsbase = tls;
	if (clone_flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = child_tid;
	err = attach_new_task(p);
	if (err) {
		fork_undo_hooks(p);
		mmput(p->mm);
		free_new_task(p);
		return err;
	}
	pid = p->pid;
	if (clone_flags & CLONE_PARENT_SETTID)
		put_user(pid, parent_tid); /* errors ignored, as Linux */
	if (clone_flags & CLONE_CHILD_SETTID)
		p->set_child_tid = child_tid;
	if (clone_flags & CLONE_VFORK) {
		init_completion(&vfork);
		p->vfork_done = &vfork;
		get_task_struct(p);
	}
	wake_up_new_task(p);
	if (clone_flags & CLONE_VFORK) {
		wait_for_completion(&vfork);
		put_task_struct(p);
	}
	return pid;
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(SIGCHLD, 0, NULL, NULL, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, NULL, NULL, 0);
}

/* x86-64 argument order: flags, newsp, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tid, int __user *, child_tid,
		unsigned long, tls)
{
	return do_fork(clone_flags, newsp, parent_tid, child_tid, tls);
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned long flags)
{
	struct task_struct *p = copy_process(fn, arg, name, flags);
	pid_t pid;

	if (IS_ERR(p))
		return (pid_t)PTR_ERR(p);
	pid = p->pid;
	wake_up_new_task(p);
	return pid;
}
