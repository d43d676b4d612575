// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/elf.c: ELF images built in memory (a static
 * ET_EXEC and a static-PIE like the ones lld and ld make) accepted with
 * every field checked, then every rejection with its error and a log line
 * naming the bad value; the load bias; "#!" lines as Linux's
 * binfmt_script reads them; the initial stack word by word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/elf.h"
#include "kernel/lib/errno.h"

/* ------------------------------------------------------------------ */
/* An ELF image under construction. */

#define IMG_MAX (128 * 1024)

static struct {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELF_MAX_PHNUM + 8];
	unsigned int nph;
	size_t size; /* the file size handed to elf_parse */
	_Alignas(16) u8 bytes[IMG_MAX + 16];
} im;

static struct elf_info info;

/* Start an image of @type with the header filled in and no segments. */
static void img_begin(u16 type, size_t size)
{
	memset(&im, 0, sizeof(im));
	memcpy(im.eh.e_ident, "\177ELF", 4);
	im.eh.e_ident[EI_CLASS] = ELFCLASS64;
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im.eh.e_ident[EI_VERSION] = EV_CURRENT;
	im.eh.e_type = type;
	im.eh.e_machine = EM_X86_64;
	im.eh.e_version = EV_CURRENT;
	im.eh.e_phoff = sizeof(Elf64_Ehdr);
	im.eh.e_ehsize = sizeof(Elf64_Ehdr);
	im.eh.e_phentsize = sizeof(Elf64_Phdr);
	im.size = size;
	/* Recognisable file bytes, so a wrong offset shows. */
	for (size_t i = 0; i < size && i < IMG_MAX; i++)
		im.bytes[i] = (u8)(i * 7 + 3);
}

/* Append a program header; returns its index. */
static unsigned int img_add(u32 type, u32 flags, u64 offset, u64 vaddr,
			    u64 filesz, u64 memsz, u64 align)
{
	Elf64_Phdr *ph = &im.ph[im.nph];

	ph->p_type = type;
	ph->p_flags = flags;
	ph->p_offset = offset;
	ph->p_vaddr = vaddr;
	ph->p_paddr = vaddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = align;
	im.eh.e_phnum = (u16)(im.nph + 1);
	return im.nph++;
}

/* Write the headers into the file bytes (as far as the buffer goes). */
static const u8 *img_bytes(void)
{
	size_t table = (size_t)im.nph * sizeof(Elf64_Phdr);

	memcpy(im.bytes, &im.eh, sizeof(im.eh));
	if (im.eh.e_phoff <= IMG_MAX && table <= IMG_MAX - im.eh.e_phoff)
		memcpy(im.bytes + im.eh.e_phoff, im.ph, table);
	return im.bytes;
}

/*
 * A static executable as ld -z separate-code makes it (addresses at
 * 0x400000, 16 KiB file):
 *   0 LOAD R   off 0x0    vaddr 0x400000 filesz 0x1000 (headers inside)
 *   1 LOAD RX  off 0x1000 vaddr 0x401000 filesz 0x2000
 *   2 LOAD R   off 0x3000 vaddr 0x403000 filesz 0x800
 *   3 LOAD RW  off 0x3800 vaddr 0x404800 filesz 0x100 memsz 0x900 (bss)
 *   4 TLS  R   off 0x3800 vaddr 0x404800 filesz 0x10  memsz 0x28 align 8
 *   5 GNU_STACK RW
 *   6 NOTE
 */
#define EXEC_ENTRY 0x401010ULL

static void img_static(void)
{
	img_begin(ET_EXEC, 0x4000);
	im.eh.e_entry = EXEC_ENTRY;
	img_add(PT_LOAD, PF_R, 0, 0x400000, 0x1000, 0x1000, 0x1000);
	img_add(PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x2000, 0x2000, 0x1000);
	img_add(PT_LOAD, PF_R, 0x3000, 0x403000, 0x800, 0x800, 0x1000);
	img_add(PT_LOAD, PF_R | PF_W, 0x3800, 0x404800, 0x100, 0x900, 0x1000);
	img_add(PT_TLS, PF_R, 0x3800, 0x404800, 0x10, 0x28, 8);
	img_add(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	img_add(PT_NOTE, PF_R, 0x200, 0x400200, 0x20, 0x20, 4);
}

/*
 * A static-PIE (lld -static-pie): PHDR first, addresses from 0, a
 * PT_DYNAMIC for the self-relocation, GNU_RELRO.
 */
#define PIE_ENTRY 0x1200ULL

static void img_pie(void)
{
	img_begin(ET_DYN, 0x4000);
	im.eh.e_entry = PIE_ENTRY;
	img_add(PT_PHDR, PF_R, 0x40, 0x40, 7 * sizeof(Elf64_Phdr),
		7 * sizeof(Elf64_Phdr), 8);
	img_add(PT_LOAD, PF_R, 0, 0, 0x1000, 0x1000, 0x1000);
	img_add(PT_LOAD, PF_R | PF_X, 0x1000, 0x1000, 0x2000, 0x2000, 0x1000);
	img_add(PT_LOAD, PF_R | PF_W, 0x3000, 0x3000, 0x400, 0x1800, 0x1000);
	img_add(PT_DYNAMIC, PF_R | PF_W, 0x3100, 0x3100, 0x100, 0x100, 8);
	img_add(PT_GNU_RELRO, PF_R, 0x3000, 0x3000, 0x400, 0x1000, 1);
	img_add(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0);
}

/* Parse the image; no log line may come with success. */
static int img_parse(void)
{
	const u8 *b = img_bytes();
	int ret;

	log_capture_start();
	ret = elf_parse(b, im.size, &info);
	log_capture_stop();
	if (ret == 0 && log_capture_count())
		fail_msg("accepted with a log line: %s", log_capture_text());
	return ret;
}

/* Parse, expecting @err and exactly one log line containing @needle. */
#define expect_reject(err, needle) expect_reject_at(err, needle, __LINE__)

static void expect_reject_at(int err, const char *needle, int line)
{
	int ret = img_parse();

	if (ret != err)
		fail_msg(
			"line %d: elf_parse returned %d, expected %d (log: %s)",
			line, ret, err, log_capture_text());
	if (log_capture_count() != 1 || !log_capture_contains(needle) ||
	    !log_capture_contains("elf: "))
		fail_msg("line %d: expected one line with \"%s\", got: %s",
			 line, needle, log_capture_text());
}

static void assert_segment(unsigned int k, u64 vaddr, u64 memsz, u64 filesz,
			   u64 offset, u32 flags, u16 index)
{
	const struct elf_segment *s = &info.loads[k];

	assert_int_equal(s->vaddr, vaddr);
	assert_int_equal(s->memsz, memsz);
	assert_int_equal(s->filesz, filesz);
	assert_int_equal(s->offset, offset);
	assert_int_equal(s->flags, flags);
	assert_int_equal(s->index, index);
}

/* ------------------------------------------------------------------ */
/* Accepted images. */

static void test_static_exec(void **state)
{
	(void)state;
	img_static();
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.type, ET_EXEC);
	assert_false(info.needs_bias);
	assert_int_equal(info.entry, EXEC_ENTRY);
	assert_int_equal(info.phnum, 7);
	assert_int_equal(info.phoff, 64);
	assert_int_equal(info.nr_loads, 4);
	assert_segment(0, 0x400000, 0x1000, 0x1000, 0, PF_R, 0);
	assert_segment(1, 0x401000, 0x2000, 0x2000, 0x1000, PF_R | PF_X, 1);
	assert_segment(2, 0x403000, 0x800, 0x800, 0x3000, PF_R, 2);
	assert_segment(3, 0x404800, 0x900, 0x100, 0x3800, PF_R | PF_W, 3);
	assert_int_equal(info.loads[1].align, 0x1000);
	assert_int_equal(info.lo, 0x400000);
	assert_int_equal(info.hi, 0x405100);
	assert_int_equal(info.align, 0x1000);
	assert_true(info.phdr_mapped);
	assert_int_equal(info.phdr_vaddr, 0x400040);
	assert_true(info.has_gnu_stack);
	assert_false(info.exec_stack);
	assert_true(info.has_tls);
	assert_int_equal(info.tls.vaddr, 0x404800);
	assert_int_equal(info.tls.offset, 0x3800);
	assert_int_equal(info.tls.filesz, 0x10);
	assert_int_equal(info.tls.memsz, 0x28);
	assert_int_equal(info.tls.align, 8);
	assert_int_equal(elf_load_bias(&info, 0x12345), 0);
}

static void test_static_pie(void **state)
{
	(void)state;
	img_pie();
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.type, ET_DYN);
	assert_true(info.needs_bias);
	assert_int_equal(info.entry, PIE_ENTRY);
	assert_int_equal(info.nr_loads, 3);
	assert_segment(0, 0, 0x1000, 0x1000, 0, PF_R, 1);
	assert_segment(1, 0x1000, 0x2000, 0x2000, 0x1000, PF_R | PF_X, 2);
	assert_segment(2, 0x3000, 0x1800, 0x400, 0x3000, PF_R | PF_W, 3);
	assert_int_equal(info.lo, 0);
	assert_int_equal(info.hi, 0x4800);
	assert_true(info.phdr_mapped);
	assert_int_equal(info.phdr_vaddr, 0x40);
	assert_false(info.exec_stack);
	assert_false(info.has_tls);
}

/* A PIE may start at 0, below mmap_min_addr: the bias moves it. */
static void test_pie_bias(void **state)
{
	u64 bias;

	(void)state;
	img_pie();
	assert_int_equal(img_parse(), 0);
	assert_int_equal(elf_load_bias(&info, 0), ELF_ET_DYN_BASE);
	assert_int_equal(ELF_ET_DYN_BASE, 0x555555554000ULL);
	assert_int_equal(elf_load_bias(&info, 1), ELF_ET_DYN_BASE + 0x1000);
	assert_int_equal(elf_load_bias(&info, 0x123),
			 ELF_ET_DYN_BASE + 0x123000);
	/* Only the low 28 bits count. */
	assert_int_equal(elf_load_bias(&info, 1ULL << 28), ELF_ET_DYN_BASE);
	assert_int_equal(elf_load_bias(&info, ~0ULL),
			 ELF_ET_DYN_BASE + (ELF_ET_DYN_RND_MASK << 12));

	/* A 2 MiB p_align: the bias is a multiple of it. */
	im.ph[2].p_align = 0x200000;
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.align, 0x200000);
	bias = elf_load_bias(&info, 0);
	assert_int_equal(bias & 0x1fffff, 0);
	assert_int_equal(bias, 0x555555400000ULL);
	assert_int_equal(elf_load_bias(&info, 0x1ff), 0x555555600000ULL);
	assert_int_equal(elf_load_bias(&info, 0x400), 0x555555800000ULL);
}

/* A PIE whose first segment is not at 0 lands at the base all the same. */
static void test_pie_bias_high_lo(void **state)
{
	(void)state;
	img_begin(ET_DYN, 0x3000);
	im.eh.e_entry = 0x7ff0201000ULL;
	img_add(PT_LOAD, PF_R, 0, 0x7ff0200000ULL, 0x1000, 0x1000, 0x1000);
	img_add(PT_LOAD, PF_R | PF_X, 0x1000, 0x7ff0201000ULL, 0x1000, 0x1000,
		0x1000);
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.lo + elf_load_bias(&info, 0), ELF_ET_DYN_BASE);
	assert_int_equal(info.lo + elf_load_bias(&info, 5),
			 ELF_ET_DYN_BASE + 0x5000);
	/* The program headers sit in segment 0 at 0x40. */
	assert_int_equal(info.phdr_vaddr, 0x7ff0200040ULL);
}

/* The largest PIE that fits: with the largest random offset it ends at
 * the top exactly; one page more is refused. */
static void test_pie_span_limit(void **state)
{
	u64 span = ELF_USER_TOP - ELF_ET_DYN_BASE - (ELF_ET_DYN_RND_MASK << 12);

	(void)state;
	img_begin(ET_DYN, 0x2000);
	im.eh.e_entry = 0x1000;
	img_add(PT_LOAD, PF_R | PF_X, 0, 0, 0x2000, span, 0x1000);
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.hi + elf_load_bias(&info, ~0ULL), ELF_USER_TOP);
	im.ph[0].p_memsz = span + 0x1000;
	expect_reject(-EINVAL, "spans 0x29aaaaaad000");
}

static void test_pie_align_limit(void **state)
{
	(void)state;
	img_pie();
	im.ph[3].p_align = ELF_DYN_MAX_ALIGN;
	assert_int_equal(img_parse(), 0);
	assert_int_equal(elf_load_bias(&info, 0), 0x555540000000ULL);
	im.ph[3].p_align = ELF_DYN_MAX_ALIGN * 2;
	expect_reject(-EINVAL, "p_align 0x80000000");
	/* An ET_EXEC is not moved, so its p_align does not matter. */
	img_static();
	im.ph[1].p_align = 1ULL << 40;
	assert_int_equal(img_parse(), 0);
}

static void test_exec_stack(void **state)
{
	(void)state;
	img_static();
	im.ph[5].p_flags = PF_R | PF_W | PF_X;
	assert_int_equal(img_parse(), 0);
	assert_true(info.has_gnu_stack);
	assert_true(info.exec_stack);
	/* Without PT_GNU_STACK x86-64 gets a non-executable stack. */
	im.ph[5].p_type = PT_NULL;
	assert_int_equal(img_parse(), 0);
	assert_false(info.has_gnu_stack);
	assert_false(info.exec_stack);
}

/* Two PT_GNU_STACKs: the last one counts, as in Linux's loop. */
static void test_gnu_stack_last_wins(void **state)
{
	(void)state;
	img_static();
	img_add(PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 16);
	assert_int_equal(img_parse(), 0);
	assert_true(info.exec_stack);
	im.ph[5].p_flags |= PF_X;
	im.ph[7].p_flags &= ~PF_X;
	assert_int_equal(img_parse(), 0);
	assert_false(info.exec_stack);
}

/* Unknown and other program header types are left alone. */
static void test_other_types_ignored(void **state)
{
	(void)state;
	img_static();
	/* Garbage in a PT_NOTE and an unknown type changes nothing. */
	im.ph[6].p_offset = ~0ULL;
	im.ph[6].p_filesz = ~0ULL;
	img_add(0x70000001, 0, ~0ULL, ~0ULL, ~0ULL, 0, 3);
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.nr_loads, 4);
	assert_int_equal(info.phnum, 8);
}

/* A PT_LOAD with p_memsz 0 is checked and otherwise left out. */
static void test_empty_load_skipped(void **state)
{
	(void)state;
	img_static();
	/* Below the previous segment's end and p_align 0: fine when empty. */
	im.ph[6] = im.ph[3];
	im.ph[6].p_vaddr = 0x400000;
	im.ph[6].p_offset = 0;
	im.ph[6].p_filesz = 0;
	im.ph[6].p_memsz = 0;
	im.ph[6].p_align = 0;
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.nr_loads, 4);
	assert_int_equal(info.hi, 0x405100);
	/* Still checked: beyond the top is refused. */
	im.ph[6].p_vaddr = ELF_USER_TOP;
	expect_reject(-EINVAL, "segment 6: p_vaddr 0x7ffffffff000");
}

/* Two segments may share a page; bss-only segments need no file bytes. */
static void test_shared_page_and_bss_only(void **state)
{
	(void)state;
	img_static();
	/* Segment 3 now starts right where segment 2 ends, same page. */
	im.ph[3].p_vaddr = 0x403800;
	/* A bss-only segment: offset beyond the file and not congruent. */
	im.ph[6] = (Elf64_Phdr){.p_type = PT_LOAD,
				.p_flags = PF_R | PF_W,
				.p_offset = 0x123456789,
				.p_vaddr = 0x500010,
				.p_memsz = 0x3000,
				.p_align = 0x1000};
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.nr_loads, 5);
	assert_segment(3, 0x403800, 0x900, 0x100, 0x3800, PF_R | PF_W, 3);
	assert_segment(4, 0x500010, 0x3000, 0, 0x123456789, PF_R | PF_W, 6);
	assert_int_equal(info.hi, 0x503010);
}

/* Rights are PF_R/W/X only; other p_flags bits are dropped. */
static void test_flags_masked(void **state)
{
	(void)state;
	img_static();
	im.ph[1].p_flags = 0xf0000000 | PF_R | PF_X | 0x8;
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.loads[1].flags, PF_R | PF_X);
}

/* Program headers outside every PT_LOAD: not mapped, AT_PHDR = bias. */
static void test_phdr_unmapped(void **state)
{
	struct elf_auxv aux = {0};

	(void)state;
	img_pie();
	im.ph[1].p_offset = 0x1000;
	im.ph[1].p_vaddr = 0x1000;
	im.ph[2].p_offset = 0x2000;
	im.ph[2].p_vaddr = 0x2000;
	im.ph[2].p_filesz = im.ph[2].p_memsz = 0x1000;
	im.eh.e_entry = 0x2000;
	assert_int_equal(img_parse(), 0);
	assert_false(info.phdr_mapped);
	assert_int_equal(info.phdr_vaddr, 0);
	elf_auxv_from_info(&aux, &info, 0x555555554000ULL);
	assert_int_equal(aux.phdr, 0x555555554000ULL);

	/* e_phoff at the last byte of a segment's file part still counts;
	 * one byte further does not. */
	img_pie();
	im.ph[1].p_filesz = 0x40 + 8;
	im.ph[1].p_memsz = 0x1000;
	assert_int_equal(img_parse(), 0);
	assert_true(info.phdr_mapped);
	im.ph[1].p_filesz = 0x40;
	assert_int_equal(img_parse(), 0);
	assert_false(info.phdr_mapped);
}

static void test_auxv_from_info(void **state)
{
	struct elf_auxv aux;
	u64 bias;

	(void)state;
	memset(&aux, 0x5a, sizeof(aux));
	img_pie();
	assert_int_equal(img_parse(), 0);
	bias = elf_load_bias(&info, 0x42);
	elf_auxv_from_info(&aux, &info, bias);
	assert_int_equal(aux.phdr, bias + 0x40);
	assert_int_equal(aux.phent, 56);
	assert_int_equal(aux.phnum, 7);
	assert_int_equal(aux.entry, bias + PIE_ENTRY);
	assert_int_equal(aux.base, 0);
	assert_int_equal(aux.uid, 0x5a5a5a5a5a5a5a5aULL); /* left alone */
}

/* The image may sit at any address. */
static void test_unaligned_image(void **state)
{
	static u8 copy[0x4001];

	(void)state;
	img_static();
	memcpy(copy + 1, img_bytes(), 0x4000);
	assert_int_equal(elf_parse(copy + 1, 0x4000, &info), 0);
	assert_int_equal(info.nr_loads, 4);
	assert_int_equal(info.phdr_vaddr, 0x400040);
}

/* ELF_MAX_LOADS segments fit, one more does not. */
static void test_max_loads(void **state)
{
	(void)state;
	img_begin(ET_EXEC, 0x1000);
	im.eh.e_entry = 0x400000;
	for (unsigned int i = 0; i < ELF_MAX_LOADS; i++)
		img_add(PT_LOAD, PF_R | PF_X, 0, 0x400000 + i * 0x1000ULL,
			0x1000, 0x1000, 0x1000);
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.nr_loads, ELF_MAX_LOADS);
	assert_int_equal(info.hi, 0x400000 + ELF_MAX_LOADS * 0x1000ULL);
	img_add(PT_LOAD, PF_R, 0, 0x400000 + ELF_MAX_LOADS * 0x1000ULL, 0x1000,
		0x1000, 0x1000);
	expect_reject(-ENOEXEC, "segment 16: more than 16 PT_LOAD");
}

/* e_phnum up to Linux's 64 KiB of headers (1170). */
static void test_max_phnum(void **state)
{
	(void)state;
	img_begin(ET_EXEC, IMG_MAX);
	im.eh.e_entry = 0x400000;
	img_add(PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x1000, 0x1000, 0x1000);
	while (im.nph < ELF_MAX_PHNUM)
		img_add(PT_NULL, 0, 0, 0, 0, 0, 0);
	assert_int_equal(ELF_MAX_PHNUM, 1170);
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.phnum, 1170);
	img_add(PT_NULL, 0, 0, 0, 0, 0, 0);
	expect_reject(-ENOEXEC, "e_phnum 1171");
}

static void test_check_magic(void **state)
{
	(void)state;
	log_capture_start();
	assert_true(elf_check_magic("\177ELF", 4));
	assert_true(elf_check_magic("\177ELF\002\001", 6));
	assert_false(elf_check_magic("\177EL", 3));
	assert_false(elf_check_magic("#!/bin/sh", 9));
	assert_false(elf_check_magic("\177ELG", 4));
	assert_false(elf_check_magic("\177FLF", 4));
	assert_false(elf_check_magic("\176ELF", 4));
	assert_false(elf_check_magic("\177ELF", 0));
	assert_false(elf_check_magic("\177eLF", 4));
	log_capture_stop();
	assert_int_equal(log_capture_count(), 0);
}

/* ------------------------------------------------------------------ */
/* Rejected headers. */

static void test_reject_short(void **state)
{
	(void)state;
	img_static();
	im.size = 63;
	expect_reject(-ENOEXEC, "a file of 63 bytes is shorter");
	im.size = 0;
	expect_reject(-ENOEXEC, "a file of 0 bytes");
}

static void test_reject_ident(void **state)
{
	(void)state;
	img_static();
	im.eh.e_ident[EI_MAG3] = 'G';
	expect_reject(-ENOEXEC, "magic 7f 45 4c 47");
	img_static();
	im.eh.e_ident[EI_MAG0] = 0;
	expect_reject(-ENOEXEC, "magic 00 45 4c 46");
	img_static();
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	expect_reject(-ENOEXEC, "EI_CLASS 1");
	img_static();
	im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	expect_reject(-ENOEXEC, "EI_DATA 2");
	img_static();
	im.eh.e_ident[EI_VERSION] = 0;
	expect_reject(-ENOEXEC, "EI_VERSION 0");
}

static void test_reject_header_fields(void **state)
{
	(void)state;
	img_static();
	im.eh.e_version = 2;
	expect_reject(-ENOEXEC, "e_version 2");
	img_static();
	im.eh.e_machine = EM_386;
	expect_reject(-ENOEXEC, "e_machine 3");
	img_static();
	im.eh.e_type = ET_REL;
	expect_reject(-ENOEXEC, "e_type 1");
	img_static();
	im.eh.e_type = ET_CORE;
	expect_reject(-ENOEXEC, "e_type 4");
	img_static();
	im.eh.e_type = ET_NONE;
	expect_reject(-ENOEXEC, "e_type 0");
	img_static();
	im.eh.e_phentsize = 32;
	expect_reject(-ENOEXEC, "e_phentsize 32");
	img_static();
	im.eh.e_phentsize = 57;
	expect_reject(-ENOEXEC, "e_phentsize 57");
}

static void test_reject_phnum_zero(void **state)
{
	(void)state;
	img_static();
	im.eh.e_phnum = 0;
	expect_reject(-ENOEXEC, "e_phnum 0 is not within 1-1170");
	img_static();
	im.eh.e_phnum = 0xffff; /* PN_XNUM */
	expect_reject(-ENOEXEC, "e_phnum 65535");
}

static void test_reject_phoff(void **state)
{
	(void)state;
	img_static();
	im.eh.e_phoff = 0x41;
	expect_reject(-ENOEXEC, "e_phoff 0x41 is not 8-byte aligned");
	im.eh.e_phoff = 0x44;
	expect_reject(-ENOEXEC, "e_phoff 0x44 is not 8-byte aligned");
	/* The table (7 * 56 = 0x188 bytes) must end inside the file. */
	img_static();
	im.eh.e_phoff = 0x4000 - 0x188 + 8;
	expect_reject(-ENOEXEC,
		      "e_phoff 0x3e80 + 0x188 bytes run beyond the file's "
		      "0x4000 bytes");
	/* Ending at the file's end is fine; no PT_LOAD maps it there. */
	img_static();
	im.eh.e_phoff = 0x4000 - 0x188;
	assert_int_equal(img_parse(), 0);
	assert_false(info.phdr_mapped);
	assert_int_equal(info.phdr_vaddr, 0);
	img_static();
	im.eh.e_phoff = 0x8000;
	expect_reject(-ENOEXEC, "e_phoff 0x8000");
	/* Wrapping sums are caught, not formed. */
	img_static();
	im.eh.e_phoff = 0xfffffffffffffff8ULL;
	expect_reject(-ENOEXEC, "e_phoff 0xfffffffffffffff8");
}

/* ------------------------------------------------------------------ */
/* Rejected segments. */

static void test_reject_align(void **state)
{
	(void)state;
	img_static();
	im.ph[2].p_align = 0x3000;
	expect_reject(-ENOEXEC, "segment 2: p_align 0x3000 is not a power");
	img_static();
	im.ph[2].p_align = 0x8000000000000001ULL;
	expect_reject(-ENOEXEC, "p_align 0x8000000000000001");
	/* 0 and 1 mean "no alignment". */
	img_static();
	im.ph[2].p_align = 0;
	im.ph[3].p_align = 1;
	assert_int_equal(img_parse(), 0);
}

static void test_reject_filesz_over_memsz(void **state)
{
	(void)state;
	img_static();
	im.ph[3].p_filesz = 0x901;
	im.size = 0x5000;
	expect_reject(-EINVAL,
		      "segment 3: p_filesz 0x901 exceeds p_memsz 0x900");
}

static void test_reject_beyond_file(void **state)
{
	(void)state;
	img_static();
	im.ph[3].p_filesz = 0x801;
	expect_reject(-ENOEXEC, "segment 3: p_offset 0x3800 + p_filesz 0x801 "
				"beyond the file's 0x4000 bytes");
	img_static();
	im.ph[3].p_offset = 0x4800;
	im.ph[3].p_vaddr = 0x404800;
	expect_reject(-ENOEXEC, "p_offset 0x4800 + p_filesz 0x100");
	/* p_offset + p_filesz wraps past 2^64. */
	img_static();
	im.ph[3].p_offset = 0xfffffffffffff800ULL;
	im.ph[3].p_filesz = 0x900;
	expect_reject(-ENOEXEC, "p_offset 0xfffffffffffff800 + p_filesz 0x900");
	/* Exactly up to the end is fine. */
	img_static();
	im.ph[3].p_filesz = 0x800;
	assert_int_equal(img_parse(), 0);
}

static void test_reject_incongruent(void **state)
{
	(void)state;
	img_static();
	im.ph[1].p_vaddr = 0x401010;
	im.eh.e_entry = 0x401020;
	expect_reject(-EINVAL, "segment 1: p_vaddr 0x401010 and p_offset "
			       "0x1000 differ modulo the page size 0x1000");
	/* Congruent modulo the page, not p_align (Linux's rule). */
	img_static();
	im.ph[1].p_align = 0x800000;
	assert_int_equal(img_parse(), 0);
}

static void test_reject_beyond_top(void **state)
{
	(void)state;
	img_static();
	img_add(PT_LOAD, PF_R | PF_W, 0, 0x7fffffffe000ULL, 0, 0x2000, 0x1000);
	expect_reject(-EINVAL, "segment 7: p_vaddr 0x7fffffffe000 + p_memsz "
			       "0x2000 goes beyond the user address space's "
			       "top 0x7ffffffff000");
	im.ph[7].p_memsz = 0x1001;
	expect_reject(-EINVAL, "p_memsz 0x1001");
	/* Ending at the top exactly is fine. */
	im.ph[7].p_memsz = 0x1000;
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.hi, ELF_USER_TOP);
	/* A kernel address, and a sum that would wrap. */
	im.ph[7].p_vaddr = 0xffffffff80000000ULL;
	expect_reject(-EINVAL, "p_vaddr 0xffffffff80000000");
	im.ph[7].p_vaddr = 0x7ffffff00000ULL;
	im.ph[7].p_memsz = 0xffffffffffff0000ULL;
	expect_reject(-EINVAL, "p_memsz 0xffffffffffff0000");
}

static void test_reject_below_min_addr(void **state)
{
	(void)state;
	img_static();
	img_add(PT_LOAD, PF_R, 0, 0, 0, 0x1000, 0x1000);
	/* Sorted: move it first. */
	memmove(&im.ph[1], &im.ph[0], 7 * sizeof(Elf64_Phdr));
	im.ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
				.p_flags = PF_R,
				.p_vaddr = 0xf000,
				.p_memsz = 0x1000};
	expect_reject(-EINVAL, "segment 0: p_vaddr 0xf000 is below "
			       "mmap_min_addr 0x10000");
	im.ph[0].p_vaddr = 0xffff;
	expect_reject(-EINVAL, "p_vaddr 0xffff ");
	im.ph[0].p_vaddr = 0x10000;
	assert_int_equal(img_parse(), 0);
	assert_int_equal(info.lo, 0x10000);
}

static void test_reject_overlap(void **state)
{
	(void)state;
	img_static();
	im.ph[3].p_vaddr = 0x4037ff;
	im.ph[3].p_offset = 0x37ff;
	expect_reject(-EINVAL, "segment 3: [0x4037ff-0x4040ff) starts below "
			       "the end 0x403800 of segment 2");
}

static void test_reject_unsorted(void **state)
{
	Elf64_Phdr t;

	(void)state;
	img_static();
	t = im.ph[1];
	im.ph[1] = im.ph[2];
	im.ph[2] = t;
	expect_reject(-EINVAL, "segment 2: [0x401000-0x403000) starts below "
			       "the end 0x403800 of segment 1");
	assert_true(log_capture_contains("sorted"));
}

static void test_reject_interp(void **state)
{
	static const char path[] = "/lib/ld-musl-x86_64.so.1";

	(void)state;
	img_static();
	memcpy(im.bytes + 0x300, path, sizeof(path));
	img_add(PT_INTERP, PF_R, 0x300, 0x400300, sizeof(path), sizeof(path),
		1);
	expect_reject(-ENOEXEC, "segment 7: PT_INTERP \"/lib/ld-musl-x86_64."
				"so.1\": dynamic executables are not supported "
				"yet");
}

/* A PT_INTERP that is not a sane path is still refused, by its numbers. */
static void test_reject_interp_garbage(void **state)
{
	(void)state;
	img_static();
	img_add(PT_INTERP, PF_R, 0x300, 0x400300, 0x10, 0x10, 1);
	/* No NUL at the end. */
	memset(im.bytes + 0x300, 'a', 0x10);
	expect_reject(-ENOEXEC, "PT_INTERP (p_offset 0x300, p_filesz 0x10): "
				"dynamic executables are not supported yet");
	/* A control character. */
	memcpy(im.bytes + 0x300, "/lib/l\033.so", 11);
	im.ph[7].p_filesz = 11;
	expect_reject(-ENOEXEC, "p_filesz 0xb)");
	/* Beyond the file, too short, too long. */
	im.ph[7].p_offset = 0x3ffc;
	im.ph[7].p_filesz = 12;
	expect_reject(-ENOEXEC, "p_offset 0x3ffc");
	im.ph[7].p_offset = 0x300;
	im.ph[7].p_filesz = 1;
	expect_reject(-ENOEXEC, "p_filesz 0x1)");
	im.ph[7].p_filesz = 257;
	memset(im.bytes + 0x300, 'a', 256);
	im.bytes[0x400] = 0;
	expect_reject(-ENOEXEC, "p_filesz 0x101)");
	im.ph[7].p_offset = ~0ULL;
	expect_reject(-ENOEXEC, "p_offset 0xffffffffffffffff");
}

static void test_reject_no_load(void **state)
{
	(void)state;
	img_static();
	for (unsigned int i = 0; i < 4; i++)
		im.ph[i].p_type = PT_NULL;
	expect_reject(-ENOEXEC, "no PT_LOAD segment with p_memsz > 0 among "
				"the 7 program headers");
	/* Only empty PT_LOADs count as none. */
	img_static();
	for (unsigned int i = 0; i < 4; i++)
		im.ph[i].p_memsz = im.ph[i].p_filesz = 0;
	expect_reject(-ENOEXEC, "no PT_LOAD");
}

static void test_reject_entry(void **state)
{
	(void)state;
	img_static();
	/* In a segment, but not an executable one. */
	im.eh.e_entry = 0x403000;
	expect_reject(-EINVAL, "e_entry 0x403000 is not inside an executable "
			       "(PF_X) PT_LOAD segment of [0x400000-0x405100)");
	/* Between segments, after the last, at 0. */
	im.eh.e_entry = 0x403fff;
	expect_reject(-EINVAL, "e_entry 0x403fff");
	im.eh.e_entry = 0x405100;
	expect_reject(-EINVAL, "e_entry 0x405100");
	im.eh.e_entry = 0;
	expect_reject(-EINVAL, "e_entry 0x0 ");
	/* The edges of the executable segment. */
	im.eh.e_entry = 0x401000;
	assert_int_equal(img_parse(), 0);
	im.eh.e_entry = 0x402fff;
	assert_int_equal(img_parse(), 0);
	im.eh.e_entry = 0x403000 - 0x2000 - 1;
	expect_reject(-EINVAL, "e_entry 0x400fff");
}

/* The first error in table order is the one reported. */
static void test_first_error_wins(void **state)
{
	(void)state;
	img_static();
	im.ph[1].p_filesz = 0x100000; /* beyond the file */
	im.ph[1].p_memsz = 0x100000;
	im.ph[2].p_align = 3; /* not a power of two */
	expect_reject(-ENOEXEC, "segment 1: p_offset 0x1000 + p_filesz "
				"0x100000");
}

/* Random corruption: never a crash, and whatever is accepted is sane. */
static void test_corruption_property(void **state)
{
	u64 seed = 0x9e3779b97f4a7c15ULL;
	unsigned int accepted = 0;

	(void)state;
	for (unsigned int round = 0; round < 20000; round++) {
		unsigned int flips = 1 + (unsigned int)(xorshift64(&seed) % 4);
		const u8 *b;

		if (round & 1)
			img_static();
		else
			img_pie();
		b = img_bytes();
		for (unsigned int f = 0; f < flips; f++) {
			/* Hit the headers, where the decisions are. */
			size_t at = xorshift64(&seed) % (64 + im.nph * 56);

			im.bytes[at] ^= (u8)(1u << (xorshift64(&seed) % 8));
		}
		log_capture_start();
		int ret = elf_parse(b, im.size, &info);
		log_capture_stop();
		if (ret) {
			assert_true(ret == -ENOEXEC || ret == -EINVAL);
			assert_int_equal(log_capture_count(), 1);
			continue;
		}
		accepted++;
		assert_int_equal(log_capture_count(), 0);
		assert_true(info.nr_loads >= 1);
		for (unsigned int k = 0; k < info.nr_loads; k++) {
			const struct elf_segment *s = &info.loads[k];

			assert_true(s->filesz <= s->memsz);
			assert_true(s->vaddr + s->memsz <= ELF_USER_TOP);
			if (s->filesz)
				assert_true(s->offset + s->filesz <= im.size);
			if (k)
				assert_true(s->vaddr >=
					    info.loads[k - 1].vaddr +
						    info.loads[k - 1].memsz);
		}
	}
	/* Most single flips land in bytes that do not matter. */
	assert_true(accepted > 1000);
}

/* ------------------------------------------------------------------ */
/* "#!" scripts. */

static struct binprm_shebang sb;

static int shebang(const char *s, size_t len)
{
	int ret;

	memset(&sb, 0x5a, sizeof(sb));
	log_capture_start();
	ret = binprm_parse_shebang(s, len, &sb);
	log_capture_stop();
	return ret;
}

#define SHEBANG(lit) shebang(lit, sizeof(lit) - 1)

static void assert_interp(const char *interp, const char *arg)
{
	assert_int_equal(sb.interp_len, strlen(interp));
	assert_memory_equal(sb.interp, interp, sb.interp_len);
	if (!arg) {
		assert_false(sb.has_arg);
		assert_null(sb.arg);
		assert_int_equal(sb.arg_len, 0);
		return;
	}
	assert_true(sb.has_arg);
	assert_int_equal(sb.arg_len, strlen(arg));
	assert_memory_equal(sb.arg, arg, sb.arg_len);
}

static void test_shebang_not_script(void **state)
{
	(void)state;
	assert_int_equal(SHEBANG("\177ELF\002\001"), -ENOEXEC);
	assert_int_equal(SHEBANG("#"), -ENOEXEC);
	assert_int_equal(SHEBANG(""), -ENOEXEC);
	assert_int_equal(SHEBANG("!#/bin/sh\n"), -ENOEXEC);
	assert_int_equal(SHEBANG(" #!/bin/sh\n"), -ENOEXEC);
	/* Not a script is not worth a log line. */
	assert_int_equal(log_capture_count(), 0);
	/* Bytes past @len are not looked at, even when they would match. */
	assert_int_equal(shebang("#!/bin/sh\n", 1), -ENOEXEC);
}

static void test_shebang_simple(void **state)
{
	(void)state;
	assert_int_equal(SHEBANG("#!/bin/sh\necho hi\n"), 0);
	assert_interp("/bin/sh", NULL);
	assert_int_equal(log_capture_count(), 0);
	assert_int_equal(SHEBANG("#! /bin/sh -e \n"), 0);
	assert_interp("/bin/sh", "-e");
	assert_int_equal(SHEBANG("#!\t/bin/sh\t-x\t\n"), 0);
	assert_interp("/bin/sh", "-x");
}

/* One argument: the rest of the line, inner spaces and all. */
static void test_shebang_one_argument(void **state)
{
	(void)state;
	assert_int_equal(SHEBANG("#!/usr/bin/env python3 -u  \nprint()\n"), 0);
	assert_interp("/usr/bin/env", "python3 -u");
	assert_int_equal(SHEBANG("#!/bin/awk   -f  x\t \n"), 0);
	assert_interp("/bin/awk", "-f  x");
	/* The argument stops at a NUL. */
	assert_int_equal(shebang("#!/bin/sh a\0b\n", 14), 0);
	assert_interp("/bin/sh", "a");
	/* A NUL right after the separator: an empty argument, as Linux. */
	assert_int_equal(shebang("#!/bin/sh \0\n", 12), 0);
	assert_interp("/bin/sh", "");
	/* A carriage return is part of the line (Linux does not strip it). */
	assert_int_equal(SHEBANG("#!/bin/sh\r\n"), 0);
	assert_interp("/bin/sh\r", NULL);
	/* A NUL ends the path, and what follows is no argument. */
	assert_int_equal(shebang("#!/bin/sh\0-x\n", 13), 0);
	assert_interp("/bin/sh", NULL);
}

/* A short file without a newline reads as padded with NULs. */
static void test_shebang_no_newline(void **state)
{
	(void)state;
	assert_int_equal(SHEBANG("#!/bin/sh"), 0);
	assert_interp("/bin/sh", NULL);
	assert_int_equal(SHEBANG("#!/bin/sh -x"), 0);
	assert_interp("/bin/sh", "-x");
	/* A blank after the path, then the padding's NUL: an empty
	 * argument, as Linux passes it. */
	assert_int_equal(SHEBANG("#!  /bin/sh  "), 0);
	assert_interp("/bin/sh", "");
	/* Only blanks, then the padding: an empty path, as Linux passes it
	 * on (the lookup of "" then fails). */
	assert_int_equal(SHEBANG("#!   "), 0);
	assert_int_equal(sb.interp_len, 0);
	assert_false(sb.has_arg);
}

static void test_shebang_no_interpreter(void **state)
{
	(void)state;
	assert_int_equal(SHEBANG("#!\n"), -ENOEXEC);
	assert_true(log_capture_contains("binprm: #! line names no "
					 "interpreter"));
	assert_int_equal(SHEBANG("#!  \t \nfoo"), -ENOEXEC);
	assert_int_equal(log_capture_count(), 1);
}

/* The 256-byte window: paths that end in it, and ones that may not. */
static void test_shebang_window(void **state)
{
	static char line[400];

	(void)state;
	/* The path ends (a space) at byte 252; the argument is cut where
	 * Linux puts its NUL, the last byte (255). */
	memset(line, 'a', sizeof(line));
	memcpy(line, "#!", 2);
	memset(line + 2, 'p', 250);
	line[252] = ' ';
	assert_int_equal(shebang(line, 353), 0);
	assert_int_equal(sb.interp_len, 250);
	assert_ptr_equal(sb.interp, line + 2);
	assert_true(sb.has_arg);
	assert_ptr_equal(sb.arg, line + 253);
	assert_int_equal(sb.arg_len, 2);
	/* A newline past the window does not count. */
	line[300] = '\n';
	assert_int_equal(shebang(line, 353), 0);
	assert_int_equal(sb.arg_len, 2);

	/* The terminator is the window's last byte: still whole. */
	memset(line + 2, 'p', 253);
	line[255] = ' ';
	assert_int_equal(shebang(line, 300), 0);
	assert_int_equal(sb.interp_len, 253);
	assert_false(sb.has_arg);

	/* No terminator in the window: the path may be truncated. */
	memset(line + 2, 'p', 300);
	assert_int_equal(shebang(line, 256), -ENOEXEC);
	assert_true(log_capture_contains("has no end within 256 bytes: the "
					 "interpreter path from byte 2"));
	memset(line + 2, ' ', 10);
	assert_int_equal(shebang(line, 400), -ENOEXEC);
	assert_true(log_capture_contains("from byte 12"));
	/* But a 255-byte file is padded with a NUL: fine. */
	assert_int_equal(shebang(line, 255), 0);
	assert_int_equal(sb.interp_len, 243);
	assert_ptr_equal(sb.interp, line + 12);

	/* All blanks up to the window's end. */
	memset(line + 2, ' ', 300);
	line[100] = '\t';
	assert_int_equal(shebang(line, 400), -ENOEXEC);
	assert_true(log_capture_contains("#! line of 254 spaces and tabs"));
	/* With the newline inside the window, it is "no interpreter". */
	line[255] = '\n';
	assert_int_equal(shebang(line, 400), -ENOEXEC);
	assert_true(log_capture_contains("names no interpreter"));
}

/* ------------------------------------------------------------------ */
/* The initial stack. */

#define TOP 0x7ffffffff000ULL
#define STACK_SIZE 8192

static _Alignas(16) u8 stack[STACK_SIZE];
static const u8 rnd[16] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
			   0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf};
static struct elf_stack_layout lay;

/* The buffer byte at user address @addr. */
static u8 *at(u64 addr)
{
	assert_true(addr >= TOP - STACK_SIZE && addr < TOP);
	return stack + (addr - (TOP - STACK_SIZE));
}

static u64 word(u64 addr)
{
	u64 v;

	memcpy(&v, at(addr), 8);
	return v;
}

static const char *str(u64 addr)
{
	return (const char *)at(addr);
}

static struct elf_stack_args stack_args(const char *const *argv,
					const char *const *envp)
{
	struct elf_stack_args a = {
		.argv = argv,
		.envp = envp,
		.execfn = "/bin/prog",
		.platform = "x86_64",
		.random = rnd,
		.auxv = {.minsigstksz = 3376,
			 .hwcap = 0x178bfbff,
			 .pagesz = 4096,
			 .clktck = 100,
			 .phdr = 0x400040,
			 .phent = 56,
			 .phnum = 7,
			 .flags = 0,
			 .entry = 0x401010,
			 .uid = 1000,
			 .euid = 1001,
			 .gid = 1002,
			 .egid = 1003,
			 .secure = 0,
			 .hwcap2 = 2},
	};

	return a;
}

static int build(const struct elf_stack_args *a)
{
	memset(stack, 0xee, sizeof(stack));
	return elf_build_stack(a, stack, STACK_SIZE, TOP, &lay);
}

struct aux_pair {
	u64 type, val;
};

/* Check the auxv pairs at lay.auxv against @want. */
static void assert_auxv(const struct aux_pair *want, unsigned int pairs)
{
	assert_int_equal(lay.auxc, pairs);
	for (unsigned int k = 0; k < pairs; k++) {
		u64 t = word(lay.auxv + 16 * k),
		    v = word(lay.auxv + 16 * k + 8);

		if (t != want[k].type || v != want[k].val)
			fail_msg("auxv[%u] = (%llu, 0x%llx), expected (%llu, "
				 "0x%llx)",
				 k, (unsigned long long)t,
				 (unsigned long long)v,
				 (unsigned long long)want[k].type,
				 (unsigned long long)want[k].val);
	}
	/* Nothing beyond AT_NULL but the gap below the random bytes. */
	assert_true(lay.auxv + 16 * pairs <= lay.random);
	assert_true(lay.random - (lay.auxv + 16 * pairs) < 16);
	for (u64 p = lay.auxv + 16 * pairs; p < lay.random; p++)
		assert_int_equal(*at(p), 0);
}

static void test_stack_layout(void **state)
{
	static const char *const argv[] = {"prog", "-v", NULL};
	static const char *const envp[] = {"HOME=/", "PATH=/bin", NULL};
	struct elf_stack_args a = stack_args(argv, envp);
	u64 sp;

	(void)state;
	assert_int_equal(build(&a), 0);
	/*
	 * By hand, from the top: 8 zero bytes; "/bin/prog" (10) at T-18;
	 * env strings (7 + 10) at T-35; argv strings (5 + 3) at T-43;
	 * down to 16: T-48; "x86_64" (7) at T-55; random at T-71; 20 auxv
	 * pairs (320) to T-391; argc + 3 + 3 words (56) to T-447; down to
	 * 16: T-448.
	 */
	sp = TOP - 448;
	assert_int_equal(lay.sp, sp);
	assert_int_equal(lay.execfn, TOP - 18);
	assert_int_equal(lay.env_start, TOP - 35);
	assert_int_equal(lay.env_end, TOP - 18);
	assert_int_equal(lay.arg_start, TOP - 43);
	assert_int_equal(lay.arg_end, TOP - 35);
	assert_int_equal(lay.platform, TOP - 55);
	assert_int_equal(lay.random, TOP - 71);
	assert_int_equal(lay.argc, 2);
	assert_int_equal(lay.envc, 2);

	/* Word by word from sp. */
	assert_int_equal(word(sp), 2);
	assert_int_equal(lay.argv, sp + 8);
	assert_int_equal(word(sp + 8), TOP - 43);
	assert_string_equal(str(word(sp + 8)), "prog");
	assert_int_equal(word(sp + 16), TOP - 38);
	assert_string_equal(str(word(sp + 16)), "-v");
	assert_int_equal(word(sp + 24), 0);
	assert_int_equal(lay.envp, sp + 32);
	assert_int_equal(word(sp + 32), TOP - 35);
	assert_string_equal(str(word(sp + 32)), "HOME=/");
	assert_int_equal(word(sp + 40), TOP - 28);
	assert_string_equal(str(word(sp + 40)), "PATH=/bin");
	assert_int_equal(word(sp + 48), 0);
	assert_int_equal(lay.auxv, sp + 56);

	const struct aux_pair want[] = {
		{AT_MINSIGSTKSZ, 3376},	 {AT_HWCAP, 0x178bfbff},
		{AT_PAGESZ, 4096},	 {AT_CLKTCK, 100},
		{AT_PHDR, 0x400040},	 {AT_PHENT, 56},
		{AT_PHNUM, 7},		 {AT_BASE, 0},
		{AT_FLAGS, 0},		 {AT_ENTRY, 0x401010},
		{AT_UID, 1000},		 {AT_EUID, 1001},
		{AT_GID, 1002},		 {AT_EGID, 1003},
		{AT_SECURE, 0},		 {AT_RANDOM, TOP - 71},
		{AT_HWCAP2, 2},		 {AT_EXECFN, TOP - 18},
		{AT_PLATFORM, TOP - 55}, {AT_NULL, 0},
	};
	assert_auxv(want, ARRAY_SIZE(want));
	assert_int_equal(ARRAY_SIZE(want), 20);
	assert_memory_equal(at(lay.random), rnd, 16);
	assert_string_equal(str(lay.platform), "x86_64");
	assert_string_equal(str(lay.execfn), "/bin/prog");
	/* The strings sit back to back; the pad below them is zero. */
	assert_memory_equal(at(TOP - 43),
			    "prog\0-v\0HOME=/\0PATH=/bin\0/bin/prog", 35);
	for (u64 p = TOP - 48; p < TOP - 43; p++)
		assert_int_equal(*at(p), 0);
	assert_int_equal(word(TOP - 8), 0);
	/* Nothing below sp was written. */
	assert_int_equal(*at(sp - 1), 0xee);
}

/* A vDSO, rseq and no platform: the entries come and go in place. */
static void test_stack_optional_auxv(void **state)
{
	static const char *const argv[] = {"a", NULL};
	struct elf_stack_args a = stack_args(argv, NULL);

	(void)state;
	a.auxv.sysinfo_ehdr = 0x7ffff7fc1000ULL;
	a.auxv.rseq_feature_size = 28;
	a.auxv.rseq_align = 32;
	a.platform = NULL;
	assert_int_equal(build(&a), 0);
	assert_int_equal(lay.platform, 0);
	/* Strings: "/bin/prog" at T-18, "a" at T-20; down to T-32; random
	 * right there, at T-48. */
	assert_int_equal(lay.arg_start, TOP - 20);
	assert_int_equal(lay.random, TOP - 48);
	const struct aux_pair want[] = {
		{AT_SYSINFO_EHDR, 0x7ffff7fc1000ULL},
		{AT_MINSIGSTKSZ, 3376},
		{AT_HWCAP, 0x178bfbff},
		{AT_PAGESZ, 4096},
		{AT_CLKTCK, 100},
		{AT_PHDR, 0x400040},
		{AT_PHENT, 56},
		{AT_PHNUM, 7},
		{AT_BASE, 0},
		{AT_FLAGS, 0},
		{AT_ENTRY, 0x401010},
		{AT_UID, 1000},
		{AT_EUID, 1001},
		{AT_GID, 1002},
		{AT_EGID, 1003},
		{AT_SECURE, 0},
		{AT_RANDOM, TOP - 48},
		{AT_HWCAP2, 2},
		{AT_EXECFN, TOP - 18},
		{AT_RSEQ_FEATURE_SIZE, 28},
		{AT_RSEQ_ALIGN, 32},
		{AT_NULL, 0},
	};
	assert_auxv(want, ARRAY_SIZE(want));
	assert_int_equal(ARRAY_SIZE(want), 22);
	/* argc 1, argv, NULL, no envp: NULL. */
	assert_int_equal(word(lay.sp), 1);
	assert_string_equal(str(word(lay.sp + 8)), "a");
	assert_int_equal(word(lay.sp + 16), 0);
	assert_int_equal(lay.envp, lay.sp + 24);
	assert_int_equal(word(lay.sp + 24), 0);
	assert_int_equal(lay.envc, 0);
	assert_int_equal(lay.env_start, lay.env_end);
}

/* An empty argv gets one "" (Linux since 5.18), NULL argv as well. */
static void test_stack_empty_argv(void **state)
{
	static const char *const none[] = {NULL};
	static const char *const envp[] = {"X=1", NULL};
	struct elf_stack_args a = stack_args(none, envp);

	(void)state;
	assert_int_equal(build(&a), 0);
	assert_int_equal(lay.argc, 1);
	assert_int_equal(word(lay.sp), 1);
	assert_int_equal(word(lay.argv), lay.arg_start);
	assert_int_equal(lay.arg_start, lay.env_start - 1);
	assert_string_equal(str(lay.arg_start), "");
	assert_int_equal(word(lay.argv + 8), 0);
	assert_string_equal(str(word(lay.envp)), "X=1");

	a.argv = NULL;
	assert_int_equal(build(&a), 0);
	assert_int_equal(lay.argc, 1);
	assert_string_equal(str(word(lay.argv)), "");
}

/* Linux's arch_align_stack drop: pad & 8191 bytes, then down to 16. */
static void test_stack_pad(void **state)
{
	static const char *const argv[] = {"prog", "-v", NULL};
	struct elf_stack_args a = stack_args(argv, NULL);
	u64 strings;

	(void)state;
	assert_int_equal(build(&a), 0);
	strings = lay.arg_start;
	for (u32 pad = 0; pad < 40; pad++) {
		a.pad = pad;
		assert_int_equal(build(&a), 0);
		assert_int_equal(lay.arg_start, strings);
		assert_int_equal(lay.platform, ((strings - pad) & ~15ULL) - 7);
		assert_int_equal(lay.sp & 15, 0);
	}
	a.pad = 8192 + 5; /* only the low 13 bits count */
	assert_int_equal(build(&a), 0);
	assert_int_equal(lay.platform, ((strings - 5) & ~15ULL) - 7);
	a.pad = 8191;
	assert_int_equal(build(&a), -E2BIG); /* the 8 KiB buffer is full */
	a.pad = 4096;
	assert_int_equal(build(&a), 0);
	assert_int_equal(lay.platform, ((strings - 4096) & ~15ULL) - 7);
	for (u64 p = lay.platform + 7; p < strings; p++)
		assert_int_equal(*at(p), 0);
}

/* sp is 16-byte aligned whatever the counts and string lengths. */
static void test_stack_alignment(void **state)
{
	static const char *const words[] = {"a",    "bb",	 "ccc",
					    "dddd", "e",	 "ffffff",
					    "g",    "hhhhhhhhh", NULL};
	const char *argv[9], *envp[9];

	(void)state;
	for (unsigned int na = 0; na < 8; na++) {
		for (unsigned int ne = 0; ne < 8; ne++) {
			struct elf_stack_args a = stack_args(argv, envp);

			memcpy(argv, words, sizeof(argv));
			memcpy(envp, words + 8 - ne, (ne + 1) * sizeof(char *));
			argv[na] = NULL;
			assert_int_equal(build(&a), 0);
			assert_int_equal(lay.sp & 15, 0);
			assert_int_equal(word(lay.sp), na ? na : 1);
			assert_int_equal(lay.envc, ne);
			for (unsigned int k = 0; k < na; k++)
				assert_string_equal(str(word(lay.argv + 8 * k)),
						    words[k]);
			for (unsigned int k = 0; k < ne; k++)
				assert_string_equal(str(word(lay.envp + 8 * k)),
						    words[8 - ne + k]);
			assert_int_equal(word(lay.envp + 8 * ne), 0);
			assert_int_equal(lay.auxv, lay.envp + 8 * (ne + 1));
			/* The last pair is AT_NULL, at most 15 bytes below
			 * the random bytes. */
			assert_int_equal(word(lay.auxv + 16 * (lay.auxc - 1)),
					 AT_NULL);
			assert_true(lay.random - (lay.auxv + 16 * lay.auxc) <
				    16);
		}
	}
}

/* -E2BIG exactly when it does not fit, and then the buffer is untouched. */
static void test_stack_too_small(void **state)
{
	static const char *const argv[] = {"prog", "-v", NULL};
	static const char *const envp[] = {"HOME=/", "PATH=/bin", NULL};
	struct elf_stack_args a = stack_args(argv, envp);
	static u8 small[512];

	(void)state;
	/* 448 bytes are needed (test_stack_layout). */
	memset(small, 0xee, sizeof(small));
	assert_int_equal(elf_build_stack(&a, small + 64, 448, TOP, &lay), 0);
	assert_int_equal(lay.sp, TOP - 448);
	assert_int_equal(small[63], 0xee);
	assert_int_equal(small[64], 2); /* argc */
	memset(small, 0xee, sizeof(small));
	for (size_t size = 0; size < 448; size++) {
		assert_int_equal(elf_build_stack(&a, small, size, TOP, &lay),
				 -E2BIG);
		for (size_t i = 0; i < sizeof(small); i++)
			assert_int_equal(small[i], 0xee);
	}
}

static void test_stack_string_limits(void **state)
{
	size_t big = MAX_ARG_STRLEN + 1;
	char *s = malloc(big);
	u8 *buf = malloc(2 * MAX_ARG_STRLEN);
	const char *argv[] = {s, NULL};
	struct elf_stack_args a = stack_args(argv, NULL);

	(void)state;
	assert_non_null(s);
	assert_non_null(buf);
	/* MAX_ARG_STRLEN bytes with the NUL: allowed. */
	memset(s, 'x', big);
	s[MAX_ARG_STRLEN - 1] = '\0';
	assert_int_equal(
		elf_build_stack(&a, buf, 2 * MAX_ARG_STRLEN, TOP, &lay), 0);
	assert_int_equal(lay.env_start - lay.arg_start, MAX_ARG_STRLEN);
	/* One more: -E2BIG, as argument, environment or execfn. */
	s[MAX_ARG_STRLEN - 1] = 'x';
	s[MAX_ARG_STRLEN] = '\0';
	assert_int_equal(
		elf_build_stack(&a, buf, 2 * MAX_ARG_STRLEN, TOP, &lay),
		-E2BIG);
	a.argv = NULL;
	a.envp = argv;
	assert_int_equal(
		elf_build_stack(&a, buf, 2 * MAX_ARG_STRLEN, TOP, &lay),
		-E2BIG);
	a.envp = NULL;
	a.execfn = s;
	assert_int_equal(
		elf_build_stack(&a, buf, 2 * MAX_ARG_STRLEN, TOP, &lay),
		-E2BIG);
	free(buf);
	free(s);
}

/* Each string area on its own can overflow the buffer. */
static void test_stack_too_small_parts(void **state)
{
	static char longstr[6000];
	const char *list[] = {longstr, longstr, NULL};
	const char *one[] = {"x", NULL};
	struct elf_stack_args a = stack_args(one, NULL);

	(void)state;
	memset(longstr, 'l', sizeof(longstr) - 1);
	a.execfn = longstr;
	assert_int_equal(elf_build_stack(&a, stack, 4000, TOP, &lay), -E2BIG);
	a.execfn = "/x";
	a.envp = list;
	assert_int_equal(elf_build_stack(&a, stack, 8000, TOP, &lay), -E2BIG);
	a.envp = NULL;
	a.argv = list;
	assert_int_equal(elf_build_stack(&a, stack, 8000, TOP, &lay), -E2BIG);
	a.argv = one;
	/* Room for the strings, not for the platform or random bytes. */
	assert_int_equal(elf_build_stack(&a, stack, 8 + 3 + 2 + 4, TOP, &lay),
			 -E2BIG);
	assert_int_equal(elf_build_stack(&a, stack, 16 + 7 + 8, TOP, &lay),
			 -E2BIG);
	assert_int_equal(elf_build_stack(&a, stack, 0, TOP, &lay), -E2BIG);
	assert_int_equal(elf_build_stack(&a, NULL, 0, TOP, &lay), -E2BIG);
}

static void test_stack_bad_args(void **state)
{
	static const char *const argv[] = {"p", NULL};
	struct elf_stack_args a = stack_args(argv, NULL);

	(void)state;
	assert_int_equal(elf_build_stack(&a, stack, STACK_SIZE, TOP - 8, &lay),
			 -EINVAL);
	assert_int_equal(elf_build_stack(&a, stack, STACK_SIZE, TOP + 16, &lay),
			 -EINVAL);
	assert_int_equal(elf_build_stack(&a, stack, 64, 32, &lay), -EINVAL);
	assert_int_equal(elf_build_stack(&a, NULL, 64, TOP, &lay), -EINVAL);
	a.execfn = NULL;
	assert_int_equal(elf_build_stack(&a, stack, STACK_SIZE, TOP, &lay),
			 -EINVAL);
	a.execfn = "/p";
	a.random = NULL;
	assert_int_equal(elf_build_stack(&a, stack, STACK_SIZE, TOP, &lay),
			 -EINVAL);
	/* A lower, 16-byte aligned top is fine. */
	a.random = rnd;
	assert_int_equal(elf_build_stack(&a, stack, 4096, 0x10000, &lay), 0);
	assert_int_equal(lay.sp & 15, 0);
	assert_true(lay.sp >= 0x10000 - 4096);
}

/* Parse a static-PIE, place it, fill the auxv, build its stack. */
static void test_stack_from_image(void **state)
{
	static const char *const argv[] = {"/init", NULL};
	struct elf_stack_args a = stack_args(argv, NULL);
	u64 bias;

	(void)state;
	img_pie();
	assert_int_equal(img_parse(), 0);
	bias = elf_load_bias(&info, 7);
	elf_auxv_from_info(&a.auxv, &info, bias);
	assert_int_equal(build(&a), 0);
	assert_int_equal(word(lay.auxv + 4 * 16), AT_PHDR);
	assert_int_equal(word(lay.auxv + 4 * 16 + 8), 0x55555555b040ULL);
	assert_int_equal(word(lay.auxv + 6 * 16 + 8), 7); /* AT_PHNUM */
	assert_int_equal(word(lay.auxv + 9 * 16), AT_ENTRY);
	assert_int_equal(word(lay.auxv + 9 * 16 + 8), 0x55555555c200ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_exec),
		cmocka_unit_test(test_static_pie),
		cmocka_unit_test(test_pie_bias),
		cmocka_unit_test(test_pie_bias_high_lo),
		cmocka_unit_test(test_pie_span_limit),
		cmocka_unit_test(test_pie_align_limit),
		cmocka_unit_test(test_exec_stack),
		cmocka_unit_test(test_gnu_stack_last_wins),
		cmocka_unit_test(test_other_types_ignored),
		cmocka_unit_test(test_empty_load_skipped),
		cmocka_unit_test(test_shared_page_and_bss_only),
		cmocka_unit_test(test_flags_masked),
		cmocka_unit_test(test_phdr_unmapped),
		cmocka_unit_test(test_auxv_from_info),
		cmocka_unit_test(test_unaligned_image),
		cmocka_unit_test(test_max_loads),
		cmocka_unit_test(test_max_phnum),
		cmocka_unit_test(test_check_magic),
		cmocka_unit_test(test_reject_short),
		cmocka_unit_test(test_reject_ident),
		cmocka_unit_test(test_reject_header_fields),
		cmocka_unit_test(test_reject_phnum_zero),
		cmocka_unit_test(test_reject_phoff),
		cmocka_unit_test(test_reject_align),
		cmocka_unit_test(test_reject_filesz_over_memsz),
		cmocka_unit_test(test_reject_beyond_file),
		cmocka_unit_test(test_reject_incongruent),
		cmocka_unit_test(test_reject_beyond_top),
		cmocka_unit_test(test_reject_below_min_addr),
		cmocka_unit_test(test_reject_overlap),
		cmocka_unit_test(test_reject_unsorted),
		cmocka_unit_test(test_reject_interp),
		cmocka_unit_test(test_reject_interp_garbage),
		cmocka_unit_test(test_reject_no_load),
		cmocka_unit_test(test_reject_entry),
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_corruption_property),
		cmocka_unit_test(test_shebang_not_script),
		cmocka_unit_test(test_shebang_simple),
		cmocka_unit_test(test_shebang_one_argument),
		cmocka_unit_test(test_shebang_no_newline),
		cmocka_unit_test(test_shebang_no_interpreter),
		cmocka_unit_test(test_shebang_window),
		cmocka_unit_test(test_stack_layout),
		cmocka_unit_test(test_stack_optional_auxv),
		cmocka_unit_test(test_stack_empty_argv),
		cmocka_unit_test(test_stack_pad),
		cmocka_unit_test(test_stack_alignment),
		cmocka_unit_test(test_stack_too_small),
		cmocka_unit_test(test_stack_string_limits),
		cmocka_unit_test(test_stack_too_small_parts),
		cmocka_unit_test(test_stack_bad_args),
		cmocka_unit_test(test_stack_from_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
