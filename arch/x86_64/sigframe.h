/* SPDX-License-Identifier: MIT */
/*
 * The signal frame of Linux's x86_64 ABI (arch/x86/include/uapi/asm/
 * sigcontext.h, ucontext.h; the kernel's struct rt_sigframe). Pure
 * declarations: host tests compare every offset with the build machine's
 * <asm/sigcontext.h> and <asm/ucontext.h> (hosttest/signal/).
 *
 * What a handler finds on its stack, from the handler's rsp upwards:
 *
 *   rsp -> | pretcode: sa_restorer (the handler's return address)  |  +0
 *          | struct ucontext: uc_flags, uc_link, uc_stack,         |  +8
 *          |   uc_mcontext (struct sigcontext), uc_sigmask         |
 *          | siginfo (128 bytes)                                   | +312
 *          | ... padding ...                                       |
 *          | FPU state: FXSAVE/XSAVE image, 64-byte aligned,       | <-
 * sigcontext.fpstate |   [XSAVE] MAGIC2 right after its xstate_size bytes    |
 *          | ... the interrupted rsp - 128 (red zone) ...          |
 *
 * rsp + 8 is 16-byte aligned, as after a call instruction.
 */
#ifndef KEEL_ARCH_X86_64_SIGFRAME_H
#define KEEL_ARCH_X86_64_SIGFRAME_H

#include "kernel/lib/types.h"
#include "kernel/uapi/signal.h"

/* ucontext.uc_flags */
#define UC_FP_XSTATE 0x1 /* fpstate holds an XSAVE image with sw bytes */
#define UC_SIGCONTEXT_SS 0x2 /* sigcontext.ss is meaningful */
#define UC_STRICT_RESTORE_SS 0x4 /* sigreturn restores ss as saved */

/* The software bytes at offset 464 of the FXSAVE image (its "available"
 * area) and the word after the XSAVE image. */
#define FP_XSTATE_MAGIC1 0x46505853U /* "SXPF" */
#define FP_XSTATE_MAGIC2 0x46505845U /* "EXPF" */
#define FP_XSTATE_MAGIC2_SIZE 4
#define FXSAVE_AREA_SIZE 512
#define XSAVE_HDR_OFFSET 512
#define XSAVE_HDR_SIZE 64
#define FPX_SW_BYTES_OFFSET 464
#define FXSAVE_MXCSR_OFFSET 24
#define FXSAVE_MXCSR_MASK_OFFSET 28
#define MXCSR_DEFAULT_MASK 0x0000ffbfU /* when FXSAVE reports 0 */
#define XFEATURE_MASK_FP 0x1ULL
#define XFEATURE_MASK_SSE 0x2ULL
#define XFEATURE_MASK_FPSSE (XFEATURE_MASK_FP | XFEATURE_MASK_SSE)

struct _fpx_sw_bytes {
	u32 magic1; /* FP_XSTATE_MAGIC1, or 0 for a legacy frame */
	u32 extended_size; /* xstate_size + FP_XSTATE_MAGIC2_SIZE */
	u64 xfeatures; /* the components present (XCR0's) */
	u32 xstate_size; /* size of the XSAVE image */
	u32 padding[7];
};
_Static_assert(sizeof(struct _fpx_sw_bytes) == 48, "_fpx_sw_bytes");

/* The machine context, Linux's x86_64 order. */
struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	u64 rip;
	u64 eflags;
	u16 cs, gs, fs, ss;
	u64 err; /* the trap's error code */
	u64 trapno; /* the trap's vector */
	u64 oldmask; /* the blocked mask before the handler */
	u64 cr2; /* the page fault's address */
	u64 fpstate; /* user address of the FPU image, 0 for none */
	u64 reserved1[8];
};

struct ucontext {
	unsigned long uc_flags;
	unsigned long uc_link; /* struct ucontext *; always 0 from the kernel */
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	unsigned long uc_sigmask; /* the mask sigreturn restores */
};

struct rt_sigframe {
	unsigned long pretcode; /* sa_restorer */
	struct ucontext uc;
	kernel_siginfo_t info;
	/* the FPU state follows, separately aligned */
};

_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext: 256 bytes");
_Static_assert(__builtin_offsetof(struct sigcontext, rip) == 128, "sc rip");
_Static_assert(__builtin_offsetof(struct sigcontext, eflags) == 136,
	       "sc eflags");
_Static_assert(__builtin_offsetof(struct sigcontext, cs) == 144, "sc cs");
_Static_assert(__builtin_offsetof(struct sigcontext, err) == 152, "sc err");
_Static_assert(__builtin_offsetof(struct sigcontext, fpstate) == 184,
	       "sc fpstate");
_Static_assert(__builtin_offsetof(struct ucontext, uc_stack) == 16, "uc_stack");
_Static_assert(__builtin_offsetof(struct ucontext, uc_mcontext) == 40,
	       "uc_mcontext");
_Static_assert(__builtin_offsetof(struct ucontext, uc_sigmask) == 296,
	       "uc_sigmask");
_Static_assert(sizeof(struct ucontext) == 304, "ucontext");
_Static_assert(__builtin_offsetof(struct rt_sigframe, uc) == 8, "frame uc");
_Static_assert(__builtin_offsetof(struct rt_sigframe, info) == 312,
	       "frame info");
_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe");

#endif
