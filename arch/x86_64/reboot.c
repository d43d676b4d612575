// SPDX-License-Identifier: MIT
/*
 * Resetting the machine, in Linux's order of preference for keel's
 * machines: EFI ResetSystem when booted through EFI, the ACPI FADT reset
 * register, the 8042 keyboard controller's reset line, and last a triple
 * fault (an empty IDT, then int3).
 */
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/desc.h"
#include "arch/x86_64/efi.h"
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
	/* Booted through EFI: the firmware's reset first (Linux's reboot=efi
	 * default there); it returns only when it did not reset. */
	efi_reset_system(EFI_RESET_COLD);
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

#define ACPI_SLP_EN BIT(13)
#define ACPI_SLP_TYP_SHIFT 10
/* The HW-reduced sleep control register (ACPI 6.5, 4.8.3.7). */
#define ACPI_SLEEP_EN BIT(5)
#define ACPI_SLEEP_TYP_SHIFT 2

static inline void outw(u16 port, u16 v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/*
 * Power off (reboot(LINUX_REBOOT_CMD_POWER_OFF)): EFI ResetSystem
 * (EfiResetShutdown) when booted through EFI; else enter ACPI S5 through
 * the FADT's sleep control register on HW-reduced ACPI (QEMU's microvm,
 * whose GED takes SLP_TYP 5), else its PM1a control block. Linux takes
 * SLP_TYP from the DSDT's \_S5 package; keel has no AML interpreter, so
 * it writes the values machines use for S5 in turn: 0 (QEMU's PIIX4 and
 * ICH9 models, whose \_S5 is 0), 7 (Intel ICH/PCH) and 5; then QEMU's
 * isa-debug-exit; then it halts.
 */
void arch_machine_power_off(void)
{
	const struct acpi_fadt_info *f = acpi_fadt();
	static const u16 slp_typ[] = {0, 7, 5};

	efi_reset_system(EFI_RESET_SHUTDOWN);

	for (unsigned int i = 0; i < ARRAY_SIZE(slp_typ); i++) {
		if (acpi_sleep_control_write(
			    (u8)(slp_typ[i] << ACPI_SLEEP_TYP_SHIFT |
				 ACPI_SLEEP_EN)))
			break;
		settle();
	}

	if (f && f->pm1a_control_block.space_id == ACPI_ADR_SPACE_SYSTEM_IO &&
	    f->pm1a_control_block.address) {
		for (unsigned int i = 0; i < ARRAY_SIZE(slp_typ); i++) {
			outw((u16)f->pm1a_control_block.address,
			     (u16)(slp_typ[i] << ACPI_SLP_TYP_SHIFT) |
				     ACPI_SLP_EN);
			settle();
		}
	}
	outl(ISA_DEBUG_EXIT_PORT, QEMU_EXIT_PASS);
	arch_halt_forever();
}
