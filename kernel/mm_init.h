/* SPDX-License-Identifier: MIT */
/*
 * Memory initialisation after setup_arch (memblock -> page allocator ->
 * slab -> vmalloc), and the accounting of boot-time reservations by cause
 * that the "Memory:" line and the meminfo summary report.
 */
#ifndef KEEL_KERNEL_MM_INIT_H
#define KEEL_KERNEL_MM_INIT_H

#include "kernel/lib/types.h"

/* Why RAM was taken before the page allocator existed. */
enum mem_cause {
	MEM_KERNEL, /* kernel image: text, data, bss, used brk */
	MEM_MEMMAP, /* struct page array (vmemmap) */
	MEM_PGTABLE, /* page tables (direct map, vmemmap, kernel) */
	MEM_FIRMWARE, /* low 1 MiB, setup_data */
	MEM_BOOTDATA, /* zero page, command line, initrd */
	MEM_OTHER, /* memblock arrays, sparse bitmap, allocator state */
	NR_MEM_CAUSES,
};

/* Bytes of RAM newly reserved for each cause. */
extern u64 mem_reserved_bytes[NR_MEM_CAUSES];

/*
 * memblock_reserve_cause - memblock_reserve() that counts the bytes it
 * newly reserved (overlaps with earlier reservations are not counted
 * twice) against @cause.
 */
int memblock_reserve_cause(phys_addr_t base, phys_addr_t size,
			   enum mem_cause cause);

/* memblock_phys_alloc_range() counted against @cause; 0 on failure. */
phys_addr_t memblock_phys_alloc_cause(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end,
				      enum mem_cause cause);

/* Give back what memblock_phys_alloc_cause() took. */
void memblock_phys_free_cause(phys_addr_t base, phys_addr_t size,
			      enum mem_cause cause);

/*
 * mm_init - hand memblock's free memory to the page allocator, start the
 * slab allocator and vmalloc, print the "Memory:" line and the summary.
 */
void mm_init(void);

/* Unmap .init.text/.init.data and give their pages to the allocator. */
void free_initmem(void);

/* True once memblock has handed its memory to the page allocator. */
extern bool after_bootmem;

/* Give the pages wholly inside the unpacked initrd [@start, @start +
 * @size) to the page allocator, with Linux's "Freeing initrd memory"
 * line. */
void free_initrd_mem(phys_addr_t start, u64 size);

#endif
