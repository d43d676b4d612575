// SPDX-License-Identifier: MIT
/*
 * The IDT: 256 gates, each pointing at its stub in entry_64.asm.
 *
 *   0x00-0x1f  exceptions: interrupt gates, DPL 0, except #BP and #OF
 *              (DPL 3: int3 and into work from user mode); #DF, NMI and
 *              #MC on their IST stacks
 *   0x20-0x2f  the 8259 PICs after remapping (masked: only spurious)
 *   0x30-0x7f  device interrupts (ISA IRQ n at 0x30 + n, then GSIs)
 *   0x80       legacy int 0x80 system call gate, DPL 3
 *   0x81-0xeb  device interrupts
 *   0xec       LOCAL_TIMER_VECTOR
 *   0xfe       APIC error, 0xff spurious APIC interrupt
 */
#include "arch/x86_64/desc.h"
#include "kernel/lib/trapdecode.h"

#define IDT_STUB_SIZE 16
#define GATE_INTERRUPT 0xe /* 64-bit interrupt gate: IF cleared */
#define GATE_PRESENT 0x80
#define GATE_DPL_SHIFT 5

extern const char idt_entry_stubs[];

struct gate_desc idt_table[NR_VECTORS] __aligned(PAGE_SIZE);

static void set_gate(unsigned int vector, unsigned int dpl, unsigned int ist)
{
	unsigned long addr =
		(unsigned long)(idt_entry_stubs + vector * IDT_STUB_SIZE);

	idt_table[vector] = (struct gate_desc){
		.offset_low = addr & 0xffff,
		.segment = KERNEL_CS,
		.ist = (u8)ist,
		.type_attr = GATE_PRESENT | (u8)(dpl << GATE_DPL_SHIFT) |
			     GATE_INTERRUPT,
		.offset_middle = (addr >> 16) & 0xffff,
		.offset_high = (u32)(addr >> 32),
	};
}

void idt_setup(void)
{
	struct desc_ptr p = {.size = sizeof(idt_table) - 1,
			     .address = (u64)idt_table};

	for (unsigned int v = 0; v < NR_VECTORS; v++)
		set_gate(v, 0, 0);
	set_gate(X86_TRAP_BP, 3, 0);
	set_gate(X86_TRAP_OF, 3, 0);
	set_gate(IA32_SYSCALL_VECTOR, 3, 0);
	set_gate(X86_TRAP_DF, 0, IST_INDEX_DF);
	set_gate(X86_TRAP_NMI, 0, IST_INDEX_NMI);
	set_gate(X86_TRAP_MC, 0, IST_INDEX_MC);
	__asm__ volatile("lidt %0" : : "m"(p));
}
