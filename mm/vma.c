// SPDX-License-Identifier: MIT
/*
 * The VMAs of an address space (see mm/vma.h for the layout and the merge
 * rule).
 *
 * Every change is made in two phases: first look, count the VMA structs
 * the change may need and allocate them all (struct vma_prealloc), then
 * change the tree, which can no longer fail. Left-over structs go back.
 * At most two are ever needed:
 *
 *   vma_map over the middle of one VMA:   [ A |  new  | A' ]   A' and new
 *   vma_unmap in the middle of one VMA:   [ A |       | A' ]   A'
 *   vma_protect of part of one VMA:       [ A |  A''  | A' ]   A'' and A'
 *
 * A VMA that loses its front keeps its struct: vm_start moves up (and
 * vm_pgoff with it) in place, which keeps the tree ordered because the
 * VMAs it moves past are gone; likewise a stack that grows moves its
 * vm_start down over free space.
 */
#include "mm/vma.h"

#include <limits.h>

#include "kernel/lib/errno.h"

/* The most structs one operation allocates (see the picture above). */
#define VMA_MAX_PREALLOC 2

/* VMA structs allocated before a change, taken while it is made. */
struct vma_prealloc {
	struct vm_area_struct *vma[VMA_MAX_PREALLOC];
	unsigned int nr;
};

static struct vm_area_struct *vma_of(const struct rb_node *node)
{
	return rb_entry(node, struct vm_area_struct, vm_rb);
}

static bool vma_less(const struct rb_node *a, const struct rb_node *b)
{
	return vma_of(a)->vm_start < vma_of(b)->vm_start;
}

static void prealloc_release(struct vma_tree *t, struct vma_prealloc *pa)
{
	while (pa->nr)
		t->vma_free(pa->vma[--pa->nr], t->alloc_arg);
}

/* Allocate @nr structs into @pa: all of them, or none and -ENOMEM. */
static int prealloc(struct vma_tree *t, struct vma_prealloc *pa,
		    unsigned int nr)
{
	pa->nr = 0;
	while (pa->nr < nr) {
		struct vm_area_struct *vma = t->vma_alloc(t->alloc_arg);

		if (!vma) {
			prealloc_release(t, pa);
			return -ENOMEM;
		}
		pa->vma[pa->nr++] = vma;
	}
	return 0;
}

static struct vm_area_struct *prealloc_take(struct vma_prealloc *pa)
{
	return pa->vma[--pa->nr];
}

static void vma_link(struct vma_tree *t, struct vm_area_struct *vma)
{
	rb_add_cached(&vma->vm_rb, &t->mm_rb, vma_less);
	t->map_count++;
}

/* Take @vma out of @t and free it. */
static void vma_remove(struct vma_tree *t, struct vm_area_struct *vma)
{
	rb_erase_cached(&vma->vm_rb, &t->mm_rb);
	t->map_count--;
	t->vma_free(vma, t->alloc_arg);
}

/* Move @vma's start up to @addr (inside it), vm_pgoff following. */
static void vma_cut_front(struct vm_area_struct *vma, unsigned long addr)
{
	vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma->vm_start = addr;
}

/*
 * The end of [@start, @start + @len rounded up to pages) in *@end, or
 * false when the rounding or the end wraps.
 */
static bool page_range_end(unsigned long start, unsigned long len,
			   unsigned long *end)
{
	if (len > ULONG_MAX - (PAGE_SIZE - 1))
		return false;
	len = ALIGN(len, PAGE_SIZE);
	if (len > ULONG_MAX - start)
		return false;
	*end = start + len;
	return true;
}

int vma_tree_init(struct vma_tree *t, unsigned long task_size,
		  unsigned long mmap_min_addr, vma_alloc_fn alloc,
		  vma_free_fn free, void *arg)
{
	if (!alloc || !free || !IS_ALIGNED(task_size, PAGE_SIZE) ||
	    !IS_ALIGNED(mmap_min_addr, PAGE_SIZE) || mmap_min_addr >= task_size)
		return -EINVAL;
	*t = (struct vma_tree){
		.mm_rb = RB_ROOT_CACHED,
		.task_size = task_size,
		.mmap_min_addr = mmap_min_addr,
		.stack_guard_gap = DEFAULT_STACK_GUARD_GAP,
		.vma_alloc = alloc,
		.vma_free = free,
		.alloc_arg = arg,
	};
	return 0;
}

unsigned long vma_tree_destroy(struct vma_tree *t)
{
	struct vm_area_struct *vma;
	unsigned long n = 0;

	while ((vma = vma_first(t))) {
		vma_remove(t, vma);
		n++;
	}
	return n;
}

struct vm_area_struct *vm_area_alloc(struct vma_tree *t)
{
	struct vm_area_struct *vma = t->vma_alloc(t->alloc_arg);

	if (vma) {
		*vma = (struct vm_area_struct){0};
		RB_CLEAR_NODE(&vma->vm_rb);
	}
	return vma;
}

void vm_area_free(struct vma_tree *t, struct vm_area_struct *vma)
{
	t->vma_free(vma, t->alloc_arg);
}

struct vm_area_struct *find_vma(const struct vma_tree *t, unsigned long addr)
{
	struct rb_node *node = t->mm_rb.rb_root.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = vma_of(node);

		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

struct vm_area_struct *find_vma_prev(const struct vma_tree *t,
				     unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(t, addr);

	*pprev = vma ? vma_prev(vma) : vma_last(t);
	return vma;
}

struct vm_area_struct *find_vma_intersection(const struct vma_tree *t,
					     unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(t, start);

	if (vma && vma->vm_start < end && start < end)
		return vma;
	return NULL;
}

int vma_insert(struct vma_tree *t, struct vm_area_struct *vma)
{
	if (vma->vm_start >= vma->vm_end ||
	    !IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE) ||
	    vma->vm_end > t->task_size)
		return -EINVAL;
	if (find_vma_intersection(t, vma->vm_start, vma->vm_end))
		return -EEXIST;
	vma_link(t, vma);
	return 0;
}

/* split_vma's work, with the new struct @new already in hand. */
static void __split_vma(struct vma_tree *t, struct vm_area_struct *vma,
			unsigned long addr, bool new_below,
			struct vm_area_struct *new)
{
	*new = *vma;
	if (new_below) {
		new->vm_end = addr;
		vma_cut_front(vma, addr);
	} else {
		vma_cut_front(new, addr);
		vma->vm_end = addr;
	}
	vma_link(t, new);
}

int split_vma(struct vma_tree *t, struct vm_area_struct *vma,
	      unsigned long addr, bool new_below)
{
	struct vm_area_struct *new;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || addr <= vma->vm_start ||
	    addr >= vma->vm_end)
		return -EINVAL;
	new = t->vma_alloc(t->alloc_arg);
	if (!new)
		return -ENOMEM;
	__split_vma(t, vma, addr, new_below, new);
	return 0;
}

bool vma_can_merge(const struct vm_area_struct *a,
		   const struct vm_area_struct *b)
{
	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags ||
	    (a->vm_flags & VM_SPECIAL) || a->vm_file != b->vm_file)
		return false;
	return !a->vm_file || a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

/* @a takes in @b, the VMA right after it. */
static void vma_absorb_next(struct vma_tree *t, struct vm_area_struct *a,
			    struct vm_area_struct *b)
{
	a->vm_end = b->vm_end;
	vma_remove(t, b);
}

struct vm_area_struct *vma_merge(struct vma_tree *t, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma), *next;

	if (prev && vma_can_merge(prev, vma)) {
		vma_absorb_next(t, prev, vma);
		vma = prev;
	}
	next = vma_next(vma);
	if (next && vma_can_merge(vma, next))
		vma_absorb_next(t, vma, next);
	return vma;
}

/*
 * Merge every mergeable pair from the VMA before @from up to the VMA that
 * starts at @end.
 */
static void merge_range(struct vma_tree *t, struct vm_area_struct *from,
			unsigned long end)
{
	struct vm_area_struct *a = vma_prev(from), *b;

	if (!a)
		a = from;
	while ((b = vma_next(a)) && b->vm_start <= end) {
		if (vma_can_merge(a, b))
			vma_absorb_next(t, a, b);
		else
			a = b;
	}
}

/* Does one VMA reach over both ends of [@start, @end)? */
static bool vma_straddles(const struct vma_tree *t, unsigned long start,
			  unsigned long end)
{
	const struct vm_area_struct *vma = find_vma(t, start);

	return vma && vma->vm_start < start && vma->vm_end > end;
}

/*
 * Unmap [@start, @end); takes a struct from @pa when the range is inside
 * one VMA (vma_straddles).
 */
static void unmap_range(struct vma_tree *t, unsigned long start,
			unsigned long end, struct vma_prealloc *pa)
{
	struct vm_area_struct *vma = find_vma(t, start), *next;

	if (!vma || vma->vm_start >= end)
		return;
	if (vma->vm_start < start) {
		if (vma->vm_end > end) {
			__split_vma(t, vma, end, false, prealloc_take(pa));
			vma->vm_end = start;
			return;
		}
		vma->vm_end = start;
		vma = vma_next(vma);
	}
	while (vma && vma->vm_start < end) {
		next = vma_next(vma);
		if (vma->vm_end > end) {
			vma_cut_front(vma, end);
			break;
		}
		vma_remove(t, vma);
		vma = next;
	}
}

int vma_map(struct vma_tree *t, unsigned long start, unsigned long len,
	    unsigned long flags, void *file, unsigned long pgoff)
{
	struct vma_prealloc pa;
	struct vm_area_struct *vma;
	unsigned long end;
	int err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || (flags & ~VM_KNOWN_FLAGS))
		return -EINVAL;
	if (!page_range_end(start, len, &end) || end > t->task_size)
		return -ENOMEM;
	if (start < t->mmap_min_addr)
		return -EPERM;
	if (!file)
		pgoff = start >> PAGE_SHIFT;
	else if (pgoff + ((end - start) >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;

	err = prealloc(t, &pa, 1 + vma_straddles(t, start, end));
	if (err)
		return err;
	unmap_range(t, start, end, &pa);
	vma = prealloc_take(&pa);
	*vma = (struct vm_area_struct){
		.vm_start = start,
		.vm_end = end,
		.vm_flags = flags,
		.vm_pgoff = pgoff,
		.vm_file = file,
	};
	vma_link(t, vma);
	vma_merge(t, vma);
	prealloc_release(t, &pa);
	return 0;
}

int vma_unmap(struct vma_tree *t, unsigned long start, unsigned long len)
{
	struct vma_prealloc pa;
	unsigned long end;
	int err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || start > t->task_size ||
	    len > t->task_size - start)
		return -EINVAL;
	/* task_size is page aligned: rounding up stays within it. */
	end = start + ALIGN(len, PAGE_SIZE);
	if (end == start)
		return -EINVAL;

	err = prealloc(t, &pa, vma_straddles(t, start, end));
	if (err)
		return err;
	unmap_range(t, start, end, &pa);
	prealloc_release(t, &pa);
	return 0;
}

/* @vma's flags once vma_protect gave it @newflags. */
static unsigned long protected_flags(const struct vm_area_struct *vma,
				     unsigned long newflags)
{
	return (vma->vm_flags & ~VM_ACCESS_FLAGS) | newflags;
}

int vma_protect(struct vma_tree *t, unsigned long start, unsigned long len,
		unsigned long newflags)
{
	struct vm_area_struct *first, *last, *next, *vma;
	bool split_first, split_last;
	struct vma_prealloc pa;
	unsigned long end;
	int err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || (newflags & ~VM_ACCESS_FLAGS))
		return -EINVAL;
	if (!len)
		return 0;
	if (!page_range_end(start, len, &end))
		return -ENOMEM;

	/* The whole range must be mapped: first..last without holes. */
	first = find_vma(t, start);
	if (!first || first->vm_start > start)
		return -ENOMEM;
	for (last = first; last->vm_end < end; last = next) {
		next = vma_next(last);
		if (!next || next->vm_start != last->vm_end)
			return -ENOMEM;
	}

	/* A VMA whose rights stay needs no cut. */
	split_first = first->vm_start < start &&
		      protected_flags(first, newflags) != first->vm_flags;
	split_last = last->vm_end > end &&
		     protected_flags(last, newflags) != last->vm_flags;
	err = prealloc(t, &pa, split_first + split_last);
	if (err)
		return err;
	if (split_first) {
		__split_vma(t, first, start, false, prealloc_take(&pa));
		if (last == first)
			last = vma_next(first);
		first = vma_next(first);
	}
	if (split_last)
		__split_vma(t, last, end, false, prealloc_take(&pa));

	for (vma = first;; vma = vma_next(vma)) {
		vma->vm_flags = protected_flags(vma, newflags);
		if (vma == last)
			break;
	}
	merge_range(t, first, end);
	return 0;
}

/* Where the room below @vma ends: stack_guard_gap lower for a stack. */
static unsigned long vm_start_gap(const struct vma_tree *t,
				  const struct vm_area_struct *vma)
{
	unsigned long gap = t->stack_guard_gap & PAGE_MASK;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > gap ? vma->vm_start - gap : 0;
}

/* Is [@addr, @addr + @len) free, with the guard below a stack above it? */
static bool range_is_free(const struct vma_tree *t, unsigned long addr,
			  unsigned long len)
{
	const struct vm_area_struct *vma = find_vma(t, addr);

	return !vma || addr + len <= vm_start_gap(t, vma);
}

int vma_get_unmapped_area(const struct vma_tree *t, unsigned long hint,
			  unsigned long len, unsigned long low,
			  unsigned long high, unsigned long *addr)
{
	const struct vm_area_struct *prev, *next;
	unsigned long gap_start, gap_end;

	if (!len || !IS_ALIGNED(low | high, PAGE_SIZE))
		return -EINVAL;
	if (len > ULONG_MAX - (PAGE_SIZE - 1))
		return -ENOMEM;
	len = ALIGN(len, PAGE_SIZE);
	low = max(low, t->mmap_min_addr);
	high = min(high, t->task_size);

	if (hint && hint <= ULONG_MAX - (PAGE_SIZE - 1)) {
		hint = ALIGN(hint, PAGE_SIZE);
		if (hint >= low && hint <= t->task_size &&
		    len <= t->task_size - hint && range_is_free(t, hint, len)) {
			*addr = hint;
			return 0;
		}
	}

	if (len > high || high - len < low)
		return -ENOMEM;
	/* Walk the gaps down from the one that holds @high. */
	next = find_vma(t, high);
	prev = next ? vma_prev(next) : vma_last(t);
	for (;;) {
		gap_end = next ? min(vm_start_gap(t, next), high) : high;
		gap_start = prev ? max(prev->vm_end, low) : low;
		if (gap_end >= gap_start && gap_end - gap_start >= len) {
			*addr = gap_end - len;
			return 0;
		}
		/*
		 * Every gap further down ends at or below prev's start (a
		 * guard gap may reach below the VMAs under a stack, so gap
		 * ends are not ordered; VMA starts are).
		 */
		if (!prev || prev->vm_start <= low)
			return -ENOMEM;
		next = prev;
		prev = vma_prev(prev);
	}
}

int vma_may_expand_downwards(const struct vma_tree *t,
			     const struct vm_area_struct *vma,
			     unsigned long addr, unsigned long stack_limit)
{
	const struct vm_area_struct *prev;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	addr &= PAGE_MASK;
	if (addr >= vma->vm_start)
		return 0;
	if (addr < t->mmap_min_addr)
		return -EPERM;
	prev = vma_prev(vma);
	if (prev && addr < prev->vm_end)
		return -ENOMEM;
	/* The guard gap: only against a VMA that can be accessed at all. */
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    vma_is_accessible(prev) &&
	    addr - prev->vm_end < (t->stack_guard_gap & PAGE_MASK))
		return -ENOMEM;
	if (vma->vm_end - addr > stack_limit)
		return -ENOMEM;
	if ((vma->vm_start - addr) >> PAGE_SHIFT > vma->vm_pgoff)
		return -ENOMEM;
	return 0;
}

int vma_expand_downwards(struct vma_tree *t, struct vm_area_struct **vmap,
			 unsigned long addr, unsigned long stack_limit)
{
	struct vm_area_struct *vma = *vmap;
	int err = vma_may_expand_downwards(t, vma, addr, stack_limit);

	addr &= PAGE_MASK;
	if (err || addr >= vma->vm_start)
		return err;
	/* Only free space lies between the VMA below and @addr. */
	vma->vm_pgoff -= (vma->vm_start - addr) >> PAGE_SHIFT;
	vma->vm_start = addr;
	*vmap = vma_merge(t, vma);
	return 0;
}

int vma_tree_check(const struct vma_tree *t, bool want_merged)
{
	const struct vm_area_struct *vma, *prev = NULL;
	size_t count;
	int ret;

	ret = rb_check_cached(&t->mm_rb, NULL, &count);
	if (ret == RB_ERR_LEFTMOST)
		return VMA_ERR_LEFTMOST;
	if (ret < 0)
		return VMA_ERR_RBTREE;
	if (count != t->map_count)
		return VMA_ERR_COUNT;
	for_each_vma(t, vma)
	{
		if (vma->vm_start >= vma->vm_end)
			return VMA_ERR_EMPTY;
		if (!IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE))
			return VMA_ERR_UNALIGNED;
		if (vma->vm_end > t->task_size)
			return VMA_ERR_RANGE;
		if (prev && vma->vm_start < prev->vm_start)
			return VMA_ERR_ORDER;
		if (prev && vma->vm_start < prev->vm_end)
			return VMA_ERR_OVERLAP;
		if (prev && want_merged && vma_can_merge(prev, vma))
			return VMA_ERR_UNMERGED;
		prev = vma;
	}
	return 0;
}
