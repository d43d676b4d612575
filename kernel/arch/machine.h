/* SPDX-License-Identifier: MIT */
/* Stopping the machine, and the boot clock, as the kernel sees them. */
#ifndef KEEL_KERNEL_ARCH_MACHINE_H
#define KEEL_KERNEL_ARCH_MACHINE_H

#include "kernel/lib/types.h"

/*
 * Exit statuses for a QEMU run (isa-debug-exit, port 0xf4, 4 bytes): QEMU
 * exits with (value << 1) | 1, so 33, 35 and 37. tools/qemu_run.py maps them.
 */
#define QEMU_EXIT_PASS 0x10
#define QEMU_EXIT_FAIL 0x11
#define QEMU_EXIT_PANIC 0x12

/*
 * End the run: under QEMU with isa-debug-exit the process exits with
 * @status; elsewhere (or when the device is absent) the CPU halts for good.
 */
void arch_machine_exit(u32 status) __noreturn;

/*
 * Reset the machine: the ACPI FADT reset register when there is one, then
 * the keyboard controller, then a triple fault. Never returns.
 */
void arch_machine_restart(void) __noreturn;

/* Turn the machine off (ACPI S5), else halt. */
void arch_machine_power_off(void) __noreturn;

/* Stop this CPU with interrupts off. */
void arch_halt_forever(void) __noreturn;

/*
 * Nanoseconds since boot, for printk timestamps: the clocksource's
 * ktime_get_ns() once one is registered; before that a TSC whose
 * frequency CPUID leaf 0x15/0x16 states, else 0.
 */
u64 arch_boot_clock_ns(void);

#endif
