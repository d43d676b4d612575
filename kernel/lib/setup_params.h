/* SPDX-License-Identifier: MIT */
/*
 * The kernel-parameter table, pure: how the words of a command line are
 * matched against the __setup()/early_param() entries that code registers
 * (kernel/init.h puts them in .init.setup), and what becomes of the words
 * nobody registered, as Linux's init/main.c does it:
 *
 *   setup_parse_early()  parse_early_param: every early_param handler whose
 *                        name equals a word is called with the word's value
 *                        (NULL for a bare word), before "--".
 *   setup_parse_args()   parse_args + unknown_bootoption: before "--", a word
 *                        a __setup entry takes is consumed; one that names an
 *                        early_param exactly was handled already; a word with
 *                        a '.' in its name is a module parameter and dropped;
 *                        any other goes to init, "name=value" into envp (a
 *                        later one of the same name replacing it) and a
 *                        bare word into argv.
 *   setup_init_args()    set_init_arg: every word after "--" goes to argv as
 *                        written ("a=b" included), quotes removed.
 *
 * Names compare as Linux's parameq(): '-' and '_' are the same character.
 * An early_param name is matched whole. A __setup name is matched as a
 * prefix of "name=value" (Linux's obsolete_checksetup): __setup("init=", fn)
 * takes "init=/bin/sh" and calls fn("/bin/sh"); __setup("quiet", fn) takes
 * "quiet" and calls fn(""), and would take "quieter" with fn("er"), so a
 * handler of a bare flag checks that it got "".
 *
 * Handlers follow Linux's conventions: an early_param handler returns 0 when
 * the value was good, else non-zero ("Malformed early option" is logged); a
 * __setup handler returns 1 when it took the word, 0 to leave it for init.
 * Either reports a bad value itself, naming it.
 */
#ifndef KEEL_LIB_SETUP_PARAMS_H
#define KEEL_LIB_SETUP_PARAMS_H

#include "kernel/lib/types.h"

/* One registration (Linux's struct obs_kernel_param). */
struct obs_kernel_param {
	const char
		*str; /* name; a __setup name ends in '=' if it takes a value */
	int (*setup_func)(char *val);
	int early; /* 1: early_param() */
};

/* A table of registrations: [start, end). */
struct setup_table {
	const struct obs_kernel_param *start, *end;
};

/*
 * What init gets: argv[0] is left for the path of init, argv[1..argc-1] and
 * envp[0..envc-1] are filled; both stay NULL-terminated (the arrays hold
 * max_args + 1 and max_envs + 1 pointers). The pointers point into the
 * command-line buffer given to setup_parse_args(), which must outlive them.
 */
struct init_args {
	const char **argv;
	unsigned int argc, max_args;
	const char **envp;
	unsigned int envc, max_envs;
	unsigned int env_unknown; /* envp[env_unknown..] came from the line */
	/* When a word did not fit: Linux's panic_later ("init" or "env") and
	 * panic_param (the word). Later words are dropped then. */
	const char *overflow_kind;
	const char *overflow_param;
};

/*
 * init_args_setup - start @ia with the arrays given and the environment
 * entries already in @envp (@envc of them, e.g. "HOME=/", "TERM=linux").
 * argc starts at 1 (argv[0] is init's path, set later).
 */
void init_args_setup(struct init_args *ia, const char **argv,
		     unsigned int max_args, const char **envp,
		     unsigned int max_envs, unsigned int envc);

/* parameq / parameqn: names equal (the first @n characters), '-' == '_'. */
bool parameq(const char *a, const char *b);
bool parameqn(const char *a, const char *b, size_t n);

/*
 * setup_find - the registration that would take @word ("name" or
 * "name=value"), as setup_parse_args() matches: the first early_param whose
 * name is @word's whole name, else the first __setup whose name is a prefix
 * of @word. NULL when none: the word is unknown to the kernel.
 */
const struct obs_kernel_param *setup_find(const struct setup_table *t,
					  const char *word);

/*
 * setup_parse_early - call the early_param handlers for the words of
 * @cmdline (cut up in place; values point into it) up to "--".
 * Every early entry whose name equals a word's name is called, in table
 * order; one returning non-zero is logged as Linux does
 * ("Malformed early option 'NAME'").
 * Return: the number of such complaints.
 */
int setup_parse_early(const struct setup_table *t, char *cmdline);

/*
 * setup_parse_args - hand the words of @cmdline (cut up in place; argv and
 * envp point into it) before "--" to the __setup handlers and the rest to
 * init as described above.
 * Return: the text after "--" (for setup_init_args()), or NULL when there
 * is no "--".
 */
char *setup_parse_args(const struct setup_table *t, char *cmdline,
		       struct init_args *ia);

/* setup_init_args - every word of @args (after "--") into argv. */
void setup_init_args(char *args, struct init_args *ia);

/*
 * setup_format_unknown - "w1 w2 ..." of the words passed to init so far,
 * the environment ones first and then argv[1..], as Linux's
 * print_unknown_bootoptions lists them (call before setup_init_args()).
 * Writes at most @size - 1 characters and a NUL.
 * Return: the length written (0 when no word was unknown).
 */
size_t setup_format_unknown(const struct init_args *ia, char *buf, size_t size);

#endif
