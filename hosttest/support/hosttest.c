// SPDX-License-Identifier: MIT
#include "hosttest/support/hosttest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/log.h"
#include "mm/physmap.h"

#define CAPTURE_MAX_LINES 4096

struct captured {
	int level;
	char *text;
};

static struct captured lines[CAPTURE_MAX_LINES];
static size_t nlines;
static char *joined;
static bool verbose;

static void clear_capture(void)
{
	for (size_t i = 0; i < nlines; i++)
		free(lines[i].text);
	nlines = 0;
	free(joined);
	joined = NULL;
}

static void capture_sink(int level, const char *text, size_t len)
{
	if (verbose)
		fprintf(stderr, "<%d>%.*s\n", level, (int)len, text);
	if (nlines == CAPTURE_MAX_LINES)
		return;
	lines[nlines].level = level;
	lines[nlines].text = strndup(text, len);
	if (!lines[nlines].text)
		abort();
	nlines++;
}

void log_capture_start(void)
{
	clear_capture();
	verbose = getenv("KEEL_TEST_VERBOSE") != NULL;
	log_set_sink(capture_sink);
}

void log_capture_stop(void)
{
	log_set_sink(NULL);
}

size_t log_capture_count(void)
{
	return nlines;
}

const char *log_capture_line(size_t i, int *level)
{
	if (i >= nlines)
		return NULL;
	if (level)
		*level = lines[i].level;
	return lines[i].text;
}

bool log_capture_contains(const char *needle)
{
	for (size_t i = 0; i < nlines; i++)
		if (strstr(lines[i].text, needle))
			return true;
	return false;
}

const char *log_capture_text(void)
{
	size_t total = 1;
	char *p;

	for (size_t i = 0; i < nlines; i++)
		total += strlen(lines[i].text) + 1;
	free(joined);
	joined = malloc(total);
	if (!joined)
		abort();
	p = joined;
	*p = '\0';
	for (size_t i = 0; i < nlines; i++) {
		size_t l = strlen(lines[i].text);

		memcpy(p, lines[i].text, l);
		p += l;
		*p++ = '\n';
		*p = '\0';
	}
	return joined;
}

void test_arena_init(struct test_arena *a, uint64_t phys_base, size_t size)
{
	a->mem = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
	if (!a->mem) {
		fprintf(stderr, "test_arena_init: cannot allocate %zu bytes\n",
			size);
		abort();
	}
	memset(a->mem, 0, size);
	a->phys_base = phys_base;
	a->size = size;
	physmap_set_offset((uintptr_t)a->mem - (uintptr_t)phys_base);
}

void test_arena_free(struct test_arena *a)
{
	free(a->mem);
	a->mem = NULL;
	a->size = 0;
}
