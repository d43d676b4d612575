/* SPDX-License-Identifier: MIT */
/*
 * Memory-region randomisation: the placement math (shared/REFERENCE.md
 * section 6). The arch code gathers the randomness (RDRAND/RDSEED, else TSC
 * jitter mixed with boot data), honours `nokaslr` and programs the result;
 * everything that can be computed without the CPU is here.
 *
 * Three regions move, in this order, inside [vaddr_start, vaddr_end): the
 * direct map, vmalloc space and vmemmap. vaddr_start is the fixed
 * direct-map base (0xffff888000000000, or 0xff11000000000000 with 5-level
 * paging), vaddr_end is cpu_entry_area (0xfffffe0000000000):
 *
 *   vaddr_start                                                 vaddr_end
 *   |<-off0->|direct map|g|<-off1->|vmalloc|g|<-off2->|vmemmap|<-rest->|
 *
 * "slack" is the space left after the three regions and the 1 GiB guard
 * gaps g. Region i (i = 0, 1, 2) draws its offset from
 *
 *   slots_i = floor(remaining slack / (3 - i) / 1 GiB) + 1
 *   off_i   = (rand() % slots_i) * 1 GiB,   remaining slack -= off_i
 *
 * so each base is the previous end + a guard + a random multiple of 1 GiB
 * taken from an equal share of what is left: the order is kept, no region
 * overlaps another, and the last one ends at or below vaddr_end.
 *
 * Sizes (kaslr_config_init): the direct map covers the RAM actually present,
 * ram_end rounded up to a whole TB (as Linux, but without Linux's 10 TB
 * hot-plug padding: keel has no memory hot-plug, and the padding would only
 * cost entropy); vmalloc keeps its fixed size (32 TB, 12.5 PB with 5-level
 * paging); vmemmap holds a struct page for every page of the direct map,
 * rounded up to a whole TB.
 */
#ifndef KEEL_MM_KASLR_H
#define KEEL_MM_KASLR_H

#include "kernel/lib/types.h"
#include "mm/layout.h"

/* Granule of every randomised base, size and offset (one PUD entry). */
#define KASLR_ALIGN SZ_1G
/* Unmapped gap kept after the direct map and after vmalloc. */
#define KASLR_GUARD SZ_1G
/* The direct map and vmemmap are sized in whole terabytes. */
#define KASLR_SIZE_ROUND MM_TB

/* The region KASLR may use: from the fixed direct-map base up to here. */
#define KASLR_VADDR_END CPU_ENTRY_AREA_BASE

/* The randomised regions, in address order. */
enum kaslr_region {
	KASLR_DIRECT_MAP,
	KASLR_VMALLOC,
	KASLR_VMEMMAP,
	KASLR_NR_REGIONS,
};

/*
 * A source of random numbers: returns 64 random bits on each call.
 * kaslr_splitmix64() is one, over a seed from kaslr_mix_seed().
 */
typedef u64 (*kaslr_rand_fn)(void *arg);

/**
 * struct kaslr_config - what to place.
 * @levels:  paging depth, 4 or 5
 * @size:    bytes of each region, multiples of KASLR_ALIGN, not 0
 */
struct kaslr_config {
	unsigned int levels;
	u64 size[KASLR_NR_REGIONS];
};

/**
 * struct kaslr_entropy - how much the placement hides.
 * @slots:        fewest 1 GiB positions each region's offset is drawn from
 *                over every possible run: the count when every earlier
 *                region took its highest slot
 * @region_bits:  floor(log2(@slots[i]))
 * @total_bits:   the sum of @region_bits
 *
 * Each region's draw is (up to the negligible bias of a 64-bit modulo)
 * uniform over at least @slots[i] choices whatever came before, so the
 * layout has at least @total_bits bits of min-entropy.
 */
struct kaslr_entropy {
	u64 slots[KASLR_NR_REGIONS];
	unsigned int region_bits[KASLR_NR_REGIONS];
	unsigned int total_bits;
};

/**
 * kaslr_vaddr_start - lowest address a randomised region may use.
 * @levels: paging depth, 4 or 5
 * Return: the fixed direct-map base for @levels, or 0 for another depth.
 * Context: any; pure.
 */
u64 kaslr_vaddr_start(unsigned int levels);

/**
 * kaslr_config_init - the region sizes for the RAM present.
 * @cfg:               filled on success, untouched on failure
 * @levels:            paging depth, 4 or 5
 * @ram_end:           end of the highest RAM (max_pfn << PAGE_SHIFT), at
 *                     least 1 and at most 2^MAX_PHYSMEM_BITS
 * @struct_page_size:  sizeof(struct page), 1..PAGE_SIZE
 *
 * Return: 0; -EINVAL or -ERANGE (reported with the values) otherwise.
 * Context: any; pure.
 */
int kaslr_config_init(struct kaslr_config *cfg, unsigned int levels,
		      u64 ram_end, size_t struct_page_size);

/**
 * kaslr_entropy - the entropy figures of a configuration.
 * @cfg:  a configuration
 * @out:  filled on success
 *
 * Return: 0, or the error kaslr_randomize_memory would give for @cfg.
 * Context: any; pure.
 */
int kaslr_entropy(const struct kaslr_config *cfg, struct kaslr_entropy *out);

/**
 * kaslr_randomize_memory - place the direct map, vmalloc and vmemmap.
 * @cfg:     levels and region sizes
 * @rand:    random source, called exactly KASLR_NR_REGIONS times, once per
 *           region in address order; NULL (`nokaslr`) gives the fixed
 *           layout of mm_layout_init() and ignores @cfg's sizes
 * @arg:     passed to @rand
 * @layout:  receives the fixed layout for @cfg->levels with the three
 *           regions' bases and sizes replaced; untouched on failure
 *
 * Return: 0; -EINVAL for bad levels or a size that is 0 or not a multiple
 * of KASLR_ALIGN; -ENOSPC when the regions and guards do not fit between
 * vaddr_start and vaddr_end. Errors are reported with the values.
 * Context: early boot, before the direct map is built; pure.
 */
int kaslr_randomize_memory(const struct kaslr_config *cfg, kaslr_rand_fn rand,
			   void *arg, struct mm_layout *layout);

/**
 * kaslr_mix_seed - fold boot-time words into a 64-bit seed.
 * @words:  TSC samples, boot data, RDRAND output...; order matters
 * @n:      number of words (0 gives a fixed seed)
 *
 * Each word is added into a splitmix64-style state and the state is
 * scrambled by the splitmix64 finaliser, so every bit of every word
 * affects every bit of the seed.
 *
 * Return: the seed.
 * Context: any; pure.
 */
u64 kaslr_mix_seed(const u64 *words, size_t n);

/**
 * kaslr_splitmix64 - next number of the splitmix64 generator (Steele, Lea
 * and Flood, 2014); usable as a kaslr_rand_fn.
 * @state: a u64 *, the generator state (the seed), advanced by the call
 *
 * Return: 64 pseudo-random bits.
 * Context: any; pure.
 */
u64 kaslr_splitmix64(void *state);

/**
 * kaslr_print_layout - print the "Virtual kernel memory layout" lines.
 * @layout: the layout in force
 *
 * One pr_info line per region, Linux-like:
 *   "    vmalloc : 0xffffc90000000000 - 0xffffe8ffffffffff   (32768 GB)"
 * Sizes are in GB when whole gigabytes, else MB, else kB.
 * Context: any.
 */
void kaslr_print_layout(const struct mm_layout *layout);

/**
 * kaslr_print_entropy - print the entropy figures in one pr_info line.
 * Context: any.
 */
void kaslr_print_entropy(const struct kaslr_entropy *entropy);

#endif
