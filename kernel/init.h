/* SPDX-License-Identifier: MIT */
/*
 * Boot-only code and data. Functions marked __init and data marked
 * __initdata live in .init.text / .init.data, which are freed (unmapped and
 * given to the page allocator) once boot is over: "Freeing unused kernel
 * image (initmem) memory". Nothing may call or read them after that.
 */
#ifndef KEEL_KERNEL_INIT_H
#define KEEL_KERNEL_INIT_H

#define __init __attribute__((section(".init.text"), cold, noinline))
#define __initdata __attribute__((section(".init.data")))

#endif
