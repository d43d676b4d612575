// SPDX-License-Identifier: MIT
/*
 * Host tests of mm/fault: every row of the decision table at the top of
 * mm/fault.c, kernel-mode faults on user addresses, the error-bit
 * combinations, stack growth with and without room (guard gap,
 * RLIMIT_STACK, mmap_min_addr, merging with a stack below), and that the
 * VMA tree is left exactly as it was unless a stack grew.
 *
 * Expected decisions are written from Linux's semantics, never copied
 * from a run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mm/fault.h"

#define P PAGE_SIZE
#define BASE 0x40000000UL
/* Address of page @n counted from BASE. */
#define PG(n) (BASE + (unsigned long)(n)*P)
#define MAY (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define RW (VM_READ | VM_WRITE | MAY)
#define RO (VM_READ | MAY)
#define RX (VM_READ | VM_EXEC | MAY)
#define RWX (VM_READ | VM_WRITE | VM_EXEC | MAY)
#define STACK (RW | VM_GROWSDOWN)
#define GAP DEFAULT_STACK_GUARD_GAP

/* Where each kind of VMA of the standard layout sits (page numbers). */
enum {
	ANON_RW = 0,
	ANON_RO = 10,
	ANON_NONE = 20,
	ANON_WO = 30,
	ANON_XO = 40,
	ANON_RWX = 50,
	TEXT = 60, /* file_a, private, RX */
	DATA = 70, /* file_a, private, RW */
	SHARED = 80, /* file_b, shared, RW */
	FILE_RO = 90, /* file_b, private, RO */
	ANON_SHARED = 100,
	HOLE = 110, /* nothing mapped from here to the stack's gap */
};

/* The stack: 16 pages right below STACK_TOP. */
#define STACK_TOP 0x7ffff0000000UL
#define STACK_LOW (STACK_TOP - 16 * P)

/* The error codes of the accesses a user makes. */
#define U X86_PF_USER
#define W X86_PF_WRITE
#define I X86_PF_INSTR
#define PROT X86_PF_PROT

#define PTE_BASE (PTE_PRESENT | PTE_USER)

static struct vma_tree tree;
static char file_a, file_b;
static long live;
static struct fault_decision d;

static const struct fault_pte none;
/* A present anonymous page, read-only, mapped @n times. */
#define ANON_PAGE(n) ((struct fault_pte){true, false, true, true, (n), false})
/* The same, writable. */
#define ANON_PAGE_RW ((struct fault_pte){true, true, true, true, 1, false})
/* A file's page cache page in a private VMA, read-only. */
#define FILE_PAGE ((struct fault_pte){true, false, true, true, 1, true})

static struct vm_area_struct *counting_alloc(void *arg)
{
	assert_ptr_equal(arg, &tree);
	live++;
	return malloc(sizeof(struct vm_area_struct));
}

static void counting_free(struct vm_area_struct *vma, void *arg)
{
	assert_ptr_equal(arg, &tree);
	live--;
	free(vma);
}

static void map_vma(unsigned long addr, unsigned long pages,
		    unsigned long flags, void *file, unsigned long pgoff)
{
	assert_int_equal(vma_map(&tree, addr, pages * P, flags, file, pgoff),
			 0);
}

static int setup(void **state)
{
	(void)state;
	live = 0;
	assert_int_equal(vma_tree_init(&tree, TASK_SIZE_4LEVEL,
				       DEFAULT_MMAP_MIN_ADDR, counting_alloc,
				       counting_free, &tree),
			 0);
	map_vma(PG(ANON_RW), 3, RW, NULL, 0);
	map_vma(PG(ANON_RO), 3, RO, NULL, 0);
	map_vma(PG(ANON_NONE), 3, MAY, NULL, 0);
	map_vma(PG(ANON_WO), 3, VM_WRITE | MAY, NULL, 0);
	map_vma(PG(ANON_XO), 3, VM_EXEC | MAY, NULL, 0);
	map_vma(PG(ANON_RWX), 3, RWX, NULL, 0);
	map_vma(PG(TEXT), 3, RX, &file_a, 0);
	map_vma(PG(DATA), 3, RW, &file_a, 3);
	map_vma(PG(SHARED), 3, RW | VM_SHARED | VM_MAYSHARE, &file_b, 0);
	map_vma(PG(FILE_RO), 3, RO, &file_b, 7);
	map_vma(PG(ANON_SHARED), 3, RW | VM_SHARED | VM_MAYSHARE, NULL, 0);
	map_vma(STACK_LOW, 16, STACK, NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vma_tree_destroy(&tree);
	assert_int_equal(live, 0);
	return 0;
}

/* The tree as a list, to compare before and after. */
struct snapshot {
	size_t n;
	struct {
		unsigned long start, end, flags, pgoff;
		void *file;
	} v[32];
};

static void take_snapshot(struct snapshot *s)
{
	struct vm_area_struct *vma;

	memset(s, 0, sizeof(*s));
	for_each_vma(&tree, vma)
	{
		assert_true(s->n < 32);
		s->v[s->n].start = vma->vm_start;
		s->v[s->n].end = vma->vm_end;
		s->v[s->n].flags = vma->vm_flags;
		s->v[s->n].pgoff = vma->vm_pgoff;
		s->v[s->n].file = vma->vm_file;
		s->n++;
	}
	assert_int_equal(s->n, tree.map_count);
}

/* What every decision must satisfy, whatever it is. */
static void check_decision(unsigned long addr, int ret)
{
	assert_int_equal(ret, d.action);
	assert_int_equal(d.address, addr & PAGE_MASK);
	if (d.action == FAULT_SEGV_MAPERR || d.action == FAULT_SEGV_ACCERR) {
		assert_int_equal(d.si_code, (int)d.action);
		assert_int_equal(d.si_addr, addr);
		assert_int_equal(d.prot, 0);
	} else {
		assert_int_equal(d.si_code, 0);
		assert_int_equal(d.si_addr, 0);
	}
	if (d.action == FAULT_SEGV_MAPERR)
		assert_null(d.vma);
	if (d.vma) {
		assert_true(d.vma->vm_start <= addr);
		assert_true(addr < d.vma->vm_end);
	}
	if (d.prot)
		assert_int_equal(d.prot & PTE_BASE, PTE_BASE);
	assert_int_equal(vma_tree_check(&tree, true), 0);
}

/* A fault that must leave the tree alone; returns the action. */
static int fault_at(unsigned long addr, unsigned long err, struct fault_pte pte)
{
	struct snapshot before, after;
	int ret;

	take_snapshot(&before);
	memset(&d, 0x5a, sizeof(d));
	ret = fault_decide(&tree, addr, err, &pte, &d);
	check_decision(addr, ret);
	assert_false(d.grew_stack);
	take_snapshot(&after);
	assert_memory_equal(&before, &after, sizeof(before));
	return ret;
}

/* A fault that may grow a stack, with RLIMIT_STACK @limit. */
static int fault_limit(unsigned long addr, unsigned long err,
		       struct fault_pte pte, unsigned long limit)
{
	int ret;

	memset(&d, 0x5a, sizeof(d));
	ret = fault_decide_limit(&tree, addr, err, &pte, limit, &d);
	check_decision(addr, ret);
	return ret;
}

/* Rows 1-2: reserved bits and SMEP are kernel bugs, whatever else. */
static void test_rsvd_and_smep(void **state)
{
	unsigned long addrs[] = {PG(ANON_RW), PG(ANON_RWX), PG(HOLE), 0,
				 TASK_SIZE_4LEVEL};
	struct fault_pte ptes[] = {none, ANON_PAGE(1), ANON_PAGE_RW};

	(void)state;
	for (size_t a = 0; a < ARRAY_SIZE(addrs); a++) {
		for (size_t p = 0; p < ARRAY_SIZE(ptes); p++) {
			for (unsigned long e = 0; e < 128; e++) {
				if (!(e & X86_PF_RSVD))
					continue;
				assert_int_equal(fault_at(addrs[a], e, ptes[p]),
						 FAULT_BUG);
				assert_null(d.vma);
			}
			/* SMEP: a kernel fetch, even from an exec VMA. */
			assert_int_equal(fault_at(addrs[a], I, ptes[p]),
					 FAULT_BUG);
			assert_int_equal(fault_at(addrs[a], I | PROT, ptes[p]),
					 FAULT_BUG);
		}
	}
	/* The same fetches from user mode are fine. */
	assert_int_equal(fault_at(PG(ANON_RWX), U | I, none),
			 FAULT_DEMAND_ZERO);
	assert_int_equal(fault_at(PG(TEXT), U | I, none), FAULT_FILE_READ);
}

/* Rows 3-4: at and above task_size. */
static void test_kernel_addresses(void **state)
{
	unsigned long top = TASK_SIZE_4LEVEL;

	(void)state;
	assert_int_equal(fault_at(top, U, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(top + 0x123, U | W, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(~0UL, U | PROT, ANON_PAGE(1)),
			 FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(top, 0, none), FAULT_BUG);
	assert_null(d.vma);
	assert_int_equal(fault_at(~0UL - 7, W, none), FAULT_BUG);
	/* The last user page is a user address (unmapped: MAPERR). */
	assert_int_equal(fault_at(top - 1, 0, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(top - 1, U, none), FAULT_SEGV_MAPERR);
}

/* Row 5: below mmap_min_addr, even where a VMA was inserted. */
static void test_below_mmap_min_addr(void **state)
{
	struct vm_area_struct *low = vm_area_alloc(&tree);

	(void)state;
	assert_int_equal(fault_at(0, U, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(8, U | W, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(DEFAULT_MMAP_MIN_ADDR - 1, 0, none),
			 FAULT_SEGV_MAPERR);
	/* A VMA below the limit (vma_insert does not check it). */
	assert_non_null(low);
	low->vm_start = P;
	low->vm_end = DEFAULT_MMAP_MIN_ADDR;
	low->vm_flags = RW;
	low->vm_pgoff = 1;
	assert_int_equal(vma_insert(&tree, low), 0);
	assert_int_equal(fault_at(P, U | W, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(DEFAULT_MMAP_MIN_ADDR - 1, U, none),
			 FAULT_SEGV_MAPERR);
	/* A stack at mmap_min_addr does not grow below it. */
	assert_int_equal(vma_unmap(&tree, P, DEFAULT_MMAP_MIN_ADDR - P), 0);
	map_vma(DEFAULT_MMAP_MIN_ADDR, 2, STACK, NULL, 0);
	assert_int_equal(fault_at(DEFAULT_MMAP_MIN_ADDR - 1, U | W, none),
			 FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(DEFAULT_MMAP_MIN_ADDR, U | W, none),
			 FAULT_DEMAND_ZERO);
}

/* Rows 6-7: no VMA, or below one that is not a stack. */
static void test_no_vma(void **state)
{
	(void)state;
	/* Between VMAs, right below a VMA, right above one. */
	assert_int_equal(fault_at(PG(ANON_RW) + 3 * P, U, none),
			 FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(PG(ANON_RO) - 1, U | W, none),
			 FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(PG(HOLE) + 0x10, U | I, none),
			 FAULT_SEGV_MAPERR);
	/* Above the last VMA. */
	assert_int_equal(fault_at(STACK_TOP, U, none), FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(STACK_TOP + 5 * P, 0, none),
			 FAULT_SEGV_MAPERR);
	/* A present PTE does not help where there is no VMA. */
	assert_int_equal(fault_at(PG(HOLE), U, ANON_PAGE_RW),
			 FAULT_SEGV_MAPERR);
}

/* Rows 9-15: the VMA's rights. */
static void test_access_errors(void **state)
{
	static const struct {
		unsigned long page, err;
		int want;
	} cases[] = {
		/* Rows 9-11: protection keys, SGX, shadow stacks. */
		{ANON_RW, U | X86_PF_PK, FAULT_SEGV_ACCERR},
		{ANON_RW, U | W | X86_PF_PK | PROT, FAULT_SEGV_ACCERR},
		{ANON_RWX, U | X86_PF_SGX, FAULT_SEGV_ACCERR},
		{ANON_RW, U | W | X86_PF_SHSTK, FAULT_SEGV_ACCERR},
		{ANON_RW, W | X86_PF_SHSTK, FAULT_SEGV_ACCERR},
		/* Row 12: writes. */
		{ANON_RO, U | W, FAULT_SEGV_ACCERR},
		{ANON_RO, U | W | PROT, FAULT_SEGV_ACCERR},
		{ANON_NONE, U | W, FAULT_SEGV_ACCERR},
		{ANON_XO, U | W, FAULT_SEGV_ACCERR},
		{TEXT, U | W | PROT, FAULT_SEGV_ACCERR},
		{FILE_RO, W, FAULT_SEGV_ACCERR},
		{ANON_WO, U | W, FAULT_DEMAND_ZERO},
		/* Row 13: fetches from non-exec VMAs. */
		{ANON_RW, U | I, FAULT_SEGV_ACCERR},
		{ANON_RO, U | I, FAULT_SEGV_ACCERR},
		{DATA, U | I, FAULT_SEGV_ACCERR},
		{ANON_NONE, U | I, FAULT_SEGV_ACCERR},
		{ANON_XO, U | I, FAULT_DEMAND_ZERO},
		/* Row 14: read or fetch of a present page. */
		{ANON_RW, U | PROT, FAULT_SEGV_ACCERR},
		{ANON_RWX, U | I | PROT, FAULT_SEGV_ACCERR},
		{TEXT, U | I | PROT, FAULT_SEGV_ACCERR},
		{ANON_NONE, U | PROT, FAULT_SEGV_ACCERR},
		{ANON_RW, PROT, FAULT_SEGV_ACCERR},
		/* Row 15: PROT_NONE; x86 reads write-only and exec-only. */
		{ANON_NONE, U, FAULT_SEGV_ACCERR},
		{ANON_NONE, 0, FAULT_SEGV_ACCERR},
		{ANON_WO, U, FAULT_DEMAND_ZERO},
		{ANON_XO, U, FAULT_DEMAND_ZERO},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long addr = PG(cases[i].page + 1) + 0x18;
		struct fault_pte pte =
			cases[i].err & PROT ? ANON_PAGE(1) : none;

		print_message("# case %zu\n", i);
		assert_int_equal(fault_at(addr, cases[i].err, pte),
				 cases[i].want);
		assert_non_null(d.vma);
		assert_int_equal(d.vma->vm_start, PG(cases[i].page));
	}
}

/* Rows 16-19: nothing mapped yet. */
static void test_not_present(void **state)
{
	static const struct {
		unsigned long page, err;
		int want;
		uint64_t prot;
	} cases[] = {
		/* Row 16: anonymous memory, with the VMA's rights. */
		{ANON_RW, U, FAULT_DEMAND_ZERO, PTE_RW | PTE_NX},
		{ANON_RW, U | W, FAULT_DEMAND_ZERO, PTE_RW | PTE_NX},
		{ANON_RW, W, FAULT_DEMAND_ZERO, PTE_RW | PTE_NX},
		{ANON_RO, U, FAULT_DEMAND_ZERO, PTE_NX},
		{ANON_WO, U, FAULT_DEMAND_ZERO, PTE_RW | PTE_NX},
		{ANON_XO, U | I, FAULT_DEMAND_ZERO, 0},
		{ANON_RWX, U | I, FAULT_DEMAND_ZERO, PTE_RW},
		{ANON_SHARED, U | W, FAULT_DEMAND_ZERO, PTE_RW | PTE_NX},
		/* Row 17: a shared file mapping, with the VMA's rights. */
		{SHARED, U, FAULT_FILE_READ, PTE_RW | PTE_NX},
		{SHARED, U | W, FAULT_FILE_READ, PTE_RW | PTE_NX},
		/* Row 18: a write to a private file page copies it. */
		{DATA, U | W, FAULT_FILE_COPY, PTE_RW | PTE_NX},
		{DATA, W, FAULT_FILE_COPY, PTE_RW | PTE_NX},
		/* Row 19: a read maps the file page, read-only. */
		{DATA, U, FAULT_FILE_READ, PTE_NX},
		{TEXT, U, FAULT_FILE_READ, 0},
		{TEXT, U | I, FAULT_FILE_READ, 0},
		{FILE_RO, U, FAULT_FILE_READ, PTE_NX},
		{FILE_RO, 0, FAULT_FILE_READ, PTE_NX},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long addr = PG(cases[i].page + 2) + 0xfff;

		print_message("# case %zu\n", i);
		assert_int_equal(fault_at(addr, cases[i].err, none),
				 cases[i].want);
		assert_int_equal(d.address, PG(cases[i].page + 2));
		assert_int_equal(d.prot, PTE_BASE | cases[i].prot);
		assert_non_null(d.vma);
		assert_int_equal(d.vma->vm_start, PG(cases[i].page));
	}
}

/* Rows 20-24: a page is mapped. */
static void test_present(void **state)
{
	const struct fault_pte kernel_page = {true, true, false,
					      true, 1,	  false};
	const struct fault_pte shared4 = ANON_PAGE(4);
	const struct {
		unsigned long page, err;
		struct fault_pte pte;
		int want;
		uint64_t prot;
	} cases[] = {
		/* Row 20: a kernel page in a user VMA. */
		{ANON_RW, U | W | PROT, kernel_page, FAULT_BUG, 0},
		{ANON_RW, U, kernel_page, FAULT_BUG, 0},
		/* Row 21: the PTE allows the access already. */
		{ANON_RW, U, ANON_PAGE(1), FAULT_SPURIOUS, 0},
		{ANON_RW, U | W, ANON_PAGE_RW, FAULT_SPURIOUS, 0},
		{ANON_RW, U | W | PROT, ANON_PAGE_RW, FAULT_SPURIOUS, 0},
		{ANON_RWX, U | I, ANON_PAGE(2), FAULT_SPURIOUS, 0},
		{DATA, U, FILE_PAGE, FAULT_SPURIOUS, 0},
		{ANON_RO, U, ANON_PAGE(3), FAULT_SPURIOUS, 0},
		/* Row 22: shared mappings write in place. */
		{SHARED, U | W | PROT, FILE_PAGE, FAULT_SHARED_WRITE,
		 PTE_RW | PTE_NX},
		{ANON_SHARED, U | W | PROT, shared4, FAULT_SHARED_WRITE,
		 PTE_RW | PTE_NX},
		/* Row 23: the first write to a private file page copies. */
		{DATA, U | W | PROT, FILE_PAGE, FAULT_COW_COPY,
		 PTE_RW | PTE_NX},
		{DATA, W | PROT, FILE_PAGE, FAULT_COW_COPY, PTE_RW | PTE_NX},
		/* Row 24: anonymous pages after fork. */
		{ANON_RW, U | W | PROT, ANON_PAGE(2), FAULT_COW_COPY,
		 PTE_RW | PTE_NX},
		{ANON_RWX, U | W | PROT, shared4, FAULT_COW_COPY, PTE_RW},
		{ANON_RW, U | W | PROT, ANON_PAGE(1), FAULT_COW_REUSE,
		 PTE_RW | PTE_NX},
		{ANON_RWX, W | PROT, ANON_PAGE(1), FAULT_COW_REUSE, PTE_RW},
		{DATA, U | W | PROT, ANON_PAGE(1), FAULT_COW_REUSE,
		 PTE_RW | PTE_NX},
		{ANON_RW, U | W | PROT, ANON_PAGE(0), FAULT_BUG, 0},
		/* A write that raced with a new mapping (no PROT bit). */
		{ANON_RW, U | W, ANON_PAGE(2), FAULT_COW_COPY, PTE_RW | PTE_NX},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long addr = PG(cases[i].page) + 0x800;

		print_message("# case %zu\n", i);
		assert_int_equal(fault_at(addr, cases[i].err, cases[i].pte),
				 cases[i].want);
		assert_int_equal(d.prot,
				 cases[i].prot ? PTE_BASE | cases[i].prot : 0);
		assert_non_null(d.vma);
		assert_int_equal(d.vma->vm_start, PG(cases[i].page));
	}
}

/*
 * Kernel-mode faults on user addresses (uaccess) decide as user-mode
 * ones, for every combination of PROT and WRITE, every PTE and VMA.
 */
static void test_kernel_mode_same_rules(void **state)
{
	const unsigned long pages[] = {ANON_RW, ANON_RO, ANON_NONE, ANON_WO,
				       ANON_XO, TEXT,	 DATA,	    SHARED,
				       FILE_RO, HOLE};
	const struct fault_pte ptes[] = {none, ANON_PAGE(1), ANON_PAGE(2),
					 ANON_PAGE_RW, FILE_PAGE};

	(void)state;
	for (size_t p = 0; p < ARRAY_SIZE(pages); p++) {
		for (size_t q = 0; q < ARRAY_SIZE(ptes); q++) {
			for (unsigned long e = 0; e < 4; e++) {
				struct fault_decision user;
				int ret;

				ret = fault_at(PG(pages[p]), e | U, ptes[q]);
				user = d;
				assert_int_equal(
					fault_at(PG(pages[p]), e, ptes[q]),
					ret);
				assert_int_equal(d.prot, user.prot);
				assert_ptr_equal(d.vma, user.vma);
			}
		}
	}
}

/* Every error-code combination of the low 7 bits, user mode. */
static void test_error_bit_sweep(void **state)
{
	(void)state;
	for (unsigned long e = 0; e < 128; e++) {
		int want;
		int got = fault_at(PG(ANON_RWX), e, ANON_PAGE(2));

		if (e & X86_PF_RSVD)
			want = FAULT_BUG;
		else if (!(e & U) && (e & I))
			want = FAULT_BUG;
		else if (e & (X86_PF_PK | X86_PF_SHSTK))
			want = FAULT_SEGV_ACCERR;
		else if (e & W)
			want = FAULT_COW_COPY;
		else if (e & PROT)
			want = FAULT_SEGV_ACCERR;
		else
			want = FAULT_SPURIOUS;
		print_message("# error code %#lx\n", e);
		assert_int_equal(got, want);
	}
}

/* Row 8: the stack grows to the faulting page, then decides normally. */
static void test_stack_grows(void **state)
{
	unsigned long count = tree.map_count;
	unsigned long addr = STACK_LOW - 3 * P + 0x40;

	(void)state;
	assert_int_equal(fault_decide(&tree, addr, U | W, &none, &d),
			 FAULT_DEMAND_ZERO);
	check_decision(addr, d.action);
	assert_true(d.grew_stack);
	assert_int_equal(d.address, STACK_LOW - 3 * P);
	assert_int_equal(d.prot, PTE_BASE | PTE_RW | PTE_NX);
	assert_non_null(d.vma);
	assert_int_equal(d.vma->vm_start, STACK_LOW - 3 * P);
	assert_int_equal(d.vma->vm_end, STACK_TOP);
	assert_int_equal(d.vma->vm_pgoff, (STACK_LOW - 3 * P) >> PAGE_SHIFT);
	assert_int_equal(tree.map_count, count);
	/* Now inside: no growth, the tree stays. */
	assert_int_equal(fault_at(addr, U, none), FAULT_DEMAND_ZERO);
	/* A kernel-mode (uaccess) fault grows it too. */
	assert_int_equal(fault_limit(STACK_LOW - 10 * P, W, none,
				     FAULT_DEFAULT_STACK_LIMIT),
			 FAULT_DEMAND_ZERO);
	assert_true(d.grew_stack);
	assert_int_equal(d.vma->vm_start, STACK_LOW - 10 * P);
}

/* Growth then an access error: both are reported. */
static void test_stack_grows_then_accerr(void **state)
{
	unsigned long low = STACK_LOW - 2 * P;

	(void)state;
	assert_int_equal(vma_protect(&tree, STACK_LOW, 16 * P, VM_READ), 0);
	assert_int_equal(fault_limit(low, U | W, none, 1UL << 30),
			 FAULT_SEGV_ACCERR);
	assert_true(d.grew_stack);
	assert_non_null(d.vma);
	assert_int_equal(d.vma->vm_start, low);
	assert_int_equal(d.si_addr, low);
	/* A read there now maps a read-only page. */
	assert_int_equal(fault_at(low, U, none), FAULT_DEMAND_ZERO);
	assert_int_equal(d.prot, PTE_BASE | PTE_NX);
}

/* RLIMIT_STACK: growth up to the limit exactly, not a page more. */
static void test_stack_limit(void **state)
{
	unsigned long def = FAULT_DEFAULT_STACK_LIMIT;
	struct snapshot before, after;

	(void)state;
	take_snapshot(&before);
	assert_int_equal(fault_limit(STACK_LOW - P, U | W, none, 16 * P),
			 FAULT_SEGV_MAPERR);
	assert_false(d.grew_stack);
	assert_int_equal(
		fault_decide(&tree, STACK_TOP - def - 1, U | W, &none, &d),
		FAULT_SEGV_MAPERR);
	take_snapshot(&after);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(fault_limit(STACK_LOW - P, U | W, none, 17 * P),
			 FAULT_DEMAND_ZERO);
	assert_true(d.grew_stack);
	/* fault_decide's default is 8 MiB. */
	assert_int_equal(fault_decide(&tree, STACK_TOP - def, U, &none, &d),
			 FAULT_DEMAND_ZERO);
	assert_true(d.grew_stack);
	assert_int_equal(d.vma->vm_start, STACK_TOP - def);
}

/* The guard gap below the stack keeps it away from the VMA below. */
static void test_stack_guard_gap(void **state)
{
	unsigned long below_end = STACK_LOW - GAP - 4 * P;
	struct snapshot before, after;

	(void)state;
	map_vma(below_end - 2 * P, 2, RW, NULL, 0);
	take_snapshot(&before);
	/* Less than the gap above the VMA below: refused. */
	assert_int_equal(fault_at(below_end + GAP - P, U | W, none),
			 FAULT_SEGV_MAPERR);
	assert_int_equal(fault_at(below_end + 0x10, U | W, none),
			 FAULT_SEGV_MAPERR);
	take_snapshot(&after);
	assert_memory_equal(&before, &after, sizeof(before));
	/* Exactly the gap: allowed. */
	assert_int_equal(fault_limit(below_end + GAP, U | W, none, 1UL << 30),
			 FAULT_DEMAND_ZERO);
	assert_true(d.grew_stack);
	assert_int_equal(d.vma->vm_start, below_end + GAP);
}

/* No gap against a PROT_NONE VMA or a stack below; stacks merge. */
static void test_stack_no_gap_cases(void **state)
{
	unsigned long count;

	(void)state;
	/* A PROT_NONE guard right below the gap's reach. */
	map_vma(STACK_LOW - 8 * P, 2, MAY, NULL, 0);
	assert_int_equal(fault_limit(STACK_LOW - 6 * P, U | W, none, 1UL << 30),
			 FAULT_DEMAND_ZERO);
	assert_true(d.grew_stack);
	/* Into the PROT_NONE VMA: it covers the address; ACCERR. */
	assert_int_equal(fault_at(STACK_LOW - 7 * P, U | W, none),
			 FAULT_SEGV_ACCERR);
	/* A stack below with the same flags: the two merge. */
	assert_int_equal(vma_unmap(&tree, STACK_LOW - 8 * P, 2 * P), 0);
	map_vma(STACK_LOW - 12 * P, 4, STACK, NULL, 0);
	count = tree.map_count;
	assert_int_equal(fault_limit(STACK_LOW - 8 * P, U, none, 1UL << 30),
			 FAULT_DEMAND_ZERO);
	assert_true(d.grew_stack);
	assert_int_equal(tree.map_count, count - 1);
	assert_int_equal(d.vma->vm_start, STACK_LOW - 12 * P);
	assert_int_equal(d.vma->vm_end, STACK_TOP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rsvd_and_smep, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kernel_addresses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_below_mmap_min_addr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_vma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_present, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_present, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_mode_same_rules,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_bit_sweep, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stack_grows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stack_grows_then_accerr,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_stack_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stack_guard_gap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stack_no_gap_cases, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
