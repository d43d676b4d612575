/* SPDX-License-Identifier: MIT */
/*
 * The cmocka fixture the page-table tests share: a page pool (pgt_pool.h)
 * and an empty hierarchy built over it, with log capture on, for 4-level
 * or 5-level paging; teardown checks every table page came back.
 */
#ifndef KEEL_HOSTTEST_PGT_FIX_H
#define KEEL_HOSTTEST_PGT_FIX_H

#include "hosttest/pgtable/pgt_pool.h"
#include "mm/pgtable.h"

/* Linux's 4-level and 5-level direct-map bases. */
#define KB4 0xffff888000000000ULL
#define KB5 0xff11000000000000ULL

#define SZ4K 0x1000ULL
#define SZ2M 0x200000ULL
#define SZ1G 0x40000000ULL

/* Pages in the fixture's pool. */
#define PGT_FIX_POOL_PAGES 4096
/* Physical address width the fixture's hierarchies are built for. */
#define PGT_FIX_PHYS_BITS 46

struct pgt_fix {
	struct pgt_pool pool;
	struct pgt p;
};

/**
 * pgt_fix_setup4 - cmocka setup: a fixture with a 4-level hierarchy
 * @state: set to the new struct pgt_fix
 *
 * Return: 0, or -1 when the fixture cannot be allocated.
 */
int pgt_fix_setup4(void **state);

/**
 * pgt_fix_setup5 - cmocka setup: a fixture with a 5-level hierarchy
 * @state: set to the new struct pgt_fix
 *
 * Return: 0, or -1 when the fixture cannot be allocated.
 */
int pgt_fix_setup5(void **state);

/**
 * pgt_fix_teardown - cmocka teardown: stop log capture, destroy the
 * hierarchy, assert the pool got every page back and saw no bad free
 * @state: the struct pgt_fix from pgt_fix_setup4/5
 *
 * Return: 0.
 */
int pgt_fix_teardown(void **state);

/* A cmocka test entry for @fn run with the 4-level / 5-level fixture. */
#define T4(fn)                                                                 \
	cmocka_unit_test_setup_teardown(fn, pgt_fix_setup4, pgt_fix_teardown)
#define T5(fn)                                                                 \
	cmocka_unit_test_setup_teardown(fn, pgt_fix_setup5, pgt_fix_teardown)

#endif
