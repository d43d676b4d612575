// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/direct_map.c: the direct map of RAM ranges at
 * page_offset_base, checked against exact dump lines for the memory maps
 * QEMU's pc machine gives (1 GiB; 4 GiB with the PCI hole), against the
 * table-page formula of REFERENCE.md section 6, and against
 * pgt_direct_map_tables (an independent count of the fewest table pages)
 * for many generated range sets, page-size masks, bases and both paging
 * depths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/pgtable/pgt_fix.h"
#include "hosttest/pgtable/pgt_pool.h"
#include "kernel/lib/errno.h"
#include "mm/pgtable.h"

/* QEMU pc with 1 GiB: e820 RAM below 640K (less the EBDA) and above 1M. */
static const struct pgt_phys_range qemu_1g[] = {
	{0x1000, 0x9fc00},
	{0x100000, 0x3ffe0000},
};

/* QEMU pc with 4 GiB: 3 GiB below the PCI hole, 1 GiB above 4 GiB. */
static const struct pgt_phys_range qemu_4g[] = {
	{0x1000, 0x9fc00},
	{0x100000, 0xc0000000},
	{0x100000000ULL, 0x140000000ULL},
};

/* Start again with an empty hierarchy of @levels. */
static void reset(struct pgt_fix *f, int levels)
{
	pgt_destroy(&f->p);
	assert_int_equal(f->pool.outstanding, 0);
	pool_pgt_init(&f->p, &f->pool, levels, PGT_FIX_PHYS_BITS);
}

static u64 base_of(const struct pgt_fix *f)
{
	return f->p.levels == 5 ? KB5 : KB4;
}

struct lines {
	char text[16][128];
	int n;
};

static void collect_line(void *arg, const char *line)
{
	struct lines *l = arg;

	assert_true(l->n < 16);
	strcpy(l->text[l->n++], line);
}

/* Dump and compare with @want, written for base KB4 and rebased. */
static void check_dump(const struct pgt_fix *f, const char *const *want, int n)
{
	struct lines l = {.n = 0};
	u64 delta = base_of(f) - KB4;
	char expect[128];

	pgt_dump(&f->p, collect_line, &l);
	assert_int_equal(l.n, n);
	for (int i = 0; i < n; i++) {
		char *rest;
		u64 start = strtoull(want[i], &rest, 16);
		u64 end = strtoull(rest + 1, &rest, 16);

		snprintf(expect, sizeof(expect), "0x%016llx-0x%016llx%s",
			 (unsigned long long)(start + delta),
			 (unsigned long long)(end + delta), rest);
		assert_string_equal(l.text[i], expect);
	}
}

static void check_tr(const struct pgt *p, u64 va, u64 pa, u64 size)
{
	struct pgt_translation t;

	assert_int_equal(pgt_translate(p, va, &t), 0);
	assert_true(t.pa == pa);
	assert_true(t.page_size == size);
	assert_int_equal(t.prot, PGT_KERNEL);
}

static void check_unmapped(const struct pgt *p, u64 va)
{
	struct pgt_translation t;

	assert_int_equal(pgt_translate(p, va, &t), -ENOENT);
}

static u64 build(struct pgt_fix *f, u64 base, const struct pgt_phys_range *r,
		 size_t n, unsigned int sizes, struct pgt_stats *st)
{
	u64 before = pgt_nr_tables(&f->p);

	assert_int_equal(pgt_map_direct(&f->p, base, r, n, sizes, st), 0);
	assert_true(pgt_nr_tables(&f->p) - before == st->nr_tables);
	/* the builder used exactly the fewest table pages */
	assert_true(st->nr_tables ==
		    pgt_direct_map_tables(f->p.levels, base, r, n, sizes));
	return st->nr_tables;
}

static void test_one_gib(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"0xffff888000000000-0xffff888040000000   1G  RW NX GLB  1x1G",
	};
	/* clang-format on */
	static const struct pgt_phys_range r[] = {{0, SZ1G}};
	struct pgt_fix *f = *state;
	struct pgt_stats st;
	u64 extra = (u64)(f->p.levels - 4);

	/* formula: ceil(1/512) = 1 PDPT (+ a PML4 under a PML5 root) */
	assert_true(build(f, base_of(f), r, 1, PGT_SIZES_ALL, &st) ==
		    1 + extra);
	assert_true(st.nr_1g == 1 && st.nr_2m == 0 && st.nr_4k == 0);
	check_dump(f, want, 1);
	check_tr(&f->p, base_of(f) + 0x12345678, 0x12345678, SZ1G);
	check_unmapped(&f->p, base_of(f) + SZ1G);
	/* building it again changes nothing */
	assert_int_equal(
		pgt_map_direct(&f->p, base_of(f), r, 1, PGT_SIZES_ALL, &st), 0);
	assert_true(st.nr_tables == 0);
	assert_true(st.nr_1g == 0);
	check_dump(f, want, 1);
}

/* REFERENCE.md 6: N GiB needs ceil(N/512) PDPT pages with 1 GiB pages, N
 * PD pages more with 2 MiB pages, and 512*N PT pages more with 4 KiB. */
static void test_formula(void **state)
{
	static const u64 gib[] = {1, 2, 64, 511, 512, 513, 1024};
	struct pgt_fix *f = *state;
	int levels = f->p.levels;
	struct pgt_stats st;

	for (size_t i = 0; i < sizeof(gib) / sizeof(gib[0]); i++) {
		u64 n = gib[i];
		struct pgt_phys_range r = {0, n * SZ1G};
		u64 pdpt = (n + 511) / 512;
		/* a PML5 root needs one PML4 per 256 TiB */
		u64 upper = levels == 5 ? 1 : 0;

		reset(f, levels);
		assert_true(build(f, base_of(f), &r, 1, PGT_SIZES_ALL, &st) ==
			    upper + pdpt);
		assert_true(st.nr_1g == n);
		reset(f, levels);
		assert_true(build(f, base_of(f), &r, 1,
				  PGT_SIZE_2M | PGT_SIZE_4K,
				  &st) == upper + pdpt + n);
		assert_true(st.nr_2m == 512 * n && st.nr_1g == 0);
		if (n > 2)
			continue;
		reset(f, levels);
		assert_true(build(f, base_of(f), &r, 1, PGT_SIZE_4K, &st) ==
			    upper + pdpt + n + 512 * n);
		assert_true(st.nr_4k == 512 * 512 * n);
	}
}

static void test_qemu_1g(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"0xffff888000001000-0xffff88800009f000 632K  RW NX GLB  158x4K",
		"0xffff888000100000-0xffff888000200000   1M  RW NX GLB  256x4K",
		"0xffff888000200000-0xffff88803fe00000 1020M  RW NX GLB  510x2M",
		"0xffff88803fe00000-0xffff88803ffe0000 1920K  RW NX GLB  480x4K",
	};
	/* clang-format on */
	struct pgt_fix *f = *state;
	u64 b = base_of(f);
	struct pgt_stats st;

	/* PDPT, one PD, PTs for the first and the last 2 MiB */
	assert_true(build(f, b, qemu_1g, 2, PGT_SIZES_ALL, &st) ==
		    4 + (u64)(f->p.levels - 4));
	assert_true(st.nr_4k == 158 + 256 + 480);
	assert_true(st.nr_2m == 510 && st.nr_1g == 0);
	check_dump(f, want, 4);
	/* the holes stay holes: page 0, the partial page at 0x9f000, the
	 * ISA hole, the top 128 KiB */
	check_unmapped(&f->p, b);
	check_unmapped(&f->p, b + 0x9f000);
	check_unmapped(&f->p, b + 0xfffff);
	check_unmapped(&f->p, b + 0x3ffe0000);
	check_tr(&f->p, b + 0x9efff, 0x9efff, SZ4K);
	check_tr(&f->p, b + 0x100000, 0x100000, SZ4K);
	check_tr(&f->p, b + 0x3ffdf000, 0x3ffdf000, SZ4K);
}

static void test_qemu_4g_pci_hole(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"0xffff888000001000-0xffff88800009f000 632K  RW NX GLB  158x4K",
		"0xffff888000100000-0xffff888000200000   1M  RW NX GLB  256x4K",
		"0xffff888000200000-0xffff888040000000 1022M  RW NX GLB  511x2M",
		"0xffff888040000000-0xffff8880c0000000   2G  RW NX GLB  2x1G",
		"0xffff888100000000-0xffff888140000000   1G  RW NX GLB  1x1G",
	};
	/* clang-format on */
	/* clang-format off */
	static const char *const want_2m[] = {
		"0xffff888000001000-0xffff88800009f000 632K  RW NX GLB  158x4K",
		"0xffff888000100000-0xffff888000200000   1M  RW NX GLB  256x4K",
		"0xffff888000200000-0xffff8880c0000000 3070M  RW NX GLB  1535x2M",
		"0xffff888100000000-0xffff888140000000   1G  RW NX GLB  512x2M",
	};
	/* clang-format on */
	struct pgt_fix *f = *state;
	u64 b = base_of(f), extra = (u64)(f->p.levels - 4);
	struct pgt_stats st;

	/* PDPT, the PD of the first GiB, the PT of the first 2 MiB */
	assert_true(build(f, b, qemu_4g, 3, PGT_SIZES_ALL, &st) == 3 + extra);
	assert_true(st.nr_1g == 3 && st.nr_2m == 511 && st.nr_4k == 414);
	check_dump(f, want, 5);
	check_unmapped(&f->p, b + 0xc0000000);
	check_unmapped(&f->p, b + 0xfffff000);
	check_unmapped(&f->p, b + 0x140000000ULL);
	check_tr(&f->p, b + 0x13fffffffULL, 0x13fffffffULL, SZ1G);

	/* without 1 GiB pages: a PD for each GiB with RAM (0, 1, 2, 4) */
	reset(f, f->p.levels);
	assert_true(build(f, b, qemu_4g, 3, PGT_SIZE_4K | PGT_SIZE_2M, &st) ==
		    6 + extra);
	assert_true(st.nr_2m == 511 + 1024 + 512);
	check_dump(f, want_2m, 4);
}

static void test_holes(void **state)
{
	static const struct pgt_phys_range r[] = {
		{0, SZ1G},
		{2 * SZ1G, 3 * SZ1G + SZ2M + SZ4K},
		{700 * SZ1G, 700 * SZ1G + SZ4K},
	};
	struct pgt_fix *f = *state;
	u64 b = base_of(f), extra = (u64)(f->p.levels - 4);
	struct pgt_stats st;

	/* PDPT 0, PD+PT for the tail at 3G, PDPT 1 + PD + PT for 700G */
	assert_true(build(f, b, r, 3, PGT_SIZES_ALL, &st) == 6 + extra);
	assert_true(st.nr_1g == 2 && st.nr_2m == 1 && st.nr_4k == 2);
	check_unmapped(&f->p, b + SZ1G);
	check_unmapped(&f->p, b + 2 * SZ1G - SZ4K);
	check_unmapped(&f->p, b + 3 * SZ1G + SZ2M + SZ4K);
	check_unmapped(&f->p, b + 700 * SZ1G + SZ4K);
	check_tr(&f->p, b + 3 * SZ1G + SZ2M, 3 * SZ1G + SZ2M, SZ4K);
	check_tr(&f->p, b + 700 * SZ1G, 700 * SZ1G, SZ4K);
}

static void test_promotion_across_ranges(void **state)
{
	static const struct pgt_phys_range gig[] = {
		{0, 0x100000},
		{0x100000, 0x7ff00000},
		{0x7ff00000, 2 * SZ1G},
	};
	static const struct pgt_phys_range two_meg[] = {
		{SZ2M, SZ2M + 0x100000},
		{SZ2M + 0x100000, 2 * SZ2M},
	};
	/* empty and partial-page ranges vanish; what is left touches */
	static const struct pgt_phys_range ragged[] = {
		{0x1800, 0x3800}, {0x3800, 0x3900}, {0x3900, 0x4000},
		{0x4000, 0x5000}, {0x5000, 0x5000},
	};
	struct pgt_fix *f = *state;
	u64 b = base_of(f);
	struct pgt_stats st;

	build(f, b, gig, 3, PGT_SIZES_ALL, &st);
	assert_true(st.nr_1g == 2 && st.nr_2m == 0 && st.nr_4k == 0);
	reset(f, f->p.levels);
	build(f, b, two_meg, 2, PGT_SIZES_ALL, &st);
	assert_true(st.nr_2m == 1 && st.nr_4k == 0);
	check_tr(&f->p, b + SZ2M + 0x180000, SZ2M + 0x180000, SZ2M);
	reset(f, f->p.levels);
	build(f, b, ragged, 5, PGT_SIZES_ALL, &st);
	assert_true(st.nr_4k == 2);
	check_unmapped(&f->p, b + 0x1000);
	check_tr(&f->p, b + 0x2000, 0x2000, SZ4K);
	check_unmapped(&f->p, b + 0x3000);
	check_tr(&f->p, b + 0x4000, 0x4000, SZ4K);
	check_unmapped(&f->p, b + 0x5000);
	/* no ranges at all */
	reset(f, f->p.levels);
	assert_true(build(f, b, NULL, 0, PGT_SIZES_ALL, &st) == 0);
}

static void test_unaligned_base(void **state)
{
	static const struct pgt_phys_range r2g[] = {{0, 2 * SZ1G}};
	static const struct pgt_phys_range r4m[] = {{0, 2 * SZ2M}};
	struct pgt_fix *f = *state;
	u64 extra = (u64)(f->p.levels - 4);
	struct pgt_stats st;

	/* 2 MiB-aligned base: no 1 GiB pages; VA touches 3 GiB blocks */
	assert_true(build(f, base_of(f) + SZ2M, r2g, 1, PGT_SIZES_ALL, &st) ==
		    4 + extra);
	assert_true(st.nr_1g == 0 && st.nr_2m == 1024);
	reset(f, f->p.levels);
	/* 4 KiB-aligned base: 4 KiB pages only, 3 PTs */
	assert_true(build(f, base_of(f) + SZ4K, r4m, 1, PGT_SIZES_ALL, &st) ==
		    5 + extra);
	assert_true(st.nr_4k == 1024);
}

/* A small deterministic generator for range sets. */
static u64 rng_state = 0x2545f4914f6cdd1dULL;

static u64 rng(void)
{
	return xorshift64(&rng_state);
}

/* A boundary near a 1 GiB, 2 MiB or 4 KiB step, below @limit. */
static u64 rand_boundary(u64 limit)
{
	static const u64 steps[] = {SZ1G, SZ2M, SZ4K, 0x800};
	u64 step = steps[rng() % 4];
	u64 v = (rng() % (limit / step + 1)) * step;

	return v > limit ? limit : v;
}

static size_t rand_ranges(struct pgt_phys_range *r, u64 limit)
{
	u64 pts[12];
	size_t n = 2 * (1 + rng() % 6), out = 0;

	for (size_t i = 0; i < n; i++)
		pts[i] = rand_boundary(limit);
	/* sort the boundaries; pairs become ranges */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && pts[j - 1] > pts[j]; j--) {
			u64 t = pts[j];

			pts[j] = pts[j - 1];
			pts[j - 1] = t;
		}
	for (size_t i = 0; i < n; i += 2)
		r[out++] = (struct pgt_phys_range){pts[i], pts[i + 1]};
	return out;
}

/* Every whole page of RAM is mapped at base + pa, and nothing else. */
struct coverage {
	const struct pgt_phys_range *r;
	size_t n;
	u64 base;
	u64 bytes;
};

static bool in_ram(const struct coverage *c, u64 pa)
{
	for (size_t i = 0; i < c->n; i++)
		if (pa >= ((c->r[i].start + SZ4K - 1) & ~(SZ4K - 1)) &&
		    pa + SZ4K <= c->r[i].end)
			return true;
	return false;
}

static int check_page(void *arg, const struct pgt_translation *t)
{
	struct coverage *c = arg;

	assert_true(t->pa == t->va - c->base);
	assert_int_equal(t->prot, PGT_KERNEL);
	/* first, middle and last 4 KiB of the page are RAM */
	assert_true(in_ram(c, t->pa));
	assert_true(in_ram(c, t->pa + ((t->page_size / 2) & ~(SZ4K - 1))));
	assert_true(in_ram(c, t->pa + t->page_size - SZ4K));
	c->bytes += t->page_size;
	return 0;
}

static u64 ram_bytes(const struct pgt_phys_range *r, size_t n)
{
	u64 total = 0;

	for (size_t i = 0; i < n; i++) {
		u64 s = (r[i].start + SZ4K - 1) & ~(SZ4K - 1);
		u64 e = r[i].end & ~(SZ4K - 1);

		total += e > s ? e - s : 0;
	}
	return total;
}

static void test_random_against_count(void **state)
{
	/* 4 KiB|1 GiB maps are mostly 4 KiB pages: the slowest, so rarer */
	static const unsigned int masks[] = {
		PGT_SIZES_ALL,
		PGT_SIZE_4K | PGT_SIZE_2M,
		PGT_SIZES_ALL,
		PGT_SIZE_4K,
		PGT_SIZES_ALL,
		PGT_SIZE_4K | PGT_SIZE_2M,
		PGT_SIZE_4K | PGT_SIZE_1G,
		PGT_SIZE_4K,
	};
	struct pgt_fix *f = *state;
	struct pgt_phys_range r[6];

	for (int iter = 0; iter < 160; iter++) {
		unsigned int mask = masks[iter % 8];
		/* maps without 2 MiB pages stay small enough for the pool */
		u64 limit = !(mask & PGT_SIZE_2M)
				    ? (mask & PGT_SIZE_1G ? SZ1G + 8 * SZ2M
							  : 64 * SZ2M)
				    : 16 * SZ1G;
		u64 base = base_of(f) + (iter % 3 == 1 ? SZ2M : 0);
		size_t n = rand_ranges(r, limit);
		struct coverage c = {r, n, base, 0};
		struct pgt_stats st;

		reset(f, f->p.levels);
		build(f, base, r, n, mask, &st);
		assert_true(st.nr_4k * SZ4K + st.nr_2m * SZ2M +
				    st.nr_1g * SZ1G ==
			    ram_bytes(r, n));
		assert_int_equal(pgt_walk(&f->p, check_page, &c), 0);
		assert_true(c.bytes == ram_bytes(r, n));
		assert_int_equal(pgt_check(&f->p, NULL), 0);
	}
}

static void test_errors(void **state)
{
	static const struct pgt_phys_range unsorted[] = {
		{0x200000, 0x300000},
		{0x100000, 0x180000},
	};
	static const struct pgt_phys_range overlap[] = {
		{0x100000, 0x300000},
		{0x200000, 0x400000},
	};
	static const struct pgt_phys_range backwards[] = {
		{0x300000, 0x200000},
	};
	static const struct pgt_phys_range too_high[] = {
		{0, (1ULL << 46) + SZ4K},
	};
	static const struct pgt_phys_range eight_g[] = {{0, 8 * SZ1G}};
	struct pgt_fix *f = *state;
	u64 b = base_of(f);

	assert_int_equal(
		pgt_map_direct(&f->p, b, unsorted, 2, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("range 1 [0x100000-0x180000) overlaps "
					 "or precedes [0x200000-0x300000)"));
	assert_int_equal(
		pgt_map_direct(&f->p, b, overlap, 2, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_int_equal(
		pgt_map_direct(&f->p, b, backwards, 1, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("bad range 0 [0x300000-0x200000)"));
	assert_int_equal(
		pgt_map_direct(&f->p, b, too_high, 1, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("46 bits"));
	assert_int_equal(pgt_map_direct(&f->p,
					f->p.levels == 5
						? 0x0100000000000000ULL
						: 0x0000800000000000ULL,
					qemu_1g, 2, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("not canonical"));
	assert_int_equal(pgt_map_direct(&f->p, b + 0x800, qemu_1g, 2,
					PGT_SIZES_ALL, NULL),
			 -EINVAL);
	/* the top of RAM would run out of the lower half */
	assert_int_equal(
		pgt_map_direct(&f->p,
			       (f->p.levels == 5 ? 1ULL << 56 : 1ULL << 47) -
				       4 * SZ1G,
			       eight_g, 1, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("leaves its canonical half"));
	assert_int_equal(
		pgt_map_direct(&f->p, b, qemu_1g, 2, PGT_SIZE_2M, NULL),
		-EINVAL);
	assert_true(log_capture_contains("RAM 0x1000-0x9f000 not aligned"));
	assert_int_equal(pgt_map_direct(&f->p, b, qemu_1g, 2, 0, NULL),
			 -EINVAL);
	assert_int_equal(pgt_map_direct(&f->p, b, qemu_1g, 2, 16, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("bad page-size mask 0x10"));
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	/* 2 MiB pages alone are fine for 2 MiB-aligned RAM */
	assert_int_equal(
		pgt_map_direct(&f->p, b, eight_g, 1, PGT_SIZE_2M, NULL), 0);
}

static void test_enomem_and_conflict(void **state)
{
	struct pgt_fix *f = *state;
	u64 b = base_of(f), need;
	size_t out = f->pool.outstanding;
	struct pgt_stats st;

	need = pgt_direct_map_tables(f->p.levels, b, qemu_1g, 2, PGT_SIZES_ALL);
	f->pool.budget = need - 1;
	assert_int_equal(
		pgt_map_direct(&f->p, b, qemu_1g, 2, PGT_SIZES_ALL, &st),
		-ENOMEM);
	assert_true(st.nr_tables == 0 && st.nr_4k == 0);
	assert_true(log_capture_contains("direct map 0x"));
	assert_true(log_capture_contains("size 0x3ffe0000"));
	assert_int_equal(f->pool.outstanding, out);
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	check_unmapped(&f->p, b + 0x1000);
	f->pool.budget = need;
	assert_int_equal(
		pgt_map_direct(&f->p, b, qemu_1g, 2, PGT_SIZES_ALL, &st), 0);
	f->pool.budget = SIZE_MAX;

	/* something else already at base + 1 GiB: refused, nothing added */
	reset(f, f->p.levels);
	assert_int_equal(pgt_map(&f->p, b + SZ1G + SZ2M, 0, SZ4K, PGT_KERNEL_RO,
				 PGT_SIZES_ALL, NULL),
			 0);
	{
		static const struct pgt_phys_range r[] = {{0, 2 * SZ1G}};
		u64 tables = pgt_nr_tables(&f->p);

		assert_int_equal(
			pgt_map_direct(&f->p, b, r, 1, PGT_SIZES_ALL, NULL),
			-EEXIST);
		assert_true(
			log_capture_contains("already maps 0x0 (ro NX GLB)"));
		assert_int_equal(pgt_nr_tables(&f->p), tables);
		check_unmapped(&f->p, b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T4(test_one_gib),
		T5(test_one_gib),
		T4(test_formula),
		T5(test_formula),
		T4(test_qemu_1g),
		T5(test_qemu_1g),
		T4(test_qemu_4g_pci_hole),
		T5(test_qemu_4g_pci_hole),
		T4(test_holes),
		T5(test_holes),
		T4(test_promotion_across_ranges),
		T4(test_unaligned_base),
		T5(test_unaligned_base),
		T4(test_random_against_count),
		T5(test_random_against_count),
		T4(test_errors),
		T5(test_errors),
		T4(test_enomem_and_conflict),
		T5(test_enomem_and_conflict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
