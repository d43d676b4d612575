// SPDX-License-Identifier: MIT
/*
 * The kernel's relocation table; the contract is in kreloc.h.
 */
#include "kernel/lib/kreloc.h"

#include "kernel/lib/errno.h"

static u32 get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get64(const u8 *p)
{
	return (u64)get32(p) | (u64)get32(p + 4) << 32;
}

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static int check_offsets(const u8 *offs, u32 n, size_t width, size_t image_len)
{
	for (u32 i = 0; i < n; i++) {
		u32 off = get32(offs + (size_t)i * 4);

		if (image_len < width || off > image_len - width)
			return -EINVAL;
	}
	return 0;
}

int kreloc_parse(const u8 *buf, size_t len, struct kreloc_table *t)
{
	const u8 *trailer;
	u64 table;
	u32 n64, n32;

	if (len < KRELOC_TRAILER_SIZE)
		return -EINVAL;
	trailer = buf + len - KRELOC_TRAILER_SIZE;
	if (get32(trailer + 8) != KRELOC_MAGIC)
		return -EINVAL;
	n64 = get32(trailer);
	n32 = get32(trailer + 4);
	table = ((u64)n64 + n32) * 4 + KRELOC_TRAILER_SIZE;
	if (table > len)
		return -EINVAL;
	t->image_len = len - (size_t)table;
	t->off64 = buf + t->image_len;
	t->off32 = t->off64 + (size_t)n64 * 4;
	t->n64 = n64;
	t->n32 = n32;
	if (check_offsets(t->off64, n64, 8, t->image_len) ||
	    check_offsets(t->off32, n32, 4, t->image_len))
		return -EINVAL;
	return 0;
}

int kreloc_apply(u8 *image, const struct kreloc_table *t, s64 delta,
		 u32 *bad_off)
{
	u32 i, off;

	for (i = 0; i < t->n32; i++) {
		s64 moved;

		off = get32(t->off32 + (size_t)i * 4);
		moved = (s64)(s32)get32(image + off) + delta;
		if (moved < INT32_MIN || moved > INT32_MAX) {
			if (bad_off)
				*bad_off = off;
			return -ERANGE;
		}
	}
	for (i = 0; i < t->n64; i++) {
		off = get32(t->off64 + (size_t)i * 4);
		put64(image + off, get64(image + off) + (u64)delta);
	}
	for (i = 0; i < t->n32; i++) {
		off = get32(t->off32 + (size_t)i * 4);
		put32(image + off, get32(image + off) + (u32)delta);
	}
	return 0;
}
