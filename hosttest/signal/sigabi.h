/* SPDX-License-Identifier: MIT */
/*
 * The ABI facts of signals, one list evaluated twice: in sigabi_keel.c
 * against keel's headers and in sigabi_linux.c against the build
 * machine's Linux UAPI headers (<asm/signal.h>, <asm/siginfo.h>,
 * <asm/sigcontext.h>, <asm/ucontext.h>). The names are the same in both,
 * so each fact is the same expression; test_sigabi.c compares the values.
 */
#ifndef KEEL_HOSTTEST_SIGABI_H
#define KEEL_HOSTTEST_SIGABI_H

#define OFF(type, field) __builtin_offsetof(type, field)

/* The list itself: sigabi_facts.inc, FACT(expression) per line. */
#define SIGABI_FACTS_FILE "hosttest/signal/sigabi_facts.inc"

extern const long long sigabi_keel[];
extern const long long sigabi_linux[];
extern const char *const sigabi_names[];
extern const unsigned int sigabi_count;

#endif
