// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the EFI stub, boot/compressed/efi_stub.c, run on the
 * fake UEFI firmware of hosttest/efi_stub/fake_efi.c.
 *
 * Input, byte by byte (zeros past the end):
 *   flags: 1 LoadFile2 initrd, 2 a file system, 4 a GOP, 8 the handover
 *     entry, 0x10 no loaded image protocol, 0x60 stale map keys (0-3),
 *     0x80 then a byte: the AllocatePages() call that fails (0-7);
 *   ExitBootServices()'s last answer (>= 200: an error), the GetMemoryMap()
 *     call that fails (>= 240: 0-15);
 *   the setup header's jump displacement, cmdline_size (u16 % 4096),
 *     initrd_addr_max and init_size (one byte each);
 *   the memory map: descriptor size (36 + b % 40), version (0xff: 2),
 *     count (% 24), then per descriptor a type byte (0x80: unaligned
 *     start, 0x40: specific-purpose), a u16 and a byte for the start, a
 *     u16 of pages;
 *   the GOP: pixel format, width, height, pixels a line, four masks, the
 *     framebuffer's base; ACPI configuration tables (a byte, 2 bits each);
 *   two files: a name length and name bytes, a u16 size; the LoadFile2
 *     initrd's u16 size; for the handover entry, whether the loader gave
 *     an initrd;
 *   the rest: LoadOptions (the handover command line, made ASCII), in an
 *     exactly sized buffer.
 *
 * Asserts: nothing crashes; a failure returns an error (PE) or halts
 * (handover) with boot services still up; boot services are not used once
 * exited, every file is closed, and when the kernel is entered boot_params
 * is consistent: the command line NUL-terminated within cmdline_size, e820
 * sorted and disjoint, the initrd, the command line, the zero page and the
 * memory map inside memory the stub allocated, efi_info and code32_start
 * as the stub found them, and a sane 32-bit GOP mode a framebuffer the
 * kernel's screen_info_efi_fb() accepts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/efi_stub/fake_efi.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/log.h"

/* boot_params.efi_info, as the stub fills it. */
struct efi_info_fields {
	u32 loader_signature, systab, memdesc_size, memdesc_version;
	u32 memmap, memmap_size, systab_hi, memmap_hi;
};

static u32 next_u32(struct input *in)
{
	u32 lo = next_u16(in);

	return lo | (u32)next_u16(in) << 16;
}

static void read_map(struct input *in)
{
	static struct efi_memory_desc d[24];
	u64 desc_size = 36 + next_byte(in) % 40;
	u32 version = next_byte(in) == 0xff ? 2 : 1;
	size_t n = next_byte(in) % 24;

	memset(d, 0, sizeof(d));
	for (size_t i = 0; i < n; i++) {
		unsigned int t = next_byte(in);

		d[i].type = t % 18;
		d[i].phys_addr = (u64)next_u16(in) << 20;
		d[i].phys_addr |= (u64)next_byte(in) << 12;
		if (t & 0x80)
			d[i].phys_addr |= 0x800;
		d[i].num_pages = next_u16(in);
		d[i].attribute = t & 0x40 ? EFI_MEMORY_SP | 0xf : 0xf;
	}
	fake_efi_set_map(d, n, desc_size);
	fw.desc_version = version;
}

static void read_gop(struct input *in)
{
	fw.gop_info.pixel_format = next_byte(in) % 5;
	fw.gop_info.width = next_u16(in);
	fw.gop_info.height = next_u16(in);
	fw.gop_info.pixels_per_scan_line = next_u16(in);
	fw.gop_info.red_mask = next_u32(in);
	fw.gop_info.green_mask = next_u32(in);
	fw.gop_info.blue_mask = next_u32(in);
	fw.gop_info.reserved_mask = next_u32(in);
	fw.gop_mode.frame_buffer_base = (u64)next_u16(in) << 20;
	fw.gop_mode.frame_buffer_size = (u64)next_u16(in) << 12;
}

static void read_tables(struct input *in)
{
	unsigned int b = next_byte(in);

	for (int i = 0; i < 4; i++) {
		switch ((b >> (2 * i)) & 3) {
		case 0:
			return;
		case 1:
			fw.tables[i].guid = EFI_ACPI_10_TABLE_GUID;
			break;
		case 2:
			fw.tables[i].guid = EFI_ACPI_20_TABLE_GUID;
			break;
		default:
			fw.tables[i].guid = EFI_FILE_INFO_GUID;
		}
		fw.tables[i].table = (void *)(uintptr_t)(0xe0000 + 0x1000 * i);
		fw.st.nr_tables = i + 1;
	}
}

static const u8 *data_of(u64 size, unsigned int seed)
{
	u8 *p = fake_efi_low(size);

	for (u64 i = 0; i < size; i++)
		p[i] = (u8)(seed + i);
	return p;
}

static void read_files(struct input *in)
{
	for (int f = 0; f < 2; f++) {
		char name[16];
		size_t len = next_byte(in) % 12, i;
		u64 size;

		name[0] = '\\';
		for (i = 0; i < len; i++) {
			unsigned int c = next_byte(in);

			name[i + 1] = c % 29 == 0 ? '\\' : (char)('a' + c % 26);
		}
		name[len + 1] = 0;
		size = next_u16(in);
		fake_efi_add_file(name, data_of(size, f), size);
	}
}

static void check_e820(const struct boot_params *bp)
{
	check(bp->e820_entries >= 1 &&
	      bp->e820_entries <= E820_MAX_ENTRIES_ZEROPAGE);
	for (unsigned int i = 0; i < bp->e820_entries; i++) {
		const struct boot_e820_entry *e = &bp->e820_table[i];

		check(e->size != 0 && e->addr + (e->size - 1) >= e->addr);
		if (i)
			check(e[-1].addr + (e[-1].size - 1) < e->addr);
	}
}

/* A GOP mode with 32-bit pixels that fits its framebuffer must reach the
 * kernel as a framebuffer screen_info_efi_fb() accepts, and as it was. */
static void check_gop(const struct boot_params *bp)
{
	const struct efi_gop_mode_info *m = &fw.gop_info;
	u64 line = (u64)m->pixels_per_scan_line * 4;
	struct efi_fb fb;
	log_sink_fn sink;
	int ret;

	if (!fw.gop || m->pixel_format > EFI_PIXEL_BGR_RESERVED_8BIT ||
	    !m->width || !m->height || m->width > m->pixels_per_scan_line ||
	    line > 0xffff || m->height > 0xffff ||
	    fw.gop_mode.frame_buffer_size < line * m->height ||
	    fw.gop_mode.frame_buffer_size > 0xffffffffULL)
		return;
	sink = log_set_sink(NULL);
	ret = screen_info_efi_fb(bp->screen_info, &fb);
	log_set_sink(sink);
	check(ret == 1);
	check(fb.base == fw.gop_mode.frame_buffer_base);
	check(fb.width == m->width && fb.height == m->height);
	check(fb.depth == 32 && fb.linelength == line);
}

static void check_entered(bool pe, bool loader_initrd)
{
	const struct boot_params *bp = fw.bp;
	const struct efi_info_fields *ei;
	u64 map;

	check(fw.exited && fw.ebs_keys[fw.ebs_calls - 1] == fw.key);
	check(fw.base == *fake_efi_startup_32);
	check(bp->hdr.code32_start == (u32)(uintptr_t)fw.base);
	check((uintptr_t)fw.base + bp->hdr.init_size <= 0x100000000ULL);
	check_e820(bp);
	check_gop(bp);
	ei = (const struct efi_info_fields *)bp->efi_info;
	check(!memcmp(&ei->loader_signature, "EL64", 4));
	check(((u64)ei->systab_hi << 32 | ei->systab) == (uintptr_t)&fw.st);
	map = (u64)ei->memmap_hi << 32 | ei->memmap;
	check(ei->memmap_size == fw.map_size);
	check(fake_efi_alloc_of(map, fw.map_size) != NULL);
	check(!memcmp((void *)(uintptr_t)map, fw.map, fw.map_size));
	if (pe) {
		const char *line =
			(const char *)(uintptr_t)bp->hdr.cmd_line_ptr;
		u32 max = bp->hdr.cmdline_size;

		check(fake_efi_alloc_of((uintptr_t)bp, sizeof(*bp)) != NULL);
		check(fake_efi_alloc_of((uintptr_t)line, (u64)max + 1) != NULL);
		check(strnlen(line, (size_t)max + 1) <= max);
	}
	if (bp->hdr.ramdisk_size && !loader_initrd) {
		u64 at = bp->hdr.ramdisk_image, size = bp->hdr.ramdisk_size;

		check(!bp->ext_ramdisk_image && !bp->ext_ramdisk_size);
		check(fake_efi_alloc_of(at, size) != NULL);
		check(at + size - 1 <= bp->hdr.initrd_addr_max);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};
	struct setup_header *h;
	struct boot_params *bp = NULL;
	unsigned int flags, b;
	bool loader_initrd = false;
	efi_char16_t *opt;
	size_t rest;

	fake_efi_reset();
	flags = next_byte(&in);
	fw.lf2 = flags & 1;
	fw.no_loaded_image = flags & 0x10;
	fw.ebs_stale = (flags >> 5) & 3;
	if (flags & 0x80)
		fw.alloc_fail_at = (int)(next_byte(&in) % 8);
	b = next_byte(&in);
	fw.ebs_status = b >= 200 ? EFI_ERROR_BIT | (b - 200) : 0;
	b = next_byte(&in);
	fw.gmm_fail_at = b >= 240 ? (int)(b - 240) : -1;

	h = (struct setup_header *)(fw.image + SETUP_HDR_OFFSET);
	h->jump = (u16)(0xeb | next_byte(&in) << 8);
	h->cmdline_size = next_u16(&in) % 4096;
	b = next_byte(&in);
	h->initrd_addr_max = b ? (u32)b << 24 | 0xffffff : 0x7fffffff;
	h->init_size = (u32)next_byte(&in) << 24 | 0x800000;

	read_map(&in);
	if (flags & 4) {
		fw.gop = true;
		read_gop(&in);
	}
	read_tables(&in);
	read_files(&in);
	fw.sfs = flags & 2;
	fw.lf2_size = next_u16(&in);
	fw.lf2_data = data_of(fw.lf2_size, 7);
	if (flags & 8)
		loader_initrd = next_byte(&in) & 1;

	rest = in.size - in.pos;
	opt = malloc(rest ? rest : 1);
	check(opt != NULL);
	memcpy(opt, in.data + in.pos, rest);
	fw.load_options = opt;
	fw.load_options_size = (u32)rest;

	if (flags & 8) {
		char *line = fake_efi_low(rest / 2 + 1);
		size_t i;

		bp = fake_efi_low(sizeof(*bp));
		memset(bp, 0, sizeof(*bp));
		memcpy(&bp->hdr, h, sizeof(bp->hdr));
		for (i = 0; i < rest / 2; i++) {
			u16 c;

			memcpy(&c, in.data + in.pos + 2 * i, 2);
			line[i] = c >= 0x20 && c < 0x80 ? (char)c : ' ';
		}
		line[i] = 0;
		/* The image's header has stale loader fields: a loader that
		 * gives no initrd clears them. */
		bp->hdr.cmd_line_ptr = (u32)(uintptr_t)line;
		bp->hdr.ramdisk_image = loader_initrd ? 0x4000000 : 0;
		bp->hdr.ramdisk_size = loader_initrd ? 0x100000 : 0;
		fake_efi_run_handover(bp);
		check(fw.entered != fw.halted);
		if (fw.entered)
			check(fw.bp == bp);
	} else {
		fake_efi_run_pe();
		check(!fw.halted);
		check(fw.entered == (fw.status == EFI_SUCCESS));
		if (!fw.entered)
			check((fw.status & EFI_ERROR_BIT) != 0);
	}
	check(fw.calls_after_exit == 0 && fw.bad_alloc_type == 0);
	check(fw.open_files == 0 && !fw.opened_non_ascii);
	if (fw.entered)
		check_entered(!(flags & 8), loader_initrd);
	else
		check(!fw.exited);
	free(opt);
	return 0;
}
