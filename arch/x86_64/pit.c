// SPDX-License-Identifier: MIT
/*
 * The i8254 PIT as a reference for the TSC where there is no HPET (QEMU's
 * microvm machine, whose firmware tables list none). Channel 0 runs as a
 * rate generator (mode 2) from 65536 down, read through the counter-latch
 * command; the ticks between two reads are their difference modulo 2^16,
 * so reads come far more often than the 55 ms wrap. Its output (IRQ 0)
 * stays masked at the PIC and the IOAPIC. Port and command values from
 * the Intel 82C54 data sheet.
 */
#include "arch/x86_64/pit.h"

#include "arch/x86_64/cpu.h"
#include "kernel/lib/clockmath.h"
#include "kernel/time.h"

#define PIT_CH0 0x40
#define PIT_MODE 0x43
#define PIT_CH0_LOHI_MODE2 0x34 /* channel 0, lobyte/hibyte, rate gen. */
#define PIT_CH0_LOHI_MODE0 0x30 /* channel 0, interrupt on terminal count */
#define PIT_CH0_LATCH 0x00
#define BRACKET_TRIES 5
/* A PIT counts 1,193,182 times a second: a counter standing still for
 * this many TSC cycles (over 50 ms at up to 20 GHz) is not there. */
#define PIT_ABSENT_CYCLES (1ULL << 30)

static u16 pit_read(void)
{
	u8 lo, hi;

	outb(PIT_MODE, PIT_CH0_LATCH);
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return (u16)(lo | hi << 8);
}

/* One PIT reading and the TSC at that moment (the bracket's middle). */
static void read_pair(u64 *tsc, u16 *pit)
{
	u64 best = UINT64_MAX;

	for (int i = 0; i < BRACKET_TRIES; i++) {
		u64 t0 = rdtsc();
		u16 p = pit_read();
		u64 t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*pit = p;
		}
	}
}

/* Does the counter move? An absent PIT reads the same (all ones) forever. */
static bool pit_counts(void)
{
	u16 first = pit_read();
	u64 t0 = rdtsc();

	while (rdtsc() - t0 < PIT_ABSENT_CYCLES)
		if (pit_read() != first)
			return true;
	return false;
}

u64 pit_measure_tsc_hz(u64 ns)
{
	u64 target = mul_u64_u64_div_u64(ns, PIT_TICK_RATE, NSEC_PER_SEC);
	u64 t0, t1, ticks = 0;
	u16 start, prev, now;

	outb(PIT_MODE, PIT_CH0_LOHI_MODE2);
	outb(PIT_CH0, 0); /* 0: 65536 */
	outb(PIT_CH0, 0);
	if (!pit_counts())
		return 0;
	read_pair(&t0, &start);
	prev = start;
	while (ticks < target) {
		now = pit_read();
		ticks += (u16)(prev - now);
		prev = now;
	}
	read_pair(&t1, &now);
	ticks += (u16)(prev - now);
	/* Stop the rate generator: one (masked) terminal count, no more. */
	outb(PIT_MODE, PIT_CH0_LOHI_MODE0);
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0);
	if (!ticks)
		return 0;
	return mul_u64_u64_div_u64(t1 - t0, PIT_TICK_RATE, ticks);
}
