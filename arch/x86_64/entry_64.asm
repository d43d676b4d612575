; SPDX-License-Identifier: MIT
;
; arch/x86_64/entry_64.asm - the entry points of the real IDT.
;
; One stub per vector, IDT_STUB_SIZE bytes apart: vectors without a CPU
; error code push a zero in its place, then every stub pushes its vector
; and jumps to the common code, which saves the general registers in
; struct pt_regs order (arch/x86_64/ptrace.h) and calls
;   do_exception(struct pt_regs *)     vectors 0-31
;   common_interrupt(struct pt_regs *) vectors 32-255
; then restores the registers, drops vector and error code, and returns
; with iretq (the C code may have changed rip, rax and the other fields).
;
; The CPU aligns the stack to 16 bytes before pushing its frame, and the
; frame is 22 quadwords, so the C handler is called with the ABI's 16-byte
; alignment.

IDT_STUB_SIZE	equ 16
NR_VECTORS	equ 256
NR_EXCEPTIONS	equ 32
; Vectors whose exception pushes an error code (SDM vol. 3, 6.13).
ERRCODE_MASK	equ (1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | (1 << 29) | (1 << 30)

extern do_exception
extern common_interrupt

	section .text
	bits 64
	align	IDT_STUB_SIZE
	global idt_entry_stubs
idt_entry_stubs:
%assign vec 0
%rep NR_VECTORS
	%if vec >= NR_EXCEPTIONS || (ERRCODE_MASK >> vec) & 1 == 0
	push	0
	%endif
	push	qword vec
	%if vec < NR_EXCEPTIONS
	jmp	exception_common
	%else
	jmp	interrupt_common
	%endif
	align	IDT_STUB_SIZE, db 0xcc
%assign vec vec + 1
%endrep
idt_entry_stubs_end:
	; Fail the build if a stub outgrew its slot.
	times (idt_entry_stubs_end - idt_entry_stubs) - NR_VECTORS * IDT_STUB_SIZE db 0
	times NR_VECTORS * IDT_STUB_SIZE - (idt_entry_stubs_end - idt_entry_stubs) db 0

%macro SAVE_REGS 0
	cld
	push	rdi
	push	rsi
	push	rdx
	push	rcx
	push	rax
	push	r8
	push	r9
	push	r10
	push	r11
	push	rbx
	push	rbp
	push	r12
	push	r13
	push	r14
	push	r15
%endmacro

%macro RESTORE_REGS_IRET 0
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	rbp
	pop	rbx
	pop	r11
	pop	r10
	pop	r9
	pop	r8
	pop	rax
	pop	rcx
	pop	rdx
	pop	rsi
	pop	rdi
	add	rsp, 16			; vector, error code
	iretq
%endmacro

exception_common:
	SAVE_REGS
	mov	rdi, rsp
	call	do_exception
	RESTORE_REGS_IRET

interrupt_common:
	SAVE_REGS
	mov	rdi, rsp
	call	common_interrupt
	RESTORE_REGS_IRET

; --------------------------------------------------------------------------
; Tasks (arch/x86_64/process.c explains the frames).

TASK_THREAD_SP		equ 0	; offsetof(struct task_struct, thread.sp)
PCPU_TOP_OF_STACK	equ 16	; offsetof(struct pcpu_hot, top_of_stack)
PT_REGS_SIZE		equ 22 * 8

extern __switch_to
extern schedule_tail
extern do_exit
extern make_task_dead

; struct task_struct *__switch_to_asm(prev = rdi, next = rsi)
	global __switch_to_asm
__switch_to_asm:
	push	rbp
	push	rbx
	push	r12
	push	r13
	push	r14
	push	r15
	mov	[rdi + TASK_THREAD_SP], rsp
	mov	rsp, [rsi + TASK_THREAD_SP]
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	rbx
	pop	rbp
	jmp	__switch_to		; returns prev, on next's stack

; A new task's first instructions: rax = the task switched away from,
; rbx = the thread function, r12 = its argument.
	global ret_from_fork
ret_from_fork:
	mov	rdi, rax
	call	schedule_tail
	mov	rdi, r12
	call	rbx
	movsxd	rdi, eax		; its return value is the exit code
	call	do_exit
	ud2

; void rewind_stack_and_make_dead(int signr): after an oops in a task,
; drop whatever is on the stack (the faulting frames, or the #DF IST
; stack) and die from the top of the task's own kernel stack.
	global rewind_stack_and_make_dead
rewind_stack_and_make_dead:
	xor	ebp, ebp
	mov	rsp, [gs:PCPU_TOP_OF_STACK]
	sub	rsp, PT_REGS_SIZE
	call	make_task_dead
	ud2
