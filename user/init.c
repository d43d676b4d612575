/* SPDX-License-Identifier: MIT */
/*
 * /init of the user-space test archive (build/user/user.cpio): pid 1 runs
 * every test program in a fixed order, relays its KTAP, prints a summary
 * and powers the machine off. It works as Linux's /init too (rdinit=/init),
 * which is how the same archive is checked against Debian's kernel.
 *
 * Output: one top-level KTAP document with each program as a subtest,
 * the program's own lines indented by four spaces:
 *
 *   KTAP version 1
 *   1..2
 *       # Subtest: t_mm
 *       KTAP version 1
 *       1..14
 *       ok 1 demand_paging
 *       ...
 *   ok 1 t_mm
 *       # Subtest: t_proc
 *       ...
 *   not ok 2 t_proc # killed by signal 11 (SIGSEGV)
 *   # user-tests: pass:1 fail:1
 *   # user-tests: done
 *
 * tools/user_run.py splits that per program. A program's stdout and
 * stderr reach the console through a pipe, so each line gets its indent;
 * a program killed by a signal, or that exits non-zero, is a failure.
 *
 * The syscalls used are few and basic (pipe2, fork, execve, dup2, read,
 * write, wait4, reboot), so a young kernel can run it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "user_tests.h" /* KEEL_USER_TESTS: "name", ... (user/meson.build) */

#define TEST_DIR "/tests"
#define INDENT "    "

/* Linux's reboot(2) magic numbers (include/uapi/linux/reboot.h). */
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

static const char *const tests[] = {KEEL_USER_TESTS};
static const char *test_dir = TEST_DIR;
#define NR_TESTS ((int)(sizeof(tests) / sizeof(tests[0])))

static void put(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(1, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void puts1(const char *s)
{
	put(s, strlen(s));
}

static void put_uint(unsigned long v)
{
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(buf + i, sizeof(buf) - (size_t)i);
}

/* Make sure fds 0, 1 and 2 are open, on /dev/console when they are not. */
static void console_fds(void)
{
	if (fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return; /* nowhere to report to; run anyway */
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/*
 * Copy the child's output from @fd to the console, each line indented.
 * Returns when every writer has closed the pipe.
 */
static void relay(int fd)
{
	char in[512], out[2 * sizeof(in) + sizeof(INDENT)];
	int at_line_start = 1;

	for (;;) {
		ssize_t n = read(fd, in, sizeof(in));
		size_t o = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (at_line_start) {
				memcpy(out + o, INDENT, strlen(INDENT));
				o += strlen(INDENT);
			}
			out[o++] = in[i];
			at_line_start = in[i] == '\n';
			if (o > sizeof(out) - sizeof(INDENT) - 1) {
				put(out, o);
				o = 0;
			}
		}
		put(out, o);
	}
	if (!at_line_start)
		put("\n", 1);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "SIGSEGV";
	case SIGBUS:
		return "SIGBUS";
	case SIGILL:
		return "SIGILL";
	case SIGFPE:
		return "SIGFPE";
	case SIGABRT:
		return "SIGABRT";
	case SIGKILL:
		return "SIGKILL";
	case SIGTERM:
		return "SIGTERM";
	case SIGTRAP:
		return "SIGTRAP";
	case SIGSYS:
		return "SIGSYS";
	case SIGPIPE:
		return "SIGPIPE";
	case SIGALRM:
		return "SIGALRM";
	default:
		return "?";
	}
}

/* Run test @i (0-based); return 1 when it passed. */
static int run_test(int i)
{
	const char *name = tests[i];
	char path[256];
	int pipefd[2], status;
	pid_t pid;

	puts1(INDENT "# Subtest: ");
	puts1(name);
	puts1("\n");
	if (strlen(test_dir) + strlen(name) + 1 >= sizeof(path)) {
		puts1("not ok ");
		put_uint((unsigned long)i + 1);
		puts1(" ");
		puts1(name);
		puts1(" # name too long\n");
		return 0;
	}
	strcpy(path, test_dir);
	strcat(path, "/");
	strcat(path, name);

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		puts1("not ok ");
		put_uint((unsigned long)i + 1);
		puts1(" ");
		puts1(name);
		puts1(" # pipe2 failed\n");
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		char *argv[] = {path, NULL};
		char *envp[8] = {"HOME=/root", "PATH=/tests:/bin", "TERM=dumb",
				 NULL};
		int envc = 3;

		/* Settings from the kernel command line (the kernel puts
		 * its unknown name=value words in init's environment). */
		for (char **e = environ; *e && envc < 7; e++)
			if (!strncmp(*e, "KEEL_", 5))
				envp[envc++] = *e;

		/* dup2 clears FD_CLOEXEC on the copies. */
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		execve(path, argv, envp);
		static const char msg[] = "# runner: execve failed\n";

		put(msg, sizeof(msg) - 1);
		_exit(127);
	}
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		puts1("not ok ");
		put_uint((unsigned long)i + 1);
		puts1(" ");
		puts1(name);
		puts1(" # fork failed\n");
		return 0;
	}
	relay(pipefd[0]);
	close(pipefd[0]);
	while (wait4(pid, &status, 0, NULL) < 0) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}

	int ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;

	puts1(ok ? "ok " : "not ok ");
	put_uint((unsigned long)i + 1);
	puts1(" ");
	puts1(name);
	if (status == -1) {
		puts1(" # wait4 failed");
	} else if (WIFSIGNALED(status)) {
		puts1(" # killed by signal ");
		put_uint((unsigned long)WTERMSIG(status));
		puts1(" (");
		puts1(signal_name(WTERMSIG(status)));
		puts1(")");
	} else if (WIFEXITED(status) && WEXITSTATUS(status)) {
		puts1(" # exit status ");
		put_uint((unsigned long)WEXITSTATUS(status));
	}
	puts1("\n");
	return ok;
}

/*
 * As pid 1: run the tests in /tests and power off. Otherwise (a check on
 * the build machine: `build/user/init build/user`) run the tests in the
 * directory argv[1] and exit with 0 when all passed -- never reboot.
 */
int main(int argc, char **argv)
{
	int passed = 0, pid1 = getpid() == 1;

	if (!pid1 && argc > 1)
		test_dir = argv[1];
	console_fds();
	puts1("KTAP version 1\n1..");
	put_uint(NR_TESTS);
	puts1("\n");
	for (int i = 0; i < NR_TESTS; i++)
		passed += run_test(i);

	/* Reap whatever the tests left behind (pid 1 inherits orphans). */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	puts1("# user-tests: pass:");
	put_uint((unsigned long)passed);
	puts1(" fail:");
	put_uint((unsigned long)(NR_TESTS - passed));
	puts1("\n# user-tests: done\n");
	if (!pid1)
		return passed == NR_TESTS ? 0 : 1;
	sync();
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_POWER_OFF, NULL);
	/* Not pid 1, or no power-off: say so, and never return (pid 1). */
	puts1("# user-tests: reboot(POWER_OFF) returned\n");
	for (;;)
		pause();
}
