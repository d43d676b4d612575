// SPDX-License-Identifier: MIT
/*
 * Where execve finds programs until keel has a file system: the files of
 * the initramfs (the boot loader's initrd, a cpio "newc" archive), read
 * in place through the pure reader fs/cpio.c. The path is looked up
 * lexically ("/bin/./x" and "bin/x" are the same file); symlinks are
 * not followed. The VFS of the next issue replaces this.
 */
#include "fs/cpio.h"
#include "kernel/arch/setup.h"
#include "kernel/exec.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "mm/slab.h"

#define PATH_MAX 4096

int exec_open(const char *path, struct exec_file *out)
{
	struct cpio_reader r;
	struct cpio_entry e;
	const void *buf;
	size_t size;
	int n, found = -ENOENT;
	char *want, *have;

	if (!arch_get_initrd(&buf, &size))
		return -ENOENT;
	want = kmalloc(2 * PATH_MAX, GFP_KERNEL);
	if (!want)
		return -ENOMEM;
	have = want + PATH_MAX;
	n = cpio_clean_path(path, strlen(path), want, PATH_MAX);
	if (n < 0) {
		kfree(want);
		return n;
	}
	cpio_reader_init(&r, buf, size);
	while (cpio_next(&r, &e) == 1) {
		if (cpio_clean_path(e.name, e.namelen, have, PATH_MAX) < 0 ||
		    strcmp(want, have))
			continue;
		if (!cpio_is_reg(&e) || !(e.mode & 0111)) {
			found = -EACCES;
			continue; /* a later entry may replace it */
		}
		out->data = e.data;
		out->size = e.datalen;
		found = 0;
	}
	kfree(want);
	return found;
}
