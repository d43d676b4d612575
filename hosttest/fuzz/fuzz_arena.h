/* SPDX-License-Identifier: MIT */
/*
 * "Physical memory" for the fuzz targets that run the page allocator: an
 * anonymous mapping standing for [0, end_pfn) pages, with the physmap
 * pointed at it, plus the struct page array and block-state table
 * page_alloc_init() takes.
 */
#ifndef KEEL_HOSTTEST_FUZZ_ARENA_H
#define KEEL_HOSTTEST_FUZZ_ARENA_H

#include <stddef.h>

#include "mm/page_alloc.h"

/**
 * fuzz_arena_init - map the arena and allocate the allocator's tables
 * @end_pfn: pages the arena covers, from pfn 0
 * @map: set to a malloc'd array of @end_pfn struct page (not initialised)
 * @state: set to a malloc'd block-state table for @end_pfn
 * @state_bytes: set to the size of *@state
 *
 * The mapping is reserved lazily (MAP_NORESERVE), so a large sparse arena
 * costs only the pages touched. Once per process; aborts on failure.
 */
void fuzz_arena_init(unsigned long end_pfn, struct page **map,
		     unsigned long **state, size_t *state_bytes);

#endif
