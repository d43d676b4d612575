// SPDX-License-Identifier: MIT
/*
 * /init for the qemu suite's power tests: as pid 1, say hello on fd 1 and
 * call reboot(2) with POWER_CMD (LINUX_REBOOT_CMD_POWER_OFF or
 * LINUX_REBOOT_CMD_RESTART), as `poweroff -f` and `reboot -f` do. QEMU's
 * exit status tells whether the machine went off (0) or reset (with
 * -no-reboot, also an exit with 0); a return is printed. Its archive has
 * no /dev: fd 1 is the console only because the kernel's built-in archive
 * carries the default root (/dev/console) and opened it for init.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		return;
}

int main(void)
{
	say("power_init: calling reboot(" POWER_NAME ")\n");
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, POWER_CMD,
		NULL);
	say("power_init: reboot(2) returned\n");
	for (;;)
		pause();
}
