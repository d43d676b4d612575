/* SPDX-License-Identifier: MIT */
/*
 * The firmware's memory map as the architecture keeps it
 * (arch/x86_64/setup.c, arch/x86_64/mm/e820.c): the map the loader
 * passed and the sanitised one memory management is built on.
 */
#ifndef KEEL_KERNEL_ARCH_E820_H
#define KEEL_KERNEL_ARCH_E820_H

#include "mm/e820.h"

/* The map as the boot loader passed it. */
extern struct e820_table e820_table_firmware;
/* The sanitised map memory management is built on. */
extern struct e820_table e820_table;

/* RAM pages (whole pages) of an e820 table. */
unsigned long e820_ram_pages(const struct e820_table *t);

#endif
