// SPDX-License-Identifier: MIT
#include "hosttest/fuzz/fuzz_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "mm/physmap.h"

void fuzz_arena_init(unsigned long end_pfn, struct page **map,
		     unsigned long **state, size_t *state_bytes)
{
	void *mem = mmap(NULL, PFN_PHYS(end_pfn), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (mem == MAP_FAILED)
		abort();
	physmap_set_offset((uintptr_t)mem);
	*map = malloc(end_pfn * sizeof(**map));
	*state_bytes = page_alloc_state_size(end_pfn);
	*state = malloc(*state_bytes);
	if (!*map || !*state)
		abort();
}
