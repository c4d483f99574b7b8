/* Invariant checker for a configured simulated PCI bus (fuzz target and hostile-device tests). */
#ifndef VMFW_TEST_PCI_CHECK_H
#define VMFW_TEST_PCI_CHECK_H

#include <stddef.h>	/* size_t */
#include "pci.h"	/* struct pci_platform */
#include "../pci/simbus.h"	/* struct simbus */

/*
 * Decodes what the simulated hardware would actually decode after pci_setup/pci_apply,
 * from the config bytes and write masks of the simulation (not from vmfw's table):
 *   - a BAR whose writable bits are not a contiguous power-of-two field, a 64-bit BAR in
 *     the last slot, a reserved memory type, or a read-only BAR at a fixed address must not
 *     have its space (I/O or memory) enabled in the command register;
 *   - every decoding BAR range is naturally aligned;
 *   - on each bus no two decoding ranges of one space (BARs, enabled ROMs, child bridge
 *     windows) overlap;
 *   - every range on a bus whose bridge forwards that space lies inside the bridge's
 *     window; ranges on bus 0 lie inside the platform's I/O, 32-bit (below the IOAPIC, off
 *     ECAM) or 64-bit window;
 *   - bridge bus ranges are nested in their parent's and disjoint between siblings;
 *   - vmfw's table agrees with the hardware: an assigned BAR holds its address, and an
 *     unassigned BAR leaves its space disabled.
 * The table check reads BARs through view (normally &s->ops; a wrapper for devices that
 * alias functions); view NULL skips it.
 * Returns NULL when all hold, else a message (static buffer) naming the first violation.
 * *ranges (optional) gets the number of decoding BAR ranges seen.
 */
const char *pci_check_bus(const struct simbus *s, const struct pci_platform *p,
			  const struct pci_cfg_ops *view, unsigned *ranges);

#endif
