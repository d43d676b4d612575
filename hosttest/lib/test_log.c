// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/log.c: the installed sink receives each
 * message formatted by keel's formatter (keel-only conversions such as %pa
 * included) together with its level; every pr_* macro maps to its Linux
 * level and applies pr_fmt; log_set_sink() returns the previous sink; a
 * NULL sink drops messages; messages longer than LOG_LINE_MAX - 1
 * characters are cut to exactly that; and the hosttest capture helpers see
 * what pure code logs.
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

#define pr_fmt(fmt) "logtest: " fmt

#include "hosttest/support/hosttest.h"
#include "kernel/lib/log.h"

/* What the recording sink saw last. */
static int sink_calls;
static int last_level;
static size_t last_len;
static char last_text[2 * LOG_LINE_MAX];
static bool last_terminated;

static void recording_sink(int level, const char *text, size_t len)
{
	sink_calls++;
	last_level = level;
	last_len = len;
	assert_true(len < sizeof(last_text));
	memcpy(last_text, text, len);
	last_text[len] = '\0';
	last_terminated = text[len] == '\0';
}

static void other_sink(int level, const char *text, size_t len)
{
	(void)level;
	(void)text;
	(void)len;
}

static int setup(void **state)
{
	(void)state;
	sink_calls = 0;
	last_level = -1;
	last_len = 0;
	last_text[0] = '\0';
	log_set_sink(recording_sink);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_set_sink(NULL);
	return 0;
}

static void test_formats_with_keel(void **state)
{
	phys_addr_t pa = 0x9fc00;

	(void)state;
	log_printf(LOGLEVEL_INFO, "e820: %d entries, %s, %#llx", 7, "sane",
		   0x100000ULL);
	assert_int_equal(sink_calls, 1);
	assert_int_equal(last_level, LOGLEVEL_INFO);
	assert_string_equal(last_text, "e820: 7 entries, sane, 0x100000");
	assert_int_equal(last_len, strlen(last_text));
	assert_true(last_terminated);

	/* %pa exists only in keel's formatter */
	log_printf(LOGLEVEL_ERR, "reserved at %pa", &pa);
	assert_string_equal(last_text, "reserved at 0x000000000009fc00");
	assert_int_equal(sink_calls, 2);

	log_printf(LOGLEVEL_DEBUG, "%s", "");
	assert_int_equal(sink_calls, 3);
	assert_int_equal(last_len, 0);
}

static void test_levels_and_prefix(void **state)
{
	static const struct {
		int level;
		const char *word;
	} want[] = {
		{LOGLEVEL_EMERG, "emerg"},   {LOGLEVEL_CRIT, "crit"},
		{LOGLEVEL_ERR, "err"},	     {LOGLEVEL_WARNING, "warn"},
		{LOGLEVEL_NOTICE, "notice"}, {LOGLEVEL_INFO, "info"},
		{LOGLEVEL_DEBUG, "debug"},
	};
	char expect[64];

	(void)state;
	assert_int_equal(LOGLEVEL_ERR, 3);
	assert_int_equal(LOGLEVEL_WARNING, 4);
	assert_int_equal(LOGLEVEL_INFO, 6);
	assert_int_equal(LOGLEVEL_DEBUG, 7);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int before = sink_calls;

		switch (want[i].level) {
		case LOGLEVEL_EMERG:
			pr_emerg("%s %d", want[i].word, 0);
			break;
		case LOGLEVEL_CRIT:
			pr_crit("%s %d", want[i].word, 2);
			break;
		case LOGLEVEL_ERR:
			pr_err("%s %d", want[i].word, 3);
			break;
		case LOGLEVEL_WARNING:
			pr_warn("%s %d", want[i].word, 4);
			break;
		case LOGLEVEL_NOTICE:
			pr_notice("%s %d", want[i].word, 5);
			break;
		case LOGLEVEL_INFO:
			pr_info("%s %d", want[i].word, 6);
			break;
		default:
			pr_debug("%s %d", want[i].word, 7);
		}
		assert_int_equal(sink_calls, before + 1);
		assert_int_equal(last_level, want[i].level);
		snprintf(expect, sizeof(expect), "logtest: %s %d", want[i].word,
			 want[i].level);
		assert_string_equal(last_text, expect);
	}
	pr_info("no arguments\n");
	assert_string_equal(last_text, "logtest: no arguments\n");
}

static void test_set_sink_returns_previous(void **state)
{
	(void)state;
	assert_ptr_equal(log_set_sink(other_sink), recording_sink);
	assert_ptr_equal(log_set_sink(NULL), other_sink);
	assert_ptr_equal(log_set_sink(recording_sink), NULL);
}

static void test_null_sink_drops(void **state)
{
	(void)state;
	log_set_sink(NULL);
	pr_err("dropped %d", 1);
	log_printf(LOGLEVEL_INFO, "dropped too");
	log_set_sink(recording_sink);
	assert_int_equal(sink_calls, 0);
	pr_err("kept");
	assert_int_equal(sink_calls, 1);
	assert_string_equal(last_text, "logtest: kept");
}

/* Log a run of @n characters 'a'..'z' repeated; return the expected text. */
static char *log_run(size_t n)
{
	char *text = malloc(n + 1);

	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		text[i] = (char)('a' + i % 26);
	text[n] = '\0';
	log_printf(LOGLEVEL_WARNING, "%s", text);
	return text;
}

static void test_truncation(void **state)
{
	const size_t sizes[] = {LOG_LINE_MAX - 2, LOG_LINE_MAX - 1,
				LOG_LINE_MAX, LOG_LINE_MAX + 1,
				3 * LOG_LINE_MAX / 2};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		size_t keep = n < LOG_LINE_MAX ? n : LOG_LINE_MAX - 1;
		char *text = log_run(n);

		assert_int_equal(last_level, LOGLEVEL_WARNING);
		assert_int_equal(last_len, keep);
		assert_memory_equal(last_text, text, keep);
		assert_true(last_terminated);
		free(text);
	}

	/* a field that overflows the line is cut the same way */
	log_printf(LOGLEVEL_INFO, "x%*d", 5000, 1);
	assert_int_equal(last_len, LOG_LINE_MAX - 1);
	assert_int_equal(last_text[0], 'x');
	assert_int_equal(strspn(last_text + 1, " "), LOG_LINE_MAX - 2);
}

static void vlog_helper(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(level, fmt, ap);
	va_end(ap);
}

static void test_vprintf(void **state)
{
	(void)state;
	vlog_helper(LOGLEVEL_NOTICE, "%s=%u", "cpus", 4u);
	assert_int_equal(last_level, LOGLEVEL_NOTICE);
	assert_string_equal(last_text, "cpus=4");
}

/* The capture helpers other tests rely on see pure code's messages. */
static void test_capture_helpers(void **state)
{
	int level = -1;

	(void)state;
	log_capture_start();
	pr_warn("first %d", 1);
	pr_err("second %s", "line");
	log_capture_stop();
	pr_err("after stop");
	assert_int_equal(log_capture_count(), 2);
	assert_string_equal(log_capture_line(0, &level), "logtest: first 1");
	assert_int_equal(level, LOGLEVEL_WARNING);
	assert_string_equal(log_capture_line(1, &level),
			    "logtest: second line");
	assert_int_equal(level, LOGLEVEL_ERR);
	assert_true(log_capture_contains("second line"));
	assert_false(log_capture_contains("after stop"));
	assert_string_equal(log_capture_text(),
			    "logtest: first 1\nlogtest: second line\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_formats_with_keel, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_levels_and_prefix, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_set_sink_returns_previous,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_sink_drops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_truncation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vprintf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capture_helpers, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
