// SPDX-License-Identifier: MIT
/*
 * The CMOS real-time clock (MC146818, ports 0x70/0x71), read once for
 * the wall clock (Linux's mach_get_cmos_time): registers 0x00-0x09 hold
 * seconds .. year, in BCD unless status B bit 2 says binary, with the
 * century in register 0x32 where the FADT says so (keel assumes 20xx).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86_consts.h"
#include "kernel/arch/irqflags.h"
#include "kernel/time.h"

#define RTC_PORT CMOS_INDEX_PORT
#define RTC_DATA CMOS_DATA_PORT
#define RTC_UIP 0x80 /* status A: an update is in progress */
#define RTC_DM_BINARY 0x04
#define RTC_24H 0x02

static u8 cmos_read(u8 reg)
{
	outb(RTC_PORT, reg);
	return inb(RTC_DATA);
}

static unsigned int bcd2bin(u8 v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to the civil date (proleptic Gregorian). */
static u64 days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
	unsigned int era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (u64)era * 146097 + doe - 719468;
}

u64 arch_read_persistent_clock(void)
{
	unsigned int sec, min, hour, day, mon, year;
	unsigned long flags = arch_local_irq_save();
	u8 b;

	for (int i = 0; i < 1000000 && (cmos_read(0x0a) & RTC_UIP); i++)
		cpu_relax();
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	b = cmos_read(0x0b);
	arch_local_irq_restore(flags);
	if (!(b & RTC_DM_BINARY)) {
		sec = bcd2bin((u8)sec);
		min = bcd2bin((u8)min);
		hour = bcd2bin((u8)(hour & 0x7f)) | (hour & 0x80);
		day = bcd2bin((u8)day);
		mon = bcd2bin((u8)mon);
		year = bcd2bin((u8)year);
	}
	if (!(b & RTC_24H) && (hour & 0x80))
		hour = ((hour & 0x7f) % 12) + 12;
	hour &= 0x7f;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	year += 2000;
	return days_from_civil(year, mon, day) * 86400 + hour * 3600 +
	       min * 60 + sec;
}
