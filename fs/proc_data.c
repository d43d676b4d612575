// SPDX-License-Identifier: MIT
/*
 * The /proc files' numbers from keel's own data: the buddy allocator's
 * counts, the slab caches, the page cache of files, the vmalloc space,
 * the scheduler's idle time and load averages, the tasks and their
 * address spaces. Each proc_show_* gathers into the plain structs of
 * fs/proc_fmt.h and lets the pure formatter write the text.
 *
 * What keel does not have shows as Linux shows it without the feature:
 * no swap, no huge pages, no user/system split of CPU time (busy time
 * is system time, a task's run time is user time when it has an mm).
 */
#include "fs/proc_data.h"

#include "fs/fs.h"
#include "fs/tree.h"
#include "kernel/arch/irq.h"
#include "kernel/arch/percpu.h"
#include "kernel/fork.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/main.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/vmalloc.h"
#include "mm/mm_types.h"
#include "mm/e820.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define PAGE_KB (PAGE_SIZE / 1024)
#define NSEC_PER_USER_HZ (NSEC_PER_SEC / 100) /* Linux's USER_HZ */

int proc_show_result(const struct seq_buf *m)
{
	return m->overflow ? -EOVERFLOW : 0;
}

/* --- system-wide files --- */

int proc_show_meminfo(struct seq_buf *m)
{
	struct proc_meminfo mi;
	unsigned long slab_empty, slab = slab_pages(&slab_empty);
	unsigned long cached = nr_file_mapping_pages();
	unsigned long user = nr_user_pages();
	unsigned long vm_total, vm_used;

	memset(&mi, 0, sizeof(mi));
	mi.mem_total = (u64)totalram_pages() * PAGE_KB;
	mi.mem_free = (u64)nr_free_pages() * PAGE_KB;
	/* Free pages and what a shrink of the slab caches gives back: the
	 * page cache keeps every file mapping for good. */
	mi.mem_available = mi.mem_free + (u64)slab_empty * PAGE_KB;
	mi.cached = (u64)cached * PAGE_KB;
	mi.anon_pages = (u64)(user > cached ? user - cached : 0) * PAGE_KB;
	mi.active_anon = mi.anon_pages;
	mi.active_file = mi.cached;
	mi.active = mi.active_anon + mi.active_file;
	mi.slab = (u64)slab * PAGE_KB;
	mi.sreclaimable = (u64)slab_empty * PAGE_KB;
	mi.sunreclaim = mi.slab - mi.sreclaimable;
	mi.kreclaimable = mi.sreclaimable;
	mi.kernel_stack = (u64)nr_task_stacks() * (THREAD_SIZE / 1024);
	/* No swap: Linux's overcommit_ratio 50 of RAM. */
	mi.commit_limit = mi.mem_total / 2;
	mi.committed_as = mi.anon_pages;
	vmalloc_usage(&vm_total, &vm_used);
	mi.vmalloc_total = vm_total / 1024;
	mi.vmalloc_used = vm_used / 1024;
	mi.hugepagesize = 2048;
	proc_fmt_meminfo(m, &mi);
	return proc_show_result(m);
}

unsigned int proc_nr_cpus(void)
{
	unsigned int n = 0;

	while (n < nr_cpu_ids && sched_cpu_active((int)n))
		n++;
	return n ? n : 1;
}

static u64 idle_ns_all(void)
{
	u64 ns = 0;

	for (unsigned int cpu = 0; cpu < proc_nr_cpus(); cpu++)
		ns += sched_cpu_idle_ns((int)cpu);
	return ns;
}

int proc_show_uptime(struct seq_buf *m)
{
	u64 up = ktime_get_ns(), idle = idle_ns_all();

	proc_fmt_uptime(m, up / NSEC_PER_USER_HZ, idle / NSEC_PER_USER_HZ);
	return proc_show_result(m);
}

int proc_show_loadavg(struct seq_buf *m)
{
	struct proc_loadavg la;

	memset(&la, 0, sizeof(la));
	sched_get_avenrun(la.avenrun);
	la.nr_running = nr_running();
	la.nr_threads = nr_tasks();
	la.last_pid = last_pid_allocated();
	proc_fmt_loadavg(m, &la);
	return proc_show_result(m);
}

int proc_show_version(struct seq_buf *m)
{
	/* The strings uname gives (kernel/sys.c). */
	proc_fmt_version(m, "Linux", "6.1.0-keel", "keel@keel",
			 KEEL_COMPILER ", " KEEL_LINKER,
			 "#1 keel " KEEL_VERSION);
	return proc_show_result(m);
}

int proc_show_cmdline(struct seq_buf *m)
{
	proc_fmt_cmdline(m, boot_command_line);
	return proc_show_result(m);
}

static u32 nr_blocked(void)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	const struct task_struct *t;
	u32 n = 0;

	list_for_each_entry (t, &task_list, tasks)
		if (t->state == TASK_UNINTERRUPTIBLE && !t->exit_state)
			n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

int proc_show_stat(struct seq_buf *m)
{
	struct proc_cpu_times *cpu;
	u64 *intr, up = ktime_get_ns();
	struct proc_stat st;

	cpu = kzalloc(sizeof(*cpu) * proc_nr_cpus(), GFP_KERNEL);
	intr = kzalloc(sizeof(*intr) * NR_IRQS, GFP_KERNEL);
	if (!cpu || !intr) {
		kfree(cpu);
		kfree(intr);
		return -ENOMEM;
	}
	memset(&st, 0, sizeof(st));
	for (unsigned int i = 0; i < proc_nr_cpus(); i++) {
		u64 idle = sched_cpu_idle_ns((int)i);

		/* Busy time counts as system time: keel does not yet tell
		 * user from kernel time. */
		cpu[i].idle = idle / NSEC_PER_USER_HZ;
		cpu[i].system = (up > idle ? up - idle : 0) / NSEC_PER_USER_HZ;
		st.total.idle += cpu[i].idle;
		st.total.system += cpu[i].system;
	}
	st.cpu = cpu;
	st.nr_cpus = proc_nr_cpus();
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		intr[irq] = irq_count(irq);
		st.intr_total += intr[irq];
	}
	st.intr_total += irq_spurious_count();
	st.intr = intr;
	st.nr_intr = NR_IRQS;
	st.ctxt = nr_context_switches();
	st.btime = (ktime_get_real_ns() - up) / NSEC_PER_SEC;
	st.processes = nr_forks();
	st.procs_running = nr_running();
	st.procs_blocked = nr_blocked();
	proc_fmt_stat(m, &st);
	kfree(cpu);
	kfree(intr);
	return proc_show_result(m);
}

/* --- per-task files --- */

static char task_state_letter(const struct task_struct *t)
{
	if (t->exit_state & EXIT_DEAD)
		return 'X';
	if (t->exit_state & EXIT_ZOMBIE)
		return 'Z';
	if (t->signal &&
	    (__atomic_load_n(&t->signal->flags, __ATOMIC_RELAXED) &
	     SIGNAL_STOP_STOPPED) &&
	    t->state != TASK_RUNNING)
		return 'T';
	if (t->state & TASK_UNINTERRUPTIBLE)
		return 'D';
	if (t->state & TASK_INTERRUPTIBLE)
		return 'S';
	if (is_idle_task(t))
		return 'I';
	return 'R';
}

static pid_t task_ppid(const struct task_struct *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t ppid = t->pid > 1 && t->parent ? t->parent->tgid : 0;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

/* Signal masks of @t's handlers: ignored and caught. */
static void task_sig_actions(const struct task_struct *t, u64 *ign, u64 *cgt)
{
	unsigned long flags;

	*ign = 0;
	*cgt = 0;
	if (!t->sighand)
		return;
	flags = spin_lock_irqsave(&t->sighand->siglock);
	for (int sig = 1; sig <= _NSIG; sig++) {
		__sighandler_t h = t->sighand->action[sig - 1].sa.sa_handler;

		if (h == SIG_IGN)
			*ign |= 1ULL << (sig - 1);
		else if (h != SIG_DFL)
			*cgt |= 1ULL << (sig - 1);
	}
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

/* What the VMAs of @mm add up to, in pages. */
struct mm_usage {
	u64 total, data, stack, exec;
};

static void mm_usage(struct mm_struct *mm, struct mm_usage *u)
{
	const struct vm_area_struct *vma;

	memset(u, 0, sizeof(*u));
	for (vma = vma_first(&mm->vmas); vma; vma = vma_next(vma)) {
		unsigned long f = vma->vm_flags;

		u->total += vma_pages(vma);
		/* Linux's is_stack_mapping, is_data_mapping and
		 * is_exec_mapping. */
		if (f & VM_GROWSDOWN)
			u->stack += vma_pages(vma);
		else if ((f & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			u->data += vma_pages(vma);
		else if ((f & (VM_EXEC | VM_WRITE)) == VM_EXEC)
			u->exec += vma_pages(vma);
	}
}

static u64 ns_to_clock_t(u64 ns)
{
	return ns / NSEC_PER_USER_HZ;
}

int proc_show_pid_stat(struct seq_buf *m, struct task_struct *t)
{
	struct proc_pid_stat st;
	struct mm_struct *mm = get_task_mm(t);
	u64 run = ns_to_clock_t(t->se.sum_exec_runtime);

	memset(&st, 0, sizeof(st));
	st.pid = t->pid;
	st.comm = t->comm;
	st.state = task_state_letter(t);
	st.ppid = task_ppid(t);
	st.pgrp = t->pgrp;
	st.session = t->session;
	st.tpgid = -1;
	st.flags = t->flags;
	if (mm)
		st.utime = run;
	else
		st.stime = run;
	st.nice = task_nice(t);
	st.priority = 20 + st.nice;
	st.num_threads = t->signal ? t->signal->nr_threads : 1;
	st.starttime = ns_to_clock_t(t->start_time);
	st.rsslim = t->rlim[RLIMIT_RSS].rlim_cur;
	st.signal = t->pending.signal.sig[0];
	st.blocked = t->blocked.sig[0];
	task_sig_actions(t, &st.sigignore, &st.sigcatch);
	st.exit_signal = t->exit_signal;
	st.processor = t->cpu;
	st.exit_code = t->exit_state ? t->exit_code : 0;
	if (mm) {
		struct mm_usage u;

		mutex_lock(&mm->mmap_lock);
		mm_usage(mm, &u);
		st.vsize = u.total * PAGE_SIZE;
		st.rss = mm->rss_anon + mm->rss_file;
		st.startcode = mm->start_code;
		st.endcode = mm->end_code;
		st.startstack = mm->start_stack;
		st.start_data = mm->start_data;
		st.end_data = mm->end_data;
		st.start_brk = mm->start_brk;
		st.arg_start = mm->arg_start;
		st.arg_end = mm->arg_end;
		st.env_start = mm->env_start;
		st.env_end = mm->env_end;
		mutex_unlock(&mm->mmap_lock);
		mmput(mm);
	}
	proc_fmt_pid_stat(m, &st);
	return proc_show_result(m);
}

static u64 text_pages(const struct mm_struct *mm)
{
	if (mm->end_code <= mm->start_code)
		return 0;
	return (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >>
	       PAGE_SHIFT;
}

int proc_show_pid_statm(struct seq_buf *m, struct task_struct *t)
{
	struct proc_pid_statm sm;
	struct mm_struct *mm = get_task_mm(t);
	struct mm_usage u;

	memset(&sm, 0, sizeof(sm));
	if (mm) {
		mutex_lock(&mm->mmap_lock);
		mm_usage(mm, &u);
		sm.size = u.total;
		sm.resident = mm->rss_anon + mm->rss_file;
		sm.shared = mm->rss_file;
		sm.text = text_pages(mm);
		sm.data = u.data + u.stack;
		mutex_unlock(&mm->mmap_lock);
		mmput(mm);
	}
	proc_fmt_pid_statm(m, &sm);
	return proc_show_result(m);
}

int proc_show_pid_status(struct seq_buf *m, struct task_struct *t)
{
	struct proc_pid_status st;
	struct mm_struct *mm = get_task_mm(t);
	struct mm_usage u;

	memset(&st, 0, sizeof(st));
	st.name = t->comm;
	st.umask = t->fs ? t->fs->umask : 01000;
	st.state = task_state_letter(t);
	st.tgid = t->tgid;
	st.pid = t->pid;
	st.ppid = task_ppid(t);
	st.uid[0] = t->cred.uid;
	st.uid[1] = t->cred.euid;
	st.uid[2] = t->cred.suid;
	st.uid[3] = t->cred.fsuid;
	st.gid[0] = t->cred.gid;
	st.gid[1] = t->cred.egid;
	st.gid[2] = t->cred.sgid;
	st.gid[3] = t->cred.fsgid;
	st.fdsize = t->files ? 64 : 0;
	st.nstgid = t->tgid;
	st.nspid = t->pid;
	st.nspgid = t->pgrp;
	st.nssid = t->session;
	if (mm) {
		mutex_lock(&mm->mmap_lock);
		mm_usage(mm, &u);
		st.has_mm = true;
		st.vm_size = u.total * PAGE_KB;
		st.vm_peak = st.vm_size;
		st.rss_anon = (u64)mm->rss_anon * PAGE_KB;
		st.rss_file = (u64)mm->rss_file * PAGE_KB;
		st.vm_rss = st.rss_anon + st.rss_file;
		st.vm_hwm = st.vm_rss;
		st.vm_data = u.data * PAGE_KB;
		st.vm_stk = u.stack * PAGE_KB;
		st.vm_exe = text_pages(mm) * PAGE_KB;
		mutex_unlock(&mm->mmap_lock);
		mmput(mm);
	}
	st.threads = t->signal ? (unsigned int)t->signal->nr_threads : 1;
	st.sigq_queued = t->signal ? (u32)t->signal->nr_queued : 0;
	st.sigq_limit = (u32)t->rlim[RLIMIT_SIGPENDING].rlim_cur;
	st.sig_pnd = t->pending.signal.sig[0];
	st.shd_pnd = t->signal ? t->signal->shared_pending.signal.sig[0] : 0;
	st.sig_blk = t->blocked.sig[0];
	task_sig_actions(t, &st.sig_ign, &st.sig_cgt);
	/* Root has every capability (keel checks euid 0). */
	if (t->cred.euid == 0) {
		st.cap_prm = 0x1ffffffffffULL;
		st.cap_eff = st.cap_prm;
	}
	st.cap_bnd = 0x1ffffffffffULL;
	st.cpus_allowed =
		proc_nr_cpus() >= 64 ? ~0ULL : (1ULL << proc_nr_cpus()) - 1;
	st.nr_cpu_ids = proc_nr_cpus();
	st.mems_allowed = 1;
	st.voluntary_ctxt_switches = t->nvcsw;
	st.nonvoluntary_ctxt_switches = t->nivcsw;
	proc_fmt_pid_status(m, &st);
	return proc_show_result(m);
}

/* Copy [addr, addr + len) of @mm into m, page by page through its page
 * tables; stops at a page not present. mmap_lock held. */
static void copy_from_mm(struct seq_buf *m, struct mm_struct *mm,
			 unsigned long addr, unsigned long len)
{
	while (len && !m->overflow) {
		struct pgt_translation tr;
		unsigned long off = addr & ~PAGE_MASK;
		unsigned long n = PAGE_SIZE - off;

		if (n > len)
			n = len;
		if (pgt_translate(&mm->pgt, addr, &tr) || !(tr.prot & PGT_USER))
			break;
		seq_buf_putmem(m, phys_to_virt(tr.pa), n);
		addr += n;
		len -= n;
	}
}

int proc_show_pid_cmdline(struct seq_buf *m, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return 0;
	mutex_lock(&mm->mmap_lock);
	if (mm->arg_end > mm->arg_start)
		copy_from_mm(m, mm, mm->arg_start, mm->arg_end - mm->arg_start);
	mutex_unlock(&mm->mmap_lock);
	mmput(mm);
	return proc_show_result(m);
}

int proc_show_pid_maps(struct seq_buf *m, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	const struct vm_area_struct *vma, *code;
	const void *exe_file = NULL;

	if (!mm)
		return 0;
	mutex_lock(&mm->mmap_lock);
	/* The executable is the file mapped at the start of its code. */
	code = find_vma(&mm->vmas, mm->start_code);
	if (code && code->vm_start <= mm->start_code)
		exe_file = code->vm_file;
	for (vma = vma_first(&mm->vmas); vma && !m->overflow;
	     vma = vma_next(vma)) {
		struct proc_map_entry e;

		memset(&e, 0, sizeof(e));
		e.start = vma->vm_start;
		e.end = vma->vm_end;
		e.read = vma->vm_flags & VM_READ;
		e.write = vma->vm_flags & VM_WRITE;
		e.exec = vma->vm_flags & VM_EXEC;
		e.shared = vma->vm_flags & VM_MAYSHARE;
		if (vma->vm_file) {
			const struct file_mapping *fm = vma->vm_file;
			const struct inode *inode = fm->key;

			e.pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
			e.inode = inode->i_ino;
			if (inode->i_sb) {
				e.dev_major = MAJOR(inode->i_sb->s_dev);
				e.dev_minor = MINOR(inode->i_sb->s_dev);
			}
			if (vma->vm_file == exe_file)
				e.name = mm->exe_name;
		} else if (vma->vm_start <= mm->brk &&
			   vma->vm_end >= mm->start_brk &&
			   mm->brk > mm->start_brk) {
			e.name = "[heap]";
		} else if (vma->vm_start <= mm->start_stack &&
			   vma->vm_end >= mm->start_stack) {
			e.name = "[stack]";
		}
		proc_fmt_map(m, &e);
	}
	mutex_unlock(&mm->mmap_lock);
	mmput(mm);
	return proc_show_result(m);
}

int proc_pid_exe(struct task_struct *t, char *buf, size_t size)
{
	struct mm_struct *mm = get_task_mm(t);
	size_t len;
	int ret;

	if (!mm)
		return -ENOENT;
	mutex_lock(&mm->mmap_lock);
	len = strnlen(mm->exe_name, sizeof(mm->exe_name));
	if (!len) {
		ret = -ENOENT;
	} else if (len + 1 > size) {
		ret = -ENAMETOOLONG;
	} else {
		memcpy(buf, mm->exe_name, len);
		buf[len] = '\0';
		ret = (int)len;
	}
	mutex_unlock(&mm->mmap_lock);
	mmput(mm);
	return ret;
}
