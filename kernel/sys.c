// SPDX-License-Identifier: MIT
/*
 * Identity, limits, system information and other small system calls
 * (Linux's kernel/sys.c, kernel/pid.c, drivers/char/random.c's getrandom,
 * kernel/reboot.c). keel has one thread per process, so pid == tgid ==
 * tid.
 */
#include "kernel/arch/machine.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "mm/page_alloc.h"

/* --- ids --- */

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	struct task_struct *parent = current->parent;

	/* The idle task "parents" orphans before pid 1 exists: 0, as a
	 * Linux task whose parent is in no namespace of ours. */
	return parent && !is_idle_task(parent) ? parent->tgid : 0;
}

SYSCALL_DEFINE0(getuid)
{
	return current->cred.uid;
}

SYSCALL_DEFINE0(geteuid)
{
	return current->cred.euid;
}

SYSCALL_DEFINE0(getgid)
{
	return current->cred.gid;
}

SYSCALL_DEFINE0(getegid)
{
	return current->cred.egid;
}

SYSCALL_DEFINE3(getresuid, uid_t __user *, ruid, uid_t __user *, euid,
		uid_t __user *, suid)
{
	const struct task_cred *c = &current->cred;

	if (put_user(c->uid, ruid) || put_user(c->euid, euid) ||
	    put_user(c->suid, suid))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresgid, gid_t __user *, rgid, gid_t __user *, egid,
		gid_t __user *, sgid)
{
	const struct task_cred *c = &current->cred;

	if (put_user(c->gid, rgid) || put_user(c->egid, egid) ||
	    put_user(c->sgid, sgid))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(getgroups, int, size, gid_t __user *, list)
{
	(void)list;
	return size < 0 ? -EINVAL : 0; /* no supplementary groups */
}

/* setuid/setgid: root may set all ids; others only to an id they have. */
SYSCALL_DEFINE1(setuid, uid_t, uid)
{
	struct task_cred *c = &current->cred;

	if (uid == (uid_t)-1)
		return -EINVAL;
	if (c->euid == 0) {
		c->uid = c->euid = c->suid = c->fsuid = uid;
		return 0;
	}
	if (uid != c->uid && uid != c->suid)
		return -EPERM;
	c->euid = c->fsuid = uid;
	return 0;
}

SYSCALL_DEFINE1(setgid, gid_t, gid)
{
	struct task_cred *c = &current->cred;

	if (gid == (gid_t)-1)
		return -EINVAL;
	if (c->euid == 0) {
		c->gid = c->egid = c->sgid = c->fsgid = gid;
		return 0;
	}
	if (gid != c->gid && gid != c->sgid)
		return -EPERM;
	c->egid = c->fsgid = gid;
	return 0;
}

/* --- process groups and sessions --- */

/* A zombie (exited, not reaped) still counts, as in Linux, where it stays
 * attached to its group until it is released: a shell's pipeline joins
 * the group of a first command that has already exited. */
static bool pgrp_exists_in_session(pid_t pgrp, pid_t sid)
{
	struct task_struct *p;
	bool found = false;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	list_for_each_entry (p, &task_list, tasks)
		if (p->pgrp == pgrp && p->session == sid &&
		    p->exit_state != EXIT_DEAD) {
			found = true;
			break;
		}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *p;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	if (!pid)
		pid = current->pid;
	if (!pgid)
		pgid = pid;
	p = find_get_task_by_pid(pid);
	if (!p)
		return -ESRCH;
	if (p != current && p->parent != current) {
		ret = -ESRCH; /* neither itself nor a child */
	} else if (p->parent == current && p != current &&
		   p->session != current->session) {
		ret = -EPERM;
	} else if (p->pid == p->session) {
		ret = -EPERM; /* a session leader */
	} else if (pgid != pid &&
		   !pgrp_exists_in_session(pgid, current->session)) {
		ret = -EPERM;
	} else {
		p->pgrp = pgid;
	}
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	struct task_struct *p;
	pid_t pgrp;

	if (!pid)
		return current->pgrp;
	p = find_get_task_by_pid(pid);
	if (!p)
		return -ESRCH;
	pgrp = p->pgrp;
	put_task_struct(p);
	return pgrp;
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgrp;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	struct task_struct *p;
	pid_t sid;

	if (!pid)
		return current->session;
	p = find_get_task_by_pid(pid);
	if (!p)
		return -ESRCH;
	sid = p->session;
	put_task_struct(p);
	return sid;
}

SYSCALL_DEFINE0(setsid)
{
	struct task_struct *p = current;

	/* A process group leader, or anyone whose pid is some group's id,
	 * may not start a session. */
	if (p->pgrp == p->pid || pgrp_exists_in_session(p->pid, p->session))
		return -EPERM;
	p->session = p->pid;
	p->pgrp = p->pid;
	return p->session;
}

/* --- uname --- */

#define UTS_LEN 65

struct new_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

/*
 * sysname is "Linux" because keel speaks Linux's ABI and programs (and C
 * libraries: glibc parses the release for its minimum kernel version)
 * decide what they may use from it; the release says which Linux keel
 * follows, and that it is keel.
 */
SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strscpy(u.sysname, "Linux", UTS_LEN);
	strscpy(u.nodename, "(none)", UTS_LEN);
	strscpy(u.release, "6.1.0-keel", UTS_LEN);
	strscpy(u.version, "#1 keel " KEEL_VERSION, UTS_LEN);
	strscpy(u.machine, "x86_64", UTS_LEN);
	strscpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

/* --- limits --- */

static int do_prlimit(struct task_struct *p, unsigned int resource,
		      const struct rlimit64 *new, struct rlimit64 *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (new->rlim_max > p->rlim[resource].rlim_max &&
		    current->cred.euid != 0)
			return -EPERM;
		if (resource == RLIMIT_NOFILE && new->rlim_max > 1048576)
			return -EPERM; /* Linux's nr_open */
	}
	if (old)
		*old = p->rlim[resource];
	if (new)
		p->rlim[resource] = *new;
	return 0;
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim,
		struct rlimit64 __user *, old_rlim)
{
	struct rlimit64 new, old;
	struct task_struct *p;
	long ret;

	if (new_rlim && copy_from_user(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	if (pid && pid != current->pid) {
		p = find_get_task_by_pid(pid);
		if (!p)
			return -ESRCH;
	} else {
		p = current;
		get_task_struct(p);
	}
	ret = do_prlimit(p, resource, new_rlim ? &new : NULL,
			 old_rlim ? &old : NULL);
	put_task_struct(p);
	if (!ret && old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}

/* struct rlimit of getrlimit/setrlimit: unsigned long, same as 64. */
SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit64 __user *,
		rlim)
{
	struct rlimit64 old;
	int ret = do_prlimit(current, resource, NULL, &old);

	if (ret)
		return ret;
	return copy_to_user(rlim, &old, sizeof(old)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, struct rlimit64 __user *,
		rlim)
{
	struct rlimit64 new;

	if (copy_from_user(&new, rlim, sizeof(new)))
		return -EFAULT;
	return do_prlimit(current, resource, &new, NULL);
}

/* --- sysinfo --- */

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo");

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo s;
	u64 loads[3];

	memset(&s, 0, sizeof(s));
	s.uptime = (long)DIV_ROUND_UP(ktime_get_ns(), NSEC_PER_SEC);
	sched_get_avenrun(loads);
	for (int i = 0; i < 3; i++) /* SI_LOAD_SHIFT 16 from FSHIFT 11 */
		s.loads[i] = (unsigned long)(loads[i] << 5);
	s.totalram = totalram_pages();
	s.freeram = nr_free_pages();
	s.procs = (unsigned short)nr_tasks();
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* --- prctl --- */

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	char comm[TASK_COMM_LEN];

	(void)arg3;
	(void)arg4;
	(void)arg5;
	switch (option) {
	case PR_SET_NAME:
		memset(comm, 0, sizeof(comm));
		if (strncpy_from_user(comm, (const char __user *)arg2,
				      sizeof(comm) - 1) < 0)
			return -EFAULT;
		memcpy(current->comm, comm, sizeof(comm));
		return 0;
	case PR_GET_NAME:
		memcpy(comm, current->comm, sizeof(comm));
		return copy_to_user((void __user *)arg2, comm, sizeof(comm))
			       ? -EFAULT
			       : 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > 64)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user(current->pdeath_signal, (int __user *)arg2);
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return arg2 > 1 ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* --- threads' bookkeeping (set_tid_address, robust lists) --- */

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* Linux's struct robust_list_head: three words. */
#define ROBUST_LIST_HEAD_SIZE 24

SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

/* --- getrandom --- */

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002
#define GRND_INSECURE 0x0004

SYSCALL_DEFINE3(getrandom, char __user *, buf, size_t, count, unsigned int,
		flags)
{
	u8 chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (count > 0x7ffff000) /* MAX_RW_COUNT */
		count = 0x7ffff000;
	while (done < count) {
		size_t n = count - done < sizeof(chunk) ? count - done
							: sizeof(chunk);

		get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
		if (task_signal_pending(current) && done < count)
			return (long)done;
	}
	memset(chunk, 0, sizeof(chunk));
	return (long)done;
}

/* --- reboot --- */

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xCDEF0123
#define LINUX_REBOOT_CMD_CAD_ON 0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2 0xA1B2C3D4

SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd,
		void __user *, arg)
{
	(void)arg;
	if (current->cred.euid != 0)
		return -EPERM;
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_emerg("reboot: Restarting system");
		arch_machine_restart();
	case LINUX_REBOOT_CMD_HALT:
		pr_emerg("reboot: System halted");
		arch_halt_forever();
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_emerg("reboot: Power down");
		arch_machine_power_off();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

/* setresuid/setresgid: -1 keeps a value; without euid 0 each new value
 * must be one of the current real, effective or saved ids. */
static bool id_allowed(unsigned int id, unsigned int r, unsigned int e,
		       unsigned int s)
{
	return id == (unsigned int)-1 || id == r || id == e || id == s;
}

SYSCALL_DEFINE3(setresuid, uid_t, ruid, uid_t, euid, uid_t, suid)
{
	struct task_cred *c = &current->cred;

	if (c->euid != 0 && (!id_allowed(ruid, c->uid, c->euid, c->suid) ||
			     !id_allowed(euid, c->uid, c->euid, c->suid) ||
			     !id_allowed(suid, c->uid, c->euid, c->suid)))
		return -EPERM;
	if (ruid != (uid_t)-1)
		c->uid = ruid;
	if (euid != (uid_t)-1)
		c->euid = euid;
	if (suid != (uid_t)-1)
		c->suid = suid;
	c->fsuid = c->euid;
	return 0;
}

SYSCALL_DEFINE3(setresgid, gid_t, rgid, gid_t, egid, gid_t, sgid)
{
	struct task_cred *c = &current->cred;

	if (c->euid != 0 && (!id_allowed(rgid, c->gid, c->egid, c->sgid) ||
			     !id_allowed(egid, c->gid, c->egid, c->sgid) ||
			     !id_allowed(sgid, c->gid, c->egid, c->sgid)))
		return -EPERM;
	if (rgid != (gid_t)-1)
		c->gid = rgid;
	if (egid != (gid_t)-1)
		c->egid = egid;
	if (sgid != (gid_t)-1)
		c->sgid = sgid;
	c->fsgid = c->egid;
	return 0;
}
