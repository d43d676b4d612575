// SPDX-License-Identifier: MIT
/*
 * Exception handling after trap_init. Every architectural vector lands in
 * do_exception with a struct pt_regs:
 *   - NMI: counted, and the machine goes on;
 *   - a kernel fault whose instruction has an exception-table entry:
 *     recorded in last_fixup and resumed at the fixup (int3 included: its
 *     instruction is the byte before the saved rip);
 *   - anything else in kernel mode: an oops (die), then panic.
 *   - a page fault on a user address, from user mode or from a uaccess
 *     helper (an instruction with an exception-table entry): the user
 *     fault handler (mm/memory.c) maps the page, or the access is bad;
 *   - a bad access or any other exception in user mode: a signal, as
 *     Linux's (SIGSEGV with SEGV_MAPERR/SEGV_ACCERR and si_addr, SIGFPE,
 *     SIGILL, SIGTRAP, SIGBUS); the kernel never oopses for it.
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/traps.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "kernel/arch/traps.h"
#include "kernel/lib/extable.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/sched.h"
#include "kernel/entry.h"
#include "kernel/signal.h"
#include "arch/x86_64/signal.h"
#include "mm/mm_types.h"

#define INT3_INSN_SIZE 1

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

struct fault_record last_fixup;
unsigned long exception_counts[NR_EXCEPTION_VECTORS];
static unsigned long nmis;

unsigned long nmi_count(void)
{
	return nmis;
}

bool fixup_exception(struct pt_regs *regs, unsigned long insn,
		     unsigned long cr2)
{
	const struct exception_table_entry *e =
		search_extable(__start___ex_table, __stop___ex_table, insn);

	if (!e)
		return false;
	last_fixup = (struct fault_record){
		.vector = regs->vector,
		.error_code = regs->error_code,
		.cr2 = cr2,
		.rip = insn,
		.fixup = ex_fixup_addr(e),
	};
	regs->rip = ex_fixup_addr(e);
	if (e->type == EX_TYPE_FAULT)
		regs->rax = regs->vector;
	return true;
}

/* NMIs have no source to ask on keel's machines: count and go on. */
static void do_nmi(void)
{
	nmis++;
}

void do_exception(struct pt_regs *regs);

/*
 * A page fault on a user address. Return: true when handled (mapped, or
 * a signal sent to a user-mode task); false for the kernel paths (the
 * exception table, or an oops).
 */
static bool do_user_addr_fault(struct pt_regs *regs, unsigned long addr)
{
	bool user = user_mode(regs);
	struct mm_struct *mm;
	int si_code = SEGV_MAPERR, err;

	if (!user && addr >= task_size_max)
		return false; /* a kernel address: the kernel's own fault */
	mm = current->mm;
	if (addr >= task_size_max || !mm) {
		if (!user)
			return false;
		force_sig_fault(SIGSEGV, SEGV_MAPERR, (void __user *)addr);
		return true;
	}
	if (!user) {
		/* Only the uaccess helpers touch user memory (SMAP keeps
		 * the rest out); from atomic context they cannot sleep for
		 * a page, and fail as Linux's pagefault_disable does. */
		if (!search_extable(__start___ex_table, __stop___ex_table,
				    regs->rip))
			return false;
		if (preempt_count() || !(regs->rflags & X86_EFLAGS_IF))
			return false;
	}
	if (regs->rflags & X86_EFLAGS_IF)
		local_irq_enable();
	err = handle_user_fault(mm, addr, regs->error_code, &si_code);
	local_irq_disable();
	if (!err)
		return true;
	if (!user)
		return false;
	if (err == -ENOMEM) {
		pr_err("Out of memory: killed process %d (%s) on a fault at "
		       "0x%lx",
		       current->pid, current->comm, addr);
		do_group_exit(SIGKILL);
	}
	if (err == -ENXIO) {
		force_sig_fault(SIGBUS, BUS_ADRERR, (void __user *)addr);
		return true;
	}
	if (err == -EINVAL)
		pr_err("%s[%d]: page fault at 0x%lx error 0x%lx that the page "
		       "tables contradict",
		       current->comm, current->pid, addr, regs->error_code);
	pr_info("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx",
		current->comm, current->pid, addr, regs->rip, regs->rsp,
		regs->error_code);
	force_sig_fault(SIGSEGV, si_code, (void __user *)addr);
	return true;
}

/* Any other exception in user mode: the signal Linux sends for it. */
static void do_user_trap(struct pt_regs *regs)
{
	int sig = SIGSEGV, code = SI_KERNEL;
	unsigned long addr = 0;

	switch (regs->vector) {
	case X86_TRAP_DE:
		sig = SIGFPE;
		code = FPE_INTDIV;
		addr = regs->rip;
		break;
	case X86_TRAP_DB:
		sig = SIGTRAP;
		code = TRAP_TRACE;
		break;
	case X86_TRAP_BP:
		sig = SIGTRAP;
		code = SI_KERNEL;
		break;
	case X86_TRAP_UD:
		sig = SIGILL;
		code = ILL_ILLOPN;
		addr = regs->rip;
		break;
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		sig = SIGFPE;
		code = FPE_FLTINV;
		addr = regs->rip;
		break;
	case X86_TRAP_AC:
		sig = SIGBUS;
		code = BUS_ADRALN;
		break;
	case X86_TRAP_NP:
	case X86_TRAP_SS:
		sig = SIGBUS;
		break;
	default: /* #GP, #OF, #BR, #TS, ...: SIGSEGV, SI_KERNEL */
		break;
	}
	if (sig == SIGSEGV)
		pr_info("%s[%d] general protection fault ip:%lx sp:%lx "
			"error:%lx",
			current->comm, current->pid, regs->rip, regs->rsp,
			regs->error_code);
	force_sig_fault(sig, code, (void __user *)addr);
}

void do_exception(struct pt_regs *regs)
{
	/* Read CR2 before anything else can fault and overwrite it. */
	unsigned long cr2 = regs->vector == X86_TRAP_PF ? read_cr2() : 0;
	unsigned long insn = regs->rip;

	if (regs->vector >= NR_EXCEPTION_VECTORS)
		die(regs, cr2);
	exception_counts[regs->vector]++;
	if (regs->vector == X86_TRAP_NMI) {
		do_nmi();
		return;
	}
	if (smap_enabled)
		uaccess_clac(); /* iretq gives the interrupted code its AC */
	/* Any #PF from user mode, and kernel faults on user addresses. */
	if (regs->vector == X86_TRAP_PF && do_user_addr_fault(regs, cr2))
		return;
	if (user_mode(regs) && regs->vector != X86_TRAP_DF &&
	    regs->vector != X86_TRAP_MC) {
		do_user_trap(regs);
		return;
	}
	if (regs->vector == X86_TRAP_BP)
		insn -= INT3_INSN_SIZE; /* a trap: rip is past the int3 */
	/* #DF and #MC are aborts: the state is not restartable. */
	if (regs->vector != X86_TRAP_DF && regs->vector != X86_TRAP_MC &&
	    !user_mode(regs) && fixup_exception(regs, insn, cr2))
		return;
	die(regs, cr2);
}

#define CPUID_7_EBX_SMEP BIT(7)
#define CPUID_7_EBX_SMAP BIT(20)

/* SMEP, SMAP and the syscall MSRs of this CPU. */
static void cpu_init_user_features(void)
{
	u32 ebx = cpuid(0).eax >= 7 ? cpuid_count(7, 0).ebx : 0;
	u64 cr4 = read_cr4();

	if (ebx & CPUID_7_EBX_SMEP)
		cr4 |= X86_CR4_SMEP;
	if (ebx & CPUID_7_EBX_SMAP) {
		cr4 |= X86_CR4_SMAP;
		smap_enabled = true;
	}
	write_cr4(cr4);
	syscall_init();
	pr_info("x86/cpu: SMEP %s, SMAP %s; syscall/sysret enabled",
		(ebx & CPUID_7_EBX_SMEP) ? "on" : "not supported",
		(ebx & CPUID_7_EBX_SMAP) ? "on" : "not supported");
}

void trap_init(void)
{
	int bad = extable_check(__start___ex_table, __stop___ex_table);

	if (bad)
		panic("exception table has %d bad entries", bad);
	cpu_tables_init();
	idt_setup();
	cpu_init_user_features();
	pr_info("traps: IDT with %d gates, TSS with IST stacks for #DF, NMI "
		"and #MC, %ld exception-table entries",
		NR_VECTORS, (long)(__stop___ex_table - __start___ex_table));
}
