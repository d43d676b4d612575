// SPDX-License-Identifier: MIT
/*
 * Exception handling after trap_init. Every architectural vector lands in
 * do_exception with a struct pt_regs:
 *   - NMI: counted, and the machine goes on;
 *   - a kernel fault whose instruction has an exception-table entry:
 *     recorded in last_fixup and resumed at the fixup (int3 included: its
 *     instruction is the byte before the saved rip);
 *   - anything else in kernel mode: an oops (die), then panic.
 * (keel has no user mode yet; a user-mode fault will become a signal.)
 */
#include "arch/x86_64/traps.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "kernel/arch/traps.h"
#include "kernel/lib/extable.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"

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
	if (regs->vector == X86_TRAP_BP)
		insn -= INT3_INSN_SIZE; /* a trap: rip is past the int3 */
	/* #DF and #MC are aborts: the state is not restartable. */
	if (regs->vector != X86_TRAP_DF && regs->vector != X86_TRAP_MC &&
	    !user_mode(regs) && fixup_exception(regs, insn, cr2))
		return;
	die(regs, cr2);
}

void trap_init(void)
{
	int bad = extable_check(__start___ex_table, __stop___ex_table);

	if (bad)
		panic("exception table has %d bad entries", bad);
	cpu_tables_init();
	idt_setup();
	pr_info("traps: IDT with %d gates, TSS with IST stacks for #DF, NMI "
		"and #MC, %ld exception-table entries",
		NR_VECTORS, (long)(__stop___ex_table - __start___ex_table));
}
