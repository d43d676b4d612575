; SPDX-License-Identifier: MIT
;
; arch/x86_64/initramfs.asm - the built-in initramfs (Linux's .init.ramfs):
; the default root's cpio archive INITRAMFS_FILE (build/usr/default_root.cpio,
; from usr/default_cpio_list), then, when the build was configured with
; -Dinitramfs_source=LIST, that list's archive INITRAMFS_SOURCE, back to
; back as __initramfs_start, their size in __initramfs_size. The section
; lies in the init memory that free_initmem() gives back, after
; populate_rootfs() has unpacked it.

	section .init.ramfs progbits alloc noexec nowrite align=8
	global __initramfs_start
	global __initramfs_size
__initramfs_start:
	incbin	INITRAMFS_FILE
%ifdef INITRAMFS_SOURCE
	incbin	INITRAMFS_SOURCE
%endif
__initramfs_end:
	align	8
__initramfs_size:
	dq	__initramfs_end - __initramfs_start
