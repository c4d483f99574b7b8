/* Machine-type token parsing and the variant rules. Pure logic: no I/O. */
#include "variant.h"	/* variant_* */
#include "inventory.h"	/* inv_* */
#include "log.h"	/* log_* */
#include "format.h"	/* fmt_snprintf */
#include "util.h"	/* memcpy, strncmp */

/*
 * The rules. Versions are QEMU machine-type versions. Order matters only for overlapping
 * ranges (there are none). The last rule of each family is its default.
 */
static const struct variant_rule rules[] = {
	{ "pc-v0", FAMILY_I440FX, 0, 0, 1, 6,
	  { .fadt_revision = 1, .rsdp_revision = 0, .sleep_s3_s4 = false, .hotplug_reserve = false,
	    .pvpanic_acpi = true },
	  "QEMU builds no ACPI for these (no etc/table-loader): guests met firmware tables of the "
	  "ACPI 1.0 era, so RSDT only, FADT revision 1, no sleep states beyond S5" },
	{ "pc-v1", FAMILY_I440FX, 1, 7, 2, 4,
	  { .fadt_revision = 1, .rsdp_revision = 0, .sleep_s3_s4 = true, .hotplug_reserve = false,
	    .pvpanic_acpi = true },
	  "first machine types with QEMU-built ACPI (RSDP rev 0, RSDT, FADT rev 1); fw_cfg has no "
	  "DMA before 2.5: keep the layout those guests were installed with" },
	{ "pc-v2", FAMILY_I440FX, 2, 5, 9999, 9999,
	  { .fadt_revision = 3, .rsdp_revision = 2, .sleep_s3_s4 = true, .hotplug_reserve = true,
	    .pvpanic_acpi = true },
	  "current i440fx (fw_cfg DMA from 2.5): ACPI 2.0+ tables with XSDT and 64-bit FADT fields, "
	  "hotplug windows on bridges" },
	{ "q35-v1", FAMILY_Q35, 0, 0, 2, 4,
	  { .fadt_revision = 3, .rsdp_revision = 2, .sleep_s3_s4 = true, .hotplug_reserve = false,
	    .pvpanic_acpi = true },
	  "early q35 (no fw_cfg DMA before 2.5): no reserved hotplug windows, as guests installed "
	  "then saw no hotplug resources" },
	{ "q35-v2", FAMILY_Q35, 2, 5, 9999, 9999,
	  { .fadt_revision = 3, .rsdp_revision = 2, .sleep_s3_s4 = true, .hotplug_reserve = true,
	    .pvpanic_acpi = true },
	  "current q35: XSDT, FADT rev 3, MCFG, hotplug windows on root ports" },
};

const struct variant_rule *variant_rules(unsigned *count)
{
	*count = ARRAY_SIZE(rules);
	return rules;
}

static const char *const parse_names[] = {
	"ok", "empty", "too long", "characters outside [A-Za-z0-9._-]", "unknown machine family",
	"unparseable version",
};

const char *token_parse_name(enum token_parse r)
{
	return (unsigned)r < ARRAY_SIZE(parse_names) ? parse_names[r] : "?";
}

const char *variant_family_name(enum machine_family f)
{
	return f == FAMILY_I440FX ? "i440fx" : f == FAMILY_Q35 ? "q35" : "unknown";
}

const char *variant_source_name(enum token_source s)
{
	static const char *const n[] = { "opt/vmfw/machine-type", "smbios-type1", "smbios-legacy",
					 "host-bridge", "none" };
	return (unsigned)s < ARRAY_SIZE(n) ? n[s] : "?";
}

static bool token_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* "X.Y" exactly (one or two numbers of at most 4 digits, Y optional). */
static bool parse_version(const char *s, size_t len, unsigned *maj, unsigned *min)
{
	size_t i = 0;
	unsigned v[2] = { 0, 0 };
	for (int part = 0; part < 2; part++) {
		size_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 4)
			v[part] = v[part] * 10 + (unsigned)(s[i++] - '0');
		if (i == start)
			return false;
		if (i == len)
			break;
		if (part == 1 || s[i] != '.')
			return false;
		i++;
		if (i == len)
			return false;
	}
	if (i != len)
		return false;
	*maj = v[0];
	*min = v[1];
	return true;
}

enum token_parse token_parse(const char *s, size_t len, struct machine_token *out)
{
	static const struct { const char *prefix; enum machine_family f; } fams[] = {
		{ "pc-i440fx", FAMILY_I440FX }, { "pc-q35", FAMILY_Q35 },
		{ "q35", FAMILY_Q35 }, { "pc", FAMILY_I440FX },
	};

	out->family = FAMILY_UNKNOWN;
	out->has_version = false;
	out->major = out->minor = 0;
	/* Trailing NULs/newlines from fw_cfg strings are not part of the token. */
	while (len && (s[len - 1] == '\0' || s[len - 1] == '\n'))
		len--;
	if (!len)
		return TOKEN_EMPTY;
	if (len > VARIANT_TOKEN_MAX)
		return TOKEN_TOO_LONG;
	for (size_t i = 0; i < len; i++)
		if (!token_char_ok(s[i]))
			return TOKEN_BAD_CHARS;
	for (unsigned k = 0; k < ARRAY_SIZE(fams); k++) {
		size_t pl = strlen(fams[k].prefix);
		if (len < pl || strncmp(s, fams[k].prefix, pl))
			continue;
		if (len == pl) {	/* alias without a version */
			out->family = fams[k].f;
			return TOKEN_OK;
		}
		if (s[pl] != '-')
			continue;
		out->family = fams[k].f;
		if (!parse_version(s + pl + 1, len - pl - 1, &out->major, &out->minor))
			return TOKEN_BAD_VERSION;
		out->has_version = true;
		return TOKEN_OK;
	}
	return TOKEN_UNKNOWN_FAMILY;
}

enum machine_family variant_family_from_host_bridge(uint16_t vendor, uint16_t device)
{
	if (vendor == 0x8086 && device == 0x1237)
		return FAMILY_I440FX;
	if (vendor == 0x8086 && device == 0x29c0)
		return FAMILY_Q35;
	return FAMILY_UNKNOWN;
}

const char *variant_infer_from_hw(enum machine_family hw, bool has_table_loader, bool has_dma,
				  struct machine_token *tok)
{
	tok->family = hw;
	tok->has_version = false;
	tok->major = tok->minor = 0;
	if (hw == FAMILY_I440FX && !has_table_loader) {
		tok->has_version = true;
		tok->major = 1;
		tok->minor = 6;
		return "no etc/table-loader: a machine type up to pc-i440fx-1.6";
	}
	if (hw != FAMILY_UNKNOWN && !has_dma) {
		tok->has_version = true;
		tok->major = hw == FAMILY_I440FX ? 1 : 2;
		tok->minor = hw == FAMILY_I440FX ? 7 : 4;
		return "fw_cfg without DMA: a machine type before 2.5";
	}
	return "nothing to tell the version: family default";
}

static bool in_range(const struct variant_rule *r, unsigned maj, unsigned min)
{
	unsigned v = maj * 10000 + min, lo = r->from_major * 10000 + r->from_minor;
	unsigned hi = r->to_major * 10000 + r->to_minor;
	return v >= lo && v <= hi;
}

static const struct variant_rule *family_default(enum machine_family f)
{
	const struct variant_rule *last = NULL;
	for (unsigned i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].family == f)
			last = &rules[i];
	return last;
}

void variant_select(const struct machine_token *tok, enum token_parse parse,
		    enum machine_family hw_family, struct variant_choice *out)
{
	enum machine_family fam = parse == TOKEN_OK || parse == TOKEN_BAD_VERSION ? tok->family : FAMILY_UNKNOWN;

	out->rule = NULL;
	out->fallback = false;
	out->note[0] = '\0';
	out->contradicts_hw = fam != FAMILY_UNKNOWN && hw_family != FAMILY_UNKNOWN && fam != hw_family;
	if (out->contradicts_hw) {
		out->rule = family_default(hw_family);
		out->fallback = true;
		fmt_snprintf(out->note, sizeof(out->note), "token names %s but the host bridge is %s",
			     variant_family_name(fam), variant_family_name(hw_family));
		return;
	}
	if (fam == FAMILY_UNKNOWN) {
		fam = hw_family != FAMILY_UNKNOWN ? hw_family : FAMILY_I440FX;
		out->fallback = true;
		fmt_snprintf(out->note, sizeof(out->note), "token %s: default for the %s host bridge",
			     token_parse_name(parse), variant_family_name(fam));
	} else if (parse == TOKEN_OK && tok->has_version) {
		for (unsigned i = 0; i < ARRAY_SIZE(rules); i++)
			if (rules[i].family == fam && in_range(&rules[i], tok->major, tok->minor)) {
				out->rule = &rules[i];
				return;
			}
	}
	if (!out->rule) {
		out->rule = family_default(fam);
		if (!out->fallback) {
			out->fallback = true;
			fmt_snprintf(out->note, sizeof(out->note), "%s %s: default for the family",
				     variant_family_name(fam),
				     parse == TOKEN_OK ? "without a version" : "with an unparseable version");
		}
	}
}

void variant_report(const struct variant_choice *c)
{
	const struct variant_rule *r = c->rule;
	if (c->fallback)
		log_warn("variant: %s (token \"%s\" from %s): %s", r->variant, c->token,
			 variant_source_name(c->source), c->note);
	else
		log_info("variant: %s (token \"%s\" from %s)%s%s", r->variant, c->token,
			 variant_source_name(c->source), c->note[0] ? ": " : "", c->note);
	inv_begin("variant");
	inv_str("token", c->token);
	inv_str("source", variant_source_name(c->source));
	inv_str("variant", r->variant);
	inv_str("family", variant_family_name(r->family));
	inv_bool("fallback", c->fallback);
	if (c->note[0])
		inv_str("note", c->note);
	if (c->contradicts_hw)
		inv_bool("contradicts_hardware", true);
	inv_u64("fadt_revision", r->f.fadt_revision);
	inv_u64("rsdp_revision", r->f.rsdp_revision);
	inv_bool("sleep_s3_s4", r->f.sleep_s3_s4);
	inv_bool("hotplug_reserve", r->f.hotplug_reserve);
	inv_end();
}
