// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/string.c, the kernel's own memcpy, memmove,
 * memset, memcmp, strlen, strnlen, strcmp, strncmp, strchr, strrchr and
 * strstr. The file is compiled here with KEEL_STRING_TEST, which renames
 * each function kstring_test_<name>, and every function is compared with
 * the C library's: all small lengths including 0, unaligned source and
 * destination offsets, memmove overlapping in both directions, bytes above
 * 0x7f (compared as unsigned char), and exact-size heap buffers so that
 * ASan catches any read past what a function may touch.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#ifndef KEEL_STRING_TEST
#define KEEL_STRING_TEST
#endif
#include "hosttest/support/hosttest.h"
#include "kernel/lib/string.c"

/* Offsets tried from an aligned address (covers every alignment of 8). */
#define MAX_OFFSET 8
/* Lengths 0..MAX_LEN are tried exhaustively. */
#define MAX_LEN 70
/* memmove works inside one buffer of this size. */
#define MOVE_BUF 128
#define MOVE_MAX_OFFSET 32
#define MOVE_MAX_LEN 48

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static unsigned char random_byte(void)
{
	return (unsigned char)xorshift64(&rng_state);
}

static void fill_random(void *p, size_t n)
{
	unsigned char *b = p;

	while (n--)
		*b++ = random_byte();
}

/* A random non-NUL byte, above 0x7f half of the time. */
static char random_char(void)
{
	unsigned char c;

	do {
		c = random_byte();
	} while (!c);
	return (char)c;
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_memcpy(void **state)
{
	unsigned char src[MAX_OFFSET + MAX_LEN], got[MAX_OFFSET + MAX_LEN + 8];
	unsigned char want[sizeof(got)];

	(void)state;
	for (size_t so = 0; so < MAX_OFFSET; so++) {
		for (size_t doff = 0; doff < MAX_OFFSET; doff++) {
			for (size_t n = 0; n <= MAX_LEN; n++) {
				fill_random(src, sizeof(src));
				memset(got, 0xee, sizeof(got));
				memset(want, 0xee, sizeof(want));
				memcpy(want + doff, src + so, n);
				assert_ptr_equal(kstring_test_memcpy(got + doff,
								     src + so,
								     n),
						 got + doff);
				assert_memory_equal(got, want, sizeof(got));
			}
		}
	}
}

/* A large copy between exact-size heap blocks. */
static void test_memcpy_large(void **state)
{
	const size_t n = 10000;
	unsigned char *src = malloc(n), *dst = malloc(n);

	(void)state;
	assert_non_null(src);
	assert_non_null(dst);
	fill_random(src, n);
	kstring_test_memcpy(dst, src, n);
	assert_memory_equal(dst, src, n);
	free(src);
	free(dst);
}

/* Every source and destination offset in one buffer: overlapping both
 * ways, adjacent, identical and disjoint. */
static void test_memmove(void **state)
{
	unsigned char base[MOVE_BUF], got[MOVE_BUF], want[MOVE_BUF];

	(void)state;
	fill_random(base, sizeof(base));
	for (size_t so = 0; so < MOVE_MAX_OFFSET; so++) {
		for (size_t doff = 0; doff < MOVE_MAX_OFFSET; doff++) {
			for (size_t n = 0; n <= MOVE_MAX_LEN; n++) {
				memcpy(got, base, sizeof(got));
				memcpy(want, base, sizeof(want));
				memmove(want + doff, want + so, n);
				assert_ptr_equal(
					kstring_test_memmove(got + doff,
							     got + so, n),
					got + doff);
				assert_memory_equal(got, want, sizeof(got));
			}
		}
	}
}

/* Explicit overlaps with recognisable contents. */
static void test_memmove_overlap(void **state)
{
	char up[] = "0123456789";
	char down[] = "0123456789";

	(void)state;
	kstring_test_memmove(up + 2, up, 6); /* destination above */
	assert_string_equal(up, "0101234589");
	kstring_test_memmove(down, down + 2, 6); /* destination below */
	assert_string_equal(down, "2345676789");
	kstring_test_memmove(down, down, 10); /* same place */
	assert_string_equal(down, "2345676789");
}

static void test_memset(void **state)
{
	static const int values[] = {0,	   1,	  0x7f, 0x80, 0xab,
				     0xff, 0x1ff, -1,	256,  INT_MIN};
	unsigned char got[MAX_OFFSET + MAX_LEN + 8], want[sizeof(got)];

	(void)state;
	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		for (size_t off = 0; off < MAX_OFFSET; off++) {
			for (size_t n = 0; n <= MAX_LEN; n++) {
				memset(got, 0x5a, sizeof(got));
				memset(want, 0x5a, sizeof(want));
				memset(want + off, values[v], n);
				assert_ptr_equal(kstring_test_memset(got + off,
								     values[v],
								     n),
						 got + off);
				assert_memory_equal(got, want, sizeof(got));
			}
		}
	}
}

static void test_memcmp(void **state)
{
	unsigned char a[MAX_OFFSET + MAX_LEN], b[MAX_OFFSET + MAX_LEN];

	(void)state;
	for (size_t ao = 0; ao < MAX_OFFSET; ao++) {
		for (size_t n = 0; n <= MAX_LEN; n++) {
			size_t bo = (ao * 3 + n) % MAX_OFFSET;

			fill_random(a, sizeof(a));
			memcpy(b + bo, a + ao, n);
			assert_int_equal(kstring_test_memcmp(a + ao, b + bo, n),
					 0);
			if (n == 0)
				continue;
			/* one byte differs, anywhere, either way round */
			b[bo + random_byte() % n] ^=
				(unsigned char)(random_byte() | 1);
			assert_int_equal(
				sign(kstring_test_memcmp(a + ao, b + bo, n)),
				sign(memcmp(a + ao, b + bo, n)));
			assert_int_equal(
				sign(kstring_test_memcmp(b + bo, a + ao, n)),
				sign(memcmp(b + bo, a + ao, n)));
			assert_int_not_equal(
				kstring_test_memcmp(a + ao, b + bo, n), 0);
		}
	}
	/* bytes compare as unsigned: 0x80 > 0x7f */
	assert_true(kstring_test_memcmp("\x80", "\x7f", 1) > 0);
	assert_true(kstring_test_memcmp("a\x01", "a\xff", 2) < 0);
	/* only the first n bytes count */
	assert_int_equal(kstring_test_memcmp("abcX", "abcY", 3), 0);
	assert_int_equal(kstring_test_memcmp("X", "Y", 0), 0);
}

/* Exact-size heap copy of @n bytes of @s: ASan flags any read past it. */
static char *exact_copy(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, s, n);
	return p;
}

static void test_strlen_strnlen(void **state)
{
	char buf[MAX_OFFSET + MAX_LEN + 1];

	(void)state;
	for (size_t off = 0; off < MAX_OFFSET; off++) {
		for (size_t len = 0; len < MAX_LEN; len++) {
			char *s = buf + off, *exact;

			for (size_t i = 0; i < len; i++)
				s[i] = random_char();
			s[len] = '\0';
			assert_int_equal(kstring_test_strlen(s), strlen(s));
			assert_int_equal(kstring_test_strlen(s), len);
			for (size_t max = 0; max <= len + 2; max++)
				assert_int_equal(kstring_test_strnlen(s, max),
						 strnlen(s, max));
			assert_int_equal(kstring_test_strnlen(s, SIZE_MAX),
					 len);
			/* unterminated: strnlen reads at most maxlen bytes */
			exact = exact_copy(s, len);
			assert_int_equal(kstring_test_strnlen(exact, len), len);
			free(exact);
		}
	}
}

static void test_strcmp_strncmp(void **state)
{
	static const char *const strings[] = {
		"",	 "a",	 "b",	 "ab",	  "abc",    "abd",
		"abcd",	 "ABC",	 "\x7f", "\x80",  "\xff",   "a\xff",
		"a\x01", "keel", "kee",	 "keel ", "kernel",
	};
	const size_t count = sizeof(strings) / sizeof(strings[0]);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; j < count; j++) {
			const char *a = strings[i], *b = strings[j];

			assert_int_equal(sign(kstring_test_strcmp(a, b)),
					 sign(strcmp(a, b)));
			for (size_t n = 0; n <= 7; n++)
				assert_int_equal(
					sign(kstring_test_strncmp(a, b, n)),
					sign(strncmp(a, b, n)));
			assert_int_equal(
				sign(kstring_test_strncmp(a, b, SIZE_MAX)),
				sign(strcmp(a, b)));
		}
	}
	assert_true(kstring_test_strcmp("\x80", "\x7f") > 0);
}

/* strncmp stops at n: it must not read an unterminated buffer further. */
static void test_strncmp_bounded(void **state)
{
	char *a = exact_copy("abcd", 4), *b = exact_copy("abcd", 4);

	(void)state;
	assert_int_equal(kstring_test_strncmp(a, b, 4), 0);
	b[3] = 'e';
	assert_true(kstring_test_strncmp(a, b, 4) < 0);
	free(a);
	free(b);
}

static void test_strchr_strrchr(void **state)
{
	static const char *const strings[] = {
		"", "a", "abcabc", "hello, world", "\xe9t\xe9", "xxxxx",
	};
	static const int chars[] = {
		'a', 'b',	  'c',	     'o',  'x',
		'z', ',',	  0,	     0xe9, (signed char)0xe9,
		't', 0x100 + 'a', -256 + 'x'};

	(void)state;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		for (size_t j = 0; j < sizeof(chars) / sizeof(chars[0]); j++) {
			const char *s = strings[i];

			assert_ptr_equal(kstring_test_strchr(s, chars[j]),
					 strchr(s, chars[j]));
			assert_ptr_equal(kstring_test_strrchr(s, chars[j]),
					 strrchr(s, chars[j]));
		}
	}
	/* the terminator itself is found */
	{
		const char *s = "abc";

		assert_ptr_equal(kstring_test_strchr(s, '\0'), s + 3);
		assert_ptr_equal(kstring_test_strrchr(s, '\0'), s + 3);
		assert_ptr_equal(kstring_test_strrchr("abcabc", 'b'),
				 strrchr("abcabc", 'b'));
	}
}

static void test_strstr(void **state)
{
	static const char *const haystacks[] = {
		"",
		"a",
		"aaab",
		"abababc",
		"hello world",
		"mem=1G memmap=",
		"\xff\xfe\xff",
	};
	static const char *const needles[] = {
		"",	  "a",	   "b",	       "aab",
		"abc",	  "ababc", "world",    "hello world!",
		"memmap", "=",	   "\xfe\xff", "zz",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(haystacks) / sizeof(haystacks[0]); i++)
		for (size_t j = 0; j < sizeof(needles) / sizeof(needles[0]);
		     j++)
			assert_ptr_equal(
				kstring_test_strstr(haystacks[i], needles[j]),
				strstr(haystacks[i], needles[j]));
}

/* Random strings against random needles cut from them. */
static void test_strstr_random(void **state)
{
	char hay[65], needle[9];

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t hl = random_byte() % 64, nl = random_byte() % 8;

		for (size_t i = 0; i < hl; i++)
			hay[i] = (char)('a' + random_byte() % 3);
		hay[hl] = '\0';
		for (size_t i = 0; i < nl; i++)
			needle[i] = (char)('a' + random_byte() % 3);
		needle[nl] = '\0';
		assert_ptr_equal(kstring_test_strstr(hay, needle),
				 strstr(hay, needle));
	}
}

/* strscpy: always terminated; the length, or -E2BIG when truncated. */
static void test_strscpy(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kstring_test_strscpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(kstring_test_strscpy(buf, "1234567", sizeof(buf)), 7);
	assert_string_equal(buf, "1234567");
	assert_int_equal(kstring_test_strscpy(buf, "12345678", sizeof(buf)),
			 -E2BIG);
	assert_string_equal(buf, "1234567");
	assert_int_equal(kstring_test_strscpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
	buf[0] = 'q';
	assert_int_equal(kstring_test_strscpy(buf, "abc", 0), -E2BIG);
	assert_int_equal(buf[0], 'q'); /* nothing written */
	assert_int_equal(kstring_test_strscpy(buf, "abc", 1), -E2BIG);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memcpy_large),
		cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_strncmp),
		cmocka_unit_test(test_strncmp_bounded),
		cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strstr),
		cmocka_unit_test(test_strstr_random),
		cmocka_unit_test(test_strscpy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
