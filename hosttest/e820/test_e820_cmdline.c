// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/e820_cmdline.c: mem= and every memmap= form
 * (exactmap, nn@ss, nn#ss, nn$ss, nn!ss, nn%ss-old+new with either side
 * left out, bare nn), K/M/G/T suffixes, comma lists and several options in
 * order; each kind of bad option (with the message quoting it), mem=0, a
 * resulting map the sanitiser rejects, and a table that overflows. On
 * every error the table must be exactly as it was. e820__apply_cmdline is
 * tested on whole command lines (other words, quotes, "--").
 */
#include "hosttest/e820/e820_test.h"

static struct e820_table t, before;

/* QEMU pc, 1 GiB, already sanitised. */
static void qemu_map(void)
{
	TABLE_SET(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		  E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fee0000, RAM),
		  E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static int setup(void **state)
{
	qemu_map();
	return capture_setup(state);
}

static int apply1(const char *name, const char *val)
{
	const struct e820_option opt = {name, val};

	return e820__apply_options(&t, &opt, 1);
}

/* Applying @cmdline must fail with @err, leave @t alone, log @msg. */
static void expect_cmdline_error(const char *cmdline, int err, const char *msg)
{
	before = t;
	assert_int_equal(e820__apply_cmdline(&t, cmdline), err);
	table_expect_same(&t, &before);
	assert_logged(msg);
}

static void test_mem_limits_ram(void **state)
{
	(void)state;
	assert_int_equal(apply1("mem", "512M"), 1);
	/* RAM above 512 MiB goes; reserved entries above stay. */
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0x1ff00000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static void test_mem_suffixes(void **state)
{
	static const struct {
		const char *val;
		uint64_t limit;
	} cases[] = {
		{"786432K", 0x30000000},    {"768m", 0x30000000},
		{"0x30000000", 0x30000000}, {"1G", 0x40000000},
		{"1t", 0x10000000000ULL},   {"4096", 0x1000},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t ram_end = 0;

		qemu_map();
		assert_int_equal(apply1("mem", cases[i].val), 1);
		for (uint32_t j = 0; j < t.nr_entries; j++)
			if (t.entries[j].type == RAM)
				ram_end = t.entries[j].addr + t.entries[j].size;
		assert_int_equal(ram_end, cases[i].limit < 0x3ffe0000
						  ? cases[i].limit
						  : 0x3ffe0000);
	}
}

static void test_mem_zero_rejected(void **state)
{
	(void)state;
	expect_cmdline_error("mem=0", -EINVAL,
			     "invalid option \"mem=0\": 0 would remove all "
			     "memory");
}

static void test_mem_errors_quote_option(void **state)
{
	(void)state;
	expect_cmdline_error("mem=lots", -EINVAL,
			     "invalid option \"mem=lots\": a number was "
			     "expected");
	expect_cmdline_error("mem=1Gx", -EINVAL,
			     "invalid option \"mem=1Gx\": junk after the size");
	expect_cmdline_error("mem=", -EINVAL,
			     "invalid option \"mem=\": a size was expected");
	expect_cmdline_error("mem", -EINVAL, "invalid option \"mem=\"");
	expect_cmdline_error("mem=99999999999999999999", -EINVAL,
			     "\"mem=99999999999999999999\": number too large");
	expect_cmdline_error("mem=0x10000000000000000", -EINVAL,
			     "number too large");
}

static void test_memmap_exactmap_then_entries(void **state)
{
	(void)state;
	assert_int_equal(e820__apply_cmdline(&t,
					     "memmap=exactmap memmap=640K@0 "
					     "memmap=0x10000$0xf0000,255M@1M"),
			 1);
	TABLE_EXPECT(&t, E(0, 0xa0000, RAM), E(0xf0000, 0x10000, RSV),
		     E(0x100000, 0xff00000, RAM));
}

static void test_memmap_add_forms(void **state)
{
	(void)state;
	assert_int_equal(apply1("memmap", "1G@4G,64K#0xe0000,"
					  "16M$0x3f000000,2G!8G"),
			 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xe0000, 0x10000, ACPI), E(0xf0000, 0x10000, RSV),
		     E(0x100000, 0x3ef00000, RAM),
		     E(0x3f000000, 0x1000000, RSV), E(0xfffc0000, 0x40000, RSV),
		     E(0x100000000ULL, 0x40000000, RAM),
		     E(0x200000000ULL, 0x80000000, PRAM));
}

static void test_memmap_acpi_wins_over_ram(void **state)
{
	(void)state;
	assert_int_equal(apply1("memmap", "64K#0x3ff00000"), 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fe00000, RAM),
		     E(0x3ff00000, 0x10000, ACPI), E(0x3ff10000, 0xd0000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static void test_memmap_retype(void **state)
{
	(void)state;
	/* nn%ss-old+new: change RAM to reserved in [16M, 32M). */
	assert_int_equal(apply1("memmap", "16M%16M-1+2"), 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0xf00000, RAM),
		     E(0x1000000, 0x1000000, RSV),
		     E(0x2000000, 0x3dfe0000, RAM), E(0x3ffe0000, 0x20000, RSV),
		     E(0xfffc0000, 0x40000, RSV));
}

static void test_memmap_retype_only_old(void **state)
{
	(void)state;
	/* -old alone removes that type in the range. */
	assert_int_equal(apply1("memmap", "0x100000%0xf0000-2"), 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0x100000, 0x3fee0000, RAM), E(0x3ffe0000, 0x20000, RSV),
		     E(0xfffc0000, 0x40000, RSV));
}

static void test_memmap_retype_only_new(void **state)
{
	(void)state;
	/* +new alone adds the range with that type. */
	assert_int_equal(apply1("memmap", "4K%0x9f000+5"), 1);
	TABLE_EXPECT(&t, E(0, 0x9f000, RAM), E(0x9f000, 0x1000, UNUSABLE),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fee0000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static void test_memmap_retype_neither(void **state)
{
	(void)state;
	/* Neither side: every type in the range goes. */
	assert_int_equal(apply1("memmap", "1M%0"), 1);
	TABLE_EXPECT(&t, E(0x100000, 0x3fee0000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static void test_memmap_bare_is_mem(void **state)
{
	static struct e820_table via_mem;

	(void)state;
	assert_int_equal(apply1("mem", "300M"), 1);
	via_mem = t;
	qemu_map();
	assert_int_equal(apply1("memmap", "300M"), 1);
	table_expect_same(&t, &via_mem);
}

static void test_options_apply_in_order(void **state)
{
	const struct e820_option opts[] = {
		{"mem", "256M"},
		{"quiet", NULL},
		{"memmap", "128M@512M"},
		{"console", "ttyS0"},
	};

	(void)state;
	assert_int_equal(e820__apply_options(&t, opts, 4), 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0xff00000, RAM),
		     E(0x20000000, 0x8000000, RAM), E(0x3ffe0000, 0x20000, RSV),
		     E(0xfffc0000, 0x40000, RSV));
	/* The other order: mem= cuts what memmap= added. */
	qemu_map();
	assert_int_equal(e820__apply_cmdline(&t, "memmap=128M@512M mem=256M"),
			 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0xff00000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
}

static void test_no_options_no_change(void **state)
{
	(void)state;
	before = t;
	assert_int_equal(e820__apply_cmdline(&t, "console=ttyS0 quiet "
						 "memmapx=1G memory=2"),
			 0);
	table_expect_same(&t, &before);
	assert_int_equal(e820__apply_cmdline(&t, ""), 0);
	assert_int_equal(e820__apply_options(&t, NULL, 0), 0);
	table_expect_same(&t, &before);
}

static void test_memmap_errors_quote_option(void **state)
{
	static const struct {
		const char *cmdline, *msg;
	} cases[] = {
		{"memmap=1G*4G", "\"memmap=1G*4G\": \"1G*4G\": expected one "
				 "of @ # $ ! % after the size"},
		{"memmap=@4G", "\"memmap=@4G\": \"@4G\": a number was "
			       "expected"},
		{"memmap=1G@", "\"1G@\": a number was expected"},
		{"memmap=1G@4Gx", "\"1G@4Gx\": junk after the start address"},
		{"memmap=1G@4G,,1G@8G", "\"memmap=1G@4G,,1G@8G\": \"\": "
					"empty entry"},
		{"memmap=1G@4G,", "\"\": empty entry"},
		{"memmap=", "\"memmap=\": \"\": empty entry"},
		{"memmap", "\"memmap=\": \"\": empty entry"},
		{"memmap=exactmapx", "\"exactmapx\": a number was expected"},
		{"memmap=0", "\"0\": 0 would remove all memory"},
		{"memmap=1M%16M-x", "\"1M%16M-x\": a type number was "
				    "expected"},
		{"memmap=1M%16M-1+0", "\"1M%16M-1+0\": type must be "
				      "1..0xffffffff"},
		{"memmap=1M%16M+0x100000000", "type must be 1..0xffffffff"},
		{"memmap=1M%16M-1+2z", "\"1M%16M-1+2z\": junk after the types"},
		{"memmap=1M%", "\"1M%\": a number was expected"},
		{"memmap=2G@0xffffffffc0000000", "range wraps past 2^64"},
		{"memmap=2G%0xffffffffc0000000+1", "range wraps past 2^64"},
		{"memmap=99999999999999999999@0", "number too large"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_capture_start();
		expect_cmdline_error(cases[i].cmdline, -EINVAL, cases[i].msg);
	}
}

static void test_bad_option_after_good_ones_changes_nothing(void **state)
{
	(void)state;
	expect_cmdline_error("mem=512M memmap=exactmap,640K@0 memmap=1G@4G,1Q",
			     -EINVAL, "\"1Q\": expected one of");
}

static void test_options_error_changes_nothing(void **state)
{
	const struct e820_option opts[] = {
		{"memmap", "exactmap,1G@0,1M$1G"},
		{"mem", "64k"},
		{"mem", "1P+"},
	};

	(void)state;
	before = t;
	assert_int_equal(e820__apply_options(&t, opts, 3), -EINVAL);
	table_expect_same(&t, &before);
	assert_logged("invalid option \"mem=1P+\": junk after the size");
}

static void test_invalid_resulting_map(void **state)
{
	(void)state;
	/* exactmap with nothing after it leaves an empty map. */
	expect_cmdline_error("memmap=exactmap", -ENOENT,
			     "invalid user supplied memory map");
	assert_logged("nr_entries is 0");
	log_capture_start();
	expect_cmdline_error("memmap=exactmap,1G@0", -ENOENT,
			     "invalid user supplied memory map");
}

static void test_table_overflow(void **state)
{
	(void)state;
	/* 320 entries already: one more cannot be appended. */
	t.nr_entries = E820_MAX_ENTRIES;
	for (uint32_t i = 0; i < E820_MAX_ENTRIES; i++)
		t.entries[i] = E(i * 0x2000ULL, 0x1000, i % 2 ? RSV : RAM);
	expect_cmdline_error("memmap=4K@0x10000000", -ENOSPC,
			     "too many entries (320)");
	assert_logged("option \"memmap=4K@0x10000000\" not applied");
	/* A middle cut needs a slot too. */
	log_capture_start();
	expect_cmdline_error("memmap=1K%0x400-1", -ENOSPC, "needs 1 more");
}

static void test_cmdline_words_and_quotes(void **state)
{
	(void)state;
	assert_int_equal(e820__apply_cmdline(&t, "  console=ttyS0,115200 "
						 "\"memmap=1G@4G\" "
						 "memmap=\"1G@8G\"\tmem=2G "
						 "-- mem=1M"),
			 1);
	TABLE_EXPECT(&t, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RSV),
		     E(0xf0000, 0x10000, RSV), E(0x100000, 0x3fee0000, RAM),
		     E(0x3ffe0000, 0x20000, RSV), E(0xfffc0000, 0x40000, RSV));
	/* Both memmap= entries lay above mem=2G and went; "-- mem=1M" was
	 * not looked at. */
	qemu_map();
	assert_int_equal(e820__apply_cmdline(&t, "\"memmap=1G@4G\" "
						 "memmap=\"1G@8G\""),
			 1);
	assert_int_equal(t.nr_entries, 8);
	assert_true(entries_equal(&t.entries[6],
				  (struct e820_entry[]){
					  E(0x100000000ULL, 0x40000000, RAM),
					  E(0x200000000ULL, 0x40000000, RAM),
				  },
				  2));
}

static void test_corrupt_count_refused(void **state)
{
	const struct e820_option opt = {"mem", "1G"};

	(void)state;
	t.nr_entries = E820_MAX_ENTRIES + 1;
	assert_int_equal(e820__apply_cmdline(&t, "mem=1G"), -EINVAL);
	assert_int_equal(e820__apply_options(&t, &opt, 1), -EINVAL);
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES + 1);
	assert_logged("table claims 321 entries");
}

static void test_cmdline_too_long(void **state)
{
	static char cmdline[COMMAND_LINE_SIZE + 1];

	(void)state;
	memset(cmdline, 'x', COMMAND_LINE_SIZE);
	cmdline[COMMAND_LINE_SIZE] = '\0';
	expect_cmdline_error(cmdline, -E2BIG,
			     "command line of 2048 bytes is longer than 2047");
	/* 2047 bytes is fine. */
	cmdline[COMMAND_LINE_SIZE - 1] = '\0';
	assert_int_equal(e820__apply_cmdline(&t, cmdline), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, capture_teardown)
		T(test_mem_limits_ram),
		T(test_mem_suffixes),
		T(test_mem_zero_rejected),
		T(test_mem_errors_quote_option),
		T(test_memmap_exactmap_then_entries),
		T(test_memmap_add_forms),
		T(test_memmap_acpi_wins_over_ram),
		T(test_memmap_retype),
		T(test_memmap_retype_only_old),
		T(test_memmap_retype_only_new),
		T(test_memmap_retype_neither),
		T(test_memmap_bare_is_mem),
		T(test_options_apply_in_order),
		T(test_no_options_no_change),
		T(test_memmap_errors_quote_option),
		T(test_bad_option_after_good_ones_changes_nothing),
		T(test_options_error_changes_nothing),
		T(test_invalid_resulting_map),
		T(test_table_overflow),
		T(test_cmdline_words_and_quotes),
		T(test_corrupt_count_refused),
		T(test_cmdline_too_long),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
