// SPDX-License-Identifier: MIT
/*
 * Kernel threads, made by kthreadd (pid 2) as Linux makes them:
 *
 *   kthread_create()                 kthreadd              the new thread
 *     queue a request, wake kthreadd
 *     wait for request->done  ---->  copy_process(kthread)
 *                                    wake_up_new_task ---> sleeps
 *                                                           (TASK_UNINTERRUPTIBLE)
 *     <------------------------------------------------- complete(done)
 *   wake_up_process(k)  ---------------------------------> runs fn(data)
 *   kthread_stop(k): should_stop, wake, wait for exited  <- do_exit(ret)
 *
 * Children of kthreadd are auto-reaped: nothing waits for them, and their
 * struct goes when the last reference does (kthread_stop holds one).
 */
#include "kernel/kthread.h"

#include "kernel/completion.h"
#include "kernel/kthread_internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched.h"
#include "mm/slab.h"

struct kthread {
	int (*threadfn)(void *data);
	void *data;
	bool should_stop;
	int result;
	struct completion exited;
};

struct kthread_create_info {
	int (*threadfn)(void *data);
	void *data;
	char name[TASK_COMM_LEN];
	struct task_struct *result; /* or an ERR_PTR */
	struct completion done;
	struct list_head list;
};

static DEFINE_SPINLOCK(kthread_create_lock);
static LIST_HEAD(kthread_create_list);
static struct task_struct *kthreadd_task;

void kthread_exit_notify(struct task_struct *tsk, int code)
{
	struct kthread *self = tsk->kthread;

	if (!self)
		return;
	self->result = code;
	complete_all(&self->exited);
}

bool kthread_should_stop(void)
{
	struct kthread *self = current->kthread;

	return self && __atomic_load_n(&self->should_stop, __ATOMIC_ACQUIRE);
}

/* Every kthread starts here. */
static int kthread(void *_create)
{
	struct kthread_create_info *create = _create;
	struct kthread *self = current->kthread;

	/* Asleep until wake_up_process(); create may go once done is. */
	__set_current_state(TASK_UNINTERRUPTIBLE);
	create->result = current;
	complete(&create->done);
	schedule();
	if (kthread_should_stop())
		return -EINTR;
	return self->threadfn(self->data);
}

static void create_kthread(struct kthread_create_info *create)
{
	struct kthread *self = kzalloc(sizeof(*self), GFP_KERNEL);
	struct task_struct *p;

	if (!self) {
		create->result = ERR_PTR(-ENOMEM);
		complete(&create->done);
		return;
	}
	self->threadfn = create->threadfn;
	self->data = create->data;
	init_completion(&self->exited);
	p = copy_process(kthread, create, create->name, CLONE_AUTOREAP);
	if (IS_ERR(p)) {
		kfree(self);
		create->result = p;
		complete(&create->done);
		return;
	}
	p->kthread = self;
	wake_up_new_task(p);
}

int kthreadd(void *unused)
{
	(void)unused;
	kthreadd_task = current;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (list_empty(&kthread_create_list))
			schedule();
		__set_current_state(TASK_RUNNING);
		spin_lock(&kthread_create_lock);
		while (!list_empty(&kthread_create_list)) {
			struct kthread_create_info *create = list_first_entry(
				&kthread_create_list,
				struct kthread_create_info, list);

			list_del_init(&create->list);
			spin_unlock(&kthread_create_lock);
			create_kthread(create);
			spin_lock(&kthread_create_lock);
		}
		spin_unlock(&kthread_create_lock);
	}
	return 0;
}

struct task_struct *kthread_create(int (*fn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct kthread_create_info *create;
	struct task_struct *result;
	va_list ap;

	if (!kthreadd_task) {
		pr_err("kthread_create: kthreadd is not running yet");
		return NULL;
	}
	create = kzalloc(sizeof(*create), GFP_KERNEL);
	if (!create)
		return NULL;
	create->threadfn = fn;
	create->data = data;
	va_start(ap, namefmt);
	kvscnprintf(create->name, sizeof(create->name), namefmt, ap);
	va_end(ap);
	init_completion(&create->done);
	INIT_LIST_HEAD(&create->list);
	spin_lock(&kthread_create_lock);
	list_add_tail(&create->list, &kthread_create_list);
	spin_unlock(&kthread_create_lock);
	wake_up_process(kthreadd_task);
	wait_for_completion(&create->done);
	result = create->result;
	if (IS_ERR(result)) {
		pr_warn("kthread_create: cannot create %s: %ld", create->name,
			PTR_ERR(result));
		result = NULL;
	}
	kfree(create);
	return result;
}

int kthread_stop(struct task_struct *k)
{
	struct kthread *self = k->kthread;
	int ret;

	if (!self) {
		pr_err("kthread_stop: %s[%d] is not a kthread", k->comm,
		       k->pid);
		return -EINVAL;
	}
	get_task_struct(k);
	__atomic_store_n(&self->should_stop, true, __ATOMIC_RELEASE);
	wake_up_process(k);
	wait_for_completion(&self->exited);
	ret = self->result;
	put_task_struct(k);
	return ret;
}
