/* SPDX-License-Identifier: MIT */
/*
 * Path walking over the file tree, pure (Linux's fs/namei.c semantics,
 * in small). A walk starts at the process root for an absolute path, else
 * at the start directory (the cwd, or a dirfd's directory for the *at
 * calls). Each directory passed needs search (x) permission. "." stays,
 * ".." goes to the parent (never above the process root). A symlink met
 * inside the path is always followed; one at the end only when asked
 * (LOOKUP_FOLLOW) or when a '/' follows it. At most NAMEI_MAXSYMLINKS
 * symlinks per walk (-ELOOP). A trailing '/' requires a directory.
 *
 * Errors: -ENOENT (a missing component, an empty path), -ENOTDIR (a
 * non-directory used as one), -ENAMETOOLONG (path of PATH_MAX bytes or
 * more, a component over NAME_MAX), -ELOOP, -EACCES.
 */
#ifndef KEEL_FS_NAMEI_H
#define KEEL_FS_NAMEI_H

#include "fs/tree.h"

#define NAMEI_MAXSYMLINKS 40

/* nameidata.flags */
#define LOOKUP_FOLLOW 0x0001 /* follow a symlink at the end */
#define LOOKUP_DIRECTORY 0x0002 /* the result must be a directory */

struct nameidata {
	/* in */
	struct inode *root; /* "/" of the walking process */
	struct inode *start; /* where a relative path starts */
	uid_t uid; /* whose search permission counts (fsuid) */
	gid_t gid;
	unsigned int flags; /* LOOKUP_* */
	/* state */
	unsigned int nlinks; /* symlinks followed so far */
};

/* What the last component of a path is. */
enum last_type {
	LAST_NORM, /* a name */
	LAST_ROOT, /* none: the path is "/" (or only slashes) */
	LAST_DOT, /* "." */
	LAST_DOTDOT, /* ".." */
};

/* The directory holding the last component, and that component. */
struct path_last {
	struct inode *dir;
	const char *name; /* points into the path walked */
	size_t len;
	enum last_type type;
	bool trailing_slash;
};

/**
 * path_lookup - resolve @path to an inode
 * @nd: root, start, ids and flags (nlinks is reset)
 * @path: NUL-terminated
 * @out: the inode (no reference taken)
 * Return: 0 or -errno (see above).
 */
int path_lookup(struct nameidata *nd, const char *path, struct inode **out);

/**
 * path_parent - resolve all but the last component of @path
 * @nd: as for path_lookup
 * @path: NUL-terminated
 * @last: the parent directory (searched: x permission checked) and the
 *	last component, unresolved
 * Used by the calls that create or remove a name. The last component may
 * be missing; its length is checked against NAME_MAX.
 * Return: 0 or -errno.
 */
int path_parent(struct nameidata *nd, const char *path, struct path_last *last);

/**
 * path_last_step - resolve the last component found by path_parent
 * @nd: the same walk (its symlink count goes on)
 * @last: from path_parent
 * @follow: follow a symlink at the end (a trailing '/' always does)
 * @out: the inode
 * Return: 0; -ENOENT when the name does not exist; other -errno.
 */
int path_last_step(struct nameidata *nd, const struct path_last *last,
		   bool follow, struct inode **out);

#endif
