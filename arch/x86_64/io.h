/* SPDX-License-Identifier: MIT */
/*
 * MMIO: mapping device registers uncached, and accessing them with single
 * volatile loads and stores of the register's width.
 *
 * ioremap() (kernel/vmalloc.h: a mapping in the vmalloc space with the
 * PAT's uncached entry and a guard page after it) is the only way drivers
 * (LAPIC, IOAPIC, HPET) reach MMIO.
 */
#ifndef KEEL_ARCH_X86_64_IO_H
#define KEEL_ARCH_X86_64_IO_H

#include "kernel/lib/types.h"
#include "kernel/vmalloc.h" /* ioremap, ioremap_wc, iounmap */

static inline u8 readb(const volatile void *addr)
{
	return *(const volatile u8 *)addr;
}

static inline u32 readl(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline u64 readq(const volatile void *addr)
{
	return *(const volatile u64 *)addr;
}

static inline void writeb(u8 v, volatile void *addr)
{
	*(volatile u8 *)addr = v;
}

static inline void writel(u32 v, volatile void *addr)
{
	*(volatile u32 *)addr = v;
}

static inline void writeq(u64 v, volatile void *addr)
{
	*(volatile u64 *)addr = v;
}

#endif
