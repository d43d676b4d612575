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

/*
 * The mem= and memmap= words, in command-line order, for
 * e820__apply_options() to apply as one transaction. Each word takes at
 * least 4 bytes of the command line ("mem" and a separator), so the table
 * holds every one a command line can carry.
 */
#define E820_CMDLINE_OPTS_MAX (COMMAND_LINE_SIZE / 4 + 1)
static struct e820_option e820_cmdline_opts[E820_CMDLINE_OPTS_MAX];
static size_t e820_cmdline_nr_opts;
static bool e820_cmdline_overflow;

static int __init e820_cmdline_opt(const char *name, char *val)
{
	if (e820_cmdline_nr_opts >= E820_CMDLINE_OPTS_MAX) {
		pr_err("e820: more than %u mem=/memmap= options at \"%s=%s\"",
		       (unsigned int)E820_CMDLINE_OPTS_MAX, name,
		       val ? val : "");
		e820_cmdline_overflow = true;
		return -E2BIG;
	}
	e820_cmdline_opts[e820_cmdline_nr_opts].name = name;
	e820_cmdline_opts[e820_cmdline_nr_opts].val = val;
	e820_cmdline_nr_opts++;
	return 0; /* the value is checked when the options are applied */
}

/* mem=nn[KMG]: use no RAM from nn up. */
static int __init parse_memopt(char *val)
{
	return e820_cmdline_opt("mem", val);
}
early_param("mem", parse_memopt);

/* memmap=...: edit the map (mm/e820_cmdline.c lists the forms). */
static int __init parse_memmap_opt(char *val)
{
	return e820_cmdline_opt("memmap", val);
}
early_param("memmap", parse_memmap_opt);

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

	ret = e820_cmdline_overflow
		      ? -E2BIG
		      : e820__apply_options(&e820_table, e820_cmdline_opts,
					    e820_cmdline_nr_opts);
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
