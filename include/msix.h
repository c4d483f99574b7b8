/* MSI-X: read the capability, validate table and PBA, program entries, hand off to the OS. */
#ifndef VMFW_MSIX_H
#define VMFW_MSIX_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pci_cfg_ops, struct mmio_ops */
#include "pci_cap.h"	/* struct pci_bar_res */

/* x86 MSI message (Intel SDM vol. 3, 11.11): address 0xFEE0_0000 | dest APIC ID << 12. */
#define MSI_ADDR_BASE		0xfee00000u
#define  MSI_ADDR_DEST_SHIFT	12
/* Data: vector in bits 7:0; delivery mode 000 (fixed) and trigger 0 (edge) are zero bits. */
#define MSI_DATA_VECTOR_MASK	0x000000ffu

#define MSIX_MAX_ENTRIES	2048	/* PCI_MSIX_FLAGS_QSIZE + 1 */
#define MSIX_REPORT_ENTRIES	4	/* entries listed in the inventory record */

/*
 * Mask policy (what the firmware leaves where):
 *  - msix_setup():   function mask set, MSI-X enable set, every entry programmed with
 *                    (dest, vector) and its mask bit set.
 *  - msix_unmask():  only while the firmware waits for an interrupt on that entry: entry
 *                    unmasked, then the function mask cleared.
 *  - msix_mask():    function mask set again, then the entry masked.
 *  - msix_handoff(): every entry masked, MSI-X enable cleared, function mask as found.
 *                    Address/data stay programmed (Linux rewrites them before unmasking).
 * Memory decoding (PCI_COMMAND_MEMORY) is set by msix_setup() if it was clear: the table
 * lives in an assigned memory BAR, which the allocator enables anyway.
 */
struct msix_dev {
	uint16_t bdf;
	uint16_t cap;		/* config offset of the MSI-X capability */
	uint16_t ctrl_found;	/* PCI_MSIX_FLAGS as found */
	uint16_t table_size;	/* entries: (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1 */
	uint8_t table_bir;
	uint8_t pba_bir;
	uint32_t table_off;
	uint32_t pba_off;
	uint64_t table;		/* address of entry 0 */
	uint64_t pba;		/* address of the pending-bit array */
	uint8_t dest_apic;	/* programmed by msix_setup() */
	uint8_t vector;
	bool programmed;
	/* Filled by the firmware part that used an entry (e.g. virtio-rng); reported by msix_report(). */
	const char *user;	/* NULL: no entry was used */
	uint16_t user_entry;
	uint32_t user_irqs;	/* interrupts counted by the handler */
	uint32_t user_bytes;	/* payload the device delivered */
};

/* Message address for a destination APIC ID (physical destination mode). */
static inline uint32_t msix_msg_addr(uint8_t dest_apic)
{ return MSI_ADDR_BASE | (uint32_t)dest_apic << MSI_ADDR_DEST_SHIFT; }

/*
 * Reads the MSI-X capability at config offset cap and checks that the table and the PBA
 * lie wholly inside assigned memory BARs. Returns 0, or -1 after logging
 * ERROR "BB:DD.F: MSI-X table ...: <reason>, skipped" (the caller leaves the function alone).
 */
int msix_probe(const struct pci_cfg_ops *cfg, uint16_t bdf, uint16_t cap,
	       const struct pci_bar_res bars[PCI_BAR_RES_COUNT], struct msix_dev *m);

/* Function mask + enable, then every entry: address for dest_apic, data = vector, masked. */
void msix_setup(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio, struct msix_dev *m,
		uint8_t dest_apic, uint8_t vector);
/* Reprograms one entry's address/data; its mask bit is left as it is. */
void msix_set_entry(const struct mmio_ops *mmio, const struct msix_dev *m, uint16_t entry,
		    uint8_t dest_apic, uint8_t vector);
void msix_unmask(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio,
		 const struct msix_dev *m, uint16_t entry);
void msix_mask(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio,
	       const struct msix_dev *m, uint16_t entry);
void msix_handoff(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio, struct msix_dev *m);

/*
 * Inventory record, entries read back from the table:
 * {"type":"msix","bdf":"00:03.0","table_size":2,"table":"0xfebf1000","table_bir":1,
 *  "pba":"0xfebf1800","pba_bir":1,"enabled":false,"function_mask":false,"programmed":2,
 *  "vectors":[{"entry":0,"addr":"0xfee00000","data":"0x40","masked":true},...],
 *  "use":{"driver":"virtio-rng","entry":0,"vector":"0x40","interrupts":1,"bytes":64}}
 * At most MSIX_REPORT_ENTRIES entries are listed; "programmed" counts all of them.
 */
void msix_report(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio, const struct msix_dev *m);

#endif
