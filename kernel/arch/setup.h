/* SPDX-License-Identifier: MIT */
/* The architecture's part of start_kernel. */
#ifndef KEEL_KERNEL_ARCH_SETUP_H
#define KEEL_KERNEL_ARCH_SETUP_H

#include "kernel/lib/types.h"

/*
 * setup_arch - report what the boot loader handed over (boot protocol,
 * loader, memory map) and set up the machine's memory.
 * Context: early boot, after the command line has been parsed.
 */
void setup_arch(void);

/*
 * The boot loader's initrd as memblock reserved it (it stays reserved and
 * is reached through phys_to_virt): true with its physical start and
 * size, false when there is none.
 */
bool arch_get_initrd(phys_addr_t *start, u64 *size);

/* The initrd's memory was given back: arch_get_initrd says none now. */
void arch_forget_initrd(void);

/*
 * dump_kernel_offset - at a panic, where kernel image KASLR put the kernel:
 * Linux's "Kernel Offset: 0x... from 0x..." line, or "disabled".
 * Context: any (panic).
 */
void dump_kernel_offset(void);

#endif
