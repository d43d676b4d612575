// SPDX-License-Identifier: MIT
/*
 * DEFLATE and gzip decoding, pure; the contract is in inflate.h.
 *
 * Huffman codes are canonical (RFC 1951 3.2.2), so a tree is kept as the
 * number of codes of each length and the symbols in code order; decoding
 * walks the lengths one bit at a time. In front of that sits a table
 * indexed by the next INFL_FAST_BITS input bits that answers every code
 * of at most that many bits in one look-up; longer codes (and invalid
 * ones) take the bit-by-bit walk.
 *
 * Bits come from a 64-bit accumulator refilled a byte at a time, never
 * past in_len; stored blocks and the gzip trailer go back to byte
 * reading after handing the accumulator's whole bytes back.
 */
#include "kernel/lib/inflate.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

#define INFL_MAXBITS 15
#define INFL_FAST_BITS 9
#define INFL_NLITLEN 288 /* fixed tree size; dynamic trees have <= 286 */
#define INFL_NDIST 32 /* fixed tree size; dynamic trees have <= 30 */
#define INFL_NCODELEN 19
/* A fast-table entry: symbol in the low 9 bits, code length above; 0 is
 * "not in the table". */
#define INFL_FAST_SYM_BITS 9

struct huff {
	u16 *symbol;
	u16 count[INFL_MAXBITS + 1];
	u16 fast[1 << INFL_FAST_BITS];
};

struct inflate_state {
	const u8 *in;
	size_t in_len, in_pos;
	u64 bitbuf;
	unsigned int bitcnt;
	u8 *out;
	size_t out_cap, out_pos;
	struct huff lit, dist;
	u16 lit_sym[INFL_NLITLEN];
	u16 dist_sym[INFL_NDIST];
	u8 lens[INFL_NLITLEN + INFL_NDIST];
};

_Static_assert(sizeof(struct inflate_state) < 4096,
	       "the inflate state lives on the stack");

/* RFC 1951 3.2.5: length symbols 257..285 and distance symbols 0..29. */
static const u16 len_base[29] = {3,  4,	 5,  6,	  7,   8,   9,	 10,  11, 13,
				 15, 17, 19, 23,  27,  31,  35,	 43,  51, 59,
				 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const u8 len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const u16 dist_base[30] = {
	1,    2,    3,	  4,	5,    7,    9,	  13,	 17,	25,
	33,   49,   65,	  97,	129,  193,  257,  385,	 513,	769,
	1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const u8 dist_extra[30] = {0, 0, 0,  0,	1,  1,	2,  2,	3,  3,
				  4, 4, 5,  5,	6,  6,	7,  7,	8,  8,
				  9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
/* The order code-length code lengths come in (RFC 1951 3.2.7). */
static const u8 codelen_order[INFL_NCODELEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

static void refill(struct inflate_state *s)
{
	while (s->bitcnt <= 56 && s->in_pos < s->in_len) {
		s->bitbuf |= (u64)s->in[s->in_pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
}

/* The next @n (<= 16) bits, LSB first, into *@v. */
static int getbits(struct inflate_state *s, unsigned int n, u32 *v)
{
	if (s->bitcnt < n) {
		refill(s);
		if (s->bitcnt < n)
			return -ENODATA;
	}
	*v = (u32)(s->bitbuf & ((1U << n) - 1));
	s->bitbuf >>= n;
	s->bitcnt -= n;
	return 0;
}

/* Go back to byte reading: drop the partial byte, return whole bytes. */
static void align_to_byte(struct inflate_state *s)
{
	s->in_pos -= s->bitcnt / 8;
	s->bitbuf = 0;
	s->bitcnt = 0;
}

static unsigned int bitrev(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	while (len--) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Build @h from the code lengths @lens[0..n). @codelen: the code-length
 * code, which must be complete; the other trees may also be a single
 * one-bit code (zlib's rule). No codes at all builds an empty tree whose
 * every decode fails.
 */
static int huff_build(struct huff *h, const u8 *lens, unsigned int n,
		      bool codelen)
{
	u16 offs[INFL_MAXBITS + 1];
	unsigned int len, sym, max = 0, idx = 0, code = 0;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	memset(h->fast, 0, sizeof(h->fast));
	for (sym = 0; sym < n; sym++)
		h->count[lens[sym]]++;
	for (len = 1; len <= INFL_MAXBITS; len++) {
		if (h->count[len])
			max = len;
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return -EINVAL; /* over-subscribed */
	}
	if (max == 0) {
		h->count[0] = 0;
		return 0;
	}
	if (left > 0 && (codelen || max != 1))
		return -EINVAL; /* incomplete */
	offs[1] = 0;
	for (len = 1; len < INFL_MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (sym = 0; sym < n; sym++)
		if (lens[sym])
			h->symbol[offs[lens[sym]]++] = (u16)sym;
	for (len = 1; len <= max && len <= INFL_FAST_BITS; len++) {
		for (unsigned int k = 0; k < h->count[len]; k++, code++) {
			u16 entry = (u16)(h->symbol[idx++] |
					  len << INFL_FAST_SYM_BITS);

			for (unsigned int j = bitrev(code, len);
			     j < (1U << INFL_FAST_BITS); j += 1U << len)
				h->fast[j] = entry;
		}
		code <<= 1;
	}
	return 0;
}

/* The canonical walk, one bit at a time, for codes the table misses. */
static int decode_slow(struct inflate_state *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0;

	for (unsigned int len = 1; len <= INFL_MAXBITS; len++) {
		u32 bit;
		int count = h->count[len];
		int ret = getbits(s, 1, &bit);

		if (ret)
			return ret;
		code |= (int)bit;
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return -EINVAL; /* a code an incomplete (or empty) tree lacks */
}

/* The next symbol of @h, or a negative error. */
static inline int decode(struct inflate_state *s, const struct huff *h)
{
	unsigned int entry, len;

	if (s->bitcnt < INFL_FAST_BITS)
		refill(s);
	entry = h->fast[s->bitbuf & ((1U << INFL_FAST_BITS) - 1)];
	len = entry >> INFL_FAST_SYM_BITS;
	if (entry && len <= s->bitcnt) {
		s->bitbuf >>= len;
		s->bitcnt -= len;
		return (int)(entry & ((1U << INFL_FAST_SYM_BITS) - 1));
	}
	return decode_slow(s, h);
}

/* The symbols of one Huffman-coded block, up to its end-of-block. */
static int inflate_codes(struct inflate_state *s)
{
	for (;;) {
		int sym = decode(s, &s->lit);
		u32 extra, len, dist;
		int ret;

		if (sym < 0)
			return sym;
		if (sym < 256) {
			if (s->out_pos >= s->out_cap)
				return -ENOSPC;
			s->out[s->out_pos++] = (u8)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return -EINVAL; /* 286 or 287 in a fixed block */
		ret = getbits(s, len_extra[sym], &extra);
		if (ret)
			return ret;
		len = len_base[sym] + extra;
		sym = decode(s, &s->dist);
		if (sym < 0)
			return sym;
		if (sym >= 30)
			return -EINVAL; /* 30 or 31 in a fixed block */
		ret = getbits(s, dist_extra[sym], &extra);
		if (ret)
			return ret;
		dist = dist_base[sym] + extra;
		if (dist > s->out_pos)
			return -EINVAL; /* before the start of the output */
		if (len > s->out_cap - s->out_pos)
			return -ENOSPC;
		{
			u8 *dst = s->out + s->out_pos;
			const u8 *src = dst - dist;

			s->out_pos += len;
			while (len--)
				*dst++ = *src++;
		}
	}
}

static int inflate_stored(struct inflate_state *s)
{
	size_t len;

	align_to_byte(s);
	if (s->in_len - s->in_pos < 4)
		return -ENODATA;
	len = s->in[s->in_pos] | (size_t)s->in[s->in_pos + 1] << 8;
	if ((s->in[s->in_pos + 2] ^ s->in[s->in_pos + 3] << 8 ^ len) != 0xffff)
		return -EINVAL; /* NLEN is not ~LEN */
	s->in_pos += 4;
	if (s->in_len - s->in_pos < len)
		return -ENODATA;
	if (s->out_cap - s->out_pos < len)
		return -ENOSPC;
	memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
	s->in_pos += len;
	s->out_pos += len;
	return 0;
}

static int inflate_fixed(struct inflate_state *s)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 144; i++)
		s->lens[i] = 8;
	for (; i < 256; i++)
		s->lens[i] = 9;
	for (; i < 280; i++)
		s->lens[i] = 7;
	for (; i < INFL_NLITLEN; i++)
		s->lens[i] = 8;
	ret = huff_build(&s->lit, s->lens, INFL_NLITLEN, false);
	if (ret)
		return ret;
	for (i = 0; i < INFL_NDIST; i++)
		s->lens[i] = 5;
	ret = huff_build(&s->dist, s->lens, INFL_NDIST, false);
	if (ret)
		return ret;
	return inflate_codes(s);
}

static int inflate_dynamic(struct inflate_state *s)
{
	u32 hlit, hdist, hclen, v;
	unsigned int i, total;
	int ret;

	if ((ret = getbits(s, 5, &hlit)) || (ret = getbits(s, 5, &hdist)) ||
	    (ret = getbits(s, 4, &hclen)))
		return ret;
	hlit += 257;
	hdist += 1;
	hclen += 4;
	if (hlit > 286 || hdist > 30)
		return -EINVAL;
	memset(s->lens, 0, INFL_NCODELEN);
	for (i = 0; i < hclen; i++) {
		ret = getbits(s, 3, &v);
		if (ret)
			return ret;
		s->lens[codelen_order[i]] = (u8)v;
	}
	/* The code-length code borrows the literal/length tree. */
	ret = huff_build(&s->lit, s->lens, INFL_NCODELEN, true);
	if (ret)
		return ret;
	total = hlit + hdist;
	for (i = 0; i < total;) {
		int sym = decode(s, &s->lit);
		u32 rep;
		u8 val = 0;

		if (sym < 0)
			return sym;
		if (sym < 16) {
			s->lens[i++] = (u8)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return -EINVAL; /* nothing to repeat */
			val = s->lens[i - 1];
			ret = getbits(s, 2, &rep);
			rep += 3;
		} else if (sym == 17) {
			ret = getbits(s, 3, &rep);
			rep += 3;
		} else {
			ret = getbits(s, 7, &rep);
			rep += 11;
		}
		if (ret)
			return ret;
		if (rep > total - i)
			return -EINVAL; /* repeats past the last length */
		while (rep--)
			s->lens[i++] = val;
	}
	if (s->lens[256] == 0)
		return -EINVAL; /* no end-of-block code */
	ret = huff_build(&s->lit, s->lens, hlit, false);
	if (ret)
		return ret;
	ret = huff_build(&s->dist, s->lens + hlit, hdist, false);
	if (ret)
		return ret;
	return inflate_codes(s);
}

static int inflate_blocks(struct inflate_state *s)
{
	u32 final, type;
	int ret;

	do {
		if ((ret = getbits(s, 1, &final)) ||
		    (ret = getbits(s, 2, &type)))
			return ret;
		if (type == 0)
			ret = inflate_stored(s);
		else if (type == 1)
			ret = inflate_fixed(s);
		else if (type == 2)
			ret = inflate_dynamic(s);
		else
			ret = -EINVAL; /* BTYPE 11 is reserved */
		if (ret)
			return ret;
	} while (!final);
	return 0;
}

int inflate_raw(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		size_t *in_used, size_t *out_len)
{
	struct inflate_state s;
	int ret;

	s.in = in;
	s.in_len = in_len;
	s.in_pos = 0;
	s.bitbuf = 0;
	s.bitcnt = 0;
	s.out = out;
	s.out_cap = out_cap;
	s.out_pos = 0;
	s.lit.symbol = s.lit_sym;
	s.dist.symbol = s.dist_sym;
	ret = inflate_blocks(&s);
	align_to_byte(&s);
	if (in_used)
		*in_used = s.in_pos;
	if (out_len)
		*out_len = s.out_pos;
	return ret;
}

static const u32 crc32_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
	0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c};

u32 gzip_crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = crc >> 4 ^ crc32_nibble[crc & 15];
		crc = crc >> 4 ^ crc32_nibble[crc & 15];
	}
	return ~crc;
}

static u32 get_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* Skip a NUL-terminated FNAME or FCOMMENT field at *@pos. */
static int skip_string(const u8 *in, size_t in_len, size_t *pos)
{
	while (*pos < in_len)
		if (in[(*pos)++] == 0)
			return 0;
	return -ENODATA;
}

/* The gzip header (RFC 1952 2.3): its size into *@pos. */
static int gzip_header(const u8 *in, size_t in_len, size_t *pos)
{
	u8 flg;
	int ret;

	if (in_len < 10)
		return -ENODATA;
	if (in[0] != GZIP_ID1 || in[1] != GZIP_ID2 || in[2] != GZIP_CM_DEFLATE)
		return -EINVAL;
	flg = in[3];
	if (flg & GZIP_FRESERVED)
		return -EINVAL;
	*pos = 10; /* MTIME, XFL and OS are not used */
	if (flg & GZIP_FEXTRA) {
		size_t xlen;

		if (in_len - *pos < 2)
			return -ENODATA;
		xlen = in[*pos] | (size_t)in[*pos + 1] << 8;
		*pos += 2;
		if (in_len - *pos < xlen)
			return -ENODATA;
		*pos += xlen;
	}
	if ((flg & GZIP_FNAME) && (ret = skip_string(in, in_len, pos)))
		return ret;
	if ((flg & GZIP_FCOMMENT) && (ret = skip_string(in, in_len, pos)))
		return ret;
	if (flg & GZIP_FHCRC) {
		u32 want;

		if (in_len - *pos < 2)
			return -ENODATA;
		want = in[*pos] | (u32)in[*pos + 1] << 8;
		if ((gzip_crc32(0, in, *pos) & 0xffff) != want)
			return -EBADMSG;
		*pos += 2;
	}
	return 0;
}

int gunzip(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	   size_t *in_used, size_t *out_len)
{
	size_t pos = 0, used = 0, written = 0;
	int ret = gzip_header(in, in_len, &pos);

	if (!ret) {
		ret = inflate_raw(in + pos, in_len - pos, out, out_cap, &used,
				  &written);
		pos += used;
	}
	if (!ret) {
		if (in_len - pos < 8)
			ret = -ENODATA;
		else if (get_le32(in + pos) != gzip_crc32(0, out, written) ||
			 get_le32(in + pos + 4) != (u32)written)
			ret = -EBADMSG;
		else
			pos += 8;
	}
	if (in_used)
		*in_used = pos;
	if (out_len)
		*out_len = written;
	return ret;
}
