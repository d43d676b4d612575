/* SPDX-License-Identifier: MIT */
/*
 * The part of the UEFI 2.10 interface the EFI stub calls while boot
 * services run: the system table, boot services, and the protocols it
 * opens (loaded image, device path, LoadFile2, simple file system and
 * file, graphics output). Layouts are the specification's; every call into
 * the firmware uses the Microsoft x64 convention (EFIAPI).
 *
 * Only the members keel calls are typed; the others are placeholders that
 * keep the offsets, checked by the _Static_asserts at the end.
 */
#ifndef KEEL_BOOT_COMPRESSED_EFI_API_H
#define KEEL_BOOT_COMPRESSED_EFI_API_H

#include "kernel/lib/efi_runtime.h" /* efi_table_hdr, efi_config_table */
#include "kernel/lib/types.h"

#define EFIAPI __attribute__((ms_abi))

typedef u64 efi_status_t;
typedef void *efi_handle_t;
typedef u16 efi_char16_t;

#define EFI_ERROR_BIT (1ULL << 63)
#define EFI_SUCCESS 0ULL
#define EFI_LOAD_ERROR (EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL (EFI_ERROR_BIT | 5)
#define EFI_OUT_OF_RESOURCES (EFI_ERROR_BIT | 9)
#define EFI_NOT_FOUND (EFI_ERROR_BIT | 14)

typedef struct {
	u32 d1;
	u16 d2, d3;
	u8 d4[8];
} efi_guid_t;

#define EFI_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                      \
	((efi_guid_t){(a),                                                     \
		      (b),                                                     \
		      (c),                                                     \
		      {(d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7)}})

#define EFI_LOADED_IMAGE_PROTOCOL_GUID                                         \
	EFI_GUID(0x5b1b31a1, 0x9562, 0x11d2, 0x8e, 0x3f, 0x00, 0xa0, 0xc9,     \
		 0x69, 0x72, 0x3b)
#define EFI_LOAD_FILE2_PROTOCOL_GUID                                           \
	EFI_GUID(0x4006c0c1, 0xfcb3, 0x403e, 0x99, 0x6d, 0x4a, 0x6c, 0x87,     \
		 0x24, 0xe0, 0x6d)
#define LINUX_EFI_INITRD_MEDIA_GUID                                            \
	EFI_GUID(0x5568e427, 0x68fc, 0x4f3d, 0xac, 0x74, 0xca, 0x55, 0x52,     \
		 0x31, 0xcc, 0x68)
#define EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID                                   \
	EFI_GUID(0x964e5b22, 0x6459, 0x11d2, 0x8e, 0x39, 0x00, 0xa0, 0xc9,     \
		 0x69, 0x72, 0x3b)
#define EFI_FILE_INFO_GUID                                                     \
	EFI_GUID(0x09576e92, 0x6d3f, 0x11d2, 0x8e, 0x39, 0x00, 0xa0, 0xc9,     \
		 0x69, 0x72, 0x3b)
#define EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID                                      \
	EFI_GUID(0x9042a9de, 0x23dc, 0x4a38, 0x96, 0xfb, 0x7a, 0xde, 0xd0,     \
		 0x80, 0x51, 0x6a)

/* EFI_ALLOCATE_TYPE */
#define EFI_ALLOCATE_ANY_PAGES 0
#define EFI_ALLOCATE_MAX_ADDRESS 1
#define EFI_ALLOCATE_ADDRESS 2

#define EFI_FILE_MODE_READ 1ULL

struct efi_simple_text_output {
	void *reset;
	efi_status_t(EFIAPI *output_string)(struct efi_simple_text_output *,
					    const efi_char16_t *);
};

struct efi_device_path {
	u8 type;
	u8 subtype;
	u16 length;
} __attribute__((packed));

#define EFI_DEV_MEDIA 4
#define EFI_DEV_MEDIA_VENDOR 3
#define EFI_DEV_END 0x7f
#define EFI_DEV_END_ENTIRE 0xff

struct efi_boot_services {
	struct efi_table_hdr hdr;
	void *raise_tpl, *restore_tpl;
	efi_status_t(EFIAPI *allocate_pages)(int type, int mem_type, u64 pages,
					     u64 *addr);
	efi_status_t(EFIAPI *free_pages)(u64 addr, u64 pages);
	efi_status_t(EFIAPI *get_memory_map)(u64 *size, void *map, u64 *key,
					     u64 *desc_size, u32 *desc_version);
	efi_status_t(EFIAPI *allocate_pool)(int mem_type, u64 size, void **buf);
	efi_status_t(EFIAPI *free_pool)(void *buf);
	void *create_event, *set_timer, *wait_for_event, *signal_event,
		*close_event, *check_event;
	void *install_protocol_interface, *reinstall_protocol_interface,
		*uninstall_protocol_interface;
	efi_status_t(EFIAPI *handle_protocol)(efi_handle_t, const efi_guid_t *,
					      void **);
	void *reserved, *register_protocol_notify, *locate_handle;
	efi_status_t(EFIAPI *locate_device_path)(const efi_guid_t *,
						 struct efi_device_path **,
						 efi_handle_t *);
	void *install_configuration_table;
	void *load_image, *start_image, *exit, *unload_image;
	efi_status_t(EFIAPI *exit_boot_services)(efi_handle_t, u64 map_key);
	void *get_next_monotonic_count, *stall, *set_watchdog_timer;
	void *connect_controller, *disconnect_controller;
	void *open_protocol, *close_protocol, *open_protocol_information;
	void *protocols_per_handle, *locate_handle_buffer;
	efi_status_t(EFIAPI *locate_protocol)(const efi_guid_t *, void *reg,
					      void **);
};

/* EFI_CONFIGURATION_TABLE as the stub reads it: kernel/lib/efi_runtime.h's
 * struct efi_config_table with a typed GUID and pointer. */
struct efi_fw_config_table {
	efi_guid_t guid;
	void *table;
};

struct efi_fw_system_table {
	struct efi_table_hdr hdr;
	efi_char16_t *fw_vendor;
	u32 fw_revision;
	efi_handle_t con_in_handle;
	void *con_in;
	efi_handle_t con_out_handle;
	struct efi_simple_text_output *con_out;
	efi_handle_t stderr_handle;
	void *std_err;
	void *runtime;
	struct efi_boot_services *boot;
	u64 nr_tables;
	struct efi_fw_config_table *tables;
};

struct efi_loaded_image {
	u32 revision;
	efi_handle_t parent;
	struct efi_fw_system_table *system_table;
	efi_handle_t device;
	struct efi_device_path *file_path;
	void *reserved;
	u32 load_options_size;
	void *load_options;
	void *image_base;
	u64 image_size;
	int image_code_type;
	int image_data_type;
	void *unload;
};

struct efi_load_file2 {
	efi_status_t(EFIAPI *load_file)(struct efi_load_file2 *,
					struct efi_device_path *,
					u8 boot_policy, u64 *size, void *buf);
};

struct efi_file {
	u64 revision;
	efi_status_t(EFIAPI *open)(struct efi_file *, struct efi_file **,
				   const efi_char16_t *name, u64 mode,
				   u64 attributes);
	efi_status_t(EFIAPI *close)(struct efi_file *);
	void *del;
	efi_status_t(EFIAPI *read)(struct efi_file *, u64 *size, void *buf);
	void *write, *get_position, *set_position;
	efi_status_t(EFIAPI *get_info)(struct efi_file *, const efi_guid_t *,
				       u64 *size, void *buf);
};

/* EFI_FILE_INFO: FileSize at offset 8. GetInfo() writes the file's name
 * too and fails if it does not fit: room for the longest the stub opens
 * (an initrd= path of 255 characters). */
struct efi_file_info {
	u64 size;
	u64 file_size;
	u64 physical_size;
	u8 times[48];
	u64 attribute;
	efi_char16_t name[256];
};

struct efi_simple_file_system {
	u64 revision;
	efi_status_t(EFIAPI *open_volume)(struct efi_simple_file_system *,
					  struct efi_file **root);
};

/* EFI_GRAPHICS_PIXEL_FORMAT */
#define EFI_PIXEL_RGB_RESERVED_8BIT 0
#define EFI_PIXEL_BGR_RESERVED_8BIT 1
#define EFI_PIXEL_BIT_MASK 2
#define EFI_PIXEL_BLT_ONLY 3

struct efi_gop_mode_info {
	u32 version;
	u32 width;
	u32 height;
	u32 pixel_format;
	u32 red_mask, green_mask, blue_mask, reserved_mask;
	u32 pixels_per_scan_line;
};

struct efi_gop_mode {
	u32 max_mode;
	u32 mode;
	struct efi_gop_mode_info *info;
	u64 size_of_info;
	u64 frame_buffer_base;
	u64 frame_buffer_size;
};

struct efi_gop {
	void *query_mode, *set_mode, *blt;
	struct efi_gop_mode *mode;
};

_Static_assert(__builtin_offsetof(struct efi_fw_system_table, boot) == 96,
	       "EFI_SYSTEM_TABLE.BootServices");
_Static_assert(__builtin_offsetof(struct efi_fw_system_table, tables) == 112,
	       "EFI_SYSTEM_TABLE.ConfigurationTable");
_Static_assert(__builtin_offsetof(struct efi_boot_services, get_memory_map) ==
		       56,
	       "EFI_BOOT_SERVICES.GetMemoryMap");
_Static_assert(__builtin_offsetof(struct efi_boot_services, handle_protocol) ==
		       152,
	       "EFI_BOOT_SERVICES.HandleProtocol");
_Static_assert(__builtin_offsetof(struct efi_boot_services,
				  locate_device_path) == 184,
	       "EFI_BOOT_SERVICES.LocateDevicePath");
_Static_assert(__builtin_offsetof(struct efi_boot_services,
				  exit_boot_services) == 232,
	       "EFI_BOOT_SERVICES.ExitBootServices");
_Static_assert(__builtin_offsetof(struct efi_boot_services, locate_protocol) ==
		       320,
	       "EFI_BOOT_SERVICES.LocateProtocol");
_Static_assert(__builtin_offsetof(struct efi_loaded_image, load_options) == 56,
	       "EFI_LOADED_IMAGE_PROTOCOL.LoadOptions");
_Static_assert(__builtin_offsetof(struct efi_loaded_image, image_base) == 64,
	       "EFI_LOADED_IMAGE_PROTOCOL.ImageBase");
_Static_assert(__builtin_offsetof(struct efi_file, get_info) == 64,
	       "EFI_FILE_PROTOCOL.GetInfo");
_Static_assert(__builtin_offsetof(struct efi_gop_mode, frame_buffer_base) == 24,
	       "EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE.FrameBufferBase");

_Static_assert(sizeof(struct efi_fw_config_table) ==
		       sizeof(struct efi_config_table),
	       "EFI_CONFIGURATION_TABLE, both views");

#endif
