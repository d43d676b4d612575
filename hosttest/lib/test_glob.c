// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/glob.c: the ktest= pattern matcher. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/lib/glob.h"

static void test_literal(void **state)
{
	(void)state;
	assert_true(glob_match("e820_received", "e820_received"));
	assert_false(glob_match("e820_received", "e820_receive"));
	assert_false(glob_match("e820_receive", "e820_received"));
	assert_true(glob_match("", ""));
	assert_false(glob_match("", "x"));
}

static void test_question(void **state)
{
	(void)state;
	assert_true(glob_match("e82?", "e820"));
	assert_false(glob_match("e82?", "e82"));
	assert_false(glob_match("?", ""));
	assert_true(glob_match("??", "ab"));
}

static void test_star(void **state)
{
	(void)state;
	assert_true(glob_match("*", ""));
	assert_true(glob_match("*", "anything"));
	assert_true(glob_match("vsprintf_*", "vsprintf_truncation"));
	assert_true(glob_match("*_sane", "boot_params_sane"));
	assert_false(glob_match("*_sane", "boot_params_sanity"));
	assert_true(glob_match("a*b*c", "aXXbYYc"));
	assert_true(glob_match("a*b*c", "abc"));
	assert_false(glob_match("a*b*c", "aXXbYY"));
	assert_true(glob_match("**", "x"));
	assert_true(glob_match("*?", "x"));
	assert_false(glob_match("*?", ""));
}

/* Backtracking must retry the last star, not only the first match. */
static void test_backtracking(void **state)
{
	(void)state;
	assert_true(glob_match("*ab", "aab"));
	assert_true(glob_match("*aab", "aaab"));
	assert_true(glob_match("a*ab*b", "aabab"));
	assert_false(glob_match("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_question),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_backtracking),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
