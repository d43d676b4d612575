// SPDX-License-Identifier: MIT
/* Ending a run, and the boot clock. */
#include "arch/x86_64/cpu.h"
#include "kernel/arch/irqflags.h"
#include "kernel/arch/machine.h"
#include "kernel/time.h"

void arch_halt_forever(void)
{
	for (;;) {
		local_irq_disable();
		halt();
	}
}

void arch_machine_exit(u32 status)
{
	/* QEMU's isa-debug-exit; on other machines nothing listens here. */
	outl(ISA_DEBUG_EXIT_PORT, status);
	arch_halt_forever();
}

/* TSC ticks per microsecond, 0 while unknown. */
static u64 tsc_khz;
static u64 tsc_at_boot;
static bool boot_clock_ready;

/*
 * CPUID 0x15 gives the TSC/crystal ratio and (sometimes) the crystal
 * frequency; 0x16 gives the base frequency in MHz (Intel SDM vol. 2,
 * CPUID). Without either, timestamps stay 0 until a timer calibrates.
 */
static void boot_clock_init(void)
{
	u32 max_leaf = cpuid(0).eax;

	tsc_at_boot = rdtsc();
	boot_clock_ready = true;
	if (max_leaf >= 0x15) {
		struct cpuid_regs r = cpuid(0x15);

		if (r.eax && r.ebx && r.ecx) {
			tsc_khz = (u64)r.ecx * r.ebx / r.eax / 1000;
			return;
		}
	}
	if (max_leaf >= 0x16) {
		u32 mhz = cpuid(0x16).eax & 0xffff;

		if (mhz)
			tsc_khz = (u64)mhz * 1000;
	}
}

u64 arch_boot_clock_ns(void)
{
	u64 ticks;

	if (clocksource_ready())
		return ktime_get_ns();
	if (!boot_clock_ready)
		boot_clock_init();
	if (!tsc_khz)
		return 0;
	ticks = rdtsc() - tsc_at_boot;
	return ticks / tsc_khz * 1000000 +
	       (ticks % tsc_khz) * 1000000 / tsc_khz;
}
