// SPDX-License-Identifier: MIT
/*
 * Memory-region randomisation: sizes, placement, entropy, seed mixing and
 * the layout printout. See mm/kaslr.h for the method and the picture.
 */
#include "mm/kaslr.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

/* splitmix64 constants (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014; Stafford's mix13). */
#define SPLITMIX64_GAMMA 0x9e3779b97f4a7c15UL
#define SPLITMIX64_MUL1 0xbf58476d1ce4e5b9UL
#define SPLITMIX64_MUL2 0x94d049bb133111ebUL
#define SPLITMIX64_SHIFT1 30
#define SPLITMIX64_SHIFT2 27
#define SPLITMIX64_SHIFT3 31

/* Width of the region names in the layout printout. */
#define LAYOUT_NAME_WIDTH 11

static const char *const region_name[KASLR_NR_REGIONS] = {
	[KASLR_DIRECT_MAP] = "direct map",
	[KASLR_VMALLOC] = "vmalloc",
	[KASLR_VMEMMAP] = "vmemmap",
};

u64 kaslr_vaddr_start(unsigned int levels)
{
	struct mm_layout layout;

	if (mm_layout_init(&layout, levels))
		return 0;
	return layout.page_offset_base;
}

int kaslr_config_init(struct kaslr_config *cfg, unsigned int levels,
		      u64 ram_end, size_t struct_page_size)
{
	struct mm_layout layout;
	u64 direct;

	if (mm_layout_init(&layout, levels)) {
		pr_err("KASLR: %u paging levels (4 or 5 expected)\n", levels);
		return -EINVAL;
	}
	if (struct_page_size == 0 || struct_page_size > PAGE_SIZE) {
		pr_err("KASLR: struct page of %lu bytes is not in 1..%lu\n",
		       (unsigned long)struct_page_size, PAGE_SIZE);
		return -EINVAL;
	}
	if (ram_end == 0 || ram_end > BIT_ULL(layout.max_physmem_bits)) {
		pr_err("KASLR: RAM end 0x%lx is not in 1..2^%u\n", ram_end,
		       layout.max_physmem_bits);
		return -ERANGE;
	}
	direct = ALIGN(ram_end, KASLR_SIZE_ROUND);
	cfg->levels = levels;
	cfg->size[KASLR_DIRECT_MAP] = direct;
	cfg->size[KASLR_VMALLOC] = layout.vmalloc_size;
	cfg->size[KASLR_VMEMMAP] = ALIGN(
		(direct >> PAGE_SHIFT) * struct_page_size, KASLR_SIZE_ROUND);
	return 0;
}

/* Check @cfg and compute the slack: the space no region or guard uses. */
static int kaslr_slack(const struct kaslr_config *cfg, u64 *slack)
{
	u64 start = kaslr_vaddr_start(cfg->levels);
	u64 space, used = (KASLR_NR_REGIONS - 1) * KASLR_GUARD;

	if (!start) {
		pr_err("KASLR: %u paging levels (4 or 5 expected)\n",
		       cfg->levels);
		return -EINVAL;
	}
	space = KASLR_VADDR_END - start;
	for (int i = 0; i < KASLR_NR_REGIONS; i++) {
		u64 size = cfg->size[i];

		if (size == 0 || !IS_ALIGNED(size, KASLR_ALIGN)) {
			pr_err("KASLR: %s size 0x%lx is not a non-zero "
			       "multiple of 1 GiB\n",
			       region_name[i], size);
			return -EINVAL;
		}
		if (size > space - used) {
			pr_err("KASLR: regions of 0x%lx, 0x%lx and 0x%lx bytes "
			       "and their guards do not fit in 0x%lx bytes\n",
			       cfg->size[0], cfg->size[1], cfg->size[2], space);
			return -ENOSPC;
		}
		used += size;
	}
	*slack = space - used;
	return 0;
}

/* 1 GiB positions region @i may take when @remain slack is left. */
static u64 region_slots(u64 remain, int i)
{
	return remain / (u64)(KASLR_NR_REGIONS - i) / KASLR_ALIGN + 1;
}

static unsigned int ilog2_u64(u64 x)
{
	return 63 - (unsigned int)__builtin_clzl(x);
}

int kaslr_entropy(const struct kaslr_config *cfg, struct kaslr_entropy *out)
{
	u64 remain;
	int ret = kaslr_slack(cfg, &remain);

	if (ret)
		return ret;
	out->total_bits = 0;
	/* The fewest slots come when every earlier region took its last. */
	for (int i = 0; i < KASLR_NR_REGIONS; i++) {
		u64 slots = region_slots(remain, i);

		out->slots[i] = slots;
		out->region_bits[i] = ilog2_u64(slots);
		out->total_bits += out->region_bits[i];
		remain -= (slots - 1) * KASLR_ALIGN;
	}
	return 0;
}

/* Put the region bases into @layout, drawing offsets from @rand. */
static void place_regions(const struct kaslr_config *cfg, u64 slack,
			  kaslr_rand_fn rand, void *arg,
			  struct mm_layout *layout)
{
	u64 base[KASLR_NR_REGIONS];
	u64 vaddr = layout->page_offset_base;

	for (int i = 0; i < KASLR_NR_REGIONS; i++) {
		u64 offset = (rand(arg) % region_slots(slack, i)) * KASLR_ALIGN;

		base[i] = vaddr + offset;
		vaddr = base[i] + cfg->size[i] + KASLR_GUARD;
		slack -= offset;
	}
	layout->page_offset_base = base[KASLR_DIRECT_MAP];
	layout->direct_map_size = cfg->size[KASLR_DIRECT_MAP];
	layout->vmalloc_base = base[KASLR_VMALLOC];
	layout->vmalloc_size = cfg->size[KASLR_VMALLOC];
	layout->vmemmap_base = base[KASLR_VMEMMAP];
	layout->vmemmap_size = cfg->size[KASLR_VMEMMAP];
}

int kaslr_randomize_memory(const struct kaslr_config *cfg, kaslr_rand_fn rand,
			   void *arg, struct mm_layout *layout)
{
	struct mm_layout result;
	u64 slack;
	int ret;

	if (!rand) {
		ret = mm_layout_init(layout, cfg->levels);
		if (ret)
			pr_err("KASLR: %u paging levels (4 or 5 expected)\n",
			       cfg->levels);
		return ret;
	}
	ret = kaslr_slack(cfg, &slack);
	if (ret)
		return ret;
	mm_layout_init(&result, cfg->levels);
	place_regions(cfg, slack, rand, arg, &result);
	*layout = result;
	return 0;
}

/* splitmix64's finaliser: a bijection that spreads every bit over all. */
static u64 splitmix64_mix(u64 z)
{
	z = (z ^ (z >> SPLITMIX64_SHIFT1)) * SPLITMIX64_MUL1;
	z = (z ^ (z >> SPLITMIX64_SHIFT2)) * SPLITMIX64_MUL2;
	return z ^ (z >> SPLITMIX64_SHIFT3);
}

u64 kaslr_mix_seed(const u64 *words, size_t n)
{
	u64 state = 0;

	for (size_t i = 0; i < n; i++)
		state = splitmix64_mix((state + SPLITMIX64_GAMMA) ^ words[i]);
	return state;
}

u64 kaslr_splitmix64(void *state)
{
	u64 *s = state;

	*s += SPLITMIX64_GAMMA;
	return splitmix64_mix(*s);
}

/* One "name : start - end   (size unit)" line. */
static void print_region(const char *name, u64 start, u64 size)
{
	u64 amount = size / SZ_1K;
	const char *unit = "kB";

	if (IS_ALIGNED(size, SZ_1G)) {
		amount = size / SZ_1G;
		unit = "GB";
	} else if (IS_ALIGNED(size, SZ_1M)) {
		amount = size / SZ_1M;
		unit = "MB";
	}
	pr_info("%*s : 0x%016lx - 0x%016lx   (%5lu %s)\n", LAYOUT_NAME_WIDTH,
		name, start, start + size - 1, amount, unit);
}

void kaslr_print_layout(const struct mm_layout *layout)
{
	pr_info("Virtual kernel memory layout:\n");
	print_region(region_name[KASLR_DIRECT_MAP], layout->page_offset_base,
		     layout->direct_map_size);
	print_region(region_name[KASLR_VMALLOC], layout->vmalloc_base,
		     layout->vmalloc_size);
	print_region(region_name[KASLR_VMEMMAP], layout->vmemmap_base,
		     layout->vmemmap_size);
	print_region("cpu entry", layout->cpu_entry_area_base,
		     layout->cpu_entry_area_size);
	print_region("kernel text", layout->kernel_map_base,
		     layout->kernel_image_size);
	print_region("modules", layout->modules_vaddr,
		     layout->modules_end - layout->modules_vaddr);
}

void kaslr_print_entropy(const struct kaslr_entropy *entropy)
{
	pr_info("KASLR: memory layout entropy %u bits (%s %u, %s %u, %s %u)\n",
		entropy->total_bits, region_name[KASLR_DIRECT_MAP],
		entropy->region_bits[KASLR_DIRECT_MAP],
		region_name[KASLR_VMALLOC], entropy->region_bits[KASLR_VMALLOC],
		region_name[KASLR_VMEMMAP],
		entropy->region_bits[KASLR_VMEMMAP]);
}
