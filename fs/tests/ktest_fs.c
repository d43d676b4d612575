// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of the file layer: an archive built here unpacked into
 * the tree and read back through filp_open/kernel_read, the open flags
 * and their errors, fd tables (dup, close-on-exec, fork's copy), and a
 * pipe between two kernel threads (64 KiB ring wrapping, EOF, EPIPE,
 * EAGAIN). Run in pid 1 with a files_struct and fs_struct of their own.
 */
#include "fs/internal.h"
#include "kernel/arch/console.h"
#include "kernel/arch/irq.h"
#include "kernel/arch/setup.h"
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "mm/slab.h"

#define WAIT_JIFFIES (10 * HZ)

/* --- a small newc writer --- */

struct ar {
	char *b;
	size_t len, cap;
};

static void ar_pad(struct ar *a)
{
	while (a->len & 3)
		a->b[a->len++] = 0;
}

static void ar_entry(struct ar *a, const char *name, u32 mode, u32 ino,
		     u32 nlink, const char *data, u32 rmaj, u32 rmin)
{
	size_t nlen = strlen(name) + 1, dlen = data ? strlen(data) : 0;

	if (a->len + 110 + nlen + dlen + 8 > a->cap)
		return;
	a->len += (size_t)ksnprintf(
		a->b + a->len, a->cap - a->len,
		"070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		ino, mode, 0, 0, nlink, 0, (u32)dlen, 0, 0, rmaj, rmin,
		(u32)nlen, 0);
	memcpy(a->b + a->len, name, nlen);
	a->len += nlen;
	ar_pad(a);
	if (dlen)
		memcpy(a->b + a->len, data, dlen);
	a->len += dlen;
	ar_pad(a);
}

/* The test tree, unpacked once, under /ktfs. */
static int ktfs_unpacked;

static int ktfs_setup(void)
{
	struct ar a = {.cap = 4096};
	int ret;

	if (ktfs_unpacked)
		return ktfs_unpacked;
	a.b = kzalloc(a.cap, GFP_KERNEL);
	if (!a.b)
		return -ENOMEM;
	ar_entry(&a, "ktfs", S_IFDIR | 0755, 1, 2, NULL, 0, 0);
	ar_entry(&a, "ktfs/hello", S_IFREG | 0644, 2, 1, "hello world\n", 0, 0);
	ar_entry(&a, "ktfs/prog", S_IFREG | 0755, 3, 1, "\177ELF", 0, 0);
	ar_entry(&a, "ktfs/link", S_IFLNK | 0777, 4, 1, "hello", 0, 0);
	ar_entry(&a, "ktfs/loop", S_IFLNK | 0777, 5, 1, "loop", 0, 0);
	ar_entry(&a, "ktfs/a", S_IFREG | 0600, 6, 2, NULL, 0, 0);
	ar_entry(&a, "ktfs/b", S_IFREG | 0600, 6, 2, "linked", 0, 0);
	ar_entry(&a, "ktfs/null", S_IFCHR | 0666, 7, 1, NULL, 1, 3);
	ar_entry(&a, "ktfs/sub", S_IFDIR | 0700, 8, 2, NULL, 0, 0);
	ar_entry(&a, "ktfs/nodev", S_IFCHR | 0666, 9, 1, NULL, 42, 42);
	ar_entry(&a, "TRAILER!!!", 0, 0, 1, NULL, 0, 0);
	initfs_init();
	ret = initfs_unpack(a.b, a.len, "ktest");
	kfree(a.b);
	ktfs_unpacked = ret;
	return ret;
}

/* Give pid 1 a files_struct and fs_struct for one test. */
struct saved_ctx {
	struct files_struct *files;
	struct fs_struct *fs;
	struct rlimit64 nofile;
};

static bool ctx_enter(struct ktest_ctx *t, struct saved_ctx *s)
{
	int ret = ktfs_setup();

	if (ret != 10) {
		ktest_fail(t, __FILE__, __LINE__, "unpack gave %d, not 10",
			   ret);
		return false;
	}
	s->files = current->files;
	s->fs = current->fs;
	s->nofile = current->rlim[RLIMIT_NOFILE];
	current->rlim[RLIMIT_NOFILE].rlim_cur = NR_OPEN_MAX;
	current->rlim[RLIMIT_NOFILE].rlim_max = 4096;
	current->files = files_alloc();
	current->fs = fs_struct_alloc();
	if (!current->files || !current->fs) {
		ktest_fail(t, __FILE__, __LINE__, "no memory");
		return false;
	}
	return true;
}

static void ctx_leave(struct saved_ctx *s)
{
	exit_files(current);
	exit_fs(current);
	current->files = s->files;
	current->fs = s->fs;
	current->rlim[RLIMIT_NOFILE] = s->nofile;
}

static ssize_t read_all(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1, 0);
	fput(f);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static long open_err(const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0644);

	if (IS_ERR(f))
		return PTR_ERR(f);
	fput(f);
	return 0;
}

KTEST(fs, fs_unpack_and_read)
{
	struct saved_ctx s;
	char buf[64];
	struct file *f;

	if (!ctx_enter(t, &s))
		return;
	KTEST_EXPECT_EQ(t, read_all("/ktfs/hello", buf, sizeof(buf)), 12);
	KTEST_EXPECT_STREQ(t, buf, "hello world\n");
	/* a symlink, followed; a relative path from the cwd */
	KTEST_EXPECT_EQ(t, read_all("/ktfs/link", buf, sizeof(buf)), 12);
	KTEST_EXPECT_EQ(t, read_all("ktfs/../ktfs/./link", buf, sizeof(buf)),
			12);
	/* hard links: the data came with the second name */
	KTEST_EXPECT_EQ(t, read_all("/ktfs/a", buf, sizeof(buf)), 6);
	KTEST_EXPECT_STREQ(t, buf, "linked");
	KTEST_EXPECT_EQ(t, read_all("/ktfs/b", buf, sizeof(buf)), 6);
	/* reading at an offset */
	f = filp_open("/ktfs/hello", O_RDONLY, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, 5, 6), 5);
	KTEST_EXPECT_EQ(t, memcmp(buf, "world", 5), 0);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, 5, 100), 0);
	/* exec permission: root needs some x bit */
	KTEST_EXPECT_EQ(t, may_exec(f->f_inode), -EACCES);
	fput(f);
	f = filp_open("/ktfs/prog", O_RDONLY, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_EQ(t, may_exec(f->f_inode), 0);
	fput(f);
	/* the default nodes */
	f = filp_open("/dev/console", O_RDWR | O_NONBLOCK, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_TRUE(t, S_ISCHR(f->f_inode->i_mode));
	KTEST_EXPECT_EQ(t, f->f_inode->i_rdev, MKDEV(5, 1));
	fput(f);
	KTEST_EXPECT_EQ(t, open_err("/root", O_RDONLY | O_DIRECTORY), 0);
	ctx_leave(&s);
}

KTEST(fs, fs_open_errors)
{
	struct saved_ctx s;
	char name[300];

	if (!ctx_enter(t, &s))
		return;
	KTEST_EXPECT_EQ(t, open_err("/ktfs/nothere", O_RDONLY), -ENOENT);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/hello/", O_RDONLY), -ENOTDIR);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/hello/x", O_RDONLY), -ENOTDIR);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/hello", O_RDONLY | O_DIRECTORY),
			-ENOTDIR);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/sub", O_WRONLY), -EISDIR);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/loop", O_RDONLY), -ELOOP);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/link", O_RDONLY | O_NOFOLLOW),
			-ELOOP);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/hello", O_CREAT | O_EXCL | O_RDWR),
			-EEXIST);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/nodev", O_RDONLY), -ENXIO);
	KTEST_EXPECT_EQ(t, open_err("", O_RDONLY), -ENOENT);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/hello", O_ACCMODE), -EINVAL);
	memset(name, 'x', sizeof(name));
	memcpy(name, "/ktfs/", 6);
	name[sizeof(name) - 1] = '\0';
	KTEST_EXPECT_EQ(t, open_err(name, O_RDONLY), -ENAMETOOLONG);
	ctx_leave(&s);
}

KTEST(fs, fs_create_write_truncate)
{
	struct saved_ctx s;
	struct file *f;
	char buf[32];

	if (!ctx_enter(t, &s))
		return;
	f = filp_open("/ktfs/sub/new", O_CREAT | O_EXCL | O_RDWR, 0666);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	/* umask 0022 applied */
	KTEST_EXPECT_EQ(t, f->f_inode->i_mode, S_IFREG | 0644);
	KTEST_EXPECT_EQ(t, kernel_write(f, "abcdef", 6, 0), 6);
	KTEST_EXPECT_EQ(t, kernel_write(f, "XY", 2, 10), 2);
	KTEST_EXPECT_EQ(t, f->f_inode->i_size, 12);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, sizeof(buf), 0), 12);
	KTEST_EXPECT_EQ(t, memcmp(buf, "abcdef\0\0\0\0XY", 12), 0);
	fput(f);
	/* O_APPEND writes at the end whatever the position */
	f = filp_open("/ktfs/sub/new", O_WRONLY | O_APPEND, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_EQ(t, kernel_write(f, "Z", 1, 0), 1);
	KTEST_EXPECT_EQ(t, f->f_inode->i_size, 13);
	fput(f);
	/* O_TRUNC */
	f = filp_open("/ktfs/sub/new", O_WRONLY | O_TRUNC, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_EQ(t, f->f_inode->i_size, 0);
	fput(f);
	/* O_CREAT through a dangling symlink creates its target; a loop
	 * of symlinks is ELOOP */
	mutex_lock(&fs_lock);
	KTEST_EXPECT_EQ(t,
			tree_symlink(tree_lookup(fs_root, "ktfs", 4), "dang", 4,
				     "sub/target", 10, 0, 0, NULL),
			0);
	mutex_unlock(&fs_lock);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/dang", O_CREAT | O_WRONLY), 0);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/sub/target", O_RDONLY), 0);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/dang", O_CREAT | O_EXCL | O_WRONLY),
			-EEXIST);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/loop", O_CREAT | O_WRONLY), -ELOOP);
	KTEST_EXPECT_EQ(t, do_unlinkat(AT_FDCWD, "/ktfs/dang", false), 0);
	KTEST_EXPECT_EQ(t, do_unlinkat(AT_FDCWD, "/ktfs/sub/target", false), 0);
	/* mkdir and unlink on kernel paths */
	KTEST_EXPECT_EQ(t, do_mkdirat(AT_FDCWD, "/ktfs/sub/d", 0777), 0);
	KTEST_EXPECT_EQ(t, do_mkdirat(AT_FDCWD, "/ktfs/sub/d", 0777), -EEXIST);
	KTEST_EXPECT_EQ(t, do_unlinkat(AT_FDCWD, "/ktfs/sub/d", false),
			-EISDIR);
	KTEST_EXPECT_EQ(t, do_unlinkat(AT_FDCWD, "/ktfs/sub", true),
			-ENOTEMPTY);
	KTEST_EXPECT_EQ(t, do_unlinkat(AT_FDCWD, "/ktfs/sub/d", true), 0);
	/* an open file outlives its name */
	f = filp_open("/ktfs/sub/new", O_RDWR, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_EQ(t, do_unlinkat(AT_FDCWD, "/ktfs/sub/new", false), 0);
	KTEST_EXPECT_EQ(t, open_err("/ktfs/sub/new", O_RDONLY), -ENOENT);
	KTEST_EXPECT_EQ(t, kernel_write(f, "still", 5, 0), 5);
	KTEST_EXPECT_EQ(t, kernel_read(f, buf, sizeof(buf), 0), 5);
	fput(f);
	ctx_leave(&s);
}

KTEST(fs, fs_fd_table)
{
	struct task_struct child = {0};
	struct saved_ctx s;
	struct file *f;
	int fd, fd2;

	if (!ctx_enter(t, &s))
		return;
	KTEST_EXPECT_EQ(t, init_console_fds(), 0);
	f = fget(0);
	KTEST_ASSERT_TRUE(t, f != NULL);
	KTEST_EXPECT_TRUE(t, fget(1) == f && fget(2) == f);
	KTEST_EXPECT_EQ(t, f->f_count, 1 + 3 + 2);
	fput(f);
	fput(f);
	fput(f);
	/* lowest free fd */
	f = filp_open("/ktfs/hello", O_RDONLY, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	fd = get_unused_fd_flags(O_CLOEXEC);
	KTEST_EXPECT_EQ(t, fd, 3);
	fd_install((unsigned int)fd, f);
	KTEST_EXPECT_EQ(t, fs_get_cloexec(3), FD_CLOEXEC);
	KTEST_EXPECT_EQ(t, close_fd(1), 0);
	KTEST_EXPECT_EQ(t, close_fd(1), -EBADF);
	fd2 = get_unused_fd_flags(0);
	KTEST_EXPECT_EQ(t, fd2, 1);
	put_unused_fd((unsigned int)fd2);
	/* dup2's work, onto an open fd and onto a free one */
	KTEST_EXPECT_EQ(t, fs_replace_fd(2, f, 0), 2);
	KTEST_EXPECT_EQ(t, fs_replace_fd(700, f, O_CLOEXEC), 700);
	KTEST_EXPECT_EQ(t, fs_replace_fd(NR_OPEN_MAX, f, 0), -EBADF);
	KTEST_EXPECT_EQ(t, f->f_count, 3);
	/* fork's copy shares the files, exec's close-on-exec drops two */
	KTEST_EXPECT_EQ(t, copy_files(0, &child), 0);
	KTEST_ASSERT_TRUE(t, child.files && child.files != current->files);
	KTEST_EXPECT_EQ(t, f->f_count, 6);
	do_close_on_exec(child.files);
	KTEST_EXPECT_EQ(t, f->f_count, 4);
	KTEST_EXPECT_TRUE(t, child.files->fd[2] == f && !child.files->fd[3] &&
				     !child.files->fd[700]);
	exit_files(&child);
	KTEST_EXPECT_EQ(t, f->f_count, 3);
	KTEST_EXPECT_EQ(t, copy_files(CLONE_FILES, &child), 0);
	KTEST_EXPECT_TRUE(t, child.files == current->files);
	exit_files(&child);
	KTEST_EXPECT_EQ(t, current->files->count, 1);
	/* copy_fs: a copy, then a share */
	KTEST_EXPECT_EQ(t, copy_fs(0, &child), 0);
	KTEST_EXPECT_TRUE(t, child.fs && child.fs != current->fs &&
				     child.fs->pwd == current->fs->pwd);
	exit_fs(&child);
	KTEST_EXPECT_EQ(t, copy_fs(CLONE_FS, &child), 0);
	KTEST_EXPECT_TRUE(t, child.fs == current->fs);
	exit_fs(&child);
	ctx_leave(&s);
}

/* --- a pipe between two kernel threads --- */

#define PIPE_TEST_BYTES (200 * 1024) /* three times round the ring */

struct pipe_test {
	struct file *wr;
	struct completion done;
	ssize_t result;
};

static u8 pattern(size_t i)
{
	return (u8)(i * 7 + i / 251);
}

static int pipe_writer(void *data)
{
	struct pipe_test *pt = data;
	u8 chunk[1000];
	size_t done = 0;

	while (done < PIPE_TEST_BYTES) {
		size_t n = PIPE_TEST_BYTES - done < sizeof(chunk)
				   ? PIPE_TEST_BYTES - done
				   : sizeof(chunk);
		ssize_t w;

		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern(done + i);
		w = kernel_write(pt->wr, chunk, n, 0);
		if (w != (ssize_t)n) {
			pt->result = w;
			break;
		}
		done += n;
	}
	if (done == PIPE_TEST_BYTES)
		pt->result = (ssize_t)done;
	fput(pt->wr); /* the last writer: the reader sees EOF */
	complete(&pt->done);
	return 0;
}

KTEST(fs, fs_pipe_threads)
{
	struct pipe_test pt = {0};
	struct task_struct *writer;
	struct file *p[2];
	u8 *buf;
	size_t got = 0;
	bool same = true;
	ssize_t n;

	KTEST_ASSERT_TRUE(t, create_pipe_files(p, 0) == 0);
	buf = kmalloc(4096, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, buf != NULL);
	/* nothing yet: a non-blocking read says EAGAIN */
	p[0]->f_flags |= O_NONBLOCK;
	KTEST_EXPECT_EQ(t, kernel_read(p[0], buf, 10, 0), -EAGAIN);
	p[0]->f_flags &= ~(unsigned int)O_NONBLOCK;
	KTEST_EXPECT_EQ(t, kernel_read(p[1], buf, 10, 0), -EBADF);
	pt.wr = p[1];
	init_completion(&pt.done);
	writer = kthread_run(pipe_writer, &pt, "pipe_writer");
	KTEST_ASSERT_TRUE(t, writer != NULL);
	for (;;) {
		n = kernel_read(p[0], buf, 4096, 0);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			same &= buf[i] == pattern(got + (size_t)i);
		got += (size_t)n;
	}
	KTEST_EXPECT_EQ(t, n, 0);
	KTEST_EXPECT_EQ(t, got, PIPE_TEST_BYTES);
	KTEST_EXPECT_TRUE(t, same);
	KTEST_EXPECT_TRUE(t,
			  wait_for_completion_timeout(&pt.done, WAIT_JIFFIES));
	KTEST_EXPECT_EQ(t, pt.result, PIPE_TEST_BYTES);
	kthread_stop(writer);
	fput(p[0]);
	kfree(buf);
}

KTEST(fs, fs_pipe_epipe_and_full)
{
	struct file *p[2];
	char *buf = kzalloc(PIPE_BUF, GFP_KERNEL);
	size_t total = 0;
	ssize_t n;

	KTEST_ASSERT_TRUE(t, buf != NULL);
	KTEST_ASSERT_TRUE(t, create_pipe_files(p, O_NONBLOCK) == 0);
	/* fill the ring: 64 KiB then EAGAIN */
	while ((n = kernel_write(p[1], buf, PIPE_BUF, 0)) > 0)
		total += (size_t)n;
	KTEST_EXPECT_EQ(t, n, -EAGAIN);
	KTEST_EXPECT_EQ(t, total, 64 * 1024);
	/* read 100 bytes: an atomic 4096-byte write still does not fit */
	KTEST_EXPECT_EQ(t, kernel_read(p[0], buf, 100, 0), 100);
	KTEST_EXPECT_EQ(t, kernel_write(p[1], buf, PIPE_BUF, 0), -EAGAIN);
	KTEST_EXPECT_EQ(t, kernel_write(p[1], buf, 100, 0), 100);
	/* no reader left: EPIPE */
	fput(p[0]);
	KTEST_EXPECT_EQ(t, kernel_write(p[1], buf, 1, 0), -EPIPE);
	fput(p[1]);
	kfree(buf);
}

/* --- the serial console's input --- */

#define RX_WAIT_JIFFIES (1 * HZ)

/*
 * The receive interrupt is requested when the console is opened; bytes
 * typed (or piped into QEMU's serial port) reach a reader. Without input
 * on the line within a second the test is skipped: the boot matrix
 * gives the serial port no input.
 */
KTEST(fs, fs_console_rx)
{
	struct file *f;
	char buf[32];
	long left;
	size_t n;

	KTEST_ASSERT_TRUE(t, ktfs_setup() == 10);
	f = filp_open("/dev/console", O_RDONLY | O_NONBLOCK, 0);
	KTEST_ASSERT_TRUE(t, !IS_ERR(f));
	KTEST_EXPECT_EQ(t, arch_console_rx_start(), 0);
	left = wait_event_timeout(arch_console_rx_wait,
				  arch_console_rx_pending(), RX_WAIT_JIFFIES);
	if (!left) {
		fput(f);
		ktest_skip(t, "no input on the serial line");
		return;
	}
	n = arch_console_read(buf, sizeof(buf) - 1);
	buf[n] = '\0';
	KTEST_EXPECT_TRUE(t, n > 0);
	ktest_diag("console input: %zu bytes, \"%s\"", n, buf);
	/* Input after the ring was drained came by interrupt. */
	left = wait_event_timeout(arch_console_rx_wait,
				  arch_console_rx_pending(), RX_WAIT_JIFFIES);
	if (left) {
		KTEST_EXPECT_TRUE(t, irq_count(4) > 0);
		KTEST_EXPECT_TRUE(t, arch_console_read(buf, 1) == 1);
	}
	fput(f);
}

/*
 * The boot loader's initrd, when there is one (QEMU -initrd with a newc
 * archive holding /ktest-initrd, as this test's run under `-initrd`
 * gives): populate_rootfs unpacks it.
 */
KTEST(fs, fs_populate_initrd)
{
	char buf[64];
	ssize_t n;

	/* kernel_init unpacked it (and freed its memory) before the tests. */
	if (!rootfs_initrd_size()) {
		ktest_skip(t, "no initrd");
		return;
	}
	KTEST_EXPECT_TRUE(t, !arch_get_initrd(&(phys_addr_t){0}, &(u64){0}));
	n = read_all("/ktest-initrd", buf, sizeof(buf));
	if (n == -ENOENT) {
		ktest_skip(t, "the initrd has no /ktest-initrd");
		return;
	}
	KTEST_EXPECT_TRUE(t, n > 0);
	ktest_diag("/ktest-initrd: \"%s\"", buf);
	KTEST_EXPECT_EQ(t, open_err("/dev/console", O_RDONLY), 0);
}
