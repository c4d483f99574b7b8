/* AML encoder: builds ACPI Machine Language as a tree of nodes from a fixed arena, no I/O. */
#ifndef VMFW_AML_H
#define VMFW_AML_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */

/*
 * Usage (each helper's comment shows the ASL it produces):
 *
 *   struct aml_ctx c;                     arena: caller-provided node and byte pools
 *   aml_init(&c, nodes, N, bytes, M);
 *   struct aml *blk = aml_block(&c);      the TermList of a DefinitionBlock
 *   struct aml *sb = aml_scope(&c, "\\_SB");
 *   struct aml *dev = aml_device(&c, "PCI0");
 *   aml_append(dev, aml_name_decl(&c, "_HID", aml_eisaid(&c, "PNP0A03")));
 *   aml_append(sb, dev);
 *   aml_append(blk, sb);
 *   size_t n = aml_serialize(blk, out, cap);    0 when anything failed
 *
 * PkgLength, NumElements and BufferSize are computed when the tree is serialised, so
 * children may be appended in any order after their parent was created.
 * When the arena runs out (or a name is malformed) the context records the first error,
 * constructors return a harmless sink node, and aml_serialize() returns 0: callers check
 * aml_ok()/aml_error() once at the end instead of after each call.
 *
 * Spec references: ACPI 6.4, section 20 (AML grammar) and 6.4 (resource descriptors).
 */

struct aml_ctx;

/* One node. Treat as opaque; it is in the header only so that callers can size arenas. */
struct aml {
	struct aml *first, *last, *next;	/* children, in order */
	struct aml *parent;
	struct aml_ctx *ctx;
	uint32_t off, len;	/* this node's own bytes in ctx->bytes */
	uint32_t size;		/* serialised size, filled by aml_serialize */
	uint16_t nchild;
	uint8_t kind;		/* enum aml_kind in aml.c */
	uint8_t nop;		/* opcode bytes before the PkgLength (PkgLength kinds) */
};

struct aml_ctx {
	struct aml *nodes;
	uint32_t nnodes, max_nodes;
	uint8_t *bytes;
	uint32_t nbytes, max_bytes;
	const char *error;	/* first error, NULL while all is well */
	struct aml sink;	/* returned when allocation fails; swallows appends */
};

void aml_init(struct aml_ctx *c, struct aml *nodes, size_t max_nodes, uint8_t *bytes, size_t max_bytes);
static inline bool aml_ok(const struct aml_ctx *c) { return c->error == NULL; }
static inline const char *aml_error(const struct aml_ctx *c) { return c->error; }
/* Arena use so far, for logs and sizing. */
static inline uint32_t aml_nodes_used(const struct aml_ctx *c) { return c->nnodes; }
static inline uint32_t aml_bytes_used(const struct aml_ctx *c) { return c->nbytes; }

/* Append child as the last child of parent. A node can have one parent; a second append,
 * or one that would create a cycle, is an error. Returns parent. */
struct aml *aml_append(struct aml *parent, struct aml *child);

/* Serialised size of the tree (0 on error), and the tree written to out (0 on error or
 * when it does not fit in cap). */
size_t aml_size(struct aml *root);
size_t aml_serialize(struct aml *root, uint8_t *out, size_t cap);

/* ---- containers ---- */
/* A bare list of terms (a DefinitionBlock body); emits only its children. */
struct aml *aml_block(struct aml_ctx *c);
/* Scope (path) { ... } */
struct aml *aml_scope(struct aml_ctx *c, const char *path);
/* Device (path) { ... } */
struct aml *aml_device(struct aml_ctx *c, const char *path);
/* Method (path, nargs, Serialized|NotSerialized) { ... } */
struct aml *aml_method(struct aml_ctx *c, const char *path, unsigned nargs, bool serialized);
/* If (predicate) { ... } */
struct aml *aml_if(struct aml_ctx *c, struct aml *predicate);
/* Else { ... }   (append it right after its If, to the same parent) */
struct aml *aml_else(struct aml_ctx *c);
/* While (predicate) { ... } */
struct aml *aml_while(struct aml_ctx *c, struct aml *predicate);

/* ---- data ---- */
/* Zero, One, Ones, 0xNN, 0xNNNN, 0xNNNNNNNN, 0xNNNNNNNNNNNNNNNN: the smallest encoding.
 * (Ones is all 64 bits set: tables built here are revision 2, 64-bit integers.) */
struct aml *aml_int(struct aml_ctx *c, uint64_t v);
/* "text" */
struct aml *aml_string(struct aml_ctx *c, const char *s);
/* Buffer () { bytes } */
struct aml *aml_buffer(struct aml_ctx *c, const uint8_t *data, size_t len);
/* Package () { ... }   (VarPackage when more than 255 elements) */
struct aml *aml_package(struct aml_ctx *c);
/* EisaId ("PNP0A03")  -> DWord 0x030AD041 */
struct aml *aml_eisaid(struct aml_ctx *c, const char *id);
/* Encoded EISA id value, or 0 when id is not of the form AAA####. */
uint32_t aml_eisaid_value(const char *id);
/* A reference to a named object: PCI0, \_SB.PCI0, ^^LNKA  (also a method call with no args) */
struct aml *aml_name(struct aml_ctx *c, const char *path);
/* Name (path, value) */
struct aml *aml_name_decl(struct aml_ctx *c, const char *path, struct aml *value);
/* Name (path, integer) as a single node (saves arena space for _ADR, _UID, _STA) */
struct aml *aml_name_int(struct aml_ctx *c, const char *path, uint64_t v);
/* Local0..Local7, Arg0..Arg6 */
struct aml *aml_local(struct aml_ctx *c, unsigned n);
struct aml *aml_arg(struct aml_ctx *c, unsigned n);

/* ---- statements and operators ---- (target NULL means no target: NullName) */
/* Return (value) */
struct aml *aml_return(struct aml_ctx *c, struct aml *value);
/* Store (src, dst) */
struct aml *aml_store(struct aml_ctx *c, struct aml *src, struct aml *dst);
/* And (a, b, target), Or, Add, Subtract, ShiftLeft, ShiftRight */
struct aml *aml_and(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *target);
struct aml *aml_or(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *target);
struct aml *aml_add(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *target);
struct aml *aml_subtract(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *target);
struct aml *aml_shiftleft(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *target);
struct aml *aml_shiftright(struct aml_ctx *c, struct aml *a, struct aml *b, struct aml *target);
/* Increment (x) */
struct aml *aml_increment(struct aml_ctx *c, struct aml *x);
/* LEqual (a, b), LLess, LGreater, LAnd, LOr; LNot (a) */
struct aml *aml_lequal(struct aml_ctx *c, struct aml *a, struct aml *b);
struct aml *aml_lless(struct aml_ctx *c, struct aml *a, struct aml *b);
struct aml *aml_lgreater(struct aml_ctx *c, struct aml *a, struct aml *b);
struct aml *aml_land(struct aml_ctx *c, struct aml *a, struct aml *b);
struct aml *aml_lor(struct aml_ctx *c, struct aml *a, struct aml *b);
struct aml *aml_lnot(struct aml_ctx *c, struct aml *a);
/* Name (args...): method invocation with up to 7 arguments */
struct aml *aml_call(struct aml_ctx *c, const char *path, unsigned nargs, struct aml *const *args);
static inline struct aml *aml_call0(struct aml_ctx *c, const char *path)
{ return aml_call(c, path, 0, NULL); }
static inline struct aml *aml_call1(struct aml_ctx *c, const char *path, struct aml *a0)
{ return aml_call(c, path, 1, &a0); }
/* CreateDWordField (buffer, byte_index, name) */
struct aml *aml_create_dword_field(struct aml_ctx *c, struct aml *buffer, struct aml *index, const char *name);

/* ---- operation regions and fields ---- */
enum aml_region_space {
	AML_SYSTEM_MEMORY = 0x00,
	AML_SYSTEM_IO = 0x01,
	AML_PCI_CONFIG = 0x02,
};
enum aml_access { AML_ANY_ACC = 0, AML_BYTE_ACC = 1, AML_WORD_ACC = 2, AML_DWORD_ACC = 3, AML_QWORD_ACC = 4 };
enum aml_update { AML_PRESERVE = 0, AML_WRITE_AS_ONES = 1, AML_WRITE_AS_ZEROS = 2 };
/* OperationRegion (name, space, offset, length) */
struct aml *aml_operation_region(struct aml_ctx *c, const char *name, enum aml_region_space space,
				 uint64_t offset, uint64_t length);
/* Field (region, access, Lock|NoLock, update) { ... } */
struct aml *aml_field(struct aml_ctx *c, const char *region, enum aml_access access, bool lock,
		      enum aml_update update);
/* Inside a Field: NAME, bits   (name NULL: an unnamed gap, ASL ", bits" / Offset()) */
struct aml *aml_field_unit(struct aml_ctx *c, const char *name, uint32_t bits);

/* ---- resource templates (ACPI 6.4 section 6.4) ---- */
/* ResourceTemplate () { ... }  (a Buffer; the EndTag with checksum 0 is added at serialisation) */
struct aml *aml_resource_template(struct aml_ctx *c);
/* IO (Decode16, min, max, align, len) */
struct aml *aml_io(struct aml_ctx *c, uint16_t min, uint16_t max, uint8_t align, uint8_t len);
/* IRQNoFlags () { irq } */
struct aml *aml_irq_no_flags(struct aml_ctx *c, unsigned irq);
/* IRQ (Edge|Level, ActiveHigh|ActiveLow, Exclusive|Shared) { irq } */
struct aml *aml_irq(struct aml_ctx *c, unsigned irq, bool level, bool active_low, bool shared);
/* Interrupt (ResourceConsumer|Producer, Level|Edge, ActiveHigh|ActiveLow, Exclusive|Shared) { irqs } */
struct aml *aml_interrupt(struct aml_ctx *c, bool consumer, bool level, bool active_low, bool shared,
			  const uint32_t *irqs, unsigned n);
/* Memory32Fixed (ReadWrite|ReadOnly, base, len) */
struct aml *aml_memory32_fixed(struct aml_ctx *c, uint32_t base, uint32_t len, bool read_write);

/* Address space descriptors: producer, PosDecode, MinFixed, MaxFixed; length = max - min + 1. */
enum aml_cache { AML_NON_CACHEABLE = 0, AML_CACHEABLE = 1, AML_WRITE_COMBINING = 2, AML_PREFETCHABLE = 3 };
/* WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0, min, max, 0, len) */
struct aml *aml_word_bus_number(struct aml_ctx *c, uint16_t min, uint16_t max);
/* WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, len) */
struct aml *aml_word_io(struct aml_ctx *c, uint16_t min, uint16_t max);
/* DWordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, len) */
struct aml *aml_dword_io(struct aml_ctx *c, uint32_t min, uint32_t max);
/* DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, cache, ReadWrite, 0, min, max, 0, len) */
struct aml *aml_dword_memory(struct aml_ctx *c, enum aml_cache cache, uint32_t min, uint32_t max);
/* QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, cache, ReadWrite, 0, min, max, 0, len) */
struct aml *aml_qword_memory(struct aml_ctx *c, enum aml_cache cache, uint64_t min, uint64_t max);

/* ---- PCI interrupt routing ---- */
/* One _PRT entry:  Package () { 0xSSSSFFFF, pin, source, source_index }
 * source is a link device path ("LNKA", "\\_SB.GSIA") or NULL for Zero (then source_index is the GSI). */
struct aml *aml_prt_entry(struct aml_ctx *c, unsigned slot, unsigned pin, const char *source,
			  uint32_t source_index);

/* ---- low level, for tests and table code ---- */
/* Encoded PkgLength for a package whose contents (after the PkgLength) are content_len
 * bytes; writes up to 4 bytes to out and returns how many, 0 if too large. */
unsigned aml_pkglen_encode(uint32_t content_len, uint8_t out[4]);
/* NameString encoding of a path; returns the length written (0 on a malformed path). */
size_t aml_namestring_encode(const char *path, uint8_t *out, size_t cap);

#endif
