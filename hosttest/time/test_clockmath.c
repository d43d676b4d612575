// SPDX-License-Identifier: MIT
/* Host tests of kernel/lib/clockmath: mult/shift, CPUID, calibration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/lib/clockmath.h"

static void test_mul_div(void **state)
{
	(void)state;
	assert_int_equal(mul_u64_u64_div_u64(10, 20, 7), 28);
	/* 2^63 * 6 / 3 overflows 64 bits in the product only. */
	assert_int_equal(mul_u64_u64_div_u64(1ULL << 63, 6, 12), 1ULL << 62);
	assert_true(mul_u64_u64_div_u64(UINT64_MAX, 2, 1) == UINT64_MAX);
	assert_true(mul_u64_u64_div_u64(1, 1, 0) == UINT64_MAX);
	assert_int_equal(
		mul_u64_u64_div_u64(UINT64_MAX, UINT64_MAX, UINT64_MAX),
		UINT64_MAX);
	assert_int_equal(mul_u64_u32_shr(3, 5, 1), 7);
	assert_int_equal(mul_u64_u32_shr(1ULL << 62, 8, 4), 1ULL << 61);
	assert_true(mul_u64_u32_shr(UINT64_MAX, 4, 1) == UINT64_MAX);
}

/* Converting @sec seconds of @hz ticks gives sec * 1e9 ns within 1 ppm. */
static void check_conversion(u64 hz, u32 maxsec, u64 sec)
{
	u32 mult, shift;
	u64 ns, want = sec * NSEC_PER_SEC;

	assert_int_equal(
		clocks_calc_mult_shift(&mult, &shift, hz, NSEC_PER_SEC, maxsec),
		0);
	ns = mul_u64_u32_shr(hz * sec, mult, shift);
	assert_true(freq_ppm_diff(ns, want) <= 1);
	/* maxsec seconds of ticks times mult stays inside 64 bits. */
	assert_true((unsigned __int128)hz * maxsec * mult <
		    ((unsigned __int128)1 << 64));
}

static void test_mult_shift(void **state)
{
	(void)state;
	check_conversion(100000000, 600, 1); /* HPET, 10 ns ticks */
	check_conversion(100000000, 600, 600);
	check_conversion(2899999000ULL, 600, 3); /* a TSC */
	check_conversion(14318180, 600, 5); /* 14.318 MHz HPET */
	check_conversion(1000000000, 3600, 3600);
}

static void test_mult_shift_exact(void **state)
{
	u32 mult, shift;

	(void)state;
	/* 1 GHz to ns is the identity: mult = 2^shift. */
	assert_int_equal(clocks_calc_mult_shift(&mult, &shift, NSEC_PER_SEC,
						NSEC_PER_SEC, 1),
			 0);
	assert_int_equal((u64)mult, 1ULL << shift);
	assert_int_equal(clocks_calc_mult_shift(&mult, &shift, 0, 1, 1), -22);
	assert_int_equal(clocks_calc_mult_shift(&mult, &shift, 1, 0, 1), -22);
	/* 1 Hz to ns needs mult >= 1e9 at shift 0 and overflows beyond. */
	assert_int_equal(
		clocks_calc_mult_shift(&mult, &shift, 1, NSEC_PER_SEC, 600), 0);
	assert_int_equal(shift, 2);
	assert_int_equal(mult, 4000000000u);
}

static void test_cpuid_tsc(void **state)
{
	struct cpuid_tsc_leaves l = {0};

	(void)state;
	assert_int_equal(cpuid_tsc_khz(&l), 0);
	/* 24 MHz crystal, ratio 2/250... (Skylake client: 216/2 * 24 MHz) */
	l = (struct cpuid_tsc_leaves){.max_leaf = 0x16,
				      .denominator = 2,
				      .numerator = 216,
				      .crystal_hz = 24000000,
				      .base_mhz = 2600};
	assert_int_equal(cpuid_tsc_khz(&l), 2592000);
	/* No crystal frequency: leaf 0x16's base frequency. */
	l.crystal_hz = 0;
	assert_int_equal(cpuid_tsc_khz(&l), 2600000);
	/* Leaves above max_leaf do not count. */
	l.max_leaf = 0x15;
	assert_int_equal(cpuid_tsc_khz(&l), 0);
	l.max_leaf = 0xd;
	l.crystal_hz = 24000000;
	assert_int_equal(cpuid_tsc_khz(&l), 0);
	l.max_leaf = 0x15;
	l.denominator = 0;
	assert_int_equal(cpuid_tsc_khz(&l), 0);
}

static void test_calibrate(void **state)
{
	(void)state;
	/* 50 ms of a 100 MHz HPET (10^7 fs ticks), 2.5 GHz counter. */
	assert_int_equal(calibrate_freq_hz(125000000, 5000000, 10000000),
			 2500000000ULL);
	/* 69.841279 ns HPET period (14.318 MHz): 143182 ticks are
	 * 10.0000141 ms, so 10^6 ticks make 99.999859 MHz. */
	assert_int_equal(calibrate_freq_hz(1000000, 143182, 69841279),
			 99999859);
	assert_int_equal(calibrate_freq_hz(5, 0, 10000000), 0);
	assert_int_equal(freq_ppm_diff(1005, 1000), 5000);
	assert_int_equal(freq_ppm_diff(995, 1000), 5000);
	assert_true(freq_ppm_diff(1, 0) == UINT64_MAX);
}

static void test_timer_ticks(void **state)
{
	(void)state;
	/* 1 ms at 62.5 MHz (1 GHz bus / 16). */
	assert_int_equal(timer_ticks_for_ns(1000000, 62500000, 1, 0xffffffff),
			 62500);
	/* Rounded up. */
	assert_int_equal(timer_ticks_for_ns(1, 62500000, 1, 0xffffffff), 1);
	assert_int_equal(timer_ticks_for_ns(17, 62500000, 1, 0xffffffff), 2);
	assert_int_equal(timer_ticks_for_ns(0, 62500000, 1, 0xffffffff), 1);
	/* Clamped to the 32-bit initial count. */
	assert_int_equal(
		timer_ticks_for_ns(100 * NSEC_PER_SEC, 62500000, 1, 0xffffffff),
		0xffffffff);
}

static void test_divide_config(void **state)
{
	(void)state;
	/* SDM figure 10-10. */
	assert_int_equal(lapic_timer_divide_config(1), 0xb);
	assert_int_equal(lapic_timer_divide_config(2), 0x0);
	assert_int_equal(lapic_timer_divide_config(4), 0x1);
	assert_int_equal(lapic_timer_divide_config(8), 0x2);
	assert_int_equal(lapic_timer_divide_config(16), 0x3);
	assert_int_equal(lapic_timer_divide_config(32), 0x8);
	assert_int_equal(lapic_timer_divide_config(64), 0x9);
	assert_int_equal(lapic_timer_divide_config(128), 0xa);
	assert_int_equal(lapic_timer_divide_config(0), -22);
	assert_int_equal(lapic_timer_divide_config(3), -22);
	assert_int_equal(lapic_timer_divide_config(256), -22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mul_div),
		cmocka_unit_test(test_mult_shift),
		cmocka_unit_test(test_mult_shift_exact),
		cmocka_unit_test(test_cpuid_tsc),
		cmocka_unit_test(test_calibrate),
		cmocka_unit_test(test_timer_ticks),
		cmocka_unit_test(test_divide_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
