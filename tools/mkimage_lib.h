/* SPDX-License-Identifier: MIT */
/*
 * mkimage_lib: the logic of keel's image builder (host code, may use libc).
 *
 * A bootable keel image is laid out as the Linux x86 boot protocol expects
 * (Documentation/arch/x86/boot.rst, shared/REFERENCE.md section 1):
 *
 *   file offset 0                 boot sector (512 bytes, setup header at
 *                                 0x1f1, 0xAA55 at 0x1fe)
 *   0x200                         real-mode setup ("HdrS" at 0x202), padded
 *                                 with zeros to whole sectors; at least four
 *                                 sectors, at most SETUP_SECTS_MAX
 *   (setup_sects + 1) * 512       protected-mode payload (loaded at
 *                                 code32_start), padded to 16 bytes
 *
 * mkimage_build() works on memory buffers only, so that host tests can feed
 * it synthetic inputs; tools/mkimage.c does the file handling. Every
 * function reports a refusal as a negative errno code and writes a message
 * naming the problem and the values that caused it into @err.
 */
#ifndef KEEL_TOOLS_MKIMAGE_LIB_H
#define KEEL_TOOLS_MKIMAGE_LIB_H

#include <stddef.h>
#include <stdint.h>

/* KERNEL_IMAGE_SIZE: the kernel text mapping (0xffffffff80000000 upwards);
 * a kernel whose init_size does not fit in it cannot be mapped. */
#include "mm/layout.h"

/* Linux's builder never writes fewer than four setup sectors, because a
 * setup_sects of 0 means 4 to old loaders. */
#define SETUP_SECTS_MIN 4

/* The payload is padded, and syssize counted, in 16-byte paragraphs. */
#define SYSSIZE_UNIT 16

/* init_size is rounded up to whole pages. */
#define INIT_SIZE_ALIGN 4096

/* Oldest boot protocol version mkimage accepts: kernel_info needs 2.15. */
#define MKIMAGE_MIN_PROTOCOL 0x020f

/* PE32+ (the EFI stub, setup-efi.bin): the fields mkimage reads and
 * patches, as offsets from the PE signature. */
#define PE_E_LFANEW 0x3c
#define PE_SIGNATURE 0x00004550u /* "PE\0\0" */
#define PE_MACHINE_AMD64 0x8664
#define PE_OPT_MAGIC_PE32PLUS 0x020b
#define PE_NR_SECTIONS 6 /* u16, from the signature */
#define PE_OPT_SIZE 20 /* u16 SizeOfOptionalHeader */
#define PE_OPT 24 /* the optional header */
#define PE_OPT_SIZE_OF_CODE (PE_OPT + 4)
#define PE_OPT_ENTRY (PE_OPT + 16)
#define PE_OPT_SECTION_ALIGN (PE_OPT + 32)
#define PE_OPT_FILE_ALIGN (PE_OPT + 36)
#define PE_OPT_SIZE_OF_IMAGE (PE_OPT + 56)
#define PE_OPT_SIZE_OF_HEADERS (PE_OPT + 60)
#define PE_OPT_MIN_SIZE 112 /* PE32+ with no data directories */
#define PE_SCN_SIZE 40
#define PE_SCN_VSIZE 8
#define PE_SCN_VADDR 12
#define PE_SCN_RAW_SIZE 16
#define PE_SCN_RAW_PTR 20

/* The inputs, as bytes in memory. */
struct mkimage_input {
	const uint8_t *setup; /* boot sector + real-mode setup (setup.bin) */
	size_t setup_len;
	const uint8_t *payload; /* flat protected-mode kernel (keel.bin) */
	size_t payload_len;
	const uint8_t *elf; /* the linked kernel (keel.elf), for init_size */
	size_t elf_len;
};

/* The image and the values patched into its setup header. */
struct mkimage_output {
	uint8_t *image; /* malloc'd; release with mkimage_output_free() */
	size_t image_len;
	uint8_t setup_sects; /* sectors after the boot sector */
	uint32_t syssize; /* payload size in 16-byte units */
	uint32_t init_size; /* bytes needed from the load address */
	uint32_t pe_offset; /* the PE header, 0 when the setup has none */
	uint32_t pe_raw_size; /* the .text section's bytes in the file */
	uint32_t pe_image_size; /* SizeOfImage */
	uint32_t kernel_info_offset; /* offset of kernel_info in the payload */
	uint32_t payload_offset; /* the compressed kernel in the payload, */
	uint32_t payload_length; /* or 0 and 0 for an uncompressed one */
};

/**
 * mkimage_check_header() - check the setup header of a setup.bin
 * @setup: the boot sector and real-mode setup
 * @setup_len: its size in bytes
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * Requires the whole 2.15 setup header to be present (through
 * kernel_info_offset at 0x268) and declared by the jump at 0x200, the boot
 * flag 0xAA55 at 0x1fe, "HdrS" at 0x202 and a protocol version >= 2.15.
 *
 * Return: 0, or -EINVAL with a message in @err.
 */
int mkimage_check_header(const uint8_t *setup, size_t setup_len, char *err,
			 size_t errlen);

/**
 * mkimage_setup_sects() - count the setup sectors of the image
 * @setup_len: size of setup.bin in bytes (boot sector included)
 * @setup_sects: set to the number of 512-byte sectors after the boot sector
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * setup.bin is padded to whole sectors and to at least SETUP_SECTS_MIN
 * sectors after the boot sector.
 *
 * Return: 0, or -E2BIG when more than SETUP_SECTS_MAX sectors are needed.
 */
int mkimage_setup_sects(size_t setup_len, uint8_t *setup_sects, char *err,
			size_t errlen);

/**
 * mkimage_syssize() - the syssize field for a payload
 * @payload_len: payload size in bytes
 * @syssize: set to the payload size in 16-byte units, rounded up
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * Return: 0, -EINVAL for an empty payload, or -EOVERFLOW when the size does
 * not fit the 32-bit field.
 */
int mkimage_syssize(size_t payload_len, uint32_t *syssize, char *err,
		    size_t errlen);

/**
 * mkimage_pe_fields() - check the setup's PE header and size its section
 * @setup: boot sector + real-mode setup
 * @setup_len: its size
 * @payload_len: the protected-mode payload's size
 * @init_size: memory the payload needs from its load address
 * @out: pe_offset, pe_raw_size and pe_image_size set (pe_offset 0 and
 *       nothing else when the setup does not start with "MZ")
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * The header must be what header.asm writes: PE32+ for x86_64 inside the
 * setup, one section, .text, whose file offset and address are both the
 * setup's size (4 KiB aligned), SizeOfHeaders the same, and an entry point
 * inside the payload. The section then holds the payload rounded up to
 * FileAlignment and spans max(init_size, that) in memory.
 *
 * Return: 0, or -ENOEXEC naming the field that is wrong.
 */
int mkimage_pe_fields(const uint8_t *setup, size_t setup_len,
		      size_t payload_len, uint32_t init_size,
		      struct mkimage_output *out, char *err, size_t errlen);

/**
 * mkimage_elf_init_size() - memory the kernel needs, from its ELF file
 * @elf: the ELF file's bytes
 * @elf_len: its size
 * @init_size: set to max(p_paddr + p_memsz) - min(p_paddr) over the PT_LOAD
 *             segments (empty ones ignored), rounded up to INIT_SIZE_ALIGN
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * Return: 0; -ENOEXEC for a file that is not a little-endian ELF64 x86_64
 * file, whose program headers are truncated, or that has no PT_LOAD
 * segment; -EOVERFLOW when a segment wraps or the span exceeds 32 bits.
 */
int mkimage_elf_init_size(const uint8_t *elf, size_t elf_len,
			  uint32_t *init_size, char *err, size_t errlen);

/**
 * mkimage_find_kernel_info() - locate the payload's kernel_info block
 * @payload: the protected-mode payload
 * @payload_len: its size
 * @offset: set to the block's offset within the payload
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * Scans the 4-byte aligned offsets for KERNEL_INFO_MAGIC ("LToP"). Exactly
 * one must be found; the block's size must be at least the fixed part
 * (16 bytes), size_total at least size, and all of size_total must lie
 * inside the payload.
 *
 * Return: 0, -ENOENT when there is none, -EEXIST when there are several,
 * -EINVAL when the block is malformed or runs past the payload.
 */
int mkimage_find_kernel_info(const uint8_t *payload, size_t payload_len,
			     uint32_t *offset, char *err, size_t errlen);

/**
 * mkimage_elf_payload() - where the compressed kernel sits in the payload
 * @elf: the payload's ELF file (the decompressor, or the kernel itself)
 * @elf_len: its size
 * @payload_len: the size of the flat payload
 * @offset: set to z_input's offset from the lowest PT_LOAD address
 * @length: set to z_input_end - z_input
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * An ELF without the symbols z_input and z_input_end (the uncompressed
 * kernel, or no symbol table at all) gives 0 and 0.
 *
 * Return: 0; -ENOEXEC for a malformed ELF or symbol table; -EINVAL when
 * only one symbol is there or the range is not inside the payload.
 */
int mkimage_elf_payload(const uint8_t *elf, size_t elf_len, size_t payload_len,
			uint32_t *offset, uint32_t *length, char *err,
			size_t errlen);

/**
 * mkimage_build() - build a bootable image in memory
 * @in: setup.bin, the payload and the kernel's ELF file
 * @out: receives the image and the patched values; untouched on refusal
 * @err: buffer for a message on refusal
 * @errlen: size of @err
 *
 * Pads setup.bin to whole sectors, appends the payload padded to 16 bytes,
 * and patches setup_sects, syssize, init_size, kernel_info_offset,
 * payload_offset and payload_length into the image's setup header. Refuses,
 * without building anything, any input rejected by the checks above, a payload
 * larger than init_size and an init_size larger than KERNEL_IMAGE_SIZE.
 *
 * Return: 0, a negative errno code from the checks, -E2BIG when the
 * payload does not fit, or -ENOMEM.
 */
int mkimage_build(const struct mkimage_input *in, struct mkimage_output *out,
		  char *err, size_t errlen);

/**
 * mkimage_output_free() - release the image of a successful build
 * @out: the output filled by mkimage_build(); may be zeroed
 */
void mkimage_output_free(struct mkimage_output *out);

#endif
