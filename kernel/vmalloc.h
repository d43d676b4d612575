/* SPDX-License-Identifier: MIT */
/*
 * vmalloc and ioremap: virtually contiguous kernel memory, and device
 * memory, in the vmalloc space (vmalloc_base, 32 TiB with 4-level paging).
 * Every area is followed by an unmapped guard page, so running off its end
 * faults instead of corrupting a neighbour. The address-space bookkeeping
 * is pure (mm/vmalloc); this is the glue that allocates pages and edits
 * the kernel page tables.
 */
#ifndef KEEL_KERNEL_VMALLOC_H
#define KEEL_KERNEL_VMALLOC_H

#include "kernel/lib/types.h"
#include "mm/vmalloc.h"

/* Set up the vmalloc space (after the slab allocator). */
void vmalloc_init(void);

/* @size bytes (rounded up to pages) of mapped memory, or NULL. */
void *vmalloc(unsigned long size);
/* As vmalloc, zeroed. */
void *vzalloc(unsigned long size);
/*
 * A kernel stack: @size bytes (rounded up to pages) mapped above one
 * unmapped guard page, so an overflow faults. The address returned is the
 * lowest mapped byte. Free with vfree_stack.
 */
void *vmalloc_stack(unsigned long size);
void vfree_stack(const void *stack);
/* Free what vmalloc returned; NULL is ignored, anything else is reported. */
void vfree(const void *addr);

/* Map device memory [phys, phys + size) uncached (UC), or NULL. */
void *ioremap(phys_addr_t phys, size_t size);
/* Map [phys, phys + size) write-back (firmware tables in non-RAM ranges,
 * which the direct map leaves out), or NULL. */
void *ioremap_cache(phys_addr_t phys, size_t size);
/* Map [phys, phys + size) write-combining (PAT entry 1), or NULL. */
void *ioremap_wc(phys_addr_t phys, size_t size);
/* Undo ioremap / ioremap_wc. */
void iounmap(volatile void *addr);

/* The space, for dumps and tests. */
const struct vmap_space *vmalloc_space(void);
/* The space's size and its areas' usable bytes (/proc/meminfo). */
void vmalloc_usage(unsigned long *total, unsigned long *used);

#endif
