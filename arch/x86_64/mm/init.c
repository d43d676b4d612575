// SPDX-License-Identifier: MIT
/*
 * The kernel's own page tables and the memory map (seed 003, "x86-64:
 * overview"; REFERENCE.md 6):
 *
 *   page_offset_base  +-----------------------------+  direct map of RAM:
 *                     | RAM, 1G/2M/4K pages, NX, G  |  holes unmapped
 *   vmalloc_base      +-----------------------------+  vmalloc, ioremap
 *   vmemmap_base      +-----------------------------+  struct page array,
 *                     | 2M pages (4K for partial)   |  present sections only
 *   0xffffffff81000000 +----------------------------+  kernel image, least
 *                     | text RX | rodata R | data RW |  rights per section
 *                     +-----------------------------+
 *   (the lower half, page 0 included, is not mapped at all)
 *
 * Page-table pages come from the brk area first, then from memblock, then
 * (after mem_init) from the page allocator.
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/x86_consts.h"
#include "kernel/init.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/physmap.h"
#include "mm/sparse.h"

struct pgt init_pgt;

/* The brk area: [__brk_base, _brk_end) is in use. The entry code took
 * the boot stack, its 32-bit tables and part of the pool. */
extern char early_pgt_pool[];
static unsigned long _brk_end;
/* Set by reserve_brk: the unused tail went back to memblock. */
static bool brk_closed;

#define CPUID_EXT_1GB_PAGES BIT(CPUID_EXT_EDX_1GB_PAGES_BIT) /* pdpe1gb */
#define CPUID_EXT_NX BIT(CPUID_EXT_EDX_NX_BIT)
#define DEFAULT_PHYS_BITS 36

void *extend_brk(unsigned long size, unsigned long align)
{
	unsigned long start, end;

	if (brk_closed)
		return NULL;
	if (!_brk_end)
		_brk_end = (unsigned long)early_pgt_pool + early_pgt_pool_used;
	start = ALIGN(_brk_end, align);
	end = start + size;
	if (end > (unsigned long)__brk_limit)
		return NULL;
	_brk_end = end;
	return (void *)start;
}

void __init reserve_brk(void)
{
	unsigned long used_end =
		ALIGN((unsigned long)extend_brk(0, 1), PAGE_SIZE);
	unsigned long limit = (unsigned long)__brk_limit;

	brk_closed = true;
	if (used_end < limit)
		memblock_phys_free_cause(__pa_symbol((void *)used_end),
					 limit - used_end, MEM_KERNEL);
	pr_info("brk: %luK of %luK used",
		(used_end - (unsigned long)__brk_base) >> 10,
		(limit - (unsigned long)__brk_base) >> 10);
}

/* --- page-table pages --------------------------------------------------*/

static int pgt_alloc(void *arg, phys_addr_t *pa)
{
	void *brk;

	(void)arg;
	if (after_bootmem) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			return -ENOMEM;
		*pa = PFN_PHYS(page_to_pfn(page));
	} else if ((brk = extend_brk(PAGE_SIZE, PAGE_SIZE))) {
		*pa = __pa_symbol(brk);
		mem_reserved_bytes[MEM_KERNEL] -= PAGE_SIZE;
		mem_reserved_bytes[MEM_PGTABLE] += PAGE_SIZE;
	} else {
		*pa = memblock_phys_alloc_cause(PAGE_SIZE, PAGE_SIZE, 0,
						MEMBLOCK_ALLOC_ACCESSIBLE,
						MEM_PGTABLE);
		if (!*pa)
			return -ENOMEM;
	}
	return 0;
}

static void pgt_free(void *arg, phys_addr_t pa)
{
	(void)arg;
	if (after_bootmem)
		__free_pages(pfn_to_page(PHYS_PFN(pa)), 0);
	else
		memblock_phys_free_cause(pa, PAGE_SIZE, MEM_PGTABLE);
}

/* --- TLB ---------------------------------------------------------------*/

void flush_tlb_all(void)
{
	u64 cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) { /* toggling PGE drops global entries too */
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

#define FLUSH_ALL_THRESHOLD (64 * PAGE_SIZE)

void arch_flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	if (end - start > FLUSH_ALL_THRESHOLD) {
		flush_tlb_all();
		return;
	}
	for (unsigned long va = start & PAGE_MASK; va < end; va += PAGE_SIZE)
		invlpg(va);
}

phys_addr_t arch_current_pgd(void)
{
	return read_cr3() & PAGE_MASK;
}

void arch_load_pgd(phys_addr_t root)
{
	write_cr3(root);
}

void arch_clear_page(void *page)
{
	unsigned long n = PAGE_SIZE / 8;

	__asm__ volatile("rep stosq"
			 : "+D"(page), "+c"(n)
			 : "a"(0UL)
			 : "memory");
}

void arch_copy_page(void *dst, const void *src)
{
	unsigned long n = PAGE_SIZE / 8;

	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

void arch_flush_tlb_user(void)
{
	write_cr3(read_cr3()); /* keeps global (kernel) entries */
}

/* --- the direct map and the kernel image -------------------------------*/

unsigned int __init cpu_phys_bits(void)
{
	if (cpuid(0x80000000).eax >= 0x80000008)
		return cpuid(0x80000008).eax & 0xff;
	return DEFAULT_PHYS_BITS;
}

/* memblock's RAM ranges: collected once for the direct map, and used
 * again for the sparse sections (memory does not change in between). */
static struct pgt_phys_range direct_ranges[E820_MAX_ENTRIES] __initdata;
static size_t nr_direct_ranges __initdata;

static void __init map_direct(unsigned int sizes)
{
	struct pgt_stats st = {0};
	phys_addr_t start, end;
	size_t n = 0;
	u64 i;
	int ret;

	for_each_mem_range (i, &start, &end) {
		if (n == ARRAY_SIZE(direct_ranges))
			panic("direct map: more than %zu memory ranges",
			      ARRAY_SIZE(direct_ranges));
		direct_ranges[n].start = start;
		direct_ranges[n].end = end;
		n++;
	}
	nr_direct_ranges = n;
	ret = pgt_map_direct(&init_pgt, mm_layout.page_offset_base,
			     direct_ranges, n, sizes, &st);
	if (ret < 0)
		panic("direct map: cannot map %zu RAM ranges (error %d)", n,
		      ret);
	pr_info("Direct map at 0x%016lx: %lu x 1G, %lu x 2M, %lu x 4K pages, "
		"%lu table pages",
		mm_layout.page_offset_base, st.nr_1g, st.nr_2m, st.nr_4k,
		st.nr_tables);
}

struct kernel_section {
	const char *name;
	char *start, *end;
	pgt_prot_t prot;
};

extern char __init_text_end[];

static void __init map_kernel_image(void)
{
	const struct kernel_section sections[] = {
		{"text", _text, __start_rodata, PGT_KERNEL_RX},
		{"rodata", __start_rodata, __end_rodata, PGT_KERNEL_RO},
		{"data", _sdata, __init_begin, PGT_KERNEL},
		{"init text", __init_begin, __init_text_end, PGT_KERNEL_RX},
		{"init data", __init_text_end, __init_end, PGT_KERNEL},
		{"percpu, bss, brk", __init_end, _end, PGT_KERNEL},
	};

	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		const struct kernel_section *s = &sections[i];
		u64 size = (u64)(s->end - s->start);
		int ret;

		if (!size)
			continue;
		ret = pgt_map(&init_pgt, (u64)s->start, __pa_symbol(s->start),
			      size, s->prot, PGT_SIZE_4K, NULL);
		if (ret < 0)
			panic("kernel mapping: %s [0x%016lx-0x%016lx] "
			      "(error %d)",
			      s->name, (u64)s->start, (u64)s->end - 1, ret);
	}
}

void __init init_mem_mapping(void)
{
	struct cpuid_regs ext = cpuid(0x80000001);
	unsigned int sizes = PGT_SIZE_4K | PGT_SIZE_2M;
	int ret;

	if (!(ext.edx & CPUID_EXT_NX))
		panic("the CPU has no NX bit (CPUID 0x80000001 EDX bit 20): "
		      "keel maps data no-execute");
	if (ext.edx & CPUID_EXT_1GB_PAGES)
		sizes |= PGT_SIZE_1G;
	ret = pgt_init(&init_pgt, (int)mm_layout.levels, cpu_phys_bits(),
		       pgt_alloc, pgt_free, NULL);
	if (ret < 0)
		panic("page tables: cannot start (error %d)", ret);

	map_direct(sizes);
	map_kernel_image();
	mtrr_bp_init();
	pat_init();
	mtrr_check_memtypes();

	write_cr3(init_pgt.root);
	write_cr4(read_cr4() | X86_CR4_PGE);
	write_cr0(read_cr0() | X86_CR0_WP);
	physmap_set_offset((uintptr_t)mm_layout.page_offset_base);
	/* Everything is reachable now. */
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	reserve_brk();
}

/* --- sections, vmemmap, zones ------------------------------------------*/

static struct sparse_map sparse_map;
static struct vmemmap_info vmemmap_info;
static u64 vmemmap_blocks_2m, vmemmap_pages_4k;

static int __init populate_4k(u64 vaddr, u64 size, void *arg)
{
	phys_addr_t pa;

	(void)arg;
	pa = memblock_phys_alloc_cause(size, size, 0, MEMBLOCK_ALLOC_ANYWHERE,
				       MEM_MEMMAP);
	if (!pa)
		return -ENOMEM;
	vmemmap_pages_4k++;
	return pgt_map(&init_pgt, vaddr, pa, size, PGT_KERNEL, PGT_SIZE_4K,
		       NULL);
}

/* A 2 MiB page when the whole block is struct pages, else 4 KiB pages. */
static int __init populate_block(u64 vaddr, u64 size, void *arg)
{
	long needed = vmemmap_fallback_walk(&sparse_map, &vmemmap_info, vaddr,
					    NULL, NULL);
	phys_addr_t pa = 0;

	(void)arg;
	if (needed < 0)
		return (int)needed;
	if ((u64)needed == size / PAGE_SIZE)
		pa = memblock_phys_alloc_cause(
			size, size, 0, MEMBLOCK_ALLOC_ANYWHERE, MEM_MEMMAP);
	if (pa) {
		vmemmap_blocks_2m++;
		return pgt_map(&init_pgt, vaddr, pa, size, PGT_KERNEL,
			       PGT_SIZE_2M, NULL);
	}
	needed = vmemmap_fallback_walk(&sparse_map, &vmemmap_info, vaddr,
				       populate_4k, NULL);
	return needed < 0 ? (int)needed : 0;
}

static void __init sparse_init(void)
{
	const struct sparse_ram_range *ranges = (const void *)direct_ranges;
	u64 nr_sections = DIV_ROUND_UP(max_pfn, PAGES_PER_SECTION);
	u64 *bitmap;
	long ret;

	bitmap = phys_to_virt(memblock_phys_alloc_cause(
		SPARSE_BITMAP_WORDS(nr_sections) * sizeof(u64), sizeof(u64), 0,
		MEMBLOCK_ALLOC_ANYWHERE, MEM_OTHER));
	_Static_assert(
		sizeof(struct pgt_phys_range) ==
				sizeof(struct sparse_ram_range) &&
			offsetof(struct pgt_phys_range, start) ==
				offsetof(struct sparse_ram_range, start) &&
			offsetof(struct pgt_phys_range, end) ==
				offsetof(struct sparse_ram_range, end),
		"the direct map's RAM ranges serve sparse as they are");
	if (sparse_map_init(&sparse_map, mm_layout.max_physmem_bits, bitmap,
			    nr_sections) < 0 ||
	    sparse_memory_present(&sparse_map, ranges, nr_direct_ranges) < 0)
		panic("sparse: cannot mark the present sections");
	vmemmap_info.vmemmap_base = mm_layout.vmemmap_base;
	vmemmap_info.struct_page_size = sizeof(struct page);
	ret = vmemmap_plan_walk(&sparse_map, &vmemmap_info, VMEMMAP_BLOCK_SIZE,
				populate_block, NULL);
	if (ret < 0)
		panic("vmemmap: cannot back the struct pages (error %ld)", ret);
	pr_info("sparse: %lu present sections; vmemmap at 0x%016lx: "
		"%lu x 2M + %lu x 4K pages for %zu-byte struct pages",
		sparse_nr_present_sections(&sparse_map), mm_layout.vmemmap_base,
		vmemmap_blocks_2m, vmemmap_pages_4k, sizeof(struct page));
}

static void __init zone_sizes_init(void)
{
	static const char *const names[] = {"DMA", "DMA32", "Normal"};
	unsigned long start_pfn, end_pfn;
	size_t state_bytes = page_alloc_state_size(max_pfn);
	phys_addr_t state;
	int i;

	state = memblock_phys_alloc_cause(state_bytes, sizeof(long), 0,
					  MEMBLOCK_ALLOC_ANYWHERE, MEM_OTHER);
	if (!state ||
	    page_alloc_init((struct page *)mm_layout.vmemmap_base, max_pfn,
			    phys_to_virt(state), state_bytes) < 0)
		panic("page allocator: cannot start over %lu page frames",
		      max_pfn);
	for_each_mem_pfn_range (i, NUMA_NO_NODE, &start_pfn, &end_pfn, NULL) {
		if (page_alloc_add_present(start_pfn, end_pfn) < 0)
			panic("page allocator: bad range of pfns %lx-%lx",
			      start_pfn, end_pfn);
	}
	pr_info("Zone ranges:");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = page_alloc_zone((enum zone_type)z);

		if (!zone || !zone->spanned_pages) {
			pr_info("  %-8s empty", names[z]);
			continue;
		}
		pr_info("  %-8s [mem 0x%016lx-0x%016lx] %lu pages present",
			names[z], PFN_PHYS(zone->zone_start_pfn),
			PFN_PHYS(zone->zone_start_pfn + zone->spanned_pages) -
				1,
			zone->present_pages);
	}
}

void __init paging_init(void)
{
	sparse_init();
	zone_sizes_init();
}

/*
 * Give every kernel-half root entry a table, and pin those tables
 * (mm/mm.h explains why): user address spaces copy the 256 entries once,
 * and every later kernel mapping lands below them. 4 KiB per entry not
 * yet used (at most 1 MiB, typically a few hundred KiB).
 */
void __init preallocate_kernel_top(void)
{
	u64 *root = phys_to_virt(init_pgt.root);
	unsigned int added = 0;

	for (unsigned int i = PGT_ENTRIES / 2; i < PGT_ENTRIES; i++) {
		phys_addr_t pa;

		if (root[i] & PTE_PRESENT)
			continue;
		if (init_pgt.alloc(init_pgt.arg, &pa))
			panic("page tables: no page for kernel root entry %u",
			      i);
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
		root[i] = pgt_mk_table(pa, false);
		init_pgt.nr_tables_allocated++;
		added++;
	}
	init_pgt.pin_kernel_top = true;
	pr_info("mm: kernel top-level entries pre-allocated (%u new tables), "
		"shared by every address space",
		added);
}
