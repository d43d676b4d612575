// SPDX-License-Identifier: MIT
/*
 * The tick and one-shot timers on one clockevent device. The device is
 * always programmed for the earliest of the next tick and the first
 * pending timer; each interrupt advances jiffies for every tick period
 * that has passed (so a late interrupt loses no ticks), runs the expired
 * timers and programs the next expiry.
 *
 * Tickless idle (Linux's NO_HZ_IDLE): when the CPU goes idle the tick
 * stops and only timers wake it; jiffies is caught up from the clock when
 * the tick restarts (and by any timer interrupt meanwhile).
 */
#include "kernel/arch/irqflags.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/log.h"
#include "kernel/sched.h"
#include "kernel/time.h"

volatile u64 jiffies;

static struct clock_event_device *tick_dev;
static u64 next_tick_ns;
static struct timerqueue_head timers;
static bool tick_stopped; /* the idle CPU needs no tick */
static unsigned long tick_idle_stops;
static u64 programmed_at, programmed_delta; /* the device's last setting */
static struct tick_timing timing = {.min_ratio_ppm = UINT64_MAX};

struct clock_event_device *tick_device(void)
{
	return tick_dev;
}

/*
 * Program the device for the earliest expiry: the next tick and the first
 * timer; while the idle CPU has stopped the tick, the first timer only
 * (or the device's longest delta). Interrupts off.
 */
static void program_next_event(void)
{
	struct timerqueue_node *first = timerqueue_first(&timers);
	u64 next = tick_stopped ? UINT64_MAX : next_tick_ns;
	u64 now = ktime_get_ns(), delta;

	if (first && first->expires < next)
		next = first->expires;
	delta = next > now ? next - now : 0;
	delta = clamp(delta, tick_dev->min_delta_ns, tick_dev->max_delta_ns);
	programmed_at = now;
	programmed_delta = delta;
	tick_dev->set_next_event(delta, tick_dev);
}

/* Account an interrupt that came at @now. Interrupts off. */
static void tick_timing_account(u64 now)
{
	u64 ratio;

	timing.events++;
	if (programmed_delta < TICK_NSEC / 10 || now < programmed_at)
		return;
	ratio = mul_u64_u64_div_u64(now - programmed_at, 1000000,
				    programmed_delta);
	timing.timed++;
	timing.min_ratio_ppm = min(timing.min_ratio_ppm, ratio);
	timing.max_ratio_ppm = max(timing.max_ratio_ppm, ratio);
}

void tick_timing_reset(void)
{
	unsigned long flags = arch_local_irq_save();

	timing = (struct tick_timing){.min_ratio_ppm = UINT64_MAX};
	arch_local_irq_restore(flags);
}

void tick_timing_get(struct tick_timing *out)
{
	unsigned long flags = arch_local_irq_save();

	*out = timing;
	arch_local_irq_restore(flags);
}

/* Count the tick periods that passed up to @now. Interrupts off. */
static void tick_catch_up(u64 now)
{
	while (now >= next_tick_ns) {
		jiffies++;
		next_tick_ns += TICK_NSEC;
	}
}

static void tick_handle_event(struct clock_event_device *ce)
{
	u64 now = ktime_get_ns();
	struct timerqueue_node *n;

	ce->events++;
	tick_timing_account(now);
	tick_catch_up(now);
	while ((n = timerqueue_pop_expired(&timers, now))) {
		struct ktimer *t = container_of(n, struct ktimer, node);

		t->fn(t);
		now = ktime_get_ns();
	}
	scheduler_tick();
	program_next_event();
}

void tick_nohz_idle_enter(void)
{
	if (!tick_dev || tick_stopped)
		return;
	tick_stopped = true;
	tick_idle_stops++;
	program_next_event();
}

void tick_nohz_idle_exit(void)
{
	if (!tick_dev || !tick_stopped)
		return;
	tick_stopped = false;
	tick_catch_up(ktime_get_ns());
	program_next_event();
}

unsigned long tick_nohz_idle_stops(void)
{
	return tick_idle_stops;
}

u64 tick_jiffies_now(void)
{
	u64 now = ktime_get_ns(), due = 0;

	if (tick_dev && now >= next_tick_ns)
		due = (now - next_tick_ns) / TICK_NSEC + 1;
	return jiffies + due;
}

void clockevents_register_device(struct clock_event_device *ce)
{
	tick_dev = ce;
	ce->event_handler = tick_handle_event;
	next_tick_ns = ktime_get_ns() + TICK_NSEC;
	pr_info("clockevent: %s, %d Hz tick, delta %llu..%llu ns", ce->name, HZ,
		(unsigned long long)ce->min_delta_ns,
		(unsigned long long)ce->max_delta_ns);
	program_next_event();
}

void ktimer_start(struct ktimer *t, u64 expires_ns)
{
	unsigned long flags = arch_local_irq_save();

	timerqueue_del(&timers, &t->node);
	t->node.expires = expires_ns;
	if (timerqueue_add(&timers, &t->node) && tick_dev)
		program_next_event();
	arch_local_irq_restore(flags);
}

bool ktimer_cancel(struct ktimer *t)
{
	unsigned long flags = arch_local_irq_save();
	bool was = timerqueue_del(&timers, &t->node);

	arch_local_irq_restore(flags);
	return was;
}
