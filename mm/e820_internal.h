/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the e820 files (mm/e820*.c); not part of the public
 * surface in mm/e820.h.
 */
#ifndef KEEL_MM_E820_INTERNAL_H
#define KEEL_MM_E820_INTERNAL_H

#include "kernel/lib/string.h"
#include "mm/e820.h"

/* u64 and phys_addr_t are unsigned long; %llx wants unsigned long long. */
#define ULL(x) ((unsigned long long)(x))

/* Does [addr, addr + size) run past 2^64 (ending exactly there included)? */
static inline bool e820_range_wraps(u64 addr, u64 size)
{
	return addr + size < addr;
}

/* Copy the used part of @src into @dst. */
static inline void e820_table_copy(struct e820_table *dst,
				   const struct e820_table *src)
{
	dst->nr_entries = src->nr_entries;
	memcpy(dst->entries, src->entries,
	       src->nr_entries * sizeof(src->entries[0]));
}

/*
 * e820_count_ok - does @t's nr_entries fit the table? When it does not and
 * @report, logs it. Every function that rewrites a table checks first.
 */
bool e820_count_ok(const struct e820_table *t, bool report);

/* Room for a type's printed name, "type 4294967295" included. */
#define E820_TYPE_LABEL_MAX 24

/*
 * e820_type_label - @type's printed name: Linux's name, or "type N"
 * written into @buf. Returns the name.
 */
const char *e820_type_label(u32 type, char *buf, size_t size);

/*
 * e820_update_table - e820__update_table() that logs its rejections only
 * when @report; for callers to whom a too-small table is no error.
 */
int e820_update_table(struct e820_table *t, bool report);

#endif
