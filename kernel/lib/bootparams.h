/* SPDX-License-Identifier: MIT */
/*
 * Checks of the zero page a boot loader handed over, pure, so a corrupt
 * boot_params gets a message naming the bad values and keel goes on with
 * what can be trusted.
 */
#ifndef KEEL_LIB_BOOTPARAMS_H
#define KEEL_LIB_BOOTPARAMS_H

#include "boot/bootparam.h"

/* Problems boot_params_check() found (bit set = field not trusted). */
#define BP_BAD_MAGIC BIT(0) /* hdr.header is not "HdrS" */
#define BP_BAD_VERSION BIT(1) /* protocol older than 2.02 */
#define BP_BAD_E820_COUNT BIT(2) /* e820_entries over 128 */
#define BP_NO_CMDLINE BIT(3) /* cmd_line_ptr is 0 */
#define BP_STALE_FIELDS BIT(4) /* sentinel set: old loader, fields zeroed */
#define BP_BAD_CMDLINE_SIZE BIT(5) /* cmdline_size 0 for protocol >= 2.06 */

/*
 * boot_params_check - validate and sanitise a zero page in place
 * @bp: the kernel's copy of the zero page
 *
 * Logs one line per problem with the values found. Fields that a loader
 * which did not clear the page (sentinel != 0, as Linux's
 * sanitize_boot_params) cannot have set are zeroed; an e820_entries over
 * 128 is left for the e820 code to refuse.
 * Return: a mask of BP_* bits, 0 when all is well.
 * Context: early boot; pure.
 */
unsigned int boot_params_check(struct boot_params *bp);

/* screen_info (zero-page.rst, struct screen_info) as a linear
 * framebuffer: what an EFI loader's GOP mode, VIDEO_TYPE_EFI, says. */
#define VIDEO_TYPE_EFI 0x70
#define VIDEO_CAPABILITY_64BIT_BASE BIT(1)
#define SCREEN_INFO_ISVGA 0x0f
#define SCREEN_INFO_LFB_WIDTH 0x12
#define SCREEN_INFO_LFB_HEIGHT 0x14
#define SCREEN_INFO_LFB_DEPTH 0x16
#define SCREEN_INFO_LFB_BASE 0x18
#define SCREEN_INFO_LFB_SIZE 0x1c
#define SCREEN_INFO_LFB_LINELENGTH 0x24
#define SCREEN_INFO_RED_SIZE 0x26 /* then red_pos, green, blue, rsvd */
#define SCREEN_INFO_CAPABILITIES 0x36
#define SCREEN_INFO_EXT_LFB_BASE 0x3a

struct efi_fb {
	u64 base;
	u32 size;
	u16 width, height, depth, linelength;
	u8 size_pos[8]; /* red, green, blue, reserved: size then pos */
};

/*
 * screen_info_efi_fb - decode an EFI framebuffer from screen_info
 * @si: boot_params.screen_info
 * @fb: filled in when the result is 1
 * Return: 1 for a consistent VIDEO_TYPE_EFI framebuffer; 0 when
 * screen_info says no EFI framebuffer; -EINVAL (logged, naming the
 * values) when it says one but the fields disagree: a zero size or
 * width, a line shorter than width * depth / 8, lines that do not fit in
 * the size, a base that wraps, a colour field past the depth.
 * Context: any; pure.
 */
int screen_info_efi_fb(const u8 si[0x40], struct efi_fb *fb);

#endif
