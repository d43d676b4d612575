// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/inflate.c, differential against the
 * system zlib. An input that starts with the gzip magic (1f 8b) goes to
 * gunzip() and to zlib's inflate with windowBits 31 (one gzip member);
 * any other input to inflate_raw() and windowBits -15. Both get the same
 * output space: 1 MiB, or 4 * the input size when the input size is a
 * multiple of 3 (so running out of room is compared too). They must agree:
 *   - both accept, with the same output and the same bytes consumed, or
 *   - both reject (keel with one of its documented errors);
 * and keel never writes past the space it was given (ASan watches the
 * buffer's end, and the bytes after out_len stay untouched).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/inflate.h"

#define OUT_MAX (1u << 20)
#define CANARY 0x5a

static uint8_t keel_out[OUT_MAX + 64], zlib_out[OUT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool gzip = size >= 2 && data[0] == GZIP_ID1 && data[1] == GZIP_ID2;
	size_t cap = size % 3 == 0 && size * 4 < OUT_MAX ? size * 4 : OUT_MAX;
	size_t used = 0, olen = 0, zused;
	z_stream z;
	int ret, zret;

	memset(keel_out + cap, CANARY, 64);
	ret = gzip ? gunzip(data, size, keel_out, cap, &used, &olen)
		   : inflate_raw(data, size, keel_out, cap, &used, &olen);
	check(ret == 0 || ret == -EINVAL || ret == -ENODATA || ret == -ENOSPC ||
	      ret == -EBADMSG);
	check(olen <= cap && used <= size);
	for (size_t i = 0; i < 64; i++)
		check(keel_out[cap + i] == CANARY);

	memset(&z, 0, sizeof(z));
	check(inflateInit2(&z, gzip ? 31 : -15) == Z_OK);
	z.next_in = (uint8_t *)data;
	z.avail_in = (uInt)size;
	z.next_out = zlib_out;
	z.avail_out = (uInt)cap;
	zret = inflate(&z, Z_FINISH);
	zused = size - z.avail_in;
	inflateEnd(&z);

	if (zret != Z_STREAM_END) {
		check(ret != 0);
		return 0;
	}
	check(ret == 0);
	check(olen == z.total_out);
	check(used == zused);
	check(memcmp(keel_out, zlib_out, olen) == 0);
	return 0;
}
