/* SPDX-License-Identifier: MIT */
/*
 * Page attribute table, MTRR and EPT memory types (shared/REFERENCE.md
 * section 5; Intel SDM Vol. 3A, "Memory Cache Control": the PAT, MTRR and
 * EPT memory-type encodings).
 *
 * A page's memory type comes from one of eight PAT entries PA0..PA7 in the
 * IA32_PAT MSR. Three page-table bits select the entry:
 *
 *   index = PAT * 4 + PCD * 2 + PWT
 *
 *   4 KiB PTE:         bit 7 PAT, bit 4 PCD, bit 3 PWT
 *   2 MiB / 1 GiB:     bit 12 PAT (bit 7 is PS there), bit 4 PCD, bit 3 PWT
 *
 * The table keel programs (Linux's):
 *
 *   index  PAT PCD PWT  type  cache mode
 *     0     0   0   0   WB    write-back
 *     1     0   0   1   WC    write-combining
 *     2     0   1   0   UC-   uncached-minus
 *     3     0   1   1   UC    uncached
 *     4     1   0   0   WB    (unused)
 *     5     1   0   1   WP    write-protect
 *     6     1   1   0   UC-   (unused)
 *     7     1   1   1   WT    write-through
 *
 * The first four entries equal the power-on meaning of PCD/PWT except PA1
 * (power-on WT, keel WC), so code that never sets the PAT bit sees
 * WB/WC/UC-/UC.
 *
 * Errata table. Older Intel CPUs (family 6 up to model 0xd, family 0xf up
 * to model 6: Pentium II/III/M and early Pentium 4, the ones Linux works
 * around) have PAT errata that make the upper entries PA4..PA7 unusable.
 * On those keel uses only WB, WC, UC-, UC (PA0..PA3) and repeats them in
 * PA4..PA7, so an entry that does select the upper half still gets the
 * same type; keel never sets the PAT bit there. Write-through and
 * write-protect are then unavailable and fall back to uncached-minus
 * (caching less than asked is always safe, caching more is not).
 */
#ifndef KEEL_MM_PAT_H
#define KEEL_MM_PAT_H

#include "kernel/lib/types.h"

/* Memory type codes, shared by PAT entries, MTRRs and EPT. */
#define PAT_UC 0 /* uncacheable */
#define PAT_WC 1 /* write-combining */
#define PAT_WT 4 /* write-through */
#define PAT_WP 5 /* write-protect */
#define PAT_WB 6 /* write-back */
#define PAT_UC_MINUS 7 /* UC-: uncacheable, MTRR WC may override */

/* IA32_PAT layout: eight entries, one per byte, type in bits 2:0. */
#define PAT_NR_ENTRIES 8
#define PAT_ENTRY_SHIFT 8
#define PAT_TYPE_MASK 0x7UL
#define PAT_ENTRY(index, type) ((u64)(type) << ((index)*PAT_ENTRY_SHIFT))

/* IA32_PAT values. */
#define PAT_VALUE_POWER_ON 0x0007040600070406UL
#define PAT_VALUE_KEEL                                                         \
	(PAT_ENTRY(0, PAT_WB) | PAT_ENTRY(1, PAT_WC) |                         \
	 PAT_ENTRY(2, PAT_UC_MINUS) | PAT_ENTRY(3, PAT_UC) |                   \
	 PAT_ENTRY(4, PAT_WB) | PAT_ENTRY(5, PAT_WP) |                         \
	 PAT_ENTRY(6, PAT_UC_MINUS) | PAT_ENTRY(7, PAT_WT))
#define PAT_VALUE_ERRATA                                                       \
	(PAT_ENTRY(0, PAT_WB) | PAT_ENTRY(1, PAT_WC) |                         \
	 PAT_ENTRY(2, PAT_UC_MINUS) | PAT_ENTRY(3, PAT_UC) |                   \
	 PAT_ENTRY(4, PAT_WB) | PAT_ENTRY(5, PAT_WC) |                         \
	 PAT_ENTRY(6, PAT_UC_MINUS) | PAT_ENTRY(7, PAT_UC))

/* The index bits of a PAT entry: PWT is bit 0, PCD bit 1, PAT bit 2. */
#define PAT_INDEX_PWT 0x1u
#define PAT_INDEX_PCD 0x2u
#define PAT_INDEX_PAT 0x4u

/* Page-table bits that select a PAT entry (Linux: _PAGE_PWT and friends). */
#define PAT_PTE_PWT BIT(3)
#define PAT_PTE_PCD BIT(4)
#define PAT_PTE_PAT BIT(7) /* 4 KiB entries */
#define PAT_PTE_PAT_LARGE BIT(12) /* 2 MiB and 1 GiB entries */

/* IA32_MTRR_DEF_TYPE fields. */
#define MTRR_DEF_TYPE_TYPE_MASK 0xffUL /* bits 7:0 default memory type */
#define MTRR_DEF_TYPE_FE BIT(10) /* fixed-range MTRRs enabled */
#define MTRR_DEF_TYPE_E BIT(11) /* MTRRs enabled */
#define MTRR_DEF_TYPE_RESERVED                                                 \
	(~(MTRR_DEF_TYPE_TYPE_MASK | MTRR_DEF_TYPE_FE | MTRR_DEF_TYPE_E))

/* EPT leaf entry: memory type in bits 5:3, ignore-PAT in bit 6. */
#define EPT_MT_SHIFT 3
#define EPT_MT_MASK (0x7UL << EPT_MT_SHIFT)
#define EPT_IPAT BIT(6)

/* Cache modes keel's page tables ask for (Linux's page_cache_mode order). */
enum cache_mode {
	CACHE_MODE_WB,
	CACHE_MODE_WC,
	CACHE_MODE_UC_MINUS,
	CACHE_MODE_UC,
	CACHE_MODE_WT,
	CACHE_MODE_WP,
	CACHE_MODE_NR,
};

/**
 * struct mtrr_def_type - a decoded IA32_MTRR_DEF_TYPE.
 * @enabled:        E, bit 11: MTRRs are on (off means all memory UC)
 * @fixed_enabled:  FE, bit 10: the fixed-range MTRRs are on
 * @type:           default memory type for ranges no MTRR covers
 */
struct mtrr_def_type {
	bool enabled;
	bool fixed_enabled;
	unsigned int type;
};

/**
 * pat_errata_cpu - whether a CPU needs the errata PAT table.
 * @intel:   the vendor is Intel
 * @family:  display family (CPUID leaf 1)
 * @model:   display model (CPUID leaf 1)
 *
 * Return: true for Intel family 6 models up to 0xd and family 0xf models up
 * to 6, the CPUs whose PAT errata Linux works around.
 * Context: any; pure.
 */
bool pat_errata_cpu(bool intel, unsigned int family, unsigned int model);

/**
 * pat_msr_value - the IA32_PAT value keel programs.
 * @errata: the CPU needs the errata table (see pat_errata_cpu)
 *
 * Return: PAT_VALUE_KEEL, or PAT_VALUE_ERRATA when @errata.
 * Context: any; pure.
 */
u64 pat_msr_value(bool errata);

/**
 * pat_decode - decode an IA32_PAT value into eight cache modes.
 * @msr:  the IA32_PAT value
 * @out:  receives the mode of PA0..PA7, only when the value is valid
 *
 * Return: 0; or -EINVAL when an entry holds a reserved type (2 or 3) or a
 * reserved bit (bits 7:3 of an entry) is set. Every bad entry is reported
 * with its index and value.
 * Context: any; pure.
 */
int pat_decode(u64 msr, enum cache_mode out[PAT_NR_ENTRIES]);

/**
 * cache_mode_name - the mode's name ("write-back", "write-combining",
 * "uncached-minus", "uncached", "write-through", "write-protect").
 * Return: the name, or "invalid" for a value that is no mode.
 * Context: any; pure.
 */
const char *cache_mode_name(enum cache_mode mode);

/**
 * cache_mode_to_pat_type - the memory type code of a mode (PAT_WB...).
 * Return: the code, or -EINVAL for a value that is no mode.
 * Context: any; pure.
 */
int cache_mode_to_pat_type(enum cache_mode mode);

/**
 * pat_type_to_cache_mode - the mode of a PAT memory type code.
 * Return: the mode, or -EINVAL for a reserved code (2, 3, or above 7).
 * Context: any; pure.
 */
int pat_type_to_cache_mode(unsigned int type);

/**
 * pat_cache_mode_index - the PAT entry (0..7) that gives @mode under a PAT.
 * @pat_msr:  the IA32_PAT value in force
 * @mode:     the cache mode wanted
 *
 * Picks the lowest entry holding @mode. When no entry does, falls back to
 * a mode that caches less: WC, WT and WP to UC-, UC- to UC. With
 * PAT_VALUE_ERRATA the index is always below 4 (the PAT bit stays clear).
 * The index is what mm/pgtable.h's PGT_CACHE() takes.
 *
 * Return: the index; -EINVAL (reported) for a bad @mode or an invalid
 * @pat_msr; -ENOENT (reported) when neither @mode nor a fallback is in the
 * table.
 * Context: any; pure.
 */
int pat_cache_mode_index(u64 pat_msr, enum cache_mode mode);

/**
 * pat_cache_mode_to_pte_bits - page-table bits that give @mode under a PAT.
 * @pat_msr:  the IA32_PAT value in force
 * @mode:     the cache mode wanted
 * @large:    for a 2 MiB / 1 GiB entry (PAT bit 12) rather than 4 KiB (bit 7)
 * @bits:     receives PWT, PCD and PAT bits (nothing else); untouched on
 *            failure
 *
 * The entry is the one pat_cache_mode_index() picks.
 *
 * Return: 0, or the error of pat_cache_mode_index().
 * Context: any; pure.
 */
int pat_cache_mode_to_pte_bits(u64 pat_msr, enum cache_mode mode, bool large,
			       u64 *bits);

/**
 * cache_mode_to_pte_bits - page-table bits for @mode under PAT_VALUE_KEEL.
 * @mode:   the cache mode wanted
 * @large:  for a 2 MiB / 1 GiB entry rather than a 4 KiB one
 *
 * Return: the PWT, PCD and PAT bits; for a bad @mode (reported) the bits
 * of uncached, the safe choice.
 * Context: any; pure.
 */
u64 cache_mode_to_pte_bits(enum cache_mode mode, bool large);

/**
 * pte_bits_to_cache_mode - the cache mode a page-table entry selects.
 * @bits:     the entry (only PWT, PCD and the PAT bit for @large are read)
 * @large:    a 2 MiB / 1 GiB entry (PAT bit 12) rather than 4 KiB (bit 7)
 * @pat_msr:  the IA32_PAT value in force
 *
 * Return: the mode (>= 0), or -EINVAL (reported) when the selected entry
 * holds a reserved type.
 * Context: any; pure.
 */
int pte_bits_to_cache_mode(u64 bits, bool large, u64 pat_msr);

/**
 * mtrr_type_name - name of an MTRR memory type ("uncached",
 * "write-combining", "write-through", "write-protect", "write-back").
 * Return: the name, or "reserved" for 2, 3 and 7 and above (MTRRs have no
 * UC-).
 * Context: any; pure.
 */
const char *mtrr_type_name(unsigned int type);

/**
 * mtrr_def_type_decode - decode IA32_MTRR_DEF_TYPE (0xC06: enabled,
 * fixed ranges enabled, default write-back).
 * @msr:  the MSR value
 * @out:  filled only on success
 *
 * Return: 0, or -EINVAL (reported) when a reserved bit is set or the
 * default type is reserved.
 * Context: any; pure.
 */
int mtrr_def_type_decode(u64 msr, struct mtrr_def_type *out);

/**
 * ept_memtype_encode - EPT entry bits 5:3 for a cache mode.
 * @mode:  WB, WC, UC, WT or WP (EPT has no UC-)
 * @bits:  receives the type shifted into bits 5:3
 *
 * Return: 0, or -EINVAL (reported) for UC- or a value that is no mode.
 * Context: any; pure.
 */
int ept_memtype_encode(enum cache_mode mode, u64 *bits);

/**
 * ept_memtype_decode - the cache mode in bits 5:3 of an EPT entry.
 * Return: the mode, or -EINVAL (reported) for a reserved type (2, 3, 7).
 * Context: any; pure.
 */
int ept_memtype_decode(u64 entry);

#endif
