// SPDX-License-Identifier: MIT
/*
 * The vmap space allocator (see mm/vmalloc.h for the picture and costs).
 *
 * The list is circular and headed by vs->areas; a "node" below is either
 * an area's link or the head, which stands for the bottom of the space
 * when a gap starts after it and for the top when a gap ends before it:
 *
 *   gap after node n = [gap_start(n), gap_end(n))
 *     gap_start(head) = vs->start,   gap_start(area) = va_end + guard
 *     gap_end(n) = va_start of the next area, or vs->end after the last
 *
 * Invariants (checked by vmap_space_verify):
 *   - gap_start(n) <= gap_end(n) for every node: areas are sorted, inside
 *     the space with their guard, and never closer than the guard;
 *   - every gap before the hint area (ending at or below its va_start) is
 *     at most hint_hole long, so a reservation longer than hint_hole can
 *     only fit after the hint.
 */
#define pr_fmt(fmt) "vmalloc: " fmt

#include "mm/vmalloc.h"

#include <limits.h>

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/vsprintf.h"

/* Room for one vmap_area_format() line with every kind word. */
#define VMAP_LINE_MAX 160

static bool is_head(const struct vmap_space *vs, const struct vmap_link *n)
{
	return n == &vs->areas;
}

static struct vmap_area *link_area(struct vmap_link *n)
{
	return container_of(n, struct vmap_area, list);
}

/* First address past @va's reservation (its guard page). */
static unsigned long reservation_end(const struct vmap_area *va)
{
	return va->va_end + VMAP_GUARD_SIZE;
}

static unsigned long gap_start(const struct vmap_space *vs, struct vmap_link *n)
{
	return is_head(vs, n) ? vs->start : reservation_end(link_area(n));
}

static unsigned long gap_end(const struct vmap_space *vs, struct vmap_link *n)
{
	return is_head(vs, n->next) ? vs->end : link_area(n->next)->va_start;
}

static void reset_hint(struct vmap_space *vs)
{
	vs->hint = &vs->areas;
	vs->hint_hole = 0;
}

int vmap_space_init(struct vmap_space *vs, unsigned long start,
		    unsigned long end, vmap_desc_alloc_fn desc_alloc,
		    vmap_desc_free_fn desc_free, void *desc_arg)
{
	if (!IS_ALIGNED(start, PAGE_SIZE) || !IS_ALIGNED(end, PAGE_SIZE) ||
	    end <= start || end - start < PAGE_SIZE + VMAP_GUARD_SIZE) {
		pr_err("bad space [0x%lx-0x%lx): needs page-aligned bounds at "
		       "least 0x%lx apart\n",
		       start, end, PAGE_SIZE + VMAP_GUARD_SIZE);
		return -EINVAL;
	}
	if (!desc_alloc || !desc_free) {
		pr_err("space [0x%lx-0x%lx): descriptor allocator missing "
		       "(alloc %p, free %p)\n",
		       start, end, (void *)desc_alloc, (void *)desc_free);
		return -EINVAL;
	}
	vs->start = start;
	vs->end = end;
	vs->areas.next = &vs->areas;
	vs->areas.prev = &vs->areas;
	vs->nr_areas = 0;
	vs->used_bytes = 0;
	reset_hint(vs);
	vs->desc_alloc = desc_alloc;
	vs->desc_free = desc_free;
	vs->desc_arg = desc_arg;
	return 0;
}

unsigned long vmap_space_destroy(struct vmap_space *vs)
{
	unsigned long n = 0;

	while (!is_head(vs, vs->areas.next)) {
		struct vmap_link *l = vs->areas.next;

		vs->areas.next = l->next;
		vs->desc_free(link_area(l), vs->desc_arg);
		n++;
	}
	vs->areas.prev = &vs->areas;
	vs->nr_areas = 0;
	vs->used_bytes = 0;
	reset_hint(vs);
	return n;
}

/*
 * Does a reservation of @span bytes, starting at the first address >= @lo
 * aligned to @align, end at or below @hi? If so *@addr gets that start.
 */
static bool fit_in_gap(unsigned long lo, unsigned long hi, unsigned long span,
		       unsigned long align, unsigned long *addr)
{
	unsigned long a;

	if (lo > ULONG_MAX - (align - 1))
		return false;
	a = ALIGN(lo, align);
	if (a > hi || hi - a < span)
		return false;
	*addr = a;
	return true;
}

/* Where a scan for @span bytes may begin, and the hole it carries. */
static struct vmap_link *scan_origin(struct vmap_space *vs, unsigned long span,
				     unsigned long *hole)
{
	if (!is_head(vs, vs->hint) && span > vs->hint_hole) {
		*hole = vs->hint_hole;
		return vs->hint;
	}
	*hole = 0;
	return &vs->areas;
}

/*
 * First fit: the node after which @span bytes aligned to @align fit, or
 * NULL. *@addr gets the address; *@hole the longest gap the new area
 * leaves below it (the gaps skipped and the part of its own gap below it).
 */
static struct vmap_link *find_fit(struct vmap_space *vs, unsigned long span,
				  unsigned long align, unsigned long *addr,
				  unsigned long *hole)
{
	struct vmap_link *n = scan_origin(vs, span, hole);

	for (;;) {
		unsigned long lo = gap_start(vs, n), hi = gap_end(vs, n);

		if (fit_in_gap(lo, hi, span, align, addr)) {
			*hole = max(*hole, *addr - lo);
			return n;
		}
		*hole = max(*hole, hi - lo);
		n = n->next;
		if (is_head(vs, n))
			return NULL;
	}
}

static bool check_alloc_args(const struct vmap_space *vs, unsigned long size,
			     unsigned long align)
{
	if (size == 0) {
		pr_err("area of size 0 in [0x%lx-0x%lx)\n", vs->start, vs->end);
		return false;
	}
	if (align < PAGE_SIZE || (align & (align - 1))) {
		pr_err("area of %lu bytes: bad alignment 0x%lx (a power of two "
		       ">= 0x%lx)\n",
		       size, align, PAGE_SIZE);
		return false;
	}
	return true;
}

static void warn_no_room(const struct vmap_space *vs, unsigned long size,
			 unsigned long align)
{
	pr_warn("no room for %lu bytes aligned to 0x%lx in [0x%lx-0x%lx) "
		"(%lu areas)\n",
		size, align, vs->start, vs->end, vs->nr_areas);
}

static void link_after(struct vmap_link *n, struct vmap_link *l)
{
	l->prev = n;
	l->next = n->next;
	n->next->prev = l;
	n->next = l;
}

struct vmap_area *alloc_vmap_area(struct vmap_space *vs, unsigned long size,
				  unsigned long align, unsigned long flags)
{
	unsigned long span, addr, hole;
	struct vmap_link *after;
	struct vmap_area *va;

	if (!check_alloc_args(vs, size, align))
		return NULL;
	/* Larger than the space less one guard: no room, and from here on
	 * neither the rounding nor the guard can overflow. */
	if (size > vs->end - vs->start - VMAP_GUARD_SIZE) {
		warn_no_room(vs, size, align);
		return NULL;
	}
	size = ALIGN(size, PAGE_SIZE);
	span = size + VMAP_GUARD_SIZE;
	after = find_fit(vs, span, align, &addr, &hole);
	if (!after) {
		warn_no_room(vs, size, align);
		return NULL;
	}
	va = vs->desc_alloc(sizeof(*va), vs->desc_arg);
	if (!va) {
		pr_warn("no memory for the descriptor of a %lu-byte area\n",
			size);
		return NULL;
	}
	va->va_start = addr;
	va->va_end = addr + size;
	va->flags = flags;
	va->phys_addr = 0;
	va->private = NULL;
	link_after(after, &va->list);
	vs->nr_areas++;
	vs->used_bytes += size;
	vs->hint = &va->list;
	vs->hint_hole = hole;
	return va;
}

/*
 * The highest area with va_start <= @addr, or NULL. Starts at the hint
 * when @addr lies at or above it.
 */
static struct vmap_area *area_at_or_below(const struct vmap_space *vs,
					  unsigned long addr)
{
	struct vmap_link *n = (struct vmap_link *)&vs->areas;

	if (!is_head(vs, vs->hint) && link_area(vs->hint)->va_start <= addr)
		n = vs->hint;
	while (!is_head(vs, n->next) && link_area(n->next)->va_start <= addr)
		n = n->next;
	return is_head(vs, n) ? NULL : link_area(n);
}

struct vmap_area *find_vmap_area(const struct vmap_space *vs,
				 unsigned long addr)
{
	struct vmap_area *va = area_at_or_below(vs, addr);

	return va && addr < va->va_end ? va : NULL;
}

static void report_bad_free(const struct vmap_space *vs, unsigned long addr,
			    const struct vmap_area *va)
{
	if (va && addr < va->va_end)
		pr_err("bad vfree(0x%lx): inside area [0x%lx-0x%lx), not its "
		       "start\n",
		       addr, va->va_start, va->va_end);
	else if (va && addr < reservation_end(va))
		pr_err("bad vfree(0x%lx): in the guard page of area "
		       "[0x%lx-0x%lx)\n",
		       addr, va->va_start, va->va_end);
	else
		pr_err("bad vfree(0x%lx): no area there in [0x%lx-0x%lx)\n",
		       addr, vs->start, vs->end);
}

/* Keep the hint's promise once @va's reservation has become free. */
static void hint_area_removed(struct vmap_space *vs, struct vmap_area *va)
{
	struct vmap_link *prev = va->list.prev;

	if (vs->hint == &va->list) {
		/* The merged gap now lies after the new hint. */
		vs->hint = prev;
		if (is_head(vs, prev))
			vs->hint_hole = 0;
	} else if (!is_head(vs, vs->hint) &&
		   va->va_start < link_area(vs->hint)->va_start) {
		/* The merged gap lies below the hint: it may be the longest. */
		unsigned long merged =
			gap_end(vs, &va->list) - gap_start(vs, prev);

		vs->hint_hole = max(vs->hint_hole, merged);
	}
}

struct vmap_area *remove_vmap_area(struct vmap_space *vs, unsigned long addr)
{
	struct vmap_area *va = area_at_or_below(vs, addr);

	if (!va || va->va_start != addr) {
		report_bad_free(vs, addr, va);
		return NULL;
	}
	hint_area_removed(vs, va);
	va->list.prev->next = va->list.next;
	va->list.next->prev = va->list.prev;
	va->list.next = NULL;
	va->list.prev = NULL;
	vs->nr_areas--;
	vs->used_bytes -= vmap_area_size(va);
	return va;
}

void free_vmap_area_struct(struct vmap_space *vs, struct vmap_area *va)
{
	if (va)
		vs->desc_free(va, vs->desc_arg);
}

void vmap_space_stats(const struct vmap_space *vs, struct vmap_space_stats *st)
{
	struct vmap_link *n = (struct vmap_link *)&vs->areas;

	st->nr_areas = vs->nr_areas;
	st->used_bytes = vs->used_bytes;
	st->guard_bytes = vs->nr_areas * VMAP_GUARD_SIZE;
	st->free_bytes = vs->end - vs->start - st->used_bytes - st->guard_bytes;
	st->largest_gap = 0;
	do {
		st->largest_gap =
			max(st->largest_gap, gap_end(vs, n) - gap_start(vs, n));
		n = n->next;
	} while (!is_head(vs, n));
	st->largest_alloc = st->largest_gap > VMAP_GUARD_SIZE
				    ? st->largest_gap - VMAP_GUARD_SIZE
				    : 0;
}

/* The kind words, in Linux's /proc/vmallocinfo order. */
static const struct {
	unsigned long flag;
	const char *word;
} vmap_kinds[] = {
	{VM_IOREMAP, "ioremap"},
	{VM_ALLOC, "vmalloc"},
	{VM_MAP, "vmap"},
	{VM_USERMAP, "user"},
};

int vmap_area_format(const struct vmap_area *va, char *buf, size_t len)
{
	int n;

	if (len == 0)
		return 0;
	n = kscnprintf(buf, len, "0x%lx-0x%lx %7lu", va->va_start,
		       reservation_end(va),
		       vmap_area_size(va) + VMAP_GUARD_SIZE);
	if (va->flags & VM_ALLOC)
		n += kscnprintf(buf + n, len - n, " pages=%lu",
				vmap_area_size(va) >> PAGE_SHIFT);
	if (va->flags & VM_IOREMAP)
		n += kscnprintf(buf + n, len - n, " phys=0x%lx",
				(unsigned long)va->phys_addr);
	for (size_t i = 0; i < ARRAY_SIZE(vmap_kinds); i++)
		if (va->flags & vmap_kinds[i].flag)
			n += kscnprintf(buf + n, len - n, " %s",
					vmap_kinds[i].word);
	return n;
}

void vmalloc_dump(const struct vmap_space *vs)
{
	char line[VMAP_LINE_MAX];
	struct vmap_area *va;

	for_each_vmap_area(vs, va)
	{
		vmap_area_format(va, line, sizeof(line));
		/* Without the "vmalloc: " prefix, as /proc/vmallocinfo. */
		log_printf(LOGLEVEL_INFO, "%s\n", line);
	}
}

/* One area against its predecessor's reservation end @floor. */
static int verify_area(const struct vmap_space *vs, const struct vmap_area *va,
		       unsigned long floor)
{
	if (!IS_ALIGNED(va->va_start, PAGE_SIZE) ||
	    !IS_ALIGNED(va->va_end, PAGE_SIZE) || va->va_end <= va->va_start) {
		pr_err("verify: area [0x%lx-0x%lx) empty or unaligned\n",
		       va->va_start, va->va_end);
		return -EIO;
	}
	if (va->va_start < floor || va->va_end > vs->end - VMAP_GUARD_SIZE) {
		pr_err("verify: area [0x%lx-0x%lx) below 0x%lx (previous guard "
		       "or space start) or its guard past 0x%lx\n",
		       va->va_start, va->va_end, floor, vs->end);
		return -EIO;
	}
	return 0;
}

/* The list: links, order, bounds, guards; sets *@hint_seen. */
static int verify_list(const struct vmap_space *vs, unsigned long *count,
		       unsigned long *used, bool *hint_seen)
{
	const struct vmap_link *n = &vs->areas;
	unsigned long floor = vs->start;

	*count = 0;
	*used = 0;
	*hint_seen = is_head(vs, vs->hint);
	while (!is_head(vs, n->next)) {
		struct vmap_area *va = link_area(n->next);

		if (va->list.prev != n || *count > vs->nr_areas) {
			pr_err("verify: list broken at area 0x%lx (%lu areas "
			       "seen, %lu counted)\n",
			       va->va_start, *count, vs->nr_areas);
			return -EIO;
		}
		if (verify_area(vs, va, floor))
			return -EIO;
		if (vs->hint == &va->list)
			*hint_seen = true;
		floor = reservation_end(va);
		(*count)++;
		*used += vmap_area_size(va);
		n = n->next;
	}
	if (vs->areas.prev != n) {
		pr_err("verify: list tail broken\n");
		return -EIO;
	}
	return 0;
}

/* Every gap below the hint area is at most hint_hole long. */
static int verify_hint(const struct vmap_space *vs)
{
	struct vmap_link *n = (struct vmap_link *)&vs->areas;

	if (is_head(vs, vs->hint))
		return 0;
	for (; n != vs->hint; n = n->next) {
		unsigned long len = gap_end(vs, n) - gap_start(vs, n);

		if (len > vs->hint_hole) {
			pr_err("verify: gap of 0x%lx at 0x%lx below the hint "
			       "0x%lx exceeds hint_hole 0x%lx\n",
			       len, gap_start(vs, n),
			       link_area(vs->hint)->va_start, vs->hint_hole);
			return -EIO;
		}
	}
	return 0;
}

int vmap_space_verify(const struct vmap_space *vs)
{
	unsigned long count, used;
	bool hint_seen;

	if (verify_list(vs, &count, &used, &hint_seen))
		return -EIO;
	if (count != vs->nr_areas || used != vs->used_bytes) {
		pr_err("verify: %lu areas of %lu bytes, counters say %lu of "
		       "%lu\n",
		       count, used, vs->nr_areas, vs->used_bytes);
		return -EIO;
	}
	if (!hint_seen) {
		pr_err("verify: hint is not on the list\n");
		return -EIO;
	}
	return verify_hint(vs);
}
