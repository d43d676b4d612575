// SPDX-License-Identifier: MIT
/*
 * The small system calls: process and user ids, uname, arch_prctl,
 * set_tid_address, set_robust_list, rseq, prlimit64 and getrlimit,
 * getrandom, the clocks and sleeps, gettimeofday, sched_yield, sysinfo,
 * prctl's task name, brk, ioctl on a non-terminal, unknown system call
 * numbers and reboot's magic check.
 *
 * The checks hold on any Linux-compatible kernel: structure rather than
 * the kernel's name, a monotonic clock rather than a wall-clock date.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes -D_GNU_SOURCE */
#endif
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

/* Linux's values (arch/x86/include/uapi/asm/prctl.h, linux/prctl.h,
 * linux/reboot.h, linux/rseq.h, linux/random.h). */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define PR_SET_NAME_ 15
#define PR_GET_NAME_ 16
#define REBOOT_MAGIC1 0xfee1deadUL
#define REBOOT_MAGIC2 672274793UL
#define REBOOT_CMD_CAD_OFF 0
#define RSEQ_SIG 0x53053053
#define RSEQ_FLAG_UNREGISTER 1
#define GRND_NONBLOCK_ 1
#define GRND_RANDOM_ 2
#define GRND_INSECURE_ 4

#define NSEC_PER_SEC 1000000000LL

/* A raw system call that touches no libc state (no errno, no TLS). */
static long raw2(long nr, long a, long b)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a), "S"(b)
			 : "rcx", "r11", "memory");
	return ret;
}

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static long long mono_ns(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts_ns(&ts);
}

static int test_pid_ppid_tid(void)
{
	pid_t pid = getpid(), ppid = getppid();
	int status, pfd[2];
	pid_t child, seen[2];

	CHECK(pid > 0 && ppid >= 0 && ppid != pid);
	CHECK(syscall(SYS_getpid) == pid && syscall(SYS_getppid) == ppid);
	CHECK(syscall(SYS_gettid) == pid);
	CHECK(pipe(pfd) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		pid_t v[2] = {(pid_t)syscall(SYS_getpid),
			      (pid_t)syscall(SYS_getppid)};

		write(pfd[1], v, sizeof(v));
		_exit(0);
	}
	CHECK(read(pfd[0], seen, sizeof(seen)) == sizeof(seen));
	CHECK(waitpid(child, &status, 0) == child && status == 0);
	CHECK(seen[0] == child && seen[1] == pid);
	close(pfd[0]);
	close(pfd[1]);
	return UTEST_PASS;
}

static int test_uid_gid(void)
{
	long uid = syscall(SYS_getuid), euid = syscall(SYS_geteuid);
	long gid = syscall(SYS_getgid), egid = syscall(SYS_getegid);

	CHECK(uid >= 0 && euid >= 0 && gid >= 0 && egid >= 0);
	CHECK(uid == euid && gid == egid);
	if (uid != 0)
		return utest_skip("not running as root");
	CHECK(gid == 0);
	return UTEST_PASS;
}

static int field_ok(const char *f, size_t size)
{
	return f[0] != '\0' && memchr(f, '\0', size) != NULL;
}

static int test_uname(void)
{
	struct utsname u;

	memset(&u, 0xff, sizeof(u));
	CHECK(syscall(SYS_uname, &u) == 0);
	CHECK(field_ok(u.sysname, sizeof(u.sysname)));
	CHECK(field_ok(u.nodename, sizeof(u.nodename)));
	CHECK(field_ok(u.release, sizeof(u.release)));
	CHECK(field_ok(u.version, sizeof(u.version)));
	CHECK(strcmp(u.machine, "x86_64") == 0);
	CHECK(memchr(u.domainname, '\0', sizeof(u.domainname)) != NULL);
	ktap_diag("uname: %s %s %s", u.sysname, u.release, u.machine);
	return UTEST_PASS;
}

static long raw4(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

/*
 * arch_prctl moves the FS base that musl keeps its thread pointer in, so
 * between ARCH_SET_FS and the restore only raw system calls run. The fake
 * thread block starts with a pointer to itself, as the x86_64 TLS ABI has.
 */
static int test_arch_prctl_fs(void)
{
	static uintptr_t fake_tcb[64] __attribute__((aligned(64)));
	unsigned long fs = 0, fs2 = 0, fs3 = 0;
	uintptr_t self0, self1;
	long r_set, r_get, r_yield, r_sleep, r_back;
	struct timespec ts = {0, 1000000};

	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0);
	CHECK(fs == (unsigned long)pthread_self()); /* musl's thread pointer */
	fake_tcb[0] = (uintptr_t)fake_tcb;

	r_set = raw2(SYS_arch_prctl, ARCH_SET_FS, (long)fake_tcb);
	r_get = raw2(SYS_arch_prctl, ARCH_GET_FS, (long)&fs2);
	__asm__ volatile("mov %%fs:0, %0" : "=r"(self0));
	/* The base survives a trip through the scheduler. */
	r_yield = raw2(SYS_sched_yield, 0, 0);
	r_sleep = raw2(SYS_nanosleep, (long)&ts, 0);
	__asm__ volatile("mov %%fs:0, %0" : "=r"(self1));
	r_back = raw2(SYS_arch_prctl, ARCH_SET_FS, (long)fs);

	CHECK(r_set == 0 && r_get == 0 && r_yield == 0 && r_sleep == 0);
	CHECK(r_back == 0);
	CHECK(fs2 == (unsigned long)fake_tcb);
	CHECK(self0 == (uintptr_t)fake_tcb && self1 == (uintptr_t)fake_tcb);
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs3) == 0 && fs3 == fs);
	return UTEST_PASS;
}

/*
 * Every process runs on its own FS base, whatever ran on the CPU before
 * it: children of one parent with two bases in turn (equal bases one after
 * the other, different ones), yielding and sleeping (so the idle task and
 * kernel threads run between them), each reading %fs:0 after every trip
 * through the scheduler. A base loaded for another process shows as the
 * wrong self pointer. (keel once compared the incoming base with the
 * outgoing task's field, which a kernel thread's does not reflect.)
 */
#define FS_CHILDREN 4
#define FS_ROUNDS 400

static long fs_base_rounds(uintptr_t *tcb)
{
	struct timespec ts = {0, 100000};
	unsigned long saved = 0;
	long bad = 0, r;
	uintptr_t self;

	if (syscall(SYS_arch_prctl, ARCH_GET_FS, &saved))
		return -1;
	r = raw2(SYS_arch_prctl, ARCH_SET_FS, (long)tcb);
	for (int i = 0; r == 0 && i < FS_ROUNDS; i++) {
		long pid;

		if (i % 8 == 7) {
			raw2(SYS_nanosleep, (long)&ts, 0);
		} else if (i % 8 == 3) {
			/* a child that exits at once, reaped: all raw */
			pid = raw2(SYS_fork, 0, 0);
			if (pid == 0)
				raw2(SYS_exit, 0, 0);
			if (pid > 0)
				raw4(SYS_wait4, pid, 0, 0, 0);
		} else {
			raw2(SYS_sched_yield, 0, 0);
		}
		__asm__ volatile("mov %%fs:0, %0" : "=r"(self));
		bad += self != (uintptr_t)tcb;
	}
	if (raw2(SYS_arch_prctl, ARCH_SET_FS, (long)saved) || r)
		return -1;
	return bad;
}

static int test_fs_base_per_process(void)
{
	static uintptr_t tcbs[2][64] __attribute__((aligned(64)));
	pid_t pids[FS_CHILDREN];
	long bad;
	int status, failed = 0;

	tcbs[0][0] = (uintptr_t)tcbs[0];
	tcbs[1][0] = (uintptr_t)tcbs[1];
	for (int c = 0; c < FS_CHILDREN; c++) {
		pids[c] = fork();
		CHECK(pids[c] >= 0);
		if (pids[c] == 0) {
			bad = fs_base_rounds(tcbs[c % 2]);
			_exit(bad == 0 ? 0 : bad < 0 ? 2 : 1);
		}
	}
	bad = fs_base_rounds(tcbs[1]);
	for (int c = 0; c < FS_CHILDREN; c++) {
		CHECK(waitpid(pids[c], &status, 0) == pids[c]);
		failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	CHECK(bad == 0);
	CHECK(failed == 0);
	return UTEST_PASS;
}

static int test_arch_prctl_errors(void)
{
	unsigned long fs = 0;

	CHECK_ERR(syscall(SYS_arch_prctl, 0x1234, &fs), EINVAL);
	/* Not a user address: refused, and the base is unchanged. (Past
	 * 57 bits: with 5-level paging 2^47 is a user address.) */
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0x0100000000000000UL),
		  EPERM);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0xffff888000000000UL),
		  EPERM);
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0);
	CHECK(fs == (unsigned long)pthread_self());
	return UTEST_PASS;
}

static int test_set_tid_address(void)
{
	static int word;
	long tid = syscall(SYS_set_tid_address, &word);

	CHECK(tid == syscall(SYS_gettid));
	CHECK(syscall(SYS_set_tid_address, NULL) == tid);
	return UTEST_PASS;
}

static int test_set_robust_list(void)
{
	/* struct robust_list_head: list, futex_offset, list_op_pending. */
	static struct {
		void *next;
		long futex_offset;
		void *pending;
	} head = {&head, 0, NULL};

	CHECK(syscall(SYS_set_robust_list, &head, sizeof(head)) == 0);
	CHECK_ERR(syscall(SYS_set_robust_list, &head, sizeof(head) - 1),
		  EINVAL);
	CHECK_ERR(syscall(SYS_set_robust_list, &head, sizeof(head) + 8),
		  EINVAL);
	CHECK_ERR(syscall(SYS_set_robust_list, &head, 0), EINVAL);
	return UTEST_PASS;
}

static int test_rseq(void)
{
	/* struct rseq: cpu_id_start, cpu_id, rseq_cs, flags (32 bytes). */
	static struct {
		uint32_t cpu_id_start;
		uint32_t cpu_id;
		uint64_t rseq_cs;
		uint32_t flags;
		uint32_t pad[3];
	} rs __attribute__((aligned(32)));
	long r;

	rs.cpu_id = (uint32_t)-1; /* RSEQ_CPU_ID_UNINITIALIZED */
	errno = 0;
	r = syscall(SYS_rseq, &rs, 32, 0, RSEQ_SIG);
	if (r == -1 && errno == ENOSYS) {
		ktap_diag("rseq: ENOSYS (accepted)");
		return UTEST_PASS;
	}
	CHECK(r == 0);
	syscall(SYS_getppid);
	CHECK(rs.cpu_id != (uint32_t)-1 && rs.cpu_id < 4096);
	CHECK(rs.cpu_id_start == rs.cpu_id);
	/* Registering again is EBUSY; unregistering needs the same area. */
	CHECK_ERR(syscall(SYS_rseq, &rs, 32, 0, RSEQ_SIG), EBUSY);
	CHECK_ERR(syscall(SYS_rseq, &rs, 32, RSEQ_FLAG_UNREGISTER, 0x1234),
		  EPERM);
	CHECK(syscall(SYS_rseq, &rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG) == 0);
	CHECK_ERR(syscall(SYS_rseq, &rs, 16, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(syscall(SYS_rseq, (char *)&rs + 4, 32, 0, RSEQ_SIG), EINVAL);
	return UTEST_PASS;
}

static int test_rlimit_stack(void)
{
	struct rlimit rl, rl2;

	CHECK(syscall(SYS_getrlimit, RLIMIT_STACK, &rl) == 0);
	CHECK(rl.rlim_cur == 8UL << 20); /* Linux's _STK_LIM */
	CHECK(rl.rlim_cur <= rl.rlim_max);
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &rl2) == 0);
	CHECK(rl2.rlim_cur == rl.rlim_cur && rl2.rlim_max == rl.rlim_max);
	CHECK(syscall(SYS_prlimit64, getpid(), RLIMIT_STACK, NULL, &rl2) == 0);
	CHECK(rl2.rlim_cur == rl.rlim_cur);
	return UTEST_PASS;
}

static int test_rlimit_nofile(void)
{
	struct rlimit rl, low, old, now;

	CHECK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0);
	CHECK(rl.rlim_cur >= 64 && rl.rlim_cur <= rl.rlim_max);
	/* A lower soft limit is enforced at once. */
	low.rlim_cur = 10;
	low.rlim_max = rl.rlim_max;
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &low, &old) == 0);
	CHECK(old.rlim_cur == rl.rlim_cur && old.rlim_max == rl.rlim_max);
	CHECK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &now) == 0);
	CHECK(now.rlim_cur == 10);
	CHECK_ERR(syscall(SYS_dup2, 0, 10), EBADF);
	CHECK_ERR(syscall(SYS_fcntl, 0, F_DUPFD, 10), EINVAL);
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL) == 0);
	CHECK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &now) == 0);
	CHECK(now.rlim_cur == rl.rlim_cur && now.rlim_max == rl.rlim_max);
	return UTEST_PASS;
}

static int test_rlimit_errors(void)
{
	struct rlimit rl, bad;
	pid_t gone;

	CHECK(syscall(SYS_getrlimit, RLIMIT_STACK, &rl) == 0);
	CHECK_ERR(syscall(SYS_getrlimit, 99, &rl), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, 99, NULL, &rl), EINVAL);
	bad.rlim_cur = 2;
	bad.rlim_max = 1; /* soft above hard */
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_STACK, &bad, NULL), EINVAL);
	gone = fork();
	CHECK(gone >= 0);
	if (gone == 0)
		_exit(0);
	CHECK(waitpid(gone, NULL, 0) == gone);
	CHECK_ERR(syscall(SYS_prlimit64, gone, RLIMIT_STACK, NULL, &rl), ESRCH);
	return UTEST_PASS;
}

static int test_getrandom(void)
{
	unsigned char a[64], b[64], zero[64] = {0};
	static unsigned char big[1 << 16];
	long r;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK(syscall(SYS_getrandom, a, sizeof(a), 0) == sizeof(a));
	CHECK(syscall(SYS_getrandom, b, sizeof(b), 0) == sizeof(b));
	CHECK(memcmp(a, zero, sizeof(a)) != 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	r = syscall(SYS_getrandom, a, 16, GRND_NONBLOCK_);
	CHECK(r == 16 || (r == -1 && errno == EAGAIN));
	CHECK(syscall(SYS_getrandom, a, 0, 0) == 0);
	r = syscall(SYS_getrandom, big, sizeof(big), 0);
	CHECK(r > 0 && r <= (long)sizeof(big));
	CHECK_ERR(syscall(SYS_getrandom, a, 16, 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, a, 16, GRND_RANDOM_ | GRND_INSECURE_),
		  EINVAL);
	return UTEST_PASS;
}

static int test_clock_monotonic(void)
{
	struct timespec a, b;
	long long prev = 0;

	for (int i = 0; i < 1000; i++) {
		CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a) == 0);
		CHECK(a.tv_sec >= 0 && a.tv_nsec >= 0 &&
		      a.tv_nsec < NSEC_PER_SEC);
		CHECK(ts_ns(&a) >= prev);
		prev = ts_ns(&a);
	}
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a) == 0);
	usleep(20000);
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b) == 0);
	CHECK(ts_ns(&b) - ts_ns(&a) >= 20000000LL);
	CHECK(ts_ns(&b) - ts_ns(&a) < 60 * NSEC_PER_SEC);
	/* libc's clock_gettime (vDSO where there is one) agrees. */
	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	CHECK(ts_ns(&a) >= ts_ns(&b));
	CHECK_ERR(syscall(SYS_clock_gettime, 12345, &a), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, -1000, &a), EINVAL);
	return UTEST_PASS;
}

static int test_clock_realtime(void)
{
	struct timespec a, b;
	struct timeval tv;

	CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &a) == 0);
	CHECK(a.tv_sec >= 0 && a.tv_nsec >= 0 && a.tv_nsec < NSEC_PER_SEC);
	usleep(20000);
	CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &b) == 0);
	CHECK(ts_ns(&b) - ts_ns(&a) >= 10000000LL); /* it moves forward */
	CHECK(ts_ns(&b) - ts_ns(&a) < 60 * NSEC_PER_SEC);
	CHECK(syscall(SYS_gettimeofday, &tv, NULL) == 0);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	/* The same clock, microseconds instead of nanoseconds. */
	CHECK(tv.tv_sec >= b.tv_sec && tv.tv_sec - b.tv_sec <= 2);
	CHECK(syscall(SYS_gettimeofday, NULL, NULL) == 0);
	return UTEST_PASS;
}

static int test_nanosleep(void)
{
	struct timespec ts = {0, 30000000}, rem = {7, 7};
	long long t0 = mono_ns(), t1;

	CHECK(syscall(SYS_nanosleep, &ts, &rem) == 0);
	t1 = mono_ns();
	CHECK(t1 - t0 >= 30000000LL);
	CHECK(t1 - t0 < 30 * NSEC_PER_SEC);
	ts.tv_nsec = 0;
	CHECK(syscall(SYS_nanosleep, &ts, NULL) == 0); /* zero: returns */
	ts.tv_nsec = NSEC_PER_SEC;
	CHECK_ERR(syscall(SYS_nanosleep, &ts, NULL), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR(syscall(SYS_nanosleep, &ts, NULL), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR(syscall(SYS_nanosleep, &ts, NULL), EINVAL);
	return UTEST_PASS;
}

static int test_clock_nanosleep(void)
{
	struct timespec ts = {0, 25000000}, now;
	long long t0 = mono_ns(), t1;

	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL) == 0);
	t1 = mono_ns();
	CHECK(t1 - t0 >= 25000000LL);
	/* Absolute: until the clock reads the given time. */
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now) == 0);
	ts.tv_sec = now.tv_sec;
	ts.tv_nsec = now.tv_nsec + 25000000;
	if (ts.tv_nsec >= NSEC_PER_SEC) {
		ts.tv_sec++;
		ts.tv_nsec -= NSEC_PER_SEC;
	}
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
		      NULL) == 0);
	CHECK(mono_ns() >= ts_ns(&ts));
	/* A time in the past returns at once. */
	t0 = mono_ns();
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
		      NULL) == 0);
	CHECK(mono_ns() - t0 < 5 * NSEC_PER_SEC);
	ts.tv_nsec = 10000000;
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &ts, NULL) == 0);
	ts.tv_nsec = NSEC_PER_SEC;
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL),
		  EINVAL);
	ts.tv_nsec = 1000;
	CHECK_ERR(syscall(SYS_clock_nanosleep, 12345, 0, &ts, NULL), EINVAL);
	return UTEST_PASS;
}

static volatile sig_atomic_t alarm_hits;

static void on_alarm(int sig)
{
	(void)sig;
	alarm_hits++;
}

/* A signal ends nanosleep early with EINTR and the time left. */
static int test_nanosleep_eintr(void)
{
	struct sigaction sa;
	struct timespec ts = {5, 0}, rem = {0, 0};
	pid_t child;
	long r;
	int err, status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	alarm_hits = 0;
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		for (int i = 0; i < 40; i++) {
			struct timespec d = {0, 100000000};

			nanosleep(&d, NULL);
			kill(getppid(), SIGUSR1);
		}
		_exit(0);
	}
	r = syscall(SYS_nanosleep, &ts, &rem);
	err = errno;
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	signal(SIGUSR1, SIG_DFL);
	errno = err;
	CHECK(r == -1 && err == EINTR && alarm_hits >= 1);
	CHECK(rem.tv_sec >= 0 && rem.tv_nsec >= 0 &&
	      rem.tv_nsec < NSEC_PER_SEC);
	CHECK(ts_ns(&rem) > 0 && ts_ns(&rem) <= ts_ns(&ts));
	return UTEST_PASS;
}

static int test_sched_yield(void)
{
	for (int i = 0; i < 100; i++)
		CHECK(syscall(SYS_sched_yield) == 0);
	return UTEST_PASS;
}

static int test_sysinfo(void)
{
	struct sysinfo si;

	memset(&si, 0xff, sizeof(si));
	CHECK(syscall(SYS_sysinfo, &si) == 0);
	CHECK(si.mem_unit >= 1);
	CHECK(si.totalram > 0 && si.freeram > 0);
	CHECK(si.totalram > si.freeram);
	CHECK(si.procs >= 1);
	CHECK(si.totalswap >= si.freeswap);
	return UTEST_PASS;
}

static int test_prctl_name(void)
{
	char orig[32], name[32];

	memset(orig, 0, sizeof(orig));
	CHECK(syscall(SYS_prctl, PR_GET_NAME_, orig, 0, 0, 0) == 0);
	CHECK(memchr(orig, '\0', 16) != NULL && orig[0] != '\0');
	CHECK(syscall(SYS_prctl, PR_SET_NAME_, "keel-test", 0, 0, 0) == 0);
	memset(name, 'z', sizeof(name));
	CHECK(syscall(SYS_prctl, PR_GET_NAME_, name, 0, 0, 0) == 0);
	CHECK(strcmp(name, "keel-test") == 0);
	/* Longer names keep their first 15 bytes and a NUL. */
	CHECK(syscall(SYS_prctl, PR_SET_NAME_, "abcdefghijklmnopqrstuvwxyz", 0,
		      0, 0) == 0);
	memset(name, 'z', sizeof(name));
	CHECK(syscall(SYS_prctl, PR_GET_NAME_, name, 0, 0, 0) == 0);
	CHECK(memcmp(name, "abcdefghijklmno\0", 16) == 0);
	CHECK(name[16] == 'z'); /* exactly 16 bytes were written */
	CHECK_ERR(syscall(SYS_prctl, 0x7fffffff, 0, 0, 0, 0), EINVAL);
	CHECK(syscall(SYS_prctl, PR_SET_NAME_, orig, 0, 0, 0) == 0);
	return UTEST_PASS;
}

static int test_brk(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0), top, base;

	CHECK(cur != 0 && cur != (uintptr_t)-1);
	CHECK((uintptr_t)syscall(SYS_brk, 0) == cur);
	base = (cur + pg - 1) & ~(uintptr_t)(pg - 1);
	top = base + 4 * pg;
	CHECK((uintptr_t)syscall(SYS_brk, top) == top);
	for (uintptr_t p = cur; p < top; p += 64)
		CHECK(*(volatile char *)p == 0 || p < base);
	memset((void *)base, 0x5a, 4 * pg);
	/* Shrink, grow again: the freed pages come back zeroed. */
	CHECK((uintptr_t)syscall(SYS_brk, base + pg) == base + pg);
	CHECK(*(volatile char *)base == 0x5a);
	CHECK((uintptr_t)syscall(SYS_brk, top) == top);
	CHECK(*(volatile char *)base == 0x5a);
	CHECK(*(volatile char *)(base + 2 * pg) == 0);
	/* A request that cannot be met leaves the break where it was. */
	CHECK((uintptr_t)syscall(SYS_brk, 1) == top);
	CHECK((uintptr_t)syscall(SYS_brk, 0xffff888000000000UL) == top);
	CHECK((uintptr_t)syscall(SYS_brk, cur) == cur);
	return UTEST_PASS;
}

static int test_ioctl_not_a_tty(void)
{
	int pfd[2];
	char buf[64];

	CHECK(pipe(pfd) == 0);
	CHECK_ERR(syscall(SYS_ioctl, pfd[0], TCGETS, buf), ENOTTY);
	CHECK_ERR(syscall(SYS_ioctl, 999, TCGETS, buf), EBADF);
	close(pfd[0]);
	close(pfd[1]);
	return UTEST_PASS;
}

/*
 * int 0x80 from 64-bit code: keel has no 32-bit table and answers
 * -ENOSYS; Linux with IA32 emulation (Debian's) runs the 32-bit call (20
 * is getpid there). Either way the program goes on.
 */
static int test_int80(void)
{
	long ret = 20;

	__asm__ volatile("int $0x80"
			 : "+a"(ret)
			 :
			 : "rcx", "r8", "r9", "r10", "r11", "memory");
	CHECK(ret == -ENOSYS || ret == getpid());
	return UTEST_PASS;
}

static int test_enosys(void)
{
	/*
	 * 335..423 were a hole in the x86_64 table that newer kernels fill
	 * from the bottom (335 is uretprobe since 6.11: SIGILL when called
	 * from anywhere but the trampoline), so only its upper end is used;
	 * 512.. are the x32 numbers, which need the x32 bit.
	 */
	static const long nrs[] = {
		400, 420, 512, 1000, 100000, -1, 0x40000000 + 1000};

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		long r;

		errno = 0;
		r = syscall(nrs[i], 1, 2, 3, 4, 5, 6);
		if (r != -1 || errno != ENOSYS)
			ktap_diag("syscall %ld: %ld errno %d", nrs[i], r,
				  errno);
		CHECK(r == -1 && errno == ENOSYS);
	}
	return UTEST_PASS;
}

/* Only bad magic numbers: nothing here can reboot anything. */
static int test_reboot_bad_magic(void)
{
	CHECK_ERR(syscall(SYS_reboot, 0x12345678UL, REBOOT_MAGIC2,
			  REBOOT_CMD_CAD_OFF, NULL),
		  EINVAL);
	CHECK_ERR(syscall(SYS_reboot, REBOOT_MAGIC1, 0x12345678UL,
			  REBOOT_CMD_CAD_OFF, NULL),
		  EINVAL);
	CHECK_ERR(syscall(SYS_reboot, 0, 0, REBOOT_CMD_CAD_OFF, NULL), EINVAL);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_pid_ppid_tid),
	UTEST(test_uid_gid),
	UTEST(test_uname),
	UTEST(test_arch_prctl_fs),
	UTEST(test_arch_prctl_errors),
	UTEST(test_fs_base_per_process),
	UTEST(test_set_tid_address),
	UTEST(test_set_robust_list),
	UTEST(test_rseq),
	UTEST(test_int80),
	UTEST(test_rlimit_stack),
	UTEST(test_rlimit_nofile),
	UTEST(test_rlimit_errors),
	UTEST(test_getrandom),
	UTEST(test_clock_monotonic),
	UTEST(test_clock_realtime),
	UTEST(test_nanosleep),
	UTEST(test_clock_nanosleep),
	UTEST(test_nanosleep_eintr),
	UTEST(test_sched_yield),
	UTEST(test_sysinfo),
	UTEST(test_prctl_name),
	UTEST(test_brk),
	UTEST(test_ioctl_not_a_tty),
	UTEST(test_enosys),
	UTEST(test_reboot_bad_magic),
};

int main(void)
{
	utest_run(tests, UTEST_COUNT(tests));
}
