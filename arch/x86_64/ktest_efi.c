// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of the EFI runtime services (arch/x86_64/efi.c). They
 * run only when keel was booted through EFI (an EFI stub, GRUB EFI) with
 * runtime services up, and are skipped otherwise.
 */
#include "arch/x86_64/efi.h"
#include "kernel/arch/mm.h"
#include "kernel/ktest.h"
#include "kernel/lib/errno.h"

static bool efi_skip(struct ktest_ctx *t)
{
	if (efi_runtime_enabled())
		return false;
	ktest_skip(t, "not booted through EFI, or noefi");
	return true;
}

/* GetTime works after SetVirtualAddressMap and gives a real date. */
KTEST(efi, get_time)
{
	struct efi_time tm;

	if (efi_skip(t))
		return;
	KTEST_ASSERT_TRUE(t, efi_get_time(&tm) == 0);
	KTEST_EXPECT_EQ(t, efi_time_check(&tm), EFI_RT_OK);
	KTEST_EXPECT_TRUE(t, tm.year >= 2020);
}

/*
 * Every runtime region is mapped in efi_pgd at its EFI-region address and
 * 1:1, and at neither in the kernel's own page tables; the kernel's text
 * is the same in both.
 */
KTEST(efi, mapped_in_efi_pgd_only)
{
	const struct pgt *efi = efi_pgd_get();
	const struct efi_rt_region *r;
	struct pgt_translation a, b;
	u32 nr;

	if (efi_skip(t))
		return;
	KTEST_ASSERT_TRUE(t, efi != NULL);
	r = efi_runtime_regions(&nr);
	KTEST_EXPECT_TRUE(t, nr > 0);
	for (u32 i = 0; i < nr; i++) {
		u64 last = r[i].size - 1;

		KTEST_EXPECT_TRUE(t, r[i].virt >= EFI_VA_END &&
					     r[i].virt + r[i].size <=
						     EFI_VA_START);
		KTEST_EXPECT_EQ(t, pgt_translate(efi, r[i].virt, &a), 0);
		KTEST_EXPECT_EQ(t, a.pa, r[i].phys);
		KTEST_EXPECT_EQ(t, pgt_translate(efi, r[i].virt + last, &a), 0);
		KTEST_EXPECT_EQ(t, a.pa, r[i].phys + last);
		KTEST_EXPECT_EQ(t, pgt_translate(efi, r[i].phys, &a), 0);
		KTEST_EXPECT_EQ(t, a.pa, r[i].phys);
		KTEST_EXPECT_EQ(t, pgt_translate(&init_pgt, r[i].virt, &a),
				-ENOENT);
		KTEST_EXPECT_EQ(t,
				pgt_translate(&init_pgt, r[i].virt + last, &a),
				-ENOENT);
	}
	KTEST_ASSERT_TRUE(t,
			  pgt_translate(&init_pgt, (u64)efi_get_time, &a) == 0);
	KTEST_ASSERT_TRUE(t, pgt_translate(efi, (u64)efi_get_time, &b) == 0);
	KTEST_EXPECT_EQ(t, a.pa, b.pa);
}
