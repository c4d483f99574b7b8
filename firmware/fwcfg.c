/* fw_cfg driver: detection, file directory, bounded reads over DMA or the port interface. */
#include "fwcfg.h"	/* fwcfg_* */
#include "log.h"	/* log_* */
#include "inventory.h"	/* inv_* */
#include "util.h"	/* be32, memcpy, strcmp */

/* FWCfgDmaAccess (docs/specs/fw_cfg.txt), big-endian fields. 16-byte aligned for clarity. */
struct fwcfg_dma {
	uint32_t control;
	uint32_t length;
	uint64_t address;
} __attribute__((aligned(16)));

static struct {
	const struct pio_ops *pio;
	bool present;
	bool dma;
	uint32_t features;
	unsigned nfiles;
	unsigned dir_total;
	struct fwcfg_file files[FWCFG_MAX_FILES];
	char hidden[4][FW_CFG_MAX_FILE_PATH];
	unsigned nhidden;
} fw;

static struct fwcfg_dma dma_desc;

static inline uint32_t bswap32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static void select_key(uint16_t key)
{
	fw.pio->out16(fw.pio->ctx, FW_CFG_PORT_SEL, key);
}

/* One DMA transfer. ctl carries select/read/skip bits; returns false on a device error. */
static bool dma_xfer(uint32_t ctl, uint64_t addr, uint32_t len)
{
	uint64_t desc = (uint64_t)(uintptr_t)&dma_desc;

	dma_desc.control = bswap32(ctl);
	dma_desc.length = bswap32(len);
	dma_desc.address = __builtin_bswap64(addr);
	__asm__ volatile("" : : : "memory");
	/* SAFETY: writing the low half starts the transfer; the descriptor is in RAM the device reads. */
	fw.pio->out32(fw.pio->ctx, FW_CFG_PORT_DMA, bswap32((uint32_t)(desc >> 32)));
	fw.pio->out32(fw.pio->ctx, FW_CFG_PORT_DMA + 4, bswap32((uint32_t)desc));
	/* QEMU completes synchronously; bound the wait anyway. */
	for (unsigned i = 0; i < 1000000; i++) {
		uint32_t c = bswap32(*(volatile uint32_t *)&dma_desc.control);
		if (c & FW_CFG_DMA_CTL_ERROR) {
			log_err("fw_cfg: DMA error (control 0x%x)", ctl);
			return false;
		}
		if (!c)
			return true;
	}
	log_err("fw_cfg: DMA did not complete (control 0x%x)", ctl);
	return false;
}

static void read_current(void *buf, uint32_t len)
{
	uint8_t *p = buf;

	if (fw.dma) {
		if (dma_xfer(FW_CFG_DMA_CTL_READ, (uint64_t)(uintptr_t)buf, len))
			return;
		log_warn("fw_cfg: falling back to the port interface");
		fw.dma = false;
	}
	for (uint32_t i = 0; i < len; i++)
		p[i] = fw.pio->in8(fw.pio->ctx, FW_CFG_PORT_DATA);
}

void fwcfg_read_item(uint16_t key, void *buf, uint32_t len)
{
	if (!fw.present) {
		memset(buf, 0, len);
		return;
	}
	log_spew("fw_cfg: read key 0x%04x len %u", key, len);
	select_key(key);
	read_current(buf, len);
}

uint32_t fwcfg_read_u32(uint16_t key)
{
	uint8_t b[4];
	fwcfg_read_item(key, b, 4);
	return le32(b);
}

uint16_t fwcfg_read_u16(uint16_t key)
{
	uint8_t b[2];
	fwcfg_read_item(key, b, 2);
	return le16(b);
}

static void read_directory(void)
{
	uint8_t hdr[4];
	uint8_t ent[64];

	fw.nfiles = 0;
	select_key(FW_CFG_FILE_DIR);
	read_current(hdr, sizeof(hdr));
	fw.dir_total = be32(hdr);
	if (fw.dir_total > FWCFG_MAX_FILES)
		log_warn("fw_cfg: directory lists %u files; only the first %u are used",
			 fw.dir_total, FWCFG_MAX_FILES);
	unsigned n = fw.dir_total > FWCFG_MAX_FILES ? FWCFG_MAX_FILES : fw.dir_total;
	for (unsigned i = 0; i < n; i++) {
		/* The port interface continues where the last read stopped; DMA too. */
		read_current(ent, sizeof(ent));
		struct fwcfg_file *f = &fw.files[fw.nfiles];
		f->size = be32(ent);
		f->select = be16(ent + 4);
		memcpy(f->name, ent + 8, FW_CFG_MAX_FILE_PATH);
		if (f->name[FW_CFG_MAX_FILE_PATH - 1] != '\0') {
			f->name[FW_CFG_MAX_FILE_PATH - 1] = '\0';
			log_warn("fw_cfg: file name at entry %u is not terminated; cut to \"%s\"", i, f->name);
		}
		if (!f->name[0]) {
			log_warn("fw_cfg: directory entry %u has an empty name; ignored", i);
			continue;
		}
		fw.nfiles++;
	}
}

bool fwcfg_init(const struct pio_ops *pio)
{
	uint8_t sig[4];

	memset(&fw, 0, sizeof(fw));
	fw.pio = pio;
	select_key(FW_CFG_SIGNATURE);
	for (int i = 0; i < 4; i++)
		sig[i] = pio->in8(pio->ctx, FW_CFG_PORT_DATA);
	if (memcmp(sig, "QEMU", 4) != 0) {
		log_err("fw_cfg: no device (signature %02x %02x %02x %02x)", sig[0], sig[1], sig[2], sig[3]);
		return false;
	}
	fw.present = true;
	fw.features = fwcfg_read_u32(FW_CFG_ID);
	fw.dma = (fw.features & FW_CFG_VERSION_DMA) != 0;
	read_directory();
	log_info("fw_cfg: signature QEMU, features 0x%x (%s), %u files", fw.features,
		 fw.dma ? "DMA" : "port I/O", fw.nfiles);
	return true;
}

bool fwcfg_present(void) { return fw.present; }
bool fwcfg_has_dma(void) { return fw.dma; }
uint32_t fwcfg_features(void) { return fw.features; }
unsigned fwcfg_file_count(void) { return fw.nfiles; }
const struct fwcfg_file *fwcfg_file_at(unsigned i) { return i < fw.nfiles ? &fw.files[i] : NULL; }

void fwcfg_hide(const char *name)
{
	if (fw.nhidden >= ARRAY_SIZE(fw.hidden))
		return;
	size_t n = strlen(name);
	if (n >= FW_CFG_MAX_FILE_PATH)
		n = FW_CFG_MAX_FILE_PATH - 1;
	memcpy(fw.hidden[fw.nhidden], name, n);
	fw.hidden[fw.nhidden][n] = '\0';
	fw.nhidden++;
	log_warn("fw_cfg: test knob: treating \"%s\" as absent", fw.hidden[fw.nhidden - 1]);
}

const struct fwcfg_file *fwcfg_find(const char *name)
{
	for (unsigned h = 0; h < fw.nhidden; h++)
		if (!strcmp(fw.hidden[h], name))
			return NULL;
	for (unsigned i = 0; i < fw.nfiles; i++)
		if (!strcmp(fw.files[i].name, name))
			return &fw.files[i];
	return NULL;
}

int64_t fwcfg_read_file(const char *name, void *buf, uint32_t cap)
{
	const struct fwcfg_file *f = fwcfg_find(name);
	if (!f)
		return -1;
	uint32_t n = f->size;
	if (n > cap) {
		log_warn("fw_cfg: %s is %u bytes; read only the first %u", name, f->size, cap);
		n = cap;
	}
	fwcfg_read_item(f->select, buf, n);
	return f->size;
}

bool fwcfg_read_string(const char *name, char *buf, size_t cap)
{
	if (!cap)
		return false;
	int64_t size = fwcfg_read_file(name, buf, (uint32_t)(cap - 1));
	if (size < 0) {
		buf[0] = '\0';
		return false;
	}
	size_t n = (size_t)size < cap - 1 ? (size_t)size : cap - 1;
	buf[n] = '\0';
	/* An embedded NUL ends the string: what follows it is not part of the value, and the
	 * blanks before it are trailing blanks of the value. */
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	return true;
}

void fwcfg_report(void)
{
	inv_begin("fwcfg");
	inv_bool("present", fw.present);
	inv_bool("dma", fw.dma);
	inv_hex("features", fw.features);
	inv_u64("files", fw.nfiles);
	if (fw.dir_total != fw.nfiles)
		inv_u64("directory_entries", fw.dir_total);
	inv_end();
}
