// SPDX-License-Identifier: MIT
/*
 * Editing an e820 table: add a range, change the type of a range, remove a
 * range. The edits work on the raw table and may leave it unsorted or
 * overlapping; e820__update_table() tidies it afterwards.
 *
 * How an entry E meets the edited range R = [start, end):
 *
 *   E:   |---head---|====overlap====|---tail---|
 *   R:              [start       end)
 *
 * What is left of E stays in E's slot (a wholly covered E just changes
 * type, or goes); update appends the overlap with its new type; a tail that
 * comes with a head is appended too. Each edit counts the slots it needs
 * first, so a full table refuses it whole.
 */
#include "mm/e820.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/e820_internal.h"

/* Where an entry meets the edited range. */
struct e820_cut {
	u64 lo, hi; /* the overlap [lo, hi) */
	bool head, tail; /* parts of the entry left before lo, after hi */
};

/*
 * Intersect @e with [start, end). Returns false when they do not overlap
 * or when @e wraps past 2^64 (such entries are left for the sanitiser to
 * reject).
 */
static bool e820_cut(const struct e820_entry *e, u64 start, u64 end,
		     struct e820_cut *c)
{
	u64 e_end = e->addr + e->size;

	if (e_end < e->addr)
		return false;
	c->lo = max(start, e->addr);
	c->hi = min(end, e_end);
	if (c->lo >= c->hi)
		return false;
	c->head = e->addr < c->lo;
	c->tail = c->hi < e_end;
	return true;
}

/* Cut @size so that start + size does not wrap. */
static u64 e820_clamp_size(u64 start, u64 size)
{
	return min(size, UINT64_MAX - start);
}

/* Append without a capacity check: the caller made room beforehand. */
static void e820_append(struct e820_table *t, u64 addr, u64 size, u32 type)
{
	struct e820_entry *e = &t->entries[t->nr_entries++];

	e->addr = addr;
	e->size = size;
	e->type = type;
}

static int e820_no_room(const char *what, u64 start, u64 end, u32 needed)
{
	pr_err("e820: %s [mem 0x%08llx-0x%08llx] needs %u more entries, the "
	       "table holds %u; nothing changed\n",
	       what, ULL(start), ULL(end - 1), needed, E820_MAX_ENTRIES);
	return -ENOSPC;
}

bool e820_count_ok(const struct e820_table *t, bool report)
{
	if (t->nr_entries <= E820_MAX_ENTRIES)
		return true;
	if (report)
		pr_err("e820: table claims %u entries, it holds at most %u; "
		       "left unchanged\n",
		       t->nr_entries, E820_MAX_ENTRIES);
	return false;
}

int e820__range_add(struct e820_table *t, u64 start, u64 size, u32 type)
{
	char label[E820_TYPE_LABEL_MAX];

	if (t->nr_entries >= E820_MAX_ENTRIES) {
		pr_err("e820: too many entries (%u); ignoring [mem "
		       "0x%08llx-0x%08llx] %s\n",
		       t->nr_entries, ULL(start), ULL(start + size - 1),
		       e820_type_label(type, label, sizeof(label)));
		return -ENOSPC;
	}
	e820_append(t, start, size, type);
	return 0;
}

/* Entries an update of [start, end) from @old_type would append. */
static u32 e820_update_growth(const struct e820_table *t, u64 start, u64 end,
			      u32 old_type)
{
	struct e820_cut c;
	u32 i, n = 0;

	for (i = 0; i < t->nr_entries; i++) {
		if (t->entries[i].type != old_type ||
		    !e820_cut(&t->entries[i], start, end, &c))
			continue;
		n += (u32)c.head + (u32)c.tail;
	}
	return n;
}

int e820__range_update(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       u32 new_type)
{
	u64 end = start + e820_clamp_size(start, size);
	char from[E820_TYPE_LABEL_MAX], to[E820_TYPE_LABEL_MAX];
	u32 i, n = t->nr_entries, growth;
	struct e820_cut c;

	if (!e820_count_ok(t, true))
		return -EINVAL;
	pr_debug("e820: update [mem 0x%08llx-0x%08llx] %s ==> %s\n", ULL(start),
		 ULL(end - 1), e820_type_label(old_type, from, sizeof(from)),
		 e820_type_label(new_type, to, sizeof(to)));
	if (old_type == new_type)
		return 0;
	growth = e820_update_growth(t, start, end, old_type);
	if (growth > E820_MAX_ENTRIES - n)
		return e820_no_room("update", start, end, growth);

	for (i = 0; i < n; i++) {
		struct e820_entry *e = &t->entries[i];
		u64 e_end = e->addr + e->size;

		if (e->type != old_type || !e820_cut(e, start, end, &c))
			continue;
		if (!c.head && !c.tail) {
			e->type = new_type;
			continue;
		}
		e820_append(t, c.lo, c.hi - c.lo, new_type);
		if (c.head) {
			e->size = c.lo - e->addr;
			if (c.tail)
				e820_append(t, c.hi, e_end - c.hi, old_type);
		} else {
			e->addr = c.hi;
			e->size = e_end - c.hi;
		}
	}
	return 0;
}

/* Entries a removal of [start, end) would append (one per middle cut). */
static u32 e820_remove_growth(const struct e820_table *t, u64 start, u64 end,
			      u32 old_type, bool check_type)
{
	struct e820_cut c;
	u32 i, n = 0;

	for (i = 0; i < t->nr_entries; i++) {
		if ((check_type && t->entries[i].type != old_type) ||
		    !e820_cut(&t->entries[i], start, end, &c))
			continue;
		n += (u32)(c.head && c.tail);
	}
	return n;
}

int e820__range_remove(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       bool check_type)
{
	u64 end = start + e820_clamp_size(start, size);
	u32 r, w = 0, n = t->nr_entries, growth, appended;
	char label[E820_TYPE_LABEL_MAX];
	struct e820_cut c;

	if (!e820_count_ok(t, true))
		return -EINVAL;
	pr_debug("e820: remove [mem 0x%08llx-0x%08llx] %s\n", ULL(start),
		 ULL(end - 1),
		 check_type ? e820_type_label(old_type, label, sizeof(label))
			    : "(any type)");
	growth = e820_remove_growth(t, start, end, old_type, check_type);
	if (growth > E820_MAX_ENTRIES - n)
		return e820_no_room("remove", start, end, growth);

	/* Survivors move down to w; tails go to the end, from slot n on. */
	for (r = 0; r < n; r++) {
		struct e820_entry e = t->entries[r];
		u64 e_end = e.addr + e.size;

		if ((check_type && e.type != old_type) ||
		    !e820_cut(&e, start, end, &c)) {
			t->entries[w++] = e;
			continue;
		}
		if (c.head && c.tail)
			e820_append(t, c.hi, e_end - c.hi, e.type);
		if (c.head)
			e.size = c.lo - e.addr;
		else if (c.tail)
			e = (struct e820_entry){c.hi, e_end - c.hi, e.type};
		else
			continue; /* wholly removed */
		t->entries[w++] = e;
	}
	appended = t->nr_entries - n;
	memmove(&t->entries[w], &t->entries[n],
		appended * sizeof(t->entries[0]));
	t->nr_entries = w + appended;
	return 0;
}
