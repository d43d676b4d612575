// SPDX-License-Identifier: MIT
/*
 * Editing a hierarchy: map, unmap and protect a range.
 *
 * All three are one recursive walk over the entries a range touches
 * (op_table -> op_entry -> op_table one level down), run twice:
 *
 *   1. dry run: reads only. Finds conflicts (-EEXIST) and counts the table
 *      pages the edit will need: new tables under empty entries (walked as
 *      "virtual" tables, a NULL pointer standing for a page of zeroes) and
 *      tables for splitting large pages (split_cost).
 *   2. pgt_op_reserve allocates exactly that many pages, or gives them all
 *      back and fails, so -ENOMEM never leaves anything half-applied.
 *   3. real run: writes entries, takes table pages from the reserve, frees
 *      tables that unmap leaves empty. It cannot fail.
 *
 * For a map the walk picks, at each entry the range covers, the largest
 * allowed page whose size the entry spans and whose physical address is
 * aligned; otherwise it goes one level down. That gives the 4 KiB head,
 * 2 MiB, 1 GiB middle, 2 MiB and 4 KiB tails of a direct map.
 */
#define pr_fmt(fmt) "pgtable: " fmt

#include "mm/pgtable_internal.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

static int op_table(struct pgt_op *op, u64 *tbl, int level, u64 base);

static u64 op_pa(const struct pgt_op *op, u64 lin)
{
	return lin + op->pa_delta;
}

static unsigned int size_bit(int level)
{
	return 1U << (level - 1);
}

static bool table_empty(const u64 *tbl)
{
	for (unsigned int i = 0; i < PGT_ENTRIES; i++)
		if (tbl[i])
			return false;
	return true;
}

static u64 *child_table(const struct pgt_op *op, u64 entry)
{
	return pgt_table(pgt_entry_table(op->p, entry));
}

/* Take a reserved table page into the hierarchy. */
static u64 *take_table(struct pgt_op *op, phys_addr_t *pa)
{
	u64 *tbl;

	if (!op->reserve.count)
		return NULL;
	*pa = op->reserve.head;
	tbl = pgt_table(*pa);
	op->reserve.head = tbl[0];
	op->reserve.count--;
	tbl[0] = 0;
	op->p->nr_tables_allocated++;
	op->stats.nr_tables++;
	return tbl;
}

static void count_leaf(struct pgt_op *op, int level)
{
	if (level == PGT_LEVEL_PT)
		op->stats.nr_4k++;
	else if (level == PGT_LEVEL_PD)
		op->stats.nr_2m++;
	else
		op->stats.nr_1g++;
}

/*
 * Table pages needed to split a leaf of @level so that only
 * [s, e) changes: one for the leaf, and more for the (at most two) child
 * pages that [s, e) covers only in part.
 */
static u64 split_cost(int level, u64 s, u64 e)
{
	int c = level - 1;
	u64 cs = pgt_level_size(c);
	u64 first = ALIGN_DOWN(s, cs), last = ALIGN_DOWN(e - 1, cs);
	u64 n = 1;

	if (c == PGT_LEVEL_PT)
		return n;
	if (s != first || e < first + cs)
		n += split_cost(c, s, min(e, first + cs));
	if (last != first && e != last + cs)
		n += split_cost(c, last, e);
	return n;
}

/* Replace the leaf at *ep by a table of 512 pages saying the same. */
static int split_leaf(struct pgt_op *op, u64 *ep, int level, u64 s, u64 e)
{
	struct pgt_entry_info info;
	u64 cs = pgt_level_size(level - 1);
	phys_addr_t pa;
	u64 *tbl;

	if (op->dry_run) {
		op->need += split_cost(level, s, e);
		return 0;
	}
	tbl = take_table(op, &pa);
	if (!tbl)
		return -ENOMEM;
	pgt_entry_decode(op->p->phys_bits, level, *ep, &info);
	for (unsigned int i = 0; i < PGT_ENTRIES; i++)
		tbl[i] = pgt_mk_leaf(level - 1, info.pa + i * cs, info.prot);
	*ep = pgt_mk_table(pa, info.prot & PGT_USER);
	return 0;
}

/* Go into the table at *ep, opening it to user pages if the op needs. */
static int descend(struct pgt_op *op, u64 *ep, int level, u64 slot)
{
	if (!op->dry_run && (op->prot & PGT_USER))
		*ep |= PTE_USER;
	return op_table(op, child_table(op, *ep), level - 1, slot);
}

static bool leaf_wanted(const struct pgt_op *op, int level, u64 slot)
{
	if (level == PGT_LEVEL_PT)
		return true;
	return level <= PGT_MAX_LEAF_LEVEL &&
	       (op->page_sizes & size_bit(level)) &&
	       IS_ALIGNED(op_pa(op, slot), pgt_level_size(level));
}

static int map_leaf(struct pgt_op *op, u64 *ep, int level, u64 slot)
{
	if (op->dry_run)
		return 0;
	*ep = pgt_mk_leaf(level, op_pa(op, slot), op->prot);
	count_leaf(op, level);
	return 0;
}

/* An existing leaf covers [s, e): fine if it says what the map says. */
static int map_existing(struct pgt_op *op, u64 entry, int level, u64 slot,
			u64 s)
{
	struct pgt_entry_info info;
	char have[PGT_PROT_STR_MAX], want[PGT_PROT_STR_MAX];

	pgt_entry_decode(op->p->phys_bits, level, entry, &info);
	if (info.pa == op_pa(op, slot) && info.prot == op->prot)
		return 0;
	pgt_prot_str(info.prot, have, sizeof(have));
	pgt_prot_str(op->prot, want, sizeof(want));
	pr_err("map: 0x%llx already maps 0x%llx (%s), not 0x%llx (%s)\n",
	       (unsigned long long)pgt_lin_to_va(op->p, s),
	       (unsigned long long)(info.pa + (s - slot)), have,
	       (unsigned long long)op_pa(op, s), want);
	return -EEXIST;
}

static int map_new_table(struct pgt_op *op, u64 *ep, int level, u64 slot)
{
	phys_addr_t pa;
	u64 *tbl;

	if (op->dry_run) {
		/* count each new table once, also across runs of one op */
		if (op->counted_slot[level] != slot + 1) {
			op->counted_slot[level] = slot + 1;
			op->need++;
		}
		return op_table(op, NULL, level - 1, slot);
	}
	tbl = take_table(op, &pa);
	if (!tbl)
		return -ENOMEM;
	*ep = pgt_mk_table(pa, op->prot & PGT_USER);
	return op_table(op, tbl, level - 1, slot);
}

static int map_entry(struct pgt_op *op, u64 *ep, int level, u64 slot, u64 s,
		     u64 e)
{
	u64 entry = ep ? *ep : 0;
	bool full = s == slot && e == slot + pgt_level_size(level);

	if (!(entry & PTE_PRESENT)) {
		if (full && leaf_wanted(op, level, slot))
			return map_leaf(op, ep, level, slot);
		return map_new_table(op, ep, level, slot);
	}
	if (pgt_entry_is_leaf(level, entry))
		return map_existing(op, entry, level, slot, s);
	return descend(op, ep, level, slot);
}

static void clear_entry(struct pgt_op *op, u64 *ep, int level)
{
	if (!pgt_entry_is_leaf(level, *ep))
		pgt_free_subtree(op->p, pgt_entry_table(op->p, *ep), level - 1);
	*ep = 0;
}

static int unmap_entry(struct pgt_op *op, u64 *ep, int level, u64 slot, u64 s,
		       u64 e)
{
	bool full = s == slot && e == slot + pgt_level_size(level);
	phys_addr_t child;
	int ret;

	if (!(*ep & PTE_PRESENT))
		return 0;
	if (full) {
		if (!op->dry_run)
			clear_entry(op, ep, level);
		return 0;
	}
	if (pgt_entry_is_leaf(level, *ep)) {
		ret = split_leaf(op, ep, level, s, e);
		if (ret || op->dry_run)
			return ret;
	}
	child = pgt_entry_table(op->p, *ep);
	ret = op_table(op, pgt_table(child), level - 1, slot);
	if (!ret && !op->dry_run && table_empty(pgt_table(child)) &&
	    !(op->p->pin_kernel_top && level == op->p->levels &&
	      (slot >> (pgt_va_bits(op->p->levels) - 1)) & 1)) {
		*ep = 0;
		pgt_free_table(op->p, child);
	}
	return ret;
}

static int protect_entry(struct pgt_op *op, u64 *ep, int level, u64 slot, u64 s,
			 u64 e)
{
	bool full = s == slot && e == slot + pgt_level_size(level);
	struct pgt_entry_info info;
	int ret;

	if (!(*ep & PTE_PRESENT))
		return 0;
	if (pgt_entry_is_leaf(level, *ep)) {
		pgt_entry_decode(op->p->phys_bits, level, *ep, &info);
		if (info.prot == op->prot)
			return 0;
		if (full) {
			if (!op->dry_run)
				*ep = pgt_mk_leaf(level, info.pa, op->prot);
			return 0;
		}
		ret = split_leaf(op, ep, level, s, e);
		if (ret || op->dry_run)
			return ret;
	}
	return descend(op, ep, level, slot);
}

static int op_entry(struct pgt_op *op, u64 *ep, int level, u64 slot, u64 s,
		    u64 e)
{
	switch (op->kind) {
	case PGT_OP_MAP:
		return map_entry(op, ep, level, slot, s, e);
	case PGT_OP_UNMAP:
		return unmap_entry(op, ep, level, slot, s, e);
	default:
		return protect_entry(op, ep, level, slot, s, e);
	}
}

/*
 * Edit the entries of the table @tbl (NULL: a table that does not exist
 * yet, dry run only) of @level covering lin [base, base + 512 entries)
 * where they meet the op's range.
 */
static int op_table(struct pgt_op *op, u64 *tbl, int level, u64 base)
{
	u64 size = pgt_level_size(level);
	u64 lo = max(op->start, base);
	u64 hi = min(op->end, base + size * PGT_ENTRIES);

	for (u64 s = lo; s < hi;) {
		u64 slot = ALIGN_DOWN(s, size);
		u64 e = min(hi, slot + size);
		u64 *ep = tbl ? &tbl[pgt_index(slot, level)] : NULL;
		int ret = op_entry(op, ep, level, slot, s, e);

		if (ret)
			return ret;
		s = e;
	}
	return 0;
}

void pgt_op_init(struct pgt_op *op, struct pgt *p, enum pgt_op_kind kind,
		 pgt_prot_t prot, unsigned int page_sizes)
{
	*op = (struct pgt_op){
		.p = p,
		.kind = kind,
		.dry_run = true,
		.prot = prot,
		.page_sizes = page_sizes,
	};
}

int pgt_op_run(struct pgt_op *op, u64 start, u64 end, u64 pa_delta)
{
	op->start = start;
	op->end = end;
	op->pa_delta = pa_delta;
	return op_table(op, pgt_table(op->p->root), op->p->levels, 0);
}

int pgt_op_reserve(struct pgt_op *op, const char *what, u64 va, u64 size)
{
	struct pgt_reserve *r = &op->reserve;
	phys_addr_t pa;
	int ret;

	while (r->count < op->need) {
		ret = pgt_alloc_page(op->p, &pa);
		if (ret) {
			pr_err("%s 0x%llx size 0x%llx: got %llu of %llu "
			       "page-table pages (%d); nothing changed\n",
			       what, (unsigned long long)va,
			       (unsigned long long)size,
			       (unsigned long long)r->count,
			       (unsigned long long)op->need, ret);
			pgt_op_finish(op);
			return ret;
		}
		pgt_table(pa)[0] = r->head;
		r->head = pa;
		r->count++;
	}
	op->dry_run = false;
	return 0;
}

void pgt_op_finish(struct pgt_op *op)
{
	struct pgt_reserve *r = &op->reserve;

	while (r->count) {
		phys_addr_t pa = r->head;

		r->head = pgt_table(pa)[0];
		r->count--;
		if (op->p->free)
			op->p->free(op->p->arg, pa);
	}
}

/* Run a whole edit of lin [start, end): dry run, reserve, real run. */
static int op_do(struct pgt_op *op, const char *what, u64 va, u64 size,
		 u64 start, u64 delta)
{
	int ret = pgt_op_run(op, start, start + size, delta);

	if (!ret)
		ret = pgt_op_reserve(op, what, va, size);
	if (!ret)
		ret = pgt_op_run(op, start, start + size, delta);
	pgt_op_finish(op);
	return ret;
}

static int check_map_args(const struct pgt *p, u64 va, phys_addr_t pa, u64 size,
			  pgt_prot_t prot, unsigned int page_sizes)
{
	unsigned int smallest = page_sizes & -page_sizes;
	u64 align = smallest ? pgt_level_size(__builtin_ctz(smallest) + 1) : 0;
	u64 last = pa + size - 1;

	if (prot & ~PGT_PROT_ALL) {
		pr_err("map 0x%llx: bad protection 0x%x\n",
		       (unsigned long long)va, prot);
		return -EINVAL;
	}
	if (!smallest || (page_sizes & ~PGT_SIZES_ALL)) {
		pr_err("map 0x%llx: bad page-size mask 0x%x\n",
		       (unsigned long long)va, page_sizes);
		return -EINVAL;
	}
	if (!IS_ALIGNED(va | pa | size, align)) {
		pr_err("map 0x%llx -> 0x%llx size 0x%llx: not aligned to the "
		       "smallest allowed page (0x%llx)\n",
		       (unsigned long long)va, (unsigned long long)pa,
		       (unsigned long long)size, (unsigned long long)align);
		return -EINVAL;
	}
	if (last < pa || (last >> p->phys_bits)) {
		pr_err("map 0x%llx: pa 0x%llx size 0x%llx beyond MAXPHYADDR "
		       "(%u bits)\n",
		       (unsigned long long)va, (unsigned long long)pa,
		       (unsigned long long)size, p->phys_bits);
		return -EINVAL;
	}
	return 0;
}

int pgt_map(struct pgt *p, u64 va, phys_addr_t pa, u64 size, pgt_prot_t prot,
	    unsigned int page_sizes, struct pgt_stats *stats)
{
	struct pgt_op op;
	u64 start, end;
	int ret;

	if (stats)
		*stats = (struct pgt_stats){0};
	ret = pgt_check_range(p, "map", va, size, &start, &end);
	if (ret || !size)
		return ret;
	ret = check_map_args(p, va, pa, size, prot, page_sizes);
	if (ret)
		return ret;
	pgt_op_init(&op, p, PGT_OP_MAP, prot, page_sizes);
	ret = op_do(&op, "map", va, size, start, pa - start);
	if (stats)
		*stats = op.stats;
	return ret;
}

int pgt_unmap(struct pgt *p, u64 va, u64 size)
{
	struct pgt_op op;
	u64 start, end;
	int ret;

	ret = pgt_check_range(p, "unmap", va, size, &start, &end);
	if (ret || !size)
		return ret;
	pgt_op_init(&op, p, PGT_OP_UNMAP, 0, 0);
	return op_do(&op, "unmap", va, size, start, 0);
}

int pgt_protect(struct pgt *p, u64 va, u64 size, pgt_prot_t prot)
{
	struct pgt_op op;
	u64 start, end;
	int ret;

	ret = pgt_check_range(p, "protect", va, size, &start, &end);
	if (ret || !size)
		return ret;
	if (prot & ~PGT_PROT_ALL) {
		pr_err("protect 0x%llx: bad protection 0x%x\n",
		       (unsigned long long)va, prot);
		return -EINVAL;
	}
	pgt_op_init(&op, p, PGT_OP_PROTECT, prot, 0);
	return op_do(&op, "protect", va, size, start, 0);
}
