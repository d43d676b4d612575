// SPDX-License-Identifier: MIT
/*
 * The EFI stub: keel started by UEFI firmware as a PE32+ application
 * (efi_pe_entry), or by a loader speaking the EFI handover protocol
 * (efi64_handover at handover_offset + 0x200). Both run in long mode on the
 * firmware's identity map with boot services up, and end the same way as
 * every other loader: boot_params filled in, boot services exited, and a
 * jump to the decompressor's 64-bit entry (startup_64) with %rsi =
 * boot_params.
 *
 * What the stub puts in boot_params, as Linux's stub does:
 *   - the setup header, from the image itself (PE entry) or as the loader
 *     gave it (handover);
 *   - the command line: the loaded image's LoadOptions, UCS-2 to ASCII;
 *   - the initrd: from the LoadFile2 protocol on the vendor media device
 *     path LINUX_EFI_INITRD_MEDIA_GUID when a loader installed one (QEMU's
 *     OVMF direct boot, GRUB), else the files named by initrd= words, read
 *     through the simple file system the image was loaded from;
 *   - screen_info: the GOP framebuffer (VIDEO_TYPE_EFI);
 *   - acpi_rsdp_addr: from the configuration table (ACPI 2.0, then 1.0);
 *   - e820_table: the final UEFI memory map converted by efi_map_to_e820()
 *     (kernel/lib/efi_e820.c), and efi_info: "EL64", the system table and
 *     that memory map, for the kernel's EFI runtime support.
 * ExitBootServices() is retried once with a fresh map when the firmware
 * says the map key went stale (EFI_INVALID_PARAMETER), as the
 * specification allows and Linux does.
 *
 * This code runs from the image where the firmware or the loader put it,
 * before head.asm has moved anything or cleared the bss: its state is on
 * the stack and in memory it allocates; the one global, the log's
 * console, is set on entry.
 */
#include "boot/bootparam.h"
#include "boot/compressed/efi_api.h"
#include "kernel/lib/bootparams.h"
#include "kernel/lib/efi_e820.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

#define HIDDEN __attribute__((visibility("hidden")))
#define EFI_PAGE_BYTES 4096UL
#define SZ_4G 0x100000000ULL

#define TYPE_OF_LOADER_UNDEFINED 0xff
#define EFI_STUB_INITRD_MAX 8 /* initrd= words read */
#define EFI_STUB_PATH_MAX 256
#define MAP_SLACK_DESCS 32 /* room for the map to grow before EBS */

/* boot_params.efi_info (zero-page.rst: struct efi_info). */
struct bp_efi_info {
	u32 loader_signature;
	u32 systab;
	u32 memdesc_size;
	u32 memdesc_version;
	u32 memmap;
	u32 memmap_size;
	u32 systab_hi;
	u32 memmap_hi;
};
_Static_assert(sizeof(struct bp_efi_info) == 0x20, "efi_info is 32 bytes");

extern u8 startup_32[] HIDDEN;

/* head.asm: cli, %rsi = bp, jump to startup_64 of the image at @base. */
__attribute__((noreturn)) void efi_enter_kernel(struct boot_params *bp,
						u8 *base) HIDDEN;
/* head.asm: interrupts off, halt for good. */
__attribute__((noreturn)) void efi_halt(void) HIDDEN;

efi_status_t efi_pe_main(efi_handle_t handle,
			 struct efi_fw_system_table *st) HIDDEN;
void efi_handover_main(efi_handle_t handle, struct efi_fw_system_table *st,
		       struct boot_params *bp) HIDDEN;

/* Everything the stub works with, on the entry's stack. */
struct stub {
	efi_handle_t handle;
	struct efi_fw_system_table *st;
	struct efi_boot_services *bs;
	struct efi_loaded_image *image;
	struct boot_params *bp;
};

/* The firmware console is the stub's log until boot services end; the
 * sink is set on entry because the bss is not cleared yet. */
static struct efi_simple_text_output *con_of(struct efi_fw_system_table *st)
{
	return st ? st->con_out : NULL;
}

static struct efi_fw_system_table *log_st;

static void efi_console_sink(int level, const char *text, size_t len)
{
	efi_char16_t buf[128];
	size_t n = 0, i;
	static const char prefix[] = "EFI stub: ";
	struct efi_simple_text_output *con = con_of(log_st);

	(void)level;
	if (!con)
		return;
	for (i = 0; prefix[i]; i++)
		buf[n++] = (efi_char16_t)prefix[i];
	for (i = 0; i < len; i++) {
		if (n >= ARRAY_SIZE(buf) - 3) {
			buf[n] = 0;
			con->output_string(con, buf);
			n = 0;
		}
		buf[n++] = (efi_char16_t)(u8)text[i];
	}
	buf[n++] = '\r';
	buf[n++] = '\n';
	buf[n] = 0;
	con->output_string(con, buf);
}

static void stub_log_start(struct efi_fw_system_table *st)
{
	log_st = st;
	log_set_sink(efi_console_sink);
}

/* Zeroed pages below @max (inclusive), as EfiLoaderData. */
static void *alloc_below(struct stub *s, u64 size, u64 max)
{
	u64 addr = max;
	u64 pages = (size + EFI_PAGE_BYTES - 1) / EFI_PAGE_BYTES;
	efi_status_t ret;

	ret = s->bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA,
				    pages, &addr);
	if (ret != EFI_SUCCESS) {
		pr_err("cannot allocate %lu bytes below 0x%lx: status "
		       "0x%lx",
		       size, max, ret);
		return NULL;
	}
	memset((void *)addr, 0, pages * EFI_PAGE_BYTES);
	return (void *)addr;
}

/* LoadOptions (UCS-2) as an ASCII command line below 4 GiB. */
static int setup_cmdline(struct stub *s)
{
	const efi_char16_t *opt = s->image->load_options;
	u32 n = s->image->load_options_size / sizeof(efi_char16_t);
	u32 max = s->bp->hdr.cmdline_size;
	char *line;
	u32 i, len = 0;

	line = alloc_below(s, (u64)max + 1, SZ_4G - 1);
	if (!line)
		return -1;
	for (i = 0; opt && i < n && opt[i] && len < max; i++)
		line[len++] =
			opt[i] < 0x80 && opt[i] >= 0x20 ? (char)opt[i] : ' ';
	if (opt && i < n && opt[i] && len == max)
		pr_err("command line longer than %u characters: cut there",
		       max);
	line[len] = 0;
	s->bp->hdr.cmd_line_ptr = (u32)(uintptr_t)line;
	s->bp->ext_cmd_line_ptr = 0;
	return 0;
}

static void set_initrd(struct boot_params *bp, const void *base, u64 size)
{
	bp->hdr.ramdisk_image = (u32)(uintptr_t)base;
	bp->ext_ramdisk_image = (u32)((uintptr_t)base >> 32);
	bp->hdr.ramdisk_size = (u32)size;
	bp->ext_ramdisk_size = (u32)(size >> 32);
}

/* The initrd a loader offers through LoadFile2 on the initrd media
 * device path. Return: 1 loaded, 0 none offered, -1 failed. */
static int load_initrd_media(struct stub *s)
{
	static const struct {
		struct efi_device_path vendor;
		efi_guid_t guid;
		struct efi_device_path end;
	} __attribute__((packed)) media_dp = {
		{EFI_DEV_MEDIA, EFI_DEV_MEDIA_VENDOR, 4 + sizeof(efi_guid_t)},
		LINUX_EFI_INITRD_MEDIA_GUID,
		{EFI_DEV_END, EFI_DEV_END_ENTIRE, 4},
	};
	const efi_guid_t lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
	struct efi_device_path *dp = (struct efi_device_path *)&media_dp;
	struct efi_load_file2 *lf2;
	efi_handle_t h;
	efi_status_t ret;
	u64 size = 0;
	void *buf;

	ret = s->bs->locate_device_path(&lf2_guid, &dp, &h);
	if (ret != EFI_SUCCESS)
		return 0;
	ret = s->bs->handle_protocol(h, &lf2_guid, (void **)&lf2);
	if (ret != EFI_SUCCESS)
		return 0;
	/* LoadFile2 gets what LocateDevicePath() left of the path: the end
	 * node. */
	ret = lf2->load_file(lf2, dp, 0, &size, NULL);
	if (ret != EFI_BUFFER_TOO_SMALL || !size) {
		pr_err("initrd media: LoadFile2 size query: status 0x%lx, "
		       "size %lu",
		       ret, size);
		return -1;
	}
	if (size > s->bp->hdr.initrd_addr_max) {
		pr_err("initrd media: LoadFile2 says %lu bytes, more than "
		       "initrd_addr_max 0x%x",
		       size, s->bp->hdr.initrd_addr_max);
		return -1;
	}
	buf = alloc_below(s, size, s->bp->hdr.initrd_addr_max);
	if (!buf)
		return -1;
	ret = lf2->load_file(lf2, dp, 0, &size, buf);
	if (ret != EFI_SUCCESS) {
		pr_err("initrd media: LoadFile2 of %lu bytes: status 0x%lx",
		       size, ret);
		return -1;
	}
	set_initrd(s->bp, buf, size);
	pr_info("loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path "
		"(%lu bytes at 0x%lx)",
		size, (u64)(uintptr_t)buf);
	return 1;
}

/* The next initrd= value of @line from @pos: its path as UCS-2 with '\'
 * separators. Return: the position after it, or NULL when no more. */
static const char *next_initrd(const char *line, efi_char16_t *path,
			       size_t room)
{
	const char *p = line;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, "initrd=", 7)) {
			size_t n = 0;

			p += 7;
			while (*p && *p != ' ') {
				if (n + 1 < room)
					path[n++] = *p == '/' ? '\\' : (u8)*p;
				p++;
			}
			path[n] = 0;
			return p;
		}
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

static void path_ascii(const efi_char16_t *path, char *out, size_t room)
{
	size_t i;

	for (i = 0; path[i] && i + 1 < room; i++)
		out[i] = (char)path[i];
	out[i] = 0;
}

/* Open @path on the volume the image came from; its size in @size. */
static struct efi_file *open_file(struct stub *s, struct efi_file *root,
				  const efi_char16_t *path, u64 *size)
{
	const efi_guid_t info_guid = EFI_FILE_INFO_GUID;
	struct efi_file_info info;
	u64 info_size = sizeof(info);
	struct efi_file *f;
	char name[EFI_STUB_PATH_MAX];
	efi_status_t ret;

	(void)s;
	path_ascii(path, name, sizeof(name));
	ret = root->open(root, &f, path, EFI_FILE_MODE_READ, 0);
	if (ret != EFI_SUCCESS) {
		pr_err("initrd=%s: cannot open it: status 0x%lx", name, ret);
		return NULL;
	}
	ret = f->get_info(f, &info_guid, &info_size, &info);
	if (ret != EFI_SUCCESS) {
		pr_err("initrd=%s: no file info: status 0x%lx", name, ret);
		f->close(f);
		return NULL;
	}
	*size = info.file_size;
	return f;
}

/* The files named by initrd= words, one after another in one buffer, as
 * Linux loads several. Return: 1 loaded, 0 none named, -1 failed. */
static int load_initrd_files(struct stub *s)
{
	const efi_guid_t sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	const char *line = (const char *)(uintptr_t)s->bp->hdr.cmd_line_ptr;
	efi_char16_t path[EFI_STUB_PATH_MAX];
	struct efi_simple_file_system *sfs;
	struct efi_file *root, *f;
	u64 sizes[EFI_STUB_INITRD_MAX], total = 0, done = 0;
	const char *p;
	int n = 0, i, got = -1;
	efi_status_t ret;
	u8 *buf;

	if (!line || !next_initrd(line, path, ARRAY_SIZE(path)))
		return 0;
	ret = s->bs->handle_protocol(s->image->device, &sfs_guid,
				     (void **)&sfs);
	if (ret == EFI_SUCCESS)
		ret = sfs->open_volume(sfs, &root);
	if (ret != EFI_SUCCESS) {
		pr_err("initrd=: the device keel was loaded from has no file "
		       "system: status 0x%lx",
		       ret);
		return -1;
	}
	for (p = next_initrd(line, path, ARRAY_SIZE(path)); p;
	     p = next_initrd(p, path, ARRAY_SIZE(path))) {
		if (n == EFI_STUB_INITRD_MAX) {
			pr_err("more than %d initrd= words: the rest ignored",
			       EFI_STUB_INITRD_MAX);
			break;
		}
		f = open_file(s, root, path, &sizes[n]);
		if (!f)
			goto out;
		f->close(f);
		if (sizes[n] > s->bp->hdr.initrd_addr_max - total) {
			pr_err("initrd= files add up to more than 0x%x bytes",
			       s->bp->hdr.initrd_addr_max);
			goto out;
		}
		total += sizes[n++];
	}
	got = 0;
	if (!total)
		goto out;
	got = -1;
	buf = alloc_below(s, total, s->bp->hdr.initrd_addr_max);
	if (!buf)
		goto out;
	i = 0;
	for (p = next_initrd(line, path, ARRAY_SIZE(path)); p && i < n;
	     p = next_initrd(p, path, ARRAY_SIZE(path)), i++) {
		u64 size = sizes[i], want = sizes[i];

		f = open_file(s, root, path, &size);
		if (!f)
			goto out;
		if (size != want) {
			pr_err("initrd file %d changed size: %lu, was %lu", i,
			       size, want);
			f->close(f);
			goto out;
		}
		ret = f->read(f, &size, buf + done);
		f->close(f);
		if (ret != EFI_SUCCESS || size != want) {
			pr_err("initrd file %d: read %lu of %lu bytes: status "
			       "0x%lx",
			       i, size, want, ret);
			goto out;
		}
		done += size;
	}
	set_initrd(s->bp, buf, total);
	pr_info("loaded initrd from initrd= (%d file%s, %lu bytes)", n,
		n == 1 ? "" : "s", total);
	got = 1;
out:
	root->close(root);
	return got;
}

static void mask_to_size_pos(u32 mask, u8 *size, u8 *pos)
{
	u8 p = 0, n = 0;

	if (mask) {
		while (!(mask & 1)) {
			mask >>= 1;
			p++;
		}
		while (mask & 1) {
			mask >>= 1;
			n++;
		}
	}
	*size = n;
	*pos = p;
}

static void put16(u8 *p, u16 v)
{
	memcpy(p, &v, sizeof(v));
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

/* The GOP's current mode as an EFI framebuffer in screen_info. */
static void setup_gop(struct stub *s)
{
	const efi_guid_t gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	u8 *si = s->bp->screen_info;
	struct efi_gop *gop;
	struct efi_gop_mode_info *info;
	u32 masks[4], all, bpp = 32;
	int i;

	if (s->bs->locate_protocol(&gop_guid, NULL, (void **)&gop) !=
		    EFI_SUCCESS ||
	    !gop->mode || !gop->mode->info)
		return;
	info = gop->mode->info;
	switch (info->pixel_format) {
	case EFI_PIXEL_RGB_RESERVED_8BIT:
		masks[0] = 0xff;
		masks[1] = 0xff00;
		masks[2] = 0xff0000;
		masks[3] = 0xff000000;
		break;
	case EFI_PIXEL_BGR_RESERVED_8BIT:
		masks[0] = 0xff0000;
		masks[1] = 0xff00;
		masks[2] = 0xff;
		masks[3] = 0xff000000;
		break;
	case EFI_PIXEL_BIT_MASK:
		masks[0] = info->red_mask;
		masks[1] = info->green_mask;
		masks[2] = info->blue_mask;
		masks[3] = info->reserved_mask;
		/* The pixel is as wide as its highest mask bit: 16 for
		 * 5:6:5, 24 for packed 8:8:8 (as Linux's stub reads it). */
		all = masks[0] | masks[1] | masks[2] | masks[3];
		for (bpp = 0; all; all >>= 1)
			bpp++;
		if (!bpp)
			return;
		break;
	default: /* BltOnly: no framebuffer to hand over */
		return;
	}
	memset(si, 0, sizeof(s->bp->screen_info));
	si[SCREEN_INFO_ISVGA] = VIDEO_TYPE_EFI;
	put16(si + SCREEN_INFO_LFB_WIDTH, (u16)info->width);
	put16(si + SCREEN_INFO_LFB_HEIGHT, (u16)info->height);
	put16(si + SCREEN_INFO_LFB_DEPTH, (u16)bpp);
	put16(si + SCREEN_INFO_LFB_LINELENGTH,
	      (u16)(info->pixels_per_scan_line * ((bpp + 7) / 8)));
	put32(si + SCREEN_INFO_LFB_BASE, (u32)gop->mode->frame_buffer_base);
	put32(si + SCREEN_INFO_EXT_LFB_BASE,
	      (u32)(gop->mode->frame_buffer_base >> 32));
	if (gop->mode->frame_buffer_base >> 32)
		put32(si + SCREEN_INFO_CAPABILITIES,
		      VIDEO_CAPABILITY_64BIT_BASE);
	put32(si + SCREEN_INFO_LFB_SIZE, (u32)gop->mode->frame_buffer_size);
	for (i = 0; i < 4; i++)
		mask_to_size_pos(masks[i], &si[SCREEN_INFO_RED_SIZE + 2 * i],
				 &si[SCREEN_INFO_RED_SIZE + 2 * i + 1]);
	pr_info("GOP framebuffer %ux%u at 0x%lx, %u pixels a line", info->width,
		info->height, gop->mode->frame_buffer_base,
		info->pixels_per_scan_line);
}

/* The ACPI RSDP from the configuration table: 2.0 if there, else 1.0. */
static void setup_rsdp(struct stub *s)
{
	s->bp->acpi_rsdp_addr = efi_config_find_acpi(
		(const struct efi_config_table *)s->st->tables,
		s->st->nr_tables);
}

/*
 * The final memory map, converted to e820, then ExitBootServices(): once
 * more with a new map if the key was stale. Nothing that can allocate runs
 * between GetMemoryMap() and ExitBootServices(), logging included.
 */
/* The e820 entries past the zero page's 128 go into a SETUP_E820_EXT
 * node, as boot loaders hand a long map over. */
struct e820_room {
	struct boot_e820_entry *all; /* EFI_E820_MAX_DESCS of them */
	struct setup_data *ext; /* room for as many */
};

static void put_e820(struct boot_params *bp, const struct e820_room *r, u32 nr)
{
	u32 in_zp =
		nr < E820_MAX_ENTRIES_ZEROPAGE ? nr : E820_MAX_ENTRIES_ZEROPAGE;

	memcpy(bp->e820_table, r->all, in_zp * sizeof(*r->all));
	bp->e820_entries = (u8)in_zp;
	r->ext->type = SETUP_E820_EXT;
	r->ext->len = (nr - in_zp) * (u32)sizeof(*r->all);
	memcpy(r->ext->data, r->all + in_zp, r->ext->len);
}

static efi_status_t exit_boot(struct stub *s)
{
	struct bp_efi_info *ei = (struct bp_efi_info *)s->bp->efi_info;
	u64 size = 0, key, dsize = 0, buf_size;
	u32 dver, nr = 0;
	efi_status_t ret;
	struct e820_room room;
	void *map;
	int tries, err;

	ret = s->bs->get_memory_map(&size, NULL, &key, &dsize, &dver);
	if (ret != EFI_BUFFER_TOO_SMALL || !dsize) {
		pr_err("GetMemoryMap size query: status 0x%lx", ret);
		return ret ? ret : EFI_LOAD_ERROR;
	}
	buf_size = size + MAP_SLACK_DESCS * dsize;
	map = alloc_below(s, buf_size, ~0ULL);
	room.all =
		alloc_below(s, EFI_E820_MAX_DESCS * sizeof(*room.all), ~0ULL);
	room.ext = alloc_below(
		s, sizeof(*room.ext) + EFI_E820_MAX_DESCS * sizeof(*room.all),
		SZ_4G - 1);
	if (!map || !room.all || !room.ext)
		return EFI_OUT_OF_RESOURCES;
	for (tries = 1;; tries++) {
		size = buf_size;
		ret = s->bs->get_memory_map(&size, map, &key, &dsize, &dver);
		if (ret != EFI_SUCCESS) {
			pr_err("GetMemoryMap into %lu bytes: status 0x%lx",
			       buf_size, ret);
			return ret;
		}
		err = efi_map_to_e820(map, size, dsize, dver, room.all,
				      EFI_E820_MAX_DESCS, &nr);
		if (err) {
			pr_err("the UEFI memory map cannot be used: %s",
			       efi_e820_strerror(err));
			return EFI_LOAD_ERROR;
		}
		put_e820(s->bp, &room, nr);
		ei->loader_signature = EFI_LOADER_SIGNATURE_64;
		ei->systab = (u32)(uintptr_t)s->st;
		ei->systab_hi = (u32)((uintptr_t)s->st >> 32);
		ei->memmap = (u32)(uintptr_t)map;
		ei->memmap_hi = (u32)((uintptr_t)map >> 32);
		ei->memmap_size = (u32)size;
		ei->memdesc_size = (u32)dsize;
		ei->memdesc_version = dver;
		ret = s->bs->exit_boot_services(s->handle, key);
		if (ret != EFI_INVALID_PARAMETER || tries == 2)
			break;
	}
	if (ret != EFI_SUCCESS) {
		pr_err("ExitBootServices: status 0x%lx after %d %s", ret, tries,
		       tries == 1 ? "try" : "tries");
		return ret;
	}
	if (nr > E820_MAX_ENTRIES_ZEROPAGE) {
		room.ext->next = s->bp->hdr.setup_data;
		s->bp->hdr.setup_data = (u64)(uintptr_t)room.ext;
	}
	return EFI_SUCCESS;
}

/* Common to both entries once boot_params holds the setup header and the
 * command line. Returns only on failure, with boot services still up. */
static efi_status_t efi_stub_main(struct stub *s)
{
	efi_status_t ret;
	u8 *base = startup_32;

	if (!s->bp->hdr.ramdisk_size && !s->bp->ext_ramdisk_size) {
		int got = load_initrd_media(s);

		if (!got)
			got = load_initrd_files(s);
		if (got < 0) {
			pr_err("failed to load the initrd");
			return EFI_LOAD_ERROR;
		}
	}
	setup_gop(s);
	setup_rsdp(s);
	/* The decompressor runs where it is: the PE section or the loader's
	 * allocation spans init_size. The 32-bit field says where too. */
	if ((uintptr_t)base + s->bp->hdr.init_size > SZ_4G) {
		pr_err("image at 0x%lx: init_size 0x%x runs past 4 GiB",
		       (u64)(uintptr_t)base, s->bp->hdr.init_size);
		return EFI_LOAD_ERROR;
	}
	s->bp->hdr.code32_start = (u32)(uintptr_t)base;
	/* The handover loader's own ID stays (GRUB writes it); the PE entry
	 * has no loader to name. */
	if (!s->bp->hdr.type_of_loader)
		s->bp->hdr.type_of_loader = TYPE_OF_LOADER_UNDEFINED;
	ret = exit_boot(s);
	if (ret != EFI_SUCCESS)
		return ret;
	efi_enter_kernel(s->bp, base);
}

static bool stub_open(struct stub *s, efi_handle_t handle,
		      struct efi_fw_system_table *st)
{
	const efi_guid_t li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	efi_status_t ret;

	stub_log_start(st);
	s->handle = handle;
	s->st = st;
	s->bs = st->boot;
	ret = s->bs->handle_protocol(handle, &li_guid, (void **)&s->image);
	if (ret != EFI_SUCCESS) {
		pr_err("no EFI_LOADED_IMAGE_PROTOCOL on the image handle: "
		       "status 0x%lx",
		       ret);
		return false;
	}
	return true;
}

/* The PE entry (the firmware's StartImage()): head.asm's efi_pe_entry
 * turns the Microsoft convention into this call. */
efi_status_t efi_pe_main(efi_handle_t handle, struct efi_fw_system_table *st)
{
	const u8 *image;
	struct stub s;
	size_t hdr_len;

	if (!stub_open(&s, handle, st))
		return EFI_LOAD_ERROR;
	image = s.image->image_base;
	/* Zero page, below 4 GiB for the 32-bit pointers into it. */
	s.bp = alloc_below(&s, sizeof(*s.bp), SZ_4G - 1);
	if (!s.bp)
		return EFI_OUT_OF_RESOURCES;
	/* The setup header ends at the jump's target (offset 0x201 holds
	 * the jump's displacement), as loaders read it. */
	hdr_len = 0x202 + image[0x201] - SETUP_HDR_OFFSET;
	if (hdr_len > sizeof(s.bp->hdr))
		hdr_len = sizeof(s.bp->hdr);
	memcpy(&s.bp->hdr, image + SETUP_HDR_OFFSET, hdr_len);
	/* What a loader writes is the stub's to fill: a firmware that read
	 * the file may have left another loader's values there (QEMU
	 * patches the header it hands to OVMF). */
	s.bp->hdr.ramdisk_image = 0;
	s.bp->hdr.ramdisk_size = 0;
	s.bp->hdr.cmd_line_ptr = 0;
	s.bp->hdr.setup_data = 0;
	s.bp->hdr.type_of_loader = 0;
	s.bp->hdr.loadflags &= (u8)~CAN_USE_HEAP;
	if (setup_cmdline(&s))
		return EFI_OUT_OF_RESOURCES;
	return efi_stub_main(&s);
}

/* The EFI handover protocol: the loader filled @bp in (command line,
 * perhaps the initrd) and calls here, in the System V convention. */
void efi_handover_main(efi_handle_t handle, struct efi_fw_system_table *st,
		       struct boot_params *bp)
{
	struct stub s;

	if (!stub_open(&s, handle, st))
		goto halt;
	s.bp = bp;
	pr_info("entered through the EFI handover protocol");
	efi_stub_main(&s);
halt:
	pr_err("cannot boot; halting");
	efi_halt();
}
