// SPDX-License-Identifier: MIT
/*
 * The kernel-parameter table, pure (see kernel/lib/setup_params.h): the
 * early pass, the __setup pass with the words left for init, and the words
 * after "--".
 */
#include "kernel/lib/setup_params.h"

#include "kernel/lib/cmdline.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

static char dash2underscore(char c)
{
	return c == '-' ? '_' : c;
}

bool parameqn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dash2underscore(a[i]) != dash2underscore(b[i]))
			return false;
	return true;
}

bool parameq(const char *a, const char *b)
{
	return parameqn(a, b, strlen(a) + 1);
}

void init_args_setup(struct init_args *ia, const char **argv,
		     unsigned int max_args, const char **envp,
		     unsigned int max_envs, unsigned int envc)
{
	ia->argv = argv;
	ia->max_args = max_args;
	ia->argc = 1;
	argv[1] = NULL;
	ia->envp = envp;
	ia->max_envs = max_envs;
	ia->envc = envc < max_envs ? envc : max_envs;
	ia->env_unknown = ia->envc;
	envp[ia->envc] = NULL;
	ia->overflow_kind = NULL;
	ia->overflow_param = NULL;
}

/* Is the name of @word ("name" or "name=value") exactly @name? */
static bool word_is(const char *word, const char *name)
{
	size_t n = strlen(name);

	return parameqn(word, name, n) && (word[n] == '\0' || word[n] == '=');
}

const struct obs_kernel_param *setup_find(const struct setup_table *t,
					  const char *word)
{
	const struct obs_kernel_param *p;

	for (p = t->start; p < t->end; p++)
		if (p->early && word_is(word, p->str))
			return p;
	for (p = t->start; p < t->end; p++)
		if (!p->early && parameqn(word, p->str, strlen(p->str)))
			return p;
	return NULL;
}

/* Leading white space, as next_arg() counts it. */
static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\v' ||
	       *s == '\f' || *s == '\r')
		s++;
	return s;
}

int setup_parse_early(const struct setup_table *t, char *cmdline)
{
	char *args = skip_blanks(cmdline);
	int complaints = 0;

	while (*args) {
		char *param, *val;

		args = next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		for (const struct obs_kernel_param *p = t->start; p < t->end;
		     p++) {
			if (!p->early || !parameq(param, p->str))
				continue;
			if (p->setup_func(val)) {
				pr_warn("Malformed early option '%s'\n", param);
				complaints++;
			}
		}
	}
	return complaints;
}

/*
 * Undo next_arg()'s cut between name and value so @param reads
 * "name=value" again (Linux's repair_env_string). A quoted value
 * (name="v w") sits one further: it is moved back over the quote.
 */
static void repair_env_string(char *param, char *val)
{
	size_t len = strlen(param);

	if (!val)
		return;
	if (val == param + len + 1) {
		val[-1] = '=';
	} else if (val == param + len + 2) {
		val[-2] = '=';
		memmove(val - 1, val, strlen(val) + 1);
	}
}

/*
 * The __setup entries for "name=value" @line (Linux's obsolete_checksetup).
 * Returns true when one took it, or when it names an early_param (handled
 * in the early pass already).
 */
static bool obsolete_checksetup(const struct setup_table *t, char *line)
{
	bool had_early_param = false;

	for (const struct obs_kernel_param *p = t->start; p < t->end; p++) {
		size_t n = strlen(p->str);

		if (!parameqn(line, p->str, n))
			continue;
		if (p->early) {
			if (line[n] == '\0' || line[n] == '=')
				had_early_param = true;
		} else if (!p->setup_func) {
			pr_warn("Parameter %s is obsolete, ignored\n", p->str);
			return true;
		} else if (p->setup_func(line + n)) {
			return true;
		}
	}
	return had_early_param;
}

static void init_arg_overflow(struct init_args *ia, const char *kind,
			      const char *param)
{
	if (!ia->overflow_kind) {
		ia->overflow_kind = kind;
		ia->overflow_param = param;
	}
}

static void add_argv(struct init_args *ia, const char *param)
{
	if (ia->overflow_kind)
		return;
	if (ia->argc >= ia->max_args) {
		init_arg_overflow(ia, "init", param);
		return;
	}
	ia->argv[ia->argc++] = param;
	ia->argv[ia->argc] = NULL;
}

/* "name=value" @param into envp, replacing an entry of the same name. */
static void add_envp(struct init_args *ia, const char *param, size_t name_len)
{
	unsigned int i;

	if (ia->overflow_kind)
		return;
	for (i = 0; i < ia->envc; i++) {
		if (!strncmp(param, ia->envp[i], name_len + 1)) {
			ia->envp[i] = param;
			return;
		}
	}
	if (ia->envc >= ia->max_envs) {
		init_arg_overflow(ia, "env", param);
		return;
	}
	ia->envp[ia->envc++] = param;
	ia->envp[ia->envc] = NULL;
}

static bool name_has_dot(const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (name[i] == '.')
			return true;
	return false;
}

static void unknown_bootoption(const struct setup_table *t, char *param,
			       char *val, struct init_args *ia)
{
	size_t len = strlen(param);

	repair_env_string(param, val);
	if (obsolete_checksetup(t, param))
		return;
	if (name_has_dot(param, len))
		return; /* a module parameter; keel has no modules */
	if (val)
		add_envp(ia, param, len);
	else
		add_argv(ia, param);
}

char *setup_parse_args(const struct setup_table *t, char *cmdline,
		       struct init_args *ia)
{
	char *args = skip_blanks(cmdline);

	while (*args) {
		char *param, *val;

		args = next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			return args;
		unknown_bootoption(t, param, val, ia);
	}
	return NULL;
}

void setup_init_args(char *args, struct init_args *ia)
{
	args = skip_blanks(args);
	while (*args) {
		char *param, *val;

		args = next_arg(args, &param, &val);
		repair_env_string(param, val);
		add_argv(ia, param);
	}
}

static size_t append_word(char *buf, size_t size, size_t len, const char *w)
{
	for (const char *s = len ? " " : ""; *s && len + 1 < size; s++)
		buf[len++] = *s;
	for (; *w && len + 1 < size; w++)
		buf[len++] = *w;
	return len;
}

size_t setup_format_unknown(const struct init_args *ia, char *buf, size_t size)
{
	size_t len = 0;

	if (!size)
		return 0;
	for (unsigned int i = ia->env_unknown; i < ia->envc; i++)
		len = append_word(buf, size, len, ia->envp[i]);
	for (unsigned int i = 1; i < ia->argc; i++)
		len = append_word(buf, size, len, ia->argv[i]);
	buf[len] = '\0';
	return len;
}
