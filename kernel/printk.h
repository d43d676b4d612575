/* SPDX-License-Identifier: MIT */
/*
 * printk: the kernel's log. Every message (pr_err() .. pr_debug() from
 * kernel/lib/log.h, in pure and kernel code alike) becomes a record
 * {timestamp, level, text} in a ring buffer that keeps early messages;
 * records go to the console when their level is below the console
 * loglevel, as "[    0.000123] message" lines.
 *
 * Messages logged before a console is registered are kept and written
 * when it is (console_register replays the buffer).
 */
#ifndef KEEL_KERNEL_PRINTK_H
#define KEEL_KERNEL_PRINTK_H

#include "kernel/lib/log.h"

#define CONSOLE_LOGLEVEL_DEFAULT 7 /* show all but debug */
#define CONSOLE_LOGLEVEL_QUIET 4 /* `quiet`: errors and worse */
#define LOG_BUF_SHIFT 16 /* 64 KiB ring buffer */

/* Install printk as the sink of kernel/lib/log. */
void printk_init(void);

/* Messages with level < @level reach the console (Linux's loglevel=). */
void console_set_loglevel(int level);
int console_get_loglevel(void);

/* Register the console writer and replay the records kept so far. */
void console_register(void (*write)(const char *s, size_t len));

/*
 * printk_always - log @fmt at @level and write it to the console whatever
 * the loglevel (for output a harness parses, such as KTAP).
 */
void printk_always(int level, const char *fmt, ...) __printf(2, 3);

/* Records dropped because the ring buffer wrapped. */
unsigned long printk_dropped(void);

/*
 * printk_for_each_record - call @fn for every record still in the ring
 * buffer, oldest first. Returns the number of records visited.
 */
size_t printk_for_each_record(void (*fn)(u64 ts_ns, int level, const char *text,
					 size_t len, void *arg),
			      void *arg);

#endif
