/* PCI enumeration and resource allocation: probe into a device table, plan (pure data), apply. */
#ifndef VMFW_PCI_H
#define VMFW_PCI_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct hw, struct pci_cfg_ops */

/* Fixed table sizes: more functions or scanned buses are logged and left unconfigured. */
#define PCI_MAX_DEVS	256
#define PCI_MAX_BUSES	64
#define PCI_MAX_DEPTH	16	/* bridges nested deeper are not scanned */
#define PCI_NUM_BARS	7	/* BAR0..BAR5 and the expansion ROM */
#define PCI_ROM_SLOT	6	/* index of the expansion ROM in pci_dev.bar[] */

/* Bridge window granularity (PCI-PCI Bridge 1.2, 3.2.5.6 and 3.2.5.8). */
#define PCI_IO_WIN_GRAN		0x1000
#define PCI_MEM_WIN_GRAN	0x100000

/* 64-bit prefetchable BARs this large go above 4 GiB even when the 32-bit hole has room. */
#define PCI_HIGH_BAR_MIN	0x10000000ull	/* 256 MiB */

/* Hotplug defaults for a hotplug-capable bridge with no (or partial) QEMU reserve capability. */
#define PCI_HP_BUS_DEFAULT	0		/* extra bus numbers beyond the secondary bus */
#define PCI_HP_IO_DEFAULT	0		/* I/O is scarce: none unless advertised */
#define PCI_HP_MEM_DEFAULT	0x200000ull	/* 2 MiB non-prefetchable */
#define PCI_HP_PREF_DEFAULT	0x200000ull	/* 2 MiB prefetchable */

/* QEMU's Red Hat vendor-specific "resource reserve" capability on its bridges. */
#define PCI_VENDOR_ID_REDHAT		0x1b36
#define REDHAT_CAP_TYPE			3	/* 8 bits: capability type */
#define  REDHAT_CAP_RESOURCE_RESERVE	1
#define REDHAT_CAP_RES_BUS		4	/* 32 bits: extra bus numbers to reserve */
#define REDHAT_CAP_RES_IO		8	/* 64 bits: I/O window size */
#define REDHAT_CAP_RES_MEM		0x10	/* 32 bits: non-prefetchable window size */
#define REDHAT_CAP_RES_PREF32		0x14	/* 32 bits: prefetchable window (32-bit) */
#define REDHAT_CAP_RES_PREF64		0x18	/* 64 bits: prefetchable window (64-bit) */
#define REDHAT_CAP_RES_SIZEOF		0x20	/* every field all-ones = "not set" */

enum pci_chipset {
	PCI_CHIPSET_NONE = 0,
	PCI_CHIPSET_I440FX,	/* PIIX3 ISA bridge at 00:01.0: PIRQA-D */
	PCI_CHIPSET_Q35,	/* ICH9 LPC at 00:1f.0: PIRQA-H; MCH PCIEXBAR */
};

/*
 * The machine as the allocator sees it. Every *_end is EXCLUSIVE (io_end 0x10000 for
 * ports 0xc000-0xffff). mem64_end == mem64_start means "no 64-bit window".
 * pci_platform_init() fills this from the memory map; the allocator clips the 32-bit
 * hole below the IOAPIC (0xfec00000) and away from ECAM in any case.
 */
struct pci_platform {
	enum pci_chipset chipset;
	uint32_t io_start, io_end;
	uint64_t mem32_start, mem32_end;
	uint64_t mem64_start, mem64_end;
	uint64_t ecam_base, ecam_size;	/* q35; 0 when there is no ECAM */
	/* Hotplug-capable bridges get the PCI_HP_*_DEFAULT windows for what no QEMU reserve
	 * capability sets (true after pci_platform_init; the variant's hotplug_reserve). A
	 * capability's explicit values apply either way: the host asked for them. */
	bool hotplug_defaults;
};

/*
 * Fills plat: I/O 0xc000-0xffff; the 32-bit hole from max(ram_below_4g rounded up to
 * 256 MiB, 2 GiB) to 0xfec00000, and on q35 the larger part of it beside ECAM; the 64-bit
 * window from max(4 GiB, ram_end, reserved_memory_end) rounded up to 1 GiB, to
 * 1 << phys_bits (no 64-bit window when that leaves nothing or phys_bits < 36).
 */
void pci_platform_init(struct pci_platform *plat, enum pci_chipset chipset,
		       uint64_t ram_below_4g, uint64_t ram_end, uint64_t reserved_memory_end,
		       unsigned phys_bits, uint64_t ecam_base, uint64_t ecam_size);

/* A range of addresses; size 0 = none. */
struct pci_range {
	uint64_t base;
	uint64_t size;
};

enum pci_bar_kind {
	PCI_BAR_NONE = 0,	/* not implemented */
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM64,		/* occupies this BAR and the next */
	PCI_BAR_ROM,		/* expansion ROM (32-bit memory, left disabled) */
};

/* Why a BAR is not assigned (pci_bar.why; PCI_WHY_NONE when assigned or absent). */
enum pci_why {
	PCI_WHY_NONE = 0,
	PCI_WHY_SIZING,		/* "sizing nonsense": bits not contiguous, type bits moved... */
	PCI_WHY_READONLY,	/* "read-only BAR": decodes at a fixed address we cannot move */
	PCI_WHY_SPACE_OFF,	/* "decoding disabled": another BAR of this space is unusable */
	PCI_WHY_NO_IO,		/* "I/O space exhausted" */
	PCI_WHY_IO_SHED,	/* "I/O shed: device works through its memory BARs" */
	PCI_WHY_NO_MEM,		/* "32-bit memory exhausted" */
	PCI_WHY_NO_MEM64,	/* "64-bit window exhausted" */
	PCI_WHY_NO_WINDOW,	/* "upstream bridge lacks a window of this type" */
	PCI_WHY_TABLE,		/* "pci table full" */
};

struct pci_bar {
	uint64_t addr;		/* assigned address (0 when unassigned) */
	uint64_t size;		/* decoded size, a power of two; 0 when absent */
	uint8_t kind;		/* enum pci_bar_kind */
	uint8_t flags;		/* low type bits as read (PCI_BASE_ADDRESS_*) */
	bool pref;		/* prefetchable */
	bool assigned;
	uint8_t why;		/* enum pci_why */
	uint8_t space;		/* plan: 0 io, 1 below 4 GiB, 2 above 4 GiB (internal) */
};

/* Bridge windows (or, for the root bus, the spans actually used). */
struct pci_windows {
	struct pci_range io;
	struct pci_range mem;	/* non-prefetchable, below 4 GiB (root: all used below 4 GiB) */
	struct pci_range pref;	/* prefetchable (root: all used above 4 GiB) */
	bool pref_high;		/* pref lies above 4 GiB (root: always true) */
};

/* Bridge reservation: from the QEMU capability, the hotplug default, or none. */
struct pci_reserve {
	uint32_t bus;		/* extra bus numbers beyond the secondary bus */
	uint64_t io, mem, pref;
	bool pref64;		/* the capability asked for a 64-bit prefetchable reservation */
	bool from_cap;		/* QEMU resource-reserve capability present */
	bool hotplug;		/* hotplug-capable slot (PCIe HPC or SHPC) */
};

struct pci_dev {
	uint16_t bdf;
	uint16_t vendor, device;
	uint32_t class;		/* base << 16 | sub << 8 | prog-if */
	uint8_t revision;
	uint8_t header_type;	/* without the multifunction bit */
	bool multifunction;
	bool is_bridge;		/* type 1 header */
	bool is_pcie;		/* has a PCI Express capability */
	uint8_t pcie_type;	/* PCI_EXP_TYPE_* when is_pcie */
	bool broken;		/* misbehaving: left disabled (see log) */
	int16_t parent;		/* index of the upstream bridge; -1 on bus 0 */
	uint8_t depth;		/* bridges above this function */
	/* bridges */
	uint8_t primary, secondary, subordinate;
	bool has_io_win, io32, has_pref_win, pref64;
	struct pci_reserve res;
	struct pci_windows win;	/* as programmed (size 0 = window closed) */
	/* resources */
	struct pci_bar bar[PCI_NUM_BARS];
	uint8_t irq_pin;	/* 1 = INTA ... 4 = INTD, 0 = none */
	uint8_t irq_line;	/* ISA IRQ routed; 0xff = none */
	uint8_t pirq;		/* chipset PIRQ 0..7 (A..H); 0xff = none */
	uint16_t command;	/* command register as left by pci_apply */
	/* plan state (internal) */
	bool io_off, mem_off;	/* the whole I/O / memory space of the function is disabled */
	bool drop_res_io, drop_res_mem, drop_res_pref;
	bool high;		/* bridge: prefetchable window goes above 4 GiB */
	uint64_t wsize[3], walign[3];	/* bridge window sizes: 0 io, 1 mem, 2 pref */
	uint16_t quirks;	/* PCI_QUIRK_* from the device table */
};

/* Device table flags (pci_chipset.c). */
#define PCI_QUIRK_NO_BARS	0x0001	/* host bridges: never size BARs */
#define PCI_QUIRK_PIRQ_PIIX	0x0002	/* PIIX3 ISA bridge: PIRQA-D at 0x60-0x63 */
#define PCI_QUIRK_PIRQ_ICH9	0x0004	/* ICH9 LPC: PIRQA-D 0x60-0x63, PIRQE-H 0x68-0x6b */

/*
 * Whole flow: probe, plan, apply, command bits, INTx routing and ELCR, inventory.
 * Returns 0, or minus the number of problems found (each one logged at ERROR or WARN
 * and reported in the inventory). Never dies for device misbehaviour.
 */
int pci_setup(const struct hw *hw, const struct pci_platform *plat);

/* The three phases, for tests and the boot flow. Each returns the problems it found (>= 0). */
int pci_probe(const struct pci_cfg_ops *cfg, bool hotplug_defaults);		/* bus numbers, BAR sizes, device table */
int pci_plan(const struct pci_platform *plat);		/* pure data: addresses and windows */
void pci_apply(const struct pci_cfg_ops *cfg);		/* BARs, windows, command registers */
int pci_route_irqs(const struct hw *hw, const struct pci_platform *plat);
void pci_report(int problems);				/* inventory records */

/* Programs the q35 MCH PCIEXBAR (00:00.0 offset 0x60, 64 bits): base, length, enable. */
void pci_q35_enable_ecam(const struct pci_cfg_ops *cf8, uint64_t base, uint64_t size);
#define Q35_MCH_PCIEXBAR		0x60	/* 64 bits */
#define  Q35_PCIEXBAR_EN		0x1
#define  Q35_PCIEXBAR_LEN_256M		(0 << 1)
#define  Q35_PCIEXBAR_LEN_128M		(1 << 1)
#define  Q35_PCIEXBAR_LEN_64M		(2 << 1)

/*
 * Results for later stages (capabilities/MSI-X, ACPI _CRS/_PRT).
 * pci_root_windows(): the spans the root-bus resources actually occupy (io, mem = below
 * 4 GiB, pref = above 4 GiB; size 0 = nothing there). For a DSDT _CRS that lets the OS
 * add hotplug windows and claim chipset ports (PIIX4 SMBus 0xb100, ...), declare at least
 * these spans; QEMU's own DSDT declares I/O 0x0000-0x0cf7 and 0x0d00-0xffff.
 */
const struct pci_dev *pci_devices(unsigned *count);
const struct pci_windows *pci_root_windows(void);
/* Index of the function at bdf in pci_devices(), -1 when absent. */
int pci_find(uint16_t bdf);
/* ISA IRQ the chipset routes PIRQ n (0..7) to, 0xff when unrouted. */
uint8_t pci_pirq_irq(unsigned pirq);

/*
 * Inventory records of one function: "pci", and "pci-bridge" for a bridge. table is the
 * array d->parent indexes; unassigned_reason replaces pci_why_str() for unassigned BARs
 * when not NULL (the UEFI verifier: "left unassigned by the platform firmware").
 * Returns the number of unassigned BARs. pci_inv_range() writes {"base","limit","size"}.
 */
unsigned pci_report_function(const struct pci_dev *d, const struct pci_dev *table,
			     const char *unassigned_reason);
void pci_inv_range(const char *key, const struct pci_range *r);

/* Short text for enum pci_why (inventory "reason"). */
const char *pci_why_str(unsigned why);

#endif
