// SPDX-License-Identifier: MIT
/*
 * The oops: what a fatal kernel exception prints before the panic.
 *
 *   BUG: unable to handle page fault for address: 0x0000000000000008
 *   #PF: error_code(0x0000) - not-present read kernel
 *   Oops: #PF page fault [#1]
 *   RIP: 0010:crash_test_run+0x7d/0x1b0
 *   RSP: 0018:ffffffff81047f50 EFLAGS: 00010246
 *   RAX: ... RBX: ... RCX: ...            (every general register)
 *   CR0: ... CR2: ... CR3: ... CR4: ...
 *   Call Trace:
 *    crash_test_run+0x7d/0x1b0
 *    start_kernel+0x51/0x90
 *    ...
 *   Kernel panic - not syncing: Fatal exception
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/kallsyms.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "kernel/sched.h"

#define MAX_TRACE_FRAMES 32
#define ERROR_TEXT_MAX 96

static int die_counter;

void rewind_stack_and_make_dead(int signr) __noreturn;

void show_regs(const struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, sizeof(sym), regs->rip);
	pr_emerg("RIP: %04lx:%s", regs->cs, sym);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx", regs->ss, regs->rsp,
		 regs->rflags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx", regs->rax, regs->rbx,
		 regs->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx", regs->rdx, regs->rsi,
		 regs->rdi);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx", regs->rbp, regs->r8,
		 regs->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx", regs->r10, regs->r11,
		 regs->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx", regs->r13, regs->r14,
		 regs->r15);
	pr_emerg("CR0: %016llx CR2: %016llx CR3: %016llx CR4: %016llx",
		 (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
		 (unsigned long long)read_cr3(),
		 (unsigned long long)read_cr4());
}

void show_trace(unsigned long rip, unsigned long rbp)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned long lo, hi;

	pr_emerg("Call Trace:");
	sprint_symbol(sym, sizeof(sym), rip);
	pr_emerg(" %s", sym);
	for (int i = 0; i < MAX_TRACE_FRAMES && rbp; i++) {
		u64 next, ret;

		/* A frame is [saved rbp][return address] on a kernel stack. */
		if (!stack_name_of(rbp, &lo, &hi) || rbp + 16 > hi || (rbp & 7))
			break;
		if (probe_read_u64((void *)rbp, &next) ||
		    probe_read_u64((void *)(rbp + 8), &ret) || !ret)
			break;
		sprint_symbol(sym, sizeof(sym), ret);
		pr_emerg(" %s", sym);
		if (next <= rbp)
			break; /* frames go up the stack, or the chain ends */
		rbp = next;
	}
}

void dump_stack(void)
{
	/* Start at our caller: its rbp is the one our frame saved. */
	show_trace((unsigned long)__builtin_return_address(0),
		   *(unsigned long *)__builtin_frame_address(0));
}

/* A fault address in the current task's stack guard page: say so. */
static bool report_task_guard_hit(unsigned long addr)
{
	struct task_struct *tsk = current;
	unsigned long lo, hi;

	if (!task_stack_contains(tsk, addr, &lo, &hi) || addr >= lo)
		return false;
	pr_emerg("BUG: stack guard page hit at 0x%016lx by task %s[%d] "
		 "(stack is 0x%016lx-0x%016lx)",
		 addr, tsk->comm, tsk->pid, lo, hi - 1);
	return true;
}

/* The first line(s): what went wrong, with the error code decoded. */
static void print_fault(const struct pt_regs *regs, unsigned long cr2)
{
	char text[ERROR_TEXT_MAX];
	const char *name = x86_exception_name(regs->vector);
	unsigned long lo, hi;

	if (regs->vector == X86_TRAP_PF) {
		report_task_guard_hit(cr2);
		pr_emerg("BUG: unable to handle page fault for address: "
			 "0x%016lx",
			 cr2);
		pf_error_decode(regs->error_code, text, sizeof(text));
		pr_emerg("#PF: error_code(0x%04lx) - %s", regs->error_code,
			 text);
	} else if (x86_error_code_is_selector(regs->vector)) {
		selector_error_decode(regs->error_code, text, sizeof(text));
		pr_emerg("%.3s: error_code(0x%04lx) - %s", name,
			 regs->error_code, text);
	} else if (regs->vector == X86_TRAP_DF) {
		/* A push into a guard page: the #PF could not be delivered
		 * on the same stack, so CR2 names the guard page. */
		const char *stack = stack_name_of(cr2 + PAGE_SIZE, &lo, &hi);

		if (!report_task_guard_hit(cr2) && stack && cr2 < lo)
			pr_emerg("BUG: stack guard page was hit at 0x%016lx "
				 "(%s stack is 0x%016lx-0x%016lx)",
				 cr2, stack, lo, hi - 1);
	}
	pr_emerg("Oops: %s [#%d]", name, die_counter);
	pr_emerg("CPU: %d PID: %d Comm: %.16s", smp_processor_id(),
		 current->pid, current->comm);
}

static DEFINE_PER_CPU(int, die_nest);

/*
 * After the report: panic where going on is not safe (Linux's oops_end):
 * in an interrupt, in the idle task, in atomic context or with interrupts
 * off, or when panic_on_oops asks for it. Otherwise only the task dies.
 */
static void __noreturn oops_end(const struct pt_regs *regs)
{
	struct task_struct *tsk = current;

	if (in_interrupt())
		panic("Fatal exception in interrupt");
	if (panic_on_oops)
		panic("Fatal exception");
	if (is_idle_task(tsk) || preempt_count() != 0 ||
	    !(regs->rflags & X86_EFLAGS_IF))
		panic("Fatal exception");
	pr_emerg("---[ end trace %016lx ]---", (unsigned long)die_counter);
	pr_emerg("oops: killing %s[%d]; the kernel goes on", tsk->comm,
		 tsk->pid);
	(*this_cpu_ptr(&die_nest))--;
	rewind_stack_and_make_dead(SIGSEGV);
}

void die(struct pt_regs *regs, unsigned long cr2)
{
	int *nest;

	local_irq_disable();
	nest = this_cpu_ptr(&die_nest);
	die_counter++;
	if ((*nest)++ > 0) {
		pr_emerg("Oops while oopsing: %s at 0x%lx",
			 x86_exception_name(regs->vector), regs->rip);
		panic("Fatal exception in the oops code");
	}
	if (regs->vector == X86_TRAP_DF)
		cr2 = read_cr2();
	print_fault(regs, cr2);
	show_regs(regs);
	show_trace(regs->rip, regs->rbp);
	oops_end(regs);
}
