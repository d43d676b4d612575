/* SPDX-License-Identifier: MIT */
/*
 * Sparse memory model and vmemmap arithmetic (shared/REFERENCE.md section 4).
 *
 * Physical memory is cut into sections of 2^SECTION_SIZE_BITS bytes (128 MiB,
 * PAGES_PER_SECTION pages). A section is "present" when some RAM lies in it;
 * only present sections get struct pages. Sections are grouped in roots of
 * SECTIONS_PER_ROOT, so a table of sections can be allocated a root at a
 * time (Linux's SPARSEMEM_EXTREME).
 *
 * The struct pages live in one virtually contiguous array, vmemmap:
 *
 *   page address = vmemmap_base + pfn * sizeof(struct page)
 *
 *   physical:  | section 0 | section 1 | (hole) | section 3 | ...
 *                   |           |                    |
 *   vmemmap:   | memmap 0  | memmap 1  | unbacked | memmap 3  | ...
 *              ^ vmemmap_base           each memmap is PAGES_PER_SECTION
 *                                       struct pages long
 *
 * Only the memmaps of present sections are backed by memory. The
 * population plan lists the virtual blocks to back: 2 MiB blocks (one PMD
 * entry each) or, when a 2 MiB block cannot be had, 4 KiB pages. With
 * Linux's 64-byte struct page one section's memmap is exactly one 2 MiB
 * block; with keel's 8-byte struct page one 2 MiB block holds the memmaps of
 * 8 sections, so blocks are shared and the plan merges them.
 *
 * This module takes RAM as an array of physical ranges and keeps present
 * sections in a caller-provided bitmap; it allocates nothing.
 */
#ifndef KEEL_MM_SPARSE_H
#define KEEL_MM_SPARSE_H

#include "kernel/lib/types.h"

/* Section geometry (x86_64). */
#define SECTION_SIZE_BITS 27
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK (~(PAGES_PER_SECTION - 1))

/*
 * Sections per root. Linux fits one page of 16-byte struct mem_section in
 * a root: 4096 / 16 = 256. keel keeps the number so the figures match.
 */
#define SECTIONS_PER_ROOT 256UL
#define SECTION_ROOT_MASK (SECTIONS_PER_ROOT - 1)

/* Narrowest and widest physical address widths sparse_map_init accepts. */
#define SPARSE_PHYSMEM_BITS_MIN (SECTION_SIZE_BITS + 1)
#define SPARSE_PHYSMEM_BITS_MAX 52

/* Sections and roots covering a physical address space of 2^bits bytes. */
#define SECTIONS_SHIFT(bits) ((bits)-SECTION_SIZE_BITS)
#define NR_MEM_SECTIONS(bits) (1UL << SECTIONS_SHIFT(bits))
#define NR_SECTION_ROOTS(bits)                                                 \
	DIV_ROUND_UP(NR_MEM_SECTIONS(bits), SECTIONS_PER_ROOT)

/* Words of a present-section bitmap for @nr sections (64 bits a word). */
#define SPARSE_BITMAP_WORD_BITS 64
#define SPARSE_BITMAP_WORDS(nr) DIV_ROUND_UP((nr), SPARSE_BITMAP_WORD_BITS)

/* vmemmap backing granules: a PMD-mapped block, and the 4 KiB fallback. */
#define VMEMMAP_BLOCK_SIZE SZ_2M
#define VMEMMAP_BASE_PAGE_SIZE PAGE_SIZE

/* Largest struct page the vmemmap arithmetic accepts. */
#define VMEMMAP_STRUCT_PAGE_MAX PAGE_SIZE

/** pfn_to_section_nr - the section holding page frame @pfn. */
static inline u64 pfn_to_section_nr(u64 pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

/** section_nr_to_pfn - the first page frame of section @nr. */
static inline u64 section_nr_to_pfn(u64 nr)
{
	return nr << PFN_SECTION_SHIFT;
}

/** section_nr_to_root - the root that holds section @nr. */
static inline u64 section_nr_to_root(u64 nr)
{
	return nr / SECTIONS_PER_ROOT;
}

/** section_root_to_nr - the first section of root @root. */
static inline u64 section_root_to_nr(u64 root)
{
	return root * SECTIONS_PER_ROOT;
}

/* A physical RAM range [start, end). */
struct sparse_ram_range {
	phys_addr_t start;
	phys_addr_t end;
};

/**
 * struct sparse_map - which sections are present.
 * @present:       caller-provided bitmap, bit n set when section n is present
 * @nr_sections:   sections the bitmap covers (at most NR_MEM_SECTIONS)
 * @physmem_bits:  physical address width (MAX_PHYSMEM_BITS: 46 or 52)
 */
struct sparse_map {
	u64 *present;
	u64 nr_sections;
	unsigned int physmem_bits;
};

/**
 * struct sparse_sizes - figures of the sparse model for one address width.
 * @nr_mem_sections:      sections in 2^bits bytes
 * @nr_section_roots:     roots in 2^bits bytes
 * @present_bitmap_bytes: bytes of a bitmap with one bit per section
 * @root_table_bytes:     bytes of a table with one pointer per root
 * @section_memmap_size:  bytes of struct page for one section
 * @vmemmap_span:         bytes of vmemmap for every pfn below 2^bits
 * @sections_per_block:   sections whose memmaps share one 2 MiB block
 *                        (0 when one section's memmap needs more than one)
 */
struct sparse_sizes {
	u64 nr_mem_sections;
	u64 nr_section_roots;
	u64 present_bitmap_bytes;
	u64 root_table_bytes;
	u64 section_memmap_size;
	u64 vmemmap_span;
	u64 sections_per_block;
};

/**
 * struct vmemmap_info - where the struct pages live.
 * @vmemmap_base:      virtual address of the struct page of pfn 0
 * @struct_page_size:  sizeof(struct page), 1..VMEMMAP_STRUCT_PAGE_MAX
 */
struct vmemmap_info {
	u64 vmemmap_base;
	size_t struct_page_size;
};

/*
 * A plan step: back the virtual block [vaddr, vaddr + size). Return 0 to go
 * on, or a negative errno to stop the walk (which then returns it).
 */
typedef int (*vmemmap_block_fn)(u64 vaddr, u64 size, void *arg);

/**
 * sparse_sizes - compute the sparse figures for an address width.
 * @physmem_bits:      physical address width, SPARSE_PHYSMEM_BITS_MIN..MAX
 * @struct_page_size:  sizeof(struct page), 1..VMEMMAP_STRUCT_PAGE_MAX
 * @out:               filled on success
 *
 * Return: 0, or -EINVAL (reported) for a width or size out of range.
 * Context: any; pure.
 */
int sparse_sizes(unsigned int physmem_bits, size_t struct_page_size,
		 struct sparse_sizes *out);

/**
 * sparse_map_init - set up an empty map over a caller-provided bitmap.
 * @map:           the map to set up
 * @physmem_bits:  physical address width, SPARSE_PHYSMEM_BITS_MIN..MAX
 * @bitmap:        SPARSE_BITMAP_WORDS(@nr_sections) words, cleared here
 * @nr_sections:   sections to track, 1..NR_MEM_SECTIONS(@physmem_bits);
 *                 may be fewer when the caller knows where RAM ends
 *
 * Return: 0, or -EINVAL (reported, @map untouched) for bad arguments.
 * Context: any; pure.
 */
int sparse_map_init(struct sparse_map *map, unsigned int physmem_bits,
		    u64 *bitmap, u64 nr_sections);

/**
 * sparse_memory_present - mark the sections that hold RAM.
 * @map:     an initialised map
 * @ranges:  physical RAM ranges [start, end), in any order, may overlap
 * @nr:      number of ranges
 *
 * Only whole pages count: a range covers pfns PFN_UP(start) up to
 * PFN_DOWN(end), and a range without a whole page marks nothing. Every
 * range is checked before any bit is set.
 *
 * Return: 0; -EINVAL for an inverted range or a NULL @ranges with @nr > 0;
 * -ERANGE for a range reaching past the sections @map covers. Errors are
 * reported with the offending range and leave @map unchanged.
 * Context: any; pure.
 */
int sparse_memory_present(struct sparse_map *map,
			  const struct sparse_ram_range *ranges, size_t nr);

/**
 * sparse_section_present - whether section @nr is present.
 * Return: true when @nr < @map->nr_sections and its bit is set.
 * Context: any; pure.
 */
bool sparse_section_present(const struct sparse_map *map, u64 nr);

/**
 * sparse_pfn_valid - whether page frame @pfn lies in a present section.
 * Context: any; pure.
 */
bool sparse_pfn_valid(const struct sparse_map *map, u64 pfn);

/**
 * sparse_next_present_section - the first present section >= @nr.
 * Return: its number, or @map->nr_sections when there is none.
 * Context: any; pure.
 */
u64 sparse_next_present_section(const struct sparse_map *map, u64 nr);

/* Iterate @nr (u64) over the present sections of @map in ascending order. */
#define for_each_present_section(map, nr)                                      \
	for ((nr) = sparse_next_present_section((map), 0);                     \
	     (nr) < (map)->nr_sections;                                        \
	     (nr) = sparse_next_present_section((map), (nr) + 1))

/**
 * sparse_nr_present_sections - count the present sections.
 * Context: any; pure.
 */
u64 sparse_nr_present_sections(const struct sparse_map *map);

/**
 * sparse_nr_present_roots - count the roots holding a present section
 * (the roots a SPARSEMEM_EXTREME table would allocate).
 * Context: any; pure.
 */
u64 sparse_nr_present_roots(const struct sparse_map *map);

/**
 * vmemmap_pfn_to_page - virtual address of the struct page of @pfn.
 * Context: any; pure.
 */
static inline u64 vmemmap_pfn_to_page(const struct vmemmap_info *vm, u64 pfn)
{
	return vm->vmemmap_base + pfn * vm->struct_page_size;
}

/**
 * vmemmap_page_to_pfn - page frame described by the struct page at @page.
 * @page must lie in vmemmap at or above @vm->vmemmap_base; an address
 * inside a struct page gives that struct page's pfn.
 * Context: any; pure.
 */
static inline u64 vmemmap_page_to_pfn(const struct vmemmap_info *vm, u64 page)
{
	return (page - vm->vmemmap_base) / vm->struct_page_size;
}

/**
 * vmemmap_plan_walk - list the vmemmap blocks that must be backed.
 * @map:         present sections
 * @vm:          vmemmap base and struct page size
 * @block_size:  VMEMMAP_BLOCK_SIZE (2 MiB) or VMEMMAP_BASE_PAGE_SIZE (4 KiB)
 * @fn:          called once per block, in ascending address order, never
 *               twice for one block; NULL only counts
 * @arg:         passed to @fn
 *
 * A block is listed when it holds a byte of the struct pages of a present
 * section. The whole vmemmap of @map must end at or below 2^64 - 2 MiB.
 *
 * Return: the number of blocks; -EINVAL or -ERANGE (reported) for bad
 * arguments; or the first negative value @fn returned.
 * Context: any; pure.
 */
long vmemmap_plan_walk(const struct sparse_map *map,
		       const struct vmemmap_info *vm, u64 block_size,
		       vmemmap_block_fn fn, void *arg);

/**
 * vmemmap_plan_fill - store the plan of vmemmap_plan_walk in an array.
 * @blocks:  receives the block start addresses
 * @max:     room in @blocks
 * @count:   receives the number of blocks of the plan (also on -ENOSPC)
 *
 * Return: 0; -ENOSPC when the plan has more than @max blocks (@blocks is
 * then untouched); -EINVAL or -ERANGE as vmemmap_plan_walk.
 * Context: any; pure.
 */
int vmemmap_plan_fill(const struct sparse_map *map,
		      const struct vmemmap_info *vm, u64 block_size,
		      u64 *blocks, size_t max, size_t *count);

/**
 * vmemmap_fallback_walk - the 4 KiB pages to back instead of one 2 MiB block.
 * @block_vaddr: a 2 MiB-aligned block of the 2 MiB plan that could not be
 *               allocated
 *
 * Lists, in ascending order, the 4 KiB pages of [@block_vaddr, +2 MiB) that
 * hold struct pages of present sections: the part of the 4 KiB plan that
 * falls in that block.
 *
 * Return: the number of pages; -EINVAL (reported) for a misaligned block
 * or bad arguments; -ERANGE as vmemmap_plan_walk; or @fn's error.
 * Context: any; pure.
 */
long vmemmap_fallback_walk(const struct sparse_map *map,
			   const struct vmemmap_info *vm, u64 block_vaddr,
			   vmemmap_block_fn fn, void *arg);

/**
 * vmemmap_fallback_fill - store the pages of vmemmap_fallback_walk.
 * Return and @count as vmemmap_plan_fill.
 * Context: any; pure.
 */
int vmemmap_fallback_fill(const struct sparse_map *map,
			  const struct vmemmap_info *vm, u64 block_vaddr,
			  u64 *pages, size_t max, size_t *count);

#endif
