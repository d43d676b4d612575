// SPDX-License-Identifier: MIT
/*
 * The tree's root and its filling at boot (Linux's init/initramfs.c): the
 * archive built into the image (__initramfs_start/__initramfs_size), which
 * always starts with the default root of usr/default_cpio_list (/dev,
 * /dev/console, /root), then the boot loader's initrd. Also what the pure
 * tree needs from the kernel: memory and the clock.
 */
#include "fs/fs.h"
#include "fs/initfs.h"
#include "fs/mount.h"
#include "kernel/arch/setup.h"
#include "kernel/init.h"
#include "kernel/mm_init.h"
#include "kernel/lib/log.h"
#include "kernel/panic.h"
#include "kernel/time.h"
#include "kernel/vmalloc.h"
#include "mm/physmap.h"
#include "mm/slab.h"

DEFINE_MUTEX(fs_lock);
struct inode *fs_root;

/* Above this, file contents and tables come from vmalloc: no need for
 * physically contiguous memory, and no high-order block taken. */
#define FS_KMALLOC_MAX (64 * 1024)

void *fs_alloc(size_t size)
{
	if (size > FS_KMALLOC_MAX)
		return vzalloc(size);
	return kzalloc(size, GFP_KERNEL);
}

void fs_free(void *p, size_t size)
{
	if (size > FS_KMALLOC_MAX)
		vfree(p);
	else
		kfree(p);
}

/* File times are wall-clock times (CLOCK_REALTIME), as on Linux. */
void fs_now(struct timespec64 *ts)
{
	u64 ns = ktime_get_real_ns();

	ts->tv_sec = (s64)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
}

static void initfs_make_root(void)
{
	vfs_init();
}

void initfs_init(void)
{
	mutex_lock(&fs_lock);
	initfs_make_root();
	mutex_unlock(&fs_lock);
}

int initfs_unpack(const void *buf, size_t size, const char *what)
{
	int ret;

	mutex_lock(&fs_lock);
	initfs_make_root();
	ret = initfs_unpack_into(fs_root, buf, size, what);
	mutex_unlock(&fs_lock);
	return ret;
}

/* An archive linked into the image, when the build provides one. */
extern const char __initramfs_start[] __attribute__((weak));
extern const unsigned long __initramfs_size __attribute__((weak));

static u64 initrd_unpacked_bytes;

u64 rootfs_initrd_size(void)
{
	return initrd_unpacked_bytes;
}

static int __init populate_rootfs(void)
{
	phys_addr_t start;
	u64 size;
	int ret;

	if (&__initramfs_size && __initramfs_size) {
		ret = initfs_unpack(__initramfs_start, __initramfs_size,
				    "initramfs");
		pr_info("initramfs: built-in archive of %lu bytes: %d entries",
			__initramfs_size, ret);
	}
	if (arch_get_initrd(&start, &size)) {
		ret = initfs_unpack(phys_to_virt(start), (size_t)size,
				    "initrd");
		if (ret >= 0)
			pr_info("initrd: %d entries unpacked from %llu bytes",
				ret, (unsigned long long)size);
		/* The tree holds copies: the archive's memory goes back. */
		initrd_unpacked_bytes = size;
		arch_forget_initrd();
		free_initrd_mem(start, size);
	}
	initfs_init();
	return 0;
}
rootfs_initcall(populate_rootfs);
