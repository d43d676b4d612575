/* SPDX-License-Identifier: MIT */
/*
 * t_proc: processes -- fork, vfork, clone(SIGCHLD), exit codes and signal
 * deaths through wait4 and waitid, the ids (pid, ppid, tid, pgid, sid),
 * execve with argv/envp/auxv, "#!" scripts and ENOEXEC.
 *
 * Built as a static PIE (ET_DYN): its execve cases exec it again, with
 * --exec-check (check argv, envp and auxv, exit 0 when right) or, through
 * /tests/script.sh, with --script-interp.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"

#define TEST_DIR "/tests/"
#define SCRIPT TEST_DIR "script.sh"
#define GARBAGE TEST_DIR "garbage"

extern char **environ;

static const char *self;

/* Wait for @pid; its raw status, or -1. */
static int reap(pid_t pid)
{
	int status;

	if (wait4(pid, &status, 0, NULL) != pid)
		return -1;
	return status;
}

static int exited_with(int status, int code)
{
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != code) {
		ktap_diag("status %#x, want exit %d", status, code);
		return 0;
	}
	return 1;
}

static int killed_by(int status, int sig)
{
	if (status == -1 || !WIFSIGNALED(status) || WTERMSIG(status) != sig) {
		ktap_diag("status %#x, want signal %d", status, sig);
		return 0;
	}
	return 1;
}

static void test_fork(void)
{
	pid_t parent = getpid();
	volatile int shared = 1;
	pid_t pid = fork();

	if (pid == 0) {
		shared = 2; /* private to the child */
		_exit(getppid() == parent && getpid() != parent ? 7 : 1);
	}
	int ok = pid > 0 && exited_with(reap(pid), 7) && shared == 1;

	KTAP_EXPECT(ok, "fork_wait4_exit_code");
}

/* vfork: the child borrows the parent's memory until it exits. */
static void test_vfork(void)
{
	static volatile int borrowed;
	pid_t parent = getpid();

	borrowed = 0;
	pid_t pid = vfork();

	if (pid == 0) {
		borrowed = getppid() == parent ? 42 : 13;
		_exit(5);
	}
	int ok = pid > 0 && borrowed == 42 && exited_with(reap(pid), 5);

	KTAP_EXPECT(ok, "vfork_shares_memory_until_exit");
}

/* clone(SIGCHLD) with no other flags is fork. */
static void test_clone(void)
{
	static volatile int mem = 1;
	pid_t parent = getpid();
	long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);

	if (pid == 0) {
		mem = 2;
		syscall(SYS_exit_group, getppid() == parent ? 9 : 1);
	}
	int ok = pid > 0 && exited_with(reap((pid_t)pid), 9) && mem == 1;

	KTAP_EXPECT(ok, "clone_sigchld_is_fork");
}

static void test_exit_codes(void)
{
	static const int codes[] = {0, 1, 127, 255, 256, 257};
	int ok = 1;

	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = fork();

		if (pid == 0)
			syscall(SYS_exit_group, codes[i]);
		ok &= pid > 0 && exited_with(reap(pid), codes[i] & 0xff);
	}
	/* exit (one thread) ends a single-threaded process too. */
	pid_t pid = fork();

	if (pid == 0)
		syscall(SYS_exit, 3);
	ok &= pid > 0 && exited_with(reap(pid), 3);
	KTAP_EXPECT(ok, "exit_codes_through_wait4");
}

static void test_signal_deaths(void)
{
	static const int sigs[] = {SIGKILL, SIGTERM, SIGSEGV, SIGABRT, SIGUSR1};
	struct rlimit no_core = {0, 0};
	int ok = 1;

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t pid = fork();

		if (pid == 0) {
			setrlimit(RLIMIT_CORE, &no_core);
			if (sigs[i] == SIGSEGV) {
				volatile int *null = NULL;

				__asm__ volatile("" : "+r"(null));
				*null = 1; /* a real fault, not kill() */
			}
			kill(getpid(), sigs[i]);
			_exit(99);
		}
		ok &= pid > 0 && killed_by(reap(pid), sigs[i]);
	}
	/* Killed by the parent while blocked in pause(). */
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	ok &= pid > 0 && kill(pid, SIGKILL) == 0 &&
	      killed_by(reap(pid), SIGKILL);
	KTAP_EXPECT(ok, "signal_deaths_through_wait4");
}

static void test_waitid(void)
{
	siginfo_t si;
	int ok = 1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	memset(&si, 0, sizeof(si));
	ok &= pid > 0 && waitid(P_PID, (id_t)pid, &si, WEXITED) == 0;
	ok &= si.si_signo == SIGCHLD && si.si_pid == pid &&
	      si.si_code == CLD_EXITED && si.si_status == 3;
	if (!ok)
		ktap_diag("waitid exited: signo %d pid %d code %d status %d",
			  si.si_signo, si.si_pid, si.si_code, si.si_status);

	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	ok &= pid > 0 && kill(pid, SIGTERM) == 0;
	memset(&si, 0, sizeof(si));
	ok &= waitid(P_ALL, 0, &si, WEXITED) == 0;
	ok &= si.si_pid == pid && si.si_code == CLD_KILLED &&
	      si.si_status == SIGTERM;
	if (!ok)
		ktap_diag("waitid killed: pid %d code %d status %d", si.si_pid,
			  si.si_code, si.si_status);
	KTAP_EXPECT(ok, "waitid_exited_and_killed");
}

/* wait4 with nothing to wait for, and WNOHANG with a live child. */
static void test_wait_errors(void)
{
	int status, ok;
	int pipefd[2];

	ok = wait4(-1, &status, 0, NULL) == -1 && errno == ECHILD;
	ok &= pipe(pipefd) == 0;
	pid_t pid = fork();

	if (pid == 0) {
		char c;

		close(pipefd[1]);
		_exit(read(pipefd[0], &c, 1) == 0 ? 0 : 1);
	}
	close(pipefd[0]);
	ok &= pid > 0 && wait4(pid, &status, WNOHANG, NULL) == 0;
	ok &= wait4(pid + 100000, &status, 0, NULL) == -1 && errno == ECHILD;
	close(pipefd[1]); /* the child sees EOF and exits */
	ok &= exited_with(reap(pid), 0);
	KTAP_EXPECT(ok, "wait4_echild_and_wnohang");
}

static void test_ids(void)
{
	int ok = getpid() > 1 && getpid() == syscall(SYS_getpid);

	ok &= syscall(SYS_gettid) == getpid(); /* one thread: tid == pid */
	ok &= getppid() > 0 && getppid() != getpid();
	KTAP_EXPECT(ok, "getpid_getppid_gettid");
}

static void test_pgid_session(void)
{
	int ok = 1;
	pid_t pid = fork();

	if (pid == 0) {
		int bad = 0;

		/* A new process group, then a session is refused to its
		 * leader... */
		bad |= (setpgid(0, 0) != 0) << 0;
		bad |= (getpgid(0) != getpid()) << 1;
		bad |= (getpgrp() != getpid()) << 2;
		bad |= !(setsid() == -1 && errno == EPERM) << 3;
		pid_t c = fork();

		if (c == 0) {
			/* ... and given to a process that leads nothing. */
			pid_t sid = setsid();

			_exit(sid == getpid() && getsid(0) == getpid() &&
					      getpgid(0) == getpid()
				      ? 0
				      : 1);
		}
		bad |= (c < 0 || !exited_with(reap(c), 0)) << 4;
		_exit(bad);
	}
	ok &= pid > 0 && exited_with(reap(pid), 0);

	/* The parent moves a child into its own group. */
	int pipefd[2];

	ok &= pipe(pipefd) == 0;
	pid = fork();
	if (pid == 0) {
		char c;

		close(pipefd[1]);
		_exit(read(pipefd[0], &c, 1) == 0 && getpgid(0) == getpid()
			      ? 0
			      : 1);
	}
	close(pipefd[0]);
	ok &= pid > 0 && setpgid(pid, pid) == 0 && getpgid(pid) == pid;
	ok &= getpgid(0) != pid;
	ok &= setpgid(pid, 1) == -1; /* no group 1 in our session to join */
	close(pipefd[1]);
	ok &= exited_with(reap(pid), 0);

	/* A group whose only member is a zombie (exited, not yet reaped)
	 * still exists, as a shell's pipeline relies on when its first
	 * command has already exited: another child may join it. */
	pid_t leader = fork();
	siginfo_t si;

	if (leader == 0)
		_exit(0);
	ok &= leader > 0 && setpgid(leader, leader) == 0;
	ok &= waitid(P_PID, (id_t)leader, &si, WEXITED | WNOWAIT) == 0;
	ok &= pipe(pipefd) == 0;
	pid = fork();
	if (pid == 0) {
		char c;

		close(pipefd[1]);
		_exit(read(pipefd[0], &c, 1) == 0 ? 0 : 1);
	}
	close(pipefd[0]);
	ok &= pid > 0 && setpgid(pid, leader) == 0 && getpgid(pid) == leader;
	close(pipefd[1]);
	ok &= exited_with(reap(pid), 0);
	ok &= exited_with(reap(leader), 0);
	/* Under Linux's init both are 0 (init_task's); never an error. */
	ok &= getsid(0) >= 0 && getpgid(0) >= 0;
	KTAP_EXPECT(ok, "setpgid_getpgid_setsid");
}

/*
 * --exec-check: run by test_execve with these arguments (then the path it
 * execs, which AT_EXECFN must equal) and these variables.
 */
#define EXEC_ARGC 4
static const char *const exec_argv[EXEC_ARGC] = {"t_proc-exec", "--exec-check",
						 "with space", ""};
static const char *const exec_envp[] = {"KEEL_A=1", "EMPTY=", "B=x=y", NULL};

static int exec_check(int argc, char **argv)
{
	int bad = 0, n;

	bad |= (argc != EXEC_ARGC + 1) << 0;
	for (int i = 0; i < EXEC_ARGC && i < argc; i++)
		bad |= (strcmp(argv[i], exec_argv[i]) != 0) << 1;
	bad |= (argv[argc] != NULL) << 2;
	for (n = 0; exec_envp[n]; n++)
		bad |= (!environ[n] || strcmp(environ[n], exec_envp[n])) << 3;
	bad |= (environ[n] != NULL) << 3;
	bad |= (getauxval(AT_PAGESZ) != 4096) << 4;
	const unsigned char *rnd = (const void *)getauxval(AT_RANDOM);
	unsigned char any = 0;

	for (int i = 0; rnd && i < 16; i++)
		any |= rnd[i];
	bad |= (!rnd || !any) << 5;
	const char *execfn = (const char *)getauxval(AT_EXECFN);

	bad |= (!execfn || argc != EXEC_ARGC + 1 ||
		strcmp(execfn, argv[EXEC_ARGC]) != 0)
	       << 6;
	bad |= (getauxval(AT_PHDR) == 0 || getauxval(AT_PHENT) != 56 ||
		getauxval(AT_PHNUM) == 0 || getauxval(AT_ENTRY) == 0)
	       << 7;
	return bad;
}

static void test_execve(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[EXEC_ARGC + 2];

		memcpy(argv, exec_argv, sizeof(exec_argv));
		argv[EXEC_ARGC] = (char *)self;
		argv[EXEC_ARGC + 1] = NULL;
		execve(self, argv, (char **)exec_envp);
		_exit(120);
	}
	int status = pid > 0 ? reap(pid) : -1;

	if (WIFEXITED(status) && WEXITSTATUS(status) && status != -1)
		ktap_diag("--exec-check bits %#x: 1 argc 2 argv 4 argv[argc] "
			  "8 envp 16 AT_PAGESZ 32 AT_RANDOM 64 AT_EXECFN "
			  "128 AT_PH*",
			  WEXITSTATUS(status));
	KTAP_EXPECT(exited_with(status, 0), "execve_argv_envp_auxv");
}

/* Whether we run from the test archive, where script.sh and garbage are. */
static int in_archive(void)
{
	return strncmp(self, TEST_DIR, strlen(TEST_DIR)) == 0;
}

/*
 * "#!/tests/t_proc --script-interp": the kernel runs the interpreter with
 * argv = interpreter, its one argument, the script's path as given to
 * execve, then the script's argv[1..].
 */
static int script_check(int argc, char **argv)
{
	return !(argc == 5 && strcmp(argv[0], TEST_DIR "t_proc") == 0 &&
		 strcmp(argv[1], "--script-interp") == 0 &&
		 strcmp(argv[2], SCRIPT) == 0 && strcmp(argv[3], "one") == 0 &&
		 strcmp(argv[4], "two") == 0);
}

static void test_script(void)
{
	if (!in_archive()) {
		ktap_skip("execve_script", "not run from " TEST_DIR);
		return;
	}
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = {"script-argv0", "one", "two", NULL};
		char *envp[] = {NULL};

		execve(SCRIPT, argv, envp);
		_exit(120);
	}
	KTAP_EXPECT(pid > 0 && exited_with(reap(pid), 0), "execve_script");
}

static void test_exec_errors(void)
{
	char *argv[] = {"x", NULL};
	char *envp[] = {NULL};
	int ok;

	ok = execve("/nonexistent/t_proc", argv, envp) == -1 && errno == ENOENT;
	ok &= execve("/", argv, envp) == -1 && errno == EACCES;
	KTAP_EXPECT(ok, "execve_enoent_eacces");
	if (!in_archive()) {
		ktap_skip("execve_garbage_enoexec", "not run from " TEST_DIR);
		return;
	}
	errno = 0;
	ok = execve(GARBAGE, argv, envp) == -1 && errno == ENOEXEC;
	if (!ok)
		ktap_diag("execve(%s): %s", GARBAGE, strerror(errno));
	KTAP_EXPECT(ok, "execve_garbage_enoexec");
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "--exec-check") == 0)
		return exec_check(argc, argv);
	if (argc > 1 && strcmp(argv[1], "--script-interp") == 0)
		return script_check(argc, argv);

	ktap_plan(13);
	test_ids();
	test_fork();
	test_vfork();
	test_clone();
	test_exit_codes();
	test_signal_deaths();
	test_waitid();
	test_wait_errors();
	test_pgid_session();
	test_execve();
	test_script();
	test_exec_errors();
	ktap_finish();
}
