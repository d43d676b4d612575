// SPDX-License-Identifier: MIT
/*
 * Reading the boot loader's memory map: the zero page's e820_table, the
 * E801h/88h fallback when that table is unusable, and the SETUP_E820_EXT
 * blocks of the setup_data list (Linux's e820__memory_setup_default and
 * e820__memory_setup_extended).
 *
 * The setup_data list lives in physical memory and is read through
 * phys_to_virt(). The caller names the physical window [lo, hi) the list
 * may occupy; every node, header and payload, must lie inside it:
 *
 *   bp->hdr.setup_data --> +------+------+-----+---------------+
 *                          | next | type | len | data[len]     | --> next
 *                          +------+------+-----+---------------+
 *                          |<------- 16 ------>|
 *
 * The list is checked whole (bounds, loops, E820_EXT lengths and entries)
 * before anything is appended, so a bad list changes nothing.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "mm/e820.h"
#include "mm/e820_internal.h"
#include "mm/physmap.h"

/* Where the 88h result (KiB above 1 MiB) sits in screen_info. */
#define SCREEN_INFO_EXT_MEM_K 0x02

/* What the setup_data check found. */
struct e820_ext_count {
	u64 entries; /* E820_EXT entries over the whole list */
};

/*
 * Read the node at @pa after checking that its header and payload lie in
 * [lo, hi). Returns NULL (logged) when they do not.
 */
static const struct setup_data *e820_setup_node(phys_addr_t pa, phys_addr_t lo,
						phys_addr_t hi)
{
	const struct setup_data *sd;

	if (pa < lo || pa >= hi || hi - pa < sizeof(*sd)) {
		pr_err("e820: setup_data node at 0x%llx lies outside [0x%llx, "
		       "0x%llx)\n",
		       ULL(pa), ULL(lo), ULL(hi));
		return NULL;
	}
	sd = phys_to_virt(pa);
	if (sd->len > hi - pa - sizeof(*sd)) {
		pr_err("e820: setup_data node at 0x%llx (type %u, len %u) runs "
		       "past 0x%llx\n",
		       ULL(pa), sd->type, sd->len, ULL(hi));
		return NULL;
	}
	return sd;
}

/* Check the payload of an E820_EXT node and count its entries. */
static int e820_check_ext(phys_addr_t pa, const struct setup_data *sd,
			  struct e820_ext_count *count)
{
	const struct boot_e820_entry *ent = (const void *)sd->data;
	u32 i, n = sd->len / sizeof(*ent);

	if (sd->len % sizeof(*ent)) {
		pr_err("e820: SETUP_E820_EXT node at 0x%llx: len %u is not a "
		       "multiple of %zu\n",
		       ULL(pa), sd->len, sizeof(*ent));
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (!e820_range_wraps(ent[i].addr, ent[i].size))
			continue;
		pr_err("e820: SETUP_E820_EXT node at 0x%llx: entry %u (addr "
		       "0x%llx size 0x%llx) wraps past 2^64\n",
		       ULL(pa), i, ULL(ent[i].addr), ULL(ent[i].size));
		return -EINVAL;
	}
	count->entries += n;
	return 0;
}

/* Check the node at *@pa, count it, and move *@pa to its successor. */
static int e820_setup_step(phys_addr_t *pa, phys_addr_t lo, phys_addr_t hi,
			   struct e820_ext_count *count)
{
	const struct setup_data *sd = e820_setup_node(*pa, lo, hi);
	int ret;

	if (!sd)
		return -EFAULT;
	if (count && sd->type == SETUP_E820_EXT) {
		ret = e820_check_ext(*pa, sd, count);
		if (ret)
			return ret;
	}
	*pa = sd->next;
	return 0;
}

/* Successor of a node already checked. */
static phys_addr_t e820_setup_next(phys_addr_t pa)
{
	return ((const struct setup_data *)phys_to_virt(pa))->next;
}

/*
 * The list loops: find where (Floyd's second phase, from a meeting point
 * @meet inside the loop) and report it.
 */
static int e820_setup_loop(phys_addr_t head, phys_addr_t meet)
{
	while (head != meet) {
		head = e820_setup_next(head);
		meet = e820_setup_next(meet);
	}
	pr_err("e820: setup_data list loops: node at 0x%llx is reached twice\n",
	       ULL(head));
	return -ELOOP;
}

/*
 * Walk the list from @head with Floyd's tortoise and hare. The hare checks
 * every node it reaches first; when it finds the end, it has counted each
 * node once.
 */
static int e820_check_setup_data(phys_addr_t head, phys_addr_t lo,
				 phys_addr_t hi, struct e820_ext_count *count)
{
	phys_addr_t slow = head, fast = head;
	int ret, step;

	while (fast) {
		for (step = 0; step < 2 && fast; step++) {
			ret = e820_setup_step(&fast, lo, hi, count);
			if (ret)
				return ret;
		}
		slow = e820_setup_next(slow);
		if (fast && fast == slow)
			return e820_setup_loop(head, fast);
	}
	return 0;
}

static void e820_append_boot_entries(struct e820_table *t,
				     const struct boot_e820_entry *ent, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		e820__range_add(t, ent[i].addr, ent[i].size, ent[i].type);
}

static void e820_append_ext(struct e820_table *t, phys_addr_t pa)
{
	while (pa) {
		const struct setup_data *sd = phys_to_virt(pa);

		if (sd->type == SETUP_E820_EXT)
			e820_append_boot_entries(
				t, (const void *)sd->data,
				sd->len / sizeof(struct boot_e820_entry));
		pa = sd->next;
	}
}

/* Is the zero page's map usable? Logs why not. */
static bool e820_zeropage_usable(const struct boot_params *bp)
{
	u32 i;

	if (bp->e820_entries < 2) {
		pr_warn("e820: boot loader passed %u e820 entries; using the "
			"E801/88h sizes\n",
			bp->e820_entries);
		return false;
	}
	for (i = 0; i < bp->e820_entries; i++) {
		const struct boot_e820_entry *e = &bp->e820_table[i];

		if (!e820_range_wraps(e->addr, e->size))
			continue;
		pr_warn("e820: boot_params entry %u (addr 0x%llx size 0x%llx) "
			"wraps past 2^64; using the E801/88h sizes\n",
			i, ULL(e->addr), ULL(e->size));
		return false;
	}
	return true;
}

/* The fallback map: conventional memory and the extended memory size. */
static const char *e820_append_fallback(struct e820_table *t,
					const struct boot_params *bp)
{
	u16 ext_mem_k;
	u64 mem_k = bp->alt_mem_k;
	const char *who = "BIOS-e801";

	memcpy(&ext_mem_k, &bp->screen_info[SCREEN_INFO_EXT_MEM_K],
	       sizeof(ext_mem_k));
	if (bp->alt_mem_k < ext_mem_k) {
		mem_k = ext_mem_k;
		who = "BIOS-88";
	}
	e820__range_add(t, 0, E820_LOWMEM_SIZE, E820_TYPE_RAM);
	e820__range_add(t, E820_HIGH_MEMORY, mem_k * SZ_1K, E820_TYPE_RAM);
	return who;
}

int e820__append_boot_params(struct e820_table *t, const struct boot_params *bp,
			     phys_addr_t setup_lo, phys_addr_t setup_hi,
			     const char **who)
{
	struct e820_ext_count count = {0};
	bool usable;
	u64 needed;
	int ret;

	if (!e820_count_ok(t, true))
		return -EINVAL;
	if (bp->e820_entries > E820_MAX_ENTRIES_ZEROPAGE) {
		pr_err("e820: boot_params.e820_entries is %u, the zero page "
		       "holds %u\n",
		       bp->e820_entries, E820_MAX_ENTRIES_ZEROPAGE);
		return -EINVAL;
	}
	ret = e820_check_setup_data(bp->hdr.setup_data, setup_lo, setup_hi,
				    &count);
	if (ret)
		return ret;
	usable = e820_zeropage_usable(bp);
	needed = (usable ? bp->e820_entries : 2) + count.entries;
	if (needed > E820_MAX_ENTRIES - t->nr_entries) {
		pr_err("e820: %llu boot entries (%llu from SETUP_E820_EXT) do "
		       "not fit the %u free slots\n",
		       ULL(needed), ULL(count.entries),
		       E820_MAX_ENTRIES - t->nr_entries);
		return -ENOSPC;
	}
	if (usable) {
		e820_append_boot_entries(t, bp->e820_table, bp->e820_entries);
		if (who)
			*who = "BIOS-e820";
	} else {
		const char *fallback = e820_append_fallback(t, bp);

		if (who)
			*who = fallback;
	}
	e820_append_ext(t, bp->hdr.setup_data);
	return 0;
}
