// SPDX-License-Identifier: MIT
/*
 * poll, ppoll, select and pselect6 (Linux's fs/select.c semantics).
 *
 * Each round asks every file's .poll for its ready events; in the first
 * round the files register the wait queues that announce changes
 * (poll_wait), each with an entry whose wake function marks the table
 * triggered and wakes the poller. The poller sleeps interruptibly until
 * a wake-up, a signal or the deadline, then asks again. A file without
 * .poll is always ready (DEFAULT_POLLMASK).
 *
 * Timeouts are kept as a monotonic deadline; select, pselect6 and ppoll
 * write the time left back, as Linux does on x86_64. A signal ends the
 * wait with -ERESTARTNOHAND (EINTR when a handler runs). ppoll and
 * pselect6 install their signal mask for the wait and leave it to the
 * signal delivery to put the old one back when a signal interrupted it.
 */
#include "fs/internal.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"
#include "mm/slab.h"

#define USEC_PER_SEC_L 1000000L
#ifndef U64_MAX
#define U64_MAX UINT64_MAX
#endif

struct pollfd {
	int fd;
	short events, revents;
};

struct kernel_timespec {
	long tv_sec;
	long tv_nsec;
};

struct kernel_timeval {
	long tv_sec;
	long tv_usec;
};

/* One registration on a wait queue. */
struct poll_entry {
	struct wait_queue_entry wait;
	struct wait_queue_head *wq;
	struct poll_table *pt;
};

#define POLL_CHUNK_ENTRIES 30

struct poll_chunk {
	struct poll_chunk *next;
	unsigned int used;
	struct poll_entry e[POLL_CHUNK_ENTRIES];
};

struct poll_table {
	struct task_struct *task;
	int triggered; /* atomic: a queue woke us since the last look */
	bool queue; /* register in poll_wait (the first round only) */
	int error; /* -ENOMEM from a registration */
	struct poll_chunk *chunks;
};

static int poll_wake(struct wait_queue_entry *wait, unsigned int mode)
{
	struct poll_entry *pe = container_of(wait, struct poll_entry, wait);

	__atomic_store_n(&pe->pt->triggered, 1, __ATOMIC_RELEASE);
	return default_wake_function(wait, mode);
}

void poll_wait(struct file *file, struct wait_queue_head *wq,
	       struct poll_table *pt)
{
	struct poll_chunk *c;
	struct poll_entry *pe;
	unsigned long flags;

	(void)file;
	if (!pt || !pt->queue || !wq)
		return;
	c = pt->chunks;
	if (!c || c->used == POLL_CHUNK_ENTRIES) {
		c = kzalloc(sizeof(*c), GFP_KERNEL);
		if (!c) {
			pt->error = -ENOMEM;
			return;
		}
		c->next = pt->chunks;
		pt->chunks = c;
	}
	pe = &c->e[c->used++];
	pe->wq = wq;
	pe->pt = pt;
	pe->wait.flags = 0;
	pe->wait.task = pt->task;
	pe->wait.func = poll_wake;
	flags = spin_lock_irqsave(&wq->lock);
	list_add_tail(&pe->wait.entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void poll_table_init(struct poll_table *pt)
{
	memset(pt, 0, sizeof(*pt));
	pt->task = current;
	pt->queue = true;
}

static void poll_table_free(struct poll_table *pt)
{
	while (pt->chunks) {
		struct poll_chunk *c = pt->chunks;

		for (unsigned int i = 0; i < c->used; i++) {
			struct wait_queue_head *wq = c->e[i].wq;
			unsigned long flags = spin_lock_irqsave(&wq->lock);

			list_del_init(&c->e[i].wait.entry);
			spin_unlock_irqrestore(&wq->lock, flags);
		}
		pt->chunks = c->next;
		kfree(c);
	}
}

/*
 * Sleep until a registered queue wakes us, a signal comes or @deadline
 * (ktime_get_ns; U64_MAX: none). Return: false when the time is up.
 */
static bool poll_schedule(struct poll_table *pt, u64 deadline)
{
	bool more = true;

	set_current_state(TASK_INTERRUPTIBLE);
	if (!__atomic_load_n(&pt->triggered, __ATOMIC_ACQUIRE) &&
	    !fs_signal_pending()) {
		if (deadline == U64_MAX) {
			schedule();
		} else {
			u64 now = ktime_get_ns();

			if (now >= deadline) {
				more = false;
			} else {
				u64 j = (deadline - now + TICK_NSEC - 1) /
					TICK_NSEC;

				schedule_timeout(j > (u64)LONG_MAX - 1
							 ? LONG_MAX - 1
							 : (long)j);
			}
		}
	}
	__set_current_state(TASK_RUNNING);
	__atomic_store_n(&pt->triggered, 0, __ATOMIC_RELAXED);
	return more;
}

static bool deadline_passed(u64 deadline)
{
	return deadline != U64_MAX && ktime_get_ns() >= deadline;
}

/* One file's ready events: POLLNVAL for a bad fd. */
static unsigned int fd_poll(int fd, struct poll_table *pt)
{
	struct file *f = fget((unsigned int)fd);
	unsigned int mask;

	if (!f)
		return POLLNVAL;
	mask = f->f_op && f->f_op->poll ? f->f_op->poll(f, pt)
					: DEFAULT_POLLMASK;
	fput(f);
	return mask;
}

/*
 * After a pass over the files (@count ready): stop with *@count as the
 * result when something was ready, the time is up, queueing failed or a
 * signal is pending; else sleep until a wake-up or the deadline (setting
 * *@timed_out so the next pass is the last) and go on.
 */
static bool poll_pass_done(struct poll_table *pt, long *count, bool *timed_out,
			   u64 deadline)
{
	pt->queue = false;
	if (*count || *timed_out)
		return true;
	if (pt->error) {
		*count = pt->error;
		return true;
	}
	if (fs_signal_pending()) {
		*count = -ERESTARTNOHAND;
		return true;
	}
	if (!poll_schedule(pt, deadline) || deadline_passed(deadline))
		*timed_out = true;
	return false;
}

/* --- poll --- */

static long do_poll(struct pollfd *fds, unsigned int nfds, u64 deadline)
{
	struct poll_table pt;
	long count;
	bool timed_out = deadline != U64_MAX && deadline == 0;

	poll_table_init(&pt);
	for (;;) {
		count = 0;
		for (unsigned int i = 0; i < nfds; i++) {
			unsigned int mask = 0;

			if (fds[i].fd >= 0) {
				mask = fd_poll(fds[i].fd, count ? NULL : &pt);
				mask &= (unsigned short)fds[i].events |
					POLLERR | POLLHUP | POLLNVAL;
			}
			fds[i].revents = (short)mask;
			if (mask)
				count++;
		}
		if (poll_pass_done(&pt, &count, &timed_out, deadline))
			break;
	}
	poll_table_free(&pt);
	return count;
}

static long poll_common(struct pollfd __user *ufds, unsigned int nfds,
			u64 deadline)
{
	struct pollfd *fds = NULL;
	size_t size = (size_t)nfds * sizeof(*fds);
	long ret;

	if (nfds > current->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	if (nfds) {
		fds = kmalloc(size, GFP_KERNEL);
		if (!fds)
			return -ENOMEM;
		if (copy_from_user(fds, ufds, size)) {
			kfree(fds);
			return -EFAULT;
		}
	}
	ret = do_poll(fds, nfds, deadline);
	for (unsigned int i = 0; i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents)) {
			ret = -EFAULT;
			break;
		}
	kfree(fds);
	return ret;
}

/* The deadline @ns from now (saturating). */
static u64 deadline_after(u64 ns)
{
	u64 now = ktime_get_ns();

	return ns >= U64_MAX - now ? U64_MAX - 1 : now + ns;
}

/* Nanoseconds left until @deadline. */
static u64 time_left(u64 deadline)
{
	u64 now = ktime_get_ns();

	return deadline > now ? deadline - now : 0;
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int,
		timeout_msecs)
{
	u64 deadline = U64_MAX;

	if (timeout_msecs >= 0)
		deadline = timeout_msecs ? deadline_after((u64)timeout_msecs *
							  NSEC_PER_MSEC)
					 : 0;
	return poll_common(ufds, nfds, deadline);
}

/* Read a timespec timeout: 0 and *@deadline, or -EFAULT / -EINVAL. */
static int get_ts_deadline(const struct kernel_timespec __user *uts,
			   u64 *deadline)
{
	struct kernel_timespec ts;

	*deadline = U64_MAX;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (u64)ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (!ts.tv_sec && !ts.tv_nsec)
		*deadline = 0;
	else if ((u64)ts.tv_sec >= U64_MAX / NSEC_PER_SEC)
		*deadline = U64_MAX - 1;
	else
		*deadline = deadline_after((u64)ts.tv_sec * NSEC_PER_SEC +
					   (u64)ts.tv_nsec);
	return 0;
}

/* Write the time left back (Linux's poll_select_finish); a fault there
 * does not change the result. */
static void put_ts_left(struct kernel_timespec __user *uts, u64 deadline)
{
	struct kernel_timespec ts;
	u64 left;

	if (!uts || deadline == U64_MAX)
		return;
	left = deadline ? time_left(deadline) : 0;
	ts.tv_sec = (long)(left / NSEC_PER_SEC);
	ts.tv_nsec = (long)(left % NSEC_PER_SEC);
	(void)copy_to_user(uts, &ts, sizeof(ts));
}

/* Install a ppoll/pselect6 signal mask for the wait. */
static int set_user_sigmask(const sigset_t __user *umask, size_t size)
{
	sigset_t set;

	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	sigdelsetmask(&set, (1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)));
	current->saved_sigmask = current->blocked;
	set_current_blocked(&set);
	return 1;
}

/* Put the old mask back now, or after the handler of the signal that
 * interrupted the wait (Linux's restore_saved_sigmask_unless). */
static void restore_user_sigmask(int installed, long ret)
{
	if (installed <= 0)
		return;
	if (ret == -ERESTARTNOHAND || ret == -EINTR) {
		current->restore_sigmask = true;
		return;
	}
	set_current_blocked(&current->saved_sigmask);
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct kernel_timespec __user *, tsp, const sigset_t __user *,
		sigmask, size_t, sigsetsize)
{
	u64 deadline;
	int installed;
	long ret = get_ts_deadline(tsp, &deadline);

	if (ret)
		return ret;
	installed = set_user_sigmask(sigmask, sigsetsize);
	if (installed < 0)
		return installed;
	ret = poll_common(ufds, nfds, deadline);
	restore_user_sigmask(installed, ret);
	put_ts_left(tsp, deadline);
	return ret;
}

/* --- select --- */

#define BITS_PER_LONG 64

static long do_select(int n, unsigned long *in, unsigned long *out,
		      unsigned long *ex, unsigned long *res, u64 deadline)
{
	size_t words = ((size_t)n + BITS_PER_LONG - 1) / BITS_PER_LONG;
	unsigned long *rin = res, *rout = res + words, *rex = res + 2 * words;
	struct poll_table pt;
	long count;
	bool timed_out = deadline == 0;

	/* Every fd asked about must be open. */
	for (int fd = 0; fd < n; fd++) {
		unsigned long bit = 1UL << (fd % BITS_PER_LONG);
		size_t w = (size_t)fd / BITS_PER_LONG;
		struct file *f;

		if (!((in[w] | out[w] | ex[w]) & bit))
			continue;
		f = fget((unsigned int)fd);
		if (!f)
			return -EBADF;
		fput(f);
	}
	poll_table_init(&pt);
	for (;;) {
		count = 0;
		memset(res, 0, 3 * words * sizeof(long));
		for (int fd = 0; fd < n; fd++) {
			unsigned long bit = 1UL << (fd % BITS_PER_LONG);
			size_t w = (size_t)fd / BITS_PER_LONG;
			unsigned int mask;

			if (!((in[w] | out[w] | ex[w]) & bit))
				continue;
			mask = fd_poll(fd, count ? NULL : &pt);
			if (mask == POLLNVAL) {
				count = -EBADF; /* closed meanwhile */
				goto done;
			}
			if ((in[w] & bit) && (mask & (POLLIN | POLLRDNORM |
						      POLLHUP | POLLERR))) {
				rin[w] |= bit;
				count++;
			}
			if ((out[w] & bit) &&
			    (mask & (POLLOUT | POLLWRNORM | POLLERR))) {
				rout[w] |= bit;
				count++;
			}
			if ((ex[w] & bit) && (mask & POLLPRI)) {
				rex[w] |= bit;
				count++;
			}
		}
		if (poll_pass_done(&pt, &count, &timed_out, deadline))
			break;
	}
done:
	poll_table_free(&pt);
	return count;
}

static long core_sys_select(int n, unsigned long __user *uin,
			    unsigned long __user *uout,
			    unsigned long __user *uex, u64 deadline)
{
	size_t words, bytes;
	unsigned long *bits;
	unsigned long __user *user[3] = {uin, uout, uex};
	long ret;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN_MAX)
		n = NR_OPEN_MAX;
	words = ((size_t)n + BITS_PER_LONG - 1) / BITS_PER_LONG;
	bytes = words * sizeof(long);
	/* in, out, ex, then the three results */
	bits = kzalloc(6 * bytes + 1, GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	for (int i = 0; i < 3; i++)
		if (user[i] &&
		    copy_from_user(bits + i * words, user[i], bytes)) {
			kfree(bits);
			return -EFAULT;
		}
	/* Bits beyond n do not count. */
	if (n % BITS_PER_LONG)
		for (int i = 0; i < 3; i++)
			bits[i * words + words - 1] &=
				(1UL << (n % BITS_PER_LONG)) - 1;
	ret = do_select(n, bits, bits + words, bits + 2 * words,
			bits + 3 * words, deadline);
	if (ret >= 0)
		for (int i = 0; i < 3; i++)
			if (user[i] &&
			    copy_to_user(user[i], bits + (3 + i) * words,
					 bytes)) {
				ret = -EFAULT;
				break;
			}
	kfree(bits);
	return ret;
}

SYSCALL_DEFINE5(select, int, n, unsigned long __user *, inp,
		unsigned long __user *, outp, unsigned long __user *, exp,
		struct kernel_timeval __user *, tvp)
{
	struct kernel_timeval tv;
	u64 deadline = U64_MAX;
	long ret;

	if (tvp) {
		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 ||
		    tv.tv_usec >= USEC_PER_SEC_L)
			return -EINVAL;
		if (!tv.tv_sec && !tv.tv_usec)
			deadline = 0;
		else if ((u64)tv.tv_sec >= U64_MAX / NSEC_PER_SEC)
			deadline = U64_MAX - 1;
		else
			deadline =
				deadline_after((u64)tv.tv_sec * NSEC_PER_SEC +
					       (u64)tv.tv_usec * NSEC_PER_USEC);
	}
	ret = core_sys_select(n, inp, outp, exp, deadline);
	if (tvp && deadline != U64_MAX) {
		u64 left = deadline ? time_left(deadline) : 0;

		tv.tv_sec = (long)(left / NSEC_PER_SEC);
		tv.tv_usec = (long)(left % NSEC_PER_SEC / NSEC_PER_USEC);
		(void)copy_to_user(tvp, &tv, sizeof(tv));
	}
	return ret;
}

/* pselect6's sixth argument. */
struct sigset_argpack {
	const sigset_t __user *p;
	size_t size;
};

SYSCALL_DEFINE6(pselect6, int, n, unsigned long __user *, inp,
		unsigned long __user *, outp, unsigned long __user *, exp,
		struct kernel_timespec __user *, tsp, void __user *, sig)
{
	struct sigset_argpack pack = {NULL, 0};
	u64 deadline;
	int installed;
	long ret = get_ts_deadline(tsp, &deadline);

	if (ret)
		return ret;
	if (sig && copy_from_user(&pack, sig, sizeof(pack)))
		return -EFAULT;
	installed = set_user_sigmask(pack.p, pack.size);
	if (installed < 0)
		return installed;
	ret = core_sys_select(n, inp, outp, exp, deadline);
	restore_user_sigmask(installed, ret);
	put_ts_left(tsp, deadline);
	return ret;
}
