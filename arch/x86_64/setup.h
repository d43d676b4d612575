/* SPDX-License-Identifier: MIT */
#ifndef KEEL_ARCH_X86_64_SETUP_H
#define KEEL_ARCH_X86_64_SETUP_H

#include "boot/bootparam.h"
#include "kernel/arch/e820.h" /* e820_table_firmware */

/* The kernel's copy of the zero page (copy_bootdata). */
extern struct boot_params boot_params;

/* Name of a boot loader type (setup header type_of_loader >> 4). */
const char *boot_loader_name(u8 type_of_loader);

#endif
