/* Stages after enumeration: PCI setup, capabilities, MSI-X, virtio-rng entropy, pvpanic-pci. */
#ifndef VMFW_DEVICES_H
#define VMFW_DEVICES_H

#include <stdbool.h>	/* bool */
#include "e820.h"	/* struct e820_map */

/* ECAM vmfw programs on q35 (256 buses x 1 MiB). */
#define Q35_ECAM_BASE	0xb0000000ull
#define Q35_ECAM_SIZE	0x10000000ull

/* Enables ECAM on q35 (reserved in map), enumerates and allocates. */
void devices_pci_stage(struct e820_map *map, bool q35, bool hotplug_reserve);
/* The windows the allocator could use (DSDT _CRS declares these, room for hotplug). */
struct pci_platform;
const struct pci_platform *devices_platform(void);

/* Capability walks and MSI-X on every function; entropy from virtio-rng through MSI-X. */
void devices_msix_stage(void);

#endif
