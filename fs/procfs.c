// SPDX-License-Identifier: MIT
/*
 * procfs (mount -t proc proc /proc): one instance, as Linux's (one pid
 * namespace). Its tree is a plain tree whose entries carry hooks:
 * - files (mode 0444, st_size 0) have proc_file_fops: opening one
 *   snapshots its whole text into a buffer (seq_file style: a
 *   proc_show_* of fs/proc_data.h, retried with a doubled buffer on
 *   -EOVERFLOW), read and lseek then work on that snapshot;
 * - the root's revalidate brings its pid directories up to date with the
 *   live processes before each lookup and readdir, so /proc/<pid>
 *   appears at fork and goes when the process is reaped, listed in
 *   ascending pid order after the fixed entries;
 * - symlinks whose target depends on the reader or the process (self,
 *   <pid>/exe, cwd, root) compute it in their revalidate.
 */
#include "fs/internal.h"
#include "fs/mount.h"
#include "fs/proc_data.h"
#include "kernel/init.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

static struct super_block *proc_sb;

/* A file: how its text is made. */
struct proc_entry {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_buf *m);
	int (*show_pid)(struct seq_buf *m, struct task_struct *t);
};

/* --- texts made here --- */

static int proc_show_filesystems(struct seq_buf *m)
{
	for (int i = 0; file_systems[i]; i++)
		proc_fmt_filesystem(
			m, file_systems[i]->name,
			!(file_systems[i]->fs_flags & FS_REQUIRES_DEV));
	return m->overflow ? -EOVERFLOW : 0;
}

static int proc_show_mounts_of(struct seq_buf *m, struct task_struct *t)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	char opts[64];

	(void)t;
	if (!path)
		return -ENOMEM;
	mutex_lock(&fs_lock);
	for (const struct mount *mnt = mount_list; mnt; mnt = mnt->next) {
		if (mount_path(mnt, path, PATH_MAX) < 0)
			continue;
		mount_opts(mnt, opts, sizeof(opts));
		proc_fmt_mount(m, mnt->devname, path, mnt->sb->s_type->name,
			       opts);
	}
	mutex_unlock(&fs_lock);
	kfree(path);
	return m->overflow ? -EOVERFLOW : 0;
}

static int proc_show_iomem_for(struct seq_buf *m)
{
	return proc_show_iomem(m, current->cred.euid != 0);
}

static const struct proc_entry proc_root_files[] = {
	{"cmdline", 0444, proc_show_cmdline, NULL},
	{"cpuinfo", 0444, proc_show_cpuinfo, NULL},
	{"filesystems", 0444, proc_show_filesystems, NULL},
	{"interrupts", 0444, proc_show_interrupts, NULL},
	{"iomem", 0444, proc_show_iomem_for, NULL},
	{"loadavg", 0444, proc_show_loadavg, NULL},
	{"meminfo", 0444, proc_show_meminfo, NULL},
	{"stat", 0444, proc_show_stat, NULL},
	{"uptime", 0444, proc_show_uptime, NULL},
	{"version", 0444, proc_show_version, NULL},
};

static const struct proc_entry proc_pid_files[] = {
	{"cmdline", 0444, NULL, proc_show_pid_cmdline},
	{"maps", 0444, NULL, proc_show_pid_maps},
	{"mounts", 0444, NULL, proc_show_mounts_of},
	{"stat", 0444, NULL, proc_show_pid_stat},
	{"statm", 0444, NULL, proc_show_pid_statm},
	{"status", 0444, NULL, proc_show_pid_status},
};

/* The pid a /proc/<pid> directory, or an entry in one, stands for. */
static pid_t dir_pid(const struct inode *inode)
{
	return (pid_t)inode->i_owner_long;
}

/* --- files: a snapshot at open --- */

struct proc_snapshot {
	char *buf;
	size_t size, len;
};

#define PROC_MAX_SNAPSHOT (4UL << 20)

static int proc_open(struct inode *inode, struct file *f)
{
	const struct proc_entry *e = inode->i_private;
	struct task_struct *t = NULL;
	struct proc_snapshot *s;
	size_t size = 4096;
	int err;

	if (e->show_pid) {
		pid_t pid;

		pid = dir_pid(inode); /* set with the entry, never changed */
		t = find_get_task_by_pid(pid);
		if (!t)
			return -ESRCH;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	err = -ENOMEM;
	while (s) {
		struct seq_buf m;

		s->buf = size > 65536 ? NULL : kmalloc(size, GFP_KERNEL);
		if (!s->buf && size > 65536)
			s->buf = fs_alloc(size);
		if (!s->buf)
			break;
		s->size = size;
		seq_buf_init(&m, s->buf, size);
		err = t ? e->show_pid(&m, t) : e->show(&m);
		if (!err && m.overflow)
			err = -EOVERFLOW;
		if (!err) {
			s->len = m.len;
			break;
		}
		fs_free(s->buf, size);
		s->buf = NULL;
		if (err != -EOVERFLOW || size >= PROC_MAX_SNAPSHOT)
			break;
		size *= 2;
	}
	if (t)
		put_task_struct(t);
	if (err) {
		kfree(s);
		return err;
	}
	f->private_data = s;
	return 0;
}

static void proc_release(struct inode *inode, struct file *f)
{
	struct proc_snapshot *s = f->private_data;

	(void)inode;
	if (s) {
		fs_free(s->buf, s->size);
		kfree(s);
	}
}

static ssize_t proc_read(struct file *f, char __user *buf, size_t count,
			 loff_t *pos)
{
	struct proc_snapshot *s = f->private_data;
	size_t n;

	if (*pos < 0)
		return -EINVAL;
	if ((u64)*pos >= s->len)
		return 0;
	n = s->len - (size_t)*pos;
	if (n > count)
		n = count;
	if (copy_to_user(buf, s->buf + *pos, n))
		return -EFAULT;
	*pos += (loff_t)n;
	return (ssize_t)n;
}

static loff_t proc_llseek(struct file *f, loff_t offset, int whence)
{
	struct proc_snapshot *s = f->private_data;
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		base = (loff_t)s->len;
		break;
	default:
		return -EINVAL;
	}
	if (offset > 0 && base > FS_MAX_FILE_SIZE - offset)
		return -EINVAL;
	if (base + offset < 0)
		return -EINVAL;
	f->f_pos = base + offset;
	return f->f_pos;
}

static ssize_t proc_write(struct file *f, const char __user *buf, size_t count,
			  loff_t *pos)
{
	(void)f;
	(void)buf;
	(void)count;
	(void)pos;
	return -EINVAL; /* no write method: Linux's FMODE_CAN_WRITE */
}

static const struct file_operations proc_file_fops = {
	.read = proc_read,
	.write = proc_write,
	.llseek = proc_llseek,
	.open = proc_open,
	.release = proc_release,
};

/* --- symlinks computed when followed or read --- */

static int proc_self_revalidate(struct inode *inode)
{
	char buf[16];
	int n = kscnprintf(buf, sizeof(buf), "%d", current->tgid);

	return tree_set_link(inode, buf, (size_t)n);
}

static const struct inode_operations proc_self_iops = {
	.revalidate = proc_self_revalidate,
};

enum proc_link { PROC_LINK_EXE, PROC_LINK_CWD, PROC_LINK_ROOT };

/* exe, cwd, root of the process of the directory holding @inode. */
static int proc_pid_link_revalidate(struct inode *inode, enum proc_link which)
{
	struct task_struct *t = find_get_task_by_pid(dir_pid(inode));
	char *buf;
	int err = 0;

	if (!t)
		return -ENOENT;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf) {
		put_task_struct(t);
		return -ENOMEM;
	}
	if (which == PROC_LINK_EXE) {
		/* fs_lock is held: the exe path comes from the mm. */
		err = proc_pid_exe(t, buf, PATH_MAX);
	} else {
		struct inode *dir = NULL;

		/* fs_lock held: an exiting task's last fs_struct user
		 * waits for it before freeing. */
		struct fs_struct *fs =
			__atomic_load_n(&t->fs, __ATOMIC_ACQUIRE);

		if (fs) {
			spin_lock(&fs->lock);
			dir = which == PROC_LINK_CWD ? fs->pwd : fs->root;
			spin_unlock(&fs->lock);
		}
		err = dir ? (int)tree_path_of(fs_root, dir, buf, PATH_MAX)
			  : -ENOENT;
	}
	if (err > 0)
		err = tree_set_link(inode, buf, strlen(buf));
	kfree(buf);
	put_task_struct(t);
	return err;
}

static int proc_exe_revalidate(struct inode *inode)
{
	return proc_pid_link_revalidate(inode, PROC_LINK_EXE);
}

static int proc_cwd_revalidate(struct inode *inode)
{
	return proc_pid_link_revalidate(inode, PROC_LINK_CWD);
}

static int proc_root_link_revalidate(struct inode *inode)
{
	return proc_pid_link_revalidate(inode, PROC_LINK_ROOT);
}

static const struct inode_operations proc_exe_iops = {
	.revalidate = proc_exe_revalidate,
};
static const struct inode_operations proc_cwd_iops = {
	.revalidate = proc_cwd_revalidate,
};
static const struct inode_operations proc_root_link_iops = {
	.revalidate = proc_root_link_revalidate,
};

/* --- the pid directories --- */

static int proc_new_file(struct inode *dir, const struct proc_entry *e)
{
	struct inode *inode;
	int err = tree_mknod(dir, e->name, strlen(e->name), S_IFREG | e->mode,
			     0, 0, 0, &inode);

	if (err)
		return err;
	inode->i_fop = &proc_file_fops;
	inode->i_private = (void *)e;
	inode->i_owner_long = dir->i_owner_long;
	return 0;
}

static int proc_new_link(struct inode *dir, const char *name,
			 const char *target, const struct inode_operations *op)
{
	struct inode *inode;
	int err = tree_symlink(dir, name, strlen(name), target, strlen(target),
			       0, 0, &inode);

	if (!err) {
		inode->i_op = op;
		inode->i_owner_long = dir->i_owner_long;
	}
	return err;
}

static int proc_new_pid_dir(struct inode *root, pid_t pid)
{
	struct inode *dir;
	char name[16];
	int n = kscnprintf(name, sizeof(name), "%d", pid), err;

	err = tree_mknod(root, name, (size_t)n, S_IFDIR | 0555, 0, 0, 0, &dir);
	if (err)
		return err;
	dir->i_owner_long = pid;
	for (size_t i = 0; !err && i < ARRAY_SIZE(proc_pid_files); i++)
		err = proc_new_file(dir, &proc_pid_files[i]);
	if (!err)
		err = proc_new_link(dir, "cwd", "/", &proc_cwd_iops);
	if (!err)
		err = proc_new_link(dir, "exe", "/", &proc_exe_iops);
	if (!err)
		err = proc_new_link(dir, "root", "/", &proc_root_link_iops);
	return err;
}

/* Is @d a pid directory's name? Its pid, else 0. */
static pid_t name_pid(const struct fs_dirent *d)
{
	pid_t pid = 0;

	for (size_t i = 0; i < d->namelen; i++) {
		if (d->name[i] < '0' || d->name[i] > '9' || pid > 100000000)
			return 0;
		pid = pid * 10 + (d->name[i] - '0');
	}
	return pid;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static void sort_pids(pid_t *p, unsigned int n)
{
	/* insertion sort: the list comes nearly sorted */
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && cmp_pid(&p[j - 1], &p[j]) > 0;
		     j--) {
			pid_t tmp = p[j];

			p[j] = p[j - 1];
			p[j - 1] = tmp;
		}
}

static bool has_pid(const pid_t *p, unsigned int n, pid_t pid)
{
	unsigned int lo = 0, hi = n;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (p[mid] == pid)
			return true;
		if (p[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int proc_root_revalidate(struct inode *root)
{
	unsigned int n = 0, max = nr_tasks() + 16;
	pid_t *pids = kmalloc(max * sizeof(*pids), GFP_KERNEL);
	struct task_struct *t;
	unsigned long flags;
	struct fs_dirent *d, *next;
	int err = 0;

	if (!pids)
		return -ENOMEM;
	flags = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry (t, &task_list, tasks) {
		if (n == max)
			break;
		if (t->pid == t->tgid && t->pid > 0 &&
		    t->exit_state != EXIT_DEAD)
			pids[n++] = t->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	sort_pids(pids, n);
	/* Gone: out with the directory and its entries. */
	for (d = root->i_children; d; d = next) {
		pid_t pid = name_pid(d);

		next = d->next;
		if (pid && !has_pid(pids, n, pid)) {
			struct inode *dir = d->inode;

			tree_iget(dir);
			tree_clear(dir);
			tree_unlink(root, d->name, d->namelen, true);
			tree_iput(dir);
		}
	}
	/* New: in ascending order at the end (pids only grow). */
	for (unsigned int i = 0; i < n && !err; i++) {
		char name[16];
		int len = kscnprintf(name, sizeof(name), "%d", pids[i]);

		if (!tree_lookup(root, name, (size_t)len))
			err = proc_new_pid_dir(root, pids[i]);
	}
	kfree(pids);
	return err;
}

static const struct inode_operations proc_root_iops = {
	.revalidate = proc_root_revalidate,
};

static struct super_block *proc_get_sb(const struct file_system_type *type,
				       const char *data)
{
	(void)type;
	(void)data; /* hidepid= and the like: not kept */
	return proc_sb ? proc_sb : ERR_PTR(-ENODEV);
}

const struct file_system_type proc_fs_type = {
	.name = "proc",
	.magic = PROC_SUPER_MAGIC,
	.get_sb = proc_get_sb,
	.single = true,
};

static int procfs_make(void)
{
	struct super_block *sb = sb_alloc(&proc_fs_type, 0555);
	struct inode *root;
	int err = 0;

	if (!sb)
		return -ENOMEM;
	proc_sb = sb;
	root = sb->s_root;
	for (size_t i = 0; !err && i < ARRAY_SIZE(proc_root_files); i++)
		err = proc_new_file(root, &proc_root_files[i]);
	if (!err)
		err = proc_new_link(root, "mounts", "self/mounts", NULL);
	if (!err)
		err = proc_new_link(root, "self", "1", &proc_self_iops);
	root->i_op = &proc_root_iops;
	return err;
}

static int __init procfs_init(void)
{
	int err;

	mutex_lock(&fs_lock);
	err = procfs_make();
	mutex_unlock(&fs_lock);
	return err;
}
fs_initcall(procfs_init);
