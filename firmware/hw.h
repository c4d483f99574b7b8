/* The real hardware behind struct hw: port I/O, MMIO and PCI config (CF8/CFC, ECAM). */
#ifndef VMFW_HW_H
#define VMFW_HW_H

#include "hwops.h"	/* struct hw, pci_cfg_ops */

extern const struct pio_ops hw_pio;
extern const struct mmio_ops hw_mmio;
extern const struct pci_cfg_ops hw_cfg_cf8;

/* Switch config access to ECAM at base (bus 0..nbuses-1); extended config space becomes reachable. */
void hw_use_ecam(uint64_t base, unsigned nbuses);
/* The ops in use now (CF8 until hw_use_ecam). */
const struct hw *hw_get(void);

#endif
