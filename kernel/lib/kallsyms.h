/* SPDX-License-Identifier: MIT */
/*
 * kallsyms: the kernel's own symbol table, for stack traces. The build
 * links keel.elf once, takes the text symbols of that link (tools/kallsyms.py)
 * and links again with them as read-only data; text addresses do not move
 * between the links because the table sits after .text (the build checks).
 *
 * Layout (struct kallsyms_table): @num symbols sorted by address, each an
 * offset from @base in @offsets and a name at @names + @name_offsets[i]
 * (NUL-terminated). Symbol i spans [offsets[i], offsets[i + 1]), the last
 * one up to @text_size.
 */
#ifndef KEEL_LIB_KALLSYMS_H
#define KEEL_LIB_KALLSYMS_H

#include "kernel/lib/types.h"

#define KSYM_NAME_LEN 128
/* Longest "name+0xoff/0xsize" sprint_symbol writes. */
#define KSYM_SYMBOL_LEN (KSYM_NAME_LEN + 40)

struct kallsyms_table {
	uintptr_t base; /* address offsets count from (_text) */
	u64 text_size; /* end of the last symbol, from @base */
	u32 num;
	const u32 *offsets; /* sorted ascending */
	const u32 *name_offsets;
	const char *names;
};

/**
 * kallsyms_lookup - the symbol containing an address.
 * @tab: the table.
 * @addr: a text address.
 * @size: set to the symbol's size (may be NULL).
 * @offset: set to @addr's offset into the symbol (may be NULL).
 *
 * Of several symbols at one address the last in the table wins.
 * Return: the symbol's name, or NULL when @addr is outside the table.
 * Context: any (exception handlers included).
 */
const char *kallsyms_lookup(const struct kallsyms_table *tab, uintptr_t addr,
			    u64 *size, u64 *offset);

/**
 * kallsyms_sprint_symbol - "name+0xoff/0xsize" for @addr, or "0x..." when
 * no symbol contains it.
 * @tab: the table.
 * @addr: the address.
 * @buf: receives the text.
 * @len: size of @buf (KSYM_SYMBOL_LEN is always enough).
 * Return: the length written.
 * Context: any.
 */
int kallsyms_sprint_symbol(const struct kallsyms_table *tab, uintptr_t addr,
			   char *buf, size_t len);

/**
 * kallsyms_check - is the table well formed: offsets ascending and inside
 * @text_size, name offsets inside @names_size?
 * @tab: the table.
 * @names_size: bytes at @tab->names.
 * Return: 0, or -EINVAL (the first bad index reported).
 * Context: any.
 */
int kallsyms_check(const struct kallsyms_table *tab, size_t names_size);

#endif
