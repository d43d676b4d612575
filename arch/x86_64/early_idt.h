/* SPDX-License-Identifier: MIT */
#ifndef KEEL_ARCH_X86_64_EARLY_IDT_H
#define KEEL_ARCH_X86_64_EARLY_IDT_H

#include "kernel/lib/types.h"

/* The frame early_idt_common builds, lowest address first. */
struct early_regs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long vector, error_code;
	unsigned long rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Load the boot IDT: vectors 0-31 report and stop the machine. */
void idt_setup_early_handler(void);

void early_exception(struct early_regs *regs) __noreturn;

#endif
