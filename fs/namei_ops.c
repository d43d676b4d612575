// SPDX-License-Identifier: MIT
/*
 * The calls that make and move names: mknod(at), symlink(at), link(at),
 * rename, renameat, renameat2 (Linux's fs/namei.c). Each copies its paths
 * in, then finds the parents and checks and changes the tree in one
 * fs_lock section, so a failure leaves nothing half done. The tree does
 * the moving (tree_rename); here are the permissions, the sticky bit and
 * Linux's order of errors.
 */
#include "fs/internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

int fs_same_fs(const struct inode *a, const struct inode *b)
{
	/* Names never cross a mount: Linux's EXDEV between vfsmounts. */
	return a->i_sb == b->i_sb ? 0 : -EXDEV;
}

/* The kernel dev_t of user space's 32-bit encoding (new_decode_dev). */
static dev_t decode_dev(unsigned int dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

/* Checks of a new name @last (fs_lock held): 0 or -errno. */
static int may_create(const struct path_last *last)
{
	if (last->type != LAST_NORM)
		return -EEXIST;
	if (tree_lookup(last->dir, last->name, last->len))
		return -EEXIST;
	return tree_permission(last->dir, current_fsuid(), current_fsgid(),
			       MAY_WRITE | MAY_EXEC);
}

static long do_mknodat(int dfd, const char __user *filename, umode_t mode,
		       unsigned int dev)
{
	struct path_last last;
	struct file *dirf;
	char *path;
	long err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
	case S_IFCHR:
	case S_IFBLK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	path = getname(filename);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = lookup_parent_locked(dfd, path, &last, &dirf);
	if (err)
		goto out;
	if (last.trailing_slash && last.type == LAST_NORM &&
	    !tree_lookup(last.dir, last.name, last.len))
		err = -ENOENT; /* a trailing '/' names a directory */
	else
		err = may_create(&last);
	if (!err && (S_ISCHR(mode) || S_ISBLK(mode)) && !fs_capable())
		err = -EPERM; /* CAP_MKNOD */
	if (!err)
		err = tree_mknod(
			last.dir, last.name, last.len,
			(umode_t)((mode & S_IFMT) |
				  (mode & ~current_umask() & S_IALLUGO)),
			current_fsuid(), current_fsgid(), decode_dev(dev),
			NULL);
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
out:
	putname(path);
	return err;
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, filename, umode_t, mode,
		unsigned int, dev)
{
	return do_mknodat(dfd, filename, mode, dev);
}

SYSCALL_DEFINE3(mknod, const char __user *, filename, umode_t, mode,
		unsigned int, dev)
{
	return do_mknodat(AT_FDCWD, filename, mode, dev);
}

static long do_symlinkat(const char __user *oldname, int newdfd,
			 const char __user *newname)
{
	struct path_last last;
	struct file *dirf;
	char *target, *path;
	long err;

	target = getname(oldname);
	if (IS_ERR(target))
		return PTR_ERR(target);
	path = getname(newname);
	if (IS_ERR(path)) {
		putname(target);
		return PTR_ERR(path);
	}
	err = lookup_parent_locked(newdfd, path, &last, &dirf);
	if (err)
		goto out;
	if (last.trailing_slash && last.type == LAST_NORM &&
	    !tree_lookup(last.dir, last.name, last.len))
		err = -ENOENT;
	else
		err = may_create(&last);
	if (!err)
		err = tree_symlink(last.dir, last.name, last.len, target,
				   strlen(target), current_fsuid(),
				   current_fsgid(), NULL);
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
out:
	putname(path);
	putname(target);
	return err;
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return do_symlinkat(oldname, newdfd, newname);
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname, const char __user *,
		newname)
{
	return do_symlinkat(oldname, AT_FDCWD, newname);
}

static long do_linkat(int olddfd, const char __user *oldname, int newdfd,
		      const char __user *newname, int flags)
{
	struct inode *inode;
	struct path_last last;
	struct file *dirf = NULL;
	char *opath, *npath;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH, else it is ENOENT. */
	if ((flags & AT_EMPTY_PATH) && !fs_capable())
		return -ENOENT;
	opath = getname_flags(oldname, (unsigned int)flags);
	if (IS_ERR(opath))
		return PTR_ERR(opath);
	npath = getname(newname);
	if (IS_ERR(npath)) {
		putname(opath);
		return PTR_ERR(npath);
	}
	err = fs_lookup(olddfd, opath,
			(flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0,
			flags & AT_EMPTY_PATH, &inode);
	if (err)
		goto out;
	mutex_lock(&fs_lock);
	err = fs_parent_nolock(newdfd, npath, &last, &dirf);
	if (!err && last.trailing_slash && last.type == LAST_NORM &&
	    !tree_lookup(last.dir, last.name, last.len))
		err = -ENOENT;
	else if (!err)
		err = may_create(&last);
	if (!err)
		err = fs_same_fs(inode, last.dir);
	if (!err && S_ISDIR(inode->i_mode))
		err = -EPERM;
	if (!err && inode->i_nlink == 0)
		err = -ENOENT; /* an unlinked file gets no new name */
	if (!err)
		err = tree_link(last.dir, last.name, last.len, inode);
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
out:
	putname(npath);
	putname(opath);
	return err;
}

SYSCALL_DEFINE5(linkat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, int, flags)
{
	return do_linkat(olddfd, oldname, newdfd, newname, flags);
}

SYSCALL_DEFINE2(link, const char __user *, oldname, const char __user *,
		newname)
{
	return do_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* Permissions of a rename whose names were found (fs_lock held). */
static int may_rename(const struct path_last *o, const struct path_last *n,
		      struct inode *old, struct inode *target,
		      unsigned int flags)
{
	uid_t uid = current_fsuid();
	gid_t gid = current_fsgid();
	int err = tree_may_delete(o->dir, old, uid, gid);

	if (err)
		return err;
	if (!target)
		err = tree_permission(n->dir, uid, gid, MAY_WRITE | MAY_EXEC);
	else
		err = tree_may_delete(n->dir, target, uid, gid);
	if (err)
		return err;
	/* A directory changing parent rewrites its "..". */
	if (o->dir != n->dir) {
		if (S_ISDIR(old->i_mode))
			err = tree_permission(old, uid, gid, MAY_WRITE);
		if (!err && target && (flags & RENAME_EXCHANGE) &&
		    S_ISDIR(target->i_mode))
			err = tree_permission(target, uid, gid, MAY_WRITE);
	}
	return err;
}

/* The rename itself, both parents found (fs_lock held). */
static int rename_locked(const struct path_last *o, const struct path_last *n,
			 unsigned int flags)
{
	struct inode *old, *target;
	int err;

	if (o->type != LAST_NORM)
		return -EBUSY;
	if (n->type != LAST_NORM)
		return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	err = fs_same_fs(o->dir, n->dir);
	if (err)
		return err;
	old = tree_lookup(o->dir, o->name, o->len);
	if (!old)
		return -ENOENT;
	target = tree_lookup(n->dir, n->name, n->len);
	if ((flags & RENAME_EXCHANGE) && !target)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && target)
		return -EEXIST;
	/* A trailing '/' is for directories only. */
	if (!(flags & RENAME_EXCHANGE) && !S_ISDIR(old->i_mode) &&
	    (o->trailing_slash || n->trailing_slash))
		return -ENOTDIR;
	if ((flags & RENAME_EXCHANGE) &&
	    ((o->trailing_slash && !S_ISDIR(old->i_mode)) ||
	     (n->trailing_slash && !S_ISDIR(target->i_mode))))
		return -ENOTDIR;
	/* Linux's order: the loop checks, then "same inode", then the
	 * permissions, then the types; tree_rename checks them again. */
	if (S_ISDIR(old->i_mode) && tree_is_ancestor(old, n->dir))
		return -EINVAL;
	if (target && S_ISDIR(target->i_mode) &&
	    tree_is_ancestor(target, o->dir))
		return (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (old == target)
		return 0;
	err = may_rename(o, n, old, target, flags);
	if (err)
		return err;
	if (current->fs && (old == current->fs->root ||
			    (target && target == current->fs->root)))
		return -EBUSY;
	return tree_rename(o->dir, o->name, o->len, n->dir, n->name, n->len,
			   flags);
}

static long do_renameat2(int olddfd, const char __user *oldname, int newdfd,
			 const char __user *newname, unsigned int flags)
{
	struct path_last o, n;
	struct file *odirf = NULL, *ndirf = NULL;
	char *opath, *npath;
	long err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL; /* no overlay file system to need one */
	opath = getname(oldname);
	if (IS_ERR(opath))
		return PTR_ERR(opath);
	npath = getname(newname);
	if (IS_ERR(npath)) {
		putname(opath);
		return PTR_ERR(npath);
	}
	mutex_lock(&fs_lock);
	err = fs_parent_nolock(olddfd, opath, &o, &odirf);
	if (!err)
		err = fs_parent_nolock(newdfd, npath, &n, &ndirf);
	if (!err)
		err = rename_locked(&o, &n, flags);
	mutex_unlock(&fs_lock);
	if (odirf)
		fput(odirf);
	if (ndirf)
		fput(ndirf);
	putname(npath);
	putname(opath);
	return err;
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int,
		newdfd, const char __user *, newname, unsigned int, flags)
{
	return do_renameat2(olddfd, oldname, newdfd, newname, flags);
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname, int,
		newdfd, const char __user *, newname)
{
	return do_renameat2(olddfd, oldname, newdfd, newname, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *,
		newname)
{
	return do_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
