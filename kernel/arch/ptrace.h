/* SPDX-License-Identifier: MIT */
/* struct pt_regs, the frame of an entry from user mode or an exception. */
#ifndef KEEL_KERNEL_ARCH_PTRACE_H
#define KEEL_KERNEL_ARCH_PTRACE_H

#include "arch/x86_64/ptrace.h"

#endif
