/* SPDX-License-Identifier: MIT */
/*
 * Boot-only code and data. Functions marked __init and data marked
 * __initdata live in .init.text / .init.data, which are freed (unmapped and
 * given to the page allocator) once boot is over: "Freeing unused kernel
 * image (initmem) memory". Nothing may call or read them after that.
 *
 * Two tables in init memory let code register itself where it lives,
 * instead of start_kernel growing a call or a list entry per subsystem
 * (arch/x86_64/kernel.ld places them, seed 000's order):
 *
 *   .init.setup          __setup_start .. __setup_end: kernel parameters.
 *                        early_param("name", fn) is called by
 *                        parse_early_params() before setup_arch;
 *                        __setup("name=", fn) by parse_boot_args() after
 *                        it (kernel/main.c).
 *                        Rules: kernel/lib/setup_params.h; every name is
 *                        listed in Documentation/kernel-parameters.md.
 *   .initcall<level>.init __initcall_start .. __initcall_end: functions
 *                        kernel_init runs, level by level (early, pure,
 *                        core, postcore, arch, subsys, fs, rootfs, device,
 *                        late), in link order within a level; each returns
 *                        0 or a negative errno, which is reported.
 *   .con_initcall.init   __con_initcall_start .. __con_initcall_end:
 *                        consoles, registered by console_init() in
 *                        start_kernel right after the early parameters.
 */
#ifndef KEEL_KERNEL_INIT_H
#define KEEL_KERNEL_INIT_H

#include "kernel/lib/setup_params.h"

#define __init __attribute__((section(".init.text"), cold, noinline))
#define __initdata __attribute__((section(".init.data")))
#define __initconst __attribute__((section(".init.rodata")))

/* --- kernel parameters --- */

#define __setup_param(str, unique_id, fn, early)                               \
	static const char __setup_str_##unique_id[] __initconst = str;         \
	static const struct obs_kernel_param __setup_##unique_id               \
		__attribute__((used, section(".init.setup"),                   \
			       aligned(sizeof(long)))) = {                     \
			__setup_str_##unique_id, fn, early}

/* A parameter parse_args() hands to @fn: it returns 1 when it took it. */
#define __setup(str, fn) __setup_param(str, fn, fn, 0)
/* A parameter parse_early_param() hands to @fn: it returns 0 when good. */
#define early_param(str, fn) __setup_param(str, fn, fn, 1)

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/* --- initcalls --- */

typedef int (*initcall_t)(void);

#define __define_initcall(fn, id)                                              \
	static const initcall_t __initcall_##fn##id                            \
		__attribute__((used, section(".initcall" #id ".init"),         \
			       aligned(sizeof(long)))) = fn

#define early_initcall(fn) __define_initcall(fn, early)
#define pure_initcall(fn) __define_initcall(fn, 0)
#define core_initcall(fn) __define_initcall(fn, 1)
#define postcore_initcall(fn) __define_initcall(fn, 2)
#define arch_initcall(fn) __define_initcall(fn, 3)
#define subsys_initcall(fn) __define_initcall(fn, 4)
#define fs_initcall(fn) __define_initcall(fn, 5)
#define rootfs_initcall(fn) __define_initcall(fn, rootfs)
#define device_initcall(fn) __define_initcall(fn, 6)
#define late_initcall(fn) __define_initcall(fn, 7)

#define console_initcall(fn)                                                   \
	static const initcall_t __initcall_##fn##con                           \
		__attribute__((used, section(".con_initcall.init"),            \
			       aligned(sizeof(long)))) = fn

/* Set by `initcall_debug`: time every initcall (kernel/main.c). */
extern bool initcall_debug;

/*
 * do_one_initcall - call @fn, report a non-zero return (and with
 * initcall_debug its time, as Linux's "calling"/"returned" lines), and
 * check it left preemption and interrupts as it found them.
 */
int do_one_initcall(initcall_t fn);

/* console_init - run the console initcalls. Context: start_kernel. */
void console_init(void);

#endif
