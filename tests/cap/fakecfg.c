/* A one-function fake PCI config space (see fakecfg.h). */
#include <string.h>
#include "fakecfg.h"
#include "pci_regs.h"	/* PCI_STATUS, PCI_STATUS_CAP_LIST */

static struct fake_cfg *ctx_of(void *c) { return c; }

static uint32_t rd(void *c, uint16_t bdf, uint16_t off, unsigned n)
{
	struct fake_cfg *f = ctx_of(c);
	uint32_t v = 0;

	f->reads++;
	if (off >= 0x100)
		f->reads_ext++;
	if (bdf != f->bdf || off + n > f->ops.cfg_size)
		return n == 4 ? 0xffffffffu : (1u << (8 * n)) - 1;
	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)f->space[off + i] << (8 * i);
	return v;
}

static void wr(void *c, uint16_t bdf, uint16_t off, uint32_t v, unsigned n)
{
	struct fake_cfg *f = ctx_of(c);

	f->writes++;
	if (bdf != f->bdf || off + n > f->ops.cfg_size)
		return;
	for (unsigned i = 0; i < n; i++)
		f->space[off + i] = (uint8_t)(v >> (8 * i));
}

static uint8_t r8(void *c, uint16_t b, uint16_t o) { return (uint8_t)rd(c, b, o, 1); }
static uint16_t r16(void *c, uint16_t b, uint16_t o) { return (uint16_t)rd(c, b, o, 2); }
static uint32_t r32(void *c, uint16_t b, uint16_t o) { return rd(c, b, o, 4); }
static void w8(void *c, uint16_t b, uint16_t o, uint8_t v) { wr(c, b, o, v, 1); }
static void w16(void *c, uint16_t b, uint16_t o, uint16_t v) { wr(c, b, o, v, 2); }
static void w32(void *c, uint16_t b, uint16_t o, uint32_t v) { wr(c, b, o, v, 4); }

void fake_cfg_init(struct fake_cfg *f, uint16_t bdf, uint16_t cfg_size)
{
	memset(f, 0, sizeof(*f));
	f->bdf = bdf;
	f->ops = (struct pci_cfg_ops){
		.ctx = f, .read8 = r8, .read16 = r16, .read32 = r32,
		.write8 = w8, .write16 = w16, .write32 = w32, .cfg_size = cfg_size,
	};
}

void fake_put8(struct fake_cfg *f, uint16_t off, uint8_t v) { f->space[off] = v; }
void fake_put16(struct fake_cfg *f, uint16_t off, uint16_t v)
{
	f->space[off] = (uint8_t)v;
	f->space[off + 1] = (uint8_t)(v >> 8);
}
void fake_put32(struct fake_cfg *f, uint16_t off, uint32_t v)
{
	fake_put16(f, off, (uint16_t)v);
	fake_put16(f, off + 2, (uint16_t)(v >> 16));
}
uint16_t fake_get16(const struct fake_cfg *f, uint16_t off)
{
	return (uint16_t)(f->space[off] | f->space[off + 1] << 8);
}

void fake_cap(struct fake_cfg *f, uint8_t off, uint8_t id, uint8_t next)
{
	fake_put16(f, PCI_STATUS, fake_get16(f, PCI_STATUS) | PCI_STATUS_CAP_LIST);
	f->space[off] = id;
	f->space[off + 1] = next;
}

void fake_ext(struct fake_cfg *f, uint16_t off, uint16_t id, uint8_t ver, uint16_t next)
{
	fake_put32(f, off, (uint32_t)id | (uint32_t)(ver & 0xf) << 16 | (uint32_t)next << 20);
}
