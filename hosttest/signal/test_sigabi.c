// SPDX-License-Identifier: MIT
/*
 * keel's signal ABI against Linux's: every number, size and offset of
 * hosttest/signal/sigabi.h, as keel's headers have it and as the build
 * machine's Linux UAPI headers have it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "hosttest/signal/sigabi.h"

static void test_every_fact_matches_linux(void **state)
{
	unsigned int bad = 0;

	(void)state;
	for (unsigned int i = 0; i < sigabi_count; i++) {
		if (sigabi_keel[i] == sigabi_linux[i])
			continue;
		fprintf(stderr, "# %s: keel %lld, Linux %lld\n",
			sigabi_names[i], sigabi_keel[i], sigabi_linux[i]);
		bad++;
	}
	assert_int_equal(bad, 0);
	/* The list is not empty by accident. */
	assert_true(sigabi_count > 150);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fact_matches_linux),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
