// SPDX-License-Identifier: MIT
/*
 * The kernel's e820 map: from the boot loader's map to the one memory
 * management is built on (seed 003 "x86-64: overview"):
 *
 *   firmware map (as received, printed by setup_arch)
 *     -> sanitised (sorted, no overlaps, highest type wins)
 *     -> mem= and memmap= applied ("user-defined physical RAM map")
 *     -> BIOS range trimmed (page 0 reserved, 640 KiB-1 MiB not RAM)
 *     -> printed, max_pfn and max_low_pfn computed
 */
#include "arch/x86_64/mm/mm.h"

#include "arch/x86_64/setup.h"
#include "kernel/init.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/main.h"
#include "kernel/panic.h"

struct e820_table e820_table;
unsigned long max_pfn, max_low_pfn;

void __init e820__memory_setup(unsigned int max_physmem_bits)
{
	int ret;

	e820_table = e820_table_firmware;
	ret = e820__update_table(&e820_table);
	if (ret < 0)
		pr_warn("e820: the firmware map cannot be sanitised (error "
			"%d); "
			"using it as given",
			ret);

	ret = e820__apply_cmdline(&e820_table, boot_command_line);
	if (ret == -ENOENT || ret == -EOVERFLOW)
		panic("invalid user supplied memory map");
	if (ret < 0)
		pr_err("e820: mem=/memmap= not applied: the map stays as the "
		       "firmware gave it");
	if (ret == 1) {
		pr_info("user-defined physical RAM map:");
		e820__print_table(&e820_table, "user");
	}

	if (e820__trim_bios_range(&e820_table) < 0)
		pr_warn("e820: the BIOS range could not be trimmed");

	max_pfn = e820__end_of_ram_pfn(&e820_table, max_physmem_bits);
	max_low_pfn = e820__end_of_low_ram_pfn(&e820_table, max_physmem_bits);
	if (!max_pfn)
		panic("e820: the memory map has no RAM");
	pr_info("e820: memory map in use:");
	e820__print_table(&e820_table, "e820");
}

unsigned long e820_ram_pages(const struct e820_table *t)
{
	unsigned long pages = 0;

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];
		u64 start = PFN_UP(e->addr), end = PFN_DOWN(e->addr + e->size);

		if (e->type == E820_TYPE_RAM && end > start)
			pages += end - start;
	}
	return pages;
}
