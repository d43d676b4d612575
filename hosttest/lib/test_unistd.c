// SPDX-License-Identifier: MIT
/*
 * keel's syscall numbers (kernel/uapi/unistd_64.h) against the build
 * machine's Linux headers (<asm/unistd_64.h>): the ABI is Linux's, so
 * every number keel names must be Linux's. The kernel header is read as
 * text (both define the same macros) and each value compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <asm/unistd_64.h>

#ifndef KEEL_UNISTD_PATH
#error "KEEL_UNISTD_PATH: the path of kernel/uapi/unistd_64.h"
#endif

struct linux_nr {
	const char *name;
	long nr;
};

#define NR(n)                                                                  \
	{                                                                      \
#n, __NR_##n                                                   \
	}
static const struct linux_nr linux_nrs[] = {
	NR(read),
	NR(write),
	NR(open),
	NR(close),
	NR(stat),
	NR(fstat),
	NR(lstat),
	NR(poll),
	NR(lseek),
	NR(mmap),
	NR(mprotect),
	NR(munmap),
	NR(brk),
	NR(rt_sigaction),
	NR(rt_sigprocmask),
	NR(rt_sigreturn),
	NR(ioctl),
	NR(pread64),
	NR(pwrite64),
	NR(readv),
	NR(writev),
	NR(access),
	NR(pipe),
	NR(select),
	NR(sched_yield),
	NR(mremap),
	NR(madvise),
	NR(dup),
	NR(dup2),
	NR(pause),
	NR(nanosleep),
	NR(getpid),
	NR(clone),
	NR(fork),
	NR(vfork),
	NR(execve),
	NR(exit),
	NR(wait4),
	NR(kill),
	NR(uname),
	NR(fcntl),
	NR(getcwd),
	NR(chdir),
	NR(fchdir),
	NR(umask),
	NR(gettimeofday),
	NR(getrlimit),
	NR(getrusage),
	NR(sysinfo),
	NR(times),
	NR(getuid),
	NR(getgid),
	NR(setuid),
	NR(setgid),
	NR(geteuid),
	NR(getegid),
	NR(setpgid),
	NR(getppid),
	NR(getpgrp),
	NR(setsid),
	NR(getgroups),
	NR(setresuid),
	NR(getresuid),
	NR(setresgid),
	NR(getresgid),
	NR(getpgid),
	NR(getsid),
	NR(rt_sigpending),
	NR(rt_sigtimedwait),
	NR(rt_sigsuspend),
	NR(sigaltstack),
	NR(prctl),
	NR(arch_prctl),
	NR(setrlimit),
	NR(reboot),
	NR(gettid),
	NR(tkill),
	NR(time),
	NR(futex),
	NR(getdents64),
	NR(set_tid_address),
	NR(clock_gettime),
	NR(clock_getres),
	NR(clock_nanosleep),
	NR(exit_group),
	NR(tgkill),
	NR(waitid),
	NR(openat),
	NR(newfstatat),
	NR(set_robust_list),
	NR(get_robust_list),
	NR(dup3),
	NR(pipe2),
	NR(prlimit64),
	NR(getrandom),
	NR(statx),
	NR(rseq),
	NR(faccessat2),
	/* boot (issue 10) */
	NR(getpriority),
	NR(setpriority),
	NR(sched_setaffinity),
	NR(sched_getaffinity),
	NR(getcpu),
	NR(creat),
	NR(faccessat),
	NR(ftruncate),
	NR(mkdir),
	NR(mkdirat),
	NR(readlink),
	NR(readlinkat),
	NR(rmdir),
	NR(unlink),
	NR(unlinkat),
	/* fsc: links, renames, attributes, statfs, sync, sendfile */
	NR(sendfile),
	NR(fsync),
	NR(fdatasync),
	NR(truncate),
	NR(rename),
	NR(link),
	NR(symlink),
	NR(chmod),
	NR(fchmod),
	NR(chown),
	NR(fchown),
	NR(lchown),
	NR(utime),
	NR(mknod),
	NR(statfs),
	NR(fstatfs),
	NR(chroot),
	NR(sync),
	NR(utimes),
	NR(mknodat),
	NR(fchownat),
	NR(futimesat),
	NR(renameat),
	NR(linkat),
	NR(symlinkat),
	NR(fchmodat),
	NR(utimensat),
	NR(syncfs),
	NR(renameat2),
	/* vfs: mounts */
	NR(mount),
	NR(umount2),
	NR(pivot_root),
	/* boot: small calls busybox's applets make */
	NR(getpriority),
	NR(setpriority),
	NR(sched_setaffinity),
	NR(sched_getaffinity),
	NR(getcpu),
	/* tty: poll and select */
	NR(poll),
	NR(select),
	NR(pselect6),
	NR(ppoll),
};

static long linux_value(const char *name)
{
	for (size_t i = 0; i < sizeof(linux_nrs) / sizeof(linux_nrs[0]); i++)
		if (!strcmp(linux_nrs[i].name, name))
			return linux_nrs[i].nr;
	return -1;
}

static void test_numbers_match_linux(void **state)
{
	FILE *f = fopen(KEEL_UNISTD_PATH, "r");
	char line[256], name[128];
	long nr;
	int checked = 0, unknown = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define __NR_%127s %ld", name, &nr) != 2)
			continue;
		long want = linux_value(name);

		if (want < 0) {
			/* Named by keel, not listed above: still checked
			 * below through the table's completeness. */
			print_message("not in this test's table: %s\n", name);
			unknown++;
			continue;
		}
		if (want != nr)
			fail_msg("__NR_%s: keel %ld, Linux %ld", name, nr,
				 want);
		checked++;
	}
	fclose(f);
	assert_true(checked >= 60);
	/* Every number keel names must be checked here. */
	assert_int_equal(unknown, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_match_linux),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
