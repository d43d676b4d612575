// SPDX-License-Identifier: MIT
/* The hosted environment of the file tree (fs_env.h). */
#include "hosttest/support/fs_env.h"

#include <stdint.h>
#include <stdlib.h>

long fs_env_live_allocs;
long fs_env_allocs_left = -1;
size_t fs_env_alloc_max = SIZE_MAX;
struct timespec64 fs_env_time;
int fs_env_sb_released;

void *fs_alloc(size_t size)
{
	void *p;

	if (fs_env_allocs_left == 0 || size > fs_env_alloc_max)
		return NULL;
	if (fs_env_allocs_left > 0)
		fs_env_allocs_left--;
	p = calloc(1, size);
	if (p)
		fs_env_live_allocs++;
	return p;
}

void fs_free(void *p, size_t size)
{
	(void)size;
	if (p)
		fs_env_live_allocs--;
	free(p);
}

void fs_now(struct timespec64 *ts)
{
	*ts = fs_env_time;
}

void fs_sb_release(struct super_block *sb)
{
	fs_env_sb_released++;
	fs_free(sb, sizeof(*sb));
}
