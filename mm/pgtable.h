/* SPDX-License-Identifier: MIT */
/*
 * The page-table builder: pure code that builds and edits x86_64 4-level
 * and 5-level page-table hierarchies held in "physical" memory reached
 * through phys_to_virt() (mm/physmap.h). Table pages come from an
 * allocator callback, so the kernel can feed it from its brk area, then
 * memblock, then the page allocator, and host tests from an arena.
 *
 * Levels are numbered by height, with Intel's names:
 *
 *   level 5  PML5  VA bits 56:48  (5-level paging only, CR4.LA57)
 *   level 4  PML4  VA bits 47:39
 *   level 3  PDPT  VA bits 38:30  an entry may map a 1 GiB page
 *   level 2  PD    VA bits 29:21  an entry may map a 2 MiB page
 *   level 1  PT    VA bits 20:12  an entry maps a 4 KiB page
 *
 * Mappings are described by an abstract protection (pgt_prot_t): write,
 * exec, user, global and a PAT index 0..7 (the cache mode; mm/pat decides
 * what each index means). Every present page is readable.
 *
 * Rules every editing function follows:
 *   - addresses and sizes are checked first (canonical, 4 KiB aligned, in
 *     range) and bad ones give -EINVAL with a message naming them;
 *   - the table pages an operation needs are counted by a dry run and all
 *     allocated before anything is written, so -ENOMEM leaves the
 *     hierarchy exactly as it was;
 *   - table pages that become empty are freed at once.
 *
 * Context: none of these functions sleeps or takes locks; callers
 * serialise edits of one hierarchy.
 */
#ifndef KEEL_MM_PGTABLE_H
#define KEEL_MM_PGTABLE_H

#include "kernel/lib/types.h"

/* Levels (see the picture above). */
#define PGT_LEVEL_PT 1
#define PGT_LEVEL_PD 2
#define PGT_LEVEL_PDPT 3
#define PGT_LEVEL_PML4 4
#define PGT_LEVEL_PML5 5
#define PGT_MAX_LEVELS 5
/* Highest level whose entries may map a page (PS = 1 GiB pages). */
#define PGT_MAX_LEAF_LEVEL PGT_LEVEL_PDPT

/* Entries per table page and VA bits each level indexes. */
#define PGT_ENTRIES 512
#define PGT_LEVEL_BITS 9

/* Canonical address widths (Intel SDM vol. 3A 4.1.1). */
#define PGT_VA_BITS_4LEVEL 48
#define PGT_VA_BITS_5LEVEL 57

/* Widest physical address any x86_64 CPU reports (MAXPHYADDR). */
#define PGT_PHYS_BITS_MAX 52
/* Narrowest physical address width accepted. */
#define PGT_PHYS_BITS_MIN 32

/*
 * Entry bits (Intel SDM vol. 3A tables 4-15 to 4-20). PTE_PSE and PTE_PAT
 * share bit 7: PS in PD and PDPT entries, PAT in PT entries; large pages
 * keep their PAT bit at 12.
 */
#define PTE_PRESENT BIT_ULL(0)
#define PTE_RW BIT_ULL(1)
#define PTE_USER BIT_ULL(2)
#define PTE_PWT BIT_ULL(3)
#define PTE_PCD BIT_ULL(4)
#define PTE_ACCESSED BIT_ULL(5)
#define PTE_DIRTY BIT_ULL(6)
#define PTE_PSE BIT_ULL(7)
#define PTE_PAT BIT_ULL(7)
#define PTE_GLOBAL BIT_ULL(8)
#define PTE_PAT_LARGE BIT_ULL(12)
#define PTE_NX BIT_ULL(63)

/* Abstract protections of a mapping. */
typedef unsigned int pgt_prot_t;

#define PGT_WRITE BIT(0)
#define PGT_EXEC BIT(1)
#define PGT_USER BIT(2)
#define PGT_GLOBAL BIT(3)
#define PGT_CACHE_SHIFT 4
#define PGT_CACHE_MASK (7U << PGT_CACHE_SHIFT)
/* Cache mode = PAT index 0..7 (PAT*4 + PCD*2 + PWT); 0 is write-back. */
#define PGT_CACHE(idx) ((((pgt_prot_t)(idx)) & 7U) << PGT_CACHE_SHIFT)
#define PGT_PROT_ALL                                                           \
	(PGT_WRITE | PGT_EXEC | PGT_USER | PGT_GLOBAL | PGT_CACHE_MASK)

/* Kernel protections (Linux's PAGE_KERNEL, _RO, _RX, _EXEC). */
#define PGT_KERNEL (PGT_WRITE | PGT_GLOBAL)
#define PGT_KERNEL_RO (PGT_GLOBAL)
#define PGT_KERNEL_RX (PGT_EXEC | PGT_GLOBAL)

/* Page-size masks: bit (level - 1) allows pages of that level. */
#define PGT_SIZE_4K BIT(0)
#define PGT_SIZE_2M BIT(1)
#define PGT_SIZE_1G BIT(2)
#define PGT_SIZES_ALL (PGT_SIZE_4K | PGT_SIZE_2M | PGT_SIZE_1G)

/*
 * Allocator callbacks: alloc stores the physical address of a 4 KiB page
 * (it need not be zeroed: the builder clears it) in *pa and returns 0, or
 * returns a negative errno; free gives a page back.
 */
typedef int (*pgt_alloc_fn)(void *arg, phys_addr_t *pa);
typedef void (*pgt_free_fn)(void *arg, phys_addr_t pa);

/* One page-table hierarchy. */
struct pgt {
	phys_addr_t root; /* top-level table (what CR3 points at) */
	int levels; /* 4 or 5 */
	unsigned int phys_bits; /* MAXPHYADDR: width of frame addresses */
	pgt_alloc_fn alloc;
	pgt_free_fn free;
	void *arg; /* passed to alloc and free */
	u64 nr_tables_allocated; /* table pages taken into the hierarchy */
	u64 nr_tables_freed; /* table pages given back */
	/*
	 * Never free a table the root points at in the kernel half, even
	 * when it empties: user address spaces copy those root entries
	 * (mm/mm.h), so the tables must outlive every copy.
	 */
	bool pin_kernel_top;
};

/* What one entry says, decoded. */
struct pgt_entry_info {
	bool present;
	bool leaf; /* maps a page (else points at a table) */
	phys_addr_t pa; /* page or table address */
	u64 size; /* page size of a leaf */
	pgt_prot_t prot; /* the entry's own rights (leaf: all fields) */
	bool accessed;
	bool dirty;
};

/* A translation (pgt_translate) or a visited page (pgt_walk). */
struct pgt_translation {
	u64 va; /* start of the page (pgt_walk) or the address asked */
	phys_addr_t pa; /* physical address of va */
	u64 page_size;
	int level;
	pgt_prot_t prot; /* effective rights over all levels */
	u64 entry; /* the leaf entry */
};

/* Counts of what one call did. */
struct pgt_stats {
	u64 nr_4k; /* new 4 KiB leaves */
	u64 nr_2m; /* new 2 MiB leaves */
	u64 nr_1g; /* new 1 GiB leaves */
	u64 nr_tables; /* table pages allocated */
};

/* A physical range [start, end) for the direct-map builder. */
struct pgt_phys_range {
	phys_addr_t start;
	phys_addr_t end;
};

/* What pgt_check found. */
struct pgt_check_result {
	u64 nr_wx; /* ranges both writable and executable */
	u64 wx_bytes;
	u64 nr_user_kernel; /* user-accessible ranges in the kernel half */
	u64 user_kernel_bytes;
};

/* Shift and size of the region one entry of @level covers. */
static inline unsigned int pgt_level_shift(int level)
{
	return PAGE_SHIFT + PGT_LEVEL_BITS * (unsigned int)(level - 1);
}

static inline u64 pgt_level_size(int level)
{
	return 1ULL << pgt_level_shift(level);
}

/* Index of @va in a table of @level. */
static inline unsigned int pgt_index(u64 va, int level)
{
	return (unsigned int)(va >> pgt_level_shift(level)) & (PGT_ENTRIES - 1);
}

/**
 * pgt_frame_mask - entry bits that hold a frame address
 * @phys_bits: MAXPHYADDR, PGT_PHYS_BITS_MIN..PGT_PHYS_BITS_MAX
 *
 * Return: bits phys_bits-1..12 set.
 * Context: any.
 */
u64 pgt_frame_mask(unsigned int phys_bits);

/**
 * pgt_prot_to_pte - entry bits for a protection at a level
 * @level: 1 (4 KiB) .. 3 (1 GiB)
 * @prot: rights and cache index
 *
 * Gives RW, US, G, NX (when not exec) and the cache index as PWT, PCD and
 * PAT (bit 7 at level 1, bit 12 above). Present, PS and frame not included.
 * Return: the bits.
 * Context: any.
 */
u64 pgt_prot_to_pte(int level, pgt_prot_t prot);

/**
 * pgt_pte_to_prot - the protection an entry's bits express
 * @level: level of the entry
 * @entry: the entry
 *
 * Return: the rights; the cache index only for leaves (levels 1..3).
 * Context: any.
 */
pgt_prot_t pgt_pte_to_prot(int level, u64 entry);

/**
 * pgt_mk_leaf - encode an entry that maps a page
 * @level: 1 (4 KiB), 2 (2 MiB, PS) or 3 (1 GiB, PS)
 * @pa: page address, aligned to the page size, below 2^52
 * @prot: rights and cache index
 *
 * The entry also has Accessed and Dirty set (as Linux's kernel mappings do)
 * so the CPU never writes the entry back.
 * Return: the entry.
 * Context: any.
 */
u64 pgt_mk_leaf(int level, phys_addr_t pa, pgt_prot_t prot);

/**
 * pgt_mk_table - encode an entry that points at a table page
 * @table: table page address (4 KiB aligned)
 * @user: also set US, for tables under which user pages live
 *
 * Return: Present | RW | Accessed (| US) | address; never NX, so the
 * leaves alone decide.
 * Context: any.
 */
u64 pgt_mk_table(phys_addr_t table, bool user);

/**
 * pgt_entry_decode - decode one entry
 * @phys_bits: MAXPHYADDR of the hierarchy (frame mask)
 * @level: level the entry sits at
 * @entry: the entry
 * @out: filled in; all zero for a non-present entry
 *
 * Context: any.
 */
void pgt_entry_decode(unsigned int phys_bits, int level, u64 entry,
		      struct pgt_entry_info *out);

/**
 * pgt_va_bits - canonical address width for a paging depth
 * @levels: 4 or 5
 *
 * Return: 48 or 57.
 * Context: any.
 */
unsigned int pgt_va_bits(int levels);

/**
 * pgt_va_canonical - whether an address is canonical
 * @va: the address
 * @va_bits: 48 or 57
 *
 * Return: true when bits 63..va_bits-1 are all equal.
 * Context: any.
 */
bool pgt_va_canonical(u64 va, unsigned int va_bits);

/**
 * pgt_init - start an empty hierarchy
 * @p: the context to fill
 * @levels: 4 or 5
 * @phys_bits: MAXPHYADDR (PGT_PHYS_BITS_MIN..PGT_PHYS_BITS_MAX)
 * @alloc: table-page allocator
 * @free: gives table pages back (may be NULL if pages are never freed)
 * @arg: passed to @alloc and @free
 *
 * Allocates the root table.
 * Return: 0, -EINVAL for bad arguments, or the allocator's error.
 * Context: any.
 */
int pgt_init(struct pgt *p, int levels, unsigned int phys_bits,
	     pgt_alloc_fn alloc, pgt_free_fn free, void *arg);

/**
 * pgt_destroy - free every table page, the root included
 * @p: the hierarchy; p->root is 0 afterwards
 *
 * The pages that were mapped are not touched.
 * Context: any.
 */
void pgt_destroy(struct pgt *p);

/**
 * pgt_nr_tables - table pages the hierarchy holds now, the root included
 * @p: the hierarchy
 *
 * Return: nr_tables_allocated - nr_tables_freed.
 * Context: any.
 */
u64 pgt_nr_tables(const struct pgt *p);

/**
 * pgt_map - map [va, va + size) to [pa, pa + size)
 * @p: the hierarchy
 * @va: canonical, 4 KiB aligned
 * @pa: 4 KiB aligned, pa + size <= 2^phys_bits
 * @size: bytes (0 does nothing); the range must not leave its half
 * @prot: rights and cache index
 * @page_sizes: PGT_SIZE_* mask; va, pa and size must be aligned to the
 *              smallest size in it
 * @stats: if not NULL, receives what was done
 *
 * Uses the largest allowed page that alignment permits at each step.
 * Mapping over an existing mapping: pages already mapped to the same
 * physical address with the same protection are left as they are (a large
 * page already covering part of the range counts as identical when it
 * agrees); any other existing mapping makes the whole call fail with
 * -EEXIST before anything changes. An existing table where a large page
 * would go is kept and filled with smaller pages (4 KiB ones are used there
 * even when @page_sizes lacks them).
 *
 * Return: 0; -EINVAL for bad input; -EEXIST on a conflict; -ENOMEM when
 * the table pages needed could not all be allocated (nothing changed).
 * Context: see the file comment.
 */
int pgt_map(struct pgt *p, u64 va, phys_addr_t pa, u64 size, pgt_prot_t prot,
	    unsigned int page_sizes, struct pgt_stats *stats);

/**
 * pgt_unmap - remove every mapping in [va, va + size)
 * @p: the hierarchy
 * @va: canonical, 4 KiB aligned
 * @size: 4 KiB aligned; the range must not leave its half (0 does nothing)
 *
 * Large pages that straddle an end of the range are split (1 GiB into
 * 2 MiB, 2 MiB into 4 KiB) so the part outside stays mapped; holes in the
 * range are fine. Table pages left empty are freed (never the root).
 * Return: 0, -EINVAL, or -ENOMEM when a split could not get its table
 * pages (nothing changed).
 * Context: see the file comment.
 */
int pgt_unmap(struct pgt *p, u64 va, u64 size);

/**
 * pgt_protect - change the protection of every page in [va, va + size)
 * @p: the hierarchy
 * @va: canonical, 4 KiB aligned
 * @size: 4 KiB aligned; the range must not leave its half (0 does nothing)
 * @prot: the new rights and cache index (physical addresses are kept)
 *
 * Large pages straddling an end of the range are split when their
 * protection changes; unmapped holes in the range are skipped.
 * Return: 0, -EINVAL, or -ENOMEM (nothing changed).
 * Context: see the file comment.
 */
int pgt_protect(struct pgt *p, u64 va, u64 size, pgt_prot_t prot);

/**
 * pgt_translate - look an address up
 * @p: the hierarchy
 * @va: any canonical address
 * @t: on success: pa of @va, page size and level of the leaf, the leaf
 *     entry and the effective rights (write only if every level has RW,
 *     user only if every level has US, exec unless some level has NX;
 *     global and cache from the leaf). On -ENOENT: page_size and level of
 *     the empty entry the walk stopped at (that much around @va is
 *     unmapped).
 *
 * Return: 0, -ENOENT when @va is not mapped, -EINVAL if not canonical.
 * Context: any.
 */
int pgt_translate(const struct pgt *p, u64 va, struct pgt_translation *t);

/* Called for every page by pgt_walk; a non-zero return stops the walk. */
typedef int (*pgt_walk_fn)(void *arg, const struct pgt_translation *page);

/**
 * pgt_walk - visit every mapped page in address order
 * @p: the hierarchy
 * @fn: called once per leaf with va = page start and effective rights
 * @arg: passed to @fn
 *
 * Lower half first, then the kernel half (canonical addresses ascending).
 * Return: 0, or the first non-zero value @fn returned.
 * Context: any.
 */
int pgt_walk(const struct pgt *p, pgt_walk_fn fn, void *arg);

/* Receives one line of a dump (no newline). */
typedef void (*pgt_dump_fn)(void *arg, const char *line);

/**
 * pgt_dump - describe the hierarchy, one line per run of equal pages
 * @p: the hierarchy
 * @emit: receives each line; NULL logs them with pr_info
 * @arg: passed to @emit
 *
 * Neighbouring pages of the same size and effective protection merge into
 * one line: start-end, size of the run, RW/ro, NX/x, GLB, USR and PATn
 * when set, and the page count and size, e.g.
 * "0xffff888000000000-0xffff888040000000   1G  RW NX GLB  1x1G".
 * Context: any.
 */
void pgt_dump(const struct pgt *p, pgt_dump_fn emit, void *arg);

/**
 * pgt_check - look for dangerous mappings
 * @p: the hierarchy
 * @res: if not NULL, receives counts and sizes
 *
 * Reports (pr_warn, one line per run) every mapping that is both writable
 * and executable, and every user-accessible mapping in the kernel half.
 * Return: the number of runs reported (0: clean).
 * Context: any.
 */
u64 pgt_check(const struct pgt *p, struct pgt_check_result *res);

/**
 * pgt_map_direct - build the direct map of RAM at page_offset_base
 * @p: the hierarchy
 * @page_offset_base: virtual address of physical 0 (canonical, 4 KiB
 *                    aligned; 1 GiB aligned for large pages to be usable)
 * @ranges: RAM ranges, sorted and not overlapping (memblock memory);
 *          starts are rounded up and ends down to whole pages
 * @n: number of ranges
 * @page_sizes: PGT_SIZE_* mask; every run of RAM must be aligned to the
 *              smallest size in it
 * @stats: if not NULL, receives the pages and table pages used
 *
 * Maps every page of RAM at page_offset_base + pa, read-write, NX, global,
 * write-back. Adjacent ranges form one run, so a 2 MiB or 1 GiB block that
 * is all RAM is one large page even when a range boundary falls inside
 * it; each run gets a 4 KiB head up to a 2 MiB boundary, 2 MiB pages up to
 * a 1 GiB boundary, 1 GiB pages, then 2 MiB and 4 KiB tails. Holes stay
 * unmapped. This uses the fewest table pages the ranges allow
 * (pgt_direct_map_tables). Existing identical mappings are accepted; all
 * table pages are allocated before anything is written.
 * Return: 0, -EINVAL, -EEXIST or -ENOMEM (then nothing changed).
 * Context: see the file comment.
 */
int pgt_map_direct(struct pgt *p, u64 page_offset_base,
		   const struct pgt_phys_range *ranges, size_t n,
		   unsigned int page_sizes, struct pgt_stats *stats);

/**
 * pgt_direct_map_tables - fewest table pages a direct map needs
 * @levels: 4 or 5
 * @page_offset_base: as for pgt_map_direct
 * @ranges: as for pgt_map_direct
 * @n: number of ranges
 * @page_sizes: as for pgt_map_direct
 *
 * Computed from the ranges alone (independently of the builder): one table
 * for every block of each level that holds some RAM and is not covered by
 * an allowed large page whose whole block is RAM.
 * Return: table pages needed in an empty hierarchy, not counting the root.
 * Context: any.
 */
u64 pgt_direct_map_tables(int levels, u64 page_offset_base,
			  const struct pgt_phys_range *ranges, size_t n,
			  unsigned int page_sizes);

#endif
