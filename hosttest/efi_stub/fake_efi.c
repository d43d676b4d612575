// SPDX-License-Identifier: MIT
#include "hosttest/efi_stub/fake_efi.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct fake_efi fw;
u8 (*fake_efi_startup_32)[];

static jmp_buf run_jmp;
static char h_image, h_device, h_initrd;

/* Open files of the fake volume: index into fw.files, -1 for the root. */
struct fake_file {
	struct efi_file proto;
	int idx;
	u64 pos;
	bool open;
};
static struct fake_file files[FAKE_EFI_MAX_OPENS + 1];

static const u8 initrd_media_guid_bytes[16] = {
	0x27, 0xe4, 0x68, 0x55, 0xfc, 0x68, 0x3d, 0x4f,
	0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68,
};

static bool guid_is(const efi_guid_t *a, efi_guid_t b)
{
	return a && !memcmp(a, &b, sizeof(b));
}

static void after_exit(void)
{
	if (fw.exited)
		fw.calls_after_exit++;
}

static u64 map_low(u64 bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	if (p == MAP_FAILED)
		abort();
	memset(p, 0xa5, bytes);
	return (u64)(uintptr_t)p;
}

static void record_alloc(u64 addr, u64 pages)
{
	if (fw.nr_allocs == FAKE_EFI_MAX_ALLOCS)
		abort();
	fw.allocs[fw.nr_allocs].addr = addr;
	fw.allocs[fw.nr_allocs].pages = pages;
	fw.nr_allocs++;
}

void *fake_efi_low(u64 size)
{
	u64 pages = size ? (size + 4095) / 4096 : 1;
	u64 addr = map_low(pages * 4096);

	record_alloc(addr, pages);
	return (void *)(uintptr_t)addr;
}

const struct fake_alloc *fake_efi_alloc_of(u64 addr, u64 size)
{
	for (int i = 0; i < fw.nr_allocs; i++) {
		const struct fake_alloc *a = &fw.allocs[i];

		if (addr >= a->addr && size <= a->pages * 4096 &&
		    addr - a->addr <= a->pages * 4096 - size)
			return a;
	}
	return NULL;
}

static efi_status_t EFIAPI fake_output_string(struct efi_simple_text_output *c,
					      const efi_char16_t *s)
{
	(void)c;
	after_exit();
	for (; *s; s++)
		if (fw.con_len + 1 < sizeof(fw.con))
			fw.con[fw.con_len++] = *s < 0x80 ? (char)*s : '?';
	fw.con[fw.con_len] = 0;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_allocate_pages(int type, int mem_type,
					       u64 pages, u64 *addr)
{
	u64 a;

	after_exit();
	if (type != EFI_ALLOCATE_MAX_ADDRESS || mem_type != EFI_LOADER_DATA)
		fw.bad_alloc_type++;
	if (fw.alloc_calls++ == fw.alloc_fail_at)
		return EFI_OUT_OF_RESOURCES;
	if (!pages || pages > 0x4000) /* 64 MiB is all the fake has */
		return EFI_OUT_OF_RESOURCES;
	a = map_low(pages * 4096);
	if (a + pages * 4096 - 1 > *addr) {
		munmap((void *)(uintptr_t)a, pages * 4096);
		return EFI_OUT_OF_RESOURCES;
	}
	record_alloc(a, pages);
	fw.key++; /* the memory map changed */
	*addr = a;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_get_memory_map(u64 *size, void *map, u64 *key,
					       u64 *desc_size,
					       u32 *desc_version)
{
	after_exit();
	if (fw.gmm_calls++ == fw.gmm_fail_at)
		return EFI_UNSUPPORTED;
	*desc_size = fw.desc_size;
	*desc_version = fw.desc_version;
	if (!map || *size < fw.map_size) {
		*size = fw.map_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(map, fw.map, fw.map_size);
	*size = fw.map_size;
	*key = fw.key;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_exit_boot_services(efi_handle_t h, u64 key)
{
	after_exit();
	if (fw.ebs_calls < (int)ARRAY_SIZE(fw.ebs_keys))
		fw.ebs_keys[fw.ebs_calls] = key;
	fw.ebs_calls++;
	if (h != &h_image)
		return EFI_INVALID_PARAMETER;
	if (fw.ebs_stale > 0) {
		fw.ebs_stale--;
		fw.key++;
		return EFI_INVALID_PARAMETER;
	}
	if (key != fw.key)
		return EFI_INVALID_PARAMETER;
	if (fw.ebs_status)
		return fw.ebs_status;
	fw.exited = true;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_handle_protocol(efi_handle_t h,
						const efi_guid_t *guid,
						void **out)
{
	after_exit();
	if (h == &h_image && !fw.no_loaded_image &&
	    guid_is(guid, EFI_LOADED_IMAGE_PROTOCOL_GUID)) {
		*out = &fw.li;
		return EFI_SUCCESS;
	}
	if (h == &h_device && fw.sfs &&
	    guid_is(guid, EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID)) {
		*out = &fw.sfs_proto;
		return EFI_SUCCESS;
	}
	if (h == &h_initrd && guid_is(guid, EFI_LOAD_FILE2_PROTOCOL_GUID)) {
		*out = &fw.lf2_proto;
		return EFI_SUCCESS;
	}
	return EFI_UNSUPPORTED;
}

/* The initrd media path, byte by byte: vendor media node of 20 bytes with
 * the GUID, then the end node. */
static bool is_initrd_media_path(const u8 *p)
{
	return p[0] == EFI_DEV_MEDIA && p[1] == EFI_DEV_MEDIA_VENDOR &&
	       p[2] == 20 && p[3] == 0 &&
	       !memcmp(p + 4, initrd_media_guid_bytes, 16) &&
	       p[20] == EFI_DEV_END && p[21] == EFI_DEV_END_ENTIRE &&
	       p[22] == 4 && p[23] == 0;
}

static efi_status_t EFIAPI fake_locate_device_path(const efi_guid_t *guid,
						   struct efi_device_path **dp,
						   efi_handle_t *h)
{
	after_exit();
	fw.locate_dp_calls++;
	if (!fw.lf2 || !guid_is(guid, EFI_LOAD_FILE2_PROTOCOL_GUID) || !dp ||
	    !*dp || !is_initrd_media_path((const u8 *)*dp))
		return EFI_NOT_FOUND;
	fw.dp_ok = true;
	*dp = (struct efi_device_path *)((u8 *)*dp + 20);
	*h = &h_initrd;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_load_file(struct efi_load_file2 *lf,
					  struct efi_device_path *dp,
					  u8 boot_policy, u64 *size, void *buf)
{
	after_exit();
	fw.lf2_calls++;
	fw.lf2_dp_is_end = dp && dp->type == EFI_DEV_END &&
			   dp->subtype == EFI_DEV_END_ENTIRE;
	if (lf != &fw.lf2_proto || boot_policy || !fw.lf2_dp_is_end)
		return EFI_INVALID_PARAMETER;
	if (!buf || *size < fw.lf2_size) {
		*size = fw.lf2_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buf, fw.lf2_data, fw.lf2_size);
	*size = fw.lf2_size;
	return EFI_SUCCESS;
}

static struct fake_file *file_of(struct efi_file *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (&files[i].proto == f && files[i].open)
			return &files[i];
	abort(); /* the stub used a file it did not open, or closed */
}

static efi_status_t EFIAPI fake_file_close(struct efi_file *f)
{
	after_exit();
	file_of(f)->open = false;
	fw.open_files--;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_file_read(struct efi_file *f, u64 *size,
					  void *buf)
{
	struct fake_file *ff = file_of(f);
	const struct fake_file_def *d;
	u64 n;

	after_exit();
	if (ff->idx < 0)
		return EFI_UNSUPPORTED;
	d = &fw.files[ff->idx];
	n = d->size - ff->pos;
	if (n > *size)
		n = *size;
	memcpy(buf, d->data + ff->pos, n);
	ff->pos += n;
	*size = n;
	return EFI_SUCCESS;
}

static efi_status_t EFIAPI fake_file_get_info(struct efi_file *f,
					      const efi_guid_t *guid, u64 *size,
					      void *buf)
{
	struct fake_file *ff = file_of(f);
	const struct fake_file_def *d;
	const char *leaf;
	struct efi_file_info *info = buf;
	u64 need;

	after_exit();
	if (!guid_is(guid, EFI_FILE_INFO_GUID) || ff->idx < 0)
		return EFI_UNSUPPORTED;
	d = &fw.files[ff->idx];
	leaf = strrchr(d->name, '\\');
	leaf = leaf ? leaf + 1 : d->name;
	need = offsetof(struct efi_file_info, name) + 2 * (strlen(leaf) + 1);
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	memset(info, 0, need);
	info->size = need;
	info->file_size = d->size;
	info->physical_size = d->size;
	for (size_t i = 0; leaf[i]; i++)
		info->name[i] = (u8)leaf[i];
	*size = need;
	return EFI_SUCCESS;
}

static struct efi_file *new_file(int idx);

static efi_status_t EFIAPI fake_file_open(struct efi_file *f,
					  struct efi_file **out,
					  const efi_char16_t *name, u64 mode,
					  u64 attributes)
{
	struct fake_file *ff = file_of(f);
	char ascii[256];
	size_t n = 0;

	after_exit();
	for (; *name; name++) {
		if (*name >= 0x80)
			fw.opened_non_ascii = true;
		if (n + 1 < sizeof(ascii))
			ascii[n++] = (char)*name;
	}
	ascii[n] = 0;
	if (fw.nr_opened < FAKE_EFI_MAX_OPENS)
		strcpy(fw.opened[fw.nr_opened], ascii);
	fw.nr_opened++;
	if (ff->idx >= 0 || mode != EFI_FILE_MODE_READ || attributes)
		return EFI_INVALID_PARAMETER;
	for (int i = 0; i < fw.nr_files; i++) {
		if (!strcmp(fw.files[i].name, ascii)) {
			*out = new_file(i);
			return *out ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES;
		}
	}
	return EFI_NOT_FOUND;
}

static struct efi_file *new_file(int idx)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct fake_file *ff = &files[i];

		if (ff->open)
			continue;
		memset(ff, 0, sizeof(*ff));
		ff->proto.revision = 0x10000;
		ff->proto.open = fake_file_open;
		ff->proto.close = fake_file_close;
		ff->proto.read = fake_file_read;
		ff->proto.get_info = fake_file_get_info;
		ff->idx = idx;
		ff->open = true;
		fw.open_files++;
		return &ff->proto;
	}
	return NULL;
}

static efi_status_t EFIAPI fake_open_volume(struct efi_simple_file_system *sfs,
					    struct efi_file **root)
{
	after_exit();
	if (sfs != &fw.sfs_proto)
		return EFI_INVALID_PARAMETER;
	*root = new_file(-1);
	return *root ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES;
}

static efi_status_t EFIAPI fake_locate_protocol(const efi_guid_t *guid,
						void *reg, void **out)
{
	after_exit();
	if (!reg && fw.gop &&
	    guid_is(guid, EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID)) {
		*out = &fw.gop_proto;
		return EFI_SUCCESS;
	}
	return EFI_NOT_FOUND;
}

/* A 4 KiB-paged PC: low RAM, the legacy hole, boot services data, runtime
 * code, ACPI tables, the rest of RAM, ACPI NVS. */
static const struct efi_memory_desc default_map[] = {
	{EFI_CONVENTIONAL_MEMORY, 0, 0x0, 0, 0x9f, 0xf},
	{EFI_RESERVED_TYPE, 0, 0x9f000, 0, 0x61, 0xf},
	{EFI_BOOT_SERVICES_DATA, 0, 0x100000, 0, 0x100, 0xf},
	{EFI_RUNTIME_SERVICES_CODE, 0, 0x200000, 0, 0x10, 0x800000000000000f},
	{EFI_ACPI_RECLAIM_MEMORY, 0, 0x210000, 0, 0x10, 0xf},
	{EFI_CONVENTIONAL_MEMORY, 0, 0x220000, 0, 0x1000, 0xf},
	{EFI_ACPI_MEMORY_NVS, 0, 0x1220000, 0, 0x4, 0xf},
};

void fake_efi_set_map(const struct efi_memory_desc *d, size_t n, u64 desc_size)
{
	fw.map = fake_efi_low(n * desc_size + 1);
	memset(fw.map, 0, n * desc_size);
	for (size_t i = 0; i < n; i++)
		memcpy(fw.map + i * desc_size, &d[i],
		       desc_size < sizeof(*d) ? desc_size : sizeof(*d));
	fw.map_size = n * desc_size;
	fw.desc_size = desc_size;
	fw.desc_version = EFI_MEMORY_DESCRIPTOR_VERSION;
}

void fake_efi_add_file(const char *name, const u8 *data, u64 size)
{
	struct fake_file_def *d = &fw.files[fw.nr_files++];

	strncpy(d->name, name, sizeof(d->name) - 1);
	d->data = data;
	d->size = size;
	fw.sfs = true;
}

void fake_efi_set_options(const char *s)
{
	size_t n = strlen(s);
	efi_char16_t *o = fake_efi_low(2 * (n + 1));

	for (size_t i = 0; i <= n; i++)
		o[i] = (u8)s[i];
	fw.load_options = o;
	fw.load_options_size = (u32)(2 * (n + 1));
}

/* The fake image: a setup header as the build writes it, with stale loader
 * fields the stub must clear. */
static void default_image(void)
{
	struct setup_header *h;

	fw.image = fake_efi_low(FAKE_EFI_IMAGE_BYTES);
	memset(fw.image, 0, FAKE_EFI_IMAGE_BYTES);
	h = (struct setup_header *)(fw.image + SETUP_HDR_OFFSET);
	h->setup_sects = 4;
	h->boot_flag = 0xaa55;
	h->jump = 0x6aeb; /* jmp to 0x26c, the end of the header */
	h->header = 0x53726448; /* "HdrS" */
	h->version = 0x20f;
	h->loadflags = LOADED_HIGH | CAN_USE_HEAP;
	h->ramdisk_image = 0x1234000;
	h->ramdisk_size = 0x5678;
	h->cmd_line_ptr = 0x9abc0;
	h->setup_data = 0xdeadbeef;
	h->type_of_loader = 0xb0; /* QEMU's, from a patched header */
	h->initrd_addr_max = 0x7fffffff;
	h->kernel_alignment = 0x200000;
	h->relocatable_kernel = 1;
	h->cmdline_size = 2047;
	h->init_size = 0x800000;
	h->handover_offset = 0x190;
	fake_efi_startup_32 = (u8(*)[])(fw.image + 0x800);
}

void fake_efi_reset(void)
{
	for (int i = 0; i < fw.nr_allocs; i++)
		munmap((void *)(uintptr_t)fw.allocs[i].addr,
		       fw.allocs[i].pages * 4096);
	memset(&fw, 0, sizeof(fw));
	memset(files, 0, sizeof(files));
	fw.alloc_fail_at = -1;
	fw.gmm_fail_at = -1;
	fw.key = 0x100;

	fw.con_out.output_string = fake_output_string;
	fw.bs.hdr.signature = 0x56524553544f4f42ULL; /* "BOOTSERV" */
	fw.bs.allocate_pages = fake_allocate_pages;
	fw.bs.get_memory_map = fake_get_memory_map;
	fw.bs.handle_protocol = fake_handle_protocol;
	fw.bs.locate_device_path = fake_locate_device_path;
	fw.bs.exit_boot_services = fake_exit_boot_services;
	fw.bs.locate_protocol = fake_locate_protocol;
	fw.st.hdr.signature = 0x5453595320494249ULL; /* "IBI SYST" */
	fw.st.con_out = &fw.con_out;
	fw.st.boot = &fw.bs;
	fw.st.tables = fw.tables;
	fw.lf2_proto.load_file = fake_load_file;
	fw.sfs_proto.revision = 0x10000;
	fw.sfs_proto.open_volume = fake_open_volume;
	fw.gop_proto.mode = &fw.gop_mode;
	fw.gop_mode.info = &fw.gop_info;
	fw.gop_mode.size_of_info = sizeof(fw.gop_info);

	default_image();
	fake_efi_set_map(default_map, ARRAY_SIZE(default_map), 48);
	fake_efi_set_options("");
}

static void prepare(void)
{
	fw.li.revision = 0x1000;
	fw.li.system_table = &fw.st;
	fw.li.device = &h_device;
	fw.li.load_options = (void *)(uintptr_t)fw.load_options;
	fw.li.load_options_size = fw.load_options_size;
	fw.li.image_base = fw.image;
	fw.li.image_size = FAKE_EFI_IMAGE_BYTES;
	fw.li.image_code_type = EFI_LOADER_CODE;
	fw.li.image_data_type = EFI_LOADER_DATA;
}

efi_status_t fake_efi_run_pe(void)
{
	prepare();
	fw.status = EFI_SUCCESS;
	if (!setjmp(run_jmp))
		fw.status = efi_pe_main(&h_image, &fw.st);
	return fw.status;
}

void fake_efi_run_handover(struct boot_params *bp)
{
	prepare();
	if (!setjmp(run_jmp))
		efi_handover_main(&h_image, &fw.st, bp);
}

void efi_enter_kernel(struct boot_params *bp, u8 *base)
{
	fw.entered = true;
	fw.bp = bp;
	fw.base = base;
	longjmp(run_jmp, 1);
}

void efi_halt(void)
{
	fw.halted = true;
	longjmp(run_jmp, 1);
}
