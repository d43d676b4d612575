// SPDX-License-Identifier: MIT
/*
 * Host tests of the pure file-tree code: fs/tree.c (names, links,
 * contents, permissions, stat, getdents), fs/namei.c (path walking and
 * its errors) and fs/initfs.c (cpio archives into the tree, hostile ones
 * included). Memory comes from calloc with a failure switch, so every
 * -ENOMEM path is reached; ASan's leak check sees every inode freed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "fs/cpio.h"
#include "fs/initfs.h"
#include "fs/namei.h"
#include "fs/tree.h"
#include "hosttest/support/fs_env.h"
#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"

/* ------------------------------------------------------------------ */
/* The environment (hosttest/support/fs_env.c): memory with a failure
 * switch, a clock fixed at 1000.000000005 (main). */

static int setup(void **state)
{
	(void)state;
	fs_env_allocs_left = -1;
	fs_env_alloc_max = SIZE_MAX;
	fs_env_live_allocs = 0;
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	fs_env_allocs_left = -1;
	assert_int_equal(fs_env_live_allocs, 0);
	return 0;
}

#define N(s) (s), strlen(s)

static struct inode *mkfile(struct inode *dir, const char *name,
			    const char *text)
{
	struct inode *i = NULL;

	assert_int_equal(tree_mknod(dir, N(name), S_IFREG | 0644, 0, 0, 0, &i),
			 0);
	if (text)
		assert_int_equal(tree_write(i, 0, text, strlen(text)),
				 (ssize_t)strlen(text));
	return i;
}

static struct inode *mkdir_(struct inode *dir, const char *name, umode_t mode)
{
	struct inode *i = NULL;

	assert_int_equal(tree_mknod(dir, N(name), S_IFDIR | mode, 0, 0, 0, &i),
			 0);
	return i;
}

/* ------------------------------------------------------------------ */
/* tree.c */

static void test_tree_names(void **state)
{
	struct inode *root = tree_new_root(), *d, *f, *f2;
	char big[NAME_MAX + 2];

	(void)state;
	assert_non_null(root);
	assert_int_equal(root->i_nlink, 2);
	assert_ptr_equal(root->i_parent, root);
	d = mkdir_(root, "d", 0755);
	assert_int_equal(root->i_nlink, 3);
	assert_int_equal(d->i_nlink, 2);
	f = mkfile(d, "f", "x");
	assert_int_equal(f->i_nlink, 1);
	assert_ptr_equal(tree_lookup(d, N("f")), f);
	assert_null(tree_lookup(d, N("g")));
	assert_null(tree_lookup(f, N("g"))); /* not a directory */
	/* bad names */
	assert_int_equal(tree_link(d, N("f"), f), -EEXIST);
	assert_int_equal(tree_link(d, N("."), f), -EINVAL);
	assert_int_equal(tree_link(d, N(".."), f), -EINVAL);
	assert_int_equal(tree_link(d, "", 0, f), -EINVAL);
	assert_int_equal(tree_link(d, N("a/b"), f), -EINVAL);
	assert_int_equal(tree_link(d, "a\0b", 3, f), -EINVAL);
	memset(big, 'n', sizeof(big));
	assert_int_equal(tree_link(d, big, NAME_MAX + 1, f), -ENAMETOOLONG);
	assert_int_equal(
		tree_mknod(d, big, NAME_MAX + 1, S_IFREG, 0, 0, 0, NULL),
		-ENAMETOOLONG);
	assert_int_equal(tree_link(f, N("x"), f), -ENOTDIR);
	assert_int_equal(tree_mknod(d, N("f"), S_IFREG, 0, 0, 0, NULL),
			 -EEXIST);
	/* hard links: files yes, directories no */
	assert_int_equal(tree_link(root, N("f2"), f), 0);
	assert_int_equal(f->i_nlink, 2);
	assert_int_equal(tree_link(root, N("d2"), d), -EMLINK);
	assert_int_equal(tree_link(d, N("self"), d), -EMLINK);
	/* unlink and rmdir errors */
	assert_int_equal(tree_unlink(d, N("nope"), false), -ENOENT);
	assert_int_equal(tree_unlink(d, N("f"), true), -ENOTDIR);
	assert_int_equal(tree_unlink(root, N("d"), false), -EISDIR);
	assert_int_equal(tree_unlink(root, N("d"), true), -ENOTEMPTY);
	assert_int_equal(tree_unlink(f, N("x"), false), -ENOTDIR);
	/* an open file outlives its names */
	tree_iget(f);
	assert_int_equal(tree_unlink(d, N("f"), false), 0);
	assert_int_equal(tree_unlink(root, N("f2"), false), 0);
	assert_int_equal(f->i_nlink, 0);
	f2 = mkfile(d, "f", NULL); /* the name is free again */
	assert_ptr_not_equal(f2, f);
	tree_iput(f);
	/* a removed directory held open: no new names, freed at last put */
	assert_int_equal(tree_unlink(d, N("f"), false), 0);
	tree_iget(d);
	assert_int_equal(tree_unlink(root, N("d"), true), 0);
	assert_int_equal(root->i_nlink, 2);
	assert_int_equal(tree_link(d, N("late"), root), -ENOENT);
	assert_int_equal(tree_mknod(d, N("late"), S_IFREG, 0, 0, 0, NULL),
			 -ENOENT);
	tree_iput(d);
	tree_destroy(root);
}

static void test_tree_nomem(void **state)
{
	struct inode *root = tree_new_root(), *i;

	(void)state;
	fs_env_allocs_left = 0;
	assert_null(tree_new_root());
	assert_int_equal(tree_mknod(root, N("a"), S_IFREG, 0, 0, 0, &i),
			 -ENOMEM);
	fs_env_allocs_left = 1; /* the inode, not its name */
	assert_int_equal(tree_mknod(root, N("a"), S_IFDIR | 0755, 0, 0, 0, &i),
			 -ENOMEM);
	fs_env_allocs_left = 0;
	assert_int_equal(tree_symlink(root, N("l"), N("t"), 0, 0, NULL),
			 -ENOMEM);
	fs_env_allocs_left = 1; /* the target, not the inode */
	assert_int_equal(tree_symlink(root, N("l"), N("t"), 0, 0, NULL),
			 -ENOMEM);
	fs_env_allocs_left = -1;
	assert_null(tree_lookup(root, N("a")));
	assert_null(tree_lookup(root, N("l")));
	tree_destroy(root);
}

static void test_tree_contents(void **state)
{
	struct inode *root = tree_new_root(), *f;
	char buf[256];

	(void)state;
	f = mkfile(root, "f", "hello");
	assert_int_equal(f->i_size, 5);
	assert_int_equal(tree_read(f, 0, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(tree_read(f, 3, buf, 1), 1);
	assert_int_equal(buf[0], 'l');
	assert_int_equal(tree_read(f, 5, buf, 1), 0);
	assert_int_equal(tree_read(f, 50, buf, 1), 0);
	assert_int_equal(tree_read(f, -1, buf, 1), -EINVAL);
	/* a hole reads as zeros */
	assert_int_equal(tree_write(f, 100, "Z", 1), 1);
	assert_int_equal(f->i_size, 101);
	assert_int_equal(tree_read(f, 0, buf, sizeof(buf)), 101);
	for (int i = 5; i < 100; i++)
		assert_int_equal(buf[i], 0);
	/* cut, then grow: the cut tail is zeros */
	assert_int_equal(tree_truncate(f, 2), 0);
	assert_int_equal(tree_truncate(f, 10), 0);
	assert_int_equal(tree_read(f, 0, buf, sizeof(buf)), 10);
	assert_memory_equal(buf, "he\0\0\0\0\0\0\0\0", 10);
	assert_int_equal(tree_truncate(f, 10), 0);
	assert_int_equal(tree_write(f, 0, "", 0), 0);
	/* limits */
	assert_int_equal(tree_truncate(f, -1), -EINVAL);
	assert_int_equal(tree_truncate(f, FS_MAX_FILE_SIZE + 1), -EFBIG);
	assert_int_equal(tree_write(f, -1, "x", 1), -EINVAL);
	assert_int_equal(tree_write(f, FS_MAX_FILE_SIZE, "x", 1), -EFBIG);
	assert_int_equal(tree_write(f, FS_MAX_FILE_SIZE + 1, "x", 0), -EFBIG);
	/* out of memory while growing: doubling fails, the exact size
	 * works; then both fail */
	fs_env_alloc_max = 1000;
	assert_int_equal(tree_truncate(f, 1000), 0);
	assert_int_equal(f->i_capacity, 1000);
	fs_env_alloc_max = SIZE_MAX;
	fs_env_allocs_left = 0;
	assert_int_equal(tree_write(f, 5000, "x", 1), -ENOMEM);
	assert_int_equal(f->i_size, 1000);
	fs_env_allocs_left = -1;
	tree_destroy(root);
}

static void test_tree_symlink(void **state)
{
	struct inode *root = tree_new_root(), *l;
	char big[PATH_MAX + 1];

	(void)state;
	assert_int_equal(tree_symlink(root, N("l"), N("target"), 5, 6, &l), 0);
	assert_true(S_ISLNK(l->i_mode));
	assert_int_equal(l->i_size, 6);
	assert_string_equal(l->i_data, "target");
	assert_int_equal(l->i_uid, 5);
	assert_int_equal(tree_symlink(root, N("e"), "", 0, 0, 0, NULL),
			 -ENOENT);
	memset(big, 'a', sizeof(big));
	assert_int_equal(tree_symlink(root, N("e"), big, PATH_MAX, 0, 0, NULL),
			 -ENAMETOOLONG);
	assert_int_equal(tree_symlink(root, N("e"), "a\0b", 3, 0, 0, NULL),
			 -EINVAL);
	assert_int_equal(tree_symlink(root, N("l"), N("t"), 0, 0, NULL),
			 -EEXIST);
	tree_destroy(root);
}

static void test_tree_path_of(void **state)
{
	struct inode *root = tree_new_root(), *a, *b, *other;
	char buf[64];

	(void)state;
	a = mkdir_(root, "alpha", 0755);
	b = mkdir_(a, "be", 0755);
	assert_int_equal(tree_path_of(root, b, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "/alpha/be");
	assert_int_equal(tree_path_of(root, root, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "/");
	/* from a chroot-like root */
	assert_int_equal(tree_path_of(a, b, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "/be");
	assert_int_equal(tree_path_of(root, b, buf, 10), 10);
	assert_int_equal(tree_path_of(root, b, buf, 9), -ERANGE);
	assert_int_equal(tree_path_of(root, b, buf, 3), -ERANGE);
	assert_int_equal(tree_path_of(root, root, buf, 1), -ERANGE);
	/* not below that root */
	assert_int_equal(tree_path_of(b, a, buf, sizeof(buf)), -ENOENT);
	other = tree_new_root();
	assert_int_equal(tree_path_of(root, other, buf, sizeof(buf)), -ENOENT);
	tree_destroy(other);
	/* removed */
	tree_iget(b);
	assert_int_equal(tree_unlink(a, N("be"), true), 0);
	assert_int_equal(tree_path_of(root, b, buf, sizeof(buf)), -ENOENT);
	tree_iput(b);
	tree_destroy(root);
}

static void test_tree_permission(void **state)
{
	struct inode *root = tree_new_root(), *f, *d;

	(void)state;
	f = mkfile(root, "f", NULL);
	f->i_uid = 100;
	f->i_gid = 200;
	f->i_mode = S_IFREG | 0640;
	assert_int_equal(tree_permission(f, 100, 1, MAY_READ | MAY_WRITE), 0);
	assert_int_equal(tree_permission(f, 100, 1, MAY_EXEC), -EACCES);
	assert_int_equal(tree_permission(f, 101, 200, MAY_READ), 0);
	assert_int_equal(tree_permission(f, 101, 200, MAY_WRITE), -EACCES);
	assert_int_equal(tree_permission(f, 101, 201, MAY_READ), -EACCES);
	/* the owner's bits count even when the group's would allow */
	f->i_mode = S_IFREG | 0070;
	assert_int_equal(tree_permission(f, 100, 200, MAY_READ), -EACCES);
	/* root: all but exec without an x bit */
	f->i_mode = S_IFREG | 0000;
	assert_int_equal(tree_permission(f, 0, 0, MAY_READ | MAY_WRITE), 0);
	assert_int_equal(tree_permission(f, 0, 0, MAY_EXEC), -EACCES);
	f->i_mode = S_IFREG | 0001;
	assert_int_equal(tree_permission(f, 0, 0, MAY_EXEC), 0);
	d = mkdir_(root, "d", 0);
	assert_int_equal(tree_permission(d, 0, 0, MAY_EXEC | MAY_WRITE), 0);
	assert_int_equal(tree_permission(d, 1, 1, MAY_EXEC), -EACCES);
	tree_destroy(root);
}

static void test_tree_stat(void **state)
{
	struct inode *root = tree_new_root(), *f, *c;
	struct linux_stat st;

	(void)state;
	f = mkfile(root, "f", "12345");
	f->i_uid = 7;
	f->i_gid = 8;
	tree_fill_stat(f, TREE_DEV, &st);
	assert_int_equal(st.st_dev, 1);
	assert_int_equal(st.st_ino, f->i_ino);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
	assert_int_equal(st.st_uid, 7);
	assert_int_equal(st.st_gid, 8);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(st.st_blocks, 1);
	assert_int_equal(st.st_blksize, 4096);
	assert_int_equal(st.st_mtime_sec, 1000);
	assert_int_equal(st.st_mtime_nsec, 5);
	assert_int_equal(st.st_atime_sec, 1000);
	assert_int_equal(st.st_ctime_nsec, 5);
	assert_int_equal(tree_mknod(root, N("ttyS0"), S_IFCHR | 0600, 0, 0,
				    MKDEV(4, 64), &c),
			 0);
	tree_fill_stat(c, TREE_DEV, &st);
	assert_int_equal(st.st_rdev, 0x440);
	/* Linux's new_encode_dev: minor bits above 8 go to bit 20 up */
	assert_int_equal(fs_encode_dev(MKDEV(259, 0x12345)),
			 0x45 | (259 << 8) | (0x123ULL << 20));
	tree_destroy(root);
}

/* Walk the records of @buf[0..n), appending "name/type/d_off;". */
static void dents_text(const char *buf, ssize_t n, char *out, size_t outsz)
{
	size_t o = strlen(out);

	for (ssize_t off = 0; off < n;) {
		const struct linux_dirent64 *de =
			(const struct linux_dirent64 *)(buf + off);

		assert_int_equal(de->d_reclen % 8, 0);
		assert_true(de->d_reclen >= 20);
		o += (size_t)snprintf(out + o, outsz - o, "%s/%u/%lld;",
				      de->d_name, de->d_type,
				      (long long)de->d_off);
		off += de->d_reclen;
	}
}

/* The names of @dir in list order, "a;b;c;". */
static void names_text(const struct inode *dir, char *text, size_t size)
{
	size_t used = 0;

	text[0] = '\0';
	for (const struct fs_dirent *d = dir->i_children; d; d = d->next)
		used += (size_t)snprintf(text + used, size - used, "%s;",
					 d->name);
}

/*
 * The dentry cache: every name found through it, in its own directory
 * only; readdir order kept across removals at either end; a directory's
 * name follows it through renames; the cache empties with the tree.
 */
static void test_tree_dcache(void **state)
{
	enum { MANY = 5000 };
	struct inode *root = tree_new_root(), *a, *b, *x, *y, *in_a, *in_b;
	struct tree_dcache_stats base, st;
	char name[32], text[256], buf[64];

	(void)state;
	tree_dcache_stats(&base);
	a = mkdir_(root, "a", 0755);
	b = mkdir_(root, "b", 0755);
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		mkfile(a, name, NULL);
	}
	tree_dcache_stats(&st);
	assert_int_equal(st.entries, base.entries + 2 + MANY);
	/* spread over the buckets: 5002 names in 8192 chains */
	assert_true(st.longest_chain <= 12);
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_non_null(tree_lookup(a, N(name)));
		assert_null(tree_lookup(b, N(name)));
		assert_null(tree_lookup(root, N(name)));
	}
	assert_null(tree_lookup(a, N("n5000")));
	assert_null(tree_lookup(a, "n1", 1)); /* a prefix is another name */
	/* the same name in two directories: two entries */
	in_a = mkfile(a, "same", "in a");
	in_b = mkfile(b, "same", "in b");
	assert_ptr_equal(tree_lookup(a, N("same")), in_a);
	assert_ptr_equal(tree_lookup(b, N("same")), in_b);
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(tree_unlink(a, N(name), false), 0);
		assert_null(tree_lookup(a, N(name)));
	}
	tree_dcache_stats(&st);
	assert_int_equal(st.entries, base.entries + 4);
	/* the list order: removals at the head and the tail, then appends */
	mkfile(b, "1", NULL);
	mkfile(b, "2", NULL);
	assert_int_equal(tree_unlink(b, N("2"), false), 0);
	mkfile(b, "3", NULL);
	assert_int_equal(tree_unlink(b, N("same"), false), 0);
	mkfile(b, "4", NULL);
	names_text(b, text, sizeof(text));
	assert_string_equal(text, "1;3;4;");
	/* renames: a fresh name, over a target, an exchange of directories */
	x = mkdir_(a, "x", 0755);
	y = mkdir_(b, "y", 0755);
	assert_int_equal(tree_rename(a, N("x"), b, N("x2"), 0), 0);
	assert_null(tree_lookup(a, N("x")));
	assert_ptr_equal(tree_lookup(b, N("x2")), x);
	assert_int_equal(tree_path_of(root, x, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "/b/x2");
	assert_int_equal(tree_rename(b, N("x2"), b, N("3"), 0), -ENOTDIR);
	assert_int_equal(tree_rename(b, N("4"), b, N("3"), 0), 0);
	names_text(b, text, sizeof(text));
	assert_string_equal(text, "1;3;y;x2;");
	assert_int_equal(tree_rename(b, N("x2"), root, N("a"), RENAME_EXCHANGE),
			 0);
	assert_ptr_equal(tree_lookup(root, N("a")), x);
	assert_ptr_equal(tree_lookup(b, N("x2")), a);
	assert_int_equal(tree_path_of(root, x, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "/a");
	assert_int_equal(tree_path_of(root, a, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "/b/x2");
	assert_ptr_equal(tree_lookup(a, N("same")), in_a);
	/* a directory renamed over an empty one */
	assert_int_equal(tree_rename(b, N("x2"), b, N("y"), 0), 0);
	assert_ptr_equal(tree_lookup(b, N("y")), a);
	assert_null(tree_lookup(b, N("x2")));
	assert_int_equal(tree_path_of(root, a, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "/b/y");
	(void)y;
	tree_destroy(root);
	tree_dcache_stats(&st);
	assert_int_equal(st.entries, base.entries);
}

/*
 * The dentry cache grows fourfold past two names a chain; a growth that
 * finds no memory leaves the table as it was; the table goes back to the
 * first one (and its memory is freed: teardown counts) with the last name.
 */
static void test_tree_dcache_grows(void **state)
{
	enum { GROW = 2 * TREE_DCACHE_BUCKETS + 100 };
	struct inode *root = tree_new_root(), *dir;
	struct tree_dcache_stats base, st;
	char name[32];

	(void)state;
	tree_dcache_stats(&base);
	assert_int_equal(base.buckets, TREE_DCACHE_BUCKETS);
	dir = mkdir_(root, "c", 0755);
	fs_env_alloc_max = 4096; /* names yes, a bigger table no */
	for (int i = 0; i < GROW; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		mkfile(dir, name, NULL);
	}
	tree_dcache_stats(&st);
	assert_int_equal(st.entries, base.entries + 1 + GROW);
	assert_int_equal(st.buckets, TREE_DCACHE_BUCKETS);
	for (int i = 0; i < GROW; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		assert_non_null(tree_lookup(dir, N(name)));
	}
	fs_env_alloc_max = SIZE_MAX;
	mkfile(dir, "last", NULL);
	tree_dcache_stats(&st);
	assert_int_equal(st.buckets, 4 * TREE_DCACHE_BUCKETS);
	assert_true(st.longest_chain <= 12);
	for (int i = 0; i < GROW; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		assert_non_null(tree_lookup(dir, N(name)));
	}
	assert_int_equal(tree_unlink(dir, N("f7"), false), 0);
	assert_null(tree_lookup(dir, N("f7")));
	assert_non_null(tree_lookup(dir, N("last")));
	tree_destroy(root);
	tree_dcache_stats(&st);
	assert_int_equal(st.entries, base.entries);
	assert_int_equal(st.buckets, TREE_DCACHE_BUCKETS);
}

static void test_tree_getdents(void **state)
{
	struct inode *root = tree_new_root(), *d, *f;
	char buf[512] __attribute__((aligned(8)));
	char text[512] = "";
	loff_t pos = 0;
	ssize_t n;

	(void)state;
	d = mkdir_(root, "d", 0755);
	mkfile(d, "a", NULL);
	mkdir_(d, "sub", 0755);
	tree_symlink(d, N("ln"), N("a"), 0, 0, NULL);
	tree_mknod(d, N("c"), S_IFCHR, 0, 0, 0, NULL);
	n = tree_getdents(d, &pos, buf, sizeof(buf));
	dents_text(buf, n, text, sizeof(text));
	assert_string_equal(text, "./4/1;../4/2;a/8/3;sub/4/4;ln/10/5;c/2/6;");
	assert_int_equal(pos, 6);
	assert_int_equal(tree_getdents(d, &pos, buf, sizeof(buf)), 0);
	/* one record at a time; changes between calls */
	pos = 0;
	text[0] = '\0';
	assert_int_equal(tree_getdents(d, &pos, buf, 10), -EINVAL);
	n = tree_getdents(d, &pos, buf, 24);
	assert_int_equal(n, 24);
	dents_text(buf, n, text, sizeof(text));
	n = tree_getdents(d, &pos, buf, 24);
	dents_text(buf, n, text, sizeof(text));
	n = tree_getdents(d, &pos, buf, 24);
	dents_text(buf, n, text, sizeof(text));
	assert_int_equal(tree_unlink(d, N("sub"), true), 0);
	f = mkfile(d, "new", NULL);
	(void)f;
	while ((n = tree_getdents(d, &pos, buf, 24)) > 0)
		dents_text(buf, n, text, sizeof(text));
	assert_int_equal(n, 0);
	assert_string_equal(text, "./4/1;../4/2;a/8/3;ln/10/5;c/2/6;new/8/7;");
	/* a buffer for "." but not ".." */
	pos = 0;
	assert_int_equal(tree_getdents(d, &pos, buf, 30), 24);
	assert_int_equal(pos, 1);
	/* errors */
	pos = -1;
	assert_int_equal(tree_getdents(d, &pos, buf, sizeof(buf)), -EINVAL);
	pos = 0;
	assert_int_equal(
		tree_getdents(tree_lookup(d, N("a")), &pos, buf, sizeof(buf)),
		-ENOTDIR);
	tree_iget(d);
	tree_destroy(root);
	assert_int_equal(tree_getdents(d, &pos, buf, sizeof(buf)), -ENOENT);
	tree_iput(d);
}

/* ------------------------------------------------------------------ */
/* namei.c */

static struct inode *ns_root;

static int walk(struct inode *start, const char *path, unsigned int flags,
		struct inode **out)
{
	struct nameidata nd = {.root = ns_root, .start = start, .flags = flags};

	return path_lookup(&nd, path, out);
}

static int walk_as(uid_t uid, const char *path, struct inode **out)
{
	struct nameidata nd = {.root = ns_root,
			       .start = ns_root,
			       .uid = uid,
			       .gid = uid,
			       .flags = LOOKUP_FOLLOW};

	return path_lookup(&nd, path, out);
}

static void test_namei(void **state)
{
	struct inode *root = tree_new_root(), *usr, *bin, *sh, *x, *locked;
	char name[PATH_MAX + 10];

	(void)state;
	ns_root = root;
	usr = mkdir_(root, "usr", 0755);
	bin = mkdir_(usr, "bin", 0755);
	sh = mkfile(bin, "sh", "#!");
	tree_symlink(root, N("bin"), N("usr/bin"), 0, 0, NULL);
	tree_symlink(bin, N("rel"), N("sh"), 0, 0, NULL);
	tree_symlink(bin, N("abs"), N("/usr/bin/sh"), 0, 0, NULL);
	tree_symlink(bin, N("up"), N("../bin/./sh"), 0, 0, NULL);
	tree_symlink(root, N("self"), N("self"), 0, 0, NULL);
	tree_symlink(root, N("dangling"), N("nowhere"), 0, 0, NULL);
	tree_symlink(root, N("tofile"), N("usr/bin/sh"), 0, 0, NULL);

	assert_int_equal(walk(root, "/usr/bin/sh", 0, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(usr, "bin/sh", 0, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(bin, "./../bin//sh", 0, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(bin, "../../../../usr", 0, &x), 0);
	assert_ptr_equal(x, usr); /* ".." stops at the root */
	assert_int_equal(walk(bin, "/", 0, &x), 0);
	assert_ptr_equal(x, root);
	assert_int_equal(walk(bin, "//", 0, &x), 0);
	assert_ptr_equal(x, root);
	assert_int_equal(walk(bin, ".", 0, &x), 0);
	assert_ptr_equal(x, bin);
	assert_int_equal(walk(bin, "..", 0, &x), 0);
	assert_ptr_equal(x, usr);
	/* symlinks: inside a path always, at the end when asked */
	assert_int_equal(walk(root, "/bin/sh", 0, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(root, "/bin", 0, &x), 0);
	assert_true(S_ISLNK(x->i_mode));
	assert_int_equal(walk(root, "/bin", LOOKUP_FOLLOW, &x), 0);
	assert_ptr_equal(x, bin);
	assert_int_equal(walk(root, "/bin/", 0, &x), 0);
	assert_ptr_equal(x, bin); /* a trailing slash follows */
	assert_int_equal(walk(root, "/bin/rel", LOOKUP_FOLLOW, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(root, "/bin/abs", LOOKUP_FOLLOW, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(root, "/bin/up", LOOKUP_FOLLOW, &x), 0);
	assert_ptr_equal(x, sh);
	assert_int_equal(walk(root, "/bin", LOOKUP_DIRECTORY, &x), -ENOTDIR);
	assert_int_equal(
		walk(root, "/bin", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &x), 0);
	/* errors */
	assert_int_equal(walk(root, "", 0, &x), -ENOENT);
	assert_int_equal(walk(root, "/nope", 0, &x), -ENOENT);
	assert_int_equal(walk(root, "/nope/x", 0, &x), -ENOENT);
	assert_int_equal(walk(root, "/usr/bin/sh/", 0, &x), -ENOTDIR);
	assert_int_equal(walk(root, "/usr/bin/sh/x", 0, &x), -ENOTDIR);
	assert_int_equal(walk(root, "/usr/bin/sh/.", 0, &x), -ENOTDIR);
	assert_int_equal(walk(root, "/tofile/", 0, &x), -ENOTDIR);
	assert_int_equal(walk(root, "/self", 0, &x), 0);
	assert_int_equal(walk(root, "/self", LOOKUP_FOLLOW, &x), -ELOOP);
	assert_int_equal(walk(root, "/self/x", 0, &x), -ELOOP);
	assert_int_equal(walk(root, "/dangling", LOOKUP_FOLLOW, &x), -ENOENT);
	assert_int_equal(walk(sh, "x", 0, &x), -ENOTDIR);
	memset(name, 'a', sizeof(name));
	name[0] = '/';
	name[NAME_MAX + 2] = '\0';
	assert_int_equal(walk(root, name, 0, &x), -ENAMETOOLONG);
	name[NAME_MAX + 1] = '\0';
	assert_int_equal(walk(root, name, 0, &x), -ENOENT);
	for (size_t i = 0; i < PATH_MAX; i += 2) {
		name[i] = '.';
		name[i + 1] = '/';
	}
	name[PATH_MAX - 1] = '\0'; /* 4095 bytes: fine */
	assert_int_equal(walk(root, name, 0, &x), 0);
	name[PATH_MAX - 1] = '.';
	name[PATH_MAX] = '\0'; /* 4096 bytes: too long */
	assert_int_equal(walk(root, name, 0, &x), -ENAMETOOLONG);
	/* search permission */
	locked = mkdir_(root, "locked", 0700);
	mkfile(locked, "in", NULL);
	assert_int_equal(walk_as(0, "/locked/in", &x), 0);
	assert_int_equal(walk_as(5, "/locked/in", &x), -EACCES);
	locked->i_uid = 5;
	assert_int_equal(walk_as(5, "/locked/in", &x), 0);
	tree_destroy(root);
}

static void test_namei_symlink_limit(void **state)
{
	struct inode *root = tree_new_root(), *x;
	char name[16], target[16];

	(void)state;
	ns_root = root;
	mkfile(root, "end", NULL);
	/* l0 -> end, l1 -> l0, ... l40 -> l39: following l39 takes 40 */
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		if (i)
			snprintf(target, sizeof(target), "l%d", i - 1);
		else
			strcpy(target, "end");
		assert_int_equal(
			tree_symlink(root, N(name), N(target), 0, 0, NULL), 0);
	}
	assert_int_equal(walk(root, "l39", LOOKUP_FOLLOW, &x), 0);
	assert_ptr_equal(x, tree_lookup(root, N("end")));
	assert_int_equal(walk(root, "l40", LOOKUP_FOLLOW, &x), -ELOOP);
	tree_destroy(root);
}

static void test_namei_parent(void **state)
{
	struct inode *root = tree_new_root(), *d, *f;
	struct nameidata nd = {.root = root, .start = root};
	struct path_last last;
	struct inode *x;
	char name[NAME_MAX + 10];

	(void)state;
	d = mkdir_(root, "d", 0755);
	f = mkfile(d, "f", NULL);
	assert_int_equal(path_parent(&nd, "/d/new", &last), 0);
	assert_ptr_equal(last.dir, d);
	assert_int_equal(last.len, 3);
	assert_memory_equal(last.name, "new", 3);
	assert_int_equal(last.type, LAST_NORM);
	assert_false(last.trailing_slash);
	assert_int_equal(path_last_step(&nd, &last, false, &x), -ENOENT);
	assert_int_equal(path_parent(&nd, "d/f//", &last), 0);
	assert_true(last.trailing_slash);
	assert_int_equal(path_last_step(&nd, &last, false, &x), -ENOTDIR);
	assert_int_equal(path_parent(&nd, "d/f", &last), 0);
	assert_int_equal(path_last_step(&nd, &last, false, &x), 0);
	assert_ptr_equal(x, f);
	assert_int_equal(path_parent(&nd, "/", &last), 0);
	assert_int_equal(last.type, LAST_ROOT);
	assert_int_equal(path_parent(&nd, "d/.", &last), 0);
	assert_int_equal(last.type, LAST_DOT);
	assert_int_equal(path_parent(&nd, "d/..", &last), 0);
	assert_int_equal(last.type, LAST_DOTDOT);
	assert_ptr_equal(last.dir, d);
	assert_int_equal(path_parent(&nd, "d/f/x", &last), -ENOTDIR);
	assert_int_equal(path_parent(&nd, "", &last), -ENOENT);
	memset(name, 'a', sizeof(name));
	name[NAME_MAX + 1] = '\0';
	assert_int_equal(path_parent(&nd, name, &last), -ENAMETOOLONG);
	/* a start that is not a directory, no search right on the parent */
	nd.start = f;
	assert_int_equal(path_parent(&nd, "x", &last), -ENOTDIR);
	nd.start = root;
	d->i_mode = S_IFDIR | 0600;
	nd.uid = 3;
	assert_int_equal(path_parent(&nd, "d/x", &last), -EACCES);
	nd.start = d;
	assert_int_equal(path_parent(&nd, "x", &last), -EACCES);
	tree_destroy(root);
}

/* ------------------------------------------------------------------ */
/* initfs.c: archives built here. */

#define AR_MAX (256 * 1024)

static struct {
	uint8_t b[AR_MAX];
	size_t len;
} ar;

static void ar_reset(void)
{
	ar.len = 0;
}

static void ar_pad(void)
{
	while (ar.len & 3)
		ar.b[ar.len++] = 0;
}

static void ar_entry_full(const char *name, uint32_t mode, uint32_t ino,
			  uint32_t nlink, const void *data, size_t dlen,
			  uint32_t rmaj, uint32_t rmin)
{
	char hdr[CPIO_HDR_SIZE + 1];

	assert_true(ar.len + CPIO_HDR_SIZE + strlen(name) + dlen + 8 <= AR_MAX);
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 1000, 100, nlink, 0x5f000000, (uint32_t)dlen, 0, 0,
		 rmaj, rmin, (uint32_t)strlen(name) + 1, 0);
	memcpy(ar.b + ar.len, hdr, CPIO_HDR_SIZE);
	ar.len += CPIO_HDR_SIZE;
	memcpy(ar.b + ar.len, name, strlen(name) + 1);
	ar.len += strlen(name) + 1;
	ar_pad();
	if (dlen)
		memcpy(ar.b + ar.len, data, dlen);
	ar.len += dlen;
	ar_pad();
}

static void ar_entry(const char *name, uint32_t mode, uint32_t ino,
		     uint32_t nlink, const char *text)
{
	ar_entry_full(name, mode, ino, nlink, text, text ? strlen(text) : 0, 0,
		      0);
}

static void ar_dir(const char *name)
{
	ar_entry(name, S_IFDIR | 0755, 0, 2, NULL);
}

static void ar_file(const char *name, const char *text)
{
	ar_entry(name, S_IFREG | 0644, 0, 1, text);
}

static void ar_trailer(void)
{
	ar_entry(CPIO_TRAILER, 0, 0, 1, NULL);
}

static int unpack(struct inode *root)
{
	return initfs_unpack_into(root, ar.b, ar.len, "test");
}

static struct inode *get(struct inode *root, const char *path)
{
	struct inode *x = NULL;

	ns_root = root;
	return walk(root, path, 0, &x) == 0 ? x : NULL;
}

static void expect_text(struct inode *root, const char *path, const char *text)
{
	struct inode *f = get(root, path);
	char buf[256];

	assert_non_null(f);
	assert_int_equal(tree_read(f, 0, buf, sizeof(buf)),
			 (ssize_t)strlen(text));
	assert_memory_equal(buf, text, strlen(text));
}

static void test_initfs_basic(void **state)
{
	struct inode *root = tree_new_root(), *x;

	(void)state;
	ar_reset();
	ar_entry(".", S_IFDIR | 0700, 1, 2, NULL);
	ar_dir("bin");
	ar_dir("./dev/");
	ar_file("bin/hello", "hello\n");
	ar_entry("bin/sh", S_IFLNK | 0777, 0, 1, "hello");
	ar_entry_full("dev/ttyS0", S_IFCHR | 0600, 0, 1, NULL, 0, 4, 64);
	ar_entry_full("dev/sda", S_IFBLK | 0600, 0, 1, NULL, 0, 8, 0);
	ar_entry("dev/fifo", S_IFIFO | 0600, 0, 1, NULL);
	ar_entry("dev/sock", S_IFSOCK | 0600, 0, 1, NULL);
	/* GNU cpio's hard links: the data on the last */
	ar_entry("bin/a", S_IFREG | 0755, 42, 3, NULL);
	ar_entry("bin/b", S_IFREG | 0755, 42, 3, NULL);
	ar_entry("c", S_IFREG | 0755, 42, 3, "shared");
	ar_trailer();
	/* a second archive over the first, after NUL padding */
	while (ar.len % 512)
		ar.b[ar.len++] = 0;
	ar_file("bin/hello", "replaced");
	ar_entry("bin/b", S_IFREG | 0600, 42, 2, "relinked"); /* new group */
	ar_entry("bin/d", S_IFREG | 0600, 42, 2, NULL);
	ar_trailer();
	assert_int_equal(unpack(root), 14);
	assert_int_equal(root->i_mode, S_IFDIR | 0700);
	expect_text(root, "bin/hello", "replaced");
	expect_text(root, "bin/a", "shared");
	expect_text(root, "c", "shared");
	assert_ptr_equal(get(root, "bin/a"), get(root, "c"));
	assert_int_equal(get(root, "c")->i_nlink, 2); /* bin/b went */
	expect_text(root, "bin/d", "relinked");
	assert_ptr_equal(get(root, "bin/b"), get(root, "bin/d"));
	x = get(root, "bin/sh");
	assert_true(S_ISLNK(x->i_mode));
	assert_string_equal(x->i_data, "hello");
	x = get(root, "dev/ttyS0");
	assert_int_equal(x->i_mode, S_IFCHR | 0600);
	assert_int_equal(x->i_rdev, MKDEV(4, 64));
	assert_int_equal(x->i_uid, 1000);
	assert_int_equal(x->i_gid, 100);
	assert_int_equal(x->i_mtime.tv_sec, 0x5f000000);
	assert_int_equal(get(root, "dev/sda")->i_rdev, MKDEV(8, 0));
	assert_true(S_ISFIFO(get(root, "dev/fifo")->i_mode));
	assert_true(S_ISSOCK(get(root, "dev/sock")->i_mode));
	assert_int_equal(log_capture_count(), 0);
	tree_destroy(root);
}

static void test_initfs_replace(void **state)
{
	struct inode *root = tree_new_root();

	(void)state;
	ar_reset();
	ar_dir("d");
	ar_file("d/f", "one");
	ar_dir("e");
	ar_file("file", "x");
	ar_entry("d", S_IFDIR | 0711, 0, 2, NULL); /* attributes only */
	ar_file("e", "was an empty dir");
	ar_dir("file"); /* was a file */
	ar_file("d", "not over a full directory");
	ar_trailer();
	assert_int_equal(unpack(root), 6);
	assert_int_equal(get(root, "d")->i_mode, S_IFDIR | 0711);
	expect_text(root, "d/f", "one");
	expect_text(root, "e", "was an empty dir");
	assert_true(S_ISDIR(get(root, "file")->i_mode));
	assert_int_equal(log_capture_count(), 1);
	assert_true(
		log_capture_contains("\"d\": cannot create it (error -39)"));
	tree_destroy(root);
}

static void test_initfs_skipped(void **state)
{
	struct inode *root = tree_new_root();

	(void)state;
	ar_reset();
	ar_file("f", "x");
	ar_file("nodir/x", "parent missing");
	ar_file("f/x", "parent a file");
	ar_entry("link1", S_IFREG | 0644, 7, 2, NULL);
	ar_entry_full("huge", S_IFCHR | 0600, 0, 1, NULL, 0, 0x1000, 0);
	ar_entry_full("huge2", S_IFCHR | 0600, 0, 1, NULL, 0, 1, 0x100000);
	ar_entry(".", S_IFREG | 0644, 0, 1, NULL); /* over the root */
	ar_file("after", "still unpacked");
	ar_trailer();
	assert_int_equal(unpack(root), 3);
	expect_text(root, "after", "still unpacked");
	assert_non_null(get(root, "link1"));
	assert_null(get(root, "huge"));
	assert_true(log_capture_contains("\"nodir/x\": cannot create it "
					 "(error -2)"));
	assert_true(log_capture_contains("\"f/x\": cannot create it "
					 "(error -20)"));
	assert_true(log_capture_contains("\"huge\": cannot create it "
					 "(error -75)"));
	assert_true(log_capture_contains("\"huge2\": cannot create it"));
	assert_true(log_capture_contains("\".\": cannot create it "
					 "(error -17)"));
	tree_destroy(root);
	/* a hard link whose first name was removed in between */
	root = tree_new_root();
	log_capture_start();
	ar_reset();
	ar_entry("a", S_IFREG | 0644, 9, 2, NULL);
	ar_dir("a"); /* replaces the file */
	ar_entry("b", S_IFREG | 0644, 9, 2, "data");
	ar_trailer();
	assert_int_equal(unpack(root), 2);
	assert_null(get(root, "b"));
	assert_true(
		log_capture_contains("\"b\": cannot create it (error -22)"));
	tree_destroy(root);
}

static void test_initfs_hostile(void **state)
{
	struct inode *root = tree_new_root();

	(void)state;
	/* "..": the entries before stay, unpacking stops */
	ar_reset();
	ar_file("ok", "1");
	ar_file("../escape", "x");
	ar_file("after", "never");
	ar_trailer();
	assert_int_equal(unpack(root), -EINVAL);
	assert_non_null(get(root, "ok"));
	assert_null(get(root, "after"));
	assert_null(get(root, "escape"));
	assert_true(log_capture_contains("\"..\" component"));
	assert_true(log_capture_contains("test: unpacking stopped (error "
					 "-22) after 1 entries"));
	tree_destroy(root);
	/* data past the end */
	root = tree_new_root();
	ar_reset();
	ar_file("big", "0123456789");
	ar.len -= 8;
	assert_int_equal(unpack(root), -EINVAL);
	assert_null(get(root, "big"));
	tree_destroy(root);
	/* absurd mode bits */
	root = tree_new_root();
	ar_reset();
	ar_entry("m", 0777777, 0, 1, NULL);
	ar_trailer();
	assert_int_equal(unpack(root), -EINVAL);
	tree_destroy(root);
	/* an empty buffer and NULs only: nothing, no error */
	root = tree_new_root();
	assert_int_equal(initfs_unpack_into(root, ar.b, 0, "test"), 0);
	memset(ar.b, 0, 64);
	assert_int_equal(initfs_unpack_into(root, ar.b, 64, "test"), 0);
	tree_destroy(root);
}

/* ar.b[from..len) gzip-compressed in place (zlib, level 9), after
 * @shift NULs. */
static void ar_gzip_shifted(size_t from, size_t shift)
{
	static uint8_t tmp[AR_MAX];
	z_stream z = {0};

	assert_int_equal(
		deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY),
		Z_OK);
	z.next_in = ar.b + from;
	z.avail_in = (uInt)(ar.len - from);
	z.next_out = tmp;
	z.avail_out = sizeof(tmp);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	assert_true(from + shift + z.total_out <= AR_MAX);
	memset(ar.b + from, 0, shift);
	memcpy(ar.b + from + shift, tmp, z.total_out);
	ar.len = from + shift + z.total_out;
	deflateEnd(&z);
}

static void ar_gzip_from(size_t from)
{
	ar_gzip_shifted(from, 0);
}

static void ar_zeros(size_t n)
{
	memset(ar.b + ar.len, 0, n);
	ar.len += n;
}

/* Raw archives, gzip members (one holding two archives and padding),
 * NULs between them at any offset, as Linux's unpack_to_rootfs takes. */
static void test_initfs_gzip(void **state)
{
	struct inode *root = tree_new_root();
	size_t from;

	(void)state;
	ar_reset();
	ar_dir("a");
	ar_file("a/raw", "raw one");
	ar_trailer();
	from = ar.len;
	ar_dir("b");
	ar_file("b/gz", "gzip one");
	ar_file("a/raw", "replaced by the gzip member");
	ar_trailer();
	ar_zeros(8);
	ar_file("b/second", "second archive in the member");
	ar_trailer();
	ar_zeros(5);
	ar_gzip_shifted(from, 3);
	while (ar.len & 3)
		ar.b[ar.len++] = 0;
	from = ar.len;
	ar_file("c", "another member");
	ar_trailer();
	ar_gzip_shifted(from, 1);
	ar_zeros(7);
	while (ar.len & 3)
		ar.b[ar.len++] = 0;
	ar_file("d", "raw again");
	ar_trailer();
	ar_zeros(2);
	assert_int_equal(unpack(root), 8);
	expect_text(root, "a/raw", "replaced by the gzip member");
	expect_text(root, "b/gz", "gzip one");
	expect_text(root, "b/second", "second archive in the member");
	expect_text(root, "c", "another member");
	expect_text(root, "d", "raw again");
	assert_int_equal(log_capture_count(), 0);
	tree_destroy(root);
	assert_int_equal(fs_env_live_allocs, 0);
}

/* A member whose output is many times its size: the buffer doubles. */
static void test_initfs_gzip_grows(void **state)
{
	struct inode *root = tree_new_root();
	static char big[200 * 1024];
	struct inode *f;

	(void)state;
	memset(big, 'z', sizeof(big) - 1);
	ar_reset();
	ar_entry("big", S_IFREG | 0644, 0, 1, big);
	ar_trailer();
	ar_gzip_from(0);
	assert_true(ar.len * 4 < sizeof(big));
	assert_int_equal(unpack(root), 1);
	f = get(root, "big");
	assert_non_null(f);
	assert_int_equal(f->i_size, sizeof(big) - 1);
	/* over the limit: -ENOSPC, logged, nothing of it unpacked */
	tree_destroy(root);
	root = tree_new_root();
	initfs_gzip_limit = 128 * 1024;
	log_capture_start();
	assert_int_equal(unpack(root), -ENOSPC);
	initfs_gzip_limit = INITFS_GZIP_LIMIT;
	assert_null(get(root, "big"));
	assert_true(log_capture_contains("test: offset 0: gzip: the output is "
					 "larger than the limit (error -28)"));
	assert_true(log_capture_contains("(limit 131072)"));
	tree_destroy(root);
	/* no memory for the output, at first or when it doubles */
	for (long n = 3; n < 5; n++) {
		root = tree_new_root();
		fs_env_allocs_left = n;
		assert_int_equal(unpack(root), -ENOMEM);
		fs_env_allocs_left = -1;
		tree_destroy(root);
	}
	assert_true(log_capture_contains("no memory for"));
	assert_int_equal(fs_env_live_allocs, 0);
}

/* A broken member: what it gave before the problem stays; then stop. */
static void test_initfs_gzip_hostile(void **state)
{
	struct inode *root = tree_new_root();
	static char filler[4096];
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(filler) - 1; i++)
		filler[i] = (char)('a' + (i * 7919) % 26);
	ar_reset();
	ar_file("first", filler);
	ar_file("second", filler);
	ar_file("third", filler);
	ar_trailer();
	ar_gzip_from(0);
	len = ar.len;
	/* truncated: the complete entries stay */
	ar.len = len - 8 - len / 3;
	log_capture_start();
	assert_int_equal(unpack(root), -ENODATA);
	assert_non_null(get(root, "first"));
	assert_null(get(root, "third"));
	assert_true(log_capture_contains("test: offset 0: gzip: the stream is "
					 "truncated (error -61)"));
	assert_true(log_capture_contains("unpacking stopped (error -61)"));
	tree_destroy(root);
	/* a wrong CRC32 in the trailer */
	root = tree_new_root();
	ar.len = len;
	ar.b[len - 8] ^= 1;
	log_capture_start();
	assert_int_equal(unpack(root), -EBADMSG);
	assert_true(log_capture_contains("CRC32 or ISIZE mismatch"));
	ar.b[len - 8] ^= 1;
	tree_destroy(root);
	/* a reserved FLG bit */
	root = tree_new_root();
	ar.b[3] |= 0x80;
	log_capture_start();
	assert_int_equal(unpack(root), -EINVAL);
	assert_true(log_capture_contains("malformed data"));
	ar.b[3] &= 0x7f;
	tree_destroy(root);
	/* junk inside the member's output */
	root = tree_new_root();
	ar_reset();
	ar_file("ok", "1");
	ar_trailer();
	memcpy(ar.b + ar.len, "junk", 4);
	ar.len += 4;
	ar_gzip_from(0);
	log_capture_start();
	assert_int_equal(unpack(root), -EINVAL);
	assert_non_null(get(root, "ok"));
	assert_true(log_capture_contains("truncated header"));
	tree_destroy(root);
	assert_int_equal(fs_env_live_allocs, 0);
}

/* Not an archive, not gzip: the format named when Linux knows it. */
static void expect_bad_magic(const void *bytes, size_t n, const char *msg)
{
	struct inode *root = tree_new_root();

	ar_reset();
	ar_file("before", "kept");
	ar_trailer();
	memcpy(ar.b + ar.len, bytes, n);
	ar.len += n;
	ar_file("after", "never");
	ar_trailer();
	log_capture_start();
	assert_int_equal(unpack(root), -EINVAL);
	assert_non_null(get(root, "before"));
	assert_null(get(root, "after"));
	if (!log_capture_contains(msg))
		fail_msg("log \"%s\" lacks \"%s\"", log_capture_text(), msg);
	tree_destroy(root);
}

static void test_initfs_bad_magic(void **state)
{
	(void)state;
	expect_bad_magic("\x28\xb5\x2f\xfd", 4,
			 "compression method zstd not configured");
	expect_bad_magic("BZh9", 4, "compression method bzip2 not configured");
	expect_bad_magic("\xfd"
			 "7zXZ",
			 5, "method xz not configured");
	expect_bad_magic("\x1f\x9e", 2, "method gzip (old) not configured");
	expect_bad_magic("x", 1,
			 "test: offset 248: invalid magic at start of "
			 "compressed archive (byte 0x78)");
	expect_bad_magic("\x1f", 1, "invalid magic");
	expect_bad_magic("\0"
			 "0",
			 2, "a \"0\" not at a 4-byte boundary");
}

static void test_initfs_too_many_links(void **state)
{
	struct inode *root = tree_new_root();
	char name[32];

	(void)state;
	ar_reset();
	for (uint32_t i = 0; i <= INITFS_MAX_LINKS; i++) {
		snprintf(name, sizeof(name), "%u", i);
		ar_entry(name, S_IFREG | 0644, i + 1, 2, NULL);
	}
	ar_trailer();
	assert_int_equal(unpack(root), -ENOSPC);
	assert_non_null(get(root, "1023"));
	assert_null(get(root, "1024"));
	tree_destroy(root);
}

static void test_initfs_nomem(void **state)
{
	struct inode *root = tree_new_root();

	(void)state;
	ar_reset();
	ar_dir("d");
	ar_file("d/f", "contents");
	ar_trailer();
	/* each of the three buffers, then the dir, its name, the file,
	 * its name, its contents */
	tree_destroy(root);
	for (long n = 0; n < 8; n++) {
		root = tree_new_root();
		fs_env_allocs_left = n;
		assert_int_equal(unpack(root), -ENOMEM);
		fs_env_allocs_left = -1;
		tree_destroy(root);
	}
	root = tree_new_root();
	fs_env_allocs_left = 8;
	assert_int_equal(unpack(root), 2);
	fs_env_allocs_left = -1;
	expect_text(root, "d/f", "contents");
	tree_destroy(root);
}

/* ------------------------------------------------------------------ */
/* tree.c: rename, ancestors, attributes, times, statx (the fsc calls) */

static void test_tree_rename_files(void **state)
{
	struct inode *root = tree_new_root(), *a, *b, *d;

	(void)state;
	a = mkfile(root, "a", "A");
	b = mkfile(root, "b", "B");
	d = mkdir_(root, "d", 0755);
	/* to a new name, in the same and in another directory */
	assert_int_equal(tree_rename(root, N("a"), root, N("c"), 0), 0);
	assert_null(tree_lookup(root, N("a")));
	assert_ptr_equal(tree_lookup(root, N("c")), a);
	assert_int_equal(tree_rename(root, N("c"), d, N("a"), 0), 0);
	assert_ptr_equal(tree_lookup(d, N("a")), a);
	assert_int_equal(a->i_nlink, 1);
	/* over an existing file: it goes */
	assert_int_equal(tree_rename(d, N("a"), root, N("b"), 0), 0);
	assert_ptr_equal(tree_lookup(root, N("b")), a);
	assert_null(tree_lookup(d, N("a")));
	/* NOREPLACE, EXCHANGE */
	b = mkfile(root, "x", "X");
	assert_int_equal(
		tree_rename(root, N("b"), root, N("x"), RENAME_NOREPLACE),
		-EEXIST);
	assert_int_equal(
		tree_rename(root, N("b"), root, N("x"), RENAME_EXCHANGE), 0);
	assert_ptr_equal(tree_lookup(root, N("b")), b);
	assert_ptr_equal(tree_lookup(root, N("x")), a);
	assert_int_equal(
		tree_rename(root, N("b"), root, N("none"), RENAME_EXCHANGE),
		-ENOENT);
	assert_int_equal(tree_rename(root, N("b"), root, N("y"),
				     RENAME_EXCHANGE | RENAME_NOREPLACE),
			 -EINVAL);
	assert_int_equal(
		tree_rename(root, N("b"), root, N("y"), RENAME_WHITEOUT),
		-EINVAL);
	assert_int_equal(tree_rename(root, N("none"), root, N("y"), 0),
			 -ENOENT);
	assert_int_equal(tree_rename(root, N("b"), root, N(".."), 0), -EINVAL);
	assert_int_equal(tree_rename(b, N("b"), root, N("y"), 0), -ENOTDIR);
	/* two names of one inode: nothing happens */
	assert_int_equal(tree_link(root, N("b2"), b), 0);
	assert_int_equal(tree_rename(root, N("b"), root, N("b2"), 0), 0);
	assert_ptr_equal(tree_lookup(root, N("b")), b);
	assert_int_equal(b->i_nlink, 2);
	/* a file over a directory, and the reverse */
	assert_int_equal(tree_rename(root, N("b"), root, N("d"), 0), -EISDIR);
	assert_int_equal(tree_rename(root, N("d"), root, N("b"), 0), -ENOTDIR);
	/* out of memory: nothing changes */
	fs_env_allocs_left = 0;
	assert_int_equal(tree_rename(root, N("b"), root, N("new"), 0), -ENOMEM);
	fs_env_allocs_left = -1;
	assert_ptr_equal(tree_lookup(root, N("b")), b);
	tree_destroy(root);
}

static void test_tree_rename_dirs(void **state)
{
	struct inode *root = tree_new_root(), *a, *b, *sub, *e, *gone;

	(void)state;
	a = mkdir_(root, "a", 0755);
	b = mkdir_(root, "b", 0755);
	sub = mkdir_(a, "sub", 0755);
	e = mkdir_(root, "e", 0755);
	assert_int_equal(e->i_nlink, 2);
	assert_int_equal(root->i_nlink, 5);
	assert_true(tree_is_ancestor(root, sub));
	assert_true(tree_is_ancestor(sub, sub));
	assert_false(tree_is_ancestor(sub, a));
	assert_false(tree_is_ancestor(a, mkfile(root, "f", NULL)));
	/* never below itself; an ancestor target is "not empty" */
	assert_int_equal(tree_rename(root, N("a"), sub, N("x"), 0), -EINVAL);
	assert_int_equal(tree_rename(root, N("a"), a, N("x"), 0), -EINVAL);
	assert_int_equal(tree_rename(a, N("sub"), root, N("a"), 0), -ENOTEMPTY);
	assert_int_equal(
		tree_rename(a, N("sub"), root, N("a"), RENAME_EXCHANGE),
		-EINVAL);
	assert_int_equal(tree_rename(root, N("b"), root, N("a"), 0),
			 -ENOTEMPTY);
	/* moving changes the ".." links */
	assert_int_equal(tree_rename(a, N("sub"), b, N("s"), 0), 0);
	assert_ptr_equal(sub->i_parent, b);
	assert_int_equal(a->i_nlink, 2);
	assert_int_equal(b->i_nlink, 3);
	/* over an empty directory: it goes */
	assert_int_equal(tree_rename(root, N("a"), root, N("e"), 0), 0);
	assert_ptr_equal(tree_lookup(root, N("e")), a);
	assert_int_equal(root->i_nlink, 4);
	/* exchange a directory and a file in different directories */
	assert_int_equal(tree_rename(root, N("e"), b, N("s"), RENAME_EXCHANGE),
			 0);
	assert_ptr_equal(a->i_parent, b);
	assert_ptr_equal(sub->i_parent, root);
	assert_int_equal(
		tree_rename(root, N("e"), b, N("f2"), RENAME_NOREPLACE), 0);
	assert_ptr_equal(sub->i_parent, b);
	/* a removed directory takes no names */
	gone = mkdir_(root, "gone", 0755);
	tree_iget(gone);
	assert_int_equal(tree_unlink(root, N("gone"), true), 0);
	assert_int_equal(tree_rename(root, N("f"), gone, N("x"), 0), -ENOENT);
	tree_iput(gone);
	tree_destroy(root);
}

static void test_tree_may_delete(void **state)
{
	struct inode *root = tree_new_root(), *t, *f;

	(void)state;
	t = mkdir_(root, "tmp", 01777);
	f = mkfile(t, "f", NULL);
	f->i_uid = 5;
	assert_int_equal(tree_may_delete(t, f, 5, 5), 0);
	assert_int_equal(tree_may_delete(t, f, 6, 6), -EPERM);
	assert_int_equal(tree_may_delete(t, f, 0, 0), 0);
	t->i_uid = 6;
	assert_int_equal(tree_may_delete(t, f, 6, 6), 0);
	t->i_mode = S_IFDIR | 0755;
	assert_int_equal(tree_may_delete(t, f, 5, 5), -EACCES);
	tree_destroy(root);
}

static void test_tree_chmod_chown(void **state)
{
	struct inode *root = tree_new_root(), *f, *d;

	(void)state;
	f = mkfile(root, "f", NULL);
	d = mkdir_(root, "d", 0755);
	f->i_uid = 5;
	f->i_gid = 5;
	assert_int_equal(tree_chmod(f, 0170777, 6, 6), -EPERM);
	assert_int_equal(tree_chmod(f, 0172777, 5, 7), 0);
	assert_int_equal(f->i_mode, S_IFREG | 0777); /* S_ISGID dropped */
	assert_int_equal(tree_chmod(f, 06755, 5, 5), 0);
	assert_int_equal(f->i_mode, S_IFREG | 06755);
	/* the owner: group to its own only, owner never */
	assert_int_equal(tree_chown(f, 6, (gid_t)-1, 5, 5), -EPERM);
	assert_int_equal(tree_chown(f, (uid_t)-1, 9, 5, 5), -EPERM);
	assert_int_equal(tree_chown(f, 5, 5, 6, 5), -EPERM);
	assert_int_equal(f->i_mode, S_IFREG | 06755);
	assert_int_equal(tree_chown(f, 5, 5, 5, 5), 0);
	assert_int_equal(f->i_mode, S_IFREG | 0755);
	f->i_mode = S_IFREG | 02745; /* S_ISGID without group x stays */
	assert_int_equal(tree_chown(f, 9, 9, 0, 0), 0);
	assert_int_equal(f->i_uid, 9);
	assert_int_equal(f->i_gid, 9);
	assert_int_equal(f->i_mode, S_IFREG | 02745);
	d->i_mode = S_IFDIR | 06755; /* a directory keeps its bits */
	assert_int_equal(tree_chown(d, 1, 1, 0, 0), 0);
	assert_int_equal(d->i_mode, S_IFDIR | 06755);
	tree_destroy(root);
}

static void test_tree_utimes(void **state)
{
	struct inode *root = tree_new_root(), *f;
	struct timespec64 t[2] = {{1, 2}, {3, 4}};

	(void)state;
	f = mkfile(root, "f", NULL);
	f->i_uid = 5;
	f->i_mode = S_IFREG | 0646;
	assert_int_equal(tree_utimes(f, t, 5, 5), 0);
	assert_int_equal(f->i_atime.tv_sec, 1);
	assert_int_equal(f->i_mtime.tv_nsec, 4);
	assert_int_equal(tree_utimes(f, t, 6, 6), -EPERM);
	assert_int_equal(tree_utimes(f, NULL, 6, 6), 0); /* may write */
	assert_int_equal(f->i_atime.tv_sec, 1000);
	f->i_mode = S_IFREG | 0644;
	assert_int_equal(tree_utimes(f, NULL, 6, 6), -EACCES);
	t[0].tv_nsec = UTIME_OMIT;
	t[1].tv_nsec = UTIME_OMIT;
	assert_int_equal(tree_utimes(f, t, 6, 6), 0);
	t[1].tv_nsec = UTIME_NOW;
	f->i_atime.tv_sec = 77;
	assert_int_equal(tree_utimes(f, t, 0, 0), 0);
	assert_int_equal(f->i_atime.tv_sec, 77);
	assert_int_equal(f->i_mtime.tv_sec, 1000);
	t[0].tv_nsec = 1000000000;
	assert_int_equal(tree_utimes(f, t, 0, 0), -EINVAL);
	t[0].tv_nsec = -1;
	assert_false(tree_utime_nsec_valid(t[0].tv_nsec));
	assert_true(tree_utime_nsec_valid(UTIME_OMIT));
	t[0].tv_nsec = 8;
	t[0].tv_sec = 9;
	t[1].tv_nsec = UTIME_OMIT;
	assert_int_equal(tree_utimes(f, t, 0, 0), 0);
	assert_int_equal(f->i_atime.tv_sec, 9);
	tree_destroy(root);
}

static void test_tree_statx(void **state)
{
	struct inode *root = tree_new_root(), *f, *c;
	struct linux_statx stx;

	(void)state;
	f = mkfile(root, "f", "hello");
	assert_int_equal(tree_mknod(root, N("c"), S_IFCHR | 0600, 0, 0,
				    MKDEV(4, 300), &c),
			 0);
	tree_fill_statx(f, MKDEV(0, 1), &stx);
	assert_int_equal(stx.stx_mask, STATX_BASIC_STATS);
	assert_int_equal(stx.stx_size, 5);
	assert_int_equal(stx.stx_blocks, 1);
	assert_int_equal(stx.stx_ino, f->i_ino);
	assert_int_equal(stx.stx_mode, S_IFREG | 0644);
	assert_int_equal(stx.stx_mtime.tv_sec, 1000);
	assert_int_equal(stx.stx_dev_minor, 1);
	tree_fill_statx(c, MKDEV(0, 1), &stx);
	assert_int_equal(stx.stx_rdev_major, 4);
	assert_int_equal(stx.stx_rdev_minor, 300);
	tree_destroy(root);
}

/* ------------------------------------------------------------------ */
/* tree_busy: held inodes and mount points below a root, and the root's
 * own references. */
static void test_tree_busy(void **state)
{
	struct inode *root = tree_new_root(), *other = tree_new_root();
	struct inode *d, *e, *f;

	(void)state;
	d = mkdir_(root, "d", 0755);
	e = mkdir_(d, "e", 0755);
	f = mkfile(e, "f", "F");
	mkfile(root, "g", "G");
	assert_false(tree_busy(root, 1));
	/* the root held beyond its owner's references */
	assert_true(tree_busy(root, 0));
	/* an open file deep down, then a working directory */
	tree_iget(f);
	assert_true(tree_busy(root, 1));
	tree_iput(f);
	assert_false(tree_busy(root, 1));
	tree_iget(e);
	assert_true(tree_busy(root, 1));
	tree_iput(e);
	/* a directory something is mounted on */
	d->i_mounted = other;
	assert_true(tree_busy(root, 1));
	d->i_mounted = NULL;
	assert_false(tree_busy(root, 1));
	tree_destroy(other);
	tree_destroy(root);
}

/* Super blocks and mounts */

/* Mount @sb's root on @dir (what fs/super.c does). */
static void mount_on(struct inode *dir, struct inode *mroot)
{
	struct inode *top = dir;

	while (top->i_mounted)
		top = top->i_mounted;
	top->i_mounted = mroot;
	mroot->i_covered = top;
}

static struct super_block *new_sb(void)
{
	struct super_block *sb = fs_alloc(sizeof(*sb));

	assert_non_null(sb);
	assert_non_null(tree_new_sb_root(sb, 01777));
	return sb;
}

static void test_mount_walk(void **state)
{
	struct super_block *sb = new_sb(), *sb2 = new_sb();
	struct inode *root = tree_new_root(), *mnt, *sub, *x, *f, *d, *chr;
	struct inode *m = sb->s_root, *m2 = sb2->s_root;
	struct nameidata nd = {0};
	struct path_last last;

	(void)state;
	fs_env_sb_released = 0;
	ns_root = root;
	assert_int_equal(m->i_mode, S_IFDIR | 01777);
	assert_int_equal(sb->s_inodes, 1);
	mnt = mkdir_(root, "mnt", 0755);
	sub = mkdir_(mnt, "under", 0755); /* hidden by the mount */
	(void)sub;
	tree_symlink(root, N("lnk"), N("mnt/d"), 0, 0, NULL);
	mount_on(mnt, m);
	f = mkfile(m, "f", "x");
	d = mkdir_(m, "d", 0755);
	assert_ptr_equal(f->i_sb, sb);
	assert_ptr_equal(d->i_sb, sb);
	assert_int_equal(sb->s_inodes, 3);
	assert_true(tree_is_mountpoint(mnt));

	/* down into the mounted root, not the covered directory */
	assert_int_equal(walk(root, "/mnt", 0, &x), 0);
	assert_ptr_equal(x, m);
	assert_int_equal(walk(root, "/mnt/f", 0, &x), 0);
	assert_ptr_equal(x, f);
	assert_int_equal(walk(root, "/mnt/under", 0, &x), -ENOENT);
	assert_int_equal(walk(root, "/lnk/", 0, &x), 0);
	assert_ptr_equal(x, d);
	/* ".." at the mounted root: the covered directory's parent */
	assert_int_equal(walk(d, "../..", 0, &x), 0);
	assert_ptr_equal(x, root);
	assert_int_equal(walk(m, "../mnt/./f", 0, &x), 0);
	assert_ptr_equal(x, f);
	/* ... but never above the process root (a chroot into the mount) */
	ns_root = m;
	assert_int_equal(walk(d, "../../../f", 0, &x), 0);
	assert_ptr_equal(x, f);
	assert_int_equal(walk(d, "/", 0, &x), 0);
	assert_ptr_equal(x, m);
	ns_root = root;

	/* stacked: a second mount on the same place hides the first */
	mount_on(mnt, m2);
	assert_ptr_equal(m->i_mounted, m2);
	assert_int_equal(walk(root, "/mnt/f", 0, &x), -ENOENT);
	assert_int_equal(walk(root, "/mnt", 0, &x), 0);
	assert_ptr_equal(x, m2);
	assert_int_equal(walk(m2, "..", 0, &x), 0);
	assert_ptr_equal(x, root);
	/* from a cwd inside the hidden mount, ".." lands on its root, and
	 * through what is mounted on it (as Linux's step into a mount) */
	assert_int_equal(walk(d, "../f", 0, &x), -ENOENT);
	assert_int_equal(walk(d, "..", 0, &x), 0);
	assert_ptr_equal(x, m2);
	assert_int_equal(walk(d, "../../mnt", 0, &x), 0);
	assert_ptr_equal(x, m2);

	/* path_parent: the last directory is the mounted root */
	nd.root = root;
	nd.start = root;
	assert_int_equal(path_parent(&nd, "/mnt/new", &last), 0);
	assert_ptr_equal(last.dir, m2);
	assert_int_equal(tree_mknod(last.dir, last.name, last.len,
				    S_IFCHR | 0600, 0, 0, MKDEV(1, 3), &chr),
			 0);
	assert_ptr_equal(chr->i_sb, sb2);

	/* no hard link across super blocks */
	assert_int_equal(tree_link(root, N("hl"), f), -EXDEV);
	assert_int_equal(tree_link(m2, N("hl"), f), -EXDEV);
	assert_int_equal(tree_link(m, N("hl"), f), 0);

	/* unmount the top one: the one under shows again */
	m->i_mounted = NULL;
	m2->i_covered = NULL;
	sb2->s_dead = true;
	tree_destroy(m2); /* the last inode releases the super block */
	assert_int_equal(fs_env_sb_released, 1);
	assert_int_equal(walk(root, "/mnt/f", 0, &x), 0);
	assert_ptr_equal(x, f);

	/* a held inode keeps an unmounted super block */
	tree_iget(f);
	mnt->i_mounted = NULL;
	m->i_covered = NULL;
	sb->s_dead = true;
	tree_destroy(m);
	assert_int_equal(fs_env_sb_released, 1);
	assert_int_equal(sb->s_inodes, 1);
	tree_iput(f);
	assert_int_equal(fs_env_sb_released, 2);
	assert_int_equal(walk(root, "/mnt/under", 0, &x), 0);
	tree_destroy(root);
}

/* A dynamic directory and a computed symlink (as /proc has). */
static int reval_calls, reval_err;

static int dyn_revalidate(struct inode *inode)
{
	reval_calls++;
	if (reval_err)
		return reval_err;
	if (S_ISLNK(inode->i_mode))
		return tree_set_link(inode, N("target"));
	if (!tree_lookup(inode, N("target")))
		return tree_mknod(inode, N("target"), S_IFREG | 0444, 0, 0, 0,
				  NULL);
	return 0;
}

static const struct inode_operations dyn_iops = {
	.revalidate = dyn_revalidate,
};

static void test_revalidate(void **state)
{
	struct inode *root = tree_new_root(), *dir, *lnk, *x;

	(void)state;
	ns_root = root;
	reval_calls = 0;
	reval_err = 0;
	dir = mkdir_(root, "dyn", 0555);
	dir->i_op = &dyn_iops;
	assert_int_equal(tree_symlink(dir, N("self"), N("x"), 0, 0, &lnk), 0);
	lnk->i_op = &dyn_iops;
	assert_int_equal(walk(root, "/dyn/target", 0, &x), 0);
	assert_true(S_ISREG(x->i_mode));
	assert_int_equal(reval_calls, 1);
	assert_int_equal(walk(root, "/dyn/self", LOOKUP_FOLLOW, &x), 0);
	assert_true(S_ISREG(x->i_mode));
	assert_int_equal(lnk->i_size, 6);
	assert_memory_equal(lnk->i_data, "target", 7);
	/* the directory (twice: "self", then the target) and the link */
	assert_int_equal(reval_calls, 4);
	/* an unchanged target keeps its buffer */
	{
		void *before = lnk->i_data;

		assert_int_equal(tree_set_link(lnk, N("target")), 0);
		assert_ptr_equal(lnk->i_data, before);
	}
	/* errors */
	assert_int_equal(tree_set_link(dir, N("a")), -EINVAL);
	assert_int_equal(tree_set_link(lnk, "", 0), -EINVAL);
	assert_int_equal(tree_set_link(lnk, "a\0b", 3), -EINVAL);
	fs_env_allocs_left = 0;
	assert_int_equal(tree_set_link(lnk, N("other")), -ENOMEM);
	fs_env_allocs_left = -1;
	assert_memory_equal(lnk->i_data, "target", 7);
	reval_err = -ESRCH;
	assert_int_equal(walk(root, "/dyn/target", 0, &x), -ESRCH);
	assert_int_equal(walk(root, "/dyn/self", LOOKUP_FOLLOW, &x), -ESRCH);
	reval_err = 0;
	/* tree_clear empties a directory */
	tree_clear(dir);
	assert_null(dir->i_children);
	tree_destroy(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_rename_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_rename_dirs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_may_delete, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_chmod_chown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_utimes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_statx, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_nomem, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_contents, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_symlink, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_path_of, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_permission, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_stat, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_getdents, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_dcache, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_dcache_grows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_namei, setup, teardown),
		cmocka_unit_test_setup_teardown(test_namei_symlink_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_namei_parent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_basic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_replace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_skipped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_hostile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_gzip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_gzip_grows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_gzip_hostile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_bad_magic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_initfs_too_many_links,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_initfs_nomem, setup,
						teardown),
		/* vfs: super blocks, mounts, dynamic inodes */
		cmocka_unit_test_setup_teardown(test_mount_walk, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_revalidate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tree_busy, setup,
						teardown),
	};

	fs_env_time = (struct timespec64){.tv_sec = 1000, .tv_nsec = 5};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
