// SPDX-License-Identifier: MIT
/*
 * Finding the RSDP (ACPI 6.5 section 5.2.5.1, "Finding the RSDP on IA-PC
 * Systems"): the loader may hand its address over in boot_params; else
 * the firmware put it on a 16-byte boundary in one of
 *
 *   0x0040E          BDA word: real-mode segment of the EBDA
 *   [EBDA, +1 KiB)   the first KiB of the Extended BIOS Data Area
 *   [0xE0000, 0x100000)  the BIOS read-only memory area
 *
 * searched in that order. On UEFI the firmware lists it in its system
 * table's configuration table instead (UEFI 2.10 section 4.6), which
 * acpi_rsdp_from_efi() reads for a loader that passes efi_info but no
 * acpi_rsdp_addr (GRUB 2.06's `linux` on UEFI).
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "kernel/lib/acpi.h"

#include "kernel/lib/acpi_internal.h"
#include "kernel/lib/efi_runtime.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define EBDA_PTR_PHYS 0x40E /* BIOS data area: EBDA segment (u16) */
#define EBDA_SEG_SHIFT 4 /* real-mode segment -> physical address */
#define EBDA_SEARCH_SIZE SZ_1K
#define BDA_END 0x500 /* the IVT and BDA end here; an EBDA starts later */
#define LOW_MEM_END 0xA0000 /* conventional memory ends at the VGA hole */
#define BIOS_ROM_START 0xE0000
#define BIOS_ROM_END 0x100000
#define RSDP_SIG_SIZE 8

/*
 * rsdp_valid - check the RSDP candidate at @phys, whose first 20 bytes are
 * @v1. Reports why a candidate fails at @level.
 */
static bool rsdp_valid(const struct acpi_mem *mem, phys_addr_t phys,
		       const struct acpi_table_rsdp *v1, int level)
{
	const struct acpi_table_rsdp *v2;
	u8 sum;

	if (memcmp(v1->signature, ACPI_SIG_RSDP, RSDP_SIG_SIZE) != 0) {
		log_printf(level,
			   pr_fmt("RSDP at 0x%lx: no \"%s\" signature\n"), phys,
			   ACPI_SIG_RSDP);
		return false;
	}
	sum = acpi_checksum(v1, ACPI_RSDP_V1_SIZE);
	if (sum) {
		log_printf(level,
			   pr_fmt("RSDP at 0x%lx: checksum error, its first %u "
				  "bytes sum to 0x%02x\n"),
			   phys, ACPI_RSDP_V1_SIZE, sum);
		return false;
	}
	if (v1->revision < ACPI_RSDP_XSDT_REVISION)
		return true;
	v2 = acpi_map(mem, phys, ACPI_RSDP_V2_SIZE);
	if (!v2 || v2->length < ACPI_RSDP_V2_SIZE) {
		log_printf(level,
			   pr_fmt("RSDP at 0x%lx: revision %u needs %u "
				  "readable bytes, length is %u\n"),
			   phys, v1->revision, ACPI_RSDP_V2_SIZE,
			   v2 ? v2->length : 0);
		return false;
	}
	v2 = acpi_map(mem, phys, v2->length);
	if (!v2) {
		log_printf(level,
			   pr_fmt("RSDP at 0x%lx: revision %u length runs "
				  "outside readable memory\n"),
			   phys, v1->revision);
		return false;
	}
	sum = acpi_checksum(v2, v2->length);
	if (sum) {
		log_printf(level,
			   pr_fmt("RSDP at 0x%lx: extended checksum error, its "
				  "%u bytes sum to 0x%02x\n"),
			   phys, v2->length, sum);
		return false;
	}
	return true;
}

/* scan_area - look for a valid RSDP in [@start, @start + @size). */
static bool scan_area(const struct acpi_mem *mem, phys_addr_t start, u64 size,
		      phys_addr_t *found)
{
	const u8 *area = acpi_map(mem, start, size);

	if (!area) {
		pr_debug("cannot read [0x%lx-0x%lx] to look for the RSDP\n",
			 start, start + size - 1);
		return false;
	}
	for (u64 off = 0; off + ACPI_RSDP_V1_SIZE <= size;
	     off += ACPI_RSDP_ALIGN) {
		const void *cand = area + off;

		if (memcmp(cand, ACPI_SIG_RSDP, RSDP_SIG_SIZE) != 0)
			continue;
		/* Stray signatures in BIOS code are common: debug only. */
		if (rsdp_valid(mem, start + off, cand, LOGLEVEL_DEBUG)) {
			*found = start + off;
			return true;
		}
	}
	return false;
}

/* scan_ebda - the first KiB of the EBDA, when the BDA names a plausible
 * one (above the BDA, below the VGA hole). */
static bool scan_ebda(const struct acpi_mem *mem, phys_addr_t *found)
{
	const u8 *ptr = acpi_map(mem, EBDA_PTR_PHYS, sizeof(u16));
	u64 ebda;

	if (!ptr)
		return false;
	ebda = (u64)(ptr[0] | ptr[1] << 8) << EBDA_SEG_SHIFT;
	if (ebda < BDA_END || ebda >= LOW_MEM_END) {
		pr_debug("EBDA pointer 0x%lx is outside [0x%x-0x%x), not "
			 "scanned\n",
			 ebda, BDA_END, LOW_MEM_END);
		return false;
	}
	return scan_area(mem, ebda,
			 min((u64)EBDA_SEARCH_SIZE, LOW_MEM_END - ebda), found);
}

int acpi_find_rsdp(const struct acpi_mem *mem, u64 rsdp_addr,
		   phys_addr_t *rsdp_phys)
{
	if (rsdp_addr) {
		const void *v1 = acpi_map(mem, rsdp_addr, ACPI_RSDP_V1_SIZE);

		if (v1 && rsdp_valid(mem, rsdp_addr, v1, LOGLEVEL_WARNING)) {
			*rsdp_phys = rsdp_addr;
			return 0;
		}
		pr_warn("boot_params acpi_rsdp_addr 0x%lx: no valid RSDP%s, "
			"scanning\n",
			rsdp_addr, v1 ? "" : " (unreadable)");
	}
	if (scan_ebda(mem, rsdp_phys) ||
	    scan_area(mem, BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START,
		      rsdp_phys))
		return 0;
	pr_warn("no RSDP found\n");
	return -ENOENT;
}

int acpi_rsdp_from_efi(const struct acpi_mem *mem, const u8 efi_info[32],
		       u64 *rsdp_addr)
{
	struct efi_boot_info info;
	struct efi_system_table st;
	u64 systab, nr, tables;
	const u8 *map, *cfg;

	efi_info_decode(efi_info, &info);
	systab = info.systab;
	if (info.signature != EFI_LOADER_SIGNATURE_64 || !systab)
		return -ENOENT;
	map = acpi_map(mem, systab, sizeof(st));
	if (map)
		memcpy(&st, map, sizeof(st));
	if (!map || st.hdr.signature != EFI_SYSTEM_TABLE_SIGNATURE) {
		pr_warn("EFI system table at 0x%lx: %s\n", systab,
			map ? "no \"IBI SYST\" signature" : "unreadable");
		return -EINVAL;
	}
	nr = st.nr_tables;
	tables = st.tables;
	if (nr > EFI_CONFIG_TABLES_MAX) {
		pr_warn("EFI system table at 0x%lx: %lu configuration tables, "
			"more than %u\n",
			systab, nr, EFI_CONFIG_TABLES_MAX);
		return -EINVAL;
	}
	cfg = nr ? acpi_map(mem, tables, nr * sizeof(struct efi_config_table))
		 : NULL;
	if (nr && !cfg) {
		pr_warn("EFI configuration table at 0x%lx (%lu entries) is "
			"unreadable\n",
			tables, nr);
		return -EINVAL;
	}
	/* Linux too prefers the ACPI 2.0 entry (efi.acpi20). */
	*rsdp_addr = nr ? efi_config_find_acpi(
				  (const struct efi_config_table *)cfg, nr)
			: 0;
	if (!*rsdp_addr) {
		pr_warn("EFI system table at 0x%lx lists no ACPI table among "
			"its %lu configuration tables\n",
			systab, nr);
		return -ENOENT;
	}
	pr_debug("RSDP 0x%lx from the EFI configuration table\n", *rsdp_addr);
	return 0;
}
