// SPDX-License-Identifier: MIT
/*
 * User address spaces: their page tables, the pages they map, fork's
 * copy-on-write copy and the page-fault handler (Linux's mm/memory.c),
 * around the pure decisions of mm/vma.c and mm/fault.c. mm/mm.h says how
 * the kernel half is shared and how pages are counted.
 *
 * User PTEs are 4 KiB leaves written here directly (the intermediate
 * tables come from the page allocator); two software bits of the PTE
 * (available to the OS, SDM vol. 3A table 4-20) say more:
 *   PTE_SW_FILE      the page is the page cache's (a file-backed private
 *                    mapping not yet written): a write copies it
 *   PTE_SW_PROTNONE  the VMA has no rights (mprotect PROT_NONE): the
 *                    entry is not present but still holds its page
 * Tables emptied by munmap are freed through pgt_unmap.
 */
#include "mm/mm_types.h"

#include "kernel/arch/mm.h"
#include "kernel/init.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "mm/fault.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_internal.h"
#include "mm/physmap.h"
#include "mm/slab.h"
#include "kernel/vmalloc.h"

#define PTE_SW_FILE BIT_ULL(9)
#define PTE_SW_PROTNONE BIT_ULL(10)

static struct kmem_cache *mm_cachep, *vma_cachep;
static unsigned long user_pages;
int randomize_va_space = 2;

/* norandmaps: no address-space randomisation (randomize_va_space 0). */
static int __init disable_randmaps(char *rest)
{
	if (*rest)
		return 0; /* "norandmapsX": not this parameter */
	randomize_va_space = 0;
	return 1;
}
__setup("norandmaps", disable_randmaps);

/* --- pages --- */

struct page *alloc_user_page(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (!page)
		return NULL;
	arch_clear_page(page_address(page));
	page->info |= 1UL << PAGE_REF_SHIFT;
	__atomic_add_fetch(&user_pages, 1, __ATOMIC_RELAXED);
	return page;
}

void put_page(struct page *page)
{
	unsigned long v = __atomic_sub_fetch(&page->info, 1UL << PAGE_REF_SHIFT,
					     __ATOMIC_ACQ_REL);

	if ((v >> PAGE_REF_SHIFT) & PAGE_CNT_MASK)
		return;
	if (page_mapcount(page))
		pr_err("BUG: put_page: pfn 0x%lx freed with mapcount %lu",
		       page_to_pfn(page), page_mapcount(page));
	page->info &= (1UL << PAGE_MAP_SHIFT) - 1;
	__atomic_sub_fetch(&user_pages, 1, __ATOMIC_RELAXED);
	__free_page(page);
}

unsigned long nr_user_pages(void)
{
	return __atomic_load_n(&user_pages, __ATOMIC_RELAXED);
}

/* --- the page cache of in-memory files --- */

/*
 * The page cache of executables and mmap'd files: one file_mapping per
 * file contents, keyed by the file (its inode) and a stamp of its
 * contents (data address, size, modification time), holding a copy of
 * every page, made when the mapping is created: the file's own buffer
 * may move or go when it is written, the copy never does. A file
 * written after it was mapped gets a new mapping at its next mmap or
 * exec; processes that mapped the old contents keep them (as with a
 * file replaced by rename in Linux). Mappings are kept for good.
 */
static struct file_mapping *mappings;
static DEFINE_SPINLOCK(mappings_lock);
static unsigned long mapping_pages; /* pages of every mapping */

static struct file_mapping *file_mapping_find(const void *key, u64 stamp,
					      u64 size)
{
	struct file_mapping *m;
	unsigned long flags = spin_lock_irqsave(&mappings_lock);

	for (m = mappings; m; m = m->next)
		if (m->key == key && m->stamp == stamp && m->size == size)
			break;
	spin_unlock_irqrestore(&mappings_lock, flags);
	return m;
}

struct file_mapping *file_mapping_get(const void *key, u64 stamp,
				      const void *data, u64 size)
{
	struct file_mapping *m = file_mapping_find(key, stamp, size);
	unsigned long flags;

	if (m)
		return m;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	m->key = key;
	m->stamp = stamp;
	m->size = size;
	m->nr_pages = DIV_ROUND_UP(size, PAGE_SIZE);
	m->pages =
		m->nr_pages ? vmalloc(sizeof(*m->pages) * m->nr_pages) : NULL;
	if (m->nr_pages && !m->pages)
		goto nomem;
	for (unsigned long i = 0; i < m->nr_pages; i++) {
		u64 off = (u64)i * PAGE_SIZE;
		u64 n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;

		m->pages[i] = alloc_user_page();
		if (!m->pages[i]) {
			while (i--)
				put_page(m->pages[i]);
			goto nomem;
		}
		memcpy(page_address(m->pages[i]), (const u8 *)data + off, n);
	}
	flags = spin_lock_irqsave(&mappings_lock);
	m->next = mappings;
	mappings = m;
	mapping_pages += m->nr_pages;
	spin_unlock_irqrestore(&mappings_lock, flags);
	return m;
nomem:
	vfree(m->pages);
	kfree(m);
	return NULL;
}

unsigned long nr_file_mapping_pages(void)
{
	return __atomic_load_n(&mapping_pages, __ATOMIC_RELAXED);
}

/* Page @index of @m with a reference for the caller, or NULL past the
 * last page (execve and mmap never map beyond it). */
static struct page *filemap_get_page(struct file_mapping *m,
				     unsigned long index)
{
	if (index >= m->nr_pages)
		return NULL;
	get_page(m->pages[index]);
	return m->pages[index];
}

/* --- page tables --- */

static int user_pt_alloc(void *arg, phys_addr_t *pa)
{
	struct page *page = alloc_page(GFP_KERNEL);

	(void)arg;
	if (!page)
		return -ENOMEM;
	*pa = PFN_PHYS(page_to_pfn(page));
	return 0;
}

static void user_pt_free(void *arg, phys_addr_t pa)
{
	(void)arg;
	__free_page(pfn_to_page(PHYS_PFN(pa)));
}

/*
 * The PTE of @va in @mm; NULL when a table on the way is missing (then
 * *@skip, if given, is the size of the hole the walk stopped at). With
 * @alloc, missing tables are made (NULL then means out of memory).
 */
static u64 *walk_pte(struct mm_struct *mm, unsigned long va, bool alloc,
		     u64 *skip)
{
	struct pgt *p = &mm->pgt;
	u64 *table = pgt_table(p->root);

	for (int level = p->levels; level > PGT_LEVEL_PT; level--) {
		u64 *ep = &table[pgt_index(va, level)];

		if (!(*ep & PTE_PRESENT)) {
			phys_addr_t pa;

			if (!alloc) {
				if (skip)
					*skip = pgt_level_size(level);
				return NULL;
			}
			if (pgt_alloc_page(p, &pa))
				return NULL;
			memset(pgt_table(pa), 0, PAGE_SIZE);
			p->nr_tables_allocated++;
			*ep = pgt_mk_table(pa, true);
		}
		table = pgt_table(pgt_entry_table(p, *ep));
	}
	return &table[pgt_index(va, PGT_LEVEL_PT)];
}

static inline bool pte_has_page(u64 pte)
{
	return pte & (PTE_PRESENT | PTE_SW_PROTNONE);
}

static inline struct page *pte_page(const struct mm_struct *mm, u64 pte)
{
	return pfn_to_page(PHYS_PFN(pte & pgt_frame_mask(mm->pgt.phys_bits)));
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

/* The PTE bits (without frame) a VMA's rights give a new page. */
static u64 vma_pte_bits(unsigned long vm_flags)
{
	u64 bits = PTE_USER;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return PTE_SW_PROTNONE;
	bits |= PTE_PRESENT;
	if (vm_flags & VM_WRITE)
		bits |= PTE_RW;
	if (!(vm_flags & VM_EXEC))
		bits |= PTE_NX;
	return bits;
}

static bool mm_is_current(const struct mm_struct *mm)
{
	return (arch_current_pgd() == mm->pgt.root);
}

static void flush_user_page(struct mm_struct *mm, unsigned long va)
{
	if (mm_is_current(mm))
		arch_flush_tlb_kernel_range(va, va + PAGE_SIZE);
}

static void flush_user_all(struct mm_struct *mm)
{
	if (mm_is_current(mm))
		arch_flush_tlb_user();
}

/* Pages up to which a range is flushed page by page, not all at once. */
#define FLUSH_PAGES_MAX 32

/* Drop [start, end)'s translations: nothing when no PTE was cleared. */
static void flush_user_range(struct mm_struct *mm, unsigned long start,
			     unsigned long end, unsigned long cleared)
{
	if (!cleared || !mm_is_current(mm))
		return;
	if ((end - start) >> PAGE_SHIFT > FLUSH_PAGES_MAX)
		arch_flush_tlb_user();
	else
		arch_flush_tlb_kernel_range(start, end); /* invlpg each */
}

/* --- address spaces --- */

static struct vm_area_struct *vma_alloc_cb(void *arg)
{
	(void)arg;
	return kmem_cache_alloc(vma_cachep, GFP_KERNEL);
}

static void vma_free_cb(struct vm_area_struct *vma, void *arg)
{
	(void)arg;
	kmem_cache_free(vma_cachep, vma);
}

void __init mm_user_init(void)
{
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 64,
				      0, NULL);
	vma_cachep = kmem_cache_create(
		"vm_area_struct", sizeof(struct vm_area_struct), 8, 0, NULL);
	if (!mm_cachep || !vma_cachep)
		panic("mm: no slab caches for mm_struct and vm_area_struct");
	task_size_max =
		init_pgt.levels == 5 ? TASK_SIZE_5LEVEL : TASK_SIZE_4LEVEL;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);
	u64 *root, *kroot;

	if (!mm)
		return NULL;
	if (pgt_init(&mm->pgt, init_pgt.levels, init_pgt.phys_bits,
		     user_pt_alloc, user_pt_free, NULL)) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	root = pgt_table(mm->pgt.root);
	kroot = pgt_table(init_pgt.root);
	memset(root, 0, PAGE_SIZE);
	for (unsigned int i = PGT_ENTRIES / 2; i < PGT_ENTRIES; i++)
		root[i] = kroot[i];
	/* The default layout is 47 bits even with 5-level paging; mmap
	 * hints above it open the rest (as Linux). */
	mm->task_size = task_size_max;
	vma_tree_init(&mm->vmas, mm->task_size, DEFAULT_MMAP_MIN_ADDR,
		      vma_alloc_cb, vma_free_cb, NULL);
	mutex_init(&mm->mmap_lock);
	mm->mm_users = 1;
	return mm;
}

/* Drop the pages mapped in [start, end) and clear their PTEs; how many. */
static unsigned long zap_ptes(struct mm_struct *mm, unsigned long start,
			      unsigned long end)
{
	unsigned long va = start, cleared = 0;

	while (va < end) {
		u64 skip = PAGE_SIZE;
		u64 *pte = walk_pte(mm, va, false, &skip);

		if (!pte) {
			va = (va & ~(skip - 1)) + skip;
			if (!va)
				break;
			continue;
		}
		if (pte_has_page(*pte)) {
			struct page *page = pte_page(mm, *pte);

			if (*pte & PTE_SW_FILE)
				mm->rss_file--;
			else
				mm->rss_anon--;
			*pte = 0;
			page_remove_map(page);
			put_page(page);
			cleared++;
		}
		va += PAGE_SIZE;
	}
	return cleared;
}

void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	flush_user_range(mm, start, end, zap_ptes(mm, start, end));
}

/* Free the tables [start, end) no longer needs (its PTEs are clear). */
static void free_pgtables(struct mm_struct *mm, unsigned long start,
			  unsigned long end)
{
	if (end > start)
		pgt_unmap(&mm->pgt, start, end - start);
}

static void mm_release_all(struct mm_struct *mm)
{
	u64 *root = pgt_table(mm->pgt.root);

	zap_ptes(mm, 0, mm->task_size);
	vma_tree_destroy(&mm->vmas);
	/* The kernel half is init_pgt's: unhook it before freeing. */
	for (unsigned int i = PGT_ENTRIES / 2; i < PGT_ENTRIES; i++)
		root[i] = 0;
	pgt_destroy(&mm->pgt);
}

void mmput(struct mm_struct *mm)
{
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	if (mm_is_current(mm))
		arch_load_pgd(init_pgt.root);
	mm_release_all(mm);
	kmem_cache_free(mm_cachep, mm);
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	phys_addr_t root = next ? next->pgt.root : init_pgt.root;

	(void)prev;
	if (arch_current_pgd() != root)
		arch_load_pgd(root);
}

/* fork: copy the PTEs of @vma from @old to @mm, sharing the pages. */
static int copy_vma_ptes(struct mm_struct *mm, struct mm_struct *old,
			 const struct vm_area_struct *vma)
{
	bool cow = !(vma->vm_flags & VM_SHARED);

	for (unsigned long va = vma->vm_start; va < vma->vm_end;) {
		u64 skip = PAGE_SIZE, *dst;
		u64 *src = walk_pte(old, va, false, &skip);

		if (!src) {
			va = (va & ~(skip - 1)) + skip;
			continue;
		}
		if (pte_has_page(*src)) {
			struct page *page = pte_page(old, *src);

			dst = walk_pte(mm, va, true, NULL);
			if (!dst)
				return -ENOMEM;
			if (cow)
				*src &= ~PTE_RW;
			*dst = *src;
			get_page(page);
			page_add_map(page);
			if (*src & PTE_SW_FILE)
				mm->rss_file++;
			else
				mm->rss_anon++;
		}
		va += PAGE_SIZE;
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	int err = 0;

	if (!mm)
		return NULL;
	mutex_lock(&old->mmap_lock);
	mm->vmas.stack_guard_gap = old->vmas.stack_guard_gap;
	for_each_vma(&old->vmas, vma)
	{
		struct vm_area_struct *n = vm_area_alloc(&mm->vmas);

		if (!n) {
			err = -ENOMEM;
			break;
		}
		n->vm_start = vma->vm_start;
		n->vm_end = vma->vm_end;
		n->vm_flags = vma->vm_flags;
		n->vm_pgoff = vma->vm_pgoff;
		n->vm_file = vma->vm_file;
		err = vma_insert(&mm->vmas, n);
		if (err) {
			vm_area_free(&mm->vmas, n);
			break;
		}
		err = copy_vma_ptes(mm, old, vma);
		if (err)
			break;
	}
	/* Write-protected parent PTEs must not stay writable in its TLB. */
	flush_user_all(old);
	memcpy(&mm->start_code, &old->start_code,
	       (char *)&mm->def_flags - (char *)&mm->start_code +
		       sizeof(mm->def_flags));
	mm->mmap_base = old->mmap_base;
	memcpy(mm->exe_name, old->exe_name, sizeof(mm->exe_name));
	mutex_unlock(&old->mmap_lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

long mm_map_fixed(struct mm_struct *mm, unsigned long start, unsigned long len,
		  unsigned long flags, struct file_mapping *file,
		  unsigned long pgoff)
{
	int err;

	len = PAGE_ALIGN(len);
	err = vma_map(&mm->vmas, start, len, flags, file, pgoff);
	if (err)
		return err;
	/* vma_map replaced what was there: drop its pages. */
	flush_user_range(mm, start, start + len,
			 zap_ptes(mm, start, start + len));
	return 0;
}

int mm_unmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long cleared;
	int err;

	len = PAGE_ALIGN(len);
	err = vma_unmap(&mm->vmas, start, len);
	if (err)
		return err;
	cleared = zap_ptes(mm, start, start + len);
	if (cleared)
		free_pgtables(mm, start, start + len);
	flush_user_range(mm, start, start + len, cleared);
	return 0;
}

/* mprotect's page-table half: new rights on the pages of [start, end). */
void change_protection(struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long vm_flags)
{
	u64 bits = vma_pte_bits(vm_flags);

	for (unsigned long va = start; va < end;) {
		u64 skip = PAGE_SIZE, pte;
		u64 *ptep = walk_pte(mm, va, false, &skip);

		if (!ptep) {
			va = (va & ~(skip - 1)) + skip;
			continue;
		}
		pte = *ptep;
		if (pte_has_page(pte)) {
			u64 keep =
				pte & (pgt_frame_mask(mm->pgt.phys_bits) |
				       PTE_SW_FILE | PTE_ACCESSED | PTE_DIRTY);
			u64 nbits = bits;

			/* Write access is granted lazily: a page that was
			 * read-only (shared after fork, or the file's) gets
			 * it through the fault that decides COW. */
			if (!(pte & PTE_RW) || (pte & PTE_SW_FILE))
				nbits &= ~PTE_RW;
			*ptep = keep | nbits;
		}
		va += PAGE_SIZE;
	}
	flush_user_all(mm);
}

/* mremap's move: the pages of [old, old+len) go to [new, new+len). */
int move_page_tables(struct mm_struct *mm, unsigned long old_addr,
		     unsigned long new_addr, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		u64 *src = walk_pte(mm, old_addr + off, false, NULL), *dst;

		if (!src || !pte_has_page(*src))
			continue;
		dst = walk_pte(mm, new_addr + off, true, NULL);
		if (!dst)
			return -ENOMEM;
		/* walk_pte may have allocated; @src stays valid (tables
		 * are only freed by free_pgtables). */
		*dst = *src;
		*src = 0;
	}
	free_pgtables(mm, old_addr, old_addr + len);
	flush_user_all(mm);
	return 0;
}

/* --- the page-fault handler --- */

static int do_fault_action(struct mm_struct *mm, const struct fault_decision *d,
			   u64 *ptep)
{
	const struct vm_area_struct *vma = d->vma;
	unsigned long va = d->address;
	struct page *page, *old;

	switch (d->action) {
	case FAULT_SPURIOUS:
		flush_user_page(mm, va);
		return 0;
	case FAULT_DEMAND_ZERO:
		page = alloc_user_page();
		if (!page)
			return -ENOMEM;
		page_add_map(page);
		*ptep = page_to_phys(page) | d->prot;
		mm->rss_anon++;
		return 0;
	case FAULT_FILE_READ:
	case FAULT_FILE_COPY:
		old = filemap_get_page(
			vma->vm_file,
			vma->vm_pgoff + ((va - vma->vm_start) >> PAGE_SHIFT));
		if (!old)
			return -ENXIO; /* past the end of the file: SIGBUS */
		if (d->action == FAULT_FILE_READ) {
			page_add_map(old);
			*ptep = page_to_phys(old) | (d->prot & ~PTE_RW) |
				PTE_SW_FILE;
			mm->rss_file++;
			return 0;
		}
		page = alloc_user_page();
		if (!page) {
			put_page(old);
			return -ENOMEM;
		}
		arch_copy_page(page_address(page), page_address(old));
		put_page(old);
		page_add_map(page);
		*ptep = page_to_phys(page) | d->prot;
		mm->rss_anon++;
		return 0;
	case FAULT_COW_COPY:
		old = pte_page(mm, *ptep);
		page = alloc_user_page();
		if (!page)
			return -ENOMEM;
		arch_copy_page(page_address(page), page_address(old));
		page_add_map(page);
		if (*ptep & PTE_SW_FILE) {
			mm->rss_file--;
			mm->rss_anon++;
		}
		*ptep = page_to_phys(page) | d->prot;
		flush_user_page(mm, va);
		page_remove_map(old);
		put_page(old);
		return 0;
	case FAULT_COW_REUSE:
	case FAULT_SHARED_WRITE:
		*ptep = (*ptep & pgt_frame_mask(mm->pgt.phys_bits)) | d->prot;
		flush_user_page(mm, va);
		return 0;
	default:
		return -EFAULT;
	}
}

int handle_user_fault(struct mm_struct *mm, unsigned long addr,
		      unsigned long error_code, int *si_code)
{
	struct fault_decision d;
	struct fault_pte fp = {0};
	unsigned long limit = current->rlim[RLIMIT_STACK].rlim_cur;
	u64 *ptep;
	int ret;

	mutex_lock(&mm->mmap_lock);
	ptep = walk_pte(mm, addr & PAGE_MASK, true, NULL);
	if (!ptep) {
		mutex_unlock(&mm->mmap_lock);
		return -ENOMEM;
	}
	if (pte_has_page(*ptep)) {
		struct page *page = pte_page(mm, *ptep);

		fp.present = *ptep & PTE_PRESENT;
		fp.writable = *ptep & PTE_RW;
		fp.user = *ptep & PTE_USER;
		fp.nx = *ptep & PTE_NX;
		fp.map_count = page_mapcount(page);
		fp.file_page = *ptep & PTE_SW_FILE;
	}
	if (limit > mm->task_size)
		limit = mm->task_size; /* RLIM_INFINITY */
	fault_decide_limit(&mm->vmas, addr, error_code, &fp, limit, &d);
	if (d.action == FAULT_SEGV_MAPERR || d.action == FAULT_SEGV_ACCERR) {
		*si_code = d.si_code;
		ret = -EFAULT;
	} else if (d.action == FAULT_BUG) {
		*si_code = SEGV_ACCERR;
		ret = -EINVAL;
	} else if (!fp.present && (*ptep & PTE_SW_PROTNONE)) {
		/* Accessible again without mprotect having run over it:
		 * cannot happen (change_protection restores), be safe. */
		*si_code = SEGV_ACCERR;
		ret = -EFAULT;
	} else {
		ret = do_fault_action(mm, &d, ptep);
	}
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
