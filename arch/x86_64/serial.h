/* SPDX-License-Identifier: MIT */
/*
 * The first serial port, a 16550A UART (COM1 at I/O port 0x3f8, IRQ 4):
 * its register offsets and bits, for the console (serial.c), the early
 * boot output (head64_early.c) and the interrupt ktest.
 */
#ifndef KEEL_ARCH_X86_64_SERIAL_H
#define KEEL_ARCH_X86_64_SERIAL_H

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_DLM 1 /* divisor high (DLAB=1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1 0x03
#define UART_FCR_ENABLE_CLEAR 0xc7 /* FIFO on, clear both, 14-byte trigger */
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_RBR 0 /* receive buffer (DLAB=0) */
#define UART_LSR_DR 0x01 /* data ready */
#define UART_LSR_THRE 0x20
#define UART_IER_RDI 0x01 /* interrupt on received data */
#define UART_IER_THRI 0x02 /* interrupt on transmitter holding empty */
#define COM1_IRQ 4

#endif
