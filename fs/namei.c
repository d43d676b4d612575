// SPDX-License-Identifier: MIT
/*
 * Path walking, pure (contracts in namei.h). A symlink's target is walked
 * as a path of its own, starting in the directory holding the link; the
 * paths in progress sit on a small explicit stack (no recursion, so a
 * chain of NAMEI_MAXSYMLINKS links costs no kernel stack per link).
 * Nothing is allocated; names point into the paths.
 */
#include "fs/namei.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/*
 * A path being walked: the path itself, or a symlink's target met on the
 * way (pushed on the stack, at most NAMEI_MAXSYMLINKS deep).
 */
struct walk_frame {
	const char *path;
	size_t len, pos; /* pos: the next component starts here */
	struct inode *dir; /* where the next component is looked up */
	bool follow_last; /* follow a symlink as the last component */
	bool must_dir; /* the frame's result must be a directory */
	bool last_pending; /* the frame above resolves this one's last */
};

#define WALK_DEPTH (NAMEI_MAXSYMLINKS + 1)

struct component {
	const char *name;
	size_t len;
	bool is_last, trailing_slash;
};

/* The next component of @f; move past it and its slashes. */
static void next_component(struct walk_frame *f, struct component *c)
{
	size_t i = f->pos, start, next;

	while (i < f->len && f->path[i] == '/')
		i++;
	start = i;
	while (i < f->len && f->path[i] != '/')
		i++;
	next = i;
	while (next < f->len && f->path[next] == '/')
		next++;
	c->name = f->path + start;
	c->len = i - start;
	c->is_last = next == f->len;
	c->trailing_slash = c->is_last && i < f->len;
	f->pos = next;
}

/* Down through whatever is mounted on @inode: the top mount's root. */
static struct inode *follow_mounts(struct inode *inode)
{
	while (inode->i_mounted)
		inode = inode->i_mounted;
	return inode;
}

/* ".." of @dir: at a mounted root, first up to the directory it covers
 * (and on, through mounts stacked there); never above the process root. */
static struct inode *follow_dotdot(const struct nameidata *nd,
				   struct inode *dir)
{
	while (dir != nd->root && dir->i_covered)
		dir = dir->i_covered;
	if (dir == nd->root)
		return dir;
	return follow_mounts(dir->i_parent);
}

static int revalidate(struct inode *inode)
{
	return inode->i_op && inode->i_op->revalidate
		       ? inode->i_op->revalidate(inode)
		       : 0;
}

/* One name in @dir ("" is @dir itself); a symlink is not followed, a
 * mount on the name is. */
static int lookup_one(struct nameidata *nd, struct inode *dir,
		      const struct component *c, struct inode **out)
{
	int err;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	err = tree_permission(dir, nd->uid, nd->gid, MAY_EXEC);
	if (err)
		return err;
	if (c->len == 0 || (c->len == 1 && c->name[0] == '.')) {
		*out = dir;
	} else if (c->len == 2 && c->name[0] == '.' && c->name[1] == '.') {
		*out = follow_dotdot(nd, dir);
	} else {
		if (c->len > NAME_MAX)
			return -ENAMETOOLONG;
		err = revalidate(dir);
		if (err)
			return err;
		*out = tree_lookup(dir, c->name, c->len);
		if (!*out)
			return -ENOENT;
		*out = follow_mounts(*out);
	}
	return 0;
}

/* A frame for @path (@len bytes); an absolute one starts at the root. */
static void frame_init(struct nameidata *nd, struct walk_frame *f,
		       struct inode *dir, const char *path, size_t len,
		       bool follow_last, bool must_dir)
{
	f->path = path;
	f->len = len;
	f->pos = 0;
	f->dir = len && path[0] == '/' ? nd->root : dir;
	f->follow_last = follow_last;
	f->must_dir = must_dir;
	f->last_pending = false;
}

static void fill_last(const struct walk_frame *f, const struct component *c,
		      struct path_last *last)
{
	last->dir = f->dir;
	last->name = c->name;
	last->len = c->len;
	last->trailing_slash = c->trailing_slash;
	if (c->len == 0)
		last->type = LAST_ROOT;
	else if (c->len == 1 && c->name[0] == '.')
		last->type = LAST_DOT;
	else if (c->len == 2 && c->name[0] == '.' && c->name[1] == '.')
		last->type = LAST_DOTDOT;
	else
		last->type = LAST_NORM;
}

/*
 * Walk stack[0]. With @last: stop before stack[0]'s last component and
 * describe it there. Without: resolve it into *@out.
 */
static int walk(struct nameidata *nd, struct walk_frame *stack,
		struct path_last *last, struct inode **out)
{
	struct walk_frame *f = stack;
	struct component c;
	struct inode *child;
	bool follow, must_dir;
	int top = 0, err;

	for (;;) {
		next_component(f, &c);
		if (c.is_last && top == 0 && last) {
			fill_last(f, &c, last);
			return c.len > NAME_MAX ? -ENAMETOOLONG : 0;
		}
		err = lookup_one(nd, f->dir, &c, &child);
		if (err)
			return err;
		follow = !c.is_last || c.trailing_slash || f->follow_last;
		must_dir = !c.is_last || c.trailing_slash || f->must_dir;
		if (S_ISLNK(child->i_mode) && follow) {
			if (++nd->nlinks > NAMEI_MAXSYMLINKS)
				return -ELOOP;
			err = revalidate(child);
			if (err)
				return err;
			f->last_pending = c.is_last;
			/* top < nlinks <= NAMEI_MAXSYMLINKS < WALK_DEPTH */
			f = &stack[++top];
			frame_init(nd, f, stack[top - 1].dir, child->i_data,
				   (size_t)child->i_size, true, must_dir);
			continue;
		}
		if (must_dir && !S_ISDIR(child->i_mode))
			return -ENOTDIR;
		/* A frame whose last component this was is done: its result
		 * is what the frame below was resolving. */
		while (c.is_last) {
			if (top == 0) {
				*out = child;
				return 0;
			}
			f = &stack[--top];
			c.is_last = f->last_pending;
		}
		f->dir = child;
	}
}

int path_last_step(struct nameidata *nd, const struct path_last *last,
		   bool follow, struct inode **out)
{
	struct walk_frame stack[WALK_DEPTH];

	/* The name points into the walked path, so a trailing '/' is
	 * right after it. */
	frame_init(nd, &stack[0], last->dir, last->name,
		   last->len + (last->trailing_slash ? 1 : 0), follow, false);
	stack[0].dir = last->dir;
	return walk(nd, stack, NULL, out);
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
	struct walk_frame stack[WALK_DEPTH];
	struct inode *inode;
	size_t len;
	int err = path_check(path, &len);

	nd->nlinks = 0;
	if (err)
		return err;
	frame_init(nd, &stack[0], nd->start, path, len,
		   nd->flags & LOOKUP_FOLLOW, false);
	err = walk(nd, stack, NULL, &inode);
	if (err)
		return err;
	if ((nd->flags & LOOKUP_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	*out = inode;
	return 0;
}

int path_parent(struct nameidata *nd, const char *path, struct path_last *last)
{
	struct walk_frame stack[WALK_DEPTH];
	size_t len;
	int err = path_check(path, &len);

	nd->nlinks = 0;
	if (err)
		return err;
	frame_init(nd, &stack[0], nd->start, path, len, false, false);
	err = walk(nd, stack, last, NULL);
	if (err)
		return err;
	if (!S_ISDIR(last->dir->i_mode))
		return -ENOTDIR;
	return tree_permission(last->dir, nd->uid, nd->gid, MAY_EXEC);
}
