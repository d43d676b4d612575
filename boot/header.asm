; SPDX-License-Identifier: MIT
;
; boot/header.asm - what a boot loader sees: the boot sector, the setup
; header (Linux x86 boot protocol 2.15) and the 16-bit real-mode setup.
;
; Assembled with `nasm -f bin` into setup.bin; tools/mkimage appends the
; protected-mode payload (boot/compressed's decompressor, or the kernel
; itself) and patches setup_sects, syssize, init_size, kernel_info_offset,
; payload_offset and payload_length. Offsets come from boot/bootparam.h
; through the generated bootparam.inc; `times` guards stop the build if a
; field moves.
;
; Real-mode memory while this code runs (protocol >= 2.02, seeds 000/002),
; X is the segment the loader chose (QEMU: 0x1000):
;
;   X + 0x10000  +--------------------------+  (QEMU: command line above)
;                |  stack (grows down)      |  heap_end_ptr + STACK_SIZE
;                |  heap (unused by keel)   |  <- heap_end_ptr
;                |  setup bss: boot_params  |
;                |  setup code (this file)  |
;   X + 0x200    |  setup header + jump     |
;   X            |  boot sector             |
;                +--------------------------+
;
; Entry (QEMU -kernel, GRUB linux16): cs = X + 0x20, ip = 0,
; ds = es = fs = gs = ss = X.  Exit: 32-bit protected mode at code32_start
; with %esi = linear address of boot_params, interrupts off, both PICs
; masked, a null IDT and a flat GDT (code 0x9b, data 0x93).

%include "bootparam.inc"
%include "x86.inc"		; COM1, PIC and CMOS ports, LOAD_PHYSICAL_ADDR

%ifndef KEEL_VERSION
%define KEEL_VERSION "unknown"
%endif

BOOTSEG			equ 0x07c0	; a BIOS loads a boot sector at 0x7c00
STACK_SIZE		equ 1024	; real-mode stack above the heap
KERNEL_ALIGN		equ 0x200000	; kernel_alignment: 2 MiB
MIN_ALIGN_LOG2		equ 12		; the kernel runs from any 4 KiB address

; The EFI stub (-DEFI_STUB: the compressed image only, whose payload holds
; the entries; boot/compressed/head.asm): the image is also a PE32+ EFI
; application. The setup is padded to SETUP_SIZE = 4 KiB, so the payload's
; file offset equals its address in the loaded PE image (one section,
; .text, at 0x1000) and the firmware loads the image as the file lays it
; out: boot sector, setup header, setup, payload, then init_size - file
; bytes of zeros for the decompressor to work in.
%ifdef EFI_STUB
SETUP_SIZE		equ 0x1000
EFI_PE_ENTRY		equ 0x3a0	; efi_pe_entry in the payload
HANDOVER_OFFSET		equ 0x190	; efi64_handover at payload 0x390
XLF_EFI			equ XLF_EFI_HANDOVER_64
%else
HANDOVER_OFFSET		equ 0		; no EFI handover
XLF_EFI			equ 0
%endif
SETUP_SIG		equ 0x5a5aaa55	; last word of the setup code
VID_NORMAL		equ 0xffff	; vid_mode: "normal" text mode
E820_SMAP		equ 0x534d4150	; "SMAP"
PIC1_DATA		equ PIC_MASTER_DATA
PIC2_DATA		equ PIC_SLAVE_DATA
CMOS_INDEX		equ CMOS_INDEX_PORT
NMI_DISABLE		equ CMOS_NMI_DISABLE

; Fail the build unless label %1 sits at image offset %2: one of the two
; counts is negative (which nasm refuses) unless both are zero.
%macro AT 2
	times ((%1) - $$) - (%2) db 0
	times (%2) - ((%1) - $$) db 0
%endmacro

	bits 16
	org 0

; --------------------------------------------------------------------------
; Boot sector. A BIOS that boots the image directly lands here: say that a
; boot loader is needed, on the screen and on COM1, and halt.
; --------------------------------------------------------------------------
bootsect_start:
%ifdef EFI_STUB
	; "MZ": a PE/COFF image for UEFI firmware (the EFI stub). As code the
	; two bytes are dec bp; pop dx, harmless before the jump; e_lfanew at
	; 0x3c says where the PE header is.
	db	'MZ'
	jmp	short .bios
	times 0x3c - ($ - $$) db 0
	dd	pe_header
.bios:
%endif
	jmp	BOOTSEG:.start2
.start2:
	mov	ax, cs
	mov	ds, ax
	mov	es, ax
	xor	ax, ax
	mov	ss, ax
	mov	sp, 0x7c00
	call	serial_init
	mov	si, bootsect_msg
	call	rm_puts
.halt:
	cli
	hlt
	jmp	.halt

; rm_puts - print the NUL-terminated string at ds:si through the BIOS
; (int 10h teletype) and on COM1.
rm_puts:
	lodsb
	test	al, al
	jz	.done
	push	si
	push	ax
	mov	ah, 0x0e
	mov	bx, 0x0007
	int	0x10
	pop	ax
	call	serial_putc
	pop	si
	jmp	rm_puts
.done:
	ret

; serial_init - COM1 at 115200 8N1, FIFOs on. Clobbers ax, dx.
serial_init:
	mov	dx, COM1 + 1		; IER: no interrupts
	xor	al, al
	out	dx, al
	mov	dx, COM1 + 3		; LCR: DLAB to set the divisor
	mov	al, 0x80
	out	dx, al
	mov	dx, COM1 + 0		; divisor 1 = 115200 baud
	mov	al, 1
	out	dx, al
	mov	dx, COM1 + 1
	xor	al, al
	out	dx, al
	mov	dx, COM1 + 3		; 8 bits, no parity, one stop bit
	mov	al, 0x03
	out	dx, al
	mov	dx, COM1 + 2		; FCR: enable and clear FIFOs
	mov	al, 0xc7
	out	dx, al
	mov	dx, COM1 + 4		; MCR: DTR, RTS, OUT2
	mov	al, 0x0b
	out	dx, al
	ret

; serial_putc - send al on COM1 once the transmitter is empty.
serial_putc:
	push	ax
	mov	dx, COM1 + 5		; LSR
.wait:
	in	al, dx
	test	al, 0x20		; THRE
	jz	.wait
	pop	ax
	mov	dx, COM1
	out	dx, al
	ret

bootsect_msg:
	db	13, 10, "keel: this image must be started by a boot loader", 13, 10
	db	"(QEMU -kernel, GRUB, UEFI). Halting.", 13, 10, 0

; --------------------------------------------------------------------------
; The setup header (boot.rst). Fields marked "patched" are written by
; tools/mkimage; fields marked "loader" are written by the boot loader.
; --------------------------------------------------------------------------
	times SETUP_HDR_START - ($ - $$) db 0	; fails if the code grew too big
hdr:
setup_sects:	db 0			; patched: sectors after the boot sector
root_flags:	dw 0
syssize:	dd 0			; patched: payload size / 16
ram_size:	dw 0			; obsolete
vid_mode:	dw VID_NORMAL
root_dev:	dw 0
boot_flag:	dw BOOT_FLAG_MAGIC
	AT	$, HDR_jump
	jmp	short start_of_setup	; loader enters here (X+0x20:0)
header:		db "HdrS"
version:	dw BOOT_PROTOCOL_VERSION
realmode_swtch:	dd 0
start_sys_seg:	dw 0x1000		; obsolete
kernel_version:	dw kernel_version_str - 0x200
type_of_loader:	db 0			; loader
loadflags:	db LOADED_HIGH		; kernel at 1 MiB or above
setup_move_size: dw 0x8000
code32_start:	dd 0x100000		; loader may change it
ramdisk_image:	dd 0			; loader
ramdisk_size:	dd 0			; loader
bootsect_kludge: dd 0			; obsolete
heap_end_ptr:	dw setup_bss_end - 0x200 ; loader (with CAN_USE_HEAP)
ext_loader_ver:	db 0
ext_loader_type: db 0
cmd_line_ptr:	dd 0			; loader
initrd_addr_max: dd 0x7fffffff
kernel_alignment: dd KERNEL_ALIGN
relocatable_kernel: db 1
min_alignment:	db MIN_ALIGN_LOG2
xloadflags:	dw XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G | XLF_5LEVEL | XLF_EFI

cmdline_size:	dd COMMAND_LINE_SIZE - 1
hardware_subarch: dd 0
hardware_subarch_data: dq 0
payload_offset:	dd 0			; patched: the gzip'd kernel in the
payload_length:	dd 0			; payload (0, 0: uncompressed build)
setup_data:	dq 0			; loader
pref_address:	dq LOAD_PHYSICAL_ADDR
init_size:	dd 0			; patched: memory needed from load address
handover_offset: dd HANDOVER_OFFSET	; EFI handover, 64-bit: + 0x200
kernel_info_offset: dd 0		; patched: kernel_info in the payload
hdr_end:
	AT	setup_sects, HDR_setup_sects
	AT	syssize, HDR_syssize
	AT	vid_mode, HDR_vid_mode
	AT	boot_flag, HDR_boot_flag
	AT	header, HDR_header
	AT	version, HDR_version
	AT	kernel_version, HDR_kernel_version
	AT	type_of_loader, HDR_type_of_loader
	AT	loadflags, HDR_loadflags
	AT	code32_start, HDR_code32_start
	AT	heap_end_ptr, HDR_heap_end_ptr
	AT	cmd_line_ptr, HDR_cmd_line_ptr
	AT	kernel_alignment, HDR_kernel_alignment
	AT	relocatable_kernel, HDR_relocatable_kernel
	AT	xloadflags, HDR_xloadflags
	AT	cmdline_size, HDR_cmdline_size
	AT	setup_data, HDR_setup_data
	AT	payload_offset, HDR_payload_offset
	AT	payload_length, HDR_payload_length
	AT	pref_address, HDR_pref_address
	AT	init_size, HDR_init_size
	AT	kernel_info_offset, HDR_kernel_info_offset
	AT	hdr_end, SETUP_HDR_END

kernel_version_str:
	db	"keel ", KEEL_VERSION, 0

; --------------------------------------------------------------------------
; Real-mode setup.
; --------------------------------------------------------------------------
start_of_setup:
	; The loader entered with cs = X + 0x20; make cs = ds = X so that the
	; offsets assembled here (org 0) are right.
	mov	ax, ds
	push	ax
	push	word .normalised
	retf
.normalised:
	cld
	mov	es, ax
	; Stack: above the heap the loader granted (CAN_USE_HEAP), else above
	; our bss; never wrapping past the 64 KiB segment.
	mov	dx, setup_bss_end
	test	byte [loadflags], CAN_USE_HEAP
	jz	.no_heap
	mov	dx, [heap_end_ptr]
.no_heap:
	add	dx, STACK_SIZE
	jnc	.stack_ok
	mov	dx, 0xfffc
.stack_ok:
	and	dx, ~3
	cli
	mov	ss, ax
	movzx	esp, dx
	sti

	call	serial_init

	; All of the setup must have been loaded.
	cmp	dword [setup_sig], SETUP_SIG
	je	.sig_ok
	mov	si, msg_no_sig
	jmp	die
.sig_ok:
	; Clear the bss (boot_params lives there).
	mov	di, setup_bss_start
	mov	cx, setup_bss_end - setup_bss_start
	xor	al, al
	rep	stosb

	; boot_params.hdr = the header, as the loader filled it in.
	mov	si, hdr
	mov	di, boot_params + BP_hdr
	mov	cx, SETUP_HDR_SIZE
	rep	movsb

	call	detect_memory
	call	enable_a20
	jmp	go_to_protected_mode

; die - print ds:si and halt.
die:
	call	rm_puts
.halt:
	cli
	hlt
	jmp	.halt

; --------------------------------------------------------------------------
; Memory detection: INT 15h E820 into boot_params.e820_table; E801 and 88h
; when E820 gave fewer than two entries. E801's (or else 88h's) KiB above
; 1 MiB go to boot_params.alt_mem_k, which the kernel's fallback reads.
; --------------------------------------------------------------------------
detect_memory:
	call	detect_e820
	cmp	byte [boot_params + BP_e820_entries], 2
	jae	.done
	call	detect_e801
	call	detect_88
.done:
	ret

detect_e820:
	xor	ebx, ebx			; continuation value
	mov	di, boot_params + BP_e820_table
.next:
	; Clear the slot: some BIOSes write fewer than 20 bytes.
	push	di
	xor	ax, ax
	mov	cx, E820_ENTRY_SIZE / 2
	rep	stosw
	pop	di
	mov	eax, 0xe820
	mov	edx, E820_SMAP
	mov	ecx, E820_ENTRY_SIZE
	int	0x15
	jc	.done				; end of list (or error)
	cmp	eax, E820_SMAP
	jne	.void				; signature gone: result is void
	inc	byte [boot_params + BP_e820_entries]
	add	di, E820_ENTRY_SIZE
	test	ebx, ebx
	jz	.done
	cmp	byte [boot_params + BP_e820_entries], E820_MAX_ENTRIES_ZEROPAGE
	jb	.next
.done:
	ret
.void:
	mov	byte [boot_params + BP_e820_entries], 0
	ret

detect_e801:
	xor	bx, bx
	xor	cx, cx
	xor	dx, dx
	mov	ax, 0xe801
	int	0x15
	jc	.done
	; Some BIOSes answer in ax/bx, others in cx/dx.
	test	cx, cx
	jnz	.use_cx
	test	dx, dx
	jnz	.use_cx
	mov	cx, ax
	mov	dx, bx
.use_cx:
	cmp	cx, 15 * 1024			; KiB between 1 and 16 MiB
	ja	.done				; bogus
	movzx	eax, cx
	cmp	cx, 15 * 1024
	jne	.store				; hole below 16 MiB: stop there
	movzx	edx, dx				; 64 KiB blocks above 16 MiB
	shl	edx, 6
	add	eax, edx
.store:
	mov	[boot_params + BP_alt_mem_k], eax
.done:
	ret

detect_88:
	mov	ah, 0x88
	int	0x15
	jc	.done
	mov	[boot_params + BP_screen_info + 2], ax	; screen_info.ext_mem_k
	cmp	dword [boot_params + BP_alt_mem_k], 0
	jne	.done
	movzx	eax, ax
	mov	[boot_params + BP_alt_mem_k], eax
.done:
	ret

; --------------------------------------------------------------------------
; A20: test, then the BIOS, the keyboard controller and port 0x92 in turn.
; --------------------------------------------------------------------------
A20_TEST_LOOPS	equ 32

; a20_test - ZF clear when A20 is on: a word written at 0000:0200 must not
; show at ffff:0210 (the same address modulo 1 MiB).
a20_test:
	push	ds
	push	es
	xor	ax, ax
	mov	ds, ax
	dec	ax
	mov	es, ax
	mov	cx, A20_TEST_LOOPS
	mov	dx, [0x200]			; saved
	mov	bx, dx
.loop:
	inc	bx
	mov	[0x200], bx
	out	0x80, al			; io delay
	cmp	bx, [es:0x210]
	jne	.on
	loop	.loop
	mov	[0x200], dx
	xor	ax, ax				; ZF set: off
	pop	es
	pop	ds
	ret
.on:
	mov	[0x200], dx
	or	ax, 1				; ZF clear: on
	pop	es
	pop	ds
	ret

empty_8042:
	mov	cx, 0xffff
.wait:
	out	0x80, al
	in	al, 0x64
	test	al, 2				; input buffer full?
	jz	.done
	loop	.wait
.done:
	ret

enable_a20:
	call	a20_test
	jnz	.done
	mov	ax, 0x2401			; BIOS
	int	0x15
	call	a20_test
	jnz	.done
	call	empty_8042			; keyboard controller
	mov	al, 0xd1
	out	0x64, al
	call	empty_8042
	mov	al, 0xdf
	out	0x60, al
	call	empty_8042
	call	a20_test
	jnz	.done
	in	al, 0x92			; "fast A20"
	or	al, 2
	and	al, 0xfe
	out	0x92, al
	call	a20_test
	jnz	.done
	mov	si, msg_a20
	jmp	die
.done:
	ret

; --------------------------------------------------------------------------
; Into protected mode (REFERENCE.md 1): interrupts off, NMI off, both PICs
; masked, a null IDT, the boot GDT, CR0.PE, and a far jump to 32-bit code
; that jumps to code32_start with %esi = boot_params.
; --------------------------------------------------------------------------
go_to_protected_mode:
	cli
	mov	al, NMI_DISABLE
	out	CMOS_INDEX, al
	out	0x80, al
	mov	al, 0xff
	out	PIC2_DATA, al
	out	0x80, al
	out	PIC1_DATA, al
	out	0x80, al
	lidt	[null_idt]

	xor	ebx, ebx			; ebx = linear base of segment X
	mov	bx, ds
	shl	ebx, 4
	lea	eax, [ebx + boot_gdt]
	mov	[boot_gdt_desc + 2], eax
	lgdt	[boot_gdt_desc]
	lea	eax, [ebx + in_pm32]
	mov	[pm_jump], eax
	lea	esi, [ebx + boot_params]

	mov	eax, cr0
	or	al, 1				; PE
	mov	cr0, eax
	jmp	dword far [pm_jump]

	bits 32
in_pm32:
	mov	ax, BOOT_DS
	mov	ds, ax
	mov	es, ax
	mov	fs, ax
	mov	gs, ax
	mov	ss, ax
	add	esp, ebx			; the same stack, linear
	mov	eax, [esi + BP_hdr + (HDR_code32_start - SETUP_HDR_START)]
	xor	ebx, ebx
	xor	ecx, ecx
	xor	edx, edx
	xor	edi, edi
	xor	ebp, ebp
	jmp	eax
	bits 16

	align	8
boot_gdt:
	dq	0				; null
	dq	0				; unused
	dq	0x00cf9b000000ffff		; 0x10 BOOT_CS: 4 GiB, 32-bit, 0x9b
	dq	0x00cf93000000ffff		; 0x18 BOOT_DS: 4 GiB, 0x93
boot_gdt_end:
boot_gdt_desc:
	dw	boot_gdt_end - boot_gdt - 1
	dd	0				; base, set at run time
null_idt:
	dw	0
	dd	0
pm_jump:
	dd	0				; linear address of in_pm32
	dw	BOOT_CS

msg_no_sig:
	db	"keel: setup signature not found: the boot loader loaded too few"
	db	" setup sectors. Halting.", 13, 10, 0
msg_a20:
	db	"keel: the A20 gate does not respond (BIOS, 8042 and port 0x92"
	db	" tried). Halting.", 13, 10, 0

%ifdef EFI_STUB
; --------------------------------------------------------------------------
; PE32+ header (PE/COFF 11: "PE\0\0", the COFF file header, the optional
; header, one section header). Fields marked "patched" are written by
; tools/mkimage, which knows the payload's size and init_size.
; --------------------------------------------------------------------------
IMAGE_FILE_MACHINE_AMD64	equ 0x8664
IMAGE_FILE_FLAGS	equ 0x0002 | 0x0004 | 0x0020 | 0x0200
				; executable, no line numbers, large address
				; aware, debug stripped
PE_OPT_MAGIC		equ 0x020b	; PE32+
PE_SUBSYSTEM_EFI_APP	equ 10
PE_NR_DATA_DIRS		equ 6		; up to the base relocation table
PE_SCN_FLAGS		equ 0x00000020 | 0x20000000 | 0x40000000 | 0x80000000
				; code, execute, read, write
	align	8
pe_header:
	db	'PE', 0, 0
	dw	IMAGE_FILE_MACHINE_AMD64
	dw	1				; NumberOfSections
	dd	0				; TimeDateStamp
	dd	0				; PointerToSymbolTable
	dd	0				; NumberOfSymbols
	dw	pe_sections - pe_opt		; SizeOfOptionalHeader
	dw	IMAGE_FILE_FLAGS
pe_opt:
	dw	PE_OPT_MAGIC
	db	0, 0				; linker version
	dd	0				; SizeOfCode (patched)
	dd	0				; SizeOfInitializedData
	dd	0				; SizeOfUninitializedData
	dd	SETUP_SIZE + EFI_PE_ENTRY	; AddressOfEntryPoint
	dd	SETUP_SIZE			; BaseOfCode
	dq	0				; ImageBase: anywhere (no fixups
						; needed: position-independent)
	dd	0x1000				; SectionAlignment
	dd	0x200				; FileAlignment
	dw	0, 0, 0, 0			; OS, image version
	dw	0, 0				; subsystem version
	dd	0				; Win32VersionValue
	dd	0				; SizeOfImage (patched)
	dd	SETUP_SIZE			; SizeOfHeaders
	dd	0				; CheckSum
	dw	PE_SUBSYSTEM_EFI_APP
	dw	0				; DllCharacteristics
	dq	0, 0, 0, 0			; stack and heap reserve, commit
	dd	0				; LoaderFlags
	dd	PE_NR_DATA_DIRS
	times PE_NR_DATA_DIRS dq 0		; none: no imports, no fixups
pe_sections:
	db	'.text', 0, 0, 0
	dd	0				; VirtualSize: init_size (patched)
	dd	SETUP_SIZE			; VirtualAddress
	dd	0				; SizeOfRawData (patched)
	dd	SETUP_SIZE			; PointerToRawData
	dd	0, 0				; relocations, line numbers
	dw	0, 0
	dd	PE_SCN_FLAGS
pe_header_end:

	; setup_sig closes the 4 KiB setup.
	times SETUP_SIZE - 4 - ($ - $$) db 0
%else
	align	4
%endif
setup_sig:
	dd	SETUP_SIG
setup_code_end:

; --------------------------------------------------------------------------
; bss: not in the file; cleared at run time.
; --------------------------------------------------------------------------
	absolute setup_code_end
	alignb	16
setup_bss_start:
boot_params:
	resb	BOOT_PARAMS_SIZE
setup_bss_end:
