// SPDX-License-Identifier: MIT
/*
 * x86_64_start_kernel - the first C code at the kernel's linked address.
 * The early page tables still identity-map the low 4 GiB (and whatever a
 * 64-bit loader placed higher), so boot_params and the command line are
 * read through their physical addresses. A PVH boot hands over a start
 * info instead, which kernel/lib/pvh.c turns into the zero page here; a
 * start info it refuses stops the boot with its error's name.
 */
#include "arch/x86_64/head64.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/early_idt.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/setup.h"
#include "kernel/arch/console.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/log.h"
#include "kernel/lib/pvh.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

unsigned long boot_entry;

static void clear_bss(void)
{
	memset(__bss_start, 0, (size_t)(__bss_stop - __bss_start));
}

static u64 get_cmd_line_ptr(const struct boot_params *bp)
{
	return bp->hdr.cmd_line_ptr | ((u64)bp->ext_cmd_line_ptr << 32);
}

/*
 * copy_bootdata - keep the zero page and the command line in the kernel's
 * own memory, before anything can reuse the loader's.
 */
static void copy_bootdata(const struct boot_params *real)
{
	u64 cmdline;

	if (real != &boot_params)
		memcpy(&boot_params, real, sizeof(boot_params));
	boot_params_check(&boot_params);
	cmdline = get_cmd_line_ptr(&boot_params);
	if (cmdline) {
		const char *src = (const char *)(uintptr_t)cmdline;
		size_t i;

		/* Up to the NUL: nothing past it need be readable. */
		for (i = 0; i < COMMAND_LINE_SIZE - 1 && src[i]; i++)
			boot_command_line[i] = src[i];
		boot_command_line[i] = '\0';
	}
}

/* Room for memory-map entries past the zero page's 128 (in the image). */
static struct pvh_e820_ext pvh_e820_ext;

/* What the early identity map reaches on a PVH boot: [0, 4 GiB). */
static const void *pvh_map(void *arg, u64 phys, u64 len)
{
	(void)arg;
	if (!len || phys >= SZ_4G || len > SZ_4G - phys)
		return NULL;
	return (const void *)(uintptr_t)phys;
}

/* Page 0 was mapped for the start info's sake (head64_early.c). */
static void pvh_unmap_page0(void)
{
	if (!early_page0_pte)
		return;
	*(volatile u64 *)early_page0_pte = 0;
	invlpg(0);
}

/*
 * The PVH conversion's log lines, held back until setup_arch() prints
 * them after the banner (which stays the first line of the log, as in
 * Linux); printed at once when the conversion fails.
 */
#define PVH_LOG_LINES 6
#define PVH_LOG_LEN 240

static struct {
	int level;
	char text[PVH_LOG_LEN];
} pvh_log[PVH_LOG_LINES];
static unsigned int pvh_log_lines;

static void pvh_log_sink(int level, const char *text, size_t len)
{
	if (pvh_log_lines == PVH_LOG_LINES)
		return;
	if (len > PVH_LOG_LEN - 1)
		len = PVH_LOG_LEN - 1;
	pvh_log[pvh_log_lines].level = level;
	memcpy(pvh_log[pvh_log_lines].text, text, len);
	pvh_log[pvh_log_lines].text[len] = '\0';
	pvh_log_lines++;
}

void pvh_print_boot_log(void)
{
	for (unsigned int i = 0; i < pvh_log_lines; i++)
		log_printf(pvh_log[i].level, "%s", pvh_log[i].text);
	pvh_log_lines = 0;
}

/* The zero page from a PVH start info, or a stop naming what is wrong. */
static void pvh_copy_bootdata(unsigned long start_info)
{
	const struct pvh_mem mem = {.map = pvh_map};
	const struct boot_params *bp = &boot_params;
	log_sink_fn sink = log_set_sink(pvh_log_sink);
	unsigned int entries;
	int err;

	err = pvh_to_boot_params(&mem, start_info, &boot_params, &pvh_e820_ext,
				 __pa_symbol(&pvh_e820_ext));
	if (!err)
		copy_bootdata(&boot_params); /* the command line: page 0 too */
	pvh_unmap_page0();
	if (err) {
		log_set_sink(sink);
		pvh_print_boot_log();
		/* The console, early, so the error's line is seen. */
		console_register(arch_console_write);
		panic("PVH: %s: cannot boot from the start info at 0x%lx",
		      pvh_strerror(err), start_info);
	}
	entries = bp->e820_entries;
	if (bp->hdr.setup_data)
		entries += pvh_e820_ext.len / sizeof(struct boot_e820_entry);
	pr_info("PVH: start info at 0x%lx: %u e820 entries (the ISA hole "
		"added), command line at 0x%x, initrd %u bytes at 0x%x, "
		"RSDP at 0x%llx",
		start_info, entries, bp->hdr.cmd_line_ptr, bp->hdr.ramdisk_size,
		bp->hdr.ramdisk_image, (unsigned long long)bp->acpi_rsdp_addr);
	log_set_sink(sink);
}

void x86_64_start_kernel(unsigned long data_phys, unsigned long entry)
{
	clear_bss();
	percpu_early_init(); /* current, preempt count: before any lock */
	printk_init(); /* records are kept until the console registers */
	arch_console_init();
	idt_setup_early_handler();
	boot_entry = entry;
	/* The loader's data page, kept reserved as memblock's boot data. */
	boot_params_phys = data_phys;
	if (entry == BOOT_ENTRY_PVH)
		pvh_copy_bootdata(data_phys);
	else
		copy_bootdata((const struct boot_params *)data_phys);
	start_kernel();
}
