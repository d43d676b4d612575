/* SPDX-License-Identifier: MIT */
/* What the machine-neutral kernel needs from the platform console. */
#ifndef KEEL_KERNEL_ARCH_CONSOLE_H
#define KEEL_KERNEL_ARCH_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct wait_queue_head;

/* Bring up the boot console (keel: COM1, 16550, 115200 8N1). */
void arch_console_init(void);
/* Write @len bytes; "\n" becomes "\r\n". Safe in any context, polled. */
void arch_console_write(const char *s, size_t len);
/* Write @len bytes as they are (the tty's output processing decides
 * about "\r\n"). Polled, like arch_console_write. */
void arch_console_write_raw(const char *s, size_t len);

/*
 * Console input (no line discipline: raw bytes as they arrive).
 * arch_console_rx_start enables the receive interrupt (once; process
 * context): 0 or -errno. arch_console_read takes up to @len buffered
 * bytes without sleeping and returns how many. Readers sleep on
 * arch_console_rx_wait until arch_console_rx_pending().
 */
int arch_console_rx_start(void);
size_t arch_console_read(char *buf, size_t len);
bool arch_console_rx_pending(void);
extern struct wait_queue_head arch_console_rx_wait;

#endif
