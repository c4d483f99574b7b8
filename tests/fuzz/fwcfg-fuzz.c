/*
 * Fuzz target: the fw_cfg driver against a simulated device whose every answer comes from
 * the input: signature, feature bits (DMA or not, DMA that fails), the raw file directory
 * (any count, any names, sizes that disagree with the items) and the file contents (an item
 * may hold fewer or more bytes than its directory entry says: QEMU reads past an item's
 * end as zeros). The driver then does what the boot flow does: finds each file, reads it
 * into an exactly sized buffer of a fuzzed capacity, reads it as an option string, and
 * feeds etc/e820, SMBIOS and the machine-type option to their parsers.
 * Checks: at most FWCFG_MAX_FILES files, every name terminated and non-empty, fwcfg_find
 * returns an entry of that name, reads return the directory size and never write past the
 * capacity (ASan), option strings are terminated inside the buffer without trailing blanks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwcfg.h"		/* fwcfg_* */
#include "e820.h"		/* e820_parse_fwcfg */
#include "variant.h"		/* token_parse, smbios_type1_version */
#include "util.h"		/* be32, put_be32 */
#include "log.h"		/* log_set_level */
#include "test-console.h"	/* test_console_reset */

int fwcfg_fuzz_one(const uint8_t *data, size_t size);

static void violated(const char *what, const char *detail, uint64_t v)
{
	fprintf(stderr, "%sfwcfg-fuzz invariant violated: %s (%s, 0x%llx)\n", test_log_text(), what,
		detail, (unsigned long long)v);
	abort();
}

/* ---- the simulated device ---- */
static struct {
	uint8_t flags;			/* bit 0 good signature, 1 DMA, 2 DMA fails */
	const uint8_t *dir;		/* raw directory item */
	size_t dir_len;
	const uint8_t *body;		/* file items: key k starts at a key-dependent offset */
	size_t body_len;
	uint16_t sel;
	uint32_t off;
	uint32_t dma_hi;
	unsigned dma_ops, reads;
} dev;

static void item(uint16_t key, const uint8_t **p, size_t *len)
{
	static uint8_t id[4], sig[4] = { 'Q', 'E', 'M', 'U' };
	*p = NULL;
	*len = 0;
	if (key == FW_CFG_SIGNATURE) {
		*p = sig;
		*len = (dev.flags & 1) ? 4 : 3;	/* a broken one is cut short */
	} else if (key == FW_CFG_ID) {
		put_le32(id, (dev.flags & 2) ? 3 : 1);
		*p = id;
		*len = 4;
	} else if (key == FW_CFG_FILE_DIR) {
		*p = dev.dir;
		*len = dev.dir_len;
	} else if (key >= 0x20 && dev.body_len) {
		size_t start = ((size_t)(key - 0x20) * 61) % dev.body_len;
		*p = dev.body + start;
		*len = dev.body_len - start;
	}
}

static uint8_t next_byte(void)
{
	const uint8_t *p;
	size_t len;
	item(dev.sel, &p, &len);
	uint8_t v = dev.off < len ? p[dev.off] : 0;
	dev.off++;
	return v;
}

static uint8_t d_in8(void *c, uint16_t port)
{
	if (port != FW_CFG_PORT_DATA)
		return 0xff;
	if (++dev.reads > 4000000)
		violated("port reads not bounded", "", dev.reads);
	return next_byte();
}
static uint16_t d_in16(void *c, uint16_t port) { return 0xffff; }
static uint32_t d_in32(void *c, uint16_t port) { return ~0u; }
static void d_out8(void *c, uint16_t port, uint8_t v) {}
static void d_out16(void *c, uint16_t port, uint16_t v)
{
	if (port == FW_CFG_PORT_SEL) {
		dev.sel = v;
		dev.off = 0;
	}
}
static void d_out32(void *c, uint16_t port, uint32_t v)
{
	if (port == FW_CFG_PORT_DMA) {
		dev.dma_hi = __builtin_bswap32(v);
		return;
	}
	if (port != FW_CFG_PORT_DMA + 4 || !(dev.flags & 2))
		return;
	/* The descriptor address is a host pointer in this simulation. */
	uint8_t *d = (uint8_t *)(uintptr_t)((uint64_t)dev.dma_hi << 32 | __builtin_bswap32(v));
	uint32_t ctl = be32(d), len = be32(d + 4);
	uint8_t *dst = (uint8_t *)(uintptr_t)be64(d + 8);
	dev.dma_ops++;
	if (dev.flags & 4) {
		put_be32(d, FW_CFG_DMA_CTL_ERROR);
		return;
	}
	if (ctl & FW_CFG_DMA_CTL_SELECT) {
		dev.sel = (uint16_t)(ctl >> 16);
		dev.off = 0;
	}
	if (ctl & FW_CFG_DMA_CTL_READ)
		for (uint32_t i = 0; i < len; i++)
			dst[i] = next_byte();	/* ASan: a length past the buffer is caught here */
	put_be32(d, 0);
}
static const struct pio_ops dev_pio = { NULL, d_in8, d_in16, d_in32, d_out8, d_out16, d_out32 };

/* ---- the driver's side ---- */
static void use_file(const struct fwcfg_file *f, uint32_t cap)
{
	char name[FW_CFG_MAX_FILE_PATH];
	memcpy(name, f->name, sizeof(name));
	if (!memchr(name, 0, sizeof(name)) || !name[0])
		violated("file name not terminated or empty", "", 0);
	const struct fwcfg_file *g = fwcfg_find(name);
	if (!g || strcmp(g->name, name))
		violated("fwcfg_find lost a listed file", name, 0);

	/* Read with a capacity below, at and above the size: exactly sized buffers. */
	uint32_t caps[3] = { cap % 1024, g->size < 1024 ? g->size : 1024, g->size < 1000 ? g->size + 7 : 1024 };
	for (int k = 0; k < 3; k++) {
		uint8_t *buf = malloc(caps[k] ? caps[k] : 1);
		int64_t r = fwcfg_read_file(name, buf, caps[k]);
		if (r != (int64_t)g->size)
			violated("read_file size", name, (uint64_t)r);
		uint32_t got = g->size < caps[k] ? g->size : caps[k];
		if (!strcmp(name, "etc/e820")) {
			static struct e820_map m;
			e820_init(&m);
			int n = e820_parse_fwcfg(&m, buf, got);
			if (n < 0 || (uint32_t)n > got / 20 || m.n > E820_MAX)
				violated("e820 from fw_cfg", name, (uint64_t)n);
		} else if (!strcmp(name, "etc/smbios/smbios-tables")) {
			char v[64];
			const char *why;
			smbios_type1_version(buf, got, v, sizeof(v), &why);
		}
		free(buf);
	}
	size_t scap = 1 + cap % 97;
	char *s = malloc(scap);
	bool ok = fwcfg_read_string(name, s, scap);
	if (!ok)
		violated("read_string of a listed file failed", name, scap);
	size_t l = strnlen(s, scap);
	if (l >= scap)
		violated("option string not terminated", name, scap);
	if (l && (s[l - 1] == ' ' || s[l - 1] == '\n' || s[l - 1] == '\r' || s[l - 1] == '\t'))
		violated("option string keeps a trailing blank", name, l);
	if (!strcmp(name, "opt/vmfw/machine-type")) {
		struct machine_token tok;
		token_parse(s, l, &tok);
	}
	free(s);
}

int fwcfg_fuzz_one(const uint8_t *data, size_t size)
{
	test_console_reset();
	log_set_level(LOG_WARN);
	memset(&dev, 0, sizeof(dev));
	if (size < 4)
		return 0;
	dev.flags = data[0];
	uint32_t cap = data[1];
	size_t dl = (size_t)data[2] << 8 | data[3];
	if (dl > size - 4)
		dl = size - 4;
	dev.dir = data + 4;
	dev.dir_len = dl;
	dev.body = data + 4 + dl;
	dev.body_len = size - 4 - dl;

	bool present = fwcfg_init(&dev_pio);
	if (present != ((dev.flags & 1) != 0))
		violated("signature verdict", "", dev.flags);
	if (!present) {
		if (fwcfg_file_count() || fwcfg_find("etc/e820"))
			violated("files without a device", "", fwcfg_file_count());
		return 0;
	}
	unsigned n = fwcfg_file_count();
	if (n > FWCFG_MAX_FILES)
		violated("too many files", "", n);
	uint32_t listed = dl >= 4 ? be32(dev.dir) : 0;
	if (n > listed)
		violated("more files than the directory lists", "", n);
	for (unsigned i = 0; i < n; i++)
		use_file(fwcfg_file_at(i), cap + i);
	if (fwcfg_file_at(n))
		violated("file past the count", "", n);
	/* Longer than any directory name can be (55 bytes + NUL), so it is absent for sure. */
	if (fwcfg_read_file("opt/vmfw/a-name-longer-than-fw_cfg-directory-entries-hold", NULL, 0) != -1)
		violated("absent file found", "", 0);
	fwcfg_report();
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fwcfg_fuzz_one(data, size);
}
#endif
