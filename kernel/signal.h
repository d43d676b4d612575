/* SPDX-License-Identifier: MIT */
/*
 * Signals (Linux's include/linux/signal.h, sched/signal.h): generation,
 * queueing and delivery, with Linux's x86_64 ABI (kernel/uapi/signal.h).
 *
 *   send_signal_locked: prepare (SIGCONT / stop signals cancel each
 *     other; ignored signals dropped) -> queue on the thread's or the
 *     group's sigpending (standard signals coalesce, real-time ones
 *     queue with their siginfo) -> complete_signal: pick the thread,
 *     TIF_SIGPENDING, wake it (fatal signals: SIGNAL_GROUP_EXIT first)
 *   exit to user mode with TIF_SIGPENDING: arch_do_signal_or_restart ->
 *     get_signal: dequeue (synchronous first, then lowest number); ignore,
 *     stop, terminate (do_group_exit), or return it for a handler frame
 *
 * Locking: sighand->siglock (interrupts off) protects the handlers, both
 * pending sets, blocked, and signal_struct's flags and exit/stop codes.
 * tasklist_lock (taken first) guards walks over tasks (kill -1, process
 * groups, the parent). A task's sighand and signal stay until
 * __exit_signal, when the task struct is freed.
 *
 * Threads: each task has its own pending set (tkill/tgkill, faults) and
 * shares its group's (kill); with no user threads yet every group has one
 * thread, but the two queues stay distinct as in Linux.
 */
#ifndef KEEL_KERNEL_SIGNAL_H
#define KEEL_KERNEL_SIGNAL_H

#include "kernel/lib/sigpolicy.h"
#include "kernel/lib/types.h"
#include "kernel/sched.h"
#include "kernel/signal_types.h"
#include "kernel/spinlock.h"
#include "kernel/uapi/signal.h"
#include "kernel/uaccess.h"

struct pt_regs;

/* More task states (Linux's numbers); the scheduler treats any state but
 * TASK_RUNNING as asleep, and wake_up_state matches the bits. */
#define __TASK_STOPPED 0x0004
#define TASK_WAKEKILL 0x0100
#define TASK_KILLABLE (TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_STOPPED (TASK_WAKEKILL | __TASK_STOPPED)

/* clone flags copy_sighand/copy_signal look at (Linux's values). */
#ifndef CLONE_VM
#define CLONE_VM 0x00000100
#endif
#ifndef CLONE_SIGHAND
#define CLONE_SIGHAND 0x00000800
#endif
#ifndef CLONE_VFORK
#define CLONE_VFORK 0x00004000
#endif
#ifndef CLONE_THREAD
#define CLONE_THREAD 0x00010000
#endif

/* A kernel thread's handler meaning "deliver to signal_pending() only"
 * (Linux's SIG_KTHREAD; see allow_signal). */
#define SIG_KTHREAD ((__sighandler_t)2)

/* --- sigset_t --- */

static inline void sigemptyset(sigset_t *set)
{
	set->sig[0] = 0;
}

static inline void sigfillset(sigset_t *set)
{
	set->sig[0] = ~0UL;
}

static inline void sigaddset(sigset_t *set, int sig)
{
	set->sig[0] |= sigmask(sig);
}

static inline void sigdelset(sigset_t *set, int sig)
{
	set->sig[0] &= ~sigmask(sig);
}

static inline bool sigismember(const sigset_t *set, int sig)
{
	return set->sig[0] & sigmask(sig);
}

static inline bool sigisemptyset(const sigset_t *set)
{
	return set->sig[0] == 0;
}

static inline void sigaddsetmask(sigset_t *set, unsigned long mask)
{
	set->sig[0] |= mask;
}

static inline void sigdelsetmask(sigset_t *set, unsigned long mask)
{
	set->sig[0] &= ~mask;
}

/* *r = *a & *b, *a | *b, *a & ~*b. */
static inline void sigandsets(sigset_t *r, const sigset_t *a, const sigset_t *b)
{
	r->sig[0] = a->sig[0] & b->sig[0];
}

static inline void sigorsets(sigset_t *r, const sigset_t *a, const sigset_t *b)
{
	r->sig[0] = a->sig[0] | b->sig[0];
}

static inline void sigandnsets(sigset_t *r, const sigset_t *a,
			       const sigset_t *b)
{
	r->sig[0] = a->sig[0] & ~b->sig[0];
}

static inline void init_sigpending(struct sigpending *p)
{
	sigemptyset(&p->signal);
	INIT_LIST_HEAD(&p->list);
}

/* --- the structures --- */

struct k_sigaction {
	struct sigaction sa;
};

/* The handlers, shared by the threads of a group (CLONE_SIGHAND). */
struct sighand_struct {
	int count; /* references: tasks sharing it */
	spinlock_t siglock;
	struct k_sigaction action[_NSIG]; /* action[sig - 1] */
};

/* signal_struct.flags */
#define SIGNAL_STOP_STOPPED 0x00000001 /* the group is stopped */
#define SIGNAL_STOP_CONTINUED 0x00000002 /* SIGCONT since the stop (wait) */
#define SIGNAL_GROUP_EXIT 0x00000004 /* the group is dying */
#define SIGNAL_CLD_STOPPED 0x00000010 /* parent not yet told of the stop */
#define SIGNAL_CLD_CONTINUED 0x00000020 /* ... of the continue */
#define SIGNAL_CLD_MASK (SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED)
#define SIGNAL_UNKILLABLE 0x00000040 /* init: SIG_DFL means ignore */

/* The thread group's shared state (CLONE_THREAD shares it). */
struct signal_struct {
	int sigcnt; /* references */
	int nr_threads;
	struct sigpending shared_pending; /* kill(), kill_pgrp() */
	unsigned int flags; /* SIGNAL_* */
	/* The group's exit status once SIGNAL_GROUP_EXIT (Linux's wait
	 * encoding), or the stop signal while SIGNAL_STOP_STOPPED (cleared
	 * when wait reports it). */
	int group_exit_code;
	int nr_queued; /* sigqueues pending, against RLIMIT_SIGPENDING */
};

/* A queued signal with its siginfo. */
struct sigqueue {
	struct list_head list;
	int flags;
	kernel_siginfo_t info;
};

/* Sender info that is not a siginfo (Linux's SEND_SIG_NOINFO/PRIV). */
#define SEND_SIG_NOINFO ((kernel_siginfo_t *)0) /* from a user: SI_USER */
#define SEND_SIG_PRIV ((kernel_siginfo_t *)1) /* from the kernel */

/* The signal a handler is set up for (get_signal's result). */
struct ksignal {
	struct k_sigaction ka;
	kernel_siginfo_t info;
	int sig;
};

extern struct sighand_struct init_sighand;
extern struct signal_struct init_signals;

/* --- state --- */

static inline bool signal_pending(const struct task_struct *p)
{
	return __atomic_load_n(&p->tif, __ATOMIC_RELAXED) & TIF_SIGPENDING;
}

/* A SIGKILL (or a group exit) is pending for @p. */
bool fatal_signal_pending(struct task_struct *p);

/* signal_pending as a sleep in @state sees it (Linux's
 * signal_pending_state). */
static inline bool signal_pending_state(unsigned int state,
					struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return false;
	if (!signal_pending(p))
		return false;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(p);
}

/**
 * signal_wake_up - tell @t a signal may be deliverable: TIF_SIGPENDING,
 * and wake it from an interruptible sleep (@fatal: also from a killable
 * or stopped one).
 * Context: siglock held.
 */
void signal_wake_up(struct task_struct *t, bool fatal);

/**
 * recalc_sigpending - set or clear the current task's TIF_SIGPENDING from
 * what is pending and not blocked.
 * Context: siglock held.
 */
void recalc_sigpending(void);

/* --- sending --- */

/**
 * send_sig_info - send @sig to the thread @p (Linux's thread-directed
 * delivery: p->pending).
 * @info: the siginfo, or SEND_SIG_NOINFO / SEND_SIG_PRIV.
 * Return: 0 (also when ignored or coalesced), -EINVAL for a bad signal,
 * -EAGAIN when a real-time signal cannot be queued, -ESRCH when @p has
 * no signal state (exited or a bare kernel task).
 * Context: any; takes @p's siglock.
 */
int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *p);

/**
 * send_sig - send @sig to the thread @p, as the kernel (@priv: si_code
 * SI_KERNEL) or as if from a user (si_code SI_USER, the current task's
 * pid and uid).
 * Return: as send_sig_info.
 */
int send_sig(int sig, struct task_struct *p, int priv);

/**
 * group_send_sig_info - send @sig to @p's thread group (shared_pending),
 * after the permission check kill() makes.
 * Return: 0, -EPERM, -EINVAL, -EAGAIN, -ESRCH.
 */
int group_send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *p);

/**
 * force_sig_info - send a synchronous signal to the current task that it
 * cannot refuse: a blocked or ignored @info->si_signo is unblocked and its
 * handler reset to SIG_DFL (Linux's force_sig_info_to_task).
 * Return: as send_sig_info.
 */
int force_sig_info(kernel_siginfo_t *info);

/* force_sig_info with SI_KERNEL. */
void force_sig(int sig);

/**
 * force_sig_fault - the current task faulted: force @sig with @code
 * (SEGV_MAPERR, ILL_ILLOPN, FPE_INTDIV, TRAP_BRKPT, BUS_ADRERR...) and the
 * faulting address @addr in si_addr. The trap code records the trap
 * number, error code and cr2 for the sigcontext first
 * (x86_record_fault, arch/x86_64/signal.h).
 * Return: as send_sig_info.
 * Context: the faulting task, returning to user mode after.
 */
int force_sig_fault(int sig, int code, void __user *addr);

/**
 * force_sigsegv - a signal frame for @sig could not be built: SIGSEGV,
 * and if @sig was SIGSEGV itself its handler goes back to SIG_DFL so the
 * task dies instead of looping (Linux's force_sigsegv).
 */
void force_sigsegv(int sig);

/**
 * kill_pid_info - send @sig to the process (thread group) @pid.
 * Return: 0, -ESRCH (no such process), -EPERM, -EINVAL.
 */
int kill_pid_info(int sig, kernel_siginfo_t *info, pid_t pid);

/**
 * kill_pgrp - send @sig to every process in process group @pgrp.
 * Return: 0 when it reached one at least; -ESRCH when the group is
 * empty; else the last error.
 */
int kill_pgrp(int sig, kernel_siginfo_t *info, pid_t pgrp);

/**
 * do_notify_parent - tell @tsk's parent that it died: @sig (usually
 * SIGCHLD) with si_code CLD_EXITED, CLD_KILLED or CLD_DUMPED from
 * @tsk->exit_status_wait (Linux's wait encoding), si_status the exit code
 * or the signal, si_pid, si_uid.
 * Return: true when the parent ignores SIGCHLD (SIG_IGN, or SA_NOCLDWAIT):
 * the child is then auto-reaped (EXIT_DEAD) instead of becoming a zombie,
 * and no signal is sent for SIG_IGN.
 * Context: tasklist_lock held (the parent stays); do_exit.
 */
bool do_notify_parent(struct task_struct *tsk, int sig);

/* --- receiving --- */

/**
 * dequeue_signal - take the next deliverable signal of the current task:
 * from its own queue, then from the group's; synchronous signals first.
 * @mask: the signals not to take (usually current->blocked).
 * @info: filled with the siginfo.
 * Return: the signal, or 0.
 * Context: siglock held.
 */
int dequeue_signal(const sigset_t *mask, kernel_siginfo_t *info);

/**
 * get_signal - on the way to user mode: the next signal that has a user
 * handler, in @ksig. Ignored signals are dropped; default actions run
 * here (stop sleeps until SIGCONT; terminate calls do_group_exit and does
 * not return).
 * Return: true when @ksig holds a signal for a handler frame.
 */
bool get_signal(struct ksignal *ksig);

/**
 * signal_setup_done - after the arch code built (@failed == 0) or failed
 * to build a handler frame: on success block sa_mask (and the signal
 * itself unless SA_NODEFER); on failure force SIGSEGV.
 */
void signal_setup_done(int failed, struct ksignal *ksig);

/* The mask a handler frame saves: sigsuspend's caller's mask while
 * restore_sigmask is set, else the blocked mask. */
static inline const sigset_t *sigmask_to_save(void)
{
	return current->restore_sigmask ? &current->saved_sigmask
					: &current->blocked;
}

/* Change current->blocked (never SIGKILL/SIGSTOP), recalc pending. */
void set_current_blocked(const sigset_t *newset);
/* sigsuspend's and pselect's mask comes back after the handler frame, or
 * at once when no handler runs. */
void restore_saved_sigmask(void);

/**
 * allow_signal - let a kernel thread see @sig through signal_pending and
 * dequeue_signal (kernel threads ignore default-action signals).
 */
void allow_signal(int sig);

/**
 * kernel_sigtimedwait - wait for a signal in @which (Linux's
 * do_sigtimedwait): unblocked for the wait, taken off the queue.
 * @timeout: jiffies, MAX_SCHEDULE_TIMEOUT for none.
 * Return: the signal (siginfo in @info), -EAGAIN when the time ran out,
 * -EINTR when another signal came.
 */
int kernel_sigtimedwait(const sigset_t *which, kernel_siginfo_t *info,
			long timeout);

/* --- the lead's hooks: fork, exec, exit, wait --- */

/**
 * copy_sighand - fork: @p gets the handlers: shared with current under
 * CLONE_SIGHAND, else a copy of current's (all SIG_DFL when current has
 * none).
 * Return: 0 or -ENOMEM.
 * Context: copy_process, before @p can run.
 */
int copy_sighand(unsigned long clone_flags, struct task_struct *p);

/**
 * copy_signal - fork: @p's group state: shared with current under
 * CLONE_THREAD, else a new one with nothing pending. @p's own pending set
 * is emptied; blocked is inherited; the alternate stack is inherited,
 * except that CLONE_VM without CLONE_VFORK clears it.
 * Return: 0 or -ENOMEM.
 * Context: copy_process, after copy_sighand.
 */
int copy_signal(unsigned long clone_flags, struct task_struct *p);

/**
 * exit_signals - do_exit, before the task is told to its parent: the
 * exiting thread takes no more signals (its pending ones are dropped and
 * TIF_SIGPENDING cleared; a group exit is recorded).
 */
void exit_signals(struct task_struct *p);

/**
 * __exit_signal - release @p's signal state (queues, handler and group
 * references). After it @p has no sighand/signal: sends to it fail.
 * Context: when @p's struct is freed (free_task) or reaped; not on @p.
 */
void __exit_signal(struct task_struct *p);

/**
 * flush_signal_handlers - execve: caught signals go back to SIG_DFL
 * (@force_default: ignored ones too), flags and masks cleared; SIG_IGN
 * stays. The alternate stack is cleared. Pending and blocked stay.
 * Context: the exec'ing task, after the point of no return.
 */
void flush_signal_handlers(struct task_struct *t, int force_default);

/* The status wait4 should report for a stopped child (0x7f | sig << 8),
 * consumed when @consume; 0 when @p is not stopped or was reported.
 * Context: tasklist_lock held. */
int wait_task_stopped_code(struct task_struct *p, bool consume);
/* A SIGCONT since the last report (wait status 0xffff)? */
bool wait_task_continued(struct task_struct *p, bool consume);

/* The lead's (kernel/exit.c): end every thread of the group with
 * @exit_code (Linux's wait encoding: the signal for a fatal signal). */
void do_group_exit(int exit_code) __noreturn;

/* The syscalls kernel/syscall_list.h lists. */
long __x64_sys_rt_sigaction(const struct pt_regs *regs);
long __x64_sys_rt_sigprocmask(const struct pt_regs *regs);
long __x64_sys_rt_sigpending(const struct pt_regs *regs);
long __x64_sys_rt_sigsuspend(const struct pt_regs *regs);
long __x64_sys_rt_sigtimedwait(const struct pt_regs *regs);
long __x64_sys_rt_sigreturn(const struct pt_regs *regs);
long __x64_sys_sigaltstack(const struct pt_regs *regs);
long __x64_sys_kill(const struct pt_regs *regs);
long __x64_sys_tkill(const struct pt_regs *regs);
long __x64_sys_tgkill(const struct pt_regs *regs);
long __x64_sys_pause(const struct pt_regs *regs);

/* sigaltstack for the arch frame code: current's state as a sas_state,
 * and restore from a frame's uc_stack (errors other than -EFAULT are
 * ignored, as Linux's restore_altstack does). */
void current_sas(struct sas_state *sas);
int restore_altstack(const stack_t __user *uss, unsigned long sp);
/* After a frame went onto an SS_AUTODISARM stack: disarm it. */
void sas_ss_reset_if_autodisarm(void);

#endif
