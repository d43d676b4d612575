// SPDX-License-Identifier: MIT
#include "kernel/panic.h"

#include "kernel/arch/machine.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/log.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/time.h"

#define PANIC_MSG_MAX 256

int panic_timeout;
int panic_on_oops;
static bool panicking;

void panic(const char *fmt, ...)
{
	char buf[PANIC_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (panicking) /* a panic while panicking: stop now */
		arch_machine_exit(QEMU_EXIT_PANIC);
	panicking = true;
	pr_emerg("Kernel panic - not syncing: %s", buf);
	if (panic_timeout > 0 && clocksource_ready()) {
		u64 until = ktime_get_ns() + (u64)panic_timeout * NSEC_PER_SEC;

		pr_emerg("Rebooting in %d seconds..", panic_timeout);
		while (ktime_get_ns() < until)
			;
	}
	if (panic_timeout != 0) {
		pr_emerg("Rebooting now");
		arch_machine_restart();
	}
	arch_machine_exit(QEMU_EXIT_PANIC);
}
