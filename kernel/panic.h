/* SPDX-License-Identifier: MIT */
#ifndef KEEL_KERNEL_PANIC_H
#define KEEL_KERNEL_PANIC_H

#include "kernel/lib/types.h"

/*
 * panic - report a fatal condition and stop: "Kernel panic - not syncing:
 * <message>", then the QEMU run ends with the panic status (or the CPU
 * halts).
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#endif
