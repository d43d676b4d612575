/* SPDX-License-Identifier: MIT */
/*
 * Clock arithmetic without the CPU: converting counter cycles to
 * nanoseconds with a multiplier and a shift (Linux's clocksource scheme),
 * frequencies from CPUID leaves 0x15/0x16, and calibrating one counter
 * against another. Everything is integer; products are taken in 128 bits
 * so no intermediate overflows.
 */
#ifndef KEEL_LIB_CLOCKMATH_H
#define KEEL_LIB_CLOCKMATH_H

#include "kernel/lib/types.h"

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL
#define FSEC_PER_NSEC 1000000ULL
#define HZ_PER_KHZ 1000ULL

/**
 * mul_u64_u64_div_u64 - (a * b) / c with a 128-bit intermediate.
 * @a: first factor.
 * @b: second factor.
 * @c: divisor, not 0.
 *
 * Return: the quotient, saturated at U64_MAX when it does not fit (or when
 * @c is 0).
 * Context: any.
 */
u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c);

/**
 * mul_u64_u32_shr - (a * mul) >> shift with a 128-bit intermediate.
 * @a: cycles.
 * @mul: multiplier.
 * @shift: 0-63.
 * Return: the result, saturated at U64_MAX.
 * Context: any.
 */
u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift);

/**
 * clocks_calc_mult_shift - a multiplier and shift converting @from Hz to
 * @to Hz: to_ticks = (from_ticks * mult) >> shift.
 * @mult: set to the multiplier.
 * @shift: set to the shift.
 * @from: source frequency (e.g. the TSC's, in Hz), not 0.
 * @to: target frequency (NSEC_PER_SEC for nanoseconds), not 0.
 * @maxsec: the conversion must not overflow 64 bits for @maxsec seconds of
 *	source ticks; the largest shift (most precision) that allows this and
 *	keeps @mult in 32 bits is chosen.
 *
 * Return: 0, or -EINVAL for a zero frequency or when no shift fits.
 * Context: any.
 */
int clocks_calc_mult_shift(u32 *mult, u32 *shift, u64 from, u64 to, u32 maxsec);

/* What CPUID leaves 0x15 and 0x16 report (Intel SDM vol. 2, CPUID). */
struct cpuid_tsc_leaves {
	u32 max_leaf; /* CPUID.0:EAX */
	u32 denominator; /* CPUID.15H:EAX */
	u32 numerator; /* CPUID.15H:EBX */
	u32 crystal_hz; /* CPUID.15H:ECX, 0 when not enumerated */
	u32 base_mhz; /* CPUID.16H:EAX[15:0] */
};

/**
 * cpuid_tsc_khz - TSC frequency stated by CPUID.
 * @l: the leaves (fields of leaves above @l->max_leaf are ignored).
 *
 * Leaf 0x15 gives TSC = crystal * numerator / denominator when all three
 * are non-zero; otherwise leaf 0x16's base frequency (MHz) is used.
 * Return: kHz, or 0 when CPUID does not say.
 * Context: any.
 */
u64 cpuid_tsc_khz(const struct cpuid_tsc_leaves *l);

/**
 * calibrate_freq_hz - frequency of a counter measured against a reference.
 * @ticks: counter ticks during the window.
 * @ref_ticks: reference ticks during the same window, not 0.
 * @ref_period_fs: reference tick period in femtoseconds (HPET style).
 * Return: Hz, or 0 when the window is empty.
 * Context: any.
 */
u64 calibrate_freq_hz(u64 ticks, u64 ref_ticks, u64 ref_period_fs);

/**
 * freq_ppm_diff - |a - b| / b in parts per million.
 * @a: measured frequency.
 * @b: reference frequency, not 0.
 * Return: the difference in ppm (U64_MAX when @b is 0).
 * Context: any.
 */
u64 freq_ppm_diff(u64 a, u64 b);

/**
 * timer_ticks_for_ns - ticks of a timer at @freq_hz covering @ns,
 * rounded up and clamped to [@min_ticks, @max_ticks] (a LAPIC timer's
 * initial count: 1 to 0xffffffff).
 * @ns: interval.
 * @freq_hz: timer input frequency (after the divider).
 * @min_ticks: lower clamp.
 * @max_ticks: upper clamp.
 * Return: the tick count.
 * Context: any.
 */
u64 timer_ticks_for_ns(u64 ns, u64 freq_hz, u64 min_ticks, u64 max_ticks);

/**
 * lapic_timer_divide_config - the LAPIC Divide Configuration Register value
 * for a divisor (SDM vol. 3, 10.5.4, figure 10-10: bits 0, 1 and 3).
 * @divisor: 1, 2, 4, ..., 128.
 * Return: the register value, or -EINVAL for any other divisor.
 * Context: any.
 */
int lapic_timer_divide_config(unsigned int divisor);

#endif
