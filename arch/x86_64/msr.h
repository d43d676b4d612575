/* SPDX-License-Identifier: MIT */
/*
 * The hardware constants keel uses, defined once: model-specific
 * register numbers (Intel SDM vol. 4, chapter 2; AMD APM vol. 2,
 * appendix A) and control-register and RFLAGS bits (SDM vol. 3A 2.5 and
 * vol. 1 3.4.3), with Linux's names. Segment selectors are in
 * arch/x86_64/segment.h. The assembly gets the MSR, EFER, CR0 and CR4
 * values and the selectors from x86.inc, which tools/genoffsets writes
 * from these headers at build time.
 */
#ifndef KEEL_ARCH_X86_64_MSR_H
#define KEEL_ARCH_X86_64_MSR_H

#include "kernel/lib/types.h"

/* MSRs */
#define MSR_IA32_APICBASE 0x1b
#define MSR_MTRRcap 0xfe
#define MSR_MTRRphysBase0 0x200 /* PHYSBASEn at 0x200 + 2n, PHYSMASKn + 1 */
#define MTRRphysBase_MSR(n) (MSR_MTRRphysBase0 + 2 * (n))
#define MTRRphysMask_MSR(n) (MSR_MTRRphysBase0 + 2 * (n) + 1)
#define MSR_MTRRfix64K_00000 0x250
#define MSR_MTRRfix16K_80000 0x258
#define MSR_MTRRfix16K_A0000 0x259
#define MSR_MTRRfix4K_C0000 0x268 /* .. MSR_MTRRfix4K_F8000 0x26f */
#define MSR_IA32_CR_PAT 0x277
#define MSR_MTRRdefType 0x2ff
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

/* EFER: bit numbers (for bts in assembly) and masks */
#define _EFER_SCE 0 /* syscall/sysret */
#define _EFER_LME 8 /* long mode enable */
#define _EFER_NX 11 /* no-execute enable */
#define EFER_SCE BIT(_EFER_SCE)
#define EFER_LME BIT(_EFER_LME)
#define EFER_NX BIT(_EFER_NX)

/* CR0 */
#define X86_CR0_PE BIT(0) /* protected mode */
#define X86_CR0_MP BIT(1)
#define X86_CR0_EM BIT(2)
#define X86_CR0_TS BIT(3)
#define X86_CR0_NE BIT(5)
#define X86_CR0_WP BIT(16) /* supervisor writes honour read-only pages */
#define X86_CR0_PG BIT(31) /* paging */

/* CR4 */
#define X86_CR4_PAE BIT(5)
#define X86_CR4_PGE BIT(7)
#define X86_CR4_OSFXSR BIT(9)
#define X86_CR4_OSXMMEXCPT BIT(10)
#define X86_CR4_LA57 BIT(12)
#define X86_CR4_OSXSAVE BIT(18)
#define X86_CR4_SMEP BIT(20)
#define X86_CR4_SMAP BIT(21)

/* CPUID feature bits */
#define CPUID_7_ECX_LA57 BIT(16) /* 5-level paging */

/* RFLAGS */
#define X86_EFLAGS_CF BIT(0)
#define X86_EFLAGS_PF BIT(2)
#define X86_EFLAGS_AF BIT(4)
#define X86_EFLAGS_ZF BIT(6)
#define X86_EFLAGS_SF BIT(7)
#define X86_EFLAGS_TF BIT(8)
#define X86_EFLAGS_IF BIT(9)
#define X86_EFLAGS_DF BIT(10)
#define X86_EFLAGS_IOPL (3UL << 12)
#define X86_EFLAGS_OF BIT(11)
#define X86_EFLAGS_NT BIT(14)
#define X86_EFLAGS_RF BIT(16)
#define X86_EFLAGS_AC BIT(18)

#endif
