/* SPDX-License-Identifier: MIT */
/* panic: the end of a run that cannot go on. */
#ifndef KEEL_KERNEL_PANIC_H
#define KEEL_KERNEL_PANIC_H

#include "kernel/lib/types.h"

/**
 * panic - print "Kernel panic - not syncing: <message>" and stop: reboot
 * when `panic=N` asked for it (N < 0 at once, N > 0 after N seconds), else
 * exit QEMU with QEMU_EXIT_PANIC (or halt on real hardware).
 * @fmt: printf-style message.
 * Context: any; never returns.
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

/* Seconds before a panic reboots (0: never; < 0: at once). `panic=N`. */
extern int panic_timeout;
/* panic_on_oops=: an oops in a task panics instead of killing it. */
extern int panic_on_oops;

#endif
