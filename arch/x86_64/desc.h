/* SPDX-License-Identifier: MIT */
/*
 * The CPU tables: GDT, 64-bit TSS, IDT (Intel SDM vol. 3, 3.4.5, 7.7 and
 * 6.14). Built and loaded once by trap_init.
 */
#ifndef KEEL_ARCH_X86_64_DESC_H
#define KEEL_ARCH_X86_64_DESC_H

#include "arch/x86_64/segment.h"
#include "kernel/lib/types.h"

#define NR_VECTORS 256
#define FIRST_EXTERNAL_VECTOR 0x20
#define IA32_SYSCALL_VECTOR 0x80
#define LOCAL_TIMER_VECTOR 0xec
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff

/* 64-bit TSS (SDM vol. 3, figure 7-11). */
struct tss_struct {
	u32 reserved0;
	u64 sp0, sp1, sp2;
	u64 reserved1;
	u64 ist[7]; /* IST1..IST7 */
	u64 reserved2;
	u16 reserved3;
	u16 io_bitmap_base;
} __packed;

/* An IDT gate (SDM vol. 3, figure 6-8). */
struct gate_desc {
	u16 offset_low;
	u16 segment;
	u8 ist;
	u8 type_attr; /* P, DPL, type */
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __packed;

struct desc_ptr {
	u16 size;
	u64 address;
} __packed;

/* The kernel's TSS (RSP0 and the IST stacks). */
extern struct tss_struct cpu_tss;

/* Exception stacks: [guard page][stack] each, IST order. */
#define EXCEPTION_STACK_SIZE (4 * PAGE_SIZE)
#define RSP0_STACK_SIZE (4 * PAGE_SIZE)

/**
 * cpu_tables_init - build and load the GDT and TSS (ltr), unmap the guard
 * page below each IST stack and the boot stack, set CR0.WP.
 * Context: boot, once, interrupts off.
 */
void cpu_tables_init(void);

/**
 * idt_setup - fill all 256 IDT gates and load the IDT with lidt,
 * replacing the boot IDT.
 * Context: boot, once, after cpu_tables_init().
 */
void idt_setup(void);

/* Read back the loaded tables (for tests). */
void store_gdt(struct desc_ptr *p);
void store_idt(struct desc_ptr *p);
u16 store_tr(void);

/* The IDT, for tests that inspect gates. */
extern struct gate_desc idt_table[NR_VECTORS];

/* Address a gate points at. */
static inline unsigned long gate_offset(const struct gate_desc *g)
{
	return g->offset_low | ((unsigned long)g->offset_middle << 16) |
	       ((unsigned long)g->offset_high << 32);
}

/**
 * stack_name_of - which kernel stack @addr lies on.
 * @addr: an address.
 * @lo: set to the stack's lowest address (may be NULL).
 * @hi: set to one past its highest address (may be NULL).
 * Return: "boot", "DF", "NMI", "MC", "RSP0", or NULL when on none.
 * Context: any.
 */
const char *stack_name_of(unsigned long addr, unsigned long *lo,
			  unsigned long *hi);

/* The guard page below the boot stack (for the stack-overflow test). */
unsigned long boot_stack_guard(void);

#endif
