// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/slab.c: every kmalloc size class, many objects with
 * patterns, caches with constructors and alignment, destroy with objects
 * still allocated, large kmalloc from the page allocator, bad and double
 * frees, running out of pages, and (when built with KEEL_SLAB_DEBUG=1)
 * poisoning, red zones and double-free detection. meson builds this file
 * twice, once per value of KEEL_SLAB_DEBUG.
 *
 * "Physical memory" is a 32 MiB arena: ZONE_DMA [1 MiB, 16 MiB) and
 * ZONE_DMA32 [16 MiB, 32 MiB), all of it free.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#ifndef KEEL_SLAB_DEBUG
#define KEEL_SLAB_DEBUG 0
#endif

#define ARENA_BYTES (32UL << 20)
#define FIRST_PFN 0x100UL
#define END_PFN (ARENA_BYTES >> PAGE_SHIFT)

static struct page *map;
static unsigned long *state;
static struct test_arena arena;
static unsigned long free_at_start;

static int setup(void **unused)
{
	size_t state_bytes = page_alloc_state_size(END_PFN);

	(void)unused;
	map = malloc(END_PFN * sizeof(*map));
	state = malloc(state_bytes);
	assert_non_null(map);
	assert_non_null(state);
	memset(map, 0xee, END_PFN * sizeof(*map));
	test_arena_init(&arena, 0, ARENA_BYTES);
	assert_int_equal(page_alloc_init(map, END_PFN, state, state_bytes), 0);
	assert_int_equal(page_alloc_add_present(FIRST_PFN, END_PFN), 0);
	for (unsigned long pfn = FIRST_PFN; pfn < END_PFN;) {
		unsigned int order = (unsigned int)__builtin_ctzl(pfn);

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		assert_int_equal(__free_pages_core(pfn, order), 0);
		pfn += 1UL << order;
	}
	free_at_start = nr_free_pages();
	kmem_cache_init();
	log_capture_start();
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	log_capture_stop();
	test_arena_free(&arena);
	free(map);
	free(state);
	return 0;
}

/* A pointer as keel's %p prints it. */
#define KP(p) ((unsigned long)(uintptr_t)(p))
#define KPF "0x%016lx"

static const gfp_t kmalloc_gfps[] = {GFP_KERNEL, GFP_DMA32, GFP_DMA};
static const unsigned int class_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

/* Give every empty slab of every kmalloc cache back; all pages must be
 * free again and every cache consistent. Large classes go first: their
 * off-slab descriptors live in kmalloc-64. */
static void expect_all_pages_back(void)
{
	for (size_t i = ARRAY_SIZE(class_sizes); i-- > 0;)
		for (size_t t = 0; t < ARRAY_SIZE(kmalloc_gfps); t++)
			kmem_cache_shrink(
				kmalloc_slab(class_sizes[i], kmalloc_gfps[t]));
	for (size_t t = 0; t < ARRAY_SIZE(kmalloc_gfps); t++) {
		for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++) {
			struct kmem_cache *cache =
				kmalloc_slab(class_sizes[i], kmalloc_gfps[t]);

			assert_int_equal(kmem_cache_verify(cache), 0);
			assert_int_equal(cache->active_objects, 0);
			assert_int_equal(cache->nr_slabs, 0);
		}
	}
	assert_int_equal(nr_free_pages(), free_at_start);
	assert_int_equal(page_alloc_verify(), 0);
}

static unsigned int expected_class(size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++)
		if (size <= class_sizes[i])
			return class_sizes[i];
	return 0;
}

static void test_every_size_class(void **unused)
{
	(void)unused;
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		unsigned int cls = expected_class(size);
		unsigned char *p = kmalloc(size, GFP_KERNEL);
		char name[32];

		assert_non_null(p);
		if (ksize(p) != cls)
			fail_msg("kmalloc(%zu): ksize %zu, class %u", size,
				 ksize(p), cls);
		snprintf(name, sizeof(name), "kmalloc-%u", cls);
		assert_string_equal(kmalloc_slab(size, GFP_KERNEL)->name, name);
		/* Physical alignment: the host arena is only page-aligned
		 * in virtual memory, the kernel's direct map much more. */
		if ((cls & (cls - 1)) == 0)
			assert_int_equal(virt_to_phys(p) % cls, 0);
		else
			assert_int_equal(virt_to_phys(p) % 8, 0);
		memset(p, 0xa1, cls);
		kfree(p);
	}
	assert_null(kmalloc_slab(0, GFP_KERNEL));
	assert_null(kmalloc_slab(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL));
	assert_string_equal(kmalloc_slab(100, GFP_DMA)->name,
			    "dma-kmalloc-128");
	assert_string_equal(kmalloc_slab(8192, GFP_DMA32)->name,
			    "dma32-kmalloc-8192");
	assert_int_equal(log_capture_count(), 0);
	expect_all_pages_back();
}

/* Layout properties of every kmalloc cache: objects fit, waste small. */
static void test_class_layouts(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++) {
		const struct kmem_cache *c = kmalloc_slab(class_sizes[i], 0);
		unsigned long bytes = PAGE_SIZE << c->order;

		assert_int_equal(c->object_size, class_sizes[i]);
		assert_true(c->size >= c->object_size);
		assert_int_equal(c->size % c->align, 0);
		assert_true(c->objects >= 1);
		assert_true(c->order <= SLAB_MAX_ORDER);
		assert_true((unsigned long)c->objects * c->size <= bytes);
		/* At most 1/8 of each slab goes to waste and header. */
		assert_true((bytes - (unsigned long)c->objects * c->size) * 8 <=
			    bytes);
		assert_int_equal(c->off_slab,
				 c->size >= SLAB_OFF_SLAB_MIN_SIZE);
		assert_true(c->is_kmalloc);
	}
}

static int compare_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next_random(void)
{
	return xorshift64(&rng);
}

/* Allocate @n objects of @size, fill each with its index, check none
 * overlap, free them in random order checking patterns. */
static void many_objects(size_t size, size_t n)
{
	unsigned char **objs = calloc(n, sizeof(*objs));
	uintptr_t *sorted = calloc(n, sizeof(*sorted));
	struct kmem_cache *cache = kmalloc_slab(size, GFP_KERNEL);

	assert_non_null(objs);
	assert_non_null(sorted);
	for (size_t i = 0; i < n; i++) {
		objs[i] = kmalloc(size, GFP_KERNEL);
		assert_non_null(objs[i]);
		memset(objs[i], (int)(i & 0xff), size);
		sorted[i] = (uintptr_t)objs[i];
	}
	assert_int_equal(cache->active_objects, n);
	assert_int_equal(kmem_cache_verify(cache), 0);
	qsort(sorted, n, sizeof(*sorted), compare_ptr);
	for (size_t i = 1; i < n; i++)
		assert_true(sorted[i] - sorted[i - 1] >= size);
	for (size_t i = n; i > 1; i--) {
		size_t j = next_random() % i;
		unsigned char *tmp = objs[j];

		objs[j] = objs[i - 1];
		objs[i - 1] = tmp;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char want = objs[i][0];

		for (size_t b = 0; b < size; b++)
			assert_int_equal(objs[i][b], want);
		kfree(objs[i]);
		if (i % 1000 == 0)
			assert_int_equal(kmem_cache_verify(cache), 0);
	}
	assert_int_equal(cache->active_objects, 0);
	assert_true(cache->nr_slabs <= SLAB_EMPTY_KEEP);
	free(objs);
	free(sorted);
}

static void test_many_objects(void **unused)
{
	(void)unused;
	many_objects(64, 20000);
	many_objects(96, 5000);
	many_objects(3000, 500);
	many_objects(8192, 300);
	assert_int_equal(log_capture_count(), 0);
	expect_all_pages_back();
}

static void test_zeroed_allocations(void **unused)
{
	struct kmem_cache *cache;
	unsigned char *p;

	(void)unused;
	p = kmalloc(200, GFP_KERNEL);
	memset(p, 0x77, 256);
	kfree(p);
	p = kzalloc(200, GFP_KERNEL);
	for (int i = 0; i < 256; i++)
		assert_int_equal(p[i], 0);
	kfree(p);
	cache = kmem_cache_create("zeroed", 40, 0, 0, NULL);
	p = kmem_cache_alloc(cache, GFP_KERNEL);
	memset(p, 0x77, 40);
	kmem_cache_free(cache, p);
	p = kmem_cache_zalloc(cache, GFP_KERNEL);
	for (int i = 0; i < 40; i++)
		assert_int_equal(p[i], 0);
	kmem_cache_free(cache, p);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	p = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++)
		assert_int_equal(p[i], 0);
	kfree(p);
	expect_all_pages_back();
}

struct thing {
	unsigned long magic;
	unsigned long serial;
	char payload[84];
};

#define THING_MAGIC 0x7468696e67UL
static unsigned long ctor_calls;

static void thing_ctor(void *obj)
{
	struct thing *t = obj;

	t->magic = THING_MAGIC;
	t->serial = ++ctor_calls;
}

static void test_cache_with_ctor(void **unused)
{
	struct kmem_cache *cache;
	struct thing *t[300];

	(void)unused;
	ctor_calls = 0;
	cache = kmem_cache_create("thing", sizeof(struct thing), 0, 0,
				  thing_ctor);
	assert_non_null(cache);
	assert_string_equal(cache->name, "thing");
	for (int i = 0; i < 300; i++) {
		t[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		assert_non_null(t[i]);
		assert_int_equal(t[i]->magic, THING_MAGIC);
	}
	/* The constructor ran once per object of every slab made. */
	assert_int_equal(ctor_calls, cache->nr_slabs * cache->objects);
	/* Freed objects keep their constructed state for the next user. */
	for (int i = 0; i < 300; i++)
		kmem_cache_free(cache, t[i]);
	for (int i = 0; i < 10; i++) {
		t[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		assert_int_equal(t[i]->magic, THING_MAGIC);
	}
	assert_int_equal(kmem_cache_verify(cache), 0);
	for (int i = 0; i < 10; i++)
		kmem_cache_free(cache, t[i]);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	expect_all_pages_back();
}

static void test_cache_alignment(void **unused)
{
	static const struct {
		unsigned int size, align;
		slab_flags_t flags;
		unsigned int want;
	} cases[] = {
		{1, 0, 0, 8},
		{24, 0, 0, 8},
		{24, 64, 0, 64},
		{100, 128, 0, 128},
		{40, 0, SLAB_HWCACHE_ALIGN, 64},
		{20, 0, SLAB_HWCACHE_ALIGN, 32},
		{3, 0, SLAB_HWCACHE_ALIGN, 8},
		{5000, 4096, 0, 4096},
	};

	(void)unused;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kmem_cache *cache =
			kmem_cache_create("aligned", cases[i].size,
					  cases[i].align, cases[i].flags, NULL);
		void *objs[20];

		assert_non_null(cache);
		assert_int_equal(cache->align, cases[i].want);
		for (int j = 0; j < 20; j++) {
			objs[j] = kmem_cache_alloc(cache, GFP_KERNEL);
			assert_int_equal((uintptr_t)objs[j] % cases[i].want, 0);
			memset(objs[j], 0x3c, cases[i].size);
		}
		for (int j = 0; j < 20; j++)
			kmem_cache_free(cache, objs[j]);
		assert_int_equal(kmem_cache_verify(cache), 0);
		assert_int_equal(kmem_cache_destroy(cache), 0);
	}
	assert_int_equal(log_capture_count(), 0);
	expect_all_pages_back();
}

static void test_create_rejects_bad_arguments(void **unused)
{
	struct kmem_cache *cache;

	(void)unused;
	assert_null(kmem_cache_create(NULL, 8, 0, 0, NULL));
	assert_true(log_capture_contains("kmem_cache_create((null))"));
	assert_null(kmem_cache_create("zero", 0, 0, 0, NULL));
	assert_true(
		log_capture_contains("kmem_cache_create(zero): bad size 0"));
	assert_null(kmem_cache_create("odd", 8, 3, 0, NULL));
	assert_true(log_capture_contains("align 3"));
	assert_null(kmem_cache_create("huge-align", 8, 8192, 0, NULL));
	assert_null(kmem_cache_create("flags", 8, 0, BIT(20), NULL));
	assert_true(log_capture_contains("flags 0x100000"));
	assert_null(kmem_cache_create("both", 8, 0,
				      SLAB_CACHE_DMA | SLAB_CACHE_DMA32, NULL));
	assert_null(
		kmem_cache_create("big", KMEM_CACHE_MAX_SIZE + 1, 0, 0, NULL));
	/* The largest size fits only without the debug words. */
	cache = kmem_cache_create("largest", KMEM_CACHE_MAX_SIZE, 0, 0, NULL);
	if (KEEL_SLAB_DEBUG) {
		assert_null(cache);
		assert_true(log_capture_contains("do not fit a slab of order"));
	} else {
		void *obj;

		assert_non_null(cache);
		assert_int_equal(cache->order, SLAB_MAX_ORDER);
		obj = kmem_cache_alloc(cache, GFP_KERNEL);
		assert_non_null(obj);
		memset(obj, 1, KMEM_CACHE_MAX_SIZE);
		kmem_cache_free(cache, obj);
		assert_int_equal(kmem_cache_destroy(cache), 0);
	}
	/* Long names are truncated. */
	cache = kmem_cache_create("a-very-long-cache-name-that-goes-on-and-on",
				  16, 0, 0, NULL);
	assert_int_equal(strlen(cache->name), KMEM_CACHE_NAME_LEN - 1);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	expect_all_pages_back();
}

static void test_destroy_with_live_objects(void **unused)
{
	struct kmem_cache *cache = kmem_cache_create("busy", 48, 0, 0, NULL);
	void *a, *b;

	(void)unused;
	a = kmem_cache_alloc(cache, GFP_KERNEL);
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	assert_int_equal(kmem_cache_destroy(cache), -EBUSY);
	assert_true(log_capture_contains("kmem_cache_destroy: cache busy still "
					 "has 2 objects allocated"));
	/* Refused means intact: the cache still works. */
	assert_int_equal(kmem_cache_verify(cache), 0);
	kmem_cache_free(cache, a);
	assert_int_equal(kmem_cache_destroy(cache), -EBUSY);
	kmem_cache_free(cache, b);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	assert_int_equal(kmem_cache_destroy(NULL), 0);
	assert_int_equal(kmem_cache_destroy(kmalloc_slab(64, GFP_KERNEL)),
			 -EPERM);
	assert_true(log_capture_contains("kmalloc-64 is a kmalloc cache"));
	expect_all_pages_back();
}

static void test_multi_page_slabs(void **unused)
{
	struct kmem_cache *cache = kmem_cache_create("multi", 3000, 0, 0, NULL);
	void *objs[64];

	(void)unused;
	assert_true(cache->order >= 1);
	assert_true(cache->off_slab);
	for (int i = 0; i < 64; i++)
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
	/* Objects on tail pages find their slab too. */
	for (int i = 0; i < 64; i++) {
		unsigned long pfn = PHYS_PFN(virt_to_phys(objs[i]));

		assert_int_equal(pfn_page_type(pfn), PAGE_TYPE_SLAB);
		assert_int_equal(ksize(objs[i]), 3000);
	}
	assert_int_equal(kmem_cache_verify(cache), 0);
	for (int i = 0; i < 64; i++)
		kfree(objs[i]);
	assert_int_equal(cache->active_objects, 0);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	assert_int_equal(log_capture_count(), 0);
	expect_all_pages_back();
}

static void test_dma_caches(void **unused)
{
	struct kmem_cache *dma =
		kmem_cache_create("dma-things", 64, 0, SLAB_CACHE_DMA, NULL);
	struct kmem_cache *dma32 = kmem_cache_create("dma32-things", 64, 0,
						     SLAB_CACHE_DMA32, NULL);
	void *a = kmem_cache_alloc(dma, GFP_KERNEL);
	void *b = kmem_cache_alloc(dma32, GFP_KERNEL);
	void *c = kmalloc(64, GFP_DMA);
	void *d = kmalloc(64, GFP_DMA32);
	void *e = kmalloc(64, GFP_KERNEL);
	void *f = kmalloc(20000, GFP_DMA);

	(void)unused;
	assert_int_equal(pfn_zone(PHYS_PFN(virt_to_phys(a))), ZONE_DMA);
	assert_int_equal(pfn_zone(PHYS_PFN(virt_to_phys(b))), ZONE_DMA32);
	assert_int_equal(pfn_zone(PHYS_PFN(virt_to_phys(c))), ZONE_DMA);
	assert_int_equal(pfn_zone(PHYS_PFN(virt_to_phys(d))), ZONE_DMA32);
	/* GFP_KERNEL prefers the highest zone there is (DMA32 here). */
	assert_int_equal(pfn_zone(PHYS_PFN(virt_to_phys(e))), ZONE_DMA32);
	assert_int_equal(pfn_zone(PHYS_PFN(virt_to_phys(f))), ZONE_DMA);
	assert_int_equal(kmalloc_slab(64, GFP_DMA)->active_objects, 1);
	assert_int_equal(kmalloc_slab(64, GFP_DMA32)->active_objects, 1);
	kmem_cache_free(dma, a);
	kmem_cache_free(dma32, b);
	kfree(c);
	kfree(d);
	kfree(e);
	kfree(f);
	assert_int_equal(kmem_cache_destroy(dma), 0);
	assert_int_equal(kmem_cache_destroy(dma32), 0);
	expect_all_pages_back();
}

static void test_large_kmalloc(void **unused)
{
	unsigned long before = nr_free_pages();
	unsigned char *p, *q;
	struct page *page;

	(void)unused;
	p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % PAGE_SIZE, 0);
	assert_int_equal(ksize(p), 4 * PAGE_SIZE);
	assert_int_equal(nr_free_pages(), before - 4);
	memset(p, 0x11, 4 * PAGE_SIZE);
	/* Not the start of the allocation: refused. */
	kfree(p + 8);
	assert_true(log_capture_contains("which kmalloc did not return"));
	assert_int_equal(ksize(p + PAGE_SIZE), 0);
	assert_true(log_capture_contains("ksize of"));
	assert_int_equal(nr_free_pages(), before - 4);
	kfree(p);
	assert_int_equal(nr_free_pages(), before);

	q = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	assert_non_null(q);
	assert_int_equal(ksize(q), KMALLOC_MAX_SIZE);
	kfree(q);
	assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	assert_true(log_capture_contains("above the largest"));
	log_capture_start();
	assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	assert_int_equal(log_capture_count(), 0);

	/* Pages from alloc_pages are not kmalloc's to free. */
	page = alloc_pages(GFP_KERNEL, 1);
	kfree(page_address(page));
	assert_true(log_capture_contains("which kmalloc did not return"));
	assert_int_equal(__free_pages(page, 1), 0);
	assert_int_equal(nr_free_pages(), before);
	expect_all_pages_back();
}

static void test_zero_size_and_null(void **unused)
{
	(void)unused;
	assert_ptr_equal(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	assert_int_equal(ksize(ZERO_SIZE_PTR), 0);
	assert_int_equal(ksize(NULL), 0);
	kmem_cache_free(kmalloc_slab(8, 0), NULL);
	assert_int_equal(log_capture_count(), 0);
	expect_all_pages_back();
}

static void test_bad_frees(void **unused)
{
	struct kmem_cache *other = kmem_cache_create("other", 64, 0, 0, NULL);
	struct kmem_cache *k64 = kmalloc_slab(64, GFP_KERNEL);
	unsigned char *p = kmalloc(64, GFP_KERNEL);
	unsigned char *small = kmalloc(8, GFP_KERNEL);
	unsigned long local;
	char msg[160];

	(void)unused;
	/* Inside an object. */
	kfree(p + 1);
	snprintf(msg, sizeof(msg),
		 "cache kmalloc-64: free of " KPF
		 ", which is not the start of an "
		 "object",
		 KP(p + 1));
	assert_true(log_capture_contains(msg));
	/* The on-slab descriptor at the end of kmalloc-8's page. */
	kfree((void *)(((uintptr_t)small | (PAGE_SIZE - 1)) - 7));
	assert_true(log_capture_contains("which is not the start of an "
					 "object"));
	/* The wrong cache. */
	kmem_cache_free(other, p);
	snprintf(msg, sizeof(msg),
		 "cache other: free of object " KPF ", which belongs to cache "
		 "kmalloc-64",
		 KP(p));
	assert_true(log_capture_contains(msg));
	/* Not slab memory at all: a reserved page, a stack address. */
	kmem_cache_free(k64, phys_to_virt(0x1000));
	assert_true(log_capture_contains("which is not a slab object"));
	kfree(&local);
	assert_true(log_capture_contains("which kmalloc did not return"));
	assert_int_equal(k64->active_objects, 1);
	assert_int_equal(kmem_cache_verify(k64), 0);

	/* Freeing twice in a row is caught in both builds. */
	kfree(p);
	log_capture_start();
	kfree(p);
	snprintf(msg, sizeof(msg),
		 "cache kmalloc-64: double free of object " KPF, KP(p));
	assert_true(log_capture_contains(msg));
	assert_int_equal(k64->active_objects, 0);
	assert_int_equal(kmem_cache_verify(k64), 0);
	kfree(small);
	assert_int_equal(kmem_cache_destroy(other), 0);
	expect_all_pages_back();
}

static void test_out_of_memory(void **unused)
{
	struct page **pages = calloc(END_PFN, sizeof(*pages));
	struct kmem_cache *k64 = kmalloc_slab(64, GFP_KERNEL);
	void **objs = calloc(200, sizeof(*objs));
	unsigned long n = 0, m = 0;
	void *p;

	(void)unused;
	/* Every page taken, then every object of kmalloc-64's slab. */
	objs[m++] = kmalloc(64, GFP_KERNEL);
	while ((pages[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0)))
		n++;
	while ((objs[m] = kmalloc(64, GFP_KERNEL | __GFP_NOWARN)))
		m++;
	assert_int_equal(k64->active_objects, m);
	assert_null(kmalloc(16, GFP_KERNEL | __GFP_NOWARN));
	assert_null(kmalloc(10000, GFP_KERNEL | __GFP_NOWARN));
	assert_int_equal(log_capture_count(), 0);
	assert_null(kmalloc(16, GFP_KERNEL));
	assert_true(log_capture_contains("page allocation failure"));
	/* No memory for the cache itself. */
	assert_null(kmem_cache_create("late", 32, 0, 0, NULL));

	/* One page back: a kmalloc-512 slab gets it, but its off-slab
	 * descriptor needs a kmalloc-64 slab and there is no page for that:
	 * the slab page is given back. */
	assert_int_equal(__free_page(pages[--n]), 0);
	p = kmalloc(512, GFP_KERNEL | __GFP_NOWARN);
	assert_null(p);
	assert_int_equal(nr_free_pages(), 1);
	assert_int_equal(kmalloc_slab(512, 0)->nr_slabs, 0);
	/* With a kmalloc-64 object free, it works. */
	kfree(objs[--m]);
	p = kmalloc(512, GFP_KERNEL);
	assert_non_null(p);
	kfree(p);
	while (m)
		kfree(objs[--m]);
	while (n)
		assert_int_equal(__free_page(pages[--n]), 0);
	free(pages);
	free(objs);
	expect_all_pages_back();
}

static void test_verify_catches_corruption(void **unused)
{
	struct kmem_cache *cache = kmem_cache_create("victim", 32, 0, 0, NULL);
	void *objs[4];
	unsigned int saved_objects = cache->objects;
	struct page *page;
	unsigned long info;
	void **link;
	void *saved;

	(void)unused;
	for (int i = 0; i < 4; i++)
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_free(cache, objs[1]);
	assert_int_equal(kmem_cache_verify(cache), 0);

	cache->active_objects++;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("counters say"));
	cache->active_objects--;

	/* A free object's link pointing outside the slab. */
	link = (void **)((char *)objs[1] + cache->free_offset);
	saved = *link;
	*link = &saved;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("free list leaves slab"));
	/* A free list that loops back on itself. */
	*link = objs[1];
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("free list too long"));
	*link = saved;
	assert_int_equal(kmem_cache_verify(cache), 0);

	/* A free list cut short (objs[1] is not the only free object). */
	assert_non_null(saved);
	*link = NULL;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("free list too short"));
	*link = saved;

	/* A slab the counters do not know about. */
	cache->nr_slabs--;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("more slabs listed"));
	cache->nr_slabs++;

	/* A partial slab whose use count says full. */
	cache->objects = 3;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("use count wrong for list"));
	cache->objects = saved_objects;

	/* A slab page whose struct page no longer points at the slab. */
	page = virt_to_page(objs[0]);
	info = page->info;
	__page_set(page, PAGE_TYPE_ALLOC, 0);
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("struct page mismatch"));
	page->info = info;
	assert_int_equal(kmem_cache_verify(cache), 0);

	for (int i = 0; i < 4; i++)
		if (i != 1)
			kmem_cache_free(cache, objs[i]);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	expect_all_pages_back();
}

#if KEEL_SLAB_DEBUG
static void test_debug_poison_and_red_zone(void **unused)
{
	struct kmem_cache *cache =
		kmem_cache_create("poisoned", 40, 0, 0, NULL);
	unsigned char *obj, *again;
	char msg[160];

	(void)unused;
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	/* A fresh object holds poison. */
	for (int i = 0; i < 40; i++)
		assert_int_equal(obj[i], POISON_FREE);
	memset(obj, 0, 40);
	kmem_cache_free(cache, obj);
	for (int i = 0; i < 40; i++)
		assert_int_equal(obj[i], POISON_FREE);

	/* Written after free: reported on the next allocation. */
	obj[17] = 0x42;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("free object poison"));
	again = kmem_cache_alloc(cache, GFP_KERNEL);
	assert_ptr_equal(again, obj);
	snprintf(msg, sizeof(msg),
		 "cache poisoned: object " KPF
		 " written after free: byte 17 is "
		 "0x42, not 0x6b",
		 KP(obj));
	assert_true(log_capture_contains(msg));

	/* A write past the object's end hits the red zone. */
	log_capture_start();
	again[cache->red_offset] = 0;
	kmem_cache_free(cache, again);
	snprintf(msg, sizeof(msg),
		 "cache poisoned: red zone of object " KPF " overwritten",
		 KP(obj));
	assert_true(log_capture_contains(msg));
	assert_int_equal(kmem_cache_verify(cache), 0);

	/* A free object's red zone damaged while free. */
	log_capture_start();
	obj[cache->red_offset] = 0;
	assert_int_equal(kmem_cache_verify(cache), -EIO);
	assert_true(log_capture_contains("free object red zone"));
	again = kmem_cache_alloc(cache, GFP_KERNEL);
	snprintf(msg, sizeof(msg),
		 "cache poisoned: red zone of free object " KPF, KP(obj));
	assert_true(log_capture_contains(msg));
	kmem_cache_free(cache, again);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	expect_all_pages_back();
}

static void test_debug_double_free_not_at_head(void **unused)
{
	unsigned char *a = kmalloc(100, GFP_KERNEL);
	unsigned char *b = kmalloc(100, GFP_KERNEL);
	struct kmem_cache *cache = kmalloc_slab(100, GFP_KERNEL);
	char msg[160];

	(void)unused;
	kfree(a);
	kfree(b);
	/* a is no longer the free-list head; the red zone still knows. */
	kfree(a);
	snprintf(msg, sizeof(msg),
		 "cache kmalloc-128: double free of object " KPF, KP(a));
	assert_true(log_capture_contains(msg));
	assert_int_equal(cache->active_objects, 0);
	assert_int_equal(kmem_cache_verify(cache), 0);
	expect_all_pages_back();
}

static void test_debug_ctor_objects_not_poisoned(void **unused)
{
	struct kmem_cache *cache;
	struct thing *t;

	(void)unused;
	cache = kmem_cache_create("thing", sizeof(struct thing), 0, 0,
				  thing_ctor);
	t = kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_free(cache, t);
	t = kmem_cache_alloc(cache, GFP_KERNEL);
	assert_int_equal(t->magic, THING_MAGIC);
	kmem_cache_free(cache, t);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(kmem_cache_destroy(cache), 0);
	expect_all_pages_back();
}
#endif

/* kmem_cache_shrink_all: every empty slab of every cache goes back. */
static void test_shrink_all(void **unused)
{
	struct kmem_cache *c = kmem_cache_create("shrink", 200, 0, 0, NULL);
	void *objs[64], *big[16];

	(void)unused;
	assert_non_null(c);
	for (size_t i = 0; i < ARRAY_SIZE(objs); i++)
		assert_non_null(objs[i] = kmem_cache_alloc(c, GFP_KERNEL));
	for (size_t i = 0; i < ARRAY_SIZE(big); i++)
		assert_non_null(big[i] = kmalloc(4096, GFP_KERNEL));
	for (size_t i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(c, objs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(big); i++)
		kfree(big[i]);
	/* Some empty slabs are kept; shrinking all releases them. */
	assert_true(kmem_cache_shrink_all() > 0);
	assert_int_equal(c->nr_slabs, 0);
	assert_int_equal(kmalloc_slab(4096, GFP_KERNEL)->nr_slabs, 0);
	assert_int_equal(kmem_cache_shrink_all(), 0);
	kmem_cache_destroy(c);
	expect_all_pages_back();
}

#define SLAB_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SLAB_TEST(test_every_size_class),
		SLAB_TEST(test_class_layouts),
		SLAB_TEST(test_many_objects),
		SLAB_TEST(test_zeroed_allocations),
		SLAB_TEST(test_cache_with_ctor),
		SLAB_TEST(test_cache_alignment),
		SLAB_TEST(test_create_rejects_bad_arguments),
		SLAB_TEST(test_destroy_with_live_objects),
		SLAB_TEST(test_multi_page_slabs),
		SLAB_TEST(test_dma_caches),
		SLAB_TEST(test_large_kmalloc),
		SLAB_TEST(test_zero_size_and_null),
		SLAB_TEST(test_bad_frees),
		SLAB_TEST(test_out_of_memory),
		SLAB_TEST(test_verify_catches_corruption),
		SLAB_TEST(test_shrink_all),
#if KEEL_SLAB_DEBUG
		SLAB_TEST(test_debug_poison_and_red_zone),
		SLAB_TEST(test_debug_double_free_not_at_head),
		SLAB_TEST(test_debug_ctor_objects_not_poisoned),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
