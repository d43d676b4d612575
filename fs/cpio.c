// SPDX-License-Identifier: MIT
/*
 * cpio "newc"/"crc" archives, pure (contracts in cpio.h). The archive may
 * be hostile: every length is checked against what is left of the buffer
 * before an offset is formed, so no sum can wrap and nothing is read
 * outside [buf, buf + size).
 *
 * The reader's walk through a buffer holding two archives:
 *
 *   [hdr name pad data pad] ... [hdr "TRAILER!!!" pad] 00 00 .. [hdr ...
 *   '--------------- archive 0 ----------------------'  NULs  archive 1
 *
 * Behaviour follows Linux's init/initramfs.c where it has one: NULs
 * between archives are skipped one at a time and the next archive must
 * start at a 4-byte boundary; offsets and padding count from the buffer
 * start; the trailer's own data, if any, is skipped.
 */
#include "fs/cpio.h"

#include "kernel/lib/errno.h"
#include "kernel/lib/hex.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/types.h"

#define CPIO_MAGIC_LEN 6
#define CPIO_FIELD_DIGITS 8
#define CPIO_NFIELDS 13

static const char *const cpio_field_names[CPIO_NFIELDS] = {
	"ino",	     "mode",	 "uid",	     "gid",	 "nlink",
	"mtime",     "filesize", "devmajor", "devminor", "rdevmajor",
	"rdevminor", "namesize", "check",
};

void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t size)
{
	r->buf = buf;
	r->size = size;
	r->pos = 0;
	r->archive = 0;
	r->in_archive = false;
	r->segment = false;
	r->err = 0;
}

void cpio_reader_init_segment(struct cpio_reader *r, const void *buf,
			      size_t size, size_t pos)
{
	cpio_reader_init(r, buf, size);
	r->pos = pos < size ? pos : size;
	r->segment = true;
}

static int cpio_fail(struct cpio_reader *r, int err)
{
	r->err = err;
	return err;
}

/*
 * @off advanced past @len bytes and the zero padding to a multiple of 4;
 * padding missing at the end of the buffer is not an error here (what
 * would follow it is then missing too, and is reported).
 */
static size_t skip_padded(size_t off, size_t len, size_t size)
{
	size_t end = off + len; /* callers checked len <= size - off */
	size_t pad = (4 - (end & 3)) & 3;

	return pad > size - end ? size : end + pad;
}

/* Skip the NULs after a trailer; a new archive must start aligned. */
static int cpio_seek_archive(struct cpio_reader *r)
{
	size_t p = r->pos;

	while (p < r->size && r->buf[p] == 0)
		p++;
	r->pos = p;
	if (p == r->size)
		return 0;
	if (r->segment && ((p & 3) || r->buf[p] != '0'))
		return 0; /* compressed data, or junk: the caller's to judge */
	if (p & 3) {
		pr_err("cpio: offset %zu: byte 0x%02x after the padding is not "
		       "at a 4-byte boundary, no archive starts there\n",
		       p, r->buf[p]);
		return -EINVAL;
	}
	r->in_archive = true;
	return 1;
}

/* Magic and the 13 hex fields of the header at @hdr (110 bytes there). */
static int cpio_parse_header(const u8 *p, size_t hdr, struct cpio_entry *e)
{
	u32 f[CPIO_NFIELDS];

	if (memcmp(p, CPIO_MAGIC_NEWC, CPIO_MAGIC_LEN) == 0) {
		e->crc = false;
	} else if (memcmp(p, CPIO_MAGIC_CRC, CPIO_MAGIC_LEN) == 0) {
		e->crc = true;
	} else {
		pr_err("cpio: offset %zu: magic %02x %02x %02x %02x %02x %02x "
		       "is neither \"070701\" nor \"070702\" (compressed?)\n",
		       hdr, p[0], p[1], p[2], p[3], p[4], p[5]);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < CPIO_NFIELDS; i++) {
		const u8 *d = p + CPIO_MAGIC_LEN + i * CPIO_FIELD_DIGITS;
		u32 v = 0;

		for (unsigned int j = 0; j < CPIO_FIELD_DIGITS; j++) {
			int x = hex_to_bin((unsigned char)d[j]);

			if (x < 0) {
				pr_err("cpio: offset %zu: %s: byte 0x%02x is "
				       "not a hex digit\n",
				       hdr, cpio_field_names[i], d[j]);
				return -EINVAL;
			}
			v = v << 4 | (u32)x;
		}
		f[i] = v;
	}
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->filesize = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	e->namesize = f[11];
	e->check = f[12];
	return 0;
}

/* namesize, the name's place in the buffer and its one NUL at the end. */
static int cpio_check_name(const struct cpio_reader *r, struct cpio_entry *e)
{
	size_t name_off = e->offset + CPIO_HDR_SIZE;
	const char *name = (const char *)r->buf + name_off;

	if (e->namesize == 0 || e->namesize > CPIO_PATH_MAX) {
		pr_err("cpio: offset %zu: namesize %u is not within 1-%u\n",
		       e->offset, e->namesize, CPIO_PATH_MAX);
		return -EINVAL;
	}
	if (e->namesize > r->size - name_off) {
		pr_err("cpio: offset %zu: name of %u bytes runs past the end "
		       "of the buffer (%zu bytes left)\n",
		       e->offset, e->namesize, r->size - name_off);
		return -EINVAL;
	}
	e->namelen = strnlen(name, e->namesize);
	if (e->namelen != e->namesize - 1) {
		if (e->namelen == e->namesize)
			pr_err("cpio: offset %zu: name \"%.*s\" is not "
			       "NUL-terminated\n",
			       e->offset, (int)e->namesize, name);
		else
			pr_err("cpio: offset %zu: name \"%s\" has a NUL at "
			       "byte %zu of %u\n",
			       e->offset, name, e->namelen, e->namesize);
		return -EINVAL;
	}
	e->name = name;
	return 0;
}

/* True when @name[0..len) has a ".." component. */
static bool has_dotdot(const char *name, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		while (i < len && name[i] != '/')
			i++;
		if (i - start == 2 && name[start] == '.' &&
		    name[start + 1] == '.')
			return true;
		i++;
	}
	return false;
}

/* File type and mode bits; a symlink's target. */
static int cpio_check_file(const struct cpio_entry *e)
{
	switch (e->mode & CPIO_S_IFMT) {
	case CPIO_S_IFREG:
	case CPIO_S_IFDIR:
	case CPIO_S_IFLNK:
	case CPIO_S_IFCHR:
	case CPIO_S_IFBLK:
	case CPIO_S_IFIFO:
	case CPIO_S_IFSOCK:
		break;
	default:
		pr_err("cpio: offset %zu: \"%s\": mode 0%o has file type 0%o, "
		       "not a regular file, directory, symlink, device, fifo "
		       "or socket\n",
		       e->offset, e->name, e->mode, e->mode & CPIO_S_IFMT);
		return -EINVAL;
	}
	if (e->mode & ~(u32)(CPIO_S_IFMT | CPIO_S_IALLUGO)) {
		pr_err("cpio: offset %zu: \"%s\": mode 0%o has bits 0%o beyond "
		       "the file type and 07777\n",
		       e->offset, e->name, e->mode,
		       e->mode & ~(u32)(CPIO_S_IFMT | CPIO_S_IALLUGO));
		return -EINVAL;
	}
	if (has_dotdot(e->name, e->namelen)) {
		pr_err("cpio: offset %zu: name \"%s\" has a \"..\" component\n",
		       e->offset, e->name);
		return -EINVAL;
	}
	if (!cpio_is_symlink(e))
		return 0;
	if (e->filesize == 0 || e->filesize >= CPIO_PATH_MAX) {
		pr_err("cpio: offset %zu: symlink \"%s\": target of %u bytes "
		       "is "
		       "not within 1-%u\n",
		       e->offset, e->name, e->filesize, CPIO_PATH_MAX - 1);
		return -EINVAL;
	}
	if (strnlen((const char *)e->data, e->datalen) != e->datalen) {
		pr_err("cpio: offset %zu: symlink \"%s\": target has a NUL\n",
		       e->offset, e->name);
		return -EINVAL;
	}
	return 0;
}

/* "070702": check is the sum of the data bytes, modulo 2^32. */
static int cpio_check_sum(const struct cpio_entry *e)
{
	u32 sum = 0;

	if (!e->crc)
		return 0;
	for (size_t i = 0; i < e->datalen; i++)
		sum += e->data[i];
	if (sum != e->check) {
		pr_err("cpio: offset %zu: \"%s\": check 0x%08x, but the data "
		       "sums to 0x%08x (bad data checksum)\n",
		       e->offset, e->name, e->check, sum);
		return -EINVAL;
	}
	return 0;
}

/* Read the entry at r->pos into @e; 1 for an entry, 0 for a trailer. */
static int cpio_read_entry(struct cpio_reader *r, struct cpio_entry *e)
{
	size_t hdr = r->pos, data_off;
	int err;

	if (r->size - hdr < CPIO_HDR_SIZE) {
		pr_err("cpio: offset %zu: truncated header, %zu of %u bytes\n",
		       hdr, r->size - hdr, CPIO_HDR_SIZE);
		return -EINVAL;
	}
	e->offset = hdr;
	e->archive = r->archive;
	err = cpio_parse_header(r->buf + hdr, hdr, e);
	if (!err)
		err = cpio_check_name(r, e);
	if (err)
		return err;
	data_off = skip_padded(hdr + CPIO_HDR_SIZE, e->namesize, r->size);
	if (e->filesize > r->size - data_off) {
		pr_err("cpio: offset %zu: \"%s\": data of %u bytes runs past "
		       "the end of the buffer (%zu bytes left)\n",
		       hdr, e->name, e->filesize, r->size - data_off);
		return -EINVAL;
	}
	e->data = r->buf + data_off;
	e->datalen = e->filesize;
	r->pos = skip_padded(data_off, e->datalen, r->size);
	if (e->namelen == sizeof(CPIO_TRAILER) - 1 &&
	    memcmp(e->name, CPIO_TRAILER, e->namelen) == 0)
		return 0;
	err = cpio_check_file(e);
	if (!err)
		err = cpio_check_sum(e);
	return err ? err : 1;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *out)
{
	struct cpio_entry e;
	int ret;

	if (r->err)
		return r->err;
	for (;;) {
		if (!r->in_archive) {
			ret = cpio_seek_archive(r);
			if (ret <= 0)
				return ret < 0 ? cpio_fail(r, ret) : 0;
		}
		if (r->pos == r->size) {
			pr_err("cpio: offset %zu: archive %u ends without "
			       "\"" CPIO_TRAILER "\"\n",
			       r->pos, r->archive);
			return cpio_fail(r, -EINVAL);
		}
		ret = cpio_read_entry(r, &e);
		if (ret < 0)
			return cpio_fail(r, ret);
		if (ret == 1) {
			*out = e;
			return 1;
		}
		r->in_archive = false;
		r->archive++;
	}
}

int cpio_clean_path(const char *name, size_t len, char *out, size_t outsz)
{
	size_t i = 0, n = 0;

	while (i < len) {
		size_t start = i, clen;

		while (i < len && name[i] != '/' && name[i] != '\0')
			i++;
		if (i < len && name[i] == '\0') {
			pr_err("cpio: path \"%.*s\" has a NUL at byte %zu\n",
			       (int)i, name, i);
			return -EINVAL;
		}
		clen = i - start;
		i++; /* the '/' */
		if (clen == 0 || (clen == 1 && name[start] == '.'))
			continue;
		if (clen == 2 && name[start] == '.' && name[start + 1] == '.') {
			pr_err("cpio: path \"%.*s\" has a \"..\" component\n",
			       (int)len, name);
			return -EINVAL;
		}
		/* room for a '/', the component and the NUL (n < outsz) */
		if ((n ? 1 : 0) + clen + 1 > outsz - n) {
			pr_err("cpio: path \"%.*s\" does not fit in %zu "
			       "bytes\n",
			       (int)len, name, outsz);
			return -ENAMETOOLONG;
		}
		if (n)
			out[n++] = '/';
		memcpy(out + n, name + start, clen);
		n += clen;
	}
	if (n == 0) {
		if (outsz < 2) {
			pr_err("cpio: path \"%.*s\" does not fit in %zu "
			       "bytes\n",
			       (int)len, name, outsz);
			return -ENAMETOOLONG;
		}
		out[n++] = '.';
	}
	out[n] = '\0';
	return (int)n;
}

void cpio_links_init(struct cpio_links *t, struct cpio_link_slot *slots,
		     size_t cap)
{
	t->slots = slots;
	t->cap = cap;
	t->count = 0;
	t->archive = 0;
}

int cpio_link_find(struct cpio_links *t, const struct cpio_entry *e,
		   const char **target, size_t *target_len)
{
	u32 type = e->mode & CPIO_S_IFMT;
	struct cpio_link_slot *s;

	if (e->archive != t->archive) {
		t->count = 0;
		t->archive = e->archive;
	}
	if (e->nlink < 2 || type == CPIO_S_IFDIR)
		return 0;
	for (size_t i = 0; i < t->count; i++) {
		s = &t->slots[i];
		if (s->ino == e->ino && s->devmajor == e->devmajor &&
		    s->devminor == e->devminor && s->type == type) {
			*target = s->name;
			*target_len = s->namelen;
			return 1;
		}
	}
	if (t->count == t->cap) {
		pr_err("cpio: offset %zu: \"%s\": hard link table full (%zu "
		       "groups)\n",
		       e->offset, e->name, t->cap);
		return -ENOSPC;
	}
	s = &t->slots[t->count++];
	s->ino = e->ino;
	s->devmajor = e->devmajor;
	s->devminor = e->devminor;
	s->type = type;
	s->name = e->name;
	s->namelen = e->namelen;
	return 0;
}
