// SPDX-License-Identifier: MIT
/*
 * __startup_64 - the early page tables, built before the kernel runs at its
 * linked address.
 *
 * This file is compiled position-independent (-fpie, hidden visibility): it
 * runs on the identity map at the physical address the loader chose, and
 * every global it touches is reached RIP-relative, so it sees physical
 * addresses. It must not call into the rest of the kernel (compiled for
 * -mcmodel=kernel, which assumes the linked addresses) and must not use
 * absolute addresses of its own data.
 *
 * It maps, with tables taken from the brk pool:
 *   - 0-4 GiB identity in 2 MiB pages, but the first 2 MiB in 4 KiB pages
 *     with page 0 left out, so a NULL dereference faults even this early
 *     (a PVH boot maps it until its start info is read: QEMU's loaders
 *     put the memory map there);
 *   - identity for the 2 MiB blocks holding the kernel, boot_params and the
 *     command line when a 64-bit loader put them above 4 GiB;
 *   - the kernel image [_text, _end) at its virtual address, 4 KiB pages,
 *     to where it was loaded: any 4 KiB-aligned address works. That is
 *     the linked one (__START_KERNEL_map + LOAD_PHYSICAL_ADDR) plus the
 *     offset of kernel image KASLR: this code reaches its symbols
 *     RIP-relative, at their physical addresses, so it learns the virtual
 *     one from early_text_virt, an absolute address the decompressor
 *     relocated like every other.
 * The final page tables (least rights per section, direct map) replace
 * these once memory management is up.
 */
#include "arch/x86_64/msr.h"
#include "arch/x86_64/head64.h"
#include "arch/x86_64/serial.h"

#include "boot/bootparam.h"
#include "kernel/lib/pvh.h"

#define HIDDEN __attribute__((visibility("hidden")))

extern char _text[] HIDDEN;
extern char _end[] HIDDEN;
extern char early_pgt_pool[] HIDDEN;
extern char early_pgt_pool_end[] HIDDEN;

/*
 * Results for the kernel, in .data: the kernel clears .bss after this ran.
 * How much of the brk pool the tables took, and where the image was loaded.
 */
#define EARLY_DATA HIDDEN __attribute__((section(".data")))
unsigned long early_pgt_pool_used EARLY_DATA;
unsigned long early_load_phys EARLY_DATA;
/* Paging depth of the tables built here (4 or 5), and whether CR4.LA57
 * must be flipped to use them (head_64.asm does that with paging off). */
unsigned long early_pgtable_levels EARLY_DATA = 4;
unsigned long early_la57_flip EARLY_DATA;
/* Why 5-level paging is not used although the CPU has it (head64.h). */
unsigned long early_5level_reason EARLY_DATA;
/* A PVH boot's mapping of page 0 (loaders put the memory map there): the
 * physical address of its PTE, which x86_64_start_kernel clears. */
unsigned long early_page0_pte EARLY_DATA;
/* Where _text runs: an absolute address (R_X86_64_64), so moved by the
 * decompressor's relocation along with the rest of the image. Global and
 * read through a volatile access: the compiler must not fold it into a
 * RIP-relative _text, which here is the physical address. */
unsigned long early_text_virt EARLY_DATA = (unsigned long)_text;

#define PTE_PRESENT 0x001UL
#define PTE_RW 0x002UL
#define PTE_PS 0x080UL
#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PT_ENTRIES 512

static inline void early_outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline unsigned char early_inb(unsigned short port)
{
	unsigned char v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void early_puts(const char *s)
{
	for (; *s; s++) {
		while (!(early_inb(COM1 + UART_LSR) & UART_LSR_THRE))
			;
		early_outb(COM1, (unsigned char)*s);
	}
}

static __attribute__((noreturn)) void early_die(const char *msg)
{
	early_puts(msg);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void early_puthex(u64 v)
{
	char buf[19];

	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 16; i++) {
		unsigned int d = (v >> (60 - 4 * i)) & 0xf;

		buf[2 + i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	}
	buf[18] = 0;
	early_puts(buf);
}

/* The kernel's virtual address, checked: in the kernel text area. */
static unsigned long text_virt(unsigned long image)
{
	unsigned long virt = *(volatile unsigned long *)&early_text_virt;

	if (virt < KERNEL_VIRT_BASE || (virt & (PAGE_SIZE - 1)) ||
	    virt - __START_KERNEL_map > KERNEL_IMAGE_SIZE - image) {
		early_puts("\r\nkeel: kernel text at virtual ");
		early_puthex(virt);
		early_puts(" (size ");
		early_puthex(image);
		early_die(
			"), outside the kernel text area or not page aligned. "
			"Halting.\r\n");
	}
	return virt;
}

static unsigned long pool_next;

/* A zeroed page from the brk pool, or death: nothing can run without it. */
static u64 *alloc_table(void)
{
	u64 *t;

	if (pool_next + PAGE_SIZE > (unsigned long)early_pgt_pool_end)
		early_die(
			"\r\nkeel: early page-table pool exhausted: kernel or "
			"boot data spread too wide. Halting.\r\n");
	t = (u64 *)pool_next;
	pool_next += PAGE_SIZE;
	for (int i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
	return t;
}

/* The next-level table under entry @e, created when absent. */
static u64 *next_table(u64 *e)
{
	if (!(*e & PTE_PRESENT))
		*e = (u64)(unsigned long)alloc_table() | PTE_PRESENT | PTE_RW;
	return (u64 *)(unsigned long)(*e & PTE_ADDR_MASK);
}

static int levels = 4;

/* The PMD entry of @va, with the upper tables created as needed. */
static u64 *pmd_entry(u64 *pgd, u64 va)
{
	u64 *table = pgd;

	if (levels == 5)
		table = next_table(&table[(va >> 48) & 511]);
	table = next_table(&table[(va >> 39) & 511]);
	table = next_table(&table[(va >> 30) & 511]);
	return &table[(va >> 21) & 511];
}

static void map_2m(u64 *pgd, u64 va, u64 pa)
{
	u64 *pmd = pmd_entry(pgd, va);

	if (!(*pmd & PTE_PRESENT))
		*pmd = pa | PTE_PRESENT | PTE_RW | PTE_PS;
}

/* Map one 4 KiB page; return its PTE (NULL: a 2 MiB page covers it). */
static u64 *map_4k(u64 *pgd, u64 va, u64 pa)
{
	u64 *pmd = pmd_entry(pgd, va);
	u64 *pte;

	if (*pmd & PTE_PS)
		return NULL; /* already covered by a 2 MiB identity page */
	pte = &next_table(pmd)[(va >> 12) & 511];
	*pte = pa | PTE_PRESENT | PTE_RW;
	return pte;
}

/* Identity-map every 2 MiB block overlapping [start, start + size). */
static void map_identity(u64 *pgd, u64 start, u64 size)
{
	u64 end = start + size;

	for (u64 a = start & ~(SZ_2M - 1); a < end; a += SZ_2M)
		map_2m(pgd, a, a);
}

static inline u64 early_read_cr4(void)
{
	u64 v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static bool cpu_has_la57(void)
{
	unsigned int eax = 0, ebx, ecx, edx;

	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	if (eax < 7)
		return false;
	eax = 7;
	ecx = 0;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ecx & CPUID_7_ECX_LA57;
}

/* Is @word a whole word of the NUL-terminated @s (at most @max bytes)? */
static bool cmdline_has_word(const char *s, unsigned long max, const char *word)
{
	unsigned long i = 0;

	while (i < max && s[i]) {
		unsigned long j = 0;

		while (i < max && s[i] == ' ')
			i++;
		while (word[j] && i + j < max && s[i + j] == word[j])
			j++;
		if (!word[j] &&
		    (i + j >= max || s[i + j] == ' ' || s[i + j] == '\0'))
			return true;
		while (i < max && s[i] && s[i] != ' ')
			i++;
	}
	return false;
}

/*
 * 5-level paging when the CPU has LA57 and `no5lvl` is absent. Flipping
 * CR4.LA57 needs a detour through 32-bit code with paging off, which only
 * works while the image, its tables and boot_params lie below 4 GiB.
 */
static int choose_levels(unsigned long load_phys, unsigned long image,
			 unsigned long bp_phys, u64 cmdline)
{
	bool now5 = early_read_cr4() & X86_CR4_LA57;
	bool want5 = cpu_has_la57();
	bool low = load_phys + image <= SZ_4G && bp_phys < SZ_4G;

	if (want5 && cmdline &&
	    cmdline_has_word((const char *)(unsigned long)cmdline,
			     COMMAND_LINE_SIZE, "no5lvl")) {
		want5 = false;
		early_5level_reason = EARLY_5LEVEL_NO5LVL;
	}
	if (want5 != now5 && !low) {
		early_5level_reason = EARLY_5LEVEL_ABOVE_4G;
		want5 = now5;
	}
	early_la57_flip = want5 != now5;
	return want5 ? 5 : 4;
}

/*
 * The command line, for `no5lvl`. A PVH start info is not checked yet
 * (x86_64_start_kernel does that): only a start info with the right magic
 * and a command line wholly below 4 GiB, where the entry code's identity
 * map reaches, is looked at; anything else reads as no command line here.
 */
static u64 early_cmdline(unsigned long data_phys, unsigned long entry)
{
	const struct boot_params *bp = (const void *)data_phys;
	const struct hvm_start_info *si = (const void *)data_phys;

	if (entry != BOOT_ENTRY_PVH)
		return bp->hdr.cmd_line_ptr | ((u64)bp->ext_cmd_line_ptr << 32);
	if (data_phys > SZ_4G - sizeof(*si) ||
	    si->magic != HVM_START_MAGIC_VALUE ||
	    si->cmdline_paddr > SZ_4G - COMMAND_LINE_SIZE)
		return 0;
	return si->cmdline_paddr;
}

unsigned long __startup_64(unsigned long load_phys, unsigned long data_phys,
			   unsigned long entry)
{
	const struct boot_params *bp = (const void *)data_phys;
	unsigned long bp_phys = data_phys;
	unsigned long image = (unsigned long)(_end - _text);
	unsigned long virt = text_virt(image);
	u64 cmdline;
	u64 *pgd;

	if (load_phys & (PAGE_SIZE - 1))
		early_die("\r\nkeel: kernel loaded at an address that is not "
			  "4 KiB aligned. Halting.\r\n");
	cmdline = early_cmdline(data_phys, entry);
	levels = choose_levels(load_phys, image, bp_phys, cmdline);
	early_pgtable_levels = (unsigned long)levels;
	pool_next = (unsigned long)early_pgt_pool;
	pgd = alloc_table();

	/* The first 2 MiB in 4 KiB pages, page 0 left unmapped. */
	for (u64 a = PAGE_SIZE; a < SZ_2M; a += PAGE_SIZE)
		map_4k(pgd, a, a);
	if (entry == BOOT_ENTRY_PVH)
		early_page0_pte = (unsigned long)map_4k(pgd, 0, 0);
	map_identity(pgd, SZ_2M, SZ_4G - SZ_2M);
	map_identity(pgd, load_phys, image);
	map_identity(pgd, bp_phys, sizeof(*bp));
	if (cmdline)
		map_identity(pgd, cmdline, COMMAND_LINE_SIZE);

	for (unsigned long off = 0; off < image; off += PAGE_SIZE)
		map_4k(pgd, virt + off, load_phys + off);

	early_load_phys = load_phys;
	early_pgt_pool_used = pool_next - (unsigned long)early_pgt_pool;
	return (unsigned long)pgd;
}
