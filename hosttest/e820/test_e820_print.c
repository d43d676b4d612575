// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/e820_print.c: Linux's type names, the printed line
 * (inclusive end, 16 hex digits, prefix as given), the printer's log lines,
 * and parsing a printed name back into a type.
 */
#include "hosttest/e820/e820_test.h"
#include "kernel/lib/log.h"

static const struct {
	uint32_t type;
	const char *name;
} names[] = {
	{RAM, "usable"},
	{RSV, "reserved"},
	{ACPI, "ACPI data"},
	{NVS, "ACPI NVS"},
	{UNUSABLE, "unusable"},
	{PMEM, "persistent (type 7)"},
	{PRAM, "persistent (type 12)"},
	{SOFT, "soft reserved"},
};

static void test_type_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_string_equal(e820__type_name(names[i].type),
				    names[i].name);
	assert_null(e820__type_name(0));
	assert_null(e820__type_name(6));
	assert_null(e820__type_name(13));
	assert_null(e820__type_name(0xf0000000));
}

static void test_parse_type(void **state)
{
	uint32_t type;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		type = 0;
		assert_int_equal(e820__parse_type(names[i].name,
						  strlen(names[i].name), &type),
				 0);
		assert_int_equal(type, names[i].type);
	}
	assert_int_equal(e820__parse_type("type 6", 6, &type), 0);
	assert_int_equal(type, 6);
	assert_int_equal(e820__parse_type("type 4294967295", 15, &type), 0);
	assert_int_equal(type, UINT32_MAX);
	/* Only the first @len characters count. */
	assert_int_equal(e820__parse_type("usable junk", 6, &type), 0);
	assert_int_equal(type, RAM);
}

static void test_parse_type_errors(void **state)
{
	static const char *const bad[] = {
		"",	    "usabl",	"usable ",    "Usable",
		"type",	    "type ",	"type x",     "type 4294967296",
		"type -1",  "type 0x5", "persistent", "soft  reserved",
		"type 1 2",
	};
	uint32_t type = 0xdead;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(
			e820__parse_type(bad[i], strlen(bad[i]), &type),
			-EINVAL);
	assert_int_equal(type, 0xdead);
}

static void test_format_entry(void **state)
{
	char buf[E820_LINE_MAX];
	struct e820_entry e = E(0, 0x9fc00, RAM);

	(void)state;
	assert_int_equal(e820__format_entry(buf, sizeof(buf), "BIOS-e820", &e),
			 strlen(buf));
	assert_string_equal(buf, "BIOS-e820: [mem 0x0000000000000000-"
				 "0x000000000009fbff] usable");
	e = E(0x100000000ULL, 0x3c0000000ULL, SOFT);
	e820__format_entry(buf, sizeof(buf), "user", &e);
	assert_string_equal(buf, "user: [mem 0x0000000100000000-"
				 "0x00000004bfffffff] soft reserved");
	e = E(0xfed00000, 0x1000, 0xf00);
	e820__format_entry(buf, sizeof(buf), "BIOS-e820", &e);
	assert_string_equal(buf, "BIOS-e820: [mem 0x00000000fed00000-"
				 "0x00000000fed00fff] type 3840");
	e = E(0x180000000ULL, 0x80000000, PRAM);
	e820__format_entry(buf, sizeof(buf), "BIOS-e820", &e);
	assert_string_equal(buf, "BIOS-e820: [mem 0x0000000180000000-"
				 "0x00000001ffffffff] persistent (type 12)");
}

static void test_format_entry_truncates(void **state)
{
	char buf[16];
	struct e820_entry e = E(0, 0x1000, RSV);
	int n;

	(void)state;
	n = e820__format_entry(buf, sizeof(buf), "BIOS-e820", &e);
	assert_int_equal(n, strlen("BIOS-e820: [mem 0x0000000000000000-"
				   "0x0000000000000fff] reserved"));
	assert_string_equal(buf, "BIOS-e820: [mem");
}

static void test_print_table(void **state)
{
	struct e820_table t;
	int level;

	(void)state;
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		  E(0x7ffe0000, 0x20000, NVS), E(0xfed1c000, 0x4000, ACPI));
	e820__print_table(&t, "BIOS-e820");
	assert_int_equal(log_capture_count(), 4);
	assert_string_equal(log_capture_line(0, &level),
			    "BIOS-e820: [mem 0x0000000000000000-"
			    "0x000000000009fbff] usable\n");
	assert_int_equal(level, LOGLEVEL_INFO);
	assert_string_equal(log_capture_line(2, NULL),
			    "BIOS-e820: [mem 0x000000007ffe0000-"
			    "0x000000007fffffff] ACPI NVS\n");
	assert_string_equal(log_capture_line(3, NULL),
			    "BIOS-e820: [mem 0x00000000fed1c000-"
			    "0x00000000fed1ffff] ACPI data\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, capture_setup, capture_teardown)
		T(test_type_names),
		T(test_parse_type),
		T(test_parse_type_errors),
		T(test_format_entry),
		T(test_format_entry_truncates),
		T(test_print_table),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
