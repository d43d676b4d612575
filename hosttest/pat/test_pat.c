// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/pat.c: the IA32_PAT values (Linux's value from
 * shared/REFERENCE.md section 5, the power-on value, the errata table),
 * decoding with reserved types, cache mode <-> page-table bits for 4 KiB
 * and large pages under several tables (including random ones), names,
 * MTRRdefType and EPT memory types.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/errno.h"
#include "mm/pat.h"

/* Facts of shared/REFERENCE.md section 5, written out independently. */
#define LINUX_PAT 0x0407050600070106UL
#define POWER_ON_PAT 0x0007040600070406UL
#define PWT (1UL << 3)
#define PCD (1UL << 4)
#define PAT4K (1UL << 7)
#define PAT2M (1UL << 12)

static const enum cache_mode all_modes[] = {
	CACHE_MODE_WB, CACHE_MODE_WC, CACHE_MODE_UC_MINUS,
	CACHE_MODE_UC, CACHE_MODE_WT, CACHE_MODE_WP,
};

static void test_msr_values(void **state)
{
	(void)state;
	assert_int_equal(pat_msr_value(false), LINUX_PAT);
	assert_int_equal(PAT_VALUE_KEEL, LINUX_PAT);
	assert_int_equal(PAT_VALUE_POWER_ON, POWER_ON_PAT);
	/* Errata: PA0..PA3 = WB WC UC- UC (6 1 7 0), repeated in PA4..PA7. */
	assert_int_equal(pat_msr_value(true), 0x0007010600070106UL);
	assert_int_equal(pat_msr_value(true) >> 32,
			 pat_msr_value(true) & 0xffffffff);
}

static void test_errata_cpus(void **state)
{
	(void)state;
	assert_true(pat_errata_cpu(true, 6, 0));
	assert_true(pat_errata_cpu(true, 6, 0xd));
	assert_false(pat_errata_cpu(true, 6, 0xe));
	assert_false(pat_errata_cpu(true, 6, 0x8f));
	assert_true(pat_errata_cpu(true, 0xf, 0));
	assert_true(pat_errata_cpu(true, 0xf, 6));
	assert_false(pat_errata_cpu(true, 0xf, 7));
	assert_false(pat_errata_cpu(true, 5, 0));
	assert_false(pat_errata_cpu(true, 0x10, 0));
	assert_false(pat_errata_cpu(false, 6, 1));
	assert_false(pat_errata_cpu(false, 0xf, 2));
}

static void check_decode(u64 msr, const enum cache_mode *want)
{
	enum cache_mode got[PAT_NR_ENTRIES];

	assert_int_equal(pat_decode(msr, got), 0);
	for (int i = 0; i < PAT_NR_ENTRIES; i++)
		assert_int_equal(got[i], want[i]);
}

static void test_decode(void **state)
{
	const enum cache_mode keel[] = {
		CACHE_MODE_WB,	     CACHE_MODE_WC, CACHE_MODE_UC_MINUS,
		CACHE_MODE_UC,	     CACHE_MODE_WB, CACHE_MODE_WP,
		CACHE_MODE_UC_MINUS, CACHE_MODE_WT,
	};
	const enum cache_mode power_on[] = {
		CACHE_MODE_WB,	     CACHE_MODE_WT, CACHE_MODE_UC_MINUS,
		CACHE_MODE_UC,	     CACHE_MODE_WB, CACHE_MODE_WT,
		CACHE_MODE_UC_MINUS, CACHE_MODE_UC,
	};
	const enum cache_mode errata[] = {
		CACHE_MODE_WB,	     CACHE_MODE_WC, CACHE_MODE_UC_MINUS,
		CACHE_MODE_UC,	     CACHE_MODE_WB, CACHE_MODE_WC,
		CACHE_MODE_UC_MINUS, CACHE_MODE_UC,
	};

	(void)state;
	check_decode(LINUX_PAT, keel);
	check_decode(POWER_ON_PAT, power_on);
	check_decode(pat_msr_value(true), errata);
}

static void test_decode_reserved(void **state)
{
	enum cache_mode out[PAT_NR_ENTRIES], saved[PAT_NR_ENTRIES];
	/* PA3 = 2 and PA6 = 3, both reserved; the rest valid. */
	u64 bad_types = (LINUX_PAT & ~(0xffUL << 24) & ~(0xffUL << 48)) |
			(2UL << 24) | (3UL << 48);
	/* PA0 = 0x86: type 6 with reserved bit 7 set. */
	u64 bad_bits = (LINUX_PAT & ~0xffUL) | 0x86;

	(void)state;
	memset(out, 0x77, sizeof(out));
	memcpy(saved, out, sizeof(out));
	log_capture_start();
	assert_int_equal(pat_decode(bad_types, out), -EINVAL);
	assert_true(log_capture_contains("PA3 holds reserved type 0x2"));
	assert_true(log_capture_contains("PA6 holds reserved type 0x3"));
	assert_false(log_capture_contains("PA0"));
	assert_int_equal(log_capture_count(), 2);
	assert_memory_equal(out, saved, sizeof(out));

	log_capture_start();
	assert_int_equal(pat_decode(bad_bits, out), -EINVAL);
	assert_true(log_capture_contains("PA0 holds reserved type 0x86"));
	assert_memory_equal(out, saved, sizeof(out));
	log_capture_stop();
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cache_mode_name(CACHE_MODE_WB), "write-back");
	assert_string_equal(cache_mode_name(CACHE_MODE_WC), "write-combining");
	assert_string_equal(cache_mode_name(CACHE_MODE_UC_MINUS),
			    "uncached-minus");
	assert_string_equal(cache_mode_name(CACHE_MODE_UC), "uncached");
	assert_string_equal(cache_mode_name(CACHE_MODE_WT), "write-through");
	assert_string_equal(cache_mode_name(CACHE_MODE_WP), "write-protect");
	assert_string_equal(cache_mode_name(CACHE_MODE_NR), "invalid");
	assert_string_equal(cache_mode_name((enum cache_mode) - 1), "invalid");

	assert_string_equal(mtrr_type_name(0), "uncached");
	assert_string_equal(mtrr_type_name(1), "write-combining");
	assert_string_equal(mtrr_type_name(4), "write-through");
	assert_string_equal(mtrr_type_name(5), "write-protect");
	assert_string_equal(mtrr_type_name(6), "write-back");
	assert_string_equal(mtrr_type_name(2), "reserved");
	assert_string_equal(mtrr_type_name(3), "reserved");
	assert_string_equal(mtrr_type_name(7), "reserved");
	assert_string_equal(mtrr_type_name(0xff), "reserved");
}

static void test_type_codes(void **state)
{
	const unsigned int codes[] = {6, 1, 7, 0, 4, 5};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
		assert_int_equal(cache_mode_to_pat_type(all_modes[i]),
				 codes[i]);
		assert_int_equal(pat_type_to_cache_mode(codes[i]),
				 all_modes[i]);
	}
	assert_int_equal(cache_mode_to_pat_type(CACHE_MODE_NR), -EINVAL);
	assert_int_equal(pat_type_to_cache_mode(2), -EINVAL);
	assert_int_equal(pat_type_to_cache_mode(3), -EINVAL);
	assert_int_equal(pat_type_to_cache_mode(8), -EINVAL);
}

static void test_keel_pte_bits(void **state)
{
	/* index = PAT*4 + PCD*2 + PWT into WB WC UC- UC WB WP UC- WT. */
	const u64 small[] = {0,		 PWT, PCD, PCD | PWT, PAT4K | PCD | PWT,
			     PAT4K | PWT};
	const u64 large[] = {0,		 PWT, PCD, PCD | PWT, PAT2M | PCD | PWT,
			     PAT2M | PWT};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
		assert_int_equal(cache_mode_to_pte_bits(all_modes[i], false),
				 small[i]);
		assert_int_equal(cache_mode_to_pte_bits(all_modes[i], true),
				 large[i]);
		assert_int_equal(
			pte_bits_to_cache_mode(small[i], false, LINUX_PAT),
			all_modes[i]);
		assert_int_equal(
			pte_bits_to_cache_mode(large[i], true, LINUX_PAT),
			all_modes[i]);
	}
	/* Entries: WB 0, WC 1, UC- 2, UC 3, WT 7, WP 5. */
	assert_int_equal(pat_cache_mode_index(LINUX_PAT, CACHE_MODE_WB), 0);
	assert_int_equal(pat_cache_mode_index(LINUX_PAT, CACHE_MODE_WC), 1);
	assert_int_equal(pat_cache_mode_index(LINUX_PAT, CACHE_MODE_UC_MINUS),
			 2);
	assert_int_equal(pat_cache_mode_index(LINUX_PAT, CACHE_MODE_UC), 3);
	assert_int_equal(pat_cache_mode_index(LINUX_PAT, CACHE_MODE_WT), 7);
	assert_int_equal(pat_cache_mode_index(LINUX_PAT, CACHE_MODE_WP), 5);
	assert_int_equal(
		pat_cache_mode_index(pat_msr_value(true), CACHE_MODE_WT), 2);
	/* Write-combining is PA1: PWT alone. */
	assert_int_equal(cache_mode_to_pte_bits(CACHE_MODE_WC, false), PWT);
	/* Bit 7 is PS on a large entry, bit 12 a frame bit on a 4 KiB one. */
	assert_int_equal(pte_bits_to_cache_mode(PAT4K | PWT, true, LINUX_PAT),
			 CACHE_MODE_WC);
	assert_int_equal(pte_bits_to_cache_mode(PAT2M | PWT, false, LINUX_PAT),
			 CACHE_MODE_WC);
	/* Other bits of the entry are ignored. */
	assert_int_equal(pte_bits_to_cache_mode(0x8000000012345063UL | PCD,
						false, LINUX_PAT),
			 CACHE_MODE_UC_MINUS);

	log_capture_start();
	assert_int_equal(cache_mode_to_pte_bits(CACHE_MODE_NR, false),
			 PCD | PWT);
	assert_true(log_capture_contains("no cache mode 6"));
	log_capture_stop();
}

static void test_errata_pte_bits(void **state)
{
	u64 errata = pat_msr_value(true);
	u64 bits;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
		for (int large = 0; large < 2; large++) {
			enum cache_mode want = all_modes[i];

			assert_int_equal(pat_cache_mode_to_pte_bits(
						 errata, want, large, &bits),
					 0);
			/* The PAT bit is never used with the errata table. */
			assert_int_equal(bits & (PAT4K | PAT2M), 0);
			if (want == CACHE_MODE_WT || want == CACHE_MODE_WP)
				want = CACHE_MODE_UC_MINUS;
			assert_int_equal(
				pte_bits_to_cache_mode(bits, large, errata),
				want);
		}
	}
}

static void test_other_tables(void **state)
{
	u64 bits = 0x1234;

	(void)state;
	/* Power-on table: WC falls back to UC- (PA2), WT is PA1. */
	assert_int_equal(pat_cache_mode_to_pte_bits(POWER_ON_PAT, CACHE_MODE_WC,
						    false, &bits),
			 0);
	assert_int_equal(bits, PCD);
	assert_int_equal(pat_cache_mode_to_pte_bits(POWER_ON_PAT, CACHE_MODE_WT,
						    true, &bits),
			 0);
	assert_int_equal(bits, PWT);
	/* No UC- but UC in PA1: WC falls through UC- to UC. */
	assert_int_equal(pat_cache_mode_to_pte_bits(0x0000000000000006UL,
						    CACHE_MODE_WC, false,
						    &bits),
			 0);
	assert_int_equal(bits, PWT);
	/* UC only in PA7: the PAT bit for each page size. */
	assert_int_equal(pat_cache_mode_to_pte_bits(0x0006060606060606UL,
						    CACHE_MODE_UC, false,
						    &bits),
			 0);
	assert_int_equal(bits, PAT4K | PCD | PWT);
	assert_int_equal(pat_cache_mode_to_pte_bits(0x0006060606060606UL,
						    CACHE_MODE_UC, true, &bits),
			 0);
	assert_int_equal(bits, PAT2M | PCD | PWT);

	bits = 0x1234;
	log_capture_start();
	/* All WB: nothing caches less than WB can give WC. */
	assert_int_equal(pat_cache_mode_to_pte_bits(0x0606060606060606UL,
						    CACHE_MODE_WC, false,
						    &bits),
			 -ENOENT);
	assert_true(log_capture_contains("0x0606060606060606"));
	assert_true(log_capture_contains("write-combining"));
	/* All UC: WB has no fallback. */
	assert_int_equal(
		pat_cache_mode_to_pte_bits(0, CACHE_MODE_WB, false, &bits),
		-ENOENT);
	assert_int_equal(pat_cache_mode_to_pte_bits(LINUX_PAT | (2UL << 8),
						    CACHE_MODE_WB, false,
						    &bits),
			 -EINVAL);
	assert_int_equal(pat_cache_mode_to_pte_bits(LINUX_PAT, CACHE_MODE_NR,
						    false, &bits),
			 -EINVAL);
	assert_int_equal(pat_cache_mode_to_pte_bits(LINUX_PAT,
						    (enum cache_mode) - 3,
						    false, &bits),
			 -EINVAL);
	assert_true(log_capture_contains("no cache mode -3"));
	log_capture_stop();
	assert_int_equal(bits, 0x1234);
}

/* The lowest entry of @table holding @mode, or -1. */
static int lowest(const enum cache_mode *table, int mode)
{
	for (int i = 0; i < PAT_NR_ENTRIES; i++)
		if ((int)table[i] == mode)
			return i;
	return -1;
}

/* What a table lacking @want should give: UC- for WC/WT/WP, then UC. */
static int expected_mode(const enum cache_mode *table, enum cache_mode want)
{
	if (lowest(table, want) >= 0)
		return want;
	if (want == CACHE_MODE_WC || want == CACHE_MODE_WT ||
	    want == CACHE_MODE_WP) {
		if (lowest(table, CACHE_MODE_UC_MINUS) >= 0)
			return CACHE_MODE_UC_MINUS;
		want = CACHE_MODE_UC_MINUS;
	}
	if (want == CACHE_MODE_UC_MINUS && lowest(table, CACHE_MODE_UC) >= 0)
		return CACHE_MODE_UC;
	return -ENOENT;
}

/* Random valid tables against the rule stated in mm/pat.h. */
static void test_random_tables(void **state)
{
	const unsigned int types[] = {0, 1, 4, 5, 6, 7};
	u64 x = 0x9e3779b97f4a7c15UL;
	int fallbacks = 0, missing = 0;

	(void)state;
	for (int run = 0; run < 5000; run++) {
		enum cache_mode table[PAT_NR_ENTRIES];
		bool large = run & 1;
		u64 msr = 0;

		for (int i = 0; i < PAT_NR_ENTRIES; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			msr |= (u64)types[x % ARRAY_SIZE(types)] << (8 * i);
		}
		assert_int_equal(pat_decode(msr, table), 0);
		for (size_t m = 0; m < ARRAY_SIZE(all_modes); m++) {
			int want = expected_mode(table, all_modes[m]);
			u64 bits = 0;
			int got, index;

			log_capture_start();
			got = pat_cache_mode_to_pte_bits(msr, all_modes[m],
							 large, &bits);
			log_capture_stop();
			if (want < 0) {
				assert_int_equal(got, want);
				missing++;
				continue;
			}
			assert_int_equal(got, 0);
			fallbacks += want != (int)all_modes[m];
			assert_int_equal(
				pte_bits_to_cache_mode(bits, large, msr), want);
			index = !!(bits & PWT) + 2 * !!(bits & PCD) +
				4 * !!(bits & (large ? PAT2M : PAT4K));
			assert_int_equal(index, lowest(table, want));
			assert_int_equal(
				pat_cache_mode_index(msr, all_modes[m]), index);
			assert_int_equal(bits & ~(PWT | PCD | PAT4K | PAT2M),
					 0);
			assert_int_equal(bits & (large ? PAT4K : PAT2M), 0);
		}
	}
	/* The random tables did exercise both fallback and failure. */
	assert_true(fallbacks > 100);
	assert_true(missing > 100);
}

static void test_pte_bits_reserved(void **state)
{
	u64 msr = (LINUX_PAT & ~(0xffUL << 40)) | (3UL << 40);

	(void)state;
	log_capture_start();
	/* PA5 (PAT + PWT) is reserved in this table; PA1 is fine. */
	assert_int_equal(pte_bits_to_cache_mode(PAT4K | PWT, false, msr),
			 -EINVAL);
	assert_true(log_capture_contains("PA5"));
	assert_int_equal(pte_bits_to_cache_mode(PWT, false, msr),
			 CACHE_MODE_WC);
	log_capture_stop();
}

static void test_mtrr_def_type(void **state)
{
	struct mtrr_def_type d, saved;

	(void)state;
	assert_int_equal(mtrr_def_type_decode(0xC06, &d), 0);
	assert_true(d.enabled);
	assert_true(d.fixed_enabled);
	assert_int_equal(d.type, 6);
	assert_string_equal(mtrr_type_name(d.type), "write-back");

	assert_int_equal(mtrr_def_type_decode(0x800, &d), 0);
	assert_true(d.enabled);
	assert_false(d.fixed_enabled);
	assert_int_equal(d.type, 0);
	assert_int_equal(mtrr_def_type_decode(0x405, &d), 0);
	assert_false(d.enabled);
	assert_true(d.fixed_enabled);
	assert_int_equal(d.type, 5);

	memset(&d, 0x33, sizeof(d));
	saved = d;
	log_capture_start();
	assert_int_equal(mtrr_def_type_decode(0xC02, &d), -EINVAL);
	assert_true(log_capture_contains("0xc02"));
	assert_int_equal(mtrr_def_type_decode(0xC07, &d), -EINVAL);
	assert_int_equal(mtrr_def_type_decode(0x1C06, &d), -EINVAL);
	assert_true(log_capture_contains("reserved bits 0x1000"));
	assert_int_equal(mtrr_def_type_decode(0xD06, &d), -EINVAL);
	assert_true(log_capture_contains("reserved bits 0x100"));
	log_capture_stop();
	assert_memory_equal(&d, &saved, sizeof(d));
}

static void test_ept(void **state)
{
	const u64 want[] = {6 << 3, 1 << 3, 0, 0 << 3, 4 << 3, 5 << 3};
	u64 bits = 0x5555;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
		if (all_modes[i] == CACHE_MODE_UC_MINUS)
			continue;
		assert_int_equal(ept_memtype_encode(all_modes[i], &bits), 0);
		assert_int_equal(bits, want[i]);
		/* Decoding ignores the permission bits, IPAT and the frame. */
		assert_int_equal(ept_memtype_decode(bits | 0x7 | EPT_IPAT |
						    0x123456000UL),
				 all_modes[i]);
	}
	bits = 0x5555;
	log_capture_start();
	assert_int_equal(ept_memtype_encode(CACHE_MODE_UC_MINUS, &bits),
			 -EINVAL);
	assert_true(log_capture_contains("uncached-minus"));
	assert_int_equal(ept_memtype_encode(CACHE_MODE_NR, &bits), -EINVAL);
	assert_int_equal(bits, 0x5555);
	assert_int_equal(ept_memtype_decode(2 << 3), -EINVAL);
	assert_true(log_capture_contains("reserved memory type 2"));
	assert_int_equal(ept_memtype_decode(3 << 3), -EINVAL);
	assert_int_equal(ept_memtype_decode(7 << 3 | 0x7), -EINVAL);
	assert_true(log_capture_contains("0x3f"));
	log_capture_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msr_values),
		cmocka_unit_test(test_errata_cpus),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_reserved),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_type_codes),
		cmocka_unit_test(test_keel_pte_bits),
		cmocka_unit_test(test_errata_pte_bits),
		cmocka_unit_test(test_other_tables),
		cmocka_unit_test(test_random_tables),
		cmocka_unit_test(test_pte_bits_reserved),
		cmocka_unit_test(test_mtrr_def_type),
		cmocka_unit_test(test_ept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
