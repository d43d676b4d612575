/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the e820 host tests: filling a table from a literal
 * list, comparing a table with an expected list (printing both on a
 * mismatch), and the log-capture fixture.
 */
#ifndef KEEL_HOSTTEST_E820_TEST_H
#define KEEL_HOSTTEST_E820_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/e820.h"

#define E(a, s, t) ((struct e820_entry){(a), (s), (t)})
#define RAM E820_TYPE_RAM
#define RSV E820_TYPE_RESERVED
#define ACPI E820_TYPE_ACPI
#define NVS E820_TYPE_NVS
#define UNUSABLE E820_TYPE_UNUSABLE
#define PMEM E820_TYPE_PMEM
#define PRAM E820_TYPE_PRAM
#define SOFT E820_TYPE_SOFT_RESERVED

/* Fill @t with @n entries. */
static inline void table_set(struct e820_table *t, const struct e820_entry *e,
			     size_t n)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->entries, e, n * sizeof(*e));
	t->nr_entries = (uint32_t)n;
}

#define TABLE_SET(t, ...)                                                      \
	do {                                                                   \
		const struct e820_entry _e[] = {__VA_ARGS__};                  \
		table_set((t), _e, sizeof(_e) / sizeof(_e[0]));                \
	} while (0)

static inline void table_dump(const char *what, const struct e820_entry *e,
			      size_t n)
{
	fprintf(stderr, "%s (%zu entries):\n", what, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  [%zu] 0x%llx 0x%llx %u\n", i,
			(unsigned long long)e[i].addr,
			(unsigned long long)e[i].size, e[i].type);
}

static inline bool entries_equal(const struct e820_entry *a,
				 const struct e820_entry *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].addr != b[i].addr || a[i].size != b[i].size ||
		    a[i].type != b[i].type)
			return false;
	return true;
}

/* Fail unless @t holds exactly the @n entries @e, in order. */
static inline void table_expect(const struct e820_table *t,
				const struct e820_entry *e, size_t n)
{
	if (t->nr_entries == n && entries_equal(t->entries, e, n))
		return;
	table_dump("expected", e, n);
	table_dump("got", t->entries, t->nr_entries);
	fail_msg("table differs from the expected one");
}

#define TABLE_EXPECT(t, ...)                                                   \
	do {                                                                   \
		const struct e820_entry _x[] = {__VA_ARGS__};                  \
		table_expect((t), _x, sizeof(_x) / sizeof(_x[0]));             \
	} while (0)

/* Fail unless @a and @b hold the same entries. */
static inline void table_expect_same(const struct e820_table *a,
				     const struct e820_table *b)
{
	table_expect(a, b->entries, b->nr_entries);
}

/* cmocka setup and teardown: capture the log for the test. */
static inline int capture_setup(void **state)
{
	(void)state;
	log_capture_start();
	return 0;
}

static inline int capture_teardown(void **state)
{
	(void)state;
	log_capture_stop();
	return 0;
}

/* Fail unless the log holds a line containing @needle. */
#define assert_logged(needle)                                                  \
	do {                                                                   \
		if (!log_capture_contains(needle)) {                           \
			fprintf(stderr, "log:\n%s", log_capture_text());       \
			fail_msg("no log line contains \"%s\"", (needle));     \
		}                                                              \
	} while (0)

#endif
