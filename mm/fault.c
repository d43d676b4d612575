// SPDX-License-Identifier: MIT
/*
 * The pure half of the user page-fault handler: from the VMAs, the
 * faulting address, the #PF error code and the current PTE, decide what
 * the fault means. Linux's semantics (arch/x86/mm/fault.c:
 * do_user_addr_fault and access_error; mm/memory.c: handle_pte_fault,
 * do_anonymous_page, do_read_fault, do_cow_fault, do_wp_page).
 *
 * The checks run top to bottom; the first row that matches decides.
 * "err" is the error code, W/I/P/U are X86_PF_WRITE/INSTR/PROT/USER,
 * "rw" and "nx" the PTE bits of @prot (always PTE_PRESENT | PTE_USER;
 * nx is set exactly when the VMA lacks VM_EXEC).
 *
 *  #  address / VMA                  PTE / error bits           decision
 *  -- ------------------------------ -------------------------- -----------
 *  1  any                            err & RSVD                 BUG
 *  2  any                            I, not U (SMEP)            BUG
 *  3  >= task_size                   U                          MAPERR
 *  4  >= task_size                   not U (a kernel address)   BUG
 *  5  < mmap_min_addr                any                        MAPERR
 *  6  no VMA at or above             any                        MAPERR
 *  7  below a VMA that is no stack,  any                        MAPERR
 *     or a stack that may not grow
 *     (guard gap, RLIMIT_STACK,
 *     mmap_min_addr)
 *  8  below a stack that may grow    any                        grow, then
 *                                                               rows 9-24
 *  9  VMA                            err & PK                   ACCERR
 *  10 VMA                            err & SGX                  ACCERR
 *  11 VMA (keel has no shadow-stack  err & SHSTK                ACCERR
 *     VMAs)
 *  12 VMA without VM_WRITE           W                          ACCERR
 *  13 VMA without VM_EXEC            I                          ACCERR
 *  14 VMA                            P, not W (read or fetch    ACCERR
 *                                    of a present page)
 *  15 VMA without VM_READ/WRITE/EXEC not W                      ACCERR
 *  16 anonymous VMA                  not present                DEMAND_ZERO
 *                                                               rw = VM_WRITE
 *  17 file VMA, VM_SHARED            not present                FILE_READ
 *                                                               rw = VM_WRITE
 *  18 file VMA, private              not present, W             FILE_COPY, rw
 *  19 file VMA, private              not present, not W         FILE_READ, !rw
 *  20 VMA                            present, not user          BUG
 *  21 VMA                            present, not W or rw       SPURIOUS
 *  22 VM_SHARED VMA                  present, !rw, W            SHARED_WRITE
 *                                                               rw
 *  23 private VMA                    present, !rw, W, file page COW_COPY, rw
 *  24 private VMA                    present, !rw, W, anon:
 *                                      map_count > 1            COW_COPY, rw
 *                                      map_count == 1           COW_REUSE, rw
 *                                      map_count == 0           BUG
 *
 * Where keel decides differently from Linux, the outcome seen by the
 * task is the same:
 * - Row 13: Linux's access_error does not look at VM_EXEC; a fetch from
 *   a not-present page of a non-exec VMA maps the page NX, and the retry
 *   faults with P | I and takes row 14. keel skips the extra page.
 * - Row 16 on a read: Linux maps the shared zero page read-only and
 *   copies on the first write; keel maps a zeroed page with the VMA's
 *   rights at once.
 * - Row 19 keeps a private writable file page read-only so that the
 *   first write copies it (row 23), as Linux's do_read_fault; a write on
 *   a not-present page copies at once (row 18, Linux's do_cow_fault).
 * - Row 9: Linux reports SEGV_PKUERR when protection keys are on; keel
 *   never enables them (CR4.PKE clear), so the bit cannot arrive.
 */
#include "mm/fault.h"

/* Bits that make an access fail whatever the VMA allows (rows 9-11). */
#define FAULT_ALWAYS_ACCERR (X86_PF_PK | X86_PF_SGX | X86_PF_SHSTK)

/* The PTE bits for a page of @vma mapped with the VMA's own rights. */
static uint64_t vma_prot(const struct vm_area_struct *vma)
{
	uint64_t prot = PTE_PRESENT | PTE_USER;

	if (vma->vm_flags & VM_WRITE)
		prot |= PTE_RW;
	if (!(vma->vm_flags & VM_EXEC))
		prot |= PTE_NX;
	return prot;
}

/* Fill @out for @action on @vma with @prot; returns @action. */
static int decide(struct fault_decision *out, enum fault_action action,
		  struct vm_area_struct *vma, uint64_t prot)
{
	out->action = action;
	out->vma = vma;
	out->prot = prot;
	return action;
}

/* SIGSEGV with @si_code (SEGV_MAPERR or SEGV_ACCERR) at @addr. */
static int segv(struct fault_decision *out, int si_code,
		struct vm_area_struct *vma, unsigned long addr)
{
	out->si_code = si_code;
	out->si_addr = addr;
	return decide(out, (enum fault_action)si_code, vma, 0);
}

/* Rows 9-15: may @vma be accessed as @error_code says (!access_error)? */
static bool access_allowed(const struct vm_area_struct *vma,
			   unsigned long error_code)
{
	if (error_code & FAULT_ALWAYS_ACCERR)
		return false;
	if (error_code & X86_PF_WRITE)
		return vma->vm_flags & VM_WRITE;
	if ((error_code & X86_PF_INSTR) && !(vma->vm_flags & VM_EXEC))
		return false;
	if (error_code & X86_PF_PROT)
		return false;
	return vma_is_accessible(vma);
}

/* Rows 16-19: nothing is mapped at the page yet. */
static int fault_not_present(struct vm_area_struct *vma,
			     unsigned long error_code,
			     struct fault_decision *out)
{
	uint64_t prot = vma_prot(vma);

	if (!vma->vm_file)
		return decide(out, FAULT_DEMAND_ZERO, vma, prot);
	if (vma->vm_flags & VM_SHARED)
		return decide(out, FAULT_FILE_READ, vma, prot);
	if (error_code & X86_PF_WRITE)
		return decide(out, FAULT_FILE_COPY, vma, prot);
	/* Copy-on-write pending: the first write faults again (row 23). */
	return decide(out, FAULT_FILE_READ, vma, prot & ~PTE_RW);
}

/* Rows 20-24: a page is mapped; @vma allows the access. */
static int fault_present(struct vm_area_struct *vma, unsigned long error_code,
			 const struct fault_pte *pte,
			 struct fault_decision *out)
{
	uint64_t prot = vma_prot(vma);

	if (!pte->user)
		return decide(out, FAULT_BUG, vma, 0);
	if (!(error_code & X86_PF_WRITE) || pte->writable)
		return decide(out, FAULT_SPURIOUS, vma, 0);
	/* A write to a read-only PTE in a VM_WRITE VMA. */
	if (vma->vm_flags & VM_SHARED)
		return decide(out, FAULT_SHARED_WRITE, vma, prot);
	if (pte->file_page || pte->map_count > 1)
		return decide(out, FAULT_COW_COPY, vma, prot);
	if (pte->map_count == 1)
		return decide(out, FAULT_COW_REUSE, vma, prot);
	return decide(out, FAULT_BUG, vma, 0);
}

/*
 * Rows 5-8: the VMA that covers @addr, growing a stack down to it when
 * allowed; NULL when none does.
 */
static struct vm_area_struct *fault_find_vma(struct vma_tree *t,
					     unsigned long addr,
					     unsigned long stack_limit,
					     bool *grew)
{
	struct vm_area_struct *vma;

	if (addr < t->mmap_min_addr)
		return NULL;
	vma = find_vma(t, addr);
	if (!vma)
		return NULL;
	if (vma->vm_start <= addr)
		return vma;
	if (vma_expand_downwards(t, &vma, addr, stack_limit))
		return NULL;
	*grew = true;
	return vma;
}

int fault_decide_limit(struct vma_tree *t, unsigned long addr,
		       unsigned long error_code, const struct fault_pte *pte,
		       unsigned long stack_limit, struct fault_decision *out)
{
	bool user = error_code & X86_PF_USER;
	struct vm_area_struct *vma;

	*out = (struct fault_decision){.address = addr & PAGE_MASK};
	if (error_code & X86_PF_RSVD)
		return decide(out, FAULT_BUG, NULL, 0);
	if (!user && (error_code & X86_PF_INSTR))
		return decide(out, FAULT_BUG, NULL, 0);
	if (addr >= t->task_size) {
		if (!user)
			return decide(out, FAULT_BUG, NULL, 0);
		return segv(out, SEGV_MAPERR, NULL, addr);
	}
	vma = fault_find_vma(t, addr, stack_limit, &out->grew_stack);
	if (!vma)
		return segv(out, SEGV_MAPERR, NULL, addr);
	if (!access_allowed(vma, error_code))
		return segv(out, SEGV_ACCERR, vma, addr);
	if (!pte->present)
		return fault_not_present(vma, error_code, out);
	return fault_present(vma, error_code, pte, out);
}

int fault_decide(struct vma_tree *t, unsigned long addr,
		 unsigned long error_code, const struct fault_pte *pte,
		 struct fault_decision *out)
{
	return fault_decide_limit(t, addr, error_code, pte,
				  FAULT_DEFAULT_STACK_LIMIT, out);
}
