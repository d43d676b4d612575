// SPDX-License-Identifier: MIT
/*
 * Regular files and directories of the tree as open files. Contents move
 * between the tree and the caller through a kernel bounce buffer of at
 * most FILE_CHUNK bytes: fs_lock is held only for the memcpy on the tree
 * side, never across a user copy (which may fault and sleep).
 */
#include "fs/internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

#define FILE_CHUNK PAGE_SIZE

/* One chunk from the tree; the count, 0 at the end. */
static ssize_t tree_read_chunk(struct inode *inode, loff_t pos, void *buf,
			       size_t n)
{
	ssize_t ret;

	mutex_lock(&fs_lock);
	ret = tree_read(inode, pos, buf, n);
	mutex_unlock(&fs_lock);
	return ret;
}

/* O_APPEND: every write goes to the end, decided under the lock. */
static ssize_t tree_write_chunk(struct file *f, loff_t *pos, const void *buf,
				size_t n)
{
	ssize_t ret;

	mutex_lock(&fs_lock);
	if (f->f_flags & O_APPEND)
		*pos = f->f_inode->i_size;
	ret = tree_write(f->f_inode, *pos, buf, n);
	mutex_unlock(&fs_lock);
	return ret;
}

static ssize_t tree_file_read(struct file *f, char __user *ubuf, size_t count,
			      loff_t *pos)
{
	size_t done = 0;
	ssize_t ret = 0;
	char *kbuf;

	if (*pos < 0)
		return -EINVAL;
	kbuf = kmalloc(FILE_CHUNK, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n =
			count - done < FILE_CHUNK ? count - done : FILE_CHUNK;

		ret = tree_read_chunk(f->f_inode, *pos, kbuf, n);
		if (ret <= 0)
			break;
		{
			/* A short copy counts what got through, as Linux. */
			size_t left =
				copy_to_user(ubuf + done, kbuf, (size_t)ret);

			done += (size_t)ret - left;
			*pos += (loff_t)((size_t)ret - left);
			if (left) {
				ret = -EFAULT;
				break;
			}
		}
		if ((size_t)ret < n)
			break;
	}
	kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

static ssize_t tree_file_write(struct file *f, const char __user *ubuf,
			       size_t count, loff_t *pos)
{
	size_t done = 0;
	ssize_t ret = 0;
	char *kbuf;

	kbuf = kmalloc(FILE_CHUNK, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n =
			count - done < FILE_CHUNK ? count - done : FILE_CHUNK;

		size_t left = copy_from_user(kbuf, ubuf + done, n);

		if (left == n) {
			ret = -EFAULT;
			break;
		}
		ret = tree_write_chunk(f, pos, kbuf, n - left);
		if (ret < 0)
			break;
		done += n - left;
		*pos += (loff_t)(n - left);
		if (left) {
			ret = -EFAULT;
			break;
		}
	}
	kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

ssize_t tree_file_kernel_read(struct file *f, void *buf, size_t count,
			      loff_t *pos)
{
	ssize_t ret = tree_read_chunk(f->f_inode, *pos, buf, count);

	if (ret > 0)
		*pos += ret;
	return ret;
}

ssize_t tree_file_kernel_write(struct file *f, const void *buf, size_t count,
			       loff_t *pos)
{
	ssize_t ret = tree_write_chunk(f, pos, buf, count);

	if (ret > 0)
		*pos += ret;
	return ret;
}

/* SEEK_SET/CUR/END on a file whose size is i_size. */
static loff_t tree_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		mutex_lock(&fs_lock);
		base = f->f_inode->i_size;
		mutex_unlock(&fs_lock);
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->f_pos = base + offset;
	return f->f_pos;
}

static ssize_t tree_dir_read(struct file *f, char __user *buf, size_t count,
			     loff_t *pos)
{
	(void)f;
	(void)buf;
	(void)count;
	(void)pos;
	return -EISDIR;
}

/* A directory's position is a readdir cookie: only rewinding (and
 * returning to a position told before) makes sense; Linux's simple
 * directories accept SEEK_SET and SEEK_CUR. */
static loff_t tree_dir_llseek(struct file *f, loff_t offset, int whence)
{
	if (whence == SEEK_END)
		return -EINVAL;
	return tree_llseek(f, offset, whence);
}

const struct file_operations tree_file_fops = {
	.read = tree_file_read,
	.write = tree_file_write,
	.llseek = tree_llseek,
};

const struct file_operations tree_dir_fops = {
	.read = tree_dir_read,
	.llseek = tree_dir_llseek,
};
