// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/pgtable_entry.c: entry encoding and decoding at every
 * level, the PAT bit's two positions, frame masks for several MAXPHYADDR
 * values, table entries, and canonical-address rules for 48 and 57 bits.
 * Expected bit patterns are written from the Intel SDM tables (REFERENCE.md
 * section 6), not from the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "mm/pgtable.h"

/* Entry bits by number, as the SDM lists them. */
#define B_P (1ULL << 0)
#define B_RW (1ULL << 1)
#define B_US (1ULL << 2)
#define B_PWT (1ULL << 3)
#define B_PCD (1ULL << 4)
#define B_A (1ULL << 5)
#define B_D (1ULL << 6)
#define B_PS (1ULL << 7)
#define B_G (1ULL << 8)
#define B_PAT_LARGE (1ULL << 12)
#define B_NX (1ULL << 63)

static void test_bit_values(void **state)
{
	(void)state;
	assert_int_equal(PTE_PRESENT, B_P);
	assert_int_equal(PTE_RW, B_RW);
	assert_int_equal(PTE_USER, B_US);
	assert_int_equal(PTE_PWT, B_PWT);
	assert_int_equal(PTE_PCD, B_PCD);
	assert_int_equal(PTE_ACCESSED, B_A);
	assert_int_equal(PTE_DIRTY, B_D);
	assert_int_equal(PTE_PSE, B_PS);
	assert_int_equal(PTE_PAT, B_PS);
	assert_int_equal(PTE_GLOBAL, B_G);
	assert_int_equal(PTE_PAT_LARGE, B_PAT_LARGE);
	assert_true(PTE_NX == B_NX);
}

static void test_frame_mask(void **state)
{
	(void)state;
	assert_true(pgt_frame_mask(36) == 0x0000000ffffff000ULL);
	assert_true(pgt_frame_mask(46) == 0x00003ffffffff000ULL);
	assert_true(pgt_frame_mask(52) == 0x000ffffffffff000ULL);
	assert_true(pgt_frame_mask(32) == 0x00000000fffff000ULL);
}

static void test_leaf_exact_bits(void **state)
{
	(void)state;
	/* kernel data: RW, NX, global, write-back */
	assert_true(pgt_mk_leaf(1, 0x1234000, PGT_KERNEL) ==
		    (0x1234000 | B_P | B_RW | B_A | B_D | B_G | B_NX));
	/* user text, 2 MiB: PS set, no RW, no NX */
	assert_true(pgt_mk_leaf(2, 0x40200000, PGT_USER | PGT_EXEC) ==
		    (0x40200000 | B_P | B_US | B_A | B_D | B_PS));
	/* 1 GiB read-only kernel page */
	assert_true(pgt_mk_leaf(3, 0x80000000, PGT_KERNEL_RO) ==
		    (0x80000000 | B_P | B_A | B_D | B_PS | B_G | B_NX));
	/* low bits of pa below the page size are dropped */
	assert_true((pgt_mk_leaf(2, 0x40201000, PGT_EXEC) & ~0xfffULL) ==
		    0x40200000ULL);
}

static void test_pat_bit_position(void **state)
{
	(void)state;
	for (unsigned int idx = 0; idx < 8; idx++) {
		u64 want_small = ((idx & 1) ? B_PWT : 0) |
				 ((idx & 2) ? B_PCD : 0) |
				 ((idx & 4) ? B_PS : 0);
		u64 want_large = ((idx & 1) ? B_PWT : 0) |
				 ((idx & 2) ? B_PCD : 0) |
				 ((idx & 4) ? B_PAT_LARGE : 0);
		u64 cache_bits = B_PWT | B_PCD | B_PS | B_PAT_LARGE;

		assert_true((pgt_mk_leaf(1, 0x6000, PGT_CACHE(idx)) &
			     cache_bits) == want_small);
		/* large pages: bit 7 is PS, PAT moves to 12 */
		assert_true((pgt_mk_leaf(2, 0x200000, PGT_CACHE(idx)) &
			     cache_bits) == (want_large | B_PS));
		assert_true((pgt_mk_leaf(3, 0x40000000, PGT_CACHE(idx)) &
			     cache_bits) == (want_large | B_PS));
		assert_true(pgt_prot_to_pte(1, PGT_CACHE(idx)) ==
			    (want_small | B_NX));
		assert_true(pgt_prot_to_pte(2, PGT_CACHE(idx)) ==
			    (want_large | B_NX));
	}
}

/* Every protection at every leaf level survives encode then decode. */
static void test_leaf_round_trip(void **state)
{
	static const u64 pas[] = {0, 0x40000000, 0xfffc0000000ULL,
				  0xfffffc0000000ULL};

	(void)state;
	for (int level = 1; level <= 3; level++) {
		u64 size = pgt_level_size(level);

		for (pgt_prot_t prot = 0; prot <= PGT_PROT_ALL; prot++) {
			for (size_t i = 0; i < sizeof(pas) / sizeof(pas[0]);
			     i++) {
				u64 e = pgt_mk_leaf(level, pas[i], prot);
				struct pgt_entry_info info;

				pgt_entry_decode(52, level, e, &info);
				assert_true(info.present);
				assert_true(info.leaf);
				assert_true(info.pa == pas[i]);
				assert_true(info.size == size);
				assert_int_equal(info.prot, prot);
				assert_true(info.accessed);
				assert_true(info.dirty);
				assert_int_equal(pgt_pte_to_prot(level, e),
						 prot);
			}
		}
	}
}

static void test_decode_frame_mask(void **state)
{
	u64 e = pgt_mk_leaf(1, 0x200000000000ULL | 0x7000, PGT_KERNEL);
	struct pgt_entry_info info;

	(void)state;
	/* bit 45 is a frame bit at 46 bits and reserved at 36 */
	pgt_entry_decode(46, 1, e, &info);
	assert_true(info.pa == (0x200000000000ULL | 0x7000));
	pgt_entry_decode(36, 1, e, &info);
	assert_true(info.pa == 0x7000);
	/* bit 51 only counts with 52 bits */
	e = pgt_mk_leaf(3, 1ULL << 51, PGT_KERNEL);
	pgt_entry_decode(52, 3, e, &info);
	assert_true(info.pa == 1ULL << 51);
	pgt_entry_decode(46, 3, e, &info);
	assert_true(info.pa == 0);
	/* a large page's PAT bit 12 is not part of its address */
	e = pgt_mk_leaf(2, 0x600000, PGT_CACHE(4));
	pgt_entry_decode(52, 2, e, &info);
	assert_true(info.pa == 0x600000);
	assert_int_equal(info.prot, PGT_CACHE(4));
}

static void test_table_entries(void **state)
{
	struct pgt_entry_info info;

	(void)state;
	assert_true(pgt_mk_table(0x123000, false) ==
		    (0x123000 | B_P | B_RW | B_A));
	assert_true(pgt_mk_table(0x123000, true) ==
		    (0x123000 | B_P | B_RW | B_A | B_US));
	for (int level = 2; level <= 5; level++) {
		pgt_entry_decode(46, level, pgt_mk_table(0x3ffff000, true),
				 &info);
		assert_true(info.present);
		assert_false(info.leaf);
		assert_true(info.pa == 0x3ffff000);
		assert_int_equal(info.prot, PGT_WRITE | PGT_USER | PGT_EXEC);
		assert_false(info.dirty);
	}
	/* bit 7 at levels 4 and 5 is not PS: still a table, no cache */
	pgt_entry_decode(52, 4, 0x5000 | B_P | B_PS | B_G | B_PWT, &info);
	assert_false(info.leaf);
	assert_int_equal(info.prot, PGT_EXEC);
	/* a PT entry is always a leaf */
	pgt_entry_decode(52, 1, 0x5000 | B_P, &info);
	assert_true(info.leaf);
	assert_true(info.size == 4096);
}

static void test_decode_not_present(void **state)
{
	struct pgt_entry_info info;

	(void)state;
	memset(&info, 0x5a, sizeof(info));
	pgt_entry_decode(52, 2, pgt_mk_leaf(2, 0x200000, 0) & ~B_P, &info);
	assert_false(info.present);
	assert_false(info.leaf);
	assert_true(info.pa == 0);
	assert_true(info.size == 0);
	assert_int_equal(info.prot, 0);
}

static void test_nx_and_rights_decode(void **state)
{
	(void)state;
	assert_int_equal(pgt_pte_to_prot(1, B_P), PGT_EXEC);
	assert_int_equal(pgt_pte_to_prot(1, B_P | B_NX), 0);
	assert_int_equal(pgt_pte_to_prot(1, B_P | B_RW | B_US | B_NX),
			 PGT_WRITE | PGT_USER);
	assert_int_equal(pgt_pte_to_prot(2, B_P | B_G | B_NX), 0);
	assert_int_equal(pgt_pte_to_prot(2, B_P | B_PS | B_G | B_NX),
			 PGT_GLOBAL);
}

static void test_canonical_48(void **state)
{
	(void)state;
	assert_int_equal(pgt_va_bits(4), 48);
	assert_true(pgt_va_canonical(0, 48));
	assert_true(pgt_va_canonical(0x00007fffffffffffULL, 48));
	assert_false(pgt_va_canonical(0x0000800000000000ULL, 48));
	assert_false(pgt_va_canonical(0xffff7fffffffffffULL, 48));
	assert_true(pgt_va_canonical(0xffff800000000000ULL, 48));
	assert_true(pgt_va_canonical(0xffff888000000000ULL, 48));
	assert_true(pgt_va_canonical(~0ULL, 48));
	assert_false(pgt_va_canonical(0x8000000000000000ULL, 48));
	assert_false(pgt_va_canonical(0x00ff000000000000ULL, 48));
}

static void test_canonical_57(void **state)
{
	(void)state;
	assert_int_equal(pgt_va_bits(5), 57);
	assert_true(pgt_va_canonical(0x0000800000000000ULL, 57));
	assert_true(pgt_va_canonical(0x00ffffffffffffffULL, 57));
	assert_false(pgt_va_canonical(0x0100000000000000ULL, 57));
	assert_false(pgt_va_canonical(0xfeffffffffffffffULL, 57));
	assert_true(pgt_va_canonical(0xff00000000000000ULL, 57));
	assert_true(pgt_va_canonical(0xff11000000000000ULL, 57));
	assert_true(pgt_va_canonical(0xffff888000000000ULL, 57));
	assert_false(pgt_va_canonical(0x7fffffffffffffffULL, 57));
}

static void test_index_and_sizes(void **state)
{
	(void)state;
	assert_true(pgt_level_size(1) == 0x1000);
	assert_true(pgt_level_size(2) == 0x200000);
	assert_true(pgt_level_size(3) == 0x40000000);
	assert_true(pgt_level_size(4) == 0x8000000000ULL);
	assert_true(pgt_level_size(5) == 0x1000000000000ULL);
	/* Linux's direct map sits at PGD slot 273 in both paging modes */
	assert_int_equal(pgt_index(0xffff888000000000ULL, 4), 273);
	assert_int_equal(pgt_index(0xff11000000000000ULL, 5), 273);
	assert_int_equal(pgt_index(0xffffffff80000000ULL, 4), 511);
	assert_int_equal(pgt_index(0xffffffff80000000ULL, 3), 510);
	assert_int_equal(pgt_index(0xffffffff80000000ULL, 2), 0);
	assert_int_equal(pgt_index(0x0000000000403000ULL, 1), 3);
	assert_int_equal(pgt_index(0x0000000000403000ULL, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_values),
		cmocka_unit_test(test_frame_mask),
		cmocka_unit_test(test_leaf_exact_bits),
		cmocka_unit_test(test_pat_bit_position),
		cmocka_unit_test(test_leaf_round_trip),
		cmocka_unit_test(test_decode_frame_mask),
		cmocka_unit_test(test_table_entries),
		cmocka_unit_test(test_decode_not_present),
		cmocka_unit_test(test_nx_and_rights_decode),
		cmocka_unit_test(test_canonical_48),
		cmocka_unit_test(test_canonical_57),
		cmocka_unit_test(test_index_and_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
