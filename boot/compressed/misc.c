// SPDX-License-Identifier: MIT
/*
 * extract_kernel - the decompressor's C part: runs in 64-bit mode from the
 * moved copy (head.asm), position independent (-fpie, hidden visibility:
 * every global is reached RIP-relative, and tools/relocs -n checks at
 * build time that the linked program holds no absolute address of its
 * own).
 *
 *  1. An identity map of its own, 2 MiB pages, from a pool in its bss:
 *     0-4 GiB, the init_size bytes from the load address, boot_params and
 *     the command line, which is what the kernel's 64-bit entry expects
 *     (boot protocol); 5-level when the loader runs with CR4.LA57, or
 *     when the CPU has LA57 and no no5lvl is given: then la57_enable
 *     (head.asm) turns it on from here, below 4 GiB.
 *  2. Kernel image KASLR, physical: a random 2 MiB slot of usable RAM
 *     from 16 MiB up that meets none of the image as loaded, boot_params,
 *     the command line, the initrd, initrdmem= and the setup_data nodes
 *     (kernel/lib/kaslr_phys.c, pure; below mem= when given), from
 *     RDSEED, RDRAND and the TSC; the load address with nokaslr,
 *     memmap= or no slot. One line on COM1 says which.
 *     gunzip() (kernel/lib/inflate.c) from the moved input to there (in
 *     place when that is the load address).
 *  3. Kernel image KASLR, virtual: a random 2 MiB step of the kernel's
 *     virtual addresses that keeps its whole span in the 1 GiB kernel
 *     text area (kernel/lib/kaslr_virt.c, pure), from the same entropy;
 *     none with nokaslr. One line on COM1 says where the kernel went.
 *     The relocation table that follows the kernel's bytes
 *     (kernel/lib/kreloc.c) is checked and applied with that offset (the
 *     kernel's early page tables take care of the physical address).
 *  4. Jump to the kernel's 64-bit entry, startup_64 at offset 0x200.
 * Any failure is said on COM1, naming the values, and the CPU halts.
 */
#include "arch/x86_64/head64.h" /* KERNEL_VIRT_BASE */
#include "arch/x86_64/msr.h" /* X86_CR4_LA57 */
#include "arch/x86_64/serial.h"
#include "boot/bootparam.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/efi_runtime.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/inflate.h"
#include "kernel/lib/kaslr_phys.h"
#include "kernel/lib/kaslr_virt.h"
#include "kernel/lib/kreloc.h"
#include "kernel/lib/string.h"

#define HIDDEN __attribute__((visibility("hidden")))

extern const u8 z_input[] HIDDEN, z_input_end[] HIDDEN;
extern const u64 z_output_len HIDDEN; /* the kernel's bytes + relocs */
extern const u64 z_image_len HIDDEN; /* the kernel's loaded bytes */
extern const u64 z_kernel_span HIDDEN; /* its memory, bss and brk too */
extern u8 startup_32[] HIDDEN, z_init_end[] HIDDEN;
extern u8 pgt_pool[] HIDDEN, pgt_pool_end[] HIDDEN;

__attribute__((noreturn)) void extract_kernel(const struct boot_params *bp,
					      u8 *output) HIDDEN;
/* head.asm: paging off, CR4.LA57 on, CR3 = @pml5, paging on again. */
void la57_enable(u64 pml5) HIDDEN;

#define KERNEL_ENTRY64 0x200 /* startup_64 in the kernel's head_64.asm */
#define PTE_P_RW 0x003UL
#define PTE_PS 0x080UL
#define PTE_ADDR 0x000ffffffffff000UL
#define KASLR_ALIGN 0x200000UL /* kernel_alignment */
#define KASLR_MIN 0x1000000UL /* LOAD_PHYSICAL_ADDR, as Linux */
#define KASLR_MAX (1UL << 46) /* what 4-level paging reaches */
#define KASLR_MAX_AVOID 24
#define SETUP_DATA_MAX 16 /* setup_data nodes looked at */

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void puts(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
			;
		outb(COM1, (u8)*s);
	}
}

static void puthex(u64 v)
{
	char buf[19];
	int i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = 0;
	puts(buf);
}

static __attribute__((noreturn)) void die(const char *what, u64 a, u64 b)
{
	puts("\r\nkeel: decompressor: ");
	puts(what);
	puts(" (");
	puthex(a);
	puts(", ");
	puthex(b);
	puts("). Halting.\r\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}

static u8 *pool_next;

static u64 cmdline_of(const struct boot_params *bp)
{
	return bp->hdr.cmd_line_ptr | (u64)bp->ext_cmd_line_ptr << 32;
}

static u64 *table_alloc(void)
{
	u64 *t = (u64 *)pool_next;

	if (pool_next >= pgt_pool_end)
		die("identity map needs more page-table pages than its pool",
		    (u64)(pgt_pool_end - pgt_pool) / 4096, 0);
	pool_next += 4096;
	for (int i = 0; i < 512; i++)
		t[i] = 0;
	return t;
}

/* Map the 2 MiB page holding @addr to itself. */
static void map_2m(u64 *top, int levels, u64 addr)
{
	u64 *t = top;

	for (int shift = levels == 5 ? 48 : 39; shift > 21; shift -= 9) {
		u64 *e = &t[(addr >> shift) & 511];

		if (!(*e & 1))
			*e = (u64)table_alloc() | PTE_P_RW;
		t = (u64 *)(*e & PTE_ADDR);
	}
	t[(addr >> 21) & 511] = (addr & ~0x1fffffUL) | PTE_P_RW | PTE_PS;
}

static void map_range(u64 *top, int levels, u64 start, u64 len)
{
	u64 a = start & ~0x1fffffUL;

	if (!len)
		return;
	for (; a < start + len; a += 0x200000)
		map_2m(top, levels, a);
}

static u64 *ident_top;
static int ident_levels;

/* Identity-map [start, start + len) and make it take effect. */
static void ident_add(u64 start, u64 len)
{
	map_range(ident_top, ident_levels, start, len);
	__asm__ volatile("mov %0, %%cr3" : : "r"(ident_top) : "memory");
}

static void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d);

/*
 * Turn 5-level paging on here, where this code, its stack and tables lie
 * below 4 GiB, when the CPU has LA57, the loader left 4-level paging on
 * and the command line has no no5lvl: the kernel can flip paging depth
 * itself only from below 4 GiB, and KASLR may put it above.
 */
static bool switch_to_la57(const struct boot_params *bp)
{
	u32 a, b, c, d, max;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max < 7)
		return false;
	cpuid(7, 0, &a, &b, &c, &d);
	if (!(c & CPUID_7_ECX_LA57) || (u64)z_init_end > 1ULL << 32 ||
	    (u64)bp >= 1ULL << 32)
		return false;
	return !cmdline_find_option_bool((const char *)cmdline_of(bp),
					 "no5lvl");
}

static void identity_map(const struct boot_params *bp, u8 *load)
{
	u64 cr4, init_size = (u64)(z_init_end - startup_32);
	bool la57_on = false;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	ident_levels = cr4 & X86_CR4_LA57 ? 5 : 4;
	if (ident_levels == 4 && switch_to_la57(bp)) {
		ident_levels = 5;
		la57_on = true;
	}
	pool_next = pgt_pool;
	ident_top = table_alloc();
	map_range(ident_top, ident_levels, 0, 1ULL << 32);
	map_range(ident_top, ident_levels, (u64)load, init_size);
	map_range(ident_top, ident_levels, (u64)bp, sizeof(*bp));
	if (!la57_on) {
		ident_add(cmdline_of(bp), COMMAND_LINE_SIZE);
		return;
	}
	map_range(ident_top, ident_levels, cmdline_of(bp), COMMAND_LINE_SIZE);
	la57_enable((u64)ident_top);
}

/* --- Kernel image KASLR: the physical load address. ------------------ */

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

static void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub));
}

/* Entropy from RDSEED and RDRAND where the CPU has them, and the TSC;
 * *@what names the sources used. */
static u64 kaslr_entropy(const char **what)
{
	u32 a, b, c, d, max;
	u64 seed = 0, v;
	bool have_rdrand, have_rdseed = false;
	unsigned char ok;

	cpuid(0, 0, &max, &b, &c, &d);
	cpuid(1, 0, &a, &b, &c, &d);
	have_rdrand = c & (1U << 30);
	if (max >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		have_rdseed = b & (1U << 18);
	}
	if (have_rdseed) {
		for (int i = 0; i < 10; i++) {
			__asm__ volatile("rdseed %0; setc %1"
					 : "=r"(v), "=qm"(ok));
			if (ok) {
				seed = kaslr_mix(seed, v);
				break;
			}
		}
	}
	if (have_rdrand) {
		for (int i = 0; i < 10; i++) {
			__asm__ volatile("rdrand %0; setc %1"
					 : "=r"(v), "=qm"(ok));
			if (ok) {
				seed = kaslr_mix(seed, v);
				break;
			}
		}
	}
	seed = kaslr_mix(seed, rdtsc());
	*what = have_rdseed
			? (have_rdrand ? "rdseed, rdrand, tsc" : "rdseed, tsc")
			: (have_rdrand ? "rdrand, tsc" : "tsc");
	return seed;
}

static void putdec(u64 v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts(buf + i);
}

/* The end of a KASLR line: "2 MiB slot S of N; entropy: SRC)". */
static void put_slot(u64 slot, u64 count, const char *src)
{
	puts("2 MiB slot ");
	putdec(slot);
	puts(" of ");
	putdec(count);
	puts("; entropy: ");
	puts(src);
	puts(")\r\n");
}

static void add_avoid(struct phys_range *r, unsigned int *n, u64 start, u64 len)
{
	if (!len || *n >= KASLR_MAX_AVOID)
		return;
	r[*n].start = start;
	r[*n].end = start + len < start ? ~0ULL : start + len;
	(*n)++;
}

/*
 * Where the kernel goes: a random 2 MiB slot of usable RAM from 16 MiB up
 * that meets nothing the loader handed over, or, with nokaslr, memmap=
 * (a user map the kernel applies later) or no slot at all, the load
 * address. The boot log says which and why.
 */
static u8 *choose_output(const struct boot_params *bp, u8 *load)
{
	const char *cmdline = (const char *)cmdline_of(bp), *src;
	struct phys_range avoid[KASLR_MAX_AVOID];
	struct kaslr_phys k = {0};
	struct efi_boot_info efi;
	unsigned int n = 0;
	u64 ramdisk, count, slot, addr, next, start, size;
	char val[64];

	if (cmdline_find_option_bool(cmdline, "nokaslr")) {
		puts("KASLR: disabled by nokaslr; kernel image at its load "
		     "address\r\n");
		return load;
	}
	if (cmdline_find_option_bool(cmdline, "memmap")) {
		puts("KASLR: memmap= given; kernel image at its load "
		     "address\r\n");
		return load;
	}
	add_avoid(avoid, &n, (u64)load, (u64)(z_init_end - startup_32));
	add_avoid(avoid, &n, (u64)bp, sizeof(*bp));
	add_avoid(avoid, &n, (u64)cmdline, bp->hdr.cmdline_size + 1);
	ramdisk = bp->hdr.ramdisk_image | (u64)bp->ext_ramdisk_image << 32;
	add_avoid(avoid, &n, ramdisk,
		  bp->hdr.ramdisk_size | (u64)bp->ext_ramdisk_size << 32);
	if (cmdline_find_option(cmdline, "initrdmem", val, sizeof(val)) > 0 &&
	    !parse_initrdmem(val, &start, &size))
		add_avoid(avoid, &n, start, size);
	/* An EFI boot (the EFI stub, GRUB on UEFI): the UEFI memory map the
	 * kernel reads later lies in RAM the e820 table calls usable. */
	if (efi_info_parse(bp->efi_info, &efi) == EFI_RT_OK)
		add_avoid(avoid, &n, efi.memmap, efi.memmap_size);
	next = bp->hdr.setup_data;
	for (int i = 0; next && i < SETUP_DATA_MAX; i++) {
		const struct setup_data *sd = (const void *)next;

		ident_add(next, sizeof(*sd));
		ident_add(next, sizeof(*sd) + sd->len);
		add_avoid(avoid, &n, next, sizeof(*sd) + sd->len);
		next = sd->next;
	}
	k.e820 = bp->e820_table;
	k.nr_e820 = bp->e820_entries < E820_MAX_ENTRIES_ZEROPAGE
			    ? bp->e820_entries
			    : E820_MAX_ENTRIES_ZEROPAGE;
	k.avoid = avoid;
	k.nr_avoid = n;
	k.size = z_kernel_span;
	k.align = KASLR_ALIGN;
	k.min = KASLR_MIN;
	k.max = KASLR_MAX;
	if (cmdline_find_option(cmdline, "mem", val, sizeof(val)) > 0) {
		u64 limit = memparse(val, NULL);

		if (limit && limit < k.max)
			k.max = limit;
	}
	count = kaslr_phys_count(&k);
	if (!count) {
		puts("KASLR: no free 2 MiB slot for the kernel image; it stays "
		     "at its load address\r\n");
		return load;
	}
	slot = kaslr_entropy(&src) % count;
	if (kaslr_phys_slot(&k, slot, &addr))
		die("KASLR slot vanished (slot, slots)", slot, count);
	puts("KASLR: kernel image at physical ");
	puthex(addr);
	puts(" (");
	put_slot(slot, count, src);
	return (u8 *)addr;
}

/* --- Kernel image KASLR: the virtual address. ------------------------ */

/*
 * How far the kernel's virtual addresses move: a random multiple of 2 MiB
 * that keeps [_text, _end) below __START_KERNEL_map + KERNEL_IMAGE_SIZE;
 * 0 with nokaslr. KASLR_FLAG in loadflags tells the kernel (as Linux).
 */
static u64 choose_voffset(const struct boot_params *bp, u8 *output)
{
	const char *cmdline = (const char *)cmdline_of(bp), *src;
	struct kaslr_virt v = {
		.base = KERNEL_VIRT_BASE,
		.end = __START_KERNEL_map + KERNEL_IMAGE_SIZE,
		.size = z_kernel_span,
		.align = KASLR_ALIGN,
	};
	u64 count, slot, off;

	if (cmdline_find_option_bool(cmdline, "nokaslr")) {
		puts("KASLR: kernel text at virtual ");
		puthex(v.base);
		puts(", physical ");
		puthex((u64)output);
		puts(" (its linked address: nokaslr)\r\n");
		return 0;
	}
	count = kaslr_virt_count(&v);
	if (!count)
		die("the kernel does not fit the kernel text area (span, area)",
		    z_kernel_span, v.end - v.base);
	slot = kaslr_entropy(&src) % count;
	if (kaslr_virt_offset(&v, slot, &off))
		die("KASLR virtual slot vanished (slot, slots)", slot, count);
	((struct boot_params *)bp)->hdr.loadflags |= KASLR_FLAG;
	puts("KASLR: kernel text at virtual ");
	puthex(v.base + off);
	puts(", physical ");
	puthex((u64)output);
	puts(" (offset ");
	puthex(off);
	puts(", ");
	put_slot(slot, count, src);
	return off;
}

void extract_kernel(const struct boot_params *bp, u8 *load)
{
	size_t in_len = (size_t)(z_input_end - z_input), used = 0, out = 0;
	struct kreloc_table t = {0};
	u32 bad = 0;
	u64 voffset;
	u8 *output;
	int err;

	identity_map(bp, load);
	output = choose_output(bp, load);
	if (output != load)
		ident_add((u64)output, z_kernel_span);
	err = gunzip(z_input, in_len, output, z_output_len, &used, &out);
	if (err)
		die("gunzip failed (error, bytes out)", (u64)-err, out);
	if (out != z_output_len)
		die("the kernel inflated to the wrong size (got, want)", out,
		    z_output_len);
	err = kreloc_parse(output, out, &t);
	if (err || t.image_len != z_image_len)
		die("bad relocation table (image length, want)", t.image_len,
		    z_image_len);
	voffset = choose_voffset(bp, output);
	err = kreloc_apply(output, &t, (s64)voffset, &bad);
	if (err)
		die("relocation out of range (offset, error)", bad, (u64)-err);
	/* The kernel's 64-bit entry, on this identity map, %rsi =
	 * boot_params. The jump is made from here: head.asm lay below the
	 * kernel's end and has been inflated over. */
	__asm__ volatile("xor %%ebp, %%ebp\n\tjmp *%1"
			 :
			 : "S"(bp), "r"(output + KERNEL_ENTRY64)
			 : "memory");
	__builtin_unreachable();
}
