// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/vsprintf.c: keel's formatter is checked against
 * the C library's vsnprintf for every standard conversion, flag, width,
 * precision and length modifier (a hand-written table plus a few thousand
 * pseudo-random specifications), at every interesting buffer size (0, 1,
 * truncated, exact); then keel's own forms (%p, %pa, NULL strings, unknown
 * conversions, capped widths) and the kscnprintf family.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "kernel/lib/vsprintf.h"

/* Large enough for every expected output of the comparison cases. */
#define CMP_BUF 512
/* Filler that shows which bytes a formatter touched. */
#define CANARY 0xa5

/*
 * Format @fmt with libc and with keel into buffers of several sizes and
 * require the same return value and the same bytes, including bytes past
 * the NUL (which neither may touch).
 */
static void compare_v(const char *fmt, va_list ap)
{
	char want[CMP_BUF], got[CMP_BUF];
	size_t sizes[10];
	size_t nsizes = 0;
	va_list a;
	int full;

	va_copy(a, ap);
	full = vsnprintf(want, sizeof(want), fmt, a);
	va_end(a);
	assert_true(full >= 0 && full < CMP_BUF - 2);
	sizes[nsizes++] = 0;
	sizes[nsizes++] = 1;
	sizes[nsizes++] = 2;
	sizes[nsizes++] = 3;
	sizes[nsizes++] = (size_t)full / 2;
	sizes[nsizes++] = full > 0 ? (size_t)full - 1 : 0;
	sizes[nsizes++] = (size_t)full;
	sizes[nsizes++] = (size_t)full + 1;
	sizes[nsizes++] = (size_t)full + 2;
	sizes[nsizes++] = CMP_BUF;

	for (size_t i = 0; i < nsizes; i++) {
		size_t size = sizes[i];
		int wn, kn;

		memset(want, CANARY, sizeof(want));
		memset(got, CANARY, sizeof(got));
		va_copy(a, ap);
		wn = vsnprintf(want, size, fmt, a);
		va_end(a);
		va_copy(a, ap);
		kn = kvsnprintf(got, size, fmt, a);
		va_end(a);
		if (kn != wn || memcmp(got, want, sizeof(got)) != 0) {
			print_error("format \"%s\" size %zu: libc %d \"%.*s\", "
				    "keel %d \"%.*s\"\n",
				    fmt, size, wn, (int)strnlen(want, size),
				    want, kn, (int)strnlen(got, size), got);
			fail();
		}
	}
}

static void __attribute__((format(printf, 1, 2))) compare(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare_v(fmt, ap);
	va_end(ap);
}

/*
 * compare() without the compile-time format check, for arguments that
 * deliberately do not fit the conversion (the formatter must convert them)
 * and flag combinations the compiler flags as redundant.
 */
static void compare_unchecked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare_v(fmt, ap);
	va_end(ap);
}

/*
 * keel's formatter without the printf format check, for formats that are
 * deliberately not C (unknown conversions, %pa, capped widths).
 */
static int kfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_plain_text(void **state)
{
	(void)state;
	compare("");
	compare("hello, world");
	compare("100%% sure %%");
	compare("tab\tnewline\n");
}

static void test_signed(void **state)
{
	(void)state;
	compare("%d", 0);
	compare("%d", 42);
	compare("%d", -42);
	compare("%i", 123456789);
	compare("%d", INT_MAX);
	compare("%d", INT_MIN);
	compare("%ld", LONG_MAX);
	compare("%ld", LONG_MIN);
	compare("%lld", LLONG_MAX);
	compare("%lld", LLONG_MIN);
	compare("%hd", (short)-32768);
	compare_unchecked("%hd", 70000); /* converted to short */
	compare_unchecked("%hhd", 200); /* converted to signed char */
	compare_unchecked("%hhd", -128);
	compare("%zd", (ssize_t)-5);
	compare("%td", (ptrdiff_t)PTRDIFF_MIN);
	compare("%jd", (intmax_t)INTMAX_MIN);
	compare("%+d %+d %+d", 5, -5, 0);
	compare("% d % d % d", 5, -5, 0);
	compare_unchecked("%+ d", 7); /* '+' wins over ' ' */
	compare("[%8d] [%-8d] [%08d]", -123, -123, -123);
	compare("[%+08d] [% 08d] [%-+8d]", 123, 123, 123);
	compare("[%.5d] [%8.5d] [%-8.5d] [%08.5d]", -42, -42, -42, -42);
	compare("[%.0d] [%5.0d] [%-5.0d] [%+.0d] [% .0d]", 0, 0, 0, 0, 0);
	compare("[%.0d] [%.0i]", 1, -1);
	compare_unchecked("[%-05d] [%0-5d]", 42, 42); /* '-' wins over '0' */
	compare("[%025lld]", LLONG_MIN);
	compare("[%.30lld]", LLONG_MIN);
	compare("[%3d]", 123456); /* width smaller than the number */
}

static void test_unsigned(void **state)
{
	(void)state;
	compare("%u", 0u);
	compare("%u", UINT_MAX);
	compare("%lu", ULONG_MAX);
	compare("%llu", ULLONG_MAX);
	compare_unchecked("%hu", 70000u);
	compare_unchecked("%hhu", 300u);
	compare("%zu", SIZE_MAX);
	compare("%tu", (size_t)PTRDIFF_MAX + 1);
	compare("%ju", (uintmax_t)UINTMAX_MAX);
	compare("%u", -1); /* int -1 read as unsigned */
	compare("[%10u] [%-10u] [%010u] [%.10u]", 77u, 77u, 77u, 77u);
	compare("[%.0u] [%3.0u]", 0u, 0u);
	compare("[%25llu] [%-25llu] [%025llu]", ULLONG_MAX, ULLONG_MAX,
		ULLONG_MAX);
}

static void test_hex_octal(void **state)
{
	(void)state;
	compare("%x %X", 0xdeadbeefu, 0xdeadbeefu);
	compare("%llx %llX", ULLONG_MAX, ULLONG_MAX);
	compare("%lx", 0x123456789abcdefUL);
	compare_unchecked("%hx %hhx", 0x12345u, 0x1ffu);
	compare("%zx", SIZE_MAX);
	compare("%#x %#X %#lx", 0xabcu, 0xabcu, 0xabcUL);
	compare("%#x %#o", 0u, 0u); /* no prefix for zero */
	compare("[%#.0x] [%#.0o] [%.0x] [%.0o]", 0u, 0u, 0u, 0u);
	compare("%o %#o %llo", 8u, 8u, ULLONG_MAX);
	compare("[%#.5o] [%#.1o] [%#5o] [%#05o]", 8u, 8u, 8u, 8u);
	compare("[%#.3o]", 0777u); /* precision already gives the zero */
	compare("[%#10x] [%#-10x] [%#010x] [%#10.6x]", 0xbeefu, 0xbeefu,
		0xbeefu, 0xbeefu);
	compare("[%#018llx] [%016llx]", 0x1234ULL, 0x1234ULL);
	compare("[%08X] [%-8X] [%.8X]", 0xabu, 0xabu, 0xabu);
	compare("[%#X]", 0x7fu);
}

static void test_char_string(void **state)
{
	(void)state;
	compare("%c%c%c", 'k', 'e', 'l');
	compare("[%5c] [%-5c] [%1c]", 'x', 'y', 'z');
	compare("a%cb", 0); /* a NUL character is output and counted */
	compare("%c", 0x141); /* converted to unsigned char */
	compare("%s", "");
	compare("%s|%s", "first", "second");
	compare("[%10s] [%-10s] [%2s]", "right", "left", "wider");
	compare("[%.3s] [%.0s] [%.10s]", "abcdef", "abcdef", "abc");
	compare("[%8.3s] [%-8.3s]", "abcdef", "abcdef");
	compare("%s", "a string that is rather longer than most of the others "
		      "so that it spans several of the truncation sizes");
	compare("%s", (const char *)NULL); /* both print "(null)" */
}

static void test_star(void **state)
{
	(void)state;
	compare("[%*d]", 6, 42);
	compare("[%*d]", -6, 42); /* negative width means '-' */
	compare("[%-*d]", -6, 42);
	compare("[%.*d]", 4, 7);
	compare("[%.*d]", -4, 7); /* negative precision means none */
	compare("[%0*.*d]", 8, -1, 7);
	compare("[%*.*s]", 10, 3, "abcdef");
	compare("[%*.*s]", -10, 2, "abcdef");
	compare("[%*c]", 4, 'q');
	compare("[%*x]", 0, 0x10u);
}

static void test_mixed(void **state)
{
	(void)state;
	compare("e820: [mem %#018llx-%#018llx] %s", 0x9fc00ULL, 0xfffffULL,
		"reserved");
	compare("%d%s%u%x%c%%%o", -1, "s", 2u, 0xfu, '!', 9u);
	compare("%5.2d|%-5.2d|%05.2d|%.2u", 3, 3, 3, 3u);
}

/* Truncation and buffer sizes, checked by hand as well as against libc. */
static void test_truncation(void **state)
{
	char buf[16];
	int n;

	(void)state;
	memset(buf, CANARY, sizeof(buf));
	n = ksnprintf(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal((unsigned char)buf[0], CANARY);

	n = ksnprintf(NULL, 0, "%s=%d", "abc", 7);
	assert_int_equal(n, 5);

	n = ksnprintf(buf, 1, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal((unsigned char)buf[1], CANARY);

	n = ksnprintf(buf, 4, "%s", "keel kernel");
	assert_int_equal(n, 11);
	assert_string_equal(buf, "kee");

	/* a field wider than the buffer is counted, not stored */
	memset(buf, CANARY, sizeof(buf));
	n = ksnprintf(buf, 8, "%50d", 1);
	assert_int_equal(n, 50);
	assert_string_equal(buf, "       ");
	assert_int_equal((unsigned char)buf[8], CANARY);

	n = ksnprintf(buf, 8, "%-50d|", 1);
	assert_int_equal(n, 51);
	assert_string_equal(buf, "1      ");

	compare("%50d", 1);
	compare("%-60s|", "x");
	compare("%0100d", -1);
}

static void test_pointer(void **state)
{
	char buf[64], want[64];
	int x;
	int n;

	(void)state;
	snprintf(want, sizeof(want), "0x%016llx",
		 (unsigned long long)(uintptr_t)&x);
	n = ksnprintf(buf, sizeof(buf), "%p", (void *)&x);
	assert_int_equal(n, 18);
	assert_string_equal(buf, want);

	n = ksnprintf(buf, sizeof(buf), "%p", NULL);
	assert_int_equal(n, 18);
	assert_string_equal(buf, "0x0000000000000000");

	n = ksnprintf(buf, sizeof(buf), "%p", (void *)(uintptr_t)UINTPTR_MAX);
	assert_string_equal(buf, "0xffffffffffffffff");

	n = ksnprintf(buf, sizeof(buf), "[%20p] [%-20p]", (void *)0xabcUL,
		      (void *)0xabcUL);
	assert_string_equal(buf,
			    "[  0x0000000000000abc] [0x0000000000000abc  ]");
	assert_int_equal(n, 2 * (1 + 20 + 1) + 1);

	/* a %p directly followed by another conversion */
	n = ksnprintf(buf, sizeof(buf), "%p%d", (void *)0x10UL, 5);
	assert_string_equal(buf, "0x00000000000000105");

	/* truncated inside the digits */
	n = ksnprintf(buf, 6, "%p", (void *)0x1234UL);
	assert_int_equal(n, 18);
	assert_string_equal(buf, "0x000");
}

static void test_phys_addr(void **state)
{
	phys_addr_t pa = 0xfee00000ULL, big = 0xfedcba9876543210ULL, zero = 0;
	char buf[64], want[64];
	int n;

	(void)state;
	n = kfmt(buf, sizeof(buf), "%pa", &pa);
	snprintf(want, sizeof(want), "0x%016llx", (unsigned long long)pa);
	assert_string_equal(buf, want);
	assert_int_equal(n, 18);

	kfmt(buf, sizeof(buf), "%pa", &big);
	assert_string_equal(buf, "0xfedcba9876543210");
	kfmt(buf, sizeof(buf), "%pa", &zero);
	assert_string_equal(buf, "0x0000000000000000");

	/* the 'a' is part of the conversion; what follows is text */
	n = kfmt(buf, sizeof(buf), "[%pa-%pa]a", &pa, &big);
	assert_string_equal(buf, "[0x00000000fee00000-0xfedcba9876543210]a");
	assert_int_equal(n, 40);

	kfmt(buf, sizeof(buf), "%-20pa|%20pa", &zero, &zero);
	assert_string_equal(buf, "0x0000000000000000  |  0x0000000000000000");

	kfmt(buf, sizeof(buf), "%pa", NULL);
	assert_string_equal(buf, "(null)");

	n = kfmt(buf, 5, "%pa", &big);
	assert_int_equal(n, 18);
	assert_string_equal(buf, "0xfe");
}

static void test_null_string_precision(void **state)
{
	char buf[32];
	int n;

	(void)state;
	n = ksnprintf(buf, sizeof(buf), "[%s]", (const char *)NULL);
	assert_string_equal(buf, "[(null)]");
	assert_int_equal(n, 8);
	ksnprintf(buf, sizeof(buf), "[%.3s]", (const char *)NULL);
	assert_string_equal(buf, "[(nu]");
	ksnprintf(buf, sizeof(buf), "[%8s]", (const char *)NULL);
	assert_string_equal(buf, "[  (null)]");
}

/* %.Ns reads no byte past the precision: the string need not end. */
static void test_string_precision_unterminated(void **state)
{
	char raw[4] = {'a', 'b', 'c', 'd'}; /* no NUL; ASan guards it */
	char buf[16];
	int n;

	(void)state;
	n = ksnprintf(buf, sizeof(buf), "%.4s|%.2s", raw, raw);
	assert_int_equal(n, 7);
	assert_string_equal(buf, "abcd|ab");
}

static void test_unknown_conversion(void **state)
{
	char buf[64];
	int n;

	(void)state;
	n = kfmt(buf, sizeof(buf), "%y");
	assert_string_equal(buf, "%y");
	assert_int_equal(n, 2);

	/* an unknown conversion consumes no argument */
	n = kfmt(buf, sizeof(buf), "%y %d %-5.2q %n %f|%d", 7, 8);
	assert_string_equal(buf, "%y 7 %-5.2q %n %f|8");
	assert_int_equal(n, (int)strlen("%y 7 %-5.2q %n %f|8"));

	/* a conversion cut off by the end of the format */
	kfmt(buf, sizeof(buf), "abc%");
	assert_string_equal(buf, "abc%");
	kfmt(buf, sizeof(buf), "abc%-08.3l");
	assert_string_equal(buf, "abc%-08.3l");
	kfmt(buf, sizeof(buf), "%ll");
	assert_string_equal(buf, "%ll");

	n = kfmt(buf, 3, "%yz");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "%y");
}

/* Widths and precisions beyond Linux's limits are capped, not overflowed. */
static void test_width_caps(void **state)
{
	char buf[8];
	int n;

	(void)state;
	n = kfmt(buf, sizeof(buf), "%8388607d", 1);
	assert_int_equal(n, 8388607);
	n = kfmt(buf, sizeof(buf), "%99999999999999999999d", 1);
	assert_int_equal(n, (1 << 23) - 1);
	n = kfmt(buf, sizeof(buf), "%*d", INT_MIN, 1);
	assert_int_equal(n, (1 << 23) - 1);
	assert_string_equal(buf, "1      ");
	n = kfmt(buf, sizeof(buf), "%.99999999999999d", 1);
	assert_int_equal(n, (1 << 15) - 1);
	assert_string_equal(buf, "0000000");
	n = kfmt(buf, sizeof(buf), "%.*d", INT_MAX, 1);
	assert_int_equal(n, (1 << 15) - 1);
}

static void test_scnprintf(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(kscnprintf(buf, sizeof(buf), "%d", 123), 3);
	assert_string_equal(buf, "123");
	assert_int_equal(kscnprintf(buf, sizeof(buf), "%s", "overflowing"), 7);
	assert_string_equal(buf, "overflo");
	assert_int_equal(kscnprintf(buf, sizeof(buf), "%s", "exactly"), 7);
	assert_int_equal(kscnprintf(buf, 1, "%d", 5), 0);
	assert_string_equal(buf, "");
	assert_int_equal(kscnprintf(NULL, 0, "%d", 5), 0);
	assert_int_equal(kscnprintf(buf, sizeof(buf), "%s", ""), 0);

	/* chained appends stop cleanly at the end of the buffer */
	{
		char line[10];
		int len = 0;

		for (int i = 0; i < 6; i++)
			len += kscnprintf(line + len, sizeof(line) - len, "%d,",
					  i);
		assert_int_equal(len, 9);
		assert_string_equal(line, "0,1,2,3,4");
	}
}

/* xorshift64*: deterministic pseudo-random numbers for the sweep. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t random_value(void)
{
	static const uint64_t special[] = {
		0,
		1,
		(uint64_t)-1,
		(uint64_t)INT_MIN,
		INT_MAX,
		(uint64_t)LLONG_MIN,
		LLONG_MAX,
		UINT_MAX,
		0x80,
		0xff,
		0x8000,
		10,
		0x7fffffffffffffffULL,
	};
	switch (rng() % 4) {
	case 0:
		return special[rng() % (sizeof(special) / sizeof(special[0]))];
	case 1:
		return rng() % 1000;
	case 2:
		return (uint64_t) - (int64_t)(rng() % 1000);
	default:
		return rng() >> (rng() % 64);
	}
}

struct sweep_spec {
	char fmt[48];
	bool star_width, star_precision;
	int width, precision;
	char conv, length; /* length: 0, 'H' (hh), 'h', 'l', 'L' (ll), z, t */
};

/* Append to @s->fmt flags valid for the conversion (C leaves the others
 * undefined), then width, precision and length. */
static void build_spec(struct sweep_spec *s)
{
	static const char convs[] = "diuxXocs";
	static const char lengths[] = {0, 'H', 'h', 'l', 'L', 'z', 't'};
	const char *flags_ok;
	char *p = s->fmt;

	s->conv = convs[rng() % (sizeof(convs) - 1)];
	if (s->conv == 'd' || s->conv == 'i')
		flags_ok = "-0+ ";
	else if (s->conv == 'u')
		flags_ok = "-0";
	else if (s->conv == 'c' || s->conv == 's')
		flags_ok = "-";
	else
		flags_ok = "-0#";
	*p++ = '<';
	*p++ = '%';
	for (const char *f = flags_ok; *f; f++)
		if (rng() % 3 == 0)
			*p++ = *f;
	s->star_width = false;
	switch (rng() % 4) {
	case 0:
		break;
	case 1:
		s->star_width = true;
		s->width = (int)(rng() % 41) - 20;
		*p++ = '*';
		break;
	default:
		p += sprintf(p, "%d", (int)(rng() % 30));
	}
	s->star_precision = false;
	if (s->conv != 'c') {
		switch (rng() % 4) {
		case 0:
			break;
		case 1:
			s->star_precision = true;
			s->precision = (int)(rng() % 31) - 5;
			p += sprintf(p, ".*");
			break;
		default:
			p += sprintf(p, ".%d", (int)(rng() % 25));
		}
	}
	s->length = 0;
	if (s->conv != 'c' && s->conv != 's') {
		s->length = lengths[rng() % sizeof(lengths)];
		if (s->length == 'H')
			p += sprintf(p, "hh");
		else if (s->length == 'L')
			p += sprintf(p, "ll");
		else if (s->length)
			*p++ = s->length;
	}
	*p++ = s->conv;
	*p++ = '>';
	*p = '\0';
}

/* Call compare() with the '*' arguments @s asks for, then @val. */
#define COMPARE_WITH_STARS(s, val)                                             \
	do {                                                                   \
		if ((s)->star_width && (s)->star_precision)                    \
			compare((s)->fmt, (s)->width, (s)->precision, val);    \
		else if ((s)->star_width)                                      \
			compare((s)->fmt, (s)->width, val);                    \
		else if ((s)->star_precision)                                  \
			compare((s)->fmt, (s)->precision, val);                \
		else                                                           \
			compare((s)->fmt, val);                                \
	} while (0)

static void sweep_one(const struct sweep_spec *s, uint64_t v)
{
	static const char *const strings[] = {
		"", "k", "keel", "memblock_alloc", "a much longer string value",
	};
	bool is_signed = s->conv == 'd' || s->conv == 'i';

	if (s->conv == 's') {
		COMPARE_WITH_STARS(s, strings[v % 5]);
		return;
	}
	if (s->conv == 'c') {
		COMPARE_WITH_STARS(s, (int)(v % 256));
		return;
	}
	switch (s->length) {
	case 'l':
		if (is_signed)
			COMPARE_WITH_STARS(s, (long)v);
		else
			COMPARE_WITH_STARS(s, (unsigned long)v);
		break;
	case 'L':
		if (is_signed)
			COMPARE_WITH_STARS(s, (long long)v);
		else
			COMPARE_WITH_STARS(s, (unsigned long long)v);
		break;
	case 'z':
		if (is_signed)
			COMPARE_WITH_STARS(s, (ssize_t)v);
		else
			COMPARE_WITH_STARS(s, (size_t)v);
		break;
	case 't':
		if (is_signed)
			COMPARE_WITH_STARS(s, (ptrdiff_t)v);
		else
			COMPARE_WITH_STARS(s, (size_t)v);
		break;
	default: /* none, h, hh: the argument is an int */
		if (is_signed)
			COMPARE_WITH_STARS(s, (int)v);
		else
			COMPARE_WITH_STARS(s, (unsigned int)v);
	}
}

/* Number of random specifications compared with libc. */
#define SWEEP_CASES 4000

static void test_random_against_libc(void **state)
{
	(void)state;
	for (int i = 0; i < SWEEP_CASES; i++) {
		struct sweep_spec s;

		build_spec(&s);
		sweep_one(&s, random_value());
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_hex_octal),
		cmocka_unit_test(test_char_string),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_phys_addr),
		cmocka_unit_test(test_null_string_precision),
		cmocka_unit_test(test_string_precision_unterminated),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_width_caps),
		cmocka_unit_test(test_scnprintf),
		cmocka_unit_test(test_random_against_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
