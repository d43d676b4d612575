// SPDX-License-Identifier: MIT
/* kernel/random.h on x86_64: RDRAND mixed with the TSC, else splitmix64. */
#include "arch/x86_64/cpu.h"
#include "kernel/lib/string.h"
#include "kernel/random.h"
#include "mm/kaslr.h"

static int have_rdrand = -1; /* -1: not probed yet */
static u64 fallback_state;

unsigned long get_random_long(void)
{
	u64 v, tsc = rdtsc();

	if (have_rdrand < 0) {
		have_rdrand = !!(cpuid(1).ecx & CPUID_1_ECX_RDRAND);
		fallback_state ^= tsc * 0x9e3779b97f4a7c15ULL;
	}
	if (have_rdrand && rdrand_u64(&v))
		return v ^ (tsc << 29);
	/* Lost races only make the stream less predictable. */
	fallback_state += tsc;
	return kaslr_splitmix64(&fallback_state);
}

void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		unsigned long v = get_random_long();
		size_t n = len < sizeof(v) ? len : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}
