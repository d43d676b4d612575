/* SPDX-License-Identifier: MIT */
/*
 * Filling the file tree from cpio "newc"/"crc" archives, pure (Linux's
 * init/initramfs.c behaviour, on fs/cpio.h's reader and fs/tree.h).
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

/**
 * initfs_unpack_into - unpack the archives in [@buf, @buf + @size) below
 * @root
 * @what: names the buffer in log lines ("initramfs", "initrd")
 * Return: the number of entries created; -EINVAL for a malformed archive,
 * -ENOMEM, -ENOSPC (too many hard-link groups): the entries before the
 * problem stay.
 */
int initfs_unpack_into(struct inode *root, const void *buf, size_t size,
		       const char *what);

/**
 * initfs_default_nodes - what Linux's default_rootfs makes when missing:
 * /dev (0755), /dev/console (char 5:1, 0600), /root (0700)
 * Return: 0, or -errno for the first node that could not be made.
 */
int initfs_default_nodes(struct inode *root);

#endif
