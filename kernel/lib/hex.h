/* SPDX-License-Identifier: MIT */
/* Hex digits (Linux's hex_to_bin). Pure, header-only. */
#ifndef KEEL_LIB_HEX_H
#define KEEL_LIB_HEX_H

/* The value of hex digit @c (0-9, a-f, A-F), or -1 when it is none. */
static inline int hex_to_bin(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
