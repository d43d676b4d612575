// SPDX-License-Identifier: MIT
/*
 * The 64-bit system call ABI (Linux's arch/x86/entry/common.c and
 * syscall_64.c): MSR_LSTAR points at entry_SYSCALL_64, MSR_STAR gives the
 * selectors (syscall loads CS = 0x10, SS = 0x18; sysretq loads CS = 0x33,
 * SS = 0x2b, from base 0x23), MSR_SYSCALL_MASK clears IF, TF, DF, AC, NT
 * (and IOPL) on entry, as Linux's does (0x47700).
 *
 * do_syscall_64 calls the table's handler with the frame (arguments in
 * rdi, rsi, rdx, r10, r8, r9), stores its return value in rax, does the
 * exit work, and decides how to return: sysretq only when the frame
 * still looks like what sysretq would restore (rcx == rip, r11 ==
 * rflags, user selectors, no TF/RF) and rip is canonical -- sysretq with
 * a non-canonical rcx raises #GP in kernel mode on Intel CPUs with the
 * user's rsp (the SYSRET hazard), so that case returns with iretq.
 *
 * int 0x80 from 64-bit code is not a system call on keel: vector 0x80
 * keeps its DPL 3 gate, and common_interrupt answers -ENOSYS in rax (no
 * 32-bit table; Linux with IA32 emulation runs its 32-bit calls).
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/ptrace.h"
#include "arch/x86_64/segment.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/init.h"
#include "kernel/entry.h"
#include "kernel/lib/log.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

_Static_assert(__builtin_offsetof(struct pcpu_hot, user_rsp_scratch) == 40,
	       "entry_64.asm: PCPU_USER_RSP");
_Static_assert(USER_CS == 0x33 && USER_DS == 0x2b,
	       "entry_64.asm: USER_CS, USER_DS");

extern void entry_SYSCALL_64(void);

/* Declarations of every handler the list names. */
#define __SYSCALL(nr, sym) long __x64_sys_##sym(const struct pt_regs *regs);
#include "kernel/syscall_list.h"
#undef __SYSCALL

#define __SYSCALL(nr, sym) [nr] = __x64_sys_##sym,
const sys_call_ptr_t sys_call_table[NR_syscalls] = {
#include "kernel/syscall_list.h"
};
#undef __SYSCALL

/* One bit per number: ENOSYS already logged. */
static unsigned long ni_logged[(NR_syscalls + 1 + 63) / 64];

long sys_ni_syscall(const struct pt_regs *regs)
{
	unsigned long nr = regs->orig_ax;
	unsigned long slot = nr < NR_syscalls ? nr : NR_syscalls;
	unsigned long bit = 1UL << (slot % 64);

	if (!(__atomic_fetch_or(&ni_logged[slot / 64], bit, __ATOMIC_RELAXED) &
	      bit))
		pr_info("%s[%d]: syscall %ld not implemented: -ENOSYS",
			current->comm, current->pid, (long)nr);
	return -ENOSYS;
}

static bool sysret_allowed(const struct pt_regs *regs)
{
	if (regs->rcx != regs->rip || regs->r11 != regs->rflags)
		return false;
	if (regs->cs != USER_CS || regs->ss != USER_DS)
		return false;
	if (regs->rflags & (X86_EFLAGS_RF | X86_EFLAGS_TF))
		return false;
	/* Canonical and in user space (the SYSRET hazard). */
	return regs->rip < task_size_max;
}

bool do_syscall_64(struct pt_regs *regs);

bool do_syscall_64(struct pt_regs *regs)
{
	unsigned long nr = regs->orig_ax;
	sys_call_ptr_t fn = NULL;

	local_irq_enable();
	if (nr < NR_syscalls)
		fn = sys_call_table[nr];
	regs->rax = (unsigned long)(fn ? fn(regs) : sys_ni_syscall(regs));
	exit_to_user_mode(regs);
	return sysret_allowed(regs);
}

void __init syscall_init(void)
{
	wrmsr(MSR_STAR, ((u64)USER32_CS << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)(unsigned long)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_IF |
					X86_EFLAGS_IOPL | X86_EFLAGS_NT |
					X86_EFLAGS_AC);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* User space's GS base while in the kernel. */
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
