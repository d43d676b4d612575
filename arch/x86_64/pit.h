/* SPDX-License-Identifier: MIT */
/* The i8254 PIT, only as a reference to calibrate the TSC without an HPET. */
#ifndef KEEL_ARCH_X86_64_PIT_H
#define KEEL_ARCH_X86_64_PIT_H

#include "kernel/lib/types.h"

#define PIT_TICK_RATE 1193182ULL /* Hz */

/**
 * pit_measure_tsc_hz - the TSC rate over @ns nanoseconds of PIT time
 * @ns: window length, at most a few hundred milliseconds
 * Return: Hz, or 0 when no PIT counts. Leaves PIT channel 0 stopped.
 * Context: boot, IRQ 0 masked; busy-waits.
 */
u64 pit_measure_tsc_hz(u64 ns);

#endif
