// SPDX-License-Identifier: MIT
/*
 * Page-table entries: encoding an abstract protection into entry bits at
 * each level and decoding entries back, plus the canonical-address rules.
 *
 *   63  62..52  51..M  M-1..12  12      8  7       6  5  4   3   2  1  0
 *   NX  (avail) (rsvd) frame    PAT(lg) G  PS/PAT  D  A  PCD PWT US RW P
 *
 * M is MAXPHYADDR (phys_bits). The cache mode is a PAT index 0..7 spread
 * over PWT (bit 0 of the index), PCD (bit 1) and PAT (bit 2), where PAT
 * sits at bit 7 in 4 KiB entries and at bit 12 in 2 MiB and 1 GiB ones,
 * whose bit 7 is PS (Intel SDM vol. 3A 4.9.2, 11.12.3).
 */
#include "mm/pat.h"
#include "mm/pgtable.h"

u64 pgt_frame_mask(unsigned int phys_bits)
{
	return ((1ULL << phys_bits) - 1) & ~(u64)(PAGE_SIZE - 1);
}

static u64 pat_bit(int level)
{
	return level == PGT_LEVEL_PT ? PTE_PAT : PTE_PAT_LARGE;
}

static u64 cache_to_pte(int level, unsigned int idx)
{
	u64 bits = 0;

	if (idx & PAT_INDEX_PWT)
		bits |= PTE_PWT;
	if (idx & PAT_INDEX_PCD)
		bits |= PTE_PCD;
	if (idx & PAT_INDEX_PAT)
		bits |= pat_bit(level);
	return bits;
}

static unsigned int pte_to_cache(int level, u64 entry)
{
	unsigned int idx = 0;

	if (entry & PTE_PWT)
		idx |= PAT_INDEX_PWT;
	if (entry & PTE_PCD)
		idx |= PAT_INDEX_PCD;
	if (level <= PGT_MAX_LEAF_LEVEL && (entry & pat_bit(level)))
		idx |= PAT_INDEX_PAT;
	return idx;
}

u64 pgt_prot_to_pte(int level, pgt_prot_t prot)
{
	u64 bits =
		cache_to_pte(level, (prot & PGT_CACHE_MASK) >> PGT_CACHE_SHIFT);

	if (prot & PGT_WRITE)
		bits |= PTE_RW;
	if (prot & PGT_USER)
		bits |= PTE_USER;
	if (prot & PGT_GLOBAL)
		bits |= PTE_GLOBAL;
	if (!(prot & PGT_EXEC))
		bits |= PTE_NX;
	return bits;
}

pgt_prot_t pgt_pte_to_prot(int level, u64 entry)
{
	pgt_prot_t prot = 0;
	bool leaf = level == PGT_LEVEL_PT ||
		    (level <= PGT_MAX_LEAF_LEVEL && (entry & PTE_PSE));

	if (entry & PTE_RW)
		prot |= PGT_WRITE;
	if (entry & PTE_USER)
		prot |= PGT_USER;
	if (!(entry & PTE_NX))
		prot |= PGT_EXEC;
	if (leaf && (entry & PTE_GLOBAL))
		prot |= PGT_GLOBAL;
	if (leaf)
		prot |= PGT_CACHE(pte_to_cache(level, entry));
	return prot;
}

u64 pgt_mk_leaf(int level, phys_addr_t pa, pgt_prot_t prot)
{
	u64 entry = PTE_PRESENT | PTE_ACCESSED | PTE_DIRTY;

	entry |= pa & pgt_frame_mask(PGT_PHYS_BITS_MAX) &
		 ~(pgt_level_size(level) - 1);
	entry |= pgt_prot_to_pte(level, prot);
	if (level != PGT_LEVEL_PT)
		entry |= PTE_PSE;
	return entry;
}

u64 pgt_mk_table(phys_addr_t table, bool user)
{
	u64 entry = PTE_PRESENT | PTE_RW | PTE_ACCESSED;

	entry |= table & pgt_frame_mask(PGT_PHYS_BITS_MAX);
	if (user)
		entry |= PTE_USER;
	return entry;
}

void pgt_entry_decode(unsigned int phys_bits, int level, u64 entry,
		      struct pgt_entry_info *out)
{
	u64 frame = entry & pgt_frame_mask(phys_bits);

	*out = (struct pgt_entry_info){0};
	if (!(entry & PTE_PRESENT))
		return;
	out->present = true;
	out->leaf = level == PGT_LEVEL_PT ||
		    (level <= PGT_MAX_LEAF_LEVEL && (entry & PTE_PSE));
	out->prot = pgt_pte_to_prot(level, entry);
	out->accessed = entry & PTE_ACCESSED;
	out->dirty = out->leaf && (entry & PTE_DIRTY);
	if (out->leaf) {
		out->size = pgt_level_size(level);
		out->pa = frame & ~(out->size - 1);
	} else {
		out->pa = frame;
	}
}

unsigned int pgt_va_bits(int levels)
{
	return levels == 5 ? PGT_VA_BITS_5LEVEL : PGT_VA_BITS_4LEVEL;
}

bool pgt_va_canonical(u64 va, unsigned int va_bits)
{
	unsigned int unused = 64 - va_bits;

	return (u64)((s64)(va << unused) >> unused) == va;
}
