/* AML encoder checked against the separately written test decoder (tests/acpi/aml_decode.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "aml.h"
#include "aml_decode.h"
#include "test-console.h"

static struct aml nodes[4096];
static uint8_t pool[2 << 20];
static uint8_t out[2 << 20];
static char text[8 << 20];
static char err[256];
static struct aml_ctx ctx;
#define C (&ctx)

static void reset(void)
{
	aml_init(C, nodes, sizeof(nodes) / sizeof(nodes[0]), pool, sizeof(pool));
}

/* Serialises blk, decodes it, returns the text (fails the test on any error). */
static const char *roundtrip(struct aml *blk, size_t *len)
{
	size_t n = aml_serialize(blk, out, sizeof(out));
	if (!n)
		fail_msg("serialize failed: %s", aml_error(C) ? aml_error(C) : "?");
	if (aml_decode(out, n, text, sizeof(text), err, sizeof(err)))
		fail_msg("decode failed: %s", err);
	if (len)
		*len = n;
	return text;
}

static const char *one(struct aml *term, size_t *len)
{
	struct aml *blk = aml_block(C);
	aml_append(blk, term);
	return roundtrip(blk, len);
}

static void test_integers_smallest_encoding(void **state)
{
	static const struct { uint64_t v; const char *text; size_t len; } cases[] = {
		{ 0, "Zero;", 1 }, { 1, "One;", 1 }, { 2, "B(0x2);", 2 }, { 0xff, "B(0xff);", 2 },
		{ 0x100, "W(0x100);", 3 }, { 0xffff, "W(0xffff);", 3 }, { 0x10000, "D(0x10000);", 5 },
		{ 0xffffffffu, "D(0xffffffff);", 5 }, { 0x100000000ull, "Q(0x100000000);", 9 },
		{ 0xfffffffffffffffeull, "Q(0xfffffffffffffffe);", 9 }, { UINT64_MAX, "Ones;", 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		size_t len;
		const char *t = one(aml_int(C, cases[i].v), &len);
		assert_string_equal(t, cases[i].text);
		assert_int_equal(len, cases[i].len);
	}
}

/* Expected PkgLength size for a package whose contents after the PkgLength are c bytes. */
static unsigned expect_pkglen_bytes(uint32_t c)
{
	if (c + 1 < 64)
		return 1;
	for (unsigned k = 2; k <= 4; k++)
		if (c + k < (1u << (4 + 8 * (k - 1))))
			return k;
	return 0;
}

static void test_pkglen_boundaries(void **state)
{
	static const uint32_t contents[] = { 0, 1, 61, 62, 63, 64, 4092, 4093, 4094, 4095,
					     0xffffc, 0xffffd, 0xffffe, 0x100000, 0xfffffff - 4 };
	for (size_t i = 0; i < sizeof(contents) / sizeof(contents[0]); i++) {
		uint8_t b[4];
		uint32_t value;
		unsigned n = aml_pkglen_encode(contents[i], b);
		assert_int_equal(n, expect_pkglen_bytes(contents[i]));
		assert_int_equal(aml_decode_pkglen(b, n, &value), n);
		assert_int_equal(value, contents[i] + n);	/* the value counts its own bytes */
	}
	uint8_t b[4];
	assert_int_equal(aml_pkglen_encode(0xfffffff, b), 0);
}

/* Buffers whose size straddles each PkgLength boundary survive the round trip. */
static void test_buffer_lengths_roundtrip(void **state)
{
	static const size_t sizes[] = { 0, 1, 59, 60, 61, 62, 63, 64, 4088, 4089, 4090, 4091, 4092,
					0xffff5, 0xffff6, 0xffff7, 0xffff8, 0xffff9, 0x100010 };
	static uint8_t data[0x100010];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		reset();
		size_t len;
		const char *t = one(aml_buffer(C, data, sizes[i]), &len);
		char head[64];
		snprintf(head, sizeof(head), "Buffer(%zu){", sizes[i]);
		assert_true(strncmp(t, head, strlen(head)) == 0);
		/* BufferOp + PkgLength + BufferSize + data */
		unsigned bs = sizes[i] == 0 ? 1 : sizes[i] == 1 ? 1 : sizes[i] <= 0xff ? 2 : sizes[i] <= 0xffff ? 3 : 5;
		uint32_t content = (uint32_t)(bs + sizes[i]);
		assert_int_equal(len, 1 + expect_pkglen_bytes(content) + content);
		assert_memory_equal(out + len - sizes[i], data, sizes[i]);
	}
}

static void test_nested_scopes_devices_methods(void **state)
{
	reset();
	struct aml *blk = aml_block(C);
	struct aml *sb = aml_scope(C, "\\_SB");
	struct aml *pci = aml_device(C, "PCI0");
	aml_append(pci, aml_name_decl(C, "_HID", aml_eisaid(C, "PNP0A03")));
	struct aml *dev = aml_device(C, "S08");
	aml_append(dev, aml_name_decl(C, "_ADR", aml_int(C, 0x10000)));
	struct aml *m = aml_method(C, "_STA", 0, false);
	struct aml *cond = aml_if(C, aml_lequal(C, aml_arg(C, 0), aml_int(C, 0)));
	aml_append(cond, aml_return(C, aml_int(C, 0)));
	aml_append(m, cond);
	struct aml *els = aml_else(C);
	aml_append(els, aml_return(C, aml_int(C, 0x0f)));
	aml_append(m, els);
	aml_append(dev, m);
	struct aml *m2 = aml_method(C, "SRS", 1, true);
	aml_append(m2, aml_store(C, aml_and(C, aml_arg(C, 0), aml_int(C, 0x0f), NULL), aml_local(C, 0)));
	aml_append(m2, aml_or(C, aml_local(C, 0), aml_int(C, 0x80), aml_name(C, "^^PRQ0")));
	aml_append(dev, m2);
	aml_append(pci, dev);
	aml_append(sb, pci);
	aml_append(blk, sb);
	aml_append(blk, aml_name_decl(C, "\\_S5", aml_package(C)));

	/* order of appends above differs from the output order on purpose: children first */
	const char *t = roundtrip(blk, NULL);
	assert_string_equal(t,
		"Scope(\\_SB){Device(PCI0){Name(_HID,D(0x30ad041));"
		"Device(S08){Name(_ADR,D(0x10000));"
		"Method(_STA,0,N){If(LEqual(Arg0,Zero)){Return(Zero);};Else{Return(B(0xf));};};"
		"Method(SRS,1,S){Store(And(Arg0,B(0xf),Null),Local0);Or(Local0,B(0x80),^^PRQ0);};};};};"
		"Name(\\_S5,Package(0){});");
}

/* A scope large enough for a 2-byte and then a 3-byte PkgLength around nested children. */
static void test_nested_large_packages(void **state)
{
	static uint8_t data[5000];
	memset(data, 0xab, sizeof(data));
	reset();
	struct aml *blk = aml_block(C);
	struct aml *sc = aml_scope(C, "\\_SB");
	struct aml *dev = aml_device(C, "BIG");
	aml_append(dev, aml_name_decl(C, "BUF", aml_buffer(C, data, sizeof(data))));
	aml_append(sc, dev);
	aml_append(sc, aml_device(C, "SML"));
	aml_append(blk, sc);
	const char *t = roundtrip(blk, NULL);
	assert_non_null(strstr(t, "Device(BIG){Name(BUF,Buffer(5000){"));
	assert_non_null(strstr(t, "Device(SML){};};"));
}

static void test_names(void **state)
{
	static const struct { const char *path; const uint8_t *bytes; size_t n; } ok[] = {
		{ "_HID", (const uint8_t *)"_HID", 4 },
		{ "S8", (const uint8_t *)"S8__", 4 },
		{ "\\", (const uint8_t *)"\\\0", 2 },
		{ "\\_SB.PCI0", (const uint8_t *)"\\\x2e_SB_PCI0", 10 },
		{ "^^LNKA", (const uint8_t *)"^^LNKA", 6 },
		{ "A.B.C", (const uint8_t *)"\x2f\x03" "A___B___C___", 14 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint8_t b[128];
		size_t n = aml_namestring_encode(ok[i].path, b, sizeof(b));
		assert_int_equal(n, ok[i].n);
		assert_memory_equal(b, ok[i].bytes, n);
	}
	static const char *const badnames[] = { "1ABC", "ABCDE", "abcd", "A..B", "A.", "\\^A", "A-B" };
	for (size_t i = 0; i < sizeof(badnames) / sizeof(badnames[0]); i++) {
		uint8_t b[128];
		assert_int_equal(aml_namestring_encode(badnames[i], b, sizeof(b)), 0);
	}
	reset();
	struct aml *blk = aml_block(C);
	aml_append(blk, aml_name_decl(C, "1BAD", aml_int(C, 1)));
	assert_false(aml_ok(C));
	assert_int_equal(aml_serialize(blk, out, sizeof(out)), 0);
}

static void test_eisaid(void **state)
{
	/* ACPI 6.4 example: EISAID ("PNP0C09") encodes as 0x090CD041 */
	assert_int_equal(aml_eisaid_value("PNP0C09"), 0x090cd041);
	assert_int_equal(aml_eisaid_value("PNP0A03"), 0x030ad041);
	assert_int_equal(aml_eisaid_value("pnp0a03"), 0);
	assert_int_equal(aml_eisaid_value("PNP0A0"), 0);
	assert_int_equal(aml_eisaid_value("PNP0A0G"), 0);
}

static void test_strings_packages(void **state)
{
	reset();
	struct aml *pkg = aml_package(C);
	aml_append(pkg, aml_string(C, "QEMU0001"));
	aml_append(pkg, aml_int(C, 5));
	aml_append(pkg, aml_name(C, "\\_SB.LNKA"));
	assert_string_equal(one(pkg, NULL), "Package(3){\"QEMU0001\",B(0x5),\\_SB.LNKA};");

	reset();
	pkg = aml_package(C);
	for (int i = 0; i < 300; i++)
		aml_append(pkg, aml_int(C, (uint64_t)i));
	const char *t = one(pkg, NULL);
	assert_true(strncmp(t, "VarPackage(300){Zero,One,B(0x2)", 31) == 0);
}

static void test_resource_templates(void **state)
{
	static const uint32_t irqs[] = { 5, 10, 11 };
	reset();
	struct aml *rt = aml_resource_template(C);
	aml_append(rt, aml_io(C, 0x3f8, 0x3f8, 1, 8));
	aml_append(rt, aml_irq_no_flags(C, 4));
	aml_append(rt, aml_irq(C, 9, true, false, true));
	aml_append(rt, aml_interrupt(C, true, true, false, true, irqs, 3));
	aml_append(rt, aml_memory32_fixed(C, 0xfed00000, 0x400, false));
	aml_append(rt, aml_word_bus_number(C, 0, 0xff));
	aml_append(rt, aml_word_io(C, 0, 0xcf7));
	aml_append(rt, aml_dword_io(C, 0xd000, 0xffff));
	aml_append(rt, aml_dword_memory(C, AML_NON_CACHEABLE, 0xc0000000, 0xfebfffff));
	aml_append(rt, aml_qword_memory(C, AML_CACHEABLE, 0x800000000ull, 0xfffffffffull));
	const char *t = one(aml_name_decl(C, "_CRS", rt), NULL);
	assert_string_equal(t, "Name(_CRS,RT{IO(Decode16,0x3f8,0x3f8,1,8),IRQNoFlags(4),"
		"IRQ(9,Level,ActiveHigh,Shared),Interrupt(Consumer,Level,ActiveHigh,Shared){5,10,11},"
		"Memory32Fixed(ReadOnly,0xfed00000,0x400),"
		"WordBusNumber(Producer,gf=0xc,tf=0x0,0x0,0x0,0xff,0x0,0x100),"
		"WordIO(Producer,gf=0xc,tf=0x3,0x0,0x0,0xcf7,0x0,0xcf8),"
		"DWordIO(Producer,gf=0xc,tf=0x3,0x0,0xd000,0xffff,0x0,0x3000),"
		"DWordMemory(Producer,gf=0xc,tf=0x1,0x0,0xc0000000,0xfebfffff,0x0,0x3ec00000),"
		"QWordMemory(Producer,gf=0xc,tf=0x3,0x0,0x800000000,0xfffffffff,0x0,0x800000000)});");

	/* EndTag present with checksum 0 */
	size_t n = aml_serialize(aml_resource_template(C), out, sizeof(out));
	assert_int_equal(n, 6);	/* BufferOp, PkgLength, BytePrefix 2, 0x79 0x00 */
	assert_int_equal(out[2], 0x0a);
	assert_int_equal(out[3], 2);
	assert_int_equal(out[4], 0x79);
	assert_int_equal(out[5], 0x00);

	reset();
	aml_dword_memory(C, AML_CACHEABLE, 0x2000, 0x1000);
	assert_false(aml_ok(C));
	reset();
	aml_irq_no_flags(C, 16);
	assert_false(aml_ok(C));
}

static void test_regions_fields_prt(void **state)
{
	reset();
	struct aml *blk = aml_block(C);
	aml_append(blk, aml_operation_region(C, "PIRQ", AML_PCI_CONFIG, 0x60, 0x0c));
	struct aml *f = aml_field(C, "PIRQ", AML_BYTE_ACC, false, AML_PRESERVE);
	aml_append(f, aml_field_unit(C, "PRQ0", 8));
	aml_append(f, aml_field_unit(C, NULL, 32));
	aml_append(f, aml_field_unit(C, "PRQ4", 8));
	aml_append(f, aml_field_unit(C, "BIG", 0x1000));	/* 2-byte PkgLength value */
	aml_append(blk, f);
	aml_append(blk, aml_create_dword_field(C, aml_arg(C, 0), aml_int(C, 5), "IRQN"));
	struct aml *prt = aml_package(C);
	aml_append(prt, aml_prt_entry(C, 3, 1, "\\_SB.LNKB", 0));
	aml_append(prt, aml_prt_entry(C, 0x1f, 3, NULL, 23));
	aml_append(blk, aml_name_decl(C, "_PRT", prt));
	assert_string_equal(roundtrip(blk, NULL),
		"OperationRegion(PIRQ,2,B(0x60),B(0xc));"
		"Field(PIRQ,0x1){PRQ0:8,_:32,PRQ4:8,BIG:4096};"
		"CreateDWordField(Arg0,B(0x5),IRQN);"
		"Name(_PRT,Package(2){Package(4){D(0x3ffff),One,\\_SB.LNKB,Zero},"
		"Package(4){D(0x1fffff),B(0x3),Zero,B(0x17)}});");
	reset();
	aml_prt_entry(C, 32, 0, NULL, 0);
	assert_false(aml_ok(C));
}

static void test_node_arena_exhaustion(void **state)
{
	static struct aml few[8];
	static uint8_t bytes[1024];
	aml_init(C, few, 8, bytes, sizeof(bytes));
	struct aml *blk = aml_block(C);
	struct aml *sc = aml_scope(C, "\\_SB");
	for (int i = 0; i < 20; i++)
		aml_append(sc, aml_name_decl(C, "X", aml_int(C, (uint64_t)i)));
	aml_append(blk, sc);
	assert_false(aml_ok(C));
	assert_non_null(strstr(aml_error(C), "node arena exhausted"));
	assert_int_equal(aml_nodes_used(C), 8);
	assert_int_equal(aml_serialize(blk, out, sizeof(out)), 0);
	assert_int_equal(aml_size(blk), 0);
}

static void test_byte_arena_exhaustion(void **state)
{
	static struct aml many[64];
	static uint8_t bytes[40];
	aml_init(C, many, 64, bytes, sizeof(bytes));
	struct aml *blk = aml_block(C);
	aml_append(blk, aml_string(C, "a string longer than the forty-byte pool"));
	assert_false(aml_ok(C));
	assert_non_null(strstr(aml_error(C), "byte arena exhausted"));
	assert_int_equal(aml_serialize(blk, out, sizeof(out)), 0);
}

static void test_append_misuse(void **state)
{
	reset();
	struct aml *a = aml_scope(C, "A");
	struct aml *b = aml_scope(C, "B");
	aml_append(a, b);
	aml_append(b, a);	/* cycle */
	assert_false(aml_ok(C));
	assert_non_null(strstr(aml_error(C), "cycle"));

	reset();
	struct aml *x = aml_int(C, 3);
	aml_append(aml_package(C), x);
	aml_append(aml_package(C), x);	/* second parent */
	assert_non_null(strstr(aml_error(C), "twice"));

	reset();
	aml_append(aml_int(C, 1), aml_int(C, 2));	/* into a leaf */
	assert_false(aml_ok(C));
}

static void test_output_too_small(void **state)
{
	reset();
	struct aml *blk = aml_block(C);
	aml_append(blk, aml_string(C, "0123456789"));
	assert_int_equal(aml_serialize(blk, out, 5), 0);
	assert_non_null(strstr(aml_error(C), "too small"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_smallest_encoding),
		cmocka_unit_test(test_pkglen_boundaries),
		cmocka_unit_test(test_buffer_lengths_roundtrip),
		cmocka_unit_test(test_nested_scopes_devices_methods),
		cmocka_unit_test(test_nested_large_packages),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_eisaid),
		cmocka_unit_test(test_strings_packages),
		cmocka_unit_test(test_resource_templates),
		cmocka_unit_test(test_regions_fields_prt),
		cmocka_unit_test(test_node_arena_exhaustion),
		cmocka_unit_test(test_byte_arena_exhaustion),
		cmocka_unit_test(test_append_misuse),
		cmocka_unit_test(test_output_too_small),
	};
	test_console_reset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
