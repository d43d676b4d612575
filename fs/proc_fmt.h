/* SPDX-License-Identifier: MIT */
/*
 * The contents of /proc files in Linux 6.1's formats, pure: a bounded
 * output buffer (seq_buf) and one formatter per file, each taking a plain
 * struct of numbers and names. Nothing here knows keel's data structures;
 * fs/proc_data.c gathers the numbers in the kernel, the host tests and the
 * fuzzer feed their own.
 *
 * Every formatter appends to a seq_buf and never writes past its size;
 * when the text does not fit, m->overflow is set, m->len stays <= size and
 * the caller retries with a bigger buffer. The buffer is not NUL-terminated
 * (the /proc reader copies m->len bytes).
 */
#ifndef KEEL_FS_PROC_FMT_H
#define KEEL_FS_PROC_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/types.h"

struct seq_buf {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

void seq_buf_init(struct seq_buf *m, char *buf, size_t size);
/* Appends printf-style (kernel/lib/vsprintf conversions); sets overflow
 * and appends nothing when the whole text does not fit. */
void seq_buf_printf(struct seq_buf *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_buf_puts(struct seq_buf *m, const char *s);
void seq_buf_putmem(struct seq_buf *m, const void *p, size_t n);
void seq_buf_putc(struct seq_buf *m, char c);

/* One /proc/mounts line, "devname dir fstype opts 0 0\n", with Linux's
 * escaping of ' ', '\t', '\n', '\\' as \040 \011 \012 \134 in the first
 * three fields and in opts. */
void proc_fmt_mount(struct seq_buf *m, const char *devname, const char *dir,
		    const char *fstype, const char *opts);
/* One /proc/filesystems line: "nodev\tNAME\n" or "\tNAME\n". */
void proc_fmt_filesystem(struct seq_buf *m, const char *name, bool nodev);

/* /proc/meminfo: every value in kB except the HugePages_ counts (pages). */
struct proc_meminfo {
	u64 mem_total, mem_free, mem_available, buffers, cached, swap_cached;
	u64 active, inactive, active_anon, inactive_anon, active_file,
		inactive_file;
	u64 unevictable, mlocked, swap_total, swap_free, zswap, zswapped;
	u64 dirty, writeback, anon_pages, mapped, shmem, kreclaimable;
	u64 slab, sreclaimable, sunreclaim, kernel_stack, page_tables,
		sec_page_tables;
	u64 nfs_unstable, bounce, writeback_tmp, commit_limit, committed_as;
	u64 vmalloc_total, vmalloc_used, vmalloc_chunk, percpu,
		hardware_corrupted;
	u64 anon_huge_pages, shmem_huge_pages, shmem_pmd_mapped,
		file_huge_pages, file_pmd_mapped;
	u64 cma_total, cma_free;
	u64 huge_pages_total, huge_pages_free, huge_pages_rsvd, huge_pages_surp,
		hugepagesize, hugetlb;
	u64 direct_map_4k, direct_map_2m, direct_map_1g;
	bool show_zswap; /* Linux with CONFIG_ZSWAP (Debian's 6.1 has it) */
	bool show_cma; /* Linux with CONFIG_CMA */
	bool show_direct_map_1g; /* the CPU has 1 GiB pages (pdpe1gb) */
};
void proc_fmt_meminfo(struct seq_buf *m, const struct proc_meminfo *mi);

/* /proc/uptime: seconds since boot and summed idle time, in centiseconds. */
void proc_fmt_uptime(struct seq_buf *m, u64 uptime_cs, u64 idle_cs);

/* /proc/loadavg: loads as Linux's fixed point (FSHIFT 11, FIXED_1 2048). */
#define PROC_FSHIFT 11
#define PROC_FIXED_1 (1UL << PROC_FSHIFT)
struct proc_loadavg {
	u64 avenrun[3];
	u32 nr_running, nr_threads;
	int last_pid;
};
void proc_fmt_loadavg(struct seq_buf *m, const struct proc_loadavg *la);
/* Linux's calc_load step: load = load * exp + active * (FIXED_1 - exp),
 * rounded. */
u64 proc_calc_load(u64 load, u64 exp, u64 active);
#define PROC_EXP_1 1884 /* 1/exp(5sec/1min) as fixed-point */
#define PROC_EXP_5 2014 /* 1/exp(5sec/5min) */
#define PROC_EXP_15 2037 /* 1/exp(5sec/15min) */

/* /proc/stat */
struct proc_cpu_times { /* in USER_HZ (100) ticks */
	u64 user, nice, system, idle, iowait, irq, softirq, steal, guest,
		guest_nice;
};
#define PROC_NR_SOFTIRQS 10
struct proc_stat {
	struct proc_cpu_times total;
	const struct proc_cpu_times *cpu; /* nr_cpus entries */
	unsigned int nr_cpus;
	u64 intr_total;
	const u64 *intr; /* per-IRQ counts, nr_intr entries */
	unsigned int nr_intr;
	u64 ctxt, btime, processes;
	u32 procs_running, procs_blocked;
	u64 softirq[PROC_NR_SOFTIRQS];
};
void proc_fmt_stat(struct seq_buf *m, const struct proc_stat *st);

/* /proc/version: "Linux version RELEASE (BUILDER) COMPILER, LINKER VERSION\n".
 */
void proc_fmt_version(struct seq_buf *m, const char *sysname,
		      const char *release, const char *builder,
		      const char *compiler, const char *version);

/* /proc/cmdline: the command line and a newline. */
void proc_fmt_cmdline(struct seq_buf *m, const char *cmdline);

/* /proc/cpuinfo, one block per CPU. */
struct proc_cpuinfo {
	unsigned int processor;
	const char *vendor_id;
	unsigned int family, model, stepping;
	const char *model_name;
	u32 microcode;
	u64 khz; /* cpu MHz from the TSC calibration, in kHz */
	unsigned int cache_size_kb; /* 0: no "cache size" line */
	unsigned int physical_id, siblings, core_id, cpu_cores, apicid,
		initial_apicid;
	bool fpu, fpu_exception, wp;
	unsigned int cpuid_level;
	const char *flags; /* space-separated, Linux's names and order */
	const char *vmx_flags; /* NULL: no line */
	const char *bugs;
	u64 bogomips_x100; /* loops_per_jiffy * HZ / 5000 as Linux prints it */
	unsigned int clflush_size, cache_alignment;
	unsigned int phys_bits, virt_bits;
	const char *power_management;
	unsigned int tlb_size; /* AMD: "TLB size" line when > 0 */
};
void proc_fmt_cpuinfo(struct seq_buf *m, const struct proc_cpuinfo *ci);
/* Append Linux's x86 names for the CPUID feature words (words as in
 * Linux's cpufeatures.h: 0 = 1.EDX, 4 = 1.ECX, 1 = 0x80000001.EDX,
 * 6 = 0x80000001.ECX, 9 = 7.0.EBX, 16 = 7.0.ECX, 18 = 7.0.EDX).
 * Writes a space-separated list into buf (NUL-terminated, truncated at a
 * word boundary) and returns its length. */
struct proc_cpuid_words {
	u32 w1_edx, w1_ecx, w8001_edx, w8001_ecx, w7_ebx, w7_ecx, w7_edx,
		wd1_eax, w6_eax;
	bool hypervisor;
	/* Linux's own (word 3) and virtualization (word 8) flags, decided by
	 * the caller. */
	bool constant_tsc, rep_good, nopl, xtopology, tsc_reliable, nonstop_tsc,
		cpuid, extd_apicid;
	bool tsc_known_freq, vmmcall;
};
size_t proc_cpu_flags(char *buf, size_t size, const struct proc_cpuid_words *w);

/* /proc/interrupts */
struct proc_irq_row {
	const char *label; /* number as text for device IRQs ("0", "4"); "NMI",
			      "LOC", ... */
	const u64 *counts; /* nr_cpus entries */
	const char *
		chip; /* device IRQs: "IO-APIC", "XT-PIC"; NULL for arch rows */
	unsigned long hwirq;
	const char *type; /* "edge"/"fasteoi", NULL for none */
	const char *actions; /* "timer", "ttyS0"; arch rows: the description */
};
/* A row with chip NULL and actions NULL is a total (ERR, MIS): "%*s: %10llu"
 * of counts[0] only. An arch row (chip NULL, actions set) prints every CPU's
 * count and "  description". */
/* Header line then rows; prec is Linux's first column width (3 for < 1000
 * IRQs). */
void proc_fmt_interrupts(struct seq_buf *m, unsigned int nr_cpus,
			 const struct proc_irq_row *rows, unsigned int nr_rows,
			 unsigned int nr_irqs);

/* /proc/[pid]/stat: the 52 fields of Linux's do_task_stat. */
struct proc_pid_stat {
	int pid;
	const char *comm;
	char state;
	int ppid, pgrp, session, tty_nr, tpgid;
	u32 flags;
	u64 minflt, cminflt, majflt, cmajflt;
	u64 utime, stime; /* clock ticks */
	s64 cutime, cstime;
	long priority, nice, num_threads;
	u64 starttime; /* clock ticks since boot */
	u64 vsize; /* bytes */
	u64 rss; /* pages */
	u64 rsslim;
	u64 startcode, endcode, startstack, kstkesp, kstkeip;
	u64 signal, blocked, sigignore,
		sigcatch; /* first 32 bits shown as Linux */
	u64 wchan;
	int exit_signal, processor;
	u32 rt_priority, policy;
	u64 delayacct_blkio_ticks, guest_time;
	s64 cguest_time;
	u64 start_data, end_data, start_brk, arg_start, arg_end, env_start,
		env_end;
	int exit_code;
};
void proc_fmt_pid_stat(struct seq_buf *m, const struct proc_pid_stat *st);

/* /proc/[pid]/statm: pages. */
struct proc_pid_statm {
	u64 size, resident, shared, text, lib, data, dt;
};
void proc_fmt_pid_statm(struct seq_buf *m, const struct proc_pid_statm *sm);

/* /proc/[pid]/status */
struct proc_pid_status {
	const char *name;
	unsigned int umask; /* > 0777: no Umask line (kernel threads) */
	char state; /* 'R', 'S', ...: the text is Linux's ("R (running)") */
	int tgid, ngid, pid, ppid, tracer_pid;
	u32 uid[4], gid[4]; /* real, effective, saved, fs */
	unsigned int fdsize;
	const u32 *groups;
	unsigned int nr_groups;
	int nstgid, nspid, nspgid, nssid;
	bool has_mm; /* Vm* lines only for tasks with an mm */
	u64 vm_peak, vm_size, vm_lck, vm_pin, vm_hwm, vm_rss, rss_anon,
		rss_file, rss_shmem;
	u64 vm_data, vm_stk, vm_exe, vm_lib, vm_pte, vm_swap; /* kB */
	bool thp_enabled;
	unsigned int threads;
	u32 sigq_queued, sigq_limit;
	u64 sig_pnd, shd_pnd, sig_blk, sig_ign, sig_cgt;
	u64 cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	unsigned int no_new_privs, seccomp;
	u64 cpus_allowed; /* bitmap of the first 64 CPUs */
	unsigned int nr_cpu_ids;
	u64 mems_allowed;
	u64 voluntary_ctxt_switches, nonvoluntary_ctxt_switches;
};
void proc_fmt_pid_status(struct seq_buf *m, const struct proc_pid_status *st);
/* Linux's state letters and names, "R (running)"; '?' for unknown letters. */
const char *proc_task_state_name(char state);

/* One /proc/[pid]/maps line. name NULL: none; otherwise padded as Linux. */
struct proc_map_entry {
	u64 start, end;
	bool read, write, exec, shared;
	u64 pgoff; /* bytes */
	unsigned int dev_major, dev_minor;
	u64 inode;
	const char *name;
};
void proc_fmt_map(struct seq_buf *m, const struct proc_map_entry *e);

/*
 * A resource tree (Linux's struct resource, kernel/resource.c) for
 * /proc/iomem. Nodes come from the caller (a fixed pool); insertion keeps
 * children sorted and nested: a new range that lies inside an existing one
 * becomes its child, existing ranges that lie inside the new one become
 * its children, and a partial overlap is refused (-EBUSY) unless
 * insert_resource_expand_to_fit-like behaviour is asked for.
 */
struct resource {
	u64 start, end; /* inclusive */
	const char *name;
	unsigned long flags;
	struct resource *parent, *sibling, *child;
};
#define PROC_IORESOURCE_BUSY 0x80000000UL
void resource_init(struct resource *r, u64 start, u64 end, const char *name);
/* Insert new into root's subtree as Linux's insert_resource: 0, or -EBUSY on
 * a partial overlap with an existing node, -EINVAL when new is not inside
 * root or start > end. */
int resource_insert(struct resource *root, struct resource *new);
/* Linux's request_resource: only at the top of parent's children, no
 * nesting of existing nodes; -EBUSY on any overlap. */
int resource_request(struct resource *parent, struct resource *new);
/* /proc/iomem text for root's children, "%0*llx-%0*llx : name" indented by
 * two spaces per level; hide_addrs prints 00000000-00000000 as Linux does
 * for readers without CAP_SYS_ADMIN. */
void proc_fmt_resources(struct seq_buf *m, const struct resource *root,
			bool hide_addrs);

/* What /proc/iomem is built from: the firmware e820 map, the kernel's
 * sections (physical, inclusive ends; 0/0 when unknown), the PCI gap
 * (e820__search_gap) and the fixed platform devices. */
struct e820_entry;
struct proc_iomem_layout {
	const struct e820_entry *entries;
	unsigned int nr_entries;
	u64 code[2], rodata[2], data[2], bss[2];
	u64 pci_gap_start, pci_gap_size; /* size 0: none */
	u64 ioapic_base, hpet_base, lapic_base; /* 0: none */
};
/* Fills root (0..~0, "PCI mem") from pool as Linux's e820__reserve_resources,
 * e820__reserve_resources_late and setup_arch do: usable and ACPI ranges
 * first, the kernel's sections nested in System RAM, the legacy VGA and PCI
 * gap windows as "PCI Bus 0000:00", the platform devices, then the reserved
 * ranges expanded to fit around what is there. Returns the number of pool
 * entries used, or -ENOSPC when the pool is too small (root is then
 * partially built but consistent). */
int proc_iomem_build(struct resource *root, struct resource *pool,
		     unsigned int pool_n, const struct proc_iomem_layout *l);

#endif
