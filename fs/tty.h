/* SPDX-License-Identifier: MIT */
/*
 * The serial tty (fs/tty.c): COM1 with the n_tty line discipline behind
 * the character devices 4:64 (ttyS0), 5:1 (console) and 5:0 (/dev/tty,
 * the caller's controlling tty).
 */
#ifndef KEEL_FS_TTY_H
#define KEEL_FS_TTY_H

#include "kernel/lib/types.h"

struct file_operations;
struct task_struct;

/* The operations of 4:64, 5:1 and 5:0. */
extern const struct file_operations tty_fops;

/* do_exit: a session leader that exits takes its controlling tty with
 * it (SIGHUP to the foreground process group, as Linux). */
void tty_exit_task(struct task_struct *p);

#endif
