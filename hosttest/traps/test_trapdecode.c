// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/trapdecode: exception names and error codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "kernel/lib/trapdecode.h"

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(x86_exception_name(X86_TRAP_DE),
			    "#DE divide error");
	assert_string_equal(x86_exception_name(X86_TRAP_PF), "#PF page fault");
	assert_string_equal(x86_exception_name(X86_TRAP_DF),
			    "#DF double fault");
	assert_string_equal(x86_exception_name(15), "reserved");
	assert_string_equal(x86_exception_name(31), "reserved");
	assert_string_equal(x86_exception_name(32), "reserved");
	assert_string_equal(x86_exception_name(~0UL), "reserved");
}

static void test_error_code_vectors(void **state)
{
	static const unsigned long with[] = {8,	 10, 11, 12, 13,
					     14, 17, 21, 29, 30};
	int count = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++)
		assert_true(x86_exception_has_error_code(with[i]));
	for (unsigned long v = 0; v < 64; v++)
		count += x86_exception_has_error_code(v);
	assert_int_equal(count, 10);
	assert_true(x86_error_code_is_selector(13));
	assert_true(x86_error_code_is_selector(10));
	assert_false(x86_error_code_is_selector(14));
	assert_false(x86_error_code_is_selector(8));
}

static void test_pf_decode(void **state)
{
	char buf[96];

	(void)state;
	pf_error_decode(0x0, buf, sizeof(buf));
	assert_string_equal(buf, "not-present read kernel");
	pf_error_decode(X86_PF_WRITE, buf, sizeof(buf));
	assert_string_equal(buf, "not-present write kernel");
	pf_error_decode(X86_PF_PROT | X86_PF_WRITE, buf, sizeof(buf));
	assert_string_equal(buf, "protection write kernel");
	pf_error_decode(X86_PF_PROT | X86_PF_INSTR, buf, sizeof(buf));
	assert_string_equal(buf, "protection ifetch kernel");
	pf_error_decode(X86_PF_USER | X86_PF_RSVD | X86_PF_PROT, buf,
			sizeof(buf));
	assert_string_equal(buf, "protection read user rsvd");
	pf_error_decode(0x7f | X86_PF_SGX, buf, sizeof(buf));
	assert_string_equal(buf, "protection ifetch user rsvd pk shstk sgx");
}

static void test_pf_decode_truncates(void **state)
{
	char buf[8];
	int n;

	(void)state;
	n = pf_error_decode(X86_PF_WRITE, buf, sizeof(buf));
	assert_int_equal(n, 7);
	assert_string_equal(buf, "not-pre");
}

static void test_selector_decode(void **state)
{
	char buf[64];

	(void)state;
	selector_error_decode(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	selector_error_decode(0x28, buf, sizeof(buf));
	assert_string_equal(buf, "GDT selector 0x28");
	selector_error_decode(0x2c, buf, sizeof(buf));
	assert_string_equal(buf, "LDT selector 0x2c");
	/* vector 13's gate: 13 << 3 | IDT */
	selector_error_decode((13 << 3) | X86_SEL_IDT, buf, sizeof(buf));
	assert_string_equal(buf, "IDT vector 13");
	selector_error_decode((0x80 << 3) | X86_SEL_IDT | X86_SEL_EXT, buf,
			      sizeof(buf));
	assert_string_equal(buf, "IDT vector 128 external");
	selector_error_decode(0x41, buf, sizeof(buf));
	assert_string_equal(buf, "GDT selector 0x40 external");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_error_code_vectors),
		cmocka_unit_test(test_pf_decode),
		cmocka_unit_test(test_pf_decode_truncates),
		cmocka_unit_test(test_selector_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
