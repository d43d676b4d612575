// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/kallsyms: lookup and "name+off/size". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/kallsyms.h"

#define BASE 0xffffffff81000000UL

static const char names[] = "startup_64\0start_kernel\0alias\0do_trap\0";
static const u32 offsets[] = {0x200, 0x1000, 0x1040, 0x1040, 0x2000};
static const u32 name_off[] = {0, 11, 24, 24, 30};

static const struct kallsyms_table tab = {
	.base = BASE,
	.text_size = 0x3000,
	.num = 5,
	.offsets = offsets,
	.name_offsets = name_off,
	.names = names,
};

static void test_lookup(void **state)
{
	u64 size, off;

	(void)state;
	assert_string_equal(kallsyms_lookup(&tab, BASE + 0x200, &size, &off),
			    "startup_64");
	assert_int_equal(size, 0xe00);
	assert_int_equal(off, 0);
	assert_string_equal(kallsyms_lookup(&tab, BASE + 0x1003, &size, &off),
			    "start_kernel");
	assert_int_equal(size, 0x40);
	assert_int_equal(off, 3);
	/* The last symbol runs to the text end. */
	assert_string_equal(kallsyms_lookup(&tab, BASE + 0x2fff, &size, &off),
			    "do_trap");
	assert_int_equal(size, 0x1000);
	assert_int_equal(off, 0xfff);
}

static void test_lookup_outside(void **state)
{
	(void)state;
	assert_null(kallsyms_lookup(&tab, BASE + 0x1ff, NULL, NULL));
	assert_null(kallsyms_lookup(&tab, BASE - 1, NULL, NULL));
	assert_null(kallsyms_lookup(&tab, BASE + 0x3000, NULL, NULL));
	assert_null(kallsyms_lookup(&tab, 0, NULL, NULL));
}

static void test_lookup_same_address(void **state)
{
	u64 size;

	(void)state;
	/* Two symbols at 0x1040: the later one covers [0x1040, 0x2000). */
	assert_non_null(kallsyms_lookup(&tab, BASE + 0x1040, &size, NULL));
	assert_int_equal(size, 0xfc0);
}

static void test_empty_table(void **state)
{
	struct kallsyms_table empty = tab;

	(void)state;
	empty.num = 0;
	assert_null(kallsyms_lookup(&empty, BASE + 0x200, NULL, NULL));
}

static void test_sprint(void **state)
{
	char buf[KSYM_SYMBOL_LEN];

	(void)state;
	kallsyms_sprint_symbol(&tab, BASE + 0x1003, buf, sizeof(buf));
	assert_string_equal(buf, "start_kernel+0x3/0x40");
	kallsyms_sprint_symbol(&tab, 0x1234, buf, sizeof(buf));
	assert_string_equal(buf, "0x1234");
}

static void test_check(void **state)
{
	static const u32 bad_order[] = {0x200, 0x100};
	static const u32 bad_names[] = {0, 99};
	struct kallsyms_table t = tab;

	(void)state;
	assert_int_equal(kallsyms_check(&tab, sizeof(names)), 0);
	log_capture_start();
	t.num = 2;
	t.offsets = bad_order;
	assert_int_equal(kallsyms_check(&t, sizeof(names)), -22);
	assert_true(log_capture_contains("symbol 1 at offset 0x100"));
	t.offsets = offsets;
	t.name_offsets = bad_names;
	assert_int_equal(kallsyms_check(&t, sizeof(names)), -22);
	assert_true(log_capture_contains("name offset 0x63"));
	log_capture_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_outside),
		cmocka_unit_test(test_lookup_same_address),
		cmocka_unit_test(test_empty_table),
		cmocka_unit_test(test_sprint),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
