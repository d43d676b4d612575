// SPDX-License-Identifier: MIT
/*
 * PAT, MTRR and EPT memory types: the IA32_PAT value keel programs, cache
 * mode <-> page-table bits, and decoding. See mm/pat.h for the tables.
 */
#define pr_fmt(fmt) "PAT: " fmt

#include "mm/pat.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

/* CPUs with PAT errata (see mm/pat.h). */
#define ERRATA_FAMILY_P6 0x6
#define ERRATA_P6_LAST_MODEL 0xd
#define ERRATA_FAMILY_NETBURST 0xf
#define ERRATA_NETBURST_LAST_MODEL 0x6

/* A PAT entry byte: type in bits 2:0, bits 7:3 reserved. */
#define PAT_ENTRY_BYTE 0xffUL

/* The entry of PAT_VALUE_KEEL holding UC. */
#define KEEL_PAT_INDEX_UC 3u

/* Marks a mode without a fallback. */
#define NO_FALLBACK (-1)

static const unsigned int mode_type[CACHE_MODE_NR] = {
	[CACHE_MODE_WB] = PAT_WB,
	[CACHE_MODE_WC] = PAT_WC,
	[CACHE_MODE_UC_MINUS] = PAT_UC_MINUS,
	[CACHE_MODE_UC] = PAT_UC,
	[CACHE_MODE_WT] = PAT_WT,
	[CACHE_MODE_WP] = PAT_WP,
};

static const char *const mode_name[CACHE_MODE_NR] = {
	[CACHE_MODE_WB] = "write-back",
	[CACHE_MODE_WC] = "write-combining",
	[CACHE_MODE_UC_MINUS] = "uncached-minus",
	[CACHE_MODE_UC] = "uncached",
	[CACHE_MODE_WT] = "write-through",
	[CACHE_MODE_WP] = "write-protect",
};

/* The mode to use when a table lacks one: always one that caches less. */
static const int mode_fallback[CACHE_MODE_NR] = {
	[CACHE_MODE_WB] = NO_FALLBACK,
	[CACHE_MODE_WC] = CACHE_MODE_UC_MINUS,
	[CACHE_MODE_UC_MINUS] = CACHE_MODE_UC,
	[CACHE_MODE_UC] = NO_FALLBACK,
	[CACHE_MODE_WT] = CACHE_MODE_UC_MINUS,
	[CACHE_MODE_WP] = CACHE_MODE_UC_MINUS,
};

static bool mode_ok(enum cache_mode mode)
{
	return (unsigned int)mode < CACHE_MODE_NR;
}

/* The types MTRRs and EPT can hold: the PAT types less UC-. */
static bool mtrr_type_ok(u64 type)
{
	return type == PAT_UC || type == PAT_WC || type == PAT_WT ||
	       type == PAT_WP || type == PAT_WB;
}

bool pat_errata_cpu(bool intel, unsigned int family, unsigned int model)
{
	if (!intel)
		return false;
	return (family == ERRATA_FAMILY_P6 && model <= ERRATA_P6_LAST_MODEL) ||
	       (family == ERRATA_FAMILY_NETBURST &&
		model <= ERRATA_NETBURST_LAST_MODEL);
}

u64 pat_msr_value(bool errata)
{
	return errata ? PAT_VALUE_ERRATA : PAT_VALUE_KEEL;
}

const char *cache_mode_name(enum cache_mode mode)
{
	return mode_ok(mode) ? mode_name[mode] : "invalid";
}

int cache_mode_to_pat_type(enum cache_mode mode)
{
	return mode_ok(mode) ? (int)mode_type[mode] : -EINVAL;
}

int pat_type_to_cache_mode(unsigned int type)
{
	switch (type) {
	case PAT_UC:
		return CACHE_MODE_UC;
	case PAT_WC:
		return CACHE_MODE_WC;
	case PAT_WT:
		return CACHE_MODE_WT;
	case PAT_WP:
		return CACHE_MODE_WP;
	case PAT_WB:
		return CACHE_MODE_WB;
	case PAT_UC_MINUS:
		return CACHE_MODE_UC_MINUS;
	default:
		return -EINVAL;
	}
}

/* The byte of entry @index of IA32_PAT value @msr. */
static unsigned int pat_entry(u64 msr, unsigned int index)
{
	return (msr >> (index * PAT_ENTRY_SHIFT)) & PAT_ENTRY_BYTE;
}

/* The mode of entry @index, or -EINVAL (reported) when it is reserved. */
static int pat_entry_mode(u64 msr, unsigned int index)
{
	unsigned int byte = pat_entry(msr, index);
	int mode = pat_type_to_cache_mode(byte);

	if (mode < 0)
		pr_err("PA%u holds reserved type 0x%x (IA32_PAT 0x%016lx)\n",
		       index, byte, msr);
	return mode;
}

int pat_decode(u64 msr, enum cache_mode out[PAT_NR_ENTRIES])
{
	enum cache_mode modes[PAT_NR_ENTRIES];
	int ret = 0;

	for (unsigned int i = 0; i < PAT_NR_ENTRIES; i++) {
		int mode = pat_entry_mode(msr, i);

		if (mode < 0)
			ret = -EINVAL;
		else
			modes[i] = (enum cache_mode)mode;
	}
	if (ret)
		return ret;
	for (unsigned int i = 0; i < PAT_NR_ENTRIES; i++)
		out[i] = modes[i];
	return 0;
}

static u64 pat_index_to_pte_bits(unsigned int index, bool large)
{
	u64 bits = 0;

	if (index & PAT_INDEX_PWT)
		bits |= PAT_PTE_PWT;
	if (index & PAT_INDEX_PCD)
		bits |= PAT_PTE_PCD;
	if (index & PAT_INDEX_PAT)
		bits |= large ? PAT_PTE_PAT_LARGE : PAT_PTE_PAT;
	return bits;
}

static unsigned int pte_bits_to_pat_index(u64 bits, bool large)
{
	unsigned int index = 0;

	if (bits & PAT_PTE_PWT)
		index |= PAT_INDEX_PWT;
	if (bits & PAT_PTE_PCD)
		index |= PAT_INDEX_PCD;
	if (bits & (large ? PAT_PTE_PAT_LARGE : PAT_PTE_PAT))
		index |= PAT_INDEX_PAT;
	return index;
}

/* The lowest entry of @table holding @mode, or -ENOENT. */
static int find_entry(const enum cache_mode table[PAT_NR_ENTRIES],
		      enum cache_mode mode)
{
	for (unsigned int i = 0; i < PAT_NR_ENTRIES; i++)
		if (table[i] == mode)
			return (int)i;
	return -ENOENT;
}

int pat_cache_mode_index(u64 pat_msr, enum cache_mode mode)
{
	enum cache_mode table[PAT_NR_ENTRIES];
	int m, index;

	if (!mode_ok(mode)) {
		pr_err("no cache mode %d\n", (int)mode);
		return -EINVAL;
	}
	if (pat_decode(pat_msr, table))
		return -EINVAL;
	for (m = (int)mode; m != NO_FALLBACK; m = mode_fallback[m]) {
		index = find_entry(table, (enum cache_mode)m);
		if (index >= 0)
			return index;
	}
	pr_err("IA32_PAT 0x%016lx offers neither %s nor a mode caching less\n",
	       pat_msr, mode_name[mode]);
	return -ENOENT;
}

int pat_cache_mode_to_pte_bits(u64 pat_msr, enum cache_mode mode, bool large,
			       u64 *bits)
{
	int index = pat_cache_mode_index(pat_msr, mode);

	if (index < 0)
		return index;
	*bits = pat_index_to_pte_bits((unsigned int)index, large);
	return 0;
}

u64 cache_mode_to_pte_bits(enum cache_mode mode, bool large)
{
	u64 bits = 0;

	if (pat_cache_mode_to_pte_bits(PAT_VALUE_KEEL, mode, large, &bits))
		return pat_index_to_pte_bits(KEEL_PAT_INDEX_UC, large);
	return bits;
}

int pte_bits_to_cache_mode(u64 bits, bool large, u64 pat_msr)
{
	return pat_entry_mode(pat_msr, pte_bits_to_pat_index(bits, large));
}

const char *mtrr_type_name(unsigned int type)
{
	if (!mtrr_type_ok(type))
		return "reserved";
	return mode_name[pat_type_to_cache_mode(type)];
}

int mtrr_def_type_decode(u64 msr, struct mtrr_def_type *out)
{
	u64 type = msr & MTRR_DEF_TYPE_TYPE_MASK;

	if (msr & MTRR_DEF_TYPE_RESERVED) {
		pr_err("MTRRdefType 0x%lx sets reserved bits 0x%lx\n", msr,
		       msr & MTRR_DEF_TYPE_RESERVED);
		return -EINVAL;
	}
	if (!mtrr_type_ok(type)) {
		pr_err("MTRRdefType 0x%lx has reserved default type 0x%lx\n",
		       msr, type);
		return -EINVAL;
	}
	out->enabled = msr & MTRR_DEF_TYPE_E;
	out->fixed_enabled = msr & MTRR_DEF_TYPE_FE;
	out->type = (unsigned int)type;
	return 0;
}

int ept_memtype_encode(enum cache_mode mode, u64 *bits)
{
	if (!mode_ok(mode) || mode == CACHE_MODE_UC_MINUS) {
		pr_err("EPT has no memory type for %s (%d)\n",
		       cache_mode_name(mode), (int)mode);
		return -EINVAL;
	}
	*bits = (u64)mode_type[mode] << EPT_MT_SHIFT;
	return 0;
}

int ept_memtype_decode(u64 entry)
{
	u64 type = (entry & EPT_MT_MASK) >> EPT_MT_SHIFT;

	if (!mtrr_type_ok(type)) {
		pr_err("EPT entry 0x%lx has reserved memory type %lu\n", entry,
		       type);
		return -EINVAL;
	}
	return pat_type_to_cache_mode((unsigned int)type);
}
