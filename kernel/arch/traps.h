/* SPDX-License-Identifier: MIT */
/* Exceptions and interrupts, as start_kernel sees them. */
#ifndef KEEL_KERNEL_ARCH_TRAPS_H
#define KEEL_KERNEL_ARCH_TRAPS_H

/*
 * trap_init - load the real GDT, TSS (IST stacks with guard pages) and the
 * 256-gate IDT, replacing the boot IDT; exceptions oops from now on.
 * Context: boot, once, interrupts off.
 */
void trap_init(void);

/*
 * init_IRQ - remap and mask the 8259 PICs, bring up the local APIC
 * (x2APIC when offered) and the IOAPICs described by ACPI's MADT.
 * Context: boot, once, after acpi_init(), interrupts off.
 */
void init_IRQ(void);

/*
 * acpi_init - find the RSDP and the ACPI tables, print them, and decode
 * the MADT, HPET and FADT for the interrupt, timer and reboot code.
 * Context: boot, once.
 */
void acpi_init(void);

#endif
