/* SPDX-License-Identifier: MIT */
/*
 * Changing the attributes of kernel mappings, page by page, in the
 * kernel's page tables (init_pgt) through mm/pgtable (arch/x86_64/mm/
 * set_memory.c). The kernel image is mapped with 4 KiB pages, so every
 * page of it can be changed on its own.
 */
#ifndef KEEL_ARCH_X86_64_SET_MEMORY_H
#define KEEL_ARCH_X86_64_SET_MEMORY_H

/**
 * set_memory_np - make @numpages pages from @addr not present.
 * @addr: page-aligned kernel virtual address.
 * @numpages: number of 4 KiB pages.
 *
 * Nothing is changed unless every page is mapped with a 4 KiB entry.
 * The TLB entries are flushed.
 * Return: 0; -EINVAL for an unaligned address; -EFAULT when a page is not
 * 4 KiB-mapped (or its tables are out of reach).
 * Context: any, interrupts off or single CPU.
 */
int set_memory_np(unsigned long addr, int numpages);

/**
 * set_memory_ro - make @numpages pages from @addr read-only.
 * @addr: page-aligned kernel virtual address.
 * @numpages: number of 4 KiB pages.
 * Return and context: as set_memory_np().
 */
int set_memory_ro(unsigned long addr, int numpages);

/**
 * set_memory_rw - make @numpages pages from @addr writable again.
 * @addr: page-aligned kernel virtual address.
 * @numpages: number of 4 KiB pages.
 * Return and context: as set_memory_np().
 */
int set_memory_rw(unsigned long addr, int numpages);

/**
 * lookup_pte_flags - the flags of the 4 KiB entry mapping @addr.
 * @addr: kernel virtual address.
 * @flags: set to the entry's low 12 bits and bit 63 (NX).
 * Return: 0, or -EFAULT when @addr is not mapped (set_memory_np leaves
 * no entry) or is mapped by a large page.
 * Context: any.
 */
int lookup_pte_flags(unsigned long addr, unsigned long *flags);

#endif
