/* fmt_vsnprintf: printf-style formatting without libc, for the console and the inventory. */
#include <stdint.h>	/* uintmax_t */
#include <stdbool.h>	/* bool */
#include "format.h"	/* fmt_vsnprintf */

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p++;
		bool left = false;
		char pad = ' ';
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		if (*p == '*') {
			width = va_arg(ap, int);
			p++;
		}
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		int prec = -1;
		if (*p == '.') {
			p++;
			prec = 0;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			}
			while (*p >= '0' && *p <= '9')
				prec = prec * 10 + (*p++ - '0');
		}
		int lng = 0;	/* 0 int, 1 long, 2 long long, 3 size_t, -1 short, -2 char */
		for (;; p++) {
			if (*p == 'l')
				lng = lng == 1 ? 2 : 1;
			else if (*p == 'z')
				lng = 3;
			else if (*p == 'h')
				lng = lng == -1 ? -2 : -1;
			else
				break;
		}
		char tmp[24];
		switch (*p) {
		case '\0':
			p--;
			break;
		case '%':
			put(&o, '%');
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_padded(&o, tmp, 1, width, left, ' ');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = 0;
			while (s[n] && (prec < 0 || n < (size_t)prec))
				n++;
			put_padded(&o, s, n, width, left, ' ');
			break;
		}
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'p': {
			bool is_signed = *p == 'd' || *p == 'i';
			unsigned base = (*p == 'x' || *p == 'X' || *p == 'p') ? 16 : 10;
			const char *digits = *p == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
			uintmax_t v;
			bool neg = false;
			if (*p == 'p') {
				v = (uintptr_t)va_arg(ap, void *);
				put(&o, '0');
				put(&o, 'x');
			} else if (is_signed) {
				intmax_t s;
				switch (lng) {
				case 2: s = va_arg(ap, long long); break;
				case 1: s = va_arg(ap, long); break;
				case 3: s = (intmax_t)va_arg(ap, size_t); break;
				case -1: s = (short)va_arg(ap, int); break;
				case -2: s = (signed char)va_arg(ap, int); break;
				default: s = va_arg(ap, int); break;
				}
				neg = s < 0;
				v = neg ? (uintmax_t)0 - (uintmax_t)s : (uintmax_t)s;
			} else {
				switch (lng) {
				case 2: v = va_arg(ap, unsigned long long); break;
				case 1: v = va_arg(ap, unsigned long); break;
				case 3: v = va_arg(ap, size_t); break;
				case -1: v = (unsigned short)va_arg(ap, unsigned); break;
				case -2: v = (unsigned char)va_arg(ap, unsigned); break;
				default: v = va_arg(ap, unsigned); break;
				}
			}
			size_t n = 0;
			do {
				tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
				v /= base;
			} while (v);
			if (neg) {
				if (pad == '0') {
					put(&o, '-');
					width--;
				} else {
					tmp[sizeof(tmp) - 1 - n++] = '-';
				}
			}
			put_padded(&o, tmp + sizeof(tmp) - n, n, width, left, left ? ' ' : pad);
			break;
		}
		default:
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (size)
		o.buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
