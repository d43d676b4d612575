// SPDX-License-Identifier: MIT
/*
 * Sparse memory model: present sections and the vmemmap population plan.
 * See mm/sparse.h for the model and the picture.
 */
#define pr_fmt(fmt) "sparse: " fmt

#include "mm/sparse.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

/* Bytes of one root pointer in a SPARSEMEM_EXTREME root table. */
#define ROOT_POINTER_BYTES 8

/*
 * vmemmap must end at or below 2^64 - 2 MiB, so a block end rounded up to
 * 2 MiB never wraps to 0.
 */
#define VMEMMAP_LIMIT (0UL - VMEMMAP_BLOCK_SIZE)

static bool physmem_bits_ok(unsigned int bits)
{
	return bits >= SPARSE_PHYSMEM_BITS_MIN &&
	       bits <= SPARSE_PHYSMEM_BITS_MAX;
}

static bool struct_page_size_ok(size_t size)
{
	return size >= 1 && size <= VMEMMAP_STRUCT_PAGE_MAX;
}

int sparse_sizes(unsigned int physmem_bits, size_t struct_page_size,
		 struct sparse_sizes *out)
{
	u64 memmap;

	if (!physmem_bits_ok(physmem_bits) ||
	    !struct_page_size_ok(struct_page_size)) {
		pr_err("no sizes for %u physical address bits and a %lu-byte "
		       "struct page\n",
		       physmem_bits, (unsigned long)struct_page_size);
		return -EINVAL;
	}
	memmap = PAGES_PER_SECTION * struct_page_size;
	out->nr_mem_sections = NR_MEM_SECTIONS(physmem_bits);
	out->nr_section_roots = NR_SECTION_ROOTS(physmem_bits);
	out->present_bitmap_bytes =
		SPARSE_BITMAP_WORDS(out->nr_mem_sections) * sizeof(u64);
	out->root_table_bytes = out->nr_section_roots * ROOT_POINTER_BYTES;
	out->section_memmap_size = memmap;
	out->vmemmap_span =
		(1UL << (physmem_bits - PAGE_SHIFT)) * struct_page_size;
	out->sections_per_block =
		memmap <= VMEMMAP_BLOCK_SIZE ? VMEMMAP_BLOCK_SIZE / memmap : 0;
	return 0;
}

int sparse_map_init(struct sparse_map *map, unsigned int physmem_bits,
		    u64 *bitmap, u64 nr_sections)
{
	if (!physmem_bits_ok(physmem_bits) || !bitmap || nr_sections == 0 ||
	    nr_sections > NR_MEM_SECTIONS(physmem_bits)) {
		pr_err("bad map: %u physical address bits, %lu sections, "
		       "bitmap %p\n",
		       physmem_bits, nr_sections, (void *)bitmap);
		return -EINVAL;
	}
	for (u64 i = 0; i < SPARSE_BITMAP_WORDS(nr_sections); i++)
		bitmap[i] = 0;
	map->present = bitmap;
	map->nr_sections = nr_sections;
	map->physmem_bits = physmem_bits;
	return 0;
}

static void set_present(struct sparse_map *map, u64 nr)
{
	map->present[nr / SPARSE_BITMAP_WORD_BITS] |=
		1UL << (nr % SPARSE_BITMAP_WORD_BITS);
}

/*
 * The sections [*first, *last] a RAM range covers. Return: false when the
 * range holds no whole page.
 */
static bool range_sections(const struct sparse_ram_range *r, u64 *first,
			   u64 *last)
{
	u64 start_pfn = PFN_UP(r->start);
	u64 end_pfn = PFN_DOWN(r->end);

	/* PFN_UP wraps to 0 for a start in the last page of the space. */
	if (r->start > PFN_PHYS(start_pfn) || start_pfn >= end_pfn)
		return false;
	*first = pfn_to_section_nr(start_pfn);
	*last = pfn_to_section_nr(end_pfn - 1);
	return true;
}

static int check_range(const struct sparse_map *map,
		       const struct sparse_ram_range *r, size_t i)
{
	u64 first, last;

	if (r->start > r->end) {
		pr_err("RAM range %lu [0x%lx-0x%lx) is inverted\n",
		       (unsigned long)i, r->start, r->end);
		return -EINVAL;
	}
	if (range_sections(r, &first, &last) && last >= map->nr_sections) {
		pr_err("RAM range %lu [0x%lx-0x%lx) reaches section %lu, "
		       "beyond the %lu sections tracked\n",
		       (unsigned long)i, r->start, r->end, last,
		       map->nr_sections);
		return -ERANGE;
	}
	return 0;
}

int sparse_memory_present(struct sparse_map *map,
			  const struct sparse_ram_range *ranges, size_t nr)
{
	int ret;

	if (!ranges && nr) {
		pr_err("%lu RAM ranges given without an array\n",
		       (unsigned long)nr);
		return -EINVAL;
	}
	for (size_t i = 0; i < nr; i++) {
		ret = check_range(map, &ranges[i], i);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < nr; i++) {
		u64 first, last;

		if (!range_sections(&ranges[i], &first, &last))
			continue;
		for (u64 s = first; s <= last; s++)
			set_present(map, s);
	}
	return 0;
}

bool sparse_section_present(const struct sparse_map *map, u64 nr)
{
	if (nr >= map->nr_sections)
		return false;
	return map->present[nr / SPARSE_BITMAP_WORD_BITS] &
	       (1UL << (nr % SPARSE_BITMAP_WORD_BITS));
}

bool sparse_pfn_valid(const struct sparse_map *map, u64 pfn)
{
	return sparse_section_present(map, pfn_to_section_nr(pfn));
}

u64 sparse_next_present_section(const struct sparse_map *map, u64 nr)
{
	u64 words = SPARSE_BITMAP_WORDS(map->nr_sections);
	u64 w, bits;

	if (nr >= map->nr_sections)
		return map->nr_sections;
	w = nr / SPARSE_BITMAP_WORD_BITS;
	/* Drop the bits below @nr in its word, then scan word by word. */
	bits = map->present[w] & (~0UL << (nr % SPARSE_BITMAP_WORD_BITS));
	while (!bits) {
		if (++w == words)
			return map->nr_sections;
		bits = map->present[w];
	}
	nr = w * SPARSE_BITMAP_WORD_BITS + (u64)__builtin_ctzl(bits);
	return nr < map->nr_sections ? nr : map->nr_sections;
}

u64 sparse_nr_present_sections(const struct sparse_map *map)
{
	u64 nr, count = 0;

	for_each_present_section (map, nr)
		count++;
	return count;
}

u64 sparse_nr_present_roots(const struct sparse_map *map)
{
	u64 nr, count = 0;
	u64 last_root = 0;

	for_each_present_section (map, nr) {
		u64 root = section_nr_to_root(nr);

		if (count == 0 || root != last_root)
			count++;
		last_root = root;
	}
	return count;
}

/*
 * One walk over the vmemmap blocks of the present sections, restricted to
 * the virtual window [lo, hi).
 */
struct plan_walk {
	const struct sparse_map *map;
	const struct vmemmap_info *vm;
	u64 block_size;
	u64 lo, hi;
	vmemmap_block_fn fn;
	void *arg;
};

static int check_vmemmap(const struct sparse_map *map,
			 const struct vmemmap_info *vm)
{
	u64 span;

	if (!struct_page_size_ok(vm->struct_page_size)) {
		pr_err("struct page of %lu bytes is not in 1..%lu\n",
		       (unsigned long)vm->struct_page_size,
		       VMEMMAP_STRUCT_PAGE_MAX);
		return -EINVAL;
	}
	span = map->nr_sections * PAGES_PER_SECTION * vm->struct_page_size;
	if (vm->vmemmap_base > VMEMMAP_LIMIT ||
	    span > VMEMMAP_LIMIT - vm->vmemmap_base) {
		pr_err("vmemmap at 0x%lx with 0x%lx bytes of struct pages "
		       "wraps past 2^64\n",
		       vm->vmemmap_base, span);
		return -ERANGE;
	}
	return 0;
}

/* Emit the blocks of [start, end) not yet emitted (those below *next). */
static long emit_blocks(const struct plan_walk *w, u64 start, u64 end,
			u64 *next)
{
	u64 a = ALIGN_DOWN(start, w->block_size);
	u64 e = ALIGN(end, w->block_size);
	long count = 0;

	if (a < *next)
		a = *next;
	for (; a < e; a += w->block_size) {
		if (w->fn) {
			int ret = w->fn(a, w->block_size, w->arg);

			if (ret < 0)
				return ret;
		}
		count++;
	}
	if (e > *next)
		*next = e;
	return count;
}

static long plan_walk(const struct plan_walk *w)
{
	u64 memmap = PAGES_PER_SECTION * w->vm->struct_page_size;
	u64 nr, next = 0;
	long total = 0;

	for_each_present_section (w->map, nr) {
		u64 start = vmemmap_pfn_to_page(w->vm, section_nr_to_pfn(nr));
		u64 end = start + memmap;
		long n;

		if (end <= w->lo)
			continue;
		if (start >= w->hi)
			break;
		n = emit_blocks(w, max(start, w->lo), min(end, w->hi), &next);
		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

/* Set up a walk over [lo, hi) after checking its arguments. */
static int plan_init(struct plan_walk *w, const struct sparse_map *map,
		     const struct vmemmap_info *vm, u64 block_size, u64 lo,
		     u64 hi)
{
	if (block_size != VMEMMAP_BLOCK_SIZE &&
	    block_size != VMEMMAP_BASE_PAGE_SIZE) {
		pr_err("vmemmap block size 0x%lx is neither 2 MiB nor 4 KiB\n",
		       block_size);
		return -EINVAL;
	}
	*w = (struct plan_walk){
		.map = map,
		.vm = vm,
		.block_size = block_size,
		.lo = lo,
		.hi = hi,
	};
	return check_vmemmap(map, vm);
}

/* Set up the walk over the 4 KiB pages of one 2 MiB block. */
static int fallback_init(struct plan_walk *w, const struct sparse_map *map,
			 const struct vmemmap_info *vm, u64 block_vaddr)
{
	if (!IS_ALIGNED(block_vaddr, VMEMMAP_BLOCK_SIZE) ||
	    block_vaddr >= VMEMMAP_LIMIT) {
		pr_err("fallback block 0x%lx is not a 2 MiB vmemmap block\n",
		       block_vaddr);
		return -EINVAL;
	}
	return plan_init(w, map, vm, VMEMMAP_BASE_PAGE_SIZE, block_vaddr,
			 block_vaddr + VMEMMAP_BLOCK_SIZE);
}

/* Array sink for the *_fill variants. */
struct block_array {
	u64 *blocks;
	size_t n;
};

static int store_block(u64 vaddr, u64 size, void *arg)
{
	struct block_array *a = arg;

	(void)size;
	a->blocks[a->n++] = vaddr;
	return 0;
}

/*
 * Count first, then store only when everything fits, so -ENOSPC leaves
 * @blocks untouched.
 */
static int fill(struct plan_walk *w, u64 *blocks, size_t max, size_t *count)
{
	struct block_array a = {.blocks = blocks, .n = 0};
	long n = plan_walk(w);

	*count = (size_t)n;
	if ((size_t)n > max)
		return -ENOSPC;
	w->fn = store_block;
	w->arg = &a;
	plan_walk(w);
	return 0;
}

long vmemmap_plan_walk(const struct sparse_map *map,
		       const struct vmemmap_info *vm, u64 block_size,
		       vmemmap_block_fn fn, void *arg)
{
	struct plan_walk w;
	int ret = plan_init(&w, map, vm, block_size, 0, ~0UL);

	if (ret)
		return ret;
	w.fn = fn;
	w.arg = arg;
	return plan_walk(&w);
}

long vmemmap_fallback_walk(const struct sparse_map *map,
			   const struct vmemmap_info *vm, u64 block_vaddr,
			   vmemmap_block_fn fn, void *arg)
{
	struct plan_walk w;
	int ret = fallback_init(&w, map, vm, block_vaddr);

	if (ret)
		return ret;
	w.fn = fn;
	w.arg = arg;
	return plan_walk(&w);
}

int vmemmap_plan_fill(const struct sparse_map *map,
		      const struct vmemmap_info *vm, u64 block_size,
		      u64 *blocks, size_t max, size_t *count)
{
	struct plan_walk w;
	int ret = plan_init(&w, map, vm, block_size, 0, ~0UL);

	return ret ? ret : fill(&w, blocks, max, count);
}

int vmemmap_fallback_fill(const struct sparse_map *map,
			  const struct vmemmap_info *vm, u64 block_vaddr,
			  u64 *pages, size_t max, size_t *count)
{
	struct plan_walk w;
	int ret = fallback_init(&w, map, vm, block_vaddr);

	return ret ? ret : fill(&w, pages, max, count);
}
