// SPDX-License-Identifier: MIT
/*
 * Tests of tools/mkimage_lib: images built from small synthetic inputs (a
 * 1024-byte setup with a valid 2.15 header, a payload holding a
 * kernel_info block, a tiny ELF64 file made here), every patched field,
 * every refusal, and the boot protocol offsets of boot/bootparam.h checked
 * against the table in shared/REFERENCE.md section 1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootparam.h"
#include "tools/mkimage_lib.h"

#define SETUP_LEN 1024
#define PAYLOAD_LEN 1000 /* not a multiple of 16: padding is visible */
#define KI_OFFSET 0x100
#define KI_SIZE_TOTAL 32

/* ELF64 layout facts used to build the synthetic kernel ELF. */
#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define PT_NOTE 4
#define MAX_PHDRS 8
#define LOAD_BASE 0x100000ULL
#define SYMS_ROOM 1024 /* symbol and string tables, section headers */

struct phdr {
	uint32_t type;
	uint64_t paddr;
	uint64_t memsz;
};

struct fixture {
	uint8_t setup[SETUP_LEN];
	uint8_t payload[PAYLOAD_LEN];
	uint8_t elf[EHDR_SIZE + MAX_PHDRS * PHDR_SIZE + SYMS_ROOM];
	size_t elf_len;
	struct mkimage_input in;
	char err[512];
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A setup.bin: recognisable filler, then a valid 2.15 header. */
static void make_setup(uint8_t *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = (uint8_t)(i * 7 + 1);
	memset(s + 0x1f1, 0, 0x26c - 0x1f1);
	put16(s + IMAGE_OFF(boot_flag), BOOT_FLAG_MAGIC);
	s[IMAGE_OFF(jump)] = 0xeb;
	s[IMAGE_OFF(jump) + 1] = 0x26c - 0x202; /* header ends at 0x26c */
	put32(s + IMAGE_OFF(header), SETUP_HDR_MAGIC);
	put16(s + IMAGE_OFF(version), BOOT_PROTOCOL_VERSION);
	put32(s + IMAGE_OFF(code32_start), 0x100000);
}

/* A kernel_info block at @off of @p. */
static void put_kernel_info(uint8_t *p, size_t off, uint32_t size,
			    uint32_t size_total)
{
	put32(p + off + offsetof(struct kernel_info, header),
	      KERNEL_INFO_MAGIC);
	put32(p + off + offsetof(struct kernel_info, size), size);
	put32(p + off + offsetof(struct kernel_info, size_total), size_total);
	put32(p + off + offsetof(struct kernel_info, setup_type_max),
	      SETUP_TYPE_MAX);
}

/* A little-endian ELF64 x86_64 header with @n program headers. */
static size_t make_elf(uint8_t *e, const struct phdr *ph, size_t n)
{
	size_t i;

	memset(e, 0, EHDR_SIZE + n * PHDR_SIZE);
	memcpy(e,
	       "\x7f"
	       "ELF",
	       4);
	e[4] = 2; /* ELFCLASS64 */
	e[5] = 1; /* ELFDATA2LSB */
	e[6] = 1; /* EV_CURRENT */
	put16(e + 16, 2); /* ET_EXEC */
	put16(e + 18, 62); /* EM_X86_64 */
	put32(e + 20, 1);
	put64(e + 32, EHDR_SIZE); /* e_phoff */
	put16(e + 52, EHDR_SIZE);
	put16(e + 54, PHDR_SIZE);
	put16(e + 56, (uint16_t)n);
	for (i = 0; i < n; i++) {
		uint8_t *p = e + EHDR_SIZE + i * PHDR_SIZE;

		put32(p + 0, ph[i].type);
		put64(p + 16, ph[i].paddr + 0xffffffff80000000ULL);
		put64(p + 24, ph[i].paddr);
		put64(p + 32, ph[i].memsz);
		put64(p + 40, ph[i].memsz);
	}
	return EHDR_SIZE + n * PHDR_SIZE;
}

/*
 * The default kernel ELF: text at 1 MiB, data and bss from 1 MiB + 8 KiB
 * to 1 MiB + 0x5100, so init_size is 0x6000; a note far away and an empty
 * PT_LOAD must not count.
 */
static const struct phdr default_phdrs[] = {
	{PT_LOAD, LOAD_BASE, 0x1800},
	{PT_NOTE, 0x40000000, 0x100},
	{PT_LOAD, LOAD_BASE + 0x2000, 0x3100},
	{PT_LOAD, 0x80000000, 0},
};
#define DEFAULT_INIT_SIZE 0x6000u

static void set_elf(struct fixture *f, const struct phdr *ph, size_t n)
{
	f->elf_len = make_elf(f->elf, ph, n);
	f->in.elf_len = f->elf_len;
}

/*
 * Give the fixture's ELF a symbol table of @n symbols (@names, @values)
 * after its program headers: sections null, .symtab, .strtab.
 */
static void add_symbols(struct fixture *f, const char *const *names,
			const uint64_t *values, size_t n)
{
	uint8_t *e = f->elf;
	size_t sym = f->elf_len, str, sh, strlen_total = 1, i;

	str = sym + (n + 1) * 24;
	memset(e + sym, 0, SYMS_ROOM);
	for (i = 0; i < n; i++) {
		uint8_t *s = e + sym + (i + 1) * 24;

		put32(s, (uint32_t)strlen_total);
		s[4] = 0x10; /* STB_GLOBAL, STT_NOTYPE */
		put16(s + 6, 0xfff1); /* SHN_ABS: mkimage reads the value */
		put64(s + 8, values[i]);
		memcpy(e + str + strlen_total, names[i], strlen(names[i]) + 1);
		strlen_total += strlen(names[i]) + 1;
	}
	sh = (str + strlen_total + 7) & ~(size_t)7;
	memset(e + sh, 0, 3 * 64);
	put32(e + sh + 64 + 4, 2); /* SHT_SYMTAB */
	put64(e + sh + 64 + 24, sym);
	put64(e + sh + 64 + 32, (n + 1) * 24);
	put32(e + sh + 64 + 40, 2); /* sh_link: .strtab */
	put64(e + sh + 64 + 56, 24);
	put32(e + sh + 128 + 4, 3); /* SHT_STRTAB */
	put64(e + sh + 128 + 24, str);
	put64(e + sh + 128 + 32, strlen_total);
	put64(e + 40, sh); /* e_shoff */
	put16(e + 58, 64); /* e_shentsize */
	put16(e + 60, 3); /* e_shnum */
	f->elf_len = sh + 3 * 64;
	f->in.elf_len = f->elf_len;
}

static int setup_fixture(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	size_t i;

	if (!f)
		return -1;
	make_setup(f->setup, SETUP_LEN);
	for (i = 0; i < PAYLOAD_LEN; i++)
		f->payload[i] = (uint8_t)(i * 13 + 5);
	/* the filler must not contain the magic by accident */
	for (i = 0; i + 4 <= PAYLOAD_LEN; i += 4)
		if (get32(f->payload + i) == KERNEL_INFO_MAGIC)
			return -1;
	put_kernel_info(f->payload, KI_OFFSET, sizeof(struct kernel_info),
			KI_SIZE_TOTAL);
	f->in.setup = f->setup;
	f->in.setup_len = SETUP_LEN;
	f->in.payload = f->payload;
	f->in.payload_len = PAYLOAD_LEN;
	f->in.elf = f->elf;
	set_elf(f, default_phdrs,
		sizeof(default_phdrs) / sizeof(*default_phdrs));
	*state = f;
	return 0;
}

static int teardown_fixture(void **state)
{
	free(*state);
	return 0;
}

/* Build must refuse with @code and a message containing @needle, leaving
 * the output untouched. */
static void expect_refusal(struct fixture *f, int code, const char *needle)
{
	struct mkimage_output out;
	struct mkimage_output before;

	memset(&out, 0x5a, sizeof(out));
	before = out;
	f->err[0] = 0;
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 code);
	if (!strstr(f->err, needle))
		fail_msg("message \"%s\" does not name \"%s\"", f->err, needle);
	assert_memory_equal(&out, &before, sizeof(out));
}

static void test_build_patches_every_field(void **state)
{
	struct fixture *f = *state;
	struct mkimage_output out = {0};
	size_t setup_size = 5 * SECTOR_SIZE, i;
	const uint8_t *img;

	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	img = out.image;
	assert_int_equal(out.setup_sects, 4);
	assert_int_equal(out.syssize, (PAYLOAD_LEN + 15) / 16);
	assert_int_equal(out.init_size, DEFAULT_INIT_SIZE);
	assert_int_equal(out.kernel_info_offset, KI_OFFSET);
	assert_int_equal(out.image_len, setup_size + 1008);

	assert_int_equal(img[IMAGE_OFF(setup_sects)], 4);
	assert_int_equal(get32(img + IMAGE_OFF(syssize)), 63);
	assert_int_equal(get32(img + IMAGE_OFF(init_size)), DEFAULT_INIT_SIZE);
	assert_int_equal(get32(img + IMAGE_OFF(kernel_info_offset)), KI_OFFSET);

	/* everything else of setup.bin is copied as it was */
	for (i = 0; i < SETUP_LEN; i++) {
		bool patched = i == IMAGE_OFF(setup_sects) ||
			       (i >= IMAGE_OFF(syssize) &&
				i < IMAGE_OFF(syssize) + 4) ||
			       (i >= IMAGE_OFF(init_size) &&
				i < IMAGE_OFF(kernel_info_offset) + 4 &&
				(i < IMAGE_OFF(handover_offset) ||
				 i >= IMAGE_OFF(kernel_info_offset)));
		if (!patched && img[i] != f->setup[i])
			fail_msg("setup byte %#zx changed", i);
	}
	for (i = SETUP_LEN; i < setup_size; i++)
		assert_int_equal(img[i], 0);
	assert_memory_equal(img + setup_size, f->payload, PAYLOAD_LEN);
	for (i = setup_size + PAYLOAD_LEN; i < out.image_len; i++)
		assert_int_equal(img[i], 0);
	mkimage_output_free(&out);
	assert_null(out.image);
}

static void test_large_setup_moves_payload(void **state)
{
	struct fixture *f = *state;
	struct mkimage_output out = {0};
	size_t len = 6 * SECTOR_SIZE + 1; /* 7 sectors, 6 after the boot one */
	uint8_t *setup = malloc(len);

	assert_non_null(setup);
	make_setup(setup, len);
	f->in.setup = setup;
	f->in.setup_len = len;
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(out.setup_sects, 6);
	assert_int_equal(out.image[IMAGE_OFF(setup_sects)], 6);
	assert_int_equal(out.image_len, 7 * SECTOR_SIZE + 1008);
	assert_memory_equal(out.image + 7 * SECTOR_SIZE, f->payload,
			    PAYLOAD_LEN);
	assert_memory_equal(out.image + 0x26c, setup + 0x26c, len - 0x26c);
	mkimage_output_free(&out);
	free(setup);
}

static void test_setup_sects(void **state)
{
	struct fixture *f = *state;
	static const struct {
		size_t len;
		int sects;
	} cases[] = {
		{512, 4},  {1024, 4}, {2560, 4},   {2561, 5},
		{3072, 5}, {3073, 6}, {33280, 64},
	};
	uint8_t sects;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sects = 0xff;
		assert_int_equal(mkimage_setup_sects(cases[i].len, &sects,
						     f->err, sizeof(f->err)),
				 0);
		assert_int_equal(sects, cases[i].sects);
	}
	sects = 0xee;
	assert_int_equal(
		mkimage_setup_sects(33281, &sects, f->err, sizeof(f->err)),
		-E2BIG);
	assert_int_equal(sects, 0xee);
	assert_non_null(strstr(f->err, "33281 bytes"));
	assert_non_null(strstr(f->err, "65 sectors"));
	assert_non_null(strstr(f->err, "SETUP_SECTS_MAX 64"));
}

static void test_setup_too_large_refused(void **state)
{
	struct fixture *f = *state;
	size_t len = 65 * SECTOR_SIZE + 1;
	uint8_t *setup = malloc(len);

	assert_non_null(setup);
	make_setup(setup, len);
	f->in.setup = setup;
	f->in.setup_len = len;
	expect_refusal(f, -E2BIG, "33281 bytes");
	free(setup);
}

static void test_syssize(void **state)
{
	struct fixture *f = *state;
	uint32_t s;

	assert_int_equal(mkimage_syssize(1, &s, f->err, sizeof(f->err)), 0);
	assert_int_equal(s, 1);
	assert_int_equal(mkimage_syssize(16, &s, f->err, sizeof(f->err)), 0);
	assert_int_equal(s, 1);
	assert_int_equal(mkimage_syssize(17, &s, f->err, sizeof(f->err)), 0);
	assert_int_equal(s, 2);
	assert_int_equal(mkimage_syssize((size_t)UINT32_MAX * 16, &s, f->err,
					 sizeof(f->err)),
			 0);
	assert_int_equal(s, UINT32_MAX);
	s = 7;
	assert_int_equal(mkimage_syssize((size_t)UINT32_MAX * 16 + 1, &s,
					 f->err, sizeof(f->err)),
			 -EOVERFLOW);
	assert_int_equal(s, 7);
	assert_non_null(strstr(f->err, "68719476721 bytes"));
	assert_int_equal(mkimage_syssize(0, &s, f->err, sizeof(f->err)),
			 -EINVAL);
	assert_non_null(strstr(f->err, "empty"));
}

static void test_empty_payload_refused(void **state)
{
	struct fixture *f = *state;

	f->in.payload_len = 0;
	expect_refusal(f, -EINVAL, "payload is empty");
}

static void test_missing_boot_flag_refused(void **state)
{
	struct fixture *f = *state;

	put16(f->setup + IMAGE_OFF(boot_flag), 0x1234);
	expect_refusal(f, -EINVAL, "0x1234");
	assert_non_null(strstr(f->err, "boot_flag"));
}

static void test_missing_hdrs_refused(void **state)
{
	struct fixture *f = *state;

	memcpy(f->setup + IMAGE_OFF(header), "HdrX", 4);
	expect_refusal(f, -EINVAL, "HdrS");
	assert_non_null(strstr(f->err, "0x58726448"));
}

static void test_old_protocol_refused(void **state)
{
	struct fixture *f = *state;
	struct mkimage_output out = {0};

	put16(f->setup + IMAGE_OFF(version), 0x020e);
	expect_refusal(f, -EINVAL, "2.14");
	put16(f->setup + IMAGE_OFF(version), 0x0210);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	mkimage_output_free(&out);
}

static void test_short_setup_refused(void **state)
{
	struct fixture *f = *state;

	f->in.setup_len = 0x26b;
	expect_refusal(f, -EINVAL, "619 bytes");
}

static void test_short_header_jump_refused(void **state)
{
	struct fixture *f = *state;

	/* a jump landing inside the header would have code overwritten */
	f->setup[IMAGE_OFF(jump) + 1] = 0x5e; /* ends at 0x260 */
	expect_refusal(f, -EINVAL, "0x260");
	f->setup[IMAGE_OFF(jump) + 1] = 0x6a;
	f->setup[IMAGE_OFF(jump)] = 0xe9; /* near jump: not a header jump */
	expect_refusal(f, -EINVAL, "e9 6a");
}

static void test_bad_elf_refused(void **state)
{
	struct fixture *f = *state;

	f->elf[0] = 0x7e;
	expect_refusal(f, -ENOEXEC, "not an ELF file");
	f->elf[0] = 0x7f;
	f->elf[4] = 1; /* ELFCLASS32 */
	expect_refusal(f, -ENOEXEC, "class 1");
	f->elf[4] = 2;
	f->elf[5] = 2; /* big-endian */
	expect_refusal(f, -ENOEXEC, "data 2");
	f->elf[5] = 1;
	put16(f->elf + 18, 3); /* EM_386 */
	expect_refusal(f, -ENOEXEC, "machine 3");
}

static void test_truncated_elf_refused(void **state)
{
	struct fixture *f = *state;

	f->in.elf_len = 63;
	expect_refusal(f, -ENOEXEC, "63 bytes");
	f->in.elf_len = f->elf_len - 1;
	expect_refusal(f, -ENOEXEC, "truncated");
	f->in.elf_len = f->elf_len;
	put64(f->elf + 32, 1ULL << 40); /* e_phoff past the end */
	expect_refusal(f, -ENOEXEC, "truncated");
	put64(f->elf + 32, EHDR_SIZE);
	put16(f->elf + 54, 32); /* e_phentsize too small */
	expect_refusal(f, -ENOEXEC, "32 bytes");
}

static void test_elf_without_load_refused(void **state)
{
	struct fixture *f = *state;
	static const struct phdr notes[] = {
		{PT_NOTE, LOAD_BASE, 0x1000},
		{PT_LOAD, LOAD_BASE, 0},
	};

	set_elf(f, notes, 2);
	expect_refusal(f, -ENOEXEC, "no non-empty PT_LOAD");
	set_elf(f, notes, 0);
	expect_refusal(f, -ENOEXEC, "(0 program headers)");
}

static void test_elf_init_size(void **state)
{
	struct fixture *f = *state;
	static const struct phdr one[] = {{PT_LOAD, LOAD_BASE, 0x1001}};
	static const struct phdr exact[] = {
		{PT_LOAD, LOAD_BASE + 0x3000, 0x1000},
		{PT_LOAD, LOAD_BASE, 0x1000}, /* lowest comes second */
	};
	uint32_t size;

	set_elf(f, one, 1);
	assert_int_equal(mkimage_elf_init_size(f->elf, f->elf_len, &size,
					       f->err, sizeof(f->err)),
			 0);
	assert_int_equal(size, 0x2000);
	set_elf(f, exact, 2);
	assert_int_equal(mkimage_elf_init_size(f->elf, f->elf_len, &size,
					       f->err, sizeof(f->err)),
			 0);
	assert_int_equal(size, 0x4000);
}

static void test_elf_overflow_refused(void **state)
{
	struct fixture *f = *state;
	static const struct phdr wrap[] = {
		{PT_LOAD, 0xfffffffffffff000ULL, 0x2000},
	};
	static const struct phdr wide[] = {
		{PT_LOAD, LOAD_BASE, 0x1000},
		{PT_LOAD, LOAD_BASE + 0x100000000ULL, 0x1000},
	};

	set_elf(f, wrap, 1);
	expect_refusal(f, -EOVERFLOW, "wraps");
	assert_non_null(strstr(f->err, "0xfffffffffffff000"));
	set_elf(f, wide, 2);
	expect_refusal(f, -EOVERFLOW, "0x100001000");
}

static void test_payload_larger_than_init_size_refused(void **state)
{
	struct fixture *f = *state;
	static const struct phdr small[] = {{PT_LOAD, LOAD_BASE, 0x100}};
	struct mkimage_output out = {0};
	uint8_t *big;

	set_elf(f, small, 1); /* init_size 0x1000, payload 1000 fits */
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(out.init_size, 0x1000);
	mkimage_output_free(&out);

	big = calloc(1, 0x1001);
	assert_non_null(big);
	put_kernel_info(big, 0, 16, 16);
	f->in.payload = big;
	f->in.payload_len = 0x1001;
	expect_refusal(f, -E2BIG, "4097 bytes");
	assert_non_null(strstr(f->err, "init_size 4096"));
	free(big);
}

static void test_init_size_beyond_kernel_image_refused(void **state)
{
	struct fixture *f = *state;
	static const struct phdr limit[] = {
		{PT_LOAD, LOAD_BASE, KERNEL_IMAGE_SIZE},
	};
	static const struct phdr over[] = {
		{PT_LOAD, LOAD_BASE, KERNEL_IMAGE_SIZE + 1},
	};
	struct mkimage_output out = {0};

	set_elf(f, limit, 1);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(out.init_size, KERNEL_IMAGE_SIZE);
	mkimage_output_free(&out);
	set_elf(f, over, 1);
	expect_refusal(f, -E2BIG, "KERNEL_IMAGE_SIZE");
	assert_non_null(strstr(f->err, "0x40001000"));
}

static void test_missing_kernel_info_refused(void **state)
{
	struct fixture *f = *state;

	put32(f->payload + KI_OFFSET, 0);
	expect_refusal(f, -ENOENT, "no kernel_info");
	/* the magic at an unaligned offset does not count */
	put32(f->payload + KI_OFFSET + 2, KERNEL_INFO_MAGIC);
	expect_refusal(f, -ENOENT, "1000-byte payload");
}

static void test_duplicate_kernel_info_refused(void **state)
{
	struct fixture *f = *state;

	put_kernel_info(f->payload, 0x200, 16, 16);
	expect_refusal(f, -EEXIST, "at 0x100 and 0x200");
}

static void test_malformed_kernel_info_refused(void **state)
{
	struct fixture *f = *state;
	struct mkimage_output out = {0};

	put_kernel_info(f->payload, KI_OFFSET, 15, 32);
	expect_refusal(f, -EINVAL, "size 15");
	put_kernel_info(f->payload, KI_OFFSET, 24, 20);
	expect_refusal(f, -EINVAL, "size_total 20 smaller than size 24");
	put_kernel_info(f->payload, KI_OFFSET, 16, PAYLOAD_LEN - KI_OFFSET + 1);
	expect_refusal(f, -EINVAL, "size_total 745");
	put_kernel_info(f->payload, KI_OFFSET, 16, PAYLOAD_LEN - KI_OFFSET);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	mkimage_output_free(&out);
}

static void test_kernel_info_at_payload_end_refused(void **state)
{
	struct fixture *f = *state;

	put32(f->payload + KI_OFFSET, 0);
	/* magic in the last aligned word: the fixed part is cut off */
	put32(f->payload + PAYLOAD_LEN - 4, KERNEL_INFO_MAGIC);
	expect_refusal(f, -EINVAL, "0x3e4");
	assert_non_null(strstr(f->err, "past the payload's end"));
}

static void test_find_kernel_info_offset(void **state)
{
	struct fixture *f = *state;
	uint32_t off = 0;

	put32(f->payload + KI_OFFSET, 0);
	put_kernel_info(f->payload, 0x3a8, 16, 16);
	assert_int_equal(mkimage_find_kernel_info(f->payload, PAYLOAD_LEN, &off,
						  f->err, sizeof(f->err)),
			 0);
	assert_int_equal(off, 0x3a8);
}

struct offset_row {
	const char *name;
	size_t actual;
	size_t expected;
};

#define BP_ROW(field, off)                                                     \
	{                                                                      \
		"boot_params." #field, offsetof(struct boot_params, field),    \
			off                                                    \
	}
#define HDR_ROW(field, off)                                                    \
	{                                                                      \
		"setup_header." #field, IMAGE_OFF(field), off                  \
	}

/* shared/REFERENCE.md section 1: the setup header and zero page tables. */
static const struct offset_row protocol_table[] = {
	HDR_ROW(setup_sects, 0x1f1),	  HDR_ROW(root_flags, 0x1f2),
	HDR_ROW(syssize, 0x1f4),	  HDR_ROW(vid_mode, 0x1fa),
	HDR_ROW(boot_flag, 0x1fe),	  HDR_ROW(jump, 0x200),
	HDR_ROW(header, 0x202),		  HDR_ROW(version, 0x206),
	HDR_ROW(type_of_loader, 0x210),	  HDR_ROW(loadflags, 0x211),
	HDR_ROW(code32_start, 0x214),	  HDR_ROW(ramdisk_image, 0x218),
	HDR_ROW(ramdisk_size, 0x21c),	  HDR_ROW(heap_end_ptr, 0x224),
	HDR_ROW(cmd_line_ptr, 0x228),	  HDR_ROW(initrd_addr_max, 0x22c),
	HDR_ROW(kernel_alignment, 0x230), HDR_ROW(relocatable_kernel, 0x234),
	HDR_ROW(min_alignment, 0x235),	  HDR_ROW(xloadflags, 0x236),
	HDR_ROW(cmdline_size, 0x238),	  HDR_ROW(payload_offset, 0x248),
	HDR_ROW(payload_length, 0x24c),	  HDR_ROW(setup_data, 0x250),
	HDR_ROW(pref_address, 0x258),	  HDR_ROW(init_size, 0x260),
	HDR_ROW(handover_offset, 0x264),  HDR_ROW(kernel_info_offset, 0x268),
	BP_ROW(acpi_rsdp_addr, 0x070),	  BP_ROW(ext_ramdisk_image, 0x0c0),
	BP_ROW(ext_ramdisk_size, 0x0c4),  BP_ROW(ext_cmd_line_ptr, 0x0c8),
	BP_ROW(alt_mem_k, 0x1e0),	  BP_ROW(e820_entries, 0x1e8),
	BP_ROW(sentinel, 0x1ef),	  BP_ROW(hdr, 0x1f1),
	BP_ROW(e820_table, 0x2d0),
};

static void test_protocol_offsets(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(protocol_table) / sizeof(*protocol_table); i++)
		if (protocol_table[i].actual != protocol_table[i].expected)
			fail_msg("%s is at %#zx, the protocol says %#zx",
				 protocol_table[i].name,
				 protocol_table[i].actual,
				 protocol_table[i].expected);
	assert_int_equal(sizeof(struct boot_params), 4096);
	assert_int_equal(sizeof(struct boot_e820_entry), 20);
	assert_int_equal(offsetof(struct boot_params, e820_table) +
				 E820_MAX_ENTRIES_ZEROPAGE *
					 sizeof(struct boot_e820_entry),
			 0xcd0);
	assert_int_equal(SETUP_HDR_OFFSET + sizeof(struct setup_header), 0x26c);
	assert_int_equal(sizeof(struct kernel_info), 16);
	assert_int_equal(SETUP_HDR_MAGIC, get32((const uint8_t *)"HdrS"));
	assert_int_equal(KERNEL_INFO_MAGIC, get32((const uint8_t *)"LToP"));
}

/* The decompressor's ELF names its compressed kernel: payload_offset and
 * payload_length are patched from z_input and z_input_end, relative to the
 * lowest PT_LOAD address; the kernel's own ELF (no such symbols) leaves
 * them 0. */
static void test_payload_fields(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {"other", "z_input", "z_input_end"};
	const uint64_t vlo = LOAD_BASE + 0xffffffff80000000ULL;
	uint64_t values[] = {1, vlo + 0x40, vlo + 0x3d0};
	struct mkimage_output out = {0};
	size_t pm;

	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(out.payload_offset, 0);
	assert_int_equal(out.payload_length, 0);
	assert_int_equal(get32(out.image + 0x248), 0);
	assert_int_equal(get32(out.image + 0x24c), 0);
	mkimage_output_free(&out);

	add_symbols(f, names, values, 3);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(out.payload_offset, 0x40);
	assert_int_equal(out.payload_length, 0x390);
	assert_int_equal(get32(out.image + 0x248), 0x40);
	assert_int_equal(get32(out.image + 0x24c), 0x390);
	/* The range named is the payload's bytes in the image. */
	pm = ((size_t)out.setup_sects + 1) * 512;
	assert_memory_equal(out.image + pm + 0x40, f->payload + 0x40, 0x390);
	mkimage_output_free(&out);
}

static void test_bad_payload_range_refused(void **state)
{
	struct fixture *f = *state;
	static const char *const both[] = {"z_input", "z_input_end"};
	static const char *const one[] = {"z_input"};
	const uint64_t vlo = LOAD_BASE + 0xffffffff80000000ULL;
	uint64_t past[] = {vlo + 0x10, vlo + PAYLOAD_LEN + 1};
	uint64_t reversed[] = {vlo + 0x20, vlo + 0x10};
	uint64_t below[] = {vlo - 1, vlo + 0x10};
	uint64_t single[] = {vlo};
	struct mkimage_output out = {0};
	const struct phdr *ph = default_phdrs;

	add_symbols(f, both, past, 2);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 -EINVAL);
	assert_non_null(strstr(f->err, "z_input"));
	assert_null(out.image);
	set_elf(f, ph, 4);
	add_symbols(f, both, reversed, 2);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 -EINVAL);
	set_elf(f, ph, 4);
	add_symbols(f, both, below, 2);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 -EINVAL);
	set_elf(f, ph, 4);
	add_symbols(f, one, single, 1);
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 -EINVAL);
	assert_non_null(strstr(f->err, "only one"));
	/* A symbol table that runs past the file. */
	set_elf(f, ph, 4);
	add_symbols(f, both, reversed, 2);
	f->in.elf_len -= 1;
	assert_int_equal(mkimage_build(&f->in, &out, f->err, sizeof(f->err)),
			 -ENOEXEC);
}

/* A 4 KiB setup that is also a PE32+ image, laid out as header.asm's
 * -DEFI_STUB build: PE header at 0x558, one .text section at 0x1000. */
#define PE_AT 0x558
#define PE_SETUP 4096

static void make_pe_setup(uint8_t *s)
{
	uint8_t *pe = s + PE_AT, *scn;

	memset(s, 0, PE_SETUP);
	s[0] = 'M';
	s[1] = 'Z';
	put32(s + PE_E_LFANEW, PE_AT);
	put32(pe, PE_SIGNATURE);
	put16(pe + 4, PE_MACHINE_AMD64);
	put16(pe + PE_NR_SECTIONS, 1);
	put16(pe + PE_OPT_SIZE, PE_OPT_MIN_SIZE + 6 * 8);
	put16(pe + PE_OPT, PE_OPT_MAGIC_PE32PLUS);
	put32(pe + PE_OPT_ENTRY, PE_SETUP + 0x3a0);
	put32(pe + PE_OPT_SECTION_ALIGN, 0x1000);
	put32(pe + PE_OPT_FILE_ALIGN, 0x200);
	put32(pe + PE_OPT_SIZE_OF_HEADERS, PE_SETUP);
	scn = pe + PE_OPT + PE_OPT_MIN_SIZE + 6 * 8;
	memcpy(scn, ".text", 5);
	put32(scn + PE_SCN_VADDR, PE_SETUP);
	put32(scn + PE_SCN_RAW_PTR, PE_SETUP);
}

static void test_pe_fields(void **state)
{
	static uint8_t s[PE_SETUP];
	struct mkimage_output out = {0};
	char err[256];

	(void)state;
	make_pe_setup(s);
	/* 0x4b01 bytes of payload: 0x4c00 in the file; init_size wins in
	 * memory and SizeOfImage adds the headers, page aligned. */
	assert_int_equal(mkimage_pe_fields(s, sizeof(s), 0x4b01, 0x15d000, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.pe_offset, PE_AT);
	assert_int_equal(out.pe_raw_size, 0x4c00);
	assert_int_equal(out.pe_image_size, 0x15e000);
	/* A payload larger than init_size: the section spans the file. */
	assert_int_equal(mkimage_pe_fields(s, sizeof(s), 0x20001, 0x1000, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.pe_raw_size, 0x20200);
	assert_int_equal(out.pe_image_size, 0x22000);
	/* No "MZ": no PE header, nothing to patch. */
	s[0] = 0;
	out.pe_offset = 123;
	assert_int_equal(mkimage_pe_fields(s, sizeof(s), 0x4b01, 0x15d000, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.pe_offset, 0);
}

/* Each field header.asm must get right, broken one at a time. */
static void test_pe_fields_refused(void **state)
{
	static uint8_t s[PE_SETUP];
	struct mkimage_output out = {0};
	char err[256];
	uint8_t *pe = s + PE_AT;
	uint8_t *scn = pe + PE_OPT + PE_OPT_MIN_SIZE + 6 * 8;
	const struct {
		uint8_t *at;
		uint32_t value;
		int bytes;
		const char *needle;
	} bad[] = {
		{s + PE_E_LFANEW, PE_SETUP, 4, "e_lfanew"},
		{s + PE_E_LFANEW, PE_AT + 4, 4, "e_lfanew"},
		{pe, 0x01004550, 4, "signature 0x1004550"},
		{pe + 4, 0x14c, 2, "machine 0x14c"},
		{pe + PE_OPT, 0x10b, 2, "magic 0x10b"},
		{pe + PE_NR_SECTIONS, 2, 2, "2 sections"},
		{pe + PE_OPT_SECTION_ALIGN, 0x200, 4, "SectionAlignment 0x200"},
		{scn + PE_SCN_VADDR, 0x2000, 4, ".text at 0x2000"},
		{scn + PE_SCN_RAW_PTR, 0x800, 4, "(file 0x800)"},
		{pe + PE_OPT_SIZE_OF_HEADERS, 0x400, 4, "SizeOfHeaders 0x400"},
		{pe + PE_OPT_ENTRY, 0x800, 4, "entry point 0x800"},
		{pe + PE_OPT_ENTRY, PE_SETUP + 0x4b01, 4, "entry point 0x5b01"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_pe_setup(s);
		if (bad[i].bytes == 2)
			put16(bad[i].at, (uint16_t)bad[i].value);
		else
			put32(bad[i].at, bad[i].value);
		err[0] = 0;
		if (mkimage_pe_fields(s, sizeof(s), 0x4b01, 0x15d000, &out, err,
				      sizeof(err)) != -ENOEXEC)
			fail_msg("case %zu (%s): not refused", i,
				 bad[i].needle);
		if (!strstr(err, bad[i].needle))
			fail_msg("case %zu: \"%s\" does not name \"%s\"", i,
				 err, bad[i].needle);
	}
}

#define FT(fn)                                                                 \
	cmocka_unit_test_setup_teardown(fn, setup_fixture, teardown_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FT(test_build_patches_every_field),
		FT(test_large_setup_moves_payload),
		FT(test_setup_sects),
		FT(test_setup_too_large_refused),
		FT(test_syssize),
		FT(test_empty_payload_refused),
		FT(test_missing_boot_flag_refused),
		FT(test_missing_hdrs_refused),
		FT(test_old_protocol_refused),
		FT(test_short_setup_refused),
		FT(test_short_header_jump_refused),
		FT(test_bad_elf_refused),
		FT(test_truncated_elf_refused),
		FT(test_elf_without_load_refused),
		FT(test_elf_init_size),
		FT(test_elf_overflow_refused),
		FT(test_payload_larger_than_init_size_refused),
		FT(test_init_size_beyond_kernel_image_refused),
		FT(test_missing_kernel_info_refused),
		FT(test_duplicate_kernel_info_refused),
		FT(test_malformed_kernel_info_refused),
		FT(test_kernel_info_at_payload_end_refused),
		FT(test_find_kernel_info_offset),
		FT(test_payload_fields),
		FT(test_bad_payload_range_refused),
		cmocka_unit_test(test_protocol_offsets),
		cmocka_unit_test(test_pe_fields),
		cmocka_unit_test(test_pe_fields_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
