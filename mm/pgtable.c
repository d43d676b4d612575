// SPDX-License-Identifier: MIT
/*
 * Page-table hierarchies: creating and destroying one, table pages from
 * the allocator callback, range checks shared by the editing functions,
 * and the read-only side (translate, walk).
 *
 * Effective rights (Intel SDM vol. 3A 4.6): a page is writable only if
 * every entry on the way has RW, user-accessible only if every entry has
 * US, and executable only if no entry has NX.
 */
#define pr_fmt(fmt) "pgtable: " fmt

#include "mm/pgtable_internal.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

/* Bits that combine over the levels of a walk. */
#define PTE_AND_BITS (PTE_RW | PTE_USER)

static bool pgt_ready(const struct pgt *p)
{
	return p->levels == 4 || p->levels == 5;
}

int pgt_alloc_page(struct pgt *p, phys_addr_t *pa)
{
	int ret = p->alloc(p->arg, pa);

	if (ret)
		return ret < 0 ? ret : -ENOMEM;
	if (!IS_ALIGNED(*pa, PAGE_SIZE) || (*pa >> p->phys_bits)) {
		pr_err("allocator returned 0x%llx: not a 4 KiB page below "
		       "2^%u\n",
		       (unsigned long long)*pa, p->phys_bits);
		return -EINVAL;
	}
	memset(pgt_table(*pa), 0, PGT_TABLE_BYTES);
	return 0;
}

void pgt_free_table(struct pgt *p, phys_addr_t table)
{
	if (p->free)
		p->free(p->arg, table);
	p->nr_tables_freed++;
}

void pgt_free_subtree(struct pgt *p, phys_addr_t table, int level)
{
	u64 *tbl = pgt_table(table);

	for (unsigned int i = 0; level > PGT_LEVEL_PT && i < PGT_ENTRIES; i++) {
		if ((tbl[i] & PTE_PRESENT) && !pgt_entry_is_leaf(level, tbl[i]))
			pgt_free_subtree(p, pgt_entry_table(p, tbl[i]),
					 level - 1);
	}
	pgt_free_table(p, table);
}

int pgt_init(struct pgt *p, int levels, unsigned int phys_bits,
	     pgt_alloc_fn alloc, pgt_free_fn free, void *arg)
{
	int ret;

	*p = (struct pgt){0};
	if ((levels != 4 && levels != 5) || !alloc ||
	    phys_bits < PGT_PHYS_BITS_MIN || phys_bits > PGT_PHYS_BITS_MAX) {
		pr_err("init: bad levels %d or phys_bits %u (need 4 or 5, "
		       "%u..%u, an allocator)\n",
		       levels, phys_bits, PGT_PHYS_BITS_MIN, PGT_PHYS_BITS_MAX);
		return -EINVAL;
	}
	p->phys_bits = phys_bits;
	p->alloc = alloc;
	p->free = free;
	p->arg = arg;
	ret = pgt_alloc_page(p, &p->root);
	if (ret) {
		pr_err("init: no page for the root table (%d)\n", ret);
		return ret;
	}
	p->levels = levels;
	p->nr_tables_allocated = 1;
	return 0;
}

void pgt_destroy(struct pgt *p)
{
	if (!pgt_ready(p))
		return;
	pgt_free_subtree(p, p->root, p->levels);
	p->root = 0;
	p->levels = 0;
}

u64 pgt_nr_tables(const struct pgt *p)
{
	return p->nr_tables_allocated - p->nr_tables_freed;
}

int pgt_check_range(const struct pgt *p, const char *what, u64 va, u64 size,
		    u64 *lin_start, u64 *lin_end)
{
	unsigned int bits;
	u64 last = va + size - 1;

	if (!pgt_ready(p)) {
		pr_err("%s: hierarchy not initialised\n", what);
		return -EINVAL;
	}
	bits = pgt_va_bits(p->levels);
	if (!IS_ALIGNED(va | size, PAGE_SIZE)) {
		pr_err("%s 0x%llx size 0x%llx: not 4 KiB aligned\n", what,
		       (unsigned long long)va, (unsigned long long)size);
		return -EINVAL;
	}
	if (!pgt_va_canonical(va, bits)) {
		pr_err("%s 0x%llx: not canonical (%u-bit)\n", what,
		       (unsigned long long)va, bits);
		return -EINVAL;
	}
	if (size && (last < va || !pgt_va_canonical(last, bits) ||
		     (last >> 63) != (va >> 63))) {
		pr_err("%s 0x%llx size 0x%llx: leaves its canonical half "
		       "(%u-bit)\n",
		       what, (unsigned long long)va, (unsigned long long)size,
		       bits);
		return -EINVAL;
	}
	*lin_start = pgt_va_to_lin(p, va);
	*lin_end = *lin_start + size;
	return 0;
}

/* The leaf with its RW and US anded and NX ored over the walk. */
static u64 effective_entry(u64 leaf, u64 and_bits, u64 nx)
{
	return (leaf & ~(PTE_AND_BITS | PTE_NX)) |
	       (leaf & and_bits & PTE_AND_BITS) | ((leaf | nx) & PTE_NX);
}

static void fill_page(const struct pgt *p, struct pgt_translation *t, int level,
		      u64 leaf, u64 and_bits, u64 nx)
{
	struct pgt_entry_info info;

	pgt_entry_decode(p->phys_bits, level, leaf, &info);
	t->pa = info.pa;
	t->page_size = info.size;
	t->level = level;
	t->entry = leaf;
	t->prot = pgt_pte_to_prot(level, effective_entry(leaf, and_bits, nx));
}

int pgt_translate(const struct pgt *p, u64 va, struct pgt_translation *t)
{
	phys_addr_t table = p->root;
	u64 and_bits = PTE_AND_BITS, nx = 0;

	*t = (struct pgt_translation){.va = va};
	if (!pgt_ready(p) || !pgt_va_canonical(va, pgt_va_bits(p->levels))) {
		pr_err("translate 0x%llx: not canonical or no hierarchy\n",
		       (unsigned long long)va);
		return -EINVAL;
	}
	for (int level = p->levels;; level--) {
		u64 entry = pgt_table(table)[pgt_index(va, level)];

		if (!(entry & PTE_PRESENT)) {
			t->page_size = pgt_level_size(level);
			t->level = level;
			return -ENOENT;
		}
		if (pgt_entry_is_leaf(level, entry)) {
			fill_page(p, t, level, entry, and_bits, nx);
			t->pa += va & (t->page_size - 1);
			return 0;
		}
		and_bits &= entry;
		nx |= entry & PTE_NX;
		table = pgt_entry_table(p, entry);
	}
}

/* State of a walk: the callback and what the levels above say. */
struct walk {
	const struct pgt *p;
	pgt_walk_fn fn;
	void *arg;
};

static int walk_table(const struct walk *w, phys_addr_t table, int level,
		      u64 base, u64 and_bits, u64 nx)
{
	const u64 *tbl = pgt_table(table);
	u64 size = pgt_level_size(level);

	for (unsigned int i = 0; i < PGT_ENTRIES; i++) {
		u64 entry = tbl[i];
		u64 lin = base + i * size;
		struct pgt_translation t;
		int ret;

		if (!(entry & PTE_PRESENT))
			continue;
		if (pgt_entry_is_leaf(level, entry)) {
			fill_page(w->p, &t, level, entry, and_bits, nx);
			t.va = pgt_lin_to_va(w->p, lin);
			ret = w->fn(w->arg, &t);
		} else {
			ret = walk_table(w, pgt_entry_table(w->p, entry),
					 level - 1, lin, and_bits & entry,
					 nx | (entry & PTE_NX));
		}
		if (ret)
			return ret;
	}
	return 0;
}

int pgt_walk(const struct pgt *p, pgt_walk_fn fn, void *arg)
{
	struct walk w = {.p = p, .fn = fn, .arg = arg};

	if (!pgt_ready(p))
		return 0;
	return walk_table(&w, p->root, p->levels, 0, PTE_AND_BITS, 0);
}
