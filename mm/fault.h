/* SPDX-License-Identifier: MIT */
/*
 * What a page fault on a user address means, decided without the CPU:
 * which VMA, may the access grow the stack, is it allowed by the VMA's
 * rights, is it a copy-on-write break, which rights the new PTE gets, or
 * which signal the task takes. Linux's semantics (arch/x86/mm/fault.c,
 * mm/memory.c); the kernel glue reads CR2 and the error code, looks up
 * the PTE, calls fault_decide and carries the decision out (allocate,
 * copy, edit the page table through mm/pgtable.h, or send SIGSEGV).
 *
 * Pure: no allocation; the only change it makes is growing a stack VMA
 * through vma_expand_downwards.
 *
 * Context: the caller holds the address space's mmap lock for writing
 * when a stack may grow (the tree changes), and the page-table lock that
 * keeps @pte current until the decision is carried out.
 */
#ifndef KEEL_MM_FAULT_H
#define KEEL_MM_FAULT_H

#include "kernel/lib/trapdecode.h" /* X86_PF_*: the #PF error-code bits */
#include "kernel/lib/types.h"
#include "mm/pgtable.h"
#include "mm/vma.h"

/*
 * The #PF error code (Intel SDM vol. 3A 4.7, Linux's names), defined in
 * kernel/lib/trapdecode.h: X86_PF_PROT 1, X86_PF_WRITE 2, X86_PF_USER 4,
 * X86_PF_RSVD 8, X86_PF_INSTR 16, X86_PF_PK 32, X86_PF_SHSTK 64,
 * X86_PF_SGX 0x8000.
 */

/* si_code values of SIGSEGV (Linux's include/uapi/asm-generic/siginfo.h). */
#ifndef SEGV_MAPERR
#define SEGV_MAPERR 1 /* no mapping at the address */
#endif
#ifndef SEGV_ACCERR
#define SEGV_ACCERR 2 /* a mapping, but the access is not allowed */
#endif

/* Linux's _STK_LIM: the default RLIMIT_STACK, 8 MiB. */
#define FAULT_DEFAULT_STACK_LIMIT (8UL << 20)

/*
 * What the current page-table entry of the faulting page holds, as the
 * glue read it under the page-table lock.
 * @present: the entry maps a page (all other fields describe that page)
 * @writable: PTE_RW is set
 * @user: PTE_USER is set
 * @nx: PTE_NX is set
 * @map_count: for an anonymous page, how many PTEs map it (Linux's
 *             page_mapcount; > 1 after fork until one side copies)
 * @file_page: the page is the page cache's page of a file-backed private
 *             VMA, not yet copied into an anonymous page of this process
 */
struct fault_pte {
	bool present;
	bool writable;
	bool user;
	bool nx;
	unsigned long map_count;
	bool file_page;
};

/*
 * What to do about a fault. The two signal actions equal their si_code.
 * @FAULT_SEGV_MAPERR: SIGSEGV, SEGV_MAPERR (kernel mode: the uaccess fixup)
 * @FAULT_SEGV_ACCERR: SIGSEGV, SEGV_ACCERR (kernel mode: the uaccess fixup)
 * @FAULT_BUG: a kernel bug (reserved bit, SMEP, kernel address, page
 *             tables that contradict the VMA): oops
 * @FAULT_DEMAND_ZERO: map a new zeroed anonymous page
 * @FAULT_FILE_READ: map the file's page itself (the page cache's page)
 * @FAULT_FILE_COPY: copy the file's page into a new anonymous page, map it
 * @FAULT_COW_COPY: copy the mapped page into a new anonymous page, map
 *                  it writable in its place
 * @FAULT_COW_REUSE: the page's last user: make its PTE writable in place
 * @FAULT_SHARED_WRITE: shared mapping: make the PTE writable in place
 *                      (shared pages are never copied)
 * @FAULT_SPURIOUS: the PTE already allows the access: return and retry
 */
enum fault_action {
	FAULT_SEGV_MAPERR = SEGV_MAPERR,
	FAULT_SEGV_ACCERR = SEGV_ACCERR,
	FAULT_BUG,
	FAULT_DEMAND_ZERO,
	FAULT_FILE_READ,
	FAULT_FILE_COPY,
	FAULT_COW_COPY,
	FAULT_COW_REUSE,
	FAULT_SHARED_WRITE,
	FAULT_SPURIOUS,
};

/*
 * The decision.
 * @action: what to do
 * @address: the faulting address rounded down to its page
 * @vma: the VMA that covers the address (after stack growth), or NULL
 *       for FAULT_SEGV_MAPERR and the FAULT_BUG cases decided before the
 *       lookup
 * @prot: the PTE bits to map the page with (PTE_PRESENT | PTE_USER, plus
 *        PTE_RW and PTE_NX as decided) for the mapping actions and
 *        FAULT_COW_REUSE / FAULT_SHARED_WRITE (the entry's new bits);
 *        0 otherwise
 * @grew_stack: the stack VMA was grown down to @address (Linux's
 *              expand_stack) before @action was decided; true also when
 *              the access then failed
 * @si_code: SEGV_MAPERR or SEGV_ACCERR for the signal actions, else 0
 * @si_addr: the exact faulting address for the signal actions, else 0
 */
struct fault_decision {
	enum fault_action action;
	unsigned long address;
	struct vm_area_struct *vma;
	uint64_t prot;
	bool grew_stack;
	int si_code;
	unsigned long si_addr;
};

/**
 * fault_decide - decide what a page fault at @addr means
 * @t: the address space's VMAs; a stack VMA may grow
 * @addr: the faulting address (CR2)
 * @error_code: the CPU's #PF error code (X86_PF_*)
 * @pte: what the page's PTE holds now
 * @out: receives the decision
 *
 * fault_decide_limit with FAULT_DEFAULT_STACK_LIMIT.
 * Return: @out->action.
 */
int fault_decide(struct vma_tree *t, unsigned long addr,
		 unsigned long error_code, const struct fault_pte *pte,
		 struct fault_decision *out);

/**
 * fault_decide_limit - fault_decide with the task's RLIMIT_STACK
 * @t: the address space's VMAs; a stack VMA may grow
 * @addr: the faulting address (CR2)
 * @error_code: the CPU's #PF error code (X86_PF_*)
 * @pte: what the page's PTE holds now
 * @stack_limit: the largest size a stack VMA may grow to, in bytes
 * @out: receives the decision
 *
 * The table at the top of mm/fault.c lists every decision. Faults in
 * kernel mode (no X86_PF_USER) on user addresses follow the same rules
 * (the uaccess helpers fault on the user's behalf), except that a kernel
 * instruction fetch (SMEP) and a kernel fault at or above task_size are
 * FAULT_BUG. The tree changes only when a stack grows.
 * Return: @out->action.
 */
int fault_decide_limit(struct vma_tree *t, unsigned long addr,
		       unsigned long error_code, const struct fault_pte *pte,
		       unsigned long stack_limit, struct fault_decision *out);

#endif
