// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for kernel/lib/setup_params.c. The input is a kernel
 * command line (NULs end it, at most COMMAND_LINE_SIZE - 1 bytes); it goes
 * through the early pass, the __setup pass and the words after "--", as
 * start_kernel does, against a table with early and __setup entries of
 * overlapping names. What must hold:
 *   - every value a handler gets, and every argv and envp string, lies in
 *     the buffer it was parsed from, NUL-terminated there;
 *   - argc and envc stay within their limits, both arrays NULL-terminated,
 *     and a word is dropped only with overflow_kind set;
 *   - every environment string has a '=' and no two share a name;
 *   - the unknown-word list is as long as it says, within its buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootparam.h"
#include "hosttest/fuzz/fuzz_common.h"
#include "kernel/lib/log.h"
#include "kernel/lib/setup_params.h"

#define MAX_ARGS 8
#define MAX_ENVS 8

static char early_buf[COMMAND_LINE_SIZE];
static char line_buf[COMMAND_LINE_SIZE];

/* A string inside @buf, its NUL inside too. */
static void check_in(const char *buf, const char *s)
{
	check(s >= buf && s < buf + COMMAND_LINE_SIZE);
	check(memchr(s, '\0', (size_t)(buf + COMMAND_LINE_SIZE - s)) != NULL);
}

static int early_handler(char *val)
{
	if (val)
		check_in(early_buf, val);
	return val && val[0] == 'x'; /* some values are "malformed" */
}

static int setup_handler(char *rest)
{
	check_in(line_buf, rest);
	return rest[0] != 'n'; /* some words are declined */
}

static const struct obs_kernel_param entries[] = {
	{"a", early_handler, 1},
	{"ab", early_handler, 1},
	{"a_b", early_handler, 1},
	{"a=", setup_handler, 0},
	{"ab", setup_handler, 0},
	{"b", setup_handler, 0},
	{"obs", NULL, 0},
	{"c-d=", setup_handler, 0},
	{"init=", setup_handler, 0},
};
static const struct setup_table table = {
	entries, entries + sizeof(entries) / sizeof(entries[0])};

static void drop_log(int level, const char *text, size_t len)
{
	(void)level;
	(void)text;
	(void)len;
}

static size_t name_len(const char *env)
{
	return (size_t)(strchr(env, '=') - env);
}

static void check_args(const struct init_args *ia)
{
	check(ia->argc >= 1 && ia->argc <= MAX_ARGS);
	check(ia->envc >= 2 && ia->envc <= MAX_ENVS);
	check(ia->argv[ia->argc] == NULL);
	check(ia->envp[ia->envc] == NULL);
	for (unsigned int i = 1; i < ia->argc; i++)
		check_in(line_buf, ia->argv[i]);
	for (unsigned int i = 0; i < ia->envc; i++) {
		const char *e = ia->envp[i];

		if (i >= 2 || (strcmp(e, "HOME=/") && strcmp(e, "TERM=linux")))
			check_in(line_buf, e);
		check(strchr(e, '=') != NULL);
		for (unsigned int j = 0; j < i; j++)
			check(name_len(e) != name_len(ia->envp[j]) ||
			      memcmp(e, ia->envp[j], name_len(e)));
	}
	if (ia->overflow_kind)
		check_in(line_buf, ia->overflow_param);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *argv[MAX_ARGS + 2], *envp[MAX_ENVS + 2];
	struct init_args ia;
	char unknown[64];
	size_t len =
		size < COMMAND_LINE_SIZE - 1 ? size : COMMAND_LINE_SIZE - 1;
	unsigned int argc_before;
	char *rest;

	log_set_sink(drop_log);
	memset(early_buf, 0, sizeof(early_buf));
	memcpy(early_buf, data, len);
	memcpy(line_buf, early_buf, sizeof(line_buf));
	check(setup_parse_early(&table, early_buf) >= 0);

	envp[0] = "HOME=/";
	envp[1] = "TERM=linux";
	init_args_setup(&ia, argv, MAX_ARGS, envp, MAX_ENVS, 2);
	rest = setup_parse_args(&table, line_buf, &ia);
	check_args(&ia);

	len = setup_format_unknown(&ia, unknown, sizeof(unknown));
	check(len < sizeof(unknown) && strlen(unknown) == len);
	if (ia.argc == 1 && ia.envc == ia.env_unknown)
		check(len == 0);

	if (rest) {
		check_in(line_buf, rest);
		argc_before = ia.argc;
		setup_init_args(rest, &ia);
		check_args(&ia);
		check(ia.argc >= argc_before);
	}
	log_set_sink(NULL);
	return 0;
}
