// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for fs/cpio.c. The input is an initramfs as the boot
 * loader would hand it over; every entry cpio_next accepts must hold up:
 *   - header, name and data inside the input, in that order, the header
 *     4-byte aligned and after the previous entry's data;
 *   - the name namesize bytes with its only NUL at the end, no ".."
 *     component, and cpio_clean_path turns it into a path that is not
 *     empty, starts with no '/', has no empty, "." or ".." component
 *     (unless it is just ".");
 *   - a known file type, no mode bits beyond S_IFMT | 07777, a symlink
 *     target of 1..4095 bytes without NUL, a "070702" checksum that adds
 *     up; archive numbers never go down;
 *   - the hard-link table answers with a name seen before in the same
 *     archive.
 * The walk ends with 0 and no log line (the rest of the input then is
 * NULs), or with a negative error and exactly one "cpio: " line, which
 * sticks without another line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fs/cpio.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

static unsigned int log_lines;
static bool log_prefix_ok;

static void count_sink(int level, const char *text, size_t len)
{
	(void)level;
	log_lines++;
	if (len < 6 || memcmp(text, "cpio: ", 6) != 0)
		log_prefix_ok = false;
}

static bool inside(const uint8_t *data, size_t size, const void *p, size_t n)
{
	const uint8_t *b = p;

	return b >= data && b <= data + size && n <= (size_t)(data + size - b);
}

static void check_clean(const struct cpio_entry *e)
{
	static char out[CPIO_PATH_MAX];
	int n = cpio_clean_path(e->name, e->namelen, out, sizeof(out));
	size_t i = 0;

	check(n > 0 && (size_t)n == strlen(out));
	if (n == 1 && out[0] == '.')
		return;
	check(out[0] != '/' && out[n - 1] != '/');
	while (i < (size_t)n) {
		size_t start = i;

		while (i < (size_t)n && out[i] != '/')
			i++;
		check(i > start);
		check(!(i - start == 1 && out[start] == '.'));
		check(!(i - start == 2 && out[start] == '.' &&
			out[start + 1] == '.'));
		i++;
	}
}

static void check_entry(const uint8_t *data, size_t size,
			const struct cpio_entry *e, size_t min_offset)
{
	uint32_t type = e->mode & CPIO_S_IFMT, sum = 0;
	const uint8_t *name = (const uint8_t *)e->name;

	check(e->offset % 4 == 0 && e->offset >= min_offset);
	check(inside(data, size, data + e->offset, CPIO_HDR_SIZE));
	check(name == data + e->offset + CPIO_HDR_SIZE);
	check(e->namesize >= 1 && e->namesize <= CPIO_PATH_MAX);
	check(e->namelen == e->namesize - 1);
	check(inside(data, size, name, e->namesize));
	check(memchr(name, 0, e->namesize) == name + e->namelen);
	check(e->datalen == e->filesize);
	check(e->data >= name + e->namesize);
	check(inside(data, size, e->data, e->datalen));
	check(type == CPIO_S_IFREG || type == CPIO_S_IFDIR ||
	      type == CPIO_S_IFLNK || type == CPIO_S_IFCHR ||
	      type == CPIO_S_IFBLK || type == CPIO_S_IFIFO ||
	      type == CPIO_S_IFSOCK);
	check((e->mode & ~(uint32_t)(CPIO_S_IFMT | CPIO_S_IALLUGO)) == 0);
	if (type == CPIO_S_IFLNK)
		check(e->datalen >= 1 && e->datalen < CPIO_PATH_MAX &&
		      !memchr(e->data, 0, e->datalen));
	for (size_t i = 0; e->crc && i < e->datalen; i++)
		sum += e->data[i];
	check(!e->crc || sum == e->check);
	check(!(e->namelen == 10 && memcmp(e->name, CPIO_TRAILER, 10) == 0));
	check_clean(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cpio_link_slot slots[8];
	struct cpio_links links;
	struct cpio_reader r;
	struct cpio_entry e;
	log_sink_fn old = log_set_sink(count_sink);
	size_t min_offset = 0;
	unsigned int archive = 0;
	int ret;

	cpio_reader_init(&r, data, size);
	cpio_links_init(&links, slots, 8);
	log_lines = 0;
	log_prefix_ok = true;
	while ((ret = cpio_next(&r, &e)) == 1) {
		const char *tg;
		size_t tlen;
		int l;

		check(log_lines == 0);
		check_entry(data, size, &e, min_offset);
		check(e.archive >= archive);
		archive = e.archive;
		min_offset = (size_t)(e.data - data) + e.datalen;
		l = cpio_link_find(&links, &e, &tg, &tlen);
		check(l == 0 || l == 1 || l == -ENOSPC);
		if (l == 1)
			check(inside(data, size, tg, tlen + 1) &&
			      (const uint8_t *)tg < (const uint8_t *)e.name &&
			      tg[tlen] == '\0');
		check(log_lines == (l == -ENOSPC ? 1u : 0u));
		log_lines = 0;
	}
	if (ret == 0) {
		check(log_lines == 0 && r.pos == size);
	} else {
		check(ret == -EINVAL && log_lines == 1 && log_prefix_ok);
		check(cpio_next(&r, &e) == ret && log_lines == 1);
	}
	log_set_sink(old);
	return 0;
}
