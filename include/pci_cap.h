/* PCI capability walks: the standard list (from 0x34) and the PCIe extended list (from 0x100). */
#ifndef VMFW_PCI_CAP_H
#define VMFW_PCI_CAP_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pci_cfg_ops */
#include "pci_regs.h"	/* PCI_CFG_SPACE_SIZE, PCI_CFG_SPACE_EXP_SIZE */

/*
 * Walk limits. The standard list lives in 0x40..0xff and a capability takes at least one
 * dword, so 48 steps cover every loop-free list; the extended list lives in 0x100..0xfff
 * and a capability takes at least two dwords (header + one register).
 */
#define PCI_CAP_STD_MAX_STEPS	48
#define PCI_CAP_EXT_MAX_STEPS	((PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8)	/* 480 */

/* Storage in struct pci_cap_list; a longer list is cut ("list full") and logged. */
#define PCI_CAP_STD_MAX		48
#define PCI_CAP_EXT_MAX		64

/* One capability as found. For a standard capability id is the 8-bit ID and version 0. */
struct pci_cap {
	uint16_t off;		/* config-space offset of the capability header */
	uint16_t id;		/* PCI_CAP_ID_* or PCI_EXT_CAP_ID_* */
	uint8_t version;	/* extended capabilities: PCI_EXT_CAP_VER */
	bool ext;		/* true for the extended list */
};

/* Why a walk stopped before a regular end (next pointer 0). */
enum pci_cap_cut {
	PCI_CAP_CUT_NONE = 0,
	PCI_CAP_CUT_LOOP,	/* "loop": a pointer revisits a capability */
	PCI_CAP_CUT_STEPS,	/* "too many steps": step limit reached */
	PCI_CAP_CUT_HEADER,	/* "pointer into header": below 0x40 (std) or 0x100 (ext) */
	PCI_CAP_CUT_ID_FF,	/* "id 0xff": capability ID reads 0xff (function gone or broken) */
	PCI_CAP_CUT_EXT_ZERO,	/* "zero header": a next pointer leads to a 0 extended header */
	PCI_CAP_CUT_EXT_ONES,	/* "all-ones header": a next pointer leads to 0xffffffff */
	PCI_CAP_CUT_FULL,	/* "list full": more capabilities than struct pci_cap_list holds */
};

struct pci_cap_list {
	uint8_t n_std;
	uint8_t n_ext;
	uint8_t std_cut;	/* enum pci_cap_cut; PCI_CAP_CUT_NONE when the list ended normally */
	uint8_t ext_cut;
	uint16_t std_cut_at;	/* offset (after alignment) where the walk stopped */
	uint16_t ext_cut_at;
	bool ext_walked;	/* false when cfg_size is 256: the extended list was not read */
	struct pci_cap std[PCI_CAP_STD_MAX];
	struct pci_cap ext[PCI_CAP_EXT_MAX];
};

/* Called once per capability found, in list order (standard list first). */
typedef void (*pci_cap_fn)(void *arg, uint16_t bdf, const struct pci_cap *cap);

/*
 * Walks both lists of function bdf: the standard list when PCI_STATUS_CAP_LIST is set,
 * the extended list only when cfg->cfg_size is 4096. A zero or all-ones header at 0x100
 * means "no extended capabilities" (conventional function behind ECAM) and is not a cut.
 * A walk cut short logs WARN "BB:DD.F: capability list cut short: <reason>" and sets
 * std_cut / ext_cut. fn may be NULL. Returns the number of capabilities recorded.
 */
int pci_cap_walk_cb(const struct pci_cfg_ops *cfg, uint16_t bdf, struct pci_cap_list *out,
		    pci_cap_fn fn, void *arg);
static inline int pci_cap_walk(const struct pci_cfg_ops *cfg, uint16_t bdf, struct pci_cap_list *out)
{ return pci_cap_walk_cb(cfg, bdf, out, 0, 0); }

/* Offset of the first standard capability with this ID, 0 when absent. */
uint16_t pci_cap_find(const struct pci_cap_list *list, uint8_t id);
/* Offset of the first standard capability with this ID after offset `after`, 0 when none. */
uint16_t pci_cap_find_next(const struct pci_cap_list *list, uint8_t id, uint16_t after);
/* Offset of the first extended capability with this ID, 0 when absent. */
uint16_t pci_cap_find_ext(const struct pci_cap_list *list, uint16_t ext_id);

/* Short names for the inventory ("msix", "exp", "aer"...); "unknown" when unnamed. */
const char *pci_cap_name(uint16_t id, bool ext);
/* "loop", "too many steps", ...; "" for PCI_CAP_CUT_NONE. */
const char *pci_cap_cut_str(enum pci_cap_cut cut);

/*
 * Inventory record:
 * {"type":"capability","bdf":"BB:DD.F","caps":[{"id":"0x11","name":"msix","off":"0x98"},...],
 *  "ext":[{"id":"0x1","name":"aer","off":"0x100","ver":1},...],
 *  "cut":"loop at 0x48","ext_cut":"..."}   (cut keys only when a walk was cut short)
 */
void pci_cap_report(uint16_t bdf, const struct pci_cap_list *list);

/*
 * What the PCI allocator assigned to one BAR, as capability users (MSI-X, virtio) need it.
 * For a 64-bit BAR the entry of the lower index describes the whole BAR and the upper
 * index is left unassigned.
 */
#define PCI_BAR_RES_COUNT 6
struct pci_bar_res {
	uint64_t base;		/* bus/physical address */
	uint64_t size;
	bool is_mem;		/* memory BAR (false: I/O BAR) */
	bool assigned;		/* the allocator gave it an address and it is decoded */
};

/*
 * Checks that [off, off + len) of BAR bir lies wholly inside an assigned memory BAR.
 * On success stores the address in *addr and returns NULL; else returns a short reason
 * ("BIR out of range", "BAR unassigned", "I/O BAR", "outside BAR").
 */
const char *pci_bar_res_range(const struct pci_bar_res bars[PCI_BAR_RES_COUNT], unsigned bir,
			      uint64_t off, uint64_t len, uint64_t *addr);

#endif
