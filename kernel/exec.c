// SPDX-License-Identifier: MIT
/*
 * execve (Linux's fs/exec.c, binfmt_elf.c, binfmt_script.c): replace the
 * current task's program with a static ELF64 executable or a "#!" script.
 *
 *   1. copy the path, argv and envp in from user space (E2BIG, EFAULT);
 *   2. open the file, follow up to 4 "#!" interpreters, validate the ELF
 *      (kernel/lib/elf.c): any error returns to the caller unchanged;
 *   3. point of no return: a new mm replaces the old one, signal handlers
 *      reset, close-on-exec files closed, the name changes;
 *   4. map the PT_LOAD segments as file-backed private VMAs (the page
 *      cache's pages; bss and the tail of the last file page zeroed in
 *      anonymous pages), the heap start (brk) and the stack VMA, write
 *      argc/argv/envp/auxv exactly as Linux lays them out
 *      (elf_build_stack), and start the program. A failure after step 3
 *      kills the task with SIGSEGV, as in Linux.
 */
#include "kernel/exec.h"

#include "fs/fs.h"
#include "kernel/lib/err.h"

#include "kernel/arch/process.h"
#include "kernel/lib/elf.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "kernel/vmalloc.h"
#include "mm/mm_types.h"
#include "mm/slab.h"

#define BINPRM_MAX_RECURSION 4
#define STACK_EXPAND (128UL * 1024) /* Linux's initial stack room */
#define PATH_MAX 4096

/* The strings of argv or envp, copied into the kernel. */
struct arg_list {
	char **v; /* NULL-terminated */
	unsigned int n;
	char *buf;
	size_t bytes;
};

/* A program file, open, its contents in memory (ramfs keeps them). */
struct exec_file {
	struct file *filp;
	const void *data;
	size_t size;
};

struct binprm {
	char filename[PATH_MAX]; /* as given (AT_EXECFN, comm) */
	struct arg_list argv, envp;
	struct exec_file file;
	char interp_path[PATH_MAX];
	/* The ELF file's path: filename, or the last "#!" interpreter's
	 * (what /proc/<pid>/exe names). */
	const char *exe_path;
	struct elf_info elf;
};

/* Open @path for execve: a regular file with execute permission. */
static int exec_open(const char *path, struct exec_file *out)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	struct inode *inode;
	int err;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	inode = f->f_inode;
	err = S_ISREG(inode->i_mode) ? may_exec(inode) : -EACCES;
	if (err) {
		fput(f);
		return err;
	}
	if (out->filp)
		fput(out->filp); /* the script an interpreter replaces */
	out->filp = f;
	out->data = inode->i_data;
	out->size = (size_t)inode->i_size;
	return 0;
}

/* The page cache of an open file's current contents. */
struct file_mapping *file_mapping_of(struct file *f)
{
	struct inode *inode = f->f_inode;
	u64 stamp = (u64)(uintptr_t)inode->i_data ^
		    ((u64)inode->i_mtime.tv_sec * 1000000000ULL +
		     (u64)inode->i_mtime.tv_nsec);

	return file_mapping_get(inode, stamp, inode->i_data,
				(u64)inode->i_size);
}

static void free_args(struct arg_list *a)
{
	vfree(a->buf);
	kfree(a->v);
	*a = (struct arg_list){0};
}

/* Room for @n strings of @bytes in all (NULL-terminated vector). */
static int alloc_args(struct arg_list *a, unsigned int n, size_t bytes)
{
	a->v = kzalloc(sizeof(char *) * (n + 1), GFP_KERNEL);
	a->buf = vmalloc(bytes ? bytes : 1);
	if (!a->v || !a->buf) {
		free_args(a);
		return -ENOMEM;
	}
	a->n = n;
	a->bytes = bytes;
	return 0;
}

/* Strings beyond this total are E2BIG (Linux: a quarter of the stack
 * rlimit, at least 128 KiB; keel caps it at 2 MiB as the default gives). */
static size_t arg_limit(void)
{
	u64 lim = current->rlim[RLIMIT_STACK].rlim_cur / 4;

	if (lim < 32 * PAGE_SIZE)
		lim = 32 * PAGE_SIZE;
	if (lim > (2UL << 20))
		lim = 2UL << 20;
	return (size_t)lim;
}

static int get_user_ptr(const char __user **out,
			const char __user *const __user *slot)
{
	u64 v;
	int err = get_user_u64(&v, (const u64 __user *)slot);

	*out = (const char __user *)(uintptr_t)v;
	return err;
}

/* Copy a user string array (NULL: empty) in. */
static int copy_strings_user(struct arg_list *a,
			     const char __user *const __user *uv, size_t *total)
{
	unsigned int n = 0;
	size_t bytes = 0, off = 0;

	*a = (struct arg_list){0};
	if (uv) {
		for (;;) {
			const char __user *p;
			long len;

			if (get_user_ptr(&p, uv + n))
				return -EFAULT;
			if (!p)
				break;
			len = strnlen_user(p, MAX_ARG_STRLEN);
			if (!len)
				return -EFAULT;
			if (len > (long)MAX_ARG_STRLEN)
				return -E2BIG;
			bytes += (size_t)len;
			n++;
			if (bytes + *total + (n + 1) * sizeof(void *) >
			    arg_limit())
				return -E2BIG;
		}
	}
	if (alloc_args(a, n, bytes))
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		const char __user *p;
		long len;

		if (get_user_ptr(&p, uv + i) || !p)
			goto fault;
		len = strncpy_from_user(a->buf + off, p, (long)(bytes - off));
		if (len < 0 || (size_t)len >= bytes - off)
			goto fault; /* changed under us */
		a->v[i] = a->buf + off;
		off += (size_t)len + 1;
	}
	*total += bytes + (n + 1) * sizeof(void *);
	return 0;
fault:
	free_args(a);
	return -EFAULT;
}

/* Copy a kernel string array in (kernel_execve, scripts). */
static int copy_strings_kernel(struct arg_list *a, const char *const *kv)
{
	unsigned int n = 0;
	size_t bytes = 0, off = 0;

	*a = (struct arg_list){0};
	while (kv && kv[n])
		bytes += strlen(kv[n++]) + 1;
	if (alloc_args(a, n, bytes))
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		size_t len = strlen(kv[i]) + 1;

		memcpy(a->buf + off, kv[i], len);
		a->v[i] = a->buf + off;
		off += len;
	}
	return 0;
}

/*
 * A script: argv becomes interpreter, [its argument], the script's path,
 * then argv[1..] (Linux's binfmt_script).
 */
static int prepare_script(struct binprm *b, const struct binprm_shebang *sh)
{
	const char *v[4];
	unsigned int k = 0, n = b->argv.n ? b->argv.n - 1 : 0;
	char arg[BINPRM_BUF_SIZE];
	const char **nv;
	struct arg_list na;
	int err;

	if (sh->interp_len >= sizeof(b->interp_path))
		return -ENAMETOOLONG;
	memcpy(b->interp_path, sh->interp, sh->interp_len);
	b->interp_path[sh->interp_len] = '\0';
	v[k++] = b->interp_path;
	if (sh->has_arg) {
		memcpy(arg, sh->arg, sh->arg_len);
		arg[sh->arg_len] = '\0';
		v[k++] = arg;
	}
	v[k++] = b->filename;
	nv = kmalloc(sizeof(char *) * (k + n + 1), GFP_KERNEL);
	if (!nv)
		return -ENOMEM;
	for (unsigned int i = 0; i < k; i++)
		nv[i] = v[i];
	for (unsigned int i = 0; i < n; i++)
		nv[k + i] = b->argv.v[i + 1];
	nv[k + n] = NULL;
	err = copy_strings_kernel(&na, nv);
	kfree(nv);
	if (err)
		return err;
	free_args(&b->argv);
	b->argv = na;
	return 0;
}

/* Steps 2: find the program (through scripts) and validate it. */
static int prepare_binprm(struct binprm *b)
{
	const char *path = b->filename;

	for (int depth = 0;; depth++) {
		struct binprm_shebang sh;
		int err = exec_open(path, &b->file);

		if (err)
			return err;
		if (elf_check_magic(b->file.data, b->file.size)) {
			b->exe_path = path;
			err = elf_parse(b->file.data, b->file.size, &b->elf);
			if (err)
				pr_info("%s[%d]: exec of %s refused (%d)",
					current->comm, current->pid, path, err);
			return err;
		}
		if (binprm_parse_shebang(b->file.data, b->file.size, &sh))
			return -ENOEXEC;
		if (depth == BINPRM_MAX_RECURSION)
			return -ELOOP;
		err = prepare_script(b, &sh);
		if (err)
			return err;
		path = b->interp_path;
	}
}

/* The new mm replaces the old: the point of no return. */
static void exec_mmap(struct mm_struct *mm)
{
	struct task_struct *t = current;
	struct mm_struct *old = t->mm;
	unsigned long flags = spin_lock_irqsave(&task_mm_lock);

	t->mm = mm;
	t->active_mm = mm;
	spin_unlock_irqrestore(&task_mm_lock, flags);
	switch_mm(old, mm);
	if (old)
		mmput(old);
	exec_mm_release(t);
}

static unsigned long vm_flags_of(u32 pf)
{
	unsigned long f = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (pf & PF_R)
		f |= VM_READ;
	if (pf & PF_W)
		f |= VM_WRITE;
	if (pf & PF_X)
		f |= VM_EXEC;
	return f;
}

/* Map one PT_LOAD segment (biased addresses). */
static int map_segment(struct mm_struct *mm, struct file_mapping *fm,
		       const struct elf_segment *s, u64 bias)
{
	u64 va = s->vaddr + bias;
	u64 start = va & PAGE_MASK;
	u64 file_end = va + s->filesz, mem_end = va + s->memsz;
	u64 file_page_end = PAGE_ALIGN(file_end),
	    mem_page_end = PAGE_ALIGN(mem_end);
	unsigned long flags = vm_flags_of(s->flags);
	long err;

	if (s->filesz) {
		/* The tail of the last file page past p_filesz must read as
		 * zero: map it writable first, clear it, then set the
		 * segment's own rights (Linux's padzero). */
		bool pad = mem_end > file_end && (file_end & ~PAGE_MASK);
		unsigned long mf = pad ? flags | VM_WRITE : flags;

		err = mm_map_fixed(mm, start, file_page_end - start, mf, fm,
				   (s->offset & PAGE_MASK) >> PAGE_SHIFT);
		if (err)
			return (int)err;
		if (pad) {
			if (clear_user((void __user *)file_end,
				       file_page_end - file_end))
				return -EFAULT;
			if (!(flags & VM_WRITE)) {
				err = vma_protect(&mm->vmas, start,
						  file_page_end - start,
						  flags & VM_ACCESS_FLAGS);
				if (err)
					return (int)err;
				change_protection(mm, start, file_page_end,
						  flags);
			}
		}
	} else {
		file_page_end = start;
	}
	if (mem_page_end > file_page_end) {
		err = mm_map_fixed(mm, file_page_end,
				   mem_page_end - file_page_end, flags, NULL,
				   0);
		if (err)
			return (int)err;
	}
	return 0;
}

/* Steps 4: everything after the point of no return. */
static int load_program(struct binprm *b, struct mm_struct *mm)
{
	struct elf_info *info = &b->elf;
	struct file_mapping *fm;
	struct elf_stack_args args = {0};
	struct elf_stack_layout lay;
	u64 bias, stack_top, end = 0, size;
	u8 rnd[16];
	void *buf;
	int err;

	fm = file_mapping_of(b->file.filp);
	if (!fm)
		return -ENOMEM;
	bias = elf_load_bias(info, randomize_va_space ? get_random_long() : 0);
	mm->start_code = ~0UL;
	for (unsigned int i = 0; i < info->nr_loads; i++) {
		const struct elf_segment *s = &info->loads[i];
		u64 va = s->vaddr + bias;

		err = map_segment(mm, fm, s, bias);
		if (err)
			return err;
		if (s->flags & PF_X) {
			if (va < mm->start_code)
				mm->start_code = va;
			if (va + s->filesz > mm->end_code)
				mm->end_code = va + s->filesz;
		} else {
			if (!mm->start_data || va < mm->start_data)
				mm->start_data = va;
			if (va + s->filesz > mm->end_data)
				mm->end_data = va + s->filesz;
		}
		if (va + s->memsz > end)
			end = va + s->memsz;
	}
	if (mm->start_code == ~0UL)
		mm->start_code = 0;
	mm->start_brk = mm->brk =
		PAGE_ALIGN(end) +
		(randomize_va_space > 1 ? mmap_rnd(BRK_RND_RANGE) : 0);

	/* The stack. */
	stack_top = DEFAULT_MAP_WINDOW -
		    (randomize_va_space
			     ? mmap_rnd((STACK_RND_MASK + 1) << PAGE_SHIFT)
			     : 0);
	stack_top &= ~15UL;
	get_random_bytes(rnd, sizeof(rnd));
	args.argv = (const char *const *)b->argv.v;
	args.envp = (const char *const *)b->envp.v;
	args.execfn = b->filename;
	args.platform = "x86_64";
	args.random = rnd;
	args.pad = randomize_va_space ? (u32)get_random_long() : 0;
	args.auxv.hwcap = arch_elf_hwcap();
	args.auxv.pagesz = PAGE_SIZE;
	args.auxv.clktck = 100;
	args.auxv.minsigstksz = arch_min_sigstksz();
	args.auxv.uid = current->cred.uid;
	args.auxv.euid = current->cred.euid;
	args.auxv.gid = current->cred.gid;
	args.auxv.egid = current->cred.egid;
	elf_auxv_from_info(&args.auxv, info, bias);
	size = PAGE_ALIGN(b->argv.bytes + b->envp.bytes + strlen(b->filename) +
			  (b->argv.n + b->envp.n + 2) * 8 + 2 * PAGE_SIZE +
			  ELF_STACK_PAD_MASK + 1);
	buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	err = elf_build_stack(&args, buf, size, stack_top, &lay);
	if (!err) {
		u64 lo = (lay.sp & PAGE_MASK) - STACK_EXPAND;
		unsigned long sflags = VM_READ | VM_WRITE | VM_MAYREAD |
				       VM_MAYWRITE | VM_MAYEXEC | VM_GROWSDOWN;

		if (info->exec_stack)
			sflags |= VM_EXEC;
		err = (int)mm_map_fixed(mm, lo, PAGE_ALIGN(stack_top) - lo,
					sflags, NULL, 0);
		if (!err &&
		    copy_to_user((void __user *)lay.sp,
				 (u8 *)buf + (size - (stack_top - lay.sp)),
				 stack_top - lay.sp))
			err = -EFAULT;
	}
	vfree(buf);
	if (err)
		return err;
	mm->start_stack = lay.sp;
	mm->arg_start = lay.arg_start;
	mm->arg_end = lay.arg_end;
	mm->env_start = lay.env_start;
	mm->env_end = lay.env_end;
	start_thread(task_pt_regs(current), info->entry + bias, lay.sp);
	return 0;
}

static void set_comm_from(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	strscpy(current->comm, base, sizeof(current->comm));
}

static int do_execve_common(struct binprm *b)
{
	struct mm_struct *mm;
	int err;

	err = prepare_binprm(b);
	if (err)
		return err;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	if (current->mm)
		mm->vmas.stack_guard_gap = current->mm->vmas.stack_guard_gap;
	arch_pick_mmap_layout(mm);
	if (fs_real_path(b->exe_path, mm->exe_name, sizeof(mm->exe_name)))
		strscpy(mm->exe_name, b->exe_path, sizeof(mm->exe_name));

	/* --- no return from here on --- */
	exec_mmap(mm);
	current->flags &= ~PF_KTHREAD;
	set_comm_from(b->filename);
	exec_flush_task_state(current);
	arch_set_fsbase(0);
	err = arch_fpu_reset_current();
	if (!err)
		err = load_program(b, mm);
	if (err) {
		pr_info("%s[%d]: exec failed after the point of no return "
			"(%d): killed",
			current->comm, current->pid, err);
		exec_kill_current();
	}
	return 0;
}

static struct binprm *alloc_binprm(void)
{
	return kzalloc(sizeof(struct binprm), GFP_KERNEL);
}

static void free_binprm(struct binprm *b)
{
	free_args(&b->argv);
	free_args(&b->envp);
	if (b->file.filp)
		fput(b->file.filp);
	kfree(b);
}

int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp)
{
	struct binprm *b = alloc_binprm();
	int err;

	if (!b)
		return -ENOMEM;
	if (strlen(filename) >= PATH_MAX) {
		kfree(b);
		return -ENAMETOOLONG;
	}
	strscpy(b->filename, filename, sizeof(b->filename));
	err = copy_strings_kernel(&b->argv, argv);
	if (!err)
		err = copy_strings_kernel(&b->envp, envp);
	if (!err)
		err = do_execve_common(b);
	free_binprm(b);
	return err;
}

SYSCALL_DEFINE3(execve, const char __user *, filename,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct binprm *b = alloc_binprm();
	size_t total = 0;
	long len;
	int err;

	if (!b)
		return -ENOMEM;
	len = strncpy_from_user(b->filename, filename, PATH_MAX);
	if (len < 0)
		err = (int)len;
	else if (len == PATH_MAX)
		err = -ENAMETOOLONG;
	else if (len == 0)
		err = -ENOENT;
	else
		err = copy_strings_user(&b->argv, argv, &total);
	if (!err) {
		err = copy_strings_user(&b->envp, envp, &total);
		if (err)
			free_args(&b->argv);
	}
	if (!err)
		err = do_execve_common(b);
	free_binprm(b);
	return err;
}
