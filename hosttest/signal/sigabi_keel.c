// SPDX-License-Identifier: MIT
/* The signal ABI facts as keel's headers state them (see sigabi.h). */
#include "arch/x86_64/sigframe.h"
#include "hosttest/signal/sigabi.h"
#include "kernel/uapi/signal.h"

typedef kernel_siginfo_t siginfo_t;

const long long sigabi_keel[] = {SIGABI_FACTS(SIGABI_VALUE)};
const char *const sigabi_names[] = {SIGABI_FACTS(SIGABI_NAME)};
const unsigned int sigabi_count = sizeof(sigabi_keel) / sizeof(sigabi_keel[0]);
