// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/sigpolicy.c: the default action of every
 * signal (signal(7)'s table), the dequeue order, rt_sigprocmask, the
 * syscall-restart table, sigaltstack's rules and the placement of the
 * signal frame. Expected values are written from Linux's documented
 * behaviour (signal(7), sigaltstack(2), arch/x86/kernel/signal.c), never
 * copied from a run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/sigpolicy.h"

/* signal(7), "Standard signals": Term, Core, Ign, Stop, Cont. */
static void test_default_actions(void **state)
{
	static const struct {
		int sig;
		enum sig_default_action act;
	} table[] = {
		{SIGHUP, SIG_ACTION_TERM},  {SIGINT, SIG_ACTION_TERM},
		{SIGQUIT, SIG_ACTION_CORE}, {SIGILL, SIG_ACTION_CORE},
		{SIGTRAP, SIG_ACTION_CORE}, {SIGABRT, SIG_ACTION_CORE},
		{SIGBUS, SIG_ACTION_CORE},  {SIGFPE, SIG_ACTION_CORE},
		{SIGKILL, SIG_ACTION_TERM}, {SIGUSR1, SIG_ACTION_TERM},
		{SIGSEGV, SIG_ACTION_CORE}, {SIGUSR2, SIG_ACTION_TERM},
		{SIGPIPE, SIG_ACTION_TERM}, {SIGALRM, SIG_ACTION_TERM},
		{SIGTERM, SIG_ACTION_TERM}, {SIGSTKFLT, SIG_ACTION_TERM},
		{SIGCHLD, SIG_ACTION_IGN},  {SIGCONT, SIG_ACTION_CONT},
		{SIGSTOP, SIG_ACTION_STOP}, {SIGTSTP, SIG_ACTION_STOP},
		{SIGTTIN, SIG_ACTION_STOP}, {SIGTTOU, SIG_ACTION_STOP},
		{SIGURG, SIG_ACTION_IGN},   {SIGXCPU, SIG_ACTION_CORE},
		{SIGXFSZ, SIG_ACTION_CORE}, {SIGVTALRM, SIG_ACTION_TERM},
		{SIGPROF, SIG_ACTION_TERM}, {SIGWINCH, SIG_ACTION_IGN},
		{SIGIO, SIG_ACTION_TERM},   {SIGPWR, SIG_ACTION_TERM},
		{SIGSYS, SIG_ACTION_CORE},
	};

	(void)state;
	assert_int_equal(ARRAY_SIZE(table), 31);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		assert_int_equal(sig_default_action(table[i].sig),
				 table[i].act);
	/* Real-time signals terminate. */
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		assert_int_equal(sig_default_action(sig), SIG_ACTION_TERM);
}

static void test_next_pending(void **state)
{
	(void)state;
	assert_int_equal(sig_next_pending(0, 0), 0);
	assert_int_equal(sig_next_pending(sigmask(SIGUSR1), sigmask(SIGUSR1)),
			 0);
	/* Lowest number first... */
	assert_int_equal(
		sig_next_pending(sigmask(SIGTERM) | sigmask(SIGHUP), 0),
		SIGHUP);
	assert_int_equal(sig_next_pending(sigmask(SIGRTMAX) | sigmask(40), 0),
			 40);
	assert_int_equal(sig_next_pending(sigmask(SIGRTMAX), 0), SIGRTMAX);
	/* ...but synchronous signals before any other. */
	assert_int_equal(
		sig_next_pending(sigmask(SIGHUP) | sigmask(SIGSEGV), 0),
		SIGSEGV);
	assert_int_equal(sig_next_pending(sigmask(SIGINT) | sigmask(SIGSYS) |
						  sigmask(SIGFPE),
					  0),
			 SIGFPE);
	assert_int_equal(
		sig_next_pending(sigmask(SIGINT) | sigmask(SIGTRAP), 0),
		SIGTRAP);
	/* A blocked synchronous signal does not hold the others back. */
	assert_int_equal(sig_next_pending(sigmask(SIGINT) | sigmask(SIGSEGV),
					  sigmask(SIGSEGV)),
			 SIGINT);
}

static void test_sigprocmask(void **state)
{
	unsigned long n = 0x5555;
	unsigned long old = sigmask(SIGINT) | sigmask(SIGUSR1);
	unsigned long set = sigmask(SIGUSR1) | sigmask(SIGKILL) |
			    sigmask(SIGSTOP) | sigmask(SIGTERM);

	(void)state;
	assert_int_equal(sigprocmask_apply(SIG_BLOCK, old, set, &n), 0);
	assert_int_equal(n,
			 sigmask(SIGINT) | sigmask(SIGUSR1) | sigmask(SIGTERM));
	assert_int_equal(sigprocmask_apply(SIG_UNBLOCK, old, set, &n), 0);
	assert_int_equal(n, sigmask(SIGINT));
	assert_int_equal(sigprocmask_apply(SIG_SETMASK, old, set, &n), 0);
	assert_int_equal(n, sigmask(SIGUSR1) | sigmask(SIGTERM));
	assert_int_equal(sigprocmask_apply(SIG_SETMASK, 0, ~0UL, &n), 0);
	assert_int_equal(n, ~0UL & ~(sigmask(SIGKILL) | sigmask(SIGSTOP)));
	n = 0x5555;
	assert_int_equal(sigprocmask_apply(3, old, set, &n), -EINVAL);
	assert_int_equal(sigprocmask_apply(-1, old, set, &n), -EINVAL);
	assert_int_equal(n, 0x5555);
}

static void test_restart_table(void **state)
{
	static const struct {
		long ret;
		bool handler;
		unsigned long flags;
		enum syscall_restart expect;
	} table[] = {
		/* With a handler. */
		{-ERESTARTSYS, true, 0, RESTART_EINTR},
		{-ERESTARTSYS, true, SA_RESTART, RESTART_REWIND},
		{-ERESTARTNOINTR, true, 0, RESTART_REWIND},
		{-ERESTARTNOINTR, true, SA_RESTART, RESTART_REWIND},
		{-ERESTARTNOHAND, true, 0, RESTART_EINTR},
		{-ERESTARTNOHAND, true, SA_RESTART, RESTART_EINTR},
		{-ERESTART_RESTARTBLOCK, true, SA_RESTART, RESTART_EINTR},
		/* Without: everything restarts (restart blocks: EINTR in
		 * keel, documented). */
		{-ERESTARTSYS, false, 0, RESTART_REWIND},
		{-ERESTARTNOINTR, false, 0, RESTART_REWIND},
		{-ERESTARTNOHAND, false, 0, RESTART_REWIND},
		{-ERESTART_RESTARTBLOCK, false, 0, RESTART_EINTR},
		/* Not restart codes. */
		{0, true, 0, RESTART_NONE},
		{42, false, 0, RESTART_NONE},
		{-EINTR, true, SA_RESTART, RESTART_NONE},
		{-EINTR, false, 0, RESTART_NONE},
		{-EFAULT, true, 0, RESTART_NONE},
		{-515, true, 0, RESTART_NONE}, /* ERESTART_RESTARTBLOCK - 1 */
		{-511, false, 0, RESTART_NONE},
		{512, false, 0, RESTART_NONE},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		assert_int_equal(syscall_restart_decide(table[i].ret,
							table[i].handler,
							table[i].flags),
				 table[i].expect);
}

#define ALT_SP 0x10000000UL
#define ALT_SIZE 0x4000UL

static void test_sas_on_stack(void **state)
{
	struct sas_state sas = {ALT_SP, ALT_SIZE, 0};
	struct sas_state none = {0, 0, 0};

	(void)state;
	/* Grows down: the top is on it (nothing pushed), the base not. */
	assert_false(sas_on_stack(&sas, ALT_SP));
	assert_true(sas_on_stack(&sas, ALT_SP + 1));
	assert_true(sas_on_stack(&sas, ALT_SP + ALT_SIZE));
	assert_false(sas_on_stack(&sas, ALT_SP + ALT_SIZE + 1));
	assert_int_equal(sas_ss_flags(&sas, ALT_SP + 8), SS_ONSTACK);
	assert_int_equal(sas_ss_flags(&sas, 0x7ffff000), 0);
	assert_int_equal(sas_ss_flags(&none, 0x7ffff000), SS_DISABLE);
	/* SS_AUTODISARM: never "on" it (handlers may nest onto it). */
	sas.flags = SS_AUTODISARM;
	assert_false(sas_on_stack(&sas, ALT_SP + 8));
	assert_int_equal(sas_ss_flags(&sas, ALT_SP + 8), 0);
}

static stack_t ss_of(unsigned long sp, int flags, unsigned long size)
{
	stack_t ss = {(void *)sp, flags, size};

	return ss;
}

static void test_sigaltstack_rules(void **state)
{
	struct sas_state sas = {0, 0, 0}, before;
	stack_t ss;

	(void)state;
	/* Set one. */
	ss = ss_of(ALT_SP, 0, ALT_SIZE);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 0);
	assert_int_equal(sas.sp, ALT_SP);
	assert_int_equal(sas.size, ALT_SIZE);
	before = sas;
	/* Too small; bad flags; on it: refused, nothing changed. */
	ss = ss_of(ALT_SP, 0, MINSIGSTKSZ - 1);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 -ENOMEM);
	ss = ss_of(ALT_SP, 3, ALT_SIZE);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 -EINVAL);
	ss = ss_of(ALT_SP, SS_DISABLE | SS_ONSTACK | 4, ALT_SIZE);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 -EINVAL);
	ss = ss_of(0, SS_DISABLE, 0);
	assert_int_equal(sigaltstack_apply(&sas, ALT_SP + 64, &ss, MINSIGSTKSZ),
			 -EPERM);
	assert_memory_equal(&sas, &before, sizeof(sas));
	/* Exactly MINSIGSTKSZ is enough; SS_ONSTACK is accepted as 0. */
	ss = ss_of(ALT_SP, SS_ONSTACK, MINSIGSTKSZ);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 0);
	assert_int_equal(sas.size, MINSIGSTKSZ);
	/* SS_DISABLE ignores the size and clears the stack. */
	ss = ss_of(ALT_SP, SS_DISABLE, 1);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 0);
	assert_int_equal(sas.sp, 0);
	assert_int_equal(sas.size, 0);
	/* SS_AUTODISARM is a flag bit with any mode. */
	ss = ss_of(ALT_SP, (int)(SS_AUTODISARM | SS_ONSTACK), ALT_SIZE);
	assert_int_equal(sigaltstack_apply(&sas, 0x7fff0000, &ss, MINSIGSTKSZ),
			 0);
	assert_int_equal(sas.flags, SS_AUTODISARM | SS_ONSTACK);
	/* With it, changing it while on it is allowed (not "on"). */
	ss = ss_of(0, SS_DISABLE, 0);
	assert_int_equal(sigaltstack_apply(&sas, ALT_SP + 64, &ss, MINSIGSTKSZ),
			 0);
}

#define FRAME 440UL /* sizeof(struct rt_sigframe) */
#define MATH (832UL + 4) /* XSAVE with AVX, and MAGIC2 */

static void check_layout(const struct sigframe_place *pl, unsigned long top)
{
	assert_int_equal((pl->frame + 8) % 16, 0);
	assert_int_equal(pl->fpstate % 64, 0);
	assert_true(pl->frame + FRAME <= pl->fpstate);
	assert_true(pl->fpstate + MATH <= top);
	/* No more room taken than alignment needs. */
	assert_true(top - pl->frame < FRAME + MATH + 64 + 16 + 8);
}

static void test_frame_on_the_stack(void **state)
{
	struct sas_state none = {0, 0, 0};
	struct sigframe_place pl;
	uint64_t seed = 0x5eed5eed;

	(void)state;
	/* Any rsp: the red zone is skipped and the alignments hold. */
	for (int i = 0; i < 2000; i++) {
		unsigned long sp =
			0x7ff000000000UL + (xorshift64(&seed) & 0xffffffUL);

		assert_int_equal(
			sigframe_place(sp, false, &none, FRAME, MATH, &pl), 0);
		check_layout(&pl, sp - SIGFRAME_REDZONE);
		/* SA_ONSTACK without an alternate stack: the same. */
		assert_int_equal(
			sigframe_place(sp, true, &none, FRAME, MATH, &pl), 0);
		check_layout(&pl, sp - SIGFRAME_REDZONE);
	}
	/* A known case worked by hand: 0x7ffffffde000 - 128 - 836 =
	 * 0x7ffffffddc3c, down to 64: 0x7ffffffddc00; - 440 =
	 * 0x7ffffffdda48, down to 16 and - 8: 0x7ffffffdda38. */
	assert_int_equal(sigframe_place(0x7ffffffde000UL, false, &none, FRAME,
					MATH, &pl),
			 0);
	assert_int_equal(pl.fpstate, 0x7ffffffddc00UL);
	assert_int_equal(pl.frame, 0x7ffffffdda38UL);
	/* No FPU image: the frame sits right below the red zone. */
	assert_int_equal(
		sigframe_place(0x7ffffffde000UL, false, &none, FRAME, 0, &pl),
		0);
	assert_int_equal(pl.frame,
			 ALIGN_DOWN(0x7ffffffde000UL - 128 - FRAME, 16) - 8);
}

static void test_frame_on_the_altstack(void **state)
{
	struct sas_state sas = {ALT_SP, ALT_SIZE, 0};
	struct sigframe_place pl;

	(void)state;
	/* Entering: the frame goes to the top of the alternate stack (no
	 * red zone there). */
	assert_int_equal(
		sigframe_place(0x7ffffffde000UL, true, &sas, FRAME, MATH, &pl),
		0);
	check_layout(&pl, ALT_SP + ALT_SIZE);
	assert_true(pl.frame > ALT_SP);
	/* Without SA_ONSTACK the alternate stack is not used. */
	assert_int_equal(
		sigframe_place(0x7ffffffde000UL, false, &sas, FRAME, MATH, &pl),
		0);
	assert_true(pl.frame > 0x7ff000000000UL);
	/* Nested: already on it, the frame goes below the current rsp. */
	assert_int_equal(
		sigframe_place(ALT_SP + 0x3000, true, &sas, FRAME, MATH, &pl),
		0);
	check_layout(&pl, ALT_SP + 0x3000 - SIGFRAME_REDZONE);
	/* Nested without room: refused, never written below the stack. */
	assert_int_equal(
		sigframe_place(ALT_SP + 0x200, true, &sas, FRAME, MATH, &pl),
		-EFAULT);
	/* Also when SA_ONSTACK is not set but the task is on it. */
	assert_int_equal(
		sigframe_place(ALT_SP + 0x200, false, &sas, FRAME, MATH, &pl),
		-EFAULT);
	/* Entering a stack too small for the frame: refused. */
	sas.size = 1024;
	assert_int_equal(
		sigframe_place(0x7ffffffde000UL, true, &sas, FRAME, MATH, &pl),
		-EFAULT);
	/* SS_AUTODISARM: entering from inside counts as entering again
	 * (the top), as Linux does for a disarmed stack. */
	sas.size = ALT_SIZE;
	sas.flags = SS_AUTODISARM;
	assert_int_equal(
		sigframe_place(ALT_SP + 0x3000, true, &sas, FRAME, MATH, &pl),
		0);
	check_layout(&pl, ALT_SP + ALT_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_actions),
		cmocka_unit_test(test_next_pending),
		cmocka_unit_test(test_sigprocmask),
		cmocka_unit_test(test_restart_table),
		cmocka_unit_test(test_sas_on_stack),
		cmocka_unit_test(test_sigaltstack_rules),
		cmocka_unit_test(test_frame_on_the_stack),
		cmocka_unit_test(test_frame_on_the_altstack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
