// SPDX-License-Identifier: MIT
#include "kernel/lib/log.h"

#include "kernel/lib/vsprintf.h"

static log_sink_fn log_sink;

log_sink_fn log_set_sink(log_sink_fn sink)
{
	log_sink_fn old = log_sink;

	log_sink = sink;
	return old;
}

void log_vprintf(int level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n;

	if (!log_sink)
		return;
	n = kvsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	log_sink(level, line, (size_t)n);
}

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(level, fmt, ap);
	va_end(ap);
}
