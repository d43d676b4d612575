// SPDX-License-Identifier: MIT
/*
 * mkimage_lib: build a keel boot image from setup.bin, the flat payload
 * and the kernel's ELF file. See mkimage_lib.h for the image layout.
 */
#include "tools/mkimage_lib.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootparam.h"

/*
 * The few ELF64 facts mkimage needs (System V gABI, "ELF Header" and
 * "Program Header"): field offsets within the file header and within one
 * program header, read byte by byte as little-endian values.
 */
#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EM_X86_64 62
#define PT_LOAD 1

#define ELF64_EHDR_SIZE 64
#define E_MACHINE_OFF 18
#define E_PHOFF_OFF 32
#define E_PHENTSIZE_OFF 54
#define E_PHNUM_OFF 56

#define E_SHOFF_OFF 40
#define E_SHENTSIZE_OFF 58
#define E_SHNUM_OFF 60

#define ELF64_SHDR_SIZE 64
#define SH_TYPE_OFF 4
#define SH_OFFSET_OFF 24
#define SH_SIZE_OFF 32
#define SH_LINK_OFF 40
#define SHT_SYMTAB 2
#define ELF64_SYM_SIZE 24
#define ST_NAME_OFF 0
#define ST_VALUE_OFF 8

#define ELF64_PHDR_SIZE 56
#define P_TYPE_OFF 0
#define P_VADDR_OFF 16
#define P_PADDR_OFF 24
#define P_MEMSZ_OFF 40

static const uint8_t elf_magic[4] = {0x7f, 'E', 'L', 'F'};

/* The jump at 0x200 is a short jmp (0xEB rel8) over the header. */
#define SETUP_JUMP_OPCODE 0xeb
#define SETUP_JUMP_END 0x202

/* The header fields mkimage reads and writes must all be present. */
#define SETUP_HDR_END (IMAGE_OFF(kernel_info_offset) + sizeof(uint32_t))

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write a formatted message into @err (when there is room for one). */
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int mkimage_check_header(const uint8_t *setup, size_t setup_len, char *err,
			 size_t errlen)
{
	uint16_t version;
	size_t hdr_end;

	if (setup_len < SETUP_HDR_END) {
		set_err(err, errlen,
			"setup is %zu bytes, too short for the 2.15 setup "
			"header (ends at %#zx)",
			setup_len, (size_t)SETUP_HDR_END);
		return -EINVAL;
	}
	if (get_le16(setup + IMAGE_OFF(boot_flag)) != BOOT_FLAG_MAGIC) {
		set_err(err, errlen,
			"setup has %#06x at boot_flag (%#zx), not the boot "
			"flag %#06x",
			get_le16(setup + IMAGE_OFF(boot_flag)),
			(size_t)IMAGE_OFF(boot_flag), BOOT_FLAG_MAGIC);
		return -EINVAL;
	}
	if (get_le32(setup + IMAGE_OFF(header)) != SETUP_HDR_MAGIC) {
		set_err(err, errlen,
			"setup has %#010x at %#zx, not the header magic "
			"\"HdrS\" (%#010x)",
			get_le32(setup + IMAGE_OFF(header)),
			(size_t)IMAGE_OFF(header), SETUP_HDR_MAGIC);
		return -EINVAL;
	}
	version = get_le16(setup + IMAGE_OFF(version));
	if (version < MKIMAGE_MIN_PROTOCOL) {
		set_err(err, errlen,
			"setup header speaks boot protocol %u.%02u (%#06x); "
			"mkimage needs >= %u.%02u for kernel_info",
			version >> 8, version & 0xff, version,
			MKIMAGE_MIN_PROTOCOL >> 8, MKIMAGE_MIN_PROTOCOL & 0xff);
		return -EINVAL;
	}
	hdr_end = SETUP_JUMP_END + setup[IMAGE_OFF(jump) + 1];
	if (setup[IMAGE_OFF(jump)] != SETUP_JUMP_OPCODE ||
	    hdr_end < SETUP_HDR_END) {
		set_err(err, errlen,
			"setup's jump at %#zx (%02x %02x) ends the header at "
			"%#zx, before the 2.15 header's end %#zx",
			(size_t)IMAGE_OFF(jump), setup[IMAGE_OFF(jump)],
			setup[IMAGE_OFF(jump) + 1], hdr_end,
			(size_t)SETUP_HDR_END);
		return -EINVAL;
	}
	return 0;
}

int mkimage_setup_sects(size_t setup_len, uint8_t *setup_sects, char *err,
			size_t errlen)
{
	size_t sectors = setup_len / SECTOR_SIZE + !!(setup_len % SECTOR_SIZE);
	size_t after_boot = sectors ? sectors - 1 : 0;

	if (after_boot < SETUP_SECTS_MIN)
		after_boot = SETUP_SECTS_MIN;
	if (after_boot > SETUP_SECTS_MAX) {
		set_err(err, errlen,
			"setup is %zu bytes: %zu sectors after the boot "
			"sector, more than SETUP_SECTS_MAX %d",
			setup_len, after_boot, SETUP_SECTS_MAX);
		return -E2BIG;
	}
	*setup_sects = (uint8_t)after_boot;
	return 0;
}

int mkimage_syssize(size_t payload_len, uint32_t *syssize, char *err,
		    size_t errlen)
{
	size_t units =
		payload_len / SYSSIZE_UNIT + !!(payload_len % SYSSIZE_UNIT);

	if (!payload_len) {
		set_err(err, errlen, "payload is empty");
		return -EINVAL;
	}
	if (units > UINT32_MAX) {
		set_err(err, errlen,
			"payload is %zu bytes: %zu 16-byte units overflow the "
			"32-bit syssize",
			payload_len, units);
		return -EOVERFLOW;
	}
	*syssize = (uint32_t)units;
	return 0;
}

/* Check the ELF file header; set the program header table's place. */
static int elf_check_ehdr(const uint8_t *elf, size_t elf_len, uint64_t *phoff,
			  size_t *phnum, size_t *phentsize, char *err,
			  size_t errlen)
{
	if (elf_len < ELF64_EHDR_SIZE) {
		set_err(err, errlen,
			"ELF file is %zu bytes, shorter than an ELF64 header "
			"(%d)",
			elf_len, ELF64_EHDR_SIZE);
		return -ENOEXEC;
	}
	if (memcmp(elf, elf_magic, sizeof(elf_magic))) {
		set_err(err, errlen,
			"not an ELF file: starts with %02x %02x %02x %02x",
			elf[0], elf[1], elf[2], elf[3]);
		return -ENOEXEC;
	}
	if (elf[EI_CLASS] != ELFCLASS64 || elf[EI_DATA] != ELFDATA2LSB ||
	    get_le16(elf + E_MACHINE_OFF) != EM_X86_64) {
		set_err(err, errlen,
			"ELF file is not little-endian ELF64 x86_64 (class %u, "
			"data %u, machine %u)",
			elf[EI_CLASS], elf[EI_DATA],
			get_le16(elf + E_MACHINE_OFF));
		return -ENOEXEC;
	}
	*phoff = get_le64(elf + E_PHOFF_OFF);
	*phnum = get_le16(elf + E_PHNUM_OFF);
	*phentsize = get_le16(elf + E_PHENTSIZE_OFF);
	if (*phnum && *phentsize < ELF64_PHDR_SIZE) {
		set_err(err, errlen,
			"ELF program header entries are %zu bytes, smaller "
			"than ELF64's %d",
			*phentsize, ELF64_PHDR_SIZE);
		return -ENOEXEC;
	}
	if (*phoff > elf_len || *phnum * *phentsize > elf_len - *phoff) {
		set_err(err, errlen,
			"ELF program headers truncated: %zu x %zu bytes at "
			"%#llx, file is %zu bytes",
			*phnum, *phentsize, (unsigned long long)*phoff,
			elf_len);
		return -ENOEXEC;
	}
	return 0;
}

int mkimage_elf_init_size(const uint8_t *elf, size_t elf_len,
			  uint32_t *init_size, char *err, size_t errlen)
{
	uint64_t phoff, lo = UINT64_MAX, hi = 0, span;
	size_t phnum, phentsize, i;
	int ret;

	ret = elf_check_ehdr(elf, elf_len, &phoff, &phnum, &phentsize, err,
			     errlen);
	if (ret)
		return ret;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = elf + phoff + i * phentsize;
		uint64_t paddr = get_le64(ph + P_PADDR_OFF);
		uint64_t memsz = get_le64(ph + P_MEMSZ_OFF);

		if (get_le32(ph + P_TYPE_OFF) != PT_LOAD || !memsz)
			continue;
		if (paddr + memsz < paddr) {
			set_err(err, errlen,
				"ELF PT_LOAD segment %zu wraps: p_paddr %#llx "
				"+ p_memsz %#llx",
				i, (unsigned long long)paddr,
				(unsigned long long)memsz);
			return -EOVERFLOW;
		}
		if (paddr < lo)
			lo = paddr;
		if (paddr + memsz > hi)
			hi = paddr + memsz;
	}
	if (lo == UINT64_MAX) {
		set_err(err, errlen,
			"ELF file has no non-empty PT_LOAD segment (%zu "
			"program headers)",
			phnum);
		return -ENOEXEC;
	}
	span = hi - lo;
	if (span > UINT32_MAX - (INIT_SIZE_ALIGN - 1)) {
		set_err(err, errlen,
			"ELF PT_LOAD segments span %#llx bytes (%#llx-%#llx), "
			"too large for init_size",
			(unsigned long long)span, (unsigned long long)lo,
			(unsigned long long)hi);
		return -EOVERFLOW;
	}
	*init_size = (uint32_t)ALIGN(span, (uint64_t)INIT_SIZE_ALIGN);
	return 0;
}

/* Bytes [off, off + len) lie inside a buffer of @size bytes. */
static bool in_buf(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/* Look @name up in the ELF's symbol table: 1 found (*@value set), 0 not
 * there (or no symbol table), negative on a malformed table. */
static int elf_symbol(const uint8_t *elf, size_t elf_len, const char *name,
		      uint64_t *value, char *err, size_t errlen)
{
	uint64_t shoff = get_le64(elf + E_SHOFF_OFF);
	size_t shnum = get_le16(elf + E_SHNUM_OFF);
	size_t i, j, nlen = strlen(name);

	if (!shoff || !shnum)
		return 0;
	if (get_le16(elf + E_SHENTSIZE_OFF) != ELF64_SHDR_SIZE ||
	    !in_buf(shoff, (uint64_t)shnum * ELF64_SHDR_SIZE, elf_len)) {
		set_err(err, errlen,
			"ELF section headers (%zu at %#llx) run past the "
			"file's %zu bytes",
			shnum, (unsigned long long)shoff, elf_len);
		return -ENOEXEC;
	}
	for (i = 0; i < shnum; i++) {
		const uint8_t *sh = elf + shoff + i * ELF64_SHDR_SIZE;
		uint64_t off = get_le64(sh + SH_OFFSET_OFF);
		uint64_t size = get_le64(sh + SH_SIZE_OFF);
		uint32_t link = get_le32(sh + SH_LINK_OFF);
		const uint8_t *str;
		uint64_t stroff, strsize;

		if (get_le32(sh + SH_TYPE_OFF) != SHT_SYMTAB)
			continue;
		if (link >= shnum || !in_buf(off, size, elf_len)) {
			set_err(err, errlen,
				"ELF symbol table (section %zu) is malformed",
				i);
			return -ENOEXEC;
		}
		str = elf + shoff + (size_t)link * ELF64_SHDR_SIZE;
		stroff = get_le64(str + SH_OFFSET_OFF);
		strsize = get_le64(str + SH_SIZE_OFF);
		if (!in_buf(stroff, strsize, elf_len)) {
			set_err(err, errlen,
				"ELF string table (section %u) runs past the "
				"file",
				link);
			return -ENOEXEC;
		}
		for (j = 0; j < size / ELF64_SYM_SIZE; j++) {
			const uint8_t *sym = elf + off + j * ELF64_SYM_SIZE;
			uint32_t n = get_le32(sym + ST_NAME_OFF);

			if (n >= strsize || strsize - n <= nlen ||
			    memcmp(elf + stroff + n, name, nlen + 1))
				continue;
			*value = get_le64(sym + ST_VALUE_OFF);
			return 1;
		}
	}
	return 0;
}

int mkimage_elf_payload(const uint8_t *elf, size_t elf_len, size_t payload_len,
			uint32_t *offset, uint32_t *length, char *err,
			size_t errlen)
{
	uint64_t phoff, lo = UINT64_MAX, start = 0, end = 0;
	size_t phnum, phentsize, i;
	int ret, have_start, have_end;

	*offset = *length = 0;
	ret = elf_check_ehdr(elf, elf_len, &phoff, &phnum, &phentsize, err,
			     errlen);
	if (ret)
		return ret;
	have_start = elf_symbol(elf, elf_len, "z_input", &start, err, errlen);
	if (have_start < 0)
		return have_start;
	have_end = elf_symbol(elf, elf_len, "z_input_end", &end, err, errlen);
	if (have_end < 0)
		return have_end;
	if (!have_start && !have_end)
		return 0; /* the kernel itself: no compressed payload */
	if (!have_start || !have_end) {
		set_err(err, errlen,
			"ELF defines only one of z_input and z_input_end");
		return -EINVAL;
	}
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = elf + phoff + i * phentsize;

		if (get_le32(ph + P_TYPE_OFF) == PT_LOAD &&
		    get_le64(ph + P_MEMSZ_OFF) &&
		    get_le64(ph + P_VADDR_OFF) < lo)
			lo = get_le64(ph + P_VADDR_OFF);
	}
	if (lo == UINT64_MAX || start < lo || end < start ||
	    end - lo > payload_len || end - start > UINT32_MAX) {
		set_err(err, errlen,
			"compressed kernel z_input %#llx..z_input_end %#llx "
			"is not inside the %zu-byte payload loaded at %#llx",
			(unsigned long long)start, (unsigned long long)end,
			payload_len, (unsigned long long)lo);
		return -EINVAL;
	}
	*offset = (uint32_t)(start - lo);
	*length = (uint32_t)(end - start);
	return 0;
}

/* Check the kernel_info block found at @off in the payload. */
static int check_kernel_info(const uint8_t *payload, size_t payload_len,
			     size_t off, char *err, size_t errlen)
{
	const uint8_t *ki = payload + off;
	uint32_t size, size_total;

	if (payload_len - off < sizeof(struct kernel_info)) {
		set_err(err, errlen,
			"kernel_info at %#zx: its %zu-byte fixed part runs "
			"past the payload's end (%#zx)",
			off, sizeof(struct kernel_info), payload_len);
		return -EINVAL;
	}
	size = get_le32(ki + offsetof(struct kernel_info, size));
	size_total = get_le32(ki + offsetof(struct kernel_info, size_total));
	if (size < sizeof(struct kernel_info)) {
		set_err(err, errlen,
			"kernel_info at %#zx has size %u, smaller than its "
			"fixed part (%zu)",
			off, size, sizeof(struct kernel_info));
		return -EINVAL;
	}
	if (size_total < size) {
		set_err(err, errlen,
			"kernel_info at %#zx has size_total %u smaller than "
			"size %u",
			off, size_total, size);
		return -EINVAL;
	}
	if (size_total > payload_len - off) {
		set_err(err, errlen,
			"kernel_info at %#zx with size_total %u runs past the "
			"payload's end (%#zx)",
			off, size_total, payload_len);
		return -EINVAL;
	}
	return 0;
}

int mkimage_find_kernel_info(const uint8_t *payload, size_t payload_len,
			     uint32_t *offset, char *err, size_t errlen)
{
	size_t off, found = 0;
	bool seen = false;

	for (off = 0; off + sizeof(uint32_t) <= payload_len;
	     off += sizeof(uint32_t)) {
		if (get_le32(payload + off) != KERNEL_INFO_MAGIC)
			continue;
		if (seen) {
			set_err(err, errlen,
				"kernel_info magic \"LToP\" found twice in the "
				"payload, at %#zx and %#zx",
				found, off);
			return -EEXIST;
		}
		seen = true;
		found = off;
	}
	if (!seen) {
		set_err(err, errlen,
			"no kernel_info (magic \"LToP\" at a 4-byte aligned "
			"offset) in the %zu-byte payload",
			payload_len);
		return -ENOENT;
	}
	if (found > UINT32_MAX) {
		set_err(err, errlen,
			"kernel_info at %#zx is beyond a 32-bit offset", found);
		return -EOVERFLOW;
	}
	if (check_kernel_info(payload, payload_len, found, err, errlen))
		return -EINVAL;
	*offset = (uint32_t)found;
	return 0;
}

/* Check that the payload fits in init_size and init_size in the kernel's
 * text mapping. */
static int check_fit(size_t payload_len, uint32_t init_size, char *err,
		     size_t errlen)
{
	if (init_size > KERNEL_IMAGE_SIZE) {
		set_err(err, errlen,
			"init_size %#x (%u MiB) is larger than "
			"KERNEL_IMAGE_SIZE %#x (the 1 GiB kernel text "
			"area)",
			init_size, init_size >> 20,
			(unsigned int)KERNEL_IMAGE_SIZE);
		return -E2BIG;
	}
	if (payload_len > init_size) {
		set_err(err, errlen,
			"payload is %zu bytes, larger than init_size %u from "
			"the ELF's PT_LOAD segments",
			payload_len, init_size);
		return -E2BIG;
	}
	return 0;
}

static uint32_t align_up32(uint32_t v, uint32_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int mkimage_pe_fields(const uint8_t *setup, size_t setup_len,
		      size_t payload_len, uint32_t init_size,
		      struct mkimage_output *out, char *err, size_t errlen)
{
	uint32_t pe, opt_size, scn, salign, falign, entry, raw, vsize;
	size_t setup_size =
		(setup_len + SECTOR_SIZE - 1) / SECTOR_SIZE * SECTOR_SIZE;

	out->pe_offset = 0;
	if (setup_len < 2 || setup[0] != 'M' || setup[1] != 'Z')
		return 0;
	pe = get_le32(setup + PE_E_LFANEW);
	if (pe < PE_E_LFANEW + 4 || pe % 8 ||
	    (uint64_t)pe + PE_OPT + PE_OPT_MIN_SIZE > setup_len) {
		set_err(err, errlen,
			"PE header offset %#x (e_lfanew) is not an 8-byte "
			"aligned offset inside the %zu-byte setup",
			pe, setup_len);
		return -ENOEXEC;
	}
	if (get_le32(setup + pe) != PE_SIGNATURE ||
	    get_le16(setup + pe + 4) != PE_MACHINE_AMD64 ||
	    get_le16(setup + pe + PE_OPT) != PE_OPT_MAGIC_PE32PLUS) {
		set_err(err, errlen,
			"PE header at %#x: signature %#x, machine %#x, "
			"optional "
			"header magic %#x; want %#x, %#x, %#x (PE32+ x86_64)",
			pe, get_le32(setup + pe), get_le16(setup + pe + 4),
			get_le16(setup + pe + PE_OPT), PE_SIGNATURE,
			PE_MACHINE_AMD64, PE_OPT_MAGIC_PE32PLUS);
		return -ENOEXEC;
	}
	opt_size = get_le16(setup + pe + PE_OPT_SIZE);
	scn = pe + PE_OPT + opt_size;
	if (get_le16(setup + pe + PE_NR_SECTIONS) != 1 ||
	    opt_size < PE_OPT_MIN_SIZE ||
	    (uint64_t)scn + PE_SCN_SIZE > setup_len) {
		set_err(err, errlen,
			"PE header at %#x: %u sections, optional header of %u "
			"bytes; want 1 section, at least %u bytes, inside the "
			"setup",
			pe, get_le16(setup + pe + PE_NR_SECTIONS), opt_size,
			PE_OPT_MIN_SIZE);
		return -ENOEXEC;
	}
	salign = get_le32(setup + pe + PE_OPT_SECTION_ALIGN);
	falign = get_le32(setup + pe + PE_OPT_FILE_ALIGN);
	if (salign != 4096 || falign < 512 || falign > salign ||
	    (falign & (falign - 1)) || setup_size % salign ||
	    get_le32(setup + scn + PE_SCN_VADDR) != setup_size ||
	    get_le32(setup + scn + PE_SCN_RAW_PTR) != setup_size ||
	    get_le32(setup + pe + PE_OPT_SIZE_OF_HEADERS) != setup_size) {
		set_err(err, errlen,
			"PE layout: SectionAlignment %#x, FileAlignment %#x, "
			".text at %#x (file %#x), SizeOfHeaders %#x; want 4 "
			"KiB "
			"sections and .text at the setup's end, %#zx",
			salign, falign, get_le32(setup + scn + PE_SCN_VADDR),
			get_le32(setup + scn + PE_SCN_RAW_PTR),
			get_le32(setup + pe + PE_OPT_SIZE_OF_HEADERS),
			setup_size);
		return -ENOEXEC;
	}
	entry = get_le32(setup + pe + PE_OPT_ENTRY);
	if (entry < setup_size || entry - setup_size >= payload_len) {
		set_err(err, errlen,
			"PE entry point %#x is not inside the payload "
			"[%#zx, %#zx)",
			entry, setup_size, setup_size + payload_len);
		return -ENOEXEC;
	}
	if (payload_len > UINT32_MAX - falign ||
	    init_size > UINT32_MAX - salign - setup_size) {
		set_err(err, errlen,
			"payload of %zu bytes or init_size %#x too large for "
			"a PE image",
			payload_len, init_size);
		return -EOVERFLOW;
	}
	raw = align_up32((uint32_t)payload_len, falign);
	vsize = init_size > raw ? init_size : raw;
	out->pe_offset = pe;
	out->pe_raw_size = raw;
	out->pe_image_size = align_up32((uint32_t)setup_size + vsize, salign);
	return 0;
}

/* Gather every patched value; nothing is built until all are valid. */
static int compute_fields(const struct mkimage_input *in,
			  struct mkimage_output *f, char *err, size_t errlen)
{
	int ret;

	ret = mkimage_check_header(in->setup, in->setup_len, err, errlen);
	if (!ret)
		ret = mkimage_setup_sects(in->setup_len, &f->setup_sects, err,
					  errlen);
	if (!ret)
		ret = mkimage_syssize(in->payload_len, &f->syssize, err,
				      errlen);
	if (!ret)
		ret = mkimage_elf_init_size(in->elf, in->elf_len, &f->init_size,
					    err, errlen);
	if (!ret)
		ret = check_fit(in->payload_len, f->init_size, err, errlen);
	if (!ret)
		ret = mkimage_pe_fields(in->setup, in->setup_len,
					in->payload_len, f->init_size, f, err,
					errlen);
	if (!ret)
		ret = mkimage_find_kernel_info(in->payload, in->payload_len,
					       &f->kernel_info_offset, err,
					       errlen);
	if (!ret)
		ret = mkimage_elf_payload(in->elf, in->elf_len, in->payload_len,
					  &f->payload_offset,
					  &f->payload_length, err, errlen);
	return ret;
}

int mkimage_build(const struct mkimage_input *in, struct mkimage_output *out,
		  char *err, size_t errlen)
{
	struct mkimage_output f = {0};
	size_t setup_size;
	uint8_t *img;
	int ret;

	ret = compute_fields(in, &f, err, errlen);
	if (ret)
		return ret;
	setup_size = ((size_t)f.setup_sects + 1) * SECTOR_SIZE;
	f.image_len = setup_size + (size_t)f.syssize * SYSSIZE_UNIT;
	if (f.pe_offset && f.image_len < setup_size + f.pe_raw_size)
		f.image_len = setup_size + f.pe_raw_size; /* whole section */
	img = calloc(1, f.image_len);
	if (!img) {
		set_err(err, errlen, "out of memory for a %zu-byte image",
			f.image_len);
		return -ENOMEM;
	}
	memcpy(img, in->setup, in->setup_len);
	memcpy(img + setup_size, in->payload, in->payload_len);
	img[IMAGE_OFF(setup_sects)] = f.setup_sects;
	put_le32(img + IMAGE_OFF(syssize), f.syssize);
	put_le32(img + IMAGE_OFF(init_size), f.init_size);
	put_le32(img + IMAGE_OFF(kernel_info_offset), f.kernel_info_offset);
	put_le32(img + IMAGE_OFF(payload_offset), f.payload_offset);
	put_le32(img + IMAGE_OFF(payload_length), f.payload_length);
	if (f.pe_offset) {
		uint8_t *pe = img + f.pe_offset;
		uint8_t *scn = pe + PE_OPT + get_le16(pe + PE_OPT_SIZE);

		put_le32(pe + PE_OPT_SIZE_OF_CODE, f.pe_raw_size);
		put_le32(pe + PE_OPT_SIZE_OF_IMAGE, f.pe_image_size);
		put_le32(scn + PE_SCN_RAW_SIZE, f.pe_raw_size);
		put_le32(scn + PE_SCN_VSIZE,
			 f.pe_image_size - (uint32_t)setup_size);
	}
	f.image = img;
	*out = f;
	return 0;
}

void mkimage_output_free(struct mkimage_output *out)
{
	free(out->image);
	out->image = NULL;
	out->image_len = 0;
}
