// SPDX-License-Identifier: MIT
/* UEFI runtime services, the pure part (see efi_runtime.h). */
#define pr_fmt(fmt) "efi: " fmt

#include "kernel/lib/efi_runtime.h"

#include "kernel/lib/inflate.h" /* gzip_crc32: UEFI's CRC-32 is the same */
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define SZ_2M_EFI (1ULL << 21)

static const char *const efi_rt_errors[EFI_RT_E_COUNT] = {
	[EFI_RT_OK] = "no error",
	[EFI_RT_NOT_EFI] = "not booted through EFI",
	[EFI_RT_E_EL32] = "32-bit EFI firmware",
	[EFI_RT_E_NO_SYSTAB] = "no system table",
	[EFI_RT_E_NO_MEMMAP] = "no memory map",
	[EFI_RT_E_MEMMAP_WRAPS] = "memory map wraps past 2^64",
	[EFI_RT_E_DESC_SIZE_MAX] = "descriptor size too large",
	[EFI_RT_E_MEMMAP] = "bad memory map",
	[EFI_RT_E_TOO_MANY] = "too many runtime regions",
	[EFI_RT_E_VA_OVERFLOW] = "runtime regions overflow the EFI region",
	[EFI_RT_E_SIGNATURE] = "bad table signature",
	[EFI_RT_E_REVISION] = "bad table revision",
	[EFI_RT_E_HEADER_SIZE] = "bad table header size",
	[EFI_RT_E_CRC] = "table CRC32 mismatch",
	[EFI_RT_E_NOT_RUNTIME] = "not in an EFI runtime region",
	[EFI_RT_E_BAD_TIME] = "bad time",
};

const char *efi_rt_strerror(int err)
{
	if (err < 0 || err >= EFI_RT_E_COUNT)
		return "unknown error";
	return efi_rt_errors[err];
}

static u32 get32(const u8 *raw, unsigned int off)
{
	u32 v;

	memcpy(&v, raw + off, sizeof(v));
	return v;
}

void efi_info_decode(const u8 raw[32], struct efi_boot_info *out)
{
	*out = (struct efi_boot_info){
		.signature = get32(raw, 0x00),
		.systab = get32(raw, 0x04) | (u64)get32(raw, 0x18) << 32,
		.desc_size = get32(raw, 0x08),
		.desc_version = get32(raw, 0x0c),
		.memmap = get32(raw, 0x10) | (u64)get32(raw, 0x1c) << 32,
		.memmap_size = get32(raw, 0x14),
	};
}

int efi_info_parse(const u8 raw[32], struct efi_boot_info *out)
{
	struct efi_boot_info b;
	u64 count;

	efi_info_decode(raw, &b);

	if (b.signature == EFI_LOADER_SIGNATURE_32) {
		pr_err("loader signature \"EL32\": a 32-bit firmware; keel "
		       "runs on 64-bit EFI only");
		return EFI_RT_E_EL32;
	}
	if (b.signature != EFI_LOADER_SIGNATURE_64)
		return EFI_RT_NOT_EFI;
	if (!b.systab) {
		pr_err("efi_info: system table address is 0");
		return EFI_RT_E_NO_SYSTAB;
	}
	if (!b.memmap) {
		pr_err("efi_info: memory map address is 0 (%u bytes)",
		       b.memmap_size);
		return EFI_RT_E_NO_MEMMAP;
	}
	if (b.memmap_size && b.memmap + (b.memmap_size - 1) < b.memmap) {
		pr_err("efi_info: memory map at 0x%llx (%u bytes) wraps past "
		       "2^64",
		       (unsigned long long)b.memmap, b.memmap_size);
		return EFI_RT_E_MEMMAP_WRAPS;
	}
	if (b.desc_size > EFI_DESC_SIZE_MAX) {
		pr_err("efi_info: memory map descriptor size %u is above %u",
		       b.desc_size, EFI_DESC_SIZE_MAX);
		return EFI_RT_E_DESC_SIZE_MAX;
	}
	if (efi_memmap_check_layout(b.memmap_size, b.desc_size, b.desc_version,
				    &count))
		return EFI_RT_E_MEMMAP;
	*out = b;
	return EFI_RT_OK;
}

int efi_rt_plan(const void *map, u64 map_size, u64 desc_size,
		struct efi_rt_region *out, u32 out_max, u32 *nr_out)
{
	u64 va = EFI_VA_START;
	u32 n = 0;

	for (u64 off = 0; off + sizeof(struct efi_memory_desc) <= map_size;
	     off += desc_size) {
		struct efi_memory_desc d;
		u64 size, pa_off, prev;

		memcpy(&d, (const u8 *)map + off, sizeof(d));
		if (!(d.attribute & EFI_MEMORY_RUNTIME))
			continue;
		if (n == out_max) {
			pr_err("more than %u runtime regions", out_max);
			return EFI_RT_E_TOO_MANY;
		}
		size = d.num_pages << EFI_PAGE_SHIFT;
		/* Checked maps hold no range past 2^64; 64 GiB is far less. */
		if (size > EFI_VA_START - EFI_VA_END)
			goto overflow;
		va -= size;
		pa_off = d.phys_addr & (SZ_2M_EFI - 1);
		prev = va;
		va = (va & ~(SZ_2M_EFI - 1)) + pa_off;
		if (va > prev)
			va -= SZ_2M_EFI;
		if (va < EFI_VA_END)
			goto overflow;
		out[n++] = (struct efi_rt_region){
			.type = d.type,
			.phys = d.phys_addr,
			.virt = va,
			.size = size,
			.attribute = d.attribute,
		};
		continue;
	overflow:
		pr_err("runtime region [0x%llx-0x%llx] does not fit in the "
		       "EFI region [0x%llx-0x%llx]",
		       (unsigned long long)d.phys_addr,
		       (unsigned long long)(d.phys_addr + (size - 1)),
		       (unsigned long long)EFI_VA_END,
		       (unsigned long long)(EFI_VA_START - 1));
		return EFI_RT_E_VA_OVERFLOW;
	}
	*nr_out = n;
	return EFI_RT_OK;
}

const struct efi_rt_region *efi_rt_find(const struct efi_rt_region *r, u32 nr,
					u64 addr, u64 size, bool virt)
{
	if (!size || addr + (size - 1) < addr)
		return NULL;
	for (u32 i = 0; i < nr; i++) {
		u64 start = virt ? r[i].virt : r[i].phys;

		if (addr >= start && addr - start < r[i].size &&
		    size <= r[i].size - (addr - start))
			return &r[i];
	}
	return NULL;
}

int efi_table_check(const void *buf, u64 avail, u64 signature, u64 min_size,
		    bool check_crc, const char *what)
{
	struct efi_table_hdr h;
	u32 crc;

	if (avail < sizeof(h)) {
		pr_err("%s: %llu bytes is less than a table header", what,
		       (unsigned long long)avail);
		return EFI_RT_E_HEADER_SIZE;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.signature != signature) {
		pr_err("%s: signature 0x%016llx is not 0x%016llx", what,
		       (unsigned long long)h.signature,
		       (unsigned long long)signature);
		return EFI_RT_E_SIGNATURE;
	}
	if ((h.revision >> 16) == 0) {
		pr_err("%s: revision 0x%08x has major version 0", what,
		       h.revision);
		return EFI_RT_E_REVISION;
	}
	if (h.headersize < min_size || h.headersize > avail) {
		pr_err("%s: header size %u is outside %llu..%llu", what,
		       h.headersize, (unsigned long long)min_size,
		       (unsigned long long)avail);
		return EFI_RT_E_HEADER_SIZE;
	}
	if (!check_crc)
		return EFI_RT_OK;
	crc = gzip_crc32(0, buf, offsetof(struct efi_table_hdr, crc32));
	crc = gzip_crc32(crc, "\0\0\0\0", 4);
	crc = gzip_crc32(
		crc, (const u8 *)buf + offsetof(struct efi_table_hdr, reserved),
		h.headersize - offsetof(struct efi_table_hdr, reserved));
	if (crc != h.crc32) {
		pr_err("%s: CRC32 0x%08x, the header says 0x%08x", what, crc,
		       h.crc32);
		return EFI_RT_E_CRC;
	}
	return EFI_RT_OK;
}

static bool leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int efi_time_check(const struct efi_time *t)
{
	static const u8 mdays[12] = {31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (t->year < 1900 || t->year > 9999 || t->month < 1 || t->month > 12 ||
	    t->day < 1 || t->day > mdays[t->month - 1])
		return EFI_RT_E_BAD_TIME;
	if (t->month == 2 && t->day == 29 && !leap(t->year))
		return EFI_RT_E_BAD_TIME;
	if (t->hour > 23 || t->minute > 59 || t->second > 59 ||
	    t->nanosecond > 999999999)
		return EFI_RT_E_BAD_TIME;
	if (t->timezone != EFI_UNSPECIFIED_TIMEZONE &&
	    (t->timezone < -1440 || t->timezone > 1440))
		return EFI_RT_E_BAD_TIME;
	return EFI_RT_OK;
}

void efi_ucs2_to_ascii(const u16 *src, u64 max, char *dst, u64 dst_size)
{
	u64 n = 0;

	if (!dst_size)
		return;
	for (u64 i = 0; i < max && n + 1 < dst_size; i++) {
		u16 c;

		memcpy(&c, src + i, sizeof(c));
		if (!c)
			break;
		dst[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[n] = '\0';
}

/* 8868e871-e4f1-11d3-bc22-0080c73c8881 and eb9d2d30-2d88-11d3-9a16-
 * 0090273fc14d, as EFI_GUID lays them out (the first three fields
 * little-endian). */
static const u8 acpi20_guid[16] = {0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4,
				   0xd3, 0x11, 0xbc, 0x22, 0x00, 0x80,
				   0xc7, 0x3c, 0x88, 0x81};
static const u8 acpi10_guid[16] = {0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d,
				   0xd3, 0x11, 0x9a, 0x16, 0x00, 0x90,
				   0x27, 0x3f, 0xc1, 0x4d};

u64 efi_config_find_acpi(const struct efi_config_table *tables, u64 nr)
{
	u64 acpi10 = 0;

	for (u64 i = 0; i < nr; i++) {
		struct efi_config_table c;

		memcpy(&c, &tables[i], sizeof(c));
		if (!c.table)
			continue;
		if (!memcmp(c.guid, acpi20_guid, sizeof(c.guid)))
			return c.table;
		if (!acpi10 && !memcmp(c.guid, acpi10_guid, sizeof(c.guid)))
			acpi10 = c.table;
	}
	return acpi10;
}
