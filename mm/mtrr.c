// SPDX-License-Identifier: MIT
/*
 * MTRRs: print them as Linux 6.1 does, look up the type of a physical
 * range, and combine an MTRR type with a PAT type (mm/mtrr.h).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/mtrr.h"
#include "mm/pat.h"

#define MTRR_PHYS_BITS_MIN 36
#define MTRR_PHYS_BITS_MAX 52
#define MTRR_PAGE_MASK 0xfffULL
/* PHYSBASE bits 11:8 and PHYSMASK bits 10:0 are reserved. */
#define MTRR_PHYSBASE_RESERVED_LOW 0xf00ULL
#define MTRR_PHYSMASK_RESERVED_LOW 0x7ffULL
/* Linux's hex layout: bits MAXPHYADDR-1:32 in as many digits as they
 * need, then bits 31:12 in five digits, then "000". */
#define LOW_BITS 32

#define NR_MTRR_TYPES 7 /* 0..6; 2 and 3 reserved */
#define NR_PAT_TYPES 8 /* 0..7; 2 and 3 reserved */

static bool type_ok(unsigned int type)
{
	return type == PAT_UC || type == PAT_WC || type == PAT_WT ||
	       type == PAT_WP || type == PAT_WB;
}

int mtrr_fixed_range(unsigned int msr_index, u64 *start, u64 *step)
{
	if (msr_index == 0) {
		*start = 0;
		*step = 0x10000; /* FIX64K_00000 */
	} else if (msr_index <= 2) {
		*start = 0x80000 + (u64)(msr_index - 1) * 0x20000;
		*step = 0x4000; /* FIX16K_80000, FIX16K_A0000 */
	} else if (msr_index < MTRR_NR_FIXED_MSRS) {
		*start = 0xc0000 + (u64)(msr_index - 3) * 0x8000;
		*step = 0x1000; /* FIX4K_C0000 .. FIX4K_F8000 */
	} else {
		pr_err("MTRR: fixed-range MSR index %u is not 0..%u", msr_index,
		       MTRR_NR_FIXED_MSRS - 1);
		return -EINVAL;
	}
	return 0;
}

const char *mtrr_linux_type_name(unsigned int type)
{
	static const char *const names[NR_MTRR_TYPES] = {
		[PAT_UC] = "uncachable",
		[PAT_WC] = "write-combining",
		[2] = "?",
		[3] = "?",
		[PAT_WT] = "write-through",
		[PAT_WP] = "write-protect",
		[PAT_WB] = "write-back",
	};

	return type < NR_MTRR_TYPES ? names[type] : "?";
}

static bool mtrrs_enabled(const struct mtrr_state *s)
{
	return s->def_type & MTRR_DEF_TYPE_E;
}

static bool have_fixed(const struct mtrr_state *s)
{
	return s->cap & MTRR_CAP_FIX;
}

static bool fixed_enabled(const struct mtrr_state *s)
{
	return have_fixed(s) && mtrrs_enabled(s) &&
	       (s->def_type & MTRR_DEF_TYPE_FE);
}

/* Start and size of fixed range @i (0..87). */
static void fixed_slot(unsigned int i, u64 *start, u64 *size)
{
	u64 msr_start, step;

	mtrr_fixed_range(i / 8, &msr_start, &step);
	*start = msr_start + (i % 8) * step;
	*size = step;
}

static void print_fixed(const struct mtrr_state *s)
{
	u64 run_start = 0, start, size;
	unsigned int i;

	pr_info("MTRR fixed ranges %sabled:", fixed_enabled(s) ? "en" : "dis");
	for (i = 1; i <= MTRR_NR_FIXED_RANGES; i++) {
		if (i < MTRR_NR_FIXED_RANGES && s->fixed[i] == s->fixed[i - 1])
			continue;
		fixed_slot(i - 1, &start, &size);
		pr_info("  %05llX-%05llX %s", (unsigned long long)run_start,
			(unsigned long long)(start + size - 1),
			mtrr_linux_type_name(s->fixed[i - 1]));
		run_start = start + size;
	}
}

void mtrr_print_state(const struct mtrr_state *s)
{
	int high_width = ((int)s->phys_bits - LOW_BITS + 3) / 4;
	unsigned int i;

	if (high_width < 0)
		high_width = 0;
	pr_info("MTRR default type: %s",
		mtrr_linux_type_name(s->def_type & MTRR_DEF_TYPE_TYPE_MASK));
	if (have_fixed(s))
		print_fixed(s);
	pr_info("MTRR variable ranges %sabled:",
		mtrrs_enabled(s) ? "en" : "dis");
	for (i = 0; i < s->nr_var && i < MTRR_MAX_VAR_RANGES; i++) {
		u64 base = s->var[i].base, mask = s->var[i].mask;

		if (!(mask & MTRR_PHYSMASK_VALID)) {
			pr_info("  %u disabled", i);
			continue;
		}
		pr_info("  %u base %0*X%05X000 mask %0*X%05X000 %s", i,
			high_width, (unsigned int)(base >> 32),
			(unsigned int)((u32)base >> MTRR_PHYS_ADDR_SHIFT),
			high_width, (unsigned int)(mask >> 32),
			(unsigned int)((u32)mask >> MTRR_PHYS_ADDR_SHIFT),
			mtrr_linux_type_name(base & MTRR_PHYSBASE_TYPE_MASK));
	}
}

/* Bits MAXPHYADDR-1..12: where base and mask addresses live. */
static u64 frame_bits(const struct mtrr_state *s)
{
	return ((1ULL << s->phys_bits) - 1) & ~MTRR_PAGE_MASK;
}

/* [start, end) of valid variable range @i (contiguous mask). */
static void var_range(const struct mtrr_state *s, unsigned int i, u64 *start,
		      u64 *end)
{
	u64 mask = s->var[i].mask & frame_bits(s);
	u64 size = (~mask & ((1ULL << s->phys_bits) - 1)) + 1;

	*start = s->var[i].base & mask;
	*end = *start + size;
}

/* Reserved bits @reserved set in register @what of variable range @i. */
static int check_reserved(const struct mtrr_state *s, unsigned int i,
			  const char *what, u64 value, u64 reserved)
{
	if (!(value & reserved))
		return 0;
	pr_err("MTRR: variable range %u %s 0x%llx sets reserved bits 0x%llx "
	       "(MAXPHYADDR %u)",
	       i, what, (unsigned long long)value,
	       (unsigned long long)(value & reserved), s->phys_bits);
	return -EINVAL;
}

static int check_var(const struct mtrr_state *s, unsigned int i)
{
	u64 base = s->var[i].base, mask = s->var[i].mask;
	u64 above = ~((1ULL << s->phys_bits) - 1), inv;
	unsigned int type = base & MTRR_PHYSBASE_TYPE_MASK;
	int ret = 0;

	if (!(mask & MTRR_PHYSMASK_VALID))
		return 0;
	if (!type_ok(type)) {
		pr_err("MTRR: variable range %u has reserved type %u", i, type);
		ret = -EINVAL;
	}
	if (check_reserved(s, i, "base", base,
			   above | MTRR_PHYSBASE_RESERVED_LOW))
		ret = -EINVAL;
	if (check_reserved(s, i, "mask", mask,
			   above | MTRR_PHYSMASK_RESERVED_LOW))
		ret = -EINVAL;
	inv = ~(mask & frame_bits(s)) & ((1ULL << s->phys_bits) - 1);
	if (inv & (inv + 1)) {
		pr_err("MTRR: variable range %u mask 0x%llx is not contiguous",
		       i, (unsigned long long)mask);
		ret = -EINVAL;
	}
	return ret;
}

int mtrr_check_state(const struct mtrr_state *s)
{
	struct mtrr_def_type def;
	unsigned int vcnt = s->cap & MTRR_CAP_VCNT_MASK, i;
	int ret = 0;

	if (s->phys_bits < MTRR_PHYS_BITS_MIN ||
	    s->phys_bits > MTRR_PHYS_BITS_MAX) {
		pr_err("MTRR: MAXPHYADDR %u is not %u..%u", s->phys_bits,
		       MTRR_PHYS_BITS_MIN, MTRR_PHYS_BITS_MAX);
		return -EINVAL; /* every other check depends on it */
	}
	if (s->nr_var > vcnt || s->nr_var > MTRR_MAX_VAR_RANGES) {
		pr_err("MTRR: %u variable ranges, but VCNT is %u", s->nr_var,
		       vcnt);
		ret = -EINVAL;
	}
	if (mtrr_def_type_decode(s->def_type, &def))
		ret = -EINVAL;
	for (i = 0; have_fixed(s) && i < MTRR_NR_FIXED_RANGES; i++) {
		if (!type_ok(s->fixed[i])) {
			u64 start, size;

			fixed_slot(i, &start, &size);
			pr_err("MTRR: fixed range 0x%05llx-0x%05llx has "
			       "reserved "
			       "type %u",
			       (unsigned long long)start,
			       (unsigned long long)(start + size - 1),
			       s->fixed[i]);
			ret = -EINVAL;
		}
	}
	for (i = 0; i < s->nr_var && i < MTRR_MAX_VAR_RANGES; i++)
		if (check_var(s, i))
			ret = -EINVAL;
	return ret;
}

/* The type at @addr (SDM precedence); -EINVAL for an undefined overlap. */
static int type_at(const struct mtrr_state *s, u64 addr)
{
	unsigned int i, found = 0, seen = 0; /* seen: bit per type */
	u64 start, end, size;

	if (!mtrrs_enabled(s))
		return PAT_UC;
	if (addr < MTRR_FIXED_END && fixed_enabled(s)) {
		for (i = 0; i < MTRR_NR_FIXED_RANGES; i++) {
			fixed_slot(i, &start, &size);
			if (addr < start + size)
				return s->fixed[i];
		}
	}
	for (i = 0; i < s->nr_var; i++) {
		if (!(s->var[i].mask & MTRR_PHYSMASK_VALID))
			continue;
		var_range(s, i, &start, &end);
		if (addr >= start && addr < end) {
			found++;
			seen |= 1U
				<< (s->var[i].base & MTRR_PHYSBASE_TYPE_MASK);
		}
	}
	if (!found)
		return (int)(s->def_type & MTRR_DEF_TYPE_TYPE_MASK);
	if ((seen & (seen - 1)) == 0) /* one type */
		return __builtin_ctz(seen);
	if (seen & (1U << PAT_UC))
		return PAT_UC;
	if (seen == ((1U << PAT_WT) | (1U << PAT_WB)))
		return PAT_WT;
	pr_err("MTRR: the variable ranges over 0x%llx overlap with types "
	       "(mask 0x%x) whose combination is undefined",
	       (unsigned long long)addr, seen);
	return -EINVAL;
}

/* The first address above @addr where the type may change, or @limit. */
static u64 next_boundary(const struct mtrr_state *s, u64 addr, u64 limit)
{
	u64 next = limit, start, end, size;
	unsigned int i;

	if (addr < MTRR_FIXED_END && fixed_enabled(s)) {
		for (i = 0; i < MTRR_NR_FIXED_RANGES; i++) {
			fixed_slot(i, &start, &size);
			end = start + size;
			if (addr < end)
				return end < limit ? end : limit;
		}
	}
	for (i = 0; i < s->nr_var; i++) {
		if (!(s->var[i].mask & MTRR_PHYSMASK_VALID))
			continue;
		var_range(s, i, &start, &end);
		if (start > addr && start < next)
			next = start;
		if (end > addr && end < next)
			next = end;
	}
	return next;
}

int mtrr_type_range(const struct mtrr_state *s, u64 start, u64 end,
		    unsigned int *type, bool *uniform)
{
	bool same = true;
	int first, t;
	u64 addr;

	if (s->phys_bits < MTRR_PHYS_BITS_MIN ||
	    s->phys_bits > MTRR_PHYS_BITS_MAX || start >= end ||
	    end > (1ULL << s->phys_bits)) {
		pr_err("MTRR: cannot look up [0x%llx-0x%llx) with MAXPHYADDR "
		       "%u",
		       (unsigned long long)start, (unsigned long long)end,
		       s->phys_bits);
		return -EINVAL;
	}
	first = type_at(s, start);
	if (first < 0)
		return first;
	for (addr = next_boundary(s, start, end); addr < end;
	     addr = next_boundary(s, addr, end)) {
		t = type_at(s, addr);
		if (t < 0)
			return t;
		if (t != first)
			same = false;
	}
	*type = (unsigned int)first;
	*uniform = same;
	return 0;
}

int memtype_effective(unsigned int mtrr_type, unsigned int pat_type)
{
	/* Rows: MTRR type; columns: PAT type (2 and 3 reserved). */
	static const s8 table[NR_MTRR_TYPES][NR_PAT_TYPES] = {
		[PAT_UC] = {PAT_UC, PAT_WC, -1, -1, PAT_UC, PAT_UC, PAT_UC,
			    PAT_UC},
		[PAT_WC] = {PAT_UC, PAT_WC, -1, -1, PAT_UC, PAT_UC, PAT_WC,
			    PAT_WC},
		[PAT_WT] = {PAT_UC, PAT_WC, -1, -1, PAT_WT, PAT_WP, PAT_WT,
			    PAT_UC},
		[PAT_WP] = {PAT_UC, PAT_WC, -1, -1, PAT_WT, PAT_WP, PAT_WP,
			    PAT_WC},
		[PAT_WB] = {PAT_UC, PAT_WC, -1, -1, PAT_WT, PAT_WP, PAT_WB,
			    PAT_UC},
	};

	if (!type_ok(mtrr_type) || pat_type >= NR_PAT_TYPES ||
	    table[mtrr_type][pat_type] < 0) {
		pr_err("MTRR type %u with PAT type %u: no such memory type",
		       mtrr_type, pat_type);
		return -EINVAL;
	}
	return table[mtrr_type][pat_type];
}
