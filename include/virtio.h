/* Virtio 1.0 over PCI (modern transport, spec 4.1) and the entropy device (spec 5.4). */
#ifndef VMFW_VIRTIO_H
#define VMFW_VIRTIO_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pci_cfg_ops, struct mmio_ops */
#include "pci_cap.h"	/* struct pci_cap_list, struct pci_bar_res */
#include "msix.h"	/* struct msix_dev */

#define VIRTIO_PCI_VENDOR_ID		0x1af4
#define VIRTIO_PCI_DEVICE_ID_RNG	0x1044	/* modern: 0x1040 + device type 4 */
#define VIRTIO_PCI_DEVICE_ID_RNG_TRANS	0x1005	/* transitional */

/* struct virtio_pci_cap (vendor capability, PCI_CAP_ID_VNDR) field offsets */
#define VIRTIO_PCI_CAP_LEN		2	/* 8 bits */
#define VIRTIO_PCI_CAP_CFG_TYPE		3	/* 8 bits */
#define  VIRTIO_PCI_CAP_COMMON_CFG	1
#define  VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define  VIRTIO_PCI_CAP_ISR_CFG		3
#define  VIRTIO_PCI_CAP_DEVICE_CFG	4
#define  VIRTIO_PCI_CAP_PCI_CFG		5
#define VIRTIO_PCI_CAP_BAR		4	/* 8 bits */
#define VIRTIO_PCI_CAP_OFFSET		8	/* 32 bits */
#define VIRTIO_PCI_CAP_LENGTH		12	/* 32 bits */
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16	/* 32 bits: notify_off_multiplier */
#define VIRTIO_PCI_CAP_SIZEOF		16
#define VIRTIO_PCI_NOTIFY_CAP_SIZEOF	20

/* struct virtio_pci_common_cfg register offsets */
#define VIRTIO_PCI_COMMON_DFSELECT	0x00	/* 32 bits */
#define VIRTIO_PCI_COMMON_DF		0x04	/* 32 bits */
#define VIRTIO_PCI_COMMON_GFSELECT	0x08	/* 32 bits */
#define VIRTIO_PCI_COMMON_GF		0x0c	/* 32 bits */
#define VIRTIO_PCI_COMMON_MSIX		0x10	/* 16 bits: config_msix_vector */
#define VIRTIO_PCI_COMMON_NUMQ		0x12	/* 16 bits */
#define VIRTIO_PCI_COMMON_STATUS	0x14	/* 8 bits */
#define VIRTIO_PCI_COMMON_CFGGENERATION	0x15	/* 8 bits */
#define VIRTIO_PCI_COMMON_Q_SELECT	0x16	/* 16 bits */
#define VIRTIO_PCI_COMMON_Q_SIZE	0x18	/* 16 bits */
#define VIRTIO_PCI_COMMON_Q_MSIX	0x1a	/* 16 bits */
#define VIRTIO_PCI_COMMON_Q_ENABLE	0x1c	/* 16 bits */
#define VIRTIO_PCI_COMMON_Q_NOFF	0x1e	/* 16 bits */
#define VIRTIO_PCI_COMMON_Q_DESCLO	0x20	/* 32 bits */
#define VIRTIO_PCI_COMMON_Q_DESCHI	0x24	/* 32 bits */
#define VIRTIO_PCI_COMMON_Q_AVAILLO	0x28	/* 32 bits */
#define VIRTIO_PCI_COMMON_Q_AVAILHI	0x2c	/* 32 bits */
#define VIRTIO_PCI_COMMON_Q_USEDLO	0x30	/* 32 bits */
#define VIRTIO_PCI_COMMON_Q_USEDHI	0x34	/* 32 bits */
#define VIRTIO_PCI_COMMON_SIZEOF	0x38
#define VIRTIO_MSI_NO_VECTOR		0xffff

/* Device status bits (spec 2.1) */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE	0x01
#define VIRTIO_CONFIG_S_DRIVER		0x02
#define VIRTIO_CONFIG_S_DRIVER_OK	0x04
#define VIRTIO_CONFIG_S_FEATURES_OK	0x08
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40
#define VIRTIO_CONFIG_S_FAILED		0x80

#define VIRTIO_F_VERSION_1		32	/* feature bit number */

/* Split virtqueue layout (spec 2.4): descriptor 16 bytes, avail and used rings. */
#define VRING_DESC_SIZE			16
#define VRING_DESC_ADDR			0	/* 64 bits */
#define VRING_DESC_LEN			8	/* 32 bits */
#define VRING_DESC_FLAGS		12	/* 16 bits */
#define  VRING_DESC_F_NEXT		1
#define  VRING_DESC_F_WRITE		2	/* device writes the buffer */
#define VRING_DESC_NEXT			14	/* 16 bits */
#define VRING_AVAIL_FLAGS		0	/* 16 bits */
#define VRING_AVAIL_IDX			2	/* 16 bits */
#define VRING_AVAIL_RING		4	/* 16 bits per entry */
#define VRING_USED_FLAGS		0	/* 16 bits */
#define VRING_USED_IDX			2	/* 16 bits */
#define VRING_USED_RING			4	/* 8 bytes per entry: id (32), len (32) */
#define VRING_USED_ELEM_SIZE		8

/*
 * Memory the caller hands to virtio_rng_read(): host-visible pointer plus its physical
 * address (identity on the firmware). 16-byte aligned physical address, at least
 * VIRTIO_RNG_MEM_SIZE bytes. Holds a queue of at most VIRTIO_RNG_QUEUE_MAX entries and the
 * receive buffer of at most VIRTIO_RNG_BUF_MAX bytes.
 */
#define VIRTIO_RNG_QUEUE_MAX		8
#define VIRTIO_RNG_BUF_MAX		256
#define VIRTIO_RNG_BUF_OFF		256	/* ring parts live below this offset */
#define VIRTIO_RNG_MEM_SIZE		(VIRTIO_RNG_BUF_OFF + VIRTIO_RNG_BUF_MAX)

/* Where the four configuration structures of a modern device are (addresses in MMIO space). */
struct virtio_pci_dev {
	uint16_t bdf;
	uint64_t common;
	uint64_t notify;	/* base of the notify region */
	uint32_t notify_len;
	uint32_t notify_mult;	/* notify_off_multiplier */
	uint64_t isr;
	uint64_t device;	/* 0 when the device has no device-specific config */
};

/* True for the modern and transitional virtio-rng IDs. */
bool virtio_rng_match(uint16_t vendor, uint16_t device);

/*
 * Finds the common, notify, ISR (and device) vendor capabilities whose regions lie inside
 * assigned memory BARs (the first usable one of each type, spec 4.1.4). Returns 0, or -1
 * when a required one is missing (legacy-only device): logged, the caller skips the device.
 */
int virtio_pci_probe(const struct pci_cfg_ops *cfg, uint16_t bdf, const struct pci_cap_list *caps,
		     const struct pci_bar_res bars[PCI_BAR_RES_COUNT], struct virtio_pci_dev *vd);

/* What virtio_rng_read() needs from its caller. */
struct virtio_rng_io {
	const struct pci_cfg_ops *cfg;
	const struct mmio_ops *mmio;
	struct msix_dev *msix;	/* after msix_setup(): entry msix_entry carries the queue interrupt */
	uint16_t msix_entry;	/* 0 */
	void *mem;		/* VIRTIO_RNG_MEM_SIZE bytes for ring and buffer, zeroed here */
	uint64_t mem_phys;	/* the device's view of mem */
	/*
	 * Called once after the notify. Returns true when the queue interrupt was delivered
	 * (also when it arrived before the call: compare against a count taken before
	 * virtio_rng_read()), false when the time limit ran out.
	 */
	bool (*wait)(void *arg);
	void *wait_arg;
};

/*
 * Drives one request through queue 0: reset, ACKNOWLEDGE, DRIVER, VIRTIO_F_VERSION_1 only,
 * FEATURES_OK, queue 0 on MSI-X entry msix_entry (read back; 0xffff = refused), DRIVER_OK,
 * one device-writable buffer of len bytes (<= VIRTIO_RNG_BUF_MAX), notify, wait(), used
 * ring. The MSI-X entry is unmasked only around the wait. The device is reset again at
 * the end on every path and bus mastering restored as found, so the OS driver starts from
 * a clean device. Returns the bytes received (copied to out), or -1 (logged).
 * irq_seen (may be NULL) tells whether wait() reported the interrupt.
 */
int virtio_rng_read(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd,
		    uint8_t *out, size_t len, bool *irq_seen);

#endif
