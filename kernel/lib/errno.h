/* SPDX-License-Identifier: MIT */
/*
 * Error codes. Pure functions return them negated (-EINVAL), as Linux does;
 * the values are Linux's so a reader recognises them.
 */
#ifndef KEEL_LIB_ERRNO_H
#define KEEL_LIB_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ELOOP 40
#define EOVERFLOW 75
#define ETIMEDOUT 110

#endif
