// SPDX-License-Identifier: MIT
/*
 * The context switch and a new thread's first frame (seed 003, "Context
 * Switches"), and the FPU state of tasks that own one.
 *
 * A switched-out task's stack ends in the frame __switch_to_asm pushed:
 *
 *   thread.sp -> | r15 | r14 | r13 | r12 | rbx | rbp | return address |
 *
 * __switch_to_asm saves these callee-saved registers on the outgoing
 * stack, stores its stack pointer in prev->thread.sp, loads next's, pops
 * next's registers and jumps to __switch_to, whose return goes to next's
 * return address: back into next's own __schedule, or, for a task that
 * never ran, to ret_from_fork. copy_thread builds that first frame with
 * rbx = the thread function and r12 = its argument, above an empty
 * pt_regs (the frame a return to user mode will use).
 *
 * FPU: kernel code never touches the FPU or SSE registers (-mgeneral-
 * regs-only), so only tasks with user FPU state (PF_USER_FPU) have any to
 * keep. It is switched eagerly: saved into prev's area and restored from
 * next's on every switch (XSAVE/XRSTOR where the CPU has XSAVE, else
 * FXSAVE/FXRSTOR), as Linux has done since 4.6.
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/ptrace.h"
#include "kernel/arch/process.h"
#include "kernel/init.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/exec.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "arch/x86_64/uaccess.h"
#include "arch/x86_64/segment.h"
#include "mm/mm_types.h"
#include "mm/slab.h"

/* What entry_64.asm assumes about the C layouts. */
_Static_assert(__builtin_offsetof(struct task_struct, thread.sp) == 0,
	       "entry_64.asm: TASK_THREAD_SP");
_Static_assert(__builtin_offsetof(struct pcpu_hot, top_of_stack) == 16,
	       "entry_64.asm: PCPU_TOP_OF_STACK");

struct inactive_task_frame {
	unsigned long r15, r14, r13, r12, rbx, rbp, ret_addr;
};

struct fork_frame {
	struct inactive_task_frame frame;
	struct pt_regs regs;
};

extern void ret_from_fork(void);
struct task_struct *__switch_to_asm(struct task_struct *prev,
				    struct task_struct *next);
struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next);

void arch_copy_thread(struct task_struct *p, int (*fn)(void *), void *arg)
{
	struct fork_frame *ff =
		(struct fork_frame *)(task_stack_top(p) - sizeof(*ff));

	memset(ff, 0, sizeof(*ff));
	ff->frame.rbx = (unsigned long)fn;
	ff->frame.r12 = (unsigned long)arg;
	ff->frame.ret_addr = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)ff;
}

/* --- FPU --- */

#define CPUID_1_ECX_XSAVE BIT(26)
#define XFEATURE_MASK_FPSSE 0x3ULL /* x87, SSE */
#define XFEATURE_MASK_YMM 0x4ULL /* AVX */
#define FXSAVE_SIZE 512
#define FPU_AREA_ALIGN 64
#define MXCSR_DEFAULT 0x1f80 /* all SIMD exceptions masked */
#define FCW_DEFAULT 0x037f /* all x87 exceptions masked, 64-bit precision */

static bool use_xsave;
static u64 xfeatures;
static unsigned int fpu_size = FXSAVE_SIZE;
static struct kmem_cache *fpu_cachep;

static inline void xsetbv(u32 index, u64 value)
{
	__asm__ volatile("xsetbv"
			 :
			 : "c"(index), "a"((u32)value),
			   "d"((u32)(value >> 32)));
}

void __init fpu_init(void)
{
	u64 cr0 = read_cr0(), cr4 = read_cr4();

	cr0 = (cr0 & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP | X86_CR0_NE;
	write_cr0(cr0);
	cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	use_xsave = cpuid(1).ecx & CPUID_1_ECX_XSAVE;
	if (use_xsave)
		cr4 |= X86_CR4_OSXSAVE;
	write_cr4(cr4);
	if (use_xsave) {
		u64 supported = cpuid_count(0xd, 0).eax |
				((u64)cpuid_count(0xd, 0).edx << 32);

		xfeatures =
			supported & (XFEATURE_MASK_FPSSE | XFEATURE_MASK_YMM);
		xsetbv(0, xfeatures);
		/* EBX: the area size for the features now enabled in XCR0. */
		fpu_size = cpuid_count(0xd, 0).ebx;
		pr_info("x86/fpu: Enabled xstate features 0x%llx, context size "
			"is %u bytes, using 'standard' format.",
			(unsigned long long)xfeatures, fpu_size);
	} else {
		pr_info("x86/fpu: x87 FPU will use FXSAVE");
	}
	__asm__ volatile("fninit");
}

static void fpu_save(void *area)
{
	if (use_xsave)
		__asm__ volatile("xsave64 (%0)"
				 :
				 : "r"(area), "a"((u32)xfeatures),
				   "d"((u32)(xfeatures >> 32))
				 : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static void fpu_restore(const void *area)
{
	if (use_xsave)
		__asm__ volatile("xrstor64 (%0)"
				 :
				 : "r"(area), "a"((u32)xfeatures),
				   "d"((u32)(xfeatures >> 32))
				 : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

int arch_fpu_alloc(struct task_struct *p)
{
	u8 *area;

	if (!fpu_cachep) {
		fpu_cachep = kmem_cache_create("fpu_state", fpu_size,
					       FPU_AREA_ALIGN, 0, NULL);
		if (!fpu_cachep)
			return -ENOMEM;
	}
	area = kmem_cache_zalloc(fpu_cachep, GFP_KERNEL);
	if (!area)
		return -ENOMEM;
	/* The legacy region's control words (SDM vol. 1, table 10-2); an
	 * all-zero XSAVE header means every other component is in its
	 * initial state. */
	*(u16 *)(area + 0) = FCW_DEFAULT;
	*(u32 *)(area + 24) = MXCSR_DEFAULT;
	p->fpu = area;
	p->flags |= PF_USER_FPU;
	return 0;
}

void arch_fpu_free(struct task_struct *p)
{
	if (p->fpu) {
		kmem_cache_free(fpu_cachep, p->fpu);
		p->fpu = NULL;
	}
	p->flags &= ~PF_USER_FPU;
}

unsigned int arch_fpu_state_size(void)
{
	return fpu_size;
}

/* Write the init state into @area (legacy control words, empty header). */
static void fpu_area_init(u8 *area)
{
	memset(area, 0, fpu_size);
	*(u16 *)(area + 0) = FCW_DEFAULT;
	*(u32 *)(area + 24) = MXCSR_DEFAULT;
}

int arch_fpu_reset_current(void)
{
	struct task_struct *t = current;

	if (!(t->flags & PF_USER_FPU)) {
		int err = arch_fpu_alloc(t);

		if (err)
			return err;
	}
	fpu_area_init(t->fpu);
	fpu_restore(t->fpu); /* the registers too: nothing leaks into exec */
	return 0;
}

void arch_fpu_sync_current(void)
{
	if (current->flags & PF_USER_FPU)
		fpu_save(current->fpu);
}

void arch_fpu_load_current(void)
{
	if (current->flags & PF_USER_FPU)
		fpu_restore(current->fpu);
}

int arch_fpu_copy(struct task_struct *dst, struct task_struct *src)
{
	int err;

	if (!(src->flags & PF_USER_FPU))
		return 0;
	err = arch_fpu_alloc(dst);
	if (err)
		return err;
	if (src == current)
		fpu_save(src->fpu);
	memcpy(dst->fpu, src->fpu, fpu_size);
	return 0;
}

/* --- user mode --- */

struct pt_regs *task_pt_regs(const struct task_struct *p)
{
	return (struct pt_regs *)(task_stack_top(p) - sizeof(struct pt_regs));
}

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = ip;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags = X86_EFLAGS_IF;
	regs->orig_ax = (unsigned long)-1;
}

/*
 * The FS base this CPU's MSR holds. A switch writes the MSR only when the
 * incoming user task's differs from it: comparing with the outgoing
 * task's own field instead goes wrong whenever that task did not load it
 * (a kernel thread or the idle task runs on the last user task's value,
 * and an exiting task's field may no longer be what ran), and a user
 * task then runs on another process's TLS pointer.
 */
static DEFINE_PER_CPU(unsigned long, fsbase_loaded);

static void load_fsbase(unsigned long base)
{
	wrmsr(MSR_FS_BASE, base);
	*this_cpu_ptr(&fsbase_loaded) = base;
}

void arch_set_fsbase(unsigned long base)
{
	current->fsbase = base;
	load_fsbase(base);
}

/* A child of fork: the parent's user registers, rax = 0 (the child's
 * return value), and a first switch that goes to ret_from_fork with no
 * thread function, hence straight to user mode. */
void arch_copy_thread_user(struct task_struct *p, unsigned long new_sp)
{
	struct fork_frame *ff =
		(struct fork_frame *)(task_stack_top(p) - sizeof(*ff));

	memset(&ff->frame, 0, sizeof(ff->frame));
	ff->regs = *task_pt_regs(current);
	ff->regs.rax = 0;
	if (new_sp)
		ff->regs.rsp = new_sp;
	ff->frame.ret_addr = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)ff;
	p->fsbase = current->fsbase;
}

/* --- the switch --- */

struct task_struct *switch_to(struct task_struct *prev,
			      struct task_struct *next)
{
	return __switch_to_asm(prev, next);
}

/* Called by __switch_to_asm on next's stack; returns to next's frame. */
struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next)
{
	unsigned long top = task_stack_top(next);

	if (prev->flags & PF_USER_FPU)
		fpu_save(prev->fpu);
	if (next->flags & PF_USER_FPU)
		fpu_restore(next->fpu);
	if (next->mm || prev->mm)
		switch_mm(prev->mm, next->mm);
	if (next->mm && next->fsbase != *this_cpu_ptr(&fsbase_loaded))
		load_fsbase(next->fsbase);
	this_cpu_set_current(next);
	this_cpu_set_top_of_stack(top);
	cpu_tss.sp0 = top;
	return prev;
}

/* --- arch_prctl, ELF --- */

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	switch (option) {
	case ARCH_SET_FS:
		/* Linux: a base at or above TASK_SIZE_MAX is -EPERM. */
		if (arg2 >= task_size_max)
			return -EPERM;
		arch_set_fsbase(arg2);
		return 0;
	case ARCH_GET_FS:
		return put_user(current->fsbase, (unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(0UL, (unsigned long __user *)arg2);
	case ARCH_SET_GS:
		return -EINVAL; /* user GS base: not supported yet */
	default:
		return -EINVAL;
	}
}

unsigned long arch_elf_hwcap(void)
{
	return cpuid(1).edx;
}

/* Linux's AT_MINSIGSTKSZ: the signal frame with the xstate (rounded). */
unsigned long arch_min_sigstksz(void)
{
	return ALIGN(fpu_size + 1024UL, 64);
}

/* --- the user FPU state for signal frames (arch/x86_64/fpu.h) --- */

unsigned int fpu_user_size(void)
{
	return fpu_size;
}

bool fpu_uses_xsave(void)
{
	return use_xsave;
}

u64 fpu_user_xfeatures(void)
{
	return use_xsave ? xfeatures : XFEATURE_MASK_FPSSE;
}

u32 fpu_mxcsr_mask(void)
{
	static u32 mask;
	static u8 buf[FXSAVE_SIZE] __aligned(16);

	if (!mask) {
		preempt_disable();
		__asm__ volatile("fxsave64 (%0)" : : "r"(buf) : "memory");
		preempt_enable();
		mask = *(u32 *)(buf + 28);
		if (!mask)
			mask = 0xffbf; /* SDM vol. 1, 11.6.6 */
	}
	return mask;
}

void fpu_sync_to_area(void)
{
	if (!(current->flags & PF_USER_FPU))
		return;
	preempt_disable();
	fpu_save(current->fpu);
	preempt_enable();
}

void fpu_load_from(const void *area)
{
	if (!(current->flags & PF_USER_FPU))
		return;
	preempt_disable();
	memcpy(current->fpu, area, fpu_size);
	fpu_restore(current->fpu);
	preempt_enable();
}

void fpu_reset_to_init(void)
{
	u8 *area = current->fpu;

	if (!(current->flags & PF_USER_FPU))
		return;
	preempt_disable();
	memset(area, 0, fpu_size);
	*(u16 *)(area + 0) = FCW_DEFAULT;
	*(u32 *)(area + 24) = MXCSR_DEFAULT;
	fpu_restore(area);
	preempt_enable();
}
