/* SPDX-License-Identifier: MIT */
/*
 * The UEFI memory map (UEFI 2.10, 7.2 "GetMemoryMap()") as an e820 table,
 * purely: what Linux's EFI stub does in setup_e820() before it hands the
 * zero page to the kernel.
 *
 * Who uses it: arch/x86_64/efi.c checks the map the loader passed in
 * boot_params.efi_info with efi_memmap_check(). keel's EFI stub (the PE
 * entry that boots keel from UEFI firmware without a boot loader) will call
 * efi_map_to_e820() on the map of its final GetMemoryMap(), just before
 * ExitBootServices(), and put the result into boot_params.e820_table and
 * a SETUP_E820_EXT node, as boot loaders do today.
 *
 *   map --> +------------------+  desc_size bytes each (>= 40; firmware
 *           | type, pad        |  often uses 48), map_size / desc_size of
 *           | PhysicalStart    |  them, descriptor version 1
 *           | VirtualStart     |
 *           | NumberOfPages    |  4 KiB pages
 *           | Attribute        |
 *           | (firmware bytes) |
 *           +------------------+
 *
 * Types, as Linux's stub converts them:
 *   LoaderCode/Data, BootServicesCode/Data, ConventionalMemory -> RAM
 *     (E820_TYPE_SOFT_RESERVED when the attribute has EFI_MEMORY_SP,
 *     memory set aside for a specific purpose)
 *   ACPIReclaimMemory -> ACPI, ACPIMemoryNVS -> NVS,
 *   UnusableMemory -> unusable, PersistentMemory -> PMEM,
 *   everything else (reserved, runtime services, MMIO, PAL code,
 *     unaccepted memory, types unknown to keel) -> reserved.
 * The result is sorted by address and adjacent entries of one type are
 * merged.
 *
 * Refused, each with its error and a log line naming the values: a
 * descriptor version other than 1, a descriptor size smaller than the
 * structure, a map size that is not a whole number of descriptors (the last
 * runs past the end), no descriptors, more than EFI_E820_MAX_DESCS, a start
 * not on a page boundary, 0 pages, a range wrapping past 2^64, two
 * descriptors that overlap, a result longer than the caller's table.
 * Nothing is written to the caller's table on an error.
 */
#ifndef KEEL_LIB_EFI_E820_H
#define KEEL_LIB_EFI_E820_H

#include "boot/bootparam.h"
#include "kernel/lib/types.h"

/* EFI_MEMORY_TYPE (UEFI 2.10, table 7.10). */
#define EFI_RESERVED_TYPE 0
#define EFI_LOADER_CODE 1
#define EFI_LOADER_DATA 2
#define EFI_BOOT_SERVICES_CODE 3
#define EFI_BOOT_SERVICES_DATA 4
#define EFI_RUNTIME_SERVICES_CODE 5
#define EFI_RUNTIME_SERVICES_DATA 6
#define EFI_CONVENTIONAL_MEMORY 7
#define EFI_UNUSABLE_MEMORY 8
#define EFI_ACPI_RECLAIM_MEMORY 9
#define EFI_ACPI_MEMORY_NVS 10
#define EFI_MEMORY_MAPPED_IO 11
#define EFI_MEMORY_MAPPED_IO_PORT_SPACE 12
#define EFI_PAL_CODE 13
#define EFI_PERSISTENT_MEMORY 14
#define EFI_UNACCEPTED_MEMORY 15

/* Attribute bits (UEFI 2.10, 7.2): specific-purpose memory. */
#define EFI_MEMORY_SP BIT(18)

#define EFI_MEMORY_DESCRIPTOR_VERSION 1
#define EFI_PAGE_SHIFT 12

/* EFI_MEMORY_DESCRIPTOR; the firmware's stride is desc_size, not this. */
struct efi_memory_desc {
	u32 type;
	u32 pad;
	u64 phys_addr;
	u64 virt_addr;
	u64 num_pages;
	u64 attribute;
};

_Static_assert(sizeof(struct efi_memory_desc) == 40,
	       "EFI_MEMORY_DESCRIPTOR is 40 bytes");

/* More descriptors than this is taken as a corrupt map. */
#define EFI_E820_MAX_DESCS 2048

enum efi_e820_error {
	EFI_E820_OK = 0,
	EFI_E820_E_DESC_VERSION,
	EFI_E820_E_DESC_SIZE,
	EFI_E820_E_MAP_SIZE,
	EFI_E820_E_EMPTY,
	EFI_E820_E_TOO_MANY_DESCS,
	EFI_E820_E_UNALIGNED,
	EFI_E820_E_ZERO_PAGES,
	EFI_E820_E_WRAPS,
	EFI_E820_E_OVERLAP,
	EFI_E820_E_TABLE_FULL,
	EFI_E820_E_COUNT
};

/*
 * efi_e820_strerror - the name of an efi_e820_error
 * Return: a static string; "unknown error" for a value out of range.
 */
const char *efi_e820_strerror(int err);

/*
 * efi_e820_type - the e820 type of an EFI memory type and attribute
 * Return: an E820_TYPE_* value.
 */
u32 efi_e820_type(u32 efi_type, u64 attribute);

/*
 * efi_memmap_check_layout - the map's shape alone: @desc_version, a
 * @desc_size at least the structure, @map_size a whole number of them,
 * 1..EFI_E820_MAX_DESCS descriptors (set in *@count)
 * Return: EFI_E820_OK or an efi_e820_error, logged with the values.
 * Context: any; pure. Reads no descriptor.
 */
int efi_memmap_check_layout(u64 map_size, u64 desc_size, u32 desc_version,
			    u64 *count);

/*
 * efi_memmap_check - every check efi_map_to_e820() makes before it
 * converts: the layout, then each descriptor (aligned, > 0 pages, no wrap
 * past 2^64), then every pair (no overlap)
 * @count: set to the number of descriptors when the layout is good
 * Return: EFI_E820_OK or an efi_e820_error, logged with the values.
 * Context: any; pure. O(n^2).
 */
int efi_memmap_check(const void *map, u64 map_size, u64 desc_size,
		     u32 desc_version, u64 *count);

/*
 * efi_map_to_e820 - convert a UEFI memory map into e820 entries
 * @map: the descriptors, as GetMemoryMap() returned them
 * @map_size: bytes of @map
 * @desc_size: the stride between descriptors
 * @desc_version: GetMemoryMap()'s DescriptorVersion
 * @out: the e820 entries to fill, sorted by address, merged
 * @out_max: room in @out
 * @nr_out: set to the number of entries written
 *
 * Return: EFI_E820_OK, or an efi_e820_error (logged with the bad values;
 * @out and *@nr_out are then untouched).
 * Context: any; pure. O(n^2) in the number of descriptors.
 */
int efi_map_to_e820(const void *map, u64 map_size, u64 desc_size,
		    u32 desc_version, struct boot_e820_entry *out, u32 out_max,
		    u32 *nr_out);

#endif
