// SPDX-License-Identifier: MIT
/*
 * Looking paths up for the current task, opening files, and the calls
 * that work on names: open, openat, creat, close, access, faccessat(2),
 * chdir, fchdir, getcwd, umask, mkdir(at), unlink(at), rmdir (Linux's
 * fs/open.c and fs/namei.c). Each syscall copies its path in (getname),
 * walks under fs_lock and returns; the walk itself is fs/namei.c.
 */
#include "fs/internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

char *getname_flags(const char __user *upath, unsigned int at_flags)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, upath, PATH_MAX);
	if (len < 0 || len >= PATH_MAX ||
	    (len == 0 && !(at_flags & AT_EMPTY_PATH))) {
		kfree(name);
		return ERR_PTR(len < 0 ? -EFAULT
			       : len   ? -ENAMETOOLONG
				       : -ENOENT);
	}
	return name;
}

char *getname(const char __user *upath)
{
	return getname_flags(upath, 0);
}

void putname(char *name)
{
	kfree(name);
}

void fs_nameidata(struct nameidata *nd, struct inode *start, unsigned int flags)
{
	struct fs_struct *fs = current->fs;

	nd->root = fs && fs->root ? fs->root : fs_root;
	nd->start = start;
	nd->uid = current_fsuid();
	nd->gid = current_fsgid();
	nd->flags = flags;
	nd->nlinks = 0;
}

/*
 * Where a walk of @path from @dfd starts (fs_lock held). *@filp gets the
 * dirfd's file, which the caller puts after dropping fs_lock (fput may
 * need the lock). @any_type: the dirfd may be any file (AT_EMPTY_PATH).
 */
static int walk_start(int dfd, const char *path, bool any_type,
		      struct inode **start, struct file **filp)
{
	struct fs_struct *fs = current->fs;
	struct file *f;

	*filp = NULL;
	if (!fs_root)
		return -ENOENT;
	if (path[0] == '/' || dfd == AT_FDCWD) {
		*start = fs && fs->pwd ? fs->pwd : fs_root;
		return 0;
	}
	if (dfd < 0)
		return -EBADF;
	f = fget((unsigned int)dfd);
	if (!f)
		return -EBADF;
	*filp = f;
	if (!f->f_inode)
		return -ENOTDIR;
	if (!any_type && !S_ISDIR(f->f_inode->i_mode))
		return -ENOTDIR;
	*start = f->f_inode;
	return 0;
}

int fs_lookup(int dfd, const char *path, unsigned int lookup_flags,
	      bool empty_ok, struct inode **out)
{
	struct nameidata nd;
	struct inode *start = NULL;
	struct file *dirf;
	int err;

	mutex_lock(&fs_lock);
	err = walk_start(dfd, path, empty_ok && !path[0], &start, &dirf);
	if (!err) {
		if (!path[0] && empty_ok) {
			*out = start;
		} else {
			fs_nameidata(&nd, start, lookup_flags);
			err = path_lookup(&nd, path, out);
		}
	}
	if (!err)
		tree_iget(*out);
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
	return err;
}

const struct file_operations *fs_fops_for(struct inode *inode)
{
	const struct file_operations *fop;

	if (inode->i_fop)
		return inode->i_fop;
	switch (inode->i_mode & S_IFMT) {
	case S_IFREG:
		return &tree_file_fops;
	case S_IFDIR:
		return &tree_dir_fops;
	case S_IFCHR:
		fop = chrdev_fops(inode->i_rdev);
		return fop ? fop : ERR_PTR(-ENXIO);
	case S_IFLNK:
		return ERR_PTR(-ELOOP);
	case S_IFIFO:
		return fifo_file_ops();
	default:
		/* block devices and sockets: not yet */
		return ERR_PTR(-ENXIO);
	}
}

static int open_may(struct inode *inode, int flags)
{
	int acc = flags & O_ACCMODE, mask = 0;

	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	return tree_permission(inode, current_fsuid(), current_fsgid(), mask);
}

/*
 * O_CREAT: find or make the last component (fs_lock held). A symlink
 * there is followed, and a dangling one creates its target, as on Linux
 * (at most NAMEI_MAXSYMLINKS of them, then -ELOOP).
 */
static int open_create(struct nameidata *nd, const char *path, int flags,
		       umode_t mode, struct inode **out, bool *created)
{
	struct path_last last;
	struct inode *inode;
	int err;

	for (unsigned int links = 0;; links++) {
		err = path_parent(nd, path, &last);
		if (err)
			return err;
		if (last.type != LAST_NORM || last.trailing_slash)
			return -EISDIR;
		inode = tree_lookup(last.dir, last.name, last.len);
		if (!inode)
			break;
		if (flags & O_EXCL)
			return -EEXIST;
		if (!S_ISLNK(inode->i_mode)) {
			if (S_ISDIR(inode->i_mode))
				return -EISDIR;
			*out = inode;
			return 0;
		}
		if (flags & O_NOFOLLOW)
			return -ELOOP;
		if (links == NAMEI_MAXSYMLINKS)
			return -ELOOP;
		/* the target, from the directory holding the link */
		nd->start = last.dir;
		path = inode->i_data;
	}
	err = fs_may_change(last.dir, -EACCES);
	if (err)
		return err;
	err = tree_permission(last.dir, nd->uid, nd->gid, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	err = tree_mknod(last.dir, last.name, last.len,
			 S_IFREG | (mode & ~current_umask() & S_IALLUGO),
			 nd->uid, nd->gid, 0, out);
	*created = !err;
	return err;
}

struct file *do_filp_open(int dfd, const char *path, int flags, umode_t mode)
{
	const struct file_operations *fop;
	struct inode *inode = NULL, *start;
	struct nameidata nd;
	struct file *dirf, *f;
	bool created = false;
	int acc = flags & O_ACCMODE;
	int err;

	if (acc == O_ACCMODE || (flags & (O_PATH | O_TMPFILE)))
		return ERR_PTR(-EINVAL);
	mutex_lock(&fs_lock);
	err = walk_start(dfd, path, false, &start, &dirf);
	if (err)
		goto out;
	if (flags & O_CREAT) {
		fs_nameidata(&nd, start, 0);
		err = open_create(&nd, path, flags, mode, &inode, &created);
	} else {
		fs_nameidata(
			&nd, start,
			((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0));
		err = path_lookup(&nd, path, &inode);
		if (!err && S_ISLNK(inode->i_mode))
			err = -ELOOP;
	}
	if (err)
		goto out;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		err = -ENOTDIR;
	else if (S_ISDIR(inode->i_mode) &&
		 (acc != O_RDONLY || (flags & O_TRUNC)))
		err = -EISDIR;
	else if (!created)
		err = open_may(inode, flags);
	if (!err && (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode)) &&
	    (acc != O_RDONLY || (flags & O_TRUNC)) && inode->i_sb &&
	    (inode->i_sb->s_flags & MS_RDONLY))
		err = -EROFS;
	if (!err && (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) &&
	    inode->i_sb && (inode->i_sb->s_flags & MS_NODEV))
		err = -EACCES;
	if (err)
		goto out;
	fop = fs_fops_for(inode);
	if (IS_ERR(fop)) {
		err = (int)PTR_ERR(fop);
		goto out;
	}
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && inode->i_size) {
		err = tree_truncate(inode, 0);
		if (err)
			goto out;
	}
	tree_iget(inode);
out:
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
	if (err)
		return ERR_PTR(err);
	/* O_NOCTTY reaches the tty's open; like O_CREAT, O_EXCL and O_TRUNC
	 * it is gone from f_flags afterwards (Linux's do_dentry_open). */
	f = alloc_file(inode, (unsigned int)flags & ~(unsigned int)O_CLOEXEC,
		       fop);
	if (!f) {
		mutex_lock(&fs_lock);
		tree_iput(inode);
		mutex_unlock(&fs_lock);
		return ERR_PTR(-ENOMEM);
	}
	if (fop->open) {
		err = fop->open(inode, f);
		if (err) {
			f->f_op = NULL; /* no release for a failed open */
			fput(f);
			return ERR_PTR(err);
		}
	}
	f->f_flags &= ~(unsigned int)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	return f;
}

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	if (!path[0])
		return ERR_PTR(-ENOENT);
	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	return do_filp_open(AT_FDCWD, path, flags, mode);
}

int may_exec(struct inode *inode)
{
	int err = -EACCES;

	mutex_lock(&fs_lock);
	if (S_ISREG(inode->i_mode) &&
	    !(inode->i_sb && (inode->i_sb->s_flags & MS_NOEXEC)))
		err = tree_permission(inode, current_fsuid(), current_fsgid(),
				      MAY_EXEC);
	mutex_unlock(&fs_lock);
	return err;
}

static long do_sys_open(int dfd, const char __user *upath, int flags,
			umode_t mode)
{
	char *path = getname(upath);
	struct file *f;
	int fd;

	if (IS_ERR(path))
		return PTR_ERR(path);
	fd = get_unused_fd_flags((unsigned int)flags);
	if (fd >= 0) {
		/* 64-bit: every file is O_LARGEFILE, as F_GETFL shows. */
		f = do_filp_open(dfd, path, flags | O_LARGEFILE, mode);
		if (IS_ERR(f)) {
			put_unused_fd((unsigned int)fd);
			fd = (int)PTR_ERR(f);
		} else {
			fd_install((unsigned int)fd, f);
		}
	}
	putname(path);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_open(dfd, filename, flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, pathname, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, pathname, O_CREAT | O_WRONLY | O_TRUNC,
			   mode);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return close_fd(fd);
}

/* access modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

static long do_faccessat(int dfd, const char __user *upath, int mode, int flags)
{
	struct inode *inode;
	char *path;
	uid_t uid;
	gid_t gid;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	path = getname_flags(upath, (unsigned int)flags);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = fs_lookup(dfd, path,
			(flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
			flags & AT_EMPTY_PATH, &inode);
	putname(path);
	if (err)
		return err;
	/* access(2) checks with the real ids, AT_EACCESS with the
	 * effective ones (fsuid follows euid here). */
	uid = (flags & AT_EACCESS) ? current_fsuid() : current->cred.uid;
	gid = (flags & AT_EACCESS) ? current_fsgid() : current->cred.gid;
	mutex_lock(&fs_lock);
	if (mode)
		err = tree_permission(inode, uid, gid, mode);
	tree_iput(inode);
	mutex_unlock(&fs_lock);
	return err;
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return do_faccessat(AT_FDCWD, filename, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, filename, int, mode,
		int, flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}

/*
 * Make directory @inode (a reference the caller gives, dropped on failure)
 * the cwd or, with @root, the process root: search permission, and for
 * chroot root's CAP_SYS_CHROOT.
 */
static long set_fs_dir(struct inode *inode, bool root)
{
	struct fs_struct *fs = current->fs;
	struct inode *old, **slot;
	int err;

	mutex_lock(&fs_lock);
	err = S_ISDIR(inode->i_mode)
		      ? tree_permission(inode, current_fsuid(), current_fsgid(),
					MAY_EXEC)
		      : -ENOTDIR;
	if (!err && root && !fs_capable())
		err = -EPERM; /* CAP_SYS_CHROOT */
	if (!err && !fs)
		err = -ENOENT;
	if (err) {
		tree_iput(inode);
		mutex_unlock(&fs_lock);
		return err;
	}
	spin_lock(&fs->lock);
	slot = root ? &fs->root : &fs->pwd;
	old = *slot;
	*slot = inode;
	spin_unlock(&fs->lock);
	if (old)
		tree_iput(old);
	mutex_unlock(&fs_lock);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	struct inode *inode;
	char *path = getname(filename);
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = fs_lookup(AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, false,
			&inode);
	putname(path);
	return err ? err : set_fs_dir(inode, false);
}

int fget_inode(unsigned int fd, int no_inode, struct inode **out)
{
	struct file *f = fget(fd);
	struct inode *inode;

	if (!f)
		return -EBADF;
	inode = f->f_inode;
	if (inode) {
		mutex_lock(&fs_lock);
		tree_iget(inode);
		mutex_unlock(&fs_lock);
	}
	fput(f);
	*out = inode;
	return inode ? 0 : no_inode;
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct inode *inode;
	int err = fget_inode(fd, -ENOTDIR, &inode);

	return err ? err : set_fs_dir(inode, false);
}

SYSCALL_DEFINE1(chroot, const char __user *, filename)
{
	struct inode *inode;
	char *path = getname(filename);
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = fs_lookup(AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, false,
			&inode);
	putname(path);
	return err ? err : set_fs_dir(inode, true);
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct fs_struct *fs = current->fs;
	size_t len = size < PATH_MAX ? size : PATH_MAX;
	char *page;
	ssize_t ret;

	if (!fs || !fs->pwd)
		return -ENOENT;
	page = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	mutex_lock(&fs_lock);
	ret = tree_path_of(fs->root ? fs->root : fs_root, fs->pwd, page, len);
	mutex_unlock(&fs_lock);
	if (ret > 0 && copy_to_user(buf, page, (size_t)ret))
		ret = -EFAULT;
	kfree(page);
	return ret;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	struct fs_struct *fs = current->fs;
	umode_t old;

	if (!fs)
		return 0022;
	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = (umode_t)(mask & 0777);
	spin_unlock(&fs->lock);
	return old;
}

int fs_parent_nolock(int dfd, const char *path, struct path_last *last,
		     struct file **dirf)
{
	struct inode *start;
	struct nameidata nd;
	int err = walk_start(dfd, path, false, &start, dirf);

	if (!err) {
		fs_nameidata(&nd, start, 0);
		err = path_parent(&nd, path, last);
	}
	return err;
}

int fs_lookup_nolock(int dfd, const char *path, unsigned int lookup_flags,
		     struct inode **out, struct file **dirf)
{
	struct inode *start;
	struct nameidata nd;
	int err = walk_start(dfd, path, false, &start, dirf);

	if (!err) {
		fs_nameidata(&nd, start, lookup_flags);
		err = path_lookup(&nd, path, out);
	}
	return err;
}

int lookup_parent_locked(int dfd, const char *path, struct path_last *last,
			 struct file **dirf)
{
	int err;

	mutex_lock(&fs_lock);
	err = fs_parent_nolock(dfd, path, last, dirf);
	if (err) {
		mutex_unlock(&fs_lock);
		if (*dirf)
			fput(*dirf);
	}
	return err;
}

long do_mkdirat(int dfd, const char *path, umode_t mode)
{
	struct path_last last;
	struct file *dirf;
	int err = lookup_parent_locked(dfd, path, &last, &dirf);

	if (err)
		return err;
	if (last.type != LAST_NORM)
		err = -EEXIST;
	else if (tree_lookup(last.dir, last.name, last.len))
		err = -EEXIST;
	else
		err = fs_may_change(last.dir, -EPERM);
	if (!err)
		err = tree_permission(last.dir, current_fsuid(),
				      current_fsgid(), MAY_WRITE | MAY_EXEC);
	if (!err)
		err = tree_mknod(last.dir, last.name, last.len,
				 S_IFDIR | (mode & ~current_umask() & 01777),
				 current_fsuid(), current_fsgid(), 0, NULL);
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
	return err;
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, umode_t, mode)
{
	char *path = getname(pathname);
	long err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = do_mkdirat(dfd, path, mode);
	putname(path);
	return err;
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)
{
	char *path = getname(pathname);
	long err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = do_mkdirat(AT_FDCWD, path, mode);
	putname(path);
	return err;
}

long do_unlinkat(int dfd, const char *path, bool rmdir)
{
	struct path_last last;
	struct inode *inode;
	struct file *dirf;
	int err = lookup_parent_locked(dfd, path, &last, &dirf);

	if (err)
		return err;
	if (last.type == LAST_DOT)
		err = rmdir ? -EINVAL : -EISDIR;
	else if (last.type == LAST_DOTDOT)
		err = rmdir ? -ENOTEMPTY : -EISDIR;
	else if (last.type == LAST_ROOT)
		err = rmdir ? -EBUSY : -EISDIR;
	if (!err)
		err = fs_may_change(last.dir, -EPERM);
	if (err)
		goto out;
	inode = tree_lookup(last.dir, last.name, last.len);
	if (!inode) {
		err = -ENOENT;
		goto out;
	}
	if (!rmdir && last.trailing_slash)
		err = S_ISDIR(inode->i_mode) ? -EISDIR : -ENOTDIR;
	else if (rmdir && current->fs && inode == current->fs->root)
		err = -EBUSY;
	else if (inode->i_mounted)
		err = -EBUSY; /* a mount point */
	else
		err = tree_may_delete(last.dir, inode, current_fsuid(),
				      current_fsgid());
	if (!err)
		err = tree_unlink(last.dir, last.name, last.len, rmdir);
out:
	mutex_unlock(&fs_lock);
	if (dirf)
		fput(dirf);
	return err;
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)
{
	char *path;
	long err;

	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	path = getname(pathname);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = do_unlinkat(dfd, path, flag & AT_REMOVEDIR);
	putname(path);
	return err;
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	char *path = getname(pathname);
	long err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = do_unlinkat(AT_FDCWD, path, false);
	putname(path);
	return err;
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	char *path = getname(pathname);
	long err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = do_unlinkat(AT_FDCWD, path, true);
	putname(path);
	return err;
}

int init_console_fds(void)
{
	struct file *f;
	int fd;

	if (!current->fs)
		current->fs = fs_struct_alloc();
	if (!current->files)
		current->files = files_alloc();
	if (!current->fs || !current->files)
		return -ENOMEM;
	f = filp_open("/dev/console", O_RDWR | O_LARGEFILE, 0);
	if (IS_ERR(f)) {
		pr_err("Warning: unable to open an initial console (error %ld)",
		       PTR_ERR(f));
		return (int)PTR_ERR(f);
	}
	for (int i = 0; i < 3; i++) {
		fd = get_unused_fd_flags(0);
		if (fd < 0) {
			fput(f);
			return fd;
		}
		fd_install((unsigned int)fd, i < 2 ? get_file(f) : f);
	}
	return 0;
}

/* fs_lock held: one step of fs_real_path. A symlink at the end of @cur
 * is replaced by its target in @cur (1); a name that is no symlink gives
 * its absolute path in @buf (0); else -errno. */
static int real_path_step(char *cur, char *buf, size_t size)
{
	struct path_last last;
	struct file *dirf = NULL;
	struct inode *inode;
	ssize_t n;
	int err = fs_parent_nolock(AT_FDCWD, cur, &last, &dirf);

	if (!err && last.type != LAST_NORM)
		err = -EINVAL; /* "/", "." or "..": not an executable */
	inode = err ? NULL : tree_lookup(last.dir, last.name, last.len);
	if (!err && !inode)
		err = -ENOENT;
	if (!err && S_ISLNK(inode->i_mode))
		err = fs_revalidate(inode); /* /proc/self/exe computes it */
	if (err)
		goto out;
	n = tree_path_of(fs_root, last.dir, buf, size);
	if (n < 0) {
		err = (int)n;
		goto out;
	}
	if (n == 2)
		n = 1; /* the root: "/" + name, not "//" + name */
	if (S_ISLNK(inode->i_mode)) {
		const char *target = inode->i_data;

		if (target[0] == '/')
			n = 0;
		else
			buf[n - 1] = '/';
		err = (size_t)n + (size_t)inode->i_size + 1 > PATH_MAX
			      ? -ENAMETOOLONG
			      : 1;
		if (err == 1) {
			memcpy(buf + n, target, (size_t)inode->i_size + 1);
			strscpy(cur, buf, PATH_MAX);
		}
	} else if ((size_t)n + last.len + 1 > size) {
		err = -ENAMETOOLONG;
	} else {
		buf[n - 1] = '/';
		memcpy(buf + n, last.name, last.len);
		buf[(size_t)n + last.len] = '\0';
	}
out:
	if (dirf)
		fput(dirf);
	return err;
}

int fs_real_path(const char *path, char *buf, size_t size)
{
	char *cur = kmalloc(PATH_MAX, GFP_KERNEL);
	char *tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	int err = -ENOMEM;

	if (cur && tmp) {
		strscpy(cur, path, PATH_MAX);
		err = -ELOOP;
		for (int i = 0; i <= NAMEI_MAXSYMLINKS; i++) {
			int r;

			mutex_lock(&fs_lock);
			r = real_path_step(cur, tmp, PATH_MAX);
			mutex_unlock(&fs_lock);
			if (r == 1)
				continue;
			err = r;
			if (!r && strscpy(buf, tmp, size) < 0)
				err = -ENAMETOOLONG;
			break;
		}
	}
	kfree(cur);
	kfree(tmp);
	return err;
}
