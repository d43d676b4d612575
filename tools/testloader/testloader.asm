; SPDX-License-Identifier: MIT
;
; tools/testloader/testloader.asm - a test boot loader for keel's 64-bit
; entry point (Linux x86 boot protocol, "64-bit boot protocol" in boot.rst):
; the payload entered at code32_start + 0x200 in long mode, on an identity
; map, with %rsi = boot_params. Nothing else in the test matrix enters
; there; EFI-style loaders and kexec do.
;
; It is a Multiboot (v1) kernel, a flat binary with the a.out kludge, so
; QEMU starts it with -kernel and hands it keel's image as a module:
;
;   qemu-system-x86_64 -kernel testloader -append 'KEEL CMDLINE' \
;       -initrd 'build/keel [dest=ADDR][,INITRD]'
;
; A second module (QEMU splits -initrd at commas) is the initrd: its
; address and size go into ramdisk_image/size (and the ext_ fields), and
; the destination must be clear of it too.
;
; Command lines:
;   - QEMU gives a Multiboot kernel "<its file name> <-append string>";
;     keel gets everything after the first space, byte for byte, so
;     qemu-run's --cmdline-check still checks what keel receives (a build
;     directory whose path holds a space would break this);
;   - the loader's own options follow the module's file name in -initrd:
;       dest=ADDR   load the payload at ADDR (0x-hex or decimal) instead
;                   of 0x2000000 (32 MiB: pref_address rounded up to
;                   kernel_alignment twice, as a loader would pick away
;                   from 16 MiB); above 4 GiB needs
;                   XLF_CAN_BE_LOADED_ABOVE_4G; must be a multiple of
;                   2^min_alignment and below 512 GiB.
;       e820=none   pass no e820 table (e820_entries 0), as a firmware
;                   without INT 15h E820 would, and instead the sizes its
;                   older calls report: alt_mem_k (E801: KiB above 1 MiB,
;                   in 64 KiB blocks above 16 MiB) and screen_info's
;                   ext_mem_k (88h: KiB above 1 MiB, at most 0xffff),
;                   both from the Multiboot mem_upper ("KiB above 1 MiB up
;                   to the first hole"). keel then falls back to its
;                   E801/88h map. The destination is still checked
;                   against the real memory map.
;       pvh=KIND    enter keel's PVH entry instead (payload offset
;                   PVH_ENTRY_OFFSET, 32-bit protected mode, paging off,
;                   %ebx = a struct hvm_start_info) with a broken start
;                   info: KIND is "magic" (a wrong magic), "overlap" (two
;                   memory-map entries that overlap) or "memmap-high" (a
;                   memory map above 4 GiB, past what keel reads early).
;                   keel must name the error and stop (a panic), never
;                   triple-fault. Needs dest=0x1000000, the ELF's address.
;       efi=KIND    fill boot_params.efi_info as an EFI loader would ("EL64",
;                   48-byte version-1 descriptors) with an EFI memory map
;                   keel must refuse: KIND is "overlap" (two descriptors
;                   overlap), "zero" (a descriptor of 0 pages), "wrap" (one
;                   wrapping past 2^64), "size" (a map size that is not a
;                   whole number of descriptors) or "past-ram" (a map that
;                   runs past the end of low RAM). keel must name the error
;                   and stop (a panic), never triple-fault.
;
; Steps: 32-bit Multiboot entry -> identity map of 0-4 GiB (2 MiB pages),
; PAE, EFER.LME (+NXE), paging -> 64-bit code that checks the image, maps
; the payload's range when it lies above 4 GiB, copies the payload, builds
; the zero page (setup header, type_of_loader 0xff, code32_start when
; below 4 GiB, cmd_line_ptr, e820 from the Multiboot memory map or, with
; e820=none, the E801/88h sizes) and jumps to
; dest + 0x200 with interrupts off, CS 0x10 (64-bit), DS/ES/SS 0x18.
; Any error is printed on COM1 ("testloader: error: ...") and ends the run
; through isa-debug-exit (0x11), or halts when that device is absent.
;
; Memory while it runs (QEMU's Multiboot loader puts everything in one
; block at LOAD_ADDR; the Multiboot info and memory map sit below 1 MiB):
;
;   dest + init_size +-------------------------+
;                    | keel payload (copied)   |  default 0x2000000
;   dest             +-------------------------+
;                    | module: keel image      |  QEMU: page-aligned, after
;                    | cmdlines, module list   |  the loader's bss
;   bss_end          +-------------------------+
;                    | stack, command line,    |
;                    | zero page, page tables  |  bss (zeroed by QEMU)
;                    | code and data           |
;   LOAD_ADDR 1 MiB  +-------------------------+

%include "bootparam.inc"
%include "x86.inc"

LOAD_ADDR		equ 0x100000
DEFAULT_DEST		equ 0x2000000
MAX_DEST_END		equ 512 << 30	; PML4 entry 0 only

; Multiboot v1 (Multiboot Specification 0.6.96, 3.1 and 3.3).
MB_HEADER_MAGIC		equ 0x1badb002
MB_BOOT_MAGIC		equ 0x2badb002
MB_PAGE_ALIGN		equ 1 << 0	; modules on 4 KiB boundaries
MB_MEMORY_INFO		equ 1 << 1	; mem_* and mmap_* wanted
MB_AOUT_KLUDGE		equ 1 << 16	; load addresses in the header
MB_HEADER_FLAGS		equ MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_AOUT_KLUDGE
MBI_FLAGS		equ 0
MBI_MEM_UPPER		equ 8		; KiB above 1 MiB, up to the first hole
MBI_CMDLINE		equ 16
MBI_MODS_COUNT		equ 20
MBI_MODS_ADDR		equ 24
MBI_MMAP_LENGTH		equ 44
MBI_MMAP_ADDR		equ 48
MBI_FLAG_MEM		equ 0		; bit numbers in MBI_FLAGS
MBI_FLAG_CMDLINE	equ 2
MBI_FLAG_MODS		equ 3
MBI_FLAG_MMAP		equ 6
MOD_START		equ 0
MOD_END			equ 4
MOD_STRING		equ 8
MOD_SIZE		equ 16		; a module list entry (start, end, string, pad)
MMAP_SIZE		equ 0		; size of the rest of the entry
MMAP_BASE		equ 4
MMAP_LENGTH		equ 12
MMAP_TYPE		equ 20
MMAP_TYPE_RAM		equ 1
MMAP_TYPE_MAX_E820	equ 5		; 1-5 mean the same as e820's types

E820_TYPE_RESERVED	equ 2
; INT 15h E801 reports KiB from 1 to 16 MiB (at most 15 MiB) and 64 KiB
; blocks above 16 MiB; 88h reports KiB above 1 MiB in a 16-bit register.
E801_LOW_MAX_K		equ 15 * 1024
E801_BLOCK_K		equ 64
EXT_MEM_K_MAX		equ 0xffff
SCREEN_INFO_EXT_MEM_K	equ 2		; u16 in screen_info
LOADER_TYPE_UNDEFINED	equ 0xff	; boot.rst: no assigned loader ID
MIN_PROTOCOL		equ 0x020c	; 2.12: 64-bit entry, xloadflags
ENTRY_64_OFFSET		equ 0x200	; from the payload's start
PVH_ENTRY_OFFSET	equ 0x100	; arch/x86_64/head_64.asm
HVM_START_MAGIC		equ 0x336ec578
PVH_MAGIC		equ 1		; pvh=KIND values
PVH_OVERLAP		equ 2
PVH_MEMMAP_HIGH		equ 3
EFI_KINDS		equ 5		; efi=KIND values 1..5, efi_option_table
EFI_OVERLAP		equ 1
EFI_ZERO		equ 2
EFI_WRAP		equ 3
EFI_SIZE		equ 4
EFI_PAST_RAM		equ 5
; struct efi_info (boot_params 0x1c0) and EFI_MEMORY_DESCRIPTOR.
EFI_INFO_SIGNATURE	equ 0x00
EFI_INFO_SYSTAB		equ 0x04
EFI_INFO_DESC_SIZE	equ 0x08
EFI_INFO_DESC_VERSION	equ 0x0c
EFI_INFO_MEMMAP		equ 0x10
EFI_INFO_MEMMAP_SIZE	equ 0x14
EFI_LOADER_SIGNATURE_64	equ 0x34364c45	; "EL64"
EFI_DESC_SIZE		equ 48		; OVMF's stride
EFI_NR_DESCS		equ 3
EFI_DESC_TYPE		equ 0
EFI_DESC_PHYS		equ 8
EFI_DESC_PAGES		equ 24
EFI_DESC_ATTR		equ 32
EFI_CONVENTIONAL	equ 7
EFI_RT_CODE		equ 5
EFI_RT_DATA		equ 6
EFI_ATTR_WB		equ 1 << 3
EFI_ATTR_RUNTIME_HI	equ 1 << 31	; bit 63, in the high dword
EFI_DUMMY_SYSTAB	equ 0x1000	; keel stops before it reads it
EFI_PAST_RAM_MAP	equ 0x9f000	; low RAM ends at 0x9fc00 on QEMU
EFI_PAST_RAM_SIZE	equ 100 * EFI_DESC_SIZE
SETUP_SECTS_DEFAULT	equ 4		; setup_sects 0 means 4
HDR_AREA_END		equ 0x290	; edd_mbr_sig_buffer follows the header

; Segments: the 64-bit boot protocol wants BOOT_CS 0x10, BOOT_DS 0x18
; (bootparam.inc); CR0, CR4 and EFER values come from x86.inc.
CODE32_SEL		equ 0x08
CPUID_EXT_MAX		equ 0x80000000
CPUID_EXT_FEATURES	equ 0x80000001
CPUID_LM_BIT		equ 29		; CPUID 0x80000001 edx
CPUID_NX_BIT		equ 20
PTE_P_RW		equ 0x003
PDE_2M			equ 0x083	; present, writable, PS
SZ_2M			equ 1 << 21
SZ_1G			equ 1 << 30
SZ_4G			equ 1 << 32
HIGH_PDS		equ 2		; page directories for a payload above 4 GiB

UART_LSR		equ 5
UART_LSR_THRE		equ 0x20
DEBUG_EXIT_PORT		equ 0xf4
DEBUG_EXIT_FAIL		equ 0x11
STACK_SIZE		equ 16384

	bits 32
	org LOAD_ADDR

; --------------------------------------------------------------------------
; Multiboot header (must lie in the first 8 KiB, 4-byte aligned).
; --------------------------------------------------------------------------
mb_header:
	dd	MB_HEADER_MAGIC
	dd	MB_HEADER_FLAGS
	dd	(-(MB_HEADER_MAGIC + MB_HEADER_FLAGS)) & 0xffffffff
	dd	mb_header			; header_addr
	dd	LOAD_ADDR			; load_addr
	dd	file_end			; load_end_addr
	dd	bss_end				; bss_end_addr
	dd	entry32				; entry_addr

; --------------------------------------------------------------------------
; 32-bit entry: %eax = Multiboot magic, %ebx = Multiboot info, flat
; protected mode, paging off, no stack.
; --------------------------------------------------------------------------
entry32:
	cli
	cld
	mov	esp, stack_top
	mov	[mb_magic], eax
	mov	[mbi_addr], ebx
	call	serial_init
	cmp	dword [mb_magic], MB_BOOT_MAGIC
	jne	.bad_magic
	call	check_long_mode			; -> edi = CPUID 0x80000001 edx
	call	build_low_identity_map
	mov	eax, cr4
	or	eax, X86_CR4_PAE
	mov	cr4, eax
	mov	eax, pml4
	mov	cr3, eax
	mov	ecx, MSR_EFER
	rdmsr
	bts	eax, _EFER_LME
	bt	edi, CPUID_NX_BIT
	jnc	.no_nx
	bts	eax, _EFER_NX
.no_nx:
	wrmsr
	mov	eax, cr0
	or	eax, X86_CR0_PG | X86_CR0_PE
	mov	cr0, eax
	lgdt	[gdt_desc]
	jmp	BOOT_CS:entry64
.bad_magic:
	mov	esi, msg_bad_magic
	jmp	die32

; check_long_mode - return CPUID 0x80000001 %edx in %edi, or die.
check_long_mode:
	mov	eax, CPUID_EXT_MAX
	cpuid
	cmp	eax, CPUID_EXT_FEATURES
	jb	.no
	mov	eax, CPUID_EXT_FEATURES
	cpuid
	bt	edx, CPUID_LM_BIT
	jnc	.no
	mov	edi, edx
	ret
.no:
	mov	esi, msg_no_lm
	jmp	die32

; build_low_identity_map - pml4 -> pdpt -> low_pd[0..3]: 0-4 GiB identity
; in 2 MiB pages. The tables are in the bss, which QEMU zeroed.
build_low_identity_map:
	mov	dword [pml4], pdpt + PTE_P_RW
	mov	eax, low_pd + PTE_P_RW
	xor	ecx, ecx
.pdpt:
	mov	[pdpt + ecx * 8], eax
	add	eax, 4096
	inc	ecx
	cmp	ecx, 4
	jb	.pdpt
	mov	eax, PDE_2M
	xor	ecx, ecx
.pd:
	mov	[low_pd + ecx * 8], eax
	add	eax, SZ_2M
	inc	ecx
	cmp	ecx, 4 * 512
	jb	.pd
	ret

; serial_init - COM1 at 115200 8N1. Usable from 32- and 64-bit code (only
; 8/16-bit register forms and port I/O). Clobbers al, dx.
serial_init:
	mov	dx, COM1 + 1			; no interrupts
	xor	al, al
	out	dx, al
	mov	dx, COM1 + 3			; DLAB
	mov	al, 0x80
	out	dx, al
	mov	dx, COM1			; divisor 1
	mov	al, 1
	out	dx, al
	mov	dx, COM1 + 1
	xor	al, al
	out	dx, al
	mov	dx, COM1 + 3			; 8N1
	mov	al, 3
	out	dx, al
	ret

; die32 - print "testloader: error: " and the string at %esi, end the run.
die32:
	push	esi
	mov	esi, msg_error
	call	puts32
	pop	esi
	call	puts32
	mov	esi, msg_crlf
	call	puts32
	mov	al, DEBUG_EXIT_FAIL
	out	DEBUG_EXIT_PORT, al
.halt:
	cli
	hlt
	jmp	.halt

puts32:
	lodsb
	test	al, al
	jz	.done
	mov	ah, al
	mov	dx, COM1 + UART_LSR
.wait:
	in	al, dx
	test	al, UART_LSR_THRE
	jz	.wait
	mov	al, ah
	mov	dx, COM1
	out	dx, al
	jmp	puts32
.done:
	ret

; --------------------------------------------------------------------------
; 64-bit code. Everything below runs on the identity map; the image lives
; below 4 GiB, so absolute 32-bit addresses of its labels are fine.
; --------------------------------------------------------------------------
	bits 64
	default rel
entry64:
	mov	ax, BOOT_DS
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	xor	eax, eax
	mov	fs, ax
	mov	gs, ax
	mov	rsp, stack_top
	call	read_multiboot_info
	call	parse_module_options
	call	check_image
	call	check_destination
	call	map_destination
	call	copy_payload
	cmp	byte [pvh_kind], 0
	jne	enter_pvh
	call	build_zero_page
	call	build_efi_info
	call	report
	; Enter keel: %rsi = boot_params, interrupts off (still), the rest 0.
	mov	rax, [dest]
	add	rax, ENTRY_64_OFFSET
	mov	rsi, zero_page
	xor	ebx, ebx
	xor	ecx, ecx
	xor	edx, edx
	xor	edi, edi
	xor	ebp, ebp
	jmp	rax

; enter_pvh - pvh=KIND: a broken start info, then keel's PVH entry in
; 32-bit protected mode with paging off (compatibility mode first, then
; CR0.PG and EFER.LME cleared; this code and the start info lie below
; 4 GiB).
enter_pvh:
	lea	rsi, [msg_pvh]
	call	puts
	mov	dword [pvh_info], HVM_START_MAGIC
	mov	dword [pvh_info + 4], 1			; version
	lea	eax, [pvh_memmap]
	mov	[pvh_info + 40], rax			; memmap_paddr
	mov	dword [pvh_info + 48], 2		; memmap_entries
	; [0, 640 KiB) RAM and [0x9f000, 0xa1000) reserved: they overlap
	; only in the "overlap" kind; else the second starts at 1 MiB.
	mov	qword [pvh_memmap + 8], 0xa0000
	mov	dword [pvh_memmap + 16], 1
	mov	qword [pvh_memmap + 24], 0x100000
	mov	qword [pvh_memmap + 32], 0x3ff00000
	mov	dword [pvh_memmap + 40], 1
	cmp	byte [pvh_kind], PVH_MAGIC
	jne	.not_magic
	mov	dword [pvh_info], 0xdeadbeef
.not_magic:
	cmp	byte [pvh_kind], PVH_OVERLAP
	jne	.not_overlap
	mov	qword [pvh_memmap + 24], 0x9f000
	mov	qword [pvh_memmap + 32], 0x2000
	mov	dword [pvh_memmap + 40], E820_TYPE_RESERVED
.not_overlap:
	cmp	byte [pvh_kind], PVH_MEMMAP_HIGH
	jne	.entry
	mov	rax, SZ_4G
	mov	[pvh_info + 40], rax
.entry:
	mov	edi, [dest]
	add	edi, PVH_ENTRY_OFFSET
	lea	ebx, [pvh_info]
	push	CODE32_SEL
	lea	rax, [.compat]
	push	rax
	retfq
	bits 32
.compat:
	mov	eax, cr0
	and	eax, ~X86_CR0_PG
	mov	cr0, eax			; long mode off
	mov	ecx, MSR_EFER
	rdmsr
	btr	eax, _EFER_LME
	wrmsr
	mov	eax, cr4
	and	eax, ~X86_CR4_PAE
	mov	cr4, eax
	mov	ax, BOOT_DS
	mov	ds, ax
	mov	es, ax
	mov	fs, ax
	mov	gs, ax
	mov	ss, ax
	xor	eax, eax
	xor	ecx, ecx
	xor	edx, edx
	xor	esi, esi
	xor	ebp, ebp
	jmp	edi
	bits 64

; read_multiboot_info - module 0 (the keel image) and the memory map.
read_multiboot_info:
	mov	ebx, [mbi_addr]
	mov	eax, [rbx + MBI_FLAGS]
	bt	eax, MBI_FLAG_MODS
	jnc	.no_module
	cmp	dword [rbx + MBI_MODS_COUNT], 0
	je	.no_module
	bt	eax, MBI_FLAG_MMAP
	jnc	.no_mmap
	mov	ecx, [rbx + MBI_MODS_ADDR]
	mov	eax, [rcx + MOD_START]
	mov	[image], rax
	mov	edx, [rcx + MOD_END]
	sub	rdx, rax
	jbe	.no_module
	mov	[image_size], rdx
	mov	eax, [rcx + MOD_STRING]
	mov	[module_string], rax
	; Module 1, when given, is the initrd (QEMU: -initrd 'IMAGE,INITRD').
	cmp	dword [rbx + MBI_MODS_COUNT], 2
	jb	.done
	mov	eax, [rcx + MOD_SIZE + MOD_START]
	mov	edx, [rcx + MOD_SIZE + MOD_END]
	cmp	edx, eax
	jb	.bad_initrd
	mov	[initrd], rax
	sub	edx, eax
	mov	[initrd_size], rdx
.done:
	ret
.bad_initrd:
	lea	rsi, [msg_bad_initrd]
	jmp	die
.no_module:
	lea	rsi, [msg_no_module]
	jmp	die
.no_mmap:
	lea	rsi, [msg_no_mmap]
	jmp	die

; parse_module_options - the words after the module's file name.
parse_module_options:
	mov	qword [dest], DEFAULT_DEST
	mov	rsi, [module_string]
	test	rsi, rsi
	jz	.done
	call	skip_word			; the file name
.next:
	call	skip_spaces
	cmp	byte [rsi], 0
	je	.done
	mov	rbx, rsi			; the option, for messages
	lea	rdi, [opt_e820_none]
	call	match_prefix
	jne	.dest
	call	at_word_end
	jne	.unknown
	mov	byte [no_e820], 1
	jmp	.next
.dest:
	lea	rdi, [opt_dest]
	call	match_prefix
	jne	.pvh
	call	parse_number
	jc	.bad_number
	mov	[dest], rax
	jmp	.next
.pvh:
	mov	rsi, rbx
	lea	rdi, [opt_pvh_magic]
	mov	dl, PVH_MAGIC
	call	match_prefix
	je	.pvh_kind
	mov	rsi, rbx
	lea	rdi, [opt_pvh_overlap]
	mov	dl, PVH_OVERLAP
	call	match_prefix
	je	.pvh_kind
	mov	rsi, rbx
	lea	rdi, [opt_pvh_memmap_high]
	mov	dl, PVH_MEMMAP_HIGH
	call	match_prefix
	jne	.efi
.pvh_kind:
	call	at_word_end
	jne	.unknown
	mov	[pvh_kind], dl
	jmp	.next
.efi:
	xor	edx, edx
.efi_next:
	inc	edx
	cmp	edx, EFI_KINDS
	ja	.unknown
	mov	rsi, rbx
	mov	rdi, [abs efi_option_table + rdx * 8 - 8]
	call	match_prefix
	jne	.efi_next
	call	at_word_end
	jne	.unknown
	mov	[efi_kind], dl
	jmp	.next
.done:
	ret
.unknown:
	lea	rsi, [msg_unknown_option]
	jmp	die_word
.bad_number:
	lea	rsi, [msg_bad_number]
	jmp	die_word

; check_image - the keel image: "HdrS", protocol >= 2.12, a 64-bit kernel,
; setup size, payload size, init_size.
check_image:
	mov	rbx, [image]
	cmp	qword [image_size], HDR_AREA_END
	jb	.too_small
	cmp	dword [rbx + HDR_header], SETUP_HDR_MAGIC
	jne	.no_hdrs
	movzx	eax, word [rbx + HDR_version]
	mov	[protocol], rax
	cmp	eax, MIN_PROTOCOL
	jb	.old_protocol
	test	word [rbx + HDR_xloadflags], XLF_KERNEL_64
	jz	.not_64
	movzx	eax, byte [rbx + HDR_setup_sects]
	test	eax, eax
	jnz	.sects
	mov	eax, SETUP_SECTS_DEFAULT
.sects:
	inc	eax				; the boot sector
	shl	eax, 9				; * SECTOR_SIZE
	mov	[setup_size], rax
	mov	rdx, [image_size]
	sub	rdx, rax
	jbe	.no_payload
	cmp	rdx, ENTRY_64_OFFSET
	jbe	.no_payload
	mov	[payload_size], rdx
	mov	eax, [rbx + HDR_init_size]
	cmp	rax, rdx
	jae	.init_ok
	mov	rax, rdx			; init_size too small: take the payload
.init_ok:
	mov	[span], rax
	ret
.too_small:
	lea	rsi, [msg_too_small]
	mov	rax, [image_size]
	jmp	die_value
.no_hdrs:
	lea	rsi, [msg_no_hdrs]
	jmp	die
.old_protocol:
	lea	rsi, [msg_old_protocol]
	mov	rax, [protocol]
	jmp	die_value
.not_64:
	lea	rsi, [msg_not_64]
	jmp	die
.no_payload:
	lea	rsi, [msg_no_payload]
	mov	rax, [image_size]
	jmp	die_value

; check_destination - [dest, dest + span) is aligned, reachable, wholly in
; one usable RAM range of the memory map, and clear of this loader and of
; the module.
check_destination:
	mov	rbx, [image]
	mov	rax, [dest]
	mov	rdx, rax
	add	rdx, [span]
	mov	[dest_end], rdx
	movzx	ecx, byte [rbx + HDR_min_alignment]
	mov	r8, 1
	shl	r8, cl
	dec	r8
	test	rax, r8
	jnz	.misaligned
	mov	rcx, MAX_DEST_END
	cmp	rdx, rcx
	ja	.too_high
	mov	rcx, SZ_4G
	cmp	rdx, rcx
	jbe	.low
	test	word [rbx + HDR_xloadflags], XLF_CAN_BE_LOADED_ABOVE_4G
	jz	.not_above_4g
.low:
	; Clear of [LOAD_ADDR, bss_end) and of the module?
	mov	rdi, LOAD_ADDR
	mov	rsi, bss_end
	call	overlaps_dest
	jc	.overlap
	mov	rdi, [image]
	mov	rsi, rdi
	add	rsi, [image_size]
	call	overlaps_dest
	jc	.overlap
	mov	rdi, [initrd]
	mov	rsi, rdi
	add	rsi, [initrd_size]
	call	overlaps_dest
	jc	.overlap
	call	dest_in_ram
	jnc	.not_ram
	ret
.misaligned:
	lea	rsi, [msg_misaligned]
	jmp	die_dest
.too_high:
	lea	rsi, [msg_too_high]
	jmp	die_dest
.not_above_4g:
	lea	rsi, [msg_not_above_4g]
	jmp	die_dest
.overlap:
	lea	rsi, [msg_overlap]
	jmp	die_dest
.not_ram:
	lea	rsi, [msg_not_ram]
	jmp	die_dest

; overlaps_dest - CF set when [%rdi, %rsi) meets [dest, dest_end).
overlaps_dest:
	cmp	rsi, [dest]
	jbe	.no
	cmp	rdi, [dest_end]
	jae	.no
	stc
	ret
.no:
	clc
	ret

; dest_in_ram - CF set when one usable Multiboot memory-map entry holds
; [dest, dest_end).
dest_in_ram:
	mov	ebx, [mbi_addr]
	mov	esi, [rbx + MBI_MMAP_ADDR]
	mov	edi, [rbx + MBI_MMAP_LENGTH]
	add	rdi, rsi			; end of the map
.next:
	lea	rax, [rsi + MMAP_TYPE + 4]
	cmp	rax, rdi
	ja	.no
	cmp	dword [rsi + MMAP_TYPE], MMAP_TYPE_RAM
	jne	.skip
	mov	rax, [rsi + MMAP_BASE]
	cmp	rax, [dest]
	ja	.skip
	add	rax, [rsi + MMAP_LENGTH]
	cmp	rax, [dest_end]
	jb	.skip
	stc
	ret
.skip:
	mov	eax, [rsi + MMAP_SIZE]
	lea	rsi, [rsi + rax + 4]
	jmp	.next
.no:
	clc
	ret

; map_destination - identity-map the GiBs of [dest, dest_end) above 4 GiB
; with 2 MiB pages (page directories from high_pd). New entries only: no
; TLB flush needed.
map_destination:
	mov	rbx, [dest]
	shr	rbx, 30				; first GiB
	mov	r8, [dest_end]
	dec	r8
	shr	r8, 30				; last GiB
	lea	r9, [high_pd]
	xor	r10d, r10d			; page directories used
.gib:
	cmp	rbx, r8
	ja	.done
	cmp	rbx, 4
	jb	.skip				; below 4 GiB: already mapped
	cmp	r10d, HIGH_PDS
	jae	.too_wide
	lea	rax, [r9 + PTE_P_RW]
	lea	rdx, [pdpt]
	mov	[rdx + rbx * 8], rax
	mov	rax, rbx
	shl	rax, 30
	or	rax, PDE_2M
	xor	ecx, ecx
.pde:
	mov	[r9 + rcx * 8], rax
	add	rax, SZ_2M
	inc	ecx
	cmp	ecx, 512
	jb	.pde
	add	r9, 4096
	inc	r10d
.skip:
	inc	rbx
	jmp	.gib
.done:
	ret
.too_wide:
	lea	rsi, [msg_too_wide]
	jmp	die_dest

; copy_payload - the image after its setup sectors, to dest.
copy_payload:
	mov	rsi, [image]
	add	rsi, [setup_size]
	mov	rdi, [dest]
	mov	rcx, [payload_size]
	rep	movsb
	ret

; build_zero_page - struct boot_params for keel (zero-page.rst, boot.rst
; "64-bit boot protocol").
build_zero_page:
	lea	rdi, [zero_page]
	xor	eax, eax
	mov	ecx, BOOT_PARAMS_SIZE
	rep	stosb
	call	copy_setup_header
	lea	rbx, [zero_page]
	mov	byte [rbx + HDR_type_of_loader], LOADER_TYPE_UNDEFINED
	; code32_start is 32 bits wide: the load address when it fits, else
	; the image's value left alone (as kexec does; 64-bit entry ignores it).
	mov	rax, [dest]
	mov	rcx, SZ_4G
	cmp	rax, rcx
	jae	.high
	mov	[rbx + HDR_code32_start], eax
.high:
	; The initrd (module 1) where QEMU put it, or none.
	mov	rax, [initrd]
	mov	[rbx + HDR_ramdisk_image], eax
	shr	rax, 32
	mov	[rbx + BP_ext_ramdisk_image], eax
	mov	rax, [initrd_size]
	mov	[rbx + HDR_ramdisk_size], eax
	shr	rax, 32
	mov	[rbx + BP_ext_ramdisk_size], eax
	call	copy_command_line
	lea	rax, [cmdline_buf]
	mov	[rbx + HDR_cmd_line_ptr], eax
	mov	dword [rbx + BP_ext_cmd_line_ptr], 0
	cmp	byte [no_e820], 0
	jne	build_bios_sizes
	jmp	build_e820

; build_efi_info - efi=KIND: efi_info with a three-descriptor EFI memory
; map (conventional memory at 1 MiB, runtime code at 2 MiB, runtime data
; at 4 MiB, 16 pages each), broken as KIND says.
build_efi_info:
	movzx	eax, byte [efi_kind]
	test	eax, eax
	jz	.done
	lea	rsi, [msg_efi]
	call	puts
	movzx	eax, byte [efi_kind]		; puts took %al
	lea	rbx, [zero_page + BP_efi_info]
	lea	rdi, [efi_memmap]
	mov	dword [rbx + EFI_INFO_SIGNATURE], EFI_LOADER_SIGNATURE_64
	mov	dword [rbx + EFI_INFO_SYSTAB], EFI_DUMMY_SYSTAB
	mov	dword [rbx + EFI_INFO_DESC_SIZE], EFI_DESC_SIZE
	mov	dword [rbx + EFI_INFO_DESC_VERSION], 1
	mov	[rbx + EFI_INFO_MEMMAP], edi
	mov	dword [rbx + EFI_INFO_MEMMAP_SIZE], EFI_NR_DESCS * EFI_DESC_SIZE
	mov	dword [rdi + EFI_DESC_TYPE], EFI_CONVENTIONAL
	mov	qword [rdi + EFI_DESC_PHYS], 0x100000
	mov	qword [rdi + EFI_DESC_PAGES], 16
	mov	dword [rdi + EFI_DESC_ATTR], EFI_ATTR_WB
	add	rdi, EFI_DESC_SIZE
	mov	dword [rdi + EFI_DESC_TYPE], EFI_RT_CODE
	mov	qword [rdi + EFI_DESC_PHYS], 0x200000
	mov	qword [rdi + EFI_DESC_PAGES], 16
	mov	dword [rdi + EFI_DESC_ATTR], EFI_ATTR_WB
	mov	dword [rdi + EFI_DESC_ATTR + 4], EFI_ATTR_RUNTIME_HI
	add	rdi, EFI_DESC_SIZE
	mov	dword [rdi + EFI_DESC_TYPE], EFI_RT_DATA
	mov	qword [rdi + EFI_DESC_PHYS], 0x400000
	mov	qword [rdi + EFI_DESC_PAGES], 16
	mov	dword [rdi + EFI_DESC_ATTR], EFI_ATTR_WB
	mov	dword [rdi + EFI_DESC_ATTR + 4], EFI_ATTR_RUNTIME_HI
	lea	rdi, [efi_memmap]
	cmp	al, EFI_OVERLAP
	jne	.zero
	mov	qword [rdi + EFI_DESC_SIZE + EFI_DESC_PHYS], 0x108000
.zero:
	cmp	al, EFI_ZERO
	jne	.wrap
	mov	qword [rdi + EFI_DESC_SIZE + EFI_DESC_PAGES], 0
.wrap:
	cmp	al, EFI_WRAP
	jne	.size
	mov	rcx, 0xfffffffffff00000
	mov	[rdi + 2 * EFI_DESC_SIZE + EFI_DESC_PHYS], rcx
	mov	qword [rdi + 2 * EFI_DESC_SIZE + EFI_DESC_PAGES], 0x200
.size:
	cmp	al, EFI_SIZE
	jne	.past_ram
	add	dword [rbx + EFI_INFO_MEMMAP_SIZE], 8
.past_ram:
	cmp	al, EFI_PAST_RAM
	jne	.done
	mov	dword [rbx + EFI_INFO_MEMMAP], EFI_PAST_RAM_MAP
	mov	dword [rbx + EFI_INFO_MEMMAP_SIZE], EFI_PAST_RAM_SIZE
.done:
	ret

; copy_setup_header - image bytes 0x1f1 up to the header's end (0x202 plus
; the jump displacement at 0x201, boot.rst), at most up to 0x290.
copy_setup_header:
	mov	rsi, [image]
	movzx	ecx, byte [rsi + HDR_jump + 1]
	add	ecx, HDR_header
	cmp	ecx, HDR_AREA_END
	jbe	.len_ok
	mov	ecx, HDR_AREA_END
.len_ok:
	sub	ecx, SETUP_HDR_START
	add	rsi, SETUP_HDR_START
	lea	rdi, [zero_page + SETUP_HDR_START]
	rep	movsb
	ret

; copy_command_line - everything after the first space of the Multiboot
; command line ("<loader file> <-append string>") into cmdline_buf; longer
; than the kernel's cmdline_size is an error, not a truncation.
copy_command_line:
	lea	rdi, [cmdline_buf]
	mov	byte [rdi], 0
	mov	ebx, [mbi_addr]
	bt	dword [rbx + MBI_FLAGS], MBI_FLAG_CMDLINE
	jnc	.done
	mov	esi, [rbx + MBI_CMDLINE]
.find_space:
	lodsb
	test	al, al
	jz	.done
	cmp	al, ' '
	jne	.find_space
	mov	rbx, [image]
	mov	edx, [rbx + HDR_cmdline_size]	; characters, NUL excluded
	cmp	edx, COMMAND_LINE_SIZE - 1
	jbe	.copy
	mov	edx, COMMAND_LINE_SIZE - 1
.copy:
	xor	ecx, ecx
.byte:
	mov	al, [rsi + rcx]
	mov	[rdi + rcx], al
	test	al, al
	jz	.copied
	inc	ecx
	cmp	ecx, edx
	jbe	.byte
	lea	rsi, [msg_cmdline_long]
	mov	eax, edx
	jmp	die_value
.copied:
	mov	[cmdline_len], rcx
.done:
	lea	rbx, [zero_page]
	ret

; build_e820 - the Multiboot memory map as the zero page's e820 table.
; Multiboot types 1-5 are e820's (RAM, reserved, ACPI, NVS, unusable);
; any other becomes reserved.
build_e820:
	mov	ebx, [mbi_addr]
	mov	esi, [rbx + MBI_MMAP_ADDR]
	mov	r8d, [rbx + MBI_MMAP_LENGTH]
	add	r8, rsi
	lea	rdi, [zero_page + BP_e820_table]
	xor	ecx, ecx			; entries
.next:
	lea	rax, [rsi + MMAP_TYPE + 4]
	cmp	rax, r8
	ja	.done
	cmp	ecx, E820_MAX_ENTRIES_ZEROPAGE
	jae	.too_many
	mov	rax, [rsi + MMAP_BASE]
	mov	[rdi + E820E_addr], rax
	mov	rax, [rsi + MMAP_LENGTH]
	mov	[rdi + E820E_size], rax
	mov	eax, [rsi + MMAP_TYPE]
	test	eax, eax
	jz	.reserved
	cmp	eax, MMAP_TYPE_MAX_E820
	jbe	.type_ok
.reserved:
	mov	eax, E820_TYPE_RESERVED
.type_ok:
	mov	[rdi + E820E_type], eax
	add	rdi, E820_ENTRY_SIZE
	inc	ecx
	mov	eax, [rsi + MMAP_SIZE]
	lea	rsi, [rsi + rax + 4]
	jmp	.next
.done:
	mov	[zero_page + BP_e820_entries], cl
	ret
.too_many:
	lea	rsi, [msg_too_many_e820]
	mov	eax, ecx
	jmp	die_value

; build_bios_sizes - e820=none: no e820 table (e820_entries stays 0), and
; the memory size above 1 MiB as INT 15h E801 (alt_mem_k) and 88h
; (screen_info ext_mem_k) would report it, from the Multiboot mem_upper.
build_bios_sizes:
	mov	ebx, [mbi_addr]
	bt	dword [rbx + MBI_FLAGS], MBI_FLAG_MEM
	jnc	.no_mem
	mov	eax, [rbx + MBI_MEM_UPPER]
	mov	edx, eax			; 88h: KiB, 16 bits
	cmp	edx, EXT_MEM_K_MAX
	jbe	.ext_ok
	mov	edx, EXT_MEM_K_MAX
.ext_ok:
	mov	[zero_page + BP_screen_info + SCREEN_INFO_EXT_MEM_K], dx
	cmp	eax, E801_LOW_MAX_K		; E801: whole 64 KiB blocks
	jbe	.alt_ok				; above 16 MiB
	sub	eax, E801_LOW_MAX_K
	and	eax, ~(E801_BLOCK_K - 1)
	add	eax, E801_LOW_MAX_K
.alt_ok:
	mov	[zero_page + BP_alt_mem_k], eax
	mov	byte [zero_page + BP_e820_entries], 0
	ret
.no_mem:
	lea	rsi, [msg_no_mem]
	jmp	die

; report - say what is about to happen.
report:
	lea	rsi, [msg_r_payload]
	call	puts
	mov	rax, [payload_size]
	call	puthex
	lea	rsi, [msg_r_bytes]
	call	puts
	mov	rax, [protocol]
	shr	eax, 8
	call	putdec
	mov	al, '.'
	call	putc
	movzx	eax, byte [protocol]
	call	putdec
	lea	rsi, [msg_r_setup]
	call	puts
	mov	rax, [setup_size]
	call	puthex
	lea	rsi, [msg_r_init]
	call	puts
	mov	rax, [span]
	call	puthex
	lea	rsi, [msg_r_arrow]
	call	puts
	mov	rax, [dest]
	call	puthex
	lea	rsi, [msg_r_enter]
	call	puts
	mov	rax, [dest]
	call	puthex
	lea	rsi, [msg_r_mode]
	call	puts
	lea	rsi, [msg_r_zp]
	call	puts
	lea	rax, [zero_page]
	call	puthex
	lea	rsi, [msg_r_e820]
	call	puts
	movzx	eax, byte [zero_page + BP_e820_entries]
	call	putdec
	lea	rsi, [msg_r_cmdline]
	call	puts
	lea	rax, [cmdline_buf]
	call	puthex
	lea	rsi, [msg_r_cmdlen]
	call	puts
	mov	rax, [cmdline_len]
	call	putdec
	lea	rsi, [msg_r_end]
	call	puts
	cmp	byte [no_e820], 0
	je	.done
	lea	rsi, [msg_r_alt]
	call	puts
	mov	eax, [zero_page + BP_alt_mem_k]
	call	putdec
	lea	rsi, [msg_r_ext]
	call	puts
	movzx	eax, word [zero_page + BP_screen_info + SCREEN_INFO_EXT_MEM_K]
	call	putdec
	lea	rsi, [msg_r_kib]
	call	puts
.done:
	ret

; --------------------------------------------------------------------------
; 64-bit helpers: string scanning and COM1 output.
; --------------------------------------------------------------------------

; skip_word - advance %rsi past non-space, non-NUL bytes.
skip_word:
	cmp	byte [rsi], 0
	je	.done
	cmp	byte [rsi], ' '
	je	.done
	inc	rsi
	jmp	skip_word
.done:
	ret

skip_spaces:
	cmp	byte [rsi], ' '
	jne	.done
	inc	rsi
	jmp	skip_spaces
.done:
	ret

; match_prefix - ZF set and %rsi advanced past it when the NUL-terminated
; %rdi starts %rsi; %rsi unchanged otherwise.
match_prefix:
	push	rsi
.loop:
	mov	al, [rdi]
	test	al, al
	jz	.yes
	cmp	al, [rsi]
	jne	.no
	inc	rdi
	inc	rsi
	jmp	.loop
.yes:
	add	rsp, 8
	cmp	al, al
	ret
.no:
	pop	rsi
	or	al, 1				; ZF clear (al != 0 here)
	ret

; parse_number - "0x" hex or decimal at %rsi, ending at a space or NUL,
; into %rax; %rsi advanced. CF set on a bad digit, an empty number or
; overflow. Clobbers rcx, rdx, r8.
parse_number:
	xor	eax, eax
	mov	ecx, 10
	cmp	word [rsi], '0x'
	jne	.first
	add	rsi, 2
	mov	ecx, 16
.first:
	call	at_word_end
	je	.bad
.digit:
	call	at_word_end
	je	.ok
	movzx	r8d, byte [rsi]
	call	digit_value
	jc	.bad
	cmp	r8d, ecx
	jae	.bad
	mul	rcx				; rdx:rax = rax * base
	jo	.bad
	add	rax, r8
	jc	.bad
	inc	rsi
	jmp	.digit
.ok:
	clc
	ret
.bad:
	stc
	ret

; at_word_end - ZF set when %rsi points at a space or a NUL.
at_word_end:
	cmp	byte [rsi], 0
	je	.done
	cmp	byte [rsi], ' '
.done:
	ret

; digit_value - the value of the hex digit in %r8d (either case), in %r8d;
; CF set when it is not one.
digit_value:
	sub	r8d, '0'
	cmp	r8d, 9
	jbe	.ok
	add	r8d, '0'
	or	r8d, 0x20			; lower case
	sub	r8d, 'a'
	cmp	r8d, 5
	ja	.bad
	add	r8d, 10
.ok:
	clc
	ret
.bad:
	stc
	ret

; putc - %al on COM1. Clobbers dx.
putc:
	push	rax
	mov	dx, COM1 + UART_LSR
.wait:
	in	al, dx
	test	al, UART_LSR_THRE
	jz	.wait
	pop	rax
	mov	dx, COM1
	out	dx, al
	ret

; puts - the NUL-terminated string at %rsi. Clobbers rax, rdx, rsi.
puts:
	lodsb
	test	al, al
	jz	.done
	call	putc
	jmp	puts
.done:
	ret

; puthex - %rax as 0x-prefixed hex without leading zeros.
puthex:
	push	rbx
	push	rcx
	mov	rbx, rax
	mov	al, '0'
	call	putc
	mov	al, 'x'
	call	putc
	mov	ecx, 60
.skip:
	test	ecx, ecx
	jz	.print				; the last digit, even 0
	mov	rax, rbx
	shr	rax, cl
	test	al, 0xf
	jnz	.print
	sub	ecx, 4
	jmp	.skip
.print:
	mov	rax, rbx
	shr	rax, cl
	and	eax, 0xf
	mov	al, [hex_digits + rax]
	call	putc
	sub	ecx, 4
	jns	.print
	pop	rcx
	pop	rbx
	ret

; putdec - %rax in decimal.
putdec:
	push	rbx
	push	rcx
	mov	ebx, 10
	xor	ecx, ecx
.div:
	xor	edx, edx
	div	rbx
	push	rdx
	inc	ecx
	test	rax, rax
	jnz	.div
.out:
	pop	rax
	add	al, '0'
	call	putc
	loop	.out
	pop	rcx
	pop	rbx
	ret

; die - print "testloader: error: " and the string at %rsi; end the run.
; die_value - the same followed by " (%rax)". die_dest - followed by the
; destination range. die_word - followed by the word at %rbx.
die_value:
	push	rax
	call	die_start
	lea	rsi, [msg_open]
	call	puts
	pop	rax
	call	puthex
	lea	rsi, [msg_close]
	call	puts
	jmp	die_end
die_dest:
	call	die_start
	lea	rsi, [msg_dest]
	call	puts
	mov	rax, [dest]
	call	puthex
	lea	rsi, [msg_dash]
	call	puts
	mov	rax, [dest_end]
	call	puthex
	lea	rsi, [msg_close]
	call	puts
	jmp	die_end
die_word:
	call	die_start
	lea	rsi, [msg_quote_open]
	call	puts
.char:
	mov	al, [rbx]
	test	al, al
	jz	.end
	cmp	al, ' '
	je	.end
	call	putc
	inc	rbx
	jmp	.char
.end:
	lea	rsi, [msg_quote_close]
	call	puts
	jmp	die_end
die:
	call	die_start
die_end:
	lea	rsi, [msg_crlf]
	call	puts
	mov	al, DEBUG_EXIT_FAIL
	out	DEBUG_EXIT_PORT, al
.halt:
	cli
	hlt
	jmp	.halt
die_start:
	push	rsi
	lea	rsi, [msg_error]
	call	puts
	pop	rsi
	jmp	puts

; --------------------------------------------------------------------------
; Data.
; --------------------------------------------------------------------------
	align	16
gdt:
	dq	0
	dq	0x00cf9b000000ffff		; 0x08 32-bit code (unused)
	dq	0x00af9b000000ffff		; 0x10 __BOOT_CS: 64-bit code
	dq	0x00cf93000000ffff		; 0x18 __BOOT_DS: flat data
gdt_end:
gdt_desc:
	dw	gdt_end - gdt - 1
	dq	gdt

hex_digits:	db "0123456789abcdef"
opt_dest:	db "dest=", 0
opt_e820_none:	db "e820=none", 0
opt_pvh_magic:	db "pvh=magic", 0
opt_pvh_overlap: db "pvh=overlap", 0
opt_pvh_memmap_high: db "pvh=memmap-high", 0
opt_efi_overlap: db "efi=overlap", 0
opt_efi_zero:	db "efi=zero", 0
opt_efi_wrap:	db "efi=wrap", 0
opt_efi_size:	db "efi=size", 0
opt_efi_past_ram: db "efi=past-ram", 0
	align	8
efi_option_table:			; efi=KIND, in EFI_* order
	dq	opt_efi_overlap, opt_efi_zero, opt_efi_wrap, opt_efi_size
	dq	opt_efi_past_ram
msg_efi:	db 13, 10, "testloader: efi_info with a broken EFI memory map", 13, 10, 0
msg_pvh:	db 13, 10, "testloader: entering the PVH entry with a broken start info", 13, 10, 0
msg_error:	db 13, 10, "testloader: error: ", 0
msg_crlf:	db 13, 10, 0
msg_open:	db " (", 0
msg_close:	db ")", 0
msg_dash:	db " - ", 0
msg_dest:	db " (destination ", 0
msg_quote_open:	db ' "', 0
msg_quote_close: db '"', 0
msg_bad_magic:	db "not started by a Multiboot loader (bad magic in %eax)", 0
msg_no_lm:	db "this CPU has no long mode", 0
msg_bad_initrd:	db "initrd module (module 1) ends before it starts", 0
msg_no_module:	db "no module: pass keel's image with -initrd", 0
msg_no_mmap:	db "the Multiboot loader gave no memory map", 0
msg_no_mem:	db "e820=none: the Multiboot loader gave no mem_upper", 0
msg_unknown_option: db "unknown module option (known: dest=ADDR, e820=none, pvh=magic|overlap|memmap-high, efi=overlap|zero|wrap|size|past-ram)", 0
msg_bad_number:	db "bad number in module option", 0
msg_too_small:	db "module too small to hold a setup header; size", 0
msg_no_hdrs:	db 'no "HdrS" at 0x202: not a Linux boot protocol image', 0
msg_old_protocol: db "boot protocol older than 2.12 (no 64-bit entry); version", 0
msg_not_64:	db "xloadflags lacks XLF_KERNEL_64: no 64-bit entry point", 0
msg_no_payload:	db "image holds no payload past its setup sectors; size", 0
msg_misaligned:	db "destination not a multiple of 2^min_alignment", 0
msg_too_high:	db "destination range ends above 512 GiB", 0
msg_not_above_4g: db "destination above 4 GiB but xloadflags lacks XLF_CAN_BE_LOADED_ABOVE_4G", 0
msg_overlap:	db "destination overlaps the loader or the module", 0
msg_not_ram:	db "destination range not inside one usable RAM range", 0
msg_too_wide:	db "destination range spans too many GiB above 4 GiB", 0
msg_cmdline_long: db "kernel command line longer than cmdline_size", 0
msg_too_many_e820: db "memory map has more entries than the zero page holds", 0
msg_r_payload:	db "testloader: keel payload ", 0
msg_r_bytes:	db " bytes (protocol ", 0
msg_r_setup:	db ", setup ", 0
msg_r_init:	db " bytes, init_size ", 0
msg_r_arrow:	db ") -> ", 0
msg_r_enter:	db ", entering at ", 0
msg_r_mode:	db "+0x200 in long mode", 13, 10, 0
msg_r_zp:	db "testloader: zero page at ", 0
msg_r_e820:	db ", e820 entries ", 0
msg_r_cmdline:	db ", command line at ", 0
msg_r_cmdlen:	db " (", 0
msg_r_end:	db " bytes)", 13, 10, 0
msg_r_alt:	db "testloader: e820=none: no e820 table; alt_mem_k (E801) ", 0
msg_r_ext:	db " KiB, ext_mem_k (88h) ", 0
msg_r_kib:	db " KiB", 13, 10, 0

	align	8
file_end:

; --------------------------------------------------------------------------
; bss: loaded as zeros by QEMU (bss_end_addr in the Multiboot header).
; --------------------------------------------------------------------------
	absolute file_end
	alignb	4096
pml4:		resb 4096
pdpt:		resb 4096
low_pd:		resb 4 * 4096
high_pd:	resb HIGH_PDS * 4096
zero_page:	resb BOOT_PARAMS_SIZE
cmdline_buf:	resb COMMAND_LINE_SIZE
mb_magic:	resq 1
mbi_addr:	resq 1
image:		resq 1			; the module: keel's image
image_size:	resq 1
module_string:	resq 1
initrd:		resq 1			; module 1, if any: the initrd
initrd_size:	resq 1
protocol:	resq 1
setup_size:	resq 1			; (setup_sects + 1) * 512
payload_size:	resq 1
span:		resq 1			; max(init_size, payload_size)
dest:		resq 1
dest_end:	resq 1
cmdline_len:	resq 1
no_e820:	resb 1			; e820=none given
pvh_kind:	resb 1			; pvh=KIND given: PVH_*
efi_kind:	resb 1			; efi=KIND given: EFI_*
		alignb 8
pvh_info:	resb 56			; struct hvm_start_info
pvh_memmap:	resb 2 * 24		; struct hvm_memmap_table_entry[2]
efi_memmap:	resb EFI_NR_DESCS * EFI_DESC_SIZE
	alignb	16
stack:		resb STACK_SIZE
stack_top:
bss_end:
