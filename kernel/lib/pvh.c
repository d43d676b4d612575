// SPDX-License-Identifier: MIT
/*
 * hvm_start_info -> boot_params (see pvh.h for the structures and the
 * policy). The steps, each refusing what it cannot trust:
 *
 *   read the start info      magic, version >= 1
 *   read the memory map      count, each entry sized and not wrapping,
 *                            no two overlapping; copied, then the ISA
 *                            hole 0xa0000-0xfffff added as reserved
 *   the command line         readable up to its NUL (or 2047 bytes)
 *   module 0 = the initrd    count, list readable, range inside RAM
 *   the RSDP address         passed on (the ACPI code checks the table)
 *
 * Only when every step passed is the zero page written.
 */
#define pr_fmt(fmt) "PVH: " fmt

#include "kernel/lib/pvh.h"

#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

#define PVH_BOOT_PROTOCOL 0x020c /* 2.12, as Linux's PVH entry says */
#define PVH_LOADER_TYPE 0xb0 /* QEMU (Linux's choice outside Xen) */
#define ISA_HOLE_START 0x000a0000ULL
#define ISA_HOLE_END 0x00100000ULL

static const char *const pvh_errors[PVH_E_COUNT] = {
	[PVH_OK] = "no error",
	[PVH_E_START_INFO_UNREADABLE] = "start info unreadable",
	[PVH_E_BAD_MAGIC] = "bad start info magic",
	[PVH_E_NO_MEMMAP_VERSION] = "start info version 0 has no memory map",
	[PVH_E_NO_MEMMAP] = "empty memory map",
	[PVH_E_MEMMAP_TOO_MANY] = "too many memory map entries",
	[PVH_E_MEMMAP_UNREADABLE] = "memory map unreadable",
	[PVH_E_MEMMAP_ZERO_SIZE] = "memory map entry of size 0",
	[PVH_E_MEMMAP_WRAPS] = "memory map entry wraps past 2^64",
	[PVH_E_MEMMAP_OVERLAP] = "memory map entries overlap",
	[PVH_E_CMDLINE_UNREADABLE] = "command line unreadable",
	[PVH_E_MODULES_TOO_MANY] = "too many modules",
	[PVH_E_MODLIST_UNREADABLE] = "module list unreadable",
	[PVH_E_INITRD_WRAPS] = "initrd wraps past 2^64",
	[PVH_E_INITRD_NOT_RAM] = "initrd outside RAM",
};

const char *pvh_strerror(int err)
{
	if (err < 0 || err >= PVH_E_COUNT)
		return "unknown error";
	return pvh_errors[err];
}

/*
 * What the checks gathered. The loader's structures may sit at any
 * address, so nothing is read through a pointer into them but memcpy():
 * the start info into @si, the memory map straight into the zero page and
 * the E820_EXT node (which have room for all of it; on an error the zero
 * page is cleared again), module 0 into a local copy.
 */
struct pvh_state {
	struct hvm_start_info si;
	struct boot_params *bp;
	struct pvh_e820_ext *ext;
	u32 nr_map;
	u64 initrd_start, initrd_size;
};

/* Does [addr, addr + size) wrap past 2^64? (size > 0) */
static bool range_wraps(u64 addr, u64 size)
{
	return addr + size - 1 < addr;
}

/* Output e820 slot @i: the zero page's 128, then the E820_EXT node's. */
static struct boot_e820_entry *slot(const struct pvh_state *st, u32 i)
{
	if (i < E820_MAX_ENTRIES_ZEROPAGE)
		return &st->bp->e820_table[i];
	return &st->ext->entries[i - E820_MAX_ENTRIES_ZEROPAGE];
}

static int read_start_info(const struct pvh_mem *mem, u64 pa,
			   struct pvh_state *st)
{
	const void *p;
	u32 head[2]; /* magic, version */

	/* Version 0's part first: its magic and version say how much more. */
	p = mem->map(mem->arg, pa, HVM_START_INFO_V0_SIZE);
	if (!p) {
		pr_err("start info at 0x%llx (%zu bytes) is unreadable",
		       (unsigned long long)pa, HVM_START_INFO_V0_SIZE);
		return PVH_E_START_INFO_UNREADABLE;
	}
	memcpy(head, p, sizeof(head));
	if (head[0] != HVM_START_MAGIC_VALUE) {
		pr_err("start info at 0x%llx: magic 0x%08x is not 0x%08x",
		       (unsigned long long)pa, head[0], HVM_START_MAGIC_VALUE);
		return PVH_E_BAD_MAGIC;
	}
	if (head[1] == 0) {
		pr_err("start info at 0x%llx: version 0 carries no memory "
		       "map (and keel cannot ask Xen for one)",
		       (unsigned long long)pa);
		return PVH_E_NO_MEMMAP_VERSION;
	}
	p = mem->map(mem->arg, pa, sizeof(st->si));
	if (!p) {
		pr_err("start info at 0x%llx (version %u, %zu bytes) is "
		       "unreadable",
		       (unsigned long long)pa, head[1], sizeof(st->si));
		return PVH_E_START_INFO_UNREADABLE;
	}
	memcpy(&st->si, p, sizeof(st->si));
	return PVH_OK;
}

static int check_entry(const struct boot_e820_entry *e, u32 i)
{
	if (!e->size) {
		pr_err("memory map entry %u (addr 0x%llx type %u) has size 0",
		       i, (unsigned long long)e->addr, e->type);
		return PVH_E_MEMMAP_ZERO_SIZE;
	}
	if (range_wraps(e->addr, e->size)) {
		pr_err("memory map entry %u (addr 0x%llx size 0x%llx) wraps "
		       "past 2^64",
		       i, (unsigned long long)e->addr,
		       (unsigned long long)e->size);
		return PVH_E_MEMMAP_WRAPS;
	}
	return PVH_OK;
}

/* Last byte of a checked entry (sized, not wrapping). */
static u64 entry_last(const struct boot_e820_entry *e)
{
	return e->addr + (e->size - 1);
}

static bool entry_all_zero(const struct boot_e820_entry *e)
{
	return !e->addr && !e->size && !e->type;
}

/*
 * qboot (QEMU's microvm firmware) counts one all-zero entry past its map.
 * All-zero entries at the end are dropped with a warning; anywhere else
 * they are entries of size 0. Return: the entries left.
 */
static u32 drop_padding(const struct pvh_state *st, u32 n)
{
	u64 pa = st->si.memmap_paddr;
	u32 used = n;

	while (used && entry_all_zero(slot(st, used - 1)))
		used--;
	if (used == n)
		return n;
	if (used)
		pr_warn("memory map at 0x%llx: the last %u of its %u entries "
			"are all zero; ignored",
			(unsigned long long)pa, n - used, n);
	else
		pr_err("memory map at 0x%llx: all its %u entries are zero",
		       (unsigned long long)pa, n);
	return used;
}

/* Copy the loader's map into the output slots. */
static void copy_memmap(struct pvh_state *st, const u8 *raw, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		struct hvm_memmap_table_entry e;
		struct boot_e820_entry *o = slot(st, i);

		memcpy(&e, raw + (size_t)i * sizeof(e), sizeof(e));
		o->addr = e.addr;
		o->size = e.size;
		o->type = e.type;
	}
}

static int check_overlaps(const struct pvh_state *st, u32 n)
{
	/* At most PVH_MEMMAP_MAX entries: pairwise is 50,000 compares. */
	for (u32 i = 0; i < n; i++) {
		const struct boot_e820_entry *a = slot(st, i);

		for (u32 j = i + 1; j < n; j++) {
			const struct boot_e820_entry *b = slot(st, j);

			if (entry_last(a) < b->addr || entry_last(b) < a->addr)
				continue;
			pr_err("memory map entries %u [0x%llx-0x%llx] type "
			       "%u and %u [0x%llx-0x%llx] type %u overlap",
			       i, (unsigned long long)a->addr,
			       (unsigned long long)entry_last(a), a->type, j,
			       (unsigned long long)b->addr,
			       (unsigned long long)entry_last(b), b->type);
			return PVH_E_MEMMAP_OVERLAP;
		}
	}
	return PVH_OK;
}

static int read_memmap(const struct pvh_mem *mem, struct pvh_state *st)
{
	u64 pa = st->si.memmap_paddr;
	u32 n = st->si.memmap_entries;
	const u8 *raw;
	int err;

	if (n == 0) {
		pr_err("the memory map at 0x%llx has 0 entries",
		       (unsigned long long)pa);
		return PVH_E_NO_MEMMAP;
	}
	if (n > PVH_MEMMAP_MAX) {
		pr_err("memory map at 0x%llx has %u entries; keel takes at "
		       "most %u",
		       (unsigned long long)pa, n, (unsigned int)PVH_MEMMAP_MAX);
		return PVH_E_MEMMAP_TOO_MANY;
	}
	raw = mem->map(mem->arg, pa,
		       (u64)n * sizeof(struct hvm_memmap_table_entry));
	if (!raw) {
		pr_err("memory map at 0x%llx (%u entries, %llu bytes) is "
		       "unreadable",
		       (unsigned long long)pa, n,
		       (unsigned long long)n *
			       sizeof(struct hvm_memmap_table_entry));
		return PVH_E_MEMMAP_UNREADABLE;
	}
	copy_memmap(st, raw, n);
	n = drop_padding(st, n);
	if (n == 0)
		return PVH_E_NO_MEMMAP;
	for (u32 i = 0; i < n; i++) {
		err = check_entry(slot(st, i), i);
		if (err)
			return err;
	}
	err = check_overlaps(st, n);
	if (err)
		return err;
	st->nr_map = n;
	return PVH_OK;
}

/*
 * The command line must be readable up to its NUL, or for
 * COMMAND_LINE_SIZE - 1 bytes, which is all keel copies.
 */
static int check_cmdline(const struct pvh_mem *mem, struct pvh_state *st)
{
	u64 pa = st->si.cmdline_paddr;
	const char *s;
	u64 len;

	if (!pa)
		return PVH_OK;
	s = mem->map(mem->arg, pa, COMMAND_LINE_SIZE - 1);
	if (s) {
		len = strnlen(s, COMMAND_LINE_SIZE - 1);
	} else {
		/* Near the end of what is readable: byte by byte. */
		for (len = 0; len < COMMAND_LINE_SIZE - 1; len++) {
			s = mem->map(mem->arg, pa + len, 1);
			if (!s || !*s)
				break;
		}
		if (!s) {
			pr_err("command line at 0x%llx is unreadable after "
			       "%llu bytes, before its NUL",
			       (unsigned long long)pa, (unsigned long long)len);
			return PVH_E_CMDLINE_UNREADABLE;
		}
	}
	if (len == COMMAND_LINE_SIZE - 1)
		pr_warn("command line at 0x%llx has no NUL in its first %u "
			"bytes; truncated there",
			(unsigned long long)pa, COMMAND_LINE_SIZE - 1);
	return PVH_OK;
}

/* Is [start, start + size) covered by the map's RAM entries? */
static bool in_ram(const struct pvh_state *st, u64 start, u64 size)
{
	u64 last = start + size - 1;
	bool moved = true;

	/* Entries do not overlap: extend the covered start until stuck. */
	while (moved) {
		moved = false;
		for (u32 i = 0; i < st->nr_map; i++) {
			const struct boot_e820_entry *e = slot(st, i);

			if (e->type != HVM_MEMMAP_TYPE_RAM || start < e->addr ||
			    start > entry_last(e))
				continue;
			if (last <= entry_last(e))
				return true;
			start = entry_last(e) + 1;
			moved = true;
		}
	}
	return false;
}

static int read_initrd(const struct pvh_mem *mem, struct pvh_state *st)
{
	struct hvm_modlist_entry mod;
	u64 pa = st->si.modlist_paddr;
	u32 n = st->si.nr_modules;
	const void *list;

	if (n == 0)
		return PVH_OK;
	if (n > PVH_MODULES_MAX) {
		pr_err("%u modules at 0x%llx; keel takes at most %u", n,
		       (unsigned long long)pa, (unsigned int)PVH_MODULES_MAX);
		return PVH_E_MODULES_TOO_MANY;
	}
	list = mem->map(mem->arg, pa, (u64)n * sizeof(mod));
	if (!list) {
		pr_err("module list at 0x%llx (%u entries, %llu bytes) is "
		       "unreadable",
		       (unsigned long long)pa, n,
		       (unsigned long long)n * sizeof(mod));
		return PVH_E_MODLIST_UNREADABLE;
	}
	memcpy(&mod, list, sizeof(mod));
	if (n > 1)
		pr_warn("%u modules: the first is the initrd, the other %u "
			"are ignored",
			n, n - 1);
	if (!mod.size)
		return PVH_OK; /* an empty initrd: none, as for Linux */
	if (range_wraps(mod.paddr, mod.size)) {
		pr_err("initrd (module 0) at 0x%llx size 0x%llx wraps past "
		       "2^64",
		       (unsigned long long)mod.paddr,
		       (unsigned long long)mod.size);
		return PVH_E_INITRD_WRAPS;
	}
	if (!in_ram(st, mod.paddr, mod.size)) {
		pr_err("initrd (module 0) [0x%llx-0x%llx] is not inside the "
		       "memory map's RAM",
		       (unsigned long long)mod.paddr,
		       (unsigned long long)(mod.paddr + mod.size - 1));
		return PVH_E_INITRD_NOT_RAM;
	}
	st->initrd_start = mod.paddr;
	st->initrd_size = mod.size;
	return PVH_OK;
}

/* The ISA hole after the map, the counts, and the E820_EXT link. */
static void finish_e820(struct pvh_state *st, u64 ext_phys)
{
	struct boot_params *bp = st->bp;
	struct boot_e820_entry *isa = slot(st, st->nr_map);
	u32 n = st->nr_map + 1;

	/* The VGA and BIOS area, which a memory map may leave out. */
	isa->addr = ISA_HOLE_START;
	isa->size = ISA_HOLE_END - ISA_HOLE_START;
	isa->type = E820_TYPE_RESERVED;
	if (n <= E820_MAX_ENTRIES_ZEROPAGE) {
		bp->e820_entries = (u8)n;
		return;
	}
	bp->e820_entries = E820_MAX_ENTRIES_ZEROPAGE;
	st->ext->next = 0;
	st->ext->type = SETUP_E820_EXT;
	st->ext->len = (n - E820_MAX_ENTRIES_ZEROPAGE) *
		       (u32)sizeof(struct boot_e820_entry);
	bp->hdr.setup_data = ext_phys;
}

static void fill_boot_params(struct pvh_state *st, u64 ext_phys)
{
	const struct hvm_start_info *si = &st->si;
	struct boot_params *bp = st->bp;

	bp->hdr.boot_flag = BOOT_FLAG_MAGIC;
	bp->hdr.header = SETUP_HDR_MAGIC;
	bp->hdr.version = PVH_BOOT_PROTOCOL;
	bp->hdr.type_of_loader = PVH_LOADER_TYPE;
	bp->hdr.loadflags = LOADED_HIGH;
	bp->hdr.cmdline_size = COMMAND_LINE_SIZE - 1;
	bp->hdr.cmd_line_ptr = (u32)si->cmdline_paddr;
	bp->ext_cmd_line_ptr = (u32)(si->cmdline_paddr >> 32);
	bp->hdr.ramdisk_image = (u32)st->initrd_start;
	bp->ext_ramdisk_image = (u32)(st->initrd_start >> 32);
	bp->hdr.ramdisk_size = (u32)st->initrd_size;
	bp->ext_ramdisk_size = (u32)(st->initrd_size >> 32);
	bp->acpi_rsdp_addr = si->rsdp_paddr;
	finish_e820(st, ext_phys);
}

int pvh_to_boot_params(const struct pvh_mem *mem, u64 start_info,
		       struct boot_params *bp, struct pvh_e820_ext *ext,
		       u64 ext_phys)
{
	struct pvh_state st = {.bp = bp, .ext = ext};
	int err;

	memset(bp, 0, sizeof(*bp));
	err = read_start_info(mem, start_info, &st);
	if (!err)
		err = read_memmap(mem, &st);
	if (!err)
		err = check_cmdline(mem, &st);
	if (!err)
		err = read_initrd(mem, &st);
	if (err) {
		memset(bp, 0, sizeof(*bp)); /* the map copied in goes */
		return err;
	}
	fill_boot_params(&st, ext_phys);
	return PVH_OK;
}
