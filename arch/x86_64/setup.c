// SPDX-License-Identifier: MIT
/* setup_arch: what the boot loader handed over, and the machine's memory. */
#include "arch/x86_64/setup.h"

#include "kernel/arch/setup.h"
#include "arch/x86_64/efi.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/mm/mm.h"
#include "kernel/init.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "mm/kaslr.h"

struct boot_params boot_params;
struct e820_table e820_table_firmware;

/* setup_data may be anywhere the early identity map reaches. */
#define EARLY_IDENTITY_END SZ_4G

/* Boot loader IDs, Documentation/arch/x86/boot.rst "type_of_loader". */
static const char *const loader_names[16] = {
	[0x0] = "LILO",
	[0x1] = "Loadlin",
	[0x2] = "bootsect-loader",
	[0x3] = "Syslinux",
	[0x4] = "Etherboot/gPXE/iPXE",
	[0x5] = "ELILO",
	[0x7] = "GRUB",
	[0x8] = "U-Boot",
	[0x9] = "Xen",
	[0xa] = "Gujin",
	[0xb] = "QEMU",
	[0xc] = "Arcturus Networks uCbootloader",
	[0xd] = "kexec-tools",
	[0xe] = "extended",
	[0xf] = "special",
};

bool kaslr_enabled(void)
{
	return boot_params.hdr.loadflags & KASLR_FLAG;
}

void dump_kernel_offset(void)
{
	if (kaslr_enabled() || kaslr_offset())
		pr_emerg("Kernel Offset: 0x%lx from 0x%lx (relocation range: "
			 "0x%lx-0x%lx)",
			 kaslr_offset(), KERNEL_VIRT_BASE, __START_KERNEL_map,
			 __START_KERNEL_map + KERNEL_IMAGE_SIZE - 1);
	else
		pr_emerg("Kernel Offset: disabled");
}

const char *boot_loader_name(u8 type_of_loader)
{
	const char *name = loader_names[type_of_loader >> 4];

	return name ? name : "unknown";
}

static void print_boot_protocol(const struct setup_header *hdr)
{
	u8 type = hdr->type_of_loader;
	unsigned int version = type & 0xf;

	if ((type >> 4) == 0xe) /* extended: ext_loader_type and _ver */
		version |= (unsigned int)hdr->ext_loader_ver << 4;
	pr_info("Boot protocol %u.%02u, loader type 0x%02x (%s, version %u)",
		hdr->version >> 8, hdr->version & 0xff, type,
		boot_loader_name(type), version);
}

/* The loader's framebuffer (an EFI GOP mode), as Linux's efifb says it. */
static void print_screen_info(void)
{
	struct efi_fb fb;

	if (screen_info_efi_fb(boot_params.screen_info, &fb) != 1)
		return;
	pr_info("efifb: framebuffer at 0x%llx, %u KiB, %ux%ux%u, %u bytes a "
		"line",
		(unsigned long long)fb.base, fb.size >> 10, fb.width, fb.height,
		fb.depth, fb.linelength);
	pr_info("efifb: red %u@%u, green %u@%u, blue %u@%u, reserved %u@%u",
		fb.size_pos[0], fb.size_pos[1], fb.size_pos[2], fb.size_pos[3],
		fb.size_pos[4], fb.size_pos[5], fb.size_pos[6], fb.size_pos[7]);
}

static const char *const five_level_reasons[] = {
	[EARLY_5LEVEL_USED_OR_ABSENT] = "",
	[EARLY_5LEVEL_NO5LVL] = "disabled by no5lvl",
	[EARLY_5LEVEL_ABOVE_4G] =
		"kernel above 4 GiB: paging depth left as the loader set it",
};

/*
 * no5lvl: 4-level paging on an LA57 CPU too. head64_early.c reads the word
 * itself, before the page tables exist and long before any parsing; this
 * entry makes it a parameter the kernel knows (not one for init).
 */
static int __init parse_no5lvl(char *val)
{
	(void)val;
	return 0;
}
early_param("no5lvl", parse_no5lvl);

void __init setup_arch(void)
{
	const char *who = "BIOS-e820";
	unsigned int levels;

	print_boot_protocol(&boot_params.hdr);
	print_screen_info();
	if (boot_entry == BOOT_ENTRY_PVH)
		pvh_print_boot_log();
	if (e820__append_boot_params(&e820_table_firmware, &boot_params, 0,
				     EARLY_IDENTITY_END, &who) < 0)
		pr_err("e820: the boot loader's memory map is unusable");
	pr_info("BIOS-provided physical RAM map:");
	e820__print_table(&e820_table_firmware, who);
	efi_setup_arch();

	levels = (unsigned int)early_pgtable_levels;
	pr_info("x86/mm: %u-level paging%s%s", levels,
		early_5level_reason ? ": 5-level " : "",
		five_level_reasons[early_5level_reason]);
	if (mm_layout_init(&mm_layout, levels) < 0)
		panic("no memory layout for %u-level paging", levels);
	e820__memory_setup(mm_layout.max_physmem_bits);
	x86_memblock_setup();
	kernel_randomize_memory(levels);
	kaslr_print_layout(&mm_layout);
	pr_info("KASLR: kernel text at 0x%lx (offset 0x%lx from 0x%lx%s), "
		"physical 0x%lx",
		(unsigned long)_text, kaslr_offset(), KERNEL_VIRT_BASE,
		kaslr_enabled() ? "" : ", not randomised", early_load_phys);
	init_mem_mapping();
	paging_init();
}
