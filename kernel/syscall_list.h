/* SPDX-License-Identifier: MIT */
/*
 * The system calls keel implements: __SYSCALL(number, name) for each,
 * the handler being __x64_sys_<name> (kernel/syscalls.h). Included by
 * arch/x86_64/syscall_64.c to build the table; every number not listed
 * is sys_ni_syscall (ENOSYS, logged once per number). No include guard.
 */

/* --- processes, memory, time, misc (kernel/, mm/, arch/) --- */
__SYSCALL(__NR_mmap, mmap)
__SYSCALL(__NR_mprotect, mprotect)
__SYSCALL(__NR_munmap, munmap)
__SYSCALL(__NR_brk, brk)
__SYSCALL(__NR_sched_yield, sched_yield)
__SYSCALL(__NR_mremap, mremap)
__SYSCALL(__NR_madvise, madvise)
__SYSCALL(__NR_nanosleep, nanosleep)
__SYSCALL(__NR_getpid, getpid)
__SYSCALL(__NR_clone, clone)
__SYSCALL(__NR_fork, fork)
__SYSCALL(__NR_vfork, vfork)
__SYSCALL(__NR_execve, execve)
__SYSCALL(__NR_exit, exit)
__SYSCALL(__NR_wait4, wait4)
__SYSCALL(__NR_uname, uname)
__SYSCALL(__NR_gettimeofday, gettimeofday)
__SYSCALL(__NR_getrlimit, getrlimit)
__SYSCALL(__NR_sysinfo, sysinfo)
__SYSCALL(__NR_getuid, getuid)
__SYSCALL(__NR_getgid, getgid)
__SYSCALL(__NR_setuid, setuid)
__SYSCALL(__NR_setgid, setgid)
__SYSCALL(__NR_geteuid, geteuid)
__SYSCALL(__NR_getegid, getegid)
__SYSCALL(__NR_setpgid, setpgid)
__SYSCALL(__NR_getppid, getppid)
__SYSCALL(__NR_getpgrp, getpgrp)
__SYSCALL(__NR_setsid, setsid)
__SYSCALL(__NR_getgroups, getgroups)
__SYSCALL(__NR_getresuid, getresuid)
__SYSCALL(__NR_getresgid, getresgid)
__SYSCALL(__NR_getpgid, getpgid)
__SYSCALL(__NR_getsid, getsid)
__SYSCALL(__NR_prctl, prctl)
__SYSCALL(__NR_arch_prctl, arch_prctl)
__SYSCALL(__NR_setrlimit, setrlimit)
__SYSCALL(__NR_reboot, reboot)
__SYSCALL(__NR_gettid, gettid)
__SYSCALL(__NR_time, time)
__SYSCALL(__NR_set_tid_address, set_tid_address)
__SYSCALL(__NR_clock_gettime, clock_gettime)
__SYSCALL(__NR_clock_getres, clock_getres)
__SYSCALL(__NR_clock_nanosleep, clock_nanosleep)
__SYSCALL(__NR_exit_group, exit_group)
__SYSCALL(__NR_waitid, waitid)
__SYSCALL(__NR_set_robust_list, set_robust_list)
__SYSCALL(__NR_prlimit64, prlimit64)
__SYSCALL(__NR_getrandom, getrandom)

/* --- files (fs/) --- */
__SYSCALL(__NR_write, write)

/* --- signals (kernel/signal.c, arch/x86_64/signal.c) --- */
