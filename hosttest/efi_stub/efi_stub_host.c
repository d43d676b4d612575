// SPDX-License-Identifier: MIT
/*
 * The EFI stub, built for the host: its image base, head.asm's startup_32,
 * is the fake image's (a pointer to an array, so `startup_32` still names
 * an array of bytes in the stub).
 */
#include "hosttest/efi_stub/fake_efi.h"

#define startup_32 (*fake_efi_startup_32)
#include "boot/compressed/efi_stub.c"
