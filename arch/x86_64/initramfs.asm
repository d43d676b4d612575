; SPDX-License-Identifier: MIT
;
; arch/x86_64/initramfs.asm - the built-in initramfs (Linux's .init.ramfs):
; the cpio archive INITRAMFS_FILE (meson passes build/user/user.cpio) as
; __initramfs_start, its size in __initramfs_size. The section lies in
; the init memory that free_initmem() gives back, after populate_rootfs()
; has unpacked it.

	section .init.ramfs progbits alloc noexec nowrite align=8
	global __initramfs_start
	global __initramfs_size
__initramfs_start:
	incbin	INITRAMFS_FILE
__initramfs_end:
	align	8
__initramfs_size:
	dq	__initramfs_end - __initramfs_start
