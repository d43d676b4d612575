/* SPDX-License-Identifier: MIT */
/*
 * x86 constants that C and the assembly both use and that have no better
 * home: CPUID feature bits, EFLAGS bits the boot code tests, the legacy
 * ISA ports (8259 PICs, the CMOS index and its NMI-disable bit). Macros
 * only, so tools/genoffsets (a host program) can turn them into x86.inc
 * for nasm: one definition for both languages.
 */
#ifndef KEEL_ARCH_X86_64_X86_CONSTS_H
#define KEEL_ARCH_X86_64_X86_CONSTS_H

/* EFLAGS.ID: settable only when the CPU has CPUID. */
#define X86_EFLAGS_ID_BIT 21

/* CPUID 0x80000001 EDX, as bit numbers (bt in the assembly). */
#define CPUID_EXT_EDX_NX_BIT 20
#define CPUID_EXT_EDX_1GB_PAGES_BIT 26
#define CPUID_EXT_EDX_LM_BIT 29

/* The two 8259 PICs. */
#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_DATA 0xa1

/* The CMOS (MC146818): index port, whose bit 7 masks NMIs, and data. */
#define CMOS_INDEX_PORT 0x70
#define CMOS_DATA_PORT 0x71
#define CMOS_NMI_DISABLE 0x80

#endif
