/* SPDX-License-Identifier: MIT */
/*
 * struct pt_regs: the frame every exception and interrupt entry builds
 * (arch/x86_64/entry_64.asm), lowest address first. The stubs push a zero
 * error code where the CPU pushes none, so the frame is the same for every
 * vector.
 */
#ifndef KEEL_ARCH_X86_64_PTRACE_H
#define KEEL_ARCH_X86_64_PTRACE_H

#include "kernel/lib/types.h"

struct pt_regs {
	/* Pushed by the common entry code. */
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi;
	/* Pushed by the per-vector stub. */
	unsigned long vector;
	unsigned long error_code; /* 0 when the CPU pushes none */
	/* The hardware frame (SDM vol. 3, 6.14.2). */
	unsigned long rip, cs, rflags, rsp, ss;
};

#define PT_REGS_SIZE (22 * 8)
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "pt_regs layout");

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) != 0;
}

#endif
