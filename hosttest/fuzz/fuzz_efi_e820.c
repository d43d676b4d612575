// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/efi_e820.c.
 *
 * Input: byte 0 picks the descriptor size (36 + byte % 40: some too
 * small), byte 1 the descriptor version (1 unless it is 0xff), byte 2 the
 * room in the e820 table (0: E820_MAX_ENTRIES); the rest is the memory map,
 * copied into an exactly-sized buffer so ASan sees any read past it.
 *
 * Asserts: an error leaves the table untouched and has a name; success
 * gives at most the room asked for, entries sorted, disjoint, never two
 * touching ones of one type, and every descriptor inside exactly one
 * entry of its converted type, whose sizes add up to the entry's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/efi_e820.h"
#include "kernel/lib/log.h"
#include "mm/e820.h"

static struct efi_memory_desc desc(const uint8_t *map, uint64_t stride,
				   uint64_t i)
{
	struct efi_memory_desc d;

	memcpy(&d, map + i * stride, sizeof(d));
	return d;
}

static void check_result(const uint8_t *map, uint64_t size, uint64_t stride,
			 const struct boot_e820_entry *out, uint32_t n,
			 uint32_t max)
{
	static uint64_t covered[E820_MAX_ENTRIES];
	uint64_t count = size / stride;

	check(n >= 1 && n <= max && count >= 1);
	for (uint32_t i = 0; i < n; i++) {
		check(out[i].size != 0);
		check(out[i].addr + (out[i].size - 1) >= out[i].addr);
		covered[i] = 0;
		if (i == 0)
			continue;
		check(out[i - 1].addr + (out[i - 1].size - 1) < out[i].addr);
		check(out[i - 1].addr + out[i - 1].size != out[i].addr ||
		      out[i - 1].type != out[i].type);
	}
	for (uint64_t k = 0; k < count; k++) {
		struct efi_memory_desc d = desc(map, stride, k);
		uint64_t bytes = d.num_pages << EFI_PAGE_SHIFT;
		uint32_t hits = 0;

		check(d.num_pages && !(d.phys_addr & 0xfff));
		for (uint32_t i = 0; i < n; i++) {
			if (d.phys_addr < out[i].addr ||
			    d.phys_addr - out[i].addr > out[i].size - 1)
				continue;
			hits++;
			check(out[i].type ==
			      efi_e820_type(d.type, d.attribute));
			check(bytes <= out[i].size &&
			      d.phys_addr - out[i].addr <= out[i].size - bytes);
			covered[i] += bytes;
		}
		check(hits == 1);
	}
	for (uint32_t i = 0; i < n; i++)
		check(covered[i] == out[i].size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_e820_entry out[E820_MAX_ENTRIES];
	static const struct boot_e820_entry zero[E820_MAX_ENTRIES];
	uint64_t stride;
	uint32_t version, max, n = 0xdead;
	uint8_t *map;
	int ret;

	if (size < 3)
		return 0;
	log_set_sink(fuzz_null_sink);
	stride = 36 + data[0] % 40;
	version = data[1] == 0xff ? 2 : EFI_MEMORY_DESCRIPTOR_VERSION;
	max = data[2] ? data[2] : E820_MAX_ENTRIES;
	size -= 3;
	map = malloc(size ? size : 1);
	check(map != NULL);
	memcpy(map, data + 3, size);
	memset(out, 0, sizeof(out));
	ret = efi_map_to_e820(map, size, stride, version, out, max, &n);
	check(ret >= 0 && ret < EFI_E820_E_COUNT);
	check(strcmp(efi_e820_strerror(ret), "unknown error") != 0);
	if (ret) {
		check(n == 0xdead);
		check(memcmp(out, zero, sizeof(out)) == 0);
	} else {
		check(version == EFI_MEMORY_DESCRIPTOR_VERSION);
		check_result(map, size, stride, out, n, max);
	}
	free(map);
	return 0;
}
