// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/cmdline.c: splitting words with next_arg() and
 * parse_args() (bare names, name=value, quoted words and values, runs of
 * white space, values containing '='), the non-destructive lookups
 * cmdline_find_option_bool() and cmdline_find_option() (whole-word
 * matching, last occurrence wins, truncation, a 2000-character command
 * line), and the number parsers memparse(), kstrtoull(), kstrtoint() and
 * simple_strtoull() (prefixes, suffixes, trailing junk, overflow), the
 * latter checked against libc's strtoull.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"

/* The usual boot-protocol command-line limit (cmdline_size + 1). */
#define LONG_CMDLINE_LEN 2000

/* Split @line with next_arg() and check each name and value in turn;
 * @expect holds name, value pairs (value NULL for a bare name). */
static void check_split(const char *line, const char *const *expect,
			size_t nexpect)
{
	char *copy = strdup(line);
	char *args = copy;
	size_t i = 0;

	assert_non_null(copy);
	while (*args == ' ' || *args == '\t')
		args++;
	while (*args) {
		char *param, *val;

		assert_true(i + 1 < nexpect);
		args = next_arg(args, &param, &val);
		assert_string_equal(param, expect[i]);
		if (expect[i + 1])
			assert_string_equal(val, expect[i + 1]);
		else
			assert_null(val);
		i += 2;
	}
	assert_int_equal(i, nexpect);
	free(copy);
}

#define CHECK_SPLIT(line, ...)                                                 \
	do {                                                                   \
		const char *const e_[] = {__VA_ARGS__};                        \
		check_split(line, e_, sizeof(e_) / sizeof(e_[0]));             \
	} while (0)

static void test_next_arg_basic(void **state)
{
	(void)state;
	CHECK_SPLIT("quiet", "quiet", NULL);
	CHECK_SPLIT("mem=512M", "mem", "512M");
	CHECK_SPLIT("console=ttyS0,115200 quiet loglevel=7", "console",
		    "ttyS0,115200", "quiet", NULL, "loglevel", "7");
	CHECK_SPLIT("a   b\t\tc  ", "a", NULL, "b", NULL, "c", NULL);
	CHECK_SPLIT("root=", "root", "");
	CHECK_SPLIT("memmap=exactmap,a=b=c", "memmap", "exactmap,a=b=c");
	CHECK_SPLIT("=v", "", "v");
	CHECK_SPLIT("x\ny\rz", "x", NULL, "y", NULL, "z", NULL);
}

static void test_next_arg_quotes(void **state)
{
	(void)state;
	CHECK_SPLIT("name=\"value with  spaces\" next", "name",
		    "value with  spaces", "next", NULL);
	CHECK_SPLIT("\"name=value with spaces\" next", "name",
		    "value with spaces", "next", NULL);
	CHECK_SPLIT("\"bare word\"", "bare word", NULL);
	CHECK_SPLIT("a=\"\" b", "a", "", "b", NULL);
	CHECK_SPLIT("a=\"x=y\"", "a", "x=y");
	/* a quote opened and never closed runs to the end */
	CHECK_SPLIT("a=\"open to the end", "a", "open to the end");
	CHECK_SPLIT("a=\"", "a", "");
	CHECK_SPLIT("\"", "", NULL);
	/* quotes in the middle of a value stay, but still group words */
	CHECK_SPLIT("a=x\"y z\" b", "a", "x\"y z\"", "b", NULL);
}

static void test_next_arg_return(void **state)
{
	char line[] = "one=1    two";
	char *param, *val, *rest;

	(void)state;
	rest = next_arg(line, &param, &val);
	assert_ptr_equal(rest, line + 9); /* spaces after the word skipped */
	assert_string_equal(rest, "two");
	rest = next_arg(rest, &param, &val);
	assert_string_equal(param, "two");
	assert_null(val);
	assert_int_equal(*rest, '\0');
	assert_ptr_equal(rest, line + sizeof(line) - 1);
}

struct collected {
	int count;
	char text[512];
	int fail_at; /* call number that returns -EINVAL, 0 for none */
};

static int collect(char *param, char *val, void *arg)
{
	struct collected *c = arg;
	size_t len = strlen(c->text);

	c->count++;
	snprintf(c->text + len, sizeof(c->text) - len, "[%s|%s]", param,
		 val ? val : "-");
	return c->count == c->fail_at ? -EINVAL : 0;
}

static void test_parse_args(void **state)
{
	char line[] = "  a=1 b \"c=x y\"\td=\"p q\"  ";
	char empty[] = "";
	char spaces[] = "   \t ";
	char line2[] = "x y z";
	struct collected c = {0};

	(void)state;
	assert_int_equal(parse_args(line, collect, &c), 0);
	assert_int_equal(c.count, 4);
	assert_string_equal(c.text, "[a|1][b|-][c|x y][d|p q]");

	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_args(empty, collect, &c), 0);
	assert_int_equal(parse_args(spaces, collect, &c), 0);
	assert_int_equal(c.count, 0);

	/* the first negative return stops the walk and is returned */
	memset(&c, 0, sizeof(c));
	c.fail_at = 2;
	assert_int_equal(parse_args(line2, collect, &c), -EINVAL);
	assert_int_equal(c.count, 2);
	assert_string_equal(c.text, "[x|-][y|-]");
}

static void test_find_option_bool(void **state)
{
	const char *line = "quietly xquiet quiet=1 debug quiet loglevel=7";

	(void)state;
	assert_int_equal(cmdline_find_option_bool("quiet", "quiet"), 1);
	assert_int_equal(cmdline_find_option_bool("  quiet", "quiet"), 3);
	/* last match; "quietly" and "xquiet" are other words */
	assert_int_equal(cmdline_find_option_bool(line, "quiet"),
			 (int)(strstr(line, " quiet ") - line) + 2);
	assert_int_equal(cmdline_find_option_bool("quietly xquiet", "quiet"),
			 0);
	assert_int_equal(cmdline_find_option_bool("quiet=0", "quiet"), 1);
	assert_int_equal(cmdline_find_option_bool(line, "debug"),
			 (int)(strstr(line, "debug") - line) + 1);
	assert_int_equal(cmdline_find_option_bool(line, "loglevel"),
			 (int)(strstr(line, "loglevel") - line) + 1);
	assert_int_equal(cmdline_find_option_bool(line, "log"), 0);
	assert_int_equal(cmdline_find_option_bool(line, "quietlyx"), 0);
	/* a word inside a quoted value is not a word of the command line */
	assert_int_equal(
		cmdline_find_option_bool("init=\"/bin/sh quiet\"", "quiet"), 0);
	assert_int_equal(cmdline_find_option_bool("\"quiet\"", "quiet"), 1);
	assert_int_equal(cmdline_find_option_bool("", "quiet"), 0);
	assert_int_equal(cmdline_find_option_bool("quiet", ""), 0);
	assert_int_equal(cmdline_find_option_bool("=x", ""), 0);
	assert_int_equal(cmdline_find_option_bool(NULL, "quiet"), 0);
}

static void test_find_option(void **state)
{
	const char *line = "mem=1G console=ttyS0 mem=2G mem memx=9 "
			   "root=\"/dev/sda 1\" opt=a=b empty=";
	char saved[128];
	char buf[32];

	(void)state;
	strcpy(saved, line);
	assert_int_equal(cmdline_find_option(line, "mem", buf, sizeof(buf)), 2);
	assert_string_equal(buf,
			    "2G"); /* last with a value; bare mem skipped */
	assert_int_equal(cmdline_find_option(line, "console", buf, sizeof(buf)),
			 5);
	assert_string_equal(buf, "ttyS0");
	assert_int_equal(cmdline_find_option(line, "root", buf, sizeof(buf)),
			 10);
	assert_string_equal(buf, "/dev/sda 1");
	assert_int_equal(cmdline_find_option(line, "opt", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "a=b");
	assert_int_equal(cmdline_find_option(line, "empty", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "");
	/* nothing read or written may have changed the command line */
	assert_string_equal(line, saved);

	/* not found, and a bare word has no value: buf untouched */
	strcpy(buf, "keep");
	assert_int_equal(cmdline_find_option(line, "me", buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(cmdline_find_option("quiet", "quiet", buf, 8),
			 -ENOENT);
	assert_int_equal(cmdline_find_option(NULL, "quiet", buf, 8), -ENOENT);
	assert_int_equal(cmdline_find_option("=x", "", buf, 8), -ENOENT);
	assert_string_equal(buf, "keep");
}

static void test_find_option_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(cmdline_find_option("a=0123456789", "a", buf, 5), 10);
	assert_string_equal(buf, "0123");
	assert_int_equal(buf[5], 'Z');
	assert_int_equal(cmdline_find_option("a=0123456789", "a", buf, 1), 10);
	assert_string_equal(buf, "");
	assert_int_equal(cmdline_find_option("a=0123456789", "a", NULL, 0), 10);
	assert_int_equal(cmdline_find_option("a=0123456", "a", buf, 8), 7);
	assert_string_equal(buf, "0123456");
}

/* A command line as long as the boot protocol allows. */
static void test_long_cmdline(void **state)
{
	char *line = malloc(LONG_CMDLINE_LEN + 1);
	char *copy;
	char value[LONG_CMDLINE_LEN];
	size_t len = 0;
	int words = 0;

	(void)state;
	assert_non_null(line);
	while (len < LONG_CMDLINE_LEN - 100) {
		len += (size_t)snprintf(line + len, LONG_CMDLINE_LEN + 1 - len,
					"opt%d=%d  ", words, words * 7);
		words++;
	}
	len += (size_t)snprintf(line + len, LONG_CMDLINE_LEN + 1 - len,
				"last=");
	words++;
	memset(line + len, 'v', LONG_CMDLINE_LEN - len);
	line[LONG_CMDLINE_LEN] = '\0';
	assert_int_equal(strlen(line), LONG_CMDLINE_LEN);

	assert_int_equal(
		cmdline_find_option(line, "opt0", value, sizeof(value)), 1);
	assert_string_equal(value, "0");
	assert_int_equal(
		cmdline_find_option(line, "opt10", value, sizeof(value)), 2);
	assert_string_equal(value, "70");
	assert_int_equal(
		cmdline_find_option(line, "last", value, sizeof(value)),
		(int)(LONG_CMDLINE_LEN - len));
	assert_int_equal(strspn(value, "v"), LONG_CMDLINE_LEN - len);
	assert_int_equal(cmdline_find_option_bool(line, "last"),
			 (int)(len - strlen("last=")) + 1);
	assert_int_equal(cmdline_find_option_bool(line, "opt"), 0);

	copy = strdup(line);
	assert_non_null(copy);
	{
		char *args = copy;
		int n = 0;

		while (*args) {
			char *param, *val;

			args = next_arg(args, &param, &val);
			assert_non_null(val);
			n++;
		}
		assert_int_equal(n, words);
	}
	free(copy);
	free(line);
}

static void test_memparse(void **state)
{
	static const struct {
		const char *text;
		unsigned long long value;
		size_t consumed;
	} cases[] = {
		{"0", 0, 1},
		{"4096", 4096, 4},
		{"4k", 4ULL << 10, 2},
		{"4K", 4ULL << 10, 2},
		{"512M", 512ULL << 20, 4},
		{"512m", 512ULL << 20, 4},
		{"2G", 2ULL << 30, 2},
		{"3t", 3ULL << 40, 2},
		{"5P", 5ULL << 50, 2},
		{"7e", 7ULL << 60, 2},
		{"15E", 15ULL << 60, 3},
		{"0x10M", 16ULL << 20, 5},
		{"0X1g", 1ULL << 30, 4},
		{"010", 8, 3},
		{"64M@16M", 64ULL << 20, 3},
		{"12X", 12, 2},
		{"1KB", 1024, 2}, /* one suffix only */
		{"16E", ULLONG_MAX, 3}, /* 2^64 saturates */
		{"17179869184G", ULLONG_MAX, 12}, /* 2^34 G = 2^64 */
		{"17179869183G", 17179869183ULL << 30, 12},
		{"18446744073709551615", ULLONG_MAX, 20},
		{"99999999999999999999999", ULLONG_MAX, 23},
		{"99999999999999999999999k", ULLONG_MAX, 24},
		{"", 0, 0},
		{"M", 0,
		 0}, /* no digits: nothing consumed, not even a suffix */
		{"-1", 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *end = NULL;
		unsigned long long v = memparse(cases[i].text, &end);

		if (v != cases[i].value ||
		    end != cases[i].text + cases[i].consumed)
			print_error("memparse(\"%s\") = %llu, consumed %td\n",
				    cases[i].text, v, end - cases[i].text);
		assert_int_equal(v, cases[i].value);
		assert_ptr_equal(end, cases[i].text + cases[i].consumed);
	}
	assert_int_equal(memparse("1M", NULL), 1ULL << 20);
}

static void test_kstrtoull(void **state)
{
	unsigned long long v;

	(void)state;
	assert_int_equal(kstrtoull("0", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kstrtoull("1234", 10, &v), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(kstrtoull("0x1F", 0, &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(kstrtoull("0x1f", 16, &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(kstrtoull("1f", 16, &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(kstrtoull("0755", 0, &v), 0);
	assert_int_equal(v, 0755);
	assert_int_equal(kstrtoull("755", 8, &v), 0);
	assert_int_equal(v, 0755);
	assert_int_equal(kstrtoull("101", 2, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(kstrtoull("zz", 36, &v), 0);
	assert_int_equal(v, 35 * 36 + 35);
	assert_int_equal(kstrtoull("42\n", 10, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(kstrtoull("+42", 10, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(kstrtoull("18446744073709551615", 10, &v), 0);
	assert_int_equal(v, ULLONG_MAX);
	assert_int_equal(kstrtoull("ffffffffffffffff", 16, &v), 0);
	assert_int_equal(v, ULLONG_MAX);
	assert_int_equal(kstrtoull("0009", 10, &v), 0);
	assert_int_equal(v, 9);

	/* errors leave the result alone */
	v = 77;
	assert_int_equal(kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	assert_int_equal(kstrtoull("10000000000000000", 16, &v), -ERANGE);
	assert_int_equal(kstrtoull("99999999999999999999999x", 0, &v), -ERANGE);
	assert_int_equal(kstrtoull("", 0, &v), -EINVAL);
	assert_int_equal(kstrtoull("\n", 0, &v), -EINVAL);
	assert_int_equal(kstrtoull("+", 0, &v), -EINVAL);
	assert_int_equal(kstrtoull("12a", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("12 ", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull(" 12", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("12\n\n", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("-1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("08", 0, &v), -EINVAL); /* octal */
	assert_int_equal(kstrtoull("0x", 0, &v), -EINVAL);
	assert_int_equal(kstrtoull("0x", 16, &v), -EINVAL);
	assert_int_equal(kstrtoull("0xg", 16, &v), -EINVAL);
	assert_int_equal(kstrtoull("12", 1, &v), -EINVAL);
	assert_int_equal(kstrtoull("12", 37, &v), -EINVAL);
	assert_int_equal(v, 77);
}

static void test_kstrtoint(void **state)
{
	int v;

	(void)state;
	assert_int_equal(kstrtoint("0", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kstrtoint("-0", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kstrtoint("-17", 10, &v), 0);
	assert_int_equal(v, -17);
	assert_int_equal(kstrtoint("+17\n", 10, &v), 0);
	assert_int_equal(v, 17);
	assert_int_equal(kstrtoint("2147483647", 10, &v), 0);
	assert_int_equal(v, INT_MAX);
	assert_int_equal(kstrtoint("-2147483648", 10, &v), 0);
	assert_int_equal(v, INT_MIN);
	assert_int_equal(kstrtoint("-0x80000000", 0, &v), 0);
	assert_int_equal(v, INT_MIN);
	assert_int_equal(kstrtoint("0x7fffffff", 0, &v), 0);
	assert_int_equal(v, INT_MAX);
	assert_int_equal(kstrtoint("-010", 0, &v), 0);
	assert_int_equal(v, -8);

	v = 5;
	assert_int_equal(kstrtoint("2147483648", 10, &v), -ERANGE);
	assert_int_equal(kstrtoint("-2147483649", 10, &v), -ERANGE);
	assert_int_equal(kstrtoint("0x80000000", 0, &v), -ERANGE);
	assert_int_equal(kstrtoint("99999999999999999999", 10, &v), -ERANGE);
	assert_int_equal(kstrtoint("-99999999999999999999", 10, &v), -ERANGE);
	assert_int_equal(kstrtoint("--1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoint("-+1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoint("-", 10, &v), -EINVAL);
	assert_int_equal(kstrtoint("", 10, &v), -EINVAL);
	assert_int_equal(kstrtoint("1.5", 10, &v), -EINVAL);
	assert_int_equal(v, 5);
}

static void test_simple_strtoull(void **state)
{
	const char *s;
	char *end;

	(void)state;
	s = "123abc";
	assert_int_equal(simple_strtoull(s, &end, 10), 123);
	assert_ptr_equal(end, s + 3);
	assert_int_equal(simple_strtoull(s, &end, 16), 0x123abc);
	assert_ptr_equal(end, s + 6);
	s = "0x";
	assert_int_equal(simple_strtoull(s, &end, 0), 0);
	assert_ptr_equal(end, s + 1); /* "0" octal, then 'x' */
	s = "xyz";
	assert_int_equal(simple_strtoull(s, &end, 0), 0);
	assert_ptr_equal(end, s);
	s = "99999999999999999999999 rest";
	assert_int_equal(simple_strtoull(s, &end, 10), ULLONG_MAX);
	assert_ptr_equal(end, s + 23);
	s = "12";
	assert_int_equal(simple_strtoull(s, &end, 40), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(simple_strtoull("0x10", NULL, 0), 16);
}

/* simple_strtoull agrees with libc's strtoull on unsigned inputs. */
static void test_simple_strtoull_vs_libc(void **state)
{
	static const char *const inputs[] = {
		"0",
		"7",
		"08",
		"0777",
		"0x",
		"0x0",
		"0xfF",
		"0X12g",
		"0xg",
		"00x10",
		"1234567890",
		"18446744073709551615",
		"18446744073709551616",
		"184467440737095516150",
		"0xffffffffffffffff",
		"0x1ffffffffffffffff",
		"01777777777777777777777",
		"02000000000000000000000",
		"z",
		"",
		"12 34",
		"1010102",
		"zzzzzzzzzzzzzzzzzz",
	};
	static const unsigned int bases[] = {0, 2, 8, 10, 16, 36};

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *kend, *lend;
			unsigned long long k, l;

			k = simple_strtoull(inputs[i], &kend, bases[b]);
			l = strtoull(inputs[i], &lend, (int)bases[b]);
			if (k != l || kend != lend)
				print_error("\"%s\" base %u: keel %llu+%td, "
					    "libc %llu+%td\n",
					    inputs[i], bases[b], k,
					    kend - inputs[i], l,
					    lend - inputs[i]);
			assert_int_equal(k, l);
			assert_ptr_equal(kend, lend);
		}
	}
}

/* initrdmem=START,SIZE: both numbers with suffixes, nothing else. */
static void test_parse_initrdmem(void **state)
{
	static const struct {
		const char *text;
		int ret;
		u64 start, size;
	} cases[] = {
		{"0x4000000,8M", 0, 0x4000000, 8ULL << 20},
		{"64M,4096", 0, 64ULL << 20, 4096},
		{"0,1", 0, 0, 1},
		{"1G,1k", 0, 1ULL << 30, 1024},
		{"", -EINVAL, 0, 0},
		{"0x4000000", -EINVAL, 0, 0},
		{"0x4000000,", -EINVAL, 0, 0},
		{",8M", -EINVAL, 0, 0},
		{"0x4000000,8M,", -EINVAL, 0, 0},
		{"0x4000000,8Mx", -EINVAL, 0, 0},
		{"0x4000000;8M", -EINVAL, 0, 0},
		{"0x4000000,0", -EINVAL, 0, 0},
		{"16E,1", -ERANGE, 0, 0},
		{"0xffffffffffff0000,0x10000", -ERANGE, 0, 0},
		{"0xffffffffffff0000,0xffff", 0, 0xffffffffffff0000ULL, 0xffff},
		{"1,99999999999999999999", -ERANGE, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		u64 start = 7, size = 9;
		int ret = parse_initrdmem(cases[i].text, &start, &size);

		if (ret != cases[i].ret)
			print_error("parse_initrdmem(\"%s\") = %d\n",
				    cases[i].text, ret);
		assert_int_equal(ret, cases[i].ret);
		assert_int_equal(start, ret ? 7 : cases[i].start);
		assert_int_equal(size, ret ? 9 : cases[i].size);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_arg_basic),
		cmocka_unit_test(test_next_arg_quotes),
		cmocka_unit_test(test_next_arg_return),
		cmocka_unit_test(test_parse_args),
		cmocka_unit_test(test_find_option_bool),
		cmocka_unit_test(test_find_option),
		cmocka_unit_test(test_find_option_truncation),
		cmocka_unit_test(test_long_cmdline),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_parse_initrdmem),
		cmocka_unit_test(test_kstrtoull),
		cmocka_unit_test(test_kstrtoint),
		cmocka_unit_test(test_simple_strtoull),
		cmocka_unit_test(test_simple_strtoull_vs_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
