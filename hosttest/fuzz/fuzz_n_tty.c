// SPDX-License-Identifier: MIT
/*
 * Fuzz target for kernel/lib/n_tty.c: random received bytes, reads of
 * random sizes, termios changes (any flags, any special characters,
 * VMIN/VTIME), flushes, echo pulls and output processing, checked after
 * every step:
 * - the ring never holds more than N_TTY_BUF_SIZE bytes, and
 *   read_tail <= canon_head <= read_head;
 * - the echo ring never holds more than N_TTY_ECHO_SIZE bytes, and one
 *   received byte adds at most what erasing a whole line could echo;
 * - a canonical read never takes bytes of the line still being edited
 *   (past canon_head), and takes one line at most;
 * - n_tty_inq and n_tty_readable agree with the ring; read_decide says
 *   COPY only when a read would copy something;
 * - output processing makes at most N_TTY_OUT_MAX bytes per byte and
 *   always progresses when there is room.
 *
 * Input: operations of 1..N bytes (see run_op).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/n_tty.h"

#define MAX_OPS 4000

static struct n_tty tty;
static u8 buf[2 * N_TTY_BUF_SIZE];

static void check_ring(void)
{
	u32 cnt = tty.read_head - tty.read_tail;

	check(cnt <= N_TTY_BUF_SIZE);
	check(tty.canon_head - tty.read_tail <= cnt);
	check(n_tty_echo_pending(&tty) <= N_TTY_ECHO_SIZE);
	check(n_tty_inq(&tty) <= cnt);
	if (tty.termios.c_lflag & ICANON)
		check(n_tty_readable(&tty) ==
		      (tty.canon_head != tty.read_tail));
	else
		check(n_tty_inq(&tty) == cnt);
}

static void op_receive(struct input *in)
{
	size_t len = next_byte(in) % 64 + 1;
	size_t done = 0;
	u8 bytes[64];

	for (size_t i = 0; i < len; i++)
		bytes[i] = (u8)next_byte(in);
	while (done < len) {
		int sig;
		size_t n = n_tty_receive(&tty, bytes + done, len - done, &sig);

		check(n > 0 && n <= len - done);
		check(sig == 0 || sig == N_TTY_SIGINT || sig == N_TTY_SIGQUIT ||
		      sig == N_TTY_SIGTSTP);
		check(!sig || n >= 1);
		/* Echo (a kill of a line of tabs, a reprint) stays
		 * within its ring. */
		check(n_tty_echo_pending(&tty) <= N_TTY_ECHO_SIZE);
		done += n;
		check_ring();
	}
}

static void op_read(struct input *in)
{
	size_t want = next_u16(in) % (sizeof(buf) + 1);
	bool canon = tty.termios.c_lflag & ICANON;
	u32 lines = tty.canon_head - tty.read_tail;
	u32 cnt = tty.read_head - tty.read_tail;
	unsigned int tmo;
	enum n_tty_read_action act =
		n_tty_read_decide(&tty, want, 0, false, &tmo);
	bool done;
	size_t got = n_tty_read(&tty, buf, want, &done);

	check(got <= want);
	check(got <= cnt);
	if (canon) {
		/* Nothing of the edited line, one line at most. */
		check(got <= lines);
		check(!got || done);
		if (got < want && lines && done) {
			/* A whole line went: the ring is at a line start. */
			check(tty.canon_head - tty.read_tail <= lines - got);
		}
	}
	if (want && act == N_TTY_READ_COPY)
		check(got > 0 || (canon && done));
	if (want && got == 0 && !done)
		check(act != N_TTY_READ_COPY);
	check_ring();
}

static void op_termios(struct input *in)
{
	struct termios t = tty.termios;
	unsigned int which = next_byte(in);

	switch (which % 6) {
	case 0:
		t.c_iflag = next_u16(in);
		break;
	case 1:
		t.c_oflag = next_u16(in);
		break;
	case 2:
		t.c_lflag = next_u16(in) | (next_byte(in) & 1 ? IEXTEN : 0);
		break;
	case 3:
		t.c_lflag ^= ICANON;
		break;
	case 4: {
		unsigned int idx = next_byte(in) % NCCS;

		t.c_cc[idx] = (cc_t)next_byte(in);
		break;
	}
	default:
		n_tty_default_termios(&t);
		break;
	}
	n_tty_set_termios(&tty, &t);
	check(memcmp(&tty.termios, &t, sizeof(t)) == 0);
	check_ring();
}

static void op_output(struct input *in)
{
	size_t len = next_byte(in) % 32 + 1;
	size_t room = N_TTY_OUT_MAX + next_byte(in) % 64;
	u8 src[32], dst[N_TTY_OUT_MAX + 64];
	size_t produced, n;

	for (size_t i = 0; i < len; i++)
		src[i] = (u8)next_byte(in);
	n = n_tty_output(&tty, src, len, dst, room, &produced);
	check(n >= 1 && n <= len);
	check(produced <= room);
	check(produced <= n * N_TTY_OUT_MAX);
}

static void run_op(struct input *in)
{
	unsigned int op = next_byte(in);
	unsigned int tmo;

	switch (op % 8) {
	case 0:
	case 1:
	case 2:
		op_receive(in);
		break;
	case 3:
		op_read(in);
		break;
	case 4:
		op_termios(in);
		break;
	case 5:
		op_output(in);
		break;
	case 6: {
		size_t want = next_u16(in) % N_TTY_ECHO_SIZE;
		size_t before = n_tty_echo_pending(&tty);
		size_t got = n_tty_echo_pull(&tty, buf, want);

		check(got == (want < before ? want : before));
		break;
	}
	default:
		if (next_byte(in) & 1) {
			n_tty_flush_input(&tty);
			check(n_tty_inq(&tty) == 0 && !n_tty_readable(&tty));
		} else {
			/* A decision on a read in progress. */
			size_t count = next_byte(in) + 1;
			size_t copied = next_byte(in) % (count + 1);
			enum n_tty_read_action a = n_tty_read_decide(
				&tty, count, copied, next_byte(in) & 1, &tmo);

			check(a == N_TTY_READ_COPY || a == N_TTY_READ_RETURN ||
			      a == N_TTY_READ_SLEEP);
			if (a == N_TTY_READ_SLEEP)
				check(tmo <= 255);
			if (a == N_TTY_READ_COPY)
				check(tty.read_head != tty.read_tail);
		}
		break;
	}
	check_ring();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {.data = data, .size = size};

	n_tty_init(&tty);
	for (int i = 0; i < MAX_OPS && in.pos < in.size; i++)
		run_op(&in);
	return 0;
}
