/* SPDX-License-Identifier: MIT */
/*
 * The kernel's symbol table (kernel/lib/kallsyms.h), embedded by the build
 * from a first link of keel.elf (tools/kallsyms.py).
 */
#ifndef KEEL_KERNEL_KALLSYMS_H
#define KEEL_KERNEL_KALLSYMS_H

#include "kernel/lib/kallsyms.h"

/* Written by tools/kallsyms.py (kernel/kallsyms_stub.c in the first link). */
extern const u32 kallsyms_num;
extern const u32 kallsyms_offsets[];
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];
extern const u32 kallsyms_names_size;

/**
 * kernel_symbol - the kernel symbol containing @addr.
 * @addr: a text address.
 * @size: set to the symbol size (may be NULL).
 * @offset: set to the offset into it (may be NULL).
 * Return: the name, or NULL.
 * Context: any.
 */
const char *kernel_symbol(unsigned long addr, u64 *size, u64 *offset);

/**
 * sprint_symbol - "name+0xoff/0xsize" for @addr (or its hex value).
 * @buf: receives the text.
 * @len: size of @buf; KSYM_SYMBOL_LEN is enough.
 * @addr: the address.
 * Return: the length written.
 * Context: any.
 */
int sprint_symbol(char *buf, size_t len, unsigned long addr);

#endif
