// SPDX-License-Identifier: MIT
/*
 * A process's root, working directory and umask (Linux's fs/fs_struct.c).
 * getcwd computes the path from the tree (every directory has one name),
 * so no path string is kept.
 */
#include "fs/internal.h"
#include "kernel/lib/errno.h"
#include "kernel/sched.h"
#include "mm/slab.h"

#define DEFAULT_UMASK 0022

struct fs_struct *fs_struct_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	fs->umask = DEFAULT_UMASK;
	mutex_lock(&fs_lock);
	fs->root = fs_root;
	fs->pwd = fs_root;
	if (fs_root) {
		tree_iget(fs_root);
		tree_iget(fs_root);
	}
	mutex_unlock(&fs_lock);
	return fs;
}

static struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	mutex_lock(&fs_lock);
	spin_lock(&old->lock);
	fs->root = old->root;
	fs->pwd = old->pwd;
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	if (fs->root)
		tree_iget(fs->root);
	if (fs->pwd)
		tree_iget(fs->pwd);
	mutex_unlock(&fs_lock);
	return fs;
}

int copy_fs(unsigned long clone_flags, struct task_struct *p)
{
	struct fs_struct *old = current->fs;

	p->fs = NULL;
	if (!old)
		return 0;
	if (clone_flags & CLONE_FS) {
		__atomic_add_fetch(&old->users, 1, __ATOMIC_RELAXED);
		p->fs = old;
		return 0;
	}
	p->fs = copy_fs_struct(old);
	return p->fs ? 0 : -ENOMEM;
}

void exit_fs(struct task_struct *p)
{
	struct fs_struct *fs = p->fs;

	if (!fs)
		return;
	p->fs = NULL;
	if (__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	mutex_lock(&fs_lock);
	if (fs->root)
		tree_iput(fs->root);
	if (fs->pwd)
		tree_iput(fs->pwd);
	mutex_unlock(&fs_lock);
	kfree(fs);
}

umode_t current_umask(void)
{
	return current->fs ? current->fs->umask : DEFAULT_UMASK;
}

uid_t current_fsuid(void)
{
	return current->cred.fsuid;
}

bool fs_capable(void)
{
	return current->cred.euid == 0;
}

gid_t current_fsgid(void)
{
	return current->cred.fsgid;
}

bool fs_signal_pending(void)
{
	return __atomic_load_n(&current->tif, __ATOMIC_RELAXED) &
	       TIF_SIGPENDING;
}
