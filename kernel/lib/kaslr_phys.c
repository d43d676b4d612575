// SPDX-License-Identifier: MIT
/*
 * The physical half of kernel image KASLR; the contract is in
 * kaslr_phys.h.
 *
 * The free memory F is (the union of usable e820 entries) within
 * [min, max), less every entry of another type and every range to avoid.
 * Its maximal intervals are walked lowest first without any allocation
 * (the inputs are small: at most 128 e820 entries and a few ranges), and
 * each interval [x, y) holds the aligned a with a + size <= y.
 */
#include "kernel/lib/kaslr_phys.h"

#include "kernel/lib/errno.h"

#define E820_USABLE 1

static u64 entry_end(const struct boot_e820_entry *e)
{
	u64 end = e->addr + e->size;

	return end < e->addr ? ~0ULL : end;
}

/* The end of the blocked range holding @x (furthest), or 0 if none. */
static u64 blocked_until(const struct kaslr_phys *k, u64 x)
{
	u64 until = 0;

	for (unsigned int i = 0; i < k->nr_e820; i++) {
		const struct boot_e820_entry *e = &k->e820[i];

		if (e->type != E820_USABLE && e->size && e->addr <= x &&
		    x < entry_end(e) && entry_end(e) > until)
			until = entry_end(e);
	}
	for (unsigned int i = 0; i < k->nr_avoid; i++) {
		const struct phys_range *r = &k->avoid[i];

		if (r->start <= x && x < r->end && r->end > until)
			until = r->end;
	}
	return until;
}

/* The furthest end of a usable entry holding @x, or 0 if none. */
static u64 usable_until(const struct kaslr_phys *k, u64 x)
{
	u64 until = 0;

	for (unsigned int i = 0; i < k->nr_e820; i++) {
		const struct boot_e820_entry *e = &k->e820[i];

		if (e->type == E820_USABLE && e->size && e->addr <= x &&
		    x < entry_end(e) && entry_end(e) > until)
			until = entry_end(e);
	}
	return until;
}

/* The lowest start of a usable entry above @x, or ~0 if none. */
static u64 next_usable(const struct kaslr_phys *k, u64 x)
{
	u64 next = ~0ULL;

	for (unsigned int i = 0; i < k->nr_e820; i++) {
		const struct boot_e820_entry *e = &k->e820[i];

		if (e->type == E820_USABLE && e->size && e->addr > x &&
		    e->addr < next)
			next = e->addr;
	}
	return next;
}

/* The lowest start of a blocked range in (x, limit), or limit. */
static u64 next_blocked(const struct kaslr_phys *k, u64 x, u64 limit)
{
	u64 next = limit;

	for (unsigned int i = 0; i < k->nr_e820; i++) {
		const struct boot_e820_entry *e = &k->e820[i];

		if (e->type != E820_USABLE && e->size && e->addr > x &&
		    e->addr < next)
			next = e->addr;
	}
	for (unsigned int i = 0; i < k->nr_avoid; i++) {
		const struct phys_range *r = &k->avoid[i];

		if (r->end > r->start && r->start > x && r->start < next)
			next = r->start;
	}
	return next;
}

/*
 * The next interval [*x, *y) of F at or above @from; false when there is
 * none.
 */
static bool next_free(const struct kaslr_phys *k, u64 from, u64 *x, u64 *y)
{
	u64 p = from, end, u;

	for (;;) {
		u64 b;

		if (p >= k->max)
			return false;
		b = blocked_until(k, p);
		if (b) {
			p = b;
			continue;
		}
		if (!usable_until(k, p)) {
			p = next_usable(k, p);
			continue;
		}
		break;
	}
	/* [p, end): usable (entries may chain), up to the next block. */
	end = p;
	while ((u = usable_until(k, end)) != 0) {
		u64 cut;

		if (end != p && blocked_until(k, end))
			break; /* a block starts right where RAM went on */
		cut = next_blocked(k, end, u);
		if (cut < u) {
			end = cut;
			break;
		}
		end = u;
	}
	if (end > k->max)
		end = k->max;
	*x = p;
	*y = end;
	return true;
}

/* Slots in [x, y), and the first one in *first. */
static u64 slots_in(const struct kaslr_phys *k, u64 x, u64 y, u64 *first)
{
	u64 a = (x + k->align - 1) & ~(k->align - 1);

	if (a < x || a >= y || y - a < k->size)
		return 0;
	*first = a;
	return (y - a - k->size) / k->align + 1;
}

static bool valid(const struct kaslr_phys *k)
{
	return k->size && k->align && !(k->align & (k->align - 1)) &&
	       k->min < k->max;
}

u64 kaslr_phys_count(const struct kaslr_phys *k)
{
	u64 total = 0, x, y = 0, first;

	if (!valid(k))
		return 0;
	for (u64 from = k->min; next_free(k, from, &x, &y); from = y)
		total += slots_in(k, x, y, &first);
	return total;
}

int kaslr_phys_slot(const struct kaslr_phys *k, u64 n, u64 *addr)
{
	u64 x, y = 0, first = 0, here;

	if (!valid(k))
		return -ERANGE;
	for (u64 from = k->min; next_free(k, from, &x, &y); from = y) {
		here = slots_in(k, x, y, &first);
		if (n < here) {
			*addr = first + n * k->align;
			return 0;
		}
		n -= here;
	}
	return -ERANGE;
}

u64 kaslr_mix(u64 seed, u64 word)
{
	/* splitmix64's finaliser over the running value. */
	u64 z = seed ^
		(word + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
