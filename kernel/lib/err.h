/* SPDX-License-Identifier: MIT */
/* Linux's error pointers: a -errno carried in a pointer's top 4095 values. */
#ifndef KEEL_LIB_ERR_H
#define KEEL_LIB_ERR_H

#include "kernel/lib/types.h"

#define MAX_ERRNO 4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

#endif
