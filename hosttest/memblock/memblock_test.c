// SPDX-License-Identifier: MIT
/* Shared pieces of the memblock host tests (see memblock_test.h). */
#include "hosttest/memblock/memblock_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct test_arena arena;

void memblock_test_fresh_state(void)
{
	memblock_reset();
	memset(arena.mem, ARENA_PATTERN, arena.size);
}

int memblock_test_setup(void **state)
{
	(void)state;
	test_arena_init(&arena, 0, ARENA_SIZE);
	memblock_test_fresh_state();
	log_capture_start();
	return 0;
}

int memblock_test_teardown(void **state)
{
	(void)state;
	log_capture_stop();
	memblock_reset();
	test_arena_free(&arena);
	return 0;
}

void run_top_down_and_bottom_up(void (*check)(const void *arg), const void *arg)
{
	for (int bottom_up = 0; bottom_up <= 1; bottom_up++) {
		memblock_test_fresh_state();
		memblock_set_bottom_up(bottom_up);
		check(arg);
		assert_memblock_consistent();
	}
}

void add_usual_memory(void)
{
	assert_int_equal(memblock_add(MEM_START, MEM_SIZE), 0);
}

void assert_type_consistent(const struct memblock_type *type)
{
	phys_addr_t total = 0;

	assert_true(type->cnt <= type->max);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		assert_true(r->size > 0);
		assert_true(r->base + r->size >= r->base); /* no wrap */
		total += r->size;
		if (i == 0)
			continue;
		const struct memblock_region *p = &type->regions[i - 1];

		assert_true(p->base + p->size <= r->base);
		if (p->base + p->size == r->base)
			assert_true(p->nid != r->nid || p->flags != r->flags);
	}
	assert_int_equal(total, type->total_size);
}

void assert_memblock_consistent(void)
{
	assert_type_consistent(&memblock.memory);
	assert_type_consistent(&memblock.reserved);
}

void assert_region(const struct memblock_type *type, unsigned long idx,
		   phys_addr_t base, phys_addr_t size)
{
	assert_true(idx < type->cnt);
	assert_int_equal(type->regions[idx].base, base);
	assert_int_equal(type->regions[idx].size, size);
}

bool reserved_covers(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *rsv = &memblock.reserved;

	for (unsigned long i = 0; i < rsv->cnt; i++) {
		const struct memblock_region *r = &rsv->regions[i];

		if (r->base <= base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

bool phys_bytes_are(phys_addr_t base, phys_addr_t size, unsigned char byte)
{
	const unsigned char *p = phys_to_virt(base);

	for (phys_addr_t i = 0; i < size; i++)
		if (p[i] != byte)
			return false;
	return true;
}

void snapshot_type(const struct memblock_type *type, struct type_snapshot *s)
{
	assert_true(type->cnt <= ARRAY_SIZE(s->regions));
	s->cnt = type->cnt;
	s->max = type->max;
	s->total_size = type->total_size;
	memcpy(s->regions, type->regions, type->cnt * sizeof(s->regions[0]));
}

void assert_type_unchanged(const struct memblock_type *type,
			   const struct type_snapshot *s)
{
	assert_int_equal(type->cnt, s->cnt);
	assert_int_equal(type->max, s->max);
	assert_int_equal(type->total_size, s->total_size);
	assert_memory_equal(type->regions, s->regions,
			    s->cnt * sizeof(s->regions[0]));
}

void reserve_every_other_page(phys_addr_t base, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i += 2)
		assert_int_equal(
			memblock_reserve(base + i * PAGE_SIZE, PAGE_SIZE), 0);
}

static phys_addr_t pa_of(void *ptr)
{
	return ptr ? virt_to_phys(ptr) : 0;
}

static phys_addr_t api_alloc(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid)
{
	(void)min_addr, (void)max_addr, (void)nid;
	return pa_of(memblock_alloc(size, align));
}

static phys_addr_t api_alloc_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	(void)min_addr, (void)max_addr, (void)nid;
	return pa_of(memblock_alloc_raw(size, align));
}

static phys_addr_t api_alloc_from(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr,
				  int nid)
{
	(void)min_addr, (void)max_addr, (void)nid;
	return pa_of(memblock_alloc_from(size, align, 0));
}

static phys_addr_t api_alloc_low(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	(void)min_addr, (void)max_addr, (void)nid;
	return pa_of(memblock_alloc_low(size, align));
}

static phys_addr_t api_phys_alloc(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr,
				  int nid)
{
	(void)min_addr, (void)max_addr, (void)nid;
	return memblock_phys_alloc(size, align);
}

static phys_addr_t api_phys_alloc_range(phys_addr_t size, phys_addr_t align,
					phys_addr_t min_addr,
					phys_addr_t max_addr, int nid)
{
	(void)nid;
	return memblock_phys_alloc_range(size, align, min_addr, max_addr);
}

static phys_addr_t api_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					  phys_addr_t min_addr,
					  phys_addr_t max_addr, int nid)
{
	(void)min_addr, (void)max_addr;
	return memblock_phys_alloc_try_nid(size, align, nid);
}

static phys_addr_t api_alloc_node(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr,
				  int nid)
{
	(void)min_addr, (void)max_addr;
	return pa_of(memblock_alloc_node(size, align, nid));
}

static phys_addr_t api_alloc_try_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t min_addr, phys_addr_t max_addr,
				     int nid)
{
	return pa_of(
		memblock_alloc_try_nid(size, align, min_addr, max_addr, nid));
}

static phys_addr_t api_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
					 phys_addr_t min_addr,
					 phys_addr_t max_addr, int nid)
{
	return pa_of(memblock_alloc_try_nid_raw(size, align, min_addr, max_addr,
						nid));
}

static phys_addr_t api_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
					   phys_addr_t min_addr,
					   phys_addr_t max_addr, int nid)
{
	return pa_of(memblock_alloc_exact_nid_raw(size, align, min_addr,
						  max_addr, nid));
}

const struct alloc_api alloc_apis[] = {
	{.name = "memblock_alloc", .alloc = api_alloc, .zeroes = true},
	{.name = "memblock_alloc_raw", .alloc = api_alloc_raw},
	{.name = "memblock_alloc_from",
	 .alloc = api_alloc_from,
	 .zeroes = true},
	{.name = "memblock_alloc_low", .alloc = api_alloc_low, .zeroes = true},
	{.name = "memblock_phys_alloc", .alloc = api_phys_alloc},
	{.name = "memblock_phys_alloc_range",
	 .alloc = api_phys_alloc_range,
	 .ranged = true},
	{.name = "memblock_phys_alloc_try_nid",
	 .alloc = api_phys_alloc_try_nid,
	 .numa = true},
	{.name = "memblock_alloc_node",
	 .alloc = api_alloc_node,
	 .zeroes = true,
	 .numa = true},
	{.name = "memblock_alloc_try_nid",
	 .alloc = api_alloc_try_nid,
	 .zeroes = true,
	 .ranged = true,
	 .drops_min = true,
	 .caps_to_limit = true,
	 .numa = true},
	{.name = "memblock_alloc_try_nid_raw",
	 .alloc = api_alloc_try_nid_raw,
	 .ranged = true,
	 .drops_min = true,
	 .caps_to_limit = true,
	 .numa = true},
	{.name = "memblock_alloc_exact_nid_raw",
	 .alloc = api_alloc_exact_nid_raw,
	 .ranged = true,
	 .drops_min = true,
	 .caps_to_limit = true,
	 .numa = true,
	 .exact_nid = true},
};

const size_t nr_alloc_apis = ARRAY_SIZE(alloc_apis);

struct alloc_pair {
	const struct alloc_case *c;
	const struct alloc_api *api;
};

static void run_alloc_pair(void **state)
{
	const struct alloc_pair *pair = *state;

	run_top_down_and_bottom_up(pair->c->check, pair->api);
}

static bool api_has(const struct alloc_api *api, unsigned int needs)
{
	if ((needs & NEEDS_RANGE) && !api->ranged)
		return false;
	if ((needs & NEEDS_NUMA) && !api->numa)
		return false;
	return true;
}

int run_alloc_cases(const char *group, const struct alloc_case *cases,
		    size_t nr_cases, const struct CMUnitTest *extra,
		    size_t nr_extra)
{
	size_t max = nr_cases * nr_alloc_apis + nr_extra, n = 0;
	struct CMUnitTest *tests = calloc(max, sizeof(*tests));
	struct alloc_pair *pairs = calloc(max, sizeof(*pairs));
	int ret;

	if (!tests || !pairs)
		abort();
	for (size_t c = 0; c < nr_cases; c++) {
		for (size_t a = 0; a < nr_alloc_apis; a++) {
			size_t len;
			char *name;

			if (!api_has(&alloc_apis[a], cases[c].needs))
				continue;
			len = strlen(cases[c].name) +
			      strlen(alloc_apis[a].name) + 2;
			name = malloc(len);
			if (!name)
				abort();
			snprintf(name, len, "%s/%s", cases[c].name,
				 alloc_apis[a].name);
			pairs[n].c = &cases[c];
			pairs[n].api = &alloc_apis[a];
			tests[n].name = name;
			tests[n].test_func = run_alloc_pair;
			tests[n].setup_func = memblock_test_setup;
			tests[n].teardown_func = memblock_test_teardown;
			tests[n].initial_state = &pairs[n];
			n++;
		}
	}
	for (size_t i = 0; i < nr_extra; i++)
		tests[n + i] = extra[i];
	ret = _cmocka_run_group_tests(group, tests, n + nr_extra, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free((char *)tests[i].name);
	free(tests);
	free(pairs);
	return ret;
}

void check_alloc(const struct alloc_api *api, phys_addr_t pa, phys_addr_t want,
		 phys_addr_t size)
{
	assert_int_equal(pa, want);
	assert_true(reserved_covers(pa, size));
	assert_true(phys_bytes_are(pa, size, api->zeroes ? 0 : ARENA_PATTERN));
}
