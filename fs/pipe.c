// SPDX-License-Identifier: MIT
/*
 * Pipes (Linux's fs/pipe.c, in small): a 64 KiB ring (Linux's default of
 * 16 pages) behind an anonymous FIFO inode and two files, one per end.
 *
 *   buf: [.... head ===== len bytes ===== ....]   (wrapping at PIPE_SIZE)
 *
 * pipe->mutex protects the ring and the reader/writer counts; readers
 * sleep on rd_wait for data or the last writer to go, writers on wr_wait
 * for room or the last reader to go. The mutex is held across the user
 * copies (they may fault: the fault path never takes a pipe's mutex) and
 * dropped while sleeping. Writes of at most PIPE_BUF bytes are atomic:
 * they wait until the whole write fits.
 */
#include "fs/internal.h"
#include "kernel/lib/err.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

#define PIPE_SIZE (16 * PAGE_SIZE)
#define SIGPIPE 13

/* kernel/signal.c (the signal helper's part). */
int send_sig(int sig, struct task_struct *p, int priv);

struct pipe_inode_info {
	struct mutex mutex;
	struct wait_queue_head rd_wait, wr_wait;
	char *buf; /* PIPE_SIZE bytes */
	size_t head; /* first unread byte */
	size_t len; /* unread bytes */
	unsigned int readers, writers; /* open ends */
	/* Named FIFOs: opens so far of each kind (an opener waits for the
	 * other kind's count to move), and the files sharing this pipe
	 * (under fs_lock; the inode's i_private points here while > 0). */
	unsigned int r_counter, w_counter;
	unsigned int files;
};

/* Copy between the ring and the caller: user or kernel memory. */
/* Racy peeks for wait conditions (re-checked under the mutex). */
static size_t pipe_peek_len(const struct pipe_inode_info *pipe)
{
	return __atomic_load_n(&pipe->len, __ATOMIC_RELAXED);
}

static unsigned int pipe_peek_readers(const struct pipe_inode_info *pipe)
{
	return __atomic_load_n(&pipe->readers, __ATOMIC_RELAXED);
}

static unsigned int pipe_peek_writers(const struct pipe_inode_info *pipe)
{
	return __atomic_load_n(&pipe->writers, __ATOMIC_RELAXED);
}

struct pipe_buf {
	char *kernel; /* non-NULL: a kernel buffer */
	char __user *user;
};

static const struct file_operations pipe_fops, fifo_fops;

bool is_pipe_file(const struct file *f)
{
	return f->f_op == &pipe_fops || f->f_op == &fifo_fops;
}

static int copy_out(struct pipe_buf *b, size_t off, const char *src, size_t n)
{
	if (b->kernel) {
		memcpy(b->kernel + off, src, n);
		return 0;
	}
	return copy_to_user(b->user + off, src, n) ? -EFAULT : 0;
}

static int copy_in(char *dst, const struct pipe_buf *b, size_t off, size_t n)
{
	if (b->kernel) {
		memcpy(dst, b->kernel + off, n);
		return 0;
	}
	return copy_from_user(dst, b->user + off, n) ? -EFAULT : 0;
}

static ssize_t pipe_do_read(struct file *f, struct pipe_buf *b, size_t count)
{
	struct pipe_inode_info *pipe = f->private_data;
	size_t done = 0;
	ssize_t ret = 0;

	if (count == 0)
		return 0;
	mutex_lock(&pipe->mutex);
	while (pipe->len == 0) {
		if (!pipe->writers)
			goto out; /* EOF */
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		mutex_unlock(&pipe->mutex);
		ret = fs_wait_event_interruptible(
			pipe->rd_wait,
			pipe_peek_len(pipe) || !pipe_peek_writers(pipe));
		mutex_lock(&pipe->mutex);
		if (ret)
			goto out;
	}
	while (done < count && pipe->len) {
		size_t n = PIPE_SIZE - pipe->head;

		if (n > pipe->len)
			n = pipe->len;
		if (n > count - done)
			n = count - done;
		if (copy_out(b, done, pipe->buf + pipe->head, n)) {
			ret = -EFAULT;
			break;
		}
		pipe->head = (pipe->head + n) % PIPE_SIZE;
		pipe->len -= n;
		done += n;
	}
	if (done)
		wake_up_all(&pipe->wr_wait);
out:
	mutex_unlock(&pipe->mutex);
	return done ? (ssize_t)done : ret;
}

static void pipe_sigpipe(void)
{
	send_sig(SIGPIPE, current, 0);
}

static ssize_t pipe_do_write(struct file *f, const struct pipe_buf *b,
			     size_t count)
{
	struct pipe_inode_info *pipe = f->private_data;
	bool atomic = count <= PIPE_BUF;
	size_t done = 0;
	ssize_t ret = 0;

	if (count == 0)
		return 0;
	mutex_lock(&pipe->mutex);
	while (done < count) {
		size_t room, need, n, tail;

		if (!pipe->readers) {
			pipe_sigpipe();
			ret = -EPIPE;
			break;
		}
		room = PIPE_SIZE - pipe->len;
		need = atomic ? count : 1;
		if (room < need) {
			if (f->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			mutex_unlock(&pipe->mutex);
			ret = fs_wait_event_interruptible(
				pipe->wr_wait,
				PIPE_SIZE - pipe_peek_len(pipe) >= need ||
					!pipe_peek_readers(pipe));
			mutex_lock(&pipe->mutex);
			if (ret)
				break;
			continue;
		}
		tail = (pipe->head + pipe->len) % PIPE_SIZE;
		n = PIPE_SIZE - tail;
		if (n > room)
			n = room;
		if (n > count - done)
			n = count - done;
		if (copy_in(pipe->buf + tail, b, done, n)) {
			ret = -EFAULT;
			break;
		}
		pipe->len += n;
		done += n;
		wake_up_all(&pipe->rd_wait);
	}
	mutex_unlock(&pipe->mutex);
	return done ? (ssize_t)done : ret;
}

static ssize_t pipe_read(struct file *f, char __user *buf, size_t count,
			 loff_t *pos)
{
	struct pipe_buf b = {.user = buf};

	(void)pos;
	return pipe_do_read(f, &b, count);
}

static ssize_t pipe_write(struct file *f, const char __user *buf, size_t count,
			  loff_t *pos)
{
	struct pipe_buf b = {.user = (char __user *)buf};

	(void)pos;
	return pipe_do_write(f, &b, count);
}

ssize_t pipe_kernel_read(struct file *f, void *buf, size_t count)
{
	struct pipe_buf b = {.kernel = buf};

	return pipe_do_read(f, &b, count);
}

ssize_t pipe_kernel_write(struct file *f, const void *buf, size_t count)
{
	struct pipe_buf b = {.kernel = (char *)buf};

	return pipe_do_write(f, &b, count);
}

/* Drop @f's end; true when no end is left open. */
static bool pipe_drop_end(struct pipe_inode_info *pipe, unsigned int acc)
{
	bool last;

	mutex_lock(&pipe->mutex);
	if (acc == O_RDONLY || acc == O_RDWR)
		pipe->readers--;
	if (acc == O_WRONLY || acc == O_RDWR)
		pipe->writers--;
	last = !pipe->readers && !pipe->writers;
	wake_up_all(&pipe->rd_wait);
	wake_up_all(&pipe->wr_wait);
	mutex_unlock(&pipe->mutex);
	return last;
}

static void pipe_free(struct pipe_inode_info *pipe)
{
	kfree(pipe->buf);
	kfree(pipe);
}

static void pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;

	(void)inode;
	if (pipe_drop_end(pipe, f->f_flags & O_ACCMODE))
		pipe_free(pipe);
}

/* Linux's pipe_poll: readable with data or without writers (POLLHUP),
 * writable with room, POLLERR for a writer without readers. */
static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned int acc = f->f_flags & O_ACCMODE, mask = 0;

	if (acc != O_WRONLY)
		poll_wait(f, &pipe->rd_wait, pt);
	if (acc != O_RDONLY)
		poll_wait(f, &pipe->wr_wait, pt);
	if (acc != O_WRONLY) {
		if (pipe_peek_len(pipe))
			mask |= POLLIN | POLLRDNORM;
		if (!pipe_peek_writers(pipe))
			mask |= POLLHUP;
	}
	if (acc != O_RDONLY) {
		if (pipe_peek_len(pipe) < PIPE_SIZE)
			mask |= POLLOUT | POLLWRNORM;
		if (!pipe_peek_readers(pipe))
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.poll = pipe_poll,
};

static struct pipe_inode_info *pipe_alloc(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	pipe->buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	if (!pipe->buf) {
		kfree(pipe);
		return NULL;
	}
	mutex_init(&pipe->mutex);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	return pipe;
}

/* A file of FIFO @inode is gone: the last one frees the pipe (and what
 * was left unread in it, as on Linux). */
static void fifo_put(struct inode *inode, struct pipe_inode_info *pipe)
{
	bool last;

	mutex_lock(&fs_lock);
	last = --pipe->files == 0;
	if (last)
		inode->i_private = NULL;
	mutex_unlock(&fs_lock);
	if (last)
		pipe_free(pipe);
}

static unsigned int pipe_peek_counter(const unsigned int *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

/*
 * Opening a named FIFO (Linux's fifo_open): a reader waits for a writer
 * and a writer for a reader, unless one is there; O_NONBLOCK: a reader
 * does not wait, a writer without a reader fails with -ENXIO; O_RDWR
 * never waits. The pipe is shared through the inode's i_private.
 */
static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe, *fresh = NULL;
	unsigned int acc = f->f_flags & O_ACCMODE, seen;
	bool nonblock = f->f_flags & O_NONBLOCK;
	int ret = 0;

	mutex_lock(&fs_lock);
	pipe = inode->i_private;
	if (pipe)
		pipe->files++;
	mutex_unlock(&fs_lock);
	if (!pipe) {
		fresh = pipe_alloc();
		if (!fresh)
			return -ENOMEM;
		mutex_lock(&fs_lock);
		pipe = inode->i_private;
		if (!pipe) {
			inode->i_private = pipe = fresh;
			fresh = NULL;
		}
		pipe->files++;
		mutex_unlock(&fs_lock);
		if (fresh)
			pipe_free(fresh); /* another opener was first */
	}
	f->private_data = pipe;
	mutex_lock(&pipe->mutex);
	if (acc == O_RDONLY) {
		pipe->readers++;
		pipe->r_counter++;
		wake_up_all(&pipe->wr_wait);
		if (!pipe->writers && !nonblock) {
			seen = pipe->w_counter;
			mutex_unlock(&pipe->mutex);
			ret = fs_wait_event_interruptible(
				pipe->rd_wait,
				pipe_peek_counter(&pipe->w_counter) != seen);
			mutex_lock(&pipe->mutex);
			if (ret)
				pipe->readers--;
		}
	} else if (acc == O_WRONLY) {
		if (!pipe->readers && nonblock) {
			ret = -ENXIO;
		} else {
			pipe->writers++;
			pipe->w_counter++;
			wake_up_all(&pipe->rd_wait);
		}
		if (!ret && !pipe->readers) {
			seen = pipe->r_counter;
			mutex_unlock(&pipe->mutex);
			ret = fs_wait_event_interruptible(
				pipe->wr_wait,
				pipe_peek_counter(&pipe->r_counter) != seen);
			mutex_lock(&pipe->mutex);
			if (ret)
				pipe->writers--;
		}
	} else {
		pipe->readers++;
		pipe->writers++;
		pipe->r_counter++;
		pipe->w_counter++;
		wake_up_all(&pipe->rd_wait);
		wake_up_all(&pipe->wr_wait);
	}
	if (ret) {
		/* the other side may wait for a count that went back */
		wake_up_all(&pipe->rd_wait);
		wake_up_all(&pipe->wr_wait);
	}
	mutex_unlock(&pipe->mutex);
	if (ret)
		fifo_put(inode, pipe);
	return ret;
}

static void fifo_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;

	pipe_drop_end(pipe, f->f_flags & O_ACCMODE);
	fifo_put(inode, pipe);
}

static const struct file_operations fifo_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.open = fifo_open,
	.release = fifo_release,
	.poll = pipe_poll,
};

const struct file_operations *fifo_file_ops(void)
{
	return &fifo_fops;
}

int create_pipe_files(struct file **res, int flags)
{
	unsigned int fl = (unsigned int)flags & O_NONBLOCK;
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);
	char *buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	struct file *rd = alloc_file(NULL, O_RDONLY | fl, &pipe_fops);
	struct file *wr = alloc_file(NULL, O_WRONLY | fl, &pipe_fops);
	struct inode *inode;

	mutex_lock(&fs_lock);
	inode = tree_new_inode(S_IFIFO | 0600, current_fsuid(),
			       current_fsgid());
	if (inode)
		tree_iget(inode); /* one reference per file */
	mutex_unlock(&fs_lock);
	if (!pipe || !buf || !rd || !wr || !inode) {
		/* nothing is shared yet: free the parts directly */
		kfree(rd);
		kfree(wr);
		kfree(buf);
		kfree(pipe);
		if (inode) {
			mutex_lock(&fs_lock);
			tree_iput(inode);
			tree_iput(inode);
			mutex_unlock(&fs_lock);
		}
		return -ENOMEM;
	}
	mutex_init(&pipe->mutex);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->buf = buf;
	pipe->readers = pipe->writers = 1;
	rd->f_inode = wr->f_inode = inode;
	rd->private_data = wr->private_data = pipe;
	res[0] = rd;
	res[1] = wr;
	return 0;
}

/* pipe2's work: two fds, then the user's array; a bad array closes both. */
static long do_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fd[2];
	int err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags((unsigned int)flags);
	fd[1] = fd[0] < 0 ? fd[0] : get_unused_fd_flags((unsigned int)flags);
	if (fd[1] < 0) {
		if (fd[0] >= 0)
			put_unused_fd((unsigned int)fd[0]);
		fput(files[0]);
		fput(files[1]);
		return fd[1];
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		put_unused_fd((unsigned int)fd[0]);
		put_unused_fd((unsigned int)fd[1]);
		fput(files[0]);
		fput(files[1]);
		return -EFAULT;
	}
	fd_install((unsigned int)fd[0], files[0]);
	fd_install((unsigned int)fd[1], files[1]);
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe2(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe2(fildes, 0);
}
