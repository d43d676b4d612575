// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/elf.c. The input is a file as execve
 * would see it; it goes to elf_parse, to binprm_parse_shebang and, cut at
 * its NULs into strings, to elf_build_stack.
 *
 * elf_parse: -ENOEXEC or -EINVAL with exactly one "elf: " log line, or 0
 * with none and a result that holds up against the file read again here:
 *   - ET_EXEC or ET_DYN, and needs_bias for ET_DYN;
 *   - 1..ELF_MAX_LOADS segments, each the PT_LOAD at its index with
 *     p_memsz > 0, p_filesz <= p_memsz, file bytes inside the file,
 *     p_vaddr congruent to p_offset modulo the page (when there are file
 *     bytes), below ELF_USER_TOP without wrapping, ET_EXEC at or above
 *     ELF_MIN_ADDR, rights only PF_R/W/X, p_align 0 or a power of two;
 *   - sorted by address and not overlapping (they may share a page);
 *     every PT_LOAD with p_memsz > 0 is listed, and there is no PT_INTERP;
 *   - lo and hi are the first start and the last end;
 *   - the entry is inside a PF_X segment. Linux itself only asks for an
 *     entry below TASK_SIZE; keel also refuses an entry that would fault
 *     on its first instruction (elf.h);
 *   - AT_PHDR as Linux computes it: inside the last PT_LOAD whose file
 *     bytes hold e_phoff;
 *   - ET_DYN: for several random values the bias is a multiple of the
 *     alignment and puts the whole image between ELF_ET_DYN_BASE (rounded
 *     down to the alignment) and ELF_USER_TOP; ET_EXEC: the bias is 0.
 *
 * binprm_parse_shebang: 0 only for "#!" files, with an interpreter and an
 * argument inside the 256-byte window, the interpreter free of blanks and
 * NULs, the argument free of NULs and starting with neither blank;
 * otherwise -ENOEXEC, silent when the file does not start with "#!".
 *
 * elf_build_stack (strings from the input: execfn, then argv, then envp;
 * buffer size and pad from the first bytes): 0 with sp 16-byte aligned
 * inside the buffer, argc, argv and envp pointing at copies of the input
 * strings, auxv ending with AT_NULL and AT_RANDOM/AT_EXECFN/AT_PLATFORM
 * pointing at their bytes, nothing written below sp; or -E2BIG with the
 * buffer untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/elf.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

static unsigned int log_lines;
static bool log_prefix_ok;
static const char *log_prefix;

static void count_sink(int level, const char *text, size_t len)
{
	size_t n = strlen(log_prefix);

	(void)level;
	log_lines++;
	if (len < n || memcmp(text, log_prefix, n) != 0)
		log_prefix_ok = false;
}

static void log_expect(const char *prefix)
{
	log_lines = 0;
	log_prefix_ok = true;
	log_prefix = prefix;
}

static Elf64_Phdr read_phdr(const uint8_t *data, const struct elf_info *info,
			    unsigned int i)
{
	Elf64_Phdr ph;

	memcpy(&ph, data + info->phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
	return ph;
}

static void check_segment(const uint8_t *data, size_t size,
			  const struct elf_info *info,
			  const struct elf_segment *s)
{
	Elf64_Phdr ph;

	check(s->index < info->phnum);
	ph = read_phdr(data, info, s->index);
	check(ph.p_type == PT_LOAD);
	check(ph.p_vaddr == s->vaddr && ph.p_memsz == s->memsz &&
	      ph.p_filesz == s->filesz && ph.p_offset == s->offset &&
	      ph.p_align == s->align);
	check(s->flags == (ph.p_flags & (PF_R | PF_W | PF_X)));
	check(s->memsz > 0 && s->filesz <= s->memsz);
	check(s->align <= 1 || (s->align & (s->align - 1)) == 0);
	if (s->filesz) {
		check(s->offset <= size && s->filesz <= size - s->offset);
		check(((s->vaddr - s->offset) & (PAGE_SIZE - 1)) == 0);
	}
	check(s->vaddr < ELF_USER_TOP && s->memsz <= ELF_USER_TOP - s->vaddr);
	if (info->type == ET_EXEC)
		check(s->vaddr >= ELF_MIN_ADDR);
}

static void check_bias(const struct elf_info *info, uint64_t rnd)
{
	uint64_t bias = elf_load_bias(info, rnd);

	if (info->type == ET_EXEC) {
		check(bias == 0);
		return;
	}
	check(bias % info->align == 0);
	check(info->lo + bias >= ALIGN_DOWN(ELF_ET_DYN_BASE, info->align));
	check(info->hi + bias <= ELF_USER_TOP);
	check(info->lo + bias < info->hi + bias);
}

static void check_accepted(const uint8_t *data, size_t size,
			   const struct elf_info *info)
{
	const struct elf_segment *last;
	unsigned int loads = 0;
	bool entry_ok = false, phdr_found = false;
	uint64_t phdr_vaddr = 0;

	check(info->type == ET_EXEC || info->type == ET_DYN);
	check(info->needs_bias == (info->type == ET_DYN));
	check(info->nr_loads >= 1 && info->nr_loads <= ELF_MAX_LOADS);
	check(info->align >= PAGE_SIZE &&
	      (info->align & (info->align - 1)) == 0);
	for (unsigned int k = 0; k < info->nr_loads; k++) {
		const struct elf_segment *s = &info->loads[k];

		check_segment(data, size, info, s);
		if (k) {
			const struct elf_segment *p = &info->loads[k - 1];

			check(s->index > p->index);
			check(s->vaddr >= p->vaddr + p->memsz);
		}
		if ((s->flags & PF_X) && info->entry >= s->vaddr &&
		    info->entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	check(entry_ok);
	last = &info->loads[info->nr_loads - 1];
	check(info->lo == info->loads[0].vaddr);
	check(info->hi == last->vaddr + last->memsz);

	/* The whole table again: every PT_LOAD counted, no PT_INTERP, and
	 * where Linux finds the program headers. */
	for (unsigned int i = 0; i < info->phnum; i++) {
		Elf64_Phdr ph = read_phdr(data, info, i);

		check(ph.p_type != PT_INTERP);
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_memsz)
			loads++;
		if (ph.p_offset <= info->phoff &&
		    info->phoff - ph.p_offset < ph.p_filesz) {
			phdr_found = true;
			phdr_vaddr = ph.p_vaddr + (info->phoff - ph.p_offset);
		}
	}
	check(loads == info->nr_loads);
	check(info->phdr_mapped == phdr_found);
	check(info->phdr_vaddr == phdr_vaddr);

	check_bias(info, 0);
	check_bias(info, ~0ULL);
	check_bias(info, size * 0x9e3779b97f4a7c15ULL);
}

static void fuzz_parse(const uint8_t *data, size_t size)
{
	struct elf_info info;
	int ret;

	log_expect("elf: ");
	ret = elf_parse(data, size, &info);
	check(log_prefix_ok);
	if (ret) {
		check(ret == -ENOEXEC || ret == -EINVAL);
		check(log_lines == 1);
		return;
	}
	check(log_lines == 0);
	check(elf_check_magic(data, size));
	check_accepted(data, size, &info);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static void fuzz_shebang(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	size_t window = size < BINPRM_BUF_SIZE ? size : BINPRM_BUF_SIZE;
	bool script = size >= 2 && buf[0] == '#' && buf[1] == '!';
	struct binprm_shebang sb;
	int ret;

	log_expect("binprm: ");
	ret = binprm_parse_shebang(buf, size, &sb);
	check(log_prefix_ok);
	if (ret) {
		check(ret == -ENOEXEC);
		check(log_lines == (script ? 1U : 0U));
		return;
	}
	check(script && log_lines == 0);
	check(sb.interp >= buf + 2 && sb.interp <= buf + window);
	check(sb.interp_len <= (size_t)(buf + window - sb.interp));
	check(sb.interp_len < BINPRM_BUF_SIZE - 2);
	for (size_t i = 0; i < sb.interp_len; i++)
		check(sb.interp[i] && !blank(sb.interp[i]) &&
		      sb.interp[i] != '\n');
	if (!sb.has_arg) {
		check(sb.arg == NULL && sb.arg_len == 0);
		return;
	}
	check(sb.arg > sb.interp + sb.interp_len && sb.arg <= buf + window);
	check(sb.arg_len <= (size_t)(buf + window - sb.arg));
	for (size_t i = 0; i < sb.arg_len; i++)
		check(sb.arg[i] && sb.arg[i] != '\n');
	/* Trailing blanks go only before the line's end: a NUL may cut the
	 * argument right after one ("#!/bin/sh a \0x\n" gives "a "). */
	if (sb.arg_len)
		check(!blank(sb.arg[0]));
}

#define STACK_MAX 4096
#define STRINGS_MAX 32
#define TOP 0x7ffffffff000ULL

static uint8_t stack[STACK_MAX];

static uint64_t word(uint64_t base, uint64_t addr)
{
	uint64_t v;

	check(addr >= base && addr + 8 <= TOP);
	memcpy(&v, stack + (addr - base), 8);
	return v;
}

/* The NUL-terminated string at user address @addr, checked to be @want. */
static void check_string(uint64_t base, uint64_t addr, const char *want)
{
	size_t n = strlen(want) + 1;

	check(addr >= base && addr + n <= TOP);
	check(memcmp(stack + (addr - base), want, n) == 0);
}

static void fuzz_stack(const uint8_t *data, size_t size)
{
	static char text[STACK_MAX + 1];
	static const uint8_t rnd[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	const char *strs[STRINGS_MAX + 2], *argv[STRINGS_MAX + 1],
		*envp[STRINGS_MAX + 1];
	struct input in = {data, size, 0};
	unsigned int nargv = next_byte(&in) % 8, nstr = 0, na = 0, ne = 0;
	size_t stack_size = next_u16(&in) % (STACK_MAX + 1);
	uint32_t pad = next_u16(&in);
	size_t len = size - in.pos < STACK_MAX ? size - in.pos : STACK_MAX;
	struct elf_stack_args a = {.platform = "x86_64", .random = rnd};
	struct elf_stack_layout lay;
	uint64_t base = TOP - stack_size;
	int ret;

	/* The rest of the input, cut at NULs: execfn, argv..., envp... */
	if (len)
		memcpy(text, data + in.pos, len);
	text[len] = '\0';
	for (size_t i = 0; i <= len && nstr < STRINGS_MAX + 1;) {
		strs[nstr++] = text + i;
		i += strlen(text + i) + 1;
	}
	a.execfn = strs[0];
	for (unsigned int k = 1; k < nstr; k++) {
		if (na < nargv)
			argv[na++] = strs[k];
		else
			envp[ne++] = strs[k];
	}
	argv[na] = NULL;
	envp[ne] = NULL;
	a.argv = argv;
	a.envp = envp;
	a.pad = pad;
	a.auxv.sysinfo_ehdr = pad & 1 ? 0x7ffff7ffd000ULL : 0;
	a.auxv.rseq_feature_size = pad & 2 ? 28 : 0;
	if (pad & 4)
		a.platform = NULL;

	memset(stack, 0xcc, sizeof(stack));
	ret = elf_build_stack(&a, stack, stack_size, TOP, &lay);
	if (ret) {
		check(ret == -E2BIG);
		for (size_t i = 0; i < sizeof(stack); i++)
			check(stack[i] == 0xcc);
		return;
	}
	check((lay.sp & 15) == 0 && lay.sp >= base);
	for (uint64_t p = base; p < lay.sp; p++)
		check(stack[p - base] == 0xcc);
	check(word(base, TOP - 8) == 0);
	check(lay.argc == (na ? na : 1) && lay.envc == ne);
	check(word(base, lay.sp) == lay.argc);
	check(lay.argv == lay.sp + 8);
	for (unsigned int k = 0; k < lay.argc; k++)
		check_string(base, word(base, lay.argv + 8 * k),
			     na ? argv[k] : "");
	check(word(base, lay.argv + 8 * lay.argc) == 0);
	check(lay.envp == lay.argv + 8 * (lay.argc + 1));
	for (unsigned int k = 0; k < ne; k++)
		check_string(base, word(base, lay.envp + 8 * k), envp[k]);
	check(word(base, lay.envp + 8 * ne) == 0);
	check(lay.auxv == lay.envp + 8 * (ne + 1));
	check(lay.auxc >= 2 && lay.auxc <= ELF_AUXV_MAX);
	check(lay.auxv + 16 * lay.auxc <= lay.random);
	check(lay.random - (lay.auxv + 16 * lay.auxc) < 16);
	check(word(base, lay.auxv + 16 * (lay.auxc - 1)) == AT_NULL);
	for (unsigned int k = 0; k < lay.auxc; k++) {
		uint64_t t = word(base, lay.auxv + 16 * k);
		uint64_t v = word(base, lay.auxv + 16 * k + 8);

		if (t == AT_RANDOM)
			check(v == lay.random &&
			      memcmp(stack + (v - base), rnd, 16) == 0);
		if (t == AT_EXECFN)
			check(v == lay.execfn);
		if (t == AT_PLATFORM)
			check(v == lay.platform && a.platform);
	}
	check_string(base, lay.execfn, a.execfn);
	if (a.platform)
		check_string(base, lay.platform, a.platform);
	check(lay.arg_start < lay.arg_end && lay.arg_end == lay.env_start &&
	      lay.env_start <= lay.env_end && lay.env_end == lay.execfn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_sink_fn old = log_set_sink(count_sink);

	fuzz_parse(data, size);
	fuzz_shebang(data, size);
	fuzz_stack(data, size);
	log_set_sink(old);
	return 0;
}
