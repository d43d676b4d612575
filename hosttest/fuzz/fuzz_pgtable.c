// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for mm/pgtable*.c and mm/direct_map.c.
 *
 * The input picks a paging depth, a 4 GiB window of virtual addresses and
 * a table-page budget, then a sequence of map / unmap / protect / direct
 * map operations inside the window. A model, one slot per 4 KiB page of
 * the window (physical page and rights, or unmapped), says what each
 * operation must do: -EINVAL for input the rules refuse, -EEXIST when a
 * map meets a different mapping, -ENOMEM only when the budget ran out,
 * and then nothing may have changed. After every operation each page it
 * touched is translated and compared with the model; at the end the whole
 * hierarchy is walked against the model, checked and dumped, and
 * unmapping the window must give every table page back.
 *
 * Input layout:
 *   byte 0     bit 0: 5-level; bits 1-2: window (kernel direct-map base,
 *              top of the lower half, 5-level base); bit 3: limit the
 *              budget; bits 4-7: budget / 4 when limited
 *   then       8-byte operations (see struct fuzz_op and do_op)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/errno.h"
#include "mm/pgtable.h"
#include "mm/physmap.h"

#define SZ4K 0x1000ULL
#define SZ2M 0x200000ULL
#define SZ1G 0x40000000ULL

#define WINDOW_SIZE (4 * SZ1G)
#define WINDOW_PAGES (WINDOW_SIZE / SZ4K)
/* Enough table pages for the whole window in 4 KiB pages. */
#define POOL_PAGES 2304
#define POOL_PHYS_BASE 0x7f000000000ULL
#define PHYS_BITS 46
#define MAX_OPS 48
/* Longest range of an operation that would map only 4 KiB pages. */
#define SMALL_PAGES_MAX (2 * SZ2M)
/* Physical frame numbers stay below 2^14 units (2^44 for 1 GiB). */
#define PA_FIELD_MASK 0x3fff

/* A model slot: 0 = unmapped, else PRESENT | prot << 1 | pfn << 12. */
#define SLOT_PRESENT 1ULL
#define SLOT_PROT_SHIFT 1
#define SLOT_PFN_SHIFT 12

static const u64 window_bases[] = {
	0xffff888000000000ULL, /* 4-level direct map */
	0x00007fff00000000ULL, /* the last 4 GiB of the 4-level lower half */
	0xff11000000000000ULL, /* 5-level direct map */
	0x0000000000000000ULL, /* the first 4 GiB, page 0 included */
};

/*
 * The model loops run once per 4 KiB page; comparisons there say nothing
 * about the code under test, so they are left out of the coverage
 * feedback (which would otherwise dominate the run time).
 */
#define MODEL_LOOP __attribute__((no_sanitize("coverage"), noinline))

static u64 *model;
static unsigned char *arena;
static size_t free_stack[POOL_PAGES], nfree, outstanding, budget;

static int fuzz_alloc(void *arg, phys_addr_t *pa)
{
	size_t i;

	(void)arg;
	if (!nfree || !budget)
		return -ENOMEM;
	budget--;
	i = free_stack[--nfree];
	outstanding++;
	memset(arena + i * SZ4K, 0x5a, SZ4K);
	*pa = POOL_PHYS_BASE + i * SZ4K;
	return 0;
}

static void fuzz_free(void *arg, phys_addr_t pa)
{
	(void)arg;
	if (pa < POOL_PHYS_BASE || (pa - POOL_PHYS_BASE) / SZ4K >= POOL_PAGES)
		abort();
	free_stack[nfree++] = (pa - POOL_PHYS_BASE) / SZ4K;
	outstanding--;
}

static void pool_reset(size_t limit)
{
	if (!arena) {
		arena = aligned_alloc(SZ4K, POOL_PAGES * SZ4K);
		model = calloc(WINDOW_PAGES, sizeof(*model));
		if (!arena || !model)
			abort();
	}
	physmap_set_offset((uintptr_t)arena - POOL_PHYS_BASE);
	for (size_t i = 0; i < POOL_PAGES; i++)
		free_stack[i] = POOL_PAGES - 1 - i;
	nfree = POOL_PAGES;
	outstanding = 0;
	budget = limit;
}

static u64 slot_of(phys_addr_t pa, pgt_prot_t prot)
{
	return SLOT_PRESENT | (u64)prot << SLOT_PROT_SHIFT |
	       (pa >> 12) << SLOT_PFN_SHIFT;
}

/* One operation as it sits in the input. */
struct fuzz_op {
	uint8_t kind; /* bits 0-1 op, 2-4 page sizes, 5-7 granularity */
	uint8_t start[2];
	uint8_t len[2];
	uint8_t pa[2];
	uint8_t prot;
};

/* The state of one run. */
struct run {
	struct pgt p;
	u64 base; /* window start */
	bool limited; /* the budget may run out */
	size_t lo, hi; /* pages touched so far */
};

static void fail(const char *what, u64 va, long long a, long long b)
{
	fprintf(stderr, "fuzz_pgtable: %s at 0x%llx: %lld vs %lld\n", what,
		(unsigned long long)va, a, b);
	abort();
}

/* Compare the model with the hierarchy over pages [first, last). */
MODEL_LOOP static void check_pages(struct run *r, size_t first, size_t last)
{
	size_t i = first;

	while (i < last) {
		u64 va = r->base + i * SZ4K;
		struct pgt_translation t;
		int ret = pgt_translate(&r->p, va, &t);
		u64 start = va & ~(t.page_size - 1);
		size_t end = i + (start + t.page_size - va) / SZ4K;

		if (ret && ret != -ENOENT)
			fail("translate", va, ret, 0);
		if (end > last)
			end = last;
		for (; i < end; i++, va += SZ4K) {
			u64 want = model[i];

			if (ret) {
				if (want)
					fail("page missing", va, 0,
					     (long long)want);
				continue;
			}
			if (want != slot_of(t.pa + (va - t.va), t.prot))
				fail("page differs", va,
				     (long long)slot_of(t.pa + (va - t.va),
							t.prot),
				     (long long)want);
		}
	}
}

static void touch(struct run *r, size_t first, size_t last)
{
	if (first < r->lo)
		r->lo = first;
	if (last > r->hi)
		r->hi = last;
}

/* Would mapping [first, last) -> pa with prot meet a different page? */
MODEL_LOOP static bool model_conflict(size_t first, size_t last, u64 pa,
				      pgt_prot_t prot)
{
	for (size_t i = first; i < last; i++, pa += SZ4K)
		if (model[i] && model[i] != slot_of(pa, prot))
			return true;
	return false;
}

static void expect(struct run *r, const char *what, int ret, int want,
		   u64 tables_before)
{
	if (ret == -ENOMEM && r->limited && !want)
		want = -ENOMEM;
	if (ret != want)
		fail(what, r->base, ret, want);
	if (ret && pgt_nr_tables(&r->p) != tables_before)
		fail("tables changed on error", r->base,
		     (long long)pgt_nr_tables(&r->p), (long long)tables_before);
}

static u64 align_of(unsigned int sizes)
{
	unsigned int smallest = sizes & -sizes;

	return smallest == PGT_SIZE_1G	 ? SZ1G
	       : smallest == PGT_SIZE_2M ? SZ2M
					 : SZ4K;
}

static u64 gran_of(uint8_t kind)
{
	unsigned int g = kind >> 5;

	return g < 4 ? SZ4K : g < 6 ? SZ2M : SZ1G;
}

static u64 field(const uint8_t b[2])
{
	return (u64)b[0] | (u64)b[1] << 8;
}

MODEL_LOOP static void model_set(size_t first, size_t n, u64 pa,
				 pgt_prot_t prot)
{
	for (size_t i = 0; i < n; i++)
		model[first + i] = slot_of(pa + i * SZ4K, prot);
}

MODEL_LOOP static void model_protect(size_t first, size_t n, pgt_prot_t prot)
{
	for (size_t i = first; i < first + n; i++)
		if (model[i])
			model[i] = (model[i] & ~(0x7fULL << SLOT_PROT_SHIFT)) |
				   (u64)prot << SLOT_PROT_SHIFT;
}

static void do_map(struct run *r, size_t first, size_t n, u64 pa,
		   pgt_prot_t prot, unsigned int sizes)
{
	u64 align = align_of(sizes);
	u64 va = r->base + first * SZ4K, size = n * SZ4K;
	u64 before = pgt_nr_tables(&r->p);
	int want = 0, ret;

	if (!n)
		want = 0;
	else if (!sizes || ((va - r->base) | pa | size) % align)
		want = -EINVAL;
	else if (model_conflict(first, first + n, pa, prot))
		want = -EEXIST;
	ret = pgt_map(&r->p, va, pa, size, prot, sizes, NULL);
	expect(r, "map", ret, want, before);
	if (!ret)
		model_set(first, n, pa, prot);
}

static void do_unmap(struct run *r, size_t first, size_t n)
{
	u64 before = pgt_nr_tables(&r->p);
	int ret = pgt_unmap(&r->p, r->base + first * SZ4K, n * SZ4K);

	expect(r, "unmap", ret, 0, before);
	if (!ret)
		memset(&model[first], 0, n * sizeof(*model));
}

static void do_protect(struct run *r, size_t first, size_t n, pgt_prot_t prot)
{
	u64 before = pgt_nr_tables(&r->p);
	int ret = pgt_protect(&r->p, r->base + first * SZ4K, n * SZ4K, prot);

	expect(r, "protect", ret, 0, before);
	if (!ret)
		model_protect(first, n, prot);
}

/* Whole pages of a range: [*a, *e), empty when *a >= *e. */
static void trim(const struct pgt_phys_range *r, u64 *a, u64 *e)
{
	*a = (r->start + SZ4K - 1) & ~(SZ4K - 1);
	*e = r->end & ~(SZ4K - 1);
}

/* Would the builder refuse these ranges for their alignment? */
static bool runs_misaligned(const struct pgt_phys_range *ranges, int n,
			    u64 align)
{
	u64 run_s = 0, run_e = 0, a, e;
	bool have = false;

	for (int k = 0; k < n; k++) {
		trim(&ranges[k], &a, &e);
		if (a >= e)
			continue;
		if (have && a == run_e) {
			run_e = e;
			continue;
		}
		if (have && ((run_s | run_e) % align))
			return true;
		run_s = a;
		run_e = e;
		have = true;
	}
	return have && ((run_s | run_e) % align);
}

/* Direct map of two ranges of "RAM" at physical [0, 4 GiB). */
static void do_direct(struct run *r, u64 s, u64 len, u64 gap,
		      unsigned int sizes, bool ragged)
{
	struct pgt_phys_range ranges[2] = {
		{s + (ragged ? 0x800 : 0), s + len},
		{s + len + gap, s + 2 * len + gap},
	};
	u64 before = pgt_nr_tables(&r->p), a, e;
	bool clash = false;
	int want, ret;

	for (int k = 0; k < 2; k++) {
		if (ranges[k].end > WINDOW_SIZE)
			ranges[k].end = WINDOW_SIZE;
		if (ranges[k].start > ranges[k].end)
			ranges[k].start = ranges[k].end;
		trim(&ranges[k], &a, &e);
		if (a < e)
			clash |= model_conflict(a / SZ4K, e / SZ4K, a,
						PGT_KERNEL);
	}
	want = !sizes || (sizes & ~PGT_SIZES_ALL) ||
			       runs_misaligned(ranges, 2, align_of(sizes))
		       ? -EINVAL
	       : clash ? -EEXIST
		       : 0;
	ret = pgt_map_direct(&r->p, r->base, ranges, 2, sizes, NULL);
	expect(r, "direct map", ret, want, before);
	for (int k = 0; !ret && k < 2; k++) {
		trim(&ranges[k], &a, &e);
		if (a < e)
			model_set(a / SZ4K, (e - a) / SZ4K, a, PGT_KERNEL);
	}
}

static void do_op(struct run *r, const struct fuzz_op *op)
{
	u64 gran = gran_of(op->kind), units = WINDOW_SIZE / gran;
	u64 start = (field(op->start) % units) * gran;
	u64 len = (field(op->len) % (units + 1)) * gran;
	unsigned int sizes = (op->kind >> 2) & 7;
	pgt_prot_t prot = op->prot & PGT_PROT_ALL;
	/* bit 7 of prot (no protection bit) picks a 4 KiB-aligned pa */
	u64 pa = (field(op->pa) & PA_FIELD_MASK) *
		 (op->prot & 0x80 ? SZ4K : gran);
	size_t first, n;

	/* 4 KiB granules: len bits 10-13 extend start to the whole window */
	if (gran == SZ4K) {
		start = ((field(op->start) | (field(op->len) >> 10) << 16) %
			 units) *
			gran;
		len = (field(op->len) & 0x3ff) * SZ4K;
	} else if (op->start[1] & 0x80) {
		/* the same odd offset on both sides: heads and tails */
		start += (op->len[0] & 0xf) * SZ4K;
		pa += (op->len[0] & 0xf) * SZ4K;
	}
	/* ranges that can only be 4 KiB pages stay short, for speed */
	if (((op->prot & 0x80) || !(sizes & ~PGT_SIZE_4K)) &&
	    len > SMALL_PAGES_MAX)
		len = SMALL_PAGES_MAX;
	if (start + len > WINDOW_SIZE)
		len = WINDOW_SIZE - start;
	first = start / SZ4K;
	n = len / SZ4K;
	switch (op->kind & 3) {
	case 0:
		do_map(r, first, n, pa, prot, sizes);
		break;
	case 1:
		do_unmap(r, first, n);
		break;
	case 2:
		do_protect(r, first, n, prot);
		break;
	default:
		do_direct(r, start, len / 2, (op->pa[0] & 3) * gran, sizes,
			  op->pa[1] & 1);
		n = (len + (op->pa[0] & 3) * gran) / SZ4K;
		if (first + n > WINDOW_PAGES)
			n = WINDOW_PAGES - first;
		break;
	}
	touch(r, first, first + n);
	check_pages(r, first, first + n);
}

/* Every page the walk sees is in the window and in the model. */
static u64 walked_bytes;

MODEL_LOOP static int walk_page(void *arg, const struct pgt_translation *t)
{
	struct run *r = arg;
	u64 off = t->va - r->base;

	walked_bytes += t->page_size;
	if (off >= WINDOW_SIZE || off + t->page_size > WINDOW_SIZE)
		fail("page outside the window", t->va, 0, 0);
	for (u64 o = 0; o < t->page_size; o += SZ4K)
		if (model[(off + o) / SZ4K] != slot_of(t->pa + o, t->prot))
			fail("walk differs", t->va + o, 0, 0);
	return 0;
}

static void dump_line(void *arg, const char *line)
{
	(void)arg;
	if (strlen(line) < 40)
		abort();
}

MODEL_LOOP static u64 model_bytes(size_t lo, size_t hi)
{
	u64 bytes = 0;

	for (size_t i = lo; i < hi; i++)
		bytes += model[i] ? SZ4K : 0;
	return bytes;
}

static void finish(struct run *r)
{
	u64 mapped;

	walked_bytes = 0;
	pgt_walk(&r->p, walk_page, r);
	mapped = model_bytes(r->lo, r->hi);
	if (mapped != walked_bytes)
		fail("mapped bytes", r->base, (long long)walked_bytes,
		     (long long)mapped);
	pgt_check(&r->p, NULL);
	pgt_dump(&r->p, dump_line, NULL);
	budget = (size_t)-1;
	r->limited = false;
	do_unmap(r, 0, WINDOW_PAGES);
	if (pgt_nr_tables(&r->p) != 1 || outstanding != 1)
		fail("tables left after unmapping all", r->base,
		     (long long)pgt_nr_tables(&r->p), (long long)outstanding);
	pgt_destroy(&r->p);
	if (outstanding)
		fail("pages left after destroy", r->base,
		     (long long)outstanding, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = {.lo = WINDOW_PAGES, .hi = 0};
	unsigned int which;
	int levels;

	if (size < 1)
		return 0;
	levels = (data[0] & 1) ? 5 : 4;
	which = (data[0] >> 1) & 3;
	if (levels == 4 && which == 2)
		which = 0;
	r.base = window_bases[which];
	r.limited = data[0] & 8;
	pool_reset(r.limited ? (size_t)(data[0] >> 4) * 4 + 1 : (size_t)-1);
	if (pgt_init(&r.p, levels, PHYS_BITS, fuzz_alloc, fuzz_free, NULL))
		abort();
	data++;
	size--;
	for (size_t k = 0; k < MAX_OPS && size >= sizeof(struct fuzz_op); k++) {
		struct fuzz_op op;

		memcpy(&op, data, sizeof(op));
		do_op(&r, &op);
		data += sizeof(op);
		size -= sizeof(op);
	}
	finish(&r);
	if (r.lo < r.hi)
		memset(&model[r.lo], 0, (r.hi - r.lo) * sizeof(*model));
	return 0;
}
