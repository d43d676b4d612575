// SPDX-License-Identifier: MIT
/*
 * Open files and file-descriptor tables (Linux's fs/file.c and
 * fs/file_table.c, in small). A table has NR_OPEN_MAX slots; a process
 * uses those below its RLIMIT_NOFILE. An fd is reserved (get_unused_fd),
 * then filled (fd_install), so a file is never visible half made.
 */
#include "fs/fs.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/slab.h"

/* Marks a reserved fd whose file is not installed yet. */
#define FD_RESERVED ((struct file *)1)

struct file *alloc_file(struct inode *inode, unsigned int flags,
			const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->f_op = fop;
	f->f_inode = inode;
	f->f_flags = flags;
	f->f_count = 1;
	return f;
}

struct file *get_file(struct file *file)
{
	__atomic_add_fetch(&file->f_count, 1, __ATOMIC_RELAXED);
	return file;
}

void fput(struct file *file)
{
	if (__atomic_sub_fetch(&file->f_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file->f_inode, file);
	if (file->f_inode) {
		mutex_lock(&fs_lock);
		tree_iput(file->f_inode);
		mutex_unlock(&fs_lock);
	}
	kfree(file);
}

static unsigned int fd_limit(void)
{
	u64 cur = current->rlim[RLIMIT_NOFILE].rlim_cur;

	return cur < NR_OPEN_MAX ? (unsigned int)cur : NR_OPEN_MAX;
}

struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	if (!files || fd >= NR_OPEN_MAX)
		return NULL;
	spin_lock(&files->file_lock);
	if (files->fd[fd] && files->fd[fd] != FD_RESERVED)
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

static void set_cloexec(struct files_struct *files, unsigned int fd, bool on)
{
	if (on)
		files->close_on_exec[fd / 64] |= 1UL << (fd % 64);
	else
		files->close_on_exec[fd / 64] &= ~(1UL << (fd % 64));
}

static bool get_cloexec(const struct files_struct *files, unsigned int fd)
{
	return files->close_on_exec[fd / 64] & (1UL << (fd % 64));
}

/* The lowest free fd >= @start below @limit, reserved; -EMFILE. */
static int alloc_fd(struct files_struct *files, unsigned int start,
		    unsigned int limit, unsigned int flags)
{
	unsigned int fd;
	int ret = -EMFILE;

	spin_lock(&files->file_lock);
	if (start < files->next_fd)
		start = files->next_fd;
	for (fd = start; fd < limit; fd++) {
		if (!files->fd[fd]) {
			files->fd[fd] = FD_RESERVED;
			set_cloexec(files, fd, flags & O_CLOEXEC);
			if (fd == files->next_fd)
				files->next_fd = fd + 1;
			ret = (int)fd;
			break;
		}
	}
	spin_unlock(&files->file_lock);
	return ret;
}

/* With a hint below next_fd allowed (F_DUPFD from a lower start). */
static int alloc_fd_from(struct files_struct *files, unsigned int start,
			 unsigned int flags)
{
	unsigned int limit = fd_limit();
	unsigned int fd;
	int ret = -EMFILE;

	if (start >= limit)
		return -EINVAL;
	spin_lock(&files->file_lock);
	for (fd = start; fd < limit; fd++) {
		if (!files->fd[fd]) {
			files->fd[fd] = FD_RESERVED;
			set_cloexec(files, fd, flags & O_CLOEXEC);
			ret = (int)fd;
			break;
		}
	}
	spin_unlock(&files->file_lock);
	return ret;
}

int get_unused_fd_flags(unsigned int flags)
{
	if (!current->files)
		return -EMFILE;
	return alloc_fd(current->files, 0, fd_limit(), flags);
}

int fs_alloc_fd_from(unsigned int start, unsigned int flags)
{
	if (!current->files)
		return -EMFILE;
	return alloc_fd_from(current->files, start, flags);
}

static void __put_fd(struct files_struct *files, unsigned int fd)
{
	files->fd[fd] = NULL;
	set_cloexec(files, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	__put_fd(files, fd);
	spin_unlock(&files->file_lock);
}

void fd_install(unsigned int fd, struct file *file)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	files->fd[fd] = file;
	spin_unlock(&files->file_lock);
}

struct file *close_fd_get_file(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	if (!files || fd >= NR_OPEN_MAX)
		return NULL;
	spin_lock(&files->file_lock);
	if (files->fd[fd] && files->fd[fd] != FD_RESERVED) {
		f = files->fd[fd];
		__put_fd(files, fd);
	}
	spin_unlock(&files->file_lock);
	return f;
}

int close_fd(unsigned int fd)
{
	struct file *f = close_fd_get_file(fd);

	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/**
 * fs_replace_fd - dup2's work: make @fd refer to @file
 * @fd: target fd (below RLIMIT_NOFILE)
 * @file: gets one more reference
 * @flags: O_CLOEXEC
 * Return: @fd; -EBADF (over the limit), -EBUSY (@fd is being opened).
 */
int fs_replace_fd(unsigned int fd, struct file *file, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *old;

	if (!files || fd >= fd_limit())
		return -EBADF;
	get_file(file);
	spin_lock(&files->file_lock);
	old = files->fd[fd];
	if (old == FD_RESERVED) {
		spin_unlock(&files->file_lock);
		fput(file);
		return -EBUSY;
	}
	files->fd[fd] = file;
	set_cloexec(files, fd, flags & O_CLOEXEC);
	spin_unlock(&files->file_lock);
	if (old)
		fput(old);
	return (int)fd;
}

/* F_GETFD / F_SETFD: -EBADF when @fd is not open. */
int fs_get_cloexec(unsigned int fd)
{
	struct files_struct *files = current->files;
	int ret = -EBADF;

	if (!files || fd >= NR_OPEN_MAX)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (files->fd[fd] && files->fd[fd] != FD_RESERVED)
		ret = get_cloexec(files, fd) ? FD_CLOEXEC : 0;
	spin_unlock(&files->file_lock);
	return ret;
}

int fs_set_cloexec(unsigned int fd, bool on)
{
	struct files_struct *files = current->files;
	int ret = -EBADF;

	if (!files || fd >= NR_OPEN_MAX)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (files->fd[fd] && files->fd[fd] != FD_RESERVED) {
		set_cloexec(files, fd, on);
		ret = 0;
	}
	spin_unlock(&files->file_lock);
	return ret;
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	files->count = 1;
	spin_lock_init(&files->file_lock);
	return files;
}

/* A copy of @old: every open file gets a reference; reserved slots
 * (an open in progress in another thread) are left out. */
static struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = files_alloc();

	if (!files)
		return NULL;
	spin_lock(&old->file_lock);
	for (unsigned int fd = 0; fd < NR_OPEN_MAX; fd++) {
		struct file *f = old->fd[fd];

		if (!f || f == FD_RESERVED)
			continue;
		files->fd[fd] = get_file(f);
		set_cloexec(files, fd, get_cloexec(old, fd));
	}
	spin_unlock(&old->file_lock);
	/* next_fd 0: the lowest free slot is searched from the start */
	return files;
}

int copy_files(unsigned long clone_flags, struct task_struct *p)
{
	struct files_struct *old = current->files;

	p->files = NULL;
	if (!old)
		return 0;
	if (clone_flags & 0x00000400 /* CLONE_FILES */) {
		__atomic_add_fetch(&old->count, 1, __ATOMIC_RELAXED);
		p->files = old;
		return 0;
	}
	p->files = dup_fd(old);
	return p->files ? 0 : -ENOMEM;
}

static void close_files(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < NR_OPEN_MAX; fd++) {
		struct file *f = files->fd[fd];

		if (f && f != FD_RESERVED)
			fput(f);
	}
}

static void put_files_struct(struct files_struct *files)
{
	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	close_files(files);
	kfree(files);
}

void exit_files(struct task_struct *p)
{
	struct files_struct *files = p->files;

	if (!files)
		return;
	p->files = NULL;
	put_files_struct(files);
}

void do_close_on_exec(struct files_struct *files)
{
	if (!files)
		return;
	for (unsigned int i = 0; i < NR_OPEN_MAX / 64; i++) {
		for (;;) {
			unsigned long bits;
			unsigned int fd;
			struct file *f;

			spin_lock(&files->file_lock);
			bits = files->close_on_exec[i];
			if (!bits) {
				spin_unlock(&files->file_lock);
				break;
			}
			fd = i * 64 + (unsigned int)__builtin_ctzl(bits);
			f = files->fd[fd];
			if (f == FD_RESERVED) {
				/* an open racing with exec: leave it */
				files->close_on_exec[i] &= ~(1UL << (fd % 64));
				spin_unlock(&files->file_lock);
				continue;
			}
			__put_fd(files, fd);
			spin_unlock(&files->file_lock);
			if (f)
				fput(f);
		}
	}
}

int unshare_files_for_exec(void)
{
	struct files_struct *old = current->files, *copy;

	if (!old || __atomic_load_n(&old->count, __ATOMIC_RELAXED) == 1)
		return 0;
	copy = dup_fd(old);
	if (!copy)
		return -ENOMEM;
	current->files = copy;
	put_files_struct(old);
	return 0;
}
