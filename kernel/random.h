/* SPDX-License-Identifier: MIT */
/*
 * Random numbers for the kernel and for getrandom(2), /dev/urandom and
 * address-space randomisation: RDRAND where the CPU has it, mixed with
 * the TSC; else a splitmix64 stream seeded from TSC jitter at boot. Not
 * a cryptographic pool (Linux's ChaCha20 CRNG is the reference for a
 * later one); good enough for layout randomisation and tests.
 */
#ifndef KEEL_KERNEL_RANDOM_H
#define KEEL_KERNEL_RANDOM_H

#include "kernel/lib/types.h"

/* Fill @buf with @len random bytes. Any context. */
void get_random_bytes(void *buf, size_t len);
/* One random word. Any context. */
unsigned long get_random_long(void);

#endif
