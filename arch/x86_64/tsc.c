// SPDX-License-Identifier: MIT
/*
 * The TSC. Its frequency comes from CPUID leaf 0x15 (crystal ratio) or
 * 0x16 (base MHz) when stated, else from counting TSC ticks over a window
 * of HPET time, else of PIT time (pit.c: machines without an HPET, such
 * as QEMU's microvm). Each end of the window reads the reference between
 * two TSC reads and keeps the tightest bracket of a few tries, so an
 * interruption of the reading CPU (a descheduled vCPU) does not skew the
 * result.
 */
#include "arch/x86_64/tsc.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hpet.h"
#include "arch/x86_64/pit.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/log.h"
#include "kernel/time.h"

#define CPUID_INVARIANT_TSC BIT(8) /* CPUID.80000007H:EDX */
#define CALIBRATE_NS (50 * NSEC_PER_MSEC)
#define BRACKET_TRIES 5
#define TSC_CLOCKSOURCE_RATING 300

u64 tsc_hz;
bool tsc_freq_from_cpuid;
const char *tsc_freq_source = "unknown";
bool tsc_invariant;

static struct clocksource tsc_clocksource = {
	.name = "tsc",
	.read = rdtsc,
	.rating = TSC_CLOCKSOURCE_RATING,
};

/* One HPET reading and the TSC at that moment (the bracket's middle). */
static void read_pair(u64 *tsc, u64 *hpet)
{
	u64 best = UINT64_MAX;

	for (int i = 0; i < BRACKET_TRIES; i++) {
		u64 t0 = rdtsc(), h = hpet_read_counter(), t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*hpet = h;
		}
	}
}

u64 tsc_measure_hz(u64 ns)
{
	u64 t0, h0, t1, h1;

	if (!hpet_available())
		return 0;
	read_pair(&t0, &h0);
	while (hpet_read_counter() - h0 < hpet_ns_to_ticks(ns))
		cpu_relax();
	read_pair(&t1, &h1);
	return calibrate_freq_hz(t1 - t0, h1 - h0, hpet_period_fs());
}

static u64 tsc_cpuid_khz(void)
{
	struct cpuid_tsc_leaves l = {.max_leaf = cpuid(0).eax};

	if (l.max_leaf >= 0x15) {
		struct cpuid_regs r = cpuid(0x15);

		l.denominator = r.eax;
		l.numerator = r.ebx;
		l.crystal_hz = r.ecx;
	}
	if (l.max_leaf >= 0x16)
		l.base_mhz = cpuid(0x16).eax;
	return cpuid_tsc_khz(&l);
}

void tsc_init(void)
{
	u64 khz = tsc_cpuid_khz();

	if (cpuid(0x80000000).eax >= 0x80000007)
		tsc_invariant = cpuid(0x80000007).edx & CPUID_INVARIANT_TSC;
	if (khz) {
		tsc_hz = khz * HZ_PER_KHZ;
		tsc_freq_from_cpuid = true;
		tsc_freq_source = "CPUID";
	} else if (hpet_available()) {
		tsc_hz = tsc_measure_hz(CALIBRATE_NS);
		tsc_freq_source = "calibrated against the HPET";
	} else {
		tsc_hz = pit_measure_tsc_hz(CALIBRATE_NS);
		tsc_freq_source = "calibrated against the PIT";
	}
	if (!tsc_hz) {
		pr_warn("tsc: frequency unknown (no CPUID leaf, no HPET, no "
			"PIT)");
		return;
	}
	pr_info("tsc: %llu.%03llu MHz (%s)%s",
		(unsigned long long)(tsc_hz / 1000000),
		(unsigned long long)((tsc_hz / 1000) % 1000), tsc_freq_source,
		tsc_invariant ? ", invariant" : "");
	tsc_clocksource.freq_hz = tsc_hz;
	clocksource_register(&tsc_clocksource);
}
