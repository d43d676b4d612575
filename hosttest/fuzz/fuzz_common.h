/* SPDX-License-Identifier: MIT */
/*
 * What the model-checking fuzz targets share: a reader that takes bytes
 * from the input and yields zeros once it runs out, and check(), which
 * aborts (a crash libFuzzer and the replay build both report) when the
 * allocator and the model disagree.
 */
#ifndef KEEL_HOSTTEST_FUZZ_COMMON_H
#define KEEL_HOSTTEST_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

#endif
