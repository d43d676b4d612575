// SPDX-License-Identifier: MIT
#include "mm/physmap.h"

uintptr_t physmap_offset;
