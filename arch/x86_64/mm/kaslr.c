// SPDX-License-Identifier: MIT
/*
 * Memory-region randomisation: the entropy source. The placement math
 * (mm/kaslr) gets 64-bit random numbers from RDSEED or RDRAND when the CPU
 * has them, else from a splitmix64 stream seeded with TSC jitter and boot
 * data. `nokaslr` keeps Linux's fixed bases.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/setup.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "mm/kaslr.h"
#include "mm/page.h"

struct mm_layout mm_layout;

#define CPUID_7_EBX_RDSEED BIT(18)
#define JITTER_SAMPLES 16

enum rng_source { RNG_RDSEED, RNG_RDRAND, RNG_JITTER };

struct rng {
	enum rng_source source;
	u64 state; /* splitmix64 state for RNG_JITTER */
};

static bool rdseed64(u64 *v)
{
	for (int i = 0; i < HW_RNG_RETRIES; i++) {
		unsigned char ok;

		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* TSC deltas around cpuid (which exits to the hypervisor), boot data. */
static u64 __init jitter_seed(void)
{
	u64 words[JITTER_SAMPLES + 4];
	size_t n = 0;

	for (int i = 0; i < JITTER_SAMPLES; i++) {
		u64 t0 = rdtsc();

		(void)cpuid(0);
		words[n++] = rdtsc() - t0 + (t0 << 32);
	}
	words[n++] = boot_params.hdr.cmd_line_ptr;
	words[n++] = boot_params.e820_entries;
	words[n++] = boot_params_phys;
	words[n++] = rdtsc();
	return kaslr_mix_seed(words, n);
}

static u64 rng_next(void *arg)
{
	struct rng *rng = arg;
	u64 v;

	if (rng->source == RNG_RDSEED && rdseed64(&v))
		return v;
	if (rng->source <= RNG_RDRAND && rdrand_u64(&v))
		return v;
	return kaslr_splitmix64(&rng->state);
}

static const char *const rng_names[] = {"RDSEED", "RDRAND", "TSC jitter"};

static bool nokaslr;

/* nokaslr: the fixed layout (what the boot loader's placement gives). */
static int __init parse_nokaslr(char *val)
{
	(void)val;
	nokaslr = true;
	return 0;
}
early_param("nokaslr", parse_nokaslr);

void __init kernel_randomize_memory(unsigned int levels)
{
	struct kaslr_config cfg;
	struct kaslr_entropy entropy;
	struct rng rng = {.source = RNG_JITTER};
	bool off = nokaslr;
	int ret;

	ret = kaslr_config_init(&cfg, levels, (u64)max_pfn << PAGE_SHIFT,
				sizeof(struct page));
	if (ret < 0)
		panic("KASLR: no layout for %lu page frames (error %d)",
		      max_pfn, ret);
	if (!off) {
		if (cpuid(0).eax >= 7 && (cpuid(7).ebx & CPUID_7_EBX_RDSEED))
			rng.source = RNG_RDSEED;
		else if (cpuid(1).ecx & CPUID_1_ECX_RDRAND)
			rng.source = RNG_RDRAND;
		rng.state = jitter_seed();
	}
	ret = kaslr_randomize_memory(&cfg, off ? NULL : rng_next, &rng,
				     &mm_layout);
	if (ret < 0)
		panic("KASLR: placement failed (error %d)", ret);
	if (off) {
		pr_info("KASLR disabled on the command line: fixed layout");
	} else if (kaslr_entropy(&cfg, &entropy) == 0) {
		pr_info("KASLR: regions randomised with %s",
			rng_names[rng.source]);
		kaslr_print_entropy(&entropy);
	}
}
