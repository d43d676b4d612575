/* SPDX-License-Identifier: MIT */
/*
 * The PVH boot ABI (Xen's public header arch-x86/hvm/start_info.h; QEMU's
 * pvh.bin and qboot, Firecracker and cloud-hypervisor fill the same
 * structure): a loader that finds the ELF note XEN_ELFNOTE_PHYS32_ENTRY
 * enters the kernel there in 32-bit protected mode, paging off, with %ebx
 * the physical address of a struct hvm_start_info.
 *
 *   %ebx --> hvm_start_info  magic 0x336ec578, version (>= 1: memmap)
 *              |-- cmdline_paddr --> "console=ttyS0 ..." NUL
 *              |-- modlist_paddr --> hvm_modlist_entry[nr_modules]
 *              |                       [0] = the initrd (paddr, size)
 *              |-- memmap_paddr  --> hvm_memmap_table_entry[memmap_entries]
 *              `-- rsdp_paddr    --> ACPI RSDP (0: none given)
 *
 * pvh_to_boot_params() turns that into the zero page keel's normal path
 * takes (Linux's xen_prepare_pvh does the same for Linux): the memory map
 * into e820_table (and, past the zero page's 128 entries, a
 * SETUP_E820_EXT node the caller provides), the ISA hole 0xa0000-0xfffff
 * added as reserved, the command line, the first module as initrd, the
 * RSDP address.
 *
 * Memory is reached only through struct pvh_mem, whose map() grants a view
 * of exactly the bytes asked for or refuses (NULL): the kernel grants what
 * its early identity map covers, host tests and the fuzzer a buffer.
 *
 * All-zero entries at the end of the memory map are dropped with a warning
 * (qboot, QEMU's microvm firmware, counts one past its map).
 *
 * Everything in the start info is hostile: a bad magic, version 0 (no
 * memory map: keel has no hypercalls to ask Xen for one), a pointer whose
 * bytes map() refuses or whose range wraps, a memory-map entry of size 0,
 * one that wraps past 2^64, two that overlap, more entries or modules than
 * the limits below, an initrd outside the map's RAM: each gets its own
 * error (enum pvh_error), logged once with the values that make it bad,
 * and *bp is left all zero.
 */
#ifndef KEEL_LIB_PVH_H
#define KEEL_LIB_PVH_H

#include "boot/bootparam.h"
#include "kernel/lib/types.h"
#include "mm/e820.h"

/* The ELF note that names the 32-bit entry (Xen's elfnote.h). */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC_VALUE 0x336ec578u

/* Memory-map types: the e820 numbers (start_info.h XEN_HVM_MEMMAP_TYPE_*). */
#define HVM_MEMMAP_TYPE_RAM 1
#define HVM_MEMMAP_TYPE_RESERVED 2
#define HVM_MEMMAP_TYPE_ACPI 3
#define HVM_MEMMAP_TYPE_NVS 4
#define HVM_MEMMAP_TYPE_UNUSABLE 5
#define HVM_MEMMAP_TYPE_DISABLED 6
#define HVM_MEMMAP_TYPE_PMEM 7

struct hvm_start_info {
	u32 magic; /* HVM_START_MAGIC_VALUE */
	u32 version; /* 0, or 1 and up: the memory map is there */
	u32 flags;
	u32 nr_modules;
	u64 modlist_paddr; /* hvm_modlist_entry[nr_modules] */
	u64 cmdline_paddr; /* NUL-terminated, 0: none */
	u64 rsdp_paddr; /* 0: none given */
	/* Version 1 and up: */
	u64 memmap_paddr; /* hvm_memmap_table_entry[memmap_entries] */
	u32 memmap_entries;
	u32 reserved;
};

struct hvm_modlist_entry {
	u64 paddr;
	u64 size;
	u64 cmdline_paddr;
	u64 reserved;
};

struct hvm_memmap_table_entry {
	u64 addr;
	u64 size;
	u32 type; /* HVM_MEMMAP_TYPE_* */
	u32 reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info v1");
_Static_assert(offsetof(struct hvm_start_info, memmap_paddr) == 40,
	       "memmap_paddr at 40");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "modlist entry");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "memmap entry");

/* The size of version 0's start info (no memory map). */
#define HVM_START_INFO_V0_SIZE offsetof(struct hvm_start_info, memmap_paddr)

/*
 * Limits. The memory map, with the ISA hole added, must fit keel's e820
 * table; modules past the first are ignored, but a count beyond this is
 * taken as garbage.
 */
#define PVH_MEMMAP_MAX (E820_MAX_ENTRIES - 1)
#define PVH_MODULES_MAX 64

/* Where entries past the zero page's 128 go: one SETUP_E820_EXT node. */
struct pvh_e820_ext {
	u64 next; /* the struct setup_data header, spelt out */
	u32 type;
	u32 len;
	struct boot_e820_entry
		entries[E820_MAX_ENTRIES - E820_MAX_ENTRIES_ZEROPAGE];
} __packed;

_Static_assert(offsetof(struct pvh_e820_ext, entries) ==
		       offsetof(struct setup_data, data),
	       "pvh_e820_ext is a setup_data node");

/* Reading physical memory: a view of exactly [phys, phys + len), or NULL. */
struct pvh_mem {
	const void *(*map)(void *arg, u64 phys, u64 len);
	void *arg;
};

enum pvh_error {
	PVH_OK = 0,
	PVH_E_START_INFO_UNREADABLE,
	PVH_E_BAD_MAGIC,
	PVH_E_NO_MEMMAP_VERSION, /* version 0 */
	PVH_E_NO_MEMMAP, /* memmap_entries 0 */
	PVH_E_MEMMAP_TOO_MANY,
	PVH_E_MEMMAP_UNREADABLE,
	PVH_E_MEMMAP_ZERO_SIZE,
	PVH_E_MEMMAP_WRAPS,
	PVH_E_MEMMAP_OVERLAP,
	PVH_E_CMDLINE_UNREADABLE,
	PVH_E_MODULES_TOO_MANY,
	PVH_E_MODLIST_UNREADABLE,
	PVH_E_INITRD_WRAPS,
	PVH_E_INITRD_NOT_RAM,
	PVH_E_COUNT
};

/*
 * pvh_strerror - the name of a pvh_error, e.g. "memmap entries overlap"
 * Return: a static string; "unknown error" for a value out of range.
 */
const char *pvh_strerror(int err);

/*
 * pvh_to_boot_params - build a zero page from a PVH start info
 * @mem: how to read physical memory
 * @start_info: physical address of the struct hvm_start_info (%ebx)
 * @bp: the zero page to fill (cleared first)
 * @ext: room for memory-map entries past the zero page's 128 (also
 *	scratch: its contents are undefined after an error)
 * @ext_phys: the physical address of @ext, linked into hdr.setup_data when
 *	it is used
 *
 * The zero page gets hdr.header "HdrS", boot protocol 2.12 and loader type
 * 0xb0, as Linux's PVH entry sets them, cmdline_size 2047, the memory map
 * and the ISA hole in e820_table, cmd_line_ptr (with ext_cmd_line_ptr),
 * ramdisk_image/size (with ext_) from module 0, acpi_rsdp_addr. A command
 * line without a NUL in its first COMMAND_LINE_SIZE - 1 bytes is taken
 * as truncated there (a warning), as Linux does; it must be readable that
 * far (or up to its NUL).
 * Return: PVH_OK, or a pvh_error (logged with the bad values; *bp is then
 * all zero).
 * Context: early boot; pure.
 */
int pvh_to_boot_params(const struct pvh_mem *mem, u64 start_info,
		       struct boot_params *bp, struct pvh_e820_ext *ext,
		       u64 ext_phys);

#endif
