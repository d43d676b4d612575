// SPDX-License-Identifier: MIT
#include "kernel/lib/trapdecode.h"

#include "kernel/lib/vsprintf.h"

/* Exception mnemonics and names, Intel SDM vol. 3, table 6-1. */
static const char *const exception_names[NR_EXCEPTION_VECTORS] = {
	[X86_TRAP_DE] = "#DE divide error",
	[X86_TRAP_DB] = "#DB debug",
	[X86_TRAP_NMI] = "NMI",
	[X86_TRAP_BP] = "#BP breakpoint",
	[X86_TRAP_OF] = "#OF overflow",
	[X86_TRAP_BR] = "#BR bound range",
	[X86_TRAP_UD] = "#UD invalid opcode",
	[X86_TRAP_NM] = "#NM device not available",
	[X86_TRAP_DF] = "#DF double fault",
	[X86_TRAP_OLD_MF] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "#TS invalid TSS",
	[X86_TRAP_NP] = "#NP segment not present",
	[X86_TRAP_SS] = "#SS stack fault",
	[X86_TRAP_GP] = "#GP general protection",
	[X86_TRAP_PF] = "#PF page fault",
	[X86_TRAP_MF] = "#MF x87 floating point",
	[X86_TRAP_AC] = "#AC alignment check",
	[X86_TRAP_MC] = "#MC machine check",
	[X86_TRAP_XF] = "#XM SIMD floating point",
	[X86_TRAP_VE] = "#VE virtualization",
	[X86_TRAP_CP] = "#CP control protection",
	[X86_TRAP_HV] = "#HV hypervisor injection",
	[X86_TRAP_VC] = "#VC VMM communication",
	[X86_TRAP_SX] = "#SX security",
};

/* Vectors whose exception pushes an error code (SDM vol. 3, 6.13). */
#define ERROR_CODE_VECTORS                                                     \
	(BIT(X86_TRAP_DF) | BIT(X86_TRAP_TS) | BIT(X86_TRAP_NP) |              \
	 BIT(X86_TRAP_SS) | BIT(X86_TRAP_GP) | BIT(X86_TRAP_PF) |              \
	 BIT(X86_TRAP_AC) | BIT(X86_TRAP_CP) | BIT(X86_TRAP_VC) |              \
	 BIT(X86_TRAP_SX))

#define SELECTOR_ERROR_VECTORS                                                 \
	(BIT(X86_TRAP_TS) | BIT(X86_TRAP_NP) | BIT(X86_TRAP_SS) |              \
	 BIT(X86_TRAP_GP))

#define SELECTOR_INDEX_MASK 0xfff8

const char *x86_exception_name(unsigned long vector)
{
	if (vector < NR_EXCEPTION_VECTORS && exception_names[vector])
		return exception_names[vector];
	return "reserved";
}

bool x86_exception_has_error_code(unsigned long vector)
{
	return vector < NR_EXCEPTION_VECTORS &&
	       (ERROR_CODE_VECTORS & BIT(vector));
}

bool x86_error_code_is_selector(unsigned long vector)
{
	return vector < NR_EXCEPTION_VECTORS &&
	       (SELECTOR_ERROR_VECTORS & BIT(vector));
}

int pf_error_decode(u64 error_code, char *buf, size_t size)
{
	const char *access = "read";

	if (error_code & X86_PF_INSTR)
		access = "ifetch";
	else if (error_code & X86_PF_WRITE)
		access = "write";
	return kscnprintf(buf, size, "%s %s %s%s%s%s%s",
			  error_code & X86_PF_PROT ? "protection"
						   : "not-present",
			  access, error_code & X86_PF_USER ? "user" : "kernel",
			  error_code & X86_PF_RSVD ? " rsvd" : "",
			  error_code & X86_PF_PK ? " pk" : "",
			  error_code & X86_PF_SHSTK ? " shstk" : "",
			  error_code & X86_PF_SGX ? " sgx" : "");
}

int selector_error_decode(u64 error_code, char *buf, size_t size)
{
	const char *ext = error_code & X86_SEL_EXT ? " external" : "";

	if (error_code == 0)
		return kscnprintf(buf, size, "none");
	if (error_code & X86_SEL_IDT)
		return kscnprintf(buf, size, "IDT vector %u%s",
				  (unsigned int)((error_code & 0xffff) >>
						 X86_SEL_INDEX_SHIFT),
				  ext);
	return kscnprintf(buf, size, "%s selector 0x%x%s",
			  error_code & X86_SEL_TI ? "LDT" : "GDT",
			  (unsigned int)(error_code & SELECTOR_INDEX_MASK) |
				  (unsigned int)(error_code & X86_SEL_TI),
			  ext);
}
