// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for fs/initfs.c (and the tree and path walk under
 * it). The input is an initramfs as a boot loader would hand it over
 * (archives and gzip members back to back, NULs between), unpacked into
 * a fresh tree, a gzip member's output limited to 1 MiB; then the tree
 * must hold up:
 *   - every name is 1..NAME_MAX bytes, not "." or "..", without '/' or
 *     NUL, and unique in its directory; readdir cookies increase;
 *   - a directory has one name, its i_parent is the directory holding
 *     it, i_nlink is 2 plus its subdirectories and i_count the number of
 *     subdirectories; a non-directory's i_nlink counts its names;
 *   - a regular file's size fits its buffer; a symlink's target is
 *     1..PATH_MAX - 1 bytes with its NUL;
 *   - every name resolves by path from the root to its own inode;
 *   - a negative result came with a log line; the entry count is not
 *     more than the input could hold;
 *   - after tree_destroy nothing stays allocated.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/initfs.h"
#include "fs/namei.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "hosttest/support/fs_env.h"
#include "kernel/lib/log.h"

static unsigned int log_lines;

static void count_sink(int level, const char *text, size_t len)
{
	(void)level;
	(void)text;
	(void)len;
	log_lines++;
}

/* Names seen, to count the links of every non-directory. */
struct seen {
	struct inode *inode;
	unsigned int names;
};

static struct seen seen[4096];
static size_t nseen;
static char path[PATH_MAX + NAME_MAX + 2];

static void see(struct inode *inode)
{
	for (size_t i = 0; i < nseen; i++) {
		if (seen[i].inode == inode) {
			seen[i].names++;
			return;
		}
	}
	if (nseen < sizeof(seen) / sizeof(seen[0]))
		seen[nseen++] = (struct seen){inode, 1};
}

static void check_dir(struct inode *root, struct inode *dir, size_t plen,
		      unsigned int depth)
{
	unsigned int subdirs = 0;
	u64 cookie = 0;

	check(depth < 4096);
	for (struct fs_dirent *d = dir->i_children; d; d = d->next) {
		struct inode *x = NULL, *in = d->inode;
		struct nameidata nd = {.root = root, .start = root};

		check(d->namelen >= 1 && d->namelen <= NAME_MAX);
		check(strlen(d->name) == d->namelen);
		check(!memchr(d->name, '/', d->namelen));
		check(strcmp(d->name, ".") && strcmp(d->name, ".."));
		check(d->cookie > cookie);
		cookie = d->cookie;
		for (struct fs_dirent *e = d->next; e; e = e->next)
			check(strcmp(d->name, e->name) != 0);
		if (plen + 1 + d->namelen < PATH_MAX) {
			path[plen] = '/';
			memcpy(path + plen + 1, d->name, d->namelen + 1);
			check(path_lookup(&nd, path, &x) == 0 && x == in);
		}
		if (S_ISDIR(in->i_mode)) {
			subdirs++;
			check(in->i_parent == dir);
		} else {
			check(in->i_count == 0); /* nothing has it open */
			see(in);
		}
		if (S_ISREG(in->i_mode))
			check((size_t)in->i_size <= in->i_capacity);
		if (S_ISLNK(in->i_mode))
			check(in->i_size >= 1 && in->i_size < PATH_MAX &&
			      strlen(in->i_data) == (size_t)in->i_size);
		if (S_ISDIR(in->i_mode) && plen + 1 + d->namelen < PATH_MAX)
			check_dir(root, in, plen + 1 + d->namelen, depth + 1);
	}
	check(dir->i_nlink == 2 + subdirs);
	/* each subdirectory's ".." holds a reference; the root has one more,
	 * the caller's */
	check(dir->i_count == (int)subdirs + (dir == root));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_sink_fn old = log_set_sink(count_sink);
	struct inode *root;
	int ret;

	fs_env_live_allocs = 0;
	log_lines = 0;
	nseen = 0;
	root = tree_new_root();
	check(root != NULL);
	initfs_gzip_limit = 1 << 20;
	ret = initfs_unpack_into(root, data, size, "fuzz");
	check(ret >= 0 || log_lines >= 1);
	if (!memmem(data, size, "\x1f\x8b", 2))
		check(ret < 0 || (size_t)ret <= size / 112);
	path[0] = '\0';
	check_dir(root, root, 0, 0);
	for (size_t i = 0; i < nseen; i++)
		check(seen[i].inode->i_nlink == seen[i].names);
	tree_destroy(root);
	check(fs_env_live_allocs == 0);
	log_set_sink(old);
	return 0;
}
