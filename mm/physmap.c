// SPDX-License-Identifier: MIT
#include "mm/physmap.h"
#include "mm/mm_lock.h"

uintptr_t physmap_offset;

const struct mm_lock_hooks *mm_lock_hooks;
