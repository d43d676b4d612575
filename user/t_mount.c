/* SPDX-License-Identifier: MIT */
/*
 * t_mount: mount(2) and umount2 with tmpfs, proc and devtmpfs; a mount is
 * its own device; /proc/self, /proc/<pid> of a child appearing and going,
 * /proc/filesystems, /proc/mounts, /proc/self/exe; EBUSY,
 * EINVAL, ENODEV, ENOENT; MS_RDONLY giving EROFS. Run as root (pid 1's runner),
 * on keel and Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"

#define TMP "/t_mount_tmp"
#define PROC "/t_mount_proc"
#define DEV "/t_mount_dev"

/* Does file @path contain @needle? */
static int file_has(const char *path, const char *needle)
{
	static char buf[16384];
	int fd = open(path, O_RDONLY), n = 0, r;

	if (fd < 0)
		return 0;
	while (n < (int)sizeof(buf) - 1 &&
	       (r = (int)read(fd, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

int main(void)
{
	struct stat st_root, st, st2;
	char buf[64], want[64];
	int fd, ok;
	pid_t child;

	ktap_plan(24);
	mkdir(TMP, 0755);
	mkdir(PROC, 0755);
	mkdir(DEV, 0755);

	KTAP_EXPECT(mount("tmpfs", TMP, "tmpfs", 0, NULL) == 0, "mount_tmpfs");
	fd = open(TMP "/f", O_CREAT | O_RDWR, 0644);
	KTAP_EXPECT(fd >= 0 && write(fd, "hi", 2) == 2, "file_in_tmpfs");
	ok = stat("/", &st_root) == 0 && stat(TMP "/f", &st) == 0 &&
	     stat(TMP, &st2) == 0;
	KTAP_EXPECT(ok && st.st_dev != st_root.st_dev &&
			    st.st_dev == st2.st_dev,
		    "tmpfs_own_st_dev");
	KTAP_EXPECT(umount2(TMP, 0) == -1 && errno == EBUSY,
		    "umount_busy_open_file");
	close(fd);
	KTAP_EXPECT(mkdir(TMP "/sub", 0755) == 0 &&
			    umount2(TMP "/sub", 0) == -1 && errno == EINVAL,
		    "umount_not_mountpoint_einval");
	KTAP_EXPECT(mount("x", "/t_mount_nonexistent", "tmpfs", 0, NULL) ==
				    -1 &&
			    errno == ENOENT,
		    "mount_enoent");
	KTAP_EXPECT(mount("x", TMP, "no_such_fs_type", 0, NULL) == -1 &&
			    errno == ENODEV,
		    "mount_enodev");
	KTAP_EXPECT(mount("x", TMP "/f", "tmpfs", 0, NULL) == -1 &&
			    errno == ENOTDIR,
		    "mount_on_file_enotdir");

	/* read-only remount */
	KTAP_EXPECT(mount(NULL, TMP, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0,
		    "remount_ro");
	KTAP_EXPECT(open(TMP "/g", O_CREAT | O_WRONLY, 0644) == -1 &&
			    errno == EROFS,
		    "ro_create_erofs");
	KTAP_EXPECT(open(TMP "/f", O_WRONLY) == -1 && errno == EROFS &&
			    mkdir(TMP "/d2", 0755) == -1 && errno == EROFS,
		    "ro_write_mkdir_erofs");
	KTAP_EXPECT(mount(NULL, TMP, NULL, MS_REMOUNT, NULL) == 0 &&
			    (fd = open(TMP "/g", O_CREAT | O_WRONLY, 0644)) >=
				    0,
		    "remount_rw");
	if (fd >= 0)
		close(fd);

	/* proc */
	KTAP_EXPECT(mount("proc", PROC, "proc", 0, NULL) == 0, "mount_proc");
	snprintf(want, sizeof(want), "%d", (int)getpid());
	memset(buf, 0, sizeof(buf));
	KTAP_EXPECT(readlink(PROC "/self", buf, sizeof(buf) - 1) > 0 &&
			    strcmp(buf, want) == 0,
		    "proc_self_is_pid");
	KTAP_EXPECT(file_has(PROC "/filesystems", "nodev\ttmpfs\n") &&
			    file_has(PROC "/filesystems", "nodev\tproc\n"),
		    "proc_filesystems");
	KTAP_EXPECT(file_has(PROC "/mounts", "\ntmpfs " TMP " tmpfs rw") &&
			    file_has(PROC "/mounts", "\nproc " PROC " proc rw"),
		    "proc_mounts_lines");
	memset(buf, 0, sizeof(buf));
	KTAP_EXPECT(readlink(PROC "/self/exe", buf, sizeof(buf) - 1) > 0 &&
			    strcmp(buf, "/tests/t_mount") == 0,
		    "proc_self_exe");
	{
		int p[2];
		char c;
		char path[64];

		ok = pipe(p) == 0;
		child = fork();
		if (child == 0) {
			close(p[1]);
			read(p[0], &c, 1);
			_exit(0);
		}
		snprintf(path, sizeof(path), PROC "/%d", (int)child);
		KTAP_EXPECT(ok && child > 0 && stat(path, &st) == 0 &&
				    S_ISDIR(st.st_mode),
			    "proc_pid_dir_appears");
		close(p[1]);
		close(p[0]);
		waitpid(child, NULL, 0);
		KTAP_EXPECT(stat(path, &st) == -1 && errno == ENOENT,
			    "proc_pid_dir_gone_after_reap");
	}

	/* devtmpfs */
	KTAP_EXPECT(mount("devtmpfs", DEV, "devtmpfs", 0, NULL) == 0,
		    "mount_devtmpfs");
	KTAP_EXPECT(stat(DEV "/null", &st) == 0 && S_ISCHR(st.st_mode) &&
			    major(st.st_rdev) == 1 && minor(st.st_rdev) == 3 &&
			    (st.st_mode & 07777) == 0666,
		    "devtmpfs_null");

	KTAP_EXPECT(umount2(DEV, 0) == 0 && umount2(PROC, 0) == 0,
		    "umount_dev_proc");
	KTAP_EXPECT(umount2(TMP, 0) == 0 && stat(TMP "/f", &st) == -1 &&
			    errno == ENOENT,
		    "umount_tmpfs_gone");
	KTAP_EXPECT(umount2(TMP, 0) == -1 && errno == EINVAL,
		    "umount_again_einval");
	rmdir(TMP);
	rmdir(PROC);
	rmdir(DEV);
	ktap_finish();
}
