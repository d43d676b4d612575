/* SPDX-License-Identifier: MIT */
/*
 * The VMAs of a user address space: an ordered set of virtual memory areas,
 * each a run of pages with one set of rights and one backing (a file from
 * a page offset, or anonymous memory), with Linux's names and Linux's
 * mmap/munmap/mprotect semantics. Pure: no page tables, no pages; the
 * kernel edits the page tables after a change, this module decides what
 * is mapped where.
 *
 *   0   mmap_min_addr                                mmap_base   task_size
 *   |xxxx|....[ text ][ data ]  [heap]...  ...[lib][anon]  ...  [stack]|
 *        ^ nothing below       get_unmapped_area searches top-down ^
 *                              from mmap_base; the stack (VM_GROWSDOWN)
 *                              keeps stack_guard_gap free below it
 *
 * A VMA covers [vm_start, vm_end), both page aligned, never empty. VMAs
 * never overlap; they sit in a red-black tree (kernel/lib/rbtree.h)
 * keyed by vm_start, so find_vma is O(log n). Page p of a VMA (counting
 * from 0 at vm_start) is page vm_pgoff + p of vm_file; for anonymous
 * memory (vm_file NULL) vm_pgoff is vm_start >> PAGE_SHIFT, as in Linux,
 * and splits and merges keep it so.
 *
 * Merging: two VMAs that touch (a->vm_end == b->vm_start) become one when
 * Linux would merge them: equal vm_flags without VM_SPECIAL bits, and the
 * same file with b's pgoff continuing a's (a->vm_pgoff + pages of a ==
 * b->vm_pgoff), or both anonymous. vma_map, vma_protect and
 * vma_expand_downwards merge at the edges of what they change, so a tree
 * changed only through them never holds two mergeable neighbours
 * (vma_tree_check with @want_merged checks it); split_vma and vma_insert
 * are the building blocks that may leave such a pair, vma_merge undoes it.
 *
 * Memory: struct vm_area_struct comes from the allocator the tree was
 * made with (the kernel passes a slab cache, tests count and fail
 * allocations). An operation that may need new VMAs allocates all of them
 * before it changes anything: it succeeds entirely or returns -ENOMEM and
 * leaves the tree as it was. Freeing never fails.
 *
 * Context: no lock; the owner of the address space serialises (Linux's
 * mmap_lock).
 */
#ifndef KEEL_MM_VMA_H
#define KEEL_MM_VMA_H

#include "kernel/lib/rbtree.h"
#include "kernel/lib/types.h"

/* vm_flags (Linux's values, include/linux/mm.h). */
#define VM_NONE 0x00000000UL
#define VM_READ 0x00000001UL
#define VM_WRITE 0x00000002UL
#define VM_EXEC 0x00000004UL
#define VM_SHARED 0x00000008UL
/* What mprotect may later grant (the caller checks; see vma_protect). */
#define VM_MAYREAD 0x00000010UL
#define VM_MAYWRITE 0x00000020UL
#define VM_MAYEXEC 0x00000040UL
#define VM_MAYSHARE 0x00000080UL
#define VM_GROWSDOWN 0x00000100UL /* a stack: grows towards lower addresses */
#define VM_PFNMAP 0x00000400UL /* raw page frames, no struct page */
#define VM_LOCKED 0x00002000UL
#define VM_IO 0x00004000UL /* device memory */
#define VM_DONTEXPAND 0x00040000UL /* may not grow (mremap) */
#define VM_MIXEDMAP 0x10000000UL

/* The rights mprotect changes. */
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
/* VMAs with one of these are never merged (Linux's VM_SPECIAL). */
#define VM_SPECIAL (VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
/* Every flag this module knows; vma_map refuses others. */
#define VM_KNOWN_FLAGS                                                         \
	(VM_ACCESS_FLAGS | VM_SHARED | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | \
	 VM_MAYSHARE | VM_GROWSDOWN | VM_LOCKED | VM_SPECIAL)

/* End of user space: 4-level paging (47 bits less the top page), 5-level. */
#define TASK_SIZE_4LEVEL 0x00007ffffffff000UL
#define TASK_SIZE_5LEVEL 0x00fffffffffff000UL
/* Linux's default vm.mmap_min_addr: nothing may be mapped below it. */
#define DEFAULT_MMAP_MIN_ADDR 65536UL
/* Linux's default stack_guard_gap: 256 pages kept free below a stack. */
#define DEFAULT_STACK_GUARD_GAP (256UL << PAGE_SHIFT)

/*
 * One virtual memory area.
 * @vm_start, @vm_end: [vm_start, vm_end), page aligned, vm_start < vm_end
 * @vm_flags: VM_READ, VM_WRITE, ...
 * @vm_pgoff: page offset in @vm_file of vm_start (anonymous: vm_start >>
 *            PAGE_SHIFT)
 * @vm_file: the backing object, opaque here (compared, never touched), or
 *           NULL for anonymous memory
 * @vm_rb: link in the tree, keyed by vm_start
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	void *vm_file;
	struct rb_node vm_rb;
};

/* Allocates one struct vm_area_struct (contents undefined), or NULL. */
typedef struct vm_area_struct *(*vma_alloc_fn)(void *arg);
/* Gives back what the matching vma_alloc_fn returned. */
typedef void (*vma_free_fn)(struct vm_area_struct *vma, void *arg);

/*
 * The VMAs of one address space (the part of Linux's mm_struct this
 * module owns). Fields are read-only outside mm/vma.c except
 * @stack_guard_gap, which the owner may set (Linux's stack_guard_gap=).
 * @mm_rb: the VMAs, keyed by vm_start; the leftmost is cached
 * @map_count: how many VMAs
 * @task_size: end of user space; no VMA reaches above it
 * @mmap_min_addr: no VMA may start below it (vma_map)
 * @stack_guard_gap: bytes kept free below a VM_GROWSDOWN VMA
 */
struct vma_tree {
	struct rb_root_cached mm_rb;
	unsigned long map_count;
	unsigned long task_size;
	unsigned long mmap_min_addr;
	unsigned long stack_guard_gap;
	vma_alloc_fn vma_alloc;
	vma_free_fn vma_free;
	void *alloc_arg;
};

/* What vma_tree_check found wrong, as its negative return value. */
enum vma_check_error {
	VMA_ERR_RBTREE = -1, /* the red-black tree itself is broken */
	VMA_ERR_COUNT = -2, /* map_count differs from the tree's nodes */
	VMA_ERR_EMPTY = -3, /* vm_start >= vm_end */
	VMA_ERR_UNALIGNED = -4, /* vm_start or vm_end not page aligned */
	VMA_ERR_RANGE = -5, /* a VMA reaches above task_size */
	VMA_ERR_ORDER = -6, /* vm_start smaller than its predecessor's */
	VMA_ERR_OVERLAP = -7, /* a VMA starts before its predecessor ends */
	VMA_ERR_UNMERGED = -8, /* two neighbours that should be one VMA */
	VMA_ERR_LEFTMOST = -9, /* the cached leftmost is not the first VMA */
};

/* The number of pages of @vma. */
static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* Does @vma have any access right (Linux's vma_is_accessible)? */
static inline bool vma_is_accessible(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_ACCESS_FLAGS;
}

/* The lowest VMA of @t, or NULL. */
static inline struct vm_area_struct *vma_first(const struct vma_tree *t)
{
	return rb_entry_safe(rb_first_cached(&t->mm_rb), struct vm_area_struct,
			     vm_rb);
}

/* The highest VMA of @t, or NULL. */
static inline struct vm_area_struct *vma_last(const struct vma_tree *t)
{
	return rb_entry_safe(rb_last(&t->mm_rb.rb_root), struct vm_area_struct,
			     vm_rb);
}

/* The VMA after @vma in address order, or NULL. */
static inline struct vm_area_struct *vma_next(const struct vm_area_struct *vma)
{
	return rb_entry_safe(rb_next(&vma->vm_rb), struct vm_area_struct,
			     vm_rb);
}

/* The VMA before @vma in address order, or NULL. */
static inline struct vm_area_struct *vma_prev(const struct vm_area_struct *vma)
{
	return rb_entry_safe(rb_prev(&vma->vm_rb), struct vm_area_struct,
			     vm_rb);
}

/*
 * for_each_vma - walk the VMAs of @t from the lowest address up. The body
 * must not change the tree.
 */
#define for_each_vma(t, vma)                                                   \
	for ((vma) = vma_first(t); (vma); (vma) = vma_next(vma))

/**
 * vma_tree_init - set up an empty address space
 * @t: the tree
 * @task_size: end of user space, page aligned (TASK_SIZE_4LEVEL)
 * @mmap_min_addr: lowest address vma_map accepts, page aligned, below
 *                 @task_size (DEFAULT_MMAP_MIN_ADDR)
 * @alloc: allocates VMA structs
 * @free: frees them
 * @arg: passed to @alloc and @free
 *
 * stack_guard_gap starts as DEFAULT_STACK_GUARD_GAP.
 * Return: 0, or -EINVAL for unaligned or inverted limits or a missing
 * callback.
 */
int vma_tree_init(struct vma_tree *t, unsigned long task_size,
		  unsigned long mmap_min_addr, vma_alloc_fn alloc,
		  vma_free_fn free, void *arg);

/**
 * vma_tree_destroy - free every VMA of @t and leave it empty
 * @t: the tree
 * Return: how many VMAs were freed.
 */
unsigned long vma_tree_destroy(struct vma_tree *t);

/**
 * vm_area_alloc - a zeroed VMA from @t's allocator, in no tree
 * @t: the tree whose allocator to use
 * Return: the VMA, or NULL when the allocator failed.
 */
struct vm_area_struct *vm_area_alloc(struct vma_tree *t);

/**
 * vm_area_free - give a VMA that is in no tree back to @t's allocator
 * @t: the tree it was allocated for
 * @vma: the VMA
 */
void vm_area_free(struct vma_tree *t, struct vm_area_struct *vma);

/**
 * find_vma - the first VMA that ends above @addr
 * @t: the tree
 * @addr: any address
 *
 * The VMA contains @addr when its vm_start <= @addr; otherwise it is the
 * next one up, as Linux's find_vma.
 * Return: the VMA, or NULL when every VMA ends at or below @addr.
 */
struct vm_area_struct *find_vma(const struct vma_tree *t, unsigned long addr);

/**
 * find_vma_prev - find_vma, and the VMA before it
 * @t: the tree
 * @addr: any address
 * @pprev: receives the VMA before the result (the last VMA when the
 *         result is NULL), or NULL when there is none
 * Return: find_vma(@t, @addr).
 */
struct vm_area_struct *find_vma_prev(const struct vma_tree *t,
				     unsigned long addr,
				     struct vm_area_struct **pprev);

/**
 * find_vma_intersection - the lowest VMA that overlaps [@start, @end)
 * @t: the tree
 * @start: start of the range
 * @end: end of the range (exclusive); an empty range overlaps nothing
 * Return: the VMA, or NULL.
 */
struct vm_area_struct *find_vma_intersection(const struct vma_tree *t,
					     unsigned long start,
					     unsigned long end);

/**
 * vma_insert - link @vma into @t as it is, without merging
 * @t: the tree
 * @vma: a VMA in no tree, allocated with vm_area_alloc(@t) (the tree
 *       frees it when it is unmapped)
 *
 * Return: 0; -EINVAL when @vma is empty, unaligned or reaches above
 * task_size; -EEXIST when it overlaps a VMA of @t. On error @vma is still
 * the caller's.
 */
int vma_insert(struct vma_tree *t, struct vm_area_struct *vma);

/**
 * split_vma - cut @vma in two at @addr
 * @t: the tree
 * @vma: a VMA of @t
 * @addr: where, page aligned, strictly inside @vma
 * @new_below: the new struct takes the lower part when true, the upper
 *             part when false (@vma keeps the other)
 *
 * Both parts keep vm_flags and vm_file; the upper part's vm_pgoff moves
 * on by the pages of the lower part. The two parts are mergeable until
 * one of them changes: vma_merge joins them again.
 * Return: 0; -EINVAL for a bad @addr; -ENOMEM when no struct could be
 * allocated (nothing changed).
 */
int split_vma(struct vma_tree *t, struct vm_area_struct *vma,
	      unsigned long addr, bool new_below);

/**
 * vma_can_merge - would Linux merge @a and the VMA @b right after it?
 * @a: the lower VMA
 * @b: the upper VMA
 * Return: true when @a ends where @b starts, their flags are equal and
 * have no VM_SPECIAL bit, and both are anonymous or map the same file
 * with @b's pgoff continuing @a's.
 */
bool vma_can_merge(const struct vm_area_struct *a,
		   const struct vm_area_struct *b);

/**
 * vma_merge - merge @vma with its neighbours where vma_can_merge allows
 * @t: the tree
 * @vma: a VMA of @t
 *
 * The lower VMA of a merged pair survives (with its vm_pgoff) and the
 * upper one is freed, so @vma itself may be gone afterwards.
 * Return: the VMA that now covers @vma's range.
 */
struct vm_area_struct *vma_merge(struct vma_tree *t,
				 struct vm_area_struct *vma);

/**
 * vma_map - map [@start, @start + @len) afresh (mmap with MAP_FIXED)
 * @t: the tree
 * @start: page aligned, at least mmap_min_addr
 * @len: bytes, rounded up to pages; not 0
 * @flags: vm_flags of the new mapping, within VM_KNOWN_FLAGS
 * @file: the backing object, or NULL for anonymous memory
 * @pgoff: page offset in @file of @start (ignored for anonymous memory)
 *
 * Whatever was mapped in the range is unmapped first (VMAs that straddle
 * its ends are cut); the new VMA then merges with its neighbours.
 * Return: 0; -EINVAL for an unaligned @start, a zero @len or unknown
 * flags; -ENOMEM when @len overflows or the range reaches above
 * task_size, or allocation failed; -EPERM below mmap_min_addr;
 * -EOVERFLOW when @pgoff plus the pages wraps. Nothing changes on error.
 */
int vma_map(struct vma_tree *t, unsigned long start, unsigned long len,
	    unsigned long flags, void *file, unsigned long pgoff);

/**
 * vma_unmap - unmap [@start, @start + @len) (munmap)
 * @t: the tree
 * @start: page aligned
 * @len: bytes, rounded up to pages; not 0
 *
 * VMAs inside the range are freed, VMAs that straddle an end are cut;
 * holes in the range are fine.
 * Return: 0; -EINVAL for an unaligned @start, a zero @len or a range
 * that wraps or reaches above task_size; -ENOMEM when the range is in
 * the middle of one VMA and its upper part could not be allocated.
 * Nothing changes on error.
 */
int vma_unmap(struct vma_tree *t, unsigned long start, unsigned long len);

/**
 * vma_protect - change the rights of [@start, @start + @len) (mprotect)
 * @t: the tree
 * @start: page aligned
 * @len: bytes, rounded up to pages; 0 does nothing
 * @newflags: the new VM_READ/VM_WRITE/VM_EXEC bits; the other vm_flags
 *            of each VMA stay (the caller checks VM_MAY* as it wants)
 *
 * VMAs whose rights change are cut at the ends of the range; afterwards
 * everything from the VMA before the range to the VMA after it merges
 * where it can.
 * Return: 0; -EINVAL for an unaligned @start or bits outside
 * VM_ACCESS_FLAGS; -ENOMEM when the range wraps, part of it is not
 * mapped, or allocation failed. Nothing changes on error.
 */
int vma_protect(struct vma_tree *t, unsigned long start, unsigned long len,
		unsigned long newflags);

/**
 * vma_get_unmapped_area - find room for a mapping, top-down
 * @t: the tree
 * @hint: the caller's wish (0 for none); taken, rounded up to a page, when
 *        the range there is free, above mmap_min_addr and @low and ends
 *        within task_size
 * @len: bytes, rounded up to pages; not 0
 * @low: lowest acceptable start (raised to mmap_min_addr), page aligned
 * @high: end of the search (the mmap base), page aligned, clamped to
 *        task_size
 * @addr: receives the start found
 *
 * Without a usable hint the highest free range that ends at or below
 * @high is taken. A range must end at least stack_guard_gap below a
 * VM_GROWSDOWN VMA that follows it (Linux's vm_start_gap). Cost: one
 * step per gap between @high and the result.
 * Return: 0; -EINVAL for a zero @len or unaligned limits; -ENOMEM when
 * @len overflows or nothing fits.
 */
int vma_get_unmapped_area(const struct vma_tree *t, unsigned long hint,
			  unsigned long len, unsigned long low,
			  unsigned long high, unsigned long *addr);

/**
 * vma_may_expand_downwards - may a fault at @addr grow the stack @vma?
 * @t: the tree
 * @vma: the VMA find_vma returned for @addr
 * @addr: the faulting address
 * @stack_limit: the largest size the stack may reach (RLIMIT_STACK)
 *
 * Return: 0 when @addr is inside @vma already or @vma may grow down to
 * @addr's page; -EFAULT when @vma is not VM_GROWSDOWN; -EPERM below
 * mmap_min_addr; -ENOMEM when the VMA below (unless it is a stack too or
 * has no rights) would end less than stack_guard_gap below the new
 * start, when the VMA below reaches @addr, when the stack would exceed
 * @stack_limit, or when vm_pgoff would go below 0.
 */
int vma_may_expand_downwards(const struct vma_tree *t,
			     const struct vm_area_struct *vma,
			     unsigned long addr, unsigned long stack_limit);

/**
 * vma_expand_downwards - grow the stack *@vmap down to @addr's page
 * @t: the tree
 * @vmap: the stack VMA; on success updated to the VMA that now covers
 *        @addr (a touching stack below with the same flags absorbs it)
 * @addr: the faulting address
 * @stack_limit: as for vma_may_expand_downwards
 * Return: as vma_may_expand_downwards; nothing changes on error.
 */
int vma_expand_downwards(struct vma_tree *t, struct vm_area_struct **vmap,
			 unsigned long addr, unsigned long stack_limit);

/**
 * vma_tree_check - validate @t (tests and fuzzers)
 * @t: the tree
 * @want_merged: also require that no two neighbours are mergeable
 * Return: 0, or the first problem found as a negative enum
 * vma_check_error.
 */
int vma_tree_check(const struct vma_tree *t, bool want_merged);

#endif
