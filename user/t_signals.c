// SPDX-License-Identifier: MIT
/*
 * Signals: rt_sigaction, rt_sigprocmask, rt_sigreturn, sigaltstack, kill,
 * tgkill, SIGCHLD and the wait status, default actions, and the signals
 * the CPU's exceptions become (SIGSEGV, SIGILL, SIGFPE), checked against
 * what Linux does: the siginfo fields, the ucontext, the registers that a
 * handler's return restores, and the stack a handler runs on.
 *
 * A signal sent to the calling thread itself is delivered before the
 * system call that sent it returns (on the way back to user space), so the
 * tests count handler runs right after kill().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes -D_GNU_SOURCE */
#endif
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "utest.h"

/* The kernel's struct sigaction (a 64-bit mask), for the raw calls. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

#define KSIGSET_SIZE 8

static volatile sig_atomic_t hits;
static volatile int last_sig, last_code, last_pid, last_uid, last_status;
static void *volatile last_addr;

static void msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

static int set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	return sigaction(sig, &sa, NULL);
}

static int set_action(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = flags | SA_SIGINFO;
	return sigaction(sig, &sa, NULL);
}

static void on_count(int sig)
{
	(void)sig;
	hits++;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig == si->si_signo ? sig : -1;
	last_code = si->si_code;
	last_pid = si->si_pid;
	last_uid = (int)si->si_uid;
	last_status = si->si_status;
	last_addr = si->si_addr;
}

static void reset_info(void)
{
	hits = 0;
	last_sig = last_code = last_pid = last_uid = last_status = 0;
	last_addr = NULL;
}

static int is_blocked(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

static int test_sigaction_siginfo(void)
{
	reset_info();
	CHECK(set_action(SIGUSR1, on_info, 0) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(hits == 1); /* delivered before kill returned */
	CHECK(last_sig == SIGUSR1);
	CHECK(last_code == SI_USER);
	CHECK(last_pid == getpid());
	CHECK(last_uid == (int)getuid());
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigaction_old_action(void)
{
	struct ksigaction act = {0}, old;

	CHECK(set_handler(SIGUSR2, SIG_DFL, 0) == 0);
	memset(&old, 0xa5, sizeof(old));
	act.handler = on_count;
	act.flags = SA_RESTART;
	act.mask = 1UL << (SIGINT - 1);
	CHECK(syscall(SYS_rt_sigaction, SIGUSR2, &act, &old, KSIGSET_SIZE) ==
	      0);
	CHECK(old.handler == SIG_DFL);
	memset(&old, 0, sizeof(old));
	CHECK(syscall(SYS_rt_sigaction, SIGUSR2, NULL, &old, KSIGSET_SIZE) ==
	      0);
	CHECK(old.handler == on_count);
	CHECK((old.flags & SA_RESTART) != 0);
	CHECK(old.mask == act.mask);
	act.handler = SIG_DFL;
	act.flags = 0;
	act.mask = 0;
	CHECK(syscall(SYS_rt_sigaction, SIGUSR2, &act, NULL, KSIGSET_SIZE) ==
	      0);
	return UTEST_PASS;
}

static int test_sigaction_einval(void)
{
	struct ksigaction act = {.handler = on_count}, old;

	CHECK_ERR(syscall(SYS_rt_sigaction, SIGKILL, &act, NULL, KSIGSET_SIZE),
		  EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGSTOP, &act, NULL, KSIGSET_SIZE),
		  EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, &act, NULL, KSIGSET_SIZE),
		  EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, &act, NULL, KSIGSET_SIZE),
		  EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 4), EINVAL);
	/* Reading SIGKILL's action is allowed; it is SIG_DFL. */
	CHECK(syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, KSIGSET_SIZE) ==
	      0);
	CHECK(old.handler == SIG_DFL);
	/* SIGKILL and SIGSTOP in sa_mask are dropped, not refused. */
	act.mask = ~0UL;
	CHECK(syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, KSIGSET_SIZE) ==
	      0);
	CHECK(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, KSIGSET_SIZE) ==
	      0);
	CHECK((old.mask & (1UL << (SIGKILL - 1))) == 0);
	CHECK((old.mask & (1UL << (SIGSTOP - 1))) == 0);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

/*
 * A parent blocked in read() on an empty pipe gets SIGUSR1 from its child;
 * with SA_RESTART the read resumes and returns the byte the child writes
 * afterwards.
 */
static int test_sa_restart(void)
{
	int pfd[2], status;
	char c = 0;
	pid_t pid;
	ssize_t r;

	hits = 0;
	CHECK(set_handler(SIGUSR1, on_count, SA_RESTART) == 0);
	CHECK(pipe(pfd) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		msleep(100);
		kill(getppid(), SIGUSR1);
		msleep(50);
		kill(getppid(), SIGUSR1);
		msleep(50);
		write(pfd[1], "x", 1);
		_exit(0);
	}
	close(pfd[1]);
	r = read(pfd[0], &c, 1);
	CHECK(r == 1 && c == 'x');
	CHECK(hits >= 1);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	close(pfd[0]);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

/* Without SA_RESTART the same read fails with EINTR. */
static int test_no_restart_eintr(void)
{
	int pfd[2], status, err;
	char c;
	pid_t pid;
	ssize_t r;

	hits = 0;
	CHECK(set_handler(SIGUSR1, on_count, 0) == 0);
	CHECK(pipe(pfd) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		/* Keep interrupting until the parent stops us. */
		for (int i = 0; i < 200; i++) {
			msleep(50);
			kill(getppid(), SIGUSR1);
		}
		_exit(0);
	}
	r = read(pfd[0], &c, 1);
	err = errno;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(pfd[0]);
	close(pfd[1]);
	errno = err;
	CHECK(r == -1 && err == EINTR);
	CHECK(hits >= 1);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sa_resethand(void)
{
	struct sigaction old;
	int status;
	pid_t pid;

	hits = 0;
	CHECK(set_handler(SIGUSR2, on_count, SA_RESETHAND) == 0);
	CHECK(raise(SIGUSR2) == 0);
	CHECK(hits == 1);
	CHECK(sigaction(SIGUSR2, NULL, &old) == 0);
	CHECK(old.sa_handler == SIG_DFL);
	/* The second one takes the default action: the child dies of it. */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		set_handler(SIGUSR2, on_count, SA_RESETHAND);
		raise(SIGUSR2);
		if (hits != 2)
			_exit(3);
		raise(SIGUSR2);
		_exit(4);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR2);
	return UTEST_PASS;
}

static volatile int blocked_in_handler, mask_blocked_in_handler, depth,
	max_depth, reraised;

static void on_check_mask(int sig)
{
	blocked_in_handler = is_blocked(sig);
	mask_blocked_in_handler = is_blocked(SIGINT);
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (!reraised) {
		reraised = 1;
		raise(sig); /* nested at once only with SA_NODEFER */
	}
	depth--;
}

static int test_sa_nodefer(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_check_mask;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	max_depth = depth = reraised = 0;
	CHECK(raise(SIGUSR1) == 0);
	/* Without SA_NODEFER: the signal itself and sa_mask are blocked in
	 * the handler, the nested raise waits until the handler returns. */
	CHECK(blocked_in_handler == 1 && mask_blocked_in_handler == 1);
	CHECK(max_depth == 1);
	CHECK(!is_blocked(SIGUSR1) && !is_blocked(SIGINT));

	sa.sa_flags = SA_NODEFER;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	max_depth = depth = reraised = 0;
	CHECK(raise(SIGUSR1) == 0);
	CHECK(blocked_in_handler == 0 && mask_blocked_in_handler == 1);
	CHECK(max_depth == 2);
	CHECK(!is_blocked(SIGUSR1) && !is_blocked(SIGINT));
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigprocmask_pending(void)
{
	sigset_t set, old, pend;

	hits = 0;
	CHECK(set_handler(SIGUSR1, on_count, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old,
		      KSIGSET_SIZE) == 0);
	CHECK(!sigismember(&old, SIGUSR1));
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0); /* standard signals: one */
	CHECK(hits == 0);
	sigemptyset(&pend);
	CHECK(syscall(SYS_rt_sigpending, &pend, KSIGSET_SIZE) == 0);
	CHECK(sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGUSR2));
	CHECK(syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL,
		      KSIGSET_SIZE) == 0);
	CHECK(hits == 1); /* delivered on the way out of the unblock */
	CHECK(syscall(SYS_rt_sigpending, &pend, KSIGSET_SIZE) == 0);
	CHECK(!sigismember(&pend, SIGUSR1));
	/* SIG_SETMASK replaces, and the old mask comes back. */
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old,
		      KSIGSET_SIZE) == 0);
	CHECK(is_blocked(SIGUSR1));
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL,
		      KSIGSET_SIZE) == 0);
	CHECK(!is_blocked(SIGUSR1));
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigprocmask_einval(void)
{
	unsigned long all = ~0UL, cur = 0, old = 0;

	CHECK_ERR(syscall(SYS_rt_sigprocmask, 7, &all, NULL, KSIGSET_SIZE),
		  EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, 4),
		  EINVAL);
	/* SIGKILL and SIGSTOP cannot be blocked: they drop out silently. */
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old,
		      KSIGSET_SIZE) == 0);
	CHECK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &cur,
		      KSIGSET_SIZE) == 0);
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL,
		      KSIGSET_SIZE) == 0);
	CHECK((cur & (1UL << (SIGKILL - 1))) == 0);
	CHECK((cur & (1UL << (SIGSTOP - 1))) == 0);
	CHECK((cur & (1UL << (SIGUSR1 - 1))) != 0);
	return UTEST_PASS;
}

static int test_rt_signals_queue(void)
{
	int sig = SIGRTMIN + 2;
	sigset_t set;

	hits = 0;
	CHECK(set_handler(sig, on_count, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(kill(getpid(), sig) == 0);
	CHECK(hits == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(hits == 3); /* real-time signals queue, one run each */
	CHECK(set_handler(sig, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

/*
 * The registers a system call preserves (all but rax, rcx and r11)
 * survive a handler that runs on the way out of it and clobbers them.
 */
static void on_clobber(int sig)
{
	(void)sig;
	hits++;
	__asm__ volatile(
		"mov $-1, %%rdi\n\tmov $-1, %%rsi\n\tmov $-1, %%rdx\n\t"
		"mov $-1, %%r8\n\tmov $-1, %%r9\n\tmov $-1, %%r10\n\t"
		"mov $-1, %%rbx\n\tmov $-1, %%r12\n\tmov $-1, %%r13\n\t"
		"mov $-1, %%r14\n\tmov $-1, %%r15\n\t" ::
			: "rdi", "rsi", "rdx", "r8", "r9", "r10", "rbx", "r12",
			  "r13", "r14", "r15");
}

static int test_sigreturn_gpregs(void)
{
	long pid = getpid(); /* no calls once the register variables live */

	hits = 0;
	CHECK(set_handler(SIGUSR1, on_clobber, 0) == 0);
	{
		register long rax __asm__("rax") = SYS_kill;
		register long rdi __asm__("rdi") = pid;
		register long rsi __asm__("rsi") = SIGUSR1;
		register long rdx __asm__("rdx") = 0x1111222233334444;
		register long r8 __asm__("r8") = 0x5555666677778888;
		register long r9 __asm__("r9") = 0x0123456789abcdef;
		register long r10 __asm__("r10") = 0x7edcba9876543210;
		register long rbx __asm__("rbx") = 0x0badcafe0badcafe;
		register long r12 __asm__("r12") = 0x1212121212121212;
		register long r13 __asm__("r13") = 0x1313131313131313;
		register long r14 __asm__("r14") = 0x1414141414141414;
		register long r15 __asm__("r15") = 0x1515151515151515;

		__asm__ volatile("syscall"
				 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx),
				   "+r"(r8), "+r"(r9), "+r"(r10), "+r"(rbx),
				   "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15)
				 :
				 : "rcx", "r11", "memory");
		CHECK(rax == 0 && hits == 1);
		CHECK(rdi == pid && rsi == SIGUSR1);
		CHECK(rdx == 0x1111222233334444 && r8 == 0x5555666677778888);
		CHECK(r9 == 0x0123456789abcdef && r10 == 0x7edcba9876543210);
		CHECK(rbx == 0x0badcafe0badcafe && r12 == 0x1212121212121212);
		CHECK(r13 == 0x1313131313131313 && r14 == 0x1414141414141414);
		CHECK(r15 == 0x1515151515151515);
	}
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static unsigned char xmm_in[16][16] __attribute__((aligned(16)));
static unsigned char xmm_out[16][16] __attribute__((aligned(16)));
static volatile unsigned handler_mxcsr;

static void on_clobber_sse(int sig)
{
	unsigned m;

	(void)sig;
	hits++;
	__asm__ volatile("stmxcsr %0" : "=m"(m));
	handler_mxcsr = m;
	m = 0x1f80 | (1 << 13); /* round down */
	__asm__ volatile("ldmxcsr %0" ::"m"(m));
	__asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\t"
			 "movdqa %%xmm0, %%xmm1\n\tmovdqa %%xmm0, %%xmm2\n\t"
			 "movdqa %%xmm0, %%xmm3\n\tmovdqa %%xmm0, %%xmm4\n\t"
			 "movdqa %%xmm0, %%xmm5\n\tmovdqa %%xmm0, %%xmm6\n\t"
			 "movdqa %%xmm0, %%xmm7\n\tmovdqa %%xmm0, %%xmm8\n\t"
			 "movdqa %%xmm0, %%xmm9\n\tmovdqa %%xmm0, %%xmm10\n\t"
			 "movdqa %%xmm0, %%xmm11\n\tmovdqa %%xmm0, %%xmm12\n\t"
			 "movdqa %%xmm0, %%xmm13\n\tmovdqa %%xmm0, %%xmm14\n\t"
			 "movdqa %%xmm0, %%xmm15\n\t" ::
				 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
				   "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
				   "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
				   "xmm15");
}

/* SSE registers and MXCSR survive; the handler starts with MXCSR reset. */
static int test_sigreturn_sse(void)
{
	unsigned mine = 0x1f80 | (3 << 13), now, saved; /* round to zero */
	long ret;

	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 16; j++)
			xmm_in[i][j] = (unsigned char)(i * 16 + j + 1);
	memset(xmm_out, 0, sizeof(xmm_out));
	hits = 0;
	CHECK(set_handler(SIGUSR1, on_clobber_sse, 0) == 0);
	__asm__ volatile("stmxcsr %0" : "=m"(saved));
	__asm__ volatile("ldmxcsr %0" ::"m"(mine));
	__asm__ volatile(
		"movdqa 0(%[in]), %%xmm0\n\tmovdqa 16(%[in]), %%xmm1\n\t"
		"movdqa 32(%[in]), %%xmm2\n\tmovdqa 48(%[in]), %%xmm3\n\t"
		"movdqa 64(%[in]), %%xmm4\n\tmovdqa 80(%[in]), %%xmm5\n\t"
		"movdqa 96(%[in]), %%xmm6\n\tmovdqa 112(%[in]), %%xmm7\n\t"
		"movdqa 128(%[in]), %%xmm8\n\tmovdqa 144(%[in]), %%xmm9\n\t"
		"movdqa 160(%[in]), %%xmm10\n\tmovdqa 176(%[in]), %%xmm11\n\t"
		"movdqa 192(%[in]), %%xmm12\n\tmovdqa 208(%[in]), %%xmm13\n\t"
		"movdqa 224(%[in]), %%xmm14\n\tmovdqa 240(%[in]), %%xmm15\n\t"
		"syscall\n\t"
		"movdqa %%xmm0, 0(%[out])\n\tmovdqa %%xmm1, 16(%[out])\n\t"
		"movdqa %%xmm2, 32(%[out])\n\tmovdqa %%xmm3, 48(%[out])\n\t"
		"movdqa %%xmm4, 64(%[out])\n\tmovdqa %%xmm5, 80(%[out])\n\t"
		"movdqa %%xmm6, 96(%[out])\n\tmovdqa %%xmm7, 112(%[out])\n\t"
		"movdqa %%xmm8, 128(%[out])\n\tmovdqa %%xmm9, 144(%[out])\n\t"
		"movdqa %%xmm10, 160(%[out])\n\tmovdqa %%xmm11, 176(%[out])\n\t"
		"movdqa %%xmm12, 192(%[out])\n\tmovdqa %%xmm13, 208(%[out])\n\t"
		"movdqa %%xmm14, 224(%[out])\n\tmovdqa %%xmm15, 240(%[out])\n\t"
		: "=a"(ret)
		: "0"((long)SYS_kill), "D"((long)getpid()),
		  "S"((long)SIGUSR1), [in] "r"(xmm_in), [out] "r"(xmm_out)
		: "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3",
		  "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
		  "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	__asm__ volatile("stmxcsr %0" : "=m"(now));
	__asm__ volatile("ldmxcsr %0" ::"m"(saved));
	CHECK(ret == 0 && hits == 1);
	CHECK(memcmp(xmm_in, xmm_out, sizeof(xmm_in)) == 0);
	CHECK(now == mine);
	CHECK(handler_mxcsr == 0x1f80);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static unsigned char ymm_in[16][32] __attribute__((aligned(32)));
static unsigned char ymm_out[16][32] __attribute__((aligned(32)));

static void on_clobber_avx(int sig)
{
	(void)sig;
	hits++;
	__asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\t"
			 "vmovdqa %%ymm0, %%ymm1\n\tvmovdqa %%ymm0, %%ymm7\n\t"
			 "vmovdqa %%ymm0, %%ymm8\n\tvmovdqa %%ymm0, %%ymm15\n\t"
			 "vzeroupper\n\t" ::
				 : "xmm0", "xmm1", "xmm7", "xmm8", "xmm15");
}

static int has_avx(void)
{
	unsigned a, b, c, d, lo, hi;

	__asm__ volatile("cpuid"
			 : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "0"(1), "2"(0));
	if (!(c & (1u << 27)) || !(c & (1u << 28))) /* OSXSAVE, AVX */
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	return (lo & 6) == 6; /* the OS saves SSE and AVX state */
}

/* The upper halves of the YMM registers survive too. */
static int test_sigreturn_avx(void)
{
	long ret;

	if (!has_avx())
		return utest_skip("no AVX enabled by the kernel");
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 32; j++)
			ymm_in[i][j] = (unsigned char)(i * 32 + j + 5);
	memset(ymm_out, 0, sizeof(ymm_out));
	hits = 0;
	CHECK(set_handler(SIGUSR1, on_clobber_avx, 0) == 0);
	__asm__ volatile(
		"vmovdqa 0(%[in]), %%ymm0\n\tvmovdqa 32(%[in]), %%ymm1\n\t"
		"vmovdqa 224(%[in]), %%ymm7\n\tvmovdqa 256(%[in]), %%ymm8\n\t"
		"vmovdqa 480(%[in]), %%ymm15\n\t"
		"syscall\n\t"
		"vmovdqa %%ymm0, 0(%[out])\n\tvmovdqa %%ymm1, 32(%[out])\n\t"
		"vmovdqa %%ymm7, 224(%[out])\n\tvmovdqa %%ymm8, 256(%[out])\n\t"
		"vmovdqa %%ymm15, 480(%[out])\n\tvzeroupper\n\t"
		: "=a"(ret)
		: "0"((long)SYS_kill), "D"((long)getpid()),
		  "S"((long)SIGUSR1), [in] "r"(ymm_in), [out] "r"(ymm_out)
		: "rcx", "r11", "memory", "xmm0", "xmm1", "xmm7", "xmm8",
		  "xmm15");
	CHECK(ret == 0 && hits == 1);
	CHECK(memcmp(ymm_out[0], ymm_in[0], 64) == 0);
	CHECK(memcmp(ymm_out[7], ymm_in[7], 64) == 0);
	CHECK(memcmp(ymm_out[15], ymm_in[15], 32) == 0);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

/*
 * A handler starts as if called: (rsp + 8) is 16-byte aligned. The entry
 * below records rsp before any compiler-made prologue.
 */
uintptr_t probe_rsp;
void probe_entry(int sig);
__attribute__((used)) void probe_c(int sig)
{
	(void)sig;
	hits++;
}
__asm__(".text\n"
	".globl probe_entry\n"
	".type probe_entry, @function\n"
	"probe_entry:\n\t"
	"mov %rsp, probe_rsp(%rip)\n\t"
	"jmp probe_c\n"
	".size probe_entry, .-probe_entry\n");

static int test_handler_stack_alignment(void)
{
	hits = 0;
	probe_rsp = 0;
	CHECK(set_handler(SIGUSR1, probe_entry, 0) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(hits == 1 && probe_rsp != 0);
	CHECK((probe_rsp + 8) % 16 == 0);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static char *alt_base;
static volatile uintptr_t handler_sp;
static volatile int handler_ss_flags, handler_eperm;

static void on_altstack(int sig)
{
	stack_t ss, other = {.ss_size = 65536};
	char here;

	(void)sig;
	hits++;
	handler_sp = (uintptr_t)&here;
	handler_ss_flags = -1;
	if (sigaltstack(NULL, &ss) == 0)
		handler_ss_flags = ss.ss_flags;
	other.ss_sp = alt_base;
	/* The stack in use cannot be changed. */
	handler_eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
}

static int test_sigaltstack(void)
{
	size_t size = 65536;
	stack_t ss, old;
	uintptr_t lo, hi;
	char here;

	alt_base = malloc(size);
	CHECK(alt_base != NULL);
	lo = (uintptr_t)alt_base;
	hi = lo + size;
	memset(&old, 0xa5, sizeof(old));
	CHECK(syscall(SYS_sigaltstack, NULL, &old) == 0);
	CHECK(old.ss_flags == SS_DISABLE);
	ss.ss_sp = alt_base;
	ss.ss_size = size;
	ss.ss_flags = 0;
	CHECK(syscall(SYS_sigaltstack, &ss, NULL) == 0);
	CHECK(syscall(SYS_sigaltstack, NULL, &old) == 0);
	CHECK(old.ss_sp == alt_base && old.ss_size == size &&
	      old.ss_flags == 0);

	hits = 0;
	CHECK(set_handler(SIGUSR1, on_altstack, SA_ONSTACK) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(hits == 1);
	CHECK(handler_sp >= lo && handler_sp < hi);
	CHECK(handler_ss_flags == SS_ONSTACK);
	CHECK(handler_eperm);

	/* Without SA_ONSTACK the handler stays on the normal stack. */
	CHECK(set_handler(SIGUSR1, on_altstack, 0) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(hits == 2);
	CHECK(!(handler_sp >= lo && handler_sp < hi));
	CHECK(handler_ss_flags == 0);
	CHECK(handler_sp > (uintptr_t)&here - 65536 &&
	      handler_sp < (uintptr_t)&here);

	/* SS_DISABLE: SA_ONSTACK handlers use the normal stack again. */
	ss.ss_flags = SS_DISABLE;
	CHECK(syscall(SYS_sigaltstack, &ss, &old) == 0);
	CHECK(old.ss_sp == alt_base && old.ss_flags == 0);
	CHECK(syscall(SYS_sigaltstack, NULL, &old) == 0);
	CHECK(old.ss_flags == SS_DISABLE);
	CHECK(set_handler(SIGUSR1, on_altstack, SA_ONSTACK) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(hits == 3);
	CHECK(!(handler_sp >= lo && handler_sp < hi));
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	free(alt_base);
	return UTEST_PASS;
}

static int test_sigaltstack_errors(void)
{
	static char small[1024];
	stack_t ss = {.ss_sp = small, .ss_size = sizeof(small)};

	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM);
	ss.ss_size = 1;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM);
	ss.ss_size = sizeof(small);
	ss.ss_flags = 0x1234;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), EINVAL);
	ss.ss_flags = SS_ONSTACK | SS_DISABLE;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), EINVAL);
	/* SS_DISABLE ignores the size. */
	ss.ss_flags = SS_DISABLE;
	ss.ss_size = 0;
	CHECK(syscall(SYS_sigaltstack, &ss, NULL) == 0);
	return UTEST_PASS;
}

/* A pid that existed and no longer does. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return pid;
}

static int test_kill_self_and_sig0(void)
{
	pid_t gone;

	reset_info();
	CHECK(set_action(SIGUSR2, on_info, 0) == 0);
	CHECK(syscall(SYS_kill, getpid(), SIGUSR2) == 0);
	CHECK(hits == 1 && last_sig == SIGUSR2 && last_code == SI_USER);
	CHECK(syscall(SYS_kill, getpid(), 0) == 0); /* exists, nothing sent */
	CHECK(hits == 1);
	CHECK_ERR(syscall(SYS_kill, getpid(), 65), EINVAL);
	CHECK_ERR(syscall(SYS_kill, getpid(), -1), EINVAL);
	gone = dead_pid();
	CHECK(gone > 0);
	CHECK_ERR(syscall(SYS_kill, gone, 0), ESRCH);
	CHECK_ERR(syscall(SYS_kill, gone, SIGUSR2), ESRCH);
	CHECK_ERR(syscall(SYS_kill, 0x3fffffff, 0), ESRCH);
	CHECK(set_handler(SIGUSR2, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static volatile sig_atomic_t child_got;

static void on_child_usr1(int sig)
{
	(void)sig;
	child_got = 1;
}

static int test_kill_child(void)
{
	int pfd[2], status;
	char c;
	pid_t pid;

	CHECK(pipe(pfd) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		set_handler(SIGUSR1, on_child_usr1, 0);
		write(pfd[1], "r", 1); /* ready */
		for (int i = 0; i < 500 && !child_got; i++)
			msleep(10);
		_exit(child_got ? 42 : 1);
	}
	CHECK(read(pfd[0], &c, 1) == 1);
	CHECK(kill(pid, 0) == 0);
	CHECK(kill(pid, SIGUSR1) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	close(pfd[0]);
	close(pfd[1]);
	return UTEST_PASS;
}

static int test_tgkill_gettid(void)
{
	pid_t tid = (pid_t)syscall(SYS_gettid), gone;

	CHECK(tid == getpid()); /* one thread: its id is the process id */
	reset_info();
	CHECK(set_action(SIGUSR1, on_info, 0) == 0);
	CHECK(syscall(SYS_tgkill, getpid(), tid, SIGUSR1) == 0);
	CHECK(hits == 1 && last_sig == SIGUSR1);
	CHECK(last_code == SI_TKILL && last_pid == getpid());
	CHECK(syscall(SYS_tgkill, getpid(), tid, 0) == 0);
	CHECK(hits == 1);
	gone = dead_pid();
	CHECK(gone > 0);
	CHECK_ERR(syscall(SYS_tgkill, gone, tid, SIGUSR1), ESRCH);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), gone, SIGUSR1), ESRCH);
	CHECK_ERR(syscall(SYS_tgkill, 0, tid, SIGUSR1), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), 0, SIGUSR1), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), tid, 65), EINVAL);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

/* SIGCHLD reaches the parent with the child's pid and status. */
static int test_sigchld_exit(void)
{
	sigset_t set;
	int status;
	pid_t pid;

	reset_info();
	CHECK(set_action(SIGCHLD, on_info, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(42);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(hits == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(hits == 1 && last_sig == SIGCHLD);
	CHECK(last_code == CLD_EXITED && last_pid == pid);
	CHECK(last_status == 42);
	CHECK(last_uid == (int)getuid());
	CHECK(set_handler(SIGCHLD, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigchld_killed(void)
{
	sigset_t set;
	int status;
	pid_t pid;

	reset_info();
	CHECK(set_action(SIGCHLD, on_info, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		for (;;)
			msleep(1000);
	}
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(hits == 1 && last_code == CLD_KILLED && last_pid == pid);
	CHECK(last_status == SIGKILL);
	CHECK(set_handler(SIGCHLD, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

/* Fork a child that runs @fn, then wait for it: its raw wait status. */
static int child_status(void (*fn)(int), int arg)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(99);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void do_exit(int code)
{
	_exit(code);
}

static void do_raise(int sig)
{
	raise(sig);
	_exit(98); /* not reached when the default action terminates */
}

static void do_sleep_forever(int unused)
{
	(void)unused;
	for (;;)
		msleep(1000);
}

static int test_wait_status_exit(void)
{
	int s;

	s = child_status(do_exit, 0);
	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 0 && s == 0);
	s = child_status(do_exit, 7);
	CHECK(WIFEXITED(s) && !WIFSIGNALED(s) && WEXITSTATUS(s) == 7);
	CHECK(s == 7 << 8);
	s = child_status(do_exit, 255);
	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 255);
	s = child_status(do_exit, 256 + 3); /* only the low 8 bits */
	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 3);
	return UTEST_PASS;
}

static int test_wait_status_signaled(void)
{
	static const int sigs[] = {SIGKILL, SIGTERM};
	int status;

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t pid = fork();

		CHECK(pid >= 0);
		if (pid == 0)
			do_sleep_forever(0);
		CHECK(kill(pid, sigs[i]) == 0);
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFSIGNALED(status) && !WIFEXITED(status));
		CHECK(WTERMSIG(status) == sigs[i]);
		CHECK(status == sigs[i]); /* no core for these */
	}
	return UTEST_PASS;
}

static int test_default_terminates(void)
{
	static const int sigs[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGINT,
				   SIGALRM, SIGTERM, SIGPIPE};

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int s = child_status(do_raise, sigs[i]);

		if (!(WIFSIGNALED(s) && WTERMSIG(s) == sigs[i]))
			ktap_diag("signal %d: status %#x", sigs[i], s);
		CHECK(WIFSIGNALED(s) && WTERMSIG(s) == sigs[i]);
	}
	return UTEST_PASS;
}

/* SIGSTOP and SIGCONT: wait4 reports the stop (WUNTRACED) and the
 * continuation (WCONTINUED), waitid the same as CLD_STOPPED and
 * CLD_CONTINUED; the child then still runs and can be killed. */
static int test_stop_continue(void)
{
	int status;
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(pid > 0);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	/* Reported once: nothing more to say now. */
	CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0);
	CHECK(kill(pid, SIGCONT) == 0);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, (id_t)pid, &si, WCONTINUED) == 0);
	CHECK(si.si_pid == pid && si.si_code == CLD_CONTINUED &&
	      si.si_status == SIGCONT);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	return UTEST_PASS;
}

static int test_default_ignored(void)
{
	static const int sigs[] = {SIGCHLD, SIGURG, SIGWINCH};

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int s = child_status(do_raise, sigs[i]);

		CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 98);
	}
	return UTEST_PASS;
}

static int test_sig_ign(void)
{
	CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
	CHECK(raise(SIGUSR1) == 0); /* discarded */
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(signal(SIGUSR1, SIG_DFL) == SIG_IGN);
	return UTEST_PASS;
}

/* A blocked pending signal is not inherited; the mask and handlers are. */
static int test_fork_inherits_mask(void)
{
	sigset_t set;
	int status;
	pid_t pid;

	hits = 0;
	CHECK(set_handler(SIGUSR1, on_count, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		sigset_t pend;
		struct sigaction sa;

		sigpending(&pend);
		if (sigismember(&pend, SIGUSR1))
			_exit(1);
		if (!is_blocked(SIGUSR1))
			_exit(2);
		sigaction(SIGUSR1, NULL, &sa);
		if (sa.sa_handler != on_count)
			_exit(3);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		_exit(hits == 0 ? 0 : 4);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(hits == 1);
	CHECK(set_handler(SIGUSR1, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static sigjmp_buf fault_env;

/* An address the compiler cannot see through (no bounds warnings). */
static volatile uintptr_t low_addr = 16;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	on_info(sig, si, uc);
	siglongjmp(fault_env, 1);
}

static int test_sigsegv_maperr(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK(munmap(p, pg) == 0);
	reset_info();
	CHECK(set_action(SIGSEGV, on_fault, 0) == 0);
	if (sigsetjmp(fault_env, 1) == 0) {
		*(volatile char *)(p + 123);
		ktap_diag("read from an unmapped page did not fault");
		return UTEST_FAIL;
	}
	CHECK(hits == 1 && last_sig == SIGSEGV);
	CHECK(last_code == SEGV_MAPERR);
	CHECK(last_addr == p + 123);
	CHECK(!is_blocked(SIGSEGV)); /* siglongjmp restored the mask */
	/* The NULL page. */
	reset_info();
	if (sigsetjmp(fault_env, 1) == 0) {
		*(volatile int *)low_addr = 1;
		return UTEST_FAIL;
	}
	CHECK(hits == 1 && last_code == SEGV_MAPERR);
	CHECK(last_addr == (void *)low_addr);
	CHECK(set_handler(SIGSEGV, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigsegv_accerr(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK(*(volatile char *)(p + 5) == 0); /* reading is fine */
	reset_info();
	CHECK(set_action(SIGSEGV, on_fault, 0) == 0);
	if (sigsetjmp(fault_env, 1) == 0) {
		*(volatile char *)(p + 5) = 1;
		ktap_diag("write to a read-only page did not fault");
		return UTEST_FAIL;
	}
	CHECK(hits == 1 && last_sig == SIGSEGV);
	CHECK(last_code == SEGV_ACCERR);
	CHECK(last_addr == p + 5);
	CHECK(munmap(p, pg) == 0);
	CHECK(set_handler(SIGSEGV, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigsegv_kernel_address(void)
{
	reset_info();
	CHECK(set_action(SIGSEGV, on_fault, 0) == 0);
	if (sigsetjmp(fault_env, 1) == 0) {
		*(volatile char *)0xffff888000000000UL;
		return UTEST_FAIL;
	}
	CHECK(hits == 1 && last_sig == SIGSEGV);
	/* A non-canonical address is a general protection fault. */
	reset_info();
	if (sigsetjmp(fault_env, 1) == 0) {
		*(volatile char *)0x8000000000000000UL;
		return UTEST_FAIL;
	}
	CHECK(hits == 1 && last_sig == SIGSEGV);
	CHECK(set_handler(SIGSEGV, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static void do_segv(int unused)
{
	(void)unused;
	*(volatile int *)low_addr = 0;
}

static int test_sigsegv_default_kills(void)
{
	int s = child_status(do_segv, 0);

	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV);
	return UTEST_PASS;
}

/*
 * The ucontext a handler gets holds the interrupted registers, and what it
 * changes there is what rt_sigreturn resumes with: here the handler steps
 * over the faulting instruction.
 */
extern const char ud2_insn[], ud2_next[], div_insn[], div_next[];
static volatile long uc_rip_seen, uc_rbx_seen;

static void on_skip(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	on_info(sig, si, ucv);
	uc_rip_seen = uc->uc_mcontext.gregs[REG_RIP];
	uc_rbx_seen = uc->uc_mcontext.gregs[REG_RBX];
	if (sig == SIGILL)
		uc->uc_mcontext.gregs[REG_RIP] = (long)ud2_next;
	else
		uc->uc_mcontext.gregs[REG_RIP] = (long)div_next;
	uc->uc_mcontext.gregs[REG_RBX] = 0x600d;
}

__attribute__((noinline)) static long run_ud2(void)
{
	long rbx = 0x1234;

	__asm__ volatile(".globl ud2_insn\nud2_insn:\n\tud2\n"
			 ".globl ud2_next\nud2_next:\n"
			 : "+b"(rbx)::"memory");
	return rbx;
}

__attribute__((noinline)) static long run_div0(void)
{
	long rbx = 0x1234;

	__asm__ volatile(
		"xor %%edx, %%edx\n\tmov $1, %%eax\n\txor %%ecx, %%ecx\n"
		".globl div_insn\ndiv_insn:\n\tdivl %%ecx\n"
		".globl div_next\ndiv_next:\n"
		: "+b"(rbx)::"rax", "rcx", "rdx", "memory");
	return rbx;
}

static int test_sigill_ucontext(void)
{
	long rbx;

	reset_info();
	CHECK(set_action(SIGILL, on_skip, 0) == 0);
	rbx = run_ud2();
	CHECK(hits == 1 && last_sig == SIGILL);
	CHECK(last_code == ILL_ILLOPN);
	CHECK(last_addr == (void *)ud2_insn);
	CHECK(uc_rip_seen == (long)ud2_insn);
	CHECK(uc_rbx_seen == 0x1234);
	CHECK(rbx == 0x600d); /* the handler's change came back */
	CHECK(set_handler(SIGILL, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static int test_sigfpe_ucontext(void)
{
	long rbx;

	reset_info();
	CHECK(set_action(SIGFPE, on_skip, 0) == 0);
	rbx = run_div0();
	CHECK(hits == 1 && last_sig == SIGFPE);
	CHECK(last_code == FPE_INTDIV);
	CHECK(last_addr == (void *)div_insn);
	CHECK(uc_rip_seen == (long)div_insn);
	CHECK(rbx == 0x600d);
	CHECK(set_handler(SIGFPE, SIG_DFL, 0) == 0);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_sigaction_siginfo),
	UTEST(test_sigaction_old_action),
	UTEST(test_sigaction_einval),
	UTEST(test_sa_restart),
	UTEST(test_no_restart_eintr),
	UTEST(test_sa_resethand),
	UTEST(test_sa_nodefer),
	UTEST(test_sigprocmask_pending),
	UTEST(test_sigprocmask_einval),
	UTEST(test_rt_signals_queue),
	UTEST(test_sigreturn_gpregs),
	UTEST(test_sigreturn_sse),
	UTEST(test_sigreturn_avx),
	UTEST(test_handler_stack_alignment),
	UTEST(test_sigaltstack),
	UTEST(test_sigaltstack_errors),
	UTEST(test_kill_self_and_sig0),
	UTEST(test_kill_child),
	UTEST(test_tgkill_gettid),
	UTEST(test_sigchld_exit),
	UTEST(test_sigchld_killed),
	UTEST(test_wait_status_exit),
	UTEST(test_wait_status_signaled),
	UTEST(test_default_terminates),
	UTEST(test_default_ignored),
	UTEST(test_stop_continue),
	UTEST(test_sig_ign),
	UTEST(test_fork_inherits_mask),
	UTEST(test_sigsegv_maperr),
	UTEST(test_sigsegv_accerr),
	UTEST(test_sigsegv_kernel_address),
	UTEST(test_sigsegv_default_kills),
	UTEST(test_sigill_ucontext),
	UTEST(test_sigfpe_ucontext),
};

int main(void)
{
	utest_run(tests, UTEST_COUNT(tests));
}
