// SPDX-License-Identifier: MIT
/*
 * Signals: generation, queueing, delivery decisions and the signal system
 * calls (Linux's kernel/signal.c behaviour, keel's own code). The frame a
 * handler runs on is arch/x86_64/signal.c's; the pure decisions are
 * kernel/lib/sigpolicy.c's. See kernel/signal.h for the flow and the
 * locking.
 *
 * Core dumps: keel writes none, so a "Core" signal ends the process with
 * the plain signal number as its wait status (no 0x80 bit) and the parent
 * sees CLD_KILLED -- exactly what Linux reports when no core is written
 * (RLIMIT_CORE 0, Debian's default).
 */
#include "kernel/signal.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "mm/slab.h"

struct sighand_struct init_sighand = {
	.count = 1,
	.siglock = __SPIN_LOCK_UNLOCKED(init_sighand.siglock),
};

struct signal_struct init_signals = {
	.sigcnt = 1,
	.nr_threads = 1,
	.shared_pending =
		{
			.list = LIST_HEAD_INIT(
				init_signals.shared_pending.list),
		},
};

/* Queued siginfos a process may have when its RLIMIT_SIGPENDING is
 * unset (0): Linux's default is of this order on small machines. */
#define SIGQUEUE_DEFAULT_MAX 4096

static inline bool is_si_special(const kernel_siginfo_t *info)
{
	return info == SEND_SIG_NOINFO || info == SEND_SIG_PRIV;
}

static inline bool si_fromuser(const kernel_siginfo_t *info)
{
	return info == SEND_SIG_NOINFO ||
	       (!is_si_special(info) && SI_FROMUSER(info));
}

static inline __sighandler_t sig_handler(struct task_struct *t, int sig)
{
	return t->sighand->action[sig - 1].sa.sa_handler;
}

static inline bool sig_kernel_only(int sig)
{
	return sig_in_mask(sig, SIG_KERNEL_ONLY_MASK);
}

static inline bool sig_kernel_stop(int sig)
{
	return sig_in_mask(sig, SIG_KERNEL_STOP_MASK);
}

static inline bool sig_kernel_ignore(int sig)
{
	return sig_in_mask(sig, SIG_KERNEL_IGNORE_MASK);
}

static bool sig_handler_ignored(__sighandler_t handler, int sig)
{
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/* --- state --- */

bool fatal_signal_pending(struct task_struct *p)
{
	return signal_pending(p) &&
	       (sigismember(&p->pending.signal, SIGKILL) ||
		(p->signal && (p->signal->flags & SIGNAL_GROUP_EXIT)));
}

void signal_wake_up(struct task_struct *t, bool fatal)
{
	__atomic_or_fetch(&t->tif, TIF_SIGPENDING, __ATOMIC_SEQ_CST);
	wake_up_state(t, TASK_INTERRUPTIBLE | (fatal ? TASK_WAKEKILL : 0));
}

static bool has_pending_signals(const sigset_t *signal, const sigset_t *blocked)
{
	return (signal->sig[0] & ~blocked->sig[0]) != 0;
}

/* Does @t have something to deliver? (siglock held) */
static bool recalc_sigpending_tsk(struct task_struct *t)
{
	if ((t->signal && (t->signal->flags & SIGNAL_GROUP_EXIT)) ||
	    has_pending_signals(&t->pending.signal, &t->blocked) ||
	    (t->signal && has_pending_signals(&t->signal->shared_pending.signal,
					      &t->blocked))) {
		__atomic_or_fetch(&t->tif, TIF_SIGPENDING, __ATOMIC_SEQ_CST);
		return true;
	}
	return false;
}

void recalc_sigpending(void)
{
	if (!recalc_sigpending_tsk(current))
		__atomic_and_fetch(&current->tif, ~TIF_SIGPENDING,
				   __ATOMIC_SEQ_CST);
}

/* --- queues --- */

static void free_sigqueue(struct signal_struct *sig, struct sigqueue *q)
{
	if (sig)
		sig->nr_queued--;
	kfree(q);
}

/* Drop every queued signal of @pending in @mask. */
static void flush_sigqueue_mask(struct signal_struct *sig, unsigned long mask,
				struct sigpending *pending)
{
	struct sigqueue *q, *n;

	if (!(pending->signal.sig[0] & mask))
		return;
	sigdelsetmask(&pending->signal, mask);
	list_for_each_entry_safe(q, n, &pending->list, list)
	{
		if (sig_in_mask(q->info.si_signo, mask)) {
			list_del_init(&q->list);
			free_sigqueue(sig, q);
		}
	}
}

static void flush_sigqueue(struct signal_struct *sig,
			   struct sigpending *pending)
{
	flush_sigqueue_mask(sig, ~0UL, pending);
	sigemptyset(&pending->signal);
}

static void fill_default_info(kernel_siginfo_t *info, int sig,
			      const kernel_siginfo_t *how)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	if (how == SEND_SIG_NOINFO) {
		info->si_code = SI_USER;
		info->si_pid = current->tgid;
		info->si_uid = current->cred.uid;
	} else {
		info->si_code = SI_KERNEL;
	}
}

/* Take one instance of @sig off @pending into @info. */
static void collect_signal(int sig, struct sigpending *pending,
			   kernel_siginfo_t *info, struct signal_struct *ss)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry (q, &pending->list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		sigdelset(&pending->signal, sig);
	if (first) {
		list_del_init(&first->list);
		*info = first->info;
		free_sigqueue(ss, first);
	} else {
		/* Sent without room for its siginfo (or SIGKILL). */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
}

static int __dequeue_signal(struct sigpending *pending, const sigset_t *mask,
			    kernel_siginfo_t *info, struct signal_struct *ss)
{
	int sig = sig_next_pending(pending->signal.sig[0], mask->sig[0]);

	if (sig)
		collect_signal(sig, pending, info, ss);
	return sig;
}

int dequeue_signal(const sigset_t *mask, kernel_siginfo_t *info)
{
	struct task_struct *tsk = current;
	int sig;

	sig = __dequeue_signal(&tsk->pending, mask, info, tsk->signal);
	if (!sig)
		sig = __dequeue_signal(&tsk->signal->shared_pending, mask, info,
				       tsk->signal);
	recalc_sigpending();
	return sig;
}

/* --- sending --- */

static bool sig_task_ignored(struct task_struct *t, int sig, bool force)
{
	__sighandler_t handler = sig_handler(t, sig);

	/* init ignores what it has no handler for, unless the kernel
	 * forces SIGKILL/SIGSTOP on it. */
	if ((t->signal->flags & SIGNAL_UNKILLABLE) && handler == SIG_DFL &&
	    !(force && sig_kernel_only(sig)))
		return true;
	/* Kernel threads take only what they asked for (allow_signal), or
	 * what the kernel forces. */
	if ((t->flags & PF_KTHREAD) && handler == SIG_DFL && !force)
		return true;
	return sig_handler_ignored(handler, sig);
}

static bool sig_ignored(struct task_struct *t, int sig, bool force)
{
	/* Blocked signals stay: the handler may change before unblocking. */
	if (sigismember(&t->blocked, sig) || sigismember(&t->real_blocked, sig))
		return false;
	return sig_task_ignored(t, sig, force);
}

/*
 * What a signal does before it is queued: stop signals cancel a pending
 * SIGCONT and SIGCONT cancels pending stops and resumes a stopped group.
 * Return: whether to queue it (false: ignored, or the group is dying).
 */
static bool prepare_signal(int sig, struct task_struct *p, bool force)
{
	struct signal_struct *signal = p->signal;

	if (signal->flags & SIGNAL_GROUP_EXIT)
		return sig == SIGKILL;
	if (sig_kernel_stop(sig)) {
		flush_sigqueue_mask(signal, sigmask(SIGCONT),
				    &signal->shared_pending);
		flush_sigqueue_mask(signal, sigmask(SIGCONT), &p->pending);
	} else if (sig == SIGCONT) {
		flush_sigqueue_mask(signal, SIG_KERNEL_STOP_MASK,
				    &signal->shared_pending);
		flush_sigqueue_mask(signal, SIG_KERNEL_STOP_MASK, &p->pending);
		if (signal->flags & SIGNAL_STOP_STOPPED) {
			/* The parent hears CLD_CONTINUED from the child's
			 * get_signal; wait sees SIGNAL_STOP_CONTINUED. */
			signal->flags = SIGNAL_STOP_CONTINUED |
					SIGNAL_CLD_CONTINUED |
					(signal->flags & SIGNAL_UNKILLABLE);
			signal->group_exit_code = 0;
			wake_up_state(p, __TASK_STOPPED);
		}
	}
	return !sig_ignored(p, sig, force);
}

static bool sig_fatal(struct task_struct *t, int sig)
{
	return !sig_in_mask(sig,
			    SIG_KERNEL_IGNORE_MASK | SIG_KERNEL_STOP_MASK) &&
	       sig_handler(t, sig) == SIG_DFL;
}

/* Wake the thread that takes @sig (one thread per group for now). */
static void complete_signal(int sig, struct task_struct *p)
{
	struct signal_struct *signal = p->signal;

	if (sigismember(&p->blocked, sig) || (p->flags & PF_EXITING))
		return; /* stays pending until unblocked */
	if (sig_fatal(p, sig) && !(signal->flags & SIGNAL_GROUP_EXIT) &&
	    !sigismember(&p->real_blocked, sig) &&
	    !(signal->flags & SIGNAL_UNKILLABLE) && !(p->flags & PF_KTHREAD) &&
	    !sig_in_mask(sig, SIG_KERNEL_COREDUMP_MASK)) {
		/* Fatal: the group dies with @sig, even from a killable
		 * sleep (Linux's fast path). */
		signal->flags = SIGNAL_GROUP_EXIT;
		signal->group_exit_code = sig;
		sigaddset(&p->pending.signal, SIGKILL);
		signal_wake_up(p, true);
		return;
	}
	signal_wake_up(p, sig == SIGKILL);
}

static int send_signal_locked(int sig, kernel_siginfo_t *info,
			      struct task_struct *t, bool group)
{
	struct signal_struct *signal = t->signal;
	struct sigpending *pending;
	struct sigqueue *q = NULL;
	bool force, override_rlimit;
	u64 limit;

	force = info == SEND_SIG_PRIV ||
		(!is_si_special(info) && info->si_code == SI_KERNEL);
	if (!prepare_signal(sig, t, force))
		return 0;
	pending = group ? &signal->shared_pending : &t->pending;
	/* Standard signals coalesce: one pending instance at most. */
	if (sig < SIGRTMIN && sigismember(&pending->signal, sig))
		return 0;
	/* SIGKILL needs no siginfo (nobody can see it). */
	if (sig == SIGKILL)
		goto out_set;
	override_rlimit =
		sig < SIGRTMIN && (is_si_special(info) || info->si_code >= 0);
	limit = t->rlim[RLIMIT_SIGPENDING].rlim_cur;
	if (!limit)
		limit = SIGQUEUE_DEFAULT_MAX;
	if (override_rlimit || (u64)signal->nr_queued < limit)
		q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (q) {
		INIT_LIST_HEAD(&q->list);
		q->flags = 0;
		if (is_si_special(info))
			fill_default_info(&q->info, sig, info);
		else
			q->info = *info;
		list_add_tail(&q->list, &pending->list);
		signal->nr_queued++;
	} else if (!is_si_special(info) && sig >= SIGRTMIN &&
		   info->si_code != SI_USER) {
		return -EAGAIN; /* a real-time queue overflow is reported */
	}
	/* else: the signal goes, its siginfo is lost (as in Linux) */
out_set:
	sigaddset(&pending->signal, sig);
	complete_signal(sig, t);
	return 0;
}

/* Send with @t's siglock taken; -ESRCH when @t has no signal state. */
static int do_send_sig_info(int sig, kernel_siginfo_t *info,
			    struct task_struct *t, bool group)
{
	struct sighand_struct *sh = t->sighand;
	unsigned long flags;
	int ret;

	if (!sig_valid(sig))
		return -EINVAL;
	if (!sh || !t->signal)
		return -ESRCH;
	flags = spin_lock_irqsave(&sh->siglock);
	ret = send_signal_locked(sig, info, t, group);
	spin_unlock_irqrestore(&sh->siglock, flags);
	return ret;
}

int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *p)
{
	return do_send_sig_info(sig, info, p, false);
}

int send_sig(int sig, struct task_struct *p, int priv)
{
	return send_sig_info(sig, priv ? SEND_SIG_PRIV : SEND_SIG_NOINFO, p);
}

/* kill()'s permission: same user (real or effective against real or
 * saved), root, or SIGCONT within the session. */
static int check_kill_permission(int sig, kernel_siginfo_t *info,
				 struct task_struct *t)
{
	const struct task_cred *c = &current->cred, *tc = &t->cred;

	if (sig < 0 || sig > SIGNAL_COUNT) /* 0: check only */
		return -EINVAL;
	if (!si_fromuser(info))
		return 0;
	if (t->tgid == current->tgid && t->tgid)
		return 0;
	if (c->euid == 0 || c->euid == tc->suid || c->euid == tc->uid ||
	    c->uid == tc->suid || c->uid == tc->uid)
		return 0;
	if (sig == SIGCONT && t->session == current->session)
		return 0;
	return -EPERM;
}

int group_send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *p)
{
	int ret = check_kill_permission(sig, info, p);

	if (ret || !sig) /* kill(pid, 0): the check only */
		return ret;
	return do_send_sig_info(sig, info, p, true);
}

int force_sig_info(kernel_siginfo_t *info)
{
	struct task_struct *t = current;
	int sig = info->si_signo;
	struct k_sigaction *action;
	unsigned long flags;
	int ret;

	if (!sig_valid(sig))
		return -EINVAL;
	if (!t->sighand || !t->signal)
		return -ESRCH;
	flags = spin_lock_irqsave(&t->sighand->siglock);
	action = &t->sighand->action[sig - 1];
	if (action->sa.sa_handler == SIG_IGN || sigismember(&t->blocked, sig)) {
		action->sa.sa_handler = SIG_DFL;
		sigdelset(&t->blocked, sig);
	}
	/* A fault kills even init when it has no handler. */
	if (action->sa.sa_handler == SIG_DFL)
		t->signal->flags &= ~SIGNAL_UNKILLABLE;
	ret = send_signal_locked(sig, info, t, false);
	recalc_sigpending_tsk(t);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return ret;
}

void force_sig(int sig)
{
	kernel_siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_KERNEL;
	force_sig_info(&info);
}

int force_sig_fault(int sig, int code, void __user *addr)
{
	kernel_siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = addr;
	return force_sig_info(&info);
}

void force_sigsegv(int sig)
{
	if (sig == SIGSEGV && current->sighand) {
		unsigned long flags =
			spin_lock_irqsave(&current->sighand->siglock);

		current->sighand->action[sig - 1].sa.sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
	}
	force_sig(SIGSEGV);
}

int kill_pid_info(int sig, kernel_siginfo_t *info, pid_t pid)
{
	struct task_struct *p = find_get_task_by_pid(pid);
	int ret;

	if (!p)
		return -ESRCH;
	if (p->tgid && p->tgid != p->pid) {
		/* A thread id, not a process: kill() finds processes. */
		put_task_struct(p);
		return -ESRCH;
	}
	ret = group_send_sig_info(sig, info, p);
	put_task_struct(p);
	return ret;
}

int kill_pgrp(int sig, kernel_siginfo_t *info, pid_t pgrp)
{
	struct task_struct *p;
	unsigned long flags;
	bool found = false;
	int ret = -ESRCH;

	if (pgrp <= 0)
		return -ESRCH;
	flags = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry (p, &task_list, tasks) {
		int err;

		if (p->pgrp != pgrp || (p->tgid && p->tgid != p->pid))
			continue;
		err = group_send_sig_info(sig, info, p);
		ret = err;
		found |= !err;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found ? 0 : ret;
}

/* kill(-1, sig): every process but init and the caller's own. */
static int kill_all(int sig, kernel_siginfo_t *info)
{
	struct task_struct *p;
	unsigned long flags;
	int count = 0, ret = 0;

	flags = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry (p, &task_list, tasks) {
		int err;

		if (p->pid <= 1 || (p->tgid && p->tgid != p->pid) ||
		    p == current || (p->tgid && p->tgid == current->tgid))
			continue;
		err = group_send_sig_info(sig, info, p);
		count++;
		if (err != -EPERM)
			ret = err;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return count ? ret : -ESRCH;
}

/* The parent learns of a stop or a continue (SIGCHLD unless it asked for
 * SA_NOCLDSTOP), and its wait4 is woken. tasklist_lock held. */
static void do_notify_parent_cldstop(struct task_struct *tsk, int why)
{
	struct task_struct *parent = tsk->parent;
	kernel_siginfo_t info;
	unsigned long flags;

	if (!parent)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = why;
	info.si_pid = tsk->tgid ? tsk->tgid : tsk->pid;
	info.si_uid = tsk->cred.uid;
	info.si_status =
		why == CLD_CONTINUED ? SIGCONT : tsk->signal->group_exit_code;
	if (parent->sighand && parent->signal) {
		flags = spin_lock_irqsave(&parent->sighand->siglock);
		if (!(parent->sighand->action[SIGCHLD - 1].sa.sa_flags &
		      SA_NOCLDSTOP))
			send_signal_locked(SIGCHLD, &info, parent, true);
		spin_unlock_irqrestore(&parent->sighand->siglock, flags);
	}
	__wake_up(&parent->wait_chldexit, TASK_NORMAL, 0);
}

bool do_notify_parent(struct task_struct *tsk, int sig)
{
	struct task_struct *parent = tsk->parent;
	int status = tsk->exit_status_wait;
	struct k_sigaction *psig;
	kernel_siginfo_t info;
	bool autoreap = false;
	unsigned long flags;

	if (!parent || !parent->sighand || !parent->signal)
		return false;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_pid = tsk->tgid ? tsk->tgid : tsk->pid;
	info.si_uid = tsk->cred.uid;
	if (status & 0x80) {
		info.si_code = CLD_DUMPED;
		info.si_status = status & 0x7f;
	} else if (status & 0x7f) {
		info.si_code = CLD_KILLED;
		info.si_status = status & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info.si_status = (status >> 8) & 0xff;
	}
	flags = spin_lock_irqsave(&parent->sighand->siglock);
	psig = &parent->sighand->action[SIGCHLD - 1];
	if (sig == SIGCHLD && (psig->sa.sa_handler == SIG_IGN ||
			       (psig->sa.sa_flags & SA_NOCLDWAIT))) {
		/* POSIX: nobody waits for it; SIG_IGN also drops the
		 * signal, SA_NOCLDWAIT still sends it. */
		autoreap = true;
		if (psig->sa.sa_handler == SIG_IGN)
			sig = 0;
	}
	if (sig_valid(sig))
		send_signal_locked(sig, &info, parent, true);
	spin_unlock_irqrestore(&parent->sighand->siglock, flags);
	__wake_up(&parent->wait_chldexit, TASK_NORMAL, 0);
	return autoreap;
}

/* --- receiving --- */

void set_current_blocked(const sigset_t *newset)
{
	struct task_struct *t = current;
	unsigned long flags;

	if (!t->sighand) {
		t->blocked = *newset;
		sigdelsetmask(&t->blocked, SIG_KERNEL_ONLY_MASK);
		return;
	}
	flags = spin_lock_irqsave(&t->sighand->siglock);
	t->blocked = *newset;
	sigdelsetmask(&t->blocked, SIG_KERNEL_ONLY_MASK);
	recalc_sigpending();
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(&current->saved_sigmask);
	}
}

/*
 * The default stop: the group stops with @sig, the parent is told, and
 * the task sleeps in TASK_STOPPED until SIGCONT or SIGKILL. Called and
 * returns with siglock held (dropped while asleep).
 */
static void do_signal_stop(int sig, unsigned long *flags)
{
	struct task_struct *tsk = current;
	struct signal_struct *signal = tsk->signal;
	unsigned long tflags;

	signal->flags =
		SIGNAL_STOP_STOPPED | (signal->flags & SIGNAL_UNKILLABLE);
	signal->group_exit_code = sig;
	set_current_state(TASK_STOPPED);
	spin_unlock_irqrestore(&tsk->sighand->siglock, *flags);

	tflags = spin_lock_irqsave(&tasklist_lock);
	do_notify_parent_cldstop(tsk, CLD_STOPPED);
	spin_unlock_irqrestore(&tasklist_lock, tflags);
	/* A SIGCONT or SIGKILL since set_current_state made us RUNNING. */
	schedule();
	__set_current_state(TASK_RUNNING);
	*flags = spin_lock_irqsave(&tsk->sighand->siglock);
}

bool get_signal(struct ksignal *ksig)
{
	struct task_struct *tsk = current;
	struct sighand_struct *sighand = tsk->sighand;
	struct signal_struct *signal = tsk->signal;
	unsigned long flags;
	int signr;

	if (!sighand || !signal)
		return false;
relock:
	flags = spin_lock_irqsave(&sighand->siglock);
	if (signal->flags & SIGNAL_CLD_CONTINUED) {
		unsigned long tflags;

		signal->flags &= ~SIGNAL_CLD_MASK;
		spin_unlock_irqrestore(&sighand->siglock, flags);
		tflags = spin_lock_irqsave(&tasklist_lock);
		do_notify_parent_cldstop(tsk, CLD_CONTINUED);
		spin_unlock_irqrestore(&tasklist_lock, tflags);
		goto relock;
	}
	for (;;) {
		struct k_sigaction *ka;

		if (signal->flags & SIGNAL_GROUP_EXIT) {
			int code = signal->group_exit_code;

			sigdelset(&tsk->pending.signal, SIGKILL);
			recalc_sigpending();
			spin_unlock_irqrestore(&sighand->siglock, flags);
			do_group_exit(code);
		}
		signr = dequeue_signal(&tsk->blocked, &ksig->info);
		if (!signr)
			break;
		ka = &sighand->action[signr - 1];
		if (ka->sa.sa_handler == SIG_IGN)
			continue;
		if (ka->sa.sa_handler != SIG_DFL) {
			ksig->ka = *ka;
			if (ka->sa.sa_flags & SA_RESETHAND)
				ka->sa.sa_handler = SIG_DFL;
			break;
		}
		/* The default action. */
		if (sig_kernel_ignore(signr))
			continue;
		if ((signal->flags & SIGNAL_UNKILLABLE) &&
		    !sig_kernel_only(signr))
			continue;
		if (sig_kernel_stop(signr)) {
			/* Orphaned process groups are not checked yet: a
			 * terminal stop signal stops them too. */
			do_signal_stop(signr, &flags);
			spin_unlock_irqrestore(&sighand->siglock, flags);
			goto relock;
		}
		/* Terminate (a "Core" signal too: no core is written, so
		 * the status has no 0x80 bit, as Linux without a core). */
		signal->flags = SIGNAL_GROUP_EXIT;
		signal->group_exit_code = signr;
		spin_unlock_irqrestore(&sighand->siglock, flags);
		do_group_exit(signr);
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
	ksig->sig = signr;
	return signr > 0;
}

void signal_setup_done(int failed, struct ksignal *ksig)
{
	sigset_t blocked;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	current->restore_sigmask = false;
	sigorsets(&blocked, &current->blocked,
		  &(sigset_t){{ksig->ka.sa.sa_mask}});
	if (!(ksig->ka.sa.sa_flags & SA_NODEFER))
		sigaddset(&blocked, ksig->sig);
	set_current_blocked(&blocked);
	sas_ss_reset_if_autodisarm();
}

void allow_signal(int sig)
{
	unsigned long flags;

	if (!sig_valid(sig) || !current->sighand)
		return;
	flags = spin_lock_irqsave(&current->sighand->siglock);
	current->sighand->action[sig - 1].sa.sa_handler = SIG_KTHREAD;
	sigdelset(&current->blocked, sig);
	recalc_sigpending();
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

int kernel_sigtimedwait(const sigset_t *which, kernel_siginfo_t *info,
			long timeout)
{
	struct task_struct *tsk = current;
	sigset_t mask = *which;
	unsigned long flags;
	long left = timeout;
	int sig;

	if (!tsk->sighand)
		return -ESRCH;
	sigdelsetmask(&mask, SIG_KERNEL_ONLY_MASK);
	mask.sig[0] = ~mask.sig[0]; /* what dequeue_signal must not take */
	flags = spin_lock_irqsave(&tsk->sighand->siglock);
	sig = dequeue_signal(&mask, info);
	if (!sig && timeout) {
		/* Unblock the awaited signals for the wait. */
		tsk->real_blocked = tsk->blocked;
		sigandsets(&tsk->blocked, &tsk->blocked, &mask);
		recalc_sigpending();
		spin_unlock_irqrestore(&tsk->sighand->siglock, flags);

		set_current_state(TASK_INTERRUPTIBLE);
		if (!signal_pending(tsk))
			left = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);

		flags = spin_lock_irqsave(&tsk->sighand->siglock);
		tsk->blocked = tsk->real_blocked;
		sigemptyset(&tsk->real_blocked);
		sig = dequeue_signal(&mask, info);
	}
	spin_unlock_irqrestore(&tsk->sighand->siglock, flags);
	if (sig)
		return sig;
	return left ? -EINTR : -EAGAIN;
}

/* --- fork, exec, exit, wait --- */

int copy_sighand(unsigned long clone_flags, struct task_struct *p)
{
	struct sighand_struct *sh, *cur = current->sighand;
	unsigned long flags;

	if ((clone_flags & CLONE_SIGHAND) && cur) {
		__atomic_add_fetch(&cur->count, 1, __ATOMIC_RELAXED);
		p->sighand = cur;
		return 0;
	}
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return -ENOMEM;
	sh->count = 1;
	spin_lock_init(&sh->siglock);
	if (cur) {
		flags = spin_lock_irqsave(&cur->siglock);
		memcpy(sh->action, cur->action, sizeof(sh->action));
		spin_unlock_irqrestore(&cur->siglock, flags);
	}
	p->sighand = sh;
	return 0;
}

int copy_signal(unsigned long clone_flags, struct task_struct *p)
{
	struct signal_struct *sig;

	init_sigpending(&p->pending);
	sigemptyset(&p->real_blocked);
	p->restore_sigmask = false;
	p->blocked = current->blocked;
	__atomic_and_fetch(&p->tif, ~TIF_SIGPENDING, __ATOMIC_RELAXED);
	p->sas_ss_sp = current->sas_ss_sp;
	p->sas_ss_size = current->sas_ss_size;
	p->sas_ss_flags = current->sas_ss_flags;
	if ((clone_flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
		p->sas_ss_sp = 0;
		p->sas_ss_size = 0;
		p->sas_ss_flags = SS_DISABLE;
	}
	if ((clone_flags & CLONE_THREAD) && current->signal) {
		__atomic_add_fetch(&current->signal->sigcnt, 1,
				   __ATOMIC_RELAXED);
		current->signal->nr_threads++;
		p->signal = current->signal;
		return 0;
	}
	sig = kzalloc(sizeof(*sig), GFP_KERNEL);
	if (!sig)
		return -ENOMEM;
	sig->sigcnt = 1;
	sig->nr_threads = 1;
	init_sigpending(&sig->shared_pending);
	p->signal = sig;
	return 0;
}

void exit_signals(struct task_struct *p)
{
	struct sighand_struct *sh = p->sighand;
	unsigned long flags;

	if (!sh || !p->signal)
		return;
	flags = spin_lock_irqsave(&sh->siglock);
	flush_sigqueue(p->signal, &p->pending);
	if (--p->signal->nr_threads == 0)
		flush_sigqueue(p->signal, &p->signal->shared_pending);
	__atomic_and_fetch(&p->tif, ~TIF_SIGPENDING, __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&sh->siglock, flags);
}

void __exit_signal(struct task_struct *p)
{
	struct sighand_struct *sh = p->sighand;
	struct signal_struct *sig = p->signal;
	unsigned long flags;

	if (!sh || !sig)
		return;
	flags = spin_lock_irqsave(&sh->siglock);
	flush_sigqueue(sig, &p->pending);
	p->sighand = NULL;
	p->signal = NULL;
	spin_unlock_irqrestore(&sh->siglock, flags);
	if (__atomic_sub_fetch(&sig->sigcnt, 1, __ATOMIC_ACQ_REL) == 0 &&
	    sig != &init_signals) {
		flush_sigqueue(NULL, &sig->shared_pending);
		kfree(sig);
	}
	if (__atomic_sub_fetch(&sh->count, 1, __ATOMIC_ACQ_REL) == 0 &&
	    sh != &init_sighand)
		kfree(sh);
}

void flush_signal_handlers(struct task_struct *t, int force_default)
{
	struct sighand_struct *sh = t->sighand;
	unsigned long flags;

	if (!sh)
		return;
	flags = spin_lock_irqsave(&sh->siglock);
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &sh->action[i];

		if (force_default || ka->sa.sa_handler != SIG_IGN)
			ka->sa.sa_handler = SIG_DFL;
		ka->sa.sa_flags = 0;
		ka->sa.sa_restorer = NULL;
		ka->sa.sa_mask = 0;
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

int wait_task_stopped_code(struct task_struct *p, bool consume)
{
	struct signal_struct *sig = p->signal;
	unsigned long flags;
	int code = 0;

	if (!sig || !p->sighand)
		return 0;
	flags = spin_lock_irqsave(&p->sighand->siglock);
	if ((sig->flags & SIGNAL_STOP_STOPPED) && sig->group_exit_code) {
		code = (sig->group_exit_code << 8) | 0x7f;
		if (consume)
			sig->group_exit_code = 0;
	}
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	return code;
}

bool wait_task_continued(struct task_struct *p, bool consume)
{
	struct signal_struct *sig = p->signal;
	unsigned long flags;
	bool ret;

	if (!sig || !p->sighand)
		return false;
	flags = spin_lock_irqsave(&p->sighand->siglock);
	ret = sig->flags & SIGNAL_STOP_CONTINUED;
	if (ret && consume)
		sig->flags &= ~SIGNAL_STOP_CONTINUED;
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	return ret;
}

/* --- sigaltstack --- */

void current_sas(struct sas_state *sas)
{
	sas->sp = current->sas_ss_sp;
	sas->size = current->sas_ss_size;
	sas->flags = current->sas_ss_flags & SS_FLAG_BITS;
}

static void set_current_sas(const struct sas_state *sas, unsigned int flags)
{
	current->sas_ss_sp = sas->sp;
	current->sas_ss_size = sas->size;
	current->sas_ss_flags = flags;
}

void sas_ss_reset_if_autodisarm(void)
{
	if (current->sas_ss_flags & SS_AUTODISARM) {
		current->sas_ss_sp = 0;
		current->sas_ss_size = 0;
		current->sas_ss_flags = SS_DISABLE;
	}
}

/* sigaltstack's state change; the full flags are kept as Linux keeps
 * them (the mode bits only matter for the report). */
static int do_sigaltstack(const stack_t *ss, unsigned long sp)
{
	struct sas_state sas;
	int ret;

	current_sas(&sas);
	/* Compare with the stored flags, as Linux's no-change test does. */
	sas.flags = current->sas_ss_flags;
	ret = sigaltstack_apply(&sas, sp, ss, MINSIGSTKSZ);
	if (!ret)
		set_current_sas(&sas, sas.flags);
	return ret;
}

int restore_altstack(const stack_t __user *uss, unsigned long sp)
{
	stack_t ss;

	if (copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	(void)do_sigaltstack(&ss, sp); /* errors other than -EFAULT ignored */
	return 0;
}

SYSCALL_DEFINE_REGS(sigaltstack)
{
	const stack_t __user *uss = (const stack_t __user *)regs->rdi;
	stack_t __user *uoss = (stack_t __user *)regs->rsi;
	unsigned long sp = regs->rsp;
	struct sas_state sas, check = {0};
	stack_t ss, old;
	int ret;

	current_sas(&sas);
	memset(&old, 0, sizeof(old));
	old.ss_sp = (void *)current->sas_ss_sp;
	old.ss_size = current->sas_ss_size;
	old.ss_flags = sas_ss_flags(&sas, sp) |
		       (int)(current->sas_ss_flags & SS_FLAG_BITS);
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		/* Validate first, so a failing copy-out applies nothing. */
		check = sas;
		check.flags = current->sas_ss_flags;
		ret = sigaltstack_apply(&check, sp, &ss, MINSIGSTKSZ);
		if (ret)
			return ret;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	if (uss)
		set_current_sas(&check, check.flags);
	return 0;
}

/* --- the signal system calls --- */

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct sighand_struct *sh = current->sighand;
	struct sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (!sig_valid(sig) || (act && sig_kernel_only(sig)))
		return -EINVAL;
	if (!sh)
		return -ESRCH;
	if (oact) {
		flags = spin_lock_irqsave(&sh->siglock);
		old = sh->action[sig - 1].sa;
		spin_unlock_irqrestore(&sh->siglock, flags);
		old.sa_flags &= UAPI_SA_FLAGS;
		if (copy_to_user(oact, &old, sizeof(old)))
			return -EFAULT;
	}
	if (!act)
		return 0;
	new.sa_flags &= UAPI_SA_FLAGS;
	new.sa_mask &= ~SIG_KERNEL_ONLY_MASK;
	flags = spin_lock_irqsave(&sh->siglock);
	sh->action[sig - 1].sa = new;
	/* POSIX: setting SIG_IGN (or SIG_DFL for a default-ignored signal)
	 * discards what is pending, blocked or not. */
	if (sig_handler_ignored(new.sa_handler, sig)) {
		flush_sigqueue_mask(current->signal, sigmask(sig),
				    &current->signal->shared_pending);
		flush_sigqueue_mask(current->signal, sigmask(sig),
				    &current->pending);
		recalc_sigpending();
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const unsigned long __user *, nset,
		unsigned long __user *, oset, size_t, sigsetsize)
{
	unsigned long old = current->blocked.sig[0], set, newmask = 0;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		if (sigprocmask_apply(how, old, set, &newmask))
			return -EINVAL;
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	if (nset)
		set_current_blocked(&(sigset_t){{newmask}});
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, unsigned long __user *, uset, size_t, sigsetsize)
{
	struct task_struct *t = current;
	unsigned long set = 0, flags;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	if (t->sighand) {
		flags = spin_lock_irqsave(&t->sighand->siglock);
		set = t->pending.signal.sig[0] |
		      t->signal->shared_pending.signal.sig[0];
		spin_unlock_irqrestore(&t->sighand->siglock, flags);
	}
	set &= t->blocked.sig[0];
	if (copy_to_user(uset, &set, sigsetsize))
		return -EFAULT;
	return 0;
}

/* Sleep until a signal is pending (pause, sigsuspend). */
static void sleep_until_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

SYSCALL_DEFINE2(rt_sigsuspend, const unsigned long __user *, unewset, size_t,
		sigsetsize)
{
	unsigned long set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_current_blocked(&(sigset_t){{set}});
	sleep_until_signal();
	/* The old mask comes back after the handler's frame took the
	 * sigsuspend mask (restore_sigmask). */
	current->restore_sigmask = true;
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(pause)
{
	sleep_until_signal();
	return -ERESTARTNOHAND;
}

struct kernel_timespec {
	long tv_sec;
	long tv_nsec;
};

SYSCALL_DEFINE4(rt_sigtimedwait, const unsigned long __user *, uthese,
		kernel_siginfo_t __user *, uinfo,
		const struct kernel_timespec __user *, uts, size_t, sigsetsize)
{
	long timeout = MAX_SCHEDULE_TIMEOUT;
	struct kernel_timespec ts;
	kernel_siginfo_t info;
	unsigned long these;
	int ret;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts) {
		u64 ns;

		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		if ((u64)ts.tv_sec > (u64)(LONG_MAX / 2 / HZ))
			timeout = MAX_SCHEDULE_TIMEOUT - 1;
		else {
			ns = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
			timeout = (long)DIV_ROUND_UP(ns, TICK_NSEC);
		}
	}
	memset(&info, 0, sizeof(info));
	ret = kernel_sigtimedwait(&(sigset_t){{these}}, &info, timeout);
	if (ret > 0 && uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return ret;
}

static void prepare_kill_siginfo(int sig, kernel_siginfo_t *info, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = current->tgid;
	info->si_uid = current->cred.uid;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	kernel_siginfo_t info;

	prepare_kill_siginfo(sig, &info, SI_USER);
	if (pid > 0)
		return kill_pid_info(sig, &info, pid);
	if (pid == INT_MIN)
		return -ESRCH;
	if (pid == -1)
		return kill_all(sig, &info);
	return kill_pgrp(sig, &info, pid ? -pid : current->pgrp);
}

/* tkill/tgkill: to one thread (its own pending set). */
static long do_tkill(pid_t tgid, pid_t pid, int sig)
{
	struct task_struct *p = find_get_task_by_pid(pid);
	kernel_siginfo_t info;
	long ret = -ESRCH;

	prepare_kill_siginfo(sig, &info, SI_TKILL);
	if (!p)
		return -ESRCH;
	if (tgid <= 0 || p->tgid == tgid) {
		ret = check_kill_permission(sig, &info, p);
		if (!ret && sig) {
			ret = do_send_sig_info(sig, &info, p, false);
			/* The target went away meanwhile: as if it died
			 * after taking the signal. */
			if (ret == -ESRCH)
				ret = 0;
		}
	}
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, pid, int, sig)
{
	if (pid <= 0 || tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

SYSCALL_DEFINE2(tkill, pid_t, pid, int, sig)
{
	if (pid <= 0)
		return -EINVAL;
	return do_tkill(0, pid, sig);
}
