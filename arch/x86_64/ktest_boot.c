// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of what the boot loader handed over: the zero page, the
 * e820 map and the command line.
 */
#include "arch/x86_64/head64.h"
#include "arch/x86_64/setup.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/main.h"

#define LOADER_TYPE_GRUB 0x7 /* type_of_loader >> 4 */

KTEST(boot, boot_params_sane)
{
	struct boot_params copy = boot_params;
	const struct setup_header *hdr = &boot_params.hdr;

	KTEST_EXPECT_EQ(t, hdr->header, SETUP_HDR_MAGIC);
	/*
	 * QEMU and keel's setup code copy the image's 0xAA55; GRUB 2's
	 * 32-bit `linux` loader clears the two bytes at 0x1fe of the zero
	 * page (padding in its layout), and Linux never reads them there.
	 */
	if (hdr->type_of_loader >> 4 != LOADER_TYPE_GRUB)
		KTEST_EXPECT_EQ(t, hdr->boot_flag, BOOT_FLAG_MAGIC);
	else
		KTEST_EXPECT_TRUE(t, hdr->boot_flag == BOOT_FLAG_MAGIC ||
					     hdr->boot_flag == 0);
	KTEST_EXPECT_TRUE(t, hdr->loadflags & LOADED_HIGH);
	KTEST_EXPECT_TRUE(t, hdr->type_of_loader != 0);
	KTEST_EXPECT_TRUE(t, hdr->cmd_line_ptr != 0);
	KTEST_EXPECT_TRUE(t, boot_params.e820_entries <=
				     E820_MAX_ENTRIES_ZEROPAGE);
	KTEST_EXPECT_EQ(t, boot_params_check(&copy), 0);
	if (boot_entry == BOOT_ENTRY_PVH) {
		/* kernel/lib/pvh.c's zero page: Linux's PVH protocol 2.12,
		 * no setup header from the image. */
		KTEST_EXPECT_EQ(t, hdr->version, 0x020c);
		KTEST_EXPECT_EQ(t, early_load_phys, LOAD_PHYSICAL_ADDR);
		return;
	}
	KTEST_EXPECT_EQ(t, hdr->version, BOOT_PROTOCOL_VERSION);
	/*
	 * The loader may lower kernel_alignment to the alignment it gave,
	 * down to 1 << min_alignment (GRUB 2 on UEFI places the image 1 MiB
	 * aligned and says so); the decompressor realigns.
	 */
	KTEST_ASSERT_TRUE(t, hdr->min_alignment <= 21);
	KTEST_EXPECT_TRUE(t, hdr->kernel_alignment <= SZ_2M);
	KTEST_EXPECT_TRUE(t, hdr->kernel_alignment >= 1u << hdr->min_alignment);
	KTEST_EXPECT_EQ(t, hdr->kernel_alignment & (hdr->kernel_alignment - 1),
			0);
	KTEST_EXPECT_TRUE(t, hdr->xloadflags & XLF_KERNEL_64);
	/*
	 * A loader that ran the 32-bit entry entered where code32_start
	 * says, and the kernel runs there, unless the decompressor of the
	 * compressed image (payload_length set) put it in a KASLR slot: 2
	 * MiB-aligned, at or above 16 MiB. A 64-bit loader may put the image
	 * above 4 GiB, where the 32-bit field cannot say so (the 64-bit
	 * protocol ignores it).
	 */
	if (early_load_phys < SZ_4G && early_load_phys != hdr->code32_start) {
		KTEST_EXPECT_TRUE(t, hdr->payload_length != 0);
		KTEST_EXPECT_EQ(t, early_load_phys % SZ_2M, 0);
		KTEST_EXPECT_TRUE(t, early_load_phys >= SZ_16M);
	}
	/* init_size covers the whole image, bss and brk included. */
	KTEST_EXPECT_TRUE(t, hdr->init_size >= (u32)(_end - _text));
}

/*
 * Kernel image KASLR, virtual: the kernel runs at its linked address plus
 * kaslr_offset(), a multiple of 2 MiB that keeps the whole image in the
 * kernel text area; the offset is 0 unless the decompressor randomised
 * (never with nokaslr or through the PVH entry). The decompressor's
 * relocation and the early page tables agree: an absolute address, 64-
 * and sign-extended 32-bit, equals the RIP-relative one, and kallsyms
 * names a function from its relocated address.
 */
KTEST(boot, kaslr_text_offset)
{
	unsigned long abs64, abs32, rel, off = kaslr_offset();
	u64 size, at;
	const char *name;

	__asm__("movabs $x86_64_start_kernel, %0" : "=r"(abs64));
	__asm__("movq $x86_64_start_kernel, %0" : "=r"(abs32));
	__asm__("leaq x86_64_start_kernel(%%rip), %0" : "=r"(rel));
	KTEST_EXPECT_EQ(t, abs64, rel);
	KTEST_EXPECT_EQ(t, abs32, rel);
	KTEST_EXPECT_EQ(t, (unsigned long)_text, KERNEL_VIRT_BASE + off);
	KTEST_EXPECT_EQ(t, early_text_virt, (unsigned long)_text);
	KTEST_EXPECT_EQ(t, off % SZ_2M, 0);
	KTEST_EXPECT_TRUE(t, off < KERNEL_IMAGE_SIZE - LOAD_PHYSICAL_ADDR);
	KTEST_EXPECT_TRUE(t, (unsigned long)_end - __START_KERNEL_map <=
				     KERNEL_IMAGE_SIZE);
	KTEST_EXPECT_EQ(t, __pa_symbol(_text), early_load_phys);
	if (!kaslr_enabled())
		KTEST_EXPECT_EQ(t, off, 0);
	if (cmdline_find_option_bool(boot_command_line, "nokaslr") ||
	    boot_entry == BOOT_ENTRY_PVH)
		KTEST_EXPECT_TRUE(t, !kaslr_enabled());
	name = kernel_symbol(rel + 1, &size, &at);
	KTEST_ASSERT_TRUE(t, name != NULL);
	KTEST_EXPECT_STREQ(t, name, "x86_64_start_kernel");
	KTEST_EXPECT_EQ(t, at, 1);
}

KTEST(boot, e820_received)
{
	const struct e820_table *t820 = &e820_table_firmware;
	phys_addr_t kernel = early_load_phys;
	bool kernel_in_ram = false;
	u32 ram = 0;

	KTEST_ASSERT_TRUE(t, t820->nr_entries > 0);
	if (boot_params.e820_entries >= 2) {
		KTEST_EXPECT_EQ(t, t820->nr_entries, boot_params.e820_entries);
	} else {
		/* No usable E820: the E801/88h fallback, low and high RAM. */
		KTEST_EXPECT_EQ(t, t820->nr_entries, 2);
		KTEST_EXPECT_EQ(t, t820->entries[0].addr, 0);
		KTEST_EXPECT_EQ(t, t820->entries[0].size, E820_LOWMEM_SIZE);
		KTEST_EXPECT_EQ(t, t820->entries[1].addr, E820_HIGH_MEMORY);
	}
	for (u32 i = 0; i < t820->nr_entries; i++) {
		const struct e820_entry *e = &t820->entries[i];

		if (e->type != E820_TYPE_RAM)
			continue;
		ram++;
		if (e->addr <= kernel && kernel - e->addr < e->size)
			kernel_in_ram = true;
	}
	KTEST_EXPECT_TRUE(t, ram >= 2); /* below 640 KiB and above 1 MiB */
	KTEST_EXPECT_TRUE(t, kernel_in_ram);
}

/* 32-bit FNV-1a over @len bytes. */
static u32 fnv1a(const char *s, size_t len)
{
	u32 h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (u8)s[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * The boot matrix passes `cmdline_check=LEN:HASH` as the last word: LEN is
 * the length of the whole command line and HASH the FNV-1a of everything
 * before " cmdline_check=". Without it, only what can be checked is.
 */
KTEST(boot, cmdline_intact)
{
	const char *cl = boot_command_line;
	const char *tag = strstr(cl, " cmdline_check=");
	unsigned long long len, hash;
	char *end;

	KTEST_EXPECT_TRUE(t,
			  strnlen(cl, COMMAND_LINE_SIZE) < COMMAND_LINE_SIZE);
	KTEST_EXPECT_TRUE(t, cmdline_find_option_bool(cl, "ktest") ||
				     strstr(cl, "ktest="));
	if (!tag) {
		ktest_skip(t, "no cmdline_check= on the command line");
		return;
	}
	len = simple_strtoull(tag + strlen(" cmdline_check="), &end, 10);
	KTEST_ASSERT_TRUE(t, *end == ':');
	hash = simple_strtoull(end + 1, &end, 16);
	KTEST_EXPECT_TRUE(t, *end == '\0'); /* it is the last word */
	KTEST_EXPECT_EQ(t, strlen(cl), len);
	KTEST_EXPECT_EQ(t, fnv1a(cl, (size_t)(tag - cl)), hash);
}
