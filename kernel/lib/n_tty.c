// SPDX-License-Identifier: MIT
/*
 * The n_tty line discipline, pure (see n_tty.h for the ring's picture).
 * Behaviour follows Linux's drivers/tty/n_tty.c and POSIX's "General
 * Terminal Interface"; the code is keel's own.
 */
#include "kernel/lib/n_tty.h"

#define RING_MASK (N_TTY_BUF_SIZE - 1)
#define ECHO_MASK (N_TTY_ECHO_SIZE - 1)

/* Linux's INIT_C_CC: ^C ^\ DEL ^U ^D, TIME 0, MIN 1, START ^Q, STOP ^S,
 * SUSP ^Z, REPRINT ^R, DISCARD ^O, WERASE ^W, LNEXT ^V. */
static const cc_t init_c_cc[NCCS] = {
	[VINTR] = 003,	 [VQUIT] = 034,	 [VERASE] = 0177,  [VKILL] = 025,
	[VEOF] = 004,	 [VTIME] = 0,	 [VMIN] = 1,	   [VSTART] = 021,
	[VSTOP] = 023,	 [VSUSP] = 032,	 [VREPRINT] = 022, [VDISCARD] = 017,
	[VWERASE] = 027, [VLNEXT] = 026,
};

enum erase_kind { ERASE, WERASE, KILL };

void n_tty_default_termios(struct termios *t)
{
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		     IEXTEN;
	t->c_line = 0;
	for (int i = 0; i < NCCS; i++)
		t->c_cc[i] = init_c_cc[i];
}

void n_tty_init(struct n_tty *t)
{
	n_tty_default_termios(&t->termios);
	t->read_head = t->read_tail = t->canon_head = 0;
	t->echo_head = t->echo_tail = 0;
	t->column = t->canon_column = 0;
	t->lnext = t->stopped = false;
	t->rx_dropped = t->echo_dropped = 0;
	for (size_t i = 0; i < sizeof(t->line_end); i++)
		t->line_end[i] = t->eof_mark[i] = 0;
}

/* --- small helpers --- */

static bool lflag(const struct n_tty *t, tcflag_t f)
{
	return t->termios.c_lflag & f;
}

static bool iflag(const struct n_tty *t, tcflag_t f)
{
	return t->termios.c_iflag & f;
}

/* Control characters as the echo and the column count see them. */
static bool is_cntrl(u8 c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_word_char(u8 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_';
}

/* @c is the special character c_cc[@idx] (0 disables one). */
static bool is_char(const struct n_tty *t, u8 c, int idx)
{
	return t->termios.c_cc[idx] && c == t->termios.c_cc[idx];
}

static bool test_bit8(const u8 *map, u32 pos)
{
	pos &= RING_MASK;
	return map[pos / 8] & (1u << (pos % 8));
}

static void set_bit8(u8 *map, u32 pos, bool on)
{
	pos &= RING_MASK;
	if (on)
		map[pos / 8] |= (u8)(1u << (pos % 8));
	else
		map[pos / 8] &= (u8) ~(1u << (pos % 8));
}

static u32 read_cnt(const struct n_tty *t)
{
	return t->read_head - t->read_tail;
}

/* --- output processing (written bytes and echo alike) --- */

/* One byte for the wire: at most N_TTY_OUT_MAX bytes at @dst. */
static size_t out_char(struct n_tty *t, u8 c, u8 *dst)
{
	tcflag_t o = t->termios.c_oflag;
	unsigned int spaces;

	if (!(o & OPOST)) {
		dst[0] = c;
		return 1;
	}
	switch (c) {
	case '\n':
		if (o & ONLRET)
			t->column = 0;
		if (o & ONLCR) {
			t->column = 0;
			dst[0] = '\r';
			dst[1] = '\n';
			return 2;
		}
		dst[0] = '\n';
		return 1;
	case '\r':
		if ((o & ONOCR) && t->column == 0)
			return 0;
		if (o & OCRNL) {
			if (o & ONLRET)
				t->column = 0;
			dst[0] = '\n';
			return 1;
		}
		t->column = 0;
		dst[0] = '\r';
		return 1;
	case '\t':
		spaces = 8 - (t->column & 7);
		t->column += spaces;
		if ((o & TABDLY) == XTABS) {
			for (unsigned int i = 0; i < spaces; i++)
				dst[i] = ' ';
			return spaces;
		}
		dst[0] = '\t';
		return 1;
	case '\b':
		if (t->column > 0)
			t->column--;
		dst[0] = '\b';
		return 1;
	default:
		if (!is_cntrl(c)) {
			if ((o & OLCUC) && c >= 'a' && c <= 'z')
				c = (u8)(c - 'a' + 'A');
			t->column++;
		}
		dst[0] = c;
		return 1;
	}
}

size_t n_tty_output(struct n_tty *t, const u8 *src, size_t n, u8 *dst,
		    size_t dst_size, size_t *produced)
{
	size_t i = 0, out = 0;

	while (i < n && dst_size - out >= N_TTY_OUT_MAX)
		out += out_char(t, src[i++], dst + out);
	*produced = out;
	return i;
}

/* --- echo --- */

static size_t echo_room(const struct n_tty *t)
{
	return N_TTY_ECHO_SIZE - (t->echo_head - t->echo_tail);
}

/* Echo @c as it is (output-processed); dropped when the ring is full. */
static void echo_raw(struct n_tty *t, u8 c)
{
	u8 tmp[N_TTY_OUT_MAX];
	size_t n;

	if (echo_room(t) < N_TTY_OUT_MAX) {
		t->echo_dropped++;
		return;
	}
	n = out_char(t, c, tmp);
	for (size_t i = 0; i < n; i++)
		t->echo_buf[t->echo_head++ & ECHO_MASK] = tmp[i];
}

/* Echo @c, a control character as ^X under ECHOCTL (but tab and
 * newline as they are). */
static void echo_char(struct n_tty *t, u8 c)
{
	if (c != '\n' && c != '\t' && is_cntrl(c) && lflag(t, ECHOCTL)) {
		echo_raw(t, '^');
		echo_raw(t, c ^ 0100);
		return;
	}
	echo_raw(t, c);
}

static void echo_erase_one(struct n_tty *t)
{
	echo_raw(t, '\b');
	echo_raw(t, ' ');
	echo_raw(t, '\b');
}

size_t n_tty_echo_pull(struct n_tty *t, u8 *dst, size_t n)
{
	size_t k = 0;

	while (k < n && t->echo_tail != t->echo_head)
		dst[k++] = t->echo_buf[t->echo_tail++ & ECHO_MASK];
	return k;
}

size_t n_tty_echo_pending(const struct n_tty *t)
{
	return t->echo_head - t->echo_tail;
}

/* --- the input ring --- */

/* Store @c; @delim ends a line there, @eof marks a VEOF. */
static bool put_char(struct n_tty *t, u8 c, bool delim, bool eof)
{
	u32 room = N_TTY_BUF_SIZE - read_cnt(t);

	/* In ICANON one slot stays free for the byte that ends the line,
	 * so a line can always be finished. */
	if (!room || (lflag(t, ICANON) && !delim && room < 2)) {
		t->rx_dropped++;
		return false;
	}
	t->read_buf[t->read_head & RING_MASK] = c;
	set_bit8(t->line_end, t->read_head, delim);
	set_bit8(t->eof_mark, t->read_head, eof);
	t->read_head++;
	if (delim)
		t->canon_head = t->read_head;
	return true;
}

void n_tty_flush_input(struct n_tty *t)
{
	t->read_tail = t->canon_head = t->read_head;
	t->lnext = false;
}

/* The column the tab at the end of the edited line started at. */
static unsigned int tab_start_column(const struct n_tty *t)
{
	unsigned int col = t->canon_column;

	for (u32 i = t->canon_head; i != t->read_head; i++) {
		u8 c = t->read_buf[i & RING_MASK];

		if (c == '\t')
			col = (col | 7) + 1;
		else if (!is_cntrl(c))
			col++;
		else if (lflag(t, ECHOCTL))
			col += 2;
	}
	return col;
}

/* VERASE, VWERASE, VKILL on the edited line, with their echo. */
static void eraser(struct n_tty *t, u8 c, enum erase_kind kind)
{
	bool seen_word = false;

	if (t->read_head == t->canon_head)
		return;
	if (kind == KILL) {
		if (!lflag(t, ECHO)) {
			t->read_head = t->canon_head;
			return;
		}
		if (!lflag(t, ECHOK) || !lflag(t, ECHOKE) || !lflag(t, ECHOE)) {
			t->read_head = t->canon_head;
			echo_char(t, c);
			if (lflag(t, ECHOK))
				echo_raw(t, '\n');
			return;
		}
	}
	while (t->read_head != t->canon_head) {
		u8 ch = t->read_buf[(t->read_head - 1) & RING_MASK];

		if (kind == WERASE) {
			if (is_word_char(ch))
				seen_word = true;
			else if (seen_word)
				break;
		}
		t->read_head--;
		if (lflag(t, ECHO)) {
			if (kind == ERASE && !lflag(t, ECHOE)) {
				echo_char(t, c);
			} else if (ch == '\t') {
				unsigned int col = tab_start_column(t);
				unsigned int width = 8 - (col & 7);

				while (width-- && t->column > col)
					echo_raw(t, '\b');
			} else {
				if (is_cntrl(ch) && lflag(t, ECHOCTL))
					echo_erase_one(t);
				if (!is_cntrl(ch) || lflag(t, ECHOCTL))
					echo_erase_one(t);
			}
		}
		if (kind == ERASE)
			break;
	}
}

/* VREPRINT: the character, a newline, the edited line again. */
static void reprint(struct n_tty *t, u8 c)
{
	echo_char(t, c);
	echo_raw(t, '\n');
	t->canon_column = t->column;
	for (u32 i = t->canon_head; i != t->read_head; i++)
		echo_char(t, t->read_buf[i & RING_MASK]);
}

/* An ordinary byte: echoed (when it fits) and stored. */
static void receive_normal(struct n_tty *t, u8 c)
{
	bool line_start = t->read_head == t->canon_head;

	if (!put_char(t, c, false, false))
		return;
	if (line_start)
		t->canon_column = t->column;
	if (lflag(t, ECHO))
		echo_char(t, c);
}

/* A signal character: the signal to send (input flushed unless NOFLSH,
 * the character echoed). */
static int receive_signal(struct n_tty *t, u8 c, int sig)
{
	if (!lflag(t, NOFLSH)) {
		n_tty_flush_input(t);
		t->echo_tail = t->echo_head;
	}
	if (iflag(t, IXON))
		t->stopped = false;
	if (lflag(t, ECHO))
		echo_char(t, c);
	return sig;
}

/* ICANON's special characters; false when @c is an ordinary byte. */
static bool receive_canon_special(struct n_tty *t, u8 c)
{
	bool iexten = lflag(t, IEXTEN);

	if (is_char(t, c, VERASE)) {
		eraser(t, c, ERASE);
	} else if (is_char(t, c, VKILL)) {
		eraser(t, c, KILL);
	} else if (iexten && is_char(t, c, VWERASE)) {
		eraser(t, c, WERASE);
	} else if (iexten && is_char(t, c, VLNEXT)) {
		t->lnext = true;
		if (lflag(t, ECHO) && lflag(t, ECHOCTL)) {
			echo_raw(t, '^');
			echo_raw(t, '\b');
		}
	} else if (iexten && lflag(t, ECHO) && is_char(t, c, VREPRINT)) {
		reprint(t, c);
	} else if (c == '\n') {
		if (put_char(t, c, true, false) &&
		    (lflag(t, ECHO) || lflag(t, ECHONL)))
			echo_raw(t, '\n');
	} else if (is_char(t, c, VEOF)) {
		/* The marker byte is 0, as Linux's __DISABLED_CHAR. */
		(void)put_char(t, 0, true, true);
	} else if (is_char(t, c, VEOL) || (iexten && is_char(t, c, VEOL2))) {
		bool line_start = t->read_head == t->canon_head;

		if (put_char(t, c, true, false) && lflag(t, ECHO)) {
			if (line_start)
				t->canon_column = t->column;
			echo_char(t, c);
		}
	} else {
		return false;
	}
	return true;
}

/* One received byte; a signal number or 0. */
static int receive_char(struct n_tty *t, u8 c)
{
	if (iflag(t, ISTRIP))
		c &= 0x7f;
	if (iflag(t, IUCLC) && lflag(t, IEXTEN) && c >= 'A' && c <= 'Z')
		c = (u8)(c - 'A' + 'a');
	if (t->lnext) {
		t->lnext = false;
		receive_normal(t, c);
		return 0;
	}
	if (iflag(t, IXON)) {
		if (is_char(t, c, VSTART)) {
			t->stopped = false;
			return 0;
		}
		if (is_char(t, c, VSTOP)) {
			t->stopped = true;
			return 0;
		}
		if (iflag(t, IXANY))
			t->stopped = false;
	}
	if (lflag(t, ISIG)) {
		if (is_char(t, c, VINTR))
			return receive_signal(t, c, N_TTY_SIGINT);
		if (is_char(t, c, VQUIT))
			return receive_signal(t, c, N_TTY_SIGQUIT);
		if (is_char(t, c, VSUSP))
			return receive_signal(t, c, N_TTY_SIGTSTP);
	}
	if (c == '\r') {
		if (iflag(t, IGNCR))
			return 0;
		if (iflag(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(t, INLCR)) {
		c = '\r';
	}
	if (lflag(t, ICANON) && receive_canon_special(t, c))
		return 0;
	if (!lflag(t, ICANON) && c == '\n') {
		if (put_char(t, c, false, false) && lflag(t, ECHO))
			echo_raw(t, '\n');
		return 0;
	}
	receive_normal(t, c);
	return 0;
}

size_t n_tty_receive(struct n_tty *t, const u8 *cp, size_t count, int *sig)
{
	*sig = 0;
	for (size_t i = 0; i < count; i++) {
		*sig = receive_char(t, cp[i]);
		if (!lflag(t, ICANON))
			t->canon_head = t->read_tail;
		if (*sig)
			return i + 1;
	}
	return count;
}

/* --- termios --- */

void n_tty_set_termios(struct n_tty *t, const struct termios *new)
{
	bool was_canon = lflag(t, ICANON);

	t->termios = *new;
	if (!iflag(t, IXON))
		t->stopped = false;
	if (was_canon == lflag(t, ICANON))
		return;
	for (size_t i = 0; i < sizeof(t->line_end); i++)
		t->line_end[i] = t->eof_mark[i] = 0;
	if (!lflag(t, ICANON) || !read_cnt(t)) {
		t->canon_head = t->read_tail;
	} else {
		/* What is pending becomes one finished line. */
		set_bit8(t->line_end, t->read_head - 1, true);
		t->canon_head = t->read_head;
	}
}

/* --- reading --- */

size_t n_tty_inq(const struct n_tty *t)
{
	size_t n = 0;

	if (!lflag(t, ICANON))
		return read_cnt(t);
	for (u32 i = t->read_tail; i != t->canon_head; i++)
		if (!test_bit8(t->eof_mark, i))
			n++;
	return n;
}

bool n_tty_readable(const struct n_tty *t)
{
	const cc_t *cc = t->termios.c_cc;
	u32 amt = 1;

	if (lflag(t, ICANON))
		return t->canon_head != t->read_tail;
	if (!cc[VTIME] && cc[VMIN])
		amt = cc[VMIN];
	return read_cnt(t) >= amt;
}

enum n_tty_read_action n_tty_read_decide(const struct n_tty *t, size_t count,
					 size_t copied, bool timed_out,
					 unsigned int *timeout_ds)
{
	size_t vmin = t->termios.c_cc[VMIN];
	unsigned int vtime = t->termios.c_cc[VTIME];

	*timeout_ds = 0;
	if (lflag(t, ICANON)) {
		if (copied)
			return N_TTY_READ_RETURN;
		if (t->canon_head != t->read_tail)
			return N_TTY_READ_COPY;
		return N_TTY_READ_SLEEP;
	}
	if (copied >= count)
		return N_TTY_READ_RETURN;
	if (read_cnt(t))
		return N_TTY_READ_COPY;
	if (!vmin) {
		if (!vtime || copied || timed_out)
			return N_TTY_READ_RETURN;
		*timeout_ds = vtime;
		return N_TTY_READ_SLEEP;
	}
	if (copied >= (vmin < count ? vmin : count))
		return N_TTY_READ_RETURN;
	if (!vtime || !copied)
		return N_TTY_READ_SLEEP;
	if (timed_out)
		return N_TTY_READ_RETURN;
	*timeout_ds = vtime;
	return N_TTY_READ_SLEEP;
}

size_t n_tty_read(struct n_tty *t, u8 *dst, size_t n, bool *done)
{
	u32 eol, len;
	size_t k = 0;

	*done = false;
	if (!lflag(t, ICANON)) {
		while (k < n && t->read_tail != t->read_head)
			dst[k++] = t->read_buf[t->read_tail++ & RING_MASK];
		t->canon_head = t->read_tail;
		return k;
	}
	if (!n || t->read_tail == t->canon_head)
		return 0;
	*done = true;
	eol = t->read_tail;
	while (!test_bit8(t->line_end, eol) && eol + 1 != t->canon_head)
		eol++;
	len = eol - t->read_tail + 1;
	if (test_bit8(t->eof_mark, eol))
		len--;
	if (len > n) {
		len = (u32)n;
		eol = t->read_tail + len - 1;
	}
	while (k < len)
		dst[k++] = t->read_buf[t->read_tail++ & RING_MASK];
	/* A whole line was taken: its end (the VEOF marker too) goes. */
	if (t->read_tail == eol)
		t->read_tail++;
	return k;
}
