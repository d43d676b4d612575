// SPDX-License-Identifier: MIT
/*
 * The x86_64 side of signals (Linux's arch/x86/kernel/signal.c,
 * signal_64.c and fpu/signal.c behaviour): the rt_sigframe a handler runs
 * on, the registers it starts with, syscall restart, and rt_sigreturn.
 * Layout in arch/x86_64/sigframe.h; placement and restart decisions in
 * kernel/lib/sigpolicy.c.
 *
 * Every frame is built in kernel memory and written with two
 * copy_to_user calls; nothing in the task changes unless both succeed.
 * rt_sigreturn reads the ucontext the same way and validates what the CPU
 * would fault on (selectors are forced to the user ones, rip must be a
 * user address, the FPU image must pass the checks XRSTOR/FXRSTOR make)
 * before it loads anything into the FPU.
 */
#include "arch/x86_64/signal.h"

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/segment.h"
#include "arch/x86_64/sigframe.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

/* --- the FPU image --- */

/* Bytes the image takes on the user stack (0: the task has no FPU). */
static unsigned long fpu_math_size(void)
{
	if (!(current->flags & PF_USER_FPU))
		return 0;
	return fpu_user_size() + (fpu_uses_xsave() ? FP_XSTATE_MAGIC2_SIZE : 0);
}

/*
 * The image of the live FPU state as Linux writes it to a frame: the
 * XSAVE image with the software bytes (MAGIC1, sizes, features) at 464,
 * x87/SSE always marked present in XSTATE_BV, and MAGIC2 after it; or
 * the FXSAVE image with zeroed software bytes. @buf has fpu_math_size().
 */
static void fpu_build_sigframe_image(u8 *buf)
{
	unsigned int size = fpu_user_size();

	fpu_sync_to_area();
	memcpy(buf, current->fpu, size);
	memset(buf + FPX_SW_BYTES_OFFSET, 0, sizeof(struct _fpx_sw_bytes));
	if (fpu_uses_xsave()) {
		struct _fpx_sw_bytes sw = {
			.magic1 = FP_XSTATE_MAGIC1,
			.extended_size = size + FP_XSTATE_MAGIC2_SIZE,
			.xfeatures = fpu_user_xfeatures(),
			.xstate_size = size,
		};
		u32 magic2 = FP_XSTATE_MAGIC2;
		u64 bv;

		memcpy(buf + FPX_SW_BYTES_OFFSET, &sw, sizeof(sw));
		memcpy(&bv, buf + XSAVE_HDR_OFFSET, sizeof(bv));
		bv |= XFEATURE_MASK_FPSSE;
		memcpy(buf + XSAVE_HDR_OFFSET, &bv, sizeof(bv));
		memcpy(buf + size, &magic2, sizeof(magic2));
	}
}

/*
 * rt_sigreturn's FPU state from user address @ufp (Linux's
 * __fpu_restore_sig): 0 means the initial state; an XSAVE image whose
 * software bytes or MAGIC2 do not check out is taken as a legacy FXSAVE
 * image (the other components go to their initial state). Return: 0, or
 * -EFAULT for an unreadable or misaligned image or one XRSTOR/FXRSTOR
 * would refuse (reserved MXCSR bits, bad XSAVE header).
 */
static int fpu_restore_sigframe(unsigned long ufp)
{
	unsigned int size = fpu_user_size();
	struct _fpx_sw_bytes sw;
	bool fx_only = true;
	u64 user_xfeatures = XFEATURE_MASK_FPSSE;
	u32 mxcsr;
	u8 *buf;
	int ret = -EFAULT;

	if (!(current->flags & PF_USER_FPU))
		return 0;
	if (!ufp) {
		fpu_reset_to_init();
		return 0;
	}
	if (!IS_ALIGNED(ufp, fpu_uses_xsave() ? 64 : 16))
		return -EFAULT;
	if (copy_from_user(&sw, (void __user *)(ufp + FPX_SW_BYTES_OFFSET),
			   sizeof(sw)))
		return -EFAULT;
	if (fpu_uses_xsave() && sw.magic1 == FP_XSTATE_MAGIC1 &&
	    sw.xstate_size >= XSAVE_HDR_OFFSET + XSAVE_HDR_SIZE &&
	    sw.xstate_size <= size && sw.xstate_size <= sw.extended_size) {
		u32 magic2;

		if (copy_from_user(&magic2,
				   (void __user *)(ufp + sw.xstate_size),
				   sizeof(magic2)))
			return -EFAULT;
		if (magic2 == FP_XSTATE_MAGIC2) {
			fx_only = false;
			user_xfeatures = sw.xfeatures;
		}
	}
	buf = kzalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, (void __user *)ufp,
			   fx_only ? FXSAVE_AREA_SIZE : sw.xstate_size))
		goto out;
	memcpy(&mxcsr, buf + FXSAVE_MXCSR_OFFSET, sizeof(mxcsr));
	if (mxcsr & ~fpu_mxcsr_mask())
		goto out;
	/* The software bytes are not state. */
	memset(buf + FPX_SW_BYTES_OFFSET, 0, sizeof(struct _fpx_sw_bytes));
	if (fpu_uses_xsave()) {
		u64 hdr[XSAVE_HDR_SIZE / 8];

		memcpy(hdr, buf + XSAVE_HDR_OFFSET, sizeof(hdr));
		if (fx_only) {
			memset(hdr, 0, sizeof(hdr));
			hdr[0] = XFEATURE_MASK_FPSSE;
		} else {
			/* What XRSTOR (standard form) refuses: features
			 * not enabled, a compacted image, reserved bits. */
			if (hdr[0] & ~fpu_user_xfeatures())
				goto out;
			for (unsigned int i = 1; i < ARRAY_SIZE(hdr); i++)
				if (hdr[i])
					goto out;
			/* Features the frame does not claim start fresh. */
			hdr[0] &= user_xfeatures;
		}
		memcpy(buf + XSAVE_HDR_OFFSET, hdr, sizeof(hdr));
	}
	fpu_load_from(buf);
	ret = 0;
out:
	kfree(buf);
	return ret;
}

/* --- the frame --- */

static void setup_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			     unsigned long mask, unsigned long fpstate)
{
	const struct thread_struct *th = &current->thread;

	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->rdi = regs->rdi;
	sc->rsi = regs->rsi;
	sc->rbp = regs->rbp;
	sc->rbx = regs->rbx;
	sc->rdx = regs->rdx;
	sc->rax = regs->rax;
	sc->rcx = regs->rcx;
	sc->rsp = regs->rsp;
	sc->rip = regs->rip;
	sc->eflags = regs->rflags;
	sc->cs = (u16)regs->cs;
	sc->gs = 0;
	sc->fs = 0;
	sc->ss = (u16)regs->ss;
	sc->err = th->error_code;
	sc->trapno = th->trap_nr;
	sc->oldmask = mask;
	sc->cr2 = th->cr2;
	sc->fpstate = fpstate;
}

/* Build the frame for @ksig on the user stack and point @regs at the
 * handler. 0, or -EFAULT (nothing changed). */
static int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	unsigned long mask = sigmask_to_save()->sig[0];
	unsigned long math_size = fpu_math_size();
	struct sigframe_place place;
	struct rt_sigframe frame_buf, *frame = &frame_buf;
	struct sas_state sas;
	u8 *math = NULL;
	int ret = -EFAULT;

	/* x86_64 has no kernel-provided return stub: the C library's
	 * sa_restorer is required (Linux fails the frame, SIGSEGV). */
	if (!(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;
	current_sas(&sas);
	if (sigframe_place(regs->rsp, ksig->ka.sa.sa_flags & SA_ONSTACK, &sas,
			   sizeof(*frame), math_size, &place))
		return -EFAULT;
	memset(frame, 0, sizeof(*frame)); /* no kernel bytes leak out */
	if (math_size) {
		math = kmalloc(math_size, GFP_KERNEL);
		if (!math)
			return -ENOMEM;
	}
	frame->pretcode = (unsigned long)ksig->ka.sa.sa_restorer;
	frame->uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
			     (fpu_uses_xsave() ? UC_FP_XSTATE : 0);
	frame->uc.uc_link = 0;
	frame->uc.uc_stack.ss_sp = (void *)sas.sp;
	frame->uc.uc_stack.ss_flags = sas_ss_flags(&sas, regs->rsp);
	frame->uc.uc_stack.ss_size = sas.size;
	setup_sigcontext(&frame->uc.uc_mcontext, regs, mask,
			 math_size ? place.fpstate : 0);
	frame->uc.uc_sigmask = mask;
	if (ksig->ka.sa.sa_flags & SA_SIGINFO)
		frame->info = ksig->info;
	if (math_size)
		fpu_build_sigframe_image(math);

	if (copy_to_user((void __user *)place.frame, frame, sizeof(*frame)))
		goto out;
	if (math_size &&
	    copy_to_user((void __user *)place.fpstate, math, math_size))
		goto out;

	regs->rdi = (unsigned long)ksig->sig;
	regs->rax = 0; /* no vector registers used (varargs convention) */
	regs->rsi = place.frame + __builtin_offsetof(struct rt_sigframe, info);
	regs->rdx = place.frame + __builtin_offsetof(struct rt_sigframe, uc);
	regs->rip = (unsigned long)ksig->ka.sa.sa_handler;
	regs->rsp = place.frame;
	/* 64-bit mode whatever was interrupted. */
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	ret = 0;
out:
	kfree(math);
	return ret;
}

/* Apply a syscall restart decision to @regs. */
static void apply_restart(struct pt_regs *regs, enum syscall_restart r)
{
	switch (r) {
	case RESTART_EINTR:
		regs->rax = (unsigned long)-EINTR;
		break;
	case RESTART_REWIND:
		regs->rax = regs->orig_ax;
		regs->rip -= 2; /* the syscall instruction is 0f 05 */
		break;
	case RESTART_NONE:
		break;
	}
}

static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	int failed;

	if (syscall_get_nr(regs) >= 0)
		apply_restart(regs,
			      syscall_restart_decide((long)regs->rax, true,
						     ksig->ka.sa.sa_flags));
	failed = setup_rt_frame(ksig, regs);
	if (!failed) {
		/* The handler starts with clean string direction, no
		 * single-stepping, and a fresh FPU state. */
		regs->rflags &=
			~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
		fpu_reset_to_init();
	}
	signal_setup_done(failed, ksig);
}

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}
	if (syscall_get_nr(regs) >= 0)
		apply_restart(regs, syscall_restart_decide((long)regs->rax,
							   false, 0));
	restore_saved_sigmask();
}

/* --- rt_sigreturn --- */

static bool restore_sigcontext(struct pt_regs *regs,
			       const struct sigcontext *sc)
{
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->rdi = sc->rdi;
	regs->rsi = sc->rsi;
	regs->rbp = sc->rbp;
	regs->rbx = sc->rbx;
	regs->rdx = sc->rdx;
	regs->rax = sc->rax;
	regs->rcx = sc->rcx;
	regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~SIGRETURN_FIX_EFLAGS) |
		       (sc->eflags & SIGRETURN_FIX_EFLAGS);
	/* Only the 64-bit user selectors: keel has no 32-bit user mode,
	 * and a kernel selector must never reach iretq. */
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	/* No syscall restart on the way out of sigreturn itself. */
	regs->orig_ax = (unsigned long)-1L;
	/* iretq to a non-canonical rip faults in the kernel; Linux turns
	 * that into SIGSEGV, and so does refusing it here. */
	if (!access_ok((const void __user *)sc->rip, 1))
		return false;
	return fpu_restore_sigframe(sc->fpstate) == 0;
}

SYSCALL_DEFINE_REGS(rt_sigreturn)
{
	struct pt_regs *r = (struct pt_regs *)regs;
	unsigned long frame_addr = r->rsp - sizeof(long);
	struct rt_sigframe __user *frame =
		(struct rt_sigframe __user *)frame_addr;
	struct ucontext uc;
	sigset_t set;

	if (!access_ok(frame, sizeof(*frame)) ||
	    copy_from_user(&uc, &frame->uc, sizeof(uc)))
		goto badframe;
	set.sig[0] = uc.uc_sigmask;
	set_current_blocked(&set);
	if (!restore_sigcontext(r, &uc.uc_mcontext))
		goto badframe;
	if (restore_altstack(&frame->uc.uc_stack, r->rsp))
		goto badframe;
	return (long)r->rax; /* the restored rax survives the return */

badframe:
	force_sig(SIGSEGV);
	return 0;
}
