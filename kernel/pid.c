// SPDX-License-Identifier: MIT
/*
 * Process ids, as Linux hands them out: the next free number after the
 * last one given, up to PID_MAX_DEFAULT - 1, then around again from
 * RESERVED_PIDS (so low numbers stay with the boot's first tasks). Pid 0
 * is the idle task's and never allocated. A hash table finds a task by
 * pid. Everything here is under tasklist_lock.
 */
#include "kernel/lib/errno.h"
#include "kernel/sched.h"

#define PID_MAX_DEFAULT 0x8000
#define RESERVED_PIDS 300
#define PIDHASH_SIZE 256
#define BITS_PER_LONG 64

static unsigned long pid_bitmap[PID_MAX_DEFAULT / BITS_PER_LONG];
static pid_t last_pid;
static unsigned int pids_in_use;
static u64 total_forks; /* tasks attached since boot (/proc/stat) */
static struct list_head pid_hash[PIDHASH_SIZE];
static bool pid_hash_ready;

static bool pid_test(pid_t pid)
{
	return pid_bitmap[pid / BITS_PER_LONG] & BIT(pid % BITS_PER_LONG);
}

static bool pid_try_take(pid_t pid)
{
	if (pid_test(pid))
		return false;
	pid_bitmap[pid / BITS_PER_LONG] |= BIT(pid % BITS_PER_LONG);
	last_pid = pid;
	pids_in_use++;
	return true;
}

pid_t alloc_pid(void)
{
	pid_t pid;

	for (pid = last_pid + 1; pid < PID_MAX_DEFAULT; pid++)
		if (pid_try_take(pid))
			return pid;
	for (pid = RESERVED_PIDS; pid <= last_pid; pid++)
		if (pid_try_take(pid))
			return pid;
	return -EAGAIN;
}

void free_pid(pid_t pid)
{
	if (pid <= 0 || pid >= PID_MAX_DEFAULT || !pid_test(pid))
		return;
	pid_bitmap[pid / BITS_PER_LONG] &= ~BIT(pid % BITS_PER_LONG);
	pids_in_use--;
}

unsigned int nr_tasks(void)
{
	return pids_in_use;
}

static struct list_head *pid_bucket(pid_t pid)
{
	if (!pid_hash_ready) {
		for (int i = 0; i < PIDHASH_SIZE; i++)
			INIT_LIST_HEAD(&pid_hash[i]);
		pid_hash_ready = true;
	}
	return &pid_hash[(unsigned int)pid % PIDHASH_SIZE];
}

void attach_pid(struct task_struct *p)
{
	list_add(&p->pid_chain, pid_bucket(p->pid));
	total_forks++;
}

pid_t last_pid_allocated(void)
{
	return __atomic_load_n(&last_pid, __ATOMIC_RELAXED);
}

u64 nr_forks(void)
{
	return __atomic_load_n(&total_forks, __ATOMIC_RELAXED);
}

void detach_pid(struct task_struct *p)
{
	list_del_init(&p->pid_chain);
}

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct list_head *b = pid_bucket(pid);
	struct task_struct *p;

	list_for_each_entry (p, b, pid_chain)
		if (p->pid == pid)
			return p;
	return NULL;
}

struct task_struct *find_get_task_by_pid(pid_t pid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(pid);

	if (p)
		get_task_struct(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;
}
