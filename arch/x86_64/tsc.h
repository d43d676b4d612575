/* SPDX-License-Identifier: MIT */
/* The TSC: frequency from CPUID or calibrated against the HPET. */
#ifndef KEEL_ARCH_X86_64_TSC_H
#define KEEL_ARCH_X86_64_TSC_H

#include "kernel/lib/types.h"

/* TSC frequency in Hz, 0 when unknown. */
extern u64 tsc_hz;
/* Did CPUID state the frequency (else it was calibrated)? */
extern bool tsc_freq_from_cpuid;
/* Where tsc_hz came from: "CPUID", "calibrated against the HPET"/"PIT". */
extern const char *tsc_freq_source;
/* Invariant TSC: constant rate in every power state (CPUID 0x80000007). */
extern bool tsc_invariant;

/**
 * tsc_init - find the TSC frequency: CPUID 0x15/0x16, else 50 ms against
 * the HPET, else against the PIT; register the TSC clocksource.
 * Context: boot, after hpet_init().
 */
void tsc_init(void);

/**
 * tsc_measure_hz - the TSC rate over @ns nanoseconds of HPET time, from
 * the best of a few bracketed reads at each end.
 * @ns: window length.
 * Return: Hz, or 0 without an HPET.
 * Context: any; busy-waits.
 */
u64 tsc_measure_hz(u64 ns);

#endif
