// SPDX-License-Identifier: MIT
/*
 * e820 - check a machine's e820 memory map on the host.
 *
 * Reads a map (Linux dmesg lines or raw "ADDR SIZE TYPE" lines), sanitises
 * it with keel's mm/e820 code, applies --mem= and --memmap= as the kernel
 * command line would, and prints the result in Linux's format (or raw).
 *
 *   dmesg | grep BIOS-e820 | build/tools/e820 --memmap=1G\$3G
 *
 * Exit status: 0 map printed; 1 the sanitiser rejected the map (printed
 * unchanged, reason on stderr); 2 bad input line, bad option, I/O error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/errno.h"
#include "kernel/lib/hex.h"
#include "kernel/lib/log.h"
#include "mm/e820.h"

#define EXIT_REJECTED 1
#define EXIT_BAD_INPUT 2

/* Tags of Linux's e820 printout lines the tool reads. */
static const char *const e820_tags[] = {"BIOS-e820", "BIOS-e801", "BIOS-88"};

static const char usage_text[] =
	"Usage: e820 [OPTION]... [FILE]\n"
	"Read an e820 memory map from FILE (or standard input, also for -),\n"
	"sanitise it as Linux does, apply --mem/--memmap as the kernel "
	"command\n"
	"line would, and print the result in Linux's dmesg format.\n"
	"\n"
	"Input, one entry per line, in the order given:\n"
	"  dmesg lines  [    0.000000] BIOS-e820: [mem 0x0-0x9fbff] usable\n"
	"               (timestamps and any text before the tag optional;\n"
	"               tags BIOS-e820, BIOS-e801, BIOS-88; the end is\n"
	"               inclusive; also the old form\n"
	"               BIOS-e820: 0000000000000000 - 000000000009fc00 "
	"(usable))\n"
	"  raw lines    ADDR SIZE TYPE   C-style numbers (0x1000, 4096, 010),\n"
	"               numeric type (1 usable, 2 reserved, 3 ACPI data,\n"
	"               4 ACPI NVS, 5 unusable, 7/12 persistent,\n"
	"               0xefffffff soft reserved)\n"
	"Blank lines and lines starting with '#' are ignored; so are other\n"
	"lines that neither contain an e820 tag nor start with a digit, so a\n"
	"whole dmesg can be pasted (its user:, extended: and e820: update\n"
	"lines are skipped). A tagged line or a line starting with a digit\n"
	"that does not parse is an error naming its line number.\n"
	"\n"
	"Options:\n"
	"  --mem=SIZE      as mem=SIZE: drop RAM from SIZE up (K, M, G, T)\n"
	"  --memmap=SPEC   as memmap=SPEC: exactmap, nn@ss, nn#ss, nn$ss,\n"
	"                  nn!ss, nn%ss-old+new, nn; comma lists; repeatable.\n"
	"                  --mem and --memmap apply in the order given.\n"
	"  --raw           print \"0xADDR 0xSIZE TYPE\" lines\n"
	"  -v, --verbose   also show the edits made (e820: update/remove)\n"
	"  -h, --help      show this help\n"
	"\n"
	"Exit status: 0 the map was printed; 1 the sanitiser rejected the map\n"
	"(fewer than 2 entries, or an entry wraps past 2^64; also a --memmap\n"
	"result like that): the map is printed unchanged and the reason goes\n"
	"to standard error; 2 a line could not be parsed, an option was bad,\n"
	"or input could not be read.\n";

static bool verbose;

/* The library's messages: warnings and errors go to stderr. */
static void log_to_stderr(int level, const char *text, size_t len)
{
	if (level > LOGLEVEL_WARNING && !verbose)
		return;
	fprintf(stderr, "%.*s", (int)len, text);
	if (!len || text[len - 1] != '\n')
		fputc('\n', stderr);
}

static void __printf(1, 2) error(const char *fmt, ...)
{
	va_list ap;

	fputs("e820: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

/* Parse hex digits at *@s (at least one, at most 64 bits); move *@s on. */
static bool parse_hex(const char **s, u64 *v)
{
	const char *p = *s;
	int d;

	*v = 0;
	for (; (d = hex_to_bin((unsigned char)*p)) >= 0; p++) {
		if (*v >> 60)
			return false;
		*v = *v << 4 | (u64)d;
	}
	if (p == *s)
		return false;
	*s = p;
	return true;
}

static bool skip_literal(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n))
		return false;
	*s += n;
	return true;
}

/* Length of @s without trailing blanks. */
static size_t trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n && is_blank(s[n - 1]))
		n--;
	return n;
}

/* Turn an inclusive [start, last] into a size; "last = start - 1" is 0. */
static const char *inclusive_size(u64 start, u64 last, u64 *size)
{
	if (last + 1 == start) {
		*size = 0;
		return NULL;
	}
	if (last < start)
		return "the end lies before the start";
	if (start == 0 && last == UINT64_MAX)
		return "a size of 2^64 is not representable";
	*size = last - start + 1;
	return NULL;
}

/* "[mem 0xSTART-0xLAST] TYPE" (Linux 3.x and later). */
static const char *parse_mem_form(const char *s, struct e820_entry *e)
{
	u64 start, last, size;
	const char *why;
	u32 type;

	if (!skip_literal(&s, "[mem 0x") || !parse_hex(&s, &start))
		return "expected \"[mem 0xSTART\"";
	if (!skip_literal(&s, "-0x") || !parse_hex(&s, &last))
		return "expected \"-0xEND\"";
	if (!skip_literal(&s, "] "))
		return "expected \"] \" after the end";
	why = inclusive_size(start, last, &size);
	if (why)
		return why;
	if (e820__parse_type(s, trimmed_len(s), &type))
		return "unknown type name";
	*e = (struct e820_entry){start, size, type};
	return NULL;
}

/* "START - END (TYPE)", END exclusive (Linux 2.6). */
static const char *parse_old_form(const char *s, struct e820_entry *e)
{
	u64 start, end;
	size_t n;
	u32 type;

	if (!parse_hex(&s, &start) || !skip_literal(&s, " - ") ||
	    !parse_hex(&s, &end))
		return "expected \"[mem 0xSTART-0xEND] TYPE\" or "
		       "\"START - END (TYPE)\"";
	if (end < start)
		return "the end lies before the start";
	if (!skip_literal(&s, " ("))
		return "expected \" (TYPE)\"";
	n = trimmed_len(s);
	if (n == 0 || s[n - 1] != ')')
		return "expected ')' after the type";
	if (e820__parse_type(s, n - 1, &type))
		return "unknown type name";
	*e = (struct e820_entry){start, end - start, type};
	return NULL;
}

/* The text after an e820 tag and its colon. */
static const char *parse_dmesg(const char *s, struct e820_entry *e)
{
	s = skip_blanks(s);
	if (*s == '[')
		return parse_mem_form(s, e);
	return parse_old_form(s, e);
}

/* One C-style number (0x hex, 0 octal, decimal) ending at a blank or NUL. */
static bool parse_number(const char **s, u64 *v)
{
	unsigned long long x;
	char *end;

	if (**s < '0' || **s > '9')
		return false;
	errno = 0;
	x = strtoull(*s, &end, 0);
	if (errno == ERANGE || (*end && !is_blank(*end)))
		return false;
	*v = x;
	*s = end;
	return true;
}

/* "ADDR SIZE TYPE", then nothing or a '#' comment. */
static const char *parse_raw(const char *s, struct e820_entry *e)
{
	u64 addr, size, type;

	if (!parse_number(&s, &addr))
		return "ADDR is not a number";
	s = skip_blanks(s);
	if (!parse_number(&s, &size))
		return "SIZE is not a number";
	s = skip_blanks(s);
	if (!parse_number(&s, &type))
		return "TYPE is not a number";
	if (type > UINT32_MAX)
		return "TYPE does not fit in 32 bits";
	*e = (struct e820_entry){addr, size, (u32)type};
	s = skip_blanks(s);
	if (*s && *s != '#')
		return "junk after TYPE";
	return NULL;
}

/* Find an e820 tag followed by ':' in @line; returns the text after it. */
static const char *find_tag(const char *line, const char **tag)
{
	for (size_t i = 0; i < ARRAY_SIZE(e820_tags); i++) {
		size_t n = strlen(e820_tags[i]);

		for (const char *p = strstr(line, e820_tags[i]); p;
		     p = strstr(p + 1, e820_tags[i])) {
			if (p[n] == ':') {
				*tag = e820_tags[i];
				return p + n + 1;
			}
		}
	}
	return NULL;
}

/* The map read so far and the prefix to print it with. */
struct input {
	const char *name;
	struct e820_table table;
	const char *who; /* common tag of the dmesg lines, or NULL */
	bool mixed; /* lines of several kinds */
	bool any; /* some entry read */
};

static void note_kind(struct input *in, const char *who)
{
	if (in->any && in->who != who)
		in->mixed = true;
	in->who = who;
	in->any = true;
}

/* Parse one input line; 0 when it was fine or skipped, else an exit code. */
static int read_line(struct input *in, char *line, unsigned long lineno)
{
	const char *tag = NULL, *rest, *why;
	const char *s = skip_blanks(line);
	struct e820_entry e;

	line[strcspn(line, "\r\n")] = '\0';
	if (!*s || *s == '#')
		return 0;
	rest = find_tag(s, &tag);
	if (rest)
		why = parse_dmesg(rest, &e);
	else if (*s >= '0' && *s <= '9')
		why = parse_raw(s, &e);
	else
		return 0; /* other dmesg text */
	if (why) {
		error("%s:%lu: %s: %s", in->name, lineno, why, s);
		return EXIT_BAD_INPUT;
	}
	if (in->table.nr_entries == E820_MAX_ENTRIES) {
		error("%s:%lu: more than %u entries", in->name, lineno,
		      E820_MAX_ENTRIES);
		return EXIT_BAD_INPUT;
	}
	in->table.entries[in->table.nr_entries++] = e;
	note_kind(in, tag);
	return 0;
}

static int read_input(FILE *f, struct input *in)
{
	unsigned long lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	while (!ret && getline(&line, &cap, f) >= 0)
		ret = read_line(in, line, ++lineno);
	if (!ret && ferror(f)) {
		error("%s: read error: %s", in->name, strerror(errno));
		ret = EXIT_BAD_INPUT;
	}
	free(line);
	return ret;
}

static void print_table(const struct e820_table *t, const char *who, bool raw)
{
	char line[E820_LINE_MAX];

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (raw) {
			printf("0x%llx 0x%llx %u\n",
			       (unsigned long long)e->addr,
			       (unsigned long long)e->size, e->type);
			continue;
		}
		e820__format_entry(line, sizeof(line), who, e);
		printf("%s\n", line);
	}
}

/* Command-line settings. */
struct settings {
	struct e820_option *opts;
	size_t nopts;
	bool raw;
	const char *file;
};

enum { OPT_MEM = 256, OPT_MEMMAP, OPT_RAW };

static int parse_settings(int argc, char **argv, struct settings *s)
{
	static const struct option longopts[] = {
		{"mem", required_argument, NULL, OPT_MEM},
		{"memmap", required_argument, NULL, OPT_MEMMAP},
		{"raw", no_argument, NULL, OPT_RAW},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hv", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MEM:
		case OPT_MEMMAP:
			s->opts[s->nopts++] = (struct e820_option){
				c == OPT_MEM ? "mem" : "memmap", optarg};
			break;
		case OPT_RAW:
			s->raw = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_SUCCESS);
		case ':':
			error("option '%s' needs a value; try --help",
			      argv[optind - 1]);
			return EXIT_BAD_INPUT;
		default:
			if (optopt)
				error("unknown option '-%c'; try --help",
				      optopt);
			else
				error("unknown option '%s'; try --help",
				      argv[optind - 1]);
			return EXIT_BAD_INPUT;
		}
	}
	if (argc - optind > 1) {
		error("one input file at most (got '%s' and '%s'); try --help",
		      argv[optind], argv[optind + 1]);
		return EXIT_BAD_INPUT;
	}
	s->file = optind < argc ? argv[optind] : NULL;
	return 0;
}

static int open_input(const struct settings *s, FILE **f, struct input *in)
{
	if (!s->file || !strcmp(s->file, "-")) {
		*f = stdin;
		in->name = "<stdin>";
		return 0;
	}
	*f = fopen(s->file, "r");
	if (!*f) {
		error("cannot open %s: %s", s->file, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	in->name = s->file;
	return 0;
}

/* Sanitise and apply the options; returns the exit code. */
static int process(struct input *in, const struct settings *s)
{
	const char *who = in->who && !in->mixed ? in->who : "BIOS-e820";
	int ret;

	if (!in->any)
		error("%s: no e820 entries found", in->name);
	if (e820__update_table(&in->table)) {
		print_table(&in->table, who, s->raw);
		return EXIT_REJECTED;
	}
	ret = e820__apply_options(&in->table, s->opts, s->nopts);
	if (ret == -ENOENT || ret == -EOVERFLOW) {
		print_table(&in->table, who, s->raw);
		return EXIT_REJECTED;
	}
	if (ret < 0)
		return EXIT_BAD_INPUT;
	print_table(&in->table, ret > 0 ? "user" : who, s->raw);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	static struct input in;
	struct settings s = {0};
	FILE *f;
	int ret;

	log_set_sink(log_to_stderr);
	s.opts = calloc((size_t)argc, sizeof(*s.opts));
	if (!s.opts) {
		error("out of memory");
		return EXIT_BAD_INPUT;
	}
	ret = parse_settings(argc, argv, &s);
	if (!ret)
		ret = open_input(&s, &f, &in);
	if (!ret) {
		ret = read_input(f, &in);
		if (f != stdin)
			fclose(f);
	}
	if (!ret)
		ret = process(&in, &s);
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write the map: %s", strerror(errno));
		ret = EXIT_BAD_INPUT;
	}
	free(s.opts);
	return ret;
}
