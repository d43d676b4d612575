// SPDX-License-Identifier: MIT
/*
 * stat, fstat, lstat, newfstatat, getdents64, readlink(at) and
 * ftruncate (Linux's fs/stat.c, fs/readdir.c and fs/open.c). The struct is
 * filled in kernel memory and copied out whole, so a bad pointer changes
 * nothing.
 */
#include "fs/internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

/* Pipes live on their own (anonymous) device, as on Linux's pipefs. */
#define PIPEFS_DEV MKDEV(0, 12)

/* st_dev: the super block's device (pipes: pipefs's). */
static dev_t inode_dev(const struct inode *inode)
{
	return inode->i_sb ? inode->i_sb->s_dev : PIPEFS_DEV;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct linux_stat __user *, statbuf)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_inode ? 0 : -EBADF;
	if (!ret) {
		struct linux_stat st;

		mutex_lock(&fs_lock);
		tree_fill_stat(f->f_inode, inode_dev(f->f_inode), &st);
		mutex_unlock(&fs_lock);
		ret = copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
	}
	fput(f);
	return ret;
}

static long do_fstatat(int dfd, const char __user *filename,
		       struct linux_stat __user *statbuf, int flag)
{
	struct inode *inode;
	char *path;
	long ret;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	path = getname_flags(filename, (unsigned int)flag);
	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = fs_lookup(dfd, path,
			(flag & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
			flag & AT_EMPTY_PATH, &inode);
	putname(path);
	if (ret)
		return ret;
	{
		struct linux_stat st;

		mutex_lock(&fs_lock);
		tree_fill_stat(inode, inode_dev(inode), &st);
		tree_iput(inode);
		mutex_unlock(&fs_lock);
		ret = copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
	}
	return ret;
}

SYSCALL_DEFINE2(stat, const char __user *, filename, struct linux_stat __user *,
		statbuf)
{
	return do_fstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(lstat, const char __user *, filename,
		struct linux_stat __user *, statbuf)
{
	return do_fstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct linux_stat __user *, statbuf, int, flag)
{
	return do_fstatat(dfd, filename, statbuf, flag);
}

/* Largest kernel buffer one getdents64 call fills. */
#define GETDENTS_MAX (64 * 1024)

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent,
		unsigned int, count)
{
	struct file *f = fget(fd);
	size_t size = count < GETDENTS_MAX ? count : GETDENTS_MAX;
	loff_t pos;
	ssize_t ret;
	void *kbuf;

	if (!f)
		return -EBADF;
	if (f->f_op != &tree_dir_fops) {
		fput(f);
		return -ENOTDIR;
	}
	if (!access_ok(dirent, count)) {
		fput(f);
		return -EFAULT;
	}
	kbuf = kmalloc(size ? size : 1, GFP_KERNEL);
	if (!kbuf) {
		fput(f);
		return -ENOMEM;
	}
	pos = f->f_pos;
	mutex_lock(&fs_lock);
	ret = fs_revalidate(f->f_inode);
	if (!ret)
		ret = tree_getdents(f->f_inode, &pos, kbuf, size);
	mutex_unlock(&fs_lock);
	if (ret > 0) {
		if (copy_to_user(dirent, kbuf, (size_t)ret))
			ret = -EFAULT; /* the position stays */
		else
			f->f_pos = pos;
	}
	kfree(kbuf);
	fput(f);
	return ret;
}

static long do_readlinkat(int dfd, const char __user *pathname,
			  char __user *buf, int bufsiz)
{
	struct inode *inode;
	char *path, *target;
	size_t len;
	long ret;

	if (bufsiz <= 0)
		return -EINVAL;
	path = getname(pathname);
	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = fs_lookup(dfd, path, 0, false, &inode);
	putname(path);
	if (ret)
		return ret;
	target = kmalloc(PATH_MAX, GFP_KERNEL);
	mutex_lock(&fs_lock);
	if (!target) {
		ret = -ENOMEM;
	} else if (!S_ISLNK(inode->i_mode)) {
		ret = -EINVAL;
	} else if ((ret = fs_revalidate(inode)) == 0) {
		len = (size_t)inode->i_size;
		if (len > (size_t)bufsiz)
			len = (size_t)bufsiz;
		memcpy(target, inode->i_data, len);
		ret = (long)len;
	}
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	if (ret > 0 && copy_to_user(buf, target, (size_t)ret))
		ret = -EFAULT;
	kfree(target);
	return ret;
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int,
		bufsiz)
{
	return do_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname,
		char __user *, buf, int, bufsiz)
{
	return do_readlinkat(dfd, pathname, buf, bufsiz);
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, loff_t, length)
{
	struct file *f;
	long ret;

	if (length < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!((f->f_flags & O_ACCMODE) == O_WRONLY ||
	      (f->f_flags & O_ACCMODE) == O_RDWR))
		ret = -EINVAL; /* Linux: EINVAL for a file not open to write */
	else if (f->f_op != &tree_file_fops)
		ret = -EINVAL;
	else {
		mutex_lock(&fs_lock);
		ret = tree_truncate(f->f_inode, length);
		mutex_unlock(&fs_lock);
	}
	fput(f);
	return ret;
}

/* statx flags (Linux's values). */
#define AT_STATX_SYNC_TYPE 0x6000
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC 0x4000

SYSCALL_DEFINE5(statx, int, dfd, const char __user *, filename, unsigned int,
		flags, unsigned int, mask, struct linux_statx __user *, buffer)
{
	struct linux_statx stx;
	struct inode *inode;
	char *path;
	long ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	path = getname_flags(filename, flags);
	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = fs_lookup(dfd, path,
			(flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
			flags & AT_EMPTY_PATH, &inode);
	putname(path);
	if (ret)
		return ret;
	mutex_lock(&fs_lock);
	/* Every basic field is there whatever @mask asked for: stx_mask
	 * says so, as Linux's file systems do. */
	tree_fill_statx(inode,
			S_ISFIFO(inode->i_mode) && !inode->i_nlink ? PIPEFS_DEV
								   : TREE_DEV,
			&stx);
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	return copy_to_user(buffer, &stx, sizeof(stx)) ? -EFAULT : 0;
}

void fs_statfs(const struct inode *inode, struct linux_statfs *st)
{
	const struct super_block *sb = inode->i_sb;

	memset(st, 0, sizeof(*st));
	st->f_type = sb ? (long)sb->s_magic : RAMFS_MAGIC;
	st->f_bsize = (long)PAGE_SIZE;
	st->f_frsize = (long)PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	/* ST_RDONLY..ST_NOEXEC have MS_RDONLY..MS_NOEXEC's values. */
	st->f_flags =
		ST_VALID | (sb ? (long)(sb->s_flags & (MS_RDONLY | MS_NOSUID |
						       MS_NODEV | MS_NOEXEC))
			       : 0);
}

static long statfs_out(struct inode *inode, struct linux_statfs __user *buf)
{
	struct linux_statfs st;

	mutex_lock(&fs_lock);
	fs_statfs(inode, &st);
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, pathname,
		struct linux_statfs __user *, buf)
{
	struct inode *inode;
	char *path = getname(pathname);
	long ret;

	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = fs_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, false, &inode);
	putname(path);
	return ret ? ret : statfs_out(inode, buf);
}

SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct linux_statfs __user *, buf)
{
	struct inode *inode;
	int err = fget_inode(fd, -EBADF, &inode);

	return err ? err : statfs_out(inode, buf);
}
