// SPDX-License-Identifier: MIT
#include "kernel/printk.h"

#include "kernel/arch/irqflags.h"
#include "kernel/arch/machine.h"
#include "kernel/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

/*
 * The ring buffer holds records back to back, each 8-byte aligned:
 *
 *   | ts_ns (8) | len (2) | level (1) | pad (5) | text (len) | pad to 8 |
 *
 * A header with len == WRAP_MARK says "continue at offset 0". When a new
 * record needs room, the oldest records are dropped.
 */
#define LOG_BUF_LEN (1UL << LOG_BUF_SHIFT)
#define WRAP_MARK 0xffff

struct log_rec {
	u64 ts_ns;
	u16 len;
	u8 level;
	u8 pad[5];
};

static char log_buf[LOG_BUF_LEN] __aligned(8);
static size_t log_first; /* offset of the oldest record */
static size_t log_next; /* where the next record goes */
static size_t log_count; /* records in the buffer */
static unsigned long log_dropped;
static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static void (*console_write)(const char *s, size_t len);

static size_t rec_size(size_t len)
{
	return ALIGN(sizeof(struct log_rec) + len, 8);
}

static struct log_rec *rec_at(size_t off)
{
	return (struct log_rec *)(log_buf + off);
}

/* Offset of the record after the one at @off, following a wrap mark. */
static size_t rec_next(size_t off)
{
	off += rec_size(rec_at(off)->len);
	if (off + sizeof(struct log_rec) > LOG_BUF_LEN ||
	    rec_at(off)->len == WRAP_MARK)
		off = 0;
	return off;
}

static void drop_oldest(void)
{
	log_first = rec_next(log_first);
	log_count--;
	log_dropped++;
}

/* Is [off, off + size) free of live records? */
static bool room_at(size_t off, size_t size)
{
	if (log_count == 0)
		return true;
	if (log_first < off)
		return true; /* live records lie below @off... */
	return off + size <= log_first; /* ...or start above the new one */
}

static struct log_rec *log_store(u64 ts, int level, const char *text,
				 size_t len)
{
	size_t size = rec_size(len);
	struct log_rec *r;

	if (size > LOG_BUF_LEN / 4) {
		len = LOG_BUF_LEN / 4 - sizeof(struct log_rec);
		size = rec_size(len);
	}
	if (log_next + size > LOG_BUF_LEN) {
		/* Wrap: the tail is too short. Drop what lives at 0.. first. */
		while (log_count && log_first >= log_next)
			drop_oldest();
		if (log_next + sizeof(struct log_rec) <= LOG_BUF_LEN)
			rec_at(log_next)->len = WRAP_MARK;
		log_next = 0;
	}
	while (!room_at(log_next, size))
		drop_oldest();
	r = rec_at(log_next);
	r->ts_ns = ts;
	r->len = (u16)len;
	r->level = (u8)level;
	memcpy(r + 1, text, len);
	if (log_count == 0)
		log_first = log_next;
	log_count++;
	log_next += size;
	return r;
}

static void console_emit(u64 ts, const char *text, size_t len)
{
	char prefix[32];
	int n;

	if (!console_write)
		return;
	n = kscnprintf(prefix, sizeof(prefix), "[%5llu.%06llu] ",
		       (unsigned long long)(ts / 1000000000),
		       (unsigned long long)(ts % 1000000000 / 1000));
	console_write(prefix, (size_t)n);
	console_write(text, len);
	console_write("\n", 1);
}

static const char *find_newline(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			return s + i;
	return NULL;
}

/*
 * Records and console lines of different CPUs and tasks never interleave:
 * logbuf_lock (interrupts off) is held per message. A CPU that faults or
 * takes an NMI while holding it goes on without it (the oops must come
 * out), as Linux's printk does in an oops.
 */
static DEFINE_SPINLOCK(logbuf_lock);

static void log_lines_locked(int level, const char *text, size_t len,
			     bool force);

/* One message may hold several lines: each becomes a record. */
static void log_lines(int level, const char *text, size_t len, bool force)
{
	unsigned long flags = arch_local_irq_save();
	bool take = !spin_is_locked_here(&logbuf_lock);

	if (take)
		do_raw_spin_lock(&logbuf_lock);
	log_lines_locked(level, text, len, force);
	if (take)
		do_raw_spin_unlock(&logbuf_lock);
	arch_local_irq_restore(flags);
}

static void log_lines_locked(int level, const char *text, size_t len,
			     bool force)
{
	u64 ts = arch_boot_clock_ns();

	while (len) {
		const char *nl = find_newline(text, len);
		size_t l = nl ? (size_t)(nl - text) : len;

		log_store(ts, level, text, l);
		if (force || level < console_loglevel)
			console_emit(ts, text, l);
		if (!nl)
			break;
		len -= l + 1;
		text += l + 1;
	}
}

static void printk_sink(int level, const char *text, size_t len)
{
	log_lines(level, text, len, false);
}

void printk_init(void)
{
	log_set_sink(printk_sink);
}

void console_set_loglevel(int level)
{
	console_loglevel = level;
}

int console_get_loglevel(void)
{
	return console_loglevel;
}

static void replay_one(u64 ts, int level, const char *text, size_t len,
		       void *arg)
{
	(void)arg;
	if (level < console_loglevel)
		console_emit(ts, text, len);
}

void console_register(void (*write)(const char *s, size_t len))
{
	console_write = write;
	printk_for_each_record(replay_one, NULL);
}

void printk_always(int level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_lines(level, line, (size_t)n, true);
}

unsigned long printk_dropped(void)
{
	return log_dropped;
}

size_t printk_for_each_record(void (*fn)(u64 ts_ns, int level, const char *text,
					 size_t len, void *arg),
			      void *arg)
{
	size_t off = log_first;

	for (size_t i = 0; i < log_count; i++) {
		struct log_rec *r = rec_at(off);

		fn(r->ts_ns, r->level, (const char *)(r + 1), r->len, arg);
		off = rec_next(off);
	}
	return log_count;
}
