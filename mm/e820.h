/* SPDX-License-Identifier: MIT */
/*
 * The e820 memory map, pure (shared/REFERENCE.md section 2; behaviour after
 * Linux's arch/x86/kernel/e820.c).
 *
 * The firmware describes physical memory as a list of {addr, size, type}
 * ranges, in any order, possibly overlapping. keel copies that list from
 * the zero page (and the SETUP_E820_EXT setup_data blocks) into a table,
 * sanitises it into a sorted list of non-overlapping ranges, applies the
 * mem= and memmap= options, trims the BIOS area and hands RAM to memblock.
 *
 *   0        640K     1M                          3G         4G
 *   | RAM    | ROMs,  | RAM ...                   | PCI gap  | MMIO | RAM ...
 *   |        | VGA    |                           | (hole)   |      |
 *
 * A table is passed in by pointer, so tests and the host tool may hold
 * several; the kernel owns its global tables. The functions that rewrite a
 * table use static scratch storage (the kernel stack is small), so they are
 * not reentrant: call them from one thread at a time (early boot).
 *
 * Files: e820.c (range add/update/remove), e820_sanitize.c, e820_boot.c
 * (boot_params and setup_data), e820_cmdline.c (mem=, memmap=),
 * e820_setup.c (BIOS trim, end pfns, PCI gap, memblock hand-off),
 * e820_print.c (Linux's printed format and type names); e820_internal.h
 * holds what they share.
 */
#ifndef KEEL_MM_E820_H
#define KEEL_MM_E820_H

#include "boot/bootparam.h"
#include "kernel/lib/types.h"

/*
 * Entry types: the ACPI address range types (ACPI spec, "System Address Map
 * Interfaces"), plus Linux's PRAM and SOFT_RESERVED.
 */
#define E820_TYPE_RAM 1u
#define E820_TYPE_RESERVED 2u
#define E820_TYPE_ACPI 3u
#define E820_TYPE_NVS 4u
#define E820_TYPE_UNUSABLE 5u
#define E820_TYPE_PMEM 7u
#define E820_TYPE_PRAM 12u /* legacy persistent memory (memmap=nn!ss) */
#define E820_TYPE_SOFT_RESERVED 0xefffffffu /* EFI specific-purpose memory */

/*
 * Capacity: the zero page's 128 entries plus room for what SETUP_E820_EXT
 * brings, sized as Linux does (128 + 3 * MAX_NUMNODES, MAX_NUMNODES 64).
 */
#define E820_MAX_NUMNODES 64
#define E820_MAX_ENTRIES (E820_MAX_ENTRIES_ZEROPAGE + 3 * E820_MAX_NUMNODES)

/* The legacy BIOS area between conventional memory and 1 MiB. */
#define E820_BIOS_BEGIN 0x000a0000ULL
#define E820_BIOS_END 0x00100000ULL
/* Start of extended memory, where the E801/88h size counts from. */
#define E820_HIGH_MEMORY 0x00100000ULL
/*
 * Conventional memory of the E801/88h fallback map: Linux's LOWMEMSIZE(),
 * 636 KiB, clear of an EBDA just below 640 KiB.
 */
#define E820_LOWMEM_SIZE 0x0009f000ULL

/* The PCI gap search: holes below 4 GiB, at least 4 MiB long. */
#define E820_PCI_GAP_END SZ_4G
#define E820_PCI_GAP_MIN_SIZE 0x400000ULL

/* Room for one line of e820__format_entry() with a short prefix. */
#define E820_LINE_MAX 96

/* One range, laid out as in the zero page (20 bytes, packed). */
struct e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* One option of the kernel command line as e820 sees it: mem=, memmap=. */
struct e820_option {
	const char *name; /* "mem" or "memmap" */
	const char *val; /* the text after '=', or NULL when there is none */
};

/* e820.c */

/**
 * e820__range_add - append a range to a table
 * @t:    the table
 * @start, @size: the range, taken as given (sanitising comes later)
 * @type: its E820_TYPE_*
 *
 * Return: 0, or -ENOSPC (logged, naming the range) when the table is full.
 * Context: any; pure.
 */
int e820__range_add(struct e820_table *t, u64 start, u64 size, u32 type);

/**
 * e820__range_update - change the type of the parts of a range
 * @t:        the table (entries whose end wraps past 2^64 are left alone)
 * @start, @size: the range; @size is cut so that the end does not wrap
 * @old_type: only entries of this type change
 * @new_type: the type they get
 *
 * An entry that only partly overlaps is split: the overlapping part is
 * appended with @new_type, and an entry that holds the range in its middle
 * keeps its head and gets its tail appended. Run e820__update_table() after.
 * Return: 0; -ENOSPC (logged, table unchanged) when the pieces would not
 * fit; -EINVAL (logged) when nr_entries exceeds the capacity.
 * Context: any; pure.
 */
int e820__range_update(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       u32 new_type);

/**
 * e820__range_remove - cut a range out of a table
 * @t:          the table (entries whose end wraps past 2^64 are left alone)
 * @start, @size: the range; @size is cut so that the end does not wrap
 * @old_type:   the type to remove when @check_type
 * @check_type: false removes every type in the range
 *
 * An entry holding the range in its middle is split in two; entries left
 * empty are dropped and the others keep their order.
 * Return: 0; -ENOSPC (logged, table unchanged) when a split would not fit;
 * -EINVAL (logged) when nr_entries exceeds the capacity.
 * Context: any; pure.
 */
int e820__range_remove(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       bool check_type);

/* e820_sanitize.c */

/**
 * e820__update_table - sanitise a table
 * @t: the table
 *
 * Where entries overlap the highest type wins; zero-size entries vanish;
 * neighbours of one type merge, except PRAM and SOFT_RESERVED; the result
 * is sorted, non-overlapping, with gaps left as gaps. When the result does
 * not fit, the first E820_MAX_ENTRIES entries are kept and a warning says
 * how many were dropped. O(n log n); uses static scratch, not the stack.
 * Return: 0; -ENOENT when the table has fewer than 2 entries, -EOVERFLOW
 * when an entry wraps past 2^64, -EINVAL when nr_entries exceeds the
 * capacity. On error the table is unchanged and the reason is logged.
 * Context: not reentrant (static scratch); pure.
 */
int e820__update_table(struct e820_table *t);

/* e820_boot.c */

/**
 * e820__append_boot_params - copy the boot loader's map into a table
 * @t:        the table to append to
 * @bp:       the zero page
 * @setup_lo, @setup_hi: physical bounds [lo, hi) that every setup_data node
 *            and its payload must lie within
 * @who:      if not NULL, set to the map's source for the printer:
 *            "BIOS-e820", or "BIOS-e801"/"BIOS-88" for the fallback
 *
 * Appends the zero page's e820_entries entries, or, when fewer than 2
 * arrived or one wraps past 2^64, a fallback map built from the larger of
 * alt_mem_k (E801h) and ext_mem_k (88h): [0, E820_LOWMEM_SIZE) and
 * [1 MiB, 1 MiB + size KiB), both RAM. Then appends the entries of every
 * SETUP_E820_EXT block of the setup_data list, which is read through
 * phys_to_virt(). Does not sanitise.
 * Return: 0; -EINVAL (e820_entries over 128, an E820_EXT length that is not
 * a multiple of 20, an E820_EXT entry that wraps, @t's nr_entries over the
 * capacity), -EFAULT (a node outside
 * the bounds), -ELOOP (the list loops) or -ENOSPC (the entries do not fit).
 * On error nothing is appended and the bad values are logged.
 * Context: any; pure.
 */
int e820__append_boot_params(struct e820_table *t, const struct boot_params *bp,
			     phys_addr_t setup_lo, phys_addr_t setup_hi,
			     const char **who);

/* e820_cmdline.c */

/**
 * e820__apply_options - apply mem= and memmap= options to a table
 * @t:    a sanitised table
 * @opts: the options, in command-line order; names other than "mem" and
 *        "memmap" are passed over
 * @n:    how many
 *
 * mem=SIZE removes RAM from SIZE up (0 is refused). memmap= is a comma list
 * of: exactmap (empty the table), nn@ss (RAM), nn#ss (ACPI), nn$ss
 * (reserved), nn!ss (PRAM), nn%ss-old+new (change type old to new; with
 * only -old remove old, with only +new add new, with neither remove all),
 * or a bare nn (as mem=). Sizes take K/M/G/T/P/E suffixes. The options are
 * applied to a copy, which is sanitised; the table changes only when every
 * option parsed and the result is valid.
 * Return: 1 when the options changed the map (Linux's "user-defined" map),
 * 0 when there were none; -EINVAL for a bad option (logged, quoting it) or
 * a table whose nr_entries exceeds the capacity, -ENOSPC when the table
 * overflowed, or the e820__update_table() error
 * (-ENOENT, -EOVERFLOW) when the resulting map is invalid. On error the
 * table is unchanged.
 * Context: not reentrant (static scratch); pure.
 */
int e820__apply_options(struct e820_table *t, const struct e820_option *opts,
			size_t n);

/**
 * e820__apply_cmdline - find mem= and memmap= on a command line and apply them
 * @t:       a sanitised table
 * @cmdline: the kernel command line (not modified; quoting as Linux's
 *           parse_args); words after "--" are not looked at
 *
 * The mem= and memmap= words are applied in order, as e820__apply_options().
 * Return: as e820__apply_options(); also -E2BIG (logged) when @cmdline is
 * longer than COMMAND_LINE_SIZE - 1.
 * Context: not reentrant (static scratch); pure.
 */
int e820__apply_cmdline(struct e820_table *t, const char *cmdline);

/* e820_setup.c */

/**
 * e820__trim_bios_range - reserve page 0 and drop RAM in 640 KiB-1 MiB
 * @t: a sanitised table
 *
 * RAM in the first page becomes reserved and RAM in [E820_BIOS_BEGIN,
 * E820_BIOS_END) is removed; the table is then sanitised again.
 * Return: 0; -ENOSPC (logged, table unchanged) when the splits would not
 * fit; -EINVAL (logged) when nr_entries exceeds the capacity.
 * Context: not reentrant (static scratch); pure.
 */
int e820__trim_bios_range(struct e820_table *t);

/**
 * e820__end_of_ram_pfn - the page frame after the last RAM
 * @t:                a table
 * @max_physmem_bits: physical address width (46 with 4-level paging, 52)
 *
 * Return: the highest (addr + size) >> PAGE_SHIFT over RAM and ACPI-data
 * entries, capped at 2^(max_physmem_bits - PAGE_SHIFT); 0 without RAM.
 * Context: any; pure.
 */
u64 e820__end_of_ram_pfn(const struct e820_table *t,
			 unsigned int max_physmem_bits);

/**
 * e820__end_of_low_ram_pfn - as e820__end_of_ram_pfn, capped at 4 GiB
 * @t:                a table
 * @max_physmem_bits: physical address width
 *
 * Return: the end pfn of RAM and ACPI data below 4 GiB.
 * Context: any; pure.
 */
u64 e820__end_of_low_ram_pfn(const struct e820_table *t,
			     unsigned int max_physmem_bits);

/**
 * e820__search_gap - find the largest hole below 4 GiB
 * @t:        a sanitised table (sorted)
 * @gapstart: set to the hole's start when one is found
 * @gapsize:  in: the smallest size wanted; out: the hole's size when found
 *
 * The space between the last entry below 4 GiB and 4 GiB counts as a hole.
 * Among holes of equal size the lowest wins.
 * Return: true when a hole of at least *@gapsize was found.
 * Context: any; pure.
 */
bool e820__search_gap(const struct e820_table *t, u64 *gapstart, u64 *gapsize);

/**
 * e820__setup_pci_gap - choose where PCI devices may put 32-bit BARs
 * @t:       a sanitised table
 * @max_pfn: the end of RAM, for the fallback
 *
 * Takes the largest hole below 4 GiB of at least 4 MiB; without one, logs
 * an error and falls back to 1 MiB above the end of RAM. Logs the choice.
 * Return: the start of the chosen range (Linux's pci_mem_start).
 * Context: any; pure.
 */
u64 e820__setup_pci_gap(const struct e820_table *t, u64 max_pfn);

/**
 * e820__memblock_setup - hand a table to memblock
 * @t:       a sanitised table
 * @add:     called for each RAM entry, trimmed inward to whole pages
 *           (memblock_add in the kernel)
 * @reserve: called for each SOFT_RESERVED entry, as it is
 *           (memblock_reserve in the kernel)
 *
 * Entries of other types, entries whose end wraps and RAM smaller than a
 * page after trimming are passed over.
 * Return: 0, or the first negative return of a callback (the calls made
 * before it stand).
 * Context: any; pure.
 */
int e820__memblock_setup(const struct e820_table *t,
			 int (*add)(phys_addr_t base, phys_addr_t size),
			 int (*reserve)(phys_addr_t base, phys_addr_t size));

/* e820_print.c */

/**
 * e820__type_name - Linux's printed name of an entry type
 * @type: an E820_TYPE_*
 *
 * Return: "usable", "reserved", "ACPI data", "ACPI NVS", "unusable",
 * "persistent (type 7)", "persistent (type 12)" or "soft reserved"; NULL
 * for other types, which print as "type N".
 * Context: any; pure.
 */
const char *e820__type_name(u32 type);

/**
 * e820__parse_type - the type a printed name stands for
 * @s:    the name, not NUL-terminated: one of e820__type_name()'s, or
 *        "type N" with N decimal
 * @len:  its length
 * @type: set to the type on success
 *
 * Return: 0, or -EINVAL when @s names no type.
 * Context: any; pure.
 */
int e820__parse_type(const char *s, size_t len, u32 *type);

/**
 * e820__format_entry - one entry in Linux's printed format
 * @buf, @size: the output buffer (always NUL-terminated when @size > 0)
 * @who:  the prefix, e.g. "BIOS-e820" or "user"
 * @e:    the entry
 *
 * Writes "WHO: [mem 0x0000000000000000-0x000000000009fbff] usable": the end
 * is inclusive (addr + size - 1), both addresses 16 hex digits.
 * Return: the length of the full line, as snprintf.
 * Context: any; pure.
 */
int e820__format_entry(char *buf, size_t size, const char *who,
		       const struct e820_entry *e);

/**
 * e820__print_table - log every entry of a table with pr_info
 * @t:   the table
 * @who: the prefix of each line
 *
 * Context: any; pure.
 */
void e820__print_table(const struct e820_table *t, const char *who);

#endif
