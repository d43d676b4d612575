/* SPDX-License-Identifier: MIT */
/*
 * keel's struct page: one 8-byte word per 4 KiB page frame (0.2% of RAM;
 * Linux spends 64 bytes, 1.56%). The array of them, indexed by pfn, is the
 * memory map (mem_map): the vmemmap region in the kernel, a calloc'd array
 * in host tests (mm/page_alloc.h).
 *
 * Why 8 bytes is enough:
 *  - A listed free block keeps its free-list links in the free memory
 *    itself: the first 16 bytes of the block's first page hold {next,
 *    prev} (struct free_block in mm/page_alloc.h), reached through
 *    phys_to_virt(). Free memory is unused by definition, so the links
 *    cost nothing. (Deferred blocks, see below, are on no list.)
 *  - The zone follows from the pfn (zones are physical address ranges), so
 *    it is not stored.
 *  - Only the first page of a block (its head) says anything: its order and
 *    whether it is free or allocated. Other pages of a managed block are
 *    plain tails.
 *  - A slab page holds a pointer to its struct slab descriptor (8-byte
 *    aligned, so the low 3 bits are free for the type tag).
 *
 * The word; the low 3 bits are the type (enum page_type):
 *
 *   RESERVED, TAIL, FREE, ALLOC
 *    63                                 8   7   6     3 2      0
 *   +------------------------------------+---+-------+--------+
 *   |                 0                  | K | order |  type  |
 *   +------------------------------------+---+-------+--------+
 *   SLAB
 *    63                                              3 2      0
 *   +-------------------------------------------------+--------+
 *   |          struct slab *, bits 63..3              |  100b  |
 *   +-------------------------------------------------+--------+
 *
 *   K (PG_kmalloc): an ALLOC block that kmalloc() handed out directly.
 *
 * RESERVED is 0, so a zeroed map reads "never given to the allocator". A
 * struct page is only trusted where the page allocator has written it:
 * mm/page_alloc.c keeps a table of two bits per max-order block (4 MiB)
 * that says which parts of the map hold valid words (see "What the table
 * says about each max-order block" there); pfn_page_type() is the trusted
 * reader. The raw accessors below are for mm/page_alloc.c and mm/slab.c
 * only.
 *
 * What boot writes: for every whole 4 MiB block memblock hands over,
 * nothing but its two table bits (the block is "deferred": free, counted,
 * on no list). Not its 1024 struct pages, not the free-list links in its
 * memory. The first allocation that needs the block writes its head
 * struct page and links; its first split writes its 1024 struct pages
 * (8 KiB). Only blocks fed in pieces (around reserved ranges, O(1) per
 * free range) have their struct pages written at boot. So booting costs
 * O(RAM / 4 MiB) bit stores, a word per 128 MiB, and touches no free page.
 */
#ifndef KEEL_MM_PAGE_H
#define KEEL_MM_PAGE_H

#include "kernel/lib/types.h"

struct slab;

/* One page frame's state, encoded as described above. */
struct page {
	unsigned long info;
};

_Static_assert(sizeof(struct page) == 8, "struct page must be 8 bytes");

/* What a page frame is, as told by its struct page. */
enum page_type {
	/* Never given to the page allocator (or outside the memory map). */
	PAGE_TYPE_RESERVED = 0,
	/* A page of a managed block other than its first page. */
	PAGE_TYPE_TAIL = 1,
	/* First page of a free block; the order says its size. */
	PAGE_TYPE_FREE = 2,
	/* First page of an allocated block; the order says its size. */
	PAGE_TYPE_ALLOC = 3,
	/* Any page of a slab; the word points at the struct slab. */
	PAGE_TYPE_SLAB = 4,
};

#define PAGE_TYPE_MASK 0x7UL
#define PAGE_ORDER_SHIFT 3
#define PAGE_ORDER_MASK (0xfUL << PAGE_ORDER_SHIFT)
/* Set on an ALLOC head that kmalloc() gave out as a large allocation. */
#define PG_kmalloc BIT(7)

/* Raw type of @page (trusted only where the allocator wrote it). */
static inline enum page_type __page_type(const struct page *page)
{
	return (enum page_type)(page->info & PAGE_TYPE_MASK);
}

/* Raw order of a FREE or ALLOC head. */
static inline unsigned int __page_order(const struct page *page)
{
	return (unsigned int)((page->info & PAGE_ORDER_MASK) >>
			      PAGE_ORDER_SHIFT);
}

/* Write @page as @type with @order (and no other flags). */
static inline void __page_set(struct page *page, enum page_type type,
			      unsigned int order)
{
	page->info = (unsigned long)type |
		     ((unsigned long)order << PAGE_ORDER_SHIFT);
}

/* True when @page is a FREE head of exactly @order. */
static inline bool __page_is_free_head(const struct page *page,
				       unsigned int order)
{
	return page->info == ((unsigned long)PAGE_TYPE_FREE |
			      ((unsigned long)order << PAGE_ORDER_SHIFT));
}

/* Mark @page as a page of @slab (@slab must be 8-byte aligned). */
static inline void __page_set_slab(struct page *page, struct slab *slab)
{
	page->info = (unsigned long)(uintptr_t)slab | PAGE_TYPE_SLAB;
}

/* The struct slab a SLAB page points at. */
static inline struct slab *__page_slab(const struct page *page)
{
	return (struct slab *)(uintptr_t)(page->info & ~PAGE_TYPE_MASK);
}

#endif
