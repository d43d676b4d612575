/* SPDX-License-Identifier: MIT */
/* In-place sort, pure: heapsort, O(n log n), no allocation, not stable. */
#ifndef KEEL_LIB_SORT_H
#define KEEL_LIB_SORT_H

#include <stddef.h>

/*
 * sort - sort @num elements of @size bytes at @base by @cmp (which returns
 * <0, 0 or >0 as qsort's does). @swap may be NULL for a bytewise swap.
 */
void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *a, const void *b),
	  void (*swap)(void *a, void *b, size_t size));

#endif
