// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/efi_runtime.c, the way arch/x86_64/efi.c
 * chains it: boot_params.efi_info decoded, the memory map checked, the
 * runtime regions planned; then the header checks on the same bytes.
 *
 * Input: 32 bytes of efi_info (the map address and size in it are kept
 * only as numbers), then the memory map, copied into an exactly-sized
 * buffer so ASan sees any read past it; the map's stride and version come
 * from efi_info when it parses, else 48 and 1.
 *
 * Asserts: every error has a name; a planned region is a runtime
 * descriptor's range, lies inside the EFI region at the same offset in a
 * 2 MiB page as its physical address, below the one planned before it;
 * efi_rt_find() finds each region by both addresses; a table header that
 * passes has the signature asked for and a header size within what was
 * read; efi_ucs2_to_ascii() always terminates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/efi_runtime.h"
#include "kernel/lib/log.h"

#define MAX_REGIONS 64

static void check_plan(const uint8_t *map, uint64_t size, uint64_t stride)
{
	static struct efi_rt_region r[MAX_REGIONS];
	uint32_t n = 0xdead;
	int ret = efi_rt_plan(map, size, stride, r, MAX_REGIONS, &n);

	check(ret >= 0 && ret < EFI_RT_E_COUNT);
	if (ret) {
		check(n == 0xdead);
		return;
	}
	check(n <= MAX_REGIONS);
	for (uint32_t i = 0; i < n; i++) {
		check((r[i].attribute & EFI_MEMORY_RUNTIME) != 0);
		check(r[i].size > 0);
		check(r[i].virt >= EFI_VA_END);
		check(r[i].virt + r[i].size <= EFI_VA_START);
		check((r[i].virt & 0x1fffff) == (r[i].phys & 0x1fffff));
		if (i)
			check(r[i].virt + r[i].size <= r[i - 1].virt);
		check(efi_rt_find(r, n, r[i].virt, r[i].size, true) == &r[i]);
		check(efi_rt_find(r, n, r[i].phys, r[i].size, false) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct efi_boot_info b;
	uint64_t stride = 48, count;
	uint32_t version = EFI_MEMORY_DESCRIPTOR_VERSION;
	uint8_t *map;
	char ascii[16];
	int ret;

	if (size < 32)
		return 0;
	log_set_sink(fuzz_null_sink);
	ret = efi_info_parse(data, &b);
	check(ret >= 0 && ret < EFI_RT_E_COUNT);
	check(strcmp(efi_rt_strerror(ret), "unknown error") != 0);
	if (ret == EFI_RT_OK) {
		check(b.signature == EFI_LOADER_SIGNATURE_64);
		check(b.systab && b.memmap);
		check(b.desc_size >= sizeof(struct efi_memory_desc) &&
		      b.desc_size <= EFI_DESC_SIZE_MAX);
		check(b.memmap_size % b.desc_size == 0);
		stride = b.desc_size;
		version = b.desc_version;
	}
	size -= 32;
	map = malloc(size ? size : 1);
	check(map != NULL);
	memcpy(map, data + 32, size);
	if (efi_memmap_check(map, size, stride, version, &count) == EFI_E820_OK)
		check_plan(map, size, stride);

	ret = efi_table_check(map, size, EFI_SYSTEM_TABLE_SIGNATURE,
			      sizeof(struct efi_system_table), data[4] & 1,
			      "system table");
	check(ret >= 0 && ret < EFI_RT_E_COUNT);
	if (ret == EFI_RT_OK) {
		struct efi_table_hdr h;

		memcpy(&h, map, sizeof(h));
		check(h.signature == EFI_SYSTEM_TABLE_SIGNATURE);
		check(h.headersize <= size && h.headersize >= 120);
	}
	efi_ucs2_to_ascii((const uint16_t *)(const void *)map, size / 2, ascii,
			  sizeof(ascii));
	check(strlen(ascii) < sizeof(ascii));
	free(map);
	return 0;
}
