/* SPDX-License-Identifier: MIT */
/*
 * The system calls keel implements: __SYSCALL(number, name) for each,
 * the handler being __x64_sys_<name> (kernel/syscalls.h). Included by
 * arch/x86_64/syscall_64.c to build the table; every number not listed
 * is sys_ni_syscall (ENOSYS, logged once per number). No include guard.
 */

/* --- processes, memory, time, misc (kernel/, mm/, arch/) --- */

/* --- files (fs/) --- */
__SYSCALL(__NR_read, read)
__SYSCALL(__NR_write, write)
__SYSCALL(__NR_open, open)
__SYSCALL(__NR_close, close)
__SYSCALL(__NR_stat, stat)
__SYSCALL(__NR_fstat, fstat)
__SYSCALL(__NR_lstat, lstat)
__SYSCALL(__NR_lseek, lseek)
__SYSCALL(__NR_pread64, pread64)
__SYSCALL(__NR_pwrite64, pwrite64)
__SYSCALL(__NR_readv, readv)
__SYSCALL(__NR_writev, writev)
__SYSCALL(__NR_access, access)
__SYSCALL(__NR_pipe, pipe)
__SYSCALL(__NR_dup, dup)
__SYSCALL(__NR_dup2, dup2)
__SYSCALL(__NR_fcntl, fcntl)
__SYSCALL(__NR_ioctl, ioctl)
__SYSCALL(__NR_getdents64, getdents64)
__SYSCALL(__NR_getcwd, getcwd)
__SYSCALL(__NR_chdir, chdir)
__SYSCALL(__NR_fchdir, fchdir)
__SYSCALL(__NR_mkdir, mkdir)
__SYSCALL(__NR_rmdir, rmdir)
__SYSCALL(__NR_creat, creat)
__SYSCALL(__NR_unlink, unlink)
__SYSCALL(__NR_umask, umask)
__SYSCALL(__NR_openat, openat)
__SYSCALL(__NR_mkdirat, mkdirat)
__SYSCALL(__NR_unlinkat, unlinkat)
__SYSCALL(__NR_newfstatat, newfstatat)
__SYSCALL(__NR_faccessat, faccessat)
__SYSCALL(__NR_pipe2, pipe2)
__SYSCALL(__NR_dup3, dup3)
__SYSCALL(__NR_faccessat2, faccessat2)
__SYSCALL(__NR_readlink, readlink)
__SYSCALL(__NR_readlinkat, readlinkat)
__SYSCALL(__NR_ftruncate, ftruncate)

/* --- signals (kernel/signal.c, arch/x86_64/signal.c) --- */
