/* SPDX-License-Identifier: MIT */
/*
 * keel's printf-style formatter, pure, used by printk in the kernel and by
 * host tools and tests alike (prefixed names so hosted builds never clash
 * with the C library).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %% with the length modifiers
 * hh h l ll z t, flags '-' '0' '+' ' ' '#', field width and precision
 * (both may be '*').
 *   %p    a pointer as 0x followed by 16 hex digits
 *   %pa   the phys_addr_t pointed to, as 0x%016llx (Linux's %pa)
 * Output is always NUL-terminated when size > 0.
 */
#ifndef KEEL_LIB_VSPRINTF_H
#define KEEL_LIB_VSPRINTF_H

#include <stdarg.h>
#include <stddef.h>

#include "kernel/lib/types.h"

/*
 * kvsnprintf - format into @buf of @size bytes.
 * Returns the length the full output would have (excluding the NUL), as C's
 * vsnprintf does, so callers can detect truncation.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* As kvsnprintf but returns the number of characters written (<= size-1). */
int kvscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int kscnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
