/* Host-test consoles: capture log text and inventory lines; die() longjmps back to the test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include "console.h"		/* console_write, console_write_inventory */
#include "log.h"		/* die, log_set_level */
#include "format.h"		/* fmt_vsnprintf */
#include "test-console.h"

static char log_buf[1 << 20];
static size_t log_len;
static char inv_buf[1 << 20];
static size_t inv_len;
jmp_buf *test_die_jmp;
char test_die_msg[512];

static void append(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len + n >= cap)
		n = cap - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

void console_write(const char *s, size_t n)
{
	if (getenv("VMFW_TEST_VERBOSE"))
		fwrite(s, 1, n, stderr);
	append(log_buf, sizeof(log_buf), &log_len, s, n);
}

void console_write_inventory(const char *s, size_t n)
{
	append(inv_buf, sizeof(inv_buf), &inv_len, s, n);
}

void test_console_reset(void)
{
	log_len = inv_len = 0;
	log_buf[0] = inv_buf[0] = '\0';
	log_set_level(LOG_SPEW);
}

bool test_log_contains(const char *needle) { return strstr(log_buf, needle) != NULL; }
const char *test_log_text(void) { return log_buf; }
const char *test_inv_text(void) { return inv_buf; }

void die_set_stage(const char *stage) { (void)stage; }

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(test_die_msg, sizeof(test_die_msg), fmt, ap);
	va_end(ap);
	log_printf(LOG_EMERG, "panic: %s", test_die_msg);
	if (test_die_jmp)
		longjmp(*test_die_jmp, 1);
	fprintf(stderr, "unexpected die(): %s\n", test_die_msg);
	abort();
}
