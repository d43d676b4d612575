// SPDX-License-Identifier: MIT
#include "kernel/lib/clockmath.h"

#include "kernel/lib/errno.h"

typedef unsigned __int128 u128;

#define U64_MAX UINT64_MAX
#define SHIFT_MAX 32
#define LAPIC_DIVISOR_MAX 128

/* (n / d) for a 128-bit n, saturated at U64_MAX; shift-subtract division
 * (no compiler runtime in the kernel). */
static u64 div128_sat(u128 n, u64 d)
{
	u128 q = 0, r = 0;

	if (d == 0 || (n >> 64) >= d)
		return U64_MAX;
	for (int bit = 127; bit >= 0; bit--) {
		r = (r << 1) | ((n >> bit) & 1);
		if (r >= d) {
			r -= d;
			q |= (u128)1 << bit;
		}
	}
	return (u64)q;
}

u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	return div128_sat((u128)a * b, c);
}

u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	u128 r = ((u128)a * mul) >> (shift & 63);

	return (r >> 64) ? U64_MAX : (u64)r;
}

int clocks_calc_mult_shift(u32 *mult, u32 *shift, u64 from, u64 to, u32 maxsec)
{
	/* Source ticks in @maxsec seconds; the product with mult must fit. */
	u128 span = (u128)from * (maxsec ? maxsec : 1);

	if (!from || !to)
		return -EINVAL;
	for (int sft = SHIFT_MAX; sft >= 0; sft--) {
		u64 m = div128_sat(((u128)to << sft) + from / 2, from);

		if (m == 0 || m > UINT32_MAX)
			continue;
		if ((span * m) >> 64)
			continue;
		*mult = (u32)m;
		*shift = (u32)sft;
		return 0;
	}
	return -EINVAL;
}

u64 cpuid_tsc_khz(const struct cpuid_tsc_leaves *l)
{
	if (l->max_leaf >= 0x15 && l->denominator && l->numerator &&
	    l->crystal_hz)
		return mul_u64_u64_div_u64(l->crystal_hz, l->numerator,
					   (u64)l->denominator * HZ_PER_KHZ);
	if (l->max_leaf >= 0x16 && (l->base_mhz & 0xffff))
		return (u64)(l->base_mhz & 0xffff) * HZ_PER_KHZ;
	return 0;
}

u64 calibrate_freq_hz(u64 ticks, u64 ref_ticks, u64 ref_period_fs)
{
	u64 ref_fs_hi;
	u128 window_fs = (u128)ref_ticks * ref_period_fs;

	if (window_fs == 0)
		return 0;
	/* ticks / (window_fs / 1e15) = ticks * 1e15 / window_fs */
	ref_fs_hi = (u64)(window_fs >> 64);
	if (ref_fs_hi == 0)
		return mul_u64_u64_div_u64(ticks, NSEC_PER_SEC * FSEC_PER_NSEC,
					   (u64)window_fs);
	/* A window longer than 2^64 fs (5 hours): work in nanoseconds. */
	return mul_u64_u64_div_u64(ticks, NSEC_PER_SEC,
				   div128_sat(window_fs, FSEC_PER_NSEC));
}

u64 freq_ppm_diff(u64 a, u64 b)
{
	u64 d = a > b ? a - b : b - a;

	if (!b)
		return U64_MAX;
	return mul_u64_u64_div_u64(d, 1000000, b);
}

u64 timer_ticks_for_ns(u64 ns, u64 freq_hz, u64 min_ticks, u64 max_ticks)
{
	u64 t = div128_sat((u128)ns * freq_hz + NSEC_PER_SEC - 1, NSEC_PER_SEC);

	if (t < min_ticks)
		return min_ticks;
	if (t > max_ticks)
		return max_ticks;
	return t;
}

int lapic_timer_divide_config(unsigned int divisor)
{
	unsigned int log2 = 0;

	if (divisor == 0 || divisor > LAPIC_DIVISOR_MAX ||
	    (divisor & (divisor - 1)))
		return -EINVAL;
	while ((1u << log2) < divisor)
		log2++;
	/* log2 - 1 in bits 0, 1 and 3 (bit 2 is reserved); 1 encodes as 7. */
	log2 = (log2 + 7) & 7;
	return (int)((log2 & 3) | ((log2 & 4) << 1));
}
