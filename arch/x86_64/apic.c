// SPDX-License-Identifier: MIT
/*
 * The local APIC. IA32_APIC_BASE (MSR 0x1b) enables it (bit 11) and, with
 * bit 10 as well, switches it to x2APIC mode, where each register is the
 * MSR 0x800 + offset / 16 and the ICR is one 64-bit MSR (SDM vol. 3,
 * 10.12). In xAPIC mode the registers are 32-bit MMIO at the base address.
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/apic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

#define APICBASE_ENABLE BIT(11)
#define APICBASE_X2APIC BIT(10)
#define APICBASE_ADDR_MASK 0x000ffffffffff000ULL
#define X2APIC_MSR_BASE 0x800
#define X2APIC_ICR_MSR 0x830
#define X2APIC_SELF_IPI_MSR 0x83f
#define CPUID_1_EDX_APIC BIT(9)
#define CPUID_1_ECX_X2APIC BIT(21)
#define XAPIC_ID_SHIFT 24
#define APIC_MMIO_SIZE PAGE_SIZE
#define ICR_WAIT_LOOPS 1000000

static bool x2apic_mode;
static void *apic_mmio;

bool x2apic_enabled(void)
{
	return x2apic_mode;
}

u32 apic_read(u32 reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return readl((char *)apic_mmio + reg);
}

void apic_write(u32 reg, u32 v)
{
	if (x2apic_mode)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		writel(v, (char *)apic_mmio + reg);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

u32 apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic_mode ? id : id >> XAPIC_ID_SHIFT;
}

/* Write the ICR: destination @dest, low word @low. */
static void apic_icr_write(u32 low, u32 dest)
{
	if (x2apic_mode) {
		wrmsr(X2APIC_ICR_MSR, ((u64)dest << 32) | low);
		return;
	}
	apic_write(APIC_ICR2, dest << XAPIC_ID_SHIFT);
	apic_write(APIC_ICR, low);
	for (int i = 0; i < ICR_WAIT_LOOPS; i++) {
		if (!(apic_read(APIC_ICR) & APIC_ICR_BUSY))
			return;
		cpu_relax();
	}
	pr_warn("apic: ICR 0x%x still busy", low);
}

void apic_send_nmi_self(void)
{
	/* The self shorthand is not allowed with NMI delivery: use our id. */
	apic_icr_write(APIC_DM_NMI | APIC_ICR_LEVEL_ASSERT, apic_id());
}

void apic_send_ipi_self(u8 vector)
{
	if (x2apic_mode)
		wrmsr(X2APIC_SELF_IPI_MSR, vector);
	else
		apic_icr_write(APIC_DEST_SELF | APIC_ICR_LEVEL_ASSERT | vector,
			       0);
}

int apic_init(u64 lapic_phys, int nmi_lint)
{
	struct cpuid_regs r = cpuid(1);
	u64 base = rdmsr(MSR_IA32_APICBASE);
	u64 phys = lapic_phys ? lapic_phys : (base & APICBASE_ADDR_MASK);

	if (!(r.edx & CPUID_1_EDX_APIC)) {
		pr_err("apic: CPUID says there is no local APIC");
		return -ENODEV;
	}
	x2apic_mode = r.ecx & CPUID_1_ECX_X2APIC;
	/* Enable xAPIC first: x2APIC can only be entered from it. */
	base |= APICBASE_ENABLE;
	wrmsr(MSR_IA32_APICBASE, base);
	if (x2apic_mode) {
		wrmsr(MSR_IA32_APICBASE, base | APICBASE_X2APIC);
	} else {
		apic_mmio = ioremap(phys, APIC_MMIO_SIZE);
		if (!apic_mmio)
			return -ENODEV;
	}
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED | APIC_DM_EXTINT);
	apic_write(APIC_LVT1, nmi_lint == 1 ? APIC_DM_NMI : APIC_LVT_MASKED);
	if (nmi_lint == 0)
		apic_write(APIC_LVT0, APIC_DM_NMI);
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0); /* ESR needs a write before a read */
	apic_write(APIC_ESR, 0);
	apic_eoi();
	pr_info("apic: local APIC id %u, version 0x%x, %s mode%s", apic_id(),
		apic_read(APIC_LVR) & 0xff, x2apic_mode ? "x2APIC" : "xAPIC",
		x2apic_mode ? "" : " (MMIO)");
	if (!x2apic_mode)
		pr_info("apic: xAPIC registers at phys 0x%llx, mapped at %p",
			(unsigned long long)phys, apic_mmio);
	return 0;
}
