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
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

struct initfs_state {
	struct inode *root;
	const char *what;
	struct cpio_links links;
	char *path; /* CPIO_PATH_MAX bytes: the cleaned name */
	char *target; /* CPIO_PATH_MAX bytes: a hard link's cleaned target */
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

int initfs_unpack_into(struct inode *root, const void *buf, size_t size,
		       const char *what)
{
	struct cpio_link_slot *slots;
	struct initfs_state s = {.root = root, .what = what};
	struct cpio_reader r;
	struct cpio_entry e;
	int ret, created = 0;

	slots = fs_alloc(INITFS_MAX_LINKS * sizeof(*slots));
	s.path = fs_alloc(CPIO_PATH_MAX);
	s.target = fs_alloc(CPIO_PATH_MAX);
	if (!slots || !s.path || !s.target) {
		ret = -ENOMEM;
		goto out;
	}
	cpio_links_init(&s.links, slots, INITFS_MAX_LINKS);
	cpio_reader_init(&r, buf, size);
	while ((ret = cpio_next(&r, &e)) == 1) {
		ret = initfs_entry(&s, &e);
		if (ret < 0)
			break;
		created += ret;
	}
out:
	if (ret < 0)
		pr_err("%s: unpacking stopped (error %d) after %d entries\n",
		       what, ret, created);
	if (slots)
		fs_free(slots, INITFS_MAX_LINKS * sizeof(*slots));
	if (s.path)
		fs_free(s.path, CPIO_PATH_MAX);
	if (s.target)
		fs_free(s.target, CPIO_PATH_MAX);
	return ret < 0 ? ret : created;
}

int initfs_default_nodes(struct inode *root)
{
	struct inode *dev = tree_lookup(root, "dev", 3);
	int err = 0;

	if (!dev)
		err = tree_mknod(root, "dev", 3, S_IFDIR | 0755, 0, 0, 0, &dev);
	if (err)
		return err;
	if (S_ISDIR(dev->i_mode) && !tree_lookup(dev, "console", 7))
		err = tree_mknod(dev, "console", 7, S_IFCHR | 0600, 0, 0,
				 MKDEV(5, 1), NULL);
	if (!err && !tree_lookup(root, "root", 4))
		err = tree_mknod(root, "root", 4, S_IFDIR | 0700, 0, 0, 0,
				 NULL);
	return err;
}
