// SPDX-License-Identifier: MIT
/*
 * The direct map: every page of RAM at page_offset_base + pa.
 *
 *   page_offset_base                              + pa of the last RAM page
 *   |4K head|--- 2M ---|======== 1G ========|-- 2M --|4K tail|  hole  |...
 *           ^2M        ^1G                  ^1G     ^2M
 *
 * The RAM ranges (memblock memory, sorted) are trimmed to whole pages and
 * merged into runs where they touch, so a 2 MiB or 1 GiB block that is all
 * RAM becomes one large page even when a range boundary falls inside it.
 * Each run is then mapped with the largest pages alignment allows (the
 * head/middle/tail pattern above). Holes between runs stay unmapped. A
 * block gets a table page only when it holds RAM but cannot be one page,
 * which is the fewest table pages possible; pgt_direct_map_tables counts
 * that number from the ranges alone.
 *
 * Linux also maps all of 0-1 MiB; here the caller decides by passing it as
 * a range.
 */
#define pr_fmt(fmt) "pgtable: " fmt

#include "mm/pgtable_internal.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

/* The direct map is read-write, never executable, global, write-back. */
#define DIRECT_MAP_PROT PGT_KERNEL

/* Walks the ranges as runs of touching whole pages. */
struct run_iter {
	const struct pgt_phys_range *ranges;
	size_t n;
	size_t i;
};

static bool next_run(struct run_iter *it, u64 *start, u64 *end)
{
	bool have = false;

	for (; it->i < it->n; it->i++) {
		u64 s = ALIGN(it->ranges[it->i].start, PAGE_SIZE);
		u64 e = ALIGN_DOWN(it->ranges[it->i].end, PAGE_SIZE);

		if (s >= e)
			continue;
		if (have && s != *end)
			break;
		if (!have)
			*start = s;
		*end = e;
		have = true;
	}
	return have;
}

/* Sorted, not overlapping, below MAXPHYADDR; *top = end of the last. */
static int check_ranges(const struct pgt *p,
			const struct pgt_phys_range *ranges, size_t n, u64 *top)
{
	u64 limit = 1ULL << p->phys_bits;

	*top = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pgt_phys_range *r = &ranges[i];

		if (r->start > r->end || r->end > limit) {
			pr_err("direct map: bad range %zu [0x%llx-0x%llx) "
			       "(MAXPHYADDR %u bits)\n",
			       i, (unsigned long long)r->start,
			       (unsigned long long)r->end, p->phys_bits);
			return -EINVAL;
		}
		if (i && r->start < ranges[i - 1].end) {
			pr_err("direct map: range %zu [0x%llx-0x%llx) overlaps "
			       "or precedes [0x%llx-0x%llx)\n",
			       i, (unsigned long long)r->start,
			       (unsigned long long)r->end,
			       (unsigned long long)ranges[i - 1].start,
			       (unsigned long long)ranges[i - 1].end);
			return -EINVAL;
		}
		*top = max(*top, (u64)ALIGN_DOWN(r->end, PAGE_SIZE));
	}
	return 0;
}

/* Every run must be aligned to the smallest page allowed. */
static int check_runs(const struct pgt_phys_range *ranges, size_t n,
		      unsigned int page_sizes)
{
	unsigned int smallest = page_sizes & -page_sizes;
	u64 align, s, e;
	struct run_iter it = {ranges, n, 0};

	if (!smallest || (page_sizes & ~PGT_SIZES_ALL)) {
		pr_err("direct map: bad page-size mask 0x%x\n", page_sizes);
		return -EINVAL;
	}
	align = pgt_level_size(__builtin_ctz(smallest) + 1);
	while (next_run(&it, &s, &e)) {
		if (!IS_ALIGNED(s | e, align)) {
			pr_err("direct map: RAM 0x%llx-0x%llx not aligned to "
			       "the smallest allowed page (0x%llx)\n",
			       (unsigned long long)s, (unsigned long long)e,
			       (unsigned long long)align);
			return -EINVAL;
		}
	}
	return 0;
}

/* Run the op over every run of RAM (dry or real as op->dry_run says). */
static int map_runs(struct pgt_op *op, u64 lin_base,
		    const struct pgt_phys_range *ranges, size_t n)
{
	struct run_iter it = {ranges, n, 0};
	u64 s, e;
	int ret;

	while (next_run(&it, &s, &e)) {
		ret = pgt_op_run(op, lin_base + s, lin_base + e, -lin_base);
		if (ret)
			return ret;
	}
	return 0;
}

int pgt_map_direct(struct pgt *p, u64 page_offset_base,
		   const struct pgt_phys_range *ranges, size_t n,
		   unsigned int page_sizes, struct pgt_stats *stats)
{
	u64 top, lin_base, lin_end;
	struct pgt_op op;
	int ret;

	if (stats)
		*stats = (struct pgt_stats){0};
	ret = pgt_check_range(p, "direct map", page_offset_base, 0, &lin_base,
			      &lin_end);
	if (!ret)
		ret = check_ranges(p, ranges, n, &top);
	if (!ret)
		ret = pgt_check_range(p, "direct map", page_offset_base, top,
				      &lin_base, &lin_end);
	if (!ret)
		ret = check_runs(ranges, n, page_sizes);
	if (ret)
		return ret;
	pgt_op_init(&op, p, PGT_OP_MAP, DIRECT_MAP_PROT, page_sizes);
	ret = map_runs(&op, lin_base, ranges, n);
	if (!ret)
		ret = pgt_op_reserve(&op, "direct map", page_offset_base, top);
	if (!ret)
		ret = map_runs(&op, lin_base, ranges, n);
	pgt_op_finish(&op);
	if (stats)
		*stats = op.stats;
	return ret;
}

/* Smallest level >= @level whose pages the direct map can use, or 0. */
static int usable_leaf_level(int level, u64 lin_base, unsigned int page_sizes)
{
	for (int l = level; l <= PGT_MAX_LEAF_LEVEL; l++) {
		if ((page_sizes & (1U << (l - 1))) &&
		    IS_ALIGNED(lin_base, pgt_level_size(l)))
			return l;
	}
	return 0;
}

/* Entries of @level inside [s, e) that large pages of @leaf cover. */
static u64 covered_slots(int level, int leaf, u64 s, u64 e)
{
	u64 size, lo, hi;

	if (!leaf)
		return 0;
	size = pgt_level_size(leaf);
	lo = ALIGN(s, size);
	hi = ALIGN_DOWN(e, size);
	if (hi <= lo)
		return 0;
	return (hi - lo) >> pgt_level_shift(level);
}

u64 pgt_direct_map_tables(int levels, u64 page_offset_base,
			  const struct pgt_phys_range *ranges, size_t n,
			  unsigned int page_sizes)
{
	u64 lin_base = page_offset_base & ((1ULL << pgt_va_bits(levels)) - 1);
	u64 last_slot[PGT_MAX_LEVELS + 1];
	struct run_iter it = {ranges, n, 0};
	u64 total = 0, rs, re;

	for (int l = 0; l <= PGT_MAX_LEVELS; l++)
		last_slot[l] = ~0ULL;
	while (next_run(&it, &rs, &re)) {
		u64 s = lin_base + rs, e = lin_base + re;

		/* entries of level l that need a table below them */
		for (int l = levels; l > PGT_LEVEL_PT; l--) {
			unsigned int shift = pgt_level_shift(l);
			u64 first = s >> shift, last = (e - 1) >> shift;
			u64 touched = last - first + 1;
			int leaf = usable_leaf_level(l, lin_base, page_sizes);

			if (first == last_slot[l])
				touched--; /* counted with the run before */
			last_slot[l] = last;
			total += touched - covered_slots(l, leaf, s, e);
		}
	}
	return total;
}
