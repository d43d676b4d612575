/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time physical memory manager, with Linux's names,
 * data layout and behaviour (include/linux/memblock.h, mm/memblock.c), so
 * that Linux developers and Linux-style tests find their way.
 *
 * Two sorted arrays of regions describe physical memory:
 *
 *   memory:    [======== RAM ========]      [===== RAM =====]
 *   reserved:       [kernel]  [initrd]           [alloc]
 *   free:      [===]        []       ]      [===]       [===]
 *
 * "memory" holds what the firmware reported as RAM, "reserved" what is in
 * use (kernel image, boot data, early allocations). Free memory is memory
 * minus reserved. Regions of one array never overlap, and neighbours that
 * touch merge when their node id and flags are equal.
 *
 * An allocation finds a free range (top-down by default, bottom-up on
 * request), never below PAGE_SIZE, and reserves it. At the end of early
 * boot memblock_free_all() hands every free page to the page allocator.
 *
 * Each array starts as a static array of INIT_MEMBLOCK_REGIONS entries;
 * once memblock_allow_resize() has been called, a full array doubles into
 * memory allocated from memblock itself, reached through phys_to_virt()
 * (mm/physmap.h). Every address memblock stores is physical.
 *
 * Context of every function here: early boot, one CPU, no locking.
 */
#ifndef KEEL_MM_MEMBLOCK_H
#define KEEL_MM_MEMBLOCK_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "kernel/lib/types.h"

/* Entries in each of the two static arrays memblock starts with. */
#define INIT_MEMBLOCK_REGIONS 128
#define INIT_MEMBLOCK_RESERVED_REGIONS INIT_MEMBLOCK_REGIONS

#ifndef NODES_SHIFT
#define NODES_SHIFT 6
#endif
#ifndef MAX_NUMNODES
/* Number of NUMA node ids; a region added without a node has this one. */
#define MAX_NUMNODES (1 << NODES_SHIFT)
#endif
#ifndef NUMA_NO_NODE
/* "Any node" in requests and iterators. */
#define NUMA_NO_NODE (-1)
#endif

#ifndef PHYS_ADDR_MAX
#define PHYS_ADDR_MAX (~(phys_addr_t)0)
#endif

/* Lower bound of allocation requests (allocations never go below PAGE_SIZE). */
#define MEMBLOCK_LOW_LIMIT 0
/* Upper bound "memblock.current_limit" (the value 0 means it everywhere). */
#define MEMBLOCK_ALLOC_ACCESSIBLE 0
/* Upper bound "no limit at all" (memblock_alloc* still clamp it to
 * current_limit; memblock_phys_alloc_range() does not). */
#define MEMBLOCK_ALLOC_ANYWHERE (~(phys_addr_t)0)
/* Highest address memblock_alloc_low() may return memory below (4 GiB). */
#define ARCH_LOW_ADDRESS_LIMIT 0xffffffffULL

/* Highest order memblock_free_all() hands out: larger requests are capped. */
#define MEMBLOCK_FREE_ORDER_LIMIT (63 - PAGE_SHIFT)

/**
 * enum memblock_flags - attributes of a region
 * @MEMBLOCK_NONE: no special request
 * @MEMBLOCK_HOTPLUG: memory that may be hot-removed later
 * @MEMBLOCK_MIRROR: mirrored (reliable) memory
 * @MEMBLOCK_NOMAP: memory the direct map must not cover; never allocated
 *	nor freed to the page allocator
 * @MEMBLOCK_DRIVER_MANAGED: memory added by a driver, not firmware RAM
 * @MEMBLOCK_RSRV_NOINIT: reserved memory whose struct pages stay
 *	uninitialised
 */
enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
	MEMBLOCK_DRIVER_MANAGED = 0x8,
	MEMBLOCK_RSRV_NOINIT = 0x10,
};

/* Every flag memblock knows; others are rejected. */
#define MEMBLOCK_FLAGS_MASK                                                    \
	(MEMBLOCK_HOTPLUG | MEMBLOCK_MIRROR | MEMBLOCK_NOMAP |                 \
	 MEMBLOCK_DRIVER_MANAGED | MEMBLOCK_RSRV_NOINIT)

/**
 * struct memblock_region - one physical range
 * @base: physical address of the first byte
 * @size: length in bytes (never 0 in a live array)
 * @flags: enum memblock_flags
 * @nid: NUMA node id (MAX_NUMNODES when none was given)
 */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

/**
 * struct memblock_type - one sorted array of regions
 * @cnt: regions in use
 * @max: regions the array has room for
 * @total_size: sum of the sizes of the regions in use
 * @regions: the array (virtual address)
 * @name: "memory" or "reserved"
 */
struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	const char *name;
};

/**
 * struct memblock - the allocator's whole state
 * @bottom_up: allocate upwards from the lowest fit instead of downwards
 * @current_limit: highest address (exclusive) memblock_alloc* return memory
 *	below, and what an end of MEMBLOCK_ALLOC_ACCESSIBLE means
 * @memory: usable memory
 * @reserved: memory in use
 */
struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* Called by memblock_free_all() for each naturally aligned chunk of
 * 2^@order free pages starting at page frame @pfn. */
typedef void (*memblock_free_pages_fn)(unsigned long pfn, unsigned int order,
				       void *arg);

/* State: resets (tests and the very start of boot) and switches. */
void memblock_reset(void);
void reset_memblock_regions(void);
void reset_memblock_attributes(void);
void memblock_allow_resize(void);
void memblock_set_debug(bool enable);

/* Adding, removing, reserving and freeing ranges. */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      enum memblock_flags flags);
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
void memblock_free(void *ptr, size_t size);

/* Attributes of ranges. */
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size);
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size);
int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid);

/* Allocation. */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid);
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid);
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid);
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
				   phys_addr_t min_addr, phys_addr_t max_addr,
				   int nid);
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);

/* Shaping memory. */
void memblock_trim_memory(phys_addr_t align);
void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size);
void memblock_mem_limit_remove_map(phys_addr_t limit);

/* Queries. */
bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_map_memory(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);

/* Handing free memory to the page allocator, and the dump. */
unsigned long memblock_free_all(memblock_free_pages_fn free_pages, void *arg,
				unsigned int max_order);
void memblock_dump_all(void);

/* Iterator steps (use the for_each_* macros below). */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
		      struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start,
		      phys_addr_t *out_end, int *out_nid);
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start,
			  phys_addr_t *out_end, int *out_nid);
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid);

/**
 * memblock_dump - keel's short name for memblock_dump_all()
 *
 * Prints both arrays with pr_info. Context: early boot.
 */
static inline void memblock_dump(void)
{
	memblock_dump_all();
}

/**
 * memblock_set_bottom_up - choose the allocation direction
 * @enable: true to allocate from the lowest fit upwards, false (the
 *	default) for the highest fit downwards
 *
 * Context: early boot.
 */
static inline void memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

/**
 * memblock_bottom_up - the allocation direction
 *
 * Return: true when allocations go bottom-up. Context: early boot.
 */
static inline bool memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

/**
 * memblock_phys_alloc - allocate physical memory below current_limit
 * @size: bytes
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 *
 * Return: physical address of the reserved (not zeroed) range, 0 when
 * nothing fits. Context: early boot.
 */
static inline phys_addr_t memblock_phys_alloc(phys_addr_t size,
					      phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0,
					 MEMBLOCK_ALLOC_ACCESSIBLE);
}

/**
 * memblock_alloc - allocate zeroed memory below current_limit
 * @size: bytes
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 *
 * Return: virtual address of the zeroed range, NULL when nothing fits.
 * Context: early boot.
 */
static inline void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

/**
 * memblock_alloc_raw - as memblock_alloc() but the memory is not zeroed
 * @size: bytes
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 *
 * Return: virtual address, NULL when nothing fits. Context: early boot.
 */
static inline void *memblock_alloc_raw(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid_raw(size, align, MEMBLOCK_LOW_LIMIT,
					  MEMBLOCK_ALLOC_ACCESSIBLE,
					  NUMA_NO_NODE);
}

/**
 * memblock_alloc_from - allocate zeroed memory, preferably above @min_addr
 * @size: bytes
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @min_addr: lowest address wanted; dropped when nothing fits above it
 *
 * Return: virtual address, NULL when nothing fits. Context: early boot.
 */
static inline void *memblock_alloc_from(phys_addr_t size, phys_addr_t align,
					phys_addr_t min_addr)
{
	return memblock_alloc_try_nid(size, align, min_addr,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

/**
 * memblock_alloc_low - allocate zeroed memory below 4 GiB
 * @size: bytes
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 *
 * Return: virtual address, NULL when nothing fits. Context: early boot.
 */
static inline void *memblock_alloc_low(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

/**
 * memblock_alloc_node - allocate zeroed memory, preferably on node @nid
 * @size: bytes
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @nid: preferred node (any node when it has no room)
 *
 * Return: virtual address, NULL when nothing fits. Context: early boot.
 */
static inline void *memblock_alloc_node(phys_addr_t size, phys_addr_t align,
					int nid)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* Attributes of one region. */
static inline bool memblock_is_hotpluggable(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_HOTPLUG;
}

static inline bool memblock_is_mirror(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_MIRROR;
}

static inline bool memblock_is_nomap(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_NOMAP;
}

static inline bool memblock_is_driver_managed(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_DRIVER_MANAGED;
}

static inline bool memblock_is_reserved_noinit(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_RSRV_NOINIT;
}

static inline int memblock_get_region_node(const struct memblock_region *r)
{
	return r->nid;
}

/* First whole page frame of @reg. */
static inline unsigned long
memblock_region_memory_base_pfn(const struct memblock_region *reg)
{
	return PFN_UP(reg->base);
}

/* Page frame just past the last whole page of @reg. */
static inline unsigned long
memblock_region_memory_end_pfn(const struct memblock_region *reg)
{
	return PFN_DOWN(reg->base + reg->size);
}

/*
 * Iterators. The index is a u64 cursor owned by the iterator; the
 * physical ranges are written through the pointers (which may be NULL).
 */

/* Every range of @type_a minus @type_b (all of @type_a when NULL). */
#define __for_each_mem_range(i, type_a, type_b, nid, flags, p_start, p_end,    \
			     p_nid)                                            \
	for (i = 0, __next_mem_range(&i, nid, flags, type_a, type_b, p_start,  \
				     p_end, p_nid);                            \
	     i != (u64)ULLONG_MAX; __next_mem_range(                           \
		     &i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* As __for_each_mem_range, from the highest range down. */
#define __for_each_mem_range_rev(i, type_a, type_b, nid, flags, p_start,       \
				 p_end, p_nid)                                 \
	for (i = (u64)ULLONG_MAX,                                              \
	    __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start,      \
				 p_end, p_nid);                                \
	     i != (u64)ULLONG_MAX; __next_mem_range_rev(                       \
		     &i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* Every memory region, NOMAP ones excepted. */
#define for_each_mem_range(i, p_start, p_end)                                  \
	__for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE,          \
			     MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED,       \
			     p_start, p_end, NULL)

/* Every free range (memory minus reserved) of node @nid (NUMA_NO_NODE:
 * all), in increasing order. NOMAP and DRIVER_MANAGED memory is skipped
 * unless @flags has that flag; with MEMBLOCK_MIRROR only mirrored memory
 * is visited. */
#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid)          \
	__for_each_mem_range(i, &memblock.memory, &memblock.reserved, nid,     \
			     flags, p_start, p_end, p_nid)

/* As for_each_free_mem_range, from the highest range down. */
#define for_each_free_mem_range_reverse(i, nid, flags, p_start, p_end, p_nid)  \
	__for_each_mem_range_rev(i, &memblock.memory, &memblock.reserved, nid, \
				 flags, p_start, p_end, p_nid)

/* Every reserved region. */
#define for_each_reserved_mem_range(i, p_start, p_end)                         \
	__for_each_mem_range(i, &memblock.reserved, NULL, NUMA_NO_NODE,        \
			     MEMBLOCK_NONE, p_start, p_end, NULL)

/* Whole pages of every memory region of node @nid (NUMA_NO_NODE or
 * MAX_NUMNODES: all), as [*p_start, *p_end) page frames; @i is an int. */
#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid)                  \
	for (i = -1, __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid);     \
	     i >= 0; __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid))

/* Every region of @memblock_type as a pointer @rgn, index @i. */
#define for_each_memblock_type(i, memblock_type, rgn)                          \
	for (i = 0, rgn = &(memblock_type)->regions[0];                        \
	     i < (memblock_type)->cnt;                                         \
	     i++, rgn = &(memblock_type)->regions[i])

/* Every memory region as a pointer. */
#define for_each_mem_region(region)                                            \
	for (region = memblock.memory.regions;                                 \
	     region < (memblock.memory.regions + memblock.memory.cnt);         \
	     region++)

/* Every reserved region as a pointer. */
#define for_each_reserved_mem_region(region)                                   \
	for (region = memblock.reserved.regions;                               \
	     region < (memblock.reserved.regions + memblock.reserved.cnt);     \
	     region++)

#endif
