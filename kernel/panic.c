// SPDX-License-Identifier: MIT
#include "kernel/panic.h"

#include "kernel/arch/machine.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"

void panic(const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_always(LOGLEVEL_EMERG, "Kernel panic - not syncing: %s", msg);
	arch_machine_exit(QEMU_EXIT_PANIC);
}
