// SPDX-License-Identifier: MIT
/*
 * Fuzz target for mm/fault.c: a random layout of VMAs (anonymous, file,
 * shared, stacks, every mix of rights) in a window of NPAGES pages, then
 * random faults (address, error code, PTE state, RLIMIT_STACK). After
 * every fault:
 * - the decision is well formed (page-aligned address, si_code and
 *   si_addr exactly for the signal actions, PTE bits PRESENT | USER with
 *   RW only for VM_WRITE and NX exactly without VM_EXEC);
 * - reserved-bit faults and kernel instruction fetches are FAULT_BUG;
 * - a covered address gets that VMA, and never SEGV_MAPERR;
 * - write, copy and reuse decisions only where the VMA allows writes and
 *   the PTE does not, and never in a shared VMA;
 * - the tree is unchanged, unless the stack grew: then it passes
 *   vma_tree_check and a VM_GROWSDOWN VMA now covers the address.
 *
 * Input: [VMA count] [guard gap pages] then per VMA [start page] [pages]
 * [kind]; then faults of 7 bytes: [page] [offset lo] [offset hi] [error
 * code] [pte bits] [map_count] [stack limit pages].
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest/fuzz/fuzz_common.h"
#include "mm/fault.h"

#define NPAGES 64
#define MAX_FAULTS 1000
#define P PAGE_SIZE
#define BASE 0x00007f0000000000UL
#define MAY (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

static struct vma_tree t;
static char file_objs[2];
static long live;

/* The kinds of VMA: rights and sharing; the kind byte also picks a file. */
static const unsigned long kinds[] = {
	VM_READ | VM_WRITE,
	VM_READ,
	0,
	VM_WRITE,
	VM_EXEC,
	VM_READ | VM_EXEC,
	VM_READ | VM_WRITE | VM_EXEC,
	VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE,
	VM_READ | VM_WRITE | VM_GROWSDOWN,
	VM_READ | VM_GROWSDOWN,
};

static struct vm_area_struct *fz_alloc(void *arg)
{
	check(arg == &t);
	live++;
	return malloc(sizeof(struct vm_area_struct));
}

static void fz_free(struct vm_area_struct *vma, void *arg)
{
	check(arg == &t);
	live--;
	free(vma);
}

/* The tree as a flat list, to compare before and after a fault. */
struct snap {
	size_t n;
	unsigned long v[NPAGES][4];
	void *file[NPAGES];
};

static void take(struct snap *s)
{
	struct vm_area_struct *vma;

	memset(s, 0, sizeof(*s));
	for_each_vma(&t, vma)
	{
		check(s->n < NPAGES);
		s->v[s->n][0] = vma->vm_start;
		s->v[s->n][1] = vma->vm_end;
		s->v[s->n][2] = vma->vm_flags;
		s->v[s->n][3] = vma->vm_pgoff;
		s->file[s->n++] = vma->vm_file;
	}
}

static void build_layout(struct input *in)
{
	unsigned int n = next_byte(in) % 9;

	t.stack_guard_gap = (next_byte(in) % 8) * P;
	for (unsigned int i = 0; i < n; i++) {
		unsigned long start = BASE + (next_byte(in) % NPAGES) * P;
		unsigned long pages = next_byte(in) % 8 + 1;
		unsigned int kind = next_byte(in);
		unsigned long flags = kinds[kind % ARRAY_SIZE(kinds)] | MAY;
		void *file = kind & 0x80 ? &file_objs[kind >> 6 & 1] : NULL;

		if (flags & VM_GROWSDOWN)
			file = NULL;
		/* Past the window's end is fine; errors are too. */
		(void)vma_map(&t, start, pages * P, flags, file, kind);
	}
}

static unsigned long fault_address(struct input *in)
{
	unsigned int page = next_byte(in);
	unsigned long off = next_u16(in) % P;

	if (page == 255)
		return TASK_SIZE_4LEVEL + off * 9;
	if (page == 254)
		return off * 17;
	return BASE + (page % (NPAGES + 16)) * P - 16 * P + off;
}

/* Checks of the decision for a fault on @covering (NULL: unmapped). */
static void check_decision(unsigned long addr, unsigned long err,
			   const struct fault_pte *pte, int ret,
			   const struct fault_decision *d)
{
	uint64_t base = PTE_PRESENT | PTE_USER;
	bool sig = ret == FAULT_SEGV_MAPERR || ret == FAULT_SEGV_ACCERR;

	check(ret == (int)d->action);
	check(d->address == (addr & PAGE_MASK));
	check(sig ? d->si_code == ret && d->si_addr == addr
		  : d->si_code == 0 && d->si_addr == 0);
	if (err & X86_PF_RSVD || (!(err & X86_PF_USER) && err & X86_PF_INSTR))
		check(ret == FAULT_BUG);
	if (d->vma) {
		check(d->vma->vm_start <= addr && addr < d->vma->vm_end);
		check(ret != FAULT_SEGV_MAPERR);
	}
	if (d->prot) {
		unsigned long f = d->vma->vm_flags;

		check((d->prot & base) == base);
		check(!(d->prot & PTE_RW) || (f & VM_WRITE));
		check(!(d->prot & PTE_NX) == !!(f & VM_EXEC));
	}
	switch (ret) {
	case FAULT_COW_COPY:
	case FAULT_COW_REUSE:
		check(!(d->vma->vm_flags & VM_SHARED));
		/* fall through */
	case FAULT_SHARED_WRITE:
		check(err & X86_PF_WRITE && pte->present && !pte->writable);
		/* fall through */
	case FAULT_FILE_COPY:
		check(d->prot & PTE_RW);
		break;
	case FAULT_SPURIOUS:
		check(pte->present && pte->user);
		break;
	case FAULT_DEMAND_ZERO:
	case FAULT_FILE_READ:
		check(!pte->present);
		break;
	default:
		break;
	}
}

static void one_fault(struct input *in)
{
	unsigned long addr = fault_address(in);
	unsigned long err = next_byte(in);
	unsigned int bits = next_byte(in);
	struct fault_pte pte = {
		.present = bits & 1,
		.writable = bits & 2,
		.user = !(bits & 4),
		.nx = bits & 8,
		.file_page = bits & 16,
		.map_count = next_byte(in) % 4,
	};
	unsigned long limit = (next_byte(in) % 64 + 1) * P;
	struct vm_area_struct *before = find_vma(&t, addr);
	bool covered = before && before->vm_start <= addr;
	struct fault_decision d;
	struct snap s1, s2;
	int ret;

	if (bits & 0x80)
		err |= X86_PF_SGX;
	take(&s1);
	ret = fault_decide_limit(&t, addr, err, &pte, limit, &d);
	check_decision(addr, err, &pte, ret, &d);
	check(vma_tree_check(&t, true) == 0);
	check(live == (long)t.map_count);
	if (covered && ret != FAULT_BUG)
		check(d.vma == before);
	if (d.grew_stack) {
		check(!covered && d.vma && d.vma->vm_flags & VM_GROWSDOWN);
		return;
	}
	take(&s2);
	check(memcmp(&s1, &s2, sizeof(s1)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};

	check(vma_tree_init(&t, TASK_SIZE_4LEVEL, DEFAULT_MMAP_MIN_ADDR,
			    fz_alloc, fz_free, &t) == 0);
	build_layout(&in);
	for (int i = 0; i < MAX_FAULTS && in.pos < in.size; i++)
		one_fault(&in);
	vma_tree_destroy(&t);
	check(live == 0);
	return 0;
}
