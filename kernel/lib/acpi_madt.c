// SPDX-License-Identifier: MIT
/*
 * The Multiple APIC Description Table (ACPI 6.5 section 5.2.12): a 44-byte
 * fixed part (local APIC address, flags) followed by interrupt controller
 * structures, each starting with {u8 type; u8 length}:
 *
 *   offset 44: [type|len|...][type|len|......][type|len|..] ... table end
 *
 * A structure keel decodes must be at least as long as its type's layout;
 * any structure must be at least 2 bytes and end inside the table.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "kernel/lib/acpi.h"

#include "kernel/lib/acpi_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define LINT_MAX 1 /* a local APIC has LINT0 and LINT1 */

/* Smallest length of each type keel decodes; 0 for the others. */
static const u8 madt_min_length[] = {
	[ACPI_MADT_TYPE_LOCAL_APIC] = sizeof(struct acpi_madt_local_apic),
	[ACPI_MADT_TYPE_IO_APIC] = sizeof(struct acpi_madt_io_apic),
	[ACPI_MADT_TYPE_INTERRUPT_OVERRIDE] =
		sizeof(struct acpi_madt_interrupt_override),
	[ACPI_MADT_TYPE_NMI_SOURCE] = sizeof(struct acpi_madt_nmi_source),
	[ACPI_MADT_TYPE_LOCAL_APIC_NMI] =
		sizeof(struct acpi_madt_local_apic_nmi),
	[ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE] =
		sizeof(struct acpi_madt_local_apic_override),
	[ACPI_MADT_TYPE_LOCAL_X2APIC] = sizeof(struct acpi_madt_local_x2apic),
	[ACPI_MADT_TYPE_LOCAL_X2APIC_NMI] =
		sizeof(struct acpi_madt_local_x2apic_nmi),
};

/* One structure being decoded, and its position for messages. */
struct madt_entry {
	const struct acpi_subtable_header *hdr;
	unsigned int index;
};

static unsigned int min_length(u8 type)
{
	return type < ARRAY_SIZE(madt_min_length) ? madt_min_length[type] : 0;
}

/*
 * take_slot - claim the next of @cap slots counted by *@nr; when they are
 * all used, report and count the entry as overflowing. Returns the slot
 * index or -1.
 */
static int take_slot(struct acpi_madt_info *m, unsigned int *nr,
		     unsigned int cap, const char *what,
		     const struct madt_entry *e)
{
	if (*nr < cap)
		return (int)(*nr)++;
	m->nr_overflow++;
	pr_warn("MADT entry %u (type %u): more than %u %s entries, dropped\n",
		e->index, e->hdr->type, cap, what);
	return -1;
}

static void invalid(struct acpi_madt_info *m)
{
	m->nr_invalid++;
}

/* Split MPS INTI flags; reserved encodings are reported but kept. */
static void decode_inti(u16 flags, u8 *polarity, u8 *trigger,
			const struct madt_entry *e)
{
	*polarity = flags & ACPI_MADT_POLARITY_MASK;
	*trigger = (flags >> ACPI_MADT_TRIGGER_SHIFT) & ACPI_MADT_TRIGGER_MASK;
	if (*polarity == ACPI_POLARITY_RESERVED ||
	    *trigger == ACPI_TRIGGER_RESERVED)
		pr_warn("MADT entry %u (type %u): inti_flags 0x%04x use a "
			"reserved polarity or trigger mode\n",
			e->index, e->hdr->type, flags);
}

static void add_cpu(struct acpi_madt_info *m, u32 uid, u32 apic_id, u32 flags,
		    bool x2apic, const struct madt_entry *e)
{
	int i = take_slot(m, &m->nr_cpus, ACPI_MAX_CPUS, "CPU", e);
	struct acpi_madt_cpu *c;

	if (i < 0)
		return;
	c = &m->cpus[i];
	c->processor_uid = uid;
	c->apic_id = apic_id;
	c->flags = flags;
	c->enabled = flags & ACPI_MADT_ENABLED;
	c->online_capable = flags & ACPI_MADT_ONLINE_CAPABLE;
	c->x2apic = x2apic;
}

static void add_ioapic(struct acpi_madt_info *m, const struct madt_entry *e)
{
	const struct acpi_madt_io_apic *s = (const void *)e->hdr;
	int i;

	if (!s->address) {
		pr_warn("MADT entry %u: IOAPIC id %u has address 0, dropped\n",
			e->index, s->id);
		invalid(m);
		return;
	}
	i = take_slot(m, &m->nr_ioapics, ACPI_MAX_IOAPICS, "IOAPIC", e);
	if (i < 0)
		return;
	m->ioapics[i].id = s->id;
	m->ioapics[i].address = s->address;
	m->ioapics[i].gsi_base = s->global_irq_base;
}

static void add_override(struct acpi_madt_info *m, const struct madt_entry *e)
{
	const struct acpi_madt_interrupt_override *s = (const void *)e->hdr;
	struct acpi_madt_override *o;
	int i = take_slot(m, &m->nr_overrides, ACPI_MAX_INT_OVERRIDES,
			  "INT_SRC_OVR", e);

	if (i < 0)
		return;
	o = &m->overrides[i];
	o->bus = s->bus;
	o->source_irq = s->source_irq;
	o->gsi = s->global_irq;
	o->inti_flags = s->inti_flags;
	decode_inti(s->inti_flags, &o->polarity, &o->trigger, e);
}

static void add_nmi_source(struct acpi_madt_info *m, const struct madt_entry *e)
{
	const struct acpi_madt_nmi_source *s = (const void *)e->hdr;
	struct acpi_madt_nmi_src *n;
	int i = take_slot(m, &m->nr_nmi_sources, ACPI_MAX_NMI_SOURCES,
			  "NMI_SRC", e);

	if (i < 0)
		return;
	n = &m->nmi_sources[i];
	n->gsi = s->global_irq;
	n->inti_flags = s->inti_flags;
	decode_inti(s->inti_flags, &n->polarity, &n->trigger, e);
}

static void add_lapic_nmi(struct acpi_madt_info *m, u32 uid, bool all,
			  u16 flags, u8 lint, bool x2apic,
			  const struct madt_entry *e)
{
	struct acpi_madt_lapic_nmi *n;
	int i;

	if (lint > LINT_MAX) {
		pr_warn("MADT entry %u (type %u): LINT%u does not exist, "
			"dropped\n",
			e->index, e->hdr->type, lint);
		invalid(m);
		return;
	}
	i = take_slot(m, &m->nr_lapic_nmis, ACPI_MAX_LAPIC_NMIS, "LAPIC_NMI",
		      e);
	if (i < 0)
		return;
	n = &m->lapic_nmis[i];
	n->processor_uid = uid;
	n->all_cpus = all;
	n->x2apic = x2apic;
	n->inti_flags = flags;
	n->lint = lint;
	decode_inti(flags, &n->polarity, &n->trigger, e);
}

static void set_lapic_override(struct acpi_madt_info *m,
			       const struct madt_entry *e)
{
	const struct acpi_madt_local_apic_override *s = (const void *)e->hdr;

	if (!s->address || m->lapic_addr_override) {
		pr_warn("MADT entry %u: %s local APIC address override 0x%lx, "
			"dropped\n",
			e->index, s->address ? "second" : "zero", s->address);
		invalid(m);
		return;
	}
	m->lapic_addr = s->address;
	m->lapic_addr_override = true;
}

static void decode_entry(struct acpi_madt_info *m, const struct madt_entry *e)
{
	const void *s = e->hdr;

	switch (e->hdr->type) {
	case ACPI_MADT_TYPE_LOCAL_APIC: {
		const struct acpi_madt_local_apic *l = s;

		add_cpu(m, l->processor_id, l->id, l->lapic_flags, false, e);
		break;
	}
	case ACPI_MADT_TYPE_LOCAL_X2APIC: {
		const struct acpi_madt_local_x2apic *x = s;

		add_cpu(m, x->uid, x->local_apic_id, x->lapic_flags, true, e);
		break;
	}
	case ACPI_MADT_TYPE_IO_APIC:
		add_ioapic(m, e);
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		add_override(m, e);
		break;
	case ACPI_MADT_TYPE_NMI_SOURCE:
		add_nmi_source(m, e);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI: {
		const struct acpi_madt_local_apic_nmi *n = s;

		add_lapic_nmi(m, n->processor_id,
			      n->processor_id == ACPI_MADT_ALL_CPUS_UID8,
			      n->inti_flags, n->lint, false, e);
		break;
	}
	case ACPI_MADT_TYPE_LOCAL_X2APIC_NMI: {
		const struct acpi_madt_local_x2apic_nmi *n = s;

		add_lapic_nmi(m, n->uid, n->uid == ACPI_MADT_ALL_CPUS_UID32,
			      n->inti_flags, n->lint, true, e);
		break;
	}
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		set_lapic_override(m, e);
		break;
	default:
		pr_debug("MADT entry %u: type %u not decoded\n", e->index,
			 e->hdr->type);
		m->nr_ignored++;
	}
}

/*
 * check_entry - the structure at @off of the @length-byte MADT: at least
 * 2 bytes, inside the table, long enough for its type. Reports failures.
 */
static bool check_entry(const u8 *madt, u32 length, u32 off, unsigned int index,
			struct madt_entry *e)
{
	const struct acpi_subtable_header *h = (const void *)(madt + off);
	u32 room = length - off;
	unsigned int need;

	if (room < sizeof(*h)) {
		pr_err("MADT entry %u at offset 0x%x: only %u byte(s) left in "
		       "the %u-byte table\n",
		       index, off, room, length);
		return false;
	}
	need = max(min_length(h->type), (unsigned int)sizeof(*h));
	if (h->length < need) {
		pr_err("MADT entry %u (type %u) at offset 0x%x: length %u is "
		       "shorter than the %u bytes its type needs\n",
		       index, h->type, off, h->length, need);
		return false;
	}
	if (h->length > room) {
		pr_err("MADT entry %u (type %u) at offset 0x%x: length %u runs "
		       "past the table end, %u bytes left\n",
		       index, h->type, off, h->length, room);
		return false;
	}
	e->hdr = h;
	e->index = index;
	return true;
}

int acpi_madt_decode(const struct acpi_table_header *table,
		     struct acpi_madt_info *out)
{
	const struct acpi_table_madt *madt = (const void *)table;
	u32 length = table->length;
	char sig[ACPI_NAME_BUF];
	struct madt_entry e;
	unsigned int index = 0;

	memset(out, 0, sizeof(*out));
	if (!acpi_sig_is(table->signature, ACPI_SIG_MADT) ||
	    length < sizeof(*madt)) {
		acpi_name_str(sig, table->signature, ACPI_NAMESEG_SIZE);
		pr_err("MADT: signature \"%s\" length %u, expected \"%s\" and "
		       "at least %zu bytes\n",
		       sig, length, ACPI_SIG_MADT, sizeof(*madt));
		return -EINVAL;
	}
	out->lapic_addr = madt->address;
	out->flags = madt->flags;
	out->pcat_compat = madt->flags & ACPI_MADT_PCAT_COMPAT;
	for (u32 off = sizeof(*madt); off < length; off += e.hdr->length) {
		if (!check_entry((const u8 *)table, length, off, index++, &e)) {
			memset(out, 0, sizeof(*out));
			return -EINVAL;
		}
		decode_entry(out, &e);
	}
	return out->nr_overflow ? -ENOSPC : 0;
}

int acpi_parse_madt(const struct acpi_tables *t, struct acpi_madt_info *out)
{
	const struct acpi_table_header *madt;

	madt = acpi_find_table(t, ACPI_SIG_MADT, 0, NULL);
	if (!madt) {
		memset(out, 0, sizeof(*out));
		return -ENOENT;
	}
	return acpi_madt_decode(madt, out);
}
