// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/pvh.c: a PVH start info as QEMU's loaders build
 * it becomes the zero page keel's normal path takes; every hostile start
 * info gets its own error, a message naming the values, and an all-zero
 * zero page.
 *
 * "Physical memory" is a 64 KiB window at 0x10000; map() grants views
 * inside it and refuses the rest, as the kernel's identity map does past
 * 4 GiB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/pvh.h"
#include "mm/e820.h"
#include "mm/physmap.h"

#define WIN_BASE 0x10000ULL
#define WIN_SIZE 0x10000ULL
#define SI_PA 0x10000ULL
#define MAP_PA 0x11000ULL
#define CMD_PA 0x13000ULL
#define MOD_PA 0x14000ULL
#define EXT_PA 0x7f000000ULL

static _Alignas(16) uint8_t win[WIN_SIZE];
static struct boot_params bp;
static struct pvh_e820_ext ext;

static const void *win_map(void *arg, uint64_t phys, uint64_t len)
{
	(void)arg;
	if (phys < WIN_BASE || len > WIN_SIZE ||
	    phys - WIN_BASE > WIN_SIZE - len)
		return NULL;
	return win + (phys - WIN_BASE);
}

static const struct pvh_mem mem = {.map = win_map};

static struct hvm_start_info *si(void)
{
	return (struct hvm_start_info *)(win + (SI_PA - WIN_BASE));
}

static struct hvm_memmap_table_entry *map(void)
{
	return (struct hvm_memmap_table_entry *)(win + (MAP_PA - WIN_BASE));
}

static struct hvm_modlist_entry *mods(void)
{
	return (struct hvm_modlist_entry *)(win + (MOD_PA - WIN_BASE));
}

static void set_entry(unsigned int i, uint64_t addr, uint64_t size,
		      uint32_t type)
{
	map()[i] = (struct hvm_memmap_table_entry){addr, size, type, 0};
}

/* What QEMU's pvh.bin hands over for 128 MiB, an initrd and a cmdline. */
static int setup(void **state)
{
	(void)state;
	memset(win, 0, sizeof(win));
	memset(&bp, 0xaa, sizeof(bp));
	memset(&ext, 0xaa, sizeof(ext));
	*si() = (struct hvm_start_info){
		.magic = HVM_START_MAGIC_VALUE,
		.version = 1,
		.nr_modules = 1,
		.modlist_paddr = MOD_PA,
		.cmdline_paddr = CMD_PA,
		.rsdp_paddr = 0xf5a40,
		.memmap_paddr = MAP_PA,
		.memmap_entries = 4,
	};
	set_entry(0, 0, 0x9fc00, HVM_MEMMAP_TYPE_RAM);
	set_entry(1, 0x9fc00, 0x400, HVM_MEMMAP_TYPE_RESERVED);
	set_entry(2, 0xf0000, 0x10000, HVM_MEMMAP_TYPE_RESERVED);
	set_entry(3, 0x100000, 0x7f00000, HVM_MEMMAP_TYPE_RAM);
	strcpy((char *)win + (CMD_PA - WIN_BASE), "console=ttyS0 ktest");
	mods()[0] = (struct hvm_modlist_entry){.paddr = 0x7000000,
					       .size = 0x123456};
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	return 0;
}

static int convert(void)
{
	return pvh_to_boot_params(&mem, SI_PA, &bp, &ext, EXT_PA);
}

static void assert_zero_page_clear(void)
{
	static const struct boot_params zero;

	assert_memory_equal(&bp, &zero, sizeof(bp));
}

/* @err, the zero page left clear, and one error line containing @text. */
static void expect_error(int err, const char *text)
{
	assert_int_equal(convert(), err);
	assert_zero_page_clear();
	assert_true(log_capture_contains(text));
	assert_true(log_capture_contains("PVH: "));
}

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(bp.hdr.header, SETUP_HDR_MAGIC);
	assert_int_equal(bp.hdr.boot_flag, BOOT_FLAG_MAGIC);
	assert_int_equal(bp.hdr.version, 0x020c);
	assert_int_equal(bp.hdr.type_of_loader, 0xb0);
	assert_int_equal(bp.hdr.cmdline_size, COMMAND_LINE_SIZE - 1);
	assert_int_equal(bp.hdr.cmd_line_ptr, CMD_PA);
	assert_int_equal(bp.ext_cmd_line_ptr, 0);
	assert_int_equal(bp.hdr.ramdisk_image, 0x7000000);
	assert_int_equal(bp.hdr.ramdisk_size, 0x123456);
	assert_int_equal(bp.acpi_rsdp_addr, 0xf5a40);
	assert_int_equal(bp.hdr.setup_data, 0);
	assert_int_equal(bp.e820_entries, 5);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(bp.e820_table[i].addr, map()[i].addr);
		assert_int_equal(bp.e820_table[i].size, map()[i].size);
		assert_int_equal(bp.e820_table[i].type, map()[i].type);
	}
	/* The ISA hole, as Linux's PVH entry adds it. */
	assert_int_equal(bp.e820_table[4].addr, 0xa0000);
	assert_int_equal(bp.e820_table[4].size, 0x60000);
	assert_int_equal(bp.e820_table[4].type, E820_TYPE_RESERVED);
	/* keel's own zero-page check finds nothing to report. */
	assert_int_equal(boot_params_check(&bp), 0);
}

/* A command line, an initrd and an RSDP above 4 GiB take the ext_ fields. */
static void test_high_pointers(void **state)
{
	(void)state;
	si()->cmdline_paddr = 0;
	si()->rsdp_paddr = 0x123456789aULL;
	set_entry(3, 0x100000, 0x3ff00000, HVM_MEMMAP_TYPE_RAM);
	set_entry(4, 0x100000000ULL, 0x200000000ULL, HVM_MEMMAP_TYPE_RAM);
	si()->memmap_entries = 5;
	mods()[0] = (struct hvm_modlist_entry){.paddr = 0x180000000ULL,
					       .size = 0x100000001ULL};
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.cmd_line_ptr, 0);
	assert_int_equal(bp.ext_cmd_line_ptr, 0);
	assert_int_equal(bp.hdr.ramdisk_image, 0x80000000);
	assert_int_equal(bp.ext_ramdisk_image, 1);
	assert_int_equal(bp.hdr.ramdisk_size, 1);
	assert_int_equal(bp.ext_ramdisk_size, 1);
	assert_int_equal(bp.acpi_rsdp_addr, 0x123456789aULL);
	/* Without a command line the check says so, and only that. */
	assert_int_equal(boot_params_check(&bp), BP_NO_CMDLINE);
}

/* An initrd spanning two adjacent RAM entries is inside RAM. */
static void test_initrd_spans_entries(void **state)
{
	(void)state;
	set_entry(3, 0x100000, 0x3f00000, HVM_MEMMAP_TYPE_RAM);
	set_entry(4, 0x4000000, 0x4000000, HVM_MEMMAP_TYPE_RAM);
	si()->memmap_entries = 5;
	mods()[0] = (struct hvm_modlist_entry){.paddr = 0x3f00000,
					       .size = 0x200000};
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.ramdisk_image, 0x3f00000);
}

static void test_no_modules(void **state)
{
	(void)state;
	si()->nr_modules = 0;
	si()->modlist_paddr = 0xdeadbeef; /* not read */
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.ramdisk_image, 0);
	assert_int_equal(bp.hdr.ramdisk_size, 0);
}

static void test_empty_module(void **state)
{
	(void)state;
	mods()[0] = (struct hvm_modlist_entry){.paddr = 0xfffffffffffff000ULL,
					       .size = 0};
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.ramdisk_image, 0);
	assert_int_equal(bp.ext_ramdisk_image, 0);
}

static void test_extra_modules_ignored(void **state)
{
	(void)state;
	si()->nr_modules = 3;
	mods()[1] = (struct hvm_modlist_entry){.paddr = 1, .size = ~0ULL};
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.ramdisk_image, 0x7000000);
	assert_true(log_capture_contains("3 modules: the first is the initrd, "
					 "the other 2 are ignored"));
}

static void test_version_2_accepted(void **state)
{
	(void)state;
	si()->version = 2;
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.e820_entries, 5);
}

/* The loader's structures at odd addresses: read without alignment
 * assumptions (UBSan checks every access here). */
static void test_unaligned(void **state)
{
	struct hvm_start_info copy = *si();
	uint8_t entries[4 * 24];
	uint64_t si_pa = SI_PA + 0x801, map_pa = MAP_PA + 0x803,
		 mod_pa = MOD_PA + 0x805;

	(void)state;
	memcpy(entries, map(), sizeof(entries));
	memcpy(win + (map_pa - WIN_BASE), entries, sizeof(entries));
	memcpy(win + (mod_pa - WIN_BASE), mods(), sizeof(*mods()));
	copy.memmap_paddr = map_pa;
	copy.modlist_paddr = mod_pa;
	memcpy(win + (si_pa - WIN_BASE), &copy, sizeof(copy));
	assert_int_equal(pvh_to_boot_params(&mem, si_pa, &bp, &ext, EXT_PA),
			 PVH_OK);
	assert_int_equal(bp.e820_entries, 5);
	assert_int_equal(bp.e820_table[3].size, 0x7f00000);
	assert_int_equal(bp.hdr.ramdisk_size, 0x123456);
}

static void test_bad_magic(void **state)
{
	(void)state;
	si()->magic = 0x1badb002;
	expect_error(PVH_E_BAD_MAGIC, "magic 0x1badb002 is not 0x336ec578");
}

static void test_version_0(void **state)
{
	(void)state;
	si()->version = 0;
	expect_error(PVH_E_NO_MEMMAP_VERSION,
		     "version 0 carries no memory map");
}

static void test_start_info_outside(void **state)
{
	(void)state;
	assert_int_equal(pvh_to_boot_params(&mem, 0x1000, &bp, &ext, EXT_PA),
			 PVH_E_START_INFO_UNREADABLE);
	assert_zero_page_clear();
	assert_true(log_capture_contains("start info at 0x1000 (40 bytes) is "
					 "unreadable"));
}

/* Version 0's part readable, version 1's end past memory. */
static void test_start_info_cut(void **state)
{
	uint64_t pa = WIN_BASE + WIN_SIZE - HVM_START_INFO_V0_SIZE;
	uint32_t head[2] = {HVM_START_MAGIC_VALUE, 1};

	(void)state;
	memcpy(win + (pa - WIN_BASE), head, sizeof(head));
	assert_int_equal(pvh_to_boot_params(&mem, pa, &bp, &ext, EXT_PA),
			 PVH_E_START_INFO_UNREADABLE);
	assert_zero_page_clear();
	assert_true(
		log_capture_contains("(version 1, 56 bytes) is unreadable"));
}

static void test_start_info_wraps(void **state)
{
	(void)state;
	assert_int_equal(pvh_to_boot_params(&mem, ~0ULL - 8, &bp, &ext, EXT_PA),
			 PVH_E_START_INFO_UNREADABLE);
	assert_zero_page_clear();
}

static void test_memmap_empty(void **state)
{
	(void)state;
	si()->memmap_entries = 0;
	expect_error(PVH_E_NO_MEMMAP, "memory map at 0x11000 has 0 entries");
}

static void test_memmap_too_many(void **state)
{
	(void)state;
	si()->memmap_entries = PVH_MEMMAP_MAX + 1;
	expect_error(PVH_E_MEMMAP_TOO_MANY, "has 320 entries; keel takes at "
					    "most 319");
	si()->memmap_entries = 0xffffffff;
	expect_error(PVH_E_MEMMAP_TOO_MANY, "has 4294967295 entries");
}

static void test_memmap_outside(void **state)
{
	(void)state;
	si()->memmap_paddr = WIN_BASE + WIN_SIZE - 3 * 24;
	expect_error(PVH_E_MEMMAP_UNREADABLE, "memory map at 0x1ffb8 (4 "
					      "entries, 96 bytes) is "
					      "unreadable");
	si()->memmap_paddr = ~0ULL - 24;
	expect_error(PVH_E_MEMMAP_UNREADABLE, "is unreadable");
}

static void test_memmap_zero_size(void **state)
{
	(void)state;
	set_entry(2, 0xf0000, 0, HVM_MEMMAP_TYPE_RESERVED);
	expect_error(PVH_E_MEMMAP_ZERO_SIZE, "memory map entry 2 (addr 0xf0000 "
					     "type 2) has size 0");
}

/* qboot's map: one all-zero entry counted past the end. */
static void test_memmap_trailing_zero(void **state)
{
	(void)state;
	set_entry(4, 0, 0, 0);
	set_entry(5, 0, 0, 0);
	si()->memmap_entries = 6;
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.e820_entries, 5);
	assert_int_equal(bp.e820_table[4].addr, 0xa0000);
	assert_true(log_capture_contains("memory map at 0x11000: the last 2 "
					 "of its 6 entries are all zero; "
					 "ignored"));
}

/* All-zero entries elsewhere are entries of size 0; all zero is no map. */
static void test_memmap_zero_entry_inside(void **state)
{
	(void)state;
	set_entry(1, 0, 0, 0);
	expect_error(PVH_E_MEMMAP_ZERO_SIZE, "memory map entry 1 (addr 0x0 "
					     "type 0) has size 0");
	memset(map(), 0, 4 * sizeof(*map()));
	expect_error(PVH_E_NO_MEMMAP, "all its 4 entries are zero");
}

static void test_memmap_wraps(void **state)
{
	(void)state;
	set_entry(3, 0xfffffffffff00000ULL, 0x100001, HVM_MEMMAP_TYPE_RAM);
	expect_error(PVH_E_MEMMAP_WRAPS,
		     "memory map entry 3 (addr 0xfffffffffff00000 size "
		     "0x100001) wraps past 2^64");
}

/* Reaching exactly 2^64 is the end, not a wrap. */
static void test_memmap_reaches_top(void **state)
{
	(void)state;
	set_entry(2, 0xfffffffffff00000ULL, 0x100000, HVM_MEMMAP_TYPE_RESERVED);
	assert_int_equal(convert(), PVH_OK);
}

static void test_memmap_overlap(void **state)
{
	(void)state;
	set_entry(2, 0x9f000, 0x2000, HVM_MEMMAP_TYPE_RESERVED);
	expect_error(PVH_E_MEMMAP_OVERLAP,
		     "memory map entries 0 [0x0-0x9fbff] type 1 and 2 "
		     "[0x9f000-0xa0fff] type 2 overlap");
}

/* The same entry twice, and one inside another, overlap too. */
static void test_memmap_overlap_nested(void **state)
{
	(void)state;
	set_entry(1, 0x200000, 0x1000, HVM_MEMMAP_TYPE_RESERVED);
	expect_error(PVH_E_MEMMAP_OVERLAP, "entries 1 [0x200000-0x200fff] type "
					   "2 and 3 [0x100000-0x7ffffff]");
	setup(NULL);
	set_entry(2, 0, 0x9fc00, HVM_MEMMAP_TYPE_RAM);
	expect_error(PVH_E_MEMMAP_OVERLAP, "entries 0 [0x0-0x9fbff] type 1 and "
					   "2 [0x0-0x9fbff] type 1 overlap");
}

static void test_cmdline_outside(void **state)
{
	(void)state;
	si()->cmdline_paddr = 0x100000000ULL;
	expect_error(PVH_E_CMDLINE_UNREADABLE, "command line at 0x100000000 is "
					       "unreadable after 0 bytes");
}

/* A command line ending right at the end of readable memory is fine; one
 * running past it is not. */
static void test_cmdline_at_end(void **state)
{
	uint64_t pa = WIN_BASE + WIN_SIZE - 6;

	(void)state;
	memcpy(win + (pa - WIN_BASE), "ktest", 6);
	si()->cmdline_paddr = pa;
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.cmd_line_ptr, pa);
	setup(NULL);
	memcpy(win + (pa - WIN_BASE), "ktestX", 6);
	si()->cmdline_paddr = pa;
	expect_error(PVH_E_CMDLINE_UNREADABLE, "command line at 0x1fffa is "
					       "unreadable after 6 bytes, "
					       "before its NUL");
}

static void test_cmdline_too_long(void **state)
{
	(void)state;
	memset(win + (CMD_PA - WIN_BASE), 'x', 4096);
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.hdr.cmd_line_ptr, CMD_PA);
	assert_true(log_capture_contains("no NUL in its first 2047 bytes; "
					 "truncated there"));
}

static void test_modules_too_many(void **state)
{
	(void)state;
	si()->nr_modules = PVH_MODULES_MAX + 1;
	expect_error(PVH_E_MODULES_TOO_MANY, "65 modules at 0x14000; keel "
					     "takes at most 64");
}

static void test_modlist_outside(void **state)
{
	(void)state;
	si()->modlist_paddr = 0;
	expect_error(PVH_E_MODLIST_UNREADABLE, "module list at 0x0 (1 entries, "
					       "32 bytes) is unreadable");
	si()->modlist_paddr = WIN_BASE + WIN_SIZE - 32;
	si()->nr_modules = 2;
	expect_error(PVH_E_MODLIST_UNREADABLE, "(2 entries, 64 bytes)");
}

static void test_initrd_wraps(void **state)
{
	(void)state;
	mods()[0] = (struct hvm_modlist_entry){.paddr = ~0ULL - 0xff,
					       .size = 0x200};
	expect_error(PVH_E_INITRD_WRAPS, "initrd (module 0) at "
					 "0xffffffffffffff00 size 0x200 wraps");
}

static void test_initrd_not_ram(void **state)
{
	(void)state;
	/* In reserved memory. */
	mods()[0] =
		(struct hvm_modlist_entry){.paddr = 0xf0000, .size = 0x1000};
	expect_error(PVH_E_INITRD_NOT_RAM, "initrd (module 0) "
					   "[0xf0000-0xf0fff] is not inside "
					   "the memory map's RAM");
	/* Running past the end of RAM by one byte. */
	mods()[0] = (struct hvm_modlist_entry){.paddr = 0x7000000,
					       .size = 0x1000001};
	expect_error(PVH_E_INITRD_NOT_RAM, "[0x7000000-0x8000000]");
	/* Across a hole. */
	mods()[0] =
		(struct hvm_modlist_entry){.paddr = 0x9f000, .size = 0x70000};
	expect_error(PVH_E_INITRD_NOT_RAM, "[0x9f000-0x10efff]");
}

/* More than the zero page's 128 entries: the rest in SETUP_E820_EXT, which
 * keel's e820 code reads back whole. */
static void test_memmap_ext(void **state)
{
	const unsigned int n = 200;
	struct e820_table t = {0};
	const char *who = NULL;

	(void)state;
	for (unsigned int i = 0; i < n; i++)
		set_entry(i, 0x100000ULL * (i + 1), 0x80000,
			  i % 2 ? HVM_MEMMAP_TYPE_RESERVED
				: HVM_MEMMAP_TYPE_RAM);
	si()->memmap_entries = n;
	mods()[0] =
		(struct hvm_modlist_entry){.paddr = 0x100000, .size = 0x1000};
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(bp.e820_entries, E820_MAX_ENTRIES_ZEROPAGE);
	assert_int_equal(bp.hdr.setup_data, EXT_PA);
	assert_int_equal(ext.type, SETUP_E820_EXT);
	assert_int_equal(ext.next, 0);
	assert_int_equal(ext.len, (n + 1 - 128) * 20);
	assert_int_equal(ext.entries[0].addr, 0x100000ULL * 129);
	assert_int_equal(ext.entries[n - 128].addr, 0xa0000);

	physmap_set_offset((uintptr_t)&ext - EXT_PA);
	assert_int_equal(e820__append_boot_params(&t, &bp, EXT_PA,
						  EXT_PA + sizeof(ext), &who),
			 0);
	assert_int_equal(t.nr_entries, n + 1);
	assert_int_equal(t.entries[n - 1].addr, 0x100000ULL * n);
	assert_int_equal(t.entries[n].addr, 0xa0000);
}

static void test_memmap_limit_fits(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < PVH_MEMMAP_MAX; i++)
		set_entry(i, 0x100000ULL * (i + 1), 0x1000,
			  HVM_MEMMAP_TYPE_RAM);
	si()->memmap_entries = PVH_MEMMAP_MAX;
	mods()[0] =
		(struct hvm_modlist_entry){.paddr = 0x100000, .size = 0x1000};
	assert_int_equal(convert(), PVH_OK);
	assert_int_equal(ext.len, (E820_MAX_ENTRIES - 128) * 20);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(pvh_strerror(PVH_E_MEMMAP_OVERLAP),
			    "memory map entries overlap");
	assert_string_equal(pvh_strerror(PVH_E_COUNT), "unknown error");
	assert_string_equal(pvh_strerror(-1), "unknown error");
	for (int i = 0; i < PVH_E_COUNT; i++)
		assert_non_null(pvh_strerror(i));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_good),
		T(test_high_pointers),
		T(test_initrd_spans_entries),
		T(test_no_modules),
		T(test_empty_module),
		T(test_extra_modules_ignored),
		T(test_version_2_accepted),
		T(test_unaligned),
		T(test_bad_magic),
		T(test_version_0),
		T(test_start_info_outside),
		T(test_start_info_cut),
		T(test_start_info_wraps),
		T(test_memmap_empty),
		T(test_memmap_too_many),
		T(test_memmap_outside),
		T(test_memmap_zero_size),
		T(test_memmap_trailing_zero),
		T(test_memmap_zero_entry_inside),
		T(test_memmap_wraps),
		T(test_memmap_reaches_top),
		T(test_memmap_overlap),
		T(test_memmap_overlap_nested),
		T(test_cmdline_outside),
		T(test_cmdline_at_end),
		T(test_cmdline_too_long),
		T(test_modules_too_many),
		T(test_modlist_outside),
		T(test_initrd_wraps),
		T(test_initrd_not_ram),
		T(test_memmap_ext),
		T(test_memmap_limit_fits),
		T(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
