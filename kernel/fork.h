/* SPDX-License-Identifier: MIT */
/* Task creation internals shared by fork.c, exit.c and the tests. */
#ifndef KEEL_KERNEL_FORK_H
#define KEEL_KERNEL_FORK_H

#include "kernel/lib/types.h"

/* Task stacks allocated now (every task but the idle tasks). */
unsigned long nr_task_stacks(void);

#endif
