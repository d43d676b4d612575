// SPDX-License-Identifier: MIT
/* The signal ABI facts as keel's headers state them (see sigabi.h). */
#include "arch/x86_64/sigframe.h"
#include "hosttest/signal/sigabi.h"
#include "kernel/uapi/signal.h"

typedef kernel_siginfo_t siginfo_t;

#define FACT(e) (long long)(e),
const long long sigabi_keel[] = {
#include SIGABI_FACTS_FILE
};
#undef FACT

#define FACT(e) #e,
const char *const sigabi_names[] = {
#include SIGABI_FACTS_FILE
};
#undef FACT

const unsigned int sigabi_count = sizeof(sigabi_keel) / sizeof(sigabi_keel[0]);
