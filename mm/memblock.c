// SPDX-License-Identifier: MIT
/*
 * memblock: boot-time physical memory management (see mm/memblock.h).
 *
 * Invariants kept by every function, checked by hosttest/fuzz:
 *   - each array is sorted by base, its regions never overlap and have a
 *     non-zero size, and base + size never wraps;
 *   - two regions that touch differ in node id or flags (otherwise they
 *     are merged);
 *   - total_size is the sum of the sizes;
 *   - an operation that fails (no room to grow an array) changes nothing
 *     the caller asked about.
 *
 * A free range is a gap of the reserved array intersected with a memory
 * region. Gap i of an array is the space before region i; gap cnt is the
 * space after the last region:
 *
 *   reserved:  gap0  [r0]  gap1  [r1]  gap2 ...  [r(cnt-1)]  gap(cnt)
 *             0 ---------------------------------------------- PHYS_ADDR_MAX
 */
#include "mm/memblock.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/physmap.h"

static struct memblock_region
	memblock_memory_init_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region
	memblock_reserved_init_regions[INIT_MEMBLOCK_RESERVED_REGIONS];

struct memblock memblock = {
	.memory.regions = memblock_memory_init_regions,
	.memory.max = INIT_MEMBLOCK_REGIONS,
	.memory.name = "memory",

	.reserved.regions = memblock_reserved_init_regions,
	.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS,
	.reserved.name = "reserved",

	.bottom_up = false,
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
};

/* Arrays may grow only once their new home is reachable. */
static bool memblock_can_resize;
/* Log every add, reserve, remove and free ("memblock=debug"). */
static bool memblock_debug;

#define memblock_dbg(fmt, ...)                                                 \
	do {                                                                   \
		if (memblock_debug)                                            \
			pr_info(fmt, ##__VA_ARGS__);                           \
	} while (0)

/* The iterator cursor: region index in the low half, gap index above. */
#define MEMBLOCK_CURSOR(ia, ib) ((u64)(u32)(ia) | (u64)(u32)(ib) << 32)

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

static bool is_power_of_2(phys_addr_t n)
{
	return n && !(n & (n - 1));
}

/* Shrink *size so that base + *size does not wrap; return it. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	return *size = min(*size, PHYS_ADDR_MAX - base);
}

/* A real node id. */
static bool memblock_node_valid(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

/* A node id memblock accepts: real, NUMA_NO_NODE or MAX_NUMNODES. */
static bool memblock_nid_acceptable(int nid)
{
	return nid == NUMA_NO_NODE || (nid >= 0 && nid <= MAX_NUMNODES);
}

/* Index of the first region of @type that ends above @addr (cnt: none). */
static unsigned long memblock_lower_bound(const struct memblock_type *type,
					  phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (region_end(&type->regions[mid]) > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Index of the region of @type that contains @addr, or -1. */
static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long idx = memblock_lower_bound(type, addr);

	if (idx < type->cnt && type->regions[idx].base <= addr)
		return (long)idx;
	return -1;
}

/* 1 when a region of @type starts below @addr and ends above it. */
static unsigned long memblock_straddles(const struct memblock_type *type,
					phys_addr_t addr)
{
	long idx = memblock_search(type, addr);

	return idx >= 0 && type->regions[idx].base < addr;
}

/* Put a new region at @idx, moving the later ones up (room is there). */
static void memblock_insert_region(struct memblock_type *type,
				   unsigned long idx, phys_addr_t base,
				   phys_addr_t size, int nid,
				   enum memblock_flags flags)
{
	struct memblock_region *r = &type->regions[idx];

	memmove(r + 1, r, (type->cnt - idx) * sizeof(*r));
	r->base = base;
	r->size = size;
	r->nid = nid;
	r->flags = flags;
	type->cnt++;
	type->total_size += size;
}

/* Drop regions [@first, @last) of @type. */
static void memblock_remove_regions(struct memblock_type *type,
				    unsigned long first, unsigned long last)
{
	for (unsigned long i = first; i < last; i++)
		type->total_size -= type->regions[i].size;
	memmove(&type->regions[first], &type->regions[last],
		(type->cnt - last) * sizeof(type->regions[0]));
	type->cnt -= last - first;
	/* An emptied array reads as Linux leaves it: regions[0] with base,
	 * size and flags 0 and no node (memblock_remove_region). */
	if (!type->cnt)
		type->regions[0] = (struct memblock_region){
			.base = 0,
			.size = 0,
			.flags = MEMBLOCK_NONE,
			.nid = MAX_NUMNODES,
		};
}

static bool memblock_mergeable(const struct memblock_region *a,
			       const struct memblock_region *b)
{
	return region_end(a) == b->base && a->nid == b->nid &&
	       a->flags == b->flags;
}

/*
 * Merge touching regions with equal node and flags among regions
 * @first - 1 .. @last of @type (the ones around a change; clamped to the
 * array): one pass over that window, then one move of the regions after it.
 */
static void memblock_merge_regions(struct memblock_type *type,
				   unsigned long first, unsigned long last)
{
	unsigned long lo = first ? first - 1 : 0;
	unsigned long hi = min(last + 1, type->cnt);
	unsigned long kept = lo;

	if (lo >= hi)
		return;
	for (unsigned long i = lo + 1; i < hi; i++) {
		struct memblock_region *r = &type->regions[kept];

		if (memblock_mergeable(r, &type->regions[i]))
			r->size += type->regions[i].size;
		else
			type->regions[++kept] = type->regions[i];
	}
	if (kept + 1 == hi)
		return;
	memmove(&type->regions[kept + 1], &type->regions[hi],
		(type->cnt - hi) * sizeof(type->regions[0]));
	type->cnt -= hi - (kept + 1);
}

static phys_addr_t memblock_find_in_range_node(phys_addr_t size,
					       phys_addr_t align,
					       phys_addr_t start,
					       phys_addr_t end, int nid,
					       enum memblock_flags flags);

/*
 * Find @size bytes for a new array outside [@avoid_base, @avoid_end): first
 * above the range, then below it. Returns 0 when there is no room.
 */
static phys_addr_t memblock_find_array_home(phys_addr_t size,
					    phys_addr_t avoid_base,
					    phys_addr_t avoid_end)
{
	phys_addr_t limit = memblock.current_limit;
	phys_addr_t addr;

	addr = memblock_find_in_range_node(size, PAGE_SIZE, avoid_end, limit,
					   NUMA_NO_NODE, MEMBLOCK_NONE);
	/* an end of 0 would mean current_limit: search below only when
	 * there is something below */
	if (!addr && min(avoid_base, limit) > 0)
		addr = memblock_find_in_range_node(size, PAGE_SIZE, 0,
						   min(avoid_base, limit),
						   NUMA_NO_NODE, MEMBLOCK_NONE);
	return addr;
}

static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid,
			      enum memblock_flags flags);

/* Report that the array of @type cannot double, and why. */
static int memblock_double_failed(const struct memblock_type *type,
				  const char *why)
{
	pr_err("memblock: cannot double %s array from %lu to %lu: %s\n",
	       type->name, type->max, type->max * 2, why);
	return -ENOMEM;
}

/*
 * Double the array of @type into memory from memblock itself, avoiding
 * [@avoid_base, @avoid_base + @avoid_size), the range the caller is about
 * to record (not reserved yet, so the search would not skip it).
 */
static int memblock_double_array(struct memblock_type *type,
				 phys_addr_t avoid_base, phys_addr_t avoid_size)
{
	struct memblock_region *old_regions = type->regions;
	const size_t entry = sizeof(struct memblock_region);
	unsigned long new_max = type->max * 2;
	phys_addr_t old_bytes = ALIGN(type->max * entry, PAGE_SIZE);
	phys_addr_t new_bytes = ALIGN(new_max * entry, PAGE_SIZE);
	struct memblock_region *new_regions;
	phys_addr_t addr;

	if (!memblock_can_resize)
		return memblock_double_failed(type, "resizing not allowed yet");
	addr = memblock_find_array_home(new_bytes, avoid_base,
					avoid_base + avoid_size);
	if (!addr)
		return memblock_double_failed(type, "no free memory for it");
	/* the memory array's new home is reserved before anything changes;
	 * the reserved array's own home is recorded in its new copy below */
	if (type != &memblock.reserved && memblock_reserve(addr, new_bytes))
		return -ENOMEM;

	new_regions = phys_to_virt(addr);
	memcpy(new_regions, old_regions, type->cnt * entry);
	memset(new_regions + type->cnt, 0, (new_max - type->cnt) * entry);
	type->regions = new_regions;
	type->max = new_max;
	memblock_dbg("memblock: %s array is doubled to %lu at [%pa-0x%lx]\n",
		     type->name, new_max, &addr,
		     (unsigned long)(addr + new_bytes - 1));

	/* cannot fail: the doubled array has room for one more region */
	if (type == &memblock.reserved)
		memblock_add_range(type, addr, new_bytes, MAX_NUMNODES,
				   MEMBLOCK_NONE);

	if (old_regions != memblock_memory_init_regions &&
	    old_regions != memblock_reserved_init_regions &&
	    memblock_phys_free(virt_to_phys(old_regions), old_bytes))
		pr_warn("memblock: old %s array left reserved\n", type->name);
	return 0;
}

/*
 * The neighbour of the uncovered part [@cur, @next) just before region
 * @idx that touches it with the same node and flags, so that it can grow
 * over it instead of a new region being added; NULL when there is none.
 */
static struct memblock_region *
memblock_gap_neighbour(struct memblock_type *type, unsigned long idx,
		       phys_addr_t cur, phys_addr_t next, int nid,
		       enum memblock_flags flags)
{
	struct memblock_region piece = {
		.base = cur, .size = next - cur, .flags = flags, .nid = nid};

	if (idx && memblock_mergeable(&type->regions[idx - 1], &piece))
		return &type->regions[idx - 1];
	if (idx < type->cnt && memblock_mergeable(&piece, &type->regions[idx]))
		return &type->regions[idx];
	return NULL;
}

/*
 * Walk the parts of [@base, @end) no region of @type covers. With @insert,
 * record each: a touching neighbour with the same node and flags grows
 * over it, or else it becomes a new region (the caller made room). Returns
 * how many new regions that takes.
 */
static unsigned long memblock_fill_gaps(struct memblock_type *type,
					phys_addr_t base, phys_addr_t end,
					int nid, enum memblock_flags flags,
					bool insert)
{
	unsigned long idx = memblock_lower_bound(type, base);
	unsigned long added = 0;
	phys_addr_t cur = base;

	while (cur < end) {
		phys_addr_t next = end;
		struct memblock_region *grow;

		if (idx < type->cnt)
			next = min(type->regions[idx].base, end);
		grow = next > cur ? memblock_gap_neighbour(type, idx, cur, next,
							   nid, flags)
				  : NULL;
		if (next > cur && !grow) {
			added++;
			if (insert)
				memblock_insert_region(type, idx++, cur,
						       next - cur, nid, flags);
		} else if (grow && insert) {
			if (grow->base == next)
				grow->base = cur;
			grow->size += next - cur;
			type->total_size += next - cur;
		}
		if (idx == type->cnt || type->regions[idx].base >= end)
			break;
		cur = region_end(&type->regions[idx++]);
	}
	return added;
}

/*
 * Record [@base, @base + @size) in @type. Parts already covered keep their
 * attributes; the rest gets @nid and @flags; touching equal neighbours
 * merge. Grows the array first, so a failure changes nothing.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid,
			      enum memblock_flags flags)
{
	phys_addr_t end;

	if (!memblock_cap_size(base, &size))
		return 0;
	end = base + size;
	while (type->cnt +
		       memblock_fill_gaps(type, base, end, nid, flags, false) >
	       type->max) {
		int ret = memblock_double_array(type, base, size);

		if (ret)
			return ret;
	}
	memblock_fill_gaps(type, base, end, nid, flags, true);
	/* the new pieces and their neighbours */
	memblock_merge_regions(type, memblock_lower_bound(type, base),
			       memblock_lower_bound(type, end));
	return 0;
}

/* Cut the region of @type that straddles @addr in two (room is there). */
static void memblock_split_at(struct memblock_type *type, phys_addr_t addr)
{
	long idx = memblock_search(type, addr);
	struct memblock_region *r;
	phys_addr_t head;

	if (idx < 0 || type->regions[idx].base == addr)
		return;
	r = &type->regions[idx];
	head = addr - r->base;
	r->base = addr;
	r->size -= head;
	type->total_size -= head;
	memblock_insert_region(type, idx, addr - head, head, r->nid, r->flags);
}

/*
 * Split the regions of @type at the ends of [@base, @base + @size) so that
 * the range is covered by whole regions, [*@start_rgn, *@end_rgn). Grows the
 * array first, so a failure changes nothing. The caller merges again.
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
				  phys_addr_t size, unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end;

	*start_rgn = *end_rgn = 0;
	if (!memblock_cap_size(base, &size))
		return 0;
	end = base + size;
	while (type->cnt + memblock_straddles(type, base) +
		       memblock_straddles(type, end) >
	       type->max) {
		int ret = memblock_double_array(type, base, size);

		if (ret)
			return ret;
	}
	memblock_split_at(type, base);
	memblock_split_at(type, end);
	*start_rgn = memblock_lower_bound(type, base);
	*end_rgn = memblock_lower_bound(type, end);
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	unsigned long start_rgn, end_rgn;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	memblock_remove_regions(type, start_rgn, end_rgn);
	return 0;
}

static void memblock_dbg_range(const char *what, phys_addr_t base,
			       phys_addr_t size)
{
	phys_addr_t last = base + memblock_cap_size(base, &size) - 1;

	if (size)
		memblock_dbg("%s: [%pa-%pa]\n", what, &base, &last);
}

/**
 * memblock_reset - return memblock to its state at boot
 *
 * Empties both arrays, puts them back on their static storage (any doubled
 * array is simply forgotten), and restores the attributes: top-down,
 * current_limit MEMBLOCK_ALLOC_ANYWHERE, resizing not allowed, debug off.
 * For tests, which need a clean global state, and the start of boot.
 *
 * Context: early boot or tests.
 */
void memblock_reset(void)
{
	reset_memblock_regions();
	reset_memblock_attributes();
	memblock_can_resize = false;
	memblock_debug = false;
}

/**
 * reset_memblock_regions - empty both arrays (Linux test-suite name)
 *
 * Both arrays return to their static storage of INIT_MEMBLOCK_REGIONS
 * zeroed entries with cnt and total_size 0.
 *
 * Context: early boot or tests.
 */
void reset_memblock_regions(void)
{
	memset(memblock_memory_init_regions, 0,
	       sizeof(memblock_memory_init_regions));
	memblock.memory.regions = memblock_memory_init_regions;
	memblock.memory.cnt = 0;
	memblock.memory.max = INIT_MEMBLOCK_REGIONS;
	memblock.memory.total_size = 0;

	memset(memblock_reserved_init_regions, 0,
	       sizeof(memblock_reserved_init_regions));
	memblock.reserved.regions = memblock_reserved_init_regions;
	memblock.reserved.cnt = 0;
	memblock.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS;
	memblock.reserved.total_size = 0;
}

/**
 * reset_memblock_attributes - restore names, direction and limit (Linux
 * test-suite name)
 *
 * Sets the array names, top-down allocation and current_limit
 * MEMBLOCK_ALLOC_ANYWHERE; leaves the regions alone.
 *
 * Context: early boot or tests.
 */
void reset_memblock_attributes(void)
{
	memblock.memory.name = "memory";
	memblock.reserved.name = "reserved";
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
}

/**
 * memblock_allow_resize - let full arrays double
 *
 * Call once phys_to_virt() reaches every address below current_limit
 * (the new arrays are written through it). Before that, an array that is
 * full makes the operation fail with -ENOMEM and a pr_err.
 *
 * Context: early boot.
 */
void memblock_allow_resize(void)
{
	memblock_can_resize = true;
}

/**
 * memblock_set_debug - log every change to the arrays
 * @enable: true to log adds, removes, reservations and frees with pr_info
 *
 * Context: early boot (the "memblock=debug" command-line option).
 */
void memblock_set_debug(bool enable)
{
	memblock_debug = enable;
}

/**
 * memblock_add_node - add memory of a known node with attributes
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 * @nid: its node id (0..MAX_NUMNODES, or NUMA_NO_NODE)
 * @flags: its enum memblock_flags
 *
 * Parts already in memory keep their node and flags.
 *
 * Return: 0, -EINVAL for a bad @nid or unknown @flags, -ENOMEM when the
 * array is full and cannot grow (nothing is added then).
 * Context: early boot.
 */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      enum memblock_flags flags)
{
	if (!memblock_nid_acceptable(nid) || (flags & ~MEMBLOCK_FLAGS_MASK)) {
		pr_err("memblock: bad node %d or flags 0x%x for [%pa+%pa]\n",
		       nid, (unsigned int)flags, &base, &size);
		return -EINVAL;
	}
	memblock_dbg_range("memblock_add_node", base, size);
	return memblock_add_range(&memblock.memory, base, size, nid, flags);
}

/**
 * memblock_add - add memory
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 *
 * The new parts have node MAX_NUMNODES (none yet) and no flags.
 *
 * Return: 0, or -ENOMEM when the array is full and cannot grow.
 * Context: early boot.
 */
int memblock_add(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range("memblock_add", base, size);
	return memblock_add_range(&memblock.memory, base, size, MAX_NUMNODES,
				  MEMBLOCK_NONE);
}

/**
 * memblock_remove - remove a range from memory
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 *
 * Return: 0, or -ENOMEM when a split needs a slot and the array cannot
 * grow (nothing is removed then). Context: early boot.
 */
int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range("memblock_remove", base, size);
	return memblock_remove_range(&memblock.memory, base, size);
}

/**
 * memblock_reserve - mark a range as in use
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 *
 * The range need not be memory.
 *
 * Return: 0, or -ENOMEM when the array is full and cannot grow.
 * Context: early boot.
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range("memblock_reserve", base, size);
	return memblock_add_range(&memblock.reserved, base, size, MAX_NUMNODES,
				  MEMBLOCK_NONE);
}

/**
 * memblock_phys_free - release a reserved physical range
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 *
 * Return: 0, or -ENOMEM when a split needs a slot and the array cannot
 * grow (nothing is freed then). Context: early boot.
 */
int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg_range("memblock_phys_free", base, size);
	return memblock_remove_range(&memblock.reserved, base, size);
}

/**
 * memblock_free - release memory returned by memblock_alloc*()
 * @ptr: its virtual address (NULL: nothing to do)
 * @size: its size
 *
 * Context: early boot.
 */
void memblock_free(void *ptr, size_t size)
{
	if (ptr)
		memblock_phys_free(virt_to_phys(ptr), size);
}

/* Set or clear @flag on the part of @type inside [@base, @base + @size). */
static int memblock_setclr_flag(struct memblock_type *type, phys_addr_t base,
				phys_addr_t size, bool set,
				enum memblock_flags flag)
{
	unsigned long start_rgn, end_rgn;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (unsigned long i = start_rgn; i < end_rgn; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

/**
 * memblock_mark_hotplug - mark memory in a range MEMBLOCK_HOTPLUG
 * @base: physical address of the range
 * @size: its size
 *
 * Return: 0, or -ENOMEM when a split cannot get a slot (nothing changes).
 * Context: early boot.
 */
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_HOTPLUG);
}

/**
 * memblock_clear_hotplug - clear MEMBLOCK_HOTPLUG on memory in a range
 * @base: physical address of the range
 * @size: its size
 *
 * Return: 0, or -ENOMEM when a split cannot get a slot (nothing changes).
 * Context: early boot.
 */
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false,
				    MEMBLOCK_HOTPLUG);
}

/**
 * memblock_mark_mirror - mark memory in a range MEMBLOCK_MIRROR
 * @base: physical address of the range
 * @size: its size
 *
 * Return: 0, or -ENOMEM when a split cannot get a slot (nothing changes).
 * Context: early boot.
 */
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_MIRROR);
}

/**
 * memblock_mark_nomap - keep memory in a range out of the direct map
 * @base: physical address of the range
 * @size: its size
 *
 * NOMAP memory stays memory but is never allocated, never handed to the
 * page allocator and is skipped by for_each_mem_range().
 *
 * Return: 0, or -ENOMEM when a split cannot get a slot (nothing changes).
 * Context: early boot.
 */
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_NOMAP);
}

/**
 * memblock_clear_nomap - undo memblock_mark_nomap() on a range
 * @base: physical address of the range
 * @size: its size
 *
 * Return: 0, or -ENOMEM when a split cannot get a slot (nothing changes).
 * Context: early boot.
 */
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false,
				    MEMBLOCK_NOMAP);
}

/**
 * memblock_reserved_mark_noinit - mark reserved memory MEMBLOCK_RSRV_NOINIT
 * @base: physical address of the range
 * @size: its size
 *
 * Return: 0, or -ENOMEM when a split cannot get a slot (nothing changes).
 * Context: early boot.
 */
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.reserved, base, size, true,
				    MEMBLOCK_RSRV_NOINIT);
}

/**
 * memblock_set_node - give the regions of a range a node id
 * @base: physical address of the range
 * @size: its size
 * @type: &memblock.memory or &memblock.reserved
 * @nid: node id (0..MAX_NUMNODES, or NUMA_NO_NODE)
 *
 * Regions are split at the ends of the range; touching regions that end
 * up with equal node and flags merge.
 *
 * Return: 0, -EINVAL for a bad @nid, -ENOMEM when a split cannot get a slot
 * (nothing changes then). Context: early boot.
 */
int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid)
{
	unsigned long start_rgn, end_rgn;
	int ret;

	if (!memblock_nid_acceptable(nid)) {
		pr_err("memblock: no node %d for [%pa+%pa]\n", nid, &base,
		       &size);
		return -EINVAL;
	}
	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (unsigned long i = start_rgn; i < end_rgn; i++)
		type->regions[i].nid = nid;
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

/* Whether an iterator over @type with @nid and @flags passes over @m. */
static bool memblock_skip_region(const struct memblock_type *type,
				 const struct memblock_region *m, int nid,
				 enum memblock_flags flags)
{
	/* only memory regions have nodes and flags worth filtering on */
	if (type != &memblock.memory)
		return false;
	if (nid != NUMA_NO_NODE && nid != m->nid)
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !memblock_is_mirror(m))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && memblock_is_nomap(m))
		return true;
	if (!(flags & MEMBLOCK_DRIVER_MANAGED) && memblock_is_driver_managed(m))
		return true;
	return false;
}

/* Start of gap @i of @type (see the picture at the top). */
static phys_addr_t gap_start(const struct memblock_type *type, unsigned long i)
{
	return i ? region_end(&type->regions[i - 1]) : 0;
}

/* End of gap @i of @type. */
static phys_addr_t gap_end(const struct memblock_type *type, unsigned long i)
{
	return i < type->cnt ? type->regions[i].base : PHYS_ADDR_MAX;
}

static void memblock_out(phys_addr_t *out_start, phys_addr_t *out_end,
			 int *out_nid, phys_addr_t start, phys_addr_t end,
			 int nid)
{
	if (out_start)
		*out_start = start;
	if (out_end)
		*out_end = end;
	if (out_nid)
		*out_nid = nid;
}

/**
 * __next_mem_range - one step of __for_each_mem_range()
 * @idx: cursor: 0 to start; ULLONG_MAX on return when there is no more
 * @nid: node to keep (NUMA_NO_NODE: all)
 * @flags: memory with these flags is wanted (see memblock_skip_region)
 * @type_a: the array walked
 * @type_b: the array whose regions are cut out (NULL: none)
 * @out_start: start of the next range (may be NULL)
 * @out_end: its end, exclusive (may be NULL)
 * @out_nid: node of the @type_a region it lies in (may be NULL)
 *
 * Ranges come in increasing order; empty ranges are never returned.
 * Context: early boot.
 */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
		      struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start,
		      phys_addr_t *out_end, int *out_nid)
{
	unsigned long ia = (u32)*idx;
	unsigned long ib = *idx >> 32;

	for (; ia < type_a->cnt; ia++) {
		const struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t m_end = region_end(m);

		if (memblock_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			memblock_out(out_start, out_end, out_nid, m->base,
				     m_end, m->nid);
			*idx = MEMBLOCK_CURSOR(ia + 1, ib);
			return;
		}
		/* the gaps of type_b that start below the end of m */
		for (; ib <= type_b->cnt && gap_start(type_b, ib) < m_end;
		     ib++) {
			phys_addr_t lo = max(m->base, gap_start(type_b, ib));
			phys_addr_t hi = min(m_end, gap_end(type_b, ib));

			if (lo >= hi)
				continue;
			memblock_out(out_start, out_end, out_nid, lo, hi,
				     m->nid);
			/* step past whichever of m and the gap ends first */
			if (m_end <= gap_end(type_b, ib))
				ia++;
			else
				ib++;
			*idx = MEMBLOCK_CURSOR(ia, ib);
			return;
		}
	}
	*idx = ULLONG_MAX;
}

/**
 * __next_mem_range_rev - one step of __for_each_mem_range_rev()
 * @idx: cursor: ULLONG_MAX to start, and on return when there is no more
 * @nid: node to keep (NUMA_NO_NODE: all)
 * @flags: memory with these flags is wanted (see memblock_skip_region)
 * @type_a: the array walked
 * @type_b: the array whose regions are cut out (NULL: none)
 * @out_start: start of the next range (may be NULL)
 * @out_end: its end, exclusive (may be NULL)
 * @out_nid: node of the @type_a region it lies in (may be NULL)
 *
 * Ranges come in decreasing order; empty ranges are never returned.
 * Context: early boot.
 */
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start,
			  phys_addr_t *out_end, int *out_nid)
{
	long ia, ib;

	if (*idx == ULLONG_MAX) {
		ia = (long)type_a->cnt - 1;
		ib = type_b ? (long)type_b->cnt : 0;
	} else {
		ia = (s32)(u32)*idx;
		ib = (s32)(u32)(*idx >> 32);
	}

	for (; ia >= 0; ia--) {
		const struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t m_end = region_end(m);

		if (memblock_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			memblock_out(out_start, out_end, out_nid, m->base,
				     m_end, m->nid);
			*idx = MEMBLOCK_CURSOR(ia - 1, ib);
			return;
		}
		/* the gaps of type_b that end above the start of m */
		for (; ib >= 0 && gap_end(type_b, ib) > m->base; ib--) {
			phys_addr_t lo = max(m->base, gap_start(type_b, ib));
			phys_addr_t hi = min(m_end, gap_end(type_b, ib));

			if (lo >= hi)
				continue;
			memblock_out(out_start, out_end, out_nid, lo, hi,
				     m->nid);
			/* step below whichever of m and the gap starts last */
			if (m->base >= gap_start(type_b, ib))
				ia--;
			else
				ib--;
			*idx = MEMBLOCK_CURSOR(ia, ib);
			return;
		}
	}
	*idx = ULLONG_MAX;
}

/**
 * __next_mem_pfn_range - one step of for_each_mem_pfn_range()
 * @idx: cursor: -1 to start; -1 on return when there is no more
 * @nid: node to keep (NUMA_NO_NODE or MAX_NUMNODES: all)
 * @out_start_pfn: first whole page of the next memory region (may be NULL)
 * @out_end_pfn: page just past its last whole page (may be NULL)
 * @out_nid: its node (may be NULL)
 *
 * Every memory region with at least one whole page, NOMAP included.
 * Context: early boot.
 */
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid)
{
	const struct memblock_type *type = &memblock.memory;

	while (++*idx < (int)type->cnt) {
		const struct memblock_region *r = &type->regions[*idx];
		unsigned long start_pfn = memblock_region_memory_base_pfn(r);
		unsigned long end_pfn = memblock_region_memory_end_pfn(r);

		if (start_pfn >= end_pfn)
			continue;
		if (memblock_node_valid(nid) && r->nid != nid)
			continue;
		if (out_start_pfn)
			*out_start_pfn = start_pfn;
		if (out_end_pfn)
			*out_end_pfn = end_pfn;
		if (out_nid)
			*out_nid = r->nid;
		return;
	}
	*idx = -1;
}

/* Lowest @align-aligned free range of @size in [@start, @end), or 0. */
static phys_addr_t memblock_find_bottom_up(phys_addr_t size, phys_addr_t align,
					   phys_addr_t start, phys_addr_t end,
					   int nid, enum memblock_flags flags)
{
	phys_addr_t lo, hi, cand;
	u64 i;

	for_each_free_mem_range (i, nid, flags, &lo, &hi, NULL) {
		if (lo >= end)
			break;
		lo = clamp(lo, start, end);
		hi = clamp(hi, start, end);
		cand = ALIGN(lo, align);
		/* cand < lo: rounding up wrapped past PHYS_ADDR_MAX */
		if (cand >= lo && cand < hi && hi - cand >= size)
			return cand;
	}
	return 0;
}

/* Highest @align-aligned free range of @size in [@start, @end), or 0. */
static phys_addr_t memblock_find_top_down(phys_addr_t size, phys_addr_t align,
					  phys_addr_t start, phys_addr_t end,
					  int nid, enum memblock_flags flags)
{
	phys_addr_t lo, hi, cand;
	u64 i;

	for_each_free_mem_range_reverse (i, nid, flags, &lo, &hi, NULL) {
		if (hi <= start)
			break;
		lo = clamp(lo, start, end);
		hi = clamp(hi, start, end);
		if (hi < size)
			continue;
		cand = ALIGN_DOWN(hi - size, align);
		if (cand >= lo)
			return cand;
	}
	return 0;
}

/*
 * Find (without reserving) a free range of @size bytes aligned to @align
 * in [@start, @end) on node @nid. An @end of MEMBLOCK_ALLOC_ACCESSIBLE
 * means current_limit; nothing below PAGE_SIZE is ever returned, so 0
 * means "no fit".
 */
static phys_addr_t memblock_find_in_range_node(phys_addr_t size,
					       phys_addr_t align,
					       phys_addr_t start,
					       phys_addr_t end, int nid,
					       enum memblock_flags flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock.current_limit;
	start = max(start, (phys_addr_t)PAGE_SIZE);
	end = max(start, end);
	if (memblock.bottom_up)
		return memblock_find_bottom_up(size, align, start, end, nid,
					       flags);
	return memblock_find_top_down(size, align, start, end, nid, flags);
}

/* Check an allocation request, turning align 0 into the cache-line size. */
static bool memblock_alloc_request_ok(phys_addr_t size, phys_addr_t *align,
				      int nid)
{
	if (!*align)
		*align = SMP_CACHE_BYTES;
	if (size && is_power_of_2(*align) && memblock_nid_acceptable(nid))
		return true;
	pr_err("memblock: bad allocation request: size %pa align %pa node %d\n",
	       &size, align, nid);
	return false;
}

/*
 * Find and reserve @size bytes in [@start, @end) on @nid, then on any node
 * unless @exact_nid. Arguments already checked. Returns 0 when nothing fits.
 */
static phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
					    phys_addr_t start, phys_addr_t end,
					    int nid, bool exact_nid)
{
	phys_addr_t found;

	if (!memblock_node_valid(nid))
		nid = NUMA_NO_NODE;
	found = memblock_find_in_range_node(size, align, start, end, nid,
					    MEMBLOCK_NONE);
	if (!found && nid != NUMA_NO_NODE && !exact_nid)
		found = memblock_find_in_range_node(
			size, align, start, end, NUMA_NO_NODE, MEMBLOCK_NONE);
	if (!found || memblock_reserve(found, size))
		return 0;
	return found;
}

/**
 * memblock_phys_alloc_range - allocate physical memory in a range
 * @size: bytes (not 0)
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @start: lowest address wanted (PAGE_SIZE at least, whatever is asked)
 * @end: end of the range, exclusive; MEMBLOCK_ALLOC_ACCESSIBLE (0) means
 *	current_limit, MEMBLOCK_ALLOC_ANYWHERE means no limit
 *
 * The range is reserved, not zeroed.
 *
 * Return: its physical address, or 0 when nothing fits or the request is
 * bad (reported with pr_err). Context: early boot.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	if (!memblock_alloc_request_ok(size, &align, NUMA_NO_NODE))
		return 0;
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE,
					false);
}

/**
 * memblock_phys_alloc_try_nid - allocate physical memory, preferably on a node
 * @size: bytes (not 0)
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @nid: preferred node; any node is used when it has no room
 *
 * The range lies below current_limit and is reserved, not zeroed.
 *
 * Return: its physical address, or 0 when nothing fits or the request is
 * bad. Context: early boot.
 */
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid)
{
	if (!memblock_alloc_request_ok(size, &align, nid))
		return 0;
	return memblock_alloc_range_nid(size, align, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
}

/*
 * The memblock_alloc* core: [@min_addr, @max_addr) with @max_addr capped
 * to current_limit; when nothing fits, @min_addr is dropped.
 */
static void *memblock_alloc_internal(phys_addr_t size, phys_addr_t align,
				     phys_addr_t min_addr, phys_addr_t max_addr,
				     int nid, bool exact_nid)
{
	phys_addr_t pa;

	if (!memblock_alloc_request_ok(size, &align, nid))
		return NULL;
	max_addr = min(max_addr, memblock.current_limit);
	pa = memblock_alloc_range_nid(size, align, min_addr, max_addr, nid,
				      exact_nid);
	if (!pa && min_addr)
		pa = memblock_alloc_range_nid(size, align, 0, max_addr, nid,
					      exact_nid);
	return pa ? phys_to_virt(pa) : NULL;
}

/**
 * memblock_alloc_try_nid_raw - allocate memory, not zeroed
 * @size: bytes (not 0)
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @min_addr: lowest address wanted; dropped when nothing fits above it
 * @max_addr: end of the range, exclusive, capped to current_limit
 *	(MEMBLOCK_ALLOC_ACCESSIBLE: current_limit)
 * @nid: preferred node (NUMA_NO_NODE: any); any node when it has no room
 *
 * Return: virtual address of the reserved range, NULL when nothing fits or
 * the request is bad. Context: early boot.
 */
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid,
				       false);
}

/**
 * memblock_alloc_exact_nid_raw - allocate memory of one node, not zeroed
 * @size: bytes (not 0)
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @min_addr: lowest address wanted; dropped when nothing fits above it
 * @max_addr: end of the range, exclusive, capped to current_limit
 * @nid: the node (NUMA_NO_NODE: any); other nodes are never used
 *
 * Return: virtual address of the reserved range, NULL when nothing fits or
 * the request is bad. Context: early boot.
 */
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
				   phys_addr_t min_addr, phys_addr_t max_addr,
				   int nid)
{
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid,
				       true);
}

/**
 * memblock_alloc_try_nid - allocate zeroed memory
 * @size: bytes (not 0)
 * @align: alignment (a power of two; 0 means SMP_CACHE_BYTES)
 * @min_addr: lowest address wanted; dropped when nothing fits above it
 * @max_addr: end of the range, exclusive, capped to current_limit
 * @nid: preferred node (NUMA_NO_NODE: any); any node when it has no room
 *
 * Return: virtual address of the reserved, zeroed range, NULL when nothing
 * fits or the request is bad. Context: early boot.
 */
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid)
{
	void *ptr = memblock_alloc_internal(size, align, min_addr, max_addr,
					    nid, false);

	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

/**
 * memblock_set_current_limit - set the end of what memblock_alloc* return
 * @limit: end address, exclusive (MEMBLOCK_ALLOC_ANYWHERE: none)
 *
 * Context: early boot.
 */
void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/**
 * memblock_get_current_limit - the end of what memblock_alloc* return
 *
 * Return: memblock.current_limit. Context: early boot.
 */
phys_addr_t memblock_get_current_limit(void)
{
	return memblock.current_limit;
}

/**
 * memblock_trim_memory - keep only whole @align blocks of every memory region
 * @align: block size, a power of two (PAGE_SIZE: drop partial pages)
 *
 * Regions with no whole block are removed.
 *
 * Context: early boot.
 */
void memblock_trim_memory(phys_addr_t align)
{
	struct memblock_type *type = &memblock.memory;
	unsigned long i = 0;

	if (!is_power_of_2(align)) {
		pr_err("memblock: trim alignment 0x%lx is not a power of two\n",
		       (unsigned long)align);
		return;
	}
	while (i < type->cnt) {
		struct memblock_region *r = &type->regions[i];
		phys_addr_t start = ALIGN(r->base, align);
		phys_addr_t end = ALIGN_DOWN(region_end(r), align);

		/* start < r->base: rounding up wrapped */
		if (start < r->base || start >= end) {
			memblock_remove_regions(type, i, i + 1);
			continue;
		}
		type->total_size -= r->size - (end - start);
		r->base = start;
		r->size = end - start;
		i++;
	}
}

/* Whether @r overlaps a region array memblock allocated for itself. */
static bool memblock_holds_array(const struct memblock_region *r)
{
	const struct memblock_type *types[] = {&memblock.memory,
					       &memblock.reserved};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		const struct memblock_type *t = types[i];
		phys_addr_t base = virt_to_phys(t->regions);
		phys_addr_t size =
			ALIGN(t->max * sizeof(t->regions[0]), PAGE_SIZE);

		if (t->regions == memblock_memory_init_regions ||
		    t->regions == memblock_reserved_init_regions)
			continue;
		if (base < region_end(r) && r->base < base + size)
			return true;
	}
	return false;
}

/* Drop the regions of @type outside [@first, @last) that @keep refuses. */
static void memblock_keep_regions(struct memblock_type *type,
				  unsigned long first, unsigned long last,
				  bool (*keep)(const struct memblock_region *))
{
	unsigned long kept = 0;

	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if ((i >= first && i < last) || keep(r))
			type->regions[kept++] = *r;
		else
			type->total_size -= r->size;
	}
	type->cnt = kept;
}

/**
 * memblock_cap_memory_range - keep only [@base, @base + @size) of memory
 * @base: physical address of the range kept
 * @size: its size (0: nothing to do)
 *
 * Memory outside the range is removed except NOMAP regions; reserved
 * regions outside it are removed except those holding memblock's own
 * doubled region arrays (which must never be handed out). Needs memory to
 * have been added.
 *
 * Context: early boot.
 */
void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *mem = &memblock.memory;
	struct memblock_type *rsv = &memblock.reserved;
	unsigned long ms, me, rs, re;

	if (!size)
		return;
	if (!mem->total_size) {
		pr_warn("memblock: no memory to cap to [%pa+%pa]\n", &base,
			&size);
		return;
	}
	/* split both arrays first: once that worked nothing can fail */
	if (memblock_isolate_range(mem, base, size, &ms, &me))
		return;
	if (memblock_isolate_range(rsv, base, size, &rs, &re)) {
		memblock_merge_regions(mem, 0, mem->cnt);
		return;
	}
	memblock_keep_regions(mem, ms, me, memblock_is_nomap);
	memblock_keep_regions(rsv, rs, re, memblock_holds_array);
	memblock_merge_regions(mem, 0, mem->cnt);
	memblock_merge_regions(rsv, 0, rsv->cnt);
}

/* Address at which the first @limit bytes of memory end, or PHYS_ADDR_MAX
 * when there is not that much memory. */
static phys_addr_t memblock_find_max_addr(phys_addr_t limit)
{
	struct memblock_region *r;

	for_each_mem_region(r)
	{
		if (limit <= r->size)
			return r->base + limit;
		limit -= r->size;
	}
	return PHYS_ADDR_MAX;
}

/**
 * memblock_mem_limit_remove_map - keep only the first @limit bytes of memory
 * @limit: bytes of memory kept, counted from the lowest region (0: all)
 *
 * Memory above the point where @limit is reached is removed (NOMAP regions
 * stay); so are reserved regions there. Nothing changes when memory is
 * smaller than @limit.
 *
 * Context: early boot (the mem= option).
 */
void memblock_mem_limit_remove_map(phys_addr_t limit)
{
	phys_addr_t max_addr;

	if (!limit)
		return;
	max_addr = memblock_find_max_addr(limit);
	if (max_addr == PHYS_ADDR_MAX)
		return;
	memblock_cap_memory_range(0, max_addr);
}

/**
 * memblock_overlaps_region - whether a range meets a region of @type
 * @type: &memblock.memory or &memblock.reserved
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 *
 * Return: true when some region of @type shares a byte with the range (an
 * empty range overlaps nothing). Context: early boot.
 */
bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	unsigned long idx;

	if (!memblock_cap_size(base, &size))
		return false;
	idx = memblock_lower_bound(type, base);
	return idx < type->cnt && type->regions[idx].base < base + size;
}

/**
 * memblock_is_memory - whether an address is memory
 * @addr: physical address
 *
 * Return: true when a memory region (NOMAP included) holds @addr.
 * Context: early boot.
 */
bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) >= 0;
}

/**
 * memblock_is_map_memory - whether an address is memory the direct map covers
 * @addr: physical address
 *
 * Return: true when a memory region without MEMBLOCK_NOMAP holds @addr.
 * Context: early boot.
 */
bool memblock_is_map_memory(phys_addr_t addr)
{
	long idx = memblock_search(&memblock.memory, addr);

	return idx >= 0 && !memblock_is_nomap(&memblock.memory.regions[idx]);
}

/**
 * memblock_is_region_memory - whether a range lies within one memory region
 * @base: physical address of the range
 * @size: its size (capped so that the range does not wrap)
 *
 * Return: true when one memory region holds all of it (for @size 0: holds
 * @base). Context: early boot.
 */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	long idx = memblock_search(&memblock.memory, base);

	if (idx < 0)
		return false;
	return region_end(&memblock.memory.regions[idx]) >=
	       base + memblock_cap_size(base, &size);
}

/**
 * memblock_is_reserved - whether an address is reserved
 * @addr: physical address
 *
 * Return: true when a reserved region holds @addr. Context: early boot.
 */
bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) >= 0;
}

/**
 * memblock_is_region_reserved - whether a range meets a reserved region
 * @base: physical address of the range
 * @size: its size
 *
 * Return: true when some byte of it is reserved. Context: early boot.
 */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

/**
 * memblock_phys_mem_size - bytes of memory
 *
 * Return: memblock.memory.total_size. Context: early boot.
 */
phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

/**
 * memblock_reserved_size - bytes reserved
 *
 * Return: memblock.reserved.total_size. Context: early boot.
 */
phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

/**
 * memblock_start_of_DRAM - lowest memory address
 *
 * Return: base of the first memory region, 0 when there is no memory.
 * Context: early boot.
 */
phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

/**
 * memblock_end_of_DRAM - end of the highest memory region
 *
 * Return: the address just past the last memory region, 0 when there is
 * no memory. Context: early boot.
 */
phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *type = &memblock.memory;

	return type->cnt ? region_end(&type->regions[type->cnt - 1]) : 0;
}

/*
 * Hand the pages [@pfn, @end_pfn) out in naturally aligned chunks of at
 * most 2^@max_order pages. Returns the number of pages.
 */
static unsigned long memblock_free_pfn_range(unsigned long pfn,
					     unsigned long end_pfn,
					     memblock_free_pages_fn free_pages,
					     void *arg, unsigned int max_order)
{
	unsigned long count = 0;

	while (pfn < end_pfn) {
		unsigned int order = max_order;

		/* a chunk may not be larger than the alignment of its pfn */
		if (pfn && (unsigned int)__builtin_ctzl(pfn) < order)
			order = __builtin_ctzl(pfn);
		while (pfn + (1UL << order) > end_pfn)
			order--;
		free_pages(pfn, order, arg);
		pfn += 1UL << order;
		count += 1UL << order;
	}
	return count;
}

/**
 * memblock_free_all - hand every free page to the page allocator
 * @free_pages: called with each chunk: its first page frame and its order
 * @arg: passed to @free_pages
 * @max_order: largest order wanted (capped to MEMBLOCK_FREE_ORDER_LIMIT)
 *
 * Every whole page of memory that is not reserved (NOMAP and driver-managed
 * memory excepted) is passed on in naturally aligned power-of-two chunks:
 * the order is that of the lowest set bit of the pfn, at most @max_order,
 * lowered until the chunk fits in the free range. memblock itself is not
 * changed.
 *
 * Return: the number of pages handed out. Context: end of early boot.
 */
unsigned long memblock_free_all(memblock_free_pages_fn free_pages, void *arg,
				unsigned int max_order)
{
	unsigned long count = 0;
	phys_addr_t start, end;
	u64 i;

	max_order = min(max_order, (unsigned int)MEMBLOCK_FREE_ORDER_LIMIT);
	for_each_free_mem_range (i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end,
				 NULL)
		count += memblock_free_pfn_range(PFN_UP(start), PFN_DOWN(end),
						 free_pages, arg, max_order);
	return count;
}

/* One " memory[0x0]\t[...-...], ... bytes on node 0 flags: 0x0" per region. */
static void memblock_dump_type(const struct memblock_type *type)
{
	const struct memblock_region *rgn;
	unsigned long idx;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for_each_memblock_type(idx, type, rgn)
	{
		phys_addr_t base = rgn->base;
		phys_addr_t size = rgn->size;
		phys_addr_t last = base + size - 1;
		char nid_buf[32] = "";

		if (memblock_node_valid(rgn->nid))
			ksnprintf(nid_buf, sizeof(nid_buf), " on node %d",
				  rgn->nid);
		pr_info(" %s[0x%lx]\t[%pa-%pa], %pa bytes%s flags: 0x%x\n",
			type->name, idx, &base, &last, &size, nid_buf,
			(unsigned int)rgn->flags);
	}
}

/**
 * memblock_dump_all - print both arrays with pr_info
 *
 * Prints the totals, then every memory and reserved region with its range,
 * size, node (when it has one) and flags, in Linux's format.
 *
 * Context: early boot.
 */
void memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = %pa reserved size = %pa\n",
		&memblock.memory.total_size, &memblock.reserved.total_size);
	memblock_dump_type(&memblock.memory);
	memblock_dump_type(&memblock.reserved);
}
