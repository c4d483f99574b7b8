/* PCI / PCIe configuration-space register names, spelled as Linux's pci_regs.h spells them
 * (PCI Local Bus 3.0, PCI-PCI Bridge 1.2, PCIe Base 4.0). Offsets in column 0, fields indented. */
#ifndef VMFW_PCI_REGS_H
#define VMFW_PCI_REGS_H

/* Type 0 and type 1 common header */
#define PCI_VENDOR_ID		0x00	/* 16 bits */
#define PCI_DEVICE_ID		0x02	/* 16 bits */
#define PCI_COMMAND		0x04	/* 16 bits */
#define  PCI_COMMAND_IO		0x0001	/* I/O space enable */
#define  PCI_COMMAND_MEMORY	0x0002	/* memory space enable */
#define  PCI_COMMAND_MASTER	0x0004	/* bus master enable */
#define  PCI_COMMAND_SERR	0x0100	/* SERR# enable */
#define  PCI_COMMAND_INTX_DISABLE 0x0400 /* INTx emulation disable */
#define PCI_STATUS		0x06	/* 16 bits */
#define  PCI_STATUS_CAP_LIST	0x0010	/* capability list present */
#define PCI_CLASS_REVISION	0x08	/* 32 bits: class << 8 | revision */
#define PCI_REVISION_ID		0x08	/* 8 bits */
#define PCI_CLASS_PROG		0x09	/* 8 bits: programming interface */
#define PCI_CLASS_DEVICE	0x0a	/* 16 bits: base class << 8 | subclass */
#define PCI_CACHE_LINE_SIZE	0x0c	/* 8 bits */
#define PCI_LATENCY_TIMER	0x0d	/* 8 bits */
#define PCI_HEADER_TYPE		0x0e	/* 8 bits */
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1
#define  PCI_HEADER_TYPE_CARDBUS 2
#define  PCI_HEADER_TYPE_MFD	0x80	/* multi-function device */
#define PCI_BIST		0x0f	/* 8 bits */
#define PCI_BASE_ADDRESS_0	0x10	/* 32 bits */
#define PCI_BASE_ADDRESS_1	0x14	/* 32 bits */
#define PCI_BASE_ADDRESS_2	0x18	/* 32 bits (type 0 only from here) */
#define PCI_BASE_ADDRESS_3	0x1c	/* 32 bits */
#define PCI_BASE_ADDRESS_4	0x20	/* 32 bits */
#define PCI_BASE_ADDRESS_5	0x24	/* 32 bits */
#define  PCI_BASE_ADDRESS_SPACE		0x01	/* 0 = memory, 1 = I/O */
#define  PCI_BASE_ADDRESS_SPACE_IO	0x01
#define  PCI_BASE_ADDRESS_SPACE_MEMORY	0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_32	0x00	/* 32-bit address */
#define  PCI_BASE_ADDRESS_MEM_TYPE_1M	0x02	/* below 1 MiB (obsolete) */
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x04	/* 64-bit address */
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x08	/* prefetchable */
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0x0fUL)
#define  PCI_BASE_ADDRESS_IO_MASK	(~0x03UL)
#define PCI_CARDBUS_CIS		0x28	/* 32 bits */
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c	/* 16 bits */
#define PCI_SUBSYSTEM_ID	0x2e	/* 16 bits */
#define PCI_ROM_ADDRESS		0x30	/* 32 bits: type 0 expansion ROM */
#define  PCI_ROM_ADDRESS_ENABLE	0x01
#define  PCI_ROM_ADDRESS_MASK	(~0x7ffUL)
#define PCI_CAPABILITY_LIST	0x34	/* 8 bits: first capability */
#define PCI_INTERRUPT_LINE	0x3c	/* 8 bits */
#define PCI_INTERRUPT_PIN	0x3d	/* 8 bits: 1 = INTA ... 4 = INTD, 0 = none */
#define PCI_MIN_GNT		0x3e	/* 8 bits */
#define PCI_MAX_LAT		0x3f	/* 8 bits */

/* Type 1 (PCI-PCI bridge) header */
#define PCI_PRIMARY_BUS		0x18	/* 8 bits */
#define PCI_SECONDARY_BUS	0x19	/* 8 bits */
#define PCI_SUBORDINATE_BUS	0x1a	/* 8 bits */
#define PCI_SEC_LATENCY_TIMER	0x1b	/* 8 bits */
#define PCI_IO_BASE		0x1c	/* 8 bits */
#define PCI_IO_LIMIT		0x1d	/* 8 bits */
#define  PCI_IO_RANGE_TYPE_MASK	0x0f
#define  PCI_IO_RANGE_TYPE_16	0x00
#define  PCI_IO_RANGE_TYPE_32	0x01
#define  PCI_IO_RANGE_MASK	(~0x0fUL)	/* 4 KiB granularity */
#define PCI_SEC_STATUS		0x1e	/* 16 bits */
#define PCI_MEMORY_BASE		0x20	/* 16 bits */
#define PCI_MEMORY_LIMIT	0x22	/* 16 bits */
#define  PCI_MEMORY_RANGE_MASK	(~0x0fUL)	/* 1 MiB granularity */
#define PCI_PREF_MEMORY_BASE	0x24	/* 16 bits */
#define PCI_PREF_MEMORY_LIMIT	0x26	/* 16 bits */
#define  PCI_PREF_RANGE_TYPE_MASK 0x0f
#define  PCI_PREF_RANGE_TYPE_32	0x00
#define  PCI_PREF_RANGE_TYPE_64	0x01
#define  PCI_PREF_RANGE_MASK	(~0x0fUL)
#define PCI_PREF_BASE_UPPER32	0x28	/* 32 bits */
#define PCI_PREF_LIMIT_UPPER32	0x2c	/* 32 bits */
#define PCI_IO_BASE_UPPER16	0x30	/* 16 bits */
#define PCI_IO_LIMIT_UPPER16	0x32	/* 16 bits */
#define PCI_ROM_ADDRESS1	0x38	/* 32 bits: type 1 expansion ROM */
#define PCI_BRIDGE_CONTROL	0x3e	/* 16 bits */
#define  PCI_BRIDGE_CTL_PARITY	0x01
#define  PCI_BRIDGE_CTL_SERR	0x02
#define  PCI_BRIDGE_CTL_ISA	0x04
#define  PCI_BRIDGE_CTL_VGA	0x08
#define  PCI_BRIDGE_CTL_BUS_RESET 0x40

/* Class codes (base << 8 | sub) */
#define PCI_CLASS_STORAGE_IDE		0x0101
#define PCI_CLASS_DISPLAY_VGA		0x0300
#define PCI_CLASS_BRIDGE_HOST		0x0600
#define PCI_CLASS_BRIDGE_ISA		0x0601
#define PCI_CLASS_BRIDGE_OTHER		0x0680
#define PCI_CLASS_BRIDGE_PCI		0x0604
#define PCI_CLASS_SERIAL_USB		0x0c03
#define PCI_CLASS_SERIAL_SMBUS		0x0c05

/* Standard capability IDs */
#define PCI_CAP_LIST_ID		0	/* 8 bits: capability ID */
#define PCI_CAP_LIST_NEXT	1	/* 8 bits: next pointer */
#define PCI_CAP_FLAGS		2	/* 16 bits: capability-defined */
#define PCI_CAP_ID_PM		0x01	/* power management */
#define PCI_CAP_ID_AGP		0x02
#define PCI_CAP_ID_VPD		0x03
#define PCI_CAP_ID_SLOTID	0x04
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_CHSWP	0x06
#define PCI_CAP_ID_PCIX		0x07
#define PCI_CAP_ID_HT		0x08
#define PCI_CAP_ID_VNDR		0x09	/* vendor specific */
#define PCI_CAP_ID_DBG		0x0a
#define PCI_CAP_ID_CCRC		0x0b
#define PCI_CAP_ID_SHPC		0x0c
#define PCI_CAP_ID_SSVID	0x0d	/* bridge subsystem vendor/device */
#define PCI_CAP_ID_AGP3		0x0e
#define PCI_CAP_ID_SECDEV	0x0f
#define PCI_CAP_ID_EXP		0x10	/* PCI Express */
#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_SATA		0x12
#define PCI_CAP_ID_AF		0x13
#define PCI_CAP_ID_EA		0x14
#define PCI_CAP_ID_MAX		PCI_CAP_ID_EA
#define PCI_STD_HEADER_SIZEOF	64
#define PCI_CFG_SPACE_SIZE	256
#define PCI_CFG_SPACE_EXP_SIZE	4096

/* MSI */
#define PCI_MSI_FLAGS		0x02	/* 16 bits */
#define  PCI_MSI_FLAGS_ENABLE	0x0001
#define  PCI_MSI_FLAGS_QMASK	0x000e
#define  PCI_MSI_FLAGS_QSIZE	0x0070
#define  PCI_MSI_FLAGS_64BIT	0x0080
#define  PCI_MSI_FLAGS_MASKBIT	0x0100

/* MSI-X */
#define PCI_MSIX_FLAGS		0x02	/* 16 bits: message control */
#define  PCI_MSIX_FLAGS_QSIZE	0x07ff	/* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL	0x4000	/* function mask */
#define  PCI_MSIX_FLAGS_ENABLE	0x8000	/* MSI-X enable */
#define PCI_MSIX_TABLE		0x04	/* 32 bits: table offset | BIR */
#define  PCI_MSIX_TABLE_BIR	0x00000007
#define  PCI_MSIX_TABLE_OFFSET	0xfffffff8
#define PCI_MSIX_PBA		0x08	/* 32 bits: PBA offset | BIR */
#define  PCI_MSIX_PBA_BIR	0x00000007
#define  PCI_MSIX_PBA_OFFSET	0xfffffff8
#define PCI_CAP_MSIX_SIZEOF	12
/* MSI-X table entry (16 bytes each, in memory space) */
#define PCI_MSIX_ENTRY_SIZE		16
#define PCI_MSIX_ENTRY_LOWER_ADDR	0x0	/* 32 bits */
#define PCI_MSIX_ENTRY_UPPER_ADDR	0x4	/* 32 bits */
#define PCI_MSIX_ENTRY_DATA		0x8	/* 32 bits */
#define PCI_MSIX_ENTRY_VECTOR_CTRL	0xc	/* 32 bits */
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT	0x00000001

/* Vendor-specific capability */
#define PCI_CAP_VNDR_LEN	2	/* 8 bits: length of this capability */

/* PCI Express capability */
#define PCI_EXP_FLAGS		0x02	/* 16 bits */
#define  PCI_EXP_FLAGS_VERS	0x000f
#define  PCI_EXP_FLAGS_TYPE	0x00f0	/* device/port type */
#define   PCI_EXP_TYPE_ENDPOINT	0x0
#define   PCI_EXP_TYPE_LEG_END	0x1
#define   PCI_EXP_TYPE_ROOT_PORT 0x4
#define   PCI_EXP_TYPE_UPSTREAM	0x5
#define   PCI_EXP_TYPE_DOWNSTREAM 0x6
#define   PCI_EXP_TYPE_PCI_BRIDGE 0x7	/* PCIe to PCI/PCI-X bridge */
#define   PCI_EXP_TYPE_PCIE_BRIDGE 0x8	/* PCI/PCI-X to PCIe bridge */
#define   PCI_EXP_TYPE_RC_END	0x9
#define   PCI_EXP_TYPE_RC_EC	0xa
#define  PCI_EXP_FLAGS_SLOT	0x0100	/* slot implemented */
#define PCI_EXP_DEVCAP		0x04	/* 32 bits */
#define PCI_EXP_DEVCTL		0x08	/* 16 bits */
#define PCI_EXP_LNKCAP		0x0c	/* 32 bits */
#define PCI_EXP_SLTCAP		0x14	/* 32 bits */
#define  PCI_EXP_SLTCAP_HPC	0x00000040	/* hot-plug capable */
#define PCI_EXP_SLTCTL		0x18	/* 16 bits */
#define PCI_EXP_SLTSTA		0x1a	/* 16 bits */

/* Extended capabilities (PCIe, offset 0x100 and up; ECAM only) */
#define PCI_EXT_CAP_ID(header)		((header) & 0x0000ffff)
#define PCI_EXT_CAP_VER(header)		(((header) >> 16) & 0xf)
#define PCI_EXT_CAP_NEXT(header)	(((header) >> 20) & 0xffc)
#define PCI_EXT_CAP_ID_ERR	0x01	/* advanced error reporting */
#define PCI_EXT_CAP_ID_VC	0x02
#define PCI_EXT_CAP_ID_DSN	0x03	/* device serial number */
#define PCI_EXT_CAP_ID_PWR	0x04
#define PCI_EXT_CAP_ID_VNDR	0x0b
#define PCI_EXT_CAP_ID_ACS	0x0d
#define PCI_EXT_CAP_ID_ARI	0x0e
#define PCI_EXT_CAP_ID_ATS	0x0f
#define PCI_EXT_CAP_ID_SRIOV	0x10
#define PCI_EXT_CAP_ID_LTR	0x18
#define PCI_EXT_CAP_ID_SECPCI	0x19
#define PCI_EXT_CAP_ID_PASID	0x1b
#define PCI_EXT_CAP_ID_DVSEC	0x23
#define PCI_EXT_CAP_ID_MAX	PCI_EXT_CAP_ID_DVSEC

#endif
