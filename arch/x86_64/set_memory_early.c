// SPDX-License-Identifier: MIT
/*
 * set_memory_* on the boot page tables: CR3 -> PML4 -> PDPT -> PD -> PT,
 * each table reached through the kernel mapping (the tables live in the
 * brk pool inside the image). Only 4 KiB entries are changed, so a request
 * touching a large page fails as a whole.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/pgtable_early.h"
#include "arch/x86_64/set_memory.h"
#include "kernel/lib/errno.h"

u64 *early_table_virt(u64 phys)
{
	u64 image = (u64)(_end - _text);

	if (phys < early_load_phys || phys - early_load_phys >= image)
		return NULL;
	return (u64 *)(KERNEL_VIRT_BASE + (phys - early_load_phys));
}

u64 *early_pte_lookup(unsigned long va)
{
	u64 *table = early_table_virt(read_cr3() & PTE_PFN_MASK);

	for (int level = 4; level > 1 && table; level--) {
		u64 e = table[pt_index(va, level)];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		table = early_table_virt(e & PTE_PFN_MASK);
	}
	return table ? &table[pt_index(va, 1)] : NULL;
}

/* Set @set and clear @clear on @numpages 4 KiB entries, all or none. */
static int change_page_attr(unsigned long addr, int numpages, u64 set,
			    u64 clear)
{
	if (addr & (PAGE_SIZE - 1) || numpages < 0)
		return -EINVAL;
	for (int i = 0; i < numpages; i++) {
		u64 *pte = early_pte_lookup(addr + i * PAGE_SIZE);

		/* A page that is already not present still has its entry. */
		if (!pte || !(*pte & PTE_PFN_MASK))
			return -EFAULT;
	}
	for (int i = 0; i < numpages; i++) {
		unsigned long va = addr + i * PAGE_SIZE;
		u64 *pte = early_pte_lookup(va);

		*pte = (*pte & ~clear) | set;
		invlpg(va);
	}
	return 0;
}

int set_memory_np(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, 0, _PAGE_PRESENT);
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, 0, _PAGE_RW);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, _PAGE_RW, 0);
}

int lookup_pte_flags(unsigned long addr, unsigned long *flags)
{
	u64 *pte = early_pte_lookup(addr);

	if (!pte || !(*pte & PTE_PFN_MASK))
		return -EFAULT;
	*flags = *pte & (~PTE_PFN_MASK);
	return 0;
}
