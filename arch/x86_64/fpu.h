/* SPDX-License-Identifier: MIT */
/*
 * The current task's user FPU state as signal frames need it
 * (arch/x86_64/process.c). The state lives in the registers while the
 * task runs (switched eagerly) and in current->fpu while it does not;
 * these move it between the two with preemption off. The image is
 * XSAVE's standard format when the CPU has XSAVE, else FXSAVE's.
 */
#ifndef KEEL_ARCH_X86_64_FPU_H
#define KEEL_ARCH_X86_64_FPU_H

#include "kernel/lib/types.h"

/* Bytes of the image: XSAVE's size for the enabled features, or 512. */
unsigned int fpu_user_size(void);
bool fpu_uses_xsave(void);
/* The features in the image (XCR0's, or x87|SSE without XSAVE). */
u64 fpu_user_xfeatures(void);
/* The MXCSR bits the CPU accepts (FXRSTOR/XRSTOR #GP on others). */
u32 fpu_mxcsr_mask(void);
/* Save the live registers into current->fpu (no-op without PF_USER_FPU). */
void fpu_sync_to_area(void);
/* Load @area (fpu_user_size bytes, validated) into current->fpu and the
 * registers. */
void fpu_load_from(const void *area);
/* The initial state (FCW 0x37f, MXCSR 0x1f80, all else clear). */
void fpu_reset_to_init(void);

#endif
