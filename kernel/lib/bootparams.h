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

#endif
