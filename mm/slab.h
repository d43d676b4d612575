/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator: caches of equal-sized objects carved out of blocks
 * from the page allocator, and kmalloc() on top of them.
 *
 * A slab is one block of 2^order pages. Every struct page of it is SLAB
 * and points at the slab's descriptor (struct slab, mm/page.h), so any
 * object address leads to its slab and cache in O(1), head or tail page
 * alike. The descriptor lives at the end of the slab itself for small
 * objects (slot below SLAB_OFF_SLAB_MIN_SIZE) and is kmalloc'd for larger
 * ones, so that large objects fill their pages exactly.
 *
 *   on-slab:   | obj 0 | obj 1 | ... | obj n-1 | waste | struct slab |
 *   off-slab:  | obj 0 | obj 1 | ... | obj n-1 | waste |  -> struct slab
 *                                                         (kmalloc-64)
 *
 * Free objects form a singly linked list through a pointer stored in the
 * object (at offset 0; after the object when the cache has a constructor,
 * so constructed state survives, or in the debug build).
 *
 * kmalloc() serves 8 bytes .. 8 KiB from size classes 8, 16, 32, 64, 96,
 * 128, 192, 256, 512, 1K, 2K, 4K, 8K; power-of-two classes are naturally
 * aligned. Larger sizes take 2^order pages straight from the page
 * allocator, marked PG_kmalloc in their first struct page, which is how
 * kfree() tells the two apart.
 *
 * Debug build (KEEL_SLAB_DEBUG=1, meson option slab_debug): each slot
 * carries a red-zone word after the object (0xcc.. while allocated, 0xbb..
 * while free). Free objects of caches without a constructor are poisoned
 * with 0x6b and checked on allocation. A double free or a write past the
 * object is reported with pr_err naming the cache and the object.
 *
 * Context: not reentrant; the caller serialises every call, as for the
 * page allocator, which must be initialised first.
 */
#ifndef KEEL_MM_SLAB_H
#define KEEL_MM_SLAB_H

#include "kernel/lib/list.h"
#include "kernel/lib/types.h"
#include "mm/page_alloc.h"

typedef unsigned int slab_flags_t;

/* Align objects to the cache line (less for objects under half a line). */
#define SLAB_HWCACHE_ALIGN BIT(0)
/* Take slab pages from ZONE_DMA. */
#define SLAB_CACHE_DMA BIT(1)
/* Take slab pages from ZONE_DMA32 (or ZONE_DMA). */
#define SLAB_CACHE_DMA32 BIT(2)

/* Byte written over free objects in the debug build. */
#define POISON_FREE 0x6b
/* Red-zone word of an allocated / a free object in the debug build. */
#define SLAB_RED_ACTIVE 0xccccccccccccccccULL
#define SLAB_RED_INACTIVE 0xbbbbbbbbbbbbbbbbULL

/* Minimum object alignment. */
#define ARCH_SLAB_MINALIGN 8
/* Largest slab: 2^SLAB_MAX_ORDER pages (128 KiB). */
#define SLAB_MAX_ORDER 5
_Static_assert(SLAB_MAX_ORDER < MAX_PAGE_ORDER,
	       "slab pages are found through INIT blocks of the page map");
/* Largest object a cache may hold. */
#define KMEM_CACHE_MAX_SIZE (PAGE_SIZE << SLAB_MAX_ORDER)
/* Slots of at least this size keep their struct slab off the slab. */
#define SLAB_OFF_SLAB_MIN_SIZE 256
/* Empty slabs a cache keeps instead of returning them to the pages. */
#define SLAB_EMPTY_KEEP 1

/*
 * Object index = (offset * reciprocal) >> SLAB_RECIPROCAL_SHIFT is exact
 * while offset * size < 2^SLAB_RECIPROCAL_SHIFT: offsets stay below 2^17
 * (128 KiB slabs) and slots below 2^18.
 */
#define SLAB_RECIPROCAL_SHIFT 40

/* Longest cache name kept (with the NUL). */
#define KMEM_CACHE_NAME_LEN 32

/* kmalloc size classes. */
#define KMALLOC_MIN_SIZE 8
#define KMALLOC_MAX_CACHE_SIZE 8192
#define NR_KMALLOC_SIZES 13
/* Largest kmalloc: one max-order block. */
#define KMALLOC_MAX_SIZE (PAGE_SIZE << MAX_PAGE_ORDER)

/* What kmalloc(0) returns: not NULL, never dereferenceable. */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((uintptr_t)(x) <= (uintptr_t)ZERO_SIZE_PTR)

/* kmalloc cache families, by the zone their pages come from. */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_DMA32,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES,
};

/*
 * A cache. Fields are read-only outside mm/slab.c.
 * @size: bytes per slot: the object, the debug words, padding to @align.
 * @free_offset: where a free object keeps its free-list link.
 * @red_offset: where the red-zone word sits (debug build only).
 * @reciprocal: 2^SLAB_RECIPROCAL_SHIFT / @size rounded up, to turn an
 *              offset into an object index without a division.
 */
struct kmem_cache {
	char name[KMEM_CACHE_NAME_LEN];
	unsigned int object_size;
	unsigned int size;
	unsigned int align;
	unsigned int free_offset;
	unsigned int red_offset;
	unsigned int order;
	unsigned int objects;
	u64 reciprocal;
	slab_flags_t flags;
	bool off_slab;
	bool is_kmalloc;
	void (*ctor)(void *object);
	struct list_head partial; /* some objects free */
	struct list_head full; /* no object free */
	struct list_head empty; /* every object free, at most SLAB_EMPTY_KEEP */
	unsigned long nr_slabs;
	unsigned long nr_empty;
	unsigned long active_objects;
	struct list_head cache_node; /* on the list of all caches */
};

/**
 * kmem_cache_init - set up the kmalloc caches
 *
 * Forgets every cache created before (a test resetting the allocator).
 * Context: boot, after the page allocator has memory.
 */
void kmem_cache_init(void);

/**
 * kmem_cache_create - create a cache of @size-byte objects
 * @name: shown in messages (copied, truncated to KMEM_CACHE_NAME_LEN - 1)
 * @size: object size, 1 .. KMEM_CACHE_MAX_SIZE (less the debug words)
 * @align: object alignment, 0 (ARCH_SLAB_MINALIGN) or a power of two up to
 *         PAGE_SIZE
 * @flags: SLAB_HWCACHE_ALIGN, SLAB_CACHE_DMA, SLAB_CACHE_DMA32
 * @ctor: called on every object when its slab is made, or NULL; objects
 *        must be freed in their constructed state
 *
 * Return: the cache, or NULL after reporting a bad argument or when no
 * memory is left for the cache itself.
 * Context: serialised by the caller.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));

/**
 * kmem_cache_alloc - take an object from @cache
 * @cache: the cache
 * @gfp: __GFP_ZERO to zero the object, __GFP_NOWARN; zone modifiers are
 *       ignored (the cache's flags choose the zone)
 *
 * Return: the object, or NULL when a new slab is needed and no pages are
 * left.
 * Context: serialised by the caller.
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);

/* kmem_cache_alloc(@cache, @gfp | __GFP_ZERO). */
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);

/**
 * kmem_cache_free - return @obj to @cache
 * @cache: the cache it came from
 * @obj: the object (NULL is ignored)
 *
 * An address that is not an object of @cache, or a double free, is
 * reported and ignored. A slab left empty is kept (up to SLAB_EMPTY_KEEP
 * per cache) or given back to the page allocator.
 * Context: serialised by the caller.
 */
void kmem_cache_free(struct kmem_cache *cache, void *obj);

/**
 * kmem_cache_shrink - give every empty slab of @cache back to the pages
 * @cache: the cache
 *
 * Return: the number of slabs released.
 * Context: serialised by the caller.
 */
unsigned long kmem_cache_shrink(struct kmem_cache *cache);

/**
 * slab_pages - pages held by every cache's slabs (/proc/meminfo's Slab)
 * @empty: set to the pages of empty slabs (what a shrink gives back)
 *
 * Return: the pages of every slab, empty ones included.
 * Context: any; takes the slab lock.
 */
unsigned long slab_pages(unsigned long *empty);

/**
 * kmem_cache_shrink_all - kmem_cache_shrink every cache (kmalloc's too)
 *
 * For leak checks that compare free page counts: the empty slabs caches
 * keep (SLAB_EMPTY_KEEP each) depend on the order of frees, not on leaks.
 * Return: the number of slabs released.
 */
unsigned long kmem_cache_shrink_all(void);

/**
 * kmem_cache_destroy - release a cache made by kmem_cache_create
 * @cache: the cache (NULL is ignored)
 *
 * Return: 0; -EBUSY (reported, cache intact) while objects are still
 * allocated; -EPERM for a kmalloc cache.
 * Context: serialised by the caller.
 */
int kmem_cache_destroy(struct kmem_cache *cache);

/**
 * kmem_cache_verify - check a cache's slabs, lists and counters
 * @cache: the cache
 *
 * Every slab on the right list for its use count, its struct pages
 * pointing back at it, its free list holding exactly the free objects
 * (intact red zones and poison in the debug build); counters matching.
 * Cost: O(objects).
 * Return: 0, or -EIO after reporting the first inconsistency.
 * Context: tests, fuzzers, debugging.
 */
int kmem_cache_verify(struct kmem_cache *cache);

/**
 * kmalloc_slab - the kmalloc cache serving @size bytes with @gfp
 * @size: 1 .. KMALLOC_MAX_CACHE_SIZE
 * @gfp: __GFP_DMA selects the dma- caches, __GFP_DMA32 the dma32- ones
 *
 * Return: the cache, or NULL when @size is 0 or above the largest class.
 * Context: after kmem_cache_init.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp);

/**
 * kmalloc - allocate @size bytes
 * @size: bytes; 0 gives ZERO_SIZE_PTR
 * @gfp: zone modifier, __GFP_ZERO, __GFP_NOWARN
 *
 * Up to KMALLOC_MAX_CACHE_SIZE from a size class (aligned to the class
 * size when it is a power of two, else to 8); above, from 2^order pages.
 * Return: the memory, ZERO_SIZE_PTR, or NULL when out of memory or above
 * KMALLOC_MAX_SIZE.
 * Context: serialised by the caller.
 */
void *kmalloc(size_t size, gfp_t gfp);

/* kmalloc(@size, @gfp | __GFP_ZERO). */
void *kzalloc(size_t size, gfp_t gfp);

/**
 * kfree - free memory kmalloc (or kmem_cache_alloc) returned
 * @ptr: the memory; NULL and ZERO_SIZE_PTR are ignored
 *
 * Anything else is reported and ignored.
 * Context: serialised by the caller.
 */
void kfree(const void *ptr);

/**
 * ksize - usable size of a kmalloc'd block
 * @ptr: what kmalloc returned
 *
 * Return: the size class, or PAGE_SIZE << order for a large allocation;
 * 0 for NULL, ZERO_SIZE_PTR or (reported) anything kmalloc did not return.
 * Context: serialised by the caller.
 */
size_t ksize(const void *ptr);

#endif
