// SPDX-License-Identifier: MIT
/*
 * Benchmark of name lookup in the file tree (fs/tree.c) on the host.
 * Prints "name: value unit".
 *
 * For N = 10, 1,000 and 100,000 names in one directory (plus 1,000 names
 * in each of 16 other directories, so the dentry cache holds more than the
 * one directory):
 *
 *   lookup_hit_N       tree_lookup of a name that exists
 *   lookup_miss_N      tree_lookup of a name that does not (what open
 *                      with O_CREAT, or a PATH search, asks first)
 *   list_walk_hit_N    the same hits found by walking the directory's
 *                      list, as keel looked names up before the dentry
 *                      cache: the figure it is compared with
 *
 * ns per lookup, the best of several rounds (the machine is shared). The
 * names come from a table made before the clock starts; every result is
 * checked once before the timed rounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/tree.h"
#include "hosttest/bench/bench_util.h"
#include "hosttest/support/fs_env.h"

#define ROUNDS 5
#define LOOKUPS (1UL << 20)
#define OTHER_DIRS 16
#define OTHER_NAMES 1000

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: reproducible. */
static unsigned long rnd(unsigned long n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned long)((rng_state * 0x2545f4914f6cdd1dULL) % n);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_dcache: %s\n", what);
	exit(1);
}

static void name_of(char *buf, size_t size, unsigned long i, bool hit)
{
	/* names as busybox's applets and /proc's pids look: short */
	snprintf(buf, size, "%s%lu", hit ? "file-" : "none-", i);
}

static struct inode *walk_lookup(const struct inode *dir, const char *name,
				 size_t len)
{
	for (const struct fs_dirent *d = dir->i_children; d; d = d->next)
		if (d->namelen == len && memcmp(d->name, name, len) == 0)
			return d->inode;
	return NULL;
}

struct query {
	char name[24];
	size_t len;
};

static double best_ns(const struct inode *dir, const struct query *q, bool walk)
{
	uint64_t best = UINT64_MAX;
	volatile uintptr_t sink = 0;

	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = bench_now_ns(), dt;

		for (unsigned long i = 0; i < LOOKUPS; i++)
			sink += (uintptr_t)(walk ? walk_lookup(dir, q[i].name,
							       q[i].len)
						 : tree_lookup(dir, q[i].name,
							       q[i].len));
		dt = bench_now_ns() - t0;
		if (dt < best)
			best = dt;
	}
	(void)sink;
	return (double)best / LOOKUPS;
}

static void run(unsigned long n)
{
	struct inode *root = tree_new_root(), *dir = NULL, *other;
	struct query *hit = malloc(LOOKUPS * sizeof(*hit));
	struct query *miss = malloc(LOOKUPS * sizeof(*miss));
	char name[24];
	unsigned long walk_lookups;

	if (!root || !hit || !miss)
		die("out of memory");
	if (tree_mknod(root, "big", 3, S_IFDIR | 0755, 0, 0, 0, &dir))
		die("mkdir big");
	for (unsigned long i = 0; i < n; i++) {
		name_of(name, sizeof(name), i, true);
		if (tree_mknod(dir, name, strlen(name), S_IFREG | 0644, 0, 0, 0,
			       NULL))
			die("mknod");
	}
	for (int d = 0; d < OTHER_DIRS; d++) {
		snprintf(name, sizeof(name), "other%d", d);
		if (tree_mknod(root, name, strlen(name), S_IFDIR | 0755, 0, 0,
			       0, &other))
			die("mkdir other");
		for (unsigned long i = 0; i < OTHER_NAMES; i++) {
			name_of(name, sizeof(name), i, true);
			if (tree_mknod(other, name, strlen(name),
				       S_IFREG | 0644, 0, 0, 0, NULL))
				die("mknod other");
		}
	}
	for (unsigned long i = 0; i < LOOKUPS; i++) {
		name_of(hit[i].name, sizeof(hit[i].name), rnd(n), true);
		hit[i].len = strlen(hit[i].name);
		name_of(miss[i].name, sizeof(miss[i].name), rnd(n), false);
		miss[i].len = strlen(miss[i].name);
		if (i < 4096 &&
		    (!tree_lookup(dir, hit[i].name, hit[i].len) ||
		     tree_lookup(dir, hit[i].name, hit[i].len) !=
			     walk_lookup(dir, hit[i].name, hit[i].len) ||
		     tree_lookup(dir, miss[i].name, miss[i].len)))
			die("a lookup is wrong");
	}
	printf("lookup_hit_%lu: %.1f ns\n", n, best_ns(dir, hit, false));
	printf("lookup_miss_%lu: %.1f ns\n", n, best_ns(dir, miss, false));
	/* the list walk is O(n): fewer lookups at 100,000 names */
	walk_lookups = n > 1000 ? 0 : 1;
	if (walk_lookups)
		printf("list_walk_hit_%lu: %.1f ns\n", n,
		       best_ns(dir, hit, true));
	else {
		uint64_t t0 = bench_now_ns();
		volatile uintptr_t sink = 0;

		for (unsigned long i = 0; i < 2000; i++)
			sink += (uintptr_t)walk_lookup(dir, hit[i].name,
						       hit[i].len);
		(void)sink;
		printf("list_walk_hit_%lu: %.1f ns\n", n,
		       (double)(bench_now_ns() - t0) / 2000);
	}
	tree_destroy(root);
	free(hit);
	free(miss);
}

int main(void)
{
	struct tree_dcache_stats st;

	run(10);
	run(1000);
	run(100000);
	tree_dcache_stats(&st);
	if (st.entries)
		die("names left in the dentry cache");
	return 0;
}
