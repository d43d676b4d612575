// SPDX-License-Identifier: MIT
/*
 * The in-memory file tree, pure (contracts in tree.h). Callers serialise;
 * every size coming from outside is checked before it is used in a sum.
 */
#include "fs/tree.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/* Inode numbers: 1 is the first root, as Linux's rootfs starts low. */
static unsigned long tree_next_ino = 1;

/* Smallest buffer a regular file grows to, then doubling. */
#define TREE_MIN_CAPACITY 64

struct inode *tree_new_inode(umode_t mode, uid_t uid, gid_t gid)
{
	struct inode *inode = fs_alloc(sizeof(*inode));

	if (!inode)
		return NULL;
	inode->i_ino = tree_next_ino++;
	inode->i_mode = mode;
	inode->i_uid = uid;
	inode->i_gid = gid;
	inode->i_count = 1;
	fs_now(&inode->i_mtime);
	inode->i_atime = inode->i_mtime;
	inode->i_ctime = inode->i_mtime;
	if (S_ISDIR(mode)) {
		inode->i_nlink = 1; /* "."; the name adds one */
		inode->i_parent = inode;
		inode->i_next_cookie = 2;
	}
	return inode;
}

static void tree_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	if (inode->i_data)
		fs_free(inode->i_data, inode->i_capacity);
	fs_free(inode, sizeof(*inode));
	if (sb && --sb->s_inodes == 0 && sb->s_dead)
		fs_sb_release(sb);
}

/* @inode belongs to @sb from now on. */
static void tree_set_sb(struct inode *inode, struct super_block *sb)
{
	inode->i_sb = sb;
	if (sb)
		sb->s_inodes++;
}

/* No name is left: i_nlink 0 (a directory: only its own "."). */
static bool tree_unlinked(const struct inode *inode)
{
	return S_ISDIR(inode->i_mode) ? inode->i_nlink <= 1
				      : inode->i_nlink == 0;
}

void tree_iget(struct inode *inode)
{
	inode->i_count++;
}

void tree_iput(struct inode *inode)
{
	if (--inode->i_count > 0 || !tree_unlinked(inode))
		return;
	/* A removed directory is empty; its ".." reference goes now. */
	if (S_ISDIR(inode->i_mode) && inode->i_parent != inode)
		tree_iput(inode->i_parent);
	tree_free_inode(inode);
}

struct inode *tree_new_root(void)
{
	struct inode *root = tree_new_inode(S_IFDIR | 0755, 0, 0);

	if (root)
		root->i_nlink = 2; /* "." and its own ".." */
	return root;
}

struct inode *tree_new_sb_root(struct super_block *sb, umode_t mode)
{
	struct inode *root = tree_new_root();

	if (!root)
		return NULL;
	root->i_mode = (umode_t)(S_IFDIR | (mode & S_IALLUGO));
	tree_set_sb(root, sb);
	sb->s_root = root;
	return root;
}

/*
 * --- the dentry cache (Linux's dentry_hashtable) ---
 * TREE_DCACHE_BUCKETS chains to start with, in the image; past two names
 * a chain on average the table grows fourfold (up to TREE_DCACHE_MAX_BITS)
 * from fs_alloc, and goes back to the first one when the last name goes.
 * A failed growth leaves the table as it was: lookups stay right, only
 * longer.
 */
#define TREE_DCACHE_MAX_BITS 20

static struct fs_dirent *dcache_first[TREE_DCACHE_BUCKETS];
static struct fs_dirent **dcache = dcache_first;
static unsigned int dcache_bits = TREE_DCACHE_BITS;
static unsigned long dcache_entries;

/* FNV-1a over the name, seeded with the directory's address. */
u32 tree_name_hash(const struct inode *dir, const char *name, size_t len)
{
	u64 h = 0xcbf29ce484222325ULL ^
		((u64)(uintptr_t)dir * 0x9e3779b97f4a7c15ULL);

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3ULL;
	}
	return (u32)(h ^ (h >> 32));
}

static struct fs_dirent **dcache_slot(struct fs_dirent **table,
				      unsigned int bits, u32 hash)
{
	return &table[(hash ^ (hash >> bits)) & ((1U << bits) - 1)];
}

static struct fs_dirent **dcache_bucket(u32 hash)
{
	return dcache_slot(dcache, dcache_bits, hash);
}

static void dcache_insert(struct fs_dirent **b, struct fs_dirent *d)
{
	d->d_hash_next = *b;
	d->d_hash_pprev = b;
	if (*b)
		(*b)->d_hash_pprev = &d->d_hash_next;
	*b = d;
}

/* Move every name from the table in use to @table of 2^@bits chains. */
static void dcache_move(struct fs_dirent **table, unsigned int bits)
{
	for (size_t b = 0; b < ((size_t)1 << dcache_bits); b++) {
		while (dcache[b]) {
			struct fs_dirent *d = dcache[b];

			dcache[b] = d->d_hash_next;
			dcache_insert(dcache_slot(table, bits, d->d_hash), d);
		}
	}
	if (dcache != dcache_first)
		fs_free(dcache, ((size_t)1 << dcache_bits) * sizeof(*dcache));
	dcache = table;
	dcache_bits = bits;
}

static void dcache_grow(void)
{
	unsigned int bits = dcache_bits + 2;
	struct fs_dirent **table;

	if (bits > TREE_DCACHE_MAX_BITS)
		return;
	table = fs_alloc(((size_t)1 << bits) * sizeof(*table));
	if (table)
		dcache_move(table, bits);
}

void tree_dcache_stats(struct tree_dcache_stats *st)
{
	st->entries = dcache_entries;
	st->buckets = 1UL << dcache_bits;
	st->longest_chain = 0;
	for (size_t b = 0; b < ((size_t)1 << dcache_bits); b++) {
		unsigned long n = 0;

		for (const struct fs_dirent *d = dcache[b]; d;
		     d = d->d_hash_next)
			n++;
		if (n > st->longest_chain)
			st->longest_chain = n;
	}
}

/* Give @d (name filled in) to @dir: last in its list, and hashed. */
static void d_add(struct inode *dir, struct fs_dirent *d)
{
	struct fs_dirent **tail =
		dir->i_children_tail ? dir->i_children_tail : &dir->i_children;

	d->next = NULL;
	d->pprev = tail;
	*tail = d;
	dir->i_children_tail = &d->next;
	d->d_dir = dir;
	d->d_hash = tree_name_hash(dir, d->name, d->namelen);
	dcache_insert(dcache_bucket(d->d_hash), d);
	if (++dcache_entries > (2UL << dcache_bits))
		dcache_grow();
	if (S_ISDIR(d->inode->i_mode))
		d->inode->i_dentry = d;
}

/* Take @d out of its directory and the cache, and free it. */
static void d_delete(struct fs_dirent *d)
{
	struct inode *dir = d->d_dir;

	*d->pprev = d->next;
	if (d->next)
		d->next->pprev = d->pprev;
	else
		dir->i_children_tail = d->pprev;
	*d->d_hash_pprev = d->d_hash_next;
	if (d->d_hash_next)
		d->d_hash_next->d_hash_pprev = d->d_hash_pprev;
	if (--dcache_entries == 0 && dcache != dcache_first)
		dcache_move(dcache_first, TREE_DCACHE_BITS);
	if (d->inode->i_dentry == d)
		d->inode->i_dentry = NULL;
	fs_free(d, sizeof(*d) + d->namelen + 1);
}

static struct fs_dirent *d_lookup(const struct inode *dir, const char *name,
				  size_t len)
{
	u32 hash = tree_name_hash(dir, name, len);
	struct fs_dirent *d = *dcache_bucket(hash);

	for (; d; d = d->d_hash_next)
		if (d->d_hash == hash && d->d_dir == dir && d->namelen == len &&
		    memcmp(d->name, name, len) == 0)
			return d;
	return NULL;
}

/* A new name for @inode, not yet anywhere; NULL without memory. */
static struct fs_dirent *d_alloc(const char *name, size_t len,
				 struct inode *inode, struct inode *dir)
{
	struct fs_dirent *d = fs_alloc(sizeof(*d) + len + 1);

	if (!d)
		return NULL;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->namelen = len;
	d->inode = inode;
	d->cookie = dir->i_next_cookie++;
	return d;
}

struct inode *tree_lookup(const struct inode *dir, const char *name, size_t len)
{
	struct fs_dirent *d;

	if (!S_ISDIR(dir->i_mode))
		return NULL;
	d = d_lookup(dir, name, len);
	return d ? d->inode : NULL;
}

static int tree_check_name(const char *name, size_t len)
{
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 0 || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -EINVAL;
	return 0;
}

static void tree_touch(struct inode *inode)
{
	fs_now(&inode->i_mtime);
	inode->i_ctime = inode->i_mtime;
}

int tree_link(struct inode *dir, const char *name, size_t len,
	      struct inode *inode)
{
	struct fs_dirent *d;
	int err = tree_check_name(name, len);

	if (err)
		return err;
	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	if (tree_unlinked(dir) && dir->i_parent != dir)
		return -ENOENT;
	if (d_lookup(dir, name, len))
		return -EEXIST;
	if (inode->i_sb != dir->i_sb)
		return -EXDEV;
	if (S_ISDIR(inode->i_mode) &&
	    (inode->i_parent != inode || inode == dir))
		return -EMLINK;
	d = d_alloc(name, len, inode, dir);
	if (!d)
		return -ENOMEM;
	d_add(dir, d);
	inode->i_nlink++;
	if (S_ISDIR(inode->i_mode)) {
		inode->i_parent = dir;
		dir->i_nlink++; /* the child's ".." */
		tree_iget(dir);
	}
	tree_touch(dir);
	inode->i_ctime = dir->i_mtime;
	return 0;
}

int tree_unlink(struct inode *dir, const char *name, size_t len, bool rmdir)
{
	struct fs_dirent *d;
	struct inode *inode;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	d = d_lookup(dir, name, len);
	if (!d)
		return -ENOENT;
	inode = d->inode;
	if (rmdir && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (!rmdir && S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (rmdir && inode->i_children)
		return -ENOTEMPTY;
	d_delete(d);
	tree_touch(dir);
	inode->i_ctime = dir->i_mtime;
	if (S_ISDIR(inode->i_mode)) {
		dir->i_nlink--;
		inode->i_nlink = 1; /* only "." is left */
		/* i_parent stays (and keeps its reference) while the removed
		 * directory is referenced: ".." of a removed cwd. */
		tree_iget(inode);
		tree_iput(inode);
		return 0;
	}
	inode->i_nlink--;
	tree_iget(inode);
	tree_iput(inode); /* frees it when nothing holds it */
	return 0;
}

int tree_mknod(struct inode *dir, const char *name, size_t len, umode_t mode,
	       uid_t uid, gid_t gid, dev_t rdev, struct inode **out)
{
	struct inode *inode;
	int err = tree_check_name(name, len);

	if (err)
		return err;
	if (tree_lookup(dir, name, len))
		return -EEXIST;
	inode = tree_new_inode(mode, uid, gid);
	if (!inode)
		return -ENOMEM;
	tree_set_sb(inode, dir->i_sb);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		inode->i_rdev = rdev;
	err = tree_link(dir, name, len, inode);
	if (err) {
		tree_iput(inode); /* never linked: freed */
		return err;
	}
	inode->i_count--; /* the name holds it now */
	if (out)
		*out = inode;
	return 0;
}

int tree_symlink(struct inode *dir, const char *name, size_t len,
		 const char *target, size_t tlen, uid_t uid, gid_t gid,
		 struct inode **out)
{
	struct inode *inode;
	char *data;
	int err;

	if (tlen == 0)
		return -ENOENT;
	if (tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	if (strnlen(target, tlen) != tlen)
		return -EINVAL;
	data = fs_alloc(tlen + 1);
	if (!data)
		return -ENOMEM;
	memcpy(data, target, tlen);
	data[tlen] = '\0';
	err = tree_mknod(dir, name, len, S_IFLNK | 0777, uid, gid, 0, &inode);
	if (err) {
		fs_free(data, tlen + 1);
		return err;
	}
	inode->i_data = data;
	inode->i_capacity = tlen + 1;
	inode->i_size = (loff_t)tlen;
	if (out)
		*out = inode;
	return 0;
}

int tree_set_link(struct inode *inode, const char *target, size_t tlen)
{
	char *data;

	if (!S_ISLNK(inode->i_mode) || tlen == 0 || tlen >= PATH_MAX ||
	    strnlen(target, tlen) != tlen)
		return -EINVAL;
	if (inode->i_data && inode->i_size == (loff_t)tlen &&
	    memcmp(inode->i_data, target, tlen) == 0)
		return 0;
	data = fs_alloc(tlen + 1);
	if (!data)
		return -ENOMEM;
	memcpy(data, target, tlen);
	data[tlen] = '\0';
	if (inode->i_data)
		fs_free(inode->i_data, inode->i_capacity);
	inode->i_data = data;
	inode->i_capacity = tlen + 1;
	inode->i_size = (loff_t)tlen;
	return 0;
}

/* The name of directory @inode in its parent directory. */
static const struct fs_dirent *tree_name_of(const struct inode *inode)
{
	return inode->i_dentry;
}

ssize_t tree_path_of(const struct inode *root, const struct inode *inode,
		     char *buf, size_t size)
{
	size_t pos = size; /* the path is built backwards from the end */
	const struct inode *i;

	if (size < 2)
		return -ERANGE;
	buf[--pos] = '\0';
	for (i = inode; i != root; i = i->i_parent) {
		const struct fs_dirent *d;

		/* The root of a mount: on in the tree it covers. */
		while (i->i_parent == i && i->i_covered && i != root)
			i = i->i_covered;
		if (i == root)
			break;
		if (i->i_parent == i || tree_unlinked(i))
			return -ENOENT;
		d = tree_name_of(i);
		if (!d)
			return -ENOENT;
		if (d->namelen + 1 > pos)
			return -ERANGE;
		pos -= d->namelen;
		memcpy(buf + pos, d->name, d->namelen);
		buf[--pos] = '/';
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, size - pos);
	return (ssize_t)(size - pos);
}

ssize_t tree_read(struct inode *inode, loff_t pos, void *buf, size_t n)
{
	size_t left;

	if (pos < 0)
		return -EINVAL;
	if (pos >= inode->i_size)
		return 0;
	left = (size_t)(inode->i_size - pos);
	if (n > left)
		n = left;
	memcpy(buf, (const char *)inode->i_data + pos, n);
	return (ssize_t)n;
}

/* Make room for @size bytes; new room is zero. */
static int tree_reserve(struct inode *inode, size_t size)
{
	size_t cap = inode->i_capacity ? inode->i_capacity : TREE_MIN_CAPACITY;
	void *data;

	if (size <= inode->i_capacity)
		return 0;
	while (cap < size)
		cap *= 2;
	data = fs_alloc(cap);
	if (!data && cap > size) {
		cap = size; /* doubling failed: try the exact size */
		data = fs_alloc(cap);
	}
	if (!data)
		return -ENOMEM;
	if (inode->i_data) {
		memcpy(data, inode->i_data, (size_t)inode->i_size);
		fs_free(inode->i_data, inode->i_capacity);
	}
	inode->i_data = data;
	inode->i_capacity = cap;
	return 0;
}

ssize_t tree_write(struct inode *inode, loff_t pos, const void *buf, size_t n)
{
	int err;

	if (pos < 0)
		return -EINVAL;
	if (pos > FS_MAX_FILE_SIZE || n > (size_t)(FS_MAX_FILE_SIZE - pos))
		return -EFBIG;
	if (n == 0)
		return 0;
	if (pos + (loff_t)n > inode->i_size) {
		err = tree_truncate(inode, pos + (loff_t)n);
		if (err)
			return err;
	}
	memcpy((char *)inode->i_data + pos, buf, n);
	tree_touch(inode);
	return (ssize_t)n;
}

int tree_truncate(struct inode *inode, loff_t size)
{
	int err;

	if (size < 0)
		return -EINVAL;
	if (size > FS_MAX_FILE_SIZE)
		return -EFBIG;
	if (size > inode->i_size) {
		err = tree_reserve(inode, (size_t)size);
		if (err)
			return err;
	} else if (size < inode->i_size) {
		/* Zero the cut tail so a later extension reads zeros. */
		memset((char *)inode->i_data + size, 0,
		       (size_t)(inode->i_size - size));
	}
	inode->i_size = size;
	tree_touch(inode);
	return 0;
}

int tree_permission(const struct inode *inode, uid_t uid, gid_t gid, int mask)
{
	unsigned int mode = inode->i_mode;

	if (uid == 0) {
		if (!(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & S_IXUGO))
			return 0;
		return -EACCES;
	}
	if (uid == inode->i_uid)
		mode >>= 6;
	else if (gid == inode->i_gid)
		mode >>= 3;
	return ((unsigned int)mask & ~mode & 7) ? -EACCES : 0;
}

void tree_fill_stat(const struct inode *inode, dev_t dev, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = fs_encode_dev(dev);
	st->st_ino = inode->i_ino;
	st->st_nlink = inode->i_nlink;
	st->st_mode = inode->i_mode;
	st->st_uid = inode->i_uid;
	st->st_gid = inode->i_gid;
	st->st_rdev = fs_encode_dev(inode->i_rdev);
	st->st_size = inode->i_size;
	st->st_blksize = (s64)PAGE_SIZE;
	st->st_blocks = (inode->i_size + 511) / 512;
	st->st_atime_sec = (u64)inode->i_atime.tv_sec;
	st->st_atime_nsec = (u64)inode->i_atime.tv_nsec;
	st->st_mtime_sec = (u64)inode->i_mtime.tv_sec;
	st->st_mtime_nsec = (u64)inode->i_mtime.tv_nsec;
	st->st_ctime_sec = (u64)inode->i_ctime.tv_sec;
	st->st_ctime_nsec = (u64)inode->i_ctime.tv_nsec;
}

static unsigned char tree_dtype(umode_t mode)
{
	return (unsigned char)((mode & S_IFMT) >> 12);
}

/* Append one record; false when it does not fit. */
static bool tree_emit(char *buf, size_t size, size_t *used, u64 ino, s64 off,
		      unsigned char type, const char *name, size_t len)
{
	size_t reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + len + 1,
			      (size_t)8);
	struct linux_dirent64 *de = (struct linux_dirent64 *)(buf + *used);

	if (reclen > size - *used)
		return false;
	memset(de, 0, reclen);
	de->d_ino = ino;
	de->d_off = off;
	de->d_reclen = (unsigned short)reclen;
	de->d_type = type;
	memcpy(de->d_name, name, len);
	*used += reclen;
	return true;
}

ssize_t tree_getdents(const struct inode *dir, loff_t *pos, void *buf,
		      size_t size)
{
	const struct fs_dirent *d;
	size_t used = 0;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	if (tree_unlinked(dir) && dir->i_parent != dir)
		return -ENOENT;
	if (*pos < 0)
		return -EINVAL;
	if (*pos == 0) {
		if (!tree_emit(buf, size, &used, dir->i_ino, 1, DT_DIR, ".", 1))
			return -EINVAL;
		*pos = 1;
	}
	if (*pos == 1) {
		if (!tree_emit(buf, size, &used, dir->i_parent->i_ino, 2,
			       DT_DIR, "..", 2))
			return used ? (ssize_t)used : -EINVAL;
		*pos = 2;
	}
	for (d = dir->i_children; d; d = d->next) {
		if ((loff_t)d->cookie < *pos)
			continue;
		if (!tree_emit(buf, size, &used, d->inode->i_ino,
			       (s64)d->cookie + 1, tree_dtype(d->inode->i_mode),
			       d->name, d->namelen))
			return used ? (ssize_t)used : -EINVAL;
		*pos = (loff_t)d->cookie + 1;
	}
	return (ssize_t)used;
}

/* References a directory's own subdirectories hold on it (their ".."). */
static int tree_subdir_refs(const struct inode *dir)
{
	const struct fs_dirent *d;
	int n = 0;

	for (d = dir->i_children; d; d = d->next)
		n += S_ISDIR(d->inode->i_mode);
	return n;
}

/* Is @i held beyond what the tree itself holds (plus @extra), or is
 * something mounted on it? */
static bool tree_held(const struct inode *i, int extra)
{
	int own = S_ISDIR(i->i_mode) ? tree_subdir_refs(i) : 0;

	return i->i_mounted || i->i_count > own + extra;
}

bool tree_busy(const struct inode *root, int root_refs)
{
	const struct inode *dir = root;
	const struct fs_dirent *d;

	if (tree_held(root, root_refs))
		return true;
	d = root->i_children;
	for (;;) {
		while (d) {
			const struct inode *i = d->inode;

			if (tree_held(i, 0))
				return true;
			if (S_ISDIR(i->i_mode) && i->i_children) {
				dir = i;
				d = i->i_children;
				continue;
			}
			d = d->next;
		}
		if (dir == root)
			return false;
		/* Back up: on after @dir's own name in its parent. */
		d = tree_name_of(dir);
		dir = dir->i_parent;
		d = d ? d->next : NULL;
	}
}

void tree_clear(struct inode *dir)
{
	while (dir->i_children) {
		struct fs_dirent *d = dir->i_children;
		struct inode *inode = d->inode;

		if (S_ISDIR(inode->i_mode)) {
			tree_iget(inode);
			tree_clear(inode);
			tree_unlink(dir, d->name, d->namelen, true);
			tree_iput(inode);
		} else {
			tree_unlink(dir, d->name, d->namelen, false);
		}
	}
}

void tree_destroy(struct inode *root)
{
	tree_clear(root);
	root->i_nlink = 1;
	tree_iput(root);
}

bool tree_is_ancestor(const struct inode *anc, const struct inode *inode)
{
	for (;;) {
		if (inode == anc)
			return true;
		if (!S_ISDIR(inode->i_mode) || inode->i_parent == inode)
			return false;
		inode = inode->i_parent;
	}
}

/* Move directory @inode's ".." from @from to @to (its name moved). */
static void tree_reparent(struct inode *inode, struct inode *from,
			  struct inode *to)
{
	if (!S_ISDIR(inode->i_mode) || from == to)
		return;
	from->i_nlink--;
	to->i_nlink++;
	tree_iget(to);
	inode->i_parent = to;
	tree_iput(from); /* still named: never freed here */
}

/* @inode lost the name it had in @dir (which is already gone). */
static void tree_drop_name(struct inode *dir, struct inode *inode)
{
	if (S_ISDIR(inode->i_mode)) {
		dir->i_nlink--;
		inode->i_nlink = 1;
	} else {
		inode->i_nlink--;
	}
	tree_iget(inode);
	tree_iput(inode);
}

/* The checks of tree_rename, before anything changes. */
static int tree_rename_check(struct inode *odir, struct inode *ndir,
			     struct inode *old, struct inode *target,
			     unsigned int flags)
{
	if (tree_unlinked(ndir) && ndir->i_parent != ndir)
		return -ENOENT;
	if ((flags & RENAME_EXCHANGE) && !target)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && target)
		return -EEXIST;
	if (S_ISDIR(old->i_mode) && tree_is_ancestor(old, ndir))
		return -EINVAL;
	if (target && S_ISDIR(target->i_mode) && tree_is_ancestor(target, odir))
		return (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (!target || target == old || (flags & RENAME_EXCHANGE))
		return 0;
	if (S_ISDIR(old->i_mode) && !S_ISDIR(target->i_mode))
		return -ENOTDIR;
	if (!S_ISDIR(old->i_mode) && S_ISDIR(target->i_mode))
		return -EISDIR;
	if (target->i_children)
		return -ENOTEMPTY;
	return 0;
}

int tree_rename(struct inode *odir, const char *oname, size_t olen,
		struct inode *ndir, const char *nname, size_t nlen,
		unsigned int flags)
{
	struct fs_dirent *od, *nd, *fresh;
	struct inode *old, *target;
	int err;

	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
	    flags == (RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if (!S_ISDIR(odir->i_mode) || !S_ISDIR(ndir->i_mode))
		return -ENOTDIR;
	err = tree_check_name(nname, nlen);
	if (err)
		return err;
	od = d_lookup(odir, oname, olen);
	if (!od)
		return -ENOENT;
	old = od->inode;
	nd = d_lookup(ndir, nname, nlen);
	target = nd ? nd->inode : NULL;
	err = tree_rename_check(odir, ndir, old, target, flags);
	if (err || old == target)
		return err;
	if (flags & RENAME_EXCHANGE) {
		/* The names stay (and stay hashed); the inodes swap. */
		od->inode = target;
		nd->inode = old;
		if (S_ISDIR(old->i_mode))
			old->i_dentry = nd;
		if (S_ISDIR(target->i_mode))
			target->i_dentry = od;
		tree_reparent(old, odir, ndir);
		tree_reparent(target, ndir, odir);
	} else if (target) {
		nd->inode = old;
		if (target->i_dentry == nd)
			target->i_dentry = NULL;
		d_delete(od);
		if (S_ISDIR(old->i_mode))
			old->i_dentry = nd;
		tree_reparent(old, odir, ndir);
		tree_drop_name(ndir, target);
	} else {
		fresh = d_alloc(nname, nlen, old, ndir);
		if (!fresh)
			return -ENOMEM;
		d_delete(od);
		d_add(ndir, fresh);
		tree_reparent(old, odir, ndir);
	}
	tree_touch(odir);
	if (ndir != odir)
		tree_touch(ndir);
	old->i_ctime = odir->i_mtime;
	if (target && (flags & RENAME_EXCHANGE))
		target->i_ctime = odir->i_mtime;
	return 0;
}

int tree_may_delete(const struct inode *dir, const struct inode *victim,
		    uid_t uid, gid_t gid)
{
	int err = tree_permission(dir, uid, gid, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	if ((dir->i_mode & S_ISVTX) && uid != 0 && uid != victim->i_uid &&
	    uid != dir->i_uid)
		return -EPERM;
	return 0;
}

int tree_chmod(struct inode *inode, umode_t mode, uid_t uid, gid_t gid)
{
	if (uid != 0 && uid != inode->i_uid)
		return -EPERM;
	mode &= S_IALLUGO;
	if (uid != 0 && gid != inode->i_gid)
		mode &= (umode_t)~S_ISGID;
	inode->i_mode = (umode_t)((inode->i_mode & S_IFMT) | mode);
	fs_now(&inode->i_ctime);
	return 0;
}

int tree_chown(struct inode *inode, uid_t nuid, gid_t ngid, uid_t uid,
	       gid_t gid)
{
	if (uid != 0) {
		if (uid != inode->i_uid)
			return -EPERM;
		if (nuid != (uid_t)-1 && nuid != inode->i_uid)
			return -EPERM;
		if (ngid != (gid_t)-1 && ngid != inode->i_gid && ngid != gid)
			return -EPERM;
	}
	if (nuid != (uid_t)-1)
		inode->i_uid = nuid;
	if (ngid != (gid_t)-1)
		inode->i_gid = ngid;
	if (!S_ISDIR(inode->i_mode)) {
		inode->i_mode &= (umode_t)~S_ISUID;
		if (inode->i_mode & 0010)
			inode->i_mode &= (umode_t)~S_ISGID;
	}
	fs_now(&inode->i_ctime);
	return 0;
}

bool tree_utime_nsec_valid(long nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT ||
	       (nsec >= 0 && nsec < 1000000000L);
}

int tree_utimes(struct inode *inode, const struct timespec64 *times, uid_t uid,
		gid_t gid)
{
	struct timespec64 now;
	bool explicit = false;

	if (times) {
		for (int i = 0; i < 2; i++) {
			if (!tree_utime_nsec_valid(times[i].tv_nsec))
				return -EINVAL;
			if (times[i].tv_nsec != UTIME_NOW &&
			    times[i].tv_nsec != UTIME_OMIT)
				explicit = true;
		}
		if (times[0].tv_nsec == UTIME_OMIT &&
		    times[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	if (uid != 0 && uid != inode->i_uid) {
		if (explicit)
			return -EPERM;
		if (tree_permission(inode, uid, gid, MAY_WRITE))
			return -EACCES;
	}
	fs_now(&now);
	if (!times || times[0].tv_nsec == UTIME_NOW)
		inode->i_atime = now;
	else if (times[0].tv_nsec != UTIME_OMIT)
		inode->i_atime = times[0];
	if (!times || times[1].tv_nsec == UTIME_NOW)
		inode->i_mtime = now;
	else if (times[1].tv_nsec != UTIME_OMIT)
		inode->i_mtime = times[1];
	inode->i_ctime = now;
	return 0;
}

static void tree_statx_time(struct statx_timestamp *t,
			    const struct timespec64 *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (u32)ts->tv_nsec;
}

void tree_fill_statx(const struct inode *inode, dev_t dev,
		     struct linux_statx *stx)
{
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS;
	stx->stx_blksize = (u32)PAGE_SIZE;
	stx->stx_nlink = inode->i_nlink;
	stx->stx_uid = inode->i_uid;
	stx->stx_gid = inode->i_gid;
	stx->stx_mode = inode->i_mode;
	stx->stx_ino = inode->i_ino;
	stx->stx_size = (u64)inode->i_size;
	stx->stx_blocks = (u64)(inode->i_size + 511) / 512;
	tree_statx_time(&stx->stx_atime, &inode->i_atime);
	tree_statx_time(&stx->stx_mtime, &inode->i_mtime);
	tree_statx_time(&stx->stx_ctime, &inode->i_ctime);
	stx->stx_rdev_major = MAJOR(inode->i_rdev);
	stx->stx_rdev_minor = MINOR(inode->i_rdev);
	stx->stx_dev_major = MAJOR(dev);
	stx->stx_dev_minor = MINOR(dev);
}
