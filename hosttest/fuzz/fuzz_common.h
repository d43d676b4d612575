/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share: a reader that takes bytes from the input
 * and yields zeros once it runs out; check(), which aborts (a crash
 * libFuzzer and the replay build both report) when the code and the model
 * disagree; a log sink that drops every line (the formatters still run);
 * all_zero(); and a window of guest-physical memory whose reads return
 * copies, so reading past what was asked for is ASan's to catch.
 */
#ifndef KEEL_HOSTTEST_FUZZ_COMMON_H
#define KEEL_HOSTTEST_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct input {
	const uint8_t *data;
	size_t size, pos;
};

/* The next input byte, or 0 past the end. */
static inline unsigned int next_byte(struct input *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

/* The next two input bytes, little-endian (0 for bytes past the end). */
static inline unsigned int next_u16(struct input *in)
{
	unsigned int lo = next_byte(in);

	return lo | next_byte(in) << 8;
}

/* Abort unless @cond holds. */
static inline void check(int cond)
{
	if (!cond)
		abort();
}

/* A log sink (log_set_sink) that prints nothing. */
static inline void fuzz_null_sink(int level, const char *text, size_t len)
{
	(void)level;
	(void)text;
	(void)len;
}

/* Whether the @n bytes at @p are all zero. */
static inline bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* [base, base + size) of guest-physical memory, held in @bytes. */
struct fuzz_window {
	uint8_t *bytes;
	uint64_t base, size;
	void **copies; /* what fuzz_window_map() handed out */
	size_t nr_copies, cap_copies;
};

/* A malloc'd copy of [phys, phys + len), or NULL outside the window; the
 * copies live until fuzz_window_release(). */
static inline const void *fuzz_window_map(struct fuzz_window *w, uint64_t phys,
					  uint64_t len)
{
	void *copy;

	if (phys < w->base || len > w->size || phys - w->base > w->size - len)
		return NULL;
	copy = malloc(len ? len : 1);
	check(copy != NULL);
	memcpy(copy, w->bytes + (phys - w->base), len);
	if (w->nr_copies == w->cap_copies) {
		w->cap_copies = w->cap_copies ? 2 * w->cap_copies : 64;
		w->copies =
			realloc(w->copies, w->cap_copies * sizeof(*w->copies));
		check(w->copies != NULL);
	}
	w->copies[w->nr_copies++] = copy;
	return copy;
}

/* Free every copy fuzz_window_map() made. */
static inline void fuzz_window_release(struct fuzz_window *w)
{
	for (size_t i = 0; i < w->nr_copies; i++)
		free(w->copies[i]);
	w->nr_copies = 0;
}

#endif
