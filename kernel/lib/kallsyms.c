// SPDX-License-Identifier: MIT
#include "kernel/lib/kallsyms.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/vsprintf.h"

/* Index of the last symbol starting at or below @off; @tab->num if none. */
static u32 find_index(const struct kallsyms_table *tab, u64 off)
{
	u32 lo = 0, hi = tab->num;

	if (tab->num == 0 || off < tab->offsets[0])
		return tab->num;
	/* Invariant: offsets[lo] <= off, and offsets[hi] > off (or hi == num).
	 */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (tab->offsets[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const char *kallsyms_lookup(const struct kallsyms_table *tab, uintptr_t addr,
			    u64 *size, u64 *offset)
{
	u64 off, end;
	u32 i;

	if (addr < tab->base)
		return NULL;
	off = addr - tab->base;
	if (off >= tab->text_size)
		return NULL;
	i = find_index(tab, off);
	if (i == tab->num)
		return NULL;
	end = i + 1 < tab->num ? tab->offsets[i + 1] : tab->text_size;
	if (size)
		*size = end - tab->offsets[i];
	if (offset)
		*offset = off - tab->offsets[i];
	return tab->names + tab->name_offsets[i];
}

int kallsyms_sprint_symbol(const struct kallsyms_table *tab, uintptr_t addr,
			   char *buf, size_t len)
{
	u64 size, offset;
	const char *name = kallsyms_lookup(tab, addr, &size, &offset);

	if (!name)
		return kscnprintf(buf, len, "0x%lx", (unsigned long)addr);
	return kscnprintf(buf, len, "%.*s+0x%llx/0x%llx", KSYM_NAME_LEN - 1,
			  name, (unsigned long long)offset,
			  (unsigned long long)size);
}

int kallsyms_check(const struct kallsyms_table *tab, size_t names_size)
{
	for (u32 i = 0; i < tab->num; i++) {
		if (tab->offsets[i] >= tab->text_size ||
		    (i > 0 && tab->offsets[i] < tab->offsets[i - 1])) {
			pr_err("kallsyms: symbol %u at offset 0x%x is out of "
			       "order or past the text end 0x%llx",
			       i, tab->offsets[i],
			       (unsigned long long)tab->text_size);
			return -EINVAL;
		}
		if (tab->name_offsets[i] >= names_size) {
			pr_err("kallsyms: symbol %u name offset 0x%x is past "
			       "the %zu bytes of names",
			       i, tab->name_offsets[i], names_size);
			return -EINVAL;
		}
	}
	return 0;
}
