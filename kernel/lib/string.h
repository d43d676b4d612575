/* SPDX-License-Identifier: MIT */
/*
 * String and memory functions with their standard prototypes. The kernel
 * links kernel/lib/string.c; hosted builds (tests, fuzzers, tools) link the
 * C library's, so ASan checks every use made by pure code.
 */
#ifndef KEEL_LIB_STRING_H
#define KEEL_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
long strscpy(char *dst, const char *src, size_t size);

#endif
