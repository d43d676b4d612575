// SPDX-License-Identifier: MIT
/*
 * The GDT and the 64-bit TSS. The TSS carries RSP0 (the stack a ring 3 ->
 * ring 0 transition switches to) and three IST stacks, for #DF, NMI and
 * #MC, so those run on a known-good stack whatever state the interrupted
 * one is in. Below each stack (and below the boot stack) sits a guard page
 * left unmapped: running off the end faults instead of silently
 * overwriting what lies beneath.
 *
 *   exception_stacks[i]:  | guard (4 KiB, not present) | stack (16 KiB) |
 *                         ^ lo                                        hi ^
 *                                               TSS.ist[i] = hi ------'
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/set_memory.h"
#include "kernel/lib/log.h"
#include "kernel/sched.h"

/* Descriptor access bytes (SDM vol. 3, 3.4.5 and 3.5). */
#define DESC_CODE64 0x00209b00 /* L=1, P, DPL 0, code exec/read, accessed */
#define DESC_CODE32 0x00cf9b00 /* D=1, G=1, P, DPL 0, code exec/read */
#define DESC_DATA 0x00cf9300 /* G=1, D/B=1, P, DPL 0, data r/w, accessed */
#define DESC_DPL3 0x00006000
#define DESC_LIMIT_LOW 0x0000ffff
#define TSS_TYPE_AVAILABLE 0x89 /* P, 64-bit TSS (available) */

struct exception_stack {
	char guard[PAGE_SIZE];
	char stack[EXCEPTION_STACK_SIZE];
} __aligned(PAGE_SIZE);

static struct exception_stack exception_stacks[N_EXCEPTION_STACKS];
static struct exception_stack rsp0_stack;

static u64 gdt[GDT_ENTRIES] __aligned(16);
struct tss_struct cpu_tss __aligned(16);

extern char init_stack_guard[], init_stack[], init_stack_top[];

static const char *const ist_names[N_EXCEPTION_STACKS] = {"DF", "NMI", "MC"};

/* A flat code/data descriptor: base 0, limit 0xfffff (ignored in 64-bit). */
static u64 flat_desc(u32 high)
{
	return ((u64)high << 32) | DESC_LIMIT_LOW;
}

/* The two 8-byte halves of a 64-bit TSS descriptor (SDM figure 7-4). */
static void set_tss_desc(u64 *d, const void *tss, u32 limit)
{
	u64 base = (u64)tss;

	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       ((u64)TSS_TYPE_AVAILABLE << 40) |
	       ((u64)((limit >> 16) & 0xf) << 48) |
	       (((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
}

static void load_gdt_and_segments(void)
{
	struct desc_ptr p = {.size = sizeof(gdt) - 1, .address = (u64)gdt};

	__asm__ volatile("lgdt %0" : : "m"(p));
	/* Reload %cs through a far return, then the data segments. */
	__asm__ volatile("pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %[ds], %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 :
			 : [cs] "i"(KERNEL_CS), [ds] "i"(KERNEL_DS)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"((u16)TSS_SELECTOR));
}

static void unmap_guard(const char *what, void *page)
{
	int err = set_memory_np((unsigned long)page, 1);

	if (err)
		pr_err("traps: cannot unmap the %s stack guard page at %p: %d",
		       what, page, err);
}

void cpu_tables_init(void)
{
	gdt[GDT_ENTRY_KERNEL32_CS] = flat_desc(DESC_CODE32);
	gdt[GDT_ENTRY_KERNEL_CS] = flat_desc(DESC_CODE64);
	gdt[GDT_ENTRY_KERNEL_DS] = flat_desc(DESC_DATA);
	gdt[GDT_ENTRY_USER32_CS] = flat_desc(DESC_CODE32 | DESC_DPL3);
	gdt[GDT_ENTRY_USER_DS] = flat_desc(DESC_DATA | DESC_DPL3);
	gdt[GDT_ENTRY_USER_CS] = flat_desc(DESC_CODE64 | DESC_DPL3);

	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		cpu_tss.ist[i] =
			(u64)(exception_stacks[i].stack + EXCEPTION_STACK_SIZE);
	cpu_tss.sp0 = (u64)(rsp0_stack.stack + RSP0_STACK_SIZE);
	/* No I/O bitmap: the base points past the TSS limit. */
	cpu_tss.io_bitmap_base = sizeof(cpu_tss);
	set_tss_desc(&gdt[GDT_ENTRY_TSS], &cpu_tss, sizeof(cpu_tss) - 1);
	load_gdt_and_segments();

	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		unmap_guard(ist_names[i], exception_stacks[i].guard);
	unmap_guard("RSP0", rsp0_stack.guard);
	unmap_guard("boot", init_stack_guard);
}

static bool in_range(unsigned long addr, const void *lo, const void *hi,
		     unsigned long *plo, unsigned long *phi)
{
	if (addr < (unsigned long)lo || addr >= (unsigned long)hi)
		return false;
	if (plo)
		*plo = (unsigned long)lo;
	if (phi)
		*phi = (unsigned long)hi;
	return true;
}

const char *stack_name_of(unsigned long addr, unsigned long *lo,
			  unsigned long *hi)
{
	unsigned long tlo, thi;

	if (in_range(addr, init_stack, init_stack_top, lo, hi))
		return "boot";
	for (int i = 0; i < N_EXCEPTION_STACKS; i++) {
		const char *s = exception_stacks[i].stack;

		if (in_range(addr, s, s + EXCEPTION_STACK_SIZE, lo, hi))
			return ist_names[i];
	}
	if (in_range(addr, rsp0_stack.stack, rsp0_stack.stack + RSP0_STACK_SIZE,
		     lo, hi))
		return "RSP0";
	if (task_stack_contains(current, addr, &tlo, &thi) && addr >= tlo) {
		if (lo)
			*lo = tlo;
		if (hi)
			*hi = thi;
		return "task";
	}
	return NULL;
}

unsigned long boot_stack_guard(void)
{
	return (unsigned long)init_stack_guard;
}

void store_gdt(struct desc_ptr *p)
{
	__asm__ volatile("sgdt %0" : "=m"(*p));
}

void store_idt(struct desc_ptr *p)
{
	__asm__ volatile("sidt %0" : "=m"(*p));
}

u16 store_tr(void)
{
	u16 tr;

	__asm__ volatile("str %0" : "=r"(tr));
	return tr;
}
