// SPDX-License-Identifier: MIT
/*
 * read, write, lseek, pread64, pwrite64, readv, writev (Linux's
 * fs/read_write.c): check the fd's access mode and the user range, then
 * hand over to the file's operations. A file without llseek is a stream
 * (pipes, terminals): lseek, pread and pwrite give -ESPIPE.
 */
#include "fs/internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

/* Linux's MAX_RW_COUNT: one transfer moves at most this much. */
#define MAX_RW_COUNT (INT32_MAX & PAGE_MASK)

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

static bool file_readable(const struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return acc == O_RDONLY || acc == O_RDWR;
}

static bool file_writable(const struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return acc == O_WRONLY || acc == O_RDWR;
}

static ssize_t vfs_read(struct file *f, char __user *buf, size_t count,
			loff_t *pos)
{
	if (!file_readable(f))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	return f->f_op->read(f, buf, count, pos);
}

static ssize_t vfs_write(struct file *f, const char __user *buf, size_t count,
			 loff_t *pos)
{
	if (!file_writable(f))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	return f->f_op->write(f, buf, count, pos);
}

ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t pos)
{
	if (!file_readable(f))
		return -EBADF;
	if (pos < 0)
		return -EINVAL;
	if (is_pipe_file(f))
		return pipe_kernel_read(f, buf, count);
	if (f->f_op == &tree_file_fops)
		return tree_file_kernel_read(f, buf, count, &pos);
	return -EINVAL;
}

ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t pos)
{
	if (!file_writable(f))
		return -EBADF;
	if (pos < 0)
		return -EINVAL;
	if (is_pipe_file(f))
		return pipe_kernel_write(f, buf, count);
	if (f->f_op == &tree_file_fops)
		return tree_file_kernel_write(f, buf, count, &pos);
	return -EINVAL;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_read(f, buf, count, &f->f_pos);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t,
		count)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_write(f, buf, count, &f->f_pos);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, loff_t, offset, unsigned int, whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	if (!f->f_op || !f->f_op->llseek)
		ret = -ESPIPE;
	else if (whence > SEEK_END)
		ret = -EINVAL;
	else
		ret = f->f_op->llseek(f, offset, (int)whence);
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count,
		loff_t, pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = f->f_op && f->f_op->llseek ? vfs_read(f, buf, count, &pos)
					 : -ESPIPE;
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf, size_t,
		count, loff_t, pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = f->f_op && f->f_op->llseek ? vfs_write(f, buf, count, &pos)
					 : -ESPIPE;
	fput(f);
	return ret;
}

/* The user's iovec array, checked: a kmalloc'd copy or an ERR_PTR. */
static struct iovec *import_iovec(const struct iovec __user *uvec,
				  unsigned long vlen)
{
	struct iovec *iov;
	size_t total = 0;

	if (vlen > IOV_MAX)
		return ERR_PTR(-EINVAL);
	iov = kmalloc(vlen ? vlen * sizeof(*iov) : 1, GFP_KERNEL);
	if (!iov)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(iov, uvec, vlen * sizeof(*iov))) {
		kfree(iov);
		return ERR_PTR(-EFAULT);
	}
	for (unsigned long i = 0; i < vlen; i++) {
		size_t len = iov[i].iov_len;

		if ((ssize_t)len < 0 || len > (size_t)INT64_MAX - total) {
			kfree(iov);
			return ERR_PTR(-EINVAL);
		}
		total += len;
		if (!access_ok(iov[i].iov_base, len)) {
			kfree(iov);
			return ERR_PTR(-EFAULT);
		}
	}
	return iov;
}

static ssize_t do_iter(struct file *f, const struct iovec __user *uvec,
		       unsigned long vlen, loff_t *pos, bool write)
{
	struct iovec *iov = import_iovec(uvec, vlen);
	size_t done = 0;
	ssize_t ret = 0;

	if (IS_ERR(iov))
		return PTR_ERR(iov);
	for (unsigned long i = 0; i < vlen; i++) {
		size_t len = iov[i].iov_len;

		if (len > MAX_RW_COUNT - done)
			len = MAX_RW_COUNT - done;
		if (len == 0)
			continue;
		ret = write ? vfs_write(f, iov[i].iov_base, len, pos)
			    : vfs_read(f, iov[i].iov_base, len, pos);
		if (ret < 0)
			break;
		done += (size_t)ret;
		if ((size_t)ret < len || done == MAX_RW_COUNT)
			break;
	}
	kfree(iov);
	return done ? (ssize_t)done : ret;
}

/* Access-mode checks come first, as Linux's do_readv does them. */
static long do_readv_writev(unsigned long fd, const struct iovec __user *vec,
			    unsigned long vlen, bool write)
{
	struct file *f = fget((unsigned int)fd);
	ssize_t ret;

	if (!f || fd > UINT32_MAX) {
		if (f)
			fput(f);
		return -EBADF;
	}
	if (write ? !file_writable(f) : !file_readable(f))
		ret = -EBADF;
	else
		ret = do_iter(f, vec, vlen, &f->f_pos, write);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return do_readv_writev(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return do_readv_writev(fd, vec, vlen, true);
}

/* sendfile moves data through a kernel buffer of this size. */
#define SENDFILE_CHUNK (64 * 1024)

/*
 * sendfile's copy: @count bytes of regular file @in from *@pos to @out
 * (a regular file at its f_pos, or a pipe). Return: bytes moved, or
 * -errno when none were.
 */
static ssize_t sendfile_copy(struct file *in, struct file *out, loff_t *pos,
			     size_t count)
{
	size_t done = 0;
	ssize_t ret = 0;
	char *buf = kmalloc(SENDFILE_CHUNK, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t n = count - done < SENDFILE_CHUNK ? count - done
							 : SENDFILE_CHUNK;
		ssize_t r, w;

		r = kernel_read(in, buf, n, *pos);
		if (r <= 0) {
			ret = r;
			break;
		}
		w = kernel_write(out, buf, (size_t)r, out->f_pos);
		if (w <= 0) {
			ret = w;
			break;
		}
		if (!is_pipe_file(out))
			out->f_pos += w;
		*pos += w;
		done += (size_t)w;
		if (w < r || fs_signal_pending())
			break;
	}
	kfree(buf);
	return done ? (ssize_t)done : ret;
}

static bool sendfile_target_ok(const struct file *out)
{
	return is_pipe_file(out) || out->f_op == &tree_file_fops;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, loff_t __user *, offset,
		size_t, count)
{
	struct file *in = NULL, *out = NULL;
	loff_t pos;
	ssize_t ret;

	if (in_fd < 0 || !(in = fget((unsigned int)in_fd)))
		return -EBADF;
	ret = -EBADF;
	if (!file_readable(in))
		goto out;
	if (offset) {
		ret = -ESPIPE;
		if (!in->f_op || !in->f_op->llseek)
			goto out;
		ret = -EFAULT;
		if (copy_from_user(&pos, offset, sizeof(pos)))
			goto out;
	} else {
		pos = in->f_pos;
	}
	ret = -EINVAL;
	if (pos < 0)
		goto out;
	ret = -EBADF;
	if (out_fd < 0 || !(out = fget((unsigned int)out_fd)) ||
	    !file_writable(out))
		goto out;
	ret = -EINVAL;
	if ((out->f_flags & O_APPEND) || in->f_op != &tree_file_fops ||
	    !sendfile_target_ok(out))
		goto out;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	ret = count ? sendfile_copy(in, out, &pos, count) : 0;
	if (ret >= 0) {
		if (!offset)
			in->f_pos = pos;
		else if (copy_to_user(offset, &pos, sizeof(pos)))
			ret = -EFAULT;
	}
out:
	if (out)
		fput(out);
	fput(in);
	return ret;
}
