// SPDX-License-Identifier: MIT
#include "kernel/panic.h"

#include "kernel/arch/machine.h"
#include "kernel/arch/setup.h"
#include "kernel/init.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/time.h"

#define PANIC_MSG_MAX 256

int panic_timeout;
int panic_on_oops;
static bool panicking;

/* panic=N: reboot N seconds after a panic (0: stay, < 0: at once). */
static int __init parse_panic(char *val)
{
	int secs;

	if (!val || kstrtoint(val, 0, &secs) < 0) {
		pr_warn("panic=%s: not a number of seconds; keeping %d",
			val ? val : "", panic_timeout);
		return -EINVAL;
	}
	panic_timeout = secs;
	return 0;
}
early_param("panic", parse_panic);

/* panic_on_oops[=N]: an oops panics (non-zero, the default of the bare
 * word) or kills only the task (0). */
static int __init parse_panic_on_oops(char *val)
{
	int on = 1;

	if (val && kstrtoint(val, 0, &on) < 0) {
		pr_warn("panic_on_oops=%s: not a number; keeping %d", val,
			panic_on_oops);
		return -EINVAL;
	}
	panic_on_oops = on != 0;
	return 0;
}
early_param("panic_on_oops", parse_panic_on_oops);

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
	dump_kernel_offset();
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
