/* initrd checks: what kind of image it is, and whether its uncompressed cpio part is whole. */
#include "linux.h"	/* initrd_* */
#include "util.h"	/* memcmp */

#define CPIO_HDR_LEN	110	/* "070701" + 13 eight-digit hex fields */

static const struct { enum initrd_kind kind; const char *name; uint8_t len; uint8_t magic[6]; } kinds[] = {
	{ INITRD_CPIO,  "cpio",  5, { '0', '7', '0', '7', '0' } },
	{ INITRD_GZIP,  "gzip",  2, { 0x1f, 0x8b } },
	{ INITRD_XZ,    "xz",    6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
	{ INITRD_ZSTD,  "zstd",  4, { 0x28, 0xb5, 0x2f, 0xfd } },
	{ INITRD_LZ4,   "lz4",   4, { 0x02, 0x21, 0x4c, 0x18 } },
	{ INITRD_BZIP2, "bzip2", 3, { 'B', 'Z', 'h' } },
	{ INITRD_LZMA,  "lzma",  3, { 0x5d, 0x00, 0x00 } },
	{ INITRD_LZO,   "lzo",   4, { 0x89, 'L', 'Z', 'O' } },
};

const char *initrd_kind_name(enum initrd_kind k)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "unknown";
}

enum initrd_kind initrd_classify(const uint8_t *p, size_t len)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kinds); i++)
		if (len >= kinds[i].len && !memcmp(p, kinds[i].magic, kinds[i].len))
			return kinds[i].kind;
	return INITRD_UNKNOWN;
}

/* Eight hex digits; false on anything else. */
static bool hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

const char *initrd_check_cpio(const uint8_t *p, size_t len, unsigned *files, size_t *checked)
{
	size_t off = 0;
	bool in_archive = false;

	*files = 0;
	for (;;) {
		if (!in_archive) {
			/* Between archives: zero padding, then another archive, something else, or the end. */
			while (off < len && p[off] == 0)
				off++;
			if (off >= len || initrd_classify(p + off, len - off) != INITRD_CPIO)
				break;
			in_archive = true;
		}
		if (len - off < CPIO_HDR_LEN)
			return "truncated: cpio header cut short";
		if (memcmp(p + off, "070701", 6) && memcmp(p + off, "070702", 6))
			return "corrupt: bad cpio header magic inside the archive";
		uint32_t namesize, filesize;
		if (!hex8(p + off + 94, &namesize) || !hex8(p + off + 54, &filesize))
			return "corrupt: cpio header has non-hex fields";
		if (namesize == 0 || namesize > 4096)
			return "corrupt: cpio name size out of range";
		if (len - off - CPIO_HDR_LEN < namesize)
			return "truncated: cpio file name cut short";
		const uint8_t *name = p + off + CPIO_HDR_LEN;
		size_t data = ALIGN_UP(off + CPIO_HDR_LEN + namesize, 4);
		if (data > len || len - data < filesize)
			return "truncated: cpio file data cut short";
		off = ALIGN_UP(data + filesize, 4);
		if (off > len)
			off = len;	/* padding of the very last entry may be absent */
		if (namesize == 11 && !memcmp(name, "TRAILER!!!", 11))
			in_archive = false;
		else
			(*files)++;
	}
	*checked = off;
	return NULL;
}
