// SPDX-License-Identifier: MIT
/*
 * File descriptors and files: read, write, openat, close, lseek, pread64,
 * pwrite64, readv, writev, fstat, newfstatat, dup, dup2, dup3, fcntl, pipe2,
 * getcwd, chdir and umask, with the results and errno values Linux gives.
 *
 * Files are created in a fresh directory under /tmp when mkdir works (the
 * native Linux run) or in /tmp itself (an initramfs without mkdir), with the
 * pid in their names; they are removed at the end where unlink works.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes -D_GNU_SOURCE */
#endif
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static char workdir[64];
static int made_workdir;
static char created[32][PATH_MAX];
static int ncreated;

/* @buf = workdir/@name.<pid>, remembered for the clean-up. */
static const char *mkpath(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s.%d", workdir, name, (int)getpid());
	if (ncreated < 32)
		strcpy(created[ncreated++], buf);
	return buf;
}

/* A new empty file @name opened O_RDWR; -1 on failure. */
static int create_file(char *path, const char *name)
{
	mkpath(path, name);
	return (int)syscall(SYS_openat, AT_FDCWD, path,
			    O_CREAT | O_TRUNC | O_RDWR, 0644);
}

static int write_all(int fd, const void *buf, size_t n)
{
	return write(fd, buf, n) == (ssize_t)n;
}

static int test_openat_creat_excl(void)
{
	char p[PATH_MAX];
	int fd;

	mkpath(p, "excl");
	fd = (int)syscall(SYS_openat, AT_FDCWD, p, O_CREAT | O_EXCL | O_RDWR,
			  0644);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, p, O_CREAT | O_EXCL | O_RDWR,
			  0644),
		  EEXIST);
	/* Without O_EXCL an existing file opens. */
	fd = (int)syscall(SYS_openat, AT_FDCWD, p, O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_openat_enoent(void)
{
	char p[PATH_MAX];

	mkpath(p, "missing");
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), ENOENT);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, "/no/such/dir/x",
			  O_CREAT | O_RDWR, 0644),
		  ENOENT);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, "", O_RDONLY), ENOENT);
	return UTEST_PASS;
}

static int test_openat_lowest_fd(void)
{
	char p[PATH_MAX];
	int a, b, c;

	a = create_file(p, "lowest");
	CHECK(a >= 0);
	b = open(p, O_RDONLY);
	CHECK(b == a + 1 || b > a);
	CHECK(close(a) == 0);
	c = open(p, O_RDONLY);
	CHECK(c == a); /* the lowest free descriptor is reused */
	CHECK(close(b) == 0 && close(c) == 0);
	return UTEST_PASS;
}

static int test_write_read_back(void)
{
	char p[PATH_MAX], buf[32];
	int fd = create_file(p, "rw");

	CHECK(fd >= 0);
	CHECK(write(fd, "hello, world", 12) == 12);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 12);
	CHECK(memcmp(buf, "hello, world", 12) == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 0); /* end of file */
	CHECK(lseek(fd, 7, SEEK_SET) == 7);
	CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "wor", 3) == 0);
	CHECK(write(fd, "", 0) == 0);
	CHECK(read(fd, buf, 0) == 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_write_large(void)
{
	static unsigned char big[3 * 4096 + 123], back[sizeof(big)];
	char p[PATH_MAX];
	int fd = create_file(p, "large");
	size_t got = 0;

	CHECK(fd >= 0);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + 3);
	CHECK(write_all(fd, big, sizeof(big)));
	CHECK(close(fd) == 0);
	fd = open(p, O_RDONLY);
	CHECK(fd >= 0);
	while (got < sizeof(back)) {
		ssize_t r = read(fd, back + got, sizeof(back) - got);

		CHECK(r > 0);
		got += (size_t)r;
	}
	CHECK(memcmp(big, back, sizeof(big)) == 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_openat_trunc(void)
{
	char p[PATH_MAX];
	struct stat st;
	int fd = create_file(p, "trunc");

	CHECK(fd >= 0);
	CHECK(write_all(fd, "0123456789", 10));
	CHECK(close(fd) == 0);
	fd = (int)syscall(SYS_openat, AT_FDCWD, p, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0);
	CHECK(st.st_size == 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_openat_append(void)
{
	char p[PATH_MAX], buf[16];
	struct stat st;
	int fd = create_file(p, "append");

	CHECK(fd >= 0);
	CHECK(write_all(fd, "abc", 3));
	CHECK(close(fd) == 0);
	fd = (int)syscall(SYS_openat, AT_FDCWD, p, O_RDWR | O_APPEND);
	CHECK(fd >= 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "de", 2) == 2); /* goes to the end regardless */
	CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
	CHECK(pread(fd, buf, sizeof(buf), 0) == 5);
	CHECK(memcmp(buf, "abcde", 5) == 0);
	CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_openat_cloexec(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "cloexec"), fd2;

	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == 0);
	fd2 = (int)syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_CLOEXEC);
	CHECK(fd2 >= 0);
	CHECK(fcntl(fd2, F_GETFD) == FD_CLOEXEC);
	CHECK(close(fd) == 0 && close(fd2) == 0);
	return UTEST_PASS;
}

static int test_openat_directory(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "notdir");

	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_DIRECTORY),
		  ENOTDIR);
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	fd = (int)syscall(SYS_openat, AT_FDCWD, workdir,
			  O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_openat_dirfd(void)
{
	char p[PATH_MAX], name[64];
	int dfd, fd, ffd;

	fd = create_file(p, "dirfd");
	CHECK(fd >= 0);
	CHECK(write_all(fd, "xyz", 3));
	ffd = fd;
	dfd = (int)syscall(SYS_openat, AT_FDCWD, workdir,
			   O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	snprintf(name, sizeof(name), "dirfd.%d", (int)getpid());
	fd = (int)syscall(SYS_openat, dfd, name, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(lseek(fd, 0, SEEK_END) == 3);
	CHECK(close(fd) == 0);
	/* An absolute path ignores the directory descriptor. */
	fd = (int)syscall(SYS_openat, ffd, p, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	/* A relative path against a file is ENOTDIR, against no fd EBADF. */
	CHECK_ERR(syscall(SYS_openat, ffd, name, O_RDONLY), ENOTDIR);
	CHECK_ERR(syscall(SYS_openat, 999, name, O_RDONLY), EBADF);
	CHECK(close(dfd) == 0 && close(ffd) == 0);
	return UTEST_PASS;
}

static int test_open_dir_for_writing(void)
{
	int fd;
	char buf[8];

	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, "/", O_WRONLY), EISDIR);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, workdir, O_RDWR), EISDIR);
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERR(read(fd, buf, sizeof(buf)), EISDIR);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_close_ebadf(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "close");

	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	CHECK_ERR(syscall(SYS_close, fd), EBADF);
	CHECK_ERR(syscall(SYS_close, fd), EBADF);
	CHECK_ERR(syscall(SYS_close, -1), EBADF);
	CHECK_ERR(syscall(SYS_close, 1 << 30), EBADF);
	return UTEST_PASS;
}

static int test_read_write_ebadf(void)
{
	char p[PATH_MAX], buf[4];
	int fd = create_file(p, "badf");

	CHECK(fd >= 0);
	CHECK(write_all(fd, "data", 4));
	CHECK(close(fd) == 0);
	CHECK_ERR(read(-1, buf, 1), EBADF);
	CHECK_ERR(write(-1, buf, 1), EBADF);
	CHECK_ERR(read(fd, buf, 1), EBADF); /* closed */
	fd = open(p, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK(close(fd) == 0);
	fd = open(p, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_lseek(void)
{
	char p[PATH_MAX], buf[8];
	int fd = create_file(p, "lseek");

	CHECK(fd >= 0);
	CHECK(write_all(fd, "0123456789", 10));
	CHECK(lseek(fd, 0, SEEK_CUR) == 10);
	CHECK(lseek(fd, 2, SEEK_SET) == 2);
	CHECK(lseek(fd, 3, SEEK_CUR) == 5);
	CHECK(lseek(fd, -2, SEEK_CUR) == 3);
	CHECK(lseek(fd, 0, SEEK_END) == 10);
	CHECK(lseek(fd, -4, SEEK_END) == 6);
	CHECK(read(fd, buf, 2) == 2 && memcmp(buf, "67", 2) == 0);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -100, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, -11, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 77), EINVAL);
	CHECK(lseek(fd, 0, SEEK_CUR) == 8); /* failures moved nothing */
	CHECK_ERR(lseek(-1, 0, SEEK_SET), EBADF);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_lseek_hole(void)
{
	char p[PATH_MAX], buf[16];
	struct stat st;
	int fd = create_file(p, "hole");

	CHECK(fd >= 0);
	CHECK(write_all(fd, "ab", 2));
	CHECK(lseek(fd, 10, SEEK_SET) == 10); /* past the end is allowed */
	CHECK(fstat(fd, &st) == 0 && st.st_size == 2);
	CHECK(write(fd, "z", 1) == 1);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 11);
	CHECK(pread(fd, buf, sizeof(buf), 0) == 11);
	CHECK(memcmp(buf, "ab\0\0\0\0\0\0\0\0z", 11) == 0);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_lseek_espipe(void)
{
	int pfd[2];

	CHECK(pipe2(pfd, 0) == 0);
	CHECK_ERR(lseek(pfd[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(lseek(pfd[1], 0, SEEK_CUR), ESPIPE);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	return UTEST_PASS;
}

static int test_pread_pwrite(void)
{
	char p[PATH_MAX], buf[16];
	int fd = create_file(p, "pio"), pfd[2];

	CHECK(fd >= 0);
	CHECK(write_all(fd, "0123456789", 10));
	CHECK(lseek(fd, 4, SEEK_SET) == 4);
	CHECK(syscall(SYS_pwrite64, fd, "AB", 2, 1) == 2);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4); /* offset unchanged */
	memset(buf, 0, sizeof(buf));
	CHECK(syscall(SYS_pread64, fd, buf, 5, 0) == 5);
	CHECK(memcmp(buf, "0AB34", 5) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	CHECK(syscall(SYS_pread64, fd, buf, 5, 8) == 2); /* short at the end */
	CHECK(syscall(SYS_pread64, fd, buf, 5, 100) == 0);
	CHECK_ERR(syscall(SYS_pread64, fd, buf, 1, (long)-1), EINVAL);
	CHECK_ERR(syscall(SYS_pwrite64, fd, buf, 1, (long)-1), EINVAL);
	CHECK(read(fd, buf, 1) == 1 && buf[0] == '4');
	CHECK(pipe2(pfd, 0) == 0);
	CHECK_ERR(syscall(SYS_pread64, pfd[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(syscall(SYS_pwrite64, pfd[1], buf, 1, 0), ESPIPE);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_readv_writev(void)
{
	char p[PATH_MAX], a[4], b[1], c[8];
	struct iovec w[4] = {{"one", 3}, {"", 0}, {"two", 3}, {"three", 5}};
	struct iovec r[3] = {{a, 4}, {b, 0}, {c, 8}};
	int fd = create_file(p, "iov");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_writev, fd, w, 4) == 11);
	CHECK(lseek(fd, 0, SEEK_CUR) == 11);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	memset(c, 0, sizeof(c));
	CHECK(syscall(SYS_readv, fd, r, 3) == 11);
	CHECK(memcmp(a, "onet", 4) == 0);
	CHECK(memcmp(c, "wothree", 7) == 0);
	CHECK(syscall(SYS_readv, fd, r, 3) == 0); /* end of file */
	CHECK(syscall(SYS_writev, fd, w, 0) == 0);
	CHECK(syscall(SYS_writev, fd, &w[1], 1) == 0); /* only zero length */
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_iov_einval(void)
{
	char p[PATH_MAX];
	struct iovec w[2] = {{"ab", 2}, {"cd", (size_t)-1}};
	int fd = create_file(p, "ioveinval");

	CHECK(fd >= 0);
	CHECK_ERR(syscall(SYS_writev, fd, w, -1), EINVAL);
	CHECK_ERR(syscall(SYS_writev, fd, w, 1025), EINVAL); /* > UIO_MAXIOV */
	CHECK_ERR(syscall(SYS_readv, fd, w, 1025), EINVAL);
	/* A total length that does not fit in ssize_t. */
	CHECK_ERR(syscall(SYS_writev, fd, w, 2), EINVAL);
	CHECK(lseek(fd, 0, SEEK_END) == 0); /* nothing was written */
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_fstat(void)
{
	char p[PATH_MAX];
	struct stat st;
	int fd, pfd[2];
	mode_t old = umask(022);

	fd = create_file(p, "fstat");
	CHECK(fd >= 0);
	CHECK(write_all(fd, "12345", 5));
	memset(&st, 0xa5, sizeof(st));
	CHECK(syscall(SYS_fstat, fd, &st) == 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK((st.st_mode & 07777) == 0644);
	CHECK(st.st_size == 5);
	CHECK(st.st_nlink == 1);
	CHECK(st.st_uid == getuid() && st.st_gid == getgid());
	CHECK(st.st_blksize > 0);
	CHECK(pipe2(pfd, 0) == 0);
	CHECK(syscall(SYS_fstat, pfd[0], &st) == 0);
	CHECK(S_ISFIFO(st.st_mode));
	CHECK_ERR(syscall(SYS_fstat, -1, &st), EBADF);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0 && close(fd) == 0);
	umask(old);
	return UTEST_PASS;
}

static int test_newfstatat(void)
{
	char p[PATH_MAX], name[64];
	struct stat st, st2;
	int fd = create_file(p, "fstatat"), dfd;

	CHECK(fd >= 0);
	CHECK(write_all(fd, "abc", 3));
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0) == 0);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 3 && st.st_nlink == 1);
	CHECK(syscall(SYS_fstat, fd, &st2) == 0);
	CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	/* Relative to a directory descriptor. */
	dfd = open(workdir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	snprintf(name, sizeof(name), "fstatat.%d", (int)getpid());
	CHECK(syscall(SYS_newfstatat, dfd, name, &st2, 0) == 0);
	CHECK(st.st_ino == st2.st_ino);
	/* AT_EMPTY_PATH stats the descriptor itself. */
	CHECK(syscall(SYS_newfstatat, fd, "", &st2, AT_EMPTY_PATH) == 0);
	CHECK(st.st_ino == st2.st_ino && st2.st_size == 3);
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, "/", &st, 0) == 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, workdir, &st, 0) == 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "/no/such/file", &st, 0),
		  ENOENT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "", &st, 0), ENOENT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0x40000000),
		  EINVAL);
	CHECK(close(dfd) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_newfstatat_nofollow(void)
{
	char target[PATH_MAX], link[PATH_MAX];
	struct stat st;
	int fd = create_file(target, "symtarget");

	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	mkpath(link, "symlink");
	if (syscall(SYS_symlinkat, target, AT_FDCWD, link) != 0)
		return utest_skip("no symlinkat here");
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, link, &st,
		      AT_SYMLINK_NOFOLLOW) == 0);
	CHECK(S_ISLNK(st.st_mode));
	CHECK(st.st_size == (off_t)strlen(target));
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, link, &st, 0) == 0);
	CHECK(S_ISREG(st.st_mode));
	return UTEST_PASS;
}

static int test_dup(void)
{
	char p[PATH_MAX];
	int fd = (int)syscall(SYS_openat, AT_FDCWD, mkpath(p, "dup"),
			      O_CREAT | O_RDWR | O_CLOEXEC, 0644),
	    d;

	CHECK(fd >= 0);
	d = (int)syscall(SYS_dup, fd);
	CHECK(d >= 0 && d != fd);
	CHECK(fcntl(d, F_GETFD) == 0); /* the copy has no FD_CLOEXEC */
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	/* Both share one open file and its offset. */
	CHECK(write(fd, "abcdef", 6) == 6);
	CHECK(lseek(d, 0, SEEK_CUR) == 6);
	CHECK(lseek(d, 1, SEEK_SET) == 1);
	CHECK(lseek(fd, 0, SEEK_CUR) == 1);
	CHECK(close(fd) == 0);
	CHECK(write(d, "X", 1) == 1); /* still open through the copy */
	CHECK_ERR(syscall(SYS_dup, fd), EBADF);
	CHECK(close(d) == 0);
	return UTEST_PASS;
}

static int test_dup2(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "dup2"), other, r;

	CHECK(fd >= 0);
	other = open(p, O_RDONLY);
	CHECK(other >= 0);
	CHECK(syscall(SYS_dup2, fd, fd) == fd); /* same fd: just checks it */
	r = (int)syscall(SYS_dup2, fd, 100);
	CHECK(r == 100);
	CHECK(write(100, "abc", 3) == 3);
	CHECK(lseek(fd, 0, SEEK_CUR) == 3);
	/* An open target is closed first, silently. */
	CHECK(syscall(SYS_dup2, other, 100) == 100);
	CHECK(lseek(100, 0, SEEK_CUR) == 0);
	CHECK_ERR(write(100, "x", 1), EBADF); /* now the O_RDONLY file */
	CHECK_ERR(syscall(SYS_dup2, 555, 101), EBADF);
	CHECK_ERR(syscall(SYS_dup2, 555, 555), EBADF);
	CHECK_ERR(syscall(SYS_dup2, fd, -1), EBADF);
	CHECK(close(100) == 0 && close(other) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_dup3(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "dup3");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_dup3, fd, 102, O_CLOEXEC) == 102);
	CHECK(fcntl(102, F_GETFD) == FD_CLOEXEC);
	CHECK(syscall(SYS_dup3, fd, 103, 0) == 103);
	CHECK(fcntl(103, F_GETFD) == 0);
	CHECK_ERR(syscall(SYS_dup3, fd, fd, 0), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, fd, O_CLOEXEC), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, 104, O_NONBLOCK), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, 555, 104, 0), EBADF);
	CHECK(close(102) == 0 && close(103) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_fcntl_dupfd(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "dupfd"), a, b;

	CHECK(fd >= 0);
	a = (int)syscall(SYS_fcntl, fd, F_DUPFD, 200);
	CHECK(a == 200);
	b = (int)syscall(SYS_fcntl, fd, F_DUPFD, 200);
	CHECK(b == 201); /* the lowest free at or above the minimum */
	CHECK(fcntl(a, F_GETFD) == 0);
	CHECK(close(b) == 0);
	b = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 200);
	CHECK(b == 201);
	CHECK(fcntl(b, F_GETFD) == FD_CLOEXEC);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_DUPFD, 1 << 30), EINVAL);
	CHECK(close(a) == 0 && close(b) == 0 && close(fd) == 0);
	return UTEST_PASS;
}

static int test_fcntl_getfd_setfd(void)
{
	char p[PATH_MAX];
	int fd = create_file(p, "setfd");

	CHECK(fd >= 0);
	CHECK(syscall(SYS_fcntl, fd, F_GETFD) == 0);
	CHECK(syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(syscall(SYS_fcntl, fd, F_GETFD) == FD_CLOEXEC);
	CHECK(syscall(SYS_fcntl, fd, F_SETFD, 0) == 0);
	CHECK(syscall(SYS_fcntl, fd, F_GETFD) == 0);
	CHECK_ERR(syscall(SYS_fcntl, -1, F_GETFD), EBADF);
	CHECK_ERR(syscall(SYS_fcntl, fd, 0x7fff), EINVAL);
	CHECK(close(fd) == 0);
	return UTEST_PASS;
}

static int test_fcntl_getfl_setfl(void)
{
	char p[PATH_MAX], c;
	int fd = create_file(p, "setfl"), pfd[2];
	long fl;

	CHECK(fd >= 0);
	fl = syscall(SYS_fcntl, fd, F_GETFL);
	CHECK(fl >= 0 && (fl & O_ACCMODE) == O_RDWR);
	CHECK((fl & (O_NONBLOCK | O_APPEND | O_CREAT | O_TRUNC)) == 0);
	CHECK(close(fd) == 0);
	fd = open(p, O_WRONLY);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
	CHECK(close(fd) == 0);

	CHECK(pipe2(pfd, 0) == 0);
	fl = syscall(SYS_fcntl, pfd[0], F_GETFL);
	CHECK(fl >= 0 && (fl & O_ACCMODE) == O_RDONLY);
	CHECK((syscall(SYS_fcntl, pfd[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
	CHECK(syscall(SYS_fcntl, pfd[0], F_SETFL, fl | O_NONBLOCK) == 0);
	CHECK((syscall(SYS_fcntl, pfd[0], F_GETFL) & O_NONBLOCK) != 0);
	CHECK_ERR(read(pfd[0], &c, 1), EAGAIN);
	/* F_SETFL leaves the access mode alone. */
	CHECK(syscall(SYS_fcntl, pfd[0], F_SETFL, O_WRONLY) == 0);
	fl = syscall(SYS_fcntl, pfd[0], F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDONLY && (fl & O_NONBLOCK) == 0);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	return UTEST_PASS;
}

static int test_pipe2_nonblock(void)
{
	int pfd[2];
	char c;

	CHECK(syscall(SYS_pipe2, pfd, O_NONBLOCK) == 0);
	CHECK(pfd[0] >= 0 && pfd[1] >= 0 && pfd[0] != pfd[1]);
	CHECK_ERR(read(pfd[0], &c, 1), EAGAIN);
	CHECK(write(pfd[1], "q", 1) == 1);
	CHECK(read(pfd[0], &c, 1) == 1 && c == 'q');
	CHECK_ERR(read(pfd[0], &c, 1), EAGAIN);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	return UTEST_PASS;
}

static int test_pipe2_fill(void)
{
	static char chunk[4096];
	int pfd[2];
	size_t total = 0;
	ssize_t w;

	CHECK(syscall(SYS_pipe2, pfd, O_NONBLOCK) == 0);
	for (;;) {
		w = write(pfd[1], chunk, sizeof(chunk));
		if (w < 0)
			break;
		total += (size_t)w;
		CHECK(total <= (16u << 20));
	}
	CHECK(errno == EAGAIN);
	CHECK(total >= 4096); /* at least PIPE_BUF */
	CHECK(read(pfd[0], chunk, sizeof(chunk)) == sizeof(chunk));
	CHECK(write(pfd[1], "x", 1) == 1);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	return UTEST_PASS;
}

static int test_pipe_eof(void)
{
	int pfd[2];
	char buf[8];

	CHECK(syscall(SYS_pipe2, pfd, 0) == 0);
	CHECK(write(pfd[1], "ab", 2) == 2);
	CHECK(close(pfd[1]) == 0);
	CHECK(read(pfd[0], buf, sizeof(buf)) == 2);
	CHECK(read(pfd[0], buf, sizeof(buf)) == 0);
	CHECK(read(pfd[0], buf, sizeof(buf)) == 0);
	CHECK(close(pfd[0]) == 0);
	return UTEST_PASS;
}

static volatile sig_atomic_t sigpipe_count;

static void on_sigpipe(int sig)
{
	if (sig == SIGPIPE)
		sigpipe_count++;
}

static int test_pipe_epipe_ignored(void)
{
	struct sigaction sa = {.sa_handler = SIG_IGN}, old;
	int pfd[2];

	CHECK(sigaction(SIGPIPE, &sa, &old) == 0);
	CHECK(syscall(SYS_pipe2, pfd, 0) == 0);
	CHECK(close(pfd[0]) == 0);
	CHECK_ERR(write(pfd[1], "x", 1), EPIPE);
	CHECK(close(pfd[1]) == 0);
	CHECK(sigaction(SIGPIPE, &old, NULL) == 0);
	return UTEST_PASS;
}

static int test_pipe_epipe_handled(void)
{
	struct sigaction sa = {.sa_handler = on_sigpipe}, old;
	int pfd[2];

	sigpipe_count = 0;
	CHECK(sigaction(SIGPIPE, &sa, &old) == 0);
	CHECK(syscall(SYS_pipe2, pfd, 0) == 0);
	CHECK(close(pfd[0]) == 0);
	CHECK_ERR(write(pfd[1], "x", 1), EPIPE);
	CHECK(sigpipe_count == 1);
	CHECK(close(pfd[1]) == 0);
	CHECK(sigaction(SIGPIPE, &old, NULL) == 0);
	return UTEST_PASS;
}

static int test_pipe_epipe_default_kills(void)
{
	int pfd[2], status;
	pid_t pid;

	CHECK(syscall(SYS_pipe2, pfd, 0) == 0);
	CHECK(close(pfd[0]) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(pfd[1], "x", 1);
		_exit(7); /* not reached: SIGPIPE terminates */
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	CHECK(close(pfd[1]) == 0);
	return UTEST_PASS;
}

static int test_pipe2_cloexec(void)
{
	int pfd[2];

	CHECK(syscall(SYS_pipe2, pfd, O_CLOEXEC) == 0);
	CHECK(fcntl(pfd[0], F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(pfd[1], F_GETFD) == FD_CLOEXEC);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	CHECK(syscall(SYS_pipe2, pfd, 0) == 0);
	CHECK(fcntl(pfd[0], F_GETFD) == 0 && fcntl(pfd[1], F_GETFD) == 0);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	CHECK_ERR(syscall(SYS_pipe2, pfd, O_APPEND), EINVAL);
	return UTEST_PASS;
}

/* A blocked reader wakes when a child writes; data arrives in order. */
static int test_pipe_across_fork(void)
{
	int pfd[2], status;
	char buf[64];
	size_t got = 0;
	pid_t pid;

	CHECK(syscall(SYS_pipe2, pfd, 0) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct timespec ts = {0, 20 * 1000 * 1000};

		close(pfd[0]);
		nanosleep(&ts, NULL);
		write(pfd[1], "first ", 6);
		nanosleep(&ts, NULL);
		write(pfd[1], "second", 6);
		_exit(0);
	}
	CHECK(close(pfd[1]) == 0);
	for (;;) {
		ssize_t r = read(pfd[0], buf + got, sizeof(buf) - got);

		CHECK(r >= 0);
		if (r == 0)
			break;
		got += (size_t)r;
	}
	CHECK(got == 12 && memcmp(buf, "first second", 12) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(close(pfd[0]) == 0);
	return UTEST_PASS;
}

static int test_getcwd_chdir(void)
{
	char buf[PATH_MAX], p[PATH_MAX], name[64];
	long n;
	int fd;

	CHECK(syscall(SYS_chdir, "/") == 0);
	n = syscall(SYS_getcwd, buf, sizeof(buf));
	CHECK(n == 2 && strcmp(buf, "/") == 0); /* length counts the NUL */
	CHECK(syscall(SYS_chdir, workdir) == 0);
	n = syscall(SYS_getcwd, buf, sizeof(buf));
	CHECK(n == (long)strlen(workdir) + 1 && strcmp(buf, workdir) == 0);
	/* Relative paths resolve against the new directory. */
	fd = create_file(p, "cwd");
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	snprintf(name, sizeof(name), "cwd.%d", (int)getpid());
	fd = open(name, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);
	CHECK_ERR(syscall(SYS_getcwd, buf, strlen(workdir)), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, buf, 0), ERANGE);
	CHECK_ERR(syscall(SYS_chdir, p), ENOTDIR);
	CHECK_ERR(syscall(SYS_chdir, "/no/such/dir"), ENOENT);
	CHECK_ERR(syscall(SYS_chdir, ""), ENOENT);
	CHECK(syscall(SYS_chdir, "..") == 0);
	CHECK(syscall(SYS_chdir, "/") == 0);
	CHECK(syscall(SYS_chdir, "/..") == 0); /* ".." of the root is root */
	CHECK(syscall(SYS_getcwd, buf, sizeof(buf)) == 2 &&
	      strcmp(buf, "/") == 0);
	return UTEST_PASS;
}

static int test_umask(void)
{
	char p[PATH_MAX];
	struct stat st;
	mode_t old = (mode_t)syscall(SYS_umask, 027);
	int fd;

	CHECK(syscall(SYS_umask, 077) == 027);
	CHECK(syscall(SYS_umask, 0777 | 01000) == 077);
	CHECK(syscall(SYS_umask, 022) == 0777); /* only the permission bits */
	CHECK(syscall(SYS_umask, 027) == 022);
	fd = (int)syscall(SYS_openat, AT_FDCWD, mkpath(p, "umask"),
			  O_CREAT | O_EXCL | O_RDWR, 0666);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640);
	CHECK(close(fd) == 0);
	umask(old);
	return UTEST_PASS;
}

static const struct utest tests[] = {
	UTEST(test_openat_creat_excl),
	UTEST(test_openat_enoent),
	UTEST(test_openat_lowest_fd),
	UTEST(test_write_read_back),
	UTEST(test_write_large),
	UTEST(test_openat_trunc),
	UTEST(test_openat_append),
	UTEST(test_openat_cloexec),
	UTEST(test_openat_directory),
	UTEST(test_openat_dirfd),
	UTEST(test_open_dir_for_writing),
	UTEST(test_close_ebadf),
	UTEST(test_read_write_ebadf),
	UTEST(test_lseek),
	UTEST(test_lseek_hole),
	UTEST(test_lseek_espipe),
	UTEST(test_pread_pwrite),
	UTEST(test_readv_writev),
	UTEST(test_iov_einval),
	UTEST(test_fstat),
	UTEST(test_newfstatat),
	UTEST(test_newfstatat_nofollow),
	UTEST(test_dup),
	UTEST(test_dup2),
	UTEST(test_dup3),
	UTEST(test_fcntl_dupfd),
	UTEST(test_fcntl_getfd_setfd),
	UTEST(test_fcntl_getfl_setfl),
	UTEST(test_pipe2_nonblock),
	UTEST(test_pipe2_fill),
	UTEST(test_pipe_eof),
	UTEST(test_pipe_epipe_ignored),
	UTEST(test_pipe_epipe_handled),
	UTEST(test_pipe_epipe_default_kills),
	UTEST(test_pipe2_cloexec),
	UTEST(test_pipe_across_fork),
	UTEST(test_getcwd_chdir),
	UTEST(test_umask),
};

static void cleanup(void)
{
	for (int i = 0; i < ncreated; i++)
		unlink(created[i]);
	if (made_workdir)
		rmdir(workdir);
}

int main(void)
{
	/* mkdtemp needs mkdir, which the initramfs kernel may not have. */
	strcpy(workdir, "/tmp/t_files.XXXXXX");
	if (mkdtemp(workdir))
		made_workdir = 1;
	else
		strcpy(workdir, "/tmp");
	umask(022);
	atexit(cleanup);
	utest_run(tests, UTEST_COUNT(tests));
}
