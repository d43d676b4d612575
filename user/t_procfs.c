// SPDX-License-Identifier: MIT
/*
 * t_procfs: the contents of /proc files (procdata) as programs such as
 * free, ps, uptime and top parse them: meminfo against sysinfo, the
 * calling process's stat, status, statm, cmdline, maps and exe, uptime,
 * loadavg, stat and version. Every check compares with what the process
 * knows of itself, so it holds on Linux as on keel.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "ktap.h"

#define PROC "/t_procfs_proc"

static char text[65536];

/* Read @path whole into text (NUL-terminated); its length or -1. */
static int slurp(const char *path)
{
	int fd = open(path, O_RDONLY), n = 0, r;

	if (fd < 0)
		return -1;
	while (n < (int)sizeof(text) - 1 &&
	       (r = (int)read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

/* The number after "@key:" in text, or -1. */
static long long field(const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\n%s:", key);
	if (!strncmp(text, pat + 1, strlen(pat + 1)))
		p = text + strlen(pat + 1);
	else if ((p = strstr(text, pat)))
		p += strlen(pat);
	else
		return -1;
	return strtoll(p, NULL, 10);
}

static void check_meminfo(void)
{
	struct sysinfo si;
	long long total, mfree, avail, sys_kb;

	KTAP_EXPECT(slurp(PROC "/meminfo") > 0 && sysinfo(&si) == 0,
		    "meminfo_read");
	total = field("MemTotal");
	mfree = field("MemFree");
	avail = field("MemAvailable");
	sys_kb = (long long)si.totalram * si.mem_unit / 1024;
	KTAP_EXPECT(total >= mfree && mfree > 0 && avail > 0,
		    "meminfo_total_free");
	KTAP_EXPECT(total * 10 >= sys_kb * 9 && total * 10 <= sys_kb * 11,
		    "meminfo_total_is_sysinfo");
	KTAP_EXPECT(field("Cached") >= 0 && field("Slab") > 0 &&
			    field("KernelStack") > 0,
		    "meminfo_fields");
}

static void check_stat(const char *argv0)
{
	char comm[64], state, want[64];
	int pid = 0, ppid = 0;
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	snprintf(want, sizeof(want), "%.15s", base);
	KTAP_EXPECT(slurp(PROC "/self/stat") > 0 &&
			    sscanf(text, "%d (%63[^)]) %c %d", &pid, comm,
				   &state, &ppid) == 4,
		    "self_stat_parses");
	KTAP_EXPECT(pid == getpid() && !strcmp(comm, want) && state == 'R' &&
			    ppid == getppid(),
		    "self_stat_pid_comm_ppid");
	KTAP_EXPECT(slurp(PROC "/1/stat") > 0 &&
			    sscanf(text, "%d (%63[^)]) %c %d", &pid, comm,
				   &state, &ppid) == 4 &&
			    pid == 1 && ppid == 0,
		    "init_stat_ppid_0");
}

static void check_status(const char *argv0)
{
	char want[128];
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	KTAP_EXPECT(slurp(PROC "/self/status") > 0, "self_status_read");
	snprintf(want, sizeof(want), "Name:\t%.15s\n", base);
	KTAP_EXPECT(!strncmp(text, want, strlen(want)), "self_status_name");
	KTAP_EXPECT(field("Pid") == getpid() && field("PPid") == getppid() &&
			    field("Tgid") == getpid(),
		    "self_status_pids");
	snprintf(want, sizeof(want), "\nUid:\t%u\t%u\t", getuid(), geteuid());
	KTAP_EXPECT(strstr(text, want) != NULL, "self_status_uid");
	KTAP_EXPECT(field("VmRSS") > 0 && field("VmSize") >= field("VmRSS"),
		    "self_status_vm");
}

static void check_cmdline(int argc, char **argv)
{
	int n = slurp(PROC "/self/cmdline"), off = 0, ok = n > 0;

	for (int i = 0; ok && i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		ok = off + (int)len <= n && !memcmp(text + off, argv[i], len);
		off += (int)len;
	}
	KTAP_EXPECT(ok && off == n, "self_cmdline_is_argv");
}

static void check_maps(const char *argv0)
{
	char exe[256];
	ssize_t n;
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	KTAP_EXPECT(slurp(PROC "/self/maps") > 0 && strstr(text, "[stack]\n"),
		    "self_maps_stack");
	KTAP_EXPECT(strstr(text, base) && strstr(text, " r-xp "),
		    "self_maps_executable");
	n = readlink(PROC "/self/exe", exe, sizeof(exe) - 1);
	if (n > 0)
		exe[n] = '\0';
	KTAP_EXPECT(n > 0 && strstr(exe, base), "self_exe");
	KTAP_EXPECT(slurp(PROC "/self/statm") > 0, "self_statm_read");
	{
		long size = 0, res = 0, shared = 0;

		KTAP_EXPECT(sscanf(text, "%ld %ld %ld", &size, &res, &shared) ==
					    3 &&
				    size >= res && res > 0,
			    "self_statm_sizes");
	}
}

static void check_system(void)
{
	double up = -1, idle = -1, l1 = -1, l5 = -1, l15 = -1;
	int run = 0, threads = 0, last = 0;
	long long btime = -1;
	const char *p;

	KTAP_EXPECT(slurp(PROC "/uptime") > 0 &&
			    sscanf(text, "%lf %lf", &up, &idle) == 2 &&
			    up > 0 && idle >= 0,
		    "uptime_two_numbers");
	KTAP_EXPECT(slurp(PROC "/loadavg") > 0 &&
			    sscanf(text, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15,
				   &run, &threads, &last) == 6 &&
			    l1 >= 0 && run >= 1 && threads >= run && last > 0,
		    "loadavg_fields");
	KTAP_EXPECT(slurp(PROC "/stat") > 0 && !strncmp(text, "cpu ", 4),
		    "stat_cpu_line");
	p = strstr(text, "\nbtime ");
	if (p)
		btime = strtoll(p + 7, NULL, 10);
	KTAP_EXPECT(btime > 0 && strstr(text, "\nctxt ") &&
			    strstr(text, "\nprocesses "),
		    "stat_btime_ctxt_processes");
	KTAP_EXPECT(slurp(PROC "/version") > 0 &&
			    !strncmp(text, "Linux version ", 14),
		    "version_prefix");
}

int main(int argc, char **argv)
{
	ktap_plan(24);
	mkdir(PROC, 0755);
	KTAP_EXPECT(mount("proc", PROC, "proc", 0, NULL) == 0, "mount_proc");
	check_meminfo();
	check_stat(argv[0]);
	check_status(argv[0]);
	check_cmdline(argc, argv);
	check_maps(argv[0]);
	check_system();
	if (umount2(PROC, 0) != 0)
		ktap_diag("umount2: %s", strerror(errno));
	rmdir(PROC);
	ktap_finish();
}
