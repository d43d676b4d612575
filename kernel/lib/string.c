// SPDX-License-Identifier: MIT
/*
 * String and memory functions for the kernel (kernel/lib/string.h); hosted
 * builds use the C library's instead.
 *
 * Every function is a plain byte loop. The kernel compiles this file with
 * -ffreestanding (which implies -fno-builtin), so the compiler does not
 * recognise a loop as memset/memcpy and turn it back into a call to itself.
 *
 * Host tests compile this same file with -DKEEL_STRING_TEST: KSTRING()
 * then gives every function a kstring_test_ prefix so it can be compared
 * with the C library's function of the same name in one program.
 */
#include "kernel/lib/string.h"
#include "kernel/lib/errno.h"

#include <stdint.h>

#ifdef KEEL_STRING_TEST
#define KSTRING(name) kstring_test_##name
#else
#define KSTRING(name) name
#endif

/**
 * memcpy - copy @n bytes from @src to @dst
 * @dst: destination; must not overlap @src (use memmove for that)
 * @src: source
 * @n:   number of bytes, may be 0
 *
 * Return: @dst.
 * Context: any.
 */
void *KSTRING(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

/**
 * memmove - copy @n bytes from @src to @dst, which may overlap
 * @dst: destination
 * @src: source
 * @n:   number of bytes, may be 0
 *
 * Copies forwards when @dst is below @src and backwards otherwise, so
 * every source byte is read before it is overwritten.
 * Return: @dst.
 * Context: any.
 */
void *KSTRING(memmove)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d < (uintptr_t)s) {
		while (n--)
			*d++ = *s++;
	} else if ((uintptr_t)d > (uintptr_t)s) {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

/**
 * memset - fill @n bytes at @dst with the byte @c
 * @dst: destination
 * @c:   fill value, converted to unsigned char
 * @n:   number of bytes, may be 0
 *
 * Return: @dst.
 * Context: any.
 */
void *KSTRING(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/**
 * memcmp - compare @n bytes as unsigned chars
 * @a: first buffer
 * @b: second buffer
 * @n: number of bytes, may be 0
 *
 * Return: <0, 0 or >0 as the first differing byte of @a is below, equal
 * to or above that of @b (0 when @n is 0).
 * Context: any.
 */
int KSTRING(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

/**
 * strlen - length of a NUL-terminated string
 * @s: the string
 *
 * Return: the number of bytes before the NUL.
 * Context: any.
 */
size_t KSTRING(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/**
 * strnlen - length of a string, looking at no more than @maxlen bytes
 * @s:      the string; need not be terminated within @maxlen bytes
 * @maxlen: bytes that may be read
 *
 * Return: the number of bytes before the NUL, or @maxlen if there is none
 * among the first @maxlen.
 * Context: any.
 */
size_t KSTRING(strnlen)(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

/**
 * strcmp - compare two strings as unsigned chars
 * @a: first string
 * @b: second string
 *
 * Return: <0, 0 or >0 as @a sorts before, equal to or after @b.
 * Context: any.
 */
int KSTRING(strcmp)(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

/**
 * strncmp - compare at most @n bytes of two strings as unsigned chars
 * @a: first string
 * @b: second string
 * @n: bytes to compare at most, may be 0
 *
 * Return: <0, 0 or >0 as in strcmp(), over the first @n bytes.
 * Context: any.
 */
int KSTRING(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			return 0;
	}
	return 0;
}

/**
 * strchr - first occurrence of a character in a string
 * @s: the string
 * @c: the character, converted to char; '\0' finds the terminator
 *
 * Return: a pointer to it within @s, or NULL.
 * Context: any.
 */
char *KSTRING(strchr)(const char *s, int c)
{
	const char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/**
 * strrchr - last occurrence of a character in a string
 * @s: the string
 * @c: the character, converted to char; '\0' finds the terminator
 *
 * Return: a pointer to it within @s, or NULL.
 * Context: any.
 */
char *KSTRING(strrchr)(const char *s, int c)
{
	const char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/**
 * strstr - first occurrence of a string in another
 * @haystack: the string searched
 * @needle:   the string looked for; an empty needle matches at once
 *
 * A plain O(length * needle length) search; kernel strings are short.
 * Return: a pointer to the match within @haystack, or NULL.
 * Context: any.
 */
char *KSTRING(strstr)(const char *haystack, const char *needle)
{
	size_t n = KSTRING(strlen)(needle);

	for (;; haystack++) {
		if (KSTRING(strncmp)(haystack, needle, n) == 0)
			return (char *)haystack;
		if (!*haystack)
			return NULL;
	}
}

/**
 * strscpy - copy a string into a buffer, always NUL-terminated
 * @dst:  the buffer
 * @src:  the string
 * @size: size of @dst; 0 copies nothing
 *
 * Return: the length copied (without the NUL), or -E2BIG when @src did
 * not fit and was truncated (Linux's strscpy).
 * Context: any.
 */
long KSTRING(strscpy)(char *dst, const char *src, size_t size)
{
	size_t n;

	if (!size)
		return -E2BIG;
	n = KSTRING(strnlen)(src, size);
	if (n == size) {
		KSTRING(memcpy)(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	KSTRING(memcpy)(dst, src, n + 1);
	return (long)n;
}
