/* Hardware access interfaces: every driver-level module takes these, so it runs on real
 * hardware (firmware/hw.c) and on the simulated bus of the host unit tests alike. */
#ifndef VMFW_HWOPS_H
#define VMFW_HWOPS_H

#include <stdint.h>	/* uint*_t */
#include <stdbool.h>	/* bool */

/* A PCI function in one segment: bus << 8 | device << 3 | function. */
#define PCI_BDF(bus, dev, fn)	((uint16_t)(((bus) << 8) | ((dev) << 3) | (fn)))
#define PCI_BUS(bdf)		(((bdf) >> 8) & 0xff)
#define PCI_SLOT(bdf)		(((bdf) >> 3) & 0x1f)
#define PCI_FUNC(bdf)		((bdf) & 0x7)

/*
 * Configuration space access. Offsets are byte offsets in the function's config space;
 * callers keep natural alignment. cfg_size is 256 (CF8/CFC) or 4096 (ECAM): an offset
 * at or above it reads as all-ones and ignores writes.
 */
struct pci_cfg_ops {
	void *ctx;
	uint8_t  (*read8)(void *ctx, uint16_t bdf, uint16_t off);
	uint16_t (*read16)(void *ctx, uint16_t bdf, uint16_t off);
	uint32_t (*read32)(void *ctx, uint16_t bdf, uint16_t off);
	void (*write8)(void *ctx, uint16_t bdf, uint16_t off, uint8_t val);
	void (*write16)(void *ctx, uint16_t bdf, uint16_t off, uint16_t val);
	void (*write32)(void *ctx, uint16_t bdf, uint16_t off, uint32_t val);
	uint16_t cfg_size;
};

static inline uint8_t pci_read8(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off)
{ return o->read8(o->ctx, bdf, off); }
static inline uint16_t pci_read16(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off)
{ return o->read16(o->ctx, bdf, off); }
static inline uint32_t pci_read32(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off)
{ return o->read32(o->ctx, bdf, off); }
static inline void pci_write8(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off, uint8_t v)
{ o->write8(o->ctx, bdf, off, v); }
static inline void pci_write16(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off, uint16_t v)
{ o->write16(o->ctx, bdf, off, v); }
static inline void pci_write32(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off, uint32_t v)
{ o->write32(o->ctx, bdf, off, v); }
/* Read-modify-write: new = (old & and_mask) | or_mask. */
static inline void pci_update16(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off,
				uint16_t and_mask, uint16_t or_mask)
{ pci_write16(o, bdf, off, (uint16_t)((pci_read16(o, bdf, off) & and_mask) | or_mask)); }
static inline void pci_update32(const struct pci_cfg_ops *o, uint16_t bdf, uint16_t off,
				uint32_t and_mask, uint32_t or_mask)
{ pci_write32(o, bdf, off, (pci_read32(o, bdf, off) & and_mask) | or_mask); }

/* Memory-mapped I/O (device registers: MSI-X tables, virtio, pvpanic-pci, LAPIC). */
struct mmio_ops {
	void *ctx;
	uint8_t  (*read8)(void *ctx, uint64_t addr);
	uint16_t (*read16)(void *ctx, uint64_t addr);
	uint32_t (*read32)(void *ctx, uint64_t addr);
	void (*write8)(void *ctx, uint64_t addr, uint8_t val);
	void (*write16)(void *ctx, uint64_t addr, uint16_t val);
	void (*write32)(void *ctx, uint64_t addr, uint32_t val);
};

/* x86 port I/O (ELCR, PM registers, pvpanic, fw_cfg). */
struct pio_ops {
	void *ctx;
	uint8_t  (*in8)(void *ctx, uint16_t port);
	uint16_t (*in16)(void *ctx, uint16_t port);
	uint32_t (*in32)(void *ctx, uint16_t port);
	void (*out8)(void *ctx, uint16_t port, uint8_t val);
	void (*out16)(void *ctx, uint16_t port, uint16_t val);
	void (*out32)(void *ctx, uint16_t port, uint32_t val);
};

/* The set a subsystem receives. ecam_base is 0 when only CF8/CFC access exists. */
struct hw {
	const struct pci_cfg_ops *cfg;
	const struct mmio_ops *mmio;
	const struct pio_ops *pio;
};

#endif
