// SPDX-License-Identifier: MIT
/*
 * Slab allocator and kmalloc (layout and rules in mm/slab.h).
 *
 * Slot layout, by build and cache:
 *
 *   plain:            | object (link at 0 when free) | pad |
 *   with constructor: | object | link | pad |
 *   debug build:      | object | red zone word | link | pad |
 *
 * A cache keeps its slabs on three lists: partial (allocation takes from
 * here first), full, and empty (at most SLAB_EMPTY_KEEP slabs, so that an
 * alloc/free pair at a slab's edge does not take and give back pages each
 * time).
 */
#define pr_fmt(fmt) "slab: " fmt

#include "mm/slab.h"

#include "mm/mm_lock.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

#ifndef KEEL_SLAB_DEBUG
#define KEEL_SLAB_DEBUG 0
#endif

/* A slab's descriptor: at the end of the slab, or kmalloc'd. */
struct slab {
	struct list_head node; /* on the cache's partial/full/empty list */
	struct kmem_cache *cache;
	char *s_mem; /* first object, the start of the slab's pages */
	void *freelist; /* first free object */
	unsigned int inuse; /* objects allocated */
};

#define SLAB_HEADER_SPACE ALIGN(sizeof(struct slab), ARCH_SLAB_MINALIGN)
/* Off-slab descriptors come from a class whose own slabs are on-slab. */
_Static_assert(sizeof(struct slab) <= 64 && 2 * 64 < SLAB_OFF_SLAB_MIN_SIZE,
	       "struct slab must be served by an on-slab kmalloc class");

/* A slab may waste at most 1/SLAB_WASTE_DIVISOR of its bytes. */
#define SLAB_WASTE_DIVISOR 8
/* Cache-line size for SLAB_HWCACHE_ALIGN. */
#define SLAB_CACHE_LINE 64
#define SLAB_VALID_FLAGS                                                       \
	(SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32)
/* Bytes the debug build adds after each object: red zone and link. */
#define SLAB_DEBUG_WORDS (2 * sizeof(u64))

static const unsigned int kmalloc_sizes[NR_KMALLOC_SIZES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

/* Class index of sizes 1 .. 192, by (size - 1) / 8. */
static const u8 kmalloc_small_index[24] = {
	0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6,
};

static const char *const kmalloc_prefixes[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = "kmalloc-",
	[KMALLOC_DMA32] = "dma32-kmalloc-",
	[KMALLOC_DMA] = "dma-kmalloc-",
};

static const slab_flags_t kmalloc_flags[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = 0,
	[KMALLOC_DMA32] = SLAB_CACHE_DMA32,
	[KMALLOC_DMA] = SLAB_CACHE_DMA,
};

static struct kmem_cache kmalloc_caches[NR_KMALLOC_TYPES][NR_KMALLOC_SIZES];
static struct list_head slab_caches;

static struct slab *node_slab(struct list_head *node)
{
	return container_of(node, struct slab, node);
}

static void **object_link(const struct kmem_cache *cache, void *obj)
{
	return (void **)((char *)obj + cache->free_offset);
}

static u64 *object_red_zone(const struct kmem_cache *cache, void *obj)
{
	return (u64 *)((char *)obj + cache->red_offset);
}

static bool cache_poisons(const struct kmem_cache *cache)
{
	return KEEL_SLAB_DEBUG && !cache->ctor;
}

/* Zone modifiers for a cache's slab pages. */
static gfp_t cache_page_gfp(const struct kmem_cache *cache)
{
	if (cache->flags & SLAB_CACHE_DMA)
		return __GFP_DMA;
	if (cache->flags & SLAB_CACHE_DMA32)
		return __GFP_DMA32;
	return 0;
}

/* Slot layout: link, red zone and slot size from the object size. */
static void cache_layout(struct kmem_cache *cache)
{
	unsigned int end = ALIGN(cache->object_size, (unsigned int)sizeof(u64));
	unsigned int used;

	if (KEEL_SLAB_DEBUG) {
		cache->red_offset = end;
		cache->free_offset = end + sizeof(u64);
		used = end + SLAB_DEBUG_WORDS;
	} else if (cache->ctor) {
		cache->free_offset = end;
		used = end + sizeof(void *);
	} else {
		cache->free_offset = 0;
		used = max(cache->object_size, (unsigned int)sizeof(void *));
	}
	cache->size = ALIGN(used, cache->align);
}

/* True when @a_waste of @a_bytes is a smaller share than @b of @b_bytes. */
static bool less_waste(unsigned long a_waste, unsigned long a_bytes,
		       unsigned long b_waste, unsigned long b_bytes)
{
	return a_waste * b_bytes < b_waste * a_bytes;
}

/*
 * Pick the slab order: the smallest that wastes at most 1/8 of the slab,
 * else the one wasting the smallest share. False when no order holds an
 * object.
 */
static bool cache_order(struct kmem_cache *cache)
{
	unsigned long best_waste = 1, best_bytes = 0;
	bool found = false;

	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		unsigned long bytes = PAGE_SIZE << order;
		unsigned long usable =
			bytes - (cache->off_slab ? 0 : SLAB_HEADER_SPACE);
		unsigned long objects = usable / cache->size;
		unsigned long waste = bytes - objects * cache->size;

		if (!objects)
			continue;
		if (!found ||
		    less_waste(waste, bytes, best_waste, best_bytes)) {
			cache->order = order;
			cache->objects = (unsigned int)objects;
			best_waste = waste;
			best_bytes = bytes;
			found = true;
		}
		if (waste * SLAB_WASTE_DIVISOR <= bytes)
			break;
	}
	return found;
}

/* Fill in @cache (zeroed by the caller) and put it on the cache list. */
static int cache_setup(struct kmem_cache *cache, const char *name,
		       unsigned int size, unsigned int align,
		       slab_flags_t flags, void (*ctor)(void *))
{
	size_t len = strnlen(name, KMEM_CACHE_NAME_LEN - 1);

	memcpy(cache->name, name, len);
	cache->name[len] = '\0';
	cache->object_size = size;
	cache->flags = flags;
	cache->ctor = ctor;
	cache->align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int line = SLAB_CACHE_LINE;

		while (size <= line / 2 && line > ARCH_SLAB_MINALIGN)
			line /= 2;
		cache->align = max(cache->align, line);
	}
	cache_layout(cache);
	cache->off_slab = cache->size >= SLAB_OFF_SLAB_MIN_SIZE;
	if (!cache_order(cache)) {
		pr_err("cache %s: objects of %u bytes (slot %u) do not fit a "
		       "slab of order %u\n",
		       cache->name, size, cache->size, SLAB_MAX_ORDER);
		return -EINVAL;
	}
	cache->reciprocal =
		((1ULL << SLAB_RECIPROCAL_SHIFT) + cache->size - 1) /
		cache->size;
	INIT_LIST_HEAD(&cache->partial);
	INIT_LIST_HEAD(&cache->full);
	INIT_LIST_HEAD(&cache->empty);
	list_add(&cache->cache_node, &slab_caches);
	return 0;
}

/* Debug: set up a fresh free object. */
static void debug_init_object(struct kmem_cache *cache, void *obj)
{
	if (!KEEL_SLAB_DEBUG)
		return;
	*object_red_zone(cache, obj) = SLAB_RED_INACTIVE;
	if (cache_poisons(cache))
		memset(obj, POISON_FREE, cache->object_size);
}

/* First byte of free @obj that is not poison, or -1. */
static long poison_mismatch(const struct kmem_cache *cache, const void *obj)
{
	const u8 *bytes = obj;

	for (unsigned int i = 0; i < cache->object_size; i++)
		if (bytes[i] != POISON_FREE)
			return i;
	return -1;
}

/* Debug: check a free object being handed out, mark it allocated. */
static void debug_alloc(struct kmem_cache *cache, void *obj)
{
	u64 *red = object_red_zone(cache, obj);
	long bad;

	if (!KEEL_SLAB_DEBUG)
		return;
	if (*red != SLAB_RED_INACTIVE)
		pr_err("cache %s: red zone of free object %p is 0x%llx\n",
		       cache->name, obj, (unsigned long long)*red);
	if (cache_poisons(cache)) {
		bad = poison_mismatch(cache, obj);
		if (bad >= 0)
			pr_err("cache %s: object %p written after free: byte "
			       "%ld is 0x%x, not 0x%x\n",
			       cache->name, obj, bad, ((const u8 *)obj)[bad],
			       POISON_FREE);
	}
	*red = SLAB_RED_ACTIVE;
}

/*
 * Debug: check an object being freed, mark it free. True when the free
 * must be refused (double free).
 */
static bool debug_free(struct kmem_cache *cache, void *obj)
{
	u64 *red = object_red_zone(cache, obj);

	if (!KEEL_SLAB_DEBUG)
		return false;
	if (*red == SLAB_RED_INACTIVE) {
		pr_err("cache %s: double free of object %p\n", cache->name,
		       obj);
		return true;
	}
	if (*red != SLAB_RED_ACTIVE)
		pr_err("cache %s: red zone of object %p overwritten (0x%llx): "
		       "write past its %u bytes\n",
		       cache->name, obj, (unsigned long long)*red,
		       cache->object_size);
	*red = SLAB_RED_INACTIVE;
	if (cache_poisons(cache))
		memset(obj, POISON_FREE, cache->object_size);
	return false;
}

/* Make a slab for @cache, its objects all free, on no list. */
static struct slab *new_slab(struct kmem_cache *cache, gfp_t gfp)
{
	gfp_t page_gfp = cache_page_gfp(cache) | (gfp & __GFP_NOWARN);
	struct page *page = alloc_pages(page_gfp, cache->order);
	unsigned long bytes = PAGE_SIZE << cache->order;
	struct slab *slab;
	char *base;
	void *next = NULL;

	if (!page)
		return NULL;
	base = page_address(page);
	if (cache->off_slab) {
		slab = kmalloc(sizeof(*slab),
			       GFP_KERNEL | (gfp & __GFP_NOWARN));
		if (!slab) {
			__free_pages(page, cache->order);
			return NULL;
		}
	} else {
		slab = (struct slab *)(base + bytes - SLAB_HEADER_SPACE);
	}
	slab->cache = cache;
	slab->s_mem = base;
	slab->inuse = 0;
	for (unsigned int i = cache->objects; i-- > 0;) {
		void *obj = base + (size_t)i * cache->size;

		if (cache->ctor)
			cache->ctor(obj);
		debug_init_object(cache, obj);
		*object_link(cache, obj) = next;
		next = obj;
	}
	slab->freelist = next;
	for (unsigned long i = 0; i < (1UL << cache->order); i++)
		__page_set_slab(&page[i], slab);
	cache->nr_slabs++;
	return slab;
}

/* Give an empty slab, already off its list, back to the page allocator. */
static void discard_slab(struct kmem_cache *cache, struct slab *slab)
{
	struct page *page = virt_to_page(slab->s_mem);
	unsigned int order = cache->order;

	__page_set(page, PAGE_TYPE_ALLOC, order);
	for (unsigned long i = 1; i < (1UL << order); i++)
		__page_set(&page[i], PAGE_TYPE_TAIL, 0);
	if (cache->off_slab)
		kfree(slab);
	__free_pages(page, order);
	cache->nr_slabs--;
}

void kmem_cache_init(void)
{
	char name[KMEM_CACHE_NAME_LEN];

	INIT_LIST_HEAD(&slab_caches);
	for (int type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (int i = 0; i < NR_KMALLOC_SIZES; i++) {
			struct kmem_cache *cache = &kmalloc_caches[type][i];
			unsigned int size = kmalloc_sizes[i];
			/* Power-of-two classes are naturally aligned. */
			unsigned int align =
				(size & (size - 1))
					? 0
					: min(size, (unsigned int)PAGE_SIZE);

			ksnprintf(name, sizeof(name), "%s%u",
				  kmalloc_prefixes[type], size);
			memset(cache, 0, sizeof(*cache));
			cache_setup(cache, name, size, align,
				    kmalloc_flags[type], NULL);
			cache->is_kmalloc = true;
		}
	}
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cache;
	unsigned long lock_flags;
	int err;

	if (!name || !size || size > KMEM_CACHE_MAX_SIZE ||
	    (align & (align - 1)) || align > PAGE_SIZE ||
	    (flags & ~SLAB_VALID_FLAGS) ||
	    (flags & SLAB_CACHE_DMA && flags & SLAB_CACHE_DMA32)) {
		pr_err("kmem_cache_create(%s): bad size %u, align %u or flags "
		       "0x%x\n",
		       name ? name : "(null)", size, align, flags);
		return NULL;
	}
	cache = kzalloc(sizeof(*cache), GFP_KERNEL);
	if (!cache)
		return NULL;
	lock_flags = mm_lock(MM_LOCK_SLAB);
	err = cache_setup(cache, name, size, align, flags, ctor);
	mm_unlock(MM_LOCK_SLAB, lock_flags);
	if (err) {
		kfree(cache);
		return NULL;
	}
	return cache;
}

static void *kmem_cache_alloc_locked(struct kmem_cache *cache, gfp_t gfp);

void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	unsigned long flags = mm_lock(MM_LOCK_SLAB);
	void *obj = kmem_cache_alloc_locked(cache, gfp);

	mm_unlock(MM_LOCK_SLAB, flags);
	if (obj && (gfp & __GFP_ZERO))
		memset(obj, 0, cache->object_size);
	return obj;
}

static void *kmem_cache_alloc_locked(struct kmem_cache *cache, gfp_t gfp)
{
	struct slab *slab;
	void *obj;

	if (!list_empty(&cache->partial)) {
		slab = node_slab(cache->partial.next);
	} else if (!list_empty(&cache->empty)) {
		slab = node_slab(cache->empty.next);
		list_move(&slab->node, &cache->partial);
		cache->nr_empty--;
	} else {
		slab = new_slab(cache, gfp);
		if (!slab)
			return NULL;
		list_add(&slab->node, &cache->partial);
	}
	obj = slab->freelist;
	slab->freelist = *object_link(cache, obj);
	if (++slab->inuse == cache->objects)
		list_move(&slab->node, &cache->full);
	cache->active_objects++;
	debug_alloc(cache, obj);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return kmem_cache_alloc(cache, gfp | __GFP_ZERO);
}

/* The slab holding @obj, or NULL when its page is not a slab page. */
static struct slab *object_slab(const void *obj)
{
	unsigned long pfn = PHYS_PFN(virt_to_phys(obj));

	if (pfn_page_type(pfn) != PAGE_TYPE_SLAB)
		return NULL;
	return __page_slab(pfn_to_page(pfn));
}

/* True when @obj is the start of an object slot of @slab. */
static bool slab_owns(const struct kmem_cache *cache, const struct slab *slab,
		      const void *obj)
{
	uintptr_t offset = (uintptr_t)obj - (uintptr_t)slab->s_mem;
	u64 index;

	if (offset >= (uintptr_t)cache->objects * cache->size)
		return false;
	index = ((u64)offset * cache->reciprocal) >> SLAB_RECIPROCAL_SHIFT;
	return index * cache->size == offset;
}

/* An empty slab joins the empty list; one too many goes back. */
static void slab_now_empty(struct kmem_cache *cache, struct slab *slab)
{
	list_move(&slab->node, &cache->empty);
	if (++cache->nr_empty <= SLAB_EMPTY_KEEP)
		return;
	slab = node_slab(cache->empty.prev);
	list_del_init(&slab->node);
	cache->nr_empty--;
	discard_slab(cache, slab);
}

/* Free @obj, which lies in @slab of @cache. */
static void slab_free(struct kmem_cache *cache, struct slab *slab, void *obj)
{
	if (!slab_owns(cache, slab, obj)) {
		pr_err("cache %s: free of %p, which is not the start of an "
		       "object\n",
		       cache->name, obj);
		return;
	}
	if (debug_free(cache, obj))
		return;
	if (obj == slab->freelist) {
		pr_err("cache %s: double free of object %p\n", cache->name,
		       obj);
		return;
	}
	*object_link(cache, obj) = slab->freelist;
	slab->freelist = obj;
	if (slab->inuse-- == cache->objects)
		list_move(&slab->node, &cache->partial);
	cache->active_objects--;
	if (!slab->inuse)
		slab_now_empty(cache, slab);
}

static void kmem_cache_free_locked(struct kmem_cache *cache, void *obj);

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	unsigned long flags;

	if (!obj)
		return;
	flags = mm_lock(MM_LOCK_SLAB);
	kmem_cache_free_locked(cache, obj);
	mm_unlock(MM_LOCK_SLAB, flags);
}

static void kmem_cache_free_locked(struct kmem_cache *cache, void *obj)
{
	struct slab *slab;

	slab = object_slab(obj);
	if (!slab) {
		pr_err("cache %s: free of %p, which is not a slab object\n",
		       cache->name, obj);
		return;
	}
	if (slab->cache != cache) {
		pr_err("cache %s: free of object %p, which belongs to cache "
		       "%s\n",
		       cache->name, obj, slab->cache->name);
		return;
	}
	slab_free(cache, slab, obj);
}

static unsigned long kmem_cache_shrink_locked(struct kmem_cache *cache);

unsigned long kmem_cache_shrink(struct kmem_cache *cache)
{
	unsigned long flags = mm_lock(MM_LOCK_SLAB);
	unsigned long released = kmem_cache_shrink_locked(cache);

	mm_unlock(MM_LOCK_SLAB, flags);
	return released;
}

unsigned long slab_pages(unsigned long *empty)
{
	unsigned long flags = mm_lock(MM_LOCK_SLAB), total = 0, e = 0;
	struct kmem_cache *cache;

	list_for_each_entry (cache, &slab_caches, cache_node) {
		total += cache->nr_slabs << cache->order;
		e += cache->nr_empty << cache->order;
	}
	mm_unlock(MM_LOCK_SLAB, flags);
	*empty = e;
	return total;
}

unsigned long kmem_cache_shrink_all(void)
{
	unsigned long flags = mm_lock(MM_LOCK_SLAB), released = 0, pass;
	struct kmem_cache *cache;

	/* Freeing a large class's slab frees its off-slab descriptor in a
	 * small class: go round until a pass releases nothing. */
	do {
		pass = 0;
		list_for_each_entry (cache, &slab_caches, cache_node)
			pass += kmem_cache_shrink_locked(cache);
		released += pass;
	} while (pass);
	mm_unlock(MM_LOCK_SLAB, flags);
	return released;
}

static unsigned long kmem_cache_shrink_locked(struct kmem_cache *cache)
{
	unsigned long released = 0;

	while (!list_empty(&cache->empty)) {
		struct slab *slab = node_slab(cache->empty.next);

		list_del_init(&slab->node);
		cache->nr_empty--;
		discard_slab(cache, slab);
		released++;
	}
	return released;
}

int kmem_cache_destroy(struct kmem_cache *cache)
{
	unsigned long flags;

	if (!cache)
		return 0;
	flags = mm_lock(MM_LOCK_SLAB);
	if (cache->is_kmalloc) {
		mm_unlock(MM_LOCK_SLAB, flags);
		pr_err("kmem_cache_destroy: %s is a kmalloc cache\n",
		       cache->name);
		return -EPERM;
	}
	if (cache->active_objects) {
		mm_unlock(MM_LOCK_SLAB, flags);
		pr_err("kmem_cache_destroy: cache %s still has %lu objects "
		       "allocated\n",
		       cache->name, cache->active_objects);
		return -EBUSY;
	}
	kmem_cache_shrink_locked(cache);
	list_del_init(&cache->cache_node);
	mm_unlock(MM_LOCK_SLAB, flags);
	kfree(cache);
	return 0;
}

/* Class index of @size (1 .. KMALLOC_MAX_CACHE_SIZE). */
static unsigned int kmalloc_index(size_t size)
{
	unsigned int bits;

	if (size <= 192)
		return kmalloc_small_index[(size - 1) / 8];
	if (size <= 256)
		return 7;
	/* 257..512 -> 8, 513..1024 -> 9, ... 4097..8192 -> 12 */
	bits = (unsigned int)(sizeof(long) * CHAR_BIT) -
	       (unsigned int)__builtin_clzl(size - 1);
	return bits - 1;
}

struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp)
{
	enum kmalloc_cache_type type = KMALLOC_NORMAL;

	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	if (gfp & __GFP_DMA)
		type = KMALLOC_DMA;
	else if (gfp & __GFP_DMA32)
		type = KMALLOC_DMA32;
	return &kmalloc_caches[type][kmalloc_index(size)];
}

/* A large kmalloc: 2^order pages marked PG_kmalloc. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order;
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc of %zu bytes: above the largest %lu\n",
				size, (unsigned long)KMALLOC_MAX_SIZE);
		return NULL;
	}
	order = get_order(size);
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	page->info |= PG_kmalloc;
	return page_address(page);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	return kmem_cache_alloc(kmalloc_slab(size, gfp), gfp);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* The struct page of a large kmalloc block starting at @ptr, or NULL. */
static struct page *kmalloc_large_page(const void *ptr)
{
	unsigned long pfn = PHYS_PFN(virt_to_phys(ptr));
	struct page *page;

	if (pfn_page_type(pfn) != PAGE_TYPE_ALLOC)
		return NULL;
	page = pfn_to_page(pfn);
	if (!(page->info & PG_kmalloc) || page_address(page) != ptr)
		return NULL;
	return page;
}

void kfree(const void *ptr)
{
	unsigned long flags;
	struct slab *slab;
	struct page *page;

	if (ZERO_OR_NULL_PTR(ptr))
		return;
	flags = mm_lock(MM_LOCK_SLAB);
	slab = object_slab(ptr);
	if (slab) {
		slab_free(slab->cache, slab, (void *)(uintptr_t)ptr);
		mm_unlock(MM_LOCK_SLAB, flags);
		return;
	}
	mm_unlock(MM_LOCK_SLAB, flags);
	page = kmalloc_large_page(ptr);
	if (page) {
		page->info &= ~PG_kmalloc;
		__free_pages(page, __page_order(page));
		return;
	}
	pr_err("kfree of %p, which kmalloc did not return\n", ptr);
}

size_t ksize(const void *ptr)
{
	struct slab *slab;
	struct page *page;

	if (ZERO_OR_NULL_PTR(ptr))
		return 0;
	slab = object_slab(ptr);
	if (slab)
		return slab->cache->object_size;
	page = kmalloc_large_page(ptr);
	if (page)
		return PAGE_SIZE << __page_order(page);
	pr_err("ksize of %p, which kmalloc did not return\n", ptr);
	return 0;
}

/* Report a verify failure. */
static int verify_fail(const struct kmem_cache *cache, const struct slab *slab,
		       const char *what)
{
	pr_err("verify: cache %s slab %p: %s\n", cache->name, (void *)slab,
	       what);
	return -EIO;
}

/* Check the free objects of @slab. */
static int verify_freelist(struct kmem_cache *cache, const struct slab *slab)
{
	unsigned int free = 0;

	for (void *obj = slab->freelist; obj; obj = *object_link(cache, obj)) {
		if (!slab_owns(cache, slab, obj))
			return verify_fail(cache, slab,
					   "free list leaves slab");
		if (++free > cache->objects - slab->inuse)
			return verify_fail(cache, slab, "free list too long");
		if (KEEL_SLAB_DEBUG &&
		    *object_red_zone(cache, obj) != SLAB_RED_INACTIVE)
			return verify_fail(cache, slab, "free object red zone");
		if (cache_poisons(cache) && poison_mismatch(cache, obj) >= 0)
			return verify_fail(cache, slab, "free object poison");
	}
	if (free != cache->objects - slab->inuse)
		return verify_fail(cache, slab, "free list too short");
	return 0;
}

/* Check one slab on the list whose use counts lie in [@lo, @hi]. */
static int verify_slab(struct kmem_cache *cache, const struct slab *slab,
		       unsigned int lo, unsigned int hi)
{
	unsigned long pfn = PHYS_PFN(virt_to_phys(slab->s_mem));

	if (slab->cache != cache)
		return verify_fail(cache, slab, "slab of another cache");
	if (slab->inuse < lo || slab->inuse > hi)
		return verify_fail(cache, slab, "use count wrong for list");
	for (unsigned long i = 0; i < (1UL << cache->order); i++)
		if (pfn_page_type(pfn + i) != PAGE_TYPE_SLAB ||
		    __page_slab(pfn_to_page(pfn + i)) != slab)
			return verify_fail(cache, slab, "struct page mismatch");
	return verify_freelist(cache, slab);
}

/* Check every slab on @head; count them and their objects in use. */
static int verify_list(struct kmem_cache *cache, struct list_head *head,
		       unsigned int lo, unsigned int hi, unsigned long *slabs,
		       unsigned long *inuse)
{
	for (struct list_head *node = head->next; node != head;
	     node = node->next) {
		const struct slab *slab = node_slab(node);
		int err = verify_slab(cache, slab, lo, hi);

		if (err)
			return err;
		if (++*slabs > cache->nr_slabs)
			return verify_fail(cache, slab, "more slabs listed");
		*inuse += slab->inuse;
	}
	return 0;
}

int kmem_cache_verify(struct kmem_cache *cache)
{
	unsigned long slabs = 0, inuse = 0, empty;
	unsigned int n = cache->objects;
	int err;

	err = verify_list(cache, &cache->empty, 0, 0, &slabs, &inuse);
	if (err)
		return err;
	empty = slabs;
	err = verify_list(cache, &cache->partial, 1, n - 1, &slabs, &inuse);
	if (!err)
		err = verify_list(cache, &cache->full, n, n, &slabs, &inuse);
	if (err)
		return err;
	if (slabs != cache->nr_slabs || empty != cache->nr_empty ||
	    inuse != cache->active_objects || empty > SLAB_EMPTY_KEEP) {
		pr_err("verify: cache %s: %lu slabs (%lu empty), %lu objects "
		       "in use; counters say %lu (%lu), %lu\n",
		       cache->name, slabs, empty, inuse, cache->nr_slabs,
		       cache->nr_empty, cache->active_objects);
		return -EIO;
	}
	return 0;
}
