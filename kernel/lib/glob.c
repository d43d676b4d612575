// SPDX-License-Identifier: MIT
#include "kernel/lib/glob.h"

bool glob_match(const char *pat, const char *str)
{
	const char *star_pat = NULL; /* just after the last '*' seen */
	const char *star_str = NULL; /* where that '*' started matching */

	while (*str) {
		if (*pat == '*') {
			star_pat = ++pat;
			star_str = str;
		} else if (*pat == '?' || *pat == *str) {
			pat++;
			str++;
		} else if (star_pat) {
			pat = star_pat; /* let the '*' take one more char */
			str = ++star_str;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}
