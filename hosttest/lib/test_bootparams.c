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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
