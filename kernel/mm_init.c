// SPDX-License-Identifier: MIT
/*
 * mm_init: memblock's free memory to the page allocator, then the slab
 * allocator and vmalloc; the accounting Linux prints as "Memory:".
 */
#include "kernel/mm_init.h"

#include "kernel/arch/e820.h"
#include "kernel/arch/mm.h"
#include "kernel/arch/sections.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "kernel/vmalloc.h"
#include "mm/mm_types.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/mm_lock.h"
#include "kernel/spinlock.h"

u64 mem_reserved_bytes[NR_MEM_CAUSES];
bool after_bootmem;

int memblock_reserve_cause(phys_addr_t base, phys_addr_t size,
			   enum mem_cause cause)
{
	phys_addr_t before = memblock_reserved_size();
	int ret = memblock_reserve(base, size);

	mem_reserved_bytes[cause] += memblock_reserved_size() - before;
	return ret;
}

phys_addr_t memblock_phys_alloc_cause(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end,
				      enum mem_cause cause)
{
	phys_addr_t before = memblock_reserved_size();
	phys_addr_t pa = memblock_phys_alloc_range(size, align, start, end);

	mem_reserved_bytes[cause] += memblock_reserved_size() - before;
	return pa;
}

void memblock_phys_free_cause(phys_addr_t base, phys_addr_t size,
			      enum mem_cause cause)
{
	phys_addr_t before = memblock_reserved_size();

	memblock_phys_free(base, size);
	mem_reserved_bytes[cause] -= before - memblock_reserved_size();
}

static const char *const cause_names[NR_MEM_CAUSES] = {
	[MEM_KERNEL] = "kernel image", [MEM_MEMMAP] = "struct page array",
	[MEM_PGTABLE] = "page tables", [MEM_FIRMWARE] = "firmware",
	[MEM_BOOTDATA] = "boot data",  [MEM_OTHER] = "other boot allocations",
};

#define K(bytes) ((unsigned long)((bytes) >> 10))
#define PAGES_K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

static void __init mem_init_print_info(void)
{
	unsigned long physpages = e820_ram_pages(&e820_table);
	unsigned long free = nr_free_pages();
	unsigned long codesize = (unsigned long)(_etext - _text);
	unsigned long rwsize = (unsigned long)(_edata - _sdata);
	unsigned long rosize = (unsigned long)(__end_rodata - __start_rodata);
	unsigned long initsize = (unsigned long)(__init_end - __init_begin);
	unsigned long bsssize = (unsigned long)(__bss_stop - __bss_start);

	pr_info("MemTotal:       %8lu kB", PAGES_K(totalram_pages()));
	pr_info("MemFree:        %8lu kB", PAGES_K(free));
	for (int c = 0; c < NR_MEM_CAUSES; c++)
		pr_info("Reserved (%s): %lu kB", cause_names[c],
			K(mem_reserved_bytes[c]));
	pr_info("Allocated during init: %lu kB",
		PAGES_K(totalram_pages() - free));
	pr_info("Free over e820 RAM: %lu.%02lu%%", free * 100 / physpages,
		free * 10000 / physpages % 100);
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, "
		"%luK rodata, %luK init, %luK bss, %luK reserved)",
		PAGES_K(free), PAGES_K(physpages), K(codesize), K(rwsize),
		K(rosize), K(initsize), K(bsssize), PAGES_K(physpages - free));
}

/*
 * The allocators' locks (mm/mm_lock.h): one interrupt-saving spinlock per
 * id, which the CPU holding it may take again (the slab allocator calls
 * itself for off-slab descriptors: another cache, so that is safe).
 */
struct mm_lock {
	spinlock_t lock;
	int depth; /* nesting on the owning CPU */
};

static struct mm_lock mm_locks[NR_MM_LOCKS] = {
	[MM_LOCK_ZONE] = {.lock = __SPIN_LOCK_UNLOCKED(zone_lock)},
	[MM_LOCK_SLAB] = {.lock = __SPIN_LOCK_UNLOCKED(slab_lock)},
};

static unsigned long mm_lock_irqsave(enum mm_lock_id id)
{
	struct mm_lock *l = &mm_locks[id];
	unsigned long flags = arch_local_irq_save();

	if (spin_is_locked_here(&l->lock)) {
		l->depth++;
		return flags;
	}
	preempt_disable();
	do_raw_spin_lock(&l->lock);
	l->depth = 1;
	return flags;
}

static void mm_unlock_irqrestore(enum mm_lock_id id, unsigned long flags)
{
	struct mm_lock *l = &mm_locks[id];

	if (--l->depth > 0) {
		arch_local_irq_restore(flags);
		return;
	}
	do_raw_spin_unlock(&l->lock);
	arch_local_irq_restore(flags);
	preempt_enable();
}

static const struct mm_lock_hooks kernel_mm_lock_hooks = {
	.lock = mm_lock_irqsave,
	.unlock = mm_unlock_irqrestore,
};

void __init mm_init(void)
{
	unsigned long freed;

	mm_lock_hooks = &kernel_mm_lock_hooks;
	freed = memblock_free_all(memblock_free_pages, NULL, MAX_FEED_ORDER);
	after_bootmem = true;
	pr_debug("memblock: %lu pages to the page allocator", freed);
	kmem_cache_init();
	vmalloc_init();
	preallocate_kernel_top();
	mm_user_init();
	mem_init_print_info();
}

extern char __init_text_end[];

void free_initmem(void)
{
	unsigned long start = (unsigned long)__init_begin;
	unsigned long end = (unsigned long)__init_end;
	unsigned long pfn = PHYS_PFN(__pa_symbol(__init_begin));
	unsigned long flags;
	int ret;

	ret = pgt_unmap(&init_pgt, start, end - start);
	if (ret < 0) {
		pr_err("initmem: cannot unmap [0x%016lx-0x%016lx] (error %d); "
		       "keeping it",
		       start, end - 1, ret);
		return;
	}
	arch_flush_tlb_kernel_range(start, end);
	flags = mm_lock(MM_LOCK_ZONE);
	for (unsigned long i = 0; i < PHYS_PFN(end - start); i++)
		__free_pages_core(pfn + i, 0);
	mm_unlock(MM_LOCK_ZONE, flags);
	pr_info("Freeing unused kernel image (initmem) memory: %luK",
		K(end - start));
}

void free_initrd_mem(phys_addr_t start, u64 size)
{
	phys_addr_t lo = PAGE_ALIGN(start), hi = (start + size) & PAGE_MASK;
	unsigned long flags;

	if (hi <= lo)
		return;
	flags = mm_lock(MM_LOCK_ZONE);
	for (unsigned long pfn = PHYS_PFN(lo); pfn < PHYS_PFN(hi); pfn++)
		__free_pages_core(pfn, 0);
	mm_unlock(MM_LOCK_ZONE, flags);
	pr_info("Freeing initrd memory: %lluK", (unsigned long long)K(hi - lo));
}
