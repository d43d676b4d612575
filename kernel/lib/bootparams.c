// SPDX-License-Identifier: MIT
#include "kernel/lib/bootparams.h"

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
