// SPDX-License-Identifier: MIT
/*
 * Path walking, pure (contracts in namei.h). The walk is recursive only
 * through symlinks: a symlink's target is resolved as a path of its own,
 * starting in the directory holding the link, and the depth is bounded
 * by NAMEI_MAXSYMLINKS. Nothing is allocated; names point into the path.
 */
#include "fs/namei.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

static int walk_full(struct nameidata *nd, struct inode *dir, const char *path,
		     size_t len, bool follow, struct inode **out);

/*
 * One component: @name (@len bytes) in @dir. @follow: resolve a symlink
 * found there. @must_dir: the result must be a directory.
 */
static int walk_step(struct nameidata *nd, struct inode *dir, const char *name,
		     size_t len, bool follow, bool must_dir, struct inode **out)
{
	struct inode *child;
	int err;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	err = tree_permission(dir, nd->uid, nd->gid, MAY_EXEC);
	if (err)
		return err;
	if (len == 0 || (len == 1 && name[0] == '.')) {
		child = dir;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		child = dir == nd->root ? dir : dir->i_parent;
	} else {
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		child = tree_lookup(dir, name, len);
		if (!child)
			return -ENOENT;
	}
	if (S_ISLNK(child->i_mode) && (follow || must_dir)) {
		if (++nd->nlinks > NAMEI_MAXSYMLINKS)
			return -ELOOP;
		err = walk_full(nd, dir, child->i_data, (size_t)child->i_size,
				true, &child);
		if (err)
			return err;
	}
	if (must_dir && !S_ISDIR(child->i_mode))
		return -ENOTDIR;
	*out = child;
	return 0;
}

/* Walk every component of [path, path + len) but the last. */
static int walk_parent(struct nameidata *nd, struct inode *dir,
		       const char *path, size_t len, struct path_last *last)
{
	size_t i = 0;

	if (len && path[0] == '/')
		dir = nd->root;
	for (;;) {
		size_t start, clen, next;
		int err;

		while (i < len && path[i] == '/')
			i++;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		clen = i - start;
		next = i;
		while (next < len && path[next] == '/')
			next++;
		if (next == len) {
			/* the last component (empty for "/" or "") */
			last->dir = dir;
			last->name = path + start;
			last->len = clen;
			last->trailing_slash = i < len;
			if (clen == 0)
				last->type = LAST_ROOT;
			else if (clen == 1 && path[start] == '.')
				last->type = LAST_DOT;
			else if (clen == 2 && path[start] == '.' &&
				 path[start + 1] == '.')
				last->type = LAST_DOTDOT;
			else
				last->type = LAST_NORM;
			if (clen > NAME_MAX)
				return -ENAMETOOLONG;
			return 0;
		}
		err = walk_step(nd, dir, path + start, clen, true, true, &dir);
		if (err)
			return err;
	}
}

static int walk_full(struct nameidata *nd, struct inode *dir, const char *path,
		     size_t len, bool follow, struct inode **out)
{
	struct path_last last;
	int err = walk_parent(nd, dir, path, len, &last);

	if (err)
		return err;
	return path_last_step(nd, &last, follow, out);
}

int path_last_step(struct nameidata *nd, const struct path_last *last,
		   bool follow, struct inode **out)
{
	return walk_step(nd, last->dir, last->name, last->len,
			 follow || last->trailing_slash, last->trailing_slash,
			 out);
}

static int path_check(const char *path, size_t *len)
{
	*len = strnlen(path, PATH_MAX);
	if (*len == PATH_MAX)
		return -ENAMETOOLONG;
	if (*len == 0)
		return -ENOENT;
	return 0;
}

int path_lookup(struct nameidata *nd, const char *path, struct inode **out)
{
	struct inode *inode;
	size_t len;
	int err = path_check(path, &len);

	nd->nlinks = 0;
	if (err)
		return err;
	err = walk_full(nd, nd->start, path, len, nd->flags & LOOKUP_FOLLOW,
			&inode);
	if (err)
		return err;
	if ((nd->flags & LOOKUP_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	*out = inode;
	return 0;
}

int path_parent(struct nameidata *nd, const char *path, struct path_last *last)
{
	size_t len;
	int err = path_check(path, &len);

	nd->nlinks = 0;
	if (err)
		return err;
	err = walk_parent(nd, nd->start, path, len, last);
	if (err)
		return err;
	if (!S_ISDIR(last->dir->i_mode))
		return -ENOTDIR;
	return tree_permission(last->dir, nd->uid, nd->gid, MAY_EXEC);
}
