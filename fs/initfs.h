/* SPDX-License-Identifier: MIT */
/*
 * Filling the file tree from cpio "newc"/"crc" archives, pure (Linux's
 * init/initramfs.c behaviour, on fs/cpio.h's reader and fs/tree.h).
 *
 * A buffer is what Linux's unpack_to_rootfs accepts: parts back to back,
 * NUL bytes between them skipped; a part is either uncompressed archives
 * (starting with "0" at a 4-byte boundary of the buffer) or a gzip member
 * (kernel/lib/inflate.h) whose output is archives and NUL padding
 * (padding there counts from the start of the output). Another known
 * compression magic (bzip2, lzma, xz, lzo, lz4, zstd) is logged as "not
 * configured"; any other byte as an invalid magic; both stop unpacking.
 * A gzip member that fails to decode (truncated, corrupt, CRC or ISIZE
 * mismatch, larger than initfs_gzip_limit) is logged with the offsets
 * and sizes; the complete entries it gave before the problem are kept.
 *
 * Each entry is created at its cleaned path below the root: directories
 * (an existing one only takes the entry's mode, owner and mtime),
 * regular files (an existing non-directory is replaced), hard links
 * (nlink >= 2, same ino: a second name for the first file; data carried
 * by a later link is written into it), symlinks, char and block device
 * nodes, FIFOs and sockets. Parents must come before their children, as
 * `find . | cpio -o -H newc` orders them.
 *
 * A malformed archive stops unpacking at the bad entry, with the reader's
 * log line; what came before stays. An entry that cannot be created
 * (its parent is missing or not a directory, a non-empty directory
 * stands in the way) is logged, naming the path and the error, and
 * skipped. Running out of memory stops.
 */
#ifndef KEEL_FS_INITFS_H
#define KEEL_FS_INITFS_H

#include "fs/tree.h"

/* Hard-link groups remembered per archive. */
#define INITFS_MAX_LINKS 1024

/* Output buffer for one gzip member: at least this, at most the limit. */
#define INITFS_GZIP_MIN (64 * 1024)
#define INITFS_GZIP_LIMIT ((size_t)1 << 30)
/* Largest output of one gzip member (INITFS_GZIP_LIMIT; tests lower it). */
extern size_t initfs_gzip_limit;

/**
 * initfs_unpack_into - unpack the archives in [@buf, @buf + @size) below
 * @root
 * @what: names the buffer in log lines ("initramfs", "initrd")
 * Return: the number of entries created; -EINVAL for a malformed archive
 * or an unknown magic, -ENOMEM, -ENOSPC (too many hard-link groups, or a
 * gzip output over the limit), -ENODATA (truncated gzip), -EBADMSG (gzip
 * CRC or ISIZE mismatch): the entries before the problem stay.
 */
int initfs_unpack_into(struct inode *root, const void *buf, size_t size,
		       const char *what);

#endif
