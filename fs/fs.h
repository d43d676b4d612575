/* SPDX-License-Identifier: MIT */
/*
 * The file layer (before the real VFS): open files, file descriptors,
 * the process's working directory, and the in-memory tree (fs/tree.h)
 * they lead to. Linux's names and semantics.
 *
 *   task->files --> files_struct: fd[0..NR_OPEN_MAX) --> struct file
 *                                                         f_op, f_pos
 *                                                         f_inode --> inode
 *   task->fs    --> fs_struct: root, pwd (inodes), umask
 *
 * Locking:
 * - fs_lock (a mutex) protects the whole tree: names, inode fields,
 *   regular-file contents, i_count. It is never held across a user copy
 *   (file contents go through a kernel bounce buffer), so a page fault in
 *   a copy may itself read files.
 * - files_struct.file_lock (a spinlock) protects the fd table.
 * - fs_struct.lock protects root, pwd and umask.
 * - a struct file's f_count is atomic; f_pos is not locked (two threads
 *   sharing a file race on it, as they may in Linux without FMODE_ATOMIC_POS).
 */
#ifndef KEEL_FS_FS_H
#define KEEL_FS_FS_H

#include "fs/tree.h"
#include "kernel/lib/types.h"
#include "kernel/mutex.h"
#include "kernel/spinlock.h"

struct task_struct;
struct file;

/* open(2) flags, x86_64 values. */
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW 00400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_PATH 010000000
#define O_TMPFILE 020000000

/* *at() */
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EACCESS 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* fcntl */
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

/* The fd table's size, and RLIMIT_NOFILE's default (Linux's 1024). */
#define NR_OPEN_MAX 1024
#define IOV_MAX 1024
/* Writes up to this size to a pipe are atomic. */
#define PIPE_BUF 4096

/* poll events (Linux's asm-generic/poll.h) */
#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
/* A file without .poll: always ready (Linux's DEFAULT_POLLMASK). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct poll_table;
struct wait_queue_head;

/**
 * poll_wait - a .poll implementation registers the wait queue(s) whose
 * wake-ups may change its mask (fs/select.c); @pt NULL: nothing to do.
 */
void poll_wait(struct file *file, struct wait_queue_head *wq,
	       struct poll_table *pt);

struct file_operations {
	ssize_t (*read)(struct file *file, char __user *buf, size_t count,
			loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf,
			 size_t count, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	long (*ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* After the inode was looked up, before the file is installed. */
	int (*open)(struct inode *inode, struct file *file);
	/* The last reference is gone. */
	void (*release)(struct inode *inode, struct file *file);
	/* The POLL* events ready now, after poll_wait on the queues that
	 * announce changes. NULL: DEFAULT_POLLMASK. */
	unsigned int (*poll)(struct file *file, struct poll_table *pt);
};

struct file {
	const struct file_operations *f_op;
	struct inode *f_inode; /* holds an i_count reference */
	unsigned int f_flags; /* O_* as opened; F_SETFL changes some */
	loff_t f_pos;
	long f_count; /* atomic */
	void *private_data;
};

struct files_struct {
	int count; /* tasks sharing it (CLONE_FILES); atomic */
	spinlock_t file_lock; /* the table below */
	unsigned int next_fd; /* no free fd below this */
	struct file *fd[NR_OPEN_MAX];
	unsigned long close_on_exec[NR_OPEN_MAX / 64];
};

struct fs_struct {
	int users; /* atomic */
	spinlock_t lock;
	struct inode *root, *pwd; /* each holds an i_count reference */
	umode_t umask;
};

/* struct statfs of Linux x86_64 (120 bytes). */
struct linux_statfs {
	long f_type;
	long f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "struct statfs is 120");

#define RAMFS_MAGIC 0x858458f6
#define TMPFS_MAGIC 0x01021994
#define ST_VALID 0x0020 /* f_flags is filled in */

/* The tree's lock and root (fs/rootfs.c). */
extern struct mutex fs_lock;
extern struct inode *fs_root;

/* Regular files and directories of the tree (fs/file_ops.c). */
extern const struct file_operations tree_file_fops;
extern const struct file_operations tree_dir_fops;

/* --- files and fds (fs/file.c) --- */

/**
 * alloc_file - a new open file on @inode
 * @inode: the file takes over a reference the caller holds (i_count,
 *	taken under fs_lock), which fput drops; may be NULL
 * @flags: O_* flags
 * @fop: its operations
 * Return: the file with f_count 1, or NULL when out of memory.
 */
struct file *alloc_file(struct inode *inode, unsigned int flags,
			const struct file_operations *fop);

/* Take a reference to @file. */
struct file *get_file(struct file *file);
/**
 * fput - drop a reference to @file; the last one calls f_op->release and
 * drops the inode reference.
 * Context: process context (may take fs_lock).
 */
void fput(struct file *file);
/**
 * fget - the file open as @fd in the current task, with a reference
 * Return: the file, or NULL for a bad fd.
 */
struct file *fget(unsigned int fd);

/**
 * get_unused_fd_flags - reserve the lowest free fd of the current task
 * @flags: O_CLOEXEC sets its close-on-exec bit
 * Return: the fd; -EMFILE when none is free below RLIMIT_NOFILE.
 */
int get_unused_fd_flags(unsigned int flags);
/* Give back a reserved fd that got no file. */
void put_unused_fd(unsigned int fd);
/* Install @file (its reference moves into the table) at reserved @fd. */
void fd_install(unsigned int fd, struct file *file);
/* Remove @fd from the table; the file (its reference) or NULL. */
struct file *close_fd_get_file(unsigned int fd);
/* close(@fd): 0 or -EBADF. */
int close_fd(unsigned int fd);

/* A new files_struct with no file open. */
struct files_struct *files_alloc(void);

/**
 * copy_files - give a new task its files at fork
 * @clone_flags: CLONE_FILES shares the parent's table; else it is copied
 *	(each open file gets one more reference, close-on-exec bits too)
 * @p: the new task; p->files is set (NULL stays NULL: a kernel thread
 *	without files gives its children none)
 * Return: 0 or -ENOMEM.
 * Context: process context; current is the parent.
 */
int copy_files(unsigned long clone_flags, struct task_struct *p);

/**
 * exit_files - drop @p's files_struct; the last user closes every file
 * Context: process context, @p exiting (or the parent failing a fork).
 */
void exit_files(struct task_struct *p);

/**
 * do_close_on_exec - close every fd with its close-on-exec bit set
 * Context: execve, after the point of no return.
 */
void do_close_on_exec(struct files_struct *files);

/**
 * unshare_files_for_exec - give current a private fd table (Linux's
 * unshare_files in execve: a table shared through CLONE_FILES is copied)
 * Return: 0 or -ENOMEM.
 */
int unshare_files_for_exec(void);

/* --- working directory (fs/fs_struct.c) --- */

/**
 * copy_fs - give a new task its fs_struct at fork
 * @clone_flags: CLONE_FS shares the parent's; else a copy (root, cwd and
 *	umask)
 * @p: the new task
 * Return: 0 or -ENOMEM.
 */
int copy_fs(unsigned long clone_flags, struct task_struct *p);
/* Drop @p's fs_struct (the last user drops its inode references). */
void exit_fs(struct task_struct *p);
/* An fs_struct at the tree root, umask 0022 (for pid 1). */
struct fs_struct *fs_struct_alloc(void);
/* The current task's umask (0022 without an fs_struct). */
umode_t current_umask(void);

/* --- opening (fs/open.c) --- */

/**
 * filp_open - open a file by a kernel-space path
 * @path: absolute, or relative to the current task's cwd
 * @flags: O_* as for open(2)
 * @mode: for O_CREAT (the umask applies)
 * Return: the file, or an ERR_PTR (kernel/lib/err.h).
 * Context: process context.
 */
/**
 * fs_real_path - the absolute path of what @path names, every symlink
 * followed (realpath(3) on the tree): the name /proc/<pid>/exe shows.
 * Return: 0; -ENOENT, -ELOOP, -ENAMETOOLONG, -ENOMEM, a walk's -errno.
 */
int fs_real_path(const char *path, char *buf, size_t size);

struct file *filp_open(const char *path, int flags, umode_t mode);

/**
 * do_filp_open - open @path relative to @dfd (AT_FDCWD: the cwd)
 * Return: the file or an ERR_PTR.
 */
struct file *do_filp_open(int dfd, const char *path, int flags, umode_t mode);

/**
 * kernel_read - read from a regular file or pipe into a kernel buffer
 * @f: the file
 * @buf: kernel memory
 * @count: bytes wanted
 * @pos: file offset (ignored for pipes)
 * Return: bytes read (0 at the end) or -errno; -EINVAL for other files.
 */
ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t pos);
/* The same for writing (regular files and pipes). */
ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t pos);

/**
 * may_exec - may the current task execute @inode?
 * Return: 0; -EACCES (not a regular file, or no x permission for the
 * task's fsuid, or no x bit at all for root).
 * Context: process context (takes fs_lock).
 */
int may_exec(struct inode *inode);

/**
 * init_console_fds - open /dev/console as fds 0, 1 and 2 of the current
 * task (Linux's console_on_rootfs); gives it a files_struct and an
 * fs_struct first when it has none
 * Return: 0; -errno when /dev/console cannot be opened (logged).
 */
int init_console_fds(void);

/* --- the tree (fs/rootfs.c) --- */

/**
 * initfs_init - create the root and Linux's default nodes (/dev,
 * /dev/console, /root) when missing
 * Context: boot, process context (before populate_rootfs).
 */
void initfs_init(void);

/**
 * initfs_unpack - unpack a cpio archive (several back to back) into the
 * tree
 * @what: names it in log lines
 * Return: entries created, or -errno (what came before the problem stays).
 */
int initfs_unpack(const void *buf, size_t size, const char *what);

/* populate_rootfs (a rootfs_initcall in fs/rootfs.c) fills the tree: the
 * archive built into the image (if any), then the boot loader's initrd,
 * then the default nodes. */
/* Bytes of the boot loader's initrd populate_rootfs unpacked (and then
 * freed), 0 when there was none. */
u64 rootfs_initrd_size(void);

/* --- helpers shared by fs/ --- */

/* Interrupted sleeps: a signal is pending for the current task. */
bool fs_signal_pending(void);
/* A kernel copy of user path @upath (PATH_MAX bytes, kfree'd by
 * putname) or an ERR_PTR: -EFAULT, -ENAMETOOLONG, -ENOENT (empty). */
char *getname(const char __user *upath);
char *getname_flags(const char __user *upath, unsigned int at_flags);
void putname(char *name);

/* The inode a walk for the current task starts at for @dfd; with a
 * reference, or an ERR_PTR (-EBADF, -ENOTDIR). */
struct inode *fs_start_inode(int dfd, const char *path);

#endif
