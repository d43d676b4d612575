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
	/*
	 * Pushed by the per-vector stub; the syscall entry stores the call
	 * number in orig_ax (Linux's name) and PT_SYSCALL_FRAME in
	 * error_code.
	 */
	union {
		unsigned long vector;
		unsigned long orig_ax;
	};
	unsigned long error_code; /* 0 when the CPU pushes none */
	/* The hardware frame (SDM vol. 3, 6.14.2). */
	unsigned long rip, cs, rflags, rsp, ss;
};

#define PT_REGS_SIZE (22 * 8)
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "pt_regs layout");

/* error_code of a frame built by the syscall entry. */
#define PT_SYSCALL_FRAME 0x53595343UL /* "CSYS": fits a push imm32 */

/* The syscall number of a syscall frame, or -1 for any other frame. */
static inline long syscall_get_nr(const struct pt_regs *regs)
{
	return regs->error_code == PT_SYSCALL_FRAME ? (long)regs->orig_ax : -1;
}

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) != 0;
}

#endif
