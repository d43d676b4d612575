// SPDX-License-Identifier: MIT
/*
 * PAT: program IA32_PAT (MSR 0x277, Intel SDM vol. 3, 13.12) with the
 * table of mm/pat (Linux's PA0..PA7: WB, WC, UC-, UC, WB, WP, UC-, WT, or
 * the errata table on CPUs whose PAT is unreliable above entry 3), read it
 * back, and keep the PAT index of each cache mode for mappings.
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mm/mm.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "mm/pat.h"

#define CPUID_1_EDX_PAT BIT(16)

u64 pat_msr_programmed;
static unsigned int pat_index_uc = 3, pat_index_wc = 1;

unsigned int arch_pat_index_uc(void)
{
	return pat_index_uc;
}

unsigned int arch_pat_index_wc(void)
{
	return pat_index_wc;
}

static bool cpu_is_intel(void)
{
	struct cpuid_regs r = cpuid(0);

	/* "GenuineIntel" */
	return r.ebx == 0x756e6547 && r.edx == 0x49656e69 &&
	       r.ecx == 0x6c65746e;
}

void __init pat_init(void)
{
	struct cpuid_regs r = cpuid(1);
	unsigned int family = (r.eax >> 8) & 0xf, model = (r.eax >> 4) & 0xf;
	u64 want, got;
	int uc, wc;

	if (!(r.edx & CPUID_1_EDX_PAT))
		panic("PAT: the CPU has no page attribute table (CPUID 1 EDX "
		      "bit 16)");
	if (family == 0x6 || family == 0xf)
		model += ((r.eax >> 16) & 0xf) << 4;
	if (family == 0xf)
		family += (r.eax >> 20) & 0xff;
	want = pat_msr_value(pat_errata_cpu(cpu_is_intel(), family, model));
	wrmsr(MSR_IA32_CR_PAT, want);
	got = rdmsr(MSR_IA32_CR_PAT);
	if (got != want)
		panic("PAT: IA32_PAT reads back 0x%016lx, not the 0x%016lx "
		      "written",
		      got, want);
	pat_msr_programmed = got;
	uc = pat_cache_mode_index(got, CACHE_MODE_UC);
	wc = pat_cache_mode_index(got, CACHE_MODE_WC);
	if (uc < 0 || wc < 0)
		panic("PAT: no entry for UC or WC in 0x%016lx", got);
	pat_index_uc = (unsigned int)uc;
	pat_index_wc = (unsigned int)wc;
	pr_info("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT "
		"(IA32_PAT 0x%016lx)",
		got);
}
