/* Console sinks: text goes to every enabled console (COM1 16550, debugcon 0x402). */
#ifndef VMFW_CONSOLE_H
#define VMFW_CONSOLE_H

#include <stddef.h>	/* size_t */

/* Human-readable text: serial and debugcon. */
void console_write(const char *s, size_t len);
/* Inventory records: debugcon only (JSON lines). */
void console_write_inventory(const char *s, size_t len);

#endif
