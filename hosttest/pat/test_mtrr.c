// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/mtrr.c: Linux 6.1's MTRR printout (the lines QEMU's
 * firmware set-up gives, disabled MTRRs, no fixed ranges, wide and narrow
 * MAXPHYADDR), register checks naming the bad values, the range lookup
 * against the SDM's precedence (and, at random addresses, against a
 * direct evaluation of (addr & mask) == (base & mask)), and the effective
 * memory type table.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/mtrr.h"
#include "mm/pat.h"

#define UC 0
#define WC 1
#define WT 4
#define WP 5
#define WB 6
#define VALID (1ULL << 11)

/* What SeaBIOS programs under QEMU with 1 GiB on pc (MAXPHYADDR 40):
 * default WB, fixed WB below 0xa0000, UC to 0xc0000, WP to 1 MiB, and
 * variable range 0 making the 2 GiB below 4 GiB uncachable. */
static void qemu_state(struct mtrr_state *s)
{
	memset(s, 0, sizeof(*s));
	s->cap = 0x508; /* VCNT 8, FIX, WC */
	s->def_type = 0xc06;
	s->phys_bits = 40;
	s->nr_var = 8;
	for (int i = 0; i < 88; i++)
		s->fixed[i] = i < 16 ? WB : i < 24 ? UC : WP;
	s->var[0].base = 0x80000000ULL | UC;
	s->var[0].mask = 0xff80000000ULL | VALID;
}

static void assert_log(const char *want)
{
	assert_string_equal(log_capture_text(), want);
}

static void test_print_qemu(void **state)
{
	struct mtrr_state s;

	(void)state;
	qemu_state(&s);
	log_capture_start();
	mtrr_print_state(&s);
	log_capture_stop();
	assert_log("MTRR default type: write-back\n"
		   "MTRR fixed ranges enabled:\n"
		   "  00000-9FFFF write-back\n"
		   "  A0000-BFFFF uncachable\n"
		   "  C0000-FFFFF write-protect\n"
		   "MTRR variable ranges enabled:\n"
		   "  0 base 0080000000 mask FF80000000 uncachable\n"
		   "  1 disabled\n"
		   "  2 disabled\n"
		   "  3 disabled\n"
		   "  4 disabled\n"
		   "  5 disabled\n"
		   "  6 disabled\n"
		   "  7 disabled\n");
}

static void test_print_variants(void **state)
{
	struct mtrr_state s;

	(void)state;
	/* MTRRs off (E clear): both kinds print as disabled. */
	qemu_state(&s);
	s.def_type = 0x406;
	s.nr_var = 1;
	log_capture_start();
	mtrr_print_state(&s);
	log_capture_stop();
	assert_true(log_capture_contains("MTRR fixed ranges disabled:"));
	assert_true(log_capture_contains("MTRR variable ranges disabled:"));

	/* No FIX in MTRRCAP: no fixed lines; 46-bit addresses print 12 hex
	 * digits; types 2, 3 and 7 print as "?"; a run of one type across
	 * MSRs of different steps stays one line. */
	memset(&s, 0, sizeof(s));
	s.cap = 3;
	s.def_type = 0x800;
	s.phys_bits = 46;
	s.nr_var = 3;
	s.var[0].base = 0xc0000000ULL | UC;
	s.var[0].mask = 0x3fffc0000000ULL | VALID;
	s.var[1].base = 0x200000000000ULL | 7;
	s.var[1].mask = 0x3ff000000000ULL | VALID;
	s.var[2].base = 0x1000ULL | WB; /* not valid: disabled */
	log_capture_start();
	mtrr_print_state(&s);
	log_capture_stop();
	assert_log("MTRR default type: uncachable\n"
		   "MTRR variable ranges enabled:\n"
		   "  0 base 0000C0000000 mask 3FFFC0000000 uncachable\n"
		   "  1 base 200000000000 mask 3FF000000000 ?\n"
		   "  2 disabled\n");

	qemu_state(&s);
	memset(s.fixed, WT, sizeof(s.fixed));
	s.fixed[87] = 2;
	s.nr_var = 0;
	s.phys_bits = 36;
	log_capture_start();
	mtrr_print_state(&s);
	log_capture_stop();
	assert_log("MTRR default type: write-back\n"
		   "MTRR fixed ranges enabled:\n"
		   "  00000-FEFFF write-through\n"
		   "  FF000-FFFFF ?\n"
		   "MTRR variable ranges enabled:\n");
}

static void test_names_and_fixed_msrs(void **state)
{
	u64 start, step;

	(void)state;
	assert_string_equal(mtrr_linux_type_name(UC), "uncachable");
	assert_string_equal(mtrr_linux_type_name(WC), "write-combining");
	assert_string_equal(mtrr_linux_type_name(WT), "write-through");
	assert_string_equal(mtrr_linux_type_name(WP), "write-protect");
	assert_string_equal(mtrr_linux_type_name(WB), "write-back");
	assert_string_equal(mtrr_linux_type_name(2), "?");
	assert_string_equal(mtrr_linux_type_name(3), "?");
	assert_string_equal(mtrr_linux_type_name(7), "?");
	assert_string_equal(mtrr_linux_type_name(0xff), "?");

	assert_int_equal(mtrr_fixed_range(0, &start, &step), 0);
	assert_true(start == 0 && step == 0x10000);
	assert_int_equal(mtrr_fixed_range(2, &start, &step), 0);
	assert_true(start == 0xa0000 && step == 0x4000);
	assert_int_equal(mtrr_fixed_range(10, &start, &step), 0);
	assert_true(start == 0xf8000 && step == 0x1000);
	log_capture_start();
	assert_int_equal(mtrr_fixed_range(11, &start, &step), -EINVAL);
	assert_true(log_capture_contains("index 11"));
	log_capture_stop();
}

static void test_check_state(void **state)
{
	struct mtrr_state s;

	(void)state;
	qemu_state(&s);
	assert_int_equal(mtrr_check_state(&s), 0);

	s.phys_bits = 30;
	log_capture_start();
	assert_int_equal(mtrr_check_state(&s), -EINVAL);
	assert_true(log_capture_contains("MAXPHYADDR 30"));

	qemu_state(&s);
	s.nr_var = 9;
	log_capture_start();
	assert_int_equal(mtrr_check_state(&s), -EINVAL);
	assert_true(log_capture_contains("9 variable ranges, but VCNT is 8"));

	qemu_state(&s);
	s.fixed[20] = 3;
	log_capture_start();
	assert_int_equal(mtrr_check_state(&s), -EINVAL);
	assert_true(
		log_capture_contains("0xb0000-0xb3fff has reserved type 3"));

	qemu_state(&s);
	s.var[0].base |= 1ULL << 40;
	s.var[0].mask = 0xff7f000000ULL | VALID; /* hole in the mask */
	log_capture_start();
	assert_int_equal(mtrr_check_state(&s), -EINVAL);
	assert_true(log_capture_contains("sets reserved bits 0x10000000000"));
	assert_true(log_capture_contains("0xff7f000800 is not contiguous"));

	qemu_state(&s);
	s.var[1].base = 2;
	s.var[1].mask = 0xfff0000000ULL | VALID | 1;
	log_capture_start();
	assert_int_equal(mtrr_check_state(&s), -EINVAL);
	assert_true(log_capture_contains("range 1 has reserved type 2"));
	assert_true(log_capture_contains("mask 0xfff0000801 sets reserved"));

	/* A reserved type in an invalid range does not matter. */
	qemu_state(&s);
	s.var[1].base = 3;
	assert_int_equal(mtrr_check_state(&s), 0);
	s.def_type = 0xc03;
	log_capture_start();
	assert_int_equal(mtrr_check_state(&s), -EINVAL);
	assert_true(log_capture_contains("reserved default type 0x3"));
	log_capture_stop();
}

static void assert_range(const struct mtrr_state *s, u64 start, u64 end,
			 unsigned int want, bool want_uniform)
{
	unsigned int type = 99;
	bool uniform = !want_uniform;

	assert_int_equal(mtrr_type_range(s, start, end, &type, &uniform), 0);
	assert_int_equal(type, want);
	assert_int_equal(uniform, want_uniform);
}

static void test_lookup(void **state)
{
	struct mtrr_state s;
	unsigned int type;
	bool uniform;

	(void)state;
	qemu_state(&s);
	assert_range(&s, 0, 0xa0000, WB, true);
	assert_range(&s, 0xa0000, 0xc0000, UC, true);
	assert_range(&s, 0x9f000, 0xa1000, WB, false);
	assert_range(&s, 0xc0000, 0x100000, WP, true);
	assert_range(&s, 0xff000, 0x101000, WP, false);
	assert_range(&s, 0x100000, 0x40000000, WB, true);
	assert_range(&s, 0x80000000, 0x100000000, UC, true);
	assert_range(&s, 0x7ff00000, 0x80001000, WB, false);
	assert_range(&s, 0x100000000, 1ULL << 40, WB, true);
	/* The framebuffer of QEMU's VGA sits in the UC range. */
	assert_range(&s, 0xfd000000, 0xfe000000, UC, true);

	/* FE clear: the first MiB follows the default type. */
	s.def_type = 0x806;
	assert_range(&s, 0, 0x100000, WB, true);
	/* E clear: everything is UC. */
	s.def_type = 0x406;
	assert_range(&s, 0, 1ULL << 40, UC, true);

	/* Overlaps: UC wins, WT wins over WB, WC with WB is undefined. */
	qemu_state(&s);
	s.var[1].base = 0x80000000ULL | WB;
	s.var[1].mask = 0xffc0000000ULL | VALID;
	assert_range(&s, 0x80000000, 0xc0000000, UC, true);
	s.var[0].base = 0x80000000ULL | WT;
	assert_range(&s, 0x80000000, 0xc0000000, WT, true);
	assert_range(&s, 0x80000000, 0x100000000, WT, true);
	s.var[0].base = 0x80000000ULL | WC;
	assert_range(&s, 0xc0000000, 0x100000000, WC, true);
	log_capture_start();
	assert_int_equal(
		mtrr_type_range(&s, 0xb0000000, 0xd0000000, &type, &uniform),
		-EINVAL);
	assert_true(log_capture_contains("over 0xb0000000 overlap"));

	/* Bad ranges name their bounds. */
	log_capture_start();
	assert_int_equal(mtrr_type_range(&s, 0x2000, 0x1000, &type, &uniform),
			 -EINVAL);
	assert_true(log_capture_contains("[0x2000-0x1000)"));
	assert_int_equal(
		mtrr_type_range(&s, 0, (1ULL << 40) + 1, &type, &uniform),
		-EINVAL);
	assert_true(log_capture_contains("MAXPHYADDR 40"));
	log_capture_stop();
}

/* The SDM's precedence, evaluated directly at one address. */
static int model_type(const struct mtrr_state *s, u64 addr)
{
	u64 frame = ((1ULL << s->phys_bits) - 1) & ~0xfffULL;
	bool any = false, uc = false, wt = false, wb = false, other = false;
	int first = -1;

	if (!(s->def_type & (1 << 11)))
		return UC;
	if (addr < 0x100000 && (s->def_type & (1 << 10)) && (s->cap & 0x100)) {
		int i = addr < 0x80000	 ? (int)(addr >> 16)
			: addr < 0xc0000 ? 8 + (int)((addr - 0x80000) >> 14)
					 : 24 + (int)((addr - 0xc0000) >> 12);
		return s->fixed[i];
	}
	for (unsigned int i = 0; i < s->nr_var; i++) {
		u64 mask = s->var[i].mask & frame;
		int t = (int)(s->var[i].base & 0xff);

		if (!(s->var[i].mask & VALID) ||
		    (addr & mask) != (s->var[i].base & mask))
			continue;
		if (first < 0)
			first = t;
		any = true;
		uc |= t == UC;
		wt |= t == WT;
		wb |= t == WB;
		other |= t != first;
	}
	if (!any)
		return (int)(s->def_type & 0xff);
	if (!other)
		return first;
	if (uc)
		return UC;
	if (wt && wb && first != WC && first != WP) {
		for (unsigned int i = 0; i < s->nr_var; i++) {
			u64 mask = s->var[i].mask & frame;
			int t = (int)(s->var[i].base & 0xff);

			if ((s->var[i].mask & VALID) &&
			    (addr & mask) == (s->var[i].base & mask) &&
			    t != WT && t != WB)
				return -1;
		}
		return WT;
	}
	return -1;
}

static void test_lookup_random(void **state)
{
	static const int types[] = {UC, WC, WT, WP, WB};
	struct mtrr_state s;
	unsigned int type;
	bool uniform;

	(void)state;
	srand(20261206);
	for (int round = 0; round < 300; round++) {
		memset(&s, 0, sizeof(s));
		s.cap = 0x508;
		s.phys_bits = 36 + (unsigned int)(rand() % 17);
		s.def_type = 0x800 | (rand() % 2 ? 0x400 : 0) |
			     (u64)types[rand() % 5];
		s.nr_var = (unsigned int)(rand() % 9);
		for (int i = 0; i < 88; i++)
			s.fixed[i] = (u8)types[rand() % 5];
		for (unsigned int i = 0; i < s.nr_var; i++) {
			/* sizes 4 KiB .. 2^(phys_bits - 1), aligned bases */
			unsigned int order =
				12 + (unsigned int)(rand() %
						    (int)(s.phys_bits - 12));
			u64 top = 1ULL << s.phys_bits;
			u64 base = ((u64)rand() << 31 ^ (u64)rand()) % top;

			base &= ~((1ULL << order) - 1);
			s.var[i].base = base | (u64)types[rand() % 5];
			s.var[i].mask = ((top - 1) & ~((1ULL << order) - 1)) |
					(rand() % 4 ? VALID : 0);
		}
		assert_int_equal(mtrr_check_state(&s), 0);
		for (int k = 0; k < 40; k++) {
			u64 top = 1ULL << s.phys_bits;
			u64 addr = k < 10 ? (u64)rand() % 0x100000
				   : k < 20
					   ? s.var[k % 8].base & ~0xfffULL
					   : ((u64)rand() << 31 ^ (u64)rand()) %
						     top;
			int want, ret;

			addr &= ~0xfffULL;
			if (addr >= top)
				addr = 0;
			want = model_type(&s, addr);
			log_capture_start();
			ret = mtrr_type_range(&s, addr, addr + 0x1000, &type,
					      &uniform);
			/* -1: an overlap the SDM leaves undefined */
			assert_int_equal(ret, want < 0 ? -EINVAL : 0);
			if (want >= 0) {
				assert_int_equal(type, want);
				assert_true(uniform);
			}
			log_capture_stop();
		}
	}
}

static void test_effective(void **state)
{
	/* SDM vol. 3A, "Effective Page-Level Memory Types for Pentium III
	 * and More Recent Processor Families", written out row by row. */
	static const struct {
		int mtrr, pat, eff;
	} rows[] = {
		{UC, UC, UC}, {UC, 7, UC},  {UC, WC, WC}, {UC, WT, UC},
		{UC, WB, UC}, {UC, WP, UC}, {WC, UC, UC}, {WC, 7, WC},
		{WC, WC, WC}, {WC, WT, UC}, {WC, WB, WC}, {WC, WP, UC},
		{WT, UC, UC}, {WT, 7, UC},  {WT, WC, WC}, {WT, WT, WT},
		{WT, WB, WT}, {WT, WP, WP}, {WP, UC, UC}, {WP, 7, WC},
		{WP, WC, WC}, {WP, WT, WT}, {WP, WB, WP}, {WP, WP, WP},
		{WB, UC, UC}, {WB, 7, UC},  {WB, WC, WC}, {WB, WT, WT},
		{WB, WB, WB}, {WB, WP, WP},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(memtype_effective((unsigned int)rows[i].mtrr,
						   (unsigned int)rows[i].pat),
				 rows[i].eff);
	log_capture_start();
	assert_int_equal(memtype_effective(2, WB), -EINVAL);
	assert_true(log_capture_contains("MTRR type 2 with PAT type 6"));
	assert_int_equal(memtype_effective(7, WB), -EINVAL);
	assert_int_equal(memtype_effective(WB, 3), -EINVAL);
	assert_int_equal(memtype_effective(WB, 8), -EINVAL);
	log_capture_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_print_qemu),
		cmocka_unit_test(test_print_variants),
		cmocka_unit_test(test_names_and_fixed_msrs),
		cmocka_unit_test(test_check_state),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_random),
		cmocka_unit_test(test_effective),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
