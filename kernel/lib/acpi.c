// SPDX-License-Identifier: MIT
/*
 * ACPI core: checksums, the root table (RSDT or XSDT) and the list of
 * checked tables behind it (ACPI 6.5 sections 5.2.5-5.2.8).
 *
 * Every table is read in two steps: its 36-byte header first (for the
 * length), then exactly length bytes, each through acpi_mem's map(), so a
 * hostile length can at worst make map() refuse.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "kernel/lib/acpi.h"

#include "kernel/lib/acpi_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

/* Layouts checked against the specification's offsets. */
_Static_assert(sizeof(struct acpi_table_rsdp) == ACPI_RSDP_V2_SIZE, "RSDP");
_Static_assert(offsetof(struct acpi_table_rsdp, length) == ACPI_RSDP_V1_SIZE,
	       "RSDP length");
_Static_assert(offsetof(struct acpi_table_rsdp, xsdt_address) == 24, "RSDP");
_Static_assert(offsetof(struct acpi_table_rsdp, extended_checksum) == 32,
	       "RSDP extended checksum");
_Static_assert(sizeof(struct acpi_table_header) == 36, "table header");
_Static_assert(offsetof(struct acpi_table_header, oem_revision) == 24, "hdr");
_Static_assert(sizeof(struct acpi_generic_address) == 12, "GAS");
_Static_assert(sizeof(struct acpi_table_madt) == 44, "MADT");
_Static_assert(sizeof(struct acpi_madt_local_apic) == 8, "MADT type 0");
_Static_assert(sizeof(struct acpi_madt_io_apic) == 12, "MADT type 1");
_Static_assert(sizeof(struct acpi_madt_interrupt_override) == 10, "type 2");
_Static_assert(sizeof(struct acpi_madt_nmi_source) == 8, "MADT type 3");
_Static_assert(sizeof(struct acpi_madt_local_apic_nmi) == 6, "MADT type 4");
_Static_assert(sizeof(struct acpi_madt_local_apic_override) == 12, "type 5");
_Static_assert(sizeof(struct acpi_madt_local_x2apic) == 16, "MADT type 9");
_Static_assert(sizeof(struct acpi_madt_local_x2apic_nmi) == 12, "type 10");
_Static_assert(sizeof(struct acpi_table_hpet) == 56, "HPET");
_Static_assert(offsetof(struct acpi_table_hpet, minimum_tick) == 53, "HPET");
_Static_assert(offsetof(struct acpi_table_fadt, sci_interrupt) == 46, "FADT");
_Static_assert(offsetof(struct acpi_table_fadt, pm_timer_block) == 76, "FADT");
_Static_assert(offsetof(struct acpi_table_fadt, pm_timer_length) == 91,
	       "FADT PM_TMR_LEN");
_Static_assert(offsetof(struct acpi_table_fadt, boot_flags) == 109, "FADT");
_Static_assert(offsetof(struct acpi_table_fadt, flags) == 112, "FADT flags");
_Static_assert(offsetof(struct acpi_table_fadt, reset_register) ==
		       ACPI_FADT_V1_SIZE,
	       "FADT RESET_REG");
_Static_assert(offsetof(struct acpi_table_fadt, reset_value) == 128, "FADT");
_Static_assert(offsetof(struct acpi_table_fadt, xfacs) == 132, "FADT");
_Static_assert(offsetof(struct acpi_table_fadt, xdsdt) == 140, "FADT");
_Static_assert(offsetof(struct acpi_table_fadt, xpm_timer_block) == 208,
	       "FADT X_PM_TMR_BLK");
_Static_assert(offsetof(struct acpi_table_fadt, sleep_control) == 244, "FADT");
_Static_assert(sizeof(struct acpi_table_fadt) == 276, "FADT");

#define RSDT_ENTRY_SIZE 4
#define XSDT_ENTRY_SIZE 8

u8 acpi_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

const void *acpi_map(const struct acpi_mem *mem, u64 phys, u64 len)
{
	if (!len || phys > UINT64_MAX - (len - 1))
		return NULL;
	return mem->map(mem->arg, phys, len);
}

void acpi_name_str(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < ACPI_NAME_BUF - 1 && src[i]; i++)
		dst[i] = (src[i] >= ' ' && src[i] <= '~') ? src[i] : '?';
	dst[i] = '\0';
}

bool acpi_sig_is(const char *name, const char *sig)
{
	return memcmp(name, sig, ACPI_NAMESEG_SIZE) == 0;
}

/*
 * check_table - map the table at @phys and check it: signature @expect
 * (unless NULL), length at least a header and readable, bytes summing to
 * zero. Reports and returns NULL on failure; else the table.
 */
static const struct acpi_table_header *
check_table(const struct acpi_mem *mem, phys_addr_t phys, const char *expect)
{
	const struct acpi_table_header *hdr;
	char sig[ACPI_NAME_BUF];
	u32 length;
	u8 sum;

	hdr = acpi_map(mem, phys, sizeof(*hdr));
	if (!hdr) {
		pr_warn("table at 0x%lx is outside readable memory, skipped\n",
			phys);
		return NULL;
	}
	acpi_name_str(sig, hdr->signature, ACPI_NAMESEG_SIZE);
	if (expect && !acpi_sig_is(hdr->signature, expect)) {
		pr_warn("%s at 0x%lx: signature is \"%s\", skipped\n", expect,
			phys, sig);
		return NULL;
	}
	length = hdr->length;
	if (length < sizeof(*hdr)) {
		pr_warn("%s at 0x%lx: length %u is shorter than the %zu-byte "
			"header, skipped\n",
			sig, phys, length, sizeof(*hdr));
		return NULL;
	}
	hdr = acpi_map(mem, phys, length);
	if (!hdr) {
		pr_warn("%s at 0x%lx: length 0x%x runs outside readable "
			"memory, skipped\n",
			sig, phys, length);
		return NULL;
	}
	sum = acpi_checksum(hdr, length);
	if (sum) {
		pr_warn("%s at 0x%lx: checksum error, its 0x%x bytes sum to "
			"0x%02x, skipped\n",
			sig, phys, length, sum);
		return NULL;
	}
	return hdr;
}

static bool listed(const struct acpi_tables *t, phys_addr_t phys)
{
	for (unsigned int i = 0; i < t->nr_tables; i++)
		if (t->tables[i].phys == phys)
			return true;
	return false;
}

/*
 * add_table - check the table at @phys (signature @expect unless NULL) and
 * list it; report and count anything that keeps it off the list.
 */
static void add_table(struct acpi_tables *t, phys_addr_t phys,
		      const char *expect)
{
	const struct acpi_table_header *hdr;
	struct acpi_table_desc *d;
	char sig[ACPI_NAME_BUF];

	if (listed(t, phys)) {
		pr_warn("table at 0x%lx is listed twice, skipped\n", phys);
		goto skip;
	}
	hdr = check_table(&t->mem, phys, expect);
	if (!hdr)
		goto skip;
	acpi_name_str(sig, hdr->signature, ACPI_NAMESEG_SIZE);
	if (acpi_sig_is(hdr->signature, ACPI_SIG_RSDT) ||
	    acpi_sig_is(hdr->signature, ACPI_SIG_XSDT)) {
		pr_warn("%s at 0x%lx lists a root table (%s) at 0x%lx, "
			"skipped\n",
			t->root_is_xsdt ? ACPI_SIG_XSDT : ACPI_SIG_RSDT,
			t->root_phys, sig, phys);
		goto skip;
	}
	if (t->nr_tables == ACPI_MAX_TABLES) {
		pr_warn("more than %u tables: %s at 0x%lx skipped\n",
			ACPI_MAX_TABLES, sig, phys);
		goto skip;
	}
	d = &t->tables[t->nr_tables++];
	d->phys = phys;
	d->length = hdr->length;
	memcpy(d->signature, hdr->signature, ACPI_NAMESEG_SIZE);
	return;
skip:
	t->nr_skipped++;
}

/* The root table's @i-th entry, an unaligned u32 or u64. */
static u64 root_entry(const struct acpi_tables *t,
		      const struct acpi_table_header *root, u32 i)
{
	const u8 *entries = (const u8 *)root + sizeof(*root);
	u32 v32;
	u64 v64;

	if (t->root_is_xsdt) {
		memcpy(&v64, entries + (size_t)i * XSDT_ENTRY_SIZE,
		       sizeof(v64));
		return v64;
	}
	memcpy(&v32, entries + (size_t)i * RSDT_ENTRY_SIZE, sizeof(v32));
	return v32;
}

/* load_root - check the RSDT (@xsdt false) or XSDT at @phys, list its
 * entries. Returns 0 or -EINVAL (reported, nothing listed). */
static int load_root(struct acpi_tables *t, phys_addr_t phys, bool xsdt)
{
	const char *name = xsdt ? ACPI_SIG_XSDT : ACPI_SIG_RSDT;
	u32 entry_size = xsdt ? XSDT_ENTRY_SIZE : RSDT_ENTRY_SIZE;
	const struct acpi_table_header *root;
	u32 payload, count;

	root = check_table(&t->mem, phys, name);
	if (!root)
		return -EINVAL;
	t->root_phys = phys;
	t->root_length = root->length;
	t->root_is_xsdt = xsdt;
	payload = root->length - sizeof(*root);
	count = payload / entry_size;
	if (payload % entry_size)
		pr_warn("%s at 0x%lx: length %u leaves %u bytes after its %u "
			"entries, ignored\n",
			name, phys, root->length, payload % entry_size, count);
	for (u32 i = 0; i < count; i++) {
		u64 addr = root_entry(t, root, i);

		if (!addr) {
			pr_warn("%s entry %u is zero, skipped\n", name, i);
			t->nr_skipped++;
			continue;
		}
		add_table(t, addr, NULL);
	}
	return 0;
}

/* select_root - the XSDT when the RSDP offers one and it is usable, else
 * the RSDT. */
static int select_root(struct acpi_tables *t, const struct acpi_table_rsdp *r)
{
	u64 xsdt = 0;

	if (r->revision >= ACPI_RSDP_XSDT_REVISION)
		xsdt = r->xsdt_address;
	if (xsdt) {
		if (load_root(t, xsdt, true) == 0)
			return 0;
		pr_warn("XSDT at 0x%lx is unusable, trying the RSDT at 0x%x\n",
			xsdt, r->rsdt_address);
	}
	if (r->rsdt_address && load_root(t, r->rsdt_address, false) == 0)
		return 0;
	pr_err("RSDP at 0x%lx: no usable root table (RSDT 0x%x, XSDT 0x%lx)\n",
	       t->rsdp_phys, r->rsdt_address, xsdt);
	return -EINVAL;
}

/* The DSDT is named by the FADT, not by the root table. */
static void add_dsdt(struct acpi_tables *t)
{
	const struct acpi_table_header *fadt;
	u64 dsdt;

	fadt = acpi_find_table(t, ACPI_SIG_FADT, 0, NULL);
	if (!fadt)
		return;
	dsdt = acpi_fadt_dsdt(fadt);
	if (!dsdt) {
		pr_warn("FACP names no DSDT\n");
		return;
	}
	if (!listed(t, dsdt))
		add_table(t, dsdt, ACPI_SIG_DSDT);
}

int acpi_tables_init(struct acpi_tables *t, const struct acpi_mem *mem,
		     u64 rsdp_addr)
{
	const struct acpi_table_rsdp *rsdp;
	int ret;

	memset(t, 0, sizeof(*t));
	t->mem = *mem;
	ret = acpi_find_rsdp(mem, rsdp_addr, &t->rsdp_phys);
	if (ret)
		goto fail;
	/* acpi_find_rsdp() checked revision >= 2 means length >= 36. */
	rsdp = acpi_map(mem, t->rsdp_phys, ACPI_RSDP_V1_SIZE);
	if (rsdp && rsdp->revision >= ACPI_RSDP_XSDT_REVISION)
		rsdp = acpi_map(mem, t->rsdp_phys, ACPI_RSDP_V2_SIZE);
	if (!rsdp) {
		ret = -ENOENT;
		goto fail;
	}
	t->rsdp_revision = rsdp->revision;
	t->rsdp_length = rsdp->revision >= ACPI_RSDP_XSDT_REVISION
				 ? rsdp->length
				 : ACPI_RSDP_V1_SIZE;
	ret = select_root(t, rsdp);
	if (ret)
		goto fail;
	add_dsdt(t);
	return 0;
fail:
	memset(t, 0, sizeof(*t));
	return ret;
}

const struct acpi_table_header *acpi_find_table(const struct acpi_tables *t,
						const char *sig,
						unsigned int instance,
						phys_addr_t *phys)
{
	for (unsigned int i = 0; i < t->nr_tables; i++) {
		const struct acpi_table_desc *d = &t->tables[i];

		if (!acpi_sig_is(d->signature, sig))
			continue;
		if (instance) {
			instance--;
			continue;
		}
		if (phys)
			*phys = d->phys;
		return acpi_map(&t->mem, d->phys, d->length);
	}
	return NULL;
}
