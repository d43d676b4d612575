/* SPDX-License-Identifier: MIT */
/*
 * What the kernel keeps from the ACPI tables (arch/x86_64/acpi.c; the
 * parsing itself is pure, kernel/lib/acpi.h).
 */
#ifndef KEEL_ARCH_X86_64_ACPI_H
#define KEEL_ARCH_X86_64_ACPI_H

#include "kernel/lib/acpi.h"

/* The decoded MADT, HPET and FADT, or NULL when absent or unusable. */
const struct acpi_madt_info *acpi_madt(void);
const struct acpi_hpet_info *acpi_hpet(void);
const struct acpi_fadt_info *acpi_fadt(void);
/* The tables found (nr_tables 0 without ACPI). */
const struct acpi_tables *acpi_tables(void);

/**
 * acpi_reboot - write the FADT reset value to the reset register.
 * Return: 0 when written (the machine should reset shortly), -ENODEV
 * without a usable reset register.
 * Context: any, interrupts off.
 */
int acpi_reboot(void);

/**
 * acpi_sleep_control_write - write @value to the FADT's sleep control
 * register (HW-reduced ACPI, such as QEMU's microvm).
 * Return: 0, or -ENODEV without one (or in an address space keel cannot
 * write).
 * Context: any, interrupts off.
 */
int acpi_sleep_control_write(u8 value);

#endif
