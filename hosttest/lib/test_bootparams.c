// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/bootparams.c: a corrupt zero page is reported
 * with the values that make it bad, and stale fields are dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/errno.h"

/* A zero page as QEMU's -kernel loader leaves it for keel. */
static void good_params(struct boot_params *bp)
{
	memset(bp, 0, sizeof(*bp));
	bp->hdr.header = SETUP_HDR_MAGIC;
	bp->hdr.version = BOOT_PROTOCOL_VERSION;
	bp->hdr.boot_flag = BOOT_FLAG_MAGIC;
	bp->hdr.type_of_loader = 0xb0;
	bp->hdr.loadflags = LOADED_HIGH | CAN_USE_HEAP;
	bp->hdr.cmd_line_ptr = 0x20000;
	bp->hdr.cmdline_size = COMMAND_LINE_SIZE - 1;
	bp->e820_entries = 6;
}

static void test_good(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	log_capture_start();
	assert_int_equal(boot_params_check(&bp), 0);
	assert_int_equal(log_capture_count(), 0);
	log_capture_stop();
}

static void test_bad_magic(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	bp.hdr.header = 0x12345678;
	log_capture_start();
	assert_int_equal(boot_params_check(&bp), BP_BAD_MAGIC);
	assert_true(log_capture_contains("0x12345678"));
	log_capture_stop();
}

static void test_old_version(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	bp.hdr.version = 0x0201;
	log_capture_start();
	assert_int_equal(boot_params_check(&bp), BP_BAD_VERSION);
	assert_true(log_capture_contains("2.01"));
	log_capture_stop();
}

static void test_zero_cmdline_size(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	bp.hdr.cmdline_size = 0;
	log_capture_start();
	assert_int_equal(boot_params_check(&bp), BP_BAD_CMDLINE_SIZE);
	assert_true(log_capture_contains("cmdline_size is 0"));
	/* Before 2.06 there was no such field: nothing to say. */
	bp.hdr.version = 0x0205;
	assert_int_equal(boot_params_check(&bp), 0);
	log_capture_stop();
}

static void test_e820_count(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	bp.e820_entries = 200;
	log_capture_start();
	assert_int_equal(boot_params_check(&bp), BP_BAD_E820_COUNT);
	assert_true(log_capture_contains("e820_entries 200"));
	log_capture_stop();
	bp.e820_entries = E820_MAX_ENTRIES_ZEROPAGE;
	assert_int_equal(boot_params_check(&bp), 0);
}

static void test_no_cmdline(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	bp.hdr.cmd_line_ptr = 0;
	assert_int_equal(boot_params_check(&bp), BP_NO_CMDLINE);
	bp.ext_cmd_line_ptr = 1; /* above 4 GiB */
	assert_int_equal(boot_params_check(&bp), 0);
}

static void test_sentinel(void **state)
{
	struct boot_params bp;

	(void)state;
	good_params(&bp);
	bp.sentinel = 0xff;
	bp.ext_cmd_line_ptr = 0xdead;
	bp.ext_ramdisk_image = 0xbeef;
	bp.ext_ramdisk_size = 0x1000;
	bp.acpi_rsdp_addr = 0xf0000;
	bp.cc_blob_address = 0x1234;
	bp.efi_info[0] = 0x55;
	log_capture_start();
	assert_int_equal(boot_params_check(&bp), BP_STALE_FIELDS);
	assert_true(log_capture_contains("sentinel is 0xff"));
	log_capture_stop();
	assert_int_equal(bp.ext_cmd_line_ptr, 0);
	assert_int_equal(bp.ext_ramdisk_image, 0);
	assert_int_equal(bp.ext_ramdisk_size, 0);
	assert_int_equal(bp.acpi_rsdp_addr, 0);
	assert_int_equal(bp.cc_blob_address, 0);
	assert_int_equal(bp.efi_info[0], 0);
	/* The header itself is kept. */
	assert_int_equal(bp.hdr.cmd_line_ptr, 0x20000);
}

/* The screen_info the EFI stub writes for a 1280x800 BGRX GOP mode at
 * 0xc0000000 (as OVMF with QEMU's VGA gives it). */
static void gop_screen_info(u8 *si)
{
	memset(si, 0, 0x40);
	si[SCREEN_INFO_ISVGA] = VIDEO_TYPE_EFI;
	si[SCREEN_INFO_LFB_WIDTH] = 0x00;
	si[SCREEN_INFO_LFB_WIDTH + 1] = 0x05; /* 1280 */
	si[SCREEN_INFO_LFB_HEIGHT] = 0x20;
	si[SCREEN_INFO_LFB_HEIGHT + 1] = 0x03; /* 800 */
	si[SCREEN_INFO_LFB_DEPTH] = 32;
	si[SCREEN_INFO_LFB_LINELENGTH] = 0x00;
	si[SCREEN_INFO_LFB_LINELENGTH + 1] = 0x14; /* 5120 */
	si[SCREEN_INFO_LFB_BASE + 3] = 0xc0;
	si[SCREEN_INFO_LFB_SIZE + 2] = 0x40; /* 0x400000 >= 5120 * 800 */
	si[SCREEN_INFO_RED_SIZE + 0] = 8;
	si[SCREEN_INFO_RED_SIZE + 1] = 16;
	si[SCREEN_INFO_RED_SIZE + 2] = 8;
	si[SCREEN_INFO_RED_SIZE + 3] = 8;
	si[SCREEN_INFO_RED_SIZE + 4] = 8;
	si[SCREEN_INFO_RED_SIZE + 5] = 0;
	si[SCREEN_INFO_RED_SIZE + 6] = 8;
	si[SCREEN_INFO_RED_SIZE + 7] = 24;
}

static void test_efi_fb(void **state)
{
	u8 si[0x40];
	struct efi_fb fb;

	(void)state;
	gop_screen_info(si);
	assert_int_equal(screen_info_efi_fb(si, &fb), 1);
	assert_int_equal(fb.base, 0xc0000000);
	assert_int_equal(fb.size, 0x400000);
	assert_int_equal(fb.width, 1280);
	assert_int_equal(fb.height, 800);
	assert_int_equal(fb.depth, 32);
	assert_int_equal(fb.linelength, 5120);
	assert_int_equal(fb.size_pos[1], 16); /* red at bit 16: BGRX */
	/* Above 4 GiB only with VIDEO_CAPABILITY_64BIT_BASE. */
	si[SCREEN_INFO_EXT_LFB_BASE] = 0x08;
	assert_int_equal(screen_info_efi_fb(si, &fb), 1);
	assert_int_equal(fb.base, 0xc0000000);
	si[SCREEN_INFO_CAPABILITIES] = VIDEO_CAPABILITY_64BIT_BASE;
	assert_int_equal(screen_info_efi_fb(si, &fb), 1);
	assert_int_equal(fb.base, 0x8c0000000ULL);
	/* Not an EFI framebuffer (VGA text, or no video at all). */
	si[SCREEN_INFO_ISVGA] = 0x22;
	assert_int_equal(screen_info_efi_fb(si, &fb), 0);
	memset(si, 0, sizeof(si));
	assert_int_equal(screen_info_efi_fb(si, &fb), 0);
}

static void test_efi_fb_inconsistent(void **state)
{
	u8 si[0x40];
	struct efi_fb fb = {.width = 7};

	(void)state;
	log_capture_start();
	gop_screen_info(si); /* lines longer than the size holds */
	si[SCREEN_INFO_LFB_SIZE + 2] = 0x3e;
	assert_int_equal(screen_info_efi_fb(si, &fb), -EINVAL);
	assert_true(log_capture_contains("1280x800x32, 5120 bytes a line, "
					 "4063232 bytes at 0xc0000000"));
	gop_screen_info(si); /* a line shorter than 1280 32-bit pixels */
	si[SCREEN_INFO_LFB_LINELENGTH + 1] = 0x13;
	assert_int_equal(screen_info_efi_fb(si, &fb), -EINVAL);
	gop_screen_info(si); /* no width */
	si[SCREEN_INFO_LFB_WIDTH + 1] = 0;
	assert_int_equal(screen_info_efi_fb(si, &fb), -EINVAL);
	gop_screen_info(si); /* reserved bits 24..39 of a 32-bit pixel */
	si[SCREEN_INFO_RED_SIZE + 6] = 16;
	assert_int_equal(screen_info_efi_fb(si, &fb), -EINVAL);
	assert_true(log_capture_contains("colour field 3 (16 bits at bit 24)"));
	gop_screen_info(si); /* a base that wraps past 2^64 */
	si[SCREEN_INFO_CAPABILITIES] = VIDEO_CAPABILITY_64BIT_BASE;
	memset(si + SCREEN_INFO_EXT_LFB_BASE, 0xff, 4);
	memset(si + SCREEN_INFO_LFB_BASE, 0xff, 4);
	assert_int_equal(screen_info_efi_fb(si, &fb), -EINVAL);
	log_capture_stop();
	assert_int_equal(fb.width, 7); /* untouched on refusal */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_old_version),
		cmocka_unit_test(test_zero_cmdline_size),
		cmocka_unit_test(test_e820_count),
		cmocka_unit_test(test_no_cmdline),
		cmocka_unit_test(test_sentinel),
		cmocka_unit_test(test_efi_fb),
		cmocka_unit_test(test_efi_fb_inconsistent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
