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
__SYSCALL(__NR_rt_sigaction, rt_sigaction)
__SYSCALL(__NR_rt_sigprocmask, rt_sigprocmask)
__SYSCALL(__NR_rt_sigreturn, rt_sigreturn)
__SYSCALL(__NR_pause, pause)
__SYSCALL(__NR_kill, kill)
__SYSCALL(__NR_rt_sigpending, rt_sigpending)
__SYSCALL(__NR_rt_sigtimedwait, rt_sigtimedwait)
__SYSCALL(__NR_rt_sigsuspend, rt_sigsuspend)
__SYSCALL(__NR_sigaltstack, sigaltstack)
__SYSCALL(__NR_tkill, tkill)
__SYSCALL(__NR_tgkill, tgkill)
