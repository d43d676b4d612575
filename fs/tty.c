// SPDX-License-Identifier: MIT
/*
 * The serial tty: one terminal on COM1 with the n_tty line discipline
 * (kernel/lib/n_tty.h), reached through 4:64 (ttyS0), 5:1 (console) and
 * 5:0 (/dev/tty: the caller's controlling tty, ENXIO without one).
 *
 *   UART interrupt -> arch ring -> "ttyS0" kthread -> n_tty_receive
 *	(echo out through the raw console write, VINTR/VQUIT/VSUSP to the
 *	foreground process group, readers woken)
 *   read()  -> n_tty_read_decide / n_tty_read, sleeping on read_wait
 *   write() -> n_tty_output -> the raw console write
 *
 * Controlling tty: there is one tty, so the session that owns it is kept
 * here (tty.session, tty.pgrp its foreground group); a task's controlling
 * tty is this one when its session is tty.session. A session leader
 * without one acquires it by opening it without O_NOCTTY (not through
 * /dev/console or /dev/tty, as Linux) or by TIOCSCTTY; it is lost when
 * the leader exits (tty_exit_task) or gives it up (TIOCNOTTY).
 * Job control follows Linux's tty_check_change and
 * __tty_check_change(SIGTTIN).
 */
#include "fs/tty.h"
#include "fs/internal.h"
#include "kernel/arch/console.h"
#include "kernel/init.h"
#include "kernel/kthread.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/n_tty.h"
#include "kernel/lib/string.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

/* Bytes moved through the stack per step. */
#define TTY_CHUNK 256

/* ioctl requests (Linux's asm-generic/ioctls.h). */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCGSERIAL 0x541E
#define TIOCNOTTY 0x5422
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429
#define TIOCSERGETLSR 0x5459
#define TIOCSER_TEMT 0x01

/* TCFLSH and TCXONC arguments */
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2
#define TCOOFF 0
#define TCION 3

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* Linux's struct serial_struct (72 bytes on x86_64). */
struct serial_struct {
	int type, line;
	unsigned int port;
	int irq, flags, xmit_fifo_size, custom_divisor, baud_base;
	unsigned short close_delay;
	char io_type, reserved_char[1];
	int hub6;
	unsigned short closing_wait, closing_wait2;
	unsigned char *iomem_base;
	unsigned short iomem_reg_shift;
	unsigned int port_high;
	unsigned long iomap_base;
};

#define PORT_16550A 4

static struct {
	struct mutex lock; /* everything below, and the wire's order */
	struct n_tty ld;
	struct winsize ws; /* Linux: 0x0 for a serial port */
	pid_t session, pgrp; /* the owning session, its foreground group */
	unsigned long gen; /* bumped when input or termios changed */
	bool started; /* the receive thread runs */
	struct wait_queue_head read_wait;
} tty = {
	.lock = __MUTEX_INITIALIZER(tty.lock),
	.read_wait = __WAIT_QUEUE_HEAD_INITIALIZER(tty.read_wait),
};

static void tty_lock(void)
{
	mutex_lock(&tty.lock);
}

/* The line discipline's settings (Linux's defaults), before any open. The
 * receive side starts at the first open (tty_start). */
static int __init tty_init(void)
{
	mutex_lock(&tty.lock);
	n_tty_init(&tty.ld);
	mutex_unlock(&tty.lock);
	return 0;
}
device_initcall(tty_init);

static void tty_unlock(void)
{
	mutex_unlock(&tty.lock);
}

/* Echo bytes to the wire; tty.lock held. */
static void tty_flush_echo(void)
{
	u8 buf[TTY_CHUNK];
	size_t n;

	while ((n = n_tty_echo_pull(&tty.ld, buf, sizeof(buf))))
		arch_console_write_raw((const char *)buf, n);
}

/* --- input --- */

static int tty_rx_thread(void *unused)
{
	u8 buf[TTY_CHUNK];

	(void)unused;
	for (;;) {
		size_t n, off = 0;

		wait_event(arch_console_rx_wait, arch_console_rx_pending());
		n = arch_console_read((char *)buf, sizeof(buf));
		while (off < n) {
			int sig = 0;
			pid_t pgrp;

			tty_lock();
			off += n_tty_receive(&tty.ld, buf + off, n - off, &sig);
			tty_flush_echo();
			tty.gen++;
			pgrp = tty.pgrp;
			tty_unlock();
			wake_up_all(&tty.read_wait);
			if (sig && pgrp > 0)
				kill_pgrp(sig, SEND_SIG_PRIV, pgrp);
		}
	}
	return 0;
}

/* Start the receive interrupt and thread once; process context. */
static void tty_start(void)
{
	bool start;

	tty_lock();
	start = !tty.started;
	tty.started = true;
	tty_unlock();
	if (!start)
		return;
	/* Input is optional: without the interrupt, reads just wait. */
	(void)arch_console_rx_start();
	if (!kthread_run(tty_rx_thread, NULL, "ttyS0")) {
		tty_lock();
		tty.started = false;
		tty_unlock();
	}
}

/* --- sessions and job control --- */

static bool is_ctty(const struct task_struct *p)
{
	pid_t s = __atomic_load_n(&tty.session, __ATOMIC_RELAXED);

	return s > 0 && p->session == s;
}

static bool sig_ignored_or_blocked(int sig)
{
	struct task_struct *p = current;

	return sigismember(&p->blocked, sig) ||
	       p->sighand->action[sig - 1].sa.sa_handler == SIG_IGN;
}

/* Linux's is_current_pgrp_orphaned: no member has a parent in another
 * group of its session (init's children do not count). */
static bool pgrp_orphaned(pid_t pgrp)
{
	struct task_struct *p;
	bool orphaned = true;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	list_for_each_entry (p, &task_list, tasks) {
		struct task_struct *parent = p->parent;

		if (p->pgrp != pgrp || p->exit_state || !parent ||
		    parent->pid == 1)
			continue;
		if (parent->pgrp != pgrp && parent->session == p->session) {
			orphaned = false;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return orphaned;
}

/*
 * May current use the tty as a foreground process (@sig SIGTTIN for a
 * read, SIGTTOU for a write with TOSTOP or a change of settings)?
 * Return: 0, -EIO, or -ERESTARTSYS after signalling current's group.
 */
static int tty_job_check(int sig)
{
	pid_t pgrp = __atomic_load_n(&tty.pgrp, __ATOMIC_RELAXED);

	if (!is_ctty(current) || pgrp <= 0 || current->pgrp == pgrp)
		return 0;
	if (sig_ignored_or_blocked(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(current->pgrp))
		return -EIO;
	kill_pgrp(sig, SEND_SIG_PRIV, current->pgrp);
	return -ERESTARTSYS;
}

/* The session gives the tty up (Linux's disassociate_ctty): SIGHUP to
 * its foreground group, and SIGCONT too when it was TIOCNOTTY. */
static void tty_disassociate(pid_t session, bool on_exit)
{
	pid_t pgrp;

	tty_lock();
	if (tty.session != session) {
		tty_unlock();
		return;
	}
	pgrp = tty.pgrp;
	tty.session = 0;
	tty.pgrp = 0;
	tty_unlock();
	if (pgrp > 0) {
		kill_pgrp(SIGHUP, SEND_SIG_PRIV, pgrp);
		if (!on_exit)
			kill_pgrp(SIGCONT, SEND_SIG_PRIV, pgrp);
	}
}

void tty_exit_task(struct task_struct *p)
{
	if (p->pid == p->session && (!p->tgid || p->pid == p->tgid) &&
	    __atomic_load_n(&tty.session, __ATOMIC_RELAXED) == p->session)
		tty_disassociate(p->session, true);
}

/* Take the tty as current's controlling tty if nobody has it; tty.lock
 * held. */
static void tty_set_ctty(void)
{
	tty.session = current->session;
	tty.pgrp = current->pgrp;
}

/* --- file operations --- */

static int tty_open(struct inode *inode, struct file *f)
{
	dev_t rdev = inode ? inode->i_rdev : 0;
	bool noctty = (f->f_flags & O_NOCTTY) || MAJOR(rdev) == 5;

	if (rdev == MKDEV(5, 0) && !is_ctty(current))
		return -ENXIO;
	tty_start();
	if (!noctty && current->pid == current->session) {
		tty_lock();
		if (!tty.session)
			tty_set_ctty();
		tty_unlock();
	}
	return 0;
}

/* Sleep until tty.gen moves from @gen, a signal, or @ds deciseconds
 * (0: no limit). Return: 0, 1 when the time ran out, -ERESTARTSYS. */
static int tty_wait_input(unsigned long gen, unsigned int ds)
{
	struct wait_queue_entry wqe;
	long left =
		ds ? (long)msecs_to_jiffies(ds * 100) : MAX_SCHEDULE_TIMEOUT;
	int ret = 0;

	init_wait_entry(&wqe, 0);
	for (;;) {
		prepare_to_wait_event(&tty.read_wait, &wqe, TASK_INTERRUPTIBLE);
		if (__atomic_load_n(&tty.gen, __ATOMIC_RELAXED) != gen)
			break;
		if (fs_signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		if (!left) {
			ret = 1;
			break;
		}
		left = schedule_timeout(left);
	}
	finish_wait(&tty.read_wait, &wqe);
	return ret;
}

static ssize_t tty_read(struct file *f, char __user *buf, size_t count,
			loff_t *pos)
{
	u8 tmp[TTY_CHUNK];
	size_t copied = 0;
	bool timed_out = false;
	int err;

	(void)pos;
	err = tty_job_check(SIGTTIN);
	if (err)
		return err;
	for (;;) {
		unsigned int ds = 0;
		unsigned long gen;
		enum n_tty_read_action act;

		tty_lock();
		act = n_tty_read_decide(&tty.ld, count, copied, timed_out, &ds);
		if (act == N_TTY_READ_COPY) {
			bool done = false;
			size_t want = count - copied < sizeof(tmp)
					      ? count - copied
					      : sizeof(tmp);
			size_t n = n_tty_read(&tty.ld, tmp, want, &done);

			tty_unlock();
			/* Bytes the line discipline gave out and that do not
			 * reach the reader are lost, as in Linux. */
			if (n && copy_to_user(buf + copied, tmp, n))
				return copied ? (ssize_t)copied : -EFAULT;
			copied += n;
			timed_out = false;
			if (done || copied == count)
				break;
			continue;
		}
		gen = tty.gen;
		tty_unlock();
		if (act == N_TTY_READ_RETURN)
			break;
		if (f->f_flags & O_NONBLOCK) {
			if (copied)
				break;
			return -EAGAIN;
		}
		err = tty_wait_input(gen, ds);
		if (err < 0)
			return copied ? (ssize_t)copied : err;
		timed_out = err == 1;
	}
	return (ssize_t)copied;
}

static ssize_t tty_write(struct file *f, const char __user *buf, size_t count,
			 loff_t *pos)
{
	u8 in[TTY_CHUNK], out[TTY_CHUNK];
	size_t done = 0;
	bool tostop;

	(void)f;
	(void)pos;
	tty_lock();
	tostop = tty.ld.termios.c_lflag & TOSTOP;
	tty_unlock();
	if (tostop) {
		int err = tty_job_check(SIGTTOU);

		if (err)
			return err;
	}
	while (done < count) {
		size_t n =
			count - done < sizeof(in) ? count - done : sizeof(in);
		size_t off = 0;

		if (copy_from_user(in, buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		tty_lock();
		while (off < n) {
			size_t produced = 0;

			off += n_tty_output(&tty.ld, in + off, n - off, out,
					    sizeof(out), &produced);
			arch_console_write_raw((const char *)out, produced);
		}
		tty_unlock();
		done += n;
		if (done < count && fs_signal_pending())
			break;
	}
	return (ssize_t)done;
}

/* A process group in current's session: 0, -ESRCH (no such group),
 * -EPERM (another session's). A zombie still makes its group exist, as
 * in Linux, where it keeps its pid until it is reaped. */
static int pgrp_check(pid_t pgrp)
{
	struct task_struct *p;
	int ret = -ESRCH;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	list_for_each_entry (p, &task_list, tasks) {
		if (p->pgrp != pgrp)
			continue;
		ret = p->session == current->session ? 0 : -EPERM;
		break;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

static long tty_set_termios(unsigned int cmd, unsigned long arg)
{
	struct termios t;
	int err = tty_job_check(SIGTTOU);

	if (err)
		return err;
	if (copy_from_user(&t, (const void __user *)arg, sizeof(t)))
		return -EFAULT;
	tty_lock();
	if (cmd == TCSETSF)
		n_tty_flush_input(&tty.ld);
	n_tty_set_termios(&tty.ld, &t);
	tty.gen++;
	tty_unlock();
	wake_up_all(&tty.read_wait);
	return 0;
}

static long tty_sctty(struct file *f, unsigned long arg)
{
	long ret = 0;

	tty_lock();
	if (current->pid == current->session && tty.session == current->session)
		goto out; /* it is ours already */
	if (current->pid != current->session) {
		ret = -EPERM;
		goto out;
	}
	if (tty.session > 0) {
		/* Another session's: only root with arg 1 steals it. */
		if (arg != 1 || current->cred.euid != 0) {
			ret = -EPERM;
			goto out;
		}
	}
	if ((f->f_flags & O_ACCMODE) == O_WRONLY && current->cred.euid != 0) {
		ret = -EPERM;
		goto out;
	}
	tty_set_ctty();
out:
	tty_unlock();
	return ret;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct termios t;
	struct winsize ws;
	int val, err;
	pid_t pgrp;

	switch (cmd) {
	case TCGETS:
		tty_lock();
		t = tty.ld.termios;
		tty_unlock();
		return copy_to_user(argp, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_set_termios(cmd, arg);
	case TIOCGWINSZ:
		tty_lock();
		ws = tty.ws;
		tty_unlock();
		return copy_to_user(argp, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ: {
		bool changed;

		if (copy_from_user(&ws, argp, sizeof(ws)))
			return -EFAULT;
		tty_lock();
		changed = memcmp(&ws, &tty.ws, sizeof(ws)) != 0;
		tty.ws = ws;
		pgrp = tty.pgrp;
		tty_unlock();
		if (changed && pgrp > 0)
			kill_pgrp(SIGWINCH, SEND_SIG_PRIV, pgrp);
		return 0;
	}
	case TIOCGPGRP:
		if (!is_ctty(current))
			return -ENOTTY;
		return put_user((int)tty.pgrp, (int __user *)argp);
	case TIOCSPGRP:
		if (!is_ctty(current))
			return -ENOTTY;
		err = tty_job_check(SIGTTOU);
		if (err)
			return err;
		if (get_user(val, (int __user *)argp))
			return -EFAULT;
		if (val < 0)
			return -EINVAL;
		err = pgrp_check(val);
		if (err)
			return err;
		tty_lock();
		if (tty.session == current->session)
			tty.pgrp = val;
		tty_unlock();
		return 0;
	case TIOCGSID:
		if (!is_ctty(current))
			return -ENOTTY;
		return put_user((int)tty.session, (int __user *)argp);
	case TIOCSCTTY:
		return tty_sctty(f, arg);
	case TIOCNOTTY:
		if (!is_ctty(current))
			return -ENOTTY;
		if (current->pid == current->session)
			tty_disassociate(current->session, false);
		return 0;
	case FIONREAD:
		tty_lock();
		val = (int)n_tty_inq(&tty.ld);
		tty_unlock();
		return put_user(val, (int __user *)argp);
	case TIOCOUTQ:
		return put_user(0, (int __user *)argp);
	case TCFLSH:
		err = tty_job_check(SIGTTOU);
		if (err)
			return err;
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH) {
			tty_lock();
			n_tty_flush_input(&tty.ld);
			tty.gen++;
			tty_unlock();
		}
		return 0;
	case TCXONC:
		err = tty_job_check(SIGTTOU);
		if (err)
			return err;
		return arg <= TCION ? 0 : -EINVAL;
	case TCSBRK:
	case TCSBRKP:
		return tty_job_check(SIGTTOU);
	case TIOCGSERIAL: {
		struct serial_struct ss;

		memset(&ss, 0, sizeof(ss));
		ss.type = PORT_16550A;
		ss.line = 0;
		ss.port = 0x3f8;
		ss.irq = 4;
		ss.baud_base = 115200;
		ss.xmit_fifo_size = 16;
		return copy_to_user(argp, &ss, sizeof(ss)) ? -EFAULT : 0;
	}
	case TIOCSERGETLSR:
		return put_user(TIOCSER_TEMT, (int __user *)argp);
	}
	(void)TCOOFF;
	return -ENOTTY;
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	unsigned int mask = POLLOUT | POLLWRNORM; /* output is polled */

	poll_wait(f, &tty.read_wait, pt);
	tty_lock();
	if (n_tty_readable(&tty.ld))
		mask |= POLLIN | POLLRDNORM;
	tty_unlock();
	return mask;
}

const struct file_operations tty_fops = {
	.poll = tty_poll,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.open = tty_open,
};
