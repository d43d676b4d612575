// SPDX-License-Identifier: MIT
/*
 * Buddy page allocator (interface and zone picture in mm/page_alloc.h).
 *
 * Free blocks
 * -----------
 * Each zone has one free list per order. A listed free block of order k
 * starts at a pfn that is a multiple of 2^k; its first struct page is FREE
 * with order k and its first 16 bytes of memory hold the list links
 * (struct free_block). The block's buddy is the other half of the order
 * k+1 block containing it: pfn ^ 2^k. Freeing merges a block with its
 * buddy while the buddy's struct page is a FREE head of the same order
 * inside the zone's span; allocating splits the smallest large-enough
 * block, putting the upper halves back on the lists. Merging stops at
 * MAX_PAGE_ORDER: it only ever happens inside one max-order block.
 *
 * What the table says about each max-order block
 * ----------------------------------------------
 * Boot must cost neither time nor memory traffic in proportion to RAM.
 * Writing every struct page of 64 GiB is 16M stores; writing even one word
 * into every free 4 MiB block makes a host that backs guest RAM lazily
 * (QEMU over transparent huge pages) allocate and zero 2 MiB per block:
 * 32 GiB of host memory for a 64 GiB guest. So neither the memory map nor
 * free memory is written when memory is fed: the memory map may hold
 * garbage, and a struct page is read only where this file wrote it. A
 * table with two bits per max-order block (4 MiB; 4 KiB of table for
 * 64 GiB, 64 KiB for 1 TiB) says what can be trusted:
 *
 *   UNMANAGED  no page of the block was ever fed: nothing in its map is
 *              read; every page is reserved.
 *   DEFERRED   the block was fed whole and never touched since: all 1024
 *              pages are free and counted (managed_pages, free_pages,
 *              nr_deferred), but the block is on no list, and neither its
 *              struct pages nor its memory have been written. Its first
 *              page reads as a FREE head of order 10, the others as tails.
 *   WHOLE      a deferred block taken out of deferral and never split:
 *              only the first struct page is valid (FREE of order 10 on
 *              the order-10 list, or ALLOC of order 10); the other 1023
 *              are tails by definition.
 *   INIT       all 1024 struct pages of the block are valid.
 *
 * The life of a block: UNMANAGED -> DEFERRED (fed whole) -> WHOLE (taken
 * by an allocation that the lists cannot serve) -> INIT (first split);
 * or UNMANAGED -> INIT when a chunk smaller than the block is fed (its
 * 1024 struct pages are written once, reserved, then the fed pages made
 * free). A block never goes back; deferred blocks never merge with
 * anything (merging stays below max order, inside one block).
 *
 * Deferred blocks
 * ---------------
 * Each zone keeps the number of its deferred blocks and a cursor,
 * first_deferred_pfn: no deferred block of the zone starts below it.
 * alloc_pages tries a zone's free lists first (smallest block of at least
 * the order asked for); only when no listed block is large enough does it
 * take the zone's lowest deferred block, from the cursor upward: the block
 * becomes WHOLE, its head struct page is written FREE of order 10, it goes
 * on the order-10 list, and the allocation goes on as usual (splitting it
 * when the order asked for is smaller). Deferred blocks are therefore
 * handed out in ascending pfn order within a zone, after everything on the
 * zone's lists, and zones are still tried highest first (Normal, DMA32,
 * DMA), deferred blocks included, before falling back to a lower zone.
 *
 * The cursor only moves up when blocks are taken (to just past the taken
 * block) and down when a block below it is fed, so over a boot that feeds
 * first and allocates afterwards the scanning costs O(blocks / 32) word
 * reads in all (the table is scanned a word, 32 blocks, at a time), and
 * each allocation's extra cost is amortised O(1).
 *
 * Cost model
 * ----------
 *   page_alloc_init      zero end_pfn / 4096 bytes of table.
 *   feeding (whole)      a chunk of 2^k >= 1024 pages: check and set its
 *                        2^(k-10) table fields, a word at a time. Nothing
 *                        else is written: no struct page, no free memory.
 *   feeding (partial)    a chunk below 4 MiB: its block's 1024 struct
 *                        pages once (8 KiB), then list links in the free
 *                        memory, as before. memblock produces O(1) such
 *                        blocks per free range (around reserved ranges).
 *   allocation           the buddy's usual O(MAX_PAGE_ORDER); taking a
 *                        deferred block adds one struct page, one list
 *                        insertion and the amortised cursor scan; the
 *                        first split of a WHOLE block writes its 1024
 *                        struct pages.
 *   free                 O(MAX_PAGE_ORDER) merging inside one block.
 *
 * Safety follows: a buddy is always in the same max-order block as the
 * page being freed (orders below MAX_PAGE_ORDER never cross a block), and
 * a block below max order exists only in an INIT block, so every struct
 * page the merge loop reads is valid. Pages outside the zone's span are
 * never read. Validity checks on free go through pfn_page_type(), which
 * consults the table first, so a free of any page of a deferred block is
 * reported as a double free without reading its struct page.
 */
#define pr_fmt(fmt) "page_alloc: " fmt

#include "mm/page_alloc.h"

#include "mm/mm_lock.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

/* What the memory map of one max-order block holds (see above). */
enum block_state {
	BLOCK_UNMANAGED = 0,
	BLOCK_WHOLE = 1,
	BLOCK_INIT = 2,
	BLOCK_DEFERRED = 3,
};

#define BLOCK_STATE_BITS 2
#define BLOCK_STATE_MASK ((1UL << BLOCK_STATE_BITS) - 1)
#define BITS_PER_LONG (sizeof(unsigned long) * CHAR_BIT)
#define BLOCKS_PER_WORD (BITS_PER_LONG / BLOCK_STATE_BITS)
/* The low bit of every field of a table word: 0x5555...5555. */
#define BLOCK_FIELD_LOW_BITS (~0UL / 3)

/* Largest memory map: 52-bit physical addresses (5-level paging). */
#define MAX_END_PFN (1UL << (52 - PAGE_SHIFT))

struct page *mem_map;
static unsigned long mem_map_end_pfn;
static unsigned long *block_state;
static struct zone zones[MAX_NR_ZONES];

static const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
};

/* [start, end) of each zone's physical range, in pfns. */
static const unsigned long zone_limits[MAX_NR_ZONES][2] = {
	[ZONE_DMA] = {0, ZONE_DMA_END_PFN},
	[ZONE_DMA32] = {ZONE_DMA_END_PFN, ZONE_DMA32_END_PFN},
	[ZONE_NORMAL] = {ZONE_DMA32_END_PFN, MAX_END_PFN},
};

static unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

/* Index in the table of the max-order block holding @pfn, and back. */
static unsigned long pfn_to_block(unsigned long pfn)
{
	return pfn >> MAX_PAGE_ORDER;
}

static unsigned long block_to_pfn(unsigned long block)
{
	return block << MAX_PAGE_ORDER;
}

static enum block_state get_block_state(unsigned long pfn)
{
	unsigned long block = pfn_to_block(pfn);
	unsigned long word = block_state[block / BLOCKS_PER_WORD];
	unsigned int shift = (block % BLOCKS_PER_WORD) * BLOCK_STATE_BITS;

	return (enum block_state)((word >> shift) & BLOCK_STATE_MASK);
}

static void set_block_state(unsigned long pfn, enum block_state state)
{
	unsigned long block = pfn_to_block(pfn);
	unsigned long *word = &block_state[block / BLOCKS_PER_WORD];
	unsigned int shift = (block % BLOCKS_PER_WORD) * BLOCK_STATE_BITS;

	*word = (*word & ~(BLOCK_STATE_MASK << shift)) |
		((unsigned long)state << shift);
}

/* The bits of table word @w that hold blocks [@b0, @b1) (which meet @w). */
static unsigned long word_range_mask(unsigned long w, unsigned long b0,
				     unsigned long b1)
{
	unsigned long first = w * BLOCKS_PER_WORD;
	unsigned long lo = max(b0, first) - first;
	unsigned long hi = min(b1, first + BLOCKS_PER_WORD) - first;
	unsigned long mask = ~0UL << (lo * BLOCK_STATE_BITS);

	if (hi < BLOCKS_PER_WORD)
		mask &= (1UL << (hi * BLOCK_STATE_BITS)) - 1;
	return mask;
}

/* The low bit of every field of @word that holds @state. */
static unsigned long fields_in_state(unsigned long word, enum block_state state)
{
	/* Matching fields become 00 under the XOR. */
	unsigned long diff = word ^ (BLOCK_FIELD_LOW_BITS * state);

	return ~(diff | diff >> 1) & BLOCK_FIELD_LOW_BITS;
}

/* Which fields of @word a table search looks for. */
static unsigned long fields_matching(unsigned long word, enum block_state state,
				     bool equal)
{
	unsigned long hits = fields_in_state(word, state);

	return equal ? hits : ~hits & BLOCK_FIELD_LOW_BITS;
}

/*
 * First block in [@b0, @b1) whose state is @state (@equal) or is not
 * (!@equal); @b1 when there is none. Reads a word (32 blocks) at a time.
 */
static unsigned long find_block(unsigned long b0, unsigned long b1,
				enum block_state state, bool equal)
{
	if (b0 >= b1)
		return b1;
	for (unsigned long w = b0 / BLOCKS_PER_WORD;
	     w <= (b1 - 1) / BLOCKS_PER_WORD; w++) {
		unsigned long hits =
			fields_matching(block_state[w], state, equal) &
			word_range_mask(w, b0, b1);

		if (hits)
			return w * BLOCKS_PER_WORD +
			       (unsigned long)__builtin_ctzl(hits) /
				       BLOCK_STATE_BITS;
	}
	return b1;
}

/* Number of blocks in [@b0, @b1) whose state is @state. */
static unsigned long count_blocks(unsigned long b0, unsigned long b1,
				  enum block_state state)
{
	unsigned long count = 0;

	if (b0 >= b1)
		return 0;
	for (unsigned long w = b0 / BLOCKS_PER_WORD;
	     w <= (b1 - 1) / BLOCKS_PER_WORD; w++)
		count += (unsigned long)__builtin_popcountl(
			fields_in_state(block_state[w], state) &
			word_range_mask(w, b0, b1));
	return count;
}

/* Set blocks [@b0, @b1) to @state, a word at a time. */
static void set_blocks(unsigned long b0, unsigned long b1,
		       enum block_state state)
{
	unsigned long fill = BLOCK_FIELD_LOW_BITS * state;

	if (b0 >= b1)
		return;
	for (unsigned long w = b0 / BLOCKS_PER_WORD;
	     w <= (b1 - 1) / BLOCKS_PER_WORD; w++) {
		unsigned long mask = word_range_mask(w, b0, b1);

		block_state[w] = (block_state[w] & ~mask) | (fill & mask);
	}
}

/* Write every struct page of @pfn's max-order block as @type; mark the
 * block INIT. */
static void init_block_map(unsigned long pfn, enum page_type type)
{
	unsigned long start = ALIGN_DOWN(pfn, MAX_ORDER_NR_PAGES);
	unsigned long end = min(start + MAX_ORDER_NR_PAGES, mem_map_end_pfn);

	for (unsigned long i = start; i < end; i++)
		__page_set(&mem_map[i], type, 0);
	set_block_state(pfn, BLOCK_INIT);
}

static struct free_block *pfn_to_free_block(unsigned long pfn)
{
	return phys_to_virt(PFN_PHYS(pfn));
}

static unsigned long free_block_to_pfn(const struct free_block *block)
{
	return PHYS_PFN(virt_to_phys(block));
}

static void free_area_add(struct free_area *area, unsigned long pfn)
{
	struct free_block *block = pfn_to_free_block(pfn);
	struct free_block *head = &area->head;

	block->next = head->next;
	block->prev = head;
	head->next->prev = block;
	head->next = block;
	area->nr_free++;
}

static void free_area_del(struct free_area *area, unsigned long pfn)
{
	struct free_block *block = pfn_to_free_block(pfn);

	block->prev->next = block->next;
	block->next->prev = block->prev;
	area->nr_free--;
}

size_t page_alloc_state_size(unsigned long end_pfn)
{
	unsigned long blocks = DIV_ROUND_UP(end_pfn, MAX_ORDER_NR_PAGES);

	return DIV_ROUND_UP(blocks, BLOCKS_PER_WORD) * sizeof(unsigned long);
}

static void zone_reset(enum zone_type type)
{
	struct zone *zone = &zones[type];

	memset(zone, 0, sizeof(*zone));
	zone->name = zone_names[type];
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_block *head = &zone->free_area[order].head;

		head->next = head;
		head->prev = head;
	}
}

int page_alloc_init(struct page *map, unsigned long end_pfn,
		    unsigned long *state, size_t state_bytes)
{
	size_t need = page_alloc_state_size(end_pfn);

	if (!map || !state || !end_pfn || end_pfn > MAX_END_PFN) {
		pr_err("init: bad memory map %p, state %p or end pfn 0x%lx\n",
		       map, state, end_pfn);
		return -EINVAL;
	}
	if (state_bytes < need) {
		pr_err("init: state table of %zu bytes, end pfn 0x%lx needs "
		       "%zu\n",
		       state_bytes, end_pfn, need);
		return -EINVAL;
	}
	memset(state, 0, need);
	mem_map = map;
	mem_map_end_pfn = end_pfn;
	block_state = state;
	for (int type = 0; type < MAX_NR_ZONES; type++)
		zone_reset((enum zone_type)type);
	return 0;
}

/* Widen @zone's span to include [start, end). */
static void zone_span_add(struct zone *zone, unsigned long start,
			  unsigned long end)
{
	if (zone->spanned_pages) {
		start = min(start, zone->zone_start_pfn);
		end = max(end, zone_end_pfn(zone));
	}
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
}

int page_alloc_add_present(unsigned long start_pfn, unsigned long end_pfn)
{
	if (!mem_map || start_pfn >= end_pfn || end_pfn > mem_map_end_pfn) {
		pr_err("present range [0x%lx, 0x%lx) is empty or outside the "
		       "memory map (end pfn 0x%lx)\n",
		       start_pfn, end_pfn, mem_map_end_pfn);
		return -EINVAL;
	}
	for (int type = 0; type < MAX_NR_ZONES; type++) {
		unsigned long start = max(start_pfn, zone_limits[type][0]);
		unsigned long end = min(end_pfn, zone_limits[type][1]);

		if (start >= end)
			continue;
		zone_span_add(&zones[type], start, end);
		zones[type].present_pages += end - start;
	}
	return 0;
}

/*
 * Put the block of 2^@order pages at @pfn on @zone's free lists, merged
 * with its free buddies. Its struct pages are valid (INIT block) or it is
 * a max-order block; the caller has counted the pages as free.
 */
static void merge_and_add(struct zone *zone, unsigned long pfn,
			  unsigned int order)
{
	unsigned long span_start = zone->zone_start_pfn;
	unsigned long span_end = zone_end_pfn(zone);

	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy = pfn ^ (1UL << order);

		if (buddy < span_start || buddy >= span_end)
			break;
		if (!__page_is_free_head(&mem_map[buddy], order))
			break;
		free_area_del(&zone->free_area[order], buddy);
		__page_set(&mem_map[buddy], PAGE_TYPE_TAIL, 0);
		__page_set(&mem_map[pfn], PAGE_TYPE_TAIL, 0);
		pfn &= ~(1UL << order);
		order++;
	}
	__page_set(&mem_map[pfn], PAGE_TYPE_FREE, order);
	free_area_add(&zone->free_area[order], pfn);
}

enum page_type pfn_page_type(unsigned long pfn)
{
	if (!mem_map || pfn >= mem_map_end_pfn)
		return PAGE_TYPE_RESERVED;
	switch (get_block_state(pfn)) {
	case BLOCK_UNMANAGED:
		return PAGE_TYPE_RESERVED;
	case BLOCK_DEFERRED:
		/* A free order-10 block whose map was never written. */
		if (pfn & (MAX_ORDER_NR_PAGES - 1))
			return PAGE_TYPE_TAIL;
		return PAGE_TYPE_FREE;
	case BLOCK_WHOLE:
		if (pfn & (MAX_ORDER_NR_PAGES - 1))
			return PAGE_TYPE_TAIL;
		break;
	case BLOCK_INIT:
		break;
	}
	return __page_type(&mem_map[pfn]);
}

bool PageReserved(const struct page *page)
{
	return pfn_page_type(page_to_pfn(page)) == PAGE_TYPE_RESERVED;
}

/* Report why the chunk at @pfn cannot be taken: @managed_pfn is fed. */
static int feed_overlap(unsigned long pfn, unsigned int order,
			unsigned long managed_pfn)
{
	pr_err("free chunk pfn 0x%lx order %u: pfn 0x%lx is already managed\n",
	       pfn, order, managed_pfn);
	return -EINVAL;
}

/* Check that [@start, @end) of the chunk (@pfn, @order) lies inside the
 * span of its zone (the range does not cross a zone limit). */
static int feed_check_span(unsigned long pfn, unsigned int order,
			   unsigned long start, unsigned long end)
{
	const struct zone *zone = &zones[pfn_zone(start)];

	if (start < zone->zone_start_pfn || end > zone_end_pfn(zone)) {
		pr_err("free chunk pfn 0x%lx order %u lies outside zone %s "
		       "span [0x%lx, 0x%lx)\n",
		       pfn, order, zone->name, zone->zone_start_pfn,
		       zone_end_pfn(zone));
		return -EINVAL;
	}
	return 0;
}

/* Check that the piece of 2^@order < MAX_ORDER_NR_PAGES pages at @pfn may
 * be fed: inside its zone's span, no page of it managed yet. */
static int feed_check_partial(unsigned long pfn, unsigned int order)
{
	unsigned long nr = 1UL << order;
	int err = feed_check_span(pfn, order, pfn, pfn + nr);

	if (err)
		return err;
	switch (get_block_state(pfn)) {
	case BLOCK_UNMANAGED:
		break;
	case BLOCK_WHOLE:
	case BLOCK_DEFERRED:
		return feed_overlap(pfn, order, pfn);
	case BLOCK_INIT:
		for (unsigned long i = pfn; i < pfn + nr; i++)
			if (__page_type(&mem_map[i]) != PAGE_TYPE_RESERVED)
				return feed_overlap(pfn, order, i);
		break;
	}
	return 0;
}

/* Make the checked piece at @pfn (below max order) managed and free. */
static void feed_partial(unsigned long pfn, unsigned int order)
{
	struct zone *zone = &zones[pfn_zone(pfn)];
	unsigned long nr = 1UL << order;

	if (get_block_state(pfn) == BLOCK_UNMANAGED)
		init_block_map(pfn, PAGE_TYPE_RESERVED);
	for (unsigned long i = pfn + 1; i < pfn + nr; i++)
		__page_set(&mem_map[i], PAGE_TYPE_TAIL, 0);
	zone->managed_pages += nr;
	zone->free_pages += nr;
	merge_and_add(zone, pfn, order);
}

/* The first managed pfn of the (not UNMANAGED) block @block. */
static unsigned long block_first_managed(unsigned long block)
{
	unsigned long start = block_to_pfn(block);
	unsigned long end = min(start + MAX_ORDER_NR_PAGES, mem_map_end_pfn);

	if (get_block_state(start) == BLOCK_INIT)
		for (unsigned long i = start; i < end; i++)
			if (__page_type(&mem_map[i]) != PAGE_TYPE_RESERVED)
				return i;
	return start;
}

/* Part of [@start, @end) inside zone @type, as [*@lo, *@hi); false when
 * there is none. */
static bool zone_part(int type, unsigned long start, unsigned long end,
		      unsigned long *lo, unsigned long *hi)
{
	*lo = max(start, zone_limits[type][0]);
	*hi = min(end, zone_limits[type][1]);
	return *lo < *hi;
}

/* Check that the chunk of 2^@order >= MAX_ORDER_NR_PAGES pages at @pfn
 * may be fed: every zone part inside its span, every block unmanaged. */
static int feed_check_whole(unsigned long pfn, unsigned int order)
{
	unsigned long end = pfn + (1UL << order);
	unsigned long lo, hi, managed;

	for (int type = 0; type < MAX_NR_ZONES; type++) {
		if (!zone_part(type, pfn, end, &lo, &hi))
			continue;
		if (feed_check_span(pfn, order, lo, hi))
			return -EINVAL;
	}
	managed = find_block(pfn_to_block(pfn), pfn_to_block(end),
			     BLOCK_UNMANAGED, false);
	if (managed != pfn_to_block(end))
		return feed_overlap(pfn, order, block_first_managed(managed));
	return 0;
}

/* Make the checked chunk at @pfn (max order or more) free: every block
 * becomes DEFERRED; only the table is written. */
static void feed_whole(unsigned long pfn, unsigned int order)
{
	unsigned long end = pfn + (1UL << order);
	unsigned long lo, hi;

	for (int type = 0; type < MAX_NR_ZONES; type++) {
		struct zone *zone = &zones[type];
		unsigned long nr;

		if (!zone_part(type, pfn, end, &lo, &hi))
			continue;
		nr = hi - lo;
		set_blocks(pfn_to_block(lo), pfn_to_block(hi), BLOCK_DEFERRED);
		if (!zone->nr_deferred || lo < zone->first_deferred_pfn)
			zone->first_deferred_pfn = lo;
		zone->nr_deferred += nr >> MAX_PAGE_ORDER;
		zone->managed_pages += nr;
		zone->free_pages += nr;
	}
}

int __free_pages_core(unsigned long pfn, unsigned int order)
{
	unsigned long nr;
	int err;

	if (!mem_map) {
		pr_err("free chunk pfn 0x%lx order %u before page_alloc_init\n",
		       pfn, order);
		return -EINVAL;
	}
	if (order > MAX_FEED_ORDER) {
		pr_err("free chunk pfn 0x%lx order %u: order above %u\n", pfn,
		       order, MAX_FEED_ORDER);
		return -EINVAL;
	}
	nr = 1UL << order;
	if (pfn & (nr - 1)) {
		pr_err("free chunk pfn 0x%lx order %u is not aligned to its "
		       "size\n",
		       pfn, order);
		return -EINVAL;
	}
	if (pfn >= mem_map_end_pfn || nr > mem_map_end_pfn - pfn) {
		pr_err("free chunk pfn 0x%lx order %u reaches past the memory "
		       "map (end pfn 0x%lx)\n",
		       pfn, order, mem_map_end_pfn);
		return -EINVAL;
	}
	if (order < MAX_PAGE_ORDER) {
		err = feed_check_partial(pfn, order);
		if (!err)
			feed_partial(pfn, order);
		return err;
	}
	err = feed_check_whole(pfn, order);
	if (!err)
		feed_whole(pfn, order);
	return err;
}

void memblock_free_pages(unsigned long pfn, unsigned int order, void *arg)
{
	(void)arg;
	__free_pages_core(pfn, order);
}

/* Highest zone @gfp allows, or -1 when it names two. */
static int gfp_zone(gfp_t gfp)
{
	switch (gfp & GFP_ZONEMASK) {
	case 0:
		return ZONE_NORMAL;
	case __GFP_DMA32:
		return ZONE_DMA32;
	case __GFP_DMA:
		return ZONE_DMA;
	default:
		return -1;
	}
}

/*
 * Take @zone's lowest deferred block out of deferral: it becomes a WHOLE
 * free block on the order-10 list. False when the zone has none (or its
 * count disagrees with the table, which is reported).
 */
static bool zone_undefer_block(struct zone *zone)
{
	unsigned long end = pfn_to_block(zone_end_pfn(zone));
	unsigned long block, pfn;

	if (!zone->nr_deferred)
		return false;
	block = find_block(pfn_to_block(zone->first_deferred_pfn), end,
			   BLOCK_DEFERRED, true);
	if (block == end) {
		pr_err("zone %s: %lu deferred blocks counted, none found from "
		       "pfn 0x%lx\n",
		       zone->name, zone->nr_deferred, zone->first_deferred_pfn);
		return false;
	}
	pfn = block_to_pfn(block);
	set_block_state(pfn, BLOCK_WHOLE);
	__page_set(&mem_map[pfn], PAGE_TYPE_FREE, MAX_PAGE_ORDER);
	free_area_add(&zone->free_area[MAX_PAGE_ORDER], pfn);
	zone->nr_deferred--;
	zone->first_deferred_pfn = pfn + MAX_ORDER_NR_PAGES;
	return true;
}

/* Smallest order >= @order with a listed block in @zone, or
 * NR_PAGE_ORDERS when there is none. */
static unsigned int zone_listed_order(const struct zone *zone,
				      unsigned int order)
{
	while (order <= MAX_PAGE_ORDER && !zone->free_area[order].nr_free)
		order++;
	return order;
}

/*
 * Take a block of 2^@order pages from @zone into *@pfn: the smallest
 * listed block that fits, else the lowest deferred block; split down.
 * False when neither exists.
 */
static bool zone_take(struct zone *zone, unsigned int order, unsigned long *pfn)
{
	unsigned int cur = zone_listed_order(zone, order);
	struct free_area *area;
	unsigned long block;

	if (cur > MAX_PAGE_ORDER) {
		if (!zone_undefer_block(zone))
			return false;
		cur = MAX_PAGE_ORDER;
	}
	area = &zone->free_area[cur];
	block = free_block_to_pfn(area->head.next);
	free_area_del(area, block);
	if (cur > order && get_block_state(block) == BLOCK_WHOLE)
		init_block_map(block, PAGE_TYPE_TAIL);
	while (cur > order) {
		unsigned long upper;

		cur--;
		upper = block + (1UL << cur);
		__page_set(&mem_map[upper], PAGE_TYPE_FREE, cur);
		free_area_add(&zone->free_area[cur], upper);
	}
	__page_set(&mem_map[block], PAGE_TYPE_ALLOC, order);
	zone->free_pages -= 1UL << order;
	*pfn = block;
	return true;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	int type = gfp_zone(gfp);
	unsigned long pfn;

	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("order %u above MAX_PAGE_ORDER %u\n", order,
				MAX_PAGE_ORDER);
		return NULL;
	}
	if (type < 0) {
		pr_err("gfp 0x%x names both DMA and DMA32\n", gfp);
		return NULL;
	}
	for (; type >= 0; type--) {
		unsigned long flags = mm_lock(MM_LOCK_ZONE);
		bool taken = zone_take(&zones[type], order, &pfn);

		mm_unlock(MM_LOCK_ZONE, flags);
		if (taken) {
			struct page *page = &mem_map[pfn];

			if (gfp & __GFP_ZERO)
				memset(page_address(page), 0,
				       PAGE_SIZE << order);
			return page;
		}
	}
	if (!(gfp & __GFP_NOWARN))
		pr_warn("page allocation failure: order:%u, gfp 0x%x, %lu "
			"pages free\n",
			order, gfp, nr_free_pages());
	return NULL;
}

struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)(uintptr_t)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/*
 * The first page of the block (free or allocated) that contains the tail
 * page @pfn, or @pfn itself when none is found.
 */
static unsigned long find_block_head(unsigned long pfn)
{
	for (unsigned int order = 1; order <= MAX_PAGE_ORDER; order++) {
		unsigned long head = pfn & ~((1UL << order) - 1);
		enum page_type type = pfn_page_type(head);

		if ((type == PAGE_TYPE_FREE || type == PAGE_TYPE_ALLOC) &&
		    __page_order(&mem_map[head]) >= order)
			return head;
	}
	return pfn;
}

/* Report a free of @pfn, a page of a deferred (free) block. */
static int report_deferred_free(unsigned long pfn)
{
	unsigned long head = ALIGN_DOWN(pfn, MAX_ORDER_NR_PAGES);

	if (pfn == head)
		pr_err("double free of pfn 0x%lx (a deferred free block of "
		       "order %u)\n",
		       pfn, MAX_PAGE_ORDER);
	else
		pr_err("double free of pfn 0x%lx (inside deferred free block "
		       "pfn 0x%lx order %u)\n",
		       pfn, head, MAX_PAGE_ORDER);
	return -EINVAL;
}

/* Report why @pfn (of @type, not ALLOC) cannot be freed. */
static int report_bad_free(unsigned long pfn, enum page_type type)
{
	unsigned long head;

	if (get_block_state(pfn) == BLOCK_DEFERRED)
		return report_deferred_free(pfn);
	switch (type) {
	case PAGE_TYPE_FREE:
		pr_err("double free of pfn 0x%lx (a free block of order %u)\n",
		       pfn, __page_order(&mem_map[pfn]));
		break;
	case PAGE_TYPE_TAIL:
		head = find_block_head(pfn);
		if (pfn_page_type(head) == PAGE_TYPE_FREE)
			pr_err("double free of pfn 0x%lx (inside free block "
			       "pfn 0x%lx order %u)\n",
			       pfn, head, __page_order(&mem_map[head]));
		else
			pr_err("free of pfn 0x%lx, which is not the first page "
			       "of an allocation (block pfn 0x%lx order %u)\n",
			       pfn, head, __page_order(&mem_map[head]));
		break;
	case PAGE_TYPE_SLAB:
		pr_err("free of pfn 0x%lx, which belongs to a slab\n", pfn);
		break;
	default:
		pr_err("free of pfn 0x%lx, which is reserved (never given to "
		       "the page allocator)\n",
		       pfn);
		break;
	}
	return -EINVAL;
}

static int __free_pages_locked(struct page *page, unsigned int order);

int __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags = mm_lock(MM_LOCK_ZONE);
	int ret = __free_pages_locked(page, order);

	mm_unlock(MM_LOCK_ZONE, flags);
	return ret;
}

static int __free_pages_locked(struct page *page, unsigned int order)
{
	unsigned long pfn;
	enum page_type type;
	struct zone *zone;

	if (!mem_map || page < mem_map || page >= mem_map + mem_map_end_pfn) {
		pr_err("free of struct page %p outside the memory map\n",
		       (void *)page);
		return -EINVAL;
	}
	pfn = page_to_pfn(page);
	if (order > MAX_PAGE_ORDER) {
		pr_err("free of pfn 0x%lx with order %u above %u\n", pfn, order,
		       MAX_PAGE_ORDER);
		return -EINVAL;
	}
	type = pfn_page_type(pfn);
	if (type != PAGE_TYPE_ALLOC)
		return report_bad_free(pfn, type);
	if (__page_order(page) != order) {
		pr_err("free of pfn 0x%lx with order %u, allocated with order "
		       "%u\n",
		       pfn, order, __page_order(page));
		return -EINVAL;
	}
	zone = &zones[pfn_zone(pfn)];
	zone->free_pages += 1UL << order;
	merge_and_add(zone, pfn, order);
	return 0;
}

int __free_page(struct page *page)
{
	return __free_pages(page, 0);
}

int free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return 0;
	return __free_pages(virt_to_page((const void *)(uintptr_t)addr), order);
}

int free_page(unsigned long addr)
{
	return free_pages(addr, 0);
}

const struct zone *page_alloc_zone(enum zone_type type)
{
	if ((unsigned int)type >= MAX_NR_ZONES)
		return NULL;
	return &zones[type];
}

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;

	for (int type = 0; type < MAX_NR_ZONES; type++)
		sum += zones[type].free_pages;
	return sum;
}

unsigned long totalram_pages(void)
{
	unsigned long sum = 0;

	for (int type = 0; type < MAX_NR_ZONES; type++)
		sum += zones[type].managed_pages;
	return sum;
}

/* Check one free block of @zone's order-@order list. */
static int verify_block(const struct zone *zone, unsigned int order,
			const struct free_block *block)
{
	unsigned long pfn = free_block_to_pfn(block);
	unsigned long nr = 1UL << order;

	if (block->next->prev != block || block->prev->next != block) {
		pr_err("verify: zone %s order %u: block pfn 0x%lx badly "
		       "linked\n",
		       zone->name, order, pfn);
		return -EIO;
	}
	if (pfn >= mem_map_end_pfn || (pfn & (nr - 1)) ||
	    pfn < zone->zone_start_pfn || pfn + nr > zone_end_pfn(zone)) {
		pr_err("verify: zone %s order %u: block pfn 0x%lx misaligned "
		       "or outside span [0x%lx, 0x%lx)\n",
		       zone->name, order, pfn, zone->zone_start_pfn,
		       zone_end_pfn(zone));
		return -EIO;
	}
	if (get_block_state(pfn) == BLOCK_DEFERRED) {
		pr_err("verify: zone %s order %u: block pfn 0x%lx is listed "
		       "but deferred\n",
		       zone->name, order, pfn);
		return -EIO;
	}
	if (pfn_page_type(pfn) != PAGE_TYPE_FREE ||
	    __page_order(&mem_map[pfn]) != order) {
		pr_err("verify: zone %s order %u: block pfn 0x%lx has struct "
		       "page 0x%lx\n",
		       zone->name, order, pfn, mem_map[pfn].info);
		return -EIO;
	}
	return 0;
}

/* Check @zone's order-@order list; add its pages to *@free. */
static int verify_area(const struct zone *zone, unsigned int order,
		       unsigned long *free)
{
	const struct free_area *area = &zone->free_area[order];
	unsigned long count = 0;
	int err;

	for (const struct free_block *block = area->head.next;
	     block != &area->head; block = block->next) {
		err = verify_block(zone, order, block);
		if (err)
			return err;
		if (++count > area->nr_free)
			break;
	}
	if (count != area->nr_free) {
		pr_err("verify: zone %s order %u: %lu blocks listed, nr_free "
		       "%lu\n",
		       zone->name, order, count, area->nr_free);
		return -EIO;
	}
	*free += count << order;
	return 0;
}

/*
 * Check @zone's deferred blocks against the table: nr_deferred of them in
 * the zone's range, all inside its span and at or above its cursor.
 */
static int verify_deferred(const struct zone *zone, int type)
{
	unsigned long limit_end = min(zone_limits[type][1], mem_map_end_pfn);
	unsigned long in_zone, in_span, first;

	in_zone = count_blocks(pfn_to_block(zone_limits[type][0]),
			       DIV_ROUND_UP(limit_end, MAX_ORDER_NR_PAGES),
			       BLOCK_DEFERRED);
	first = zone->zone_start_pfn;
	if (zone->nr_deferred)
		first = max(first, zone->first_deferred_pfn);
	in_span =
		count_blocks(DIV_ROUND_UP(first, MAX_ORDER_NR_PAGES),
			     pfn_to_block(zone_end_pfn(zone)), BLOCK_DEFERRED);
	if (in_zone != zone->nr_deferred || in_span != in_zone) {
		pr_err("verify: zone %s: %lu deferred blocks in the table, %lu "
		       "of them in span from pfn 0x%lx; nr_deferred %lu\n",
		       zone->name, in_zone, in_span, first, zone->nr_deferred);
		return -EIO;
	}
	return 0;
}

/* Check @zone's free lists, deferred blocks and counts. */
static int verify_zone(const struct zone *zone, int type)
{
	unsigned long free = 0;
	int err;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		err = verify_area(zone, order, &free);
		if (err)
			return err;
	}
	err = verify_deferred(zone, type);
	if (err)
		return err;
	free += zone->nr_deferred << MAX_PAGE_ORDER;
	if (free != zone->free_pages ||
	    zone->free_pages > zone->managed_pages) {
		pr_err("verify: zone %s: %lu pages on free lists and deferred, "
		       "free_pages %lu, managed %lu\n",
		       zone->name, free, zone->free_pages, zone->managed_pages);
		return -EIO;
	}
	return 0;
}

int page_alloc_verify(void)
{
	if (!mem_map)
		return 0;
	for (int type = 0; type < MAX_NR_ZONES; type++) {
		int err = verify_zone(&zones[type], type);

		if (err)
			return err;
	}
	return 0;
}
