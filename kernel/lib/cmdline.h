/* SPDX-License-Identifier: MIT */
/*
 * Kernel command-line parsing, pure. The command line is a space-separated
 * list of `name`, `name=value` or `name="value with spaces"` words, as Linux
 * parses it (kernel/params.c, lib/cmdline.c).
 */
#ifndef KEEL_LIB_CMDLINE_H
#define KEEL_LIB_CMDLINE_H

#include "kernel/lib/types.h"

/*
 * next_arg - split off the first parameter of @args, in place.
 * @args:  NUL-terminated, leading spaces already skipped
 * @param: set to the parameter name
 * @val:   set to its value (quotes removed) or NULL when there is no '='
 * Returns the rest of the string, with leading spaces skipped.
 */
char *next_arg(char *args, char **param, char **val);

/*
 * parse_args - call @handle for every parameter of @args (modified in place).
 * Stops at the first negative return of @handle and returns it; else 0.
 */
int parse_args(char *args, int (*handle)(char *param, char *val, void *arg),
	       void *arg);

/*
 * cmdline_find_option_bool - is the bare word @name (or name=...) present?
 * Non-destructive. Returns the 1-based position of the last match, 0 if none.
 */
int cmdline_find_option_bool(const char *cmdline, const char *name);

/*
 * cmdline_find_option - copy the value of the last `name=value` into @buf
 * (NUL-terminated, truncated to @bufsize - 1). Non-destructive.
 * Returns the full length of the value, or -ENOENT when @name has no value.
 */
int cmdline_find_option(const char *cmdline, const char *name, char *buf,
			size_t bufsize);

/*
 * memparse - parse a size with an optional K, M, G, T, P or E suffix
 * (case-insensitive, binary multiples), C-style base (0x.., 0.., decimal).
 * @retptr, if not NULL, is set to the first character not consumed.
 * Returns the value; on overflow the result saturates to ULLONG_MAX.
 */
unsigned long long memparse(const char *ptr, char **retptr);

/*
 * parse_initrdmem - the value of `initrdmem=START,SIZE` (memparse numbers,
 * so 0x4000000,8M works): an initrd already in memory, as Linux's x86 uses
 * when the boot loader passed none. Returns 0 with @start and @size set, or
 * -EINVAL (no number, no comma, trailing text, a zero size) or -ERANGE
 * (START + SIZE wraps, or a number saturated); @start and @size are then
 * left alone.
 */
int parse_initrdmem(const char *val, u64 *start, u64 *size);

/*
 * kstrtoull - parse a whole string as an unsigned number in @base (0 means
 * C-style prefixes). A single trailing newline is accepted.
 * Returns 0, -EINVAL (not a number, trailing junk) or -ERANGE (overflow).
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoint(const char *s, unsigned int base, int *res);

/*
 * simple_strtoull - parse a number prefix, C-style when @base is 0,
 * returning the value and setting @endp past it (saturating on overflow).
 */
unsigned long long simple_strtoull(const char *cp, char **endp,
				   unsigned int base);

#endif
