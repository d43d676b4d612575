// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/vmalloc.c, the vmap space allocator: space set-up,
 * first-fit placement, rounding and alignment (2 MiB areas), guard pages,
 * exhaustion and reuse, bad frees, frees in random order with full
 * coalescing, lookups, iteration, statistics, the /proc/vmallocinfo-style
 * lines, descriptor allocation failure, the search hint and the
 * consistency checker.
 *
 * Descriptors come from malloc through a wrapper that counts live
 * descriptors and can be told to fail.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/layout.h"
#include "mm/vmalloc.h"

/* The kernel's 4-level vmalloc space. */
#define VSTART __VMALLOC_BASE_L4
#define VEND (__VMALLOC_BASE_L4 + VMALLOC_SIZE_L4)
/* A small space for exhaustion tests: 16 pages. */
#define SMALL_PAGES 16UL
#define SMALL_START 0x100000UL
#define SMALL_END (SMALL_START + SMALL_PAGES * PAGE_SIZE)
#define MANY 200

static long live_descs;
static bool fail_alloc;
static int desc_arg_token;

static void *test_desc_alloc(size_t size, void *arg)
{
	assert_ptr_equal(arg, &desc_arg_token);
	if (fail_alloc)
		return NULL;
	live_descs++;
	/* Garbage, so the allocator must set every field itself. */
	return memset(malloc(size), 0xa5, size);
}

static void test_desc_free(void *desc, void *arg)
{
	assert_ptr_equal(arg, &desc_arg_token);
	assert_non_null(desc);
	live_descs--;
	free(desc);
}

static void init_space(struct vmap_space *vs, unsigned long start,
		       unsigned long end)
{
	assert_int_equal(vmap_space_init(vs, start, end, test_desc_alloc,
					 test_desc_free, &desc_arg_token),
			 0);
}

static int setup(void **state)
{
	(void)state;
	live_descs = 0;
	fail_alloc = false;
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	assert_int_equal(live_descs, 0);
	return 0;
}

/* Free the area starting at @addr, expecting success. */
static void vfree_ok(struct vmap_space *vs, unsigned long addr)
{
	struct vmap_area *va = remove_vmap_area(vs, addr);

	assert_non_null(va);
	assert_int_equal(va->va_start, addr);
	free_vmap_area_struct(vs, va);
}

/* The last captured line contains @needle and has @level. */
static void assert_last_line(const char *needle, int level)
{
	size_t n = log_capture_count();
	int got_level;
	const char *line;

	assert_true(n > 0);
	line = log_capture_line(n - 1, &got_level);
	if (!strstr(line, needle))
		fail_msg("\"%s\" does not contain \"%s\"", line, needle);
	assert_int_equal(got_level, level);
}

static void assert_bad_init(unsigned long start, unsigned long end,
			    vmap_desc_alloc_fn a, vmap_desc_free_fn f,
			    const char *needle)
{
	struct vmap_space vs, before;

	memset(&vs, 0x5a, sizeof(vs));
	before = vs;
	assert_int_equal(vmap_space_init(&vs, start, end, a, f, NULL), -EINVAL);
	assert_memory_equal(&vs, &before, sizeof(vs));
	assert_last_line(needle, LOGLEVEL_ERR);
}

static void test_init(void **state)
{
	struct vmap_space vs;
	struct vmap_space_stats st;

	(void)state;
	init_space(&vs, VSTART, VEND);
	assert_int_equal(vs.start, VSTART);
	assert_int_equal(vs.end, VEND);
	assert_null(vmap_area_first(&vs));
	assert_int_equal(vmap_space_verify(&vs), 0);
	vmap_space_stats(&vs, &st);
	assert_int_equal(st.nr_areas, 0);
	assert_int_equal(st.used_bytes, 0);
	assert_int_equal(st.free_bytes, VMALLOC_SIZE_L4);
	assert_int_equal(st.largest_gap, VMALLOC_SIZE_L4);
	assert_int_equal(st.largest_alloc, VMALLOC_SIZE_L4 - PAGE_SIZE);
	assert_int_equal(log_capture_count(), 0);

	/* The smallest space: one page and its guard. */
	init_space(&vs, SMALL_START, SMALL_START + 2 * PAGE_SIZE);
	assert_int_equal(vmap_space_verify(&vs), 0);

	assert_bad_init(0x1001, 0x10000, test_desc_alloc, test_desc_free,
			"[0x1001-0x10000)");
	assert_bad_init(0x1000, 0x10800, test_desc_alloc, test_desc_free,
			"[0x1000-0x10800)");
	assert_bad_init(0x10000, 0x10000, test_desc_alloc, test_desc_free,
			"[0x10000-0x10000)");
	assert_bad_init(0x20000, 0x10000, test_desc_alloc, test_desc_free,
			"[0x20000-0x10000)");
	assert_bad_init(0x10000, 0x11000, test_desc_alloc, test_desc_free,
			"[0x10000-0x11000)");
	assert_bad_init(0x10000, 0x20000, NULL, test_desc_free,
			"descriptor allocator missing");
	assert_bad_init(0x10000, 0x20000, test_desc_alloc, NULL,
			"descriptor allocator missing");
}

static void test_alloc_first_fit_and_rounding(void **state)
{
	struct vmap_space vs;
	struct vmap_area *a, *b, *c;

	(void)state;
	init_space(&vs, VSTART, VEND);
	a = alloc_vmap_area(&vs, 1, PAGE_SIZE, VM_ALLOC);
	assert_non_null(a);
	assert_int_equal(a->va_start, VSTART);
	assert_int_equal(a->va_end, VSTART + PAGE_SIZE);
	assert_int_equal(vmap_area_size(a), PAGE_SIZE);
	assert_int_equal(a->flags, VM_ALLOC);
	assert_int_equal(a->phys_addr, 0);
	assert_null(a->private);

	b = alloc_vmap_area(&vs, 3 * PAGE_SIZE + 1, PAGE_SIZE, VM_IOREMAP);
	assert_non_null(b);
	assert_int_equal(b->va_start, a->va_end + PAGE_SIZE);
	assert_int_equal(vmap_area_size(b), 4 * PAGE_SIZE);
	assert_int_equal(b->flags, VM_IOREMAP);

	c = alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, 0x1234UL << 8);
	assert_non_null(c);
	assert_int_equal(c->va_start, b->va_end + PAGE_SIZE);
	assert_int_equal(c->flags, 0x1234UL << 8);

	assert_int_equal(vs.nr_areas, 3);
	assert_int_equal(vs.used_bytes, 7 * PAGE_SIZE);
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(vmap_space_destroy(&vs), 3);
}

static void test_alloc_2m_aligned(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va[8], *small;
	unsigned long start = VSTART + 3 * PAGE_SIZE;

	(void)state;
	init_space(&vs, start, VEND);
	for (int i = 0; i < 8; i++) {
		va[i] = alloc_vmap_area(&vs, SZ_2M, SZ_2M, VM_ALLOC);
		assert_non_null(va[i]);
		assert_true(IS_ALIGNED(va[i]->va_start, SZ_2M));
		assert_int_equal(vmap_area_size(va[i]), SZ_2M);
		/* The guard pushes each next one a whole 2 MiB further. */
		assert_int_equal(va[i]->va_start,
				 ALIGN(start, SZ_2M) + i * 2 * SZ_2M);
	}
	/* The page-aligned gaps left below are used by page-aligned areas. */
	small = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	assert_non_null(small);
	assert_int_equal(small->va_start, start);
	/* 1 GiB alignment, and an alignment above the space. */
	assert_true(IS_ALIGNED(
		alloc_vmap_area(&vs, SZ_4K, SZ_1G, VM_MAP)->va_start, SZ_1G));
	assert_null(alloc_vmap_area(&vs, SZ_4K, 1UL << 63, VM_MAP));
	assert_last_line("no room for 4096 bytes aligned to "
			 "0x8000000000000000",
			 LOGLEVEL_WARNING);
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), 10);
}

static void test_alloc_bad_args(void **state)
{
	struct vmap_space vs, before;

	(void)state;
	init_space(&vs, VSTART, VEND);
	assert_non_null(alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC));
	before = vs;

	assert_null(alloc_vmap_area(&vs, 0, PAGE_SIZE, VM_ALLOC));
	assert_last_line("area of size 0", LOGLEVEL_ERR);
	assert_null(alloc_vmap_area(&vs, 8192, 0, VM_ALLOC));
	assert_last_line("8192 bytes: bad alignment 0x0", LOGLEVEL_ERR);
	assert_null(alloc_vmap_area(&vs, 8192, 2048, VM_ALLOC));
	assert_last_line("bad alignment 0x800", LOGLEVEL_ERR);
	assert_null(alloc_vmap_area(&vs, 8192, 3 * PAGE_SIZE, VM_ALLOC));
	assert_last_line("bad alignment 0x3000", LOGLEVEL_ERR);
	assert_int_equal(log_capture_count(), 4);
	assert_memory_equal(&vs, &before, sizeof(vs));
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), 1);
}

static void test_guard_pages(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va, *prev = NULL;
	unsigned long n = 0;

	(void)state;
	init_space(&vs, VSTART, VEND);
	srand(7);
	for (int i = 0; i < MANY; i++)
		assert_non_null(alloc_vmap_area(
			&vs, 1 + (unsigned long)rand() % (9 * PAGE_SIZE),
			PAGE_SIZE << (rand() % 4), VM_ALLOC));
	for_each_vmap_area(&vs, va)
	{
		if (prev) {
			assert_true(va->va_start >= prev->va_end + PAGE_SIZE);
			/* The guard page belongs to nobody. */
			assert_null(find_vmap_area(&vs, prev->va_end));
			assert_null(find_vmap_area(&vs, va->va_start - 1));
		}
		prev = va;
		n++;
	}
	assert_int_equal(n, MANY);
	/* Back to back: exactly one page apart when nothing else intervenes. */
	va = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	prev = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	assert_true(prev->va_start - va->va_end >= PAGE_SIZE);
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), MANY + 2);
}

static void test_exhaustion_and_reuse(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va[SMALL_PAGES / 2];
	struct vmap_space_stats st;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_END);
	/* Each one-page area takes two pages with its guard. */
	for (unsigned long i = 0; i < SMALL_PAGES / 2; i++) {
		va[i] = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
		assert_non_null(va[i]);
		assert_int_equal(va[i]->va_start,
				 SMALL_START + 2 * i * PAGE_SIZE);
	}
	vmap_space_stats(&vs, &st);
	assert_int_equal(st.free_bytes, 0);
	assert_int_equal(st.largest_alloc, 0);
	assert_int_equal(log_capture_count(), 0);
	assert_null(alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC));
	assert_last_line("no room for 4096 bytes", LOGLEVEL_WARNING);
	assert_int_equal(vs.nr_areas, SMALL_PAGES / 2);

	/* Freeing one makes room for exactly that one again. */
	vfree_ok(&vs, va[3]->va_start);
	assert_null(alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC));
	va[3] = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	assert_non_null(va[3]);
	assert_int_equal(va[3]->va_start, SMALL_START + 6 * PAGE_SIZE);

	/* Two neighbours freed merge into a three-page hole (2 + guard). */
	vfree_ok(&vs, va[5]->va_start);
	vfree_ok(&vs, va[6]->va_start);
	va[5] = alloc_vmap_area(&vs, 3 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	assert_non_null(va[5]);
	assert_int_equal(va[5]->va_start, SMALL_START + 10 * PAGE_SIZE);
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), SMALL_PAGES / 2 - 1);
}

static void test_too_large(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_END);
	assert_null(alloc_vmap_area(&vs, ULONG_MAX, PAGE_SIZE, VM_ALLOC));
	assert_last_line("no room for 18446744073709551615 bytes",
			 LOGLEVEL_WARNING);
	assert_null(alloc_vmap_area(&vs,
				    SMALL_END - SMALL_START - PAGE_SIZE + 1,
				    PAGE_SIZE, VM_ALLOC));
	assert_last_line("no room for 61441 bytes", LOGLEVEL_WARNING);
	/* The whole space less the guard fits exactly. */
	va = alloc_vmap_area(&vs, SMALL_END - SMALL_START - PAGE_SIZE,
			     PAGE_SIZE, VM_ALLOC);
	assert_non_null(va);
	assert_int_equal(va->va_start, SMALL_START);
	assert_int_equal(va->va_end, SMALL_END - PAGE_SIZE);
	assert_int_equal(vmap_space_destroy(&vs), 1);
}

static void test_space_at_top_of_address_space(void **state)
{
	const unsigned long end = ULONG_MAX - PAGE_SIZE + 1;
	const unsigned long start = end - 8 * PAGE_SIZE;
	struct vmap_space vs;
	struct vmap_area *a, *b;

	(void)state;
	init_space(&vs, start, end);
	a = alloc_vmap_area(&vs, 3 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	b = alloc_vmap_area(&vs, 3 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(b->va_end, end - PAGE_SIZE);
	/* Aligning up from the top would wrap: no room, no crash. */
	assert_null(alloc_vmap_area(&vs, PAGE_SIZE, SZ_2M, VM_ALLOC));
	assert_last_line("no room", LOGLEVEL_WARNING);
	vfree_ok(&vs, b->va_start);
	assert_null(alloc_vmap_area(&vs, PAGE_SIZE, 1UL << 62, VM_ALLOC));
	assert_null(find_vmap_area(&vs, ULONG_MAX));
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), 1);

	/* A space starting at 0 (the allocator never treats 0 as "none"). */
	init_space(&vs, 0, SMALL_END);
	a = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	assert_non_null(a);
	assert_int_equal(a->va_start, 0);
	assert_ptr_equal(find_vmap_area(&vs, 0), a);
	vfree_ok(&vs, 0);
}

static void test_bad_free(void **state)
{
	struct vmap_space vs, before;
	struct vmap_area *a, *b;

	(void)state;
	init_space(&vs, VSTART, VEND);
	a = alloc_vmap_area(&vs, 4 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	b = alloc_vmap_area(&vs, PAGE_SIZE, SZ_2M, VM_ALLOC);
	assert_non_null(a);
	assert_non_null(b);
	before = vs;

	assert_null(remove_vmap_area(&vs, a->va_start + PAGE_SIZE));
	assert_last_line("bad vfree(0xffffc90000001000): inside area "
			 "[0xffffc90000000000-0xffffc90000004000)",
			 LOGLEVEL_ERR);
	assert_null(remove_vmap_area(&vs, a->va_start + 1));
	assert_last_line("bad vfree(0xffffc90000000001): inside area",
			 LOGLEVEL_ERR);
	assert_null(remove_vmap_area(&vs, a->va_end));
	assert_last_line("bad vfree(0xffffc90000004000): in the guard page of "
			 "area [0xffffc90000000000-0xffffc90000004000)",
			 LOGLEVEL_ERR);
	assert_null(remove_vmap_area(&vs, a->va_end + PAGE_SIZE));
	assert_last_line("bad vfree(0xffffc90000005000): no area there",
			 LOGLEVEL_ERR);
	assert_null(remove_vmap_area(&vs, VSTART - PAGE_SIZE));
	assert_last_line("bad vfree(0xffffc8fffffff000): no area there",
			 LOGLEVEL_ERR);
	assert_null(remove_vmap_area(&vs, VEND + SZ_1G));
	assert_last_line("no area there", LOGLEVEL_ERR);
	assert_int_equal(log_capture_count(), 6);
	assert_memory_equal(&vs, &before, sizeof(vs));
	assert_int_equal(vmap_space_verify(&vs), 0);

	/* A double free is a bad free. */
	vfree_ok(&vs, b->va_start);
	assert_null(remove_vmap_area(&vs, VSTART + SZ_2M));
	assert_last_line("bad vfree(0xffffc90000200000): no area there",
			 LOGLEVEL_ERR);
	free_vmap_area_struct(&vs, NULL);
	assert_int_equal(vmap_space_destroy(&vs), 1);
}

static void shuffle(unsigned long *v, size_t n)
{
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)rand() % (i + 1);
		unsigned long t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

/* Fill the small-ish space with random areas until it is full. */
static size_t fill_randomly(struct vmap_space *vs, unsigned long *starts,
			    size_t max)
{
	size_t n = 0;

	log_capture_start();
	while (n < max) {
		struct vmap_area *va = alloc_vmap_area(
			vs, 1 + (unsigned long)rand() % (5 * PAGE_SIZE),
			PAGE_SIZE << (rand() % 3), VM_ALLOC);

		if (!va)
			break;
		starts[n++] = va->va_start;
	}
	return n;
}

static void test_free_random_order_coalesces(void **state)
{
	const unsigned long pages = 4096;
	unsigned long starts[4096];
	struct vmap_space vs;
	struct vmap_space_stats st;
	struct vmap_area *whole;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_START + pages * PAGE_SIZE);
	srand(12345);
	for (int round = 0; round < 4; round++) {
		size_t n = fill_randomly(&vs, starts, ARRAY_SIZE(starts));

		assert_true(n > 100);
		/* fill stopped on plain exhaustion. */
		assert_last_line("no room", LOGLEVEL_WARNING);
		shuffle(starts, n);
		for (size_t i = 0; i < n; i++) {
			vfree_ok(&vs, starts[i]);
			if (i % 16 == 0)
				assert_int_equal(vmap_space_verify(&vs), 0);
		}
		vmap_space_stats(&vs, &st);
		assert_int_equal(st.nr_areas, 0);
		assert_int_equal(st.largest_gap, pages * PAGE_SIZE);
		whole = alloc_vmap_area(&vs, (pages - 1) * PAGE_SIZE, PAGE_SIZE,
					VM_ALLOC);
		assert_non_null(whole);
		assert_int_equal(whole->va_start, SMALL_START);
		vfree_ok(&vs, SMALL_START);
	}
	assert_int_equal(vmap_space_verify(&vs), 0);
}

static void test_find(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va[16];

	(void)state;
	init_space(&vs, VSTART, VEND);
	assert_null(find_vmap_area(&vs, VSTART));
	for (int i = 0; i < 16; i++) {
		va[i] = alloc_vmap_area(&vs, (unsigned long)(i + 1) * PAGE_SIZE,
					PAGE_SIZE, VM_ALLOC);
		assert_non_null(va[i]);
	}
	/* Free a low one, so the hint (the last area) stays high; the
	 * freed range belongs to nobody. */
	vfree_ok(&vs, va[2]->va_start);
	assert_null(find_vmap_area(&vs, va[1]->va_end + PAGE_SIZE));
	assert_null(find_vmap_area(&vs, va[3]->va_start - 1));
	for (int i = 0; i < 16; i++) {
		unsigned long s, e;

		if (i == 2)
			continue;
		s = va[i]->va_start;
		e = va[i]->va_end;
		assert_ptr_equal(find_vmap_area(&vs, s), va[i]);
		assert_ptr_equal(find_vmap_area(&vs, s + 123), va[i]);
		assert_ptr_equal(find_vmap_area(&vs, e - 1), va[i]);
		assert_null(find_vmap_area(&vs, e));
		assert_null(find_vmap_area(&vs, e + PAGE_SIZE - 1));
	}
	assert_null(find_vmap_area(&vs, VSTART - 1));
	assert_null(find_vmap_area(&vs, 0));
	assert_null(find_vmap_area(&vs, ULONG_MAX));
	assert_null(find_vmap_area(&vs, VEND - 1));
	assert_int_equal(vmap_space_destroy(&vs), 15);
}

static void test_iteration(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va;
	unsigned long last = 0, n = 0, sum = 0;

	(void)state;
	init_space(&vs, VSTART, VEND);
	n = 0;
	for_each_vmap_area(&vs, va) n++;
	assert_int_equal(n, 0);
	srand(99);
	for (int i = 0; i < 50; i++)
		assert_non_null(alloc_vmap_area(
			&vs, (1 + (unsigned long)rand() % 8) * PAGE_SIZE,
			PAGE_SIZE << (rand() % 10), VM_ALLOC));
	/* Punch holes, then fill some of them again. */
	for (int i = 0; i < 20; i++) {
		va = vmap_area_first(&vs);
		for (int k = rand() % (int)vs.nr_areas; k > 0; k--)
			va = vmap_area_next(&vs, va);
		vfree_ok(&vs, va->va_start);
		assert_non_null(alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0));
	}
	for_each_vmap_area(&vs, va)
	{
		assert_true(va->va_start > last || n == 0);
		last = va->va_start;
		sum += vmap_area_size(va);
		n++;
	}
	assert_int_equal(n, 50);
	assert_int_equal(sum, vs.used_bytes);
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), 50);
}

static void test_stats(void **state)
{
	struct vmap_space vs;
	struct vmap_space_stats st;
	struct vmap_area *a, *b, *c;
	const unsigned long size = 64 * PAGE_SIZE;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_START + size);
	a = alloc_vmap_area(&vs, 4 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	b = alloc_vmap_area(&vs, 10 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	c = alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, VM_IOREMAP);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	vfree_ok(&vs, b->va_start);
	/* a (4+1) | hole 11 | c (2+1) | tail 64 - 19 = 45 */
	vmap_space_stats(&vs, &st);
	assert_int_equal(st.nr_areas, 2);
	assert_int_equal(st.used_bytes, 6 * PAGE_SIZE);
	assert_int_equal(st.guard_bytes, 2 * PAGE_SIZE);
	assert_int_equal(st.free_bytes, 56 * PAGE_SIZE);
	assert_int_equal(st.largest_gap, 45 * PAGE_SIZE);
	assert_int_equal(st.largest_alloc, 44 * PAGE_SIZE);
	/* largest_alloc is exactly what still fits. */
	assert_null(alloc_vmap_area(&vs, st.largest_alloc + 1, PAGE_SIZE, 0));
	b = alloc_vmap_area(&vs, st.largest_alloc, PAGE_SIZE, 0);
	assert_non_null(b);
	vmap_space_stats(&vs, &st);
	assert_int_equal(st.largest_gap, 11 * PAGE_SIZE);
	assert_int_equal(st.free_bytes, 11 * PAGE_SIZE);
	assert_int_equal(st.nr_areas, 3);
	assert_int_equal(vmap_space_destroy(&vs), 3);
}

static void test_dump_lines(void **state)
{
	struct vmap_space vs;
	struct vmap_area *a, *b, *c, *d;
	char small[20];
	int level;

	(void)state;
	init_space(&vs, VSTART, VEND);
	a = alloc_vmap_area(&vs, 4 * PAGE_SIZE, PAGE_SIZE, VM_ALLOC);
	b = alloc_vmap_area(&vs, PAGE_SIZE, SZ_2M, VM_IOREMAP);
	b->phys_addr = 0xfed00000;
	c = alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, VM_MAP | VM_USERMAP);
	d = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0x100);
	assert_non_null(d);
	log_capture_start();
	vmalloc_dump(&vs);
	assert_int_equal(log_capture_count(), 4);
	assert_string_equal(log_capture_line(0, &level),
			    "0xffffc90000000000-0xffffc90000005000   20480 "
			    "pages=4 vmalloc\n");
	assert_int_equal(level, LOGLEVEL_INFO);
	/* Lowest first: c and d went into the gap below b. */
	assert_string_equal(log_capture_line(1, NULL),
			    "0xffffc90000005000-0xffffc90000008000   12288 "
			    "vmap user\n");
	assert_string_equal(log_capture_line(2, NULL),
			    "0xffffc90000008000-0xffffc9000000a000    8192\n");
	assert_string_equal(log_capture_line(3, NULL),
			    "0xffffc90000200000-0xffffc90000202000    8192 "
			    "phys=0xfed00000 ioremap\n");
	assert_int_equal(c->va_start, 0xffffc90000005000UL);

	/* A short buffer: cut, still terminated, length is what was written. */
	assert_int_equal(vmap_area_format(a, small, sizeof(small)), 19);
	assert_string_equal(small, "0xffffc90000000000-");
	assert_int_equal(vmap_area_format(a, small, 0), 0);
	assert_int_equal(vmap_space_destroy(&vs), 4);
}

static void test_descriptor_alloc_failure(void **state)
{
	struct vmap_space vs, before;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_END);
	assert_non_null(alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0));
	before = vs;
	fail_alloc = true;
	assert_null(alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, 0));
	assert_last_line("no memory for the descriptor of a 8192-byte area",
			 LOGLEVEL_WARNING);
	assert_memory_equal(&vs, &before, sizeof(vs));
	fail_alloc = false;
	assert_non_null(alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, 0));
	assert_int_equal(vmap_space_verify(&vs), 0);
	assert_int_equal(vmap_space_destroy(&vs), 2);
}

static void test_destroy_and_reuse(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_END);
	assert_int_equal(vmap_space_destroy(&vs), 0);
	for (int i = 0; i < 5; i++)
		assert_non_null(alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0));
	assert_int_equal(live_descs, 5);
	assert_int_equal(vmap_space_destroy(&vs), 5);
	assert_int_equal(live_descs, 0);
	assert_int_equal(vs.nr_areas, 0);
	assert_int_equal(vmap_space_verify(&vs), 0);
	va = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0);
	assert_non_null(va);
	assert_int_equal(va->va_start, SMALL_START);
	assert_int_equal(vmap_space_destroy(&vs), 1);
}

/*
 * The hint never changes the answer: a hole below it is still found by a
 * request that fits there, and a larger request goes above.
 */
static void test_hint_keeps_first_fit(void **state)
{
	struct vmap_space vs;
	struct vmap_area *va[8], *x;

	(void)state;
	init_space(&vs, VSTART, VEND);
	for (int i = 0; i < 8; i++)
		va[i] = alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, 0);
	/* Hole of 3 pages at va[1] (2 + guard). */
	vfree_ok(&vs, va[1]->va_start);
	x = alloc_vmap_area(&vs, 3 * PAGE_SIZE, PAGE_SIZE, 0);
	assert_int_equal(x->va_start, va[7]->va_end + PAGE_SIZE);
	x = alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, 0);
	assert_int_equal(x->va_start, va[0]->va_end + PAGE_SIZE);
	/* Freeing the hint area itself, and then the one below it. */
	vfree_ok(&vs, x->va_start);
	vfree_ok(&vs, va[0]->va_start);
	assert_int_equal(vmap_space_verify(&vs), 0);
	/* The merged 6-page hole at the bottom (va[0], va[1] and guards). */
	x = alloc_vmap_area(&vs, 5 * PAGE_SIZE, PAGE_SIZE, 0);
	assert_int_equal(x->va_start, VSTART);
	vfree_ok(&vs, x->va_start);
	/* Fill upwards, then free from the top: each free of the hint area
	 * moves the hint to the area below, down to the bottom. */
	for (int i = 0; i < 3; i++)
		assert_non_null(
			alloc_vmap_area(&vs, 7 * PAGE_SIZE, PAGE_SIZE, 0));
	while (vs.nr_areas) {
		struct vmap_area *top =
			container_of(vs.areas.prev, struct vmap_area, list);
		struct vmap_link *below = top->list.prev;

		assert_ptr_equal(vs.hint, &top->list);
		vfree_ok(&vs, top->va_start);
		assert_ptr_equal(vs.hint, below);
		assert_int_equal(vmap_space_verify(&vs), 0);
	}
	assert_ptr_equal(vs.hint, &vs.areas);
	assert_int_equal(vs.hint_hole, 0);
}

/* A simple first-fit model over a small space. */
struct model_area {
	unsigned long start, end;
};

static unsigned long model_first_fit(const struct model_area *m, size_t n,
				     unsigned long lo_space,
				     unsigned long hi_space, unsigned long size,
				     unsigned long align)
{
	unsigned long lo = lo_space;

	for (size_t i = 0; i <= n; i++) {
		unsigned long hi = i < n ? m[i].start : hi_space;
		unsigned long a = ALIGN(lo, align);

		if (a + size + PAGE_SIZE <= hi)
			return a;
		if (i < n)
			lo = m[i].end + PAGE_SIZE;
	}
	return 0;
}

static void model_sync(const struct vmap_space *vs, struct model_area *m,
		       size_t *n)
{
	struct vmap_area *va;

	*n = 0;
	for_each_vmap_area(vs, va)
	{
		m[*n].start = va->va_start;
		m[(*n)++].end = va->va_end;
	}
}

static void test_matches_first_fit_model(void **state)
{
	const unsigned long start = SZ_1G, end = SZ_1G + 512 * PAGE_SIZE;
	struct model_area m[512];
	struct vmap_space vs;
	size_t n = 0;

	(void)state;
	init_space(&vs, start, end);
	srand(2024);
	for (int step = 0; step < 5000; step++) {
		if (rand() % 3 && vs.nr_areas < 200) {
			unsigned long size =
				(1 + (unsigned long)rand() % 12) * PAGE_SIZE;
			unsigned long align = PAGE_SIZE << (rand() % 5);
			unsigned long want =
				model_first_fit(m, n, start, end, size, align);
			struct vmap_area *va =
				alloc_vmap_area(&vs, size, align, 0);

			if (!want)
				assert_null(va);
			else
				assert_int_equal(va->va_start, want);
		} else if (n) {
			vfree_ok(&vs, m[(size_t)rand() % n].start);
		}
		model_sync(&vs, m, &n);
		assert_int_equal(vmap_space_verify(&vs), 0);
	}
	vmap_space_destroy(&vs);
}

/* The checker finds each kind of corruption. */
static void test_verify_detects_corruption(void **state)
{
	struct vmap_space vs;
	struct vmap_area *a, *b, *c;
	unsigned long saved;
	struct vmap_link *link;

	(void)state;
	init_space(&vs, SMALL_START, SMALL_END);
	a = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0);
	b = alloc_vmap_area(&vs, 2 * PAGE_SIZE, PAGE_SIZE, 0);
	c = alloc_vmap_area(&vs, PAGE_SIZE, PAGE_SIZE, 0);
	vfree_ok(&vs, c->va_start);
	assert_int_equal(vmap_space_verify(&vs), 0);

	/* b now touches a's guard page. */
	b->va_start -= PAGE_SIZE;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("verify: area", LOGLEVEL_ERR);
	b->va_start += PAGE_SIZE;

	saved = a->va_end;
	a->va_end = a->va_start;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("empty or unaligned", LOGLEVEL_ERR);
	a->va_end = saved + 1;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	a->va_end = saved;

	b->va_end = SMALL_END;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("guard past", LOGLEVEL_ERR);
	b->va_end = b->va_start + 2 * PAGE_SIZE;

	vs.nr_areas++;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("counters say", LOGLEVEL_ERR);
	vs.nr_areas--;
	vs.used_bytes++;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	vs.used_bytes--;

	link = b->list.prev;
	b->list.prev = &vs.areas;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("list broken", LOGLEVEL_ERR);
	b->list.prev = link;

	link = vs.areas.prev;
	vs.areas.prev = &a->list;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("list tail broken", LOGLEVEL_ERR);
	vs.areas.prev = link;

	link = vs.hint;
	vs.hint = &c->list; /* freed: not on the list */
	c = NULL;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("hint is not on the list", LOGLEVEL_ERR);
	vs.hint = &b->list;
	vs.hint_hole = 0;
	vfree_ok(&vs, a->va_start); /* below the hint: hole grows */
	assert_int_equal(vmap_space_verify(&vs), 0);
	vs.hint_hole = PAGE_SIZE;
	assert_int_equal(vmap_space_verify(&vs), -EIO);
	assert_last_line("exceeds hint_hole", LOGLEVEL_ERR);
	vs.hint = link;
	(void)c;
	vmap_space_destroy(&vs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_alloc_first_fit_and_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_2m_aligned, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alloc_bad_args, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guard_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion_and_reuse,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_space_at_top_of_address_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_free, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_free_random_order_coalesces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iteration, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_alloc_failure,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_and_reuse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hint_keeps_first_fit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_matches_first_fit_model,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_detects_corruption,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
