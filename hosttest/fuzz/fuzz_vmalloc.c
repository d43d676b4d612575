// SPDX-License-Identifier: MIT
/*
 * Fuzz target for mm/vmalloc.c: random alloc, free, bad free, find, stats
 * and format sequences on a small vmap space, checked against a model.
 *
 * The model is the sorted array of busy intervals [start, end) and an
 * independent first-fit search (128-bit arithmetic, so it needs no
 * overflow reasoning). After every step:
 * - vmap_space_verify() passes and the area list equals the model;
 * - an allocation returns exactly the model's first fit: inside the
 *   space with its guard page, aligned, never within a page of another
 *   area; a failed one means the model has no fit either, or the
 *   arguments were bad (one pr_err), or the descriptor allocator was made
 *   to fail; plain exhaustion logs a warning, not an error;
 * - a free of an address where no area starts is refused with one
 *   pr_err and changes nothing;
 * - find_vmap_area() agrees with the model for any address;
 * - vmap_space_stats() agrees with the model's counts and largest gap.
 * At the end every area is freed and the whole space is allocated again
 * (full coalescing), and no descriptor is leaked.
 *
 * Input: [where] [pages lo] [pages hi], then operations of 1..5 bytes
 * (see run_op).
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/log.h"
#include "mm/vmalloc.h"

#define MAX_SPACE_PAGES 1024UL
#define MAX_AREAS 512
#define MAX_OPS 3000
#define LOW_BASE 0x100000UL
#define VMALLOC_BASE 0xffffc90000000000UL
/* The top page is never part of a space (end is exclusive). */
#define TOP_END (0UL - PAGE_SIZE)

struct interval {
	unsigned long start, end;
};

static struct vmap_space vs;
static unsigned long space_start, space_end;
static struct interval model[MAX_AREAS];
static size_t nmodel;
static long live_descs;
static bool fail_next_desc;
static unsigned long errors_logged, warnings_logged;

static void count_messages(int level, const char *text, size_t len)
{
	(void)text;
	(void)len;
	if (level <= LOGLEVEL_ERR)
		errors_logged++;
	else if (level == LOGLEVEL_WARNING)
		warnings_logged++;
}

static void *desc_alloc(size_t size, void *arg)
{
	check(arg == &vs);
	if (fail_next_desc) {
		fail_next_desc = false;
		return NULL;
	}
	live_descs++;
	return memset(malloc(size), 0xa5, size);
}

static void desc_free(void *desc, void *arg)
{
	check(arg == &vs && desc);
	live_descs--;
	free(desc);
}

/* The model's first fit for @size bytes (page multiple) and @align. */
static bool model_fit(unsigned long size, unsigned long align,
		      unsigned long *addr)
{
	unsigned __int128 lo = space_start;

	for (size_t i = 0; i <= nmodel; i++) {
		unsigned __int128 hi = i < nmodel ? model[i].start : space_end;
		unsigned __int128 a = (lo + align - 1) / align * align;

		if (a + size + PAGE_SIZE <= hi) {
			*addr = (unsigned long)a;
			return true;
		}
		if (i < nmodel)
			lo = (unsigned __int128)model[i].end + PAGE_SIZE;
	}
	return false;
}

static void model_insert(unsigned long start, unsigned long end)
{
	size_t i = 0;

	while (i < nmodel && model[i].start < start)
		i++;
	memmove(&model[i + 1], &model[i], (nmodel - i) * sizeof(model[0]));
	model[i].start = start;
	model[i].end = end;
	nmodel++;
}

static void model_remove(size_t i)
{
	memmove(&model[i], &model[i + 1], (nmodel - i - 1) * sizeof(model[0]));
	nmodel--;
}

/* Index of the model area starting at @addr, or -1. */
static long model_find_start(unsigned long addr)
{
	for (size_t i = 0; i < nmodel; i++)
		if (model[i].start == addr)
			return (long)i;
	return -1;
}

static const struct interval *model_find(unsigned long addr)
{
	for (size_t i = 0; i < nmodel; i++)
		if (model[i].start <= addr && addr < model[i].end)
			return &model[i];
	return NULL;
}

/* The space's list, areas and counters equal the model. */
static void check_against_model(void)
{
	struct vmap_area *va;
	size_t i = 0;

	check(vmap_space_verify(&vs) == 0);
	for_each_vmap_area(&vs, va)
	{
		check(i < nmodel);
		check(va->va_start == model[i].start);
		check(va->va_end == model[i].end);
		/* Bounds, alignment and guard, independently of verify. */
		check(va->va_start >= space_start);
		check(va->va_end + PAGE_SIZE <= space_end);
		check(va->va_start % PAGE_SIZE == 0 &&
		      va->va_end % PAGE_SIZE == 0);
		if (i)
			check(va->va_start >= model[i - 1].end + PAGE_SIZE);
		i++;
	}
	check(i == nmodel && vs.nr_areas == nmodel);
	check((long)nmodel == live_descs);
}

static unsigned long pick_align(unsigned int b)
{
	switch (b % 16) {
	case 13:
		return 0;
	case 14:
		return PAGE_SIZE * 3;
	case 15:
		return PAGE_SIZE / 2;
	default:
		return PAGE_SIZE << (b % 13);
	}
}

static unsigned long pick_size(struct input *in)
{
	unsigned int b = next_byte(in), w = next_u16(in);

	switch (b % 8) {
	case 0:
		return 0;
	case 1:
		return ULONG_MAX - w;
	case 2:
		return w; /* any byte count, rounded up by the allocator */
	default:
		return (1 + w % 16) * PAGE_SIZE;
	}
}

static void do_alloc(struct input *in)
{
	unsigned long size = pick_size(in);
	unsigned int ab = next_byte(in);
	unsigned long align = pick_align(ab);
	unsigned long errs = errors_logged, warns = warnings_logged;
	bool bad = size == 0 || align < PAGE_SIZE || (align & (align - 1));
	bool fail_desc = (ab & 0xf0) == 0xf0;
	unsigned long want = 0, rounded;
	struct vmap_area *va;
	bool fits;

	rounded = size > ULONG_MAX - PAGE_SIZE ? 0 : ALIGN(size, PAGE_SIZE);
	fits = !bad && rounded && model_fit(rounded, align, &want);
	fail_next_desc = fail_desc;
	va = alloc_vmap_area(&vs, size, align, ab);
	fail_next_desc = false;
	if (bad) {
		check(!va && errors_logged == errs + 1);
		return;
	}
	check(errors_logged == errs);
	if (!fits || fail_desc) {
		check(!va && warnings_logged == warns + 1);
		return;
	}
	check(va && va->va_start == want && va->va_end == want + rounded);
	check(va->va_start % align == 0);
	check(va->flags == ab && va->phys_addr == 0 && !va->private);
	model_insert(va->va_start, va->va_end);
}

static void free_model_area(size_t i)
{
	struct vmap_area *va = remove_vmap_area(&vs, model[i].start);

	check(va && va->va_start == model[i].start &&
	      va->va_end == model[i].end);
	free_vmap_area_struct(&vs, va);
	model_remove(i);
}

/* Any address in or near the space. */
static unsigned long pick_addr(struct input *in)
{
	unsigned long span = space_end - space_start;
	unsigned long off = (unsigned long)next_u16(in) << 8;
	unsigned int b = next_byte(in);

	if (b % 4 == 0 && nmodel) /* near an area edge */
		return model[off % nmodel].start + (b / 4 % 3) * PAGE_SIZE -
		       (b & 0x80 ? 1 : 0);
	off %= span + 2 * PAGE_SIZE;
	return space_start - PAGE_SIZE + off;
}

static void do_any_free(struct input *in)
{
	unsigned long addr = pick_addr(in);
	long i = model_find_start(addr);
	unsigned long errs = errors_logged;

	if (i >= 0) {
		free_model_area((size_t)i);
		return;
	}
	check(remove_vmap_area(&vs, addr) == NULL);
	check(errors_logged == errs + 1);
}

static void do_find(struct input *in)
{
	unsigned long addr = pick_addr(in);
	const struct interval *m = model_find(addr);
	struct vmap_area *va = find_vmap_area(&vs, addr);

	if (!m) {
		check(!va);
		return;
	}
	check(va && va->va_start == m->start && va->va_end == m->end);
}

static void do_stats(void)
{
	struct vmap_space_stats st;
	unsigned long used = 0, gap = 0, lo = space_start;

	for (size_t i = 0; i <= nmodel; i++) {
		unsigned long hi = i < nmodel ? model[i].start : space_end;

		gap = hi - lo > gap ? hi - lo : gap;
		if (i < nmodel) {
			used += model[i].end - model[i].start;
			lo = model[i].end + PAGE_SIZE;
		}
	}
	vmap_space_stats(&vs, &st);
	check(st.nr_areas == nmodel && st.used_bytes == used);
	check(st.guard_bytes == nmodel * PAGE_SIZE);
	check(st.free_bytes ==
	      space_end - space_start - used - nmodel * PAGE_SIZE);
	check(st.largest_gap == gap);
	check(st.largest_alloc == (gap > PAGE_SIZE ? gap - PAGE_SIZE : 0));
}

/* vmap_area_format() against the C library's snprintf. */
static void do_format(struct input *in)
{
	char got[160], want[160];
	struct vmap_area *va;
	size_t i;
	int n;

	if (!nmodel)
		return;
	i = next_byte(in) % nmodel;
	va = find_vmap_area(&vs, model[i].start);
	check(va != NULL);
	va->phys_addr = (phys_addr_t)next_u16(in) << PAGE_SHIFT;
	n = snprintf(want, sizeof(want), "0x%lx-0x%lx %7lu", va->va_start,
		     va->va_end + PAGE_SIZE,
		     va->va_end - va->va_start + PAGE_SIZE);
	if (va->flags & VM_ALLOC)
		n += snprintf(want + n, sizeof(want) - n, " pages=%lu",
			      (va->va_end - va->va_start) / PAGE_SIZE);
	if (va->flags & VM_IOREMAP)
		n += snprintf(want + n, sizeof(want) - n, " phys=0x%lx",
			      (unsigned long)va->phys_addr);
	n += snprintf(want + n, sizeof(want) - n, "%s%s%s%s",
		      va->flags & VM_IOREMAP ? " ioremap" : "",
		      va->flags & VM_ALLOC ? " vmalloc" : "",
		      va->flags & VM_MAP ? " vmap" : "",
		      va->flags & VM_USERMAP ? " user" : "");
	check(vmap_area_format(va, got, sizeof(got)) == n);
	check(strcmp(got, want) == 0);
}

/* One operation: [op] [args]. */
static void run_op(struct input *in)
{
	unsigned int op = next_byte(in) % 12;

	switch (op) {
	case 0:
	case 1:
	case 2:
	case 3:
	case 4:
		if (nmodel < MAX_AREAS)
			do_alloc(in);
		break;
	case 5:
	case 6:
	case 7:
		if (nmodel)
			free_model_area(next_u16(in) % nmodel);
		break;
	case 8:
		do_any_free(in);
		break;
	case 9:
		do_find(in);
		break;
	case 10:
		do_stats();
		break;
	default:
		do_format(in);
		break;
	}
}

static void setup_space(struct input *in)
{
	unsigned int where = next_byte(in) % 3;
	unsigned long pages = 2 + next_u16(in) % (MAX_SPACE_PAGES - 1);

	switch (where) {
	case 0:
		space_start = LOW_BASE;
		break;
	case 1:
		space_start = VMALLOC_BASE;
		break;
	default:
		space_start = TOP_END - pages * PAGE_SIZE;
		break;
	}
	space_end = space_start + pages * PAGE_SIZE;
	check(vmap_space_init(&vs, space_start, space_end, desc_alloc,
			      desc_free, &vs) == 0);
}

/* Free everything in a scrambled order, then take the whole space. */
static void drain_and_refill(void)
{
	struct vmap_area *whole;

	for (unsigned long k = 1; nmodel; k++) {
		free_model_area((k * 7919) % nmodel);
		check(vmap_space_verify(&vs) == 0);
	}
	whole = alloc_vmap_area(&vs, space_end - space_start - PAGE_SIZE,
				PAGE_SIZE, VM_ALLOC);
	check(whole && whole->va_start == space_start);
	check(vmap_space_destroy(&vs) == 1);
	check(live_descs == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};

	log_set_sink(count_messages);
	nmodel = 0;
	live_descs = 0;
	setup_space(&in);
	for (unsigned int i = 0; i < MAX_OPS && in.pos < in.size; i++) {
		run_op(&in);
		check_against_model();
	}
	drain_and_refill();
	return 0;
}
