/* Machine-type token sources and the variant choice (see docs/variants.md). */
#include "machine.h"	/* machine_stage */
#include "format.h"	/* fmt_snprintf */
#include "fwcfg.h"	/* fwcfg_* */
#include "log.h"	/* log_*, die */
#include "options.h"	/* vmfw_opts */
#include "util.h"	/* memcpy, MIN */

static uint8_t scratch[4096];	/* fw_cfg blobs read once and parsed (SMBIOS) */

/* The machine-type token: explicit option, SMBIOS type 1 Version, legacy SMBIOS, host bridge. */
void machine_stage(const struct pci_cfg_ops *cfg, struct variant_choice *out, enum machine_family *hw_out)
{
	struct variant_choice variant;
	struct machine_token tok;
	enum token_parse parse = TOKEN_EMPTY;
	const char *why = NULL;
	char text[VARIANT_TOKEN_MAX + 1] = "";

	uint16_t ven = pci_read16(cfg, PCI_BDF(0, 0, 0), 0x00);
	uint16_t dev = pci_read16(cfg, PCI_BDF(0, 0, 0), 0x02);
	enum machine_family hw = variant_family_from_host_bridge(ven, dev);
	*hw_out = hw;
	log_info("machine: host bridge %04x:%04x (%s)", ven, dev, variant_family_name(hw));

	variant.source = SRC_NONE;
	int64_t n = fwcfg_read_file("opt/vmfw/machine-type", scratch, 256);
	if (n >= 0) {
		variant.source = SRC_OPTION;
		parse = token_parse((const char *)scratch, (size_t)MIN(n, 256), &tok);
		size_t l = (size_t)MIN(n, VARIANT_TOKEN_MAX);
		memcpy(text, scratch, l);
		text[l] = '\0';
	} else if ((n = fwcfg_read_file("etc/smbios/smbios-tables", scratch, sizeof(scratch))) >= 0) {
		variant.source = SRC_SMBIOS;
		if (!smbios_type1_version(scratch, (size_t)MIN(n, (int64_t)sizeof(scratch)), text, sizeof(text), &why))
			log_warn("machine: SMBIOS tables give no machine name: %s", why);
	} else {
		fwcfg_read_item(FW_CFG_SMBIOS_ENTRIES, scratch, 1024);
		if (scratch[0] || scratch[1]) {
			variant.source = SRC_SMBIOS_LEGACY;
			if (!smbios_legacy_type1_version(scratch, 1024, text, sizeof(text), &why))
				log_warn("machine: legacy SMBIOS entries give no machine name: %s", why);
		}
	}
	if (variant.source == SRC_SMBIOS || variant.source == SRC_SMBIOS_LEGACY)
		parse = text[0] ? token_parse(text, strlen(text), &tok) : TOKEN_EMPTY;
	if (variant.source == SRC_NONE || parse == TOKEN_EMPTY) {
		if (variant.source != SRC_OPTION)
			variant.source = SRC_HOST_BRIDGE;
		memset(&tok, 0, sizeof(tok));
		tok.family = hw;
	}
	/* Keep only printable token characters for logs and the inventory. */
	for (char *c = text; *c; c++)
		if (*c < 0x20 || *c > 0x7e || *c == '"' || *c == '\\')
			*c = '?';
	memcpy(variant.token, text, sizeof(variant.token));
	if (variant.source == SRC_HOST_BRIDGE) {
		const char *how = variant_infer_from_hw(hw, fwcfg_find("etc/table-loader") != NULL,
							fwcfg_has_dma(), &tok);
		log_info("machine: no machine name from the host; %s", how);
		if (tok.has_version)
			fmt_snprintf(variant.token, sizeof(variant.token), "%s-%u.%u",
				     hw == FAMILY_Q35 ? "pc-q35" : "pc-i440fx", tok.major, tok.minor);
		variant_select(&tok, hw == FAMILY_UNKNOWN ? TOKEN_UNKNOWN_FAMILY : TOKEN_OK, hw, &variant);
		if (tok.has_version)
			fmt_snprintf(variant.note, sizeof(variant.note), "inferred: %s", how);
	} else {
		if (parse != TOKEN_OK)
			log_warn("machine: token \"%s\" from %s is not usable: %s", text,
				 variant_source_name(variant.source), token_parse_name(parse));
		variant_select(&tok, parse, hw, &variant);
	}
	variant_report(&variant);
	if (vmfw_opts.strict && (variant.contradicts_hw || (variant.fallback && variant.source != SRC_HOST_BRIDGE)))
		die("strict=1: machine-type token \"%s\" from %s: %s", variant.token,
		    variant_source_name(variant.source), variant.note);
	*out = variant;
}
