/* SPDX-License-Identifier: MIT */
/*
 * MTRRs, decoded: the memory type ranges the firmware set up (Intel SDM
 * vol. 3A, "Memory Type Range Registers"; AMD APM vol. 2, 7.7), printed as
 * Linux 6.1 prints them at boot, looked up for a physical range, and
 * combined with a PAT type into the effective memory type (SDM vol. 3A,
 * table "Effective Page-Level Memory Types for Pentium III and More
 * Recent Processor Families").
 *
 * The arch side reads the MSRs into struct mtrr_state; everything here is
 * pure. Layout of the registers:
 *
 *   IA32_MTRRCAP        bits 7:0 VCNT (variable ranges), bit 8 FIX, bit 10 WC
 *   IA32_MTRR_DEF_TYPE  bits 7:0 default type, bit 10 FE, bit 11 E
 *   IA32_MTRR_PHYSBASEn bits 7:0 type, bits MAXPHYADDR-1:12 base
 *   IA32_MTRR_PHYSMASKn bit 11 V (valid), bits MAXPHYADDR-1:12 mask
 *   fixed ranges        88 byte-wide types in 11 MSRs:
 *                       0x00000-0x7ffff in 64 KiB (FIX64K_00000),
 *                       0x80000-0xbffff in 16 KiB (FIX16K_80000, _A0000),
 *                       0xc0000-0xfffff in 4 KiB (FIX4K_C0000 .. _F8000)
 *
 * An address in a valid variable range satisfies
 * (addr & mask) == (base & mask). keel supports contiguous masks only (the
 * ones every firmware writes: a power-of-two sized, aligned range); a
 * non-contiguous mask is reported and makes the lookup fail.
 */
#ifndef KEEL_MM_MTRR_H
#define KEEL_MM_MTRR_H

#include "kernel/lib/types.h"

#define MTRR_NR_FIXED_RANGES 88 /* 8 + 16 + 64 byte-wide types */
#define MTRR_NR_FIXED_MSRS 11
#define MTRR_MAX_VAR_RANGES 255 /* VCNT is 8 bits wide */
#define MTRR_FIXED_END 0x100000ULL /* the fixed ranges cover the first MiB */

/* IA32_MTRRCAP fields. */
#define MTRR_CAP_VCNT_MASK 0xffULL
#define MTRR_CAP_FIX BIT(8)
#define MTRR_CAP_WC BIT(10)

/* IA32_MTRR_PHYSBASEn / PHYSMASKn fields. */
#define MTRR_PHYSBASE_TYPE_MASK 0xffULL
#define MTRR_PHYSMASK_VALID BIT(11)
#define MTRR_PHYS_ADDR_SHIFT 12

/**
 * struct mtrr_state - the MTRR registers as read, undecoded.
 * @cap:        IA32_MTRRCAP
 * @def_type:   IA32_MTRR_DEF_TYPE
 * @fixed:      the 88 fixed-range types, in address order (the bytes of
 *              the 11 fixed-range MSRs, low byte first); read only when
 *              @cap has FIX
 * @nr_var:     variable ranges read (VCNT of @cap, at most
 *              MTRR_MAX_VAR_RANGES)
 * @var:        PHYSBASEn and PHYSMASKn of each of them
 * @phys_bits:  MAXPHYADDR (CPUID 0x80000008 EAX 7:0, else 36): the width
 *              of the base and mask fields
 */
struct mtrr_state {
	u64 cap;
	u64 def_type;
	u8 fixed[MTRR_NR_FIXED_RANGES];
	unsigned int nr_var;
	struct {
		u64 base, mask;
	} var[MTRR_MAX_VAR_RANGES];
	unsigned int phys_bits;
};

/**
 * mtrr_fixed_range - the bytes one fixed-range MSR covers.
 * @msr_index:  0..10, in address order (FIX64K_00000, FIX16K_80000,
 *              FIX16K_A0000, FIX4K_C0000 .. FIX4K_F8000)
 * @start:      receives the first address of its first byte's range
 * @step:       receives the size each of its 8 bytes covers
 *
 * Return: 0, or -EINVAL (reported) for an index above 10.
 * Context: any; pure.
 */
int mtrr_fixed_range(unsigned int msr_index, u64 *start, u64 *step);

/**
 * mtrr_linux_type_name - an MTRR type as Linux's mtrr_attrib_to_str names
 * it: "uncachable", "write-combining", "write-through", "write-protect",
 * "write-back"; "?" for 2, 3 and anything above 6.
 * Context: any; pure.
 */
const char *mtrr_linux_type_name(unsigned int type);

/**
 * mtrr_print_state - print the MTRRs as Linux 6.1's print_mtrr_state does.
 * @s:  the registers
 *
 * Lines (pr_info): "MTRR default type: write-back"; when @s has fixed
 * ranges, "MTRR fixed ranges enabled:" (or "disabled:", enabled meaning E
 * and FE both set) and one "  00000-9FFFF write-back" line per run of
 * adjacent ranges of one type; then "MTRR variable ranges enabled:" (E),
 * and per variable range "  0 base 0080000000 mask FF80000000 uncachable"
 * (the hex digits MAXPHYADDR needs, base and mask as written) or
 * "  1 disabled". Types with no name print as "?".
 * Context: any; pure.
 */
void mtrr_print_state(const struct mtrr_state *s);

/**
 * mtrr_check_state - check the registers the lookup relies on.
 * @s:  the registers
 *
 * Return: 0; or -EINVAL, reporting each problem with its values: a
 * MAXPHYADDR outside 36..52, more variable ranges than VCNT or the
 * maximum, a reserved bit or type in IA32_MTRR_DEF_TYPE, a reserved
 * fixed-range type, and for each valid variable range a reserved type,
 * base or mask bits set above MAXPHYADDR or in reserved low bits, or a
 * non-contiguous mask.
 * Context: any; pure.
 */
int mtrr_check_state(const struct mtrr_state *s);

/**
 * mtrr_type_range - the MTRR memory type of [start, end).
 * @s:        the registers (checked with mtrr_check_state first)
 * @start:    first byte
 * @end:      one past the last byte; above @start, at most 2^MAXPHYADDR
 * @type:     receives the type; when the range is not of one type, the
 *            type of its first byte
 * @uniform:  receives whether every byte of the range has that type
 *
 * The SDM's precedence: MTRRs disabled (E clear) make everything UC; below
 * 1 MiB the fixed ranges decide when FE is set; otherwise the variable
 * ranges that match decide (one type if they agree, UC if any is UC, WT
 * when WT meets WB) and the default type where none matches. Overlaps the
 * SDM leaves undefined are reported and give -EINVAL.
 *
 * Return: 0; -EINVAL (reported) for a bad range, bad registers or an
 * undefined overlap.
 * Context: any; pure.
 */
int mtrr_type_range(const struct mtrr_state *s, u64 start, u64 end,
		    unsigned int *type, bool *uniform);

/**
 * memtype_effective - the memory type a page gets from its MTRR type and
 * its PAT entry's type (SDM vol. 3A, "Effective Page-Level Memory Types
 * for Pentium III and More Recent Processor Families"; normal caching,
 * CR0.CD and NW clear).
 * @mtrr_type:  UC, WC, WT, WP or WB (PAT_UC...)
 * @pat_type:   UC, WC, WT, WP, WB or UC- (PAT_UC...)
 *
 *              PAT:  UC   UC-  WC   WT   WB   WP
 *   MTRR UC             UC   UC   WC   UC   UC   UC
 *   MTRR WC             UC   WC   WC   UC   WC   UC
 *   MTRR WT             UC   UC   WC   WT   WT   WP
 *   MTRR WP             UC   WC   WC   WT   WP   WP
 *   MTRR WB             UC   UC   WC   WT   WB   WP
 *
 * So a WC mapping is write-combining over every MTRR type, while a WB
 * mapping is only as cached as its MTRR type allows.
 *
 * Return: the effective type (PAT_UC, PAT_WC, PAT_WT, PAT_WP or PAT_WB),
 * or -EINVAL (reported) for a reserved type.
 * Context: any; pure.
 */
int memtype_effective(unsigned int mtrr_type, unsigned int pat_type);

#endif
