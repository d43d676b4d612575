/* SPDX-License-Identifier: MIT */
/*
 * System call definitions, as Linux's include/linux/syscalls.h does them
 * for x86_64: every call is defined once with its typed arguments,
 *
 *   SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf,
 *                   size_t, count)
 *   { ... }
 *
 * which makes long __x64_sys_read(const struct pt_regs *regs), the entry
 * in the table (arch/x86_64/syscall_64.c, numbers in kernel/syscall_list.h),
 * taking the arguments from the registers of the Linux ABI: rdi, rsi,
 * rdx, r10, r8, r9. The return value goes to rax: a result, or -errno.
 */
#ifndef KEEL_KERNEL_SYSCALLS_H
#define KEEL_KERNEL_SYSCALLS_H

#include "kernel/arch/ptrace.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/types.h"
#include "kernel/uaccess.h"
#include "kernel/uapi/unistd_64.h"

typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

/* The argument registers of the syscall ABI, in order. */
#define __SC_ARG1(r) ((r)->rdi)
#define __SC_ARG2(r) ((r)->rsi)
#define __SC_ARG3(r) ((r)->rdx)
#define __SC_ARG4(r) ((r)->r10)
#define __SC_ARG5(r) ((r)->r8)
#define __SC_ARG6(r) ((r)->r9)

/* Declarations "t a" and casts "(t)regs->reg" from (t, a) pairs. */
#define __SC_DECL0()
#define __SC_DECL1(t1, a1) t1 a1
#define __SC_DECL2(t1, a1, ...) t1 a1, __SC_DECL1(__VA_ARGS__)
#define __SC_DECL3(t1, a1, ...) t1 a1, __SC_DECL2(__VA_ARGS__)
#define __SC_DECL4(t1, a1, ...) t1 a1, __SC_DECL3(__VA_ARGS__)
#define __SC_DECL5(t1, a1, ...) t1 a1, __SC_DECL4(__VA_ARGS__)
#define __SC_DECL6(t1, a1, ...) t1 a1, __SC_DECL5(__VA_ARGS__)

#define __SC_CAST(t, n) (t) __SC_ARG##n(regs)
#define __SC_ARGS0()
#define __SC_ARGS1(t1, a1) __SC_CAST(t1, 1)
#define __SC_ARGS2(t1, a1, t2, a2) __SC_CAST(t1, 1), __SC_CAST(t2, 2)
#define __SC_ARGS3(t1, a1, t2, a2, t3, a3)                                     \
	__SC_ARGS2(t1, a1, t2, a2), __SC_CAST(t3, 3)
#define __SC_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4)                             \
	__SC_ARGS3(t1, a1, t2, a2, t3, a3), __SC_CAST(t4, 4)
#define __SC_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                     \
	__SC_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4), __SC_CAST(t5, 5)
#define __SC_ARGS6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)             \
	__SC_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), __SC_CAST(t6, 6)

#define __SYSCALL_DEFINEx(x, name, ...)                                        \
	long __x64_sys_##name(const struct pt_regs *regs);                     \
	static long __do_sys_##name(__SC_DECL##x(__VA_ARGS__));                \
	long __x64_sys_##name(const struct pt_regs *regs)                      \
	{                                                                      \
		(void)regs;                                                    \
		return __do_sys_##name(__SC_ARGS##x(__VA_ARGS__));             \
	}                                                                      \
	static long __do_sys_##name(__SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE0(name)                                                  \
	long __x64_sys_##name(const struct pt_regs *regs);                     \
	static long __do_sys_##name(void);                                     \
	long __x64_sys_##name(const struct pt_regs *regs)                      \
	{                                                                      \
		(void)regs;                                                    \
		return __do_sys_##name();                                      \
	}                                                                      \
	static long __do_sys_##name(void)
#define SYSCALL_DEFINE1(name, ...) __SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) __SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) __SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) __SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) __SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) __SYSCALL_DEFINEx(6, name, __VA_ARGS__)

/* A call whose handler needs the whole frame (fork, execve, sigreturn):
 * long __x64_sys_NAME(struct pt_regs *regs) written out by hand. */
#define SYSCALL_DEFINE_REGS(name)                                              \
	long __x64_sys_##name(const struct pt_regs *regs)

/* The table (arch/x86_64/syscall_64.c) and the ENOSYS handler. */
extern const sys_call_ptr_t sys_call_table[NR_syscalls];
long sys_ni_syscall(const struct pt_regs *regs);

/* Linux's IS_ERR_VALUE for syscall returns that are addresses (mmap). */
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

#endif
