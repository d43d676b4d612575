// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of signal generation, queueing and dequeueing between
 * kernel threads: pending and blocked masks, coalescing of standard
 * signals and queueing of real-time ones, the dequeue order, SIGCONT and
 * the stop signals cancelling each other, forced faults, interruptible
 * sleeps ending on a signal, sigtimedwait, the parent's SIGCHLD, and the
 * fork/exec hooks. The frame and sigreturn need user space: the user
 * suite tests them.
 *
 * Kernel threads take only the signals they allow (allow_signal), as in
 * Linux; each test runs in a fresh thread that gets its own signal state
 * when copy_process has not given it one.
 */
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "mm/slab.h"

#define WAIT_JIFFIES (5 * HZ)

struct sigtest {
	struct ktest_ctx *t;
	void (*body)(struct sigtest *st);
	struct completion started, done;
	struct task_struct *task; /* the thread, while it runs */
	struct wait_queue_head wq;
	volatile long result;
	volatile int got;
	kernel_siginfo_t info;
};

static int sigtest_thread(void *arg)
{
	struct sigtest *st = arg;
	bool own = !current->sighand;

	if (own && (copy_sighand(0, current) || copy_signal(0, current))) {
		ktest_fail(st->t, __FILE__, __LINE__, "no signal state");
		complete(&st->started);
		complete(&st->done);
		return 0;
	}
	st->task = current;
	st->body(st);
	st->task = NULL;
	if (own)
		__exit_signal(current);
	complete(&st->done);
	return 0;
}

/* Run @body in a new kernel thread and wait for it. */
static void run_in_thread(struct ktest_ctx *t, struct sigtest *st,
			  void (*body)(struct sigtest *st))
{
	st->t = t;
	st->body = body;
	init_completion(&st->started);
	init_completion(&st->done);
	init_waitqueue_head(&st->wq);
	KTEST_ASSERT_TRUE(t,
			  kthread_run(sigtest_thread, st, "sigtest") != NULL);
	KTEST_EXPECT_TRUE(
		t, wait_for_completion_timeout(&st->done, 4 * WAIT_JIFFIES));
}

static int dequeue(kernel_siginfo_t *info)
{
	unsigned long flags = spin_lock_irqsave(&current->sighand->siglock);
	int sig = dequeue_signal(&current->blocked, info);

	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	return sig;
}

static unsigned long pending_mask(void)
{
	return current->pending.signal.sig[0] |
	       current->signal->shared_pending.signal.sig[0];
}

/* --- order, coalescing, queueing --- */

static void body_order(struct sigtest *st)
{
	struct ktest_ctx *t = st->t;
	kernel_siginfo_t info, rt;

	allow_signal(SIGUSR1);
	allow_signal(SIGSEGV);
	allow_signal(SIGRTMIN);
	allow_signal(SIGRTMIN + 1);
	KTEST_EXPECT_TRUE(t, !signal_pending(current));

	KTEST_EXPECT_EQ(t, send_sig(SIGUSR1, current, 0), 0);
	KTEST_EXPECT_TRUE(t, signal_pending(current));
	KTEST_EXPECT_EQ(t, send_sig(SIGUSR1, current, 1), 0); /* coalesces */
	memset(&rt, 0, sizeof(rt));
	rt.si_signo = SIGRTMIN + 1;
	rt.si_code = SI_QUEUE;
	for (int i = 0; i < 3; i++) {
		rt.si_int = 100 + i;
		KTEST_EXPECT_EQ(t, send_sig_info(SIGRTMIN + 1, &rt, current),
				0);
	}
	KTEST_EXPECT_EQ(t, send_sig(SIGRTMIN, current, 1), 0);
	KTEST_EXPECT_EQ(t, send_sig(SIGSEGV, current, 1), 0);
	KTEST_EXPECT_EQ(t, current->signal->nr_queued, 1 + 3 + 1 + 1);

	/* Synchronous first, then by number; rt signals in sending order. */
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGSEGV);
	KTEST_EXPECT_EQ(t, info.si_code, SI_KERNEL);
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGUSR1);
	KTEST_EXPECT_EQ(t, info.si_code, SI_USER); /* the first one's */
	KTEST_EXPECT_EQ(t, info.si_pid, current->tgid);
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGRTMIN);
	for (int i = 0; i < 3; i++) {
		KTEST_EXPECT_EQ(t, dequeue(&info), SIGRTMIN + 1);
		KTEST_EXPECT_EQ(t, info.si_code, SI_QUEUE);
		KTEST_EXPECT_EQ(t, info.si_int, 100 + i);
	}
	KTEST_EXPECT_EQ(t, dequeue(&info), 0);
	KTEST_EXPECT_TRUE(t, !signal_pending(current));
	KTEST_EXPECT_EQ(t, current->signal->nr_queued, 0);
	KTEST_EXPECT_EQ(t, pending_mask(), 0);
}

KTEST(signal, signal_dequeue_order_and_queueing)
{
	static struct sigtest st;

	run_in_thread(t, &st, body_order);
}

/* --- blocking, ignoring --- */

static void body_mask(struct sigtest *st)
{
	struct ktest_ctx *t = st->t;
	kernel_siginfo_t info;
	sigset_t set;

	allow_signal(SIGUSR1);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGKILL);
	set_current_blocked(&set);
	/* SIGKILL can never be blocked. */
	KTEST_EXPECT_TRUE(t, sigismember(&current->blocked, SIGUSR1));
	KTEST_EXPECT_TRUE(t, !sigismember(&current->blocked, SIGKILL));

	send_sig(SIGUSR1, current, 0);
	KTEST_EXPECT_TRUE(t, !signal_pending(current)); /* blocked */
	KTEST_EXPECT_TRUE(t, pending_mask() & sigmask(SIGUSR1));
	KTEST_EXPECT_EQ(t, dequeue(&info), 0);
	sigemptyset(&set);
	set_current_blocked(&set);
	KTEST_EXPECT_TRUE(t, signal_pending(current));
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGUSR1);

	/* A kernel thread drops what it did not allow; SIG_IGN drops. */
	send_sig(SIGUSR2, current, 0);
	KTEST_EXPECT_EQ(t, pending_mask(), 0);
	current->sighand->action[SIGUSR1 - 1].sa.sa_handler = SIG_IGN;
	send_sig(SIGUSR1, current, 0);
	KTEST_EXPECT_EQ(t, pending_mask(), 0);
	KTEST_EXPECT_TRUE(t, !signal_pending(current));
	/* ... but a blocked signal is kept even if ignored now. */
	sigaddset(&set, SIGUSR1);
	set_current_blocked(&set);
	send_sig(SIGUSR1, current, 0);
	KTEST_EXPECT_TRUE(t, pending_mask() & sigmask(SIGUSR1));
	KTEST_EXPECT_EQ(t, send_sig(0, current, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, send_sig(65, current, 0), -EINVAL);
}

KTEST(signal, signal_blocked_and_ignored)
{
	static struct sigtest st;

	run_in_thread(t, &st, body_mask);
}

/* --- SIGCONT and the stop signals --- */

static void body_stopcont(struct sigtest *st)
{
	struct ktest_ctx *t = st->t;
	sigset_t set;

	allow_signal(SIGTSTP);
	allow_signal(SIGTTIN);
	allow_signal(SIGCONT);
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigaddset(&set, SIGTTIN);
	sigaddset(&set, SIGCONT);
	set_current_blocked(&set); /* keep them all pending */
	send_sig(SIGTSTP, current, 0);
	send_sig(SIGTTIN, current, 0);
	KTEST_EXPECT_EQ(t, pending_mask(), sigmask(SIGTSTP) | sigmask(SIGTTIN));
	send_sig(SIGCONT, current, 0);
	KTEST_EXPECT_EQ(t, pending_mask(), sigmask(SIGCONT));
	send_sig(SIGTSTP, current, 0);
	KTEST_EXPECT_EQ(t, pending_mask(), sigmask(SIGTSTP));
	KTEST_EXPECT_EQ(t, current->signal->nr_queued, 1);
}

KTEST(signal, signal_sigcont_cancels_stops)
{
	static struct sigtest st;

	run_in_thread(t, &st, body_stopcont);
}

/* --- forced faults --- */

static void body_force(struct sigtest *st)
{
	struct ktest_ctx *t = st->t;
	kernel_siginfo_t info;
	sigset_t set;

	allow_signal(SIGSEGV);
	KTEST_EXPECT_EQ(
		t, force_sig_fault(SIGSEGV, SEGV_MAPERR, (void *)0x1234), 0);
	KTEST_EXPECT_TRUE(t, signal_pending(current));
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGSEGV);
	KTEST_EXPECT_EQ(t, info.si_code, SEGV_MAPERR);
	KTEST_EXPECT_EQ(t, (unsigned long)info.si_addr, 0x1234);
	KTEST_EXPECT_EQ(t, info.si_errno, 0);

	/* Blocked or ignored: unblocked, back to SIG_DFL (a kernel thread
	 * then drops it; a user task dies of it). */
	sigemptyset(&set);
	sigaddset(&set, SIGSEGV);
	sigaddset(&set, SIGUSR1);
	set_current_blocked(&set);
	force_sig_fault(SIGSEGV, SEGV_ACCERR, NULL);
	KTEST_EXPECT_TRUE(t, !sigismember(&current->blocked, SIGSEGV));
	KTEST_EXPECT_TRUE(t, sigismember(&current->blocked, SIGUSR1));
	KTEST_EXPECT_TRUE(t,
			  current->sighand->action[SIGSEGV - 1].sa.sa_handler ==
				  SIG_DFL);
	current->sighand->action[SIGILL - 1].sa.sa_handler = SIG_IGN;
	force_sig_fault(SIGILL, ILL_ILLOPN, NULL);
	KTEST_EXPECT_TRUE(t,
			  current->sighand->action[SIGILL - 1].sa.sa_handler ==
				  SIG_DFL);
}

KTEST(signal, signal_force_sig_fault)
{
	static struct sigtest st;

	run_in_thread(t, &st, body_force);
}

/* --- waking sleepers --- */

static void body_sleeper(struct sigtest *st)
{
	allow_signal(SIGUSR1);
	complete(&st->started);
	/* Never true: only a signal ends it. */
	st->result = wait_event_interruptible(st->wq, st->got == 12345);
	st->got = dequeue(&st->info);
}

KTEST(signal, signal_wakes_interruptible_sleep)
{
	static struct sigtest st;
	struct task_struct *p;

	memset(&st, 0, sizeof(st));
	st.t = t;
	st.body = body_sleeper;
	init_completion(&st.started);
	init_completion(&st.done);
	init_waitqueue_head(&st.wq);
	p = kthread_run(sigtest_thread, &st, "sigsleep");
	KTEST_ASSERT_TRUE(t, p != NULL);
	KTEST_ASSERT_TRUE(
		t, wait_for_completion_timeout(&st.started, WAIT_JIFFIES));
	msleep(20); /* let it go to sleep */
	get_task_struct(p);
	KTEST_EXPECT_EQ(t, p->state, TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(t, send_sig(SIGUSR1, p, 1), 0);
	put_task_struct(p);
	KTEST_ASSERT_TRUE(t,
			  wait_for_completion_timeout(&st.done, WAIT_JIFFIES));
	KTEST_EXPECT_EQ(t, st.result, -ERESTARTSYS);
	KTEST_EXPECT_EQ(t, st.got, SIGUSR1);
	KTEST_EXPECT_EQ(t, st.info.si_code, SI_KERNEL);
}

static void body_timedwait(struct sigtest *st)
{
	sigset_t which, block;

	/* Blocked, as sigwait callers do: the wait unblocks it. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	set_current_blocked(&block);
	allow_signal(SIGUSR2);
	set_current_blocked(&block);
	sigemptyset(&which);
	sigaddset(&which, SIGUSR2);
	/* Nothing comes within two ticks. */
	st->result = kernel_sigtimedwait(&which, &st->info, 2);
	complete(&st->started);
	st->got = kernel_sigtimedwait(&which, &st->info, WAIT_JIFFIES);
	/* The mask is back. */
	if (!sigismember(&current->blocked, SIGUSR2) ||
	    !sigisemptyset(&current->real_blocked))
		st->got = -1000;
}

KTEST(signal, signal_sigtimedwait)
{
	static struct sigtest st;
	struct task_struct *p;
	kernel_siginfo_t info;

	memset(&st, 0, sizeof(st));
	st.t = t;
	st.body = body_timedwait;
	init_completion(&st.started);
	init_completion(&st.done);
	init_waitqueue_head(&st.wq);
	p = kthread_run(sigtest_thread, &st, "sigwait");
	KTEST_ASSERT_TRUE(t, p != NULL);
	get_task_struct(p);
	KTEST_ASSERT_TRUE(
		t, wait_for_completion_timeout(&st.started, WAIT_JIFFIES));
	KTEST_EXPECT_EQ(t, st.result, -EAGAIN);
	msleep(10);
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGUSR2;
	info.si_code = SI_QUEUE;
	info.si_int = 77;
	KTEST_EXPECT_EQ(t, send_sig_info(SIGUSR2, &info, p), 0);
	put_task_struct(p);
	KTEST_ASSERT_TRUE(t,
			  wait_for_completion_timeout(&st.done, WAIT_JIFFIES));
	KTEST_EXPECT_EQ(t, st.got, SIGUSR2);
	KTEST_EXPECT_EQ(t, st.info.si_int, 77);
}

/* --- the parent hears of a child's death --- */

static void body_notify(struct sigtest *st)
{
	struct ktest_ctx *t = st->t;
	struct k_sigaction *ka = &current->sighand->action[SIGCHLD - 1];
	struct task_struct *child = kzalloc(sizeof(*child), GFP_KERNEL);
	kernel_siginfo_t info;

	KTEST_ASSERT_TRUE(t, child != NULL);
	child->parent = current;
	child->pid = child->tgid = 4242;
	child->cred.uid = 7;
	allow_signal(SIGCHLD);

	child->exit_status_wait = 3 << 8; /* exit(3) */
	KTEST_EXPECT_TRUE(t, !do_notify_parent(child, SIGCHLD));
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGCHLD);
	KTEST_EXPECT_EQ(t, info.si_code, CLD_EXITED);
	KTEST_EXPECT_EQ(t, info.si_status, 3);
	KTEST_EXPECT_EQ(t, info.si_pid, 4242);
	KTEST_EXPECT_EQ(t, info.si_uid, 7);

	child->exit_status_wait = SIGTERM; /* killed */
	do_notify_parent(child, SIGCHLD);
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGCHLD);
	KTEST_EXPECT_EQ(t, info.si_code, CLD_KILLED);
	KTEST_EXPECT_EQ(t, info.si_status, SIGTERM);

	child->exit_status_wait = 0x80 | SIGSEGV; /* with a core */
	do_notify_parent(child, SIGCHLD);
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGCHLD);
	KTEST_EXPECT_EQ(t, info.si_code, CLD_DUMPED);
	KTEST_EXPECT_EQ(t, info.si_status, SIGSEGV);

	/* SA_NOCLDWAIT: auto-reaped, still signalled. */
	ka->sa.sa_flags = SA_NOCLDWAIT;
	KTEST_EXPECT_TRUE(t, do_notify_parent(child, SIGCHLD));
	KTEST_EXPECT_EQ(t, dequeue(&info), SIGCHLD);
	/* SIG_IGN: auto-reaped, no signal. */
	ka->sa.sa_flags = 0;
	ka->sa.sa_handler = SIG_IGN;
	KTEST_EXPECT_TRUE(t, do_notify_parent(child, SIGCHLD));
	KTEST_EXPECT_EQ(t, dequeue(&info), 0);
	kfree(child);
}

KTEST(signal, signal_do_notify_parent)
{
	static struct sigtest st;

	run_in_thread(t, &st, body_notify);
}

/* --- fork and exec --- */

static void body_fork_exec(struct sigtest *st)
{
	struct ktest_ctx *t = st->t;
	struct task_struct *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct k_sigaction *act = current->sighand->action;
	sigset_t set;

	KTEST_ASSERT_TRUE(t, p != NULL);
	act[SIGUSR1 - 1].sa.sa_handler = (__sighandler_t)0x401000;
	act[SIGUSR1 - 1].sa.sa_flags = SA_RESTART | SA_RESTORER;
	act[SIGUSR2 - 1].sa.sa_handler = SIG_IGN;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	set_current_blocked(&set);
	allow_signal(SIGHUP);
	send_sig(SIGHUP, current, 0);
	current->sas_ss_sp = 0x7000;
	current->sas_ss_size = 8192;

	KTEST_ASSERT_TRUE(t, copy_sighand(0, p) == 0);
	KTEST_ASSERT_TRUE(t, copy_signal(0, p) == 0);
	KTEST_EXPECT_TRUE(t, p->sighand != current->sighand);
	KTEST_EXPECT_TRUE(t, p->signal != current->signal);
	KTEST_EXPECT_EQ(
		t, (unsigned long)p->sighand->action[SIGUSR1 - 1].sa.sa_handler,
		0x401000);
	KTEST_EXPECT_TRUE(t, sigismember(&p->blocked, SIGINT));
	KTEST_EXPECT_TRUE(t, sigisemptyset(&p->pending.signal));
	KTEST_EXPECT_TRUE(t, list_empty(&p->signal->shared_pending.list));
	KTEST_EXPECT_TRUE(t, !signal_pending(p));
	KTEST_EXPECT_EQ(t, p->sas_ss_size, 8192);

	/* exec: caught -> SIG_DFL, ignored stays, no altstack. */
	flush_signal_handlers(p, 0);
	KTEST_EXPECT_TRUE(t, p->sighand->action[SIGUSR1 - 1].sa.sa_handler ==
				     SIG_DFL);
	KTEST_EXPECT_EQ(t, p->sighand->action[SIGUSR1 - 1].sa.sa_flags, 0);
	KTEST_EXPECT_TRUE(t, p->sighand->action[SIGUSR2 - 1].sa.sa_handler ==
				     SIG_IGN);
	KTEST_EXPECT_EQ(t, p->sas_ss_size, 0);
	KTEST_EXPECT_TRUE(t, sigismember(&p->blocked, SIGINT));
	__exit_signal(p);
	KTEST_EXPECT_TRUE(t, p->sighand == NULL && p->signal == NULL);

	/* CLONE_SIGHAND shares the handlers. */
	KTEST_ASSERT_TRUE(t, copy_sighand(CLONE_SIGHAND, p) == 0);
	KTEST_EXPECT_TRUE(t, p->sighand == current->sighand);
	KTEST_EXPECT_EQ(t, current->sighand->count, 2);
	KTEST_ASSERT_TRUE(t, copy_signal(0, p) == 0);
	__exit_signal(p);
	KTEST_EXPECT_EQ(t, current->sighand->count, 1);
	kfree(p);
	current->sas_ss_sp = 0;
	current->sas_ss_size = 0;
}

KTEST(signal, signal_fork_exec_hooks)
{
	static struct sigtest st;

	run_in_thread(t, &st, body_fork_exec);
}
