// SPDX-License-Identifier: MIT
#include "kernel/lib/extable.h"

#include "kernel/lib/log.h"

const struct exception_table_entry *
search_extable(const struct exception_table_entry *start,
	       const struct exception_table_entry *end, uintptr_t addr)
{
	for (const struct exception_table_entry *e = start; e < end; e++)
		if (ex_insn_addr(e) == addr)
			return e;
	return NULL;
}

int extable_check(const struct exception_table_entry *start,
		  const struct exception_table_entry *end)
{
	int bad = 0;

	for (const struct exception_table_entry *e = start; e < end; e++) {
		if (e->type != EX_TYPE_DEFAULT && e->type != EX_TYPE_FAULT) {
			pr_err("extable: entry for 0x%lx has unknown type %d",
			       (unsigned long)ex_insn_addr(e), e->type);
			bad++;
		}
		if (search_extable(start, e, ex_insn_addr(e))) {
			pr_err("extable: second entry for 0x%lx (fixup 0x%lx)",
			       (unsigned long)ex_insn_addr(e),
			       (unsigned long)ex_fixup_addr(e));
			bad++;
		}
	}
	return bad;
}
