// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/setup_params.c: the early pass (only early
 * entries, whole names, '-' as '_', up to "--", malformed values logged),
 * the __setup pass (prefix names, handlers that decline, obsolete entries,
 * early names consumed), the words left for init (name=value to envp with
 * duplicates replaced, bare words to argv, module parameters dropped,
 * quoted values put back together), the words after "--", the overflow
 * Linux panics on, and the "Unknown kernel command line parameters" list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/setup_params.h"

/* What the handlers saw, in call order: "name:value" ("name:(null)"). */
static char calls[1024];

static void record(const char *name, const char *val)
{
	size_t len = strlen(calls);

	snprintf(calls + len, sizeof(calls) - len, "%s%s:%s", len ? " " : "",
		 name, val ? val : "(null)");
}

static int early_loglevel(char *val)
{
	record("loglevel", val);
	return val && strcmp(val, "bad") == 0 ? -1 : 0;
}

static int early_quiet(char *val)
{
	record("quiet", val);
	return 0;
}

static int early_panic_on_oops(char *val)
{
	record("panic_on_oops", val);
	return 0;
}

static int setup_init(char *val)
{
	record("init=", val);
	return 1;
}

/* A bare flag: takes "norandmaps" only, leaves "norandmapsx" for init. */
static int setup_norandmaps(char *val)
{
	record("norandmaps", val);
	return *val == '\0';
}

static const struct obs_kernel_param table_entries[] = {
	{"loglevel", early_loglevel, 1},
	{"quiet", early_quiet, 1},
	{"panic_on_oops", early_panic_on_oops, 1},
	{"init=", setup_init, 0},
	{"norandmaps", setup_norandmaps, 0},
	{"oldthing", NULL, 0},
	/* a __setup and an early_param of the same name, as Linux allows */
	{"quiet", early_quiet, 0},
};
static const struct setup_table table = {
	table_entries, table_entries + ARRAY_SIZE(table_entries)};

#define MAX_ARGS 8
#define MAX_ENVS 8

static const char *argv[MAX_ARGS + 2];
static const char *envp[MAX_ENVS + 2];
static struct init_args ia;
static char line[2048];

/* Reset the recorder and init's arrays; copy @cmdline to the buffer. */
static char *start(const char *cmdline)
{
	calls[0] = '\0';
	memset(argv, 0, sizeof(argv));
	memset(envp, 0, sizeof(envp));
	envp[0] = "HOME=/";
	envp[1] = "TERM=linux";
	init_args_setup(&ia, argv, MAX_ARGS, envp, MAX_ENVS, 2);
	snprintf(line, sizeof(line), "%s", cmdline);
	return line;
}

/* Run both passes on copies of @cmdline, as start_kernel does. */
static char *run_all(const char *cmdline)
{
	static char early_copy[2048];
	char *rest;

	start(cmdline);
	snprintf(early_copy, sizeof(early_copy), "%s", cmdline);
	setup_parse_early(&table, early_copy);
	rest = setup_parse_args(&table, line, &ia);
	return rest;
}

static void assert_argv(const char *const *expect, size_t n)
{
	assert_int_equal(ia.argc, n + 1);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(argv[i + 1], expect[i]);
	assert_null(argv[n + 1]);
}

static void assert_envp(const char *const *expect, size_t n)
{
	assert_int_equal(ia.envc, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(envp[i], expect[i]);
	assert_null(envp[n]);
}

#define ASSERT_ARGV(...)                                                       \
	do {                                                                   \
		const char *const e_[] = {__VA_ARGS__};                        \
		assert_argv(e_, sizeof(e_) / sizeof(e_[0]));                   \
	} while (0)
#define ASSERT_ENVP(...)                                                       \
	do {                                                                   \
		const char *const e_[] = {__VA_ARGS__};                        \
		assert_envp(e_, sizeof(e_) / sizeof(e_[0]));                   \
	} while (0)

static void test_parameq(void **state)
{
	(void)state;
	assert_true(parameq("panic_on_oops", "panic-on-oops"));
	assert_true(parameq("a-b_c", "a_b-c"));
	assert_false(parameq("quiet", "quieter"));
	assert_false(parameq("quieter", "quiet"));
	assert_true(parameqn("init=/x", "init=", 5));
	assert_false(parameqn("initrd=/x", "init=", 5));
}

/* Only early entries, whole names, values as given, nothing after "--". */
static void test_early_pass(void **state)
{
	char *l;

	(void)state;
	l = start("  quiet loglevel=7 init=/bin/sh quieter norandmaps "
		  "panic-on-oops=1 -- loglevel=1 quiet");
	assert_int_equal(setup_parse_early(&table, l), 0);
	assert_string_equal(calls, "quiet:(null) loglevel:7 panic_on_oops:1");

	l = start("loglevel=\"3\" \"loglevel=4\" loglevel");
	assert_int_equal(setup_parse_early(&table, l), 0);
	assert_string_equal(calls, "loglevel:3 loglevel:4 loglevel:(null)");

	l = start("");
	assert_int_equal(setup_parse_early(&table, l), 0);
	assert_string_equal(calls, "");
}

static void test_early_malformed(void **state)
{
	char *l;

	(void)state;
	log_capture_start();
	l = start("loglevel=bad quiet loglevel=bad");
	assert_int_equal(setup_parse_early(&table, l), 2);
	assert_true(log_capture_contains("Malformed early option 'loglevel'"));
	assert_int_equal(log_capture_count(), 2);
	log_capture_stop();
}

/* __setup handlers get the text after their name; early names are
 * consumed, not called again; unknown words go to init. */
static void test_setup_pass(void **state)
{
	(void)state;
	assert_null(run_all("quiet init=/bin/sh loglevel=7 norandmaps"));
	/* early pass: quiet, loglevel; then the __setup "quiet" with "" */
	assert_string_equal(calls,
			    "quiet:(null) loglevel:7 quiet: init=:/bin/sh "
			    "norandmaps:");
	ASSERT_ARGV();
	ASSERT_ENVP("HOME=/", "TERM=linux");
	assert_null(ia.overflow_kind);
}

/* A handler that declines (returns 0) leaves the word for init; an
 * early_param matches its whole name only. */
static void test_setup_declines(void **state)
{
	(void)state;
	assert_null(run_all("norandmapsx loglevelx=2 quiet=1"));
	ASSERT_ARGV("norandmapsx");
	ASSERT_ENVP("HOME=/", "TERM=linux", "loglevelx=2");
}

static void test_obsolete(void **state)
{
	(void)state;
	log_capture_start();
	assert_null(run_all("oldthing=3 foo"));
	assert_true(log_capture_contains("Parameter oldthing is obsolete"));
	log_capture_stop();
	ASSERT_ARGV("foo");
}

static void test_unknown_to_init(void **state)
{
	(void)state;
	assert_null(run_all("ro single x=1 mod.param=5 mod.flag a=b.c x=2 "
			    "TERM=vt100 emergency"));
	ASSERT_ARGV("ro", "single", "emergency");
	/* a later x= replaces the earlier one; TERM replaces the default */
	ASSERT_ENVP("HOME=/", "TERM=vt100", "x=2", "a=b.c");
}

/* Quoted values come back as "name=value" without the quotes. */
static void test_quoted(void **state)
{
	(void)state;
	assert_null(run_all("FOO=\"a b\" \"BAR=c d\" init=\"/bin/sh -x\" "
			    "\"word with space\""));
	assert_string_equal(strstr(calls, "init=:"), "init=:/bin/sh -x");
	ASSERT_ENVP("HOME=/", "TERM=linux", "FOO=a b", "BAR=c d");
	ASSERT_ARGV("word with space");
}

/* After "--" every word goes to argv as written; the kernel reads none. */
static void test_dashes(void **state)
{
	char *rest;

	(void)state;
	rest = run_all("quiet foo -- init=/x loglevel=1 \"a b\" -- bar");
	assert_non_null(rest);
	assert_string_equal(calls, "quiet:(null) quiet:");
	ASSERT_ARGV("foo");
	setup_init_args(rest, &ia);
	ASSERT_ARGV("foo", "init=/x", "loglevel=1", "a b", "--", "bar");
	ASSERT_ENVP("HOME=/", "TERM=linux");

	/* "--" as a value or inside a word is no separator */
	assert_null(run_all("x=-- --y"));
	ASSERT_ARGV("--y");
	ASSERT_ENVP("HOME=/", "TERM=linux", "x=--");

	rest = run_all("--");
	assert_non_null(rest);
	assert_string_equal(rest, "");
	setup_init_args(rest, &ia);
	ASSERT_ARGV();
}

static void test_overflow(void **state)
{
	char buf[256], *p = buf;

	(void)state;
	for (int i = 0; i < MAX_ARGS + 1; i++)
		p += sprintf(p, "w%d ", i);
	assert_null(run_all(buf));
	/* argv[0] is init's: MAX_ARGS - 1 words fit */
	assert_int_equal(ia.argc, MAX_ARGS);
	assert_string_equal(ia.overflow_kind, "init");
	assert_string_equal(ia.overflow_param, "w7");
	assert_null(argv[MAX_ARGS]);

	p = buf;
	for (int i = 0; i < MAX_ENVS; i++)
		p += sprintf(p, "e%d=%d ", i, i);
	assert_null(run_all(buf));
	assert_int_equal(ia.envc, MAX_ENVS);
	assert_string_equal(ia.overflow_kind, "env");
	assert_string_equal(ia.overflow_param, "e6=6");
	assert_null(envp[MAX_ENVS]);

	/* after an overflow every later word is dropped, as in Linux */
	strcat(buf, "late=1 late");
	assert_null(run_all(buf));
	assert_int_equal(ia.envc, MAX_ENVS);
	assert_int_equal(ia.argc, 1);

	/* a full envp still takes a replacement of an existing name */
	p = buf;
	for (int i = 0; i < MAX_ENVS - 2; i++)
		p += sprintf(p, "e%d=%d ", i, i);
	strcpy(p, "e0=new");
	assert_null(run_all(buf));
	assert_null(ia.overflow_kind);
	assert_string_equal(envp[2], "e0=new");
}

static void test_format_unknown(void **state)
{
	char buf[64];

	(void)state;
	assert_null(run_all("quiet"));
	assert_int_equal(setup_format_unknown(&ia, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");

	/* environment words first, then argv, as Linux lists them */
	assert_null(run_all("one x=1 two mod.p=1 y=\"2 3\""));
	assert_int_equal(setup_format_unknown(&ia, buf, sizeof(buf)), 17);
	assert_string_equal(buf, "x=1 y=2 3 one two");

	/* truncated, always terminated */
	assert_int_equal(setup_format_unknown(&ia, buf, 6), 5);
	assert_string_equal(buf, "x=1 y");
	assert_int_equal(setup_format_unknown(&ia, buf, 0), 0);
}

static void test_find(void **state)
{
	(void)state;
	assert_ptr_equal(setup_find(&table, "quiet"), &table_entries[1]);
	assert_ptr_equal(setup_find(&table, "loglevel=3"), &table_entries[0]);
	assert_ptr_equal(setup_find(&table, "panic-on-oops"),
			 &table_entries[2]);
	assert_ptr_equal(setup_find(&table, "init=/x"), &table_entries[3]);
	assert_null(setup_find(&table, "init"));
	assert_null(setup_find(&table, "initrd=/x"));
	assert_null(setup_find(&table, "loglevelx"));
	assert_null(setup_find(&table, "unknown"));
	/* a __setup name is a prefix */
	assert_ptr_equal(setup_find(&table, "norandmapsx"), &table_entries[4]);
	/* the early "quiet" wins over the __setup "quiet" */
	assert_ptr_equal(setup_find(&table, "quiet=1"), &table_entries[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parameq),
		cmocka_unit_test(test_early_pass),
		cmocka_unit_test(test_early_malformed),
		cmocka_unit_test(test_setup_pass),
		cmocka_unit_test(test_setup_declines),
		cmocka_unit_test(test_obsolete),
		cmocka_unit_test(test_unknown_to_init),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_dashes),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_format_unknown),
		cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
