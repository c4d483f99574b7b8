/* Real hardware access: port I/O, MMIO, PCI configuration via CF8/CFC and ECAM. */
#include "hw.h"		/* hw_* */
#include "io.h"		/* inb/outb, readl/writel */
#include "paging.h"	/* paging_map */

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc

static uint8_t pio_in8(void *c, uint16_t p) { return inb(p); }
static uint16_t pio_in16(void *c, uint16_t p) { return inw(p); }
static uint32_t pio_in32(void *c, uint16_t p) { return inl(p); }
static void pio_out8(void *c, uint16_t p, uint8_t v) { outb(p, v); }
static void pio_out16(void *c, uint16_t p, uint16_t v) { outw(p, v); }
static void pio_out32(void *c, uint16_t p, uint32_t v) { outl(p, v); }

const struct pio_ops hw_pio = {
	.in8 = pio_in8, .in16 = pio_in16, .in32 = pio_in32,
	.out8 = pio_out8, .out16 = pio_out16, .out32 = pio_out32,
};

static uint8_t mm_r8(void *c, uint64_t a) { return readb(a); }
static uint16_t mm_r16(void *c, uint64_t a) { return readw(a); }
static uint32_t mm_r32(void *c, uint64_t a) { return readl(a); }
static void mm_w8(void *c, uint64_t a, uint8_t v) { writeb(a, v); }
static void mm_w16(void *c, uint64_t a, uint16_t v) { writew(a, v); }
static void mm_w32(void *c, uint64_t a, uint32_t v) { writel(a, v); }

const struct mmio_ops hw_mmio = {
	.read8 = mm_r8, .read16 = mm_r16, .read32 = mm_r32,
	.write8 = mm_w8, .write16 = mm_w16, .write32 = mm_w32,
};

/* CF8/CFC mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): registers 0x00-0xff only. */
static inline void cf8_select(uint16_t bdf, uint16_t off)
{
	outl(PCI_CONFIG_ADDRESS, 0x80000000u | (uint32_t)bdf << 8 | (off & 0xfc));
}
static uint8_t cf8_r8(void *c, uint16_t bdf, uint16_t off)
{
	if (off >= 256)
		return 0xff;
	cf8_select(bdf, off);
	return inb(PCI_CONFIG_DATA + (off & 3));
}
static uint16_t cf8_r16(void *c, uint16_t bdf, uint16_t off)
{
	if (off >= 256)
		return 0xffff;
	cf8_select(bdf, off);
	return inw(PCI_CONFIG_DATA + (off & 2));
}
static uint32_t cf8_r32(void *c, uint16_t bdf, uint16_t off)
{
	if (off >= 256)
		return 0xffffffff;
	cf8_select(bdf, off);
	return inl(PCI_CONFIG_DATA);
}
static void cf8_w8(void *c, uint16_t bdf, uint16_t off, uint8_t v)
{
	if (off >= 256)
		return;
	cf8_select(bdf, off);
	outb(PCI_CONFIG_DATA + (off & 3), v);
}
static void cf8_w16(void *c, uint16_t bdf, uint16_t off, uint16_t v)
{
	if (off >= 256)
		return;
	cf8_select(bdf, off);
	outw(PCI_CONFIG_DATA + (off & 2), v);
}
static void cf8_w32(void *c, uint16_t bdf, uint16_t off, uint32_t v)
{
	if (off >= 256)
		return;
	cf8_select(bdf, off);
	outl(PCI_CONFIG_DATA, v);
}

const struct pci_cfg_ops hw_cfg_cf8 = {
	.read8 = cf8_r8, .read16 = cf8_r16, .read32 = cf8_r32,
	.write8 = cf8_w8, .write16 = cf8_w16, .write32 = cf8_w32,
	.cfg_size = 256,
};

/* ECAM (PCIe Base 4.0, 7.2.2): base + (bus << 20 | dev << 15 | fn << 12 | off). */
static uint64_t ecam_base;
static unsigned ecam_buses;

static inline uint64_t ecam_addr(uint16_t bdf, uint16_t off)
{
	return ecam_base + ((uint64_t)bdf << 12) + off;
}
#define ECAM_OK(bdf, off) ((off) < 4096 && PCI_BUS(bdf) < ecam_buses)
static uint8_t ecam_r8(void *c, uint16_t bdf, uint16_t off)
{ return ECAM_OK(bdf, off) ? readb(ecam_addr(bdf, off)) : 0xff; }
static uint16_t ecam_r16(void *c, uint16_t bdf, uint16_t off)
{ return ECAM_OK(bdf, off) ? readw(ecam_addr(bdf, off)) : 0xffff; }
static uint32_t ecam_r32(void *c, uint16_t bdf, uint16_t off)
{ return ECAM_OK(bdf, off) ? readl(ecam_addr(bdf, off)) : 0xffffffff; }
static void ecam_w8(void *c, uint16_t bdf, uint16_t off, uint8_t v)
{ if (ECAM_OK(bdf, off)) writeb(ecam_addr(bdf, off), v); }
static void ecam_w16(void *c, uint16_t bdf, uint16_t off, uint16_t v)
{ if (ECAM_OK(bdf, off)) writew(ecam_addr(bdf, off), v); }
static void ecam_w32(void *c, uint16_t bdf, uint16_t off, uint32_t v)
{ if (ECAM_OK(bdf, off)) writel(ecam_addr(bdf, off), v); }

static const struct pci_cfg_ops hw_cfg_ecam = {
	.read8 = ecam_r8, .read16 = ecam_r16, .read32 = ecam_r32,
	.write8 = ecam_w8, .write16 = ecam_w16, .write32 = ecam_w32,
	.cfg_size = 4096,
};

static struct hw current = { &hw_cfg_cf8, &hw_mmio, &hw_pio };

void hw_use_ecam(uint64_t base, unsigned nbuses)
{
	ecam_base = base;
	ecam_buses = nbuses;
	paging_map(base, (uint64_t)nbuses << 20);
	current.cfg = &hw_cfg_ecam;
}

const struct hw *hw_get(void)
{
	return &current;
}
