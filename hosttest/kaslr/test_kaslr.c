// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/layout.h and mm/kaslr.c: the fixed 4- and 5-level
 * layouts against the addresses of shared/seeds/002; region sizes from the
 * RAM present; entropy figures for known configurations (worked out in the
 * comments); the exact use of the random source; 100,000 randomised
 * placements checked for alignment, order, guards and bounds; the seed
 * mixer and splitmix64 against published vectors; the printed layout.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/kaslr.h"
#include "mm/layout.h"

#define MIB (1UL << 20)
#define GIB (1UL << 30)
#define TIB (1UL << 40)
#define PIB (1UL << 50)

/* vaddr_end for both depths: the cpu_entry_area base. */
#define VADDR_END 0xfffffe0000000000UL

/* ---- the fixed layout ---- */

static void test_layout_4_level(void **state)
{
	struct mm_layout l;

	(void)state;
	assert_int_equal(mm_layout_init(&l, 4), 0);
	assert_int_equal(l.levels, 4);
	assert_int_equal(l.max_physmem_bits, 46);
	/* Start and end addresses as the seed's table gives them. */
	assert_int_equal(l.page_offset_base, 0xffff888000000000UL);
	assert_int_equal(l.page_offset_base + l.direct_map_size - 1,
			 0xffffc87fffffffffUL);
	assert_int_equal(l.direct_map_size, 64 * TIB);
	assert_int_equal(l.vmalloc_base, 0xffffc90000000000UL);
	assert_int_equal(l.vmalloc_base + l.vmalloc_size - 1,
			 0xffffe8ffffffffffUL);
	assert_int_equal(l.vmemmap_base, 0xffffea0000000000UL);
	assert_int_equal(l.vmemmap_base + l.vmemmap_size - 1,
			 0xffffeaffffffffffUL);
	assert_int_equal(l.cpu_entry_area_base, 0xfffffe0000000000UL);
	assert_int_equal(l.cpu_entry_area_base + l.cpu_entry_area_size - 1,
			 0xfffffe7fffffffffUL);
	assert_int_equal(l.kernel_map_base, 0xffffffff80000000UL);
	assert_int_equal(l.kernel_map_base + l.kernel_image_size - 1,
			 0xffffffffbfffffffUL);
	assert_int_equal(l.modules_vaddr, 0xffffffffc0000000UL);
	assert_int_equal(l.modules_end - 1, 0xfffffffffeffffffUL);
	assert_int_equal(l.modules_end - l.modules_vaddr, 1008 * MIB);
	assert_int_equal(l.fixaddr_top, 0xffffffffff600000UL);
}

static void test_layout_5_level(void **state)
{
	struct mm_layout l, saved;

	(void)state;
	assert_int_equal(mm_layout_init(&l, 5), 0);
	assert_int_equal(l.levels, 5);
	assert_int_equal(l.max_physmem_bits, 52);
	assert_int_equal(l.page_offset_base, 0xff11000000000000UL);
	assert_int_equal(l.page_offset_base + l.direct_map_size - 1,
			 0xff90ffffffffffffUL);
	assert_int_equal(l.direct_map_size, 32 * PIB);
	assert_int_equal(l.vmalloc_base, 0xffa0000000000000UL);
	assert_int_equal(l.vmalloc_base + l.vmalloc_size - 1,
			 0xffd1ffffffffffffUL);
	assert_int_equal(l.vmalloc_size, 12 * PIB + PIB / 2);
	assert_int_equal(l.vmemmap_base, 0xffd4000000000000UL);
	assert_int_equal(l.vmemmap_base + l.vmemmap_size - 1,
			 0xffd5ffffffffffffUL);
	/* From cpu_entry_area down, identical to 4-level. */
	assert_int_equal(l.cpu_entry_area_base, 0xfffffe0000000000UL);
	assert_int_equal(l.kernel_map_base, 0xffffffff80000000UL);
	assert_int_equal(l.fixaddr_top, 0xffffffffff600000UL);

	memset(&l, 0x5c, sizeof(l));
	saved = l;
	assert_int_equal(mm_layout_init(&l, 3), -EINVAL);
	assert_int_equal(mm_layout_init(&l, 6), -EINVAL);
	assert_memory_equal(&l, &saved, sizeof(l));
}

/* The three dynamic regions in order, not overlapping, below vaddr_end. */
static void check_regions(const struct mm_layout *l, u64 start)
{
	assert_true(l->page_offset_base >= start);
	assert_true(l->page_offset_base + l->direct_map_size <=
		    l->vmalloc_base);
	assert_true(l->vmalloc_base + l->vmalloc_size <= l->vmemmap_base);
	assert_true(l->vmemmap_base + l->vmemmap_size <= VADDR_END);
}

static void test_layout_regions_disjoint(void **state)
{
	struct mm_layout l;

	(void)state;
	for (unsigned int levels = 4; levels <= 5; levels++) {
		assert_int_equal(mm_layout_init(&l, levels), 0);
		check_regions(&l, l.page_offset_base);
		assert_true(l.cpu_entry_area_base + l.cpu_entry_area_size <=
			    l.kernel_map_base);
		assert_int_equal(l.kernel_map_base + l.kernel_image_size,
				 l.modules_vaddr);
		assert_true(l.modules_end <= l.fixaddr_top);
	}
	assert_int_equal(kaslr_vaddr_start(4), 0xffff888000000000UL);
	assert_int_equal(kaslr_vaddr_start(5), 0xff11000000000000UL);
	assert_int_equal(kaslr_vaddr_start(3), 0);
	assert_int_equal(KASLR_VADDR_END, VADDR_END);
}

/* ---- sizes ---- */

static void test_config_sizes(void **state)
{
	struct kaslr_config c;

	(void)state;
	/* 32 MiB of RAM: one TB of direct map; 2^28 pages * 64 B < 1 TB. */
	assert_int_equal(kaslr_config_init(&c, 4, 32 * MIB, 64), 0);
	assert_int_equal(c.levels, 4);
	assert_int_equal(c.size[KASLR_DIRECT_MAP], TIB);
	assert_int_equal(c.size[KASLR_VMALLOC], 32 * TIB);
	assert_int_equal(c.size[KASLR_VMEMMAP], TIB);
	/* 1 TB and a page: two TB. */
	assert_int_equal(kaslr_config_init(&c, 4, TIB + 4096, 64), 0);
	assert_int_equal(c.size[KASLR_DIRECT_MAP], 2 * TIB);
	/* The 64 TB maximum: 2^34 pages * 64 B = exactly 1 TB of vmemmap. */
	assert_int_equal(kaslr_config_init(&c, 4, 64 * TIB, 64), 0);
	assert_int_equal(c.size[KASLR_DIRECT_MAP], 64 * TIB);
	assert_int_equal(c.size[KASLR_VMEMMAP], TIB);
	/* keel's 8-byte struct page: 128 GB, rounded up to 1 TB. */
	assert_int_equal(kaslr_config_init(&c, 4, 64 * TIB, 8), 0);
	assert_int_equal(c.size[KASLR_VMEMMAP], TIB);
	/* A 5-level 4 PB machine: 2^40 pages * 64 B = 64 TB of vmemmap. */
	assert_int_equal(kaslr_config_init(&c, 5, 1UL << 52, 64), 0);
	assert_int_equal(c.size[KASLR_DIRECT_MAP], 4 * PIB);
	assert_int_equal(c.size[KASLR_VMALLOC], 12800 * TIB);
	assert_int_equal(c.size[KASLR_VMEMMAP], 64 * TIB);
	assert_int_equal(kaslr_config_init(&c, 5, 100 * TIB + 1, 16), 0);
	assert_int_equal(c.size[KASLR_DIRECT_MAP], 101 * TIB);
	assert_int_equal(c.size[KASLR_VMEMMAP], TIB);
}

static void test_config_rejects(void **state)
{
	struct kaslr_config c, saved;

	(void)state;
	memset(&c, 0x3c, sizeof(c));
	saved = c;
	log_capture_start();
	assert_int_equal(kaslr_config_init(&c, 3, GIB, 64), -EINVAL);
	assert_true(log_capture_contains("3 paging levels"));
	assert_int_equal(kaslr_config_init(&c, 4, GIB, 0), -EINVAL);
	assert_int_equal(kaslr_config_init(&c, 4, GIB, 4097), -EINVAL);
	assert_true(log_capture_contains("4097"));
	assert_int_equal(kaslr_config_init(&c, 4, 0, 64), -ERANGE);
	assert_int_equal(kaslr_config_init(&c, 4, 64 * TIB + 1, 64), -ERANGE);
	assert_true(log_capture_contains("0x400000000001"));
	assert_true(log_capture_contains("2^46"));
	assert_int_equal(kaslr_config_init(&c, 5, (1UL << 52) + 1, 64),
			 -ERANGE);
	log_capture_stop();
	assert_memory_equal(&c, &saved, sizeof(c));
}

/* ---- entropy ---- */

static void check_entropy(unsigned int levels, u64 ram, const u64 slots[3],
			  unsigned int bits, unsigned int total)
{
	struct kaslr_config c;
	struct kaslr_entropy e;

	assert_int_equal(kaslr_config_init(&c, levels, ram, 64), 0);
	assert_int_equal(kaslr_entropy(&c, &e), 0);
	for (int i = 0; i < KASLR_NR_REGIONS; i++) {
		assert_int_equal(e.slots[i], slots[i]);
		assert_int_equal(e.region_bits[i], bits);
	}
	assert_int_equal(e.total_bits, total);
}

static void test_entropy_known(void **state)
{
	/*
	 * 4-level: the space is 0xfffffe0000000000 - 0xffff888000000000 =
	 * 117.5 TB = 120320 GB.
	 * 32 MiB of RAM: regions 1 + 32 + 1 TB = 34816 GB, guards 2 GB,
	 * slack 85502 GB. Region 0: 85502 / 3 = 28500 -> 28501 slots; at
	 * worst 57002 left: / 2 = 28501 -> 28502; then 28501 -> 28502.
	 * 2^14 = 16384 <= slots < 32768: 14 bits each, 42 in all.
	 */
	const u64 l4_small[] = {28501, 28502, 28502};
	/*
	 * 64 TB of RAM: regions 64 + 32 + 1 TB = 99328 GB, slack 20990 GB:
	 * 6996 -> 6997; 13994 / 2 = 6997 -> 6998; 6997 -> 6998. 12 bits each.
	 */
	const u64 l4_huge[] = {6997, 6998, 6998};
	/*
	 * 5-level: the space is 0xfffffe0000000000 - 0xff11000000000000 =
	 * 61182 TB. 32 MiB: regions 1 + 12800 + 1 TB, slack 48380 TB - 2 GB
	 * = 49541118 GB: 16513706 -> 16513707 slots, and the same twice
	 * more. 2^23 <= slots < 2^24: 23 bits each, 69 in all.
	 */
	const u64 l5_small[] = {16513707, 16513707, 16513707};

	(void)state;
	check_entropy(4, 32 * MIB, l4_small, 14, 42);
	check_entropy(4, 64 * TIB, l4_huge, 12, 36);
	check_entropy(5, 32 * MIB, l5_small, 23, 69);
}

static void test_entropy_edges(void **state)
{
	struct kaslr_config c = {.levels = 4};
	struct kaslr_entropy e;
	u64 space = VADDR_END - 0xffff888000000000UL;

	(void)state;
	/* Regions that fill the space exactly: one slot each, no entropy. */
	c.size[0] = GIB;
	c.size[1] = GIB;
	c.size[2] = space - 4 * GIB;
	assert_int_equal(kaslr_entropy(&c, &e), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(e.slots[i], 1);
		assert_int_equal(e.region_bits[i], 0);
	}
	assert_int_equal(e.total_bits, 0);
	/* 3 GB of slack: 2, 2 and 2 slots (1 bit each). */
	c.size[2] -= 3 * GIB;
	assert_int_equal(kaslr_entropy(&c, &e), 0);
	assert_int_equal(e.slots[0], 2);
	assert_int_equal(e.slots[1], 2);
	assert_int_equal(e.slots[2], 2);
	assert_int_equal(e.total_bits, 3);
	/* One GB too many. */
	c.size[2] += 4 * GIB;
	log_capture_start();
	assert_int_equal(kaslr_entropy(&c, &e), -ENOSPC);
	log_capture_stop();
}

/* ---- placement ---- */

struct script {
	const u64 *values;
	size_t n, calls;
};

static u64 scripted(void *arg)
{
	struct script *s = arg;

	assert_true(s->calls < s->n);
	return s->values[s->calls++];
}

static void test_rand_sequence(void **state)
{
	struct kaslr_config c;
	struct kaslr_entropy e;
	struct mm_layout l, fixed;
	u64 start = 0xffff888000000000UL;
	u64 zeros[] = {0, 0, 0};
	u64 small[] = {5, 7, 11};
	struct script s = {zeros, 3, 0};

	(void)state;
	assert_int_equal(kaslr_config_init(&c, 4, 32 * MIB, 64), 0);
	assert_int_equal(kaslr_entropy(&c, &e), 0);
	assert_int_equal(mm_layout_init(&fixed, 4), 0);

	/* All zero: packed from vaddr_start with 1 GB guards. */
	assert_int_equal(kaslr_randomize_memory(&c, scripted, &s, &l), 0);
	assert_int_equal(s.calls, 3);
	assert_int_equal(l.page_offset_base, start);
	assert_int_equal(l.vmalloc_base, start + TIB + GIB);
	assert_int_equal(l.vmemmap_base, start + 33 * TIB + 2 * GIB);
	assert_int_equal(l.direct_map_size, TIB);
	assert_int_equal(l.vmalloc_size, 32 * TIB);
	assert_int_equal(l.vmemmap_size, TIB);
	/* Nothing else moves. */
	assert_int_equal(l.cpu_entry_area_base, fixed.cpu_entry_area_base);
	assert_int_equal(l.kernel_map_base, fixed.kernel_map_base);
	assert_int_equal(l.modules_vaddr, fixed.modules_vaddr);
	assert_int_equal(l.fixaddr_top, fixed.fixaddr_top);
	assert_int_equal(l.max_physmem_bits, 46);

	/* Each value is the region's offset in GB from the previous end. */
	s = (struct script){small, 3, 0};
	assert_int_equal(kaslr_randomize_memory(&c, scripted, &s, &l), 0);
	assert_int_equal(s.calls, 3);
	assert_int_equal(l.page_offset_base, start + 5 * GIB);
	assert_int_equal(l.vmalloc_base, start + 5 * GIB + TIB + GIB + 7 * GIB);
	assert_int_equal(l.vmemmap_base,
			 l.vmalloc_base + 32 * TIB + GIB + 11 * GIB);

	/*
	 * A value equal to the slot count wraps to slot 0. After a first
	 * draw of 0 the whole 85502 GB slack is left, so region 1 draws
	 * from 85502 / 2 + 1 = 42752 slots, more than e.slots[1].
	 */
	small[0] = e.slots[0];
	small[1] = 42752;
	s = (struct script){small, 3, 0};
	assert_int_equal(kaslr_randomize_memory(&c, scripted, &s, &l), 0);
	assert_int_equal(l.page_offset_base, start);
	assert_int_equal(l.vmalloc_base, start + TIB + GIB);

	/* Every region at its highest slot: vmemmap ends at vaddr_end. */
	small[0] = e.slots[0] - 1;
	small[1] = e.slots[1] - 1;
	small[2] = e.slots[2] - 1;
	s = (struct script){small, 3, 0};
	assert_int_equal(kaslr_randomize_memory(&c, scripted, &s, &l), 0);
	assert_int_equal(l.page_offset_base, start + (e.slots[0] - 1) * GIB);
	assert_int_equal(l.vmemmap_base + l.vmemmap_size, VADDR_END);
	check_regions(&l, start);
}

static void test_nokaslr(void **state)
{
	struct kaslr_config c;
	struct mm_layout l, fixed;

	(void)state;
	for (unsigned int levels = 4; levels <= 5; levels++) {
		assert_int_equal(kaslr_config_init(&c, levels, 32 * MIB, 64),
				 0);
		assert_int_equal(kaslr_randomize_memory(&c, NULL, NULL, &l), 0);
		assert_int_equal(mm_layout_init(&fixed, levels), 0);
		assert_memory_equal(&l, &fixed, sizeof(l));
	}
	c.levels = 7;
	memset(&l, 0x11, sizeof(l));
	fixed = l;
	log_capture_start();
	assert_int_equal(kaslr_randomize_memory(&c, NULL, NULL, &l), -EINVAL);
	assert_true(log_capture_contains("7 paging levels"));
	log_capture_stop();
	assert_memory_equal(&l, &fixed, sizeof(l));
}

static void test_randomize_rejects(void **state)
{
	struct kaslr_config c;
	struct mm_layout l, saved;
	u64 seed = 1;
	struct kaslr_entropy e;

	(void)state;
	memset(&l, 0x22, sizeof(l));
	saved = l;
	assert_int_equal(kaslr_config_init(&c, 4, 32 * MIB, 64), 0);
	log_capture_start();
	c.levels = 3;
	assert_int_equal(
		kaslr_randomize_memory(&c, kaslr_splitmix64, &seed, &l),
		-EINVAL);
	assert_int_equal(kaslr_entropy(&c, &e), -EINVAL);
	c.levels = 4;
	c.size[KASLR_VMALLOC] = 0;
	assert_int_equal(
		kaslr_randomize_memory(&c, kaslr_splitmix64, &seed, &l),
		-EINVAL);
	assert_true(log_capture_contains("vmalloc size 0x0 "));
	c.size[KASLR_VMALLOC] = 32 * TIB + 4096;
	assert_int_equal(
		kaslr_randomize_memory(&c, kaslr_splitmix64, &seed, &l),
		-EINVAL);
	assert_true(log_capture_contains("0x200000001000"));
	/* 64 + 32 + 21.5 TB does not fit in 117.5 TB with the guards. */
	c.size[KASLR_DIRECT_MAP] = 64 * TIB;
	c.size[KASLR_VMALLOC] = 32 * TIB;
	c.size[KASLR_VMEMMAP] = 21 * TIB + 512 * GIB;
	assert_int_equal(
		kaslr_randomize_memory(&c, kaslr_splitmix64, &seed, &l),
		-ENOSPC);
	assert_true(log_capture_contains("0x758000000000"));
	/* One region alone larger than the space. */
	c.size[KASLR_DIRECT_MAP] = 1UL << 63;
	assert_int_equal(
		kaslr_randomize_memory(&c, kaslr_splitmix64, &seed, &l),
		-ENOSPC);
	/* Exactly full less the guards fits. */
	c.size[KASLR_DIRECT_MAP] = 64 * TIB;
	c.size[KASLR_VMEMMAP] = 21 * TIB + 510 * GIB;
	log_capture_stop();
	assert_memory_equal(&l, &saved, sizeof(l));
	assert_int_equal(
		kaslr_randomize_memory(&c, kaslr_splitmix64, &seed, &l), 0);
	assert_int_equal(l.page_offset_base, 0xffff888000000000UL);
	assert_int_equal(l.vmemmap_base + l.vmemmap_size, VADDR_END);
}

/* Counts calls and hands out splitmix64 numbers. */
struct counted_rand {
	u64 state;
	unsigned long calls;
};

static u64 counted(void *arg)
{
	struct counted_rand *r = arg;

	r->calls++;
	return kaslr_splitmix64(&r->state);
}

#define PROPERTY_RUNS 100000

static void check_placement(const struct kaslr_config *c,
			    const struct mm_layout *l, u64 start)
{
	struct mm_layout fixed;
	const u64 base[3] = {l->page_offset_base, l->vmalloc_base,
			     l->vmemmap_base};
	const u64 size[3] = {l->direct_map_size, l->vmalloc_size,
			     l->vmemmap_size};

	assert_int_equal(mm_layout_init(&fixed, c->levels), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(size[i], c->size[i]);
		assert_int_equal(base[i] % GIB, 0);
		assert_true(base[i] >= start);
		assert_true(base[i] + size[i] <= VADDR_END);
		assert_true(base[i] + size[i] > base[i]);
		/* In order, with at least a 1 GB guard after the first two. */
		if (i > 0)
			assert_true(base[i - 1] + size[i - 1] + GIB <= base[i]);
	}
	/* Outside the randomised space, nothing overlaps or moves. */
	assert_true(VADDR_END <= l->cpu_entry_area_base);
	assert_int_equal(l->cpu_entry_area_base, fixed.cpu_entry_area_base);
	assert_int_equal(l->kernel_map_base, fixed.kernel_map_base);
	assert_int_equal(l->modules_end, fixed.modules_end);
	assert_int_equal(l->levels, c->levels);
}

static void test_property_many_seeds(void **state)
{
	const u64 rams[] = {32 * MIB, GIB + 4096, 3 * TIB, 64 * TIB, 1UL << 52};
	const size_t page_sizes[] = {8, 16, 64};
	struct counted_rand r = {0x2545f4914f6cdd1dUL, 0};
	u64 picker = 42;
	u64 seen_max_offset[2] = {0, 0};
	u64 slots0[2] = {0, 0};

	(void)state;
	for (unsigned long run = 0; run < PROPERTY_RUNS; run++) {
		u64 pick = kaslr_splitmix64(&picker);
		unsigned int levels = 4 + (pick & 1);
		u64 ram = rams[(pick >> 1) % ARRAY_SIZE(rams)];
		size_t page = page_sizes[(pick >> 8) % ARRAY_SIZE(page_sizes)];
		u64 start = kaslr_vaddr_start(levels);
		struct kaslr_config c;
		struct kaslr_entropy e;
		struct mm_layout l;
		unsigned long calls = r.calls;
		u64 limit = 1UL << (levels == 4 ? 46 : 52);

		if ((pick >> 16) % 4 == 0) /* any RAM end, not just the named */
			ram = 1 + kaslr_splitmix64(&picker) % limit;
		if (ram > limit)
			ram = limit;
		assert_int_equal(kaslr_config_init(&c, levels, ram, page), 0);
		assert_int_equal(kaslr_randomize_memory(&c, counted, &r, &l),
				 0);
		assert_int_equal(r.calls - calls, KASLR_NR_REGIONS);
		check_placement(&c, &l, start);
		if (ram == 32 * MIB && page == 64) {
			u64 off = (l.page_offset_base - start) / GIB;

			assert_int_equal(kaslr_entropy(&c, &e), 0);
			assert_true(off < e.slots[0]);
			slots0[levels - 4] = e.slots[0];
			if (off > seen_max_offset[levels - 4])
				seen_max_offset[levels - 4] = off;
		}
	}
	/* The draws reach the top tenth of the first region's range. */
	for (int i = 0; i < 2; i++) {
		assert_true(slots0[i] > 0);
		assert_true(seen_max_offset[i] >= slots0[i] / 10 * 9);
	}
}

/* ---- seeds ---- */

static void test_splitmix64_vectors(void **state)
{
	/* The reference generator's outputs (Vigna's splitmix64.c). */
	u64 s = 0;

	(void)state;
	assert_int_equal(kaslr_splitmix64(&s), 0xe220a8397b1dcdafUL);
	assert_int_equal(kaslr_splitmix64(&s), 0x6e789e6aa1b965f4UL);
	assert_int_equal(kaslr_splitmix64(&s), 0x06c45d188009454fUL);
	s = 1234567;
	assert_int_equal(kaslr_splitmix64(&s), 6457827717110365317UL);
	assert_int_equal(kaslr_splitmix64(&s), 3203168211198807973UL);
	assert_int_equal(kaslr_splitmix64(&s), 9817491932198370423UL);
}

static void test_mix_seed(void **state)
{
	u64 words[4] = {0x123456789UL, 0xabcdef, 42, 0x1000};
	u64 swapped[4] = {0xabcdef, 0x123456789UL, 42, 0x1000};
	u64 base = kaslr_mix_seed(words, 4);
	unsigned long flipped_bits = 0, trials = 0;

	(void)state;
	assert_int_equal(kaslr_mix_seed(NULL, 0), kaslr_mix_seed(words, 0));
	assert_int_equal(kaslr_mix_seed(words, 4), base);
	assert_true(kaslr_mix_seed(swapped, 4) != base);
	assert_true(kaslr_mix_seed(words, 3) != base);
	assert_true(kaslr_mix_seed(words, 1) != kaslr_mix_seed(words, 0));
	/* Every input bit changes the seed, about half of its bits. */
	for (int w = 0; w < 4; w++) {
		for (int b = 0; b < 64; b++) {
			u64 seed;

			words[w] ^= 1UL << b;
			seed = kaslr_mix_seed(words, 4);
			words[w] ^= 1UL << b;
			assert_true(seed != base);
			flipped_bits +=
				(unsigned long)__builtin_popcountl(seed ^ base);
			trials++;
		}
	}
	assert_true(flipped_bits > trials * 28);
	assert_true(flipped_bits < trials * 36);
	/* Only the last word changing: a bijection, never a collision. */
	for (u64 v = 0; v < 1000; v++) {
		u64 a[2] = {7, v}, b[2] = {7, v + 1000};

		assert_true(kaslr_mix_seed(a, 2) != kaslr_mix_seed(b, 2));
	}
}

/* ---- printing ---- */

static void test_print_layout(void **state)
{
	struct mm_layout l;

	(void)state;
	assert_int_equal(mm_layout_init(&l, 4), 0);
	log_capture_start();
	kaslr_print_layout(&l);
	log_capture_stop();
	assert_int_equal(log_capture_count(), 7);
	assert_string_equal(log_capture_line(0, NULL),
			    "Virtual kernel memory layout:\n");
	assert_string_equal(log_capture_line(1, NULL),
			    " direct map : 0xffff888000000000 - "
			    "0xffffc87fffffffff   (65536 GB)\n");
	assert_string_equal(log_capture_line(2, NULL),
			    "    vmalloc : 0xffffc90000000000 - "
			    "0xffffe8ffffffffff   (32768 GB)\n");
	assert_string_equal(log_capture_line(3, NULL),
			    "    vmemmap : 0xffffea0000000000 - "
			    "0xffffeaffffffffff   ( 1024 GB)\n");
	assert_string_equal(log_capture_line(4, NULL),
			    "  cpu entry : 0xfffffe0000000000 - "
			    "0xfffffe7fffffffff   (  512 GB)\n");
	assert_string_equal(log_capture_line(5, NULL),
			    "kernel text : 0xffffffff80000000 - "
			    "0xffffffffbfffffff   (    1 GB)\n");
	assert_string_equal(log_capture_line(6, NULL),
			    "    modules : 0xffffffffc0000000 - "
			    "0xfffffffffeffffff   ( 1008 MB)\n");

	/* 5-level vmalloc is 12.5 PB; a sub-MB size prints in kB. */
	assert_int_equal(mm_layout_init(&l, 5), 0);
	l.kernel_image_size = 12 * 1024;
	log_capture_start();
	kaslr_print_layout(&l);
	log_capture_stop();
	assert_true(log_capture_contains("    vmalloc : 0xffa0000000000000 - "
					 "0xffd1ffffffffffff   (13107200 GB)"));
	assert_true(log_capture_contains("kernel text : 0xffffffff80000000 - "
					 "0xffffffff80002fff   (   12 kB)"));
}

static void test_print_entropy(void **state)
{
	struct kaslr_config c;
	struct kaslr_entropy e;
	int level;

	(void)state;
	assert_int_equal(kaslr_config_init(&c, 4, 64 * TIB, 64), 0);
	assert_int_equal(kaslr_entropy(&c, &e), 0);
	log_capture_start();
	kaslr_print_entropy(&e);
	log_capture_stop();
	assert_int_equal(log_capture_count(), 1);
	assert_string_equal(log_capture_line(0, &level),
			    "KASLR: memory layout entropy 36 bits (direct map "
			    "12, vmalloc 12, vmemmap 12)\n");
	assert_int_equal(level, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_4_level),
		cmocka_unit_test(test_layout_5_level),
		cmocka_unit_test(test_layout_regions_disjoint),
		cmocka_unit_test(test_config_sizes),
		cmocka_unit_test(test_config_rejects),
		cmocka_unit_test(test_entropy_known),
		cmocka_unit_test(test_entropy_edges),
		cmocka_unit_test(test_rand_sequence),
		cmocka_unit_test(test_nokaslr),
		cmocka_unit_test(test_randomize_rejects),
		cmocka_unit_test(test_property_many_seeds),
		cmocka_unit_test(test_splitmix64_vectors),
		cmocka_unit_test(test_mix_seed),
		cmocka_unit_test(test_print_layout),
		cmocka_unit_test(test_print_entropy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
