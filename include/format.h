/* Minimal printf-style formatting for a freestanding build (no libc). */
#ifndef VMFW_FORMAT_H
#define VMFW_FORMAT_H

#include <stdarg.h>	/* va_list */
#include <stddef.h>	/* size_t */

/*
 * Supports %% %c %s %d %i %u %x %X %p with flags '0' '-', a width, '.N' precision on %s,
 * and length modifiers hh h l ll z. Always NUL-terminates when size > 0.
 * Returns the length the full output would have had (like C99 vsnprintf).
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
