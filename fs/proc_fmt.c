// SPDX-License-Identifier: MIT
/*
 * /proc contents in Linux 6.1's formats, pure. See fs/proc_fmt.h.
 *
 * The seq_buf keeps one byte for a NUL, so m->buf is a C string whenever
 * m->size > 0; a piece that does not fit is not appended at all and sets
 * m->overflow, so a reader never sees half a field.
 */
#include "fs/proc_fmt.h"

#include <stdarg.h>

#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/e820.h"

/* --- seq_buf ------------------------------------------------------------ */

void seq_buf_init(struct seq_buf *m, char *buf, size_t size)
{
	m->buf = buf;
	m->size = size;
	m->len = 0;
	m->overflow = false;
	if (size)
		buf[0] = '\0';
}

/* Room left for text, keeping the NUL's byte. */
static size_t seq_buf_room(const struct seq_buf *m)
{
	return m->size > m->len ? m->size - m->len - 1 : 0;
}

void seq_buf_putmem(struct seq_buf *m, const void *p, size_t n)
{
	if (m->overflow || n > seq_buf_room(m)) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	m->buf[m->len] = '\0';
}

void seq_buf_puts(struct seq_buf *m, const char *s)
{
	seq_buf_putmem(m, s, strlen(s));
}

void seq_buf_putc(struct seq_buf *m, char c)
{
	seq_buf_putmem(m, &c, 1);
}

void seq_buf_printf(struct seq_buf *m, const char *fmt, ...)
{
	size_t room = seq_buf_room(m);
	va_list ap;
	int n;

	if (m->overflow || room == 0) {
		m->overflow = true;
		return;
	}
	va_start(ap, fmt);
	n = kvsnprintf(m->buf + m->len, room + 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n > room) {
		m->overflow = true;
		m->buf[m->len] = '\0';
		return;
	}
	m->len += (size_t)n;
}

/* --- mounts, filesystems -------------------------------------------------- */

/* Linux's mangle(): ' ', '\t', '\n', '\\' as a backslash and 3 octal digits. */
static void put_escaped(struct seq_buf *m, const char *s)
{
	for (; *s; s++) {
		char c = *s;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
			char e[4] = {'\\', (char)('0' + ((c >> 6) & 7)),
				     (char)('0' + ((c >> 3) & 7)),
				     (char)('0' + (c & 7))};
			seq_buf_putmem(m, e, sizeof(e));
		} else {
			seq_buf_putc(m, c);
		}
	}
}

void proc_fmt_mount(struct seq_buf *m, const char *devname, const char *dir,
		    const char *fstype, const char *opts)
{
	put_escaped(m, devname ? devname : "none");
	seq_buf_putc(m, ' ');
	put_escaped(m, dir);
	seq_buf_putc(m, ' ');
	put_escaped(m, fstype);
	seq_buf_putc(m, ' ');
	put_escaped(m, opts);
	seq_buf_puts(m, " 0 0\n");
}

void proc_fmt_filesystem(struct seq_buf *m, const char *name, bool nodev)
{
	seq_buf_printf(m, "%s\t%s\n", nodev ? "nodev" : "", name);
}

/* --- meminfo ------------------------------------------------------------- */

/* "Label:" padded to 16 columns, the value right-aligned to column 24. */
static void meminfo_line(struct seq_buf *m, const char *label, u64 val, bool kb)
{
	size_t n = strlen(label);
	int width = n + 1 < 16 ? (int)(24 - 16) : (int)(24 - (n + 1));

	if (n + 1 < 16)
		seq_buf_printf(m, "%s:%*s%*llu%s\n", label, (int)(15 - n), "",
			       width, (unsigned long long)val, kb ? " kB" : "");
	else if (n + 1 == 16)
		seq_buf_printf(m, "%s:%*llu%s\n", label, width,
			       (unsigned long long)val, kb ? " kB" : "");
	else /* Linux's "HardwareCorrupted: %5lu kB" */
		seq_buf_printf(m, "%s: %*llu%s\n", label, width - 1,
			       (unsigned long long)val, kb ? " kB" : "");
}

void proc_fmt_meminfo(struct seq_buf *m, const struct proc_meminfo *mi)
{
	meminfo_line(m, "MemTotal", mi->mem_total, true);
	meminfo_line(m, "MemFree", mi->mem_free, true);
	meminfo_line(m, "MemAvailable", mi->mem_available, true);
	meminfo_line(m, "Buffers", mi->buffers, true);
	meminfo_line(m, "Cached", mi->cached, true);
	meminfo_line(m, "SwapCached", mi->swap_cached, true);
	meminfo_line(m, "Active", mi->active, true);
	meminfo_line(m, "Inactive", mi->inactive, true);
	meminfo_line(m, "Active(anon)", mi->active_anon, true);
	meminfo_line(m, "Inactive(anon)", mi->inactive_anon, true);
	meminfo_line(m, "Active(file)", mi->active_file, true);
	meminfo_line(m, "Inactive(file)", mi->inactive_file, true);
	meminfo_line(m, "Unevictable", mi->unevictable, true);
	meminfo_line(m, "Mlocked", mi->mlocked, true);
	meminfo_line(m, "SwapTotal", mi->swap_total, true);
	meminfo_line(m, "SwapFree", mi->swap_free, true);
	if (mi->show_zswap) {
		meminfo_line(m, "Zswap", mi->zswap, true);
		meminfo_line(m, "Zswapped", mi->zswapped, true);
	}
	meminfo_line(m, "Dirty", mi->dirty, true);
	meminfo_line(m, "Writeback", mi->writeback, true);
	meminfo_line(m, "AnonPages", mi->anon_pages, true);
	meminfo_line(m, "Mapped", mi->mapped, true);
	meminfo_line(m, "Shmem", mi->shmem, true);
	meminfo_line(m, "KReclaimable", mi->kreclaimable, true);
	meminfo_line(m, "Slab", mi->slab, true);
	meminfo_line(m, "SReclaimable", mi->sreclaimable, true);
	meminfo_line(m, "SUnreclaim", mi->sunreclaim, true);
	meminfo_line(m, "KernelStack", mi->kernel_stack, true);
	meminfo_line(m, "PageTables", mi->page_tables, true);
	meminfo_line(m, "SecPageTables", mi->sec_page_tables, true);
	meminfo_line(m, "NFS_Unstable", mi->nfs_unstable, true);
	meminfo_line(m, "Bounce", mi->bounce, true);
	meminfo_line(m, "WritebackTmp", mi->writeback_tmp, true);
	meminfo_line(m, "CommitLimit", mi->commit_limit, true);
	meminfo_line(m, "Committed_AS", mi->committed_as, true);
	meminfo_line(m, "VmallocTotal", mi->vmalloc_total, true);
	meminfo_line(m, "VmallocUsed", mi->vmalloc_used, true);
	meminfo_line(m, "VmallocChunk", mi->vmalloc_chunk, true);
	meminfo_line(m, "Percpu", mi->percpu, true);
	meminfo_line(m, "HardwareCorrupted", mi->hardware_corrupted, true);
	meminfo_line(m, "AnonHugePages", mi->anon_huge_pages, true);
	meminfo_line(m, "ShmemHugePages", mi->shmem_huge_pages, true);
	meminfo_line(m, "ShmemPmdMapped", mi->shmem_pmd_mapped, true);
	meminfo_line(m, "FileHugePages", mi->file_huge_pages, true);
	meminfo_line(m, "FilePmdMapped", mi->file_pmd_mapped, true);
	if (mi->show_cma) {
		meminfo_line(m, "CmaTotal", mi->cma_total, true);
		meminfo_line(m, "CmaFree", mi->cma_free, true);
	}
	meminfo_line(m, "HugePages_Total", mi->huge_pages_total, false);
	meminfo_line(m, "HugePages_Free", mi->huge_pages_free, false);
	meminfo_line(m, "HugePages_Rsvd", mi->huge_pages_rsvd, false);
	meminfo_line(m, "HugePages_Surp", mi->huge_pages_surp, false);
	meminfo_line(m, "Hugepagesize", mi->hugepagesize, true);
	meminfo_line(m, "Hugetlb", mi->hugetlb, true);
	meminfo_line(m, "DirectMap4k", mi->direct_map_4k, true);
	meminfo_line(m, "DirectMap2M", mi->direct_map_2m, true);
	if (mi->show_direct_map_1g)
		meminfo_line(m, "DirectMap1G", mi->direct_map_1g, true);
}

/* --- uptime, loadavg, version, cmdline ------------------------------------ */

void proc_fmt_uptime(struct seq_buf *m, u64 uptime_cs, u64 idle_cs)
{
	seq_buf_printf(m, "%llu.%02llu %llu.%02llu\n",
		       (unsigned long long)(uptime_cs / 100),
		       (unsigned long long)(uptime_cs % 100),
		       (unsigned long long)(idle_cs / 100),
		       (unsigned long long)(idle_cs % 100));
}

u64 proc_calc_load(u64 load, u64 exp, u64 active)
{
	u64 newload = load * exp + active * (PROC_FIXED_1 - exp);

	if (active >= load)
		newload += PROC_FIXED_1 - 1;
	return newload / PROC_FIXED_1;
}

void proc_fmt_loadavg(struct seq_buf *m, const struct proc_loadavg *la)
{
	unsigned long long v[3];

	for (int i = 0; i < 3; i++)
		v[i] = la->avenrun[i] +
		       PROC_FIXED_1 / 200; /* rounds to 1/100 */
#define LOAD_INT(x) ((x) >> PROC_FSHIFT)
#define LOAD_FRAC(x) LOAD_INT(((x) & (PROC_FIXED_1 - 1)) * 100)
	seq_buf_printf(m, "%llu.%02llu %llu.%02llu %llu.%02llu %u/%u %d\n",
		       LOAD_INT(v[0]), LOAD_FRAC(v[0]), LOAD_INT(v[1]),
		       LOAD_FRAC(v[1]), LOAD_INT(v[2]), LOAD_FRAC(v[2]),
		       la->nr_running, la->nr_threads, la->last_pid);
#undef LOAD_INT
#undef LOAD_FRAC
}

void proc_fmt_version(struct seq_buf *m, const char *sysname,
		      const char *release, const char *builder,
		      const char *compiler, const char *version)
{
	seq_buf_printf(m, "%s version %s (%s) (%s) %s\n", sysname, release,
		       builder, compiler, version);
}

void proc_fmt_cmdline(struct seq_buf *m, const char *cmdline)
{
	seq_buf_puts(m, cmdline);
	seq_buf_putc(m, '\n');
}

/* --- stat ------------------------------------------------------------------
 */

static void put_cpu_times(struct seq_buf *m, const struct proc_cpu_times *t)
{
	seq_buf_printf(
		m, " %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu\n",
		(unsigned long long)t->user, (unsigned long long)t->nice,
		(unsigned long long)t->system, (unsigned long long)t->idle,
		(unsigned long long)t->iowait, (unsigned long long)t->irq,
		(unsigned long long)t->softirq, (unsigned long long)t->steal,
		(unsigned long long)t->guest,
		(unsigned long long)t->guest_nice);
}

void proc_fmt_stat(struct seq_buf *m, const struct proc_stat *st)
{
	u64 softirq_total = 0;

	seq_buf_puts(m, "cpu ");
	put_cpu_times(m, &st->total);
	for (unsigned int i = 0; i < st->nr_cpus; i++) {
		seq_buf_printf(m, "cpu%u", i);
		put_cpu_times(m, &st->cpu[i]);
	}
	seq_buf_printf(m, "intr %llu", (unsigned long long)st->intr_total);
	for (unsigned int i = 0; i < st->nr_intr; i++)
		seq_buf_printf(m, " %llu", (unsigned long long)st->intr[i]);
	seq_buf_printf(
		m,
		"\nctxt %llu\nbtime %llu\nprocesses %llu\nprocs_running %u\n"
		"procs_blocked %u\n",
		(unsigned long long)st->ctxt, (unsigned long long)st->btime,
		(unsigned long long)st->processes, st->procs_running,
		st->procs_blocked);
	for (int i = 0; i < PROC_NR_SOFTIRQS; i++)
		softirq_total += st->softirq[i];
	seq_buf_printf(m, "softirq %llu", (unsigned long long)softirq_total);
	for (int i = 0; i < PROC_NR_SOFTIRQS; i++)
		seq_buf_printf(m, " %llu", (unsigned long long)st->softirq[i]);
	seq_buf_putc(m, '\n');
}

/* --- cpuinfo ---------------------------------------------------------------
 */

static void put_flag_list(struct seq_buf *m, const char *label,
			  const char *list)
{
	seq_buf_puts(m, label);
	if (list && *list) {
		seq_buf_putc(m, ' ');
		seq_buf_puts(m, list);
	}
	seq_buf_putc(m, '\n');
}

void proc_fmt_cpuinfo(struct seq_buf *m, const struct proc_cpuinfo *ci)
{
	seq_buf_printf(m,
		       "processor\t: %u\nvendor_id\t: %s\ncpu family\t: "
		       "%u\nmodel\t\t: %u\n",
		       ci->processor, ci->vendor_id ? ci->vendor_id : "unknown",
		       ci->family, ci->model);
	seq_buf_printf(m, "model name\t: %s\nstepping\t: %u\n",
		       ci->model_name && *ci->model_name ? ci->model_name
							 : "unknown",
		       ci->stepping);
	seq_buf_printf(m, "microcode\t: 0x%x\n", ci->microcode);
	if (ci->khz)
		seq_buf_printf(m, "cpu MHz\t\t: %llu.%03llu\n",
			       (unsigned long long)(ci->khz / 1000),
			       (unsigned long long)(ci->khz % 1000));
	if (ci->cache_size_kb)
		seq_buf_printf(m, "cache size\t: %u KB\n", ci->cache_size_kb);
	seq_buf_printf(m,
		       "physical id\t: %u\nsiblings\t: %u\ncore id\t\t: "
		       "%u\ncpu cores\t: %u\n"
		       "apicid\t\t: %u\ninitial apicid\t: %u\n",
		       ci->physical_id, ci->siblings, ci->core_id,
		       ci->cpu_cores, ci->apicid, ci->initial_apicid);
	seq_buf_printf(m,
		       "fpu\t\t: %s\nfpu_exception\t: %s\ncpuid level\t: "
		       "%u\nwp\t\t: %s\n",
		       ci->fpu ? "yes" : "no", ci->fpu_exception ? "yes" : "no",
		       ci->cpuid_level, ci->wp ? "yes" : "no");
	put_flag_list(m, "flags\t\t:", ci->flags);
	if (ci->vmx_flags)
		put_flag_list(m, "vmx flags\t:", ci->vmx_flags);
	put_flag_list(m, "bugs\t\t:", ci->bugs);
	seq_buf_printf(m, "bogomips\t: %llu.%02llu\n",
		       (unsigned long long)(ci->bogomips_x100 / 100),
		       (unsigned long long)(ci->bogomips_x100 % 100));
	if (ci->tlb_size)
		seq_buf_printf(m, "TLB size\t: %u 4K pages\n", ci->tlb_size);
	seq_buf_printf(m,
		       "clflush size\t: %u\ncache_alignment\t: %u\n"
		       "address sizes\t: %u bits physical, %u bits virtual\n",
		       ci->clflush_size, ci->cache_alignment, ci->phys_bits,
		       ci->virt_bits);
	put_flag_list(m, "power management:", ci->power_management);
	seq_buf_putc(m, '\n');
}

/*
 * Linux's names for CPUID bits, in its order (arch/x86/include/asm/
 * cpufeatures.h word by word); bits Linux does not name or hides ("")
 * are absent.
 */
struct cpu_flag_name {
	u8 bit;
	const char *name;
};

static const struct cpu_flag_name w0_names[] = {
	/* CPUID 1 EDX */
	{0, "fpu"},    {1, "vme"},  {2, "de"},	     {3, "pse"},
	{4, "tsc"},    {5, "msr"},  {6, "pae"},	     {7, "mce"},
	{8, "cx8"},    {9, "apic"}, {11, "sep"},     {12, "mtrr"},
	{13, "pge"},   {14, "mca"}, {15, "cmov"},    {16, "pat"},
	{17, "pse36"}, {18, "pn"},  {19, "clflush"}, {21, "dts"},
	{22, "acpi"},  {23, "mmx"}, {24, "fxsr"},    {25, "sse"},
	{26, "sse2"},  {27, "ss"},  {28, "ht"},	     {29, "tm"},
	{30, "ia64"},  {31, "pbe"},
};
static const struct cpu_flag_name w1_names[] = {
	/* CPUID 0x80000001 EDX */
	{11, "syscall"},  {19, "mp"},	   {20, "nx"},	   {22, "mmxext"},
	{25, "fxsr_opt"}, {26, "pdpe1gb"}, {27, "rdtscp"}, {29, "lm"},
	{30, "3dnowext"}, {31, "3dnow"},
};
static const struct cpu_flag_name w4_names[] = {
	/* CPUID 1 ECX */
	{0, "pni"},	{1, "pclmulqdq"}, {2, "dtes64"},
	{3, "monitor"}, {4, "ds_cpl"},	  {5, "vmx"},
	{6, "smx"},	{7, "est"},	  {8, "tm2"},
	{9, "ssse3"},	{10, "cid"},	  {11, "sdbg"},
	{12, "fma"},	{13, "cx16"},	  {14, "xtpr"},
	{15, "pdcm"},	{17, "pcid"},	  {18, "dca"},
	{19, "sse4_1"}, {20, "sse4_2"},	  {21, "x2apic"},
	{22, "movbe"},	{23, "popcnt"},	  {24, "tsc_deadline_timer"},
	{25, "aes"},	{26, "xsave"},	  {28, "avx"},
	{29, "f16c"},	{30, "rdrand"},	  {31, "hypervisor"},
};
static const struct cpu_flag_name w6_names[] = {
	/* CPUID 0x80000001 ECX */
	{0, "lahf_lm"},	     {1, "cmp_legacy"},	 {2, "svm"},
	{3, "extapic"},	     {4, "cr8_legacy"},	 {5, "abm"},
	{6, "sse4a"},	     {7, "misalignsse"}, {8, "3dnowprefetch"},
	{9, "osvw"},	     {10, "ibs"},	 {11, "xop"},
	{12, "skinit"},	     {13, "wdt"},	 {15, "lwp"},
	{16, "fma4"},	     {17, "tce"},	 {19, "nodeid_msr"},
	{21, "tbm"},	     {22, "topoext"},	 {23, "perfctr_core"},
	{24, "perfctr_nb"},  {26, "bpext"},	 {27, "ptsc"},
	{28, "perfctr_llc"}, {29, "mwaitx"},
};
static const struct cpu_flag_name w9_names[] = {
	/* CPUID 7.0 EBX */
	{0, "fsgsbase"},  {1, "tsc_adjust"},  {2, "sgx"},
	{3, "bmi1"},	  {4, "hle"},	      {5, "avx2"},
	{7, "smep"},	  {8, "bmi2"},	      {9, "erms"},
	{10, "invpcid"},  {11, "rtm"},	      {12, "cqm"},
	{14, "mpx"},	  {15, "rdt_a"},      {16, "avx512f"},
	{17, "avx512dq"}, {18, "rdseed"},     {19, "adx"},
	{20, "smap"},	  {21, "avx512ifma"}, {23, "clflushopt"},
	{24, "clwb"},	  {25, "intel_pt"},   {26, "avx512pf"},
	{27, "avx512er"}, {28, "avx512cd"},   {29, "sha_ni"},
	{30, "avx512bw"}, {31, "avx512vl"},
};
static const struct cpu_flag_name w10_names[] = {
	/* CPUID 0xd.1 EAX */
	{0, "xsaveopt"}, {1, "xsavec"}, {2, "xgetbv1"},
	{3, "xsaves"},	 {4, "xfd"},
};
static const struct cpu_flag_name w14_names[] = {
	/* CPUID 6 EAX */
	{0, "dtherm"},	   {1, "ida"},
	{2, "arat"},	   {4, "pln"},
	{6, "pts"},	   {7, "hwp"},
	{8, "hwp_notify"}, {9, "hwp_act_window"},
	{10, "hwp_epp"},   {11, "hwp_pkg_req"},
};
static const struct cpu_flag_name w16_names[] = {
	/* CPUID 7.0 ECX */
	{1, "avx512vbmi"},
	{2, "umip"},
	{3, "pku"},
	{4, "ospke"},
	{5, "waitpkg"},
	{6, "avx512_vbmi2"},
	{8, "gfni"},
	{9, "vaes"},
	{10, "vpclmulqdq"},
	{11, "avx512_vnni"},
	{12, "avx512_bitalg"},
	{13, "tme"},
	{14, "avx512_vpopcntdq"},
	{16, "la57"},
	{22, "rdpid"},
	{24, "bus_lock_detect"},
	{25, "cldemote"},
	{27, "movdiri"},
	{28, "movdir64b"},
	{29, "enqcmd"},
	{30, "sgx_lc"},
};
static const struct cpu_flag_name w18_names[] = {
	/* CPUID 7.0 EDX */
	{2, "avx512_4vnniw"}, {3, "avx512_4fmaps"},
	{4, "fsrm"},	      {8, "avx512_vp2intersect"},
	{10, "md_clear"},     {14, "serialize"},
	{16, "tsxldtrk"},     {18, "pconfig"},
	{19, "arch_lbr"},     {20, "ibt"},
	{22, "amx_bf16"},     {23, "avx512_fp16"},
	{24, "amx_tile"},     {25, "amx_int8"},
	{28, "flush_l1d"},    {29, "arch_capabilities"},
};

struct flag_out {
	char *buf;
	size_t size, len;
	bool full;
};

static void flag_add(struct flag_out *o, const char *name)
{
	size_t n = strlen(name) + (o->len ? 1 : 0);

	if (o->full || o->len + n + 1 > o->size) {
		o->full = true;
		return;
	}
	if (o->len)
		o->buf[o->len++] = ' ';
	memcpy(o->buf + o->len, name, strlen(name));
	o->len += strlen(name);
	o->buf[o->len] = '\0';
}

static void flag_word(struct flag_out *o, u32 word,
		      const struct cpu_flag_name *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (word & (1u << names[i].bit))
			flag_add(o, names[i].name);
}

#define FLAG_WORD(o, w, names)                                                 \
	flag_word(o, w, names, sizeof(names) / sizeof(names[0]))

size_t proc_cpu_flags(char *buf, size_t size, const struct proc_cpuid_words *w)
{
	struct flag_out o = {buf, size, 0, size == 0};

	if (size)
		buf[0] = '\0';
	FLAG_WORD(&o, w->w1_edx, w0_names);
	FLAG_WORD(&o, w->w8001_edx, w1_names);
	/* word 3: Linux's own */
	if (w->constant_tsc)
		flag_add(&o, "constant_tsc");
	if (w->rep_good)
		flag_add(&o, "rep_good");
	if (w->nopl)
		flag_add(&o, "nopl");
	if (w->xtopology)
		flag_add(&o, "xtopology");
	if (w->tsc_reliable)
		flag_add(&o, "tsc_reliable");
	if (w->nonstop_tsc)
		flag_add(&o, "nonstop_tsc");
	if (w->cpuid)
		flag_add(&o, "cpuid");
	if (w->extd_apicid)
		flag_add(&o, "extd_apicid");
	if (w->tsc_known_freq)
		flag_add(&o, "tsc_known_freq");
	FLAG_WORD(&o, w->w1_ecx, w4_names);
	FLAG_WORD(&o, w->w8001_ecx, w6_names);
	/* word 8: virtualization */
	if (w->vmmcall)
		flag_add(&o, "vmmcall");
	FLAG_WORD(&o, w->w7_ebx, w9_names);
	FLAG_WORD(&o, w->wd1_eax, w10_names);
	FLAG_WORD(&o, w->w6_eax, w14_names);
	FLAG_WORD(&o, w->w7_ecx, w16_names);
	FLAG_WORD(&o, w->w7_edx, w18_names);
	return o.len;
}

/* --- interrupts ------------------------------------------------------------
 */

void proc_fmt_interrupts(struct seq_buf *m, unsigned int nr_cpus,
			 const struct proc_irq_row *rows, unsigned int nr_rows,
			 unsigned int nr_irqs)
{
	int prec = 3;

	for (unsigned long j = 1000; prec < 10 && j <= nr_irqs; j *= 10)
		prec++;
	seq_buf_printf(m, "%*s", prec + 8, "");
	for (unsigned int c = 0; c < nr_cpus; c++)
		seq_buf_printf(m, "CPU%-8u", c);
	seq_buf_putc(m, '\n');
	for (unsigned int r = 0; r < nr_rows; r++) {
		const struct proc_irq_row *row = &rows[r];

		if (!row->chip && !row->actions) {
			seq_buf_printf(
				m, "%*s: %10llu\n", prec, row->label,
				(unsigned long long)(row->counts
							     ? row->counts[0]
							     : 0));
			continue;
		}
		seq_buf_printf(m, "%*s: ", prec, row->label);
		for (unsigned int c = 0; c < nr_cpus; c++)
			seq_buf_printf(m, "%10llu ",
				       (unsigned long long)row->counts[c]);
		if (row->chip) {
			seq_buf_printf(m, " %8s %*lu", row->chip, prec,
				       row->hwirq);
			if (row->type)
				seq_buf_printf(m, "-%-8s", row->type);
			if (row->actions && *row->actions)
				seq_buf_printf(m, "  %s", row->actions);
		} else {
			seq_buf_printf(m, "  %s", row->actions);
		}
		seq_buf_putc(m, '\n');
	}
}

/* --- [pid]/stat, statm, status, maps ---------------------------------------
 */

void proc_fmt_pid_stat(struct seq_buf *m, const struct proc_pid_stat *st)
{
	/* comm is at most 64 bytes here as in Linux ("%.64s") */
	seq_buf_printf(
		m,
		"%d (%.64s) %c %d %d %d %d %d %u %llu %llu %llu %llu %llu %llu "
		"%lld %lld",
		st->pid, st->comm ? st->comm : "", st->state ? st->state : '?',
		st->ppid, st->pgrp, st->session, st->tty_nr, st->tpgid,
		st->flags, (unsigned long long)st->minflt,
		(unsigned long long)st->cminflt, (unsigned long long)st->majflt,
		(unsigned long long)st->cmajflt, (unsigned long long)st->utime,
		(unsigned long long)st->stime, (long long)st->cutime,
		(long long)st->cstime);
	seq_buf_printf(
		m, " %ld %ld %ld 0 %llu %llu %llu %llu", st->priority, st->nice,
		st->num_threads, (unsigned long long)st->starttime,
		(unsigned long long)st->vsize, (unsigned long long)st->rss,
		(unsigned long long)st->rsslim);
	seq_buf_printf(m, " %llu %llu %llu %llu %llu",
		       (unsigned long long)st->startcode,
		       (unsigned long long)st->endcode,
		       (unsigned long long)st->startstack,
		       (unsigned long long)st->kstkesp,
		       (unsigned long long)st->kstkeip);
	/* "The signal information here is obsolete": the first 31 signals */
	seq_buf_printf(
		m, " %llu %llu %llu %llu %llu 0 0 %d %d %u %u %llu %llu %lld",
		(unsigned long long)(st->signal & 0x7fffffffULL),
		(unsigned long long)(st->blocked & 0x7fffffffULL),
		(unsigned long long)(st->sigignore & 0x7fffffffULL),
		(unsigned long long)(st->sigcatch & 0x7fffffffULL),
		(unsigned long long)(st->wchan ? 1 : 0), st->exit_signal,
		st->processor, st->rt_priority, st->policy,
		(unsigned long long)st->delayacct_blkio_ticks,
		(unsigned long long)st->guest_time, (long long)st->cguest_time);
	seq_buf_printf(m, " %llu %llu %llu %llu %llu %llu %llu %d\n",
		       (unsigned long long)st->start_data,
		       (unsigned long long)st->end_data,
		       (unsigned long long)st->start_brk,
		       (unsigned long long)st->arg_start,
		       (unsigned long long)st->arg_end,
		       (unsigned long long)st->env_start,
		       (unsigned long long)st->env_end, st->exit_code);
}

void proc_fmt_pid_statm(struct seq_buf *m, const struct proc_pid_statm *sm)
{
	seq_buf_printf(
		m, "%llu %llu %llu %llu %llu %llu %llu\n",
		(unsigned long long)sm->size, (unsigned long long)sm->resident,
		(unsigned long long)sm->shared, (unsigned long long)sm->text,
		(unsigned long long)sm->lib, (unsigned long long)sm->data,
		(unsigned long long)sm->dt);
}

const char *proc_task_state_name(char state)
{
	switch (state) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	case 'D':
		return "D (disk sleep)";
	case 'T':
		return "T (stopped)";
	case 't':
		return "t (tracing stop)";
	case 'X':
		return "X (dead)";
	case 'Z':
		return "Z (zombie)";
	case 'P':
		return "P (parked)";
	case 'I':
		return "I (idle)";
	default:
		return "?";
	}
}

/* The Name line escapes '\n' and '\\' as Linux's seq_escape_str does. */
static void put_name_escaped(struct seq_buf *m, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			seq_buf_puts(m, "\\n");
		else if (*s == '\\')
			seq_buf_puts(m, "\\\\");
		else
			seq_buf_putc(m, *s);
	}
}

static void status_kb(struct seq_buf *m, const char *label, u64 kb)
{
	seq_buf_printf(m, "%s:\t%8llu kB\n", label, (unsigned long long)kb);
}

/* Linux's "%*pb": 32-bit chunks, most significant first, the first chunk
 * only as wide as its bits need; bits past 63 are zero here. */
static void put_bitmap(struct seq_buf *m, u64 bits, unsigned int nbits)
{
	unsigned int chunks = (nbits + 31) / 32;

	for (unsigned int i = chunks; i-- > 0;) {
		u32 v = i < 2 ? (u32)(bits >> (32 * i)) : 0;
		unsigned int chunk_bits =
			(i == chunks - 1 && nbits % 32) ? nbits % 32 : 32;

		if (chunk_bits < 32)
			v &= (1u << chunk_bits) - 1;
		seq_buf_printf(m, "%0*x%s", (int)((chunk_bits + 3) / 4), v,
			       i ? "," : "");
	}
}

/* Linux's "%*pbl": ranges "0-3,5". */
static void put_bitmap_list(struct seq_buf *m, u64 bits, unsigned int nbits)
{
	bool first = true;

	if (nbits > 64)
		nbits = 64;
	for (unsigned int b = 0; b < nbits;) {
		unsigned int e;

		if (!(bits & (1ULL << b))) {
			b++;
			continue;
		}
		for (e = b; e + 1 < nbits && (bits & (1ULL << (e + 1))); e++)
			;
		if (e == b)
			seq_buf_printf(m, "%s%u", first ? "" : ",", b);
		else
			seq_buf_printf(m, "%s%u-%u", first ? "" : ",", b, e);
		first = false;
		b = e + 1;
	}
}

void proc_fmt_pid_status(struct seq_buf *m, const struct proc_pid_status *st)
{
	seq_buf_puts(m, "Name:\t");
	put_name_escaped(m, st->name ? st->name : "");
	seq_buf_putc(m, '\n');
	if (st->umask <= 0777)
		seq_buf_printf(m, "Umask:\t0%03o\n", st->umask);
	seq_buf_printf(m,
		       "State:\t%s\nTgid:\t%d\nNgid:\t%d\nPid:\t%d\nPPid:\t%"
		       "d\nTracerPid:\t%d\n",
		       proc_task_state_name(st->state), st->tgid, st->ngid,
		       st->pid, st->ppid, st->tracer_pid);
	seq_buf_printf(m,
		       "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%"
		       "u\nGroups:\t",
		       st->uid[0], st->uid[1], st->uid[2], st->uid[3],
		       st->gid[0], st->gid[1], st->gid[2], st->gid[3],
		       st->fdsize);
	for (unsigned int i = 0; i < st->nr_groups; i++)
		seq_buf_printf(m, "%s%u", i ? " " : "", st->groups[i]);
	seq_buf_printf(m,
		       " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		       st->nstgid, st->nspid, st->nspgid, st->nssid);
	if (st->has_mm) {
		status_kb(m, "VmPeak", st->vm_peak);
		status_kb(m, "VmSize", st->vm_size);
		status_kb(m, "VmLck", st->vm_lck);
		status_kb(m, "VmPin", st->vm_pin);
		status_kb(m, "VmHWM", st->vm_hwm);
		status_kb(m, "VmRSS", st->vm_rss);
		status_kb(m, "RssAnon", st->rss_anon);
		status_kb(m, "RssFile", st->rss_file);
		status_kb(m, "RssShmem", st->rss_shmem);
		status_kb(m, "VmData", st->vm_data);
		status_kb(m, "VmStk", st->vm_stk);
		status_kb(m, "VmExe", st->vm_exe);
		status_kb(m, "VmLib", st->vm_lib);
		status_kb(m, "VmPTE", st->vm_pte);
		status_kb(m, "VmSwap", st->vm_swap);
		status_kb(m, "HugetlbPages", 0);
		seq_buf_printf(m, "CoreDumping:\t0\nTHP_enabled:\t%d\n",
			       st->thp_enabled ? 1 : 0);
	}
	seq_buf_printf(m, "Threads:\t%u\nSigQ:\t%u/%u\n", st->threads,
		       st->sigq_queued, st->sigq_limit);
	seq_buf_printf(m,
		       "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n",
		       (unsigned long long)st->sig_pnd,
		       (unsigned long long)st->shd_pnd,
		       (unsigned long long)st->sig_blk);
	seq_buf_printf(m, "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		       (unsigned long long)st->sig_ign,
		       (unsigned long long)st->sig_cgt);
	seq_buf_printf(m,
		       "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n",
		       (unsigned long long)st->cap_inh,
		       (unsigned long long)st->cap_prm,
		       (unsigned long long)st->cap_eff);
	seq_buf_printf(m, "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
		       (unsigned long long)st->cap_bnd,
		       (unsigned long long)st->cap_amb);
	seq_buf_printf(m,
		       "NoNewPrivs:\t%u\nSeccomp:\t%u\nSeccomp_filters:\t0\n"
		       "Speculation_Store_Bypass:\tnot vulnerable\n"
		       "SpeculationIndirectBranch:\talways enabled\n",
		       st->no_new_privs, st->seccomp);
	seq_buf_puts(m, "Cpus_allowed:\t");
	put_bitmap(m, st->cpus_allowed, st->nr_cpu_ids ? st->nr_cpu_ids : 1);
	seq_buf_puts(m, "\nCpus_allowed_list:\t");
	put_bitmap_list(m, st->cpus_allowed,
			st->nr_cpu_ids ? st->nr_cpu_ids : 1);
	/* Mems_allowed: Debian's MAX_NUMNODES is 1024 */
	seq_buf_puts(m, "\nMems_allowed:\t");
	put_bitmap(m, st->mems_allowed, 1024);
	seq_buf_puts(m, "\nMems_allowed_list:\t");
	put_bitmap_list(m, st->mems_allowed, 64);
	seq_buf_printf(m,
		       "\nvoluntary_ctxt_switches:\t%llu\nnonvoluntary_ctxt_"
		       "switches:\t%llu\n",
		       (unsigned long long)st->voluntary_ctxt_switches,
		       (unsigned long long)st->nonvoluntary_ctxt_switches);
}

/* Linux pads the name to column 73 (25 + 6 * sizeof(void *) - 1, then a space).
 */
#define MAPS_NAME_COLUMN 73

void proc_fmt_map(struct seq_buf *m, const struct proc_map_entry *e)
{
	size_t start = m->len;
	size_t col;

	seq_buf_printf(m, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
		       (unsigned long long)e->start, (unsigned long long)e->end,
		       e->read ? 'r' : '-', e->write ? 'w' : '-',
		       e->exec ? 'x' : '-', e->shared ? 's' : 'p',
		       (unsigned long long)e->pgoff, e->dev_major, e->dev_minor,
		       (unsigned long long)e->inode);
	if (e->name) {
		col = m->overflow ? 0 : m->len - start;
		if (col < MAPS_NAME_COLUMN)
			seq_buf_printf(m, "%*s", (int)(MAPS_NAME_COLUMN - col),
				       "");
		seq_buf_puts(m, e->name);
	}
	seq_buf_putc(m, '\n');
}

/* --- resources (/proc/iomem) -----------------------------------------------
 */

void resource_init(struct resource *r, u64 start, u64 end, const char *name)
{
	r->start = start;
	r->end = end;
	r->name = name;
	r->flags = 0;
	r->parent = r->sibling = r->child = NULL;
}

/*
 * Put new among parent's children if it overlaps none of them. Returns
 * NULL when done, parent when new is not inside parent, else the first
 * child it overlaps.
 */
static struct resource *place_among_children(struct resource *parent,
					     struct resource *new)
{
	struct resource **link = &parent->child;

	if (new->start > new->end || new->start < parent->start ||
	    new->end > parent->end)
		return parent;
	for (;;) {
		struct resource *cur = *link;

		if (!cur || cur->start > new->end) {
			new->sibling = cur;
			new->parent = parent;
			*link = new;
			return NULL;
		}
		if (cur->end >= new->start)
			return cur;
		link = &cur->sibling;
	}
}

int resource_request(struct resource *parent, struct resource *new)
{
	struct resource *hit;

	if (new->start > new->end)
		return -EINVAL;
	hit = place_among_children(parent, new);
	if (hit == parent)
		return -EINVAL;
	return hit ? -EBUSY : 0;
}

/* Insert with nesting; returns NULL or the resource in the way. */
static struct resource *insert_nested(struct resource *parent,
				      struct resource *new)
{
	struct resource *first, *last, **link;

	for (;;) {
		first = place_among_children(parent, new);
		if (!first || first == parent)
			return first;
		/* does first hold new entirely (and is not the same range)? */
		if (first->start > new->start || first->end < new->end)
			break;
		if (first->start == new->start && first->end == new->end)
			break;
		parent = first;
	}
	/* new must hold first and every sibling it touches */
	for (last = first;; last = last->sibling) {
		if (last->start < new->start || last->end > new->end)
			return last;
		if (!last->sibling || last->sibling->start > new->end)
			break;
	}
	new->parent = parent;
	new->sibling = last->sibling;
	new->child = first;
	last->sibling = NULL;
	for (struct resource *r = first; r; r = r->sibling)
		r->parent = new;
	for (link = &parent->child; *link != first; link = &(*link)->sibling)
		;
	*link = new;
	return NULL;
}

int resource_insert(struct resource *root, struct resource *new)
{
	struct resource *hit;

	if (new->start > new->end)
		return -EINVAL;
	hit = insert_nested(root, new);
	if (hit == root)
		return -EINVAL;
	return hit ? -EBUSY : 0;
}

/* Linux's insert_resource_expand_to_fit: grow new over whatever is in the
 * way until it fits. */
static int resource_insert_expand(struct resource *root, struct resource *new)
{
	for (;;) {
		struct resource *hit;

		if (new->start > new->end)
			return -EINVAL;
		hit = insert_nested(root, new);
		if (!hit)
			return 0;
		if (hit == root)
			return -EINVAL;
		if (hit->start < new->start)
			new->start = hit->start;
		if (hit->end > new->end)
			new->end = hit->end;
	}
}

void proc_fmt_resources(struct seq_buf *m, const struct resource *root,
			bool hide_addrs)
{
	int width = root->end < 0x10000 ? 4 : 8;
	const struct resource *r = root->child;
	int depth = 0;

	while (r) {
		unsigned long long s = hide_addrs ? 0 : r->start,
				   e = hide_addrs ? 0 : r->end;

		seq_buf_printf(m, "%*s%0*llx-%0*llx : %s\n", depth * 2, "",
			       width, s, width, e, r->name ? r->name : "<BAD>");
		if (r->child) {
			r = r->child;
			depth++;
			continue;
		}
		while (!r->sibling && r->parent != root) {
			r = r->parent;
			depth--;
		}
		r = r->sibling;
	}
}

/* Linux's e820_type_to_string. */
static const char *e820_resource_name(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return "System RAM";
	case E820_TYPE_ACPI:
		return "ACPI Tables";
	case E820_TYPE_NVS:
		return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE:
		return "Unusable memory";
	case E820_TYPE_PRAM:
		return "Persistent Memory (legacy)";
	case E820_TYPE_PMEM:
		return "Persistent Memory";
	case E820_TYPE_SOFT_RESERVED:
		return "Soft Reserved";
	default:
		return "Reserved";
	}
}

/* Linux's do_mark_busy: reserved ranges above 1 MiB wait for PCI. */
static bool e820_insert_early(const struct e820_entry *e)
{
	if (e->addr < SZ_1M)
		return true;
	switch (e->type) {
	case E820_TYPE_RESERVED:
	case E820_TYPE_SOFT_RESERVED:
	case E820_TYPE_PRAM:
	case E820_TYPE_PMEM:
		return false;
	default:
		return true;
	}
}

struct iomem_pool {
	struct resource *pool;
	unsigned int n, used;
	bool full;
};

static struct resource *pool_get(struct iomem_pool *p, u64 start, u64 end,
				 const char *name)
{
	struct resource *r;

	if (p->used >= p->n) {
		p->full = true;
		return NULL;
	}
	r = &p->pool[p->used++];
	resource_init(r, start, end, name);
	return r;
}

static void add_range(struct iomem_pool *p, struct resource *root, u64 start,
		      u64 end, const char *name)
{
	struct resource *r;

	if (end < start || end == 0) /* 0/0: not known */
		return;
	r = pool_get(p, start, end, name);
	if (r && resource_insert(root, r))
		p->used--; /* in the way of something: left out, as Linux leaves
			      it */
}

int proc_iomem_build(struct resource *root, struct resource *pool,
		     unsigned int pool_n, const struct proc_iomem_layout *l)
{
	struct iomem_pool p = {pool, pool_n, 0, false};
	const u64 top = ~0ULL;

	resource_init(root, 0, top, "PCI mem");
	for (unsigned int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; i < l->nr_entries; i++) {
			const struct e820_entry *e = &l->entries[i];
			u64 end;
			struct resource *r;

			if (!e->size || e->addr + e->size - 1 < e->addr)
				continue;
			end = e->addr + e->size - 1;
			if (e820_insert_early(e) != (pass == 0))
				continue;
			if (pass == 0) {
				add_range(&p, root, e->addr, end,
					  e820_resource_name(e->type));
				continue;
			}
			r = pool_get(&p, e->addr, end,
				     e820_resource_name(e->type));
			if (r && resource_insert_expand(root, r))
				p.used--;
		}
		if (pass == 1)
			break;
		add_range(&p, root, l->code[0], l->code[1], "Kernel code");
		add_range(&p, root, l->rodata[0], l->rodata[1],
			  "Kernel rodata");
		add_range(&p, root, l->data[0], l->data[1], "Kernel data");
		add_range(&p, root, l->bss[0], l->bss[1], "Kernel bss");
		/* the legacy VGA window and the PCI gap: the host bridge's
		 * windows */
		add_range(&p, root, 0xa0000, 0xbffff, "PCI Bus 0000:00");
		if (l->pci_gap_size) {
			u64 gs = l->pci_gap_start,
			    ge = l->pci_gap_start + l->pci_gap_size - 1;

			/* the window stops below the fixed APIC/HPET area */
			if (gs < 0xfec00000ULL && ge >= 0xfec00000ULL)
				ge = 0xfebfffffULL;
			add_range(&p, root, gs, ge, "PCI Bus 0000:00");
		}
		if (l->ioapic_base)
			add_range(&p, root, l->ioapic_base,
				  l->ioapic_base + 0x3ff, "IOAPIC 0");
		if (l->hpet_base)
			add_range(&p, root, l->hpet_base, l->hpet_base + 0x3ff,
				  "HPET 0");
		if (l->lapic_base)
			add_range(&p, root, l->lapic_base,
				  l->lapic_base + 0xfff, "Local APIC");
	}
	return p.full ? -ENOSPC : (int)p.used;
}
