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
 *     (boot protocol); 5-level when the loader runs with CR4.LA57.
 *  2. gunzip() (kernel/lib/inflate.c) from the moved input to the load
 *     address, in place.
 *  3. The relocation table that follows the kernel's bytes
 *     (kernel/lib/kreloc.c) is checked and applied with the virtual offset
 *     (none yet: the kernel's page tables take care of the physical load
 *     address).
 *  4. Jump to the kernel's 64-bit entry, startup_64 at offset 0x200.
 * Any failure is said on COM1, naming the values, and the CPU halts.
 */
#include "boot/bootparam.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/inflate.h"
#include "kernel/lib/kreloc.h"

#define HIDDEN __attribute__((visibility("hidden")))

extern const u8 z_input[] HIDDEN, z_input_end[] HIDDEN;
extern const u64 z_output_len HIDDEN; /* the kernel's bytes + relocs */
extern const u64 z_image_len HIDDEN; /* the kernel's loaded bytes */
extern u8 startup_32[] HIDDEN, z_init_end[] HIDDEN;
extern u8 pgt_pool[] HIDDEN, pgt_pool_end[] HIDDEN;

__attribute__((noreturn)) void extract_kernel(const struct boot_params *bp,
					      u8 *output) HIDDEN;

#define COM1 0x3f8
#define KERNEL_ENTRY64 0x200 /* startup_64 in the kernel's head_64.asm */
#define PTE_P_RW 0x003UL
#define PTE_PS 0x080UL
#define PTE_ADDR 0x000ffffffffff000UL
#define X86_CR4_LA57 (1UL << 12)

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
		while (!(inb(COM1 + 5) & 0x20))
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

static void identity_map(const struct boot_params *bp, u8 *output)
{
	u64 cr4, cmdline, init_size = (u64)(z_init_end - startup_32);
	int levels;
	u64 *top;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	levels = cr4 & X86_CR4_LA57 ? 5 : 4;
	pool_next = pgt_pool;
	top = table_alloc();
	map_range(top, levels, 0, 1ULL << 32);
	map_range(top, levels, (u64)output, init_size);
	map_range(top, levels, (u64)bp, sizeof(*bp));
	cmdline = bp->hdr.cmd_line_ptr | (u64)bp->ext_cmd_line_ptr << 32;
	map_range(top, levels, cmdline, COMMAND_LINE_SIZE);
	__asm__ volatile("mov %0, %%cr3" : : "r"(top) : "memory");
}

void extract_kernel(const struct boot_params *bp, u8 *output)
{
	size_t in_len = (size_t)(z_input_end - z_input), used = 0, out = 0;
	struct kreloc_table t = {0};
	u32 bad = 0;
	int err;

	identity_map(bp, output);
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
	err = kreloc_apply(output, &t, 0, &bad);
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
