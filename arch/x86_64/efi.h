/* SPDX-License-Identifier: MIT */
/*
 * UEFI runtime services when keel was booted through EFI (an EFI stub or
 * GRUB EFI fills boot_params.efi_info): the firmware's time at boot and
 * ResetSystem for reboot and power-off. `noefi` leaves it all off.
 *
 * Two steps:
 *   efi_setup_arch()         in setup_arch, while the loader's memory is
 *                            still untouched: efi_info and the memory map
 *                            checked (a bad one is named and stops the
 *                            boot) and the map copied;
 *   efi_enter_virtual_mode() once the page allocator runs: efi_pgd built,
 *                            the system table and runtime services table
 *                            checked, SetVirtualAddressMap, GetTime.
 */
#ifndef KEEL_ARCH_X86_64_EFI_H
#define KEEL_ARCH_X86_64_EFI_H

#include "kernel/lib/efi_runtime.h"
#include "mm/pgtable.h"

void efi_setup_arch(void);
void efi_enter_virtual_mode(void);

/* Runtime services are up (virtual mode entered, tables good). */
bool efi_runtime_enabled(void);
/* GetTime; the EFI_STATUS (0: success). Needs efi_runtime_enabled(). */
u64 efi_get_time(struct efi_time *tm);
/*
 * ResetSystem(@type) when runtime services are up; returns only when they
 * are not or the firmware did not reset (then the caller falls back).
 */
void efi_reset_system(u32 type);

/* For the in-kernel tests: the page tables and the planned regions. */
const struct pgt *efi_pgd_get(void);
const struct efi_rt_region *efi_runtime_regions(u32 *nr);

#endif
