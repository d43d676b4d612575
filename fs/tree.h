/* SPDX-License-Identifier: MIT */
/*
 * The in-memory file tree, pure: inodes, directories as lists of names
 * (struct fs_dirent, the dentries) found through a hashed dentry cache,
 * regular-file contents in one growable buffer, symlinks,
 * device nodes; path walking (fs/namei.c) and cpio unpacking (fs/initfs.c)
 * work on it. Nothing here locks: the kernel serialises every call with
 * one mutex (fs_lock, fs/fs.h); host tests are single-threaded.
 *
 *   root (dir) --i_children--> "dev" --next--> "init" --next--> "root"
 *    ^  ^                        |              |
 *    |  '--------i_parent--------'              '-> inode (reg, i_data)
 *    '-- i_parent of root is root
 *
 * A name is a struct fs_dirent in its directory's list; the inode it
 * names counts it in i_nlink. A directory has exactly one name (no hard
 * links to directories), so i_parent is its "..". References held by
 * open files, working directories and walks in progress are i_count. An
 * inode is freed when both fall to zero.
 *
 * Memory comes from the environment (the kernel's kmalloc/vmalloc, the
 * host's malloc): fs_alloc, fs_free and the clock fs_now below.
 */
#ifndef KEEL_FS_TREE_H
#define KEEL_FS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/types.h"

typedef unsigned short umode_t;
typedef s64 loff_t;
typedef long ssize_t;
typedef unsigned long dev_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;

/* File types and mode bits (Linux's values). */
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000
#define S_IALLUGO 07777
#define S_IXUGO 00111

#define S_ISLNK(m) (((m)&S_IFMT) == S_IFLNK)
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m)&S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

/* Device numbers in the kernel (Linux's 12:20 split). */
#define MINORBITS 20
#define MINORMASK ((1U << MINORBITS) - 1)
#define MAJOR(dev) ((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev) ((unsigned int)((dev)&MINORMASK))
#define MKDEV(ma, mi) (((dev_t)(ma) << MINORBITS) | (dev_t)(mi))

/* The device number user space sees in st_dev/st_rdev (new_encode_dev). */
static inline u64 fs_encode_dev(dev_t dev)
{
	u64 ma = MAJOR(dev), mi = MINOR(dev);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffULL) << 12);
}

/* Longest path with its NUL, longest component (Linux's). */
#define PATH_MAX 4096
#define NAME_MAX 255
/* Largest regular file the tree holds. */
#define FS_MAX_FILE_SIZE (256LL << 20)

/* Permission requests (Linux's MAY_*). */
#define MAY_EXEC 0x1
#define MAY_WRITE 0x2
#define MAY_READ 0x4

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

struct inode;
struct page;
struct file_operations;
struct file_system_type;

/* Mount flags a super block carries (Linux's MS_* values). */
#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8

/*
 * One mounted (or mountable) instance of a file system: its own tree of
 * inodes below s_root, its own device number. The pure part: the kernel
 * (fs/super.c) makes and registers them; the tree counts their inodes so
 * that an unmounted one (s_dead) goes with its last inode
 * (fs_sb_release).
 */
struct super_block {
	dev_t s_dev; /* st_dev of its inodes: an anonymous 0:N */
	unsigned long s_magic; /* statfs f_type */
	unsigned long s_flags; /* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC */
	struct inode *s_root;
	const struct file_system_type *s_type;
	long s_inodes; /* live inodes with i_sb == this */
	bool s_dead; /* unmounted: released with its last inode */
	void *s_fs_info; /* owner-defined */
};

/*
 * What a file system may add to an inode beyond the plain tree. Called
 * with the tree serialised (fs_lock), before the tree is read:
 * - revalidate on a directory before a name is looked up in it or its
 *   names are listed (a dynamic directory, /proc, brings its names up to
 *   date), on a symlink before its target is read (a target computed at
 *   that moment, /proc/self). 0 or -errno (the walk fails with it).
 */
struct inode_operations {
	int (*revalidate)(struct inode *inode);
};

/*
 * A name: Linux's dentry, positive only. It is in two lists: its
 * directory's (oldest first, for readdir) and a bucket of the dentry cache,
 * the hash table every lookup goes through (hashed by directory and name,
 * so a lookup costs the same in a directory of 3 names or of 100,000).
 */
struct fs_dirent {
	struct fs_dirent *next; /* in the directory, oldest first */
	struct fs_dirent **pprev; /* what points to this one there */
	struct fs_dirent *d_hash_next; /* in its dentry-cache bucket */
	struct fs_dirent **d_hash_pprev;
	struct inode *d_dir; /* the directory the name is in */
	u32 d_hash; /* of d_dir and the name: tree_name_hash */
	struct inode *inode;
	u64 cookie; /* readdir position, increasing within a directory */
	size_t namelen;
	char name[]; /* NUL-terminated */
};

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	uid_t i_uid;
	gid_t i_gid;
	unsigned int i_nlink; /* names in directories (+ "." and subdirs) */
	loff_t i_size;
	dev_t i_rdev; /* char and block device nodes */
	struct timespec64 i_atime, i_mtime, i_ctime;
	int i_count; /* open files, cwds, walks holding it */

	/* Regular file: i_size bytes at i_data, room for i_capacity.
	 * Symlink: the target, i_size bytes plus a NUL. */
	void *i_data;
	size_t i_capacity;
	/* Reserved for the page cache of executables: NULL/0 here. */
	struct page **i_pages;
	unsigned long i_nr_pages;

	/* Directory. */
	struct fs_dirent *i_children;
	struct fs_dirent **i_children_tail; /* the last next (NULL: empty) */
	struct fs_dirent *i_dentry; /* its one name, while it has one */
	struct inode *i_parent; /* ".."; the root's is the root */
	u64 i_next_cookie;

	/* Owner-defined (pipes of FIFOs, devices). */
	void *i_private;
	/* Owner-defined too: procfs keeps here the pid a /proc/<pid> entry
	 * stands for (a file or symlink has no i_parent to ask). */
	long i_owner_long;

	/* The file system: NULL for inodes of no tree (pipes). */
	struct super_block *i_sb;
	const struct inode_operations *i_op; /* NULL: a plain tree inode */
	const struct file_operations *i_fop; /* NULL: chosen by type */
	/* Mounts: on a directory something is mounted on, the root of the
	 * top mount there; on a mounted root, the directory it covers. */
	struct inode *i_mounted;
	struct inode *i_covered;
};

/* --- provided by the environment --- */

/* @size zeroed bytes, or NULL. */
void *fs_alloc(size_t size);
/* Free what fs_alloc(@size) returned (the same @size). */
void fs_free(void *p, size_t size);
/* The current time. */
void fs_now(struct timespec64 *ts);

/* --- inodes --- */

/**
 * tree_new_inode - a fresh inode with no name and i_count 1
 * @mode: type and permission bits
 * @uid: owner
 * @gid: group
 *
 * A directory gets i_nlink 2 ("." and its coming name) and i_parent
 * itself until linked; others 0 until linked.
 * Return: the inode, or NULL when out of memory.
 */
struct inode *tree_new_inode(umode_t mode, uid_t uid, gid_t gid);

/* Take and drop a reference; the inode is freed when i_count and
 * i_nlink are both 0 (a directory: i_nlink <= 1 once it lost its name). */
void tree_iget(struct inode *inode);
void tree_iput(struct inode *inode);

/* The root directory of a new tree (mode 0755, owned by 0:0), i_count 1. */
struct inode *tree_new_root(void);

/* The root of @sb's tree (mode 0755, owned by 0:0, i_count 1), set as
 * its s_root; NULL when out of memory. Names made below it (tree_mknod,
 * tree_symlink) belong to @sb too. */
struct inode *tree_new_sb_root(struct super_block *sb, umode_t mode);

/* The environment frees an unmounted super block whose last inode went
 * (the kernel: its device number too). */
void fs_sb_release(struct super_block *sb);

/* Remove every name below @dir (depth first); inodes something still
 * holds stay until released. */
void tree_clear(struct inode *dir);

/**
 * tree_busy - is anything below @root (itself included) in use?
 * @root: the root of a tree (a mount)
 * @root_refs: references on @root its owner counts as its own
 *
 * In use: an inode held beyond the references the tree makes itself (an
 * open file, a working directory), or a directory something is mounted
 * on. An unmounted tree that is not busy can be destroyed at once.
 */
bool tree_busy(const struct inode *root, int root_refs);

/* Replace symlink @inode's target by @target (1..PATH_MAX - 1 bytes).
 * Return: 0; -EINVAL (not a symlink, bad length); -ENOMEM (the old
 * target stays). */
int tree_set_link(struct inode *inode, const char *target, size_t tlen);

/* Is @inode the root of a mount, or is something mounted on it? */
static inline bool tree_is_mountpoint(const struct inode *inode)
{
	return inode->i_mounted != NULL;
}

/* Remove every name below @root and drop the caller's reference to it:
 * what nothing else holds is freed (host tests, fuzzers). */
void tree_destroy(struct inode *root);

/* --- directories --- */

/**
 * tree_lookup - the inode @dir names @name (not "." or ".."), no
 * reference taken; NULL when none.
 */
struct inode *tree_lookup(const struct inode *dir, const char *name,
			  size_t len);

/**
 * tree_link - give @inode the name @name in @dir
 * Return: 0; -EEXIST, -ENAMETOOLONG (> NAME_MAX), -EINVAL (empty, ".",
 * "..", a '/' or NUL inside), -ENOTDIR, -ENOENT (@dir was removed),
 * -EMLINK (a directory that has a name already), -ENOMEM.
 */
int tree_link(struct inode *dir, const char *name, size_t len,
	      struct inode *inode);

/**
 * tree_unlink - remove the name @name from @dir
 * @rmdir: true for rmdir (the name must be an empty directory), false for
 *	unlink (it must not be a directory)
 * Return: 0; -ENOENT, -ENOTDIR, -EISDIR, -ENOTEMPTY.
 */
int tree_unlink(struct inode *dir, const char *name, size_t len, bool rmdir);

/**
 * tree_mknod - create and link a new inode (any type; a symlink gets no
 * target here, see tree_symlink)
 * @out: set to the inode (no reference taken: the name holds it)
 * Return: as tree_link; -ENOMEM.
 */
int tree_mknod(struct inode *dir, const char *name, size_t len, umode_t mode,
	       uid_t uid, gid_t gid, dev_t rdev, struct inode **out);

/* A symlink @name -> @target (1..PATH_MAX - 1 bytes, no NUL). */
int tree_symlink(struct inode *dir, const char *name, size_t len,
		 const char *target, size_t tlen, uid_t uid, gid_t gid,
		 struct inode **out);

/*
 * The dentry cache: chains shared by every tree, TREE_DCACHE_BUCKETS at
 * first, growing fourfold past two names a chain on average.
 * tree_dcache_stats reports the names hashed, the chains and the longest
 * (tests and fuzzers check that every name is found through it).
 */
#define TREE_DCACHE_BITS 13
#define TREE_DCACHE_BUCKETS (1U << TREE_DCACHE_BITS)
struct tree_dcache_stats {
	unsigned long entries;
	unsigned long buckets;
	unsigned long longest_chain;
};
void tree_dcache_stats(struct tree_dcache_stats *st);
/* The hash of @name (@len bytes) in directory @dir. */
u32 tree_name_hash(const struct inode *dir, const char *name, size_t len);

/**
 * tree_path_of - the absolute path of directory @inode from @root
 * @buf: receives it, NUL-terminated
 * @size: size of @buf
 * Return: its length with the NUL; -ENOENT when @inode was removed or is
 * not below @root; -ERANGE when @buf is too small.
 */
ssize_t tree_path_of(const struct inode *root, const struct inode *inode,
		     char *buf, size_t size);

/* --- regular files --- */

/* Copy up to @n bytes at @pos out of @inode; the count (0 at or past the
 * end). -EINVAL for a negative @pos. */
ssize_t tree_read(struct inode *inode, loff_t pos, void *buf, size_t n);
/* Write @n bytes at @pos, growing the file (a hole reads as zeros).
 * Return: @n; -EFBIG past FS_MAX_FILE_SIZE; -ENOMEM; -EINVAL. */
ssize_t tree_write(struct inode *inode, loff_t pos, const void *buf, size_t n);
/* Cut or extend (with zeros) to @size. 0; -EINVAL, -EFBIG, -ENOMEM. */
int tree_truncate(struct inode *inode, loff_t size);

/* --- attributes --- */

/**
 * tree_permission - may @uid/@gid access @inode as @mask (MAY_*)?
 *
 * The owner's bits apply to the owner, the group's to members, else the
 * others'. uid 0 may read and write anything and search any directory,
 * but executes a file only when some x bit is set.
 * Return: 0 or -EACCES.
 */
int tree_permission(const struct inode *inode, uid_t uid, gid_t gid, int mask);

/* struct stat of Linux x86_64 (144 bytes). */
struct linux_stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks; /* 512-byte blocks */
	u64 st_atime_sec, st_atime_nsec;
	u64 st_mtime_sec, st_mtime_nsec;
	u64 st_ctime_sec, st_ctime_nsec;
	s64 __unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "struct stat is 144 bytes");
_Static_assert(offsetof(struct linux_stat, st_rdev) == 40, "st_rdev at 40");
_Static_assert(offsetof(struct linux_stat, st_atime_sec) == 72, "st_atime");

/* The device the tree's inodes report in st_dev. */
#define TREE_DEV MKDEV(0, 1)

/* Fill @st from @inode, st_dev being @dev. */
void tree_fill_stat(const struct inode *inode, dev_t dev,
		    struct linux_stat *st);

/* --- directory reading --- */

/* getdents64's record (Linux's struct linux_dirent64). */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off; /* position of the next record */
	unsigned short d_reclen;
	unsigned char d_type; /* DT_* */
	char d_name[];
};

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

/**
 * tree_getdents - records of @dir from position *@pos
 * @buf: receives struct linux_dirent64 records, 8-byte aligned
 * @size: room in @buf
 *
 * Position 0 is ".", 1 is "..", then the entries by cookie; *@pos moves
 * past every record written. Entries added or removed between calls are
 * neither repeated nor skipped (the cookie of a name never changes).
 * Return: bytes written (0 at the end); -EINVAL when not even one record
 * fits; -ENOTDIR; -ENOENT for a removed directory.
 */
ssize_t tree_getdents(const struct inode *dir, loff_t *pos, void *buf,
		      size_t size);

/* --- renaming, attributes, times, statx (the fsc calls) --- */

/* renameat2 flags (Linux's values). */
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)

/**
 * tree_is_ancestor - is @anc the directory @inode or one above it?
 * A non-directory @inode is its own only ancestor.
 */
bool tree_is_ancestor(const struct inode *anc, const struct inode *inode);

/**
 * tree_rename - move the name @oname of @odir to @nname in @ndir
 * @flags: 0, RENAME_NOREPLACE or RENAME_EXCHANGE
 *
 * Linux's rules: a name over an existing one replaces it (a directory
 * only over an empty directory, a non-directory only over a
 * non-directory); two names of one inode: nothing happens; a directory
 * never goes below itself. Nothing is changed when an error is returned.
 * Return: 0; -ENOENT (no @oname, @ndir removed, EXCHANGE without
 * @nname), -EEXIST (NOREPLACE), -ENOTDIR, -EISDIR, -ENOTEMPTY (a
 * non-empty directory replaced, or @nname an ancestor of @odir), -EINVAL
 * (bad flags or name, a directory moved below itself), -ENAMETOOLONG,
 * -ENOMEM.
 */
int tree_rename(struct inode *odir, const char *oname, size_t olen,
		struct inode *ndir, const char *nname, size_t nlen,
		unsigned int flags);

/**
 * tree_may_delete - may @uid/@gid remove (or replace) the name of
 * @victim in @dir? Write and search on @dir, and with the sticky bit
 * set only the owner of @victim or of @dir (or root).
 * Return: 0, -EACCES or -EPERM.
 */
int tree_may_delete(const struct inode *dir, const struct inode *victim,
		    uid_t uid, gid_t gid);

/**
 * tree_chmod - chmod by @uid/@gid: the owner or root sets the permission
 * bits (S_ISGID dropped when a non-root caller is not in the file's
 * group); ctime is updated.
 * Return: 0 or -EPERM.
 */
int tree_chmod(struct inode *inode, umode_t mode, uid_t uid, gid_t gid);

/**
 * tree_chown - chown by @uid/@gid; (uid_t)-1 / (gid_t)-1 leave a field.
 * Only root changes the owner (the owner may "change" it to itself); the
 * owner may set the group to its own @gid. A non-directory loses S_ISUID,
 * and S_ISGID when group-executable, as on Linux.
 * Return: 0 or -EPERM.
 */
int tree_chown(struct inode *inode, uid_t nuid, gid_t ngid, uid_t uid,
	       gid_t gid);

#define UTIME_NOW ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

/**
 * tree_utimes - set atime (@times[0]) and mtime (@times[1])
 * @times: NULL for now and now; a tv_nsec of UTIME_NOW or UTIME_OMIT
 *
 * Explicit times need the owner or root (-EPERM); "now" also allows a
 * caller with write permission (-EACCES otherwise). ctime becomes now.
 * Return: 0; -EINVAL for a tv_nsec out of range; -EPERM; -EACCES.
 */
int tree_utimes(struct inode *inode, const struct timespec64 *times, uid_t uid,
		gid_t gid);

/* Is a tv_nsec of utimensat valid (0..999999999, UTIME_NOW, UTIME_OMIT)? */
bool tree_utime_nsec_valid(long nsec);

/* struct statx (Linux's include/uapi/linux/stat.h, 256 bytes). */
struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct linux_statx {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major;
	u32 stx_rdev_minor;
	u32 stx_dev_major;
	u32 stx_dev_minor;
	u64 __spare2[14];
};
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");
_Static_assert(offsetof(struct linux_statx, stx_atime) == 0x40, "stx_atime");
_Static_assert(offsetof(struct linux_statx, stx_rdev_major) == 0x80, "rdev");

#define STATX_TYPE 0x0001U
#define STATX_MODE 0x0002U
#define STATX_NLINK 0x0004U
#define STATX_UID 0x0008U
#define STATX_GID 0x0010U
#define STATX_ATIME 0x0020U
#define STATX_MTIME 0x0040U
#define STATX_CTIME 0x0080U
#define STATX_INO 0x0100U
#define STATX_SIZE 0x0200U
#define STATX_BLOCKS 0x0400U
#define STATX_BASIC_STATS 0x07ffU
#define STATX__RESERVED 0x80000000U

/* Fill @stx from @inode (every basic field, stx_mask STATX_BASIC_STATS),
 * the device being @dev. */
void tree_fill_statx(const struct inode *inode, dev_t dev,
		     struct linux_statx *stx);

#endif
