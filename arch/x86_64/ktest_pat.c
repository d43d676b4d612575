// SPDX-License-Identifier: MIT
/* In-kernel test of the PAT: the MSR holds what mm/pat says keel programs. */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/mm/mm.h"
#include "kernel/ktest.h"
#include "kernel/arch/mm.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"
#include "mm/pat.h"

KTEST(mm, pat_msr_readback)
{
	u64 now = rdmsr(MSR_IA32_CR_PAT);
	enum cache_mode modes[PAT_NR_ENTRIES];

	KTEST_EXPECT_EQ(t, now, pat_msr_programmed);
	KTEST_EXPECT_TRUE(t, now == pat_msr_value(false) ||
				     now == pat_msr_value(true));
	KTEST_ASSERT_TRUE(t, pat_decode(now, modes) == 0);
	KTEST_EXPECT_EQ(t, modes[0], CACHE_MODE_WB);
	KTEST_EXPECT_EQ(t, modes[1], CACHE_MODE_WC);
}

/*
 * 5-level paging exactly when the CPU has LA57 and `no5lvl` is absent;
 * the layout and the kernel's page tables agree with CR4.
 */
KTEST(mm, paging_depth)
{
	bool la57 = read_cr4() & X86_CR4_LA57;
	bool cpu =
		cpuid(0).eax >= 7 && (cpuid_count(7, 0).ecx & CPUID_7_ECX_LA57);
	bool no5 = cmdline_find_option_bool(boot_command_line, "no5lvl");

	if (early_5level_reason == EARLY_5LEVEL_ABOVE_4G)
		/* Loaded above 4 GiB: the depth stays as the loader set it. */
		KTEST_EXPECT_TRUE(t, early_load_phys + (u64)(_end - _text) >
						     SZ_4G &&
					     !no5);
	else
		KTEST_EXPECT_EQ(t, la57, cpu && !no5);
	KTEST_EXPECT_EQ(t, mm_layout.levels, la57 ? 5 : 4);
	KTEST_EXPECT_EQ(t, init_pgt.levels, la57 ? 5 : 4);
	KTEST_EXPECT_EQ(t, read_cr3() & PAGE_MASK, init_pgt.root);
	KTEST_EXPECT_EQ(t, mm_layout.max_physmem_bits, la57 ? 52 : 46);
}
