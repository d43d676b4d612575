/* SPDX-License-Identifier: MIT */
/* The kernel's place in memory and the hand-over from the entry code. */
#ifndef KEEL_ARCH_X86_64_HEAD64_H
#define KEEL_ARCH_X86_64_HEAD64_H

#include "kernel/lib/types.h"
#include "mm/layout.h" /* __START_KERNEL_map */

/* Must match arch/x86_64/kernel.ld. The kernel is linked to run at
 * KERNEL_VIRT_BASE; kernel image KASLR moves it up (kaslr_offset()). */
#define LOAD_PHYSICAL_ADDR 0x1000000UL
#define KERNEL_VIRT_BASE (__START_KERNEL_map + LOAD_PHYSICAL_ADDR)

/* Set by __startup_64 (arch/x86_64/head64_early.c). */
extern unsigned long early_pgt_pool_used;
extern unsigned long early_load_phys;
extern unsigned long early_text_virt;
extern unsigned long early_pgtable_levels;
/*
 * Why 5-level paging is not used although the CPU has it. A number, not a
 * string: __startup_64 runs position-independent at physical addresses,
 * so a pointer it takes would not survive the switch to the final tables.
 */
enum early_5level_reason {
	EARLY_5LEVEL_USED_OR_ABSENT,
	EARLY_5LEVEL_NO5LVL, /* `no5lvl` on the command line */
	EARLY_5LEVEL_ABOVE_4G, /* loaded above 4 GiB: depth left as found */
};
extern unsigned long early_5level_reason;
extern unsigned long early_page0_pte;

/* Boundaries from the linker script. */
extern char _text[], _stext[], _etext[], __start_rodata[], __end_rodata[];
extern char _sdata[], _edata[], __init_begin[], __init_end[];
extern char __bss_start[], __bss_stop[], __brk_base[], __brk_limit[], _end[];

/*
 * How far kernel image KASLR moved the kernel's virtual addresses from
 * KERNEL_VIRT_BASE, as Linux's kaslr_offset(): the decompressor added it
 * to every absolute address of the image (tools/relocs), _text's too. 0
 * with nokaslr and for images no decompressor ran on (keel-uncompressed,
 * the PVH entry of keel.elf).
 */
static inline unsigned long kaslr_offset(void)
{
	return (unsigned long)_text - KERNEL_VIRT_BASE;
}

/* Did the decompressor randomise the kernel's place (KASLR_FLAG, set in
 * the zero page's loadflags as Linux does)? Defined in setup.c. */
bool kaslr_enabled(void);

/* Physical address of a kernel-image symbol: its distance from _text,
 * from where the image was loaded, wherever both went. */
static inline phys_addr_t __pa_symbol(const void *p)
{
	return (phys_addr_t)((unsigned long)p - (unsigned long)_text) +
	       early_load_phys;
}

/*
 * What the entry code hands over (head_64.asm): a zero page (the 16-, 32-
 * and 64-bit boot protocol entries) or a PVH start info (pvh_start).
 */
#define BOOT_ENTRY_BOOT_PARAMS 0
#define BOOT_ENTRY_PVH 1
/* How this boot came in: a BOOT_ENTRY_* value. */
extern unsigned long boot_entry;

unsigned long __startup_64(unsigned long load_phys, unsigned long data_phys,
			   unsigned long entry);
/* A PVH boot's log lines from before the banner (head64.c). */
void pvh_print_boot_log(void);
void x86_64_start_kernel(unsigned long data_phys, unsigned long entry)
	__attribute__((noreturn));

#endif
