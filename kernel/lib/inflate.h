/* SPDX-License-Identifier: MIT */
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decompression, pure, for the
 * compressed initramfs and kernel image. The whole output stays in the
 * caller's buffer, so distances reach back into it and no window is kept;
 * the decoder state (< 4 KiB) lives on the stack and nothing is allocated.
 *
 * The input may be hostile: every read is bounds-checked against in_len,
 * every write against out_cap, and the Huffman tables are refused where
 * zlib refuses them (over-subscribed, or incomplete unless the code is a
 * single one-bit code of a literal/length or distance tree).
 *
 * Errors (negated): -EINVAL malformed data, -ENODATA the input ends too
 * early, -ENOSPC the output does not fit in out_cap, -EBADMSG a gzip
 * header CRC, data CRC32 or ISIZE that does not match.
 */
#ifndef KEEL_LIB_INFLATE_H
#define KEEL_LIB_INFLATE_H

#include "kernel/lib/types.h"

/* gzip header bytes and FLG bits (RFC 1952 2.3.1). */
#define GZIP_ID1 0x1f
#define GZIP_ID2 0x8b
#define GZIP_CM_DEFLATE 8
#define GZIP_FTEXT 0x01
#define GZIP_FHCRC 0x02
#define GZIP_FEXTRA 0x04
#define GZIP_FNAME 0x08
#define GZIP_FCOMMENT 0x10
#define GZIP_FRESERVED 0xe0

/**
 * inflate_raw() - decode one raw DEFLATE stream (up to its final block)
 * @in: the compressed bytes
 * @in_len: how many there are
 * @out: where the decoded bytes go
 * @out_cap: the size of @out
 * @in_used: if not NULL, set to the bytes consumed (the final block's last
 *	byte included; trailing input is not looked at)
 * @out_len: if not NULL, set to the bytes written to @out
 *
 * @in_used and @out_len are set on errors too (the progress made).
 *
 * Return: 0, or -EINVAL, -ENODATA or -ENOSPC.
 */
int inflate_raw(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		size_t *in_used, size_t *out_len);

/**
 * gunzip() - decode one gzip member: header, DEFLATE data, trailer
 * @in: the member (trailing bytes after it are not looked at)
 * @in_len: the bytes available at @in
 * @out: where the decoded bytes go
 * @out_cap: the size of @out
 * @in_used: if not NULL, set to the member's size (trailer included)
 * @out_len: if not NULL, set to the bytes written to @out
 *
 * FTEXT, FHCRC (checked), FEXTRA, FNAME and FCOMMENT are understood; a
 * reserved FLG bit or a CM other than 8 is -EINVAL. The trailer's CRC32
 * and ISIZE must match the output.
 *
 * Return: 0, or -EINVAL, -ENODATA, -ENOSPC or -EBADMSG.
 */
int gunzip(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	   size_t *in_used, size_t *out_len);

/**
 * gzip_crc32() - the CRC-32 of gzip and zlib (reflected, 0xedb88320)
 * @crc: 0 to start, or the previous result to continue
 * @buf: the bytes
 * @len: how many
 *
 * Return: the updated CRC.
 */
u32 gzip_crc32(u32 crc, const void *buf, size_t len);

#endif
