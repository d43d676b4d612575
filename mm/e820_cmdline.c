// SPDX-License-Identifier: MIT
/*
 * The mem= and memmap= kernel options (Linux's parse_memopt and
 * parse_memmap_one), applied as one transaction:
 *
 *   table --copy--> work --options--> work --sanitise--> work --commit--> table
 *
 * Any option that does not parse, an edit that does not fit, or a result
 * the sanitiser rejects stops the transaction and leaves the table as it
 * was. Unlike Linux, a malformed memmap= element is an error, not ignored.
 *
 *   mem=nn[KMG]           remove RAM from nn up (0 refused)
 *   memmap=exactmap       empty the map (entries follow)
 *   memmap=nn[KMG]@ss     RAM         memmap=nn#ss  ACPI data
 *   memmap=nn$ss          reserved    memmap=nn!ss  PRAM
 *   memmap=nn%ss-old+new  change type old to new in [ss, ss+nn)
 *   memmap=nn             as mem=nn
 */
#include <limits.h>

#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "mm/e820.h"
#include "mm/e820_internal.h"

/* The map being built; committed to the caller's table on success. */
static struct e820_table e820_user_table;
/* A copy of the command line that parse_args() may cut up. */
static char e820_cmdline_buf[COMMAND_LINE_SIZE];

/* The transaction: the work table and whether an option changed it. */
struct e820_user_map {
	struct e820_table *work;
	bool userdef;
};

/* One memmap= element [s, end) and how it failed. */
struct e820_element {
	const char *s, *end;
	const char *why; /* set on a parse error */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Parse a size (memparse: C-style number, optional suffix) at *@p; move *@p
 * past it. Fails without digits or when the value saturates.
 */
static bool e820_parse_size(const char **p, u64 *v, const char **why)
{
	char *end;

	if (!is_digit(**p)) {
		*why = "a number was expected";
		return false;
	}
	*v = memparse(*p, &end);
	if (*v == ULLONG_MAX) {
		*why = "number too large";
		return false;
	}
	*p = end;
	return true;
}

/* Parse an entry type (plain C-style number, 1..0xffffffff) at *@p. */
static bool e820_parse_type_nr(const char **p, u32 *type, const char **why)
{
	unsigned long long v;
	char *end;

	if (!is_digit(**p)) {
		*why = "a type number was expected";
		return false;
	}
	v = simple_strtoull(*p, &end, 0);
	if (v == 0 || v > UINT32_MAX) {
		*why = "type must be 1..0xffffffff";
		return false;
	}
	*type = (u32)v;
	*p = end;
	return true;
}

/* Remove RAM from @limit up: mem=, and a bare memmap=nn. */
static int e820_limit_ram(struct e820_user_map *m, u64 limit)
{
	m->userdef = true;
	return e820__range_remove(m->work, limit, UINT64_MAX - limit,
				  E820_TYPE_RAM, true);
}

/* Why mem=@val is invalid, or NULL with the limit in *@size. */
static const char *e820_mem_error(const char *val, u64 *size)
{
	const char *p = val, *why = NULL;

	if (!val || !*val)
		return "a size was expected";
	if (!e820_parse_size(&p, size, &why))
		return why;
	if (*p)
		return "junk after the size";
	if (!*size)
		return "0 would remove all memory";
	return NULL;
}

static int e820_parse_mem(struct e820_user_map *m, const char *val)
{
	u64 size = 0;
	const char *why = e820_mem_error(val, &size);

	if (why) {
		pr_err("e820: invalid option \"mem=%s\": %s\n", val ? val : "",
		       why);
		return -EINVAL;
	}
	return e820_limit_ram(m, size);
}

/* nn%ss-old+new: edit the types in [start, start + size). */
static int e820_memmap_retype(struct e820_user_map *m, struct e820_element *el,
			      const char *p, u64 size)
{
	u32 from = 0, to = 0;
	u64 start;

	if (!e820_parse_size(&p, &start, &el->why))
		return -EINVAL;
	if (*p == '-') {
		p++;
		if (!e820_parse_type_nr(&p, &from, &el->why))
			return -EINVAL;
	}
	if (*p == '+') {
		p++;
		if (!e820_parse_type_nr(&p, &to, &el->why))
			return -EINVAL;
	}
	if (p != el->end) {
		el->why = "junk after the types";
		return -EINVAL;
	}
	if (from && to)
		return e820__range_update(m->work, start, size, from, to);
	if (to) {
		if (e820_range_wraps(start, size)) {
			el->why = "range wraps past 2^64";
			return -EINVAL;
		}
		return e820__range_add(m->work, start, size, to);
	}
	return e820__range_remove(m->work, start, size, from, from != 0);
}

/* Type of an nn<sep>ss element, 0 when @sep is none of @#$!. */
static u32 e820_memmap_sep_type(char sep)
{
	switch (sep) {
	case '@':
		return E820_TYPE_RAM;
	case '#':
		return E820_TYPE_ACPI;
	case '$':
		return E820_TYPE_RESERVED;
	case '!':
		return E820_TYPE_PRAM;
	default:
		return 0;
	}
}

/* nn@ss, nn#ss, nn$ss, nn!ss: add [ss, ss + nn) of @type. */
static int e820_memmap_add(struct e820_user_map *m, struct e820_element *el,
			   const char *p, u64 size, u32 type)
{
	u64 start;

	if (!e820_parse_size(&p, &start, &el->why))
		return -EINVAL;
	if (p != el->end) {
		el->why = "junk after the start address";
		return -EINVAL;
	}
	if (e820_range_wraps(start, size)) {
		el->why = "range wraps past 2^64";
		return -EINVAL;
	}
	return e820__range_add(m->work, start, size, type);
}

static int e820_memmap_one(struct e820_user_map *m, struct e820_element *el)
{
	const char *p = el->s;
	u64 size;
	u32 type;

	if ((size_t)(el->end - p) == strlen("exactmap") &&
	    !strncmp(p, "exactmap", strlen("exactmap"))) {
		m->work->nr_entries = 0;
		m->userdef = true;
		return 0;
	}
	if (!e820_parse_size(&p, &size, &el->why))
		return -EINVAL;
	m->userdef = true;
	if (p == el->end) {
		if (size)
			return e820_limit_ram(m, size);
		el->why = "0 would remove all memory";
		return -EINVAL;
	}
	type = e820_memmap_sep_type(*p);
	if (type)
		return e820_memmap_add(m, el, p + 1, size, type);
	if (*p == '%')
		return e820_memmap_retype(m, el, p + 1, size);
	el->why = "expected one of @ # $ ! % after the size";
	return -EINVAL;
}

/* Apply one element of memmap=@val; log why when it fails. */
static int e820_memmap_element(struct e820_user_map *m, const char *val,
			       struct e820_element *el)
{
	int ret;

	if (el->s == el->end) {
		el->why = "empty entry";
		ret = -EINVAL;
	} else {
		ret = e820_memmap_one(m, el);
	}
	if (el->why)
		pr_err("e820: invalid option \"memmap=%s\": \"%.*s\": %s\n",
		       val, (int)(el->end - el->s), el->s, el->why);
	else if (ret)
		pr_err("e820: option \"memmap=%s\" not applied\n", val);
	return ret;
}

static int e820_parse_memmap(struct e820_user_map *m, const char *val)
{
	const char *s = val = val ? val : "";

	for (;;) {
		const char *comma = strchr(s, ',');
		struct e820_element el = {
			.s = s,
			.end = comma ? comma : s + strlen(s),
		};
		int ret = e820_memmap_element(m, val, &el);

		if (ret || !comma)
			return ret;
		s = comma + 1;
	}
}

static int e820_apply_one(struct e820_user_map *m, const char *name,
			  const char *val)
{
	if (!strcmp(name, "mem"))
		return e820_parse_mem(m, val);
	if (!strcmp(name, "memmap"))
		return e820_parse_memmap(m, val);
	return 0;
}

/* Sanitise the work table and copy it to @t when the options changed it. */
static int e820_user_commit(struct e820_table *t, struct e820_user_map *m)
{
	int ret;

	if (!m->userdef)
		return 0;
	ret = e820__update_table(m->work);
	if (ret) {
		pr_err("e820: invalid user supplied memory map; the map is "
		       "left as it was\n");
		return ret;
	}
	e820_table_copy(t, m->work);
	return 1;
}

int e820__apply_options(struct e820_table *t, const struct e820_option *opts,
			size_t n)
{
	struct e820_user_map m = {.work = &e820_user_table};
	size_t i;
	int ret;

	if (!e820_count_ok(t, true))
		return -EINVAL;
	e820_table_copy(m.work, t);
	for (i = 0; i < n; i++) {
		ret = e820_apply_one(&m, opts[i].name, opts[i].val);
		if (ret)
			return ret;
	}
	return e820_user_commit(t, &m);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

int e820__apply_cmdline(struct e820_table *t, const char *cmdline)
{
	struct e820_user_map m = {.work = &e820_user_table};
	size_t len = strlen(cmdline);
	char *args = e820_cmdline_buf;

	if (!e820_count_ok(t, true))
		return -EINVAL;
	if (len >= sizeof(e820_cmdline_buf)) {
		pr_err("e820: command line of %zu bytes is longer than %u\n",
		       len, COMMAND_LINE_SIZE - 1);
		return -E2BIG;
	}
	memcpy(args, cmdline, len + 1);
	e820_table_copy(m.work, t);
	while (is_space(*args))
		args++;
	while (*args) {
		char *param, *val;
		int ret;

		args = next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break; /* the rest is for init */
		ret = e820_apply_one(&m, param, val);
		if (ret)
			return ret;
	}
	return e820_user_commit(t, &m);
}
