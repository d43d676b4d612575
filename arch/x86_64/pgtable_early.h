/* SPDX-License-Identifier: MIT */
/*
 * Reaching the boot page tables (built by head64_early.c in the brk pool)
 * from C at the kernel's linked address. Shared by set_memory_early.c and
 * ioremap_early.c; both go away when the memory bring-up owns the tables.
 */
#ifndef KEEL_ARCH_X86_64_PGTABLE_EARLY_H
#define KEEL_ARCH_X86_64_PGTABLE_EARLY_H

#include "kernel/lib/types.h"

#define _PAGE_PRESENT BIT(0)
#define _PAGE_RW BIT(1)
#define _PAGE_PWT BIT(3)
#define _PAGE_PCD BIT(4)
#define _PAGE_PSE BIT(7)
#define _PAGE_NX BIT_ULL(63)
#define PTE_PFN_MASK 0x000ffffffffff000ULL
#define PTRS_PER_TABLE 512

/* Index of @va in the table of @level (4 = PML4 ... 1 = PT). */
static inline unsigned int pt_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS_PER_TABLE - 1);
}

/**
 * early_table_virt - virtual address of a page-table page at @phys.
 * @phys: physical address of a table (inside the kernel image: the brk
 *	pool or a static table).
 * Return: the address, or NULL when the table is outside the image.
 * Context: any.
 */
u64 *early_table_virt(u64 phys);

/**
 * early_pte_lookup - the 4 KiB entry mapping @va in the live tables.
 * @va: virtual address.
 * Return: the entry, or NULL when a level is absent, a large page maps
 * @va, or a table is out of reach.
 * Context: any.
 */
u64 *early_pte_lookup(unsigned long va);

#endif
