// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the tree operations of fs/tree.c: the input is a
 * sequence of operations (mkdir, mknod, symlink, link, unlink, rmdir,
 * rename with its flags, chmod, chown, utimes) on a few names in the
 * directories that exist, some with an allocation failing. After every
 * operation the whole tree must hold up:
 *   - every directory is reached once from the root (no cycles: the walk
 *     never meets a directory twice), its i_parent is the directory
 *     holding it, i_nlink is 2 plus its subdirectories and i_count the
 *     number of subdirectories (plus the fuzzer's reference to the root);
 *   - a non-directory's i_nlink equals the names it has;
 *   - a failed operation changed nothing it reports on (the counts of
 *     names and inodes stay as they were);
 *   - tree_is_ancestor agrees with the walk;
 *   - after tree_destroy nothing stays allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fs/tree.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "hosttest/support/fs_env.h"
#include "kernel/lib/errno.h"

#define MAX_NODES 256

struct seen {
	struct inode *inode;
	unsigned int names;
	struct inode *parent; /* directories: the one holding it */
};

static struct seen seen[MAX_NODES];
static size_t nseen, nnames;
static struct inode *dirs[MAX_NODES];
static size_t ndirs;

static struct seen *see(struct inode *inode)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].inode == inode)
			return &seen[i];
	check(nseen < MAX_NODES);
	seen[nseen].inode = inode;
	seen[nseen].names = 0;
	return &seen[nseen++];
}

/* Walk @dir (reached once): record names and directories. */
static void walk(struct inode *root, struct inode *dir)
{
	unsigned int subdirs = 0;

	check(ndirs < MAX_NODES);
	dirs[ndirs++] = dir;
	for (struct fs_dirent *d = dir->i_children; d; d = d->next) {
		struct seen *s = see(d->inode);

		s->names++;
		nnames++;
		check(d->namelen >= 1 && d->namelen <= NAME_MAX);
		/* the dentry cache finds every name, in its own directory */
		check(d->d_dir == dir);
		check(tree_lookup(dir, d->name, d->namelen) == d->inode);
		check(d->next || dir->i_children_tail == &d->next);
		if (S_ISDIR(d->inode->i_mode)) {
			check(s->names == 1); /* never met twice */
			check(d->inode->i_dentry == d);
			check(d->inode->i_parent == dir);
			check(tree_is_ancestor(root, d->inode));
			check(tree_is_ancestor(dir, d->inode));
			check(!tree_is_ancestor(d->inode, dir));
			subdirs++;
			walk(root, d->inode);
		}
	}
	check(dir->i_nlink == 2 + subdirs);
	check(dir->i_count == (int)subdirs + (dir == root));
}

static void check_tree(struct inode *root)
{
	struct tree_dcache_stats st;

	nseen = nnames = ndirs = 0;
	check(root->i_parent == root);
	walk(root, root);
	tree_dcache_stats(&st);
	check(st.entries == nnames); /* the only tree: all its names hashed */
	for (size_t i = 0; i < nseen; i++) {
		struct inode *in = seen[i].inode;

		if (!S_ISDIR(in->i_mode)) {
			check(in->i_nlink == seen[i].names);
			check(in->i_count == 0);
		}
	}
}

static const char *const names[] = {"a", "b", "c", "d"};

static struct inode *pick_dir(struct input *in)
{
	return dirs[next_byte(in) % ndirs];
}

static const char *pick_name(struct input *in)
{
	return names[next_byte(in) % 4];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};
	struct inode *root = tree_new_root();

	fs_env_live_allocs = 1;
	check(root != NULL);
	check_tree(root);
	for (unsigned int steps = 0; in.pos < in.size && steps < 200; steps++) {
		unsigned int op = next_byte(&in);
		struct inode *d1 = pick_dir(&in), *d2 = pick_dir(&in), *victim;
		const char *n1 = pick_name(&in), *n2 = pick_name(&in);
		size_t before_names = nnames, before_nodes = nseen;
		struct timespec64 t[2] = {{1, UTIME_NOW}, {2, UTIME_OMIT}};
		int err = 0;

		fs_env_allocs_left =
			(op & 0x80) ? (long)(next_byte(&in) % 3) : -1;
		switch (op % 10) {
		case 0:
			err = tree_mknod(d1, n1, 1, S_IFDIR | 0755, 0, 0, 0,
					 NULL);
			break;
		case 1:
			err = tree_mknod(d1, n1, 1, S_IFREG | 0644, 0, 0, 0,
					 NULL);
			break;
		case 2:
			err = tree_symlink(d1, n1, 1, "x", 1, 0, 0, NULL);
			break;
		case 3:
			victim = tree_lookup(d1, n1, 1);
			err = victim ? tree_link(d2, n2, 1, victim) : -ENOENT;
			break;
		case 4:
			err = tree_unlink(d1, n1, 1, false);
			break;
		case 5:
			err = tree_unlink(d1, n1, 1, true);
			break;
		case 6:
		case 7:
			err = tree_rename(d1, n1, 1, d2, n2, 1,
					  next_byte(&in) % 8);
			break;
		case 8:
			victim = tree_lookup(d1, n1, 1);
			if (victim) {
				err = tree_chmod(victim, (umode_t)next_u16(&in),
						 next_byte(&in) % 2,
						 next_byte(&in) % 2);
				err = err ? err
					  : tree_chown(victim, next_byte(&in),
						       (gid_t)-1, 0, 0);
			}
			break;
		default:
			victim = tree_lookup(d1, n1, 1);
			if (victim)
				err = tree_utimes(victim,
						  (op & 0x40) ? NULL : t, 1, 1);
			break;
		}
		fs_env_allocs_left = -1;
		check_tree(root);
		if (err && op % 10 <= 7) {
			/* nothing half-applied */
			check(nnames == before_names);
			check(nseen == before_nodes);
		}
	}
	tree_destroy(root);
	check(fs_env_live_allocs == 0);
	return 0;
}
