// SPDX-License-Identifier: MIT
/*
 * set_memory_*: change kernel mappings page by page in init_pgt (guard
 * pages below stacks, read-only data), then drop the stale TLB entries.
 */
#include "arch/x86_64/set_memory.h"

#include "kernel/arch/mm.h"
#include "kernel/lib/errno.h"

#define PTE_FLAGS_MASK (0xfffUL | PTE_NX)

/* Is every page of [addr, addr + numpages pages) mapped with 4 KiB? */
static int check_4k(unsigned long addr, int numpages)
{
	if (addr & ~PAGE_MASK || numpages <= 0)
		return -EINVAL;
	for (int i = 0; i < numpages; i++) {
		struct pgt_translation t;

		if (pgt_translate(&init_pgt,
				  addr + (unsigned long)i * PAGE_SIZE,
				  &t) < 0 ||
		    t.page_size != PAGE_SIZE)
			return -EFAULT;
	}
	return 0;
}

int set_memory_np(unsigned long addr, int numpages)
{
	int err = check_4k(addr, numpages);

	if (err)
		return err;
	err = pgt_unmap(&init_pgt, addr, (u64)numpages * PAGE_SIZE);
	arch_flush_tlb_kernel_range(addr, addr + (u64)numpages * PAGE_SIZE);
	return err;
}

/* Add or remove PGT_WRITE on each page, keeping its other rights. */
static int change_write(unsigned long addr, int numpages, bool writable)
{
	int err = check_4k(addr, numpages);

	for (int i = 0; !err && i < numpages; i++) {
		unsigned long va = addr + (unsigned long)i * PAGE_SIZE;
		struct pgt_translation t;
		pgt_prot_t prot;

		pgt_translate(&init_pgt, va, &t);
		prot = writable ? t.prot | PGT_WRITE : t.prot & ~PGT_WRITE;
		err = pgt_protect(&init_pgt, va, PAGE_SIZE, prot);
	}
	arch_flush_tlb_kernel_range(addr, addr + (u64)numpages * PAGE_SIZE);
	return err;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return change_write(addr, numpages, false);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return change_write(addr, numpages, true);
}

int lookup_pte_flags(unsigned long addr, unsigned long *flags)
{
	struct pgt_translation t;

	if (pgt_translate(&init_pgt, addr, &t) < 0 || t.page_size != PAGE_SIZE)
		return -EFAULT;
	*flags = t.entry & PTE_FLAGS_MASK;
	return 0;
}
