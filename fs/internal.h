/* SPDX-License-Identifier: MIT */
/* What the files of fs/ share among themselves (not for other callers). */
#ifndef KEEL_FS_INTERNAL_H
#define KEEL_FS_INTERNAL_H

#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/lib/errno.h"

/* clone(2) flags these hooks look at (Linux's values). */
#ifndef CLONE_FS
#define CLONE_FS 0x00000200
#endif
#ifndef CLONE_FILES
#define CLONE_FILES 0x00000400
#endif

struct pt_regs;

/* fs/file.c */
int fs_alloc_fd_from(unsigned int start, unsigned int flags);
int fs_replace_fd(unsigned int fd, struct file *file, unsigned int flags);
int fs_get_cloexec(unsigned int fd);
int fs_set_cloexec(unsigned int fd, bool on);

/* fs/open.c: a walk's nameidata for the current task, from @start (a
 * reference the caller holds). */
void fs_nameidata(struct nameidata *nd, struct inode *start,
		  unsigned int flags);
/* Resolve @path (kernel) from @dfd to an inode with a reference. */
int fs_lookup(int dfd, const char *path, unsigned int lookup_flags,
	      bool empty_ok, struct inode **out);
/* The operations of a file opened on @inode; an ERR_PTR for a device
 * without a driver (-ENXIO) or a type that cannot be opened. */
const struct file_operations *fs_fops_for(struct inode *inode);

/* fs_lock held: the parent of @path's last component (path_parent from
 * @dfd), or the inode @path names (no reference taken). *@dirf gets the
 * dirfd's file (or NULL) even on failure: fput it after unlocking. */
int fs_parent_nolock(int dfd, const char *path, struct path_last *last,
		     struct file **dirf);
int fs_lookup_nolock(int dfd, const char *path, unsigned int lookup_flags,
		     struct inode **out, struct file **dirf);
/* fs_parent_nolock taking fs_lock, held on success only (then the caller
 * unlocks and puts *@dirf); on failure nothing is left to undo. */
int lookup_parent_locked(int dfd, const char *path, struct path_last *last,
			 struct file **dirf);

/* A reference on the inode of @fd's file in *@out: 0; -EBADF for a
 * closed fd; @no_inode for a file without one. */
int fget_inode(unsigned int fd, int no_inode, struct inode **out);

/* Root's powers (CAP_CHOWN, CAP_FOWNER, CAP_MKNOD, CAP_SYS_CHROOT...):
 * keel has no capability sets, the effective uid 0 has them all. */
bool fs_capable(void);

/*
 * Per super block answers for the name and statfs calls:
 * fs_same_fs - may a name of @a's file system be linked or renamed into
 *	directory @b? 0, or -EXDEV across file systems.
 * fs_statfs - fill @st for the file system holding @inode.
 */
struct linux_statfs;
int fs_same_fs(const struct inode *a, const struct inode *b);
void fs_statfs(const struct inode *inode, struct linux_statfs *st);

/* vfs: a dynamic inode's revalidate (fs/tree.h), 0 for a plain one;
 * fs_lock held. */
static inline int fs_revalidate(struct inode *inode)
{
	return inode->i_op && inode->i_op->revalidate
		       ? inode->i_op->revalidate(inode)
		       : 0;
}

/* vfs: may a name be made or removed in @dir? -EROFS on a read-only
 * mount; @noop_err where the file system makes no names (proc: Linux's
 * missing inode operation). fs_lock held. */
static inline int fs_may_change(const struct inode *dir, int noop_err)
{
	if (dir->i_sb && (dir->i_sb->s_flags & MS_RDONLY))
		return -EROFS;
	if (dir->i_sb && dir->i_sb->s_magic == 0x9fa0 /* PROC_SUPER_MAGIC */)
		return noop_err;
	return 0;
}

/* mkdirat and unlinkat on a kernel path. */
long do_mkdirat(int dfd, const char *path, umode_t mode);
long do_unlinkat(int dfd, const char *path, bool rmdir);

/* fs/devices.c: the char device driver of @rdev, or NULL. */
const struct file_operations *chrdev_fops(dev_t rdev);

/* fs/pipe.c: kernel-buffer halves of pipe read and write. */
bool is_pipe_file(const struct file *f);
ssize_t pipe_kernel_read(struct file *f, void *buf, size_t count);
ssize_t pipe_kernel_write(struct file *f, const void *buf, size_t count);
/* The operations of a named FIFO's files (fifo_open shares one pipe per
 * inode through i_private). */
const struct file_operations *fifo_file_ops(void);
/* Make the two files of a new pipe. */
int create_pipe_files(struct file **res, int flags);

/* fs/file_ops.c */
ssize_t tree_file_kernel_read(struct file *f, void *buf, size_t count,
			      loff_t *pos);
ssize_t tree_file_kernel_write(struct file *f, const void *buf, size_t count,
			       loff_t *pos);

/* The current task's credentials for file access. */
uid_t current_fsuid(void);
gid_t current_fsgid(void);

/* An interruptible wait on @wq until @cond; -ERESTARTSYS on a signal. */
#define fs_wait_event_interruptible(wq, cond)                                  \
	({                                                                     \
		int __ret = 0;                                                 \
		struct wait_queue_entry __wqe;                                 \
		init_wait_entry(&__wqe, 0);                                    \
		for (;;) {                                                     \
			prepare_to_wait_event(&(wq), &__wqe,                   \
					      TASK_INTERRUPTIBLE);             \
			if (cond)                                              \
				break;                                         \
			if (fs_signal_pending()) {                             \
				__ret = -ERESTARTSYS;                          \
				break;                                         \
			}                                                      \
			schedule();                                            \
		}                                                              \
		finish_wait(&(wq), &__wqe);                                    \
		__ret;                                                         \
	})

#endif
