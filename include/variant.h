/* Machine-type token -> ACPI table variant, by an explicit table of rules (docs/variants.md). */
#ifndef VMFW_VARIANT_H
#define VMFW_VARIANT_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */

#define VARIANT_TOKEN_MAX	48	/* longest token accepted (QEMU names are ~20 chars) */

enum machine_family { FAMILY_UNKNOWN, FAMILY_I440FX, FAMILY_Q35 };

/* Where the token came from, in the order they are tried. */
enum token_source { SRC_OPTION, SRC_SMBIOS, SRC_SMBIOS_LEGACY, SRC_HOST_BRIDGE, SRC_NONE };

struct machine_token {
	enum machine_family family;
	bool has_version;	/* "pc" alone, or "pc-q35-rhel9.2.0": family known, version not */
	unsigned major, minor;
};

/* Parse result codes. */
enum token_parse { TOKEN_OK, TOKEN_EMPTY, TOKEN_TOO_LONG, TOKEN_BAD_CHARS, TOKEN_UNKNOWN_FAMILY,
		   TOKEN_BAD_VERSION };
const char *token_parse_name(enum token_parse r);

/*
 * Parses a machine-type token: "pc-i440fx-X.Y", "pc-q35-X.Y", the aliases "pc", "q35",
 * "pc-i440fx", "pc-q35", and the old i440fx spelling "pc-X.Y". Accepted characters:
 * [A-Za-z0-9._-]; at most VARIANT_TOKEN_MAX bytes. A known family with an unparseable
 * version gives TOKEN_BAD_VERSION with out->family set and has_version false.
 */
enum token_parse token_parse(const char *s, size_t len, struct machine_token *out);

/* What a variant changes in the guest-visible tables. */
struct variant_features {
	uint8_t fadt_revision;	/* 1 or 3 */
	uint8_t rsdp_revision;	/* 0: RSDT only; 2: XSDT + RSDT */
	bool sleep_s3_s4;	/* advertise _S3/_S4 (when etc/system-states allows) */
	bool hotplug_reserve;	/* bridges without a reserve capability get hotplug windows */
	bool pvpanic_acpi;	/* QEMU0001 device in the DSDT when the ISA device exists */
};

struct variant_rule {
	const char *variant;		/* e.g. "q35-v2" */
	enum machine_family family;
	unsigned from_major, from_minor;	/* inclusive */
	unsigned to_major, to_minor;		/* inclusive */
	struct variant_features f;
	const char *why;
};

/* The rules, in order; the first matching rule wins. */
const struct variant_rule *variant_rules(unsigned *count);

/* The chosen variant and how it was reached. */
struct variant_choice {
	const struct variant_rule *rule;
	enum token_source source;
	char token[VARIANT_TOKEN_MAX + 1];	/* sanitized copy, "" when none */
	bool fallback;		/* default rule used: unknown version, garbage token, no token */
	bool contradicts_hw;	/* token family differs from the host bridge */
	char note[96];		/* why a fallback was taken */
};

/*
 * Picks the variant for a parsed token (family may be unknown) and the host bridge's family.
 * Known family + version: the matching rule. Known family, no or out-of-range version: that
 * family's default rule (fallback). Unknown family: the host bridge's family default.
 */
void variant_select(const struct machine_token *tok, enum token_parse parse,
		    enum machine_family hw_family, struct variant_choice *out);

/*
 * No name anywhere (pc-i440fx-1.7 and older): infer a version from what the host exposes.
 * i440fx without etc/table-loader -> 1.6 (QEMU builds no ACPI up to 1.6); i440fx or q35
 * without fw_cfg DMA -> 1.7 / 2.4 (DMA arrived with the 2.5 machine types); else the
 * family default. Returns a static explanation.
 */
const char *variant_infer_from_hw(enum machine_family hw, bool has_table_loader, bool has_dma,
				  struct machine_token *tok);

/* Family of the host bridge 00:00.0 from its vendor:device ID. */
enum machine_family variant_family_from_host_bridge(uint16_t vendor, uint16_t device);
const char *variant_family_name(enum machine_family f);
const char *variant_source_name(enum token_source s);

/* Console line + {"type":"variant",...} inventory record. */
void variant_report(const struct variant_choice *c);

/* ---- SMBIOS (firmware/smbios.c) ---- */
/*
 * Finds the type 1 (System Information) structure in an SMBIOS structure table and copies
 * its Version string into out (NUL-terminated). Returns false with a reason in *why when the
 * table is truncated or malformed or has no such string.
 */
bool smbios_type1_version(const uint8_t *tbl, size_t len, char *out, size_t cap, const char **why);
/* Same from QEMU's legacy fw_cfg SMBIOS entries (key 0x8001, old machine types). */
bool smbios_legacy_type1_version(const uint8_t *blob, size_t len, char *out, size_t cap, const char **why);

#endif
