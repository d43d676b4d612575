/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the mm/pgtable*.c files and mm/direct_map.c; not
 * part of the module's surface (that is mm/pgtable.h).
 *
 * Linear addresses: the editing code works on "lin" addresses, a virtual
 * address with its sign-extension bits cleared (va & (2^va_bits - 1)), so
 * the lower half is [0, 2^(va_bits-1)) and the kernel half follows it
 * without a hole, and a range end never wraps past 2^64.
 */
#ifndef KEEL_MM_PGTABLE_INTERNAL_H
#define KEEL_MM_PGTABLE_INTERNAL_H

#include "mm/pgtable.h"
#include "mm/physmap.h"

/* Bytes in one table page. */
#define PGT_TABLE_BYTES PAGE_SIZE

/* What an edit does. */
enum pgt_op_kind {
	PGT_OP_MAP,
	PGT_OP_UNMAP,
	PGT_OP_PROTECT,
};

/* Table pages allocated ahead, linked through their first word. */
struct pgt_reserve {
	phys_addr_t head;
	u64 count;
};

/*
 * One edit in progress. It runs twice over each range: a dry run that
 * changes nothing, finds conflicts and counts the table pages needed, then
 * (once those are reserved) the real run, which cannot fail.
 */
struct pgt_op {
	struct pgt *p;
	enum pgt_op_kind kind;
	bool dry_run;
	u64 start; /* lin range [start, end) being edited */
	u64 end;
	u64 pa_delta; /* map: pa = lin + pa_delta (mod 2^64) */
	pgt_prot_t prot;
	unsigned int page_sizes;
	u64 need; /* dry run: table pages counted */
	/* dry run: lin slot + 1 whose new table was last counted, per level */
	u64 counted_slot[PGT_MAX_LEVELS + 1];
	struct pgt_reserve reserve;
	struct pgt_stats stats;
};

static inline u64 pgt_lin_mask(const struct pgt *p)
{
	return (1ULL << pgt_va_bits(p->levels)) - 1;
}

static inline u64 pgt_va_to_lin(const struct pgt *p, u64 va)
{
	return va & pgt_lin_mask(p);
}

/* Back from lin to canonical: sign-extend from bit va_bits - 1. */
static inline u64 pgt_lin_to_va(const struct pgt *p, u64 lin)
{
	unsigned int unused = 64 - pgt_va_bits(p->levels);

	return (u64)((s64)(lin << unused) >> unused);
}

static inline u64 *pgt_table(phys_addr_t table)
{
	return phys_to_virt(table);
}

static inline bool pgt_entry_is_leaf(int level, u64 entry)
{
	if (level == PGT_LEVEL_PT)
		return true;
	return level <= PGT_MAX_LEAF_LEVEL && (entry & PTE_PSE);
}

static inline phys_addr_t pgt_entry_table(const struct pgt *p, u64 entry)
{
	return entry & pgt_frame_mask(p->phys_bits);
}

/* Allocate one table page from p->alloc and check what came back. */
int pgt_alloc_page(struct pgt *p, phys_addr_t *pa);
/* Give a table page of the hierarchy back (counts it as freed). */
void pgt_free_table(struct pgt *p, phys_addr_t table);
/* Free @table of @level and every table below it. */
void pgt_free_subtree(struct pgt *p, phys_addr_t table, int level);

/* Check p, va and size of an edit; fills *lin_start and *lin_end. */
int pgt_check_range(const struct pgt *p, const char *what, u64 va, u64 size,
		    u64 *lin_start, u64 *lin_end);

/* Start an op as a dry run. */
void pgt_op_init(struct pgt_op *op, struct pgt *p, enum pgt_op_kind kind,
		 pgt_prot_t prot, unsigned int page_sizes);
/* Run @op over lin [start, end) (dry or real as op->dry_run says). */
int pgt_op_run(struct pgt_op *op, u64 start, u64 end, u64 pa_delta);
/* After the dry runs: allocate op->need table pages and switch to real. */
int pgt_op_reserve(struct pgt_op *op, const char *what, u64 va, u64 size);
/* Give back reserved pages the real run did not use. */
void pgt_op_finish(struct pgt_op *op);

/* Room for a protection formatted by pgt_prot_str. */
#define PGT_PROT_STR_MAX 24

/* Format a protection like the dump does ("RW NX GLB USR PAT1"). */
void pgt_prot_str(pgt_prot_t prot, char *buf, size_t size);

#endif
