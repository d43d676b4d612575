/* SPDX-License-Identifier: MIT */
/*
 * _ASM_EXTABLE(from, to): an exception-table entry (kernel/lib/extable.h)
 * from inline assembly: if the instruction at label @from faults, the
 * handler resumes at label @to. _ASM_EXTABLE_FAULT also puts the vector
 * number in %rax.
 */
#ifndef KEEL_ARCH_X86_64_ASM_EXTABLE_H
#define KEEL_ARCH_X86_64_ASM_EXTABLE_H

#include "kernel/lib/extable.h"

#define __EX_STR(x) #x
#define EX_STR(x) __EX_STR(x)

#define _ASM_EXTABLE_TYPE(from, to, type)                                      \
	".pushsection __ex_table, \"a\"\n\t"                                   \
	".balign 4\n\t"                                                        \
	".long (" #from ") - .\n\t"                                            \
	".long (" #to ") - .\n\t"                                              \
	".long " EX_STR(type) "\n\t"                                           \
			      ".popsection\n\t"

#define _ASM_EXTABLE(from, to) _ASM_EXTABLE_TYPE(from, to, EX_TYPE_DEFAULT)
#define _ASM_EXTABLE_FAULT(from, to) _ASM_EXTABLE_TYPE(from, to, EX_TYPE_FAULT)

#endif
