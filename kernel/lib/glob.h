/* SPDX-License-Identifier: MIT */
/* Shell-style wildcard matching, pure. */
#ifndef KEEL_LIB_GLOB_H
#define KEEL_LIB_GLOB_H

#include "kernel/lib/types.h"

/*
 * glob_match - does @str match @pat as a whole? '*' matches any run of
 * characters (also none), '?' any one character; everything else matches
 * itself. Linear backtracking on the last '*', no recursion.
 */
bool glob_match(const char *pat, const char *str);

#endif
