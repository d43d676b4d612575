/* SPDX-License-Identifier: MIT */
/*
 * A user address space (Linux's struct mm_struct) and the page
 * bookkeeping that copy-on-write and unmapping rely on.
 *
 * Each process has its own page-table hierarchy. Its user half (below
 * task_size) is private; its kernel half is init_pgt's: the root's 256
 * kernel entries are copied into every new root, and since init_pgt
 * keeps a table behind every kernel root entry from boot on
 * (pgtable_preallocate_kernel_top) and never frees those tables
 * (pgt.pin_kernel_top), vmalloc and ioremap mappings made later appear in
 * every address space at once. This is Linux's "pre-allocated kernel
 * top-level entries" choice, not the lazy sync through the fault handler.
 *
 * Page references: an anonymous or page-cache page given to user space
 * carries, in its struct page word (mm/page.h: bits 8..63 of an ALLOC
 * head are free), a reference count and a map count:
 *   bits 40..63  refcount: holders (PTEs, the page cache, temporary users)
 *   bits 16..39  mapcount: PTEs that map it
 * put_page frees the page when the last reference goes. A private page
 * mapped by more than one PTE (after fork) is write-protected in all of
 * them; the first write copies it (FAULT_COW_COPY), unless the writer
 * holds the last mapping (FAULT_COW_REUSE).
 *
 * Locking: mmap_lock (a mutex) serialises changes to the VMAs and the
 * user page tables of one address space; the page-fault handler takes
 * it too. User memory is never touched (copy_*_user) with it held.
 */
#ifndef KEEL_MM_MM_TYPES_H
#define KEEL_MM_MM_TYPES_H

#include "kernel/lib/types.h"
#include "kernel/mutex.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/vma.h"

struct task_struct;

/* A file's pages as private mappings see them (Linux's address_space),
 * for files whose contents are in memory. */
struct file_mapping {
	struct file_mapping *next; /* in the list of every mapping */
	const void *key; /* the file (its inode) */
	u64 stamp; /* which contents of it (mm/memory.c) */
	u64 size;
	struct page **pages; /* a copy of every page */
	unsigned long nr_pages;
};

struct mm_struct {
	struct vma_tree vmas;
	struct pgt pgt; /* pgt.root is what CR3 holds */
	int mm_users; /* tasks using it */
	struct mutex mmap_lock;
	unsigned long task_size;
	unsigned long mmap_base; /* get_unmapped_area searches below it */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long total_vm; /* pages in VMAs */
	unsigned long rss_anon, rss_file; /* pages mapped */
	unsigned long def_flags;
	char exe_name[256]; /* the executable's real path (/proc/<pid>/exe) */
};

/* --- page references --- */

#define PAGE_REF_SHIFT 40
#define PAGE_MAP_SHIFT 16
#define PAGE_CNT_MASK 0xffffffUL

static inline unsigned long page_ref_count(const struct page *page)
{
	return (__atomic_load_n(&page->info, __ATOMIC_RELAXED) >>
		PAGE_REF_SHIFT) &
	       PAGE_CNT_MASK;
}

static inline unsigned long page_mapcount(const struct page *page)
{
	return (__atomic_load_n(&page->info, __ATOMIC_RELAXED) >>
		PAGE_MAP_SHIFT) &
	       PAGE_CNT_MASK;
}

static inline void get_page(struct page *page)
{
	__atomic_add_fetch(&page->info, 1UL << PAGE_REF_SHIFT,
			   __ATOMIC_RELAXED);
}

static inline void page_add_map(struct page *page)
{
	__atomic_add_fetch(&page->info, 1UL << PAGE_MAP_SHIFT,
			   __ATOMIC_RELAXED);
}

static inline void page_remove_map(struct page *page)
{
	__atomic_sub_fetch(&page->info, 1UL << PAGE_MAP_SHIFT,
			   __ATOMIC_RELAXED);
}

/* A zeroed page with one reference and no mappings, or NULL. */
struct page *alloc_user_page(void);
/* Drop a reference; the last one frees the page. */
void put_page(struct page *page);
/* Pages handed to user space and not yet freed (leak checks). */
unsigned long nr_user_pages(void);
/* Pages held by the page cache of files (file_mapping_get), for
 * /proc/meminfo's Cached; they are user pages too. */
unsigned long nr_file_mapping_pages(void);

/* --- address spaces (mm/mmap.c, mm/memory.c) --- */

extern struct mm_struct *init_mm_ptr;

/* A new, empty address space (no VMAs, kernel half shared), or NULL. */
struct mm_struct *mm_alloc(void);
/* Drop a user; the last one frees VMAs, pages and tables. */
void mmput(struct mm_struct *mm);
/* fork: a copy of @old whose private pages are shared copy-on-write. */
struct mm_struct *dup_mm(struct mm_struct *old);
/* Make @mm the address space of this CPU (CR3). */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

/* Map [start, start+len) as a new VMA of @flags backed by @file at
 * @pgoff (NULL: anonymous), replacing what was there (MAP_FIXED). */
long mm_map_fixed(struct mm_struct *mm, unsigned long start, unsigned long len,
		  unsigned long flags, struct file_mapping *file,
		  unsigned long pgoff);
/* Remove the mappings of [start, start+len): VMAs, PTEs, pages. */
int mm_unmap(struct mm_struct *mm, unsigned long start, unsigned long len);
/* Drop the pages of [start, end) inside @vma (PTEs cleared). */
void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end);

/**
 * handle_user_fault - resolve a page fault on a user address.
 * @mm: the faulting task's address space
 * @addr: CR2
 * @error_code: the #PF error code
 * @si_code: set to SEGV_MAPERR or SEGV_ACCERR on failure
 * Return: 0 when the access may be retried; -EFAULT when it is bad
 * (@si_code says why); -ENXIO past the end of a mapped file (SIGBUS);
 * -ENOMEM when memory ran out.
 * Context: process context, may sleep; takes mmap_lock.
 */
int handle_user_fault(struct mm_struct *mm, unsigned long addr,
		      unsigned long error_code, int *si_code);

/* mprotect: new rights on the pages of [start, end) (VMAs done). */
void change_protection(struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long vm_flags);
/* mremap: move the pages of [old, old+len) to [new, new+len). */
int move_page_tables(struct mm_struct *mm, unsigned long old_addr,
		     unsigned long new_addr, unsigned long len);
/* Boot: slab caches, task_size_max. */
void mm_user_init(void);
/* The mmap base and its randomisation for a new program (mm/mmap.c). */
void arch_pick_mmap_layout(struct mm_struct *mm);
/* Random page-aligned offset below @range (0 without randomisation). */
unsigned long mmap_rnd(unsigned long range);

/* The page cache of a file's contents (@size bytes at @data), for the
 * file @key in the state @stamp; NULL when out of memory. */
struct file_mapping *file_mapping_get(const void *key, u64 stamp,
				      const void *data, u64 size);

struct file;
/* The page cache of an open file's current contents (kernel/exec.c). */
struct file_mapping *file_mapping_of(struct file *f);

/* The user layout (mm/mmap.c, kernel/exec.c), Linux's x86-64 values:
 * where the 47-bit layout ends even with 5-level paging, the stack's
 * random drop (pages: 16 GiB) and brk's (32 MiB). */
#define DEFAULT_MAP_WINDOW TASK_SIZE_4LEVEL
#define STACK_RND_MASK 0x3fffffUL
#define BRK_RND_RANGE 0x02000000UL

/* Randomisation (randomize_va_space, `norandmaps`). */
extern int randomize_va_space;

#endif
