/* SPDX-License-Identifier: MIT */
/*
 * The vmap space: the pure allocator of virtual areas in the vmalloc /
 * ioremap range. It hands out address ranges only; the kernel glue
 * allocates the pages, maps them (mm/pgtable), flushes the TLB and unmaps
 * before giving an area back.
 *
 * Every area is followed by one unmapped guard page that belongs to no
 * other area, so an overrun faults instead of reaching a neighbour:
 *
 *   start                                                             end
 *   |  gap  |== area A ==|g|   gap   |=== area B ===|g|      gap        |
 *           ^va_start    ^va_end     ^va_start      ^va_end
 *
 * A's reservation is [va_start, va_end + PAGE_SIZE); reservations never
 * overlap, so two areas are always at least one page apart. Nothing is
 * reserved before the first area.
 *
 * Busy areas sit on a doubly linked list sorted by address (the space is
 * 32 TiB with 4-level paging: no bitmap over it). Placement is first fit
 * from the bottom: the lowest address that satisfies the alignment. A
 * hint (the last area placed, and an upper bound on the largest gap below
 * it) lets a request that cannot fit below the hint skip those gaps, so
 * filling the space bottom-up costs O(1) a step; the worst case is a scan
 * of every gap, O(n) for n areas. Lookups are O(n) from the bottom, or
 * from the hint when the address lies above it. A search never allocates
 * and never recurses.
 *
 * Area descriptors come from a caller-supplied allocator (the kernel
 * passes kmalloc/kfree wrappers, tests malloc/free), so this module does
 * not depend on the slab allocator.
 *
 * Context: not reentrant; the caller serialises every call on one space.
 */
#ifndef KEEL_MM_VMALLOC_H
#define KEEL_MM_VMALLOC_H

#include "kernel/lib/types.h"

/* Area kinds (Linux's values). Other bits are the caller's own. */
#define VM_IOREMAP BIT(0) /* ioremap: maps device memory at phys_addr */
#define VM_ALLOC BIT(1) /* vmalloc: backed by pages it allocated */
#define VM_MAP BIT(2) /* vmap: maps pages the caller owns */
#define VM_USERMAP BIT(3) /* may be mapped into user space */

/* Unmapped pages that follow every area. */
#define VMAP_GUARD_SIZE PAGE_SIZE

/* A link of the sorted area list (circular, headed by the space). */
struct vmap_link {
	struct vmap_link *next;
	struct vmap_link *prev;
};

/*
 * One busy area.
 * @va_start, @va_end: the usable part, page aligned; the guard page is
 *                     [va_end, va_end + VMAP_GUARD_SIZE)
 * @flags: VM_ALLOC, VM_IOREMAP, ... as given to alloc_vmap_area()
 * @phys_addr: for ioremap, the physical address mapped (informational,
 *             set by the caller, shown by vmalloc_dump())
 * @private: the caller's own (e.g. its array of pages); NULL when made
 * @list: position on the space's sorted list
 */
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	unsigned long flags;
	phys_addr_t phys_addr;
	void *private;
	struct vmap_link list;
};

/* Allocator of area descriptors: @size bytes, or NULL when out of memory. */
typedef void *(*vmap_desc_alloc_fn)(size_t size, void *arg);
/* Gives back what the matching vmap_desc_alloc_fn returned. */
typedef void (*vmap_desc_free_fn)(void *desc, void *arg);

/*
 * A space. Fields are read-only outside mm/vmalloc.c.
 * @start, @end: the space, [start, end), page aligned
 * @areas: head of the list of busy areas, sorted by va_start
 * @nr_areas, @used_bytes: how many areas, and the sum of their usable sizes
 * @hint: where a scan may begin: an area's link, or &@areas for "the
 *        bottom"
 * @hint_hole: no gap that ends at or below the hint's va_start is longer
 *             than this (0 when @hint is &@areas)
 */
struct vmap_space {
	unsigned long start;
	unsigned long end;
	struct vmap_link areas;
	unsigned long nr_areas;
	unsigned long used_bytes;
	struct vmap_link *hint;
	unsigned long hint_hole;
	vmap_desc_alloc_fn desc_alloc;
	vmap_desc_free_fn desc_free;
	void *desc_arg;
};

/* What vmap_space_stats() reports. */
struct vmap_space_stats {
	unsigned long nr_areas; /* busy areas */
	unsigned long used_bytes; /* their usable bytes, guards excluded */
	unsigned long guard_bytes; /* their guard pages */
	unsigned long free_bytes; /* reserved by nobody */
	unsigned long largest_gap; /* longest run of unreserved space */
	/* Largest size alloc_vmap_area() can serve with PAGE_SIZE alignment:
	 * largest_gap less the guard page, or 0. */
	unsigned long largest_alloc;
};

/* The usable size of @va (its guard page excluded). */
static inline unsigned long vmap_area_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

/* The lowest area of @vs, or NULL when there is none. */
static inline struct vmap_area *vmap_area_first(const struct vmap_space *vs)
{
	if (vs->areas.next == &vs->areas)
		return NULL;
	return container_of(vs->areas.next, struct vmap_area, list);
}

/* The area after @va in @vs, or NULL when @va is the highest. */
static inline struct vmap_area *vmap_area_next(const struct vmap_space *vs,
					       const struct vmap_area *va)
{
	if (va->list.next == &vs->areas)
		return NULL;
	return container_of(va->list.next, struct vmap_area, list);
}

/*
 * for_each_vmap_area - walk the busy areas of @vs from the lowest address
 * up. The loop body must not remove @va.
 */
#define for_each_vmap_area(vs, va)                                             \
	for ((va) = vmap_area_first(vs); (va); (va) = vmap_area_next(vs, va))

/**
 * vmap_space_init - set up an empty space [@start, @end)
 * @vs: the space
 * @start: lowest address, page aligned
 * @end: end (exclusive), page aligned, at least two pages above @start
 *       (one area page and its guard)
 * @desc_alloc: allocates area descriptors
 * @desc_free: frees them
 * @desc_arg: passed to both
 *
 * Return: 0, or -EINVAL (reported, @vs untouched) for bounds that are
 * unaligned or too close, or a missing callback.
 * Context: once per space, before any other call on it.
 */
int vmap_space_init(struct vmap_space *vs, unsigned long start,
		    unsigned long end, vmap_desc_alloc_fn desc_alloc,
		    vmap_desc_free_fn desc_free, void *desc_arg);

/**
 * vmap_space_destroy - free every area descriptor left in @vs
 * @vs: the space
 *
 * Unmaps nothing: the caller has already torn down the mappings. The space
 * is empty afterwards and may be used again.
 * Return: the number of areas that were left.
 * Context: serialised by the caller.
 */
unsigned long vmap_space_destroy(struct vmap_space *vs);

/**
 * alloc_vmap_area - reserve an area and its guard page
 * @vs: the space
 * @size: bytes, rounded up to whole pages; not 0
 * @align: alignment of va_start, a power of two >= PAGE_SIZE
 * @flags: stored in the area (VM_ALLOC, VM_IOREMAP, ...)
 *
 * Picks the lowest address aligned to @align whose reservation (the area
 * and one guard page) fits in a gap of @vs (first fit from the bottom).
 * Return: the area (phys_addr 0, private NULL), or NULL: bad @size or
 * @align (reported with pr_err), no room (pr_warn naming the size), or no
 * memory for the descriptor (pr_warn). On failure @vs is unchanged.
 * Context: serialised by the caller.
 */
struct vmap_area *alloc_vmap_area(struct vmap_space *vs, unsigned long size,
				  unsigned long align, unsigned long flags);

/**
 * find_vmap_area - the area whose usable part contains @addr
 * @vs: the space
 * @addr: any address
 *
 * Return: the area with va_start <= @addr < va_end, or NULL (guard pages
 * and gaps belong to no area).
 * Context: serialised by the caller.
 */
struct vmap_area *find_vmap_area(const struct vmap_space *vs,
				 unsigned long addr);

/**
 * remove_vmap_area - unlink the area that starts at @addr
 * @vs: the space
 * @addr: the area's va_start, as vmalloc() returned it
 *
 * The area's range (and guard) is free again at once. The caller unmaps
 * it, then frees the descriptor with free_vmap_area_struct().
 * Return: the unlinked area, or NULL when no area starts at @addr (a bad
 * vfree: reported with pr_err naming @addr and, when it lies inside an
 * area, that area).
 * Context: serialised by the caller.
 */
struct vmap_area *remove_vmap_area(struct vmap_space *vs, unsigned long addr);

/**
 * free_vmap_area_struct - free the descriptor of an unlinked area
 * @vs: the space it came from
 * @va: what remove_vmap_area() returned (NULL is ignored)
 *
 * Context: serialised by the caller.
 */
void free_vmap_area_struct(struct vmap_space *vs, struct vmap_area *va);

/**
 * vmap_space_stats - count areas, used, guard and free bytes, largest gap
 * @vs: the space
 * @st: filled in
 *
 * Cost: O(n) over the areas.
 * Context: serialised by the caller.
 */
void vmap_space_stats(const struct vmap_space *vs, struct vmap_space_stats *st);

/**
 * vmap_area_format - one /proc/vmallocinfo-style line for @va
 * @va: the area
 * @buf: output, always NUL-terminated when @len > 0
 * @len: size of @buf
 *
 * "0xffffc90000000000-0xffffc90000005000   20480 pages=4 vmalloc": the
 * span printed includes the guard page, as Linux prints it; then, as
 * Linux orders them, "pages=N" for VM_ALLOC, "phys=0x..." for VM_IOREMAP,
 * and one word per kind flag ("ioremap", "vmalloc", "vmap", "user").
 * Return: the characters written, excluding the NUL (the line is cut
 * short when @buf is too small).
 * Context: any.
 */
int vmap_area_format(const struct vmap_area *va, char *buf, size_t len);

/**
 * vmalloc_dump - print every area of @vs with pr_info, lowest first
 * @vs: the space
 *
 * One vmap_area_format() line per area (Linux's /proc/vmallocinfo).
 * Context: serialised by the caller.
 */
void vmalloc_dump(const struct vmap_space *vs);

/**
 * vmap_space_verify - check the list, bounds, guards, counters and hint
 * @vs: the space
 *
 * Every area page aligned, non-empty, inside the space with its guard,
 * sorted and guard-separated from the next; back links consistent;
 * nr_areas and used_bytes matching; hint_hole at least every gap below
 * the hint. Cost: O(n).
 * Return: 0, or -EIO after reporting the first inconsistency.
 * Context: tests, fuzzers, debugging.
 */
int vmap_space_verify(const struct vmap_space *vs);

#endif
