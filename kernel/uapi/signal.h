/* SPDX-License-Identifier: MIT */
/*
 * Signals as Linux's x86_64 ABI has them: numbers, sigaction flags, the
 * struct sigaction rt_sigaction takes, stack_t, the 128-byte siginfo and
 * the si_code values. Pure (no kernel header), so host tests compare every
 * value and offset with the build machine's <asm/signal.h>,
 * <asm/siginfo.h> (hosttest/signal/).
 *
 * sigset_t itself is kernel/signal_types.h's; here a set is the 8-byte
 * word the ABI passes (unsigned long, bit sig - 1).
 */
#ifndef KEEL_UAPI_SIGNAL_H
#define KEEL_UAPI_SIGNAL_H

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPOLL SIGIO
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32
#define SIGRTMAX 64 /* _NSIG */

/* sa_flags */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_UNSUPPORTED 0x00000400
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000U
#define SA_NOMASK SA_NODEFER
#define SA_ONESHOT SA_RESETHAND
/* The flags rt_sigaction keeps; others are cleared, so user space can
 * detect unsupported ones (Linux's UAPI_SA_FLAGS on x86). */
#define UAPI_SA_FLAGS                                                          \
	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART |  \
	 SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER)

/* rt_sigprocmask's how */
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* Handler values */
typedef void (*__sighandler_t)(int);
typedef void (*__sigrestore_t)(void);
#define SIG_DFL ((__sighandler_t)0)
#define SIG_IGN ((__sighandler_t)1)
#define SIG_ERR ((__sighandler_t)-1)

/* sigaltstack */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define SS_FLAG_BITS SS_AUTODISARM
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

/* The struct rt_sigaction reads and writes (x86_64: mask last). */
struct sigaction {
	__sighandler_t sa_handler;
	unsigned long sa_flags;
	__sigrestore_t sa_restorer;
	unsigned long sa_mask; /* sigset_t of the kernel ABI */
};
_Static_assert(sizeof(struct sigaction) == 32, "x86_64 struct sigaction");

typedef struct sigaltstack {
	void *ss_sp;
	int ss_flags;
	unsigned long ss_size;
} stack_t;
_Static_assert(sizeof(stack_t) == 24, "x86_64 stack_t");

typedef union sigval {
	int sival_int;
	void *sival_ptr;
} sigval_t;

#define SI_MAX_SIZE 128

/*
 * siginfo_t (Linux's include/uapi/asm-generic/siginfo.h, x86_64): three
 * ints, then the union at offset 16.
 */
typedef struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		int _pad[(SI_MAX_SIZE / sizeof(int)) - 4];
		struct { /* kill, tkill, tgkill */
			int _pid;
			unsigned int _uid;
		} _kill;
		struct { /* POSIX timers */
			int _tid;
			int _overrun;
			sigval_t _sigval;
			int _sys_private;
		} _timer;
		struct { /* rt_sigqueueinfo */
			int _pid;
			unsigned int _uid;
			sigval_t _sigval;
		} _rt;
		struct { /* SIGCHLD */
			int _pid;
			unsigned int _uid;
			int _status;
			long _utime;
			long _stime;
		} _sigchld;
		struct { /* SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP */
			void *_addr;
			union {
				int _trapno;
				short _addr_lsb;
				struct {
					char _dummy_bnd[sizeof(void *)];
					void *_lower;
					void *_upper;
				} _addr_bnd;
				struct {
					char _dummy_pkey[sizeof(void *)];
					unsigned int _pkey;
				} _addr_pkey;
			};
		} _sigfault;
		struct { /* SIGPOLL */
			long _band;
			int _fd;
		} _sigpoll;
		struct { /* SIGSYS */
			void *_call_addr;
			int _syscall;
			unsigned int _arch;
		} _sigsys;
	} _sifields;
} kernel_siginfo_t;
_Static_assert(sizeof(kernel_siginfo_t) == SI_MAX_SIZE, "siginfo: 128 bytes");
_Static_assert(__builtin_offsetof(kernel_siginfo_t, _sifields) == 16,
	       "siginfo: union at 16");

#define si_pid _sifields._kill._pid
#define si_uid _sifields._kill._uid
#define si_tid _sifields._timer._tid
#define si_overrun _sifields._timer._overrun
#define si_value _sifields._rt._sigval
#define si_int _sifields._rt._sigval.sival_int
#define si_ptr _sifields._rt._sigval.sival_ptr
#define si_status _sifields._sigchld._status
#define si_utime _sifields._sigchld._utime
#define si_stime _sifields._sigchld._stime
#define si_addr _sifields._sigfault._addr
#define si_trapno _sifields._sigfault._trapno
#define si_band _sifields._sigpoll._band
#define si_fd _sifields._sigpoll._fd
#define si_call_addr _sifields._sigsys._call_addr
#define si_syscall _sifields._sigsys._syscall
#define si_arch _sifields._sigsys._arch

/* si_code: who sent it (<= 0 from user space, > 0 from the kernel). */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE -1
#define SI_TIMER -2
#define SI_MESGQ -3
#define SI_ASYNCIO -4
#define SI_SIGIO -5
#define SI_TKILL -6
#define SI_DETHREAD -7
#define SI_ASYNCNL -60
#define SI_FROMUSER(si) ((si)->si_code <= 0)
#define SI_FROMKERNEL(si) ((si)->si_code > 0)

#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8

#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8

#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define SEGV_BNDERR 3
#define SEGV_PKUERR 4

#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3

#define TRAP_BRKPT 1
#define TRAP_TRACE 2

#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

#endif
