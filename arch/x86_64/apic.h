/* SPDX-License-Identifier: MIT */
/*
 * The local APIC (Intel SDM vol. 3, chapter 10) in x2APIC mode (MSRs) when
 * CPUID offers it, else xAPIC through an ioremap'd MMIO window; and the
 * IOAPICs (82093AA data sheet).
 */
#ifndef KEEL_ARCH_X86_64_APIC_H
#define KEEL_ARCH_X86_64_APIC_H

#include "arch/x86_64/msr.h"
#include "kernel/lib/types.h"

/* Register offsets in the xAPIC page (x2APIC MSR = 0x800 + offset / 16). */
#define APIC_ID 0x20
#define APIC_LVR 0x30
#define APIC_TASKPRI 0x80
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVTT 0x320
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0

#define APIC_LVT_MASKED BIT(16)
#define APIC_LVT_TIMER_ONESHOT 0
#define APIC_LVT_TIMER_PERIODIC BIT(17)
#define APIC_LVT_TIMER_TSCDEADLINE BIT(18)
#define APIC_DM_NMI 0x400
#define APIC_DM_EXTINT 0x700
#define APIC_ICR_LEVEL_ASSERT BIT(14)
#define APIC_ICR_BUSY BIT(12)
#define APIC_DEST_SELF (1 << 18)
#define APIC_SPIV_APIC_ENABLED BIT(8)

/* Is the local APIC in x2APIC mode? */
bool x2apic_enabled(void);

u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 v);

/* Acknowledge the interrupt in service. */
void apic_eoi(void);

/* This CPU's APIC id (32 bits in x2APIC mode, 8 in xAPIC mode). */
u32 apic_id(void);

/**
 * apic_init - enable the local APIC (x2APIC when CPUID has it), set the
 * spurious and error vectors, mask LINT0 and make LINT1 the NMI input as
 * the MADT says (default: LINT1).
 * @lapic_phys: the MADT's local APIC address (xAPIC mode), 0 for the MSR's.
 * @nmi_lint: the LINT pin wired to NMI (0 or 1), -1 for none.
 * Return: 0, or -ENODEV without an APIC.
 * Context: boot, interrupts off.
 */
int apic_init(u64 lapic_phys, int nmi_lint);

/* The LAPIC timer's mode: TSC-deadline, else one-shot counting at
 * lapic_timer_hz (after the divider, calibrated against the HPET). */
extern bool lapic_timer_deadline;
extern u64 lapic_timer_hz;

/* Send an NMI to this CPU (through the ICR, to its own id). */
void apic_send_nmi_self(void);

/* Send a fixed interrupt with @vector to this CPU. */
void apic_send_ipi_self(u8 vector);

/* Unmask / mask the IOAPIC pin of an ISA IRQ or GSI (arch/x86_64/ioapic.c). */
int ioapic_unmask_irq(unsigned int irq);
void ioapic_mask_irq(unsigned int irq);

#endif
