// SPDX-License-Identifier: MIT
/*
 * Fuzz target for mm/vma.c: random map, unmap, protect, find,
 * get_unmapped_area, split, stack growth and insert sequences in a window
 * of NPAGES pages, with random allocation failures, checked against a
 * model.
 *
 * The model is one record per page of the window: mapped or not, flags,
 * file, file page, and a mapping id. Two neighbouring pages belong to one
 * VMA when Linux would merge them: equal flags without VM_SPECIAL, the
 * same file with consecutive file pages, or both anonymous; pages with
 * VM_SPECIAL flags are never merged, so for them the id says which
 * mapping they came from (every run of pages with one id is one VMA).
 * After every step:
 * - vma_tree_check(want_merged) passes and the VMAs are exactly the
 *   model's maximal runs (start, end, flags, file, pgoff);
 * - every call returned what the model computes independently (128-bit
 *   arithmetic for the range checks, a page-by-page scan for
 *   get_unmapped_area); a call whose allocation was made to fail
 *   returned -ENOMEM and changed nothing;
 * - as many VMA structs are live as the tree has VMAs.
 *
 * Input: [where] [mmap_min_addr pages] [guard gap pages], then operations
 * (see run_op).
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "mm/vma.h"

#define NPAGES 64
#define MAX_OPS 2000
#define P PAGE_SIZE
#define MID_BASE 0x00007f0000000000UL
#define TASK TASK_SIZE_4LEVEL

typedef unsigned __int128 u128;

/* One page of the window. */
struct mpage {
	bool mapped;
	unsigned int file; /* index in files[] */
	unsigned long flags, pgoff, id;
};

/* One VMA the model implies. */
struct mvma {
	unsigned long start, end, flags, pgoff;
	unsigned int file;
};

static struct vma_tree t;
static unsigned long base; /* window: [base, base + NPAGES * P) */
static struct mpage model[NPAGES];
static struct mvma mv[NPAGES];
static size_t nmv;
static unsigned long next_id;
static char file_objs[2];
static void *const files[3] = {NULL, &file_objs[0], &file_objs[1]};

static long live, fail_at = -1, failures;

static struct vm_area_struct *fz_alloc(void *arg)
{
	check(arg == &t);
	if (fail_at == 0) {
		fail_at = -1;
		failures++;
		return NULL;
	}
	if (fail_at > 0)
		fail_at--;
	live++;
	return memset(malloc(sizeof(struct vm_area_struct)), 0xa5,
		      sizeof(struct vm_area_struct));
}

static void fz_free(struct vm_area_struct *vma, void *arg)
{
	check(arg == &t && vma);
	live--;
	free(vma);
}

/* Arm a failure of the 0th, 1st or 2nd allocation of the next call. */
static void arm_failure(struct input *in)
{
	unsigned int b = next_byte(in);

	fail_at = b >= 0xc0 ? (long)(b % 3) : -1;
}

/* Did the armed failure fire? Disarms it either way. */
static bool failure_fired(long before)
{
	fail_at = -1;
	return failures != before;
}

static unsigned long page_addr(unsigned long p)
{
	return base + p * P;
}

static u128 round_up(unsigned long len)
{
	return ((u128)len + P - 1) / P * P;
}

static bool special(unsigned long flags)
{
	return flags & VM_SPECIAL;
}

/* Are pages @p - 1 and @p in one VMA? */
static bool joined(unsigned int p)
{
	const struct mpage *x = &model[p - 1], *y = &model[p];

	if (!x->mapped || !y->mapped)
		return false;
	if (special(x->flags) || special(y->flags))
		return x->id == y->id;
	return x->flags == y->flags && x->file == y->file &&
	       (!x->file || x->pgoff + 1 == y->pgoff);
}

/*
 * Keep ids unique per run: a run whose id an earlier, separate run holds
 * (an unmap cut a mapping in two) gets a fresh one.
 */
static void renumber(void)
{
	for (unsigned int p = 0; p < NPAGES; p++) {
		bool seen = false;

		if (!model[p].mapped || (p && model[p - 1].mapped &&
					 model[p - 1].id == model[p].id))
			continue;
		for (unsigned int q = 0; q < p; q++)
			seen = seen ||
			       (model[q].mapped && model[q].id == model[p].id);
		if (!seen)
			continue;
		next_id++;
		for (unsigned int q = p + 1; q < NPAGES && model[q].mapped &&
					     model[q].id == model[p].id;
		     q++)
			model[q].id = next_id;
		model[p].id = next_id;
	}
}

static void build_vmas(void)
{
	nmv = 0;
	for (unsigned int p = 0; p < NPAGES; p++) {
		if (!model[p].mapped)
			continue;
		if (p && joined(p)) {
			mv[nmv - 1].end += P;
			continue;
		}
		mv[nmv++] = (struct mvma){page_addr(p), page_addr(p + 1),
					  model[p].flags, model[p].pgoff,
					  model[p].file};
	}
}

static void check_against_model(void)
{
	struct vm_area_struct *vma;
	size_t i = 0;

	renumber();
	build_vmas();
	check(vma_tree_check(&t, true) == 0);
	for_each_vma(&t, vma)
	{
		check(i < nmv);
		check(vma->vm_start == mv[i].start && vma->vm_end == mv[i].end);
		check(vma->vm_flags == mv[i].flags);
		check(vma->vm_pgoff == mv[i].pgoff);
		check(vma->vm_file == files[mv[i].file]);
		i++;
	}
	check(i == nmv && t.map_count == nmv && live == (long)nmv);
}

/* Window pages [first, last) that [@start, @end) covers. */
static void window_pages(u128 start, u128 end, unsigned long *first,
			 unsigned long *last)
{
	u128 lo = start > base ? start : base;
	u128 hi = end < (u128)page_addr(NPAGES) ? end : page_addr(NPAGES);

	*first = (unsigned long)((lo - base) / P);
	*last = hi > lo ? (unsigned long)((hi - base + P - 1) / P) : *first;
}

/* ---- operand pickers ---- */

/* A start in the window; now and then not page aligned. */
static unsigned long pick_start(struct input *in)
{
	unsigned int b = next_byte(in);
	unsigned long a = page_addr(b % NPAGES);

	if (b >= 0xf8)
		a += 1 + next_byte(in);
	return a;
}

/* A length that stays in the window, or one of the bad ones. */
static unsigned long pick_len(struct input *in, unsigned long start)
{
	unsigned int b = next_byte(in);
	unsigned long room = page_addr(NPAGES) - start, len;

	switch (b < 16 ? b : 16) {
	case 0:
		return 0;
	case 1:
		return ULONG_MAX;
	case 2:
		return 0UL - start; /* wraps to exactly 0 */
	case 3:
		return 1UL << 63;
	case 4:
		return TASK;
	case 5:
		return ULONG_MAX - (P - 1) - next_byte(in);
	case 6:
	case 7:
		/* A byte count, rounded up by the callee. */
		len = (1 + next_byte(in) % 8) * P - next_byte(in) * 16;
		return len < room ? len : room;
	default:
		len = (1 + (b & 0x80 ? b % NPAGES : b % 8)) * P;
		return len < room ? len : room;
	}
}

static unsigned long pick_flags(struct input *in)
{
	static const unsigned long set[] = {
		VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE,
		VM_READ | VM_MAYREAD | VM_MAYWRITE,
		VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC,
		VM_MAYREAD,
		VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE,
		VM_READ | VM_WRITE | VM_GROWSDOWN,
		VM_READ | VM_IO,
		VM_READ | VM_WRITE | VM_IO | VM_GROWSDOWN,
	};
	unsigned int b = next_byte(in);

	return set[b % 8] | (b >= 0xfc ? 0x80000000UL : 0);
}

static unsigned long pick_pgoff(struct input *in)
{
	unsigned int b = next_byte(in);

	return b >= 0xf0 ? ULONG_MAX - b % 8 : b % 16;
}

/* ---- map, unmap, protect ---- */

static int map_expect(unsigned long start, unsigned long len,
		      unsigned long flags, unsigned int file,
		      unsigned long pgoff)
{
	if (start % P || !len || (flags & ~VM_KNOWN_FLAGS))
		return -EINVAL;
	if ((u128)start + round_up(len) > TASK)
		return -ENOMEM;
	if (start < t.mmap_min_addr)
		return -EPERM;
	if (file && (u128)pgoff + round_up(len) / P > ULONG_MAX)
		return -EOVERFLOW;
	return 0;
}

static void model_map(unsigned long first, unsigned long last,
		      unsigned long flags, unsigned int file,
		      unsigned long pgoff)
{
	next_id++;
	for (unsigned long p = first; p < last; p++)
		model[p] = (struct mpage){
			.mapped = true,
			.file = file,
			.flags = flags,
			.pgoff = file ? pgoff + (p - first)
				      : page_addr(p) >> PAGE_SHIFT,
			.id = next_id,
		};
}

static void do_map(struct input *in)
{
	unsigned long start = pick_start(in), len = pick_len(in, start);
	unsigned long flags = pick_flags(in), pgoff, first, last;
	unsigned int file = next_byte(in) % 3;
	long before = failures;
	int want, ret;

	pgoff = pick_pgoff(in);
	want = map_expect(start, len, flags, file, pgoff);
	arm_failure(in);
	ret = vma_map(&t, start, len, flags, files[file], pgoff);
	if (failure_fired(before)) {
		check(want == 0 && ret == -ENOMEM);
		return;
	}
	check(ret == want);
	if (ret)
		return;
	window_pages(start, (u128)start + round_up(len), &first, &last);
	/* Only ranges inside the window may succeed (the pickers see to it). */
	check(page_addr(first) == start &&
	      page_addr(last) == start + round_up(len));
	model_map(first, last, flags, file, pgoff);
}

static void do_unmap(struct input *in)
{
	unsigned long start = pick_start(in), len = pick_len(in, start);
	unsigned long first, last;
	long before = failures;
	int want = 0, ret;

	if (start % P || (u128)start + len > TASK || !len)
		want = -EINVAL;
	arm_failure(in);
	ret = vma_unmap(&t, start, len);
	if (failure_fired(before)) {
		check(want == 0 && ret == -ENOMEM);
		return;
	}
	check(ret == want);
	if (ret)
		return;
	window_pages(start, (u128)start + round_up(len), &first, &last);
	for (unsigned long p = first; p < last; p++)
		model[p].mapped = false;
}

static void model_protect(unsigned long first, unsigned long last,
			  unsigned long newflags)
{
	unsigned long old_id = 0, new_id = 0;

	for (unsigned long p = first; p < last; p++) {
		unsigned long nf =
			(model[p].flags & ~VM_ACCESS_FLAGS) | newflags;

		if (nf == model[p].flags)
			continue;
		/* A VMA whose rights change is cut: a new mapping id. */
		if (p == first || model[p].id != old_id) {
			old_id = model[p].id;
			new_id = ++next_id;
		}
		model[p].flags = nf;
		model[p].id = new_id;
	}
}

static void do_protect(struct input *in)
{
	unsigned long start = pick_start(in), len = pick_len(in, start);
	unsigned int b = next_byte(in);
	unsigned long newflags = b % 8, first = 0, last = 0;
	long before = failures;
	int want = 0, ret;
	u128 end = (u128)start + round_up(len);

	if (b >= 0xf8)
		newflags |= VM_SHARED;
	if (start % P || (newflags & ~VM_ACCESS_FLAGS)) {
		want = -EINVAL;
	} else if (len) {
		window_pages(start, end, &first, &last);
		if (end > ULONG_MAX || start < base || end > page_addr(NPAGES))
			want = -ENOMEM;
		for (unsigned long p = first; p < last && !want; p++)
			if (!model[p].mapped)
				want = -ENOMEM;
	}
	arm_failure(in);
	ret = vma_protect(&t, start, len, newflags);
	if (failure_fired(before)) {
		check(want == 0 && len && ret == -ENOMEM);
		return;
	}
	check(ret == want);
	if (!ret && len)
		model_protect(first, last, newflags);
}

/* ---- lookups ---- */

/* Index of the first model VMA that ends above @addr, or nmv. */
static size_t model_find(unsigned long addr)
{
	size_t i = 0;

	while (i < nmv && mv[i].end <= addr)
		i++;
	return i;
}

static void check_is(const struct vm_area_struct *vma, size_t i)
{
	if (i >= nmv) {
		check(vma == NULL);
		return;
	}
	check(vma && vma->vm_start == mv[i].start && vma->vm_end == mv[i].end);
}

static void do_find(struct input *in)
{
	unsigned long addr =
		base + ((unsigned long)next_u16(in) << 4) % ((NPAGES + 2) * P);
	unsigned long end = addr + (next_byte(in) % 16) * (P / 2);
	struct vm_area_struct *prev, *vma;
	size_t i;

	build_vmas();
	i = model_find(addr);
	check_is(find_vma(&t, addr), i);
	vma = find_vma_prev(&t, addr, &prev);
	check_is(vma, i);
	if (i)
		check_is(prev, i - 1);
	else
		check(prev == NULL);
	vma = find_vma_intersection(&t, addr, end);
	if (i < nmv && mv[i].start < end && addr < end)
		check_is(vma, i);
	else
		check(vma == NULL);
}

/* ---- get_unmapped_area ---- */

static unsigned long model_start_gap(const struct mvma *v)
{
	unsigned long gap = t.stack_guard_gap & PAGE_MASK;

	if (!(v->flags & VM_GROWSDOWN))
		return v->start;
	return v->start > gap ? v->start - gap : 0;
}

/* Linux's test: the first VMA above @addr leaves room with its gap. */
static bool model_free(unsigned long addr, unsigned long len)
{
	size_t i = model_find(addr);

	return i == nmv || (u128)addr + len <= model_start_gap(&mv[i]);
}

static int gua_expect(unsigned long hint, unsigned long len, unsigned long low,
		      unsigned long high, unsigned long *addr)
{
	if (!len || (low | high) % P)
		return -EINVAL;
	if (round_up(len) > ULONG_MAX)
		return -ENOMEM;
	len = (unsigned long)round_up(len);
	low = low > t.mmap_min_addr ? low : t.mmap_min_addr;
	high = high < TASK ? high : TASK;
	if (hint && round_up(hint) <= ULONG_MAX) {
		unsigned long h = (unsigned long)round_up(hint);

		if (h >= low && (u128)h + len <= TASK && model_free(h, len)) {
			*addr = h;
			return 0;
		}
	}
	if ((u128)low + len > high)
		return -ENOMEM;
	for (unsigned long a = high - len;; a -= P) {
		if (model_free(a, len)) {
			*addr = a;
			return 0;
		}
		if (a < low + P)
			return -ENOMEM;
	}
}

static void do_gua(struct input *in)
{
	unsigned int hb = next_byte(in), lb = next_byte(in);
	unsigned long hint = 0, len, low, high, got = 1, want_addr = 2;
	int want, ret;

	if (hb >= 0xf8)
		hint = ULONG_MAX - hb % 4;
	else if (hb >= 0x40)
		hint = page_addr(hb % (NPAGES + 4)) + (hb & 1 ? hb : 0);
	if (lb < 4)
		len = lb == 0 ? 0 : ULONG_MAX - lb;
	else
		len = (1 + lb % NPAGES) * P - (lb & 0x80 ? 8 * lb : 0);
	low = page_addr(next_byte(in) % (NPAGES + 1));
	high = page_addr(next_byte(in) % (NPAGES + 5));
	if (lb == 0xff)
		low += 16;

	build_vmas();
	want = gua_expect(hint, len, low, high, &want_addr);
	ret = vma_get_unmapped_area(&t, hint, len, low, high, &got);
	check(ret == want);
	if (ret)
		check(got == 1);
	else
		check(got == want_addr);
}

/* ---- split, stack growth, insert ---- */

static void do_split(struct input *in)
{
	unsigned int b = next_byte(in), p = b % NPAGES;
	bool new_below = b & 0x80, is_special;
	struct vm_area_struct *vma, *lo, *hi;
	unsigned long addr;
	long before = failures;
	int ret;

	while (p < NPAGES && !(p && joined(p)))
		p++;
	if (p == NPAGES) {
		/* No page to cut at: cutting at a VMA's start is refused. */
		vma = vma_first(&t);
		if (vma)
			check(split_vma(&t, vma, vma->vm_start, new_below) ==
			      -EINVAL);
		return;
	}
	addr = page_addr(p);
	vma = find_vma(&t, addr);
	check(vma && vma->vm_start < addr);
	if (b & 0x40)
		check(split_vma(&t, vma, addr + P / 2, new_below) == -EINVAL);
	arm_failure(in);
	ret = split_vma(&t, vma, addr, new_below);
	if (failure_fired(before)) {
		check(ret == -ENOMEM);
		return;
	}
	check(ret == 0);
	check(vma_tree_check(&t, false) == 0);
	check(live == (long)t.map_count);
	hi = find_vma(&t, addr);
	lo = vma_prev(hi);
	check(hi->vm_start == addr && lo->vm_end == addr);
	check(lo->vm_flags == hi->vm_flags && lo->vm_file == hi->vm_file);
	check(hi->vm_pgoff == lo->vm_pgoff + vma_pages(lo));
	is_special = special(hi->vm_flags);
	check(vma_can_merge(lo, hi) == !is_special);
	vma = vma_merge(&t, b & 1 ? lo : hi);
	check(vma == lo || (is_special && vma == hi));
	if (is_special) {
		/* A special VMA stays cut: the upper part is a mapping of its
		 * own from now on. */
		unsigned long id = model[p].id;

		next_id++;
		for (unsigned int q = p;
		     q < NPAGES && model[q].mapped && model[q].id == id; q++)
			model[q].id = next_id;
	}
}

static int stack_expect(size_t i, unsigned long addr, unsigned long limit)
{
	const struct mvma *v = &mv[i], *prev = i ? &mv[i - 1] : NULL;
	unsigned long gap = t.stack_guard_gap & PAGE_MASK;

	if (!(v->flags & VM_GROWSDOWN))
		return -EFAULT;
	addr &= PAGE_MASK;
	if (addr >= v->start)
		return 0;
	if (addr < t.mmap_min_addr)
		return -EPERM;
	if (prev && addr < prev->end)
		return -ENOMEM;
	if (prev && !(prev->flags & VM_GROWSDOWN) &&
	    (prev->flags & VM_ACCESS_FLAGS) && addr - prev->end < gap)
		return -ENOMEM;
	if (v->end - addr > limit)
		return -ENOMEM;
	if ((v->start - addr) / P > v->pgoff)
		return -ENOMEM;
	return 0;
}

static void do_stack(struct input *in)
{
	unsigned int ib = next_byte(in), kb = next_byte(in);
	unsigned int lb = next_byte(in);
	unsigned long addr, limit, k = kb % 24, off, first, start_page;
	struct vm_area_struct *vma;
	size_t i;
	int want;

	build_vmas();
	if (!nmv)
		return;
	i = ib % nmv;
	/* k pages and a few bytes below the VMA, not below the window. */
	off = k * P + (kb & 0x80 ? kb % 64 * 8 : 0);
	addr = off <= mv[i].start - base ? mv[i].start - off : base;
	limit = lb >= 0xf0 ? ULONG_MAX : (1 + lb % 48) * P;
	want = stack_expect(i, addr, limit);

	vma = find_vma(&t, mv[i].start);
	check(vma && vma->vm_start == mv[i].start);
	check(vma_may_expand_downwards(&t, vma, addr, limit) == want);
	check(vma_expand_downwards(&t, &vma, addr, limit) == want);
	if (want || (addr & PAGE_MASK) >= mv[i].start)
		return;
	check(vma->vm_start <= addr && addr < vma->vm_end);
	start_page = (mv[i].start - base) / P;
	first = ((addr & PAGE_MASK) - base) / P;
	for (unsigned long p = first; p < start_page; p++) {
		model[p] = model[start_page];
		if (model[p].file)
			model[p].pgoff -= start_page - p;
		else
			model[p].pgoff = page_addr(p) >> PAGE_SHIFT;
	}
}

static void do_insert(struct input *in)
{
	unsigned long a = next_byte(in) % NPAGES, n = next_byte(in) % 9;
	unsigned long b = a + n < NPAGES ? a + n : NPAGES;
	unsigned long flags = pick_flags(in) & VM_KNOWN_FLAGS;
	unsigned int file = next_byte(in) % 3;
	unsigned long pgoff = next_byte(in) % 16;
	struct vm_area_struct *vma;
	long before = failures;
	int want = a == b ? -EINVAL : 0;

	arm_failure(in);
	vma = vm_area_alloc(&t);
	if (failure_fired(before)) {
		check(vma == NULL);
		return;
	}
	check(vma != NULL);
	vma->vm_start = page_addr(a);
	vma->vm_end = page_addr(b);
	vma->vm_flags = flags;
	vma->vm_file = files[file];
	vma->vm_pgoff = file ? pgoff : vma->vm_start >> PAGE_SHIFT;
	for (unsigned long p = a; p < b && !want; p++)
		if (model[p].mapped)
			want = -EEXIST;
	check(vma_insert(&t, vma) == want);
	if (want) {
		vm_area_free(&t, vma);
		return;
	}
	model_map(a, b, flags, file, pgoff);
	vma_merge(&t, vma);
}

/* One operation: [op] [operands]. */
static void run_op(struct input *in)
{
	switch (next_byte(in) % 10) {
	case 0:
	case 1:
	case 2:
		do_map(in);
		break;
	case 3:
		do_unmap(in);
		break;
	case 4:
		do_protect(in);
		break;
	case 5:
		do_find(in);
		break;
	case 6:
		do_gua(in);
		break;
	case 7:
		do_split(in);
		break;
	case 8:
		do_stack(in);
		break;
	default:
		do_insert(in);
		break;
	}
}

/*
 * The window: at the bottom of user space (with mmap_min_addr inside
 * it), in the middle, or at its top (ending at task_size).
 */
static void setup_tree(struct input *in)
{
	unsigned int where = next_byte(in) % 3;
	unsigned long min_pages = 1 + next_byte(in) % 8;

	switch (where) {
	case 0:
		base = 0;
		break;
	case 1:
		base = MID_BASE;
		break;
	default:
		base = TASK - NPAGES * P;
		break;
	}
	check(vma_tree_init(&t, TASK,
			    where ? DEFAULT_MMAP_MIN_ADDR : min_pages * P,
			    fz_alloc, fz_free, &t) == 0);
	t.stack_guard_gap = (next_byte(in) % 8) * P;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};

	memset(model, 0, sizeof(model));
	nmv = 0;
	next_id = 0;
	live = failures = 0;
	fail_at = -1;
	setup_tree(&in);
	for (unsigned int i = 0; i < MAX_OPS && in.pos < in.size; i++) {
		run_op(&in);
		check(fail_at == -1);
		check_against_model();
	}
	check(vma_tree_destroy(&t) == nmv);
	check(live == 0);
	return 0;
}
