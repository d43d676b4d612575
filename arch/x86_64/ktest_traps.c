// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of the CPU tables, exceptions and interrupt dispatch.
 * Every exception kernel code can raise on purpose is raised at an
 * instruction with an exception-table entry and must come back through
 * the fixup with the decoded fields recorded in last_fixup.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/asm_extable.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/set_memory.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/arch/traps.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/*
 * @insn at label 1 with a fixup to label 2; the address of label 1 goes to
 * operand [at].
 */
#define FAULT_SITE(insn)                                                       \
	"leaq 1f(%%rip), %[at]\n\t"                                            \
	"1: " insn "\n"                                                        \
	"2:\n\t" _ASM_EXTABLE(1b, 2b)

static volatile unsigned long zero;
static const unsigned long readonly_word = 0x1234;

static void expect_fixup(struct ktest_ctx *t, unsigned long at,
			 unsigned long vector, unsigned long error_code)
{
	KTEST_EXPECT_EQ(t, last_fixup.vector, vector);
	KTEST_EXPECT_EQ(t, last_fixup.rip, at);
	KTEST_EXPECT_EQ(t, last_fixup.error_code, error_code);
}

KTEST(traps, traps_divide_error)
{
	unsigned long at;

	memset(&last_fixup, 0, sizeof(last_fixup));
	unsigned long a = 1, d = 0;

	__asm__ volatile(FAULT_SITE("divq %[z]")
			 : [at] "=&r"(at), "+a"(a), "+d"(d)
			 : [z] "r"(zero)
			 : "memory");
	expect_fixup(t, at, X86_TRAP_DE, 0);
}

KTEST(traps, traps_invalid_opcode)
{
	unsigned long at;

	memset(&last_fixup, 0, sizeof(last_fixup));
	__asm__ volatile(FAULT_SITE("ud2") : [at] "=&r"(at) : : "memory");
	expect_fixup(t, at, X86_TRAP_UD, 0);
}

KTEST(traps, traps_breakpoint)
{
	unsigned long before = exception_counts[X86_TRAP_BP], at;

	memset(&last_fixup, 0, sizeof(last_fixup));
	__asm__ volatile(FAULT_SITE("int3") : [at] "=&r"(at) : : "memory");
	expect_fixup(t, at, X86_TRAP_BP, 0);
	KTEST_EXPECT_EQ(t, exception_counts[X86_TRAP_BP], before + 1);
}

KTEST(traps, traps_general_protection)
{
	unsigned long at;

	memset(&last_fixup, 0, sizeof(last_fixup));
	/* A non-canonical address: #GP with error code 0. */
	__asm__ volatile(FAULT_SITE("movq (%[p]), %%rax")
			 : [at] "=&r"(at)
			 : [p] "r"(0x8000000000000000UL)
			 : "rax", "memory");
	expect_fixup(t, at, X86_TRAP_GP, 0);
	/* Loading a selector past the GDT limit: the code names it. */
	__asm__ volatile(FAULT_SITE("movw %w[sel], %%ds")
			 : [at] "=&r"(at)
			 : [sel] "r"(0xfff8UL)
			 : "memory");
	expect_fixup(t, at, X86_TRAP_GP, 0xfff8);
}

KTEST(traps, traps_page_fault_unmapped)
{
	unsigned long at;
	char text[64];

	memset(&last_fixup, 0, sizeof(last_fixup));
	__asm__ volatile(FAULT_SITE("movq (%[p]), %%rax")
			 : [at] "=&r"(at)
			 : [p] "r"(0x10UL)
			 : "rax", "memory");
	expect_fixup(t, at, X86_TRAP_PF, 0);
	KTEST_EXPECT_EQ(t, last_fixup.cr2, 0x10);
	pf_error_decode(last_fixup.error_code, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "not-present read kernel");
}

KTEST(traps, traps_page_fault_write_readonly)
{
	unsigned long addr = (unsigned long)&readonly_word, at, flags;

	/* The test needs .rodata mapped read-only. */
	KTEST_ASSERT_TRUE(t, lookup_pte_flags(addr & PAGE_MASK, &flags) == 0);
	if (flags & BIT(1)) {
		ktest_skip(t, ".rodata is mapped writable here");
		return;
	}
	memset(&last_fixup, 0, sizeof(last_fixup));
	__asm__ volatile(FAULT_SITE("movq $0, (%[p])")
			 : [at] "=&r"(at)
			 : [p] "r"(addr)
			 : "memory");
	expect_fixup(t, at, X86_TRAP_PF, X86_PF_PROT | X86_PF_WRITE);
	KTEST_EXPECT_EQ(t, last_fixup.cr2, addr);
	KTEST_EXPECT_EQ(t, readonly_word, 0x1234);
}

KTEST(traps, traps_safe_accessors)
{
	unsigned long gp = exception_counts[X86_TRAP_GP];
	u64 v = 1;
	int err;

	/* An MSR no CPU has: #GP on hardware; QEMU's TCG reads 0 instead. */
	err = rdmsr_safe(0x12345678, &v);
	if (exception_counts[X86_TRAP_GP] != gp)
		KTEST_EXPECT_EQ(t, err, (unsigned long)-EIO);
	else
		ktest_diag("rdmsr of a missing MSR did not fault here (TCG)");
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, rdmsr_safe(0x1b, &v), 0); /* IA32_APIC_BASE */
	KTEST_EXPECT_TRUE(t, v & BIT(11));
	KTEST_EXPECT_EQ(t, probe_read_u64((void *)0x18, &v),
			(unsigned long)-EFAULT);
	KTEST_EXPECT_EQ(t, probe_read_u64(&readonly_word, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0x1234);
	KTEST_EXPECT_EQ(t, probe_read_u64((void *)0xdead000000000000UL, &v),
			(unsigned long)-EFAULT);
}

KTEST(traps, cpu_tables_loaded)
{
	struct desc_ptr gdt, idt;
	unsigned long flags;

	store_gdt(&gdt);
	store_idt(&idt);
	KTEST_EXPECT_EQ(t, idt.size, NR_VECTORS * 16 - 1);
	KTEST_EXPECT_EQ(t, idt.address, (unsigned long)idt_table);
	KTEST_EXPECT_EQ(t, gdt.size, GDT_ENTRIES * 8 - 1);
	KTEST_EXPECT_EQ(t, store_tr(), TSS_SELECTOR);
	/* DPL 3 on the int 0x80 gate and int3, ISTs on #DF, NMI, #MC. */
	KTEST_EXPECT_EQ(t, (idt_table[IA32_SYSCALL_VECTOR].type_attr >> 5) & 3,
			3);
	KTEST_EXPECT_EQ(t, (idt_table[X86_TRAP_BP].type_attr >> 5) & 3, 3);
	KTEST_EXPECT_EQ(t, (idt_table[X86_TRAP_PF].type_attr >> 5) & 3, 0);
	KTEST_EXPECT_EQ(t, idt_table[X86_TRAP_DF].ist, IST_INDEX_DF);
	KTEST_EXPECT_EQ(t, idt_table[X86_TRAP_NMI].ist, IST_INDEX_NMI);
	KTEST_EXPECT_EQ(t, idt_table[X86_TRAP_MC].ist, IST_INDEX_MC);
	for (int v = 0; v < NR_VECTORS; v++)
		KTEST_EXPECT_TRUE(t, idt_table[v].type_attr & 0x80);
	/* Each IST stack is known, with an unmapped guard page below. */
	for (int i = 0; i < N_EXCEPTION_STACKS; i++) {
		unsigned long lo, hi;

		KTEST_ASSERT_TRUE(
			t, stack_name_of(cpu_tss.ist[i] - 8, &lo, &hi) != NULL);
		KTEST_EXPECT_EQ(t, hi, cpu_tss.ist[i]);
		/* The guard page has no mapping at all (-EFAULT)... */
		KTEST_EXPECT_EQ(t, lookup_pte_flags(lo - PAGE_SIZE, &flags),
				-EFAULT);
		/* ...the stack itself is mapped present. */
		KTEST_EXPECT_EQ(t, lookup_pte_flags(lo, &flags), 0);
		KTEST_EXPECT_TRUE(t, flags & 1);
	}
	KTEST_EXPECT_EQ(t, lookup_pte_flags(boot_stack_guard(), &flags),
			-EFAULT);
	KTEST_EXPECT_EQ(
		t, lookup_pte_flags(boot_stack_guard() + PAGE_SIZE, &flags), 0);
}

KTEST(traps, traps_nmi_counted)
{
	unsigned long before = nmi_count();

	apic_send_nmi_self();
	for (int i = 0; i < 1000000 && nmi_count() == before; i++)
		cpu_relax();
	KTEST_EXPECT_EQ(t, nmi_count(), before + 1);
}

KTEST(irq, irq_legacy_syscall_gate)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(0L) : "memory");
	KTEST_EXPECT_EQ(t, ret, -ENOSYS);
}

static unsigned long ipi_hits;

static irqreturn_t ipi_handler(int irq, void *dev)
{
	(void)irq;
	*(unsigned long *)dev += 1;
	return IRQ_HANDLED;
}

#define TEST_IPI_VECTOR 0xe0
#define UNCLAIMED_VECTOR 0xe1

KTEST(irq, irq_dispatch_and_spurious)
{
	unsigned long spurious = irq_spurious_count();
	unsigned long flags = local_irq_save();

	KTEST_ASSERT_TRUE(t, request_system_vector(TEST_IPI_VECTOR, ipi_handler,
						   "test", &ipi_hits) == 0);
	apic_send_ipi_self(TEST_IPI_VECTOR);
	local_irq_enable();
	for (int i = 0; i < 1000000 && ipi_hits == 0; i++)
		cpu_relax();
	KTEST_EXPECT_EQ(t, ipi_hits, 1);
	KTEST_EXPECT_EQ(t, irq_desc[TEST_IPI_VECTOR].count, 1);
	/* A vector nobody claimed is counted, not fatal. */
	apic_send_ipi_self(UNCLAIMED_VECTOR);
	for (int i = 0; i < 1000000 && irq_spurious_count() == spurious; i++)
		cpu_relax();
	local_irq_restore(flags);
	if (!(flags & X86_EFLAGS_IF))
		local_irq_disable();
	KTEST_EXPECT_EQ(t, irq_spurious_count(), spurious + 1);
	KTEST_EXPECT_EQ(t, irq_desc[UNCLAIMED_VECTOR].unhandled, 1);
}

KTEST(traps, kallsyms_names_functions)
{
	char buf[KSYM_SYMBOL_LEN];
	u64 size, off;
	const char *name = kernel_symbol((unsigned long)trap_init, &size, &off);

	KTEST_ASSERT_TRUE(t, name != NULL);
	KTEST_EXPECT_STREQ(t, name, "trap_init");
	KTEST_EXPECT_EQ(t, off, 0);
	KTEST_EXPECT_TRUE(t, size > 0);
	sprint_symbol(buf, sizeof(buf), (unsigned long)ktest_run + 1);
	KTEST_EXPECT_TRUE(t, !strncmp(buf, "ktest_run+0x1/0x", 16));
}
