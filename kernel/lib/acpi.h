/* SPDX-License-Identifier: MIT */
/*
 * ACPI static tables, parsed purely (ACPI 6.5 specification, chapter 5.2
 * "ACPI System Description Tables"; the HPET table from the IA-PC HPET
 * specification 1.0a, section 3.2.4).
 *
 * Physical memory is reached only through a caller-provided accessor,
 * struct acpi_mem, whose map() grants a view of exactly the bytes asked
 * for or refuses. The module never reads past what map() granted and
 * treats every length, count, offset and address in firmware tables as
 * hostile. The kernel's accessor is phys_to_virt() with bounds; host tests
 * and the fuzzer hand out exactly-sized copies of a buffer standing for a
 * physical window.
 *
 * How the tables hang together:
 *
 *   RSDP "RSD PTR " (boot_params.acpi_rsdp_addr, else the first KiB of the
 *    |               EBDA, else 0xE0000-0xFFFFF, on 16-byte boundaries)
 *    |-- rsdt_address (u32) --> RSDT: header + u32 table addresses
 *    `-- xsdt_address (u64) --> XSDT: header + u64 table addresses
 *                                 (preferred when revision >= 2)
 *                                  |--> FACP (FADT) --> DSDT, FACS
 *                                  |--> APIC (MADT): interrupt controllers
 *                                  |--> HPET
 *                                  `--> ...
 *
 * Policy (keel's choices, stricter than Linux, which warns and goes on):
 *  - a table whose bytes do not sum to zero is reported (signature,
 *    address, sum) and skipped, as is one whose length is shorter than its
 *    header or reaches outside readable memory;
 *  - an invalid boot_params RSDP address is reported and the BIOS areas
 *    are scanned instead;
 *  - an invalid XSDT is reported and the RSDT is used instead;
 *  - a root entry that is zero, repeats an address already listed, or
 *    points at a root table (RSDT/XSDT, e.g. the XSDT itself) is skipped;
 *  - a malformed MADT (an entry of length < 2, running past the table end
 *    or shorter than its type's structure) is rejected as a whole.
 */
#ifndef KEEL_LIB_ACPI_H
#define KEEL_LIB_ACPI_H

#include "kernel/lib/types.h"

#define ACPI_NAMESEG_SIZE 4
#define ACPI_OEM_ID_SIZE 6
#define ACPI_OEM_TABLE_ID_SIZE 8

#define ACPI_SIG_RSDP "RSD PTR " /* 8 bytes */
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_MADT "APIC"
#define ACPI_SIG_HPET "HPET"
#define ACPI_SIG_DSDT "DSDT"

/* ---- Raw layouts (little-endian, packed; ACPI 6.5 section 5.2) ---- */

/* Root System Description Pointer (5.2.5.3). */
struct acpi_table_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum; /* over the first 20 bytes */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision; /* 0: ACPI 1.0 (20 bytes); 2: ACPI 2.0+ */
	u32 rsdt_address;
	/* Revision >= 2 only: */
	u32 length; /* of the whole structure */
	u64 xsdt_address;
	u8 extended_checksum; /* over length bytes */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_SIZE 20
#define ACPI_RSDP_V2_SIZE 36
#define ACPI_RSDP_ALIGN 16
#define ACPI_RSDP_XSDT_REVISION 2

/* System Description Table Header (5.2.6), common to every table. */
struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length; /* of the whole table, header included */
	u8 revision;
	u8 checksum; /* all length bytes sum to zero */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __packed;

/* Generic Address Structure (5.2.3.2). */
struct acpi_generic_address {
	u8 space_id; /* ACPI_ADR_SPACE_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_width; /* ACPI_ACCESS_* */
	u64 address;
} __packed;

#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO 1
#define ACPI_ADR_SPACE_PCI_CONFIG 2

#define ACPI_ACCESS_UNDEFINED 0 /* legacy: derive from bit_width */
#define ACPI_ACCESS_BYTE 1
#define ACPI_ACCESS_WORD 2
#define ACPI_ACCESS_DWORD 3
#define ACPI_ACCESS_QWORD 4

/* Multiple APIC Description Table (5.2.12). */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address; /* local APIC physical address */
	u32 flags; /* ACPI_MADT_PCAT_COMPAT */
} __packed;

#define ACPI_MADT_PCAT_COMPAT BIT(0) /* dual 8259s present */

/* Interrupt controller structure types (5.2.12, table 5.21). */
#define ACPI_MADT_TYPE_LOCAL_APIC 0
#define ACPI_MADT_TYPE_IO_APIC 1
#define ACPI_MADT_TYPE_INTERRUPT_OVERRIDE 2
#define ACPI_MADT_TYPE_NMI_SOURCE 3
#define ACPI_MADT_TYPE_LOCAL_APIC_NMI 4
#define ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE 5
#define ACPI_MADT_TYPE_LOCAL_X2APIC 9
#define ACPI_MADT_TYPE_LOCAL_X2APIC_NMI 10

struct acpi_subtable_header {
	u8 type;
	u8 length; /* of this entry, header included */
} __packed;

struct acpi_madt_local_apic { /* type 0, 5.2.12.2 */
	struct acpi_subtable_header header;
	u8 processor_id; /* ACPI processor UID */
	u8 id; /* local APIC id */
	u32 lapic_flags;
} __packed;

struct acpi_madt_io_apic { /* type 1, 5.2.12.3 */
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base;
} __packed;

struct acpi_madt_interrupt_override { /* type 2, 5.2.12.5 */
	struct acpi_subtable_header header;
	u8 bus; /* 0: ISA */
	u8 source_irq;
	u32 global_irq;
	u16 inti_flags;
} __packed;

struct acpi_madt_nmi_source { /* type 3, 5.2.12.6 */
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 global_irq;
} __packed;

struct acpi_madt_local_apic_nmi { /* type 4, 5.2.12.7 */
	struct acpi_subtable_header header;
	u8 processor_id; /* 0xff: all processors */
	u16 inti_flags;
	u8 lint; /* LINT0 or LINT1 */
} __packed;

struct acpi_madt_local_apic_override { /* type 5, 5.2.12.8 */
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;
} __packed;

struct acpi_madt_local_x2apic { /* type 9, 5.2.12.12 */
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;

struct acpi_madt_local_x2apic_nmi { /* type 10, 5.2.12.13 */
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 uid; /* 0xffffffff: all processors */
	u8 lint;
	u8 reserved[3];
} __packed;

/* Local APIC / x2APIC flags (table 5.23). */
#define ACPI_MADT_ENABLED BIT(0)
#define ACPI_MADT_ONLINE_CAPABLE BIT(1)

/* MPS INTI flags (table 5.26): polarity bits 1:0, trigger mode bits 3:2. */
#define ACPI_MADT_POLARITY_MASK 0x3
#define ACPI_MADT_TRIGGER_SHIFT 2
#define ACPI_MADT_TRIGGER_MASK 0x3
#define ACPI_POLARITY_CONFORMS 0
#define ACPI_POLARITY_ACTIVE_HIGH 1
#define ACPI_POLARITY_RESERVED 2
#define ACPI_POLARITY_ACTIVE_LOW 3
#define ACPI_TRIGGER_CONFORMS 0
#define ACPI_TRIGGER_EDGE 1
#define ACPI_TRIGGER_RESERVED 2
#define ACPI_TRIGGER_LEVEL 3

#define ACPI_MADT_ALL_CPUS_UID8 0xff
#define ACPI_MADT_ALL_CPUS_UID32 0xffffffffU

/* IA-PC HPET Description Table (HPET spec 1.0a, table 3). */
struct acpi_table_hpet {
	struct acpi_table_header header;
	u32 id; /* event timer block id */
	struct acpi_generic_address address; /* base address */
	u8 sequence; /* HPET number */
	u16 minimum_tick; /* in periodic mode, main counter ticks */
	u8 flags; /* page protection and OEM attributes */
} __packed;

/* Event timer block id fields (HPET spec, General Capabilities). */
#define ACPI_HPET_REV_ID_MASK 0xff
#define ACPI_HPET_NUM_TIM_SHIFT 8
#define ACPI_HPET_NUM_TIM_MASK 0x1f /* comparators - 1 */
#define ACPI_HPET_COUNT_SIZE_CAP BIT(13) /* 64-bit main counter */
#define ACPI_HPET_LEG_RT_CAP BIT(15) /* legacy replacement routing */
#define ACPI_HPET_VENDOR_SHIFT 16
#define ACPI_HPET_PAGE_PROTECT_MASK 0xf

/* Fixed ACPI Description Table (5.2.9, table 5.9); revision 6. */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs; /* FIRMWARE_CTRL */
	u32 dsdt;
	u8 model; /* INT_MODEL in ACPI 1.0, reserved since */
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;
	u32 pm1b_control_block;
	u32 pm2_control_block;
	u32 pm_timer_block;
	u32 gpe0_block;
	u32 gpe1_block;
	u8 pm1_event_length;
	u8 pm1_control_length;
	u8 pm2_control_length;
	u8 pm_timer_length;
	u8 gpe0_block_length;
	u8 gpe1_block_length;
	u8 gpe1_base;
	u8 cst_control;
	u16 c2_latency;
	u16 c3_latency;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alarm;
	u8 month_alarm;
	u8 century;
	u16 boot_flags; /* IAPC_BOOT_ARCH */
	u8 reserved;
	u32 flags; /* end of the ACPI 1.0 FADT (116 bytes) */
	struct acpi_generic_address reset_register;
	u8 reset_value;
	u16 arm_boot_flags;
	u8 minor_revision;
	u64 xfacs; /* X_FIRMWARE_CTRL */
	u64 xdsdt;
	struct acpi_generic_address xpm1a_event_block;
	struct acpi_generic_address xpm1b_event_block;
	struct acpi_generic_address xpm1a_control_block;
	struct acpi_generic_address xpm1b_control_block;
	struct acpi_generic_address xpm2_control_block;
	struct acpi_generic_address xpm_timer_block;
	struct acpi_generic_address xgpe0_block;
	struct acpi_generic_address xgpe1_block; /* ACPI 2.0 ends (244) */
	struct acpi_generic_address sleep_control;
	struct acpi_generic_address sleep_status; /* ACPI 5.0 ends (268) */
	u64 hypervisor_id; /* ACPI 6.0 ends (276) */
} __packed;

#define ACPI_FADT_V1_SIZE 116 /* shortest FADT keel accepts */

/* FADT flags (table 5.10). */
#define ACPI_FADT_WBINVD BIT(0)
#define ACPI_FADT_WBINVD_FLUSH BIT(1)
#define ACPI_FADT_C1_SUPPORTED BIT(2)
#define ACPI_FADT_C2_MP_SUPPORTED BIT(3)
#define ACPI_FADT_POWER_BUTTON BIT(4)
#define ACPI_FADT_SLEEP_BUTTON BIT(5)
#define ACPI_FADT_FIXED_RTC BIT(6)
#define ACPI_FADT_S4_RTC_WAKE BIT(7)
#define ACPI_FADT_32BIT_TIMER BIT(8) /* TMR_VAL_EXT */
#define ACPI_FADT_DOCKING_SUPPORTED BIT(9)
#define ACPI_FADT_RESET_REGISTER BIT(10) /* RESET_REG_SUP */
#define ACPI_FADT_SEALED_CASE BIT(11)
#define ACPI_FADT_HEADLESS BIT(12)
#define ACPI_FADT_SLEEP_TYPE BIT(13)
#define ACPI_FADT_PCI_EXPRESS_WAKE BIT(14)
#define ACPI_FADT_PLATFORM_CLOCK BIT(15)
#define ACPI_FADT_S4_RTC_VALID BIT(16)
#define ACPI_FADT_REMOTE_POWER_ON BIT(17)
#define ACPI_FADT_APIC_CLUSTER BIT(18)
#define ACPI_FADT_APIC_PHYSICAL BIT(19)
#define ACPI_FADT_HW_REDUCED BIT(20)
#define ACPI_FADT_LOW_POWER_S0 BIT(21)

/* IAPC_BOOT_ARCH flags (table 5.11). */
#define ACPI_FADT_LEGACY_DEVICES BIT(0)
#define ACPI_FADT_8042 BIT(1)
#define ACPI_FADT_NO_VGA BIT(2)
#define ACPI_FADT_NO_MSI BIT(3)
#define ACPI_FADT_NO_ASPM BIT(4)
#define ACPI_FADT_NO_CMOS_RTC BIT(5)

/* ---- Physical memory accessor ---- */

/*
 * struct acpi_mem - how the parser reads physical memory.
 * @map: return a pointer to @len readable bytes at physical @phys, or NULL
 *	when any of them may not be read. The view must stay valid until the
 *	parse that asked for it is over (the kernel's views never go away).
 * @arg: passed to @map.
 */
struct acpi_mem {
	const void *(*map)(void *arg, u64 phys, u64 len);
	void *arg;
};

/* ---- Tables found through the RSDP ---- */

#define ACPI_MAX_TABLES 64

/* One table that passed the checks: its bytes sum to zero. */
struct acpi_table_desc {
	phys_addr_t phys;
	u32 length;
	char signature[ACPI_NAMESEG_SIZE];
};

/*
 * struct acpi_tables - the RSDP, the root table and the tables it lists
 * (plus the DSDT named by the first FADT), each checked once.
 */
struct acpi_tables {
	struct acpi_mem mem;
	phys_addr_t rsdp_phys;
	u32 rsdp_length; /* 20 for revision < 2, else the length field */
	u8 rsdp_revision;
	phys_addr_t root_phys; /* the RSDT or the XSDT */
	u32 root_length;
	bool root_is_xsdt;
	unsigned int nr_tables;
	unsigned int nr_skipped; /* entries and DSDT not listed (reported) */
	struct acpi_table_desc tables[ACPI_MAX_TABLES];
};

/**
 * acpi_checksum - sum of @len bytes at @buf, modulo 256.
 * @buf: the bytes.
 * @len: how many.
 *
 * Return: 0 for a valid ACPI structure.
 * Context: any.
 */
u8 acpi_checksum(const void *buf, size_t len);

/**
 * acpi_find_rsdp - locate a valid RSDP.
 * @mem: physical memory accessor.
 * @rsdp_addr: boot_params.acpi_rsdp_addr; 0 when the loader gave none.
 * @rsdp_phys: set to the RSDP's physical address on success.
 *
 * Uses @rsdp_addr when it is set and holds a valid RSDP (else reports why
 * and scans); scans the first KiB of the EBDA (segment at 0x40E) and then
 * 0xE0000-0xFFFFF on 16-byte boundaries. A candidate is valid when its
 * signature is "RSD PTR ", its first 20 bytes sum to zero and, for
 * revision >= 2, its length is at least 36 and its length bytes sum to
 * zero.
 *
 * Return: 0, or -ENOENT when no valid RSDP is found.
 * Context: any; reads only through @mem.
 */
int acpi_find_rsdp(const struct acpi_mem *mem, u64 rsdp_addr,
		   phys_addr_t *rsdp_phys);

/**
 * acpi_rsdp_from_efi - the RSDP a UEFI firmware lists in its system table.
 * @mem: physical memory accessor.
 * @efi_info: boot_params.efi_info (signature "EL64", system table address
 *            in its low and high words).
 * @rsdp_addr: set to the ACPI 2.0 configuration table entry, else the ACPI
 *             1.0 one, on success.
 *
 * For loaders that leave boot_params.acpi_rsdp_addr 0 on UEFI (GRUB 2.06's
 * `linux`), where the RSDP is not in the BIOS areas. The address is only a
 * hint: acpi_find_rsdp() checks it.
 *
 * Return: 0; -ENOENT without a 64-bit firmware's system table in
 * @efi_info or without an ACPI entry; -EINVAL (reported) for a system
 * table or configuration table that is unreadable or malformed.
 * Context: any; reads only through @mem.
 */
int acpi_rsdp_from_efi(const struct acpi_mem *mem, const u8 efi_info[32],
		       u64 *rsdp_addr);

/**
 * acpi_tables_init - find the RSDP and root table, check every table.
 * @t: filled in; all zero (no tables) on failure.
 * @mem: physical memory accessor, copied into @t.
 * @rsdp_addr: boot_params.acpi_rsdp_addr, or 0.
 *
 * Prefers the XSDT when the RSDP revision is >= 2 and its address is
 * non-zero, and falls back to the RSDT when the XSDT is unusable. Lists
 * every root entry whose table is readable, at least header-sized and sums
 * to zero, up to ACPI_MAX_TABLES; the rest are reported and counted in
 * nr_skipped. The DSDT named by the first FADT is checked and listed too.
 *
 * Return: 0; -ENOENT without an RSDP; -EINVAL without a usable root table.
 * Context: boot, single-threaded; reads only through @mem.
 */
int acpi_tables_init(struct acpi_tables *t, const struct acpi_mem *mem,
		     u64 rsdp_addr);

/**
 * acpi_find_table - a listed table by signature.
 * @t: initialised by acpi_tables_init().
 * @sig: four-character signature, e.g. ACPI_SIG_MADT.
 * @instance: 0 for the first table with @sig, 1 for the second, ...
 * @phys: if non-NULL, set to the table's physical address.
 *
 * Return: the table (its header's length bytes are readable and sum to
 * zero), or NULL when there is no such instance.
 * Context: any; maps through @t->mem.
 */
const struct acpi_table_header *acpi_find_table(const struct acpi_tables *t,
						const char *sig,
						unsigned int instance,
						phys_addr_t *phys);

/* ---- MADT ---- */

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_INT_OVERRIDES 32
#define ACPI_MAX_NMI_SOURCES 8
#define ACPI_MAX_LAPIC_NMIS 64

/* A processor local APIC (type 0) or local x2APIC (type 9). */
struct acpi_madt_cpu {
	u32 processor_uid;
	u32 apic_id;
	u32 flags; /* raw ACPI_MADT_ENABLED / ACPI_MADT_ONLINE_CAPABLE */
	bool enabled;
	bool online_capable;
	bool x2apic;
};

struct acpi_madt_ioapic {
	u8 id;
	u32 address;
	u32 gsi_base;
};

struct acpi_madt_override {
	u8 bus;
	u8 source_irq;
	u32 gsi;
	u16 inti_flags;
	u8 polarity; /* ACPI_POLARITY_* */
	u8 trigger; /* ACPI_TRIGGER_* */
};

struct acpi_madt_nmi_src {
	u32 gsi;
	u16 inti_flags;
	u8 polarity;
	u8 trigger;
};

/* A local APIC NMI (type 4) or local x2APIC NMI (type 10). */
struct acpi_madt_lapic_nmi {
	u32 processor_uid;
	bool all_cpus; /* uid 0xff (type 4) or 0xffffffff (type 10) */
	bool x2apic;
	u16 inti_flags;
	u8 polarity;
	u8 trigger;
	u8 lint;
};

/*
 * struct acpi_madt_info - the MADT, decoded. Entries keep table order
 * within each array.
 * @lapic_addr: local APIC address; the type 5 override when present.
 * @nr_ignored: entries of types keel does not decode.
 * @nr_invalid: entries dropped for a bad value (reported).
 * @nr_overflow: entries dropped because their array was full (reported).
 */
struct acpi_madt_info {
	u64 lapic_addr;
	bool lapic_addr_override;
	u32 flags;
	bool pcat_compat;
	unsigned int nr_cpus;
	unsigned int nr_ioapics;
	unsigned int nr_overrides;
	unsigned int nr_nmi_sources;
	unsigned int nr_lapic_nmis;
	unsigned int nr_ignored;
	unsigned int nr_invalid;
	unsigned int nr_overflow;
	struct acpi_madt_cpu cpus[ACPI_MAX_CPUS];
	struct acpi_madt_ioapic ioapics[ACPI_MAX_IOAPICS];
	struct acpi_madt_override overrides[ACPI_MAX_INT_OVERRIDES];
	struct acpi_madt_nmi_src nmi_sources[ACPI_MAX_NMI_SOURCES];
	struct acpi_madt_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
};

/**
 * acpi_madt_decode - decode a MADT.
 * @table: the table; its header's length bytes must be readable.
 * @out: the result.
 *
 * Each entry's length must be at least 2, stay inside the table and cover
 * its type's structure (longer entries from later revisions are fine);
 * otherwise the MADT is rejected. An IOAPIC at address 0, a local APIC NMI
 * on a LINT other than 0 or 1 and a zero local APIC address override are
 * reported and dropped.
 *
 * Return: 0; -ENOSPC when an array overflowed (@out holds the entries
 * that fit, nr_overflow counts the rest); -EINVAL for a malformed table
 * (@out is all zero).
 * Context: any.
 */
int acpi_madt_decode(const struct acpi_table_header *table,
		     struct acpi_madt_info *out);

/**
 * acpi_parse_madt - find and decode the first MADT ("APIC").
 * @t: initialised tables.
 * @out: the result (all zero unless 0 or -ENOSPC is returned).
 *
 * Return: as acpi_madt_decode(), or -ENOENT when there is no MADT.
 * Context: any.
 */
int acpi_parse_madt(const struct acpi_tables *t, struct acpi_madt_info *out);

/* ---- HPET ---- */

struct acpi_hpet_info {
	u32 block_id; /* event timer block id, raw */
	u8 hardware_rev;
	u8 num_comparators;
	bool counter_64bit;
	bool legacy_replacement;
	u16 pci_vendor_id;
	struct acpi_generic_address address;
	u8 hpet_number;
	u16 min_tick;
	u8 page_protection;
};

/**
 * acpi_hpet_decode - decode an HPET table.
 * @table: the table; its header's length bytes must be readable.
 * @out: the result (all zero on error).
 *
 * Return: 0; -EINVAL when the table is shorter than 56 bytes or the base
 * address is not a non-zero system-memory address.
 * Context: any.
 */
int acpi_hpet_decode(const struct acpi_table_header *table,
		     struct acpi_hpet_info *out);

/**
 * acpi_parse_hpet - find and decode the first HPET table.
 * @t: initialised tables.
 * @out: the result (all zero on error).
 *
 * Return: as acpi_hpet_decode(), or -ENOENT when there is none.
 * Context: any.
 */
int acpi_parse_hpet(const struct acpi_tables *t, struct acpi_hpet_info *out);

/* ---- FADT ---- */

/*
 * struct acpi_fadt_info - the FADT, decoded. Register blocks come from the
 * X_ field when the table is long enough to hold it and its address is
 * non-zero, else from the 32-bit I/O port field and its length; an absent
 * block has address 0.
 */
struct acpi_fadt_info {
	u8 revision;
	u8 minor_revision;
	u32 length;
	u32 flags; /* ACPI_FADT_* */
	bool hw_reduced;
	bool reset_reg_sup;
	bool pm_timer_32bit;
	u16 boot_flags; /* IAPC_BOOT_ARCH */
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 century;
	phys_addr_t facs;
	phys_addr_t dsdt;
	struct acpi_generic_address pm1a_event_block;
	struct acpi_generic_address pm1b_event_block;
	struct acpi_generic_address pm1a_control_block;
	struct acpi_generic_address pm1b_control_block;
	struct acpi_generic_address pm2_control_block;
	struct acpi_generic_address pm_timer_block;
	struct acpi_generic_address gpe0_block;
	struct acpi_generic_address gpe1_block;
	bool has_reset_register; /* the table is long enough to hold it */
	struct acpi_generic_address reset_register;
	u8 reset_value;
	/* ACPI 5.0: the sleep control register of HW-reduced ACPI (SLP_TYP
	 * in bits 4:2, SLP_EN bit 5); address 0 when absent. */
	struct acpi_generic_address sleep_control;
};

/**
 * acpi_fadt_decode - decode a FADT ("FACP").
 * @table: the table; its header's length bytes must be readable.
 * @out: the result (all zero on error).
 *
 * Fields beyond the table's length read as zero. When both a 32-bit and a
 * 64-bit address are set and differ, the 64-bit one wins and the mismatch
 * is reported.
 *
 * Return: 0, or -EINVAL when the table is shorter than the ACPI 1.0 FADT
 * (116 bytes).
 * Context: any.
 */
int acpi_fadt_decode(const struct acpi_table_header *table,
		     struct acpi_fadt_info *out);

/**
 * acpi_parse_fadt - find and decode the first FADT.
 * @t: initialised tables.
 * @out: the result (all zero on error).
 *
 * Return: as acpi_fadt_decode(), or -ENOENT when there is none.
 * Context: any.
 */
int acpi_parse_fadt(const struct acpi_tables *t, struct acpi_fadt_info *out);

/*
 * struct acpi_reset - how to reboot through the FADT reset register: write
 * the byte @value to @address in @space_id. For PCI configuration space
 * (segment 0, bus 0 by definition) the address is split into device,
 * function and register offset.
 */
struct acpi_reset {
	u8 space_id;
	u64 address;
	u16 pci_device;
	u16 pci_function;
	u16 pci_offset;
	u8 value;
};

/**
 * acpi_fadt_reset - decode the FADT reset register (5.2.9, table 5.9).
 * @fadt: decoded FADT.
 * @out: the register (all zero on error).
 *
 * Return: 0; -ENOENT when RESET_REG_SUP is clear or the table is too short
 * to hold the register; -EINVAL when the register is not an 8-bit,
 * offset 0 register at a non-zero address in system memory, system I/O or
 * PCI configuration space (bits 63:48 of a PCI address must be zero).
 * Context: any.
 */
int acpi_fadt_reset(const struct acpi_fadt_info *fadt, struct acpi_reset *out);

/**
 * acpi_gas_access_bytes - access size of a Generic Address Structure.
 * @gas: the register.
 *
 * Return: 1, 2, 4 or 8 from access_width; with access_width 0 (legacy),
 * the size of bit_width when it is 8, 16, 32 or 64; 0 when undecidable.
 * Context: any.
 */
unsigned int acpi_gas_access_bytes(const struct acpi_generic_address *gas);

/* ---- Printing (pr_info, Linux's line shapes) ---- */

/**
 * acpi_print_tables - one line for the RSDP, the root and each table.
 * @t: initialised tables.
 *
 * e.g. "ACPI: RSDP 0x00000000000F5A10 000014 (v00 BOCHS )" and
 * "ACPI: APIC 0x000000007FFE192C 000078 (v01 BOCHS  BXPC     00000001 BXPC
 * 00000001)". Non-printable name characters appear as '?'.
 * Context: any.
 */
void acpi_print_tables(const struct acpi_tables *t);

/**
 * acpi_print_madt - one line per decoded MADT entry, e.g.
 * "ACPI: LAPIC (acpi_id[0x00] lapic_id[0x00] enabled)",
 * "ACPI: IOAPIC (id[0x00] address[0xfec00000] gsi_base[0])",
 * "ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)".
 * @m: decoded MADT.
 * Context: any.
 */
void acpi_print_madt(const struct acpi_madt_info *m);

/**
 * acpi_print_hpet - "ACPI: HPET id: 0x8086a201 base: 0xfed00000".
 * @h: decoded HPET table.
 * Context: any.
 */
void acpi_print_hpet(const struct acpi_hpet_info *h);

/**
 * acpi_print_fadt - a summary of the decoded FADT: SCI, PM timer, reset
 * register, hardware-reduced mode.
 * @f: decoded FADT.
 * Context: any.
 */
void acpi_print_fadt(const struct acpi_fadt_info *f);

/**
 * acpi_polarity_name - "dfl", "high", "res" or "low" for ACPI_POLARITY_*.
 * @polarity: bits 1:0 of the MPS INTI flags.
 * Return: a static string.
 * Context: any.
 */
const char *acpi_polarity_name(unsigned int polarity);

/**
 * acpi_trigger_name - "dfl", "edge", "res" or "level" for ACPI_TRIGGER_*.
 * @trigger: bits 3:2 of the MPS INTI flags, shifted down.
 * Return: a static string.
 * Context: any.
 */
const char *acpi_trigger_name(unsigned int trigger);

#endif
