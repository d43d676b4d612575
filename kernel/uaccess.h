/* SPDX-License-Identifier: MIT */
/*
 * Access to user memory (Linux's include/linux/uaccess.h). Every helper
 * checks that the whole range lies below the task's user limit
 * (TASK_SIZE_MAX), then touches it with SMAP opened (stac/clac) and with
 * exception-table fixups: a bad user pointer makes the helper fail with
 * -EFAULT (or a short count); it never oopses. Faults on valid user
 * addresses (demand paging, copy-on-write, stack growth) are served in
 * the middle of a copy, so these may sleep.
 */
#ifndef KEEL_KERNEL_UACCESS_H
#define KEEL_KERNEL_UACCESS_H

#include "kernel/lib/errno.h"
#include "kernel/lib/types.h"

/* Marks a pointer into user space (documentation only; no sparse). */
#ifndef __user
#define __user
#endif

/* End of user space (exclusive): 0x00007ffffffff000 with 4-level paging. */
extern unsigned long task_size_max;

/* Is [@addr, @addr + @size) entirely user space? */
bool access_ok(const void __user *addr, unsigned long size);

/* Return: the number of bytes NOT copied (0 on success), as in Linux. */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
/* Zero @n user bytes; the number of bytes not cleared. */
unsigned long clear_user(void __user *to, unsigned long n);

/**
 * strncpy_from_user - copy a NUL-terminated user string.
 * Return: its length (without the NUL, which is copied) when shorter than
 * @count; @count when no NUL came in @count bytes (@dst is then not
 * terminated); -EFAULT on a bad address.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/* Length of a user string including the NUL, at most @n + 1 when none
 * in @n bytes; 0 on a fault (Linux's strnlen_user). */
long strnlen_user(const char __user *s, long n);

/* One value, 1, 2, 4 or 8 bytes: 0 or -EFAULT. */
int get_user_u8(u8 *val, const u8 __user *p);
int get_user_u32(u32 *val, const u32 __user *p);
int get_user_u64(u64 *val, const u64 __user *p);
int put_user_u32(u32 val, u32 __user *p);
int put_user_u64(u64 val, u64 __user *p);

#define get_user(x, p)                                                         \
	({                                                                     \
		__typeof__(*(p)) __gu_v;                                       \
		int __gu_err = copy_from_user(&__gu_v, (p), sizeof(__gu_v))    \
				       ? -EFAULT                               \
				       : 0;                                    \
		(x) = __gu_v;                                                  \
		__gu_err;                                                      \
	})

#define put_user(x, p)                                                         \
	({                                                                     \
		__typeof__(*(p)) __pu_v = (x);                                 \
		copy_to_user((p), &__pu_v, sizeof(__pu_v)) ? -EFAULT : 0;      \
	})

#endif
