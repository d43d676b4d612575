// SPDX-License-Identifier: MIT
/* Pure decisions of signal handling (kernel/lib/sigpolicy.h). */
#include "kernel/lib/sigpolicy.h"

#include "kernel/lib/errno.h"

enum sig_default_action sig_default_action(int sig)
{
	unsigned long m = sigmask(sig);

	if (sig == SIGCONT)
		return SIG_ACTION_CONT;
	if (m & SIG_KERNEL_IGNORE_MASK)
		return SIG_ACTION_IGN;
	if (m & SIG_KERNEL_STOP_MASK)
		return SIG_ACTION_STOP;
	if (m & SIG_KERNEL_COREDUMP_MASK)
		return SIG_ACTION_CORE;
	return SIG_ACTION_TERM;
}

int sig_next_pending(unsigned long pending, unsigned long blocked)
{
	unsigned long x = pending & ~blocked;

	if (!x)
		return 0;
	if (x & SYNCHRONOUS_MASK)
		x &= SYNCHRONOUS_MASK;
	return __builtin_ctzl(x) + 1;
}

int sigprocmask_apply(int how, unsigned long old, unsigned long set,
		      unsigned long *newp)
{
	unsigned long n;

	switch (how) {
	case SIG_BLOCK:
		n = old | set;
		break;
	case SIG_UNBLOCK:
		n = old & ~set;
		break;
	case SIG_SETMASK:
		n = set;
		break;
	default:
		return -EINVAL;
	}
	*newp = n & ~SIG_KERNEL_ONLY_MASK;
	return 0;
}

enum syscall_restart syscall_restart_decide(long ret, bool handler,
					    unsigned long sa_flags)
{
	switch (ret) {
	case -ERESTARTNOHAND:
		return handler ? RESTART_EINTR : RESTART_REWIND;
	case -ERESTARTSYS:
		if (handler && !(sa_flags & SA_RESTART))
			return RESTART_EINTR;
		return RESTART_REWIND;
	case -ERESTARTNOINTR:
		return RESTART_REWIND;
	case -ERESTART_RESTARTBLOCK:
		return RESTART_EINTR;
	default:
		return RESTART_NONE;
	}
}

/* The stack grows down: sp == ss_sp + size is on it (nothing pushed
 * yet), sp == ss_sp is not. */
static bool __sas_on_stack(const struct sas_state *sas, unsigned long sp)
{
	return sp > sas->sp && sp - sas->sp <= sas->size;
}

bool sas_on_stack(const struct sas_state *sas, unsigned long sp)
{
	if (sas->flags & SS_AUTODISARM)
		return false;
	return __sas_on_stack(sas, sp);
}

int sas_ss_flags(const struct sas_state *sas, unsigned long sp)
{
	if (!sas->size)
		return SS_DISABLE;
	return sas_on_stack(sas, sp) ? SS_ONSTACK : 0;
}

int sigaltstack_apply(struct sas_state *sas, unsigned long sp,
		      const stack_t *ss, unsigned long min_size)
{
	unsigned long ss_sp = (unsigned long)ss->ss_sp;
	unsigned long ss_size = ss->ss_size;
	unsigned int ss_flags = (unsigned int)ss->ss_flags;
	unsigned int mode = ss_flags & ~SS_FLAG_BITS;

	if (sas_on_stack(sas, sp))
		return -EPERM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (sas->sp == ss_sp && sas->size == ss_size && sas->flags == ss_flags)
		return 0;
	if (mode == SS_DISABLE) {
		ss_size = 0;
		ss_sp = 0;
	} else if (ss_size < min_size) {
		return -ENOMEM;
	}
	sas->sp = ss_sp;
	sas->size = ss_size;
	sas->flags = ss_flags;
	return 0;
}

int sigframe_place(unsigned long sp, bool onstack, const struct sas_state *sas,
		   unsigned long frame_size, unsigned long math_size,
		   struct sigframe_place *out)
{
	bool nested = sas_on_stack(sas, sp), entering = false;

	sp -= SIGFRAME_REDZONE;
	if (onstack && sas_ss_flags(sas, sp) == 0) {
		sp = sas->sp + sas->size;
		entering = true;
	}
	sp = ALIGN_DOWN(sp - math_size, SIGFRAME_FPU_ALIGN);
	out->fpstate = sp;
	sp = ALIGN_DOWN(sp - frame_size, 16) - 8;
	out->frame = sp;
	/* Ran off the alternate stack: Linux returns a bogus address and
	 * the write of the frame fails. (__sas_on_stack: with
	 * SS_AUTODISARM the stack is still the one being filled.) */
	if ((nested || entering) && !__sas_on_stack(sas, sp))
		return -EFAULT;
	return 0;
}
