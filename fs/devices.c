// SPDX-License-Identifier: MIT
/*
 * Character devices by major:minor (Linux's numbers, Documentation/
 * admin-guide/devices.txt): 1:3 null, 1:5 zero, 1:7 full, 1:8 random,
 * 1:9 urandom, and the serial tty (fs/tty.c): 4:64 ttyS0, 5:0 tty (the
 * caller's controlling tty) and 5:1 console.
 */
#include "fs/internal.h"
#include "fs/mount.h"
#include "kernel/arch/console.h"
#include "kernel/init.h"
#include "kernel/lib/err.h"
#include "fs/tty.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "kernel/random.h"

/* Bytes moved through the stack per step. */
#define DEV_CHUNK 256

/* --- memory devices --- */

static ssize_t null_read(struct file *f, char __user *buf, size_t count,
			 loff_t *pos)
{
	(void)f;
	(void)buf;
	(void)count;
	(void)pos;
	return 0;
}

static ssize_t null_write(struct file *f, const char __user *buf, size_t count,
			  loff_t *pos)
{
	(void)f;
	(void)buf;
	(void)pos;
	return (ssize_t)count;
}

/* Linux's null_lseek/noop: the position stays 0. */
static loff_t mem_llseek(struct file *f, loff_t offset, int whence)
{
	(void)offset;
	(void)whence;
	f->f_pos = 0;
	return 0;
}

static ssize_t zero_read(struct file *f, char __user *buf, size_t count,
			 loff_t *pos)
{
	size_t left;

	(void)f;
	(void)pos;
	left = clear_user(buf, count);
	if (left == count)
		return -EFAULT;
	return (ssize_t)(count - left);
}

static ssize_t full_write(struct file *f, const char __user *buf, size_t count,
			  loff_t *pos)
{
	(void)f;
	(void)buf;
	(void)count;
	(void)pos;
	return -ENOSPC;
}

static ssize_t random_read(struct file *f, char __user *buf, size_t count,
			   loff_t *pos)
{
	char tmp[DEV_CHUNK];
	size_t done = 0;

	(void)f;
	(void)pos;
	while (done < count) {
		size_t n =
			count - done < sizeof(tmp) ? count - done : sizeof(tmp);

		get_random_bytes(tmp, n);
		if (copy_to_user(buf + done, tmp, n))
			break;
		done += n;
		if (done < count && fs_signal_pending())
			break;
	}
	memset(tmp, 0, sizeof(tmp));
	return done ? (ssize_t)done : -EFAULT;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = mem_llseek,
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = mem_llseek,
};

static const struct file_operations full_fops = {
	.read = zero_read,
	.write = full_write,
	.llseek = mem_llseek,
};

/* Writing to random mixes nothing in here; it is accepted, as Linux
 * accepts it from anyone. */
static const struct file_operations random_fops = {
	.read = random_read,
	.write = null_write,
	.llseek = mem_llseek,
};

const struct file_operations *chrdev_fops(dev_t rdev)
{
	switch (MAJOR(rdev)) {
	case 1:
		switch (MINOR(rdev)) {
		case 3:
			return &null_fops;
		case 5:
			return &zero_fops;
		case 7:
			return &full_fops;
		case 8:
		case 9:
			return &random_fops;
		}
		return NULL;
	case 4:
		return MINOR(rdev) == 64 ? &tty_fops : NULL;
	case 5:
		return MINOR(rdev) <= 1 ? &tty_fops : NULL;
	}
	return NULL;
}

/*
 * devtmpfs: one instance, as Linux's, holding a node per device the
 * kernel knows, made at boot; `mount -t devtmpfs devtmpfs /dev` shows it.
 * Modes as Linux's drivers give them: the memory devices and tty 0666
 * (their devnode callbacks), the others devtmpfs's default 0600 (udev
 * makes ttyS0 0660 on a full system; no udev here).
 */
static struct super_block *devtmpfs_sb;

static struct super_block *devtmpfs_get_sb(const struct file_system_type *type,
					   const char *data)
{
	(void)type;
	(void)data;
	return devtmpfs_sb ? devtmpfs_sb : ERR_PTR(-ENODEV);
}

const struct file_system_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.magic = TMPFS_MAGIC,
	.get_sb = devtmpfs_get_sb,
	.single = true,
};

static const struct {
	const char *name;
	umode_t mode;
	unsigned int major, minor;
} devtmpfs_nodes[] = {
	{"console", 0600, 5, 1}, {"tty", 0666, 5, 0},
	{"ttyS0", 0600, 4, 64},	 {"null", 0666, 1, 3},
	{"zero", 0666, 1, 5},	 {"full", 0666, 1, 7},
	{"random", 0666, 1, 8},	 {"urandom", 0666, 1, 9},
};

static int devtmpfs_make(void)
{
	struct super_block *sb = sb_alloc(&devtmpfs_fs_type, 0755);

	if (!sb)
		return -ENOMEM;
	devtmpfs_sb = sb;
	for (size_t i = 0; i < ARRAY_SIZE(devtmpfs_nodes); i++) {
		int err = tree_mknod(
			sb->s_root, devtmpfs_nodes[i].name,
			strlen(devtmpfs_nodes[i].name),
			S_IFCHR | devtmpfs_nodes[i].mode, 0, 0,
			MKDEV(devtmpfs_nodes[i].major, devtmpfs_nodes[i].minor),
			NULL);
		if (err)
			return err;
	}
	return 0;
}

static int __init devtmpfs_init(void)
{
	int err;

	mutex_lock(&fs_lock);
	err = devtmpfs_make();
	mutex_unlock(&fs_lock);
	return err;
}
fs_initcall(devtmpfs_init);
