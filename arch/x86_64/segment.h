/* SPDX-License-Identifier: MIT */
/*
 * GDT layout and segment selectors. The first four entries are those of the
 * boot GDT in head_64.asm, so the selectors stay valid when the real GDT is
 * loaded; user segments sit where Linux puts them (SYSRET needs user CS =
 * user DS + 8, and the 32-bit user CS just below).
 *
 *   index  selector  segment
 *   0      0x00      null
 *   1      0x08      KERNEL32_CS  32-bit kernel code (way in only)
 *   2      0x10      KERNEL_CS    64-bit kernel code
 *   3      0x18      KERNEL_DS    kernel data
 *   4      0x23      USER32_CS    32-bit user code, DPL 3
 *   5      0x2b      USER_DS      user data, DPL 3
 *   6      0x33      USER_CS      64-bit user code, DPL 3
 *   7      -         unused
 *   8-9    0x40      TSS          64-bit TSS (a 16-byte descriptor)
 */
#ifndef KEEL_ARCH_X86_64_SEGMENT_H
#define KEEL_ARCH_X86_64_SEGMENT_H

#define GDT_ENTRY_KERNEL32_CS 1
#define GDT_ENTRY_KERNEL_CS 2
#define GDT_ENTRY_KERNEL_DS 3
#define GDT_ENTRY_USER32_CS 4
#define GDT_ENTRY_USER_DS 5
#define GDT_ENTRY_USER_CS 6
#define GDT_ENTRY_TSS 8
#define GDT_ENTRIES 10

#define USER_RPL 3

#define KERNEL32_CS (GDT_ENTRY_KERNEL32_CS * 8)
#define KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)
#define USER32_CS (GDT_ENTRY_USER32_CS * 8 + USER_RPL)
#define USER_DS (GDT_ENTRY_USER_DS * 8 + USER_RPL)
#define USER_CS (GDT_ENTRY_USER_CS * 8 + USER_RPL)
#define TSS_SELECTOR (GDT_ENTRY_TSS * 8)

/* IST slots of the TSS (1-based, as an IDT gate names them). */
#define IST_INDEX_DF 1
#define IST_INDEX_NMI 2
#define IST_INDEX_MC 3
#define N_EXCEPTION_STACKS 3

#endif
