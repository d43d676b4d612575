// SPDX-License-Identifier: MIT
/*
 * Character devices by major:minor (Linux's numbers, Documentation/
 * admin-guide/devices.txt): 1:3 null, 1:5 zero, 1:7 full, 1:8 random,
 * 1:9 urandom, and the serial tty (fs/tty.c): 4:64 ttyS0, 5:0 tty (the
 * caller's controlling tty) and 5:1 console.
 */
#include "fs/internal.h"
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
