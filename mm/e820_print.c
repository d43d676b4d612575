// SPDX-License-Identifier: MIT
/*
 * The e820 map in Linux's printed form (e820__print_table), so that keel's
 * boot log and the host tool read like a Linux dmesg:
 *
 *   BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
 *   BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved
 *
 * The end is inclusive; types without a name print as "type N".
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/e820.h"
#include "mm/e820_internal.h"

/* Prefix of the name of types Linux prints by number. */
#define E820_TYPE_PREFIX "type "

static const struct {
	u32 type;
	const char *name;
} e820_type_names[] = {
	{E820_TYPE_RAM, "usable"},
	{E820_TYPE_RESERVED, "reserved"},
	{E820_TYPE_SOFT_RESERVED, "soft reserved"},
	{E820_TYPE_ACPI, "ACPI data"},
	{E820_TYPE_NVS, "ACPI NVS"},
	{E820_TYPE_UNUSABLE, "unusable"},
	{E820_TYPE_PMEM, "persistent (type 7)"},
	{E820_TYPE_PRAM, "persistent (type 12)"},
};

const char *e820__type_name(u32 type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(e820_type_names); i++)
		if (e820_type_names[i].type == type)
			return e820_type_names[i].name;
	return NULL;
}

/* Parse "type N" (N decimal, fitting u32). */
static int e820_parse_type_nr(const char *s, size_t len, u32 *type)
{
	size_t plen = strlen(E820_TYPE_PREFIX), i;
	u64 v = 0;

	if (len <= plen || strncmp(s, E820_TYPE_PREFIX, plen))
		return -EINVAL;
	for (i = plen; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (u64)(s[i] - '0');
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	*type = (u32)v;
	return 0;
}

int e820__parse_type(const char *s, size_t len, u32 *type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(e820_type_names); i++) {
		const char *name = e820_type_names[i].name;

		if (strlen(name) == len && !strncmp(s, name, len)) {
			*type = e820_type_names[i].type;
			return 0;
		}
	}
	return e820_parse_type_nr(s, len, type);
}

const char *e820_type_label(u32 type, char *buf, size_t size)
{
	const char *name = e820__type_name(type);

	if (name)
		return name;
	ksnprintf(buf, size, E820_TYPE_PREFIX "%u", type);
	return buf;
}

int e820__format_entry(char *buf, size_t size, const char *who,
		       const struct e820_entry *e)
{
	char label[E820_TYPE_LABEL_MAX];

	return ksnprintf(buf, size, "%s: [mem 0x%016llx-0x%016llx] %s", who,
			 ULL(e->addr), ULL(e->addr + e->size - 1),
			 e820_type_label(e->type, label, sizeof(label)));
}

void e820__print_table(const struct e820_table *t, const char *who)
{
	char line[E820_LINE_MAX];
	u32 i;

	for (i = 0; i < t->nr_entries; i++) {
		e820__format_entry(line, sizeof(line), who, &t->entries[i]);
		pr_info("%s\n", line);
	}
}
