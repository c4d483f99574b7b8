#define _GNU_SOURCE	/* memmem */
/*
 * Fuzz target: SMBIOS type 1 Version lookup (structure table and QEMU's legacy fw_cfg
 * entries), machine-type token parsing and variant selection, as machine.c chains them.
 * Byte 0 picks the path and the output capacity; the rest is the blob or the token.
 * Checks: the output is always NUL-terminated inside its capacity and, when found, is a
 * substring of the input; a failure names a reason; token_parse's verdict agrees with a
 * plain character check; variant_select always picks a rule, of the host bridge's family
 * when the token contradicts it, and explains every fallback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "variant.h"		/* smbios_*, token_parse, variant_select */
#include "log.h"		/* log_set_level */
#include "test-console.h"	/* test_console_reset */

int smbios_fuzz_one(const uint8_t *data, size_t size);

static void violated(const char *what, const char *detail)
{
	fprintf(stderr, "%ssmbios-fuzz invariant violated: %s (%s)\n", test_log_text(), what, detail);
	abort();
}

static bool tok_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static void check_token(const char *s, size_t len, enum machine_family hw)
{
	struct machine_token tok;
	struct variant_choice ch;
	enum token_parse r = token_parse(s, len, &tok);

	size_t l = len;
	while (l && (s[l - 1] == '\0' || s[l - 1] == '\n'))
		l--;
	bool chars_ok = true;
	for (size_t i = 0; i < l; i++)
		chars_ok &= tok_char(s[i]);
	if (!l && r != TOKEN_EMPTY)
		violated("empty token not TOKEN_EMPTY", token_parse_name(r));
	if (l > VARIANT_TOKEN_MAX && r != TOKEN_TOO_LONG)
		violated("long token accepted", token_parse_name(r));
	if (l && l <= VARIANT_TOKEN_MAX && !chars_ok && r != TOKEN_BAD_CHARS)
		violated("bad characters accepted", token_parse_name(r));
	if (r == TOKEN_OK && tok.family == FAMILY_UNKNOWN)
		violated("TOKEN_OK without a family", "");
	if (r != TOKEN_OK && tok.has_version)
		violated("version kept on a failed parse", token_parse_name(r));
	if (!token_parse_name(r))
		violated("no name for the parse result", "");

	memset(&ch, 0xa5, sizeof(ch));
	variant_select(&tok, r, hw, &ch);
	if (!ch.rule || !ch.rule->variant)
		violated("no rule chosen", token_parse_name(r));
	if (ch.contradicts_hw && ch.rule->family != hw)
		violated("contradicting token won over the host bridge", ch.rule->variant);
	if (ch.fallback && (!memchr(ch.note, 0, sizeof(ch.note)) || !ch.note[0]))
		violated("fallback without a note", ch.rule->variant);
	if (r == TOKEN_OK && tok.has_version && !ch.contradicts_hw && ch.rule->family != tok.family)
		violated("rule of another family", ch.rule->variant);
	ch.token[0] = '\0';
	variant_report(&ch);
}

static void check_out(const char *out, size_t cap, bool ok, const char *why, const uint8_t *data, size_t size)
{
	size_t l = strnlen(out, cap);
	if (l >= cap)
		violated("output not terminated within its capacity", "");
	if (!ok && !why)
		violated("failure without a reason", "");
	if (ok && l && !memmem(data, size, out, l))
		violated("version string not taken from the table", out);
}

int smbios_fuzz_one(const uint8_t *data, size_t size)
{
	char *out;
	const char *why = NULL;

	test_console_reset();
	log_set_level(LOG_WARN);
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	size_t cap = 1 + (mode >> 2) % 64;
	enum machine_family hw = (enum machine_family)((mode >> 2) % 3);
	const uint8_t *p = data + 1;
	size_t n = size - 1;

	out = malloc(cap);	/* exact size: writes past cap are caught by ASan */
	switch (mode & 3) {
	case 0:
	case 1: {
		bool ok = (mode & 3) == 0 ? smbios_type1_version(p, n, out, cap, &why)
					  : smbios_legacy_type1_version(p, n, out, cap, &why);
		check_out(out, cap, ok, why, p, n);
		if (ok)
			check_token(out, strlen(out), hw);
		break;
	}
	default:
		check_token((const char *)p, n, hw);
		break;
	}
	free(out);
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return smbios_fuzz_one(data, size);
}
#endif
