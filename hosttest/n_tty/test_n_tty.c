// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/n_tty.c: Linux's default termios, input
 * flags, canonical editing and its echo, signal characters, VMIN/VTIME
 * decisions, the ring's limits and output processing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/lib/n_tty.h"

static struct n_tty *tty;
static char echo[N_TTY_ECHO_SIZE + 1];

static int setup(void **state)
{
	(void)state;
	tty = malloc(sizeof(*tty));
	n_tty_init(tty);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(tty);
	return 0;
}

/* Feed @s; the signals raised are stored in @sigs (up to 8). */
static int feed_n(const char *s, size_t len)
{
	size_t done = 0;
	int last = 0;

	while (done < len) {
		int sig;

		done += n_tty_receive(tty, (const u8 *)s + done, len - done,
				      &sig);
		if (sig)
			last = sig;
	}
	return last;
}

static int feed(const char *s)
{
	return feed_n(s, strlen(s));
}

/* The echo since the last call, as a string. */
static const char *pull_echo(void)
{
	size_t n = n_tty_echo_pull(tty, (u8 *)echo, N_TTY_ECHO_SIZE);

	echo[n] = 0;
	return echo;
}

/* One read of up to @n bytes into a static string; @done reported. */
static char rbuf[N_TTY_BUF_SIZE + 1];
static const char *do_read(size_t n, size_t *len, bool *done)
{
	*len = n_tty_read(tty, (u8 *)rbuf, n, done);
	rbuf[*len] = 0;
	return rbuf;
}

static void set_lflag(tcflag_t on, tcflag_t off)
{
	struct termios t = tty->termios;

	t.c_lflag = (t.c_lflag | on) & ~off;
	n_tty_set_termios(tty, &t);
}

static void test_defaults(void **state)
{
	struct termios t;

	(void)state;
	n_tty_default_termios(&t);
	/* Linux's tty_std_termios values, numerically. */
	assert_int_equal(t.c_iflag, 02400);
	assert_int_equal(t.c_oflag, 05);
	assert_int_equal(t.c_cflag, 02277);
	assert_int_equal(t.c_lflag, 0105073);
	assert_int_equal(t.c_line, 0);
	static const u8 cc[NCCS] = {3,	 034, 0177, 025, 4, 0,	 1,
				    0,	 021, 023,  032, 0, 022, 017,
				    027, 026, 0,    0,	 0};
	assert_memory_equal(t.c_cc, cc, NCCS);
	assert_int_equal(sizeof(struct termios), 36);
	assert_memory_equal(&tty->termios, &t, sizeof(t));
	assert_false(n_tty_readable(tty));
	assert_int_equal(n_tty_inq(tty), 0);
}

static void test_canon_line(void **state)
{
	size_t len;
	bool done;
	unsigned int tmo;

	(void)state;
	assert_int_equal(n_tty_read_decide(tty, 10, 0, false, &tmo),
			 N_TTY_READ_SLEEP);
	assert_int_equal(tmo, 0);
	feed("ab");
	assert_string_equal(pull_echo(), "ab");
	assert_false(n_tty_readable(tty));
	assert_int_equal(n_tty_inq(tty), 0);
	assert_int_equal(n_tty_read(tty, (u8 *)rbuf, 10, &done), 0);
	assert_false(done);
	feed("c\r");
	/* ICRNL, then ONLCR on the echo. */
	assert_string_equal(pull_echo(), "c\r\n");
	assert_true(n_tty_readable(tty));
	assert_int_equal(n_tty_inq(tty), 4);
	assert_int_equal(n_tty_read_decide(tty, 10, 0, false, &tmo),
			 N_TTY_READ_COPY);
	assert_string_equal(do_read(10, &len, &done), "abc\n");
	assert_true(done);
	assert_int_equal(n_tty_read_decide(tty, 10, 4, false, &tmo),
			 N_TTY_READ_RETURN);
	assert_false(n_tty_readable(tty));
	assert_int_equal(n_tty_read(tty, (u8 *)rbuf, 0, &done), 0);
}

/* One line per read; a short buffer takes part of a line. */
static void test_canon_partial_and_two_lines(void **state)
{
	size_t len;
	bool done;

	(void)state;
	feed("hello\nxy\n");
	assert_string_equal(do_read(3, &len, &done), "hel");
	assert_true(done);
	assert_string_equal(do_read(100, &len, &done), "lo\n");
	assert_string_equal(do_read(100, &len, &done), "xy\n");
	assert_false(n_tty_readable(tty));
}

static void test_eof(void **state)
{
	size_t len;
	bool done;

	(void)state;
	feed("ab\004\004");
	assert_string_equal(pull_echo(), "ab");
	assert_int_equal(n_tty_inq(tty), 2);
	assert_string_equal(do_read(100, &len, &done), "ab");
	assert_true(done);
	/* ^D at a line's start: end of file (a read of 0). */
	assert_true(n_tty_readable(tty));
	do_read(100, &len, &done);
	assert_int_equal(len, 0);
	assert_true(done);
	assert_false(n_tty_readable(tty));
}

static void test_eol_chars(void **state)
{
	struct termios t = tty->termios;
	size_t len;
	bool done;

	(void)state;
	t.c_cc[VEOL] = ';';
	t.c_cc[VEOL2] = '|';
	n_tty_set_termios(tty, &t);
	feed("a;|b|");
	assert_string_equal(pull_echo(), "a;|b|");
	assert_string_equal(do_read(100, &len, &done), "a;");
	assert_string_equal(do_read(100, &len, &done), "|");
	assert_string_equal(do_read(100, &len, &done), "b|");
	/* Without IEXTEN, VEOL2 is an ordinary byte. */
	set_lflag(0, IEXTEN);
	feed("x|\n");
	assert_string_equal(do_read(100, &len, &done), "x|\n");
	/* VEOL without echo. */
	set_lflag(0, ECHO);
	pull_echo();
	feed(";");
	assert_string_equal(pull_echo(), "");
	assert_string_equal(do_read(100, &len, &done), ";");
}

static void test_erase(void **state)
{
	size_t len;
	bool done;

	(void)state;
	feed("abc\177");
	assert_string_equal(pull_echo(), "abc\b \b");
	/* A control character echoed as ^X takes two erasures. */
	feed("\001");
	assert_string_equal(pull_echo(), "^A");
	feed("\177");
	assert_string_equal(pull_echo(), "\b \b\b \b");
	feed("\n");
	assert_string_equal(do_read(100, &len, &done), "ab\n");
	pull_echo();
	/* Nothing to erase: nothing echoed. */
	feed("\177\025\027");
	assert_string_equal(pull_echo(), "");
	/* Without ECHOE the erase character is echoed. */
	set_lflag(0, ECHOE);
	feed("xy\177");
	assert_string_equal(pull_echo(), "xy^?");
	/* Without ECHOCTL a control character has no width. */
	set_lflag(ECHOE, ECHOCTL);
	feed("\001\177");
	assert_string_equal(pull_echo(), "\001");
}

static void test_erase_tab(void **state)
{
	size_t len;
	bool done;

	(void)state;
	/* "ab\t" spans columns 0..8: erasing the tab backs up 6. */
	feed("ab\t\177");
	assert_string_equal(pull_echo(), "ab\t\b\b\b\b\b\b");
	assert_int_equal(tty->column, 2);
	feed("\001\t\177\177\177\177\n");
	/* ^A (2 columns) then tab from 4 to 8: 4 back. */
	assert_string_equal(pull_echo(), "^A\t\b\b\b\b\b \b\b \b"
					 "\b \b\b \b\r\n");
	assert_string_equal(do_read(100, &len, &done), "\n");
	/* A line starting after a prompt: the tab's width counts from the
	 * prompt's end. */
	uint8_t out[64];
	size_t produced;
	n_tty_output(tty, (const u8 *)"$ ", 2, out, sizeof(out), &produced);
	feed("\t\177");
	assert_string_equal(pull_echo(), "\t\b\b\b\b\b\b");
}

static void test_werase(void **state)
{
	size_t len;
	bool done;

	(void)state;
	feed("one two_2  \027");
	assert_string_equal(pull_echo(), "one two_2  \b \b\b \b\b \b\b \b"
					 "\b \b\b \b\b \b");
	feed("\027x\n");
	assert_string_equal(do_read(100, &len, &done), "x\n");
	/* Without IEXTEN ^W is ordinary. */
	set_lflag(0, IEXTEN);
	feed("a\027\n");
	assert_string_equal(do_read(100, &len, &done), "a\027\n");
}

static void test_kill(void **state)
{
	size_t len;
	bool done;

	(void)state;
	/* ECHOKE|ECHOE|ECHOK: erased visually. */
	feed("ab\025");
	assert_string_equal(pull_echo(), "ab\b \b\b \b");
	feed("c\n");
	assert_string_equal(do_read(100, &len, &done), "c\n");
	pull_echo();
	/* Without ECHOKE: the kill character and a newline (ECHOK). */
	set_lflag(0, ECHOKE);
	feed("ab\025");
	assert_string_equal(pull_echo(), "ab^U\r\n");
	set_lflag(0, ECHOK);
	feed("ab\025");
	assert_string_equal(pull_echo(), "ab^U");
	/* Without echo: just gone. */
	set_lflag(0, ECHO);
	feed("zz\025q\n");
	assert_string_equal(pull_echo(), "");
	assert_string_equal(do_read(100, &len, &done), "q\n");
}

static void test_lnext_reprint(void **state)
{
	size_t len;
	bool done;
	int sig;

	(void)state;
	feed("a\026");
	assert_string_equal(pull_echo(), "a^\b");
	sig = feed("\003");
	assert_int_equal(sig, 0);
	assert_string_equal(pull_echo(), "^C");
	feed("\026\177\022");
	assert_string_equal(pull_echo(), "^\b^?^R\r\na^C^?");
	feed("\n");
	assert_string_equal(do_read(100, &len, &done), "a\003\177\n");
	pull_echo();
	/* Without ECHOCTL the ^\b hint is not shown. */
	set_lflag(0, ECHOCTL);
	feed("\026x\n");
	assert_string_equal(pull_echo(), "x\r\n");
	assert_string_equal(do_read(100, &len, &done), "x\n");
}

static void test_signals(void **state)
{
	size_t len;
	bool done;
	int sig;
	size_t n;

	(void)state;
	feed("abc\n");
	feed("de");
	pull_echo();
	/* The byte after the signal is not consumed in the same call. */
	n = n_tty_receive(tty, (const u8 *)"\003x", 2, &sig);
	assert_int_equal(n, 1);
	assert_int_equal(sig, N_TTY_SIGINT);
	assert_string_equal(pull_echo(), "^C");
	assert_false(n_tty_readable(tty)); /* flushed */
	assert_int_equal(feed("\034"), N_TTY_SIGQUIT);
	assert_int_equal(feed("\032"), N_TTY_SIGTSTP);
	pull_echo();
	/* NOFLSH keeps the input. */
	set_lflag(NOFLSH, 0);
	feed("ab\n");
	assert_int_equal(feed("\003"), N_TTY_SIGINT);
	assert_string_equal(do_read(100, &len, &done), "ab\n");
	/* Without ECHO the ^C is not shown; without ISIG it is data. */
	set_lflag(0, ECHO);
	pull_echo();
	assert_int_equal(feed("\003"), N_TTY_SIGINT);
	assert_string_equal(pull_echo(), "");
	set_lflag(0, ISIG);
	assert_int_equal(feed("\003\n"), 0);
	assert_string_equal(do_read(100, &len, &done), "\003\n");
}

static void test_ixon(void **state)
{
	struct termios t = tty->termios;
	size_t len;
	bool done;

	(void)state;
	feed("\023");
	assert_true(tty->stopped);
	feed("\021a\n");
	assert_false(tty->stopped);
	assert_string_equal(do_read(100, &len, &done), "a\n");
	feed("\023");
	/* A signal restarts output. */
	feed("\003");
	assert_false(tty->stopped);
	feed("\023");
	t.c_iflag |= IXANY;
	n_tty_set_termios(tty, &t);
	feed("b");
	assert_false(tty->stopped);
	feed("\023");
	t.c_iflag &= ~(tcflag_t)IXON;
	n_tty_set_termios(tty, &t);
	assert_false(tty->stopped);
	feed("\023\n");
	assert_string_equal(do_read(100, &len, &done), "b\023\n");
}

static void test_input_flags(void **state)
{
	struct termios t = tty->termios;
	size_t len;
	bool done;

	(void)state;
	t.c_iflag = INLCR | ISTRIP | IUCLC;
	t.c_lflag &= ~(tcflag_t)ICANON;
	n_tty_set_termios(tty, &t);
	feed("\n\r\xc1Z");
	/* INLCR: \n -> \r; no ICRNL: \r stays; ISTRIP; IUCLC. */
	assert_string_equal(do_read(100, &len, &done), "\r\raz");
	assert_false(done);
	t.c_iflag = IGNCR | ICRNL;
	n_tty_set_termios(tty, &t);
	feed("a\rb\n");
	assert_string_equal(do_read(100, &len, &done), "ab\n");
	/* IUCLC needs IEXTEN. */
	t.c_iflag = IUCLC;
	t.c_lflag &= ~(tcflag_t)IEXTEN;
	n_tty_set_termios(tty, &t);
	feed("Q");
	assert_string_equal(do_read(100, &len, &done), "Q");
}

static void test_echonl(void **state)
{
	size_t len;
	bool done;

	(void)state;
	set_lflag(ECHONL, ECHO);
	feed("ab\n");
	assert_string_equal(pull_echo(), "\r\n");
	assert_string_equal(do_read(100, &len, &done), "ab\n");
	/* Non-canonical echo of a newline. */
	set_lflag(ECHO, ICANON);
	feed("\n\001");
	assert_string_equal(pull_echo(), "\r\n^A");
	set_lflag(0, ECHO);
	feed("\n");
	assert_string_equal(pull_echo(), "");
}

static void test_noncanon_vmin_vtime(void **state)
{
	struct termios t = tty->termios;
	unsigned int tmo;
	size_t len;
	bool done;

	(void)state;
	t.c_lflag &= ~(tcflag_t)ICANON;
	/* MIN 0, TIME 0: poll. */
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	n_tty_set_termios(tty, &t);
	assert_true(!n_tty_readable(tty));
	assert_int_equal(n_tty_read_decide(tty, 5, 0, false, &tmo),
			 N_TTY_READ_RETURN);
	feed("ab");
	assert_true(n_tty_readable(tty));
	assert_int_equal(n_tty_inq(tty), 2);
	assert_int_equal(n_tty_read_decide(tty, 5, 0, false, &tmo),
			 N_TTY_READ_COPY);
	assert_string_equal(do_read(5, &len, &done), "ab");
	assert_int_equal(n_tty_read_decide(tty, 5, 2, false, &tmo),
			 N_TTY_READ_RETURN);
	assert_int_equal(n_tty_read_decide(tty, 2, 2, false, &tmo),
			 N_TTY_READ_RETURN);
	/* MIN 0, TIME 5: wait up to TIME for a byte. */
	t.c_cc[VTIME] = 5;
	n_tty_set_termios(tty, &t);
	assert_int_equal(n_tty_read_decide(tty, 5, 0, false, &tmo),
			 N_TTY_READ_SLEEP);
	assert_int_equal(tmo, 5);
	assert_int_equal(n_tty_read_decide(tty, 5, 0, true, &tmo),
			 N_TTY_READ_RETURN);
	assert_int_equal(n_tty_read_decide(tty, 5, 1, false, &tmo),
			 N_TTY_READ_RETURN);
	/* MIN 3, TIME 0: wait for 3 bytes (or count). */
	t.c_cc[VMIN] = 3;
	t.c_cc[VTIME] = 0;
	n_tty_set_termios(tty, &t);
	feed("xy");
	assert_false(n_tty_readable(tty));
	feed("z");
	assert_true(n_tty_readable(tty));
	do_read(1, &len, &done);
	assert_int_equal(n_tty_read_decide(tty, 5, 1, false, &tmo),
			 N_TTY_READ_COPY);
	do_read(5, &len, &done);
	assert_int_equal(n_tty_read_decide(tty, 5, 2, false, &tmo),
			 N_TTY_READ_SLEEP);
	assert_int_equal(tmo, 0);
	assert_int_equal(n_tty_read_decide(tty, 5, 3, false, &tmo),
			 N_TTY_READ_RETURN);
	assert_int_equal(n_tty_read_decide(tty, 2, 1, false, &tmo),
			 N_TTY_READ_SLEEP);
	/* MIN 3, TIME 2: the first byte without a timer, then TIME
	 * between bytes. */
	t.c_cc[VTIME] = 2;
	n_tty_set_termios(tty, &t);
	assert_true(!n_tty_readable(tty));
	feed("q");
	assert_true(n_tty_readable(tty));
	do_read(5, &len, &done);
	assert_int_equal(n_tty_read_decide(tty, 5, 0, false, &tmo),
			 N_TTY_READ_SLEEP);
	assert_int_equal(tmo, 0);
	assert_int_equal(n_tty_read_decide(tty, 5, 1, false, &tmo),
			 N_TTY_READ_SLEEP);
	assert_int_equal(tmo, 2);
	assert_int_equal(n_tty_read_decide(tty, 5, 1, true, &tmo),
			 N_TTY_READ_RETURN);
	assert_int_equal(n_tty_read_decide(tty, 5, 3, false, &tmo),
			 N_TTY_READ_RETURN);
}

/* Switching ICANON: pending data becomes a line, or all readable. */
static void test_mode_switch(void **state)
{
	size_t len;
	bool done;

	(void)state;
	feed("ab\ncd");
	set_lflag(0, ICANON);
	assert_int_equal(n_tty_inq(tty), 5);
	assert_string_equal(do_read(100, &len, &done), "ab\ncd");
	feed("ef");
	set_lflag(ICANON, 0);
	assert_true(n_tty_readable(tty));
	assert_string_equal(do_read(100, &len, &done), "ef");
	assert_true(done);
	/* Empty ring: no line appears. */
	set_lflag(0, ICANON);
	set_lflag(ICANON, 0);
	assert_false(n_tty_readable(tty));
	/* A VEOF marker reads as a NUL byte once non-canonical. */
	feed("\004");
	set_lflag(0, ICANON);
	do_read(100, &len, &done);
	assert_int_equal(len, 1);
	assert_int_equal(rbuf[0], 0);
	/* Same mode again: nothing changes. */
	feed("g");
	set_lflag(0, 0);
	assert_int_equal(n_tty_inq(tty), 1);
	n_tty_flush_input(tty);
	assert_int_equal(n_tty_inq(tty), 0);
}

/* The ring holds N_TTY_BUF_SIZE bytes; a canonical line always keeps
 * room for its end. */
static void test_ring_full(void **state)
{
	static char big[N_TTY_BUF_SIZE + 100];
	size_t len;
	bool done;

	(void)state;
	memset(big, 'x', sizeof(big));
	set_lflag(0, ECHO);
	feed_n(big, sizeof(big));
	assert_int_equal(tty->read_head - tty->read_tail, N_TTY_BUF_SIZE - 1);
	assert_int_equal(tty->rx_dropped, 101);
	feed("\n\n");
	assert_int_equal(tty->read_head - tty->read_tail, N_TTY_BUF_SIZE);
	assert_int_equal(tty->rx_dropped, 102);
	do_read(N_TTY_BUF_SIZE, &len, &done);
	assert_int_equal(len, N_TTY_BUF_SIZE);
	assert_int_equal(rbuf[len - 1], '\n');
	/* Non-canonical: every slot fills. */
	set_lflag(0, ICANON);
	feed_n(big, sizeof(big));
	assert_int_equal(n_tty_inq(tty), N_TTY_BUF_SIZE);
	feed("\n");
	assert_int_equal(n_tty_inq(tty), N_TTY_BUF_SIZE);
}

/* The echo ring drops what does not fit, never more. */
static void test_echo_full(void **state)
{
	static char big[N_TTY_ECHO_SIZE];

	(void)state;
	memset(big, 'x', sizeof(big));
	set_lflag(0, ICANON);
	feed_n(big, sizeof(big));
	assert_true(n_tty_echo_pending(tty) <= N_TTY_ECHO_SIZE);
	assert_true(tty->echo_dropped > 0);
	assert_true(n_tty_echo_pending(tty) > N_TTY_ECHO_SIZE - N_TTY_OUT_MAX);
}

static void test_output(void **state)
{
	struct termios t = tty->termios;
	u8 out[64];
	size_t produced, n;

	(void)state;
	n = n_tty_output(tty, (const u8 *)"a\nb\tc\r", 6, out, sizeof(out),
			 &produced);
	assert_int_equal(n, 6);
	assert_int_equal(produced, 7);
	assert_memory_equal(out, "a\r\nb\tc\r", 7);
	assert_int_equal(tty->column, 0);
	/* XTABS, OCRNL, ONLRET, OLCUC, backspace. */
	t.c_oflag = OPOST | XTABS | OCRNL | ONLRET | OLCUC;
	n_tty_set_termios(tty, &t);
	n = n_tty_output(tty, (const u8 *)"ab\t\b\r\n", 6, out, sizeof(out),
			 &produced);
	assert_int_equal(produced, 11);
	assert_memory_equal(out, "AB      \b\n\n", 11);
	assert_int_equal(tty->column, 0);
	/* ONOCR: no CR at column 0; a CR elsewhere. */
	t.c_oflag = OPOST | ONOCR;
	n_tty_set_termios(tty, &t);
	n = n_tty_output(tty, (const u8 *)"\rx\r\n\b\b", 6, out, sizeof(out),
			 &produced);
	assert_int_equal(produced, 5);
	assert_memory_equal(out, "x\r\n\b\b", 5);
	/* OCRNL without ONLRET keeps the column. */
	t.c_oflag = OPOST | OCRNL;
	n_tty_set_termios(tty, &t);
	n_tty_output(tty, (const u8 *)"ab\r", 3, out, sizeof(out), &produced);
	assert_int_equal(tty->column, 2);
	/* No OPOST: bytes as they are. */
	t.c_oflag = ONLCR;
	n_tty_set_termios(tty, &t);
	n = n_tty_output(tty, (const u8 *)"\n\t", 2, out, sizeof(out),
			 &produced);
	assert_int_equal(produced, 2);
	assert_memory_equal(out, "\n\t", 2);
	/* A small buffer: stops before a byte that might not fit. */
	t.c_oflag = OPOST | ONLCR;
	n_tty_set_termios(tty, &t);
	n = n_tty_output(tty, (const u8 *)"abcdefghij", 10, out,
			 N_TTY_OUT_MAX + 2, &produced);
	assert_int_equal(n, 3);
	assert_int_equal(produced, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_defaults),
		T(test_canon_line),
		T(test_canon_partial_and_two_lines),
		T(test_eof),
		T(test_eol_chars),
		T(test_erase),
		T(test_erase_tab),
		T(test_werase),
		T(test_kill),
		T(test_lnext_reprint),
		T(test_signals),
		T(test_ixon),
		T(test_input_flags),
		T(test_echonl),
		T(test_noncanon_vmin_vtime),
		T(test_mode_switch),
		T(test_ring_full),
		T(test_echo_full),
		T(test_output),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
