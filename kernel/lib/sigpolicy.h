/* SPDX-License-Identifier: MIT */
/*
 * The decisions of signal handling that need no task and no CPU, pure
 * and host-tested (hosttest/signal/): what a signal does by default,
 * which pending signal goes first, how rt_sigprocmask and sigaltstack
 * change their state, whether an interrupted system call restarts, and
 * where on the user stack the signal frame goes. kernel/signal.c and
 * arch/x86_64/signal.c apply them. Behaviour is Linux's (kernel/signal.c,
 * arch/x86/kernel/signal.c).
 *
 * A signal set here is the ABI's 8-byte word: bit (sig - 1).
 */
#ifndef KEEL_LIB_SIGPOLICY_H
#define KEEL_LIB_SIGPOLICY_H

#include "kernel/lib/types.h"
#include "kernel/uapi/signal.h"

#define SIGNAL_COUNT 64 /* _NSIG */
#define sigmask(sig) (1UL << ((sig)-1))

/* Signals no handler, mask or SIG_IGN can catch. */
#define SIG_KERNEL_ONLY_MASK (sigmask(SIGKILL) | sigmask(SIGSTOP))
/* Signals the CPU raises for the instruction that runs: delivered first. */
#define SYNCHRONOUS_MASK                                                       \
	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) |                \
	 sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))
#define SIG_KERNEL_STOP_MASK                                                   \
	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) |              \
	 sigmask(SIGTTOU))
#define SIG_KERNEL_COREDUMP_MASK                                               \
	(sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) |               \
	 sigmask(SIGABRT) | sigmask(SIGFPE) | sigmask(SIGSEGV) |               \
	 sigmask(SIGBUS) | sigmask(SIGSYS) | sigmask(SIGXCPU) |                \
	 sigmask(SIGXFSZ))
#define SIG_KERNEL_IGNORE_MASK                                                 \
	(sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGWINCH) |             \
	 sigmask(SIGURG))

/* What SIG_DFL does (signal(7)'s "Term", "Core", "Ign", "Stop", "Cont"). */
enum sig_default_action {
	SIG_ACTION_TERM,
	SIG_ACTION_CORE,
	SIG_ACTION_IGN,
	SIG_ACTION_STOP,
	SIG_ACTION_CONT,
};

static inline bool sig_valid(int sig)
{
	return sig >= 1 && sig <= SIGNAL_COUNT;
}

static inline bool sig_in_mask(int sig, unsigned long mask)
{
	return sig_valid(sig) && (mask & sigmask(sig));
}

/**
 * sig_default_action - what SIG_DFL means for @sig (1..64).
 * Return: the action; SIGCONT is SIG_ACTION_CONT (it resumes a stopped
 * process and is otherwise ignored).
 */
enum sig_default_action sig_default_action(int sig);

/**
 * sig_next_pending - the signal dequeue_signal takes next from @pending
 * with @blocked masked: a synchronous one (SIGSEGV, SIGBUS, SIGILL,
 * SIGTRAP, SIGFPE, SIGSYS) first, else the lowest number.
 * Return: the signal, or 0 when none is deliverable.
 */
int sig_next_pending(unsigned long pending, unsigned long blocked);

/**
 * sigprocmask_apply - the blocked mask after rt_sigprocmask(@how, @set).
 * @how: SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK.
 * @old: the mask now.
 * @set: the caller's set.
 * @newp: the new mask (SIGKILL and SIGSTOP never in it).
 * Return: 0, or -EINVAL for an unknown @how (@newp untouched).
 */
int sigprocmask_apply(int how, unsigned long old, unsigned long set,
		      unsigned long *newp);

/* --- syscall restart --- */

/* What happens to an interrupted system call's result in rax. */
enum syscall_restart {
	RESTART_NONE, /* rax stays: not a restart code */
	RESTART_EINTR, /* rax = -EINTR */
	RESTART_REWIND, /* rax = orig_ax, rip -= 2: the call runs again */
};

/**
 * syscall_restart_decide - what becomes of system call result @ret when a
 * signal is handled on the way back to user mode (Linux's handle_signal
 * and arch_do_signal_or_restart).
 * @ret: the call's return value (rax).
 * @handler: a user handler is about to run (false: the signal was
 *   ignored, stopped the task, or nothing was delivered).
 * @sa_flags: the handler's flags (SA_RESTART matters).
 * Return: with a handler, -ERESTARTSYS rewinds only under SA_RESTART
 * (else -EINTR), -ERESTARTNOINTR always rewinds, -ERESTARTNOHAND and
 * -ERESTART_RESTARTBLOCK give -EINTR. Without a handler the first three
 * rewind; -ERESTART_RESTARTBLOCK gives -EINTR (keel has no
 * restart_syscall yet, where Linux would rewind into it).
 */
enum syscall_restart syscall_restart_decide(long ret, bool handler,
					    unsigned long sa_flags);

/* --- sigaltstack --- */

/* A task's alternate stack (task_struct's sas_ss_*). */
struct sas_state {
	unsigned long sp;
	unsigned long size;
	unsigned int flags; /* SS_AUTODISARM or 0 */
};

/* Is @sp on the alternate stack (never while SS_AUTODISARM)? */
bool sas_on_stack(const struct sas_state *sas, unsigned long sp);
/* The ss_flags sigaltstack and uc_stack report for a thread at @sp:
 * SS_DISABLE, SS_ONSTACK or 0 (without the SS_FLAG_BITS). */
int sas_ss_flags(const struct sas_state *sas, unsigned long sp);

/**
 * sigaltstack_apply - sigaltstack(@ss) for a thread at user rsp @sp.
 * @sas: the state, changed only on success.
 * @ss: the request (ss_sp, ss_flags, ss_size).
 * @min_size: MINSIGSTKSZ (or more, as AT_MINSIGSTKSZ says).
 * Return: 0; -EPERM while on the stack; -EINVAL for flags other than 0,
 * SS_ONSTACK, SS_DISABLE (each with SS_AUTODISARM allowed); -ENOMEM when
 * ss_size < @min_size (unless disabling).
 */
int sigaltstack_apply(struct sas_state *sas, unsigned long sp,
		      const stack_t *ss, unsigned long min_size);

/* --- the signal frame on the user stack --- */

#define SIGFRAME_REDZONE 128 /* the x86_64 ABI's red zone below rsp */
#define SIGFRAME_FPU_ALIGN 64 /* XSAVE needs it */

struct sigframe_place {
	unsigned long frame; /* the handler's rsp: struct rt_sigframe */
	unsigned long fpstate; /* the FPU image */
};

/**
 * sigframe_place - where the frame and the FPU image go (Linux's
 * get_sigframe on x86_64).
 * @sp: the interrupted user rsp.
 * @onstack: the handler has SA_ONSTACK.
 * @sas: the alternate stack.
 * @frame_size: sizeof(struct rt_sigframe).
 * @math_size: bytes of the FPU image (plus the MAGIC2 word for XSAVE).
 * @out: the addresses.
 * Return: 0, or -EFAULT when the frame would run off the alternate stack
 * it is on (the caller then forces SIGSEGV, as Linux's bogus address
 * does). The red zone is skipped; the alternate stack is used only with
 * SA_ONSTACK, when enabled and not already in use; the FPU image is
 * 64-byte aligned below; the frame below it with (frame + 8) % 16 == 0.
 */
int sigframe_place(unsigned long sp, bool onstack, const struct sas_state *sas,
		   unsigned long frame_size, unsigned long math_size,
		   struct sigframe_place *out);

#endif
