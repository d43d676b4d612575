// SPDX-License-Identifier: MIT
/*
 * /init for the qemu suite's gdb test (tools/gdb/check_gdb.py): as pid 1,
 * print on the console what the kernel says about this process and about
 * pid 2 (/proc/self/maps, /proc/1/stat, /proc/2/stat), between marker
 * lines, then exit. gdb stops the kernel in the exit (do_group_exit), with
 * this address space still whole, and compares keel-vmas and keel-ps with
 * these lines; the exit then panics the kernel ("Attempted to kill init!"),
 * where keel-dmesg is checked once more.
 *
 * No stdio and no malloc: nothing between the reads and the exit may
 * change the VMAs.
 */
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[65536];

static void put(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	if (write(1, s, n) < 0)
		_exit(3);
}

/* The whole of @path to the console, between "gdb_init: @tag begin/end". */
static void show(const char *path, const char *tag)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	put("gdb_init: ");
	put(tag);
	put(" begin\n");
	if (fd < 0) {
		put("gdb_init: cannot open ");
		put(path);
		put("\n");
		_exit(2);
	}
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (len && write(1, buf, len) < 0)
		_exit(3);
	if (len && buf[len - 1] != '\n')
		put("\n");
	put("gdb_init: ");
	put(tag);
	put(" end\n");
}

int main(void)
{
	int fd = open("/dev/console", O_RDWR);

	if (fd >= 0 && fd != 1)
		dup2(fd, 1);
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0) {
		put("gdb_init: cannot mount /proc\n");
		_exit(2);
	}
	show("/proc/self/maps", "maps");
	show("/proc/1/stat", "stat1");
	show("/proc/2/stat", "stat2");
	put("gdb_init: exiting\n");
	_exit(0);
}
