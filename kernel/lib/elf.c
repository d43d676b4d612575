// SPDX-License-Identifier: MIT
/*
 * ELF64 executables, pure: elf_parse() validates a file and describes its
 * segments, elf_load_bias() places a static-PIE, binprm_parse_shebang()
 * reads a "#!" line and elf_build_stack() lays out the initial stack. The
 * contracts are in elf.h.
 *
 * The file may be hostile: every header is copied out with memcpy (the
 * image has any alignment), every sum is checked before it is formed, and
 * nothing is read outside [image, image + size).
 */
#include "kernel/lib/elf.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define ULL(x) ((unsigned long long)(x))

/* The most PIE-relative span elf_load_bias can place below the top. */
#define ELF_ET_DYN_SPAN_MAX                                                    \
	(ELF_USER_TOP - ELF_ET_DYN_BASE - (ELF_ET_DYN_RND_MASK << PAGE_SHIFT))

bool elf_check_magic(const void *image, size_t size)
{
	const u8 *b = image;

	return size >= SELFMAG && b[EI_MAG0] == ELFMAG0 &&
	       b[EI_MAG1] == ELFMAG1 && b[EI_MAG2] == ELFMAG2 &&
	       b[EI_MAG3] == ELFMAG3;
}

/* e_ident: magic, class, byte order, version. */
static int elf_check_ident(const Elf64_Ehdr *eh)
{
	const u8 *id = eh->e_ident;

	if (!elf_check_magic(id, EI_NIDENT)) {
		pr_err("elf: magic %02x %02x %02x %02x is not 7f 45 4c 46 "
		       "(\"\\177ELF\")\n",
		       id[EI_MAG0], id[EI_MAG1], id[EI_MAG2], id[EI_MAG3]);
		return -ENOEXEC;
	}
	if (id[EI_CLASS] != ELFCLASS64) {
		pr_err("elf: EI_CLASS %u, only ELFCLASS64 (2) runs\n",
		       id[EI_CLASS]);
		return -ENOEXEC;
	}
	if (id[EI_DATA] != ELFDATA2LSB) {
		pr_err("elf: EI_DATA %u, only ELFDATA2LSB (1) runs\n",
		       id[EI_DATA]);
		return -ENOEXEC;
	}
	if (id[EI_VERSION] != EV_CURRENT) {
		pr_err("elf: EI_VERSION %u is not EV_CURRENT (1)\n",
		       id[EI_VERSION]);
		return -ENOEXEC;
	}
	return 0;
}

/* The rest of the ELF header, and where the program header table is. */
static int elf_check_ehdr(const Elf64_Ehdr *eh, size_t size)
{
	u64 table = (u64)eh->e_phnum * sizeof(Elf64_Phdr);
	int ret = elf_check_ident(eh);

	if (ret)
		return ret;
	if (eh->e_version != EV_CURRENT) {
		pr_err("elf: e_version %u is not EV_CURRENT (1)\n",
		       eh->e_version);
		return -ENOEXEC;
	}
	if (eh->e_machine != EM_X86_64) {
		pr_err("elf: e_machine %u is not EM_X86_64 (62)\n",
		       eh->e_machine);
		return -ENOEXEC;
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		pr_err("elf: e_type %u is neither ET_EXEC (2) nor ET_DYN (3)\n",
		       eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr)) {
		pr_err("elf: e_phentsize %u is not sizeof(Elf64_Phdr) (%zu)\n",
		       eh->e_phentsize, sizeof(Elf64_Phdr));
		return -ENOEXEC;
	}
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM) {
		pr_err("elf: e_phnum %u is not within 1-%zu\n", eh->e_phnum,
		       ELF_MAX_PHNUM);
		return -ENOEXEC;
	}
	if (!IS_ALIGNED(eh->e_phoff, 8)) {
		pr_err("elf: e_phoff 0x%llx is not 8-byte aligned\n",
		       ULL(eh->e_phoff));
		return -ENOEXEC;
	}
	if (eh->e_phoff > size || table > size - eh->e_phoff) {
		pr_err("elf: program headers at e_phoff 0x%llx + 0x%llx bytes "
		       "run beyond the file's 0x%zx bytes\n",
		       ULL(eh->e_phoff), ULL(table), size);
		return -ENOEXEC;
	}
	return 0;
}

/* One PT_LOAD on its own: alignment, sizes, file bounds, addresses. */
static int elf_check_load(const Elf64_Phdr *ph, unsigned int i, u16 type,
			  size_t size)
{
	if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1))) {
		pr_err("elf: segment %u: p_align 0x%llx is not a power of "
		       "two\n",
		       i, ULL(ph->p_align));
		return -ENOEXEC;
	}
	if (ph->p_filesz > ph->p_memsz) {
		pr_err("elf: segment %u: p_filesz 0x%llx exceeds p_memsz "
		       "0x%llx\n",
		       i, ULL(ph->p_filesz), ULL(ph->p_memsz));
		return -EINVAL;
	}
	/* With no file bytes the offset is never used (Linux: anonymous). */
	if (ph->p_filesz) {
		if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset) {
			pr_err("elf: segment %u: p_offset 0x%llx + p_filesz "
			       "0x%llx beyond the file's 0x%zx bytes\n",
			       i, ULL(ph->p_offset), ULL(ph->p_filesz), size);
			return -ENOEXEC;
		}
		if ((ph->p_vaddr ^ ph->p_offset) & (PAGE_SIZE - 1)) {
			pr_err("elf: segment %u: p_vaddr 0x%llx and p_offset "
			       "0x%llx differ modulo the page size 0x%lx\n",
			       i, ULL(ph->p_vaddr), ULL(ph->p_offset),
			       PAGE_SIZE);
			return -EINVAL;
		}
	}
	if (ph->p_vaddr >= ELF_USER_TOP ||
	    ph->p_memsz > ELF_USER_TOP - ph->p_vaddr) {
		pr_err("elf: segment %u: p_vaddr 0x%llx + p_memsz 0x%llx goes "
		       "beyond the user address space's top 0x%llx\n",
		       i, ULL(ph->p_vaddr), ULL(ph->p_memsz), ELF_USER_TOP);
		return -EINVAL;
	}
	/* ELF_MIN_ADDR is page aligned: the first page is below it too. */
	if (type == ET_EXEC && ph->p_memsz && ph->p_vaddr < ELF_MIN_ADDR) {
		pr_err("elf: segment %u: p_vaddr 0x%llx is below mmap_min_addr "
		       "0x%llx\n",
		       i, ULL(ph->p_vaddr), ELF_MIN_ADDR);
		return -EINVAL;
	}
	return 0;
}

/* Keep a checked PT_LOAD: after the previous one, within the array. */
static int elf_add_load(struct elf_info *info, const Elf64_Phdr *ph,
			unsigned int i)
{
	struct elf_segment *s;

	/* Linux aligns a PIE to the largest p_align of all its PT_LOADs. */
	if (ph->p_align > info->align)
		info->align = ph->p_align;
	/* The table is where the last PT_LOAD holding e_phoff maps it. */
	if (ph->p_offset <= info->phoff &&
	    info->phoff - ph->p_offset < ph->p_filesz) {
		info->phdr_mapped = true;
		info->phdr_vaddr = ph->p_vaddr + (info->phoff - ph->p_offset);
	}
	/* An empty segment maps nothing, so it cannot collide either. */
	if (!ph->p_memsz)
		return 0;
	if (info->nr_loads) {
		const struct elf_segment *prev =
			&info->loads[info->nr_loads - 1];

		if (ph->p_vaddr < prev->vaddr + prev->memsz) {
			pr_err("elf: segment %u: [0x%llx-0x%llx) starts below "
			       "the end 0x%llx of segment %u: PT_LOADs must be "
			       "sorted by p_vaddr and must not overlap\n",
			       i, ULL(ph->p_vaddr),
			       ULL(ph->p_vaddr + ph->p_memsz),
			       ULL(prev->vaddr + prev->memsz), prev->index);
			return -EINVAL;
		}
	}
	if (info->nr_loads == ELF_MAX_LOADS) {
		pr_err("elf: segment %u: more than %u PT_LOAD segments\n", i,
		       ELF_MAX_LOADS);
		return -ENOEXEC;
	}
	s = &info->loads[info->nr_loads++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_offset;
	s->align = ph->p_align;
	s->flags = ph->p_flags & (PF_R | PF_W | PF_X);
	s->index = (u16)i;
	return 0;
}

/* True when [s, s + n) is printable ASCII, so it may go into a log line. */
static bool elf_printable(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] < 0x20 || s[k] > 0x7e)
			return false;
	return true;
}

/* PT_INTERP: refuse, naming the interpreter when the file holds a sane one. */
static int elf_refuse_interp(const Elf64_Phdr *ph, unsigned int i,
			     const u8 *image, size_t size)
{
	if (ph->p_offset < size && ph->p_filesz <= size - ph->p_offset &&
	    ph->p_filesz >= 2 && ph->p_filesz <= 256) {
		const char *path = (const char *)image + ph->p_offset;
		size_t n = strnlen(path, ph->p_filesz);

		if (n + 1 == ph->p_filesz && elf_printable(path, n)) {
			pr_err("elf: segment %u: PT_INTERP \"%s\": dynamic "
			       "executables are not supported yet\n",
			       i, path);
			return -ENOEXEC;
		}
	}
	pr_err("elf: segment %u: PT_INTERP (p_offset 0x%llx, p_filesz 0x%llx): "
	       "dynamic executables are not supported yet\n",
	       i, ULL(ph->p_offset), ULL(ph->p_filesz));
	return -ENOEXEC;
}

static int elf_walk_phdr(struct elf_info *info, const Elf64_Phdr *ph,
			 unsigned int i, const u8 *image, size_t size)
{
	int ret;

	switch (ph->p_type) {
	case PT_LOAD:
		ret = elf_check_load(ph, i, info->type, size);
		return ret ? ret : elf_add_load(info, ph, i);
	case PT_INTERP:
		return elf_refuse_interp(ph, i, image, size);
	case PT_GNU_STACK:
		/* The last one counts, as in Linux's loop. */
		info->has_gnu_stack = true;
		info->exec_stack = ph->p_flags & PF_X;
		return 0;
	case PT_TLS:
		info->has_tls = true;
		info->tls.vaddr = ph->p_vaddr;
		info->tls.offset = ph->p_offset;
		info->tls.filesz = ph->p_filesz;
		info->tls.memsz = ph->p_memsz;
		info->tls.align = ph->p_align;
		return 0;
	default:
		return 0;
	}
}

/* Is @addr inside an executable segment? */
static bool elf_entry_ok(const struct elf_info *info, u64 addr)
{
	for (unsigned int k = 0; k < info->nr_loads; k++) {
		const struct elf_segment *s = &info->loads[k];

		if ((s->flags & PF_X) && addr >= s->vaddr &&
		    addr - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

/* Checks over all segments: there is one, the entry, the PIE's room. */
static int elf_check_image(struct elf_info *info)
{
	const struct elf_segment *last;
	u64 span;

	if (!info->nr_loads) {
		pr_err("elf: no PT_LOAD segment with p_memsz > 0 among the %u "
		       "program headers\n",
		       info->phnum);
		return -ENOEXEC;
	}
	last = &info->loads[info->nr_loads - 1];
	info->lo = info->loads[0].vaddr;
	info->hi = last->vaddr + last->memsz;
	if (!elf_entry_ok(info, info->entry)) {
		pr_err("elf: e_entry 0x%llx is not inside an executable (PF_X) "
		       "PT_LOAD segment of [0x%llx-0x%llx)\n",
		       ULL(info->entry), ULL(info->lo), ULL(info->hi));
		return -EINVAL;
	}
	if (info->type != ET_DYN)
		return 0;
	if (info->align > ELF_DYN_MAX_ALIGN) {
		pr_err("elf: ET_DYN p_align 0x%llx is above keel's limit "
		       "0x%llx\n",
		       ULL(info->align), ELF_DYN_MAX_ALIGN);
		return -EINVAL;
	}
	span = info->hi - ALIGN_DOWN(info->lo, info->align);
	if (span > ELF_ET_DYN_SPAN_MAX) {
		pr_err("elf: ET_DYN image spans 0x%llx bytes, more than the "
		       "0x%llx that fit above ELF_ET_DYN_BASE and its random "
		       "offset\n",
		       ULL(span), ELF_ET_DYN_SPAN_MAX);
		return -EINVAL;
	}
	return 0;
}

int elf_parse(const void *image, size_t size, struct elf_info *out)
{
	const u8 *bytes = image;
	Elf64_Ehdr eh;
	int ret;

	if (size < sizeof(eh)) {
		pr_err("elf: a file of %zu bytes is shorter than the 64-byte "
		       "ELF header\n",
		       size);
		return -ENOEXEC;
	}
	memcpy(&eh, image, sizeof(eh));
	ret = elf_check_ehdr(&eh, size);
	if (ret)
		return ret;

	memset(out, 0, sizeof(*out));
	out->entry = eh.e_entry;
	out->type = eh.e_type;
	out->phnum = eh.e_phnum;
	out->phoff = eh.e_phoff;
	out->align = PAGE_SIZE;
	out->needs_bias = eh.e_type == ET_DYN;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, bytes + eh.e_phoff + (u64)i * sizeof(ph),
		       sizeof(ph));
		ret = elf_walk_phdr(out, &ph, i, bytes, size);
		if (ret)
			return ret;
	}
	return elf_check_image(out);
}

u64 elf_load_bias(const struct elf_info *info, u64 rnd)
{
	u64 base;

	if (info->type != ET_DYN)
		return 0;
	base = ELF_ET_DYN_BASE + ((rnd & ELF_ET_DYN_RND_MASK) << PAGE_SHIFT);
	return ALIGN_DOWN(base, info->align) -
	       ALIGN_DOWN(info->lo, info->align);
}

void elf_auxv_from_info(struct elf_auxv *aux, const struct elf_info *info,
			u64 bias)
{
	aux->phdr = info->phdr_vaddr + bias;
	aux->phent = sizeof(Elf64_Phdr);
	aux->phnum = info->phnum;
	aux->entry = info->entry + bias;
	aux->base = 0;
}

/*
 * "#!" lines. Linux looks at bprm->buf: the file's first BINPRM_BUF_SIZE
 * bytes, NULs past the end of a shorter file. struct shebang_buf stands for
 * it without a copy; positions are indices into it and SB_NONE is "not
 * found".
 */
#define SB_NONE ((size_t)-1)

struct shebang_buf {
	const char *buf;
	size_t len; /* <= BINPRM_BUF_SIZE; NULs from here on */
};

static char sb_at(const struct shebang_buf *b, size_t i)
{
	return i < b->len ? b->buf[i] : '\0';
}

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first position in [first, last] holding neither space nor tab. */
static size_t sb_skip_spacetab(const struct shebang_buf *b, size_t first,
			       size_t last)
{
	for (size_t i = first; i <= last; i++)
		if (!spacetab(sb_at(b, i)))
			return i;
	return SB_NONE;
}

/* The first position in [first, last] holding a space, tab or NUL. */
static size_t sb_find_terminator(const struct shebang_buf *b, size_t first,
				 size_t last)
{
	for (size_t i = first; i <= last; i++) {
		char c = sb_at(b, i);

		if (spacetab(c) || c == '\0')
			return i;
	}
	return SB_NONE;
}

/* The first '\n' (padding holds none). */
static size_t sb_find_newline(const struct shebang_buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->buf[i] == '\n')
			return i;
	return SB_NONE;
}

/* Bytes before the first NUL in [first, end). */
static size_t sb_strlen(const struct shebang_buf *b, size_t first, size_t end)
{
	size_t i = first;

	while (i < end && sb_at(b, i) != '\0')
		i++;
	return i - first;
}

int binprm_parse_shebang(const char *buf, size_t len,
			 struct binprm_shebang *out)
{
	const size_t last = BINPRM_BUF_SIZE - 1;
	struct shebang_buf b = {buf, min(len, (size_t)BINPRM_BUF_SIZE)};
	size_t end, name, sep, arg = SB_NONE;

	if (sb_at(&b, 0) != '#' || sb_at(&b, 1) != '!')
		return -ENOEXEC; /* not a script: no line, execve goes on */

	end = sb_find_newline(&b);
	if (end == SB_NONE) {
		size_t first = sb_skip_spacetab(&b, 2, last);

		if (first == SB_NONE) {
			pr_err("binprm: #! line of %zu spaces and tabs, no "
			       "interpreter\n",
			       last - 1);
			return -ENOEXEC;
		}
		if (sb_find_terminator(&b, first, last) == SB_NONE) {
			pr_err("binprm: #! line has no end within %u bytes: "
			       "the interpreter path from byte %zu may be "
			       "truncated\n",
			       BINPRM_BUF_SIZE, first);
			return -ENOEXEC;
		}
		end = last; /* Linux puts a NUL there */
	}
	while (spacetab(sb_at(&b, end - 1)))
		end--;

	name = sb_skip_spacetab(&b, 2, end);
	if (name == SB_NONE || name == end) {
		pr_err("binprm: #! line names no interpreter\n");
		return -ENOEXEC;
	}
	sep = sb_find_terminator(&b, name, end);
	if (sep != SB_NONE && sb_at(&b, sep) != '\0')
		arg = sb_skip_spacetab(&b, sep, end);

	/*
	 * name..sep holds no NUL; a NUL path is "" as in Linux (whose lookup
	 * then fails). name and arg are at most b.len: the padding's first
	 * NUL stops every skip.
	 */
	out->interp = buf + name;
	out->interp_len = (sep == SB_NONE ? end : sep) - name;
	out->has_arg = arg != SB_NONE;
	out->arg = out->has_arg ? buf + arg : NULL;
	out->arg_len = out->has_arg ? sb_strlen(&b, arg, end) : 0;
	return 0;
}

/*
 * The initial stack of a static x86-64 program, as Linux lays it out
 * (fs/exec.c copies the strings, fs/binfmt_elf.c create_elf_tables adds
 * the rest; the psABI wants RSP 16-byte aligned with argc at it):
 *
 *   user_top ->  +-----------------------------------+
 *                | 0 (8 bytes)                       |
 *   execfn ->    | execfn "\0"                       |  AT_EXECFN
 *   env_start -> | envp[0] "\0" ... envp[n-1] "\0"   |  env_end = execfn
 *   arg_start -> | argv[0] "\0" ... argv[m-1] "\0"   |  arg_end = env_start
 *                | (pad & 8191) bytes, then down to  |
 *                | a multiple of 16                  |
 *   platform ->  | "x86_64\0"                        |  AT_PLATFORM
 *   random ->    | 16 random bytes                   |  AT_RANDOM
 *                | 0-15 bytes                        |
 *                | AT_NULL, 0                        |
 *                | ... (type, value) pairs           |
 *   auxv ->      | AT_SYSINFO_EHDR, vDSO (if any)    |
 *                | NULL                              |
 *                | envp[n-1] ... envp[0]             |
 *   envp ->      |                                   |
 *                | NULL                              |
 *                | argv[m-1] ... argv[0]             |
 *   sp + 8 ->    |                                   |
 *   sp ->        | argc                              |  16-byte aligned
 *                +-----------------------------------+
 *
 * The strings are copied last first (Linux's copy_strings), so each list
 * reads upwards in order. An empty argv gets one "" (Linux since 5.18).
 */

/* Linux's auxv order: ARCH_DLINFO first, then create_elf_tables' list. */
static unsigned int elf_fill_auxv(u64 *v, const struct elf_stack_args *args,
				  u64 random, u64 execfn, u64 platform)
{
	const struct elf_auxv *a = &args->auxv;
	unsigned int n = 0;

#define AUX(type, val)                                                         \
	do {                                                                   \
		v[n++] = (type);                                               \
		v[n++] = (val);                                                \
	} while (0)
	if (a->sysinfo_ehdr)
		AUX(AT_SYSINFO_EHDR, a->sysinfo_ehdr);
	AUX(AT_MINSIGSTKSZ, a->minsigstksz);
	AUX(AT_HWCAP, a->hwcap);
	AUX(AT_PAGESZ, a->pagesz);
	AUX(AT_CLKTCK, a->clktck);
	AUX(AT_PHDR, a->phdr);
	AUX(AT_PHENT, a->phent);
	AUX(AT_PHNUM, a->phnum);
	AUX(AT_BASE, a->base);
	AUX(AT_FLAGS, a->flags);
	AUX(AT_ENTRY, a->entry);
	AUX(AT_UID, a->uid);
	AUX(AT_EUID, a->euid);
	AUX(AT_GID, a->gid);
	AUX(AT_EGID, a->egid);
	AUX(AT_SECURE, a->secure);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, a->hwcap2);
	AUX(AT_EXECFN, execfn);
	if (args->platform)
		AUX(AT_PLATFORM, platform);
	if (a->rseq_feature_size) {
		AUX(AT_RSEQ_FEATURE_SIZE, a->rseq_feature_size);
		AUX(AT_RSEQ_ALIGN, a->rseq_align);
	}
	AUX(AT_NULL, 0);
#undef AUX
	return n / 2;
}

/* The bytes below a user address still free in the buffer. */
struct stack_cursor {
	u64 base; /* user address of buf[0] */
	u64 p; /* lowest byte taken so far */
};

/* Take @bytes below the cursor. */
static int stack_take(struct stack_cursor *c, u64 bytes)
{
	if (c->p - c->base < bytes)
		return -E2BIG;
	c->p -= bytes;
	return 0;
}

/* Count a string list and its bytes (NULs included), Linux's limits. */
static int stack_count(const char *const *list, unsigned int *count, u64 *bytes)
{
	*count = 0;
	*bytes = 0;
	for (; list && list[*count]; (*count)++) {
		size_t len = strnlen(list[*count], MAX_ARG_STRLEN);

		if (len == MAX_ARG_STRLEN || *count == MAX_ARG_STRINGS)
			return -E2BIG;
		*bytes += len + 1;
	}
	return 0;
}

/* Copy strings upwards from @addr, storing each one's address at @slot. */
static void stack_put_strings(u8 *buf, u64 base, u64 addr, u64 slot,
			      const char *const *list, unsigned int count)
{
	for (unsigned int k = 0; k < count; k++, slot += 8) {
		size_t len = strlen(list[k]) + 1;

		memcpy(buf + (addr - base), list[k], len);
		memcpy(buf + (slot - base), &addr, 8);
		addr += len;
	}
}

int elf_build_stack(const struct elf_stack_args *args, void *buf, size_t size,
		    u64 user_top, struct elf_stack_layout *out)
{
	static const char *const empty_argv[] = {"", NULL};
	const char *const *argv = args->argv;
	struct stack_cursor c;
	unsigned int argc, envc;
	u64 arg_bytes, env_bytes, execfn_len, platform_len,
		aux[2 * ELF_AUXV_MAX];
	u8 *b = buf;
	int ret;

	if (!args->execfn || !args->random || !IS_ALIGNED(user_top, 16) ||
	    user_top > ELF_USER_TOP || size > user_top || (!buf && size))
		return -EINVAL;
	if (!argv || !argv[0])
		argv = empty_argv;
	ret = stack_count(argv, &argc, &arg_bytes);
	if (!ret)
		ret = stack_count(args->envp, &envc, &env_bytes);
	if (ret)
		return ret;
	execfn_len = strnlen(args->execfn, MAX_ARG_STRLEN) + 1;
	if (execfn_len > MAX_ARG_STRLEN)
		return -E2BIG;
	platform_len = args->platform ? strlen(args->platform) + 1 : 0;

	/* Plan every address top down; nothing is written until it fits. */
	c.base = user_top - size;
	c.p = user_top;
	if (stack_take(&c, 8) || stack_take(&c, execfn_len))
		return -E2BIG;
	out->execfn = c.p;
	if (stack_take(&c, env_bytes))
		return -E2BIG;
	out->env_start = c.p;
	out->env_end = out->execfn;
	if (stack_take(&c, arg_bytes))
		return -E2BIG;
	out->arg_start = c.p;
	out->arg_end = out->env_start;
	if (stack_take(&c, args->pad & ELF_STACK_PAD_MASK) ||
	    stack_take(&c, c.p & 15) || stack_take(&c, platform_len))
		return -E2BIG;
	out->platform = args->platform ? c.p : 0;
	if (stack_take(&c, 16))
		return -E2BIG;
	out->random = c.p;
	out->auxc = elf_fill_auxv(aux, args, out->random, out->execfn,
				  out->platform);
	/* argc, argv[] with its NULL, envp[] with its NULL, then auxv. */
	if (stack_take(&c, (u64)out->auxc * 16) ||
	    stack_take(&c, ((u64)argc + envc + 3) * 8) ||
	    stack_take(&c, c.p & 15))
		return -E2BIG;
	out->sp = c.p;
	out->argc = argc;
	out->envc = envc;
	out->argv = out->sp + 8;
	out->envp = out->argv + ((u64)argc + 1) * 8;
	out->auxv = out->envp + ((u64)envc + 1) * 8;

	memset(b + (out->sp - c.base), 0, user_top - out->sp);
	memcpy(b + (out->sp - c.base), &(u64){argc}, 8);
	stack_put_strings(b, c.base, out->arg_start, out->argv, argv, argc);
	stack_put_strings(b, c.base, out->env_start, out->envp, args->envp,
			  envc);
	memcpy(b + (out->execfn - c.base), args->execfn, execfn_len);
	if (args->platform)
		memcpy(b + (out->platform - c.base), args->platform,
		       platform_len);
	memcpy(b + (out->random - c.base), args->random, 16);
	memcpy(b + (out->auxv - c.base), aux, (size_t)out->auxc * 16);
	return 0;
}
