// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of the memory bring-up: the page allocator on real RAM,
 * slab, vmalloc, and the live kernel page tables.
 */
#include "kernel/arch/e820.h"
#include "kernel/arch/mm.h"
#include "kernel/arch/sections.h"
#include "kernel/ktest.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"
#include "kernel/vmalloc.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

extern char init_stack_top[];

/*
 * page_alloc_every_page writes every free page, so QEMU backs each with
 * host memory for the rest of the boot. It runs while free RAM is at most
 * this much, wherever that RAM lies (a 6 GiB guest has half of it above
 * 4 GiB, in ZONE_NORMAL): with meson's two parallel qemu tests at most
 * 12 GiB of host memory, and under TCG it takes about 8 s per GiB.
 * Larger guests (the 16 GiB to 1 TiB boots) skip it.
 */
#define EXHAUST_MAX_FREE (6ULL << 30)

/*
 * Allocate every free page, one at a time: each is written with its own
 * pfn and chained to the previous one through its first word, so a page
 * handed out twice shows up as a broken chain or a wrong tag. Then free
 * them all: the counts return to where they were.
 */
KTEST(mm, page_alloc_every_page)
{
	struct chained {
		struct chained *prev;
		unsigned long pfn;
	} *last = NULL;
	unsigned long before = nr_free_pages(), got = 0, checked = 0;
	struct page *page;

	if (PFN_PHYS(before) > EXHAUST_MAX_FREE) {
		ktest_skip(t,
			   "%lu MiB of free RAM: over the %llu MiB this test "
			   "may touch",
			   PFN_PHYS(before) >> 20, EXHAUST_MAX_FREE >> 20);
		return;
	}
	while ((page = alloc_page(GFP_KERNEL | __GFP_NOWARN))) {
		struct chained *c = page_address(page);

		c->prev = last;
		c->pfn = page_to_pfn(page);
		last = c;
		got++;
	}
	KTEST_EXPECT_EQ(t, got, before);
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	while (last) {
		struct chained *prev = last->prev;

		if (last->pfn != PHYS_PFN(virt_to_phys(last))) {
			ktest_fail(t, __FILE__, __LINE__,
				   "page at pfn 0x%lx holds tag 0x%lx",
				   PHYS_PFN(virt_to_phys(last)), last->pfn);
			break;
		}
		__free_pages(virt_to_page(last), 0);
		checked++;
		last = prev;
	}
	KTEST_EXPECT_EQ(t, checked, got);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT_EQ(t, page_alloc_verify(), 0);
}

/*
 * RAM above 4 GiB: GFP_KERNEL takes ZONE_NORMAL first (Linux's zonelist
 * order, DMA32 and DMA only when it is empty), and the direct map reaches
 * those pages at the right physical address. Needs a guest with RAM above
 * 4 GiB; on a smaller one it is skipped.
 */
KTEST(mm, page_alloc_above_4g)
{
	struct pgt_translation tr;
	struct page *p;
	u64 *mem;

	if (max_pfn <= ZONE_DMA32_END_PFN) {
		ktest_skip(t, "no RAM above 4 GiB (RAM ends at %#llx)",
			   (unsigned long long)PFN_PHYS(max_pfn));
		return;
	}
	p = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, p != NULL);
	KTEST_EXPECT_EQ(t, pfn_zone(page_to_pfn(p)), ZONE_NORMAL);
	mem = page_address(p);
	KTEST_EXPECT_EQ(t, pgt_translate(&init_pgt, (u64)mem, &tr), 0);
	KTEST_EXPECT_EQ(t, tr.pa, PFN_PHYS(page_to_pfn(p)));
	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(u64); i++)
		mem[i] = PFN_PHYS(page_to_pfn(p)) + i;
	KTEST_EXPECT_EQ(t, mem[PAGE_SIZE / sizeof(u64) - 1],
			PFN_PHYS(page_to_pfn(p)) + PAGE_SIZE / sizeof(u64) - 1);
	__free_pages(p, 0);
}

KTEST(mm, page_alloc_orders_and_zones)
{
	unsigned long before = nr_free_pages();

	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		const unsigned char *mem;
		bool zero = true;

		KTEST_ASSERT_TRUE(t, p != NULL);
		KTEST_EXPECT_EQ(t, page_to_pfn(p) & ((1UL << order) - 1), 0);
		mem = page_address(p);
		for (unsigned long i = 0; i < (PAGE_SIZE << order); i += 512)
			zero &= mem[i] == 0;
		KTEST_EXPECT_TRUE(t, zero);
		__free_pages(p, order);
	}
	{
		struct page *dma = alloc_pages(GFP_DMA, 0);
		struct page *dma32 = alloc_pages(GFP_DMA32, 0);

		KTEST_ASSERT_TRUE(t, dma && dma32);
		KTEST_EXPECT_TRUE(t, page_to_pfn(dma) < ZONE_DMA_END_PFN);
		KTEST_EXPECT_TRUE(t, page_to_pfn(dma32) < ZONE_DMA32_END_PFN);
		__free_pages(dma, 0);
		__free_pages(dma32, 0);
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

static const unsigned int kmalloc_sizes[] = {
	1,    8,    16,	  24,	32,   48,    64,    96,
	100,  128,  192,  256,	500,  512,   1000,  1024,
	2048, 4000, 4096, 8192, 8193, 16384, 65536, 1 << 20,
};
#define SLAB_OBJECTS 64

/* Every size class: objects are distinct, writable and keep their bytes. */
KTEST(mm, slab_every_size_class)
{
	static unsigned char *objs[SLAB_OBJECTS];
	unsigned long before;

	/*
	 * No tolerance: with every cache shrunk before and after (the empty
	 * slabs a cache keeps depend on the order of frees; shrinking frees
	 * off-slab descriptors into smaller caches, hence the loop), a
	 * single page not given back is a leak.
	 */
	while (kmem_cache_shrink_all())
		;
	before = nr_free_pages();

	for (size_t s = 0; s < ARRAY_SIZE(kmalloc_sizes); s++) {
		unsigned int size = kmalloc_sizes[s];
		/* at most a quarter of free memory, so 32 MiB guests pass */
		int n = (int)min((unsigned long)SLAB_OBJECTS,
				 (nr_free_pages() << PAGE_SHIFT) / 4 / size);

		for (int i = 0; i < n; i++) {
			objs[i] = kmalloc(size, GFP_KERNEL);
			KTEST_ASSERT_TRUE(t, objs[i] != NULL);
			KTEST_EXPECT_TRUE(t, ksize(objs[i]) >= size);
			memset(objs[i], (int)(i + s), size);
		}
		for (int i = 0; i < n; i++) {
			bool intact =
				objs[i][0] == (unsigned char)(i + s) &&
				objs[i][size - 1] == (unsigned char)(i + s);

			if (!intact)
				ktest_fail(t, __FILE__, __LINE__,
					   "kmalloc(%u) object %d overwritten",
					   size, i);
			kfree(objs[i]);
		}
	}
	while (kmem_cache_shrink_all())
		;
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

struct ktest_obj {
	unsigned long a, b, c;
};

KTEST(mm, slab_cache_create_destroy)
{
	struct kmem_cache *c = kmem_cache_create(
		"ktest_obj", sizeof(struct ktest_obj), 0, 0, NULL);
	struct ktest_obj *o[200];

	KTEST_ASSERT_TRUE(t, c != NULL);
	for (int i = 0; i < 200; i++) {
		o[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT_TRUE(t, o[i] != NULL);
		o[i]->a = (unsigned long)i;
	}
	for (int i = 0; i < 200; i++) {
		KTEST_EXPECT_EQ(t, o[i]->a, i);
		kmem_cache_free(c, o[i]);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(c), 0);
}

static const unsigned long vmalloc_sizes[] = {
	1, 100, 4095, 4096, 4097, 12345, SZ_64K + 3, SZ_1M + 1};

/* Odd sizes: the whole range is usable, the page after it is a guard. */
KTEST(mm, vmalloc_odd_sizes)
{
	unsigned long before = nr_free_pages();

	for (size_t i = 0; i < ARRAY_SIZE(vmalloc_sizes); i++) {
		unsigned long size = vmalloc_sizes[i];
		unsigned char *p = vmalloc(size);
		unsigned long end = ALIGN((unsigned long)p + size, PAGE_SIZE);
		struct pgt_translation tr;

		KTEST_ASSERT_TRUE(t, p != NULL);
		KTEST_EXPECT_TRUE(t,
				  (unsigned long)p >= mm_layout.vmalloc_base);
		memset(p, 0x5a, size);
		KTEST_EXPECT_EQ(t, p[size - 1], 0x5a);
		KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, end, &tr) < 0);
		vfree(p);
		KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, (u64)p, &tr) < 0);
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

KTEST(mm, ioremap_cache_modes)
{
	struct page *page = alloc_page(GFP_KERNEL);
	phys_addr_t pa;
	void *uc, *wc;
	struct pgt_translation tr;

	KTEST_ASSERT_TRUE(t, page != NULL);
	pa = PFN_PHYS(page_to_pfn(page));
	uc = ioremap(pa + 0x10, 16);
	wc = ioremap_wc(pa, PAGE_SIZE);
	KTEST_ASSERT_TRUE(t, uc && wc);
	KTEST_EXPECT_EQ(t, (unsigned long)uc & ~PAGE_MASK, 0x10);
	KTEST_EXPECT_EQ(t, pgt_translate(&init_pgt, (u64)uc, &tr), 0);
	KTEST_EXPECT_EQ(t, tr.pa, pa + 0x10);
	KTEST_EXPECT_EQ(t, (tr.prot & PGT_CACHE_MASK) >> PGT_CACHE_SHIFT,
			arch_pat_index_uc());
	KTEST_EXPECT_EQ(t, pgt_translate(&init_pgt, (u64)wc, &tr), 0);
	KTEST_EXPECT_EQ(t, (tr.prot & PGT_CACHE_MASK) >> PGT_CACHE_SHIFT,
			arch_pat_index_wc());
	*(volatile u32 *)wc = 0xfeedbeef;
	KTEST_EXPECT_EQ(t, *(volatile u32 *)((char *)uc - 0x10), 0xfeedbeef);
	iounmap(uc);
	iounmap(wc);
	KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, (u64)uc, &tr) < 0);
	__free_pages(page, 0);
}

/* No mapping both writable and executable; nothing user-accessible. */
KTEST(mm, pgtable_no_wx_no_user)
{
	struct pgt_check_result r;

	pgt_check(&init_pgt, &r);
	KTEST_EXPECT_EQ(t, r.nr_wx, 0);
	KTEST_EXPECT_EQ(t, r.nr_user_kernel, 0);
}

struct dm_walk {
	struct ktest_ctx *t;
	u64 run_va, run_pa, run_end; /* current run of contiguous pages */
	u32 next_range; /* index into the RAM ranges */
	phys_addr_t ranges[E820_MAX_ENTRIES][2];
	u32 nr_ranges;
};

static void dm_close_run(struct dm_walk *w)
{
	if (w->run_end == w->run_va)
		return;
	if (w->next_range >= w->nr_ranges ||
	    w->ranges[w->next_range][0] != w->run_pa ||
	    w->ranges[w->next_range][1] != w->run_pa + (w->run_end - w->run_va))
		ktest_fail(w->t, __FILE__, __LINE__,
			   "direct map run [0x%lx-0x%lx) is not RAM range %u",
			   w->run_pa, w->run_pa + (w->run_end - w->run_va),
			   w->next_range);
	w->next_range++;
}

static int dm_page(void *arg, const struct pgt_translation *p)
{
	struct dm_walk *w = arg;
	u64 base = mm_layout.page_offset_base;

	if (p->va < base || p->va >= base + mm_layout.direct_map_size)
		return 0;
	if (p->va != w->run_end || p->pa != w->run_pa + (p->va - w->run_va)) {
		dm_close_run(w);
		w->run_va = w->run_end = p->va;
		w->run_pa = p->pa;
	}
	w->run_end += p->page_size;
	if (p->pa != p->va - base)
		ktest_fail(w->t, __FILE__, __LINE__,
			   "direct map 0x%lx -> 0x%lx, not 0x%lx", p->va, p->pa,
			   p->va - base);
	if ((p->prot & PGT_EXEC) || !(p->prot & PGT_WRITE))
		ktest_fail(w->t, __FILE__, __LINE__,
			   "direct map 0x%lx is not RW NX", p->va);
	return 0;
}

/* The direct map covers exactly the whole pages of the e820 RAM. */
KTEST(mm, direct_map_is_exactly_ram)
{
	static struct dm_walk w;

	memset(&w, 0, sizeof(w));
	w.t = t;
	for (u32 i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		phys_addr_t s = ALIGN(e->addr, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(e->addr + e->size, PAGE_SIZE);

		if (e->type != E820_TYPE_RAM || end <= s)
			continue;
		/* adjacent RAM entries form one run */
		if (w.nr_ranges && w.ranges[w.nr_ranges - 1][1] == s)
			w.ranges[w.nr_ranges - 1][1] = end;
		else {
			w.ranges[w.nr_ranges][0] = s;
			w.ranges[w.nr_ranges][1] = end;
			w.nr_ranges++;
		}
	}
	pgt_walk(&init_pgt, dm_page, &w);
	dm_close_run(&w);
	KTEST_EXPECT_EQ(t, w.next_range, w.nr_ranges);
}

KTEST(mm, lower_half_and_page0_unmapped)
{
	struct pgt_translation tr;

	KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, 0, &tr) < 0);
	KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, 0x1000, &tr) < 0);
	KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, 0x100000, &tr) < 0);
}

struct lower_half_probe {
	u64 mapped;
};

static int lower_half_page(void *arg, const struct pgt_translation *p)
{
	struct lower_half_probe *probe = arg;

	if (!(p->va >> 63))
		probe->mapped++;
	return 0;
}

KTEST(mm, no_lower_half_mappings)
{
	struct lower_half_probe probe = {0};

	pgt_walk(&init_pgt, lower_half_page, &probe);
	KTEST_EXPECT_EQ(t, probe.mapped, 0);
}

/* text RX, rodata R NX, data and bss RW NX; init gone after boot. */
KTEST(mm, kernel_image_rights)
{
	struct {
		const void *addr;
		pgt_prot_t want;
	} checks[] = {
		{_text, PGT_EXEC},
		{__start_rodata, 0},
		{_sdata, PGT_WRITE},
		{__bss_start, PGT_WRITE},
		{init_stack_top - 8, PGT_WRITE}, /* brk: the boot stack */
	};

	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		struct pgt_translation tr;

		KTEST_ASSERT_TRUE(t,
				  pgt_translate(&init_pgt, (u64)checks[i].addr,
						&tr) == 0);
		KTEST_EXPECT_EQ(t, tr.prot & (PGT_EXEC | PGT_WRITE),
				checks[i].want);
		KTEST_EXPECT_EQ(t, tr.pa, __pa_symbol(checks[i].addr));
	}
	{
		struct pgt_translation tr;

		KTEST_EXPECT_TRUE(t, pgt_translate(&init_pgt, (u64)__init_begin,
						   &tr) < 0);
	}
}

/*
 * mem=SIZE and memmap=SIZE$START (the forms the boot matrix passes) took
 * effect: no RAM at or above SIZE; [START, START+SIZE) reserved, neither in
 * memblock's memory nor in the direct map.
 */
KTEST(mm, e820_user_options)
{
	char val[64];
	bool tested = false;

	if (cmdline_find_option(boot_command_line, "mem", val, sizeof(val)) >
	    0) {
		u64 limit = memparse(val, NULL);

		for (u32 i = 0; i < e820_table.nr_entries; i++) {
			const struct e820_entry *e = &e820_table.entries[i];

			if (e->type == E820_TYPE_RAM)
				KTEST_EXPECT_TRUE(t,
						  e->addr + e->size <= limit);
		}
		KTEST_EXPECT_TRUE(t, memblock_end_of_DRAM() <= limit);
		KTEST_EXPECT_TRUE(t, PFN_PHYS(max_pfn) <= limit);
		tested = true;
	}
	if (cmdline_find_option(boot_command_line, "memmap", val, sizeof(val)) >
		    0 &&
	    strchr(val, '$')) {
		char *end;
		u64 size = memparse(val, &end);
		u64 start = memparse(end + 1, NULL);
		struct pgt_translation tr;
		bool reserved = false;

		for (u32 i = 0; i < e820_table.nr_entries; i++) {
			const struct e820_entry *e = &e820_table.entries[i];

			if (e->addr <= start &&
			    start + size <= e->addr + e->size)
				reserved = e->type == E820_TYPE_RESERVED;
		}
		KTEST_EXPECT_TRUE(t, reserved);
		KTEST_EXPECT_TRUE(t, !memblock_is_memory(start));
		KTEST_EXPECT_TRUE(t, !memblock_is_memory(start + size - 1));
		KTEST_EXPECT_TRUE(
			t, pgt_translate(&init_pgt,
					 mm_layout.page_offset_base + start,
					 &tr) < 0);
		tested = true;
	}
	if (!tested)
		ktest_skip(t,
			   "no mem= or memmap=SIZE$START on the command line");
}

/* The layout is randomised unless `nokaslr`: then it is Linux's fixed one. */
KTEST(mm, kaslr_layout)
{
	struct mm_layout fixed;
	bool off = cmdline_find_option_bool(boot_command_line, "nokaslr");

	KTEST_ASSERT_TRUE(t, mm_layout_init(&fixed, mm_layout.levels) == 0);
	KTEST_EXPECT_EQ(t, mm_layout.page_offset_base % SZ_1G, 0);
	KTEST_EXPECT_EQ(t, mm_layout.vmalloc_base % SZ_1G, 0);
	KTEST_EXPECT_EQ(t, mm_layout.vmemmap_base % SZ_1G, 0);
	KTEST_EXPECT_TRUE(t, mm_layout.page_offset_base +
					     mm_layout.direct_map_size <=
				     mm_layout.vmalloc_base);
	KTEST_EXPECT_TRUE(t, mm_layout.vmalloc_base + mm_layout.vmalloc_size <=
				     mm_layout.vmemmap_base);
	KTEST_EXPECT_TRUE(t, mm_layout.vmemmap_base + mm_layout.vmemmap_size <=
				     fixed.cpu_entry_area_base);
	if (off) {
		KTEST_EXPECT_EQ(t, mm_layout.page_offset_base,
				fixed.page_offset_base);
		KTEST_EXPECT_EQ(t, mm_layout.vmalloc_base, fixed.vmalloc_base);
		KTEST_EXPECT_EQ(t, mm_layout.vmemmap_base, fixed.vmemmap_base);
	}
}
