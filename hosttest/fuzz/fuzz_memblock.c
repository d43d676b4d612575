// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for mm/memblock.c.
 *
 * The input drives add / remove / reserve / free / alloc / flag / node /
 * trim / cap sequences over a small physical space of NPAGES pages (backed
 * by an arena, so allocations can be written to), all page-granular. A
 * bitmap model tracks, per page: memory or not, its node and flags, and
 * reserved or not. After every operation memblock's two arrays must equal
 * the model's maximal runs exactly (which proves them sorted, disjoint,
 * merged and their totals right); every allocation must land exactly
 * where the model's own search puts it (highest or lowest aligned fit of
 * free memory in the range, with Linux's node and min_addr fallbacks), and
 * may fail only when the model has no fit or an array could not grow. At
 * the end memblock_free_all must hand out exactly the model's free pages
 * in naturally aligned chunks.
 *
 * Input: byte 0 configures (bit 0 allow array resizing, bit 1 bottom-up,
 * bits 2-5 max_order for free_all); then 5-byte operations
 * [op, a, b, c, d] until the input ends.
 *
 * Doubled region arrays are reserved by memblock itself: the model takes
 * those reservations over after checking they were free memory outside the
 * operation's own range. Operations that would free a live array (a user
 * error) are skipped, and so are cap / mem= when resizing is allowed (they
 * drop the arrays' reservations, as Linux's do).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/memblock.h"
#include "mm/physmap.h"

#define NPAGES 256
#define PG(n) ((phys_addr_t)(n)*PAGE_SIZE)
#define MAX_ALLOCS 64
/* Largest page count of a range operand. */
#define MAX_LEN 64
/* b == this: the range runs to PHYS_ADDR_MAX (wrap capping). */
#define LEN_HUGE 255

enum {
	OP_ADD,
	OP_REMOVE,
	OP_RESERVE,
	OP_PHYS_FREE,
	OP_ALLOC,
	OP_ALLOC2, /* allocations twice as likely */
	OP_FREE_ALLOC,
	OP_FLAGS,
	OP_SET_NODE,
	OP_DIRECTION,
	OP_LIMIT,
	OP_TRIM,
	OP_MEM_LIMIT,
	OP_CAP,
	NR_OPS
};

enum { V_PHYS_RANGE, V_TRY_NID_RAW, V_EXACT_NID_RAW, V_TRY_NID, NR_VARIANTS };

struct model {
	bool mem[NPAGES];
	int nid[NPAGES];
	unsigned int flags[NPAGES];
	bool rsv[NPAGES];
};

struct array_pages {
	bool live;
	unsigned long first, count;
};

static struct model m, before;
static unsigned char *arena;
static bool resize_allowed, bottom_up, dumping;
static phys_addr_t limit;
static bool logged_double_failure, logged_left_reserved;
static struct {
	phys_addr_t pa, size;
} allocs[MAX_ALLOCS];
static int nr_allocs;
static struct array_pages arrays_before[2], arrays_after[2];
/* The pages of the current operation's own range: a doubled array must
 * not land there. */
static unsigned long op_lo, op_hi;
/* The operation reserves its range (so it may keep old array pages). */
static bool op_reserves;

static const int add_nids[] = {0, 1, 2, MAX_NUMNODES};
static const unsigned int add_flags[] = {MEMBLOCK_NONE, MEMBLOCK_HOTPLUG,
					 MEMBLOCK_MIRROR,
					 MEMBLOCK_DRIVER_MANAGED};
static const int node_nids[] = {0, 1, 2, NUMA_NO_NODE};
static const int alloc_nids[] = {NUMA_NO_NODE, 0, 1, 2, MAX_NUMNODES, 5};

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			fail(__LINE__, #cond);                                 \
	} while (0)

static void fail(int line, const char *what)
{
	fprintf(stderr, "fuzz_memblock.c:%d: check failed: %s\n", line, what);
	dumping = true;
	memblock_dump_all();
	abort();
}

static void sink(int level, const char *text, size_t len)
{
	char line[LOG_LINE_MAX + 1];

	if (len > LOG_LINE_MAX)
		len = LOG_LINE_MAX;
	memcpy(line, text, len);
	line[len] = '\0';
	if (dumping)
		fputs(line, stderr);
	if (level == LOGLEVEL_ERR && strstr(line, "double"))
		logged_double_failure = true;
	if (level == LOGLEVEL_WARNING && strstr(line, "left reserved"))
		logged_left_reserved = true;
}

/* ---- the model ------------------------------------------------------- */

/* Free memory an allocation may use. */
static bool usable(const struct model *s, unsigned long p)
{
	return s->mem[p] && !s->rsv[p] &&
	       !(s->flags[p] & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED));
}

/* Pages [a, a + n) are free, in one memory region, on node @nid. */
static bool fits(unsigned long a, unsigned long n, int nid)
{
	for (unsigned long p = a; p < a + n; p++) {
		if (!usable(&m, p) || m.nid[p] != m.nid[a] ||
		    m.flags[p] != m.flags[a])
			return false;
		if (nid != NUMA_NO_NODE && m.nid[p] != nid)
			return false;
	}
	return true;
}

/* The page memblock must pick for @n pages aligned to @align pages in
 * [@start, @end), or -1. */
static long model_find(unsigned long n, unsigned long align, phys_addr_t start,
		       phys_addr_t end, int nid)
{
	unsigned long lo, hi;

	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = limit;
	start = start > PAGE_SIZE ? start : PAGE_SIZE;
	end = end > start ? end : start;
	lo = PFN_UP(start);
	hi = end >= PG(NPAGES) ? NPAGES : PFN_DOWN(end);
	if (hi < lo || hi - lo < n)
		return -1;
	if (bottom_up) {
		for (unsigned long a = ALIGN(lo, align); a + n <= hi;
		     a += align)
			if (fits(a, n, nid))
				return (long)a;
	} else {
		for (long a = (long)ALIGN_DOWN(hi - n, align); a >= (long)lo;
		     a -= (long)align)
			if (fits((unsigned long)a, n, nid))
				return a;
	}
	return -1;
}

static long model_alloc(int variant, unsigned long n, unsigned long align,
			phys_addr_t min_addr, phys_addr_t max_addr, int nid)
{
	bool node = nid >= 0 && nid < MAX_NUMNODES;
	int want = node ? nid : NUMA_NO_NODE;

	if (variant == V_PHYS_RANGE)
		return model_find(n, align, min_addr, max_addr, NUMA_NO_NODE);
	max_addr = max_addr < limit ? max_addr : limit;
	for (int pass = 0; pass < 2; pass++) {
		phys_addr_t start = pass ? 0 : min_addr;
		long r;

		if (pass && !min_addr)
			break;
		r = model_find(n, align, start, max_addr, want);
		if (r < 0 && node && variant != V_EXACT_NID_RAW)
			r = model_find(n, align, start, max_addr, NUMA_NO_NODE);
		if (r >= 0)
			return r;
	}
	return -1;
}

/* Memory pages in a maximal run with page @p's node and flags, from @p. */
static unsigned long mem_run(unsigned long p)
{
	unsigned long q = p + 1;

	while (q < NPAGES && m.mem[q] && m.nid[q] == m.nid[p] &&
	       m.flags[q] == m.flags[p])
		q++;
	return q - p;
}

static void model_trim(unsigned long align)
{
	for (unsigned long p = 0; p < NPAGES;) {
		unsigned long len, start, end;

		if (!m.mem[p]) {
			p++;
			continue;
		}
		len = mem_run(p);
		start = ALIGN(p, align);
		end = ALIGN_DOWN(p + len, align);
		for (unsigned long q = p; q < p + len; q++)
			if (q < start || q >= end)
				m.mem[q] = false;
		p += len;
	}
}

/* Keep memory in [first, end) and NOMAP memory; reserved only inside. */
static void model_cap(unsigned long first, unsigned long end)
{
	for (unsigned long p = 0; p < NPAGES; p++) {
		if (p >= first && p < end)
			continue;
		if (!(m.flags[p] & MEMBLOCK_NOMAP))
			m.mem[p] = false;
		m.rsv[p] = false;
	}
}

static bool model_has_memory(void)
{
	for (unsigned long p = 0; p < NPAGES; p++)
		if (m.mem[p])
			return true;
	return false;
}

/* ---- comparing memblock with the model ------------------------------- */

static void compare_memory(void)
{
	const struct memblock_type *t = &memblock.memory;
	unsigned long i = 0;
	phys_addr_t total = 0;

	for (unsigned long p = 0; p < NPAGES;) {
		unsigned long len;

		if (!m.mem[p]) {
			p++;
			continue;
		}
		len = mem_run(p);
		CHECK(i < t->cnt);
		CHECK(t->regions[i].base == PG(p));
		CHECK(t->regions[i].size == PG(len));
		CHECK(t->regions[i].nid == m.nid[p]);
		CHECK(t->regions[i].flags == m.flags[p]);
		total += PG(len);
		i++;
		p += len;
	}
	CHECK(i == t->cnt);
	CHECK(t->total_size == total);
	CHECK(t->cnt <= t->max);
}

static void compare_reserved(void)
{
	const struct memblock_type *t = &memblock.reserved;
	unsigned long i = 0;
	phys_addr_t total = 0;

	for (unsigned long p = 0; p < NPAGES;) {
		unsigned long q = p;

		while (q < NPAGES && m.rsv[q])
			q++;
		if (q == p) {
			p++;
			continue;
		}
		CHECK(i < t->cnt);
		CHECK(t->regions[i].base == PG(p));
		CHECK(t->regions[i].size == PG(q - p));
		CHECK(t->regions[i].nid == MAX_NUMNODES);
		CHECK(t->regions[i].flags == MEMBLOCK_NONE);
		total += PG(q - p);
		i++;
		p = q;
	}
	CHECK(i == t->cnt);
	CHECK(t->total_size == total);
	CHECK(t->cnt <= t->max);
}

/* Where the two region arrays live, when they have left static storage. */
static void find_arrays(struct array_pages out[2])
{
	const struct memblock_type *types[2] = {&memblock.memory,
						&memblock.reserved};

	for (int i = 0; i < 2; i++) {
		uintptr_t va = (uintptr_t)types[i]->regions;

		out[i].live = va >= (uintptr_t)arena &&
			      va < (uintptr_t)arena + PG(NPAGES);
		out[i].first = PFN_DOWN(virt_to_phys(types[i]->regions));
		out[i].count =
			PFN_UP(types[i]->max * sizeof(struct memblock_region));
	}
}

static bool in_arrays(const struct array_pages a[2], unsigned long p)
{
	for (int i = 0; i < 2; i++)
		if (a[i].live && p >= a[i].first && p < a[i].first + a[i].count)
			return true;
	return false;
}

static bool range_meets_arrays(unsigned long first, unsigned long count)
{
	for (unsigned long p = first; p < first + count && p < NPAGES; p++)
		if (in_arrays(arrays_before, p))
			return true;
	return false;
}

/*
 * Take over the reservations memblock made for its own arrays: a page it
 * reserved must be part of a live array (or a leaked old one), free memory
 * before the operation and outside the operation's range [lo, hi); a page
 * it released must have been part of an array.
 */
static void sync_arrays(unsigned long lo, unsigned long hi)
{
	find_arrays(arrays_after);
	/* an array that was replaced is freed, unless the operation itself
	 * reserved that range or memblock said it could not free it */
	for (unsigned long p = 0; p < NPAGES; p++)
		if (in_arrays(arrays_before, p) &&
		    !in_arrays(arrays_after, p) &&
		    !(op_reserves && p >= lo && p < hi) &&
		    !logged_left_reserved)
			m.rsv[p] = false;
	for (unsigned long p = 0; p < NPAGES; p++) {
		bool reserved = memblock_is_reserved(PG(p));

		if (reserved == m.rsv[p])
			continue;
		if (reserved) {
			CHECK(in_arrays(arrays_after, p) ||
			      logged_left_reserved);
			CHECK(usable(&before, p));
			CHECK(p < lo || p >= hi);
		} else {
			CHECK(in_arrays(arrays_before, p));
			CHECK(!in_arrays(arrays_after, p));
		}
		m.rsv[p] = reserved;
	}
	for (int i = 0; i < 2; i++) {
		const struct array_pages *a = &arrays_after[i];
		bool moved = a->live && (!arrays_before[i].live ||
					 a->first != arrays_before[i].first);

		for (unsigned long p = a->first;
		     a->live && p < a->first + a->count; p++) {
			CHECK(m.rsv[p]);
			/* a new array came from free memory outside the
			 * operation's range */
			CHECK(!moved ||
			      (usable(&before, p) && (p < lo || p >= hi)));
		}
	}
}

/* An operation reported an error: only a failed array doubling may cause
 * one, and then the model stays as it was. */
static bool succeeded(int ret)
{
	if (ret == 0)
		return true;
	CHECK(ret == -ENOMEM && logged_double_failure);
	return false;
}

/* ---- operations ------------------------------------------------------ */

struct op {
	uint8_t code, a, b, c, d;
};

/* The page range of an operand pair: first page, page count (clipped);
 * also the operation's own range. */
static void page_range(const struct op *op, unsigned long *first,
		       unsigned long *count)
{
	*first = op->a % NPAGES;
	*count = op->b % (MAX_LEN + 1);
	if (*first + *count > NPAGES)
		*count = NPAGES - *first;
	op_lo = *first;
	op_hi = *first + *count;
}

static void do_add(const struct op *op)
{
	unsigned long first, count;
	int nid = add_nids[op->c % ARRAY_SIZE(add_nids)];
	unsigned int flags = add_flags[op->d % ARRAY_SIZE(add_flags)];
	int ret;

	page_range(op, &first, &count);
	if (flags == MEMBLOCK_NONE && nid == MAX_NUMNODES)
		ret = memblock_add(PG(first), PG(count));
	else
		ret = memblock_add_node(PG(first), PG(count), nid, flags);
	if (!succeeded(ret))
		return;
	for (unsigned long p = first; p < first + count; p++) {
		if (m.mem[p])
			continue;
		m.mem[p] = true;
		m.nid[p] = nid;
		m.flags[p] = flags;
	}
}

/* Remove from memory (@reserved false) or free reserved memory. */
static void do_remove(const struct op *op, bool reserved)
{
	unsigned long first, count;
	phys_addr_t size;
	int ret;

	page_range(op, &first, &count);
	size = PG(count);
	if (op->b == LEN_HUGE) {
		count = NPAGES - first;
		size = PHYS_ADDR_MAX;
		op_hi = NPAGES;
	}
	if (!reserved) {
		ret = memblock_remove(PG(first), size);
	} else {
		if (range_meets_arrays(first, count))
			return;
		ret = memblock_phys_free(PG(first), size);
	}
	if (!succeeded(ret))
		return;
	for (unsigned long p = first; p < first + count; p++) {
		if (reserved)
			m.rsv[p] = false;
		else
			m.mem[p] = false;
	}
}

static void do_reserve(const struct op *op)
{
	unsigned long first, count;

	page_range(op, &first, &count);
	op_reserves = true;
	if (!succeeded(memblock_reserve(PG(first), PG(count))))
		return;
	for (unsigned long p = first; p < first + count; p++)
		m.rsv[p] = true;
}

static phys_addr_t call_alloc(int variant, phys_addr_t size, phys_addr_t align,
			      phys_addr_t min_addr, phys_addr_t max_addr,
			      int nid)
{
	void *ptr;

	switch (variant) {
	case V_PHYS_RANGE:
		return memblock_phys_alloc_range(size, align, min_addr,
						 max_addr);
	case V_TRY_NID_RAW:
		ptr = memblock_alloc_try_nid_raw(size, align, min_addr,
						 max_addr, nid);
		break;
	case V_EXACT_NID_RAW:
		ptr = memblock_alloc_exact_nid_raw(size, align, min_addr,
						   max_addr, nid);
		break;
	default:
		ptr = memblock_alloc_try_nid(size, align, min_addr, max_addr,
					     nid);
		break;
	}
	return ptr ? virt_to_phys(ptr) : 0;
}

/* A bound operand: 0 and 15 are the special values, others pages. */
static phys_addr_t bound(unsigned int sel, bool upper)
{
	if (sel == 0)
		return upper ? MEMBLOCK_ALLOC_ACCESSIBLE : 0;
	if (sel == 15 && upper)
		return MEMBLOCK_ALLOC_ANYWHERE;
	return PG(sel * (NPAGES / 16));
}

static void do_alloc(const struct op *op)
{
	unsigned long n = op->a % 32 + 1;
	unsigned long align = 1UL << (op->b % 5);
	int variant = op->c % NR_VARIANTS;
	int nid = alloc_nids[(op->c / NR_VARIANTS) % ARRAY_SIZE(alloc_nids)];
	phys_addr_t min_addr = bound(op->d & 0xf, false);
	phys_addr_t max_addr = bound(op->d >> 4, true);
	long want = model_alloc(variant, n, align, min_addr, max_addr, nid);
	phys_addr_t pa =
		call_alloc(variant, PG(n), PG(align), min_addr, max_addr, nid);
	unsigned long first = PFN_DOWN(pa);

	if (!pa) {
		CHECK(want < 0 || logged_double_failure);
		return;
	}
	if (logged_double_failure) {
		/* the first fit could not be reserved; another one was */
		CHECK(IS_ALIGNED(pa, PG(align)) && pa >= PAGE_SIZE);
		CHECK(first + n <= NPAGES && fits(first, n, NUMA_NO_NODE));
	} else {
		CHECK(want >= 0 && pa == PG(want));
	}
	if (variant == V_TRY_NID) {
		const unsigned char *bytes = phys_to_virt(pa);

		for (phys_addr_t i = 0; i < PG(n); i++)
			CHECK(bytes[i] == 0);
	}
	for (unsigned long p = first; p < first + n; p++)
		m.rsv[p] = true;
	op_lo = first;
	op_hi = first + n;
	if (nr_allocs < MAX_ALLOCS) {
		allocs[nr_allocs].pa = pa;
		allocs[nr_allocs].size = PG(n);
		nr_allocs++;
	}
}

static void do_free_alloc(const struct op *op)
{
	int i;
	phys_addr_t pa, size;

	if (!nr_allocs)
		return;
	i = op->a % nr_allocs;
	pa = allocs[i].pa;
	size = allocs[i].size;
	if (range_meets_arrays(PFN_DOWN(pa), PFN_DOWN(size)))
		return;
	op_lo = PFN_DOWN(pa);
	op_hi = PFN_DOWN(pa + size);
	if (op->b & 1) {
		memblock_free(phys_to_virt(pa), size);
		if (logged_double_failure)
			return;
	} else if (!succeeded(memblock_phys_free(pa, size))) {
		return;
	}
	for (unsigned long p = PFN_DOWN(pa); p < PFN_DOWN(pa + size); p++)
		m.rsv[p] = false;
	allocs[i] = allocs[--nr_allocs];
}

static void do_flags(const struct op *op)
{
	static const unsigned int flag[] = {MEMBLOCK_NOMAP, MEMBLOCK_HOTPLUG,
					    MEMBLOCK_MIRROR};
	unsigned long first, count;
	unsigned int f = flag[(op->c >> 1) % ARRAY_SIZE(flag)];
	bool set = op->c & 1;
	int ret;

	page_range(op, &first, &count);
	if (f == MEMBLOCK_NOMAP)
		ret = set ? memblock_mark_nomap(PG(first), PG(count))
			  : memblock_clear_nomap(PG(first), PG(count));
	else if (f == MEMBLOCK_HOTPLUG)
		ret = set ? memblock_mark_hotplug(PG(first), PG(count))
			  : memblock_clear_hotplug(PG(first), PG(count));
	else
		ret = memblock_mark_mirror(PG(first), PG(count));
	if (f == MEMBLOCK_MIRROR)
		set = true;
	if (!succeeded(ret))
		return;
	for (unsigned long p = first; p < first + count; p++) {
		if (!m.mem[p])
			continue;
		if (set)
			m.flags[p] |= f;
		else
			m.flags[p] &= ~f;
	}
}

static void do_set_node(const struct op *op)
{
	unsigned long first, count;
	int nid = node_nids[op->c % ARRAY_SIZE(node_nids)];

	page_range(op, &first, &count);
	if (!succeeded(memblock_set_node(PG(first), PG(count), &memblock.memory,
					 nid)))
		return;
	for (unsigned long p = first; p < first + count; p++)
		if (m.mem[p])
			m.nid[p] = nid;
}

static void do_mem_limit(const struct op *op)
{
	unsigned long left = op->a, end = NPAGES;
	bool found = false;

	if (resize_allowed)
		return;
	memblock_mem_limit_remove_map(PG(left));
	if (!left || logged_double_failure)
		return;
	for (unsigned long p = 0; p < NPAGES;) {
		unsigned long len;

		if (!m.mem[p]) {
			p++;
			continue;
		}
		len = mem_run(p);
		if (left <= len) {
			end = p + left;
			found = true;
			break;
		}
		left -= len;
		p += len;
	}
	if (found)
		model_cap(0, end);
}

static void do_cap(const struct op *op)
{
	unsigned long first, count;

	if (resize_allowed)
		return;
	page_range(op, &first, &count);
	memblock_cap_memory_range(PG(first), PG(count));
	if (!count || !model_has_memory() || logged_double_failure)
		return;
	model_cap(first, first + count);
}

static void run_op(const struct op *op)
{
	before = m;
	op_lo = op_hi = 0;
	op_reserves = false;
	find_arrays(arrays_before);
	logged_double_failure = logged_left_reserved = false;
	switch (op->code % NR_OPS) {
	case OP_ADD:
		do_add(op);
		break;
	case OP_REMOVE:
		do_remove(op, false);
		break;
	case OP_RESERVE:
		do_reserve(op);
		break;
	case OP_PHYS_FREE:
		do_remove(op, true);
		break;
	case OP_ALLOC:
	case OP_ALLOC2:
		do_alloc(op);
		break;
	case OP_FREE_ALLOC:
		do_free_alloc(op);
		break;
	case OP_FLAGS:
		do_flags(op);
		break;
	case OP_SET_NODE:
		do_set_node(op);
		break;
	case OP_DIRECTION:
		bottom_up = op->a & 1;
		memblock_set_bottom_up(bottom_up);
		break;
	case OP_LIMIT:
		limit = op->a ? PG(op->a) : MEMBLOCK_ALLOC_ANYWHERE;
		memblock_set_current_limit(limit);
		break;
	case OP_TRIM:
		memblock_trim_memory(PG(1UL << (op->a % 3)));
		model_trim(1UL << (op->a % 3));
		break;
	case OP_MEM_LIMIT:
		do_mem_limit(op);
		break;
	default:
		do_cap(op);
		break;
	}
	sync_arrays(op_lo, op_hi);
	compare_memory();
	compare_reserved();
}

/* ---- memblock_free_all ----------------------------------------------- */

static unsigned char seen[NPAGES];
static unsigned int free_max_order;

static void check_chunk(unsigned long pfn, unsigned int order, void *arg)
{
	unsigned long *pages = arg;

	CHECK(order <= free_max_order);
	CHECK((pfn & ((1UL << order) - 1)) == 0);
	for (unsigned long p = pfn; p < pfn + (1UL << order); p++) {
		CHECK(p < NPAGES && usable(&m, p) && !seen[p]);
		seen[p] = 1;
	}
	*pages += 1UL << order;
}

static void check_free_all(void)
{
	unsigned long pages = 0, total;

	memset(seen, 0, sizeof(seen));
	total = memblock_free_all(check_chunk, &pages, free_max_order);
	CHECK(total == pages);
	for (unsigned long p = 0; p < NPAGES; p++)
		CHECK(seen[p] == usable(&m, p));
}

static void start_input(uint8_t config)
{
	if (!arena) {
		arena = aligned_alloc(PAGE_SIZE, PG(NPAGES));
		if (!arena)
			abort();
		physmap_set_offset((uintptr_t)arena);
		log_set_sink(sink);
	}
	memblock_reset();
	memset(&m, 0, sizeof(m));
	nr_allocs = 0;
	resize_allowed = config & 1;
	bottom_up = config & 2;
	free_max_order = (config >> 2) % 12;
	limit = MEMBLOCK_ALLOC_ANYWHERE;
	if (resize_allowed)
		memblock_allow_resize();
	memblock_set_bottom_up(bottom_up);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	start_input(data[0]);
	for (size_t i = 1; i + sizeof(struct op) <= size;
	     i += sizeof(struct op)) {
		struct op op;

		memcpy(&op, data + i, sizeof(op));
		run_op(&op);
	}
	check_free_all();
	return 0;
}
