/* SPDX-License-Identifier: MIT */
/*
 * ELF64 executables for execve, pure: the header and program-header
 * validator (elf_parse), where a static-PIE goes (elf_load_bias), "#!"
 * scripts (binprm_parse_shebang) and the initial user stack
 * (elf_build_stack). Nothing here maps memory or reads a file: the caller
 * hands in bytes and gets back decisions, or a filled buffer.
 *
 * What runs: ELF64 little-endian x86-64 static executables, ET_EXEC and
 * ET_DYN without PT_INTERP (static-PIE). A PT_INTERP (a dynamic program)
 * is refused with -ENOEXEC for now.
 *
 * Facts from the System V gABI ("ELF Header", "Program Header"), the
 * x86-64 psABI (3.4 "Process Initialization") and Linux's behaviour in
 * fs/binfmt_elf.c, fs/binfmt_script.c and fs/exec.c.
 */
#ifndef KEEL_LIB_ELF_H
#define KEEL_LIB_ELF_H

#include "kernel/lib/types.h"

/* e_ident[] indices and values (gABI, "ELF Identification"). */
#define EI_MAG0 0
#define EI_MAG1 1
#define EI_MAG2 2
#define EI_MAG3 3
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_OSABI 7
#define EI_NIDENT 16

#define ELFMAG0 0x7f
#define ELFMAG1 'E'
#define ELFMAG2 'L'
#define ELFMAG3 'F'
#define SELFMAG 4

#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1

/* e_type */
#define ET_NONE 0
#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define ET_CORE 4

/* e_machine */
#define EM_386 3
#define EM_X86_64 62

/* p_type */
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_SHLIB 5
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_EH_FRAME 0x6474e550
#define PT_GNU_STACK 0x6474e551
#define PT_GNU_RELRO 0x6474e552
#define PT_GNU_PROPERTY 0x6474e553

/* p_flags: the rights of a segment. */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h, x86 33/51). */
#define AT_NULL 0
#define AT_IGNORE 1
#define AT_EXECFD 2
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_NOTELF 10
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_BASE_PLATFORM 24
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_RSEQ_FEATURE_SIZE 27
#define AT_RSEQ_ALIGN 28
#define AT_EXECFN 31
#define AT_SYSINFO_EHDR 33
#define AT_MINSIGSTKSZ 51

typedef struct {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr is 64 bytes (gABI)");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr is 56 bytes (gABI)");

/*
 * The user address space an executable may occupy, Linux's 4-level
 * TASK_SIZE (one page short of 2^47) and its default vm.mmap_min_addr.
 * mm/vma.h has the same values for the VMAs; kernel/lib cannot include mm.
 */
#define ELF_USER_TOP 0x00007ffffffff000ULL
#define ELF_MIN_ADDR 0x10000ULL

/* Linux reads at most 64 KiB of program headers: 1170 entries. */
#define ELF_MAX_PHNUM (65536 / sizeof(Elf64_Phdr))
/* Loadable segments kept in struct elf_info (real static binaries: 2-5). */
#define ELF_MAX_LOADS 16

/*
 * Where an ET_DYN image goes (elf_load_bias): Linux's ELF_ET_DYN_BASE,
 * two thirds of the 47-bit window, rounded down to a page
 * (0x555555554000), plus up to 2^28 - 1 random pages (Linux's default
 * mmap_rnd_bits for x86-64: 1 TiB of spread). The segments keep their
 * relative layout; the bias is a multiple of the largest PT_LOAD p_align,
 * which may be at most ELF_DYN_MAX_ALIGN.
 */
#define ELF_ET_DYN_BASE 0x0000555555554000ULL
#define ELF_ET_DYN_RND_BITS 28
#define ELF_ET_DYN_RND_MASK ((1ULL << ELF_ET_DYN_RND_BITS) - 1)
#define ELF_DYN_MAX_ALIGN 0x40000000ULL /* 1 GiB */

/* One PT_LOAD segment, as in the file (ET_DYN: before the load bias). */
struct elf_segment {
	u64 vaddr; /* p_vaddr */
	u64 memsz; /* p_memsz, > 0 */
	u64 filesz; /* p_filesz, <= memsz; bytes from the file */
	u64 offset; /* p_offset; offset + filesz <= file size */
	u64 align; /* p_align: 0, 1 or a power of two */
	u32 flags; /* PF_R | PF_W | PF_X subset: the rights */
	u16 index; /* index in the program header table */
};

/* The PT_TLS template as the file states it (not checked: libc's data). */
struct elf_tls {
	u64 vaddr, offset, filesz, memsz, align;
};

/* What elf_parse learned from a valid image. */
struct elf_info {
	u64 entry; /* e_entry (ET_DYN: before the load bias) */
	u16 type; /* ET_EXEC or ET_DYN */
	u16 phnum; /* e_phnum, for AT_PHNUM */
	u64 phoff; /* e_phoff */
	/* PT_LOADs with p_memsz > 0, sorted by vaddr, not overlapping. */
	unsigned int nr_loads;
	struct elf_segment loads[ELF_MAX_LOADS];
	u64 lo; /* lowest vaddr of a segment */
	u64 hi; /* highest vaddr + memsz of a segment, <= ELF_USER_TOP */
	u64 align; /* largest PT_LOAD p_align, at least PAGE_SIZE */
	bool needs_bias; /* ET_DYN: add elf_load_bias() to every address */
	/*
	 * The program header table in memory (AT_PHDR, before the bias): as
	 * Linux does, inside the first PT_LOAD whose file bytes hold e_phoff.
	 * When none does, phdr_vaddr is 0 (Linux then passes the bare bias).
	 * PT_PHDR is not consulted, as in Linux.
	 */
	bool phdr_mapped;
	u64 phdr_vaddr;
	/*
	 * PT_GNU_STACK: its PF_X asks for an executable stack. Without the
	 * header x86-64 Linux gives a non-executable stack too.
	 */
	bool has_gnu_stack;
	bool exec_stack;
	bool has_tls; /* PT_TLS present (the last one, as libcs take it) */
	struct elf_tls tls;
};

/**
 * elf_check_magic - does @image start with the ELF magic "\x7fELF"?
 * @image: the first bytes of a file.
 * @size: how many.
 *
 * For execve choosing a format: unlike elf_parse it logs nothing, so a
 * script does not cost a log line.
 * Return: true for an ELF file (of any class or machine).
 * Context: any.
 */
bool elf_check_magic(const void *image, size_t size);

/**
 * elf_parse - validate an ELF64 executable and describe how to load it.
 * @image: the whole file; any alignment.
 * @size: its size in bytes.
 * @out: filled on success; left in an undefined state on failure.
 *
 * Checks the header (magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT in
 * e_ident and e_version, EM_X86_64, ET_EXEC or ET_DYN, e_phentsize 56,
 * 1 <= e_phnum <= ELF_MAX_PHNUM, an 8-byte aligned e_phoff with the table
 * inside the file) and every program header:
 * - PT_LOAD: p_align 0, 1 or a power of two; p_filesz <= p_memsz; file
 *   bytes inside the file and p_vaddr congruent to p_offset modulo the
 *   page size (when p_filesz > 0); [p_vaddr, p_vaddr + p_memsz) below
 *   ELF_USER_TOP; ET_EXEC: its first page at or above ELF_MIN_ADDR;
 *   sorted by p_vaddr and not overlapping the previous one (two segments
 *   may share a page); at most ELF_MAX_LOADS with p_memsz > 0.
 * - PT_INTERP: refused, dynamic executables are not supported yet.
 * - PT_GNU_STACK, PT_TLS: recorded.
 * Then: at least one PT_LOAD; e_entry inside a PF_X segment (Linux only
 * asks for e_entry below TASK_SIZE; any other entry faults on the first
 * instruction, so keel says why at exec instead); ET_DYN: the largest
 * p_align at most ELF_DYN_MAX_ALIGN and the image small enough that every
 * bias elf_load_bias may choose keeps it below ELF_USER_TOP.
 *
 * Every rejection logs one line starting "elf: " naming the bad values.
 * Return: 0; -ENOEXEC for a file that is not a runnable ELF64 x86-64
 * executable (header, table, file bounds, p_align, no PT_LOAD, too many,
 * PT_INTERP); -EINVAL for segments that cannot be placed in the user
 * address space (p_filesz > p_memsz, not congruent, out of range,
 * unsorted or overlapping, entry, ET_DYN span), as Linux's -EINVAL for its
 * address checks.
 * Context: any; reads only [@image, @image + @size).
 */
int elf_parse(const void *image, size_t size, struct elf_info *out);

/**
 * elf_load_bias - what to add to every address of a parsed image.
 * @info: from a successful elf_parse().
 * @rnd: random bits from the caller; the low ELF_ET_DYN_RND_BITS choose
 *       the page offset above ELF_ET_DYN_BASE (0: no randomisation).
 *
 * ET_EXEC: 0. ET_DYN: ELF_ET_DYN_BASE + (@rnd's pages), rounded down to
 * info->align, less info->lo rounded down to info->align; so each segment
 * keeps its p_align congruence and the image starts at or above that
 * base (Linux puts a static-PIE in the mmap area instead; keel uses the
 * rule Linux has for PIE programs, which leaves room for brk). elf_parse
 * made sure that info->hi plus the bias stays at or below ELF_USER_TOP.
 * Return: the bias; addresses wrap modulo 2^64 when it is "negative".
 * Context: any.
 */
u64 elf_load_bias(const struct elf_info *info, u64 rnd);

/* Linux's BINPRM_BUF_SIZE: how much of a file "#!" parsing sees. */
#define BINPRM_BUF_SIZE 256

/* The interpreter line of a script: pointers into the caller's buffer. */
struct binprm_shebang {
	const char *interp; /* no NUL, space or tab inside */
	size_t interp_len; /* 0 only for a line Linux also passes on as "" */
	bool has_arg; /* an optional argument follows */
	const char *arg; /* spaces and tabs inside are kept, as in Linux */
	size_t arg_len; /* may be 0 */
};

/**
 * binprm_parse_shebang - parse the "#!" line of a script as Linux does.
 * @buf: the first bytes of the file.
 * @len: how many; only the first BINPRM_BUF_SIZE count, and a shorter file
 *       reads as if padded with NULs to that size (Linux's bprm->buf).
 * @out: filled on success.
 *
 * "#!", optional spaces and tabs, the interpreter (up to a space, tab, NUL
 * or the end of the line), then optionally one argument: the rest of the
 * line with leading and trailing spaces and tabs dropped, up to a NUL.
 * The line ends at the first '\n' in the buffer. Without one, the path
 * must still end (space, tab or NUL) before the buffer's last byte, or it
 * might be truncated: Linux (since 5.0; older kernels ran the cut path)
 * refuses with -ENOEXEC, and so does keel, with a log line. An argument
 * may be cut at the buffer's last byte, as in Linux.
 * Return: 0; -ENOEXEC when @buf does not start with "#!", when the line has
 * no interpreter, or when the path has no end within the buffer.
 * Context: any; reads only [@buf, @buf + min(@len, BINPRM_BUF_SIZE)).
 */
int binprm_parse_shebang(const char *buf, size_t len,
			 struct binprm_shebang *out);

/*
 * Auxiliary vector values chosen by the caller (AT_RANDOM, AT_EXECFN and
 * AT_PLATFORM are addresses elf_build_stack fills in itself).
 */
struct elf_auxv {
	u64 sysinfo_ehdr; /* AT_SYSINFO_EHDR, the vDSO; 0 leaves it out */
	u64 minsigstksz; /* AT_MINSIGSTKSZ */
	u64 hwcap; /* AT_HWCAP: CPUID.1:EDX on x86 */
	u64 pagesz; /* AT_PAGESZ */
	u64 clktck; /* AT_CLKTCK: 100 */
	u64 phdr; /* AT_PHDR, with the bias */
	u64 phent; /* AT_PHENT: 56 */
	u64 phnum; /* AT_PHNUM */
	u64 base; /* AT_BASE: the interpreter's base, 0 */
	u64 flags; /* AT_FLAGS */
	u64 entry; /* AT_ENTRY, with the bias */
	u64 uid, euid, gid, egid; /* AT_UID, AT_EUID, AT_GID, AT_EGID */
	u64 secure; /* AT_SECURE */
	u64 hwcap2; /* AT_HWCAP2 */
	/* AT_RSEQ_FEATURE_SIZE and AT_RSEQ_ALIGN; 0 leaves both out. */
	u64 rseq_feature_size, rseq_align;
};

/**
 * elf_auxv_from_info - fill the image's part of an auxv.
 * @aux: AT_PHDR, AT_PHENT, AT_PHNUM, AT_ENTRY and AT_BASE are set; the
 *       other fields are left alone.
 * @info: from elf_parse().
 * @bias: from elf_load_bias().
 * Context: any.
 */
void elf_auxv_from_info(struct elf_auxv *aux, const struct elf_info *info,
			u64 bias);

/* Linux's limits on one argument or environment string, and on counts. */
#define MAX_ARG_STRLEN (32 * PAGE_SIZE) /* including the NUL */
#define MAX_ARG_STRINGS 0x7fffffff
/* Linux's arch_align_stack drops the stack by a random 0..8191 bytes. */
#define ELF_STACK_PAD_MASK 8191U

/* What goes on the initial stack. */
struct elf_stack_args {
	const char *const *argv; /* NULL-terminated; NULL or empty: {""} */
	const char *const *envp; /* NULL-terminated; NULL: none */
	const char *execfn; /* AT_EXECFN: the path given to execve */
	const char *platform; /* AT_PLATFORM, "x86_64"; NULL leaves it out */
	const u8 *random; /* the 16 bytes AT_RANDOM points at */
	u32 pad; /* random; its low 13 bits drop the stack (Linux) */
	struct elf_auxv auxv;
};

/* Most auxv pairs elf_build_stack writes, AT_NULL included. */
#define ELF_AUXV_MAX 23

/* Where elf_build_stack put things (user addresses). */
struct elf_stack_layout {
	u64 sp; /* the initial RSP, 16-byte aligned: argc is there */
	u64 argv; /* argv[0]'s slot, sp + 8 */
	u64 envp; /* envp[0]'s slot */
	u64 auxv; /* the first auxv pair */
	u64 arg_start, arg_end; /* the argv strings (mm->arg_start/end) */
	u64 env_start, env_end; /* the envp strings (mm->env_start/end) */
	u64 execfn, platform, random; /* platform 0 when left out */
	unsigned int argc, envc; /* argc 1 for an empty argv */
	unsigned int auxc; /* auxv pairs, AT_NULL included */
};

/**
 * elf_build_stack - lay out the initial user stack exactly as Linux does
 * for a static x86-64 executable.
 * @args: the strings and values.
 * @buf: the kernel's view of the stack's top @size bytes: @buf[@size - 1]
 *       is the byte at user address @user_top - 1.
 * @size: bytes in @buf.
 * @user_top: the user address just above the stack, 16-byte aligned, at
 *       most ELF_USER_TOP, at least @size.
 * @out: where things went; undefined on failure.
 *
 * Writes [@out->sp, @user_top) and nothing below; gaps are zeroed. See
 * the picture in elf.c.
 * Return: 0; -E2BIG when a string is MAX_ARG_STRLEN bytes or longer, when
 * there are more than MAX_ARG_STRINGS, or when it all does not fit in
 * @size bytes (then @buf is untouched); -EINVAL for a bad @user_top or
 * @size, or a NULL @execfn or @random.
 * Context: any; touches only @buf.
 */
int elf_build_stack(const struct elf_stack_args *args, void *buf, size_t size,
		    u64 user_top, struct elf_stack_layout *out);

#endif
