// SPDX-License-Identifier: MIT
#include "kernel/vmalloc.h"

#include "kernel/arch/mm.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

static struct vmap_space vmalloc_vs;
/* The vmalloc space and its page-table edits (a leaf above the mm locks). */
static DEFINE_SPINLOCK(vmap_lock);

static void *desc_alloc(size_t size, void *arg)
{
	(void)arg;
	return kmalloc(size, GFP_KERNEL);
}

static void desc_free(void *desc, void *arg)
{
	(void)arg;
	kfree(desc);
}

const struct vmap_space *vmalloc_space(void)
{
	return &vmalloc_vs;
}

void vmalloc_usage(unsigned long *total, unsigned long *used)
{
	struct vmap_space_stats st;
	unsigned long flags = spin_lock_irqsave(&vmap_lock);

	vmap_space_stats(&vmalloc_vs, &st);
	spin_unlock_irqrestore(&vmap_lock, flags);
	*used = st.used_bytes;
	*total = st.used_bytes + st.guard_bytes + st.free_bytes;
}

void __init vmalloc_init(void)
{
	u64 start = mm_layout.vmalloc_base;
	u64 end = start + mm_layout.vmalloc_size;

	if (vmap_space_init(&vmalloc_vs, start, end, desc_alloc, desc_free,
			    NULL) < 0)
		panic("vmalloc: cannot use [0x%016lx-0x%016lx]", start,
		      end - 1);
}

/* Unmap [start, end) of an area, freeing its pages when @owned. */
static void unmap_area(unsigned long start, unsigned long end, bool owned)
{
	if (owned) {
		for (unsigned long va = start; va < end; va += PAGE_SIZE) {
			struct pgt_translation t;

			if (pgt_translate(&init_pgt, va, &t) == 0)
				__free_pages(pfn_to_page(PHYS_PFN(t.pa)), 0);
		}
	}
	if (end > start)
		pgt_unmap(&init_pgt, start, end - start);
	arch_flush_tlb_kernel_range(start, end);
}

/*
 * An area of @size bytes plus @guard unmapped bytes at its start; the
 * address returned is the first mapped byte. vmap_lock held.
 */
static void *__vmalloc_locked(unsigned long size, unsigned long guard,
			      gfp_t gfp)
{
	struct vmap_area *va;
	unsigned long addr;

	if (!size) {
		pr_warn("vmalloc: size 0 refused");
		return NULL;
	}
	va = alloc_vmap_area(&vmalloc_vs, size + guard, PAGE_SIZE, VM_ALLOC);
	if (!va)
		return NULL;
	for (addr = va->va_start + guard; addr < va->va_end;
	     addr += PAGE_SIZE) {
		struct page *page = alloc_page(gfp);

		if (!page ||
		    pgt_map(&init_pgt, addr, PFN_PHYS(page_to_pfn(page)),
			    PAGE_SIZE, PGT_KERNEL, PGT_SIZE_4K, NULL) < 0) {
			if (page)
				__free_pages(page, 0);
			pr_warn("vmalloc: %lu bytes: out of memory after %lu "
				"pages",
				size, (addr - va->va_start) >> PAGE_SHIFT);
			unmap_area(va->va_start, addr, true);
			free_vmap_area_struct(
				&vmalloc_vs,
				remove_vmap_area(&vmalloc_vs, va->va_start));
			return NULL;
		}
	}
	return (void *)(va->va_start + guard);
}

static void *__vmalloc(unsigned long size, unsigned long guard, gfp_t gfp)
{
	unsigned long flags = spin_lock_irqsave(&vmap_lock);
	void *p = __vmalloc_locked(size, guard, gfp);

	spin_unlock_irqrestore(&vmap_lock, flags);
	return p;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, 0, GFP_KERNEL);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, 0, GFP_KERNEL | __GFP_ZERO);
}

void *vmalloc_stack(unsigned long size)
{
	return __vmalloc(ALIGN(size, PAGE_SIZE), PAGE_SIZE, GFP_KERNEL);
}

static void free_area(const volatile void *addr, unsigned long want,
		      const char *who)
{
	struct vmap_area *va;

	unsigned long flags;

	if (!addr)
		return;
	flags = spin_lock_irqsave(&vmap_lock);
	va = find_vmap_area(&vmalloc_vs, (unsigned long)addr & PAGE_MASK);
	if (!va || !(va->flags & want) ||
	    va->va_start != ((unsigned long)addr & PAGE_MASK)) {
		spin_unlock_irqrestore(&vmap_lock, flags);
		pr_err("%s: 0x%016lx is not an address it gave out", who,
		       (unsigned long)addr);
		return;
	}
	va = remove_vmap_area(&vmalloc_vs, va->va_start);
	unmap_area(va->va_start, va->va_end, want == VM_ALLOC);
	free_vmap_area_struct(&vmalloc_vs, va);
	spin_unlock_irqrestore(&vmap_lock, flags);
}

void vfree_stack(const void *stack)
{
	if (!stack || ((unsigned long)stack & ~PAGE_MASK)) {
		pr_err("vfree_stack: 0x%016lx is not a stack vmalloc_stack "
		       "gave out",
		       (unsigned long)stack);
		return;
	}
	free_area((const char *)stack - PAGE_SIZE, VM_ALLOC, "vfree_stack");
}

void vfree(const void *addr)
{
	if (addr && ((unsigned long)addr & ~PAGE_MASK)) {
		pr_err("vfree: 0x%016lx is not page aligned",
		       (unsigned long)addr);
		return;
	}
	free_area(addr, VM_ALLOC, "vfree");
}

static void *__ioremap(phys_addr_t phys, size_t size, unsigned int pat_index)
{
	phys_addr_t base = phys & PAGE_MASK;
	unsigned long span, flags;
	struct vmap_area *va;

	if (!size || phys + size < phys) {
		pr_err("ioremap: bad range 0x%016lx + 0x%zx", phys, size);
		return NULL;
	}
	span = ALIGN(phys + size, PAGE_SIZE) - base;
	flags = spin_lock_irqsave(&vmap_lock);
	va = alloc_vmap_area(&vmalloc_vs, span, PAGE_SIZE, VM_IOREMAP);
	if (!va) {
		spin_unlock_irqrestore(&vmap_lock, flags);
		return NULL;
	}
	va->phys_addr = base;
	if (pgt_map(&init_pgt, va->va_start, base, span,
		    PGT_KERNEL | PGT_CACHE(pat_index), PGT_SIZE_4K, NULL) < 0) {
		free_vmap_area_struct(
			&vmalloc_vs,
			remove_vmap_area(&vmalloc_vs, va->va_start));
		spin_unlock_irqrestore(&vmap_lock, flags);
		pr_err("ioremap: cannot map [0x%016lx-0x%016lx]", base,
		       base + span - 1);
		return NULL;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	return (void *)(va->va_start + (phys - base));
}

void *ioremap(phys_addr_t phys, size_t size)
{
	return __ioremap(phys, size, arch_pat_index_uc());
}

/* PAT entry 0 is write-back in every table keel programs. */
#define PAT_INDEX_WB 0

void *ioremap_cache(phys_addr_t phys, size_t size)
{
	return __ioremap(phys, size, PAT_INDEX_WB);
}

void *ioremap_wc(phys_addr_t phys, size_t size)
{
	return __ioremap(phys, size, arch_pat_index_wc());
}

void iounmap(volatile void *addr)
{
	free_area(addr, VM_IOREMAP, "iounmap");
}
