// SPDX-License-Identifier: MIT
/*
 * relocs: the relocation table of a kernel linked with --emit-relocs
 * (host program).
 *
 *   relocs KERNEL.ELF -o TABLE       write the table (kernel/lib/kreloc.h)
 *   relocs -n ELF [-o TABLE]         check that ELF needs no relocation
 *                                    to run at any address (and write
 *                                    its empty table, a build stamp)
 *
 * Which relocations a move of the kernel's virtual addresses touches:
 *   R_X86_64_64 against a kernel symbol    the 64-bit address moves
 *   R_X86_64_32S against a kernel symbol   the 32-bit address moves
 *   PC-relative ones between kernel symbols  nothing (both ends move)
 *   anything against an absolute symbol   nothing (a number, not an
 *                                          address of the image; so is
 *                                          a symbol whose value lies
 *                                          outside the image's span)
 * A PC-relative reference from the image to an absolute symbol, an
 * R_X86_64_32 against a kernel symbol, or a type not listed would need a
 * fix-up keel does not make: relocs refuses it, naming the place.
 *
 * The value stored is symbol + addend, which need not lie inside the
 * image (code computes __pa of a symbol as symbol - the linked base +
 * the load address, folded into one constant); it moves all the same,
 * because the symbol does. Every place listed lies in the file-backed
 * part of the image.
 */
#include <elf.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/kreloc.h"

struct image {
	const uint8_t *file;
	size_t len;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	uint64_t lo, hi; /* PT_LOAD span, virtual */
	uint64_t file_hi; /* end of the file-backed part, virtual */
};

struct list {
	uint32_t *v;
	size_t n, cap;
};

static const char *prog = "relocs";

static __attribute__((format(printf, 1, 2))) int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int push(struct list *l, uint32_t v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		uint32_t *nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv)
			return fail("out of memory");
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}

static int cmp32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int in_file(const struct image *im, uint64_t off, uint64_t size)
{
	return off <= im->len && size <= im->len - off;
}

static int open_image(struct image *im, const char *path)
{
	const Elf64_Phdr *ph;
	int found = 0;

	if (im->len < sizeof(Elf64_Ehdr))
		return fail("%s: too short for an ELF header (%llu bytes)",
			    path, (unsigned long long)im->len);
	im->eh = (const Elf64_Ehdr *)im->file;
	if (memcmp(im->eh->e_ident, ELFMAG, SELFMAG) ||
	    im->eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    im->eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    im->eh->e_machine != EM_X86_64)
		return fail("%s: not a little-endian ELF64 x86-64 file", path);
	if (im->eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !in_file(im, im->eh->e_shoff,
		     (uint64_t)im->eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    im->eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(im, im->eh->e_phoff,
		     (uint64_t)im->eh->e_phnum * sizeof(Elf64_Phdr)))
		return fail("%s: section or program headers outside the file "
			    "(shoff %#llx, phoff %#llx)",
			    path, (unsigned long long)im->eh->e_shoff,
			    (unsigned long long)im->eh->e_phoff);
	im->sh = (const Elf64_Shdr *)(im->file + im->eh->e_shoff);
	ph = (const Elf64_Phdr *)(im->file + im->eh->e_phoff);
	for (unsigned int i = 0; i < im->eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (!found || ph[i].p_vaddr < im->lo)
			im->lo = ph[i].p_vaddr;
		if (!found || ph[i].p_vaddr + ph[i].p_memsz > im->hi)
			im->hi = ph[i].p_vaddr + ph[i].p_memsz;
		if (!found || ph[i].p_vaddr + ph[i].p_filesz > im->file_hi)
			im->file_hi = ph[i].p_vaddr + ph[i].p_filesz;
		found = 1;
	}
	if (!found)
		return fail("%s: no PT_LOAD segment", path);
	return 0;
}

static const char *sym_name(const struct image *im, const Elf64_Shdr *symtab,
			    const Elf64_Sym *s)
{
	const Elf64_Shdr *strtab;

	if (symtab->sh_link >= im->eh->e_shnum)
		return "?";
	strtab = &im->sh[symtab->sh_link];
	if (!in_file(im, strtab->sh_offset, strtab->sh_size) ||
	    s->st_name >= strtab->sh_size)
		return "?";
	if (s->st_info == ELF64_ST_INFO(STB_LOCAL, STT_SECTION))
		return "(section)";
	return (const char *)im->file + strtab->sh_offset + s->st_name;
}

/* Sort the relocations of one SHT_RELA section into @l64 and @l32. */
static int scan_rela(const struct image *im, const Elf64_Shdr *rs,
		     struct list *l64, struct list *l32, const char *path)
{
	const Elf64_Shdr *target, *symtab;
	const Elf64_Rela *r;
	size_t n;

	if (rs->sh_info >= im->eh->e_shnum || rs->sh_link >= im->eh->e_shnum)
		return fail(
			"%s: relocation section with bad links (%llu, %llu)",
			path, (unsigned long long)rs->sh_info,
			(unsigned long long)rs->sh_link);
	target = &im->sh[rs->sh_info];
	symtab = &im->sh[rs->sh_link];
	if (!(target->sh_flags & SHF_ALLOC))
		return 0; /* debug information: not loaded */
	if (rs->sh_entsize != sizeof(Elf64_Rela) ||
	    !in_file(im, rs->sh_offset, rs->sh_size) ||
	    !in_file(im, symtab->sh_offset, symtab->sh_size) ||
	    symtab->sh_entsize != sizeof(Elf64_Sym))
		return fail("%s: malformed relocation section at %#llx "
			    "(entsize %llu)",
			    path, (unsigned long long)rs->sh_offset,
			    (unsigned long long)rs->sh_entsize);
	r = (const Elf64_Rela *)(im->file + rs->sh_offset);
	n = rs->sh_size / sizeof(*r);
	for (size_t i = 0; i < n; i++) {
		uint32_t type = ELF64_R_TYPE(r[i].r_info);
		uint64_t symi = ELF64_R_SYM(r[i].r_info);
		uint64_t where = r[i].r_offset;
		const Elf64_Sym *s;
		int absolute, pcrel = 0, width;
		const char *name;

		if (symi * sizeof(Elf64_Sym) >= symtab->sh_size)
			return fail("%s: relocation at %#llx names symbol %llu "
				    "past the symbol table",
				    path, (unsigned long long)where,
				    (unsigned long long)symi);
		s = (const Elf64_Sym *)(im->file + symtab->sh_offset) + symi;
		name = sym_name(im, symtab, s);
		/* A symbol outside the image's virtual span is a number
		 * even when the linker tied it to a section (kernel.ld's
		 * pvh_text_phys = _text - __START_KERNEL_map). */
		absolute = s->st_shndx == SHN_ABS || s->st_shndx == SHN_UNDEF ||
			   s->st_value < im->lo || s->st_value > im->hi;
		switch (type) {
		case R_X86_64_NONE:
		case R_X86_64_SIZE32:
		case R_X86_64_SIZE64:
			continue;
		case R_X86_64_PC8:
		case R_X86_64_PC16:
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
		case R_X86_64_PC64:
		case R_X86_64_GOTPCREL:
		case R_X86_64_GOTPCRELX:
		case R_X86_64_REX_GOTPCRELX:
			pcrel = 1;
			width = 0;
			break;
		case R_X86_64_64:
			width = 8;
			break;
		case R_X86_64_32S:
			width = 4;
			break;
		case R_X86_64_8:
		case R_X86_64_16:
		case R_X86_64_32:
			if (absolute)
				continue;
			return fail("%s: a zero-extended address (type %u) "
				    "of symbol %s at %#llx cannot move",
				    path, type, name,
				    (unsigned long long)where);
		default:
			return fail("%s: relocation type %u against %s at "
				    "%#llx is not handled",
				    path, type, name,
				    (unsigned long long)where);
		}
		if (pcrel) {
			if (s->st_shndx == SHN_ABS && s->st_value)
				return fail(
					"%s: PC-relative reference at %#llx "
					"to absolute symbol %s (value "
					"%#llx) cannot move",
					path, (unsigned long long)where, name,
					(unsigned long long)s->st_value);
			continue;
		}
		if (absolute)
			continue;
		if (where < im->lo || where + (uint64_t)width > im->file_hi)
			return fail("%s: address of symbol %s at %#llx is not "
				    "in the loaded image",
				    path, name, (unsigned long long)where);
		if (push(width == 8 ? l64 : l32, (uint32_t)(where - im->lo)))
			return -1;
	}
	return 0;
}

static int write_table(const char *out, struct list *l64, struct list *l32)
{
	uint32_t trailer[3] = {(uint32_t)l64->n, (uint32_t)l32->n,
			       KRELOC_MAGIC};
	FILE *f = fopen(out, "wb");

	if (!f)
		return fail("cannot create %s: %s", out, strerror(errno));
	if ((l64->n && fwrite(l64->v, 4, l64->n, f) != l64->n) ||
	    (l32->n && fwrite(l32->v, 4, l32->n, f) != l32->n) ||
	    fwrite(trailer, 4, 3, f) != 3 || fclose(f)) {
		remove(out);
		return fail("cannot write %s", out);
	}
	return 0;
}

static int read_all(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "%s: cannot read %s: %s\n", prog, path,
			strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	*buf = malloc((size_t)size + 1);
	if (!*buf || fread(*buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "%s: cannot read %s\n", prog, path);
		fclose(f);
		return -1;
	}
	fclose(f);
	*len = (size_t)size;
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *path;
	struct list l64 = {0}, l32 = {0};
	struct image im = {0};
	uint8_t *file = NULL;
	int none = 0, c, status = 1;

	while ((c = getopt(argc, argv, "o:n")) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'n')
			none = 1;
		else
			goto usage;
	}
	if (optind + 1 != argc || (!out && !none))
		goto usage;
	path = argv[optind];
	if (read_all(path, &file, &im.len))
		return 1;
	im.file = file;
	if (open_image(&im, path))
		goto done;
	if (im.hi - im.lo > UINT32_MAX) {
		fail("%s: image spans %#llx bytes, more than 32-bit offsets "
		     "reach",
		     path, (unsigned long long)(im.hi - im.lo));
		goto done;
	}
	int rela_sections = 0;
	for (unsigned int i = 0; i < im.eh->e_shnum; i++) {
		if (im.sh[i].sh_type == SHT_REL) {
			fail("%s: SHT_REL section %u: x86-64 uses RELA", path,
			     i);
			goto done;
		}
		if (im.sh[i].sh_type != SHT_RELA)
			continue;
		rela_sections++;
		if (scan_rela(&im, &im.sh[i], &l64, &l32, path))
			goto done;
	}
	if (!rela_sections) {
		fail("%s: no relocation sections: link with --emit-relocs",
		     path);
		goto done;
	}
	if (none) {
		if (l64.n || l32.n) {
			fail("%s: %llu absolute addresses of its own (first at "
			     "offset %#llx): it would not run where it is "
			     "moved",
			     path, (unsigned long long)(l64.n + l32.n),
			     (unsigned long long)(l64.n ? l64.v[0] : l32.v[0]));
			goto done;
		}
		if (out && write_table(out, &l64, &l32))
			goto done;
		status = 0;
		goto done;
	}
	qsort(l64.v, l64.n, 4, cmp32);
	qsort(l32.v, l32.n, 4, cmp32);
	if (write_table(out, &l64, &l32))
		goto done;
	status = 0;
done:
	free(file);
	free(l64.v);
	free(l32.v);
	return status;
usage:
	fprintf(stderr,
		"usage: %s KERNEL.ELF -o TABLE   (the kernel's relocations)\n"
		"       %s -n ELF [-o TABLE]     (check: no absolute "
		"addresses of its own)\n",
		prog, prog);
	return 2;
}
