// SPDX-License-Identifier: MIT
/*
 * bench: the guest figures of keel's user space, measured the same way on
 * keel and on Linux (tools/bench-user boots both with this program as
 * /init and divides one by the other).
 *
 * Each figure is printed as a machine-readable line
 *
 *   # bench: NAME VALUE
 *
 * and the program is one KTAP document with one result per figure ("ok"
 * when the measurement ran and every call in it behaved), so it can run
 * in the user-space suite too. The figures, each the best of several
 * rounds (the emulator's host is shared):
 *
 *   getppid_ns              one getppid() (the null syscall)
 *   fork_exit_wait_us       fork, the child _exits at once, the parent
 *                           waits for it
 *   fork_execve_wait_us     fork, the child execs this program with
 *                           "--exit" (which exits at once), wait
 *   anon_fault_pages_per_s  pages per second made present by writing one
 *                           byte to every 4 KiB page of a fresh 64 MiB
 *                           MAP_PRIVATE | MAP_ANONYMOUS mapping
 *   mmap_munmap_ns          mmap of one anonymous page plus its munmap
 *   elapsed_s               the whole run, from the KTAP plan line on (the
 *                           host compares it with its own clock)
 *
 * "--exit" exits at once (the execve figure); "--quick" does a tenth of
 * the iterations (a smoke test), and so does a run under the user-space
 * suite's runner (a child of process 1). Run as process 1 it powers the
 * machine off at the end, so QEMU (-no-reboot) exits.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"

#define NR_FIGURES 5
#define ROUNDS 5
/* Short rounds, many of them: the best one missed the host's noise. */
#define FORK_ROUNDS 15
#define FAULT_BYTES (64UL << 20)
#define PAGE 4096UL

static unsigned long scale = 10; /* --quick: 1 */
static char *self;
static char **environment;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void figure(const char *name, double value)
{
	ktap_print("# bench: %s %.1f\n", name, value);
}

static int bench_getppid(void)
{
	unsigned long n = 10000 * scale;
	double best = 1e30;
	pid_t first = getppid();

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_ns();

		for (unsigned long i = 0; i < n; i++)
			if (getppid() != first) {
				ktap_diag("getppid changed its answer");
				return 0;
			}
		double t = (now_ns() - t0) / (double)n;

		if (t < best)
			best = t;
	}
	figure("getppid_ns", best);
	return 1;
}

/* Fork; the child execs this program with --exit or just exits; wait. */
static int fork_wait(int exec)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		ktap_diag("fork: %s", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		if (exec) {
			char *argv[] = {self, "--exit", NULL};

			execve(self, argv, environment);
			_exit(127);
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		ktap_diag("waitpid: %s", strerror(errno));
		return 0;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ktap_diag("child status 0x%x%s", status,
			  exec ? " (did execve fail?)" : "");
		return 0;
	}
	return 1;
}

static int bench_fork(int exec, const char *name)
{
	unsigned long n = (exec ? 2 : 4) * scale;
	double best = 1e30;

	for (int r = 0; r < FORK_ROUNDS; r++) {
		double t0 = now_ns();

		for (unsigned long i = 0; i < n; i++)
			if (!fork_wait(exec))
				return 0;
		double t = (now_ns() - t0) / (double)n / 1e3;

		if (t < best)
			best = t;
	}
	figure(name, best);
	return 1;
}

static int bench_faults(void)
{
	unsigned long pages = FAULT_BYTES / PAGE;
	double best = 1e30;

	for (int r = 0; r < (scale > 1 ? ROUNDS : 1); r++) {
		volatile char *p =
			mmap(NULL, FAULT_BYTES, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			ktap_diag("mmap 64 MiB: %s", strerror(errno));
			return 0;
		}
		/*
		 * 4 KiB faults on both kernels: Linux could otherwise use
		 * transparent huge pages. keel may refuse the advice.
		 */
		madvise((void *)p, FAULT_BYTES, MADV_NOHUGEPAGE);
		double t0 = now_ns();

		for (unsigned long i = 0; i < pages; i++)
			p[i * PAGE] = 1;
		double t = now_ns() - t0;

		for (unsigned long i = 0; i < pages; i += 997)
			if (p[i * PAGE] != 1 || p[i * PAGE + 1] != 0) {
				ktap_diag("page %lu does not hold what was "
					  "written",
					  i);
				return 0;
			}
		if (munmap((void *)p, FAULT_BYTES)) {
			ktap_diag("munmap 64 MiB: %s", strerror(errno));
			return 0;
		}
		if (t < best)
			best = t;
	}
	figure("anon_fault_pages_per_s", (double)pages * 1e9 / best);
	return 1;
}

static int bench_mmap(void)
{
	unsigned long n = 2000 * scale;
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_ns();

		for (unsigned long i = 0; i < n; i++) {
			void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED) {
				ktap_diag("mmap: %s", strerror(errno));
				return 0;
			}
			if (munmap(p, PAGE)) {
				ktap_diag("munmap: %s", strerror(errno));
				return 0;
			}
		}
		double t = (now_ns() - t0) / (double)n;

		if (t < best)
			best = t;
	}
	figure("mmap_munmap_ns", best);
	return 1;
}

/* As /init fds 0-2 may be missing; take the console then. */
static void ensure_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && !strcmp(argv[1], "--exit"))
		_exit(0);
	if ((argc > 1 && !strcmp(argv[1], "--quick")) ||
	    (getppid() == 1 && getpid() != 1))
		scale = 1;
	self = argc > 0 && argv[0] && strchr(argv[0], '/') ? argv[0] : "/init";
	environment = envp;
	ensure_console();

	double start = now_ns();

	ktap_plan(NR_FIGURES);
	ktap_result(bench_getppid(), "getppid");
	ktap_result(bench_fork(0, "fork_exit_wait_us"), "fork_exit_wait");
	ktap_result(bench_fork(1, "fork_execve_wait_us"), "fork_execve_wait");
	ktap_result(bench_faults(), "anon_fault");
	ktap_result(bench_mmap(), "mmap_munmap");
	/* From the plan line to here: bench-user checks the guest's clock. */
	figure("elapsed_s", (now_ns() - start) / 1e9);
	if (getpid() == 1) {
		ktap_print("# totals: pass:%d fail:%d\n",
			   ktap_done_count - ktap_failed, ktap_failed);
		ktap_print("# bench: done\n");
		sync();
		reboot(RB_POWER_OFF);
		ktap_diag("reboot: %s", strerror(errno));
		for (;;)
			pause();
	}
	ktap_finish();
}
