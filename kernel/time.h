/* SPDX-License-Identifier: MIT */
/*
 * Time: a clocksource gives monotonic nanoseconds (ktime_get_ns); a
 * clockevent device interrupts at a programmed expiry; on top of them the
 * periodic tick (HZ per second, jiffies) and one-shot timers (a callback
 * at an expiry in ns). The architecture provides the devices (keel: TSC or
 * HPET as clocksource, the LAPIC timer as clockevent) from time_init().
 */
#ifndef KEEL_KERNEL_TIME_H
#define KEEL_KERNEL_TIME_H

#include "kernel/lib/clockmath.h"
#include "kernel/lib/timerqueue.h"
#include "kernel/lib/types.h"

#ifndef HZ
#define HZ 250
#endif
#define TICK_NSEC ((NSEC_PER_SEC + HZ / 2) / HZ)

/* Longest span, in seconds, a clocksource's mult must not overflow for. */
#define CLOCKSOURCE_MAX_SEC 600

struct clocksource {
	const char *name;
	u64 (*read)(void); /* a free-running counter */
	u64 freq_hz;
	int rating; /* higher is better: TSC 300, HPET 250 */
	u32 mult, shift; /* set by clocksource_register */
};

/**
 * clocksource_register - offer a clocksource; it becomes the clock when
 * its rating beats the current one's. Time stays continuous across the
 * switch (the new clock starts where the old one, or the boot clock,
 * stood).
 * @cs: the clocksource, with name, read, freq_hz and rating set.
 * Return: 0, or -EINVAL when no mult/shift fits its frequency.
 * Context: boot, interrupts off.
 */
int clocksource_register(struct clocksource *cs);

/* Is a clocksource registered? */
bool clocksource_ready(void);

/* The current clocksource, or NULL. */
const struct clocksource *clocksource_current(void);

/**
 * ktime_get_ns - monotonic nanoseconds since boot.
 * Return: 0 before any clocksource is registered.
 * Context: any.
 */
u64 ktime_get_ns(void);

/**
 * ktime_get_real_ns - CLOCK_REALTIME in nanoseconds since the epoch: the
 * CMOS clock read at the first use plus the monotonic time since
 * (kernel/time/posix.c), what gettimeofday and clock_gettime show.
 * Context: process context (the first call reads the RTC).
 */
u64 ktime_get_real_ns(void);

struct clock_event_device {
	const char *name;
	/* Interrupt once after @delta_ns (clamped by the caller to the
	 * device's range); 0 or a negative errno. */
	int (*set_next_event)(u64 delta_ns, struct clock_event_device *ce);
	u64 min_delta_ns;
	u64 max_delta_ns;
	/* Called from the device's interrupt. Set by the tick code. */
	void (*event_handler)(struct clock_event_device *ce);
	unsigned long events; /* interrupts delivered */
};

/**
 * clockevents_register_device - take @ce as the tick device and start the
 * periodic tick (HZ) on it.
 * @ce: the device; name, set_next_event and the delta range set.
 * Context: boot, interrupts off; needs a clocksource.
 */
void clockevents_register_device(struct clock_event_device *ce);

/* Ticks since the tick started (HZ per second, caught up from the clock
 * when interrupts come late). */
extern volatile u64 jiffies;

/*
 * tick_jiffies_now - jiffies as the next tick interrupt will make it: the
 * ticks already due by the clocksource but not yet counted (a late or
 * pending interrupt) included. Call with interrupts off.
 */
u64 tick_jiffies_now(void);

/*
 * Tickless idle: the idle loop stops the periodic tick before it halts
 * (only timers interrupt it then) and restarts it, catching jiffies up,
 * when there is work again. Interrupts off. tick_nohz_idle_stops counts
 * the stops since boot.
 */
void tick_nohz_idle_enter(void);
void tick_nohz_idle_exit(void);
unsigned long tick_nohz_idle_stops(void);

/* The tick device, or NULL before one is registered. */
struct clock_event_device *tick_device(void);

/*
 * How the tick device keeps time: each interrupt's interval, from the
 * moment the device was programmed to the interrupt (ktime_get_ns time),
 * against the interval it was programmed for, since the last
 * tick_timing_reset. Only intervals of at least a tenth of a tick are
 * timed (on shorter ones the device's resolution and the interrupt
 * latency weigh too much). A device running at its calibrated rate gives
 * ratios from 1 (never less: latency only adds) upwards. Fed by the tick
 * interrupt; read with interrupts on or off.
 */
struct tick_timing {
	unsigned long events; /* interrupts */
	unsigned long timed; /* of them, after an interval timed */
	u64 min_ratio_ppm; /* measured / programmed, the smallest (ppm) */
	u64 max_ratio_ppm; /* and the largest */
};
void tick_timing_reset(void);
void tick_timing_get(struct tick_timing *out);

/* A one-shot timer: @fn runs once, in interrupt context, at or after
 * @node.expires. */
struct ktimer {
	struct timerqueue_node node;
	void (*fn)(struct ktimer *t);
};

/**
 * ktimer_start - arm @t to run its callback at @expires_ns (ktime_get_ns
 * time); re-arms a pending timer. A time already past fires on the next
 * clockevent interrupt.
 * @t: the timer, fn set.
 * @expires_ns: absolute expiry.
 * Context: any.
 */
void ktimer_start(struct ktimer *t, u64 expires_ns);

/**
 * ktimer_cancel - disarm @t.
 * @t: the timer.
 * Return: true when it was pending.
 * Context: any.
 */
bool ktimer_cancel(struct ktimer *t);

/**
 * time_init - the architecture's timers: find and calibrate the
 * clocksources and the clockevent device, register them, start the tick.
 * Context: boot, once, after init_IRQ(); leaves interrupts enabled.
 */
void time_init(void);

#endif
