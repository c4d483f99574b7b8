/* SMBIOS parsing, only what the machine-type token needs: the type 1 Version string. */
#include "variant.h"	/* smbios_* */
#include "util.h"	/* memcpy, le16 */

#define SMBIOS_TYPE_SYSTEM	1
#define SMBIOS_TYPE_END		127
#define SMBIOS_T1_VERSION	0x06	/* string number of Version in type 1 */

/* Copies string number n (1-based) of the string set at [p, end) into out. */
static bool string_n(const uint8_t *p, const uint8_t *end, unsigned n, char *out, size_t cap,
		     const char **why)
{
	for (unsigned i = 1; p < end && *p; i++) {
		const uint8_t *s = p;
		while (p < end && *p)
			p++;
		if (p >= end) {
			*why = "string set runs past the end of the table";
			return false;
		}
		if (i == n) {
			size_t l = (size_t)(p - s);
			if (l >= cap)
				l = cap - 1;
			memcpy(out, s, l);
			out[l] = '\0';
			return true;
		}
		p++;
	}
	*why = "type 1 Version names a string that does not exist";
	return false;
}

bool smbios_type1_version(const uint8_t *tbl, size_t len, char *out, size_t cap, const char **why)
{
	size_t off = 0;

	*why = "no type 1 structure";
	out[0] = '\0';
	while (off + 4 <= len) {
		uint8_t type = tbl[off], slen = tbl[off + 1];
		if (slen < 4) {
			*why = "structure length below 4";
			return false;
		}
		if (off + slen > len) {
			*why = "structure runs past the end of the table";
			return false;
		}
		const uint8_t *strs = tbl + off + slen, *end = tbl + len;
		if (type == SMBIOS_TYPE_SYSTEM) {
			if (slen <= SMBIOS_T1_VERSION) {
				*why = "type 1 structure too short for Version";
				return false;
			}
			unsigned n = tbl[off + SMBIOS_T1_VERSION];
			if (!n) {
				*why = "type 1 has no Version string";
				return false;
			}
			return string_n(strs, end, n, out, cap, why);
		}
		if (type == SMBIOS_TYPE_END)
			return false;
		/* Skip the string set: up to and including the double NUL. */
		const uint8_t *p = strs;
		if (p + 1 < end && p[0] == 0 && p[1] == 0) {
			p += 2;
		} else {
			while (p + 1 < end && !(p[0] == 0 && p[1] == 0))
				p++;
			if (p + 1 >= end) {
				*why = "string set runs past the end of the table";
				return false;
			}
			p += 2;
		}
		off = (size_t)(p - tbl);
	}
	if (off < len)
		*why = "truncated structure header at the end of the table";
	return false;
}

/*
 * QEMU's legacy entries: u16 count, then per entry u16 length (whole entry), u8 kind
 * (0 = field, 1 = table); a field carries u8 structure type, u16 field offset, then data.
 */
bool smbios_legacy_type1_version(const uint8_t *blob, size_t len, char *out, size_t cap, const char **why)
{
	out[0] = '\0';
	*why = "no type 1 Version field";
	if (len < 2) {
		*why = "legacy SMBIOS blob shorter than its count";
		return false;
	}
	unsigned count = le16(blob);
	size_t off = 2;
	for (unsigned i = 0; i < count; i++) {
		if (off + 3 > len) {
			*why = "legacy SMBIOS entry header truncated";
			return false;
		}
		unsigned elen = le16(blob + off);
		uint8_t kind = blob[off + 2];
		if (elen < 3 || off + elen > len) {
			*why = "legacy SMBIOS entry length out of bounds";
			return false;
		}
		if (kind == 0 && elen >= 6 && blob[off + 3] == SMBIOS_TYPE_SYSTEM &&
		    le16(blob + off + 4) == SMBIOS_T1_VERSION) {
			size_t dl = elen - 6;
			const uint8_t *d = blob + off + 6;
			size_t l = 0;
			while (l < dl && d[l])
				l++;
			if (l >= cap)
				l = cap - 1;
			memcpy(out, d, l);
			out[l] = '\0';
			return true;
		}
		off += elen;
	}
	return false;
}
