// SPDX-License-Identifier: MIT
/*
 * Replays a fuzz target's corpus without libFuzzer, so `meson test --suite
 * fuzz` exercises every target (with ASan and UBSan) on every build.
 * Arguments are files or directories; each file is one input. Prints TAP,
 * one line per input. A crash or sanitizer report aborts the run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char **paths;
static size_t npaths, cap;

static void add_path(const char *p)
{
	if (npaths == cap) {
		cap = cap ? cap * 2 : 64;
		paths = realloc(paths, cap * sizeof(*paths));
		if (!paths)
			abort();
	}
	paths[npaths] = strdup(p);
	if (!paths[npaths++])
		abort();
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(const char *arg)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char buf[4096];

	if (stat(arg, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", arg, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		add_path(arg);
		return 0;
	}
	d = opendir(arg);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", arg, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(buf, sizeof(buf), "%s/%s", arg, de->d_name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
			add_path(buf);
	}
	closedir(d);
	return 0;
}

static int run_one(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	/* Exactly sized, so ASan catches reads past the input. */
	data = malloc(size ? (size_t)size : 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;

	for (int i = 1; i < argc; i++)
		if (collect(argv[i]) != 0)
			return 2;
	if (npaths == 0) {
		fprintf(stderr, "replay: no inputs given\n");
		return 2;
	}
	qsort(paths, npaths, sizeof(*paths), cmp_str);
	printf("TAP version 13\n1..%zu\n", npaths);
	for (size_t i = 0; i < npaths; i++) {
		const char *name = strrchr(paths[i], '/');

		name = name ? name + 1 : paths[i];
		if (run_one(paths[i]) != 0) {
			printf("not ok %zu %s # cannot read\n", i + 1, name);
			failed++;
		} else {
			printf("ok %zu %s\n", i + 1, name);
		}
		fflush(stdout);
		free(paths[i]);
	}
	free(paths);
	return failed ? 1 : 0;
}
