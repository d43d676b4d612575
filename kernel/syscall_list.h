/* SPDX-License-Identifier: MIT */
/*
 * The system calls keel implements: __SYSCALL(number, name) for each,
 * the handler being __x64_sys_<name> (kernel/syscalls.h). Included by
 * arch/x86_64/syscall_64.c to build the table; every number not listed
 * is sys_ni_syscall (ENOSYS, logged once per number). No include guard.
 */

/* --- processes, memory, time, misc (kernel/, mm/, arch/) --- */

/* --- files (fs/) --- */

/* --- signals (kernel/signal.c, arch/x86_64/signal.c) --- */
