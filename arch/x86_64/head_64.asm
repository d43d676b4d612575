; SPDX-License-Identifier: MIT
;
; arch/x86_64/head_64.asm - the protected-mode kernel's entry points.
;
; Payload layout (offsets from code32_start, where the loader put it):
;   0x000  startup_32   32-bit entry: keel's real-mode setup and GRUB on BIOS
;   0x010  kernel_info  boot protocol 2.15 ("LToP")
;   0x200  startup_64   64-bit entry: loaders that enter in long mode
;   0x100  pvh_start    32-bit PVH entry (ELF note XEN_ELFNOTE_PHYS32_ENTRY):
;                       loaders of build/keel.elf, %ebx = hvm_start_info
;
; Every path ends in startup_64_common, still on an identity map, which has
; __startup_64() (position-independent C) build the early page tables:
; identity for the low 4 GiB (page 0 left unmapped) and for what the loader
; handed over, and the kernel at __START_KERNEL_map + LOAD_PHYSICAL_ADDR
; mapped to wherever it was loaded, 4 KiB at a time. Then CR3, a jump to
; the kernel's virtual address, and x86_64_start_kernel(boot data,
; entry kind). The kind (BOOT_ENTRY_*, head64.h) says whether the boot data
; is a zero page or a PVH start info, which x86_64_start_kernel turns into
; one; it travels in %r14, and through the 32-bit code on the boot stack.

%include "bootparam.inc"
%include "x86.inc"			; selectors, MSR, EFER, CR0/CR4 bits
%include "la57_flip.inc"		; LA57_FLIP_COMPAT
%include "head32.inc"			; LOAD_GDT32, HEAD32_CODE

INIT_STACK_SIZE	equ 16384
EARLY_PGT_POOL_PAGES equ 64
BOOT_ENTRY_BOOT_PARAMS equ 0		; head64.h
BOOT_ENTRY_PVH	equ 1
XEN_ELFNOTE_PHYS32_ENTRY equ 18
PVH_ENTRY_OFFSET equ 0x100		; tools/testloader relies on it

extern __startup_64
extern x86_64_start_kernel
extern early_la57_flip
extern init_stack_top_off
extern early32_pgt_off
extern pvh_text_phys

	section .head.text progbits alloc exec nowrite align=16

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

	times PVH_ENTRY_OFFSET - ($ - startup_32) db 0xcc

; --------------------------------------------------------------------------
; The PVH entry (Xen's PVH boot ABI, as QEMU, Firecracker and
; cloud-hypervisor use it for an ELF kernel): flat 32-bit protected mode,
; paging off, %ebx = physical address of struct hvm_start_info, no stack.
; The loader put the image at its ELF physical addresses, so the load
; address is the link-time one (pvh_text_phys, kernel.ld). Nothing in the
; start info is touched here: x86_64_start_kernel checks it. At a fixed
; offset, so tools/testloader can enter here too.
	global pvh_start
pvh_start:
	cli
	cld
	mov	ebp, pvh_text_phys
	mov	esi, ebx
	mov	edx, BOOT_ENTRY_PVH
	jmp	startup_32_common

	times 0x200 - ($ - startup_32) db 0xcc	; fails if the above grows

; --------------------------------------------------------------------------
	bits 64
	global startup_64
startup_64:
	; Long mode, identity map, %rsi = boot_params (boot protocol 2.12+).
	cli
	cld
	mov	r15, rsi
	xor	r14d, r14d			; BOOT_ENTRY_BOOT_PARAMS
	lea	rsp, [rel init_stack_top]
	call	load_gdt64
	jmp	startup_64_common

; --------------------------------------------------------------------------
	bits 32
startup_32_body:
	; Flat 32-bit protected mode, paging off, %esi = boot_params. There is
	; no stack yet: borrow boot_params.scratch for one call, to learn where
	; we run.
	cli
	cld
	lea	esp, [esi + BP_scratch + 4]
	call	.here
.here:
	pop	ebp
	sub	ebp, .here - startup_32		; ebp = load address
	mov	edx, BOOT_ENTRY_BOOT_PARAMS
	jmp	startup_32_common

; %ebp = load address, %esi = boot data, %edx = BOOT_ENTRY_*.
startup_32_common:
	lea	esp, [ebp + init_stack_top_off]
	push	edx				; the entry kind, for 64-bit code

	LOAD_GDT32
	call	verify_long_mode		; returns CPUID 0x80000001 edx
	mov	edi, edx

	; Identity map of 0-4 GiB with 2 MiB pages, enough to reach 64-bit
	; code; __startup_64 builds the real early tables.
	lea	ebx, [ebp + early32_pgt_off]
	call	long_mode_on32
	push	KERNEL_CS
	lea	eax, [ebp + startup_64_from32 - startup_32]
	push	eax
	retf

	HEAD32_CODE			; verify_long_mode, long_mode_on32

; --------------------------------------------------------------------------
	bits 64
startup_64_from32:
	mov	r15d, esi			; boot data, zero-extended
	mov	esp, esp			; zero-extended too
	mov	r14d, [rsp]			; the entry kind pushed above
	jmp	startup_64_common

; load_gdt64 - load our GDT at the address we run from and reload the
; segment registers (%cs through a far return).
load_gdt64:
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
	pop	rax				; return address
	push	KERNEL_CS
	push	rax
	retfq

startup_64_common:
	lea	rsp, [rel init_stack_top]
	; No-execute needs EFER.NXE before a page table uses bit 63.
	mov	eax, 0x80000001
	cpuid
	bt	edx, CPUID_NX_BIT
	jnc	.no_nx
	mov	ecx, MSR_EFER
	rdmsr
	bts	eax, _EFER_NX
	wrmsr
.no_nx:
	lea	rdi, [rel startup_32]		; physical load address
	mov	rsi, r15			; boot data
	mov	edx, r14d			; BOOT_ENTRY_*
	xor	ebp, ebp
	call	__startup_64			; -> CR3 value
	cmp	qword [rel early_la57_flip], 0
	jne	la57_flip			; returns to .loaded
	mov	cr3, rax
.loaded:
	mov	rax, .virtual			; absolute: the linked address
	jmp	rax
.virtual:
	lea	rsp, [rel init_stack_top]	; the same stack, virtual
	call	load_gdt64			; GDT base at its virtual address
	xor	ebp, ebp
	mov	rdi, r15
	mov	esi, r14d
	call	x86_64_start_kernel
.halt:
	cli
	hlt
	jmp	.halt

; la57_flip - switch between 4- and 5-level paging: CR4.LA57 may only
; change with paging off, so drop to 32-bit compatibility mode, turn paging
; off (which leaves long mode), flip LA57, load the new tables (%rax, built
; below 4 GiB by __startup_64, like this code and the stack), turn paging
; back on and return to 64-bit code. Intel SDM vol. 3, 4.1.2 and 9.8.5.
la57_flip:
	mov	ebx, eax			; new CR3, below 4 GiB
	mov	esi, r15d			; boot data and entry kind:
	mov	edx, r14d			; r8-r15 do not survive
						; compatibility mode
	lea	rdi, [rel .back]		; 64-bit return point, below 4 GiB
	lea	rcx, [rel .compat]
	push	KERNEL32_CS
	push	rcx
	retfq
.compat:
	LA57_FLIP_COMPAT edi
.back:
	mov	r15d, esi			; boot data, below 4 GiB
	mov	r14d, edx
	lea	rsp, [rel init_stack_top]
	jmp	startup_64_common.loaded

; --------------------------------------------------------------------------
; The boot GDT: 32-bit code for the way in, 64-bit code, data.
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
; The PVH entry's ELF note (Xen's elfnote.h): name "Xen", type
; XEN_ELFNOTE_PHYS32_ENTRY, the entry's physical address. kernel.ld puts it
; in a PT_NOTE segment, where QEMU's -kernel finds it in build/keel.elf.
	section .note.Xen note alloc noexec nowrite align=4
	dd	4				; namesz: "Xen" and its NUL
	dd	8				; descsz
	dd	XEN_ELFNOTE_PHYS32_ENTRY
	db	"Xen", 0
	dq	pvh_text_phys + (pvh_start - startup_32)

; --------------------------------------------------------------------------
; brk reservations (RESERVE_BRK): after bss, never cleared; only the part
; used stays reserved once memory management starts.
	section .brk_reservation nobits alloc write align=4096
	global init_stack, init_stack_top, early32_pgt
	global early_pgt_pool, early_pgt_pool_end, init_stack_guard
init_stack_guard:			; unmapped by trap_init: an overflow
	resb	4096			; faults (#DF on its own stack)
init_stack:
	resb	INIT_STACK_SIZE
init_stack_top:
early32_pgt:
	resb	PGT32_PAGES * 4096
early_pgt_pool:
	resb	EARLY_PGT_POOL_PAGES * 4096
early_pgt_pool_end:
