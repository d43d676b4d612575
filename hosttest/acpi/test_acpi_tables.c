// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/acpi.c and acpi_rsdp.c: finding the RSDP (from
 * boot_params, in the EBDA, in the BIOS area, not at all), RSDP revisions
 * and checksums, XSDT preference and fallback, and every way a root entry
 * or table can be bad: wrong checksum, length shorter than a header or
 * running outside readable memory, pointers above the window, zero,
 * repeated and self-referencing entries, too many tables; the RSDP from a
 * UEFI system table's configuration table (acpi_rsdp_from_efi).
 */
#include "hosttest/acpi/acpi_test.h"

static struct acpi_tables tables;

static struct phys_window *W(void **state)
{
	return *state;
}

/* Assert @t lists a table with @sig at @phys whose bytes sum to zero. */
static void assert_listed(struct phys_window *w, const struct acpi_tables *t,
			  const char *sig, unsigned int instance,
			  uint64_t want_phys)
{
	const struct acpi_table_header *h;
	phys_addr_t phys = 0;

	h = acpi_find_table(t, sig, instance, &phys);
	assert_non_null(h);
	assert_memory_equal(h->signature, sig, 4);
	assert_int_equal(phys, want_phys);
	assert_memory_equal(h, win_at(w, phys), h->length);
	assert_int_equal(sum8((const uint8_t *)h, h->length), 0);
}

/* Captured lines at @max_level or more severe. */
static size_t count_level(int max_level)
{
	size_t n = 0;

	for (size_t i = 0; i < log_capture_count(); i++) {
		int level;

		log_capture_line(i, &level);
		n += level <= max_level;
	}
	return n;
}

static void test_checksum(void **state)
{
	const uint8_t bytes[] = {0x10, 0x20, 0xf0, 0x01};

	(void)state;
	assert_int_equal(acpi_checksum(bytes, 4), 0x21);
	assert_int_equal(acpi_checksum(bytes, 3), 0x20);
	assert_int_equal(acpi_checksum(bytes, 0), 0);
}

static void test_pc_scan(void **state)
{
	struct phys_window *w = W(state);

	mk_pc(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
	assert_int_equal(tables.rsdp_revision, 0);
	assert_int_equal(tables.rsdp_length, 20);
	assert_false(tables.root_is_xsdt);
	assert_int_equal(tables.root_phys, PC_RSDT);
	assert_int_equal(tables.root_length, 36 + 16);
	/* FACP, APIC, HPET, WAET from the RSDT, then the DSDT. */
	assert_int_equal(tables.nr_tables, 5);
	assert_int_equal(tables.nr_skipped, 0);
	assert_listed(w, &tables, "FACP", 0, PC_FACP);
	assert_listed(w, &tables, "APIC", 0, PC_APIC);
	assert_listed(w, &tables, "HPET", 0, PC_HPET);
	assert_listed(w, &tables, "WAET", 0, PC_WAET);
	assert_listed(w, &tables, "DSDT", 0, PC_DSDT);
	assert_int_equal(tables.tables[4].length, PC_DSDT_LEN);
	assert_null(acpi_find_table(&tables, "APIC", 1, NULL));
	assert_null(acpi_find_table(&tables, "MCFG", 0, NULL));
	assert_null(acpi_find_table(&tables, "FACS", 0, NULL));
	assert_non_null(acpi_find_table(&tables, "FACP", 0, NULL));
	/* A valid machine logs no warning. */
	assert_int_equal(count_level(LOGLEVEL_WARNING), 0);
}

static void test_q35_xsdt_preferred(void **state)
{
	struct phys_window *w = W(state);

	mk_q35(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, Q35_RSDP);
	assert_int_equal(tables.rsdp_revision, 2);
	assert_int_equal(tables.rsdp_length, 36);
	assert_true(tables.root_is_xsdt);
	assert_int_equal(tables.root_phys, Q35_XSDT);
	/* Only the XSDT lists the HPET. */
	assert_listed(w, &tables, "HPET", 0, Q35_HPET);
	assert_listed(w, &tables, "MCFG", 0, Q35_MCFG);
	assert_listed(w, &tables, "DSDT", 0, Q35_DSDT);
	assert_int_equal(tables.nr_tables, 5);
}

static void test_rsdp_rev2_xsdt_zero_uses_rsdt(void **state)
{
	struct phys_window *w = W(state);

	mk_q35(w);
	build_rsdp(win_at(w, Q35_RSDP), 2, Q35_RSDT, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_false(tables.root_is_xsdt);
	assert_int_equal(tables.root_phys, Q35_RSDT);
	assert_null(acpi_find_table(&tables, "HPET", 0, NULL));
}

static void test_rsdp_rev0_ignores_xsdt_bytes(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *r;

	mk_q35(w);
	r = win_at(w, Q35_RSDP);
	build_rsdp(r, 0, Q35_RSDT, 0);
	/* Bytes where a v2 RSDP keeps length and xsdt_address. */
	put32(r, 20, 36);
	put64(r, 24, Q35_XSDT);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_revision, 0);
	assert_int_equal(tables.rsdp_length, 20);
	assert_false(tables.root_is_xsdt);
}

static void test_rsdp_rev1_is_acpi1(void **state)
{
	struct phys_window *w = W(state);

	mk_q35(w);
	build_rsdp(win_at(w, Q35_RSDP), 1, Q35_RSDT, 0);
	put64(win_at(w, Q35_RSDP), 24, Q35_XSDT);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_false(tables.root_is_xsdt);
}

static void test_boot_params_hint(void **state)
{
	struct phys_window *w = W(state);
	const uint64_t hint = HIGH_BASE + 0xf000;

	mk_q35(w);
	/* Only a copy at the hint: the BIOS areas hold none. */
	memset(win_at(w, Q35_RSDP), 0, 36);
	build_rsdp(win_at(w, hint), 2, Q35_RSDT, Q35_XSDT);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, hint), 0);
	assert_int_equal(tables.rsdp_phys, hint);
	assert_true(tables.root_is_xsdt);
	/* Without the hint nothing is found. */
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -ENOENT);
}

static void test_boot_params_hint_bad_falls_back(void **state)
{
	struct phys_window *w = W(state);
	const uint64_t hint = HIGH_BASE + 0xf000;
	uint8_t *h;

	mk_pc(w);
	h = win_at(w, hint);
	build_rsdp(h, 0, PC_RSDT, 0);
	h[8] += 0x5a; /* checksum now off by 0x5a */
	assert_int_equal(acpi_tables_init(&tables, &w->mem, hint), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
	assert_true(logged("RSDP at 0x7ffef000: checksum error, its first 20 "
			   "bytes sum to 0x5a"));
	assert_true(
		logged("acpi_rsdp_addr 0x7ffef000: no valid RSDP, scanning"));

	log_capture_start();
	memset(h, 0, 20);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, hint), 0);
	assert_true(logged("RSDP at 0x7ffef000: no \"RSD PTR \" signature"));

	/* Unreadable and wrapping hints. */
	log_capture_start();
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0x200000000ULL), 0);
	assert_true(logged(
		"acpi_rsdp_addr 0x200000000: no valid RSDP (unreadable)"));
	assert_int_equal(acpi_tables_init(&tables, &w->mem, ~0ULL - 3), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
}

static void test_ebda_scan(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *low;
	const uint64_t ebda = 0x9fc00;

	mk_pc(w);
	low = win_at(w, 0);
	put16(low, 0x40e, ebda >> 4);
	build_rsdp(win_at(w, ebda + 0x3e0), 0, PC_RSDT, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	/* The EBDA is searched before the BIOS area. */
	assert_int_equal(tables.rsdp_phys, ebda + 0x3e0);

	/* Reaching beyond the first KiB of the EBDA: not searched. */
	memset(win_at(w, ebda + 0x3e0), 0, 20);
	build_rsdp(win_at(w, ebda + 0x3f0), 0, PC_RSDT, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);

	/* Off a 16-byte boundary: not found. */
	build_rsdp(win_at(w, ebda + 0x108), 0, PC_RSDT, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
}

static void test_ebda_pointer_implausible(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *low;

	mk_pc(w);
	low = win_at(w, 0);
	/* An RSDP at 0x400 would be found if the bogus pointer were used. */
	build_rsdp(win_at(w, 0x400), 0, PC_RSDT, 0);
	put16(low, 0x40e, 0x40);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
	assert_true(logged("EBDA pointer 0x400 is outside [0x500-0xa0000)"));

	/* An EBDA at the top of conventional memory: searched up to
	 * 0xA0000 only. */
	put16(low, 0x40e, 0x9ff0);
	build_rsdp(win_at(w, 0x9ff00), 0, PC_RSDT, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, 0x9ff00);
	put16(low, 0x40e, 0xa000);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
}

static void test_scan_without_low_memory(void **state)
{
	struct phys_window *w = W(state);

	/* Only the high region: neither 0x40E nor the BIOS area is readable. */
	win_init(w);
	win_add(w, HIGH_BASE, HIGH_SIZE);
	assert_int_equal(acpi_find_rsdp(&w->mem, 0, &(phys_addr_t){0}),
			 -ENOENT);
	assert_true(
		logged("cannot read [0xe0000-0xfffff] to look for the RSDP"));
	assert_true(logged("no RSDP found"));
}

static void test_scan_skips_bad_candidates(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *bad;

	mk_pc(w);
	/* A candidate with a bad checksum below the real one. */
	bad = win_at(w, 0xe0010);
	build_rsdp(bad, 0, PC_RSDT, 0);
	bad[8] += 3;
	/* A v2 candidate with a bad extended checksum. */
	bad = win_at(w, 0xe0040);
	build_rsdp(bad, 2, PC_RSDT, 0);
	bad[32] += 7;
	/* A v2 candidate whose length is too short. */
	bad = win_at(w, 0xe0080);
	build_rsdp(bad, 2, PC_RSDT, 0);
	put32(bad, 20, 24);
	bad[8] = 0;
	bad[8] = (uint8_t)-sum8(bad, 20);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.rsdp_phys, PC_RSDP);
	assert_true(logged("RSDP at 0xe0010: checksum error, its first 20 "
			   "bytes sum to 0x03"));
	assert_true(logged("RSDP at 0xe0040: extended checksum error, its 36 "
			   "bytes sum to 0x07"));
	assert_true(logged("RSDP at 0xe0080: revision 2 needs 36 readable "
			   "bytes, length is 24"));
}

static void test_rsdp_v2_length_outside_window(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *r;

	mk_pc(w);
	memset(win_at(w, PC_RSDP), 0, 20);
	/* The last paragraph holding 20 bytes: the v2 part runs past 1 MiB. */
	r = win_at(w, 0xfffe0);
	memcpy(r, "RSD PTR ", 8);
	put8(r, 15, 2);
	put32(r, 16, PC_RSDT);
	r[8] = (uint8_t)-sum8(r, 20);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -ENOENT);
	assert_true(logged("RSDP at 0xfffe0: revision 2 needs 36 readable "
			   "bytes, length is 0"));

	/* A v2 RSDP with a huge length in the middle of the area. */
	r = win_at(w, 0xf0000);
	build_rsdp(r, 2, PC_RSDT, 0);
	put32(r, 20, 0x7fffffff);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0xf0000), -ENOENT);
	assert_true(logged("RSDP at 0xf0000: revision 2 length runs outside "
			   "readable memory"));
}

static void test_no_rsdp(void **state)
{
	struct phys_window *w = W(state);

	mk_pc(w);
	memset(win_at(w, PC_RSDP), 0, 20);
	memset(&tables, 0xa5, sizeof(tables));
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -ENOENT);
	assert_int_equal(tables.nr_tables, 0);
	assert_int_equal(tables.rsdp_phys, 0);
	assert_null(acpi_find_table(&tables, "APIC", 0, NULL));
	assert_true(logged("no RSDP found"));
}

static void test_xsdt_bad_falls_back_to_rsdt(void **state)
{
	struct phys_window *w = W(state);

	mk_q35(w);
	win_at(w, Q35_XSDT)[40] ^= 1;
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_false(tables.root_is_xsdt);
	assert_int_equal(tables.root_phys, Q35_RSDT);
	assert_null(acpi_find_table(&tables, "HPET", 0, NULL));
	assert_true(logged("XSDT at 0x7ffe2420: checksum error"));
	assert_true(logged("XSDT at 0x7ffe2420 is unusable, trying the RSDT at "
			   "0x7ffe23e4"));
}

static void test_no_usable_root(void **state)
{
	struct phys_window *w = W(state);

	mk_q35(w);
	win_at(w, Q35_XSDT)[40] ^= 1;
	memcpy(win_at(w, Q35_RSDT), "XSDT", 4); /* wrong signature */
	win_fix(w, Q35_RSDT);
	memset(&tables, 0xa5, sizeof(tables));
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -EINVAL);
	assert_int_equal(tables.nr_tables, 0);
	assert_false(tables.root_is_xsdt);
	assert_true(logged("RSDT at 0x7ffe23e4: signature is \"XSDT\""));
	assert_true(logged("RSDP at 0xf52b0: no usable root table (RSDT "
			   "0x7ffe23e4, XSDT 0x7ffe2420)"));

	/* An RSDP naming no root at all. */
	log_capture_start();
	build_rsdp(win_at(w, Q35_RSDP), 0, 0, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -EINVAL);
	assert_true(logged("no usable root table (RSDT 0x0, XSDT 0x0)"));
}

static void test_root_truncated(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *rsdt;

	mk_pc(w);
	rsdt = win_at(w, PC_RSDT);
	put32(rsdt, 4, 30); /* shorter than a header */
	fix_checksum(rsdt);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -EINVAL);
	assert_true(logged("RSDT at 0x7ffe1a0c: length 30 is shorter than the "
			   "36-byte header"));

	/* Longer than what is readable: runs past the high region's end. */
	log_capture_start();
	put32(rsdt, 4, HIGH_SIZE);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -EINVAL);
	assert_true(logged("RSDT at 0x7ffe1a0c: length 0x10000 runs outside "
			   "readable memory"));

	/* Root header itself unreadable. */
	log_capture_start();
	build_rsdp(win_at(w, PC_RSDP), 0, 0xfffffff0, 0);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -EINVAL);
	assert_true(logged("table at 0xfffffff0 is outside readable memory"));
}

static void test_root_odd_length(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *xsdt;

	mk_q35(w);
	xsdt = win_at(w, Q35_XSDT);
	/* 4 entries + 4 trailing bytes (as if an RSDT's u32 were appended). */
	put32(xsdt, 4, 36 + 4 * 8 + 4);
	put32(xsdt, 36 + 4 * 8, 0x12345678);
	fix_checksum(xsdt);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_true(tables.root_is_xsdt);
	assert_int_equal(tables.nr_tables, 5);
	assert_true(logged("XSDT at 0x7ffe2420: length 72 leaves 4 bytes after "
			   "its 4 entries, ignored"));
}

static void test_bad_table_checksum_skipped(void **state)
{
	struct phys_window *w = W(state);

	mk_pc(w);
	win_at(w, PC_HPET)[50] += 0x11;
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_null(acpi_find_table(&tables, "HPET", 0, NULL));
	assert_int_equal(tables.nr_tables, 4);
	assert_int_equal(tables.nr_skipped, 1);
	assert_true(logged("HPET at 0x7ffe19a4: checksum error, its 0x38 bytes "
			   "sum to 0x11, skipped"));
	assert_int_equal(count_level(LOGLEVEL_WARNING), 1);
}

static void test_table_lengths(void **state)
{
	struct phys_window *w = W(state);
	uint8_t *t;

	mk_pc(w);
	/* WAET shorter than its header. */
	t = win_at(w, PC_WAET);
	put32(t, 4, 8);
	t[9] = 0;
	/* HPET running past the readable window. */
	t = win_at(w, PC_HPET);
	put32(t, 4, 0x00ffffff);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.nr_skipped, 2);
	assert_null(acpi_find_table(&tables, "WAET", 0, NULL));
	assert_null(acpi_find_table(&tables, "HPET", 0, NULL));
	assert_listed(w, &tables, "APIC", 0, PC_APIC);
	assert_true(logged("WAET at 0x7ffe19dc: length 8 is shorter than the "
			   "36-byte header, skipped"));
	assert_true(logged("HPET at 0x7ffe19a4: length 0xffffff runs outside "
			   "readable memory, skipped"));
}

static void test_root_entries_hostile(void **state)
{
	struct phys_window *w = W(state);
	const uint64_t entries[] = {
		Q35_FACP,	   0, /* zero */
		0x100000000000ULL, /* above the window */
		~0ULL - 8, /* the header would wrap past 2^64 */
		Q35_XSDT, /* the XSDT itself */
		Q35_RSDT, /* the other root */
		Q35_FACP, /* repeated */
		Q35_APIC,
	};

	mk_q35(w);
	build_xsdt(win_at(w, Q35_XSDT), entries, 8);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_true(tables.root_is_xsdt);
	/* FACP, APIC and the DSDT. */
	assert_int_equal(tables.nr_tables, 3);
	assert_int_equal(tables.nr_skipped, 6);
	assert_listed(w, &tables, "APIC", 0, Q35_APIC);
	assert_null(acpi_find_table(&tables, "XSDT", 0, NULL));
	assert_null(acpi_find_table(&tables, "FACP", 1, NULL));
	assert_true(logged("XSDT entry 1 is zero, skipped"));
	assert_true(logged(
		"table at 0x100000000000 is outside readable memory, skipped"));
	assert_true(logged(
		"table at 0xfffffffffffffff7 is outside readable memory"));
	assert_true(logged("XSDT at 0x7ffe2420 lists a root table (XSDT) at "
			   "0x7ffe2420, skipped"));
	assert_true(logged("lists a root table (RSDT) at 0x7ffe23e4, skipped"));
	assert_true(logged("table at 0x7ffe21f7 is listed twice, skipped"));
}

static void test_duplicate_tables_instances(void **state)
{
	struct phys_window *w = W(state);
	const uint32_t rsdt[] = {PC_FACP, PC_APIC, PC_APIC + 0x1000, PC_HPET};
	struct acpi_madt_info *madt = malloc(sizeof(*madt));

	assert_non_null(madt);
	mk_pc(w);
	build_qemu_madt(win_at(w, PC_APIC + 0x1000), 4);
	build_rsdt(win_at(w, PC_RSDT), rsdt, 4);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_listed(w, &tables, "APIC", 0, PC_APIC);
	assert_listed(w, &tables, "APIC", 1, PC_APIC + 0x1000);
	assert_int_equal(acpi_parse_madt(&tables, madt), 0);
	assert_int_equal(madt->nr_cpus, 1);

	/* A broken first MADT: the second becomes instance 0. */
	win_at(w, PC_APIC)[44] ^= 0xff;
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_listed(w, &tables, "APIC", 0, PC_APIC + 0x1000);
	assert_null(acpi_find_table(&tables, "APIC", 1, NULL));
	assert_int_equal(acpi_parse_madt(&tables, madt), 0);
	assert_int_equal(madt->nr_cpus, 4);
	free(madt);
}

static void test_too_many_tables(void **state)
{
	struct phys_window *w = W(state);
	enum { N = ACPI_MAX_TABLES + 6 };
	uint64_t entries[N];
	const uint64_t base = HIGH_BASE + 0x8000;

	mk_q35(w);
	for (unsigned int i = 0; i < N; i++) {
		entries[i] = base + 64 * i;
		build_plain(win_at(w, entries[i]), "SSDT", 8);
	}
	build_xsdt(win_at(w, Q35_XSDT), entries, N);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(tables.nr_tables, ACPI_MAX_TABLES);
	assert_int_equal(tables.nr_skipped, N - ACPI_MAX_TABLES);
	assert_listed(w, &tables, "SSDT", ACPI_MAX_TABLES - 1,
		      base + 64 * (ACPI_MAX_TABLES - 1));
	assert_true(logged("more than 64 tables: SSDT at 0x7ffe9000 skipped"));
	/* No FADT fits, so no DSDT either. */
	assert_null(acpi_find_table(&tables, "DSDT", 0, NULL));
}

static void test_dsdt_checks(void **state)
{
	struct phys_window *w = W(state);

	/* A DSDT with a bad checksum is not listed. */
	mk_pc(w);
	win_at(w, PC_DSDT)[100] = 1;
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_null(acpi_find_table(&tables, "DSDT", 0, NULL));
	assert_int_equal(tables.nr_skipped, 1);
	assert_true(logged("DSDT at 0x7ffe0040: checksum error"));

	/* DSDT pointing at something else. */
	log_capture_start();
	put32(win_at(w, PC_FACP), FADT_DSDT, PC_WAET);
	win_fix(w, PC_FACP);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_null(acpi_find_table(&tables, "DSDT", 0, NULL));
	assert_int_equal(tables.nr_skipped, 0);

	/* Or at a non-table. */
	put32(win_at(w, PC_FACP), FADT_DSDT, PC_FACS);
	win_fix(w, PC_FACP);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_true(
		logged("DSDT at 0x7ffe0000: signature is \"FACS\", skipped"));

	/* No DSDT at all. */
	log_capture_start();
	put32(win_at(w, PC_FACP), FADT_DSDT, 0);
	win_fix(w, PC_FACP);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_true(logged("FACP names no DSDT"));

	/* A FADT too short to name one. */
	put32(win_at(w, PC_FACP), 4, 100);
	win_fix(w, PC_FACP);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_non_null(acpi_find_table(&tables, "FACP", 0, NULL));
	assert_null(acpi_find_table(&tables, "DSDT", 0, NULL));
}

static void test_dsdt_prefers_x_dsdt(void **state)
{
	struct phys_window *w = W(state);
	const uint64_t other = HIGH_BASE + 0x9000;

	mk_q35(w);
	build_plain(win_at(w, other), "DSDT", 20);
	put64(win_at(w, Q35_FACP), FADT_X_DSDT, other);
	win_fix(w, Q35_FACP);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_listed(w, &tables, "DSDT", 0, other);
	assert_null(acpi_find_table(&tables, "DSDT", 1, NULL));
}

static void test_map_refusals_counted(void **state)
{
	struct phys_window *w = W(state);

	/* A sanity check of the harness: a valid parse never asks for bytes
	 * outside the window. */
	mk_q35(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	assert_int_equal(w->map_refused, 0);
	assert_true(w->map_calls > 0);
}

/*
 * Memory that becomes unreadable part-way (after every possible number of
 * map() calls): each step fails cleanly and printing copes too.
 */
static void test_memory_vanishing(void **state)
{
	struct phys_window *w = W(state);
	unsigned long full;
	struct acpi_madt_info *madt = malloc(sizeof(*madt));

	assert_non_null(madt);
	mk_q35(w);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), 0);
	acpi_print_tables(&tables);
	full = w->map_calls;
	for (unsigned long k = 1; k < full; k++) {
		int ret;

		w->map_calls = 0;
		w->refuse_after = k;
		ret = acpi_tables_init(&tables, &w->mem, 0);
		assert_true(ret == 0 || ret == -ENOENT || ret == -EINVAL);
		assert_true(ret == 0 || tables.nr_tables == 0);
		acpi_print_tables(&tables);
		ret = acpi_parse_madt(&tables, madt);
		assert_true(ret == 0 || ret == -ENOENT);
	}
	free(madt);
}

/*
 * The UEFI route (acpi_rsdp_from_efi): boot_params.efi_info names the
 * system table, whose configuration table lists the RSDP under the ACPI
 * 2.0 and 1.0 GUIDs. Laid out in the high window, after the q35 tables.
 */
#define EFI_SYSTAB (HIGH_BASE + 0x8000)
#define EFI_CONFIG (HIGH_BASE + 0x8100)
#define EFI_RSDP20 (HIGH_BASE + 0xf000)
#define EFI_RSDP10 (HIGH_BASE + 0xf040)

static const uint8_t acpi20_guid[16] = {0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4,
					0xd3, 0x11, 0xbc, 0x22, 0x00, 0x80,
					0xc7, 0x3c, 0x88, 0x81};
static const uint8_t acpi10_guid[16] = {0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d,
					0xd3, 0x11, 0x9a, 0x16, 0x00, 0x90,
					0x27, 0x3f, 0xc1, 0x4d};
/* EFI_SMBIOS3_TABLE_GUID: an entry to pass over. */
static const uint8_t smbios3_guid[16] = {0x44, 0x15, 0xfd, 0xf2, 0x94, 0x97,
					 0x2c, 0x4a, 0x99, 0x2e, 0xe5, 0xbb,
					 0xcf, 0x20, 0xe3, 0x94};

static void put_efi_info(uint8_t info[32], const char *sig, uint64_t systab)
{
	memset(info, 0, 32);
	memcpy(info, sig, 4);
	put32(info, 0x04, (uint32_t)systab);
	put32(info, 0x18, (uint32_t)(systab >> 32));
}

/* A system table at EFI_SYSTAB with @n entries at EFI_CONFIG. */
static void build_systab(struct phys_window *w, const uint8_t *const *guids,
			 const uint64_t *tables, unsigned int n)
{
	uint8_t *st = win_at(w, EFI_SYSTAB);
	uint8_t *cfg = win_at(w, EFI_CONFIG);

	memcpy(st, "IBI SYST", 8);
	put64(st, 104, n);
	put64(st, 112, EFI_CONFIG);
	for (unsigned int i = 0; i < n; i++) {
		memcpy(cfg + 24 * i, guids[i], 16);
		put64(cfg + 24 * i, 16, tables[i]);
	}
}

static void test_efi_config_table(void **state)
{
	struct phys_window *w = W(state);
	const uint8_t *guids[] = {smbios3_guid, acpi10_guid, acpi20_guid};
	const uint64_t addrs[] = {0x1234, EFI_RSDP10, EFI_RSDP20};
	uint8_t info[32];
	uint64_t rsdp = 0;

	mk_q35(w);
	/* As on OVMF: no RSDP in the BIOS areas, only in the list. */
	memset(win_at(w, Q35_RSDP), 0, 36);
	build_rsdp(win_at(w, EFI_RSDP20), 2, Q35_RSDT, Q35_XSDT);
	build_rsdp(win_at(w, EFI_RSDP10), 0, Q35_RSDT, 0);
	build_systab(w, guids, addrs, 3);
	put_efi_info(info, "EL64", EFI_SYSTAB);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), 0);
	assert_int_equal(rsdp, EFI_RSDP20); /* 2.0 wins, though listed last */
	assert_int_equal(acpi_tables_init(&tables, &w->mem, rsdp), 0);
	assert_int_equal(tables.rsdp_phys, EFI_RSDP20);
	assert_true(tables.root_is_xsdt);
	assert_int_equal(acpi_tables_init(&tables, &w->mem, 0), -ENOENT);

	/* Only the ACPI 1.0 entry. */
	log_capture_start();
	build_systab(w, guids, addrs, 2);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), 0);
	assert_int_equal(rsdp, EFI_RSDP10);
	assert_int_equal(count_level(LOGLEVEL_WARNING), 0);
}

static void test_efi_no_firmware_table(void **state)
{
	struct phys_window *w = W(state);
	const uint8_t *guids[] = {smbios3_guid};
	const uint64_t addrs[] = {0x1234};
	uint8_t info[32];
	uint64_t rsdp = 0x99;

	mk_q35(w);
	build_systab(w, guids, addrs, 1);
	/* A 32-bit firmware's signature, or no system table: nothing read. */
	put_efi_info(info, "EL32", EFI_SYSTAB);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -ENOENT);
	put_efi_info(info, "EL64", 0);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -ENOENT);
	assert_int_equal(rsdp, 0x99);
	assert_int_equal(w->map_calls, 0);
	assert_int_equal(log_capture_count(), 0);
	/* A system table without ACPI entries. */
	put_efi_info(info, "EL64", EFI_SYSTAB);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -ENOENT);
	assert_true(logged("EFI system table at 0x7ffe8000 lists no ACPI "
			   "table among its 1 configuration tables"));
}

static void test_efi_bad_system_table(void **state)
{
	struct phys_window *w = W(state);
	const uint8_t *guids[] = {acpi20_guid};
	const uint64_t addrs[] = {EFI_RSDP20};
	uint8_t info[32];
	uint64_t rsdp = 0x99;

	mk_q35(w);
	build_systab(w, guids, addrs, 1);
	/* The high word counts: 0x1_7ffe8000 is outside the window. */
	put_efi_info(info, "EL64", EFI_SYSTAB | 1ULL << 32);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -EINVAL);
	assert_true(logged("EFI system table at 0x17ffe8000: unreadable"));

	put_efi_info(info, "EL64", EFI_SYSTAB);
	win_at(w, EFI_SYSTAB)[0] = 'X';
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -EINVAL);
	assert_true(logged("EFI system table at 0x7ffe8000: no \"IBI SYST\" "
			   "signature"));
	win_at(w, EFI_SYSTAB)[0] = 'I';

	put64(win_at(w, EFI_SYSTAB), 104, 5000);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -EINVAL);
	assert_true(logged("5000 configuration tables, more than 1024"));

	/* 100 entries 256 bytes before the end of the window. */
	put64(win_at(w, EFI_SYSTAB), 104, 100);
	put64(win_at(w, EFI_SYSTAB), 112, HIGH_BASE + HIGH_SIZE - 0x100);
	assert_int_equal(acpi_rsdp_from_efi(&w->mem, info, &rsdp), -EINVAL);
	assert_true(logged("EFI configuration table at 0x7ffeff00 (100 "
			   "entries) is unreadable"));
	assert_int_equal(rsdp, 0x99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum),
#define T(f) cmocka_unit_test_setup_teardown(f, win_setup, win_teardown)
		T(test_pc_scan),
		T(test_q35_xsdt_preferred),
		T(test_rsdp_rev2_xsdt_zero_uses_rsdt),
		T(test_rsdp_rev0_ignores_xsdt_bytes),
		T(test_rsdp_rev1_is_acpi1),
		T(test_boot_params_hint),
		T(test_boot_params_hint_bad_falls_back),
		T(test_ebda_scan),
		T(test_ebda_pointer_implausible),
		T(test_scan_without_low_memory),
		T(test_scan_skips_bad_candidates),
		T(test_rsdp_v2_length_outside_window),
		T(test_no_rsdp),
		T(test_xsdt_bad_falls_back_to_rsdt),
		T(test_no_usable_root),
		T(test_root_truncated),
		T(test_root_odd_length),
		T(test_bad_table_checksum_skipped),
		T(test_table_lengths),
		T(test_root_entries_hostile),
		T(test_duplicate_tables_instances),
		T(test_too_many_tables),
		T(test_dsdt_checks),
		T(test_dsdt_prefers_x_dsdt),
		T(test_map_refusals_counted),
		T(test_memory_vanishing),
		T(test_efi_config_table),
		T(test_efi_no_firmware_table),
		T(test_efi_bad_system_table),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
