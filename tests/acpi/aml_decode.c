/* Test-only AML decoder (see aml_decode.h). Independent of acpi/aml.c on purpose. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "aml_decode.h"

struct dec {
	const uint8_t *p, *end;
	char *out;
	size_t cap, len;
	char *err;
	size_t errcap;
	bool failed;
	/* methods seen so far: last NameSeg -> arg count, for invocations */
	char mname[512][5];
	int margs[512];
	unsigned nmethods;
};

static void emit(struct dec *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(d->out + d->len, d->len < d->cap ? d->cap - d->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0 || d->len + (size_t)n >= d->cap) {
		d->failed = true;
		snprintf(d->err, d->errcap, "output buffer full");
		d->len = d->cap ? d->cap - 1 : 0;
		return;
	}
	d->len += (size_t)n;
}

static bool bad(struct dec *d, const char *what)
{
	if (!d->failed)
		snprintf(d->err, d->errcap, "%s", what);
	d->failed = true;
	return false;
}

static bool need(struct dec *d, size_t n)
{
	if ((size_t)(d->end - d->p) < n)
		return bad(d, "truncated");
	return true;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

unsigned aml_decode_pkglen(const uint8_t *p, size_t avail, uint32_t *value)
{
	if (avail < 1)
		return 0;
	unsigned follow = p[0] >> 6;
	if (avail < 1 + follow)
		return 0;
	if (follow == 0) {
		*value = p[0] & 0x3f;
		return 1;
	}
	if (p[0] & 0x30)	/* bits 5:4 must be zero in the multi-byte form */
		return 0;
	uint32_t v = p[0] & 0x0f;
	for (unsigned i = 0; i < follow; i++)
		v |= (uint32_t)p[1 + i] << (4 + 8 * i);
	*value = v;
	return 1 + follow;
}

/* Reads a PkgLength and returns the end pointer of the package. */
static const uint8_t *pkg_end(struct dec *d)
{
	const uint8_t *start = d->p;
	uint32_t v;
	unsigned n = aml_decode_pkglen(d->p, (size_t)(d->end - d->p), &v);
	if (!n) {
		bad(d, "bad PkgLength");
		return NULL;
	}
	if (v < n || v > (size_t)(d->end - start)) {
		bad(d, "PkgLength beyond end");
		return NULL;
	}
	d->p += n;
	return start + v;
}

static bool seg_char(uint8_t c, bool lead)
{
	return (c >= 'A' && c <= 'Z') || c == '_' || (!lead && c >= '0' && c <= '9');
}

static bool name_seg(struct dec *d, char out[5])
{
	if (!need(d, 4))
		return false;
	for (int i = 0; i < 4; i++)
		if (!seg_char(d->p[i], i == 0))
			return bad(d, "bad NameSeg");
	memcpy(out, d->p, 4);
	out[4] = 0;
	d->p += 4;
	return true;
}

static void emit_seg(struct dec *d, const char seg[5])
{
	int n = 4;
	while (n > 1 && seg[n - 1] == '_')
		n--;
	emit(d, "%.*s", n, seg);
}

/* NameString; last gets the final NameSeg (or "" for NullName). */
static bool name_string(struct dec *d, char last[5])
{
	last[0] = 0;
	if (!need(d, 1))
		return false;
	if (*d->p == '\\') {
		emit(d, "\\");
		d->p++;
	} else {
		while (need(d, 1) && *d->p == '^') {
			emit(d, "^");
			d->p++;
		}
	}
	if (!need(d, 1))
		return false;
	unsigned count;
	if (*d->p == 0x00) {
		d->p++;
		return true;
	} else if (*d->p == 0x2e) {
		d->p++;
		count = 2;
	} else if (*d->p == 0x2f) {
		d->p++;
		if (!need(d, 1))
			return false;
		count = *d->p++;
		if (count == 0)
			return bad(d, "MultiNamePath of 0 segments");
	} else {
		count = 1;
	}
	for (unsigned i = 0; i < count; i++) {
		char seg[5];
		if (!name_seg(d, seg))
			return false;
		if (i)
			emit(d, ".");
		emit_seg(d, seg);
		memcpy(last, seg, 5);
	}
	return true;
}

static bool term(struct dec *d);
static bool term_list(struct dec *d, const uint8_t *end);

static bool is_name_start(uint8_t c)
{
	return c == '\\' || c == '^' || c == 0x2e || c == 0x2f || (c >= 'A' && c <= 'Z') || c == '_';
}

static int method_args(struct dec *d, const char seg[5])
{
	for (unsigned i = 0; i < d->nmethods; i++)
		if (!strcmp(d->mname[i], seg))
			return d->margs[i];
	return 0;
}

/* Resource template: prints RT{...} and returns true when buf is a well-formed descriptor list. */
static bool try_resources(struct dec *d, const uint8_t *b, size_t n)
{
	size_t i = 0;
	char tmp[4096];
	size_t t = 0;
#define T(...) do { int k_ = snprintf(tmp + t, sizeof(tmp) - t, __VA_ARGS__); if (k_ < 0 || t + (size_t)k_ >= sizeof(tmp)) return false; t += (size_t)k_; } while (0)
	T("RT{");
	bool first = true;
	while (i < n) {
		uint8_t tag = b[i];
		if (!first && tag != 0x79)
			T(",");
		first = false;
		if (!(tag & 0x80)) {
			unsigned item = (tag >> 3) & 0x0f, len = tag & 7;
			if (i + 1 + len > n)
				return false;
			const uint8_t *x = b + i + 1;
			if (item == 0x0f) {
				if (len != 1 || i + 2 != n)
					return false;
				T("}");
				emit(d, "%s", tmp);
				return true;
			} else if (item == 0x04 && (len == 2 || len == 3)) {
				unsigned mask = (unsigned)le(x, 2), irq = 0;
				if (!mask || (mask & (mask - 1)))
					return false;
				while (!(mask & (1u << irq)))
					irq++;
				if (len == 2)
					T("IRQNoFlags(%u)", irq);
				else
					T("IRQ(%u,%s,%s,%s)", irq, x[2] & 1 ? "Edge" : "Level", x[2] & 8 ? "ActiveLow" : "ActiveHigh",
					  x[2] & 0x10 ? "Shared" : "Exclusive");
			} else if (item == 0x08 && len == 7) {
				T("IO(%s,0x%x,0x%x,%u,%u)", x[0] & 1 ? "Decode16" : "Decode10", (unsigned)le(x + 1, 2),
				  (unsigned)le(x + 3, 2), x[5], x[6]);
			} else {
				return false;
			}
			i += 1 + len;
		} else {
			if (i + 3 > n)
				return false;
			unsigned len = (unsigned)le(b + i + 1, 2);
			if (i + 3 + len > n)
				return false;
			const uint8_t *x = b + i + 3;
			switch (tag) {
			case 0x86:
				if (len != 9)
					return false;
				T("Memory32Fixed(%s,0x%" PRIx64 ",0x%" PRIx64 ")", x[0] & 1 ? "ReadWrite" : "ReadOnly",
				  le(x + 1, 4), le(x + 5, 4));
				break;
			case 0x89: {
				if (len < 6 || len != 2 + 4u * x[1])
					return false;
				T("Interrupt(%s,%s,%s,%s){", x[0] & 1 ? "Consumer" : "Producer", x[0] & 2 ? "Edge" : "Level",
				  x[0] & 4 ? "ActiveLow" : "ActiveHigh", x[0] & 8 ? "Shared" : "Exclusive");
				for (unsigned k = 0; k < x[1]; k++)
					T("%s%" PRIu64, k ? "," : "", le(x + 2 + 4 * k, 4));
				T("}");
				break;
			}
			case 0x87: case 0x88: case 0x8a: {
				unsigned w = tag == 0x88 ? 2 : tag == 0x87 ? 4 : 8;
				if (len != 3 + 5 * w)
					return false;
				static const char *const kind[] = { "Memory", "IO", "BusNumber" };
				if (x[0] > 2)
					return false;
				uint64_t gran = le(x + 3, w), min = le(x + 3 + w, w), max = le(x + 3 + 2 * w, w);
				uint64_t tra = le(x + 3 + 3 * w, w), ln = le(x + 3 + 4 * w, w);
				T("%s%s(%s,gf=0x%x,tf=0x%x,0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ")",
				  w == 2 ? "Word" : w == 4 ? "DWord" : "QWord", kind[x[0]], x[1] & 1 ? "Consumer" : "Producer",
				  x[1], x[2], gran, min, max, tra, ln);
				break;
			}
			default:
				return false;
			}
			i += 3 + len;
		}
	}
	return false;	/* no EndTag */
#undef T
}

static bool integer_or_data(struct dec *d, uint8_t op)
{
	switch (op) {
	case 0x00: emit(d, "Zero"); return true;
	case 0x01: emit(d, "One"); return true;
	case 0xff: emit(d, "Ones"); return true;
	case 0x0a: if (!need(d, 1)) return false; emit(d, "B(0x%" PRIx64 ")", le(d->p, 1)); d->p += 1; return true;
	case 0x0b: if (!need(d, 2)) return false; emit(d, "W(0x%" PRIx64 ")", le(d->p, 2)); d->p += 2; return true;
	case 0x0c: if (!need(d, 4)) return false; emit(d, "D(0x%" PRIx64 ")", le(d->p, 4)); d->p += 4; return true;
	case 0x0e: if (!need(d, 8)) return false; emit(d, "Q(0x%" PRIx64 ")", le(d->p, 8)); d->p += 8; return true;
	case 0x0d: {
		const uint8_t *s = d->p;
		while (s < d->end && *s)
			s++;
		if (s >= d->end)
			return bad(d, "unterminated string");
		emit(d, "\"%.*s\"", (int)(s - d->p), (const char *)d->p);
		d->p = s + 1;
		return true;
	}
	}
	return bad(d, "not data");
}

/* Integer TermArg value (for BufferSize / VarNumElements checks) */
static bool small_int(struct dec *d, uint64_t *v)
{
	if (!need(d, 1))
		return false;
	uint8_t op = *d->p++;
	switch (op) {
	case 0x00: *v = 0; return true;
	case 0x01: *v = 1; return true;
	case 0x0a: if (!need(d, 1)) return false; *v = le(d->p, 1); d->p += 1; return true;
	case 0x0b: if (!need(d, 2)) return false; *v = le(d->p, 2); d->p += 2; return true;
	case 0x0c: if (!need(d, 4)) return false; *v = le(d->p, 4); d->p += 4; return true;
	}
	return bad(d, "BufferSize/count is not a constant integer");
}

static bool args(struct dec *d, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (i)
			emit(d, ",");
		if (!term(d))
			return false;
	}
	return true;
}

static bool target(struct dec *d)
{
	if (!need(d, 1))
		return false;
	if (*d->p == 0x00) {
		d->p++;
		emit(d, "Null");
		return true;
	}
	return term(d);
}

static bool term(struct dec *d)
{
	if (!need(d, 1))
		return false;
	uint8_t op = *d->p;
	if (is_name_start(op)) {
		char last[5];
		if (!name_string(d, last))
			return false;
		int n = method_args(d, last);
		if (n > 0) {
			emit(d, "(");
			if (!args(d, (unsigned)n))
				return false;
			emit(d, ")");
		}
		return true;
	}
	d->p++;
	if (op >= 0x60 && op <= 0x67) {
		emit(d, "Local%u", op - 0x60);
		return true;
	}
	if (op >= 0x68 && op <= 0x6e) {
		emit(d, "Arg%u", op - 0x68);
		return true;
	}
	switch (op) {
	case 0x00: case 0x01: case 0xff: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x0e:
		return integer_or_data(d, op);
	case 0x08: {	/* Name */
		char last[5];
		emit(d, "Name(");
		if (!name_string(d, last))
			return false;
		emit(d, ",");
		if (!term(d))
			return false;
		emit(d, ")");
		return true;
	}
	case 0x10: case 0x14: case 0xa0: case 0xa1: case 0xa2: {	/* Scope Method If Else While */
		const uint8_t *end = pkg_end(d);
		if (!end)
			return false;
		const uint8_t *saved_end = d->end;
		d->end = end;
		char last[5];
		if (op == 0x10 || op == 0x14) {
			emit(d, op == 0x10 ? "Scope(" : "Method(");
			if (!name_string(d, last))
				return false;
			if (op == 0x14) {
				if (!need(d, 1))
					return false;
				uint8_t fl = *d->p++;
				if (fl & 0xf0)
					return bad(d, "SyncLevel set");
				emit(d, ",%u,%c", fl & 7, fl & 8 ? 'S' : 'N');
				if (d->nmethods < 512) {
					memcpy(d->mname[d->nmethods], last, 5);
					d->margs[d->nmethods++] = fl & 7;
				}
			}
			emit(d, ")");
		} else if (op == 0xa1) {
			emit(d, "Else");
		} else {
			emit(d, op == 0xa0 ? "If(" : "While(");
			if (!term(d))
				return false;
			emit(d, ")");
		}
		emit(d, "{");
		if (!term_list(d, end))
			return false;
		emit(d, "}");
		d->end = saved_end;
		return true;
	}
	case 0x11: {	/* Buffer */
		const uint8_t *end = pkg_end(d);
		if (!end)
			return false;
		const uint8_t *saved_end = d->end;
		d->end = end;
		uint64_t size;
		if (!small_int(d, &size))
			return false;
		size_t n = (size_t)(end - d->p);
		if (size != n)
			return bad(d, "BufferSize differs from the byte list");
		if (!try_resources(d, d->p, n)) {
			emit(d, "Buffer(%zu){", n);
			for (size_t i = 0; i < n; i++)
				emit(d, "%s0x%02x", i ? "," : "", d->p[i]);
			emit(d, "}");
		}
		d->p = end;
		d->end = saved_end;
		return true;
	}
	case 0x12: case 0x13: {	/* Package, VarPackage */
		const uint8_t *end = pkg_end(d);
		if (!end)
			return false;
		const uint8_t *saved_end = d->end;
		d->end = end;
		uint64_t count;
		if (op == 0x12) {
			if (!need(d, 1))
				return false;
			count = *d->p++;
		} else if (!small_int(d, &count)) {
			return false;
		}
		emit(d, "%s(%" PRIu64 "){", op == 0x12 ? "Package" : "VarPackage", count);
		uint64_t seen = 0;
		while (d->p < end) {
			if (seen)
				emit(d, ",");
			if (!term(d))
				return false;
			seen++;
		}
		if (seen != count)
			return bad(d, "package element count mismatch");
		emit(d, "}");
		d->end = saved_end;
		return true;
	}
	case 0x70: emit(d, "Store("); if (!args(d, 2)) return false; emit(d, ")"); return true;
	case 0xa4: emit(d, "Return("); if (!term(d)) return false; emit(d, ")"); return true;
	case 0x75: emit(d, "Increment("); if (!term(d)) return false; emit(d, ")"); return true;
	case 0x92: emit(d, "LNot("); if (!term(d)) return false; emit(d, ")"); return true;
	case 0x72: case 0x74: case 0x79: case 0x7a: case 0x7b: case 0x7d: {
		const char *nm = op == 0x72 ? "Add" : op == 0x74 ? "Subtract" : op == 0x79 ? "ShiftLeft" :
				 op == 0x7a ? "ShiftRight" : op == 0x7b ? "And" : "Or";
		emit(d, "%s(", nm);
		if (!args(d, 2))
			return false;
		emit(d, ",");
		if (!target(d))
			return false;
		emit(d, ")");
		return true;
	}
	case 0x90: case 0x91: case 0x93: case 0x94: case 0x95: {
		const char *nm = op == 0x90 ? "LAnd" : op == 0x91 ? "LOr" : op == 0x93 ? "LEqual" :
				 op == 0x94 ? "LGreater" : "LLess";
		emit(d, "%s(", nm);
		if (!args(d, 2))
			return false;
		emit(d, ")");
		return true;
	}
	case 0x8a: {
		char last[5];
		emit(d, "CreateDWordField(");
		if (!args(d, 2))
			return false;
		emit(d, ",");
		if (!name_string(d, last))
			return false;
		emit(d, ")");
		return true;
	}
	case 0x5b: {
		if (!need(d, 1))
			return false;
		uint8_t ext = *d->p++;
		char last[5];
		if (ext == 0x80) {
			emit(d, "OperationRegion(");
			if (!name_string(d, last) || !need(d, 1))
				return false;
			emit(d, ",%u,", *d->p++);
			if (!args(d, 2))
				return false;
			emit(d, ")");
			return true;
		}
		if (ext == 0x82 || ext == 0x81) {
			const uint8_t *end = pkg_end(d);
			if (!end)
				return false;
			const uint8_t *saved_end = d->end;
			d->end = end;
			emit(d, ext == 0x82 ? "Device(" : "Field(");
			if (!name_string(d, last))
				return false;
			if (ext == 0x82) {
				emit(d, "){");
				if (!term_list(d, end))
					return false;
			} else {
				if (!need(d, 1))
					return false;
				emit(d, ",0x%x){", *d->p++);
				bool first = true;
				while (d->p < end) {
					if (!first)
						emit(d, ",");
					first = false;
					char seg[5] = "_";
					if (*d->p == 0x00) {
						d->p++;
					} else if (!name_seg(d, seg)) {
						return false;
					}
					uint32_t bits;
					unsigned k = aml_decode_pkglen(d->p, (size_t)(end - d->p), &bits);
					if (!k)
						return bad(d, "bad field length");
					d->p += k;
					emit_seg(d, seg);
					emit(d, ":%u", bits);
				}
			}
			emit(d, "}");
			d->end = saved_end;
			return true;
		}
		return bad(d, "unknown extended opcode");
	}
	}
	return bad(d, "unknown opcode");
}

static bool term_list(struct dec *d, const uint8_t *end)
{
	while (d->p < end) {
		if (!term(d))
			return false;
		emit(d, ";");
	}
	if (d->p != end)
		return bad(d, "term overran its package");
	return true;
}

int aml_decode(const uint8_t *aml, size_t len, char *out, size_t cap, char *err, size_t errcap)
{
	static struct dec d;
	memset(&d, 0, sizeof(d));
	d.p = aml;
	d.end = aml + len;
	d.out = out;
	d.cap = cap;
	d.err = err;
	d.errcap = errcap;
	if (cap)
		out[0] = 0;
	if (errcap)
		err[0] = 0;
	if (!term_list(&d, aml + len) || d.failed) {
		if (!err[0])
			snprintf(err, errcap, "decode failed");
		char tmp[64];
		snprintf(tmp, sizeof(tmp), " (offset %td)", d.p - aml);
		strncat(err, tmp, errcap - strlen(err) - 1);
		return -1;
	}
	return 0;
}
