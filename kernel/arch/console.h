/* SPDX-License-Identifier: MIT */
/* What the machine-neutral kernel needs from the platform console. */
#ifndef KEEL_KERNEL_ARCH_CONSOLE_H
#define KEEL_KERNEL_ARCH_CONSOLE_H

#include <stddef.h>

/* Bring up the boot console (keel: COM1, 16550, 115200 8N1). */
void arch_console_init(void);
/* Write @len bytes; "\n" becomes "\r\n". Safe in any context, polled. */
void arch_console_write(const char *s, size_t len);

#endif
