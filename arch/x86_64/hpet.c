// SPDX-License-Identifier: MIT
/*
 * The HPET. Registers (HPET spec 1.0a, 2.3): general capabilities and id
 * at 0x000 (period in fs in bits 63:32, 64-bit counter bit 13, number of
 * comparators - 1 in bits 12:8), general configuration at 0x010 (bit 0
 * starts the counter), main counter at 0x0f0, and for comparator N its
 * configuration at 0x100 + 0x20 N and its value at 0x108 + 0x20 N.
 */
#include "arch/x86_64/hpet.h"

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "kernel/lib/clockmath.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/time.h"

#define HPET_MMIO_SIZE 0x400
#define HPET_ID 0x000
#define HPET_CFG 0x010
#define HPET_COUNTER 0x0f0
#define HPET_Tn_CFG(n) (0x100 + 0x20 * (n))
#define HPET_Tn_CMP(n) (0x108 + 0x20 * (n))
#define HPET_ID_NUM_TIM_SHIFT 8
#define HPET_ID_NUM_TIM_MASK 0x1f
#define HPET_ID_64BIT BIT(13)
#define HPET_PERIOD_SHIFT 32
#define HPET_CFG_ENABLE BIT(0)
#define HPET_CFG_LEGACY BIT(1)
#define HPET_TN_INT_ENB BIT(2)
#define HPET_TN_PERIODIC BIT(3)
#define HPET_TN_32BIT BIT(8)
#define HPET_MAX_PERIOD_FS 100000000ULL /* spec: at most 100 ns */
#define HPET_CLOCKSOURCE_RATING 250

static void *hpet_base;
static u64 period_fs;
static unsigned int num_timers;

static struct clocksource hpet_clocksource = {
	.name = "hpet",
	.read = hpet_read_counter,
	.rating = HPET_CLOCKSOURCE_RATING,
};

bool hpet_available(void)
{
	return hpet_base != NULL;
}

u64 hpet_read_counter(void)
{
	return readq((char *)hpet_base + HPET_COUNTER);
}

u64 hpet_period_fs(void)
{
	return period_fs;
}

u64 hpet_freq_hz(void)
{
	return period_fs ? NSEC_PER_SEC * FSEC_PER_NSEC / period_fs : 0;
}

unsigned int hpet_num_timers(void)
{
	return num_timers;
}

u64 hpet_ns_to_ticks(u64 ns)
{
	return DIV_ROUND_UP(ns * FSEC_PER_NSEC, period_fs);
}

void hpet_udelay_ns(u64 ns)
{
	u64 start = hpet_read_counter(), ticks = hpet_ns_to_ticks(ns);

	while (hpet_read_counter() - start < ticks)
		cpu_relax();
}

int hpet_comparator_set(unsigned int timer, u64 value)
{
	u64 cfg;

	if (timer >= num_timers)
		return -EINVAL;
	cfg = readq((char *)hpet_base + HPET_Tn_CFG(timer));
	cfg &= ~(HPET_TN_INT_ENB | HPET_TN_PERIODIC | HPET_TN_32BIT);
	writeq(cfg, (char *)hpet_base + HPET_Tn_CFG(timer));
	writeq(value, (char *)hpet_base + HPET_Tn_CMP(timer));
	return 0;
}

u64 hpet_comparator_get(unsigned int timer)
{
	return timer < num_timers
		       ? readq((char *)hpet_base + HPET_Tn_CMP(timer))
		       : 0;
}

int hpet_init(void)
{
	const struct acpi_hpet_info *info = acpi_hpet();
	u64 id, cfg;

	if (!info) {
		pr_warn("hpet: no ACPI HPET table");
		return -ENODEV;
	}
	hpet_base = ioremap(info->address.address, HPET_MMIO_SIZE);
	if (!hpet_base)
		return -ENODEV;
	id = readq((char *)hpet_base + HPET_ID);
	period_fs = id >> HPET_PERIOD_SHIFT;
	num_timers = ((id >> HPET_ID_NUM_TIM_SHIFT) & HPET_ID_NUM_TIM_MASK) + 1;
	if (period_fs == 0 || period_fs > HPET_MAX_PERIOD_FS ||
	    !(id & HPET_ID_64BIT)) {
		pr_err("hpet: unusable: period %llu fs, %s-bit counter",
		       (unsigned long long)period_fs,
		       id & HPET_ID_64BIT ? "64" : "32");
		iounmap(hpet_base);
		hpet_base = NULL;
		return -ENODEV;
	}
	/* Stop, disable every comparator's interrupt, no legacy routing. */
	cfg = readq((char *)hpet_base + HPET_CFG);
	writeq(cfg & ~(HPET_CFG_ENABLE | HPET_CFG_LEGACY),
	       (char *)hpet_base + HPET_CFG);
	for (unsigned int i = 0; i < num_timers; i++)
		writeq(readq((char *)hpet_base + HPET_Tn_CFG(i)) &
			       ~HPET_TN_INT_ENB,
		       (char *)hpet_base + HPET_Tn_CFG(i));
	writeq(cfg | HPET_CFG_ENABLE, (char *)hpet_base + HPET_CFG);
	pr_info("hpet: %u comparators, 64-bit counter, period %llu fs (%llu "
		"Hz)",
		num_timers, (unsigned long long)period_fs,
		(unsigned long long)hpet_freq_hz());
	hpet_clocksource.freq_hz = hpet_freq_hz();
	clocksource_register(&hpet_clocksource);
	return 0;
}
