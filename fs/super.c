// SPDX-License-Identifier: MIT
/*
 * Super blocks, file system types and mounts (contracts in fs/mount.h):
 * rootfs, ramfs and tmpfs live here; devtmpfs in fs/devices.c, proc in
 * fs/procfs.c. The syscalls mount(2), umount2 and pivot_root.
 */
#include "fs/internal.h"
#include "fs/mount.h"
#include "kernel/init.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

struct mount *mount_list;
static int next_mnt_id = 1;

/* --- anonymous device numbers (Linux's get_anon_bdev): 0:1, 0:2, ...
 * 0:12 is the pipes' (fs/stat.c). --- */

#define ANON_MINORS 1024
static unsigned long anon_used[ANON_MINORS / 64] = {1UL | 1UL << 12};

static int get_anon_dev(dev_t *dev)
{
	for (unsigned int i = 0; i < ANON_MINORS; i++)
		if (!(anon_used[i / 64] & (1UL << (i % 64)))) {
			anon_used[i / 64] |= 1UL << (i % 64);
			*dev = MKDEV(0, i);
			return 0;
		}
	return -EMFILE;
}

static void free_anon_dev(dev_t dev)
{
	unsigned int i = MINOR(dev);

	if (MAJOR(dev) == 0 && i < ANON_MINORS && i != 12)
		anon_used[i / 64] &= ~(1UL << (i % 64));
}

struct super_block *sb_alloc(const struct file_system_type *type, umode_t mode)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	if (get_anon_dev(&sb->s_dev)) {
		kfree(sb);
		return NULL;
	}
	sb->s_type = type;
	sb->s_magic = type->magic;
	if (!tree_new_sb_root(sb, mode)) {
		free_anon_dev(sb->s_dev);
		kfree(sb);
		return NULL;
	}
	return sb;
}

void fs_sb_release(struct super_block *sb)
{
	free_anon_dev(sb->s_dev);
	kfree(sb);
}

/* --- rootfs, ramfs, tmpfs --- */

static struct super_block *rootfs_sb;

static struct super_block *rootfs_get_sb(const struct file_system_type *type,
					 const char *data)
{
	(void)type;
	(void)data;
	return rootfs_sb ? rootfs_sb : ERR_PTR(-ENODEV);
}

/* Options: mode= (octal) is honoured; ramfs ignores the others, as
 * Linux's does; tmpfs knows size, nr_inodes, nr_blocks, uid, gid and
 * inode64/inode32 (accepted, no limits kept) and rejects the rest. */
static int ram_parse(const char *data, bool strict, umode_t *mode)
{
	const char *p = data;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > 5 && !memcmp(p, "mode=", 5)) {
			unsigned int m = 0;

			for (size_t i = 5; i < len; i++) {
				if (p[i] < '0' || p[i] > '7' || m > 07777)
					return -EINVAL;
				m = m * 8 + (unsigned int)(p[i] - '0');
			}
			if (m > 07777)
				return -EINVAL;
			*mode = (umode_t)m;
		} else if (strict && len &&
			   !((len > 5 && !memcmp(p, "size=", 5)) ||
			     (len > 10 && !memcmp(p, "nr_inodes=", 10)) ||
			     (len > 10 && !memcmp(p, "nr_blocks=", 10)) ||
			     (len > 4 && !memcmp(p, "uid=", 4)) ||
			     (len > 4 && !memcmp(p, "gid=", 4)) ||
			     (len == 7 && !memcmp(p, "inode64", 7)) ||
			     (len == 7 && !memcmp(p, "inode32", 7)))) {
			return -EINVAL;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static struct super_block *ram_get_sb(const struct file_system_type *type,
				      const char *data)
{
	umode_t mode = type->magic == TMPFS_MAGIC ? 01777 : 0755;
	struct super_block *sb;
	int err = ram_parse(data, type->magic == TMPFS_MAGIC, &mode);

	if (err)
		return ERR_PTR(err);
	sb = sb_alloc(type, mode);
	return sb ? sb : ERR_PTR(-ENOMEM);
}

static const struct file_system_type rootfs_fs_type = {
	.name = "rootfs",
	.magic = RAMFS_MAGIC,
	.get_sb = rootfs_get_sb,
	.single = true,
};

static const struct file_system_type ramfs_fs_type = {
	.name = "ramfs",
	.magic = RAMFS_MAGIC,
	.get_sb = ram_get_sb,
};

static const struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs",
	.magic = TMPFS_MAGIC,
	.get_sb = ram_get_sb,
};

/* In Linux's registration order (as /proc/filesystems lists them). */
const struct file_system_type *const file_systems[] = {
	&rootfs_fs_type, &ramfs_fs_type,    &tmpfs_fs_type,
	&proc_fs_type,	 &devtmpfs_fs_type, NULL,
};

static const struct file_system_type *get_fs_type(const char *name)
{
	for (int i = 0; file_systems[i]; i++)
		if (!strcmp(file_systems[i]->name, name))
			return file_systems[i];
	return NULL;
}

/* --- the mount table --- */

struct mount *mount_of_root(const struct inode *root)
{
	for (struct mount *m = mount_list; m; m = m->next)
		if (m->sb->s_root == root &&
		    (m->mountpoint ? root->i_covered == m->mountpoint
				   : !m->parent))
			return m;
	return NULL;
}

/* The mount @inode is in: the one whose root it is below. */
static struct mount *mount_holding(const struct inode *inode)
{
	for (struct mount *m = mount_list; m; m = m->next)
		if (m->sb == inode->i_sb)
			return m;
	return NULL;
}

static struct mount *add_mount(struct super_block *sb, struct inode *mp,
			       const char *devname, unsigned int mnt_flags)
{
	struct mount *m = kzalloc(sizeof(*m), GFP_KERNEL), **pp;

	if (!m)
		return NULL;
	m->sb = sb;
	m->mountpoint = mp;
	m->parent = mp ? mount_holding(mp) : NULL;
	m->mnt_id = next_mnt_id++;
	m->mnt_flags = mnt_flags;
	strscpy(m->devname, devname && *devname ? devname : "none",
		sizeof(m->devname));
	for (pp = &mount_list; *pp; pp = &(*pp)->next)
		;
	*pp = m;
	return m;
}

ssize_t mount_path(const struct mount *m, char *buf, size_t size)
{
	if (!m->mountpoint) {
		if (size < 2)
			return -ERANGE;
		strscpy(buf, "/", size);
		return 2;
	}
	return tree_path_of(fs_root, m->mountpoint, buf, size);
}

void mount_opts(const struct mount *m, char *buf, size_t size)
{
	unsigned long f = m->sb->s_flags;

	kscnprintf(buf, size, "%s%s%s%s%s%s", f & MS_RDONLY ? "ro" : "rw",
		   f & MS_NOSUID ? ",nosuid" : "", f & MS_NODEV ? ",nodev" : "",
		   f & MS_NOEXEC ? ",noexec" : "",
		   m->mnt_flags & MNT_NOATIME	 ? ",noatime"
		   : m->mnt_flags & MNT_RELATIME ? ",relatime"
						 : "",
		   m->mnt_flags & MNT_NODIRATIME ? ",nodiratime" : "");
}

/* Hang @sb's root on @mp (the top of what is mounted there already). */
static void attach(struct super_block *sb, struct inode *mp)
{
	struct inode *root = sb->s_root;

	root->i_covered = mp;
	mp->i_mounted = root;
}

void vfs_init(void)
{
	struct super_block *sb;

	if (fs_root)
		return;
	pr_info("Dentry cache hash table entries: %u (order: %u, %zu bytes, "
		"linear)",
		TREE_DCACHE_BUCKETS,
		(unsigned int)__builtin_ctzl(TREE_DCACHE_BUCKETS *
					     sizeof(void *) / PAGE_SIZE),
		TREE_DCACHE_BUCKETS * sizeof(void *));
	sb = sb_alloc(&rootfs_fs_type, 0755);
	if (!sb || !add_mount(sb, NULL, "rootfs", 0))
		panic("vfs: no memory for rootfs");
	rootfs_sb = sb;
	fs_root = sb->s_root;
}

/* rootfs first: its device number (0:0) comes before devtmpfs's and
 * proc's, which are fs_initcalls. */
static int __init init_rootfs(void)
{
	mutex_lock(&fs_lock);
	vfs_init();
	mutex_unlock(&fs_lock);
	return 0;
}
core_initcall(init_rootfs);

/* --- mount(2) --- */

static bool capable_sys_admin(void)
{
	return current->cred.euid == 0;
}

/* A kernel copy of an optional user string (NULL stays NULL). */
static char *copy_mount_string(const void __user *s, long max)
{
	char *k;
	long len;

	if (!s)
		return NULL;
	k = kmalloc((size_t)max, GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(k, s, max);
	if (len < 0) {
		kfree(k);
		return ERR_PTR(-EFAULT);
	}
	k[len < max ? len : max - 1] = '\0';
	return k;
}

static unsigned int atime_flags(unsigned long flags)
{
	if (flags & MS_NOATIME)
		return MNT_NOATIME |
		       (flags & MS_NODIRATIME ? MNT_NODIRATIME : 0);
	if (flags & MS_STRICTATIME)
		return flags & MS_NODIRATIME ? MNT_NODIRATIME : 0;
	return MNT_RELATIME | (flags & MS_NODIRATIME ? MNT_NODIRATIME : 0);
}

#define SB_MS_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)

static int do_new_mount(struct inode *mp, const char *type, const char *devname,
			unsigned long flags, const char *data)
{
	const struct file_system_type *fst;
	struct super_block *sb;

	if (!type || !*type)
		return -EINVAL;
	fst = get_fs_type(type);
	if (!fst)
		return -ENODEV;
	if (fst == &rootfs_fs_type)
		return -ENODEV; /* not mountable by user space */
	if (!S_ISDIR(mp->i_mode))
		return -ENOTDIR;
	sb = fst->get_sb(fst, data);
	if (IS_ERR(sb))
		return (int)PTR_ERR(sb);
	if (fst->single && sb->s_root->i_covered)
		return -EBUSY; /* one place at a time here */
	while (mp->i_mounted)
		mp = mp->i_mounted;
	sb->s_flags = flags & SB_MS_FLAGS;
	if (!add_mount(sb, mp, devname, atime_flags(flags))) {
		if (!fst->single) {
			sb->s_dead = true;
			tree_destroy(sb->s_root);
		}
		return -ENOMEM;
	}
	attach(sb, mp);
	return 0;
}

/* Is @inode at or below @root (crossing mounts upwards)? */
static bool is_below(const struct inode *inode, const struct inode *root)
{
	for (;;) {
		if (inode == root)
			return true;
		if (inode->i_parent != inode)
			inode = inode->i_parent;
		else if (inode->i_covered)
			inode = inode->i_covered;
		else
			return false;
	}
}

static int do_move_mount(struct inode *to, const char *from)
{
	struct inode *src;
	struct mount *m;
	int err;

	if (!from)
		return -EINVAL;
	mutex_unlock(&fs_lock);
	err = fs_lookup(AT_FDCWD, from, LOOKUP_FOLLOW, false, &src);
	mutex_lock(&fs_lock);
	if (err)
		return err;
	m = mount_of_root(src);
	err = -EINVAL;
	if (!m || !m->mountpoint || src->i_mounted)
		goto out;
	if (!S_ISDIR(to->i_mode)) {
		err = -ENOTDIR;
		goto out;
	}
	while (to->i_mounted)
		to = to->i_mounted;
	err = -ELOOP;
	if (is_below(to, src))
		goto out;
	m->mountpoint->i_mounted = NULL;
	src->i_covered = NULL;
	m->mountpoint = to;
	m->parent = mount_holding(to);
	attach(m->sb, to);
	err = 0;
out:
	tree_iput(src);
	return err;
}

static long do_mount(const char *devname, struct inode *mp, const char *type,
		     unsigned long flags, const char *data)
{
	struct mount *m;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (!capable_sys_admin())
		return -EPERM;
	if (flags & MS_REMOUNT) {
		m = mount_of_root(mp);
		if (!m)
			return -EINVAL;
		if (!(flags & MS_BIND))
			m->sb->s_flags = flags & SB_MS_FLAGS;
		else
			m->sb->s_flags = (m->sb->s_flags & ~SB_MS_FLAGS) |
					 (flags & SB_MS_FLAGS);
		m->mnt_flags = atime_flags(flags);
		return 0;
	}
	if (flags & MS_BIND)
		return -EINVAL; /* bind mounts: not here */
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return mount_of_root(mp) ? 0 : -EINVAL;
	if (flags & MS_MOVE)
		return do_move_mount(mp, devname);
	return do_new_mount(mp, type, devname, flags, data);
}

SYSCALL_DEFINE5(mount, char __user *, dev_name, char __user *, dir_name,
		char __user *, type, unsigned long, flags, void __user *, data)
{
	char *ktype, *kdev = NULL, *kdata = NULL, *dir = NULL;
	struct inode *mp;
	long ret;

	ktype = copy_mount_string(type, 256);
	if (IS_ERR(ktype))
		return PTR_ERR(ktype);
	kdev = copy_mount_string(dev_name, PATH_MAX);
	if (IS_ERR(kdev)) {
		ret = PTR_ERR(kdev);
		kdev = NULL;
		goto out;
	}
	kdata = copy_mount_string(data, 4096);
	if (IS_ERR(kdata)) {
		ret = PTR_ERR(kdata);
		kdata = NULL;
		goto out;
	}
	dir = getname(dir_name);
	if (IS_ERR(dir)) {
		ret = PTR_ERR(dir);
		dir = NULL;
		goto out;
	}
	ret = fs_lookup(AT_FDCWD, dir, LOOKUP_FOLLOW, false, &mp);
	if (ret)
		goto out;
	mutex_lock(&fs_lock);
	ret = do_mount(kdev, mp, ktype, flags, kdata);
	tree_iput(mp);
	mutex_unlock(&fs_lock);
out:
	putname(dir);
	kfree(kdata);
	kfree(kdev);
	kfree(ktype);
	return ret;
}

/* --- umount2 --- */

/* Unmount @m (not busy, or lazily). fs_lock held. */
static void detach(struct mount *m)
{
	struct super_block *sb = m->sb;
	struct inode *root = sb->s_root;
	struct mount **pp;

	/* What is mounted inside goes first (MNT_DETACH only). */
	for (bool again = true; again;) {
		again = false;
		for (struct mount *c = mount_list; c; c = c->next)
			if (c->parent == m) {
				detach(c);
				again = true;
				break;
			}
	}
	m->mountpoint->i_mounted = NULL;
	root->i_covered = NULL;
	for (pp = &mount_list; *pp != m; pp = &(*pp)->next)
		;
	*pp = m->next;
	kfree(m);
	if (!sb->s_type->single) {
		/* Open files and working directories inside keep their
		 * inodes; the names go now, the super block with the last. */
		sb->s_dead = true;
		tree_destroy(root);
	}
}

SYSCALL_DEFINE2(umount2, char __user *, name, int, flags)
{
	struct inode *root;
	struct mount *m;
	char *path;
	long ret;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	path = getname(name);
	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = fs_lookup(AT_FDCWD, path,
			(flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, false,
			&root);
	putname(path);
	if (ret)
		return ret;
	mutex_lock(&fs_lock);
	m = mount_of_root(root);
	if (!capable_sys_admin())
		ret = -EPERM;
	else if (!m || !m->mountpoint)
		ret = -EINVAL;
	else if (flags & MNT_EXPIRE)
		ret = -EAGAIN; /* first call marks it, as Linux's */
	else if (!(flags & MNT_DETACH) &&
		 tree_busy(root, 1 /* ours */ + 1 /* the sb's */))
		ret = -EBUSY;
	tree_iput(root);
	if (!ret)
		detach(m);
	mutex_unlock(&fs_lock);
	return ret;
}

/* --- pivot_root --- */

SYSCALL_DEFINE2(pivot_root, const char __user *, new_root, const char __user *,
		put_old)
{
	struct inode *nr = NULL, *old = NULL, *root;
	char *p;
	long ret;

	if (!capable_sys_admin())
		return -EPERM;
	p = getname(new_root);
	if (IS_ERR(p))
		return PTR_ERR(p);
	ret = fs_lookup(AT_FDCWD, p, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, false,
			&nr);
	putname(p);
	if (ret)
		return ret;
	p = getname(put_old);
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto out;
	}
	ret = fs_lookup(AT_FDCWD, p, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, false,
			&old);
	putname(p);
	if (ret)
		goto out;
	mutex_lock(&fs_lock);
	root = current->fs && current->fs->root ? current->fs->root : fs_root;
	if (!mount_of_root(nr) || !mount_of_root(nr)->mountpoint)
		ret = -EINVAL; /* new_root is not a mount point */
	else if (!is_below(old, nr))
		ret = -EINVAL; /* put_old is not under new_root */
	else if (!mount_of_root(root) || !mount_of_root(root)->mountpoint)
		ret = -EINVAL; /* the root is rootfs, which never moves */
	else
		ret = -EINVAL; /* a root other than rootfs: not yet */
	mutex_unlock(&fs_lock);
out:
	mutex_lock(&fs_lock);
	if (old)
		tree_iput(old);
	tree_iput(nr);
	mutex_unlock(&fs_lock);
	return ret;
}
