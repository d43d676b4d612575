// SPDX-License-Identifier: MIT
/*
 * Resetting the machine, in Linux's order of preference for keel's
 * machines: the ACPI FADT reset register, the 8042 keyboard controller's
 * reset line, and last a triple fault (an empty IDT, then int3).
 */
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "kernel/arch/machine.h"
#include "kernel/lib/log.h"

#define I8042_STATUS_PORT 0x64
#define I8042_COMMAND_PORT 0x64
#define I8042_STATUS_INPUT_FULL 0x02
#define I8042_CMD_PULSE_RESET 0xfe
#define I8042_WAIT_LOOPS 100000
#define RESET_SETTLE_LOOPS 1000000

static void settle(void)
{
	for (int i = 0; i < RESET_SETTLE_LOOPS; i++)
		cpu_relax();
}

static void kbd_reset(void)
{
	for (int i = 0; i < I8042_WAIT_LOOPS; i++) {
		if (!(inb(I8042_STATUS_PORT) & I8042_STATUS_INPUT_FULL))
			break;
		cpu_relax();
	}
	outb(I8042_COMMAND_PORT, I8042_CMD_PULSE_RESET);
}

static void triple_fault(void)
{
	struct desc_ptr empty = {0};

	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}

void arch_machine_restart(void)
{
	local_irq_disable();
	if (acpi_reboot() == 0)
		settle();
	pr_emerg("reboot: ACPI reset did not work; trying the keyboard "
		 "controller");
	kbd_reset();
	settle();
	pr_emerg("reboot: trying a triple fault");
	triple_fault();
	arch_halt_forever();
}
