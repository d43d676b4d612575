/* SPDX-License-Identifier: MIT */
/*
 * The kernel's relocation table, pure: what tools/relocs writes after the
 * flat kernel image and the decompressor (boot/compressed) reads back to
 * move the kernel's virtual addresses by a delta.
 *
 * Layout, appended to the loaded bytes of the kernel (all little-endian
 * u32, offsets from the image start, _text):
 *
 *   off64[n64]   each a 64-bit absolute address of the kernel
 *                (R_X86_64_64 against a kernel symbol)
 *   off32[n32]   each a sign-extended 32-bit address of the kernel
 *                (R_X86_64_32S, -mcmodel=kernel code)
 *   n64, n32, KRELOC_MAGIC   the trailer, the last 12 bytes
 *
 * Relocation only moves virtual addresses: the physical load address is
 * taken care of by the kernel's own page tables (head64_early.c), so a
 * delta of 0 (no virtual offset) leaves the image as linked.
 */
#ifndef KEEL_LIB_KRELOC_H
#define KEEL_LIB_KRELOC_H

#include "kernel/lib/types.h"

#define KRELOC_MAGIC 0x434c524bu /* "KRLC" */
#define KRELOC_TRAILER_SIZE 12u

/* A checked table: the image it applies to ends at image_len. */
struct kreloc_table {
	const u8 *off64; /* n64 little-endian u32 offsets */
	const u8 *off32; /* n32 little-endian u32 offsets */
	u32 n64, n32;
	size_t image_len; /* bytes before the table */
};

/**
 * kreloc_parse() - find and check the table at the end of @buf
 * @buf: the decompressed bytes: image, then the table
 * @len: how many
 * @t: filled in on success
 *
 * Every offset must leave room for its 8 or 4 bytes inside the image.
 *
 * Return: 0; -EINVAL when the trailer is missing (too short, wrong magic),
 * the counts do not fit in @len, or an offset lies outside the image.
 */
int kreloc_parse(const u8 *buf, size_t len, struct kreloc_table *t);

/**
 * kreloc_apply() - add @delta to every address the table names
 * @image: the image (the first t->image_len bytes of the parsed buffer)
 * @t: a table from kreloc_parse()
 * @delta: how far the kernel's virtual addresses move
 * @bad_off: if not NULL, set to the offending offset on -ERANGE
 *
 * All 32-bit fields are checked before any byte changes: a moved address
 * must still fit its sign-extended 32 bits, or nothing is applied.
 *
 * Return: 0, or -ERANGE.
 */
int kreloc_apply(u8 *image, const struct kreloc_table *t, s64 delta,
		 u32 *bad_off);

#endif
