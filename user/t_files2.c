// SPDX-License-Identifier: MIT
/*
 * The file system calls on names, attributes and times: mknodat,
 * symlinkat, readlinkat, linkat, renameat2, fchmodat, fchownat,
 * utimensat, statx, statfs, truncate, fsync, sync, syncfs, sendfile and
 * faccessat2, with Linux's results and errno values. Run as root on a
 * tmpfs/ramfs root, in a fresh directory under /tmp.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

/* struct statx (this libc may predate it). */
struct kstatx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct kstatx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct kstatx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare2[14];
};
#define KSTATX_SIZE 0x200U
#define KSTATX_BASIC_STATS 0x7ffU
#define KAT_STATX_FORCE_SYNC 0x2000
#define KAT_STATX_DONT_SYNC 0x4000

static char dir[64];
static char pbuf[4][PATH_MAX];

static const char *P(int i, const char *name)
{
	snprintf(pbuf[i], PATH_MAX, "%s/%s", dir, name);
	return pbuf[i];
}

static int mkfile(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	return fd;
}

static int test_mknodat(void)
{
	struct stat st;

	CHECK(syscall(SYS_mknodat, AT_FDCWD, P(0, "fifo"), S_IFIFO | 0644, 0) ==
	      0);
	CHECK(stat(P(0, "fifo"), &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(syscall(SYS_mknodat, AT_FDCWD, P(0, "reg"), 0644, 0) == 0);
	CHECK(stat(P(0, "reg"), &st) == 0 && S_ISREG(st.st_mode));
	CHECK(syscall(SYS_mknodat, AT_FDCWD, P(0, "chr"), S_IFCHR | 0600,
		      makedev(1, 3)) == 0);
	CHECK(stat(P(0, "chr"), &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	CHECK_ERR(
		syscall(SYS_mknodat, AT_FDCWD, P(0, "reg"), S_IFREG | 0644, 0),
		EEXIST);
	CHECK_ERR(syscall(SYS_mknodat, AT_FDCWD, P(0, "d"), S_IFDIR | 0755, 0),
		  EPERM);
	CHECK_ERR(
		syscall(SYS_mknodat, AT_FDCWD, P(0, "bad"), 0170000 | 0644, 0),
		EINVAL);
	CHECK_ERR(syscall(SYS_mknodat, AT_FDCWD, P(0, "no/x"), S_IFIFO, 0),
		  ENOENT);
	return UTEST_PASS;
}

static int test_symlink_readlink(void)
{
	char buf[64];
	struct stat st;

	CHECK(syscall(SYS_symlinkat, "target-x", AT_FDCWD, P(0, "sl")) == 0);
	CHECK(lstat(P(0, "sl"), &st) == 0 && S_ISLNK(st.st_mode) &&
	      st.st_size == 8);
	CHECK(syscall(SYS_readlinkat, AT_FDCWD, P(0, "sl"), buf, sizeof(buf)) ==
	      8);
	CHECK(memcmp(buf, "target-x", 8) == 0);
	CHECK(syscall(SYS_readlinkat, AT_FDCWD, P(0, "sl"), buf, 3) == 3);
	CHECK_ERR(syscall(SYS_symlinkat, "y", AT_FDCWD, P(0, "sl")), EEXIST);
	CHECK_ERR(syscall(SYS_symlinkat, "", AT_FDCWD, P(0, "sl2")), ENOENT);
	CHECK_ERR(syscall(SYS_readlinkat, AT_FDCWD, dir, buf, sizeof(buf)),
		  EINVAL);
	return UTEST_PASS;
}

static int test_linkat(void)
{
	struct stat st;
	int fd = mkfile(P(0, "lk"), "abc");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_linkat, AT_FDCWD, P(0, "lk"), AT_FDCWD, P(1, "lk2"),
		      0) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 2);
	CHECK_ERR(syscall(SYS_linkat, AT_FDCWD, P(0, "lk"), AT_FDCWD,
			  P(1, "lk2"), 0),
		  EEXIST);
	CHECK_ERR(syscall(SYS_linkat, AT_FDCWD, dir, AT_FDCWD, P(1, "dl"), 0),
		  EPERM);
	CHECK_ERR(syscall(SYS_linkat, AT_FDCWD, P(0, "lk"), AT_FDCWD, P(1, "x"),
			  0x1),
		  EINVAL);
	/* AT_EMPTY_PATH links the open file (root may). */
	CHECK(syscall(SYS_linkat, fd, "", AT_FDCWD, P(1, "lk3"),
		      AT_EMPTY_PATH) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 3);
	/* A symlink is linked itself unless AT_SYMLINK_FOLLOW. */
	CHECK(symlink(P(0, "lk"), P(1, "lks")) == 0);
	CHECK(syscall(SYS_linkat, AT_FDCWD, P(1, "lks"), AT_FDCWD, P(2, "lks2"),
		      0) == 0);
	CHECK(lstat(P(2, "lks2"), &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(syscall(SYS_linkat, AT_FDCWD, P(1, "lks"), AT_FDCWD, P(2, "lks3"),
		      AT_SYMLINK_FOLLOW) == 0);
	CHECK(lstat(P(2, "lks3"), &st) == 0 && S_ISREG(st.st_mode));
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 4);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

#define RENAME_NOREPLACE_ 1
#define RENAME_EXCHANGE_ 2
#define RENAME_WHITEOUT_ 4

static long ren(const char *a, const char *b, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static int test_rename(void)
{
	struct stat st;
	char buf[8];
	int fd;

	CHECK(mkdir(P(0, "r"), 0755) == 0);
	fd = mkfile(P(0, "r/a"), "A");
	CHECK(fd >= 0 && close(fd) == 0);
	fd = mkfile(P(0, "r/b"), "B");
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(ren(P(0, "r/a"), P(1, "r/c"), 0) == 0);
	CHECK_ERR(stat(P(0, "r/a"), &st), ENOENT);
	CHECK_ERR(ren(P(0, "r/c"), P(1, "r/b"), RENAME_NOREPLACE_), EEXIST);
	CHECK(ren(P(0, "r/c"), P(1, "r/b"), RENAME_EXCHANGE_) == 0);
	fd = open(P(0, "r/b"), O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 1) == 1 && buf[0] == 'A');
	CHECK(close(fd) == 0);
	CHECK(ren(P(0, "r/c"), P(1, "r/b"), 0) == 0); /* replaces */
	CHECK_ERR(stat(P(0, "r/c"), &st), ENOENT);
	CHECK_ERR(ren(P(0, "r/c"), P(1, "r/d"), RENAME_EXCHANGE_), ENOENT);
	CHECK_ERR(ren(P(0, "r/b"), P(1, "r/d"),
		      RENAME_WHITEOUT_ | RENAME_EXCHANGE_),
		  EINVAL);
	CHECK_ERR(ren(P(0, "r/b"), P(1, "r/d"),
		      RENAME_NOREPLACE_ | RENAME_EXCHANGE_),
		  EINVAL);
	/* Directories: over an empty one, never under itself. */
	CHECK(mkdir(P(0, "r/d1"), 0755) == 0);
	CHECK(mkdir(P(0, "r/d2"), 0755) == 0);
	CHECK(mkdir(P(0, "r/d1/sub"), 0755) == 0);
	CHECK_ERR(ren(P(0, "r/d1"), P(1, "r/d1/sub/x"), 0), EINVAL);
	CHECK_ERR(ren(P(0, "r/d1"), P(1, "r/b"), 0), ENOTDIR);
	CHECK_ERR(ren(P(0, "r/b"), P(1, "r/d2"), 0), EISDIR);
	CHECK_ERR(ren(P(0, "r/d2"), P(1, "r/d1"), 0), ENOTEMPTY);
	CHECK_ERR(ren(P(0, "r/d1/sub"), P(1, "r/d1"), 0), ENOTEMPTY);
	CHECK(ren(P(0, "r/d1"), P(1, "r/d2"), 0) == 0);
	CHECK(stat(P(0, "r/d2/sub"), &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(stat(P(0, "r"), &st) == 0 && st.st_nlink == 3);
	/* Moving a directory to another parent moves its ".." link. */
	CHECK(ren(P(0, "r/d2/sub"), P(1, "r/sub"), 0) == 0);
	CHECK(stat(P(0, "r"), &st) == 0 && st.st_nlink == 4);
	CHECK(stat(P(0, "r/d2"), &st) == 0 && st.st_nlink == 2);
	/* Two names of one inode: nothing happens. */
	CHECK(link(P(0, "r/b"), P(1, "r/b2")) == 0);
	CHECK(ren(P(0, "r/b"), P(1, "r/b2"), 0) == 0);
	CHECK(stat(P(0, "r/b"), &st) == 0 && st.st_nlink == 2);
	CHECK_ERR(ren(P(0, "r/nope"), P(1, "r/x"), 0), ENOENT);
	CHECK_ERR(syscall(SYS_rename, P(0, "r/."), P(1, "r/x")), EBUSY);
	return UTEST_PASS;
}

static int test_chmod_chown(void)
{
	struct stat st;
	int fd = mkfile(P(0, "ch"), "");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_fchmodat, AT_FDCWD, P(0, "ch"), 0600) == 0);
	CHECK(stat(P(0, "ch"), &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK(fchmod(fd, 06755) == 0);
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 06755);
	/* chown drops set-user-ID, and set-group-ID with group x. */
	CHECK(syscall(SYS_fchownat, AT_FDCWD, P(0, "ch"), 1000, 1000, 0) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_uid == 1000 && st.st_gid == 1000);
	CHECK((st.st_mode & 07777) == 0755);
	CHECK(fchown(fd, (uid_t)-1, 0) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_uid == 1000 && st.st_gid == 0);
	CHECK(symlink(P(0, "ch"), P(1, "chl")) == 0);
	CHECK(lchown(P(1, "chl"), 7, 7) == 0);
	CHECK(lstat(P(1, "chl"), &st) == 0 && st.st_uid == 7);
	CHECK(stat(P(1, "chl"), &st) == 0 && st.st_uid == 1000);
	CHECK_ERR(syscall(SYS_fchownat, AT_FDCWD, P(0, "ch"), 1, 1, 0x1),
		  EINVAL);
	CHECK_ERR(fchmod(-1, 0), EBADF);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_chown_nonroot(void)
{
	int st;
	pid_t pid;
	int fd = mkfile(P(0, "nr"), "");

	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(chown(P(0, "nr"), 1000, 1000) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int step = 1;

		if (setgid(1000) || setuid(1000))
			_exit(step);
		step++;
		if (chown(P(0, "nr"), 0, -1) != -1 || errno != EPERM)
			_exit(step);
		step++;
		if (chown(P(0, "nr"), -1, 5) != -1 || errno != EPERM)
			_exit(step);
		step++;
		if (chown(P(0, "nr"), 1000, 1000) != 0)
			_exit(step);
		step++;
		if (chmod(P(0, "nr"), 0600) != 0)
			_exit(step);
		step++;
		if (chmod(dir, 0777) != -1 || errno != EPERM)
			_exit(step);
		step++;
		if (utimensat(AT_FDCWD, dir, NULL, 0) != -1 || errno != EACCES)
			_exit(step);
		step++;
		if (syscall(SYS_chroot, "/") != -1 || errno != EPERM)
			_exit(step);
		step++;
		if (syscall(SYS_mknodat, AT_FDCWD, P(1, "dev"), S_IFCHR | 0600,
			    0) != -1 ||
		    (errno != EPERM && errno != EACCES))
			_exit(step);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		ktap_diag("child status %#x (exit: failed step)", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return UTEST_PASS;
}

static int test_utimensat(void)
{
	struct timespec ts[2] = {{1000, 5}, {2000, 7}};
	struct stat st;
	int fd = mkfile(P(0, "ut"), "");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_utimensat, AT_FDCWD, P(0, "ut"), ts, 0) == 0);
	CHECK(stat(P(0, "ut"), &st) == 0 && st.st_atim.tv_sec == 1000 &&
	      st.st_atim.tv_nsec == 5 && st.st_mtim.tv_sec == 2000 &&
	      st.st_mtim.tv_nsec == 7);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	CHECK(syscall(SYS_utimensat, fd, NULL, ts, 0) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_atim.tv_sec == 1000 &&
	      st.st_mtim.tv_sec > 1000000000); /* now: a wall-clock time */
	ts[0].tv_nsec = 1000000000;
	CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, P(0, "ut"), ts, 0), EINVAL);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_OMIT;
	CHECK(syscall(SYS_utimensat, AT_FDCWD, P(0, "missing"), ts, 0) == 0);
	CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, P(0, "missing"), NULL, 0),
		  ENOENT);
	CHECK_ERR(syscall(SYS_utimensat, fd, NULL, NULL, AT_SYMLINK_NOFOLLOW),
		  EINVAL);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_statx(void)
{
	struct kstatx stx;
	struct stat st;
	int fd = mkfile(P(0, "sx"), "hello");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_statx, AT_FDCWD, P(0, "sx"), 0, KSTATX_BASIC_STATS,
		      &stx) == 0);
	CHECK((stx.stx_mask & KSTATX_BASIC_STATS) == KSTATX_BASIC_STATS);
	CHECK(fstat(fd, &st) == 0);
	CHECK(stx.stx_size == 5 && stx.stx_ino == st.st_ino &&
	      stx.stx_nlink == 1 && S_ISREG(stx.stx_mode));
	CHECK(stx.stx_dev_major == major(st.st_dev) &&
	      stx.stx_dev_minor == minor(st.st_dev));
	CHECK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH | KAT_STATX_DONT_SYNC,
		      KSTATX_SIZE, &stx) == 0 &&
	      stx.stx_size == 5);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, P(0, "sx"),
			  KAT_STATX_FORCE_SYNC | KAT_STATX_DONT_SYNC,
			  KSTATX_BASIC_STATS, &stx),
		  EINVAL);
	CHECK_ERR(
		syscall(SYS_statx, AT_FDCWD, P(0, "sx"), 0, 0x80000000U, &stx),
		EINVAL);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, "", 0, KSTATX_BASIC_STATS, &stx),
		  ENOENT);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_statfs(void)
{
	struct statfs sf;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	CHECK(fd >= 0);
	CHECK(syscall(SYS_statfs, dir, &sf) == 0);
	CHECK(sf.f_type == 0x858458f6 || sf.f_type == 0x01021994);
	CHECK(sf.f_namelen == 255 && sf.f_bsize == 4096);
	CHECK(syscall(SYS_fstatfs, fd, &sf) == 0 && sf.f_namelen == 255);
	CHECK_ERR(syscall(SYS_fstatfs, -1, &sf), EBADF);
	CHECK_ERR(syscall(SYS_statfs, P(0, "missing"), &sf), ENOENT);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_truncate_sync(void)
{
	struct stat st;
	int p[2], fd = mkfile(P(0, "tr"), "0123456789");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_truncate, P(0, "tr"), 4) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 4);
	CHECK_ERR(syscall(SYS_truncate, dir, 0), EISDIR);
	CHECK_ERR(syscall(SYS_truncate, P(0, "tr"), (long)-1), EINVAL);
	CHECK(fsync(fd) == 0 && fdatasync(fd) == 0 && syncfs(fd) == 0);
	sync();
	CHECK_ERR(fsync(-1), EBADF);
	CHECK(pipe(p) == 0);
	CHECK_ERR(fsync(p[0]), EINVAL);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_sendfile(void)
{
	char buf[16];
	off_t off = 2;
	int p[2], out, in = mkfile(P(0, "sfi"), "abcdefgh");

	CHECK(in >= 0);
	out = open(P(1, "sfo"), O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(out >= 0);
	CHECK(lseek(in, 1, SEEK_SET) == 1);
	CHECK(syscall(SYS_sendfile, out, in, &off, 3) == 3);
	CHECK(off == 5 && lseek(in, 0, SEEK_CUR) == 1);
	CHECK(syscall(SYS_sendfile, out, in, NULL, 100) == 7);
	CHECK(lseek(in, 0, SEEK_CUR) == 8);
	CHECK(pread(out, buf, sizeof(buf), 0) == 10);
	CHECK(memcmp(buf, "cdebcdefgh", 10) == 0);
	CHECK(pipe(p) == 0);
	off = 0;
	CHECK(syscall(SYS_sendfile, p[1], in, &off, 4) == 4);
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "abcd", 4) == 0);
	CHECK_ERR(syscall(SYS_sendfile, out, p[0], NULL, 4), EINVAL);
	CHECK_ERR(syscall(SYS_sendfile, out, -1, NULL, 4), EBADF);
	CHECK(close(out) == 0);
	out = open(P(1, "sfo"), O_WRONLY | O_APPEND);
	CHECK(out >= 0);
	CHECK_ERR(syscall(SYS_sendfile, out, in, NULL, 4), EINVAL);
	CHECK(close(out) == 0 && close(in) == 0);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	return UTEST_PASS;
}

static int test_faccessat2(void)
{
	int fd = mkfile(P(0, "ac"), "");

	CHECK(fd >= 0 && fchmod(fd, 0644) == 0);
	CHECK(syscall(SYS_faccessat2, AT_FDCWD, P(0, "ac"), R_OK | W_OK,
		      AT_EACCESS) == 0);
	CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, P(0, "ac"), X_OK, 0),
		  EACCES);
	CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, P(0, "ac"), 8, 0), EINVAL);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_chroot(void)
{
	int st;
	pid_t pid;

	CHECK(mkdir(P(0, "root"), 0755) == 0);
	CHECK(mkdir(P(0, "root/inner"), 0755) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct stat a, b;
		int ok = syscall(SYS_chroot, P(0, "root")) == 0 &&
			 chdir("/") == 0;

		/* ".." stops at the new root. */
		ok = ok && stat("/..", &a) == 0 && stat("/", &b) == 0 &&
		     a.st_ino == b.st_ino;
		ok = ok && stat("/inner", &a) == 0 && S_ISDIR(a.st_mode);
		ok = ok && syscall(SYS_chroot, "/missing") == -1 &&
		     errno == ENOENT;
		_exit(ok ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return UTEST_PASS;
}

static int test_fifo(void)
{
	char buf[8];
	int r, w, st;
	pid_t pid;

	CHECK(mkfifo(P(0, "ff"), 0644) == 0);
	CHECK_ERR(open(P(0, "ff"), O_WRONLY | O_NONBLOCK), ENXIO);
	r = open(P(0, "ff"), O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0);
	CHECK(read(r, buf, sizeof(buf)) == 0); /* no writer: end of file */
	w = open(P(0, "ff"), O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0);
	CHECK(write(w, "xyz", 3) == 3);
	CHECK(read(r, buf, sizeof(buf)) == 3 && memcmp(buf, "xyz", 3) == 0);
	CHECK_ERR(lseek(r, 0, SEEK_SET), ESPIPE);
	CHECK(close(r) == 0 && close(w) == 0);
	/* Blocking opens wait for the other side. */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int fd = open(P(0, "ff"), O_WRONLY);

		_exit(fd >= 0 && write(fd, "hi", 2) == 2 ? 0 : 1);
	}
	r = open(P(0, "ff"), O_RDONLY);
	CHECK(r >= 0);
	CHECK(read(r, buf, 2) == 2 && memcmp(buf, "hi", 2) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	CHECK(read(r, buf, 2) == 0);
	CHECK(close(r) == 0);
	/* O_RDWR never waits. */
	r = open(P(0, "ff"), O_RDWR);
	CHECK(r >= 0 && close(r) == 0);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_fifo),
	UTEST(test_mknodat),
	UTEST(test_symlink_readlink),
	UTEST(test_linkat),
	UTEST(test_rename),
	UTEST(test_chmod_chown),
	UTEST(test_chown_nonroot),
	UTEST(test_utimensat),
	UTEST(test_statx),
	UTEST(test_statfs),
	UTEST(test_truncate_sync),
	UTEST(test_sendfile),
	UTEST(test_faccessat2),
	UTEST(test_chroot),
};

int main(void)
{
	strcpy(dir, "/tmp/t_files2.XXXXXX");
	if (!mkdtemp(dir)) {
		ktap_plan(1);
		ktap_result(0, "mkdtemp");
		return 1;
	}
	chmod(dir, 0755);
	umask(022);
	utest_run(tests, UTEST_COUNT(tests));
}
