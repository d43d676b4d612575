// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/efi_runtime.c: boot_params.efi_info decoded and
 * refused with named values; runtime regions placed top-down in the EFI
 * region as Linux's efi_map_region() places them; the system table and
 * runtime services headers checked; GetTime's dates checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/efi_runtime.h"
#include "kernel/lib/inflate.h"

#define STRIDE 48
#define MAX_DESCS 16

static uint8_t raw[32];
static uint8_t map[MAX_DESCS * STRIDE];
static unsigned int nr_descs;
static struct efi_rt_region regions[MAX_DESCS];
static uint32_t nr_regions;

static void put32(unsigned int off, uint32_t v)
{
	memcpy(raw + off, &v, 4);
}

/* An efi_info as GRUB or an EFI stub fills it. */
static void set_info(uint32_t sig, uint64_t systab, uint64_t memmap,
		     uint32_t size, uint32_t desc_size, uint32_t version)
{
	put32(0x00, sig);
	put32(0x04, (uint32_t)systab);
	put32(0x08, desc_size);
	put32(0x0c, version);
	put32(0x10, (uint32_t)memmap);
	put32(0x14, size);
	put32(0x18, (uint32_t)(systab >> 32));
	put32(0x1c, (uint32_t)(memmap >> 32));
}

static void add(uint32_t type, uint64_t addr, uint64_t pages, uint64_t attr)
{
	struct efi_memory_desc d = {.type = type,
				    .phys_addr = addr,
				    .num_pages = pages,
				    .attribute = attr};

	memset(map + nr_descs * STRIDE, 0xee, STRIDE);
	memcpy(map + nr_descs * STRIDE, &d, sizeof(d));
	nr_descs++;
}

static int setup(void **state)
{
	(void)state;
	memset(raw, 0, sizeof(raw));
	memset(map, 0, sizeof(map));
	memset(regions, 0, sizeof(regions));
	nr_descs = 0;
	nr_regions = 999;
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	return 0;
}

static void test_info_good(void **state)
{
	struct efi_boot_info b;

	(void)state;
	set_info(EFI_LOADER_SIGNATURE_64, 0x1bf5e018, 0x13e2c3018, 48 * 100, 48,
		 1);
	assert_int_equal(efi_info_parse(raw, &b), EFI_RT_OK);
	assert_int_equal(b.systab, 0x1bf5e018);
	assert_int_equal(b.memmap, 0x13e2c3018ULL);
	assert_int_equal(b.memmap_size, 4800);
	assert_int_equal(b.desc_size, 48);
	assert_int_equal(b.desc_version, 1);
	assert_int_equal(log_capture_count(), 0);
}

static void test_info_not_efi(void **state)
{
	struct efi_boot_info b = {.signature = 7};

	(void)state;
	assert_int_equal(efi_info_parse(raw, &b), EFI_RT_NOT_EFI);
	assert_int_equal(b.signature, 7); /* untouched */
	assert_int_equal(log_capture_count(), 0);
}

static void expect_info(int err, const char *text)
{
	struct efi_boot_info b = {.signature = 7};

	assert_int_equal(efi_info_parse(raw, &b), err);
	assert_int_equal(b.signature, 7);
	assert_true(log_capture_contains(text));
}

static void test_info_bad(void **state)
{
	(void)state;
	set_info(EFI_LOADER_SIGNATURE_32, 0x1000, 0x2000, 96, 48, 1);
	expect_info(EFI_RT_E_EL32, "\"EL32\": a 32-bit firmware");
	set_info(EFI_LOADER_SIGNATURE_64, 0, 0x2000, 96, 48, 1);
	expect_info(EFI_RT_E_NO_SYSTAB, "system table address is 0");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0, 96, 48, 1);
	expect_info(EFI_RT_E_NO_MEMMAP, "memory map address is 0 (96 bytes)");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0xfffffffffffff000ULL, 0x2000,
		 48, 1);
	expect_info(EFI_RT_E_MEMMAP_WRAPS,
		    "memory map at 0xfffffffffffff000 (8192 bytes) wraps");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0x2000, 0x10000, 0x8000, 1);
	expect_info(EFI_RT_E_DESC_SIZE_MAX, "descriptor size 32768 is above");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0x2000, 96, 24, 1);
	expect_info(EFI_RT_E_MEMMAP, "descriptor size 24 is smaller");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0x2000, 100, 48, 1);
	expect_info(EFI_RT_E_MEMMAP, "memory map of 100 bytes is not a whole "
				     "number of 48-byte descriptors");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0x2000, 0, 48, 1);
	expect_info(EFI_RT_E_MEMMAP, "no descriptors");
	set_info(EFI_LOADER_SIGNATURE_64, 0x1000, 0x2000, 96, 48, 2);
	expect_info(EFI_RT_E_MEMMAP, "version 2 is not 1");
}

static int plan(void)
{
	return efi_rt_plan(map, nr_descs * STRIDE, STRIDE, regions, MAX_DESCS,
			   &nr_regions);
}

/* OVMF-like: runtime code and data at 4 KiB offsets, one 2 MiB aligned,
 * a runtime MMIO flash region; the rest is skipped. */
static void test_plan_topdown(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700, EFI_MEMORY_WB);
	add(EFI_RUNTIME_SERVICES_CODE, 0x1fb6b000, 0x30,
	    EFI_MEMORY_RUNTIME | EFI_MEMORY_WB);
	add(EFI_RUNTIME_SERVICES_DATA, 0x1fb9b000, 0x25,
	    EFI_MEMORY_RUNTIME | EFI_MEMORY_WB);
	add(EFI_RUNTIME_SERVICES_DATA, 0x1fc00000, 0x200,
	    EFI_MEMORY_RUNTIME | EFI_MEMORY_WB);
	add(EFI_MEMORY_MAPPED_IO, 0xffc00000, 0x400,
	    EFI_MEMORY_RUNTIME | EFI_MEMORY_UC);
	assert_int_equal(plan(), EFI_RT_OK);
	assert_int_equal(nr_regions, 4);
	/* -4G - 0x30000 = ...fffd0000; same 2 MiB offset as 0x1fb6b000
	 * (0x16b000) is ...fff16b000 in the 2 MiB page below. */
	assert_int_equal(regions[0].phys, 0x1fb6b000);
	assert_int_equal(regions[0].size, 0x30000);
	assert_int_equal(regions[0].virt, 0xfffffffefff6b000ULL);
	assert_int_equal(regions[0].type, EFI_RUNTIME_SERVICES_CODE);
	/* - 0x25000 = ...eff46000 -> offset 0x19b000 is above: -2 MiB. */
	assert_int_equal(regions[1].virt, 0xfffffffeffd9b000ULL);
	/* 2 MiB aligned: rounded down. */
	assert_int_equal(regions[2].virt, 0xfffffffeffa00000ULL);
	assert_int_equal(regions[3].virt, 0xfffffffeff600000ULL);
	assert_int_equal(regions[3].attribute,
			 EFI_MEMORY_RUNTIME | EFI_MEMORY_UC);
	for (unsigned int i = 0; i < nr_regions; i++) {
		assert_int_equal(regions[i].virt & 0x1fffff,
				 regions[i].phys & 0x1fffff);
		assert_true(regions[i].virt >= EFI_VA_END);
		assert_true(regions[i].virt + regions[i].size <= EFI_VA_START);
		if (i)
			assert_true(regions[i].virt + regions[i].size <=
				    regions[i - 1].virt);
	}
	assert_int_equal(log_capture_count(), 0);
}

static void test_plan_none(void **state)
{
	(void)state;
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700, EFI_MEMORY_WB);
	assert_int_equal(plan(), EFI_RT_OK);
	assert_int_equal(nr_regions, 0);
}

static void test_plan_overflow(void **state)
{
	(void)state;
	add(EFI_RUNTIME_SERVICES_CODE, 0x200000, 0x200, EFI_MEMORY_RUNTIME);
	/* 64 GiB - 1 MiB after 2 MiB: past the bottom once 2 MiB aligned. */
	add(EFI_RESERVED_TYPE, 0x1000000000ULL, (64ULL << 18) - 0x100,
	    EFI_MEMORY_RUNTIME);
	assert_int_equal(plan(), EFI_RT_E_VA_OVERFLOW);
	assert_int_equal(nr_regions, 999);
	assert_true(log_capture_contains(
		"runtime region [0x1000000000-0x1fffefffff] does not fit in "
		"the EFI region [0xffffffef00000000-0xfffffffeffffffff]"));
	/* One region larger than the whole window. */
	setup(NULL);
	add(EFI_RESERVED_TYPE, 0x1000000000ULL, 65ULL << 18,
	    EFI_MEMORY_RUNTIME);
	assert_int_equal(plan(), EFI_RT_E_VA_OVERFLOW);
}

static void test_plan_too_many(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < 3; i++)
		add(EFI_RUNTIME_SERVICES_DATA, 0x100000 + i * 0x1000, 1,
		    EFI_MEMORY_RUNTIME);
	assert_int_equal(efi_rt_plan(map, nr_descs * STRIDE, STRIDE, regions, 2,
				     &nr_regions),
			 EFI_RT_E_TOO_MANY);
	assert_true(log_capture_contains("more than 2 runtime regions"));
	assert_int_equal(nr_regions, 999);
}

static void test_find(void **state)
{
	(void)state;
	add(EFI_RUNTIME_SERVICES_CODE, 0x200000, 2, EFI_MEMORY_RUNTIME);
	add(EFI_RUNTIME_SERVICES_DATA, 0x400000, 1, EFI_MEMORY_RUNTIME);
	assert_int_equal(plan(), EFI_RT_OK);
	assert_ptr_equal(efi_rt_find(regions, 2, 0x200000, 0x2000, false),
			 &regions[0]);
	assert_null(efi_rt_find(regions, 2, 0x201000, 0x1001, false));
	assert_ptr_equal(efi_rt_find(regions, 2, 0x400ff8, 8, false),
			 &regions[1]);
	assert_null(efi_rt_find(regions, 2, 0x3ff000, 8, false));
	assert_null(efi_rt_find(regions, 2, 0x200000, 0, false));
	assert_null(efi_rt_find(regions, 2, ~0ULL, 2, false));
	assert_ptr_equal(efi_rt_find(regions, 2, regions[1].virt + 8, 8, true),
			 &regions[1]);
	assert_null(efi_rt_find(regions, 2, regions[1].phys + 8, 8, true));
}

/* A system table with a good CRC. */
static void make_systab(struct efi_system_table *st)
{
	memset(st, 0, sizeof(*st));
	st->hdr.signature = EFI_SYSTEM_TABLE_SIGNATURE;
	st->hdr.revision = (2 << 16) | 70;
	st->hdr.headersize = sizeof(*st);
	st->runtime = 0x1fb9b018;
	st->hdr.crc32 = gzip_crc32(0, st, sizeof(*st));
}

static void test_systab(void **state)
{
	struct efi_system_table st;

	(void)state;
	make_systab(&st);
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 true, "system table"),
			 EFI_RT_OK);
	assert_int_equal(log_capture_count(), 0);

	st.runtime++; /* the CRC no longer matches */
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 true, "system table"),
			 EFI_RT_E_CRC);
	assert_true(log_capture_contains("system table: CRC32 0x"));
	/* CRC is optional. */
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 false, "system table"),
			 EFI_RT_OK);

	make_systab(&st);
	st.hdr.signature = 0x1122334455667788ULL;
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 false, "system table"),
			 EFI_RT_E_SIGNATURE);
	assert_true(log_capture_contains(
		"efi: system table: signature 0x1122334455667788 is not "
		"0x5453595320494249"));

	make_systab(&st);
	st.hdr.revision = 0x50;
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 false, "system table"),
			 EFI_RT_E_REVISION);
	assert_true(log_capture_contains("revision 0x00000050 has major"));

	make_systab(&st);
	st.hdr.headersize = 100;
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 false, "system table"),
			 EFI_RT_E_HEADER_SIZE);
	assert_true(
		log_capture_contains("header size 100 is outside 120..120"));
	st.hdr.headersize = 0xffffffff;
	assert_int_equal(efi_table_check(&st, sizeof(st),
					 EFI_SYSTEM_TABLE_SIGNATURE, sizeof(st),
					 true, "system table"),
			 EFI_RT_E_HEADER_SIZE);
	assert_int_equal(efi_table_check(&st, 10, EFI_SYSTEM_TABLE_SIGNATURE,
					 sizeof(st), false, "system table"),
			 EFI_RT_E_HEADER_SIZE);
	assert_true(log_capture_contains("10 bytes is less than a table"));
}

static void test_runtime_table(void **state)
{
	struct efi_runtime_services rt;

	(void)state;
	memset(&rt, 0, sizeof(rt));
	rt.hdr.signature = EFI_RUNTIME_SERVICES_SIGNATURE;
	rt.hdr.revision = (1 << 16) | 10;
	rt.hdr.headersize = EFI_RT_MIN_HEADERSIZE; /* EFI 1.10: no capsules */
	assert_int_equal(efi_table_check(&rt, sizeof(rt),
					 EFI_RUNTIME_SERVICES_SIGNATURE,
					 EFI_RT_MIN_HEADERSIZE, false,
					 "runtime services"),
			 EFI_RT_OK);
	rt.hdr.headersize = 64; /* no ResetSystem */
	assert_int_equal(efi_table_check(&rt, sizeof(rt),
					 EFI_RUNTIME_SERVICES_SIGNATURE,
					 EFI_RT_MIN_HEADERSIZE, false,
					 "runtime services"),
			 EFI_RT_E_HEADER_SIZE);
	assert_true(log_capture_contains(
		"runtime services: header size 64 is outside 112..136"));
	rt.hdr.signature = EFI_SYSTEM_TABLE_SIGNATURE;
	assert_int_equal(efi_table_check(&rt, sizeof(rt),
					 EFI_RUNTIME_SERVICES_SIGNATURE,
					 EFI_RT_MIN_HEADERSIZE, false,
					 "runtime services"),
			 EFI_RT_E_SIGNATURE);
}

static void test_time(void **state)
{
	struct efi_time t = {.year = 2026,
			     .month = 12,
			     .day = 6,
			     .hour = 23,
			     .minute = 59,
			     .second = 59,
			     .timezone = EFI_UNSPECIFIED_TIMEZONE};

	(void)state;
	assert_int_equal(efi_time_check(&t), EFI_RT_OK);
	t.month = 2;
	t.day = 29;
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	t.year = 2024;
	assert_int_equal(efi_time_check(&t), EFI_RT_OK);
	t.year = 1900; /* not a leap year */
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	t.year = 2000;
	assert_int_equal(efi_time_check(&t), EFI_RT_OK);
	t.month = 13;
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	t.month = 4;
	t.day = 31;
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	t.day = 30;
	t.second = 60;
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	t.second = 0;
	t.timezone = -1441;
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	t.timezone = 60;
	assert_int_equal(efi_time_check(&t), EFI_RT_OK);
	t.nanosecond = 1000000000;
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
	memset(&t, 0, sizeof(t)); /* a firmware that filled nothing */
	assert_int_equal(efi_time_check(&t), EFI_RT_E_BAD_TIME);
}

static void test_ucs2(void **state)
{
	static const uint16_t edk2[] = {'E', 'D', 'K', ' ', 'I', 'I', 0, 'x'};
	static const uint16_t odd[] = {'a', 0x00e9, 'b'};
	char buf[8];

	(void)state;
	efi_ucs2_to_ascii(edk2, 8, buf, sizeof(buf));
	assert_string_equal(buf, "EDK II");
	efi_ucs2_to_ascii(odd, 3, buf, sizeof(buf)); /* no terminator */
	assert_string_equal(buf, "a?b");
	efi_ucs2_to_ascii(edk2, 8, buf, 4);
	assert_string_equal(buf, "EDK");
}

static void test_config_acpi(void **state)
{
	static const uint8_t acpi20[16] = {0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4,
					   0xd3, 0x11, 0xbc, 0x22, 0x00, 0x80,
					   0xc7, 0x3c, 0x88, 0x81};
	static const uint8_t acpi10[16] = {0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d,
					   0xd3, 0x11, 0x9a, 0x16, 0x00, 0x90,
					   0x27, 0x3f, 0xc1, 0x4d};
	struct efi_config_table c[4];

	(void)state;
	memset(c, 0x5a, sizeof(c)); /* other GUIDs */
	c[0].table = 0x1000;
	c[1].table = 0x2000;
	c[2].table = 0x3000;
	c[3].table = 0x4000;
	assert_int_equal(efi_config_find_acpi(c, 4), 0);
	memcpy(c[1].guid, acpi10, 16);
	assert_int_equal(efi_config_find_acpi(c, 4), 0x2000);
	memcpy(c[3].guid, acpi20, 16); /* 2.0 wins, wherever it is */
	assert_int_equal(efi_config_find_acpi(c, 4), 0x4000);
	assert_int_equal(efi_config_find_acpi(c, 3), 0x2000);
	c[3].table = 0; /* a null pointer is no table */
	assert_int_equal(efi_config_find_acpi(c, 4), 0x2000);
	assert_int_equal(efi_config_find_acpi(c, 0), 0);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(efi_rt_strerror(EFI_RT_E_VA_OVERFLOW),
			    "runtime regions overflow the EFI region");
	assert_string_equal(efi_rt_strerror(EFI_RT_E_COUNT), "unknown error");
	assert_string_equal(efi_rt_strerror(-1), "unknown error");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_info_good),     T(test_info_not_efi),
		T(test_info_bad),      T(test_plan_topdown),
		T(test_plan_none),     T(test_plan_overflow),
		T(test_plan_too_many), T(test_find),
		T(test_systab),	       T(test_runtime_table),
		T(test_time),	       T(test_ucs2),
		T(test_config_acpi),   T(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
