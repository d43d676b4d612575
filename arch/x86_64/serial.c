// SPDX-License-Identifier: MIT
/*
 * The boot console: COM1, a 16550 UART at 115200 8N1. Output is polled;
 * input comes by interrupt (ISA IRQ 4, "received data available") into a
 * ring that readers drain, sleeping on a wait queue when it is empty.
 * Register offsets from the 16550 data sheet.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/serial.h"
#include "kernel/arch/console.h"
#include "kernel/arch/irq.h"
#include "kernel/init.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"

/* Bytes read in one interrupt at most (the FIFO holds 16). */
#define UART_RX_BURST 64
#define UART_BAUD_BASE 115200
#define CONSOLE_BAUD 115200

void arch_console_init(void)
{
	u16 divisor = UART_BAUD_BASE / CONSOLE_BAUD;

	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, divisor & 0xff);
	outb(COM1 + UART_DLM, divisor >> 8);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, UART_MCR_DTR_RTS_OUT2);
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_THR, (u8)c);
}

void arch_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

void arch_console_write_raw(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		serial_putc(s[i]);
}

/* The console initcall: printk's records so far, then every line, to COM1. */
static int __init serial_console_init(void)
{
	console_register(arch_console_write);
	return 0;
}
console_initcall(serial_console_init);

/* "ttyS0" alone or with ",BAUD...": true; *@baud_ok when BAUD is absent or
 * the console's own. */
static bool is_com1(const char *s, bool *baud_ok)
{
	static const char tty[] = "ttyS0";
	char *end;

	if (strncmp(s, tty, strlen(tty)))
		return false;
	s += strlen(tty);
	*baud_ok = true;
	if (*s == '\0')
		return true;
	if (*s != ',')
		return false;
	*baud_ok = s[1] == '\0' ||
		   simple_strtoull(s + 1, &end, 10) == CONSOLE_BAUD;
	return true;
}

/* console=ttyS0[,115200n8]: the one console keel has. */
static int __init console_setup(char *val)
{
	bool baud_ok = false;

	if (!is_com1(val, &baud_ok) || !baud_ok)
		pr_warn("console=%s: keel's console is ttyS0 (COM1) at %u 8N1 "
			"only; it stays so",
			val, CONSOLE_BAUD);
	return 1;
}
__setup("console=", console_setup);

/* earlyprintk=serial[,ttyS0[,115200]] or earlyprintk=ttyS0[,115200]: keel
 * prints on COM1 from its first message, so this only checks the value. */
static int __init setup_early_printk(char *val)
{
	static const char serial[] = "serial";
	bool baud_ok = false;

	if (val && !strncmp(val, serial, strlen(serial)) &&
	    (val[strlen(serial)] == '\0' ||
	     (val[strlen(serial)] == ',' &&
	      is_com1(val + strlen(serial) + 1, &baud_ok) && baud_ok)))
		return 0;
	if (val && is_com1(val, &baud_ok) && baud_ok)
		return 0;
	pr_warn("earlyprintk=%s: keel's early console is ttyS0 (COM1) at %u "
		"8N1 only; it stays so",
		val ? val : "", CONSOLE_BAUD);
	return -EINVAL;
}
early_param("earlyprintk", setup_early_printk);

/* --- input --- */

#define RX_RING_SIZE 4096 /* a power of two */

static struct {
	spinlock_t lock; /* ring; taken with interrupts off */
	char buf[RX_RING_SIZE];
	unsigned int head, len;
	unsigned long dropped; /* bytes lost to a full ring */
	bool started;
} rx = {.lock = __SPIN_LOCK_UNLOCKED(rx.lock)};

DECLARE_WAIT_QUEUE_HEAD(arch_console_rx_wait);

static irqreturn_t serial_rx_interrupt(int irq, void *dev_id)
{
	bool got = false;

	(void)irq;
	(void)dev_id;
	spin_lock(&rx.lock);
	for (int i = 0;
	     i < UART_RX_BURST && (inb(COM1 + UART_LSR) & UART_LSR_DR); i++) {
		char c = (char)inb(COM1 + UART_RBR);

		got = true;
		if (rx.len == RX_RING_SIZE) {
			rx.dropped++;
			continue;
		}
		rx.buf[(rx.head + rx.len) & (RX_RING_SIZE - 1)] = c;
		rx.len++;
	}
	spin_unlock(&rx.lock);
	if (got)
		wake_up_all(&arch_console_rx_wait);
	return got ? IRQ_HANDLED : IRQ_NONE;
}

int arch_console_rx_start(void)
{
	unsigned long flags = spin_lock_irqsave(&rx.lock);
	bool started = rx.started;
	int err;

	rx.started = true;
	spin_unlock_irqrestore(&rx.lock, flags);
	if (started)
		return 0;
	err = request_irq(COM1_IRQ, serial_rx_interrupt, 0, "serial", &rx);
	if (err) {
		flags = spin_lock_irqsave(&rx.lock);
		rx.started = false;
		spin_unlock_irqrestore(&rx.lock, flags);
		return err;
	}
	outb(COM1 + UART_IER, UART_IER_RDI);
	/* Bytes that came before the interrupt was enabled. */
	flags = arch_local_irq_save();
	serial_rx_interrupt(COM1_IRQ, &rx);
	arch_local_irq_restore(flags);
	return 0;
}

size_t arch_console_read(char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&rx.lock);
	size_t n = 0;

	while (n < len && rx.len) {
		buf[n++] = rx.buf[rx.head];
		rx.head = (rx.head + 1) & (RX_RING_SIZE - 1);
		rx.len--;
	}
	spin_unlock_irqrestore(&rx.lock, flags);
	return n;
}

bool arch_console_rx_pending(void)
{
	return __atomic_load_n(&rx.len, __ATOMIC_RELAXED) != 0;
}
