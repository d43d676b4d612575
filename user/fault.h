/* SPDX-License-Identifier: MIT */
/*
 * Survive a fault on purpose: probe_read/probe_write/probe_exec touch an
 * address with a SIGSEGV/SIGBUS handler installed and report whether it
 * faulted, with the signal, si_code and si_addr the kernel delivered.
 *
 *   struct fault f;
 *   if (probe_write(p, &f) && f.signo == SIGSEGV && f.code == SEGV_ACCERR)
 *
 * The handler leaves through siglongjmp (sigsetjmp saved the mask, so
 * the signal is unblocked again).
 */
#ifndef KEEL_USER_FAULT_H
#define KEEL_USER_FAULT_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

struct fault {
	int signo;
	int code;
	void *addr;
};

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_armed;
static struct fault fault_last;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (!fault_armed) {
		/* A fault nobody expected: die of it, as without a handler. */
		signal(sig, SIG_DFL);
		return;
	}
	fault_armed = 0;
	fault_last.signo = sig;
	fault_last.code = si->si_code;
	fault_last.addr = si->si_addr;
	siglongjmp(fault_jmp, 1);
}

static inline void fault_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* Hide @p from the optimiser (no assumptions about NULL or constants). */
static inline void *fault_opaque(void *p)
{
	__asm__ volatile("" : "+r"(p));
	return p;
}

enum fault_access { FAULT_READ, FAULT_WRITE, FAULT_EXEC };

/*
 * Touch @addr as @how says. Returns 1 when it faulted (*@f filled in),
 * 0 when the access went through (*@f zeroed). A write stores @val.
 */
static __attribute__((noinline)) int probe(void *addr, enum fault_access how,
					   unsigned char val, struct fault *f)
{
	volatile unsigned char *p = fault_opaque(addr);

	fault_install();
	memset(f, 0, sizeof(*f));
	if (sigsetjmp(fault_jmp, 1)) {
		*f = fault_last;
		return 1;
	}
	fault_armed = 1;
	if (how == FAULT_READ)
		(void)*p;
	else if (how == FAULT_WRITE)
		*p = val;
	else
		((void (*)(void))fault_opaque(addr))();
	fault_armed = 0;
	return 0;
}

static inline int probe_read(void *addr, struct fault *f)
{
	return probe(addr, FAULT_READ, 0, f);
}

static inline int probe_write(void *addr, unsigned char val, struct fault *f)
{
	return probe(addr, FAULT_WRITE, val, f);
}

static inline int probe_exec(void *addr, struct fault *f)
{
	return probe(addr, FAULT_EXEC, 0, f);
}

#endif
