/* SPDX-License-Identifier: MIT */
/*
 * Where the kernel's text mapping goes: the virtual half of kernel image
 * KASLR, pure. The kernel is linked at @base (__START_KERNEL_map +
 * LOAD_PHYSICAL_ADDR); the decompressor moves its virtual addresses by an
 * offset, a multiple of @align, such that the whole span, bss and brk
 * included, stays below @end (__START_KERNEL_map + KERNEL_IMAGE_SIZE, the
 * 1 GiB kernel text area). Offset 0, the linked address, is slot 0.
 * kaslr_virt_count() counts the slots, kaslr_virt_offset() names the
 * n-th, so the caller picks n at random.
 */
#ifndef KEEL_LIB_KASLR_VIRT_H
#define KEEL_LIB_KASLR_VIRT_H

#include "kernel/lib/types.h"

struct kaslr_virt {
	u64 base; /* the linked address of the kernel's first byte */
	u64 end; /* the exclusive end of the kernel text area */
	u64 size; /* the kernel's span, bss and brk included */
	u64 align; /* a power of two; @base is a multiple of it */
};

/**
 * kaslr_virt_count() - how many offsets there are
 * @v: the area and the kernel's needs
 *
 * Return: (@end - @base - @size) / @align + 1; 0 when the kernel does not
 * fit at all (then it cannot run at its linked address either), @size or
 * @align is 0, @align is not a power of two, @base is not a multiple of
 * it or @end lies at or below @base.
 */
u64 kaslr_virt_count(const struct kaslr_virt *v);

/**
 * kaslr_virt_offset() - the @n-th offset, lowest first: @n * @align
 * @v: as for kaslr_virt_count()
 * @n: below kaslr_virt_count(@v)
 * @offset: set to the offset on success, to 0 on failure
 *
 * Return: 0, or -ERANGE when there is no @n-th slot.
 */
int kaslr_virt_offset(const struct kaslr_virt *v, u64 n, u64 *offset);

#endif
