/* SPDX-License-Identifier: MIT */
/*
 * A page pool for the page-table tests: hands out 4 KiB pages of a test
 * arena (hosttest/support) as table pages, catches double and foreign
 * frees, and can be told to run dry after a number of pages so tests can
 * check what -ENOMEM leaves behind.
 */
#ifndef KEEL_HOSTTEST_PGT_POOL_H
#define KEEL_HOSTTEST_PGT_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hosttest/support/hosttest.h"
#include "mm/pgtable.h"

/* Physical address the pool's arena stands for (above 4 GiB on purpose). */
#define POOL_PHYS_BASE 0x140000000ULL

struct pgt_pool {
	struct test_arena arena;
	size_t npages;
	unsigned char *in_use; /* one flag per page */
	size_t *free_stack; /* indices of free pages */
	size_t nfree;
	size_t outstanding; /* pages handed out and not given back */
	size_t budget; /* allocations still allowed (SIZE_MAX: no limit) */
	size_t bad_frees; /* frees of pages not handed out */
};

/* Set up a pool of @npages pages (aborts on failure). */
void pool_init(struct pgt_pool *pool, size_t npages);
void pool_fini(struct pgt_pool *pool);
/* pgt_alloc_fn / pgt_free_fn over a struct pgt_pool. */
int pool_alloc(void *arg, phys_addr_t *pa);
void pool_free(void *arg, phys_addr_t pa);

/* Start a hierarchy over @pool (asserts success). */
void pool_pgt_init(struct pgt *p, struct pgt_pool *pool, int levels,
		   unsigned int phys_bits);

#endif
