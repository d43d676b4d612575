// SPDX-License-Identifier: MIT
/*
 * The LAPIC timer as the clockevent device (SDM vol. 3, 10.5.4): in
 * TSC-deadline mode when CPUID.1:ECX[24] offers it and the TSC rate is
 * known (the interrupt comes when the TSC reaches IA32_TSC_DEADLINE),
 * else one-shot mode counting down the initial count at the bus clock
 * divided by APIC_TIMER_DIVISOR, its rate calibrated against the HPET, or
 * against the TSC when there is no HPET but the TSC rate is known.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/hpet.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/tsc.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/time.h"

#define CPUID_1_ECX_TSC_DEADLINE BIT(24)
#define APIC_TIMER_DIVISOR 16
#define APIC_TIMER_MAX_COUNT 0xffffffffULL
#define CALIBRATE_NS (50 * NSEC_PER_MSEC)
#define MIN_DELTA_NS 1000ULL
#define MAX_DELTA_NS_DEADLINE (10 * NSEC_PER_SEC)

bool lapic_timer_deadline;
u64 lapic_timer_hz; /* one-shot mode: counter rate after the divider */

static int deadline_set_next(u64 delta_ns, struct clock_event_device *ce)
{
	(void)ce;
	wrmsr(MSR_IA32_TSC_DEADLINE,
	      rdtsc() + mul_u64_u64_div_u64(delta_ns, tsc_hz, NSEC_PER_SEC));
	return 0;
}

static int oneshot_set_next(u64 delta_ns, struct clock_event_device *ce)
{
	(void)ce;
	apic_write(APIC_TMICT,
		   (u32)timer_ticks_for_ns(delta_ns, lapic_timer_hz, 1,
					   APIC_TIMER_MAX_COUNT));
	return 0;
}

static struct clock_event_device lapic_clockevent = {
	.name = "lapic",
	.min_delta_ns = MIN_DELTA_NS,
};

static irqreturn_t lapic_timer_interrupt(int irq, void *dev)
{
	struct clock_event_device *ce = dev;

	(void)irq;
	if (ce->event_handler)
		ce->event_handler(ce);
	return IRQ_HANDLED;
}

/* Count down from the maximum over a window of HPET time. */
static u64 calibrate_lapic_timer(void)
{
	u64 h0, h1;
	u32 left;

	apic_write(APIC_LVTT, APIC_LVT_MASKED | APIC_LVT_TIMER_ONESHOT |
				      LOCAL_TIMER_VECTOR);
	h0 = hpet_read_counter();
	apic_write(APIC_TMICT, (u32)APIC_TIMER_MAX_COUNT);
	while (hpet_read_counter() - h0 < hpet_ns_to_ticks(CALIBRATE_NS))
		cpu_relax();
	left = apic_read(APIC_TMCCT);
	h1 = hpet_read_counter();
	apic_write(APIC_TMICT, 0);
	return calibrate_freq_hz(APIC_TIMER_MAX_COUNT - left, h1 - h0,
				 hpet_period_fs());
}

/* The same over a window of TSC time (its rate known). */
static u64 calibrate_lapic_timer_tsc(void)
{
	u64 t0, t1,
		window =
			mul_u64_u64_div_u64(CALIBRATE_NS, tsc_hz, NSEC_PER_SEC);
	u32 left;

	apic_write(APIC_LVTT, APIC_LVT_MASKED | APIC_LVT_TIMER_ONESHOT |
				      LOCAL_TIMER_VECTOR);
	t0 = rdtsc();
	apic_write(APIC_TMICT, (u32)APIC_TIMER_MAX_COUNT);
	while (rdtsc() - t0 < window)
		cpu_relax();
	left = apic_read(APIC_TMCCT);
	t1 = rdtsc();
	apic_write(APIC_TMICT, 0);
	return mul_u64_u64_div_u64(APIC_TIMER_MAX_COUNT - left, tsc_hz,
				   t1 - t0);
}

/**
 * lapic_timer_init - set up the LAPIC timer and register it as the tick's
 * clockevent device.
 * Return: 0, or -ENODEV when it cannot be calibrated.
 * Context: boot, after tsc_init(), interrupts off.
 */
int lapic_timer_init(void);
int lapic_timer_init(void)
{
	struct clock_event_device *ce = &lapic_clockevent;

	lapic_timer_deadline =
		(cpuid(1).ecx & CPUID_1_ECX_TSC_DEADLINE) && tsc_hz;
	if (lapic_timer_deadline) {
		apic_write(APIC_LVTT,
			   APIC_LVT_TIMER_TSCDEADLINE | LOCAL_TIMER_VECTOR);
		/*
		 * The mode switch must be visible before the first write of
		 * IA32_TSC_DEADLINE, or that write may be dropped (Intel SDM
		 * vol. 3, 11.5.4.1: a memory-mapped LVT write and the WRMSR
		 * are not ordered).
		 */
		__asm__ volatile("mfence" ::: "memory");
		ce->set_next_event = deadline_set_next;
		ce->max_delta_ns = MAX_DELTA_NS_DEADLINE;
		pr_info("apic: timer in TSC-deadline mode");
	} else {
		bool hpet = hpet_available();

		if (!hpet && !tsc_hz)
			return -ENODEV;
		apic_write(APIC_TDCR,
			   (u32)lapic_timer_divide_config(APIC_TIMER_DIVISOR));
		lapic_timer_hz = hpet ? calibrate_lapic_timer()
				      : calibrate_lapic_timer_tsc();
		if (!lapic_timer_hz)
			return -ENODEV;
		apic_write(APIC_LVTT,
			   APIC_LVT_TIMER_ONESHOT | LOCAL_TIMER_VECTOR);
		ce->set_next_event = oneshot_set_next;
		ce->max_delta_ns = mul_u64_u64_div_u64(
			APIC_TIMER_MAX_COUNT, NSEC_PER_SEC, lapic_timer_hz);
		pr_info("apic: timer in one-shot mode, %llu Hz after divide "
			"by %d (calibrated against the %s)",
			(unsigned long long)lapic_timer_hz, APIC_TIMER_DIVISOR,
			hpet ? "HPET" : "TSC");
	}
	request_system_vector(LOCAL_TIMER_VECTOR, lapic_timer_interrupt,
			      "lapic timer", ce);
	clockevents_register_device(ce);
	return 0;
}
