// SPDX-License-Identifier: MIT
/*
 * Bad user pointers: every pointer-taking system call of issue 9 gets
 * NULL, (void *)1, a kernel address, an address just past the top of user
 * space, a non-canonical address, an unmapped page, a PROT_NONE page and,
 * where the kernel writes, a read-only page and the program's own text,
 * and must fail with EFAULT -- never crash, never half-apply.
 *
 * Where Linux does something else, the test expects what Linux does and
 * says so:
 *  - a NULL pointer that means "not wanted" (rt_sigaction's act/oldact,
 *    rt_sigprocmask's set/oldset, sigaltstack, prlimit64, wait4's status,
 *    gettimeofday, nanosleep's remain) is not a bad pointer, so those get
 *    the non-NULL bad pointers only; execve takes a NULL argv or envp too;
 *  - set_robust_list and set_tid_address only record the pointer (the
 *    kernel touches it at exit and ignores a fault there);
 *  - wait4 and waitid reap the child before they fail to store its
 *    status: EFAULT, and the child is gone;
 *  - a zero-length buffer (read's, write's or an iovec's) is never
 *    touched, but its address must still lie in user space: an unmapped
 *    user address is fine, a kernel address is EFAULT (access_ok);
 *  - a read or write of a regular file that faults after moving some
 *    bytes returns the short count, not EFAULT (a pipe is not checked:
 *    Linux's pipe_write drops a partly copied page with EFAULT);
 *  - nanosleep's remain is only written when a signal interrupts it;
 *  - read() into a bad buffer from an empty pipe blocks and write() to
 *    /dev/null never reads the buffer, so the cases here use pipes with
 *    data and regular files;
 *  - rseq is left out: Linux accepts any aligned user-range pointer and
 *    kills the task with SIGSEGV on the way back to user space.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes -D_GNU_SOURCE */
#endif
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define ARCH_GET_FS 0x1003
#define PR_SET_NAME_ 15
#define PR_GET_NAME_ 16
#define KSIGSET_SIZE 8
#define EXECED_MARK "T_EFAULT_EXECED=1"

static long page;
static char *unmapped, *none_page, *ro_page, *edge; /* edge: page, hole */
static void *bad_in[8], *bad_out[10];
static int n_in, n_out;
static char self_path[256];
static char tmpfile_path[64];

/*
 * Call @call with @p set to every pointer of @list (@n of them), skipping
 * NULL when @skip_null; each call must fail with EFAULT.
 */
#define EFAULT_EACH(list, n, skip_null, p, call)                               \
	do {                                                                   \
		for (int i_ = 0; i_ < (n); i_++) {                             \
			void *p = (list)[i_];                                  \
			long r_;                                               \
			int e_;                                                \
			if ((skip_null) && p == NULL)                          \
				continue;                                      \
			errno = 0;                                             \
			r_ = (long)(call);                                     \
			e_ = errno;                                            \
			if (r_ != -1 || e_ != EFAULT) {                        \
				ktap_diag("%s:%d: %s with %s=%p: got %ld "     \
					  "errno %d (%s)",                     \
					  __FILE__, __LINE__, #call, #p, p,    \
					  r_, e_, strerror(e_));               \
				return UTEST_FAIL;                             \
			}                                                      \
		}                                                              \
	} while (0)

/* Bad pointers for memory the kernel reads, and for memory it writes. */
#define EACH_IN(p, call) EFAULT_EACH(bad_in, n_in, 0, p, call)
#define EACH_IN_NONNULL(p, call) EFAULT_EACH(bad_in, n_in, 1, p, call)
#define EACH_OUT(p, call) EFAULT_EACH(bad_out, n_out, 0, p, call)
#define EACH_OUT_NONNULL(p, call) EFAULT_EACH(bad_out, n_out, 1, p, call)

static int setup(void)
{
	char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *one;

	if (two == MAP_FAILED)
		return 0;
	unmapped = two + page;
	edge = two;
	if (munmap(unmapped, page) != 0)
		return 0;
	none_page =
		mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	one = mmap(NULL, page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (none_page == MAP_FAILED || one == MAP_FAILED)
		return 0;
	memset(one, 'A', page);
	if (mprotect(one, page, PROT_READ) != 0)
		return 0;
	ro_page = one;

	bad_in[n_in++] = NULL;
	bad_in[n_in++] = (void *)1;
	bad_in[n_in++] = (void *)0xffff888000000000UL; /* the direct map */
	bad_in[n_in++] = (void *)0xffffffffff600000UL; /* the old vsyscall */
	bad_in[n_in++] = (void *)0x7ffffffff000UL; /* past user space */
	bad_in[n_in++] = (void *)0x0000800000000000UL; /* non-canonical */
	bad_in[n_in++] = unmapped;
	bad_in[n_in++] = none_page;
	for (int i = 0; i < n_in; i++)
		bad_out[n_out++] = bad_in[i];
	bad_out[n_out++] = ro_page;
	bad_out[n_out++] = (void *)&setup; /* program text */
	return 1;
}

/* A regular file holding 64 bytes, opened O_RDWR at offset 0. */
static int data_file(void)
{
	char buf[64];
	int fd = (int)syscall(SYS_openat, AT_FDCWD, tmpfile_path,
			      O_CREAT | O_TRUNC | O_RDWR, 0644);

	if (fd < 0)
		return -1;
	memset(buf, 'd', sizeof(buf));
	if (write(fd, buf, sizeof(buf)) != sizeof(buf) ||
	    lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int test_read(void)
{
	int fd = data_file(), pfd[2];
	char c;

	CHECK(fd >= 0);
	EACH_OUT(p, syscall(SYS_read, fd, p, 16));
	CHECK(lseek(fd, 0, SEEK_CUR) == 0); /* nothing was consumed */
	/* Zero bytes: not touched, but it must be a user address. */
	CHECK(syscall(SYS_read, fd, unmapped, 0) == 0);
	CHECK_ERR(syscall(SYS_read, fd, 0xffff888000000000UL, 0), EFAULT);
	CHECK(syscall(SYS_write, fd, unmapped, 0) == 0);
	CHECK_ERR(syscall(SYS_write, fd, 0xffff888000000000UL, 0), EFAULT);
	CHECK(pipe(pfd) == 0);
	CHECK(write(pfd[1], "xyz", 3) == 3);
	EACH_OUT(p, syscall(SYS_read, pfd[0], p, 3));
	CHECK(read(pfd[0], &c, 1) == 1 && c == 'x'); /* data still there */
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_write(void)
{
	int fd = data_file(), pfd[2];
	struct stat st;
	char c;

	CHECK(fd >= 0);
	EACH_IN(p, syscall(SYS_write, fd, p, 16));
	CHECK(fstat(fd, &st) == 0 && st.st_size == 64);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(pipe2(pfd, O_NONBLOCK) == 0);
	EACH_IN(p, syscall(SYS_write, pfd[1], p, 3));
	CHECK_ERR(read(pfd[0], &c, 1), EAGAIN); /* nothing went in */
	/* A read-only source is fine. */
	CHECK(write(pfd[1], ro_page, 3) == 3);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

/* Bytes moved before the fault count: a short read or write, not EFAULT. */
static int test_read_write_partial(void)
{
	int fd = data_file();
	struct stat st;

	CHECK(fd >= 0);
	CHECK(syscall(SYS_read, fd, edge + page - 10, 20) == 10);
	CHECK(lseek(fd, 0, SEEK_CUR) == 10);
	CHECK(memcmp(edge + page - 10, "dddddddddd", 10) == 0);
	CHECK(lseek(fd, 64, SEEK_SET) == 64);
	memset(edge + page - 6, 'e', 6);
	CHECK(syscall(SYS_write, fd, edge + page - 6, 20) == 6);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 70);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_openat(void)
{
	int before, after;

	before = open("/", O_RDONLY);
	CHECK(before >= 0);
	CHECK(close(before) == 0);
	EACH_IN(p, syscall(SYS_openat, AT_FDCWD, p, O_RDONLY));
	EACH_IN(p, syscall(SYS_openat, AT_FDCWD, p, O_CREAT | O_RDWR, 0644));
	/* A name running into an unmapped page without its NUL. */
	memcpy(edge + page - 4, "/tmp", 4);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, edge + page - 4, O_RDONLY),
		  EFAULT);
	after = open("/", O_RDONLY);
	CHECK(after == before); /* no descriptor leaked */
	CHECK(close(after) == 0);
	return UTEST_PASS;
}

static int test_pread_pwrite(void)
{
	int fd = data_file();
	struct stat st;

	CHECK(fd >= 0);
	EACH_OUT(p, syscall(SYS_pread64, fd, p, 16, 0));
	EACH_IN(p, syscall(SYS_pwrite64, fd, p, 16, 8));
	CHECK(fstat(fd, &st) == 0 && st.st_size == 64);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_readv_writev(void)
{
	int fd = data_file(), pfd[2];
	struct iovec iov[2];
	char buf[8], c;

	CHECK(fd >= 0);
	/* The iovec array itself. */
	EACH_IN(p, syscall(SYS_readv, fd, p, 1));
	EACH_IN(p, syscall(SYS_writev, fd, p, 1));
	/* A bad base in the only iovec. */
	EACH_OUT(p, (iov[0].iov_base = p, iov[0].iov_len = 16,
		     syscall(SYS_readv, fd, iov, 1)));
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(pipe2(pfd, O_NONBLOCK) == 0);
	EACH_IN(p, (iov[0].iov_base = p, iov[0].iov_len = 4,
		    syscall(SYS_writev, pfd[1], iov, 1)));
	CHECK_ERR(read(pfd[0], &c, 1), EAGAIN);
	/* Zero length: never touched, but it must be a user address. */
	iov[0].iov_base = unmapped;
	iov[0].iov_len = 0;
	CHECK(syscall(SYS_writev, pfd[1], iov, 1) == 0);
	CHECK(syscall(SYS_readv, fd, iov, 1) == 0);
	iov[0].iov_base = (void *)0xffff888000000000UL;
	CHECK_ERR(syscall(SYS_writev, pfd[1], iov, 1), EFAULT);
	CHECK_ERR(syscall(SYS_readv, fd, iov, 1), EFAULT);
	/* A good iovec and then a bad one: the first one's bytes count. */
	iov[0].iov_base = buf;
	iov[0].iov_len = 8;
	iov[1].iov_base = unmapped;
	iov[1].iov_len = 8;
	CHECK(syscall(SYS_readv, fd, iov, 2) == 8);
	CHECK(syscall(SYS_writev, fd, iov, 2) == 8);
	CHECK(lseek(fd, 0, SEEK_CUR) == 16);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_fstat_newfstatat(void)
{
	int fd = data_file();
	struct stat st;

	CHECK(fd >= 0);
	EACH_OUT(p, syscall(SYS_fstat, fd, p));
	EACH_OUT(p, syscall(SYS_newfstatat, AT_FDCWD, "/", p, 0));
	EACH_IN(p, syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0));
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_rt_sigaction(void)
{
	struct sigaction cur;

	EACH_IN_NONNULL(
		p, syscall(SYS_rt_sigaction, SIGUSR1, p, NULL, KSIGSET_SIZE));
	EACH_OUT_NONNULL(
		p, syscall(SYS_rt_sigaction, SIGUSR1, NULL, p, KSIGSET_SIZE));
	CHECK(sigaction(SIGUSR1, NULL, &cur) == 0);
	CHECK(cur.sa_handler == SIG_DFL); /* nothing changed */
	return UTEST_PASS;
}

static int test_rt_sigprocmask(void)
{
	sigset_t cur;

	EACH_IN_NONNULL(p, syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, NULL,
				   KSIGSET_SIZE));
	EACH_OUT_NONNULL(p, syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, p,
				    KSIGSET_SIZE));
	EACH_OUT_NONNULL(p, syscall(SYS_rt_sigpending, p, KSIGSET_SIZE));
	CHECK(sigprocmask(SIG_BLOCK, NULL, &cur) == 0);
	CHECK(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGTERM));
	return UTEST_PASS;
}

static int test_sigaltstack(void)
{
	stack_t old;

	EACH_IN_NONNULL(p, syscall(SYS_sigaltstack, p, NULL));
	EACH_OUT_NONNULL(p, syscall(SYS_sigaltstack, NULL, p));
	CHECK(syscall(SYS_sigaltstack, NULL, &old) == 0);
	CHECK(old.ss_flags == SS_DISABLE);
	return UTEST_PASS;
}

static int test_wait4_waitid(void)
{
	for (int i = 0; i < n_out; i++) {
		void *p = bad_out[i];
		int status;
		pid_t pid;

		if (p == NULL)
			continue;
		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0)
			_exit(3);
		CHECK_ERR(syscall(SYS_wait4, pid, p, 0, NULL), EFAULT);
		/* Reaped all the same. */
		CHECK_ERR(syscall(SYS_wait4, pid, &status, 0, NULL), ECHILD);

		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0)
			_exit(3);
		CHECK_ERR(syscall(SYS_wait4, pid, NULL, 0, p), EFAULT);
		CHECK_ERR(syscall(SYS_wait4, pid, &status, 0, NULL), ECHILD);

		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0)
			_exit(3);
		CHECK_ERR(syscall(SYS_waitid, P_PID, pid, p, WEXITED, NULL),
			  EFAULT);
		CHECK_ERR(syscall(SYS_wait4, pid, &status, 0, NULL), ECHILD);
	}
	return UTEST_PASS;
}

static int test_uname(void)
{
	EACH_OUT(p, syscall(SYS_uname, p));
	return UTEST_PASS;
}

static int test_arch_prctl(void)
{
	EACH_OUT(p, syscall(SYS_arch_prctl, ARCH_GET_FS, p));
	return UTEST_PASS;
}

/* Recorded, not checked; the kernel ignores a fault on them at exit. */
static int test_robust_list_tid_address(void)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		if (syscall(SYS_set_robust_list, unmapped, 24) != 0)
			_exit(1);
		if (syscall(SYS_set_tid_address, unmapped) !=
		    syscall(SYS_gettid))
			_exit(2);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return UTEST_PASS;
}

static int test_rlimits(void)
{
	struct rlimit rl;

	EACH_OUT(p, syscall(SYS_getrlimit, RLIMIT_NOFILE, p));
	EACH_OUT_NONNULL(p, syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, p));
	EACH_IN_NONNULL(p, syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, p, NULL));
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 64);
	return UTEST_PASS;
}

static int test_getrandom(void)
{
	EACH_OUT(p, syscall(SYS_getrandom, p, 16, 0));
	return UTEST_PASS;
}

static int test_clocks(void)
{
	struct timespec ts = {0, 1000};

	EACH_OUT(p, syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p));
	EACH_OUT(p, syscall(SYS_clock_gettime, CLOCK_REALTIME, p));
	EACH_OUT_NONNULL(p, syscall(SYS_gettimeofday, p, NULL));
	EACH_OUT_NONNULL(p, syscall(SYS_gettimeofday, NULL, p));
	EACH_IN(p, syscall(SYS_nanosleep, p, NULL));
	EACH_IN(p, syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, p, NULL));
	/* The remainder is only written when a signal cuts the sleep short. */
	CHECK(syscall(SYS_nanosleep, &ts, unmapped) == 0);
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, unmapped) ==
	      0);
	return UTEST_PASS;
}

static int test_sysinfo(void)
{
	EACH_OUT(p, syscall(SYS_sysinfo, p));
	return UTEST_PASS;
}

static int test_prctl_name(void)
{
	char name[16];

	EACH_OUT(p, syscall(SYS_prctl, PR_GET_NAME_, p, 0, 0, 0));
	EACH_IN(p, syscall(SYS_prctl, PR_SET_NAME_, p, 0, 0, 0));
	CHECK(syscall(SYS_prctl, PR_GET_NAME_, name, 0, 0, 0) == 0);
	CHECK(strcmp(name, "t_efault") == 0);
	return UTEST_PASS;
}

static int test_pipe2(void)
{
	int before, after;

	before = open("/", O_RDONLY);
	CHECK(before >= 0);
	CHECK(close(before) == 0);
	EACH_OUT(p, syscall(SYS_pipe2, p, 0));
	EACH_OUT(p, syscall(SYS_pipe2, p, O_CLOEXEC));
	after = open("/", O_RDONLY);
	CHECK(after == before); /* no descriptors were left behind */
	CHECK(close(after) == 0);
	return UTEST_PASS;
}

static int test_getcwd_chdir(void)
{
	char buf[256];

	EACH_OUT(p, syscall(SYS_getcwd, p, 256));
	EACH_IN(p, syscall(SYS_chdir, p));
	CHECK(syscall(SYS_getcwd, buf, sizeof(buf)) > 0);
	return UTEST_PASS;
}

/*
 * execve fails before the point of no return; it runs in a child all the
 * same, and the child marks its argv and envp so that a wrong success
 * ends at once instead of running these tests again.
 */
static int execve_child(void)
{
	char *argv[] = {self_path, "--execed", NULL};
	char *envp[] = {EXECED_MARK, NULL};
	char *bad_argv[] = {self_path, NULL, NULL};

	EACH_IN(p, syscall(SYS_execve, p, argv, envp));
	EACH_IN_NONNULL(p, syscall(SYS_execve, self_path, p, envp));
	EACH_IN_NONNULL(p, syscall(SYS_execve, self_path, argv, p));
	EACH_IN_NONNULL(p, (bad_argv[1] = p,
			    syscall(SYS_execve, self_path, bad_argv, envp)));
	EACH_IN_NONNULL(p, (bad_argv[1] = NULL, envp[0] = p,
			    syscall(SYS_execve, self_path, argv, envp)));
	return UTEST_PASS;
}

static int test_execve(void)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(execve_child() == UTEST_PASS ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_read),
	UTEST(test_write),
	UTEST(test_read_write_partial),
	UTEST(test_openat),
	UTEST(test_pread_pwrite),
	UTEST(test_readv_writev),
	UTEST(test_fstat_newfstatat),
	UTEST(test_rt_sigaction),
	UTEST(test_rt_sigprocmask),
	UTEST(test_sigaltstack),
	UTEST(test_wait4_waitid),
	UTEST(test_uname),
	UTEST(test_arch_prctl),
	UTEST(test_robust_list_tid_address),
	UTEST(test_rlimits),
	UTEST(test_getrandom),
	UTEST(test_clocks),
	UTEST(test_sysinfo),
	UTEST(test_prctl_name),
	UTEST(test_pipe2),
	UTEST(test_getcwd_chdir),
	UTEST(test_execve),
};

static void cleanup(void)
{
	unlink(tmpfile_path);
}

int main(int argc, char **argv)
{
	const char *mark = getenv("T_EFAULT_EXECED");

	if ((argc > 1 && strcmp(argv[1], "--execed") == 0) || mark) {
		ktap_print("# t_efault: an execve with a bad pointer ran\n");
		_exit(111);
	}
	page = sysconf(_SC_PAGESIZE);
	snprintf(self_path, sizeof(self_path), "%s", argv[0]);
	snprintf(tmpfile_path, sizeof(tmpfile_path), "/tmp/t_efault.%d",
		 (int)getpid());
	syscall(SYS_prctl, PR_SET_NAME_, "t_efault", 0, 0, 0);
	if (!setup()) {
		ktap_plan(1);
		ktap_result(0, "setup (mmap, munmap, mprotect)");
		ktap_finish();
	}
	atexit(cleanup);
	utest_run(tests, UTEST_COUNT(tests));
}
