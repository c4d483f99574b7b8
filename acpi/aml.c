/* AML encoder: node arena, NameString/integer/PkgLength encodings, serialisation. */
#include "aml.h"	/* struct aml, struct aml_ctx, public encoders */
#include "util.h"	/* memcpy, memset, strlen, put_le16/32/64 */

/*
 * Node kinds. Every node owns a run of bytes in the byte pool (off/len).
 *   RAW      the bytes, nothing else (integers, strings, names, descriptors)
 *   SEQ      the bytes, then the children (operators: Store, Name, Return, calls)
 *   PKG      opcode (nop bytes), PkgLength, rest of the bytes, children
 *            (Scope, Device, Method, If, Else, While, Field)
 *   PACKAGE  PackageOp PkgLength NumElements children  (VarPackageOp when > 255)
 *   BUFFER   BufferOp PkgLength BufferSize children
 *   RESTPL   a BUFFER that ends with an EndTag (ResourceTemplate)
 *   SINK     returned when the arena is exhausted; ignores everything
 */
enum aml_kind { K_RAW, K_SEQ, K_PKG, K_PACKAGE, K_BUFFER, K_RESTPL, K_SINK };

/* AML opcodes (ACPI 6.4 section 20.3) */
#define AML_ZERO_OP		0x00	/* ZeroOp */
#define AML_ONE_OP		0x01	/* OneOp */
#define AML_NAME_OP		0x08	/* NameOp */
#define AML_BYTE_PREFIX		0x0a	/* BytePrefix */
#define AML_WORD_PREFIX		0x0b	/* WordPrefix */
#define AML_DWORD_PREFIX	0x0c	/* DWordPrefix */
#define AML_STRING_PREFIX	0x0d	/* StringPrefix */
#define AML_QWORD_PREFIX	0x0e	/* QWordPrefix */
#define AML_SCOPE_OP		0x10	/* ScopeOp */
#define AML_BUFFER_OP		0x11	/* BufferOp */
#define AML_PACKAGE_OP		0x12	/* PackageOp */
#define AML_VAR_PACKAGE_OP	0x13	/* VarPackageOp */
#define AML_METHOD_OP		0x14	/* MethodOp */
#define AML_DUAL_NAME_PREFIX	0x2e	/* DualNamePrefix */
#define AML_MULTI_NAME_PREFIX	0x2f	/* MultiNamePrefix */
#define AML_EXT_PREFIX		0x5b	/* ExtOpPrefix */
#define AML_ROOT_CHAR		0x5c	/* RootChar '\' */
#define AML_PARENT_CHAR		0x5e	/* ParentPrefixChar '^' */
#define AML_LOCAL0_OP		0x60	/* Local0Op .. Local7Op 0x67 */
#define AML_ARG0_OP		0x68	/* Arg0Op .. Arg6Op 0x6e */
#define AML_STORE_OP		0x70	/* StoreOp */
#define AML_ADD_OP		0x72	/* AddOp */
#define AML_SUBTRACT_OP		0x74	/* SubtractOp */
#define AML_INCREMENT_OP	0x75	/* IncrementOp */
#define AML_SHIFT_LEFT_OP	0x79	/* ShiftLeftOp */
#define AML_SHIFT_RIGHT_OP	0x7a	/* ShiftRightOp */
#define AML_AND_OP		0x7b	/* AndOp */
#define AML_OR_OP		0x7d	/* OrOp */
#define AML_CREATE_DWORD_FIELD_OP 0x8a	/* CreateDWordFieldOp */
#define AML_LAND_OP		0x90	/* LandOp */
#define AML_LOR_OP		0x91	/* LorOp */
#define AML_LNOT_OP		0x92	/* LnotOp */
#define AML_LEQUAL_OP		0x93	/* LEqualOp */
#define AML_LGREATER_OP		0x94	/* LGreaterOp */
#define AML_LLESS_OP		0x95	/* LLessOp */
#define AML_IF_OP		0xa0	/* IfOp */
#define AML_ELSE_OP		0xa1	/* ElseOp */
#define AML_WHILE_OP		0xa2	/* WhileOp */
#define AML_RETURN_OP		0xa4	/* ReturnOp */
#define AML_ONES_OP		0xff	/* OnesOp */
#define AML_EXT_REGION_OP	0x80	/* ExtOpPrefix 0x80: OpRegionOp */
#define AML_EXT_FIELD_OP	0x81	/* ExtOpPrefix 0x81: FieldOp */
#define AML_EXT_DEVICE_OP	0x82	/* ExtOpPrefix 0x82: DeviceOp */

/* Resource descriptor tags (ACPI 6.4 section 6.4.2 small, 6.4.3 large) */
#define RES_IRQ			0x20	/* small item 0x04 << 3 | length 2 or 3 */
#define RES_IO			0x47	/* small item 0x08 << 3 | length 7 */
#define RES_END_TAG		0x79	/* small item 0x0f << 3 | length 1 */
#define RES_MEMORY32_FIXED	0x86	/* large item 0x06 */
#define RES_DWORD_ADDRESS	0x87	/* large item 0x07 */
#define RES_WORD_ADDRESS	0x88	/* large item 0x08 */
#define RES_EXT_INTERRUPT	0x89	/* large item 0x09 */
#define RES_QWORD_ADDRESS	0x8a	/* large item 0x0a */
#define RES_TYPE_MEMORY		0
#define RES_TYPE_IO		1
#define RES_TYPE_BUS		2
/* General flags: bit 0 consumer, bit 1 subtractive decode, bit 2 _MIF, bit 3 _MAF */
#define RES_GEN_MIF		(1u << 2)
#define RES_GEN_MAF		(1u << 3)

static void fail(struct aml_ctx *c, const char *why)
{
	if (!c->error)
		c->error = why;
}

void aml_init(struct aml_ctx *c, struct aml *nodes, size_t max_nodes, uint8_t *bytes, size_t max_bytes)
{
	memset(c, 0, sizeof(*c));
	c->nodes = nodes;
	c->max_nodes = max_nodes > UINT32_MAX ? UINT32_MAX : (uint32_t)max_nodes;
	c->bytes = bytes;
	c->max_bytes = max_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)max_bytes;
	c->sink.kind = K_SINK;
	c->sink.ctx = c;
}

static struct aml *node_new(struct aml_ctx *c, enum aml_kind kind, uint32_t nbytes)
{
	if (c->error)
		return &c->sink;
	if (c->nnodes >= c->max_nodes) {
		fail(c, "aml: node arena exhausted");
		return &c->sink;
	}
	if (nbytes > c->max_bytes - c->nbytes) {
		fail(c, "aml: byte arena exhausted");
		return &c->sink;
	}
	struct aml *n = &c->nodes[c->nnodes++];
	memset(n, 0, sizeof(*n));
	n->ctx = c;
	n->kind = (uint8_t)kind;
	n->off = c->nbytes;
	n->len = nbytes;
	c->nbytes += nbytes;
	return n;
}

static uint8_t *node_bytes(struct aml *n)
{
	return n->ctx->bytes + n->off;
}

struct aml *aml_append(struct aml *parent, struct aml *child)
{
	if (!parent || !child || parent->kind == K_SINK || child->kind == K_SINK)
		return parent;
	struct aml_ctx *c = parent->ctx;
	if (child->ctx != c) {
		fail(c, "aml: node from another arena");
		return parent;
	}
	if (parent->kind == K_RAW) {
		fail(c, "aml: append to a leaf node");
		return parent;
	}
	if (child->parent) {
		fail(c, "aml: node appended twice");
		return parent;
	}
	for (struct aml *p = parent; p; p = p->parent) {
		if (p == child) {
			fail(c, "aml: append would create a cycle");
			return parent;
		}
	}
	if (parent->nchild == UINT16_MAX) {
		fail(c, "aml: too many children");
		return parent;
	}
	child->parent = parent;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	parent->nchild++;
	return parent;
}

/* ---- encodings ---- */

/*
 * PkgLength (ACPI 6.4 section 20.2.4): the value counts the PkgLength bytes themselves.
 * One byte holds up to 63; otherwise bits 7:6 of the lead byte give the count of following
 * bytes (1..3), bits 3:0 the low nibble, and each following byte the next 8 bits.
 */
static unsigned pkglen_bytes_for_value(uint32_t value, uint8_t out[4], unsigned nbytes)
{
	if (nbytes == 1) {
		out[0] = (uint8_t)value;
		return 1;
	}
	out[0] = (uint8_t)(((nbytes - 1) << 6) | (value & 0x0f));
	for (unsigned i = 1; i < nbytes; i++)
		out[i] = (uint8_t)(value >> (4 + 8 * (i - 1)));
	return nbytes;
}

static unsigned pkglen_size(uint32_t content_len)
{
	if (content_len + 1 <= 0x3f)
		return 1;
	if (content_len + 2 <= 0xfff)
		return 2;
	if (content_len + 3 <= 0xfffff)
		return 3;
	if (content_len <= 0xfffffff - 4)
		return 4;
	return 0;
}

unsigned aml_pkglen_encode(uint32_t content_len, uint8_t out[4])
{
	unsigned n = pkglen_size(content_len);
	if (!n)
		return 0;
	return pkglen_bytes_for_value(content_len + n, out, n);
}

/* A PkgLength holding a plain value (FieldElement bit counts do not count themselves). */
static unsigned pkglen_encode_value(uint32_t value, uint8_t out[4])
{
	unsigned n = value <= 0x3f ? 1 : value <= 0xfff ? 2 : value <= 0xfffff ? 3 : 4;
	if (value > 0xfffffff)
		return 0;
	return pkglen_bytes_for_value(value, out, n);
}

/* Longest NameString accepted: 32 parent prefixes or a root char, 16 segments. */
#define AML_NAME_MAX (32 + 2 + 16 * 4)

static bool lead_name_char(char ch) { return (ch >= 'A' && ch <= 'Z') || ch == '_'; }
static bool name_char(char ch) { return lead_name_char(ch) || (ch >= '0' && ch <= '9'); }

/*
 * NameString (20.2.2): [\ | ^...] then NullName, NameSeg, DualNamePath or MultiNamePath.
 * Dotted segments shorter than 4 characters are padded with '_'.
 */
size_t aml_namestring_encode(const char *path, uint8_t *out, size_t cap)
{
	uint8_t tmp[AML_NAME_MAX];
	size_t n = 0;
	const char *p = path;

	if (!path)
		return 0;
	if (*p == '\\') {
		tmp[n++] = AML_ROOT_CHAR;
		p++;
	} else {
		while (*p == '^') {
			if (n >= 32)
				return 0;
			tmp[n++] = AML_PARENT_CHAR;
			p++;
		}
	}
	/* count segments */
	unsigned nseg = 0;
	if (*p) {
		nseg = 1;
		for (const char *q = p; *q; q++)
			if (*q == '.')
				nseg++;
	}
	if (nseg > 16 || n + 2 + 4 * (size_t)nseg > sizeof(tmp))
		return 0;
	if (nseg == 0)
		tmp[n++] = 0x00;	/* NullName */
	else if (nseg == 2)
		tmp[n++] = AML_DUAL_NAME_PREFIX;
	else if (nseg > 2) {
		tmp[n++] = AML_MULTI_NAME_PREFIX;
		tmp[n++] = (uint8_t)nseg;
	}
	for (unsigned s = 0; s < nseg; s++) {
		unsigned len = 0;
		while (p[len] && p[len] != '.')
			len++;
		if (len == 0 || len > 4 || !lead_name_char(p[0]))
			return 0;
		for (unsigned i = 0; i < 4; i++) {
			char ch = i < len ? p[i] : '_';
			if (!name_char(ch))
				return 0;
			tmp[n++] = (uint8_t)ch;
		}
		p += len;
		if (*p == '.')
			p++;
	}
	if (n > cap)
		return 0;
	memcpy(out, tmp, n);
	return n;
}

/* Appends a NameString to a fresh node's bytes; size known in advance. */
static struct aml *node_with_name(struct aml_ctx *c, enum aml_kind kind, const uint8_t *pre, unsigned npre,
				  const char *path, const uint8_t *post, unsigned npost)
{
	uint8_t name[AML_NAME_MAX];
	size_t nl = aml_namestring_encode(path, name, sizeof(name));
	if (!nl) {
		fail(c, "aml: malformed name");
		return &c->sink;
	}
	struct aml *n = node_new(c, kind, (uint32_t)(npre + nl + npost));
	if (n->kind == K_SINK)
		return n;
	uint8_t *b = node_bytes(n);
	if (npre)
		memcpy(b, pre, npre);
	memcpy(b + npre, name, nl);
	if (npost)
		memcpy(b + npre + nl, post, npost);
	return n;
}

/* Integer encoding into out (at most 9 bytes); returns the length. */
static unsigned int_encode(uint64_t v, uint8_t *out)
{
	if (v == 0) {
		out[0] = AML_ZERO_OP;
		return 1;
	}
	if (v == 1) {
		out[0] = AML_ONE_OP;
		return 1;
	}
	if (v == UINT64_MAX) {
		out[0] = AML_ONES_OP;
		return 1;
	}
	if (v <= 0xff) {
		out[0] = AML_BYTE_PREFIX;
		out[1] = (uint8_t)v;
		return 2;
	}
	if (v <= 0xffff) {
		out[0] = AML_WORD_PREFIX;
		put_le16(out + 1, (uint16_t)v);
		return 3;
	}
	if (v <= 0xffffffffu) {
		out[0] = AML_DWORD_PREFIX;
		put_le32(out + 1, (uint32_t)v);
		return 5;
	}
	out[0] = AML_QWORD_PREFIX;
	put_le64(out + 1, v);
	return 9;
}

static struct aml *raw_kind(struct aml_ctx *c, const uint8_t *b, size_t len, enum aml_kind kind)
{
	if (len > UINT32_MAX) {
		fail(c, "aml: object too large");
		return &c->sink;
	}
	struct aml *n = node_new(c, kind, (uint32_t)len);
	if (n->kind != K_SINK && len)
		memcpy(node_bytes(n), b, len);
	return n;
}

static struct aml *raw(struct aml_ctx *c, const uint8_t *b, size_t len)
{
	return raw_kind(c, b, len, K_RAW);
}

/* Opcode node with children (no PkgLength). */
static struct aml *seq(struct aml_ctx *c, const uint8_t *op, unsigned nop)
{
	return raw_kind(c, op, nop, K_SEQ);
}

/* ---- serialisation ---- */

static uint32_t node_extra(struct aml *n, uint32_t children)
{
	/* bytes computed at serialisation that sit between the head and the children */
	uint8_t tmp[9];
	switch (n->kind) {
	case K_PACKAGE:
		return n->nchild > 255 ? int_encode(n->nchild, tmp) : 1;
	case K_BUFFER:
		return int_encode(children, tmp);
	case K_RESTPL:
		return int_encode(children + 2, tmp);
	default:
		return 0;
	}
}

/* Computes n->size for the subtree; returns false when something does not fit. */
static bool measure(struct aml *n, unsigned depth)
{
	if (depth > 64) {
		fail(n->ctx, "aml: nesting too deep");
		return false;
	}
	uint64_t children = 0;
	for (struct aml *ch = n->first; ch; ch = ch->next) {
		if (!measure(ch, depth + 1))
			return false;
		children += ch->size;
	}
	if (n->kind == K_RESTPL)
		children += 2;	/* EndTag */
	if (children > 0xfffffff) {
		fail(n->ctx, "aml: object too large");
		return false;
	}
	uint64_t total;
	switch (n->kind) {
	case K_RAW:
	case K_SEQ:
		total = n->len + children;
		break;
	case K_PKG:
	case K_PACKAGE:
	case K_BUFFER:
	case K_RESTPL: {
		uint32_t body_children = (uint32_t)children - (n->kind == K_RESTPL ? 2 : 0);
		uint64_t content = (n->len - n->nop) + node_extra(n, body_children) + children;
		unsigned pl = content <= 0xfffffff ? pkglen_size((uint32_t)content) : 0;
		if (!pl) {
			fail(n->ctx, "aml: object too large");
			return false;
		}
		/* Package and Buffer opcodes are chosen at serialisation, not stored */
		total = (n->kind == K_PKG ? n->nop : 1u) + pl + content;
		break;
	}
	default:
		total = 0;
		break;
	}
	if (total > 0xfffffff) {
		fail(n->ctx, "aml: object too large");
		return false;
	}
	n->size = (uint32_t)total;
	return true;
}

static uint8_t *emit(struct aml *n, uint8_t *out)
{
	const uint8_t *b = node_bytes(n);

	switch (n->kind) {
	case K_RAW:
	case K_SEQ:
		if (n->len)
			memcpy(out, b, n->len);
		out += n->len;
		break;
	case K_PKG:
	case K_PACKAGE:
	case K_BUFFER:
	case K_RESTPL: {
		uint32_t children = 0;
		for (struct aml *ch = n->first; ch; ch = ch->next)
			children += ch->size;
		uint32_t extra = node_extra(n, children);
		uint32_t content = (n->len - n->nop) + extra + children + (n->kind == K_RESTPL ? 2 : 0);
		if (n->kind == K_PACKAGE)
			*out++ = n->nchild > 255 ? AML_VAR_PACKAGE_OP : AML_PACKAGE_OP;
		else if (n->kind == K_BUFFER || n->kind == K_RESTPL)
			*out++ = AML_BUFFER_OP;
		else {
			memcpy(out, b, n->nop);
			out += n->nop;
		}
		out += aml_pkglen_encode(content, out);
		if (n->len > n->nop)
			memcpy(out, b + n->nop, n->len - n->nop);
		out += n->len - n->nop;
		if (n->kind == K_PACKAGE) {
			if (n->nchild > 255)
				out += int_encode(n->nchild, out);
			else
				*out++ = (uint8_t)n->nchild;
		} else if (n->kind == K_BUFFER) {
			out += int_encode(children, out);
		} else if (n->kind == K_RESTPL) {
			out += int_encode(children + 2, out);
		}
		break;
	}
	default:
		break;
	}
	for (struct aml *ch = n->first; ch; ch = ch->next)
		out = emit(ch, out);
	if (n->kind == K_RESTPL) {
		/* EndTag; a checksum of 0 means "treat as correct" (6.4.2.9) */
		*out++ = RES_END_TAG;
		*out++ = 0x00;
	}
	return out;
}

size_t aml_size(struct aml *root)
{
	if (!root || root->kind == K_SINK || root->ctx->error)
		return 0;
	if (!measure(root, 0))
		return 0;
	return root->size;
}

size_t aml_serialize(struct aml *root, uint8_t *out, size_t cap)
{
	size_t n = aml_size(root);
	if (!n)
		return 0;
	if (n > cap) {
		fail(root->ctx, "aml: output buffer too small");
		return 0;
	}
	uint8_t *end = emit(root, out);
	if ((size_t)(end - out) != n) {
		fail(root->ctx, "aml: internal size mismatch");
		return 0;
	}
	return n;
}

/* ---- containers ---- */

static struct aml *pkg_named(struct aml_ctx *c, const uint8_t *op, unsigned nop, const char *path,
			     const uint8_t *post, unsigned npost)
{
	struct aml *n = node_with_name(c, K_PKG, op, nop, path, post, npost);
	n->nop = (uint8_t)nop;
	return n;
}

/* (DefinitionBlock body) */
struct aml *aml_block(struct aml_ctx *c)
{
	return raw_kind(c, NULL, 0, K_SEQ);
}

/* Scope (path) { }  -- DefScope := ScopeOp PkgLength NameString TermList */
struct aml *aml_scope(struct aml_ctx *c, const char *path)
{
	static const uint8_t op[] = { AML_SCOPE_OP };
	return pkg_named(c, op, 1, path, NULL, 0);
}

/* Device (path) { }  -- DefDevice := DeviceOp PkgLength NameString TermList */
struct aml *aml_device(struct aml_ctx *c, const char *path)
{
	static const uint8_t op[] = { AML_EXT_PREFIX, AML_EXT_DEVICE_OP };
	return pkg_named(c, op, 2, path, NULL, 0);
}

/* Method (path, nargs, Serialized) { }  -- DefMethod := MethodOp PkgLength NameString MethodFlags TermList
 * MethodFlags: bits 2:0 ArgCount, bit 3 SerializeFlag, bits 7:4 SyncLevel (0). */
struct aml *aml_method(struct aml_ctx *c, const char *path, unsigned nargs, bool serialized)
{
	static const uint8_t op[] = { AML_METHOD_OP };
	if (nargs > 7) {
		fail(c, "aml: method with more than 7 arguments");
		return &c->sink;
	}
	uint8_t flags = (uint8_t)(nargs | (serialized ? 0x08 : 0));
	return pkg_named(c, op, 1, path, &flags, 1);
}

static struct aml *pkg_plain(struct aml_ctx *c, uint8_t op)
{
	struct aml *n = raw_kind(c, &op, 1, K_PKG);
	n->nop = 1;
	return n;
}

/* If (predicate) { }  -- DefIfElse := IfOp PkgLength Predicate TermList DefElse */
struct aml *aml_if(struct aml_ctx *c, struct aml *predicate)
{
	struct aml *n = pkg_plain(c, AML_IF_OP);
	return aml_append(n, predicate);
}

/* Else { }  -- DefElse := ElseOp PkgLength TermList */
struct aml *aml_else(struct aml_ctx *c)
{
	return pkg_plain(c, AML_ELSE_OP);
}

/* While (predicate) { }  -- DefWhile := WhileOp PkgLength Predicate TermList */
struct aml *aml_while(struct aml_ctx *c, struct aml *predicate)
{
	struct aml *n = pkg_plain(c, AML_WHILE_OP);
	return aml_append(n, predicate);
}

/* ---- data ---- */

/* 0x1234  -- ComputationalData: ZeroOp | OneOp | OnesOp | ByteConst | WordConst | DWordConst | QWordConst */
struct aml *aml_int(struct aml_ctx *c, uint64_t v)
{
	uint8_t b[9];
	return raw(c, b, int_encode(v, b));
}

/* "text"  -- String := StringPrefix AsciiCharList NullChar */
struct aml *aml_string(struct aml_ctx *c, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i++) {
		if ((uint8_t)s[i] > 0x7f) {
			fail(c, "aml: non-ASCII string");
			return &c->sink;
		}
	}
	struct aml *n = node_new(c, K_RAW, (uint32_t)len + 2);
	if (n->kind == K_SINK)
		return n;
	uint8_t *b = node_bytes(n);
	b[0] = AML_STRING_PREFIX;
	memcpy(b + 1, s, len);
	b[len + 1] = 0;
	return n;
}

/* Buffer () { 0x.., ... }  -- DefBuffer := BufferOp PkgLength BufferSize ByteList */
struct aml *aml_buffer(struct aml_ctx *c, const uint8_t *data, size_t len)
{
	struct aml *n = raw_kind(c, NULL, 0, K_BUFFER);
	if (len)
		aml_append(n, raw(c, data, len));
	return n;
}

/* Package () { }  -- DefPackage := PackageOp PkgLength NumElements PackageElementList */
struct aml *aml_package(struct aml_ctx *c)
{
	return raw_kind(c, NULL, 0, K_PACKAGE);
}

/* EISA id: three letters (5 bits each, 'A' = 1) and four hex digits, stored big-endian. */
uint32_t aml_eisaid_value(const char *id)
{
	if (!id || strlen(id) != 7)
		return 0;
	uint32_t v = 0;
	for (int i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z')
			return 0;
		v = v << 5 | (uint32_t)(id[i] - 'A' + 1);
	}
	for (int i = 3; i < 7; i++) {
		char ch = id[i];
		uint32_t d;
		if (ch >= '0' && ch <= '9')
			d = (uint32_t)(ch - '0');
		else if (ch >= 'A' && ch <= 'F')
			d = (uint32_t)(ch - 'A' + 10);
		else
			return 0;
		v = v << 4 | d;
	}
	/* v is now 0b0 AAAAA BBBBB CCCCC followed by 16 bits of product id; bytes go out MSB first */
	return (v >> 24 & 0xff) | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | (v << 24 & 0xff000000u);
}

/* EisaId ("PNP0A03") */
struct aml *aml_eisaid(struct aml_ctx *c, const char *id)
{
	uint32_t v = aml_eisaid_value(id);
	if (!v) {
		fail(c, "aml: malformed EISA id");
		return &c->sink;
	}
	uint8_t b[5] = { AML_DWORD_PREFIX };
	put_le32(b + 1, v);
	return raw(c, b, sizeof(b));
}

/* PATH  -- NameString */
struct aml *aml_name(struct aml_ctx *c, const char *path)
{
	return node_with_name(c, K_RAW, NULL, 0, path, NULL, 0);
}

/* Name (PATH, value)  -- DefName := NameOp NameString DataRefObject */
struct aml *aml_name_decl(struct aml_ctx *c, const char *path, struct aml *value)
{
	static const uint8_t op[] = { AML_NAME_OP };
	struct aml *n = node_with_name(c, K_SEQ, op, 1, path, NULL, 0);
	return aml_append(n, value);
}

/* Name (PATH, 0x...)  -- DefName with the integer in the same node */
struct aml *aml_name_int(struct aml_ctx *c, const char *path, uint64_t v)
{
	static const uint8_t op[] = { AML_NAME_OP };
	uint8_t b[9];
	unsigned n = int_encode(v, b);
	return node_with_name(c, K_RAW, op, 1, path, b, n);
}

/* LocalN  -- LocalObj */
struct aml *aml_local(struct aml_ctx *c, unsigned n)
{
	if (n > 7) {
		fail(c, "aml: no such Local");
		return &c->sink;
	}
	uint8_t b = (uint8_t)(AML_LOCAL0_OP + n);
	return raw(c, &b, 1);
}

/* ArgN  -- ArgObj */
struct aml *aml_arg(struct aml_ctx *c, unsigned n)
{
	if (n > 6) {
		fail(c, "aml: no such Arg");
		return &c->sink;
	}
	uint8_t b = (uint8_t)(AML_ARG0_OP + n);
	return raw(c, &b, 1);
}

/* ---- statements and operators ---- */

static struct aml *op1(struct aml_ctx *c, uint8_t op, struct aml *a)
{
	struct aml *n = seq(c, &op, 1);
	aml_append(n, a);
	return n;
}

static struct aml *op2(struct aml_ctx *c, uint8_t op, struct aml *a, struct aml *b)
{
	struct aml *n = op1(c, op, a);
	aml_append(n, b);
	return n;
}

/* Target := SuperName | NullName */
static struct aml *target_or_null(struct aml_ctx *c, struct aml *t)
{
	static const uint8_t null_name = 0x00;
	return t ? t : raw(c, &null_name, 1);
}

static struct aml *op2t(struct aml_ctx *c, uint8_t op, struct aml *a, struct aml *b, struct aml *t)
{
	struct aml *n = op2(c, op, a, b);
	aml_append(n, target_or_null(c, t));
	return n;
}

/* Return (value)  -- DefReturn := ReturnOp ArgObject */
struct aml *aml_return(struct aml_ctx *c, struct aml *value) { return op1(c, AML_RETURN_OP, value); }
/* Store (src, dst)  -- DefStore := StoreOp TermArg SuperName */
struct aml *aml_store(struct aml_ctx *c, struct aml *src, struct aml *dst) { return op2(c, AML_STORE_OP, src, dst); }
/* And (a, b, t)  -- DefAnd := AndOp Operand Operand Target */
struct aml *aml_and(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *t) { return op2t(c, AML_AND_OP, a, b, t); }
/* Or (a, b, t)  -- DefOr := OrOp Operand Operand Target */
struct aml *aml_or(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *t) { return op2t(c, AML_OR_OP, a, b, t); }
/* Add (a, b, t)  -- DefAdd := AddOp Operand Operand Target */
struct aml *aml_add(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *t) { return op2t(c, AML_ADD_OP, a, b, t); }
/* Subtract (a, b, t)  -- DefSubtract := SubtractOp Operand Operand Target */
struct aml *aml_subtract(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *t) { return op2t(c, AML_SUBTRACT_OP, a, b, t); }
/* ShiftLeft (a, b, t)  -- DefShiftLeft := ShiftLeftOp Operand ShiftCount Target */
struct aml *aml_shiftleft(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *t) { return op2t(c, AML_SHIFT_LEFT_OP, a, b, t); }
/* ShiftRight (a, b, t)  -- DefShiftRight := ShiftRightOp Operand ShiftCount Target */
struct aml *aml_shiftright(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *t) { return op2t(c, AML_SHIFT_RIGHT_OP, a, b, t); }
/* Increment (x)  -- DefIncrement := IncrementOp SuperName */
struct aml *aml_increment(struct aml_ctx *c, struct aml *x) { return op1(c, AML_INCREMENT_OP, x); }
/* LEqual (a, b)  -- DefLEqual := LequalOp Operand Operand */
struct aml *aml_lequal(struct aml_ctx *c, struct aml *a, struct aml *b) { return op2(c, AML_LEQUAL_OP, a, b); }
/* LLess (a, b)  -- DefLLess := LlessOp Operand Operand */
struct aml *aml_lless(struct aml_ctx *c, struct aml *a, struct aml *b) { return op2(c, AML_LLESS_OP, a, b); }
/* LGreater (a, b)  -- DefLGreater := LgreaterOp Operand Operand */
struct aml *aml_lgreater(struct aml_ctx *c, struct aml *a, struct aml *b) { return op2(c, AML_LGREATER_OP, a, b); }
/* LAnd (a, b)  -- DefLAnd := LandOp Operand Operand */
struct aml *aml_land(struct aml_ctx *c, struct aml *a, struct aml *b) { return op2(c, AML_LAND_OP, a, b); }
/* LOr (a, b)  -- DefLOr := LorOp Operand Operand */
struct aml *aml_lor(struct aml_ctx *c, struct aml *a, struct aml *b) { return op2(c, AML_LOR_OP, a, b); }
/* LNot (a)  -- DefLNot := LnotOp Operand */
struct aml *aml_lnot(struct aml_ctx *c, struct aml *a) { return op1(c, AML_LNOT_OP, a); }

/* PATH (a0, a1, ...)  -- MethodInvocation := NameString TermArgList */
struct aml *aml_call(struct aml_ctx *c, const char *path, unsigned nargs, struct aml *const *args)
{
	if (nargs > 7) {
		fail(c, "aml: call with more than 7 arguments");
		return &c->sink;
	}
	struct aml *n = node_with_name(c, K_SEQ, NULL, 0, path, NULL, 0);
	for (unsigned i = 0; i < nargs; i++)
		aml_append(n, args[i]);
	return n;
}

/* CreateDWordField (buffer, index, NAME)  -- DefCreateDWordField := CreateDWordFieldOp SourceBuff ByteIndex NameString */
struct aml *aml_create_dword_field(struct aml_ctx *c, struct aml *buffer, struct aml *index, const char *name)
{
	struct aml *n = op2(c, AML_CREATE_DWORD_FIELD_OP, buffer, index);
	return aml_append(n, aml_name(c, name));
}

/* ---- operation regions and fields ---- */

/* OperationRegion (NAME, space, offset, length)
 * -- DefOpRegion := OpRegionOp NameString RegionSpace RegionOffset RegionLen */
struct aml *aml_operation_region(struct aml_ctx *c, const char *name, enum aml_region_space space,
				 uint64_t offset, uint64_t length)
{
	static const uint8_t op[] = { AML_EXT_PREFIX, AML_EXT_REGION_OP };
	uint8_t sp = (uint8_t)space;
	struct aml *n = node_with_name(c, K_SEQ, op, 2, name, &sp, 1);
	aml_append(n, aml_int(c, offset));
	return aml_append(n, aml_int(c, length));
}

/* Field (REGION, access, lock, update) { }
 * -- DefField := FieldOp PkgLength NameString FieldFlags FieldList
 * FieldFlags: bits 3:0 AccessType, bit 4 LockRule, bits 6:5 UpdateRule. */
struct aml *aml_field(struct aml_ctx *c, const char *region, enum aml_access access, bool lock,
		      enum aml_update update)
{
	static const uint8_t op[] = { AML_EXT_PREFIX, AML_EXT_FIELD_OP };
	uint8_t flags = (uint8_t)((access & 0x0f) | (lock ? 0x10 : 0) | ((update & 3) << 5));
	return pkg_named(c, op, 2, region, &flags, 1);
}

/* NAME, bits  -- NamedField := NameSeg PkgLength;  , bits  -- ReservedField := 0x00 PkgLength */
struct aml *aml_field_unit(struct aml_ctx *c, const char *name, uint32_t bits)
{
	uint8_t b[8];
	unsigned n = 0;
	if (name) {
		size_t nl = aml_namestring_encode(name, b, sizeof(b));
		if (nl != 4) {	/* a single NameSeg, no prefixes */
			fail(c, "aml: field unit name must be one NameSeg");
			return &c->sink;
		}
		n = 4;
	} else {
		b[n++] = 0x00;
	}
	unsigned pl = pkglen_encode_value(bits, b + n);
	if (!pl) {
		fail(c, "aml: field unit too large");
		return &c->sink;
	}
	return raw(c, b, n + pl);
}

/* ---- resource templates ---- */

/* ResourceTemplate () { }  (EndTag appended at serialisation) */
struct aml *aml_resource_template(struct aml_ctx *c)
{
	return raw_kind(c, NULL, 0, K_RESTPL);
}

/* IO (Decode16, min, max, align, len)  -- I/O Port Descriptor (6.4.2.5), info bit 0: 16-bit decode */
struct aml *aml_io(struct aml_ctx *c, uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
	uint8_t b[8] = { RES_IO, 0x01 };
	put_le16(b + 2, min);
	put_le16(b + 4, max);
	b[6] = align;
	b[7] = len;
	return raw(c, b, sizeof(b));
}

/* IRQNoFlags () { irq }  -- IRQ Descriptor (6.4.2.1), 2-byte form */
struct aml *aml_irq_no_flags(struct aml_ctx *c, unsigned irq)
{
	if (irq > 15) {
		fail(c, "aml: ISA IRQ above 15");
		return &c->sink;
	}
	uint8_t b[3] = { RES_IRQ | 2 };
	put_le16(b + 1, (uint16_t)(1u << irq));
	return raw(c, b, sizeof(b));
}

/* IRQ (Edge|Level, ActiveHigh|ActiveLow, Exclusive|Shared) { irq }  -- 3-byte form;
 * flags: bit 0 _HE (1 = edge), bit 3 _LL (1 = active low), bit 4 _SHR */
struct aml *aml_irq(struct aml_ctx *c, unsigned irq, bool level, bool active_low, bool shared)
{
	if (irq > 15) {
		fail(c, "aml: ISA IRQ above 15");
		return &c->sink;
	}
	uint8_t b[4] = { RES_IRQ | 3 };
	put_le16(b + 1, (uint16_t)(1u << irq));
	b[3] = (uint8_t)((level ? 0 : 0x01) | (active_low ? 0x08 : 0) | (shared ? 0x10 : 0));
	return raw(c, b, sizeof(b));
}

/* Interrupt (consumer, Level|Edge, ActiveHigh|ActiveLow, Exclusive|Shared) { irqs }
 * -- Extended Interrupt Descriptor (6.4.3.6); flags: bit 0 consumer, bit 1 _HE, bit 2 _LL, bit 3 _SHR */
struct aml *aml_interrupt(struct aml_ctx *c, bool consumer, bool level, bool active_low, bool shared,
			  const uint32_t *irqs, unsigned n)
{
	uint8_t b[5 + 4 * 32];
	if (n == 0 || n > 32) {
		fail(c, "aml: Interrupt() needs 1..32 interrupts");
		return &c->sink;
	}
	b[0] = RES_EXT_INTERRUPT;
	put_le16(b + 1, (uint16_t)(2 + 4 * n));
	b[3] = (uint8_t)((consumer ? 0x01 : 0) | (level ? 0 : 0x02) | (active_low ? 0x04 : 0) | (shared ? 0x08 : 0));
	b[4] = (uint8_t)n;
	for (unsigned i = 0; i < n; i++)
		put_le32(b + 5 + 4 * i, irqs[i]);
	return raw(c, b, 5 + 4 * n);
}

/* Memory32Fixed (ReadWrite|ReadOnly, base, len)  -- 6.4.3.4, info bit 0: read-write */
struct aml *aml_memory32_fixed(struct aml_ctx *c, uint32_t base, uint32_t len, bool read_write)
{
	uint8_t b[12] = { RES_MEMORY32_FIXED, 9, 0, read_write ? 0x01 : 0x00 };
	put_le32(b + 4, base);
	put_le32(b + 8, len);
	return raw(c, b, sizeof(b));
}

/*
 * Address space descriptors (6.4.3.5.1-3): tag, length, resource type, general flags,
 * type-specific flags, then granularity, min, max, translation, length, each `width` bytes.
 */
static struct aml *addr_space(struct aml_ctx *c, uint8_t tag, unsigned width, uint8_t type, uint8_t tflags,
			      uint64_t min, uint64_t max)
{
	uint8_t b[6 + 5 * 8];
	if (max < min) {
		fail(c, "aml: address range with max below min");
		return &c->sink;
	}
	uint64_t len = max - min + 1;
	b[0] = tag;
	put_le16(b + 1, (uint16_t)(3 + 5 * width));
	b[3] = type;
	b[4] = RES_GEN_MIF | RES_GEN_MAF;	/* producer, positive decode, min and max fixed */
	b[5] = tflags;
	uint64_t v[5] = { 0, min, max, 0, len };
	for (unsigned i = 0; i < 5; i++) {
		uint8_t *p = b + 6 + width * i;
		if (width == 2)
			put_le16(p, (uint16_t)v[i]);
		else if (width == 4)
			put_le32(p, (uint32_t)v[i]);
		else
			put_le64(p, v[i]);
	}
	return raw(c, b, 6 + 5 * width);
}

/* WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0, min, max, 0, len) */
struct aml *aml_word_bus_number(struct aml_ctx *c, uint16_t min, uint16_t max)
{
	return addr_space(c, RES_WORD_ADDRESS, 2, RES_TYPE_BUS, 0, min, max);
}

/* WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, len)
 * I/O flags: bits 1:0 _RNG = 3 (ISA and non-ISA ranges) */
struct aml *aml_word_io(struct aml_ctx *c, uint16_t min, uint16_t max)
{
	return addr_space(c, RES_WORD_ADDRESS, 2, RES_TYPE_IO, 0x03, min, max);
}

/* DWordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, len) */
struct aml *aml_dword_io(struct aml_ctx *c, uint32_t min, uint32_t max)
{
	return addr_space(c, RES_DWORD_ADDRESS, 4, RES_TYPE_IO, 0x03, min, max);
}

/* DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, cache, ReadWrite, 0, min, max, 0, len)
 * memory flags: bit 0 _RW, bits 2:1 _MEM */
struct aml *aml_dword_memory(struct aml_ctx *c, enum aml_cache cache, uint32_t min, uint32_t max)
{
	return addr_space(c, RES_DWORD_ADDRESS, 4, RES_TYPE_MEMORY, (uint8_t)(0x01 | (cache & 3) << 1), min, max);
}

/* QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, cache, ReadWrite, 0, min, max, 0, len) */
struct aml *aml_qword_memory(struct aml_ctx *c, enum aml_cache cache, uint64_t min, uint64_t max)
{
	return addr_space(c, RES_QWORD_ADDRESS, 8, RES_TYPE_MEMORY, (uint8_t)(0x01 | (cache & 3) << 1), min, max);
}

/* ---- PCI interrupt routing ---- */

/* Package () { 0xSSSSFFFF, pin, source, index }  (one node: a _PRT has up to 128 of them) */
struct aml *aml_prt_entry(struct aml_ctx *c, unsigned slot, unsigned pin, const char *source,
			  uint32_t source_index)
{
	uint8_t b[5 + 9 + 9 + AML_NAME_MAX + 9];
	unsigned n = 0;
	if (slot > 31 || pin > 3) {
		fail(c, "aml: _PRT entry slot/pin out of range");
		return &c->sink;
	}
	uint8_t body[sizeof(b)];
	unsigned m = 0;
	body[m++] = 4;					/* NumElements */
	m += int_encode((uint64_t)slot << 16 | 0xffff, body + m);	/* Address: any function */
	m += int_encode(pin, body + m);			/* Pin: 0 = INTA */
	if (source) {
		size_t nl = aml_namestring_encode(source, body + m, AML_NAME_MAX);
		if (!nl) {
			fail(c, "aml: malformed _PRT source");
			return &c->sink;
		}
		m += (unsigned)nl;
	} else {
		body[m++] = AML_ZERO_OP;
	}
	m += int_encode(source_index, body + m);	/* Source Index */
	b[n++] = AML_PACKAGE_OP;
	n += aml_pkglen_encode(m, b + n);
	memcpy(b + n, body, m);
	return raw(c, b, n + m);
}
