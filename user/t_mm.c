/* SPDX-License-Identifier: MIT */
/*
 * t_mm: the address space as Linux gives it to a process -- demand paging,
 * copy-on-write after fork, stack growth, SIGSEGV with the right si_code
 * and si_addr, NX, the NULL page and mmap_min_addr, munmap splitting a
 * VMA, mprotect, mremap, brk and madvise(MADV_DONTNEED).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault.h"
#include "ktap.h"

#define PAGE 4096UL
#define MIB (1UL << 20)
/* Linux's default vm.mmap_min_addr (and keel's): 64 KiB. */
#define MMAP_MIN_ADDR 0x10000UL

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Did touching @addr fault with SIGSEGV, @code, si_addr == @addr? */
static int segv_at(int faulted, const struct fault *f, void *addr, int code)
{
	if (!faulted) {
		ktap_diag("no fault at %p", addr);
		return 0;
	}
	if (f->signo != SIGSEGV || f->code != code || f->addr != addr) {
		ktap_diag("at %p: signal %d code %d addr %p; want %d %d %p",
			  addr, f->signo, f->code, f->addr, SIGSEGV, code,
			  addr);
		return 0;
	}
	return 1;
}

/* 64 MiB of anonymous memory: zero on first touch, every page its own. */
static void test_demand_paging(void)
{
	size_t len = 64 * MIB, bad = 0;
	unsigned char *p = map(len, PROT_READ | PROT_WRITE);

	if (!p) {
		KTAP_EXPECT(0, "demand_paging_64MiB");
		return;
	}
	for (size_t off = 0; off < len; off += PAGE) {
		if (p[off] != 0 || p[off + PAGE - 1] != 0)
			bad++;
		p[off] = (unsigned char)(off / PAGE);
		p[off + PAGE - 1] = (unsigned char)~(off / PAGE);
	}
	for (size_t off = 0; off < len; off += PAGE)
		if (p[off] != (unsigned char)(off / PAGE) ||
		    p[off + PAGE - 1] != (unsigned char)~(off / PAGE))
			bad++;
	if (bad)
		ktap_diag("%zu bad pages", bad);
	munmap(p, len);
	KTAP_EXPECT(bad == 0, "demand_paging_64MiB");
}

/*
 * COW: after fork each side sees its own writes and never the other's,
 * writes made before the fork are seen by both, on a private anonymous
 * page and on a data page of the executable.
 */
static int cow_data = 1;

static void test_cow(void)
{
	volatile int *anon = map(PAGE, PROT_READ | PROT_WRITE);
	int to_child[2], to_parent[2], status = -1, ok = 1;
	char c = 0;

	if (!anon || pipe(to_child) || pipe(to_parent)) {
		KTAP_EXPECT(0, "cow_after_fork");
		return;
	}
	*anon = 100;
	cow_data = 200;
	pid_t pid = fork();

	if (pid == 0) {
		int bad = 0;

		/* Wait until the parent wrote its values after the fork. */
		if (read(to_child[0], &c, 1) != 1)
			_exit(10);
		bad |= (*anon != 100) << 0;
		bad |= (cow_data != 200) << 1;
		*anon = 101;
		cow_data = 201;
		bad |= (*anon != 101) << 2;
		bad |= (cow_data != 201) << 3;
		if (write(to_parent[1], "x", 1) != 1)
			_exit(11);
		/* The parent writes again; we keep ours. */
		if (read(to_child[0], &c, 1) != 1)
			_exit(12);
		bad |= (*anon != 101) << 4;
		bad |= (cow_data != 201) << 5;
		_exit(bad);
	}
	if (pid < 0) {
		KTAP_EXPECT(0, "cow_after_fork");
		return;
	}
	*anon = 300;
	cow_data = 400;
	ok &= write(to_child[1], "x", 1) == 1;
	ok &= read(to_parent[0], &c, 1) == 1;
	ok &= *anon == 300 && cow_data == 400;
	*anon = 301;
	cow_data = 401;
	ok &= write(to_child[1], "x", 1) == 1;
	ok &= waitpid(pid, &status, 0) == pid;
	ok &= *anon == 301 && cow_data == 401;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		ktap_diag("child status %#x (bits: which check failed)",
			  status);
	ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	munmap((void *)anon, PAGE);
	KTAP_EXPECT(ok, "cow_after_fork");
}

/* Many COW children of one page: each write copies, the parent's stays. */
static void test_cow_many(void)
{
	volatile unsigned char *p = map(16 * PAGE, PROT_READ | PROT_WRITE);
	int ok = p != NULL;

	for (int i = 0; ok && i < 16; i++)
		p[i * PAGE] = (unsigned char)i;
	for (int k = 0; ok && k < 8; k++) {
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			for (int i = 0; i < 16; i++) {
				if (p[i * PAGE] != (unsigned char)(i + k))
					_exit(1);
				p[i * PAGE] = (unsigned char)(0xa0 + k);
			}
			_exit(0);
		}
		ok &= pid > 0 && waitpid(pid, &status, 0) == pid &&
		      WIFEXITED(status) && WEXITSTATUS(status) == 0;
		for (int i = 0; ok && i < 16; i++) {
			ok &= p[i * PAGE] == (unsigned char)(i + k);
			p[i * PAGE] = (unsigned char)(i + k + 1);
		}
	}
	if (p)
		munmap((void *)p, 16 * PAGE);
	KTAP_EXPECT(ok, "cow_many_children");
}

/* The stack grows: deep recursion, then one big jump below it. */
static __attribute__((noinline)) unsigned long recurse(int depth)
{
	volatile unsigned char frame[2048];

	frame[0] = (unsigned char)depth;
	frame[sizeof(frame) - 1] = (unsigned char)depth;
	if (depth == 0)
		return frame[0];
	return recurse(depth - 1) + frame[0] + frame[sizeof(frame) - 1] -
	       2 * (unsigned char)depth;
}

static __attribute__((noinline)) int big_alloca(size_t len)
{
	volatile unsigned char *p = __builtin_alloca(len);

	/* Lowest address first: one access far below the stack's end. */
	p[0] = 1;
	p[len / 2] = 2;
	p[len - 1] = 3;
	return p[0] == 1 && p[len / 2] == 2 && p[len - 1] == 3;
}

static void test_stack_growth(void)
{
	/* 1024 frames of >2 KiB: about 2.5 MiB of stack. */
	KTAP_EXPECT(recurse(1024) == 0, "stack_growth_recursion");
	KTAP_EXPECT(big_alloca(1 * MIB), "stack_growth_alloca_1MiB");
}

static void test_segv_maperr(void)
{
	unsigned char *p = map(PAGE, PROT_READ | PROT_WRITE);
	struct fault f;
	int ok = p && munmap(p, PAGE) == 0;

	ok = ok && segv_at(probe_read(p + 123, &f), &f, p + 123, SEGV_MAPERR);
	ok = ok && segv_at(probe_write(p + 5, 1, &f), &f, p + 5, SEGV_MAPERR);
	KTAP_EXPECT(ok, "sigsegv_maperr_unmapped");
}

static void test_segv_accerr(void)
{
	unsigned char *p = map(PAGE, PROT_READ);
	struct fault f;
	int ok = p != NULL;

	ok = ok && !probe_read(p + 7, &f);
	ok = ok && segv_at(probe_write(p + 7, 1, &f), &f, p + 7, SEGV_ACCERR);
	if (p)
		munmap(p, PAGE);
	/* PROT_NONE: present in the address space, no access at all. */
	p = map(PAGE, PROT_NONE);
	ok = ok && p && segv_at(probe_read(p, &f), &f, p, SEGV_ACCERR);
	if (p)
		munmap(p, PAGE);
	KTAP_EXPECT(ok, "sigsegv_accerr_readonly_and_none");
}

/* Executing a data page faults (NX); the same code in an exec page runs. */
static void test_nx(void)
{
	unsigned char *data = map(PAGE, PROT_READ | PROT_WRITE);
	unsigned char *code = map(PAGE, PROT_READ | PROT_WRITE);
	struct fault f;
	int ok = data && code;

	if (ok) {
		data[0] = 0xc3; /* ret */
		code[0] = 0xc3;
		ok = mprotect(code, PAGE, PROT_READ | PROT_EXEC) == 0;
	}
	ok = ok && !probe_exec(code, &f);
	if (!ok)
		ktap_diag("the PROT_EXEC control page did not run");
	ok = ok && segv_at(probe_exec(data, &f), &f, data, SEGV_ACCERR);
	if (data)
		munmap(data, PAGE);
	if (code)
		munmap(code, PAGE);
	KTAP_EXPECT(ok, "nx_data_page_faults");
}

static void test_null_page(void)
{
	struct fault f;

	KTAP_EXPECT(segv_at(probe_read(NULL, &f), &f, NULL, SEGV_MAPERR) &&
			    segv_at(probe_read((void *)8, &f), &f, (void *)8,
				    SEGV_MAPERR),
		    "null_page_read_faults");
}

/*
 * The lowest address mmap gives: Linux's vm.mmap_min_addr when /proc
 * shows it (a host may lower it), else the default, 64 KiB.
 */
static unsigned long mmap_min_addr(void)
{
	FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
	unsigned long v = MMAP_MIN_ADDR;

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = MMAP_MIN_ADDR;
		fclose(f);
	}
	if (v != MMAP_MIN_ADDR)
		ktap_diag("vm.mmap_min_addr is %#lx here", v);
	return v < PAGE ? PAGE : v;
}

/*
 * mmap below mmap_min_addr with MAP_FIXED: EPERM for a process without
 * CAP_SYS_RAWIO (root has it on Linux, so the check runs in a child that
 * gave up root). Without MAP_FIXED a hint there is moved up.
 */
static void test_mmap_min_addr(void)
{
	unsigned long min = mmap_min_addr();
	pid_t pid = fork();
	int status = -1;

	if (pid == 0) {
		int bad = 0;

		if (getuid() == 0 && setresuid(65534, 65534, 65534)) {
			ktap_diag("setresuid(65534): %s", strerror(errno));
			_exit(100);
		}
		const unsigned long addrs[] = {0, min / 2 & ~(PAGE - 1),
					       min - PAGE};

		for (unsigned i = 0; i < sizeof(addrs) / sizeof(addrs[0]);
		     i++) {
			void *p = mmap(
				(void *)addrs[i], PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

			if (p != MAP_FAILED || errno != EPERM) {
				ktap_diag("mmap(%#lx, MAP_FIXED) = %p, %s",
					  addrs[i], p,
					  p == MAP_FAILED ? strerror(errno)
							  : "no error");
				bad |= 1 << i;
			}
		}
		void *p = mmap((void *)PAGE, PAGE, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || (unsigned long)p < min) {
			ktap_diag("mmap(hint %#lx) = %p", PAGE, p);
			bad |= 8;
		}
		_exit(bad);
	}
	KTAP_EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid &&
			    WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "mmap_below_mmap_min_addr_eperm");
}

/* Unmapping the middle page of three leaves two working VMAs. */
static void test_munmap_split(void)
{
	unsigned char *p = map(3 * PAGE, PROT_READ | PROT_WRITE);
	struct fault f;
	int ok = p != NULL;

	if (ok) {
		memset(p, 0x11, PAGE);
		memset(p + PAGE, 0x22, PAGE);
		memset(p + 2 * PAGE, 0x33, PAGE);
		ok = munmap(p + PAGE, PAGE) == 0;
	}
	ok = ok && p[0] == 0x11 && p[PAGE - 1] == 0x11;
	ok = ok && p[2 * PAGE] == 0x33 && p[3 * PAGE - 1] == 0x33;
	ok = ok && segv_at(probe_read(p + PAGE, &f), &f, p + PAGE, SEGV_MAPERR);
	ok = ok && segv_at(probe_read(p + 2 * PAGE - 1, &f), &f,
			   p + 2 * PAGE - 1, SEGV_MAPERR);
	if (ok) {
		p[0] = 0x44;
		p[2 * PAGE] = 0x55;
		ok = p[0] == 0x44 && p[2 * PAGE] == 0x55;
	}
	/* munmap of a range with a hole in it is fine; unaligned is not. */
	ok = ok && munmap(p + 1, PAGE) == -1 && errno == EINVAL;
	ok = ok && munmap(p, 3 * PAGE) == 0;
	ok = ok && segv_at(probe_read(p, &f), &f, p, SEGV_MAPERR);
	KTAP_EXPECT(ok, "munmap_splits_vma");
}

static void test_mprotect(void)
{
	unsigned char *p = map(2 * PAGE, PROT_READ | PROT_WRITE);
	struct fault f;
	int ok = p != NULL;

	if (ok) {
		p[0] = 0x5a;
		p[PAGE] = 0xa5;
		/* Only the first page: splits the VMA. */
		ok = mprotect(p, PAGE, PROT_READ) == 0;
	}
	ok = ok && p[0] == 0x5a;
	ok = ok && segv_at(probe_write(p + 1, 1, &f), &f, p + 1, SEGV_ACCERR);
	ok = ok && !probe_write(p + PAGE, 0x77, &f) && p[PAGE] == 0x77;
	ok = ok && mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0;
	ok = ok && !probe_write(p + 1, 0x66, &f) && p[1] == 0x66 &&
	     p[0] == 0x5a;
	/* musl's mprotect() rounds the address down: the raw call. */
	ok = ok && syscall(SYS_mprotect, p + 1, PAGE, PROT_READ) == -1 &&
	     errno == EINVAL;
	if (p)
		munmap(p, 2 * PAGE);
	KTAP_EXPECT(ok, "mprotect_readonly_then_restore");
}

static void fill(unsigned char *p, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i += 512)
		p[i] = (unsigned char)(i / 512 * 7 + seed);
}

static int check(const unsigned char *p, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i += 512)
		if (p[i] != (unsigned char)(i / 512 * 7 + seed))
			return 0;
	return 1;
}

static void test_mremap(void)
{
	struct fault f;
	/* Reserve 8 pages, keep the first: room to grow in place. */
	unsigned char *p = map(8 * PAGE, PROT_READ | PROT_WRITE), *q;
	int ok = p && munmap(p + PAGE, 7 * PAGE) == 0;

	if (ok)
		fill(p, PAGE, 1);
	q = ok ? mremap(p, PAGE, 4 * PAGE, 0) : MAP_FAILED;
	ok = ok && q == p && check(p, PAGE, 1);
	/* The new part is zero and usable. */
	ok = ok && p[4 * PAGE - 1] == 0 && !probe_write(p + 3 * PAGE, 9, &f);
	if (!ok)
		ktap_diag("grow in place: %p -> %p", p, q);
	KTAP_EXPECT(ok, "mremap_grow_in_place");

	/* A blocker after it: growing must move, with MREMAP_MAYMOVE. */
	unsigned char *blocker =
		ok ? mmap(p + 4 * PAGE, PAGE, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
		   : MAP_FAILED;

	ok = ok && blocker == p + 4 * PAGE;
	if (ok)
		fill(p, 4 * PAGE, 3);
	ok = ok && mremap(p, 4 * PAGE, 64 * PAGE, 0) == MAP_FAILED &&
	     errno == ENOMEM;
	q = ok ? mremap(p, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE) : MAP_FAILED;
	ok = ok && q != MAP_FAILED && q != p && check(q, 4 * PAGE, 3);
	ok = ok && q[64 * PAGE - 1] == 0;
	ok = ok && segv_at(probe_read(p, &f), &f, p, SEGV_MAPERR);
	if (q != MAP_FAILED) {
		/* Shrink in place. */
		ok = ok && mremap(q, 64 * PAGE, 2 * PAGE, 0) == q &&
		     check(q, 2 * PAGE, 3);
		ok = ok && segv_at(probe_read(q + 2 * PAGE, &f), &f,
				   q + 2 * PAGE, SEGV_MAPERR);
		munmap(q, 2 * PAGE);
	}
	if (blocker != MAP_FAILED)
		munmap(blocker, PAGE);
	KTAP_EXPECT(ok, "mremap_maymove_keeps_contents");
}

static void *sys_brk(void *addr)
{
	return (void *)syscall(SYS_brk, addr);
}

static void test_brk(void)
{
	unsigned char *start = sys_brk(NULL), *end;
	struct fault f;
	int ok = start != NULL && start != (void *)-1;

	ok = ok && sys_brk(NULL) == start;
	end = start + 256 * 1024;
	ok = ok && sys_brk(end) == end && sys_brk(NULL) == end;
	if (ok) {
		ok = start[0] == 0 && end[-1] == 0;
		memset(start, 0xee, (size_t)(end - start));
		ok = ok && start[0] == 0xee && end[-1] == 0xee;
	}
	KTAP_EXPECT(ok, "brk_grow");

	/* Shrink: the memory above the break goes away... */
	unsigned char *mid =
		(unsigned char *)(((uintptr_t)start + 2 * PAGE) & ~(PAGE - 1));

	ok = ok && sys_brk(mid) == mid && start[0] == 0xee && mid[-1] == 0xee;
	ok = ok &&
	     segv_at(probe_read(mid + PAGE, &f), &f, mid + PAGE, SEGV_MAPERR);
	/* ... and comes back zeroed. */
	ok = ok && sys_brk(end) == end && mid[PAGE] == 0 && end[-1] == 0 &&
	     mid[-1] == 0xee;
	/* A break below the start is refused: brk() returns the old one. */
	ok = ok && sys_brk(start - 64 * MIB) == end;
	ok = ok && sys_brk(start) == start;
	KTAP_EXPECT(ok, "brk_shrink_and_regrow");
}

static void test_madvise_dontneed(void)
{
	unsigned char *p = map(4 * PAGE, PROT_READ | PROT_WRITE);
	int ok = p != NULL;

	if (ok) {
		memset(p, 0x77, 4 * PAGE);
		ok = madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED) == 0;
	}
	ok = ok && p[0] == 0x77 && p[PAGE - 1] == 0x77;
	ok = ok && p[PAGE] == 0 && p[3 * PAGE - 1] == 0;
	ok = ok && p[3 * PAGE] == 0x77;
	if (ok) {
		p[PAGE] = 1;
		ok = p[PAGE] == 1;
	}
	if (p)
		munmap(p, 4 * PAGE);
	KTAP_EXPECT(ok, "madvise_dontneed_zeroes");
}

static const char *self_path;

/*
 * The 47-bit window: without a hint nothing lands above 2^47, even with
 * 5-level paging; a hint above it is honoured with 5-level paging and
 * ignored (an address below 2^47) with 4-level.
 */
static void test_47bit_window(void)
{
	const unsigned long window = 1UL << 47, hint = 1UL << 50;
	void *low =
		mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *high = mmap((void *)hint, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ok = low != MAP_FAILED && (unsigned long)low < window &&
		 high != MAP_FAILED &&
		 ((unsigned long)high == hint ||
		  (unsigned long)high + 4096 <= window);

	if (ok && (unsigned long)high == hint) {
		*(volatile int *)high = 1; /* really usable up there */
		ktap_diag("5-level paging: the hint above 2^47 was taken");
	}
	if (low != MAP_FAILED)
		munmap(low, 4096);
	if (high != MAP_FAILED)
		munmap(high, 4096);
	KTAP_EXPECT(ok, "mmap_47bit_window");
}

/* --layout: print where the stack, the heap and a new mapping are. */
static int print_layout(void)
{
	int local;
	void *m =
		mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ktap_print("%lx %lx %lx\n", (unsigned long)&local,
		   (unsigned long)sbrk(0), (unsigned long)m);
	return 0;
}

/*
 * Randomised layout (randomize_va_space 2, the default of both kernels):
 * two runs of the same program put the stack, brk and the mmap base in
 * different places.
 */
static void test_layout_randomised(void)
{
	unsigned long v[2][3];
	int ok = 1;

	for (int i = 0; i < 2 && ok; i++) {
		char buf[128] = {0};
		int fd[2], status;
		ssize_t n;
		pid_t pid;

		ok &= pipe(fd) == 0;
		pid = fork();
		if (pid == 0) {
			dup2(fd[1], 1);
			execl("/proc/self/exe", "t_mm", "--layout", (char *)0);
			execl(self_path, "t_mm", "--layout", (char *)0);
			_exit(127);
		}
		close(fd[1]);
		n = read(fd[0], buf, sizeof(buf) - 1);
		close(fd[0]);
		ok &= pid > 0 && waitpid(pid, &status, 0) == pid && n > 0 &&
		      sscanf(buf, "%lx %lx %lx", &v[i][0], &v[i][1],
			     &v[i][2]) == 3;
	}
	if (ok)
		ktap_diag("stack %lx/%lx brk %lx/%lx mmap %lx/%lx", v[0][0],
			  v[1][0], v[0][1], v[1][1], v[0][2], v[1][2]);
	KTAP_EXPECT(ok && v[0][0] != v[1][0] && v[0][1] != v[1][1] &&
			    v[0][2] != v[1][2],
		    "layout_randomised");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--layout"))
		return print_layout();
	self_path = argv[0];
	ktap_plan(19);
	/* brk first, before anything could have moved the break. */
	test_brk();
	test_demand_paging();
	test_cow();
	test_cow_many();
	test_stack_growth();
	test_segv_maperr();
	test_segv_accerr();
	test_nx();
	test_null_page();
	test_mmap_min_addr();
	test_munmap_split();
	test_mprotect();
	test_mremap();
	test_madvise_dontneed();
	test_layout_randomised();
	test_47bit_window();
	ktap_finish();
}
