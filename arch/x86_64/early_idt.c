// SPDX-License-Identifier: MIT
/*
 * The boot IDT: from the first C instruction on, an exception prints the
 * vector, its name, the error code, RIP and CR2 and stops the machine,
 * never a silent triple fault.
 */
#include "arch/x86_64/early_idt.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/segment.h"
#include "kernel/arch/console.h"
#include "kernel/arch/machine.h"
#include "kernel/lib/trapdecode.h"
#include "kernel/lib/vsprintf.h"

#define EARLY_IDT_VECTORS 32
#define EARLY_IDT_STUB_SIZE 16
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gates are 16 bytes");

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

extern const char early_idt_handler_array[];

static struct idt_gate early_idt[EARLY_IDT_VECTORS] __aligned(16);

void idt_setup_early_handler(void)
{
	struct idt_ptr ptr;

	for (int i = 0; i < EARLY_IDT_VECTORS; i++) {
		u64 addr = (u64)(early_idt_handler_array +
				 i * EARLY_IDT_STUB_SIZE);

		early_idt[i] = (struct idt_gate){
			.offset_low = addr & 0xffff,
			.selector = KERNEL_CS,
			.ist = 0,
			.type_attr = GATE_INTERRUPT,
			.offset_mid = (addr >> 16) & 0xffff,
			.offset_high = addr >> 32,
		};
	}
	ptr.limit = sizeof(early_idt) - 1;
	ptr.base = (u64)early_idt;
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

static void early_print(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	arch_console_write(buf, (size_t)n);
}

void early_exception(struct early_regs *regs)
{
	early_print("\nkeel: early exception %lu (%s) error 0x%lx\n",
		    regs->vector, x86_exception_name(regs->vector),
		    regs->error_code);
	early_print("RIP: %04lx:0x%016lx RFLAGS: 0x%08lx\n", regs->cs,
		    regs->rip, regs->rflags);
	early_print("RSP: %04lx:0x%016lx CR2: 0x%016lx\n", regs->ss, regs->rsp,
		    read_cr2());
	early_print("RAX: 0x%016lx RBX: 0x%016lx RCX: 0x%016lx\n", regs->rax,
		    regs->rbx, regs->rcx);
	early_print("RDX: 0x%016lx RSI: 0x%016lx RDI: 0x%016lx\n", regs->rdx,
		    regs->rsi, regs->rdi);
	early_print("RBP: 0x%016lx R8:  0x%016lx R9:  0x%016lx\n", regs->rbp,
		    regs->r8, regs->r9);
	early_print("R10: 0x%016lx R11: 0x%016lx R12: 0x%016lx\n", regs->r10,
		    regs->r11, regs->r12);
	early_print("R13: 0x%016lx R14: 0x%016lx R15: 0x%016lx\n", regs->r13,
		    regs->r14, regs->r15);
	early_print("Kernel panic - not syncing: early exception %lu\n",
		    regs->vector);
	arch_machine_exit(QEMU_EXIT_PANIC);
}
