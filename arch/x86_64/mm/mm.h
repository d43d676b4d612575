/* SPDX-License-Identifier: MIT */
/* The x86_64 memory set-up steps setup_arch runs, in order. */
#ifndef KEEL_ARCH_X86_64_MM_MM_H
#define KEEL_ARCH_X86_64_MM_MM_H

#include "kernel/arch/e820.h" /* e820_table, e820_ram_pages */
#include "kernel/arch/mm.h"
/* Physical address of the loader's zero page. */
extern unsigned long boot_params_phys;

/* 1. The e820 map: sanitise, user options, BIOS trim, max_pfn. */
void e820__memory_setup(unsigned int max_physmem_bits);
/* 2. memblock from e820, with the boot-time reservations. */
void x86_memblock_setup(void);
/* 3. The virtual layout: KASLR (or the fixed one under `nokaslr`). */
void kernel_randomize_memory(unsigned int levels);
/* 4. The kernel's final page tables: direct map, kernel image, CR3. */
void init_mem_mapping(void);
/* 5. Sections, vmemmap, zones: the page allocator ready to be fed. */
void paging_init(void);

/* PAT: program the MSR with mm/pat's value and check it (4a). */
void pat_init(void);
/* The IA32_PAT value pat_init programmed. */
extern u64 pat_msr_programmed;
/* MTRRs: read and print them (before pat_init, as Linux), then report
 * RAM and write-combining the MTRRs keep from their PAT type (after). */
void mtrr_bp_init(void);
void mtrr_check_memtypes(void);
/* MAXPHYADDR: CPUID 0x80000008 EAX 7:0, or 36 without that leaf. */
unsigned int cpu_phys_bits(void);

/*
 * extend_brk - take @size bytes at @align from the brk area (after bss).
 * Returns the kernel virtual address, or NULL when the area is used up.
 */
void *extend_brk(unsigned long size, unsigned long align);
/* Release the unused tail of the brk area to memblock. */
void reserve_brk(void);

/* Flush every non-global (or, with @global, every) TLB entry. */
void flush_tlb_all(void);

#endif
