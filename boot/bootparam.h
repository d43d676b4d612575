/* SPDX-License-Identifier: MIT */
/*
 * The Linux x86 boot protocol's shared structures (Documentation/arch/x86/
 * boot.rst and zero-page.rst): the setup header a boot loader reads and
 * writes, the zero page (struct boot_params) it hands to the kernel, the
 * setup_data list and the 2.15 kernel_info block.
 *
 * This file is the one source of truth for these layouts: C code includes
 * it, and tools/genoffsets turns it into build/boot/bootparam.inc for nasm.
 * Every ABI offset is checked below with _Static_assert.
 */
#ifndef KEEL_BOOT_BOOTPARAM_H
#define KEEL_BOOT_BOOTPARAM_H

#include "kernel/lib/types.h"

/* Header magic "HdrS" at 0x202 and the protocol version keel speaks. */
#define SETUP_HDR_MAGIC 0x53726448u
#define BOOT_PROTOCOL_VERSION 0x020f /* 2.15 */
#define BOOT_FLAG_MAGIC 0xaa55
#define KERNEL_INFO_MAGIC 0x506f544cu /* "LToP" */

/* The selectors the 32- and 64-bit entries expect (boot.rst: __BOOT_CS,
 * __BOOT_DS): flat code and data in the loader's GDT. */
#define BOOT_CS 0x10
#define BOOT_DS 0x18

/* loadflags */
#define LOADED_HIGH BIT(0)
#define KASLR_FLAG BIT(1)
#define QUIET_FLAG BIT(5)
#define KEEP_SEGMENTS BIT(6)
#define CAN_USE_HEAP BIT(7)

/* xloadflags */
#define XLF_KERNEL_64 BIT(0)
#define XLF_CAN_BE_LOADED_ABOVE_4G BIT(1)
#define XLF_EFI_HANDOVER_32 BIT(2)
#define XLF_EFI_HANDOVER_64 BIT(3)
#define XLF_EFI_KEXEC BIT(4)
#define XLF_5LEVEL BIT(5)

/* setup_data types; SETUP_INDIRECT may be or'ed into any of them. */
#define SETUP_NONE 0
#define SETUP_E820_EXT 1
#define SETUP_DTB 2
#define SETUP_PCI 3
#define SETUP_EFI 4
#define SETUP_APPLE_PROPERTIES 5
#define SETUP_JAILHOUSE 6
#define SETUP_CC_BLOB 7
#define SETUP_IMA 8
#define SETUP_RNG_SEED 9
#define SETUP_TYPE_MAX SETUP_RNG_SEED
#define SETUP_INDIRECT BIT(31)

/* Entries of the zero page's e820 table. */
#define E820_MAX_ENTRIES_ZEROPAGE 128

/* Sizes of the real-mode parts of the image. */
#define SECTOR_SIZE 512
#define SETUP_SECTS_MAX 64 /* GRUB refuses more */
#define COMMAND_LINE_SIZE 2048

/* One BIOS e820 entry as it sits in the zero page and in E820_EXT data. */
struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

/* The setup header, at 0x1f1 in both the image and the zero page. */
struct setup_header {
	u8 setup_sects;
	u16 root_flags;
	u32 syssize;
	u16 ram_size;
	u16 vid_mode;
	u16 root_dev;
	u16 boot_flag;
	u16 jump;
	u32 header;
	u16 version;
	u32 realmode_swtch;
	u16 start_sys_seg;
	u16 kernel_version;
	u8 type_of_loader;
	u8 loadflags;
	u16 setup_move_size;
	u32 code32_start;
	u32 ramdisk_image;
	u32 ramdisk_size;
	u32 bootsect_kludge;
	u16 heap_end_ptr;
	u8 ext_loader_ver;
	u8 ext_loader_type;
	u32 cmd_line_ptr;
	u32 initrd_addr_max;
	u32 kernel_alignment;
	u8 relocatable_kernel;
	u8 min_alignment;
	u16 xloadflags;
	u32 cmdline_size;
	u32 hardware_subarch;
	u64 hardware_subarch_data;
	u32 payload_offset;
	u32 payload_length;
	u64 setup_data;
	u64 pref_address;
	u32 init_size;
	u32 handover_offset;
	u32 kernel_info_offset;
} __packed;

/* An element of the setup_data list. */
struct setup_data {
	u64 next;
	u32 type;
	u32 len;
	u8 data[];
} __packed;

/* The 2.15 kernel_info block, found at kernel_info_offset in the payload. */
struct kernel_info {
	u32 header; /* KERNEL_INFO_MAGIC */
	u32 size; /* bytes of this fixed part */
	u32 size_total; /* including variable data */
	u32 setup_type_max;
} __packed;

/* The zero page. */
struct boot_params {
	u8 screen_info[0x40]; /* 0x000 */
	u8 apm_bios_info[0x14]; /* 0x040 */
	u8 _pad2[4]; /* 0x054 */
	u64 tboot_addr; /* 0x058 */
	u8 ist_info[0x10]; /* 0x060 */
	u64 acpi_rsdp_addr; /* 0x070 */
	u8 _pad3[8]; /* 0x078 */
	u8 hd0_info[16]; /* 0x080 */
	u8 hd1_info[16]; /* 0x090 */
	u8 sys_desc_table[0x10]; /* 0x0a0 */
	u8 olpc_ofw_header[0x10]; /* 0x0b0 */
	u32 ext_ramdisk_image; /* 0x0c0 */
	u32 ext_ramdisk_size; /* 0x0c4 */
	u32 ext_cmd_line_ptr; /* 0x0c8 */
	u8 _pad4[112]; /* 0x0cc */
	u32 cc_blob_address; /* 0x13c */
	u8 edid_info[0x80]; /* 0x140 */
	u8 efi_info[0x20]; /* 0x1c0 */
	u32 alt_mem_k; /* 0x1e0 */
	u32 scratch; /* 0x1e4 */
	u8 e820_entries; /* 0x1e8 */
	u8 eddbuf_entries; /* 0x1e9 */
	u8 edd_mbr_sig_buf_entries; /* 0x1ea */
	u8 kbd_status; /* 0x1eb */
	u8 secure_boot; /* 0x1ec */
	u8 _pad5[2]; /* 0x1ed */
	u8 sentinel; /* 0x1ef */
	u8 _pad6[1]; /* 0x1f0 */
	struct setup_header hdr; /* 0x1f1 */
	u8 _pad7[0x290 - 0x1f1 - sizeof(struct setup_header)];
	u32 edd_mbr_sig_buffer[16]; /* 0x290 */
	struct boot_e820_entry
		e820_table[E820_MAX_ENTRIES_ZEROPAGE]; /* 0x2d0 */
	u8 _pad8[48]; /* 0xcd0 */
	u8 eddbuf[0x1ec]; /* 0xd00 */
	u8 _pad9[276]; /* 0xeec */
} __packed;

/* Offsets of the setup header fields from the start of the image. */
#define SETUP_HDR_OFFSET 0x1f1
#define IMAGE_OFF(field)                                                       \
	(SETUP_HDR_OFFSET + offsetof(struct setup_header, field))

#define BP_CHECK(field, off)                                                   \
	_Static_assert(offsetof(struct boot_params, field) == (off),           \
		       "boot_params." #field " must be at " #off)
#define HDR_CHECK(field, off)                                                  \
	_Static_assert(IMAGE_OFF(field) == (off),                              \
		       "setup_header." #field " must be at " #off)

BP_CHECK(screen_info, 0x000);
BP_CHECK(apm_bios_info, 0x040);
BP_CHECK(tboot_addr, 0x058);
BP_CHECK(ist_info, 0x060);
BP_CHECK(acpi_rsdp_addr, 0x070);
BP_CHECK(hd0_info, 0x080);
BP_CHECK(sys_desc_table, 0x0a0);
BP_CHECK(olpc_ofw_header, 0x0b0);
BP_CHECK(ext_ramdisk_image, 0x0c0);
BP_CHECK(ext_ramdisk_size, 0x0c4);
BP_CHECK(ext_cmd_line_ptr, 0x0c8);
BP_CHECK(cc_blob_address, 0x13c);
BP_CHECK(edid_info, 0x140);
BP_CHECK(efi_info, 0x1c0);
BP_CHECK(alt_mem_k, 0x1e0);
BP_CHECK(scratch, 0x1e4);
BP_CHECK(e820_entries, 0x1e8);
BP_CHECK(eddbuf_entries, 0x1e9);
BP_CHECK(edd_mbr_sig_buf_entries, 0x1ea);
BP_CHECK(kbd_status, 0x1eb);
BP_CHECK(secure_boot, 0x1ec);
BP_CHECK(sentinel, 0x1ef);
BP_CHECK(hdr, 0x1f1);
BP_CHECK(edd_mbr_sig_buffer, 0x290);
BP_CHECK(e820_table, 0x2d0);
BP_CHECK(_pad8, 0xcd0);
BP_CHECK(eddbuf, 0xd00);
_Static_assert(sizeof(struct boot_params) == 4096, "the zero page is 4 KiB");
_Static_assert(sizeof(struct boot_e820_entry) == 20,
	       "e820 entries are 20 bytes");

HDR_CHECK(setup_sects, 0x1f1);
HDR_CHECK(root_flags, 0x1f2);
HDR_CHECK(syssize, 0x1f4);
HDR_CHECK(ram_size, 0x1f8);
HDR_CHECK(vid_mode, 0x1fa);
HDR_CHECK(root_dev, 0x1fc);
HDR_CHECK(boot_flag, 0x1fe);
HDR_CHECK(jump, 0x200);
HDR_CHECK(header, 0x202);
HDR_CHECK(version, 0x206);
HDR_CHECK(realmode_swtch, 0x208);
HDR_CHECK(start_sys_seg, 0x20c);
HDR_CHECK(kernel_version, 0x20e);
HDR_CHECK(type_of_loader, 0x210);
HDR_CHECK(loadflags, 0x211);
HDR_CHECK(setup_move_size, 0x212);
HDR_CHECK(code32_start, 0x214);
HDR_CHECK(ramdisk_image, 0x218);
HDR_CHECK(ramdisk_size, 0x21c);
HDR_CHECK(bootsect_kludge, 0x220);
HDR_CHECK(heap_end_ptr, 0x224);
HDR_CHECK(ext_loader_ver, 0x226);
HDR_CHECK(ext_loader_type, 0x227);
HDR_CHECK(cmd_line_ptr, 0x228);
HDR_CHECK(initrd_addr_max, 0x22c);
HDR_CHECK(kernel_alignment, 0x230);
HDR_CHECK(relocatable_kernel, 0x234);
HDR_CHECK(min_alignment, 0x235);
HDR_CHECK(xloadflags, 0x236);
HDR_CHECK(cmdline_size, 0x238);
HDR_CHECK(hardware_subarch, 0x23c);
HDR_CHECK(hardware_subarch_data, 0x240);
HDR_CHECK(payload_offset, 0x248);
HDR_CHECK(payload_length, 0x24c);
HDR_CHECK(setup_data, 0x250);
HDR_CHECK(pref_address, 0x258);
HDR_CHECK(init_size, 0x260);
HDR_CHECK(handover_offset, 0x264);
HDR_CHECK(kernel_info_offset, 0x268);
_Static_assert(sizeof(struct setup_header) == 0x26c - 0x1f1,
	       "the 2.15 setup header ends at 0x26c");
_Static_assert(offsetof(struct setup_data, data) == 16,
	       "setup_data header is 16 bytes");
_Static_assert(sizeof(struct kernel_info) == 16, "kernel_info fixed part");

#endif
