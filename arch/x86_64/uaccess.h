/* SPDX-License-Identifier: MIT */
/*
 * Accesses that may fault and must not oops: each faulting instruction has
 * an exception-table entry, so a fault makes the helper return an error.
 * (copy_from_user will join them when there is a user space.)
 */
#ifndef KEEL_ARCH_X86_64_UACCESS_H
#define KEEL_ARCH_X86_64_UACCESS_H

#include "kernel/lib/types.h"

/**
 * rdmsr_safe - read a model-specific register that may not exist.
 * @msr: MSR number.
 * @val: set to the value, or 0 when the read faulted.
 * Return: 0, or -EIO when rdmsr raised #GP.
 * Context: any.
 */
int rdmsr_safe(u32 msr, u64 *val);

/**
 * wrmsr_safe - write a model-specific register that may not exist.
 * @msr: MSR number.
 * @val: the value.
 * Return: 0, or -EIO when wrmsr raised #GP.
 * Context: any.
 */
int wrmsr_safe(u32 msr, u64 val);

/**
 * probe_read_u64 - read 8 bytes at a kernel address that may be unmapped
 * or non-canonical.
 * @src: the address.
 * @val: set to the value, or 0 on a fault.
 * Return: 0, or -EFAULT when the load faulted.
 * Context: any (used by the oops code to walk stacks).
 */
int probe_read_u64(const void *src, u64 *val);

/**
 * copy_from_kernel_nofault - copy @size bytes that may fault, byte by byte.
 * @dst: destination (must be valid).
 * @src: source.
 * @size: bytes.
 * Return: 0, or -EFAULT at the first faulting byte (@dst holds the bytes
 * before it).
 * Context: any.
 */
int copy_from_kernel_nofault(void *dst, const void *src, size_t size);

/* SMAP is on (stac/clac are used); set by cpu_init_user_features. */
extern bool smap_enabled;
/* End of user space: 4-level 0x00007ffffffff000, 5-level 57-bit. */
extern unsigned long task_size_max;
/* Close the SMAP window (exception entry: a fault inside a uaccess). */
void uaccess_clac(void);

#endif
