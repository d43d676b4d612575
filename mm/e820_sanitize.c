// SPDX-License-Identifier: MIT
/*
 * Sanitising an e820 table (Linux's e820__update_table): the firmware's
 * list, unsorted and overlapping, becomes sorted non-overlapping ranges.
 *
 * Every entry start and end is a change point. Between two neighbouring
 * change points the covering entries do not change, and the piece gets the
 * highest type among them (none: a gap). Neighbouring pieces of one type
 * merge, except PRAM and SOFT_RESERVED, which are cut at every change point:
 *
 *   input:   [RAM==============================)
 *                      [reserved====)
 *   output:  [RAM======)[reserved====)[RAM======)
 *
 * The sweep visits the change points in order, merging the entries sorted
 * by start with their ends sorted apart. It keeps the covering entries in
 * a max-heap by type; an entry that has ended is dropped lazily when it
 * reaches the top. The two sorts cost O(n log n), each heap step
 * O(log n). All scratch space is static: the kernel stack is small.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/sort.h"
#include "mm/e820.h"
#include "mm/e820_internal.h"

/* Heap slots hold indices into e820_sweep_entries. */
typedef u16 e820_heap_slot;
_Static_assert(E820_MAX_ENTRIES <= 1 << (8 * sizeof(e820_heap_slot)),
	       "heap slots must index every entry");

/* The input's non-empty entries, sorted by start. */
static struct e820_entry e820_sweep_entries[E820_MAX_ENTRIES];
/* Their ends, sorted (duplicates included). */
static u64 e820_sweep_ends[E820_MAX_ENTRIES];
/* Entries covering the sweep position, highest type on top. */
static e820_heap_slot e820_sweep_heap[E820_MAX_ENTRIES];
static u32 e820_sweep_heap_len;

/* State of the output while the sweep writes it. */
struct e820_out {
	struct e820_table *t;
	u32 dropped; /* pieces that did not fit */
	u32 last_type; /* type of the open piece, 0 when none */
	u64 last_addr; /* where the open piece starts */
};

/* Types that never merge with a neighbour of their own type. */
static bool e820_nomerge(u32 type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

static int e820_cmp_entry_addr(const void *a, const void *b)
{
	const struct e820_entry *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

static int e820_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return (x > y) - (x < y);
}

static void e820_swap_entry(void *a, void *b, size_t size)
{
	struct e820_entry tmp = *(struct e820_entry *)a;

	(void)size;
	*(struct e820_entry *)a = *(struct e820_entry *)b;
	*(struct e820_entry *)b = tmp;
}

static void e820_swap_u64(void *a, void *b, size_t size)
{
	u64 tmp = *(u64 *)a;

	(void)size;
	*(u64 *)a = *(u64 *)b;
	*(u64 *)b = tmp;
}

static u32 e820_heap_type(u32 slot)
{
	return e820_sweep_entries[e820_sweep_heap[slot]].type;
}

static void e820_heap_swap(u32 a, u32 b)
{
	e820_heap_slot tmp = e820_sweep_heap[a];

	e820_sweep_heap[a] = e820_sweep_heap[b];
	e820_sweep_heap[b] = tmp;
}

static void e820_heap_push(u32 idx)
{
	u32 i = e820_sweep_heap_len++;

	e820_sweep_heap[i] = (e820_heap_slot)idx;
	while (i > 0 && e820_heap_type((i - 1) / 2) < e820_heap_type(i)) {
		e820_heap_swap(i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void e820_heap_pop(void)
{
	u32 i = 0, n = --e820_sweep_heap_len;

	e820_sweep_heap[0] = e820_sweep_heap[n];
	for (;;) {
		u32 big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && e820_heap_type(l) > e820_heap_type(big))
			big = l;
		if (r < n && e820_heap_type(r) > e820_heap_type(big))
			big = r;
		if (big == i)
			return;
		e820_heap_swap(i, big);
		i = big;
	}
}

/* Type covering the space just after @x: push what starts there, drop
 * what has ended. */
static u32 e820_sweep_type_at(u64 x, u32 *next, u32 n)
{
	while (*next < n && e820_sweep_entries[*next].addr == x)
		e820_heap_push((*next)++);
	while (e820_sweep_heap_len) {
		const struct e820_entry *top =
			&e820_sweep_entries[e820_sweep_heap[0]];

		if (top->addr + top->size > x)
			return top->type;
		e820_heap_pop();
	}
	return 0;
}

/* Close the open piece at @x, then open one of @type there (0: a gap). */
static void e820_out_switch(struct e820_out *o, u64 x, u32 type)
{
	struct e820_table *t = o->t;

	if (o->last_type) {
		if (t->nr_entries < E820_MAX_ENTRIES) {
			struct e820_entry *e = &t->entries[t->nr_entries++];

			e->addr = o->last_addr;
			e->size = x - o->last_addr;
			e->type = o->last_type;
		} else {
			o->dropped++;
		}
	}
	o->last_addr = x;
	o->last_type = type;
}

/* Copy the non-empty entries and their ends into the scratch, sorted. */
static u32 e820_sweep_load(const struct e820_table *t)
{
	u32 i, n = 0;

	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e->size)
			continue;
		e820_sweep_ends[n] = e->addr + e->size;
		e820_sweep_entries[n++] = *e;
	}
	sort(e820_sweep_entries, n, sizeof(e820_sweep_entries[0]),
	     e820_cmp_entry_addr, e820_swap_entry);
	sort(e820_sweep_ends, n, sizeof(e820_sweep_ends[0]), e820_cmp_u64,
	     e820_swap_u64);
	return n;
}

/* Rebuild @t from the scratch; returns how many pieces did not fit. */
static u32 e820_sweep(struct e820_table *t, u32 n)
{
	struct e820_out o = {.t = t};
	u32 next = 0, end = 0;

	t->nr_entries = 0;
	e820_sweep_heap_len = 0;
	/* The last change point is the highest end: stop after it. */
	while (end < n) {
		u64 x = e820_sweep_ends[end];
		u32 type;

		if (next < n && e820_sweep_entries[next].addr < x)
			x = e820_sweep_entries[next].addr;
		type = e820_sweep_type_at(x, &next, n);
		while (end < n && e820_sweep_ends[end] == x)
			end++;
		if (type != o.last_type || e820_nomerge(type))
			e820_out_switch(&o, x, type);
	}
	return o.dropped;
}

/* Reason to leave @t as it is, or 0. */
static int e820_check_table(const struct e820_table *t, bool report)
{
	u32 i;

	if (!e820_count_ok(t, report))
		return -EINVAL;
	if (t->nr_entries < 2) {
		if (report)
			pr_warn("e820: map not sanitised: nr_entries is %u, "
				"at least 2 are needed; left unchanged\n",
				t->nr_entries);
		return -ENOENT;
	}
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e820_range_wraps(e->addr, e->size))
			continue;
		if (report)
			pr_warn("e820: entry %u (addr 0x%llx size 0x%llx type "
				"%u) wraps past 2^64; map left unchanged\n",
				i, ULL(e->addr), ULL(e->size), e->type);
		return -EOVERFLOW;
	}
	return 0;
}

int e820_update_table(struct e820_table *t, bool report)
{
	int ret = e820_check_table(t, report);
	u32 dropped;

	if (ret)
		return ret;
	dropped = e820_sweep(t, e820_sweep_load(t));
	if (dropped && report)
		pr_warn("e820: sanitised map does not fit: %u entries kept, %u "
			"dropped\n",
			t->nr_entries, dropped);
	return 0;
}

int e820__update_table(struct e820_table *t)
{
	return e820_update_table(t, true);
}
