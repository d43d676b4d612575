// SPDX-License-Identifier: MIT
/*
 * Fuzz target for mm/page_alloc.c: random feeding, alloc and free
 * sequences checked against a model.
 *
 * "Physical memory" is two 32 MiB windows of a sparse anonymous mapping:
 * W0 = [0, 32 MiB) across the DMA/DMA32 limit and W1 = [4 GiB - 16 MiB,
 * 4 GiB + 16 MiB) across the DMA32/Normal limit. Both windows are present
 * RAM; the input says which ranges are free and how memblock cuts them into
 * chunks (overlapping ranges must be refused, chunk by chunk).
 *
 * The model keeps two bitmaps over the windows (fed, allocated), the set
 * of deferred max-order blocks (fed whole, not yet taken) and the list of
 * live allocations. After every step the allocator must agree:
 * - an allocation lies in the windows, is aligned, was fed and free, and
 *   comes from the highest zone gfp allows that has a free aligned block
 *   of that order (a buddy allocator with eager merging has one exactly
 *   when the model has a free aligned region);
 * - within that zone, it comes from the free lists when the zone's
 *   memory outside deferred blocks has such a region, and otherwise
 *   from the zone's lowest deferred block, at its first pfn;
 * - a failed allocation means no allowed zone has such a region;
 * - per-zone managed, free and deferred counts match;
 * - allocated memory is never written by the allocator (each page carries
 *   a tag checked at free time), and __GFP_ZERO memory reads zero;
 * - a bad free (including any page of a deferred block) is refused and
 *   changes nothing;
 * - after freeing everything the free lists are what they were after
 *   feeding (fully coalesced), with the deferred blocks taken since
 *   listed as max-order blocks.
 *
 * Input: [nranges] then per range [window|start lo|start hi|len lo|len
 * hi], [max_order], then operations of 1..3 bytes (see run_op).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_arena.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/page_alloc.h"
#include "mm/physmap.h"

#define WINDOW_PAGES 8192UL
#define W1_START_PFN (PHYS_PFN(SZ_4G) - WINDOW_PAGES / 2)
#define END_PFN (W1_START_PFN + WINDOW_PAGES)
#define MODEL_PAGES (2 * WINDOW_PAGES)
#define MODEL_WORDS (MODEL_PAGES / 64)
#define MODEL_BLOCKS (MODEL_PAGES / MAX_ORDER_NR_PAGES)
#define MAX_OPS 2000
#define TAG_MAGIC 0x7a6e6b2d74616753UL
/* Offset of the tag in each allocated page (past the free-list links). */
#define TAG_OFFSET 32

struct live {
	unsigned long pfn;
	unsigned int order;
};

/* Model pfn index ranges [lo, hi) of each zone. */
static const unsigned long zone_parts[MAX_NR_ZONES][2][2] = {
	[ZONE_DMA] = {{0, ZONE_DMA_END_PFN}, {0, 0}},
	[ZONE_DMA32] = {{ZONE_DMA_END_PFN, WINDOW_PAGES},
			{WINDOW_PAGES, WINDOW_PAGES + WINDOW_PAGES / 2}},
	[ZONE_NORMAL] = {{WINDOW_PAGES + WINDOW_PAGES / 2, MODEL_PAGES},
			 {0, 0}},
};

static struct page *map;
static unsigned long *state;
static size_t state_bytes;
static uint64_t fed[MODEL_WORDS], allocated[MODEL_WORDS];
static struct live lives[MODEL_PAGES];
static size_t nlive;
static unsigned long model_managed[MAX_NR_ZONES];
static unsigned long model_used[MAX_NR_ZONES];
static bool deferred[MODEL_BLOCKS];
static unsigned long baseline[MAX_NR_ZONES][NR_PAGE_ORDERS];
static unsigned long baseline_deferred[MAX_NR_ZONES];
static unsigned long errors_logged;

static void count_errors(int level, const char *text, size_t len)
{
	(void)text;
	(void)len;
	if (level <= LOGLEVEL_ERR)
		errors_logged++;
}

static unsigned long model_index(unsigned long pfn)
{
	return pfn < WINDOW_PAGES ? pfn : pfn - W1_START_PFN + WINDOW_PAGES;
}

static unsigned long model_pfn(unsigned long index)
{
	return index < WINDOW_PAGES ? index
				    : index - WINDOW_PAGES + W1_START_PFN;
}

static bool in_windows(unsigned long pfn)
{
	return pfn < WINDOW_PAGES || (pfn >= W1_START_PFN && pfn < END_PFN);
}

static bool test_bit(const uint64_t *bits, unsigned long i)
{
	return bits[i / 64] >> (i % 64) & 1;
}

static void set_bit(uint64_t *bits, unsigned long i, bool on)
{
	if (on)
		bits[i / 64] |= 1ULL << (i % 64);
	else
		bits[i / 64] &= ~(1ULL << (i % 64));
}

/* Fed and not allocated: the 2^order pages at model index @i. */
static bool region_free(unsigned long i, unsigned int order)
{
	unsigned long n = 1UL << order;

	if (n >= 64) {
		for (unsigned long w = i / 64; w < (i + n) / 64; w++)
			if ((fed[w] & ~allocated[w]) != ~0ULL)
				return false;
		return true;
	}
	uint64_t mask = ((1ULL << n) - 1) << (i % 64);

	return ((fed[i / 64] & ~allocated[i / 64]) & mask) == mask;
}

static bool in_deferred(unsigned long i)
{
	return deferred[i / MAX_ORDER_NR_PAGES];
}

/*
 * Does zone @z have a free aligned order-@order region in the model
 * (@listed: outside deferred blocks, i.e. on the free lists)?
 */
static bool zone_has_free_in(int z, unsigned int order, bool listed)
{
	for (int part = 0; part < 2; part++) {
		unsigned long lo = zone_parts[z][part][0];
		unsigned long hi = zone_parts[z][part][1];

		/* Window parts start and end on 4 MiB, so model alignment
		 * is pfn alignment. */
		for (unsigned long i = lo; i + (1UL << order) <= hi;
		     i += 1UL << order)
			if (region_free(i, order) &&
			    !(listed && in_deferred(i)))
				return true;
	}
	return false;
}

static bool zone_has_free(int z, unsigned int order)
{
	return zone_has_free_in(z, order, false);
}

/* Model index of zone @z's lowest deferred block, or MODEL_PAGES. */
static unsigned long zone_lowest_deferred(int z)
{
	for (int part = 0; part < 2; part++)
		for (unsigned long i = zone_parts[z][part][0];
		     i < zone_parts[z][part][1]; i += MAX_ORDER_NR_PAGES)
			if (in_deferred(i))
				return i;
	return MODEL_PAGES;
}

static unsigned long zone_deferred_count(int z)
{
	unsigned long n = 0;

	for (int part = 0; part < 2; part++)
		for (unsigned long i = zone_parts[z][part][0];
		     i < zone_parts[z][part][1]; i += MAX_ORDER_NR_PAGES)
			n += in_deferred(i);
	return n;
}

static void check_counts(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = page_alloc_zone((enum zone_type)z);

		check(zone->managed_pages == model_managed[z]);
		check(zone->free_pages == model_managed[z] - model_used[z]);
		check(zone->nr_deferred == zone_deferred_count(z));
	}
}

/* Feed one memblock chunk; the model says whether it must be taken. */
static void feed_chunk(unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order;
	bool overlap = false;
	int ret;

	for (unsigned long p = pfn; p < pfn + n; p++)
		overlap |= test_bit(fed, model_index(p));
	ret = __free_pages_core(pfn, order);
	check(ret == (overlap ? -EINVAL : 0));
	if (overlap)
		return;
	for (unsigned long p = pfn; p < pfn + n; p++) {
		set_bit(fed, model_index(p), true);
		model_managed[pfn_zone(p)]++;
	}
	/* A chunk of whole max-order blocks is deferred, block by block. */
	if (order >= MAX_PAGE_ORDER)
		for (unsigned long p = pfn; p < pfn + n;
		     p += MAX_ORDER_NR_PAGES)
			deferred[model_index(p) / MAX_ORDER_NR_PAGES] = true;
}

/* Cut a free range as memblock_free_all does and feed the chunks. */
static void feed_range(unsigned long start, unsigned long end,
		       unsigned int max_order)
{
	while (start < end) {
		unsigned int order =
			start ? (unsigned int)__builtin_ctzl(start) : 63;

		if (order > max_order)
			order = max_order;
		while ((1UL << order) > end - start)
			order--;
		feed_chunk(start, order);
		start += 1UL << order;
	}
}

static void setup_layout(struct input *in)
{
	unsigned int nranges = 1 + next_byte(in) % 8;
	unsigned long ranges[8][2];
	unsigned int max_order;

	for (unsigned int r = 0; r < nranges; r++) {
		unsigned int window = next_byte(in) & 1;
		unsigned long start = next_u16(in) % WINDOW_PAGES;
		unsigned long len = 1 + next_u16(in) % WINDOW_PAGES;
		unsigned long base = window ? W1_START_PFN : 0;

		if (start + len > WINDOW_PAGES)
			len = WINDOW_PAGES - start;
		ranges[r][0] = base + start;
		ranges[r][1] = base + start + len;
	}
	max_order = MAX_PAGE_ORDER + next_byte(in) % 12;
	for (unsigned int r = 0; r < nranges; r++)
		feed_range(ranges[r][0], ranges[r][1], max_order);
	check(page_alloc_verify() == 0);
	check_counts();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = page_alloc_zone((enum zone_type)z);

		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			baseline[z][o] = zone->free_area[o].nr_free;
		baseline_deferred[z] = zone->nr_deferred;
	}
}

static unsigned long *page_tag(unsigned long pfn)
{
	return (unsigned long *)((char *)phys_to_virt(PFN_PHYS(pfn)) +
				 TAG_OFFSET);
}

static void do_alloc(unsigned int order, gfp_t gfp)
{
	int top = gfp & __GFP_DMA     ? ZONE_DMA
		  : gfp & __GFP_DMA32 ? ZONE_DMA32
				      : ZONE_NORMAL;
	struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);
	unsigned long pfn, n = 1UL << order;
	int z;

	if (!page) {
		for (z = top; z >= 0; z--)
			check(!zone_has_free(z, order));
		return;
	}
	pfn = page_to_pfn(page);
	z = pfn_zone(pfn);
	check(in_windows(pfn) && in_windows(pfn + n - 1));
	check(pfn % n == 0 && z <= top);
	check(region_free(model_index(pfn), order));
	for (int higher = z + 1; higher <= top; higher++)
		check(!zone_has_free(higher, order));
	/* Free lists first, then the lowest deferred block. */
	if (zone_has_free_in(z, order, true)) {
		check(!in_deferred(model_index(pfn)));
	} else {
		check(model_index(pfn) == zone_lowest_deferred(z));
		deferred[model_index(pfn) / MAX_ORDER_NR_PAGES] = false;
	}
	for (unsigned long p = pfn; p < pfn + n; p++) {
		unsigned long *tag = page_tag(p);

		if (gfp & __GFP_ZERO)
			check(tag[0] == 0 && tag[-TAG_OFFSET / 8] == 0);
		*tag = p ^ TAG_MAGIC;
		set_bit(allocated, model_index(p), true);
	}
	model_used[z] += n;
	lives[nlive].pfn = pfn;
	lives[nlive].order = order;
	nlive++;
}

static void free_live(size_t i)
{
	unsigned long pfn = lives[i].pfn, n = 1UL << lives[i].order;

	for (unsigned long p = pfn; p < pfn + n; p++) {
		check(*page_tag(p) == (p ^ TAG_MAGIC));
		set_bit(allocated, model_index(p), false);
	}
	check(__free_pages(pfn_to_page(pfn), lives[i].order) == 0);
	model_used[pfn_zone(pfn)] -= n;
	lives[i] = lives[--nlive];
}

/* Free @pfn with @order; the model knows whether that is legal. */
static void do_any_free(unsigned long pfn, unsigned int order)
{
	unsigned long before = errors_logged;

	for (size_t i = 0; i < nlive; i++) {
		if (lives[i].pfn == pfn && lives[i].order == order) {
			free_live(i);
			return;
		}
	}
	check(__free_pages(pfn_to_page(pfn), order) == -EINVAL);
	check(errors_logged == before + 1);
}

/* One operation: [op] [arg] [arg]. */
static void run_op(struct input *in)
{
	unsigned int op = next_byte(in) % 8;
	unsigned int a, b;

	switch (op) {
	case 0:
	case 1:
	case 2:
	case 3:
		a = next_byte(in);
		b = next_byte(in);
		do_alloc(a & 0x80 ? a % 4 : a % NR_PAGE_ORDERS,
			 (b % 3 == 1   ? GFP_DMA32
			  : b % 3 == 2 ? GFP_DMA
				       : GFP_KERNEL) |
				 (b & 4 ? __GFP_ZERO : 0));
		break;
	case 4:
	case 5:
	case 6:
		if (nlive)
			free_live(next_u16(in) % nlive);
		break;
	default:
		a = next_u16(in);
		b = next_byte(in);
		do_any_free(model_pfn(a % MODEL_PAGES),
			    b % (NR_PAGE_ORDERS + 1));
		break;
	}
}

static void global_init(void)
{
	fuzz_arena_init(END_PFN, &map, &state, &state_bytes);
	/* Garbage that looks like free buddies; later runs leave their own
	 * leftovers, which the allocator must not trust either. */
	for (unsigned long pfn = 0; pfn < END_PFN; pfn++)
		__page_set(&map[pfn], PAGE_TYPE_FREE,
			   pfn ? __builtin_ctzl(pfn) % 10 : 9);
	log_set_sink(count_errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool initialised;
	struct input in = {data, size, 0};

	if (!initialised) {
		global_init();
		initialised = true;
	}
	memset(fed, 0, sizeof(fed));
	memset(allocated, 0, sizeof(allocated));
	memset(model_managed, 0, sizeof(model_managed));
	memset(model_used, 0, sizeof(model_used));
	memset(deferred, 0, sizeof(deferred));
	nlive = 0;
	check(page_alloc_init(map, END_PFN, state, state_bytes) == 0);
	check(page_alloc_add_present(0, WINDOW_PAGES) == 0);
	check(page_alloc_add_present(W1_START_PFN, END_PFN) == 0);
	setup_layout(&in);

	for (unsigned int i = 0; i < MAX_OPS && in.pos < in.size; i++) {
		run_op(&in);
		check_counts();
		if (i % 32 == 0)
			check(page_alloc_verify() == 0);
	}
	while (nlive)
		free_live(nlive - 1);
	check_counts();
	check(page_alloc_verify() == 0);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = page_alloc_zone((enum zone_type)z);
		unsigned long taken = baseline_deferred[z] - zone->nr_deferred;

		check(zone->nr_deferred <= baseline_deferred[z]);
		for (unsigned int o = 0; o < MAX_PAGE_ORDER; o++)
			check(zone->free_area[o].nr_free == baseline[z][o]);
		check(zone->free_area[MAX_PAGE_ORDER].nr_free ==
		      baseline[z][MAX_PAGE_ORDER] + taken);
	}
	return 0;
}
