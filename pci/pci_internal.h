/* State shared by the PCI probe, planner, applier and chipset code (not a public interface). */
#ifndef VMFW_PCI_INTERNAL_H
#define VMFW_PCI_INTERNAL_H

#include "pci.h"	/* struct pci_dev, struct pci_windows */

extern struct pci_dev pci_tab[PCI_MAX_DEVS];
extern unsigned pci_ntab;
extern struct pci_windows pci_root_win;
extern uint8_t pci_pirq_to_irq[8];

/* Window slots in pci_dev.wsize[] / walign[]. */
enum { PCI_W_IO = 0, PCI_W_MEM = 1, PCI_W_PREF = 2 };

/* Device-table lookup: PCI_QUIRK_* flags for a function (pci_chipset.c). */
uint16_t pci_quirks_for(uint16_t vendor, uint16_t device, uint32_t class);

/* Log prefix for a function: log_err(BDF_FMT " BAR%d: ...", BDF_ARG(bdf), ...). */
#define BDF_FMT		"%02x:%02x.%x"
#define BDF_ARG(bdf)	PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf)

/* Problems counted by pci_probe (kept for the summary record). */
extern unsigned pci_probe_problems;

#endif
