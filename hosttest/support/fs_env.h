/* SPDX-License-Identifier: MIT */
/*
 * What fs/tree.h asks of its environment (fs_alloc, fs_free, fs_now,
 * fs_sb_release), hosted, for the host tests, fuzz targets and benchmarks
 * of the file tree (hosttest/support/fs_env.c): memory from calloc with a
 * failure switch and a count of what is live, a clock that says what it is
 * told, and a count of released super blocks.
 */
#ifndef KEEL_HOSTTEST_SUPPORT_FS_ENV_H
#define KEEL_HOSTTEST_SUPPORT_FS_ENV_H

#include <stddef.h>

#include "fs/tree.h"

/* Blocks fs_alloc returned and fs_free has not taken back. */
extern long fs_env_live_allocs;
/* -1: never fail; n: the next n allocations succeed, then all fail. */
extern long fs_env_allocs_left;
/* Requests larger than this fail (SIZE_MAX: none). */
extern size_t fs_env_alloc_max;
/* What fs_now reports (0 until set). */
extern struct timespec64 fs_env_time;
/* Calls of fs_sb_release, which frees the super block. */
extern int fs_env_sb_released;

#endif
