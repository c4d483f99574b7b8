/* Read-only PCI verifier: for a firmware that did not place the BARs itself (UEFI under OVMF). */
#ifndef VMFW_PCI_VERIFY_H
#define VMFW_PCI_VERIFY_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pci_cfg_ops */
#include "pci.h"	/* struct pci_dev, struct pci_windows */

/* Problems kept as text for the "pci-verify" record (more are counted, not listed). */
#define PCI_VERIFY_MAX_NOTES	8
#define PCI_VERIFY_NOTE_LEN	96

/*
 * What the verifier may do besides reading.
 * size_bars: size every BAR (and expansion ROM) the usual way: write all-ones, read, write
 *   the saved value back. While one function is being sized its I/O and memory decoding are
 *   off (command register saved and restored), so no access can hit a half-written BAR;
 *   quiesce(arg, true/false) brackets each function (UEFI: raise/restore the TPL so no timer
 *   callback of the platform firmware runs in between). Host bridges are never sized.
 *   With size_bars false the verifier writes nothing: BAR sizes stay 0 and only addresses
 *   are reported and compared (overlap checks then need sizes and are skipped).
 * ecam_base/ecam_size: a memory BAR or window overlapping this range is a problem.
 * clear_stale_rom (needs size_bars): a disabled expansion ROM whose register still holds its
 *   own size mask (0xfffc0000 for 256 KiB: left over from the platform firmware's sizing, seen
 *   with OVMF) is not a placement; it is reported unassigned, and with this flag set to 0 so
 *   the OS does not try to claim an address outside every bridge window. Nothing else is written.
 */
struct pci_verify_opts {
	bool size_bars;
	bool clear_stale_rom;
	uint64_t ecam_base, ecam_size;
	void (*quiesce)(void *arg, bool begin);
	void *arg;
};

struct pci_verify_result {
	unsigned functions, bridges, last_bus;
	unsigned bars;			/* implemented BARs and ROMs */
	unsigned unassigned;		/* implemented, address 0: the platform firmware left it */
	unsigned overlaps;		/* pairs of programmed ranges of one space that intersect */
	unsigned outside_window;	/* BARs / windows not inside the upstream bridge's windows */
	unsigned bus_errors;		/* secondary/subordinate numbers that are not nested */
	unsigned size_errors;		/* sizing gave a mask that is not a power of two */
	unsigned ecam_overlaps;
	unsigned stale_roms;		/* disabled ROMs holding their size mask (not counted as problems) */
	unsigned problems;		/* sum of the above error counts */
	bool sized;
	struct pci_windows root;	/* spans used on the root bus: io, mem (below 4 GiB), pref (above) */
	unsigned nnotes;
	char notes[PCI_VERIFY_MAX_NOTES][PCI_VERIFY_NOTE_LEN];
};

/*
 * Walks bus 0 and every bus behind a bridge as its secondary/subordinate registers say
 * (depth-first, each bus once, at most PCI_MAX_DEPTH bridges deep); reads vendor, device,
 * class, header type, bridge bus numbers and windows, BAR addresses (and sizes, see opts);
 * checks bus nesting, overlaps between BARs of one space, BARs and bridge windows inside
 * the upstream bridge's windows, and memory ranges against ECAM. Every problem is logged
 * (ERROR) with the function's bb:dd.f. Returns the number of problems (0 = consistent).
 * Never writes anything when opts->size_bars is false (see pci_verify_opts for what it writes).
 */
int pci_verify(const struct pci_cfg_ops *cfg, const struct pci_verify_opts *opts,
	       struct pci_verify_result *out);

/* The functions found by the last pci_verify(), in scan order (parent indexes into this table). */
const struct pci_dev *pci_verify_devices(unsigned *count);

/*
 * Inventory: one "pci" record per function and one "pci-bridge" per bridge, the same shape
 * as pci_report() writes (a BAR the platform firmware left at 0 is "unassigned" with reason
 * "left unassigned by the platform firmware"), a "pci-summary" with the root spans, then
 * {"type":"pci-verify","mode":"read-only","sized":true,"functions":7,"bars":9,"unassigned":0,
 *  "overlaps":0,"outside_window":0,"bus_errors":0,"size_errors":0,"ecam_overlaps":0,
 *  "problems":0,"notes":["..."]}
 */
void pci_verify_report(const struct pci_verify_result *r);

#endif
