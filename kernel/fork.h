/* SPDX-License-Identifier: MIT */
/* Task creation internals shared by fork.c, exit.c and the tests. */
#ifndef KEEL_KERNEL_FORK_H
#define KEEL_KERNEL_FORK_H

#include "kernel/lib/types.h"

/* Task stacks allocated now (every task but the idle tasks). */
unsigned long nr_task_stacks(void);

/* clone flags (Linux's include/uapi/linux/sched.h). */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000

/* Linux's default limits (include/asm-generic/resource.h, 6.1). */
#define INIT_RLIMITS                                                           \
	{                                                                      \
		[RLIMIT_CPU] = {RLIM_INFINITY, RLIM_INFINITY},                 \
		[RLIMIT_FSIZE] = {RLIM_INFINITY, RLIM_INFINITY},               \
		[RLIMIT_DATA] = {RLIM_INFINITY, RLIM_INFINITY},                \
		[RLIMIT_STACK] = {8UL << 20, RLIM_INFINITY},                   \
		[RLIMIT_CORE] = {0, RLIM_INFINITY},                            \
		[RLIMIT_RSS] = {RLIM_INFINITY, RLIM_INFINITY},                 \
		[RLIMIT_NPROC] = {0x7fff, 0x7fff},                             \
		[RLIMIT_NOFILE] = {1024, 4096},                                \
		[RLIMIT_MEMLOCK] = {8UL << 20, 8UL << 20},                     \
		[RLIMIT_AS] = {RLIM_INFINITY, RLIM_INFINITY},                  \
		[RLIMIT_LOCKS] = {RLIM_INFINITY, RLIM_INFINITY},               \
		[RLIMIT_SIGPENDING] = {0x7fff, 0x7fff},                        \
		[RLIMIT_MSGQUEUE] = {819200, 819200}, [RLIMIT_NICE] = {0, 0},  \
		[RLIMIT_RTPRIO] = {0, 0},                                      \
		[RLIMIT_RTTIME] = {RLIM_INFINITY, RLIM_INFINITY},              \
	}

struct task_struct;

/* fork of a user process (fork, vfork, clone). */
long do_fork(unsigned long clone_flags, unsigned long newsp,
	     int __user *parent_tid, int __user *child_tid, unsigned long tls);

/* What other subsystems copy at fork and release when a fork fails
 * (files, fs, signal handlers): kernel/fork_hooks.c. */
int fork_copy_hooks(unsigned long clone_flags, struct task_struct *p);
void fork_undo_hooks(struct task_struct *p);

/* do_exit: release what other subsystems hold (files, fs, signals);
 * and tell the parent (true: nobody waits, reap at once). */
void exit_task_hooks(struct task_struct *p);
bool exit_notify_parent(struct task_struct *p);

#endif
