// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/pvh.c.
 *
 * Input: the contents of a physical window [0x1000, 0x9000) (zero past the
 * input); the start info is at 0x1000, and its pointers reach the rest of
 * the window, or outside it, which map() refuses. map() hands out
 * exactly-sized malloc'd copies, so ASan reports any read past what was
 * granted.
 *
 * Asserts: an error leaves the zero page all zero and has a name; success
 * means the magic and version were right, every memory-map entry but
 * trailing all-zero ones is copied as it was (the zero page, then the
 * SETUP_E820_EXT node) followed by the ISA hole, no entry is empty, wraps or
 * overlaps another, the counts are within the limits and an initrd lies inside
 * RAM (checked here by a second, merge-based method).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/log.h"
#include "kernel/lib/pvh.h"

#define WIN_BASE 0x1000ULL
#define WIN_SIZE 0x8000ULL
#define EXT_PA 0x40000000ULL

static _Alignas(16) uint8_t window[WIN_SIZE];
static struct fuzz_window guest = {window, WIN_BASE, WIN_SIZE, NULL, 0, 0};

static const void *fuzz_map(void *arg, uint64_t phys, uint64_t len)
{
	(void)arg;
	return fuzz_window_map(&guest, phys, len);
}

static const void *win(uint64_t phys)
{
	return window + (phys - WIN_BASE);
}

static const struct boot_e820_entry *out_entry(const struct boot_params *bp,
					       const struct pvh_e820_ext *ext,
					       uint32_t i)
{
	if (i < E820_MAX_ENTRIES_ZEROPAGE)
		return &bp->e820_table[i];
	return &ext->entries[i - E820_MAX_ENTRIES_ZEROPAGE];
}

static int cmp_addr(const void *a, const void *b)
{
	const struct hvm_memmap_table_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The initrd inside RAM: sort the RAM entries, merge touching ones. */
static bool initrd_in_ram(const struct hvm_memmap_table_entry *map, uint32_t n,
			  uint64_t start, uint64_t size)
{
	static struct hvm_memmap_table_entry ram[PVH_MEMMAP_MAX];
	uint64_t last = start + size - 1, lo = 0, hi = 0;
	uint32_t nr = 0;
	bool have = false;

	for (uint32_t i = 0; i < n; i++)
		if (map[i].type == HVM_MEMMAP_TYPE_RAM)
			ram[nr++] = map[i];
	qsort(ram, nr, sizeof(ram[0]), cmp_addr);
	for (uint32_t i = 0; i < nr; i++) {
		uint64_t a = ram[i].addr, b = ram[i].addr + ram[i].size - 1;

		if (have && a == hi + 1) {
			hi = b;
		} else {
			if (have && lo <= start && last <= hi)
				return true;
			lo = a;
			hi = b;
			have = true;
		}
	}
	return have && lo <= start && last <= hi;
}

static void check_success(const struct boot_params *bp,
			  const struct pvh_e820_ext *ext)
{
	static struct hvm_memmap_table_entry map[PVH_MEMMAP_MAX];
	struct hvm_start_info si;
	const struct boot_e820_entry *isa;
	uint32_t n;

	memcpy(&si, win(WIN_BASE), sizeof(si));
	n = si.memmap_entries;
	check(si.magic == HVM_START_MAGIC_VALUE && si.version >= 1);
	check(bp->hdr.header == SETUP_HDR_MAGIC);
	check(n >= 1 && n <= PVH_MEMMAP_MAX);
	check(si.memmap_paddr >= WIN_BASE &&
	      si.memmap_paddr - WIN_BASE + (uint64_t)n * sizeof(map[0]) <=
		      WIN_SIZE);
	/* The loader's map may sit at any alignment: copy it. */
	memcpy(map, win(si.memmap_paddr), n * sizeof(map[0]));
	while (n && !map[n - 1].addr && !map[n - 1].size && !map[n - 1].type)
		n--; /* trailing padding, dropped */
	check(n >= 1);
	if (n + 1 <= E820_MAX_ENTRIES_ZEROPAGE) {
		check(bp->e820_entries == n + 1 && bp->hdr.setup_data == 0);
	} else {
		check(bp->e820_entries == E820_MAX_ENTRIES_ZEROPAGE);
		check(bp->hdr.setup_data == EXT_PA);
		check(ext->type == SETUP_E820_EXT && ext->next == 0);
		check(ext->len == (n + 1 - E820_MAX_ENTRIES_ZEROPAGE) *
					  sizeof(struct boot_e820_entry));
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct boot_e820_entry *e = out_entry(bp, ext, i);

		check(e->addr == map[i].addr && e->size == map[i].size &&
		      e->type == map[i].type);
		check(map[i].size &&
		      map[i].addr + map[i].size - 1 >= map[i].addr);
		for (uint32_t j = 0; j < i; j++)
			check(map[j].addr + (map[j].size - 1) < map[i].addr ||
			      map[i].addr + (map[i].size - 1) < map[j].addr);
	}
	isa = out_entry(bp, ext, n);
	check(isa->addr == 0xa0000 && isa->size == 0x60000 &&
	      isa->type == E820_TYPE_RESERVED);
	check(bp->acpi_rsdp_addr == si.rsdp_paddr);
	check((bp->hdr.cmd_line_ptr | (uint64_t)bp->ext_cmd_line_ptr << 32) ==
	      si.cmdline_paddr);
	if (bp->hdr.ramdisk_size || bp->ext_ramdisk_size) {
		uint64_t start = bp->hdr.ramdisk_image |
				 (uint64_t)bp->ext_ramdisk_image << 32;
		uint64_t size = bp->hdr.ramdisk_size |
				(uint64_t)bp->ext_ramdisk_size << 32;

		check(si.nr_modules >= 1 && si.nr_modules <= PVH_MODULES_MAX);
		check(initrd_in_ram(map, n, start, size));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_params bp;
	static struct pvh_e820_ext ext;
	const struct pvh_mem mem = {fuzz_map, NULL};
	int ret;

	log_set_sink(fuzz_null_sink);
	memset(window, 0, sizeof(window));
	memcpy(window, data, size < WIN_SIZE ? size : WIN_SIZE);
	memset(&bp, 0x5a, sizeof(bp));
	memset(&ext, 0, sizeof(ext));
	ret = pvh_to_boot_params(&mem, WIN_BASE, &bp, &ext, EXT_PA);
	fuzz_window_release(&guest);
	check(ret >= 0 && ret < PVH_E_COUNT);
	check(strcmp(pvh_strerror(ret), "unknown error") != 0);
	if (ret) {
		check(all_zero(&bp, sizeof(bp)));
		return 0;
	}
	check_success(&bp, &ext);
	return 0;
}
