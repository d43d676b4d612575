/* SPDX-License-Identifier: MIT */
/*
 * t_smoke: the first things a user program needs -- it started with sane
 * arguments, it can write, it has a pid, its stack and heap work.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"

static int global_data = 42;
static int global_bss;

int main(int argc, char **argv)
{
	ktap_plan(5);
	KTAP_EXPECT(argc >= 1 && argv[0] && argv[argc] == NULL,
		    "argv_terminated");
	KTAP_EXPECT(write(1, "", 0) == 0, "write_zero_bytes");
	KTAP_EXPECT(getpid() > 1, "getpid_not_init");
	KTAP_EXPECT(global_data == 42 && global_bss == 0, "data_and_bss");

	char *p = malloc(1 << 20);
	int ok = p != NULL;

	if (ok) {
		memset(p, 0x5a, 1 << 20);
		ok = p[0] == 0x5a && p[(1 << 20) - 1] == 0x5a;
	}
	free(p);
	KTAP_EXPECT(ok, "malloc_1MiB");
	ktap_finish();
}
