// SPDX-License-Identifier: MIT
/*
 * The clocksource: ns = base_ns + ((read() - base_cycles) * mult) >> shift,
 * the product taken in 128 bits, so no periodic re-basing is needed.
 */
#include "kernel/arch/machine.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/time.h"

static struct clocksource *curr;
static u64 base_cycles;
static u64 base_ns;

int clocksource_register(struct clocksource *cs)
{
	u64 now_ns;

	if (clocks_calc_mult_shift(&cs->mult, &cs->shift, cs->freq_hz,
				   NSEC_PER_SEC, CLOCKSOURCE_MAX_SEC)) {
		pr_err("clocksource: %s: no mult/shift for %llu Hz", cs->name,
		       (unsigned long long)cs->freq_hz);
		return -EINVAL;
	}
	pr_info("clocksource: %s: %llu Hz, mult %u shift %u, rating %d",
		cs->name, (unsigned long long)cs->freq_hz, cs->mult, cs->shift,
		cs->rating);
	if (curr && curr->rating >= cs->rating)
		return 0;
	/* The time so far: the old clock's, or the boot clock's. */
	now_ns = arch_boot_clock_ns();
	base_cycles = cs->read();
	base_ns = now_ns;
	curr = cs;
	pr_info("clocksource: switched to %s", cs->name);
	return 0;
}

bool clocksource_ready(void)
{
	return curr != NULL;
}

const struct clocksource *clocksource_current(void)
{
	return curr;
}

u64 ktime_get_ns(void)
{
	if (!curr)
		return 0;
	return base_ns + mul_u64_u32_shr(curr->read() - base_cycles, curr->mult,
					 curr->shift);
}
