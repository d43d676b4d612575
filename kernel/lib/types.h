/* SPDX-License-Identifier: MIT */
/*
 * Basic types and helpers shared by every pure module (kernel/lib, mm) and
 * by the kernel. Pure code may include only <stdint.h> <stddef.h>
 * <stdbool.h> <stdarg.h> <limits.h> and other keel pure headers.
 */
#ifndef KEEL_LIB_TYPES_H
#define KEEL_LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* A physical address. */
typedef uint64_t phys_addr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
/* Round up to a whole page (Linux's PAGE_ALIGN). */
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#define SZ_1K 0x400UL
#define SZ_4K 0x1000UL
#define SZ_64K 0x10000UL
#define SZ_1M 0x100000UL
#define SZ_2M 0x200000UL
#define SZ_16M 0x1000000UL
#define SZ_128M 0x8000000UL
#define SZ_1G 0x40000000UL
#define SZ_4G 0x100000000ULL

/* The cache-line size used for "align 0" requests (x86_64: 64 bytes). */
#define SMP_CACHE_BYTES 64

#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* a must be a power of two. */
#define ALIGN(x, a) (((x) + ((__typeof__(x))(a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))

#define min(a, b)                                                              \
	({                                                                     \
		__auto_type _a = (a);                                          \
		__auto_type _b = (b);                                          \
		_a < _b ? _a : _b;                                             \
	})
#define max(a, b)                                                              \
	({                                                                     \
		__auto_type _a = (a);                                          \
		__auto_type _b = (b);                                          \
		_a > _b ? _a : _b;                                             \
	})
#define clamp(v, lo, hi) min(max(v, lo), hi)

#define container_of(ptr, type, member)                                        \
	((type *)((char *)(ptr)-offsetof(type, member)))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __maybe_unused __attribute__((unused))
#define __noreturn __attribute__((noreturn))

/* Marks a pointer into user space (documentation only). */
#ifndef __user
#define __user
#endif

#endif
