/* SPDX-License-Identifier: MIT */
/*
 * Exceptions: what the handlers record, and the oops machinery.
 */
#ifndef KEEL_ARCH_X86_64_TRAPS_H
#define KEEL_ARCH_X86_64_TRAPS_H

#include "arch/x86_64/ptrace.h"
#include "kernel/lib/trapdecode.h"

/* The last kernel fault recovered through the exception table. */
struct fault_record {
	unsigned long vector;
	unsigned long error_code;
	unsigned long cr2; /* #PF only; 0 otherwise */
	unsigned long rip; /* the faulting instruction */
	unsigned long fixup; /* where execution resumed */
};

extern struct fault_record last_fixup;

/* Exceptions taken per vector since boot (fixed up or not). */
extern unsigned long exception_counts[NR_EXCEPTION_VECTORS];

/* NMIs handled since boot. */
unsigned long nmi_count(void);

/**
 * fixup_exception - resume a kernel fault at its exception-table fixup.
 * @regs: the frame; rip (and rax for EX_TYPE_FAULT) is changed on a match.
 * @insn: address of the faulting instruction (rip, or rip - 1 for int3).
 * @cr2: the fault address for #PF, else 0.
 * Return: true when an entry matched and @regs now resumes at its fixup.
 * Context: exception handlers.
 */
bool fixup_exception(struct pt_regs *regs, unsigned long insn,
		     unsigned long cr2);

/**
 * die - report a fatal kernel exception (the oops) and panic.
 * @regs: the frame.
 * @cr2: CR2 as read on entry (printed for #PF).
 * Context: exception handlers.
 */
void die(struct pt_regs *regs, unsigned long cr2) __noreturn;

/**
 * show_regs - print every register of @regs and the control registers.
 * @regs: the frame.
 * Context: any.
 */
void show_regs(const struct pt_regs *regs);

/**
 * show_trace - "Call Trace:" and one line per frame, found by following
 * the frame-pointer chain from @rbp (every frame must lie on a known
 * kernel stack; reads are fault-safe).
 * @rip: the first address to print.
 * @rbp: the frame pointer at @rip.
 * Context: any.
 */
void show_trace(unsigned long rip, unsigned long rbp);

/**
 * dump_stack - show_trace() from the caller.
 * Context: any.
 */
void dump_stack(void);

#endif
