// SPDX-License-Identifier: MIT
/*
 * In-kernel tests of kernel/lib: the same formatter the host tests cover,
 * now compiled freestanding with the kernel's flags (no red zone, general
 * registers only) and run on the real CPU.
 */
#include "kernel/ktest.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/glob.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

KTEST(lib, vsprintf_integers)
{
	char buf[64];

	ksnprintf(buf, sizeof(buf), "%d|%i|%u", -42, 17, 4000000000u);
	KTEST_EXPECT_STREQ(t, buf, "-42|17|4000000000");
	ksnprintf(buf, sizeof(buf), "%x|%lx|%llx", 0xbeefu, 0xdeadbeefcafeUL,
		  0xffffffffffffffffULL);
	KTEST_EXPECT_STREQ(t, buf, "beef|deadbeefcafe|ffffffffffffffff");
	ksnprintf(buf, sizeof(buf), "[%5d|%-5d|%05d|%.3d]", 42, 42, -42, 7);
	KTEST_EXPECT_STREQ(t, buf, "[   42|42   |-0042|007]");
	ksnprintf(buf, sizeof(buf), "%lld",
		  (long long)-9223372036854775807LL - 1);
	KTEST_EXPECT_STREQ(t, buf, "-9223372036854775808");
}

KTEST(lib, vsprintf_strings_pointers)
{
	char buf[64];
	phys_addr_t pa = 0x9fc00;

	ksnprintf(buf, sizeof(buf), "%s|%.2s|%5s|%c", "keel", "keel", "x", 'k');
	KTEST_EXPECT_STREQ(t, buf, "keel|ke|    x|k");
	ksnprintf(buf, sizeof(buf), "%pa", &pa);
	KTEST_EXPECT_STREQ(t, buf, "0x000000000009fc00");
	ksnprintf(buf, sizeof(buf), "%p", (void *)0xffffffff81000000UL);
	KTEST_EXPECT_STREQ(t, buf, "0xffffffff81000000");
}

KTEST(lib, vsprintf_truncation)
{
	char buf[8];
	int n = ksnprintf(buf, sizeof(buf), "%s", "0123456789");

	KTEST_EXPECT_EQ(t, n, 10);
	KTEST_EXPECT_STREQ(t, buf, "0123456");
	KTEST_EXPECT_EQ(t, kscnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
}

KTEST(lib, cmdline_parsing)
{
	char buf[32];

	KTEST_EXPECT_EQ(t, memparse("64M", NULL), 64ULL << 20);
	KTEST_EXPECT_EQ(t, memparse("0x1000K", NULL), 0x1000ULL << 10);
	KTEST_EXPECT_TRUE(t, cmdline_find_option_bool("a quiet b", "quiet"));
	KTEST_EXPECT_TRUE(t, !cmdline_find_option_bool("quietly", "quiet"));
	KTEST_EXPECT_EQ(
		t, cmdline_find_option("x=1 x=\"2 3\"", "x", buf, sizeof(buf)),
		3);
	KTEST_EXPECT_STREQ(t, buf, "2 3");
	KTEST_EXPECT_TRUE(t, glob_match("vsprintf_*", "vsprintf_truncation"));
	KTEST_EXPECT_TRUE(t, !glob_match("e820_?", "e820_ab"));
}

/* ktest=PATTERN: globs against the suite, the test and suite.test. */
KTEST(lib, ktest_pattern_selection)
{
	static const struct ktest_case c = {.suite = "mm",
					    .name = "slab_every_size_class"};
	static const char *const yes[] = {
		"*",	   "mm",	"m?",
		"slab_*",  "mm.slab_*", "*.slab_every_size_class",
		"time,mm", "mm,",	"sched_*,*_size_class",
	};
	static const char *const no[] = {
		"",	     ",",   "time",	  "slab",
		"mm.page_*", "mm.", "time,sched", "mm.slab_every_size_class.x",
	};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		if (!ktest_selected(yes[i], &c))
			ktest_fail(t, __FILE__, __LINE__,
				   "\"%s\" should select", yes[i]);
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		if (ktest_selected(no[i], &c))
			ktest_fail(t, __FILE__, __LINE__,
				   "\"%s\" should not select", no[i]);
}
