/* SPDX-License-Identifier: MIT */
/*
 * A fake UEFI firmware for the EFI stub (boot/compressed/efi_stub.c),
 * hosted: the system table, the boot services the stub calls and the
 * protocols it opens, all EFIAPI (ms_abi) as real firmware's, with what
 * each call was given recorded in `fw` for the tests to check.
 *
 * Memory the stub asks for (AllocatePages) and the fake image are mapped
 * below 2 GiB (MAP_32BIT), since the stub keeps 32-bit pointers to them in
 * boot_params. efi_enter_kernel() and efi_halt(), head.asm's in the image,
 * record what they were given and longjmp back to fake_efi_run_*().
 *
 * The model: every allocation changes the map key (as it changes the
 * memory map); ExitBootServices() takes only the current key, answers
 * EFI_INVALID_PARAMETER for the first ebs_stale calls (the key went stale:
 * it moves on), and after it succeeds any boot service call is counted in
 * calls_after_exit.
 */
#ifndef KEEL_HOSTTEST_FAKE_EFI_H
#define KEEL_HOSTTEST_FAKE_EFI_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/bootparam.h"
#include "boot/compressed/efi_api.h"
#include "kernel/lib/efi_e820.h"

/* The ACPI configuration-table GUIDs (UEFI 2.10, 4.6), restated here so
 * the tests check kernel/lib/efi_runtime.c's bytes against the spec. */
#define EFI_ACPI_20_TABLE_GUID                                                 \
	EFI_GUID(0x8868e871, 0xe4f1, 0x11d3, 0xbc, 0x22, 0x00, 0x80, 0xc7,     \
		 0x3c, 0x88, 0x81)
#define EFI_ACPI_10_TABLE_GUID                                                 \
	EFI_GUID(0xeb9d2d30, 0x2d88, 0x11d3, 0x9a, 0x16, 0x00, 0x90, 0x27,     \
		 0x3f, 0xc1, 0x4d)

#define FAKE_EFI_FILES 4
#define FAKE_EFI_MAX_OPENS 16
#define FAKE_EFI_MAX_ALLOCS 64
#define FAKE_EFI_CON_BYTES 16384
#define FAKE_EFI_IMAGE_BYTES 0x4000

struct fake_file_def {
	char name[256]; /* as the stub must pass it, UCS-2 made ASCII */
	const u8 *data;
	u64 size;
};

struct fake_alloc {
	u64 addr, pages;
};

struct fake_efi {
	/* What the firmware offers (set between reset and run). */
	bool no_loaded_image;
	const efi_char16_t *load_options;
	u32 load_options_size;
	u8 *image; /* LoadedImage.ImageBase, FAKE_EFI_IMAGE_BYTES, low */
	u8 *map; /* GetMemoryMap()'s answer */
	u64 map_size, desc_size;
	u32 desc_version;
	int ebs_stale; /* ExitBootServices() fails this often (stale key) */
	efi_status_t ebs_status; /* then answers this (0: success) */
	int alloc_fail_at; /* AllocatePages() call that fails; -1 none */
	int gmm_fail_at; /* GetMemoryMap() call that fails; -1 none */
	bool lf2;
	const u8 *lf2_data;
	u64 lf2_size;
	bool sfs;
	struct fake_file_def files[FAKE_EFI_FILES];
	int nr_files;
	bool gop;
	struct efi_gop_mode_info gop_info;
	struct efi_gop_mode gop_mode;
	struct efi_gop gop_proto;
	struct efi_fw_config_table tables[4];

	/* What the stub did. */
	char con[FAKE_EFI_CON_BYTES]; /* ConOut, made ASCII */
	size_t con_len;
	u64 key;
	int gmm_calls, ebs_calls, alloc_calls, bad_alloc_type;
	u64 ebs_keys[8];
	bool exited;
	int calls_after_exit;
	int locate_dp_calls, lf2_calls;
	bool dp_ok; /* LocateDevicePath() got the initrd media path */
	bool lf2_dp_is_end; /* LoadFile2 got the remaining end node */
	int nr_opened, open_files;
	char opened[FAKE_EFI_MAX_OPENS][256];
	bool opened_non_ascii;
	struct fake_alloc allocs[FAKE_EFI_MAX_ALLOCS];
	int nr_allocs;
	efi_status_t status; /* efi_pe_main()'s return */
	bool entered, halted;
	struct boot_params *bp;
	u8 *base;

	/* The firmware's tables. */
	struct efi_fw_system_table st;
	struct efi_boot_services bs;
	struct efi_simple_text_output con_out;
	struct efi_loaded_image li;
	struct efi_load_file2 lf2_proto;
	struct efi_simple_file_system sfs_proto;
};

extern struct fake_efi fw;

/* startup_32 of the image under test: efi_stub_host.c builds the stub with
 * startup_32 defined as (*fake_efi_startup_32). */
extern u8 (*fake_efi_startup_32)[];

/* Unmap what the last run allocated and start again: the default firmware
 * (loaded image, console, the default memory map, no initrd, no GOP, no
 * configuration tables) and a fake image with a setup header. */
void fake_efi_reset(void);
/* @size bytes below 2 GiB, filled with 0xa5; freed by the next reset. */
void *fake_efi_low(u64 size);
/* Set the memory map: @n descriptors of @desc_size bytes. */
void fake_efi_set_map(const struct efi_memory_desc *d, size_t n, u64 desc_size);
/* Add a file to the volume the image was loaded from. */
void fake_efi_add_file(const char *name, const u8 *data, u64 size);
/* @s as UCS-2 LoadOptions (low memory, freed by the next reset). */
void fake_efi_set_options(const char *s);
/* Run efi_pe_main() / efi_handover_main() until they return, enter the
 * kernel or halt. */
efi_status_t fake_efi_run_pe(void);
void fake_efi_run_handover(struct boot_params *bp);
/* The allocation holding [addr, addr + size), or NULL. */
const struct fake_alloc *fake_efi_alloc_of(u64 addr, u64 size);

/* The stub's entries and head.asm's exits, as the test links them. */
efi_status_t efi_pe_main(efi_handle_t handle, struct efi_fw_system_table *st);
void efi_handover_main(efi_handle_t handle, struct efi_fw_system_table *st,
		       struct boot_params *bp);
__attribute__((noreturn)) void efi_enter_kernel(struct boot_params *bp,
						u8 *base);
__attribute__((noreturn)) void efi_halt(void);

#endif
