/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the kernel/lib/acpi*.c files; not part of the public
 * surface (kernel/lib/acpi.h).
 */
#ifndef KEEL_LIB_ACPI_INTERNAL_H
#define KEEL_LIB_ACPI_INTERNAL_H

#include "kernel/lib/acpi.h"

/* Longest name acpi_name_str() renders, plus its NUL. */
#define ACPI_NAME_BUF (ACPI_OEM_TABLE_ID_SIZE + 1)

/*
 * acpi_map - @len bytes at @phys through @mem, or NULL when @len is 0, the
 * range wraps past 2^64 or @mem refuses it.
 */
const void *acpi_map(const struct acpi_mem *mem, u64 phys, u64 len);

/*
 * acpi_name_str - render a fixed-size, possibly unterminated name field
 * (signature, OEM id) of @n <= ACPI_NAME_BUF - 1 bytes into @dst: stops at
 * a NUL, shows other non-printable bytes as '?', always terminates.
 */
void acpi_name_str(char *dst, const char *src, size_t n);

/* True when the four bytes at @name are the signature @sig. */
bool acpi_sig_is(const char *name, const char *sig);

/*
 * acpi_fadt_dsdt - the DSDT address a FADT names (X_DSDT when the table
 * holds a non-zero one, else DSDT), without reporting anything; 0 when the
 * table is shorter than the ACPI 1.0 FADT.
 */
u64 acpi_fadt_dsdt(const struct acpi_table_header *fadt);

#endif
