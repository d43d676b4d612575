// SPDX-License-Identifier: MIT
#include "arch/x86_64/uaccess.h"

#include "arch/x86_64/asm_extable.h"
#include "kernel/lib/errno.h"

int rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;
	int err;

	__asm__ volatile("1: rdmsr\n\t"
			 "xorl %[err], %[err]\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : [err] "=r"(err), "+a"(lo), "+d"(hi)
			 : "c"(msr), "0"(-EIO));
	*val = err ? 0 : ((u64)hi << 32) | lo;
	return err;
}

int wrmsr_safe(u32 msr, u64 val)
{
	int err;

	__asm__ volatile("1: wrmsr\n\t"
			 "xorl %[err], %[err]\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : [err] "=r"(err)
			 : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32)),
			   "0"(-EIO)
			 : "memory");
	return err;
}

int probe_read_u64(const void *src, u64 *val)
{
	u64 v = 0;
	int err;

	__asm__ volatile("1: movq (%[src]), %[v]\n\t"
			 "xorl %[err], %[err]\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : [err] "=r"(err), [v] "+r"(v)
			 : [src] "r"(src), "0"(-EFAULT)
			 : "memory");
	*val = err ? 0 : v;
	return err;
}

static int probe_read_u8(const void *src, u8 *val)
{
	u8 v = 0;
	int err;

	__asm__ volatile("1: movb (%[src]), %[v]\n\t"
			 "xorl %[err], %[err]\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : [err] "=r"(err), [v] "+q"(v)
			 : [src] "r"(src), "0"(-EFAULT)
			 : "memory");
	*val = v;
	return err;
}

int copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (probe_read_u8((const u8 *)src + i, (u8 *)dst + i))
			return -EFAULT;
	return 0;
}
