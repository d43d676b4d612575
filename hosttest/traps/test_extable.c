// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/extable: relative entries, search, checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/extable.h"

static char code[256]; /* stands for kernel text */

static void set_entry(struct exception_table_entry *e, const void *insn,
		      const void *fixup, int type)
{
	e->insn = (int)((intptr_t)insn - (intptr_t)&e->insn);
	e->fixup = (int)((intptr_t)fixup - (intptr_t)&e->fixup);
	e->type = type;
}

/* Entries must sit within 2 GiB of the code: static, like @code. */
static struct exception_table_entry e;
static struct exception_table_entry t[4];

static void test_relative_addresses(void **state)
{

	(void)state;
	set_entry(&e, &code[10], &code[200], EX_TYPE_DEFAULT);
	assert_ptr_equal((void *)ex_insn_addr(&e), &code[10]);
	assert_ptr_equal((void *)ex_fixup_addr(&e), &code[200]);
}

static void test_search(void **state)
{

	(void)state;
	set_entry(&t[0], &code[40], &code[100], EX_TYPE_DEFAULT);
	set_entry(&t[1], &code[8], &code[101], EX_TYPE_FAULT);
	set_entry(&t[2], &code[90], &code[102], EX_TYPE_DEFAULT);
	set_entry(&t[3], &code[9], &code[103], EX_TYPE_DEFAULT);
	assert_ptr_equal(search_extable(t, t + 4, (uintptr_t)&code[8]), &t[1]);
	assert_ptr_equal(search_extable(t, t + 4, (uintptr_t)&code[9]), &t[3]);
	assert_ptr_equal(search_extable(t, t + 4, (uintptr_t)&code[90]), &t[2]);
	assert_null(search_extable(t, t + 4, (uintptr_t)&code[41]));
	assert_null(search_extable(t, t + 4, (uintptr_t)&code[39]));
	assert_null(search_extable(t, t, (uintptr_t)&code[40]));
	/* The end bound is honoured: t[3] is outside [t, t + 3). */
	assert_null(search_extable(t, t + 3, (uintptr_t)&code[9]));
}

static void test_check(void **state)
{

	(void)state;
	set_entry(&t[0], &code[1], &code[2], EX_TYPE_DEFAULT);
	set_entry(&t[1], &code[3], &code[4], EX_TYPE_FAULT);
	set_entry(&t[2], &code[5], &code[6], EX_TYPE_DEFAULT);
	assert_int_equal(extable_check(t, t + 3), 0);

	log_capture_start();
	t[1].type = 7;
	set_entry(&t[2], &code[1], &code[6], EX_TYPE_DEFAULT);
	assert_int_equal(extable_check(t, t + 3), 2);
	log_capture_stop();
	assert_true(log_capture_contains("unknown type 7"));
	assert_true(log_capture_contains("second entry"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_addresses),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
