; SPDX-License-Identifier: MIT
;
; arch/x86_64/early_idt.asm - exception stubs for the boot IDT.
;
; Until the real IDT exists (traps issue), every architectural exception
; lands here: each stub pushes a dummy error code where the CPU pushes
; none, then its vector, saves the general registers and calls
; early_exception(struct early_regs *), which reports and stops. Stubs are
; EARLY_IDT_STUB_SIZE bytes apart so C can compute their addresses.

EARLY_IDT_STUB_SIZE	equ 16
; Vectors for which the CPU pushes an error code (Intel SDM vol. 3, 6.13).
ERRCODE_MASK		equ (1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | (1 << 29) | (1 << 30)

extern early_exception

	section .text
	bits 64
	align	EARLY_IDT_STUB_SIZE
	global early_idt_handler_array
early_idt_handler_array:
%assign vec 0
%rep 32
	%if (ERRCODE_MASK >> vec) & 1 == 0
	push	0
	%endif
	push	vec
	jmp	early_idt_common
	align	EARLY_IDT_STUB_SIZE, db 0xcc
%assign vec vec + 1
%endrep
early_idt_handler_array_end:
	times (early_idt_handler_array_end - early_idt_handler_array) - 32 * EARLY_IDT_STUB_SIZE db 0
	times 32 * EARLY_IDT_STUB_SIZE - (early_idt_handler_array_end - early_idt_handler_array) db 0

early_idt_common:
	push	rax
	push	rbx
	push	rcx
	push	rdx
	push	rsi
	push	rdi
	push	rbp
	push	r8
	push	r9
	push	r10
	push	r11
	push	r12
	push	r13
	push	r14
	push	r15
	mov	rdi, rsp
	and	rsp, -16
	call	early_exception
.halt:
	cli
	hlt
	jmp	.halt
