// SPDX-License-Identifier: MIT
/* The signal ABI facts as the build machine's Linux UAPI headers state
 * them (see sigabi.h). No C library header: they define the same names
 * differently. */
#include <asm/sigcontext.h>
#include <linux/signal.h>
/* After <linux/signal.h>: it uses stack_t and sigset_t. */
#include <asm/ucontext.h>

#include "hosttest/signal/sigabi.h"

#define FACT(e) (long long)(e),
const long long sigabi_linux[] = {
#include SIGABI_FACTS_FILE
};
