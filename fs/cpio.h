/* SPDX-License-Identifier: MIT */
/*
 * cpio "newc" and "crc" archives, pure: an iterator over an archive held
 * in memory, a path cleaner and a hard-link table. Nothing is allocated;
 * every pointer handed out points into the caller's buffer.
 *
 * One entry on disk (all fields 8 upper- or lower-case hex digits):
 *
 *   offset 0    "070701" (newc) or "070702" (crc)
 *          6    ino mode uid gid nlink mtime filesize devmajor devminor
 *               rdevmajor rdevminor namesize check   (13 x 8 = 104)
 *        110    name, namesize bytes including its NUL
 *               zero padding to a multiple of 4 from the archive start
 *               data, filesize bytes (a symlink's data is its target)
 *               zero padding to a multiple of 4
 *
 * An archive ends with an entry named "TRAILER!!!". As Linux's
 * init/initramfs.c does, a buffer may hold several archives back to back:
 * after a trailer, NUL bytes are skipped and another archive may start at
 * a 4-byte aligned offset. Compressed archives are not handled here.
 *
 * Errors: the first problem is logged once ("cpio: ..." naming the value
 * and the archive offset), cpio_next returns it and keeps returning it
 * (the reader is stuck); the entries returned before stay valid.
 */
#ifndef KEEL_FS_CPIO_H
#define KEEL_FS_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_HDR_SIZE 110
#define CPIO_MAGIC_NEWC "070701"
#define CPIO_MAGIC_CRC "070702"
#define CPIO_TRAILER "TRAILER!!!"
/* Longest name (namesize, NUL included) and symlink target (plus NUL). */
#define CPIO_PATH_MAX 4096

/* File types and permission bits of the mode field (Linux's values). */
#define CPIO_S_IFMT 0170000
#define CPIO_S_IFSOCK 0140000
#define CPIO_S_IFLNK 0120000
#define CPIO_S_IFREG 0100000
#define CPIO_S_IFBLK 0060000
#define CPIO_S_IFDIR 0040000
#define CPIO_S_IFCHR 0020000
#define CPIO_S_IFIFO 0010000
/* setuid, setgid, sticky and rwx for owner, group, others. */
#define CPIO_S_IALLUGO 07777

struct cpio_entry {
	/* The 13 header fields, as stored. */
	uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
	uint32_t devmajor, devminor, rdevmajor, rdevminor, namesize, check;
	const char *name; /* NUL-terminated, namelen = namesize - 1 */
	size_t namelen;
	const uint8_t *data; /* filesize bytes */
	size_t datalen;
	size_t offset; /* of the header, from the buffer start */
	unsigned int archive; /* 0 for the first archive in the buffer */
	bool crc; /* "070702": check was verified against the data */
};

struct cpio_reader {
	const uint8_t *buf;
	size_t size;
	size_t pos; /* next header, or where padding begins */
	unsigned int archive; /* index of the archive being read */
	bool in_archive; /* a header was read and no trailer yet */
	bool segment; /* stop quietly at what is not an archive */
	int err; /* sticky: the first error, or 0 */
};

/**
 * cpio_reader_init - start reading the archives in [buf, buf + size)
 * @r: the reader
 * @buf: the buffer (any alignment); it must outlive every entry read
 * @size: its size in bytes; 0 is an empty, valid stream
 */
void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t size);

/**
 * cpio_reader_init_segment - read the uncompressed archives that start at
 * @pos of [buf, buf + size), up to whatever is not one
 * @r: the reader
 * @buf: the whole buffer (padding counts from its start)
 * @size: its size in bytes
 * @pos: where the first archive starts (a multiple of 4)
 *
 * For a buffer that mixes archives with compressed data, as a boot
 * loader's initrd may (Linux's unpack_to_rootfs): after a trailer and
 * its NUL padding, a byte that is not a "0" at a 4-byte boundary ends
 * the segment instead of being an error. cpio_next then returns 0 with
 * r->pos at that byte (or at @size).
 */
void cpio_reader_init_segment(struct cpio_reader *r, const void *buf,
			      size_t size, size_t pos);

/**
 * cpio_next - read the next entry
 * @r: the reader
 * @out: filled in when 1 is returned
 *
 * Trailers are consumed, not returned. Checks every header field, the name
 * (1..CPIO_PATH_MAX bytes with its NUL, NUL only at the end, no ".."
 * component), the sizes against the buffer, the file type (regular,
 * directory, symlink, char, block, fifo, socket), the mode (no bits beyond
 * S_IFMT | 07777), a symlink's target (1..CPIO_PATH_MAX - 1 bytes, no NUL)
 * and, for "070702", the checksum (sum of the data bytes modulo 2^32).
 * Linux logs "bad data checksum" and stops unpacking after having written
 * the file; here the mismatching entry is not handed out at all.
 *
 * Return: 1 with @out filled in; 0 at the end of the buffer, after a
 * trailer and optional NUL padding; -EINVAL for a malformed archive (bad
 * magic, non-hex digit, bad name, type, mode or symlink, checksum
 * mismatch, a stream that ends inside an archive or without its trailer,
 * junk after a trailer). An error is logged once and then sticks.
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *out);

/**
 * cpio_clean_path - the name relative to the root of the unpacking
 * @name: the name (need not be NUL-terminated)
 * @len: its length, without a NUL
 * @out: receives the cleaned path, NUL-terminated
 * @outsz: size of @out
 *
 * Leading "/" and every "." or empty component are dropped ("./a//b/" is
 * "a/b"); an empty result is ".". A ".." component is refused, wherever it
 * is: Linux would resolve it at the root, but no archive made with
 * `find . | cpio` holds one, and refusing it keeps the cleaning lexical
 * (a lexical "a/.." is wrong when a is a symlink). Also refused: a NUL
 * inside @name.
 *
 * Return: the length of @out; -EINVAL (logged) for "..", or a NUL;
 * -ENAMETOOLONG (logged) when the result does not fit @outsz.
 */
int cpio_clean_path(const char *name, size_t len, char *out, size_t outsz);

/* True for an entry whose mode says regular file, symlink, ... */
static inline bool cpio_is_reg(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFREG;
}
static inline bool cpio_is_dir(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFDIR;
}
static inline bool cpio_is_symlink(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFLNK;
}

/*
 * Hard links. As in Linux's initramfs, a non-directory entry with
 * nlink >= 2 is a link to an earlier entry of the same archive with the
 * same (ino, devmajor, devminor, file type). GNU cpio puts the data on the
 * last link only, so a link entry can carry data: the caller writes it
 * into the file it links to (Linux opens that file without truncating it).
 * The table is the caller's memory; it forgets everything when a new
 * archive starts, as Linux drops its hash at each trailer.
 */
struct cpio_link_slot {
	uint32_t ino, devmajor, devminor, type;
	const char *name; /* the entry's name as in the archive */
	size_t namelen;
};

struct cpio_links {
	struct cpio_link_slot *slots;
	size_t cap, count;
	unsigned int archive;
};

/**
 * cpio_links_init - an empty table over @slots[0..@cap)
 */
void cpio_links_init(struct cpio_links *t, struct cpio_link_slot *slots,
		     size_t cap);

/**
 * cpio_link_find - is @e a hard link to an earlier entry?
 * @t: the table, fed every entry of the stream in order
 * @e: the entry just read
 * @target: set to the earlier entry's name when 1 is returned
 * @target_len: its length
 *
 * Return: 1 when @e links to an earlier entry (@target set); 0 when it
 * does not (a directory, nlink < 2, or the first of its group, which is
 * then remembered); -ENOSPC (logged) when a new group does not fit.
 */
int cpio_link_find(struct cpio_links *t, const struct cpio_entry *e,
		   const char **target, size_t *target_len);

#endif
