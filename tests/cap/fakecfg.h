/* A one-function fake PCI config space for the capability, MSI-X and virtio unit tests. */
#ifndef VMFW_TEST_FAKECFG_H
#define VMFW_TEST_FAKECFG_H

#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pci_cfg_ops */

/*
 * One function at `bdf` with a 256- or 4096-byte config space; other functions read
 * all-ones. Plain memory: every byte is writable. Access counters let tests prove that
 * walks are bounded and that the extended space is not touched on a 256-byte space.
 */
struct fake_cfg {
	uint8_t space[4096];
	uint16_t bdf;
	unsigned reads;		/* read accesses (any width) */
	unsigned reads_ext;	/* read accesses at offset >= 0x100 */
	unsigned writes;
	struct pci_cfg_ops ops;
};

void fake_cfg_init(struct fake_cfg *f, uint16_t bdf, uint16_t cfg_size);
/* Little-endian stores without counting as device accesses. */
void fake_put8(struct fake_cfg *f, uint16_t off, uint8_t v);
void fake_put16(struct fake_cfg *f, uint16_t off, uint16_t v);
void fake_put32(struct fake_cfg *f, uint16_t off, uint32_t v);
uint16_t fake_get16(const struct fake_cfg *f, uint16_t off);
/* Standard capability header; sets PCI_STATUS_CAP_LIST (the test writes 0x34 itself). */
void fake_cap(struct fake_cfg *f, uint8_t off, uint8_t id, uint8_t next);
/* Extended capability header: id, version, next. */
void fake_ext(struct fake_cfg *f, uint16_t off, uint16_t id, uint8_t ver, uint16_t next);

#endif
