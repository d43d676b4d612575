/* SPDX-License-Identifier: MIT */
/*
 * Where the decompressor may put the kernel: the physical half of kernel
 * image KASLR, pure. A slot is an address, a multiple of the alignment,
 * from which the kernel's whole span lies in usable RAM (e820 type 1, and
 * in no entry of another type) inside [min, max), and meets none of the
 * ranges to avoid (the image as loaded, boot_params, the command line, the
 * initrd, each setup_data). kaslr_phys_count() counts them;
 * kaslr_phys_slot() names the n-th, so the caller picks n at random.
 */
#ifndef KEEL_LIB_KASLR_PHYS_H
#define KEEL_LIB_KASLR_PHYS_H

#include "boot/bootparam.h"
#include "kernel/lib/types.h"

/* Ranges the kernel must not overlap: [start, end). */
struct phys_range {
	u64 start, end;
};

struct kaslr_phys {
	const struct boot_e820_entry *e820;
	unsigned int nr_e820;
	const struct phys_range *avoid;
	unsigned int nr_avoid;
	u64 size; /* the kernel's span, bss and brk included */
	u64 align; /* a power of two */
	u64 min, max; /* slots lie wholly in [min, max) */
};

/**
 * kaslr_phys_count() - how many slots there are
 * @k: the memory map, the ranges to avoid and the kernel's needs
 *
 * Overlapping e820 entries are fine: RAM counts only where no entry of
 * another type covers it. Slots are counted once however many entries
 * cover them.
 *
 * Return: the number of slots (0 when none, or @k->size is 0 or
 * @k->align is not a power of two).
 */
u64 kaslr_phys_count(const struct kaslr_phys *k);

/**
 * kaslr_phys_slot() - the @n-th slot, lowest first
 * @k: as for kaslr_phys_count()
 * @n: below kaslr_phys_count(@k)
 * @addr: set to the slot's address
 *
 * Return: 0, or -ERANGE when there is no @n-th slot.
 */
int kaslr_phys_slot(const struct kaslr_phys *k, u64 n, u64 *addr);

/**
 * kaslr_mix() - fold entropy words into one 64-bit value
 * @seed: the previous value (0 to start)
 * @word: a new word (RDSEED, RDRAND, TSC ...)
 *
 * Return: the new value; every input bit affects every output bit.
 */
u64 kaslr_mix(u64 seed, u64 word);

#endif
