// SPDX-License-Identifier: MIT
/*
 * UEFI runtime services (see efi.h; the pure checks are
 * kernel/lib/efi_runtime.c and efi_e820.c).
 *
 * efi_pgd is a page-table root of its own, used only during firmware
 * calls (shared/seeds/004): the kernel half is init_pgt's (its root
 * entries are shared, except the top one's chain down to the PDPT that
 * holds the EFI region, which efi_pgd copies so that the EFI mappings
 * stay out of every other address space), and each runtime region is
 * mapped twice, at its EFI-region address and 1:1 at its physical
 * address, as Linux does: SetVirtualAddressMap runs at the physical
 * addresses, and firmware that keeps a physical pointer after it still
 * works.
 *
 * keel calls SetVirtualAddressMap with the EFI-region addresses rather
 * than staying 1:1: it is what every firmware is tested with (Linux and
 * Windows both do it), and the runtime table's pointers can then be
 * checked against the regions keel planned. Every call switches CR3 to
 * efi_pgd with interrupts off, calls through an ms_abi function pointer
 * and switches back. The firmware may use the vector registers the MS
 * ABI lets it clobber (xmm0-5): the calls happen at boot, in the
 * in-kernel tests (kernel threads) and on the way to a reset, where no
 * user FPU state needs them.
 */
#define pr_fmt(fmt) "efi: " fmt

#include "arch/x86_64/efi.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/setup.h"
#include "kernel/arch/e820.h"
#include "kernel/arch/mm.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/e820.h"
#include "mm/physmap.h"

/* The early identity map reaches this far (setup.c). */
#define EFI_EARLY_END SZ_4G
/* Room for the loader's map: ~100 descriptors on OVMF, a few hundred on
 * big machines. */
#define EFI_MEMMAP_MAX (64 * 1024)
#define EFI_REGIONS_MAX 128
#define EFI_VENDOR_MAX 64

typedef u64 __attribute__((ms_abi)) (*efi_fn4_t)(u64, u64, u64, u64);

static bool efi_off; /* noefi */
static bool efi_booted; /* efi_info good, map copied */
static bool efi_runtime;
static struct efi_boot_info efi_boot;
static u8 efi_memmap[EFI_MEMMAP_MAX] __aligned(8);
static u8 efi_virtmap[EFI_MEMMAP_MAX] __aligned(8);
static struct efi_rt_region efi_regions[EFI_REGIONS_MAX];
static u32 efi_nr_regions;
static struct pgt efi_pgd;
static struct efi_runtime_services efi_rt; /* virtual pointers */

static int __init parse_noefi(char *val)
{
	(void)val;
	efi_off = true;
	return 0;
}
early_param("noefi", parse_noefi);

/* Is [pa, pa + size) all RAM in the loader's e820 map? */
static bool in_e820_ram(u64 pa, u64 size)
{
	u64 last = pa + (size - 1);

	while (true) {
		const struct e820_entry *hit = NULL;

		for (u32 i = 0; i < e820_table_firmware.nr_entries; i++) {
			const struct e820_entry *e =
				&e820_table_firmware.entries[i];

			if (e->type == E820_TYPE_RAM && e->size &&
			    pa >= e->addr && pa - e->addr < e->size)
				hit = e;
		}
		if (!hit)
			return false;
		if (last - hit->addr < hit->size)
			return true;
		if (hit->addr + hit->size <= pa) /* wraps: no progress */
			return false;
		pa = hit->addr + hit->size;
	}
}

void __init efi_setup_arch(void)
{
	u64 count;
	int err;

	err = efi_info_parse(boot_params.efi_info, &efi_boot);
	if (err == EFI_RT_NOT_EFI)
		return;
	if (efi_off) {
		pr_info("noefi: EFI runtime services off");
		return;
	}
	if (err == EFI_RT_E_EL32) {
		pr_warn("runtime services off");
		return;
	}
	if (err)
		panic("efi: %s: cannot boot with the loader's efi_info",
		      efi_rt_strerror(err));
	if (!in_e820_ram(efi_boot.memmap, efi_boot.memmap_size))
		panic("efi: memory map at 0x%llx (%u bytes) runs past the RAM "
		      "the e820 map lists",
		      (unsigned long long)efi_boot.memmap,
		      efi_boot.memmap_size);
	if (efi_boot.memmap + efi_boot.memmap_size > EFI_EARLY_END ||
	    efi_boot.memmap_size > EFI_MEMMAP_MAX) {
		pr_err("memory map at 0x%llx (%u bytes) is above 4 GiB or "
		       "larger than %u bytes; runtime services off",
		       (unsigned long long)efi_boot.memmap,
		       efi_boot.memmap_size, EFI_MEMMAP_MAX);
		return;
	}
	memcpy(efi_memmap, phys_to_virt(efi_boot.memmap), efi_boot.memmap_size);
	err = efi_memmap_check(efi_memmap, efi_boot.memmap_size,
			       efi_boot.desc_size, efi_boot.desc_version,
			       &count);
	if (err)
		panic("efi: %s: cannot boot with the loader's EFI memory map "
		      "at 0x%llx",
		      efi_e820_strerror(err),
		      (unsigned long long)efi_boot.memmap);
	err = efi_rt_plan(efi_memmap, efi_boot.memmap_size, efi_boot.desc_size,
			  efi_regions, EFI_REGIONS_MAX, &efi_nr_regions);
	if (err)
		panic("efi: %s: cannot boot with the loader's EFI memory map",
		      efi_rt_strerror(err));
	pr_info("memory map at 0x%llx: %llu descriptors of %u bytes, %u "
		"runtime regions; system table at 0x%llx",
		(unsigned long long)efi_boot.memmap, (unsigned long long)count,
		efi_boot.desc_size, efi_nr_regions,
		(unsigned long long)efi_boot.systab);
	efi_booted = true;
	/* The RSDP, when the loader passed none, comes from the system
	 * table in acpi_init() (acpi_rsdp_from_efi), noefi or not, as in
	 * Linux, where noefi turns off only the runtime services. */
}

/* --- efi_pgd ------------------------------------------------------------ */

/*
 * Copy the kernel half of init_pgt, then give efi_pgd its own copy of
 * the tables from the root down to the PDPT that holds the EFI region.
 */
static int __init efi_pgd_init(void)
{
	u64 *root, *table;
	int ret;

	ret = pgt_init(&efi_pgd, init_pgt.levels, init_pgt.phys_bits,
		       init_pgt.alloc, init_pgt.free, init_pgt.arg);
	if (ret)
		return ret;
	root = phys_to_virt(efi_pgd.root);
	memset(root, 0, PAGE_SIZE);
	memcpy(root + PGT_ENTRIES / 2,
	       (u64 *)phys_to_virt(init_pgt.root) + PGT_ENTRIES / 2,
	       PAGE_SIZE / 2);
	efi_pgd.pin_kernel_top = true;
	table = root;
	for (int level = efi_pgd.levels; level > PGT_LEVEL_PDPT; level--) {
		unsigned int idx = pgt_index(EFI_VA_END, level);
		struct pgt_entry_info info;
		phys_addr_t pa;

		pgt_entry_decode(efi_pgd.phys_bits, level, table[idx], &info);
		if (!info.present || info.leaf) {
			pr_err("no kernel table at level %d entry %u for the "
			       "EFI region",
			       level, idx);
			return -EINVAL;
		}
		ret = efi_pgd.alloc(efi_pgd.arg, &pa);
		if (ret)
			return ret;
		memcpy(phys_to_virt(pa), phys_to_virt(info.pa), PAGE_SIZE);
		table[idx] = pgt_mk_table(pa, false);
		efi_pgd.nr_tables_allocated++;
		table = phys_to_virt(pa);
	}
	return 0;
}

static int __init efi_map_regions(void)
{
	for (u32 i = 0; i < efi_nr_regions; i++) {
		const struct efi_rt_region *r = &efi_regions[i];
		/* Not global: gone from the TLB once CR3 is switched back. */
		pgt_prot_t prot = PGT_WRITE | PGT_EXEC;
		int ret;

		if (!(r->attribute & EFI_MEMORY_WB))
			prot |= PGT_CACHE(arch_pat_index_uc());
		ret = pgt_map(&efi_pgd, r->phys, r->phys, r->size, prot,
			      PGT_SIZE_4K | PGT_SIZE_2M, NULL);
		if (!ret)
			ret = pgt_map(&efi_pgd, r->virt, r->phys, r->size, prot,
				      PGT_SIZE_4K | PGT_SIZE_2M, NULL);
		if (ret) {
			pr_err("cannot map runtime region [0x%llx-0x%llx] at "
			       "0x%llx (error %d)",
			       (unsigned long long)r->phys,
			       (unsigned long long)(r->phys + r->size - 1),
			       (unsigned long long)r->virt, ret);
			return ret;
		}
		pr_info("runtime region [0x%016llx-0x%016llx] type %u -> "
			"0x%016llx",
			(unsigned long long)r->phys,
			(unsigned long long)(r->phys + r->size - 1), r->type,
			(unsigned long long)r->virt);
	}
	return 0;
}

/* --- calls ---------------------------------------------------------------- */

static u64 efi_call4(u64 fn, u64 a, u64 b, u64 c, u64 d)
{
	unsigned long flags = local_irq_save();
	u64 old_cr3 = read_cr3();
	u64 ret;

	write_cr3(efi_pgd.root);
	ret = ((efi_fn4_t)fn)(a, b, c, d);
	write_cr3(old_cr3);
	local_irq_restore(flags);
	return ret;
}

/* Copy @size bytes at physical @pa (1:1 in efi_pgd) into @dst. */
static void efi_read(void *dst, u64 pa, u64 size)
{
	unsigned long flags = local_irq_save();
	u64 old_cr3 = read_cr3();

	write_cr3(efi_pgd.root);
	memcpy(dst, (const void *)pa, size);
	write_cr3(old_cr3);
	local_irq_restore(flags);
}

/* A firmware table's bytes, if it lies inside a runtime region. */
static bool efi_read_table(void *dst, u64 pa, u64 size, const char *what)
{
	if (!efi_rt_find(efi_regions, efi_nr_regions, pa, size, false)) {
		pr_err("%s at 0x%llx (%llu bytes) is not in an EFI runtime "
		       "region",
		       what, (unsigned long long)pa, (unsigned long long)size);
		return false;
	}
	efi_read(dst, pa, size);
	return true;
}

/* @fn lies in a runtime code region (virtual or physical addresses). */
static bool efi_fn_ok(u64 fn, const char *name, bool virt)
{
	const struct efi_rt_region *r =
		efi_rt_find(efi_regions, efi_nr_regions, fn, 1, virt);

	if (r && r->type == EFI_RUNTIME_SERVICES_CODE)
		return true;
	pr_err("%s at 0x%llx is not in a runtime code region", name,
	       (unsigned long long)fn);
	return false;
}

static void __init efi_print_vendor(const struct efi_system_table *st)
{
	u16 raw[EFI_VENDOR_MAX];
	char vendor[EFI_VENDOR_MAX + 1] = "unknown";
	const struct efi_rt_region *r;
	u64 room;

	r = efi_rt_find(efi_regions, efi_nr_regions, st->fw_vendor, 2, false);
	if (r) {
		room = (r->phys + r->size - st->fw_vendor) / 2;
		efi_read(raw, st->fw_vendor,
			 2 * (room < EFI_VENDOR_MAX ? room : EFI_VENDOR_MAX));
		efi_ucs2_to_ascii(raw,
				  room < EFI_VENDOR_MAX ? room : EFI_VENDOR_MAX,
				  vendor, sizeof(vendor));
	}
	pr_info("EFI v%u.%02u by %s", st->hdr.revision >> 16,
		st->hdr.revision & 0xffff, vendor);
}

/* The runtime regions as SetVirtualAddressMap takes them. */
static u64 __init efi_build_virtmap(void)
{
	u64 n = 0;

	for (u64 off = 0; off < efi_boot.memmap_size;
	     off += efi_boot.desc_size) {
		struct efi_memory_desc d;
		const struct efi_rt_region *r;

		memcpy(&d, efi_memmap + off, sizeof(d));
		if (!(d.attribute & EFI_MEMORY_RUNTIME))
			continue;
		r = efi_rt_find(efi_regions, efi_nr_regions, d.phys_addr, 1,
				false);
		if (!r)
			continue;
		d.virt_addr = r->virt;
		memcpy(efi_virtmap + n, efi_memmap + off, efi_boot.desc_size);
		memcpy(efi_virtmap + n, &d, sizeof(d));
		n += efi_boot.desc_size;
	}
	return n;
}

static bool __init efi_runtime_table(u64 pa, bool virt)
{
	struct efi_runtime_services rt;
	int err;

	memset(&rt, 0, sizeof(rt));
	if (!efi_read_table(&rt, pa, sizeof(rt.hdr), "runtime services table"))
		return false;
	if (rt.hdr.headersize >= EFI_RT_MIN_HEADERSIZE &&
	    !efi_read_table(&rt, pa,
			    rt.hdr.headersize < sizeof(rt) ? rt.hdr.headersize
							   : sizeof(rt),
			    "runtime services table"))
		return false;
	err = efi_table_check(
		&rt,
		rt.hdr.headersize > sizeof(rt) ? rt.hdr.headersize : sizeof(rt),
		EFI_RUNTIME_SERVICES_SIGNATURE, EFI_RT_MIN_HEADERSIZE, false,
		"runtime services table");
	if (err)
		return false;
	if (!efi_fn_ok(rt.get_time, "GetTime", virt) ||
	    !efi_fn_ok(rt.reset_system, "ResetSystem", virt) ||
	    (!virt && !efi_fn_ok(rt.set_virtual_address_map,
				 "SetVirtualAddressMap", virt)))
		return false;
	efi_rt = rt;
	return true;
}

void __init efi_enter_virtual_mode(void)
{
	struct efi_system_table st;
	struct efi_time tm;
	u64 status, size;
	int err;

	if (!efi_booted)
		return;
	if (efi_pgd_init() || efi_map_regions()) {
		pr_err("no page tables for the runtime services; off");
		return;
	}
	if (!efi_read_table(&st, efi_boot.systab, sizeof(st), "system table"))
		goto off;
	err = efi_table_check(&st, sizeof(st), EFI_SYSTEM_TABLE_SIGNATURE,
			      sizeof(st), true, "system table");
	if (err == EFI_RT_E_CRC)
		pr_warn("system table: going on without a good CRC32");
	else if (err)
		goto off;
	efi_print_vendor(&st);
	if (!efi_runtime_table(st.runtime, false))
		goto off;

	size = efi_build_virtmap();
	status = efi_call4(efi_rt.set_virtual_address_map, size,
			   efi_boot.desc_size, efi_boot.desc_version,
			   (u64)efi_virtmap);
	if (status) {
		pr_err("SetVirtualAddressMap returned 0x%llx; runtime "
		       "services off",
		       (unsigned long long)status);
		return;
	}
	/* The table stays where it is; its pointers are now virtual. */
	if (!efi_runtime_table(st.runtime, true))
		goto off;
	efi_runtime = true;

	status = efi_get_time(&tm);
	if (status)
		pr_warn("GetTime returned 0x%llx", (unsigned long long)status);
	else if (efi_time_check(&tm))
		pr_warn("GetTime: %u-%u-%u %u:%u:%u is not a date", tm.year,
			tm.month, tm.day, tm.hour, tm.minute, tm.second);
	else
		pr_info("time %04u-%02u-%02u %02u:%02u:%02u (firmware)",
			tm.year, tm.month, tm.day, tm.hour, tm.minute,
			tm.second);
	return;
off:
	pr_err("runtime services off");
}

static int __init efi_runtime_init(void)
{
	efi_enter_virtual_mode();
	return 0;
}
arch_initcall(efi_runtime_init);

bool efi_runtime_enabled(void)
{
	return efi_runtime;
}

u64 efi_get_time(struct efi_time *tm)
{
	memset(tm, 0, sizeof(*tm));
	return efi_call4(efi_rt.get_time, (u64)tm, 0, 0, 0);
}

void efi_reset_system(u32 type)
{
	static const char *const names[] = {"cold", "warm", "shutdown"};

	if (!efi_runtime)
		return;
	pr_emerg("ResetSystem(%s)", type < 3 ? names[type] : "?");
	efi_call4(efi_rt.reset_system, type, 0, 0, 0);
	pr_emerg("ResetSystem(%s) returned", type < 3 ? names[type] : "?");
}

const struct pgt *efi_pgd_get(void)
{
	return efi_runtime ? &efi_pgd : NULL;
}

const struct efi_rt_region *efi_runtime_regions(u32 *nr)
{
	*nr = efi_nr_regions;
	return efi_regions;
}
