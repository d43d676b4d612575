// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/sparse.c: section arithmetic, the sizes for 46- and
 * 52-bit physical addresses, present sections from RAM ranges (checked page
 * by page against a brute-force model), the iterators, struct page
 * addresses, and the vmemmap population plan (2 MiB blocks and the 4 KiB
 * fallback) against a model that lists every block of every present
 * section and then sorts and de-duplicates them.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/layout.h"
#include "mm/sparse.h"

#define MIB (1UL << 20)
#define GIB (1UL << 30)
#define SECTION_BYTES (1UL << 27) /* 128 MiB, stated independently */

/* A 36-bit space: 512 sections, small enough to model page by page. */
#define SMALL_BITS 36
#define SMALL_SECTIONS 512

static u64 small_bitmap[SPARSE_BITMAP_WORDS(SMALL_SECTIONS)];

/* Deterministic pseudo-random numbers for the property tests. */
static u64 rng_state = 0x1234abcd5678ef01UL;

static u64 rng(void)
{
	return xorshift64(&rng_state);
}

static u64 rng_below(u64 n)
{
	return rng() % n;
}

static void small_map(struct sparse_map *map)
{
	assert_int_equal(
		sparse_map_init(map, SMALL_BITS, small_bitmap, SMALL_SECTIONS),
		0);
}

/* Mark exactly the sections listed (through whole-section RAM ranges). */
static void mark_sections(struct sparse_map *map, const u64 *nrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct sparse_ram_range r = {nrs[i] * SECTION_BYTES,
					     (nrs[i] + 1) * SECTION_BYTES};

		assert_int_equal(sparse_memory_present(map, &r, 1), 0);
	}
}

/* ---- section arithmetic and sizes ---- */

static void test_section_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(PAGES_PER_SECTION, SECTION_BYTES / 4096);
	assert_int_equal(pfn_to_section_nr(0), 0);
	assert_int_equal(pfn_to_section_nr(SECTION_BYTES / 4096 - 1), 0);
	assert_int_equal(pfn_to_section_nr(SECTION_BYTES / 4096), 1);
	assert_int_equal(pfn_to_section_nr((5 * SECTION_BYTES + 12345) / 4096),
			 5);
	for (u64 nr = 0; nr < 5000; nr += 37) {
		u64 pfn = section_nr_to_pfn(nr);

		assert_int_equal(pfn * 4096, nr * SECTION_BYTES);
		assert_int_equal(pfn_to_section_nr(pfn), nr);
		assert_int_equal(pfn_to_section_nr(pfn + 32767), nr);
		assert_int_equal(pfn & ~PAGE_SECTION_MASK, 0);
	}
	assert_int_equal(section_nr_to_root(255), 0);
	assert_int_equal(section_nr_to_root(256), 1);
	assert_int_equal(section_nr_to_root(1000), 3);
	assert_int_equal(section_root_to_nr(3), 768);
	assert_int_equal(section_nr_to_root(section_root_to_nr(7) + 255), 7);
}

static void test_sizes_46_and_52(void **state)
{
	struct sparse_sizes s;

	(void)state;
	assert_int_equal(sparse_sizes(MAX_PHYSMEM_BITS_L4, 64, &s), 0);
	assert_int_equal(s.nr_mem_sections, (1UL << 46) / SECTION_BYTES);
	assert_int_equal(s.nr_mem_sections, 524288);
	assert_int_equal(s.nr_section_roots, 524288 / 256);
	assert_int_equal(s.present_bitmap_bytes, 524288 / 8);
	assert_int_equal(s.root_table_bytes, 2048 * 8);
	assert_int_equal(s.section_memmap_size, 2 * MIB);
	assert_int_equal(s.sections_per_block, 1);
	/* Linux's 64-byte struct pages for 2^46 bytes fill the 1 TB vmemmap. */
	assert_int_equal(s.vmemmap_span, VMEMMAP_SIZE_L4);

	assert_int_equal(sparse_sizes(MAX_PHYSMEM_BITS_L5, 64, &s), 0);
	assert_int_equal(s.nr_mem_sections, (1UL << 52) / SECTION_BYTES);
	assert_int_equal(s.nr_section_roots, (1UL << 25) / 256);
	assert_int_equal(s.present_bitmap_bytes, (1UL << 25) / 8);
	assert_int_equal(s.vmemmap_span, (1UL << 40) * 64);
	assert_true(s.vmemmap_span <= VMEMMAP_SIZE_L5);

	/* keel's 8-byte struct page: 256 KiB a section, 8 in a 2 MiB block. */
	assert_int_equal(sparse_sizes(46, 8, &s), 0);
	assert_int_equal(s.section_memmap_size, 256 * 1024);
	assert_int_equal(s.sections_per_block, 8);
	assert_int_equal(s.vmemmap_span, (1UL << 34) * 8);
	assert_int_equal(sparse_sizes(52, 16, &s), 0);
	assert_int_equal(s.sections_per_block, 4);
	/* Bigger than 2 MiB a section: no block holds a whole one. */
	assert_int_equal(sparse_sizes(46, 128, &s), 0);
	assert_int_equal(s.sections_per_block, 0);
	assert_int_equal(s.section_memmap_size, 4 * MIB);
}

static void test_sizes_rejects(void **state)
{
	struct sparse_sizes s;

	(void)state;
	log_capture_start();
	assert_int_equal(sparse_sizes(27, 64, &s), -EINVAL);
	assert_true(log_capture_contains("27"));
	assert_int_equal(sparse_sizes(53, 64, &s), -EINVAL);
	assert_true(log_capture_contains("53"));
	assert_int_equal(sparse_sizes(46, 0, &s), -EINVAL);
	assert_int_equal(sparse_sizes(46, 4097, &s), -EINVAL);
	assert_true(log_capture_contains("4097"));
	log_capture_stop();
	assert_int_equal(sparse_sizes(28, 4096, &s), 0);
	assert_int_equal(s.nr_mem_sections, 2);
	assert_int_equal(s.nr_section_roots, 1);
}

/* ---- the map ---- */

static void test_map_init(void **state)
{
	struct sparse_map map, saved;
	u64 words[SPARSE_BITMAP_WORDS(100)];

	(void)state;
	memset(&map, 0x5a, sizeof(map));
	saved = map;
	log_capture_start();
	assert_int_equal(sparse_map_init(&map, 27, words, 1), -EINVAL);
	assert_int_equal(sparse_map_init(&map, 53, words, 1), -EINVAL);
	assert_int_equal(sparse_map_init(&map, 46, NULL, 1), -EINVAL);
	assert_int_equal(sparse_map_init(&map, 46, words, 0), -EINVAL);
	/* 2^30 bytes hold 8 sections, not 9. */
	assert_int_equal(sparse_map_init(&map, 30, words, 9), -EINVAL);
	assert_true(log_capture_contains("9 sections"));
	log_capture_stop();
	assert_memory_equal(&map, &saved, sizeof(map));

	memset(words, 0xff, sizeof(words));
	assert_int_equal(sparse_map_init(&map, 46, words, 100), 0);
	assert_int_equal(map.nr_sections, 100);
	assert_int_equal(map.physmem_bits, 46);
	assert_ptr_equal(map.present, words);
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		assert_int_equal(words[i], 0);
	assert_int_equal(sparse_nr_present_sections(&map), 0);
	assert_int_equal(sparse_next_present_section(&map, 0), 100);
	assert_int_equal(sparse_map_init(&map, 30, words, 8), 0);
}

/* Model: does section @s hold a whole page of [start, end)? */
static bool model_present(const struct sparse_ram_range *r, size_t n, u64 s)
{
	for (size_t i = 0; i < n; i++) {
		u64 lo = r[i].start > s * SECTION_BYTES ? r[i].start
							: s * SECTION_BYTES;
		u64 hi = r[i].end < (s + 1) * SECTION_BYTES
				 ? r[i].end
				 : (s + 1) * SECTION_BYTES;

		lo = (lo + 4095) / 4096 * 4096;
		hi = hi / 4096 * 4096;
		if (lo < hi)
			return true;
	}
	return false;
}

static void check_against_model(const struct sparse_map *map,
				const struct sparse_ram_range *r, size_t n)
{
	u64 count = 0;

	for (u64 s = 0; s < map->nr_sections; s++) {
		bool want = model_present(r, n, s);

		assert_int_equal(sparse_section_present(map, s), want);
		count += want;
	}
	assert_int_equal(sparse_nr_present_sections(map), count);
}

static void test_memory_present_typical(void **state)
{
	struct sparse_map map;
	/* A PC: low RAM, RAM above 1 MiB up to 3.5 GiB, RAM above 4 GiB. */
	struct sparse_ram_range ram[] = {
		{0x1000, 0x9f000},
		{0x100000, 0xe0000000},
		{0x100000000, 0x120000000},
		/* Less than a whole page: marks nothing. */
		{0x300000800, 0x300001700},
		/* One whole page in section 100. */
		{100 * SECTION_BYTES + 0x123, 100 * SECTION_BYTES + 0x2000},
		/* Empty. */
		{0x400000000, 0x400000000},
	};

	(void)state;
	small_map(&map);
	assert_int_equal(sparse_memory_present(&map, ram, ARRAY_SIZE(ram)), 0);
	check_against_model(&map, ram, ARRAY_SIZE(ram));
	/* 0..3.5 GiB is sections 0..27, 4..4.5 GiB is 32..35, and 100. */
	assert_int_equal(sparse_nr_present_sections(&map), 28 + 4 + 1);
	assert_true(sparse_section_present(&map, 27));
	assert_false(sparse_section_present(&map, 28));
	assert_false(sparse_section_present(&map, 0x300000800 / SECTION_BYTES));
	assert_true(sparse_pfn_valid(&map, 0x9e));
	assert_true(sparse_pfn_valid(&map, 100 * 32768 + 32767));
	assert_false(sparse_pfn_valid(&map, 101 * 32768));
	assert_false(sparse_pfn_valid(&map, (u64)SMALL_SECTIONS * 32768));
	assert_false(sparse_section_present(&map, SMALL_SECTIONS));
	assert_false(sparse_section_present(&map, ~0UL));
}

static void test_memory_present_random(void **state)
{
	(void)state;
	for (int run = 0; run < 300; run++) {
		struct sparse_ram_range r[8];
		size_t n = 1 + rng_below(ARRAY_SIZE(r));
		struct sparse_map map;

		for (size_t i = 0; i < n; i++) {
			u64 a = rng_below((u64)SMALL_SECTIONS * SECTION_BYTES);
			/* Mostly short ranges, some long, odd boundaries. */
			u64 len = rng_below(4) ? rng_below(3 * SECTION_BYTES)
					       : rng_below(1UL << 34);
			u64 b = a + len;

			if (b > (u64)SMALL_SECTIONS * SECTION_BYTES)
				b = (u64)SMALL_SECTIONS * SECTION_BYTES;
			r[i].start = a;
			r[i].end = b;
		}
		small_map(&map);
		assert_int_equal(sparse_memory_present(&map, r, n), 0);
		check_against_model(&map, r, n);
	}
}

static void test_memory_present_rejects(void **state)
{
	struct sparse_map map;
	u64 words[1];
	struct sparse_ram_range bad_order[] = {
		{0, SECTION_BYTES},
		{0x5000, 0x4000},
	};
	struct sparse_ram_range too_high[] = {
		{0, SECTION_BYTES},
		{7 * SECTION_BYTES, 8 * SECTION_BYTES + 4096},
	};
	struct sparse_ram_range at_top[] = {
		{7 * SECTION_BYTES, 8 * SECTION_BYTES},
		/* The last bytes of the 64-bit space: no whole page. */
		{~0UL - 100, ~0UL},
	};

	(void)state;
	/* A map of 8 sections: 1 GiB of RAM at most. */
	assert_int_equal(sparse_map_init(&map, 46, words, 8), 0);
	log_capture_start();
	assert_int_equal(sparse_memory_present(&map, bad_order, 2), -EINVAL);
	assert_true(log_capture_contains("0x5000"));
	assert_true(log_capture_contains("0x4000"));
	assert_int_equal(sparse_nr_present_sections(&map), 0);

	assert_int_equal(sparse_memory_present(&map, too_high, 2), -ERANGE);
	assert_true(log_capture_contains("0x40001000"));
	assert_true(log_capture_contains("section 8"));
	assert_int_equal(sparse_nr_present_sections(&map), 0);

	assert_int_equal(sparse_memory_present(&map, NULL, 1), -EINVAL);
	log_capture_stop();
	assert_int_equal(sparse_memory_present(&map, NULL, 0), 0);
	assert_int_equal(sparse_memory_present(&map, at_top, 2), 0);
	assert_int_equal(sparse_nr_present_sections(&map), 1);
	assert_true(sparse_section_present(&map, 7));
}

/* ---- iterators ---- */

static void test_iterate_present(void **state)
{
	const u64 want[] = {0, 63, 64, 127, 200, 255, 256, 299};
	u64 words[SPARSE_BITMAP_WORDS(300)];
	struct sparse_map map;
	size_t i = 0;
	u64 nr;

	(void)state;
	assert_int_equal(sparse_map_init(&map, 46, words, 300), 0);
	mark_sections(&map, want, ARRAY_SIZE(want));
	/* A stray bit past the end of the map inside the last word. */
	words[299 / 64] |= 1UL << (301 % 64);
	for_each_present_section (&map, nr) {
		assert_true(i < ARRAY_SIZE(want));
		assert_int_equal(nr, want[i]);
		i++;
	}
	assert_int_equal(i, ARRAY_SIZE(want));
	assert_int_equal(sparse_next_present_section(&map, 65), 127);
	assert_int_equal(sparse_next_present_section(&map, 300), 300);
	assert_int_equal(sparse_next_present_section(&map, ~0UL), 300);
	assert_int_equal(sparse_nr_present_sections(&map), ARRAY_SIZE(want));
	/* Roots: 0..255 in root 0, 256 and 299 in root 1. */
	assert_int_equal(sparse_nr_present_roots(&map), 2);
}

static void test_present_roots(void **state)
{
	const u64 nrs[] = {5, 255, 256, 1000, 1023, 2048};
	u64 words[SPARSE_BITMAP_WORDS(4096)];
	struct sparse_map map;

	(void)state;
	assert_int_equal(sparse_map_init(&map, 46, words, 4096), 0);
	assert_int_equal(sparse_nr_present_roots(&map), 0);
	mark_sections(&map, nrs, 1);
	assert_int_equal(sparse_nr_present_roots(&map), 1);
	mark_sections(&map, nrs, ARRAY_SIZE(nrs));
	/* Roots 0, 1, 3 and 8. */
	assert_int_equal(sparse_nr_present_roots(&map), 4);
}

/* ---- struct page addresses ---- */

static void test_pfn_page(void **state)
{
	const size_t sizes[] = {8, 16, 40, 64};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct vmemmap_info vm = {__VMEMMAP_BASE_L4, sizes[i]};

		for (u64 pfn = 0; pfn < (1UL << 34); pfn = pfn * 3 + 1) {
			u64 page = vmemmap_pfn_to_page(&vm, pfn);

			assert_int_equal(page,
					 0xffffea0000000000UL + pfn * sizes[i]);
			assert_int_equal(vmemmap_page_to_pfn(&vm, page), pfn);
			assert_int_equal(
				vmemmap_page_to_pfn(&vm, page + sizes[i] - 1),
				pfn);
		}
	}
}

/* ---- the population plan ---- */

struct collected {
	u64 *addr;
	size_t n, cap;
	u64 size;
	size_t fail_at; /* return -EIO at this call (0: never) */
};

static int collect(u64 vaddr, u64 size, void *arg)
{
	struct collected *c = arg;

	if (c->fail_at && c->n + 1 == c->fail_at)
		return -EIO;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->addr = realloc(c->addr, c->cap * sizeof(*c->addr));
		assert_non_null(c->addr);
	}
	c->addr[c->n++] = vaddr;
	c->size = size;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Model plan: every block touching [lo, hi) of some present section's
 * memmap, gathered with duplicates, then sorted and de-duplicated.
 */
static size_t model_plan(const struct sparse_map *map,
			 const struct vmemmap_info *vm, u64 block, u64 lo,
			 u64 hi, u64 **out)
{
	size_t n = 0, cap = 64, u = 0;
	u64 *v = malloc(cap * sizeof(*v));

	assert_non_null(v);
	for (u64 s = 0; s < map->nr_sections; s++) {
		u64 start, end;

		if (!sparse_section_present(map, s))
			continue;
		start = vm->vmemmap_base + s * 32768 * vm->struct_page_size;
		end = start + 32768 * vm->struct_page_size;
		start = start < lo ? lo : start;
		end = end > hi ? hi : end;
		for (u64 a = start / block * block; a < end; a += block) {
			if (n == cap) {
				cap *= 2;
				v = realloc(v, cap * sizeof(*v));
				assert_non_null(v);
			}
			v[n++] = a;
		}
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	*out = v;
	return u;
}

static void check_plan(const struct sparse_map *map,
		       const struct vmemmap_info *vm, u64 block)
{
	struct collected c = {0};
	u64 *want;
	size_t n = model_plan(map, vm, block, 0, ~0UL, &want);
	long got = vmemmap_plan_walk(map, vm, block, collect, &c);

	assert_int_equal(got, n);
	assert_int_equal(c.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(c.addr[i], want[i]);
	if (n)
		assert_int_equal(c.size, block);
	assert_int_equal(vmemmap_plan_walk(map, vm, block, NULL, NULL), n);
	free(want);
	free(c.addr);
}

static void test_plan_64_byte_pages(void **state)
{
	const u64 nrs[] = {0, 1, 5};
	struct vmemmap_info vm = {__VMEMMAP_BASE_L4, 64};
	struct sparse_map map;
	struct collected c = {0};

	(void)state;
	small_map(&map);
	mark_sections(&map, nrs, ARRAY_SIZE(nrs));
	/* One 2 MiB block per section's memmap. */
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, collect, &c), 3);
	assert_int_equal(c.addr[0], 0xffffea0000000000UL);
	assert_int_equal(c.addr[1], 0xffffea0000000000UL + 2 * MIB);
	assert_int_equal(c.addr[2], 0xffffea0000000000UL + 10 * MIB);
	assert_int_equal(c.size, SZ_2M);
	free(c.addr);
	/* The 4 KiB plan: 512 pages per section. */
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_4K, NULL, NULL),
			 3 * 512);
	check_plan(&map, &vm, SZ_4K);
}

static void test_plan_8_byte_pages(void **state)
{
	u64 all16[16];
	const u64 two[] = {0, 8};
	struct vmemmap_info vm = {__VMEMMAP_BASE_L4, 8};
	struct sparse_map map;

	(void)state;
	for (u64 i = 0; i < 16; i++)
		all16[i] = i;
	small_map(&map);
	mark_sections(&map, all16, 8);
	/* Sections 0..7 share the first block. */
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL), 1);
	mark_sections(&map, all16, 16);
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL), 2);
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_4K, NULL, NULL),
			 16 * 64);
	small_map(&map);
	mark_sections(&map, two, 2);
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL), 2);
	check_plan(&map, &vm, SZ_2M);
	check_plan(&map, &vm, SZ_4K);
}

static void test_plan_random(void **state)
{
	const size_t sizes[] = {1, 8, 16, 24, 40, 64, 72, 128, 4096};

	(void)state;
	for (int run = 0; run < 200; run++) {
		struct sparse_map map;
		struct vmemmap_info vm;
		u64 density = 1 + rng_below(16);

		small_map(&map);
		for (u64 s = 0; s < SMALL_SECTIONS; s++) {
			if (rng_below(density) == 0)
				mark_sections(&map, &s, 1);
		}
		vm.struct_page_size = sizes[rng_below(ARRAY_SIZE(sizes))];
		/* Aligned and unaligned bases, in both paging layouts. */
		vm.vmemmap_base =
			(rng_below(2) ? __VMEMMAP_BASE_L4 : __VMEMMAP_BASE_L5) +
			(rng_below(2) ? 0 : rng_below(1UL << 30));
		check_plan(&map, &vm, SZ_2M);
		if (vm.struct_page_size <= 64)
			check_plan(&map, &vm, SZ_4K);
	}
}

/* The fallback pages of every planned 2 MiB block add up to the 4 KiB plan. */
static void check_fallback_union(const struct sparse_map *map,
				 const struct vmemmap_info *vm)
{
	struct collected blocks = {0}, pages = {0};
	u64 *want;
	size_t n = model_plan(map, vm, SZ_4K, 0, ~0UL, &want);

	vmemmap_plan_walk(map, vm, SZ_2M, collect, &blocks);
	for (size_t i = 0; i < blocks.n; i++) {
		size_t before = pages.n;
		long got = vmemmap_fallback_walk(map, vm, blocks.addr[i],
						 collect, &pages);

		assert_true(got > 0);
		assert_int_equal(pages.n - before, got);
		for (size_t j = before; j < pages.n; j++) {
			assert_true(pages.addr[j] >= blocks.addr[i]);
			assert_true(pages.addr[j] < blocks.addr[i] + SZ_2M);
		}
	}
	assert_int_equal(pages.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pages.addr[i], want[i]);
	free(want);
	free(blocks.addr);
	free(pages.addr);
}

static void test_fallback(void **state)
{
	const u64 nrs[] = {0, 3, 9};
	struct vmemmap_info vm = {__VMEMMAP_BASE_L4, 8};
	struct sparse_map map;
	struct collected c = {0};
	u64 base = __VMEMMAP_BASE_L4;

	(void)state;
	small_map(&map);
	mark_sections(&map, nrs, ARRAY_SIZE(nrs));
	/* Block 0 holds sections 0..7: the memmaps of 0 and 3, 64 pages each.
	 */
	assert_int_equal(vmemmap_fallback_walk(&map, &vm, base, collect, &c),
			 128);
	assert_int_equal(c.addr[0], base);
	assert_int_equal(c.addr[63], base + 63 * 4096);
	assert_int_equal(c.addr[64], base + 3 * 256 * 1024);
	assert_int_equal(c.addr[127], base + 3 * 256 * 1024 + 63 * 4096);
	assert_int_equal(c.size, SZ_4K);
	free(c.addr);
	/* Block 1 holds sections 8..15: only 9. */
	assert_int_equal(
		vmemmap_fallback_walk(&map, &vm, base + SZ_2M, NULL, NULL), 64);
	/* A block with no present section needs nothing. */
	assert_int_equal(
		vmemmap_fallback_walk(&map, &vm, base + 4 * SZ_2M, NULL, NULL),
		0);
	assert_int_equal(
		vmemmap_fallback_walk(&map, &vm, base - SZ_2M, NULL, NULL), 0);
	check_fallback_union(&map, &vm);

	/* 64-byte struct pages: a block is exactly one section's memmap. */
	vm.struct_page_size = 64;
	assert_int_equal(
		vmemmap_fallback_walk(&map, &vm, base + 3 * SZ_2M, NULL, NULL),
		512);
	check_fallback_union(&map, &vm);

	for (int run = 0; run < 50; run++) {
		small_map(&map);
		for (u64 s = 0; s < SMALL_SECTIONS; s++)
			if (rng_below(5) == 0)
				mark_sections(&map, &s, 1);
		vm.struct_page_size = 8 + 8 * rng_below(12);
		vm.vmemmap_base = base + rng_below(512) * 4096;
		check_fallback_union(&map, &vm);
	}
}

static void test_fill(void **state)
{
	const u64 nrs[] = {2, 4, 6};
	struct vmemmap_info vm = {__VMEMMAP_BASE_L4, 64};
	struct sparse_map map;
	u64 out[4], saved[4], pages[8];
	size_t count = 99;

	(void)state;
	small_map(&map);
	mark_sections(&map, nrs, ARRAY_SIZE(nrs));
	memset(out, 0xee, sizeof(out));
	memcpy(saved, out, sizeof(out));
	assert_int_equal(vmemmap_plan_fill(&map, &vm, SZ_2M, out, 2, &count),
			 -ENOSPC);
	assert_int_equal(count, 3);
	assert_memory_equal(out, saved, sizeof(out));
	assert_int_equal(vmemmap_plan_fill(&map, &vm, SZ_2M, out, 3, &count),
			 0);
	assert_int_equal(count, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(out[i], __VMEMMAP_BASE_L4 + nrs[i] * SZ_2M);
	assert_int_equal(out[3], saved[3]);

	/* Fallback of section 4's block: 512 pages do not fit in 4. */
	count = 0;
	assert_int_equal(vmemmap_fallback_fill(&map, &vm,
					       __VMEMMAP_BASE_L4 + 4 * SZ_2M,
					       out, 4, &count),
			 -ENOSPC);
	assert_int_equal(count, 512);
	vm.struct_page_size = 1; /* 32 KiB a section: 8 pages */
	assert_int_equal(vmemmap_fallback_fill(&map, &vm, __VMEMMAP_BASE_L4,
					       out, 4, &count),
			 -ENOSPC);
	assert_int_equal(count, 24);
	/* Only section 2: its memmap is 8 pages from 2 * 32 KiB in. */
	small_map(&map);
	mark_sections(&map, nrs, 1);
	assert_int_equal(vmemmap_fallback_fill(&map, &vm, __VMEMMAP_BASE_L4,
					       pages, ARRAY_SIZE(pages),
					       &count),
			 0);
	assert_int_equal(count, 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(pages[i],
				 __VMEMMAP_BASE_L4 + 2 * 32768 + (u64)i * 4096);
	/* Errors pass through. */
	log_capture_start();
	assert_int_equal(vmemmap_plan_fill(&map, &vm, SZ_1M, out, 4, &count),
			 -EINVAL);
	assert_int_equal(vmemmap_fallback_fill(&map, &vm, 4096, out, 4, &count),
			 -EINVAL);
	log_capture_stop();
}

static void test_plan_callback_error(void **state)
{
	const u64 nrs[] = {1, 2, 3, 4};
	struct vmemmap_info vm = {__VMEMMAP_BASE_L4, 64};
	struct sparse_map map;
	struct collected c = {.fail_at = 3};

	(void)state;
	small_map(&map);
	mark_sections(&map, nrs, ARRAY_SIZE(nrs));
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, collect, &c),
			 -EIO);
	assert_int_equal(c.n, 2);
	c.n = 0;
	c.fail_at = 2;
	assert_int_equal(vmemmap_fallback_walk(&map, &vm,
					       __VMEMMAP_BASE_L4 + SZ_2M,
					       collect, &c),
			 -EIO);
	assert_int_equal(c.n, 1);
	free(c.addr);
}

static void test_plan_rejects(void **state)
{
	struct vmemmap_info vm = {__VMEMMAP_BASE_L4, 64};
	struct sparse_map map;

	(void)state;
	small_map(&map);
	log_capture_start();
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_1M, NULL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("0x100000"));
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_1G, NULL, NULL),
			 -EINVAL);
	vm.struct_page_size = 0;
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL),
			 -EINVAL);
	vm.struct_page_size = 4097;
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL),
			 -EINVAL);
	assert_true(log_capture_contains("4097"));

	/* 512 sections of 2 MiB memmaps = 1 GiB: must end below 2^64 - 2 MiB.
	 */
	vm.struct_page_size = 64;
	vm.vmemmap_base = 0UL - GIB - SZ_2M;
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL), 0);
	vm.vmemmap_base += 4096;
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL),
			 -ERANGE);
	assert_true(log_capture_contains("0xffffffffbfe01000"));
	vm.vmemmap_base = ~0UL;
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_4K, NULL, NULL),
			 -ERANGE);
	vm.vmemmap_base = __VMEMMAP_BASE_L4;
	assert_int_equal(vmemmap_fallback_walk(&map, &vm,
					       __VMEMMAP_BASE_L4 + 4096, NULL,
					       NULL),
			 -EINVAL);
	assert_true(log_capture_contains("0xffffea0000001000"));
	assert_int_equal(
		vmemmap_fallback_walk(&map, &vm, 0UL - SZ_2M, NULL, NULL),
		-EINVAL);
	vm.vmemmap_base = ~0UL - 4095;
	assert_int_equal(vmemmap_fallback_walk(&map, &vm, 0, NULL, NULL),
			 -ERANGE);
	log_capture_stop();
}

/* A 52-bit map with RAM at both ends of the physical address space. */
static void test_52_bit_map(void **state)
{
	u64 nr_sections = NR_MEM_SECTIONS(MAX_PHYSMEM_BITS_L5);
	u64 *words = malloc(SPARSE_BITMAP_WORDS(nr_sections) * sizeof(u64));
	struct sparse_ram_range ram[] = {
		{0, 2 * GIB},
		{(1UL << 51), (1UL << 51) + 256 * MIB},
		{(1UL << 52) - SECTION_BYTES, 1UL << 52},
	};
	struct vmemmap_info vm = {__VMEMMAP_BASE_L5, 64};
	struct sparse_map map;
	struct collected c = {0};
	u64 last = (1UL << 25) - 1;

	(void)state;
	assert_non_null(words);
	assert_int_equal(nr_sections, 1UL << 25);
	assert_int_equal(sparse_map_init(&map, 52, words, nr_sections), 0);
	assert_int_equal(sparse_memory_present(&map, ram, ARRAY_SIZE(ram)), 0);
	assert_int_equal(sparse_nr_present_sections(&map), 16 + 2 + 1);
	assert_int_equal(sparse_nr_present_roots(&map), 3);
	assert_true(sparse_section_present(&map, last));
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, collect, &c), 19);
	assert_int_equal(c.addr[18], 0xffd4000000000000UL + last * SZ_2M);
	/* The last struct page lies inside the 0.5 PB vmemmap region. */
	assert_true(vmemmap_pfn_to_page(&vm, (1UL << 40) - 1) <
		    __VMEMMAP_BASE_L5 + VMEMMAP_SIZE_L5);
	free(c.addr);
	/* keel's 8-byte struct page: sections 0..15 in 2 blocks, then 1, 1. */
	vm.struct_page_size = 8;
	assert_int_equal(vmemmap_plan_walk(&map, &vm, SZ_2M, NULL, NULL), 4);
	/* A 46-bit map refuses RAM at 2^51. */
	log_capture_start();
	assert_int_equal(sparse_map_init(&map, 46, words,
					 NR_MEM_SECTIONS(MAX_PHYSMEM_BITS_L4)),
			 0);
	assert_int_equal(sparse_memory_present(&map, ram, ARRAY_SIZE(ram)),
			 -ERANGE);
	log_capture_stop();
	free(words);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section_arithmetic),
		cmocka_unit_test(test_sizes_46_and_52),
		cmocka_unit_test(test_sizes_rejects),
		cmocka_unit_test(test_map_init),
		cmocka_unit_test(test_memory_present_typical),
		cmocka_unit_test(test_memory_present_random),
		cmocka_unit_test(test_memory_present_rejects),
		cmocka_unit_test(test_iterate_present),
		cmocka_unit_test(test_present_roots),
		cmocka_unit_test(test_pfn_page),
		cmocka_unit_test(test_plan_64_byte_pages),
		cmocka_unit_test(test_plan_8_byte_pages),
		cmocka_unit_test(test_plan_random),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_plan_callback_error),
		cmocka_unit_test(test_plan_rejects),
		cmocka_unit_test(test_52_bit_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
