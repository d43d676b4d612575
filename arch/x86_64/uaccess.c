// SPDX-License-Identifier: MIT
#include "arch/x86_64/uaccess.h"

#include "arch/x86_64/asm_extable.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/uaccess.h"

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

/* --- user memory (kernel/uaccess.h) --- */

/*
 * SMAP: with CR4.SMAP set, a supervisor access to a user page faults
 * unless RFLAGS.AC is set. stac/clac open and close that window; they
 * are #UD on CPUs without SMAP, so they run only when smap_enabled.
 */
bool smap_enabled;
unsigned long task_size_max = 0x00007ffffffff000UL;

static inline void stac(void)
{
	if (smap_enabled)
		__asm__ volatile("stac" ::: "memory");
}

static inline void clac(void)
{
	if (smap_enabled)
		__asm__ volatile("clac" ::: "memory");
}

void uaccess_clac(void)
{
	clac();
}

bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= task_size_max && a <= task_size_max - size;
}

/* rep movsb with a fixup: on a fault rcx holds the bytes left. */
static unsigned long raw_copy(void *to, const void *from, unsigned long n)
{
	stac();
	__asm__ volatile("1: rep movsb\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : "+c"(n), "+D"(to), "+S"(from)
			 :
			 : "memory");
	clac();
	return n;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(from, n)) {
		memset(to, 0, n);
		return n;
	}
	left = raw_copy(to, (const void *)from, n);
	/* As Linux: the part not copied is zeroed, never left stale. */
	if (left)
		memset((u8 *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return raw_copy((void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	void *d = (void *)to;

	if (!access_ok(to, n))
		return n;
	stac();
	__asm__ volatile("1: rep stosb\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : "+c"(n), "+D"(d)
			 : "a"(0)
			 : "memory");
	clac();
	return n;
}

/* One byte of user memory inside an open stac window; 0 or -EFAULT. */
static inline int __get_user_1(u8 *val, const u8 *p)
{
	u8 v = 0;
	int err;

	__asm__ volatile("1: movb (%[p]), %[v]\n\t"
			 "xorl %[err], %[err]\n"
			 "2:\n\t" _ASM_EXTABLE(1b, 2b)
			 : [err] "=r"(err), [v] "+q"(v)
			 : [p] "r"(p), "0"(-EFAULT)
			 : "memory");
	*val = v;
	return err;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long a = (unsigned long)src;
	long i;

	if (count <= 0)
		return 0;
	if (a >= task_size_max)
		return -EFAULT;
	if ((unsigned long)count > task_size_max - a)
		count = (long)(task_size_max - a);
	stac();
	for (i = 0; i < count; i++) {
		u8 c;

		if (__get_user_1(&c, (const u8 *)src + i)) {
			clac();
			return -EFAULT;
		}
		dst[i] = (char)c;
		if (!c)
			break;
	}
	clac();
	if (i == count && (unsigned long)count == task_size_max - a)
		return -EFAULT; /* ran into the end of user space */
	return i;
}

long strnlen_user(const char __user *s, long n)
{
	unsigned long a = (unsigned long)s;
	long i;

	if (n <= 0 || a >= task_size_max)
		return 0;
	stac();
	for (i = 0; i < n; i++) {
		u8 c;

		if (a + (unsigned long)i >= task_size_max ||
		    __get_user_1(&c, (const u8 *)s + i)) {
			clac();
			return 0;
		}
		if (!c) {
			clac();
			return i + 1;
		}
	}
	clac();
	return n + 1;
}

int get_user_u8(u8 *val, const u8 __user *p)
{
	return copy_from_user(val, p, 1) ? -EFAULT : 0;
}

int get_user_u32(u32 *val, const u32 __user *p)
{
	return copy_from_user(val, p, 4) ? -EFAULT : 0;
}

int get_user_u64(u64 *val, const u64 __user *p)
{
	return copy_from_user(val, p, 8) ? -EFAULT : 0;
}

int put_user_u32(u32 val, u32 __user *p)
{
	return copy_to_user(p, &val, 4) ? -EFAULT : 0;
}

int put_user_u64(u64 val, u64 __user *p)
{
	return copy_to_user(p, &val, 8) ? -EFAULT : 0;
}
