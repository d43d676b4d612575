// SPDX-License-Identifier: MIT
/*
 * memblock from the e820 map, and what must never be handed out: the
 * kernel image (up to the end of the brk area until the page tables are
 * built; then only the brk actually used), the zero page and the command
 * line, the setup_data blocks, an initrd, and the low 1 MiB (which holds
 * the first page, the BIOS data and the real-mode setup).
 */
#include "arch/x86_64/head64.h"
#include "arch/x86_64/mm/mm.h"
#include "arch/x86_64/setup.h"
#include "kernel/arch/setup.h"
#include "kernel/init.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"
#include "kernel/mm_init.h"
#include "mm/memblock.h"
#include "mm/physmap.h"

unsigned long boot_params_phys;

/* The early identity map reaches the low 4 GiB. */
#define EARLY_IDENTITY_LIMIT SZ_4G
/* A longer setup_data list is taken as corrupt (e820 reported it). */
#define SETUP_DATA_MAX_NODES 256

static void __init reserve_setup_data(void)
{
	u64 pa = boot_params.hdr.setup_data;
	unsigned int n = 0;

	while (pa) {
		const struct setup_data *sd;

		if (n++ == SETUP_DATA_MAX_NODES ||
		    pa + sizeof(*sd) > EARLY_IDENTITY_LIMIT) {
			pr_err("setup_data: node %u at 0x%llx is out of reach; "
			       "not reserving the rest of the list",
			       n, (unsigned long long)pa);
			return;
		}
		sd = phys_to_virt(pa);
		memblock_reserve_cause(pa, sizeof(*sd) + sd->len, MEM_FIRMWARE);
		pr_info("setup_data: type %u at [mem 0x%016llx-0x%016llx] "
			"reserved",
			sd->type, (unsigned long long)pa,
			(unsigned long long)(pa + sizeof(*sd) + sd->len - 1));
		pa = sd->next;
	}
}

/* The initrd reserve_initrd accepted (fs/ unpacks it: arch_get_initrd). */
static phys_addr_t initrd_phys;
static u64 initrd_bytes;

bool arch_get_initrd(phys_addr_t *start, u64 *size)
{
	*start = initrd_phys;
	*size = initrd_bytes;
	return initrd_bytes != 0;
}

void arch_forget_initrd(void)
{
	initrd_phys = 0;
	initrd_bytes = 0;
}

/*
 * initrdmem=START,SIZE: an initrd some other way put in memory (QEMU's
 * loader device, a debugger, a firmware). As on Linux's x86, it is used
 * only when the boot loader passed no initrd. The last one counts.
 */
static const char *initrdmem_val;

static int __init early_initrdmem(char *val)
{
	if (!val) {
		pr_err("initrdmem: needs =START,SIZE; ignoring it");
		return -EINVAL;
	}
	initrdmem_val = val;
	return 0;
}
early_param("initrdmem", early_initrdmem);

/* The range initrdmem= gives, checked. Returns whether one was set. */
static bool __init initrdmem_param(u64 *start, u64 *size)
{
	int err;

	if (!initrdmem_val)
		return false;
	err = parse_initrdmem(initrdmem_val, start, size);
	if (err) {
		pr_err("initrdmem=%s: not START,SIZE with a nonzero SIZE "
		       "inside the address space (error %d); ignoring it",
		       initrdmem_val, err);
		return false;
	}
	return true;
}

static void __init reserve_initrd(void)
{
	const struct boot_params *bp = &boot_params;
	u64 start = bp->hdr.ramdisk_image | ((u64)bp->ext_ramdisk_image << 32);
	u64 size = bp->hdr.ramdisk_size | ((u64)bp->ext_ramdisk_size << 32);
	u64 mstart, msize;

	if (initrdmem_param(&mstart, &msize)) {
		if (start && size)
			pr_info("initrdmem=0x%llx,0x%llx: the boot loader "
				"passed an initrd; using that one",
				(unsigned long long)mstart,
				(unsigned long long)msize);
		else
			start = mstart, size = msize;
	}
	if (!start || !size)
		return;
	if (start + size < start || !memblock_is_region_memory(start, size)) {
		pr_err("RAMDISK: [mem 0x%016llx-0x%016llx] is not in RAM; "
		       "ignoring it",
		       (unsigned long long)start,
		       (unsigned long long)(start + size - 1));
		return;
	}
	memblock_reserve_cause(ALIGN_DOWN(start, PAGE_SIZE),
			       ALIGN(start + size, PAGE_SIZE) -
				       ALIGN_DOWN(start, PAGE_SIZE),
			       MEM_BOOTDATA);
	initrd_phys = start;
	initrd_bytes = size;
	pr_info("RAMDISK: [mem 0x%016llx-0x%016llx]", (unsigned long long)start,
		(unsigned long long)(start + size - 1));
}

static void __init reserve_boot_data(void)
{
	u64 cmdline = boot_params.hdr.cmd_line_ptr |
		      ((u64)boot_params.ext_cmd_line_ptr << 32);

	memblock_reserve_cause(boot_params_phys, PAGE_SIZE, MEM_BOOTDATA);
	if (cmdline)
		memblock_reserve_cause(cmdline, strlen(boot_command_line) + 1,
				       MEM_BOOTDATA);
}

/*
 * The low 1 MiB (BIOS data, EBDA, the real-mode setup and its heap) is
 * never handed out. Only its RAM needs reserving: the rest is not memory,
 * and reserving it too would count a hole as reserved RAM.
 */
static void __init reserve_low_1m(void)
{
	phys_addr_t start, end;
	u64 i;

	for_each_mem_range (i, &start, &end) {
		if (start >= SZ_1M)
			break;
		memblock_reserve_cause(start,
				       min(end, (phys_addr_t)SZ_1M) - start,
				       MEM_FIRMWARE);
	}
}

static int __init e820_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add(base, size);
}

static int __init e820_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_reserve_cause(base, size, MEM_FIRMWARE);
}

static bool memblock_debug_requested;

/* memblock=debug: log every change, and dump the arrays (Linux). */
static int __init early_memblock(char *val)
{
	if (!val || strcmp(val, "debug")) {
		pr_warn("memblock=%s: only memblock=debug is known; ignored",
			val ? val : "");
		return -EINVAL;
	}
	memblock_debug_requested = true;
	return 0;
}
early_param("memblock", early_memblock);

void __init x86_memblock_setup(void)
{
	phys_addr_t kernel = __pa_symbol(_text);

	memblock_set_debug(memblock_debug_requested);

	/* Until the direct map exists, memblock hands out identity-mapped
	 * memory only. */
	memblock_set_current_limit(EARLY_IDENTITY_LIMIT);
	if (e820__memblock_setup(&e820_table, e820_add, e820_reserve) < 0)
		pr_err("memblock: the e820 map could not be handed over whole");
	memblock_allow_resize();

	/* The brk tail is released once the page tables are built. */
	memblock_reserve_cause(kernel, (phys_addr_t)(__brk_limit - _text),
			       MEM_KERNEL);
	reserve_low_1m();
	reserve_boot_data();
	reserve_setup_data();
	reserve_initrd();
	if (memblock_debug_requested)
		memblock_dump_all();
}
