/* SPDX-License-Identifier: MIT */
/*
 * The exception table: pairs (faulting instruction, recovery address) that
 * let a trap handler resume a kernel fault somewhere sensible instead of
 * oopsing. Entries live in the __ex_table section; each field is an offset
 * relative to the field's own address (as in Linux), so the table is
 * position independent and 12 bytes an entry.
 *
 * The table is not sorted (it sits in read-only data and the build does not
 * sort it), so a lookup is a linear scan: faults with fixups are rare.
 */
#ifndef KEEL_LIB_EXTABLE_H
#define KEEL_LIB_EXTABLE_H

#include "kernel/lib/types.h"

/* What the handler does on a match (the type field). */
#define EX_TYPE_DEFAULT 0 /* resume at the fixup address */
#define EX_TYPE_FAULT 1 /* resume there with the vector in %rax */

struct exception_table_entry {
	int insn; /* faulting instruction, relative to &insn */
	int fixup; /* recovery address, relative to &fixup */
	int type; /* EX_TYPE_* */
};

/**
 * ex_insn_addr - absolute address of an entry's faulting instruction.
 * @e: the entry.
 * Return: the address.
 * Context: any.
 */
static inline uintptr_t ex_insn_addr(const struct exception_table_entry *e)
{
	return (uintptr_t)&e->insn + (intptr_t)e->insn;
}

/**
 * ex_fixup_addr - absolute recovery address of an entry.
 * @e: the entry.
 * Return: the address.
 * Context: any.
 */
static inline uintptr_t ex_fixup_addr(const struct exception_table_entry *e)
{
	return (uintptr_t)&e->fixup + (intptr_t)e->fixup;
}

/**
 * search_extable - the entry for a faulting instruction.
 * @start: first entry.
 * @end: one past the last entry.
 * @addr: address of the faulting instruction.
 *
 * Return: the first entry whose instruction address is @addr, or NULL.
 * Context: any (exception handlers included).
 */
const struct exception_table_entry *
search_extable(const struct exception_table_entry *start,
	       const struct exception_table_entry *end, uintptr_t addr);

/**
 * extable_check - sanity-check a table: every type known, no two entries
 * for the same instruction.
 * @start: first entry.
 * @end: one past the last entry.
 *
 * Reports each bad entry with its addresses.
 * Return: the number of bad entries (0 for a good table).
 * Context: any.
 */
int extable_check(const struct exception_table_entry *start,
		  const struct exception_table_entry *end);

#endif
