/* SPDX-License-Identifier: MIT */
/*
 * UEFI runtime services, the pure part: what the loader says in
 * boot_params.efi_info, where each runtime region goes in the EFI region
 * of the kernel half, and whether the firmware's system table and runtime
 * services table are what they claim. arch/x86_64/efi.c does the mapping
 * and the calls; everything here is host-tested and fuzzed (fuzz_efi_rt).
 *
 * boot_params.efi_info (0x1c0, 32 bytes; Linux's struct efi_info):
 *
 *   0x00 efi_loader_signature  "EL64" (a 64-bit firmware), "EL32" (32)
 *   0x04 efi_systab            low 32 bits of the system table's address
 *   0x08 efi_memdesc_size      the map's stride
 *   0x0c efi_memdesc_version   1
 *   0x10 efi_memmap            low 32 bits of the memory map's address
 *   0x14 efi_memmap_size       bytes of the map
 *   0x18 efi_systab_hi         high 32 bits
 *   0x1c efi_memmap_hi         high 32 bits
 *
 * The EFI region (shared/seeds/004): 64 GiB below -4 GiB, in efi_pgd
 * only. Runtime regions are placed top-down from EFI_VA_START in map
 * order as Linux's efi_map_region() does: the next address is lowered by
 * the region's size, then put at the same offset within a 2 MiB page as
 * the physical address (lowered a further 2 MiB when that would move it
 * up), so 2 MiB pages can map both alike.
 */
#ifndef KEEL_LIB_EFI_RUNTIME_H
#define KEEL_LIB_EFI_RUNTIME_H

#include "kernel/lib/efi_e820.h"
#include "kernel/lib/types.h"

#define EFI_LOADER_SIGNATURE_64 0x34364c45u /* "EL64" */
#define EFI_LOADER_SIGNATURE_32 0x32334c45u /* "EL32" */

/* The EFI region (mm/layout.h, shared/seeds/004). */
#define EFI_VA_START 0xffffffff00000000ULL /* top, exclusive */
#define EFI_VA_END 0xffffffef00000000ULL /* bottom */

/* EFI_MEMORY_DESCRIPTOR attribute bits (UEFI 2.10, 7.2). */
#define EFI_MEMORY_UC BIT_ULL(0)
#define EFI_MEMORY_WC BIT_ULL(1)
#define EFI_MEMORY_WT BIT_ULL(2)
#define EFI_MEMORY_WB BIT_ULL(3)
#define EFI_MEMORY_XP BIT_ULL(14)
#define EFI_MEMORY_RO BIT_ULL(17)
#define EFI_MEMORY_RUNTIME BIT_ULL(63)

/* A descriptor stride above this is taken as garbage. */
#define EFI_DESC_SIZE_MAX 4096

/* EFI_TABLE_HEADER signatures (UEFI 2.10, 4.3 and 8.1). */
#define EFI_SYSTEM_TABLE_SIGNATURE 0x5453595320494249ULL /* "IBI SYST" */
#define EFI_RUNTIME_SERVICES_SIGNATURE 0x56524553544e5552ULL /* RUNTSERV */

struct efi_table_hdr {
	u64 signature;
	u32 revision; /* major << 16 | minor */
	u32 headersize;
	u32 crc32;
	u32 reserved;
};

/* EFI_SYSTEM_TABLE, 64-bit firmware. */
struct efi_system_table {
	struct efi_table_hdr hdr;
	u64 fw_vendor; /* CHAR16 *, physical */
	u32 fw_revision;
	u32 pad;
	u64 con_in_handle, con_in, con_out_handle, con_out;
	u64 stderr_handle, stderr_out;
	u64 runtime; /* EFI_RUNTIME_SERVICES *, physical until
		      * SetVirtualAddressMap converts it */
	u64 boottime;
	u64 nr_tables;
	u64 tables;
};
_Static_assert(sizeof(struct efi_system_table) == 120, "EFI_SYSTEM_TABLE");

/* EFI_RUNTIME_SERVICES: the function pointers, in order. */
struct efi_runtime_services {
	struct efi_table_hdr hdr;
	u64 get_time;
	u64 set_time;
	u64 get_wakeup_time;
	u64 set_wakeup_time;
	u64 set_virtual_address_map;
	u64 convert_pointer;
	u64 get_variable;
	u64 get_next_variable;
	u64 set_variable;
	u64 get_next_high_mono_count;
	u64 reset_system;
	u64 update_capsule;
	u64 query_capsule_caps;
	u64 query_variable_info;
};
_Static_assert(sizeof(struct efi_runtime_services) == 136,
	       "EFI_RUNTIME_SERVICES");
/* Every firmware since EFI 1.10 has the table up to ResetSystem. */
#define EFI_RT_MIN_HEADERSIZE                                                  \
	(offsetof(struct efi_runtime_services, reset_system) + 8)

/* EFI_TIME (UEFI 2.10, 8.3.1). */
struct efi_time {
	u16 year;
	u8 month, day, hour, minute, second, pad1;
	u32 nanosecond;
	s16 timezone; /* minutes from UTC, or EFI_UNSPECIFIED_TIMEZONE */
	u8 daylight, pad2;
};
_Static_assert(sizeof(struct efi_time) == 16, "EFI_TIME");
#define EFI_UNSPECIFIED_TIMEZONE 0x07ff

/* EFI_RESET_TYPE. */
#define EFI_RESET_COLD 0
#define EFI_RESET_WARM 1
#define EFI_RESET_SHUTDOWN 2

enum efi_rt_error {
	EFI_RT_OK = 0,
	EFI_RT_NOT_EFI, /* no "EL64"/"EL32": not booted through EFI */
	EFI_RT_E_EL32, /* a 32-bit firmware: keel has no mixed mode */
	EFI_RT_E_NO_SYSTAB,
	EFI_RT_E_NO_MEMMAP,
	EFI_RT_E_MEMMAP_WRAPS,
	EFI_RT_E_DESC_SIZE_MAX,
	EFI_RT_E_MEMMAP, /* efi_memmap_check() refused it (logged) */
	EFI_RT_E_TOO_MANY,
	EFI_RT_E_VA_OVERFLOW,
	EFI_RT_E_SIGNATURE,
	EFI_RT_E_REVISION,
	EFI_RT_E_HEADER_SIZE,
	EFI_RT_E_CRC,
	EFI_RT_E_NOT_RUNTIME,
	EFI_RT_E_BAD_TIME,
	EFI_RT_E_COUNT
};

/* What efi_info says. */
struct efi_boot_info {
	u32 signature;
	u64 systab;
	u64 memmap;
	u32 memmap_size;
	u32 desc_size;
	u32 desc_version;
};

/* One runtime region, and where it goes. */
struct efi_rt_region {
	u32 type;
	u64 phys;
	u64 virt;
	u64 size;
	u64 attribute;
};

/* EFI_CONFIGURATION_TABLE: a GUID and a physical address. */
struct efi_config_table {
	u8 guid[16];
	u64 table;
};
_Static_assert(sizeof(struct efi_config_table) == 24,
	       "EFI_CONFIGURATION_TABLE");
/* More configuration tables than this is taken as garbage. */
#define EFI_CONFIG_TABLES_MAX 1024

const char *efi_rt_strerror(int err);

/*
 * efi_config_find_acpi - the RSDP the configuration tables name: the
 * ACPI 2.0 table's address (EFI_ACPI_20_TABLE_GUID) if there is one, else
 * the ACPI 1.0 one (ACPI_TABLE_GUID), else 0. Context: any; pure.
 */
u64 efi_config_find_acpi(const struct efi_config_table *tables, u64 nr);

/*
 * efi_info_decode - boot_params.efi_info's fields, unchecked
 * @raw: the 32 bytes at 0x1c0
 * Context: any; pure.
 */
void efi_info_decode(const u8 raw[32], struct efi_boot_info *out);

/*
 * efi_info_parse - decode boot_params.efi_info and check its shape
 * @raw: the 32 bytes at 0x1c0
 * Return: EFI_RT_OK; EFI_RT_NOT_EFI (quietly) without a loader signature;
 * else an error logged with the bad values: EL32, a zero system table or
 * map address, a map that wraps past 2^64, a stride above
 * EFI_DESC_SIZE_MAX, or a layout efi_memmap_check_layout() refuses.
 * Reads nothing but @raw. Context: any; pure.
 */
int efi_info_parse(const u8 raw[32], struct efi_boot_info *out);

/*
 * efi_rt_plan - the runtime regions of a map (already passed by
 * efi_memmap_check()) and their virtual addresses in the EFI region
 * @out, @out_max: room for the regions; @nr_out: how many were written
 * Return: EFI_RT_OK, EFI_RT_E_TOO_MANY or EFI_RT_E_VA_OVERFLOW (the
 * regions do not fit in the 64 GiB), logged. Context: any; pure.
 */
int efi_rt_plan(const void *map, u64 map_size, u64 desc_size,
		struct efi_rt_region *out, u32 out_max, u32 *nr_out);

/*
 * efi_rt_find - the region holding [addr, addr + size), looked up by
 * physical (@virt false) or virtual address, or NULL.
 */
const struct efi_rt_region *efi_rt_find(const struct efi_rt_region *r, u32 nr,
					u64 addr, u64 size, bool virt);

/*
 * efi_table_check - an EFI_TABLE_HEADER against @signature
 * @buf, @avail: the table as read, and how many bytes of it were read
 * @min_size: the smallest headersize keel can use
 * @check_crc: also check crc32 (over headersize bytes, crc32 taken as 0)
 * @what: the table's name, for the messages
 * Return: EFI_RT_OK, or _SIGNATURE, _REVISION (major 0), _HEADER_SIZE
 * (below @min_size or above @avail), _CRC, logged. Context: any; pure.
 */
int efi_table_check(const void *buf, u64 avail, u64 signature, u64 min_size,
		    bool check_crc, const char *what);

/*
 * efi_time_check - a date GetTime returned is a real one (year
 * 1900..9999, month, day of that month, time of day, nanoseconds,
 * timezone within a day or unspecified). Return: EFI_RT_OK or
 * EFI_RT_E_BAD_TIME. Context: any; pure; logs nothing.
 */
int efi_time_check(const struct efi_time *t);

/*
 * efi_ucs2_to_ascii - a CHAR16 string (at most @max units, ends at 0) as
 * ASCII, '?' for anything else, into @dst of @dst_size (terminated).
 */
void efi_ucs2_to_ascii(const u16 *src, u64 max, char *dst, u64 dst_size);

#endif
