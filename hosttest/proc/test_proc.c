// SPDX-License-Identifier: MIT
/*
 * Host tests of fs/proc_fmt.c: each formatter, fed the numbers of a real
 * Linux 6.1 boot (hosttest/proc/linux-6.1, see its README), must print
 * that boot's file byte for byte; the seq_buf never overflows its buffer;
 * the resource tree nests and refuses as Linux's kernel/resource.c does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fs/proc_fmt.h"
#include "kernel/lib/errno.h"
#include "mm/e820.h"

static char big[1 << 16];

static char *capture(const char *name)
{
	char path[512];
	FILE *f;
	static char buf[1 << 16];
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", PROC_CAPTURE_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void assert_same(const struct seq_buf *m, const char *name)
{
	char *want = capture(name);

	assert_false(m->overflow);
	assert_string_equal(m->buf, want);
}

/* ------------------------------------------------------------------ */

static void test_seq_buf(void **state)
{
	char buf[8];
	struct seq_buf m;

	(void)state;
	seq_buf_init(&m, buf, sizeof(buf));
	seq_buf_puts(&m, "abc");
	seq_buf_printf(&m, "%d", 1234);
	assert_false(m.overflow);
	assert_string_equal(buf, "abc1234");
	seq_buf_putc(&m, 'x'); /* the NUL's byte is kept */
	assert_true(m.overflow);
	assert_int_equal(m.len, 7);
	seq_buf_puts(&m, ""); /* nothing appends after an overflow */
	assert_int_equal(m.len, 7);

	seq_buf_init(&m, buf, sizeof(buf));
	seq_buf_printf(&m, "%s", "12345678"); /* whole piece refused */
	assert_true(m.overflow);
	assert_int_equal(m.len, 0);
	assert_string_equal(buf, "");

	seq_buf_init(&m, buf, 0);
	seq_buf_printf(&m, "x");
	assert_true(m.overflow);
	seq_buf_init(&m, buf, 1);
	seq_buf_putmem(&m, "x", 1);
	assert_true(m.overflow);
	assert_int_equal(m.len, 0);
}

static const struct proc_meminfo linux_meminfo = {
	.mem_total = 983744,
	.mem_free = 947256,
	.mem_available = 880284,
	.cached = 1908,
	.active = 1692,
	.inactive = 324,
	.active_anon = 1692,
	.inactive_anon = 324,
	.anon_pages = 108,
	.mapped = 1584,
	.shmem = 1908,
	.kreclaimable = 8684,
	.slab = 14556,
	.sreclaimable = 8684,
	.sunreclaim = 5872,
	.kernel_stack = 744,
	.page_tables = 48,
	.commit_limit = 491872,
	.committed_as = 2612,
	.vmalloc_total = 34359738367ULL,
	.vmalloc_used = 7356,
	.percpu = 260,
	.hugepagesize = 2048,
	.direct_map_4k = 28544,
	.direct_map_2m = 1019904,
	.show_zswap = true,
};

static void test_meminfo(void **state)
{
	struct seq_buf m;
	struct proc_meminfo mi = linux_meminfo;

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_meminfo(&m, &mi);
	assert_same(&m, "meminfo");

	/* the optional lines, and a value wider than its column */
	mi.show_cma = mi.show_direct_map_1g = true;
	mi.hardware_corrupted = 1234567;
	mi.direct_map_1g = 1048576;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_meminfo(&m, &mi);
	assert_non_null(strstr(big, "\nCmaTotal:              0 kB\nCmaFree:   "
				    "            0 kB\n"));
	assert_non_null(strstr(big, "\nHardwareCorrupted: 1234567 kB\n"));
	assert_non_null(strstr(big, "\nDirectMap1G:     1048576 kB\n"));
}

/* Every prefix size: the buffer holds whole pieces only, never more. */
static void test_meminfo_every_size(void **state)
{
	struct seq_buf full, m;
	static char small[4096];

	(void)state;
	seq_buf_init(&full, big, sizeof(big));
	proc_fmt_meminfo(&full, &linux_meminfo);
	for (size_t size = 0; size <= full.len + 1; size++) {
		memset(small, 0x5a, sizeof(small));
		seq_buf_init(&m, small, size);
		proc_fmt_meminfo(&m, &linux_meminfo);
		assert_int_equal(m.overflow, size <= full.len);
		assert_true(m.len < size || size == 0);
		assert_memory_equal(small, big, m.len);
		assert_int_equal(small[size], 0x5a);
	}
}

static void test_small_files(void **state)
{
	struct seq_buf m;
	struct proc_loadavg la = {{0, 0, 0}, 1, 47, 87};

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_uptime(&m, 186, 0);
	assert_same(&m, "uptime");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_loadavg(&m, &la);
	assert_same(&m, "loadavg");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_version(
		&m, "Linux", "6.1.0-57-amd64", "debian-kernel@lists.debian.org",
		"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU "
		"Binutils for Debian) 2.40",
		"#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)");
	assert_same(&m, "version");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_cmdline(&m, "console=ttyS0 quiet panic=-1");
	assert_same(&m, "cmdline");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_mount(&m, "rootfs", "/", "rootfs",
		       "rw,size=487364k,nr_inodes=121841,inode64");
	proc_fmt_mount(&m, "proc", "/proc", "proc", "rw,relatime");
	proc_fmt_mount(
		&m, "dev", "/dev", "devtmpfs",
		"rw,relatime,size=487364k,nr_inodes=121841,mode=755,inode64");
	assert_same(&m, "mounts");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_mount(&m, NULL, "/a b\t\n\\", "x", "o");
	assert_string_equal(big, "none /a\\040b\\011\\012\\134 x o 0 0\n");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_filesystem(&m, "sysfs", true);
	proc_fmt_filesystem(&m, "ext3", false);
	assert_string_equal(big, "nodev\tsysfs\n\text3\n");
}

static void test_loadavg_math(void **state)
{
	struct seq_buf m;
	struct proc_loadavg la = {{0, 0, 0}, 2, 30, 100};
	u64 load = 0;

	(void)state;
	/* one runnable task for a long time: the 1-minute load reaches 1.00 */
	for (int i = 0; i < 1000; i++)
		load = proc_calc_load(load, PROC_EXP_1, PROC_FIXED_1);
	assert_int_equal(load, PROC_FIXED_1);
	la.avenrun[0] = load;
	la.avenrun[1] = proc_calc_load(0, PROC_EXP_5, PROC_FIXED_1);
	/* and decays when idle */
	la.avenrun[2] = proc_calc_load(PROC_FIXED_1, PROC_EXP_15, 0);
	assert_true(la.avenrun[2] < PROC_FIXED_1);
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_loadavg(&m, &la);
	assert_string_equal(big, "1.00 0.02 0.99 2/30 100\n");
}

static void test_stat(void **state)
{
	struct seq_buf m;
	u64 intr[256] = {107, 9, 0, 0, 576, 0, 0, 0, 1, 0, 0, 0, 3};
	struct proc_cpu_times cpu0 = {.user = 2, .system = 132, .softirq = 1};
	struct proc_stat st = {
		.total = cpu0,
		.cpu = &cpu0,
		.nr_cpus = 1,
		.intr_total = 1007,
		.intr = intr,
		.nr_intr = 256,
		.ctxt = 889,
		.btime = 1796581281,
		.processes = 90,
		.procs_running = 1,
		.softirq = {0, 69, 0, 0, 0, 0, 1, 0, 0, 127},
	};

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_stat(&m, &st);
	assert_same(&m, "stat");
}

static void test_interrupts(void **state)
{
	struct seq_buf m;
	static const u64 c[][1] = {{107}, {9}, {620}, {1}, {0}, {3}, {0},
				   {312}, {0}, {0},   {0}, {0}, {0}, {0},
				   {0},	  {0}, {0},   {0}, {0}, {1}, {0},
				   {0},	  {0}, {0},   {0}};
	const struct proc_irq_row rows[] = {
		{"0", c[0], "IO-APIC", 2, "edge", "timer"},
		{"1", c[1], "IO-APIC", 1, "edge", "i8042"},
		{"4", c[2], "IO-APIC", 4, "edge", "ttyS0"},
		{"8", c[3], "IO-APIC", 8, "edge", "rtc0"},
		{"9", c[4], "IO-APIC", 9, "fasteoi", "acpi"},
		{"12", c[5], "IO-APIC", 12, "edge", "i8042"},
		{"NMI", c[6], NULL, 0, NULL, "Non-maskable interrupts"},
		{"LOC", c[7], NULL, 0, NULL, "Local timer interrupts"},
		{"SPU", c[8], NULL, 0, NULL, "Spurious interrupts"},
		{"PMI", c[9], NULL, 0, NULL,
		 "Performance monitoring interrupts"},
		{"IWI", c[10], NULL, 0, NULL, "IRQ work interrupts"},
		{"RTR", c[11], NULL, 0, NULL, "APIC ICR read retries"},
		{"RES", c[12], NULL, 0, NULL, "Rescheduling interrupts"},
		{"CAL", c[13], NULL, 0, NULL, "Function call interrupts"},
		{"TLB", c[14], NULL, 0, NULL, "TLB shootdowns"},
		{"TRM", c[15], NULL, 0, NULL, "Thermal event interrupts"},
		{"THR", c[16], NULL, 0, NULL, "Threshold APIC interrupts"},
		{"DFR", c[17], NULL, 0, NULL, "Deferred Error APIC interrupts"},
		{"MCE", c[18], NULL, 0, NULL, "Machine check exceptions"},
		{"MCP", c[19], NULL, 0, NULL, "Machine check polls"},
		{"ERR", c[20], NULL, 0, NULL, NULL},
		{"MIS", c[21], NULL, 0, NULL, NULL},
		{"PIN", c[22], NULL, 0, NULL,
		 "Posted-interrupt notification event"},
		{"NPI", c[23], NULL, 0, NULL, "Nested posted-interrupt event"},
		{"PIW", c[24], NULL, 0, NULL, "Posted-interrupt wakeup event"},
	};
	static const u64 two[] = {5, 6};
	const struct proc_irq_row r2 = {"1000", two, "XT-PIC", 1000, NULL, ""};

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_interrupts(&m, 1, rows, sizeof(rows) / sizeof(rows[0]), 256);
	assert_same(&m, "interrupts");

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_interrupts(&m, 2, &r2, 1, 1000);
	assert_string_equal(big,
			    "            CPU0       CPU1       \n"
			    "1000:          5          6    XT-PIC 1000\n");
}

static void test_cpuinfo(void **state)
{
	struct seq_buf m;
	char flags[4096];
	/* the CPUID bits behind the captured flags line */
	struct proc_cpuid_words w = {
		.w1_edx = 0x078bfbfd &
			  ~(1u << 1), /* fpu de pse ... sse2, no vme */
		.w1_ecx = (1u << 0) | (1u << 13) | (1u << 31),
		.w8001_edx = (1u << 11) | (1u << 20) | (1u << 29),
		.w8001_ecx = (1u << 0) | (1u << 2) | (1u << 8),
		.rep_good = true,
		.nopl = true,
		.cpuid = true,
		.extd_apicid = true,
		.vmmcall = true,
	};
	struct proc_cpuinfo ci = {
		.vendor_id = "AuthenticAMD",
		.family = 15,
		.model = 107,
		.model_name = "QEMU Virtual CPU version 2.5+",
		.stepping = 1,
		.microcode = 0x1000065,
		.khz = 2694884,
		.cache_size_kb = 512,
		.siblings = 1,
		.cpu_cores = 1,
		.fpu = true,
		.fpu_exception = true,
		.cpuid_level = 13,
		.wp = true,
		.flags = flags,
		.bugs = "fxsave_leak sysret_ss_attrs null_seg swapgs_fence "
			"amd_e400 spectre_v1 "
			"spectre_v2",
		.bogomips_x100 = 538976,
		.tlb_size = 1024,
		.clflush_size = 64,
		.cache_alignment = 64,
		.phys_bits = 40,
		.virt_bits = 48,
	};

	(void)state;
	proc_cpu_flags(flags, sizeof(flags), &w);
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_cpuinfo(&m, &ci);
	assert_same(&m, "cpuinfo");

	/* every named bit, then a buffer too small: cut at a word */
	w = (struct proc_cpuid_words){~0u,  ~0u,  ~0u,	~0u,  ~0u,  ~0u,  ~0u,
				      ~0u,  ~0u,  true, true, true, true, true,
				      true, true, true, true, true, true};
	size_t n = proc_cpu_flags(flags, sizeof(flags), &w);
	assert_int_equal(n, strlen(flags));
	assert_non_null(strstr(flags, "constant_tsc"));
	assert_non_null(strstr(flags, "arch_capabilities"));
	n = proc_cpu_flags(flags, 10, &w);
	assert_string_equal(flags, "fpu vme");
	assert_int_equal(proc_cpu_flags(flags, 0, &w), 0);

	ci.model_name = NULL;
	ci.vendor_id = NULL;
	ci.khz = 0;
	ci.cache_size_kb = 0;
	ci.fpu = ci.fpu_exception = ci.wp = false;
	ci.vmx_flags = "ept";
	ci.flags = "";
	ci.tlb_size = 0;
	ci.power_management = "ts ttp";
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_cpuinfo(&m, &ci);
	assert_non_null(strstr(big, "vendor_id\t: unknown\n"));
	assert_non_null(strstr(big, "model name\t: unknown\n"));
	assert_null(strstr(big, "cpu MHz"));
	assert_non_null(strstr(big, "fpu\t\t: no\n"));
	assert_non_null(strstr(big, "flags\t\t:\nvmx flags\t: ept\n"));
	assert_non_null(strstr(big, "power management: ts ttp\n\n"));
}

static const struct proc_pid_stat self_stat = {
	.pid = 94,
	.comm = "busybox",
	.state = 'R',
	.ppid = 1,
	.tpgid = -1,
	.flags = 4194304,
	.minflt = 57,
	.priority = 20,
	.num_threads = 1,
	.starttime = 190,
	.vsize = 2379776,
	.rss = 1,
	.rsslim = 18446744073709551615ULL,
	.startcode = 4198400,
	.endcode = 5785993,
	.startstack = 140732218940864ULL,
	.exit_signal = 17,
	.start_data = 6141704,
	.end_data = 6178576,
	.start_brk = 799956992,
	.arg_start = 140732218941319ULL,
	.arg_end = 140732218941352ULL,
	.env_start = 140732218941352ULL,
	.env_end = 140732218941419ULL,
};

static void test_pid_stat(void **state)
{
	struct seq_buf m;
	struct proc_pid_stat st = self_stat;
	int fields = 2;

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_pid_stat(&m, &st);
	assert_same(&m, "self_stat");

	/* /init's: signals masked to 31 bits, cutime */
	st.pid = 1;
	st.comm = "init";
	st.state = 'S';
	st.ppid = 0;
	st.flags = 4194560;
	st.minflt = 212;
	st.cminflt = 1127;
	st.utime = 1;
	st.stime = 72;
	st.cutime = 1;
	st.cstime = 11;
	st.starttime = 51;
	st.vsize = 2314240;
	st.rss = 416;
	st.startstack = 140724362628976ULL;
	st.sigignore = 4;
	st.sigcatch = 65538 | (1ULL << 40);
	st.wchan = 0xffffffff81000000ULL;
	st.start_brk = 125857792;
	st.arg_start = 140724362633162ULL;
	st.arg_end = st.env_start = 140724362633184ULL;
	st.env_end = 140724362633202ULL;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_pid_stat(&m, &st);
	assert_same(&m, "1_stat");
	for (const char *p = strchr(big, ')'); *p; p++)
		fields += *p == ' ';
	assert_int_equal(fields, 52);

	st.comm = NULL;
	st.state = 0;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_pid_stat(&m, &st);
	assert_memory_equal(big, "1 () ? ", 7);
}

static void test_pid_status(void **state)
{
	struct seq_buf m;
	struct proc_pid_status st = {
		.name = "busybox",
		.umask = 022,
		.state = 'R',
		.tgid = 95,
		.pid = 95,
		.ppid = 1,
		.fdsize = 64,
		.nstgid = 95,
		.nspid = 95,
		.has_mm = true,
		.vm_peak = 2324,
		.vm_size = 2324,
		.vm_hwm = 4,
		.vm_rss = 4,
		.rss_anon = 4,
		.vm_data = 240,
		.vm_stk = 132,
		.vm_exe = 1552,
		.vm_lib = 8,
		.vm_pte = 28,
		.thp_enabled = true,
		.threads = 1,
		.sigq_limit = 3807,
		.cap_prm = 0x1ffffffffffULL,
		.cap_eff = 0x1ffffffffffULL,
		.cap_bnd = 0x1ffffffffffULL,
		.cpus_allowed = 1,
		.nr_cpu_ids = 1,
		.mems_allowed = 1,
		.nonvoluntary_ctxt_switches = 1,
	};
	static const u32 groups[] = {0, 10};

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_pid_status(&m, &st);
	assert_same(&m, "self_status");

	st.name = "a\nb\\c";
	st.umask = 01000; /* no Umask line */
	st.has_mm = false;
	st.groups = groups;
	st.nr_groups = 2;
	st.cpus_allowed = 0x2d;
	st.nr_cpu_ids = 40;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_pid_status(&m, &st);
	assert_memory_equal(big, "Name:\ta\\nb\\\\c\nState:", 20);
	assert_non_null(strstr(big, "Groups:\t0 10 \n"));
	assert_null(strstr(big, "VmPeak"));
	assert_non_null(strstr(
		big,
		"Cpus_allowed:\t00,0000002d\nCpus_allowed_list:\t0,2-3,5\n"));

	for (const char *s = "RSDTtXZPI"; *s; s++)
		assert_int_equal(proc_task_state_name(*s)[0], *s);
	assert_string_equal(proc_task_state_name('q'), "?");
}

static void test_statm_maps(void **state)
{
	struct seq_buf m;
	struct proc_pid_statm sm = {581, 1, 0, 388, 0, 93, 0};
	static const struct proc_map_entry maps[] = {
		{0x400000, 0x401000, 1, 0, 0, 0, 0, 0, 2, 9, "/bin/busybox"},
		{0x401000, 0x585000, 1, 0, 1, 0, 0x1000, 0, 2, 9,
		 "/bin/busybox"},
		{0x585000, 0x5db000, 1, 0, 0, 0, 0x185000, 0, 2, 9,
		 "/bin/busybox"},
		{0x5db000, 0x5e2000, 1, 0, 0, 0, 0x1da000, 0, 2, 9,
		 "/bin/busybox"},
		{0x5e2000, 0x5e5000, 1, 1, 0, 0, 0x1e1000, 0, 2, 9,
		 "/bin/busybox"},
		{0x5e5000, 0x5ec000, 1, 1, 0, 0, 0, 0, 0, 0, NULL},
		{0x35fd9000, 0x35ffb000, 1, 1, 0, 0, 0, 0, 0, 0, "[heap]"},
		{0x7f74a6d87000, 0x7f74a6d97000, 1, 1, 0, 0, 0, 0, 0, 0, NULL},
		{0x7ffe3eb35000, 0x7ffe3eb56000, 1, 1, 0, 0, 0, 0, 0, 0,
		 "[stack]"},
		{0x7ffe3eb97000, 0x7ffe3eb9b000, 1, 0, 0, 0, 0, 0, 0, 0,
		 "[vvar]"},
		{0x7ffe3eb9b000, 0x7ffe3eb9d000, 1, 0, 1, 0, 0, 0, 0, 0,
		 "[vdso]"},
	};
	struct proc_map_entry wide = {~0ULL - 0xfff, ~0ULL, 0,	 0,	0,  1,
				      ~0ULL,	     255,   255, ~0ULL, "x"};

	(void)state;
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_pid_statm(&m, &sm);
	assert_same(&m, "self_statm");

	seq_buf_init(&m, big, sizeof(big));
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		proc_fmt_map(&m, &maps[i]);
	assert_same(&m, "self_maps");

	/* fields wider than the name column: one space before the name */
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_map(&m, &wide);
	assert_string_equal(
		big,
		"fffffffffffff000-ffffffffffffffff ---s ffffffffffffffff ff:ff "
		"18446744073709551615 x\n");
}

/* ------------------------------------------------------------------ */
/* The resource tree */

static void test_resource_rules(void **state)
{
	struct resource root, a, b, c, d, e, f;
	struct seq_buf m;

	(void)state;
	resource_init(&root, 0, 0xffff, "io");
	resource_init(&a, 0x100, 0x1ff, "a");
	resource_init(&b, 0x120, 0x12f, "b");
	resource_init(&c, 0x000, 0x3ff, "c"); /* holds a (and so b) */
	resource_init(&d, 0x1f0, 0x20f, "d"); /* partial overlap with a */
	resource_init(&e, 0x400, 0x3ff, "e"); /* start > end */
	resource_init(&f, 0x100, 0x1ff,
		      "f"); /* same range as a: goes above it */

	assert_int_equal(resource_insert(&root, &a), 0);
	assert_int_equal(resource_insert(&root, &b), 0);
	assert_ptr_equal(b.parent, &a);
	assert_int_equal(resource_insert(&root, &c), 0);
	assert_ptr_equal(a.parent, &c);
	assert_ptr_equal(root.child, &c);
	assert_int_equal(resource_insert(&root, &d), -EBUSY);
	assert_null(d.parent);
	assert_int_equal(resource_insert(&root, &e), -EINVAL);
	assert_int_equal(resource_request(&root, &e), -EINVAL);
	assert_int_equal(resource_insert(&root, &f), 0);
	assert_ptr_equal(a.parent, &f);
	assert_ptr_equal(f.parent, &c);

	resource_init(&d, 0x10000, 0x10001, "d"); /* outside root */
	assert_int_equal(resource_insert(&root, &d), -EINVAL);
	assert_int_equal(resource_request(&root, &d), -EINVAL);
	resource_init(&d, 0x300, 0x30f, "d");
	assert_int_equal(resource_request(&root, &d), -EBUSY);
	resource_init(&d, 0x500, 0x50f, "d");
	assert_int_equal(resource_request(&root, &d), 0);
	resource_init(&e, 0x400, 0x40f, "e");
	assert_int_equal(resource_request(&root, &e), 0);

	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_resources(&m, &root, false);
	assert_string_equal(big, "0000-03ff : c\n"
				 "  0100-01ff : f\n"
				 "    0100-01ff : a\n"
				 "      0120-012f : b\n"
				 "0400-040f : e\n"
				 "0500-050f : d\n");
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_resources(&m, &f, true);
	assert_string_equal(big, "0000-0000 : a\n  0000-0000 : b\n");
}

static void test_iomem_linux(void **state)
{
	/* Linux's tree from that boot, inserted in an arbitrary order: the tree
	 * and its text come out the same */
	static const struct {
		u64 s, e;
		const char *name;
	} r[] = {
		{0x15a00000, 0x16801d31, "Kernel code"},
		{0xfd000000, 0xfdffffff, "0000:00:02.0"},
		{0x0, 0xfff, "Reserved"},
		{0x1000, 0x9fbff, "System RAM"},
		{0x9fc00, 0x9ffff, "Reserved"},
		{0xa0000, 0xbffff, "PCI Bus 0000:00"},
		{0xc0000, 0xc9bff, "Video ROM"},
		{0xca000, 0xcadff, "Adapter ROM"},
		{0xcb000, 0xcb5ff, "Adapter ROM"},
		{0xf0000, 0xfffff, "System ROM"},
		{0xf0000, 0xfffff, "Reserved"},
		{0x100000, 0x3ffdffff, "System RAM"},
		{0x16a00000, 0x172eafff, "Kernel rodata"},
		{0x17400000, 0x1764897f, "Kernel data"},
		{0x17d10000, 0x18dfffff, "Kernel bss"},
		{0x3ffe0000, 0x3fffffff, "Reserved"},
		{0xfeb80000, 0xfebbffff, "0000:00:03.0"},
		{0xfebc0000, 0xfebdffff, "0000:00:03.0"},
		{0xfebf0000, 0xfebf0fff, "0000:00:02.0"},
		{0x40000000, 0xfebfffff, "PCI Bus 0000:00"},
		{0xfec00000, 0xfec003ff, "IOAPIC 0"},
		{0xfed00000, 0xfed003ff, "PNP0103:00"},
		{0xfed00000, 0xfed003ff, "HPET 0"},
		{0xfee00000, 0xfee00fff, "Local APIC"},
		{0xfffc0000, 0xffffffff, "Reserved"},
		{0x100000000, 0x17fffffff, "PCI Bus 0000:00"},
		{0xfd00000000, 0xffffffffff, "Reserved"},
	};
	struct resource root, res[sizeof(r) / sizeof(r[0])];
	struct seq_buf m;

	(void)state;
	resource_init(&root, 0, ~0ULL, "PCI mem");
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		resource_init(&res[i], r[i].s, r[i].e, r[i].name);
		assert_int_equal(resource_insert(&root, &res[i]), 0);
	}
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_resources(&m, &root, false);
	assert_same(&m, "iomem");
}

/* QEMU -M pc -m 1G's e820 map (after Linux's trim of the first page). */
static const struct e820_entry qemu_1g[] = {
	{0, 0x1000, E820_TYPE_RESERVED},
	{0x1000, 0x9ec00, E820_TYPE_RAM},
	{0x9fc00, 0x400, E820_TYPE_RESERVED},
	{0xf0000, 0x10000, E820_TYPE_RESERVED},
	{0x100000, 0x3fee0000, E820_TYPE_RAM},
	{0x3ffe0000, 0x20000, E820_TYPE_RESERVED},
	{0xfffc0000, 0x40000, E820_TYPE_RESERVED},
	{0xfd00000000, 0x300000000, E820_TYPE_RESERVED},
};

static void test_iomem_build(void **state)
{
	struct resource root, pool[32];
	struct e820_entry more[sizeof(qemu_1g) / sizeof(qemu_1g[0]) + 6];
	struct proc_iomem_layout l = {
		.entries = qemu_1g,
		.nr_entries = sizeof(qemu_1g) / sizeof(qemu_1g[0]),
		.code = {0x1000000, 0x11fffff},
		.rodata = {0x1200000, 0x12fffff},
		.data = {0x1300000, 0x13fffff},
		.bss = {0x1400000, 0x14fffff},
		.pci_gap_start = 0x40000000,
		.pci_gap_size = 0xbffc0000,
		.ioapic_base = 0xfec00000,
		.hpet_base = 0xfed00000,
		.lapic_base = 0xfee00000,
	};
	struct seq_buf m;
	int used;

	(void)state;
	used = proc_iomem_build(&root, pool, 32, &l);
	assert_int_equal(used, 17);
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_resources(&m, &root, false);
	assert_string_equal(big, "00000000-00000fff : Reserved\n"
				 "00001000-0009fbff : System RAM\n"
				 "0009fc00-0009ffff : Reserved\n"
				 "000a0000-000bffff : PCI Bus 0000:00\n"
				 "000f0000-000fffff : Reserved\n"
				 "00100000-3ffdffff : System RAM\n"
				 "  01000000-011fffff : Kernel code\n"
				 "  01200000-012fffff : Kernel rodata\n"
				 "  01300000-013fffff : Kernel data\n"
				 "  01400000-014fffff : Kernel bss\n"
				 "3ffe0000-3fffffff : Reserved\n"
				 "40000000-febfffff : PCI Bus 0000:00\n"
				 "fec00000-fec003ff : IOAPIC 0\n"
				 "fed00000-fed003ff : HPET 0\n"
				 "fee00000-fee00fff : Local APIC\n"
				 "fffc0000-ffffffff : Reserved\n"
				 "fd00000000-ffffffffff : Reserved\n");

	/* a pool too small */
	assert_int_equal(proc_iomem_build(&root, pool, 5, &l), -ENOSPC);

	/* reserved ranges grow over what is in their way; ACPI and a bad entry
	 */
	memcpy(more, qemu_1g, sizeof(qemu_1g));
	more[8] = (struct e820_entry){0x3ff00000, 0x100000,
				      E820_TYPE_RESERVED}; /* over RAM's end */
	more[9] = (struct e820_entry){0x80000000, 0x1000, E820_TYPE_ACPI};
	more[10] = (struct e820_entry){0x80001000, 0x1000, E820_TYPE_NVS};
	more[11] = (struct e820_entry){0x80002000, 0, E820_TYPE_RAM};
	more[12] = (struct e820_entry){~0ULL, 2, E820_TYPE_RAM}; /* wraps */
	more[13] = (struct e820_entry){0x1100000, 0x1000,
				       E820_TYPE_UNUSABLE}; /* in code */
	l.entries = more;
	l.nr_entries = 14;
	l.pci_gap_size = 0;
	l.ioapic_base = l.hpet_base = l.lapic_base = 0;
	used = proc_iomem_build(&root, pool, 32, &l);
	assert_true(used > 0);
	seq_buf_init(&m, big, sizeof(big));
	proc_fmt_resources(&m, &root, false);
	assert_non_null(strstr(big, "00100000-3fffffff : Reserved\n  "
				    "00100000-3ffdffff : System RAM\n"));
	assert_non_null(
		strstr(big, "80000000-80000fff : ACPI Tables\n"
			    "80001000-80001fff : ACPI Non-volatile Storage\n"));
	assert_non_null(
		strstr(big, "    01100000-01100fff : Unusable memory\n"));
}

static void test_e820_names(void **state)
{
	static const struct {
		u32 type;
		const char *name;
	} t[] = {{E820_TYPE_PRAM, "Persistent Memory (legacy)"},
		 {E820_TYPE_PMEM, "Persistent Memory"},
		 {E820_TYPE_SOFT_RESERVED, "Soft Reserved"},
		 {99, "Reserved"}};
	struct resource root, pool[8];
	struct seq_buf m;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct e820_entry e = {0x200000, 0x1000, t[i].type};
		struct proc_iomem_layout l = {.entries = &e, .nr_entries = 1};
		char want[128];

		assert_int_equal(proc_iomem_build(&root, pool, 8, &l), 2);
		seq_buf_init(&m, big, sizeof(big));
		proc_fmt_resources(&m, &root, false);
		snprintf(want, sizeof(want),
			 "000a0000-000bffff : PCI Bus 0000:00\n"
			 "00200000-00200fff : %s\n",
			 t[i].name);
		assert_string_equal(big, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq_buf),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_meminfo_every_size),
		cmocka_unit_test(test_small_files),
		cmocka_unit_test(test_loadavg_math),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_cpuinfo),
		cmocka_unit_test(test_pid_stat),
		cmocka_unit_test(test_pid_status),
		cmocka_unit_test(test_statm_maps),
		cmocka_unit_test(test_resource_rules),
		cmocka_unit_test(test_iomem_linux),
		cmocka_unit_test(test_iomem_build),
		cmocka_unit_test(test_e820_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
