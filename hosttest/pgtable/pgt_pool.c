// SPDX-License-Identifier: MIT
#include "hosttest/pgtable/pgt_pool.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/lib/errno.h"

/* Junk written into every page handed out: the builder must clear it. */
#define POOL_JUNK 0xa5

void pool_init(struct pgt_pool *pool, size_t npages)
{
	memset(pool, 0, sizeof(*pool));
	test_arena_init(&pool->arena, POOL_PHYS_BASE, npages * PAGE_SIZE);
	pool->npages = npages;
	pool->in_use = calloc(npages, 1);
	pool->free_stack = calloc(npages, sizeof(size_t));
	if (!pool->in_use || !pool->free_stack)
		abort();
	/* hand out low addresses first: the stack is popped from the top */
	for (size_t i = 0; i < npages; i++)
		pool->free_stack[i] = npages - 1 - i;
	pool->nfree = npages;
	pool->budget = SIZE_MAX;
}

void pool_fini(struct pgt_pool *pool)
{
	free(pool->in_use);
	free(pool->free_stack);
	test_arena_free(&pool->arena);
}

int pool_alloc(void *arg, phys_addr_t *pa)
{
	struct pgt_pool *pool = arg;
	size_t i;

	if (!pool->nfree || !pool->budget)
		return -ENOMEM;
	if (pool->budget != SIZE_MAX)
		pool->budget--;
	i = pool->free_stack[--pool->nfree];
	pool->in_use[i] = 1;
	pool->outstanding++;
	memset((char *)pool->arena.mem + i * PAGE_SIZE, POOL_JUNK, PAGE_SIZE);
	*pa = pool->arena.phys_base + i * PAGE_SIZE;
	return 0;
}

void pool_free(void *arg, phys_addr_t pa)
{
	struct pgt_pool *pool = arg;
	size_t i = (pa - pool->arena.phys_base) / PAGE_SIZE;

	if (pa < pool->arena.phys_base || i >= pool->npages || pa % PAGE_SIZE ||
	    !pool->in_use[i]) {
		pool->bad_frees++;
		return;
	}
	pool->in_use[i] = 0;
	pool->free_stack[pool->nfree++] = i;
	pool->outstanding--;
}

void pool_pgt_init(struct pgt *p, struct pgt_pool *pool, int levels,
		   unsigned int phys_bits)
{
	assert_int_equal(
		pgt_init(p, levels, phys_bits, pool_alloc, pool_free, pool), 0);
}
