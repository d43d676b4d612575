/* SPDX-License-Identifier: MIT */
/*
 * The kernel image's section boundaries (_text, _etext, __init_begin ...,
 * from the linker script) and __pa_symbol(), the physical address of an
 * image symbol: the architecture defines both (arch/x86_64/head64.h).
 */
#ifndef KEEL_KERNEL_ARCH_SECTIONS_H
#define KEEL_KERNEL_ARCH_SECTIONS_H

#include "arch/x86_64/head64.h"

#endif
