// SPDX-License-Identifier: MIT
/*
 * The Fixed ACPI Description Table (ACPI 6.5 section 5.2.9) and the
 * Generic Address Structure (5.2.3.2).
 *
 * The FADT grew with each revision; keel copies the table's length bytes
 * (at most the ACPI 6 size) into a zeroed struct acpi_table_fadt, so a
 * field past the end of an older table reads as zero:
 *
 *   0 .. 116   ACPI 1.0: DSDT, SCI, 32-bit I/O port blocks, flags
 *   116 .. 244 ACPI 2.0: RESET_REG and value, X_FIRMWARE_CTRL, X_DSDT,
 *              64-bit GAS forms of every block
 *   244 .. 276 ACPI 5.0/6.0: sleep registers, hypervisor id
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "kernel/lib/acpi.h"

#include "kernel/lib/acpi_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/log.h"
#include "kernel/lib/string.h"

/* True when a table of @len bytes holds FADT field @f completely. */
#define FADT_HAS(len, f)                                                       \
	(offsetof(struct acpi_table_fadt, f) +                                 \
		 sizeof(((struct acpi_table_fadt *)0)->f) <=                   \
	 (len))

#define RESET_REG_WIDTH 8 /* RESET_REG: "only 8-bit wide registers" */
#define PCI_GAS_RESERVED_SHIFT 48 /* PCI config GAS: bits 63:48 are zero */
#define PCI_GAS_DEVICE_SHIFT 32
#define PCI_GAS_FUNCTION_SHIFT 16
#define PCI_GAS_FIELD_MASK 0xffff
#define BITS_PER_BYTE 8
#define GAS_MAX_BIT_WIDTH 0xff

static const struct acpi_generic_address no_block;

/* Copy the first min(length, sizeof) bytes; the rest reads as zero. A
 * field the table holds only partly must still be ignored: see
 * FADT_HAS() and x_block(). */
static void fadt_copy(struct acpi_table_fadt *f,
		      const struct acpi_table_header *table)
{
	memset(f, 0, sizeof(*f));
	memcpy(f, table, min((size_t)table->length, sizeof(*f)));
}

/*
 * pick_address - the 64-bit @x when present and non-zero, else the 32-bit
 * @legacy; with @report, a mismatch between the two is reported.
 */
static u64 pick_address(const char *name, u32 legacy, u64 x, bool report)
{
	if (!x)
		return legacy;
	if (report && legacy && legacy != x)
		pr_warn("FACP: %s 0x%x and X_%s 0x%lx differ, using X_%s\n",
			name, legacy, name, x, name);
	return x;
}

/* X_DSDT when the table holds all of it, else 0. */
static u64 x_dsdt(const struct acpi_table_fadt *f)
{
	return FADT_HAS(f->header.length, xdsdt) ? f->xdsdt : 0;
}

u64 acpi_fadt_dsdt(const struct acpi_table_header *fadt)
{
	struct acpi_table_fadt f;

	if (fadt->length < ACPI_FADT_V1_SIZE)
		return 0;
	fadt_copy(&f, fadt);
	return pick_address("DSDT", f.dsdt, x_dsdt(&f), false);
}

/* The X_ block @x of @f when the table holds all of it, else no block. */
static const struct acpi_generic_address *
x_block(const struct acpi_table_fadt *f, const struct acpi_generic_address *x)
{
	size_t end = (size_t)((const u8 *)x - (const u8 *)f) + sizeof(*x);

	return end <= f->header.length ? x : &no_block;
}

/*
 * pick_block - a register block: the X_ GAS @x when its address is set
 * (fields past the table end were zeroed), else the 32-bit I/O port
 * @legacy of @len bytes, else absent (all zero).
 */
static void pick_block(struct acpi_generic_address *out, const char *name,
		       u32 legacy, u8 len, const struct acpi_generic_address *x)
{
	memset(out, 0, sizeof(*out));
	if (x->address) {
		pick_address(name, legacy, x->address, true);
		*out = *x;
		return;
	}
	if (!legacy)
		return;
	if (!len || len > GAS_MAX_BIT_WIDTH / BITS_PER_BYTE) {
		pr_warn("FACP: %s at I/O port 0x%x has unusable length %u, "
			"ignored\n",
			name, legacy, len);
		return;
	}
	out->space_id = ACPI_ADR_SPACE_SYSTEM_IO;
	out->bit_width = len * BITS_PER_BYTE;
	out->address = legacy;
}

static void decode_blocks(struct acpi_fadt_info *o,
			  const struct acpi_table_fadt *f)
{
	pick_block(&o->pm1a_event_block, "PM1a_EVT_BLK", f->pm1a_event_block,
		   f->pm1_event_length, x_block(f, &f->xpm1a_event_block));
	pick_block(&o->pm1b_event_block, "PM1b_EVT_BLK", f->pm1b_event_block,
		   f->pm1_event_length, x_block(f, &f->xpm1b_event_block));
	pick_block(&o->pm1a_control_block, "PM1a_CNT_BLK",
		   f->pm1a_control_block, f->pm1_control_length,
		   x_block(f, &f->xpm1a_control_block));
	pick_block(&o->pm1b_control_block, "PM1b_CNT_BLK",
		   f->pm1b_control_block, f->pm1_control_length,
		   x_block(f, &f->xpm1b_control_block));
	pick_block(&o->pm2_control_block, "PM2_CNT_BLK", f->pm2_control_block,
		   f->pm2_control_length, x_block(f, &f->xpm2_control_block));
	pick_block(&o->pm_timer_block, "PM_TMR_BLK", f->pm_timer_block,
		   f->pm_timer_length, x_block(f, &f->xpm_timer_block));
	pick_block(&o->gpe0_block, "GPE0_BLK", f->gpe0_block,
		   f->gpe0_block_length, x_block(f, &f->xgpe0_block));
	pick_block(&o->gpe1_block, "GPE1_BLK", f->gpe1_block,
		   f->gpe1_block_length, x_block(f, &f->xgpe1_block));
}

int acpi_fadt_decode(const struct acpi_table_header *table,
		     struct acpi_fadt_info *out)
{
	struct acpi_table_fadt f;
	char sig[ACPI_NAME_BUF];

	memset(out, 0, sizeof(*out));
	if (!acpi_sig_is(table->signature, ACPI_SIG_FADT) ||
	    table->length < ACPI_FADT_V1_SIZE) {
		acpi_name_str(sig, table->signature, ACPI_NAMESEG_SIZE);
		pr_err("FADT: signature \"%s\" length %u, expected \"%s\" and "
		       "at least %u bytes (ACPI 1.0)\n",
		       sig, table->length, ACPI_SIG_FADT, ACPI_FADT_V1_SIZE);
		return -EINVAL;
	}
	fadt_copy(&f, table);
	out->revision = f.header.revision;
	out->minor_revision = f.minor_revision;
	out->length = f.header.length;
	out->flags = f.flags;
	out->hw_reduced = f.flags & ACPI_FADT_HW_REDUCED;
	out->reset_reg_sup = f.flags & ACPI_FADT_RESET_REGISTER;
	out->pm_timer_32bit = f.flags & ACPI_FADT_32BIT_TIMER;
	out->boot_flags = f.boot_flags;
	out->preferred_profile = f.preferred_profile;
	out->sci_interrupt = f.sci_interrupt;
	out->smi_command = f.smi_command;
	out->acpi_enable = f.acpi_enable;
	out->acpi_disable = f.acpi_disable;
	out->century = f.century;
	out->facs = pick_address("FIRMWARE_CTRL", f.facs,
				 FADT_HAS(f.header.length, xfacs) ? f.xfacs : 0,
				 true);
	out->dsdt = pick_address("DSDT", f.dsdt, x_dsdt(&f), true);
	decode_blocks(out, &f);
	out->has_reset_register = FADT_HAS(f.header.length, reset_value);
	if (out->has_reset_register) {
		out->reset_register = f.reset_register;
		out->reset_value = f.reset_value;
	}
	if (FADT_HAS(f.header.length, sleep_control))
		out->sleep_control = f.sleep_control;
	return 0;
}

int acpi_parse_fadt(const struct acpi_tables *t, struct acpi_fadt_info *out)
{
	const struct acpi_table_header *fadt;

	fadt = acpi_find_table(t, ACPI_SIG_FADT, 0, NULL);
	if (!fadt) {
		memset(out, 0, sizeof(*out));
		return -ENOENT;
	}
	return acpi_fadt_decode(fadt, out);
}

/* Reset register checks of ACPI 6.5 table 5.9 (RESET_REG). */
static int check_reset_register(const struct acpi_generic_address *r)
{
	switch (r->space_id) {
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
	case ACPI_ADR_SPACE_SYSTEM_IO:
	case ACPI_ADR_SPACE_PCI_CONFIG:
		break;
	default:
		pr_err("FACP: RESET_REG address space %u is not memory, I/O or "
		       "PCI configuration\n",
		       r->space_id);
		return -EINVAL;
	}
	if (r->bit_width != RESET_REG_WIDTH || r->bit_offset) {
		pr_err("FACP: RESET_REG bit width %u offset %u, expected %u "
		       "and 0\n",
		       r->bit_width, r->bit_offset, RESET_REG_WIDTH);
		return -EINVAL;
	}
	if (!r->address || (r->space_id == ACPI_ADR_SPACE_PCI_CONFIG &&
			    r->address >> PCI_GAS_RESERVED_SHIFT)) {
		pr_err("FACP: RESET_REG address 0x%lx in space %u is invalid\n",
		       r->address, r->space_id);
		return -EINVAL;
	}
	return 0;
}

int acpi_fadt_reset(const struct acpi_fadt_info *fadt, struct acpi_reset *out)
{
	const struct acpi_generic_address *r = &fadt->reset_register;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!fadt->reset_reg_sup)
		return -ENOENT;
	if (!fadt->has_reset_register) {
		pr_warn("FACP: RESET_REG_SUP is set but the %u-byte table ends "
			"before RESET_REG\n",
			fadt->length);
		return -ENOENT;
	}
	ret = check_reset_register(r);
	if (ret)
		return ret;
	out->space_id = r->space_id;
	out->address = r->address;
	out->value = fadt->reset_value;
	if (r->space_id == ACPI_ADR_SPACE_PCI_CONFIG) {
		out->pci_device = (r->address >> PCI_GAS_DEVICE_SHIFT) &
				  PCI_GAS_FIELD_MASK;
		out->pci_function = (r->address >> PCI_GAS_FUNCTION_SHIFT) &
				    PCI_GAS_FIELD_MASK;
		out->pci_offset = r->address & PCI_GAS_FIELD_MASK;
	}
	return 0;
}

unsigned int acpi_gas_access_bytes(const struct acpi_generic_address *gas)
{
	if (gas->access_width >= ACPI_ACCESS_BYTE &&
	    gas->access_width <= ACPI_ACCESS_QWORD)
		return 1U << (gas->access_width - 1);
	if (gas->access_width != ACPI_ACCESS_UNDEFINED)
		return 0;
	switch (gas->bit_width) {
	case 8:
	case 16:
	case 32:
	case 64:
		return gas->bit_width / BITS_PER_BYTE;
	default:
		return 0;
	}
}
