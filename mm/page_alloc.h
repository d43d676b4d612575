/* SPDX-License-Identifier: MIT */
/*
 * The page allocator: a binary buddy allocator over three zones chosen by
 * physical address, fed by memblock_free_all().
 *
 *   0            16 MiB                 4 GiB                      end
 *   +-------------+----------------------+--------------------------+
 *   |  ZONE_DMA   |      ZONE_DMA32      |       ZONE_NORMAL        |
 *   +-------------+----------------------+--------------------------+
 *
 * Blocks are 2^order pages, order 0 .. MAX_PAGE_ORDER (4 KiB .. 4 MiB),
 * naturally aligned. Both zone boundaries are multiples of the largest
 * block, so a block never straddles two zones.
 *
 * Setting up, in this order:
 *   page_alloc_init(mem_map, end_pfn, state, state_bytes)
 *   page_alloc_add_present(start, end)   for every RAM range (zone spans)
 *   memblock_free_pages(pfn, order, arg) for every free chunk (the
 *                                         memblock_free_all callback)
 *
 * Feeding writes nothing but the block-state table for whole 4 MiB blocks
 * (they are "deferred", see struct zone): boot costs two bits per 4 MiB
 * of RAM, and free memory is first written when it is allocated.
 *
 * Context: not reentrant. The caller serialises every call (one CPU with
 * interrupts off, or a lock in the kernel glue).
 */
#ifndef KEEL_MM_PAGE_ALLOC_H
#define KEEL_MM_PAGE_ALLOC_H

#include <limits.h>

#include "kernel/lib/types.h"
#include "mm/page.h"
#include "mm/physmap.h"

/* Largest block order: 2^10 pages = 4 MiB. */
#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)

/* Largest chunk order memblock_free_pages() accepts (2^40 pages). */
#define MAX_FEED_ORDER 40

/*
 * Allocation flags. The zone modifiers pick the highest zone allowed;
 * without one the allocation may use any zone (Normal, then DMA32, then
 * DMA, as Linux's zonelist falls back). The values are keel's own.
 */
typedef unsigned int gfp_t;

#define __GFP_DMA BIT(0) /* only ZONE_DMA (< 16 MiB) */
#define __GFP_DMA32 BIT(2) /* ZONE_DMA32 then ZONE_DMA (< 4 GiB) */
#define __GFP_HIGH BIT(5) /* caller cannot wait (no effect yet) */
#define __GFP_IO BIT(6) /* may start I/O (no effect yet) */
#define __GFP_FS BIT(7) /* may call into file systems (no effect yet) */
#define __GFP_ZERO BIT(8) /* zero the memory */
#define __GFP_NOWARN BIT(9) /* no message when the allocation fails */

#define GFP_ZONEMASK (__GFP_DMA | __GFP_DMA32)
#define GFP_KERNEL (__GFP_IO | __GFP_FS)
#define GFP_ATOMIC (__GFP_HIGH)
#define GFP_DMA (__GFP_DMA)
#define GFP_DMA32 (__GFP_DMA32)

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	MAX_NR_ZONES,
};

/* Zone limits, exclusive, in pfns. */
#define ZONE_DMA_END_PFN (SZ_16M >> PAGE_SHIFT)
#define ZONE_DMA32_END_PFN ((unsigned long)(SZ_4G >> PAGE_SHIFT))

_Static_assert(ZONE_DMA_END_PFN % MAX_ORDER_NR_PAGES == 0,
	       "a max-order block must not straddle the DMA boundary");
_Static_assert(ZONE_DMA32_END_PFN % MAX_ORDER_NR_PAGES == 0,
	       "a max-order block must not straddle the DMA32 boundary");

/*
 * The free-list links, kept in the first bytes of a free block's first
 * page (so struct page needs no room for them). A circular list whose
 * sentinel lives in struct free_area.
 */
struct free_block {
	struct free_block *next;
	struct free_block *prev;
};

/* The free blocks of one order in one zone. */
struct free_area {
	struct free_block head;
	unsigned long nr_free; /* blocks on the list */
};

/*
 * A zone. Spanned: [zone_start_pfn, zone_start_pfn + spanned_pages), from
 * the first to the last present page. Present: RAM pages in the zone
 * (holes excluded). Managed: pages handed to the allocator (present minus
 * reserved). Free: pages on the free lists plus the pages of deferred
 * blocks.
 *
 * Deferred blocks are max-order blocks fed whole and not touched since
 * (mm/page_alloc.c): free and counted in free_pages and nr_deferred, but
 * on no list (free_area[MAX_PAGE_ORDER].nr_free does not count them), and
 * neither their struct pages nor their memory written. So the zone's free
 * max-order blocks number free_area[MAX_PAGE_ORDER].nr_free + nr_deferred,
 * and free_pages = sum of nr_free << order + nr_deferred << MAX_PAGE_ORDER.
 * No deferred block starts below first_deferred_pfn (meaningful while
 * nr_deferred is not 0).
 */
struct zone {
	const char *name;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long free_pages;
	unsigned long nr_deferred;
	unsigned long first_deferred_pfn;
	struct free_area free_area[NR_PAGE_ORDERS];
};

/* The memory map: struct page of pfn N is mem_map[N]. */
extern struct page *mem_map;

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return &mem_map[pfn];
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

/* Direct-map address of @page's memory. */
static inline void *page_address(const struct page *page)
{
	return phys_to_virt(PFN_PHYS(page_to_pfn(page)));
}

/* struct page of the frame holding direct-map address @addr. */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PHYS_PFN(virt_to_phys(addr)));
}

/* Smallest order whose block holds @size bytes (@size > 0). */
static inline unsigned int get_order(size_t size)
{
	unsigned long pages_minus_one = (size - 1) >> PAGE_SHIFT;

	if (!pages_minus_one)
		return 0;
	return (unsigned int)(sizeof(long) * CHAR_BIT) -
	       (unsigned int)__builtin_clzl(pages_minus_one);
}

/* Zone holding physical page @pfn. */
static inline enum zone_type pfn_zone(unsigned long pfn)
{
	if (pfn < ZONE_DMA_END_PFN)
		return ZONE_DMA;
	if (pfn < ZONE_DMA32_END_PFN)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/**
 * page_alloc_state_size - bytes of block-state table page_alloc_init needs
 * @end_pfn: one past the highest pfn the memory map covers
 *
 * Two bits per max-order block (4 MiB): 4 KiB of table for 64 GiB of RAM.
 * Return: the size in bytes (a multiple of sizeof(unsigned long)).
 * Context: any.
 */
size_t page_alloc_state_size(unsigned long end_pfn);

/**
 * page_alloc_init - reset the page allocator over a memory map
 * @map: the memory map, mem_map[pfn] for pfn in [0, @end_pfn); its
 *       contents may be garbage (nothing in it is read before it is
 *       written)
 * @end_pfn: one past the highest pfn of RAM
 * @state: block-state table, at least page_alloc_state_size(@end_pfn)
 *         bytes; page_alloc_init zeroes it
 * @state_bytes: size of @state
 *
 * Forgets every zone, free list and count. Cost: zeroing @end_pfn / 4096
 * bytes of @state; @map is not touched.
 * Return: 0, or -EINVAL (nothing changed) when @map or @state is NULL,
 * @end_pfn is 0 or too large, or @state is too small.
 * Context: boot, or a test resetting the allocator.
 */
int page_alloc_init(struct page *map, unsigned long end_pfn,
		    unsigned long *state, size_t state_bytes);

/**
 * page_alloc_add_present - declare RAM pfns [@start_pfn, @end_pfn)
 * @start_pfn: first pfn
 * @end_pfn: one past the last pfn
 *
 * Grows the spanned range of the zones the range touches and adds to their
 * present pages. Ranges must not overlap each other.
 * Return: 0, or -EINVAL (nothing changed) for an empty range or one that
 * reaches past the memory map.
 * Context: after page_alloc_init, before feeding those pages.
 */
int page_alloc_add_present(unsigned long start_pfn, unsigned long end_pfn);

/**
 * __free_pages_core - hand a free chunk of boot memory to the allocator
 * @pfn: first pfn of the chunk, aligned to 2^@order pages
 * @order: chunk order, 0 .. MAX_FEED_ORDER (chunks above MAX_PAGE_ORDER
 *         are cut into max-order blocks)
 *
 * The chunk becomes managed and free. A chunk of MAX_PAGE_ORDER or more
 * becomes deferred max-order blocks: only two bits per block of the
 * block-state table are written (a word per 32 blocks), no struct page
 * and no byte of the free memory; the blocks are taken out of deferral by
 * allocations that the free lists cannot serve. A smaller chunk is merged
 * with free buddies on the free lists; the block it lies in pays once for
 * initialising its 1024 struct pages. Usable after boot too (e.g. freeing
 * init memory page by page).
 * Return: 0, or -EINVAL (reported, nothing applied) when the chunk is
 * misaligned, reaches past the memory map, lies outside the span of its
 * zone, or overlaps pages already given to the allocator.
 * Context: boot (memblock_free_all), after page_alloc_add_present.
 */
int __free_pages_core(unsigned long pfn, unsigned int order);

/**
 * memblock_free_pages - memblock_free_all callback feeding the allocator
 * @pfn: first pfn of a naturally aligned chunk
 * @order: chunk order
 * @arg: unused
 *
 * Calls __free_pages_core; errors are reported there.
 * Context: as __free_pages_core.
 */
void memblock_free_pages(unsigned long pfn, unsigned int order, void *arg);

/**
 * alloc_pages - allocate 2^@order contiguous pages
 * @gfp: zone modifier (GFP_DMA, GFP_DMA32 or none) and __GFP_ZERO,
 *       __GFP_NOWARN
 * @order: 0 .. MAX_PAGE_ORDER
 *
 * Takes the smallest listed free block of at least @order from the
 * highest zone @gfp allows, else that zone's lowest deferred block (see
 * struct zone), falling back to lower zones, and splits it. Deferred
 * blocks are thus handed out in ascending pfn order within a zone, once
 * its free lists cannot serve the request.
 * Return: the first page's struct page, or NULL when no zone allowed has
 * a large enough block (warned unless __GFP_NOWARN), @order is too large
 * or @gfp asks for two zones.
 * Context: serialised by the caller.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/* alloc_pages(@gfp, 0). */
struct page *alloc_page(gfp_t gfp);

/**
 * __get_free_pages - allocate 2^@order pages, return their address
 * @gfp: as alloc_pages
 * @order: as alloc_pages
 *
 * Return: direct-map address of the block, or 0 on failure.
 * Context: as alloc_pages.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);

/* __get_free_pages(@gfp | __GFP_ZERO, 0). */
unsigned long get_zeroed_page(gfp_t gfp);

/**
 * __free_pages - free a block alloc_pages returned
 * @page: the block's first page
 * @order: the order it was allocated with
 *
 * Merges the block with free buddies of the same zone. A double free
 * (including any page of a deferred block), a page that is not the head
 * of an allocation, a wrong order or a reserved page is reported (pr_err
 * naming the pfn) and nothing changes.
 * Return: 0, or -EINVAL for the cases above.
 * Context: serialised by the caller.
 */
int __free_pages(struct page *page, unsigned int order);

/* __free_pages(@page, 0). */
int __free_page(struct page *page);

/**
 * free_pages - free a block by its direct-map address
 * @addr: what __get_free_pages returned (0 is ignored)
 * @order: the order it was allocated with
 *
 * Return: as __free_pages.
 * Context: as __free_pages.
 */
int free_pages(unsigned long addr, unsigned int order);

/* free_pages(@addr, 0). */
int free_page(unsigned long addr);

/**
 * pfn_page_type - what page @pfn is, read only where it can be trusted
 * @pfn: any pfn
 *
 * Return: PAGE_TYPE_RESERVED for a page never given to the allocator
 * (or beyond the memory map); otherwise TAIL, FREE, ALLOC or SLAB. The
 * first page of a deferred block is FREE (order 10), its others TAIL;
 * neither is read from the memory map.
 * Context: any, serialised with the allocator.
 */
enum page_type pfn_page_type(unsigned long pfn);

/**
 * PageReserved - true when @page was never given to the page allocator
 * @page: a struct page in the memory map
 *
 * Return: as pfn_page_type(page_to_pfn(@page)) == PAGE_TYPE_RESERVED.
 * Context: as pfn_page_type.
 */
bool PageReserved(const struct page *page);

/**
 * page_alloc_zone - a zone's counters and free lists, read-only
 * @type: ZONE_DMA, ZONE_DMA32 or ZONE_NORMAL
 *
 * Return: the zone, or NULL for an unknown @type.
 * Context: any.
 */
const struct zone *page_alloc_zone(enum zone_type type);

/* Free pages in all zones. */
unsigned long nr_free_pages(void);

/* Managed pages (given to the allocator) in all zones. */
unsigned long totalram_pages(void);

/**
 * page_alloc_verify - check every free list against the memory map
 *
 * Walks all free lists: every block must be a FREE head of its list's
 * order, aligned, inside its zone's span, not deferred, linked both ways;
 * per-order counts must match. Counts each zone's deferred blocks in the
 * block-state table: they must match nr_deferred, lie inside the span and
 * not below first_deferred_pfn; free_pages must equal listed plus
 * deferred pages. Cost: O(free blocks + end_pfn / 32768) (the table is
 * read a word at a time).
 * Return: 0, or -EIO after reporting the first inconsistency.
 * Context: tests, fuzzers, debugging.
 */
int page_alloc_verify(void);

#endif
