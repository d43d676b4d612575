/* SPDX-License-Identifier: MIT */
/* execve and what it needs from the rest of the kernel (kernel/exec.c). */
#ifndef KEEL_KERNEL_EXEC_H
#define KEEL_KERNEL_EXEC_H

#include "kernel/lib/types.h"

struct task_struct;

struct file;

/* Run @filename from kernel context (kernel_init): 0 when the task will
 * return to user mode in the new program; else -errno (nothing changed).*/
int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp);

/* Point-of-no-return hooks: release a vfork parent; reset signal
 * handlers and close close-on-exec files; kill the task after a failed
 * load (it returns to user mode only to die). */
void exec_mm_release(struct task_struct *t);
void exec_flush_task_state(struct task_struct *t);
void exec_kill_current(void);

/* AT_HWCAP and AT_MINSIGSTKSZ (arch). */
unsigned long arch_elf_hwcap(void);
unsigned long arch_min_sigstksz(void);

#endif
