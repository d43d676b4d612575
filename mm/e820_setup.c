// SPDX-License-Identifier: MIT
/*
 * What setup_arch asks of a sanitised e820 table: the BIOS-area trim, where
 * RAM ends, where PCI devices may go, and the hand-off to memblock (Linux's
 * trim_bios_range, e820__end_of_ram_pfn, e820__setup_pci_gap and
 * e820__memblock_setup).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "mm/e820.h"
#include "mm/e820_internal.h"

/* The table being trimmed; committed when every edit fitted. */
static struct e820_table e820_trim_table;

/* Page frame of 4 GiB, the limit of e820__end_of_low_ram_pfn. */
#define E820_4G_PFN (SZ_4G >> PAGE_SHIFT)
/* The fallback PCI start lies this far above the end of RAM. */
#define E820_PCI_FALLBACK_GAP SZ_1M

int e820__trim_bios_range(struct e820_table *t)
{
	struct e820_table *work = &e820_trim_table;
	int ret;

	if (!e820_count_ok(t, true))
		return -EINVAL;
	e820_table_copy(work, t);
	/* The BIOS owns page 0, yet seldom lists it as reserved. */
	ret = e820__range_update(work, 0, PAGE_SIZE, E820_TYPE_RAM,
				 E820_TYPE_RESERVED);
	/* Some BIOSes report the 640 KiB-1 MiB area as RAM. */
	if (!ret)
		ret = e820__range_remove(work, E820_BIOS_BEGIN,
					 E820_BIOS_END - E820_BIOS_BEGIN,
					 E820_TYPE_RAM, true);
	if (ret)
		return ret;
	/* A table that is too small to sanitise stays as edited. */
	e820_update_table(work, false);
	e820_table_copy(t, work);
	return 0;
}

/* Page frame after [addr, addr + size), 2^52 when the range wraps. */
static u64 e820_end_pfn_of(const struct e820_entry *e)
{
	if (e820_range_wraps(e->addr, e->size))
		return (UINT64_MAX >> PAGE_SHIFT) + 1;
	return (e->addr + e->size) >> PAGE_SHIFT;
}

/* 2^(bits - PAGE_SHIFT), for bits in PAGE_SHIFT..64. */
static u64 e820_max_arch_pfn(unsigned int max_physmem_bits)
{
	unsigned int bits =
		clamp(max_physmem_bits, (unsigned int)PAGE_SHIFT, 64u);

	return 1ULL << (bits - PAGE_SHIFT);
}

static u64 e820_end_pfn(const struct e820_table *t, u64 limit_pfn,
			u64 max_arch_pfn)
{
	u64 last_pfn = 0;
	u32 i;

	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_ACPI)
			continue;
		if ((e->addr >> PAGE_SHIFT) >= limit_pfn)
			continue;
		last_pfn = max(last_pfn, min(e820_end_pfn_of(e), limit_pfn));
	}
	last_pfn = min(last_pfn, max_arch_pfn);
	pr_info("e820: last_pfn = 0x%llx max_arch_pfn = 0x%llx\n",
		ULL(last_pfn), ULL(max_arch_pfn));
	return last_pfn;
}

u64 e820__end_of_ram_pfn(const struct e820_table *t,
			 unsigned int max_physmem_bits)
{
	u64 max_arch_pfn = e820_max_arch_pfn(max_physmem_bits);

	return e820_end_pfn(t, max_arch_pfn, max_arch_pfn);
}

u64 e820__end_of_low_ram_pfn(const struct e820_table *t,
			     unsigned int max_physmem_bits)
{
	return e820_end_pfn(t, E820_4G_PFN,
			    e820_max_arch_pfn(max_physmem_bits));
}

bool e820__search_gap(const struct e820_table *t, u64 *gapstart, u64 *gapsize)
{
	u64 last = E820_PCI_GAP_END; /* start of the entry above the hole */
	bool found = false;
	u32 i = t->nr_entries;

	/* Walk down from the top, so equal holes resolve to the lowest. */
	while (i-- > 0) {
		const struct e820_entry *e = &t->entries[i];
		u64 end = e820_range_wraps(e->addr, e->size)
				  ? UINT64_MAX
				  : e->addr + e->size;

		if (last > end && last - end >= *gapsize) {
			*gapsize = last - end;
			*gapstart = end;
			found = true;
		}
		last = min(last, e->addr);
	}
	return found;
}

u64 e820__setup_pci_gap(const struct e820_table *t, u64 max_pfn)
{
	u64 gapstart = 0, gapsize = E820_PCI_GAP_MIN_SIZE;

	if (!e820__search_gap(t, &gapstart, &gapsize)) {
		gapstart = (max_pfn << PAGE_SHIFT) + E820_PCI_FALLBACK_GAP;
		pr_err("e820: cannot find an available gap in the 32-bit "
		       "address range\n");
		pr_err("e820: PCI devices with unassigned 32-bit BARs may not "
		       "work!\n");
	}
	pr_info("e820: [mem 0x%08llx-0x%08llx] available for PCI devices\n",
		ULL(gapstart), ULL(gapstart + gapsize - 1));
	return gapstart;
}

/* Hand RAM entry @e to @add, trimmed inward to whole pages. */
static int e820_add_ram(const struct e820_entry *e,
			int (*add)(phys_addr_t base, phys_addr_t size))
{
	u64 end = ALIGN_DOWN(e->addr + e->size, PAGE_SIZE);
	u64 base;

	if (e->addr >= end)
		return 0;
	base = ALIGN(e->addr, PAGE_SIZE); /* <= end: no overflow */
	if (base >= end)
		return 0;
	return add(base, end - base);
}

int e820__memblock_setup(const struct e820_table *t,
			 int (*add)(phys_addr_t base, phys_addr_t size),
			 int (*reserve)(phys_addr_t base, phys_addr_t size))
{
	u32 i;
	int ret = 0;

	for (i = 0; i < t->nr_entries && !ret; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e->size || e820_range_wraps(e->addr, e->size))
			continue;
		if (e->type == E820_TYPE_SOFT_RESERVED)
			ret = reserve(e->addr, e->size);
		else if (e->type == E820_TYPE_RAM)
			ret = e820_add_ram(e, add);
	}
	return ret;
}
