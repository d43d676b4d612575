// SPDX-License-Identifier: MIT
/*
 * Kernel command-line parsing, pure (see kernel/lib/cmdline.h).
 *
 * A command line is a list of words separated by runs of white space. A
 * word is `name`, `name=value`, `name="value with spaces"` or the whole
 * word in quotes, `"name=value with spaces"`. Inside double quotes white
 * space does not end the word. The quotes that open the value or the whole
 * word, and the one that ends it, are removed; other quotes stay, as with
 * Linux's next_arg().
 *
 * One scanner, cmdline_scan_word(), finds where a word, its name and its
 * value start and end without changing anything; next_arg() writes NULs at
 * those places, and the lookups (cmdline_find_option*) compare in place, so
 * destructive and non-destructive parsing agree on every input.
 *
 * The number parsers follow Linux's rules: base 0 means C prefixes (0x hex,
 * 0 octal, else decimal); a 0x prefix counts only when a hex digit follows.
 */
#include "kernel/lib/cmdline.h"

#include <limits.h>

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/* Memory-size suffixes of memparse(): each multiplies by 1024 once more. */
#define MEMPARSE_SHIFT_PER_SUFFIX 10

/* Bases the number parsers accept besides 0 (digits 0-9 then a-z). */
#define BASE_MIN 2
#define BASE_MAX 36

/* Where one command-line word and its parts lie (end pointers exclusive). */
struct cmdline_word {
	const char *start; /* first character, an opening quote included */
	const char *end; /* the white space or NUL after the word */
	const char *name, *name_end;
	const char *val, *val_end; /* val is NULL when there is no '=' */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static const char *skip_spaces(const char *s)
{
	while (is_space(*s))
		s++;
	return s;
}

/*
 * Find the word at @s (not white space, not the end) and its parts. The
 * first '=' splits name from value; a quote toggles whether white space
 * ends the word.
 */
static void cmdline_scan_word(const char *s, struct cmdline_word *w)
{
	bool quoted = *s == '"';
	bool in_quote = quoted;
	const char *p = s + quoted;
	const char *eq = NULL;

	w->start = s;
	for (; *p && (in_quote || !is_space(*p)); p++) {
		if (!eq && *p == '=')
			eq = p;
		if (*p == '"')
			in_quote = !in_quote;
	}
	w->end = p;
	w->name = s + quoted;
	if (eq) {
		w->name_end = eq;
		w->val = eq + 1;
		w->val_end = w->end;
		if (*w->val == '"') {
			w->val++;
			if (w->end[-1] == '"')
				w->val_end = w->end - 1;
		}
	} else {
		w->name_end = w->end;
		w->val = NULL;
		w->val_end = NULL;
	}
	/* the quote closing a quoted word */
	if (quoted && w->end > w->name && w->end[-1] == '"') {
		if (eq)
			w->val_end = w->end - 1;
		else
			w->name_end = w->end - 1;
	}
	/* a lone opening quote leaves an empty value, never a negative one */
	if (eq && w->val_end < w->val)
		w->val_end = w->val;
}

/**
 * next_arg - split off the first parameter of a command line, in place
 * @args:  NUL-terminated command line, leading white space already skipped
 * @param: set to the parameter's name
 * @val:   set to its value, quotes removed, or NULL when it has no '='
 *
 * Writes NULs after the name, the value and the word. The value of
 * `a=b=c` is `b=c` (only the first '=' splits).
 * Return: the rest of the command line, its leading white space skipped
 * (an empty string at the end).
 * Context: any; pure.
 */
char *next_arg(char *args, char **param, char **val)
{
	struct cmdline_word w;
	char *rest;

	cmdline_scan_word(args, &w);
	rest = args + (w.end - args);
	if (*rest)
		rest++;
	*param = args + (w.name - args);
	args[w.name_end - args] = '\0';
	if (w.val) {
		*val = args + (w.val - args);
		args[w.val_end - args] = '\0';
	} else {
		*val = NULL;
	}
	args[w.end - args] = '\0';
	return args + (skip_spaces(rest) - args);
}

/**
 * parse_args - call a handler for every parameter of a command line
 * @args:   NUL-terminated command line, split in place by next_arg()
 * @handle: called with each name, value (NULL without '=') and @arg
 * @arg:    passed through to @handle
 *
 * Return: 0 when every call returned >= 0, else the first negative return
 * of @handle (later parameters are not visited).
 * Context: any; pure.
 */
int parse_args(char *args, int (*handle)(char *param, char *val, void *arg),
	       void *arg)
{
	args = (char *)skip_spaces(args);
	while (*args) {
		char *param, *val;
		int ret;

		args = next_arg(args, &param, &val);
		ret = handle(param, val, arg);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static bool word_has_name(const struct cmdline_word *w, const char *name,
			  size_t name_len)
{
	size_t len = (size_t)(w->name_end - w->name);

	return len == name_len && (len == 0 || memcmp(w->name, name, len) == 0);
}

/*
 * Store in @found the last word of @cmdline named @name (and having a value
 * if @need_val); found->start is NULL when there is none.
 */
static void find_last_word(const char *cmdline, const char *name, bool need_val,
			   struct cmdline_word *found)
{
	size_t name_len = strlen(name);
	const char *s = skip_spaces(cmdline);

	found->start = NULL;
	if (name_len == 0)
		return;
	while (*s) {
		struct cmdline_word w;

		cmdline_scan_word(s, &w);
		if (word_has_name(&w, name, name_len) && (w.val || !need_val))
			*found = w;
		s = skip_spaces(w.end);
	}
}

/**
 * cmdline_find_option_bool - look for a word on the command line
 * @cmdline: NUL-terminated command line (not modified); may be NULL
 * @name:    the parameter name; the word `name` or `name=...` matches, a
 *           word that merely contains or starts with @name does not
 *
 * Return: the 1-based offset in @cmdline of the last matching word (of its
 * opening quote if quoted), 0 when there is none or @name is empty.
 * Context: any; pure.
 */
int cmdline_find_option_bool(const char *cmdline, const char *name)
{
	struct cmdline_word w;
	size_t pos;

	if (!cmdline || !name)
		return 0;
	find_last_word(cmdline, name, false, &w);
	if (!w.start)
		return 0;
	pos = (size_t)(w.start - cmdline) + 1;
	return pos > INT_MAX ? INT_MAX : (int)pos;
}

/**
 * cmdline_find_option - copy the value of a `name=value` word
 * @cmdline: NUL-terminated command line (not modified); may be NULL
 * @name:    the parameter name (whole word, as cmdline_find_option_bool)
 * @buf:     receives the value of the last `name=value` word, quotes
 *           removed, truncated to @bufsize - 1 characters and NUL-terminated
 * @bufsize: size of @buf; 0 (with @buf NULL if wanted) asks for the length
 *
 * A bare `name` has no value and is passed over; @buf is left untouched
 * when nothing is found.
 * Return: the full length of the value (which may be 0 or >= @bufsize),
 * or -ENOENT when no `name=value` word exists.
 * Context: any; pure.
 */
int cmdline_find_option(const char *cmdline, const char *name, char *buf,
			size_t bufsize)
{
	struct cmdline_word w;
	size_t len, copy;

	if (!cmdline || !name)
		return -ENOENT;
	find_last_word(cmdline, name, true, &w);
	if (!w.start)
		return -ENOENT;
	len = (size_t)(w.val_end - w.val);
	if (bufsize) {
		copy = len < bufsize - 1 ? len : bufsize - 1;
		memcpy(buf, w.val, copy);
		buf[copy] = '\0';
	}
	return len > INT_MAX ? INT_MAX : (int)len;
}

/* Value of digit @c (0-9, a-z, A-Z), or BASE_MAX when it is none. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A' + 10);
	return BASE_MAX;
}

static bool has_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	       digit_value(s[2]) < 16;
}

/*
 * Resolve base 0 from the C prefix at *@s and skip a 0x prefix (base 0 or
 * 16). Returns the base, or 0 when @base is not valid.
 */
static unsigned int fixup_base(const char **s, unsigned int base)
{
	if (base == 0) {
		if (has_hex_prefix(*s))
			base = 16;
		else if (**s == '0')
			base = 8;
		else
			base = 10;
	}
	if (base < BASE_MIN || base > BASE_MAX)
		return 0;
	if (base == 16 && has_hex_prefix(*s))
		*s += 2;
	return base;
}

/*
 * Parse the digits of @base at @s into *@res, saturating at ULLONG_MAX.
 * Sets *@end after the last digit. Returns the number of digits read, or
 * -ERANGE when the value did not fit.
 */
static int parse_digits(const char *s, unsigned int base,
			unsigned long long *res, const char **end)
{
	unsigned long long v = 0;
	bool overflow = false;
	int ndigits = 0;
	unsigned int d;

	while ((d = digit_value(*s)) < base) {
		if (v > (ULLONG_MAX - d) / base) {
			overflow = true;
			v = ULLONG_MAX;
		} else if (!overflow) {
			v = v * base + d;
		}
		if (ndigits < INT_MAX)
			ndigits++;
		s++;
	}
	*res = v;
	*end = s;
	return overflow ? -ERANGE : ndigits;
}

/**
 * simple_strtoull - parse the number at the start of a string
 * @cp:   the string; no white space or sign is skipped
 * @endp: if not NULL, set after the last digit (to @cp when none)
 * @base: 2..36, or 0 for C prefixes (0x.. hex, 0.. octal, else decimal);
 *        base 16 also accepts a 0x prefix
 *
 * Return: the value, saturated at ULLONG_MAX on overflow (all digits are
 * still consumed); 0 when there are no digits or @base is invalid.
 * Context: any; pure.
 */
unsigned long long simple_strtoull(const char *cp, char **endp,
				   unsigned int base)
{
	const char *s = cp, *end;
	unsigned long long v = 0;

	base = fixup_base(&s, base);
	if (base == 0 || parse_digits(s, base, &v, &end) == 0)
		end = cp;
	if (endp)
		*endp = (char *)end;
	return v;
}

/**
 * memparse - parse a memory size such as "64M" or "0x1000"
 * @ptr:    the string (C-style base, as simple_strtoull() with base 0)
 * @retptr: if not NULL, set to the first character not consumed
 *
 * An optional suffix K, M, G, T, P or E (either case) multiplies by
 * 2^10, 2^20, ... 2^60 and is consumed.
 * Without digits nothing is consumed (*@retptr == @ptr), suffix included.
 * Return: the size, saturated at ULLONG_MAX on overflow.
 * Context: any; pure.
 */
unsigned long long memparse(const char *ptr, char **retptr)
{
	static const char suffixes[] = "KMGTPE";
	char *end;
	unsigned long long v = simple_strtoull(ptr, &end, 0);
	unsigned int shift = 0;

	/* without digits nothing is consumed, so callers can tell */
	for (size_t i = 0; end != ptr && suffixes[i]; i++) {
		if ((*end & ~0x20) == suffixes[i]) { /* upper-case it */
			shift = (unsigned int)(i + 1) *
				MEMPARSE_SHIFT_PER_SUFFIX;
			end++;
			break;
		}
	}
	if (shift && v > (ULLONG_MAX >> shift))
		v = ULLONG_MAX;
	else
		v <<= shift;
	if (retptr)
		*retptr = end;
	return v;
}

int parse_initrdmem(const char *val, u64 *start, u64 *size)
{
	char *end, *comma;
	unsigned long long s, n;

	s = memparse(val, &comma);
	if (comma == val || *comma != ',')
		return -EINVAL;
	n = memparse(comma + 1, &end);
	if (end == comma + 1 || *end || !n)
		return -EINVAL;
	if (s == ULLONG_MAX || n == ULLONG_MAX || s + n < s)
		return -ERANGE;
	*start = s;
	*size = n;
	return 0;
}

/* Parse all of @s (after any sign) as an unsigned number; see kstrtoull. */
static int parse_whole(const char *s, unsigned int base,
		       unsigned long long *res)
{
	const char *end;
	int n;

	base = fixup_base(&s, base);
	if (base == 0)
		return -EINVAL;
	n = parse_digits(s, base, res, &end);
	if (n < 0)
		return n;
	if (n == 0)
		return -EINVAL;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

/**
 * kstrtoull - convert a whole string to an unsigned long long
 * @s:    the string: an optional '+', digits, an optional single '\n'
 * @base: 2..36, or 0 for C prefixes (0x.. hex, 0.. octal, else decimal)
 * @res:  receives the value; untouched on error
 *
 * Return: 0; -EINVAL for an empty string, a bad base, no digits or
 * anything after them; -ERANGE when the value does not fit.
 * Context: any; pure.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	int ret;

	if (*s == '+')
		s++;
	ret = parse_whole(s, base, &v);
	if (ret == 0)
		*res = v;
	return ret;
}

/**
 * kstrtoint - convert a whole string to an int
 * @s:    the string: an optional '+' or '-', digits, an optional '\n'
 * @base: 2..36, or 0 for C prefixes
 * @res:  receives the value; untouched on error
 *
 * Return: 0; -EINVAL (not a number, trailing junk) or -ERANGE (outside
 * INT_MIN..INT_MAX).
 * Context: any; pure.
 */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	bool negative = *s == '-';
	unsigned long long v;
	int ret;

	if (*s == '-' || *s == '+')
		s++;
	ret = parse_whole(s, base, &v);
	if (ret)
		return ret;
	if (negative) {
		if (v > (unsigned long long)INT_MAX + 1)
			return -ERANGE;
		*res = v == (unsigned long long)INT_MAX + 1 ? INT_MIN : -(int)v;
	} else {
		if (v > INT_MAX)
			return -ERANGE;
		*res = (int)v;
	}
	return 0;
}
