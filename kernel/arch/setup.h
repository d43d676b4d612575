/* SPDX-License-Identifier: MIT */
/* The architecture's part of start_kernel. */
#ifndef KEEL_KERNEL_ARCH_SETUP_H
#define KEEL_KERNEL_ARCH_SETUP_H

/*
 * setup_arch - report what the boot loader handed over (boot protocol,
 * loader, memory map) and set up the machine's memory.
 * Context: early boot, after the command line has been parsed.
 */
void setup_arch(void);

/* The initrd the boot loader passed (boot protocol ramdisk_image and
 * ramdisk_size with their ext_ fields), mapped: false when there is none
 * or it is not in RAM. */
bool arch_get_initrd(const void **buf, size_t *size);

#endif
