// SPDX-License-Identifier: MIT
/*
 * The memory system calls (Linux's mm/mmap.c, mprotect.c, mremap.c,
 * madvise.c) over the VMA tree (mm/vma.c) and the page tables
 * (mm/memory.c), and the layout of a new program's address space:
 *
 *   task_size -> | stack top, randomised down by up to 16 GiB (22 bits of
 *                |   pages), then the initial stack VMA         (exec)
 *                | gap: RLIMIT_STACK clamped to 128 MiB..5/6 of user
 *                |   space, plus the guard gap and the stack's random
 *   mmap_base -> | randomised down by up to 2^28 pages; mmap searches
 *                |   top-down from here
 *                | ...
 *   brk       -> | heap, starting at most 32 MiB above the end of bss
 *                | the program (ET_EXEC where linked, static-PIE at
 *                |   ELF_ET_DYN_BASE plus up to 2^28 random pages)
 *   64 KiB    -> | mmap_min_addr: nothing below
 *
 * randomize_va_space (2 by default, as Linux's; `norandmaps` sets 0)
 * turns the randomisation on or off.
 */
#include "fs/fs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "mm/mm_types.h"

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8

/* Linux's mmap_rnd_bits default on x86-64. */
#define MMAP_RND_BITS 28
#define MIN_GAP (128UL << 20)

unsigned long mmap_rnd(unsigned long range)
{
	if (!randomize_va_space || range <= PAGE_SIZE)
		return 0;
	return (get_random_long() % (range >> PAGE_SHIFT)) << PAGE_SHIFT;
}

void arch_pick_mmap_layout(struct mm_struct *mm)
{
	unsigned long gap = current->rlim[RLIMIT_STACK].rlim_cur;
	unsigned long pad =
		(STACK_RND_MASK << PAGE_SHIFT) + mm->vmas.stack_guard_gap;
	unsigned long top = DEFAULT_MAP_WINDOW;

	if (gap + pad > gap)
		gap += pad;
	if (gap < MIN_GAP)
		gap = MIN_GAP;
	if (gap > top / 6 * 5)
		gap = top / 6 * 5;
	mm->mmap_base = PAGE_ALIGN(
		top - gap - mmap_rnd(1UL << (MMAP_RND_BITS + PAGE_SHIFT)));
}

static unsigned long prot_to_vm_flags(unsigned long prot)
{
	unsigned long f = 0;

	if (prot & PROT_READ)
		f |= VM_READ;
	if (prot & PROT_WRITE)
		f |= VM_WRITE;
	if (prot & PROT_EXEC)
		f |= VM_EXEC;
	return f;
}

/* Where a new mapping of @len goes (the hint honoured when free). */
static long get_unmapped_area(struct mm_struct *mm, unsigned long hint,
			      unsigned long len)
{
	unsigned long high = mm->mmap_base, addr;
	int err;

	/* 5-level: addresses above 47 bits only on a hint above them. */
	if (hint + len > DEFAULT_MAP_WINDOW)
		high = mm->task_size;
	if (hint && (hint > mm->task_size || len > mm->task_size - hint))
		hint = 0;
	err = vma_get_unmapped_area(&mm->vmas, hint ? PAGE_ALIGN(hint) : 0, len,
				    0, high, &addr);
	if (err)
		return err;
	return (long)addr;
}

static struct file_mapping *mmap_file(unsigned long fd, unsigned long prot,
				      unsigned long type, long *err);

long do_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, unsigned long fd, unsigned long off)
{
	struct mm_struct *mm = current->mm;
	struct file_mapping *file = NULL;
	unsigned long vm_flags, type = flags & MAP_TYPE;
	long ret;

	if (!mm)
		return -EINVAL;
	if (!len || (off & ~PAGE_MASK))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL; /* no hugetlbfs */
	len = PAGE_ALIGN(len);
	if (!len || len > mm->task_size)
		return -ENOMEM;
	if ((off >> PAGE_SHIFT) + (len >> PAGE_SHIFT) < (off >> PAGE_SHIFT))
		return -EOVERFLOW;
	if (!(flags & MAP_ANONYMOUS)) {
		long err = 0;

		file = mmap_file(fd, prot, type, &err);
		if (!file)
			return err;
	}
	vm_flags =
		prot_to_vm_flags(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (type != MAP_PRIVATE)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;

	mutex_lock(&mm->mmap_lock);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK) {
			ret = -EINVAL;
			goto out;
		}
		if (addr > mm->task_size || len > mm->task_size - addr) {
			ret = -ENOMEM;
			goto out;
		}
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
		    find_vma_intersection(&mm->vmas, addr, addr + len)) {
			ret = -EEXIST;
			goto out;
		}
		ret = (long)addr;
	} else {
		ret = get_unmapped_area(mm, addr, len);
		if (ret < 0)
			goto out;
	}
	{
		unsigned long start = (unsigned long)ret;
		long err = mm_map_fixed(mm, start, len, vm_flags, file,
					file ? off >> PAGE_SHIFT : 0);

		if (err)
			ret = err;
	}
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long,
		prot, unsigned long, flags, unsigned long, fd, unsigned long,
		off)
{
	return do_mmap(addr, len, prot, flags, fd, off);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	struct mm_struct *mm = current->mm;
	int ret;

	if ((addr & ~PAGE_MASK) || !len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || addr > mm->task_size || len > mm->task_size - addr)
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	ret = mm_unmap(mm, addr, len);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, unsigned long, len,
		unsigned long, prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long end, newflags = prot_to_vm_flags(prot), pos;
	struct vm_area_struct *vma;
	int ret;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN |
		     PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (!len || end <= start)
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	/* Every page must be mapped, and each VMA must allow the rights. */
	pos = start;
	for (vma = find_vma(&mm->vmas, start); vma && vma->vm_start < end;
	     vma = vma_next(vma)) {
		if (vma->vm_start > pos)
			break;
		if (((newflags & VM_READ) && !(vma->vm_flags & VM_MAYREAD)) ||
		    ((newflags & VM_WRITE) && !(vma->vm_flags & VM_MAYWRITE)) ||
		    ((newflags & VM_EXEC) && !(vma->vm_flags & VM_MAYEXEC))) {
			ret = -EACCES;
			goto out;
		}
		pos = vma->vm_end;
		if (pos >= end)
			break;
	}
	if (pos < end) {
		ret = -ENOMEM;
		goto out;
	}
	ret = vma_protect(&mm->vmas, start, len, newflags);
	if (!ret)
		change_protection(mm, start, end, newflags);
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags, unsigned long,
		new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long vm_flags, pgoff;
	void *file;
	long ret;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL; /* not supported yet */
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (!old_len)
		return -EINVAL; /* Linux: duplicating shared maps only */
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(&mm->vmas, addr);
	if (!vma || vma->vm_start > addr || addr + old_len > vma->vm_end ||
	    addr + old_len < addr) {
		ret = -EFAULT;
		goto out;
	}
	vm_flags = vma->vm_flags;
	file = vma->vm_file;
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr > mm->task_size ||
		    new_len > mm->task_size - new_addr ||
		    (new_addr < addr + old_len && addr < new_addr + new_len)) {
			ret = -EINVAL;
			goto out;
		}
	} else if (new_len <= old_len) {
		if (new_len < old_len)
			ret = mm_unmap(mm, addr + new_len, old_len - new_len);
		else
			ret = 0;
		ret = ret ? ret : (long)addr;
		goto out;
	} else if (addr + new_len <= mm->task_size && addr + new_len > addr &&
		   !find_vma_intersection(&mm->vmas, addr + old_len,
					  addr + new_len)) {
		/* Grow in place. */
		ret = mm_map_fixed(mm, addr + old_len, new_len - old_len,
				   vm_flags, file,
				   file ? pgoff + (old_len >> PAGE_SHIFT)
					: (addr + old_len) >> PAGE_SHIFT);
		ret = ret ? ret : (long)addr;
		goto out;
	} else if (!(flags & MREMAP_MAYMOVE)) {
		ret = -ENOMEM;
		goto out;
	} else {
		ret = get_unmapped_area(mm, 0, new_len);
		if (ret < 0)
			goto out;
		new_addr = (unsigned long)ret;
	}
	/* Move: the new VMA, the pages, then the old range goes. */
	ret = mm_map_fixed(mm, new_addr, new_len, vm_flags, file,
			   file ? pgoff : new_addr >> PAGE_SHIFT);
	if (ret)
		goto out;
	ret = move_page_tables(mm, addr, new_addr,
			       old_len < new_len ? old_len : new_len);
	if (ret)
		goto out;
	ret = mm_unmap(mm, addr, old_len);
	ret = ret ? ret : (long)new_addr;
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk, oldbrk;
	struct vm_area_struct *next;

	mutex_lock(&mm->mmap_lock);
	if (brk < mm->start_brk)
		goto out;
	if (brk - mm->start_brk > current->rlim[RLIMIT_DATA].rlim_cur)
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk < brk)
		goto out;
	if (newbrk == oldbrk) {
		mm->brk = brk;
		goto out;
	}
	if (newbrk < oldbrk) {
		if (mm_unmap(mm, newbrk, oldbrk - newbrk))
			goto out;
		mm->brk = brk;
		goto out;
	}
	/* Growing: room up to the next VMA (and its stack guard gap). */
	next = find_vma(&mm->vmas, oldbrk);
	if (next) {
		unsigned long limit = next->vm_start;

		if (next->vm_flags & VM_GROWSDOWN)
			limit = limit > mm->vmas.stack_guard_gap
					? limit - mm->vmas.stack_guard_gap
					: 0;
		if (newbrk > limit)
			goto out;
	}
	if (mm_map_fixed(mm, oldbrk, newbrk - oldbrk,
			 VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
				 VM_MAYEXEC,
			 NULL, 0))
		goto out;
	mm->brk = brk;
out:
	brk = mm->brk;
	mutex_unlock(&mm->mmap_lock);
	return (long)brk;
}

SYSCALL_DEFINE3(madvise, unsigned long, start, unsigned long, len, int, advice)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end, pos;
	int ret = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
		break;
	default:
		return -EINVAL;
	}
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (!len)
		return 0;
	mutex_lock(&mm->mmap_lock);
	pos = start;
	for (vma = find_vma(&mm->vmas, start); vma && vma->vm_start < end;
	     vma = vma_next(vma)) {
		unsigned long s = vma->vm_start > pos ? vma->vm_start : pos;
		unsigned long e = vma->vm_end < end ? vma->vm_end : end;

		if (vma->vm_start > pos)
			ret = -ENOMEM; /* a hole: the rest is still done */
		if ((advice == MADV_DONTNEED || advice == MADV_FREE) &&
		    !(vma->vm_flags & VM_LOCKED))
			zap_page_range(mm, s, e);
		pos = e;
	}
	if (pos < end)
		ret = -ENOMEM;
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/*
 * The page cache of file @fd for a mapping: a regular file opened for
 * reading. Shared writable mappings of files are not supported (keel's
 * page cache is a copy of the file, so writes could not reach it):
 * -ENODEV, as Linux gives for files that cannot be mapped.
 */
static struct file_mapping *mmap_file(unsigned long fd, unsigned long prot,
				      unsigned long type, long *err)
{
	struct file *f = fd > INT_MAX ? NULL : fget((unsigned int)fd);
	struct file_mapping *m = NULL;

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (!S_ISREG(f->f_inode->i_mode))
		*err = -ENODEV;
	else if ((f->f_flags & O_ACCMODE) == O_WRONLY)
		*err = -EACCES;
	else if (type != MAP_PRIVATE && (prot & PROT_WRITE))
		*err = -ENODEV;
	else if (!(m = file_mapping_of(f)))
		*err = -ENOMEM;
	fput(f);
	return m;
}
