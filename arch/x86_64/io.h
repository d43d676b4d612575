/* SPDX-License-Identifier: MIT */
/*
 * MMIO: mapping device registers uncached, and accessing them with single
 * volatile loads and stores of the register's width.
 *
 * ioremap() is the only way drivers (LAPIC, IOAPIC, HPET) reach MMIO; the
 * early implementation (ioremap_early.c) maps into a small window of the
 * boot page tables, and the memory bring-up replaces it with one in the
 * vmalloc space.
 */
#ifndef KEEL_ARCH_X86_64_IO_H
#define KEEL_ARCH_X86_64_IO_H

#include "kernel/lib/types.h"

/**
 * ioremap - map @size bytes of MMIO at physical @phys, uncached (UC).
 * @phys: physical address (need not be page-aligned).
 * @size: bytes, not 0.
 * Return: the virtual address of @phys, or NULL when out of space or the
 * range is invalid (reported).
 * Context: boot or process context, not in interrupt handlers.
 */
void *ioremap(phys_addr_t phys, size_t size);

/**
 * iounmap - undo ioremap.
 * @addr: exactly what ioremap returned; NULL is ignored.
 * Context: as ioremap.
 */
void iounmap(void *addr);

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
