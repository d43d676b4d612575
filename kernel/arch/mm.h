/* SPDX-License-Identifier: MIT */
/*
 * What the machine-neutral kernel needs from the architecture's memory
 * management: the kernel page tables, the layout, TLB maintenance.
 */
#ifndef KEEL_KERNEL_ARCH_MM_H
#define KEEL_KERNEL_ARCH_MM_H

#include "mm/layout.h"
#include "mm/pgtable.h"

/* The kernel's page tables (what CR3 holds once memory is set up). */
extern struct pgt init_pgt;
/* The virtual layout in force (randomised unless `nokaslr`). */
extern struct mm_layout mm_layout;
/* One past the last RAM page frame, and the same capped at 4 GiB. */
extern unsigned long max_pfn, max_low_pfn;

/* Give every kernel-half root entry of init_pgt a pinned table, so
 * user address spaces can share the kernel half (mm/mm.h). */
void preallocate_kernel_top(void);

/* The root of the page tables this CPU uses now (CR3), and loading
 * another (which drops the user half's TLB entries). */
phys_addr_t arch_current_pgd(void);
void arch_load_pgd(phys_addr_t root);
/* Zero a 4 KiB page; copy one (string instructions: the fast path on
 * every x86 CPU and under TCG, where byte loops are slow). */
void arch_clear_page(void *page);
void arch_copy_page(void *dst, const void *src);

/* Drop every non-global TLB entry of this CPU (the user half). */
void arch_flush_tlb_user(void);

/* Drop stale translations of [start, end) from this CPU's TLB. */
void arch_flush_tlb_kernel_range(unsigned long start, unsigned long end);

/* The PAT index of each cache mode in the PAT keel programs. */
unsigned int arch_pat_index_uc(void);
unsigned int arch_pat_index_wc(void);

#endif
