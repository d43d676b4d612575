// SPDX-License-Identifier: MIT
/*
 * Physical window and ACPI table builders for the host tests; see
 * acpi_test.h.
 */
#include "hosttest/acpi/acpi_test.h"

static const void *win_map(void *arg, uint64_t phys, uint64_t len)
{
	struct phys_window *w = arg;
	void *copy;

	w->map_calls++;
	if (w->refuse_after && w->map_calls > w->refuse_after) {
		w->map_refused++;
		return NULL;
	}
	for (unsigned int i = 0; i < w->nr_regions; i++) {
		const struct phys_region *r = &w->regions[i];

		if (phys < r->base || len > r->size ||
		    phys - r->base > r->size - len)
			continue;
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, r->buf + (phys - r->base), len);
		if (w->nr_copies == w->cap_copies) {
			w->cap_copies = w->cap_copies ? w->cap_copies * 2 : 64;
			w->copies = realloc(w->copies,
					    w->cap_copies * sizeof(*w->copies));
			assert_non_null(w->copies);
		}
		w->copies[w->nr_copies++] = copy;
		return copy;
	}
	w->map_refused++;
	return NULL;
}

void win_init(struct phys_window *w)
{
	memset(w, 0, sizeof(*w));
	w->mem.map = win_map;
	w->mem.arg = w;
}

uint8_t *win_add(struct phys_window *w, uint64_t base, size_t size)
{
	struct phys_region *r;

	assert_true(w->nr_regions < WIN_MAX_REGIONS);
	r = &w->regions[w->nr_regions++];
	r->base = base;
	r->size = size;
	r->buf = calloc(1, size);
	assert_non_null(r->buf);
	return r->buf;
}

uint8_t *win_at(struct phys_window *w, uint64_t phys)
{
	for (unsigned int i = 0; i < w->nr_regions; i++) {
		struct phys_region *r = &w->regions[i];

		if (phys >= r->base && phys - r->base < r->size)
			return r->buf + (phys - r->base);
	}
	fail_msg("0x%llx is outside the test window", (unsigned long long)phys);
	return NULL;
}

void win_free(struct phys_window *w)
{
	for (size_t i = 0; i < w->nr_copies; i++)
		free(w->copies[i]);
	free(w->copies);
	for (unsigned int i = 0; i < w->nr_regions; i++)
		free(w->regions[i].buf);
	memset(w, 0, sizeof(*w));
}

void put8(uint8_t *p, size_t off, uint8_t v)
{
	p[off] = v;
}

void put16(uint8_t *p, size_t off, uint16_t v)
{
	p[off] = v & 0xff;
	p[off + 1] = v >> 8;
}

void put32(uint8_t *p, size_t off, uint32_t v)
{
	put16(p, off, v & 0xffff);
	put16(p, off + 2, v >> 16);
}

void put64(uint8_t *p, size_t off, uint64_t v)
{
	put32(p, off, v & 0xffffffff);
	put32(p, off + 4, v >> 32);
}

uint32_t get32(const uint8_t *p, size_t off)
{
	return p[off] | p[off + 1] << 8 | p[off + 2] << 16 |
	       (uint32_t)p[off + 3] << 24;
}

uint8_t sum8(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s += p[i];
	return s;
}

void build_header(uint8_t *p, const char *sig, uint32_t length,
		  uint8_t revision)
{
	memcpy(p, sig, 4);
	put32(p, 4, length);
	put8(p, 8, revision);
	put8(p, 9, 0);
	memcpy(p + 10, "BOCHS ", 6);
	memcpy(p + 16, "BXPC    ", 8);
	put32(p, 24, 1);
	memcpy(p + 28, "BXPC", 4);
	put32(p, 32, 1);
}

void fix_checksum(uint8_t *p)
{
	p[9] = 0;
	p[9] = (uint8_t)-sum8(p, get32(p, 4));
}

void build_rsdp(uint8_t *p, uint8_t revision, uint32_t rsdt, uint64_t xsdt)
{
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "BOCHS ", 6);
	put8(p, 15, revision);
	put32(p, 16, rsdt);
	p[8] = 0;
	p[8] = (uint8_t)-sum8(p, 20);
	if (revision < 2)
		return;
	put32(p, 20, 36);
	put64(p, 24, xsdt);
	p[32] = 0;
	p[32] = (uint8_t)-sum8(p, 36);
}

uint32_t build_rsdt(uint8_t *p, const uint32_t *entries, unsigned int n)
{
	uint32_t len = 36 + 4 * n;

	build_header(p, "RSDT", len, 1);
	for (unsigned int i = 0; i < n; i++)
		put32(p, 36 + 4 * i, entries[i]);
	fix_checksum(p);
	return len;
}

uint32_t build_xsdt(uint8_t *p, const uint64_t *entries, unsigned int n)
{
	uint32_t len = 36 + 8 * n;

	build_header(p, "XSDT", len, 1);
	for (unsigned int i = 0; i < n; i++)
		put64(p, 36 + 8 * i, entries[i]);
	fix_checksum(p);
	return len;
}

void build_hpet(uint8_t *p, uint64_t address)
{
	build_header(p, "HPET", 56, 1);
	put32(p, 36, 0x8086a201);
	put_gas(p, 40, 0, 0, 0, 0, address);
	put8(p, 52, 0);
	put16(p, 53, 0x80);
	put8(p, 55, 0);
	fix_checksum(p);
}

void build_plain(uint8_t *p, const char *sig, uint32_t body)
{
	build_header(p, sig, 36 + body, 1);
	memset(p + 36, 0, body);
	fix_checksum(p);
}

void madt_begin(struct madt_builder *b, uint8_t *p, uint32_t lapic_addr,
		uint32_t flags)
{
	b->p = p;
	b->len = 44;
	build_header(p, "APIC", 44, 1);
	put32(p, 36, lapic_addr);
	put32(p, 40, flags);
}

static uint8_t *entry(struct madt_builder *b, uint8_t type, uint8_t len)
{
	uint8_t *e = b->p + b->len;

	memset(e, 0, len);
	e[0] = type;
	e[1] = len;
	b->len += len;
	return e;
}

void madt_lapic(struct madt_builder *b, uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t *e = entry(b, 0, 8);

	put8(e, 2, uid);
	put8(e, 3, id);
	put32(e, 4, flags);
}

void madt_ioapic(struct madt_builder *b, uint8_t id, uint32_t addr,
		 uint32_t gsi_base)
{
	uint8_t *e = entry(b, 1, 12);

	put8(e, 2, id);
	put32(e, 4, addr);
	put32(e, 8, gsi_base);
}

void madt_iso(struct madt_builder *b, uint8_t bus, uint8_t irq, uint32_t gsi,
	      uint16_t flags)
{
	uint8_t *e = entry(b, 2, 10);

	put8(e, 2, bus);
	put8(e, 3, irq);
	put32(e, 4, gsi);
	put16(e, 8, flags);
}

void madt_nmi_src(struct madt_builder *b, uint16_t flags, uint32_t gsi)
{
	uint8_t *e = entry(b, 3, 8);

	put16(e, 2, flags);
	put32(e, 4, gsi);
}

void madt_lapic_nmi(struct madt_builder *b, uint8_t uid, uint16_t flags,
		    uint8_t lint)
{
	uint8_t *e = entry(b, 4, 6);

	put8(e, 2, uid);
	put16(e, 3, flags);
	put8(e, 5, lint);
}

void madt_lapic_ovr(struct madt_builder *b, uint64_t addr)
{
	uint8_t *e = entry(b, 5, 12);

	put64(e, 4, addr);
}

void madt_x2apic(struct madt_builder *b, uint32_t id, uint32_t flags,
		 uint32_t uid)
{
	uint8_t *e = entry(b, 9, 16);

	put32(e, 4, id);
	put32(e, 8, flags);
	put32(e, 12, uid);
}

void madt_x2apic_nmi(struct madt_builder *b, uint16_t flags, uint32_t uid,
		     uint8_t lint)
{
	uint8_t *e = entry(b, 10, 12);

	put16(e, 2, flags);
	put32(e, 4, uid);
	put8(e, 8, lint);
}

void madt_raw(struct madt_builder *b, uint8_t type, uint8_t len,
	      const uint8_t *body, size_t body_len)
{
	uint8_t *e = b->p + b->len;

	e[0] = type;
	e[1] = len;
	if (body_len)
		memcpy(e + 2, body, body_len);
	b->len += 2 + body_len;
}

uint32_t madt_end(struct madt_builder *b)
{
	put32(b->p, 4, b->len);
	fix_checksum(b->p);
	return b->len;
}

uint32_t build_qemu_madt(uint8_t *p, unsigned int ncpus)
{
	struct madt_builder b;

	madt_begin(&b, p, 0xfee00000, 1);
	for (unsigned int i = 0; i < ncpus; i++)
		madt_lapic(&b, i, i, 1);
	madt_ioapic(&b, 0, 0xfec00000, 0);
	madt_iso(&b, 0, 0, 2, 0);
	madt_iso(&b, 0, 5, 5, 0xd);
	madt_iso(&b, 0, 9, 9, 0xd);
	madt_iso(&b, 0, 10, 10, 0xd);
	madt_iso(&b, 0, 11, 11, 0xd);
	madt_lapic_nmi(&b, 0xff, 0, 1);
	return madt_end(&b);
}

void put_gas(uint8_t *p, size_t off, uint8_t space, uint8_t width,
	     uint8_t offset, uint8_t access, uint64_t address)
{
	put8(p, off, space);
	put8(p, off + 1, width);
	put8(p, off + 2, offset);
	put8(p, off + 3, access);
	put64(p, off + 4, address);
}

static void fadt_common(uint8_t *p, uint32_t dsdt, uint32_t facs,
			uint32_t pm_base, uint32_t gpe0, uint8_t gpe0_len)
{
	put32(p, FADT_FACS, facs);
	put32(p, FADT_DSDT, dsdt);
	put16(p, FADT_SCI_INT, 9);
	put32(p, FADT_SMI_CMD, 0xb2);
	put8(p, 52, 0xf1); /* ACPI_ENABLE */
	put8(p, 53, 0xf0); /* ACPI_DISABLE */
	put32(p, FADT_PM1A_EVT, pm_base);
	put32(p, FADT_PM1A_CNT, pm_base + 4);
	put32(p, FADT_PM_TMR, pm_base + 8);
	put32(p, FADT_GPE0, gpe0);
	put8(p, FADT_PM1_EVT_LEN, 4);
	put8(p, FADT_PM1_CNT_LEN, 2);
	put8(p, FADT_PM_TMR_LEN, 4);
	put8(p, FADT_GPE0_LEN, gpe0_len);
	put8(p, FADT_CENTURY, 0x32);
}

void build_fadt_pc(uint8_t *p, uint32_t dsdt, uint32_t facs)
{
	build_header(p, "FACP", 116, 1);
	memset(p + 36, 0, 116 - 36);
	fadt_common(p, dsdt, facs, 0xb000, 0xafe0, 4);
	put32(p, FADT_FLAGS, 0x000080a5);
	fix_checksum(p);
}

void build_fadt_q35(uint8_t *p, uint32_t dsdt, uint32_t facs)
{
	build_header(p, "FACP", 244, 3);
	memset(p + 36, 0, 244 - 36);
	fadt_common(p, dsdt, facs, 0x600, 0x620, 16);
	put16(p, FADT_BOOT_ARCH, 0x2); /* 8042 */
	put32(p, FADT_FLAGS, 0x000084a5); /* ... RESET_REG_SUP */
	put_gas(p, FADT_RESET_REG, 1, 8, 0, 0, 0xcf9);
	put8(p, FADT_RESET_VALUE, 0x0f);
	put64(p, FADT_X_FACS, facs);
	put64(p, FADT_X_DSDT, dsdt);
	put_gas(p, FADT_X_PM1A_EVT, 1, 32, 0, 0, 0x600);
	put_gas(p, FADT_X_PM1A_CNT, 1, 16, 0, 0, 0x604);
	put_gas(p, FADT_X_PM_TMR, 1, 32, 0, 0, 0x608);
	put_gas(p, FADT_X_GPE0, 1, 128, 0, 0, 0x620);
	fix_checksum(p);
}

static void build_facs(uint8_t *p)
{
	memcpy(p, "FACS", 4);
	put32(p, 4, 64);
}

void win_fix(struct phys_window *w, uint64_t phys)
{
	fix_checksum(win_at(w, phys));
}

static void mk_windows(struct phys_window *w)
{
	win_init(w);
	win_add(w, LOW_BASE, LOW_SIZE);
	win_add(w, HIGH_BASE, HIGH_SIZE);
}

void mk_pc(struct phys_window *w)
{
	const uint32_t rsdt[] = {PC_FACP, PC_APIC, PC_HPET, PC_WAET};

	mk_windows(w);
	build_facs(win_at(w, PC_FACS));
	build_plain(win_at(w, PC_DSDT), "DSDT", PC_DSDT_LEN - 36);
	build_fadt_pc(win_at(w, PC_FACP), PC_DSDT, PC_FACS);
	build_qemu_madt(win_at(w, PC_APIC), 1);
	build_hpet(win_at(w, PC_HPET), 0xfed00000);
	build_plain(win_at(w, PC_WAET), "WAET", 4);
	build_rsdt(win_at(w, PC_RSDT), rsdt, 4);
	build_rsdp(win_at(w, PC_RSDP), 0, PC_RSDT, 0);
}

void mk_q35(struct phys_window *w)
{
	const uint32_t rsdt[] = {Q35_FACP, Q35_APIC, Q35_MCFG};
	const uint64_t xsdt[] = {Q35_FACP, Q35_APIC, Q35_HPET, Q35_MCFG};

	mk_windows(w);
	build_facs(win_at(w, Q35_FACS));
	build_plain(win_at(w, Q35_DSDT), "DSDT", Q35_DSDT_LEN - 36);
	build_fadt_q35(win_at(w, Q35_FACP), Q35_DSDT, Q35_FACS);
	build_qemu_madt(win_at(w, Q35_APIC), 2);
	build_hpet(win_at(w, Q35_HPET), 0xfed00000);
	build_plain(win_at(w, Q35_MCFG), "MCFG", 0x3c - 36);
	build_rsdt(win_at(w, Q35_RSDT), rsdt, 3);
	build_xsdt(win_at(w, Q35_XSDT), xsdt, 4);
	build_rsdp(win_at(w, Q35_RSDP), 2, Q35_RSDT, Q35_XSDT);
}

int win_setup(void **state)
{
	struct phys_window *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	win_init(w);
	log_capture_start();
	*state = w;
	return 0;
}

int win_teardown(void **state)
{
	struct phys_window *w = *state;

	log_capture_stop();
	win_free(w);
	free(w);
	return 0;
}

int buf_fixture_setup(void **state, size_t size)
{
	void *f = calloc(1, size);

	if (!f)
		return -1;
	log_capture_start();
	*state = f;
	return 0;
}

int buf_fixture_teardown(void **state)
{
	log_capture_stop();
	free(*state);
	return 0;
}

bool logged(const char *needle)
{
	if (log_capture_contains(needle))
		return true;
	fprintf(stderr, "missing \"%s\" in log:\n%s\n", needle,
		log_capture_text());
	return false;
}

int decode_with(const uint8_t *buf, int (*fn)(const void *, void *), void *out)
{
	uint32_t len = get32(buf, 4);
	uint8_t *copy = malloc(len);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = fn(copy, out);
	free(copy);
	return ret;
}
