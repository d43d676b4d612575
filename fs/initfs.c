// SPDX-License-Identifier: MIT
/*
 * cpio archives into the file tree, pure (contracts in initfs.h). The
 * archive is validated entry by entry by fs/cpio.c; this file decides
 * what each entry does to the tree.
 */
#include "fs/initfs.h"

#include "fs/cpio.h"
#include "fs/namei.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/inflate.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

struct initfs_state {
	struct inode *root;
	const char *what;
	struct cpio_links links;
	char *path; /* CPIO_PATH_MAX bytes: the cleaned name */
	char *target; /* CPIO_PATH_MAX bytes: a hard link's cleaned target */
	int created; /* entries made so far */
};

/* The directory that will hold @path and the last name, as root sees it. */
static int initfs_parent(struct initfs_state *s, const char *path,
			 struct path_last *last)
{
	struct nameidata nd = {
		.root = s->root,
		.start = s->root,
		.uid = 0,
		.gid = 0,
	};

	return path_parent(&nd, path, last);
}

/* Make room for an entry named @last: remove a non-directory there, or
 * an empty directory when the entry is not a directory. */
static int initfs_clear(const struct path_last *last, umode_t mode)
{
	struct inode *old = tree_lookup(last->dir, last->name, last->len);

	if (!old)
		return 0;
	if (S_ISDIR(old->i_mode) && S_ISDIR(mode))
		return 1; /* keep it, update its attributes */
	return tree_unlink(last->dir, last->name, last->len,
			   S_ISDIR(old->i_mode));
}

static void initfs_set_attrs(struct inode *inode, const struct cpio_entry *e)
{
	inode->i_mode = (umode_t)e->mode;
	inode->i_uid = e->uid;
	inode->i_gid = e->gid;
	inode->i_mtime.tv_sec = e->mtime;
	inode->i_mtime.tv_nsec = 0;
}

/* A hard link: a new name for the file named @s->target earlier. */
static int initfs_hardlink(struct initfs_state *s, const struct cpio_entry *e,
			   const struct path_last *last, struct inode **out)
{
	struct nameidata nd = {.root = s->root, .start = s->root};
	struct inode *old;
	int err = path_lookup(&nd, s->target, &old);

	if (err)
		return err;
	if ((old->i_mode & S_IFMT) != (e->mode & S_IFMT))
		return -EINVAL;
	err = tree_link(last->dir, last->name, last->len, old);
	if (!err)
		*out = old;
	return err;
}

static int initfs_create(struct initfs_state *s, const struct cpio_entry *e,
			 const struct path_last *last, bool is_link,
			 struct inode **out)
{
	umode_t mode = (umode_t)e->mode;
	dev_t rdev = 0;

	if (is_link)
		return initfs_hardlink(s, e, last, out);
	if (S_ISLNK(mode))
		return tree_symlink(last->dir, last->name, last->len,
				    (const char *)e->data, e->datalen, e->uid,
				    e->gid, out);
	if (S_ISCHR(mode) || S_ISBLK(mode)) {
		if (e->rdevmajor >= (1U << (32 - MINORBITS)) ||
		    e->rdevminor > MINORMASK)
			return -EOVERFLOW;
		rdev = MKDEV(e->rdevmajor, e->rdevminor);
	}
	return tree_mknod(last->dir, last->name, last->len, mode, e->uid,
			  e->gid, rdev, out);
}

/* One entry; 1 when it was created, 0 when skipped, < 0 to stop. */
static int initfs_entry(struct initfs_state *s, const struct cpio_entry *e)
{
	const char *target;
	size_t target_len;
	struct path_last last;
	struct inode *inode;
	int is_link, err;

	err = cpio_clean_path(e->name, e->namelen, s->path, CPIO_PATH_MAX);
	if (err < 0)
		return err;
	is_link = cpio_link_find(&s->links, e, &target, &target_len);
	if (is_link < 0)
		return is_link;
	if (is_link) {
		err = cpio_clean_path(target, target_len, s->target,
				      CPIO_PATH_MAX);
		if (err < 0)
			return err;
	}
	err = initfs_parent(s, s->path, &last);
	if (!err && last.type != LAST_NORM) {
		/* "." (cleaned from "/", "./"): the root's attributes only. */
		if (S_ISDIR(e->mode)) {
			initfs_set_attrs(last.dir, e);
			return 0;
		}
		err = -EEXIST;
	}
	if (!err)
		err = initfs_clear(&last, (umode_t)e->mode);
	if (err == 1) {
		initfs_set_attrs(tree_lookup(last.dir, last.name, last.len), e);
		return 0;
	}
	if (!err)
		err = initfs_create(s, e, &last, is_link, &inode);
	if (!err && S_ISREG(e->mode) && e->datalen) {
		ssize_t n = tree_write(inode, 0, e->data, e->datalen);

		err = n < 0 ? (int)n : 0;
		if (err == -ENOMEM)
			return err;
	}
	if (err == -ENOMEM)
		return err;
	if (err) {
		pr_err("%s: offset %zu: \"%s\": cannot create it (error %d), "
		       "skipped\n",
		       s->what, e->offset, e->name, err);
		return 0;
	}
	if (!is_link)
		initfs_set_attrs(inode, e);
	return 1;
}

/* Every entry of @r's archives into the tree; < 0 to stop. */
static int initfs_unpack_cpio(struct initfs_state *s, struct cpio_reader *r)
{
	struct cpio_entry e;
	int ret;

	/* Names in the table point into the last buffer: forget them. */
	cpio_links_init(&s->links, s->links.slots, s->links.cap);
	while ((ret = cpio_next(r, &e)) == 1) {
		ret = initfs_entry(s, &e);
		if (ret < 0)
			return ret;
		s->created += ret;
	}
	return ret;
}

size_t initfs_gzip_limit = INITFS_GZIP_LIMIT;

static const char *gunzip_problem(int err)
{
	switch (err) {
	case -ENODATA:
		return "the stream is truncated";
	case -EBADMSG:
		return "header CRC, data CRC32 or ISIZE mismatch";
	case -ENOSPC:
		return "the output is larger than the limit";
	default:
		return "malformed data";
	}
}

/*
 * One gzip member at @off: decoded into a buffer that starts at four
 * times the member's room and doubles up to initfs_gzip_limit, then
 * unpacked. As Linux unpacks what its decompressor flushed before an
 * error, a member that fails to decode still gives its complete entries.
 */
static int initfs_gunzip(struct initfs_state *s, const u8 *buf, size_t size,
			 size_t off, size_t *used)
{
	size_t in_len = size - off, cap, out_len = 0;
	struct cpio_reader r;
	u8 *out = NULL;
	int err, ret;

	cap = in_len > initfs_gzip_limit / 4 ? initfs_gzip_limit : in_len * 4;
	if (cap < INITFS_GZIP_MIN)
		cap = INITFS_GZIP_MIN;
	for (;;) {
		out = fs_alloc(cap);
		if (!out) {
			pr_err("%s: offset %zu: no memory for %zu bytes of "
			       "gzip output\n",
			       s->what, off, cap);
			return -ENOMEM;
		}
		err = gunzip(buf + off, in_len, out, cap, used, &out_len);
		if (err != -ENOSPC || cap >= initfs_gzip_limit)
			break;
		fs_free(out, cap);
		cap = cap > initfs_gzip_limit / 2 ? initfs_gzip_limit : cap * 2;
	}
	if (err)
		pr_err("%s: offset %zu: gzip: %s (error %d) after %zu bytes "
		       "in, "
		       "%zu out (limit %zu)\n",
		       s->what, off, gunzip_problem(err), err, *used, out_len,
		       cap);
	cpio_reader_init(&r, out, out_len);
	ret = initfs_unpack_cpio(s, &r);
	fs_free(out, cap);
	return err ? err : ret;
}

/* Magic numbers of the formats Linux's decompress_method knows. */
static const struct {
	u8 magic[2];
	const char *name;
} initfs_methods[] = {
	{{0x1f, 0x9e}, "gzip (old)"}, {{0x42, 0x5a}, "bzip2"},
	{{0x5d, 0x00}, "lzma"},	      {{0xfd, 0x37}, "xz"},
	{{0x89, 0x4c}, "lzo"},	      {{0x02, 0x21}, "lz4"},
	{{0x28, 0xb5}, "zstd"},
};

/* Not a cpio archive nor gzip at @off: name what it is, and stop. */
static int initfs_bad_magic(const struct initfs_state *s, const u8 *buf,
			    size_t size, size_t off)
{
	for (size_t i = 0; i < ARRAY_SIZE(initfs_methods); i++) {
		if (size - off >= 2 && buf[off] == initfs_methods[i].magic[0] &&
		    buf[off + 1] == initfs_methods[i].magic[1]) {
			pr_err("%s: offset %zu: compression method %s not "
			       "configured\n",
			       s->what, off, initfs_methods[i].name);
			return -EINVAL;
		}
	}
	pr_err("%s: offset %zu: invalid magic at start of compressed archive "
	       "(byte 0x%02x%s)\n",
	       s->what, off, buf[off],
	       buf[off] == '0' ? ", a \"0\" not at a 4-byte boundary" : "");
	return -EINVAL;
}

int initfs_unpack_into(struct inode *root, const void *buf, size_t size,
		       const char *what)
{
	struct cpio_link_slot *slots;
	struct initfs_state s = {.root = root, .what = what};
	const u8 *p = buf;
	struct cpio_reader r;
	size_t pos = 0, used;
	int ret = 0;

	slots = fs_alloc(INITFS_MAX_LINKS * sizeof(*slots));
	s.path = fs_alloc(CPIO_PATH_MAX);
	s.target = fs_alloc(CPIO_PATH_MAX);
	if (!slots || !s.path || !s.target) {
		ret = -ENOMEM;
		goto out;
	}
	cpio_links_init(&s.links, slots, INITFS_MAX_LINKS);
	/* Linux's unpack_to_rootfs: NULs between the parts are skipped; an
	 * archive starts with "0" at a 4-byte boundary; anything else must
	 * be a compressed stream, which holds archives of its own. */
	while (pos < size && ret >= 0) {
		if (p[pos] == 0) {
			pos++;
		} else if (p[pos] == '0' && !(pos & 3)) {
			cpio_reader_init_segment(&r, p, size, pos);
			ret = initfs_unpack_cpio(&s, &r);
			pos = r.pos;
		} else if (size - pos >= 2 && p[pos] == GZIP_ID1 &&
			   p[pos + 1] == GZIP_ID2) {
			ret = initfs_gunzip(&s, p, size, pos, &used);
			pos += used;
		} else {
			ret = initfs_bad_magic(&s, p, size, pos);
		}
	}
out:
	if (ret < 0)
		pr_err("%s: unpacking stopped (error %d) after %d entries\n",
		       what, ret, s.created);
	if (slots)
		fs_free(slots, INITFS_MAX_LINKS * sizeof(*slots));
	if (s.path)
		fs_free(s.path, CPIO_PATH_MAX);
	if (s.target)
		fs_free(s.target, CPIO_PATH_MAX);
	return ret < 0 ? ret : s.created;
}
