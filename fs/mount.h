/* SPDX-License-Identifier: MIT */
/*
 * File system types, super blocks and the mount table (Linux's
 * fs/super.c, fs/namespace.c and fs/filesystems.c, in small).
 *
 *   file_system_type "tmpfs" --get_sb--> super_block (s_dev 0:N, s_root)
 *   struct mount: super block, mountpoint (the directory covered),
 *                 parent mount, mnt_id, flags, devname
 *
 * A mount joins two trees: the covered directory's i_mounted is the
 * mounted root, whose i_covered is that directory; the path walk
 * (fs/namei.c) crosses there. Every field here is under fs_lock.
 * rootfs, devtmpfs and proc have one super block each (made at boot);
 * ramfs and tmpfs make a fresh one per mount.
 */
#ifndef KEEL_FS_MOUNT_H
#define KEEL_FS_MOUNT_H

#include "fs/fs.h"

/* mount(2) flags, Linux's values (MS_RDONLY..MS_NOEXEC in fs/tree.h). */
#define MS_SYNCHRONOUS 16
#define MS_REMOUNT 32
#define MS_MANDLOCK 64
#define MS_DIRSYNC 128
#define MS_NOSYMFOLLOW 256
#define MS_NOATIME 1024
#define MS_NODIRATIME 2048
#define MS_BIND 4096
#define MS_MOVE 8192
#define MS_REC 16384
#define MS_SILENT 32768
#define MS_POSIXACL (1 << 16)
#define MS_UNBINDABLE (1 << 17)
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MS_SHARED (1 << 20)
#define MS_RELATIME (1 << 21)
#define MS_KERNMOUNT (1 << 22)
#define MS_I_VERSION (1 << 23)
#define MS_STRICTATIME (1 << 24)
#define MS_LAZYTIME (1 << 25)
#define MS_MGC_VAL 0xC0ED0000UL
#define MS_MGC_MSK 0xffff0000UL

/* umount2 flags */
#define MNT_FORCE 0x00000001
#define MNT_DETACH 0x00000002
#define MNT_EXPIRE 0x00000004
#define UMOUNT_NOFOLLOW 0x00000008

/* statfs f_type values: RAMFS_MAGIC and TMPFS_MAGIC are in fs/fs.h */
#define PROC_SUPER_MAGIC 0x9fa0UL

/* file_system_type.fs_flags */
#define FS_REQUIRES_DEV 1

struct file_system_type {
	const char *name;
	int fs_flags;
	unsigned long magic;
	/* The super block of a new mount (@data: the options, may be NULL):
	 * a fresh one, or the single instance; an ERR_PTR. */
	struct super_block *(*get_sb)(const struct file_system_type *type,
				      const char *data);
	bool single; /* one shared instance, never destroyed */
};

/* Per-mount flags struct mount keeps (the atime ones). */
#define MNT_NOATIME 0x08
#define MNT_NODIRATIME 0x10
#define MNT_RELATIME 0x20

struct mount {
	struct mount *next; /* in the table, oldest first */
	struct super_block *sb;
	struct inode *mountpoint; /* the directory covered; NULL: the root */
	struct mount *parent; /* the mount holding the mountpoint */
	int mnt_id;
	unsigned int mnt_flags; /* MNT_* */
	char devname[64];
};

/* The mount table (fs_lock). */
extern struct mount *mount_list;

/* The super block of @inode's file system flags: MS_RDONLY etc. */
static inline bool IS_RDONLY(const struct inode *inode)
{
	return inode->i_sb && (inode->i_sb->s_flags & MS_RDONLY);
}

/**
 * sb_alloc - a new super block of @type with a fresh anonymous device
 * number and a root directory of @mode
 * Return: the super block or NULL (out of memory or device numbers).
 * Context: fs_lock held.
 */
struct super_block *sb_alloc(const struct file_system_type *type, umode_t mode);

/**
 * vfs_init - make rootfs (its super block is the tree's root, fs_root),
 * when it is not there yet (a core_initcall makes it at boot)
 * Context: fs_lock held.
 */
void vfs_init(void);

/* The mount whose root is @root, or NULL. fs_lock held. */
struct mount *mount_of_root(const struct inode *root);

/* The absolute path of @m's mountpoint ("/" for the root). fs_lock held.
 * Return: the length with the NUL or -errno. */
ssize_t mount_path(const struct mount *m, char *buf, size_t size);

/* The options /proc/mounts shows for @m ("rw,nosuid,relatime"). */
void mount_opts(const struct mount *m, char *buf, size_t size);

/* Registered file system types, NULL-terminated (for /proc/filesystems). */
extern const struct file_system_type *const file_systems[];

/* devtmpfs (fs/devices.c): the single instance and its boot nodes, made
 * by an fs_initcall. */
extern const struct file_system_type devtmpfs_fs_type;
/* proc (fs/procfs.c), made by an fs_initcall */
extern const struct file_system_type proc_fs_type;

#endif
