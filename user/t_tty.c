// SPDX-License-Identifier: MIT
/*
 * The serial tty and waiting for files: termios of /dev/ttyS0 (Linux's
 * defaults, a set/get round trip), the window size, isatty on a pipe,
 * poll/select/ppoll/pselect6 on pipes (readiness, timeouts, POLLHUP,
 * POLLNVAL, EBADF, EINVAL, a temporary signal mask). Nothing is typed on
 * the serial line, so no test waits for input.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes -D_GNU_SOURCE */
#endif
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static int open_tty(void)
{
	return open("/dev/ttyS0", O_RDWR | O_NOCTTY | O_NONBLOCK);
}

static int test_termios_defaults(void)
{
	struct termios t;
	int fd = open_tty();

	CHECK(fd >= 0);
	CHECK(isatty(fd));
	CHECK(tcgetattr(fd, &t) == 0);
	/* Linux's tty_std_termios for the flags the port keeps */
	CHECK((t.c_iflag & (ICRNL | IXON)) == (ICRNL | IXON));
	CHECK((t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR));
	CHECK((t.c_lflag & (ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN)) ==
	      (ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN));
	CHECK((t.c_cflag & CSIZE) == CS8 && (t.c_cflag & CREAD));
	CHECK(t.c_cc[VINTR] == 3 && t.c_cc[VQUIT] == 034 &&
	      t.c_cc[VERASE] == 0177 && t.c_cc[VKILL] == 025 &&
	      t.c_cc[VEOF] == 4 && t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0 &&
	      t.c_cc[VSUSP] == 032);
	close(fd);
	return UTEST_PASS;
}

static int test_termios_roundtrip(void)
{
	struct termios old, t, back;
	int fd = open_tty();

	CHECK(fd >= 0);
	CHECK(tcgetattr(fd, &old) == 0);
	t = old;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 3;
	t.c_cc[VINTR] = 7;
	CHECK(tcsetattr(fd, TCSANOW, &t) == 0);
	CHECK(tcgetattr(fd, &back) == 0);
	CHECK(!(back.c_lflag & (ICANON | ECHO)));
	CHECK(back.c_cc[VMIN] == 0 && back.c_cc[VTIME] == 3 &&
	      back.c_cc[VINTR] == 7);
	/* TCSADRAIN and TCSAFLUSH too */
	t.c_cc[VINTR] = 8;
	CHECK(tcsetattr(fd, TCSADRAIN, &t) == 0);
	CHECK(tcsetattr(fd, TCSAFLUSH, &t) == 0);
	CHECK(tcgetattr(fd, &back) == 0 && back.c_cc[VINTR] == 8);
	/* non-canonical, VMIN 0 VTIME 0, nothing typed: a read returns 0 */
	t.c_cc[VTIME] = 0;
	CHECK(tcsetattr(fd, TCSANOW, &t) == 0);
	CHECK(tcflush(fd, TCIFLUSH) == 0);
	{
		char c;

		CHECK(read(fd, &c, 1) == 0);
	}
	CHECK(tcsetattr(fd, TCSANOW, &old) == 0);
	CHECK(tcgetattr(fd, &back) == 0);
	CHECK(back.c_lflag == old.c_lflag && back.c_cc[VINTR] == 3);
	CHECK_ERR(ioctl(fd, TCGETS, (void *)8), EFAULT);
	CHECK_ERR(tcflush(fd, 7), EINVAL);
	close(fd);
	return UTEST_PASS;
}

static int test_nonblock_read(void)
{
	char c;
	int fd = open_tty(), n = -1;

	CHECK(fd >= 0);
	CHECK(tcflush(fd, TCIFLUSH) == 0);
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 0);
	CHECK_ERR(read(fd, &c, 1), EAGAIN);
	close(fd);
	return UTEST_PASS;
}

static int test_winsize(void)
{
	struct winsize old, ws = {.ws_row = 33, .ws_col = 101}, back;
	int fd = open_tty();

	CHECK(fd >= 0);
	signal(SIGWINCH, SIG_IGN);
	CHECK(ioctl(fd, TIOCGWINSZ, &old) == 0);
	CHECK(ioctl(fd, TIOCSWINSZ, &ws) == 0);
	CHECK(ioctl(fd, TIOCGWINSZ, &back) == 0);
	CHECK(back.ws_row == 33 && back.ws_col == 101);
	CHECK(ioctl(fd, TIOCSWINSZ, &old) == 0);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, (void *)8), EFAULT);
	close(fd);
	return UTEST_PASS;
}

static int test_not_a_tty(void)
{
	struct termios t;
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK(!isatty(p[0]));
	CHECK_ERR(tcgetattr(p[0], &t), ENOTTY);
	CHECK_ERR(ioctl(p[1], TIOCGWINSZ, &(struct winsize){0}), ENOTTY);
	close(p[0]);
	close(p[1]);
	return UTEST_PASS;
}

static int test_poll_pipe(void)
{
	struct pollfd fds[3];
	int p[2];

	CHECK(pipe(p) == 0);
	fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
	fds[1] = (struct pollfd){.fd = p[1], .events = POLLOUT};
	fds[2] = (struct pollfd){.fd = -1, .events = POLLIN};
	/* only the write end is ready */
	CHECK(poll(fds, 3, 0) == 1);
	CHECK(fds[0].revents == 0 && fds[1].revents == POLLOUT &&
	      fds[2].revents == 0);
	/* a timeout that runs out */
	CHECK(poll(fds, 1, 30) == 0 && fds[0].revents == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(poll(fds, 2, -1) == 2);
	CHECK(fds[0].revents == POLLIN && fds[1].revents == POLLOUT);
	/* the writer goes: POLLIN (data left) and POLLHUP */
	close(p[1]);
	CHECK(poll(fds, 1, -1) == 1 && fds[0].revents == (POLLIN | POLLHUP));
	{
		char c;

		CHECK(read(p[0], &c, 1) == 1);
	}
	CHECK(poll(fds, 1, 0) == 1 && fds[0].revents == POLLHUP);
	/* a closed fd: POLLNVAL, whatever was asked */
	fds[1] = (struct pollfd){.fd = p[1], .events = 0};
	CHECK(poll(&fds[1], 1, 0) == 1 && fds[1].revents == POLLNVAL);
	close(p[0]);
	/* a reader gone: the write end has POLLERR */
	CHECK(pipe(p) == 0);
	close(p[0]);
	fds[0] = (struct pollfd){.fd = p[1], .events = POLLOUT};
	CHECK(poll(fds, 1, 0) == 1 && (fds[0].revents & POLLERR));
	close(p[1]);
	CHECK_ERR(poll((void *)8, 1, 0), EFAULT);
	{
		struct rlimit rl;

		CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
		CHECK_ERR(poll(fds, (nfds_t)rl.rlim_cur + 1, 0), EINVAL);
	}
	return UTEST_PASS;
}

/* A child writes after a while: poll must sleep and wake up. */
static int test_poll_wakes(void)
{
	struct pollfd pfd;
	int p[2];
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		usleep(50000);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 1);
	}
	pfd = (struct pollfd){.fd = p[0], .events = POLLIN};
	CHECK(poll(&pfd, 1, 10000) == 1 && pfd.revents == POLLIN);
	close(p[0]);
	close(p[1]);
	return UTEST_PASS;
}

static int test_select_pipe(void)
{
	fd_set r, w;
	struct timeval tv;
	int p[2];

	CHECK(pipe(p) == 0);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	tv = (struct timeval){0, 0};
	CHECK(select(p[1] + 1, &r, &w, NULL, &tv) == 1);
	CHECK(!FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));
	/* a timeout that runs out: nothing left, the sets emptied (the
	 * system call itself: musl's select keeps the caller's timeval) */
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){0, 20000};
	CHECK(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv) == 0);
	CHECK(!FD_ISSET(p[0], &r));
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);
	/* readable after a write; the time left comes back */
	CHECK(write(p[1], "z", 1) == 1);
	FD_SET(p[0], &r);
	tv = (struct timeval){100, 0};
	CHECK(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv) == 1 &&
	      FD_ISSET(p[0], &r));
	CHECK(tv.tv_sec <= 100 && tv.tv_sec >= 0);
	/* a closed fd in a set: EBADF */
	close(p[1]);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	CHECK_ERR(select(p[1] + 1, NULL, &w, NULL, NULL), EBADF);
	tv = (struct timeval){-1, 0};
	CHECK_ERR(select(0, NULL, NULL, NULL, &tv), EINVAL);
	CHECK_ERR(select(-1, NULL, NULL, NULL, NULL), EINVAL);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_ERR(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, (void *)8),
		  EFAULT);
	close(p[0]);
	return UTEST_PASS;
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

/* ppoll and pselect6 with a mask that unblocks a pending signal: the
 * wait ends with EINTR, the handler ran, the old mask is back. */
static int test_sigmask(void)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	sigset_t block, empty, now;
	struct pollfd pfd;
	struct timespec ts = {5, 0};
	fd_set r;
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(!got_usr1);
	pfd = (struct pollfd){.fd = p[0], .events = POLLIN};
	CHECK_ERR(ppoll(&pfd, 1, &ts, &empty), EINTR);
	CHECK(got_usr1);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	CHECK(sigismember(&now, SIGUSR1));
	/* the same with pselect */
	got_usr1 = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_ERR(pselect(p[0] + 1, &r, NULL, NULL, &ts, &empty), EINTR);
	CHECK(got_usr1);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	CHECK(sigismember(&now, SIGUSR1));
	/* a mask that keeps it blocked: the timeout runs out */
	got_usr1 = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	ts = (struct timespec){0, 20000000};
	CHECK(ppoll(&pfd, 1, &ts, &block) == 0);
	CHECK(!got_usr1);
	CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0);
	CHECK(got_usr1);
	ts = (struct timespec){-1, 0};
	CHECK_ERR(ppoll(&pfd, 1, &ts, NULL), EINVAL);
	close(p[0]);
	close(p[1]);
	return UTEST_PASS;
}

/* A background child of @leader's session: 0 when it stopped with @sig
 * (after doing @what), or the failing step. */
static int bg_stops(int fd, int sig, int what)
{
	int status;
	pid_t c = fork();

	if (c < 0)
		return 20;
	if (c == 0) {
		char b = '\n';

		setpgid(0, 0);
		if (what == 0)
			_exit(read(fd, &b, 1) >= 0 ? 1 : 2);
		_exit(write(fd, &b, 1) >= 0 ? 1 : 2);
	}
	setpgid(c, c);
	if (waitpid(c, &status, WUNTRACED) != c)
		return 21;
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != sig) {
		kill(c, SIGKILL);
		waitpid(c, &status, 0);
		return 22;
	}
	kill(c, SIGKILL);
	waitpid(c, &status, 0);
	return 0;
}

static int hup_fd = -1;

static void on_hup(int sig)
{
	(void)sig;
	if (write(hup_fd, "H", 1) == 1)
		_exit(0);
	_exit(1);
}

/* The session leader's steps; 0 or the number of the failing one. */
static int ctty_leader(int hup_pipe)
{
	struct termios t;
	int fd, pg, sid, status, r, ready[2];
	char b;
	pid_t c, f;

	errno = 0;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 1;
	if (setsid() != getpid())
		return 2;
	fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return 3;
	pg = 0;
	r = ioctl(fd, TIOCGPGRP, &pg);
	if (r != -1 || errno != ENOTTY) {
		ktap_diag("TIOCGPGRP: %d %d pgrp %d", r, errno, pg);
		return 4; /* not our controlling tty yet */
	}
	if (ioctl(fd, TIOCSCTTY, 0) != 0)
		return 5;
	if (ioctl(fd, TIOCGSID, &sid) != 0 || sid != getpid())
		return 6;
	if (tcgetpgrp(fd) != getpid())
		return 7;
	r = open("/dev/tty", O_RDWR);
	if (r < 0)
		return 8;
	close(r);
	if (tcsetpgrp(fd, 0x7ffff0) != -1 || errno != ESRCH)
		return 9;
	/* a group of another session */
	{
		int sync[2];
		char b;

		if (pipe(sync) != 0)
			return 10;
		c = fork();
		if (c == 0) {
			setsid();
			alarm(10);
			if (write(sync[1], "s", 1) == 1)
				pause();
			_exit(0);
		}
		r = read(sync[0], &b, 1) == 1 && tcsetpgrp(fd, c) == -1 &&
		    errno == EPERM;
		kill(c, SIGKILL);
		waitpid(c, &status, 0);
		close(sync[0]);
		close(sync[1]);
		if (!r)
			return 10;
	}
	/* background reads: SIGTTIN, or EIO when it is ignored */
	r = bg_stops(fd, SIGTTIN, 0);
	if (r)
		return r;
	c = fork();
	if (c == 0) {
		char b;

		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		_exit(read(fd, &b, 1) == -1 && errno == EIO ? 0 : 1);
	}
	setpgid(c, c);
	if (waitpid(c, &status, 0) != c || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return 11;
	/* a background write with TOSTOP: SIGTTOU */
	if (tcgetattr(fd, &t) != 0)
		return 12;
	t.c_lflag |= TOSTOP;
	if (tcsetattr(fd, TCSANOW, &t) != 0)
		return 13;
	r = bg_stops(fd, SIGTTOU, 1);
	t.c_lflag &= ~(tcflag_t)TOSTOP;
	if (tcsetattr(fd, TCSANOW, &t) != 0)
		return 14;
	if (r)
		return r;
	/* a foreground group that hears SIGHUP when the leader exits */
	if (pipe(ready) != 0)
		return 17;
	f = fork();
	if (f == 0) {
		hup_fd = hup_pipe;
		signal(SIGHUP, on_hup);
		setpgid(0, 0);
		alarm(10);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	setpgid(f, f);
	if (read(ready[0], &b, 1) != 1) /* its handler is in place */
		return 18;
	if (tcsetpgrp(fd, f) != 0 || tcgetpgrp(fd) != f)
		return 15;
	if (write(hup_pipe, &f, sizeof(f)) != sizeof(f))
		return 16;
	return 0;
}

static int test_ctty_job_control(void)
{
	int p[2], status;
	pid_t leader, f = 0;

	CHECK(pipe(p) == 0);
	leader = fork();
	CHECK(leader >= 0);
	if (leader == 0) {
		close(p[0]);
		_exit(ctty_leader(p[1]));
	}
	close(p[1]);
	CHECK(waitpid(leader, &status, 0) == leader);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ktap_diag("leader: status %#x", status);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(read(p[0], &f, sizeof(f)) == sizeof(f) && f > 0);
	/* the leader's exit hung up its foreground group: f says so */
	{
		char h = 0;

		CHECK(read(p[0], &h, 1) == 1 && h == 'H');
	}
	close(p[0]);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_termios_defaults), UTEST(test_termios_roundtrip),
	UTEST(test_nonblock_read),    UTEST(test_winsize),
	UTEST(test_not_a_tty),	      UTEST(test_poll_pipe),
	UTEST(test_poll_wakes),	      UTEST(test_select_pipe),
	UTEST(test_sigmask),	      UTEST(test_ctty_job_control),
};

int main(void)
{
	utest_run(tests, UTEST_COUNT(tests));
}
