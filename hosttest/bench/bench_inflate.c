// SPDX-License-Identifier: MIT
/*
 * Benchmarks of kernel/lib/inflate.c on the host. Prints "name: value unit".
 *
 *   gunzip_text_1m      gunzip of 1 MiB of English-like text compressed
 *                       by zlib at level 6 (about 4:1), MB/s of output
 *   gunzip_text_1m_zlib the same member through the system zlib, for scale
 *   gunzip_random_1m    1 MiB of random bytes (stored blocks), MB/s
 *
 * Each figure is the best of several rounds (the machine is shared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "hosttest/bench/bench_util.h"
#include "kernel/lib/inflate.h"

#define ROUNDS 7
#define SIZE (1UL << 20)

static unsigned char src[SIZE], comp[SIZE + SIZE / 8 + 1024], out[SIZE];

static void die(const char *what)
{
	fprintf(stderr, "bench_inflate: %s\n", what);
	exit(1);
}

static size_t compress_gzip(int level)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		die("deflateInit2");
	z.next_in = src;
	z.avail_in = SIZE;
	z.next_out = comp;
	z.avail_out = sizeof(comp);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		die("deflate");
	deflateEnd(&z);
	return z.total_out;
}

static double best_mbs(size_t clen, int use_zlib)
{
	uint64_t best = UINT64_MAX;

	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = bench_now_ns(), t;
		size_t olen = 0;

		if (use_zlib) {
			z_stream z;

			memset(&z, 0, sizeof(z));
			inflateInit2(&z, 31);
			z.next_in = comp;
			z.avail_in = (uInt)clen;
			z.next_out = out;
			z.avail_out = SIZE;
			if (inflate(&z, Z_FINISH) != Z_STREAM_END)
				die("zlib inflate");
			olen = z.total_out;
			inflateEnd(&z);
		} else if (gunzip(comp, clen, out, SIZE, NULL, &olen) != 0) {
			die("gunzip");
		}
		t = bench_now_ns() - t0;
		if (olen != SIZE || memcmp(out, src, SIZE) != 0)
			die("wrong output");
		if (t < best)
			best = t;
	}
	return (double)SIZE / 1e6 / ((double)best / 1e9);
}

int main(void)
{
	static const char *words[] = {"the ",	  "kernel ", "maps ", "a ",
				      "page ",	  "when ",   "user ", "space ",
				      "faults ",  "on ",     "it, ",  "and\n",
				      "inflate ", "reads ",  "bits "};
	unsigned int rng = 1;
	size_t clen;

	for (size_t i = 0; i < SIZE;) {
		const char *w;

		rng = rng * 1103515245 + 12345;
		w = words[(rng >> 16) % 15];
		while (*w && i < SIZE)
			src[i++] = (unsigned char)*w++;
	}
	clen = compress_gzip(6);
	printf("gunzip_text_1m: %.1f MB/s\n", best_mbs(clen, 0));
	printf("gunzip_text_1m_zlib: %.1f MB/s\n", best_mbs(clen, 1));
	for (size_t i = 0; i < SIZE; i++) {
		rng = rng * 1103515245 + 12345;
		src[i] = (unsigned char)(rng >> 16);
	}
	clen = compress_gzip(6);
	printf("gunzip_random_1m: %.1f MB/s\n", best_mbs(clen, 0));
	return 0;
}
