/* SPDX-License-Identifier: MIT */
/*
 * The HPET (IA-PC HPET specification 1.0a): a free-running main counter
 * whose tick period (femtoseconds) the capabilities register states, and
 * comparators. keel uses it as the reference every other clock is
 * calibrated against, and as the fallback clocksource.
 */
#ifndef KEEL_ARCH_X86_64_HPET_H
#define KEEL_ARCH_X86_64_HPET_H

#include "kernel/lib/types.h"

/**
 * hpet_init - map the HPET the ACPI table names, read its capabilities and
 * start the main counter.
 * Return: 0, or -ENODEV without a usable HPET.
 * Context: boot, after acpi_init().
 */
int hpet_init(void);

/* Is the HPET running? */
bool hpet_available(void);

/* The main counter. */
u64 hpet_read_counter(void);

/* Counter period in femtoseconds, and frequency in Hz. */
u64 hpet_period_fs(void);
u64 hpet_freq_hz(void);

/* Number of comparators. */
unsigned int hpet_num_timers(void);

/* Counter ticks in @ns nanoseconds (rounded up). */
u64 hpet_ns_to_ticks(u64 ns);

/* Busy-wait @ns nanoseconds of HPET time. */
void hpet_udelay_ns(u64 ns);

/**
 * hpet_comparator_set - program comparator @timer to match at main
 * counter value @value, one-shot, interrupt disabled (keel polls it; no
 * interrupt route is claimed).
 * @timer: comparator index.
 * @value: absolute counter value.
 * Return: 0, or -EINVAL for a bad index.
 * Context: any.
 */
int hpet_comparator_set(unsigned int timer, u64 value);

/* The comparator value @timer holds. */
u64 hpet_comparator_get(unsigned int timer);

#endif
