// SPDX-License-Identifier: MIT
/*
 * mkimage: build keel's bootable image (host program).
 *
 *   mkimage --setup setup.bin --payload keel.bin --elf keel.elf -o keel [-v]
 *
 * Reads the three inputs, lets mkimage_build() lay out and patch the image,
 * and writes it through a temporary file renamed into place, so that a
 * failed build never leaves a half-written image behind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/mkimage_lib.h"

/* No input of keel's is anywhere near this; it bounds a mistaken path. */
#define MKIMAGE_INPUT_MAX (1024L * 1024 * 1024)

#define ERR_LEN 512

struct options {
	const char *setup;
	const char *payload;
	const char *elf;
	const char *output;
	int verbose;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: mkimage --setup SETUP.BIN --payload KEEL.BIN --elf "
		   "KEEL.ELF -o IMAGE [-v]\n"
		   "  --setup    boot sector + real-mode setup (nasm output)\n"
		   "  --payload  flat protected-mode kernel (llvm-objcopy -O "
		   "binary)\n"
		   "  --elf      the payload's ELF file, for init_size (and,\n"
		   "             from a decompressor, payload_offset/length)\n"
		   "  -o         the bootable image to write\n"
		   "  -v         print the patched header fields\n");
}

/* Parse the command line; return 0, or 1 after printing a usage error. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"setup", required_argument, NULL, 's'},
		{"payload", required_argument, NULL, 'p'},
		{"elf", required_argument, NULL, 'e'},
		{"output", required_argument, NULL, 'o'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->setup = optarg;
			break;
		case 'p':
			o->payload = optarg;
			break;
		case 'e':
			o->elf = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc || !o->setup || !o->payload || !o->elf ||
	    !o->output) {
		fprintf(stderr, "mkimage: --setup, --payload, --elf and -o are "
				"all required, and nothing else\n");
		usage(stderr);
		return 1;
	}
	return 0;
}

/* Read all of @path into a malloc'd buffer; return 0 or print why not. */
static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	size_t got = 0;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "mkimage: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > MKIMAGE_INPUT_MAX) {
		fprintf(stderr,
			"mkimage: %s is not a regular file of at most %ld "
			"bytes\n",
			path, MKIMAGE_INPUT_MAX);
		fclose(f);
		return -1;
	}
	*buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (*buf)
		got = fread(*buf, 1, (size_t)st.st_size, f);
	if (!*buf || got != (size_t)st.st_size || ferror(f)) {
		fprintf(stderr, "mkimage: cannot read %s (%zu of %lld bytes)\n",
			path, got, (long long)st.st_size);
		free(*buf);
		*buf = NULL;
		fclose(f);
		return -1;
	}
	fclose(f);
	*len = got;
	return 0;
}

/* Write @len bytes to a temporary file beside @path, then rename it over
 * @path; on any failure remove the temporary file and leave @path as it
 * was. */
static int write_file_atomic(const char *path, const uint8_t *buf, size_t len)
{
	size_t tmp_len = strlen(path) + sizeof(".tmpXXXXXX");
	char *tmp = malloc(tmp_len);
	mode_t mask;
	FILE *f = NULL;
	int fd;

	if (!tmp)
		goto fail;
	snprintf(tmp, tmp_len, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	mask = umask(0);
	umask(mask);
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		goto fail_unlink;
	}
	if (fchmod(fd, 0666 & ~mask) || fwrite(buf, 1, len, f) != len ||
	    fflush(f) || fsync(fd))
		goto fail_unlink;
	if (fclose(f)) {
		f = NULL;
		goto fail_unlink;
	}
	f = NULL;
	if (rename(tmp, path))
		goto fail_unlink;
	free(tmp);
	return 0;

fail_unlink:
	fprintf(stderr, "mkimage: cannot write %s (via %s): %s\n", path, tmp,
		strerror(errno));
	if (f)
		fclose(f);
	unlink(tmp);
	free(tmp);
	return -1;
fail:
	fprintf(stderr, "mkimage: cannot create a temporary file for %s: %s\n",
		path, strerror(errno));
	free(tmp);
	return -1;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct mkimage_input in = {0};
	struct mkimage_output out = {0};
	uint8_t *setup = NULL, *payload = NULL, *elf = NULL;
	char err[ERR_LEN];
	int status = 1;

	if (parse_options(argc, argv, &o))
		return 2;
	if (read_file(o.setup, &setup, &in.setup_len) ||
	    read_file(o.payload, &payload, &in.payload_len) ||
	    read_file(o.elf, &elf, &in.elf_len))
		goto out;
	in.setup = setup;
	in.payload = payload;
	in.elf = elf;
	if (mkimage_build(&in, &out, err, sizeof(err))) {
		fprintf(stderr,
			"mkimage: %s: %s\n"
			"mkimage: inputs: --setup %s --payload %s --elf %s\n",
			o.output, err, o.setup, o.payload, o.elf);
		goto out;
	}
	if (write_file_atomic(o.output, out.image, out.image_len))
		goto out;
	if (o.verbose)
		printf("mkimage: %s: %zu bytes; setup_sects %u, syssize %#x, "
		       "init_size %#x, kernel_info_offset %#x, "
		       "payload_offset %#x, payload_length %#x\n",
		       o.output, out.image_len, out.setup_sects, out.syssize,
		       out.init_size, out.kernel_info_offset,
		       out.payload_offset, out.payload_length);
	status = 0;
out:
	mkimage_output_free(&out);
	free(setup);
	free(payload);
	free(elf);
	return status;
}
