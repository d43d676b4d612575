/* SPDX-License-Identifier: MIT */
/*
 * n_tty: the default line discipline (Linux's drivers/tty/n_tty.c), as
 * pure code. It holds a terminal's termios and its input ring, and turns
 *
 *   received bytes --n_tty_receive--> the ring (+ echo bytes, signals)
 *   the ring       --n_tty_read-----> a reader (one line in ICANON)
 *   written bytes  --n_tty_output---> bytes for the wire (OPOST)
 *
 * It never sleeps, locks or touches a device: the caller (fs/tty.c)
 * holds the lock, sends the signals n_tty_receive reports, writes the
 * echo bytes n_tty_echo_pull hands out, and asks n_tty_read_decide
 * whether a read copies, sleeps (and how long: VMIN/VTIME) or returns.
 *
 * The ring: read_tail <= canon_head <= read_head (free-running u32
 * counters, indexed modulo N_TTY_BUF_SIZE). In ICANON, [read_tail,
 * canon_head) holds finished lines (each ends at a byte whose line_end
 * bit is set) and [canon_head, read_head) the line being edited. A VEOF
 * ends a line with a marker byte (eof_mark bit) that is never copied out.
 */
#ifndef KEEL_LIB_N_TTY_H
#define KEEL_LIB_N_TTY_H

#include "kernel/lib/types.h"

/* Linux's struct termios for x86_64 (asm-generic/termbits.h). */
typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
#define NCCS 19

struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_line;
	cc_t c_cc[NCCS];
};

/* c_cc indexes */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define IGNBRK 0000001
#define BRKINT 0000002
#define IGNPAR 0000004
#define PARMRK 0000010
#define INPCK 0000020
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IUCLC 0001000
#define IXON 0002000
#define IXANY 0004000
#define IXOFF 0010000
#define IMAXBEL 0020000
#define IUTF8 0040000

/* c_oflag */
#define OPOST 0000001
#define OLCUC 0000002
#define ONLCR 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040
#define OFILL 0000100
#define OFDEL 0000200
#define TABDLY 0014000
#define TAB0 0000000
#define TAB3 0014000
#define XTABS 0014000

/* c_cflag */
#define CBAUD 0010017
#define B9600 0000015
#define B38400 0000017
#define B115200 0010002
#define CSIZE 0000060
#define CS8 0000060
#define CSTOPB 0000100
#define CREAD 0000200
#define PARENB 0000400
#define PARODD 0001000
#define HUPCL 0002000
#define CLOCAL 0004000

/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define XCASE 0000004
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE 0004000
#define FLUSHO 0010000
#define PENDIN 0040000
#define IEXTEN 0100000
#define EXTPROC 0200000

/* Signals the special characters raise (Linux's numbers). */
#define N_TTY_SIGINT 2
#define N_TTY_SIGQUIT 3
#define N_TTY_SIGTSTP 20

/* Linux's N_TTY_BUF_SIZE; the echo ring has the same size. */
#define N_TTY_BUF_SIZE 4096
#define N_TTY_ECHO_SIZE 4096
/* The most bytes one character can become on output (a tab: 8 spaces;
 * "\r\n" for a newline). */
#define N_TTY_OUT_MAX 8

struct n_tty {
	struct termios termios;
	u32 read_head, read_tail, canon_head; /* free-running */
	u32 echo_head, echo_tail; /* free-running */
	unsigned int column; /* output column (OPOST and echo) */
	unsigned int canon_column; /* the column the edited line began at */
	bool lnext; /* VLNEXT seen: the next byte is literal */
	bool stopped; /* IXON: VSTOP seen, VSTART not yet */
	unsigned long rx_dropped; /* bytes lost to a full ring */
	unsigned long echo_dropped; /* echo bytes lost to a full echo ring */
	u8 read_buf[N_TTY_BUF_SIZE];
	u8 line_end[N_TTY_BUF_SIZE / 8]; /* a line ends with this byte */
	u8 eof_mark[N_TTY_BUF_SIZE / 8]; /* this byte is a VEOF marker */
	u8 echo_buf[N_TTY_ECHO_SIZE];
};

/* Linux's default termios (tty_std_termios) and c_cc (INIT_C_CC). */
void n_tty_default_termios(struct termios *t);

/* Empty ring, default termios, column 0. */
void n_tty_init(struct n_tty *t);

/**
 * n_tty_set_termios - change the termios as TCSETS does
 * Turning ICANON on makes what is pending one finished line (Linux's
 * "push"); turning it off makes all of it readable at once.
 */
void n_tty_set_termios(struct n_tty *t, const struct termios *new);

/**
 * n_tty_receive - process received bytes (input flags, editing, echo)
 * @cp: the bytes; @count: how many
 * @sig: set to a signal number (N_TTY_SIG*) when a VINTR/VQUIT/VSUSP
 *	byte was taken (the caller signals the foreground process group),
 *	else 0
 * Return: bytes consumed: all of them, or up to and including the byte
 * that raised *@sig (the caller passes the rest again after signalling).
 */
size_t n_tty_receive(struct n_tty *t, const u8 *cp, size_t count, int *sig);

/* Take up to @n echo bytes (already output-processed) for the wire. */
size_t n_tty_echo_pull(struct n_tty *t, u8 *dst, size_t n);
/* Echo bytes waiting. */
size_t n_tty_echo_pending(const struct n_tty *t);

/* Read decisions (n_tty_read_decide). */
enum n_tty_read_action {
	N_TTY_READ_COPY, /* data is there: n_tty_read it */
	N_TTY_READ_RETURN, /* return what was copied (0: end of file or
			    * VMIN = 0 with nothing) */
	N_TTY_READ_SLEEP, /* wait for input, *timeout_ds deciseconds
			   * (0: no timer) */
};

/**
 * n_tty_read_decide - what a read of @count bytes that copied @copied so
 * far does next (ICANON: one line per read; else VMIN/VTIME as POSIX
 * says: MIN=0 TIME=0 polls; MIN>0 TIME=0 waits for MIN bytes; MIN=0
 * TIME>0 waits TIME for the first byte; MIN>0 TIME>0 waits for the
 * first byte, then TIME between bytes)
 * @timed_out: the last sleep's timer ran out (with no byte coming)
 * @timeout_ds: set for N_TTY_READ_SLEEP
 * Non-blocking reads treat SLEEP as EAGAIN (copied == 0) or RETURN.
 */
enum n_tty_read_action n_tty_read_decide(const struct n_tty *t, size_t count,
					 size_t copied, bool timed_out,
					 unsigned int *timeout_ds);

/**
 * n_tty_read - copy readable input to @dst
 * @n: room at @dst
 * @done: set when the read must end now (ICANON: a line, or part of one
 *	that did not fit, or an end of file was taken)
 * Return: bytes copied (0 with *@done: end of file).
 */
size_t n_tty_read(struct n_tty *t, u8 *dst, size_t n, bool *done);

/* Bytes a read could take now (FIONREAD): finished lines in ICANON
 * without VEOF markers, everything otherwise. */
size_t n_tty_inq(const struct n_tty *t);
/* Is a read ready (poll's POLLIN): a line, or VMIN's bytes, or any
 * byte with VMIN 0? */
bool n_tty_readable(const struct n_tty *t);

/* TCIFLUSH: drop all input and the line being edited. */
void n_tty_flush_input(struct n_tty *t);

/**
 * n_tty_output - output processing (OPOST, ONLCR, OCRNL, ONOCR, ONLRET,
 * XTABS, OLCUC) of written bytes
 * @src, @n: the bytes written
 * @dst, @dst_size: where the wire bytes go; @dst_size >= N_TTY_OUT_MAX
 * @produced: set to the bytes put at @dst
 * Return: bytes of @src consumed (it stops when the next one may not fit).
 */
size_t n_tty_output(struct n_tty *t, const u8 *src, size_t n, u8 *dst,
		    size_t dst_size, size_t *produced);

#endif
