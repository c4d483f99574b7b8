/* Machine-type tokens, variant rules, SMBIOS parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "variant.h"
#include "test-console.h"

static enum token_parse parse(const char *s, struct machine_token *t)
{
	return token_parse(s, strlen(s), t);
}

static void tokens_valid_and_aliases(void **state)
{
	struct machine_token t;
	assert_int_equal(parse("pc-q35-7.2", &t), TOKEN_OK);
	assert_int_equal(t.family, FAMILY_Q35);
	assert_true(t.has_version);
	assert_int_equal(t.major, 7);
	assert_int_equal(t.minor, 2);
	assert_int_equal(parse("pc-i440fx-1.5", &t), TOKEN_OK);
	assert_int_equal(t.family, FAMILY_I440FX);
	assert_int_equal(t.minor, 5);
	assert_int_equal(parse("pc-i440fx-10.12", &t), TOKEN_OK);
	assert_int_equal(t.major, 10);
	assert_int_equal(t.minor, 12);
	assert_int_equal(parse("pc-1.3", &t), TOKEN_OK);	/* old i440fx spelling */
	assert_int_equal(t.family, FAMILY_I440FX);
	assert_int_equal(parse("pc", &t), TOKEN_OK);
	assert_int_equal(t.family, FAMILY_I440FX);
	assert_false(t.has_version);
	assert_int_equal(parse("q35", &t), TOKEN_OK);
	assert_int_equal(t.family, FAMILY_Q35);
	assert_int_equal(parse("pc-q35", &t), TOKEN_OK);
	assert_false(t.has_version);
	assert_int_equal(parse("pc-q35-8", &t), TOKEN_OK);
	assert_int_equal(t.major, 8);
	assert_int_equal(t.minor, 0);
	/* Trailing NUL/newline as fw_cfg strings may carry. */
	assert_int_equal(token_parse("pc-q35-2.4\n\0", 12, &t), TOKEN_OK);
	assert_int_equal(t.minor, 4);
}

static void tokens_garbage(void **state)
{
	struct machine_token t;
	assert_int_equal(parse("", &t), TOKEN_EMPTY);
	assert_int_equal(parse("microvm", &t), TOKEN_UNKNOWN_FAMILY);
	assert_int_equal(parse("pcx-1.0", &t), TOKEN_UNKNOWN_FAMILY);
	assert_int_equal(parse("pc q35", &t), TOKEN_BAD_CHARS);
	assert_int_equal(parse("pc-q35-7.2;rm", &t), TOKEN_BAD_CHARS);
	assert_int_equal(parse("pc-q35-\xc3\xa9", &t), TOKEN_BAD_CHARS);	/* non-ASCII */
	assert_int_equal(parse("pc-q35-rhel9.2.0", &t), TOKEN_BAD_VERSION);
	assert_int_equal(t.family, FAMILY_Q35);
	assert_false(t.has_version);
	assert_int_equal(parse("pc-q35-7.", &t), TOKEN_BAD_VERSION);
	assert_int_equal(parse("pc-q35-.2", &t), TOKEN_BAD_VERSION);
	assert_int_equal(parse("pc-q35-7.2.1", &t), TOKEN_BAD_VERSION);
	assert_int_equal(parse("pc-q35-123456.1", &t), TOKEN_BAD_VERSION);
	char longtok[200];
	memset(longtok, 'a', sizeof(longtok) - 1);
	longtok[sizeof(longtok) - 1] = '\0';
	assert_int_equal(parse(longtok, &t), TOKEN_TOO_LONG);
	memcpy(longtok, "pc-q35-7.2", 10);
	longtok[VARIANT_TOKEN_MAX + 1] = '\0';
	assert_int_equal(parse(longtok, &t), TOKEN_TOO_LONG);
}

static const char *pick(const char *tok, enum machine_family hw, bool *fallback)
{
	struct machine_token t;
	struct variant_choice c;
	enum token_parse r = parse(tok, &t);
	variant_select(&t, r, hw, &c);
	assert_non_null(c.rule);
	*fallback = c.fallback;
	return c.rule->variant;
}

static void rules_over_version_range(void **state)
{
	bool fb;
	/* Boundaries of every rule, as the rules table documents them. */
	assert_string_equal(pick("pc-i440fx-1.4", FAMILY_I440FX, &fb), "pc-v0");
	assert_false(fb);
	assert_string_equal(pick("pc-i440fx-1.6", FAMILY_I440FX, &fb), "pc-v0");
	assert_string_equal(pick("pc-i440fx-1.7", FAMILY_I440FX, &fb), "pc-v1");
	assert_string_equal(pick("pc-i440fx-2.4", FAMILY_I440FX, &fb), "pc-v1");
	assert_string_equal(pick("pc-i440fx-2.5", FAMILY_I440FX, &fb), "pc-v2");
	assert_string_equal(pick("pc-i440fx-7.2", FAMILY_I440FX, &fb), "pc-v2");
	assert_false(fb);
	assert_string_equal(pick("pc-q35-2.4", FAMILY_Q35, &fb), "q35-v1");
	assert_string_equal(pick("pc-q35-2.5", FAMILY_Q35, &fb), "q35-v2");
	assert_string_equal(pick("pc-q35-7.2", FAMILY_Q35, &fb), "q35-v2");
	assert_false(fb);
	/* Every version 0.0 - 12.20 of each family maps to exactly one rule of that family. */
	unsigned n;
	const struct variant_rule *rules = variant_rules(&n);
	for (unsigned fam = FAMILY_I440FX; fam <= FAMILY_Q35; fam++)
		for (unsigned maj = 0; maj <= 12; maj++)
			for (unsigned min = 0; min <= 20; min++) {
				unsigned hits = 0;
				for (unsigned i = 0; i < n; i++) {
					unsigned v = maj * 10000 + min;
					if (rules[i].family == (enum machine_family)fam &&
					    v >= rules[i].from_major * 10000 + rules[i].from_minor &&
					    v <= rules[i].to_major * 10000 + rules[i].to_minor)
						hits++;
				}
				assert_int_equal(hits, 1);
			}
	for (unsigned i = 0; i < n; i++) {
		assert_true(strlen(rules[i].why) > 20);
		assert_true(rules[i].f.fadt_revision == 1 || rules[i].f.fadt_revision == 3);
		assert_true(rules[i].f.rsdp_revision == 0 || rules[i].f.rsdp_revision == 2);
	}
}

static void defaults_and_contradictions(void **state)
{
	bool fb;
	assert_string_equal(pick("pc", FAMILY_I440FX, &fb), "pc-v2");
	assert_true(fb);
	assert_string_equal(pick("pc-q35-rhel9.2.0", FAMILY_Q35, &fb), "q35-v2");
	assert_true(fb);
	assert_string_equal(pick("garbage!", FAMILY_Q35, &fb), "q35-v2");
	assert_true(fb);
	assert_string_equal(pick("microvm", FAMILY_UNKNOWN, &fb), "pc-v2");
	assert_true(fb);
	struct machine_token t;
	struct variant_choice c;
	parse("pc-q35-7.2", &t);
	variant_select(&t, TOKEN_OK, FAMILY_I440FX, &c);
	assert_true(c.contradicts_hw);
	assert_true(c.fallback);
	assert_string_equal(c.rule->variant, "pc-v2");
	assert_non_null(strstr(c.note, "host bridge is i440fx"));
}

static void report_has_record(void **state)
{
	struct machine_token t;
	struct variant_choice c;
	test_console_reset();
	parse("pc-i440fx-1.5", &t);
	variant_select(&t, TOKEN_OK, FAMILY_I440FX, &c);
	strcpy(c.token, "pc-i440fx-1.5");
	c.source = SRC_OPTION;
	variant_report(&c);
	assert_non_null(strstr(test_inv_text(), "{\"type\":\"variant\",\"token\":\"pc-i440fx-1.5\","
					       "\"source\":\"opt/vmfw/machine-type\",\"variant\":\"pc-v0\""));
	assert_true(test_log_contains("variant: pc-v0"));
}

static void inference_without_a_name(void **state)
{
	struct machine_token t;
	struct variant_choice c;
	variant_infer_from_hw(FAMILY_I440FX, false, false, &t);	/* pc-i440fx-1.5-like */
	variant_select(&t, TOKEN_OK, FAMILY_I440FX, &c);
	assert_string_equal(c.rule->variant, "pc-v0");
	variant_infer_from_hw(FAMILY_I440FX, true, false, &t);	/* pc-i440fx-1.7-like */
	variant_select(&t, TOKEN_OK, FAMILY_I440FX, &c);
	assert_string_equal(c.rule->variant, "pc-v1");
	variant_infer_from_hw(FAMILY_Q35, true, false, &t);
	variant_select(&t, TOKEN_OK, FAMILY_Q35, &c);
	assert_string_equal(c.rule->variant, "q35-v1");
	variant_infer_from_hw(FAMILY_Q35, true, true, &t);
	assert_false(t.has_version);
	variant_select(&t, TOKEN_OK, FAMILY_Q35, &c);
	assert_string_equal(c.rule->variant, "q35-v2");
	assert_true(c.fallback);
}

static void host_bridge_ids(void **state)
{
	assert_int_equal(variant_family_from_host_bridge(0x8086, 0x1237), FAMILY_I440FX);
	assert_int_equal(variant_family_from_host_bridge(0x8086, 0x29c0), FAMILY_Q35);
	assert_int_equal(variant_family_from_host_bridge(0x1b36, 0x0008), FAMILY_UNKNOWN);
}

/* ---- SMBIOS ---- */
static size_t put_struct(uint8_t *p, uint8_t type, uint8_t len, const uint8_t *fmt, const char *strs, size_t slen)
{
	p[0] = type;
	p[1] = len;
	p[2] = 0x00;
	p[3] = type;
	if (len > 4)
		memcpy(p + 4, fmt, len - 4);
	memcpy(p + len, strs, slen);
	return len + slen;
}

static size_t sample_table(uint8_t *buf)
{
	const uint8_t t0[] = { 1, 2, 0, 0xe8, 3, 0 };
	const uint8_t t1[] = { 1, 2, 3, 0, 0 };
	size_t n = 0;
	n += put_struct(buf + n, 0, 10, t0, "SeaBIOS\0v1\0date\0\0", 17);
	n += put_struct(buf + n, 1, 9, t1, "QEMU\0Standard PC\0pc-q35-7.2\0\0", 29);
	n += put_struct(buf + n, 127, 4, NULL, "\0\0", 2);
	return n;
}

static void smbios_type1(void **state)
{
	uint8_t buf[256];
	char out[64];
	const char *why;
	size_t n = sample_table(buf);
	assert_true(smbios_type1_version(buf, n, out, sizeof(out), &why));
	assert_string_equal(out, "pc-q35-7.2");
	/* Every truncation: no crash, no success with a wrong string. */
	for (size_t cut = 0; cut < n; cut++) {
		bool ok = smbios_type1_version(buf, cut, out, sizeof(out), &why);
		if (ok)
			assert_string_equal(out, "pc-q35-7.2");
		else
			assert_non_null(why);
	}
	/* Cut inside the Version string: refused. */
	assert_false(smbios_type1_version(buf, 27 + 9 + 20, out, sizeof(out), &why));
	/* Version index past the strings. */
	buf[27 + 6] = 9;
	assert_false(smbios_type1_version(buf, n, out, sizeof(out), &why));
	assert_non_null(strstr(why, "does not exist"));
	/* Length below 4. */
	n = sample_table(buf);
	buf[1] = 2;
	assert_false(smbios_type1_version(buf, n, out, sizeof(out), &why));
	/* Small output buffer: truncated, terminated. */
	n = sample_table(buf);
	char small[5];
	assert_true(smbios_type1_version(buf, n, small, sizeof(small), &why));
	assert_string_equal(small, "pc-q");
}

static void smbios_legacy(void **state)
{
	uint8_t b[64] = { 0 };
	char out[32];
	const char *why;
	/* count 2: a type 0 field, then the type 1 version field "pc-i440fx-2.0". */
	b[0] = 2;
	b[2] = 9; b[4] = 0; b[5] = 0; b[6] = 4; b[7] = 0; memcpy(b + 8, "abc", 3);
	size_t o = 11;
	b[o] = 6 + 14; b[o + 2] = 0; b[o + 3] = 1; b[o + 4] = 6; memcpy(b + o + 6, "pc-i440fx-2.0", 14);
	size_t n = o + 20;
	assert_true(smbios_legacy_type1_version(b, n, out, sizeof(out), &why));
	assert_string_equal(out, "pc-i440fx-2.0");
	for (size_t cut = 0; cut < n; cut++)
		assert_false(smbios_legacy_type1_version(b, cut, out, sizeof(out), &why));
	b[o] = 0xff;	/* entry length past the end */
	assert_false(smbios_legacy_type1_version(b, n, out, sizeof(out), &why));
	assert_non_null(strstr(why, "out of bounds"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_valid_and_aliases),
		cmocka_unit_test(tokens_garbage),
		cmocka_unit_test(rules_over_version_range),
		cmocka_unit_test(defaults_and_contradictions),
		cmocka_unit_test(report_has_record),
		cmocka_unit_test(inference_without_a_name),
		cmocka_unit_test(host_bridge_ids),
		cmocka_unit_test(smbios_type1),
		cmocka_unit_test(smbios_legacy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
