// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for mm/e820*: bytes become a zero page e820 table (and
 * perhaps a SETUP_E820_EXT node) plus a command line; the target appends,
 * sanitises, applies mem=/memmap=, trims the BIOS area and queries the
 * result, checking after each step:
 *
 *   - a failed step leaves the table exactly as it was;
 *   - a sanitised table is sorted, non-overlapping, without zero sizes or
 *     type 0, and neighbours of one type touch only for PRAM and
 *     SOFT_RESERVED;
 *   - every address has the highest type that covered it in the input
 *     (checked against a brute-force model over the input's change
 *     points; when the output filled the table, only the part kept);
 *   - sanitising twice changes nothing.
 *
 * Input layout:
 *   byte 0   flags: bits 0-1 address unit (1, 4 KiB, 1 MiB, 4 GiB),
 *            bit 2 an E820_EXT node, bit 3 that node loops to itself,
 *            bit 4 wide entries (raw u64 addr and size), bit 5 a log sink
 *   byte 1   boot_params.e820_entries (may exceed 128)
 *   byte 2   entries in the E820_EXT node
 *   then     entries: u32 addr, u32 size (in units), u8 type selector;
 *            wide: u64 addr, u64 size, u8 type selector
 *   rest     the command line
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/e820.h"
#include "mm/physmap.h"

#define F_UNIT_MASK 0x03
#define F_EXT 0x04
#define F_EXT_LOOP 0x08
#define F_WIDE 0x10
#define F_LOG 0x20

#define HDR_BYTES 3
#define ARENA_BASE 0x10000ULL
#define ARENA_SIZE 0x4000
#define MAX_PHYSMEM_BITS 46

static const unsigned int unit_shift[] = {0, 12, 20, 32};

static const uint32_t type_table[16] = {
	0,
	E820_TYPE_RAM,
	E820_TYPE_RESERVED,
	E820_TYPE_ACPI,
	E820_TYPE_NVS,
	E820_TYPE_UNUSABLE,
	E820_TYPE_PMEM,
	E820_TYPE_PRAM,
	E820_TYPE_SOFT_RESERVED,
	E820_TYPE_RAM,
	E820_TYPE_RAM,
	E820_TYPE_RESERVED,
	6,
	13,
	0xf0000000u,
	UINT32_MAX,
};

static _Alignas(4096) uint8_t arena[ARENA_SIZE];
static struct boot_params bp;
static struct e820_table t, input, saved, again;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_e820: %s:%d: %s\n", __FILE__,    \
				__LINE__, #cond);                              \
			__builtin_trap();                                      \
		}                                                              \
	} while (0)

/* A little-endian byte reader. */
struct reader {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct reader *r, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n && r->left; i++, r->left--)
		v |= (uint64_t)*r->p++ << (8 * i);
	return v;
}

static struct boot_e820_entry take_entry(struct reader *r, uint8_t flags)
{
	struct boot_e820_entry e;
	unsigned int shift = unit_shift[flags & F_UNIT_MASK];

	if (flags & F_WIDE) {
		e.addr = take(r, 8);
		e.size = take(r, 8);
	} else {
		e.addr = take(r, 4) << shift;
		e.size = take(r, 4) << shift;
	}
	e.type = type_table[take(r, 1) & 15];
	return e;
}

static bool same_table(const struct e820_table *a, const struct e820_table *b)
{
	return a->nr_entries == b->nr_entries &&
	       !memcmp(a->entries, b->entries,
		       a->nr_entries * sizeof(a->entries[0]));
}

static bool nomerge(uint32_t type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

static uint64_t end_of(const struct e820_entry *e)
{
	return e->addr + e->size;
}

/* Sorted, non-overlapping, no empty or type-0 entries, merged. */
static void check_sane(const struct e820_table *tab)
{
	CHECK(tab->nr_entries <= E820_MAX_ENTRIES);
	for (uint32_t i = 0; i < tab->nr_entries; i++) {
		const struct e820_entry *e = &tab->entries[i];

		CHECK(e->size != 0);
		CHECK(e->type != 0);
		CHECK(end_of(e) > e->addr);
		if (i == 0)
			continue;
		CHECK(end_of(e - 1) <= e->addr);
		if (end_of(e - 1) == e->addr && e[-1].type == e->type)
			CHECK(nomerge(e->type));
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The input's distinct change points, sorted; returns how many. */
static size_t change_points(const struct e820_table *in, uint64_t *pts)
{
	size_t n = 0, u = 0;

	for (uint32_t i = 0; i < in->nr_entries; i++) {
		if (!in->entries[i].size)
			continue;
		pts[n++] = in->entries[i].addr;
		pts[n++] = end_of(&in->entries[i]);
	}
	qsort(pts, n, sizeof(pts[0]), cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || pts[i] != pts[u - 1])
			pts[u++] = pts[i];
	return u;
}

/* Highest type of the input entries covering [a, b). */
static uint32_t model_type(const struct e820_table *in, uint64_t a, uint64_t b)
{
	uint32_t type = 0;

	for (uint32_t i = 0; i < in->nr_entries; i++) {
		const struct e820_entry *e = &in->entries[i];

		if (e->size && e->addr <= a && end_of(e) >= b && e->type > type)
			type = e->type;
	}
	return type;
}

static bool is_point(const uint64_t *pts, size_t n, uint64_t x)
{
	return bsearch(&x, pts, n, sizeof(pts[0]), cmp_u64) != NULL;
}

/*
 * @out, sanitised from @in, gives every address the highest type covering
 * it in @in; nomerge pieces run from one change point to the next.
 */
static void check_model(const struct e820_table *in,
			const struct e820_table *out)
{
	static uint64_t pts[2 * E820_MAX_ENTRIES];
	size_t n = change_points(in, pts);
	bool full = out->nr_entries == E820_MAX_ENTRIES;
	uint64_t limit = out->nr_entries
				 ? end_of(&out->entries[out->nr_entries - 1])
				 : 0;
	uint64_t covered = 0, out_total = 0;
	uint32_t j = 0;

	for (size_t k = 0; k + 1 < n; k++) {
		uint64_t a = pts[k], b = pts[k + 1];
		uint32_t type;

		if (full && a >= limit)
			break;
		type = model_type(in, a, b);
		while (j < out->nr_entries && end_of(&out->entries[j]) <= a)
			j++;
		if (!type) {
			CHECK(j == out->nr_entries ||
			      out->entries[j].addr >= b);
			continue;
		}
		CHECK(j < out->nr_entries);
		CHECK(out->entries[j].addr <= a &&
		      end_of(&out->entries[j]) >= b);
		CHECK(out->entries[j].type == type);
		covered += b - a;
	}
	for (uint32_t i = 0; i < out->nr_entries; i++) {
		const struct e820_entry *e = &out->entries[i];

		uint64_t start = e->addr, *at;

		out_total += e->size;
		CHECK(is_point(pts, n, start) && is_point(pts, n, end_of(e)));
		if (!nomerge(e->type))
			continue;
		/* No change point strictly inside a nomerge piece. */
		at = bsearch(&start, pts, n, sizeof(pts[0]), cmp_u64);
		CHECK(at && at + 1 < pts + n && at[1] == end_of(e));
	}
	CHECK(out_total == covered);
}

/* Did sanitising have a reason to refuse @in? */
static bool must_reject(const struct e820_table *in)
{
	if (in->nr_entries < 2)
		return true;
	for (uint32_t i = 0; i < in->nr_entries; i++)
		if (end_of(&in->entries[i]) < in->entries[i].addr)
			return true;
	return false;
}

static void check_sanitize_twice(const struct e820_table *tab)
{
	again = *tab;
	if (e820__update_table(&again) == 0) {
		CHECK(same_table(&again, tab));
	} else {
		CHECK(tab->nr_entries < 2);
		CHECK(same_table(&again, tab));
	}
}

/* Build the zero page (and the E820_EXT node) from the input. */
static void build_boot_params(struct reader *r, uint8_t flags)
{
	uint8_t nr = (uint8_t)take(r, 1);
	uint8_t next = (uint8_t)take(r, 1);
	uint32_t zp =
		nr < E820_MAX_ENTRIES_ZEROPAGE ? nr : E820_MAX_ENTRIES_ZEROPAGE;

	memset(&bp, 0, sizeof(bp));
	bp.e820_entries = nr;
	bp.alt_mem_k = (uint32_t)flags << 10;
	for (uint32_t i = 0; i < zp; i++)
		bp.e820_table[i] = take_entry(r, flags);
	if (!(flags & F_EXT))
		return;
	struct setup_data *sd = (struct setup_data *)arena;
	struct boot_e820_entry *ext = (struct boot_e820_entry *)sd->data;

	sd->next = flags & F_EXT_LOOP ? ARENA_BASE : 0;
	sd->type = SETUP_E820_EXT;
	sd->len = next * sizeof(*ext);
	for (uint32_t i = 0; i < next; i++)
		ext[i] = take_entry(r, flags);
	bp.hdr.setup_data = ARENA_BASE;
}

static int record_add(phys_addr_t base, phys_addr_t size)
{
	CHECK(size && base % PAGE_SIZE == 0 && size % PAGE_SIZE == 0);
	CHECK(base + size > base);
	return 0;
}

static int record_reserve(phys_addr_t base, phys_addr_t size)
{
	CHECK(size && base + size > base);
	return 0;
}

/* Queries on a sanitised table must stay within their bounds. */
static void check_queries(const struct e820_table *tab)
{
	uint64_t gapstart = 0, gapsize = E820_PCI_GAP_MIN_SIZE;
	char line[E820_LINE_MAX];

	CHECK(e820__end_of_ram_pfn(tab, MAX_PHYSMEM_BITS) <=
	      1ULL << (MAX_PHYSMEM_BITS - PAGE_SHIFT));
	CHECK(e820__end_of_low_ram_pfn(tab, MAX_PHYSMEM_BITS) <= SZ_4G >>
	      PAGE_SHIFT);
	if (e820__search_gap(tab, &gapstart, &gapsize)) {
		CHECK(gapsize >= E820_PCI_GAP_MIN_SIZE);
		CHECK(gapstart + gapsize <= SZ_4G);
		for (uint32_t i = 0; i < tab->nr_entries; i++)
			CHECK(end_of(&tab->entries[i]) <= gapstart ||
			      tab->entries[i].addr >= gapstart + gapsize);
	}
	CHECK(e820__memblock_setup(tab, record_add, record_reserve) == 0);
	for (uint32_t i = 0; i < tab->nr_entries; i++) {
		uint32_t type = 0;
		int n = e820__format_entry(line, sizeof(line), "BIOS-e820",
					   &tab->entries[i]);
		const char *name = strchr(line, ']');

		CHECK(n > 0 && (size_t)n < sizeof(line) && name);
		name += 2;
		CHECK(e820__parse_type(name, strlen(name), &type) == 0);
		CHECK(type == tab->entries[i].type);
	}
}

/* After the trim: page 0 is not RAM, 640 KiB-1 MiB holds no RAM. */
static void check_trimmed(const struct e820_table *tab)
{
	for (uint32_t i = 0; i < tab->nr_entries; i++) {
		const struct e820_entry *e = &tab->entries[i];

		if (e->type != E820_TYPE_RAM || !e->size)
			continue;
		CHECK(e->addr >= PAGE_SIZE);
		CHECK(end_of(e) <= E820_BIOS_BEGIN || e->addr >= E820_BIOS_END);
	}
}

static void apply_cmdline(struct reader *r)
{
	static char cmdline[COMMAND_LINE_SIZE];
	size_t n =
		r->left < sizeof(cmdline) - 1 ? r->left : sizeof(cmdline) - 1;
	int ret;

	memcpy(cmdline, r->p, n);
	cmdline[n] = '\0';
	saved = t;
	ret = e820__apply_cmdline(&t, cmdline);
	if (ret <= 0) {
		CHECK(same_table(&t, &saved));
		return;
	}
	CHECK(ret == 1);
	check_sane(&t);
	check_sanitize_twice(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = {data, size};
	uint8_t flags;
	int ret;

	if (size < HDR_BYTES)
		return 0;
	flags = (uint8_t)take(&r, 1);
	log_set_sink(flags & F_LOG ? fuzz_null_sink : NULL);
	physmap_set_offset((uintptr_t)arena - (uintptr_t)ARENA_BASE);
	build_boot_params(&r, flags);

	t.nr_entries = 0;
	ret = e820__append_boot_params(&t, &bp, ARENA_BASE,
				       ARENA_BASE + ARENA_SIZE, NULL);
	if (flags & F_EXT && flags & F_EXT_LOOP &&
	    bp.e820_entries <= E820_MAX_ENTRIES_ZEROPAGE)
		CHECK(ret == -ELOOP || ret == -EINVAL);
	if (ret) {
		CHECK(t.nr_entries == 0);
		return 0;
	}

	input = t;
	ret = e820__update_table(&t);
	if (ret) {
		CHECK(must_reject(&input));
		CHECK(same_table(&t, &input));
		return 0;
	}
	CHECK(!must_reject(&input));
	check_sane(&t);
	check_model(&input, &t);
	check_sanitize_twice(&t);

	apply_cmdline(&r);

	saved = t;
	if (e820__trim_bios_range(&t) == 0) {
		check_sane(&t);
		check_trimmed(&t);
	} else {
		CHECK(same_table(&t, &saved));
	}
	check_queries(&t);
	return 0;
}
