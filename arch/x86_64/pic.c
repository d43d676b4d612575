// SPDX-License-Identifier: MIT
/*
 * The two 8259A PICs: remapped away from the exception vectors (ICW2) and
 * every line masked, since the IOAPIC delivers device interrupts. Command
 * words from the Intel 8259A data sheet.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86_consts.h"

#define ICW1_INIT_ICW4 0x11 /* edge, cascade, ICW4 follows */
#define ICW3_MASTER_SLAVE_ON_IR2 0x04
#define ICW3_SLAVE_ID 0x02
#define ICW4_8086 0x01
#define PIC_MASK_ALL 0xff
#define PIC_SLAVE_OFFSET 8
#define IO_DELAY_PORT 0x80

static void io_delay(void)
{
	outb(IO_DELAY_PORT, 0);
}

static void pic_write(u16 port, u8 v)
{
	outb(port, v);
	io_delay();
}

void pic_remap_and_mask(void)
{
	pic_write(PIC_MASTER_DATA, PIC_MASK_ALL);
	pic_write(PIC_SLAVE_DATA, PIC_MASK_ALL);
	pic_write(PIC_MASTER_CMD, ICW1_INIT_ICW4);
	pic_write(PIC_SLAVE_CMD, ICW1_INIT_ICW4);
	pic_write(PIC_MASTER_DATA, PIC_VECTOR_BASE);
	pic_write(PIC_SLAVE_DATA, PIC_VECTOR_BASE + PIC_SLAVE_OFFSET);
	pic_write(PIC_MASTER_DATA, ICW3_MASTER_SLAVE_ON_IR2);
	pic_write(PIC_SLAVE_DATA, ICW3_SLAVE_ID);
	pic_write(PIC_MASTER_DATA, ICW4_8086);
	pic_write(PIC_SLAVE_DATA, ICW4_8086);
	pic_write(PIC_MASTER_DATA, PIC_MASK_ALL);
	pic_write(PIC_SLAVE_DATA, PIC_MASK_ALL);
}
