/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the ACPI host tests.
 *
 * A struct phys_window stands for physical memory: a few regions, each a
 * zeroed buffer for [base, base + size). Its acpi_mem map() hands out a
 * fresh malloc'd copy of exactly the bytes asked for, so ASan catches any
 * read past what the parser was granted; copies are freed by win_free().
 *
 * Table builders write fields at the byte offsets of the ACPI
 * specification, independently of kernel/lib/acpi.h's structures, and fix
 * checksums. mk_pc() and mk_q35() lay out tables modelled on QEMU's:
 *
 *   pc  (SeaBIOS): RSDP v0 at 0xF5A10 -> RSDT -> FACP v1 (116 bytes, DSDT,
 *       FACS), APIC (1 CPU, IOAPIC 0 at 0xfec00000, overrides 0->2 and
 *       5, 9, 10, 11 level/high, LAPIC NMI), HPET, WAET
 *   q35 (OVMF-like): RSDP v2 at 0xF52B0 -> XSDT (and an RSDT without the
 *       HPET) -> FACP v3 (244 bytes, X_ fields, reset register 0xcf9),
 *       APIC (2 CPUs), HPET, MCFG
 */
#ifndef KEEL_HOSTTEST_ACPI_TEST_H
#define KEEL_HOSTTEST_ACPI_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/acpi.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"

#define WIN_MAX_REGIONS 4

struct phys_region {
	uint64_t base;
	size_t size;
	uint8_t *buf;
};

struct phys_window {
	struct phys_region regions[WIN_MAX_REGIONS];
	unsigned int nr_regions;
	void **copies;
	size_t nr_copies, cap_copies;
	unsigned long map_calls, map_refused;
	/* When non-zero, map() refuses everything after this many calls. */
	unsigned long refuse_after;
	struct acpi_mem mem;
};

/* Low memory: BDA, EBDA and the BIOS area. */
#define LOW_BASE 0x0
#define LOW_SIZE 0x100000
/* Where QEMU's firmware puts the tables on a 2 GiB guest. */
#define HIGH_BASE 0x7ffe0000ULL
#define HIGH_SIZE 0x10000

void win_init(struct phys_window *w);
uint8_t *win_add(struct phys_window *w, uint64_t base, size_t size);
/* The buffer byte standing for @phys (aborts when outside the window). */
uint8_t *win_at(struct phys_window *w, uint64_t phys);
void win_free(struct phys_window *w);

/* Little-endian field writers and readers at byte offsets. */
void put8(uint8_t *p, size_t off, uint8_t v);
void put16(uint8_t *p, size_t off, uint16_t v);
void put32(uint8_t *p, size_t off, uint32_t v);
void put64(uint8_t *p, size_t off, uint64_t v);
uint32_t get32(const uint8_t *p, size_t off);
uint8_t sum8(const uint8_t *p, size_t len);

/* Header: signature, length, revision, "BOCHS ", "BXPC    ", 1, "BXPC", 1. */
void build_header(uint8_t *p, const char *sig, uint32_t length,
		  uint8_t revision);
/* Set the header checksum byte so the table's length bytes sum to 0. */
void fix_checksum(uint8_t *p);
/* RSDP at @p: revision 0 (20 bytes) or 2 (36 bytes), checksums fixed. */
void build_rsdp(uint8_t *p, uint8_t revision, uint32_t rsdt, uint64_t xsdt);
/* Root tables; return their length. */
uint32_t build_rsdt(uint8_t *p, const uint32_t *entries, unsigned int n);
uint32_t build_xsdt(uint8_t *p, const uint64_t *entries, unsigned int n);
/* HPET table with id 0x8086a201, base @address, min tick 0x80. */
void build_hpet(uint8_t *p, uint64_t address);
/* A table with only a header and @body zero bytes. */
void build_plain(uint8_t *p, const char *sig, uint32_t body);

/* MADT assembly: begin, add entries, end (length and checksum). */
struct madt_builder {
	uint8_t *p;
	uint32_t len;
};
void madt_begin(struct madt_builder *b, uint8_t *p, uint32_t lapic_addr,
		uint32_t flags);
void madt_lapic(struct madt_builder *b, uint8_t uid, uint8_t id,
		uint32_t flags);
void madt_ioapic(struct madt_builder *b, uint8_t id, uint32_t addr,
		 uint32_t gsi_base);
void madt_iso(struct madt_builder *b, uint8_t bus, uint8_t irq, uint32_t gsi,
	      uint16_t flags);
void madt_nmi_src(struct madt_builder *b, uint16_t flags, uint32_t gsi);
void madt_lapic_nmi(struct madt_builder *b, uint8_t uid, uint16_t flags,
		    uint8_t lint);
void madt_lapic_ovr(struct madt_builder *b, uint64_t addr);
void madt_x2apic(struct madt_builder *b, uint32_t id, uint32_t flags,
		 uint32_t uid);
void madt_x2apic_nmi(struct madt_builder *b, uint16_t flags, uint32_t uid,
		     uint8_t lint);
/* Any entry: @type, declared length @len, @body_len bytes of @body. */
void madt_raw(struct madt_builder *b, uint8_t type, uint8_t len,
	      const uint8_t *body, size_t body_len);
uint32_t madt_end(struct madt_builder *b);
/* QEMU-like MADT with @ncpus CPUs. */
uint32_t build_qemu_madt(uint8_t *p, unsigned int ncpus);

/* FADT byte offsets (ACPI 6.5 table 5.9). */
#define FADT_FACS 36
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_PM1A_EVT 56
#define FADT_PM1B_EVT 60
#define FADT_PM1A_CNT 64
#define FADT_PM_TMR 76
#define FADT_GPE0 80
#define FADT_GPE1 84
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_GPE0_LEN 92
#define FADT_GPE1_LEN 93
#define FADT_CENTURY 108
#define FADT_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_MINOR 131
#define FADT_X_FACS 132
#define FADT_X_DSDT 140
#define FADT_X_PM1A_EVT 148
#define FADT_X_PM1A_CNT 172
#define FADT_X_PM_TMR 208
#define FADT_X_GPE0 220
#define FADT_X_GPE1 232
#define FADT_SLEEP_CONTROL 244
#define FADT_SLEEP_STATUS 256

/* GAS at @off: space, bit width, bit offset, access width, address. */
void put_gas(uint8_t *p, size_t off, uint8_t space, uint8_t width,
	     uint8_t offset, uint8_t access, uint64_t address);
/* QEMU pc FADT: revision 1, 116 bytes, PIIX4 PM at 0xb000. */
void build_fadt_pc(uint8_t *p, uint32_t dsdt, uint32_t facs);
/* QEMU q35 FADT: revision 3, 244 bytes, ICH9 PM at 0x600, reset 0xcf9. */
void build_fadt_q35(uint8_t *p, uint32_t dsdt, uint32_t facs);

/* Addresses of the pc layout. */
#define PC_RSDP 0xf5a10
#define PC_FACS 0x7ffe0000ULL
#define PC_DSDT 0x7ffe0040ULL
#define PC_DSDT_LEN 0x1878
#define PC_FACP 0x7ffe18b8ULL
#define PC_APIC 0x7ffe192cULL
#define PC_HPET 0x7ffe19a4ULL
#define PC_WAET 0x7ffe19dcULL
#define PC_RSDT 0x7ffe1a0cULL

/* Addresses of the q35 layout. */
#define Q35_RSDP 0xf52b0
#define Q35_FACS 0x7ffe0000ULL
#define Q35_DSDT 0x7ffe0040ULL
#define Q35_DSDT_LEN 0x21b7
#define Q35_FACP 0x7ffe21f7ULL
#define Q35_APIC 0x7ffe22ebULL
#define Q35_HPET 0x7ffe2370ULL
#define Q35_MCFG 0x7ffe23a8ULL
#define Q35_RSDT 0x7ffe23e4ULL
#define Q35_XSDT 0x7ffe2420ULL

/* Build the pc / q35 machine into a fresh window (low + high regions). */
void mk_pc(struct phys_window *w);
void mk_q35(struct phys_window *w);

/* Recompute the checksum of the table at @phys in @w. */
void win_fix(struct phys_window *w, uint64_t phys);

/* Common fixture: a window in *state, log capture on. */
int win_setup(void **state);
int win_teardown(void **state);

/*
 * Fixture of @size zeroed bytes in *state, log capture on (return -1 when
 * it cannot be allocated); buf_fixture_teardown() stops the capture and
 * frees it.
 */
int buf_fixture_setup(void **state, size_t size);
int buf_fixture_teardown(void **state);

/* Whether the log capture holds @needle; when not, the log goes to stderr. */
bool logged(const char *needle);

/*
 * Run @fn on an exactly-sized malloc'd copy of the table in @buf (its
 * length from the header), so ASan catches reads past the table.
 */
int decode_with(const uint8_t *buf, int (*fn)(const void *, void *), void *out);

#endif
