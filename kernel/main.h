/* SPDX-License-Identifier: MIT */
/* start_kernel and what it shares with the rest of the kernel. */
#ifndef KEEL_KERNEL_MAIN_H
#define KEEL_KERNEL_MAIN_H

#include "boot/bootparam.h"
#include "kernel/lib/types.h"

/* The command line as the boot loader passed it (copied by the arch). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/* The version banner: "keel version 0.1.0 (clang 14.0.6, ld.lld) #1". */
extern const char keel_banner[];

void start_kernel(void) __noreturn;

#endif
