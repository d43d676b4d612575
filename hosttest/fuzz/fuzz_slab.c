// SPDX-License-Identifier: MIT
/*
 * Fuzz target for mm/slab.c: kmalloc/kfree and kmem_cache create, alloc,
 * free, shrink and destroy, checked against a model.
 *
 * "Physical memory" is [1 MiB, 32 MiB) of a private mapping: ZONE_DMA and
 * ZONE_DMA32. Live objects are capped (MAX_LIVE, large kmallocs at 16
 * KiB) so that memory never runs out: every allocation must succeed.
 *
 * Every object is filled with a pattern derived from a per-object seed
 * and checked when it is freed, so overlapping objects or an allocator
 * writing into live objects show up. Constructed caches keep their
 * constructor's mark intact across free and alloc. A destroy with live
 * objects must be refused, one without must succeed. Caches and the page
 * allocator are verified every few steps; at the end everything is freed
 * and every page must be back.
 *
 * Input: a stream of operations of 1..4 bytes (see run_op).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_arena.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "mm/page_alloc.h"
#include "mm/physmap.h"
#include "mm/slab.h"

#define ARENA_BYTES (32UL << 20)
#define FIRST_PFN 0x100UL
#define END_PFN (ARENA_BYTES >> PAGE_SHIFT)
#define MAX_LIVE 128
#define MAX_CACHES 4
#define MAX_LARGE (16UL << 10)
#define MAX_OPS 3000
#define CTOR_MAGIC 0x63746f72636f6e73UL

struct object {
	unsigned char *ptr;
	size_t size; /* bytes the pattern covers, from offset start */
	size_t start; /* 8 for objects whose first word is the ctor mark */
	unsigned int seed;
	int cache; /* index into caches, or -1 for kmalloc */
};

struct user_cache {
	struct kmem_cache *cache;
	unsigned int size;
	bool ctor;
	unsigned int live;
};

static const unsigned int class_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
static const gfp_t zone_gfps[] = {GFP_KERNEL, GFP_DMA32, GFP_DMA};
static const unsigned int aligns[] = {0, 8, 16, 64, 256};

static struct page *map;
static unsigned long *state;
static size_t state_bytes;
static struct object objs[MAX_LIVE];
static size_t nobjs;
static struct user_cache caches[MAX_CACHES];
static size_t ncaches;
static unsigned int seed_counter;

static void ctor_mark(void *obj)
{
	*(unsigned long *)obj = CTOR_MAGIC;
}

static void fill(struct object *o)
{
	for (size_t i = 0; i < o->size; i++)
		o->ptr[o->start + i] = (unsigned char)(o->seed + i * 7);
}

static void check_pattern(const struct object *o)
{
	for (size_t i = 0; i < o->size; i++)
		check(o->ptr[o->start + i] == (unsigned char)(o->seed + i * 7));
	if (o->start)
		check(*(unsigned long *)o->ptr == CTOR_MAGIC);
}

static void add_object(unsigned char *ptr, size_t size, size_t start, int cache)
{
	struct object *o = &objs[nobjs++];

	o->ptr = ptr;
	o->size = size - start;
	o->start = start;
	o->seed = seed_counter++ * 131 + 17;
	o->cache = cache;
	fill(o);
}

static void check_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check(p[i] == 0);
}

static void do_kmalloc(struct input *in)
{
	unsigned int kind = next_byte(in) % 4;
	unsigned int b = next_byte(in);
	gfp_t gfp = zone_gfps[b % 3] | (b & 4 ? __GFP_ZERO : 0);
	size_t size;
	unsigned char *p;

	switch (kind) {
	case 0:
		size = 1 + next_byte(in);
		break;
	case 1:
		size = 1 + next_u16(in) % KMALLOC_MAX_CACHE_SIZE;
		break;
	case 2:
		size = KMALLOC_MAX_CACHE_SIZE + 1 +
		       next_u16(in) % (MAX_LARGE - KMALLOC_MAX_CACHE_SIZE);
		break;
	default:
		check(kmalloc(0, gfp) == ZERO_SIZE_PTR);
		return;
	}
	if (nobjs == MAX_LIVE)
		return;
	p = kmalloc(size, gfp);
	check(p != NULL);
	check(ksize(p) >= size);
	if (gfp & __GFP_DMA)
		check(pfn_zone(PHYS_PFN(virt_to_phys(p))) == ZONE_DMA);
	if (gfp & __GFP_ZERO)
		check_zero(p, size);
	add_object(p, size, 0, -1);
}

static void free_object(size_t i, bool via_kfree)
{
	struct object *o = &objs[i];

	check_pattern(o);
	if (o->cache < 0 || via_kfree)
		kfree(o->ptr);
	else
		kmem_cache_free(caches[o->cache].cache, o->ptr);
	if (o->cache >= 0)
		caches[o->cache].live--;
	objs[i] = objs[--nobjs];
}

static void do_cache_create(struct input *in)
{
	unsigned int a = next_u16(in), b = next_byte(in);
	struct user_cache *uc;
	slab_flags_t flags = 0;
	bool ctor = b & 8;
	unsigned int size = 1 + a % 4096;

	if (ncaches == MAX_CACHES)
		return;
	if (ctor && size < sizeof(unsigned long))
		size = sizeof(unsigned long);
	if (b & 16)
		flags |= SLAB_HWCACHE_ALIGN;
	if (b & 32)
		flags |= SLAB_CACHE_DMA;
	else if (b & 64)
		flags |= SLAB_CACHE_DMA32;
	uc = &caches[ncaches];
	uc->cache = kmem_cache_create("fuzz", size, aligns[b % 5], flags,
				      ctor ? ctor_mark : NULL);
	check(uc->cache != NULL);
	check(uc->cache->object_size == size);
	uc->size = size;
	uc->ctor = ctor;
	uc->live = 0;
	ncaches++;
}

static void do_cache_alloc(struct input *in)
{
	unsigned int a = next_byte(in);
	struct user_cache *uc;
	unsigned char *p;
	unsigned int align;

	if (!ncaches || nobjs == MAX_LIVE)
		return;
	uc = &caches[a % ncaches];
	p = kmem_cache_alloc(uc->cache,
			     (a & 0x80) && !uc->ctor ? __GFP_ZERO : GFP_KERNEL);
	check(p != NULL);
	align = uc->cache->align;
	check(virt_to_phys(p) % align == 0);
	if (uc->cache->flags & SLAB_CACHE_DMA)
		check(pfn_zone(PHYS_PFN(virt_to_phys(p))) == ZONE_DMA);
	if ((a & 0x80) && !uc->ctor)
		check_zero(p, uc->size);
	if (uc->ctor)
		check(*(unsigned long *)p == CTOR_MAGIC);
	uc->live++;
	add_object(p, uc->size, uc->ctor ? sizeof(unsigned long) : 0,
		   (int)(uc - caches));
}

/* Destroy must be refused exactly while objects are live. */
static void do_cache_destroy(struct input *in)
{
	size_t i;

	if (!ncaches)
		return;
	i = next_byte(in) % ncaches;
	if (caches[i].live) {
		check(kmem_cache_destroy(caches[i].cache) == -EBUSY);
		return;
	}
	check(kmem_cache_destroy(caches[i].cache) == 0);
	caches[i] = caches[--ncaches];
	for (size_t j = 0; j < nobjs; j++)
		if (objs[j].cache == (int)ncaches)
			objs[j].cache = (int)i;
}

static void verify_all(void)
{
	for (size_t t = 0; t < ARRAY_SIZE(zone_gfps); t++)
		for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++)
			check(kmem_cache_verify(kmalloc_slab(
				      class_sizes[i], zone_gfps[t])) == 0);
	for (size_t i = 0; i < ncaches; i++) {
		check(kmem_cache_verify(caches[i].cache) == 0);
		check(caches[i].cache->active_objects == caches[i].live);
	}
	check(page_alloc_verify() == 0);
}

static void do_misc(struct input *in)
{
	unsigned int a = next_byte(in);

	switch (a % 3) {
	case 0:
		kmem_cache_shrink(kmalloc_slab(
			class_sizes[(a / 3) % ARRAY_SIZE(class_sizes)],
			zone_gfps[a % ARRAY_SIZE(zone_gfps)]));
		break;
	case 1:
		if (ncaches)
			kmem_cache_shrink(caches[(a / 3) % ncaches].cache);
		break;
	default:
		if (nobjs) {
			const struct object *o = &objs[(a / 3) % nobjs];

			check(ksize(o->ptr) >= o->size + o->start);
		}
		break;
	}
}

/* One operation: [op] then its arguments. */
static void run_op(struct input *in)
{
	unsigned int op = next_byte(in) % 10;

	switch (op) {
	case 0:
	case 1:
	case 2:
		do_kmalloc(in);
		break;
	case 3:
	case 4:
		if (nobjs) {
			unsigned int a = next_u16(in);

			free_object(a % nobjs, a & 0x8000);
		}
		break;
	case 5:
		do_cache_create(in);
		break;
	case 6:
	case 7:
		do_cache_alloc(in);
		break;
	case 8:
		do_cache_destroy(in);
		break;
	default:
		do_misc(in);
		break;
	}
}

static void feed_all(void)
{
	for (unsigned long pfn = FIRST_PFN; pfn < END_PFN;) {
		unsigned int order = (unsigned int)__builtin_ctzl(pfn);

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		check(__free_pages_core(pfn, order) == 0);
		pfn += 1UL << order;
	}
}

static void global_init(void)
{
	fuzz_arena_init(END_PFN, &map, &state, &state_bytes);
	memset(map, 0xee, END_PFN * sizeof(*map));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool initialised;
	struct input in = {data, size, 0};
	unsigned long free_at_start;

	if (!initialised) {
		global_init();
		initialised = true;
	}
	nobjs = 0;
	ncaches = 0;
	check(page_alloc_init(map, END_PFN, state, state_bytes) == 0);
	check(page_alloc_add_present(FIRST_PFN, END_PFN) == 0);
	feed_all();
	free_at_start = nr_free_pages();
	kmem_cache_init();

	for (unsigned int i = 0; i < MAX_OPS && in.pos < in.size; i++) {
		run_op(&in);
		if (i % 16 == 0)
			verify_all();
	}
	verify_all();
	while (nobjs)
		free_object(nobjs - 1, false);
	while (ncaches)
		check(kmem_cache_destroy(caches[--ncaches].cache) == 0);
	/* Large classes first: their off-slab descriptors are kmalloc-64's. */
	for (size_t i = ARRAY_SIZE(class_sizes); i-- > 0;)
		for (size_t t = 0; t < ARRAY_SIZE(zone_gfps); t++)
			kmem_cache_shrink(
				kmalloc_slab(class_sizes[i], zone_gfps[t]));
	verify_all();
	check(nr_free_pages() == free_at_start);
	return 0;
}
