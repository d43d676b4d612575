// SPDX-License-Identifier: MIT
/*
 * Host tests of the EFI stub (boot/compressed/efi_stub.c) against the fake
 * UEFI firmware of fake_efi.c: the PE entry and the handover entry, the
 * command line, the setup header, the memory map and ExitBootServices(),
 * the initrd (LoadFile2 and initrd=), the GOP, the RSDP, and bad maps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hosttest/efi_stub/fake_efi.h"
#include "mm/e820.h"

/* boot_params.efi_info, as the stub fills it. */
struct efi_info_fields {
	u32 loader_signature, systab, memdesc_size, memdesc_version;
	u32 memmap, memmap_size, systab_hi, memmap_hi;
};

static int reset(void **state)
{
	(void)state;
	fake_efi_reset();
	return 0;
}

static const struct setup_header *image_hdr(void)
{
	return (const struct setup_header *)(fw.image + SETUP_HDR_OFFSET);
}

static struct setup_header *image_hdr_w(void)
{
	return (struct setup_header *)(fw.image + SETUP_HDR_OFFSET);
}

static const char *cmdline_of(const struct boot_params *bp)
{
	return (const char *)(uintptr_t)bp->hdr.cmd_line_ptr;
}

static void assert_entered(void)
{
	if (!fw.entered)
		print_error("not entered; console:\n%s\n", fw.con);
	assert_true(fw.entered);
	assert_false(fw.halted);
	assert_true(fw.exited);
	assert_int_equal(fw.calls_after_exit, 0);
	assert_int_equal(fw.bad_alloc_type, 0);
}

static void assert_not_entered(void)
{
	assert_false(fw.entered);
	assert_false(fw.exited);
}

static void test_pe_happy(void **state)
{
	const struct boot_params *bp;
	const struct efi_info_fields *ei;
	const u8 *raw;

	(void)state;
	fake_efi_set_options("ktest foo=bar");
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	bp = fw.bp;
	raw = (const u8 *)bp;
	assert_non_null(fake_efi_alloc_of((uintptr_t)bp, sizeof(*bp)));
	assert_ptr_equal(fw.base, *fake_efi_startup_32);

	/* The command line, below 4 GiB. */
	assert_string_equal(cmdline_of(bp), "ktest foo=bar");
	assert_non_null(fake_efi_alloc_of(bp->hdr.cmd_line_ptr, 14));
	assert_int_equal(bp->ext_cmd_line_ptr, 0);

	/* The setup header, copied from the image; the loader's fields
	 * cleared or set by the stub. */
	assert_int_equal(bp->hdr.header, 0x53726448);
	assert_int_equal(bp->hdr.jump, 0x6aeb);
	assert_int_equal(bp->hdr.version, 0x20f);
	assert_int_equal(bp->hdr.cmdline_size, 2047);
	assert_int_equal(bp->hdr.initrd_addr_max, 0x7fffffff);
	assert_int_equal(bp->hdr.init_size, 0x800000);
	assert_int_equal(bp->hdr.handover_offset, 0x190);
	assert_int_equal(bp->hdr.ramdisk_image, 0);
	assert_int_equal(bp->hdr.ramdisk_size, 0);
	assert_int_equal(bp->hdr.setup_data, 0);
	assert_int_equal(bp->hdr.loadflags, LOADED_HIGH);
	assert_int_equal(bp->hdr.type_of_loader, 0xff);
	assert_int_equal(bp->hdr.code32_start, (uintptr_t)fw.base);
	/* The image itself is left as it was. */
	assert_int_equal(image_hdr()->ramdisk_image, 0x1234000);
	/* The rest of the zero page is zero, not the 0xa5 the fake fills
	 * its pages with. */
	for (size_t i = 0; i < SETUP_HDR_OFFSET; i++) {
		if (i >= 0x1c0 && i < 0x1e9) /* efi_info, e820_entries */
			continue;
		assert_int_equal(raw[i], 0);
	}
	assert_int_equal(bp->acpi_rsdp_addr, 0);

	/* e820 from the fake's map. */
	assert_int_equal(bp->e820_entries, 7);
	assert_int_equal(bp->e820_table[0].addr, 0);
	assert_int_equal(bp->e820_table[0].size, 0x9f000);
	assert_int_equal(bp->e820_table[0].type, E820_TYPE_RAM);
	assert_int_equal(bp->e820_table[1].type, E820_TYPE_RESERVED);
	assert_int_equal(bp->e820_table[2].addr, 0x100000); /* BS data */
	assert_int_equal(bp->e820_table[2].size, 0x100000);
	assert_int_equal(bp->e820_table[2].type, E820_TYPE_RAM);
	assert_int_equal(bp->e820_table[3].addr, 0x200000); /* RT code */
	assert_int_equal(bp->e820_table[3].type, E820_TYPE_RESERVED);
	assert_int_equal(bp->e820_table[4].addr, 0x210000); /* ACPI */
	assert_int_equal(bp->e820_table[4].size, 0x10000);
	assert_int_equal(bp->e820_table[4].type, E820_TYPE_ACPI);
	assert_int_equal(bp->e820_table[5].size, 0x1000000);
	assert_int_equal(bp->e820_table[5].type, E820_TYPE_RAM);
	assert_int_equal(bp->e820_table[6].type, E820_TYPE_NVS);

	/* efi_info: the system table and the map the stub fetched last. */
	ei = (const struct efi_info_fields *)bp->efi_info;
	assert_memory_equal(&ei->loader_signature, "EL64", 4);
	assert_int_equal((u64)ei->systab_hi << 32 | ei->systab,
			 (uintptr_t)&fw.st);
	assert_int_equal(ei->memdesc_size, 48);
	assert_int_equal(ei->memdesc_version, 1);
	assert_int_equal(ei->memmap_size, fw.map_size);
	assert_non_null(fake_efi_alloc_of((u64)ei->memmap_hi << 32 | ei->memmap,
					  fw.map_size));
	assert_memory_equal(
		(void *)(uintptr_t)((u64)ei->memmap_hi << 32 | ei->memmap),
		fw.map, fw.map_size);

	/* One size query, one map, one ExitBootServices() with its key. */
	assert_int_equal(fw.gmm_calls, 2);
	assert_int_equal(fw.ebs_calls, 1);
	assert_int_equal(fw.ebs_keys[0], fw.key);
	/* No initrd offered: the stub looked for one, found none. */
	assert_int_equal(fw.locate_dp_calls, 1);
	assert_int_equal(fw.lf2_calls, 0);
}

/* Only printable ASCII survives; the line ends at the first NUL or at
 * cmdline_size characters. */
static void test_pe_cmdline_cut(void **state)
{
	(void)state;
	image_hdr_w()->cmdline_size = 8;
	fake_efi_set_options("console=ttyS0 quiet");
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_string_equal(cmdline_of(fw.bp), "console=");
	assert_non_null(strstr(fw.con, "command line longer than 8"));
}

static void test_pe_cmdline_nonascii(void **state)
{
	static const efi_char16_t opt[] = {'a', 0xe9, '\t', 'b', 0, 'c'};

	(void)state;
	fw.load_options = opt;
	fw.load_options_size = sizeof(opt);
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_string_equal(cmdline_of(fw.bp), "a  b");
}

/* The header ends where the jump at 0x200 lands: fields after it are the
 * image's code, not the header, and stay zero. */
static void test_pe_short_header(void **state)
{
	(void)state;
	image_hdr_w()->jump =
		0x62eb; /* ends at 0x264, before handover_offset */
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.bp->hdr.init_size, 0x800000);
	assert_int_equal(fw.bp->hdr.handover_offset, 0);
}

static void test_pe_init_size_past_4g(void **state)
{
	(void)state;
	image_hdr_w()->init_size = 0xffff0000;
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "init_size 0xffff0000 runs past 4 GiB"));
}

static void test_ebs_stale_key_once(void **state)
{
	(void)state;
	fw.ebs_stale = 1;
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.ebs_calls, 2);
	assert_int_equal(fw.gmm_calls, 3); /* size query, map, map again */
	assert_int_not_equal(fw.ebs_keys[0], fw.ebs_keys[1]);
	assert_int_equal(fw.ebs_keys[1], fw.key);
}

static void test_ebs_stale_key_twice(void **state)
{
	(void)state;
	fw.ebs_stale = 2;
	assert_int_equal(fake_efi_run_pe(), EFI_INVALID_PARAMETER);
	assert_not_entered();
	assert_int_equal(fw.ebs_calls, 2);
	assert_non_null(strstr(fw.con, "ExitBootServices: status "
				       "0x8000000000000002 after 2 tries"));
}

/* The map after a stale key cannot be had: that status, not a word about
 * ExitBootServices(), and no second try. */
static void test_ebs_stale_then_no_map(void **state)
{
	(void)state;
	fw.ebs_stale = 1;
	fw.gmm_fail_at = 2;
	assert_int_equal(fake_efi_run_pe(), EFI_UNSUPPORTED);
	assert_not_entered();
	assert_int_equal(fw.ebs_calls, 1);
	assert_non_null(strstr(fw.con, "GetMemoryMap into "));
	assert_non_null(strstr(fw.con, "status 0x8000000000000003"));
	assert_null(strstr(fw.con, "ExitBootServices"));
}

static void test_ebs_other_error(void **state)
{
	(void)state;
	fw.ebs_status = EFI_LOAD_ERROR;
	assert_int_equal(fake_efi_run_pe(), EFI_LOAD_ERROR);
	assert_not_entered();
	assert_int_equal(fw.ebs_calls, 1); /* only a stale key is retried */
	assert_non_null(strstr(fw.con, "ExitBootServices: status "
				       "0x8000000000000001 after 1 try"));
}

static u8 *pattern(u64 size, u8 seed)
{
	u8 *p = fake_efi_low(size);

	for (u64 i = 0; i < size; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
	return p;
}

static void test_initrd_lf2(void **state)
{
	const struct boot_params *bp;

	(void)state;
	fw.lf2 = true;
	fw.lf2_size = 12345;
	fw.lf2_data = pattern(fw.lf2_size, 3);
	fake_efi_add_file("\\a.cpio", pattern(100, 1), 100);
	fake_efi_set_options("initrd=/a.cpio");
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	bp = fw.bp;
	assert_true(fw.dp_ok);
	assert_true(fw.lf2_dp_is_end);
	assert_int_equal(fw.lf2_calls, 2);
	assert_int_equal(bp->hdr.ramdisk_size, 12345);
	assert_int_equal(bp->ext_ramdisk_size, 0);
	assert_int_equal(bp->ext_ramdisk_image, 0);
	assert_non_null(fake_efi_alloc_of(bp->hdr.ramdisk_image, 12345));
	assert_memory_equal((void *)(uintptr_t)bp->hdr.ramdisk_image,
			    fw.lf2_data, 12345);
	/* LoadFile2 wins: initrd= is not read. */
	assert_int_equal(fw.nr_opened, 0);
}

static void test_initrd_lf2_no_size(void **state)
{
	(void)state;
	fw.lf2 = true;
	fw.lf2_size = 0;
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "LoadFile2 size query"));
	assert_non_null(strstr(fw.con, "failed to load the initrd"));
}

/* A size no memory below initrd_addr_max can hold (near 2^64 it would
 * also wrap the page count) fails the boot, naming it. */
static void test_initrd_lf2_huge(void **state)
{
	(void)state;
	fw.lf2 = true;
	fw.lf2_size = ~0ULL;
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "LoadFile2 says 18446744073709551615 "
				       "bytes, more than initrd_addr_max"));
	assert_int_equal(fw.lf2_calls, 1);
}

static void test_initrd_files(void **state)
{
	const struct boot_params *bp;
	const u8 *a = pattern(5000, 1), *b = pattern(7000, 2);
	const u8 *got;

	(void)state;
	fake_efi_add_file("\\a.cpio", a, 5000);
	fake_efi_add_file("\\b.cpio", b, 7000);
	fake_efi_set_options("quiet initrd=/a.cpio rw initrd=\\b.cpio");
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	bp = fw.bp;
	assert_false(fw.opened_non_ascii);
	/* Each opened twice: for its size, then to read it. */
	assert_int_equal(fw.nr_opened, 4);
	assert_string_equal(fw.opened[0], "\\a.cpio");
	assert_string_equal(fw.opened[1], "\\b.cpio");
	assert_string_equal(fw.opened[2], "\\a.cpio");
	assert_string_equal(fw.opened[3], "\\b.cpio");
	assert_int_equal(fw.open_files, 0);
	assert_int_equal(bp->hdr.ramdisk_size, 12000);
	assert_non_null(fake_efi_alloc_of(bp->hdr.ramdisk_image, 12000));
	got = (const u8 *)(uintptr_t)bp->hdr.ramdisk_image;
	assert_memory_equal(got, a, 5000);
	assert_memory_equal(got + 5000, b, 7000);
	assert_string_equal(cmdline_of(bp),
			    "quiet initrd=/a.cpio rw initrd=\\b.cpio");
}

static void test_initrd_file_missing(void **state)
{
	(void)state;
	fake_efi_add_file("\\a.cpio", pattern(10, 1), 10);
	fake_efi_set_options("initrd=/a.cpio initrd=/sub/missing.img");
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_string_equal(fw.opened[1], "\\sub\\missing.img");
	assert_non_null(strstr(fw.con, "initrd=\\sub\\missing.img: cannot "
				       "open it: status 0x800000000000000e"));
	assert_non_null(strstr(fw.con, "failed to load the initrd"));
	/* The volume and the first file are closed again. */
	assert_int_equal(fw.open_files, 0);
}

/* A name as long as an initrd= path may be: GetInfo() returns it too. */
static void test_initrd_file_long_name(void **state)
{
	char name[256], opt[300];

	(void)state;
	name[0] = '\\';
	memset(name + 1, 'n', 200);
	name[201] = 0;
	fake_efi_add_file(name, pattern(64, 5), 64);
	snprintf(opt, sizeof(opt), "initrd=%s", name);
	fake_efi_set_options(opt);
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.bp->hdr.ramdisk_size, 64);
	assert_int_equal(fw.open_files, 0);
}

/* More than initrd_addr_max bytes of files: refused before allocating. */
static void test_initrd_files_too_big(void **state)
{
	(void)state;
	image_hdr_w()->initrd_addr_max = 0x3000;
	fake_efi_add_file("\\a", pattern(0x2000, 1), 0x2000);
	fake_efi_add_file("\\b", pattern(0x2000, 2), 0x2000);
	fake_efi_set_options("initrd=/a initrd=/b");
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(
		fw.con, "initrd= files add up to more than 0x3000 bytes"));
	assert_int_equal(fw.open_files, 0);
}

/* Eight initrd= words are read, the ninth is named as ignored. */
static void test_initrd_nine_words(void **state)
{
	char opt[256] = "";

	(void)state;
	fake_efi_add_file("\\a", pattern(10, 1), 10);
	for (int i = 0; i < 9; i++)
		strcat(opt, "initrd=/a ");
	fake_efi_set_options(opt);
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.bp->hdr.ramdisk_size, 80);
	assert_non_null(strstr(fw.con, "more than 8 initrd= words"));
	assert_int_equal(fw.open_files, 0);
}

static void test_initrd_no_file_system(void **state)
{
	(void)state;
	fake_efi_set_options("initrd=/a.cpio");
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "has no file system"));
}

static void gop_mode(u32 format)
{
	fw.gop = true;
	fw.gop_info.width = 1024;
	fw.gop_info.height = 768;
	fw.gop_info.pixel_format = format;
	fw.gop_info.pixels_per_scan_line = 1024;
	fw.gop_mode.frame_buffer_base = 0x80000000;
	fw.gop_mode.frame_buffer_size = 1024 * 768 * 4;
}

static u32 si32(const u8 *si, size_t off)
{
	u32 v;

	memcpy(&v, si + off, sizeof(v));
	return v;
}

static u16 si16(const u8 *si, size_t off)
{
	u16 v;

	memcpy(&v, si + off, sizeof(v));
	return v;
}

static void test_gop_bgr(void **state)
{
	const u8 *si;

	(void)state;
	gop_mode(EFI_PIXEL_BGR_RESERVED_8BIT);
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	si = fw.bp->screen_info;
	assert_int_equal(si[0x0f], 0x70);
	assert_int_equal(si16(si, 0x12), 1024);
	assert_int_equal(si16(si, 0x14), 768);
	assert_int_equal(si16(si, 0x16), 32);
	assert_int_equal(si16(si, 0x24), 4096);
	assert_int_equal(si32(si, 0x18), 0x80000000);
	assert_int_equal(si32(si, 0x1c), 1024 * 768 * 4);
	assert_int_equal(si32(si, 0x3a), 0);
	assert_int_equal(si32(si, 0x36), 0);
	/* red 8@16, green 8@8, blue 8@0, reserved 8@24 */
	assert_int_equal(si[0x26], 8);
	assert_int_equal(si[0x27], 16);
	assert_int_equal(si[0x28], 8);
	assert_int_equal(si[0x29], 8);
	assert_int_equal(si[0x2a], 8);
	assert_int_equal(si[0x2b], 0);
	assert_int_equal(si[0x2c], 8);
	assert_int_equal(si[0x2d], 24);
}

static void test_gop_bitmask_high(void **state)
{
	const u8 *si;

	(void)state;
	gop_mode(EFI_PIXEL_BIT_MASK);
	fw.gop_info.red_mask = 0xf800;
	fw.gop_info.green_mask = 0x07e0;
	fw.gop_info.blue_mask = 0x001f;
	fw.gop_mode.frame_buffer_base = 0x4000000000ULL;
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	si = fw.bp->screen_info;
	assert_int_equal(si32(si, 0x18), 0);
	assert_int_equal(si32(si, 0x3a), 0x40);
	assert_int_equal(si32(si, 0x36), 2); /* VIDEO_CAPABILITY_64BIT_BASE */
	/* 5:6:5 is 16 bits a pixel, two bytes. */
	assert_int_equal(si16(si, 0x16), 16);
	assert_int_equal(si16(si, 0x24), 2048);
	assert_int_equal(si[0x26], 5);
	assert_int_equal(si[0x27], 11);
	assert_int_equal(si[0x28], 6);
	assert_int_equal(si[0x29], 5);
	assert_int_equal(si[0x2a], 5);
	assert_int_equal(si[0x2b], 0);
	assert_int_equal(si[0x2c], 0);
}

static void test_gop_blt_only(void **state)
{
	static const u8 zero[0x40];

	(void)state;
	gop_mode(EFI_PIXEL_BLT_ONLY);
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_memory_equal(fw.bp->screen_info, zero, sizeof(zero));
}

static void test_rsdp_20_wins(void **state)
{
	(void)state;
	fw.tables[0].guid = EFI_ACPI_10_TABLE_GUID;
	fw.tables[0].table = (void *)0xf0000;
	fw.tables[1].guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	fw.tables[1].table = (void *)0x1111000;
	fw.tables[2].guid = EFI_ACPI_20_TABLE_GUID;
	fw.tables[2].table = (void *)0x7fb7e014;
	fw.st.nr_tables = 3;
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.bp->acpi_rsdp_addr, 0x7fb7e014);
}

static void test_rsdp_10_only(void **state)
{
	(void)state;
	fw.tables[0].guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	fw.tables[0].table = (void *)0x1111000;
	fw.tables[1].guid = EFI_ACPI_10_TABLE_GUID;
	fw.tables[1].table = (void *)0xf0000;
	fw.st.nr_tables = 2;
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.bp->acpi_rsdp_addr, 0xf0000);
}

static struct boot_params *loader_bp(void)
{
	struct boot_params *bp = fake_efi_low(sizeof(*bp));
	char *line = fake_efi_low(64);

	memset(bp, 0, sizeof(*bp));
	memcpy(&bp->hdr, fw.image + SETUP_HDR_OFFSET, sizeof(bp->hdr));
	strcpy(line, "root=/dev/vda initrd=/a.cpio");
	bp->hdr.cmd_line_ptr = (u32)(uintptr_t)line;
	bp->hdr.type_of_loader = 0;
	bp->hdr.ramdisk_image = 0x3000000;
	bp->hdr.ramdisk_size = 0x200000;
	return bp;
}

static void test_handover_keeps_loader_fields(void **state)
{
	struct boot_params *bp;
	const struct efi_info_fields *ei;
	u32 line;

	(void)state;
	bp = loader_bp();
	line = bp->hdr.cmd_line_ptr;
	fw.lf2 = true;
	fw.lf2_size = 100;
	fw.lf2_data = pattern(100, 1);
	fake_efi_add_file("\\a.cpio", pattern(10, 1), 10);
	fake_efi_run_handover(bp);
	assert_entered();
	assert_ptr_equal(fw.bp, bp);
	assert_int_equal(bp->hdr.cmd_line_ptr, line);
	assert_string_equal(cmdline_of(bp), "root=/dev/vda initrd=/a.cpio");
	assert_int_equal(bp->hdr.ramdisk_image, 0x3000000);
	assert_int_equal(bp->hdr.ramdisk_size, 0x200000);
	assert_int_equal(fw.locate_dp_calls, 0);
	assert_int_equal(fw.lf2_calls, 0);
	assert_int_equal(fw.nr_opened, 0);
	assert_int_equal(bp->e820_entries, 7);
	assert_int_equal(bp->e820_table[4].type, E820_TYPE_ACPI);
	ei = (const struct efi_info_fields *)bp->efi_info;
	assert_memory_equal(&ei->loader_signature, "EL64", 4);
	assert_int_equal(ei->systab, (u32)(uintptr_t)&fw.st);
	assert_int_equal(bp->hdr.code32_start, (uintptr_t)fw.base);
	assert_non_null(strstr(fw.con, "EFI handover protocol"));
	assert_int_equal(bp->hdr.type_of_loader, 0xff); /* loader left 0 */
}

/* A loader that names itself keeps its ID (GRUB 2.06: 0x72). */
static void test_handover_keeps_loader_type(void **state)
{
	struct boot_params *bp;

	(void)state;
	bp = loader_bp();
	bp->hdr.type_of_loader = 0x72;
	fake_efi_run_handover(bp);
	assert_entered();
	assert_int_equal(bp->hdr.type_of_loader, 0x72);
}

/* Handover without an initrd: the stub loads one as the PE entry does. */
static void test_handover_loads_initrd(void **state)
{
	struct boot_params *bp;

	(void)state;
	bp = loader_bp();
	bp->hdr.ramdisk_image = 0;
	bp->hdr.ramdisk_size = 0;
	fake_efi_add_file("\\a.cpio", pattern(300, 9), 300);
	fake_efi_run_handover(bp);
	assert_entered();
	assert_int_equal(bp->hdr.ramdisk_size, 300);
	assert_memory_equal((void *)(uintptr_t)bp->hdr.ramdisk_image,
			    fw.files[0].data, 300);
}

static void test_handover_no_loaded_image(void **state)
{
	(void)state;
	fw.no_loaded_image = true;
	fake_efi_run_handover(loader_bp());
	assert_true(fw.halted);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "no EFI_LOADED_IMAGE_PROTOCOL"));
	assert_non_null(strstr(fw.con, "cannot boot; halting"));
}

static void test_handover_ebs_fails_halts(void **state)
{
	(void)state;
	fw.ebs_stale = 2;
	fake_efi_run_handover(loader_bp());
	assert_true(fw.halted);
	assert_not_entered();
}

static void test_pe_no_loaded_image(void **state)
{
	(void)state;
	fw.no_loaded_image = true;
	assert_int_equal(fake_efi_run_pe(), EFI_LOAD_ERROR);
	assert_not_entered();
	assert_false(fw.halted);
}

/* 200 entries: 128 in the zero page, the rest in a SETUP_E820_EXT node
 * below 4 GiB, in order. */
static void test_map_e820_ext(void **state)
{
	static struct efi_memory_desc d[200];
	const struct setup_data *ext;
	const struct boot_e820_entry *more;

	(void)state;
	for (int i = 0; i < 200; i++) {
		d[i].type = i % 2 ? EFI_RESERVED_TYPE : EFI_CONVENTIONAL_MEMORY;
		d[i].phys_addr = 0x100000 + (u64)i * 0x10000;
		d[i].num_pages = 16;
	}
	fake_efi_set_map(d, 200, 48);
	assert_int_equal(fake_efi_run_pe(), 0);
	assert_entered();
	assert_int_equal(fw.bp->e820_entries, 128);
	assert_int_equal(fw.bp->e820_table[127].addr, 0x100000 + 127 * 0x10000);
	assert_int_not_equal(fw.bp->hdr.setup_data, 0);
	assert_true(fw.bp->hdr.setup_data < 0x100000000ULL);
	ext = (const struct setup_data *)(uintptr_t)fw.bp->hdr.setup_data;
	assert_int_equal(ext->type, SETUP_E820_EXT);
	assert_int_equal(ext->len, 72 * sizeof(struct boot_e820_entry));
	assert_int_equal(ext->next, 0); /* the image's stale one is gone */
	assert_non_null(
		fake_efi_alloc_of((uintptr_t)ext, sizeof(*ext) + ext->len));
	more = (const struct boot_e820_entry *)ext->data;
	for (int i = 0; i < 72; i++) {
		assert_int_equal(more[i].addr,
				 0x100000 + (u64)(128 + i) * 0x10000);
		assert_int_equal(more[i].size, 0x10000);
		assert_int_equal(more[i].type,
				 i % 2 ? E820_TYPE_RESERVED : E820_TYPE_RAM);
	}
}

static void test_map_overlap(void **state)
{
	static const struct efi_memory_desc d[] = {
		{EFI_CONVENTIONAL_MEMORY, 0, 0x100000, 0, 0x100, 0xf},
		{EFI_BOOT_SERVICES_DATA, 0, 0x1ff000, 0, 0x10, 0xf},
	};

	(void)state;
	fake_efi_set_map(d, 2, 48);
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_int_equal(fw.ebs_calls, 0);
	assert_non_null(strstr(fw.con, "descriptors 0 [0x100000-0x1fffff]"));
	assert_non_null(strstr(fw.con, "the UEFI memory map cannot be used"));
}

static void test_map_desc_size_small(void **state)
{
	static const struct efi_memory_desc d[] = {
		{EFI_CONVENTIONAL_MEMORY, 0, 0x100000, 0, 0x100, 0xf},
	};

	(void)state;
	fake_efi_set_map(d, 1, 32);
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "descriptor size 32 is smaller"));
}

static void test_map_size_query_fails(void **state)
{
	(void)state;
	fw.desc_size = 0;
	assert_int_not_equal(fake_efi_run_pe(), 0);
	assert_not_entered();
	assert_non_null(strstr(fw.con, "GetMemoryMap size query"));
}

static void test_alloc_fails(void **state)
{
	(void)state;
	for (int n = 0; n < 3; n++) { /* zero page, command line, map */
		fake_efi_reset();
		fw.alloc_fail_at = n;
		assert_int_equal(fake_efi_run_pe(), EFI_OUT_OF_RESOURCES);
		assert_not_entered();
		assert_non_null(strstr(fw.con, "cannot allocate"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pe_happy, reset),
		cmocka_unit_test_setup(test_pe_cmdline_cut, reset),
		cmocka_unit_test_setup(test_pe_cmdline_nonascii, reset),
		cmocka_unit_test_setup(test_pe_short_header, reset),
		cmocka_unit_test_setup(test_pe_init_size_past_4g, reset),
		cmocka_unit_test_setup(test_pe_no_loaded_image, reset),
		cmocka_unit_test_setup(test_ebs_stale_key_once, reset),
		cmocka_unit_test_setup(test_ebs_stale_key_twice, reset),
		cmocka_unit_test_setup(test_ebs_stale_then_no_map, reset),
		cmocka_unit_test_setup(test_ebs_other_error, reset),
		cmocka_unit_test_setup(test_initrd_lf2, reset),
		cmocka_unit_test_setup(test_initrd_lf2_no_size, reset),
		cmocka_unit_test_setup(test_initrd_lf2_huge, reset),
		cmocka_unit_test_setup(test_initrd_files, reset),
		cmocka_unit_test_setup(test_initrd_file_missing, reset),
		cmocka_unit_test_setup(test_initrd_file_long_name, reset),
		cmocka_unit_test_setup(test_initrd_files_too_big, reset),
		cmocka_unit_test_setup(test_initrd_nine_words, reset),
		cmocka_unit_test_setup(test_initrd_no_file_system, reset),
		cmocka_unit_test_setup(test_gop_bgr, reset),
		cmocka_unit_test_setup(test_gop_bitmask_high, reset),
		cmocka_unit_test_setup(test_gop_blt_only, reset),
		cmocka_unit_test_setup(test_rsdp_20_wins, reset),
		cmocka_unit_test_setup(test_rsdp_10_only, reset),
		cmocka_unit_test_setup(test_handover_keeps_loader_fields,
				       reset),
		cmocka_unit_test_setup(test_handover_keeps_loader_type, reset),
		cmocka_unit_test_setup(test_handover_loads_initrd, reset),
		cmocka_unit_test_setup(test_handover_no_loaded_image, reset),
		cmocka_unit_test_setup(test_handover_ebs_fails_halts, reset),
		cmocka_unit_test_setup(test_map_e820_ext, reset),
		cmocka_unit_test_setup(test_map_overlap, reset),
		cmocka_unit_test_setup(test_map_desc_size_small, reset),
		cmocka_unit_test_setup(test_map_size_query_fails, reset),
		cmocka_unit_test_setup(test_alloc_fails, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
