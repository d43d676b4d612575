/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 kernel virtual memory layout, for 4-level (48-bit virtual,
 * 46-bit physical) and 5-level (57-bit virtual, 52-bit physical) paging.
 * Linux's map (shared/seeds/002, shared/REFERENCE.md section 6); keel uses
 * the same addresses so a reader who knows Linux finds their way.
 *
 * Kernel half, 4-level paging (5-level values in brackets where they
 * differ; from cpu_entry_area down the two are identical):
 *
 *   ffff800000000000 +--------------------------+ [ff00000000000000]
 *                    | guard hole (hypervisor)  |  8 TB  [4 PB]
 *   ffff880000000000 +--------------------------+ [ff10000000000000]
 *                    | LDT remap for PTI        |  0.5 TB [0.25 PB]
 *   ffff888000000000 +--------------------------+ [ff11000000000000]
 *   page_offset_base | direct map of all RAM    |  64 TB [32 PB]
 *   ffffc88000000000 +--------------------------+ [ff91000000000000]
 *                    | hole                     |
 *   ffffc90000000000 +--------------------------+ [ffa0000000000000]
 *       vmalloc_base | vmalloc / ioremap        |  32 TB [12.5 PB]
 *   ffffe90000000000 +--------------------------+ [ffd2000000000000]
 *                    | hole                     |
 *   ffffea0000000000 +--------------------------+ [ffd4000000000000]
 *       vmemmap_base | vmemmap (struct pages)   |  1 TB  [0.5 PB]
 *   ffffeb0000000000 +--------------------------+ [ffd6000000000000]
 *                    | hole (Linux: KASAN)      |
 *   fffffe0000000000 +==========================+ <- KASLR vaddr_end
 *                    | cpu_entry_area           |  0.5 TB
 *   fffffe8000000000 +--------------------------+
 *                    | hole                     |
 *   ffffff0000000000 +--------------------------+
 *                    | %esp fixup stacks        |  0.5 TB
 *   ffffff8000000000 +--------------------------+
 *                    | hole                     |
 *   ffffffef00000000 +--------------------------+
 *                    | EFI runtime mappings     |  64 GB
 *   ffffffff00000000 +--------------------------+
 *                    | hole                     |
 *   ffffffff80000000 +--------------------------+ __START_KERNEL_map
 *                    | kernel text area         |  1 GB
 *   ffffffffc0000000 +--------------------------+ MODULES_VADDR
 *                    | modules                  |  1008 MB
 *   ffffffffff000000 +--------------------------+ MODULES_END
 *                    | fixmap (grows down)      |
 *   ffffffffff600000 +--------------------------+ FIXADDR_TOP, VSYSCALL_ADDR
 *                    | legacy vsyscall page     |  4 kB
 *   ffffffffff601000 +--------------------------+
 *                    | hole                     |
 *   ffffffffffffffff +--------------------------+
 *
 * Memory-region randomisation (mm/kaslr.h) moves the direct map, vmalloc
 * and vmemmap, in that order, anywhere between the direct-map base and
 * cpu_entry_area. Kernel image KASLR (boot/compressed, kernel/lib/
 * kaslr_virt.c) moves the kernel, linked at 0xffffffff81000000, by a
 * random multiple of 2 MiB within the kernel text area (1 GB, as Linux
 * with RANDOMIZE_BASE); everything else is fixed.
 */
#ifndef KEEL_MM_LAYOUT_H
#define KEEL_MM_LAYOUT_H

#include "kernel/lib/errno.h"
#include "kernel/lib/types.h"

/* Binary terabyte and petabyte (the map above counts in these). */
#define MM_TB (1UL << 40)
#define MM_PB (1UL << 50)

/* Paging depths keel supports (CR4.LA57 selects 5). */
#define PGTABLE_LEVELS_4 4
#define PGTABLE_LEVELS_5 5

/* Widest physical address each paging depth maps. */
#define MAX_PHYSMEM_BITS_L4 46
#define MAX_PHYSMEM_BITS_L5 52

/* Direct map of all physical memory. */
#define __PAGE_OFFSET_BASE_L4 0xffff888000000000UL
#define __PAGE_OFFSET_BASE_L5 0xff11000000000000UL
#define DIRECT_MAP_SIZE_L4 (64 * MM_TB)
#define DIRECT_MAP_SIZE_L5 (32 * MM_PB)

/* vmalloc and ioremap space. */
#define __VMALLOC_BASE_L4 0xffffc90000000000UL
#define __VMALLOC_BASE_L5 0xffa0000000000000UL
#define VMALLOC_SIZE_TB_L4 32UL
#define VMALLOC_SIZE_TB_L5 12800UL /* 12.5 PB */
#define VMALLOC_SIZE_L4 (VMALLOC_SIZE_TB_L4 * MM_TB)
#define VMALLOC_SIZE_L5 (VMALLOC_SIZE_TB_L5 * MM_TB)

/* Virtual memory map: the struct page array, indexed by pfn. */
#define __VMEMMAP_BASE_L4 0xffffea0000000000UL
#define __VMEMMAP_BASE_L5 0xffd4000000000000UL
#define VMEMMAP_SIZE_L4 (1 * MM_TB)
#define VMEMMAP_SIZE_L5 (MM_PB / 2)

/* Per-CPU entry area (GDT, TSS, entry stacks); one P4D-sized slot. */
#define CPU_ENTRY_AREA_BASE 0xfffffe0000000000UL
#define CPU_ENTRY_AREA_MAP_SIZE (MM_TB / 2)

/* The kernel text area: the image lies in [__START_KERNEL_map,
 * __START_KERNEL_map + KERNEL_IMAGE_SIZE), wherever KASLR put it. */
#define __START_KERNEL_map 0xffffffff80000000UL
#define KERNEL_IMAGE_SIZE SZ_1G

/* Module space, from the end of the kernel image window. */
#define MODULES_VADDR (__START_KERNEL_map + KERNEL_IMAGE_SIZE)
#define MODULES_END 0xffffffffff000000UL
#define MODULES_LEN (MODULES_END - MODULES_VADDR)

/*
 * Legacy vsyscall page; keel's fixmap grows down from just below it, so
 * FIXADDR_TOP is its (exclusive) end.
 */
#define VSYSCALL_ADDR 0xffffffffff600000UL
#define FIXADDR_TOP VSYSCALL_ADDR

/**
 * struct mm_layout - where the kernel's dynamic regions sit.
 * @levels:             paging depth, 4 or 5
 * @max_physmem_bits:   widest physical address (46 or 52)
 * @page_offset_base:   start of the direct map (virtual of physical 0)
 * @direct_map_size:    bytes of virtual space the direct map may use
 * @vmalloc_base:       start of vmalloc / ioremap space
 * @vmalloc_size:       its size
 * @vmemmap_base:       virtual address of the struct page of pfn 0
 * @vmemmap_size:       bytes of virtual space the struct pages may use
 * @cpu_entry_area_base, @cpu_entry_area_size: the per-CPU entry area
 * @kernel_map_base:    __START_KERNEL_map
 * @kernel_image_size:  KERNEL_IMAGE_SIZE
 * @modules_vaddr, @modules_end: module space [vaddr, end)
 * @fixaddr_top:        exclusive end of the fixmap
 *
 * Regions are [base, base + size). Only the first three move under
 * memory-region randomisation.
 */
struct mm_layout {
	unsigned int levels;
	unsigned int max_physmem_bits;
	u64 page_offset_base;
	u64 direct_map_size;
	u64 vmalloc_base;
	u64 vmalloc_size;
	u64 vmemmap_base;
	u64 vmemmap_size;
	u64 cpu_entry_area_base;
	u64 cpu_entry_area_size;
	u64 kernel_map_base;
	u64 kernel_image_size;
	u64 modules_vaddr;
	u64 modules_end;
	u64 fixaddr_top;
};

/**
 * mm_layout_init - fill @layout with the fixed (non-randomised) layout.
 * @layout: filled on success, untouched on failure
 * @levels: paging depth, PGTABLE_LEVELS_4 or PGTABLE_LEVELS_5
 *
 * Return: 0, or -EINVAL when @levels is neither 4 nor 5.
 * Context: any; pure.
 */
static inline int mm_layout_init(struct mm_layout *layout, unsigned int levels)
{
	bool la57 = levels == PGTABLE_LEVELS_5;

	if (levels != PGTABLE_LEVELS_4 && !la57)
		return -EINVAL;
	*layout = (struct mm_layout){
		.levels = levels,
		.max_physmem_bits =
			la57 ? MAX_PHYSMEM_BITS_L5 : MAX_PHYSMEM_BITS_L4,
		.page_offset_base =
			la57 ? __PAGE_OFFSET_BASE_L5 : __PAGE_OFFSET_BASE_L4,
		.direct_map_size =
			la57 ? DIRECT_MAP_SIZE_L5 : DIRECT_MAP_SIZE_L4,
		.vmalloc_base = la57 ? __VMALLOC_BASE_L5 : __VMALLOC_BASE_L4,
		.vmalloc_size = la57 ? VMALLOC_SIZE_L5 : VMALLOC_SIZE_L4,
		.vmemmap_base = la57 ? __VMEMMAP_BASE_L5 : __VMEMMAP_BASE_L4,
		.vmemmap_size = la57 ? VMEMMAP_SIZE_L5 : VMEMMAP_SIZE_L4,
		.cpu_entry_area_base = CPU_ENTRY_AREA_BASE,
		.cpu_entry_area_size = CPU_ENTRY_AREA_MAP_SIZE,
		.kernel_map_base = __START_KERNEL_map,
		.kernel_image_size = KERNEL_IMAGE_SIZE,
		.modules_vaddr = MODULES_VADDR,
		.modules_end = MODULES_END,
		.fixaddr_top = FIXADDR_TOP,
	};
	return 0;
}

#endif
