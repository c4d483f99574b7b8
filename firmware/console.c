/* Consoles: 16550 UART on COM1 and QEMU's debugcon port 0x402. */
#include <stdbool.h>	/* bool */
#include "console.h"	/* console_write, console_write_inventory */
#include "io.h"		/* inb, outb */

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding (DLAB 0) */
#define UART_DLL	0	/* divisor low (DLAB 1) */
#define UART_DLM	1	/* divisor high (DLAB 1) */
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define  UART_LCR_DLAB	0x80
#define  UART_LCR_8N1	0x03
#define UART_MCR	4
#define UART_LSR	5
#define  UART_LSR_THRE	0x20
#define DEBUGCON	0x402
#define DEBUGCON_READBACK 0xe9	/* what QEMU's isa-debugcon returns on a read */

static bool have_uart;
static bool have_debugcon;

bool console_has_uart(void);
bool console_has_uart(void)
{
	return have_uart;
}

void console_init(void);
void console_init(void)
{
	/* SAFETY: COM1 and 0x402 are ISA ports; reads of absent ports return 0xff. */
	have_debugcon = inb(DEBUGCON) == DEBUGCON_READBACK;
	have_uart = inb(COM1 + UART_LSR) != 0xff;
	if (have_uart) {
		outb(COM1 + UART_IER, 0);
		outb(COM1 + UART_LCR, UART_LCR_DLAB);
		outb(COM1 + UART_DLL, 1);	/* 115200 baud */
		outb(COM1 + UART_DLM, 0);
		outb(COM1 + UART_LCR, UART_LCR_8N1);
		outb(COM1 + UART_FCR, 0x07);	/* enable and clear FIFOs */
		outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
	}
}

static void uart_putc(char c)
{
	/* Bounded wait: a wedged UART must not hang the firmware. */
	for (unsigned i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & UART_LSR_THRE); i++)
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

static void debugcon_write(const char *s, size_t len)
{
	/* SAFETY: rep outsb reads len bytes from s and writes them to the debugcon port. */
	__asm__ volatile("rep outsb" : "+S"(s), "+c"(len) : "d"(DEBUGCON) : "memory");
}

void console_write(const char *s, size_t len)
{
	if (have_uart) {
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\n')
				uart_putc('\r');
			uart_putc(s[i]);
		}
	}
	if (have_debugcon)
		debugcon_write(s, len);
}

void console_write_inventory(const char *s, size_t len)
{
	if (have_debugcon)
		debugcon_write(s, len);
}
