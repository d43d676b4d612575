; SPDX-License-Identifier: MIT
;
; boot/compressed/head.asm - entry points of the decompressor, the
; protected-mode payload of the default (compressed) image.
;
; Payload layout (offsets from code32_start, where the loader put it; the
; same entry offsets as the uncompressed kernel's, so loaders see no
; difference):
;   0x000  startup_32   32-bit entry: keel's real-mode setup, GRUB on BIOS
;   0x010  kernel_info  boot protocol 2.15 ("LToP")
;   0x200  startup_64   64-bit entry: loaders that enter in long mode
;   then   z_input      the gzip'd kernel (payload_offset, payload_length)
;   then   .text, .rodata, .data of the decompressor, then its bss, stack
;          and page tables (not in the file), then room to move (z_move)
;
; Both entries move the whole file z_move bytes up (copying backwards: the
; two ranges overlap), continue in the moved copy, and call
; extract_kernel(), which builds an identity map, inflates the kernel to
; the load address, relocates it and jumps to its 64-bit entry with %rsi =
; boot_params. The move makes in-place inflation safe:
; output written from the load address upwards never overtakes the input
; still to be read (z_move covers the largest lead the output takes, which
; tools/mkpiggy.py measured), and the code, stack and page tables running
; all this lie above everything the kernel occupies until it has its own.

%include "bootparam.inc"
%include "x86.inc"			; selectors, MSR, EFER, CR0/CR4 bits
%include "la57_flip.inc"		; LA57_FLIP_COMPAT
%include "head32.inc"			; LOAD_GDT32, HEAD32_CODE

BOOT_STACK_SIZE	equ 16384
PGT_POOL_PAGES	equ 32			; extract_kernel()'s identity map

extern extract_kernel
; From compressed.ld: offsets from startup_32 (absolute symbols).
extern z_move
extern z_file_len
extern z_stack_top_off
extern z_pgt32_off

	section .head.text progbits alloc exec write align=16

; --------------------------------------------------------------------------
	bits 32
	global startup_32
startup_32:
	jmp	startup_32_body

	align	16
	global kernel_info
kernel_info:
	dd	KERNEL_INFO_MAGIC
	dd	kernel_info_end - kernel_info	; size
	dd	kernel_info_end - kernel_info	; size_total
	dd	SETUP_TYPE_MAX
kernel_info_end:

	times 0x200 - ($ - startup_32) db 0xcc	; fails if the above grows

; --------------------------------------------------------------------------
	bits 64
	global startup_64
startup_64:
	; Long mode on the loader's identity map, which covers init_size
	; bytes from here (boot protocol); %rsi = boot_params.
	cli
	cld
	mov	r15, rsi
	jmp	move_and_extract

; --------------------------------------------------------------------------
; The EFI entries (efi_stub.c), at the offsets setup-efi.bin names: the
; handover protocol's 64-bit entry at handover_offset (0x190) + 0x200, and
; the PE image's AddressOfEntryPoint. Firmware calls with the Microsoft
; convention (%rcx, %rdx); efi_pe_main takes System V arguments.
	extern efi_pe_main, efi_handover_main
	times 0x390 - ($ - startup_32) db 0xcc
	global efi64_handover
efi64_handover:			; %rdi handle, %rsi system table, %rdx bp
	cld
	jmp	efi_handover_main

	times 0x3a0 - ($ - startup_32) db 0xcc
	global efi_pe_entry
efi_pe_entry:
	cld
	push	rsi			; callee-saved in the Microsoft
	push	rdi			; convention, not in System V's
	sub	rsp, 8			; keep %rsp 16-byte aligned at calls
	mov	rdi, rcx
	mov	rsi, rdx
	call	efi_pe_main		; returns only on failure
	add	rsp, 8
	pop	rdi
	pop	rsi
	ret

; efi_enter_kernel(bp, base) - boot services are gone: interrupts off, and
; on to startup_64 of the image at base with %rsi = bp.
	global efi_enter_kernel
efi_enter_kernel:
	cli
	lea	rax, [rsi + 0x200]
	mov	rsi, rdi
	jmp	rax

; efi_halt - the handover entry could not boot: stop here (the loader's
; call is not returned from: its boot_params may be half filled in).
	global efi_halt
efi_halt:
	cli
	hlt
	jmp	efi_halt

; --------------------------------------------------------------------------
	bits 32
startup_32_body:
	; Flat 32-bit protected mode, paging off, %esi = boot_params. No stack
	; yet: boot_params.scratch holds one return address, to learn where
	; we run.
	cli
	cld
	lea	esp, [esi + BP_scratch + 4]
	call	.here
.here:
	pop	ebp
	sub	ebp, .here - startup_32		; ebp = load address
	lea	ebx, [ebp + z_move]		; ebx = where the copy goes
	; The stack and the page tables live in the moved copy's bss: the
	; move copies only the file's bytes and leaves them alone.
	lea	esp, [ebx + z_stack_top_off]

	; Our GDT, in the unmoved copy; the moved one is loaded once we run
	; there.
	LOAD_GDT32
	call	verify_long_mode
	mov	edi, edx

	; Identity map of 0-4 GiB with 2 MiB pages: enough for the move and
	; for extract_kernel(), which builds the full map.
	lea	ebx, [ebx + z_pgt32_off]
	call	long_mode_on32
	push	KERNEL_CS
	lea	eax, [ebp + startup_64_from32 - startup_32]
	push	eax
	retf

	HEAD32_CODE			; verify_long_mode, long_mode_on32

; --------------------------------------------------------------------------
	bits 64
startup_64_from32:
	mov	r15d, esi			; boot_params, zero-extended

; move_and_extract - %r15 = boot_params, running unmoved at the load
; address on an identity map that covers init_size bytes from it.
move_and_extract:
	lea	r14, [rel startup_32]		; load address
	mov	rbx, z_move
	add	rbx, r14			; the moved copy
	mov	rax, z_stack_top_off
	lea	rsp, [rbx + rax]
	; Copy the file's bytes backwards, 8 at a time: the destination lies
	; above the source and the two may overlap.
	mov	rcx, z_file_len
	lea	rsi, [r14 + rcx - 8]
	lea	rdi, [rbx + rcx - 8]
	shr	rcx, 3
	std
	rep	movsq
	cld
	lea	rax, [rel .moved]
	add	rax, rbx
	sub	rax, r14
	jmp	rax
.moved:
	; From here on RIP-relative addresses name the moved copy.
	lea	rax, [rel gdt]
	mov	[rel gdt_desc + 2], rax
	lgdt	[rel gdt_desc]
	mov	ax, KERNEL_DS
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	xor	eax, eax
	mov	fs, ax
	mov	gs, ax
	lea	rax, [rel .cs64]
	push	KERNEL_CS
	push	rax
	retfq
.cs64:
	; Clear .bss (the C globals): stack and page tables are apart.
	extern __bss_start, __bss_stop
	lea	rdi, [rel __bss_start]
	lea	rcx, [rel __bss_stop]
	sub	rcx, rdi
	xor	eax, eax
	rep	stosb
	mov	rdi, r15			; boot_params
	mov	rsi, r14			; load address = output
	xor	ebp, ebp
	call	extract_kernel			; does not return: this code
						; is inflated over

; la57_enable(pml5) - from 4- to 5-level paging (extract_kernel, when the
; CPU has LA57 and the loader left it off): CR4.LA57 may only change with
; paging off, so drop to 32-bit compatibility mode, turn paging off (which
; leaves long mode), set LA57, load the 5-level tables, turn paging back on
; and return in 64-bit mode. This code, its stack and the tables lie below
; 4 GiB (extract_kernel checks). The kernel's own flip (head_64.asm) works
; only from below 4 GiB too, and KASLR may put the kernel above. Callee-
; saved registers are kept on the stack: the upper halves and r8-r15 do
; not survive compatibility mode.
	global la57_enable
la57_enable:
	push	rbx
	push	rbp
	push	r12
	push	r13
	push	r14
	push	r15
	mov	[rel la57_rsp], rsp
	mov	ebx, edi			; new CR3, below 4 GiB
	lea	rsi, [rel .back]		; 64-bit return point
	lea	rcx, [rel .compat]
	push	KERNEL32_CS
	push	rcx
	retfq
.compat:
	LA57_FLIP_COMPAT esi			; LA57 was off: on
.back:
	mov	rsp, [rel la57_rsp]
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	rbp
	pop	rbx
	ret

	align	8
la57_rsp:
	dq	0

; --------------------------------------------------------------------------
; The GDT: 32-bit code for the way in, 64-bit code, data. Written at run
; time (its base), so it sits in this writable section.
	align	16
gdt:
	dq	0
	dq	0x00cf9b000000ffff		; 0x08 KERNEL32_CS
	dq	0x00af9b000000ffff		; 0x10 KERNEL_CS (L=1)
	dq	0x00cf93000000ffff		; 0x18 KERNEL_DS
gdt_end:
	align	16
gdt_desc:
	dw	gdt_end - gdt - 1
	dq	0				; base, set at run time

; --------------------------------------------------------------------------
; Not in the file: the stack, the 32-bit entry's page tables and the pool
; extract_kernel() builds its identity map from.
	section .pgtable nobits alloc write align=4096
	global boot_stack_top, pgt32, pgt_pool, pgt_pool_end
boot_stack:
	resb	BOOT_STACK_SIZE
boot_stack_top:
pgt32:
	resb	PGT32_PAGES * 4096
pgt_pool:
	resb	PGT_POOL_PAGES * 4096
pgt_pool_end:
