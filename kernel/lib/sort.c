// SPDX-License-Identifier: MIT
#include "kernel/lib/sort.h"

static void swap_bytes(void *a, void *b, size_t size)
{
	unsigned char *x = a, *y = b;

	while (size--) {
		unsigned char t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

/* Sift the element at @root down the max-heap of @n elements. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *),
		      void (*swap)(void *, void *, size_t))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *a, const void *b),
	  void (*swap)(void *a, void *b, size_t size))
{
	char *b = base;
	size_t i;

	if (num < 2 || size == 0)
		return;
	if (!swap)
		swap = swap_bytes;
	for (i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp, swap);
	for (i = num - 1; i > 0; i--) {
		swap(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp, swap);
	}
}
