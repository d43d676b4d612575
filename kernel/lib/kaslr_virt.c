// SPDX-License-Identifier: MIT
/*
 * The virtual half of kernel image KASLR; the contract is in kaslr_virt.h.
 * The kernel may start at any multiple of the alignment from its linked
 * address up to end - size, all of which are equally likely slots.
 */
#include "kernel/lib/kaslr_virt.h"

#include "kernel/lib/errno.h"

static bool valid(const struct kaslr_virt *v)
{
	return v->size && v->align && !(v->align & (v->align - 1)) &&
	       !(v->base & (v->align - 1)) && v->end > v->base &&
	       v->end - v->base >= v->size;
}

u64 kaslr_virt_count(const struct kaslr_virt *v)
{
	if (!valid(v))
		return 0;
	return (v->end - v->base - v->size) / v->align + 1;
}

int kaslr_virt_offset(const struct kaslr_virt *v, u64 n, u64 *offset)
{
	*offset = 0;
	if (n >= kaslr_virt_count(v))
		return -ERANGE;
	*offset = n * v->align;
	return 0;
}
