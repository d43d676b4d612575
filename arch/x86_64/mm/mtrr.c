// SPDX-License-Identifier: MIT
/*
 * MTRRs at boot: read the registers the firmware set (keel never changes
 * them), print them as Linux 6.1 does (mm/mtrr.c), and, once the PAT is
 * programmed, say when the MTRRs keep a mapping from getting the memory
 * type it asks for: RAM that is not write-back under the MTRRs (its
 * write-back mappings are then slower), or an MTRR type over which keel's
 * write-combining PAT entry does not give write-combining.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/msr.h"
#include "kernel/init.h"
#include "kernel/lib/log.h"
#include "mm/mtrr.h"
#include "mm/pat.h"

#define CPUID_1_EDX_MTRR BIT(12)

static const u32 fixed_msrs[MTRR_NR_FIXED_MSRS] = {
	MSR_MTRRfix64K_00000,	 MSR_MTRRfix16K_80000,
	MSR_MTRRfix16K_A0000,	 MSR_MTRRfix4K_C0000,
	MSR_MTRRfix4K_C0000 + 1, MSR_MTRRfix4K_C0000 + 2,
	MSR_MTRRfix4K_C0000 + 3, MSR_MTRRfix4K_C0000 + 4,
	MSR_MTRRfix4K_C0000 + 5, MSR_MTRRfix4K_C0000 + 6,
	MSR_MTRRfix4K_C0000 + 7,
};

static struct mtrr_state mtrr_state;
/* The registers were read and are consistent: lookups can be trusted. */
static bool mtrr_state_ok;

void __init mtrr_bp_init(void)
{
	struct mtrr_state *s = &mtrr_state;
	unsigned int i, j;

	if (!(cpuid(1).edx & CPUID_1_EDX_MTRR)) {
		pr_info("MTRR: none (CPUID 1 EDX bit 12 clear): all memory "
			"types come from the PAT alone");
		return;
	}
	s->cap = rdmsr(MSR_MTRRcap);
	s->def_type = rdmsr(MSR_MTRRdefType);
	s->phys_bits = cpu_phys_bits();
	if (s->cap & MTRR_CAP_FIX) {
		for (i = 0; i < MTRR_NR_FIXED_MSRS; i++) {
			u64 v = rdmsr(fixed_msrs[i]);

			for (j = 0; j < 8; j++)
				s->fixed[i * 8 + j] = (u8)(v >> (j * 8));
		}
	}
	s->nr_var = s->cap & MTRR_CAP_VCNT_MASK;
	for (i = 0; i < s->nr_var; i++) {
		s->var[i].base = rdmsr(MTRRphysBase_MSR(i));
		s->var[i].mask = rdmsr(MTRRphysMask_MSR(i));
	}
	mtrr_print_state(s);
	mtrr_state_ok = mtrr_check_state(s) == 0;
	if (!mtrr_state_ok)
		pr_warn("MTRR: the registers are inconsistent (above); memory "
			"types are not checked against them");
}

/* RAM of the e820 map that write-back mappings do not make write-back. */
static void __init check_ram(void)
{
	unsigned int type;
	bool uniform;
	u32 i;

	for (i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		u64 end = e->addr + e->size;

		if (e->type != E820_TYPE_RAM || !e->size)
			continue;
		if (mtrr_type_range(&mtrr_state, e->addr, end, &type, &uniform))
			continue; /* reported */
		if (uniform && type == PAT_WB)
			continue;
		pr_warn("MTRR: RAM [mem 0x%016llx-0x%016llx] is %s%s under the "
			"MTRRs: its write-back mappings are %s there",
			(unsigned long long)e->addr,
			(unsigned long long)(end - 1),
			uniform ? "" : "partly not write-back, starting ",
			mtrr_linux_type_name(type),
			uniform ? mtrr_linux_type_name(
					  memtype_effective(type, PAT_WB))
				: "not all write-back");
	}
}

/* MTRR types present over which the WC PAT entry does not give WC. */
static void __init check_wc(void)
{
	unsigned int wc_index = arch_pat_index_wc(), i, t;
	unsigned int pat_type =
		(pat_msr_programmed >> (wc_index * PAT_ENTRY_SHIFT)) &
		PAT_TYPE_MASK;
	unsigned int present =
		1U << (mtrr_state.def_type & MTRR_DEF_TYPE_TYPE_MASK);
	int eff;

	for (i = 0; i < mtrr_state.nr_var; i++)
		if (mtrr_state.var[i].mask & MTRR_PHYSMASK_VALID)
			present |= 1U << (mtrr_state.var[i].base &
					  MTRR_PHYSBASE_TYPE_MASK);
	for (i = 0; (mtrr_state.cap & MTRR_CAP_FIX) && i < MTRR_NR_FIXED_RANGES;
	     i++)
		present |= 1U << mtrr_state.fixed[i];
	if (!(mtrr_state.def_type & MTRR_DEF_TYPE_E))
		present = 1U << PAT_UC; /* MTRRs off: all memory is UC */
	for (t = 0; t < 8; t++) {
		if (!(present & (1U << t)))
			continue;
		eff = memtype_effective(t, pat_type);
		if (eff != PAT_WC)
			pr_warn("MTRR: %s ranges make write-combining "
				"mappings (PAT entry %u, type %u) %s",
				mtrr_linux_type_name(t), wc_index, pat_type,
				eff < 0 ? "invalid"
					: mtrr_linux_type_name(eff));
	}
}

void __init mtrr_check_memtypes(void)
{
	if (!mtrr_state_ok)
		return;
	check_ram();
	check_wc();
}
