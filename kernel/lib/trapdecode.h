/* SPDX-License-Identifier: MIT */
/*
 * x86 exceptions decoded without the CPU: names, which vectors push an
 * error code, and what the error code says (Intel SDM vol. 3, chapter 6:
 * table 6-1 "Protected-Mode Exceptions and Interrupts", 6.13 "Error Code",
 * and 4.7 "Page-Fault Exceptions" for the #PF error code).
 */
#ifndef KEEL_LIB_TRAPDECODE_H
#define KEEL_LIB_TRAPDECODE_H

#include "kernel/lib/types.h"

/* Architectural exception vectors (SDM vol. 3, table 6-1). */
#define X86_TRAP_DE 0 /* divide error */
#define X86_TRAP_DB 1 /* debug */
#define X86_TRAP_NMI 2 /* non-maskable interrupt */
#define X86_TRAP_BP 3 /* breakpoint (int3) */
#define X86_TRAP_OF 4 /* overflow (into) */
#define X86_TRAP_BR 5 /* bound range exceeded */
#define X86_TRAP_UD 6 /* invalid opcode */
#define X86_TRAP_NM 7 /* device not available */
#define X86_TRAP_DF 8 /* double fault */
#define X86_TRAP_OLD_MF 9 /* coprocessor segment overrun */
#define X86_TRAP_TS 10 /* invalid TSS */
#define X86_TRAP_NP 11 /* segment not present */
#define X86_TRAP_SS 12 /* stack-segment fault */
#define X86_TRAP_GP 13 /* general protection */
#define X86_TRAP_PF 14 /* page fault */
#define X86_TRAP_SPURIOUS 15 /* reserved */
#define X86_TRAP_MF 16 /* x87 floating point */
#define X86_TRAP_AC 17 /* alignment check */
#define X86_TRAP_MC 18 /* machine check */
#define X86_TRAP_XF 19 /* SIMD floating point */
#define X86_TRAP_VE 20 /* virtualization exception */
#define X86_TRAP_CP 21 /* control protection */
#define X86_TRAP_HV 28 /* hypervisor injection */
#define X86_TRAP_VC 29 /* VMM communication */
#define X86_TRAP_SX 30 /* security */
#define NR_EXCEPTION_VECTORS 32

/* #PF error code bits (SDM vol. 3, 4.7, figure 4-12). */
#define X86_PF_PROT BIT(0) /* 0: not present; 1: protection violation */
#define X86_PF_WRITE BIT(1) /* 0: read; 1: write */
#define X86_PF_USER BIT(2) /* 0: supervisor mode; 1: user mode */
#define X86_PF_RSVD BIT(3) /* a reserved bit was set in a paging entry */
#define X86_PF_INSTR BIT(4) /* instruction fetch */
#define X86_PF_PK BIT(5) /* protection-key violation */
#define X86_PF_SHSTK BIT(6) /* shadow-stack access */
#define X86_PF_SGX BIT(15) /* SGX access-control violation */

/* Selector error code bits (SDM vol. 3, 6.13, figure 6-6). */
#define X86_SEL_EXT BIT(0) /* external event */
#define X86_SEL_IDT BIT(1) /* the index names an IDT gate */
#define X86_SEL_TI BIT(2) /* with IDT clear: LDT (1) or GDT (0) */
#define X86_SEL_INDEX_SHIFT 3

/**
 * x86_exception_name - mnemonic and name of an exception vector.
 * @vector: 0-31.
 *
 * Return: e.g. "#PF page fault", or "reserved" for reserved or larger
 * vectors.
 * Context: any.
 */
const char *x86_exception_name(unsigned long vector);

/**
 * x86_exception_has_error_code - does the CPU push an error code?
 * @vector: 0-31.
 *
 * Return: true for #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC and #SX.
 * Context: any.
 */
bool x86_exception_has_error_code(unsigned long vector);

/**
 * x86_error_code_is_selector - is the error code of @vector a selector
 * error code (#TS, #NP, #SS, #GP)?
 * @vector: exception vector.
 * Return: true for those four.
 * Context: any.
 */
bool x86_error_code_is_selector(unsigned long vector);

/**
 * pf_error_decode - describe a #PF error code.
 * @error_code: the code the CPU pushed.
 * @buf: receives a NUL-terminated text.
 * @size: size of @buf.
 *
 * Three words always ("not-present"/"protection", "read"/"write"/
 * "ifetch", "kernel"/"user"), then one word per further set bit ("rsvd",
 * "pk", "shstk", "sgx"): e.g. 0x0002 gives "not-present write kernel",
 * 0x0011 "protection ifetch kernel".
 *
 * Return: the length of the text (as kscnprintf: truncated to fit).
 * Context: any.
 */
int pf_error_decode(u64 error_code, char *buf, size_t size);

/**
 * selector_error_decode - describe a selector error code (#TS #NP #SS #GP).
 * @error_code: the code the CPU pushed.
 * @buf: receives a NUL-terminated text.
 * @size: size of @buf.
 *
 * "none" for 0; else "IDT vector 13", "GDT selector 0x28" or "LDT selector
 * 0x2c", followed by " external" when EXT is set.
 *
 * Return: the length of the text.
 * Context: any.
 */
int selector_error_decode(u64 error_code, char *buf, size_t size);

#endif
