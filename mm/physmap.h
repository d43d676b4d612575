/* SPDX-License-Identifier: MIT */
/*
 * The one physical-to-virtual hook of pure mm code. Every mm module reaches
 * physical memory (memblock's region arrays, page-table pages, free pages)
 * through phys_to_virt() and back through virt_to_phys(). The mapping is
 * linear: va = pa + offset. The kernel sets the offset of whatever map is
 * live (identity during early boot, page_offset_base later); host tests set
 * it so that a malloc'd arena stands in for physical memory.
 */
#ifndef KEEL_MM_PHYSMAP_H
#define KEEL_MM_PHYSMAP_H

#include "kernel/lib/types.h"

/* Offset added to a physical address to reach it. */
extern uintptr_t physmap_offset;

static inline void physmap_set_offset(uintptr_t offset)
{
	physmap_offset = offset;
}

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + physmap_offset);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - physmap_offset);
}

#endif
