// SPDX-License-Identifier: MIT
/*
 * ioremap before the memory bring-up: a 2 MiB window of 4 KiB pages at
 * IOREMAP_EARLY_BASE, mapped uncached (PCD | PWT: PAT index 3, UC with
 * both the power-on and Linux's PAT) through one page directory and one
 * page table of this file's own, hooked into the boot PML4's kernel-half
 * PDPT. Slots are handed out first fit and given back by iounmap.
 *
 *   0xffffffff80000000  kernel image (PDPT entry 510, up to 512 MiB)
 *   0xffffffffc0000000  IOREMAP_EARLY_BASE (PDPT entry 511), 2 MiB
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/pgtable_early.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define IOREMAP_EARLY_BASE 0xffffffffc0000000UL
#define IOREMAP_EARLY_PAGES PTRS_PER_TABLE
#define MSR_EFER 0xc0000080
#define EFER_NXE BIT(11)
#define MAX_PHYS_ADDR (1ULL << 52)

static u64 ioremap_pd[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static u64 ioremap_pt[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
/* Pages of the mapping that starts at each slot; 0 for free or inner. */
static u16 slot_pages[IOREMAP_EARLY_PAGES];
static bool slot_used[IOREMAP_EARLY_PAGES];
static bool window_ready;

/* Hook the window's PD and PT into the live tables. */
static bool window_init(void)
{
	unsigned long va = IOREMAP_EARLY_BASE;
	u64 *pml4 = early_table_virt(read_cr3() & PTE_PFN_MASK);
	u64 *pdpt;
	u64 *e;

	if (!pml4 || !(pml4[pt_index(va, 4)] & _PAGE_PRESENT))
		return false;
	pdpt = early_table_virt(pml4[pt_index(va, 4)] & PTE_PFN_MASK);
	if (!pdpt)
		return false;
	e = &pdpt[pt_index(va, 3)];
	if (*e & _PAGE_PRESENT) {
		pr_err("ioremap: window 0x%lx already in use (entry 0x%llx)",
		       va, (unsigned long long)*e);
		return false;
	}
	ioremap_pd[pt_index(va, 2)] =
		__pa_symbol(ioremap_pt) | _PAGE_PRESENT | _PAGE_RW;
	*e = __pa_symbol(ioremap_pd) | _PAGE_PRESENT | _PAGE_RW;
	window_ready = true;
	return true;
}

/* First run of @n free slots, or -1. */
static int find_slots(unsigned int n)
{
	unsigned int run = 0;

	for (unsigned int i = 0; i < IOREMAP_EARLY_PAGES; i++) {
		run = slot_used[i] ? 0 : run + 1;
		if (run == n)
			return (int)(i + 1 - n);
	}
	return -1;
}

void *ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t first = phys & PAGE_MASK;
	u64 nx = (rdmsr(MSR_EFER) & EFER_NXE) ? _PAGE_NX : 0;
	unsigned long pages;
	int slot;

	if (size == 0 || phys >= MAX_PHYS_ADDR || size > MAX_PHYS_ADDR - phys) {
		pr_err("ioremap: bad range 0x%llx + 0x%zx",
		       (unsigned long long)phys, size);
		return NULL;
	}
	pages = (unsigned long)(PFN_UP(phys + size) - PFN_DOWN(phys));
	if (!window_ready && !window_init())
		return NULL;
	slot = pages <= IOREMAP_EARLY_PAGES ? find_slots(pages) : -1;
	if (slot < 0) {
		pr_err("ioremap: no room for %lu pages at 0x%llx", pages,
		       (unsigned long long)phys);
		return NULL;
	}
	for (unsigned long i = 0; i < pages; i++) {
		unsigned long va = IOREMAP_EARLY_BASE + (slot + i) * PAGE_SIZE;

		slot_used[slot + i] = true;
		ioremap_pt[slot + i] = (first + i * PAGE_SIZE) | _PAGE_PRESENT |
				       _PAGE_RW | _PAGE_PCD | _PAGE_PWT | nx;
		invlpg(va);
	}
	slot_pages[slot] = (u16)pages;
	return (void *)(IOREMAP_EARLY_BASE + slot * PAGE_SIZE +
			(phys & ~PAGE_MASK));
}

void iounmap(void *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK;
	unsigned long slot = (va - IOREMAP_EARLY_BASE) / PAGE_SIZE;

	if (!addr)
		return;
	if (va < IOREMAP_EARLY_BASE || slot >= IOREMAP_EARLY_PAGES ||
	    !slot_pages[slot]) {
		pr_err("iounmap: %p was not returned by ioremap", addr);
		return;
	}
	for (unsigned long i = 0; i < slot_pages[slot]; i++) {
		ioremap_pt[slot + i] = 0;
		slot_used[slot + i] = false;
		invlpg(va + i * PAGE_SIZE);
	}
	slot_pages[slot] = 0;
}
