// SPDX-License-Identifier: MIT
#include "kernel/lib/bootparams.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define PROTOCOL_MIN 0x0202 /* command line pointer in the header */
#define PROTOCOL_CMDLINE_SIZE 0x0206 /* cmdline_size field */

unsigned int boot_params_check(struct boot_params *bp)
{
	const struct setup_header *hdr = &bp->hdr;
	unsigned int bad = 0;

	if (hdr->header != SETUP_HDR_MAGIC) {
		pr_err("boot_params: header magic 0x%08x is not \"HdrS\" "
		       "(0x%08x)",
		       hdr->header, SETUP_HDR_MAGIC);
		bad |= BP_BAD_MAGIC;
	} else if (hdr->version < PROTOCOL_MIN) {
		pr_err("boot_params: boot protocol %u.%02u is older than 2.02",
		       hdr->version >> 8, hdr->version & 0xff);
		bad |= BP_BAD_VERSION;
	} else if (hdr->version >= PROTOCOL_CMDLINE_SIZE &&
		   hdr->cmdline_size == 0) {
		pr_warn("boot_params: cmdline_size is 0 for protocol %u.%02u",
			hdr->version >> 8, hdr->version & 0xff);
		bad |= BP_BAD_CMDLINE_SIZE;
	}
	if (bp->e820_entries > E820_MAX_ENTRIES_ZEROPAGE) {
		pr_err("boot_params: e820_entries %u is over the zero page's "
		       "%u",
		       bp->e820_entries, E820_MAX_ENTRIES_ZEROPAGE);
		bad |= BP_BAD_E820_COUNT;
	}
	if (!hdr->cmd_line_ptr && !bp->ext_cmd_line_ptr)
		bad |= BP_NO_CMDLINE;
	if (bp->sentinel) {
		/*
		 * The loader copied the header over an uncleared page: the
		 * fields it does not know about hold stale data.
		 */
		pr_warn("boot_params: sentinel is 0x%02x: the boot loader did "
			"not clear the zero page; ignoring its 64-bit "
			"extensions",
			bp->sentinel);
		bp->ext_ramdisk_image = 0;
		bp->ext_ramdisk_size = 0;
		bp->ext_cmd_line_ptr = 0;
		bp->acpi_rsdp_addr = 0;
		bp->cc_blob_address = 0;
		memset(bp->efi_info, 0, sizeof(bp->efi_info));
		bad |= BP_STALE_FIELDS;
	}
	return bad;
}

static u32 si_get(const u8 *si, unsigned int off, unsigned int bytes)
{
	u32 v = 0;

	while (bytes--)
		v = v << 8 | si[off + bytes];
	return v;
}

int screen_info_efi_fb(const u8 si[0x40], struct efi_fb *fb)
{
	struct efi_fb f = {0};
	u64 need;
	int i;

	if (si[SCREEN_INFO_ISVGA] != VIDEO_TYPE_EFI)
		return 0;
	f.base = si_get(si, SCREEN_INFO_LFB_BASE, 4);
	if (si_get(si, SCREEN_INFO_CAPABILITIES, 4) &
	    VIDEO_CAPABILITY_64BIT_BASE)
		f.base |= (u64)si_get(si, SCREEN_INFO_EXT_LFB_BASE, 4) << 32;
	f.size = si_get(si, SCREEN_INFO_LFB_SIZE, 4);
	f.width = (u16)si_get(si, SCREEN_INFO_LFB_WIDTH, 2);
	f.height = (u16)si_get(si, SCREEN_INFO_LFB_HEIGHT, 2);
	f.depth = (u16)si_get(si, SCREEN_INFO_LFB_DEPTH, 2);
	f.linelength = (u16)si_get(si, SCREEN_INFO_LFB_LINELENGTH, 2);
	memcpy(f.size_pos, si + SCREEN_INFO_RED_SIZE, sizeof(f.size_pos));
	need = (u64)f.linelength * f.height;
	if (!f.size || !f.width || !f.height || !f.depth || f.depth > 32 ||
	    (u64)f.linelength * 8 < (u64)f.width * f.depth || need > f.size ||
	    f.base + f.size < f.base) {
		pr_err("screen_info: EFI framebuffer %ux%ux%u, %u bytes a "
		       "line, "
		       "%u bytes at 0x%llx do not agree",
		       f.width, f.height, f.depth, f.linelength, f.size,
		       (unsigned long long)f.base);
		return -EINVAL;
	}
	for (i = 0; i < 4; i++) {
		if (f.size_pos[2 * i] + f.size_pos[2 * i + 1] > f.depth) {
			pr_err("screen_info: colour field %d (%u bits at bit "
			       "%u) is past the %u-bit pixel",
			       i, f.size_pos[2 * i], f.size_pos[2 * i + 1],
			       f.depth);
			return -EINVAL;
		}
	}
	*fb = f;
	return 1;
}
