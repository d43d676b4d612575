// SPDX-License-Identifier: MIT
#include "hosttest/pgtable/pgt_fix.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "hosttest/support/hosttest.h"

static int setup_levels(void **state, int levels)
{
	struct pgt_fix *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	pool_init(&f->pool, PGT_FIX_POOL_PAGES);
	pool_pgt_init(&f->p, &f->pool, levels, PGT_FIX_PHYS_BITS);
	log_capture_start();
	*state = f;
	return 0;
}

int pgt_fix_setup4(void **state)
{
	return setup_levels(state, 4);
}

int pgt_fix_setup5(void **state)
{
	return setup_levels(state, 5);
}

int pgt_fix_teardown(void **state)
{
	struct pgt_fix *f = *state;

	log_capture_stop();
	pgt_destroy(&f->p);
	assert_int_equal(f->pool.outstanding, 0);
	assert_int_equal(f->pool.bad_frees, 0);
	pool_fini(&f->pool);
	free(f);
	return 0;
}
