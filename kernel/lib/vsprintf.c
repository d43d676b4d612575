// SPDX-License-Identifier: MIT
/*
 * keel's printf-style formatter (see kernel/lib/vsprintf.h for the format
 * language). Pure and freestanding: no floating point, no libc.
 *
 * One pass over the format: literal text is copied, each conversion is
 * parsed into a struct fmt_spec and then rendered. Output goes through a
 * struct fmt_out that counts every character the full output would have but
 * stores only what fits, so truncation never changes the returned length.
 *
 * Departures from C's printf, all deliberate:
 *   - %p prints "0x" and 16 lowercase hex digits, %pa dereferences a
 *     phys_addr_t pointer (Linux's forms);
 *   - an unknown conversion (including %n and the floating-point ones) is
 *     copied to the output literally and consumes no argument;
 *   - widths and precisions are capped at FIELD_WIDTH_MAX and
 *     PRECISION_MAX (Linux's limits), and the returned length saturates at
 *     INT_MAX instead of failing.
 */
#include "kernel/lib/vsprintf.h"

#include <limits.h>

/* Largest field width and precision honoured (larger ones are capped). */
#define FIELD_WIDTH_MAX ((1 << 23) - 1)
#define PRECISION_MAX ((1 << 15) - 1)

/* Digits of the longest number: a 64-bit value in octal takes 22. */
#define NUM_DIGITS_MAX 24

/* Hex digits of a pointer or physical address printed by %p and %pa. */
#define PTR_HEX_DIGITS 16

/* Flags of one conversion specification. */
#define FMT_LEFT 0x01 /* '-': pad on the right */
#define FMT_ZERO 0x02 /* '0': pad numbers with zeros */
#define FMT_PLUS 0x04 /* '+': always print a sign */
#define FMT_SPACE 0x08 /* ' ': a space where '+' would go */
#define FMT_ALT 0x10 /* '#': 0x / 0 prefix */

/* Length modifiers. */
enum fmt_length {
	LEN_NONE,
	LEN_HH,
	LEN_H,
	LEN_L,
	LEN_LL,
	LEN_Z,
	LEN_T,
	LEN_J,
};

struct fmt_spec {
	unsigned int flags;
	int width; /* 0 when none */
	int precision; /* -1 when none */
	enum fmt_length length;
};

struct fmt_out {
	char *buf;
	size_t size;
	size_t len; /* characters the full output has so far */
};

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

/* Append @c, storing it only while room for the final NUL remains. */
static void out_char(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct fmt_out *o, char c, size_t n)
{
	while (n && o->len + 1 < o->size) {
		o->buf[o->len++] = c;
		n--;
	}
	o->len += n; /* what no longer fits is only counted */
}

static void out_mem(struct fmt_out *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

/* Emit @s (@n bytes) padded with spaces to the field width of @spec. */
static void out_field(struct fmt_out *o, const char *s, size_t n,
		      const struct fmt_spec *spec)
{
	size_t pad = (size_t)spec->width > n ? (size_t)spec->width - n : 0;

	if (!(spec->flags & FMT_LEFT))
		out_repeat(o, ' ', pad);
	out_mem(o, s, n);
	if (spec->flags & FMT_LEFT)
		out_repeat(o, ' ', pad);
}

/*
 * Render an integer of magnitude @mag in @base. @sign is '-', '+', ' ' or
 * 0; @upper selects upper-case hex. Implements precision (minimum digits,
 * and no digits at all for value 0 with precision 0), the '#' prefixes and
 * padding with spaces or, for '0' without a precision, zeros.
 */
static void out_number(struct fmt_out *o, unsigned long long mag,
		       unsigned int base, char sign, bool upper,
		       const struct fmt_spec *spec)
{
	const char *digit_chars = upper ? hex_upper : hex_lower;
	char digits[NUM_DIGITS_MAX];
	const char *prefix = "";
	size_t ndigits = 0, nzeros = 0, total, pad = 0;
	unsigned long long v = mag;

	if (mag != 0 || spec->precision != 0) {
		do {
			digits[ndigits++] = digit_chars[v % base];
			v /= base;
		} while (v);
	}
	if (spec->precision > 0 && (size_t)spec->precision > ndigits)
		nzeros = (size_t)spec->precision - ndigits;
	if (spec->flags & FMT_ALT) {
		if (base == 16 && mag != 0)
			prefix = upper ? "0X" : "0x";
		/* octal: the first digit printed must be a zero */
		if (base == 8 && nzeros == 0 && (mag != 0 || ndigits == 0))
			nzeros = 1;
	}
	total = (sign ? 1 : 0) + (prefix[0] ? 2 : 0) + nzeros + ndigits;
	if ((size_t)spec->width > total)
		pad = (size_t)spec->width - total;
	if (pad && !(spec->flags & FMT_LEFT) && (spec->flags & FMT_ZERO) &&
	    spec->precision < 0) {
		nzeros += pad;
		pad = 0;
	}
	if (!(spec->flags & FMT_LEFT))
		out_repeat(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	out_mem(o, prefix, prefix[0] ? 2 : 0);
	out_repeat(o, '0', nzeros);
	while (ndigits)
		out_char(o, digits[--ndigits]);
	if (spec->flags & FMT_LEFT)
		out_repeat(o, ' ', pad);
}

/* Render @value as "0x" and PTR_HEX_DIGITS lowercase hex digits. */
static void out_hex64(struct fmt_out *o, u64 value, const struct fmt_spec *spec)
{
	char text[2 + PTR_HEX_DIGITS];
	int i;

	text[0] = '0';
	text[1] = 'x';
	for (i = PTR_HEX_DIGITS - 1; i >= 0; i--) {
		text[2 + i] = hex_lower[value & 0xf];
		value >>= 4;
	}
	out_field(o, text, sizeof(text), spec);
}

static void out_string(struct fmt_out *o, const char *s,
		       const struct fmt_spec *spec)
{
	size_t n = 0;

	if (!s)
		s = "(null)";
	/* with a precision, never read past it: s need not be terminated */
	if (spec->precision >= 0) {
		while (n < (size_t)spec->precision && s[n])
			n++;
	} else {
		while (s[n])
			n++;
	}
	out_field(o, s, n, spec);
}

/* Parse a decimal field at *@fmt, saturating at @limit. */
static int parse_decimal(const char **fmt, int limit)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		int d = *(*fmt)++ - '0';

		n = n > (limit - d) / 10 ? limit : n * 10 + d;
	}
	return n;
}

static unsigned int parse_flags(const char **fmt)
{
	unsigned int flags = 0;

	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-':
			flags |= FMT_LEFT;
			break;
		case '0':
			flags |= FMT_ZERO;
			break;
		case '+':
			flags |= FMT_PLUS;
			break;
		case ' ':
			flags |= FMT_SPACE;
			break;
		case '#':
			flags |= FMT_ALT;
			break;
		default:
			return flags;
		}
	}
}

static enum fmt_length parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		(*fmt)++;
		if (**fmt == 'h') {
			(*fmt)++;
			return LEN_HH;
		}
		return LEN_H;
	case 'l':
		(*fmt)++;
		if (**fmt == 'l') {
			(*fmt)++;
			return LEN_LL;
		}
		return LEN_L;
	case 'z':
		(*fmt)++;
		return LEN_Z;
	case 't':
		(*fmt)++;
		return LEN_T;
	case 'j':
		(*fmt)++;
		return LEN_J;
	default:
		return LEN_NONE;
	}
}

/*
 * Parse flags, width, precision and length of the conversion starting just
 * after a '%' at *@fmt, fetching '*' arguments from @ap. Leaves *@fmt at the
 * conversion character.
 */
static void parse_spec(const char **fmt, struct fmt_spec *spec, va_list *ap)
{
	spec->flags = parse_flags(fmt);
	spec->width = 0;
	if (**fmt == '*') {
		long long w = va_arg(*ap, int);

		(*fmt)++;
		if (w < 0) { /* a negative '*' width means '-' */
			spec->flags |= FMT_LEFT;
			w = -w;
		}
		spec->width = w > FIELD_WIDTH_MAX ? FIELD_WIDTH_MAX : (int)w;
	} else {
		spec->width = parse_decimal(fmt, FIELD_WIDTH_MAX);
	}
	spec->precision = -1;
	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			int p = va_arg(*ap, int);

			(*fmt)++;
			/* a negative '*' precision means none */
			if (p < 0)
				spec->precision = -1;
			else
				spec->precision =
					p > PRECISION_MAX ? PRECISION_MAX : p;
		} else {
			spec->precision = parse_decimal(fmt, PRECISION_MAX);
		}
	}
	spec->length = parse_length(fmt);
}

/* Fetch a signed integer argument of the width @len selects. */
static long long fetch_signed(enum fmt_length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
	case LEN_J:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Fetch an unsigned integer argument of the width @len selects. */
static unsigned long long fetch_unsigned(enum fmt_length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
	case LEN_J:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void out_signed(struct fmt_out *o, const struct fmt_spec *spec,
		       va_list *ap)
{
	long long v = fetch_signed(spec->length, ap);
	/* negate in unsigned arithmetic so LLONG_MIN stays defined */
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : v;
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (spec->flags & FMT_PLUS)
		sign = '+';
	else if (spec->flags & FMT_SPACE)
		sign = ' ';
	out_number(o, mag, 10, sign, false, spec);
}

/* %p and %pa; *@fmt is at the 'p'. */
static void out_pointer(struct fmt_out *o, const char **fmt,
			const struct fmt_spec *spec, va_list *ap)
{
	const void *p = va_arg(*ap, const void *);

	if ((*fmt)[1] == 'a') {
		(*fmt)++;
		if (!p)
			out_string(o, NULL, spec);
		else
			out_hex64(o, *(const phys_addr_t *)p, spec);
		return;
	}
	out_hex64(o, (u64)(uintptr_t)p, spec);
}

/*
 * Render the conversion at *@fmt (the character after flags, width,
 * precision and length). Returns false for an unknown conversion, which
 * the caller then copies literally.
 */
static bool out_conversion(struct fmt_out *o, const char **fmt,
			   const struct fmt_spec *spec, va_list *ap)
{
	char c;

	switch (**fmt) {
	case 'd':
	case 'i':
		out_signed(o, spec, ap);
		return true;
	case 'u':
		out_number(o, fetch_unsigned(spec->length, ap), 10, 0, false,
			   spec);
		return true;
	case 'x':
	case 'X':
		out_number(o, fetch_unsigned(spec->length, ap), 16, 0,
			   **fmt == 'X', spec);
		return true;
	case 'o':
		out_number(o, fetch_unsigned(spec->length, ap), 8, 0, false,
			   spec);
		return true;
	case 'c':
		c = (char)(unsigned char)va_arg(*ap, int);
		out_field(o, &c, 1, spec);
		return true;
	case 's':
		out_string(o, va_arg(*ap, const char *), spec);
		return true;
	case 'p':
		out_pointer(o, fmt, spec, ap);
		return true;
	default:
		return false;
	}
}

/* Format into @o; the caller terminates the buffer. */
static void format(struct fmt_out *o, const char *fmt, va_list *ap)
{
	while (*fmt) {
		const char *start = fmt;
		struct fmt_spec spec;

		if (*fmt != '%') {
			out_char(o, *fmt++);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			out_char(o, *fmt++);
			continue;
		}
		parse_spec(&fmt, &spec, ap);
		if (*fmt && out_conversion(o, &fmt, &spec, ap)) {
			fmt++;
			continue;
		}
		/* unknown or cut-off conversion: copy it as written */
		if (*fmt)
			fmt++;
		out_mem(o, start, (size_t)(fmt - start));
	}
}

/**
 * kvsnprintf - format a string into a sized buffer
 * @buf:  destination; may be NULL when @size is 0
 * @size: bytes available at @buf, including the terminating NUL
 * @fmt:  format (see kernel/lib/vsprintf.h)
 * @ap:   arguments
 *
 * Writes at most @size - 1 characters and a NUL when @size > 0.
 * Return: the length the complete output has (excluding the NUL), as C's
 * vsnprintf, saturated at INT_MAX; a value >= @size means truncation.
 * Context: any; no locks, no allocation, reentrant.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = {.buf = buf, .size = size, .len = 0};
	va_list args;

	va_copy(args, ap);
	format(&o, fmt, &args);
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

/**
 * ksnprintf - format a string into a sized buffer
 * @buf:  destination; may be NULL when @size is 0
 * @size: bytes available at @buf, including the terminating NUL
 * @fmt:  format (see kernel/lib/vsprintf.h), followed by its arguments
 *
 * Return: as kvsnprintf(): the untruncated length.
 * Context: any.
 */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/**
 * kvscnprintf - format a string into a sized buffer, counting what fits
 * @buf:  destination; may be NULL when @size is 0
 * @size: bytes available at @buf, including the terminating NUL
 * @fmt:  format (see kernel/lib/vsprintf.h)
 * @ap:   arguments
 *
 * Return: the number of characters stored in @buf (excluding the NUL):
 * 0 when @size is 0, otherwise at most @size - 1.
 * Context: any.
 */
int kvscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = kvsnprintf(buf, size, fmt, ap);

	if (size == 0)
		return 0;
	if ((size_t)n >= size)
		return (int)(size - 1 > INT_MAX ? INT_MAX : size - 1);
	return n;
}

/**
 * kscnprintf - format a string into a sized buffer, counting what fits
 * @buf:  destination; may be NULL when @size is 0
 * @size: bytes available at @buf, including the terminating NUL
 * @fmt:  format (see kernel/lib/vsprintf.h), followed by its arguments
 *
 * Return: as kvscnprintf(): the number of characters stored.
 * Context: any.
 */
int kscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
