// SPDX-License-Identifier: MIT
/*
 * sync, syncfs, fsync, fdatasync (Linux's fs/sync.c). The tree lives in
 * memory, so there is nothing to write back: as on ramfs the calls check
 * their fd and succeed. A file without an fsync operation (a pipe, a
 * FIFO, a character device) gives -EINVAL, as on Linux.
 */
#include "fs/internal.h"
#include "kernel/lib/errno.h"
#include "kernel/syscalls.h"

SYSCALL_DEFINE0(sync)
{
	return 0;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f;

	if (fd < 0)
		return -EBADF;
	f = fget((unsigned int)fd);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

static long do_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	/* Regular files and directories of the tree have noop_fsync. */
	ret = f->f_op == &tree_file_fops || f->f_op == &tree_dir_fops ? 0
								      : -EINVAL;
	fput(f);
	return ret;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd);
}
