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
#include "kernel/panic.h"
#include "kernel/sched.h"
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

struct task_struct *copy_process(int (*fn)(void *), void *arg, const char *name,
				 unsigned long flags)
{
	struct task_struct *p;
	unsigned long irqflags;
	pid_t pid;

	p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->stack = vmalloc_stack(THREAD_SIZE);
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return ERR_PTR(-ENOMEM);
	}
	__atomic_add_fetch(&nr_stacks, 1, __ATOMIC_RELAXED);
	p->usage = 2; /* alive, and running */
	p->flags = PF_KTHREAD;
	kscnprintf(p->comm, sizeof(p->comm), "%s", name);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->pid_chain);
	init_waitqueue_head(&p->wait_chldexit);
	p->exit_signal = (flags & CLONE_AUTOREAP) ? -1 : SIGCHLD;
	sched_fork(p);
	arch_copy_thread(p, fn, arg);

	irqflags = spin_lock_irqsave(&tasklist_lock);
	pid = alloc_pid();
	if (pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irqflags);
		pr_warn("fork: no pid left for %s", name);
		put_task_stack(p);
		kmem_cache_free(task_struct_cachep, p);
		return ERR_PTR(pid);
	}
	p->pid = pid;
	attach_pid(p);
	p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &task_list);
	spin_unlock_irqrestore(&tasklist_lock, irqflags);
	return p;
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
