// SPDX-License-Identifier: MIT
/*
 * The empty symbol table of the first link (keel.tmp.elf); the final link
 * uses the table tools/kallsyms.py writes from it instead.
 */
#include "kernel/kallsyms.h"

const u32 kallsyms_num = 0;
const u32 kallsyms_offsets[1];
const u32 kallsyms_name_offsets[1];
const char kallsyms_names[1];
const u32 kallsyms_names_size = 1;
