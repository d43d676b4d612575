// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/timerqueue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/lib/timerqueue.h"

static void test_order(void **state)
{
	struct timerqueue_head h = {0};
	struct timerqueue_node n[5] = {
		{.expires = 50}, {.expires = 10}, {.expires = 30},
		{.expires = 10}, {.expires = 70},
	};

	(void)state;
	assert_true(timerqueue_add(&h, &n[0]));
	assert_true(timerqueue_add(&h, &n[1]));
	assert_false(timerqueue_add(&h, &n[2]));
	assert_false(timerqueue_add(&h, &n[3])); /* equal: after n[1] */
	assert_false(timerqueue_add(&h, &n[4]));
	assert_ptr_equal(timerqueue_first(&h), &n[1]);

	assert_null(timerqueue_pop_expired(&h, 9));
	assert_ptr_equal(timerqueue_pop_expired(&h, 10), &n[1]);
	assert_false(n[1].queued);
	assert_ptr_equal(timerqueue_pop_expired(&h, 10), &n[3]);
	assert_null(timerqueue_pop_expired(&h, 10));
	assert_ptr_equal(timerqueue_pop_expired(&h, 100), &n[2]);
	assert_ptr_equal(timerqueue_pop_expired(&h, 100), &n[0]);
	assert_ptr_equal(timerqueue_pop_expired(&h, 100), &n[4]);
	assert_null(timerqueue_pop_expired(&h, 100));
	assert_null(timerqueue_first(&h));
}

static void test_del(void **state)
{
	struct timerqueue_head h = {0};
	struct timerqueue_node a = {.expires = 5}, b = {.expires = 6},
			       c = {.expires = 7};

	(void)state;
	timerqueue_add(&h, &a);
	timerqueue_add(&h, &b);
	timerqueue_add(&h, &c);
	assert_true(timerqueue_del(&h, &b));
	assert_false(b.queued);
	assert_false(timerqueue_del(&h, &b));
	assert_true(timerqueue_del(&h, &a));
	assert_ptr_equal(timerqueue_first(&h), &c);
	/* Re-adding a deleted node works. */
	assert_true(timerqueue_add(&h, &a));
	assert_ptr_equal(timerqueue_pop_expired(&h, 100), &a);
	assert_ptr_equal(timerqueue_pop_expired(&h, 100), &c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_del),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
