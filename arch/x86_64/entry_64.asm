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

%include "x86.inc"	; USER_CS, USER_DS

IDT_STUB_SIZE	equ 16
NR_VECTORS	equ 256
NR_EXCEPTIONS	equ 32
; Vectors whose exception pushes an error code (SDM vol. 3, 6.13).
ERRCODE_MASK	equ (1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | (1 << 29) | (1 << 30)

extern do_exception
extern common_interrupt
extern exit_to_user_mode

TASK_THREAD_SP		equ 0	; offsetof(struct task_struct, thread.sp)
PCPU_TOP_OF_STACK	equ 16	; offsetof(struct pcpu_hot, top_of_stack)
PT_REGS_SIZE		equ 22 * 8

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

; Offsets in struct pt_regs (arch/x86_64/ptrace.h).
PT_RIP		equ 17 * 8
PT_CS		equ 18 * 8
PT_RFLAGS	equ 19 * 8
PT_RSP		equ 20 * 8

; From user mode (CS RPL 3) the GS base is user space's: swapgs to this
; CPU's area before any C code runs, and back on the way out. Kernel
; entries (NMI, #MC and #DF included) find the kernel's GS base already
; loaded. (The window between swapgs and iretq/sysretq where an NMI
; would see user GS is the one Linux handles with its paranoid entry;
; keel does not use NMIs for anything but counting yet.)
exception_common:
	SAVE_REGS
	test	byte [rsp + PT_CS], 3
	jnz	.user
	mov	rdi, rsp
	call	do_exception
	RESTORE_REGS_IRET
.user:
	swapgs
	mov	rdi, rsp
	call	do_exception
	jmp	ret_to_user

interrupt_common:
	SAVE_REGS
	test	byte [rsp + PT_CS], 3
	jnz	.user
	mov	rdi, rsp
	call	common_interrupt
	RESTORE_REGS_IRET
.user:
	swapgs
	mov	rdi, rsp
	call	common_interrupt
	jmp	ret_to_user

; Back to user mode with the pt_regs at rsp: first the pending work
; (reschedule, signals: exit_to_user_mode returns with interrupts off),
; then swapgs and iretq.
	global ret_to_user
ret_to_user:
	cli
	mov	rdi, rsp
	call	exit_to_user_mode
ret_to_user_iret:
	swapgs
	RESTORE_REGS_IRET

; --------------------------------------------------------------------------
; The syscall instruction (Linux's entry_SYSCALL_64): rcx = user rip,
; r11 = user rflags; SFMASK has cleared IF, TF, DF, AC and NT; rsp is
; still the user's. Build the same pt_regs an interrupt from user mode
; builds (orig_ax = the call number, error_code = PT_SYSCALL_FRAME) at
; the top of the task's kernel stack, and call do_syscall_64, which
; runs the call and the exit work and says whether sysretq may return.

PT_SYSCALL_FRAME equ 0x53595343
PCPU_USER_RSP	equ 40	; offsetof(struct pcpu_hot, user_rsp_scratch)

extern do_syscall_64

	global entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs
	mov	[gs:PCPU_USER_RSP], rsp
	mov	rsp, [gs:PCPU_TOP_OF_STACK]
	push	USER_DS			; ss
	push	qword [gs:PCPU_USER_RSP] ; rsp
	push	r11			; rflags
	push	USER_CS			; cs
	push	rcx			; rip
	push	PT_SYSCALL_FRAME	; error_code
	push	rax			; orig_ax
	SAVE_REGS
	xor	ebp, ebp
	mov	rdi, rsp
	call	do_syscall_64		; returns with interrupts off
	test	al, al
	jz	ret_to_user_iret
	; sysretq: do_syscall_64 checked that rcx == rip and r11 == rflags
	; in the frame, that rip is canonical (the SYSRET #GP hazard) and
	; that cs and ss are the user's.
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
	mov	rsp, [rsp + PT_RSP - 15 * 8]
	swapgs
	o64 sysret

; --------------------------------------------------------------------------
; Tasks (arch/x86_64/process.c explains the frames).


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
; rbx = the thread function (0 for a user child of fork), r12 = its
; argument. A kernel thread's function that returns has either exec'd a
; user program (kernel_init: ret_from_kernel_thread says so and the task
; goes to user mode through the pt_regs at the top of its stack) or ends
; the thread with its return value as the exit code.
extern ret_from_kernel_thread
	global ret_from_fork
ret_from_fork:
	mov	rdi, rax
	call	schedule_tail
	test	rbx, rbx
	jz	.user
	mov	rdi, r12
	call	rbx
	mov	edi, eax
	call	ret_from_kernel_thread	; returns only to go to user mode
.user:
	mov	rsp, [gs:PCPU_TOP_OF_STACK]
	sub	rsp, PT_REGS_SIZE
	jmp	ret_to_user

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
