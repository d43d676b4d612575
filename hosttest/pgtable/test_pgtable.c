// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/pgtable.c and mm/pgtable_change.c: creating and
 * destroying hierarchies, map with every page size and page-size mask,
 * conflicts, unmap with splitting and freeing of empty tables, protect,
 * translate with effective rights, walk, and what -ENOMEM and bad input
 * leave behind, in 4-level and 5-level paging.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hosttest/pgtable/pgt_fix.h"
#include "hosttest/pgtable/pgt_pool.h"
#include "kernel/lib/errno.h"
#include "mm/pgtable.h"
#include "mm/physmap.h"

/* Kernel text base. */
#define KTEXT 0xffffffff80000000ULL

/* Tables a 5-level hierarchy needs beyond a 4-level one for a new slot. */
static u64 extra(const struct pgt_fix *f)
{
	return (u64)(f->p.levels - 4);
}

static int level_of(u64 size)
{
	return size == SZ4K ? 1 : size == SZ2M ? 2 : 3;
}

static void check_tr(const struct pgt *p, u64 va, u64 pa, u64 size,
		     pgt_prot_t prot)
{
	struct pgt_translation t;

	assert_int_equal(pgt_translate(p, va, &t), 0);
	assert_true(t.pa == pa);
	assert_true(t.page_size == size);
	assert_int_equal(t.level, level_of(size));
	assert_int_equal(t.prot, prot);
}

static void check_unmapped(const struct pgt *p, u64 va)
{
	struct pgt_translation t;

	assert_int_equal(pgt_translate(p, va, &t), -ENOENT);
}

/* The entry of @level that maps @va (walking the tables by hand). */
static u64 *entry_at(const struct pgt *p, u64 va, int level)
{
	u64 *tbl = phys_to_virt(p->root);

	for (int l = p->levels; l > level; l--) {
		u64 e = tbl[pgt_index(va, l)];

		assert_true(e & PTE_PRESENT);
		tbl = phys_to_virt(e & pgt_frame_mask(p->phys_bits));
	}
	return &tbl[pgt_index(va, level)];
}

static void test_init_errors(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt q;

	assert_int_equal(pgt_init(&q, 3, 46, pool_alloc, pool_free, &f->pool),
			 -EINVAL);
	assert_true(log_capture_contains("levels 3"));
	assert_int_equal(pgt_init(&q, 6, 46, pool_alloc, pool_free, &f->pool),
			 -EINVAL);
	assert_int_equal(pgt_init(&q, 4, 31, pool_alloc, pool_free, &f->pool),
			 -EINVAL);
	assert_true(log_capture_contains("phys_bits 31"));
	assert_int_equal(pgt_init(&q, 4, 53, pool_alloc, pool_free, &f->pool),
			 -EINVAL);
	assert_int_equal(pgt_init(&q, 4, 46, NULL, pool_free, &f->pool),
			 -EINVAL);
	f->pool.budget = 0;
	assert_int_equal(pgt_init(&q, 4, 46, pool_alloc, pool_free, &f->pool),
			 -ENOMEM);
	assert_true(log_capture_contains("root"));
	/* a failed init leaves something pgt_destroy and map reject */
	pgt_destroy(&q);
	assert_int_equal(pgt_map(&q, 0x1000, 0, SZ4K, 0, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("not initialised"));
	assert_int_equal(f->pool.outstanding, 1);
}

static void test_init_destroy(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt_translation t;

	/* the root came from the pool full of junk and must be clear */
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	assert_int_equal(f->pool.outstanding, 1);
	assert_int_equal(pgt_translate(&f->p, KB4, &t), -ENOENT);
	assert_int_equal(t.level, 4);
	assert_true(t.page_size == 512 * SZ1G);
	assert_int_equal(pgt_map(&f->p, KB4, 0, 4 * SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_nr_tables(&f->p), 4);
	pgt_destroy(&f->p);
	assert_int_equal(f->pool.outstanding, 0);
	assert_int_equal(f->p.nr_tables_freed, 4);
	assert_int_equal(pgt_translate(&f->p, KB4, &t), -EINVAL);
	pgt_destroy(&f->p); /* twice is harmless */
	assert_int_equal(pgt_walk(&f->p, NULL, NULL), 0);
}

static void map_one(struct pgt_fix *f, u64 va, u64 pa, u64 size, u64 page,
		    u64 want_tables)
{
	struct pgt_stats st;
	u64 before = pgt_nr_tables(&f->p);
	int level = level_of(page);

	assert_int_equal(
		pgt_map(&f->p, va, pa, size, PGT_KERNEL, PGT_SIZES_ALL, &st),
		0);
	assert_true(st.nr_4k == (level == 1 ? size / page : 0));
	assert_true(st.nr_2m == (level == 2 ? size / page : 0));
	assert_true(st.nr_1g == (level == 3 ? size / page : 0));
	assert_true(st.nr_tables == want_tables);
	assert_true(pgt_nr_tables(&f->p) == before + want_tables);
	check_tr(&f->p, va, pa, page, PGT_KERNEL);
	check_tr(&f->p, va + size / 2 + 0x123, pa + size / 2 + 0x123, page,
		 PGT_KERNEL);
	check_tr(&f->p, va + size - 1, pa + size - 1, page, PGT_KERNEL);
	check_unmapped(&f->p, va + size);
	check_unmapped(&f->p, va - 1);
}

static void test_map_each_size(void **state)
{
	struct pgt_fix *f = *state;

	/* 4 KiB: PDPT, PD and PT are new */
	map_one(f, KB4 + SZ2M, 0x7000, 3 * SZ4K, SZ4K, 3 + extra(f));
	/* 2 MiB in a new 1 GiB slot: a PD */
	map_one(f, KB4 + SZ1G + 4 * SZ2M, 0x80400000, 2 * SZ2M, SZ2M, 1);
	/* 1 GiB in the same PDPT: nothing new */
	map_one(f, KB4 + 3 * SZ1G, 0x1c0000000ULL, 2 * SZ1G, SZ1G, 0);
}

static void test_map_mixed_alignment(void **state)
{
	struct pgt_fix *f = *state;
	u64 va = KB4 + SZ1G - SZ2M - SZ4K, pa = 5 * SZ1G - SZ2M - SZ4K;
	u64 size = SZ1G + 2 * SZ2M + 2 * SZ4K;
	struct pgt_stats st;

	assert_int_equal(
		pgt_map(&f->p, va, pa, size, PGT_KERNEL, PGT_SIZES_ALL, &st),
		0);
	assert_true(st.nr_4k == 2 && st.nr_2m == 2 && st.nr_1g == 1);
	/* PDPT, two PDs (either side of the 1 GiB page), two PTs */
	assert_true(st.nr_tables == 5 + extra(f));
	check_tr(&f->p, va, pa, SZ4K, PGT_KERNEL);
	check_tr(&f->p, va + SZ4K, pa + SZ4K, SZ2M, PGT_KERNEL);
	check_tr(&f->p, va + SZ4K + SZ2M, pa + SZ4K + SZ2M, SZ1G, PGT_KERNEL);
	check_tr(&f->p, va + SZ4K + SZ2M + SZ1G, pa + SZ4K + SZ2M + SZ1G, SZ2M,
		 PGT_KERNEL);
	check_tr(&f->p, va + size - 1, pa + size - 1, SZ4K, PGT_KERNEL);

	/* pa aligned differently from va: only 4 KiB pages fit */
	assert_int_equal(pgt_map(&f->p, KB4 + 8 * SZ1G, 0x1000, 2 * SZ2M,
				 PGT_KERNEL, PGT_SIZES_ALL, &st),
			 0);
	assert_true(st.nr_4k == 1024 && st.nr_2m == 0 && st.nr_1g == 0);
}

static void test_map_page_size_masks(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt_stats st;

	/* 4 KiB only over a 2 MiB-aligned range */
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, 2 * SZ2M, PGT_KERNEL, PGT_SIZE_4K, &st),
		0);
	assert_true(st.nr_4k == 1024 && st.nr_2m == 0);
	assert_true(st.nr_tables == 4);
	/* 2 MiB only over a whole 1 GiB */
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G, SZ1G, SZ1G, PGT_KERNEL,
				 PGT_SIZE_2M, &st),
			 0);
	assert_true(st.nr_2m == 512 && st.nr_1g == 0 && st.nr_4k == 0);
	/* 1 GiB only */
	assert_int_equal(pgt_map(&f->p, KB4 + 2 * SZ1G, 2 * SZ1G, 2 * SZ1G,
				 PGT_KERNEL, PGT_SIZE_1G, &st),
			 0);
	assert_true(st.nr_1g == 2 && st.nr_2m == 0 && st.nr_tables == 0);
	/* 2M|1G: 2 MiB head and tail around a 1 GiB page */
	assert_int_equal(pgt_map(&f->p, KB4 + 5 * SZ1G - SZ2M, 5 * SZ1G - SZ2M,
				 SZ1G + 2 * SZ2M, PGT_KERNEL,
				 PGT_SIZE_2M | PGT_SIZE_1G, &st),
			 0);
	assert_true(st.nr_1g == 1 && st.nr_2m == 2 && st.nr_4k == 0);
	check_tr(&f->p, KB4 + 5 * SZ1G, 5 * SZ1G, SZ1G, PGT_KERNEL);

	/* a range the smallest allowed page cannot tile */
	assert_int_equal(pgt_map(&f->p, KB4 + 16 * SZ1G + SZ4K, SZ4K, SZ2M,
				 PGT_KERNEL, PGT_SIZE_2M, &st),
			 -EINVAL);
	assert_true(log_capture_contains("0xffff888400001000"));
	assert_true(log_capture_contains("0x200000"));
	assert_int_equal(
		pgt_map(&f->p, KB4 + 16 * SZ1G, 0, SZ1G, PGT_KERNEL, 0, &st),
		-EINVAL);
	assert_true(log_capture_contains("mask 0x0"));
	assert_int_equal(pgt_map(&f->p, KB4 + 16 * SZ1G, 0, SZ1G, PGT_KERNEL,
				 PGT_SIZE_4K | 8, &st),
			 -EINVAL);
	assert_true(log_capture_contains("mask 0x9"));
	check_unmapped(&f->p, KB4 + 16 * SZ1G);
}

static void test_map_bad_input(void **state)
{
	struct pgt_fix *f = *state;
	u64 before = pgt_nr_tables(&f->p);

	assert_int_equal(pgt_map(&f->p, 0x0000800000000000ULL, 0, SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("0x800000000000: not canonical"));
	assert_int_equal(pgt_map(&f->p, KB4 + 0x800, 0, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("0xffff888000000800"));
	assert_int_equal(pgt_map(&f->p, KB4, 0x10, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, 0x1800, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("size 0x1800"));
	/* runs off the end of the lower half */
	assert_int_equal(pgt_map(&f->p, 0x00007ffffffff000ULL, 0, 2 * SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("leaves its canonical half"));
	/* wraps past 2^64 */
	assert_int_equal(pgt_map(&f->p, 0xfffffffffffff000ULL, 0, 2 * SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	/* beyond MAXPHYADDR (46 bits here) */
	log_capture_start();
	assert_int_equal(pgt_map(&f->p, KB4, (1ULL << 46) - SZ4K, 2 * SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("0x3ffffffff000"));
	assert_true(log_capture_contains("46 bits"));
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ4K, 0x100, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("protection 0x100"));
	assert_int_equal(pgt_nr_tables(&f->p), before);
	/* size 0 does nothing */
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, 0, PGT_KERNEL, PGT_SIZES_ALL, NULL), 0);
	assert_int_equal(pgt_nr_tables(&f->p), before);
	/* the very last page of the address space works */
	assert_int_equal(pgt_map(&f->p, 0xfffffffffffff000ULL, 0x5000, SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 0);
	check_tr(&f->p, 0xffffffffffffffffULL, 0x5fff, SZ4K, PGT_KERNEL);
	/* and the last page of MAXPHYADDR */
	assert_int_equal(pgt_map(&f->p, KB4, (1ULL << 46) - SZ4K, SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 0);
	check_tr(&f->p, KB4, (1ULL << 46) - SZ4K, SZ4K, PGT_KERNEL);
}

static void test_map_existing(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt_stats st;
	u64 tables;

	assert_int_equal(pgt_map(&f->p, KB4, 0, SZ1G + SZ2M, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	tables = pgt_nr_tables(&f->p);
	/* the same again: accepted, nothing new */
	assert_int_equal(pgt_map(&f->p, KB4, 0, SZ1G + SZ2M, PGT_KERNEL,
				 PGT_SIZES_ALL, &st),
			 0);
	assert_true(st.nr_1g == 0 && st.nr_2m == 0 && st.nr_tables == 0);
	assert_int_equal(pgt_nr_tables(&f->p), tables);
	/* 4 KiB pieces of an identical 1 GiB page: no split */
	assert_int_equal(pgt_map(&f->p, KB4 + 0x5000, 0x5000, 3 * SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 0);
	check_tr(&f->p, KB4 + 0x5000, 0x5000, SZ1G, PGT_KERNEL);
	assert_int_equal(pgt_nr_tables(&f->p), tables);

	/* other pa: refused, message names both */
	assert_int_equal(pgt_map(&f->p, KB4 + 0x5000, 0x9000, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 -EEXIST);
	assert_true(
		log_capture_contains("0xffff888000005000 already maps 0x5000 "
				     "(RW NX GLB), not 0x9000 (RW NX GLB)"));
	/* other rights: refused */
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G, SZ1G, SZ2M, PGT_KERNEL_RO,
				 PGT_SIZES_ALL, NULL),
			 -EEXIST);
	assert_true(log_capture_contains("(ro NX GLB)"));
	/* partly new, partly conflicting: nothing of it is applied */
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G + 3 * SZ2M, 0x12200000, SZ2M,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G + SZ2M, SZ1G + SZ2M,
				 3 * SZ2M, PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 -EEXIST);
	check_unmapped(&f->p, KB4 + SZ1G + SZ2M);
	check_unmapped(&f->p, KB4 + SZ1G + 2 * SZ2M);
	assert_int_equal(pgt_nr_tables(&f->p), tables);
	check_tr(&f->p, KB4 + SZ1G, SZ1G, SZ2M, PGT_KERNEL);

	/* an existing table where a 2 MiB page would go is filled instead */
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G + 2 * SZ2M + SZ4K,
				 SZ1G + 2 * SZ2M + SZ4K, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	tables = pgt_nr_tables(&f->p);
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G + 2 * SZ2M, SZ1G + 2 * SZ2M,
				 SZ2M, PGT_KERNEL, PGT_SIZE_2M, &st),
			 0);
	assert_true(st.nr_4k == 511 && st.nr_2m == 0 && st.nr_tables == 0);
	check_tr(&f->p, KB4 + SZ1G + 2 * SZ2M, SZ1G + 2 * SZ2M, SZ4K,
		 PGT_KERNEL);
	assert_int_equal(pgt_nr_tables(&f->p), tables);
	/* a conflict inside such a table */
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G + 2 * SZ2M, 0, SZ2M,
				 PGT_KERNEL, PGT_SIZE_2M, NULL),
			 -EEXIST);
}

static void test_map_enomem(void **state)
{
	struct pgt_fix *f = *state;
	size_t out = f->pool.outstanding;

	f->pool.budget = 2;
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ4K, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		-ENOMEM);
	assert_true(log_capture_contains("got 2 of 3 page-table pages"));
	assert_true(log_capture_contains("nothing changed"));
	assert_int_equal(f->pool.outstanding, out);
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	check_unmapped(&f->p, KB4);
	for (unsigned int i = 0; i < PGT_ENTRIES; i++)
		assert_true(((u64 *)phys_to_virt(f->p.root))[i] == 0);

	f->pool.budget = 3;
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ4K, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		0);
	assert_int_equal(f->pool.outstanding, out + 3);
	check_tr(&f->p, KB4, 0, SZ4K, PGT_KERNEL);
}

/* An allocator that hands out a page that is not page aligned. */
static int bad_alloc(void *arg, phys_addr_t *pa)
{
	(void)arg;
	*pa = POOL_PHYS_BASE + 0x10;
	return 0;
}

/* An allocator that fails with a positive (wrong) value. */
static int odd_alloc(void *arg, phys_addr_t *pa)
{
	(void)arg;
	(void)pa;
	return 1;
}

static void test_bad_allocator(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt q;

	assert_int_equal(pgt_init(&q, 4, 46, bad_alloc, NULL, NULL), -EINVAL);
	assert_true(log_capture_contains("allocator returned 0x140000010"));
	assert_int_equal(pgt_init(&q, 4, 46, odd_alloc, NULL, NULL), -ENOMEM);
	/* a bad page in the middle of a reserve: nothing changes */
	f->p.alloc = bad_alloc;
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ4K, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		-EINVAL);
	f->p.alloc = pool_alloc;
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	check_unmapped(&f->p, KB4);
}

/* Without a free callback pages are only counted as freed. */
static void test_no_free_callback(void **state)
{
	struct pgt_pool pool;
	struct pgt q;

	pool_init(&pool, 16);
	assert_int_equal(pgt_init(&q, 4, 46, pool_alloc, NULL, &pool), 0);
	assert_int_equal(
		pgt_map(&q, KB4, 0, SZ1G, PGT_KERNEL, PGT_SIZES_ALL, NULL), 0);
	assert_int_equal(pgt_unmap(&q, KB4 + SZ4K, SZ4K), 0);
	assert_int_equal(pgt_unmap(&q, KB4, SZ1G), 0);
	assert_int_equal(pgt_nr_tables(&q), 1);
	assert_int_equal(q.nr_tables_freed, 3);
	/* nothing went back to the pool */
	assert_int_equal(pool.outstanding, 4);
	pgt_destroy(&q);
	assert_int_equal(q.nr_tables_freed, 4);
	assert_int_equal(pool.outstanding, 4);
	pool_fini(&pool);
	/* the fixture's arena is the physmap's again */
	physmap_set_offset(
		(uintptr_t)((struct pgt_fix *)*state)->pool.arena.mem -
		POOL_PHYS_BASE);
}

static void test_unmap_split(void **state)
{
	struct pgt_fix *f = *state;
	pgt_prot_t prot = PGT_KERNEL | PGT_CACHE(5);
	struct pgt_translation t;
	u64 pa = 3 * SZ1G;

	assert_int_equal(
		pgt_map(&f->p, KB4, pa, SZ1G, prot, PGT_SIZES_ALL, NULL), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 2);
	assert_int_equal(pgt_unmap(&f->p, KB4 + SZ2M + SZ4K, SZ4K), 0);
	/* 1G -> 512 x 2M -> 512 x 4K: a PD and a PT more */
	assert_int_equal(pgt_nr_tables(&f->p), 4);
	check_tr(&f->p, KB4, pa, SZ2M, prot);
	check_tr(&f->p, KB4 + SZ2M, pa + SZ2M, SZ4K, prot);
	assert_int_equal(pgt_translate(&f->p, KB4 + SZ2M + SZ4K, &t), -ENOENT);
	assert_int_equal(t.level, 1);
	assert_true(t.page_size == SZ4K);
	check_tr(&f->p, KB4 + SZ2M + 2 * SZ4K + 7, pa + SZ2M + 2 * SZ4K + 7,
		 SZ4K, prot);
	check_tr(&f->p, KB4 + 2 * SZ2M, pa + 2 * SZ2M, SZ2M, prot);
	check_tr(&f->p, KB4 + SZ1G - 1, pa + SZ1G - 1, SZ2M, prot);
	/* PAT index 5 = PAT|PWT: bit 12 in the PD entry, bit 7 in the PT */
	assert_true(*entry_at(&f->p, KB4, 2) & PTE_PAT_LARGE);
	assert_true(*entry_at(&f->p, KB4 + SZ2M, 1) & PTE_PAT);
	assert_true(*entry_at(&f->p, KB4 + SZ2M, 1) & PTE_PWT);
	assert_false(*entry_at(&f->p, KB4 + SZ2M, 1) & PTE_PAT_LARGE);

	/* unmapping the rest frees every table but the root */
	assert_int_equal(pgt_unmap(&f->p, KB4, SZ1G), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	assert_int_equal(f->pool.outstanding, 1);
}

static void test_unmap_both_ends(void **state)
{
	struct pgt_fix *f = *state;

	/* 2 GiB of 1 GiB pages; cut out [1G - 4K, 1G + 2M + 4K) */
	assert_int_equal(pgt_map(&f->p, KB4, 0, 2 * SZ1G, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_unmap(&f->p, KB4 + SZ1G - SZ4K, SZ2M + 2 * SZ4K),
			 0);
	/* root, PDPT; left: PD + PT; right: PD + PT */
	assert_int_equal(pgt_nr_tables(&f->p), 6 + extra(f));
	check_tr(&f->p, KB4 + SZ1G - SZ2M, SZ1G - SZ2M, SZ4K, PGT_KERNEL);
	check_unmapped(&f->p, KB4 + SZ1G - SZ4K);
	check_unmapped(&f->p, KB4 + SZ1G + SZ2M);
	check_tr(&f->p, KB4 + SZ1G + SZ2M + SZ4K, SZ1G + SZ2M + SZ4K, SZ4K,
		 PGT_KERNEL);
	check_tr(&f->p, KB4 + SZ1G + 2 * SZ2M, SZ1G + 2 * SZ2M, SZ2M,
		 PGT_KERNEL);
	check_tr(&f->p, KB4, 0, SZ2M, PGT_KERNEL);
}

static void test_unmap_frees_only_empty(void **state)
{
	struct pgt_fix *f = *state;

	assert_int_equal(pgt_map(&f->p, KB4, 0, 2 * SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(&f->p, 0x400000, 0x9000, SZ4K, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_nr_tables(&f->p), 7);
	assert_int_equal(pgt_unmap(&f->p, KB4, SZ4K), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 7);
	check_tr(&f->p, KB4 + SZ4K, SZ4K, SZ4K, PGT_KERNEL);
	assert_int_equal(pgt_unmap(&f->p, KB4 + SZ4K, SZ4K), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 4);
	/* the lower half is untouched */
	check_tr(&f->p, 0x400000, 0x9000, SZ4K, PGT_USER);
	/* a range over holes and pages of several sizes */
	assert_int_equal(pgt_map(&f->p, KB4 + SZ1G, 0, SZ1G + SZ2M + SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(&f->p, KB4 + 7 * SZ1G, 0, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_unmap(&f->p, KB4, 8 * SZ1G), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 4);
	assert_int_equal(pgt_unmap(&f->p, 0, 1ULL << 47), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 1);
	/* unmapping nothing */
	assert_int_equal(pgt_unmap(&f->p, KB4, 0), 0);
	assert_int_equal(pgt_unmap(&f->p, KB4, SZ1G), 0);
}

/*
 * pin_kernel_top: the table a kernel-half root entry points at stays
 * (user address spaces copy the root entries), the ones below still go;
 * the user half is not pinned.
 */
static void test_unmap_pin_kernel_top(void **state)
{
	struct pgt_fix *f = *state;

	f->p.pin_kernel_top = true;
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ4K, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		0);
	assert_int_equal(pgt_map(&f->p, 0x400000, 0x9000, SZ4K, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_nr_tables(&f->p), 7);
	assert_int_equal(pgt_unmap(&f->p, KB4, SZ4K), 0);
	/* PD and PT under it freed, the PDPT the root points at kept */
	assert_int_equal(pgt_nr_tables(&f->p), 5);
	assert_int_equal(pgt_unmap(&f->p, 0x400000, SZ4K), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 2);
	/* still usable: mapping again reuses the pinned table */
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ4K, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		0);
	assert_int_equal(pgt_nr_tables(&f->p), 4);
	check_tr(&f->p, KB4, 0, SZ4K, PGT_KERNEL);
}

static void test_unmap_enomem_and_bad_input(void **state)
{
	struct pgt_fix *f = *state;
	size_t out;

	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ1G, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		0);
	out = f->pool.outstanding;
	f->pool.budget = 1;
	assert_int_equal(pgt_unmap(&f->p, KB4 + SZ2M, SZ4K), -ENOMEM);
	assert_true(log_capture_contains(
		"unmap 0xffff888000200000 size 0x1000: got 1 of 2"));
	assert_int_equal(f->pool.outstanding, out);
	check_tr(&f->p, KB4 + SZ2M, SZ2M, SZ1G, PGT_KERNEL);
	f->pool.budget = SIZE_MAX;

	assert_int_equal(pgt_unmap(&f->p, KB4 + 1, SZ4K), -EINVAL);
	assert_int_equal(pgt_unmap(&f->p, 0xff00000000000000ULL, SZ4K),
			 -EINVAL);
	assert_true(log_capture_contains("unmap 0xff00000000000000"));
	check_tr(&f->p, KB4, 0, SZ1G, PGT_KERNEL);
}

static void test_protect(void **state)
{
	struct pgt_fix *f = *state;
	u64 tables;

	assert_int_equal(pgt_map(&f->p, KB4, 0, SZ1G + SZ2M, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	tables = pgt_nr_tables(&f->p);
	/* a whole large page changes in place */
	assert_int_equal(pgt_protect(&f->p, KB4, SZ1G, PGT_KERNEL_RO), 0);
	check_tr(&f->p, KB4 + 5, 5, SZ1G, PGT_KERNEL_RO);
	assert_int_equal(pgt_nr_tables(&f->p), tables);
	/* the same rights over part of a page: no split */
	assert_int_equal(pgt_protect(&f->p, KB4 + SZ4K, SZ4K, PGT_KERNEL_RO),
			 0);
	assert_int_equal(pgt_nr_tables(&f->p), tables);
	check_tr(&f->p, KB4 + SZ4K, SZ4K, SZ1G, PGT_KERNEL_RO);
	/* other rights over one 4 KiB page: 1G -> 2M -> 4K */
	assert_int_equal(
		pgt_protect(&f->p, KB4 + SZ2M + SZ4K, SZ4K, PGT_KERNEL_RX), 0);
	assert_int_equal(pgt_nr_tables(&f->p), tables + 2);
	check_tr(&f->p, KB4 + SZ2M, SZ2M, SZ4K, PGT_KERNEL_RO);
	check_tr(&f->p, KB4 + SZ2M + SZ4K, SZ2M + SZ4K, SZ4K, PGT_KERNEL_RX);
	check_tr(&f->p, KB4 + SZ2M + 2 * SZ4K, SZ2M + 2 * SZ4K, SZ4K,
		 PGT_KERNEL_RO);
	check_tr(&f->p, KB4, 0, SZ2M, PGT_KERNEL_RO);
	/* a range over a hole: the hole stays a hole */
	assert_int_equal(pgt_map(&f->p, KB4 + 4 * SZ1G, 0, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_protect(&f->p, KB4 + SZ1G, 4 * SZ1G,
				     PGT_KERNEL | PGT_CACHE(3)),
			 0);
	check_tr(&f->p, KB4 + SZ1G, SZ1G, SZ2M, PGT_KERNEL | PGT_CACHE(3));
	check_tr(&f->p, KB4 + 4 * SZ1G, 0, SZ4K, PGT_KERNEL | PGT_CACHE(3));
	check_unmapped(&f->p, KB4 + 2 * SZ1G);
	/* nothing is left behind when all goes */
	assert_int_equal(pgt_unmap(&f->p, KB4, 5 * SZ1G), 0);
	assert_int_equal(pgt_nr_tables(&f->p), 1);
}

static void test_protect_user_and_errors(void **state)
{
	struct pgt_fix *f = *state;
	size_t out;

	/* a kernel page made user: the tables above must allow it */
	assert_int_equal(pgt_map(&f->p, 0x400000, 0x9000, SZ4K, PGT_EXEC,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_false(*entry_at(&f->p, 0x400000, 4) & PTE_USER);
	assert_int_equal(
		pgt_protect(&f->p, 0x400000, SZ4K, PGT_USER | PGT_EXEC), 0);
	check_tr(&f->p, 0x400000, 0x9000, SZ4K, PGT_USER | PGT_EXEC);
	assert_true(*entry_at(&f->p, 0x400000, 4) & PTE_USER);
	assert_true(*entry_at(&f->p, 0x400000, 2) & PTE_USER);

	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ2M, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		0);
	out = f->pool.outstanding;
	f->pool.budget = 0;
	assert_int_equal(pgt_protect(&f->p, KB4, SZ4K, PGT_KERNEL_RO), -ENOMEM);
	assert_int_equal(f->pool.outstanding, out);
	check_tr(&f->p, KB4, 0, SZ2M, PGT_KERNEL);
	f->pool.budget = SIZE_MAX;
	assert_int_equal(pgt_protect(&f->p, KB4, SZ4K, 0x80), -EINVAL);
	assert_true(log_capture_contains("protection 0x80"));
	assert_int_equal(pgt_protect(&f->p, KB4 + 8, SZ4K, 0), -EINVAL);
	assert_int_equal(pgt_protect(&f->p, KB4, 0, 0), 0);
	check_tr(&f->p, KB4, 0, SZ2M, PGT_KERNEL);
}

static void test_translate_effective_rights(void **state)
{
	struct pgt_fix *f = *state;
	pgt_prot_t all = PGT_USER | PGT_WRITE | PGT_EXEC;
	struct pgt_translation t;

	assert_int_equal(pgt_map(&f->p, 0x400000, 0x9000, SZ4K, all,
				 PGT_SIZES_ALL, NULL),
			 0);
	check_tr(&f->p, 0x400000, 0x9000, SZ4K, all);
	/* RW missing in the PD entry: not writable, the leaf notwithstanding */
	*entry_at(&f->p, 0x400000, 2) &= ~PTE_RW;
	check_tr(&f->p, 0x400123, 0x9123, SZ4K, PGT_USER | PGT_EXEC);
	assert_true(*entry_at(&f->p, 0x400000, 1) & PTE_RW);
	/* US missing in the PML4 entry: kernel only */
	*entry_at(&f->p, 0x400000, 4) &= ~PTE_USER;
	check_tr(&f->p, 0x400000, 0x9000, SZ4K, PGT_EXEC);
	/* NX in the PDPT entry: not executable */
	*entry_at(&f->p, 0x400000, 3) |= PTE_NX;
	assert_int_equal(pgt_translate(&f->p, 0x400000, &t), 0);
	assert_int_equal(t.prot, 0);
	assert_true(t.entry == *entry_at(&f->p, 0x400000, 1));
	/* put the bits back and it is all there again */
	*entry_at(&f->p, 0x400000, 2) |= PTE_RW;
	*entry_at(&f->p, 0x400000, 4) |= PTE_USER;
	*entry_at(&f->p, 0x400000, 3) &= ~PTE_NX;
	check_tr(&f->p, 0x400000, 0x9000, SZ4K, all);
}

static void test_translate_not_mapped(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt_translation t;

	assert_int_equal(pgt_map(&f->p, KB4 + SZ4K, 0, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_translate(&f->p, KB4, &t), -ENOENT);
	assert_int_equal(t.level, 1);
	assert_true(t.page_size == SZ4K);
	assert_int_equal(pgt_translate(&f->p, KB4 + SZ2M, &t), -ENOENT);
	assert_int_equal(t.level, 2);
	assert_int_equal(pgt_translate(&f->p, KB4 + SZ1G, &t), -ENOENT);
	assert_int_equal(t.level, 3);
	assert_int_equal(pgt_translate(&f->p, 0, &t), -ENOENT);
	assert_int_equal(t.level, 4);
	assert_int_equal(pgt_translate(&f->p, 0x0000800000000000ULL, &t),
			 -EINVAL);
	assert_true(log_capture_contains("translate 0x800000000000"));
}

struct seen {
	u64 va[8];
	u64 size[8];
	int n;
	int stop_at;
};

static int record_page(void *arg, const struct pgt_translation *t)
{
	struct seen *s = arg;

	s->va[s->n] = t->va;
	s->size[s->n] = t->page_size;
	s->n++;
	return s->n == s->stop_at ? 7 : 0;
}

static void test_walk(void **state)
{
	struct pgt_fix *f = *state;
	struct seen s = {.stop_at = -1};

	assert_int_equal(pgt_map(&f->p, KTEXT, 0x1000000, SZ2M, PGT_KERNEL_RX,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(
		pgt_map(&f->p, KB4, 0, SZ1G, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		0);
	assert_int_equal(pgt_map(&f->p, 0x1000, 0x1000, SZ4K, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_walk(&f->p, record_page, &s), 0);
	assert_int_equal(s.n, 3);
	assert_true(s.va[0] == 0x1000 && s.size[0] == SZ4K);
	assert_true(s.va[1] == KB4 && s.size[1] == SZ1G);
	assert_true(s.va[2] == KTEXT && s.size[2] == SZ2M);
	s = (struct seen){.stop_at = 2};
	assert_int_equal(pgt_walk(&f->p, record_page, &s), 7);
	assert_int_equal(s.n, 2);
}

struct lines {
	char text[16][128];
	int n;
};

static void collect_line(void *arg, const char *line)
{
	struct lines *l = arg;

	assert_true(l->n < 16);
	assert_true(strlen(line) < sizeof(l->text[0]));
	strcpy(l->text[l->n++], line);
}

static void test_dump(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"0x0000000000400000-0x0000000000403000  12K  ro x      USR  3x4K",
		"0x0000000000403000-0x0000000000404000   4K  RW NX     USR  1x4K",
		"0xffff888000000000-0xffff888040000000   1G  RW NX GLB  1x1G",
		"0xffff888040000000-0xffff888040400000   4M  RW NX GLB PAT1  2x2M",
		"0xffff888040400000-0xffff888040800000   4M  RW NX GLB  2x2M",
		"0xffff888040800000-0xffff888040801000   4K  RW NX GLB  1x4K",
		"0xffff888080000000-0xffff888080001000   4K  RW NX GLB  1x4K",
		"0xffff888080002000-0xffff888080003000   4K  RW NX GLB  1x4K",
		"0xffffffff81000000-0xffffffff81200000   2M  ro x  GLB  1x2M",
		"0xffffffff81200000-0xffffffff8129e000 632K  ro NX GLB  158x4K",
	};
	/* clang-format on */
	struct pgt_fix *f = *state;
	struct lines l = {.n = 0};
	struct pgt *p = &f->p;

	assert_int_equal(pgt_map(p, 0x400000, 0, 3 * SZ4K, PGT_USER | PGT_EXEC,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, 0x403000, 0, SZ4K, PGT_USER | PGT_WRITE,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(
		pgt_map(p, KB4, 0, SZ1G, PGT_KERNEL, PGT_SIZES_ALL, NULL), 0);
	assert_int_equal(pgt_map(p, KB4 + SZ1G, SZ1G, 2 * SZ2M,
				 PGT_KERNEL | PGT_CACHE(1), PGT_SIZES_ALL,
				 NULL),
			 0);
	assert_int_equal(pgt_map(p, KB4 + SZ1G + 2 * SZ2M, SZ1G + 2 * SZ2M,
				 2 * SZ2M + SZ4K, PGT_KERNEL, PGT_SIZES_ALL,
				 NULL),
			 0);
	assert_int_equal(pgt_map(p, KB4 + 2 * SZ1G, 0, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, KB4 + 2 * SZ1G + 2 * SZ4K, 0, SZ4K,
				 PGT_KERNEL, PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, KTEXT + 0x1000000, 0x1000000, SZ2M,
				 PGT_KERNEL_RX, PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, KTEXT + 0x1200000, 0x1200000, 158 * SZ4K,
				 PGT_KERNEL_RO, PGT_SIZES_ALL, NULL),
			 0);
	pgt_dump(p, collect_line, &l);
	assert_int_equal(l.n, sizeof(want) / sizeof(want[0]));
	for (int i = 0; i < l.n; i++)
		assert_string_equal(l.text[i], want[i]);

	/* without a callback the lines go to the log */
	log_capture_start();
	pgt_dump(p, NULL, NULL);
	assert_int_equal(log_capture_count(), l.n);
	assert_true(log_capture_contains(want[2]));
}

static void test_dump_empty_and_big(void **state)
{
	struct pgt_fix *f = *state;
	struct lines l = {.n = 0};

	pgt_dump(&f->p, collect_line, &l);
	assert_int_equal(l.n, 0);
	/* 1 TiB of 1 GiB pages across two PDPTs is one line */
	assert_int_equal(pgt_map(&f->p, KB4, 0, 1024 * SZ1G, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	pgt_dump(&f->p, collect_line, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.text[0], "0xffff888000000000-0xffff898000000000  "
				       " 1T  RW NX GLB  1024x1G");
}

static void test_check(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt_check_result r;
	struct pgt *p = &f->p;

	assert_int_equal(
		pgt_map(p, KB4, 0, SZ1G, PGT_KERNEL, PGT_SIZES_ALL, NULL), 0);
	assert_int_equal(pgt_map(p, KTEXT, 0x1000000, SZ2M, PGT_KERNEL_RX,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, 0x400000, 0, SZ4K, PGT_USER | PGT_EXEC,
				 PGT_SIZES_ALL, NULL),
			 0);
	memset(&r, 0xff, sizeof(r));
	assert_int_equal(pgt_check(p, &r), 0);
	assert_true(r.nr_wx == 0 && r.wx_bytes == 0 && r.nr_user_kernel == 0 &&
		    r.user_kernel_bytes == 0);
	assert_int_equal(log_capture_count(), 0);

	/* two neighbouring W+X pages of different sizes: one finding */
	assert_int_equal(pgt_map(p, KTEXT + SZ2M, 0x1200000, SZ4K,
				 PGT_KERNEL | PGT_EXEC, PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, KTEXT + SZ2M + SZ4K, 0x1201000, SZ4K,
				 PGT_WRITE | PGT_EXEC, PGT_SIZES_ALL, NULL),
			 0);
	/* a user W+X page in the lower half: W+X, not user-in-kernel */
	assert_int_equal(pgt_map(p, 0x600000, 0, SZ4K,
				 PGT_USER | PGT_WRITE | PGT_EXEC, PGT_SIZES_ALL,
				 NULL),
			 0);
	/* user pages in the kernel half: two runs */
	assert_int_equal(pgt_map(p, KB4 + SZ1G, 0, 2 * SZ4K,
				 PGT_USER | PGT_WRITE, PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, KB4 + SZ1G + 3 * SZ4K, 0, SZ4K, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_check(p, &r), 4);
	assert_true(r.nr_wx == 2);
	assert_true(r.wx_bytes == 3 * SZ4K);
	assert_true(r.nr_user_kernel == 2);
	assert_true(r.user_kernel_bytes == 3 * SZ4K);
	assert_true(log_capture_contains(
		"W+X mapping 0xffffffff80200000-0xffffffff80202000"));
	assert_true(log_capture_contains(
		"W+X mapping 0x0000000000600000-0x0000000000601000"));
	assert_true(log_capture_contains(
		"kernel half 0xffff888040000000-0xffff888040002000"));
	assert_true(log_capture_contains(
		"kernel half 0xffff888040003000-0xffff888040004000"));

	/* a user leaf under a table without US is not user-accessible */
	*entry_at(p, KB4 + SZ1G, 2) &= ~PTE_USER;
	assert_int_equal(pgt_check(p, NULL), 2);
}

/* The frame mask follows MAXPHYADDR: 36, 46 and 52 bits. */
static void test_phys_bits(void **state)
{
	static const unsigned int widths[] = {36, 46, 52};
	struct pgt_fix *f = *state;

	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		unsigned int bits = widths[i];
		u64 top = 1ULL << bits;
		struct pgt q;

		assert_int_equal(
			pgt_init(&q, 4, bits, pool_alloc, pool_free, &f->pool),
			0);
		assert_int_equal(pgt_map(&q, KB4, top - SZ1G, SZ1G, PGT_KERNEL,
					 PGT_SIZES_ALL, NULL),
				 0);
		check_tr(&q, KB4 + SZ1G - 1, top - 1, SZ1G, PGT_KERNEL);
		assert_int_equal(pgt_map(&q, KB4 + SZ1G, top, SZ4K, PGT_KERNEL,
					 PGT_SIZES_ALL, NULL),
				 -EINVAL);
		assert_int_equal(pgt_map(&q, KB4 + SZ1G, top - SZ2M, 2 * SZ2M,
					 PGT_KERNEL, PGT_SIZES_ALL, NULL),
				 -EINVAL);
		/* bits above MAXPHYADDR in an entry are not address bits */
		*entry_at(&q, KB4, 3) |= top;
		if (bits < 52)
			check_tr(&q, KB4, top - SZ1G, SZ1G, PGT_KERNEL);
		pgt_destroy(&q);
	}
}

static void test_5level(void **state)
{
	struct pgt_fix *f = *state;
	struct pgt *p = &f->p;
	struct lines l = {.n = 0};
	struct pgt_translation t;

	assert_int_equal(pgt_translate(p, 0, &t), -ENOENT);
	assert_int_equal(t.level, 5);
	assert_true(t.page_size == 1ULL << 48);
	assert_int_equal(
		pgt_map(p, KB5, 0, SZ1G, PGT_KERNEL, PGT_SIZES_ALL, NULL), 0);
	/* PML4 and PDPT below the PML5 root */
	assert_int_equal(pgt_nr_tables(p), 3);
	check_tr(p, KB5 + 0x1234, 0x1234, SZ1G, PGT_KERNEL);
	assert_true(((u64 *)phys_to_virt(p->root))[273] & PTE_PRESENT);
	/* canonical in 57 bits, not in 48 */
	assert_int_equal(pgt_map(p, 0x0000800000000000ULL, SZ2M, SZ2M, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 0);
	check_tr(p, 0x0000800000000000ULL, SZ2M, SZ2M, PGT_USER);
	assert_int_equal(pgt_map(p, 0x0100000000000000ULL, 0, SZ4K, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("(57-bit)"));
	assert_int_equal(pgt_map(p, 0x00fffffffffff000ULL, 0, 2 * SZ4K,
				 PGT_USER, PGT_SIZES_ALL, NULL),
			 -EINVAL);
	/* the highest user page and the lowest kernel page */
	assert_int_equal(pgt_map(p, 0x00fffffffffff000ULL, 0, SZ4K, PGT_USER,
				 PGT_SIZES_ALL, NULL),
			 0);
	assert_int_equal(pgt_map(p, 0xff00000000000000ULL, 0, SZ4K, PGT_KERNEL,
				 PGT_SIZES_ALL, NULL),
			 0);
	pgt_dump(p, collect_line, &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.text[0], "0x0000800000000000-0x0000800000200000  "
				       " 2M  ro NX     USR  1x2M");
	assert_string_equal(l.text[1], "0x00fffffffffff000-0x0100000000000000  "
				       " 4K  ro NX     USR  1x4K");
	assert_string_equal(
		l.text[2],
		"0xff00000000000000-0xff00000000001000   4K  RW NX GLB  1x4K");
	assert_string_equal(
		l.text[3],
		"0xff11000000000000-0xff11000040000000   1G  RW NX GLB  1x1G");
	assert_int_equal(pgt_unmap(p, KB5, SZ1G), 0);
	assert_int_equal(pgt_unmap(p, 0, 1ULL << 56), 0);
	assert_int_equal(pgt_unmap(p, 0xff00000000000000ULL, SZ4K), 0);
	assert_int_equal(pgt_nr_tables(p), 1);
}

static void test_4level_rejects_57bit(void **state)
{
	struct pgt_fix *f = *state;

	assert_int_equal(
		pgt_map(&f->p, KB5, 0, SZ4K, PGT_KERNEL, PGT_SIZES_ALL, NULL),
		-EINVAL);
	assert_true(log_capture_contains("0xff11000000000000: not canonical"));
	assert_true(log_capture_contains("(48-bit)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T4(test_init_errors),
		T4(test_init_destroy),
		T4(test_map_each_size),
		T5(test_map_each_size),
		T4(test_map_mixed_alignment),
		T5(test_map_mixed_alignment),
		T4(test_map_page_size_masks),
		T4(test_map_bad_input),
		T4(test_map_existing),
		T5(test_map_existing),
		T4(test_map_enomem),
		T4(test_bad_allocator),
		T4(test_no_free_callback),
		T4(test_unmap_split),
		T4(test_unmap_both_ends),
		T5(test_unmap_both_ends),
		T4(test_unmap_frees_only_empty),
		T4(test_unmap_pin_kernel_top),
		T4(test_unmap_enomem_and_bad_input),
		T4(test_protect),
		T5(test_protect),
		T4(test_protect_user_and_errors),
		T4(test_translate_effective_rights),
		T5(test_translate_effective_rights),
		T4(test_translate_not_mapped),
		T4(test_walk),
		T4(test_dump),
		T4(test_dump_empty_and_big),
		T4(test_check),
		T4(test_phys_bits),
		T5(test_5level),
		T4(test_4level_rejects_57bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
