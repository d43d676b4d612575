// SPDX-License-Identifier: MIT
/*
 * dup, dup2, dup3, fcntl and ioctl (Linux's fs/fcntl.c, fs/file.c and
 * fs/ioctl.c). ioctl knows the generic requests; a file's own come from
 * its f_op->ioctl (none yet: terminal requests arrive with the tty).
 */
#include "fs/internal.h"
#include "kernel/lib/errno.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"

/* Generic ioctl requests (Linux's asm-generic/ioctls.h). */
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIONBIO 0x5421

/* What F_SETFL may change. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	struct file *f = fget(fildes);
	int fd;

	if (!f)
		return -EBADF;
	fd = get_unused_fd_flags(0);
	if (fd < 0)
		fput(f);
	else
		fd_install((unsigned int)fd, f);
	return fd;
}

static long do_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *f;
	long ret;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	ret = fs_replace_fd(newfd, f, (unsigned int)flags);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	return do_dup3(oldfd, newfd, flags);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup3(oldfd, newfd, 0);
}

static long dupfd(struct file *f, unsigned long start, unsigned int flags)
{
	int fd;

	if (start >= NR_OPEN_MAX)
		return -EINVAL;
	fd = fs_alloc_fd_from((unsigned int)start, flags);
	if (fd < 0)
		return fd;
	fd_install((unsigned int)fd, get_file(f));
	return fd;
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
		ret = dupfd(f, arg, 0);
		break;
	case F_DUPFD_CLOEXEC:
		ret = dupfd(f, arg, O_CLOEXEC);
		break;
	case F_GETFD:
		ret = fs_get_cloexec(fd);
		break;
	case F_SETFD:
		ret = fs_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->f_flags;
		break;
	case F_SETFL:
		__atomic_store_n(&f->f_flags,
				 (f->f_flags & ~(unsigned int)SETFL_MASK) |
					 ((unsigned int)arg & SETFL_MASK),
				 __ATOMIC_RELAXED);
		ret = 0;
		break;
	default:
		ret = -EINVAL;
		break;
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long ret;
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
		ret = fs_set_cloexec(fd, true);
		break;
	case FIONCLEX:
		ret = fs_set_cloexec(fd, false);
		break;
	case FIONBIO:
		ret = get_user(on, (int __user *)arg);
		if (ret)
			break;
		if (on)
			__atomic_or_fetch(&f->f_flags, O_NONBLOCK,
					  __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&f->f_flags,
					   ~(unsigned int)O_NONBLOCK,
					   __ATOMIC_RELAXED);
		break;
	default:
		ret = f->f_op && f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg)
						: -ENOTTY;
		break;
	}
	fput(f);
	return ret;
}
