// SPDX-License-Identifier: MIT
/*
 * Host tests of mm/vma: lookups, insert, split and merge, map (MAP_FIXED),
 * unmap and protect with their cuts and merges, every allocation failure
 * leaving the tree as it was, bad arguments, get_unmapped_area with hint
 * and guard gap, stack growth, vma_tree_check catching each corruption,
 * and a random walk against a per-page model.
 *
 * Expected layouts are written from the semantics (addresses as pages
 * from BASE), never copied from a run.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/lib/errno.h"
#include "mm/vma.h"

#define P PAGE_SIZE
#define BASE 0x40000000UL
/* Address of page @n counted from BASE. */
#define PG(n) (BASE + (unsigned long)(n)*P)
#define ANON(addr) ((addr) >> PAGE_SHIFT)
#define RW (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)
#define RO (VM_READ | VM_MAYREAD | VM_MAYWRITE)
#define RX (VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC)
#define STACK (RW | VM_GROWSDOWN)
#define GAP DEFAULT_STACK_GUARD_GAP

static struct vma_tree tree;
static char file_a, file_b; /* two distinct "files" */

/* The allocator: counts live structs, fails the fail_at-th call from now. */
static long live, alloc_calls, failures;
static long fail_at = -1;

static struct vm_area_struct *counting_alloc(void *arg)
{
	assert_ptr_equal(arg, &tree);
	alloc_calls++;
	if (fail_at == 0) {
		fail_at = -1;
		failures++;
		return NULL;
	}
	if (fail_at > 0)
		fail_at--;
	live++;
	return memset(malloc(sizeof(struct vm_area_struct)), 0x5a,
		      sizeof(struct vm_area_struct));
}

static void counting_free(struct vm_area_struct *vma, void *arg)
{
	assert_ptr_equal(arg, &tree);
	assert_non_null(vma);
	live--;
	free(vma);
}

static int setup(void **state)
{
	(void)state;
	live = alloc_calls = failures = 0;
	fail_at = -1;
	return vma_tree_init(&tree, TASK_SIZE_4LEVEL, DEFAULT_MMAP_MIN_ADDR,
			     counting_alloc, counting_free, &tree);
}

static int teardown(void **state)
{
	unsigned long n = tree.map_count;

	(void)state;
	assert_int_equal(vma_tree_destroy(&tree), n);
	assert_int_equal(tree.map_count, 0);
	assert_null(vma_first(&tree));
	assert_int_equal(live, 0);
	return 0;
}

/* One VMA as a test expects or records it. */
struct want {
	unsigned long start, end, flags, pgoff;
	void *file;
};

struct snapshot {
	size_t n;
	struct want v[64];
	long live;
};

static void take_snapshot(struct snapshot *s)
{
	struct vm_area_struct *vma;

	s->n = 0;
	for_each_vma(&tree, vma)
	{
		assert_true(s->n < ARRAY_SIZE(s->v));
		s->v[s->n++] =
			(struct want){vma->vm_start, vma->vm_end, vma->vm_flags,
				      vma->vm_pgoff, vma->vm_file};
	}
	s->live = live;
}

static void assert_same(const struct snapshot *a, const struct snapshot *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->live, b->live);
	assert_memory_equal(a->v, b->v, a->n * sizeof(a->v[0]));
}

/* The tree is valid, fully merged and holds exactly @w[0..n). */
static void check_vmas(const struct want *w, size_t n)
{
	struct snapshot s;

	assert_int_equal(vma_tree_check(&tree, true), 0);
	take_snapshot(&s);
	assert_int_equal(s.n, n);
	assert_int_equal(tree.map_count, n);
	assert_int_equal(live, (long)n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s.v[i].start, w[i].start);
		assert_int_equal(s.v[i].end, w[i].end);
		assert_int_equal(s.v[i].flags, w[i].flags);
		assert_int_equal(s.v[i].pgoff, w[i].pgoff);
		assert_ptr_equal(s.v[i].file, w[i].file);
	}
}

#define EXPECT(...)                                                            \
	do {                                                                   \
		const struct want w_[] = {__VA_ARGS__};                        \
		check_vmas(w_, ARRAY_SIZE(w_));                                \
	} while (0)
#define EXPECT_EMPTY() check_vmas(NULL, 0)
/* An anonymous VMA over pages [a, b) from BASE. */
#define A(a, b, fl)                                                            \
	{                                                                      \
		PG(a), PG(b), (fl), ANON(PG(a)), NULL                          \
	}
/* A VMA of @f over pages [a, b), page a being file page @off. */
#define F(a, b, fl, f, off)                                                    \
	{                                                                      \
		PG(a), PG(b), (fl), (off), (f)                                 \
	}

static void map_ok(unsigned long a, unsigned long b, unsigned long flags,
		   void *file, unsigned long pgoff)
{
	assert_int_equal(
		vma_map(&tree, PG(a), PG(b) - PG(a), flags, file, pgoff), 0);
}

/* ---- set-up and lookups ---- */

static void test_init(void **state)
{
	struct vma_tree t;

	(void)state;
	assert_int_equal(vma_tree_init(&t, TASK_SIZE_4LEVEL + 1, 0,
				       counting_alloc, counting_free, NULL),
			 -EINVAL);
	assert_int_equal(vma_tree_init(&t, TASK_SIZE_4LEVEL, 0x1001,
				       counting_alloc, counting_free, NULL),
			 -EINVAL);
	assert_int_equal(vma_tree_init(&t, SZ_1M, SZ_1M, counting_alloc,
				       counting_free, NULL),
			 -EINVAL);
	assert_int_equal(vma_tree_init(&t, SZ_1M, 0, NULL, counting_free, NULL),
			 -EINVAL);
	assert_int_equal(
		vma_tree_init(&t, SZ_1M, 0, counting_alloc, NULL, NULL),
		-EINVAL);
	assert_int_equal(vma_tree_init(&t, TASK_SIZE_5LEVEL, 0, counting_alloc,
				       counting_free, NULL),
			 0);
	assert_int_equal(t.task_size, TASK_SIZE_5LEVEL);
	assert_int_equal(t.mmap_min_addr, 0);
	assert_int_equal(t.stack_guard_gap, 256 * P);
	assert_int_equal(t.map_count, 0);
	assert_null(vma_first(&t));
	assert_null(vma_last(&t));
	assert_null(find_vma(&t, 0));
	assert_int_equal(vma_tree_check(&t, true), 0);
	assert_int_equal(vma_tree_destroy(&t), 0);
}

static void test_find(void **state)
{
	struct vm_area_struct *prev, *v1, *v2, *v3;

	(void)state;
	map_ok(2, 4, RW, NULL, 0);
	map_ok(6, 7, RO, NULL, 0);
	map_ok(9, 12, RX, NULL, 0);
	EXPECT(A(2, 4, RW), A(6, 7, RO), A(9, 12, RX));
	v1 = vma_first(&tree);
	v2 = vma_next(v1);
	v3 = vma_last(&tree);
	assert_ptr_equal(vma_next(v2), v3);
	assert_ptr_equal(vma_prev(v3), v2);
	assert_null(vma_prev(v1));
	assert_null(vma_next(v3));

	/* find_vma: the first VMA that ends above the address. */
	assert_ptr_equal(find_vma(&tree, 0), v1);
	assert_ptr_equal(find_vma(&tree, PG(2) - 1), v1);
	assert_ptr_equal(find_vma(&tree, PG(2)), v1);
	assert_ptr_equal(find_vma(&tree, PG(4) - 1), v1);
	assert_ptr_equal(find_vma(&tree, PG(4)), v2);
	assert_ptr_equal(find_vma(&tree, PG(6) + 5), v2);
	assert_ptr_equal(find_vma(&tree, PG(7)), v3);
	assert_ptr_equal(find_vma(&tree, PG(11) + P - 1), v3);
	assert_null(find_vma(&tree, PG(12)));
	assert_null(find_vma(&tree, ULONG_MAX));

	assert_ptr_equal(find_vma_prev(&tree, PG(1), &prev), v1);
	assert_null(prev);
	assert_ptr_equal(find_vma_prev(&tree, PG(5), &prev), v2);
	assert_ptr_equal(prev, v1);
	assert_ptr_equal(find_vma_prev(&tree, PG(10), &prev), v3);
	assert_ptr_equal(prev, v2);
	assert_null(find_vma_prev(&tree, PG(20), &prev));
	assert_ptr_equal(prev, v3);

	assert_ptr_equal(find_vma_intersection(&tree, PG(0), PG(3)), v1);
	assert_null(find_vma_intersection(&tree, PG(0), PG(2)));
	assert_null(find_vma_intersection(&tree, PG(4), PG(6)));
	assert_ptr_equal(find_vma_intersection(&tree, PG(4), PG(6) + 1), v2);
	assert_ptr_equal(find_vma_intersection(&tree, PG(5), PG(20)), v2);
	assert_ptr_equal(find_vma_intersection(&tree, PG(11), PG(13)), v3);
	assert_null(find_vma_intersection(&tree, PG(12), PG(20)));
	/* An empty range overlaps nothing, even inside a VMA. */
	assert_null(find_vma_intersection(&tree, PG(3), PG(3)));
}

/* find_vma on a bigger tree, against a linear scan. */
static void test_find_many(void **state)
{
	(void)state;
	for (unsigned long i = 0; i < 200; i++)
		map_ok(3 * i, 3 * i + 1 + i % 2, i % 2 ? RW : RO, NULL, 0);
	assert_int_equal(tree.map_count, 200);
	assert_int_equal(vma_tree_check(&tree, true), 0);
	for (unsigned long a = PG(0) - P; a < PG(601); a += P / 2) {
		struct vm_area_struct *want = NULL, *vma;

		for_each_vma(&tree, vma)
		{
			if (vma->vm_end > a) {
				want = vma;
				break;
			}
		}
		assert_ptr_equal(find_vma(&tree, a), want);
	}
}

/* ---- insert, split, merge ---- */

static struct vm_area_struct *new_vma(unsigned long a, unsigned long b,
				      unsigned long flags, void *file,
				      unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(&tree);

	assert_non_null(vma);
	assert_true(RB_EMPTY_NODE(&vma->vm_rb));
	assert_int_equal(vma->vm_start | vma->vm_end | vma->vm_flags, 0);
	assert_null(vma->vm_file);
	vma->vm_start = PG(a);
	vma->vm_end = PG(b);
	vma->vm_flags = flags;
	vma->vm_file = file;
	vma->vm_pgoff = file ? pgoff : ANON(PG(a));
	return vma;
}

static void test_insert(void **state)
{
	struct vm_area_struct *a, *b, *bad;

	(void)state;
	a = new_vma(4, 8, RW, NULL, 0);
	assert_int_equal(vma_insert(&tree, a), 0);
	EXPECT(A(4, 8, RW));

	/* Overlaps: one page in, around, inside. */
	bad = new_vma(7, 9, RW, NULL, 0);
	assert_int_equal(vma_insert(&tree, bad), -EEXIST);
	bad->vm_start = PG(2);
	bad->vm_end = PG(10);
	assert_int_equal(vma_insert(&tree, bad), -EEXIST);
	bad->vm_start = PG(5);
	bad->vm_end = PG(6);
	assert_int_equal(vma_insert(&tree, bad), -EEXIST);
	/* Empty, unaligned, above task_size. */
	bad->vm_start = bad->vm_end = PG(20);
	assert_int_equal(vma_insert(&tree, bad), -EINVAL);
	bad->vm_end = PG(21) + 1;
	assert_int_equal(vma_insert(&tree, bad), -EINVAL);
	bad->vm_start = PG(20) + 8;
	bad->vm_end = PG(21);
	assert_int_equal(vma_insert(&tree, bad), -EINVAL);
	bad->vm_start = TASK_SIZE_4LEVEL - P;
	bad->vm_end = TASK_SIZE_4LEVEL + P;
	assert_int_equal(vma_insert(&tree, bad), -EINVAL);
	vm_area_free(&tree, bad);
	EXPECT(A(4, 8, RW));

	/* A touching, mergeable VMA is linked as it is... */
	b = new_vma(8, 10, RW, NULL, 0);
	assert_int_equal(vma_insert(&tree, b), 0);
	assert_int_equal(vma_tree_check(&tree, false), 0);
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_UNMERGED);
	assert_int_equal(tree.map_count, 2);
	/* ...and vma_merge joins it to the lower one, which survives. */
	assert_ptr_equal(vma_merge(&tree, b), a);
	EXPECT(A(4, 10, RW));
	/* Nothing to merge: the same VMA comes back. */
	assert_ptr_equal(vma_merge(&tree, a), a);
	EXPECT(A(4, 10, RW));
}

static void test_merge_both_sides(void **state)
{
	struct vm_area_struct *lo, *mid, *hi;

	(void)state;
	lo = new_vma(0, 2, RO, &file_a, 10);
	mid = new_vma(2, 5, RO, &file_a, 12);
	hi = new_vma(5, 6, RO, &file_a, 15);
	assert_int_equal(vma_insert(&tree, hi), 0);
	assert_int_equal(vma_insert(&tree, lo), 0);
	assert_int_equal(vma_insert(&tree, mid), 0);
	assert_true(vma_can_merge(lo, mid));
	assert_true(vma_can_merge(mid, hi));
	assert_false(vma_can_merge(lo, hi)); /* not touching */
	assert_false(vma_can_merge(mid, lo)); /* wrong order */
	assert_ptr_equal(vma_merge(&tree, mid), lo);
	EXPECT(F(0, 6, RO, &file_a, 10));
}

static void test_can_merge_rules(void **state)
{
	struct vm_area_struct a = {.vm_start = PG(0),
				   .vm_end = PG(2),
				   .vm_flags = RW,
				   .vm_pgoff = 7,
				   .vm_file = &file_a};
	struct vm_area_struct b = {.vm_start = PG(2),
				   .vm_end = PG(3),
				   .vm_flags = RW,
				   .vm_pgoff = 9,
				   .vm_file = &file_a};

	(void)state;
	assert_true(vma_can_merge(&a, &b));
	b.vm_pgoff = 10; /* a hole in the file */
	assert_false(vma_can_merge(&a, &b));
	b.vm_pgoff = 8; /* overlapping file pages */
	assert_false(vma_can_merge(&a, &b));
	b.vm_pgoff = 9;
	b.vm_file = &file_b;
	assert_false(vma_can_merge(&a, &b));
	b.vm_file = NULL; /* anonymous next to a file */
	assert_false(vma_can_merge(&a, &b));
	a.vm_file = NULL; /* both anonymous: pgoff does not matter */
	b.vm_pgoff = 12345;
	assert_true(vma_can_merge(&a, &b));
	b.vm_flags = RO;
	assert_false(vma_can_merge(&a, &b));
	b.vm_flags = RW | VM_SHARED;
	assert_false(vma_can_merge(&a, &b));
	a.vm_flags = b.vm_flags = RW | VM_IO;
	assert_false(vma_can_merge(&a, &b));
	a.vm_flags = b.vm_flags = RW | VM_PFNMAP;
	assert_false(vma_can_merge(&a, &b));
	a.vm_flags = b.vm_flags = RW | VM_LOCKED;
	assert_true(vma_can_merge(&a, &b));
	b.vm_start = PG(3);
	assert_false(vma_can_merge(&a, &b));
}

static void test_split(void **state)
{
	struct vm_area_struct *vma, *other;

	(void)state;
	map_ok(0, 8, RX, &file_a, 100);
	vma = vma_first(&tree);

	/* New struct above: vma keeps [0, 3), the new one [3, 8). */
	assert_int_equal(split_vma(&tree, vma, PG(3), false), 0);
	assert_int_equal(vma_tree_check(&tree, false), 0);
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_UNMERGED);
	assert_ptr_equal(vma_first(&tree), vma);
	other = vma_next(vma);
	assert_int_equal(vma->vm_end, PG(3));
	assert_int_equal(other->vm_start, PG(3));
	assert_int_equal(other->vm_end, PG(8));
	assert_int_equal(other->vm_pgoff, 103);
	assert_int_equal(other->vm_flags, RX);
	assert_ptr_equal(other->vm_file, &file_a);

	/* New struct below: other keeps [6, 8). */
	assert_int_equal(split_vma(&tree, other, PG(6), true), 0);
	assert_ptr_equal(vma_last(&tree), other);
	assert_int_equal(other->vm_start, PG(6));
	assert_int_equal(other->vm_pgoff, 106);
	assert_int_equal(vma_next(vma)->vm_start, PG(3));
	assert_int_equal(vma_next(vma)->vm_end, PG(6));
	assert_int_equal(vma_next(vma)->vm_pgoff, 103);
	assert_int_equal(tree.map_count, 3);
	assert_int_equal(vma_tree_check(&tree, false), 0);

	/* Merging the middle one joins all three again. */
	assert_ptr_equal(vma_merge(&tree, vma_next(vma)), vma);
	EXPECT(F(0, 8, RX, &file_a, 100));
}

static void test_split_anon_pgoff(void **state)
{
	struct vm_area_struct *vma;

	(void)state;
	map_ok(10, 14, RW, NULL, 0);
	vma = vma_first(&tree);
	assert_int_equal(split_vma(&tree, vma, PG(12), true), 0);
	/* Anonymous pgoff stays vm_start >> PAGE_SHIFT in both parts. */
	assert_int_equal(vma_first(&tree)->vm_pgoff, ANON(PG(10)));
	assert_int_equal(vma->vm_pgoff, ANON(PG(12)));
	vma_merge(&tree, vma);
	EXPECT(A(10, 14, RW));
}

static void test_split_bad(void **state)
{
	struct vm_area_struct *vma;
	struct snapshot before, after;

	(void)state;
	map_ok(0, 4, RW, NULL, 0);
	vma = vma_first(&tree);
	take_snapshot(&before);
	assert_int_equal(split_vma(&tree, vma, PG(0), false), -EINVAL);
	assert_int_equal(split_vma(&tree, vma, PG(4), true), -EINVAL);
	assert_int_equal(split_vma(&tree, vma, PG(2) + 1, false), -EINVAL);
	assert_int_equal(split_vma(&tree, vma, PG(7), false), -EINVAL);
	assert_int_equal(split_vma(&tree, vma, PG(0) - P, true), -EINVAL);
	assert_int_equal(alloc_calls, 1);
	fail_at = 0;
	assert_int_equal(split_vma(&tree, vma, PG(2), false), -ENOMEM);
	assert_int_equal(failures, 1);
	take_snapshot(&after);
	assert_same(&before, &after);
}

/* ---- map ---- */

static void test_map_one(void **state)
{
	(void)state;
	assert_int_equal(vma_map(&tree, PG(1), 3 * P, RW, NULL, 999), 0);
	/* Anonymous: the pgoff given is ignored. */
	EXPECT(A(1, 4, RW));
	/* A length is rounded up to pages. */
	assert_int_equal(vma_map(&tree, PG(10), 1, RO, NULL, 0), 0);
	assert_int_equal(vma_map(&tree, PG(20), P + 1, RX, &file_a, 5), 0);
	EXPECT(A(1, 4, RW), A(10, 11, RO), F(20, 22, RX, &file_a, 5));
}

static void test_map_merges_anon(void **state)
{
	(void)state;
	map_ok(4, 6, RW, NULL, 0);
	map_ok(6, 8, RW, NULL, 0); /* after */
	EXPECT(A(4, 8, RW));
	map_ok(2, 4, RW, NULL, 0); /* before */
	EXPECT(A(2, 8, RW));
	map_ok(10, 12, RW, NULL, 0); /* a hole between */
	EXPECT(A(2, 8, RW), A(10, 12, RW));
	map_ok(8, 10, RW, NULL, 0); /* fills the hole: three become one */
	EXPECT(A(2, 12, RW));
	assert_int_equal(live, 1);
}

static void test_map_no_merge(void **state)
{
	(void)state;
	map_ok(0, 2, RW, NULL, 0);
	map_ok(2, 4, RO, NULL, 0); /* other flags */
	map_ok(4, 6, RO, &file_a, 0); /* a file after anonymous memory */
	map_ok(6, 8, RO, &file_a, 3); /* the file, not continuing */
	map_ok(8, 10, RO, &file_b, 5); /* another file */
	map_ok(10, 12, RO, NULL, 0); /* anonymous after a file */
	map_ok(12, 13, RO | VM_IO, NULL, 0); /* special: never merged */
	map_ok(13, 14, RO | VM_IO, NULL, 0);
	map_ok(14, 15, RO | VM_SHARED, NULL, 0);
	EXPECT(A(0, 2, RW), A(2, 4, RO), F(4, 6, RO, &file_a, 0),
	       F(6, 8, RO, &file_a, 3), F(8, 10, RO, &file_b, 5), A(10, 12, RO),
	       A(12, 13, RO | VM_IO), A(13, 14, RO | VM_IO),
	       A(14, 15, RO | VM_SHARED));
}

static void test_map_merges_file(void **state)
{
	(void)state;
	map_ok(4, 6, RO, &file_a, 20);
	map_ok(6, 9, RO, &file_a, 22); /* continues the file */
	map_ok(2, 4, RO, &file_a, 18); /* precedes it in the file */
	EXPECT(F(2, 9, RO, &file_a, 18));
	map_ok(10, 12, RO, &file_a, 26);
	map_ok(9, 10, RO, &file_a, 25); /* fills the hole, pgoffs line up */
	EXPECT(F(2, 12, RO, &file_a, 18));
}

static void test_map_fixed_replaces(void **state)
{
	(void)state;
	map_ok(0, 10, RX, &file_a, 50);
	/* Over the middle: the upper part keeps its file offset. */
	map_ok(3, 5, RW, NULL, 0);
	EXPECT(F(0, 3, RX, &file_a, 50), A(3, 5, RW),
	       F(5, 10, RX, &file_a, 55));
	/* Over several VMAs, both ends cut, a hole above. */
	map_ok(14, 16, RO, NULL, 0);
	map_ok(2, 15, RO, &file_b, 7);
	EXPECT(F(0, 2, RX, &file_a, 50), F(2, 15, RO, &file_b, 7),
	       A(15, 16, RO));
	/* Over exactly one VMA, changing nothing but its file. */
	map_ok(2, 15, RO, &file_a, 52);
	EXPECT(F(0, 2, RX, &file_a, 50), F(2, 15, RO, &file_a, 52),
	       A(15, 16, RO));
	/* ...and now with the rights of the first: one file mapping. */
	map_ok(2, 15, RX, &file_a, 52);
	EXPECT(F(0, 15, RX, &file_a, 50), A(15, 16, RO));
	/* The same mapping again, in the middle: no change. */
	map_ok(5, 9, RX, &file_a, 55);
	EXPECT(F(0, 15, RX, &file_a, 50), A(15, 16, RO));
	/* Everything, with one anonymous mapping. */
	map_ok(0, 20, RW, NULL, 0);
	EXPECT(A(0, 20, RW));
}

static void test_map_bad_args(void **state)
{
	struct snapshot before, after;
	unsigned long top = TASK_SIZE_4LEVEL;

	(void)state;
	map_ok(0, 4, RW, NULL, 0);
	take_snapshot(&before);
	assert_int_equal(vma_map(&tree, PG(1) + 1, P, RW, NULL, 0), -EINVAL);
	assert_int_equal(vma_map(&tree, PG(8), 0, RW, NULL, 0), -EINVAL);
	assert_int_equal(vma_map(&tree, PG(8), P, RW | 0x80000000UL, NULL, 0),
			 -EINVAL);
	/* A length whose rounding wraps, an end that wraps, past the top. */
	assert_int_equal(vma_map(&tree, PG(8), ULONG_MAX, RW, NULL, 0),
			 -ENOMEM);
	assert_int_equal(vma_map(&tree, PG(8), ULONG_MAX - PG(8), RW, NULL, 0),
			 -ENOMEM);
	assert_int_equal(vma_map(&tree, top - P, 2 * P, RW, NULL, 0), -ENOMEM);
	assert_int_equal(vma_map(&tree, top, P, RW, NULL, 0), -ENOMEM);
	assert_int_equal(vma_map(&tree, 0UL - P, P, RW, NULL, 0), -ENOMEM);
	/* Below mmap_min_addr. */
	assert_int_equal(vma_map(&tree, 0, P, RW, NULL, 0), -EPERM);
	assert_int_equal(
		vma_map(&tree, DEFAULT_MMAP_MIN_ADDR - P, 2 * P, RW, NULL, 0),
		-EPERM);
	/* File offsets that wrap. */
	assert_int_equal(
		vma_map(&tree, PG(8), 2 * P, RO, &file_a, ULONG_MAX - 1),
		-EOVERFLOW);
	assert_int_equal(vma_map(&tree, PG(8), P, RO, &file_a, ULONG_MAX),
			 -EOVERFLOW);
	take_snapshot(&after);
	assert_same(&before, &after);
	assert_int_equal(alloc_calls, 1);

	/* The edges that are fine: the last page, mmap_min_addr itself. */
	assert_int_equal(vma_map(&tree, top - P, P, RW, NULL, 0), 0);
	assert_int_equal(vma_map(&tree, DEFAULT_MMAP_MIN_ADDR, P, RW, NULL, 0),
			 0);
	assert_int_equal(vma_map(&tree, PG(8), P, RO, &file_a, ULONG_MAX - 1),
			 0);
	assert_int_equal(tree.map_count, 4);
	assert_int_equal(vma_last(&tree)->vm_end, top);
	assert_int_equal(vma_first(&tree)->vm_start, DEFAULT_MMAP_MIN_ADDR);
	assert_int_equal(vma_tree_check(&tree, true), 0);
}

/* ---- unmap ---- */

static void test_unmap_parts(void **state)
{
	(void)state;
	map_ok(0, 10, RO, &file_a, 30);
	assert_int_equal(vma_unmap(&tree, PG(4), 2 * P), 0); /* middle */
	EXPECT(F(0, 4, RO, &file_a, 30), F(6, 10, RO, &file_a, 36));
	assert_int_equal(vma_unmap(&tree, PG(0), P), 0); /* front */
	EXPECT(F(1, 4, RO, &file_a, 31), F(6, 10, RO, &file_a, 36));
	assert_int_equal(vma_unmap(&tree, PG(9), P), 0); /* end */
	EXPECT(F(1, 4, RO, &file_a, 31), F(6, 9, RO, &file_a, 36));
	/* Across the hole: end of one, front of the other. */
	assert_int_equal(vma_unmap(&tree, PG(3), 4 * P), 0);
	EXPECT(F(1, 3, RO, &file_a, 31), F(7, 9, RO, &file_a, 37));
	/* A length that is not a page multiple is rounded up. */
	assert_int_equal(vma_unmap(&tree, PG(7), 1), 0);
	EXPECT(F(1, 3, RO, &file_a, 31), F(8, 9, RO, &file_a, 38));
	/* Exactly one whole VMA. */
	assert_int_equal(vma_unmap(&tree, PG(8), P), 0);
	EXPECT(F(1, 3, RO, &file_a, 31));
	/* Only a hole: fine, nothing happens. */
	assert_int_equal(vma_unmap(&tree, PG(3), 10 * P), 0);
	assert_int_equal(vma_unmap(&tree, PG(100), P), 0);
	EXPECT(F(1, 3, RO, &file_a, 31));
	/* A range around everything. */
	assert_int_equal(vma_unmap(&tree, PG(0), 50 * P), 0);
	EXPECT_EMPTY();
}

static void test_unmap_several(void **state)
{
	(void)state;
	map_ok(0, 2, RW, NULL, 0);
	map_ok(2, 4, RO, NULL, 0);
	map_ok(5, 7, RX, NULL, 0);
	map_ok(7, 8, RW, NULL, 0);
	map_ok(9, 12, RO, NULL, 0);
	/* From inside the first to inside the last, through two holes. */
	assert_int_equal(vma_unmap(&tree, PG(1), PG(10) - PG(1)), 0);
	EXPECT(A(0, 1, RW), A(10, 12, RO));
	assert_int_equal(live, 2);
}

static void test_unmap_bad_args(void **state)
{
	struct snapshot before, after;
	unsigned long top = TASK_SIZE_4LEVEL;

	(void)state;
	map_ok(0, 4, RW, NULL, 0);
	map_ok(0, 1, RW, NULL, 0);
	/* The last page of user space, so edges are near. */
	assert_int_equal(vma_map(&tree, top - P, P, RO, NULL, 0), 0);
	take_snapshot(&before);
	assert_int_equal(vma_unmap(&tree, PG(1) + 8, P), -EINVAL);
	assert_int_equal(vma_unmap(&tree, PG(1), 0), -EINVAL);
	assert_int_equal(vma_unmap(&tree, PG(1), ULONG_MAX), -EINVAL);
	assert_int_equal(vma_unmap(&tree, PG(1), ULONG_MAX - PG(1) + 1),
			 -EINVAL); /* wraps to 0 */
	assert_int_equal(vma_unmap(&tree, top - P, P + 1), -EINVAL);
	assert_int_equal(vma_unmap(&tree, top + P, P), -EINVAL);
	assert_int_equal(vma_unmap(&tree, 0UL - P, P), -EINVAL);
	take_snapshot(&after);
	assert_same(&before, &after);
	/* Up to the very top is fine, and so is an empty range at it. */
	assert_int_equal(vma_unmap(&tree, top - P, P), 0);
	assert_int_equal(vma_unmap(&tree, top, 0), -EINVAL);
	EXPECT(A(0, 4, RW));
}

/* ---- protect ---- */

static void test_protect_middle_and_back(void **state)
{
	(void)state;
	map_ok(0, 8, RW | VM_SHARED, &file_a, 40);
	assert_int_equal(vma_protect(&tree, PG(2), 3 * P, VM_READ), 0);
	/* Only the access bits change. */
	EXPECT(F(0, 2, RW | VM_SHARED, &file_a, 40),
	       F(2, 5, RO | VM_SHARED, &file_a, 42),
	       F(5, 8, RW | VM_SHARED, &file_a, 45));
	assert_int_equal(vma_protect(&tree, PG(2), 3 * P, VM_READ | VM_WRITE),
			 0);
	EXPECT(F(0, 8, RW | VM_SHARED, &file_a, 40));
	assert_int_equal(live, 1);
}

static void test_protect_across(void **state)
{
	(void)state;
	map_ok(0, 2, RW, NULL, 0);
	map_ok(2, 4, RO, NULL, 0);
	map_ok(4, 6, RX, NULL, 0);
	map_ok(6, 8, RW, NULL, 0);
	/*
	 * From inside the first to inside the last: the MAY* bits stay, so
	 * what was RW becomes RO and joins the RO VMA; RX keeps its own.
	 */
	assert_int_equal(vma_protect(&tree, PG(1), PG(7) - PG(1), VM_READ), 0);
	EXPECT(A(0, 1, RW), A(1, 4, RO),
	       A(4, 6, VM_READ | VM_MAYREAD | VM_MAYEXEC), A(6, 7, RO),
	       A(7, 8, RW));
}

static void test_protect_across_merges(void **state)
{
	(void)state;
	map_ok(0, 3, RW, NULL, 0);
	map_ok(3, 5, RW & ~VM_WRITE, NULL, 0);
	map_ok(5, 8, RW, NULL, 0);
	/* Back to RW: everything is one VMA. */
	assert_int_equal(vma_protect(&tree, PG(3), 2 * P, VM_READ | VM_WRITE),
			 0);
	EXPECT(A(0, 8, RW));
}

static void test_protect_grows_neighbour(void **state)
{
	(void)state;
	map_ok(0, 2, RO, NULL, 0);
	map_ok(2, 6, RO | VM_WRITE, NULL, 0);
	/* The front of the second becomes like the first: the first grows. */
	assert_int_equal(vma_protect(&tree, PG(2), 2 * P, VM_READ), 0);
	EXPECT(A(0, 4, RO), A(4, 6, RO | VM_WRITE));
	/* The end of the first becomes like the second: the second grows. */
	assert_int_equal(vma_protect(&tree, PG(3), P, VM_READ | VM_WRITE), 0);
	EXPECT(A(0, 3, RO), A(3, 6, RO | VM_WRITE));
}

static void test_protect_no_change(void **state)
{
	long calls;

	(void)state;
	map_ok(0, 8, RW, NULL, 0);
	calls = alloc_calls;
	/* Same rights: no cut, no allocation. */
	assert_int_equal(vma_protect(&tree, PG(2), 2 * P, VM_READ | VM_WRITE),
			 0);
	assert_int_equal(alloc_calls, calls);
	EXPECT(A(0, 8, RW));
	/* Length 0 does nothing, even where nothing is mapped. */
	assert_int_equal(vma_protect(&tree, PG(100), 0, VM_READ), 0);
	/* A cut at one end only. */
	assert_int_equal(vma_protect(&tree, PG(0), 2 * P, VM_NONE), 0);
	assert_int_equal(alloc_calls, calls + 1);
	EXPECT(A(0, 2, RW & ~VM_ACCESS_FLAGS), A(2, 8, RW));
	assert_int_equal(vma_protect(&tree, PG(6), 2 * P, VM_EXEC), 0);
	EXPECT(A(0, 2, RW & ~VM_ACCESS_FLAGS), A(2, 6, RW),
	       A(6, 8, (RW & ~VM_ACCESS_FLAGS) | VM_EXEC));
}

static void test_protect_bad(void **state)
{
	struct snapshot before, after;

	(void)state;
	map_ok(0, 2, RW, NULL, 0);
	map_ok(3, 5, RO, NULL, 0);
	take_snapshot(&before);
	assert_int_equal(vma_protect(&tree, PG(0) + 1, P, VM_READ), -EINVAL);
	assert_int_equal(vma_protect(&tree, PG(0), P, VM_READ | VM_SHARED),
			 -EINVAL);
	/* A hole inside, at the start, at the end. */
	assert_int_equal(vma_protect(&tree, PG(0), 5 * P, VM_READ), -ENOMEM);
	assert_int_equal(vma_protect(&tree, PG(2), 2 * P, VM_READ), -ENOMEM);
	assert_int_equal(vma_protect(&tree, PG(4), 2 * P, VM_READ), -ENOMEM);
	assert_int_equal(vma_protect(&tree, PG(10), P, VM_READ), -ENOMEM);
	assert_int_equal(vma_protect(&tree, PG(0) - P, 2 * P, VM_READ),
			 -ENOMEM);
	/* Lengths that wrap. */
	assert_int_equal(vma_protect(&tree, PG(0), ULONG_MAX, VM_READ),
			 -ENOMEM);
	assert_int_equal(vma_protect(&tree, PG(0), ULONG_MAX - PG(0), VM_READ),
			 -ENOMEM);
	take_snapshot(&after);
	assert_same(&before, &after);
	assert_int_equal(alloc_calls, 2);
}

/* ---- allocation failures ---- */

/*
 * Run @op with the k-th allocation failing, k = 0, 1, ...: each failure
 * must return -ENOMEM and leave the tree as it was; the first k that does
 * not fail must succeed. Return the number of failure points.
 */
static int fail_each_point(int (*op)(void))
{
	struct snapshot before, after;
	int k;

	take_snapshot(&before);
	for (k = 0;; k++) {
		long f = failures;
		int ret;

		fail_at = k;
		ret = op();
		if (failures == f) {
			fail_at = -1;
			assert_int_equal(ret, 0);
			return k;
		}
		assert_int_equal(ret, -ENOMEM);
		take_snapshot(&after);
		assert_same(&before, &after);
		assert_int_equal(vma_tree_check(&tree, true), 0);
	}
}

static void build_three(void)
{
	map_ok(0, 10, RW, NULL, 0);
	map_ok(10, 20, RO, &file_a, 0);
	map_ok(20, 30, RX, &file_b, 0);
}

static int op_map_middle(void)
{
	return vma_map(&tree, PG(12), 3 * P, RW, NULL, 0);
}

static int op_map_across(void)
{
	return vma_map(&tree, PG(5), PG(25) - PG(5), RO, NULL, 0);
}

static int op_unmap_middle(void)
{
	return vma_unmap(&tree, PG(12), 3 * P);
}

static int op_protect_middle(void)
{
	return vma_protect(&tree, PG(12), 3 * P, VM_READ | VM_WRITE);
}

static int op_protect_across(void)
{
	return vma_protect(&tree, PG(5), PG(25) - PG(5), VM_EXEC);
}

static int op_split(void)
{
	return split_vma(&tree, vma_first(&tree), PG(4), true);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	build_three();
	/* A new VMA and the upper part of the one it lands in. */
	assert_int_equal(fail_each_point(op_map_middle), 2);
	EXPECT(A(0, 10, RW), F(10, 12, RO, &file_a, 0), A(12, 15, RW),
	       F(15, 20, RO, &file_a, 5), F(20, 30, RX, &file_b, 0));
	assert_int_equal(vma_tree_destroy(&tree), 5);
	build_three();
	/* Only the new VMA: the ends are cut in place. */
	assert_int_equal(fail_each_point(op_map_across), 1);
	EXPECT(A(0, 5, RW), A(5, 25, RO), F(25, 30, RX, &file_b, 5));
	assert_int_equal(vma_tree_destroy(&tree), 3);
	build_three();
	assert_int_equal(fail_each_point(op_unmap_middle), 1);
	EXPECT(A(0, 10, RW), F(10, 12, RO, &file_a, 0),
	       F(15, 20, RO, &file_a, 5), F(20, 30, RX, &file_b, 0));
	assert_int_equal(vma_tree_destroy(&tree), 4);
	build_three();
	assert_int_equal(fail_each_point(op_protect_middle), 2);
	EXPECT(A(0, 10, RW), F(10, 12, RO, &file_a, 0),
	       F(12, 15, RO | VM_WRITE, &file_a, 2), F(15, 20, RO, &file_a, 5),
	       F(20, 30, RX, &file_b, 0));
	assert_int_equal(vma_tree_destroy(&tree), 5);
	build_three();
	assert_int_equal(fail_each_point(op_protect_across), 2);
	EXPECT(A(0, 5, RW), A(5, 10, (RW & ~VM_ACCESS_FLAGS) | VM_EXEC),
	       F(10, 20, (RO & ~VM_READ) | VM_EXEC, &file_a, 0),
	       F(20, 25, (RX & ~VM_READ), &file_b, 0),
	       F(25, 30, RX, &file_b, 5));
	assert_int_equal(vma_tree_destroy(&tree), 5);
	build_three();
	assert_int_equal(fail_each_point(op_split), 1);
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_UNMERGED);
}

/* ---- get_unmapped_area ---- */

static void test_gua_topdown(void **state)
{
	unsigned long addr = 0;

	(void)state;
	/* Empty: right below the base. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 2 * P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, PG(98));
	map_ok(96, 100, RW, NULL, 0);
	map_ok(90, 94, RW, NULL, 0); /* a 2-page gap between */
	map_ok(70, 80, RW, NULL, 0);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 2 * P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, PG(94));
	/* Three pages do not fit there: below the next VMA down. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 3 * P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, PG(87));
	/* A base inside a VMA: the gap below that VMA. */
	assert_int_equal(vma_get_unmapped_area(&tree, 0, P, 0, PG(75), &addr),
			 0);
	assert_int_equal(addr, PG(69));
	/* A base above everything. */
	assert_int_equal(vma_get_unmapped_area(&tree, 0, P, 0, PG(200), &addr),
			 0);
	assert_int_equal(addr, PG(199));
	/* The low limit: [80, 90) holds 10 pages, not 11 above PG(70). */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 10 * P, PG(70), PG(100), &addr),
		0);
	assert_int_equal(addr, PG(80));
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 11 * P, PG(70), PG(100), &addr),
		-ENOMEM);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 11 * P, PG(50), PG(100), &addr),
		0);
	assert_int_equal(addr, PG(59));
	/* Limits that leave no room at all. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 2 * P, PG(99), PG(100), &addr),
		-ENOMEM);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 2 * P, PG(100), PG(90), &addr),
		-ENOMEM);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, PG(100), 0, PG(99), &addr),
		-ENOMEM);
}

static void test_gua_low_and_min(void **state)
{
	unsigned long addr = 0, min = DEFAULT_MMAP_MIN_ADDR;

	(void)state;
	assert_int_equal(vma_map(&tree, min + 2 * P, P, RW, NULL, 0), 0);
	/* low 0 is raised to mmap_min_addr: only two pages fit below. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 2 * P, 0, min + 2 * P, &addr),
		0);
	assert_int_equal(addr, min);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 3 * P, 0, min + 3 * P, &addr),
		-ENOMEM);
	/* The base is clamped to task_size. */
	assert_int_equal(vma_get_unmapped_area(&tree, 0, P, 0,
					       ULONG_MAX & PAGE_MASK, &addr),
			 0);
	assert_int_equal(addr, TASK_SIZE_4LEVEL - P);
}

static void test_gua_hint(void **state)
{
	unsigned long addr = 0, top = TASK_SIZE_4LEVEL;

	(void)state;
	map_ok(10, 20, RW, NULL, 0);
	/* A free hint is taken, even far below the base. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, PG(5), 5 * P, 0, PG(100), &addr),
		0);
	assert_int_equal(addr, PG(5));
	/* Rounded up to a page. */
	assert_int_equal(vma_get_unmapped_area(&tree, PG(4) + 1, 5 * P, 0,
					       PG(100), &addr),
			 0);
	assert_int_equal(addr, PG(5));
	/* Above the base is fine too (only task_size bounds a hint). */
	assert_int_equal(
		vma_get_unmapped_area(&tree, PG(200), P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, PG(200));
	/* Overlapping: top-down instead. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, PG(6), 5 * P, 0, PG(100), &addr),
		0);
	assert_int_equal(addr, PG(95));
	assert_int_equal(
		vma_get_unmapped_area(&tree, PG(19), P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, PG(99));
	/* Below the low limit or mmap_min_addr, past task_size, wrapping. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, PG(2), P, PG(3), PG(100), &addr),
		0);
	assert_int_equal(addr, PG(99));
	assert_int_equal(vma_get_unmapped_area(&tree, P, P, 0, PG(100), &addr),
			 0);
	assert_int_equal(addr, PG(99));
	assert_int_equal(
		vma_get_unmapped_area(&tree, top - P, 2 * P, 0, PG(100), &addr),
		0);
	assert_int_equal(addr, PG(98));
	assert_int_equal(
		vma_get_unmapped_area(&tree, top - P, P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, top - P);
	assert_int_equal(vma_get_unmapped_area(&tree, ULONG_MAX - 5, P, 0,
					       PG(100), &addr),
			 0);
	assert_int_equal(addr, PG(99));
	assert_int_equal(
		vma_get_unmapped_area(&tree, top + P, P, 0, PG(100), &addr), 0);
	assert_int_equal(addr, PG(99));
}

static void test_gua_guard_gap(void **state)
{
	unsigned long addr = 0, stack = PG(1000);

	(void)state;
	assert_int_equal(vma_map(&tree, stack, 8 * P, STACK, NULL, 0), 0);
	/* Top-down from above the stack: not within the gap below it. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, P, 0, stack + 4 * P, &addr), 0);
	assert_int_equal(addr, stack - GAP - P);
	/* A hint that ends in the gap is refused, one below it is taken. */
	assert_int_equal(vma_get_unmapped_area(&tree, stack - GAP, P, 0,
					       stack + 8 * P, &addr),
			 0);
	assert_int_equal(addr, stack - GAP - P);
	assert_int_equal(vma_get_unmapped_area(&tree, stack - GAP - 4 * P,
					       4 * P, 0, stack, &addr),
			 0);
	assert_int_equal(addr, stack - GAP - 4 * P);
	/* Above the stack there is no gap. */
	assert_int_equal(
		vma_get_unmapped_area(&tree, stack + 8 * P, P, 0, stack, &addr),
		0);
	assert_int_equal(addr, stack + 8 * P);
	/* A smaller gap, as stack_guard_gap= would set it. */
	tree.stack_guard_gap = 2 * P;
	assert_int_equal(vma_get_unmapped_area(&tree, 0, P, 0, stack, &addr),
			 0);
	assert_int_equal(addr, stack - 3 * P);
	/* A VMA that is not a stack keeps no gap. */
	tree.stack_guard_gap = GAP;
	assert_int_equal(vma_map(&tree, stack - 8 * P, P, RW, NULL, 0), 0);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, P, 0, stack - 7 * P, &addr), 0);
	assert_int_equal(addr, stack - 9 * P);
}

/* A stack near address 0: its gap is cut at 0, nothing fits below. */
static void test_gua_gap_at_bottom(void **state)
{
	unsigned long addr = 0, min = DEFAULT_MMAP_MIN_ADDR;

	(void)state;
	assert_int_equal(vma_map(&tree, min + 4 * P, P, STACK, NULL, 0), 0);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, P, 0, min + 4 * P, &addr),
		-ENOMEM);
	assert_int_equal(
		vma_get_unmapped_area(&tree, min, P, 0, min + 4 * P, &addr),
		-ENOMEM);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, P, 0, min + 9 * P, &addr), 0);
	assert_int_equal(addr, min + 8 * P);
}

/*
 * A stack's guard gap may reach below the VMAs under it; the search must
 * go on below them: gap ends are not ordered, VMA starts are.
 */
static void test_gua_gap_over_vmas(void **state)
{
	unsigned long addr = 0;

	(void)state;
	tree.stack_guard_gap = 4 * P;
	map_ok(10, 12, RW, NULL, 0);
	map_ok(16, 17, RW, NULL, 0);
	map_ok(18, 19, STACK, NULL, 0); /* its gap starts at page 14 */
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 2 * P, PG(14), PG(19), &addr),
		0);
	assert_int_equal(addr, PG(14));
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 3 * P, PG(14), PG(19), &addr),
		-ENOMEM);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, 4 * P, PG(12), PG(19), &addr),
		0);
	assert_int_equal(addr, PG(12));
}

static void test_gua_bad_args(void **state)
{
	unsigned long addr = 42;

	(void)state;
	assert_int_equal(vma_get_unmapped_area(&tree, 0, 0, 0, PG(10), &addr),
			 -EINVAL);
	assert_int_equal(vma_get_unmapped_area(&tree, 0, P, 1, PG(10), &addr),
			 -EINVAL);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, P, 0, PG(10) + 1, &addr),
		-EINVAL);
	assert_int_equal(
		vma_get_unmapped_area(&tree, 0, ULONG_MAX, 0, PG(10), &addr),
		-ENOMEM);
	assert_int_equal(vma_get_unmapped_area(&tree, P, ULONG_MAX - P * 2, 0,
					       PG(10), &addr),
			 -ENOMEM);
	assert_int_equal(addr, 42);
	/* A byte length rounds up to a page. */
	assert_int_equal(vma_get_unmapped_area(&tree, 0, 1, 0, PG(10), &addr),
			 0);
	assert_int_equal(addr, PG(9));
}

/* ---- stack growth ---- */

static void test_stack_grow(void **state)
{
	unsigned long stack = PG(1000), limit = SZ_1M;
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(vma_map(&tree, stack, 4 * P, STACK, NULL, 0), 0);
	vma = vma_first(&tree);
	/* Inside already: nothing to do. */
	assert_int_equal(vma_may_expand_downwards(&tree, vma, stack + 5, limit),
			 0);
	assert_int_equal(vma_expand_downwards(&tree, &vma, stack + 5, limit),
			 0);
	EXPECT({stack, stack + 4 * P, STACK, ANON(stack), NULL});
	/* One page and a bit below: grows to that page, pgoff following. */
	assert_int_equal(
		vma_may_expand_downwards(&tree, vma, stack - P - 8, limit), 0);
	assert_int_equal(
		vma_expand_downwards(&tree, &vma, stack - P - 8, limit), 0);
	assert_ptr_equal(vma, vma_first(&tree));
	EXPECT({stack - 2 * P, stack + 4 * P, STACK, ANON(stack - 2 * P),
		NULL});
	/* The limit: the whole stack, vm_end - new start. */
	assert_int_equal(vma_may_expand_downwards(&tree, vma,
						  stack + 4 * P - limit, limit),
			 0);
	assert_int_equal(vma_may_expand_downwards(
				 &tree, vma, stack + 4 * P - limit - 1, limit),
			 -ENOMEM);
	assert_int_equal(vma_expand_downwards(&tree, &vma,
					      stack + 4 * P - limit - P, limit),
			 -ENOMEM);
	EXPECT({stack - 2 * P, stack + 4 * P, STACK, ANON(stack - 2 * P),
		NULL});
}

static void test_stack_guard(void **state)
{
	unsigned long stack = PG(1000), limit = SZ_1G;
	struct vm_area_struct *vma, *below;

	(void)state;
	assert_int_equal(vma_map(&tree, stack, 4 * P, STACK, NULL, 0), 0);
	assert_int_equal(vma_map(&tree, PG(100), 4 * P, RW, NULL, 0), 0);
	vma = vma_last(&tree);
	below = vma_first(&tree);
	/* Down to exactly one gap above the VMA below: allowed. */
	assert_int_equal(
		vma_may_expand_downwards(&tree, vma, PG(104) + GAP, limit), 0);
	/* One page more: into the gap. */
	assert_int_equal(
		vma_may_expand_downwards(&tree, vma, PG(104) + GAP - P, limit),
		-ENOMEM);
	/* Into the VMA below itself. */
	assert_int_equal(vma_may_expand_downwards(&tree, vma, PG(102), limit),
			 -ENOMEM);
	/* A VMA below with no rights keeps no gap. */
	below->vm_flags &= ~VM_ACCESS_FLAGS;
	assert_int_equal(vma_may_expand_downwards(&tree, vma, PG(104), limit),
			 0);
	/* Nor does another stack below. */
	below->vm_flags = STACK;
	assert_int_equal(vma_may_expand_downwards(&tree, vma, PG(104), limit),
			 0);
	below->vm_flags = RW;
	/* A VMA that is not a stack does not grow. */
	assert_int_equal(vma_may_expand_downwards(&tree, below, PG(99), limit),
			 -EFAULT);
	assert_int_equal(vma_expand_downwards(&tree, &below, PG(99), limit),
			 -EFAULT);
	EXPECT(A(100, 104, RW),
	       {stack, stack + 4 * P, STACK, ANON(stack), NULL});
}

static void test_stack_merges_below(void **state)
{
	unsigned long limit = SZ_1G;
	struct vm_area_struct *vma, *below;

	(void)state;
	map_ok(10, 12, STACK, NULL, 0);
	map_ok(14, 16, STACK, NULL, 0);
	vma = vma_last(&tree);
	below = vma_first(&tree);
	/* Grows until it touches the stack below, which absorbs it. */
	assert_int_equal(vma_expand_downwards(&tree, &vma, PG(12), limit), 0);
	assert_ptr_equal(vma, below);
	EXPECT(A(10, 16, STACK));
}

static void test_stack_min_and_pgoff(void **state)
{
	unsigned long min = DEFAULT_MMAP_MIN_ADDR;
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(vma_map(&tree, min + P, P, STACK, NULL, 0), 0);
	vma = vma_first(&tree);
	assert_int_equal(vma_may_expand_downwards(&tree, vma, min, SZ_1G), 0);
	assert_int_equal(vma_may_expand_downwards(&tree, vma, min - 1, SZ_1G),
			 -EPERM);
	assert_int_equal(vma_expand_downwards(&tree, &vma, min - P, SZ_1G),
			 -EPERM);
	assert_int_equal(vma_expand_downwards(&tree, &vma, min, SZ_1G), 0);
	EXPECT({min, min + 2 * P, STACK, ANON(min), NULL});

	/* A file-backed stack cannot grow below file page 0. */
	map_ok(20, 22, STACK, &file_a, 2);
	vma = vma_last(&tree);
	assert_int_equal(vma_may_expand_downwards(&tree, vma, PG(18), SZ_1G),
			 0);
	assert_int_equal(vma_may_expand_downwards(&tree, vma, PG(17), SZ_1G),
			 -ENOMEM);
	assert_int_equal(vma_expand_downwards(&tree, &vma, PG(18), SZ_1G), 0);
	EXPECT({min, min + 2 * P, STACK, ANON(min), NULL},
	       F(18, 22, STACK, &file_a, 0));
}

/* ---- the validator ---- */

static void test_check_catches(void **state)
{
	struct vm_area_struct *a, *b, *c;
	struct rb_node *leftmost;
	unsigned long saved;

	(void)state;
	map_ok(0, 2, RW, NULL, 0);
	map_ok(4, 6, RO, NULL, 0);
	map_ok(8, 10, RW, NULL, 0);
	a = vma_first(&tree);
	b = vma_next(a);
	c = vma_next(b);
	assert_int_equal(vma_tree_check(&tree, true), 0);

	tree.map_count++;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_COUNT);
	tree.map_count--;

	saved = b->vm_end;
	b->vm_end = b->vm_start;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_EMPTY);
	b->vm_end = b->vm_start - P;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_EMPTY);
	b->vm_end = saved + 1;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_UNALIGNED);
	b->vm_end = saved;

	saved = c->vm_end;
	c->vm_end = TASK_SIZE_4LEVEL + P;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_RANGE);
	c->vm_end = saved;

	saved = b->vm_start;
	b->vm_start = a->vm_start - P;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_ORDER);
	b->vm_start = a->vm_end - P;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_OVERLAP);
	b->vm_start = a->vm_end;
	b->vm_flags = RW;
	assert_int_equal(vma_tree_check(&tree, false), 0);
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_UNMERGED);
	b->vm_start = saved;
	b->vm_flags = RO;

	leftmost = tree.mm_rb.rb_leftmost;
	tree.mm_rb.rb_leftmost = &b->vm_rb;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_LEFTMOST);
	tree.mm_rb.rb_leftmost = leftmost;

	/* The root's colour bit: a red root. */
	tree.mm_rb.rb_root.rb_node->__rb_parent_color &= ~RB_BLACK;
	assert_int_equal(vma_tree_check(&tree, true), VMA_ERR_RBTREE);
	tree.mm_rb.rb_root.rb_node->__rb_parent_color |= RB_BLACK;

	assert_int_equal(vma_tree_check(&tree, true), 0);
}

/* ---- a random walk against a per-page model ---- */

#define MODEL_PAGES 48

struct page_model {
	bool mapped;
	unsigned long flags, pgoff;
	void *file;
};

static struct page_model model[MODEL_PAGES];
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng >> 20) % n;
}

static bool pages_join(const struct page_model *x, const struct page_model *y)
{
	return x->mapped && y->mapped && x->flags == y->flags &&
	       x->file == y->file && (!x->file || x->pgoff + 1 == y->pgoff);
}

/* The tree's VMAs are the model's maximal runs of joinable pages. */
static void check_model(void)
{
	struct want w[MODEL_PAGES];
	size_t n = 0;

	for (unsigned int p = 0; p < MODEL_PAGES; p++) {
		if (!model[p].mapped)
			continue;
		if (p && pages_join(&model[p - 1], &model[p])) {
			w[n - 1].end = PG(p + 1);
			continue;
		}
		w[n++] = (struct want){PG(p), PG(p + 1), model[p].flags,
				       model[p].pgoff, model[p].file};
	}
	check_vmas(w, n);
}

static void test_random_walk(void **state)
{
	static const unsigned long flag_set[] = {RW, RO, RX, VM_READ};
	void *files[] = {NULL, &file_a, &file_b};

	(void)state;
	for (int step = 0; step < 4000; step++) {
		unsigned int a = rnd(MODEL_PAGES), n = 1 + rnd(8);
		unsigned int b = min(a + n, (unsigned int)MODEL_PAGES);
		unsigned long fl = flag_set[rnd(ARRAY_SIZE(flag_set))];
		void *file = files[rnd(3)];
		unsigned long pgoff = rnd(4) * 4;
		bool all = true;

		switch (rnd(3)) {
		case 0:
			map_ok(a, b, fl, file, pgoff);
			for (unsigned int p = a; p < b; p++)
				model[p] = (struct page_model){
					true, fl,
					file ? pgoff + p - a : ANON(PG(p)),
					file};
			break;
		case 1:
			assert_int_equal(vma_unmap(&tree, PG(a), PG(b) - PG(a)),
					 0);
			for (unsigned int p = a; p < b; p++)
				model[p].mapped = false;
			break;
		default:
			for (unsigned int p = a; p < b; p++)
				all = all && model[p].mapped;
			assert_int_equal(vma_protect(&tree, PG(a),
						     PG(b) - PG(a),
						     fl & VM_ACCESS_FLAGS),
					 all ? 0 : -ENOMEM);
			for (unsigned int p = a; all && p < b; p++)
				model[p].flags =
					(model[p].flags & ~VM_ACCESS_FLAGS) |
					(fl & VM_ACCESS_FLAGS);
			break;
		}
		check_model();
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_init),
		T(test_find),
		T(test_find_many),
		T(test_insert),
		T(test_merge_both_sides),
		T(test_can_merge_rules),
		T(test_split),
		T(test_split_anon_pgoff),
		T(test_split_bad),
		T(test_map_one),
		T(test_map_merges_anon),
		T(test_map_no_merge),
		T(test_map_merges_file),
		T(test_map_fixed_replaces),
		T(test_map_bad_args),
		T(test_unmap_parts),
		T(test_unmap_several),
		T(test_unmap_bad_args),
		T(test_protect_middle_and_back),
		T(test_protect_across),
		T(test_protect_across_merges),
		T(test_protect_grows_neighbour),
		T(test_protect_no_change),
		T(test_protect_bad),
		T(test_alloc_failures),
		T(test_gua_topdown),
		T(test_gua_low_and_min),
		T(test_gua_hint),
		T(test_gua_guard_gap),
		T(test_gua_gap_at_bottom),
		T(test_gua_gap_over_vmas),
		T(test_gua_bad_args),
		T(test_stack_grow),
		T(test_stack_guard),
		T(test_stack_merges_below),
		T(test_stack_min_and_pgoff),
		T(test_check_catches),
		T(test_random_walk),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
