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

/* crc32_table[n]: the CRC of byte n (polynomial 0xedb88320, reflected). */
static const u32 crc32_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f,
	0xe963a535, 0x9e6495a3, 0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91, 0x1db71064, 0x6ab020f2,
	0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9,
	0xfa0f3d63, 0x8d080df5, 0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b, 0x35b5a8fa, 0x42b2986c,
	0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423,
	0xcfba9599, 0xb8bda50f, 0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d, 0x76dc4190, 0x01db7106,
	0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d,
	0x91646c97, 0xe6635c01, 0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457, 0x65b0d9c6, 0x12b7e950,
	0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7,
	0xa4d1c46d, 0xd3d6f4fb, 0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9, 0x5005713c, 0x270241aa,
	0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81,
	0xb7bd5c3b, 0xc0ba6cad, 0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683, 0xe3630b12, 0x94643b84,
	0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb,
	0x196c3671, 0x6e6b06e7, 0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5, 0xd6d6a3e8, 0xa1d1937e,
	0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55,
	0x316e8eef, 0x4669be79, 0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f, 0xc5ba3bbe, 0xb2bd0b28,
	0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f,
	0x72076785, 0x05005713, 0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21, 0x86d3d2d4, 0xf1d4e242,
	0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69,
	0x616bffd3, 0x166ccf45, 0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db, 0xaed16a4a, 0xd9d65adc,
	0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693,
	0x54de5729, 0x23d967bf, 0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d};

u32 gzip_crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	crc = ~crc;
	while (len--) {
		crc = crc >> 8 ^ crc32_table[(crc ^ *p++) & 0xff];
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
