// SPDX-License-Identifier: MIT
/*
 * The calls that change an inode's attributes: chmod, fchmod, fchmodat,
 * chown, fchown, lchown, fchownat, utime, utimes, futimesat, utimensat and
 * truncate (Linux's fs/open.c, fs/utimes.c, fs/attr.c). The rules (who may
 * change what, which bits drop) are the tree's: tree_chmod, tree_chown,
 * tree_utimes; here the inode is found and the arguments are checked.
 */
#include "fs/internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"

/* The inode of open file @fd, with a reference; -EBADF. */
static int fd_inode(int fd, struct inode **out)
{
	struct file *f;

	if (fd < 0)
		return -EBADF;
	f = fget((unsigned int)fd);
	if (!f)
		return -EBADF;
	if (!f->f_inode) {
		fput(f);
		return -EBADF;
	}
	*out = f->f_inode;
	mutex_lock(&fs_lock);
	tree_iget(*out);
	mutex_unlock(&fs_lock);
	fput(f);
	return 0;
}

/* The inode @upath names from @dfd, with a reference. */
static int path_inode(int dfd, const char __user *upath, unsigned int at_flags,
		      struct inode **out)
{
	char *path = getname_flags(upath, at_flags);
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = fs_lookup(dfd, path,
			(at_flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
			at_flags & AT_EMPTY_PATH, out);
	putname(path);
	return err;
}

/* The work of every call below: @op on @inode under fs_lock, then the
 * reference goes. */
enum attr_op { ATTR_MODE, ATTR_OWNER, ATTR_TIMES };

struct attr_args {
	enum attr_op op;
	umode_t mode;
	uid_t uid;
	gid_t gid;
	const struct timespec64 *times;
};

static long attr_apply(struct inode *inode, const struct attr_args *a)
{
	long err;

	mutex_lock(&fs_lock);
	switch (a->op) {
	case ATTR_MODE:
		err = tree_chmod(inode, a->mode, current_fsuid(),
				 current_fsgid());
		break;
	case ATTR_OWNER:
		err = tree_chown(inode, a->uid, a->gid,
				 fs_capable() ? 0 : current_fsuid(),
				 current_fsgid());
		break;
	default:
		err = tree_utimes(inode, a->times, current_fsuid(),
				  current_fsgid());
		break;
	}
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	return err;
}

static long attr_path(int dfd, const char __user *upath, unsigned int at_flags,
		      const struct attr_args *a)
{
	struct inode *inode;
	int err = path_inode(dfd, upath, at_flags, &inode);

	return err ? err : attr_apply(inode, a);
}

static long attr_fd(int fd, const struct attr_args *a)
{
	struct inode *inode;
	int err = fd_inode(fd, &inode);

	return err ? err : attr_apply(inode, a);
}

/* --- chmod --- */

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename, umode_t,
		mode)
{
	struct attr_args a = {.op = ATTR_MODE, .mode = mode};

	return attr_path(dfd, filename, 0, &a);
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, umode_t, mode)
{
	struct attr_args a = {.op = ATTR_MODE, .mode = mode};

	return attr_path(AT_FDCWD, filename, 0, &a);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, umode_t, mode)
{
	struct attr_args a = {.op = ATTR_MODE, .mode = mode};

	return attr_fd((int)fd, &a);
}

/* --- chown --- */

SYSCALL_DEFINE5(fchownat, int, dfd, const char __user *, filename, uid_t, user,
		gid_t, group, int, flag)
{
	struct attr_args a = {.op = ATTR_OWNER, .uid = user, .gid = group};

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return attr_path(dfd, filename, (unsigned int)flag, &a);
}

SYSCALL_DEFINE3(chown, const char __user *, filename, uid_t, user, gid_t, group)
{
	struct attr_args a = {.op = ATTR_OWNER, .uid = user, .gid = group};

	return attr_path(AT_FDCWD, filename, 0, &a);
}

SYSCALL_DEFINE3(lchown, const char __user *, filename, uid_t, user, gid_t,
		group)
{
	struct attr_args a = {.op = ATTR_OWNER, .uid = user, .gid = group};

	return attr_path(AT_FDCWD, filename, AT_SYMLINK_NOFOLLOW, &a);
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uid_t, user, gid_t, group)
{
	struct attr_args a = {.op = ATTR_OWNER, .uid = user, .gid = group};

	return attr_fd((int)fd, &a);
}

/* --- times --- */

struct __kernel_timespec {
	s64 tv_sec;
	long tv_nsec;
};

struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

struct utimbuf {
	long actime;
	long modtime;
};

/* utimensat's work with kernel times (NULL: now). */
static long do_utimes(int dfd, const char __user *filename,
		      const struct timespec64 *times, int flags)
{
	struct attr_args a = {.op = ATTR_TIMES, .times = times};

	if (times && (!tree_utime_nsec_valid(times[0].tv_nsec) ||
		      !tree_utime_nsec_valid(times[1].tv_nsec)))
		return -EINVAL;
	if (!filename && dfd != AT_FDCWD) {
		/* futimens: utimensat(fd, NULL, ...) */
		if (flags)
			return -EINVAL;
		return attr_fd(dfd, &a);
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return attr_path(dfd, filename, (unsigned int)flags, &a);
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		struct __kernel_timespec __user *, utimes, int, flags)
{
	struct __kernel_timespec kt[2];
	struct timespec64 t[2];

	if (!utimes)
		return do_utimes(dfd, filename, NULL, flags);
	if (copy_from_user(kt, utimes, sizeof(kt)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		t[i].tv_sec = kt[i].tv_sec;
		t[i].tv_nsec = kt[i].tv_nsec;
	}
	/* Both omitted: nothing to do, not even a lookup (Linux). */
	if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0;
	return do_utimes(dfd, filename, t, flags);
}

static long do_futimesat(int dfd, const char __user *filename,
			 struct __kernel_old_timeval __user *utimes)
{
	struct __kernel_old_timeval tv[2];
	struct timespec64 t[2];

	if (!utimes)
		return do_utimes(dfd, filename, NULL, 0);
	if (copy_from_user(tv, utimes, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		t[i].tv_sec = tv[i].tv_sec;
		t[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return do_utimes(dfd, filename, t, 0);
}

SYSCALL_DEFINE3(futimesat, int, dfd, const char __user *, filename,
		struct __kernel_old_timeval __user *, utimes)
{
	return do_futimesat(dfd, filename, utimes);
}

SYSCALL_DEFINE2(utimes, const char __user *, filename,
		struct __kernel_old_timeval __user *, utimes)
{
	return do_futimesat(AT_FDCWD, filename, utimes);
}

SYSCALL_DEFINE2(utime, const char __user *, filename, struct utimbuf __user *,
		times)
{
	struct timespec64 t[2];
	struct utimbuf ub;

	if (!times)
		return do_utimes(AT_FDCWD, filename, NULL, 0);
	if (copy_from_user(&ub, times, sizeof(ub)))
		return -EFAULT;
	t[0].tv_sec = ub.actime;
	t[0].tv_nsec = 0;
	t[1].tv_sec = ub.modtime;
	t[1].tv_nsec = 0;
	return do_utimes(AT_FDCWD, filename, t, 0);
}

/* --- truncate --- */

SYSCALL_DEFINE2(truncate, const char __user *, filename, long, length)
{
	struct inode *inode;
	long err;

	if (length < 0)
		return -EINVAL;
	err = path_inode(AT_FDCWD, filename, 0, &inode);
	if (err)
		return err;
	mutex_lock(&fs_lock);
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -EINVAL;
	else
		err = tree_permission(inode, current_fsuid(), current_fsgid(),
				      MAY_WRITE);
	if (!err)
		err = tree_truncate(inode, length);
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	return err;
}
