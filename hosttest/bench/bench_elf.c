// SPDX-License-Identifier: MIT
/*
 * Benchmarks of kernel/lib/elf.c on the host. Prints "name: value unit".
 *
 *   elf_parse_static        elf_parse of a typical static executable's
 *                           headers (a 1 MiB file: 4 PT_LOAD, PT_NOTE,
 *                           PT_TLS, PT_GNU_STACK, PT_GNU_RELRO)
 *   elf_parse_static_rate   the same as parses per second
 *   elf_parse_static_bw     and as MB/s of headers (ELF header + program
 *                           header table, 512 bytes a parse)
 *   elf_parse_pie           a static-PIE (PT_PHDR, 4 PT_LOAD, PT_DYNAMIC,
 *                           PT_TLS, PT_GNU_STACK, PT_GNU_RELRO)
 *   elf_shebang             binprm_parse_shebang of "#!/bin/sh -e\n..."
 *   elf_build_stack         the initial stack for 3 arguments and 10
 *                           environment strings, 16 KiB buffer
 *
 * Each figure is the best of several rounds (the machine is shared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/bench/bench_util.h"
#include "kernel/lib/elf.h"

#define ROUNDS 5
#define PARSES 2000000UL
#define STACKS 500000UL
#define FILE_SIZE (1UL << 20)

static unsigned char *image;
static size_t header_bytes;

static void die(const char *what)
{
	fprintf(stderr, "bench_elf: %s\n", what);
	exit(1);
}

struct seg {
	unsigned int type, flags;
	unsigned long long off, vaddr, filesz, memsz, align;
};

static void build(unsigned short type, unsigned long long entry,
		  const struct seg *segs, unsigned int n)
{
	Elf64_Ehdr eh = {.e_type = type,
			 .e_machine = EM_X86_64,
			 .e_version = EV_CURRENT,
			 .e_entry = entry,
			 .e_phoff = sizeof(Elf64_Ehdr),
			 .e_ehsize = sizeof(Elf64_Ehdr),
			 .e_phentsize = sizeof(Elf64_Phdr),
			 .e_phnum = (unsigned short)n};

	memcpy(eh.e_ident, "\177ELF\2\1\1", 7);
	memset(image, 0, FILE_SIZE);
	memcpy(image, &eh, sizeof(eh));
	for (unsigned int i = 0; i < n; i++) {
		Elf64_Phdr ph = {.p_type = segs[i].type,
				 .p_flags = segs[i].flags,
				 .p_offset = segs[i].off,
				 .p_vaddr = segs[i].vaddr,
				 .p_paddr = segs[i].vaddr,
				 .p_filesz = segs[i].filesz,
				 .p_memsz = segs[i].memsz,
				 .p_align = segs[i].align};

		memcpy(image + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
	}
	header_bytes = sizeof(eh) + n * sizeof(Elf64_Phdr);
}

/* Laid out like a glibc static binary linked by GNU ld. */
static void build_static(void)
{
	static const struct seg s[] = {
		{PT_LOAD, PF_R, 0, 0x400000, 0x528, 0x528, 0x1000},
		{PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x9b780, 0x9b780,
		 0x1000},
		{PT_LOAD, PF_R, 0x9d000, 0x49d000, 0x26dc8, 0x26dc8, 0x1000},
		{PT_LOAD, PF_R | PF_W, 0xc47b0, 0x4c57b0, 0x5f40, 0xb308,
		 0x1000},
		{PT_NOTE, PF_R, 0x270, 0x400270, 0x44, 0x44, 4},
		{PT_TLS, PF_R, 0xc47b0, 0x4c57b0, 0x20, 0x68, 8},
		{PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0x10},
		{PT_GNU_RELRO, PF_R, 0xc47b0, 0x4c57b0, 0x3850, 0x3850, 1},
	};

	build(ET_EXEC, 0x401bc0, s, 8);
}

static void build_pie(void)
{
	static const struct seg s[] = {
		{PT_PHDR, PF_R, 0x40, 0x40, 0x1f8, 0x1f8, 8},
		{PT_LOAD, PF_R, 0, 0, 0x850, 0x850, 0x1000},
		{PT_LOAD, PF_R | PF_X, 0x1000, 0x1000, 0xb33fd, 0xb33fd,
		 0x1000},
		{PT_LOAD, PF_R, 0xb5000, 0xb5000, 0x33565, 0x33565, 0x1000},
		{PT_LOAD, PF_R | PF_W, 0xe8f48, 0xe9f48, 0x6528, 0xc2e8,
		 0x1000},
		{PT_DYNAMIC, PF_R | PF_W, 0xec000, 0xed000, 0x1c0, 0x1c0, 8},
		{PT_TLS, PF_R, 0xe8f48, 0xe9f48, 0x28, 0x70, 8},
		{PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0x10},
		{PT_GNU_RELRO, PF_R, 0xe8f48, 0xe9f48, 0x40b8, 0x40b8, 1},
	};

	build(ET_DYN, 0x1ed0, s, 9);
}

/* Best nanoseconds per elf_parse of the current image. */
static double parse_ns(void)
{
	struct elf_info info;
	double best = 1e30;

	if (elf_parse(image, FILE_SIZE, &info))
		die("the image does not parse");
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < PARSES; i++) {
			if (elf_parse(image, FILE_SIZE, &info))
				die("elf_parse");
			__asm__ volatile("" : : "r"(&info) : "memory");
		}
		double t = ((double)bench_now_ns() - t0) / PARSES;

		if (t < best)
			best = t;
	}
	return best;
}

static double shebang_ns(void)
{
	static const char script[] = "#!/bin/sh -e\nset -u\necho hello\n";
	struct binprm_shebang sb;
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < PARSES; i++) {
			if (binprm_parse_shebang(script, sizeof(script) - 1,
						 &sb))
				die("binprm_parse_shebang");
			__asm__ volatile("" : : "r"(&sb) : "memory");
		}
		double t = ((double)bench_now_ns() - t0) / PARSES;

		if (t < best)
			best = t;
	}
	return best;
}

static double stack_ns(void)
{
	static const char *const argv[] = {"/bin/busybox", "sh", "-c", NULL};
	static const char *const envp[] = {
		"HOME=/",
		"PATH=/sbin:/usr/sbin:/bin:/usr/bin",
		"TERM=linux",
		"SHELL=/bin/sh",
		"USER=root",
		"LOGNAME=root",
		"PWD=/",
		"LANG=C.UTF-8",
		"HOSTNAME=keel",
		"SHLVL=1",
		NULL,
	};
	static const unsigned char rnd[16] = {1, 2, 3};
	static unsigned char buf[16384];
	struct elf_stack_args a = {.argv = argv,
				   .envp = envp,
				   .execfn = "/bin/busybox",
				   .platform = "x86_64",
				   .random = rnd,
				   .auxv = {.pagesz = 4096, .clktck = 100}};
	struct elf_stack_layout lay;
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = (double)bench_now_ns();

		for (unsigned long i = 0; i < STACKS; i++) {
			a.pad = (unsigned int)i;
			if (elf_build_stack(&a, buf, sizeof(buf), ELF_USER_TOP,
					    &lay))
				die("elf_build_stack");
			__asm__ volatile("" : : "r"(buf) : "memory");
		}
		double t = ((double)bench_now_ns() - t0) / STACKS;

		if (t < best)
			best = t;
	}
	return best;
}

int main(void)
{
	double ns;

	image = malloc(FILE_SIZE);
	if (!image)
		die("memory");
	build_static();
	ns = parse_ns();
	printf("elf_parse_static: %.1f ns\n", ns);
	printf("elf_parse_static_rate: %.0f parses/s\n", 1e9 / ns);
	printf("elf_parse_static_bw: %.0f MB/s\n", header_bytes * 1e3 / ns);
	build_pie();
	printf("elf_parse_pie: %.1f ns\n", parse_ns());
	printf("elf_shebang: %.1f ns\n", shebang_ns());
	printf("elf_build_stack: %.1f ns\n", stack_ns());
	free(image);
	return 0;
}
