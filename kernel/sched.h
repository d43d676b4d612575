/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the scheduler, as the rest of the kernel sees them (Linux's
 * include/linux/sched.h, in small).
 *
 * Every thread of control is a struct task_struct with its own kernel
 * stack (16 KiB from the vmalloc space, an unmapped guard page below it),
 * except the boot CPU's idle task, init_task (pid 0, "swapper/0"), which
 * runs on the boot stack. Lifecycle:
 *
 *   copy_process: TASK_NEW --wake_up_new_task--> TASK_RUNNING
 *      <--> TASK_INTERRUPTIBLE / TASK_UNINTERRUPTIBLE (sleeping)
 *   do_exit: exit_state EXIT_ZOMBIE (parent not yet told) --wait--> reaped
 *        or EXIT_DEAD at once for an auto-reaped task (children of
 *        kthreadd); the last context switch away from it sets TASK_DEAD
 *        and frees its stack; the struct goes when its last reference does.
 *
 * Locking: tasklist_lock protects the task list, the pid table and the
 * parent/children links; a run queue's lock protects the tasks' state
 * changes against wake-ups and the scheduler's fields (on_rq, se).
 */
#ifndef KEEL_KERNEL_SCHED_H
#define KEEL_KERNEL_SCHED_H

#include <limits.h>

#include "kernel/arch/percpu.h"
#include "kernel/arch/process.h"
#include "kernel/lib/list.h"
#include "kernel/lib/types.h"
#include "kernel/preempt.h"
#include "kernel/sched/fair.h"
#include "kernel/signal_types.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"

typedef int pid_t;

#define TASK_COMM_LEN 16
#define THREAD_SIZE (16 * 1024) /* every kernel stack */

/* task_struct.state */
#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001
#define TASK_UNINTERRUPTIBLE 0x0002
#define TASK_DEAD 0x0080
#define TASK_NEW 0x0800
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* task_struct.exit_state */
#define EXIT_DEAD 0x0010
#define EXIT_ZOMBIE 0x0020

/* task_struct.flags */
#define PF_IDLE 0x00000002
#define PF_EXITING 0x00000004
#define PF_KTHREAD 0x00200000
#define PF_USER_FPU 0x00000010 /* has user FPU state (switched eagerly) */

/* task_struct.tif: work to do before returning to user mode */
#define TIF_NEED_RESCHED 0x1
#define TIF_SIGPENDING 0x2 /* a signal may be deliverable */
#define TIF_NOTIFY_RESUME 0x4

#define SIGSEGV 11
#define SIGCHLD 17

struct kthread;
struct mm_struct;
struct files_struct;
struct fs_struct;
struct completion;

typedef unsigned int uid_t;
typedef unsigned int gid_t;

/* Credentials (Linux's struct cred, in place: no sharing yet). */
struct task_cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
};

/* Resource limits (Linux's RLIMIT_* numbering and struct rlimit64). */
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ULL)

struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

struct task_struct {
	struct thread_struct thread; /* first: entry_64.asm uses thread.sp */
	volatile long state; /* TASK_*; changed under the run queue lock */
	int exit_state; /* EXIT_ZOMBIE, EXIT_DEAD; 0 while alive */
	unsigned int flags; /* PF_* */
	unsigned long tif; /* TIF_* */
	int on_rq; /* queued on (or running from) cpu's run queue */
	int cpu;
	struct sched_entity se;
	u64 nvcsw, nivcsw; /* voluntary and involuntary switches */
	u64 start_time; /* ktime_get_ns() at creation (/proc stat) */

	pid_t pid;
	char comm[TASK_COMM_LEN];
	void *stack; /* lowest address of the kernel stack, NULL for idle */
	int usage; /* references; the struct is freed at 0 */

	/* tasklist_lock: */
	struct task_struct *parent;
	struct list_head children; /* its children, by sibling */
	struct list_head sibling; /* in parent->children */
	struct list_head tasks; /* in the list of every task */
	struct list_head pid_chain; /* in its pid hash bucket */
	int exit_code; /* what do_exit was given */
	int exit_signal; /* SIGCHLD: the parent reaps; -1: auto-reaped */
	struct wait_queue_head wait_chldexit; /* its children's exits */

	struct kthread *kthread; /* PF_KTHREAD tasks */
	void *fpu; /* PF_USER_FPU: XSAVE/FXSAVE area */

	/* --- user space --- */
	pid_t tgid; /* thread group (== pid: no user threads yet) */
	pid_t pgrp, session; /* process group and session ids */
	struct task_cred cred;
	struct rlimit64 rlim[RLIM_NLIMITS];
	/* The address space: NULL for kernel threads, which borrow the last
	 * one in active_mm (Linux's lazy TLB). */
	struct mm_struct *mm, *active_mm;
	struct files_struct *files; /* open files (fs/file.c) */
	struct fs_struct *fs; /* cwd, umask (fs/) */
	unsigned long fsbase; /* ARCH_SET_FS */
	int __user *set_child_tid, *clear_child_tid;
	void __user *robust_list;
	unsigned long robust_list_len;
	int exit_status_wait; /* the status wait4 reports (Linux's encoding) */
	struct completion *vfork_done;
	int pdeath_signal;

	/* --- signals (kernel/signal.c) --- */
	struct sighand_struct
		*sighand; /* handlers, shared with CLONE_SIGHAND */
	struct signal_struct *signal; /* the thread group's shared state */
	sigset_t blocked, real_blocked, saved_sigmask;
	bool restore_sigmask; /* sigsuspend: restore saved_sigmask */
	struct sigpending pending; /* signals sent to this thread */
	unsigned long sas_ss_sp; /* sigaltstack */
	size_t sas_ss_size;
	unsigned int sas_ss_flags;
};

#define current get_current()

/* A signal may be pending for @p (TIF_SIGPENDING). */
static inline bool task_signal_pending(const struct task_struct *p)
{
	return __atomic_load_n(&p->tif, __ATOMIC_RELAXED) &
	       2 /* TIF_SIGPENDING */;
}

/* End the current process (all its threads) with @exit_code. */
void do_group_exit(int exit_code) __noreturn;

extern struct task_struct init_task;
extern spinlock_t tasklist_lock;
extern struct list_head task_list; /* every task but the idle tasks */

static inline bool is_idle_task(const struct task_struct *p)
{
	return p->flags & PF_IDLE;
}

static inline void set_tsk_need_resched(struct task_struct *p)
{
	__atomic_or_fetch(&p->tif, TIF_NEED_RESCHED, __ATOMIC_RELAXED);
}

static inline void clear_tsk_need_resched(struct task_struct *p)
{
	__atomic_and_fetch(&p->tif, ~TIF_NEED_RESCHED, __ATOMIC_RELAXED);
}

static inline bool test_tsk_need_resched(const struct task_struct *p)
{
	return __atomic_load_n(&p->tif, __ATOMIC_RELAXED) & TIF_NEED_RESCHED;
}

/* Set the state a task is about to sleep in; a barrier orders it before
 * the condition check that follows (a wake-up in between makes the
 * coming schedule() return at once). */
#define set_current_state(s)                                                   \
	do {                                                                   \
		__atomic_store_n(&current->state, (s), __ATOMIC_SEQ_CST);      \
	} while (0)
#define __set_current_state(s) (current->state = (s))

/* --- scheduler (kernel/sched/core.c) --- */

/* Run queue and idle task of the boot CPU; after setup_per_cpu_areas. */
void sched_init(void);
/* Give up the CPU; returns when this task runs again. Preemptible
 * context only (preempt count 0, interrupts on). */
void schedule(void);
/* The idle loop's schedule(). */
void schedule_idle(void);
/* From the interrupt return path, interrupts off. */
void preempt_schedule_irq(void);
/* First thing a new task runs (ret_from_fork). */
void schedule_tail(struct task_struct *prev);
/* The tick's share: account the running task, preempt it when due. */
void scheduler_tick(void);
/* sched_yield: let every other runnable task of this CPU run first. */
void yield(void);
int sys_sched_yield(void);
/* Wake @p if its state is in @state; true when this woke it. Any
 * context. */
bool wake_up_state(struct task_struct *p, unsigned int state);
bool wake_up_process(struct task_struct *p);
/* Change @p's nice (clamped to -20..19). */
void set_user_nice(struct task_struct *p, int nice);
int task_nice(const struct task_struct *p);
/* Scheduler fields of a new task; then wake_up_new_task makes it run. */
void sched_fork(struct task_struct *p);
void wake_up_new_task(struct task_struct *p);
/* Context switches since boot, all CPUs together. */
u64 nr_context_switches(void);
/* For /proc (procdata): runnable tasks (running ones included, idle tasks
 * not), ns @cpu spent in its idle task, and the load averages as Linux's
 * avenrun (fixed point, FSHIFT 11), updated every 5 s. */
unsigned int nr_running(void);
/* Has @cpu a run queue in use (it runs tasks)? keel brings up CPU 0 only. */
bool sched_cpu_active(int cpu);
u64 sched_cpu_idle_ns(int cpu);
void sched_get_avenrun(u64 loads[3]);
/* The idle task of @cpu. */
struct task_struct *idle_task(int cpu);
/* The boot CPU becomes its idle task (rest_init's last step; called
 * with preemption disabled once, which the idle task keeps). */
void cpu_startup_entry(void) __noreturn;

/* --- sleeping with a timeout (kernel/time/sleep.c) --- */

#define MAX_SCHEDULE_TIMEOUT LONG_MAX
/* Sleep in the current state for up to @timeout jiffies; the jiffies
 * left when woken early, 0 when the time ran out. */
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
/* Sleep at least @msecs milliseconds. */
void msleep(unsigned int msecs);
unsigned long msecs_to_jiffies(unsigned int msecs);
/* Sleep until ktime_get_ns() >= @expires_ns: 0, or -EINTR when a signal
 * is pending (then at once). */
int sleep_until_ns_interruptible(u64 expires_ns);

/* --- tasks (kernel/fork.c, kernel/exit.c, kernel/pid.c) --- */

/* kernel_thread flags (keel's own): exit_signal -1, nobody reaps it. */
#define CLONE_AUTOREAP 0x1

/**
 * kernel_thread - start @fn(@arg) as a new kernel thread, a child of the
 * current task (which reaps it with kernel_wait, unless @flags has
 * CLONE_AUTOREAP).
 * @fn: the thread function; its return value becomes the exit code.
 * @arg: passed to @fn.
 * @name: the comm (truncated to 15 characters).
 * @flags: 0 or CLONE_AUTOREAP.
 * Return: the new pid, or -ENOMEM / -EAGAIN (no pid left).
 * Context: process context, may not be atomic.
 */
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned long flags);
struct task_struct *copy_process(int (*fn)(void *), void *arg, const char *name,
				 unsigned long flags);

/* End the current task with @code; never returns. */
void do_exit(long code) __noreturn;
/* After an oops: reset the preempt count and do_exit(@signr). */
void make_task_dead(int signr) __noreturn;

/**
 * kernel_wait - wait for a child of the current task to exit, and reap it.
 * @pid: the child, or -1 for any.
 * @status: set to the child's exit code (may be NULL).
 * Return: the reaped pid; -ECHILD when there is no such child.
 * Context: process context.
 */
pid_t kernel_wait(pid_t pid, int *status);

/* A counted reference on @p (pins the struct, not the task's life). */
void get_task_struct(struct task_struct *p);
void put_task_struct(struct task_struct *p);

/* The task with @pid, with a reference taken, or NULL. */
struct task_struct *find_get_task_by_pid(pid_t pid);
/* Pids in use (idle tasks excluded); for tests and /proc later. */
unsigned int nr_tasks(void);
/* For /proc (procdata): the pid alloc_pid gave last, tasks created since
 * boot. */
pid_t last_pid_allocated(void);
/* task_mm_lock orders readers of another task's mm (get_task_mm) against
 * the task's exec and exit replacing it. */
extern spinlock_t task_mm_lock;
/* @t's mm with a reference (mmput it), or NULL for kernel threads and
 * tasks past exit_mm. */
struct mm_struct *get_task_mm(struct task_struct *t);
u64 nr_forks(void);

/* pid allocation (kernel/pid.c), under tasklist_lock. */
pid_t alloc_pid(void);
void free_pid(pid_t pid);
void attach_pid(struct task_struct *p);
void detach_pid(struct task_struct *p);
struct task_struct *find_task_by_pid(pid_t pid);

/* kernel/fork.c: the task stack and struct. */
void fork_init(void);
void free_task(struct task_struct *p);
void put_task_stack(struct task_struct *p);
/* Is @addr in @p's stack guard page or stack? For the oops. */
bool task_stack_contains(const struct task_struct *p, unsigned long addr,
			 unsigned long *lo, unsigned long *hi);

#endif
