// SPDX-License-Identifier: MIT
/*
 * UEFI memory map -> e820 (see efi_e820.h for the types and the policy).
 * Three passes over the descriptors, none of which writes the output
 * until the last:
 *
 *   1. each descriptor alone: aligned, pages > 0, no wrap
 *   2. every pair: no overlap (ranges are now known to be sane)
 *   3. in address order (selection: the lowest start above the last one
 *      taken), convert the type and merge with the previous entry when
 *      adjacent and of the same type; count first, then write
 */
#define pr_fmt(fmt) "efi: " fmt

#include "kernel/lib/efi_e820.h"

#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "mm/e820.h"

#define EFI_PAGE_SIZE (1ULL << EFI_PAGE_SHIFT)
#define EFI_MAX_PAGES (~0ULL >> EFI_PAGE_SHIFT)

static const char *const efi_e820_errors[EFI_E820_E_COUNT] = {
	[EFI_E820_OK] = "no error",
	[EFI_E820_E_DESC_VERSION] = "unknown descriptor version",
	[EFI_E820_E_DESC_SIZE] = "descriptor size too small",
	[EFI_E820_E_MAP_SIZE] = "descriptor runs past the end of the map",
	[EFI_E820_E_EMPTY] = "empty memory map",
	[EFI_E820_E_TOO_MANY_DESCS] = "too many descriptors",
	[EFI_E820_E_UNALIGNED] = "descriptor start not page aligned",
	[EFI_E820_E_ZERO_PAGES] = "descriptor of 0 pages",
	[EFI_E820_E_WRAPS] = "descriptor wraps past 2^64",
	[EFI_E820_E_OVERLAP] = "descriptors overlap",
	[EFI_E820_E_TABLE_FULL] = "e820 table full",
};

const char *efi_e820_strerror(int err)
{
	if (err < 0 || err >= EFI_E820_E_COUNT)
		return "unknown error";
	return efi_e820_errors[err];
}

u32 efi_e820_type(u32 efi_type, u64 attribute)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		if (attribute & EFI_MEMORY_SP)
			return E820_TYPE_SOFT_RESERVED;
		return E820_TYPE_RAM;
	case EFI_ACPI_RECLAIM_MEMORY:
		return E820_TYPE_ACPI;
	case EFI_ACPI_MEMORY_NVS:
		return E820_TYPE_NVS;
	case EFI_UNUSABLE_MEMORY:
		return E820_TYPE_UNUSABLE;
	case EFI_PERSISTENT_MEMORY:
		return E820_TYPE_PMEM;
	default:
		return E820_TYPE_RESERVED;
	}
}

/* Descriptor @i; the stride may leave it unaligned, so copy it out. */
static struct efi_memory_desc get_desc(const void *map, u64 desc_size, u64 i)
{
	struct efi_memory_desc d;

	memcpy(&d, (const u8 *)map + i * desc_size, sizeof(d));
	return d;
}

/* Last byte of a checked descriptor. */
static u64 desc_last(const struct efi_memory_desc *d)
{
	return d->phys_addr + ((d->num_pages << EFI_PAGE_SHIFT) - 1);
}

static int check_layout(u64 map_size, u64 desc_size, u32 desc_version,
			u64 *count)
{
	if (desc_version != EFI_MEMORY_DESCRIPTOR_VERSION) {
		pr_err("memory map descriptor version %u is not %u",
		       desc_version, EFI_MEMORY_DESCRIPTOR_VERSION);
		return EFI_E820_E_DESC_VERSION;
	}
	if (desc_size < sizeof(struct efi_memory_desc)) {
		pr_err("memory map descriptor size %llu is smaller than the "
		       "%zu-byte EFI_MEMORY_DESCRIPTOR",
		       (unsigned long long)desc_size,
		       sizeof(struct efi_memory_desc));
		return EFI_E820_E_DESC_SIZE;
	}
	if (map_size % desc_size) {
		pr_err("memory map of %llu bytes is not a whole number of "
		       "%llu-byte descriptors: descriptor %llu runs past the "
		       "end",
		       (unsigned long long)map_size,
		       (unsigned long long)desc_size,
		       (unsigned long long)(map_size / desc_size));
		return EFI_E820_E_MAP_SIZE;
	}
	*count = map_size / desc_size;
	if (*count == 0) {
		pr_err("memory map has no descriptors");
		return EFI_E820_E_EMPTY;
	}
	if (*count > EFI_E820_MAX_DESCS) {
		pr_err("memory map has %llu descriptors; keel takes at most %u",
		       (unsigned long long)*count, EFI_E820_MAX_DESCS);
		return EFI_E820_E_TOO_MANY_DESCS;
	}
	return EFI_E820_OK;
}

static int check_desc(const struct efi_memory_desc *d, u64 i)
{
	if (d->phys_addr & (EFI_PAGE_SIZE - 1)) {
		pr_err("descriptor %llu (type %u) starts at 0x%llx, not on a "
		       "page boundary",
		       (unsigned long long)i, d->type,
		       (unsigned long long)d->phys_addr);
		return EFI_E820_E_UNALIGNED;
	}
	if (!d->num_pages) {
		pr_err("descriptor %llu (type %u at 0x%llx) has 0 pages",
		       (unsigned long long)i, d->type,
		       (unsigned long long)d->phys_addr);
		return EFI_E820_E_ZERO_PAGES;
	}
	if (d->num_pages > EFI_MAX_PAGES || desc_last(d) < d->phys_addr) {
		pr_err("descriptor %llu (type %u at 0x%llx, 0x%llx pages) "
		       "wraps past 2^64",
		       (unsigned long long)i, d->type,
		       (unsigned long long)d->phys_addr,
		       (unsigned long long)d->num_pages);
		return EFI_E820_E_WRAPS;
	}
	return EFI_E820_OK;
}

static int check_overlaps(const void *map, u64 desc_size, u64 count)
{
	for (u64 i = 0; i < count; i++) {
		struct efi_memory_desc a = get_desc(map, desc_size, i);

		for (u64 j = i + 1; j < count; j++) {
			struct efi_memory_desc b = get_desc(map, desc_size, j);

			if (desc_last(&a) < b.phys_addr ||
			    desc_last(&b) < a.phys_addr)
				continue;
			pr_err("descriptors %llu [0x%llx-0x%llx] type %u and "
			       "%llu [0x%llx-0x%llx] type %u overlap",
			       (unsigned long long)i,
			       (unsigned long long)a.phys_addr,
			       (unsigned long long)desc_last(&a), a.type,
			       (unsigned long long)j,
			       (unsigned long long)b.phys_addr,
			       (unsigned long long)desc_last(&b), b.type);
			return EFI_E820_E_OVERLAP;
		}
	}
	return EFI_E820_OK;
}

/*
 * The descriptor with the lowest start above @after (any, when @first),
 * or -1. Starts are distinct: the ranges do not overlap.
 */
static s64 next_desc(const void *map, u64 desc_size, u64 count, u64 after,
		     bool first)
{
	s64 best = -1;
	u64 best_start = 0;

	for (u64 i = 0; i < count; i++) {
		u64 start = get_desc(map, desc_size, i).phys_addr;

		if (!first && start <= after)
			continue;
		if (best < 0 || start < best_start) {
			best = (s64)i;
			best_start = start;
		}
	}
	return best;
}

/*
 * Walk the descriptors in address order, merging; write into @out when it
 * is not NULL. Return: the number of entries.
 */
static u32 emit(const void *map, u64 desc_size, u64 count,
		struct boot_e820_entry *out)
{
	struct boot_e820_entry prev = {0};
	u32 n = 0;
	u64 after = 0;
	bool first = true;
	s64 i;

	while ((i = next_desc(map, desc_size, count, after, first)) >= 0) {
		struct efi_memory_desc d = get_desc(map, desc_size, (u64)i);
		u32 type = efi_e820_type(d.type, d.attribute);
		u64 size = d.num_pages << EFI_PAGE_SHIFT;

		first = false;
		after = d.phys_addr;
		if (n && prev.type == type &&
		    prev.addr + prev.size == d.phys_addr) {
			prev.size += size;
		} else {
			prev = (struct boot_e820_entry){d.phys_addr, size,
							type};
			n++;
		}
		if (out)
			out[n - 1] = prev;
	}
	return n;
}

int efi_memmap_check_layout(u64 map_size, u64 desc_size, u32 desc_version,
			    u64 *count)
{
	return check_layout(map_size, desc_size, desc_version, count);
}

int efi_memmap_check(const void *map, u64 map_size, u64 desc_size,
		     u32 desc_version, u64 *count)
{
	int err;

	err = check_layout(map_size, desc_size, desc_version, count);
	if (err)
		return err;
	for (u64 i = 0; i < *count; i++) {
		struct efi_memory_desc d = get_desc(map, desc_size, i);

		err = check_desc(&d, i);
		if (err)
			return err;
	}
	return check_overlaps(map, desc_size, *count);
}

int efi_map_to_e820(const void *map, u64 map_size, u64 desc_size,
		    u32 desc_version, struct boot_e820_entry *out, u32 out_max,
		    u32 *nr_out)
{
	u64 count;
	u32 n;
	int err;

	err = efi_memmap_check(map, map_size, desc_size, desc_version, &count);
	if (err)
		return err;
	n = emit(map, desc_size, count, NULL);
	if (n > out_max) {
		pr_err("memory map of %llu descriptors makes %u e820 entries; "
		       "the table holds %u",
		       (unsigned long long)count, n, out_max);
		return EFI_E820_E_TABLE_FULL;
	}
	emit(map, desc_size, count, out);
	*nr_out = n;
	return EFI_E820_OK;
}
