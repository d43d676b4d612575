// SPDX-License-Identifier: MIT
/* time_init: the HPET first (the reference), then the TSC, then the tick. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hpet.h"
#include "arch/x86_64/tsc.h"
#include "kernel/lib/log.h"
#include "kernel/time.h"

int lapic_timer_init(void);

void time_init(void)
{
	hpet_init();
	tsc_init();
	if (!clocksource_ready()) {
		pr_err("time: no clocksource: no HPET and no known TSC rate");
		return;
	}
	if (lapic_timer_init())
		pr_err("time: no clockevent device: no tick, no timers");
	local_irq_enable();
}
