/* SPDX-License-Identifier: MIT */
/*
 * Logging for pure code. Pure modules report through pr_err() and friends;
 * the line is formatted with keel's own formatter (kernel/lib/vsprintf.h,
 * so the format language is the same everywhere) and handed to one sink.
 * The kernel's printk installs a sink that timestamps the line, keeps it in
 * the ring buffer and writes it to the console; host tests install a sink
 * that captures lines so they can assert on messages.
 *
 * Levels are Linux's: 3 err, 4 warning, 6 info, 7 debug.
 */
#ifndef KEEL_LIB_LOG_H
#define KEEL_LIB_LOG_H

#include <stdarg.h>
#include <stddef.h>

#include "kernel/lib/types.h"

#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7

/* Longest line a single log call produces (longer text is truncated). */
#define LOG_LINE_MAX 1024

/*
 * A sink receives one formatted message (without a trailing newline unless
 * the caller wrote one) and its level.
 */
typedef void (*log_sink_fn)(int level, const char *text, size_t len);

/* Install @sink; NULL drops messages. Returns the previous sink. */
log_sink_fn log_set_sink(log_sink_fn sink);

/* Format and emit one message at @level. */
void log_printf(int level, const char *fmt, ...) __printf(2, 3);
void log_vprintf(int level, const char *fmt, va_list ap);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...)                                                     \
	log_printf(LOGLEVEL_EMERG, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) log_printf(LOGLEVEL_CRIT, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) log_printf(LOGLEVEL_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)                                                      \
	log_printf(LOGLEVEL_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)                                                    \
	log_printf(LOGLEVEL_NOTICE, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) log_printf(LOGLEVEL_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)                                                     \
	log_printf(LOGLEVEL_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)

#endif
