/*
 * Fuzz target: the AML encoder. The input drives a random tree (scopes, devices, methods,
 * If/Else/While, Name declarations, integers of every width, strings, buffers, packages,
 * locals, args, name references, arithmetic and logic operators, Store/Return/Increment)
 * built with acpi/aml.c in an arena whose size the input also picks. While building, the
 * expected text is written in the notation of the test decoder (tests/acpi/aml_decode.c,
 * written separately from the encoder). Checks: aml_size() equals what aml_serialize()
 * writes; serialising into one byte less fails without writing past the buffer (ASan);
 * decoding the bytes gives exactly the expected text; an arena overflow is reported as an
 * error and serialises to nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aml.h"			/* aml_* */
#include "../acpi/aml_decode.h"	/* aml_decode */
#include "log.h"			/* log_set_level */
#include "test-console.h"		/* test_console_reset */

int aml_fuzz_one(const uint8_t *data, size_t size);

#define MAX_NODES 600
#define MAX_BYTES 8192
#define MAX_DEPTH 6
#define TEXT_CAP (256 * 1024)

struct gen {
	const uint8_t *p;
	size_t n, i;
	struct aml_ctx c;
	char *t;	/* expected text */
	size_t tl;
	unsigned budget;	/* terms left to generate */
};

static uint8_t u8(struct gen *g) { return g->i < g->n ? g->p[g->i++] : 0; }

static void violated(const char *what, const char *a, const char *b)
{
	fprintf(stderr, "aml-fuzz invariant violated: %s\n  expected: %s\n  decoded:  %s\n", what,
		a ? a : "", b ? b : "");
	abort();
}

static void put(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(g->t + g->tl, TEXT_CAP - g->tl, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= TEXT_CAP - g->tl)
		violated("expected text too long for the test buffer", NULL, NULL);
	g->tl += (size_t)n;
}

/* A 1-4 letter NameSeg; 'M' is kept for methods (the decoder parses a call's arguments). */
static void name(struct gen *g, char out[5], bool method)
{
	unsigned len = 1 + u8(g) % 4;
	for (unsigned k = 0; k < len; k++) {
		char ch = (char)('A' + u8(g) % 26);
		if (k == 0)
			ch = method ? 'M' : (ch == 'M' ? 'N' : ch);
		out[k] = ch;
	}
	out[len] = '\0';
}

/* The decoder's text for an integer of value v (the encoder picks the shortest form). */
static void put_int(struct gen *g, uint64_t v)
{
	if (v == 0)
		put(g, "Zero");
	else if (v == 1)
		put(g, "One");
	else if (v == ~0ull)
		put(g, "Ones");
	else if (v <= 0xff)
		put(g, "B(0x%llx)", (unsigned long long)v);
	else if (v <= 0xffff)
		put(g, "W(0x%llx)", (unsigned long long)v);
	else if (v <= 0xffffffffull)
		put(g, "D(0x%llx)", (unsigned long long)v);
	else
		put(g, "Q(0x%llx)", (unsigned long long)v);
}

static struct aml *data_obj(struct gen *g, unsigned depth);

static struct aml *integer(struct gen *g)
{
	uint8_t w = u8(g);
	uint64_t v = 0;
	unsigned bytes = (unsigned[]){ 0, 1, 2, 4, 8 }[w % 5];
	for (unsigned k = 0; k < bytes; k++)
		v |= (uint64_t)u8(g) << (8 * k);
	if (w & 0x80)
		v = ~0ull;
	put_int(g, v);
	return aml_int(&g->c, v);
}

static struct aml *data_obj(struct gen *g, unsigned depth)
{
	uint8_t k = u8(g);
	if (depth >= MAX_DEPTH || !g->budget)
		k = 0;
	else
		g->budget--;
	switch (k % 8) {
	case 1: {
		char s[40];
		unsigned len = u8(g) % 40;
		for (unsigned i = 0; i < len; i++)
			s[i] = "abcdefghijklmnopqrstuvwxyz0123456789 ._"[u8(g) % 39];
		s[len] = '\0';
		put(g, "\"%s\"", s);
		return aml_string(&g->c, s);
	}
	case 2: {	/* first byte 0xff: never mistaken for a resource template */
		uint8_t b[300];
		size_t len = u8(g);
		if (k & 0x80)
			len += (size_t)u8(g) % 45;	/* past 255: two-byte BufferSize */
		for (size_t i = 0; i < len; i++)
			b[i] = i ? u8(g) : 0xff;
		put(g, "Buffer(%zu){", len);
		for (size_t i = 0; i < len; i++)
			put(g, "%s0x%02x", i ? "," : "", b[i]);
		put(g, "}");
		return aml_buffer(&g->c, b, len);
	}
	case 3: {
		struct aml *pkg = aml_package(&g->c);
		unsigned n = u8(g) % 6;
		put(g, "Package(%u){", n);
		for (unsigned i = 0; i < n; i++) {
			if (i)
				put(g, ",");
			aml_append(pkg, data_obj(g, depth + 1));
		}
		put(g, "}");
		return pkg;
	}
	case 4: {
		char nm[5];
		name(g, nm, false);
		put(g, "%s", nm);
		return aml_name(&g->c, nm);
	}
	case 5: {
		unsigned n = u8(g) % 8;
		put(g, "Local%u", n);
		return aml_local(&g->c, n);
	}
	case 6: {
		unsigned n = u8(g) % 7;
		put(g, "Arg%u", n);
		return aml_arg(&g->c, n);
	}
	default:
		return integer(g);
	}
}

static struct aml *expr(struct gen *g, unsigned depth);

/* An expression: data or an operator over expressions (always an operator with force_op). */
static struct aml *expr_op(struct gen *g, unsigned depth, bool force_op)
{
	uint8_t k = u8(g);
	if (force_op)
		k |= 0x80;
	else if (depth >= MAX_DEPTH || !g->budget || k < 0x80)
		return data_obj(g, depth);
	else
		g->budget--;
	static const char *const names[] = { "Add", "Subtract", "And", "Or", "ShiftLeft", "ShiftRight",
					     "LEqual", "LLess", "LGreater", "LAnd", "LOr", "LNot" };
	unsigned op = k % 12;
	put(g, "%s(", names[op]);
	struct aml *a = expr(g, depth + 1);
	if (op == 11) {
		put(g, ")");
		return aml_lnot(&g->c, a);
	}
	put(g, ",");
	struct aml *b = expr(g, depth + 1);
	if (op >= 6) {
		put(g, ")");
		switch (op) {
		case 6: return aml_lequal(&g->c, a, b);
		case 7: return aml_lless(&g->c, a, b);
		case 8: return aml_lgreater(&g->c, a, b);
		case 9: return aml_land(&g->c, a, b);
		default: return aml_lor(&g->c, a, b);
		}
	}
	struct aml *t = NULL;
	if (k & 0x40) {
		unsigned n = u8(g) % 8;
		put(g, ",Local%u)", n);
		t = aml_local(&g->c, n);
	} else {
		put(g, ",Null)");
	}
	switch (op) {
	case 0: return aml_add(&g->c, a, b, t);
	case 1: return aml_subtract(&g->c, a, b, t);
	case 2: return aml_and(&g->c, a, b, t);
	case 3: return aml_or(&g->c, a, b, t);
	case 4: return aml_shiftleft(&g->c, a, b, t);
	default: return aml_shiftright(&g->c, a, b, t);
	}
}

static struct aml *expr(struct gen *g, unsigned depth)
{
	return expr_op(g, depth, false);
}

static void term_list(struct gen *g, struct aml *parent, unsigned depth);

/* One term of a TermList, appended to parent, followed by ';' in the text. */
static void term(struct gen *g, struct aml *parent, unsigned depth)
{
	uint8_t k = u8(g);
	char nm[5];
	g->budget--;
	if (depth >= MAX_DEPTH)
		k = 5;
	switch (k % 10) {
	case 0: case 1: {	/* containers */
		struct aml *c;
		name(g, nm, false);
		if (k % 10 == 0) {
			put(g, "Scope(%s){", nm);
			c = aml_scope(&g->c, nm);
		} else {
			put(g, "Device(%s){", nm);
			c = aml_device(&g->c, nm);
		}
		term_list(g, c, depth + 1);
		put(g, "}");
		aml_append(parent, c);
		break;
	}
	case 2: {
		name(g, nm, true);
		unsigned nargs = u8(g) % 8;
		bool ser = k & 0x80;
		put(g, "Method(%s,%u,%c){", nm, nargs, ser ? 'S' : 'N');
		struct aml *m = aml_method(&g->c, nm, nargs, ser);
		term_list(g, m, depth + 1);
		put(g, "}");
		aml_append(parent, m);
		break;
	}
	case 3: {	/* If, optionally Else; or While */
		bool loop = k & 0x40;
		put(g, loop ? "While(" : "If(");
		struct aml *pred = expr(g, depth + 1);
		put(g, "){");
		struct aml *c = loop ? aml_while(&g->c, pred) : aml_if(&g->c, pred);
		term_list(g, c, depth + 1);
		put(g, "}");
		aml_append(parent, c);
		if (!loop && (k & 0x80)) {
			put(g, ";Else{");
			struct aml *e = aml_else(&g->c);
			term_list(g, e, depth + 1);
			put(g, "}");
			aml_append(parent, e);
		}
		break;
	}
	case 4: {
		name(g, nm, false);
		put(g, "Name(%s,", nm);
		if (k & 0x80) {
			uint64_t v = u8(g);
			v = v << (u8(g) % 57);
			aml_append(parent, aml_name_int(&g->c, nm, v));
			put_int(g, v);
		} else {
			aml_append(parent, aml_name_decl(&g->c, nm, data_obj(g, depth + 1)));
		}
		put(g, ")");
		break;
	}
	case 5: {
		unsigned n = u8(g) % 8;
		put(g, "Store(");
		struct aml *v = expr(g, depth + 1);
		put(g, ",Local%u)", n);
		aml_append(parent, aml_store(&g->c, v, aml_local(&g->c, n)));
		break;
	}
	case 6: {
		put(g, "Return(");
		struct aml *v = expr(g, depth + 1);
		put(g, ")");
		aml_append(parent, aml_return(&g->c, v));
		break;
	}
	case 7: {
		unsigned n = u8(g) % 8;
		put(g, "Increment(Local%u)", n);
		aml_append(parent, aml_increment(&g->c, aml_local(&g->c, n)));
		break;
	}
	default:	/* an operator as a statement (a bare data object is not a TermObj) */
		aml_append(parent, expr_op(g, depth + 1, true));
		break;
	}
	put(g, ";");
}

static void term_list(struct gen *g, struct aml *parent, unsigned depth)
{
	unsigned n = u8(g) % 5;
	for (unsigned i = 0; i < n && g->budget && g->i < g->n; i++)
		term(g, parent, depth);
}

static struct aml nodes[MAX_NODES];
static uint8_t bytes[MAX_BYTES];

int aml_fuzz_one(const uint8_t *data, size_t size)
{
	static char expect[TEXT_CAP], got[TEXT_CAP], err[256];
	struct gen g = { data, size, 0, { 0 }, expect, 0, 400 };

	test_console_reset();
	log_set_level(LOG_WARN);
	if (size < 2)
		return 0;
	/* Arena: usually roomy, sometimes tight enough to run out. */
	size_t nn = data[0] & 0x80 ? 1 + data[0] % 64 : MAX_NODES;
	size_t nb = data[1] & 0x80 ? 1 + (size_t)data[1] * 8 : MAX_BYTES;
	g.i = 2;
	aml_init(&g.c, nodes, nn, bytes, nb);
	struct aml *blk = aml_block(&g.c);
	expect[0] = '\0';
	while (g.i < g.n && g.budget)
		term(&g, blk, 0);

	size_t want = aml_size(blk);
	if (!aml_ok(&g.c)) {
		if (want != 0)
			violated("size of a tree with an error", aml_error(&g.c), NULL);
		uint8_t one[8];
		if (aml_serialize(blk, one, sizeof(one)) != 0)
			violated("a tree with an error serialised", aml_error(&g.c), NULL);
		return 0;
	}
	uint8_t *out = malloc(want + 1);
	size_t n = aml_serialize(blk, out, want);
	if (n != want)
		violated("aml_serialize wrote a different size than aml_size", NULL, NULL);
	if (aml_decode(out, n, got, sizeof(got), err, sizeof(err)) != 0)
		violated("decoder rejected the encoding", expect, err);
	if (strcmp(got, expect) != 0)
		violated("decoded text differs", expect, got);
	free(out);
	/* Last, as it records an error in the context: one byte short must fail cleanly. */
	if (want) {
		out = malloc(want - 1 ? want - 1 : 1);
		if (aml_serialize(blk, out, want - 1) != 0 || aml_ok(&g.c))
			violated("serialised into a buffer one byte short", NULL, NULL);
		free(out);
	}
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return aml_fuzz_one(data, size);
}
#endif
